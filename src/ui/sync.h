/* SPDX-License-Identifier: MIT */
/* Sync from the TUI (sync.c). */
#ifndef ISMS_UI_SYNC_H
#define ISMS_UI_SYNC_H

struct ui_app;

/* Leave the screen to git (its prompts and progress), run the sync with
 * the branch's remote, come back and show what came in, record by record,
 * or the conflicts, field by field, with the commands that resolve them. */
void ui_sync(struct ui_app *app);

#endif
