/* SPDX-License-Identifier: MIT */
/* `/` search over every record, read once per search with
 * isms_store_load_all: ID, title, then any text field. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "lineedit.h"
#include "isms/alloc.h"
#include "isms/kind.h"
#include "isms/store.h"
#include "isms/tree.h"
#include "screen.h"
#include "search.h"
#include "theme.h"

#define QUERY_MAX 200

struct result {
	char *id, *kind, *title;
	char *where;  /* "field: …text around the match…" */
};

struct search {
	struct ui_lineedit query;  /* what is typed */
	char searched[QUERY_MAX + 1];
	bool editing;
	bool done;      /* a search has run */
	struct result *items;
	size_t count, cap;
	size_t selected;
	int top;
	char title[QUERY_MAX + 32];
};

static void results_clear(struct search *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->items[i].id);
		free(s->items[i].kind);
		free(s->items[i].title);
		free(s->items[i].where);
	}
	free(s->items);
	s->items = NULL;
	s->count = s->cap = 0;
	s->selected = 0;
	s->top = 0;
}

/* Where `needle` (lower case) occurs in `hay`, ignoring ASCII case. */
static const char *find_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return hay;
	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i])
			i++;
		if (i == n)
			return hay;
	}
	return NULL;
}

/* "field: …around the match…" on one line, cut on character boundaries. */
static char *context(const char *field, const char *text, const char *at, size_t len)
{
	const char *start = at, *end = at + len;
	char *out, *snip;

	for (int i = 0; i < 24 && start > text; i++)
		start--;
	while (start > text && ((unsigned char)*start & 0xc0) == 0x80)
		start--;
	for (int i = 0; i < 50 && *end; i++)
		end++;
	while (*end && ((unsigned char)*end & 0xc0) == 0x80)
		end++;
	snip = isms_strndup(start, (size_t)(end - start));
	for (char *c = snip; *c; c++)
		if (*c == '\n' || *c == '\t' || *c == '\r')
			*c = ' ';
	out = isms_asprintf("%s: %s%s%s", field, start > text ? "..." : "", snip, *end ? "..." : "");
	free(snip);
	return out;
}

/* The first text under `node` that holds `needle`; `field` names the top
 * key it sits under. */
static char *match_node(const struct isms_node *node, const char *field, const char *needle)
{
	const char *at;
	char *found = NULL;

	switch (node->type) {
	case ISMS_NODE_SCALAR:
		if (node->text && (at = find_nocase(node->text, needle)))
			return context(field, node->text, at, strlen(needle));
		break;
	case ISMS_NODE_SEQ:
		for (size_t i = 0; i < node->count && !found; i++)
			found = match_node(node->items[i], field, needle);
		break;
	case ISMS_NODE_MAP:
		for (size_t i = 0; i < node->count && !found; i++)
			found = match_node(node->pairs[i].value, field ? field : node->pairs[i].key, needle);
		break;
	}
	return found;
}

static void run(struct ui_app *app, struct search *s)
{
	struct isms_records records = { 0 };
	char needle[QUERY_MAX + 1];
	size_t n = 0;

	results_clear(s);
	for (const char *q = s->query.text; *q && n < QUERY_MAX; q++)
		needle[n++] = (char)tolower((unsigned char)*q);
	needle[n] = '\0';
	snprintf(s->searched, sizeof(s->searched), "%s", s->query.text);
	s->done = true;
	if (isms_store_load_all(&records, app->store, NULL) < 0) {
		snprintf(app->message, sizeof(app->message), "the records could not be read");
		return;
	}
	for (size_t i = 0; i < records.count; i++) {
		const struct isms_view *v = &records.views[i];
		const char *title;
		char *where = NULL;

		if (!v->root || !v->id)
			continue;
		title = isms_map_get_text(v->root, "title");
		if (find_nocase(v->id, needle))
			where = isms_strdup("id");
		else if (title && find_nocase(title, needle))
			where = isms_strdup("title");
		else
			where = match_node(v->root, NULL, needle);
		if (!where)
			continue;
		s->items = isms_grow(s->items, &s->cap, s->count + 1, sizeof(*s->items));
		s->items[s->count].id = isms_strdup(v->id);
		s->items[s->count].kind = isms_strdup(v->kind ? v->kind->name : "?");
		s->items[s->count].title = isms_strdup(title ? title : "");
		s->items[s->count].where = where;
		s->count++;
	}
	isms_records_free(&records);
}

