/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/tree.h"
#include "isms/yaml.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *type_name(enum isms_scalar_type type)
{
	static const char *const names[] = { "STR", "NULL", "BOOL", "INT", "FLOAT", "DATE" };

	return (unsigned)type < COUNT(names) ? names[type] : "?";
}

static void expect_all(const char *const *texts, size_t n, enum isms_scalar_type want)
{
	for (size_t i = 0; i < n; i++) {
		enum isms_scalar_type got = isms_scalar_resolve(texts[i]);

		cr_expect_eq(got, want, "'%s' resolved to %s, expected %s", texts[i],
			     type_name(got), type_name(want));
	}
}

/* A mapping whose keys (and STR values, equal to the keys) are `keys`. */
static struct isms_node *map_of(const char *const *keys, size_t n)
{
	struct isms_node *map = isms_node_map();

	for (size_t i = 0; i < n; i++)
		isms_map_set(map, keys[i], isms_node_str(keys[i]));
	return map;
}

static void expect_keys(const struct isms_node *map, const char *const *keys, size_t n)
{
	cr_assert_eq(map->type, ISMS_NODE_MAP);
	cr_assert_eq(map->count, n, "count %zu, expected %zu", map->count, n);
	for (size_t i = 0; i < n; i++) {
		cr_expect_str_eq(map->pairs[i].key, keys[i], "key %zu", i);
		/* The value moved with its key. */
		cr_expect_str_eq(map->pairs[i].value->text, keys[i], "value %zu", i);
	}
}

/* Scalar resolution */

Test(resolve, nulls)
{
	static const char *const yes[] = { "", "~", "null", "Null", "NULL" };
	static const char *const no[] = { "nULL", "nil", "None", "none", "~~", " null" };

	expect_all(yes, COUNT(yes), ISMS_SCALAR_NULL);
	expect_all(no, COUNT(no), ISMS_SCALAR_STR);
}

Test(resolve, booleans_of_yaml_1_1_and_1_2)
{
	static const char *const yes[] = {
		"true", "True", "TRUE", "false", "False", "FALSE",
		"yes", "Yes", "YES", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF",
		"y", "Y", "n", "N",
	};
	static const char *const no[] = { "tRUE", "yEs", "oN", "yes please", "nope", "o", "t", "f" };

	expect_all(yes, COUNT(yes), ISMS_SCALAR_BOOL);
	expect_all(no, COUNT(no), ISMS_SCALAR_STR);
}

Test(resolve, integers_in_every_base)
{
	static const char *const yes[] = {
		"0", "7", "42", "-17", "+3", "007", "1_000", "1_000_000",
		"0x1F", "0xdead_beef", "-0xFF", "0o17", "0o7_7", "0755",
		"0b1010", "0b1_0", "1:30", "190:20:30", "-1:30",
	};
	static const char *const no[] = { "0x", "0xG1", "0b", "0o", "1:60", "1,000", "1 000", "42x", "x42" };

	expect_all(yes, COUNT(yes), ISMS_SCALAR_INT);
	expect_all(no, COUNT(no), ISMS_SCALAR_STR);
}

Test(resolve, floats_including_inf_nan_and_exponents)
{
	static const char *const yes[] = {
		"1.0", "-0.5", "+2.5", ".5", "1.", "3.14159", "1e3", "1E3", "1e+3", "6.02e-23",
		"1_000.5", ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf", "-.INF",
		".nan", ".NaN", ".NAN", "1:30.5",
	};
	static const char *const no[] = { "inf", "-inf", "nan", "NaN", "1e", "e3", ".", "1.0.0", "1.2.3.4", ".infinity" };

	expect_all(yes, COUNT(yes), ISMS_SCALAR_FLOAT);
	expect_all(no, COUNT(no), ISMS_SCALAR_STR);
}

Test(resolve, dates_and_timestamps)
{
	static const char *const yes[] = {
		"2026-01-01", "2026-1-1", "1999-12-31", "2026-01-01T10:00:00Z",
		"2001-12-14t21:59:43.10-05:00", "2026-01-01 10:00:00 +01:00",
	};
	static const char *const no[] = { "2026-01", "2026/01/01", "01-01-2026", "26-01-01", "2026-01-01x" };

	expect_all(yes, COUNT(yes), ISMS_SCALAR_DATE);
	expect_all(no, COUNT(no), ISMS_SCALAR_STR);
	/* Eight digits are a number, not a date. */
	cr_expect_eq(isms_scalar_resolve("20260101"), ISMS_SCALAR_INT);
}

