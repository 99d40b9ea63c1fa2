/* SPDX-License-Identifier: MIT */
/* A report as one self-contained HTML page: no scripts, nothing loaded
 * from anywhere (a Content-Security-Policy says so to the browser), a
 * print stylesheet that lets the paper size decide (A4 or Letter) and
 * repeats table headings on each page, and plain tables that a text
 * browser reads. Heat maps also come as inline SVG. */
#include "config.h"

#include <string.h>

#include "isms/escape.h"
#include "isms/report.h"
#include "render.h"

static const char style[] =
	"body{font-family:\"DejaVu Sans\",Arial,sans-serif;font-size:10pt;line-height:1.35;"
	"margin:1.5em;color:#111;background:#fff}\n"
	"h1{font-size:18pt;margin:0 0 .4em}h2{font-size:13pt;margin:1.4em 0 .4em}"
	"h3{font-size:11pt;margin:1.1em 0 .3em}\n"
	"table{border-collapse:collapse;width:100%;margin:.4em 0 1em}\n"
	"table.records{table-layout:fixed}\n"
	"th,td{border:1px solid #999;padding:.2em .35em;text-align:left;vertical-align:top;"
	"overflow-wrap:anywhere;hyphens:auto;unicode-bidi:isolate}\n"
	"td.id,td.date,td.level{white-space:nowrap;overflow-wrap:normal}\n"
	"th{background:#e8e8e8}\n"
	"td.long{white-space:pre-wrap}td.num{text-align:right}\n"
	"table.meta{width:auto}table.meta th{width:11em}\n"
	"table.heatmap{width:auto}table.heatmap td{text-align:center;min-width:4.5em}\n"
	".body{max-width:48em}p{margin:.3em 0 .6em;white-space:pre-wrap}\n"
	".lv-red{background:#f4b6b6}.lv-orange{background:#f9d3a5}.lv-yellow{background:#f6eba2}"
	".lv-green{background:#bfe3bf}.lv-blue{background:#bcd4f0}.lv-magenta{background:#e6bfe6}"
	".lv-cyan{background:#bfe8ea}\n"
	"svg{display:block;margin:.3em 0 1em;max-width:100%}\n"
	"nav ul{padding-left:1.2em}a{color:#0645ad}\n"
	"@media print{body{margin:0;font-size:8pt}@page{margin:14mm 12mm}"
	"thead{display:table-header-group}tr,svg,table.meta,table.heatmap{break-inside:avoid}"
	"h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}"
	"th,td,.lv-red,.lv-orange,.lv-yellow,.lv-green,.lv-blue,.lv-magenta,.lv-cyan"
	"{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* The colours the stylesheet knows; any other name shows no colour (the
 * label is always written). */
static const char *colour_class(const char *colour)
{
	static const char *const known[] = { "red", "orange", "yellow", "green", "blue",
					     "magenta", "cyan", NULL };

	for (size_t i = 0; colour && known[i]; i++)
		if (strcmp(colour, known[i]) == 0)
			return known[i];
	return NULL;
}

static const char *svg_fill(const char *colour)
{
	static const char *const names[] = { "red", "orange", "yellow", "green", "blue", "magenta",
					     "cyan", NULL };
	static const char *const fills[] = { "#f4b6b6", "#f9d3a5", "#f6eba2", "#bfe3bf", "#bcd4f0",
					     "#e6bfe6", "#bfe8ea" };

	for (size_t i = 0; colour && names[i]; i++)
		if (strcmp(colour, names[i]) == 0)
			return fills[i];
	return "#ffffff";
}

/* The classes of a cell: its level's colour, and how its column lays out. */
static void cell_classes(struct isms_buf *out, const struct isms_report_column *col,
			 const struct isms_report_cell *c, bool first)
{
	static const char *const by_type[] = { NULL, "long", "date", "level", "num", NULL };
	const char *cls = colour_class(c->colour), *type = by_type[col->type];
	const char *id = first && strcmp(col->key, "id") == 0 ? "id" : NULL;

	if (!cls && !type && !id)
		return;
	isms_buf_puts(out, " class=\"");
	if (cls)
		isms_buf_printf(out, "lv-%s", cls);
	if (type)
		isms_buf_printf(out, "%s%s", cls ? " " : "", type);
	if (id)
		isms_buf_printf(out, "%s%s", cls || type ? " " : "", id);
	isms_buf_putc(out, '"');
}

