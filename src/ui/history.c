/* SPDX-License-Identifier: MIT */
/* History and diff, and the read-only text views they open: a record as it
 * is now, a record as of a commit, a diff. Diff lines keep their + and -
 * marks, so they read the same with and without colour. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/repo.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "screen.h"
#include "theme.h"
#include "view.h"

/* Text views */

enum text_kind { TEXT_RECORD, TEXT_VERSION, TEXT_DIFF, TEXT_CHANGES };

struct text {
	enum text_kind kind;
	char *id;            /* the record shown; `h` opens its history */
	char seen[ISMS_OID_HEX]; /* the blob of its file shown ("": none): what a, v act on */
	char *title;
	struct ui_lines lines;
	size_t scroll;
	int page;
	int column;          /* the first column shown (Left, Right: diffs are not wrapped) */
	unsigned generation; /* of the app, when a record's file was read */
};

void ui_text_lines(struct ui_lines *lines, const char *body, bool diff)
{
	const char *p = body;

	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = isms_strndup(p, len);
		int slot = UI_SLOT_HELP;

		if (diff) {
			if (strncmp(line, "+++", 3) == 0 || strncmp(line, "---", 3) == 0 ||
			    strncmp(line, "diff ", 5) == 0 || strncmp(line, "index ", 6) == 0)
				slot = UI_SLOT_HEADING;
			else if (line[0] == '@')
				slot = UI_SLOT_PHASE;
			else if (line[0] == '+')
				slot = UI_SLOT_DIFF_ADD;
			else if (line[0] == '-')
				slot = UI_SLOT_DIFF_DEL;
		}
		/* Tabs would move the cursor past what ui_put counts. */
		for (char *c = line; *c; c++)
			if (*c == '\t')
				*c = ' ';
		ui_lines_add(lines, slot, 0, line);
		free(line);
		p += len;
		if (*p)
			p++;
	}
}

/* `arg`: the text (the view owns it from here). */
static int text_open(struct ui_view *view, void *arg)
{
	if (!arg)
		return isms_error_set(ISMS_EINVALID, "nothing to show");
	view->priv = arg;
	return 0;
}

static void text_free(struct text *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->title);
	ui_lines_free(&t->lines);
	free(t);
}

static void text_close(struct ui_view *view)
{
	text_free(view->priv);
	view->priv = NULL;
}

static int read_record(struct text *t, struct ui_app *app);

/* Make a record's view, or what changed in it, again from what is there now. */
static int read_again(struct text *t, struct ui_app *app)
{
	struct ui_lines lines = { 0 };
	char *title = NULL;
	int error;

	if (t->kind == TEXT_RECORD)
		return read_record(t, app);
	t->generation = app->generation;
	if ((error = ui_changes_lines(&lines, t->seen, &title, app, t->id)) < 0)
		return error;
	ui_lines_free(&t->lines);
	t->lines = lines;
	free(t->title);
	t->title = title;
	return 0;
}

/* A record, or what changed in it, is shown as it is now: after a save,
 * an approval or a review, it is read again (the title first, since the
 * title bar is drawn before the view). */
static struct text *current(struct ui_view *view)
{
	struct text *t = view->priv;

	if ((t->kind == TEXT_RECORD || (t->kind == TEXT_CHANGES && t->id)) &&
	    t->generation != view->app->generation && read_again(t, view->app) < 0) {
		t->seen[0] = '\0';
		ui_lines_free(&t->lines);
		ui_lines_wrap(&t->lines, UI_SLOT_NOTICE, 0, COLS - 3, isms_error_last()->message);
	}
	return t;
}

static const char *text_title(struct ui_view *view)
{
	return current(view)->title;
}

static void text_draw(struct ui_view *view, int top, int height, int width)
{
	struct text *t = current(view);

	ui_lines_draw_from(&t->lines, &t->scroll, &t->column, &t->page, top, 1, height, width - 1,
		      t->kind == TEXT_RECORD ? "h history, Esc back"
		      : t->kind == TEXT_CHANGES && t->id ? "a approve, v review, Esc back" : "Esc back");
}

static enum ui_action text_key(struct ui_view *view, enum ui_action action)
{
	struct text *t = view->priv;

