/* SPDX-License-Identifier: MIT */
/* isms sync, the public entry points of include/isms/sync.h: fetch
 * (remote.c), compare the branch with the remote's under the store's save
 * lock and act on it (up to date, push only, fast-forward, or a merge record
 * by record: merge.c), take the chosen tags (tags.c), push (remote.c); and
 * freeing a sync's result. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "../txn.h"
#include "sync_private.h"

/* The first choice (side or renumbering) not used, or NULL. */
static const char *unused_choice(const struct plan *p)
{
	for (size_t i = 0; i < p->opts->choice_count; i++)
		if (!p->used[i])
			return p->opts->choices[i].record;
	for (size_t i = 0; i < p->opts->renumber_count; i++)
		if (!p->used_renumber[i])
			return p->opts->renumber[i];
	return NULL;
}

/* Only the remote has new commits: move to them. */
static int fast_forward(struct merge_ctx *ctx)
{
	struct isms_sync_result *out = ctx->out;
	git_repository *git = ctx->git;
	char *reflog = isms_asprintf("sync: fast-forward to %s", out->tracking);
	int error;

	if ((error = sync_commit_tree(&ctx->ours_tree, git, &ctx->ours_commit)) < 0 ||
	    (error = sync_commit_tree(&ctx->theirs_tree, git, &ctx->theirs_commit)) < 0 ||
	    (error = sync_changes_between(&ctx->theirs, git, ctx->ours_tree,
					  ctx->theirs_tree)) < 0 ||
	    (error = sync_advance(ctx, &ctx->theirs_commit, ctx->theirs_tree, reflog)) < 0)
		goto cleanup;
	for (size_t i = 0; i < ctx->theirs.count; i++) {
		sync_count_in(out, &ctx->theirs.items[i]);
		sync_check_incoming(ctx, &ctx->theirs.items[i]);
	}
	git_oid_tostr(out->after, sizeof(out->after), &ctx->theirs_commit);
	out->outcome = ISMS_SYNC_FAST_FORWARD;
cleanup:
	free(reflog);
	return error;
}

/* How many commits are reachable from `tip` and not from `base`. */
static size_t count_commits(struct isms_repo *repo, const git_oid *tip, const git_oid *base)
{
	struct isms_log log;
	size_t n = isms_repo_walk(&log, repo, tip, base, NULL, 0) == 0 ? log.count : 0;

	isms_log_free(&log);
	return n;
}

/* Read the branch and the fetched remote branch into ctx (and where they
 * parted, when they did), and tell in *how what there is to do. */
static int compare_sides(struct merge_ctx *ctx, enum isms_sync_outcome *how)
{
	struct isms_sync_result *out = ctx->out;
	git_repository *git = ctx->git;
	git_oid *l = &ctx->ours_commit, *r = &ctx->theirs_commit, *b = &ctx->base_commit;
	int error;

	if ((error = git_reference_name_to_id(l, git, ctx->branch_ref)) < 0)
		return isms_repo_git_fail(error, ctx->branch_ref);
	git_oid_tostr(out->before, sizeof(out->before), l);
	memcpy(out->after, out->before, sizeof(out->after));
	error = git_reference_name_to_id(r, git, ctx->tracking);
	if (error == GIT_ENOTFOUND) {
		*how = ISMS_SYNC_NEW_BRANCH;
		return 0;
	}
	if (error < 0)
		return isms_repo_git_fail(error, ctx->tracking);
	if (git_oid_equal(l, r)) {
		*how = ISMS_SYNC_UP_TO_DATE;
		return 0;
	}
	/* libgit2 1.5 cannot walk a history cut short. */
	if (git_repository_is_shallow(git) == 1)
		return isms_error_set(ISMS_EINVALID,
			"this clone is shallow (made with --depth): isms sync needs the whole "
			"history to find where %s and %s parted; run git fetch --unshallow, then "
			"sync again; nothing was changed", out->branch, out->tracking);
	if ((error = git_merge_base(b, git, l, r)) < 0) {
		if (error == GIT_ENOTFOUND)
			return isms_error_set(ISMS_EINVALID,
				"%s and %s have no history in common: they are not the same ISMS; "
				"nothing was changed", out->branch, out->tracking);
		return isms_repo_git_fail(error, "finding where the two sides parted");
	}
	out->commits_in = count_commits(ctx->repo, r, b);
	out->commits_out = count_commits(ctx->repo, l, b);
	*how = git_oid_equal(b, r) ? ISMS_SYNC_AHEAD
	       : git_oid_equal(b, l) ? ISMS_SYNC_FAST_FORWARD : ISMS_SYNC_MERGED;
	return 0;
}

