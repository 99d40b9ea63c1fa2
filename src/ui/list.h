/* SPDX-License-Identifier: MIT */
/* Lists of records: those a clause needs (of the kinds of its
 * requirements) or those of one kind, with ID, status and title; sorted by
 * ID, title or status (s cycles) and filtered by text in the ID or title
 * (f). From a list: Enter or e edits, n creates, r retires, h shows the
 * history. */
#ifndef ISMS_UI_LIST_H
#define ISMS_UI_LIST_H

#include "isms/catalog.h"
#include "view.h"

extern const struct ui_view_ops ui_list_ops;

/* Open the list of the records `clause` needs. */
int ui_list_open_clause(struct ui_app *app, const struct isms_clause *clause);
/* Open the list of the records of `kind`. */
int ui_list_open_kind(struct ui_app *app, const struct isms_kind *kind);
/* Open the list of the records of the kinds named (at most four), headed `what`. */
int ui_list_open_kinds(struct ui_app *app, const char *what, const char *const *kinds, size_t count);
/* Ask for a kind and open its list. */
void ui_list_choose_kind(struct ui_app *app);

/* Lines for the walk's detail pane: the clause's records, at most `max`
 * of them, then how many more there are. */
void ui_list_clause_lines(struct ui_lines *out, struct ui_app *app, const struct isms_clause *clause,
			  size_t max);

#endif
