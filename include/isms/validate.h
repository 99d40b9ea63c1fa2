/* SPDX-License-Identifier: MIT */
/* Findings about a record: what is wrong, where, and how bad. */
#ifndef ISMS_VALIDATE_H
#define ISMS_VALIDATE_H

#include <stddef.h>
#include "isms/kind.h"
#include "isms/tree.h"

enum isms_severity { ISMS_SEV_ERROR, ISMS_SEV_WARNING };

struct isms_finding {
	enum isms_severity severity;
	unsigned line, column;  /* 0 when the finding has no position */
	char *message;
};

struct isms_findings {
	struct isms_finding *items;
	size_t count, cap;
};

#define ISMS_FINDINGS_INIT { .items = NULL, .count = 0, .cap = 0 }

void isms_findings_add(struct isms_findings *findings, enum isms_severity severity,
		       unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
size_t isms_findings_errors(const struct isms_findings *findings);
/* Free every finding and reset the list to empty, ready for reuse;
 * `findings` itself is not freed. Does nothing when `findings` is NULL. */
void isms_findings_free(struct isms_findings *findings);

struct isms_buf;
/* Append each finding as a line "path:line:col: error|warning: message",
 * or "path: error|warning: message" for one about the file as a whole (as
 * isms check prints them). */
void isms_findings_format(struct isms_buf *out, const char *path,
			  const struct isms_findings *findings);

/* Check a record's tree against its kind: a mapping, `id` valid and equal to
 * `expected_id` (the file name), `kind` equal to the kind, required fields
 * present, values of the right type. Appends to `findings`. */
void isms_record_validate(struct isms_findings *findings, const struct isms_node *root,
			  const struct isms_kind *kind, const char *expected_id);

/* The lifecycle rules that concern one record alone (src/model/lifecycle.c):
 * what is wrong (errors: an exclusion without justification, a closure
 * without its cause, an audit done without results, ...) and what is not
 * yet done (warnings). Run by isms_record_validate, and so by every write
 * path and by check; the rules that need other records or today's date are
 * isms_rules_check's. */
void isms_record_lifecycle(struct isms_findings *findings, const struct isms_node *root,
			   const struct isms_kind *kind);

/* Turn FIELD=VALUE text into a node of the field's type (a list of IDs from
 * "A,B"). Unknown fields are typed as a YAML reader would type them. */
struct isms_node *isms_field_value(const struct isms_kind *kind, const char *field,
				   const char *value);

#endif
