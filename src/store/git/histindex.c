/* SPDX-License-Identifier: MIT */
/* The history index, .git/isms/histindex: for each path, the commits of
 * HEAD's history that changed it, so that the history of one record does
 * not walk all history (DESIGN.md, "Caches, never the truth").
 *
 * "Changed" is log.c's changes_path: the path's blob in the commit differs
 * from its blob in every parent; in a root (or a shallow clone's grafted
 * commit), the path is there. It is found for all paths at once, a commit
 * at a time: the paths whose blob ids differ between the commit's tree and
 * its parent's (trees compared entry by entry, skipping equal subtrees; a
 * mode change is no change), intersected over the parents of a merge; for a
 * root, every path. Each commit's paths depend on nothing but the commit
 * (and the shallow set), so an index keeps them by commit id and brings
 * itself up to date by indexing only the commits it lacks.
 *
 * Under the key HX_REVIEWS, which no tree path can be (it begins with a
 * slash), are the commits whose summary has a review's form (review_form),
 * so that a record's reviews are found without a walk either.
 *
 * The file (integers are 32 bits, little-endian):
 *
 *   ISMS history index\n        the magic line
 *   version 2\n
 *   libgit2 1.5.1\n             the library whose walk gave the order
 *   shallow HEX\n               digest of the shallow clone's grafts (zeros: none)
 *   tip HEX\n                   the HEAD it was built for
 *   reached HEX\n               the grafted commit the walk reached (zeros: none)
 *   commits N\npaths M\nentries K\n\n
 *   N commit ids, 20 bytes each: tip's history in isms_repo_walk's order
 *   M paths (HX_REVIEWS among them), sorted by their bytes, each: its
 *     length, its count C, its bytes, C positions in the commit table
 *     (increasing: newest first)
 *   the SHA-1 of all the above, as git hashes a blob
 *
 * Never trusted over Git: a file missing, of another version or library,
 * for another shallow set, whose checksum or structure is wrong, is
 * rebuilt. One built for another tip is brought up to date (only the
 * commits it lacks are indexed) when that tip is in HEAD's history, and
 * rebuilt otherwise (a reset, a rebase). A path that is a folder, a tree out
 * of git's order or unreadable: the caller walks, as before the index. */
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
#include "isms/fault.h"
#include "isms/fs.h"
#include "isms/repo.h"
#include "git.h"

#define HX_MAGIC "ISMS history index\n"
#define HX_VERSION 2
#define HX_RAW GIT_OID_RAWSZ
#define HX_LIMIT ((size_t)1 << 31)
#define HX_HEAD_MAX 1024
#define HX_DEPTH_MAX 256
#define HX_NONE UINT32_MAX
/* The key of the commits that may be reviews: not a path (plain_path). */
#define HX_REVIEWS "/reviews"

static bool hx_enabled = true;

void repo_histindex_use(bool on)
{
	hx_enabled = on;
}

/* An index as read from its file (which `file` holds). */
struct hx {
	struct isms_buf file;
	git_oid tip, reached;
	size_t commits, paths, entries;
	const unsigned char *table;  /* `commits` ids */
	const unsigned char *recs;   /* the first path */
	const unsigned char *end;    /* after the last */
};

