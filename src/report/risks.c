/* SPDX-License-Identifier: MIT */
/* The risk register and the risk treatment plan (27001 6.1.2, 6.1.3, 8.2,
 * 8.3): levels by the risk method, heat maps, actions and acceptance. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/report.h"
#include "report_private.h"

int isms_risk_level(const struct isms_node *risk, const struct isms_method *method,
		    const char *l, const char *i)
{
	int lv = isms_scalar_level(isms_map_get(risk, l)), iv = isms_scalar_level(isms_map_get(risk, i));

	return lv && iv ? isms_method_level(method, (unsigned)lv, (unsigned)iv) : -1;
}

/* The level a risk has now: residual when rated, else inherent. */
static int current_level(const struct isms_node *risk, const struct isms_method *method)
{
	int level = isms_risk_level(risk, method, "residual_likelihood", "residual_impact");

	return level >= 0 ? level : isms_risk_level(risk, method, "likelihood", "impact");
}

void isms_risk_acceptance(struct isms_acceptance *out, const struct isms_node *risk,
			  const struct isms_method *method)
{
	const char *status = rpt_text(risk, "status");

	(void)method;
	memset(out, 0, sizeof(*out));
	out->by = rpt_text(risk, "accepted_by");
	out->on = rpt_text(risk, "accepted_on");
	if (!out->by && !out->on) {
		out->state = ISMS_ACCEPT_NONE;
	} else if (!out->by || !out->on) {
		out->state = ISMS_ACCEPT_VOID;
		out->why = "the acceptance names no one or no date";
	} else if (status && (strcmp(status, "identified") == 0 ||
			      strcmp(status, "assessed") == 0)) {
		/* Back to assessment: the rating accepted is no longer the one. */
		out->state = ISMS_ACCEPT_VOID;
		out->why = "the risk was assessed again after it was accepted";
	} else {
		out->state = ISMS_ACCEPT_BOUND;
	}
}

const char *isms_acceptance_name(enum isms_acceptance_state state)
{
	switch (state) {
	case ISMS_ACCEPT_BOUND: return "accepted";
	case ISMS_ACCEPT_VOID: return "void";
	default: return "not accepted";
	}
}

/* The label of point `v` of a scale, or "". */
static const char *scale_label(const struct isms_scale_level *scale, unsigned count,
			       const struct isms_node *n)
{
	int v = isms_scalar_level(n);

	return v >= 1 && (unsigned)v <= count && scale[v - 1].label ? scale[v - 1].label : "";
}

static const char *const risk_kinds[] = { "risk", "action", NULL };

static const struct isms_report_column register_columns[] = {
	{ "id", "Risk", ISMS_COL_TEXT },
	{ "title", "Title", ISMS_COL_TEXT },
	{ "description", "Description", ISMS_COL_LONGTEXT },
	{ "owner", "Owner", ISMS_COL_TEXT },
	{ "status", "Status", ISMS_COL_TEXT },
	{ "likelihood", "Likelihood", ISMS_COL_TEXT },
	{ "impact", "Impact", ISMS_COL_TEXT },
	{ "inherent_level", "Inherent level", ISMS_COL_LEVEL },
	{ "treatment", "Treatment", ISMS_COL_TEXT },
	{ "controls", "Controls", ISMS_COL_LIST },
	{ "actions", "Actions", ISMS_COL_LIST },
	{ "residual_likelihood", "Residual likelihood", ISMS_COL_TEXT },
	{ "residual_impact", "Residual impact", ISMS_COL_TEXT },
	{ "residual_level", "Residual level", ISMS_COL_LEVEL },
	{ "acceptance", "Acceptance", ISMS_COL_TEXT },
	{ "accepted_by", "Accepted by", ISMS_COL_TEXT },
	{ "accepted_on", "Accepted on", ISMS_COL_DATE },
};
enum { R_ID, R_TITLE, R_DESC, R_OWNER, R_STATUS, R_L, R_I, R_INH, R_TREAT, R_CONTROLS, R_ACTIONS,
       R_RL, R_RI, R_RES, R_ACC, R_ACC_BY, R_ACC_ON, R_COUNT };

