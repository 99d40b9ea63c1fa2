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
	*text = th_run("/", "pdftotext -raw '%s' -", pdf);
	info = th_run("/", "pdfinfo '%s'", pdf);
	if ((p = strstr(info, "Pages:")))
		pages = atoi(p + 6);
	free(info);
	return pages;
}

/* Remove every space and line break from `s`, in place. */
static void squash(char *s)
{
	char *to = s;

	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			*to++ = *s;
	*to = '\0';
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

/* A risk and a policy written to hurt: markup, quotes, a formula, a
 * right-to-left override, a line of 10,000 characters, raw HTML and an
 * image from elsewhere in the policy's Markdown. */
static char *hostile_isms(void)
{
	char *dir = th_fresh_isms(), *long_line = isms_calloc(10001, 1);

	memset(long_line, 'W', 10000);
	th_write(dir, "risks/RSK-001.yaml", "id: RSK-001\nkind: risk\n"
		 "title: \"<script>alert(1)</script> \\\"quoted\\\" \\u202eevil\\u202c end\"\n"
		 "status: identified\nowner: \"=cmd|' /C calc'!A0\"\nlikelihood: 2\nimpact: 3\n");
	{
		char *yaml = isms_asprintf("id: RSK-002\nkind: risk\ntitle: Long\nstatus: identified\n"
					   "description: %s\n", long_line);

		th_write(dir, "risks/RSK-002.yaml", yaml);
		free(yaml);
	}
	th_write(dir, "policies/POL-001.yaml", "id: POL-001\nkind: policy\ntitle: \"<b>Bold</b> policy\"\n"
		 "status: draft\nowner: Ana\nversion: '0.1'\nbody: |\n  Intro <script>alert(2)</script>\n\n"
		 "  <div onclick=\"x()\">block</div>\n\n  ![tracker](http://evil.example/x.png)\n\n"
		 "  [click](javascript:alert(3))\n");
	th_run(dir, "git add -A && git commit -q -m hostile && %s config set self_approval policy "
	       ">/dev/null && %s approve POL-001 >/dev/null", getenv("ISMS_BIN"), getenv("ISMS_BIN"));
	free(long_line);
	return dir;
}

Test(export, hostile_record_text_is_text_in_every_format)
{
	char *dir = hostile_isms(), *out, *t;
	int pages;

	cr_assert_eq(th_isms(&out, NULL, dir, "export risks --format md"), 0);
	cr_assert(!th_has(out, "<script") && th_has(out, "&lt;script&gt;alert(1)&lt;/script&gt;"),
		  "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "export risks --format html -o r.html"), 0);
	out = th_read(dir, "r.html");
	cr_assert(!th_has(out, "<script") && th_has(out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "export policies --format html -o p.html"), 0);
	out = th_read(dir, "p.html");
	cr_assert(!th_has(out, "<script") && !th_has(out, "<div onclick") &&
		  !th_has(out, "<img") && !th_has(out, "javascript:"), "%s", out);
	cr_assert(th_has(out, "&lt;script&gt;alert(2)&lt;/script&gt;"), "raw HTML shown as text");
	cr_assert(th_has(out, "href=\"http://evil.example/x.png\""), "the image is a link, not loaded");
	free(out);
	/* CSV: read back by Python's csv module; the formula neutralised. */
	t = th_run(dir, "%s export risks --format csv | /usr/bin/python3 -c 'import csv,sys; "
		   "r=list(csv.reader(sys.stdin)); print(len(r)); print(r[1][1]); print(r[1][3])'",
		   getenv("ISMS_BIN"));
	cr_assert_str_eq(t, "3\n<script>alert(1)</script> \"quoted\" \xE2\x80\xAE" "evil\xE2\x80\xAC end\n"
			 "'=cmd|' /C calc'!A0\n", "%s", t);
	free(t);
	/* JSON: parsed, the title exactly the record's. */
	t = th_run(dir, "%s export risks --format json | /usr/bin/python3 -c 'import json,sys; "
		   "d=json.load(sys.stdin); r=d[\"sections\"][0][\"rows\"]; "
		   "print(r[0][\"owner\"]); print(len(r))'", getenv("ISMS_BIN"));
	cr_assert_str_eq(t, "=cmd|' /C calc'!A0\n2\n", "%s", t);
	free(t);
	if (!have("chromium") || !have("pdftotext"))
		cr_skip_test("chromium or pdftotext is not installed");
	out = isms_asprintf("%s/r.html", dir);
	t = isms_asprintf("%s/r.pdf", dir);
	{
		char *text;

		pages = print_pdf(&text, out, t);
		squash(text);  /* a table cell wraps its text over lines */
		cr_assert(th_has(text, "<script>alert(1)</script>"), "shown as text: %s", text);
		cr_assert(th_has(text, "=cmd|'/Ccalc'!A0"), "%s", text);
		cr_assert(th_has(text, "WWWWWWWWWWWWWWWWWWWW"), "the long line is there");
		free(text);
		/* The long line wraps in its own column: the other columns keep
		 * their width (the row's ID and title stand on one line). */
		text = th_run("/", "pdftotext -layout '%s' - | grep 'RSK-002'", t);
		cr_assert(th_has(text, "Long"), "%s", text);
		cr_assert(pages >= 1 && pages <= 60, "%d pages", pages);
		free(text);
	}
	free(out);
	free(t);
	free(dir);
}

Test(export, pdf_through_a_headless_browser_or_a_clear_message)
{
	char *dir = th_fresh_isms(), *out = NULL, *empty = th_tmpdir();
	int rc;

	rc = th_sh(&out, dir, "PATH='%s' ISMS_BROWSER= %s export risks --format pdf -o r.pdf",
		   empty, getenv("ISMS_BIN"));
	cr_assert_eq(rc, 2, "%s", out);
	cr_assert(th_has(out, "none is installed") && th_has(out, "apt-get install chromium"),
		  "%s", out);
	cr_assert_null(th_read(dir, "r.pdf"), "nothing written");
	free(out);
	if (!have("chromium") || !have("pdftotext"))
		cr_skip_test("chromium or pdftotext is not installed");
	cr_assert_eq(th_isms(NULL, &out, dir, "export soa -o soa.pdf"), 0, "%s", out);
	free(out);
	out = th_run(dir, "pdftotext -raw soa.pdf - | head -3; pdfinfo soa.pdf | grep -c '^Pages:'");
	cr_assert(th_has(out, "Statement of Applicability"), "%s", out);
	free(out);
	free(empty);
	free(dir);
}

Test(export, new_management_review_prefilled_from_the_same_gathering)
{
	char *dir = demo(), *out, *err;

	cr_assert_eq(th_isms(&out, &err, dir, "new management-review --prefill --set held_on=2027-01-15"),
		     0, "%s", err);
	cr_assert(th_has(out, "MRV-002"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "show MRV-002"), 0);
	cr_assert(th_has(out, "status: draft") && th_has(out, "held_on: 2027-01-15"), "%s", out);
	cr_assert(th_has(out, "previous_actions: 'Decisions of MRV-001"), "%s", out);
	cr_assert(th_has(out, "- 2026-09-30: Open nonconformities 1"), "trends: %s", out);
	cr_assert(th_has(out, "- NC-001: Leavers' access not removed on time"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "new risk --prefill"), 2);
	cr_assert(th_has(err, "--prefill is for a management-review"), "%s", err);
	free(err);
	free(dir);
}

Test(export, a_path_inside_git_is_refused_before_anything_is_written)
{
	char *dir = th_fresh_isms(), *err = NULL, *head = th_git(dir, "rev-parse HEAD");
	const char *paths[] = { ".git/soa.md", ".git/refs/heads/x", "./.git/../.git/hooks/pre-commit" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		cr_assert_eq(th_isms(NULL, &err, dir, "export soa -o '%s'", paths[i]), 2);
		cr_assert(th_has(err, "is inside .git, which only git writes"), "%s", err);
		free(err);
	}
	cr_assert_eq(th_isms(NULL, &err, dir, "report audit-pack -o .git/pack"), 2);
	cr_assert(th_has(err, "is inside .git"), "%s", err);
	free(err);
	cr_assert_null(th_read(dir, ".git/soa.md"));
	cr_assert_null(th_read(dir, ".git/refs/heads/x"));
	cr_assert_null(th_read(dir, ".git/pack/index.html"));
	cr_assert_str_eq(th_git(dir, "rev-parse HEAD"), head, "nothing committed");
	free(head);
	free(dir);
}
