/* SPDX-License-Identifier: MIT */
/* The heat map: the risk method's matrix with the number of risks in each
 * cell, before treatment (inherent) and after (residual), side by side when
 * they fit, else one at a time (t toggles). Each cell shows its level's
 * initial and count; cells above the acceptance level are marked "!" and
 * the acceptance line is drawn as "|" where a row crosses it, so nothing
 * depends on colour. Enter lists the risks of the selected cell. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "riskdata.h"
#include "risks.h"
#include "screen.h"
#include "theme.h"

enum { SHOW_INHERENT, SHOW_RESIDUAL };

struct heatmap {
	struct ui_risks risks;
	unsigned counts[2][ISMS_SCALE_MAX][ISMS_SCALE_MAX];  /* [which][likelihood-1][impact-1] */
	size_t unrated[2];
	unsigned likelihood, impact;  /* the selected cell, from 1 */
	int which;                    /* the grid the selection is in */
	bool both;                    /* both grids were drawn */
	char title[96];
};

static void count(struct ui_view *view)
{
	struct heatmap *h = view->priv;

	ui_risks_build(&h->risks, view->app);
	memset(h->counts, 0, sizeof(h->counts));
	memset(h->unrated, 0, sizeof(h->unrated));
	for (size_t i = 0; i < h->risks.count; i++) {
		const struct ui_risk *r = &h->risks.items[i];

		if (r->inherent >= 0)
			h->counts[SHOW_INHERENT][r->likelihood - 1][r->impact - 1]++;
		else
			h->unrated[SHOW_INHERENT]++;
		if (r->residual >= 0)
			h->counts[SHOW_RESIDUAL][r->residual_likelihood - 1][r->residual_impact - 1]++;
		else
			h->unrated[SHOW_RESIDUAL]++;
	}
}

static int heatmap_open(struct ui_view *view, void *arg)
{
	struct heatmap *h = isms_calloc(1, sizeof(*h));
	const struct isms_method *m = isms_store_method(view->app->store);

	(void)arg;
	view->priv = h;
	h->likelihood = m->likelihood_count;
	h->impact = m->impact_count;
	count(view);
	return 0;
}

static void heatmap_close(struct ui_view *view)
{
	struct heatmap *h = view->priv;

	ui_risks_free(&h->risks);
	free(h);
	view->priv = NULL;
}

static const char *heatmap_title(struct ui_view *view)
{
	struct heatmap *h = view->priv;

	if (h->risks.generation != view->app->generation)
		count(view);
	snprintf(h->title, sizeof(h->title), "heat map: %zu risks", h->risks.count);
	return h->title;
}

/* One grid at (top, left): `label` columns of likelihood labels, cells of
 * `cell` columns. Returns the rows used. */
static int draw_grid(struct ui_view *view, int which, int top, int left, int label, int cell, int height)
{
	struct heatmap *h = view->priv;
	const struct isms_method *m = isms_store_method(view->app->store);
	char text[64];
	int y = top;

	ui_puts(y++, left, label + cell * (int)m->impact_count,
		which == SHOW_INHERENT ? "Inherent (before treatment)" : "Residual (after treatment)",
		ui_slot_attr(UI_SLOT_HEADING));
	for (unsigned l = m->likelihood_count; l >= 1 && y < top + height - 1; l--, y++) {
		snprintf(text, sizeof(text), "%u %s", l, m->likelihood[l - 1].label ? m->likelihood[l - 1].label : "");
		ui_puts(y, left, label - 1, text, A_NORMAL);
		for (unsigned i = 1; i <= m->impact_count; i++) {
			int level = isms_method_level(m, l, i);
			unsigned n = h->counts[which][l - 1][i - 1];
			bool sel = h->which == which && h->likelihood == l && h->impact == i;
			/* The acceptance line: where this cell and the one on its
			 * left lie on either side of it. */
			bool line = i > 1 && (isms_method_level(m, l, i - 1) > (int)m->accept) !=
						      (level > (int)m->accept);
			attr_t attr = sel ? ui_slot_attr(UI_SLOT_SELECTED) : ui_slot_attr(ui_level_slot(m, level));
			const char *name = ui_level_name(m, level);
			int x = left + label + (int)(i - 1) * cell;

			/* The selected cell ends in "<", for screens without
			 * attributes. */
			if (n)
				snprintf(text, sizeof(text), "%c%c%c%*u%s", line ? '|' : ' ', ui_level_mark(m, level),
					 name[0], cell - 3 - sel, n, sel ? "<" : "");
			else
				snprintf(text, sizeof(text), "%c%c%c%*s%s", line ? '|' : ' ', ui_level_mark(m, level),
					 name[0], cell - 3 - sel, ".", sel ? "<" : "");
			ui_fill(y, x + 1, cell - 1, attr);
			ui_puts(y, x, cell, text, attr);
			if (line)
				ui_puts(y, x, 1, "|", A_NORMAL);
		}
	}
	/* The impact scale under the grid. */
	ui_puts(y, left, label, "L \\ impact", ui_slot_attr(UI_SLOT_BORDER));
	for (unsigned i = 1; i <= m->impact_count; i++) {
		snprintf(text, sizeof(text), "%*u", cell - 1, i);
		ui_puts(y, left + label + (int)(i - 1) * cell, cell, text, ui_slot_attr(UI_SLOT_BORDER));
	}
	return y - top + 1;
}

