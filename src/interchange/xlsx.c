/* SPDX-License-Identifier: MIT */
/* XLSX read with libzip and expat: the first worksheet, with its shared
 * and inline strings, numbers and booleans. The archive is read from
 * memory, within limits (entries, bytes each entry expands to, all
 * together), and refused when it carries macros or external links; XML
 * with a DOCTYPE (entities) is refused. */
#include "config.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/sheet.h"
#include "isms/text.h"
#include "sheet_private.h"

/* Each parser's user data starts with its parser, so that a handler
 * common to all (no_doctype) can stop it. */
struct xlsx {
	XML_Parser parser;
	zip_t *zip;
	const char *name;
	size_t budget;     /* uncompressed bytes still allowed */
	char **shared;     /* the shared strings */
	size_t shared_count, shared_cap;
	char *sheet_rid;   /* the first sheet's relationship id */
	unsigned sheets;
	bool sheet_chosen;
	char *sheet_path;  /* its entry, "xl/worksheets/sheet1.xml" */
};

/* The bytes of entry `path` (ISMS_ENOTFOUND when absent), at most what is
 * left of the budget, whatever its header claims. */
static int read_entry(struct isms_buf *out, struct xlsx *x, const char *path)
{
	zip_file_t *f = zip_fopen(x->zip, path, 0);
	char chunk[65536];
	zip_int64_t n;

	if (!f)
		return ISMS_ENOTFOUND;
	while ((n = zip_fread(f, chunk, sizeof(chunk))) > 0) {
		if ((size_t)n > x->budget) {
			zip_fclose(f);
			return isms_error_set(ISMS_ELIMIT, "%s:1:1: the file expands to more than "
				"%u MiB (a zip bomb?); refused", x->name, ISMS_XLSX_MAX_UNCOMPRESSED >> 20);
		}
		x->budget -= (size_t)n;
		isms_buf_put(out, chunk, (size_t)n);
	}
	zip_fclose(f);
	if (n < 0)
		return isms_error_set(ISMS_EPARSE, "%s:1:1: %s cannot be read from the archive; "
				      "is the file damaged?", x->name, path);
	return 0;
}

/* The entries: how many, how large they claim to be, and none that is a
 * macro or an external link. */
static int check_entries(struct xlsx *x)
{
	zip_int64_t n = zip_get_num_entries(x->zip, 0);
	zip_uint64_t total = 0;

	if (n < 0 || (zip_uint64_t)n > ISMS_XLSX_MAX_ENTRIES)
		return isms_error_set(ISMS_ELIMIT, "%s:1:1: the archive has more than %u entries; "
				      "refused", x->name, ISMS_XLSX_MAX_ENTRIES);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		const char *e;

		if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) < 0 || !(e = st.name))
			return isms_error_set(ISMS_EPARSE, "%s:1:1: the archive is damaged", x->name);
		if (isms_str_ends_with(e, "vbaProject.bin") || isms_str_ends_with(e, ".bin"))
			return isms_error_set(ISMS_EUNSAFE, "%s:1:1: the workbook has macros (%s); "
				"save it as .xlsx without macros", x->name, e);
		if (strncmp(e, "xl/externalLinks/", 17) == 0)
			return isms_error_set(ISMS_EUNSAFE, "%s:1:1: the workbook has external links "
				"(%s); break the links (copy, paste values) and save again", x->name, e);
		total += st.size;
	}
	if (total > ISMS_XLSX_MAX_UNCOMPRESSED)
		return isms_error_set(ISMS_ELIMIT, "%s:1:1: the file expands to more than %u MiB "
			"(a zip bomb?); refused", x->name, ISMS_XLSX_MAX_UNCOMPRESSED >> 20);
	return 0;
}

/* Parsing one XML entry with expat, handlers given. */
static void XMLCALL no_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	XML_StopParser(*(XML_Parser *)data, XML_FALSE);
}

