/* SPDX-License-Identifier: MIT */
/* The Statement of Applicability (27001 6.1.3 d): every Annex A control,
 * then the organisation's own, with the decision and why. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "isms/report.h"
#include "isms/text.h"
#include "report_private.h"

static const struct isms_report_column soa_columns[] = {
	{ "id", "Control", ISMS_COL_TEXT },
	{ "theme", "Theme", ISMS_COL_TEXT },
	{ "title", "Title", ISMS_COL_TEXT },
	{ "decision", "Applicable", ISMS_COL_TEXT },
	{ "reasons", "Reasons", ISMS_COL_LIST },
	{ "justification", "Justification", ISMS_COL_LONGTEXT },
	{ "implementation", "Implementation", ISMS_COL_TEXT },
	{ "risks", "Risks", ISMS_COL_LIST },
	{ "evidence", "Evidence", ISMS_COL_LONGTEXT },
	{ "owner", "Owner", ISMS_COL_TEXT },
	{ "status", "Entry status", ISMS_COL_TEXT },
	{ "attributes", "ISO/IEC 27002 attributes", ISMS_COL_LIST },
};
enum { C_ID, C_THEME, C_TITLE, C_DECISION, C_REASONS, C_JUST, C_IMPL, C_RISKS, C_EVIDENCE,
       C_OWNER, C_STATUS, C_ATTRS, C_COUNT };

static const char *const theme_keys[] = { "organizational", "people", "physical",
					  "technological" };

/* 27002's attribute values of a control, as words. */
static size_t control_attributes(const char **out, const struct isms_control *c)
{
	static const struct { unsigned bit; int group; const char *name; } attrs[] = {
		{ ISMS_CT_PREVENTIVE, 0, "preventive" }, { ISMS_CT_DETECTIVE, 0, "detective" },
		{ ISMS_CT_CORRECTIVE, 0, "corrective" },
		{ ISMS_PROP_CONFIDENTIALITY, 1, "confidentiality" },
		{ ISMS_PROP_INTEGRITY, 1, "integrity" }, { ISMS_PROP_AVAILABILITY, 1, "availability" },
		{ ISMS_CONCEPT_IDENTIFY, 2, "identify" }, { ISMS_CONCEPT_PROTECT, 2, "protect" },
		{ ISMS_CONCEPT_DETECT, 2, "detect" }, { ISMS_CONCEPT_RESPOND, 2, "respond" },
		{ ISMS_CONCEPT_RECOVER, 2, "recover" },
	};
	size_t n = 0;

	for (size_t i = 0; c && i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		unsigned flags = attrs[i].group == 0 ? c->type : attrs[i].group == 1 ? c->properties
										       : c->concepts;

		if (flags & attrs[i].bit)
			out[n++] = attrs[i].name;
	}
	return n;
}

/* "applicable", "excluded" or "undecided". */
static const char *decision_of(const struct isms_node *root)
{
	const struct isms_node *n = root ? isms_map_get(root, "applicable") : NULL;

	if (n && isms_scalar_true(n))
		return "applicable";
	if (n && isms_scalar_false(n))
		return "excluded";
	return "undecided";
}

static int check_filter(const struct isms_soa_filter *f)
{
	static const char *const attrs[] = { "preventive", "detective", "corrective",
		"confidentiality", "integrity", "availability", "identify", "protect", "detect",
		"respond", "recover", NULL };
	bool ok = !f->attribute;

	if (f->decision && strcmp(f->decision, "applicable") != 0 &&
	    strcmp(f->decision, "excluded") != 0 && strcmp(f->decision, "undecided") != 0)
		return isms_error_set(ISMS_EUSAGE,
			"--decision '%s': applicable, excluded or undecided", f->decision);
	if (f->theme) {
		bool found = false;

		for (size_t i = 0; i < 4; i++)
			found |= strcmp(f->theme, theme_keys[i]) == 0 ||
				 (f->theme[0] == (char)('5' + i) && !f->theme[1]);
		if (!found)
			return isms_error_set(ISMS_EUSAGE, "--theme '%s': organizational, people, "
					      "physical or technological (or 5 to 8)", f->theme);
	}
	for (size_t i = 0; !ok && attrs[i]; i++)
		ok = strcmp(f->attribute, attrs[i]) == 0;
	if (!ok)
		return isms_error_set(ISMS_EUSAGE, "--attribute '%s': preventive, detective, "
			"corrective, confidentiality, integrity, availability, identify, protect, "
			"detect, respond or recover", f->attribute);
	return 0;
}

/* The theme of an Annex A identifier (A.5 to A.8), 0 to 3; -1 otherwise. */
static int theme_of(const char *id)
{
	return strncmp(id, "A.", 2) == 0 && id[2] >= '5' && id[2] <= '8' ? id[2] - '5' : -1;
}

static bool keep(const struct isms_soa_filter *f, const char *id, const char *decision,
		 const char **attrs, size_t nattrs)
{
	int theme = theme_of(id);
	bool found = !f->attribute;

	if (f->decision && strcmp(f->decision, decision) != 0)
		return false;
	if (f->theme && (theme < 0 || (strcmp(f->theme, theme_keys[theme]) != 0 &&
				       f->theme[0] != (char)('5' + theme))))
		return false;
	for (size_t i = 0; !found && i < nattrs; i++)
		found = strcmp(attrs[i], f->attribute) == 0;
	return found;
}

struct soa_count {
	size_t applicable, excluded, undecided, approved, own;
};

