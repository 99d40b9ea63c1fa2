/* SPDX-License-Identifier: MIT */
/* What the import's files share. Private to src/interchange. */
#ifndef ISMS_IMPORT_PRIVATE_H
#define ISMS_IMPORT_PRIVATE_H

#include <stdbool.h>
#include "isms/kind.h"
#include "isms/method.h"
#include "isms/sheet.h"
#include "isms/tree.h"

/* `s` case-folded, without accents, every run of other than letters and
 * digits as one '_', none at either end: how names and words are compared.
 * The caller frees. */
char *import_fold(const char *s);

/* The field a column headed `header` (folded) stands for in `kind`, by its
 * name or a word spreadsheets use for it; "id" and "kind" too. NULL when
 * none. `later` is true for the words tried only when no column has the
 * field's own name. */
const char *import_header_field(const struct isms_kind *kind, const char *header, bool later);

/* Read `cell` as a value of `field`: the node into *out, or NULL with the
 * reason into *why (the caller frees either). References are only split
 * and checked as IDs here. */
void import_value(struct isms_node **out, char **why, const struct isms_field *field,
		  const struct isms_cell *cell, const struct isms_method *method);

/* Read `text` (or an XLSX serial when `number`) as a date into `out`
 * (YYYY-MM-DD); NULL, or why not (the caller frees). */
char *import_date(char out[11], const char *text, bool number);

#endif
