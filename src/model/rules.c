/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/rules.h"

#define ERROR(f, node, ...) isms_findings_add(f, ISMS_SEV_ERROR, (node)->line, (node)->column, __VA_ARGS__)
#define WARN(f, node, ...) isms_findings_add(f, ISMS_SEV_WARNING, (node)->line, (node)->column, __VA_ARGS__)

static bool status_is(const struct isms_view *v, const char *status)
{
	const char *s = v->root ? isms_map_get_text(v->root, "status") : NULL;

	return s && strcmp(s, status) == 0;
}

bool isms_view_retired(const struct isms_view *v)
{
	return status_is(v, "retired");
}

bool isms_view_overdue(const struct isms_view *v, const struct isms_facts *facts)
{
	const char *next, *approved;
	char due[11];
	unsigned months;

	if (!v->root || isms_view_retired(v) || status_is(v, "superseded"))
		return false;
	next = isms_map_get_text(v->root, "next_review");
	if (next && isms_date_valid(next))
		return strcmp(next, facts->today) < 0;
	approved = isms_map_get_text(v->root, "approved_on");
	months = facts->review_months ? facts->review_months[v->kind - isms_kind_at(0)] : 0;
	if (!months || !approved || !isms_date_valid(approved))
		return false;
	isms_date_add_months(due, approved, months);
	return strcmp(due, facts->today) < 0;
}

static int compare_views(const void *a, const void *b)
{
	return strcmp((*(const struct isms_view *const *)a)->id, (*(const struct isms_view *const *)b)->id);
}

/* Every record, readable or not, sorted by ID for lookups by reference. */
struct index {
	const struct isms_view **sorted;
	size_t count;
};

static void index_build(struct index *ix, const struct isms_facts *facts)
{
	ix->sorted = isms_calloc(facts->count, sizeof(*ix->sorted));
	ix->count = facts->count;
	for (size_t i = 0; i < facts->count; i++)
		ix->sorted[i] = &facts->records[i];
	if (ix->count > 1)
		qsort(ix->sorted, ix->count, sizeof(*ix->sorted), compare_views);
}

static const struct isms_view *index_find(const struct index *ix, const char *id)
{
	struct isms_view key = { .id = id };
	const struct isms_view *k = &key, **hit;

	hit = bsearch(&k, ix->sorted, ix->count, sizeof(*ix->sorted), compare_views);
	return hit ? *hit : NULL;
}

static bool has_text(const struct isms_node *root, const char *key)
{
	const char *v = isms_map_get_text(root, key);

	return v && *v;
}

/* Person fields hold "Name" or "Name <email>": the same person either way. */
static bool same_person(const char *a, const char *b)
{
	size_t la = strcspn(a, "<"), lb = strcspn(b, "<");

	while (la && a[la - 1] == ' ')
		la--;
	while (lb && b[lb - 1] == ' ')
		lb--;
	return la == lb && strncmp(a, b, la) == 0;
}

/* References resolve to records of the right kind. */
static void check_reference(struct isms_findings *f, const struct index *ix,
			    const struct isms_field *field, const struct isms_node *value)
{
	const struct isms_view *target;

	if (value->type != ISMS_NODE_SCALAR || !value->text[0])
		return;
	target = index_find(ix, value->text);
	if (!target)
		ERROR(f, value, "'%s' refers to %s, which is not in this ISMS", field->name, value->text);
	else if (field->ref && strcmp(target->kind->name, field->ref) != 0)
		ERROR(f, value, "'%s' refers to %s, which is a %s, not a %s", field->name, value->text,
		      target->kind->name, field->ref);
	else if (isms_view_retired(target))
		WARN(f, value, "'%s' refers to %s, which is retired", field->name, value->text);
}

static void check_scale(struct isms_findings *f, const struct isms_method *m,
			const struct isms_field *field, const struct isms_node *value)
{
	unsigned top = strcmp(field->ref, "likelihood") == 0 ? m->likelihood_count : m->impact_count;
	int v = isms_scalar_level(value);

	if (v > (int)top)
		ERROR(f, value, "'%s' is %d, above the top of the %s scale (%u) in isms.yaml",
		      field->name, v, field->ref, top);
}

/* The level of a likelihood and impact pair of fields, or -1. */
static int level_of(const struct isms_method *m, const struct isms_node *root, const char *l,
		    const char *i)
{
	return isms_method_level(m, (unsigned)isms_scalar_level(isms_map_get(root, l)),
				 (unsigned)isms_scalar_level(isms_map_get(root, i)));
}

