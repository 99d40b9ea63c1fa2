/* The history of one record: its commits newest first, any version opened
 * read-only, and diffs between versions or against the working tree. */
#ifndef ISMS_UI_HISTORY_H
#define ISMS_UI_HISTORY_H

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

enum ui_text_style {
	UI_TEXT_PLAIN,    /* lines as they are */
	UI_TEXT_DIFF,     /* a unified diff: + and - lines marked and coloured */
	UI_TEXT_WRAPPED,  /* each line wrapped at the screen's width (messages) */
};

/* Open a read-only text view titled `title` on `body`, with the line
 * `empty` (may be NULL) when the body is empty. Esc closes it. */
void ui_text_open(struct ui_app *app, const char *title, const char *body,
		  enum ui_text_style style, const char *empty);

#endif
