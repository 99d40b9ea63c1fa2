/* SPDX-License-Identifier: MIT */
/* A team for the sync tests (sync_team.c): a shared bare repository and
 * two clones, each with its own author, and the checks made on them. */
#ifndef ISMS_TEST_SYNC_TEAM_H
#define ISMS_TEST_SYNC_TEAM_H

/* The suite's init: pinned environment, no author from it (each clone
 * says who its author is). */
void sync_setup(void);

/* Alice's clone (a), the shared bare repository (hub.git) and Bob's clone
 * (b), all holding POL-001, made by Alice. */
struct team {
	char *top, *a, *b, *hub, *branch;
	char *url;  /* the shared repository's address in a's and b's origin */
};

/* `dir`'s git author and committer. */
void identity(const char *dir, const char *name, const char *email);

/* A new team (skipped when git is missing). */
struct team team_new(void);
/* A new team whose shared repository is at `hub` (a path) and reached
 * through `url` (NULL, NULL: hub.git in the team's folder, as a path). */
struct team team_new_via(const char *hub, const char *url);

void team_free(struct team *t);

/* The first line of the output of git ARG... (ARG: one word). */
char *git1(const char *dir, const char *command, const char *arg);

/* Run isms in `dir`; it must exit with `want`. Returns stdout and stderr together. */
char *isms_expect(int want, const char *dir, const char *args);

/* Run isms in `dir`: it must exit with `want` and say `needle`. */
void isms_says(int want, const char *dir, const char *args, const char *needle);

/* The file dir/rel must exist and hold `needle`. */
void file_says(const char *dir, const char *rel, const char *needle);

/* The shell command `cmd` (git) in `dir` must succeed and say `needle`. */
void git_says(const char *dir, const char *cmd, const char *needle);

/* The shared repository's branch is where `dir`'s HEAD is. */
void pushed(const struct team *t, const char *dir);

/* Nothing is left changed or staged in `dir`. */
void clean(const char *dir);

/* Bob adds POL-002 and syncs it to the shared repository. */
void bob_adds_a_policy(const struct team *t);

/* HEAD in `dir` is still `before` (freed). */
void unmoved(const char *dir, char *before);

/* isms set ID title=TITLE in `dir`. */
void set_title(const char *dir, const char *id, const char *title);
/* isms set ID FIELD=VALUE in `dir` (VALUE in single quotes). */
void set_field(const char *dir, const char *id, const char *field, const char *value);

#endif
