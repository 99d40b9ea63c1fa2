/* What the files of src/store/sync/ share and nobody else uses: one side's
 * changes since the two sides parted, the user's choices and what of them
 * was used, and the functions one file of the sync calls in another. Not a
 * public API (see include/isms/sync.h for that): libgit2 types stay inside
 * the store. */
#ifndef ISMS_SYNC_PRIVATE_H
#define ISMS_SYNC_PRIVATE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include "isms/repo.h"
#include "isms/store.h"
#include "isms/sync.h"
#include "../private.h"

/* One path's state on one side after the sides parted. */
struct change {
	const char *path;  /* owned by the diff */
	char how;          /* 'A', 'M', 'D' */
	git_oid id;        /* the new blob (zero when deleted) */
	git_filemode_t mode;
};

struct changes {
	git_diff *diff;
	struct change *items;
	size_t count;
};

/* A tag of ours to be replaced by the remote's (--theirs TAG). */
struct tag_take {
	char *name;  /* "approved/POL-002/v1.0" */
	git_oid ours, theirs;
};

/* What the user asked for and what of it was used. */
struct plan {
	const struct isms_sync_opts *opts;
	bool *used;           /* per opts->choices */
	bool *used_renumber;  /* per opts->renumber */
	struct tag_take *takes;
	size_t take_count, take_cap;
};

/* sides.c */

/* The paths that differ from `base` to `side`, sorted by path. */
int sync_changes_between(struct changes *out, git_repository *git, git_tree *base, git_tree *side);
void sync_changes_free(struct changes *c);
const struct change *sync_find_change(const struct changes *c, const char *path);
/* The record ID of `path` ("policies/POL-001.yaml" -> "POL-001"), or NULL
 * for a file that is not a record. The caller frees. */
char *sync_record_id(const char *path);
/* Whether `path` is a record's file. */
bool sync_record_id_is(const char *path);
/* Who changed `path` last on one side: the newest commit reachable from
 * `tip` and not from `base` that changed it. */
void sync_describe_change(struct isms_sync_change *out, const struct change *c,
			  struct isms_repo *repo, const git_oid *tip, const git_oid *base);
/* Note every YAML file that came in and cannot be parsed. */
void sync_check_incoming(struct isms_sync_result *out, git_repository *git, const struct change *c);
/* Count a file taken from their side in what came in. */
void sync_count_in(struct isms_sync_result *out, const struct change *c);
int sync_commit_tree(git_tree **out, git_repository *git, const git_oid *commit);

/* remote.c */

/* The remote-tracking branch `branch` (refs/heads/NAME) is fetched to;
 * the caller frees. */
char *sync_tracking_ref(git_config *cfg, const char *remote, const char *branch);
/* Whether `name` is a remote with an address in the configuration. */
bool sync_remote_exists(git_config *cfg, const char *name);
/* Run git for fetch or push, with the user's terminal. */
int sync_run_git(struct isms_repo *repo, const char *const *args, const char *what,
		 const char *advice);
/* The remote to use: the one named, the branch's upstream, or origin. */
char *sync_remote_name(struct isms_repo *repo, const char *given, const char *branch);
/* Fetch the remote's branches and tags into refs/isms/, then set the
 * remote-tracking branch from there and take the tags we lack. */
int sync_fetch(struct isms_sync_result *out, struct plan *p, struct isms_repo *repo,
	       const char *branch_ref, const char *tracking);

/* checkout.c */

/* Move the branch from `from` to `to` (compare-and-swap) and the working
 * tree with it; on failure the branch is put back. */
int sync_advance(struct isms_repo *repo, const char *branch, const git_oid *from,
		 const git_oid *to, git_tree *old_tree, git_tree *new_tree, const char *why);

/* merge.c */

/* The choice made for `path` (record `id`, may be NULL), or NULL. */
const struct isms_sync_choice *sync_choice_for(const struct isms_sync_opts *opts, bool *used,
					       const char *path, const char *id);
void sync_add_update(git_tree_update **updates, size_t *count, size_t *cap,
		     const struct change *c);
/* Take their change `t` into the merge. */
void sync_take_theirs(git_tree_update **updates, size_t *count, size_t *cap,
		      struct isms_sync_result *out, git_repository *git, const struct change *t);
void sync_add_trailer(char ***trailers, size_t *count, char *trailer);
/* A conflict for `path`, added to out->conflicts and cleared. */
struct isms_sync_conflict *sync_add_conflict(struct isms_sync_result *out,
					     enum isms_sync_conflict_kind kind, const char *path);
/* Both sides have new commits: merge them record by record. */
int sync_merge(struct isms_sync_result *out, struct isms_repo *repo, const char *branch,
	       const git_oid *l, const git_oid *r, const git_oid *b, struct plan *p);

/* renumber.c */

/* The index in `opts->renumber` of `id`, marked used, or -1. */
long sync_renumber_index(const struct isms_sync_opts *opts, bool *used, const char *id);
/* Both sides added a different record as `id` at `path`: plan giving ours
 * the next number free on both sides. */
int sync_plan_renumbering(struct isms_sync_result *out, git_repository *git, const char *id,
			  const char *path, git_tree *mine, git_tree *their, const git_oid *r);
/* Write the renumbering into the merge. */
int sync_renumber_ours(git_tree_update **updates, size_t *count, size_t *cap,
		       struct isms_sync_result *out, git_repository *git,
		       const struct changes *ours, const struct changes *theirs,
		       const struct isms_sync_opts *opts, bool *used);

/* tags.c */

/* The remote's tags, fetched to refs/isms/remote-tags/REMOTE/, against
 * ours. */
int sync_merge_tags(struct isms_sync_result *out, struct plan *p, git_repository *git);
/* Replace our tags by the remote's as chosen; ours are kept under
 * refs/isms/replaced-tags/. */
int sync_take_tags(struct isms_sync_result *out, struct plan *p, git_repository *git);

#endif
