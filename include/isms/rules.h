/* SPDX-License-Identifier: MIT */
/* What holds across records: the cross-record rules of `isms check` and
 * clause-by-clause completeness for `isms status`. Pure functions of the
 * records given; the store loads them. */
#ifndef ISMS_RULES_H
#define ISMS_RULES_H

#include <stddef.h>
#include "isms/catalog.h"
#include "isms/kind.h"
#include "isms/method.h"
#include "isms/tree.h"
#include "isms/validate.h"

/* A record as the rules see it. */
struct isms_view {
	const struct isms_kind *kind;
	const char *id;
	const struct isms_node *root;  /* NULL when the file could not be read */
};

struct isms_facts {
	const struct isms_view *records;
	size_t count;
	const struct isms_method *method;
	const char *today;             /* YYYY-MM-DD */
	const unsigned *review_months; /* per kind, in table order; 0 or NULL: none */
};

/* Append to findings[i] what is wrong with records[i] in the light of the
 * others (references, risk owners and levels, the SoA, approvals, reviews),
 * and to `whole` what concerns the ISMS as a whole (SoA entries missing). */
void isms_rules_check(struct isms_findings *findings, struct isms_findings *whole,
		      const struct isms_facts *facts);

/* True when the record is retired (it stays in history, but counts no more). */
bool isms_view_retired(const struct isms_view *view);

/* True when the record is due for review: its next_review, or else its
 * approval date plus the kind's review interval, has passed. Superseded and
 * retired records are never due. */
bool isms_view_overdue(const struct isms_view *view, const struct isms_facts *facts);

enum isms_state {
	ISMS_STATE_MISSING,   /* none of the evidence exists */
	ISMS_STATE_DRAFT,     /* some exists, but too little, or not yet approved */
	ISMS_STATE_OVERDUE,   /* complete, but a review date has passed */
	ISMS_STATE_APPROVED,  /* complete and current */
};

struct isms_clause_state {
	const struct isms_clause *clause;
	enum isms_state state;
	unsigned have[ISMS_CLAUSE_MAX_REQUIREMENTS];      /* records that count */
	unsigned approved[ISMS_CLAUSE_MAX_REQUIREMENTS];  /* of those, approved */
	unsigned overdue;
};

/* The state of every clause of the catalogue, in catalogue order, into
 * `out` (isms_clause_count() entries). */
void isms_completeness(struct isms_clause_state *out, const struct isms_facts *facts);

/* Progress of a phase from 0 to 100: approved clauses count whole, drafts
 * and overdue ones half. */
unsigned isms_phase_progress(const struct isms_clause_state *states, size_t count,
			     enum isms_phase phase);

const char *isms_state_name(enum isms_state state);

#endif
