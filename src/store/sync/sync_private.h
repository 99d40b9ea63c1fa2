/* SPDX-License-Identifier: MIT */
/* What the files of src/store/sync/ share and nobody else uses: one side's
 * changes since the two sides parted, the user's choices and what of them
 * was used, the context of one sync (struct merge_ctx) that every step reads
 * and writes, and the functions one file of the sync calls in another. Not
 * a public API (see include/isms/sync.h for that): libgit2 types stay
 * inside the store. */
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

/* A tag of the remote's to be created here (`ours` zero), or one of ours
 * to be replaced by the remote's (--theirs TAG). */
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

/* One sync under way. isms_sync_run sets up the store, the repository, the
 * result and the plan, sync_resolve_remote the two branches' names; the
 * sides' commits are read under the save lock (sync.c); the trees and
 * changes are read by a merge or a fast-forward, which gather the tree
 * updates and trailers here. Everything is freed by merge_ctx_dispose. */
struct merge_ctx {
	struct isms_store *store;
	struct isms_repo *repo;
	git_repository *git;           /* repo's libgit2 handle */
	struct isms_sync_result *out;  /* what is found and done: conflicts, renumbered, counts */
	struct plan plan;
	char *branch_ref;              /* "refs/heads/main" */
	bool by_address;               /* the remote was given as an address, not a name */
	char *location;                /* what git is given: the name, or the address (which
					  out->remote shows without a password) */
	char *folder;                  /* its folder under refs/isms/remote-heads/ and
					  remote-tags/: "origin", "team%2Fhub", "url-..." */
	char *remote_branch;           /* the remote's branch merged: "refs/heads/main" */
	char *fetched;                 /* where that was fetched to */
	char *push_to;                 /* the remote's branch pushed to */
	char *tracking;                /* the remote-tracking branch: "refs/remotes/origin/main"
					  (for an address, `fetched`) */
	git_oid ours_commit, theirs_commit, base_commit;  /* base: where the sides parted */
	git_tree *base_tree, *ours_tree, *theirs_tree;
	struct changes ours, theirs;   /* each side's changes since the base */
	git_tree_update *updates;      /* bringing ours_tree to the merged tree */
	size_t update_count, update_cap;
	char **trailers;               /* the merge commit's */
	size_t trailer_count;
	struct isms_txn *txn;          /* the write transaction the sync runs in */
};

/* sides.c */

/* The paths that differ from `base` to `side`, sorted by path. */
int sync_changes_between(struct changes *out, git_repository *git, git_tree *base, git_tree *side);
/* Free what `c` holds and empty it; NULL is fine. */
void sync_changes_free(struct changes *c);
const struct change *sync_find_change(const struct changes *c, const char *path);
/* The record ID of `path` ("policies/POL-001.yaml" -> "POL-001"), or NULL
 * for a file that is not a record. The caller frees. */
char *sync_record_id(const char *path);
/* Whether `path` is a record's file. */
bool sync_record_id_is(const char *path);
/* Who changed `c`'s path last on `side`: the newest commit of that side
 * since the base that changed it. */
void sync_describe_change(struct isms_sync_change *out, const struct merge_ctx *ctx,
			  const struct change *c, enum isms_sync_side side);
/* Note `c` in ctx->out->unreadable when it is a YAML file that came in and
 * cannot be parsed. */
void sync_check_incoming(struct merge_ctx *ctx, const struct change *c);
/* Count a file taken from their side in what came in. */
void sync_count_in(struct isms_sync_result *out, const struct change *c);
/* The tree of `commit`; the caller frees. */
int sync_commit_tree(git_tree **out, git_repository *git, const git_oid *commit);

/* remote.c */

/* The remote to use (the one named or the address given in the options,
 * the branch's upstream, or origin) into ctx->out->remote, and the
 * branches and refs of the sync into ctx (branch_ref, folder,
 * remote_branch, fetched, push_to, tracking) and ctx->out->tracking.
 * ISMS_ENOTFOUND when the remote is neither configured nor an address. */
int sync_resolve_remote(struct merge_ctx *ctx);

/* transport.c */

/* Fetch the remote's branches and tags into refs/isms/, then set the
 * remote-tracking branch from there and plan the tags we lack. */
int sync_fetch(struct merge_ctx *ctx);
/* Push the branch with its approval tags, all or nothing. *behind is true
 * when the remote refused it as not a fast-forward (it moved on meanwhile):
 * ISMS_ECONFLICT then. A refusal by the server (a hook) or a failure to
 * reach it is ISMS_ERROR; the message says so, and that the commits stay
 * here. */
int sync_push(struct merge_ctx *ctx, bool *behind);

/* checkout.c */

/* Move the branch from ctx->ours_commit to `to` (compare-and-swap) and the
 * working tree from ctx->ours_tree to `new_tree` with it; on failure the
 * branch is put back. */
int sync_advance(struct merge_ctx *ctx, const git_oid *to, git_tree *new_tree, const char *why);

/* merge.c */

/* The choice made for `path` (record `id`, may be NULL), marked used, or
 * NULL. */
const struct isms_sync_choice *sync_choice_for(struct plan *p, const char *path, const char *id);
/* Add `c` to the tree updates of the merge. */
void sync_add_update(struct merge_ctx *ctx, const struct change *c);
/* Take their change `t` into the merge. */
void sync_take_theirs(struct merge_ctx *ctx, const struct change *t);
/* Add `trailer` (taken over) to the merge commit's. */
void sync_add_trailer(struct merge_ctx *ctx, char *trailer);
/* A conflict for `path`, added to out->conflicts and cleared. */
struct isms_sync_conflict *sync_add_conflict(struct isms_sync_result *out,
					     enum isms_sync_conflict_kind kind, const char *path);
/* Both sides have new commits: merge them record by record. */
int sync_merge(struct merge_ctx *ctx);

/* "Conflict-resolved: ID[ FIELDS] kept ours (theirs: BLOB in COMMIT)", a
 * trailer of the merge; `fields` may be NULL or "". */
char *sync_resolution(const char *name, const char *fields, const struct isms_sync_choice *choice,
		      const struct change *lost, const git_oid *lost_commit);

/* fields.c */

/* Record `id` changed on both sides (`o` ours, `t` theirs, both 'M'):
 * merged field by field into the merge's updates, or a conflict into
 * ctx->out. *handled is false when the caller is to handle it as a whole
 * record: it cannot be merged by field and a side was chosen, or the
 * choice gives one side's whole record. */
int sync_merge_record(struct merge_ctx *ctx, const struct change *o, const struct change *t,
		      const char *id, const struct isms_sync_choice *choice, bool *handled);
/* Free `count` fields and the array. */
void sync_fields_free(struct isms_sync_field *fields, size_t count);

/* renumber.c */

/* The index in `opts->renumber` of `id`, marked used, or -1. */
long sync_renumber_index(struct plan *p, const char *id);
/* Both sides added a different record as `id` at `path`: plan giving ours
 * the next number free on both sides (into ctx->out->renumbered). */
int sync_plan_renumbering(struct merge_ctx *ctx, const char *id, const char *path);
/* Write the renumbering into the merge's tree updates. */
int sync_renumber_ours(struct merge_ctx *ctx);

/* tags.c */

/* The remote's tags, fetched to refs/isms/remote-tags/REMOTE/, against
 * ours. */
int sync_merge_tags(struct merge_ctx *ctx);
/* Create the remote's tags we lack and replace ours by the remote's as
 * chosen (ours kept under refs/isms/replaced-tags/): only once the sync
 * goes ahead. */
int sync_take_tags(struct merge_ctx *ctx);

#endif
