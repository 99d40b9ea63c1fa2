/* SPDX-License-Identifier: MIT */
/* The set-up a Git user expects: check for hooks and CI, the example hook
 * and CI jobs run on real repositories, shell completion, and suggestions
 * that work as printed. The real binary on real repositories. */
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
}

TestSuite(setup, .init = setup);

/* A fresh ISMS with one policy whose review fell due (a warning, no error):
 * today is pinned to 2026-01-01. */
static char *with_a_warning(void)
{
	char *dir = th_fresh_isms(), *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set title=Due --set next_review=2025-12-31"),
		     0, "%s", err);
	free(err);
	return dir;
}

#define BROKEN "id: POL-002\nkind: policy\nstatus: bogus\n"

Test(setup, check_errors_only_fails_for_errors_and_prints_warnings)
{
	char *dir = with_a_warning(), *out, *err;

	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1, "a warning is a finding by default");
	cr_assert(th_has(out, "warning: overdue"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "check --fail-on=warning"), 1);
	free(out);
	cr_assert_eq(th_isms(&out, &err, dir, "check --errors-only"), 0, "%s", err);
	cr_assert(th_has(out, "warning: overdue"), "the warning is still printed: %s", out);
	cr_assert(th_has(err, "0 errors, 1 warning"), "%s", err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "check --fail-on=error --json"), 0);
	cr_assert(th_has(out, "\"severity\":\"warning\"") && th_has(out, "\"errors\":0,\"warnings\":1"),
		  "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "check --fail-on=never"), 2);
	cr_assert(th_has(err, "'--fail-on' takes error or warning"), "%s", err);
	free(err);

	th_write(dir, "policies/POL-002.yaml", BROKEN);
	cr_assert_eq(th_isms(&out, NULL, dir, "check --errors-only"), 1, "an error fails");
	cr_assert(th_has(out, "POL-002.yaml:3:9: error:"), "%s", out);
	free(out);
	free(dir);
}

Test(setup, check_staged_checks_the_index_not_the_working_tree)
{
	char *dir = with_a_warning(), *out, *err, *index;

	/* Broken in the index, good in the working tree. */
	th_write(dir, "policies/POL-002.yaml", BROKEN);
	free(th_run(dir, "git add policies/POL-002.yaml && rm policies/POL-002.yaml"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check --errors-only"), 0, "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "check --staged --errors-only"), 1);
	cr_assert(th_has(out, "policies/POL-002.yaml:3:9: error:"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "check --cached --json"), 1);
	cr_assert(th_has(out, "\"path\":\"policies/POL-002.yaml\"") && th_has(out, "\"errors\":2"),
		  "%s", out);
	free(out);

	/* The index git hands its hooks: GIT_INDEX_FILE. */
	free(th_run(dir, "cp .git/index ../broken-index && git reset -q"));
	cr_assert_eq(th_isms(&out, &err, dir, "check --staged"), 0, "nothing staged: %s%s", out, err);
	free(out);
	free(err);
	index = isms_asprintf("%s/../broken-index", dir);
	cr_assert_eq(th_sh(&out, dir, "GIT_INDEX_FILE='%s' \"$ISMS_BIN\" check --staged --errors-only",
			   index), 1, "%s", out);
	cr_assert(th_has(out, "POL-002.yaml"), "%s", out);
	free(out);
	free(index);
	free(dir);
}
