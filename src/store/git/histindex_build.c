/* SPDX-License-Identifier: MIT */
/* Building the history index (see histindex.c for what it is): for each
 * commit, the paths whose blob differs from every parent's (trees compared
 * entry by entry, skipping equal subtrees; intersected over a merge's
 * parents; every path for a root), and the commits whose summary has a
 * review's form; then the file, sorted by path. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/repo.h"
#include "git.h"
#include "histindex.h"

static void paths_add(struct hx_paths *ps, const char *prefix, const char *name)
{
	ps->items = isms_grow(ps->items, &ps->cap, ps->count + 1, sizeof(*ps->items));
	ps->items[ps->count++] = isms_asprintf("%s%s", prefix, name);
}

static void paths_free(struct hx_paths *ps)
{
	for (size_t i = 0; i < ps->count; i++)
		free(ps->items[i]);
	free(ps->items);
	memset(ps, 0, sizeof(*ps));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep in `mine` only the paths `other` has too; `other` is emptied. */
static void paths_keep_common(struct hx_paths *mine, struct hx_paths *other)
{
	size_t kept = 0, j = 0;

	/* qsort is never given an empty array (NULL then). */
	if (mine->count > 1)
		qsort(mine->items, mine->count, sizeof(*mine->items), str_cmp);
	if (other->count > 1)
		qsort(other->items, other->count, sizeof(*other->items), str_cmp);
	for (size_t i = 0; i < mine->count; i++) {
		while (j < other->count && strcmp(other->items[j], mine->items[i]) < 0)
			j++;
		if (j < other->count && strcmp(other->items[j], mine->items[i]) == 0)
			mine->items[kept++] = mine->items[i];
		else
			free(mine->items[i]);
	}
	mine->count = kept;
	for (size_t i = 0; i < other->count; i++)
		free(other->items[i]);
	other->count = 0;
}

/* Whether entry `j` of `tree` may be read as git writes trees: a name that
 * is one path component, after entry `j - 1` in git's order, and no other
 * entry of that name (a file "x" sorts before "x-1", "x.a" and the folder
 * "x", which sorts as "x/"). */
static bool entry_ok(const git_tree *tree, size_t j)
{
	const git_tree_entry *e = git_tree_entry_byindex(tree, j);
	const char *name = git_tree_entry_name(e);
	size_t len = strlen(name);

	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    (j && git_tree_entry_cmp(git_tree_entry_byindex(tree, j - 1), e) >= 0))
		return false;
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return true;
	while (j-- > 0) {
		const char *before = git_tree_entry_name(git_tree_entry_byindex(tree, j));

		if (strncmp(before, name, len) != 0 || (unsigned char)before[len] >= '/')
			return true;
		if (before[len] == '\0')
			return false;
	}
	return true;
}

/* The tree `id`, read once for this commit and the one before it, and
 * checked as entry_ok says: the walk in tree_diff depends on that order. */
static int tree_get(git_tree **out, struct hx_build *b, const git_oid *id)
{
	int error;

	for (size_t i = 0; i < b->nprev; i++)
		if (git_oid_equal(&b->prev[i].id, id)) {
			*out = b->prev[i].tree;
			b->cur = isms_grow(b->cur, &b->capcur, b->ncur + 1, sizeof(*b->cur));
			b->cur[b->ncur++] = b->prev[i];
			b->prev[i] = b->prev[--b->nprev];
			return 0;
		}
	for (size_t i = 0; i < b->ncur && b->ncur < 256; i++)
		if (git_oid_equal(&b->cur[i].id, id)) {
			*out = b->cur[i].tree;
			return 0;
		}
	if ((error = git_tree_lookup(out, b->git, id)) < 0)
		return error;
	for (size_t j = 0; j < git_tree_entrycount(*out); j++)
		if (!entry_ok(*out, j)) {
			git_tree_free(*out);
			return isms_error_set(ISMS_EINVALID, "a tree not as git writes them");
		}
	b->cur = isms_grow(b->cur, &b->capcur, b->ncur + 1, sizeof(*b->cur));
	git_oid_cpy(&b->cur[b->ncur].id, id);
	b->cur[b->ncur++].tree = *out;
	return 0;
}

/* After a commit: free the trees of the one before, keep this one's. */
static void tree_turn(struct hx_build *b)
{
	struct hx_tree *t = b->prev;
	size_t cap = b->capprev;

	for (size_t i = 0; i < b->nprev; i++)
		git_tree_free(b->prev[i].tree);
	b->prev = b->cur;
	b->nprev = b->ncur;
	b->capprev = b->capcur;
	b->cur = t;
	b->ncur = 0;
	b->capcur = cap;
}