	if (ui_scroll(&t->scroll, action, t->page > 1 ? (size_t)t->page - 1 : 1))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_MOVE_LEFT:
		t->column = t->column > 8 ? t->column - 8 : 0;
		return UI_HANDLED;
	case UI_ACTION_MOVE_RIGHT:
		t->column += 8;  /* the drawing clamps it */
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if (t->kind == TEXT_RECORD)
			ui_history((struct ui *)(void *)view->app, t->id);
		return UI_HANDLED;
	case UI_ACTION_CHANGES:
	case UI_ACTION_APPROVE:
	case UI_ACTION_REVIEW:
		if (t->id && (t->kind == TEXT_RECORD || t->kind == TEXT_CHANGES))
			ui_record_action(view->app, action, t->id, t->seen[0] ? t->seen : NULL);
		return UI_HANDLED;
	default:
		return action;
	}
}

static const struct ui_view_ops text_ops = {
	.name = "text",
	.open = text_open,
	.title = text_title,
	.draw = text_draw,
	.key = text_key,
	.close = text_close,
};

static void push_text(struct ui_app *app, struct text *t)
{
	if (ui_app_push(app, &text_ops, t) < 0) {
		snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
		text_free(t);
	}
}

void ui_text_open(struct ui_app *app, const char *id, const char *seen, const char *title,
		  struct ui_lines *lines)
{
	struct text *t = isms_calloc(1, sizeof(*t));

	t->kind = TEXT_CHANGES;
	t->generation = app->generation;
	t->id = id ? isms_strdup(id) : NULL;
	if (id && seen)
		snprintf(t->seen, sizeof(t->seen), "%s", seen);
	t->title = isms_strdup(title);
	t->lines = *lines;
	memset(lines, 0, sizeof(*lines));
	push_text(app, t);
}

void ui_say_error(struct ui_app *app, const char *what)
{
	const struct isms_error *e = isms_error_last();

	snprintf(app->message, sizeof(app->message), "%.40s: %.110s", what, e && e->message[0] ? e->message : "failed");
}

void ui_say_refusal(struct ui_app *app, const char *what)
{
	const struct isms_error *e = isms_error_last();
	char *text = isms_asprintf("%s: %s", what, e && e->message[0] ? e->message : "failed");

	/* The status bar shows COLS - 2 columns. */
	if (ui_text_width(text, strlen(text)) <= COLS - 2 && strlen(text) < sizeof(app->message)) {
		snprintf(app->message, sizeof(app->message), "%s", text);
	} else {
		ui_text_show(app, what, text, UI_TEXT_WRAPPED, NULL);
		snprintf(app->message, sizeof(app->message), "%.40s: the reason is shown; Esc closes it",
			 what);
	}
	free(text);
}

/* (Re)read record `t->id`'s file into the view: its lines, its blob. */
static int read_record(struct text *t, struct ui_app *app)
{
	const struct isms_kind *kind;
	struct isms_buf buf = ISMS_BUF_INIT;
	char *path = NULL, *full = NULL;
	int error;

	t->generation = app->generation;
	if ((error = isms_store_locate(&kind, &path, app->store, t->id)) < 0)
		goto cleanup;
	full = isms_path_join(isms_store_top(app->store), path);
	if ((error = isms_fs_read(&buf, full, ISMS_YAML_MAX_BYTES)) < 0)
		goto cleanup;
	isms_repo_hash(t->seen, buf.ptr ? buf.ptr : "", buf.len);
	free(t->title);
	t->title = isms_asprintf("%s (read-only)", path);
	ui_lines_free(&t->lines);
	ui_text_lines(&t->lines, buf.ptr ? buf.ptr : "", false);
cleanup:
	isms_buf_free(&buf);
	free(full);
	free(path);
	return error;
}

int ui_record_show(struct ui_app *app, const char *id)
{
	struct text *t = isms_calloc(1, sizeof(*t));
	int error;

	t->kind = TEXT_RECORD;
	t->id = isms_strdup(id);
	if ((error = read_record(t, app)) < 0) {
		ui_say_error(app, id);
		text_free(t);
		return error;
	}
	push_text(app, t);
	return 0;
}

void ui_text_show(struct ui_app *app, const char *title, const char *body,
		  enum ui_text_style style, const char *empty)
{
	struct ui_lines lines = { 0 };

