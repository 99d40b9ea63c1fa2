/* SPDX-License-Identifier: MIT */
/* The trees of the history as the history index's build reads them: each
 * tree object's bytes, where each entry starts, checked as git writes
 * trees; and the paths two trees hold with different ids. Two versions of
 * a folder of thousands of records differ in a few entries: the bytes they
 * share at the start and at the end are passed over whole, and only the
 * entries between are compared. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "git.h"
#include "histindex.h"

/* One entry of a tree: "MODE NAME\0" and the 20 bytes of its id. */
struct entry {
	const char *name;
	size_t len;
	const unsigned char *id;
	bool folder;
};

/* Entry `i` (tree_parse checked its form). A folder's mode is 40000 (or
 * 040000), as libgit2 reads modes. */
static void entry_at(struct entry *e, const struct hx_tree *t, size_t i)
{
	const unsigned char *p = t->data + t->at[i], *end = t->data + t->at[i + 1];
	unsigned mode = 0;

	while (*p != ' ')
		mode = mode * 8 + (unsigned)(*p++ - '0');
	e->name = (const char *)p + 1;
	e->len = (size_t)(end - HX_RAW - 1 - (p + 1));
	e->id = end - HX_RAW;
	e->folder = (mode & 0170000) == 0040000;
}

void hx_paths_add(struct hx_paths *ps, const char *prefix, const char *name, size_t len)
{
	ps->items = isms_grow(ps->items, &ps->cap, ps->count + 1, sizeof(*ps->items));
	ps->items[ps->count++] = isms_asprintf("%s%.*s", prefix, (int)len, name);
}

/* Names in git's order: a folder's name sorts as if it ended in '/'. */
static int name_cmp(const struct entry *a, const struct entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca = n < a->len ? (unsigned char)a->name[n] : a->folder ? '/' : 0;
	unsigned char cb = n < b->len ? (unsigned char)b->name[n] : b->folder ? '/' : 0;

	return c ? c : ca - cb;
}

/* The bounds of the entry at *pos of t's bytes, as entry t->count (at[]
 * grown to hold its end); false when there is none as git writes them:
 * an octal mode, one space, a name, its NUL and 20 bytes of id. */
static bool entry_next(struct hx_tree *t, size_t *cap, size_t *pos)
{
	const unsigned char *p = t->data + *pos, *end = t->data + t->size, *nul;
	size_t digits = 0;

	while (p + digits < end && p[digits] >= '0' && p[digits] <= '7' && digits < 7)
		digits++;
	if (!digits || p + digits >= end || p[digits] != ' ' ||
	    !(nul = memchr(p + digits + 1, '\0', (size_t)(end - p - digits - 1))) ||
	    (size_t)(end - nul) < 1 + HX_RAW)
		return false;
	t->at = isms_grow(t->at, cap, t->count + 2, sizeof(*t->at));
	t->at[t->count] = (uint32_t)*pos;
	*pos = (size_t)(nul + 1 + HX_RAW - t->data);
	t->at[t->count + 1] = (uint32_t)*pos;
	return true;
}

/* Whether entry `i`'s name is one path component, after entry i - 1's in
 * git's order, and, for a folder, no file before it has its name (a file
 * "x" sorts before "x-1", "x.a" and the folder "x", which sorts as "x/"). */
static bool entry_ok(const struct hx_tree *t, size_t i)
{
	struct entry e, before;

	entry_at(&e, t, i);
	if (!e.len || memchr(e.name, '/', e.len) || (e.len == 1 && e.name[0] == '.') ||
	    (e.len == 2 && e.name[0] == '.' && e.name[1] == '.'))
		return false;
	if (i && (entry_at(&before, t, i - 1), name_cmp(&before, &e) >= 0))
		return false;
	for (size_t k = i; e.folder && k-- > 0;) {
		entry_at(&before, t, k);
		if (before.len < e.len || memcmp(before.name, e.name, e.len) != 0 ||
		    (before.len > e.len && (unsigned char)before.name[e.len] >= '/'))
			break;
		if (before.len == e.len)
			return false;
	}
	return true;
}

/* How many bytes `a` and `b` share at their start. */
static size_t common_start(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t at = 0;

	while (at + 4096 <= n && memcmp(a + at, b + at, 4096) == 0)
		at += 4096;
	while (at < n && a[at] == b[at])
		at++;
	return at;
}

/* How many bytes the `n` before `a` and before `b` share at their end. */
static size_t common_end(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t at = 0;

	while (at + 4096 <= n && memcmp(a - at - 4096, b - at - 4096, 4096) == 0)
		at += 4096;
	while (at < n && a[-(ptrdiff_t)at - 1] == b[-(ptrdiff_t)at - 1])
		at++;
	return at;
}

/* The entries that lie wholly in t's first `n` bytes. */
static size_t entries_within(const struct hx_tree *t, size_t n)
{
	size_t lo = 0, hi = t->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->at[mid + 1] <= n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where each entry of t's bytes starts (t->at, t->count), every entry
 * checked. With `like`, a tree already read whose bytes are mostly t's (a
 * version of the same folder): the entries t starts with as `like` does,
 * and those it ends with as `like` does, are like's, checked already; only
 * those between are read and checked, and the first after them. */
