/* SPDX-License-Identifier: MIT */
/* Dialogs over the current view. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "lineedit.h"
#include "prompt.h"
#include "screen.h"
#include "theme.h"

bool ui_prompt_wait(struct ui_key *key, struct ui_app *app, void (*overlay)(void *), void *arg)
{
	for (;;) {
		struct ui_event e;

		curs_set(0);
		ui_app_paint(app);
		if (!ui_screen_too_small() && overlay)
			overlay(arg);
		refresh();
		e = ui_screen_next();
		if (e.type == UI_EVENT_RESIZE)
			continue;
		if (e.type != UI_EVENT_KEY) {
			app->ended = (int)e.type;
			app->running = false;
			curs_set(0);
			return false;
		}
		/* Keys are answered even in a terminal too small to show the
		 * dialog: better answered blind than a user stuck (Esc cancels). */
		app->message[0] = '\0';
		*key = e.key;
		return true;
	}
}

/* A box of `rows` inner rows, centred, `width` columns wide; returns its
 * top row and left column through y and x, and draws the frame. */
static void dialog_box(int *y, int *x, int rows, int width, const char *title)
{
	attr_t attr = ui_slot_attr(UI_SLOT_STATUS);

	if (width > COLS - 2)
		width = COLS - 2;
	if (rows > LINES - 4)
		rows = LINES - 4;
	*y = (LINES - rows - 2) / 2;
	*x = (COLS - width) / 2;
	for (int r = 0; r < rows + 2; r++)
		ui_fill(*y + r, *x, width, attr);
	ui_puts(*y, *x + 1, width - 2, title, attr | A_BOLD);
}

/* Text */

struct text_dialog {
	const char *question, *about;
	struct ui_lineedit le;
};

static void text_overlay(void *arg)
{
	struct text_dialog *d = arg;
	struct ui_lines about = { 0 };
	size_t shown;
	int y, x, cx, width = COLS - 8, row;

	if (width > COLS - 2)
		width = COLS - 2;
	/* `about` may have several lines; each is wrapped to the box. */
	for (const char *p = d->about; p && *p;) {
		size_t len = strcspn(p, "\n");
		char *line = isms_strndup(p, len);

		ui_lines_wrap(&about, UI_SLOT_STATUS, 0, width - 4 > 10 ? width - 4 : 10, line);
		free(line);
		p += len + (p[len] == '\n');
	}
	shown = about.count;
	if ((int)shown > LINES - 7)
		shown = LINES > 7 ? (size_t)(LINES - 7) : 0;  /* what fits */
	dialog_box(&y, &x, (int)shown + 3, width, d->question);
	row = y + 2;
	for (size_t i = 0; i < shown; i++)
		ui_puts(row++, x + 2, width - 4, about.items[i].text, ui_slot_attr(UI_SLOT_STATUS));
	ui_lineedit_draw(&d->le, row, x + 2, width - 4, A_NORMAL, &cx);
	ui_puts(row + 1, x + 2, width - 4, "Enter accepts, Esc cancels", ui_slot_attr(UI_SLOT_STATUS));
	move(row, cx);
	curs_set(1);
	ui_lines_free(&about);
}

int ui_prompt_text(char **out, struct ui_app *app, const char *question, const char *def)
{
	return ui_prompt_text_about(out, app, question, NULL, def);
}

int ui_prompt_text_about(char **out, struct ui_app *app, const char *question, const char *about,
			 const char *def)
{
	struct text_dialog d = { .question = question, .about = about, .le = { 0 } };
	struct ui_key key;
	int rc = 0;

	*out = NULL;
	ui_lineedit_init(&d.le, def);
	while (ui_prompt_wait(&key, app, text_overlay, &d)) {
		enum ui_lineedit_result r = ui_lineedit_key(&d.le, key);

		if (r == UI_LINEEDIT_DONE) {
			*out = isms_strdup(d.le.text);
			rc = 1;
			break;
		}
		if (r == UI_LINEEDIT_CANCEL)
			break;
	}
	curs_set(0);
	ui_lineedit_free(&d.le);
	return rc;
}

bool ui_prompt_filter(char **filter, struct ui_app *app, const char *question, const char *about)
{
	char *text = NULL;

	if (ui_prompt_text_about(&text, app, question, about, *filter ? *filter : "") != 1)
		return false;
	free(*filter);
	*filter = *text ? text : NULL;
	if (!*text)
		free(text);
	return true;
}

/* Choice */

struct choice_dialog {
	const char *question, *labels;
};

