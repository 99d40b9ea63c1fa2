/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/text.h"
#include "isms/tree.h"
#include "isms/yaml.h"

#define NAME "rec.yaml"

/* Where a refused load must have put NULL. */
static struct isms_node sentinel;

/* Helpers */

/* Load `len` bytes that must be accepted; *flags (if not NULL) gets the flags. */
static struct isms_node *load_n(const char *data, size_t len, unsigned *flags)
{
	struct isms_node *root = NULL;
	unsigned f = 99;
	int rc;

	isms_error_clear();
	rc = isms_yaml_load(&root, &f, data, len, NAME, NULL);
	cr_assert_eq(rc, 0, "refused (%d): %s\n--- input ---\n%.400s",
		     rc, isms_error_last()->message, data);
	cr_assert_not_null(root);
	if (flags)
		*flags = f;
	return root;
}

static struct isms_node *load(const char *text)
{
	return load_n(text, strlen(text), NULL);
}

static char *emit(const struct isms_node *root)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	int rc = isms_yaml_emit(&buf, root);

	cr_assert_eq(rc, 0, "emit failed: %s", isms_error_last()->message);
	return isms_buf_detach(&buf);
}

/* emit(load(text)) must give back text, byte for byte. */
static void round_trip(const char *text)
{
	struct isms_node *root = load(text);
	char *out = emit(root);

	cr_expect_str_eq(out, text, "written back differently\n--- in ---\n%s--- out ---\n%s", text, out);
	free(out);
	isms_node_free(root);
}

/* load(emit(tree)) must equal tree; returns the text (the caller frees). */
static char *emit_and_reload(const struct isms_node *tree)
{
	char *out = emit(tree);
	struct isms_node *back = load(out);

	cr_expect(isms_node_equal(back, tree), "read back differently:\n%s", out);
	isms_node_free(back);
	return out;
}

/* Loading must fail with `code` at line:column, saying `phrase`. */
static void refused_with(const char *data, size_t len, const struct isms_yaml_limits *limits,
			 int code, unsigned line, unsigned column, const char *phrase)
{
	struct isms_node *root = &sentinel;
	const struct isms_error *e;
	char prefix[64];
	int rc;

	isms_error_clear();
	rc = isms_yaml_load(&root, NULL, data, len, NAME, limits);
	e = isms_error_last();
	cr_assert_eq(rc, code, "[%s] returned %d, expected %d: %s", phrase, rc, code, e->message);
	cr_expect_null(root, "[%s] *out not reset", phrase);
	cr_expect_eq(e->code, code, "[%s]", phrase);
	cr_expect_eq(e->line, line, "[%s] line %u, expected %u: %s", phrase, e->line, line, e->message);
	cr_expect_eq(e->column, column, "[%s] column %u, expected %u: %s", phrase, e->column,
		     column, e->message);
	cr_expect(th_has(e->message, phrase), "message '%s' does not say '%s'", e->message, phrase);
	if (line) {
		snprintf(prefix, sizeof(prefix), NAME ":%u:%u: ", line, column);
		cr_expect(strncmp(e->message, prefix, strlen(prefix)) == 0,
			  "message '%s' does not start with '%s'", e->message, prefix);
	}
}

/* Criterion's .timeout is not always enforced when tests run in parallel;
 * SIGALRM ends the worker running this test, failing it, for certain.
 * Call again with 0 once the timed work is done. */
static void deadline(unsigned seconds)
{
	alarm(seconds);
}

static void refused(const char *text, int code, unsigned line, unsigned column, const char *phrase)
{
	refused_with(text, strlen(text), NULL, code, line, column, phrase);
}

static void expect_scalar(const struct isms_node *map, const char *key, const char *text,
			  enum isms_scalar_type type)
{
	const struct isms_node *value = isms_map_get(map, key);

	cr_assert_not_null(value, "no key '%s'", key);
	cr_assert_eq(value->type, ISMS_NODE_SCALAR, "'%s' is not a scalar", key);
	cr_expect_str_eq(value->text, text, "text of '%s'", key);
	cr_expect_eq(value->scalar, type, "'%s': type %d, expected %d", key, value->scalar, type);
}

/* Round trips of text the workbench writes */

Test(round_trip, unknown_keys_are_kept_in_their_order)
{
	static const char text[] =
		"id: POL-001\n"
		"kind: policy\n"
		"zeta_custom: keep me\n"
		"title: Access control\n"
		"alpha-extension: 1\n"
		"x_vendor_field:\n"
		"  nested_unknown: true\n";
	struct isms_node *root = load(text);

	cr_assert_eq(root->count, 6);
	cr_expect_str_eq(root->pairs[2].key, "zeta_custom");
	cr_expect_str_eq(root->pairs[4].key, "alpha-extension");
	isms_node_free(root);
	round_trip(text);
}

Test(round_trip, unicode_text_including_wide_characters)
{
	static const char text[] =
		"title: \xe6\x83\x85\xe5\xa0\xb1\xe3\x82\xbb\xe3\x82\xad\xe3\x83\xa5\xe3\x83\xaa"
		"\xe3\x83\x86\xe3\x82\xa3\xe6\x96\xb9\xe9\x87\x9d\n"          /* 情報セキュリティ方針 */
		"owner: Zo\xc3\xab M\xc3\xbcller\n"                            /* Zoë Müller */
		"notes: \xe2\x9c\x85 \xe2\x82\xac 100 \xe2\x80\x94 na\xc3\xafve\n"  /* ✅ € — ï */
		"\xc3\xa9tiquette: \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n";  /* étiquette: Привет */

	round_trip(text);
}

Test(round_trip, emoji_are_written_as_utf8_not_escaped)
{
	static const char text[] = "status: \xf0\x9f\x94\x92 locked \xf0\x9f\x9a\x80\n";  /* 🔒 🚀 */
	struct isms_node *tree = isms_node_map();
	char *out;

	isms_map_set(tree, "status", isms_node_str("\xf0\x9f\x94\x92 locked \xf0\x9f\x9a\x80"));
	out = emit_and_reload(tree);
	cr_expect_str_eq(out, text, "emoji escaped or quoted:\n%s", out);
	free(out);
	isms_node_free(tree);
	round_trip(text);
	round_trip("body: |\n  first \xf0\x9f\x98\x80\n  second\n");
}

Test(round_trip, very_long_single_line_is_not_folded)
{
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *root;
	char *out;

	isms_buf_puts(&text, "description: ");
	for (int i = 0; i < 400; i++)
		isms_buf_printf(&text, "word%d ", i);
	isms_buf_puts(&text, "end\nquoted: '#tag");  /* a long quoted one too */
	for (int i = 0; i < 300; i++)
		isms_buf_puts(&text, " and: more");
	isms_buf_puts(&text, "'\n");
	cr_assert_gt(text.len, 5000);
	round_trip(text.ptr);

	root = load(text.ptr);
	out = emit(root);
	cr_expect_eq(strchr(out, '\n') - out, (long)strcspn(text.ptr, "\n"), "first line was broken");
	cr_expect_eq(strlen(isms_map_get_text(root, "quoted")), 4 + 300 * 10);
	free(out);
	isms_node_free(root);
	isms_buf_free(&text);
}

Test(round_trip, multi_line_text_as_literal_blocks)
{
	struct isms_node *root;

	round_trip("body: |\n  Line one.\n  Line two: with a colon.\n\n  After a blank line.\n");
	round_trip("id: POL-001\nbody: |\n  text\nafter: 1\n");
	round_trip("list:\n- |\n  in a list\n  item\n- plain\n");

	root = load("body: |\n  one\n  two\n");
	expect_scalar(root, "body", "one\ntwo\n", ISMS_SCALAR_STR);
	isms_node_free(root);
}

