/* SPDX-License-Identifier: MIT */
/* Merging the two sides path by path: a path changed on one side only is
 * taken from that side; a record changed on both is merged by field
 * (fields.c); anything else changed on both to different results is a
 * conflict, unless the user chose a side for it or (for an ID clash) asked
 * for ours to be renumbered (renumber.c). The
 * merge commit, with both sides as parents and trailers naming what was
 * chosen, is made here and the branch moved to it (checkout.c). */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "sync_private.h"

/* The choice made for `path` (record `id`, may be NULL), marked used, or
 * NULL. */
const struct isms_sync_choice *sync_choice_for(struct plan *p, const char *path, const char *id)
{
	const struct isms_sync_opts *opts = p->opts;

	for (size_t i = 0; i < opts->choice_count; i++) {
		const char *r = opts->choices[i].record;

		if (strcmp(r, path) == 0 || (id && strcmp(r, id) == 0)) {
			p->used[i] = true;
			return &opts->choices[i];
		}
	}
	return NULL;
}

void sync_add_update(struct merge_ctx *ctx, const struct change *c)
{
	git_tree_update *u;

	ctx->updates = isms_grow(ctx->updates, &ctx->update_cap, ctx->update_count + 1,
				 sizeof(*ctx->updates));
	u = &ctx->updates[ctx->update_count++];
	memset(u, 0, sizeof(*u));
	u->action = c->how == 'D' ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
	u->path = c->path;
	u->filemode = c->how == 'D' ? GIT_FILEMODE_BLOB : c->mode;
	git_oid_cpy(&u->id, &c->id);
}

/* "POL-001 kept ours (theirs: BLOB in COMMIT)", for the merge's trailers. */
char *sync_resolution(const char *name, const char *fields, const struct isms_sync_choice *choice,
		      const struct change *lost, const git_oid *lost_commit)
{
	char blob[ISMS_OID_HEX], commit[ISMS_OID_HEX];

	git_oid_tostr(blob, sizeof(blob), &lost->id);
	git_oid_tostr(commit, sizeof(commit), lost_commit);
	return isms_asprintf("Conflict-resolved: %s%s%s %s (%s: %s in %.12s)", name,
			     fields && fields[0] ? " " : "", fields ? fields : "", choice->side == ISMS_SYNC_OURS ? "kept ours" : "took theirs",
			     choice->side == ISMS_SYNC_OURS ? "theirs" : "ours",
			     lost->how == 'D' ? "deleted" : blob, commit);
}

/* Take their change `t` into the merge. */
void sync_take_theirs(struct merge_ctx *ctx, const struct change *t)
{
	sync_add_update(ctx, t);
	sync_count_in(ctx->out, t);
	sync_check_incoming(ctx, t);
}

void sync_add_trailer(struct merge_ctx *ctx, char *trailer)
{
	ctx->trailers = isms_realloc(ctx->trailers,
				     (ctx->trailer_count + 1) * sizeof(*ctx->trailers));
	ctx->trailers[ctx->trailer_count++] = trailer;
}

static bool same_result(const struct change *a, const struct change *b)
{
	if (a->how == 'D' || b->how == 'D')
		return a->how == b->how;
	return git_oid_equal(&a->id, &b->id) && a->mode == b->mode;
}

/* A conflict for `path`, added to out->conflicts and cleared. */
struct isms_sync_conflict *sync_add_conflict(struct isms_sync_result *out,
					     enum isms_sync_conflict_kind kind, const char *path)
{
	struct isms_sync_conflict *k;

	out->conflicts = isms_grow(out->conflicts, &out->conflict_cap, out->conflict_count + 1,
				   sizeof(*out->conflicts));
	k = &out->conflicts[out->conflict_count++];
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->path = isms_strdup(path);
	return k;
}

/* `in`, changed on `side` (0 ours, 1 theirs), lies in folder `file`: when
 * the other side made `file` a file, a conflict on it (once), for which no
 * side can be chosen. */