static void html_cell(struct isms_buf *out, const struct isms_report_section *s,
		      const struct isms_report_column *col, const struct isms_report_cell *c,
		      bool first)
{
	isms_buf_puts(out, "<td");
	cell_classes(out, col, c, first);
	isms_buf_putc(out, '>');
	if (c->href) {
		isms_buf_puts(out, "<a href=\"");
		isms_esc_html(out, c->href);
		isms_buf_puts(out, "\">");
	}
	isms_esc_html(out, c->text);
	if (c->href)
		isms_buf_puts(out, "</a>");
	if (s->layout == ISMS_LAYOUT_HEATMAP && c->label) {
		isms_buf_puts(out, " (");
		isms_esc_html(out, c->label);
		isms_buf_putc(out, ')');
	}
	isms_buf_puts(out, "</td>");
}

/* Column widths: fixed for short values (IDs, dates, levels, numbers,
 * lists), and the rest shared, long text two shares to a line's one; so
 * no cell, however long its text, squeezes the others. */
static void colgroup(struct isms_buf *out, const struct isms_report_section *s)
{
	static const double fixed_em[] = { 0, 0, 6.2, 6, 5, 9 };
	double fixed = 0;
	unsigned shares = 0;

	for (size_t c = 0; c < s->column_count; c++) {
		enum isms_col_type t = s->columns[c].type;

		if (c == 0 && strcmp(s->columns[0].key, "id") == 0)
			fixed += 6.5;
		else if (fixed_em[t] > 0)
			fixed += fixed_em[t];
		else
			shares += t == ISMS_COL_LONGTEXT ? 2 : 1;
	}
	/* As percentages of a table about 95em wide (a landscape page at the
	 * print size); a wider screen widens every column alike. */
	isms_buf_puts(out, "<colgroup>");
	for (size_t c = 0; c < s->column_count; c++) {
		enum isms_col_type t = s->columns[c].type;
		double em = c == 0 && strcmp(s->columns[0].key, "id") == 0 ? 6.5 : fixed_em[t];
		double rest = fixed < 76 ? 100 - fixed * 100 / 95 : 20;
		double pct = em > 0 ? em * 100 / 95 :
			     rest * (t == ISMS_COL_LONGTEXT ? 2 : 1) / (shares ? shares : 1);

		isms_buf_printf(out, "<col style=\"width:%.1f%%\">", pct);
	}
	isms_buf_puts(out, "</colgroup>\n");
}

static void html_table(struct isms_buf *out, const struct isms_report_section *s)
{
	bool fields = s->layout == ISMS_LAYOUT_FIELDS;

	isms_buf_printf(out, "<table class=\"%s\">\n", s->layout == ISMS_LAYOUT_HEATMAP ? "heatmap" :
			fields ? "meta" : "records");
	if (s->layout == ISMS_LAYOUT_TABLE)
		colgroup(out, s);
	if (!fields) {
		isms_buf_puts(out, "<thead><tr>");
		for (size_t c = 0; c < s->column_count; c++) {
			isms_buf_puts(out, "<th scope=\"col\">");
			isms_esc_html(out, s->columns[c].title);
			isms_buf_puts(out, "</th>");
		}
		isms_buf_puts(out, "</tr></thead>\n");
	}
	isms_buf_puts(out, "<tbody>\n");
	for (size_t r = 0; r < s->row_count; r++) {
		const struct isms_report_cell *row = &s->cells[r * s->column_count];

		/* A record's row can be linked to: its ID (checked, safe) as anchor. */
		if (s->layout == ISMS_LAYOUT_TABLE && s->column_count &&
		    strcmp(s->columns[0].key, "id") == 0 && *row[0].text) {
			isms_buf_puts(out, "<tr id=\"");
			isms_esc_html(out, s->key);
			isms_buf_putc(out, '-');
			isms_esc_html(out, row[0].text);
			isms_buf_puts(out, "\">");
		} else {
			isms_buf_puts(out, "<tr>");
		}
		for (size_t c = 0; c < s->column_count; c++) {
			if (c == 0 && (fields || s->layout == ISMS_LAYOUT_HEATMAP)) {
				isms_buf_puts(out, "<th scope=\"row\">");
				isms_esc_html(out, row[c].text);
				isms_buf_puts(out, "</th>");
			} else {
				html_cell(out, s, &s->columns[c], &row[c], c == 0);
			}
		}
		isms_buf_puts(out, "</tr>\n");
	}
	isms_buf_puts(out, "</tbody></table>\n");
	if (s->row_count == 0)
		isms_buf_puts(out, "<p>None.</p>\n");
}

/* The heat map as a picture: a square per likelihood and impact, its
 * level's colour, the count in it; labels along the axes. */