static bool tree_parse(struct hx_tree *t, const struct hx_tree *like)
{
	size_t pos = 0, cap = 0, from = 0, tail = 0, same_end = 0;

	t->count = 0;
	if (like) {
		size_t least = t->size < like->size ? t->size : like->size;
		size_t start = common_start(t->data, like->data, least);

		t->count = entries_within(like, start);
		t->at = isms_grow(t->at, &cap, t->count + 1, sizeof(*t->at));
		memcpy(t->at, like->at, (t->count + 1) * sizeof(*t->at));
		pos = t->at[t->count];
		same_end = common_end(t->data + t->size, like->data + like->size, least - pos);
		from = t->head = t->count;
		tail = like->count;
		t->has_like = true;
		git_oid_cpy(&t->like, &like->id);
		/* like's first entry of those it ends with as t does. */
		while (tail > from && like->size - like->at[tail - 1] <= same_end)
			tail--;
	}
	while (pos < t->size) {
		while (like && tail < like->count && like->size - like->at[tail] > t->size - pos)
			tail++;
		if (like && tail < like->count && t->size - pos == like->size - like->at[tail]) {
			/* The rest is like's, entry for entry. */
			size_t n = like->count - tail, first = t->count;

			t->at = isms_grow(t->at, &cap, t->count + n + 1, sizeof(*t->at));
			for (size_t i = 0; i <= n; i++)
				t->at[first + i] = (uint32_t)(t->size - (like->size - like->at[tail + i]));
			t->count += n;
			t->tail = first;
			t->like_tail = tail;
			/* The first has a new neighbour; a folder's files may be new. */
			for (size_t i = first; i < t->count; i++) {
				struct entry e;

				if (i == first || (entry_at(&e, t, i), e.folder))
					if (!entry_ok(t, i))
						return false;
			}
			return true;
		}
		if (!entry_next(t, &cap, &pos) || !entry_ok(t, t->count))
			return false;
		t->count++;
	}
	if (!t->at)
		t->at = isms_calloc(1, sizeof(*t->at));
	t->at[t->count] = (uint32_t)t->size;
	t->tail = t->count;
	t->like_tail = like ? like->count : 0;
	return true;
}

static void tree_free(struct hx_tree *t)
{
	if (!t)
		return;
	git_odb_object_free(t->obj);
	free(t->at);
	free(t);
}

/* Tree `id`, read (mostly like `like`, when not NULL: see tree_parse);
 * an error when it is not a tree as git writes them. */
static int tree_read(struct hx_tree **out, git_odb *odb, const git_oid *id,
		     const struct hx_tree *like)
{
	struct hx_tree *t = isms_calloc(1, sizeof(*t));
	int error;

	*out = NULL;
	git_oid_cpy(&t->id, id);
	if ((error = git_odb_read(&t->obj, odb, id)) < 0) {
		free(t);
		return error;
	}
	t->data = git_odb_object_data(t->obj);
	t->size = git_odb_object_size(t->obj);
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE || t->size >= UINT32_MAX ||
	    !tree_parse(t, like)) {
		tree_free(t);
		return isms_error_set(ISMS_EINVALID, "a tree not as git writes them");
	}
	*out = t;
	return 0;
}

static void keep(struct hx_build *b, struct hx_tree *t)
{
	b->cur = isms_grow(b->cur, &b->capcur, b->ncur + 1, sizeof(*b->cur));
	b->cur[b->ncur++] = t;
}

/* The tree `id` when it was read for this commit or the one before it
 * (each stays where it is in memory until hx_tree_turn frees it), or NULL. */
static const struct hx_tree *tree_find(struct hx_build *b, const git_oid *id)
{
	for (size_t i = 0; i < b->nprev; i++)
		if (git_oid_equal(&b->prev[i]->id, id)) {
			struct hx_tree *t = b->prev[i];

			b->prev[i] = b->prev[--b->nprev];
			keep(b, t);
			return t;
		}
	/* (Not looked for among very many: a commit of thousands of folders
	 * would make this quadratic; such a tree is read again.) */
	for (size_t i = 0; i < b->ncur && b->ncur < 256; i++)
		if (git_oid_equal(&b->cur[i]->id, id))
			return b->cur[i];
	return NULL;
}

/* Trees `a` and `b` (either NULL: none) into *ta and *tb: those read
 * already found, the other read like the one found. */
static int trees_get(const struct hx_tree **ta, const struct hx_tree **tb, struct hx_build *b,
		     const git_oid *a, const git_oid *bid)
{
	struct hx_tree *t;
	int error;

	*ta = a ? tree_find(b, a) : NULL;
	*tb = bid ? tree_find(b, bid) : NULL;
	if (a && !*ta) {
		if ((error = tree_read(&t, b->odb, a, *tb)) < 0)
			return error;
		keep(b, t);
		*ta = t;
	}
	if (bid && !*tb) {
		if ((error = tree_read(&t, b->odb, bid, *ta)) < 0)
			return error;
		keep(b, t);
		*tb = t;
	}
	return 0;
}

