/* SPDX-License-Identifier: MIT */
/* Honest status: how each record stands as evidence, and from that the
 * state of every clause. The one judgement `isms status`, `isms guide` and
 * the TUI's walk show. A record counts only in the state its requirement
 * needs: a controlled document approved by the act (its tag, which the
 * store finds) and unchanged since, current and complete; an audit done
 * with its results; a management review held with every input. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "isms/date.h"
#include "isms/rules.h"

/* The fields that make a record of each kind evidence (our reading of
 * what each clause needs to see). A kind not listed needs only its title. */
static const struct {
	const char *kind;
	const char *fields[4];
} complete_fields[] = {
	{ "issue", { "description" } },
	{ "party", { "requirements" } },
	{ "scope", { "boundaries" } },
	{ "policy", { "body" } },
	{ "role", { "holder", "responsibilities" } },
	{ "risk", { "owner", "likelihood", "impact" } },
	{ "action", { "owner", "due" } },
	{ "control", { "reason", "justification" } },
	{ "objective", { "measure", "target" } },
	{ "measurement", { "result", "measured_on" } },
	{ "competence", { "person", "evidence" } },
	{ "awareness", { "held_on" } },
	{ "communication", { "audience" } },
	{ "procedure", { "body" } },
	{ "audit-programme", { "methods" } },
	{ "audit", { "programme", "auditor" } },
	{ "finding", { "type", "description" } },
	{ "management-review", { "held_on" } },
	{ "improvement", { "description" } },
	{ "nonconformity", { "description" } },
	{ "direction", { "decision" } },
	{ "board-report", { "body" } },
};

/* The inputs a management review must consider, a) to g) (9.3.2), and
 * what it decides (9.3.3). */
static const char *const review_inputs[] = {
	"previous_actions", "issue_changes", "party_changes", "performance", "feedback",
	"risk_status", "improvement", "decisions", NULL };

static bool status_is(const struct isms_view *v, const char *status)
{
	const char *s = isms_map_get_text(v->root, "status");

	return s && strcmp(s, status) == 0;
}

bool isms_view_complete(const struct isms_view *v, const char **missing)
{
	const char *dummy;

	if (!missing)
		missing = &dummy;
	*missing = NULL;
	if (!v->root || v->root->type != ISMS_NODE_MAP)
		return false;
	if (!isms_map_filled(v->root, "title"))
		return *missing = "title", false;
	if (strcmp(v->kind->name, "document") == 0 && !isms_map_filled(v->root, "body") &&
	    !isms_map_filled(v->root, "file"))
		return *missing = "body", false;
	for (size_t k = 0; k < sizeof(complete_fields) / sizeof(complete_fields[0]); k++) {
		if (complete_fields[k].kind[0] != v->kind->name[0] ||
		    strcmp(complete_fields[k].kind, v->kind->name) != 0)
			continue;
		for (size_t f = 0; f < 4 && complete_fields[k].fields[f]; f++)
			if (!isms_map_filled(v->root, complete_fields[k].fields[f]))
				return *missing = complete_fields[k].fields[f], false;
	}
	return true;
}

/* Does a record count at all? Not once retired; an SoA entry only when it
 * is an Annex A control whose applicability is decided. */
static bool counts(const struct isms_view *v)
{
	const struct isms_node *applicable;

	if (!v->root || v->root->type != ISMS_NODE_MAP || isms_view_retired(v))
		return false;
	if (!isms_kind_field(v->kind, "applicable"))
		return true;
	applicable = isms_map_get(v->root, "applicable");
	return isms_control_find(v->id) &&
	       (isms_scalar_true(applicable) || isms_scalar_false(applicable));
}

