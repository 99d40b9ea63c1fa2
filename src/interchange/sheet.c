/* SPDX-License-Identifier: MIT */
/* The spreadsheet in memory: rows of cells, shared by the CSV and XLSX
 * readers; which reader a file needs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sheet.h"
#include "sheet_private.h"

const char *isms_sheet_cell(const struct isms_sheet_row *row, size_t col)
{
	return row && col < row->count ? row->cells[col].text : NULL;
}

void isms_sheet_free(struct isms_sheet *sheet)
{
	if (!sheet)
		return;
	for (size_t i = 0; i < sheet->count; i++) {
		for (size_t j = 0; j < sheet->rows[i].count; j++)
			free(sheet->rows[i].cells[j].text);
		free(sheet->rows[i].cells);
	}
	free(sheet->rows);
	sheet->rows = NULL;
	sheet->count = sheet->cap = 0;
}

void isms_sheet_column_name(char out[8], size_t col)
{
	char rev[8];
	size_t n = 0;

	col++;
	while (col && n < 7) {
		rev[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

struct isms_sheet_row *sheet_add_row(struct isms_sheet *sheet, unsigned row)
{
	struct isms_sheet_row *r;

	sheet->rows = isms_grow(sheet->rows, &sheet->cap, sheet->count + 1, sizeof(*sheet->rows));
	r = &sheet->rows[sheet->count++];
	r->row = row;
	r->cells = NULL;
	r->count = 0;
	return r;
}

void sheet_set_cell(struct isms_sheet_row *r, size_t col, char *text, bool number)
{
	if (col >= r->count) {
		r->cells = isms_realloc(r->cells, (col + 1) * sizeof(*r->cells));
		memset(r->cells + r->count, 0, (col + 1 - r->count) * sizeof(*r->cells));
		r->count = col + 1;
	}
	free(r->cells[col].text);
	r->cells[col].text = text;
	r->cells[col].number = number;
}

void sheet_drop_empty_rows(struct isms_sheet *sheet)
{
	size_t kept = 0;

	for (size_t i = 0; i < sheet->count; i++) {
		struct isms_sheet_row *r = &sheet->rows[i];
		bool empty = true;

		for (size_t j = 0; j < r->count && empty; j++)
			empty = !r->cells[j].text;
		if (empty) {
			free(r->cells);
			continue;
		}
		sheet->rows[kept++] = *r;
	}
	sheet->count = kept;
}

int isms_sheet_read(struct isms_sheet *out, const char *name, const char *data, size_t len)
{
	memset(out, 0, sizeof(*out));
	if (len > ISMS_SHEET_MAX_BYTES)
		return isms_error_set(ISMS_ELIMIT, "%s:1:1: the file is %zu bytes, over the limit of "
				      "%u MiB; split it", name, len, ISMS_SHEET_MAX_BYTES >> 20);
	if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		return isms_sheet_read_xlsx(out, name, data, len);
	return isms_sheet_read_csv(out, name, data, len);
}
