/* SPDX-License-Identifier: MIT */
/* Indexes between records for the reports (src/report/report_private.h):
 * sorted pairs, so that 10,000 risks find their actions without a search
 * through every action. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/rules.h"
#include "isms/text.h"
#include "report_private.h"

const char *rpt_text(const struct isms_node *root, const char *name)
{
	const struct isms_node *n = root ? isms_map_get(root, name) : NULL;

	if (!n || n->type != ISMS_NODE_SCALAR || n->scalar == ISMS_SCALAR_NULL)
		return NULL;
	return n->text;
}

bool rpt_live(const struct isms_view *view, const char *kind)
{
	return view->root && view->root->type == ISMS_NODE_MAP &&
	       (!kind || strcmp(view->kind->name, kind) == 0) && !isms_view_retired(view);
}

void rpt_index_add(struct rpt_index *idx, const char *key, const char *value)
{
	idx->items = isms_grow(idx->items, &idx->cap, idx->count + 1, sizeof(*idx->items));
	idx->items[idx->count++] = (struct rpt_pair){ key, value };
}

static int compare_pairs(const void *a, const void *b)
{
	const struct rpt_pair *x = a, *y = b;
	int c = isms_id_compare(x->key, y->key);

	return c ? c : isms_id_compare(x->value, y->value);
}

void rpt_index_sort(struct rpt_index *idx)
{
	if (idx->count > 1)
		qsort(idx->items, idx->count, sizeof(*idx->items), compare_pairs);
}

void rpt_index_build(struct rpt_index *out, const struct isms_snapshot *snap, const char *kind,
		     const char *field)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		const struct isms_node *list;

		if (!rpt_live(v, kind) || !(list = isms_map_get(v->root, field)))
			continue;
		if (list->type == ISMS_NODE_SCALAR && list->scalar != ISMS_SCALAR_NULL)
			rpt_index_add(out, list->text, v->id);
		for (size_t j = 0; list->type == ISMS_NODE_SEQ && j < list->count; j++)
			if (list->items[j]->type == ISMS_NODE_SCALAR)
				rpt_index_add(out, list->items[j]->text, v->id);
	}
	rpt_index_sort(out);
}

const char **rpt_index_get(const struct rpt_index *idx, const char *key, size_t *count)
{
	size_t lo = 0, hi = idx->count, n = 0;
	const char **out;

	while (lo < hi) {  /* the first pair whose key is not below `key` */
		size_t mid = lo + (hi - lo) / 2;

		if (isms_id_compare(idx->items[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < idx->count && strcmp(idx->items[hi].key, key) == 0; hi++)
		;
	out = isms_calloc(hi - lo ? hi - lo : 1, sizeof(*out));
	for (size_t i = lo; i < hi; i++)
		if (!n || strcmp(out[n - 1], idx->items[i].value) != 0)
			out[n++] = idx->items[i].value;
	*count = n;
	return out;
}

void rpt_index_free(struct rpt_index *idx)
{
	if (!idx)
		return;
	free(idx->items);
	memset(idx, 0, sizeof(*idx));
}

static int compare_ids(const void *a, const void *b)
{
	return isms_id_compare(*(const char *const *)a, *(const char *const *)b);
}

const char **rpt_ids_merge(const char **a, size_t na, const char **b, size_t nb, size_t *count)
{
	const char **out = isms_calloc(na + nb ? na + nb : 1, sizeof(*out));
	size_t n = 0;

	if (na)
		memcpy(out, a, na * sizeof(*a));
	if (nb)
		memcpy(out + na, b, nb * sizeof(*b));
	if (na + nb > 1)
		qsort(out, na + nb, sizeof(*out), compare_ids);
	for (size_t i = 0; i < na + nb; i++)
		if (!n || strcmp(out[n - 1], out[i]) != 0)
			out[n++] = out[i];
	*count = n;
	return out;
}

void rpt_unreadable(struct isms_report_doc *r, const struct isms_snapshot *snap,
		    const char *const *kinds)
{
	static const struct isms_report_column cols[] = {
		{ "path", "File", ISMS_COL_TEXT },
		{ "problem", "Why it cannot be read", ISMS_COL_TEXT },
	};
	struct isms_report_section *s = NULL;

	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		const struct isms_findings *f = &snap->records.findings[i];
		bool ours = false;
		size_t row;

		for (size_t k = 0; kinds[k]; k++)
			ours |= strcmp(v->kind->name, kinds[k]) == 0;
		if (!ours || (v->root && v->root->type == ISMS_NODE_MAP))
			continue;
		if (!s)
			s = isms_report_section(r, "unreadable", "Records that cannot be read", 2,
						cols, 2);
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), snap->records.paths[i]);
		isms_cell_set(isms_report_cell(s, row, 1), f->count ? f->items[0].message :
			      "not a mapping");
	}
	if (s)
		s->text = isms_strdup("These files are in the commit but are not valid records; "
				      "they are left out of the tables above until they are mended "
				      "(isms check names the place).");
}

struct isms_report_section *rpt_records_section(struct isms_report_doc *r, const char *key,
						const char *title,
						const struct isms_snapshot *snap, const char *kind,
						const struct isms_report_column *cols, size_t n)
{
	struct isms_report_section *s = isms_report_section(r, key, title, 3, cols, n);

	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		size_t row;

		if (!rpt_live(v, kind))
			continue;
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), v->id);
		for (size_t c = 1; c < n; c++)
			isms_cell_node(isms_report_cell(s, row, c), isms_map_get(v->root, cols[c].key));
	}
	return s;
}
