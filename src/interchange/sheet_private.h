/* SPDX-License-Identifier: MIT */
/* What the spreadsheet readers share. Private to src/interchange. */
#ifndef ISMS_SHEET_PRIVATE_H
#define ISMS_SHEET_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/sheet.h"

/* A new row numbered `row` at the end of `sheet`. */
struct isms_sheet_row *sheet_add_row(struct isms_sheet *sheet, unsigned row);
/* Put `text` (taken; NULL: empty) at 0-based `col` of `r`. */
void sheet_set_cell(struct isms_sheet_row *r, size_t col, char *text, bool number);
/* Leave out the rows that have no text at all. */
void sheet_drop_empty_rows(struct isms_sheet *sheet);

#endif
