/* SPDX-License-Identifier: MIT */
/* The full-screen workbench: the view stack, the title and status bars,
 * the generic key handler and the main loop. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <signal.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "screen.h"
#include "search.h"
#include "userconfig.h"
#include "theme.h"
#include "isms/ui.h"
#include "view.h"
#include "draft.h"
#include "form.h"
#include "doccontrol.h"
#include "history.h"
#include "risks.h"
#include "soa.h"
#include "governance.h"
#include "trends.h"
#include "export.h"
#include "sync.h"

const char *ui_state_mark(enum isms_state state)
{
	static const char *const marks[] = { "[ ]", "[~]", "[!]", "[x]" };

	return marks[state];
}

/* Lines */

void ui_lines_add(struct ui_lines *lines, int slot, int indent, const char *text)
{
	if (lines->count == lines->cap) {
		lines->cap = lines->cap ? lines->cap * 2 : 32;
		lines->items = isms_realloc(lines->items, lines->cap * sizeof(*lines->items));
	}
	lines->items[lines->count].text = isms_strdup(text);
	lines->items[lines->count].slot = slot;
	lines->items[lines->count].indent = indent;
	lines->count++;
}

void ui_lines_wrap(struct ui_lines *lines, int slot, int indent, int width, const char *text)
{
	int room = width - indent;
	char *line = isms_calloc(1, strlen(text) + 1);
	size_t len = 0;
	int col = 0;

	if (room < 1)
		room = 1;
	while (*text) {
		size_t word = strcspn(text, " \n");
		int w = ui_text_width(text, word);

		if (col > 0 && col + 1 + w > room) {
			line[len] = '\0';
			ui_lines_add(lines, slot, indent, line);
			len = 0;
			col = 0;
		}
		if (col > 0) {
			line[len++] = ' ';
			col++;
		}
		/* A word longer than the line is cut where it reaches the edge;
		 * the drawing clips it. */
		memcpy(line + len, text, word);
		len += word;
		col += w;
		text += word;
		while (*text == ' ' || *text == '\n')
			text++;
	}
	if (len || lines->count == 0) {
		line[len] = '\0';
		ui_lines_add(lines, slot, indent, line);
	}
	free(line);
}

void ui_lines_free(struct ui_lines *lines)
{
	if (!lines)
		return;
	for (size_t i = 0; i < lines->count; i++)
		free(lines->items[i].text);
	free(lines->items);
	memset(lines, 0, sizeof(*lines));
}

void ui_lines_draw(const struct ui_lines *lines, size_t *scroll, int *page, int top, int left,
		   int height, int width, const char *keys)
{
	int column = 0;

	ui_lines_draw_from(lines, scroll, &column, page, top, left, height, width, keys);
}

/* The byte offset in `text` of the first cluster that starts at or after
 * display column `column`. */
static size_t from_column(const char *text, int column)
{
	size_t at = 0, len = strlen(text), n;
	int col = 0;

	while (col < column && at < len && (n = ui_cluster_next(text + at, len - at))) {
		col += ui_text_width(text + at, n);
		at += n;
	}
	return at;
}

void ui_lines_draw_from(const struct ui_lines *lines, size_t *scroll, int *column, int *page, int top,
			int left, int height, int width, const char *keys)
{
	int shown = height, widest = 0;
	size_t last;

	if (height <= 0 || width <= 0)
		return;
	if (lines->count > (size_t)height && height > 1)
		shown = height - 1;  /* the last row tells where we are */
	last = lines->count > (size_t)shown ? lines->count - (size_t)shown : 0;
	if (*scroll > last)
		*scroll = last;
	*page = shown;
	for (int y = 0; y < shown && *scroll + (size_t)y < lines->count; y++) {
		const struct ui_line *l = &lines->items[*scroll + (size_t)y];
		int w = l->indent + ui_text_width(l->text, strlen(l->text));

		if (w > widest)
			widest = w;
	}
	if (*column > widest - width)
		*column = widest - width > 0 ? widest - width : 0;
	for (int y = 0; y < shown && *scroll + (size_t)y < lines->count; y++) {
		const struct ui_line *l = &lines->items[*scroll + (size_t)y];
		int indent = l->indent > *column ? l->indent - *column : 0;

		ui_puts(top + y, left + indent, width - indent,
			l->text + (*column > l->indent ? from_column(l->text, *column - l->indent) : 0),
			ui_slot_attr(l->slot));
	}
	if (shown < height) {
		char where[96];
		size_t end = *scroll + (size_t)shown;

		if (*column)
			snprintf(where, sizeof(where), "-- lines %zu-%zu of %zu, from column %d, %s --",
				 *scroll + 1, end < lines->count ? end : lines->count, lines->count, *column + 1,
				 keys);
		else
			snprintf(where, sizeof(where), "-- lines %zu-%zu of %zu, %s --", *scroll + 1,
				 end < lines->count ? end : lines->count, lines->count, keys);
		ui_puts(top + shown, left, width, where, ui_slot_attr(UI_SLOT_BORDER));
	}
}

