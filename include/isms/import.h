/* SPDX-License-Identifier: MIT */
/* Import of records from a spreadsheet (CSV or XLSX): the plan of what
 * would be created and changed, with every problem at its row and column,
 * and its application as one commit through the store's transaction.
 *
 * Columns are matched to fields by name and by the words spreadsheets use
 * for them (case and accents aside), or by the caller's COLUMN=FIELD maps.
 * Values are read as the field's type: enums, yes/no, scales (a level or
 * its label in the risk method), references (to records that exist or are
 * in the file), dates (2026-12-06, 6.12.2026, 06/12/2026 only when the day
 * is plain, an XLSX date serial). Decision fields (doc/trust.md) are never
 * imported: their columns, and a status only an act gives, are left out
 * with a warning. Nothing here prints. */
#ifndef ISMS_IMPORT_H
#define ISMS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/repo.h"
#include "isms/sha256.h"
#include "isms/sheet.h"
#include "isms/store.h"
#include "isms/validate.h"

struct isms_import_opts {
	const char *target;             /* soa, risks, assets, records, or a kind or its folder */
	const char *const *maps;        /* "COLUMN=FIELD" ("COLUMN=" leaves a column out) */
	size_t map_count;
};
#define ISMS_IMPORT_OPTS_INIT { .target = NULL, .maps = NULL, .map_count = 0 }

enum isms_import_action { ISMS_IMPORT_CREATE, ISMS_IMPORT_CHANGE, ISMS_IMPORT_SAME };

struct isms_import_item {
	enum isms_import_action action;
	unsigned row;
	struct isms_record *record;  /* as it would be saved */
	char *changed;               /* CHANGE: the fields, "applicable, justification" */
};

struct isms_import_plan {
	char *name;                      /* the file, as given */
	char sha256[ISMS_SHA256_HEX];    /* of its bytes */
	struct isms_sheet sheet;
	struct isms_import_item *items;  /* in the file's order */
	size_t count, cap;
	/* Problems and warnings: line is the row, column the column (1-based). */
	struct isms_findings findings;
	char **columns;                  /* how each column was read: "B Applicable -> applicable" */
	size_t column_count;
};

/* Read `data` (the file `name`, `len` bytes) and plan its import into
 * `store`. Returns 0 with a plan (which may hold errors: refuse to apply
 * it then), or a negative code when the file cannot be read at all (the
 * message names FILE:ROW:COLUMN) or a map is not COLUMN=FIELD. */
int isms_import_plan(struct isms_import_plan *out, struct isms_store *store, const char *name,
		     const char *data, size_t len, const struct isms_import_opts *opts);

/* Apply a plan without errors: every record created or changed, in one
 * commit whose trailers name the source file and its SHA-256; `commit` is
 * "" when nothing changed. All or nothing. */
int isms_import_apply(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_import_plan *plan);

/* Free what `plan` holds and empty it; NULL is fine. */
void isms_import_plan_free(struct isms_import_plan *plan);

#endif
