/* SPDX-License-Identifier: MIT */
/* The history of one record: its commits newest first, any version opened
 * read-only, and diffs between versions or against the working tree. */
#ifndef ISMS_UI_HISTORY_H
#define ISMS_UI_HISTORY_H

#include <stdbool.h>

#include "action.h"
#include "isms/repo.h"

struct ui;
struct ui_app;

/* Open the history view of the record `id` on top of the current view.
 * `ui` is the workbench a view belongs to: pass (struct ui *)view->app.
 * When the record or its history cannot be read, the status bar says why
 * and no view opens. */
void ui_history(struct ui *ui, const char *id);

/* Open the record `id` read-only, as its file is now (`h` there opens its
 * history). 0, or a negative ISMS_E code with the reason in the status bar. */
int ui_record_show(struct ui_app *app, const char *id);

/* Open a read-only text view titled `title` showing `lines` (moved into
 * the view; `lines` is left empty). With a record `id`, a and v there
 * approve and review it, as shown: `seen` (may be NULL) is the blob id of
 * its file the lines show, and approving or reviewing is refused when the
 * file committed is another by then. */
struct ui_lines;
void ui_text_open(struct ui_app *app, const char *id, const char *seen, const char *title,
		  struct ui_lines *lines);

/* Add `body` to `lines` a line at a time; a diff keeps its + and - marks
 * and gets the diff colours. */
void ui_text_lines(struct ui_lines *lines, const char *body, bool diff);

/* "WHAT: the last error's message" in the status bar. */
void ui_say_error(struct ui_app *app, const char *what);
/* The same said in full: in the status bar when it fits, else in a text
 * view of its own (a refusal says what to do at its end). */
void ui_say_refusal(struct ui_app *app, const char *what);

/* The record actions of the review cycle (approve.c), from whichever view
 * shows record `id`: changes since its approval, approve, review. `seen`
 * (NULL: the view shows no content) is the blob id of the file the view
 * showed: approval and review are refused when it is no longer the one
 * committed. */
void ui_record_action(struct ui_app *app, enum ui_action action, const char *id,
		      const char *seen);

/* The lines of what changed in record `id` since its approval (for a
 * record never approved, since before its first commit), the blob of its
 * committed file they show (what `a` and `v` act on) and a title (the
 * caller frees). 0, or a negative ISMS_E code with the message set. */
int ui_changes_lines(struct ui_lines *lines, char seen[ISMS_OID_HEX], char **title,
		     struct ui_app *app, const char *id);

/* Ask what to compare with (approved, a tag, a revision, a date) and show
 * what changed in the whole ISMS since then. */
void ui_changes_since(struct ui_app *app);

enum ui_text_style {
	UI_TEXT_PLAIN,    /* lines as they are */
	UI_TEXT_DIFF,     /* a unified diff: + and - lines marked and coloured */
	UI_TEXT_WRAPPED,  /* each line wrapped at the screen's width (messages) */
};

/* As ui_text_open, on the text `body`, with the line
 * `empty` (may be NULL) when the body is empty. Esc closes it. */
void ui_text_show(struct ui_app *app, const char *title, const char *body,
		  enum ui_text_style style, const char *empty);

#endif