static void soa_row(struct isms_report_section *s, struct soa_count *n, const char *id,
		    const struct isms_control *c, const struct isms_node *root,
		    const struct rpt_index *naming, const struct isms_soa_filter *f)
{
	const char *attrs[16], *decision = decision_of(root);
	size_t nattrs = control_attributes(attrs, c), nnamed, nown = 0, nrisks;
	const char **named, **own = NULL, **risks;
	const struct isms_node *list = root ? isms_map_get(root, "risks") : NULL;
	const char *status = root ? rpt_text(root, "status") : NULL;
	size_t row;
	int theme = theme_of(id);

	if (!keep(f, id, decision, attrs, nattrs))
		return;
	named = rpt_index_get(naming, id, &nnamed);
	if (list && list->type == ISMS_NODE_SEQ) {
		own = isms_calloc(list->count ? list->count : 1, sizeof(*own));
		for (size_t i = 0; i < list->count; i++)
			if (list->items[i]->type == ISMS_NODE_SCALAR)
				own[nown++] = list->items[i]->text;
	}
	risks = rpt_ids_merge(own, nown, named, nnamed, &nrisks);
	row = isms_report_row(s);
	isms_cell_set(isms_report_cell(s, row, C_ID), id);
	isms_cell_set(isms_report_cell(s, row, C_THEME),
		      c ? isms_theme_name(c->theme) : theme >= 0 ? theme_keys[theme] : "");
	isms_cell_set(isms_report_cell(s, row, C_TITLE),
		      root && rpt_text(root, "title") ? rpt_text(root, "title") : c ? c->title : "");
	isms_cell_set(isms_report_cell(s, row, C_DECISION), decision);
	isms_cell_node(isms_report_cell(s, row, C_REASONS), root ? isms_map_get(root, "reason") : NULL);
	if (isms_report_cell(s, row, C_REASONS)->item_count == 0 &&
	    *isms_report_cell(s, row, C_REASONS)->text) {
		const char *one = isms_report_cell(s, row, C_REASONS)->text;
		char *copy = isms_strdup(one);

		isms_cell_list(isms_report_cell(s, row, C_REASONS), (const char *const *)&copy, 1);
		free(copy);
	}
	isms_cell_set(isms_report_cell(s, row, C_JUST), rpt_text(root, "justification"));
	isms_cell_set(isms_report_cell(s, row, C_IMPL), rpt_text(root, "implementation"));
	isms_cell_list(isms_report_cell(s, row, C_RISKS), risks, nrisks);
	isms_cell_set(isms_report_cell(s, row, C_EVIDENCE), rpt_text(root, "evidence"));
	isms_cell_set(isms_report_cell(s, row, C_OWNER), rpt_text(root, "owner"));
	isms_cell_set(isms_report_cell(s, row, C_STATUS), root ? (status ? status : "") : "missing");
	isms_cell_list(isms_report_cell(s, row, C_ATTRS), attrs, nattrs);
	n->applicable += strcmp(decision, "applicable") == 0;
	n->excluded += strcmp(decision, "excluded") == 0;
	n->undecided += strcmp(decision, "undecided") == 0;
	n->approved += status && strcmp(status, "approved") == 0;
	n->own += c == NULL;
	free(named);
	free(own);
	free(risks);
}

int isms_report_soa(struct isms_report_doc **out, const struct isms_snapshot *snap,
		    const struct isms_soa_filter *filter)
{
	struct isms_soa_filter none = ISMS_SOA_FILTER_INIT;
	struct isms_report_doc *r;
	struct isms_report_section *s;
	struct rpt_index naming;
	struct soa_count n = { 0 };
	int error;

	*out = NULL;
	if (!filter)
		filter = &none;
	if ((error = check_filter(filter)) < 0)
		return error;
	r = isms_report_doc_new("soa", "Statement of Applicability", snap);
	rpt_index_build(&naming, snap, "risk", "controls");
	s = isms_report_section(r, "controls", "Controls", 2, soa_columns, C_COUNT);
	for (size_t i = 0; i < isms_control_count(); i++) {
		const struct isms_control *c = isms_control_at(i);
		const struct isms_node *root = NULL;

		for (size_t j = 0; j < snap->records.count && !root; j++) {
			const struct isms_view *v = &snap->records.views[j];

			if (strcmp(v->kind->name, "control") == 0 && strcmp(v->id, c->id) == 0 &&
			    rpt_live(v, "control"))
				root = v->root;
		}
		soa_row(s, &n, c->id, c, root, &naming, filter);
	}
	for (size_t j = 0; j < snap->records.count; j++) {
		const struct isms_view *v = &snap->records.views[j];

		if (rpt_live(v, "control") && !isms_control_find(v->id))
			soa_row(s, &n, v->id, NULL, v->root, &naming, filter);
	}
	s->text = isms_asprintf("%zu controls listed: %zu applicable, %zu excluded, %zu not yet "
				"decided; %zu of the organisation's own. Made from commit %.12s (%s).",
				s->row_count, n.applicable, n.excluded, n.undecided, n.own,
				snap->commit, r->meta.revision);
	free(r->meta.approval);
	r->meta.approval = isms_asprintf("%zu of %zu entries approved", n.approved, s->row_count);
	{
		static const char *const kinds[] = { "control", NULL };

		rpt_unreadable(r, snap, kinds);
	}
	rpt_index_free(&naming);
	*out = r;
	return 0;
}