Test(resolve, record_texts_stay_text)
{
	static const char *const texts[] = {
		"1.0.0", "A.5.15", "A.8", "POL-001", "RSK-0042", "hello world",
		"ISO/IEC 27001:2022", "v1.0", "1.0-rc1", "Yes, we do", "null pointer",
		"0x1G", "+", "-", "-- ", "#1", "caf\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87",
	};

	expect_all(texts, COUNT(texts), ISMS_SCALAR_STR);
}

/* A YAML 1.1 timestamp needs a time after the T or the space; YAML 1.2's
 * core schema has no timestamps at all. So both read this as text, which
 * is what isms_scalar_resolve promises to return then. */
Test(resolve, a_date_followed_by_words_is_text)
{
	cr_expect_eq(isms_scalar_resolve("2026-01-01 kick-off meeting"), ISMS_SCALAR_STR,
		     "got %s", type_name(isms_scalar_resolve("2026-01-01 kick-off meeting")));
	cr_expect_eq(isms_scalar_resolve("2026-01-01 to 2026-03-31"), ISMS_SCALAR_STR,
		     "got %s", type_name(isms_scalar_resolve("2026-01-01 to 2026-03-31")));
}

/* Every YAML reader sees a long run of digits as a number, whatever its
 * length; text like this must therefore be written quoted. */
Test(resolve, long_numbers_are_still_numbers)
{
	char digits[81], fraction[82];

	memset(digits, '7', sizeof(digits) - 1);
	digits[sizeof(digits) - 1] = '\0';
	memcpy(fraction, "0.", 2);
	memset(fraction + 2, '5', sizeof(fraction) - 3);
	fraction[sizeof(fraction) - 1] = '\0';
	cr_expect_eq(isms_scalar_resolve(digits), ISMS_SCALAR_INT, "80 digits resolved to %s",
		     type_name(isms_scalar_resolve(digits)));
	cr_expect_eq(isms_scalar_resolve(fraction), ISMS_SCALAR_FLOAT, "81-char float resolved to %s",
		     type_name(isms_scalar_resolve(fraction)));
}

/* Constructors */

Test(node, constructors_type_and_copy_their_text)
{
	char text[] = "1.0";
	struct isms_node *plain = isms_node_plain(text), *str = isms_node_str(text);
	struct isms_node *date = isms_node_scalar(text, ISMS_SCALAR_DATE);

	text[0] = '9';  /* the nodes hold their own copies */
	cr_expect_eq(plain->type, ISMS_NODE_SCALAR);
	cr_expect_eq(plain->scalar, ISMS_SCALAR_FLOAT);
	cr_expect_str_eq(plain->text, "1.0");
	cr_expect_eq(str->scalar, ISMS_SCALAR_STR);
	cr_expect_str_eq(str->text, "1.0");
	cr_expect_eq(date->scalar, ISMS_SCALAR_DATE);
	cr_expect_str_eq(date->text, "1.0");
	cr_expect_eq(plain->line, 0);
	cr_expect_eq(plain->column, 0);
	isms_node_free(plain);
	isms_node_free(str);
	isms_node_free(date);
	isms_node_free(NULL);  /* allowed */
}

Test(node, empty_collections)
{
	struct isms_node *seq = isms_node_seq(), *map = isms_node_map();

	cr_expect_eq(seq->type, ISMS_NODE_SEQ);
	cr_expect_eq(seq->count, 0);
	cr_expect_eq(map->type, ISMS_NODE_MAP);
	cr_expect_eq(map->count, 0);
	cr_expect_null(isms_map_get(map, "x"));
	isms_node_free(seq);
	isms_node_free(map);
}

/* Sequences */