static void choice_overlay(void *arg)
{
	struct choice_dialog *d = arg;
	int w = ui_text_width(d->question, strlen(d->question));
	int lw = ui_text_width(d->labels, strlen(d->labels));
	int y, x;

	if (lw > w)
		w = lw;
	dialog_box(&y, &x, 2, w + 4, d->question);
	ui_puts(y + 2, x + 2, w, d->labels, ui_slot_attr(UI_SLOT_STATUS));
}

enum ui_action ui_prompt_choice(struct ui_app *app, const char *question, const char *dialog)
{
	char labels[200];
	struct choice_dialog d = { .question = question, .labels = labels };
	struct ui_key key;

	ui_answers_text(labels, sizeof(labels), dialog);
	while (ui_prompt_wait(&key, app, choice_overlay, &d)) {
		enum ui_action a = ui_answer_for_key(dialog, key);

		if (a == UI_ACTION_CANCEL)
			return UI_ACTION_NONE;
		if (a != UI_ACTION_NONE)
			return a;
	}
	return UI_ACTION_NONE;
}

/* Lists */

struct list_dialog {
	const char *title;
	const char *const *items;
	size_t count, selected, top;
	bool *marked;  /* NULL: pick one */
};

static void list_overlay(void *arg)
{
	struct list_dialog *d = arg;
	int rows = (int)d->count + 1, width = 20, y, x;
	attr_t attr = ui_slot_attr(UI_SLOT_STATUS);

	for (size_t i = 0; i < d->count; i++) {
		int w = ui_text_width(d->items[i], strlen(d->items[i])) + 8;

		if (w > width)
			width = w;
	}
	if (width < ui_text_width(d->title, strlen(d->title)) + 4)
		width = ui_text_width(d->title, strlen(d->title)) + 4;
	if (width > COLS - 4)
		width = COLS - 4;
	dialog_box(&y, &x, rows, width, d->title);
	rows = LINES - 4 < rows ? LINES - 4 : rows;
	rows--;  /* the last row tells the keys */
	if (d->selected < d->top)
		d->top = d->selected;
	if (rows > 0 && d->selected >= d->top + (size_t)rows)
		d->top = d->selected - (size_t)rows + 1;
	for (int r = 0; r < rows && d->top + (size_t)r < d->count; r++) {
		size_t i = d->top + (size_t)r;
		attr_t a = i == d->selected ? ui_slot_attr(UI_SLOT_SELECTED) : attr;
		int cx = x + 1;

		ui_fill(y + 1 + r, x + 1, width - 2, a);
		if (d->marked)
			cx += ui_puts(y + 1 + r, cx, 4, d->marked[i] ? "[x] " : "[ ] ", a);
		ui_puts(y + 1 + r, cx, width - 2 - (cx - x - 1), d->items[i], a);
	}
	{
		char keys[120];

		ui_answers_text(keys, sizeof(keys), d->marked ? "marks" : "pick");
		ui_puts(y + 1 + rows, x + 1, width - 2, keys, attr);
	}
}

/* The dialog's own answers first (Space marks in a list of marks), then
 * the movement keys every view has. */
static bool list_move(struct list_dialog *d, struct ui_key key)
{
	if (d->count == 0 || ui_answer_for_key(d->marked ? "marks" : "pick", key) != UI_ACTION_NONE)
		return false;
	return ui_select(&d->selected, d->count, ui_action_for_key("list", key), 10);
}

long ui_prompt_pick(struct ui_app *app, const char *title, const char *const *items, size_t count,
		    size_t initial)
{
	struct list_dialog d = { .title = title, .items = items, .count = count,
				 .selected = initial < count ? initial : 0, .top = 0, .marked = NULL };
	struct ui_key key;

	while (ui_prompt_wait(&key, app, list_overlay, &d)) {
		enum ui_action a;

		if (list_move(&d, key))
			continue;
		a = ui_answer_for_key("pick", key);
		if (a == UI_ACTION_CANCEL)
			return -1;
		if (a == UI_ACTION_PICK && count)
			return (long)d.selected;
	}
	return -1;
}

void ui_prompt_marks(struct ui_app *app, const char *title, const char *const *items, size_t count,
		     bool *marked)
{
	struct list_dialog d = { .title = title, .items = items, .count = count,
				 .selected = 0, .top = 0, .marked = marked };
	struct ui_key key;

	while (ui_prompt_wait(&key, app, list_overlay, &d)) {
		enum ui_action a;

		if (list_move(&d, key))
			continue;
		a = ui_answer_for_key("marks", key);
		if (a == UI_ACTION_CANCEL)
			return;
		if (a == UI_ACTION_MARK && count)
			marked[d.selected] = !marked[d.selected];
	}
}