static int file_folder_clash(struct merge_ctx *ctx, int side, const struct change *in,
			     const char *file)
{
	struct isms_sync_result *out = ctx->out;
	const struct change *f = sync_find_change(side ? &ctx->ours : &ctx->theirs, file);
	struct isms_sync_conflict *k;

	if (!f || f->how == 'D')
		return 0;
	for (size_t j = 0; j < out->conflict_count; j++)
		if (strcmp(out->conflicts[j].path, file) == 0)
			return 0;
	if (sync_choice_for(&ctx->plan, file, NULL))
		return isms_error_set(ISMS_EUSAGE,
			"%s is a file on one side and a folder on the other, so no side can be "
			"chosen for it; move one of them (git mv) or remove it, commit, and sync "
			"again; nothing was changed", file);
	k = sync_add_conflict(out, ISMS_SYNC_FILE_FOLDER, file);
	k->inside = isms_strdup(in->path);
	k->folder_here = side == 0;
	sync_describe_change(&k->ours, ctx, side ? f : in, ISMS_SYNC_OURS);
	sync_describe_change(&k->theirs, ctx, side ? in : f, ISMS_SYNC_THEIRS);
	return 0;
}

/* A file on one side where the other has a folder of the same name (a
 * change on one side below a path that the other made a file): a conflict
 * on the file's path, for which no side can be chosen. */
static int file_folder_clashes(struct merge_ctx *ctx)
{
	for (int side = 0; side < 2; side++) {
		const struct changes *a = side ? &ctx->theirs : &ctx->ours;

		for (size_t i = 0; i < a->count; i++) {
			const struct change *in = &a->items[i];

			if (in->how == 'D')
				continue;
			for (const char *slash = strchr(in->path, '/'); slash;
			     slash = strchr(slash + 1, '/')) {
				char *file = isms_strndup(in->path, (size_t)(slash - in->path));
				int error = file_folder_clash(ctx, side, in, file);

				free(file);
				if (error < 0)
					return error;
			}
		}
	}
	return 0;
}

/* `id` is to be renumbered (opts->renumber) and changed on both sides, `o`
 * ours and `t` theirs: when both added it, plan ours a new number and take
 * theirs; otherwise there is nothing to renumber. */
static int renumber_clash(struct merge_ctx *ctx, const struct change *o, const struct change *t,
			  const char *id)
{
	struct isms_sync_result *out = ctx->out;
	int error;

	if (!(o->how == 'A' && t->how == 'A'))
		error = isms_error_set(ISMS_EUSAGE,
			"%s was not added on both sides, so there is nothing to renumber: it was "
			"%s here and %s on %s; choose --ours %s or --theirs %s; nothing was "
			"changed", id,
			o->how == 'D' ? "deleted" : o->how == 'A' ? "added" : "changed",
			t->how == 'D' ? "deleted" : t->how == 'A' ? "added" : "changed",
			out->tracking, id, id);
	else
		error = sync_plan_renumbering(ctx, id, t->path);
	if (error < 0)
		return error;
	/* Theirs keeps the ID and the path; ours moves (sync_renumber_ours). */
	sync_take_theirs(ctx, t);
	sync_add_trailer(ctx, isms_asprintf("Renumbered: %s -> %s", id,
					    out->renumbered[out->renumbered_count - 1].to));
	return 0;
}

/* Their change `t` into the merge: taken when ours did not touch its path;
 * when ours changed it differently, renumbered, resolved as chosen, or a
 * conflict. */