static void heatmap_draw(struct ui_view *view, int top, int height, int width)
{
	struct heatmap *h = view->priv;
	const struct isms_method *m = isms_store_method(view->app->store);
	int label = 12, cell = 7, grid, used, y;
	unsigned n;
	char text[256];
	const char *lname, *iname;

	if (h->risks.generation != view->app->generation)
		count(view);
	/* The widest cells that fit: two grids side by side if they can. */
	grid = label + cell * (int)m->impact_count;
	h->both = 2 * grid + 3 <= width;
	if (!h->both) {
		while (cell > 4 && label + cell * (int)m->impact_count > width - 1)
			cell--;
		if (label + cell * (int)m->impact_count > width - 1)
			label = 4;
	}
	if (h->both) {
		used = draw_grid(view, SHOW_INHERENT, top, 1, label, cell, height - 4);
		draw_grid(view, SHOW_RESIDUAL, top, grid + 4, label, cell, height - 4);
	} else {
		used = draw_grid(view, h->which, top, 1, label, cell, height - 4);
	}
	y = top + used;
	/* The legend: levels by initial, the acceptance line. */
	n = 0;
	text[0] = '\0';
	for (unsigned i = 0; i < m->level_count && n + 32 < sizeof(text); i++)
		n += (unsigned)snprintf(text + n, sizeof(text) - n, "%s%c %s", i ? ", " : "levels: ",
					m->levels[i].name[0], m->levels[i].name);
	ui_puts(y++, 1, width - 1, text, ui_slot_attr(UI_SLOT_HELP));
	snprintf(text, sizeof(text), "! and | : above the acceptance level (%s and below accepted)",
		 ui_level_name(m, (int)m->accept));
	ui_puts(y++, 1, width - 1, text, ui_slot_attr(UI_SLOT_HELP));
	lname = m->likelihood[h->likelihood - 1].label;
	iname = m->impact[h->impact - 1].label;
	snprintf(text, sizeof(text), "%s: likelihood %u %s, impact %u %s: %s, %u risk%s%s",
		 h->which == SHOW_INHERENT ? "inherent" : "residual", h->likelihood, lname ? lname : "",
		 h->impact, iname ? iname : "", ui_level_name(m, isms_method_level(m, h->likelihood, h->impact)),
		 h->counts[h->which][h->likelihood - 1][h->impact - 1],
		 h->counts[h->which][h->likelihood - 1][h->impact - 1] == 1 ? "" : "s", "");
	if (y < top + height - 1)
		ui_puts(y++, 1, width - 1, text, A_NORMAL);
	if (h->unrated[h->which] && y < top + height - 1) {
		snprintf(text, sizeof(text), "not rated (not on the map): %zu", h->unrated[h->which]);
		ui_puts(y++, 1, width - 1, text, ui_slot_attr(UI_SLOT_NOTICE));
	}
	ui_puts(top + height - 1, 1, width - 1,
		h->both ? "arrows move  Enter lists the cell's risks  t other grid  q back"
			: "arrows move  Enter lists the cell's risks  t inherent/residual  q back",
		ui_slot_attr(UI_SLOT_BORDER));
}

static enum ui_action heatmap_key(struct ui_view *view, enum ui_action action)
{
	struct heatmap *h = view->priv;
	const struct isms_method *m = isms_store_method(view->app->store);
	char filter[32];

	switch (action) {
	case UI_ACTION_MOVE_UP:
		h->likelihood += h->likelihood < m->likelihood_count;
		return UI_HANDLED;
	case UI_ACTION_MOVE_DOWN:
		h->likelihood -= h->likelihood > 1;
		return UI_HANDLED;
	case UI_ACTION_MOVE_LEFT:
		if (h->impact > 1)
			h->impact--;
		else if (h->both && h->which == SHOW_RESIDUAL) {
			h->which = SHOW_INHERENT;
			h->impact = m->impact_count;
		}
		return UI_HANDLED;
	case UI_ACTION_MOVE_RIGHT:
		if (h->impact < m->impact_count)
			h->impact++;
		else if (h->both && h->which == SHOW_INHERENT) {
			h->which = SHOW_RESIDUAL;
			h->impact = 1;
		}
		return UI_HANDLED;
	case UI_ACTION_TOGGLE_RESIDUAL:
		h->which = h->which == SHOW_INHERENT ? SHOW_RESIDUAL : SHOW_INHERENT;
		return UI_HANDLED;
	case UI_ACTION_OPEN:
		snprintf(filter, sizeof(filter), "%s:%u,%u", h->which == SHOW_INHERENT ? "cell" : "rcell",
			 h->likelihood, h->impact);
		ui_risks_open(view->app, filter);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_heatmap_ops = {
	.name = "heat-map",
	.open = heatmap_open,
	.title = heatmap_title,
	.draw = heatmap_draw,
	.key = heatmap_key,
	.close = heatmap_close,
};

void ui_heatmap_open(struct ui_app *app)
{
	if (ui_app_push(app, &ui_heatmap_ops, NULL) < 0)
		snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
}
