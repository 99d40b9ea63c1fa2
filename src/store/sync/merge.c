/* Merging records between the two sides, a whole record at a time: a
 * path changed on one side only is taken from that side; changed on both to
 * different results it is a conflict, unless the user chose a side for it
 * or (for an ID clash) asked for ours to be renumbered (renumber.c). The
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

/* The choice made for `path` (record `id`, may be NULL), or NULL. */
const struct isms_sync_choice *sync_choice_for(const struct isms_sync_opts *opts, bool *used,
					       const char *path, const char *id)
{
	for (size_t i = 0; i < opts->choice_count; i++) {
		const char *r = opts->choices[i].record;

		if (strcmp(r, path) == 0 || (id && strcmp(r, id) == 0)) {
			used[i] = true;
			return &opts->choices[i];
		}
	}
	return NULL;
}

void sync_add_update(git_tree_update **updates, size_t *count, size_t *cap, const struct change *c)
{
	git_tree_update *u;

	*updates = isms_grow(*updates, cap, *count + 1, sizeof(**updates));
	u = &(*updates)[(*count)++];
	memset(u, 0, sizeof(*u));
	u->action = c->how == 'D' ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
	u->path = c->path;
	u->filemode = c->how == 'D' ? GIT_FILEMODE_BLOB : c->mode;
	git_oid_cpy(&u->id, &c->id);
}

/* "POL-001 kept ours (theirs: BLOB in COMMIT)", for the merge's trailers. */
static char *resolution(const char *name, const struct isms_sync_choice *choice,
			const struct change *lost, const git_oid *lost_commit)
{
	char blob[ISMS_OID_HEX], commit[ISMS_OID_HEX];

	git_oid_tostr(blob, sizeof(blob), &lost->id);
	git_oid_tostr(commit, sizeof(commit), lost_commit);
	return isms_asprintf("Conflict-resolved: %s %s (%s: %s in %.12s)", name,
			     choice->side == ISMS_SYNC_OURS ? "kept ours" : "took theirs",
			     choice->side == ISMS_SYNC_OURS ? "theirs" : "ours",
			     lost->how == 'D' ? "deleted" : blob, commit);
}

/* Take their change `t` into the merge. */
void sync_take_theirs(git_tree_update **updates, size_t *count, size_t *cap,
		      struct isms_sync_result *out, git_repository *git, const struct change *t)
{
	sync_add_update(updates, count, cap, t);
	sync_count_in(out, t);
	sync_check_incoming(out, git, t);
}

