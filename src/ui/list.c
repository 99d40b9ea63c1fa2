/* SPDX-License-Identifier: MIT */
/* The list view of records. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "acts.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/text.h"
#include "form.h"
#include "list.h"
#include "prompt.h"
#include "screen.h"
#include "theme.h"
#include "history.h"

#define MAX_KINDS ISMS_CLAUSE_MAX_REQUIREMENTS

enum sort { SORT_ID, SORT_TITLE, SORT_STATUS, SORT_COUNT };
static const char *const sort_names[] = { "ID", "title", "status" };

struct list {
	const struct isms_kind *kinds[MAX_KINDS];
	size_t kind_count;
	char what[96];           /* "clause 5.2" or "policy" */
	struct isms_entries entries;
	size_t *shown;           /* indexes into entries, sorted and filtered */
	size_t shown_count;
	size_t selected, top;
	enum sort sort;
	char *filter;
	unsigned generation;     /* of the app, when the entries were read */
	char title[128];
};

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const struct isms_entries *sort_entries;
static enum sort sort_by;

static int compare(const void *a, const void *b)
{
	const struct isms_entry *x = &sort_entries->items[*(const size_t *)a];
	const struct isms_entry *y = &sort_entries->items[*(const size_t *)b];
	int c = 0;

	if (sort_by == SORT_TITLE)
		c = strcasecmp(or_empty(x->title), or_empty(y->title));
	else if (sort_by == SORT_STATUS)
		c = strcmp(or_empty(x->status), or_empty(y->status));
	return c ? c : isms_id_compare(x->id, y->id);
}

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* The selected record's ID, or NULL (the caller frees). */
static char *selected_id(const struct list *l)
{
	return l->shown_count ? isms_strdup(l->entries.items[l->shown[l->selected]].id) : NULL;
}

/* Filter and sort the entries into `shown`, keeping the selection on the
 * record `keep` when it is still shown. */
static void arrange_keeping(struct list *l, const char *keep)
{
	l->shown_count = 0;
	for (size_t i = 0; i < l->entries.count; i++) {
		const struct isms_entry *e = &l->entries.items[i];

		if (!l->filter || contains(e->id, l->filter) || contains(e->title, l->filter))
			l->shown[l->shown_count++] = i;
	}
	sort_entries = &l->entries;
	sort_by = l->sort;
	if (l->shown_count > 1)
		qsort(l->shown, l->shown_count, sizeof(*l->shown), compare);
	l->selected = 0;
	for (size_t i = 0; keep && i < l->shown_count; i++)
		if (strcmp(l->entries.items[l->shown[i]].id, keep) == 0)
			l->selected = i;
}

static void arrange(struct list *l)
{
	char *keep = selected_id(l);

	arrange_keeping(l, keep);
	free(keep);
}

static void reload(struct ui_app *app, struct list *l)
{
	char *keep = selected_id(l);

	isms_entries_free(&l->entries);
	memset(&l->entries, 0, sizeof(l->entries));
	for (size_t k = 0; k < l->kind_count; k++) {
		struct isms_entries one = { 0 };

		if (isms_store_list(&one, app->store, l->kinds[k]) < 0)
			continue;
		for (size_t i = 0; i < one.count; i++) {
			l->entries.items = isms_grow(l->entries.items, &l->entries.cap, l->entries.count + 1,
						     sizeof(*l->entries.items));
			l->entries.items[l->entries.count++] = one.items[i];
		}
		free(one.items);
	}
	free(l->shown);
	l->shown = isms_calloc(l->entries.count + 1, sizeof(*l->shown));
	l->shown_count = 0;
	l->generation = app->generation;
	arrange_keeping(l, keep);
	free(keep);
}

/* `arg`: the list (the view owns it from here). */
static int list_open(struct ui_view *view, void *arg)
{
	view->priv = arg;
	reload(view->app, view->priv);
	return 0;
}

