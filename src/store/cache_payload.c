/* SPDX-License-Identifier: MIT */
/* The record cache's bytes: a record's payload (its tree, with lines and
 * columns, and its findings) written as varints and texts and read back
 * into trees, each in one allocation (struct isms_node's `block`), and the
 * hash of the cache's checksum. See cache.c for the file around them.
 *
 * A payload begins with the number of bytes its tree takes in memory, so
 * that it is read with one allocation: the nodes and their arrays from the
 * start of the block, each a multiple of TAKE bytes, and the texts, which
 * need no alignment, from its end. A payload that claims more than it can
 * need, or whose tree does not fit, is no valid payload. */
#include "config.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/kind.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "cache.h"

#define CACHE_DEPTH_MAX (ISMS_YAML_MAX_DEPTH + 8)
#define TAKE _Alignof(struct isms_node)
_Static_assert(_Alignof(struct isms_pair) <= TAKE && _Alignof(struct isms_node *) <= TAKE,
	       "every part of a tree is aligned in the block");
/* The most memory a tree of a payload of `len` bytes can take: each node
 * has at least 6 bytes in the payload and takes under 128 in memory. */
#define TREE_MAX(len) (32 * (uint64_t)(len) + 128)

static size_t taken(size_t n)
{
	return (n + TAKE - 1) / TAKE * TAKE;
}

/* A key of a packed tree that is a field's name is the kind table's string
 * (never written through: a block's nodes are never changed); NULL for
 * another, which takes its bytes in the block. */
static char *field_name(const char *key)
{
	return (char *)isms_field_name(isms_field_name_number(key));
}

static size_t key_size(const char *key)
{
	return field_name(key) ? 0 : strlen(key) + 1;
}

/* What the tree of `n` takes in memory, as get_node takes it. */
static size_t tree_size(const struct isms_node *n)
{
	size_t size = taken(sizeof(*n));

	switch (n->type) {
	case ISMS_NODE_SCALAR:
		return size + strlen(n->text) + 1;
	case ISMS_NODE_SEQ:
		size += n->count ? taken(n->count * sizeof(*n->items)) : 0;
		for (size_t i = 0; i < n->count; i++)
			size += tree_size(n->items[i]);
		return size;
	case ISMS_NODE_MAP:
		size += n->count ? taken(n->count * sizeof(*n->pairs)) : 0;
		for (size_t i = 0; i < n->count; i++)
			size += key_size(n->pairs[i].key) + tree_size(n->pairs[i].value);
		return size;
	}
	return size;
}

/* A 64-bit hash, 8 bytes at a time (for the checksum and fingerprints). */
uint64_t cache_hash(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	const uint64_t m = 0x9e3779b97f4a7c15ull;

	h ^= len * m;
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		h = (h ^ (w * 0xff51afd7ed558ccdull)) * m;
		h ^= h >> 31;
	}
	for (; len; p++, len--)
		h = (h ^ *p) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

uint64_t hash_str(uint64_t h, const char *s)
{
	return cache_hash(h, s ? s : "\1", s ? strlen(s) + 1 : 1);
}

void w_reserve(struct wbuf *w, size_t n)
{
	if (w->cap - w->len >= n)
		return;
	w->cap = 2 * (w->len + n) < 1024 ? 1024 : 2 * (w->len + n);
	w->p = isms_realloc(w->p, w->cap);
}

void w_put(struct wbuf *w, const void *data, size_t n)
{
	w_reserve(w, n);
	memcpy(w->p + w->len, data, n);
	w->len += n;
}