static int parse_xml(struct xlsx *x, const char *path, const struct isms_buf *text, void *ud,
		     XML_StartElementHandler start, XML_EndElementHandler end,
		     XML_CharacterDataHandler chars, XML_Parser *slot, const int *already)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	int error = 0;

	*slot = p;
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, chars);
	XML_SetStartDoctypeDeclHandler(p, no_doctype);
	if (XML_Parse(p, text->ptr ? text->ptr : "", (int)text->len, XML_TRUE) == XML_STATUS_OK)
		error = 0;
	else if (already && *already < 0)
		error = *already;
	else
		error = isms_error_set(ISMS_EPARSE, "%s:1:1: %s is not XML this import reads (%s, "
			"line %lu); save the workbook again", x->name, path,
			XML_GetErrorCode(p) == XML_ERROR_ABORTED ? "a DOCTYPE" :
			XML_ErrorString(XML_GetErrorCode(p)), XML_GetCurrentLineNumber(p));
	XML_ParserFree(p);
	return error;
}

static const char *attr(const XML_Char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *colon = strchr(atts[i], ':');

		if (strcmp(atts[i], name) == 0 || (colon && strcmp(colon + 1, name) == 0))
			return atts[i + 1];
	}
	return NULL;
}

/* xl/workbook.xml: the first sheet's relationship. */
static void XMLCALL wb_start(void *data, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = data;
	const char *rid;

	const char *name = attr(atts, "name");

	if (strcmp(el, "sheet") != 0 || !(rid = attr(atts, "id")) || x->sheet_chosen)
		return;
	/* The first worksheet; after the front sheet isms export writes
	 * ("About"), the one after it. */
	free(x->sheet_rid);
	x->sheet_rid = isms_strdup(rid);
	x->sheet_chosen = !(x->sheets++ == 0 && name && strcmp(name, "About") == 0);
}

/* xl/_rels/workbook.xml.rels: where that sheet is. */
static void XMLCALL rels_start(void *data, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = data;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");

	if (strcmp(el, "Relationship") != 0 || !id || !target || !x->sheet_rid || x->sheet_path ||
	    strcmp(id, x->sheet_rid) != 0)
		return;
	x->sheet_path = target[0] == '/' ? isms_strdup(target + 1) : isms_asprintf("xl/%s", target);
}

static void XMLCALL ignore_end(void *data, const XML_Char *el)
{
	(void)data, (void)el;
}

static void XMLCALL ignore_chars(void *data, const XML_Char *s, int len)
{
	(void)data, (void)s, (void)len;
}

/* Text gathered from <t> and <v> elements, for strings and cells. */
struct gather {
	XML_Parser parser;
	struct xlsx *x;
	struct isms_buf text;
	int depth_t;      /* inside <t> (not inside phonetic <rPh>) */
	bool in_rph, in_v, in_is;
	/* The worksheet. */
	struct isms_sheet *sheet;
	struct isms_sheet_row *row;
	unsigned row_number;
	size_t col;
	char type[16];
	bool in_cell;
	int error;
};

static void gather_fail(struct gather *g, const char *fmt, const char *what)
{
	if (!g->error) {
		g->error = isms_error_set(ISMS_EPARSE, "%s:%u:%zu: %s", g->x->name, g->row_number,
					  g->col + 1, what ? what : fmt);
		XML_StopParser(g->parser, XML_FALSE);
	}
}

static void XMLCALL gather_chars(void *data, const XML_Char *s, int len)
{
	struct gather *g = data;

	if ((g->depth_t && !g->in_rph) || g->in_v) {
		if (g->text.len + (size_t)len > ISMS_SHEET_MAX_CELL)
			gather_fail(g, "a cell over 1 MiB; the import refuses cells that large", NULL);
		else
			isms_buf_put(&g->text, s, (size_t)len);
	}
}

static void XMLCALL ss_start(void *data, const XML_Char *el, const XML_Char **atts)
{
	struct gather *g = data;

	(void)atts;
	if (strcmp(el, "si") == 0)
		isms_buf_clear(&g->text);
	else if (strcmp(el, "rPh") == 0)
		g->in_rph = true;
	else if (strcmp(el, "t") == 0)
		g->depth_t++;
}