static void list_free(struct list *l)
{
	if (!l)
		return;
	isms_entries_free(&l->entries);
	free(l->shown);
	free(l->filter);
	free(l);
}

static void list_close(struct ui_view *view)
{
	list_free(view->priv);
	view->priv = NULL;
}

static const char *list_title(struct ui_view *view)
{
	struct list *l = view->priv;

	if (l->generation != view->app->generation)
		reload(view->app, l);
	snprintf(l->title, sizeof(l->title), "records: %s (%zu)", l->what, l->shown_count);
	return l->title;
}

static void list_draw(struct ui_view *view, int top, int height, int width)
{
	struct list *l = view->priv;
	int rows = height - 3;
	char line[512];

	if (l->generation != view->app->generation)
		reload(view->app, l);
	snprintf(line, sizeof(line), "%-14s %-12s %s", "ID", "STATUS", "TITLE");
	ui_puts(top, 1, width - 1, line, ui_slot_attr(UI_SLOT_HEADING));
	if (rows < 1)
		return;
	if (l->selected < l->top)
		l->top = l->selected;
	if (l->selected >= l->top + (size_t)rows)
		l->top = l->selected - (size_t)rows + 1;
	for (int r = 0; r < rows && l->top + (size_t)r < l->shown_count; r++) {
		size_t i = l->top + (size_t)r;
		const struct isms_entry *e = &l->entries.items[l->shown[i]];
		attr_t attr = i == l->selected ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;

		if (i == l->selected)
			ui_fill(top + 1 + r, 0, width, attr);
		snprintf(line, sizeof(line), "%-14s %-12s %s", e->id, e->error ? "(unreadable)" : or_empty(e->status),
			 e->error ? e->error : or_empty(e->title));
		ui_puts(top + 1 + r, 1, width - 1, line, attr);
	}
	if (l->shown_count == 0)
		ui_puts(top + 2, 3, width - 3,
			l->entries.count ? "nothing matches the filter (f, then Enter on nothing, clears it)"
					 : "no records yet: n creates one",
			ui_slot_attr(UI_SLOT_NOTICE));
	snprintf(line, sizeof(line), "sort: %s (s)  filter: %s (f)  %zu of %zu", sort_names[l->sort],
		 l->filter ? l->filter : "none", l->shown_count, l->entries.count);
	ui_puts(top + height - 2, 1, width - 1, line, ui_slot_attr(UI_SLOT_HELP));
	ui_puts(top + height - 1, 1, width - 1,
		view->app->read_only ? "Enter view  h history  Esc back  (read-only)"
				     : "Enter/e edit  n new  r retire  h history  Esc back",
		ui_slot_attr(UI_SLOT_BORDER));
}

static const struct isms_entry *selected(struct list *l)
{
	return l->shown_count ? &l->entries.items[l->shown[l->selected]] : NULL;
}

static void say_error(struct ui_app *app)
{
	snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
}

static void open_selected(struct ui_view *view, bool edit)
{
	struct list *l = view->priv;
	const struct isms_entry *e = selected(l);
	struct isms_record *rec;

	if (!e)
		return;
	if (edit && ui_app_refuse_read_only(view->app))
		return;
	if (isms_store_load(&rec, view->app->store, e->id) < 0)
		say_error(view->app);
	else
		ui_form_open(view->app, rec);
}

/* The kind for a new record: the list's, or one asked for. */
static const struct isms_kind *choose_kind(struct ui_app *app, const struct isms_kind *const *kinds,
					    size_t count)
{
	const char **names;
	long got;

	if (count == 1)
		return kinds[0];
	names = isms_calloc(count + 1, sizeof(*names));
	for (size_t i = 0; i < count; i++)
		names[i] = kinds[i]->name;
	got = ui_prompt_pick(app, "Which kind of record?", names, count, 0);
	free(names);
	return got < 0 ? NULL : kinds[got];
}

