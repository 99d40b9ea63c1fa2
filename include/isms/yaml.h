/* SPDX-License-Identifier: MIT */
/* Reading and writing record trees as YAML (libyaml).
 *
 * Reading enforces limits before and while parsing and reports every
 * problem as "NAME:LINE:COLUMN: reason" (ISMS_EPARSE or ISMS_ELIMIT), with
 * the position also in isms_error_last(); only a file over the size limit,
 * refused before it is read, has no position ("NAME: reason"). Writing is deterministic: block
 * style, two-space indent, literal blocks for multi-line text, quotes only
 * where a reader would otherwise see another type, UTF-8, LF, final newline. */
#ifndef ISMS_YAML_H
#define ISMS_YAML_H

#include <stddef.h>
#include "isms/buf.h"
#include "isms/tree.h"

struct isms_yaml_limits {
	size_t max_bytes;    /* size of the whole text */
	unsigned max_depth;  /* nesting of mappings and sequences */
};

#define ISMS_YAML_MAX_BYTES (1024 * 1024)
#define ISMS_YAML_MAX_DEPTH 64
#define ISMS_YAML_LIMITS_INIT { .max_bytes = ISMS_YAML_MAX_BYTES, .max_depth = ISMS_YAML_MAX_DEPTH }

/* Flags set by the loaders. */
#define ISMS_YAML_HAS_COMMENTS 0x1u  /* writing the tree back would drop them */

/* Parse one YAML document from `data`. `name` is used in messages (a path,
 * or "POL-001.yaml at HEAD~1"). `limits` may be NULL for the defaults.
 * Refused: more than `max_bytes`; invalid UTF-8 or control characters;
 * nesting deeper than `max_depth`; anchors and aliases; tags other than
 * YAML's standard ones; duplicate keys; keys that are not plain text; more
 * than one document; an empty text. On success *out is the root (the caller
 * frees it) and *flags (if not NULL) tells of comments. */
int isms_yaml_load(struct isms_node **out, unsigned *flags, const char *data, size_t len,
		   const char *name, const struct isms_yaml_limits *limits);

/* Read `path` (a regular file, not a symlink) and parse it. When `raw` is
 * not NULL it receives the file's bytes, for hashing and comparison. */
int isms_yaml_load_file(struct isms_node **out, unsigned *flags, struct isms_buf *raw,
			const char *path, const struct isms_yaml_limits *limits);

/* Append the YAML text of `root` to `out`. ISMS_EINVALID (nothing appended)
 * when a text is not UTF-8 or holds control characters. */
int isms_yaml_emit(struct isms_buf *out, const struct isms_node *root);

#endif