	if (!*body && empty)
		ui_lines_wrap(&lines, UI_SLOT_NOTICE, 0, COLS - 2, empty);
	if (style != UI_TEXT_WRAPPED) {
		ui_text_lines(&lines, body, style == UI_TEXT_DIFF);
	} else {
		/* Each line wrapped at the width of the screen, the rest indented. */
		for (const char *p = body; *p;) {
			size_t len = strcspn(p, "\n");
			char *line = isms_strndup(p, len);
			size_t first = lines.count;

			/* An empty line adds nothing to wrap: keep it as it is. */
			if (strspn(line, " ") == len)
				ui_lines_add(&lines, UI_SLOT_HELP, 0, "");
			else
				ui_lines_wrap(&lines, UI_SLOT_HELP, 2, COLS - 2, line);
			lines.items[first].indent = 0;
			free(line);
			p += len;
			if (*p)
				p++;
		}
	}
	ui_text_open(app, NULL, NULL, title, &lines);
	ui_lines_free(&lines);
}

/* The history list */

struct history {
	char *id, *path;
	struct isms_log log;
	char **marks;        /* per commit: " [approved v1.0] [signed]" or NULL */
	size_t selected;
	int top;
	char title[96];
};

static void history_forget(struct history *h)
{
	for (size_t i = 0; i < h->log.count; i++)
		free(h->marks[i]);
	free(h->marks);
	h->marks = NULL;
	isms_log_free(&h->log);
}

/* The commits of the record and its reviews, with the approvals marked
 * as `isms log` marks them. */
static int history_read(struct history *h, struct isms_store *store)
{
	int error;

	history_forget(h);
	if ((error = isms_store_history(&h->log, store, h->id, h->path)) < 0)
		return error;
	h->marks = isms_calloc(h->log.count + 1, sizeof(*h->marks));
	for (size_t i = 0; i < h->log.count; i++)
		h->marks[i] = isms_store_approval_mark(store, h->id, &h->log.items[i]);
	if (h->selected >= h->log.count)
		h->selected = h->log.count ? h->log.count - 1 : 0;
	return 0;
}

/* `arg`: the record's ID. */
static int history_open(struct ui_view *view, void *arg)
{
	const char *id = arg;
	struct ui_app *app = view->app;
	const struct isms_kind *kind;
	struct history *h;
	char *path = NULL;
	int error;

	if ((error = isms_store_locate(&kind, &path, app->store, id)) < 0)
		return error;
	h = isms_calloc(1, sizeof(*h));
	h->id = isms_strdup(id);
	h->path = path;
	if ((error = history_read(h, app->store)) < 0) {
		free(h->id);
		free(h->path);
		free(h);
		return error;
	}
	view->priv = h;
	return 0;
}

static void history_close(struct ui_view *view)
{
	struct history *h = view->priv;

	history_forget(h);
	free(h->id);
	free(h->path);
	free(h);
	view->priv = NULL;
}

static const char *history_title(struct ui_view *view)
{
	struct history *h = view->priv;

	snprintf(h->title, sizeof(h->title), "history of %s: %zu commit%s", h->id, h->log.count,
		 h->log.count == 1 ? "" : "s");
	return h->title;
}