Test(seq, append_keeps_order_past_growth)
{
	struct isms_node *seq = isms_node_seq();
	char text[16];

	for (int i = 0; i < 100; i++) {
		snprintf(text, sizeof(text), "item%d", i);
		isms_seq_append(seq, isms_node_str(text));
	}
	isms_seq_append(seq, isms_node_map());
	cr_assert_eq(seq->count, 101);
	for (int i = 0; i < 100; i++) {
		snprintf(text, sizeof(text), "item%d", i);
		cr_assert_str_eq(seq->items[i]->text, text);
	}
	cr_expect_eq(seq->items[100]->type, ISMS_NODE_MAP);
	isms_node_free(seq);
}

/* Mappings */

Test(map, set_appends_new_keys_in_order_and_get_finds_them)
{
	struct isms_node *map = isms_node_map(), *list = isms_node_seq();

	isms_map_set(map, "id", isms_node_str("POL-001"));
	isms_map_set(map, "version", isms_node_plain("2"));
	isms_map_set(map, "tags", list);
	cr_assert_eq(map->count, 3);
	cr_expect_str_eq(map->pairs[0].key, "id");
	cr_expect_str_eq(map->pairs[1].key, "version");
	cr_expect_str_eq(map->pairs[2].key, "tags");
	cr_expect_str_eq(isms_map_get(map, "id")->text, "POL-001");
	cr_expect_eq(isms_map_get(map, "version")->scalar, ISMS_SCALAR_INT);
	cr_expect_eq(isms_map_get(map, "tags"), list);
	cr_expect_str_eq(isms_map_get_text(map, "id"), "POL-001");
	cr_expect_null(isms_map_get_text(map, "tags"), "a list has no text");
	cr_expect_null(isms_map_get(map, "missing"));
	cr_expect_null(isms_map_get_text(map, "missing"));
	cr_expect_null(isms_map_get(map, "ID"), "keys are case-sensitive");
	cr_expect_null(isms_map_get(list, "id"), "a list is not a mapping");
	cr_expect_null(isms_map_get(NULL, "id"));
	isms_node_free(map);
}

Test(map, set_replaces_in_place_keeping_position)
{
	static const char *const keys[] = { "id", "title", "owner", "status" };
	struct isms_node *map = map_of(keys, COUNT(keys)), *seq = isms_node_seq();

	isms_map_set(map, "title", isms_node_str("New title"));
	cr_assert_eq(map->count, 4, "replacing must not add a pair");
	cr_expect_str_eq(map->pairs[1].key, "title");
	cr_expect_str_eq(map->pairs[1].value->text, "New title");
	isms_map_set(map, "id", seq);  /* a different node type */
	cr_expect_eq(map->count, 4);
	cr_expect_str_eq(map->pairs[0].key, "id");
	cr_expect_eq(map->pairs[0].value, seq);
	for (size_t i = 0; i < 4; i++)
		cr_expect_str_eq(map->pairs[i].key, keys[i]);
	cr_expect_str_eq(isms_map_get_text(map, "status"), "status");
	isms_node_free(map);
}

Test(map, remove_closes_the_gap_and_reports_absent_keys)
{
	static const char *const keys[] = { "a", "b", "c", "d", "e" };
	static const char *const after_b[] = { "a", "c", "d", "e" };
	static const char *const after_ends[] = { "c", "d" };
	struct isms_node *map = map_of(keys, COUNT(keys));

	cr_assert(isms_map_remove(map, "b"));
	expect_keys(map, after_b, COUNT(after_b));
	cr_expect_null(isms_map_get(map, "b"));
	cr_expect_not(isms_map_remove(map, "b"), "already removed");
	cr_expect_not(isms_map_remove(map, "zzz"));
	cr_assert(isms_map_remove(map, "a"));
	cr_assert(isms_map_remove(map, "e"));
	expect_keys(map, after_ends, COUNT(after_ends));
	cr_assert(isms_map_remove(map, "c"));
	cr_assert(isms_map_remove(map, "d"));
	cr_expect_eq(map->count, 0);
	cr_expect_not(isms_map_remove(map, "d"));
	/* Still usable after being emptied. */
	isms_map_set(map, "x", isms_node_str("x"));
	cr_expect_str_eq(isms_map_get_text(map, "x"), "x");
	isms_node_free(map);
}

