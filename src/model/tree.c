/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/tree.h"

static bool any_of(const char *text, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(text, *words) == 0)
			return true;
	return false;
}

/* The patterns of numbers and dates, compiled once (records are parsed on
 * several threads). */
static regex_t int_re, float_re, date_re;
static pthread_once_t patterns_ready = PTHREAD_ONCE_INIT;

static void compile_patterns(void)
{
	static const struct { regex_t *re; const char *pattern; } patterns[] = {
		{ &int_re, "^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*"
			   "|[1-9][0-9_]*(:[0-5]?[0-9])+)$" },
		{ &float_re, "^[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?$"
			     "|^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*$" },
		{ &date_re, "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
			    "(\\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?$" },
	};

	/* The patterns are constants; failing to compile them is a bug. */
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		if (regcomp(patterns[i].re, patterns[i].pattern, REG_EXTENDED | REG_NOSUB) != 0)
			abort();
}

static bool matches(const char *text, const regex_t *re)
{
	pthread_once(&patterns_ready, compile_patterns);
	return regexec(re, text, 0, NULL, 0) == 0;
}

/* The union of what YAML 1.1 and the 1.2 core schema read as non-text, so
 * that text written plain reads back as text in either. */
enum isms_scalar_type isms_scalar_resolve(const char *text)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const bools[] = {
		"true", "True", "TRUE", "false", "False", "FALSE",
		"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON",
		"off", "Off", "OFF", "y", "Y", "n", "N", NULL };
	static const char *const floats[] = {
		".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
		"-.INF", ".nan", ".NaN", ".NAN", NULL };
	size_t len = strnlen(text, 6), digits = strspn(text, "0123456789");

	/* Every null and boolean word is at most 5 bytes long. */
	if (len <= 5 && any_of(text, nulls))
		return ISMS_SCALAR_NULL;
	if (len <= 5 && any_of(text, bools))
		return ISMS_SCALAR_BOOL;
	/* Numbers and dates start with a digit, a sign or a dot: spare the
	 * patterns every title and paragraph, and the commonest numbers and
	 * dates (what the patterns below say of them too). */
	if (!strchr("0123456789+-.", text[0]))
		return ISMS_SCALAR_STR;
	if (digits && !text[digits])
		return ISMS_SCALAR_INT;
	if (digits == 4 && text[4] == '-' && strspn(text + 5, "0123456789") == 2 && text[7] == '-' &&
	    strspn(text + 8, "0123456789") == 2 && !text[10])
		return ISMS_SCALAR_DATE;
	if (matches(text, &int_re))
		return ISMS_SCALAR_INT;
	if (any_of(text, floats) || matches(text, &float_re))
		return ISMS_SCALAR_FLOAT;
	if (matches(text, &date_re))
		return ISMS_SCALAR_DATE;
	return ISMS_SCALAR_STR;
}

static const char *const trues[] = {
	"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y", NULL };

bool isms_scalar_true(const struct isms_node *node)
{
	return node && node->type == ISMS_NODE_SCALAR && node->scalar == ISMS_SCALAR_BOOL &&
	       any_of(node->text, trues);
}

bool isms_scalar_false(const struct isms_node *node)
{
	return node && node->type == ISMS_NODE_SCALAR && node->scalar == ISMS_SCALAR_BOOL &&
	       !any_of(node->text, trues);
}

int isms_scalar_level(const struct isms_node *node)
{
	size_t n;

	if (!node || node->type != ISMS_NODE_SCALAR || node->scalar != ISMS_SCALAR_INT)
		return 0;
	n = strlen(node->text);
	if (n == 0 || n > 3 || strspn(node->text, "0123456789") != n || node->text[0] == '0')
		return 0;
	return atoi(node->text);
}

static struct isms_node *node_new(enum isms_node_type type)
{
	struct isms_node *node = isms_calloc(1, sizeof(*node));

	node->type = type;
	return node;
}

struct isms_node *isms_node_scalar(const char *text, enum isms_scalar_type type)
{
	struct isms_node *node = node_new(ISMS_NODE_SCALAR);

	node->text = isms_strdup(text);
	node->scalar = type;
	return node;
}

struct isms_node *isms_node_str(const char *text)
{
	return isms_node_scalar(text, ISMS_SCALAR_STR);
}

struct isms_node *isms_node_plain(const char *text)
{
	return isms_node_scalar(text, isms_scalar_resolve(text));
}

struct isms_node *isms_node_seq(void)
{
	return node_new(ISMS_NODE_SEQ);
}

struct isms_node *isms_node_map(void)
{
	return node_new(ISMS_NODE_MAP);
}

void isms_node_free(struct isms_node *node)
{
	if (!node)
		return;
	if (node->block) {
		free(node);
		return;
	}
	switch (node->type) {
	case ISMS_NODE_SCALAR:
		free(node->text);
		break;
	case ISMS_NODE_SEQ:
		for (size_t i = 0; i < node->count; i++)
			isms_node_free(node->items[i]);
		free(node->items);
		break;
	case ISMS_NODE_MAP:
		for (size_t i = 0; i < node->count; i++) {
			free(node->pairs[i].key);
			isms_node_free(node->pairs[i].value);
		}
		free(node->pairs);
		break;
	}
	free(node);
}