static int merge_path(struct merge_ctx *ctx, const struct change *t)
{
	const struct change *o = sync_find_change(&ctx->ours, t->path);
	const struct isms_sync_choice *choice;
	struct isms_sync_conflict *k;
	bool clash;
	char *id;
	int error;

	if (!o) {
		sync_take_theirs(ctx, t);
		return 0;
	}
	if (same_result(o, t))
		return 0;
	id = sync_record_id(t->path);
	clash = id && o->how == 'A' && t->how == 'A';
	if (id && sync_renumber_index(&ctx->plan, id) >= 0) {
		error = renumber_clash(ctx, o, t, id);
		free(id);
		return error;
	}
	choice = sync_choice_for(&ctx->plan, t->path, id);
	if (id && o->how == 'M' && t->how == 'M') {
		bool handled;

		error = sync_merge_record(ctx, o, t, id, choice, &handled);
		if (error < 0 || handled) {
			free(id);
			return error;
		}
	}
	if (choice) {
		if (choice->side == ISMS_SYNC_THEIRS) {
			sync_take_theirs(ctx, t);
			sync_add_trailer(ctx, sync_resolution(id ? id : t->path, NULL, choice, o,
							 &ctx->ours_commit));
		} else {
			sync_add_trailer(ctx, sync_resolution(id ? id : t->path, NULL, choice, t,
							 &ctx->theirs_commit));
		}
		free(id);
		return 0;
	}
	k = sync_add_conflict(ctx->out, clash ? ISMS_SYNC_ID_CLASH : ISMS_SYNC_BOTH_CHANGED,
			      t->path);
	k->id = id;
	sync_describe_change(&k->ours, ctx, o, ISMS_SYNC_OURS);
	sync_describe_change(&k->theirs, ctx, t, ISMS_SYNC_THEIRS);
	return 0;
}

/* The merge of ctx->ours and ctx->theirs from their base: the tree updates
 * that bring ours to the merged state, conflicts into ctx->out, and
 * trailers. Every choice must have been used. */
static int merge_trees(struct merge_ctx *ctx)
{
	struct isms_sync_result *out = ctx->out;
	const struct isms_sync_opts *opts = ctx->plan.opts;
	int error;

	if ((error = file_folder_clashes(ctx)) < 0)
		return error;
	for (size_t i = 0; i < ctx->theirs.count; i++)
		if ((error = merge_path(ctx, &ctx->theirs.items[i])) < 0)
			return error;
	for (size_t i = 0; i < opts->renumber_count; i++)
		if (!ctx->plan.used_renumber[i])
			return isms_error_set(ISMS_EUSAGE,
				"%s was not added both here and on %s, so there is nothing to "
				"renumber; nothing was changed", opts->renumber[i], out->tracking);
	if (out->renumbered_count && (error = sync_renumber_ours(ctx)) < 0)
		return error;
	for (size_t i = 0; i < opts->choice_count; i++)
		if (!ctx->plan.used[i])
			return isms_error_set(ISMS_EUSAGE,
				"%s is not changed both here and on %s, so there is no side to choose "
				"for it; nothing was changed", opts->choices[i].record, out->tracking);
	return 0;
}

/* Our tree with the merge's updates: the removals first, then the rest,
 * since libgit2 refuses a file `x` removed and `x/y` added in one go. */
static int apply_updates(git_oid *out, struct merge_ctx *ctx)
{
	const git_tree_update *updates = ctx->updates;
	size_t count = ctx->update_count;
	git_tree_update *sorted = isms_calloc(count + 1, sizeof(*sorted));
	git_tree *removed = NULL;
	size_t n = 0, removals;
	git_oid between;
	int error;

	for (size_t i = 0; i < count; i++)
		if (updates[i].action == GIT_TREE_UPDATE_REMOVE)
			sorted[n++] = updates[i];
	removals = n;
	for (size_t i = 0; i < count; i++)
		if (updates[i].action != GIT_TREE_UPDATE_REMOVE)
			sorted[n++] = updates[i];
	if ((error = git_tree_create_updated(&between, ctx->git, ctx->ours_tree, removals,
					     sorted)) == 0 &&
	    (error = git_tree_lookup(&removed, ctx->git, &between)) == 0)
		error = git_tree_create_updated(out, ctx->git, removed, count - removals,
						sorted + removals);
	git_tree_free(removed);
	free(sorted);
	return error;
}

