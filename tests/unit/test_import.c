/* SPDX-License-Identifier: MIT */
/* isms import: spreadsheets in, through the real binary on real
 * repositories; all or nothing, every problem at FILE:ROW:COLUMN. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/store.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(import, .init = setup);

/* A new ISMS with the SoA started ("isms init --with-soa"). */
static char *fresh_soa(void)
{
	char *dir = th_tmpdir(), *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir, "init --org 'Test Org' --with-soa"), 0, "%s", err);
	free(err);
	return dir;
}

/* The commit and the working tree are as they were: nothing written. */
static void assert_unchanged(const char *dir, const char *head)
{
	char *now = th_git(dir, "rev-parse HEAD"), *status = NULL;

	cr_expect_str_eq(now, head);
	cr_expect_eq(th_sh(&status, dir, "git status --porcelain --untracked-files=no"), 0);
	cr_expect_str_eq(status, "", "%s", status);
	free(now);
	free(status);
}

/* Import `file` (written with `content`) and expect it refused with an
 * error naming `where` (FILE:ROW:COLUMN) and saying `what`; nothing written. */
static void expect_refused(const char *dir, const char *target, const char *file,
			   const void *content, size_t len, const char *where, const char *what)
{
	char *head = th_git(dir, "rev-parse HEAD"), *out = NULL, *err = NULL;

	th_write_bytes(dir, file, content, len);
	cr_expect_eq(th_isms(&out, &err, dir, "import %s %s", target, file), 2, "%s%s", out, err);
	cr_expect(th_has(err, where), "no '%s' in: %s", where, err);
	cr_expect(th_has(err, what), "no '%s' in: %s", what, err);
	assert_unchanged(dir, head);
	free(head);
	free(out);
	free(err);
}

#define REFUSED(dir, target, file, text, where, what) \
	expect_refused(dir, target, file, text, strlen(text), where, what)

