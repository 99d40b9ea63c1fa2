/* SPDX-License-Identifier: MIT */
/* Writing record trees as YAML: see include/isms/yaml.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/text.h"
#include "isms/yaml.h"

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	isms_buf_put(data, buffer, size);
	return 1;
}

static int emit_node(yaml_emitter_t *em, const struct isms_node *node)
{
	yaml_event_t ev;
	int ok;

	switch (node->type) {
	case ISMS_NODE_SCALAR: {
		yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

		if (node->scalar == ISMS_SCALAR_STR) {
			if (strchr(node->text, '\n'))
				style = YAML_LITERAL_SCALAR_STYLE;
			else if (isms_scalar_resolve(node->text) != ISMS_SCALAR_STR ||
				 strcmp(node->text, "=") == 0 || strcmp(node->text, "<<") == 0)
				/* "=" and "<<" are YAML 1.1's value and merge keys. */
				style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
		}
		ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)node->text,
						  (int)strlen(node->text), 1, 1, style);
		return ok && yaml_emitter_emit(em, &ev);
	}
	case ISMS_NODE_SEQ:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return 0;
		for (size_t i = 0; i < node->count; i++)
			if (!emit_node(em, node->items[i]))
				return 0;
		return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	case ISMS_NODE_MAP:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return 0;
		for (size_t i = 0; i < node->count; i++) {
			struct isms_node key = { .type = ISMS_NODE_SCALAR,
						 .text = node->pairs[i].key,
						 .scalar = ISMS_SCALAR_STR };

			if (!emit_node(em, &key) || !emit_node(em, node->pairs[i].value))
				return 0;
		}
		return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	}
	return 0;
}

/* libyaml 0.2.5 counts characters above U+FFFF (emoji, rarer CJK) as
 * unprintable: it escapes them ("\U0001F512") and gives up literal blocks.
 * So they are stood in for by private-use characters that occur nowhere
 * else in the tree, emitted, and put back in the output. */
#define PUA_FIRST 0xE000u
#define PUA_LAST 0xF8FFu

struct standins {
	unsigned long astral[PUA_LAST - PUA_FIRST + 1];  /* index: PUA character - PUA_FIRST */
	size_t count;
	unsigned char used[(PUA_LAST - PUA_FIRST + 1 + 7) / 8];
};

/* The character at s (before `end`) and its length; a malformed byte is
 * taken as itself, one byte long, so that no loop stalls. */
static size_t next_char(const unsigned char *s, const unsigned char *end, unsigned long *cp)
{
	size_t n = isms_utf8_decode((const char *)s, (size_t)(end - s), cp);

	if (n == 0) {
		*cp = s[0];
		n = 1;
	}
	return n;
}

static void utf8_put(struct isms_buf *out, unsigned long cp)
{
	char b[4];

	isms_buf_put(out, b, isms_utf8_encode(b, cp));
}

/* Note which private-use characters `text` uses; true if it has astral ones. */
static bool scan_text(struct standins *st, const char *text)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + strlen(text);
	bool astral = false;
	unsigned long cp;

	while (s < end) {
		s += next_char(s, end, &cp);
		if (cp >= PUA_FIRST && cp <= PUA_LAST)
			st->used[(cp - PUA_FIRST) / 8] |= (unsigned char)(1u << ((cp - PUA_FIRST) % 8));
		astral |= cp > 0xFFFF;
	}
	return astral;
}

static bool scan_tree(struct standins *st, const struct isms_node *node)
{
	bool astral = false;

	if (node->type == ISMS_NODE_SCALAR)
		return scan_text(st, node->text);
	for (size_t i = 0; i < node->count; i++)
		if (node->type == ISMS_NODE_SEQ)
			astral |= scan_tree(st, node->items[i]);
		else
			astral |= scan_text(st, node->pairs[i].key) | scan_tree(st, node->pairs[i].value);
	return astral;
}

/* `text` with astral characters replaced; false when no stand-in is free. */
static bool stand_in(struct standins *st, char **text)
{
	const unsigned char *s = (const unsigned char *)*text, *end = s + strlen(*text);
	struct isms_buf out = ISMS_BUF_INIT;
	unsigned long cp;

	while (s < end) {
		size_t n = next_char(s, end, &cp), k;

		if (cp <= 0xFFFF) {
			isms_buf_put(&out, s, n);
			s += n;
			continue;
		}
		s += n;
		for (k = 0; k < st->count && st->astral[k] != cp; k++)
			;
		if (k == st->count) {
			while (k <= PUA_LAST - PUA_FIRST && (st->used[k / 8] & (1u << (k % 8))))
				k++;
			if (k > PUA_LAST - PUA_FIRST) {
				isms_buf_free(&out);
				return false;
			}
			while (st->count < k)
				st->astral[st->count++] = 0;
			st->astral[st->count++] = cp;
		}
		utf8_put(&out, PUA_FIRST + k);
	}
	free(*text);
	*text = isms_buf_detach(&out);
	return true;
}

