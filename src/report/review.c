/* SPDX-License-Identifier: MIT */
/* The management review pack (27001 9.3.2 a to g): what changed since the
 * last management review, gathered from the records and their history,
 * with trends over the last periods. The same gathering prefills a new
 * management review record (isms_report_review_prefill). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "isms/report.h"
#include "isms/yaml.h"
#include "report_private.h"

/* The date the pack looks back to: the latest review's held_on, or "". */
static const char *since_date(const struct isms_snapshot *snap, const struct isms_view **last)
{
	*last = isms_report_latest(snap, "management-review");
	return *last && rpt_text((*last)->root, "held_on") ? rpt_text((*last)->root, "held_on") : "";
}

static const struct isms_report_column change_columns[] = {
	{ "id", "Record", ISMS_COL_TEXT },
	{ "title", "Title", ISMS_COL_TEXT },
	{ "change", "Change", ISMS_COL_TEXT },
	{ "status", "Status", ISMS_COL_TEXT },
};

/* Records of `kind` added, changed or retired since `then` (NULL: all are
 * new), as a section; the count. */
static size_t changes_section(struct isms_report_doc *r, const char *key, const char *title,
			      const struct isms_snapshot *snap, const struct isms_snapshot *then,
			      const char *kind)
{
	struct isms_report_section *s = isms_report_section(r, key, title, 3, change_columns, 4);

	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		const struct isms_node *old;
		const char *change;
		size_t row;

		if (strcmp(v->kind->name, kind) != 0 || !v->root)
			continue;
		old = then ? isms_snapshot_find(then, v->id) : NULL;
		if (old && isms_node_equal(old, v->root))
			continue;
		change = !old ? "added" : rpt_live(v, NULL) ? "changed" : "retired";
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), v->id);
		isms_cell_set(isms_report_cell(s, row, 1), rpt_text(v->root, "title"));
		isms_cell_set(isms_report_cell(s, row, 2), change);
		isms_cell_set(isms_report_cell(s, row, 3), rpt_text(v->root, "status"));
	}
	return s->row_count;
}

/* What counts at the end of a period, for the trends. */
struct period_counts {
	char end[11];
	long long open_nc, open_findings, over_threshold, open_actions, overdue_actions,
		  open_objectives;
	bool exists;
};

static void count_period(struct period_counts *p, const struct isms_snapshot *s)
{
	for (size_t i = 0; i < s->records.count; i++) {
		const struct isms_view *v = &s->records.views[i];
		const char *status, *due;

		if (!rpt_live(v, NULL))
			continue;
		status = rpt_text(v->root, "status");
		status = status ? status : "";
		if (strcmp(v->kind->name, "nonconformity") == 0)
			p->open_nc += strcmp(status, "closed") != 0;
		else if (strcmp(v->kind->name, "finding") == 0)
			p->open_findings += strcmp(status, "closed") != 0;
		else if (strcmp(v->kind->name, "objective") == 0)
			p->open_objectives += strcmp(status, "closed") != 0;
		else if (strcmp(v->kind->name, "action") == 0 && strcmp(status, "planned") == 0) {
			due = rpt_text(v->root, "due");
			p->open_actions++;
			p->overdue_actions += due && strcmp(due, p->end) < 0;
		} else if (strcmp(v->kind->name, "risk") == 0) {
			int l = isms_risk_level(v->root, &s->method, "residual_likelihood",
						"residual_impact");

			if (l < 0)
				l = isms_risk_level(v->root, &s->method, "likelihood", "impact");
			p->over_threshold += l > (int)s->method.accept;
		}
	}
}

/* The end of the quarter before the one `date` (YYYY-MM-DD) is in, minus
 * `back` quarters, into `out`. */
static void quarter_end(char out[11], const char *date, unsigned back)
{
	int y = atoi(date), q = (atoi(date + 5) - 1) / 3;  /* 0-based quarter of `date` */
	static const char *const ends[] = { "03-31", "06-30", "09-30", "12-31" };

	q -= (int)back + 1;
	while (q < 0) {
		q += 4;
		y--;
	}
	snprintf(out, 11, "%04d-%s", y, ends[q]);
}

#define PERIODS 4