static void html_svg(struct isms_buf *out, const struct isms_report_section *s)
{
	const unsigned cell = 56, left = 110, top = 10;
	size_t cols = s->column_count - 1, rows = s->row_count;
	unsigned width = left + (unsigned)cols * cell + 10, height = top + (unsigned)rows * cell + 40;

	isms_buf_printf(out, "<svg width=\"%u\" height=\"%u\" "
			"viewBox=\"0 0 %u %u\" role=\"img\" aria-label=\"", width, height, width, height);
	isms_esc_html(out, s->title);
	isms_buf_puts(out, " heat map\"><title>");
	isms_esc_html(out, s->title);
	isms_buf_puts(out, "</title>\n");
	for (size_t r = 0; r < rows; r++) {
		const struct isms_report_cell *row = &s->cells[r * s->column_count];
		unsigned y = top + (unsigned)r * cell;

		isms_buf_printf(out, "<text x=\"%u\" y=\"%u\" font-size=\"10\" text-anchor=\"end\">",
				left - 6, y + cell / 2 + 4);
		isms_esc_html(out, row[0].text);
		isms_buf_puts(out, "</text>\n");
		for (size_t c = 1; c <= cols; c++) {
			unsigned x = left + (unsigned)(c - 1) * cell;

			isms_buf_printf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
					"fill=\"%s\" stroke=\"#666\"/>", x, y, cell, cell,
					svg_fill(row[c].colour));
			isms_buf_printf(out, "<text x=\"%u\" y=\"%u\" font-size=\"14\" "
					"text-anchor=\"middle\">", x + cell / 2, y + cell / 2 + 5);
			isms_esc_html(out, row[c].text);
			isms_buf_puts(out, "</text>\n");
		}
	}
	for (size_t c = 1; c <= cols; c++) {
		isms_buf_printf(out, "<text x=\"%u\" y=\"%u\" font-size=\"9\" text-anchor=\"middle\">",
				left + (unsigned)(c - 1) * cell + cell / 2, top + (unsigned)rows * cell + 14);
		isms_esc_html(out, s->columns[c].title);
		isms_buf_puts(out, "</text>\n");
	}
	isms_buf_printf(out, "<text x=\"%u\" y=\"%u\" font-size=\"10\" text-anchor=\"middle\">"
			"Impact</text>\n</svg>\n", left + (unsigned)cols * cell / 2,
			top + (unsigned)rows * cell + 32);
}

/* Whether a table has more columns than a portrait page holds well: then
 * the page is turned, whatever its size (A4 or Letter). */
static bool wide(const struct isms_report_doc *r)
{
	for (size_t i = 0; i < r->section_count; i++)
		if (r->sections[i].column_count > 7)
			return true;
	return false;
}

static void html_head(struct isms_buf *out, const struct isms_report_doc *r)
{
	const char *labels[6], *values[6];
	size_t n = rpt_meta_rows(r, labels, values);

	isms_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'\">\n<meta name=\"generator\" content=\"isms\">\n"
		      "<title>");
	isms_esc_html(out, r->meta.title);
	if (*r->meta.organisation) {
		isms_buf_puts(out, " \xE2\x80\x94 ");
		isms_esc_html(out, r->meta.organisation);
	}
	isms_buf_printf(out, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n<header>\n<h1>",
			style, wide(r) ? "@media print{@page{size:landscape}}\n" : "");
	isms_esc_html(out, r->meta.title);
	isms_buf_puts(out, "</h1>\n<table class=\"meta\"><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		isms_buf_printf(out, "<tr><th scope=\"row\">%s</th><td>", labels[i]);
		isms_esc_html(out, values[i]);
		isms_buf_puts(out, "</td></tr>\n");
	}
	isms_buf_puts(out, "</tbody></table>\n</header>\n<main>\n");
}

void rpt_render_html(struct isms_buf *out, const struct isms_report_doc *r)
{
	html_head(out, r);
	for (size_t i = 0; i < r->section_count; i++) {
		const struct isms_report_section *s = &r->sections[i];
		unsigned depth = s->depth < 2 ? 2 : s->depth > 6 ? 6 : s->depth;

		isms_buf_puts(out, "<section id=\"");
		isms_esc_html(out, s->key);
		isms_buf_printf(out, "\">\n<h%u>", depth);
		isms_esc_html(out, s->title);
		isms_buf_printf(out, "</h%u>\n", depth);
		if (s->text) {
			isms_buf_puts(out, "<p>");
			isms_esc_html(out, s->text);
			isms_buf_puts(out, "</p>\n");
		}
		if (s->markdown) {
			isms_buf_puts(out, "<div class=\"body\">\n");
			rpt_markdown_html(out, s->markdown);
			isms_buf_puts(out, "</div>\n");
		}
		if (s->layout == ISMS_LAYOUT_HEATMAP && s->column_count > 1)
			html_svg(out, s);
		if (s->column_count)
			html_table(out, s);
		isms_buf_puts(out, "</section>\n");
	}
	isms_buf_puts(out, "</main>\n</body>\n</html>\n");
}
