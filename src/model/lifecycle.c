/* SPDX-License-Identifier: MIT */
/* Lifecycle rules of one record alone, run on every write path and by
 * check (through isms_record_validate). Errors are for what is wrong (a
 * record that claims a state it has not reached); warnings for what is not
 * yet done, so that a draft can always be saved while it is incomplete.
 * Each message says what to do. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/validate.h"

#define ERROR(f, node, ...) isms_findings_add(f, ISMS_SEV_ERROR, (node)->line, (node)->column, __VA_ARGS__)
#define WARN(f, node, ...) isms_findings_add(f, ISMS_SEV_WARNING, (node)->line, (node)->column, __VA_ARGS__)

static bool status_is(const struct isms_node *root, const char *status)
{
	const char *s = isms_map_get_text(root, "status");

	return s && strcmp(s, status) == 0;
}

/* Whether the SoA entry's reason (one value or a list) holds `value`. */
static bool reason_has(const struct isms_node *reason, const char *value)
{
	if (!reason)
		return false;
	if (reason->type == ISMS_NODE_SCALAR)
		return strcmp(reason->text, value) == 0;
	for (size_t i = 0; reason->type == ISMS_NODE_SEQ && i < reason->count; i++)
		if (reason->items[i]->type == ISMS_NODE_SCALAR && strcmp(reason->items[i]->text, value) == 0)
			return true;
	return false;
}

/* Reasons other than not-applicable: why a control is included. */
static bool reason_includes(const struct isms_node *reason)
{
	if (!reason)
		return false;
	if (reason->type == ISMS_NODE_SCALAR)
		return reason->text[0] && strcmp(reason->text, "not-applicable") != 0;
	for (size_t i = 0; reason->type == ISMS_NODE_SEQ && i < reason->count; i++)
		if (reason->items[i]->type == ISMS_NODE_SCALAR &&
		    strcmp(reason->items[i]->text, "not-applicable") != 0)
			return true;
	return false;
}

/* SoA (6.1.3 d): the decision, its reasons and justification, and evidence
 * for what is said to be implemented. */
static void soa_entry(struct isms_findings *f, const struct isms_node *root)
{
	const struct isms_node *applicable = isms_map_get(root, "applicable");
	const struct isms_node *reason = isms_map_get(root, "reason");
	const char *impl = isms_map_get_text(root, "implementation");

	if (isms_scalar_false(applicable)) {
		/* A warning, as for an included control: the justification in
		 * words is what 6.1.3 d) asks for; the reason classifies it. */
		if (!isms_map_filled(root, "reason"))
			WARN(f, applicable, "an excluded control needs a reason "
			      "('isms set ID reason=not-applicable')");
		if (!isms_map_filled(root, "justification"))
			ERROR(f, applicable, "an excluded control needs a justification in words "
			      "(6.1.3 d): 'isms set ID justification=\"...\"'");
		if (reason_includes(reason))
			ERROR(f, reason, "excluded, but its reason is one for including it; an "
			      "exclusion's reason is not-applicable");
		if (impl && strcmp(impl, "not-started") != 0)
			ERROR(f, isms_map_anchor(root, "implementation"), "excluded, but said to be %s; "
			      "include it (applicable: yes) or remove 'implementation'", impl);
	} else if (isms_scalar_true(applicable)) {
		if (reason_has(reason, "not-applicable"))
			ERROR(f, reason, "included, but its reason says not-applicable; give the "
			      "reasons for including it (risk-treatment, legal-regulatory, ...)");
		if (!isms_map_filled(root, "reason"))
			WARN(f, applicable, "included without a reason: say why "
			     "('isms set ID reason=risk-treatment', or a list of several)");
		if (!isms_map_filled(root, "justification"))
			WARN(f, applicable, "included without a justification in words (6.1.3 d)");
	} else if (isms_map_filled(root, "reason") || isms_map_filled(root, "justification")) {
		WARN(f, isms_map_anchor(root, "reason"), "not yet decided: 'applicable: yes' or 'no'");
	}
	if (impl && strcmp(impl, "implemented") == 0 && !isms_map_filled(root, "evidence"))
		/* Not yet recorded rather than wrong: a warning, so an SoA
		 * brought in from a spreadsheet is not refused for it. */
		WARN(f, isms_map_anchor(root, "implementation"), "said to be implemented, but no evidence "
		      "shows it: add 'evidence' (what shows that it works), or set implementation "
		      "to partial");
}

/* Nonconformity (10.2): closure needs the cause, the corrective action and
 * a review of its effectiveness. */
static void nonconformity(struct isms_findings *f, const struct isms_node *root)
{
	static const char *const needed[] = { "cause", "corrective_action", "effectiveness", NULL };
	bool closed = status_is(root, "closed") || isms_map_filled(root, "closed_on");

	for (size_t i = 0; closed && needed[i]; i++)
		if (!isms_map_filled(root, needed[i]))
			ERROR(f, isms_map_anchor(root, "status"), "closed without '%s' (10.2): record it first "
			      "with 'isms set ID %s=...', then close it", needed[i], needed[i]);
	if (!closed && isms_map_filled(root, "corrective_action") && !isms_map_filled(root, "due"))
		WARN(f, isms_map_anchor(root, "corrective_action"), "the corrective action has no due date "
		     "('isms set ID due=YYYY-MM-DD')");
}

/* Audit (9.2): in a programme, by an auditor who is not the auditee, and
 * with its results once done. */
