/* SPDX-License-Identifier: MIT */
/* Spreadsheets and OSCAL out, and the round trip: isms export soa --format
 * oscal validated against NIST's schema (tests/oscal), XLSX read back with
 * openpyxl, and export then import into an empty ISMS giving the same
 * records. Real binary, real repositories, real validators (skipped, never
 * passed, without them). */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void setup(void)
{
	th_pin_env();
	setenv("SOURCE_DATE_EPOCH", "1780000000", 1);
}

TestSuite(interchange, .init = setup);

static char *fresh_soa(const char *dir_in)
{
	char *dir = dir_in ? NULL : th_tmpdir(), *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir ? dir : dir_in, "init --org 'Test Org' --with-soa"), 0,
		     "%s", err);
	free(err);
	return dir;
}

/* An ISMS with risks and SoA decisions, imported (so the test needs no
 * other write path), including text a spreadsheet would take for formulas. */
static char *sample(void)
{
	char *dir = fresh_soa(NULL), *out = NULL, *err = NULL;

	th_write(dir, "r.csv", "id,title,owner,likelihood,impact,treatment,controls,"
		 "residual_likelihood,residual_impact,description\n"
		 "RSK-001,Theft of laptops,Ana,4,3,modify,\"A.5.1, A.8.1\",2,2,\"Laptops left\n"
		 "in cars\"\n"
		 "RSK-002,-Phishing (=HYPERLINK),Ben,2,5,share,A.8.1,,,\n");
	th_write(dir, "s.csv", "control,applicable,reason,justification,implementation,evidence,"
		 "owner,risks\n"
		 "A.5.1,yes,risk-treatment,\"Needed, says the board\nsecond line\",implemented,"
		 "Policy POL-1,Ana,RSK-001\n"
		 "A.5.2,no,not-applicable,No separate roles,,,,\n"
		 "A.8.1,yes,contractual,=SUM(A1),partial,,Ben,\"RSK-001, RSK-002\"\n");
	cr_assert_eq(th_isms(&out, &err, dir, "import risks r.csv"), 0, "%s%s", out, err);
	free(out), free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "import soa s.csv"), 0, "%s%s", out, err);
	free(out), free(err);
	th_run(dir, "rm r.csv s.csv");
	return dir;
}

static const char *const compared[] = {
	"risks/RSK-001.yaml", "risks/RSK-002.yaml", "controls/A.5.1.yaml", "controls/A.5.2.yaml",
	"controls/A.8.1.yaml", "controls/A.5.3.yaml",
};

static void round_trip(const char *ext)
{
	char *from = sample(), *to = th_tmpdir(), *out = NULL, *err = NULL;

	cr_assert_eq(th_isms(&out, &err, from, "export soa -o soa.%s", ext), 0, "%s", err);
	free(out), free(err);
	cr_assert_eq(th_isms(&out, &err, from, "export risks -o risks.%s", ext), 0, "%s", err);
	free(out), free(err);
	fresh_soa(to);
	cr_assert_eq(th_isms(&out, &err, to, "import risks '%s/risks.%s'", from, ext), 0, "%s%s",
		     out, err);
	free(out), free(err);
	cr_assert_eq(th_isms(&out, &err, to, "import soa '%s/soa.%s'", from, ext), 0, "%s%s", out,
		     err);
	free(out), free(err);
	for (size_t i = 0; i < sizeof(compared) / sizeof(compared[0]); i++) {
		char *a = th_read(from, compared[i]), *b = th_read(to, compared[i]);

		cr_assert(a && b, "%s missing", compared[i]);
		cr_expect_str_eq(b, a, "%s differs after the round trip", compared[i]);
		free(a), free(b);
	}
	free(from), free(to);
}

Test(interchange, soa_and_risks_round_trip_through_csv)
{
	round_trip("csv");
}

Test(interchange, soa_and_risks_round_trip_through_xlsx)
{
	round_trip("xlsx");
}