static void register_row(struct isms_report_section *s, const struct isms_view *v,
			 const struct isms_method *m, const struct rpt_index *actions,
			 int inherent, int residual)
{
	size_t row = isms_report_row(s), n;
	const char **acts = rpt_index_get(actions, v->id, &n);
	struct isms_acceptance acc;

	isms_risk_acceptance(&acc, v->root, m);
	isms_cell_set(isms_report_cell(s, row, R_ID), v->id);
	isms_cell_set(isms_report_cell(s, row, R_TITLE), rpt_text(v->root, "title"));
	isms_cell_set(isms_report_cell(s, row, R_DESC), rpt_text(v->root, "description"));
	isms_cell_set(isms_report_cell(s, row, R_OWNER), rpt_text(v->root, "owner"));
	isms_cell_set(isms_report_cell(s, row, R_STATUS), rpt_text(v->root, "status"));
	isms_cell_set(isms_report_cell(s, row, R_L),
		      scale_label(m->likelihood, m->likelihood_count, isms_map_get(v->root, "likelihood")));
	isms_cell_set(isms_report_cell(s, row, R_I),
		      scale_label(m->impact, m->impact_count, isms_map_get(v->root, "impact")));
	isms_cell_level(isms_report_cell(s, row, R_INH), m, inherent);
	isms_cell_set(isms_report_cell(s, row, R_TREAT), rpt_text(v->root, "treatment"));
	isms_cell_node(isms_report_cell(s, row, R_CONTROLS), isms_map_get(v->root, "controls"));
	isms_cell_list(isms_report_cell(s, row, R_ACTIONS), acts, n);
	isms_cell_set(isms_report_cell(s, row, R_RL), scale_label(m->likelihood, m->likelihood_count,
		      isms_map_get(v->root, "residual_likelihood")));
	isms_cell_set(isms_report_cell(s, row, R_RI), scale_label(m->impact, m->impact_count,
		      isms_map_get(v->root, "residual_impact")));
	isms_cell_level(isms_report_cell(s, row, R_RES), m, residual);
	if (acc.state == ISMS_ACCEPT_VOID) {
		char *t = isms_asprintf("void: %s", acc.why);

		isms_cell_set(isms_report_cell(s, row, R_ACC), t);
		free(t);
	} else {
		isms_cell_set(isms_report_cell(s, row, R_ACC), isms_acceptance_name(acc.state));
	}
	isms_cell_set(isms_report_cell(s, row, R_ACC_BY), acc.by);
	isms_cell_set(isms_report_cell(s, row, R_ACC_ON), acc.on);
	free(acts);
}

/* A heat map: `counts[l][i]` risks at likelihood l+1, impact i+1. */
static void heatmap(struct isms_report_doc *r, const char *key, const char *title,
		    const struct isms_method *m, size_t counts[ISMS_SCALE_MAX][ISMS_SCALE_MAX])
{
	static const char *const keys[ISMS_SCALE_MAX + 1] = { "likelihood", "impact_1",
		"impact_2", "impact_3", "impact_4", "impact_5", "impact_6", "impact_7", "impact_8",
		"impact_9", "impact_10" };
	struct isms_report_column cols[ISMS_SCALE_MAX + 1];
	struct isms_report_section *s;

	cols[0] = (struct isms_report_column){ keys[0], "Likelihood \\ Impact", ISMS_COL_TEXT };
	for (unsigned i = 0; i < m->impact_count; i++)
		cols[i + 1] = (struct isms_report_column){ keys[i + 1],
			m->impact[i].label ? m->impact[i].label : "", ISMS_COL_NUMBER };
	s = isms_report_section(r, key, title, 3, cols, m->impact_count + 1);
	s->layout = ISMS_LAYOUT_HEATMAP;
	for (unsigned l = m->likelihood_count; l-- > 0;) {
		size_t row = isms_report_row(s);

		isms_cell_set(isms_report_cell(s, row, 0), m->likelihood[l].label);
		for (unsigned i = 0; i < m->impact_count; i++) {
			struct isms_report_cell *c = isms_report_cell(s, row, i + 1);
			int level = isms_method_level(m, l + 1, i + 1);

			isms_cell_number(c, (long long)counts[l][i]);
			c->level = level;
			c->colour = level >= 0 ? m->levels[level].colour : NULL;
			c->label = level >= 0 ? m->levels[level].name : NULL;
		}
	}
}

static void count_at(size_t counts[ISMS_SCALE_MAX][ISMS_SCALE_MAX], const struct isms_node *root,
		     const struct isms_method *m, const char *lk, const char *ik)
{
	int l = isms_scalar_level(isms_map_get(root, lk)), i = isms_scalar_level(isms_map_get(root, ik));

	if (l >= 1 && i >= 1 && (unsigned)l <= m->likelihood_count && (unsigned)i <= m->impact_count)
		counts[l - 1][i - 1]++;
}