static void trends(struct isms_report_doc *r, const struct isms_snapshot *snap,
		   struct isms_store *store)
{
	static const struct isms_report_column cols[] = {
		{ "period_end", "End of period", ISMS_COL_DATE },
		{ "open_nonconformities", "Open nonconformities", ISMS_COL_NUMBER },
		{ "open_findings", "Open audit findings", ISMS_COL_NUMBER },
		{ "risks_over_threshold", "Risks above the threshold", ISMS_COL_NUMBER },
		{ "open_actions", "Open treatment actions", ISMS_COL_NUMBER },
		{ "overdue_actions", "Of them overdue", ISMS_COL_NUMBER },
		{ "open_objectives", "Open objectives", ISMS_COL_NUMBER },
	};
	struct isms_report_section *s = isms_report_section(r, "trends",
		"Trends over the last periods", 3, cols, 7);
	struct period_counts p[PERIODS + 1];
	char day[32];

	isms_date_format(day, snap->time, snap->offset);
	day[10] = '\0';
	memset(p, 0, sizeof(p));
	for (unsigned k = 0; k <= PERIODS; k++) {
		struct isms_snapshot then;

		if (k == PERIODS) {
			memcpy(p[k].end, day, 11);
			count_period(&p[k], snap);
			p[k].exists = true;
			continue;
		}
		quarter_end(p[k].end, day, PERIODS - 1 - k);
		if (isms_store_snapshot(&then, store, p[k].end) == 0) {
			count_period(&p[k], &then);
			p[k].exists = true;
			isms_snapshot_free(&then);
		}
	}
	for (unsigned k = 0; k <= PERIODS; k++) {
		size_t row;

		if (!p[k].exists)
			continue;
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), p[k].end);
		isms_cell_number(isms_report_cell(s, row, 1), p[k].open_nc);
		isms_cell_number(isms_report_cell(s, row, 2), p[k].open_findings);
		isms_cell_number(isms_report_cell(s, row, 3), p[k].over_threshold);
		isms_cell_number(isms_report_cell(s, row, 4), p[k].open_actions);
		isms_cell_number(isms_report_cell(s, row, 5), p[k].overdue_actions);
		isms_cell_number(isms_report_cell(s, row, 6), p[k].open_objectives);
	}
	s->text = isms_asprintf("Counted from the records as committed at the end of each quarter "
				"(the last commit of that day) and at commit %.12s; periods before "
				"the first commit are left out.", snap->commit);
}

/* Each measurement's results over its history (the history index finds
 * the commits that changed its file): one row per recorded result. */
static void measurement_history(struct isms_report_doc *r, const struct isms_snapshot *snap,
				struct isms_store *store)
{
	static const struct isms_report_column cols[] = {
		{ "id", "Measurement", ISMS_COL_TEXT },
		{ "measured_on", "Measured on", ISMS_COL_DATE },
		{ "result", "Result", ISMS_COL_TEXT },
		{ "commit", "Commit", ISMS_COL_TEXT },
	};
	struct isms_report_section *s = isms_report_section(r, "measurements",
		"Measurement results over time", 3, cols, 4);
	struct isms_repo *repo = isms_store_repo(store);

	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		struct isms_log log = { 0 };
		char *last = NULL;

		if (!rpt_live(v, "measurement") ||
		    isms_repo_log(&log, repo, snap->records.paths[i], 0) < 0)
			continue;
		for (size_t k = log.count; k-- > 0;) {  /* oldest first */
			struct isms_buf text = ISMS_BUF_INIT;
			struct isms_node *root = NULL;
			const char *result;

			if (isms_repo_read(&text, repo, log.items[k].id, snap->records.paths[i]) == 0 &&
			    isms_yaml_load(&root, NULL, text.ptr, text.len, v->id, NULL) == 0 &&
			    (result = rpt_text(root, "result")) && (!last || strcmp(last, result) != 0)) {
				size_t row = isms_report_row(s);

				isms_cell_set(isms_report_cell(s, row, 0), v->id);
				isms_cell_set(isms_report_cell(s, row, 1), rpt_text(root, "measured_on"));
				isms_cell_set(isms_report_cell(s, row, 2), result);
				isms_cell_set(isms_report_cell(s, row, 3), log.items[k].id);
				free(last);
				last = isms_strdup(result);
			}
			isms_node_free(root);
			isms_buf_free(&text);
		}
		free(last);
		isms_log_free(&log);
	}
	if (s->row_count == 0)
		s->text = isms_strdup("No measurement has a result recorded in its history.");
}