Test(interchange, oscal_export_validates_against_nists_schema)
{
	char *dir = sample(), *out = NULL, *err = NULL, *again = NULL, *first, *check = NULL;
	const char *src = getenv("ISMS_SRCDIR");

	cr_assert_eq(th_isms(&out, &err, dir, "export soa --format oscal -o soa.json"), 0, "%s", err);
	free(out), free(err);
	first = th_read(dir, "soa.json");
	cr_expect(th_has(first, "\"oscal-version\": \"1.0.6\""), "%s", first);
	cr_expect(th_has(first, "\"control-id\": \"A.8.1\""));
	cr_expect(th_has(first, "\"description\": \"=SUM(A1)\""));
	/* Stable UUIDs: a re-export is byte for byte the same. */
	cr_assert_eq(th_isms(&again, &err, dir, "export soa --format oscal"), 0, "%s", err);
	cr_expect_str_eq(again, first);
	free(err);
	if (th_sh(NULL, dir, "/usr/bin/python3 -c 'import jsonschema'") != 0)
		cr_skip_test("/usr/bin/python3 with python3-jsonschema is missing");
	cr_expect(th_has(th_read(src, "tests/oscal/oscal_component_schema.json"),
			 "http://csrc.nist.gov/ns/oscal/1.0.6/oscal-component-definition-schema.json"));
	cr_expect_eq(th_sh(&check, dir, "/usr/bin/python3 '%s/tests/oscal/validate.py' "
			   "'%s/tests/oscal/oscal_component_schema.json' soa.json", src, src), 0,
		     "%s", check);
	free(check);
	/* The validator is not vacuous: a document without a UUID fails. */
	th_run(dir, "grep -v '\"uuid\": ' soa.json > bad.json");
	cr_expect_eq(th_sh(&check, dir, "/usr/bin/python3 '%s/tests/oscal/validate.py' "
			   "'%s/tests/oscal/oscal_component_schema.json' bad.json", src, src), 1,
		     "%s", check);
	free(check), free(first), free(again), free(dir);
}

Test(interchange, xlsx_export_reads_back_with_openpyxl)
{
	char *dir = sample(), *out = NULL, *err = NULL, *got = NULL;

	if (th_sh(NULL, dir, "/usr/bin/python3 -c 'import openpyxl'") != 0)
		cr_skip_test("/usr/bin/python3 with python3-openpyxl is missing");
	cr_assert_eq(th_isms(&out, &err, dir, "export risks -o risks.xlsx"), 0, "%s", err);
	free(out), free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "export treatment-plan --format xlsx -o plan.xlsx"), 0,
		     "%s", err);
	free(out), free(err);
	th_write(dir, "read.py",
		 "import openpyxl, datetime\n"
		 "wb = openpyxl.load_workbook('risks.xlsx')\n"
		 "print('sheets', wb.sheetnames)\n"
		 "a = wb['About']\n"
		 "print('front', [a.cell(r, 1).value for r in range(1, 7)])\n"
		 "print('org', a['B2'].value, 'date', isinstance(a['B6'].value, datetime.datetime))\n"
		 "ws = wb['Risks']\n"
		 "print('freeze', ws.freeze_panes, 'filter', ws.auto_filter.ref)\n"
		 "hdr = [c.value for c in ws[1]]\n"
		 "print('header', hdr[:3])\n"
		 "t = ws.cell(3, hdr.index('Title') + 1)\n"
		 "print('neutral', repr(t.value), t.data_type)\n"
		 "lv = ws.cell(2, hdr.index('Inherent level') + 1)\n"
		 "print('level', lv.value, lv.fill.fgColor.rgb)\n"
		 "w = ws.column_dimensions['B'].width\n"
		 "print('width', w >= len('Theft of laptops'))\n"
		 "print('formulas', sum(1 for s in wb for r in s.iter_rows() for c in r if c.data_type == 'f'))\n");
	cr_assert_eq(th_sh(&got, dir, "/usr/bin/python3 read.py"), 0, "%s", got);
	cr_expect(th_has(got, "sheets ['About', 'Risks'"), "%s", got);
	cr_expect(th_has(got, "front ['Document', 'Organisation', 'Commit', 'Revision', "
			 "'Approval state', 'Generated']"), "%s", got);
	cr_expect(th_has(got, "org Test Org date True"), "%s", got);
	cr_expect(th_has(got, "freeze A2 filter A1:"), "%s", got);
	cr_expect(th_has(got, "header ['Risk', 'Title', "), "%s", got);
	cr_expect(th_has(got, "neutral \"'-Phishing (=HYPERLINK)\" s"), "%s", got);
	cr_expect(th_has(got, "level High FF"), "%s", got);
	cr_expect(!th_has(got, "level High 00000000"), "%s", got);
	cr_expect(th_has(got, "width True"), "%s", got);
	cr_expect(th_has(got, "formulas 0"), "%s", got);
	free(got), free(dir);
}

Test(interchange, oscal_is_for_the_soa_and_xlsx_not_for_a_terminal)
{
	char *dir = sample(), *out = NULL, *err = NULL;

	cr_expect_eq(th_isms(&out, &err, dir, "export risks --format oscal"), 2);
	cr_expect(th_has(err, "--format oscal is for the SoA"), "%s", err);
	free(out), free(err), free(dir);
}