/* "2026-03-14 09:30" in the committer's own time zone, as git log shows. */
static void format_time(char out[32], long long t, int offset)
{
	time_t when = (time_t)(t + (long long)offset * 60);
	struct tm tm;

	if (!gmtime_r(&when, &tm) || strftime(out, 32, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, 32, "?");
}

static void history_draw(struct ui_view *view, int top, int height, int width)
{
	struct history *h = view->priv;
	int rows = height - 2;

	ui_puts(top, 1, width - 1, "Commit   Date              Author            Message",
		ui_slot_attr(UI_SLOT_HEADING));
	if (h->log.count == 0) {
		ui_puts(top + 1, 1, width - 1, "No commits: the record has not been committed yet.",
			ui_slot_attr(UI_SLOT_NOTICE));
	}
	if (rows < 1)
		rows = 1;
	if ((int)h->selected < h->top)
		h->top = (int)h->selected;
	if ((int)h->selected >= h->top + rows)
		h->top = (int)h->selected - rows + 1;
	for (int y = 0; y < rows && (size_t)(h->top + y) < h->log.count; y++) {
		size_t i = (size_t)(h->top + y);
		const struct isms_log_entry *e = &h->log.items[i];
		attr_t attr = i == h->selected ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;
		char when[32], *line;

		format_time(when, e->time, e->offset);
		/* The approval mark first, so that a narrow screen keeps it. */
		line = isms_asprintf("%.7s  %-16s  %-16.16s  %s%s%s", e->id, when,
				     e->author ? e->author : "", h->marks[i] ? h->marks[i] + 1 : "",
				     h->marks[i] ? " " : "", e->summary ? e->summary : "");
		if (i == h->selected)
			ui_fill(top + 1 + y, 0, width, attr);
		ui_puts(top + 1 + y, 1, width - 1, line, attr);
		free(line);
	}
	ui_puts(top + height - 1, 1, width - 1,
		"Enter: this version   d: diff with the one before   w: diff with the working tree",
		ui_slot_attr(UI_SLOT_BORDER));
}

static void show_version(struct ui_app *app, struct history *h)
{
	const struct isms_log_entry *e = &h->log.items[h->selected];
	struct isms_buf buf = ISMS_BUF_INIT;
	struct text *t;

	if (isms_repo_read(&buf, isms_store_repo(app->store), e->id, h->path) < 0) {
		ui_say_error(app, h->id);
		goto cleanup;
	}
	t = isms_calloc(1, sizeof(*t));
	t->kind = TEXT_VERSION;
	t->id = isms_strdup(h->id);
	t->title = isms_asprintf("%s at %.7s (read-only)", h->path, e->id);
	ui_text_lines(&t->lines, buf.ptr ? buf.ptr : "", false);
	push_text(app, t);
cleanup:
	isms_buf_free(&buf);
}

static void show_diff(struct ui_app *app, struct history *h, bool worktree)
{
	const struct isms_log_entry *e = &h->log.items[h->selected];
	struct isms_repo *repo = isms_store_repo(app->store);
	struct isms_buf buf = ISMS_BUF_INIT;
	char *from = NULL;
	struct text *t;
	int error;

	if (worktree)
		error = isms_repo_diff(&buf, repo, h->path, e->id, NULL);
	else if (h->selected + 1 < h->log.count)
		error = isms_repo_diff(&buf, repo, h->path, from = isms_strdup(h->log.items[h->selected + 1].id),
				       e->id);
	else
		/* The first version: against the commit before it, where the
		 * file did not exist yet, so the diff shows it being added. */
		error = isms_repo_diff(&buf, repo, h->path, from = isms_asprintf("%s~1", e->id), e->id);
	if (error < 0) {
		if (!worktree && h->selected + 1 == h->log.count)
			snprintf(app->message, sizeof(app->message),
				 "%.7s is the first commit of the repository: nothing before it", e->id);
		else
			ui_say_error(app, "diff");
		goto cleanup;
	}
	t = isms_calloc(1, sizeof(*t));
	t->kind = TEXT_DIFF;
	t->id = isms_strdup(h->id);
	if (worktree)
		t->title = isms_asprintf("diff %.7s..working tree", e->id);
	else
		t->title = isms_asprintf("diff %.7s%s..%.7s", from,
					 h->selected + 1 < h->log.count ? "" : "~1", e->id);
	if (buf.len == 0)
		ui_lines_add(&t->lines, UI_SLOT_NOTICE, 0,
			     worktree ? "No difference: the working tree has this version."
				      : "No difference in this file.");
	ui_text_lines(&t->lines, buf.ptr ? buf.ptr : "", true);
	push_text(app, t);
cleanup:
	free(from);
	isms_buf_free(&buf);
}

static enum ui_action history_key(struct ui_view *view, enum ui_action action)
{
	struct history *h = view->priv;

	if (ui_select(&h->selected, h->log.count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
		if (h->log.count)
			show_version(view->app, h);
		return UI_HANDLED;
	case UI_ACTION_DIFF_PREVIOUS:
	case UI_ACTION_DIFF_WORKTREE:
		if (h->log.count)
			show_diff(view->app, h, action == UI_ACTION_DIFF_WORKTREE);
		return UI_HANDLED;
	case UI_ACTION_CHANGES:
	case UI_ACTION_APPROVE:
	case UI_ACTION_REVIEW:
		ui_record_action(view->app, action, h->id, NULL);
		if (action != UI_ACTION_CHANGES && history_read(h, view->app->store) < 0)
			ui_say_error(view->app, h->id);
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		return UI_HANDLED;  /* this is the history */
	default:
		return action;
	}
}

static const struct ui_view_ops history_ops = {
	.name = "history",
	.open = history_open,
	.title = history_title,
	.draw = history_draw,
	.key = history_key,
	.close = history_close,
};

void ui_history(struct ui *ui, const char *id)
{
	struct ui_app *app = (struct ui_app *)(void *)ui;

	if (ui_app_push(app, &history_ops, (void *)id) < 0)
		ui_say_error(app, id);
}