static const struct isms_report_column nc_cols[] = {
	{ "id", "Nonconformity", ISMS_COL_TEXT }, { "title", "Title", ISMS_COL_TEXT },
	{ "status", "Status", ISMS_COL_TEXT }, { "corrective_action", "Corrective action",
	ISMS_COL_LONGTEXT }, { "closed_on", "Closed on", ISMS_COL_DATE },
};
static const struct isms_report_column audit_cols[] = {
	{ "id", "Audit", ISMS_COL_TEXT }, { "title", "Title", ISMS_COL_TEXT },
	{ "held_on", "Held on", ISMS_COL_DATE }, { "status", "Status", ISMS_COL_TEXT },
	{ "results", "Results", ISMS_COL_LONGTEXT },
};
static const struct isms_report_column finding_cols[] = {
	{ "id", "Finding", ISMS_COL_TEXT }, { "title", "Title", ISMS_COL_TEXT },
	{ "type", "Type", ISMS_COL_TEXT }, { "status", "Status", ISMS_COL_TEXT },
};
static const struct isms_report_column objective_cols[] = {
	{ "id", "Objective", ISMS_COL_TEXT }, { "title", "Title", ISMS_COL_TEXT },
	{ "target", "Target", ISMS_COL_TEXT }, { "due", "Due", ISMS_COL_DATE },
	{ "status", "Status", ISMS_COL_TEXT },
};
static const struct isms_report_column improvement_cols[] = {
	{ "id", "Improvement", ISMS_COL_TEXT }, { "title", "Title", ISMS_COL_TEXT },
	{ "status", "Status", ISMS_COL_TEXT }, { "due", "Due", ISMS_COL_DATE },
};
static const struct isms_report_column party_cols[] = {
	{ "id", "Interested party", ISMS_COL_TEXT }, { "title", "Who", ISMS_COL_TEXT },
	{ "requirements", "Requirements", ISMS_COL_LONGTEXT },
	{ "addressed", "Addressed", ISMS_COL_TEXT },
};

static void heading(struct isms_report_doc *r, const char *key, const char *title, char *text)
{
	isms_report_section(r, key, title, 2, NULL, 0)->text = text;
}