/* Compare the branch with the fetched remote branch and act, in one write
 * transaction (the save lock and git's index lock held throughout). *push tells whether the remote lacks our commits.
 * Choices are checked before anything moves; conflicts (tags included)
 * leave everything as it is. */
static int bring_together(struct merge_ctx *ctx, bool *push)
{
	struct isms_store *store = ctx->store;
	struct isms_sync_result *out = ctx->out;
	enum isms_sync_outcome how;
	const char *unused;
	int error;

	*push = false;
	if ((error = isms_txn_begin(&ctx->txn, store, NULL)) < 0)
		return error;
	if ((error = compare_sides(ctx, &how)) < 0)
		goto cleanup;
	/* out->outcome says what was done: set once it is. */
	out->outcome = ISMS_SYNC_UP_TO_DATE;
	if (how == ISMS_SYNC_MERGED) {
		error = sync_merge(ctx);
		*push = error == 0 && out->outcome == ISMS_SYNC_MERGED;
		goto cleanup;
	}
	/* Not a merge: a choice can only be for a tag. */
	if ((unused = unused_choice(&ctx->plan))) {
		error = isms_error_set(ISMS_EUSAGE,
			"no record is in conflict with %s (%s), so there is nothing to choose for "
			"%s; nothing was changed", out->tracking,
			how == ISMS_SYNC_FAST_FORWARD ? "only it has new commits: a fast-forward"
			: how == ISMS_SYNC_UP_TO_DATE ? "it is the same as here"
			: how == ISMS_SYNC_AHEAD ? "only this side has new commits"
						 : "the remote has no such branch yet", unused);
		goto cleanup;
	}
	if (out->conflict_count) {
		out->outcome = ISMS_SYNC_CONFLICTS;
		goto cleanup;
	}
	if (how == ISMS_SYNC_FAST_FORWARD) {
		error = fast_forward(ctx);
		goto cleanup;
	}
	out->outcome = how;
	*push = how == ISMS_SYNC_AHEAD || how == ISMS_SYNC_NEW_BRANCH;
cleanup:
	error = isms_txn_end(ctx->txn, error);
	ctx->txn = NULL;
	return error;
}

/* Free what ctx owns (not the result nor the options). */
static void merge_ctx_dispose(struct merge_ctx *ctx)
{
	for (size_t i = 0; i < ctx->plan.take_count; i++)
		free(ctx->plan.takes[i].name);
	free(ctx->plan.takes);
	free(ctx->plan.used);
	free(ctx->plan.used_renumber);
	free(ctx->branch_ref);
	free(ctx->location);
	free(ctx->folder);
	free(ctx->remote_branch);
	free(ctx->fetched);
	free(ctx->push_to);
	free(ctx->tracking);
	for (size_t i = 0; i < ctx->trailer_count; i++)
		free(ctx->trailers[i]);
	free(ctx->trailers);
	free(ctx->updates);
	sync_changes_free(&ctx->ours);
	sync_changes_free(&ctx->theirs);
	git_tree_free(ctx->base_tree);
	git_tree_free(ctx->ours_tree);
	git_tree_free(ctx->theirs_tree);
}

/* One sync: fetch, bring together, take the tags, push. *behind tells
 * that the push was refused because the remote moved on meanwhile. */
static int sync_once(struct isms_sync_result *out, struct isms_store *store,
		     const struct isms_sync_opts *opts, bool *behind)
{
	struct merge_ctx ctx = { 0 };
	char head[ISMS_OID_HEX];
	bool push = false;
	int error;

	memset(out, 0, sizeof(*out));
	*behind = false;
	ctx.store = store;
	ctx.repo = isms_store_repo(store);
	ctx.git = isms_repo_git(ctx.repo);
	ctx.out = out;
	ctx.plan.opts = opts;
	ctx.plan.used = isms_calloc(opts->choice_count + 1, sizeof(*ctx.plan.used));
	ctx.plan.used_renumber = isms_calloc(opts->renumber_count + 1,
					     sizeof(*ctx.plan.used_renumber));
	out->branch = isms_repo_branch(ctx.repo);
	if (strcmp(out->branch, "(detached)") == 0) {
		error = isms_error_set(ISMS_EINVALID,
			"HEAD is detached; check out a branch (git switch main) before syncing");
		goto cleanup;
	}
	if ((error = isms_repo_head(head, ctx.repo)) < 0 ||
	    (error = sync_resolve_remote(&ctx)) < 0 || (error = sync_fetch(&ctx)) < 0 ||
	    (error = bring_together(&ctx, &push)) < 0)
		goto cleanup;
	if (out->outcome == ISMS_SYNC_CONFLICTS)
		goto cleanup;
	if ((error = sync_take_tags(&ctx)) < 0 || !push || (error = sync_push(&ctx, behind)) < 0)
		goto cleanup;
	out->pushed = true;
cleanup:
	merge_ctx_dispose(&ctx);
	return error;
}

