/* SPDX-License-Identifier: MIT */
/* The risk register and the heat map (risks.c, heatmap.c). */
#ifndef ISMS_UI_RISKS_H
#define ISMS_UI_RISKS_H

#include "view.h"

extern const struct ui_view_ops ui_risks_ops;
extern const struct ui_view_ops ui_heatmap_ops;

/* Open the risk register, filtered by `filter` (NULL: every risk). */
void ui_risks_open(struct ui_app *app, const char *filter);
/* Open the heat map. */
void ui_heatmap_open(struct ui_app *app);

#endif
