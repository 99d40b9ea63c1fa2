/* SPDX-License-Identifier: MIT */
/* The form: a record's fields as the kind defines them, one row each, with
 * the focused field's help; short text in a line editor, enums, scales and
 * references from pickers, lists of references by marks, dates checked on
 * leaving the field, yes/no toggled, long text in $VISUAL/$EDITOR. Keys
 * the kind does not know are shown and kept, not edited. Save validates,
 * asks for the commit message and commits through the store; errors leave
 * the edits in place. Leaving with unsaved changes asks. */
#ifndef ISMS_UI_FORM_H
#define ISMS_UI_FORM_H

#include <stdbool.h>

#include "isms/store.h"
#include "view.h"

extern const struct ui_view_ops ui_form_ops;

/* Open a form on `rec` (taken over: the form frees it). A record with no
 * base (isms_store_create) is new: saving it creates it. */
int ui_form_open(struct ui_app *app, struct isms_record *rec);

/* Open a form on `rec` with `root` (taken over) as the edited values: a
 * recovered draft, unsaved until the user saves. */
int ui_form_open_draft(struct ui_app *app, struct isms_record *rec, struct isms_node *root);

/* Before quitting: ask about every form with unsaved changes (save,
 * discard, cancel). False when the user cancelled or a save failed. */
bool ui_form_leave_all(struct ui_app *app);

/* After SIGHUP: write the unsaved edits of every form as drafts. */
void ui_form_write_drafts(struct ui_app *app);

#endif