/* Move `from`'s list (pointer and count) onto the end of `to`'s. */
#define MOVE_LIST(to, to_count, from, from_count)                                     \
	do {                                                                         \
		(to) = isms_realloc((to), ((to_count) + (from_count) + 1) * sizeof(*(to))); \
		if (from_count)                                                      \
			memcpy((to) + (to_count), (from), (from_count) * sizeof(*(to)));   \
		(to_count) += (from_count);                                          \
		free(from);                                                          \
		(from) = NULL;                                                       \
		(from_count) = 0;                                                    \
	} while (0)

/* The first sync's outcome carried into the second's, made after the
 * remote moved on while pushing: where the branch was before, what was
 * done then (a merge, renumbering, tags taken) and what came in. */
static void carry_over(struct isms_sync_result *again, struct isms_sync_result *first)
{
	again->retried = true;
	memcpy(again->first_after, first->after, sizeof(again->first_after));
	memcpy(again->before, first->before, sizeof(again->before));
	again->commits_in += first->commits_in;
	again->records_in += first->records_in;
	again->records_deleted += first->records_deleted;
	again->files_in += first->files_in;
	again->records_merged += first->records_merged;
	if (first->outcome == ISMS_SYNC_MERGED && again->outcome != ISMS_SYNC_CONFLICTS)
		again->outcome = ISMS_SYNC_MERGED;
	MOVE_LIST(again->renumbered, again->renumbered_count, first->renumbered,
		  first->renumbered_count);
	MOVE_LIST(again->tags_taken, again->tags_taken_count, first->tags_taken,
		  first->tags_taken_count);
}

int isms_sync_run(struct isms_sync_result *out, struct isms_store *store,
		  const struct isms_sync_opts *opts)
{
	static const struct isms_sync_opts defaults = ISMS_SYNC_OPTS_INIT;
	struct isms_sync_opts plain = ISMS_SYNC_OPTS_INIT;
	struct isms_sync_result again;
	bool behind;
	int error;

	if (!opts)
		opts = &defaults;
	error = sync_once(out, store, opts, &behind);
	if (error == 0 || !behind)
		return error;
	/* The remote moved on while we merged: fetch and merge once more (the
	 * choices made were used by the first merge), then push again. */
	plain.remote = opts->remote;
	error = sync_once(&again, store, &plain, &behind);
	carry_over(&again, out);
	isms_sync_result_free(out);
	*out = again;
	if (error < 0 && behind)
		error = isms_error_set(ISMS_ECONFLICT,
			"the push to %s was refused twice (git's and the server's messages are "
			"above), the first time because its branch had moved on meanwhile or could "
			"not be updated; your commits stay here on %s, not pushed; run isms sync "
			"again", out->remote, out->branch);
	return error;
}

static void change_free(struct isms_sync_change *c)
{
	free(c->author);
	free(c->summary);
}

void isms_sync_result_free(struct isms_sync_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->conflict_count; i++) {
		free(result->conflicts[i].id);
		free(result->conflicts[i].path);
		free(result->conflicts[i].inside);
		free(result->conflicts[i].note);
		sync_fields_free(result->conflicts[i].fields, result->conflicts[i].field_count);
		change_free(&result->conflicts[i].ours);
		change_free(&result->conflicts[i].theirs);
	}
	for (size_t i = 0; i < result->unreadable_count; i++) {
		free(result->unreadable[i].path);
		free(result->unreadable[i].message);
	}
	for (size_t i = 0; i < result->renumbered_count; i++) {
		free(result->renumbered[i].from);
		free(result->renumbered[i].to);
		free(result->renumbered[i].path);
	}
	free(result->renumbered);
	for (size_t i = 0; i < result->tags_taken_count; i++)
		free(result->tags_taken[i]);
	free(result->tags_taken);
	free(result->conflicts);
	free(result->unreadable);
	free(result->remote);
	free(result->branch);
	free(result->tracking);
	memset(result, 0, sizeof(*result));
}
