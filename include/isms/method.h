/* SPDX-License-Identifier: MIT */
/* The risk method (27001 6.1.2), as data in isms.yaml: a likelihood scale
 * and an impact scale with labels and descriptions, named risk levels with
 * colours, the matrix that gives a level to each pair, and the highest level
 * accepted without treatment. */
#ifndef ISMS_METHOD_H
#define ISMS_METHOD_H

#include <stdbool.h>
#include "isms/tree.h"
#include "isms/validate.h"

#define ISMS_SCALE_MAX 10

struct isms_scale_level {
	const char *label;        /* "Likely" */
	const char *description;  /* "Expected within a year" */
};

struct isms_risk_level {
	const char *name;    /* "High" */
	const char *colour;  /* a colour name for displays, e.g. "red" */
};

struct isms_method {
	unsigned likelihood_count, impact_count, level_count;
	struct isms_scale_level likelihood[ISMS_SCALE_MAX], impact[ISMS_SCALE_MAX];
	struct isms_risk_level levels[ISMS_SCALE_MAX];    /* lowest first */
	unsigned matrix[ISMS_SCALE_MAX][ISMS_SCALE_MAX];  /* [likelihood-1][impact-1]: level index */
	unsigned accept;  /* index of the highest level accepted without treatment */
};

/* The default: 5x5, four levels (Low, Medium, High, Critical) from the
 * product of likelihood and impact, Low accepted. */
void isms_method_default(struct isms_method *out);

/* Read the method from the `risk_method` mapping of isms.yaml. Problems go
 * to `findings` (with positions) and the default is used in their place, so
 * that the caller always has a usable method; the strings point into `node`,
 * which must outlive `out`. */
void isms_method_read(struct isms_method *out, const struct isms_node *node,
		      struct isms_findings *findings);

/* The method as a tree, for isms.yaml. */
struct isms_node *isms_method_tree(const struct isms_method *method);

/* The level index for a likelihood and an impact (each from 1), or -1 when
 * either is off its scale. */
int isms_method_level(const struct isms_method *method, unsigned likelihood, unsigned impact);

#endif
