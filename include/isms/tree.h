/* SPDX-License-Identifier: MIT */
/* The record tree: what a YAML record file holds, in memory.
 *
 * Mappings keep their keys in order, so that a file written back changes
 * only where its values changed. Scalars keep their text and the type a YAML
 * reader would give them, so that a string "1.0" stays a string and the
 * number 1.0 stays a number when the file is written again. Nodes remember
 * where they came from (line and column) for error messages. */
#ifndef ISMS_TREE_H
#define ISMS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum isms_node_type { ISMS_NODE_SCALAR, ISMS_NODE_SEQ, ISMS_NODE_MAP };

enum isms_scalar_type {
	ISMS_SCALAR_STR,    /* text; written quoted when it would read as another type */
	ISMS_SCALAR_NULL,   /* empty, ~ or null */
	ISMS_SCALAR_BOOL,
	ISMS_SCALAR_INT,
	ISMS_SCALAR_FLOAT,
	ISMS_SCALAR_DATE,   /* YYYY-MM-DD (or a timestamp) written plain */
};

struct isms_node;

struct isms_pair {
	char *key;
	unsigned line, column;  /* of the key */
	struct isms_node *value;
};

/* The largest column a node holds: more than any line of a record file
 * (at most 1 MiB) can reach. */
#define ISMS_NODE_COLUMN_MAX 0xFFFFFFu

struct isms_node {
	char *text;                /* scalar */
	union {
		struct isms_node **items;  /* sequence */
		struct isms_pair *pairs;   /* mapping */
	};
	uint32_t count, cap;       /* items or pairs (a file is at most 1 MiB) */
	unsigned line;             /* 1-based; 0 for nodes made in memory */
	unsigned column : 24;      /* the same; at most ISMS_NODE_COLUMN_MAX */
	enum isms_node_type type : 2;
	enum isms_scalar_type scalar : 3;
	/* True on the root of a tree in one allocation (read from the record
	 * cache, or packed), which isms_node_free frees whole (its nodes are
	 * never freed, replaced or added to one by one). */
	bool block : 1;
};

/* The type a plain (unquoted) scalar with this text has for YAML 1.1 and
 * 1.2 readers alike; ISMS_SCALAR_STR when both would read it as text. */
enum isms_scalar_type isms_scalar_resolve(const char *text);

/* True when `node` is a YAML true (yes, true, on, y in any usual case). */
bool isms_scalar_true(const struct isms_node *node);
/* True when `node` is a YAML false. */
bool isms_scalar_false(const struct isms_node *node);
/* The whole number from 1 to 999 that `node` holds as plain digits, or 0
 * (anything else: 0, signs, underscores, other bases, text, huge numbers). */
int isms_scalar_level(const struct isms_node *node);

/* New nodes; the caller owns them (isms_node_free). */
struct isms_node *isms_node_scalar(const char *text, enum isms_scalar_type type);
struct isms_node *isms_node_str(const char *text);    /* always text */
struct isms_node *isms_node_plain(const char *text);  /* typed as a YAML reader would */
struct isms_node *isms_node_seq(void);
struct isms_node *isms_node_map(void);
/* Free `node` and everything under it. Does nothing when `node` is NULL. */
void isms_node_free(struct isms_node *node);
struct isms_node *isms_node_clone(const struct isms_node *node);
/* Same structure, keys, key order, texts and scalar types. */
bool isms_node_equal(const struct isms_node *a, const struct isms_node *b);

/* Sequences: append takes ownership of item. */
void isms_seq_append(struct isms_node *seq, struct isms_node *item);

/* Mappings. get returns NULL when absent. set takes ownership of value and
 * replaces an existing value in place (keeping the key's position) or
 * appends. remove returns false when the key was absent. */
struct isms_node *isms_map_get(const struct isms_node *map, const char *key);
const char *isms_map_get_text(const struct isms_node *map, const char *key);
/* True when `key` holds something: a scalar that is not empty, or a list
 * or mapping with entries. */
bool isms_map_filled(const struct isms_node *map, const char *key);
/* The value of `key` where a finding about it points, or the map itself
 * when the key is absent. */
const struct isms_node *isms_map_anchor(const struct isms_node *map, const char *key);
void isms_map_set(struct isms_node *map, const char *key, struct isms_node *value);
bool isms_map_remove(struct isms_node *map, const char *key);
/* Append a pair without looking for the key: for callers that know it is
 * new (a parser that checked for duplicates, a copy). */
void isms_map_append(struct isms_node *map, const char *key, struct isms_node *value);

/* Put the keys named in `order` first, in that order, then every other key
 * in its present order. */
void isms_map_order(struct isms_node *map, const char *const *order, size_t n);

#endif