/* Views */

int ui_app_push(struct ui_app *app, const struct ui_view_ops *ops, void *arg)
{
	struct ui_view *view;
	int error;

	if (app->depth == UI_MAX_VIEWS)
		return isms_error_set(ISMS_ELIMIT, "too many views open");
	view = &app->views[app->depth];
	memset(view, 0, sizeof(*view));
	view->ops = ops;
	view->app = app;
	if ((error = ops->open(view, arg)) < 0)
		return error;
	app->depth++;
	return 0;
}

void ui_app_pop(struct ui_app *app)
{
	struct ui_view *view;

	if (app->depth <= 1)
		return;
	view = &app->views[--app->depth];
	view->ops->close(view);
}

/* The bars */

static void draw_title(struct ui_app *app, struct ui_view *view)
{
	attr_t attr = ui_slot_attr(UI_SLOT_TITLE);
	const char *right = view->ops->title(view);
	char left[256];
	int w = ui_text_width(right, strlen(right));

	if (app->organisation && *app->organisation)
		snprintf(left, sizeof(left), " ISMS of %s", app->organisation);
	else
		snprintf(left, sizeof(left), " ISMS Workbench");
	ui_fill(0, 0, COLS, attr);
	if (w + 2 < COLS)
		ui_puts(0, COLS - w - 1, w, right, attr);
	ui_puts(0, 0, COLS - w - 3, left, attr);
}

static void draw_status(struct ui_app *app)
{
	attr_t attr = ui_slot_attr(UI_SLOT_STATUS);
	const struct ui_action_info *actions;
	char left[256], right[200];
	size_t count, used = 0;
	int y = LINES - 1, lw, rw;

	snprintf(left, sizeof(left), " %s | branch %s | uncommitted: %zu%s", app->folder,
		 app->branch, app->changes.count, app->read_only ? " | read-only" : "");
	right[0] = '\0';
	if (app->message[0]) {
		snprintf(right, sizeof(right), "%s ", app->message);
	} else {
		const char *where = app->views[app->depth - 1].ops->name;

		actions = ui_actions(&count);
		for (size_t i = 0; i < count; i++) {
			const char *hint = actions[i].hint;
			char keys[64];
			int n;

			if (!hint || !ui_action_applies(&actions[i], where))
				continue;
			/* In the walk q quits, and Q is the same. */
			if (app->depth == 1 && actions[i].action == UI_ACTION_QUIT)
				continue;
			if (app->depth == 1 && actions[i].action == UI_ACTION_CLOSE)
				hint = "quit";
			ui_action_keys_text(keys, sizeof(keys), &actions[i]);
			keys[strcspn(keys, ",")] = '\0';
			n = snprintf(right + used, sizeof(right) - used, "%s:%s  ", keys, hint);
			if (n < 0 || (size_t)n >= sizeof(right) - used)
				break;
			used += (size_t)n;
		}
		if (used >= 1)
			right[used - 1] = '\0';
	}
	ui_fill(y, 0, COLS, attr);
	rw = ui_text_width(right, strlen(right));
	lw = ui_text_width(left, strlen(left));
	/* Hints that do not fit go from the first: help and quitting stay. */
	while (!app->message[0] && lw + 2 + rw > COLS && strstr(right, "  ")) {
		char *rest = strstr(right, "  ") + 2;

		memmove(right, rest, strlen(rest) + 1);
		rw = ui_text_width(right, strlen(right));
	}
	if (lw + 2 + rw <= COLS) {
		ui_puts(y, 0, COLS, left, attr);
		ui_puts(y, COLS - rw, rw, right, attr);
	} else if (app->message[0]) {
		/* A message matters more than the repository line, for one key. */
		ui_puts(y, 1, COLS - 1, app->message, attr);
	} else {
		ui_puts(y, 0, COLS, left, attr);
	}
}

