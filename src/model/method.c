/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/method.h"

static const struct isms_scale_level default_likelihood[] = {
	{ "Rare", "Not expected in the next ten years" },
	{ "Unlikely", "Could happen once in five to ten years" },
	{ "Possible", "Could happen once in one to five years" },
	{ "Likely", "Expected about once a year" },
	{ "Almost certain", "Expected several times a year" },
};

static const struct isms_scale_level default_impact[] = {
	{ "Negligible", "Noticed inside the team; no customer or legal effect" },
	{ "Minor", "Short disruption or a small loss; fixed within days" },
	{ "Moderate", "Customers notice; a contract or a law may be breached" },
	{ "Major", "Serious harm to customers or finances; regulators involved" },
	{ "Severe", "Threatens the organisation's survival or people's safety" },
};

static const struct isms_risk_level default_levels[] = {
	{ "Low", "green" }, { "Medium", "yellow" }, { "High", "red" }, { "Critical", "magenta" },
};

void isms_method_default(struct isms_method *out)
{
	memset(out, 0, sizeof(*out));
	out->likelihood_count = out->impact_count = 5;
	out->level_count = 4;
	memcpy(out->likelihood, default_likelihood, sizeof(default_likelihood));
	memcpy(out->impact, default_impact, sizeof(default_impact));
	memcpy(out->levels, default_levels, sizeof(default_levels));
	/* By the product: 1-4 Low, 5-9 Medium, 10-16 High, 20-25 Critical. */
	for (unsigned l = 1; l <= 5; l++)
		for (unsigned i = 1; i <= 5; i++) {
			unsigned p = l * i;

			out->matrix[l - 1][i - 1] = p <= 4 ? 0 : p <= 9 ? 1 : p <= 16 ? 2 : 3;
		}
	out->accept = 0;
}

int isms_method_level(const struct isms_method *m, unsigned likelihood, unsigned impact)
{
	if (likelihood < 1 || likelihood > m->likelihood_count || impact < 1 || impact > m->impact_count)
		return -1;
	return (int)m->matrix[likelihood - 1][impact - 1];
}

static struct isms_node *scale_tree(const struct isms_scale_level *levels, unsigned n)
{
	struct isms_node *seq = isms_node_seq();

	for (unsigned i = 0; i < n; i++) {
		struct isms_node *item = isms_node_map();

		isms_map_set(item, "label", isms_node_str(levels[i].label));
		isms_map_set(item, "description", isms_node_str(levels[i].description));
		isms_seq_append(seq, item);
	}
	return seq;
}

struct isms_node *isms_method_tree(const struct isms_method *m)
{
	struct isms_node *root = isms_node_map(), *levels = isms_node_seq(), *matrix = isms_node_seq();

	isms_map_set(root, "likelihood", scale_tree(m->likelihood, m->likelihood_count));
	isms_map_set(root, "impact", scale_tree(m->impact, m->impact_count));
	for (unsigned i = 0; i < m->level_count; i++) {
		struct isms_node *item = isms_node_map();

		isms_map_set(item, "name", isms_node_str(m->levels[i].name));
		isms_map_set(item, "colour", isms_node_str(m->levels[i].colour));
		isms_seq_append(levels, item);
	}
	isms_map_set(root, "levels", levels);
	for (unsigned l = 0; l < m->likelihood_count; l++) {
		struct isms_node *row = isms_node_seq();

		for (unsigned i = 0; i < m->impact_count; i++)
			isms_seq_append(row, isms_node_str(m->levels[m->matrix[l][i]].name));
		isms_seq_append(matrix, row);
	}
	isms_map_set(root, "matrix", matrix);
	isms_map_set(root, "acceptance", isms_node_str(m->levels[m->accept].name));
	return root;
}

/* Reading */

#define PROBLEM(node, ...)                                                                  \
	isms_findings_add(findings, ISMS_SEV_ERROR, (node) ? (node)->line : 1,                \
			  (node) ? (node)->column : 1, __VA_ARGS__)

/* The list `what` of `method`: 2 to ISMS_SCALE_MAX mappings, each with
 * texts `a` and `b`, the `a`s all different. */