int isms_report_risks(struct isms_report_doc **out, const struct isms_snapshot *snap)
{
	const struct isms_method *m = &snap->method;
	struct isms_report_doc *r = isms_report_doc_new("risks", "Risk register", snap);
	struct isms_report_section *s, *levels;
	size_t inh[ISMS_SCALE_MAX][ISMS_SCALE_MAX], res[ISMS_SCALE_MAX][ISMS_SCALE_MAX];
	size_t per_level[ISMS_SCALE_MAX] = { 0 }, accepted = 0, over = 0;
	struct rpt_index actions;
	static const struct isms_report_column level_cols[] = {
		{ "level", "Level", ISMS_COL_LEVEL },
		{ "inherent", "Risks (inherent)", ISMS_COL_NUMBER },
		{ "accepted_without_treatment", "Accepted without treatment", ISMS_COL_TEXT },
	};

	memset(inh, 0, sizeof(inh));
	memset(res, 0, sizeof(res));
	rpt_index_build(&actions, snap, "action", "risks");
	s = isms_report_section(r, "register", "Risks", 2, register_columns, R_COUNT);
	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		int inherent, residual;

		if (!rpt_live(v, "risk"))
			continue;
		inherent = isms_risk_level(v->root, m, "likelihood", "impact");
		residual = isms_risk_level(v->root, m, "residual_likelihood", "residual_impact");
		register_row(s, v, m, &actions, inherent, residual);
		count_at(inh, v->root, m, "likelihood", "impact");
		count_at(res, v->root, m, "residual_likelihood", "residual_impact");
		if (inherent >= 0)
			per_level[inherent]++;
		if (current_level(v->root, m) > (int)m->accept)
			over++;
		accepted += strcmp(isms_report_cell(s, s->row_count - 1, R_ACC)->text, "accepted") == 0;
	}
	s->text = isms_asprintf("%zu risks; %zu above the acceptance threshold (%s) as they stand "
				"now, %zu accepted. Levels by the risk method of isms.yaml at commit "
				"%.12s.", s->row_count, over,
				m->levels[m->accept].name ? m->levels[m->accept].name : "", accepted,
				snap->commit);
	r->primary = 0;
	levels = isms_report_section(r, "levels", "Risks by level", 2, level_cols, 3);
	for (unsigned l = m->level_count; l-- > 0;) {
		size_t row = isms_report_row(levels);

		isms_cell_level(isms_report_cell(levels, row, 0), m, (int)l);
		isms_cell_number(isms_report_cell(levels, row, 1), (long long)per_level[l]);
		isms_cell_set(isms_report_cell(levels, row, 2), l <= m->accept ? "yes" : "no");
	}
	isms_report_section(r, "heatmaps", "Heat maps", 2, NULL, 0)->text =
		isms_strdup("Each square counts the risks with that likelihood and impact; its "
			    "colour is the level the risk method gives the square.");
	heatmap(r, "heatmap-inherent", "Inherent risk", m, inh);
	heatmap(r, "heatmap-residual", "Residual risk", m, res);
	rpt_unreadable(r, snap, risk_kinds);
	free(r->meta.approval);
	r->meta.approval = isms_asprintf("%zu of %zu risks accepted by their owners", accepted,
					 s->row_count);
	rpt_index_free(&actions);
	*out = r;
	return 0;
}

static const struct isms_report_column action_columns[] = {
	{ "id", "Action", ISMS_COL_TEXT },
	{ "title", "What will be done", ISMS_COL_TEXT },
	{ "owner", "Owner", ISMS_COL_TEXT },
	{ "due", "Due", ISMS_COL_DATE },
	{ "status", "State", ISMS_COL_TEXT },
	{ "overdue", "Overdue", ISMS_COL_TEXT },
	{ "risks", "Risks", ISMS_COL_LIST },
	{ "controls", "Controls", ISMS_COL_LIST },
	{ "resources", "Resources", ISMS_COL_LONGTEXT },
};

static const struct isms_report_column plan_columns[] = {
	{ "id", "Risk", ISMS_COL_TEXT },
	{ "title", "Title", ISMS_COL_TEXT },
	{ "treatment", "Treatment", ISMS_COL_TEXT },
	{ "inherent_level", "Inherent level", ISMS_COL_LEVEL },
	{ "actions", "Actions", ISMS_COL_LIST },
	{ "plan_approved_by", "Plan approved by", ISMS_COL_TEXT },
	{ "plan_approved_on", "Plan approved on", ISMS_COL_DATE },
	{ "residual_level", "Residual level", ISMS_COL_LEVEL },
	{ "acceptance", "Acceptance", ISMS_COL_TEXT },
};

