/* SPDX-License-Identifier: MIT */
/* A report as an XLSX workbook (libxlsxwriter), written to a temporary
 * file and read back into a buffer, so that the caller writes it where it
 * wants (atomically) as it writes every other format. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/escape.h"
#include "isms/fs.h"
#include "isms/text.h"
#include "isms/xlsx.h"

#define MAX_WIDTH 60.0
#define MAX_LEVELS 16

struct formats {
	lxw_format *header, *wrap, *date, *bold;
	lxw_format *level[MAX_LEVELS];
	const char *level_colour[MAX_LEVELS];
	size_t level_count;
};

/* The colour names a risk method may use, as RGB. */
static const struct { const char *name; lxw_color_t rgb; } colours[] = {
	{ "green", 0x63BE7B }, { "lightgreen", 0xC6EFCE }, { "darkgreen", 0x00B050 },
	{ "yellow", 0xFFEB84 }, { "amber", 0xFFC000 }, { "orange", 0xF4B183 },
	{ "red", 0xF8696B }, { "darkred", 0xC00000 }, { "magenta", 0xE58BEA },
	{ "purple", 0xB4A7D6 }, { "blue", 0x9DC3E6 }, { "cyan", 0xA5E4E9 },
	{ "white", 0xFFFFFF }, { "grey", 0xD9D9D9 }, { "gray", 0xD9D9D9 },
	{ "black", 0x595959 },
};

/* The format of a level cell with `colour` (NULL when it names none). */
static lxw_format *level_format(lxw_workbook *wb, struct formats *f, const char *colour)
{
	lxw_color_t rgb = LXW_COLOR_UNSET;
	char name[32];
	size_t j = 0;

	if (!colour)
		return NULL;
	for (size_t i = 0; i < f->level_count; i++)
		if (strcmp(f->level_colour[i], colour) == 0)
			return f->level[i];
	for (const char *p = colour; *p && j + 1 < sizeof(name); p++)
		if (*p != '-' && *p != '_' && *p != ' ')
			name[j++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	name[j] = '\0';
	for (size_t i = 0; i < sizeof(colours) / sizeof(colours[0]); i++)
		if (strcmp(colours[i].name, name) == 0)
			rgb = colours[i].rgb;
	if (rgb == LXW_COLOR_UNSET || f->level_count == MAX_LEVELS)
		return NULL;
	f->level[f->level_count] = workbook_add_format(wb);
	format_set_bg_color(f->level[f->level_count], rgb);
	format_set_bold(f->level[f->level_count]);
	f->level_colour[f->level_count] = colour;
	return f->level[f->level_count++];
}

/* A sheet name Excel takes: at most 31 characters, none of []:*?/\, not
 * one already used. */
static void sheet_name(char out[32], const char *title, lxw_workbook *wb)
{
	size_t n = 0;

	for (const char *p = title; *p && n < 28; p++)
		out[n++] = strchr("[]:*?/\\'", *p) ? '-' : *p;
	while (n && (out[n - 1] & 0xC0) == 0x80)
		n--;  /* a cut UTF-8 character */
	if (n && (unsigned char)out[n - 1] >= 0xC0)
		n--;
	out[n] = '\0';
	for (int i = 2; workbook_get_worksheet_by_name(wb, out) && i < 100; i++) {
		out[n < 25 ? n : 25] = '\0';
		snprintf(out + strlen(out), 32 - strlen(out), " %d", i);
	}
}

/* Display width of `s` in characters, its longest line. */
static double text_width(const char *s)
{
	size_t w = 0, best = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			best = w > best ? w : best;
			w = 0;
		} else if (((unsigned char)*s & 0xC0) != 0x80) {
			w++;
		}
	}
	return (double)(w > best ? w : best);
}