static int search_open(struct ui_view *view, void *arg)
{
	struct search *s = isms_calloc(1, sizeof(*s));

	(void)arg;

	ui_lineedit_init(&s->query, "");
	s->editing = true;
	view->priv = s;
	return 0;
}

static void search_close(struct ui_view *view)
{
	struct search *s = view->priv;

	results_clear(s);
	ui_lineedit_free(&s->query);
	free(s);
	view->priv = NULL;
}

static const char *search_title(struct ui_view *view)
{
	struct search *s = view->priv;

	if (!s->done)
		return "search";
	snprintf(s->title, sizeof(s->title), "search \"%s\": %zu found", s->searched, s->count);
	return s->title;
}

static void draw_results(struct search *s, int top, int height, int width)
{
	int rows = height / 2;

	if (s->count == 0) {
		ui_puts(top, 1, width - 1, "No record matches.", ui_slot_attr(UI_SLOT_NOTICE));
		return;
	}
	if (rows < 1)
		rows = 1;
	if ((int)s->selected < s->top)
		s->top = (int)s->selected;
	if ((int)s->selected >= s->top + rows)
		s->top = (int)s->selected - rows + 1;
	for (int r = 0; r < rows && (size_t)(s->top + r) < s->count; r++) {
		size_t i = (size_t)(s->top + r);
		const struct result *it = &s->items[i];
		bool sel = i == s->selected;
		attr_t attr = sel ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;
		char *line = isms_asprintf("%-12s %-18s %s", it->id, it->kind, it->title);
		int y = top + 2 * r;

		if (sel) {
			ui_fill(y, 0, width, attr);
			ui_fill(y + 1, 0, width, attr);
		}
		ui_puts(y, 1, width - 1, line, attr);
		ui_puts(y + 1, 5, width - 5, it->where, sel ? attr : ui_slot_attr(UI_SLOT_BORDER));
		free(line);
	}
}

static void search_draw(struct ui_view *view, int top, int height, int width)
{
	struct search *s = view->priv;
	struct ui_app *app = view->app;
	int body = s->editing ? height - 1 : height;

	if (!s->done && app->depth >= 2) {
		/* Nothing found yet: the prompt sits under the view it came from. */
		struct ui_view *below = &app->views[app->depth - 2];

		below->ops->draw(below, top, body, width);
	} else if (body > 1) {
		draw_results(s, top, body - 1, width);
		if (!s->editing)
			ui_puts(top + body - 1, 1, width - 1,
				"Enter: open read-only   /: search again   Esc: back",
				ui_slot_attr(UI_SLOT_BORDER));
	}
	if (s->editing) {
		int y = top + height - 1, x;

		ui_fill(y, 0, width, A_NORMAL);
		x = ui_puts(y, 0, width, "Search: ", ui_slot_attr(UI_SLOT_HEADING));
		ui_lineedit_draw(&s->query, y, x, width - x - 1, A_NORMAL, &x);
		/* The cursor, drawn: the dump shows where typing goes. */
		ui_puts(y, x, 1, s->query.cursor == s->query.len ? "_" : "", A_REVERSE);
	}
}

static bool search_input(struct ui_view *view, struct ui_key key)
{
	struct search *s = view->priv;

	if (!s->editing)
		return false;
	switch (ui_lineedit_key(&s->query, key)) {
	case UI_LINEEDIT_DONE:
		if (s->query.len == 0) {
			snprintf(view->app->message, sizeof(view->app->message), "type a word to search for");
			return true;
		}
		s->editing = false;
		run(view->app, s);
		return true;
	case UI_LINEEDIT_CANCEL:
		if (s->done)
			s->editing = false;
		else
			ui_app_pop(view->app);
		return true;
	default:
		/* While typing, every key belongs to the query. */
		return true;
	}
}

static enum ui_action search_key(struct ui_view *view, enum ui_action action)
{
	struct search *s = view->priv;

	if (ui_select(&s->selected, s->count, action, 5))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_SEARCH:
		s->editing = true;
		return UI_HANDLED;
	case UI_ACTION_OPEN:
		if (s->count)
			ui_record_show(view->app, s->items[s->selected].id);
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if (s->count)
			ui_history((struct ui *)(void *)view->app, s->items[s->selected].id);
		return UI_HANDLED;
	case UI_ACTION_CHANGES:
	case UI_ACTION_APPROVE:
	case UI_ACTION_REVIEW:
		if (s->count)
			ui_record_action(view->app, action, s->items[s->selected].id, NULL);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_search_ops = {
	.name = "search",
	.open = search_open,
	.title = search_title,
	.draw = search_draw,
	.key = search_key,
	.input = search_input,
	.close = search_close,
};