int isms_report_management_review(struct isms_report_doc **out,
				  const struct isms_snapshot *snap, struct isms_store *store)
{
	struct isms_report_doc *r = isms_report_doc_new("management-review",
							"Management review pack", snap);
	const struct isms_view *last;
	const char *since = since_date(snap, &last);
	struct isms_snapshot then;
	bool have_then = *since && isms_store_snapshot(&then, store, since) == 0;
	struct isms_report_doc *risks = NULL, *plan = NULL;

	heading(r, "since", "Period", *since ?
		isms_asprintf("Since the last management review, %s (%s), held on %s: changes are "
			      "against the records as committed that day.", last->id,
			      rpt_text(last->root, "title") ? rpt_text(last->root, "title") : "",
			      since) :
		isms_strdup("No earlier management review: everything recorded is new."));
	heading(r, "a", "a) Status of actions from previous management reviews", last ?
		isms_asprintf("Decisions of %s: %s", last->id, rpt_text(last->root, "decisions") ?
			      rpt_text(last->root, "decisions") : "(none recorded)") :
		isms_strdup("No earlier management review."));
	rpt_records_section(r, "a-improvements", "Improvements and their state", snap, "improvement",
		     improvement_cols, 4);
	heading(r, "b", "b) Changes in external and internal issues", NULL);
	changes_section(r, "b-issues", "Issues added, changed or retired", snap,
			have_then ? &then : NULL, "issue");
	heading(r, "c", "c) Changes in the needs and expectations of interested parties", NULL);
	changes_section(r, "c-parties", "Interested parties added, changed or retired", snap,
			have_then ? &then : NULL, "party");
	heading(r, "d", "d) Information security performance", NULL);
	trends(r, snap, store);
	rpt_records_section(r, "d-nonconformities", "Nonconformities and corrective actions", snap,
		     "nonconformity", nc_cols, 5);
	measurement_history(r, snap, store);
	rpt_records_section(r, "d-audits", "Audit results", snap, "audit", audit_cols, 5);
	rpt_records_section(r, "d-findings", "Audit findings", snap, "finding", finding_cols, 4);
	rpt_records_section(r, "d-objectives", "Objectives", snap, "objective", objective_cols, 5);
	heading(r, "e", "e) Feedback from interested parties", isms_strdup(
		"The interested parties' requirements as recorded, and whether the ISMS "
		"addresses them."));
	rpt_records_section(r, "e-parties", "Interested parties", snap, "party", party_cols, 4);
	heading(r, "f", "f) Results of risk assessment and status of the risk treatment plan", NULL);
	if (isms_report_risks(&risks, snap) == 0 && isms_report_treatment_plan(&plan, snap) == 0)
		isms_report_section(r, "f-summary", "Summary", 3, NULL, 0)->text =
			isms_asprintf("%s %s %s", risks->sections[0].text, plan->sections[0].text,
				      plan->sections[1].text);
	heading(r, "g", "g) Opportunities for continual improvement", NULL);
	rpt_records_section(r, "g-improvements", "Improvements recorded", snap, "improvement",
		     improvement_cols, 4);
	free(r->meta.approval);
	r->meta.approval = isms_strdup("inputs for the review (its record is approved with it)");
	isms_report_doc_free(risks);
	isms_report_doc_free(plan);
	if (have_then)
		isms_snapshot_free(&then);
	*out = r;
	return 0;
}

/* The text of section `key` and the sections under it (depth 3) up to the
 * next heading: their text, and a line per row ("ID: title (state)"). */
static char *section_summary(const struct isms_report_doc *r, const char *key)
{
	struct isms_buf text = ISMS_BUF_INIT;
	size_t i = 0;

	while (i < r->section_count && strcmp(r->sections[i].key, key) != 0)
		i++;
	for (size_t k = i; k < r->section_count && (k == i || r->sections[k].depth > 2); k++) {
		const struct isms_report_section *s = &r->sections[k];

		if (s->text)
			isms_buf_printf(&text, "%s%s\n", text.len ? "\n" : "", s->text);
		if (k != i && s->layout == ISMS_LAYOUT_TABLE && s->row_count && s->column_count > 1)
			isms_buf_printf(&text, "%s%s:\n", text.len ? "\n" : "", s->title);
		for (size_t row = 0; k != i && s->row_count && row < s->row_count; row++) {
			const struct isms_report_cell *c = &s->cells[row * s->column_count];

			isms_buf_printf(&text, "- %s", c[0].text);
			for (size_t col = 1; col < s->column_count; col++) {
				bool num = s->columns[col].type == ISMS_COL_NUMBER;

				if (!*c[col].text || (!num && col >= 4))
					continue;
				isms_buf_printf(&text, "%s%s%s%s", col == 1 ? ": " : ", ",
						num ? s->columns[col].title : "", num ? " " : "",
						c[col].text);
			}
			isms_buf_putc(&text, '\n');
		}
	}
	while (text.len && text.ptr[text.len - 1] == '\n')
		text.ptr[--text.len] = '\0';
	return isms_buf_detach(&text);
}

int isms_report_review_prefill(struct isms_node *root, const struct isms_snapshot *snap,
			       struct isms_store *store)
{
	static const char *const fields[][2] = { { "previous_actions", "a" },
		{ "issue_changes", "b" }, { "party_changes", "c" }, { "performance", "d" },
		{ "feedback", "e" }, { "risk_status", "f" }, { "improvement", "g" } };
	struct isms_report_doc *r;
	int error;

	if ((error = isms_report_management_review(&r, snap, store)) < 0)
		return error;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char *text = section_summary(r, fields[i][1]);

		if (*text)
			isms_map_set(root, fields[i][0], isms_node_str(text));
		free(text);
	}
	isms_report_doc_free(r);
	return 0;
}
