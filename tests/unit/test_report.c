/* SPDX-License-Identifier: MIT */
/* The report layer: escaping for every format, the model built from the
 * records as committed at a revision, and isms export on real repositories
 * with the real binary. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/escape.h"
#include "isms/report.h"
#include "isms/store.h"

static void setup(void)
{
	th_pin_env();
	setenv("SOURCE_DATE_EPOCH", "1780000000", 1);  /* 2026-05-28 */
}

TestSuite(report, .init = setup);

typedef void (*esc_fn)(struct isms_buf *, const char *);

static char *esc(esc_fn fn, const char *s)
{
	struct isms_buf b = ISMS_BUF_INIT;

	fn(&b, s);
	return isms_buf_detach(&b);
}

static void csv(struct isms_buf *b, const char *s) { isms_esc_csv(b, s, false); }
static void csv_number(struct isms_buf *b, const char *s) { isms_esc_csv(b, s, true); }
static void md_cell(struct isms_buf *b, const char *s) { isms_esc_md(b, s, true); }
static void md_text(struct isms_buf *b, const char *s) { isms_esc_md(b, s, false); }

Test(report, escape_html)
{
	cr_assert_str_eq(esc(isms_esc_html, "<script>alert(\"x\" & 'y')</script>"),
		"&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
	cr_assert_str_eq(esc(isms_esc_html, "a\x1b[31mb\x7f\nc\td"), "a\\x1b[31mb\\x7f\nc\td",
			 "control characters become visible text; newline and tab stay");
	cr_assert_str_eq(esc(isms_esc_html, "bad \xff utf8"), "bad \xEF\xBF\xBD utf8");
	cr_assert_str_eq(esc(isms_esc_html, "C1 \xC2\x9b x"), "C1 \\x9b x");
	cr_assert_str_eq(esc(isms_esc_html, "rtl \xE2\x80\xAE kept"), "rtl \xE2\x80\xAE kept",
			 "a right-to-left mark is text (the page isolates each cell)");
}

Test(report, escape_csv_neutralises_formulas)
{
	cr_assert_str_eq(esc(csv, "=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
	cr_assert_str_eq(esc(csv, "+1"), "\"'+1\"");
	cr_assert_str_eq(esc(csv, "-2"), "\"'-2\"");
	cr_assert_str_eq(esc(csv, "@SUM(A1)"), "\"'@SUM(A1)\"");
	cr_assert_str_eq(esc(csv, "\t=x"), "\"'\t=x\"");
	cr_assert_str_eq(esc(csv, "\r=x"), "\"'\r=x\"");
	cr_assert_str_eq(esc(csv, "  =x"), "\"'  =x\"", "spaces before a formula do not hide it");
	cr_assert_str_eq(esc(csv, "say \"hi\", then\nleave"), "\"say \"\"hi\"\", then\nleave\"");
	cr_assert_str_eq(esc(csv, "a-b=c"), "\"a-b=c\"", "only the first character counts");
	cr_assert_str_eq(esc(csv_number, "-5"), "\"-5\"", "a number of ours is not neutralised");
	cr_assert_str_eq(esc(csv, "x\x01y"), "\"x\\x01y\"");
	cr_assert_str_eq(esc(csv, ""), "\"\"");
}

Test(report, escape_markdown)
{
	cr_assert_str_eq(esc(md_cell, "a|b *c* _d_ [e](f) `g` <h> & #i $j$ ~k~ !l"),
		"a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` &lt;h&gt; &amp; \\#i \\$j\\$ \\~k\\~ \\!l");
	cr_assert_str_eq(esc(md_cell, "one\ntwo"), "one<br>two");
	cr_assert_str_eq(esc(md_text, "- item\n1. list\n+ x\n=== \nend"),
		"\\- item\\\n1\\. list\\\n\\+ x\\\n\\=== \\\nend");
	cr_assert_str_eq(esc(md_text, "para\n\nnext"), "para\n\nnext");
	cr_assert_str_eq(esc(md_text, "A.5.1 and RSK-0001 v1.0"), "A.5.1 and RSK-0001 v1.0",
			 "IDs and versions stay readable");
	cr_assert_str_eq(esc(md_cell, "esc\x1b"), "esc\\x1b");
}

Test(report, escape_json)
{
	cr_assert_str_eq(esc(isms_esc_json, "q\"\\\n\x1b"), "\"q\\\"\\\\\\n\\u001b\"");
	cr_assert_str_eq(esc(isms_esc_json, "\xff"), "\"\\ufffd\"");
}

/* An ISMS with a risk and an action committed, a control decided. */
static char *small_isms(void)
{
	char *dir = th_fresh_isms();

	th_run(dir, "%s new risk --set 'title=Laptop theft' --set owner=Ana --set likelihood=4 "
	       "--set impact=4 --set treatment=modify --set controls=A.8.1 -m 'RSK-001: add'",
	       getenv("ISMS_BIN"));
	th_run(dir, "%s new action --set 'title=Encrypt disks' --set owner=Bo --set due=2026-03-01 "
	       "--set risks=RSK-001 -m 'ACT-001: add'", getenv("ISMS_BIN"));
	th_run(dir, "%s new control --set id=A.8.1 --set 'title=User end point devices' "
	       "--set applicable=yes --set reason=risk-treatment -m 'A.8.1: decide'",
	       getenv("ISMS_BIN"));
	return dir;
}

Test(report, snapshot_reads_the_commit_not_the_working_tree)
{
	char *dir = small_isms();
	struct isms_store *store;
	struct isms_snapshot snap;
	struct isms_report_doc *r;
	char *text;

	/* Changed on disk, not committed: a report never sees it. */
	text = th_read(dir, "risks/RSK-001.yaml");
	th_write(dir, "risks/RSK-001.yaml", "id: RSK-001\nkind: risk\ntitle: UNCOMMITTED\n"
		 "status: identified\n");
	cr_assert_eq(isms_store_open(&store, dir), 0);
	cr_assert_eq(isms_store_snapshot(&snap, store, NULL), 0);
	cr_assert_str_eq(snap.organisation, "Test Org");
	cr_assert_str_eq(isms_map_get_text(isms_snapshot_find(&snap, "RSK-001"), "title"),
			 "Laptop theft");
	cr_assert_eq(isms_report_risks(&r, &snap), 0);
	cr_assert_eq(r->sections[0].row_count, 1);
	cr_assert_str_eq(r->sections[0].cells[0].text, "RSK-001");
	/* Likelihood 4, impact 4 is 16: High in the default method. */
	cr_assert_str_eq(isms_report_cell(&r->sections[0], 0, 7)->text, "High");
	cr_assert_str_eq(isms_report_cell(&r->sections[0], 0, 7)->colour, snap.method.levels[2].colour);
	cr_assert_str_eq(isms_report_cell(&r->sections[0], 0, 10)->text, "ACT-001");
	cr_assert_str_eq(r->meta.generated, "2026-05-28");
	cr_assert_str_eq(r->meta.commit, snap.commit);
	isms_report_doc_free(r);
	isms_snapshot_free(&snap);

	/* As of two commits back: the risk was there, the action not yet. */
	cr_assert_eq(isms_store_snapshot(&snap, store, "HEAD~2"), 0);
	cr_assert_not_null(isms_snapshot_find(&snap, "RSK-001"));
	cr_assert_null(isms_snapshot_find(&snap, "ACT-001"));
	isms_snapshot_free(&snap);
	/* A date before any commit names none; the pinned commits are on 2026-01-01. */
	cr_assert_eq(isms_store_snapshot(&snap, store, "2025-12-31"), ISMS_ENOTFOUND);
	cr_assert_eq(isms_store_snapshot(&snap, store, "2026-01-01"), 0);
	cr_assert_not_null(isms_snapshot_find(&snap, "ACT-001"));
	isms_snapshot_free(&snap);
	cr_assert_eq(isms_store_snapshot(&snap, store, "no-such-tag"), ISMS_ENOTFOUND);
	isms_store_free(store);
	free(text);
	free(dir);
}

Test(report, soa_lists_93_controls_then_own_and_filters)
{
	char *dir = small_isms();
	struct isms_store *store;
	struct isms_snapshot snap;
	struct isms_report_doc *r;
	struct isms_soa_filter f = ISMS_SOA_FILTER_INIT;
	const struct isms_report_section *s;

	th_write(dir, "controls/A.8.40.yaml", "id: A.8.40\nkind: control\ntitle: Our own control\n"
		 "status: draft\napplicable: true\nreason: business-requirement\n");
	th_run(dir, "git add controls && git commit -q -m 'A.8.40: our own'");
	cr_assert_eq(isms_store_open(&store, dir), 0);
	cr_assert_eq(isms_store_snapshot(&snap, store, NULL), 0);
	cr_assert_eq(isms_report_soa(&r, &snap, NULL), 0);
	s = &r->sections[0];
	cr_assert_eq(s->row_count, 94, "93 Annex A controls and one of our own: %zu", s->row_count);
	cr_assert_str_eq(s->cells[0].text, "A.5.1");
	cr_assert_str_eq(isms_report_cell((struct isms_report_section *)s, 93, 0)->text, "A.8.40");
	for (size_t i = 0; i < s->row_count; i++)
		if (strcmp(s->cells[i * s->column_count].text, "A.8.1") == 0) {
			cr_assert_str_eq(s->cells[i * s->column_count + 3].text, "applicable");
			cr_assert_str_eq(s->cells[i * s->column_count + 4].text, "risk-treatment");
			cr_assert_str_eq(s->cells[i * s->column_count + 7].text, "RSK-001",
					 "the risk that names the control");
		}
	isms_report_doc_free(r);
	f.decision = "applicable";
	cr_assert_eq(isms_report_soa(&r, &snap, &f), 0);
	cr_assert_eq(r->sections[0].row_count, 2);
	isms_report_doc_free(r);
	f.decision = NULL;
	f.theme = "people";
	cr_assert_eq(isms_report_soa(&r, &snap, &f), 0);
	cr_assert_eq(r->sections[0].row_count, 8, "A.6.1 to A.6.8");
	isms_report_doc_free(r);
	f.theme = NULL;
	f.attribute = "frobnicate";
	cr_assert_eq(isms_report_soa(&r, &snap, &f), ISMS_EUSAGE);
	isms_snapshot_free(&snap);
	isms_store_free(store);
	free(dir);
}

Test(report, export_is_reproducible_in_every_format)
{
	char *dir = small_isms(), *a, *b;
	static const char *const formats[] = { "md", "html", "csv", "json" };

	for (size_t i = 0; i < 4; i++) {
		cr_assert_eq(th_isms(&a, NULL, dir, "export risks --format %s", formats[i]), 0);
		cr_assert_eq(th_isms(&b, NULL, dir, "export risks --format %s", formats[i]), 0);
		cr_assert_str_eq(a, b, "%s twice gives the same bytes", formats[i]);
		cr_assert(th_has(a, "Laptop theft"), "%s", a);
		if (i != 2)  /* CSV is the table alone */
			cr_assert(th_has(a, "2026-05-28"), "%s: the date of SOURCE_DATE_EPOCH",
				  formats[i]);
		free(a);
		free(b);
	}
	free(dir);
}

Test(report, snapshot_reads_only_what_is_asked)
{
	char *dir = small_isms();
	struct isms_store *store;
	struct isms_snapshot snap;
	static const char *const kinds[] = { "risk", NULL };
	static const char *const fields[] = { "status", "controls", NULL };
	static const struct isms_snapshot_keep prune[] = { { "risk", fields }, { NULL, NULL } };
	struct isms_snapshot_opts opts = { kinds, prune };
	const struct isms_node *risk;

	cr_assert_eq(isms_store_open(&store, dir), 0);
	cr_assert_eq(isms_store_snapshot_with(&snap, store, NULL, &opts), 0);
	cr_assert_eq(snap.records.count, 1, "only the risk");
	risk = isms_snapshot_find(&snap, "RSK-001");
	cr_assert_not_null(risk);
	cr_assert_eq(risk->count, 2, "only the fields kept");
	cr_assert_str_eq(risk->pairs[0].key, "status");
	cr_assert_str_eq(risk->pairs[1].key, "controls");
	cr_assert_eq(snap.records.findings[0].count, 0, "validated before the fields were dropped");
	isms_snapshot_free(&snap);
	isms_store_free(store);
	free(dir);
}