Test(map, order_puts_named_keys_first_then_the_rest_as_they_were)
{
	static const char *const keys[] = { "notes", "title", "x-custom", "id", "owner", "kind", "zeta" };
	static const char *const order[] = { "id", "kind", "title", "status", "owner" };
	static const char *const want[] = { "id", "kind", "title", "owner", "notes", "x-custom", "zeta" };
	struct isms_node *map = map_of(keys, COUNT(keys));

	isms_map_order(map, order, COUNT(order));
	expect_keys(map, want, COUNT(want));
	/* Lookups still work after the pairs moved. */
	cr_expect_str_eq(isms_map_get_text(map, "zeta"), "zeta");
	/* Ordering again is stable. */
	isms_map_order(map, order, COUNT(order));
	expect_keys(map, want, COUNT(want));
	isms_node_free(map);
}

Test(map, order_edge_cases)
{
	static const char *const keys[] = { "b", "a", "c" };
	static const char *const none[] = { "x", "y" };
	static const char *const twice[] = { "c", "c", "a" };
	static const char *const want[] = { "c", "a", "b" };
	struct isms_node *map = map_of(keys, COUNT(keys)), *seq = isms_node_seq();
	struct isms_node *one = isms_node_map();

	isms_map_order(map, NULL, 0);
	expect_keys(map, keys, COUNT(keys));
	isms_map_order(map, none, COUNT(none));
	expect_keys(map, keys, COUNT(keys));
	isms_map_order(map, twice, COUNT(twice));
	expect_keys(map, want, COUNT(want));

	isms_seq_append(seq, isms_node_str("b"));
	isms_seq_append(seq, isms_node_str("a"));
	isms_map_order(seq, twice, COUNT(twice));  /* not a mapping: untouched */
	cr_expect_eq(seq->count, 2);
	cr_expect_str_eq(seq->items[0]->text, "b");

	isms_map_set(one, "only", isms_node_str("only"));
	isms_map_order(one, twice, COUNT(twice));
	cr_expect_str_eq(one->pairs[0].key, "only");
	isms_node_free(map);
	isms_node_free(seq);
	isms_node_free(one);
}

/* Clone and equality */

static struct isms_node *sample_tree(void)
{
	struct isms_node *root = isms_node_map(), *list = isms_node_seq(), *inner = isms_node_map();

	isms_map_set(root, "id", isms_node_str("RSK-001"));
	isms_map_set(root, "version", isms_node_str("1.0"));
	isms_map_set(root, "score", isms_node_plain("12"));
	isms_map_set(root, "due", isms_node_plain("2026-01-01"));
	isms_map_set(root, "active", isms_node_plain("yes"));
	isms_map_set(root, "ratio", isms_node_plain("0.5"));
	isms_map_set(root, "none", isms_node_plain(""));
	isms_seq_append(list, isms_node_str("A.5.15"));
	isms_seq_append(list, isms_node_seq());
	isms_seq_append(list, isms_node_map());
	isms_map_set(root, "controls", list);
	isms_map_set(inner, "name", isms_node_str("Alice"));
	isms_map_set(root, "owner", inner);
	root->line = 1;
	root->column = 1;
	root->pairs[0].line = 1;
	root->pairs[0].column = 1;
	root->pairs[0].value->line = 1;
	root->pairs[0].value->column = 5;
	list->line = 9;
	list->column = 3;
	return root;
}

