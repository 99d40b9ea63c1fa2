/* SPDX-License-Identifier: MIT */
/* CSV read with libcsv: the encoding recognised (UTF-8 with or without a
 * byte-order mark, Windows-1252 converted, UTF-16 refused), the separator
 * found from the first line, and every problem at its row and column. */
#include "config.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/sheet.h"
#include "isms/text.h"
#include "sheet_private.h"

/* Windows-1252's 0x80 to 0x9F; 0 where it has no character. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static bool utf8_valid(const char *s, size_t len)
{
	unsigned long cp;

	for (size_t i = 0, n; i < len; i += n)
		if (!(n = isms_utf8_decode(s + i, len - i, &cp)))
			return false;
	return true;
}

/* The line (1-based) of byte `offset`. */
static unsigned line_of(const char *s, size_t offset)
{
	unsigned line = 1;

	for (size_t i = 0; i < offset; i++)
		line += s[i] == '\n';
	return line;
}

/* `data` from Windows-1252 into UTF-8 in `out`. */
static int from_cp1252(struct isms_buf *out, const char *name, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		unsigned long cp = c;
		char u[4];

		if (c >= 0x80 && c <= 0x9F && !(cp = cp1252_high[c - 0x80]))
			return isms_error_set(ISMS_EPARSE,
				"%s:%u:1: byte 0x%02X is neither UTF-8 nor Windows-1252; save the "
				"file as \"CSV UTF-8\"", name, line_of(data, i), c);
		isms_buf_put(out, u, isms_utf8_encode(u, cp));
	}
	return 0;
}

/* The separator: whichever of , ; and tab the first line has most of,
 * outside quotes (a comma when it has none). */
static char find_separator(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!quoted)
			comma += s[i] == ',', semi += s[i] == ';', tab += s[i] == '\t';
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

struct csv_ctx {
	struct isms_sheet *sheet;
	struct isms_sheet_row *row;  /* the row being read, or NULL */
	const char *name;
	unsigned number;             /* the row being read, 1-based */
	size_t col;                  /* cells read of it */
	int last_term;
	int error;
};

static void fail_at(struct csv_ctx *c, size_t col, const char *what)
{
	if (!c->error)
		c->error = isms_error_set(ISMS_EPARSE, "%s:%u:%zu: %s", c->name, c->number,
					  col + 1, what);
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_ctx *c = data;
	size_t col = c->col++, bad;

	if (c->error || !s || !len)
		return;
	if (col >= ISMS_SHEET_MAX_COLUMNS) {
		char msg[128];

		snprintf(msg, sizeof(msg), "more than %u columns; the import reads at most that many",
			 ISMS_SHEET_MAX_COLUMNS);
		fail_at(c, col, msg);
		return;
	}
	if (len > ISMS_SHEET_MAX_CELL) {
		fail_at(c, col, "a cell over 1 MiB; the import refuses cells that large");
		return;
	}
	if (memchr(s, '\0', len)) {
		fail_at(c, col, "a NUL byte in the cell: this is not a text file; save it as CSV");
		return;
	}
	if (isms_text_check(s, len, &bad) != ISMS_TEXT_OK) {
		fail_at(c, col, "a control character in the cell; remove it");
		return;
	}
	if (!c->row) {
		if (c->sheet->count >= ISMS_SHEET_MAX_ROWS) {
			fail_at(c, col, "more rows than the import reads (200000); split the file");
			return;
		}
		c->row = sheet_add_row(c->sheet, c->number);
	}
	sheet_set_cell(c->row, col, isms_strndup(s, len), false);
}

static void on_row(int term, void *data)
{
	struct csv_ctx *c = data;

	/* Every line break outside quotes is reported (CSV_REPALL_NL), so
	 * that blank lines count as the rows a spreadsheet shows; the LF of a
	 * CR LF is not a row of its own. */
	if (!(c->col == 0 && term == '\n' && c->last_term == '\r'))
		c->number++;
	c->last_term = term;
	c->row = NULL;
	c->col = 0;
}

int isms_sheet_read_csv(struct isms_sheet *out, const char *name, const char *data, size_t len)
{
	struct isms_buf conv = ISMS_BUF_INIT;
	struct csv_parser p;
	struct csv_ctx c = { .sheet = out, .name = name, .number = 1, .last_term = -2 };
	int error = 0;

	memset(out, 0, sizeof(*out));
	out->format = ISMS_SHEET_CSV;
	out->encoding = "UTF-8";
	if (len > ISMS_SHEET_MAX_BYTES)
		return isms_error_set(ISMS_ELIMIT, "%s:1:1: the file is over the limit of %u MiB; "
				      "split it", name, ISMS_SHEET_MAX_BYTES >> 20);
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
			 (data[0] == '\xFE' && data[1] == '\xFF')))
		return isms_error_set(ISMS_EPARSE, "%s:1:1: the file is UTF-16; save it as "
				      "\"CSV UTF-8\" (or as XLSX)", name);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		out->encoding = "UTF-8 with BOM";
	}
	if (!utf8_valid(data, len)) {
		if ((error = from_cp1252(&conv, name, data, len)) < 0) {
			isms_buf_free(&conv);
			return error;
		}
		data = conv.ptr ? conv.ptr : "";
		len = conv.len;
		out->encoding = "Windows-1252";
	}
	out->separator = find_separator(data, len);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL) != 0) {
		isms_buf_free(&conv);
		return isms_error_set(ISMS_ERROR, "%s: the CSV reader could not start", name);
	}
	csv_set_delim(&p, (unsigned char)out->separator);
	if (csv_parse(&p, data, len, on_field, on_row, &c) != len || csv_fini(&p, on_field, on_row, &c) != 0)
		fail_at(&c, c.col, "a quote that does not close or stray text after "
			"a closing quote (a field with \" must be \"quoted\" and its quotes doubled)");
	csv_free(&p);
	isms_buf_free(&conv);
	if ((error = c.error) < 0) {
		isms_sheet_free(out);
		return error;
	}
	sheet_drop_empty_rows(out);
	return 0;
}
