/* SPDX-License-Identifier: MIT */
/* Building the history index (see histindex.c for what it is): for each
 * commit, the paths whose blob differs from every parent's (trees compared
 * in histindex_tree.c; intersected over a merge's parents; every path for
 * a root), and the commits whose summary has a review's form; then the
 * file, sorted by path. */
#include "config.h"

#include <git2.h>
#include <pthread.h>
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
	struct hx_paths found = { 0 }, other = { 0 };
	unsigned parents = 0;
	int error;

	if ((error = git_commit_lookup(&commit, b->git, id)) < 0)
		goto cleanup;
	parents = grafted ? 0 : git_commit_parentcount(commit);
	if (parents == 0)
		error = hx_tree_changes(b, &found, NULL, git_commit_tree_id(commit));
	for (unsigned i = 0; i < parents && error == 0; i++) {
		git_commit *parent;

		if ((error = git_commit_parent(&parent, commit, i)) < 0)
			break;
		error = hx_tree_changes(b, i ? &other : &found, git_commit_tree_id(parent),
					git_commit_tree_id(commit));
		git_commit_free(parent);
		if (error == 0 && i)
			paths_keep_common(&found, &other);
	}
	if (error == 0 && review_form(git_commit_summary(commit)))
		hx_paths_add(&found, "", HX_REVIEWS, strlen(HX_REVIEWS));
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

/* What commits todo[0..n) of `order` changed, into `b`. */
static int changes_of(struct hx_build *b, const struct repo_oids *order,
		      const struct repo_oids *shallow, const uint32_t *todo, size_t n)
{
	int error = 0;

	for (size_t i = 0; i < n && error == 0; i++) {
		const git_oid *id = &order->ids[todo[i]];

		error = commit_changes(b, id, repo_oids_has(shallow, id), todo[i]);
		hx_tree_turn(b);
	}
	return error;
}

/* Half of the commits to index, worked out in a thread of its own with a
 * libgit2 handle of its own on the same repository. */
struct half {
	pthread_t thread;
	const char *gitdir;
	struct hx_build b;
	const struct repo_oids *order, *shallow;
	const uint32_t *todo;
	size_t n;
	int error;
	struct isms_error why;  /* errors are per thread */
};

static void *half_run(void *arg)
{
	struct half *h = arg;

	h->error = git_repository_open_ext(&h->b.git, h->gitdir,
					   GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL);
	if (h->error < 0)
		h->error = repo_git_fail(h->error, h->gitdir);
	else
		h->error = changes_of(&h->b, h->order, h->shallow, h->todo, h->n);
	if (h->error < 0)
		h->why = *isms_error_last();
	return NULL;
}

/* Move what `h` found into `b`. */
static void take_half(struct hx_build *b, struct hx_build *h)
{
	for (size_t i = 0; i < h->count; i++) {
		b->pairs = isms_grow(b->pairs, &b->cap, b->count + 1, sizeof(*b->pairs));
		b->pairs[b->count++] = h->pairs[i];
	}
	for (size_t i = 0; i < h->owned.count; i++) {
		b->owned.items = isms_grow(b->owned.items, &b->owned.cap, b->owned.count + 1,
					   sizeof(*b->owned.items));
		b->owned.items[b->owned.count++] = h->owned.items[i];
	}
	h->owned.count = 0;
	hx_build_free(h);
	git_repository_free(h->git);
}

/* What commits todo[0..n) changed: with many, the second half in a thread
 * of its own, beside the first (a history of thousands of commits is read
 * on two cores). */
static int changes_split(struct hx_build *b, const struct repo_oids *order,
			 const struct repo_oids *shallow, const uint32_t *todo, size_t n)
{
	struct half h = { .gitdir = git_repository_path(b->git), .order = order,
			  .shallow = shallow, .todo = todo + n / 2, .n = n - n / 2 };
	int error;

	if (n < 1024 || pthread_create(&h.thread, NULL, half_run, &h) != 0)
		return changes_of(b, order, shallow, todo, n);
	error = changes_of(b, order, shallow, todo, n / 2);
	pthread_join(h.thread, NULL);
	if (error == 0 && h.error < 0)
		error = isms_error_set_at(h.why.code, h.why.line, h.why.column, "%s", h.why.message);
	take_half(b, &h.b);
	return error;
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
	uint32_t *todo = isms_calloc(order->count + 1, sizeof(*todo));
	size_t ntodo = 0;
	struct hx_rec rec;
	int error;

	for (size_t i = 0; i < nold; i++) {
		git_oid_fromraw(&byid[i].id, old->table + HX_RAW * i);
		byid[i].pos = (uint32_t)i;
		moved[i] = HX_NONE;
	}
	if (nold > 1)
		qsort(byid, nold, sizeof(*byid), old_cmp);
	for (size_t p = 0; p < order->count; p++) {
		struct hx_old key = { .id = order->ids[p] }, *was;

		if (nold && (was = bsearch(&key, byid, nold, sizeof(*byid), old_cmp)))
			moved[was->pos] = (uint32_t)p;
		else
			todo[ntodo++] = (uint32_t)p;
	}
	error = changes_split(b, order, shallow, todo, ntodo);
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
	free(todo);
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
	hx_trees_free(b);
	free(b->pairs);
	paths_free(&b->owned);
}