/* Put the merge commit's first trailers before the choices gathered:
 * Synced-from, then the records taken in. */
static void head_trailers(struct merge_ctx *ctx)
{
	struct isms_sync_result *out = ctx->out;
	size_t head = out->records_deleted ? 3 : 2;
	char **trailers;

	ctx->trailers = isms_realloc(ctx->trailers,
				     (ctx->trailer_count + head) * sizeof(*ctx->trailers));
	trailers = ctx->trailers;
	memmove(trailers + head, trailers, ctx->trailer_count * sizeof(*trailers));
	trailers[0] = isms_asprintf("Synced-from: %s", out->tracking);
	trailers[1] = isms_asprintf("Records-merged: %zu", out->records_in);
	if (out->records_deleted)
		trailers[2] = isms_asprintf("Records-deleted: %zu", out->records_deleted);
	ctx->trailer_count += head;
}

/* Commit `merged` with both sides as parents, and move the branch and the
 * working tree to it. */
static int commit_merge(struct merge_ctx *ctx, git_tree *merged)
{
	struct isms_sync_result *out = ctx->out;
	git_commit *parents[2] = { NULL, NULL };
	struct isms_commit_opts co = ISMS_COMMIT_OPTS_INIT;
	char *message = NULL, *reflog = NULL;
	git_oid merge_id;
	int error;

	if ((error = git_commit_lookup(&parents[0], ctx->git, &ctx->ours_commit)) < 0 ||
	    (error = git_commit_lookup(&parents[1], ctx->git, &ctx->theirs_commit)) < 0) {
		error = isms_repo_git_fail(error, "building the merge");
		goto cleanup;
	}
	head_trailers(ctx);
	message = isms_asprintf("Sync with %s", out->tracking);
	co.message = message;
	co.trailers = (const char *const *)ctx->trailers;
	co.trailer_count = ctx->trailer_count;
	if ((error = isms_repo_make_commit(&merge_id, ctx->repo, merged,
					   (const git_commit **)parents, 2, &co)) < 0)
		goto cleanup;
	reflog = isms_asprintf("sync: merge %s", out->tracking);
	if ((error = sync_advance(ctx, &merge_id, merged, reflog)) < 0)
		goto cleanup;
	git_oid_tostr(out->after, sizeof(out->after), &merge_id);
	out->outcome = ISMS_SYNC_MERGED;
cleanup:
	free(message);
	free(reflog);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	return error;
}

/* Both sides have new commits: merge them record by record. */
int sync_merge(struct merge_ctx *ctx)
{
	struct isms_sync_result *out = ctx->out;
	git_repository *git = ctx->git;
	git_tree *merged = NULL;
	git_oid tree_id;
	int error;

	if ((error = sync_commit_tree(&ctx->base_tree, git, &ctx->base_commit)) < 0 ||
	    (error = sync_commit_tree(&ctx->ours_tree, git, &ctx->ours_commit)) < 0 ||
	    (error = sync_commit_tree(&ctx->theirs_tree, git, &ctx->theirs_commit)) < 0 ||
	    (error = sync_changes_between(&ctx->ours, git, ctx->base_tree, ctx->ours_tree)) < 0 ||
	    (error = sync_changes_between(&ctx->theirs, git, ctx->base_tree,
					  ctx->theirs_tree)) < 0 ||
	    (error = merge_trees(ctx)) < 0)
		goto cleanup;
	if (out->conflict_count) {
		out->outcome = ISMS_SYNC_CONFLICTS;
		goto cleanup;
	}
	if ((error = apply_updates(&tree_id, ctx)) < 0 ||
	    (error = git_tree_lookup(&merged, git, &tree_id)) < 0) {
		error = isms_repo_git_fail(error, "building the merge");
		goto cleanup;
	}
	error = commit_merge(ctx, merged);
cleanup:
	git_tree_free(merged);
	return error;
}
