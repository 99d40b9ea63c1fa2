/* SPDX-License-Identifier: MIT */
/* The risks as the register and the heat map show them, from the records
 * the app read at the start (and after each save): levels by the risk
 * method, the owner, the treatment, the acceptance and the treatment
 * actions still open. */
#ifndef ISMS_UI_RISKDATA_H
#define ISMS_UI_RISKDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

enum ui_acceptance {
	UI_ACCEPT_NOT_NEEDED,  /* within the method's acceptance level */
	UI_ACCEPT_NEEDED,      /* above it and not accepted */
	UI_ACCEPT_DONE,        /* accepted by its owner */
};

struct ui_risk {
	const char *id, *title, *owner, *treatment, *status;  /* point into app->records */
	int inherent, residual;  /* level indexes; -1 when not rated (residual: not yet) */
	unsigned likelihood, impact, residual_likelihood, residual_impact;  /* 0: not set */
	enum ui_acceptance acceptance;
	size_t actions_open, actions_overdue;
	char next_due[11];       /* the earliest due date of the open actions, or "" */
};

struct ui_risks {
	struct ui_risk *items;
	size_t count;
	unsigned generation;  /* of the app, when built */
};

/* Build `out` from app->records (free it first when it held a list). */
void ui_risks_build(struct ui_risks *out, struct ui_app *app);
void ui_risks_free(struct ui_risks *risks);

/* Whether a risk is accepted, as the reports judge it
 * (isms_risk_acceptance: both fields, and not assessed again since), or
 * needs to be: its level above the method's acceptance level. */
enum ui_acceptance ui_risk_acceptance(const struct isms_method *method, const struct isms_node *root,
				      int level);

/* The level a risk is judged by: the residual when rated, else the inherent. */
int ui_risk_level(const struct ui_risk *risk);

/* A level's name ("High"), "-" when not rated; and its mark, which reads
 * without colour: "!" above the acceptance level, " " otherwise. */
const char *ui_level_name(const struct isms_method *method, int level);
char ui_level_mark(const struct isms_method *method, int level);
/* The colour slot for a level: above acceptance stands out. */
int ui_level_slot(const struct isms_method *method, int level);

/* Whether `risk` matches the filter `filter`: words, all of which must
 * match; "level:high", "residual:low", "owner:ann", "treatment:modify",
 * "state:accepted" (accepted, needed, within), "above" (above acceptance),
 * "cell:L,I" (the inherent cell) or "rcell:L,I" (the residual one), or
 * text anywhere in the ID, title or owner. Case does not matter. */
bool ui_risk_matches(const struct isms_method *method, const struct ui_risk *risk, const char *filter);

#endif