static void check_risk(struct isms_findings *f, const struct index *ix, const struct isms_method *m,
		       const struct isms_view *v)
{
	const struct isms_node *root = v->root, *controls = isms_map_get(root, "controls");
	const char *owner = isms_map_get_text(root, "owner");
	const char *accepted_by = isms_map_get_text(root, "accepted_by");
	const char *treatment = isms_map_get_text(root, "treatment");
	bool accepted = accepted_by && *accepted_by;
	int level = level_of(m, root, "likelihood", "impact");
	int residual = level_of(m, root, "residual_likelihood", "residual_impact");

	if (!owner || !*owner)
		ERROR(f, isms_map_anchor(root, "owner"), "every risk needs an owner, who answers for it (6.1.2)");
	if (accepted && owner && *owner && !same_person(accepted_by, owner))
		ERROR(f, isms_map_anchor(root, "accepted_by"),
		      "accepted by %s, but its owner is %s; only the risk owner accepts a risk",
		      accepted_by, owner);
	if (accepted && !has_text(root, "accepted_on"))
		ERROR(f, isms_map_anchor(root, "accepted_by"), "an acceptance needs its date (accepted_on)");
	if (!accepted && status_is(v, "accepted"))
		ERROR(f, isms_map_anchor(root, "status"), "marked accepted, but nobody accepted it (accepted_by)");
	if (!accepted && treatment && strcmp(treatment, "retain") == 0)
		ERROR(f, isms_map_anchor(root, "treatment"),
		      "retaining a risk is accepting it: its owner must accept it ('isms accept %s')", v->id);
	if (level < 0) {
		WARN(f, isms_map_anchor(root, "likelihood"),
		     "not yet analysed: give it a likelihood and an impact (6.1.2 d)");
	} else if (level > (int)m->accept && !(treatment && *treatment) && !accepted) {
		ERROR(f, isms_map_anchor(root, "impact"),
		      "its level, %s, is above the acceptance level %s: choose a treatment, or "
		      "have its owner accept it ('isms accept %s')",
		      m->levels[level].name, m->levels[m->accept].name, v->id);
	}
	if (residual > (int)m->accept && !accepted)
		ERROR(f, isms_map_anchor(root, "residual_impact"),
		      "its residual level, %s, is above the acceptance level %s: its owner must "
		      "accept what remains ('isms accept %s', 6.1.3 f)", m->levels[residual].name,
		      m->levels[m->accept].name, v->id);
	if (!(treatment && *treatment) || !controls || controls->type != ISMS_NODE_SEQ)
		return;
	for (size_t k = 0; k < controls->count; k++) {
		const struct isms_node *c = controls->items[k];
		const struct isms_view *entry = c->type == ISMS_NODE_SCALAR ? index_find(ix, c->text) : NULL;

		if (entry && entry->root && strcmp(entry->kind->name, "control") == 0 &&
		    !isms_scalar_true(isms_map_get(entry->root, "applicable")))
			ERROR(f, c, "treated with %s, which the Statement of Applicability does not "
			      "mark applicable", c->text);
	}
}

static void check_control(struct isms_findings *f, const struct isms_view *v)
{
	const struct isms_control *c = isms_control_find(v->id);
	const char *title = isms_map_get_text(v->root, "title");

	if (!c) {
		ERROR(f, isms_map_anchor(v->root, "id"), "%s is not a control of ISO/IEC 27001:2022 Annex A", v->id);
		return;
	}
	if (title && strcmp(title, c->title) != 0)
		WARN(f, isms_map_anchor(v->root, "title"), "the title differs from Annex A's: '%s'", c->title);
}

static void check_document(struct isms_findings *f, const struct isms_view *v,
			   const struct isms_facts *facts)
{
	if (v->kind->controlled && status_is(v, "approved")) {
		if (!has_text(v->root, "approved_by"))
			ERROR(f, isms_map_anchor(v->root, "status"), "approved, but by whom? (approved_by, 7.5.2)");
		if (!has_text(v->root, "approved_on"))
			ERROR(f, isms_map_anchor(v->root, "status"), "approved, but when? (approved_on, 7.5.2)");
	}
	if (isms_view_overdue(v, facts)) {
		const char *next = isms_map_get_text(v->root, "next_review");

		if (next && isms_date_valid(next))
			WARN(f, isms_map_anchor(v->root, "next_review"), "overdue: its review was due on %s", next);
		else
			WARN(f, isms_map_anchor(v->root, "approved_on"),
			     "overdue: its review interval in isms.yaml has passed since approval");
	}
}

void isms_rules_check(struct isms_findings *findings, struct isms_findings *whole,
		      const struct isms_facts *facts)
{
	struct index ix;
	size_t controls = 0, missing = 0;
	char list[512] = "";

	index_build(&ix, facts);
	for (size_t r = 0; r < facts->count; r++) {
		const struct isms_view *v = &facts->records[r];
		struct isms_findings *f = &findings[r];

		controls += strcmp(v->kind->name, "control") == 0;
		if (!v->root || v->root->type != ISMS_NODE_MAP || isms_view_retired(v))
			continue;
		for (size_t k = 0; k < v->kind->field_count; k++) {
			const struct isms_field *field = &v->kind->fields[k];
			const struct isms_node *value = isms_map_get(v->root, field->name);

			if (!value)
				continue;
			if (field->type == ISMS_FIELD_REF)
				check_reference(f, &ix, field, value);
			else if (field->type == ISMS_FIELD_REFS && value->type == ISMS_NODE_SEQ)
				for (size_t n = 0; n < value->count; n++)
					check_reference(f, &ix, field, value->items[n]);
			else if (field->type == ISMS_FIELD_SCALE && value->type == ISMS_NODE_SCALAR)
				check_scale(f, facts->method, field, value);
		}
		if (strcmp(v->kind->name, "risk") == 0)
			check_risk(f, &ix, facts->method, v);
		else if (strcmp(v->kind->name, "control") == 0)
			check_control(f, v);
		check_document(f, v, facts);
	}

	isms_rules_lifecycle(findings, whole, facts);

	/* Once the SoA is started, it covers every control of Annex A. */
	for (size_t c = 0; controls && c < isms_control_count(); c++) {
		const char *id = isms_control_at(c)->id;

		if (index_find(&ix, id))
			continue;
		if (missing++ < 8) {
			strncat(list, missing > 1 ? ", " : "", sizeof(list) - strlen(list) - 1);
			strncat(list, id, sizeof(list) - strlen(list) - 1);
		}
	}
	if (missing)
		isms_findings_add(whole, ISMS_SEV_ERROR, 0, 0,
			"the Statement of Applicability lacks %zu of the %zu Annex A controls (%s%s); "
			"'isms soa init' adds them, undecided", missing, isms_control_count(), list,
			missing > 8 ? ", ..." : "");
	free(ix.sorted);
}
