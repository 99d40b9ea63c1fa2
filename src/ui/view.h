/* SPDX-License-Identifier: MIT */
/* Views and what they share. A view is a struct of operations (tig's
 * view_ops): it draws itself into the area between the title bar and the
 * status bar and handles the actions it knows; the rest go to the generic
 * handler in ui.c. A key becomes the first action of the table (action.h)
 * that applies in the view by its name, so views need not swallow keys
 * that are not theirs. */
#ifndef ISMS_UI_VIEW_H
#define ISMS_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "isms/rules.h"
#include "isms/store.h"

struct isms_store;

struct ui_app;
struct ui_view;

struct ui_view_ops {
	const char *name;
	/* Allocate the view's state in view->priv from `arg` (what ui_app_push
	 * was given: each view says what it takes); 0 or a negative ISMS_E
	 * code. */
	int (*open)(struct ui_view *view, void *arg);
	/* The right-hand side of the title bar. */
	const char *(*title)(struct ui_view *view);
	/* Draw into rows top .. top+height-1, all `width` columns. */
	void (*draw)(struct ui_view *view, int top, int height, int width);
	/* Handle an action: UI_HANDLED; the same action when the view does not
	 * (the generic handler sees it); or another action, which the view and
	 * then the generic handler see in turn (tig's request). */
	enum ui_action (*key)(struct ui_view *view, enum ui_action action);
	/* Optional: see a key before it becomes an action (text typed into a
	 * prompt); true when the view used it. */
	bool (*input)(struct ui_view *view, struct ui_key key);
	void (*close)(struct ui_view *view);
};

struct ui_view {
	const struct ui_view_ops *ops;
	struct ui_app *app;
	void *priv;
};

#define UI_MAX_VIEWS 8

/* What every view can see: the ISMS as it was read at the start. */
struct ui_app {
	struct isms_store *store;
	const char *organisation;
	char *folder;       /* the repository's folder name */
	char *branch;
	struct isms_status changes; /* files that differ from the last commit (git status) */
	struct isms_clause_state *states;
	size_t count;       /* clauses */
	struct isms_records records; /* every record, read at the start and after each save */
	struct ui_view views[UI_MAX_VIEWS];
	size_t depth;
	char message[160];  /* shown in the status bar until the next key */
	bool running;
	/* Editing (list.c, form.c): */
	bool read_only;     /* --read-only, or the repository cannot be written */
	unsigned generation;/* grows each time the records change (a save) */
	int ended;          /* enum ui_event_type that ended the session in a dialog, or 0 */
};

extern const struct ui_view_ops ui_walk_ops;
extern const struct ui_view_ops ui_help_ops;

/* Open a view on top of the others, its open() given `arg`. */
int ui_app_push(struct ui_app *app, const struct ui_view_ops *ops, void *arg);
/* Close the top view (never the first). */
void ui_app_pop(struct ui_app *app);

/* Draw the screen (title, top view, status bar) without refreshing it:
 * for dialogs, which draw over it. */
void ui_app_paint(struct ui_app *app);
/* Read the clause states and the uncommitted count again after a change. */
void ui_app_reload(struct ui_app *app);
/* True (with a message in the status bar) when the app is read-only. */
bool ui_app_refuse_read_only(struct ui_app *app);

/* Move a selection among `count` items for a movement action (up, down,
 * first, last, page up and down by `page`); false for any other action. */
bool ui_select(size_t *selected, size_t count, enum ui_action action, size_t page);
/* Scroll a text for a movement action; the drawing clamps it to the end.
 * False for any other action. */
bool ui_scroll(size_t *scroll, enum ui_action action, size_t page);

/* A state as a mark that reads without colour: "[ ]" missing, "[~]" draft,
 * "[!]" overdue, "[x]" approved (as `isms status` prints). */
const char *ui_state_mark(enum isms_state state);

/* Lines of text to show in a pane: wrapped, each with a colour slot. */
struct ui_line {
	char *text;
	int slot;    /* enum ui_slot */
	int indent;
};

struct ui_lines {
	struct ui_line *items;
	size_t count, cap;
};

void ui_lines_add(struct ui_lines *lines, int slot, int indent, const char *text);
/* Add `text` wrapped to `width` columns (words longer than a line are cut),
 * every line indented by `indent`. */
void ui_lines_wrap(struct ui_lines *lines, int slot, int indent, int width, const char *text);
/* Free the lines and empty `lines`; NULL is fine. */
void ui_lines_free(struct ui_lines *lines);
/* Draw `lines` from *scroll (clamped first) into the rectangle; when they
 * do not all fit, the last row says which are shown and names the `keys`
 * that scroll. *page gets how many lines fit. */
void ui_lines_draw(const struct ui_lines *lines, size_t *scroll, int *page, int top, int left,
		   int height, int width, const char *keys);
/* As ui_lines_draw, each line shown from display column *column (for text
 * that is not wrapped: diffs); *column is clamped to the widest line. */
void ui_lines_draw_from(const struct ui_lines *lines, size_t *scroll, int *column, int *page, int top,
			int left, int height, int width, const char *keys);

#endif
