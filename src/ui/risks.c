/* SPDX-License-Identifier: MIT */
/* The risk register (27001 6.1.2, 8.2): every risk with its inherent and
 * residual level by the risk method, owner, treatment, acceptance and the
 * treatment actions still open; sorted and filtered; Enter opens one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "form.h"
#include "history.h"
#include "prompt.h"
#include "riskdata.h"
#include "risks.h"
#include "screen.h"
#include "theme.h"

enum sort { SORT_LEVEL, SORT_RESIDUAL, SORT_DUE, SORT_OWNER, SORT_ID, SORT_COUNT };
static const char *const sort_names[] = { "level", "residual level", "next due action", "owner", "ID" };

struct register_view {
	struct ui_risks risks;
	size_t *shown, shown_count;
	size_t selected, top;
	enum sort sort;
	char *filter;
	char title[96];
};

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* qsort has no context: the risks being sorted, for the comparison. */
static const struct ui_risks *sorting;
static enum sort sorting_by;

static int compare(const void *a, const void *b)
{
	const struct ui_risk *x = &sorting->items[*(const size_t *)a];
	const struct ui_risk *y = &sorting->items[*(const size_t *)b];
	int c = 0;

	switch (sorting_by) {
	case SORT_LEVEL:
		c = y->inherent - x->inherent;
		break;
	case SORT_RESIDUAL:
		c = ui_risk_level(y) - ui_risk_level(x);
		break;
	case SORT_DUE:
		c = !x->next_due[0] - !y->next_due[0];
		if (!c)
			c = strcmp(x->next_due, y->next_due);
		break;
	case SORT_OWNER:
		c = strcmp(x->owner ? x->owner : "\x7f", y->owner ? y->owner : "\x7f");
		break;
	default:
		break;
	}
	return c ? c : strcmp(x->id, y->id);
}

static void arrange(struct ui_view *view)
{
	struct register_view *r = view->priv;
	const struct isms_method *m = isms_store_method(view->app->store);

	if (r->risks.generation != view->app->generation || !r->risks.items)
		ui_risks_build(&r->risks, view->app);
	free(r->shown);
	r->shown = isms_calloc(r->risks.count + 1, sizeof(*r->shown));
	r->shown_count = 0;
	for (size_t i = 0; i < r->risks.count; i++)
		if (ui_risk_matches(m, &r->risks.items[i], r->filter))
			r->shown[r->shown_count++] = i;
	sorting = &r->risks;
	sorting_by = r->sort;
	qsort(r->shown, r->shown_count, sizeof(*r->shown), compare);
	if (r->selected >= r->shown_count)
		r->selected = r->shown_count ? r->shown_count - 1 : 0;
}

/* `arg`: a filter to start with (ui_risk_matches), or NULL. */
static int register_open(struct ui_view *view, void *arg)
{
	struct register_view *r = isms_calloc(1, sizeof(*r));

	r->filter = arg && *(const char *)arg ? isms_strdup(arg) : NULL;
	view->priv = r;
	arrange(view);
	return 0;
}

static void register_close(struct ui_view *view)
{
	struct register_view *r = view->priv;

	ui_risks_free(&r->risks);
	free(r->shown);
	free(r->filter);
	free(r);
	view->priv = NULL;
}

static const char *register_title(struct ui_view *view)
{
	struct register_view *r = view->priv;

	/* The title is drawn first: the records may have changed. */
	if (r->risks.generation != view->app->generation)
		arrange(view);
	snprintf(r->title, sizeof(r->title), "risks: %zu of %zu", r->shown_count, r->risks.count);
	return r->title;
}

/* Which columns fit: the owner and the treatment go first on a narrow
 * screen; the title takes what is left. */
struct columns {
	bool owner, treatment;
};

static struct columns fit(int width)
{
	struct columns c = { .owner = width >= 66, .treatment = width >= 76 };

	return c;
}

static int row_text(char *out, size_t size, const struct isms_method *m, const struct ui_risk *k,
		    struct columns c)
{
	char inh[24], res[24], actions[48], owner[16] = "", treat[16] = "";
	static const char *const states[] = { "within", "NEEDED", "accepted" };

	snprintf(inh, sizeof(inh), "%c%s", ui_level_mark(m, k->inherent), ui_level_name(m, k->inherent));
	snprintf(res, sizeof(res), "%c%s", k->residual >= 0 ? ui_level_mark(m, k->residual) : ' ',
		 ui_level_name(m, k->residual));
	if (k->actions_overdue)
		snprintf(actions, sizeof(actions), "%zu/%zu!", k->actions_open, k->actions_overdue);
	else if (k->actions_open)
		snprintf(actions, sizeof(actions), "%zu", k->actions_open);
	else
		snprintf(actions, sizeof(actions), "-");
	if (c.owner)
		snprintf(owner, sizeof(owner), "%-10.10s ", or_dash(k->owner));
	if (c.treatment)
		snprintf(treat, sizeof(treat), "%-7.7s ", or_dash(k->treatment));
	return snprintf(out, size, "%-8.8s %-9.9s %-9.9s %s%s%-8s %-6s %s", k->id, inh, res, owner, treat,
			states[k->acceptance], actions, or_dash(k->title));
}