Test(import, a_spreadsheet_soa_in_a_common_layout_imports_in_one_commit)
{
	char *dir = fresh_soa(), *out = NULL, *err = NULL, *head = th_git(dir, "rev-parse HEAD");
	char *a51, *a52, *count, *msg, *sum;

	th_write(dir, "soa.csv",
		 "Control;Title;Applicable (yes/no);Justification;Status\r\n"
		 "A.5.1;Policies for information security;Yes;Required by the board;Implemented\r\n"
		 "A.5.2;Information security roles and responsibilities;No;Not needed;Not implemented\r\n"
		 "A.5.3;Segregation of duties;yes;\"Two people, one \"\"key\"\"\";Partially implemented\r\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import soa soa.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "0 to create, 3 to change, 0 unchanged"), "%s", out);
	cr_expect(th_has(out, "column E Status -> implementation"), "%s", out);
	a51 = th_read(dir, "controls/A.5.1.yaml");
	cr_expect(th_has(a51, "applicable: yes\n"), "%s", a51);
	cr_expect(th_has(a51, "justification: Required by the board\n"), "%s", a51);
	cr_expect(th_has(a51, "implementation: implemented\n"), "%s", a51);
	cr_expect(th_has(a51, "status: draft\n"), "%s", a51);
	a52 = th_read(dir, "controls/A.5.2.yaml");
	cr_expect(th_has(a52, "applicable: no\n") && th_has(a52, "implementation: not-started\n"),
		  "%s", a52);
	free(a52);
	a52 = th_read(dir, "controls/A.5.3.yaml");
	cr_expect(th_has(a52, "Two people, one \"key\""), "%s", a52);
	/* One commit on top of the SoA's, naming the file and its SHA-256. */
	count = th_git(dir, "rev-list --count HEAD");
	cr_expect_str_eq(count, "3");
	cr_expect_eq(th_sh(&msg, dir, "git log -1 --format=%%B"), 0);
	cr_expect_eq(th_sh(&sum, dir, "sha256sum soa.csv | cut -d' ' -f1"), 0);
	sum[strcspn(sum, "\n")] = '\0';
	cr_expect(th_has(msg, "Import-source: soa.csv"), "%s", msg);
	cr_expect(th_has(msg, sum), "%s lacks %s", msg, sum);
	cr_expect(th_has(msg, "Import 3 records from soa.csv"), "%s", msg);
	cr_expect_str_neq(th_git(dir, "rev-parse HEAD~1"), "");
	free(out), free(err);
	/* Again: nothing to change, no commit. */
	cr_assert_eq(th_isms(&out, &err, dir, "import soa soa.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "0 to create, 0 to change, 3 unchanged"), "%s", out);
	free(count);
	count = th_git(dir, "rev-list --count HEAD");
	cr_expect_str_eq(count, "3");
	free(a51), free(a52), free(count), free(msg), free(sum), free(out), free(err), free(head);
	free(dir);
}

Test(import, a_dry_run_prints_what_would_change_and_writes_nothing)
{
	char *dir = fresh_soa(), *out = NULL, *err = NULL, *head = th_git(dir, "rev-parse HEAD");

	th_write(dir, "soa.csv", "control,applicable,justification\nA.8.1,no,Nobody has laptops\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import soa soa.csv --dry-run"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "change A.8.1: applicable, justification"), "%s", out);
	cr_expect(th_has(out, "dry run: nothing was written"), "%s", out);
	assert_unchanged(dir, head);
	free(out), free(err), free(head), free(dir);
}

Test(import, risks_are_created_numbered_and_updated_never_duplicated)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *r1, *r2, *count;

	th_write(dir, "risks.csv",
		 "Risk,Risk owner,Probability,Impact,Treatment option\n"
		 "Laptop theft,Ana,Likely,3,Mitigate\n"
		 "Phishing,Ben,5,Major,transfer\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import risks risks.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "create RSK-001 Laptop theft"), "%s", out);
	r1 = th_read(dir, "risks/RSK-001.yaml");
	cr_expect(th_has(r1, "title: Laptop theft\n") && th_has(r1, "likelihood: 4\n") &&
		  th_has(r1, "impact: 3\n") && th_has(r1, "treatment: modify\n") &&
		  th_has(r1, "owner: Ana\n"), "%s", r1);
	r2 = th_read(dir, "risks/RSK-002.yaml");
	cr_expect(th_has(r2, "impact: 4\n") && th_has(r2, "treatment: share\n"), "%s", r2);
	free(out), free(err);
	/* The same register again, one value changed: matched by title. */
	th_write(dir, "risks.csv",
		 "Risk,Risk owner,Probability,Impact,Treatment option\n"
		 "Laptop theft,Ana,Likely,3,Mitigate\n"
		 "Phishing,Ben,4,Major,transfer\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import risks risks.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "0 to create, 1 to change, 1 unchanged"), "%s", out);
	cr_expect(th_has(out, "change RSK-002: likelihood"), "%s", out);
	cr_expect(th_read(dir, "risks/RSK-003.yaml") == NULL);
	count = th_git(dir, "rev-list --count HEAD");
	cr_expect_str_eq(count, "3");
	free(r1), free(r2), free(count), free(out), free(err), free(dir);
}

Test(import, decisions_are_never_imported)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *r1;

	th_write(dir, "risks.csv",
		 "id,title,status,likelihood,impact,accepted_by,accepted_on\n"
		 "RSK-001,Fire,accepted,2,2,Boss,2026-01-01\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import risks risks.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(err, "risks.csv:1:6: warning: column 'accepted_by' is 'accepted_by', "
			 "a decision that only 'isms accept' records"), "%s", err);
	cr_expect(th_has(err, "risks.csv:2:3: warning: status 'accepted'"), "%s", err);
	r1 = th_read(dir, "risks/RSK-001.yaml");
	cr_expect(!th_has(r1, "accepted"), "%s", r1);
	cr_expect(th_has(r1, "status: identified\n"), "%s", r1);
	free(r1), free(out), free(err), free(dir);
}

Test(import, dates_in_spreadsheet_forms_and_the_ambiguous_one_refused)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *a;

	th_write(dir, "actions.csv", "title,due\nOne,6.12.2026\nTwo,25/12/2026\nThree,12/25/2026\n"
		 "Four,2026-12-06\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import actions actions.csv"), 0, "%s%s", out, err);
	a = th_read(dir, "actions/ACT-001.yaml");
	cr_expect(th_has(a, "due: 2026-12-06\n"), "%s", a);
	free(a);
	a = th_read(dir, "actions/ACT-003.yaml");
	cr_expect(th_has(a, "due: 2026-12-25\n"), "%s", a);
	free(a);
	REFUSED(dir, "actions", "bad.csv", "title,due\nFive,06/12/2026\n", "bad.csv:2:2: error:",
		"could be 6 December 2026 or 12 June 2026");
	REFUSED(dir, "actions", "bad.csv", "title,due\nSix,31.02.2026\n", "bad.csv:2:2:",
		"not a date that exists");
	free(out), free(err), free(dir);
}

