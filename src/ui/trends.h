/* SPDX-License-Identifier: MIT */
/* Objectives and their measurements over time, 27001 6.2 and 9.1
 * (trends.c). */
#ifndef ISMS_UI_TRENDS_H
#define ISMS_UI_TRENDS_H

#include <stddef.h>

#include "isms/store.h"
#include "view.h"

extern const struct ui_view_ops ui_trends_ops;

void ui_trends_open(struct ui_app *app);

/* A sparkline of the last `width` points of `s` into `out` (at least
 * width + 1 bytes), in plain ASCII that any terminal shows: "_.-~^" from
 * the lowest value shown to the highest, '?' for a value that is not a
 * number, '-' throughout when they are all equal. */
void ui_sparkline(char *out, size_t width, const struct isms_series *s);

#endif