void ui_app_paint(struct ui_app *app)
{
	struct ui_view *view = &app->views[app->depth - 1];

	erase();
	if (ui_screen_too_small()) {
		ui_screen_draw_too_small();
	} else {
		draw_title(app, view);
		view->ops->draw(view, 1, LINES - 2, COLS);
		draw_status(app);
	}
}

static void draw(struct ui_app *app)
{
	ui_app_paint(app);
	refresh();
}

bool ui_app_refuse_read_only(struct ui_app *app)
{
	if (!app->read_only)
		return false;
	snprintf(app->message, sizeof(app->message), "read-only: nothing can be changed here");
	return true;
}

static void quit(struct ui_app *app)
{
	/* Forms with unsaved changes ask first. */
	if (ui_form_leave_all(app))
		app->running = false;
}

/* What no view handled. */
static void generic(struct ui_app *app, enum ui_action action)
{
	switch (action) {
	case UI_ACTION_QUIT:
		quit(app);
		break;
	case UI_ACTION_CLOSE:
	case UI_ACTION_BACK:
		/* q in the walk quits (as tig); Esc there does nothing. */
		if (app->depth > 1)
			ui_app_pop(app);
		else if (action == UI_ACTION_CLOSE)
			quit(app);
		break;
	case UI_ACTION_HELP:
		ui_app_push(app, &ui_help_ops, (void *)app->views[app->depth - 1].ops->name);
		break;
	case UI_ACTION_SEARCH:
		if (ui_app_push(app, &ui_search_ops, NULL) < 0)
			snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
		break;
	case UI_ACTION_DOC_CONTROL:
		ui_doccontrol_open(app);
		break;
	case UI_ACTION_CHANGES_SINCE:
		ui_changes_since(app);
		break;
	case UI_ACTION_RISKS:
		ui_risks_open(app, NULL);
		break;
	case UI_ACTION_HEAT_MAP:
		ui_heatmap_open(app);
		break;
	case UI_ACTION_SOA:
		ui_soa_open(app, NULL);
		break;
	case UI_ACTION_GOVERNANCE:
		ui_governance_open(app);
		break;
	case UI_ACTION_TRENDS:
		ui_trends_open(app);
		break;
	case UI_ACTION_EXPORT:
		ui_export(app);
		break;
	case UI_ACTION_SYNC:
		ui_sync(app);
		break;
	default:
		break;
	}
}

/* The key as an action of the top view, the view's handling of it, then
 * what it passes on (a few times at most: a view that keeps passing on
 * is a bug, not a hang). */
static void handle(struct ui_app *app, struct ui_key key)
{
	struct ui_view *view = &app->views[app->depth - 1];
	enum ui_action action = ui_action_for_key(view->ops->name, key);

	/* Below the minimum size only closing and quitting make sense. */
	if (ui_screen_too_small() && action != UI_ACTION_QUIT && action != UI_ACTION_CLOSE &&
	    action != UI_ACTION_BACK)
		return;
	for (int round = 0; round < 4 && action != UI_HANDLED; round++) {
		enum ui_action next = view->ops->key(view, action);

		if (next == action)
			break;
		action = next;
	}
	if (action != UI_HANDLED)
		generic(app, action);
}

/* The records, the clause states from them, and the files not committed
 * (git's status, read meanwhile on another core). */
static void read_records(struct ui_app *app)
{
	struct isms_repo *repo = isms_store_repo(app->store);
	struct isms_status_job *job = isms_repo_status_start(repo);

	isms_store_load_all(&app->records, app->store, NULL);
	isms_store_completeness_of(app->states, NULL, app->store, &app->records);
	isms_status_free(&app->changes);
	if (isms_repo_status_finish(&app->changes, job, repo) < 0)
		isms_error_clear();
}

/* The ISMS as the views show it. */
static void load(struct ui_app *app, struct isms_store *store)
{
	struct isms_repo *repo = isms_store_repo(store);
	const char *top = isms_store_top(store);
	size_t len = strlen(top);
	const char *base;

	while (len > 1 && top[len - 1] == '/')
		len--;
	base = top + len;
	while (base > top && base[-1] != '/')
		base--;
	app->folder = isms_strndup(base, (size_t)(top + len - base));
	app->store = store;
	app->organisation = isms_store_organisation(store);
	app->branch = isms_repo_branch(repo);
	app->count = isms_clause_count();
	app->states = isms_calloc(app->count, sizeof(*app->states));
	read_records(app);
}

void ui_app_reload(struct ui_app *app)
{
	isms_records_free(&app->records);
	read_records(app);
	app->generation++;
}

