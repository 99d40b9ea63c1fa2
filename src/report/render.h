/* SPDX-License-Identifier: MIT */
/* What the renderers share (render.c, render_html.c, markdown.c). Private
 * to src/report. */
#ifndef ISMS_REPORT_RENDER_H
#define ISMS_REPORT_RENDER_H

#include <stddef.h>
#include "isms/buf.h"
#include "isms/report.h"

/* The report's metadata as (label, value) rows; how many. */
size_t rpt_meta_rows(const struct isms_report_doc *r, const char *labels[6],
		     const char *values[6]);

/* The report as one self-contained HTML page. */
void rpt_render_html(struct isms_buf *out, const struct isms_report_doc *r);

/* A CommonMark body (a policy's text) as HTML, raw HTML in it shown as
 * text (cmark-gfm, with GitHub's tables). */
void rpt_markdown_html(struct isms_buf *out, const char *markdown);
/* The same body for a Markdown report: as CommonMark again, with raw HTML
 * turned into text. */
void rpt_md_body(struct isms_buf *out, const char *markdown);

#endif