/* Varints and texts of a payload. */
static void put_num(struct wbuf *w, uint64_t v)
{
	w_reserve(w, 10);
	do {
		w->p[w->len++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
}

static void put_text(struct wbuf *w, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	put_num(w, s ? len + 1 : 0);
	if (s)
		w_put(w, s, len + 1);
}

/* A key: a field's name by its number, any other as 0 and its text. */
static void put_key(struct wbuf *w, const char *key)
{
	unsigned number = isms_field_name_number(key);

	put_num(w, number);
	if (!number)
		put_text(w, key);
}

static void put_node(struct wbuf *b, const struct isms_node *n)
{
	put_num(b, n->type);
	put_num(b, n->line);
	put_num(b, n->column);
	switch (n->type) {
	case ISMS_NODE_SCALAR:
		put_num(b, n->scalar);
		put_text(b, n->text);
		break;
	case ISMS_NODE_SEQ:
		put_num(b, n->count);
		for (size_t i = 0; i < n->count; i++)
			put_node(b, n->items[i]);
		break;
	case ISMS_NODE_MAP:
		put_num(b, n->count);
		for (size_t i = 0; i < n->count; i++) {
			put_key(b, n->pairs[i].key);
			put_num(b, n->pairs[i].line);
			put_num(b, n->pairs[i].column);
			put_node(b, n->pairs[i].value);
		}
		break;
	}
}

struct reader {
	const unsigned char *p, *end;
	bool bad;
	unsigned char *block;  /* where the tree goes */
	size_t used, size;     /* used: from the start and from the end */
	size_t texts;          /* of `used`, taken from the end */
};

/* `n` bytes of the block (at its end for a text, which needs no alignment),
 * or NULL (and bad) when they do not fit. */
static void *take_at(struct reader *r, size_t n, bool text)
{
	if (r->bad || n > r->size - r->used) {
		r->bad = true;
		return NULL;
	}
	r->used += n;
	if (!text)
		return r->block + (r->used - r->texts) - n;
	r->texts += n;
	return r->block + r->size - r->texts;
}

static void *take(struct reader *r, size_t n)
{
	return take_at(r, taken(n), false);
}

static char *take_text(struct reader *r, const char *s, size_t len)
{
	char *copy = take_at(r, len + 1, true);

	return copy ? memcpy(copy, s, len + 1) : NULL;
}

static uint64_t get_num(struct reader *r)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			break;
		v |= (uint64_t)(*r->p & 0x7f) << shift;
		if (!(*r->p++ & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

/* A text of the payload, in place (it ends with its NUL); NULL for none.
 * *len (when not NULL) gets its length. */
static const char *get_text_len(struct reader *r, size_t *len)
{
	uint64_t n = get_num(r);
	const char *s = (const char *)r->p;

	if (r->bad || n == 0)
		return NULL;
	if (n > (uint64_t)(r->end - r->p) || r->p[n - 1] != '\0' || memchr(s, '\0', n - 1)) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	if (len)
		*len = n - 1;
	return s;
}

static const char *get_text(struct reader *r)
{
	return get_text_len(r, NULL);
}

static unsigned get_pos(struct reader *r)
{
	uint64_t v = get_num(r);

	if (v > UINT32_MAX)
		r->bad = true;
	return (unsigned)v;
}

/* A copy of a text of the payload in the block, or NULL. */
static char *get_copy(struct reader *r)
{
	size_t len;
	const char *s = get_text_len(r, &len);

	return s ? take_text(r, s, len) : NULL;
}

/* A key as put_key wrote it: a field's name (the kind table's string), or
 * a copy in the block; NULL (and bad) for a number that names no field. */
static char *get_key(struct reader *r)
{
	uint64_t number = get_num(r);
	const char *name;

	if (r->bad)
		return NULL;
	if (number == 0)
		return get_copy(r);
	if (number > UINT_MAX || !(name = isms_field_name((unsigned)number))) {
		r->bad = true;
		return NULL;
	}
	return (char *)name;  /* as field_name */
}

/* A node in the block, with arrays of the exact size. */
static struct isms_node *get_node(struct reader *r, unsigned depth)
{
	uint64_t type = get_num(r), count;
	unsigned column;
	struct isms_node *n;

	if (r->bad || depth > CACHE_DEPTH_MAX || type > ISMS_NODE_MAP ||
	    !(n = take(r, sizeof(*n)))) {
		r->bad = true;
		return NULL;
	}
	memset(n, 0, sizeof(*n));
	n->type = (enum isms_node_type)type;
	n->line = get_pos(r);
	column = get_pos(r);
	n->column = column;
	if (column > ISMS_NODE_COLUMN_MAX)
		r->bad = true;
	if (type == ISMS_NODE_SCALAR) {
		uint64_t scalar = get_num(r);

		n->text = get_copy(r);
		if (!n->text || scalar > ISMS_SCALAR_DATE)
			r->bad = true;
		n->scalar = (enum isms_scalar_type)scalar;
		goto done;
	}
	count = get_num(r);
	if (r->bad || count > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		goto done;
	}
	if (count && type == ISMS_NODE_SEQ)
		n->items = take(r, count * sizeof(*n->items));
	else if (count)
		n->pairs = take(r, count * sizeof(*n->pairs));
	if (r->bad)
		goto done;
	n->cap = count;
	for (uint64_t i = 0; i < count && !r->bad; i++) {
		if (type == ISMS_NODE_SEQ) {
			if ((n->items[i] = get_node(r, depth + 1)))
				n->count++;
			continue;
		}
		n->pairs[i].key = get_key(r);
		n->pairs[i].line = get_pos(r);
		n->pairs[i].column = get_pos(r);
		n->pairs[i].value = n->pairs[i].key && !r->bad ? get_node(r, depth + 1) : NULL;
		if (!n->pairs[i].value)
			r->bad = true;
		else
			n->count++;
	}
	if (n->count != count)
		r->bad = true;
done:
	return r->bad ? NULL : n;
}

/* Read a payload: the tree and the findings (appended to `f`). */
bool payload_read(struct isms_node **root, struct isms_findings *f,
		  const unsigned char *p, size_t len)
{
	struct reader r = { .p = p, .end = p + len, .bad = false };
	struct isms_findings got = ISMS_FINDINGS_INIT;
	uint64_t count, size = get_num(&r);

	*root = NULL;
	if (r.bad || size < sizeof(**root) || size > TREE_MAX(len))
		return false;
	r.block = isms_malloc(r.size = (size_t)size);
	*root = get_node(&r, 0);
	if (*root)
		(*root)->block = true;
	else
		free(r.block);
	count = get_num(&r);
	for (uint64_t i = 0; i < count && !r.bad && *root; i++) {
		uint64_t sev = get_num(&r);
		unsigned line = get_pos(&r), column = get_pos(&r);
		const char *msg = get_text(&r);

		if (r.bad || !msg || sev > ISMS_SEV_WARNING)
			r.bad = true;
		else
			isms_findings_add(&got, (enum isms_severity)sev, line, column, "%s", msg);
	}
	if (r.bad || !*root || r.p != r.end) {
		isms_node_free(*root);
		*root = NULL;
		isms_findings_free(&got);
		return false;
	}
	for (size_t i = 0; i < got.count; i++)
		isms_findings_add(f, got.items[i].severity, got.items[i].line, got.items[i].column,
				  "%s", got.items[i].message);
	isms_findings_free(&got);
	return true;
}

/* A copy of `n` in the block (tree_size made room for it). */
static struct isms_node *pack_node(struct reader *r, const struct isms_node *n)
{
	struct isms_node *c = take(r, sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->type = n->type;
	c->line = n->line;
	c->column = n->column;
	c->scalar = n->scalar;
	c->count = c->cap = n->count;
	switch (n->type) {
	case ISMS_NODE_SCALAR:
		c->text = take_text(r, n->text, strlen(n->text));
		break;
	case ISMS_NODE_SEQ:
		c->items = n->count ? take(r, n->count * sizeof(*c->items)) : NULL;
		for (size_t i = 0; i < n->count; i++)
			c->items[i] = pack_node(r, n->items[i]);
		break;
	case ISMS_NODE_MAP:
		c->pairs = n->count ? take(r, n->count * sizeof(*c->pairs)) : NULL;
		for (size_t i = 0; i < n->count; i++) {
			const struct isms_pair *p = &n->pairs[i];

			c->pairs[i].key = field_name(p->key);
			if (!c->pairs[i].key)
				c->pairs[i].key = take_text(r, p->key, strlen(p->key));
			c->pairs[i].line = p->line;
			c->pairs[i].column = p->column;
			c->pairs[i].value = pack_node(r, p->value);
		}
		break;
	}
	return c;
}

size_t payload_tree_size(const struct isms_node *root)
{
	return root ? tree_size(root) : 0;
}

struct isms_node *payload_pack(struct isms_node *root, size_t size)
{
	struct reader r = { .bad = false };
	struct isms_node *packed;

	if (!root || root->block)
		return root;
	r.size = size;
	r.block = isms_malloc(r.size);
	packed = pack_node(&r, root);
	packed->block = true;
	isms_node_free(root);
	return packed;
}

void payload_write(struct wbuf *b, const struct isms_node *root, size_t size,
		   const struct isms_findings *f, size_t from)
{
	put_num(b, size);
	put_node(b, root);
	put_num(b, f->count - from);
	for (size_t i = from; i < f->count; i++) {
		put_num(b, f->items[i].severity);
		put_num(b, f->items[i].line);
		put_num(b, f->items[i].column);
		put_text(b, f->items[i].message);
	}
}
