/* SPDX-License-Identifier: MIT */
/* Honest status: clause marks from the real binary on real repositories,
 * for a fresh ISMS, the demo, and draft, blank, forged and stale records. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(status, .init = setup);

static void as_reviewer(int on)
{
	setenv("GIT_AUTHOR_NAME", on ? "Rita Reviewer" : "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", on ? "rita@example.org" : "author@example.org", 1);
	setenv("GIT_COMMITTER_NAME", on ? "Rita Reviewer" : "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", on ? "rita@example.org" : "committer@example.org", 1);
}

/* `isms status` in `dir`; the caller frees. */
static char *status(const char *dir)
{
	char *out;

	th_isms(&out, NULL, dir, "status");
	return out;
}

/* The line of `out` for clause `number`: the mark and the evidence. */
static char *clause_line(const char *out, const char *number)
{
	char key[16];
	const char *at = out;

	snprintf(key, sizeof(key), " %-6s ", number);
	while ((at = strstr(at, key)) && !(at - out >= 3 && at[-1] == ']' && (at - out == 3 || at[-4] == '\n')))
		at++;
	cr_assert_not_null(at, "no line for %s in:\n%s", number, out);
	at -= 3;
	/* The evidence may go on its own line when it is long. */
	{
		const char *end = strchr(at, '\n');
		size_t len = end ? (size_t)(end - at) : strlen(at);
		char *line;

		if (end && strncmp(end + 1, "            ", 12) == 0) {
			const char *more = strchr(end + 1, '\n');

			len = more ? (size_t)(more - at) : strlen(at);
		}
		line = strndup(at, len);
		return line;
	}
}

static void expect(const char *out, const char *number, const char *mark, const char *evidence)
{
	char *line = clause_line(out, number);

	cr_assert(strncmp(line, mark, 3) == 0, "%s should be %s: %s\n%s", number, mark, line, out);
	if (evidence)
		cr_assert(th_has(line, evidence), "%s should say '%s': %s", number, evidence, line);
	free(line);
}

Test(status, a_fresh_isms_has_only_the_risk_method_of_isms_init)
{
	char *dir = th_fresh_isms(), *out = status(dir), *json;

	expect(out, "4.1", "[ ]", "issue 0/1 complete");
	expect(out, "4.3", "[ ]", "scope 0/1 approved");
	expect(out, "6.1.2", "[~]", "risk method defined, risk 0/1 complete");
	expect(out, "6.1", "[~]", "see 6.1.1, 6.1.2, 6.1.3");
	expect(out, "9.3", "[ ]", "see 9.3.1, 9.3.2, 9.3.3");
	expect(out, "9.3.3", "[ ]", "management-review 0/1 approved");
	cr_assert(th_has(out, "ISMS type (27014 Annex B): the whole entity (whole-entity)\n"), "%s", out);
	cr_assert(strstr(out, "\n[x] ") == strstr(out, "\n[x] done: "),
		  "nothing is done in a fresh ISMS, the legend aside:\n%s", out);
	free(out);
	cr_assert_eq(th_isms(&json, NULL, dir, "status --json"), 0);
	cr_assert(th_has(json, "\"isms_type\":\"whole-entity\""), "%s", json);
	cr_assert_eq(th_sh(NULL, dir, "'%s' status --json | /usr/bin/python3 -c 'import json,sys; "
			   "json.load(sys.stdin)'", getenv("ISMS_BIN")), 0, "valid JSON: %s", json);
	cr_assert(th_has(json, "{\"clause\":\"9.3\",\"title\":\"Management review\",\"phase\":\"Check\","
			       "\"state\":\"missing\",\"requirements\":[],\"subclauses\":[\"9.3.1\",\"9.3.2\","
			       "\"9.3.3\"]"), "%s", json);
	cr_assert(th_has(json, "{\"kind\":\"risk-method\",\"needs\":\"defined\",\"min\":1,\"have\":1,"
			       "\"met\":1,\"short\":{}"), "%s", json);
	free(json);
	free(dir);
}

