/* SPDX-License-Identifier: MIT */
/* Writing a report as Markdown, CSV or JSON (HTML: render_html.c). Every
 * text goes through src/report/escape.c. */
#include "config.h"

#include <string.h>

#include "isms/error.h"
#include "isms/escape.h"
#include "isms/json.h"
#include "isms/report.h"
#include "render.h"

/* The metadata as rows (label, value), in the order every format shows. */
size_t rpt_meta_rows(const struct isms_report_doc *r, const char *labels[6], const char *values[6])
{
	static const char *const names[] = { "Organisation", "Made from commit", "Revision asked",
					     "Generated", "Approval" };

	for (size_t i = 0; i < 5; i++)
		labels[i] = names[i];
	values[0] = r->meta.organisation;
	values[1] = r->meta.commit;
	values[2] = r->meta.revision;
	values[3] = r->meta.generated;
	values[4] = r->meta.approval;
	return 5;
}

static const char *col_type_name(enum isms_col_type t)
{
	static const char *const names[] = { "text", "longtext", "date", "level", "number", "list" };

	return names[t];
}

static const char *layout_name(enum isms_section_layout l)
{
	return l == ISMS_LAYOUT_HEATMAP ? "heatmap" : l == ISMS_LAYOUT_FIELDS ? "fields" : "table";
}

/* A cell as Markdown: its text, a heat map's count with its level. */
static void md_cell(struct isms_buf *out, const struct isms_report_section *s,
		    const struct isms_report_cell *c)
{
	if (c->href) {
		/* A link of ours: [text](<href>), the target in angle brackets. */
		isms_buf_putc(out, '[');
		isms_esc_md(out, c->text, true);
		isms_buf_puts(out, "](<");
		isms_esc_md(out, c->href, true);
		isms_buf_puts(out, ">)");
	} else {
		isms_esc_md(out, c->text, true);
	}
	if (s->layout == ISMS_LAYOUT_HEATMAP && c->label) {
		isms_buf_puts(out, " (");
		isms_esc_md(out, c->label, true);
		isms_buf_putc(out, ')');
	}
}

static void md_table(struct isms_buf *out, const struct isms_report_section *s)
{
	if (s->layout == ISMS_LAYOUT_FIELDS) {
		isms_buf_puts(out, "| Field | Value |\n|---|---|\n");
	} else {
		isms_buf_putc(out, '|');
		for (size_t c = 0; c < s->column_count; c++) {
			isms_buf_putc(out, ' ');
			isms_esc_md(out, s->columns[c].title, true);
			isms_buf_puts(out, " |");
		}
		isms_buf_puts(out, "\n|");
		for (size_t c = 0; c < s->column_count; c++)
			isms_buf_puts(out, s->columns[c].type == ISMS_COL_NUMBER ? "---:|" : "---|");
		isms_buf_putc(out, '\n');
	}
	for (size_t r = 0; r < s->row_count; r++) {
		isms_buf_putc(out, '|');
		for (size_t c = 0; c < s->column_count; c++) {
			isms_buf_putc(out, ' ');
			md_cell(out, s, &s->cells[r * s->column_count + c]);
			isms_buf_puts(out, " |");
		}
		isms_buf_putc(out, '\n');
	}
	if (s->row_count == 0)
		isms_buf_puts(out, "\n_None._\n");
}

static void render_md(struct isms_buf *out, const struct isms_report_doc *r)
{
	const char *labels[6], *values[6];
	size_t n = rpt_meta_rows(r, labels, values);

	isms_buf_puts(out, "# ");
	isms_esc_md(out, r->meta.title, true);
	isms_buf_puts(out, "\n\n| | |\n|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		isms_buf_printf(out, "| %s | ", labels[i]);
		isms_esc_md(out, values[i], true);
		isms_buf_puts(out, " |\n");
	}
	for (size_t i = 0; i < r->section_count; i++) {
		const struct isms_report_section *s = &r->sections[i];

		isms_buf_putc(out, '\n');
		for (unsigned d = 0; d < s->depth; d++)
			isms_buf_putc(out, '#');
		isms_buf_putc(out, ' ');
		isms_esc_md(out, s->title, true);
		isms_buf_puts(out, "\n\n");
		if (s->text) {
			isms_esc_md(out, s->text, false);
			isms_buf_puts(out, "\n\n");
		}
		if (s->markdown) {
			rpt_md_body(out, s->markdown);
			isms_buf_puts(out, "\n");
		}
		if (s->column_count)
			md_table(out, s);
	}
}

static void render_csv(struct isms_buf *out, const struct isms_report_doc *r)
{
	const struct isms_report_section *s = r->primary < r->section_count ?
					      &r->sections[r->primary] : NULL;

	if (!s)
		return;
	for (size_t c = 0; c < s->column_count; c++) {
		if (c)
			isms_buf_putc(out, ',');
		isms_esc_csv(out, s->columns[c].key, false);
	}
	isms_buf_puts(out, "\r\n");
	for (size_t row = 0; row < s->row_count; row++) {
		for (size_t c = 0; c < s->column_count; c++) {
			const struct isms_report_cell *cell = &s->cells[row * s->column_count + c];

			if (c)
				isms_buf_putc(out, ',');
			isms_esc_csv(out, cell->text, cell->has_number);
		}
		isms_buf_puts(out, "\r\n");
	}
}