static void plan_actions(struct isms_report_doc *r, const struct isms_snapshot *snap,
			 size_t *open, size_t *overdue)
{
	struct isms_report_section *s = isms_report_section(r, "actions", "Treatment actions", 2,
		action_columns, sizeof(action_columns) / sizeof(action_columns[0]));

	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		const char *due, *status;
		bool late;
		size_t row;

		if (!rpt_live(v, "action"))
			continue;
		due = rpt_text(v->root, "due");
		status = rpt_text(v->root, "status");
		late = due && status && strcmp(status, "planned") == 0 &&
		       strcmp(due, r->meta.generated) < 0;
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), v->id);
		isms_cell_set(isms_report_cell(s, row, 1), rpt_text(v->root, "title"));
		isms_cell_set(isms_report_cell(s, row, 2), rpt_text(v->root, "owner"));
		isms_cell_set(isms_report_cell(s, row, 3), due);
		isms_cell_set(isms_report_cell(s, row, 4), status);
		isms_cell_set(isms_report_cell(s, row, 5), late ? "overdue" : "");
		isms_cell_node(isms_report_cell(s, row, 6), isms_map_get(v->root, "risks"));
		isms_cell_node(isms_report_cell(s, row, 7), isms_map_get(v->root, "controls"));
		isms_cell_set(isms_report_cell(s, row, 8), rpt_text(v->root, "resources"));
		*open += status && strcmp(status, "planned") == 0;
		*overdue += late;
	}
	s->text = isms_asprintf("%zu actions, %zu still planned, %zu of them past their due date "
				"(on %s).", s->row_count, *open, *overdue, r->meta.generated);
}

int isms_report_treatment_plan(struct isms_report_doc **out, const struct isms_snapshot *snap)
{
	const struct isms_method *m = &snap->method;
	struct isms_report_doc *r = isms_report_doc_new("treatment-plan", "Risk treatment plan", snap);
	struct isms_report_section *s;
	struct rpt_index actions;
	size_t open = 0, overdue = 0, approved = 0, untreated = 0;

	rpt_index_build(&actions, snap, "action", "risks");
	plan_actions(r, snap, &open, &overdue);
	s = isms_report_section(r, "risks", "The plan per risk", 2, plan_columns,
				sizeof(plan_columns) / sizeof(plan_columns[0]));
	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		struct isms_acceptance acc;
		const char **acts;
		size_t row, n;
		int inherent;

		if (!rpt_live(v, "risk"))
			continue;
		inherent = isms_risk_level(v->root, m, "likelihood", "impact");
		acts = rpt_index_get(&actions, v->id, &n);
		isms_risk_acceptance(&acc, v->root, m);
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), v->id);
		isms_cell_set(isms_report_cell(s, row, 1), rpt_text(v->root, "title"));
		isms_cell_set(isms_report_cell(s, row, 2), rpt_text(v->root, "treatment"));
		isms_cell_level(isms_report_cell(s, row, 3), m, inherent);
		isms_cell_list(isms_report_cell(s, row, 4), acts, n);
		isms_cell_set(isms_report_cell(s, row, 5), rpt_text(v->root, "plan_approved_by"));
		isms_cell_set(isms_report_cell(s, row, 6), rpt_text(v->root, "plan_approved_on"));
		isms_cell_level(isms_report_cell(s, row, 7), m,
				isms_risk_level(v->root, m, "residual_likelihood", "residual_impact"));
		isms_cell_set(isms_report_cell(s, row, 8), isms_acceptance_name(acc.state));
		approved += rpt_text(v->root, "plan_approved_by") != NULL;
		untreated += inherent > (int)m->accept && n == 0 && acc.state != ISMS_ACCEPT_BOUND;
		free(acts);
	}
	s->text = isms_asprintf("%zu risks; the plan is approved by the owner for %zu; %zu above "
				"the acceptance threshold have no action and no acceptance.",
				s->row_count, approved, untreated);
	free(r->meta.approval);
	r->meta.approval = isms_asprintf("plan approved for %zu of %zu risks", approved, s->row_count);
	rpt_unreadable(r, snap, risk_kinds);
	rpt_index_free(&actions);
	*out = r;
	return 0;
}
