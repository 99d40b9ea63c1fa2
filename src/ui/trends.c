/* SPDX-License-Identifier: MIT */
/* Objectives over time (27001 6.2, 9.1): each objective with its target,
 * its measurements, each measurement's latest value and a sparkline of its
 * series (isms_store_series: one value per commit that changed it), and
 * whether it is on track: the latest value meets the target read as a
 * direction and a number (isms_target_parse). Enter shows the values of an
 * objective's measurements as a dated list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "history.h"
#include "screen.h"
#include "theme.h"
#include "trends.h"

enum verdict { V_ON, V_OFF, V_NO_DATA, V_NO_TARGET, V_NOT_NUMBER, V_NO_OBJECTIVE };

static const char *const verdicts[] = {
	"on track", "off track", "no data", "target not numeric", "value not numeric", "no objective",
};

struct trend_row {
	const char *id, *title;
	const char *target;       /* the objective's */
	size_t objective;         /* the row of its objective (itself for one) */
	bool is_objective;
	bool none;                /* the heading of measurements of no objective listed */
	struct isms_series series;/* a measurement's */
	enum verdict verdict;
};

struct trends {
	struct trend_row *rows;
	size_t count, selected, top;
	size_t on, objectives;
	unsigned generation;
	char title[80];
};

static const char *text(const struct isms_view *v, const char *key)
{
	return v->root ? isms_map_get_text(v->root, key) : NULL;
}

static enum verdict judge(const char *target, const struct isms_series *s)
{
	enum isms_target_dir dir;
	double t;
	const struct isms_point *last;

	if (s->count == 0)
		return V_NO_DATA;
	if (!isms_target_parse(target, &dir, &t))
		return V_NO_TARGET;
	last = &s->items[s->count - 1];
	if (!last->numeric)
		return V_NOT_NUMBER;
	return isms_target_met(dir, t, last->value) ? V_ON : V_OFF;
}

static void rows_free(struct trends *g)
{
	for (size_t i = 0; i < g->count; i++)
		isms_series_free(&g->rows[i].series);
	free(g->rows);
	g->rows = NULL;
	g->count = 0;
}

/* Whether the objective `id` has a row. */
static bool listed(const struct trends *g, const char *id)
{
	for (size_t i = 0; i < g->count; i++)
		if (g->rows[i].is_objective && g->rows[i].id && strcmp(g->rows[i].id, id) == 0)
			return true;
	return false;
}

/* Measurements of no objective, or of one not listed (retired, unknown),
 * under a heading of their own rather than left out. */
static void orphans(struct trends *g, struct ui_app *app)
{
	size_t at = g->count;

	for (size_t j = 0; j < app->records.count; j++) {
		const struct isms_view *m = &app->records.views[j];
		const char *of = text(m, "objective");
		struct trend_row *r;

		if (!m->root || isms_view_retired(m) || strcmp(m->kind->name, "measurement") != 0 ||
		    (of && listed(g, of)))
			continue;
		if (g->count == at) {
			r = &g->rows[g->count++];
			r->id = "-";
			r->title = "Measurements of no objective shown here";
			r->objective = at;
			r->is_objective = true;
			r->none = true;
			r->verdict = V_NO_OBJECTIVE;
		}
		r = &g->rows[g->count++];
		r->id = m->id;
		r->title = text(m, "title");
		r->objective = at;
		if (isms_store_series(&r->series, app->store, m->id) < 0)
			memset(&r->series, 0, sizeof(r->series));
		r->verdict = V_NO_OBJECTIVE;
	}
}