Test(node, clone_is_deep_equal_and_independent)
{
	struct isms_node *tree = sample_tree(), *copy = isms_node_clone(tree);

	cr_assert_neq(copy, tree);
	cr_assert(isms_node_equal(tree, copy));
	cr_assert(isms_node_equal(copy, tree));
	/* Positions come along. */
	cr_expect_eq(copy->line, 1);
	cr_expect_eq(copy->pairs[0].line, 1);
	cr_expect_eq(copy->pairs[0].column, 1);
	cr_expect_eq(copy->pairs[0].value->column, 5);
	cr_expect_eq(isms_map_get(copy, "controls")->line, 9);
	cr_expect_eq(isms_map_get(copy, "controls")->column, 3);
	/* Nothing is shared. */
	cr_expect_neq(copy->pairs[0].key, tree->pairs[0].key);
	cr_expect_neq(copy->pairs[0].value->text, tree->pairs[0].value->text);
	cr_expect_neq(isms_map_get(copy, "owner"), isms_map_get(tree, "owner"));
	isms_map_set(isms_map_get(copy, "owner"), "name", isms_node_str("Bob"));
	isms_seq_append(isms_map_get(copy, "controls"), isms_node_str("A.8.2"));
	cr_expect_str_eq(isms_map_get_text(isms_map_get(tree, "owner"), "name"), "Alice");
	cr_expect_eq(isms_map_get(tree, "controls")->count, 3);
	cr_expect_not(isms_node_equal(tree, copy));
	isms_node_free(copy);
	isms_node_free(tree);
}

Test(node, equal_compares_types_texts_keys_and_order_but_not_positions)
{
	struct isms_node *a = sample_tree(), *b = isms_node_clone(a);

	b->line = 42;
	b->pairs[0].column = 7;
	cr_expect(isms_node_equal(a, b), "positions do not count");

	/* Same text, other type. */
	isms_map_set(b, "version", isms_node_plain("1.0"));
	cr_expect_not(isms_node_equal(a, b), "STR 1.0 vs FLOAT 1.0");
	isms_map_set(b, "version", isms_node_str("1.0"));
	cr_assert(isms_node_equal(a, b));

	/* Same type, other text. */
	isms_map_set(b, "score", isms_node_plain("13"));
	cr_expect_not(isms_node_equal(a, b));
	isms_map_set(b, "score", isms_node_plain("12"));
	cr_assert(isms_node_equal(a, b));

	/* Key order. */
	isms_map_remove(b, "id");
	isms_map_set(b, "id", isms_node_str("RSK-001"));
	cr_expect_not(isms_node_equal(a, b), "same pairs in another order");
	isms_node_free(b);

	/* Key name. */
	b = isms_node_clone(a);
	free(b->pairs[0].key);
	b->pairs[0].key = strdup("ID");
	cr_expect_not(isms_node_equal(a, b));
	isms_node_free(b);

	/* An extra pair, an extra item, a nested difference. */
	b = isms_node_clone(a);
	isms_map_set(b, "extra", isms_node_str(""));
	cr_expect_not(isms_node_equal(a, b));
	cr_expect_not(isms_node_equal(b, a));
	isms_node_free(b);
	b = isms_node_clone(a);
	isms_seq_append(isms_map_get(b, "controls")->items[1], isms_node_str("x"));
	cr_expect_not(isms_node_equal(a, b));
	isms_node_free(b);

	isms_node_free(a);
}

Test(node, equal_distinguishes_node_kinds)
{
	struct isms_node *seq = isms_node_seq(), *map = isms_node_map(), *s = isms_node_str("");
	struct isms_node *null = isms_node_plain("");

	cr_expect_not(isms_node_equal(seq, map));
	cr_expect_not(isms_node_equal(map, s));
	cr_expect_not(isms_node_equal(s, null), "'' and empty null differ");
	cr_expect(isms_node_equal(seq, seq));
	isms_node_free(seq);
	isms_node_free(map);
	isms_node_free(s);
	isms_node_free(null);
}

Test(tree, filled_and_anchor)
{
	const char *yaml = "a: x\nb: ''\nc: []\nd: [1]\ne: {}\n";
	struct isms_node *root;

	cr_assert_eq(isms_yaml_load(&root, NULL, yaml, strlen(yaml), "t.yaml", NULL), 0);
	cr_assert(isms_map_filled(root, "a"));
	cr_assert_not(isms_map_filled(root, "b"), "an empty text");
	cr_assert_not(isms_map_filled(root, "c"), "an empty list");
	cr_assert(isms_map_filled(root, "d"));
	cr_assert_not(isms_map_filled(root, "e"), "an empty mapping");
	cr_assert_not(isms_map_filled(root, "z"), "absent");
	cr_assert_eq(isms_map_anchor(root, "d")->line, 4);
	cr_assert_eq(isms_map_anchor(root, "z"), root, "absent: the record itself");
	isms_node_free(root);
}