void sync_add_trailer(char ***trailers, size_t *count, char *trailer)
{
	*trailers = isms_realloc(*trailers, (*count + 1) * sizeof(**trailers));
	(*trailers)[(*count)++] = trailer;
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

/* A file on one side where the other has a folder of the same name (a
 * change in `a` below a path that `b` made a file): a conflict on the
 * file's path, for which no side can be chosen. */
static int file_folder_clashes(struct isms_sync_result *out, struct isms_repo *repo,
			       const struct changes *ours, const struct changes *theirs,
			       const git_oid *l, const git_oid *r, const git_oid *b,
			       const struct isms_sync_opts *opts, bool *used)
{
	for (int side = 0; side < 2; side++) {
		const struct changes *a = side ? theirs : ours, *other = side ? ours : theirs;

		for (size_t i = 0; i < a->count; i++) {
			const struct change *in = &a->items[i];

			if (in->how == 'D')
				continue;
			for (const char *slash = strchr(in->path, '/'); slash;
			     slash = strchr(slash + 1, '/')) {
				char *file = isms_strndup(in->path, (size_t)(slash - in->path));
				const struct change *f = sync_find_change(other, file);
				struct isms_sync_conflict *k = NULL;
				bool known = false;

				for (size_t j = 0; j < out->conflict_count; j++)
					known |= strcmp(out->conflicts[j].path, file) == 0;
				if (f && f->how != 'D' && !known) {
					if (sync_choice_for(opts, used, file, NULL)) {
						int error = isms_error_set(ISMS_EUSAGE,
							"%s is a file on one side and a folder on the "
							"other, so no side can be chosen for it; move one "
							"of them (git mv) or remove it, commit, and sync "
							"again; nothing was changed", file);

						free(file);
						return error;
					}
					k = sync_add_conflict(out, ISMS_SYNC_FILE_FOLDER, file);
					k->inside = isms_strdup(in->path);
					k->folder_here = side == 0;
					sync_describe_change(&k->ours, side ? f : in, repo, l, b);
					sync_describe_change(&k->theirs, side ? in : f, repo, r, b);
				}
				free(file);
			}
		}
	}
	return 0;
}

/* The merge of `ours` and `theirs` from their base: the tree updates that
 * bring ours to the merged state, conflicts into `out`, and trailers. */
static int merge_trees(git_tree_update **updates, size_t *count, char ***trailers,
		       size_t *trailer_count, struct isms_sync_result *out, struct isms_repo *repo,
		       const struct changes *ours, const struct changes *theirs,
		       git_tree *mine, git_tree *their,
		       const git_oid *l, const git_oid *r, const git_oid *b,
		       const struct isms_sync_opts *opts, bool *used, bool *used_renumber)
{
	git_repository *git = isms_repo_git(repo);
	size_t cap = 0;
	int error;

	if ((error = file_folder_clashes(out, repo, ours, theirs, l, r, b, opts, used)) < 0)
		return error;
	for (size_t i = 0; i < theirs->count; i++) {
		const struct change *t = &theirs->items[i], *o = sync_find_change(ours, t->path);
		const struct isms_sync_choice *choice;
		struct isms_sync_conflict *k;
		bool clash;
		char *id;

		if (!o) {
			sync_take_theirs(updates, count, &cap, out, git, t);
			continue;
		}
		if (same_result(o, t))
			continue;
		id = sync_record_id(t->path);
		clash = id && o->how == 'A' && t->how == 'A';
		if (id && sync_renumber_index(opts, used_renumber, id) >= 0) {
			if (!clash)
				error = isms_error_set(ISMS_EUSAGE,
					"%s was not added on both sides, so there is nothing to "
					"renumber: it was %s here and %s on %s; choose --ours %s or "
					"--theirs %s; nothing was changed", id,
					o->how == 'D' ? "deleted" : o->how == 'A' ? "added" : "changed",
					t->how == 'D' ? "deleted" : t->how == 'A' ? "added" : "changed",
					out->tracking, id, id);
			else
				error = sync_plan_renumbering(out, git, id, t->path, mine, their, r);
			if (error < 0) {
				free(id);
				return error;
			}
			/* Theirs keeps the ID and the path; ours moves (sync_renumber_ours). */
			sync_take_theirs(updates, count, &cap, out, git, t);
			sync_add_trailer(trailers, trailer_count,
				    isms_asprintf("Renumbered: %s -> %s", id,
						  out->renumbered[out->renumbered_count - 1].to));
			free(id);
			continue;
		}
		if ((choice = sync_choice_for(opts, used, t->path, id))) {
			if (choice->side == ISMS_SYNC_THEIRS) {
				sync_take_theirs(updates, count, &cap, out, git, t);
				sync_add_trailer(trailers, trailer_count,
					    resolution(id ? id : t->path, choice, o, l));
			} else {
				sync_add_trailer(trailers, trailer_count,
					    resolution(id ? id : t->path, choice, t, r));
			}
			free(id);
			continue;
		}
		k = sync_add_conflict(out, clash ? ISMS_SYNC_ID_CLASH : ISMS_SYNC_BOTH_CHANGED, t->path);
		k->id = id;
		sync_describe_change(&k->ours, o, repo, l, b);
		sync_describe_change(&k->theirs, t, repo, r, b);
	}
	for (size_t i = 0; i < opts->renumber_count; i++)
		if (!used_renumber[i])
			return isms_error_set(ISMS_EUSAGE,
				"%s was not added both here and on %s, so there is nothing to "
				"renumber; nothing was changed", opts->renumber[i], out->tracking);
	if (out->renumbered_count &&
	    (error = sync_renumber_ours(updates, count, &cap, out, git, ours, theirs, opts, used)) < 0)
		return error;
	for (size_t i = 0; i < opts->choice_count; i++)
		if (!used[i])
			return isms_error_set(ISMS_EUSAGE,
				"%s is not changed both here and on %s, so there is no side to choose "
				"for it; nothing was changed", opts->choices[i].record, out->tracking);
	return 0;
}

/* `tree` with `updates`: the removals first, then the rest, since libgit2
 * refuses a file `x` removed and `x/y` added in one go. */
static int apply_updates(git_oid *out, git_repository *git, git_tree *tree,
			 git_tree_update *updates, size_t count)
{
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
	if ((error = git_tree_create_updated(&between, git, tree, removals, sorted)) == 0 &&
	    (error = git_tree_lookup(&removed, git, &between)) == 0)
		error = git_tree_create_updated(out, git, removed, count - removals,
						sorted + removals);
	git_tree_free(removed);
	free(sorted);
	return error;
}

/* Both sides have new commits: merge them record by record. */
int sync_merge(struct isms_sync_result *out, struct isms_repo *repo, const char *branch,
	       const git_oid *l, const git_oid *r, const git_oid *b, struct plan *p)
{
	git_repository *git = isms_repo_git(repo);
	git_tree *base = NULL, *mine = NULL, *their = NULL, *merged = NULL;
	git_commit *parents[2] = { NULL, NULL };
	struct changes ours = { 0 }, theirs = { 0 };
	git_tree_update *updates = NULL;
	size_t count = 0, trailer_count = 0;
	char **trailers = NULL, *message = NULL, *reflog = NULL;
	struct isms_commit_opts co = ISMS_COMMIT_OPTS_INIT;
	git_oid tree_id, merge_id;
	int error;

	if ((error = sync_commit_tree(&base, git, b)) < 0 || (error = sync_commit_tree(&mine, git, l)) < 0 ||
	    (error = sync_commit_tree(&their, git, r)) < 0 ||
	    (error = sync_changes_between(&ours, git, base, mine)) < 0 ||
	    (error = sync_changes_between(&theirs, git, base, their)) < 0)
		goto cleanup;
	if ((error = merge_trees(&updates, &count, &trailers, &trailer_count, out, repo, &ours,
				 &theirs, mine, their, l, r, b, p->opts, p->used, p->used_renumber)) < 0)
		goto cleanup;
	if (out->conflict_count) {
		out->outcome = ISMS_SYNC_CONFLICTS;
		goto cleanup;
	}
	if ((error = apply_updates(&tree_id, git, mine, updates, count)) < 0 ||
	    (error = git_tree_lookup(&merged, git, &tree_id)) < 0 ||
	    (error = git_commit_lookup(&parents[0], git, l)) < 0 ||
	    (error = git_commit_lookup(&parents[1], git, r)) < 0) {
		error = isms_repo_git_fail(error, "building the merge");
		goto cleanup;
	}

	/* Synced-from, the records taken in, then the choices made. */
	{
		size_t head = out->records_deleted ? 3 : 2;

		trailers = isms_realloc(trailers, (trailer_count + head) * sizeof(*trailers));
		memmove(trailers + head, trailers, trailer_count * sizeof(*trailers));
		trailers[0] = isms_asprintf("Synced-from: %s", out->tracking);
		trailers[1] = isms_asprintf("Records-merged: %zu", out->records_in);
		if (out->records_deleted)
			trailers[2] = isms_asprintf("Records-deleted: %zu", out->records_deleted);
		trailer_count += head;
	}
	message = isms_asprintf("Sync with %s", out->tracking);
	co.message = message;
	co.trailers = (const char *const *)trailers;
	co.trailer_count = trailer_count;
	if ((error = isms_repo_make_commit(&merge_id, repo, merged, (const git_commit **)parents, 2,
					   &co)) < 0)
		goto cleanup;
	reflog = isms_asprintf("sync: merge %s", out->tracking);
	if ((error = sync_advance(repo, branch, l, &merge_id, mine, merged, reflog)) < 0)
		goto cleanup;
	git_oid_tostr(out->after, sizeof(out->after), &merge_id);
	out->outcome = ISMS_SYNC_MERGED;
cleanup:
	for (size_t i = 0; i < trailer_count; i++)
		free(trailers[i]);
	free(trailers);
	free(updates);
	free(message);
	free(reflog);
	sync_changes_free(&ours);
	sync_changes_free(&theirs);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_tree_free(base);
	git_tree_free(mine);
	git_tree_free(their);
	git_tree_free(merged);
	return error;
}
