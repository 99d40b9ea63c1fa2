/* SPDX-License-Identifier: MIT */
/* Governance by process (ISO/IEC 27014): evaluate, direct, monitor and
 * communicate, each with the records that prove it, and their state.
 * Directions name their process (`process`, direct when not said);
 * management reviews evaluate, board reports monitor and communicate. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "governance.h"
#include "history.h"
#include "screen.h"
#include "theme.h"

#define PROCESSES 4

struct gov_row {
	int process;         /* 0..3 */
	const char *id;      /* NULL: the process's heading */
	const char *title, *status;
};

struct governance {
	struct gov_row *rows;
	size_t count, selected, top;
	size_t per[PROCESSES];
	unsigned generation;
	char title[64];
};

static const char *const what[PROCESSES] = {
	"weighs the ISMS against the organisation's objectives",
	"sets direction and decides: strategy, risk appetite, resources",
	"checks that the ISMS performs as directed",
	"security reports to it, and its direction goes back out",
};

/* Which processes a record proves, as ISMS_GOV_* bits; 0: none. */
static unsigned proves(const struct isms_view *v)
{
	if (strcmp(v->kind->name, "direction") == 0) {
		const char *p = isms_map_get_text(v->root, "process");

		for (unsigned i = 0; i < PROCESSES; i++)
			if (p && strcmp(p, isms_governance_names[i]) == 0)
				return 1u << i;
		return p ? 0 : ISMS_GOV_DIRECT;
	}
	if (strcmp(v->kind->name, "management-review") == 0)
		return ISMS_GOV_EVALUATE | ISMS_GOV_MONITOR;
	if (strcmp(v->kind->name, "board-report") == 0)
		return ISMS_GOV_MONITOR | ISMS_GOV_COMMUNICATE;
	return 0;
}

static void build(struct governance *g, struct ui_app *app)
{
	free(g->rows);
	g->rows = isms_calloc(app->records.count * PROCESSES + PROCESSES + 1, sizeof(*g->rows));
	g->count = 0;
	memset(g->per, 0, sizeof(g->per));
	for (int p = 0; p < PROCESSES; p++) {
		g->rows[g->count++].process = p;
		for (size_t i = 0; i < app->records.count; i++) {
			const struct isms_view *v = &app->records.views[i];
			struct gov_row *r;

			if (!v->root || isms_view_retired(v) || !(proves(v) & (1u << p)))
				continue;
			r = &g->rows[g->count++];
			r->process = p;
			r->id = v->id;
			r->title = isms_map_get_text(v->root, "title");
			r->status = isms_map_get_text(v->root, "status");
			g->per[p]++;
		}
	}
	g->generation = app->generation;
	if (g->selected >= g->count)
		g->selected = 0;
}

static int governance_open(struct ui_view *view, void *arg)
{
	struct governance *g = isms_calloc(1, sizeof(*g));

	(void)arg;
	view->priv = g;
	build(g, view->app);
	return 0;
}

static void governance_close(struct ui_view *view)
{
	struct governance *g = view->priv;

	free(g->rows);
	free(g);
	view->priv = NULL;
}

static const char *governance_title(struct ui_view *view)
{
	struct governance *g = view->priv;
	unsigned covered = 0;

	if (g->generation != view->app->generation)
		build(g, view->app);
	for (int p = 0; p < PROCESSES; p++)
		covered += g->per[p] > 0;
	snprintf(g->title, sizeof(g->title), "governance: %u of 4 processes evidenced", covered);
	return g->title;
}

/* A record's mark by its status: approved or active [x], else [~]. */
static const char *mark(const char *status)
{
	if (status && (strcmp(status, "approved") == 0 || strcmp(status, "active") == 0 ||
		       strcmp(status, "done") == 0))
		return ui_state_mark(ISMS_STATE_APPROVED);
	return ui_state_mark(ISMS_STATE_DRAFT);
}

static void governance_draw(struct ui_view *view, int top, int height, int width)
{
	struct governance *g = view->priv;
	int rows = height - 1;
	char line[320];

	if (g->generation != view->app->generation)
		build(g, view->app);
	if (g->selected < g->top)
		g->top = g->selected;
	if (rows > 0 && g->selected >= g->top + (size_t)rows)
		g->top = g->selected - (size_t)rows + 1;
	for (int y = 0; y < rows && g->top + (size_t)y < g->count; y++) {
		size_t i = g->top + (size_t)y;
		const struct gov_row *r = &g->rows[i];
		attr_t attr = i == g->selected ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;

		if (i == g->selected)
			ui_fill(top + y, 0, width, attr);
		if (!r->id) {
			snprintf(line, sizeof(line), "%s %c%s (%zu): %s", ui_state_mark(g->per[r->process] ?
				 ISMS_STATE_APPROVED : ISMS_STATE_MISSING), isms_governance_names[r->process][0] - 32,
				 isms_governance_names[r->process] + 1, g->per[r->process], what[r->process]);
			ui_puts(top + y, 1, width - 1, line, i == g->selected ? attr
				: ui_slot_attr(g->per[r->process] ? UI_SLOT_HEADING : UI_SLOT_MISSING));
		} else {
			snprintf(line, sizeof(line), "%s %-8s %-10s %s", mark(r->status), r->id,
				 r->status ? r->status : "-", r->title ? r->title : "");
			ui_puts(top + y, 3, width - 3, line, attr);
		}
	}
	ui_puts(top + height - 1, 1, width - 1, "Enter open  h history  q back", ui_slot_attr(UI_SLOT_BORDER));
}

static enum ui_action governance_key(struct ui_view *view, enum ui_action action)
{
	struct governance *g = view->priv;
	const struct gov_row *r = g->count ? &g->rows[g->selected] : NULL;

	if (ui_select(&g->selected, g->count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
		if (r && r->id)
			ui_record_show(view->app, r->id);
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if (r && r->id)
			ui_history((struct ui *)(void *)view->app, r->id);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_governance_ops = {
	.name = "governance",
	.open = governance_open,
	.title = governance_title,
	.draw = governance_draw,
	.key = governance_key,
	.close = governance_close,
};

void ui_governance_open(struct ui_app *app)
{
	if (ui_app_push(app, &ui_governance_ops, NULL) < 0)
		snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
}
