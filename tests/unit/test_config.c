/* SPDX-License-Identifier: MIT */
/* isms.yaml checked from its text, as opening an ISMS checks it
 * (store_config_check_text, the fuzzer's entry into src/store/config.c). */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "isms/validate.h"
#include "../../src/store/store_private.h"

static void check(struct isms_findings *out, const char *text)
{
	store_config_check_text(out, text, strlen(text), "isms.yaml");
}

Test(config_text, a_good_file_has_no_findings)
{
	struct isms_findings f = ISMS_FINDINGS_INIT;

	check(&f, "isms: 1\norganisation: Example Org\nid_prefixes:\n  risk: RISK\n"
		  "self_approval: [policy]\nretention_years: {policy: 6}\n");
	cr_expect_eq(f.count, 0, "%s", f.count ? f.items[0].message : "");
	isms_findings_free(&f);
}

Test(config_text, settings_and_parse_errors_are_findings_at_their_position)
{
	struct isms_findings f = ISMS_FINDINGS_INIT;

	check(&f, "isms: 2\norganisation: Example Org\nid_digits: 12\n");
	cr_assert_eq(f.count, 2);
	cr_expect_eq(f.items[0].line, 1);
	cr_expect(th_has(f.items[0].message, "'isms' must be 1"), "%s", f.items[0].message);
	cr_expect_eq(f.items[1].line, 3);
	cr_expect(th_has(f.items[1].message, "'id_digits'"), "%s", f.items[1].message);
	isms_findings_free(&f);

	check(&f, "isms: 1\norganisation: [unclosed\n");
	cr_assert_eq(f.count, 1);
	cr_expect_eq(f.items[0].severity, ISMS_SEV_ERROR);
	cr_expect_gt(f.items[0].line, 0);
	isms_findings_free(&f);
}
