/* SPDX-License-Identifier: MIT */
/* What the report layer's files share and nobody else uses: an index from
 * one record's ID to others (risks to their actions, controls to the risks
 * that name them) and small readers of record fields. */
#ifndef ISMS_REPORT_PRIVATE_H
#define ISMS_REPORT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/report.h"
#include "isms/store.h"

/* Pairs (key, value) of IDs, sorted by key then value, found by key. */
struct rpt_pair {
	const char *key, *value;  /* point into the snapshot's trees */
};
struct rpt_index {
	struct rpt_pair *items;
	size_t count, cap;
};

/* For every record of kind `kind` (not retired) in `snap`, a pair (ID listed
 * in its field `field`, its own ID); then sorted. */
void rpt_index_build(struct rpt_index *out, const struct isms_snapshot *snap, const char *kind,
		     const char *field);
/* Add a pair (before sorting). */
void rpt_index_add(struct rpt_index *idx, const char *key, const char *value);
void rpt_index_sort(struct rpt_index *idx);
/* The values for `key`, in order, into a new array (the caller frees the
 * array, not the strings); *count of them. */
const char **rpt_index_get(const struct rpt_index *idx, const char *key, size_t *count);
void rpt_index_free(struct rpt_index *idx);

/* Field `name` of `root` as text when it is a scalar and not null; else NULL. */
const char *rpt_text(const struct isms_node *root, const char *name);
/* The record is of kind `kind`, readable and not retired. */
bool rpt_live(const struct isms_view *view, const char *kind);

/* Merge two ID lists (each may hold duplicates) into one sorted without
 * duplicates; the caller frees the array. */
const char **rpt_ids_merge(const char **a, size_t na, const char **b, size_t nb, size_t *count);

/* A section listing the record files of `kinds` (NULL-terminated) that
 * cannot be read, with why; none when all can. */
void rpt_unreadable(struct isms_report_doc *r, const struct isms_snapshot *snap,
		    const char *const *kinds);

/* A section (depth 3) of the records of `kind` not retired: the ID, then
 * the fields named by the keys of cols[1..n-1]. */
struct isms_report_section *rpt_records_section(struct isms_report_doc *r, const char *key,
						const char *title,
						const struct isms_snapshot *snap, const char *kind,
						const struct isms_report_column *cols, size_t n);

#endif
