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
#include "histindex.h"

static bool hx_enabled = true;

void repo_histindex_use(bool on)
{
	hx_enabled = on;
}

uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void put32(struct isms_buf *b, uint32_t v)
{
	unsigned char p[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

	isms_buf_put(b, p, sizeof(p));
}

int path_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

void hx_header(struct isms_buf *out, const git_oid *digest, const git_oid *tip,
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
bool hx_next(struct hx_rec *rec, const unsigned char **at, const unsigned char *end)
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
	bool quiet;
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
	/* Reading every tree of the history, libgit2 would hash each object
	 * again to check it against its id (over half the build's time, on
	 * large folders); git does not when it reads, and the index is only a
	 * cache of what the trees say. The check is back on for the rest. (Not
	 * while a thread reads the working tree's status: the option is the
	 * process's, and only this thread starts such threads.) */
	quiet = repo_status_jobs() == 0;
	if (quiet)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	error = hx_collect(&b, &order, shallow, old);
	if (quiet)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	if (error < 0)
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
