/* SPDX-License-Identifier: MIT */
/* Dialogs drawn over the current view: a line of text, a choice among a
 * few answers, a pick from a list, marks in a list. Each runs its own
 * loop on ui_screen_next; when the session ends meanwhile (the script
 * ended, a signal, the terminal gone) it returns "cancelled" and sets
 * app->ended, so the main loop stops and nothing is lost. */
#ifndef ISMS_UI_PROMPT_H
#define ISMS_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

/* Ask for a line of text, starting with `def`. 1 with *out (the caller
 * frees), or 0 when cancelled (Esc). */
int ui_prompt_text(char **out, struct ui_app *app, const char *question, const char *def);
/* ui_prompt_text with a line `about` (may be NULL) between the question
 * and the text: who acts, what it becomes. */
int ui_prompt_text_about(char **out, struct ui_app *app, const char *question, const char *about,
			 const char *def);

/* Ask for a filter, starting with *filter; on Enter, *filter becomes
 * the text (NULL when empty: no filter) and true is returned; Esc keeps it
 * and returns false. */
bool ui_prompt_filter(char **filter, struct ui_app *app, const char *question, const char *about);

/* Ask a question answered by one of the actions of the dialog called
 * `dialog` in the action table ("leave": save, discard, cancel); the dialog
 * names their keys as the table (or a keymap) binds them. Returns the
 * answer, or UI_ACTION_NONE when cancelled (the cancel action, Esc). */
enum ui_action ui_prompt_choice(struct ui_app *app, const char *question, const char *dialog);

/* Pick one of `items`; the selection starts at `initial`. The index, or -1
 * when cancelled. */
long ui_prompt_pick(struct ui_app *app, const char *title, const char *const *items, size_t count,
		    size_t initial);

/* Mark any of `items` (Space or Enter toggles `marked[i]`); Esc ends. */
void ui_prompt_marks(struct ui_app *app, const char *title, const char *const *items, size_t count,
		     bool *marked);

/* Wait for the next key while the screen shows the app and a dialog drawn
 * by `overlay`; false (with app->ended set) when the session ended. For
 * the dialogs here and the line editing of forms. */
bool ui_prompt_wait(struct ui_key *key, struct ui_app *app, void (*overlay)(void *), void *arg);

#endif
