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

/* What the history says of a record's approval (the store finds it from
 * the tags, src/store/check.c; the rules never believe the fields alone). */
enum isms_approval_state {
	ISMS_APPROVAL_NONE,     /* no approval act: never approved, or only by hand */
	ISMS_APPROVAL_HOLDS,    /* approved by the act (approved/ID/vX.Y), unchanged since */
	ISMS_APPROVAL_CHANGED,  /* approved by the act, but the file changed since */
};

struct isms_facts {
	const struct isms_view *records;
	size_t count;
	const unsigned char *acts;     /* enum isms_approval_state per record; NULL: no act anywhere */
	bool method_defined;           /* isms.yaml defines a risk method (6.1.2) */
	const struct isms_method *method;
	const char *today;             /* YYYY-MM-DD */
	const unsigned *review_months; /* per kind, in table order; 0 or NULL: none */
};

/* Append to findings[i] what is wrong with records[i] in the light of the
 * others (references, risk owners and levels, the SoA, approvals, reviews),
 * and to `whole` what concerns the ISMS as a whole (SoA entries missing). */
void isms_rules_check(struct isms_findings *findings, struct isms_findings *whole,
		      const struct isms_facts *facts);

/* The lifecycle rules across records and dates (src/model/rules_life.c):
 * overdue actions, risks reassessed and never worse after treatment, a
 * major finding's nonconformity, the management review's interval, policy
 * parents without cycles, the 4.1 climate decision. isms_rules_check runs
 * them. */
void isms_rules_lifecycle(struct isms_findings *findings, struct isms_findings *whole,
			  const struct isms_facts *facts);

/* True when the record is retired (it stays in history, but counts no more). */
bool isms_view_retired(const struct isms_view *view);

/* True when the record is due for review: its next_review, or else its
 * approval date plus the kind's review interval, has passed. Superseded and
 * retired records are never due. */
bool isms_view_overdue(const struct isms_view *view, const struct isms_facts *facts);

enum isms_state {
	ISMS_STATE_MISSING,   /* none of the evidence exists */
	ISMS_STATE_DRAFT,     /* some exists, but too little, or not in the state it must be in */
	ISMS_STATE_OVERDUE,   /* enough, but a review or due date has passed */
	ISMS_STATE_APPROVED,  /* done: the evidence exists in the state it must be in */
};

/* How one record stands as evidence for a requirement (src/model/status.c). */
enum isms_evidence {
	ISMS_EV_UNCOUNTED,   /* retired, unreadable, an undecided SoA entry */
	ISMS_EV_INCOMPLETE,  /* fields that make it evidence are missing */
	ISMS_EV_DRAFT,       /* complete, but no approval act */
	ISMS_EV_CHANGED,     /* approved, but changed since the act */
	ISMS_EV_OPEN,        /* complete, not yet done (planned, open) */
	ISMS_EV_OVERDUE,     /* past its review date, or its due date while not done */
	ISMS_EV_MET,         /* in the state the requirement needs */
	ISMS_EV_COUNT
};

struct isms_clause_state {
	const struct isms_clause *clause;
	enum isms_state state;
	unsigned have[ISMS_CLAUSE_MAX_REQUIREMENTS];      /* records that count at all */
	unsigned met[ISMS_CLAUSE_MAX_REQUIREMENTS];       /* of those, in the state needed */
	unsigned by[ISMS_CLAUSE_MAX_REQUIREMENTS][ISMS_EV_COUNT];  /* of those, by evidence */
	unsigned overdue;
};

/* How record `i` of `facts` stands as evidence in state `need`. */
enum isms_evidence isms_evidence_of(const struct isms_facts *facts, size_t i,
				    enum isms_req_state need);
/* Whether record `v` has the fields that make it evidence; if not, the
 * first one missing into *missing (may be NULL). */
bool isms_view_complete(const struct isms_view *v, const char **missing);

/* The state of every clause of the catalogue, in catalogue order, into
 * `out` (isms_clause_count() entries): the one judgement `isms status`,
 * `isms guide` and the TUI's walk show. A parent clause's state is its
 * sub-clauses'. */
void isms_completeness(struct isms_clause_state *out, const struct isms_facts *facts);

/* Requirement `q` of a clause's state in words: "policy 0/1 approved (1
 * draft)", "audit 1/1 done", "risk method defined". */
void isms_requirement_text(char *out, size_t size, const struct isms_clause_state *s, size_t q);
/* What a requirement's state is called: "complete", "approved", "done",
 * "defined". */
const char *isms_req_state_name(enum isms_req_state state);
const char *isms_evidence_name(enum isms_evidence ev);

/* Progress of a phase from 0 to 100: done clauses count whole, drafts
 * and overdue ones half; parent clauses are counted through their
 * sub-clauses. */
unsigned isms_phase_progress(const struct isms_clause_state *states, size_t count,
			     enum isms_phase phase);

const char *isms_state_name(enum isms_state state);

#endif