static void XMLCALL ss_end(void *data, const XML_Char *el)
{
	struct gather *g = data;
	struct xlsx *x = g->x;

	if (strcmp(el, "rPh") == 0) {
		g->in_rph = false;
	} else if (strcmp(el, "t") == 0) {
		g->depth_t--;
	} else if (strcmp(el, "si") == 0) {
		x->shared = isms_grow(x->shared, &x->shared_cap, x->shared_count + 1, sizeof(char *));
		x->shared[x->shared_count++] = isms_strdup(g->text.ptr ? g->text.ptr : "");
	}
}

/* The 0-based column of a cell reference "AB12", or `fallback`. */
static size_t ref_column(const char *ref, size_t fallback)
{
	size_t col = 0;
	const char *p = ref;

	if (!ref)
		return fallback;
	for (; *p >= 'A' && *p <= 'Z' && p - ref < 4; p++)
		col = col * 26 + (size_t)(*p - 'A' + 1);
	return col ? col - 1 : fallback;
}

static void XMLCALL ws_start(void *data, const XML_Char *el, const XML_Char **atts)
{
	struct gather *g = data;
	const char *v;

	if (g->error)
		return;
	if (strcmp(el, "row") == 0) {
		unsigned long r = (v = attr(atts, "r")) ? strtoul(v, NULL, 10) : g->row_number + 1;

		g->row_number = r ? (unsigned)r : g->row_number + 1;
		g->row = NULL;
		g->col = 0;
		if (g->sheet->count >= ISMS_SHEET_MAX_ROWS || r > 1048576)
			gather_fail(g, "more rows than the import reads (200000); split the file", NULL);
	} else if (strcmp(el, "c") == 0) {
		g->col = ref_column(attr(atts, "r"), g->col);
		snprintf(g->type, sizeof(g->type), "%s", (v = attr(atts, "t")) ? v : "n");
		isms_buf_clear(&g->text);
		g->in_cell = true;
		if (g->col >= ISMS_SHEET_MAX_COLUMNS) {
			char msg[96];

			snprintf(msg, sizeof(msg), "more than %u columns; the import reads at most that many",
				 ISMS_SHEET_MAX_COLUMNS);
			gather_fail(g, msg, NULL);
		}
	} else if (g->in_cell && strcmp(el, "v") == 0) {
		g->in_v = true;
	} else if (g->in_cell && strcmp(el, "rPh") == 0) {
		g->in_rph = true;
	} else if (g->in_cell && strcmp(el, "t") == 0) {
		g->depth_t++;
	}
}

