/* SPDX-License-Identifier: MIT */
/* The report to the governing body (ISO/IEC 27014): a section for each
 * governance process (evaluate, direct, monitor, communicate) and the six
 * governance objectives, in our own words, for the ISMS type of isms.yaml. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/report.h"
#include "report_private.h"

static const char *type_intro(const char *type)
{
	if (strcmp(type, "part-of-entity") == 0)
		return "The ISMS covers part of the organisation. The governing body of the whole "
		       "organisation directs it; this report says where that part's risks touch "
		       "the rest, and what the rest relies on it for.";
	if (strcmp(type, "several-isms") == 0)
		return "The organisation runs several ISMSs. This report is for one of them; the "
		       "governing body weighs it with the others' reports, so its risk posture is "
		       "given on the common risk method and its directions name the ISMS they "
		       "concern.";
	return "The ISMS covers the whole organisation: the governing body directs it directly "
	       "and this report covers all of it.";
}

static const struct isms_report_column objective_cols[] = {
	{ "objective", "Governance objective", ISMS_COL_TEXT },
	{ "evidence", "Where this ISMS shows it", ISMS_COL_LONGTEXT },
};

static const char *const objectives[][2] = {
	{ "Information security across the whole organisation",
	  "The scope, the roles and their holders, and the policies approved (Direct)." },
	{ "Decisions based on risk",
	  "The risk register, its levels by the risk method and the acceptance threshold "
	  "(Evaluate)." },
	{ "Direction for investment",
	  "The governing body's decisions recorded as directions, with resources and "
	  "priorities (Direct)." },
	{ "Conformance with internal and external requirements",
	  "Interested parties' requirements, audits, findings and nonconformities (Monitor)." },
	{ "A security-positive environment",
	  "Awareness and training records, communications, competence (Communicate)." },
	{ "Performance reviewed against what the business needs",
	  "Objectives, measurements and their results, management reviews (Monitor)." },
};

static const struct isms_report_column direction_cols[] = {
	{ "id", "Direction", ISMS_COL_TEXT }, { "title", "Decision", ISMS_COL_TEXT },
	{ "process", "Process", ISMS_COL_TEXT }, { "decided_on", "Decided on", ISMS_COL_DATE },
	{ "decision", "What was decided", ISMS_COL_LONGTEXT },
};
static const struct isms_report_column report_cols[] = {
	{ "id", "Report", ISMS_COL_TEXT }, { "title", "Title", ISMS_COL_TEXT },
	{ "period_end", "Period end", ISMS_COL_DATE },
	{ "presented_to", "Presented to", ISMS_COL_TEXT },
	{ "acknowledged_by", "Acknowledged by", ISMS_COL_TEXT },
	{ "acknowledged_on", "Acknowledged on", ISMS_COL_DATE },
};
static const struct isms_report_column communication_cols[] = {
	{ "id", "Communication", ISMS_COL_TEXT }, { "title", "What", ISMS_COL_TEXT },
	{ "audience", "With whom", ISMS_COL_TEXT }, { "when", "When", ISMS_COL_TEXT },
	{ "channel", "How", ISMS_COL_TEXT },
};

/* Copy section `from` of report `src` (its text and table) into `r`. */
static void copy_section(struct isms_report_doc *r, const struct isms_report_doc *src,
			 const char *key, unsigned depth)
{
	for (size_t i = 0; i < src->section_count; i++) {
		const struct isms_report_section *f = &src->sections[i];
		struct isms_report_section *s;

		if (strcmp(f->key, key) != 0)
			continue;
		s = isms_report_section(r, f->key, f->title, depth, f->columns, f->column_count);
		s->layout = f->layout;
		s->text = f->text ? isms_strdup(f->text) : NULL;
		for (size_t row = 0; row < f->row_count; row++) {
			size_t to = isms_report_row(s);

			for (size_t c = 0; c < f->column_count; c++) {
				const struct isms_report_cell *a = &f->cells[row * f->column_count + c];
				struct isms_report_cell *b = isms_report_cell(s, to, c);

				isms_cell_set(b, a->text);
				if (a->item_count)
					isms_cell_list(b, (const char *const *)a->items, a->item_count);
				b->number = a->number;
				b->has_number = a->has_number;
				b->level = a->level;
				b->colour = a->colour;
				b->label = a->label;
			}
		}
	}
}

int isms_report_board(struct isms_report_doc **out, const struct isms_snapshot *snap,
		      struct isms_store *store)
{
	struct isms_report_doc *r = isms_report_doc_new("board-report",
							"Report to the governing body", snap);
	struct isms_report_doc *risks = NULL, *plan = NULL, *review = NULL, *policies = NULL;
	struct isms_report_section *s;
	const struct isms_method *m = &snap->method;

	isms_report_section(r, "isms-type", "This ISMS", 2, NULL, 0)->text =
		isms_asprintf("%s (isms_type: %s)", type_intro(snap->isms_type), snap->isms_type);
	s = isms_report_section(r, "objectives", "Governance objectives", 2, objective_cols, 2);
	for (size_t i = 0; i < sizeof(objectives) / sizeof(objectives[0]); i++) {
		size_t row = isms_report_row(s);

		isms_cell_set(isms_report_cell(s, row, 0), objectives[i][0]);
		isms_cell_set(isms_report_cell(s, row, 1), objectives[i][1]);
	}
	isms_report_section(r, "evaluate", "Evaluate: risk posture and performance", 2, NULL, 0);
	if (isms_report_risks(&risks, snap) == 0) {
		copy_section(r, risks, "levels", 3);
		copy_section(r, risks, "heatmap-residual", 3);
		r->sections[r->section_count - 1].text = isms_strdup(risks->sections[0].text);
	}
	isms_report_section(r, "direct", "Direct: decisions, policies and risk appetite", 2, NULL,
			    0)->text = isms_asprintf("Risk appetite: risks up to %s are accepted "
			    "without treatment (the risk method's threshold).",
			    m->levels[m->accept].name ? m->levels[m->accept].name : "");
	rpt_records_section(r, "directions", "Directions of the governing body", snap, "direction",
		direction_cols, 5);
	if (isms_report_policies(&policies, snap, store) == 0)
		copy_section(r, policies, "index", 3);
	isms_report_section(r, "monitor", "Monitor: objectives, measurements, audits, "
			    "nonconformities, overdue items", 2, NULL, 0);
	if (isms_report_management_review(&review, snap, store) == 0) {
		copy_section(r, review, "trends", 3);
		copy_section(r, review, "d-objectives", 3);
		copy_section(r, review, "d-nonconformities", 3);
		copy_section(r, review, "d-audits", 3);
	}
	if (isms_report_treatment_plan(&plan, snap) == 0)
		copy_section(r, plan, "actions", 3);
	isms_report_section(r, "communicate", "Communicate: what was reported, to whom", 2, NULL, 0);
	rpt_records_section(r, "board-reports", "Reports to the governing body", snap, "board-report",
		report_cols, 6);
	rpt_records_section(r, "communications", "Communication plan", snap, "communication",
		communication_cols, 5);
	free(r->meta.approval);
	r->meta.approval = isms_strdup("a draft for the governing body (its record is "
				       "acknowledged by the act)");
	isms_report_doc_free(risks);
	isms_report_doc_free(plan);
	isms_report_doc_free(review);
	isms_report_doc_free(policies);
	*out = r;
	return 0;
}
