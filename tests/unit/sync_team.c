/* SPDX-License-Identifier: MIT */
/* A team for the sync tests: a shared bare repository and two clones, each
 * with its own author, and the checks the tests make on them. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "sync_team.h"

void sync_setup(void)
{
	th_pin_env();
	/* Each clone says who its author is in its own configuration. */
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
}

void identity(const char *dir, const char *name, const char *email)
{
	free(th_run(dir, "git config user.name '%s' && git config user.email '%s'", name, email));
}

struct team team_new(void)
{
	return team_new_via(NULL, NULL);
}

struct team team_new_via(const char *hub, const char *url)
{
	struct team t;
	char *out = NULL, *err = NULL;

	if (th_sh(NULL, "/", "git --version") != 0)
		cr_skip_test("git is not installed");
	t.top = th_tmpdir();
	t.a = isms_asprintf("%s/a", t.top);
	t.b = isms_asprintf("%s/b", t.top);
	t.hub = hub ? isms_strdup(hub) : isms_asprintf("%s/hub.git", t.top);
	t.url = isms_strdup(url ? url : "../hub.git");
	free(th_run(t.top, "git init -q a"));
	identity(t.a, "Alice", "alice@example.org");
	cr_assert_eq(th_isms(&out, &err, t.a, "init --org 'Test Org'"), 0, "%s", err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, t.a, "new policy --set title=Security"), 0, "%s", err);
	free(err);
	t.branch = th_run(t.a, "git symbolic-ref --short HEAD");
	t.branch[strcspn(t.branch, "\n")] = '\0';
	free(th_run(t.top, "git clone -q --bare a '%s'", t.hub));
	free(th_run(t.a, "git remote add origin '%s' && git fetch -q origin", t.url));
	free(th_run(t.top, "git clone -q '%s' b", url ? url : t.hub));
	identity(t.b, "Bob", "bob@example.org");
	return t;
}

void team_free(struct team *t)
{
	free(t->top);
	free(t->a);
	free(t->b);
	free(t->hub);
	free(t->url);
	free(t->branch);
}

/* The first line of the output of git ARG... (ARG: one word). */
char *git1(const char *dir, const char *command, const char *arg)
{
	char *out = th_run(dir, "git %s '%s'", command, arg);

	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* Run isms in `dir`; it must exit with `want`. Returns stdout and stderr together. */
char *isms_expect(int want, const char *dir, const char *args)
{
	char *out = NULL, *err = NULL, *both;
	int rc = th_isms(&out, &err, dir, "%s", args);

	both = isms_asprintf("%s%s", out, err);
	cr_assert_eq(rc, want, "isms %s exited %d, not %d:\n%s", args, rc, want, both);
	free(out);
	free(err);
	return both;
}

/* Run isms in `dir`: it must exit with `want` and say `needle`. */
void isms_says(int want, const char *dir, const char *args, const char *needle)
{
	char *out = isms_expect(want, dir, args);

	cr_assert(th_has(out, needle), "isms %s does not say '%s':\n%s", args, needle, out);
	free(out);
}

/* The file dir/rel must exist and hold `needle`. */
void file_says(const char *dir, const char *rel, const char *needle)
{
	char *text = th_read(dir, rel);

	cr_assert(th_has(text, needle), "%s does not hold '%s':\n%s", rel, needle, text);
	free(text);
}

/* The shell command `cmd` (git) in `dir` must succeed and say `needle`. */
void git_says(const char *dir, const char *cmd, const char *needle)
{
	char *out = th_run(dir, "%s", cmd);

	cr_assert(th_has(out, needle), "%s does not say '%s':\n%s", cmd, needle, out);
	free(out);
}

/* The shared repository's branch is where `dir`'s HEAD is. */
void pushed(const struct team *t, const char *dir)
{
	char *mine = git1(dir, "rev-parse", "HEAD"), *hub = git1(t->hub, "rev-parse", t->branch);

	cr_assert_str_eq(mine, hub, "the shared repository has the branch as here");
	free(mine);
	free(hub);
}

/* Nothing is left changed or staged in `dir`. */
void clean(const char *dir)
{
	char *out = th_run(dir, "git status --porcelain");

	cr_assert_str_eq(out, "", "the working tree and index follow the branch: %s", out);
	free(out);
}

/* Bob adds POL-002 and syncs it to the shared repository. */
void bob_adds_a_policy(const struct team *t)
{
	free(isms_expect(0, t->b, "new policy --set title=Access"));
	free(isms_expect(0, t->b, "sync"));
}

/* HEAD in `dir` is still `before` (freed). */
void unmoved(const char *dir, char *before)
{
	char *after = git1(dir, "rev-parse", "HEAD");

	cr_assert_str_eq(before, after, "the branch did not move");
}

void set_title(const char *dir, const char *id, const char *title)
{
	char *args = isms_asprintf("set %s 'title=%s'", id, title);

	free(isms_expect(0, dir, args));
	free(args);
}


/* isms set ID FIELD=VALUE in `dir` (VALUE in single quotes). */
void set_field(const char *dir, const char *id, const char *field, const char *value)
{
	char *args = isms_asprintf("set %s '%s=%s'", id, field, value);

	free(isms_expect(0, dir, args));
	free(args);
}