static void build(struct trends *g, struct ui_app *app)
{
	size_t n = app->records.count;

	rows_free(g);
	g->rows = isms_calloc(n + 2, sizeof(*g->rows));
	g->on = g->objectives = 0;
	for (size_t i = 0; i < n; i++) {
		const struct isms_view *o = &app->records.views[i];
		struct trend_row *head;
		size_t at = g->count, measured = 0, off = 0, numeric = 0;
		enum isms_target_dir dir;
		double t;

		if (!o->root || isms_view_retired(o) || strcmp(o->kind->name, "objective") != 0)
			continue;
		head = &g->rows[g->count++];
		head->id = o->id;
		head->title = text(o, "title");
		head->target = text(o, "target");
		head->objective = at;
		head->is_objective = true;
		for (size_t j = 0; j < n; j++) {
			const struct isms_view *m = &app->records.views[j];
			const char *of = text(m, "objective");
			struct trend_row *r;

			if (!m->root || isms_view_retired(m) || strcmp(m->kind->name, "measurement") != 0 ||
			    !of || strcmp(of, o->id) != 0)
				continue;
			r = &g->rows[g->count++];
			r->id = m->id;
			r->title = text(m, "title");
			r->target = head->target;
			r->objective = at;
			if (isms_store_series(&r->series, app->store, m->id) < 0)
				memset(&r->series, 0, sizeof(r->series));
			r->verdict = judge(r->target, &r->series);
			measured += r->series.count > 0;
			off += r->verdict == V_OFF;
			numeric += r->verdict == V_ON || r->verdict == V_OFF;
		}
		/* Rows point into g->rows, which does not move: it has room for all. */
		head = &g->rows[at];
		if (!isms_target_parse(head->target, &dir, &t))
			head->verdict = V_NO_TARGET;
		else if (measured == 0)
			head->verdict = V_NO_DATA;
		else if (off)
			head->verdict = V_OFF;
		else if (numeric)
			head->verdict = V_ON;
		else
			head->verdict = V_NOT_NUMBER;
		g->objectives++;
		g->on += head->verdict == V_ON;
	}
	orphans(g, app);
	g->generation = app->generation;
	if (g->selected >= g->count)
		g->selected = 0;
}

void ui_sparkline(char *out, size_t width, const struct isms_series *s)
{
	static const char levels[] = "_.-~^";
	size_t from = s->count > width ? s->count - width : 0, n = 0;
	double lo = 0, hi = 0;
	bool any = false;

	for (size_t i = from; i < s->count; i++) {
		const struct isms_point *p = &s->items[i];

		if (!p->numeric)
			continue;
		if (!any || p->value < lo)
			lo = p->value;
		if (!any || p->value > hi)
			hi = p->value;
		any = true;
	}
	for (size_t i = from; i < s->count; i++) {
		const struct isms_point *p = &s->items[i];

		if (!p->numeric)
			out[n++] = '?';
		else if (hi <= lo)
			out[n++] = '-';
		else
			out[n++] = levels[(int)((p->value - lo) / (hi - lo) * 4.0 + 0.5)];
	}
	out[n] = '\0';
}

static int trends_open(struct ui_view *view, void *arg)
{
	struct trends *g = isms_calloc(1, sizeof(*g));

	(void)arg;
	view->priv = g;
	build(g, view->app);
	return 0;
}

static void trends_close(struct ui_view *view)
{
	struct trends *g = view->priv;

	rows_free(g);
	free(g);
	view->priv = NULL;
}

static const char *trends_title(struct ui_view *view)
{
	struct trends *g = view->priv;

	if (g->generation != view->app->generation)
		build(g, view->app);
	snprintf(g->title, sizeof(g->title), "objectives: %zu of %zu on track", g->on, g->objectives);
	return g->title;
}

static attr_t verdict_attr(enum verdict v)
{
	return ui_slot_attr(v == V_ON ? UI_SLOT_APPROVED : v == V_OFF ? UI_SLOT_MISSING : UI_SLOT_DRAFT);
}

static void draw_row(const struct trend_row *r, int y, int width, bool selected)
{
	attr_t attr = selected ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;
	size_t spark = width >= 80 ? 16 : 10;
	char line[320], sl[24];
	int x;

	if (selected)
		ui_fill(y, 0, width, attr);
	if (r->none) {
		ui_puts(y, 1, width - 1, "Measurements of no objective shown here (set their objective)",
			selected ? attr : ui_slot_attr(UI_SLOT_NOTICE));
		return;
	}
	if (r->is_objective) {
		snprintf(line, sizeof(line), "%-8s %-18s  target: %s", r->id, verdicts[r->verdict],
			 r->target && *r->target ? r->target : "-");
		x = 1 + ui_puts(y, 1, width - 1, line, selected ? attr : ui_slot_attr(UI_SLOT_HEADING));
		if (r->title && x + 2 < width)
			ui_puts(y, x + 2, width - x - 2, r->title, attr);
		if (!selected)
			ui_puts(y, 10, width - 10, verdicts[r->verdict], verdict_attr(r->verdict) | A_BOLD);
		return;
	}
	ui_sparkline(sl, spark, &r->series);
	if (r->series.count) {
		const struct isms_point *last = &r->series.items[r->series.count - 1];

		snprintf(line, sizeof(line), "%-8s %-*s %-9.9s%s%s", r->id, (int)spark, sl, last->text,
			 width >= 80 ? " " : "", width >= 80 ? last->date : "");
	} else {
		snprintf(line, sizeof(line), "%-8s %-*s %-9s%s", r->id, (int)spark, "", "-",
			 width >= 80 ? "           " : "");
	}
	x = 3 + ui_puts(y, 3, width - 3, line, attr);
	if (x + 1 < width)
		ui_puts(y, x + 1, width - x - 1, verdicts[r->verdict], selected ? attr : verdict_attr(r->verdict));
}

