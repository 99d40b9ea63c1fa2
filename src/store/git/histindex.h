/* SPDX-License-Identifier: MIT */
/* What the history index's two files share (histindex.c reads, answers and
 * keeps the index; histindex_build.c works out what each commit changed and
 * writes the file): its format's constants, the index as read, the build.
 * Private to src/store/git. */
#ifndef ISMS_STORE_GIT_HISTINDEX_H
#define ISMS_STORE_GIT_HISTINDEX_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "isms/buf.h"
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

/* A tree object's bytes, and where each of its entries starts (at[count]
 * is the end). When it was read like tree `like` (has_like), its entries
 * before `head` and from `tail` on are like's before `head` and from
 * `like_tail` on. */
struct hx_tree {
	git_oid id;
	git_odb_object *obj;
	const unsigned char *data;
	size_t size, count;
	uint32_t *at;
	bool has_like;
	git_oid like;
	size_t head, tail, like_tail;
};

/* The trees read for the commit being indexed (`cur`) and for the one
 * before it (`prev`): its parent's trees are often the next one's own. */
struct hx_build {
	git_repository *git;
	git_odb *odb;
	struct hx_pair *pairs;
	size_t count, cap;
	struct hx_paths owned;  /* the paths found, which pairs point to */
	struct hx_tree **prev, **cur;
	size_t nprev, ncur, capprev, capcur;
};

/* histindex.c */

uint32_t get32(const unsigned char *p);
void put32(struct isms_buf *b, uint32_t v);
/* Paths compared by their bytes, a shorter one first. */
int path_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* The file's header lines, up to the blank line. */
void hx_header(struct isms_buf *out, const git_oid *digest, const git_oid *tip,
	       const git_oid *reached, size_t commits, size_t paths, size_t entries);
/* The next path record at *at, before `end`; false when it does not fit. */
bool hx_next(struct hx_rec *rec, const unsigned char **at, const unsigned char *end);

/* histindex_build.c */

/* What each commit of `order` changed, into `b`: those `old` (NULL: none)
 * has, taken from it; the others worked out. */
int hx_collect(struct hx_build *b, const struct repo_oids *order,
	       const struct repo_oids *shallow, const struct hx *old);
/* The index file for `order` (tip's history) and `b`'s pairs, sorted. */
void hx_serialize(struct isms_buf *out, struct hx_build *b, const git_oid *digest,
		  const git_oid *tip, const git_oid *reached, const struct repo_oids *order);
void hx_build_free(struct hx_build *b);

/* histindex_tree.c */

/* Add prefix + the `len` bytes of `name` to `ps`. */
void hx_paths_add(struct hx_paths *ps, const char *prefix, const char *name, size_t len);
/* The paths whose ids differ between tree `old` (NULL: none) and tree
 * `new`, into `out`. */
int hx_tree_changes(struct hx_build *b, struct hx_paths *out, const git_oid *old,
		    const git_oid *new);
/* After a commit: free the trees of the one before, keep this one's. */
void hx_tree_turn(struct hx_build *b);
/* Free every tree `b` holds. */
void hx_trees_free(struct hx_build *b);

#endif