Test(round_trip, text_without_final_newline_strips)
{
	struct isms_node *root;
	struct isms_node *tree = isms_node_map();
	char *out;

	round_trip("body: |-\n  no final\n  newline\n");
	root = load("body: |-\n  no final\n  newline\n");
	expect_scalar(root, "body", "no final\nnewline", ISMS_SCALAR_STR);
	isms_node_free(root);

	isms_map_set(tree, "body", isms_node_str("no final\nnewline"));
	out = emit_and_reload(tree);
	cr_expect_str_eq(out, "body: |-\n  no final\n  newline\n");
	free(out);
	isms_node_free(tree);
}

/* Kept final newlines (|+) in the middle of a record. The file must end
 * like any other: a "..." end marker after the last field would make a line
 * added there by hand a second document, which the loader refuses. */
Test(round_trip, text_with_several_final_newlines_keeps_without_an_end_marker)
{
	static const char *const texts[] = { "a\nb\n\n", "a\nb\n\n\n", "trailing\n\n\n\n" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct isms_node *tree = isms_node_map(), *back;
		struct isms_buf want = ISMS_BUF_INIT;
		char *out, *again;

		isms_map_set(tree, "body", isms_node_str(texts[i]));
		isms_map_set(tree, "next", isms_node_plain("1"));
		out = emit_and_reload(tree);
		isms_buf_puts(&want, "body: |+\n");
		for (const char *p = texts[i]; *p; ) {
			size_t n = strcspn(p, "\n");

			if (n)
				isms_buf_puts(&want, "  ");
			isms_buf_put(&want, p, n + 1);
			p += n + 1;
		}
		isms_buf_puts(&want, "next: 1\n");
		cr_expect_str_eq(out, want.ptr, "case %zu:\n%s", i, out);
		/* What the workbench wrote, it writes again unchanged. */
		back = load(out);
		again = emit(back);
		cr_expect_str_eq(again, out, "case %zu", i);
		free(again);
		isms_node_free(back);
		free(out);
		isms_buf_free(&want);
		isms_node_free(tree);
	}
}

/* Kept final newlines at the very end of the file: the text reads back the
 * same and is written again unchanged. */
Test(round_trip, kept_newlines_at_the_end_of_the_file)
{
	struct isms_node *tree = isms_node_map(), *back;
	char *out, *again;

	isms_map_set(tree, "body", isms_node_str("line one\nline two\n\n\n"));
	out = emit_and_reload(tree);
	cr_expect(strncmp(out, "body: |+\n  line one\n  line two\n\n\n", 33) == 0, "%s", out);
	back = load(out);
	again = emit(back);
	cr_expect_str_eq(again, out);
	free(again);
	isms_node_free(back);
	free(out);
	isms_node_free(tree);

	back = load("body: |+\n  line one\n  line two\n\n\n");
	expect_scalar(back, "body", "line one\nline two\n\n\n", ISMS_SCALAR_STR);
	isms_node_free(back);
}

Test(round_trip, first_line_indented_uses_an_indentation_indicator)
{
	static const char text[] = "body: |2\n    indented first line\n  second line\n";
	struct isms_node *root = load(text), *tree = isms_node_map();
	char *out;

	expect_scalar(root, "body", "  indented first line\nsecond line\n", ISMS_SCALAR_STR);
	isms_node_free(root);
	round_trip(text);
	round_trip("body: |2-\n     five spaces\n  none\n");

	isms_map_set(tree, "body", isms_node_str("  code\nprose\n"));
	out = emit_and_reload(tree);
	cr_expect_str_eq(out, "body: |2\n    code\n  prose\n");
	free(out);
	isms_node_free(tree);
}

Test(round_trip, strings_that_look_like_other_types_stay_quoted)
{
	static const char text[] =
		"version: '1.0'\n"
		"answer: 'yes'\n"
		"off_switch: 'off'\n"
		"nothing: 'null'\n"
		"tilde: '~'\n"
		"empty: ''\n"
		"date: '2026-01-01'\n"
		"count: '42'\n"
		"hex: '0x1F'\n"
		"inf: '.inf'\n"
		"sexagesimal: '1:30'\n"
		"colon: 'a: b'\n"
		"dash: '- item'\n"
		"hash: '#tag'\n"
		"spaced: ' padded '\n";
	struct isms_node *root = load(text);

	for (size_t i = 0; i < root->count; i++)
		cr_expect_eq(root->pairs[i].value->scalar, ISMS_SCALAR_STR, "'%s' is not text",
			     root->pairs[i].key);
	expect_scalar(root, "empty", "", ISMS_SCALAR_STR);
	expect_scalar(root, "date", "2026-01-01", ISMS_SCALAR_STR);
	isms_node_free(root);
	round_trip(text);
}

Test(round_trip, plain_numbers_dates_and_booleans_stay_plain)
{
	static const char text[] =
		"version: 1.0\n"
		"count: 42\n"
		"negative: -7\n"
		"hex: 0x1F\n"
		"exp: 1e3\n"
		"ratio: .inf\n"
		"due: 2026-01-01\n"
		"stamp: 2026-01-01T10:00:00Z\n"
		"active: true\n"
		"legacy: yes\n"
		"nothing: null\n"
		"tilde: ~\n"
		"empty:\n"
		"text: plain words\n";
	struct isms_node *root = load(text);

	expect_scalar(root, "version", "1.0", ISMS_SCALAR_FLOAT);
	expect_scalar(root, "count", "42", ISMS_SCALAR_INT);
	expect_scalar(root, "hex", "0x1F", ISMS_SCALAR_INT);
	expect_scalar(root, "exp", "1e3", ISMS_SCALAR_FLOAT);
	expect_scalar(root, "due", "2026-01-01", ISMS_SCALAR_DATE);
	expect_scalar(root, "stamp", "2026-01-01T10:00:00Z", ISMS_SCALAR_DATE);
	expect_scalar(root, "legacy", "yes", ISMS_SCALAR_BOOL);
	expect_scalar(root, "tilde", "~", ISMS_SCALAR_NULL);
	expect_scalar(root, "empty", "", ISMS_SCALAR_NULL);
	expect_scalar(root, "text", "plain words", ISMS_SCALAR_STR);
	isms_node_free(root);
	round_trip(text);
}

Test(round_trip, nested_mappings_and_sequences)
{
	static const char text[] =
		"id: RSK-001\n"
		"owner:\n"
		"  name: Alice\n"
		"  team:\n"
		"    name: Security\n"
		"    size: 4\n"
		"controls:\n"
		"- A.5.15\n"
		"- A.8.2\n"
		"treatments:\n"
		"- id: T-1\n"
		"  steps:\n"
		"  - plan\n"
		"  - do\n"
		"- id: T-2\n"
		"  steps: []\n"
		"matrix:\n"
		"- - 1\n"
		"  - 2\n"
		"- - 3\n"
		"tail: end\n";
	struct isms_node *root = load(text), *t;

	t = isms_map_get(root, "treatments");
	cr_assert_eq(t->type, ISMS_NODE_SEQ);
	cr_assert_eq(t->count, 2);
	cr_expect_str_eq(isms_map_get(t->items[0], "steps")->items[1]->text, "do");
	cr_expect_eq(isms_map_get(isms_map_get(root, "owner"), "team")->count, 2);
	cr_expect_eq(isms_map_get(root, "matrix")->items[0]->count, 2);
	isms_node_free(root);
	round_trip(text);
}