static int tree_diff(struct hx_build *b, struct hx_paths *out, const git_tree *old,
		     const git_tree *new, const char *prefix, unsigned depth);

/* Entry `ea` of the old tree and `eb` of the new (either may be NULL: not
 * there), of one name, differ: the paths they hold, into `out`. */
static int entry_changed(struct hx_build *b, struct hx_paths *out, const git_tree_entry *ea,
			 const git_tree_entry *eb, const char *prefix, unsigned depth)
{
	const git_tree_entry *e = ea ? ea : eb;
	git_tree *ta = NULL, *tb = NULL;
	char *sub;
	int error = 0;

	if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		paths_add(out, prefix, git_tree_entry_name(e));
		return 0;
	}
	if (depth >= HX_DEPTH_MAX)
		return isms_error_set(ISMS_ELIMIT, "folders nested too deep");
	if ((ea && (error = tree_get(&ta, b, git_tree_entry_id(ea))) < 0) ||
	    (eb && (error = tree_get(&tb, b, git_tree_entry_id(eb))) < 0))
		return error;
	sub = isms_asprintf("%s%s/", prefix, git_tree_entry_name(e));
	error = tree_diff(b, out, ta, tb, sub, depth + 1);
	free(sub);
	return error;
}

/* The paths under `old` and `new` (either may be NULL: empty) whose ids
 * differ (one missing counts as differing), named from `prefix`, into
 * `out`: both trees walked together in git's order, which tree_get checked. */
static int tree_diff(struct hx_build *b, struct hx_paths *out, const git_tree *old,
		     const git_tree *new, const char *prefix, unsigned depth)
{
	size_t i = 0, j = 0, na = old ? git_tree_entrycount(old) : 0;
	size_t nb = new ? git_tree_entrycount(new) : 0;
	int error = 0;

	while (error == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(old, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(new, j) : NULL;
		int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);

		i += cmp <= 0;
		j += cmp >= 0;
		if (cmp != 0 || !git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			error = entry_changed(b, out, cmp <= 0 ? ea : NULL, cmp >= 0 ? eb : NULL,
					      prefix, depth);
	}
	return error;
}

/* Add the paths of `found` to `b`'s pairs, at position `pos`. */
static void pairs_take(struct hx_build *b, struct hx_paths *found, uint32_t pos)
{
	for (size_t i = 0; i < found->count; i++) {
		char *path = found->items[i];

		b->owned.items = isms_grow(b->owned.items, &b->owned.cap, b->owned.count + 1,
					   sizeof(*b->owned.items));
		b->owned.items[b->owned.count++] = path;
		b->pairs = isms_grow(b->pairs, &b->cap, b->count + 1, sizeof(*b->pairs));
		b->pairs[b->count++] = (struct hx_pair){ .path = path, .len = strlen(path),
							 .pos = pos };
	}
	found->count = 0;
}

/* Whether `summary` has a review's form somewhere: ": review" then a space
 * or its end (a review of X is "X: review…", ISMS_REPO_REVIEW_MARK). */
static bool review_form(const char *summary)
{
	size_t n = strlen(ISMS_REPO_REVIEW_MARK);

	for (const char *p = summary; p && (p = strstr(p, ISMS_REPO_REVIEW_MARK)); p++)
		if (p[n] == ' ' || p[n] == '\0')
			return true;
	return false;
}

/* The paths commit `id` changed, as changes_path decides for each (a
 * grafted commit counts as a root), and HX_REVIEWS when its summary has a
 * review's form, at position `pos` into `b`. */
static int commit_changes(struct hx_build *b, const git_oid *id, bool grafted, uint32_t pos)
{
	git_commit *commit = NULL;
	git_tree *mine;
	struct hx_paths found = { 0 }, other = { 0 };
	unsigned parents = 0;
	int error;

	if ((error = git_commit_lookup(&commit, b->git, id)) < 0 ||
	    (error = tree_get(&mine, b, git_commit_tree_id(commit))) < 0)
		goto cleanup;
	parents = grafted ? 0 : git_commit_parentcount(commit);
	if (parents == 0)
		error = tree_diff(b, &found, NULL, mine, "", 0);
	for (unsigned i = 0; i < parents && error == 0; i++) {
		git_commit *parent;
		git_tree *theirs;

		if ((error = git_commit_parent(&parent, commit, i)) < 0)
			break;
		error = tree_get(&theirs, b, git_commit_tree_id(parent));
		git_commit_free(parent);
		if (error == 0)
			error = tree_diff(b, i ? &other : &found, theirs, mine, "", 0);
		if (error == 0 && i)
			paths_keep_common(&found, &other);
	}
	if (error == 0 && review_form(git_commit_summary(commit)))
		paths_add(&found, "", HX_REVIEWS);
	if (error == 0)
		pairs_take(b, &found, pos);
cleanup:
	paths_free(&found);
	paths_free(&other);
	git_commit_free(commit);
	return error;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct hx_pair *x = a, *y = b;
	int c = path_cmp(x->path, x->len, y->path, y->len);

	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* An old commit's position and id, to find it by id. */
struct hx_old {
	git_oid id;
	uint32_t pos;
};

static int old_cmp(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct hx_old *)a)->id, &((const struct hx_old *)b)->id);
}

