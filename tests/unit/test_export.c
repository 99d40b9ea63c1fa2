/* SPDX-License-Identifier: MIT */
/* isms export and isms report end to end: the real binary on the demo and
 * on hostile records, golden files for the demo's reports (written again
 * only on purpose: make update-golden), the audit pack's links, and HTML
 * printed by a real headless Chromium and read back with pdftotext. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"

static void setup(void)
{
	th_pin_env();
	setenv("SOURCE_DATE_EPOCH", "1780000000", 1);  /* 2026-05-28 */
}

TestSuite(export, .init = setup, .timeout = 240);

static char *demo(void)
{
	char *dir = th_tmpdir(), *repo = isms_asprintf("%s/demo", dir);

	th_run(dir, "%s demo demo --no-tui >/dev/null", getenv("ISMS_BIN"));
	free(dir);
	return repo;
}

static bool have(const char *program)
{
	return th_sh(NULL, "/", "command -v %s >/dev/null 2>&1", program) == 0;
}

/* Print `html` (a file) to `pdf` with headless Chromium; its text into
 * *text and its page count returned. */
static int print_pdf(char **text, const char *html, const char *pdf)
{
	char *info;
	int pages = 0;
	const char *p;

	th_run("/", "chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer "
	       "--print-to-pdf='%s' 'file://%s' >/dev/null 2>&1", pdf, html);
	*text = th_run("/", "pdftotext -layout '%s' -", pdf);
	info = th_run("/", "pdfinfo '%s'", pdf);
	if ((p = strstr(info, "Pages:")))
		pages = atoi(p + 6);
	free(info);
	return pages;
}

/* Compare `got` with tests/golden/NAME, or write it there when
 * ISMS_UPDATE_GOLDEN is set (make update-golden). */
static void golden(const char *name, const char *got)
{
	char *dir = isms_asprintf("%s/tests/golden", getenv("ISMS_SRCDIR"));
	char *want;

	if (getenv("ISMS_UPDATE_GOLDEN")) {
		th_write(dir, name, got);
		free(dir);
		return;
	}
	want = th_read(dir, name);
	cr_assert_not_null(want, "tests/golden/%s is missing: make update-golden", name);
	cr_assert(strcmp(want, got) == 0, "tests/golden/%s differs; if the change is meant, "
		  "make update-golden and review the diff", name);
	free(want);
	free(dir);
}

Test(export, demo_reports_match_their_golden_files)
{
	static const char *const runs[][2] = {
		{ "export soa", "soa.md" }, { "export risks", "risks.md" },
		{ "export risks --format csv", "risks.csv" },
		{ "export risks --format json", "risks.json" },
		{ "export risks --format html", "risks.html" },
		{ "export treatment-plan", "treatment-plan.md" },
		{ "export policies", "policies.md" }, { "export policies --format html", "policies.html" },
		{ "export records --format csv", "records.csv" },
		{ "report management-review", "management-review.md" },
		{ "report board", "board.md" },
	};
	char *dir = demo(), *out, *err;

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		cr_assert_eq(th_isms(&out, &err, dir, "%s", runs[i][0]), 0, "%s: %s", runs[i][0], err);
		golden(runs[i][1], out);
		free(out);
		free(err);
	}
	free(dir);
}

Test(export, demo_facts_soa_policies_and_trends)
{
	char *dir = demo(), *out;

	/* The SoA: 93 Annex A controls. */
	cr_assert_eq(th_isms(&out, NULL, dir, "export soa --format csv"), 0);
	cr_assert_str_eq(th_run(dir, "printf '%%s' \"$(%s export soa --format csv | "
				"/usr/bin/python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))))')\"",
				getenv("ISMS_BIN")), "94", "a header and 93 rows");
	free(out);
	/* The policy set holds the approved text only: POL-001 was edited after
	 * its approval (access reviewed every quarter); v1.0 says twice a year. */
	cr_assert_eq(th_isms(&out, NULL, dir, "export policies"), 0);
	cr_assert(th_has(out, "reviewed twice a year"), "%s", out);
	cr_assert(!th_has(out, "every quarter"), "the draft's text is not in the set");
	cr_assert(th_has(out, "changed since"), "%s", out);
	cr_assert(th_has(out, "PRC-001") && th_has(out, "never approved"), "%s", out);
	free(out);
	/* As of the approval tag itself: the same text, not marked changed. */
	cr_assert_eq(th_isms(&out, NULL, dir, "export policies --rev approved/POL-001/v1.0"), 0);
	cr_assert(th_has(out, "reviewed twice a year") && !th_has(out, "approved; changed since"),
		  "%s", out);
	free(out);
	/* The management review's trends, counted from the history. */
	cr_assert_eq(th_isms(&out, NULL, dir, "report management-review --format json"), 0);
	cr_assert(th_has(out, "{\"period_end\":\"2026-06-30\",\"open_nonconformities\":0"), "%s", out);
	cr_assert(th_has(out, "{\"period_end\":\"2026-09-30\",\"open_nonconformities\":1"), "%s", out);
	free(out);
	/* A date before the ISMS existed names no commit. */
	cr_assert_eq(th_isms(NULL, &out, dir, "export risks --rev 2020-01-01"), 2);
	cr_assert(th_has(out, "no commit on or before 2020-01-01"), "%s", out);
	free(out);
	free(dir);
}

