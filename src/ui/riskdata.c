/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/report.h"
#include "riskdata.h"
#include "theme.h"

static unsigned scale_value(const struct isms_node *root, const char *key)
{
	const char *text = isms_map_get_text(root, key);
	char *end;
	unsigned long v;

	if (!text || !*text)
		return 0;
	v = strtoul(text, &end, 10);
	return *end || v > ISMS_SCALE_MAX ? 0 : (unsigned)v;
}

enum ui_acceptance ui_risk_acceptance(const struct isms_method *method, const struct isms_node *root,
				      int level)
{
	struct isms_acceptance acc;

	isms_risk_acceptance(&acc, root, method);
	if (acc.state == ISMS_ACCEPT_BOUND)
		return UI_ACCEPT_DONE;
	return level > (int)method->accept ? UI_ACCEPT_NEEDED : UI_ACCEPT_NOT_NEEDED;
}

int ui_risk_level(const struct ui_risk *risk)
{
	return risk->residual >= 0 ? risk->residual : risk->inherent;
}

const char *ui_level_name(const struct isms_method *method, int level)
{
	return level >= 0 && (unsigned)level < method->level_count ? method->levels[level].name : "-";
}

char ui_level_mark(const struct isms_method *method, int level)
{
	return level > (int)method->accept ? '!' : ' ';
}

int ui_level_slot(const struct isms_method *method, int level)
{
	if (level < 0)
		return UI_SLOT_HELP;
	if (level > (int)method->accept)
		return level + 1 >= (int)method->level_count ? UI_SLOT_MISSING : UI_SLOT_OVERDUE;
	return UI_SLOT_APPROVED;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct ui_risk *)a)->id, ((const struct ui_risk *)b)->id);
}

/* The open actions of each risk: an action that is not done or closed
 * counts for every risk it names. */
static void count_actions(struct ui_risks *out, struct ui_app *app)
{
	char today[11];

	isms_date_today(today);
	for (size_t i = 0; i < app->records.count; i++) {
		const struct isms_view *v = &app->records.views[i];
		const struct isms_node *risks;
		const char *status, *due;

		if (!v->root || strcmp(v->kind->name, "action") != 0)
			continue;
		status = isms_map_get_text(v->root, "status");
		if (status && (strcmp(status, "done") == 0 || strcmp(status, "closed") == 0 ||
			       strcmp(status, "cancelled") == 0 || strcmp(status, "retired") == 0))
			continue;
		due = isms_map_get_text(v->root, "due");
		risks = isms_map_get(v->root, "risks");
		for (size_t k = 0; risks && risks->type == ISMS_NODE_SEQ && k < risks->count; k++) {
			struct ui_risk key = { .id = risks->items[k]->text }, *r;

			if (!key.id || !(r = bsearch(&key, out->items, out->count, sizeof(*r), by_id)))
				continue;
			r->actions_open++;
			if (due && strlen(due) == 10) {
				if (strcmp(due, today) < 0)
					r->actions_overdue++;
				if (!r->next_due[0] || strcmp(due, r->next_due) < 0)
					memcpy(r->next_due, due, 11);
			}
		}
	}
}

void ui_risks_build(struct ui_risks *out, struct ui_app *app)
{
	const struct isms_method *method = isms_store_method(app->store);
	size_t n = 0;

	ui_risks_free(out);
	for (size_t i = 0; i < app->records.count; i++)
		n += app->records.views[i].root && strcmp(app->records.views[i].kind->name, "risk") == 0;
	out->items = isms_calloc(n + 1, sizeof(*out->items));
	for (size_t i = 0; i < app->records.count; i++) {
		const struct isms_view *v = &app->records.views[i];
		struct ui_risk *r;

		if (!v->root || strcmp(v->kind->name, "risk") != 0)
			continue;
		r = &out->items[out->count++];
		r->id = v->id;
		r->title = isms_map_get_text(v->root, "title");
		r->owner = isms_map_get_text(v->root, "owner");
		r->treatment = isms_map_get_text(v->root, "treatment");
		r->status = isms_map_get_text(v->root, "status");
		r->likelihood = scale_value(v->root, "likelihood");
		r->impact = scale_value(v->root, "impact");
		r->residual_likelihood = scale_value(v->root, "residual_likelihood");
		r->residual_impact = scale_value(v->root, "residual_impact");
		r->inherent = isms_method_level(method, r->likelihood, r->impact);
		r->residual = isms_method_level(method, r->residual_likelihood, r->residual_impact);
		r->acceptance = ui_risk_acceptance(method, v->root, ui_risk_level(r));
	}
	qsort(out->items, out->count, sizeof(*out->items), by_id);
	count_actions(out, app);
	out->generation = app->generation;
}

void ui_risks_free(struct ui_risks *risks)
{
	free(risks->items);
	memset(risks, 0, sizeof(*risks));
}

static bool has_text(const char *hay, const char *needle, size_t len)
{
	if (!hay)
		return false;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, len) == 0)
			return true;
	return false;
}

static bool same(const char *value, const char *word, size_t len)
{
	return value && strlen(value) == len && strncasecmp(value, word, len) == 0;
}

static bool word_matches(const struct isms_method *m, const struct ui_risk *r, const char *w, size_t len)
{
	static const char *const states[] = { "within", "needed", "accepted" };
	unsigned l, i;
	char c;

#define PREFIX(p) (len > strlen(p) && strncasecmp(w, p, strlen(p)) == 0)
#define REST(p) (w + strlen(p)), (len - strlen(p))
	if (PREFIX("level:"))
		return same(ui_level_name(m, r->inherent), REST("level:"));
	if (PREFIX("residual:"))
		return same(ui_level_name(m, r->residual), REST("residual:"));
	if (PREFIX("owner:"))
		return has_text(r->owner, REST("owner:"));
	if (PREFIX("treatment:"))
		return same(r->treatment, REST("treatment:"));
	if (PREFIX("state:"))
		return same(states[r->acceptance], REST("state:"));
	if (PREFIX("cell:") && sscanf(w + 5, "%u,%u%c", &l, &i, &c) >= 2)
		return r->likelihood == l && r->impact == i;
	if (PREFIX("rcell:") && sscanf(w + 6, "%u,%u%c", &l, &i, &c) >= 2)
		return r->residual_likelihood == l && r->residual_impact == i;
	if (len == 5 && strncasecmp(w, "above", 5) == 0)
		return ui_risk_level(r) > (int)m->accept;
#undef PREFIX
#undef REST
	return has_text(r->id, w, len) || has_text(r->title, w, len) || has_text(r->owner, w, len);
}

bool ui_risk_matches(const struct isms_method *method, const struct ui_risk *risk, const char *filter)
{
	const char *p = filter;

	while (p && *p) {
		size_t len;

		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (len && !word_matches(method, risk, p, len))
			return false;
		p += len;
	}
	return true;
}