/* Carried out: what "done" means for each kind. */
static bool done(const struct isms_view *v)
{
	const char *kind = v->kind->name;

	if (strcmp(kind, "management-review") == 0) {
		for (size_t i = 0; review_inputs[i]; i++)
			if (!isms_map_filled(v->root, review_inputs[i]))
				return false;
		return true;
	}
	if (strcmp(kind, "audit") == 0)
		return status_is(v, "done") && isms_map_filled(v->root, "held_on") && isms_map_filled(v->root, "results");
	if (strcmp(kind, "nonconformity") == 0)
		return status_is(v, "closed");
	if (isms_kind_field(v->kind, "status") && (status_is(v, "planned") || status_is(v, "cancelled")))
		return false;
	return true;
}

/* A date that has passed (before today), when the record holds one. */
static bool passed(const struct isms_view *v, const char *key, const struct isms_facts *facts)
{
	const char *d = isms_map_get_text(v->root, key);

	return d && isms_date_valid(d) && facts->today && strcmp(d, facts->today) < 0;
}

enum isms_evidence isms_evidence_of(const struct isms_facts *facts, size_t i,
				    enum isms_req_state need)
{
	const struct isms_view *v = &facts->records[i];
	enum isms_approval_state act = facts->acts ? (enum isms_approval_state)facts->acts[i] : ISMS_APPROVAL_NONE;

	if (!counts(v))
		return ISMS_EV_UNCOUNTED;
	if (!isms_view_complete(v, NULL))
		return ISMS_EV_INCOMPLETE;
	switch (need) {
	case ISMS_REQ_APPROVED:
		if (act == ISMS_APPROVAL_CHANGED)
			return ISMS_EV_CHANGED;
		if (act != ISMS_APPROVAL_HOLDS || !status_is(v, "approved"))
			return ISMS_EV_DRAFT;
		return isms_view_overdue(v, facts) ? ISMS_EV_OVERDUE : ISMS_EV_MET;
	case ISMS_REQ_DONE:
		if (done(v))
			return ISMS_EV_MET;
		return passed(v, "due", facts) || passed(v, "held_on", facts) ? ISMS_EV_OVERDUE
									       : ISMS_EV_OPEN;
	case ISMS_REQ_COMPLETE:
	case ISMS_REQ_METHOD:
		break;
	}
	return ISMS_EV_MET;
}

/* Whether records of `kind` are what a requirement for `want` (a kind's
 * name, or every controlled kind) counts; `one` is isms_kind_find(want). */
static bool kind_matches(const char *want, const struct isms_kind *one,
			 const struct isms_kind *kind)
{
	return one ? kind == one : strcmp(want, ISMS_REQ_CONTROLLED) == 0 && kind->controlled;
}

/* One requirement `q` of state `s` from the records. */
static void judge(struct isms_clause_state *s, size_t q, const struct isms_facts *facts)
{
	const struct isms_requirement *req = &s->clause->requires[q];
	const struct isms_kind *one;

	if (req->state == ISMS_REQ_METHOD) {
		s->have[q] = s->met[q] = facts->method_defined;
		s->by[q][ISMS_EV_MET] = s->met[q];
		return;
	}
	one = isms_kind_find(req->kind);
	for (size_t r = 0; r < facts->count; r++) {
		const struct isms_view *v = &facts->records[r];
		enum isms_evidence ev;

		if (!kind_matches(req->kind, one, v->kind))
			continue;
		ev = isms_evidence_of(facts, r, req->state);
		if (ev == ISMS_EV_UNCOUNTED)
			continue;
		s->have[q]++;
		s->by[q][ev]++;
		s->met[q] += ev == ISMS_EV_MET;
		s->overdue += ev == ISMS_EV_OVERDUE;
	}
}

/* A parent's state from its sub-clauses' (which follow it): missing when
 * all are, done when all are, overdue when all are done or overdue, else
 * draft. */
static void parent_state(struct isms_clause_state *out, size_t p, size_t n)
{
	bool all_missing = true, all_done = true, none_short = true;

	for (size_t c = p + 1; c < n && isms_clause_is_child(out[p].clause, out[c].clause); c++) {
		all_missing &= out[c].state == ISMS_STATE_MISSING;
		all_done &= out[c].state == ISMS_STATE_APPROVED;
		none_short &= out[c].state >= ISMS_STATE_OVERDUE;
		out[p].overdue += out[c].overdue;
	}
	out[p].state = all_missing ? ISMS_STATE_MISSING : all_done ? ISMS_STATE_APPROVED
		     : none_short ? ISMS_STATE_OVERDUE : ISMS_STATE_DRAFT;
}

