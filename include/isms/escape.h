/* SPDX-License-Identifier: MIT */
/* Escaping for every output format, in one place (src/report/escape.c):
 * whatever a record holds (markup, quotes, formulas, control characters,
 * invalid UTF-8, bidirectional marks) comes out as text, never as markup,
 * a formula or a terminal escape. Each function appends to `out`. */
#ifndef ISMS_ESCAPE_H
#define ISMS_ESCAPE_H

#include <stdbool.h>
#include "isms/buf.h"

/* Text for HTML and XML (element content and quoted attribute values):
 * & < > " ' as entities; control characters other than newline and tab
 * shown as "\xNN"; invalid UTF-8 as U+FFFD. */
void isms_esc_html(struct isms_buf *out, const char *s);

/* Text for Markdown (CommonMark and GitHub's): characters that would start
 * markup backslash-escaped or (& < >) written as entities, so the text
 * renders as written; control characters shown as "\xNN". In a table cell
 * (`cell`), | is escaped and a line break becomes <br>; elsewhere a line
 * break is a hard line break and a blank line a new paragraph. */
void isms_esc_md(struct isms_buf *out, const char *s, bool cell);

/* One CSV field (RFC 4180), always quoted, quotes doubled. Unless `number`,
 * a field whose first character other than a space is =, +, -, @, a tab or
 * a carriage return is neutralised with a leading ' so that a spreadsheet
 * shows it rather than running it as a formula. Control characters other
 * than tab, CR and LF are shown as "\xNN". */
void isms_esc_csv(struct isms_buf *out, const char *s, bool number);

/* One spreadsheet cell's text (XLSX): neutralised as isms_esc_csv
 * neutralises a field (a leading ' before =, +, -, @, a tab or a carriage
 * return), control characters other than tab, CR and LF as "\xNN"; not
 * quoted. */
void isms_esc_cell(struct isms_buf *out, const char *s);

/* A JSON string, quotes included (isms_json_str: RFC 8259, invalid UTF-8
 * as U+FFFD). */
void isms_esc_json(struct isms_buf *out, const char *s);

#endif
