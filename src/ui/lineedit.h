/* SPDX-License-Identifier: MIT */
/* A one-line text editor for form fields and prompts: UTF-8 text, a cursor
 * that moves by characters (Left/Right, Home/End), insert, Backspace and
 * Delete, wide characters measured with wcwidth, and a bracketed paste as
 * text (its line breaks as spaces, never Enter). Control characters are refused, so the text is always valid
 * one-line UTF-8. */
#ifndef ISMS_UI_LINEEDIT_H
#define ISMS_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"

struct ui_lineedit {
	char *text;     /* NUL-terminated UTF-8 */
	size_t len, cap;
	size_t cursor;  /* byte offset, at a character boundary */
	int scroll;     /* first column shown */
};

enum ui_lineedit_result {
	UI_LINEEDIT_CHANGED,  /* the text or the cursor moved */
	UI_LINEEDIT_DONE,     /* Enter */
	UI_LINEEDIT_CANCEL,   /* Esc */
	UI_LINEEDIT_IGNORED,  /* a key it does not use */
};

void ui_lineedit_init(struct ui_lineedit *le, const char *text);
/* Free the text and empty `le`; NULL is fine. */
void ui_lineedit_free(struct ui_lineedit *le);
void ui_lineedit_set(struct ui_lineedit *le, const char *text);
enum ui_lineedit_result ui_lineedit_key(struct ui_lineedit *le, struct ui_key key);

/* Draw into `width` columns at (y, x), scrolled so the cursor shows; the
 * column of the cursor goes to *cursor_x. */
void ui_lineedit_draw(struct ui_lineedit *le, int y, int x, int width, unsigned attr,
		      int *cursor_x);

#endif
