/* SPDX-License-Identifier: MIT */
/* The Statement of Applicability view (soa.c). */
#ifndef ISMS_UI_SOA_H
#define ISMS_UI_SOA_H

#include "view.h"

extern const struct ui_view_ops ui_soa_ops;

/* Open the SoA, filtered by `filter` (NULL: every control). */
void ui_soa_open(struct ui_app *app, const char *filter);

#endif