Test(import, encodings_recognised_or_refused)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *a;
	static const char cp1252[] = "title;location\r\nCaf\xe9 server;K\xf6ln \x80 room\r\n";
	static const char bom[] = "\xef\xbb\xbftitle,type\nR\xc3\xa9seau,Service\n";
	static const char utf16[] = "\xff\xfet\0i\0t\0l\0e\0";

	th_write_bytes(dir, "w.csv", cp1252, sizeof(cp1252) - 1);
	cr_assert_eq(th_isms(&out, &err, dir, "import assets w.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "Windows-1252"), "%s", out);
	a = th_read(dir, "assets/AST-001.yaml");
	cr_expect(th_has(a, "Caf\xc3\xa9 server") && th_has(a, "K\xc3\xb6ln \xe2\x82\xac room"), "%s", a);
	free(a), free(out), free(err);
	th_write_bytes(dir, "b.csv", bom, sizeof(bom) - 1);
	cr_assert_eq(th_isms(&out, &err, dir, "import assets b.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "UTF-8 with BOM"), "%s", out);
	a = th_read(dir, "assets/AST-002.yaml");
	cr_expect(th_has(a, "title: R\xc3\xa9seau\n") && th_has(a, "type: service\n"), "%s", a);
	free(a), free(out), free(err);
	expect_refused(dir, "assets", "u.csv", utf16, sizeof(utf16) - 1, "u.csv:1:1:", "UTF-16");
	free(dir);
}

Test(import, columns_by_map_and_accents_aside)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *a;

	th_write(dir, "a.csv", "Désignation,Emplacement,Propriétaire\nServeur,Paris,Zoé\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import assets a.csv --map Designation=title "
			     "--map EMPLACEMENT=location --map 'Propriétaire=owner'"), 0, "%s%s", out, err);
	a = th_read(dir, "assets/AST-001.yaml");
	cr_expect(th_has(a, "title: Serveur\n") && th_has(a, "location: Paris\n") &&
		  th_has(a, "owner: Zoé\n"), "%s", a);
	free(a), free(out), free(err);
	cr_expect_eq(th_isms(&out, &err, dir, "import assets a.csv --map Nowhere=title"), 2);
	cr_expect(th_has(err, "no column is headed 'Nowhere'"), "%s", err);
	free(out), free(err), free(dir);
}

Test(import, references_must_name_records_of_their_kind)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *a;

	REFUSED(dir, "risks", "r.csv", "title,controls,assets\nFire,A.5.1,AST-009\n", "r.csv:2:3:",
		"'AST-009' in 'assets': no such record here or in the file");
	REFUSED(dir, "risks", "r.csv", "title,controls\nFire,RSK-001\n", "r.csv:2:2:",
		"'RSK-001' in 'controls' is not the ID of a control");
	/* A reference to a record the same file creates. */
	th_write(dir, "r2.csv", "id,kind,title,assets\nAST-001,asset,Laptop,\n"
		 "RSK-001,risk,Theft,AST-001\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import records r2.csv"), 0, "%s%s", out, err);
	a = th_read(dir, "risks/RSK-001.yaml");
	cr_expect(th_has(a, "- AST-001"), "%s", a);
	free(a), free(out), free(err), free(dir);
}

