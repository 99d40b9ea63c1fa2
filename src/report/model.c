/* SPDX-License-Identifier: MIT */
/* The report model: metadata, sections, rows and typed cells, shared by
 * every builder and every format. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/report.h"

void isms_report_date(char out[11])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (sde && *sde) {
		errno = 0;
		t = strtoll(sde, &end, 10);
		if (!*end && errno == 0 && t >= 0) {
			time_t tt = (time_t)t;
			struct tm tm;

			if (gmtime_r(&tt, &tm) && strftime(out, 11, "%Y-%m-%d", &tm) == 10)
				return;
		}
	}
	isms_date_today(out);
}

struct isms_report_doc *isms_report_doc_new(const char *kind, const char *title,
					    const struct isms_snapshot *snap)
{
	struct isms_report_doc *r = isms_calloc(1, sizeof(*r));

	r->meta.kind = isms_strdup(kind);
	r->meta.title = isms_strdup(title);
	r->meta.organisation = isms_strdup(snap && snap->organisation ? snap->organisation : "");
	r->meta.revision = isms_strdup(snap && snap->label ? snap->label : "HEAD");
	if (snap)
		memcpy(r->meta.commit, snap->commit, ISMS_OID_HEX);
	r->meta.approval = isms_strdup("");
	isms_report_date(r->meta.generated);
	return r;
}

static void cell_clear(struct isms_report_cell *c)
{
	free(c->text);
	free(c->href);
	for (size_t i = 0; i < c->item_count; i++)
		free(c->items[i]);
	free(c->items);
}

void isms_report_doc_free(struct isms_report_doc *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->section_count; i++) {
		struct isms_report_section *s = &r->sections[i];

		for (size_t c = 0; c < s->row_count * s->column_count; c++)
			cell_clear(&s->cells[c]);
		free(s->cells);
		free(s->columns);
		free(s->key);
		free(s->title);
		free(s->text);
		free(s->markdown);
	}
	free(r->sections);
	free(r->meta.kind);
	free(r->meta.title);
	free(r->meta.organisation);
	free(r->meta.revision);
	free(r->meta.approval);
	free(r);
}

struct isms_report_section *isms_report_section(struct isms_report_doc *r, const char *key,
						const char *title, unsigned depth,
						const struct isms_report_column *columns,
						size_t count)
{
	struct isms_report_section *s;

	r->sections = isms_grow(r->sections, &r->section_cap, r->section_count + 1,
				sizeof(*r->sections));
	s = &r->sections[r->section_count++];
	memset(s, 0, sizeof(*s));
	s->key = isms_strdup(key);
	s->title = isms_strdup(title);
	s->depth = depth ? depth : 2;
	s->layout = ISMS_LAYOUT_TABLE;
	if (count) {
		s->columns = isms_calloc(count, sizeof(*columns));
		memcpy(s->columns, columns, count * sizeof(*columns));
		s->column_count = count;
	}
	return s;
}

size_t isms_report_row(struct isms_report_section *s)
{
	size_t row = s->row_count;

	if (s->row_count + 1 > s->row_cap) {
		size_t cap = s->row_cap ? s->row_cap * 2 : 16;

		s->cells = isms_realloc(s->cells, cap * s->column_count * sizeof(*s->cells));
		s->row_cap = cap;
	}
	for (size_t c = 0; c < s->column_count; c++) {
		struct isms_report_cell *cell = &s->cells[row * s->column_count + c];

		memset(cell, 0, sizeof(*cell));
		cell->text = isms_strdup("");
		cell->level = -1;
	}
	s->row_count++;
	return row;
}

struct isms_report_cell *isms_report_cell(struct isms_report_section *s, size_t row, size_t col)
{
	return &s->cells[row * s->column_count + col];
}

void isms_cell_set(struct isms_report_cell *cell, const char *text)
{
	free(cell->text);
	cell->text = isms_strdup(text ? text : "");
}

void isms_cell_href(struct isms_report_cell *cell, const char *href)
{
	free(cell->href);
	cell->href = href ? isms_strdup(href) : NULL;
}

void isms_cell_number(struct isms_report_cell *cell, long long n)
{
	free(cell->text);
	cell->text = isms_asprintf("%lld", n);
	cell->number = n;
	cell->has_number = true;
}

void isms_cell_level(struct isms_report_cell *cell, const struct isms_method *method, int level)
{
	if (level < 0 || (unsigned)level >= method->level_count) {
		cell->level = -1;
		cell->colour = NULL;
		cell->label = NULL;
		isms_cell_set(cell, "");
		return;
	}
	cell->level = level;
	cell->colour = method->levels[level].colour;
	cell->label = method->levels[level].name;
	isms_cell_set(cell, method->levels[level].name);
}

void isms_cell_list(struct isms_report_cell *cell, const char *const *items, size_t count)
{
	struct isms_buf text = ISMS_BUF_INIT;

	for (size_t i = 0; i < cell->item_count; i++)
		free(cell->items[i]);
	free(cell->items);
	cell->items = count ? isms_calloc(count, sizeof(*cell->items)) : NULL;
	cell->item_count = count;
	for (size_t i = 0; i < count; i++) {
		cell->items[i] = isms_strdup(items[i]);
		if (i)
			isms_buf_puts(&text, ", ");
		isms_buf_puts(&text, items[i]);
	}
	free(cell->text);
	cell->text = isms_strdup(isms_buf_cstr(&text));
	isms_buf_free(&text);
}

void isms_cell_node(struct isms_report_cell *cell, const struct isms_node *node)
{
	if (!node) {
		isms_cell_set(cell, "");
	} else if (node->type == ISMS_NODE_SCALAR) {
		isms_cell_set(cell, node->scalar == ISMS_SCALAR_NULL ? "" : node->text);
	} else if (node->type == ISMS_NODE_SEQ) {
		const char **items = isms_calloc(node->count ? node->count : 1, sizeof(*items));
		size_t n = 0;

		for (size_t i = 0; i < node->count; i++)
			if (node->items[i]->type == ISMS_NODE_SCALAR)
				items[n++] = node->items[i]->text;
		isms_cell_list(cell, items, n);
		free(items);
	} else {
		isms_cell_set(cell, "(a mapping)");
	}
}

int isms_report_format_parse(enum isms_report_format *out, const char *name)
{
	static const struct { const char *name; enum isms_report_format f; } names[] = {
		{ "md", ISMS_FORMAT_MD }, { "markdown", ISMS_FORMAT_MD },
		{ "html", ISMS_FORMAT_HTML }, { "csv", ISMS_FORMAT_CSV },
		{ "json", ISMS_FORMAT_JSON },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].f;
			return 0;
		}
	return isms_error_set(ISMS_EUSAGE, "unknown format '%s': md, html, csv or json", name);
}

const char *isms_report_format_ext(enum isms_report_format format)
{
	switch (format) {
	case ISMS_FORMAT_HTML: return "html";
	case ISMS_FORMAT_CSV: return "csv";
	case ISMS_FORMAT_JSON: return "json";
	default: return "md";
	}
}
