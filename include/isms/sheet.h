/* SPDX-License-Identifier: MIT */
/* A spreadsheet read into memory: rows of cells, each cell UTF-8 text and
 * where it was (row and column, 1-based, as a spreadsheet program numbers
 * them), for import (src/interchange/).
 *
 * The readers take the file's bytes, never a path: nothing is read outside
 * the file given. Every problem is ISMS_EPARSE (or ISMS_ELIMIT for a file
 * over a limit, ISMS_EUNSAFE for an XLSX with macros or external links)
 * with a message "NAME:ROW:COLUMN: what is wrong; what to do". */
#ifndef ISMS_SHEET_H
#define ISMS_SHEET_H

#include <stdbool.h>
#include <stddef.h>

/* Limits on what is read: a file, a cell, the columns and rows. */
#define ISMS_SHEET_MAX_BYTES (50u << 20)
#define ISMS_SHEET_MAX_COLUMNS 1024u
#define ISMS_SHEET_MAX_ROWS 200000u
#define ISMS_SHEET_MAX_CELL (1u << 20)
/* XLSX: entries in the archive, and the bytes they may expand to. */
#define ISMS_XLSX_MAX_ENTRIES 10000u
#define ISMS_XLSX_MAX_UNCOMPRESSED (200u << 20)

struct isms_cell {
	char *text;   /* UTF-8, NUL-terminated; NULL for an empty cell */
	bool number;  /* a number cell of an XLSX file (a date is its serial) */
};

struct isms_sheet_row {
	unsigned row;             /* 1-based, as the spreadsheet numbers it */
	struct isms_cell *cells;  /* by column, 0-based */
	size_t count;
};

enum isms_sheet_format { ISMS_SHEET_CSV, ISMS_SHEET_XLSX };

struct isms_sheet {
	enum isms_sheet_format format;
	const char *encoding;  /* "UTF-8", "UTF-8 with BOM", "Windows-1252", "XLSX" */
	char separator;        /* CSV: ',', ';' or '\t' */
	struct isms_sheet_row *rows;
	size_t count, cap;
};

/* Read CSV `data` (`len` bytes; `name` for messages): UTF-8 with or without
 * a byte-order mark, or Windows-1252 (converted); comma, semicolon or tab
 * separated (the first line decides). Empty rows are left out. Free with
 * isms_sheet_free. */
int isms_sheet_read_csv(struct isms_sheet *out, const char *name, const char *data, size_t len);

/* Read the first worksheet of XLSX `data` (libzip and expat): shared and
 * inline strings, numbers, booleans. Refused: more entries or more
 * uncompressed bytes than the limits, macros (vbaProject.bin), external
 * links. */
int isms_sheet_read_xlsx(struct isms_sheet *out, const char *name, const char *data, size_t len);

/* Read `data` as XLSX when it is a zip archive (PK\3\4), else as CSV. */
int isms_sheet_read(struct isms_sheet *out, const char *name, const char *data, size_t len);

/* The cell at 0-based `col` of `row`, or NULL when empty or beyond. */
const char *isms_sheet_cell(const struct isms_sheet_row *row, size_t col);

/* Free what `sheet` holds and empty it; NULL is fine. */
void isms_sheet_free(struct isms_sheet *sheet);

/* "A" for 0, "AB" for 27: a column as a spreadsheet names it. */
void isms_sheet_column_name(char out[8], size_t col);

#endif
