/* SPDX-License-Identifier: MIT */
/* Governance by process, 27014 (governance.c). */
#ifndef ISMS_UI_GOVERNANCE_H
#define ISMS_UI_GOVERNANCE_H

#include "view.h"

extern const struct ui_view_ops ui_governance_ops;

void ui_governance_open(struct ui_app *app);

#endif