static void write_cell(lxw_worksheet *ws, lxw_workbook *wb, struct formats *f, lxw_row_t r,
		       lxw_col_t c, const struct isms_report_column *col,
		       const struct isms_report_cell *cell)
{
	struct isms_buf text = ISMS_BUF_INIT;
	int y, m, d;

	if (col->type == ISMS_COL_DATE && sscanf(cell->text, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	    strlen(cell->text) == 10) {
		lxw_datetime dt = { .year = y, .month = m, .day = d };

		worksheet_write_datetime(ws, r, c, &dt, f->date);
		return;
	}
	if (cell->has_number) {
		worksheet_write_number(ws, r, c, (double)cell->number,
				       cell->level >= 0 ? level_format(wb, f, cell->colour) : NULL);
		return;
	}
	if (!*cell->text)
		return;
	isms_esc_cell(&text, cell->text);
	worksheet_write_string(ws, r, c, text.ptr,
			       cell->level >= 0 && cell->colour ? level_format(wb, f, cell->colour)
			       : col->type == ISMS_COL_LONGTEXT ? f->wrap : NULL);
	isms_buf_free(&text);
}

static void write_section(lxw_workbook *wb, struct formats *f, const struct isms_report_section *s)
{
	char name[32];
	lxw_worksheet *ws;
	double *width;

	if (!s->column_count)
		return;
	sheet_name(name, s->title, wb);
	ws = workbook_add_worksheet(wb, name);
	width = isms_calloc(s->column_count, sizeof(*width));
	for (size_t c = 0; c < s->column_count; c++) {
		struct isms_buf t = ISMS_BUF_INIT;

		isms_esc_cell(&t, s->columns[c].title);
		worksheet_write_string(ws, 0, (lxw_col_t)c, t.ptr ? t.ptr : "", f->header);
		width[c] = text_width(t.ptr ? t.ptr : "") + 3;  /* room for the filter button */
		isms_buf_free(&t);
	}
	for (size_t r = 0; r < s->row_count; r++)
		for (size_t c = 0; c < s->column_count; c++) {
			const struct isms_report_cell *cell = &s->cells[r * s->column_count + c];
			double w = s->columns[c].type == ISMS_COL_DATE ? 11 : text_width(cell->text) + 1;

			write_cell(ws, wb, f, (lxw_row_t)(r + 1), (lxw_col_t)c, &s->columns[c], cell);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t c = 0; c < s->column_count; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
				     width[c] > MAX_WIDTH ? MAX_WIDTH : width[c],
				     width[c] > MAX_WIDTH ? f->wrap : NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)s->row_count, (lxw_col_t)(s->column_count - 1));
	free(width);
}

/* The front sheet: what the workbook is, and from what. */
static void write_front(lxw_workbook *wb, struct formats *f, const struct isms_report_doc *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "About");
	const char *rows[][2] = {
		{ "Document", r->meta.title },
		{ "Organisation", r->meta.organisation },
		{ "Commit", r->meta.commit },
		{ "Revision", r->meta.revision },
		{ "Approval state", r->meta.approval },
		{ "Generated", r->meta.generated },
	};
	int y, m, d;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct isms_buf t = ISMS_BUF_INIT;

		worksheet_write_string(ws, (lxw_row_t)i, 0, rows[i][0], f->bold);
		if (strcmp(rows[i][0], "Generated") == 0 &&
		    sscanf(rows[i][1], "%4d-%2d-%2d", &y, &m, &d) == 3) {
			lxw_datetime dt = { .year = y, .month = m, .day = d };

			worksheet_write_datetime(ws, (lxw_row_t)i, 1, &dt, f->date);
			continue;
		}
		isms_esc_cell(&t, rows[i][1] ? rows[i][1] : "");
		worksheet_write_string(ws, (lxw_row_t)i, 1, t.ptr ? t.ptr : "", NULL);
		isms_buf_free(&t);
	}
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 1, 60, NULL);
}

int isms_xlsx_report(struct isms_buf *out, const struct isms_report_doc *report)
{
	lxw_workbook_options opts = { .constant_memory = LXW_FALSE, .tmpdir = NULL,
				      .use_zip64 = LXW_FALSE };
	lxw_doc_properties props = { 0 };
	struct formats f = { 0 };
	lxw_workbook *wb;
	lxw_error err;
	char *path = NULL;
	int fd, error = 0;
	struct tm tm = { 0 };

	if ((fd = isms_fs_temp(&path, "xlsx")) < 0)
		return ISMS_EIO;
	close(fd);
	if (!(wb = workbook_new_opt(path, &opts))) {
		error = isms_error_set(ISMS_EIO, "the workbook could not be started in %s", path);
		goto cleanup;
	}
	/* The generation date, not the clock: the same commit, the same file. */
	if (sscanf(report->meta.generated, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		props.created = timegm(&tm);
	}
	props.title = report->meta.title;
	props.company = report->meta.organisation;
	workbook_set_properties(wb, &props);
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	format_set_bottom(f.header, LXW_BORDER_THIN);
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	f.wrap = workbook_add_format(wb);
	format_set_text_wrap(f.wrap);
	format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	write_front(wb, &f, report);
	for (size_t i = 0; i < report->section_count; i++)
		write_section(wb, &f, &report->sections[i]);
	if ((err = workbook_close(wb)) != LXW_NO_ERROR)
		error = isms_error_set(ISMS_EIO, "the workbook could not be written: %s",
				       lxw_strerror(err));
	else
		error = isms_fs_read(out, path, 1u << 30);
cleanup:
	unlink(path);
	free(path);
	return error;
}