/* One path of an index. */
struct hx_rec {
	const char *path;
	size_t len, count;
	const unsigned char *pos;  /* `count` positions */
};

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(struct isms_buf *b, uint32_t v)
{
	unsigned char p[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

	isms_buf_put(b, p, sizeof(p));
}

static int path_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

static void hx_header(struct isms_buf *out, const git_oid *digest, const git_oid *tip,
		      const git_oid *reached, size_t commits, size_t paths, size_t entries)
{
	char s[GIT_OID_HEXSZ + 1], t[GIT_OID_HEXSZ + 1], r[GIT_OID_HEXSZ + 1];
	int major, minor, rev;

	git_libgit2_version(&major, &minor, &rev);
	isms_buf_printf(out, HX_MAGIC "version %d\nlibgit2 %d.%d.%d\nshallow %s\ntip %s\n"
			"reached %s\ncommits %zu\npaths %zu\nentries %zu\n\n", HX_VERSION, major,
			minor, rev, git_oid_tostr(s, sizeof(s), digest),
			git_oid_tostr(t, sizeof(t), tip), git_oid_tostr(r, sizeof(r), reached),
			commits, paths, entries);
}

/* The next path record at *at, before `end`; false when it does not fit. */
static bool hx_next(struct hx_rec *rec, const unsigned char **at, const unsigned char *end)
{
	const unsigned char *p = *at;
	size_t left = (size_t)(end - p);

	if (left < 8)
		return false;
	rec->len = get32(p);
	rec->count = get32(p + 4);
	left -= 8;
	if (rec->len > left || rec->count > (left - rec->len) / 4)
		return false;
	rec->path = (const char *)p + 8;
	rec->pos = p + 8 + rec->len;
	*at = rec->pos + 4 * rec->count;
	return true;
}

/* Every path record well formed: paths not empty, without NUL, in strict
 * order; positions increasing, in the table; the counts as the header says. */
static bool hx_check_paths(const struct hx *ix)
{
	const unsigned char *at = ix->recs;
	struct hx_rec rec, prev = { 0 };
	size_t entries = 0;

	for (size_t i = 0; i < ix->paths; i++) {
		if (!hx_next(&rec, &at, ix->end) || rec.len == 0 || rec.count == 0 ||
		    memchr(rec.path, '\0', rec.len) ||
		    (i && path_cmp(prev.path, prev.len, rec.path, rec.len) >= 0))
			return false;
		for (size_t j = 0; j < rec.count; j++)
			if (get32(rec.pos + 4 * j) >= ix->commits ||
			    (j && get32(rec.pos + 4 * j) <= get32(rec.pos + 4 * (j - 1))))
				return false;
		entries += rec.count;
		prev = rec;
	}
	return at == ix->end && entries == ix->entries;
}

/* Read the index in ix->file, for the shallow set whose digest is
 * `digest`: false when anything in it is not exactly as written. */
static bool hx_parse(struct hx *ix, const git_oid *digest)
{
	const unsigned char *data = (const unsigned char *)ix->file.ptr;
	size_t len = ix->file.len, head, n = len < HX_HEAD_MAX ? len : HX_HEAD_MAX - 1;
	char copy[HX_HEAD_MAX], tip[GIT_OID_HEXSZ + 1], reached[GIT_OID_HEXSZ + 1];
	const char *end, *vars;
	unsigned long long commits, paths, entries;
	struct isms_buf want = ISMS_BUF_INIT;
	git_oid sum;
	bool same;

	if (!data || len < HX_RAW)
		return false;
	memcpy(copy, data, n);
	copy[n] = '\0';
	if (!(end = strstr(copy, "\n\n")) || !(vars = strstr(copy, "\ntip ")) ||
	    sscanf(vars, "\ntip %40s\nreached %40s\ncommits %llu\npaths %llu\nentries %llu", tip,
		   reached, &commits, &paths, &entries) != 5 ||
	    git_oid_fromstr(&ix->tip, tip) < 0 || git_oid_fromstr(&ix->reached, reached) < 0 ||
	    commits > len || paths > len || entries > len)
		return false;
	/* The header exactly as this version writes it, for this library and
	 * this shallow set. */
	head = (size_t)(end - copy) + 2;
	hx_header(&want, digest, &ix->tip, &ix->reached, commits, paths, entries);
	same = want.len == head && memcmp(want.ptr, data, head) == 0;
	isms_buf_free(&want);
	if (!same || len - HX_RAW < head ||
	    git_odb_hash(&sum, data, len - HX_RAW, GIT_OBJECT_BLOB) < 0 ||
	    memcmp(sum.id, data + len - HX_RAW, HX_RAW) != 0 ||
	    (len - HX_RAW - head) / HX_RAW < commits)
		return false;
	ix->commits = commits;
	ix->paths = paths;
	ix->entries = entries;
	ix->table = data + head;
	ix->recs = ix->table + HX_RAW * commits;
	ix->end = data + len - HX_RAW;
	return hx_check_paths(ix);
}

static char *hx_path(struct isms_repo *repo)
{
	return isms_path_join(isms_repo_gitdir(repo), "isms/histindex");
}

/* The index of `repo`, if there is a sound one: false otherwise. */
static bool hx_load(struct hx *ix, struct isms_repo *repo, const git_oid *digest)
{
	char *path = hx_path(repo);
	bool ok = isms_fs_read(&ix->file, path, HX_LIMIT) == 0 && hx_parse(ix, digest);

	free(path);
	isms_error_clear();
	git_error_clear();
	if (!ok) {
		isms_buf_free(&ix->file);
		memset(ix, 0, sizeof(*ix));
	}
	return ok;
}

/* The positions of the commits of `ix` that changed `path` (`mine`) and of
 * those whose summary has a review's form (`reviews`), as hx_answer finds
 * them (ISMS_EINVALID for a folder); either may stay empty (count 0). */
static int hx_find(struct hx_rec *mine, struct hx_rec *reviews, const struct hx *ix,
		   const char *path)
{
	const unsigned char *at = ix->recs;
	size_t len = strlen(path), rlen = strlen(HX_REVIEWS);
	struct hx_rec rec;

	memset(mine, 0, sizeof(*mine));
	memset(reviews, 0, sizeof(*reviews));
	for (size_t i = 0; i < ix->paths && hx_next(&rec, &at, ix->end); i++) {
		if (rec.len > len && rec.path[len] == '/' && memcmp(rec.path, path, len) == 0)
			return isms_error_set(ISMS_EINVALID, "%s is a folder", path);
		if (rec.len == len && memcmp(rec.path, path, len) == 0)
			*mine = rec;
		else if (rec.len == rlen && memcmp(rec.path, HX_REVIEWS, rlen) == 0)
			*reviews = rec;
	}
	return 0;
}

/* Into `out`, in order, the commits of `ix` in `mine` or `reviews` (both
 * increasing), and whether each is in `mine` into *changed. */
static void hx_union(struct repo_oids *out, bool **changed, const struct hx *ix,
		     const struct hx_rec *mine, const struct hx_rec *reviews)
{
	size_t i = 0, j = 0, n = 0;
	git_oid id;

	*changed = isms_calloc(mine->count + reviews->count + 1, sizeof(**changed));
	while (i < mine->count || j < reviews->count) {
		uint32_t a = i < mine->count ? get32(mine->pos + 4 * i) : HX_NONE;
		uint32_t r = j < reviews->count ? get32(reviews->pos + 4 * j) : HX_NONE;
		uint32_t p = a < r ? a : r;

		(*changed)[n++] = a == p;
		i += a == p;
		j += r == p;
		git_oid_fromraw(&id, ix->table + HX_RAW * p);
		repo_oids_add(out, &id);
	}
}

/* The commits of `ix` (for HEAD) that changed `path`, in order.
 * ISMS_EINVALID when `path` is a folder in some commit: the walk compares
 * the folder's tree, the index knows only what is not a folder. */
static int hx_answer(struct repo_oids *out, git_oid *reached, const struct hx *ix,
		     const char *path)
{
	struct hx_rec rec, reviews;
	git_oid id;
	int error;

	git_oid_cpy(reached, &ix->reached);
	if ((error = hx_find(&rec, &reviews, ix, path)) < 0)
		return error;
	for (size_t j = 0; j < rec.count; j++) {
		git_oid_fromraw(&id, ix->table + HX_RAW * get32(rec.pos + 4 * j));
		repo_oids_add(out, &id);
	}
	return 0;
}

/* Building */

/* A path a commit changed, and the commit's position. */
struct hx_pair {
	const char *path;
	size_t len;
	uint32_t pos;
};

struct hx_paths {
	char **items;
	size_t count, cap;
};

/* The trees read for the commit being indexed (`cur`) and for the one
 * before it (`prev`): its parent's trees are often the next one's own. */
struct hx_tree {
	git_oid id;
	git_tree *tree;
};

struct hx_build {
	git_repository *git;
	struct hx_pair *pairs;
	size_t count, cap;
	struct hx_paths owned;  /* the paths found, which pairs point to */
	struct hx_tree *prev, *cur;
	size_t nprev, ncur, capprev, capcur;
};

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
static int hx_collect(struct hx_build *b, const struct repo_oids *order,
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
static void hx_serialize(struct isms_buf *out, struct hx_build *b, const git_oid *digest,
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

static void hx_build_free(struct hx_build *b)
{
	tree_turn(b);
	tree_turn(b);
	free(b->prev);
	free(b->cur);
	free(b->pairs);
	paths_free(&b->owned);
}

/* Save the index `data`; a repository we may not write to keeps none.
 * A cache is no step of the writes whose steps the fault seam counts
 * (isms/fault.h), and its failure is nobody's error: the seam is off
 * meanwhile. */
static void hx_save(struct isms_repo *repo, const struct isms_buf *data)
{
	char *path = hx_path(repo), *dir = isms_path_join(isms_repo_gitdir(repo), "isms");
	bool (*hook)(const char *step) = isms_fault_hook;

	isms_fault_hook = NULL;
	if (isms_fs_mkdirs(dir, 0700) == 0)
		isms_fs_write_atomic(path, data->ptr, data->len, 0666 & ~isms_fs_umask(),
				     ISMS_FS_REPLACE);
	isms_fault_hook = hook;
	isms_error_clear();
	free(path);
	free(dir);
}

/* Bring `old` (NULL: none) up to `head` or build the index anew, save it,
 * and make *fresh what was saved. */
static int hx_update(struct hx *fresh, struct isms_repo *repo, const git_oid *head,
		     const struct repo_oids *shallow, const git_oid *digest, struct hx *old)
{
	struct hx_build b = { .git = repo->git };
	struct repo_oids order = { 0 };
	git_oid far;
	int error;

	/* Its tip in HEAD's history: only the commits since are new. Otherwise
	 * (a reset, a rebase), start again. */
	if (old && git_graph_descendant_of(repo->git, head, &old->tip) != 1)
		old = NULL;
	git_error_clear();
	if ((error = repo_walk_order(&order, &far, repo->git, shallow, head)) < 0)
		goto cleanup;
	if (order.count >= HX_NONE) {
		error = isms_error_set(ISMS_ELIMIT, "too many commits for the history index");
		goto cleanup;
	}
	if ((error = hx_collect(&b, &order, shallow, old)) < 0)
		goto cleanup;
	hx_serialize(&fresh->file, &b, digest, head, &far, &order);
	if (!hx_parse(fresh, digest)) {
		error = isms_error_set(ISMS_ERROR, "the history index built does not read back");
		goto cleanup;
	}
	hx_save(repo, &fresh->file);
cleanup:
	hx_build_free(&b);
	repo_oids_free(&order);
	return error;
}

/* A path as trees name it: components that are not empty, ".", "..". */
static bool plain_path(const char *path)
{
	for (const char *p = path;; ) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

/* The index for `head`, loaded, or brought up to date, or built. */
static int hx_current(struct hx *ix, struct isms_repo *repo, const git_oid *head,
		      const struct repo_oids *shallow)
{
	struct hx old = { 0 };
	git_oid digest;
	int error = 0;

	memset(ix, 0, sizeof(*ix));
	memset(&digest, 0, sizeof(digest));
	if (shallow->count)
		git_odb_hash(&digest, shallow->ids, shallow->count * sizeof(*shallow->ids),
			     GIT_OBJECT_BLOB);
	if (hx_load(&old, repo, &digest) && git_oid_equal(&old.tip, head)) {
		*ix = old;
		return 0;
	}
	error = hx_update(ix, repo, head, shallow, &digest, old.file.ptr ? &old : NULL);
	isms_buf_free(&old.file);
	if (error < 0) {
		isms_buf_free(&ix->file);
		memset(ix, 0, sizeof(*ix));
	}
	return error;
}

int repo_histindex_log(struct repo_oids *out, git_oid *reached, struct isms_repo *repo,
		       const git_oid *head, const struct repo_oids *shallow, const char *path)
{
	struct hx ix = { 0 };
	int error;

	memset(out, 0, sizeof(*out));
	if (!hx_enabled)
		return isms_error_set(ISMS_EINVALID, "the history index is off");
	if (!plain_path(path))
		return isms_error_set(ISMS_EINVALID, "%s: not a path in a tree", path);
	if ((error = hx_current(&ix, repo, head, shallow)) == 0)
		error = hx_answer(out, reached, &ix, path);
	isms_buf_free(&ix.file);
	return error;
}

int repo_histindex_paths(char ***out, size_t *count, struct isms_repo *repo,
			 const git_oid *head, const struct repo_oids *shallow, const char *folder)
{
	struct hx ix = { 0 };
	struct hx_rec rec;
	const unsigned char *at;
	size_t len = strlen(folder);
	int error;

	*out = NULL;
	*count = 0;
	if (!hx_enabled)
		return isms_error_set(ISMS_EINVALID, "the history index is off");
	if ((error = hx_current(&ix, repo, head, shallow)) < 0)
		goto cleanup;
	at = ix.recs;
	for (size_t i = 0; i < ix.paths && hx_next(&rec, &at, ix.end); i++) {
		if (rec.len <= len + 1 || rec.path[len] != '/' || memcmp(rec.path, folder, len) != 0 ||
		    rec.path[0] == '/')
			continue;
		*out = isms_realloc(*out, (*count + 1) * sizeof(**out));
		(*out)[(*count)++] = isms_strndup(rec.path + len + 1, rec.len - len - 1);
	}
cleanup:
	isms_buf_free(&ix.file);
	return error;
}

int repo_histindex_reviews(struct repo_oids *out, bool **changed, git_oid *reached,
			   struct isms_repo *repo, const git_oid *head,
			   const struct repo_oids *shallow, const char *path)
{
	struct hx ix = { 0 };
	struct hx_rec mine, reviews;
	int error;

	memset(out, 0, sizeof(*out));
	*changed = NULL;
	if (!hx_enabled)
		return isms_error_set(ISMS_EINVALID, "the history index is off");
	if (!plain_path(path))
		return isms_error_set(ISMS_EINVALID, "%s: not a path in a tree", path);
	if ((error = hx_current(&ix, repo, head, shallow)) == 0 &&
	    (error = hx_find(&mine, &reviews, &ix, path)) == 0) {
		git_oid_cpy(reached, &ix.reached);
		hx_union(out, changed, &ix, &mine, &reviews);
	}
	isms_buf_free(&ix.file);
	return error;
}