void hx_tree_turn(struct hx_build *b)
{
	struct hx_tree **t = b->prev;
	size_t cap = b->capprev;

	for (size_t i = 0; i < b->nprev; i++)
		tree_free(b->prev[i]);
	b->prev = b->cur;
	b->nprev = b->ncur;
	b->capprev = b->capcur;
	b->cur = t;
	b->ncur = 0;
	b->capcur = cap;
}

static int tree_diff(struct hx_build *b, struct hx_paths *out, const struct hx_tree *old,
		     const struct hx_tree *new, const char *prefix, unsigned depth);

/* Entry `ea` of the old tree and `eb` of the new (either may be NULL: not
 * there), of one name, differ: the paths they hold, into `out`. */
static int entry_changed(struct hx_build *b, struct hx_paths *out, const struct entry *ea,
			 const struct entry *eb, const char *prefix, unsigned depth)
{
	const struct entry *e = ea ? ea : eb;
	const struct hx_tree *ta, *tb;
	git_oid ida, idb;
	char *sub;
	int error = 0;

	if (!e->folder) {
		hx_paths_add(out, prefix, e->name, e->len);
		return 0;
	}
	if (depth >= HX_DEPTH_MAX)
		return isms_error_set(ISMS_ELIMIT, "folders nested too deep");
	if (ea)
		git_oid_fromraw(&ida, ea->id);
	if (eb)
		git_oid_fromraw(&idb, eb->id);
	if ((error = trees_get(&ta, &tb, b, ea ? &ida : NULL, eb ? &idb : NULL)) < 0)
		return error;
	sub = isms_asprintf("%s%.*s/", prefix, (int)e->len, e->name);
	error = tree_diff(b, out, ta, tb, sub, depth + 1);
	free(sub);
	return error;
}

/* The paths under `old` and `new` (either may be NULL: empty) whose ids
 * differ (one missing counts as differing), named from `prefix`, into
 * `out`. The entries the two share byte for byte at the start and at the
 * end are passed over; those between are walked together in git's order,
 * which tree_parse checked. */
static int tree_diff(struct hx_build *b, struct hx_paths *out, const struct hx_tree *old,
		     const struct hx_tree *new, const char *prefix, unsigned depth)
{
	size_t i = 0, j = 0, na = old ? old->count : 0, nb = new ? new->count : 0;
	int error = 0;

	if (old && new && new->has_like && git_oid_equal(&new->like, &old->id)) {
		i = j = new->head;  /* what tree_parse found */
		na = new->like_tail;
		nb = new->tail;
	} else if (old && new && old->has_like && git_oid_equal(&old->like, &new->id)) {
		i = j = old->head;
		na = old->tail;
		nb = old->like_tail;
	} else if (old && new) {
		size_t least = old->size < new->size ? old->size : new->size;
		size_t start = common_start(old->data, new->data, least);
		size_t end = common_end(old->data + old->size, new->data + new->size, least - start);

		/* Parsed from the same bytes, the two start alike. */
		i = j = entries_within(old, start);
		if (entries_within(new, start) != i)
			return isms_error_set(ISMS_ERROR, "trees that read differently from the same bytes");
		/* Entries as far from the end in both, within the bytes they end
		 * alike with, are the same entries. */
		while (na > i && nb > j && old->size - old->at[na - 1] == new->size - new->at[nb - 1] &&
		       old->size - old->at[na - 1] <= end) {
			na--;
			nb--;
		}
	}
	while (error == 0 && (i < na || j < nb)) {
		struct entry ea, eb;
		int cmp;

		if (i < na)
			entry_at(&ea, old, i);
		if (j < nb)
			entry_at(&eb, new, j);
		cmp = i >= na ? 1 : j >= nb ? -1 : name_cmp(&ea, &eb);
		i += cmp <= 0;
		j += cmp >= 0;
		if (cmp != 0 || memcmp(ea.id, eb.id, HX_RAW) != 0)
			error = entry_changed(b, out, cmp <= 0 ? &ea : NULL, cmp >= 0 ? &eb : NULL,
					      prefix, depth);
	}
	return error;
}

int hx_tree_changes(struct hx_build *b, struct hx_paths *out, const git_oid *old,
		    const git_oid *new)
{
	const struct hx_tree *a, *t;
	int error;

	if (!b->odb && (error = git_repository_odb(&b->odb, b->git)) < 0)
		return error;
	if ((error = trees_get(&a, &t, b, old, new)) < 0)
		return error;
	return tree_diff(b, out, a, t, "", 0);
}

void hx_trees_free(struct hx_build *b)
{
	hx_tree_turn(b);
	hx_tree_turn(b);
	free(b->prev);
	free(b->cur);
	git_odb_free(b->odb);
	b->odb = NULL;
}