/* Into `b`, the pairs of the commits of `order`: those `old` has (may be
 * NULL) from it, the others found now. */
int hx_collect(struct hx_build *b, const struct repo_oids *order,
		      const struct repo_oids *shallow, const struct hx *old)
{
	size_t nold = old ? old->commits : 0;
	struct hx_old *byid = isms_calloc(nold + 1, sizeof(*byid));
	uint32_t *moved = isms_calloc(nold + 1, sizeof(*moved));
	const unsigned char *at = old ? old->recs : NULL;
	struct hx_rec rec;
	int error = 0;

	for (size_t i = 0; i < nold; i++) {
		git_oid_fromraw(&byid[i].id, old->table + HX_RAW * i);
		byid[i].pos = (uint32_t)i;
		moved[i] = HX_NONE;
	}
	if (nold > 1)
		qsort(byid, nold, sizeof(*byid), old_cmp);
	for (size_t p = 0; p < order->count && error == 0; p++) {
		struct hx_old key = { .id = order->ids[p] }, *was;

		if (nold && (was = bsearch(&key, byid, nold, sizeof(*byid), old_cmp))) {
			moved[was->pos] = (uint32_t)p;
			continue;
		}
		error = commit_changes(b, &order->ids[p], repo_oids_has(shallow, &order->ids[p]),
				       (uint32_t)p);
		tree_turn(b);
	}
	for (size_t i = 0; old && error == 0 && i < old->paths && hx_next(&rec, &at, old->end); i++)
		for (size_t j = 0; j < rec.count; j++) {
			uint32_t p = moved[get32(rec.pos + 4 * j)];

			if (p == HX_NONE)
				continue;
			b->pairs = isms_grow(b->pairs, &b->cap, b->count + 1, sizeof(*b->pairs));
			b->pairs[b->count++] = (struct hx_pair){ .path = rec.path, .len = rec.len,
								 .pos = p };
		}
	free(byid);
	free(moved);
	return error;
}

/* The index file for `order` (tip's history) and `b`'s pairs, sorted. */
void hx_serialize(struct isms_buf *out, struct hx_build *b, const git_oid *digest,
			 const git_oid *tip, const git_oid *reached, const struct repo_oids *order)
{
	size_t paths = 0;
	git_oid sum;

	if (b->count > 1)
		qsort(b->pairs, b->count, sizeof(*b->pairs), pair_cmp);
	for (size_t i = 0; i < b->count; i++)
		paths += i == 0 || path_cmp(b->pairs[i - 1].path, b->pairs[i - 1].len,
					    b->pairs[i].path, b->pairs[i].len) != 0;
	hx_header(out, digest, tip, reached, order->count, paths, b->count);
	for (size_t i = 0; i < order->count; i++)
		isms_buf_put(out, order->ids[i].id, HX_RAW);
	for (size_t i = 0, n; i < b->count; i += n) {
		for (n = 1; i + n < b->count && b->pairs[i + n].len == b->pairs[i].len &&
			    memcmp(b->pairs[i + n].path, b->pairs[i].path, b->pairs[i].len) == 0; n++)
			;
		put32(out, (uint32_t)b->pairs[i].len);
		put32(out, (uint32_t)n);
		isms_buf_put(out, b->pairs[i].path, b->pairs[i].len);
		for (size_t j = 0; j < n; j++)
			put32(out, b->pairs[i + j].pos);
	}
	git_odb_hash(&sum, out->ptr, out->len, GIT_OBJECT_BLOB);
	isms_buf_put(out, sum.id, HX_RAW);
}

void hx_build_free(struct hx_build *b)
{
	tree_turn(b);
	tree_turn(b);
	free(b->prev);
	free(b->cur);
	free(b->pairs);
	paths_free(&b->owned);
}