Test(status, blank_records_are_incomplete_not_evidence)
{
	char *dir = th_fresh_isms(), *out;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new management-review --set 'title=Review 2026'"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new audit --set 'title=Audit 1'"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new measurement --set 'title=Restore time'"), 0);
	out = status(dir);
	expect(out, "9.3.1", "[~]", "management-review 0/1 complete (1 incomplete)");
	expect(out, "9.3.2", "[~]", "management-review 0/1 done (1 incomplete)");
	expect(out, "9.3", "[~]", NULL);
	expect(out, "5.1", "[~]", "management-review 0/1 done (1 incomplete)");
	expect(out, "9.2.1", "[~]", "audit 0/1 done (1 incomplete)");
	expect(out, "9.1", "[~]", "measurement 0/1 complete (1 incomplete)");
	free(out);

	/* Held, but the inputs a) to g) are not all there: 9.3.1 only. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "set MRV-001 held_on=2026-01-01 'attendees=The board' "
				     "'previous_actions=None, the first review'"), 0);
	out = status(dir);
	expect(out, "9.3.1", "[x]", "management-review 1/1 complete");
	expect(out, "9.3.2", "[~]", "management-review 0/1 done (1 not done)");
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set MRV-001 issue_changes=None party_changes=None "
				     "performance=Fine feedback=None risk_status=Stable improvement=None "
				     "'decisions=Carry on'"), 0);
	out = status(dir);
	expect(out, "9.3.2", "[x]", "management-review 1/1 done");
	expect(out, "9.3.3", "[~]", "management-review 0/1 approved (1 not approved)");
	free(out);

	/* A planned audit is not done, whatever else it says. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "new audit-programme --set 'title=Programme' "
				     "--set 'methods=Interviews'"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set AUD-001 programme=APG-001 'auditor=Ann Other'"), 0);
	out = status(dir);
	expect(out, "9.2.1", "[~]", "audit 0/1 done (1 not done)");
	expect(out, "9.2.2", "[~]", "audit-programme 0/1 approved (1 not approved), audit 1/1 complete");
	free(out);
	free(dir);
}

/* A policy with its text, written by Test Author and committed. */
static char *isms_with_draft_policy(void)
{
	char *dir = th_fresh_isms();

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set 'title=Information security policy' "
				     "--set 'body=We protect what customers trust us with.' --set version=1.0 "
				     "--set status=in-review"), 0);
	return dir;
}

Test(status, a_draft_is_not_approved_until_the_act_and_a_stale_one_is_not_current)
{
	char *dir = isms_with_draft_policy(), *out, *err;

	out = status(dir);
	expect(out, "5.2", "[~]", "policy 0/1 approved (1 not approved)");
	expect(out, "7.5.1", "[x]", "controlled document 1/1 complete");
	expect(out, "7.5.2", "[~]", "controlled document 0/1 approved (1 not approved)");
	free(out);

	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 0, "%s", err);
	as_reviewer(0);
	free(err);
	out = status(dir);
	expect(out, "5.2", "[x]", "policy 1/1 approved");
	expect(out, "7.5.2", "[x]", "controlled document 1/1 approved");
	free(out);

	/* Past its review date (review_months: 12 in isms.yaml). */
	setenv("ISMS_TODAY", "2027-03-01", 1);
	out = status(dir);
	expect(out, "5.2", "[!]", "policy 0/1 approved (1 overdue)");
	free(out);
	setenv("ISMS_TODAY", "2026-01-01", 1);

	/* Changed since its approval, still saying approved. */
	th_run(dir, "sed -i 's/^body: .*/body: Something else./' policies/POL-001.yaml");
	out = status(dir);
	expect(out, "5.2", "[~]", "policy 0/1 approved (1 changed since approval)");
	free(out);
	free(dir);
}

Test(status, fields_typed_by_hand_are_no_approval)
{
	char *dir = isms_with_draft_policy(), *out, *json;

	/* A hand edit committed with Git, past every isms write path. */
	th_run(dir, "sed -i 's/^status: .*/status: approved\\napproved_by: Bea Board\\n"
		    "approved_on: 2026-01-01/' policies/POL-001.yaml && "
		    "git commit -qam 'approved, says who?'");
	out = status(dir);
	expect(out, "5.2", "[~]", "policy 0/1 approved (1 not approved)");
	free(out);
	cr_assert_eq(th_isms(&json, NULL, dir, "guide 5.2 --json"), 0);
	cr_assert(th_has(json, "\"state\":\"draft\""), "%s", json);
	cr_assert(th_has(json, "approve it with 'isms approve ID'"), "%s", json);
	free(json);
	free(dir);
}

Test(status, the_demo_counts_only_what_holds)
{
	char *dir = th_tmpdir(), *out, *demo;

	cr_assert_eq(th_isms(NULL, NULL, dir, "demo demo"), 0);
	demo = malloc(strlen(dir) + 8);
	sprintf(demo, "%s/demo", dir);
	out = status(demo);
	/* POL-001's v1.0 is approved, but the file is its next draft, 1.1. */
	expect(out, "5.2", "[~]", "policy 0/1 approved");
	/* isms.yaml's method and the assessed risks; not any document. */
	expect(out, "6.1.2", "[x]", "risk method defined, risk 2/1 complete");
	/* MRV-001 covers every input, a) to g). */
	expect(out, "9.3.2", "[x]", "management-review 1/1 done");
	/* MEA-001 has its result and date. */
	expect(out, "9.1", "[x]", "measurement 1/1 complete");
	expect(out, "9.2.1", "[x]", "audit 1/1 done");
	cr_assert(th_has(out, "ISMS type (27014 Annex B): the whole entity"), "%s", out);
	free(out);
	free(demo);
	free(dir);
}

