/* SPDX-License-Identifier: MIT */
/* Document control (27001 7.5) in one view, in sections: files changed in
 * the working tree outside the workbench (status, path, record), reviews
 * overdue or due within 30 days, retired records whose retention has
 * ended, and the external documents, marked ! when their file no longer
 * matches its sha256. On a changed file: d its diff with the last commit,
 * v validate it, c commit it (asks for the message); on an external
 * document: o opens its file with the system viewer; Enter opens a record
 * in its form, h its history. */
#ifndef ISMS_UI_DOCCONTROL_H
#define ISMS_UI_DOCCONTROL_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/store.h"
#include "view.h"

extern const struct ui_view_ops ui_doccontrol_ops;

/* Open the view on top of the others; the status bar says why when it
 * cannot be read. */
void ui_doccontrol_open(struct ui_app *app);

/* What needs attention, for the walk's node: the counts of each section
 * (changed files, reviews overdue, reviews due, retention ended, external
 * documents, of those not matching) into `out`. */
struct ui_doccontrol_counts {
	size_t files, overdue, due, retention, docs, mismatched;
};
void ui_doccontrol_counts(struct ui_doccontrol_counts *out, const struct isms_doccontrol *c);

#endif