void isms_completeness(struct isms_clause_state *out, const struct isms_facts *facts)
{
	size_t n = isms_clause_count();

	for (size_t c = 0; c < n; c++) {
		const struct isms_clause *clause = isms_clause_at(c);
		struct isms_clause_state *s = &out[c];
		bool any = false, short_of = false;

		memset(s, 0, sizeof(*s));
		s->clause = clause;
		for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && clause->requires[q].kind; q++) {
			const struct isms_requirement *req = &clause->requires[q];

			judge(s, q, facts);
			any |= s->have[q] > 0;
			short_of |= s->met[q] + s->by[q][ISMS_EV_OVERDUE] < req->min;
		}
		s->state = !any ? ISMS_STATE_MISSING : short_of ? ISMS_STATE_DRAFT
			 : s->overdue ? ISMS_STATE_OVERDUE : ISMS_STATE_APPROVED;
	}
	for (size_t c = n; c-- > 0;)
		if (isms_clause_is_parent(out[c].clause))
			parent_state(out, c, n);
}

const char *isms_req_state_name(enum isms_req_state state)
{
	static const char *const names[] = { "complete", "approved", "done", "defined" };

	return names[state];
}

const char *isms_evidence_name(enum isms_evidence ev)
{
	static const char *const names[] = {
		"not counted", "incomplete", "draft", "changed since approval", "open",
		"overdue", "met" };

	return ev < ISMS_EV_COUNT ? names[ev] : "?";
}

/* The word for the records that fall short in evidence `ev` for state
 * `need`: an open audit is "not done", an approved one changed since is
 * "changed since approval". */
static const char *short_name(enum isms_evidence ev, enum isms_req_state need)
{
	if (ev == ISMS_EV_OPEN && need == ISMS_REQ_DONE)
		return "not done";
	if (ev == ISMS_EV_DRAFT)
		return "not approved";
	return isms_evidence_name(ev);
}

void isms_requirement_text(char *out, size_t size, const struct isms_clause_state *s, size_t q)
{
	const struct isms_requirement *r = &s->clause->requires[q];
	size_t n;
	bool open = false;

	if (r->state == ISMS_REQ_METHOD) {
		snprintf(out, size, "risk method %s", s->met[q] ? "defined" : "missing");
		return;
	}
	snprintf(out, size, "%s %u/%u %s", strcmp(r->kind, ISMS_REQ_CONTROLLED) == 0
		 ? "controlled document" : r->kind, s->met[q], r->min, isms_req_state_name(r->state));
	for (int ev = ISMS_EV_INCOMPLETE; ev < ISMS_EV_MET; ev++) {
		if (!s->by[q][ev])
			continue;
		n = strlen(out);
		snprintf(out + n, size - n, "%s%u %s", open ? ", " : " (", s->by[q][ev],
			 short_name((enum isms_evidence)ev, r->state));
		open = true;
	}
	n = strlen(out);
	if (open)
		snprintf(out + n, size - n, ")");
}

unsigned isms_phase_progress(const struct isms_clause_state *states, size_t count,
			     enum isms_phase phase)
{
	unsigned points = 0, total = 0;

	for (size_t i = 0; i < count; i++) {
		if (states[i].clause->phase != phase || isms_clause_is_parent(states[i].clause))
			continue;
		total += 2;
		points += states[i].state == ISMS_STATE_APPROVED ? 2 : states[i].state == ISMS_STATE_MISSING ? 0 : 1;
	}
	return total ? points * 100 / total : 0;
}

const char *isms_state_name(enum isms_state state)
{
	static const char *const names[] = { "missing", "draft", "overdue", "done" };

	return names[state];
}