Test(status, guide_takes_parents_and_sub_clauses)
{
	char *dir = th_fresh_isms(), *out;

	cr_assert_eq(th_isms(&out, NULL, dir, "guide 9.3"), 0);
	cr_assert(th_has(out, "9.3 Management review\nsub-clauses (isms guide NUMBER):\n"
			      "  [ ] 9.3.1 Management review - General\n"
			      "  [ ] 9.3.2 Management review inputs\n"
			      "  [ ] 9.3.3 Management review results\n"), "%s", out);
	cr_assert(th_has(out, "In this ISMS: [ ] missing (from its sub-clauses)"), "%s", out);
	free(out);
	for (size_t i = 0; i < 9; i++) {
		static const char *const numbers[] = {
			"6.1", "7.5", "9.2", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "6.1.2" };

		cr_assert_eq(th_isms(&out, NULL, dir, "guide %s", numbers[i]), 0, "%s", numbers[i]);
		cr_assert(th_has(out, "What to do\n"), "%s: %s", numbers[i], out);
		free(out);
	}
	cr_assert_eq(th_isms(&out, NULL, dir, "guide 6.1.2"), 0);
	cr_assert(th_has(out, "risk method defined: enough"), "%s", out);
	free(out);
	free(dir);
}

/* Lifecycle rules on the write paths: errors refuse the write with
 * file:line:col and what to do; warnings are saved and shown. */
Test(status, write_paths_refuse_errors_and_show_warnings)
{
	char *dir = th_fresh_isms(), *out, *err, *head;

	cr_assert_eq(th_isms(&out, &err, dir, "new action --set title=Backups"), 0, "%s", err);
	cr_assert(th_has(out, "actions/ACT-001.yaml:1:1: warning: no owner yet"), "%s", out);
	cr_assert(th_has(out, "warning: no due date yet ('isms set ACT-001 due=YYYY-MM-DD')"), "%s", out);
	free(out);
	free(err);
	head = th_git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "new risk --set title=R --set owner=Ann --set likelihood=2 "
				     "--set impact=2 --set residual_likelihood=5 --set residual_impact=5"), 2);
	cr_assert(th_has(err, "risks/RSK-001.yaml:9:18: its residual level, Critical, is above its "
			      "level before treatment, Low"), "%s", err);
	cr_assert(th_has(err, "nothing was written"), "%s", err);
	free(err);
	cr_assert_str_eq(th_git(dir, "rev-parse HEAD"), head, "nothing committed");
	cr_assert_eq(th_isms(NULL, NULL, dir, "soa init"), 0);
	cr_assert_eq(th_isms(NULL, &err, dir, "set A.5.7 applicable=no reason=not-applicable"), 2);
	cr_assert(th_has(err, "controls/A.5.7.yaml:5:13: an excluded control needs a justification"),
		  "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set A.5.7 applicable=yes reason=risk-treatment,contractual "
				     "'justification=Suppliers send us threat reports'"), 0, "%s", err);
	free(err);
	out = th_read(dir, "controls/A.5.7.yaml");
	cr_assert(th_has(out, "reason:\n- risk-treatment\n- contractual\n"), "several reasons: %s", out);
	free(out);
	free(head);
	free(dir);
}

/* The catalogue: 27002's two further attribute columns, and 27014's six
 * governance principles. */
Test(status, catalog_has_capabilities_domains_and_governance_principles)
{
	char *dir = th_tmpdir(), *out;

	cr_assert_eq(th_isms(&out, NULL, dir, "catalog controls --json"), 0);
	cr_assert(th_has(out, "\"id\":\"A.8.13\""), "%s", out);
	cr_assert(th_has(out, "\"concepts\":[\"recover\"],\"capabilities\":[\"Continuity\"],"
			      "\"domains\":[\"Protection\"]"), "A.8.13: %s", out);
	cr_assert(th_has(out, "\"capabilities\":[\"Governance\",\"Information_security_event_management\"],"
			      "\"domains\":[\"Defence\"]"), "A.5.24: %s", out);
	free(out);
	cr_assert_eq(th_sh(&out, dir, "'%s' catalog controls --json | /usr/bin/python3 -c 'import json,sys; "
			   "d=json.load(sys.stdin); print(sum(1 for c in d if c[\"capabilities\"] and "
			   "c[\"domains\"]))'", getenv("ISMS_BIN")), 0);
	cr_assert_str_eq(out, "93\n", "every control has both");
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "catalog governance"), 0);
	cr_assert(th_has(out, "1  Establish integrated comprehensive organization-wide information security\n"),
		  "%s", out);
	cr_assert(th_has(out, "\n6  Ensure the security performance meets current and future"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "catalog governance --json"), 0);
	cr_assert(th_has(out, "{\"number\":2,\"name\":\"Make decisions using a risk-based approach\""), "%s", out);
	free(out);
	free(dir);
}
