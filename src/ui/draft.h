/* SPDX-License-Identifier: MIT */
/* Drafts: unsaved form edits written when a session drops (SIGHUP), kept
 * in the repository's .git/isms/ui-drafts/ as ID.yaml (ID-2.yaml, ... when
 * that exists: a draft is never overwritten), mode 0600, and offered for
 * recovery at the next start. */
#ifndef ISMS_UI_DRAFT_H
#define ISMS_UI_DRAFT_H

#include "isms/store.h"
#include "view.h"

/* Write `root` as a new draft for record `id`, edited from the version
 * whose blob id is `base` ("" for a new record), kept beside it as
 * NAME.base so that recovering a draft of an older version is a conflict,
 * not an overwrite. *path (if not NULL) gets the file written (the caller
 * frees). 0 or a negative ISMS_E code. */
int ui_draft_write(char **path, struct isms_store *store, const char *id,
		   const struct isms_node *root, const char *base);

/* Keep `text` (review comments a refused review would lose) as a new
 * file NAME.txt (NAME-2.txt...) in the folder of drafts, mode 0600; *path
 * gets it (the caller frees). Such files are not offered at the start:
 * the user is told where it is. 0 or a negative ISMS_E code. */
int ui_draft_write_text(char **path, struct isms_store *store, const char *name, const char *text);

/* The folder of drafts (the caller frees). */
char *ui_draft_folder(struct isms_store *store);

/* When drafts exist, offer each: recover (open a form with its values;
 * the draft file goes), discard (the file goes) or later (it stays). */
void ui_draft_offer(struct ui_app *app);

#endif