static void create(struct ui_app *app, const struct isms_kind *const *kinds, size_t count)
{
	const struct isms_kind *kind;
	struct isms_record *rec;
	char *id = NULL;

	if (ui_app_refuse_read_only(app) || !(kind = choose_kind(app, kinds, count)))
		return;
	/* Controls are named after Annex A; other kinds are numbered. */
	if (kind->id_style != ISMS_ID_NUMBERED &&
	    ui_prompt_text(&id, app, "Identifier (for example A.5.15)", "") != 1)
		return;
	if (isms_store_create(&rec, app->store, kind, id) < 0)
		say_error(app);
	else
		ui_form_open(app, rec);
	free(id);
}

static void retire(struct ui_view *view)
{
	struct list *l = view->priv;
	const struct isms_entry *e = selected(l);
	struct isms_record *rec = NULL;
	char *reason = NULL, question[128], commit[ISMS_OID_HEX];
	struct ui_app *app = view->app;

	if (!e || ui_app_refuse_read_only(app))
		return;
	snprintf(question, sizeof(question), "Why is %s retired?", e->id);
	if (ui_prompt_text(&reason, app, question, "") != 1 || !*reason) {
		if (!app->ended)
			snprintf(app->message, sizeof(app->message), "not retired");
	} else if (isms_store_load(&rec, app->store, e->id) < 0 ||
		   isms_store_retire(commit, app->store, rec, reason, NULL) < 0) {
		say_error(app);
		ui_app_reload(app);  /* the file may be written, not committed */
	} else {
		snprintf(app->message, sizeof(app->message), "retired %s: [%.7s]", rec->id, commit);
		ui_app_reload(app);
	}
	isms_record_free(rec);
	free(reason);
}

static void ask_filter(struct ui_view *view)
{
	struct list *l = view->priv;

	if (ui_prompt_filter(&l->filter, view->app, "Filter: text in the ID or title (empty: all)", NULL))
		arrange(l);
}

static enum ui_action list_key(struct ui_view *view, enum ui_action action)
{
	struct list *l = view->priv;