/* Bad input: a clear FILE:ROW:COLUMN error, nothing written. */

Test(import, a_file_over_50_mib_is_refused_unread)
{
	char *dir = th_fresh_isms(), *head = th_git(dir, "rev-parse HEAD"), *out = NULL, *err = NULL;

	th_run(dir, "truncate -s 51M big.csv");
	cr_expect_eq(th_isms(&out, &err, dir, "import risks big.csv"), 2);
	cr_expect(th_has(err, "big.csv:1:1:") && th_has(err, "50 MiB"), "%s", err);
	assert_unchanged(dir, head);
	free(head), free(out), free(err), free(dir);
}

Test(import, nul_bytes_mismatched_quotes_and_too_many_columns)
{
	char *dir = th_fresh_isms(), *wide;
	static const char nul[] = "title,location\nA,x\0y\n";
	struct { char *p; size_t len, cap; } b = { 0 };

	expect_refused(dir, "assets", "n.csv", nul, sizeof(nul) - 1, "n.csv:2:2:", "NUL");
	REFUSED(dir, "assets", "q.csv", "title,location\nA,\"open\nB,x\n", "q.csv:2:2:",
		"quote that does not close");
	REFUSED(dir, "assets", "q2.csv", "title,location\nA,\"closed\"junk\n", "q2.csv:2:2:",
		"quote");
	wide = malloc(10000 * 3 + 16);
	b.p = wide;
	for (int i = 0; i < 10000; i++)
		b.len += (size_t)sprintf(wide + b.len, "%sc", i ? "," : "");
	strcpy(wide + b.len, "\n");
	REFUSED(dir, "assets", "w.csv", wide, "w.csv:1:1025:", "more than 1024 columns");
	REFUSED(dir, "assets", "e.csv", "title,location\nA,\x1b[31mred\n", "e.csv:2:2:",
		"control character");
	free(wide), free(dir);
}

Test(import, wrong_kind_duplicate_and_hostile_ids)
{
	char *dir = fresh_soa();

	REFUSED(dir, "soa", "k.csv", "control,applicable\nRSK-001,yes\n", "k.csv:2:1:",
		"'RSK-001' is the ID of a risk, not of a control");
	REFUSED(dir, "soa", "d.csv", "control,applicable\nA.5.1,yes\nA.5.2,no\nA.5.1,no\n",
		"d.csv:4:1:", "'A.5.1' is also in row 2");
	REFUSED(dir, "risks", "h.csv", "title,id\nx,../x\n", "h.csv:2:2:", "../x");
	REFUSED(dir, "soa", "h2.csv", "control,applicable\nA.9.99,yes\n", "h2.csv:2:1:",
		"not an ID of a control");
	REFUSED(dir, "risks", "h3.csv", "id,title\n.git,x\n", "h3.csv:2:1:", ".git");
	free(dir);
}

Test(import, one_bad_row_and_nothing_is_written)
{
	char *dir = th_fresh_isms();

	REFUSED(dir, "risks", "r.csv", "title,likelihood,impact\nA,1,1\nB,9,1\nC,2,2\n",
		"r.csv:3:2:", "not a level of the likelihood scale");
	cr_expect(th_read(dir, "risks/RSK-001.yaml") == NULL);
	free(dir);
}