static void audit(struct isms_findings *f, const struct isms_node *root)
{
	const char *auditor = isms_map_get_text(root, "auditor");
	const char *auditee = isms_map_get_text(root, "auditee");

	if (!isms_map_filled(root, "programme"))
		WARN(f, root, "not yet in an audit programme ('isms set ID programme=APG-...')");
	if (!isms_map_filled(root, "auditor"))
		WARN(f, root, "no auditor yet ('isms set ID auditor=...')");
	if (auditor && auditee && *auditor && strcmp(auditor, auditee) == 0)
		ERROR(f, isms_map_anchor(root, "auditor"), "%s would audit their own work (9.2.2): "
		      "choose an auditor who is not the auditee", auditor);
	if (status_is(root, "done")) {
		if (!isms_map_filled(root, "results"))
			ERROR(f, isms_map_anchor(root, "status"), "done, but without its results: record them "
			      "('isms set ID results=...') or set status: planned");
		if (!isms_map_filled(root, "held_on"))
			ERROR(f, isms_map_anchor(root, "status"), "done, but when? ('isms set ID held_on=YYYY-MM-DD')");
	}
}

/* Management review (9.3.2): every input a) to g) once it is held. */
static void management_review(struct isms_findings *f, const struct isms_node *root)
{
	static const char *const inputs[] = {
		"previous_actions", "issue_changes", "party_changes", "performance", "feedback",
		"risk_status", "improvement", NULL };
	char missing[160] = "";

	if (!isms_map_filled(root, "held_on"))
		return;
	for (size_t i = 0; inputs[i]; i++)
		if (!isms_map_filled(root, inputs[i])) {
			strncat(missing, missing[0] ? ", " : "", sizeof(missing) - strlen(missing) - 1);
			strncat(missing, inputs[i], sizeof(missing) - strlen(missing) - 1);
		}
	if (missing[0])
		WARN(f, isms_map_anchor(root, "held_on"), "held, but inputs a) to g) are missing (9.3.2): %s",
		     missing);
	if (!isms_map_filled(root, "decisions"))
		WARN(f, isms_map_anchor(root, "held_on"), "held, but its decisions are not recorded (9.3.3)");
}

/* A finding's clause: a clause of the catalogue or an Annex A control. */
static void finding(struct isms_findings *f, const struct isms_node *root)
{
	const struct isms_node *clause = isms_map_get(root, "clause");
	const char *type = isms_map_get_text(root, "type");

	if (clause && clause->type == ISMS_NODE_SCALAR && clause->text[0] &&
	    !isms_clause_find(clause->text) && !isms_control_find(clause->text))
		ERROR(f, clause, "'%s' is neither a clause (4.1 to 10.2) nor an Annex A control "
		      "(A.5.1 to A.8.34); 'isms catalog clauses' lists them", clause->text);
	if (!type)
		WARN(f, root, "no type yet: major-nonconformity, minor-nonconformity, observation "
		     "or opportunity");
}

/* Messages say 'isms set ID ...': the record's own ID goes in. */
static void name_the_record(struct isms_findings *f, size_t from, const char *id)
{
	for (size_t i = from; id && i < f->count; i++) {
		char *m = f->items[i].message, *at = strstr(m, "isms set ID ");

		if (!at)
			continue;
		f->items[i].message = isms_asprintf("%.*sisms set %s %s", (int)(at - m), m, id,
						    at + strlen("isms set ID "));
		free(m);
	}
}

static void rules(struct isms_findings *f, const struct isms_node *root, const char *name);

void isms_record_lifecycle(struct isms_findings *f, const struct isms_node *root,
			   const struct isms_kind *kind)
{
	size_t from = f->count;

	if (root->type != ISMS_NODE_MAP || status_is(root, "retired"))
		return;
	rules(f, root, kind->name);
	name_the_record(f, from, isms_map_get_text(root, "id"));
}

static void rules(struct isms_findings *f, const struct isms_node *root, const char *name)
{
	if (strcmp(name, "control") == 0) {
		soa_entry(f, root);
	} else if (strcmp(name, "nonconformity") == 0) {
		nonconformity(f, root);
	} else if (strcmp(name, "audit") == 0) {
		audit(f, root);
	} else if (strcmp(name, "management-review") == 0) {
		management_review(f, root);
	} else if (strcmp(name, "finding") == 0) {
		finding(f, root);
	} else if (strcmp(name, "action") == 0) {
		if (!isms_map_filled(root, "owner"))
			WARN(f, root, "no owner yet: who sees it done? ('isms set ID owner=...')");
		if (!isms_map_filled(root, "due"))
			WARN(f, root, "no due date yet ('isms set ID due=YYYY-MM-DD')");
	} else if (strcmp(name, "objective") == 0) {
		if (!isms_map_filled(root, "measure"))
			WARN(f, root, "no measure yet: how will you know it is achieved? (6.2)");
		if (!isms_map_filled(root, "target"))
			WARN(f, root, "no target yet: the value to reach (6.2)");
	} else if (strcmp(name, "measurement") == 0) {
		if (isms_map_filled(root, "result") && !isms_map_filled(root, "measured_on"))
			ERROR(f, isms_map_anchor(root, "result"), "a result needs the date it was measured "
			      "('isms set ID measured_on=YYYY-MM-DD')");
		else if (isms_map_filled(root, "measured_on") && !isms_map_filled(root, "result"))
			ERROR(f, isms_map_anchor(root, "measured_on"), "measured, but the value is missing "
			      "('isms set ID result=...')");
		else if (!isms_map_filled(root, "result"))
			WARN(f, root, "not yet measured: record a result and its date (9.1)");
	} else if (strcmp(name, "risk") == 0) {
		if ((isms_map_filled(root, "likelihood") || isms_map_filled(root, "impact")) && !isms_map_filled(root, "assessed_on"))
			WARN(f, isms_map_anchor(root, "likelihood"), "assessed, but when? "
			     "('isms set ID assessed_on=YYYY-MM-DD', 8.2)");
	}
}