static bool read_pairs(const char *out[][2], unsigned *count, const struct isms_node *method,
		       const char *what, const char *a, const char *b, struct isms_findings *findings)
{
	const struct isms_node *list = isms_map_get(method, what);

	if (!list || list->type != ISMS_NODE_SEQ || list->count < 2 || list->count > ISMS_SCALE_MAX) {
		PROBLEM(list ? list : method, "risk_method: '%s' must be a list of 2 to %d entries",
			what, ISMS_SCALE_MAX);
		return false;
	}
	for (size_t i = 0; i < list->count; i++) {
		out[i][0] = isms_map_get_text(list->items[i], a);
		out[i][1] = isms_map_get_text(list->items[i], b);
		if (!out[i][0] || !*out[i][0] || !out[i][1]) {
			PROBLEM(list->items[i], "risk_method: each entry of '%s' needs '%s' and '%s'",
				what, a, b);
			return false;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(out[k][0], out[i][0]) == 0) {
				PROBLEM(list->items[i], "risk_method: '%s' has '%s' twice", what, out[i][0]);
				return false;
			}
	}
	*count = (unsigned)list->count;
	return true;
}

static int level_index(const struct isms_method *m, const char *name)
{
	for (unsigned i = 0; name && i < m->level_count; i++)
		if (strcmp(m->levels[i].name, name) == 0)
			return (int)i;
	return -1;
}

void isms_method_read(struct isms_method *out, const struct isms_node *node,
		      struct isms_findings *findings)
{
	const char *likelihood[ISMS_SCALE_MAX][2] = { { 0 } }, *impact[ISMS_SCALE_MAX][2] = { { 0 } };
	const char *levels[ISMS_SCALE_MAX][2] = { { 0 } };
	struct isms_method m;
	const struct isms_node *matrix;
	int accept;

	memset(&m, 0, sizeof(m));
	if (!node || node->type != ISMS_NODE_MAP) {
		PROBLEM(node, "risk_method must be a mapping with likelihood, impact, levels, "
			"matrix and acceptance");
		isms_method_default(out);
		return;
	}
	if (!read_pairs(likelihood, &m.likelihood_count, node, "likelihood", "label", "description",
			findings) ||
	    !read_pairs(impact, &m.impact_count, node, "impact", "label", "description", findings) ||
	    !read_pairs(levels, &m.level_count, node, "levels", "name", "colour", findings))
		goto fallback;
	for (unsigned i = 0; i < ISMS_SCALE_MAX; i++) {
		m.likelihood[i] = (struct isms_scale_level){ .label = likelihood[i][0],
							    .description = likelihood[i][1] };
		m.impact[i] = (struct isms_scale_level){ .label = impact[i][0],
							.description = impact[i][1] };
		m.levels[i] = (struct isms_risk_level){ .name = levels[i][0], .colour = levels[i][1] };
	}
	matrix = isms_map_get(node, "matrix");
	if (!matrix || matrix->type != ISMS_NODE_SEQ || matrix->count != m.likelihood_count) {
		PROBLEM(matrix ? matrix : node,
			"risk_method: 'matrix' needs one row for each of the %u likelihood levels",
			m.likelihood_count);
		goto fallback;
	}
	for (unsigned l = 0; l < m.likelihood_count; l++) {
		const struct isms_node *row = matrix->items[l];

		if (row->type != ISMS_NODE_SEQ || row->count != m.impact_count) {
			PROBLEM(row, "risk_method: matrix row %u needs one level for each of the %u "
				"impact levels", l + 1, m.impact_count);
			goto fallback;
		}
		for (unsigned i = 0; i < m.impact_count; i++) {
			int level = row->items[i]->type == ISMS_NODE_SCALAR
				    ? level_index(&m, row->items[i]->text) : -1;

			if (level < 0) {
				PROBLEM(row->items[i], "risk_method: matrix row %u, column %u is not "
					"one of the level names", l + 1, i + 1);
				goto fallback;
			}
			m.matrix[l][i] = (unsigned)level;
		}
	}
	accept = level_index(&m, isms_map_get_text(node, "acceptance"));
	if (accept < 0) {
		PROBLEM(isms_map_get(node, "acceptance") ? isms_map_get(node, "acceptance") : node,
			"risk_method: 'acceptance' must name the highest level accepted without treatment");
		goto fallback;
	}
	m.accept = (unsigned)accept;
	*out = m;
	return;
fallback:
	isms_method_default(out);
}