Test(round_trip, empty_list_and_mapping)
{
	static const char text[] = "tags: []\nextra: {}\nlist:\n- []\n- {}\n";
	struct isms_node *root = load(text);

	cr_expect_eq(isms_map_get(root, "tags")->type, ISMS_NODE_SEQ);
	cr_expect_eq(isms_map_get(root, "tags")->count, 0);
	cr_expect_eq(isms_map_get(root, "extra")->type, ISMS_NODE_MAP);
	cr_expect_eq(isms_map_get(root, "extra")->count, 0);
	isms_node_free(root);
	round_trip(text);
}

/* Trees made in memory */

static struct isms_node *every_kind_of_value(void)
{
	static const struct { const char *text; enum isms_scalar_type type; } scalars[] = {
		{ "plain text", ISMS_SCALAR_STR }, { "1.0", ISMS_SCALAR_STR },
		{ "yes", ISMS_SCALAR_STR }, { "n", ISMS_SCALAR_STR }, { "null", ISMS_SCALAR_STR },
		{ "", ISMS_SCALAR_STR }, { "~", ISMS_SCALAR_STR }, { "2026-01-01", ISMS_SCALAR_STR },
		{ "0x1F", ISMS_SCALAR_STR }, { "1e3", ISMS_SCALAR_STR }, { ".nan", ISMS_SCALAR_STR },
		{ "it's \"quoted\"", ISMS_SCALAR_STR }, { "a: b # c", ISMS_SCALAR_STR },
		{ "- dash", ISMS_SCALAR_STR }, { "[flow]", ISMS_SCALAR_STR }, { "{x}", ISMS_SCALAR_STR },
		{ "&anchor", ISMS_SCALAR_STR }, { "*alias", ISMS_SCALAR_STR },
		{ "!tag", ISMS_SCALAR_STR }, { "%directive", ISMS_SCALAR_STR }, { "@at", ISMS_SCALAR_STR },
		{ "`tick", ISMS_SCALAR_STR }, { "---", ISMS_SCALAR_STR }, { "...", ISMS_SCALAR_STR },
		{ " lead", ISMS_SCALAR_STR }, { "trail ", ISMS_SCALAR_STR }, { "tab\there", ISMS_SCALAR_STR },
		{ "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87", ISMS_SCALAR_STR },
		{ "multi\nline\n", ISMS_SCALAR_STR }, { "no final\nnewline", ISMS_SCALAR_STR },
		{ "  indented\nfirst\n", ISMS_SCALAR_STR }, { "kept\n\n", ISMS_SCALAR_STR },
		{ "trailing space \nline", ISMS_SCALAR_STR }, { "\n", ISMS_SCALAR_STR },
		{ "", ISMS_SCALAR_NULL }, { "~", ISMS_SCALAR_NULL }, { "null", ISMS_SCALAR_NULL },
		{ "true", ISMS_SCALAR_BOOL }, { "no", ISMS_SCALAR_BOOL }, { "Off", ISMS_SCALAR_BOOL },
		{ "0", ISMS_SCALAR_INT }, { "-42", ISMS_SCALAR_INT }, { "0o17", ISMS_SCALAR_INT },
		{ "1_000", ISMS_SCALAR_INT }, { "1:30", ISMS_SCALAR_INT },
		{ "3.14", ISMS_SCALAR_FLOAT }, { "-.inf", ISMS_SCALAR_FLOAT }, { "6.02e-23", ISMS_SCALAR_FLOAT },
		{ "2026-01-01", ISMS_SCALAR_DATE }, { "2026-01-01T10:00:00Z", ISMS_SCALAR_DATE },
	};
	static const char *const keys[] = { "yes", "1", "null", "", "a b", "1.0", "key: colon", "#x" };
	struct isms_node *root = isms_node_map(), *seq = isms_node_seq(), *map = isms_node_map();
	struct isms_node *deep = isms_node_seq();
	char key[32];

	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
		snprintf(key, sizeof(key), "v%02zu", i);
		isms_map_set(root, key, isms_node_scalar(scalars[i].text, scalars[i].type));
		isms_seq_append(seq, isms_node_scalar(scalars[i].text, scalars[i].type));
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		isms_map_set(map, keys[i], isms_node_str(keys[i]));
	isms_map_set(map, "empty list", isms_node_seq());
	isms_map_set(map, "empty map", isms_node_map());
	isms_seq_append(deep, isms_node_seq());
	isms_seq_append(deep->items[0], isms_node_plain("1"));
	isms_seq_append(deep, isms_node_map());
	isms_map_set(deep->items[1], "k", isms_node_seq());
	isms_map_set(root, "seq", seq);
	isms_map_set(root, "odd keys", map);
	isms_map_set(root, "deep", deep);
	return root;
}

Test(in_memory, every_scalar_type_reads_back_equal)
{
	struct isms_node *tree = every_kind_of_value();
	char *out = emit_and_reload(tree);

	free(out);
	isms_node_free(tree);
}

Test(in_memory, a_sequence_or_scalar_root_reads_back_equal)
{
	struct isms_node *seq = isms_node_seq(), *text = isms_node_str("just\ntext\n");
	char *out;

	isms_seq_append(seq, isms_node_str("a"));
	isms_seq_append(seq, isms_node_plain("2"));
	out = emit_and_reload(seq);
	cr_expect_str_eq(out, "- a\n- 2\n");
	free(out);
	out = emit_and_reload(text);
	free(out);
	isms_node_free(seq);
	isms_node_free(text);
}

Test(in_memory, output_is_utf8_lf_with_one_final_newline)
{
	struct isms_node *tree = every_kind_of_value();
	struct isms_node *small = isms_node_map(), *inner = isms_node_map();
	char *out = emit(tree);
	size_t len = strlen(out);

	cr_assert_gt(len, 2);
	cr_expect_null(strchr(out, '\r'), "CR in output");
	cr_expect_eq(out[len - 1], '\n');
	cr_expect_neq(out[len - 2], '\n', "more than one final newline");
	cr_expect(th_has(out, "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87"), "non-ASCII escaped:\n%s", out);
	cr_expect_not(th_has(out, "\\u"), "escape in output:\n%s", out);
	cr_expect_not(th_has(out, "\\x"), "escape in output:\n%s", out);
	cr_expect_neq(strncmp(out, "---", 3), 0, "document marker written");
	free(out);

	/* Block style, two-space indent, keys in their order. */
	isms_map_set(inner, "b", isms_node_str("\xc3\xa9"));
	isms_map_set(inner, "a", isms_node_plain("1"));
	isms_map_set(small, "z", inner);
	isms_map_set(small, "list", isms_node_seq());
	isms_seq_append(isms_map_get(small, "list"), isms_node_str("x"));
	out = emit(small);
	cr_expect_str_eq(out, "z:\n  b: \xc3\xa9\n  a: 1\nlist:\n- x\n");
	free(out);
	isms_node_free(small);
	isms_node_free(tree);
}

/* Text a YAML reader would see as a number must be quoted when it is text,
 * however long it is. */
Test(in_memory, long_digit_strings_are_quoted)
{
	char digits[81], want[100];
	struct isms_node *tree = isms_node_map();
	char *out;

	memset(digits, '1', sizeof(digits) - 1);
	digits[sizeof(digits) - 1] = '\0';
	isms_map_set(tree, "ref", isms_node_str(digits));
	out = emit(tree);
	snprintf(want, sizeof(want), "ref: '%s'\n", digits);
	cr_expect_str_eq(out, want);
	free(out);
	isms_node_free(tree);
}

/* Hand-written variants */