static void trends_draw(struct ui_view *view, int top, int height, int width)
{
	struct trends *g = view->priv;
	int rows = height - 1;

	if (g->generation != view->app->generation)
		build(g, view->app);
	if (g->count == 0) {
		ui_puts(top, 1, width - 1, "No objectives yet: 'isms new objective', then measurements of it "
			"('isms new measurement --set objective=OBJ-...').", ui_slot_attr(UI_SLOT_MISSING));
	}
	if (g->selected < g->top)
		g->top = g->selected;
	if (rows > 0 && g->selected >= g->top + (size_t)rows)
		g->top = g->selected - (size_t)rows + 1;
	for (int y = 0; y < rows && g->top + (size_t)y < g->count; y++) {
		size_t i = g->top + (size_t)y;

		draw_row(&g->rows[i], top + y, width, i == g->selected);
	}
	ui_puts(top + height - 1, 1, width - 1, "Enter values  ? how targets read  q back",
		ui_slot_attr(UI_SLOT_BORDER));
}

/* The dated values of the objective of row `at`'s measurements. */
static void show_values(struct ui_app *app, const struct trends *g, size_t at)
{
	const struct trend_row *o = &g->rows[g->rows[at].objective];
	struct isms_buf body = ISMS_BUF_INIT;
	char *title;

	if (o->none)
		isms_buf_puts(&body, "Measurements of no objective shown here: no target to meet\n");
	else
		isms_buf_printf(&body, "%s %s\nTarget: %s (%s)\n", o->id, o->title ? o->title : "",
				o->target && *o->target ? o->target : "-", verdicts[o->verdict]);
	for (size_t i = g->rows[at].objective + 1; i < g->count && !g->rows[i].is_objective; i++) {
		const struct trend_row *r = &g->rows[i];
		char sl[64];

		ui_sparkline(sl, sizeof(sl) - 1, &r->series);
		isms_buf_printf(&body, "\n%s %s: %s  %s\n", r->id, r->title ? r->title : "",
				verdicts[r->verdict], sl);
		if (r->series.count == 0)
			isms_buf_puts(&body, "  no values committed yet\n");
		for (size_t k = r->series.count; k-- > 0;) {
			const struct isms_point *p = &r->series.items[k];

			isms_buf_printf(&body, "  %-10s  %-12s  commit %.7s\n", *p->date ? p->date : "(no date)",
					p->text, p->commit);
		}
		if (r->series.unreadable)
			isms_buf_printf(&body, "  %zu version(s) could not be read\n", r->series.unreadable);
		if (*r->series.shallow)
			isms_buf_puts(&body, "  (a shallow clone: older values are not here)\n");
	}
	if (g->rows[at].objective + 1 >= g->count || g->rows[g->rows[at].objective + 1].is_objective)
		isms_buf_puts(&body, "\nNo measurement names this objective.\n");
	title = isms_asprintf("values of %s", o->id);
	ui_text_show(app, title, isms_buf_cstr(&body), UI_TEXT_PLAIN, NULL);
	free(title);
	isms_buf_free(&body);
}

static enum ui_action trends_key(struct ui_view *view, enum ui_action action)
{
	struct trends *g = view->priv;

	if (ui_select(&g->selected, g->count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
		if (g->count)
			show_values(view->app, g, g->selected);
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if (g->count)
			ui_history((struct ui *)(void *)view->app, g->rows[g->selected].id);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_trends_ops = {
	.name = "objectives",
	.open = trends_open,
	.title = trends_title,
	.draw = trends_draw,
	.key = trends_key,
	.close = trends_close,
};

void ui_trends_open(struct ui_app *app)
{
	if (ui_app_push(app, &ui_trends_ops, NULL) < 0)
		snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
}
