/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "isms/buf.h"
#include "isms/date.h"
#include "isms/json.h"
#include "isms/sha256.h"
#include "isms/text.h"

Test(text, accepts_utf8_text_with_tabs_and_line_breaks)
{
	const char *s = "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87\t\r\nemoji \xf0\x9f\x94\x92";
	size_t off = 99;

	cr_assert_eq(isms_text_check(s, strlen(s), &off), ISMS_TEXT_OK);
}

Test(text, rejects_malformed_utf8_at_its_offset)
{
	static const struct { const char *s; size_t offset; } cases[] = {
		{ "ab\xc3", 2 },                 /* truncated */
		{ "a\xc0\xaf", 1 },              /* overlong '/' */
		{ "xy\xed\xa0\x80", 2 },         /* surrogate */
		{ "\xf4\x90\x80\x80", 0 },       /* above U+10FFFF */
		{ "ok\x80", 2 },                 /* stray continuation */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t off = 99;

		cr_assert_eq(isms_text_check(cases[i].s, strlen(cases[i].s), &off),
			     ISMS_TEXT_BAD_UTF8, "case %zu", i);
		cr_assert_eq(off, cases[i].offset, "case %zu", i);
	}
}

Test(text, rejects_control_characters_but_not_a_leading_bom)
{
	size_t off;

	cr_assert_eq(isms_text_check("a\x01" "b", 3, &off), ISMS_TEXT_CONTROL);
	cr_assert_eq(off, 1);
	cr_assert_eq(isms_text_check("a\0b", 3, &off), ISMS_TEXT_CONTROL);
	cr_assert_eq(isms_text_check("a\x7f", 2, &off), ISMS_TEXT_CONTROL);
	cr_assert_eq(isms_text_check("\xc2\x85", 2, &off), ISMS_TEXT_CONTROL);  /* C1 NEL */
	cr_assert_eq(isms_text_check("\xef\xbb\xbfid: x", 8, &off), ISMS_TEXT_OK);
	cr_assert_eq(isms_text_check("a\xef\xbb\xbf", 4, &off), ISMS_TEXT_CONTROL);
}

Test(text, positions_count_characters_not_bytes)
{
	const char *s = "ab\n\xc3\xa9\xc3\xa9x\n";
	unsigned line, col;

	isms_text_position(s, strlen(s), 7, &line, &col);  /* the 'x' */
	cr_assert_eq(line, 2);
	cr_assert_eq(col, 3);
	cr_assert_eq(isms_text_offset(s, strlen(s), 2, 3), 7);
}

Test(date, validates_calendar_dates)
{
	cr_assert(isms_date_valid("2024-02-29"));
	cr_assert_not(isms_date_valid("2023-02-29"));
	cr_assert_not(isms_date_valid("2026-13-01"));
	cr_assert_not(isms_date_valid("2026-1-01"));
	cr_assert_not(isms_date_valid("2026-01-01x"));
	cr_assert_not(isms_date_valid("+026-01-01"));
}

Test(date, parses_the_formats_git_takes)
{
	long long t;
	int off;

	cr_assert_eq(isms_date_parse_git("@1767225600 +0100", &t, &off), 0);
	cr_assert_eq(t, 1767225600);
	cr_assert_eq(off, 60);
	cr_assert_eq(isms_date_parse_git("2026-01-01T01:00:00+01:00", &t, &off), 0);
	cr_assert_eq(t, 1767225600);
	cr_assert_eq(off, 60);
	cr_assert_eq(isms_date_parse_git("Thu, 01 Jan 2026 00:00:00 +0000", &t, &off), 0);
	cr_assert_eq(t, 1767225600);
	cr_assert_eq(isms_date_parse_git("next tuesday", &t, &off), -1);
}

Test(date, rfc2822_without_a_weekday_and_offsets_in_range)
{
	long long t;
	int off;

	cr_assert_eq(isms_date_parse_git("01 Jan 2026 01:00:00 +0100", &t, &off), 0);
	cr_assert_eq(t, 1767225600);
	cr_assert_eq(off, 60);
	cr_assert_eq(isms_date_parse_git("1700000000 +9999", &t, &off), -1, "git fsck refuses it");
	cr_assert_eq(isms_date_parse_git("1700000000 +1400", &t, &off), 0);
}

Test(text, line_breaks_are_counted_as_yaml_counts_them)
{
	const char *s = "a\r\nb\rc\xe2\x80\xa8" "d\n";
	unsigned line, col;

	isms_text_position(s, strlen(s), 8, &line, &col);  /* the 'd' */
	cr_assert_eq(line, 4);
	cr_assert_eq(col, 1);
	cr_assert_eq(isms_text_line_break(s, strlen(s), 1), 2);
	cr_assert_eq(isms_text_line_break(s, strlen(s), 4), 1);
	cr_assert_eq(isms_text_line_break(s, strlen(s), 6), 3);
}