Test(variants, double_quotes_and_flow_style_read_like_block_style)
{
	static const char block[] =
		"id: POL-001\n"
		"version: '1.0'\n"
		"note: it's\n"
		"tags:\n"
		"- a\n"
		"- b c\n"
		"owner:\n"
		"  name: Alice\n"
		"  count: 3\n";
	static const char hand[] =
		"\"id\": \"POL-001\"\n"
		"version: \"1.0\"\n"
		"note: \"it's\"\n"
		"tags: [a, \"b c\"]\n"
		"owner: {name: Alice, count: 3}\n";
	struct isms_node *a = load(block), *b = load(hand);
	char *out;

	cr_expect(isms_node_equal(a, b));
	out = emit(b);
	cr_expect_str_eq(out, block, "not normalised to block style:\n%s", out);
	free(out);
	isms_node_free(a);
	isms_node_free(b);
}

Test(variants, crlf_line_endings_read_like_lf)
{
	static const char lf[] =
		"id: POL-001\n"
		"body: |\n"
		"  one\n"
		"  two\n"
		"tags:\n"
		"- a\n"
		"quoted: \"x\n"
		"  y\"\n";
	static const char crlf[] =
		"id: POL-001\r\n"
		"body: |\r\n"
		"  one\r\n"
		"  two\r\n"
		"tags:\r\n"
		"- a\r\n"
		"quoted: \"x\r\n"
		"  y\"\r\n";
	struct isms_node *a = load(lf), *b = load(crlf);
	char *out;

	expect_scalar(b, "body", "one\ntwo\n", ISMS_SCALAR_STR);
	expect_scalar(b, "quoted", "x y", ISMS_SCALAR_STR);
	cr_expect(isms_node_equal(a, b));
	out = emit(b);
	cr_expect_null(strchr(out, '\r'));
	cr_expect_str_eq(out, "id: POL-001\nbody: |\n  one\n  two\ntags:\n- a\nquoted: x y\n");
	free(out);
	isms_node_free(a);
	isms_node_free(b);
}

Test(variants, explicit_document_start_and_bom_are_accepted)
{
	struct isms_node *a = load("id: POL-001\n"), *b = load("---\nid: POL-001\n...\n");
	struct isms_node *c = load("\xef\xbb\xbfid: POL-001\n");

	cr_expect(isms_node_equal(a, b));
	cr_expect(isms_node_equal(a, c));
	isms_node_free(a);
	isms_node_free(b);
	isms_node_free(c);
}

Test(variants, positions_are_lines_and_columns_in_characters)
{
	static const char text[] =
		"id: POL-001\n"
		"t\xc3\xadtulo: caf\xc3\xa9\n"                      /* título: café */
		"\xe4\xb8\xad: [x, \xe4\xb8\xad\xe6\x96\x87, y]\n";  /* 中: [x, 中文, y] */
	struct isms_node *root = load(text), *list;

	cr_expect_eq(root->line, 1);
	cr_expect_eq(root->column, 1);
	cr_expect_eq(root->pairs[1].line, 2);
	cr_expect_eq(root->pairs[1].column, 1);
	cr_expect_eq(root->pairs[1].value->line, 2);
	cr_expect_eq(root->pairs[1].value->column, 9);
	list = root->pairs[2].value;
	cr_expect_eq(list->line, 3);
	cr_expect_eq(list->column, 4);
	cr_expect_eq(list->items[2]->line, 3);
	cr_expect_eq(list->items[2]->column, 12, "got %u", list->items[2]->column);
	isms_node_free(root);
}

/* Refusals: size and depth */

Test(refuse, more_bytes_than_a_custom_limit)
{
	static const struct isms_yaml_limits small = { .max_bytes = 32,
						       .max_depth = ISMS_YAML_MAX_DEPTH };
	static const char ok[] = "title: exactly thirty-two bytes\n";
	static const char over[] = "title: exactly thirty-three bytes";
	struct isms_node *root = NULL;

	cr_assert_eq(strlen(ok), 32);
	cr_expect_eq(isms_yaml_load(&root, NULL, ok, 32, NAME, &small), 0, "%s",
		     isms_error_last()->message);
	isms_node_free(root);
	cr_assert_eq(strlen(over), 33);
	/* A size problem concerns the whole file: it has no position. */
	refused_with(over, 33, &small, ISMS_ELIMIT, 0, 0, "33 bytes is more than the limit of 32 bytes");
	cr_expect(strncmp(isms_error_last()->message, NAME ": ", strlen(NAME) + 2) == 0,
		  "%s", isms_error_last()->message);
}