static void json_cell(struct isms_buf *out, const struct isms_report_column *col,
		      const struct isms_report_cell *c)
{
	if (col->type == ISMS_COL_LIST) {
		isms_buf_putc(out, '[');
		for (size_t i = 0; i < c->item_count; i++) {
			if (i)
				isms_buf_putc(out, ',');
			isms_esc_json(out, c->items[i]);
		}
		isms_buf_putc(out, ']');
	} else if (col->type == ISMS_COL_LEVEL || (c->has_number && c->level >= 0)) {
		if (c->level < 0 && !c->has_number) {
			isms_buf_puts(out, "null");
			return;
		}
		isms_buf_putc(out, '{');
		if (c->has_number)
			isms_buf_printf(out, "\"count\":%lld,", c->number);
		isms_buf_printf(out, "\"index\":%d,\"label\":", c->level);
		isms_esc_json(out, c->label ? c->label : "");
		isms_buf_puts(out, ",\"colour\":");
		isms_esc_json(out, c->colour ? c->colour : "");
		isms_buf_putc(out, '}');
	} else if (col->type == ISMS_COL_NUMBER && c->has_number) {
		isms_buf_printf(out, "%lld", c->number);
	} else if ((col->type == ISMS_COL_NUMBER || col->type == ISMS_COL_DATE) && !*c->text) {
		isms_buf_puts(out, "null");
	} else {
		isms_esc_json(out, c->text);
	}
}

static void json_section(struct isms_buf *out, const struct isms_report_section *s)
{
	isms_buf_puts(out, "{\"key\":");
	isms_esc_json(out, s->key);
	isms_buf_puts(out, ",\"title\":");
	isms_esc_json(out, s->title);
	isms_buf_printf(out, ",\"depth\":%u,\"layout\":\"%s\",\"text\":", s->depth,
			layout_name(s->layout));
	if (s->text)
		isms_esc_json(out, s->text);
	else
		isms_buf_puts(out, "null");
	isms_buf_puts(out, ",\"markdown\":");
	if (s->markdown)
		isms_esc_json(out, s->markdown);
	else
		isms_buf_puts(out, "null");
	isms_buf_puts(out, ",\"columns\":[");
	for (size_t c = 0; c < s->column_count; c++) {
		isms_buf_puts(out, c ? ",{\"key\":" : "{\"key\":");
		isms_esc_json(out, s->columns[c].key);
		isms_buf_puts(out, ",\"title\":");
		isms_esc_json(out, s->columns[c].title);
		isms_buf_printf(out, ",\"type\":\"%s\"}", col_type_name(s->columns[c].type));
	}
	isms_buf_puts(out, "],\"rows\":[");
	for (size_t row = 0; row < s->row_count; row++) {
		isms_buf_puts(out, row ? ",\n{" : "\n{");
		for (size_t c = 0; c < s->column_count; c++) {
			if (c)
				isms_buf_putc(out, ',');
			isms_esc_json(out, s->columns[c].key);
			isms_buf_putc(out, ':');
			json_cell(out, &s->columns[c], &s->cells[row * s->column_count + c]);
		}
		isms_buf_putc(out, '}');
	}
	isms_buf_puts(out, "]}");
}

static void render_json(struct isms_buf *out, const struct isms_report_doc *r)
{
	isms_buf_puts(out, "{\"schema\":\"isms-report/1\",\"report\":{");
	isms_json_field(out, "kind", r->meta.kind, 1);
	isms_json_field(out, "title", r->meta.title, 0);
	isms_json_field(out, "organisation", r->meta.organisation, 0);
	isms_json_field(out, "commit", r->meta.commit, 0);
	isms_json_field(out, "revision", r->meta.revision, 0);
	isms_json_field(out, "generated", r->meta.generated, 0);
	isms_json_field(out, "approval", r->meta.approval, 0);
	isms_buf_puts(out, "},\"sections\":[\n");
	for (size_t i = 0; i < r->section_count; i++) {
		if (i)
			isms_buf_puts(out, ",\n");
		json_section(out, &r->sections[i]);
	}
	isms_buf_puts(out, "\n]}\n");
}

int isms_report_render(struct isms_buf *out, const struct isms_report_doc *r,
		       enum isms_report_format format)
{
	switch (format) {
	case ISMS_FORMAT_MD: render_md(out, r); return 0;
	case ISMS_FORMAT_HTML: rpt_render_html(out, r); return 0;
	case ISMS_FORMAT_CSV: render_csv(out, r); return 0;
	case ISMS_FORMAT_JSON: render_json(out, r); return 0;
	}
	return isms_error_set(ISMS_EUSAGE, "unknown report format");
}