Test(text, control_characters_are_escaped_for_a_terminal)
{
	/* ESC, CR, BEL, DEL, NEL (U+0085), CSI (U+009B), a lone byte that is not
	 * UTF-8, then text that stays as it is. */
	const char *s = "a\033[2J\r\a\x7f\xc2\x85\xc2\x9b\xff caf\xc3\xa9 \\ \t\n";
	char *e;

	e = isms_text_escaped(s, 0);
	cr_assert_str_eq(e, "a\\x1b[2J\\x0d\\x07\\x7f\\u0085\\u009b\\xff caf\xc3\xa9 \\ \\x09\\x0a");
	free(e);
	e = isms_text_escaped(s, ISMS_ESCAPE_KEEP_LF | ISMS_ESCAPE_KEEP_TAB | ISMS_ESCAPE_BACKSLASH);
	cr_assert_str_eq(e, "a\\x1b[2J\\x0d\\x07\\x7f\\u0085\\u009b\\xff caf\xc3\xa9 \\\\ \t\n");
	free(e);
	e = isms_text_escaped("", 0);
	cr_assert_str_eq(e, "");
	free(e);
}

Test(json, strings_are_escaped_and_always_valid_utf8)
{
	struct isms_buf b = ISMS_BUF_INIT;

	isms_json_str(&b, "a\"b\\c\nd\x01 caf\xc3\xa9 R\xff" "X \xe4\xb8");
	cr_assert_str_eq(b.ptr, "\"a\\\"b\\\\c\\nd\\u0001 caf\xc3\xa9 R\\ufffdX \\ufffd\\ufffd\"");
	isms_buf_free(&b);
}

Test(date, months_are_added_with_short_months_clamped)
{
	char out[11];

	isms_date_add_months(out, "2025-03-31", 12);
	cr_assert_str_eq(out, "2026-03-31");
	isms_date_add_months(out, "2026-01-31", 1);
	cr_assert_str_eq(out, "2026-02-28");
	isms_date_add_months(out, "2026-11-15", 3);
	cr_assert_str_eq(out, "2027-02-15");
}

/* FIPS 180-4 examples, and a message fed in pieces across block boundaries. */
Test(text, sha256_matches_the_standard_test_vectors)
{
	char hex[ISMS_SHA256_HEX];
	struct isms_sha256 ctx;
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	isms_sha256(hex, "", 0);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	isms_sha256(hex, "abc", 3);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	isms_sha256(hex, m448, strlen(m448));
	cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	isms_sha256_init(&ctx);
	for (int i = 0; i < 1000000 / 125; i++) {
		char chunk[125];

		memset(chunk, 'a', sizeof(chunk));
		isms_sha256_update(&ctx, chunk, sizeof(chunk));
	}
	isms_sha256_hex(hex, &ctx);
	cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

Test(text, ids_sort_by_the_value_of_their_numbers)
{
	static const char *const sorted[] = {
		"A.5.1", "A.5.2", "A.5.9", "A.5.10", "A.5.37", "A.6.1", "A.8.1", "A.8.34",
		"RSK-9", "RSK-009", "RSK-10", "RSK-0010", "RSK-100", "RSK-100a", "RSK-100b", "RSKX",
	};
	size_t n = sizeof(sorted) / sizeof(sorted[0]);

	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(isms_id_compare(sorted[i], sorted[i]), 0, "%s", sorted[i]);
		for (size_t j = i + 1; j < n; j++) {
			cr_assert_lt(isms_id_compare(sorted[i], sorted[j]), 0, "%s < %s", sorted[i], sorted[j]);
			cr_assert_gt(isms_id_compare(sorted[j], sorted[i]), 0, "%s > %s", sorted[j], sorted[i]);
		}
	}
	cr_assert_lt(isms_id_compare("A.5.1.yaml", "A.5.10.yaml"), 0);
}

Test(buf, free_accepts_null_and_leaves_an_empty_buffer)
{
	struct isms_buf b = ISMS_BUF_INIT;

	isms_buf_free(NULL);  /* allowed */
	isms_buf_puts(&b, "x");
	isms_buf_free(&b);
	cr_assert_null(b.ptr);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(isms_buf_cstr(&b), "");
	isms_buf_free(&b);
}

Test(text, distance_counts_edits_and_swaps)
{
	cr_assert_eq(isms_text_distance("", ""), 0);
	cr_assert_eq(isms_text_distance("status", "status"), 0);
	cr_assert_eq(isms_text_distance("stauts", "status"), 1, "a swap is one edit");
	cr_assert_eq(isms_text_distance("polcy", "policy"), 1);
	cr_assert_eq(isms_text_distance("titel", "title"), 1);
	cr_assert_eq(isms_text_distance("kitten", "sitting"), 3);
	cr_assert_eq(isms_text_distance("", "abc"), 3);
	cr_assert_eq(isms_text_distance("abc", ""), 3);
}

Test(text, nearest_suggests_only_close_names)
{
	static const char *const names[] = { "status", "set", "show", "soa", "management-review" };
	static const struct { const char *word, *want; } cases[] = {
		{ "stauts", "status" },
		{ "sett", "set" },
		{ "shw", "show" },
		{ "managment-reveiw", "management-review" },  /* 3 edits, a third of 16 is 5 */
		{ "frobnicate", NULL },
		{ "st", "set" },
		{ "xy", NULL },   /* no name is fewer edits away than it is long */
		{ "zzzzzz", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct isms_nearest n = ISMS_NEAREST_INIT(cases[i].word);
		const char *got;

		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			isms_nearest_offer(&n, names[k]);
		got = isms_nearest_get(&n);
		if (cases[i].want)
			cr_assert(got && strcmp(got, cases[i].want) == 0, "%s: got %s", cases[i].word,
				  got ? got : "(none)");
		else
			cr_assert_null(got, "%s: got %s", cases[i].word, got);
	}
}