Test(refuse, more_bytes_than_the_default_limit)
{
	size_t len = ISMS_YAML_MAX_BYTES + 1;
	char *big = malloc(len + 1);
	struct isms_node *root = NULL;

	cr_assert_not_null(big);
	memcpy(big, "a: ", 3);
	memset(big + 3, 'x', len - 4);
	big[len - 1] = '\n';
	big[len] = '\0';
	refused_with(big, len, NULL, ISMS_ELIMIT, 0, 0, "1048577 bytes is more than the limit of 1048576");
	/* One byte less is fine. */
	big[len - 2] = '\n';
	cr_expect_eq(isms_yaml_load(&root, NULL, big, len - 1, NAME, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_expect_eq(strlen(isms_map_get_text(root, "a")), len - 5);
	isms_node_free(root);
	free(big);
}

Test(refuse, nesting_deeper_than_a_custom_limit)
{
	static const struct isms_yaml_limits shallow = { .max_bytes = ISMS_YAML_MAX_BYTES,
							 .max_depth = 3 };
	static const char three[] = "a:\n  b:\n    c: 1\n";
	static const char four[] = "a:\n  b:\n    c:\n      d: 1\n";
	struct isms_node *root = NULL;

	cr_expect_eq(isms_yaml_load(&root, NULL, three, strlen(three), NAME, &shallow), 0);
	isms_node_free(root);
	refused_with(four, strlen(four), &shallow, ISMS_ELIMIT, 4, 7,
		     "nesting is deeper than the limit of 3 levels");
	refused_with("- [x, {y: [1]}]\n", 16, &shallow, ISMS_ELIMIT, 1, 11, "deeper than the limit of 3");
}

static char *flow_nest(unsigned depth)
{
	char *s = malloc(2 * depth + 2);

	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[2 * depth] = '\n';
	s[2 * depth + 1] = '\0';
	return s;
}

static char *block_nest(unsigned depth)
{
	struct isms_buf buf = ISMS_BUF_INIT;

	for (unsigned i = 1; i <= depth; i++) {
		for (unsigned s = 1; s < i; s++)
			isms_buf_putc(&buf, ' ');
		isms_buf_printf(&buf, "k%u:%s\n", i, i == depth ? " leaf" : "");
	}
	return isms_buf_detach(&buf);
}

Test(refuse, nesting_deeper_than_the_default_limit)
{
	char *ok = flow_nest(ISMS_YAML_MAX_DEPTH), *deep = flow_nest(ISMS_YAML_MAX_DEPTH + 1);
	struct isms_node *root = load(ok);

	isms_node_free(root);
	refused(deep, ISMS_ELIMIT, 1, 65, "nesting is deeper than the limit of 64 levels");
	free(ok);
	free(deep);

	ok = block_nest(ISMS_YAML_MAX_DEPTH);
	deep = block_nest(ISMS_YAML_MAX_DEPTH + 1);
	root = load(ok);
	isms_node_free(root);
	refused(deep, ISMS_ELIMIT, 65, 65, "nesting is deeper than the limit of 64 levels");
	free(ok);
	free(deep);

	deep = flow_nest(10000);  /* far deeper: still refused at the limit */
	refused(deep, ISMS_ELIMIT, 1, 65, "deeper than the limit of 64");
	free(deep);
}

/* Refusals: anchors, aliases, documents, duplicates */

Test(refuse, anchors_and_aliases)
{
	refused("a: &x 1\nb: 2\n", ISMS_EPARSE, 1, 4, "anchor '&x' is not allowed");
	refused("base: &b\n  k: v\n", ISMS_EPARSE, 1, 7, "anchor '&b' is not allowed");
	refused("list: &l [1]\n", ISMS_EPARSE, 1, 7, "anchor '&l' is not allowed");
	refused("a: 1\nb: *a\n", ISMS_EPARSE, 2, 4, "alias '*a' is not allowed");
	refused("- one\n- *ref\n", ISMS_EPARSE, 2, 3, "alias '*ref' is not allowed");
	refused("*k : 1\n", ISMS_EPARSE, 1, 1, "alias '*k' is not allowed");
}

Test(refuse, billion_laughs_quickly)
{
	struct isms_buf buf = ISMS_BUF_INIT;

	deadline(10);  /* a guard against a hang, not a timing */

	isms_buf_puts(&buf, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'i'; c++) {
		isms_buf_printf(&buf, "%c: &%c [", c, c);
		for (int i = 0; i < 9; i++)
			isms_buf_printf(&buf, "%s*%c", i ? ", " : "", c - 1);
		isms_buf_puts(&buf, "]\n");
	}
	refused(buf.ptr, ISMS_EPARSE, 1, 4, "anchor '&a' is not allowed");
	deadline(0);
	isms_buf_free(&buf);
}

Test(refuse, a_second_document)
{
	struct isms_node *root;

	refused("a: 1\n---\nb: 2\n", ISMS_EPARSE, 2, 1, "a second document starts here");
	refused("---\na: 1\n...\n---\nb: 2\n", ISMS_EPARSE, 4, 1, "a second document");
	root = load("---\na: 1\n");  /* one explicit document is fine */
	isms_node_free(root);
}

Test(refuse, duplicate_keys)
{
	struct isms_node *root;

	refused("a: 1\nb: 2\na: 3\n", ISMS_EPARSE, 3, 1, "duplicate key 'a'");
	refused("a: 1\n\"a\": 2\n", ISMS_EPARSE, 2, 1, "duplicate key 'a'");
	refused("m:\n  x: 1\n  y: 2\n  x: 3\n", ISMS_EPARSE, 4, 3, "duplicate key 'x'");
	refused("- a: 1\n  a: 2\n", ISMS_EPARSE, 2, 3, "duplicate key 'a'");
	refused("f: {k: 1, k: 2}\n", ISMS_EPARSE, 1, 11, "duplicate key 'k'");
	refused("a: [1]\nb: {c: 1}\na: 2\n", ISMS_EPARSE, 3, 1, "each field may appear once");
	/* The same key in different mappings is not a duplicate. */
	root = load("a:\n  x: 1\nb:\n  x: 2\nx: 3\n");
	isms_node_free(root);
}

Test(refuse, duplicate_key_at_the_end_of_a_large_mapping)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	struct isms_node *root;

	for (int i = 0; i < 1500; i++)
		isms_buf_printf(&buf, "key%d: %d\n", i, i);
	root = load(buf.ptr);  /* no false duplicates among many keys */
	cr_expect_eq(root->count, 1500);
	isms_node_free(root);
	isms_buf_puts(&buf, "key1499: again\n");
	refused(buf.ptr, ISMS_EPARSE, 1501, 1, "duplicate key 'key1499'");
	isms_buf_clear(&buf);
	isms_buf_puts(&buf, "outer:\n");
	for (int i = 0; i < 1200; i++)
		isms_buf_printf(&buf, "  k%d: x\n", i);
	isms_buf_puts(&buf, "  k0: y\n");
	refused(buf.ptr, ISMS_EPARSE, 1202, 3, "duplicate key 'k0'");
	isms_buf_free(&buf);
}

/* Limits exist to bound the work a file can cause: a file within them
 * must load quickly, whatever its shape. */
Test(limits, a_mapping_with_many_keys_loads_quickly)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	struct isms_node *root;
	unsigned n = 0;

	while (buf.len < ISMS_YAML_MAX_BYTES - 16)
		isms_buf_printf(&buf, "k%06u: 1\n", n++);
	deadline(10);  /* linear: under 2 s even with sanitizers; quadratic: over 15 s */
	root = load_n(buf.ptr, buf.len, NULL);
	deadline(0);
	cr_expect_eq(root->count, n);
	isms_node_free(root);
	isms_buf_free(&buf);
}

/* Positions of values on a line of a mebibyte: finding each one must not
 * walk the line from its start again (that took minutes). The keys hold a
 * two-byte character, so columns are counted in characters, not bytes. */
Test(limits, a_flow_mapping_on_one_long_line_loads_quickly)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	struct isms_node *root;
	const struct isms_node *last;
	unsigned n = 0;
	size_t chars = 1, last_column = 0;  /* characters so far on the line */

	isms_buf_puts(&buf, "{");
	while (buf.len < ISMS_YAML_MAX_BYTES - 32) {
		int digits = snprintf(NULL, 0, "%u", n);

		isms_buf_printf(&buf, "%sk\xc3\xa9%u: v%u", n ? ", " : "", n, n);
		chars += (n ? 2 : 0) + 2 + (size_t)digits + 2;  /* ", ", "ké", n, ": " */
		last_column = chars + 1;
		chars += 1 + (size_t)digits;                       /* "v", n */
		n++;
	}
	isms_buf_puts(&buf, "}\n");
	cr_assert_leq(buf.len, ISMS_YAML_MAX_BYTES);
	deadline(60);  /* a guard, not a measure: linear takes well under a second */
	root = load_n(buf.ptr, buf.len, NULL);
	deadline(0);
	cr_assert_eq(root->count, n);
	last = root->pairs[n - 1].value;
	cr_expect_eq(last->line, 1);
	cr_expect_eq(last->column, last_column, "column %u, expected %zu", last->column, last_column);
	isms_node_free(root);
	isms_buf_free(&buf);
}

/* Refusals: tags and keys */

Test(tags, others_than_the_standard_ones_are_refused)
{
	refused("a: !foo x\n", ISMS_EPARSE, 1, 4, "tag '!foo' is not allowed");
	refused("a: !!python/object x\n", ISMS_EPARSE, 1, 4, "tag 'python/object' is not allowed");
	refused("a: !!python/object:os.system {x: 1}\n", ISMS_EPARSE, 1, 4, "is not allowed");
	refused("a: !!binary aGVsbG8=\n", ISMS_EPARSE, 1, 4, "tag 'binary' is not allowed");
	refused("a: !!set {x: 1}\n", ISMS_EPARSE, 1, 4, "tag 'set' is not allowed");
	refused("a: !!map [1]\n", ISMS_EPARSE, 1, 4, "is not allowed");
	refused("a: !!str {x: 1}\n", ISMS_EPARSE, 1, 4, "is not allowed");
	refused("%TAG ! tag:example.com,2000:\n---\na: !foo 1\n", ISMS_EPARSE, 3, 4,
		"tag 'tag:example.com,2000:foo' is not allowed");
	refused("!foo a: 1\n", ISMS_EPARSE, 1, 1, "tag '!foo' is not allowed");
	/* A standard tag on a value it does not fit. */
	refused("a: !!int abc\n", ISMS_EPARSE, 1, 4, "'abc' is not a valid !!int value");
	refused("a: !!bool maybe\n", ISMS_EPARSE, 1, 4, "'maybe' is not a valid !!bool value");
	refused("a: !!timestamp soon\n", ISMS_EPARSE, 1, 4, "not a valid !!timestamp value");
	refused("a: !!null x\n", ISMS_EPARSE, 1, 4, "not a valid !!null value");
}

