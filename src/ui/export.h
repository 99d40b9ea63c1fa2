/* SPDX-License-Identifier: MIT */
/* Export a report from the TUI (export.c). */
#ifndef ISMS_UI_EXPORT_H
#define ISMS_UI_EXPORT_H

struct ui_app;

/* Ask which report, which format and where, then write it through the
 * report layer (as `isms export` does); an existing file is replaced only
 * when the user says yes. The status bar says what was written or why not. */
void ui_export(struct ui_app *app);

#endif
