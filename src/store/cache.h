/* SPDX-License-Identifier: MIT */
/* What the record cache's two files, and the loading threads of records.c,
 * share: the byte buffer payloads and the cache's entries are built in,
 * the hash of its checksum and fingerprints, and a record's payload (its
 * tree and findings) written and read back (cache_payload.c). Private to
 * src/store. */
#ifndef ISMS_STORE_CACHE_H
#define ISMS_STORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "isms/tree.h"
#include "isms/validate.h"

/* A growing byte array, written without a call per byte. */
struct wbuf {
	unsigned char *p;
	size_t len, cap;
};

void w_reserve(struct wbuf *w, size_t n);
void w_put(struct wbuf *w, const void *data, size_t n);

/* A 64-bit hash, 8 bytes at a time (for the checksum and fingerprints). */
uint64_t cache_hash(uint64_t h, const void *data, size_t len);
uint64_t hash_str(uint64_t h, const char *s);

/* What the tree of `root` takes in memory in one allocation, as
 * payload_read and payload_pack make it (0 for none): the `size` the two
 * below take, worked out once for both. */
size_t payload_tree_size(const struct isms_node *root);
/* A record's payload: its tree and its findings from the `from`th on, as
 * bytes. */
void payload_write(struct wbuf *b, const struct isms_node *root, size_t size,
		   const struct isms_findings *f, size_t from);
/* `root` as a tree in one allocation, as payload_read makes them (root is
 * freed; NULL stays NULL). */
struct isms_node *payload_pack(struct isms_node *root, size_t size);
/* Read a payload of `len` bytes: the tree (into *root) and the findings
 * (appended to `f`); false when it is not a whole, valid payload. */
bool payload_read(struct isms_node **root, struct isms_findings *f,
		  const unsigned char *data, size_t len);

#endif