Test(tags, standard_ones_are_accepted)
{
	static const char text[] =
		"s: !!str 123\n"
		"q: !!int \"12\"\n"
		"i: !!int 0x1F\n"
		"f: !!float 1.5\n"
		"fi: !!float 12\n"
		"b: !!bool yes\n"
		"n: !!null ''\n"
		"d: !!timestamp 2026-01-01\n"
		"e: ! 12\n"
		"v: !<tag:yaml.org,2002:str> 7\n"
		"l: !!seq [1]\n"
		"m: !!map {x: 1}\n"
		"k: !!str key\n";
	struct isms_node *root = load(text);
	const struct isms_node *fi = isms_map_get(root, "fi");
	char *out;

	expect_scalar(root, "s", "123", ISMS_SCALAR_STR);
	expect_scalar(root, "q", "12", ISMS_SCALAR_INT);
	expect_scalar(root, "i", "0x1F", ISMS_SCALAR_INT);
	expect_scalar(root, "f", "1.5", ISMS_SCALAR_FLOAT);
	cr_expect(fi->scalar == ISMS_SCALAR_INT || fi->scalar == ISMS_SCALAR_FLOAT);
	expect_scalar(root, "b", "yes", ISMS_SCALAR_BOOL);
	expect_scalar(root, "n", "", ISMS_SCALAR_NULL);
	expect_scalar(root, "d", "2026-01-01", ISMS_SCALAR_DATE);
	expect_scalar(root, "e", "12", ISMS_SCALAR_STR);
	expect_scalar(root, "v", "7", ISMS_SCALAR_STR);
	cr_expect_eq(isms_map_get(root, "l")->type, ISMS_NODE_SEQ);
	cr_expect_eq(isms_map_get(root, "m")->type, ISMS_NODE_MAP);
	/* Written back without tags, quoted where the tag made it text. */
	out = emit(root);
	cr_expect_str_eq(out,
		"s: '123'\nq: 12\ni: 0x1F\nf: 1.5\nfi: 12\nb: yes\n'n':\nd: 2026-01-01\n"
		"e: '12'\nv: '7'\nl:\n- 1\nm:\n  x: 1\nk: key\n");
	free(out);
	isms_node_free(root);
}

Test(refuse, keys_that_are_mappings_or_lists)
{
	refused("{a: 1}: 2\n", ISMS_EPARSE, 1, 1, "a key must be plain text, not a mapping");
	refused("[a, b]: 2\n", ISMS_EPARSE, 1, 1, "a key must be plain text, not a list");
	refused("? a: 1\n: 2\n", ISMS_EPARSE, 1, 3, "not a mapping");
	refused("? - a\n: 2\n", ISMS_EPARSE, 1, 3, "not a list");
	refused("outer:\n  x: 1\n  [a]: 2\n", ISMS_EPARSE, 3, 3, "not a list");
	refused("f: {[a]: 1}\n", ISMS_EPARSE, 1, 5, "not a list");
}

/* Refusals: bytes */

Test(refuse, invalid_utf8_at_its_line_and_column)
{
	/* Line 3, after "note: " and two three-byte characters. */
	static const char bad[] = "id: RSK-001\ntitle: Zo\xc3\xab M\xc3\xbcller\nnote: \xe4\xb8\xad\xe6\x96\x87\xff!\n";

	refused(bad, ISMS_EPARSE, 3, 9, "invalid UTF-8 (byte 0xFF)");
	refused("a: 1\nb: \xc3\xa9\xc0\xaf\n", ISMS_EPARSE, 2, 5, "invalid UTF-8 (byte 0xC0)");  /* overlong */
	refused("a: x\xed\xa0\x80\n", ISMS_EPARSE, 1, 5, "invalid UTF-8 (byte 0xED)");       /* surrogate */
	refused("a: \xe4\xb8\n", ISMS_EPARSE, 1, 4, "invalid UTF-8");                        /* truncated */
	refused("\xe4\xb8\xad: \x80\n", ISMS_EPARSE, 1, 4, "invalid UTF-8 (byte 0x80)");     /* stray */
	refused("a: 'ok'\n\xf5\n", ISMS_EPARSE, 2, 1, "save the file as UTF-8");
}

Test(refuse, control_characters_raw_or_escaped)
{
	refused("a: 1\nb: x\x01y\n", ISMS_EPARSE, 2, 5, "control character (byte 0x01) is not allowed");
	refused_with("a: 1\nb: x\0y\n", 11, NULL, ISMS_EPARSE, 2, 5, "control character (byte 0x00)");
	refused("a: \xe4\xb8\xad\x7f\n", ISMS_EPARSE, 1, 5, "control character (byte 0x7F)");
	refused("a: \x1b[31m\n", ISMS_EPARSE, 1, 4, "control character (byte 0x1B)");
	/* Escapes that spell a control character, at the value's position. */
	refused("a: 1\nb: \"x\\x01y\"\n", ISMS_EPARSE, 2, 4, "control character or a NUL");
	refused("a: 1\nb: \"x\\0y\"\n", ISMS_EPARSE, 2, 4, "control character or a NUL");
	refused("a: \"\\u0007\"\n", ISMS_EPARSE, 1, 4, "control character or a NUL");
	refused("a: \"\\N\"\n", ISMS_EPARSE, 1, 4, "control character or a NUL");  /* U+0085 */
	refused("\"k\\x01\": 1\n", ISMS_EPARSE, 1, 1, "control character or a NUL");
}

Test(escapes, whitespace_and_unicode_escapes_are_allowed)
{
	struct isms_node *root = load("a: \"tab\\there\"\nb: \"line\\nbreak\"\nc: \"caf\\u00e9\"\n");

	expect_scalar(root, "a", "tab\there", ISMS_SCALAR_STR);
	expect_scalar(root, "b", "line\nbreak", ISMS_SCALAR_STR);
	expect_scalar(root, "c", "caf\xc3\xa9", ISMS_SCALAR_STR);
	isms_node_free(root);
}

Test(refuse, empty_blank_and_comment_only_files)
{
	refused("", ISMS_EPARSE, 1, 1, "the file holds no YAML document");
	refused("   \n\n  \n", ISMS_EPARSE, 1, 1, "holds no YAML document");
	refused("\r\n\r\n", ISMS_EPARSE, 1, 1, "holds no YAML document");
	refused("# only a comment\n\n  # and another\n", ISMS_EPARSE, 1, 1, "holds no YAML document");
}

/* Found by fuzz_record: these loaded, as an empty null, and were written
 * back as an empty file, which does not load. */
Test(refuse, a_document_of_nothing)
{
	refused("---\n", ISMS_EPARSE, 1, 1, "the file holds no YAML document");
	refused("--- # nothing\n...\n", ISMS_EPARSE, 1, 1, "the file holds no YAML document");
	refused("!!null", ISMS_EPARSE, 1, 1, "the file holds no YAML document");
	isms_node_free(load("~\n"));
	isms_node_free(load("''\n"));
}

/* Tabs are whitespace too: a file of blanks is empty, not a syntax error. */
Test(refuse, a_blank_file_with_tabs_is_reported_as_empty)
{
	refused("\t\n", ISMS_EPARSE, 1, 1, "holds no YAML document");
	refused("  \n\t \n\n", ISMS_EPARSE, 1, 1, "holds no YAML document");
}