static bool stand_in_tree(struct standins *st, struct isms_node *node)
{
	if (node->type == ISMS_NODE_SCALAR)
		return stand_in(st, &node->text);
	for (size_t i = 0; i < node->count; i++) {
		bool ok = node->type == ISMS_NODE_SEQ
			  ? stand_in_tree(st, node->items[i])
			  : stand_in(st, &node->pairs[i].key) && stand_in_tree(st, node->pairs[i].value);

		if (!ok)
			return false;
	}
	return true;
}

/* Put the astral characters back in the bytes emitted from `start` on. */
static void put_back(struct isms_buf *out, size_t start, const struct standins *st)
{
	struct isms_buf fixed = ISMS_BUF_INIT;
	const unsigned char *s = (const unsigned char *)out->ptr + start;
	const unsigned char *end = (const unsigned char *)out->ptr + out->len;
	unsigned long cp;

	while (s < end) {
		size_t n = next_char(s, end, &cp);

		if (cp >= PUA_FIRST && cp - PUA_FIRST < st->count && st->astral[cp - PUA_FIRST])
			utf8_put(&fixed, st->astral[cp - PUA_FIRST]);
		else
			isms_buf_put(&fixed, s, n);
		s += n;
	}
	out->len = start;
	isms_buf_put(out, fixed.ptr, fixed.len);
	isms_buf_free(&fixed);
}

static int emit_document(struct isms_buf *out, const struct isms_node *root);

/* Every text must be UTF-8 without control characters: what the reader
 * would refuse is never written. */
static int check_texts(const struct isms_node *node, const char *key)
{
	size_t bad;

	if (node->type == ISMS_NODE_SCALAR) {
		if (isms_text_check(node->text, strlen(node->text), &bad) == ISMS_TEXT_OK)
			return 0;
		return isms_error_set(ISMS_EINVALID,
			"the value of '%s' is not UTF-8 text without control characters; nothing was written",
			key ? key : "(the document)");
	}
	for (size_t i = 0; i < node->count; i++) {
		int error;

		if (node->type == ISMS_NODE_SEQ) {
			error = check_texts(node->items[i], key);
		} else {
			const char *k = node->pairs[i].key;

			if (isms_text_check(k, strlen(k), &bad) != ISMS_TEXT_OK)
				return isms_error_set(ISMS_EINVALID,
					"a field name is not UTF-8 text without control characters");
			error = check_texts(node->pairs[i].value, k);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

int isms_yaml_emit(struct isms_buf *out, const struct isms_node *root)
{
	struct standins *st;
	struct isms_node *copy = NULL;
	size_t start = out->len;
	int error;

	if ((error = check_texts(root, NULL)) < 0)
		return error;
	st = isms_calloc(1, sizeof(*st));
	if (scan_tree(st, root)) {
		copy = isms_node_clone(root);
		if (!stand_in_tree(st, copy)) {
			/* Thousands of distinct emoji: let libyaml escape them. */
			isms_node_free(copy);
			copy = NULL;
			st->count = 0;
		}
	}
	error = emit_document(out, copy ? copy : root);
	if (error == 0 && st->count)
		put_back(out, start, st);
	isms_node_free(copy);
	free(st);
	return error;
}

static int emit_document(struct isms_buf *out, const struct isms_node *root)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	size_t start = out->len;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return isms_error_set(ISMS_ERROR, "cannot start the YAML writer");
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && yaml_emitter_emit(&em, &ev) &&
	     yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && yaml_emitter_emit(&em, &ev) &&
	     emit_node(&em, root) &&
	     yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&em, &ev) &&
	     yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev) &&
	     yaml_emitter_flush(&em);
	/* libyaml ends a document holding a kept (|+) block with "...": not
	 * needed in a file of one document, and a line added after it by hand
	 * would start a second one. */
	if (ok && out->len - start >= 5 && memcmp(out->ptr + out->len - 5, "\n...\n", 5) == 0) {
		out->len -= 4;
		out->ptr[out->len] = '\0';
	}
	if (!ok) {
		const char *problem = em.problem ? em.problem : "unknown problem";

		yaml_emitter_delete(&em);
		return isms_error_set(ISMS_ERROR, "cannot write YAML: %s", problem);
	}
	yaml_emitter_delete(&em);
	return 0;
}