Test(import, people_come_into_the_people_register)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *per;

	th_write(dir, "p.csv", "Name,Emails\nAna Alves,ana@example.org\nBo Berg,\"bo@example.org, b.berg@example.org\"\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import people p.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "2 to create"), "%s", out);
	per = th_read(dir, "people/PER-002.yaml");
	cr_expect(th_has(per, "kind: person\n") && th_has(per, "title: Bo Berg\n") &&
		  th_has(per, "emails: bo@example.org, b.berg@example.org\n"), "%s", per);
	free(per), free(out), free(err);
	cr_expect_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out), free(err), free(dir);
}

/* XLSX: files made by tests/unit/make_xlsx.py with /usr/bin/python3 (and
 * openpyxl for the good ones); the test is skipped without them. */
static void make_xlsx(const char *dir, const char *kind, const char *out, bool openpyxl)
{
	char *got = NULL;

	if (th_sh(NULL, dir, "/usr/bin/python3 -c 'import zipfile%s'", openpyxl ? ", openpyxl" : "")
	    != 0)
		cr_skip_test("/usr/bin/python3%s is missing", openpyxl ? " with openpyxl" : "");
	cr_assert_eq(th_sh(&got, dir, "/usr/bin/python3 '%s/tests/unit/make_xlsx.py' %s %s",
			   getenv("ISMS_SRCDIR"), kind, out), 0, "%s", got);
	free(got);
}

Test(import, xlsx_soa_with_shared_strings_booleans_and_dates)
{
	char *dir = fresh_soa(), *out = NULL, *err = NULL, *a;

	make_xlsx(dir, "soa", "soa.xlsx", true);
	cr_assert_eq(th_isms(&out, &err, dir, "import soa soa.xlsx"), 0, "%s%s", out, err);
	cr_expect(th_has(out, "XLSX") && th_has(out, "0 to create, 2 to change"), "%s", out);
	a = th_read(dir, "controls/A.5.1.yaml");
	cr_expect(th_has(a, "applicable: yes\n") && th_has(a, "justification: The board wants it\n") &&
		  th_has(a, "implementation: implemented\n"), "%s", a);
	free(a);
	a = th_read(dir, "controls/A.5.2.yaml");
	cr_expect(th_has(a, "applicable: yes\n") && th_has(a, "implementation: planned\n"), "%s", a);
	free(a), free(out), free(err);
	/* A date cell is its serial: the day it shows. */
	cr_assert_eq(th_isms(&out, &err, dir, "import actions soa-actions.xlsx"), 0, "%s%s", out, err);
	a = th_read(dir, "actions/ACT-001.yaml");
	cr_expect(th_has(a, "due: 2026-12-06\n"), "%s", a);
	free(a), free(out), free(err), free(dir);
}

Test(import, xlsx_inline_strings_numbers_and_row_numbers)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *a;

	make_xlsx(dir, "inline", "r.xlsx", false);
	cr_assert_eq(th_isms(&out, &err, dir, "import risks r.xlsx"), 0, "%s%s", out, err);
	a = th_read(dir, "risks/RSK-001.yaml");
	cr_expect(th_has(a, "title: Flood in cellar\n") && th_has(a, "likelihood: 2\n") &&
		  th_has(a, "impact: 4\n"), "%s", a);
	free(a), free(out), free(err), free(dir);
}

static void xlsx_refused(const char *kind, const char *where, const char *what)
{
	char *dir = th_fresh_isms(), *head = th_git(dir, "rev-parse HEAD"), *out = NULL, *err = NULL;

	make_xlsx(dir, kind, "x.xlsx", false);
	cr_expect_eq(th_isms(&out, &err, dir, "import risks x.xlsx"), 2, "%s%s", out, err);
	cr_expect(th_has(err, where) && th_has(err, what), "no '%s' '%s' in: %s", where, what, err);
	assert_unchanged(dir, head);
	free(head), free(out), free(err), free(dir);
}

Test(import, xlsx_with_macros_is_refused)
{
	xlsx_refused("macros", "x.xlsx:1:1:", "macros");
}

Test(import, xlsx_with_external_links_is_refused)
{
	xlsx_refused("links", "x.xlsx:1:1:", "external links");
}