static void register_draw(struct ui_view *view, int top, int height, int width)
{
	struct register_view *r = view->priv;
	const struct isms_method *m = isms_store_method(view->app->store);
	struct columns c = fit(width);
	int rows = height - 3;
	size_t above = 0, needed = 0;
	char line[640];

	if (r->risks.generation != view->app->generation)
		arrange(view);
	snprintf(line, sizeof(line), "%-8s %-9s %-9s %s%s%-8s %-6s %s", "ID", " LEVEL", " RESIDUAL",
		 c.owner ? "OWNER      " : "", c.treatment ? "TREAT.  " : "", "ACCEPT", "ACTS", "TITLE");
	ui_puts(top, 1, width - 1, line, ui_slot_attr(UI_SLOT_HEADING));
	if (rows < 1)
		return;
	if (r->selected < r->top)
		r->top = r->selected;
	if (r->selected >= r->top + (size_t)rows)
		r->top = r->selected - (size_t)rows + 1;
	for (int y = 0; y < rows && r->top + (size_t)y < r->shown_count; y++) {
		size_t i = r->top + (size_t)y;
		const struct ui_risk *k = &r->risks.items[r->shown[i]];
		attr_t attr = i == r->selected ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;

		if (i == r->selected)
			ui_fill(top + 1 + y, 0, width, attr);
		row_text(line, sizeof(line), m, k, c);
		ui_puts(top + 1 + y, 1, width - 1, line, attr);
		/* The levels in their colours (the marks say it without). */
		if (i != r->selected) {
			snprintf(line, sizeof(line), "%c%s", ui_level_mark(m, k->inherent),
				 ui_level_name(m, k->inherent));
			ui_puts(top + 1 + y, 10, 9, line, ui_slot_attr(ui_level_slot(m, k->inherent)));
			if (k->residual >= 0) {
				snprintf(line, sizeof(line), "%c%s", ui_level_mark(m, k->residual),
					 ui_level_name(m, k->residual));
				ui_puts(top + 1 + y, 20, 9, line, ui_slot_attr(ui_level_slot(m, k->residual)));
			}
		}
	}
	if (r->shown_count == 0)
		ui_puts(top + 2, 3, width - 3,
			r->risks.count ? "nothing matches the filter (f, then Enter on nothing, clears it)"
				       : "no risks yet: list them in 6.1.2 (Enter on it in the walk, then n)",
			ui_slot_attr(UI_SLOT_NOTICE));
	for (size_t i = 0; i < r->shown_count; i++) {
		const struct ui_risk *k = &r->risks.items[r->shown[i]];

		above += ui_risk_level(k) > (int)m->accept;
		needed += k->acceptance == UI_ACCEPT_NEEDED;
	}
	snprintf(line, sizeof(line), "sort: %s (s)  filter: %s (f)  ! above %s: %zu, not accepted: %zu",
		 sort_names[r->sort], r->filter ? r->filter : "none", ui_level_name(m, (int)m->accept), above,
		 needed);
	ui_puts(top + height - 2, 1, width - 1, line, ui_slot_attr(UI_SLOT_HELP));
	ui_puts(top + height - 1, 1, width - 1, "Enter open  e edit  M heat map  ? keys  q back",
		ui_slot_attr(UI_SLOT_BORDER));
}

static const struct ui_risk *selected(struct register_view *r)
{
	return r->shown_count ? &r->risks.items[r->shown[r->selected]] : NULL;
}

static void edit(struct ui_view *view)
{
	const struct ui_risk *k = selected(view->priv);
	struct isms_record *rec;

	if (!k || ui_app_refuse_read_only(view->app))
		return;
	if (isms_store_load(&rec, view->app->store, k->id) < 0)
		snprintf(view->app->message, sizeof(view->app->message), "%.150s", isms_error_last()->message);
	else
		ui_form_open(view->app, rec);
}

static void ask_filter(struct ui_view *view)
{
	struct register_view *r = view->priv;

	if (ui_prompt_filter(&r->filter, view->app, "Filter the risks (empty: all)",
			     "words that must all match: text in the ID, title or owner;\n"
			     "level:high residual:low owner:NAME treatment:modify\n"
			     "state:accepted|needed|within  above  cell:L,I  rcell:L,I"))
		arrange(view);
}

static enum ui_action register_key(struct ui_view *view, enum ui_action action)
{
	struct register_view *r = view->priv;
	const struct ui_risk *k;

	if (ui_select(&r->selected, r->shown_count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
		if ((k = selected(r)))
			ui_record_show(view->app, k->id);
		return UI_HANDLED;
	case UI_ACTION_EDIT:
		edit(view);
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if ((k = selected(r)))
			ui_history((struct ui *)(void *)view->app, k->id);
		return UI_HANDLED;
	case UI_ACTION_SORT:
		r->sort = (enum sort)((r->sort + 1) % SORT_COUNT);
		arrange(view);
		snprintf(view->app->message, sizeof(view->app->message), "sorted by %s", sort_names[r->sort]);
		return UI_HANDLED;
	case UI_ACTION_FILTER:
		ask_filter(view);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_risks_ops = {
	.name = "risks",
	.open = register_open,
	.title = register_title,
	.draw = register_draw,
	.key = register_key,
	.close = register_close,
};

void ui_risks_open(struct ui_app *app, const char *filter)
{
	if (ui_app_push(app, &ui_risks_ops, (void *)filter) < 0)
		snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
}
