/* SPDX-License-Identifier: MIT */
/* A record as a report section: its fields in the kind's order, long text
 * as paragraphs. For the latest management review and board report in an
 * audit pack, and for the packs that quote a record. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/report.h"
#include "report_private.h"

static const struct isms_report_column field_columns[] = {
	{ "field", "Field", ISMS_COL_TEXT },
	{ "value", "Value", ISMS_COL_LONGTEXT },
};

const struct isms_view *isms_report_latest(const struct isms_snapshot *snap, const char *kind)
{
	const struct isms_view *latest = NULL;

	for (size_t i = 0; i < snap->records.count; i++)
		if (rpt_live(&snap->records.views[i], kind))
			latest = &snap->records.views[i];  /* by ID: the newest last */
	return latest;
}

struct isms_report_section *isms_report_record_section(struct isms_report_doc *r,
						       const struct isms_view *v, unsigned depth)
{
	char *key = isms_asprintf("record-%s", v->id);
	const char *title = rpt_text(v->root, "title");
	char *heading = isms_asprintf("%s %s", v->id, title ? title : "");
	struct isms_report_section *s = isms_report_section(r, key, heading, depth, field_columns, 2);

	s->layout = ISMS_LAYOUT_FIELDS;
	for (size_t f = 0; f < v->kind->field_count; f++) {
		const struct isms_field *field = &v->kind->fields[f];
		const struct isms_node *n = isms_map_get(v->root, field->name);
		size_t row;

		if (!n || strcmp(field->name, "kind") == 0)
			continue;
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), field->help ? field->help : field->name);
		isms_cell_node(isms_report_cell(s, row, 1), n);
	}
	free(key);
	free(heading);
	return s;
}