	if (ui_select(&l->selected, l->shown_count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
		open_selected(view, false);
		return UI_HANDLED;
	case UI_ACTION_EDIT:
		open_selected(view, true);
		return UI_HANDLED;
	case UI_ACTION_NEW:
		create(view->app, l->kinds, l->kind_count);
		return UI_HANDLED;
	case UI_ACTION_RETIRE:
		retire(view);
		return UI_HANDLED;
	case UI_ACTION_SORT:
		l->sort = (enum sort)((l->sort + 1) % SORT_COUNT);
		arrange(l);
		snprintf(view->app->message, sizeof(view->app->message), "sorted by %s", sort_names[l->sort]);
		return UI_HANDLED;
	case UI_ACTION_FILTER:
		ask_filter(view);
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if (selected(l))
			ui_history((struct ui *)(void *)view->app, selected(l)->id);
		return UI_HANDLED;
	case UI_ACTION_CHANGES:
	case UI_ACTION_APPROVE:
	case UI_ACTION_REVIEW:
		if (selected(l))
			ui_record_action(view->app, action, selected(l)->id, NULL);
		return UI_HANDLED;
	case UI_ACTION_ACT:
		if (selected(l))
			ui_act(view->app, selected(l)->id);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_list_ops = {
	.name = "list",
	.open = list_open,
	.title = list_title,
	.draw = list_draw,
	.key = list_key,
	.close = list_close,
};

static int push(struct ui_app *app, struct list *l)
{
	int error;

	if ((error = ui_app_push(app, &ui_list_ops, l)) < 0) {
		list_free(l);
		say_error(app);
	}
	return error;
}

int ui_list_open_clause(struct ui_app *app, const struct isms_clause *clause)
{
	struct list *l = isms_calloc(1, sizeof(*l));

	for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && clause->requires[q].kind; q++) {
		const struct isms_kind *k = isms_kind_find(clause->requires[q].kind);
		bool seen = false;

		for (size_t i = 0; i < l->kind_count; i++)
			seen = seen || l->kinds[i] == k;
		if (k && !seen)
			l->kinds[l->kind_count++] = k;
	}
	if (l->kind_count == 0) {
		free(l);
		snprintf(app->message, sizeof(app->message), "%s needs no records; l lists any kind",
			 clause->number);
		return 0;
	}
	snprintf(l->what, sizeof(l->what), "clause %s", clause->number);
	return push(app, l);
}

int ui_list_open_kind(struct ui_app *app, const struct isms_kind *kind)
{
	struct list *l = isms_calloc(1, sizeof(*l));

	l->kinds[l->kind_count++] = kind;
	snprintf(l->what, sizeof(l->what), "%s", kind->name);
	return push(app, l);
}

int ui_list_open_kinds(struct ui_app *app, const char *what, const char *const *kinds, size_t count)
{
	struct list *l = isms_calloc(1, sizeof(*l));

	for (size_t i = 0; i < count && l->kind_count < MAX_KINDS; i++)
		if (isms_kind_find(kinds[i]))
			l->kinds[l->kind_count++] = isms_kind_find(kinds[i]);
	if (l->kind_count == 0) {
		free(l);
		return 0;
	}
	snprintf(l->what, sizeof(l->what), "%s", what);
	return push(app, l);
}

void ui_list_choose_kind(struct ui_app *app)
{
	size_t n = isms_kind_count();
	const char **names = isms_calloc(n + 1, sizeof(*names));
	long got;

	for (size_t i = 0; i < n; i++)
		names[i] = isms_kind_at(i)->name;
	got = ui_prompt_pick(app, "List the records of which kind?", names, n, 0);
	free(names);
	if (got >= 0)
		ui_list_open_kind(app, isms_kind_at((size_t)got));
}

void ui_list_clause_lines(struct ui_lines *out, struct ui_app *app, const struct isms_clause *clause,
			  size_t max)
{
	/* The walk draws at every key: the lines are kept until the clause
	 * or the records change. */
	static const struct isms_clause *cached_clause;
	static unsigned cached_generation;
	static struct ui_lines cache;
	static struct isms_store *cached_store;

	if (clause != cached_clause || app->generation != cached_generation || app->store != cached_store) {
		size_t total = 0;
		char line[256];

		ui_lines_free(&cache);
		for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && clause->requires[q].kind; q++) {
			const struct isms_kind *k = isms_kind_find(clause->requires[q].kind);
			struct isms_entries e = { 0 };
			bool seen = false;

			for (size_t p = 0; p < q; p++)
				seen = seen || strcmp(clause->requires[p].kind, clause->requires[q].kind) == 0;
			if (!k || seen || isms_store_list(&e, app->store, k) < 0)
				continue;
			for (size_t i = 0; i < e.count; i++, total++) {
				if (total >= max)
					continue;
				snprintf(line, sizeof(line), "%-10s %-9s %s", e.items[i].id,
					 or_empty(e.items[i].status), or_empty(e.items[i].title));
				ui_lines_add(&cache, UI_SLOT_HELP, 2, line);
			}
			isms_entries_free(&e);
		}
		if (total > max) {
			snprintf(line, sizeof(line), "... %zu more: Enter lists them", total - max);
			ui_lines_add(&cache, UI_SLOT_HELP, 2, line);
		} else if (total == 0 && clause->requires[0].kind) {
			ui_lines_add(&cache, UI_SLOT_HELP, 2, "none yet: Enter, then n creates one");
		}
		cached_clause = clause;
		cached_generation = app->generation;
		cached_store = app->store;
	}
	for (size_t i = 0; i < cache.count; i++)
		ui_lines_add(out, cache.items[i].slot, cache.items[i].indent, cache.items[i].text);
}