struct isms_node *isms_node_clone(const struct isms_node *node)
{
	struct isms_node *copy;

	switch (node->type) {
	case ISMS_NODE_SCALAR:
		copy = isms_node_scalar(node->text, node->scalar);
		break;
	case ISMS_NODE_SEQ:
		copy = isms_node_seq();
		for (size_t i = 0; i < node->count; i++)
			isms_seq_append(copy, isms_node_clone(node->items[i]));
		break;
	default:
		copy = isms_node_map();
		for (size_t i = 0; i < node->count; i++) {
			isms_map_append(copy, node->pairs[i].key, isms_node_clone(node->pairs[i].value));
			copy->pairs[i].line = node->pairs[i].line;
			copy->pairs[i].column = node->pairs[i].column;
		}
		break;
	}
	copy->line = node->line;
	copy->column = node->column;
	return copy;
}

bool isms_node_equal(const struct isms_node *a, const struct isms_node *b)
{
	if (a->type != b->type)
		return false;
	if (a->type == ISMS_NODE_SCALAR)
		return a->scalar == b->scalar && strcmp(a->text, b->text) == 0;
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		if (a->type == ISMS_NODE_SEQ) {
			if (!isms_node_equal(a->items[i], b->items[i]))
				return false;
		} else if (strcmp(a->pairs[i].key, b->pairs[i].key) != 0 ||
			   !isms_node_equal(a->pairs[i].value, b->pairs[i].value)) {
			return false;
		}
	}
	return true;
}

/* isms_grow for a node's items or pairs, whose count is 32 bits: more
 * than that is no record (the files are at most 1 MiB), and ends the
 * program as running out of memory does. */
static void *node_grow(void *items, uint32_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need > UINT32_MAX) {
		fputs("isms: out of memory\n", stderr);
		abort();
	}
	items = isms_grow(items, &c, need, size);
	*cap = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
	return items;
}

void isms_seq_append(struct isms_node *seq, struct isms_node *item)
{
	seq->items = node_grow(seq->items, &seq->cap, seq->count + 1, sizeof(*seq->items));
	seq->items[seq->count++] = item;
}

static struct isms_pair *find_pair(const struct isms_node *map, const char *key)
{
	if (!map || map->type != ISMS_NODE_MAP)
		return NULL;
	/* The first byte first: most keys differ there, and the rules look
	 * fields up many times over every record. */
	for (size_t i = 0; i < map->count; i++)
		if (map->pairs[i].key[0] == key[0] && strcmp(map->pairs[i].key, key) == 0)
			return &map->pairs[i];
	return NULL;
}

struct isms_node *isms_map_get(const struct isms_node *map, const char *key)
{
	struct isms_pair *pair = find_pair(map, key);

	return pair ? pair->value : NULL;
}

const char *isms_map_get_text(const struct isms_node *map, const char *key)
{
	struct isms_node *value = isms_map_get(map, key);

	return value && value->type == ISMS_NODE_SCALAR ? value->text : NULL;
}

bool isms_map_filled(const struct isms_node *map, const char *key)
{
	const struct isms_node *n = isms_map_get(map, key);

	if (!n)
		return false;
	return n->type == ISMS_NODE_SCALAR ? n->text[0] != '\0' : n->count > 0;
}

const struct isms_node *isms_map_anchor(const struct isms_node *map, const char *key)
{
	const struct isms_node *n = isms_map_get(map, key);

	return n ? n : map;
}

void isms_map_set(struct isms_node *map, const char *key, struct isms_node *value)
{
	struct isms_pair *pair = find_pair(map, key);

	if (pair) {
		isms_node_free(pair->value);
		pair->value = value;
		return;
	}
	isms_map_append(map, key, value);
}

void isms_map_append(struct isms_node *map, const char *key, struct isms_node *value)
{
	map->pairs = node_grow(map->pairs, &map->cap, map->count + 1, sizeof(*map->pairs));
	map->pairs[map->count++] = (struct isms_pair){ .key = isms_strdup(key), .line = 0, .column = 0,
						      .value = value };
}

bool isms_map_remove(struct isms_node *map, const char *key)
{
	struct isms_pair *pair = find_pair(map, key);
	size_t i;

	if (!pair)
		return false;
	i = (size_t)(pair - map->pairs);
	free(pair->key);
	isms_node_free(pair->value);
	memmove(pair, pair + 1, (map->count - i - 1) * sizeof(*pair));
	map->count--;
	return true;
}

void isms_map_order(struct isms_node *map, const char *const *order, size_t n)
{
	struct isms_pair *sorted;
	bool *taken;
	size_t k = 0;

	if (map->type != ISMS_NODE_MAP || map->count < 2)
		return;
	sorted = isms_malloc(map->count * sizeof(*sorted));
	taken = isms_calloc(map->count, sizeof(*taken));
	for (size_t o = 0; o < n; o++)
		for (size_t i = 0; i < map->count; i++)
			if (!taken[i] && strcmp(map->pairs[i].key, order[o]) == 0) {
				sorted[k++] = map->pairs[i];
				taken[i] = true;
				break;
			}
	for (size_t i = 0; i < map->count; i++)
		if (!taken[i])
			sorted[k++] = map->pairs[i];
	memcpy(map->pairs, sorted, map->count * sizeof(*sorted));
	free(sorted);
	free(taken);
}