/* The text of the cell just read, by its type; NULL when it is empty. */
static char *cell_text(struct gather *g, bool *number)
{
	const char *t = g->text.ptr ? g->text.ptr : "";

	*number = false;
	if (strcmp(g->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(t, &end, 10);

		if (end == t || *end || i >= g->x->shared_count) {
			gather_fail(g, "the cell names a shared string the workbook does not have", NULL);
			return NULL;
		}
		t = g->x->shared[i];
	} else if (strcmp(g->type, "b") == 0) {
		t = strcmp(t, "1") == 0 ? "TRUE" : strcmp(t, "0") == 0 ? "FALSE" : t;
	} else if (strcmp(g->type, "e") == 0) {
		char *msg = isms_asprintf("the cell holds an error (%s); correct it in the spreadsheet", t);

		gather_fail(g, "", msg);
		free(msg);
		return NULL;
	} else if (strcmp(g->type, "n") == 0) {
		*number = true;
	}
	return *t ? isms_strdup(t) : NULL;
}

static void XMLCALL ws_end(void *data, const XML_Char *el)
{
	struct gather *g = data;
	size_t bad;

	if (g->error)
		return;
	if (strcmp(el, "v") == 0) {
		g->in_v = false;
	} else if (strcmp(el, "rPh") == 0) {
		g->in_rph = false;
	} else if (strcmp(el, "t") == 0 && g->depth_t) {
		g->depth_t--;
	} else if (strcmp(el, "c") == 0 && g->in_cell) {
		bool number;
		char *text = cell_text(g, &number);

		g->in_cell = false;
		if (text && isms_text_check(text, strlen(text), &bad) != ISMS_TEXT_OK) {
			gather_fail(g, "a control character in the cell; remove it", NULL);
			free(text);
		} else if (text) {
			if (!g->row)
				g->row = sheet_add_row(g->sheet, g->row_number);
			sheet_set_cell(g->row, g->col, text, number);
		}
		g->col++;
	}
}

/* The first worksheet's entry: through the workbook and its relationships. */
static int find_sheet(struct xlsx *x)
{
	struct isms_buf wb = ISMS_BUF_INIT, rels = ISMS_BUF_INIT;
	int error;

	if ((error = read_entry(&wb, x, "xl/workbook.xml")) == ISMS_ENOTFOUND)
		error = isms_error_set(ISMS_EPARSE, "%s:1:1: not an XLSX workbook (no "
				       "xl/workbook.xml)", x->name);
	if (error == 0)
		error = parse_xml(x, "xl/workbook.xml", &wb, x, wb_start, ignore_end, ignore_chars,
				  &x->parser, NULL);
	if (error == 0 && (error = read_entry(&rels, x, "xl/_rels/workbook.xml.rels")) == 0)
		error = parse_xml(x, "xl/_rels/workbook.xml.rels", &rels, x, rels_start, ignore_end,
				  ignore_chars, &x->parser, NULL);
	if (error == ISMS_ENOTFOUND || (error == 0 && !x->sheet_path))
		error = isms_error_set(ISMS_EPARSE, "%s:1:1: the workbook names no worksheet", x->name);
	isms_buf_free(&wb);
	isms_buf_free(&rels);
	return error;
}

int isms_sheet_read_xlsx(struct isms_sheet *out, const char *name, const char *data, size_t len)
{
	struct xlsx x = { .name = name, .budget = ISMS_XLSX_MAX_UNCOMPRESSED };
	struct gather g = { .x = &x, .sheet = out };
	struct isms_buf text = ISMS_BUF_INIT;
	zip_source_t *src;
	zip_error_t zerr;
	int error;

	memset(out, 0, sizeof(*out));
	out->format = ISMS_SHEET_XLSX;
	out->encoding = "XLSX";
	zip_error_init(&zerr);
	if (!(src = zip_source_buffer_create(data, len, 0, &zerr)) ||
	    !(x.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
		error = isms_error_set(ISMS_EPARSE, "%s:1:1: not a readable XLSX file (%s)", name,
				       zip_error_strerror(&zerr));
		if (src)
			zip_source_free(src);
		zip_error_fini(&zerr);
		return error;
	}
	zip_error_fini(&zerr);
	if ((error = check_entries(&x)) < 0 || (error = find_sheet(&x)) < 0)
		goto cleanup;
	if ((error = read_entry(&text, &x, "xl/sharedStrings.xml")) == 0)
		error = parse_xml(&x, "xl/sharedStrings.xml", &text, &g, ss_start, ss_end, gather_chars,
				  &g.parser, &g.error);
	if (error == ISMS_ENOTFOUND)
		error = 0;
	if (error < 0)
		goto cleanup;
	isms_buf_clear(&text);
	if ((error = read_entry(&text, &x, x.sheet_path)) == ISMS_ENOTFOUND)
		error = isms_error_set(ISMS_EPARSE, "%s:1:1: the worksheet %s is missing", name,
				       x.sheet_path);
	if (error == 0) {
		g.depth_t = 0;
		g.in_rph = false;
		error = parse_xml(&x, x.sheet_path, &text, &g, ws_start, ws_end, gather_chars,
				  &g.parser, &g.error);
	}
	if (g.error < 0)
		error = g.error;
cleanup:
	zip_discard(x.zip);
	for (size_t i = 0; i < x.shared_count; i++)
		free(x.shared[i]);
	free(x.shared);
	free(x.sheet_rid);
	free(x.sheet_path);
	isms_buf_free(&text);
	isms_buf_free(&g.text);
	if (error < 0)
		isms_sheet_free(out);
	else
		sheet_drop_empty_rows(out);
	return error;
}