Test(import, xlsx_zip_bomb_is_refused)
{
	xlsx_refused("bomb", "x.xlsx:1:1:", "zip bomb");
}

Test(import, xlsx_with_too_many_entries_is_refused)
{
	xlsx_refused("entries", "x.xlsx:1:1:", "more than 10000 entries");
}

Test(import, xlsx_with_a_doctype_is_refused)
{
	xlsx_refused("doctype", "x.xlsx:1:1:", "DOCTYPE");
}

Test(import, xlsx_error_cells_are_refused_at_their_place)
{
	xlsx_refused("error", "x.xlsx:2:1:", "#REF!");
}

Test(import, xlsx_naming_a_sheet_outside_the_archive_reads_nothing_outside)
{
	xlsx_refused("outside", "x.xlsx:1:1:", "is missing");
}

/* The store's side: many records in one commit, or none, when a step of
 * the batch fails (isms_store_save_all, isms_txn_write_batch). */
static int fail_at, seen_steps;
static const char *fail_step;

static bool fail_nth(const char *step)
{
	return strcmp(step, fail_step) == 0 && ++seen_steps == fail_at;
}

static void batch_fails_at(const char *step, int nth)
{
	char *dir = th_fresh_isms(), *head = th_git(dir, "rev-parse HEAD"), commit[ISMS_OID_HEX];
	struct isms_store *store = NULL;
	struct isms_record *recs[20];
	struct isms_save_all_opts opts = { .message = "Import 20 records from x.csv" };
	int error;

	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	for (int i = 0; i < 20; i++) {
		char id[16], title[32];

		snprintf(id, sizeof(id), "RSK-%03d", i + 1);
		snprintf(title, sizeof(title), "Risk %d", i + 1);
		cr_assert_eq(isms_store_create(&recs[i], store, isms_kind_find("risk"), id), 0);
		isms_map_set(recs[i]->root, "title", isms_node_str(title));
	}
	fail_step = step;
	fail_at = nth;
	seen_steps = 0;
	isms_fault_hook = fail_nth;
	error = isms_store_save_all(commit, store, recs, 20, &opts);
	isms_fault_hook = NULL;
	cr_expect_lt(error, 0, "the batch did not fail at %s #%d", step, nth);
	cr_expect(th_has(isms_error_last()->message, "unchanged"), "%s", isms_error_last()->message);
	assert_unchanged(dir, head);
	cr_expect(th_read(dir, "risks/RSK-001.yaml") == NULL);
	cr_expect(th_read(dir, "risks/RSK-020.yaml") == NULL);
	/* And the same batch, without the fault, commits all twenty at once. */
	cr_assert_eq(isms_store_save_all(commit, store, recs, 20, &opts), 0, "%s",
		     isms_error_last()->message);
	cr_expect(th_read(dir, "risks/RSK-020.yaml") != NULL);
	cr_expect_str_eq(th_git(dir, "rev-list --count HEAD"), "2");
	for (int i = 0; i < 20; i++)
		isms_record_free(recs[i]);
	isms_store_free(store);
	free(head), free(dir);
}

Test(import, a_batch_that_fails_halfway_through_writing_leaves_nothing)
{
	batch_fails_at("fs.write", 7);
}

Test(import, a_batch_whose_sync_fails_leaves_nothing)
{
	batch_fails_at("fs.syncfs", 1);
}

Test(import, a_value_beyond_the_header_is_not_read_as_an_id)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *a;

	th_write(dir, "e.csv", "title\nLaptop,RSK-001\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import assets e.csv"), 0, "%s%s", out, err);
	cr_expect(th_has(err, "e.csv:2:2: warning: a value in a column without a header"), "%s", err);
	a = th_read(dir, "assets/AST-001.yaml");
	cr_expect(a && th_has(a, "title: Laptop\n"), "%s", a);
	free(a), free(out), free(err), free(dir);
}