/* Whether we may write: the working tree and .git must be writable. */
static bool writable(struct isms_store *store)
{
	struct isms_repo *repo = isms_store_repo(store);

	return access(isms_store_top(store), W_OK) == 0 &&
	       access(isms_repo_gitdir(repo), W_OK) == 0;
}

static void unload(struct ui_app *app)
{
	while (app->depth > 1)
		ui_app_pop(app);
	if (app->depth == 1)
		app->views[0].ops->close(&app->views[0]);
	free(app->folder);
	free(app->branch);
	free(app->states);
	isms_records_free(&app->records);
	isms_status_free(&app->changes);
}

int isms_ui_run(int *status, struct isms_store *store)
{
	struct isms_ui_opts opts = ISMS_UI_OPTS_INIT;

	return isms_ui_run_opts(status, store, &opts);
}

int isms_ui_run_opts(int *status, struct isms_store *store, const struct isms_ui_opts *opts)
{
	struct ui_app app;
	enum ui_event_type last = UI_EVENT_KEY;
	int error, sig;

	*status = 0;
	memset(&app, 0, sizeof(app));
	load(&app, store);
	app.read_only = (opts && opts->read_only) || !writable(store);
	/* The configuration file and the theme are read before curses starts,
	 * so their errors reach the terminal as plain text. */
	if ((error = ui_config_apply(opts ? opts->theme : NULL)) < 0 ||
	    (error = ui_app_push(&app, &ui_walk_ops, NULL)) < 0 || (error = ui_screen_start()) < 0)
		goto cleanup;
	app.running = true;
	/* Edits a dropped session left behind. */
	if (!app.read_only)
		ui_draft_offer(&app);
	while (app.running && !app.ended) {
		struct ui_event e;

		draw(&app);
		e = ui_screen_next();
		app.message[0] = '\0';
		if (e.type == UI_EVENT_KEY) {
			struct ui_view *top = &app.views[app.depth - 1];

			if (ui_screen_too_small() || !top->ops->input || !top->ops->input(top, e.key))
				handle(&app, e.key);
		}
		else if (e.type == UI_EVENT_ERROR)
			error = ISMS_EUSAGE;
		last = e.type;
		/* A resize needs nothing but the next drawing. */
		if (e.type != UI_EVENT_KEY && e.type != UI_EVENT_RESIZE)
			app.running = false;
	}
	/* A dialog may have met the end instead of this loop. */
	if (app.ended == UI_EVENT_ERROR)
		error = ISMS_EUSAGE;
	/* A session that ends other than by the user's choice (a hang-up, a
	 * signal, a terminal gone) keeps unsaved form edits as drafts: the
	 * handlers only set flags, the writing happens here. */
	if (ui_screen_signal() || app.ended == UI_EVENT_GONE || last == UI_EVENT_GONE)
		ui_form_write_drafts(&app);
	sig = ui_screen_stop();
	if (sig)
		*status = 128 + sig;
cleanup:
	unload(&app);
	return error;
}

bool ui_select(size_t *selected, size_t count, enum ui_action action, size_t page)
{
	size_t last = count ? count - 1 : 0;

	switch (action) {
	case UI_ACTION_MOVE_UP:
		*selected = *selected ? *selected - 1 : 0;
		return true;
	case UI_ACTION_MOVE_DOWN:
		*selected = *selected < last ? *selected + 1 : last;
		return true;
	case UI_ACTION_FIRST:
		*selected = 0;
		return true;
	case UI_ACTION_LAST:
		*selected = last;
		return true;
	case UI_ACTION_PAGE_UP:
		*selected = *selected > page ? *selected - page : 0;
		return true;
	case UI_ACTION_PAGE_DOWN:
		*selected = *selected + page < last ? *selected + page : last;
		return true;
	default:
		return false;
	}
}

bool ui_scroll(size_t *scroll, enum ui_action action, size_t page)
{
	switch (action) {
	case UI_ACTION_MOVE_UP:
		*scroll = *scroll ? *scroll - 1 : 0;
		return true;
	case UI_ACTION_MOVE_DOWN:
		++*scroll;
		return true;
	case UI_ACTION_PAGE_UP:
		*scroll = *scroll > page ? *scroll - page : 0;
		return true;
	case UI_ACTION_PAGE_DOWN:
		*scroll += page;
		return true;
	case UI_ACTION_FIRST:
		*scroll = 0;
		return true;
	case UI_ACTION_LAST:
		*scroll = (size_t)-1 / 2;
		return true;
	default:
		return false;
	}
}