Test(export, json_follows_its_schema)
{
	char *dir = demo();
	static const char *const runs[] = { "export soa", "export risks", "export treatment-plan",
		"export policies", "export records", "report management-review", "report board" };

	if (th_sh(NULL, "/", "/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0)
		cr_skip_test("python3-jsonschema is not installed");
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		char *out = NULL;
		int rc = th_sh(&out, dir, "%s %s --format json > r.json && /usr/bin/python3 -c "
			       "'import json,jsonschema; jsonschema.validate(json.load(open(\"r.json\")),"
			       " json.load(open(\"%s/doc/report-schema.json\")))'",
			       getenv("ISMS_BIN"), runs[i], getenv("ISMS_SRCDIR"));

		cr_assert_eq(rc, 0, "%s: %s", runs[i], out);
		free(out);
	}
	free(dir);
}

Test(export, audit_pack_opens_offline_with_every_link_working)
{
	char *dir = demo(), *out, *err, *pack = isms_asprintf("%s/../pack", dir), *text;
	char *missing;
	int pages;

	cr_assert_eq(th_isms(&out, &err, dir, "report audit-pack -o ../pack"), 0, "%s", err);
	cr_assert(th_has(err, "audit pack written"), "%s", err);
	free(out);
	free(err);
	/* Every link of every page: a file of the pack, and its anchor there. */
	missing = th_run(pack, "for f in *.html; do grep -o 'href=\"[^\"]*\"' \"$f\" | "
		"sed 's/^href=\"//; s/\"$//' | while read -r h; do file=${h%%%%#*}; a=${h#*#}; "
		"[ -n \"$file\" ] || file=$f; [ -f \"$file\" ] || echo \"$f: $h\"; "
		"[ \"$a\" = \"$h\" ] || grep -q \"id=\\\"$a\\\"\" \"$file\" || echo \"$f: $h\"; "
		"done; done; grep -l 'http://\\|https://\\|<script' *.html | grep -v '^$' || true");
	cr_assert_str_eq(missing, "", "broken links, or pages that load from elsewhere: %s", missing);
	free(missing);
	out = th_run(pack, "grep -c 'href=\"' index.html");
	cr_assert_eq(atoi(out), 7, "the index links its seven parts: %s", out);
	free(out);
	if (!have("chromium") || !have("pdftotext"))
		cr_skip_test("chromium or pdftotext is not installed");
	out = isms_asprintf("%s/index.html", pack);
	text = isms_asprintf("%s/index.pdf", pack);
	{
		char *t;

		pages = print_pdf(&t, out, text);
		cr_assert_eq(pages, 1, "the index is one page: %d", pages);
		cr_assert(th_has(t, "Audit pack") && th_has(t, "Statement of Applicability") &&
			  th_has(t, "Evidence index") && th_has(t, "Harbourlight Logistics Ltd"),
			  "%s", t);
		free(t);
	}
	free(out);
	free(text);
	out = isms_asprintf("%s/soa.html", pack);
	text = isms_asprintf("%s/soa.pdf", pack);
	{
		char *t;

		pages = print_pdf(&t, out, text);
		cr_assert(pages >= 2 && pages <= 20, "the SoA paginates: %d pages", pages);
		cr_assert(th_has(t, "A.5.1") && th_has(t, "A.8.34"), "%s", t);
		free(t);
	}
	free(out);
	free(text);
	free(pack);
	free(dir);
}