Test(refuse, syntax_errors_at_a_line_and_column)
{
	refused("a:\n  b: 1\n c: 2\n", ISMS_EPARSE, 3, 2, "did not find expected key");
	refused("a: 1\nb: \"abc\n", ISMS_EPARSE, 3, 1, "while scanning a quoted scalar (from line 2)");
	refused("a: 1\nb: 'abc\nc: 2\n", ISMS_EPARSE, 4, 1, "quoted scalar");
	refused("a:\n\tb: 1\n", ISMS_EPARSE, 2, 1, "cannot start any token");
	/* Columns count characters: the ':' after two CJK characters. */
	refused("a: \xe4\xb8\xad\xe6\x96\x87: x\n", ISMS_EPARSE, 1, 6, "mapping values are not allowed");
	refused("a: [1, 2\n", ISMS_EPARSE, 2, 1, "check the indentation and quoting");
	refused("- a\nb: 1\n", ISMS_EPARSE, 2, 1, "did not find expected");
	refused("...\n", ISMS_EPARSE, 1, 1, "did not find expected node content");
}

/* Comments */

static unsigned flags_of(const char *text)
{
	unsigned flags;
	struct isms_node *root = load_n(text, strlen(text), &flags);

	isms_node_free(root);
	return flags;
}

Test(comments, full_line_and_trailing_comments_are_noticed)
{
	static const char *const texts[] = {
		"# header\nid: POL-001\n",
		"id: POL-001 # the id\n",
		"id: POL-001\t# after a tab\n",
		"id: 'POL-001' # after quotes\n",
		"a:\n  # inside\n  b: 1\n",
		"tags: [a, b] # after flow\n",
		"tags:\n- a # on an item\n",
		"id: POL-001\n# at the end",
		"body: |\n  text\n# less indented, after a block\nnext: 1\n",
		"--- # on the marker\nid: 1\n",
		"a: x\n  # after a plain value that could continue\n",
		"id: POL-001\r\n# crlf\r\n",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		cr_expect_eq(flags_of(texts[i]) & ISMS_YAML_HAS_COMMENTS, ISMS_YAML_HAS_COMMENTS,
			     "comment not noticed in:\n%s", texts[i]);
}

Test(comments, hashes_inside_values_are_not_comments)
{
	static const char text[] =
		"quoted: 'a # b'\n"
		"double: \"x #y\"\n"
		"plain: a#b\n"
		"issue: '#42'\n"
		"\"key #1\": v\n"
		"url: http://example.org/#anchor\n"
		"body: |\n"
		"  # not a comment\n"
		"  text\n"
		"\n"
		"    # indented more\n"
		"folded: >\n"
		"  # nor this\n"
		"multi: 'first\n"
		"  # continued'\n";
	unsigned flags = 99;
	struct isms_node *root = load_n(text, strlen(text), &flags);

	cr_expect_eq(flags, 0, "comment flag set for '#' inside values");
	expect_scalar(root, "quoted", "a # b", ISMS_SCALAR_STR);
	expect_scalar(root, "plain", "a#b", ISMS_SCALAR_STR);
	expect_scalar(root, "body", "# not a comment\ntext\n\n  # indented more\n", ISMS_SCALAR_STR);
	expect_scalar(root, "multi", "first # continued", ISMS_SCALAR_STR);
	isms_node_free(root);
	cr_expect_eq(flags_of("a: 1\n"), 0);
}

Test(comments, a_comment_after_a_block_scalar_header)
{
	unsigned flags = 0;
	struct isms_node *root = load_n("body: | # note\n  text\n", 22, &flags);

	cr_expect_eq(flags, ISMS_YAML_HAS_COMMENTS);
	expect_scalar(root, "body", "text\n", ISMS_SCALAR_STR);
	isms_node_free(root);
	cr_expect_eq(flags_of("body: |-  # note\n  text\n"), ISMS_YAML_HAS_COMMENTS);
	cr_expect_eq(flags_of("body: |2 #\n    text\n"), ISMS_YAML_HAS_COMMENTS);
	cr_expect_eq(flags_of("body: |\n  text # not a comment\n"), 0);
}

Test(comments, flags_may_be_null)
{
	struct isms_node *root = NULL;

	cr_expect_eq(isms_yaml_load(&root, NULL, "# c\na: 1\n", 9, NAME, NULL), 0);
	cr_expect_not_null(root);
	isms_node_free(root);
}

/* Files */

Test(file, fills_raw_with_the_bytes)
{
	static const char text[] = "# kept\r\nid: POL-001\r\ntitle: caf\xc3\xa9\r\n";
	char *dir = th_tmpdir(), *path;
	struct isms_buf raw = ISMS_BUF_INIT;
	struct isms_node *root = NULL;
	unsigned flags = 0;

	th_write(dir, "POL-001.yaml", text);
	path = isms_path_join(dir, "POL-001.yaml");
	cr_assert_eq(isms_yaml_load_file(&root, &flags, &raw, path, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_eq(raw.len, strlen(text));
	cr_expect_eq(memcmp(raw.ptr, text, raw.len), 0);
	cr_expect_eq(flags, ISMS_YAML_HAS_COMMENTS);
	cr_expect_str_eq(isms_map_get_text(root, "title"), "caf\xc3\xa9");
	isms_node_free(root);
	/* raw is optional */
	cr_expect_eq(isms_yaml_load_file(&root, NULL, NULL, path, NULL), 0);
	isms_node_free(root);
	isms_buf_free(&raw);
	free(path);
	free(dir);
}

Test(file, names_the_path_in_parse_errors)
{
	char *dir = th_tmpdir(), *path, prefix[4200];
	struct isms_node *root = &sentinel;

	th_write(dir, "bad.yaml", "a: 1\na: 2\n");
	path = isms_path_join(dir, "bad.yaml");
	cr_assert_eq(isms_yaml_load_file(&root, NULL, NULL, path, NULL), ISMS_EPARSE);
	cr_expect_null(root);
	snprintf(prefix, sizeof(prefix), "%s:2:1: duplicate key", path);
	cr_expect(strncmp(isms_error_last()->message, prefix, strlen(prefix)) == 0, "%s",
		  isms_error_last()->message);
	cr_expect_eq(isms_error_last()->line, 2);
	free(path);
	free(dir);
}

Test(file, refuses_a_symlink)
{
	char *dir = th_tmpdir(), *target, *link;
	struct isms_node *root = &sentinel;
	struct isms_buf raw = ISMS_BUF_INIT;

	th_write(dir, "real.yaml", "id: POL-001\n");
	target = isms_path_join(dir, "real.yaml");
	link = isms_path_join(dir, "link.yaml");
	cr_assert_eq(symlink(target, link), 0);
	cr_expect_eq(isms_yaml_load_file(&root, NULL, &raw, link, NULL), ISMS_EUNSAFE);
	cr_expect_null(root);
	cr_expect(th_has(isms_error_last()->message, "symbolic link"), "%s", isms_error_last()->message);
	cr_expect_eq(raw.len, 0);
	isms_buf_free(&raw);
	free(target);
	free(link);
	free(dir);
}

Test(file, missing_file_and_size_limit)
{
	static const struct isms_yaml_limits small = { .max_bytes = 8,
						       .max_depth = ISMS_YAML_MAX_DEPTH };
	char *dir = th_tmpdir(), *missing = isms_path_join(dir, "nope.yaml"), *path;
	struct isms_node *root = &sentinel;

	cr_expect_eq(isms_yaml_load_file(&root, NULL, NULL, missing, NULL), ISMS_ENOTFOUND);
	cr_expect_null(root);
	cr_expect(th_has(isms_error_last()->message, "nope.yaml"), "%s", isms_error_last()->message);
	th_write(dir, "big.yaml", "id: POL-001\n");
	path = isms_path_join(dir, "big.yaml");
	root = &sentinel;
	cr_expect_eq(isms_yaml_load_file(&root, NULL, NULL, path, &small), ISMS_ELIMIT);
	cr_expect_null(root);
	free(path);
	free(missing);
	free(dir);
}

Test(comments, noticed_after_other_line_breaks_and_around_tags)
{
	static const char *const texts[] = {
		/* libyaml counts a lone CR and U+2028 as line breaks: spans must too */
		"title: \"a\rb\"\nbody: a long enough value to cover the comment's column\n"
		"owner: bobxxxxxxxxxx # keep this comment\n",
		"title: \"a\xe2\x80\xa8" "b\"\nbody: a long enough value to cover the comment's column\n"
		"owner: bobxxxxxxxxxx # keep this comment\n",
		/* a comment between a tag and its value */
		"title: !!str # approved by the board\n  Board policy\n",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		cr_expect_eq(flags_of(texts[i]) & ISMS_YAML_HAS_COMMENTS, ISMS_YAML_HAS_COMMENTS,
			     "comment not noticed in case %zu", i);
}

Test(emit, text_that_the_reader_would_refuse_is_never_written)
{
	struct isms_node *root = isms_node_map();
	struct isms_buf buf = ISMS_BUF_INIT;

	isms_map_set(root, "title", isms_node_str("old\xc3"));
	cr_assert_eq(isms_yaml_emit(&buf, root), ISMS_EINVALID);
	cr_assert(strstr(isms_error_last()->message, "'title'"), "%s", isms_error_last()->message);
	cr_assert_eq(buf.len, 0);
	isms_map_set(root, "title", isms_node_str("a\x01z"));
	cr_assert_eq(isms_yaml_emit(&buf, root), ISMS_EINVALID);
	isms_node_free(root);
	isms_buf_free(&buf);
}

Test(emit, yaml11_value_and_merge_keys_are_quoted)
{
	struct isms_node *root = isms_node_map();
	char *out;

	isms_map_set(root, "a", isms_node_str("="));
	isms_map_set(root, "b", isms_node_str("<<"));
	out = emit(root);
	cr_assert_str_eq(out, "a: '='\nb: '<<'\n");
	free(out);
	isms_node_free(root);
}

/* What YAML forbids and libyaml 0.2.5 lets through */

Test(comments, a_hash_right_after_a_value_is_refused_not_dropped)
{
	/* libyaml reads these as a value and a comment: saving would drop
	 * the "comment" without the warning other comments get. */
	refused("title: \"Old\"# note\n", ISMS_EPARSE, 1, 13, "a comment needs a space before '#'");
	refused("notes: ># note\n  text\n", ISMS_EPARSE, 1, 9, "a comment needs a space before '#'");
	refused("id: 'POL-001'#x\n", ISMS_EPARSE, 1, 14, "a comment needs a space before '#'");
	refused("tags: [a, b]# x\n", ISMS_EPARSE, 1, 13, "a comment needs a space before '#'");
	refused("tags: [a,#x\n  b]\n", ISMS_EPARSE, 1, 10, "a comment needs a space before '#'");
	refused("%YAML 1.1#x\n---\na: 1\n", ISMS_EPARSE, 1, 10, "a comment needs a space before '#'");
	refused("t\xc3\xadtulo: \"caf\xc3\xa9\"#\n", ISMS_EPARSE, 1, 15, "a comment needs a space before '#'");
	/* After white space, a line break or a byte order mark it is a comment. */
	cr_expect_eq(flags_of("title: \"Old\" # note\n"), ISMS_YAML_HAS_COMMENTS);
	cr_expect_eq(flags_of("notes: > # note\n  text\n"), ISMS_YAML_HAS_COMMENTS);
	cr_expect_eq(flags_of("\xef\xbb\xbf# header\na: 1\n"), ISMS_YAML_HAS_COMMENTS);
	cr_expect_eq(flags_of("tags: [a,\n# between\n  b]\n"), ISMS_YAML_HAS_COMMENTS);
}

Test(refuse, flow_lines_indented_no_more_than_their_parent)
{
	static const char *const ok[] = {
		"quoted: \"a\n b\"\n",
		"a:\n  b: \"x\n   y\"\n",
		"tags: [a,\n  b]\n",
		"tags: [\n  a,\n]\nm: {\n  k: v\n}\n",   /* closing under the key */
		"- [a,\n  b]\n",
		"[a,\nb]\n",                             /* at the top level */
		"quoted: \"a\n\n b\"\n",                 /* an empty line may be less indented */
	};

	refused("flow: [a,\nb]\n", ISMS_EPARSE, 2, 1, "must be indented by at least 1 space");
	refused("quoted: \"a\nb\"\n", ISMS_EPARSE, 2, 1, "must be indented by at least 1 space");
	refused("quoted: 'a\n\tb'\n", ISMS_EPARSE, 2, 1, "(tabs do not count)");
	refused("a:\n  b: \"x\n  y\"\n", ISMS_EPARSE, 3, 3, "must be indented by at least 3 spaces");
	refused("- [\n\tfoo,\n foo\n ]\n", ISMS_EPARSE, 2, 1, "continues a [list] or {mapping}");
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		isms_node_free(load(ok[i]));
}

Test(refuse, an_indicator_alone_as_a_plain_value)
{
	struct isms_node *root;

	refused("tags: [-, -]\n", ISMS_EPARSE, 1, 8, "'-' cannot start a plain value");
	refused("[-]\n", ISMS_EPARSE, 1, 2, "'-' cannot start a plain value");
	root = load("tags: [-a, '-', a-]\n");
	cr_expect_str_eq(root->pairs[0].value->items[1]->text, "-");
	isms_node_free(root);
	root = load("::\n");  /* the key ':', without a value */
	cr_expect_not_null(isms_map_get(root, ":"));
	isms_node_free(root);
}

Test(refuse, an_empty_line_more_indented_than_the_block_text)
{
	struct isms_node *root;

	refused("notes: >\n \n  \n   \n # comment\n", ISMS_EPARSE, 4, 2, "more spaces (3)");
	refused("notes: |\n    \n  text\n", ISMS_EPARSE, 2, 3, "than the first line");
	root = load("notes: |\n  \n  text\nempty: |\n    \nnext: 1\nwith: |2\n    \n  text\n");
	expect_scalar(root, "notes", "\ntext\n", ISMS_SCALAR_STR);
	expect_scalar(root, "with", "  \ntext\n", ISMS_SCALAR_STR);
	isms_node_free(root);
}

/* Every must-reject case of the YAML test suite (tests/yaml-suite). */
Test(suite, must_reject_cases_are_refused_at_a_position)
{
	const char *srcdir = getenv("ISMS_SRCDIR");
	char *dir;
	DIR *d;
	struct dirent *e;
	unsigned cases = 0;

	cr_assert_not_null(srcdir, "ISMS_SRCDIR is not set");
	dir = isms_asprintf("%s/tests/yaml-suite", srcdir);
	cr_assert_not_null(d = opendir(dir), "cannot open %s", dir);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct isms_node *root = &sentinel;
		char *path;
		int rc;

		if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0)
			continue;
		path = isms_asprintf("%s/%s", dir, e->d_name);
		isms_error_clear();
		rc = isms_yaml_load_file(&root, NULL, NULL, path, NULL);
		cr_expect_lt(rc, 0, "%s was accepted", e->d_name);
		cr_expect_null(root, "%s: *out not reset", e->d_name);
		if (rc < 0) {
			cr_expect_gt(isms_error_last()->line, 0, "%s: no position: %s", e->d_name,
				     isms_error_last()->message);
			cr_expect(isms_str_starts_with(isms_error_last()->message, path),
				  "%s: message does not name the file: %s", e->d_name,
				  isms_error_last()->message);
		}
		isms_node_free(root == &sentinel ? NULL : root);
		free(path);
		cases++;
	}
	closedir(d);
	cr_expect_eq(cases, 94, "%u cases in %s", cases, dir);
	free(dir);
}
