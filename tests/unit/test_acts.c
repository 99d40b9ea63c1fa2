/* SPDX-License-Identifier: MIT */
/* Decisions are acts (doc/trust.md), end to end with the real binary on
 * real repositories: every write path refuses decision fields; the acts
 * (approve, accept, approve-plan, close, acknowledge) check who may make
 * them; check and verify report every forgery that gets in. */
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

TestSuite(acts, .init = setup, .timeout = 120);

/* Make git's identity (author and committer) `name` <`email`>; NULL: the
 * pinned test identity. */
static void as(const char *name, const char *email)
{
	setenv("GIT_AUTHOR_NAME", name ? name : "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", email ? email : "author@example.org", 1);
	setenv("GIT_COMMITTER_NAME", name ? name : "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", email ? email : "committer@example.org", 1);
}

static char *head_of(const char *dir)
{
	return th_git(dir, "rev-parse HEAD");
}

static void assert_head(const char *dir, const char *head)
{
	char *now = head_of(dir);

	cr_assert_str_eq(now, head, "nothing was committed");
	free(now);
}

/* A fresh ISMS with POL-001 (draft) and RSK-001 owned by Ann, committed. */
static char *isms_with_records(void)
{
	char *dir = th_fresh_isms(), *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set title=Policy --set version=0.1"), 0,
		     "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new risk --set title=Flood --set owner=Ann "
			     "--set likelihood=3 --set impact=4 --set treatment=modify "
			     "--set assessed_on=2026-01-01"), 0, "%s", err);
	free(err);
	/* Treated by an action, so the risk is complete: check finds nothing. */
	cr_assert_eq(th_isms(NULL, &err, dir, "new action --set title=Dyke --set owner=Ann "
			     "--set due=2099-01-01 --set risks=RSK-001"), 0, "%s", err);
	free(err);
	return dir;
}

Test(acts, set_and_new_refuse_decision_fields_naming_the_act)
{
	char *dir = isms_with_records(), *head = head_of(dir), *err;

	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 status=approved"), 2);
	cr_assert(th_has(err, "policies/POL-001.yaml:4:9: status: approved records a decision, which "
			 "only its act makes: run 'isms approve POL-001'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 'approved_by=Bea Board' approved_on=2026-01-01"), 2);
	cr_assert(th_has(err, "approved_by records a decision, which only its act writes: run "
			 "'isms approve POL-001'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set RSK-001 accepted_by=Ann"), 2);
	cr_assert(th_has(err, "'isms accept RSK-001'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set RSK-001 plan_approved_by=Ann"), 2);
	cr_assert(th_has(err, "'isms approve-plan RSK-001'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new nonconformity --set title=N --set status=closed"), 2);
	cr_assert(th_has(err, "status: closed records a decision") &&
		  th_has(err, "'isms close NC-001'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new board-report --set title=Q3 --set acknowledged_by=Bo"), 2);
	cr_assert(th_has(err, "board-reports/BRP-001.yaml:") &&
		  th_has(err, "'isms acknowledge BRP-001'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new management-review --set title=MR --set status=approved"), 2);
	cr_assert(th_has(err, "'isms approve MRV-001'"), "%s", err);
	free(err);
	assert_head(dir, head);
	cr_assert_null(th_read(dir, "nonconformities/NC-001.yaml"), "no file was written");
	free(head);
	free(dir);
}

Test(acts, edit_refuses_decision_fields_written_in_the_editor)
{
	char *dir = isms_with_records(), *head = head_of(dir), *out = NULL, *err = NULL, *before, *after;

	before = th_read(dir, "risks/RSK-001.yaml");
	setenv("EDITOR", "sh -c 'printf \"accepted_by: Ann\\naccepted_on: 2026-01-02\\n\" >> \"$1\"' sh", 1);
	cr_assert_eq(th_isms(&out, &err, dir, "edit RSK-001"), 2);
	cr_assert(th_has(out, "risks/RSK-001.yaml:") || th_has(err, "risks/RSK-001.yaml:"), "%s%s", out, err);
	cr_assert(th_has(out, "error: accepted_by records a decision") &&
		  th_has(out, "'isms accept RSK-001'"), "%s%s", out, err);
	cr_assert(th_has(err, "RSK-001 is unchanged"), "%s", err);
	after = th_read(dir, "risks/RSK-001.yaml");
	cr_assert_str_eq(after, before, "the file is as it was");
	assert_head(dir, head);
	unsetenv("EDITOR");
	free(out);
	free(err);
	free(before);
	free(after);
	free(head);
	free(dir);
}

Test(acts, the_form_refuses_a_decision_field)
{
	char *dir = isms_with_records(), *head = head_of(dir), *scratch = th_tmpdir(), *err = NULL;
	char *keys = isms_asprintf("%s/keys", scratch), *dump;

	/* 5.2's list, POL-001's form, approved_by (five fields below title). */
	th_write(scratch, "keys", "");
	{
		FILE *f = fopen(keys, "w");

		cr_assert_not_null(f);
		fprintf(f, "j\nj\nj\nj\nj\n<Enter>\ne\nj\nj\nj\nj\nj\n<Enter>\nB\ne\na\n<Enter>\n<C-s>\n"
			   "<Enter>\n<Dump %s/saved.txt>\n", scratch);
		fclose(f);
	}
	setenv("ISMS_TUI_SCRIPT", keys, 1);
	cr_assert_eq(th_isms(NULL, &err, dir, "%s", ""), 0, "%s", err);
	unsetenv("ISMS_TUI_SCRIPT");
	dump = th_read(scratch, "saved.txt");
	cr_assert_not_null(dump);
	cr_assert(th_has(dump, "not saved: policies/POL-001.yaml:6:14: approved_by records a decision"),
		  "%s", dump);
	assert_head(dir, head);
	cr_assert(!th_has(th_read(dir, "policies/POL-001.yaml"), "approved_by"));
	free(dump);
	free(keys);
	free(err);
	free(scratch);
	free(head);
	free(dir);
}

Test(acts, commit_and_check_staged_refuse_a_hand_edit)
{
	char *dir = isms_with_records(), *head = head_of(dir), *out = NULL, *err = NULL;

	th_sh(NULL, dir, "sed -i 's/^status: .*/status: accepted/' risks/RSK-001.yaml && "
	      "printf 'accepted_by: Ann\\naccepted_on: 2026-01-02\\n' >> risks/RSK-001.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit risks/RSK-001.yaml -m accepted"), 2);
	cr_assert(th_has(out, "risks/RSK-001.yaml:4:9: error: status: accepted records a decision, which "
			 "only its act makes: run 'isms accept RSK-001'"), "%s", out);
	cr_assert(th_has(out, "error: accepted_by records a decision"), "%s", out);
	assert_head(dir, head);
	free(out);
	free(err);
	free(th_run(dir, "git add risks"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check --staged"), 1);
	cr_assert(th_has(out, "risks/RSK-001.yaml:4:9: error: status: accepted records a decision"), "%s", out);
	free(out);
	free(head);
	free(dir);
}

Test(acts, accept_and_plan_approval_are_the_owners_and_bind_the_rating)
{
	char *dir = isms_with_records(), *head, *out = NULL, *err = NULL;

	head = head_of(dir);
	as("Bob", "bob@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "accept RSK-001"), 2);
	cr_assert(th_has(err, "Bob <bob@example.org> is not the owner of RSK-001 (Ann)"), "%s", err);
	free(err);
	assert_head(dir, head);
	as("Ann", "ann@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "approve-plan RSK-001"), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "accept RSK-001 -m 'Within appetite'"), 0, "%s", err);
	free(err);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "RSK-001: accept\n\nWithin appetite\n"), "%s", out);
	cr_assert(th_has(out, "Act: accept\nActor: Ann <ann@example.org>\nAct-blob: "), "%s", out);
	cr_assert(th_has(out, "Act-binds: likelihood=3 impact=4 residual_likelihood=- "
			 "residual_impact=- treatment=modify"), "%s", out);
	free(out);
	out = th_read(dir, "risks/RSK-001.yaml");
	cr_assert(th_has(out, "status: accepted\n") && th_has(out, "accepted_by: Ann\n") &&
		  th_has(out, "plan_approved_by: Ann\n"), "%s", out);
	free(out);
	as(NULL, NULL);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "%s", out);
	cr_assert(th_has(out, "2 acts (0 signed): the chain is whole"), "%s", out);
	free(out);

	/* A change to the rating after the act voids it: the save takes the
	 * acceptance's fields away and says so; the chain stays whole. */
	cr_assert_eq(th_isms(NULL, &err, dir, "set RSK-001 impact=5"), 0, "%s", err);
	free(err);
	out = th_read(dir, "risks/RSK-001.yaml");
	cr_assert(th_has(out, "status: assessed\n") && !th_has(out, "accepted_by") &&
		  !th_has(out, "accepted_on") && th_has(out, "plan_approved_by: Ann\n"),
		  "the acceptance is void, the plan approval (which impact does not bind) stands: %s",
		  out);
	free(out);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Act-voided: accept (impact changed)\n"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "nothing shown that no act backs: %s", out);
	free(out);
	out = th_run(dir, "%s export risks --format csv", getenv("ISMS_BIN"));
	cr_assert(th_has(out, ",\"not accepted\",\"\",\"\""), "%s", out);
	free(out);
	as("Ann", "ann@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "accept RSK-001"), 0, "%s", err);
	free(err);
	as(NULL, NULL);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "accepted anew: %s", out);
	free(out);
	free(head);
	free(dir);
}

Test(acts, close_needs_the_review_and_someone_other_than_who_acted)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL;

	as("Carl", "carl@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "new nonconformity --set title=Leavers --set "
			     "'cause=Email missed' --set 'corrective_action=HR system disables accounts'"),
		     0, "%s", err);
	free(err);
	as("Dana", "dana@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "close NC-001"), 2);
	cr_assert(th_has(err, "NC-001 has no effectiveness: the closure needs it first"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set NC-001 'effectiveness=No leaver kept access since'"),
		     0, "%s", err);
	free(err);
	as("Carl", "carl@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "close NC-001"), 2);
	cr_assert(th_has(err, "Carl <carl@example.org> wrote the corrective action of NC-001"), "%s", err);
	cr_assert(th_has(err, "someone else closes it (10.2 d)"), "%s", err);
	free(err);
	as("Dana", "dana@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "close NC-001"), 0, "%s", err);
	free(err);
	out = th_read(dir, "nonconformities/NC-001.yaml");
	cr_assert(th_has(out, "status: closed\n") && th_has(out, "closed_by: Dana\n"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "%s", out);
	free(out);
	as(NULL, NULL);
	free(dir);
}

Test(acts, approve_and_acknowledge_follow_the_authority_of_isms_yaml)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *head;
	const char *steps[] = {
		"new person --set 'title=Jo Board' --set emails=jo@example.org",
		"new person --set 'title=Max Lead' --set emails=max@example.org",
		"new role --set 'title=Chair of the board' --set 'holder=Jo Board'",
		"new management-review --set 'title=Review 2026' --set 'decisions=Fund training'",
		"new board-report --set 'title=Q3 report' --set 'body=All well'",
	};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		cr_assert_eq(th_isms(NULL, &err, dir, "%s", steps[i]), 0, "%s: %s", steps[i], err);
		free(err);
	}
	th_sh(NULL, dir, "printf 'authority:\\n  approve:\\n    management-review: ROL-001\\n"
	      "  acknowledge:\\n    board-report: ROL-001\\n' >> isms.yaml && git commit -qam authority");
	head = head_of(dir);
	as("Max Lead", "max@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "approve MRV-001"), 2);
	cr_assert(th_has(err, "Max Lead <max@example.org> may not approve a management-review: "
			 "isms.yaml's authority gives that to the holder of ROL-001, who is Jo Board"),
		  "%s", err);
	free(err);
	as("Eve", "eve@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "acknowledge BRP-001"), 2);
	cr_assert(th_has(err, "Eve <eve@example.org> is not in the people register"), "%s", err);
	free(err);
	assert_head(dir, head);
	as("Jo Board", "jo@example.org");
	cr_assert_eq(th_isms(&out, &err, dir, "approve MRV-001"), 0, "%s", err);
	cr_assert(th_has(out, "tagged approved/MRV-001/v1.0"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "acknowledge BRP-001"), 0, "%s", err);
	free(err);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Act: acknowledge\nActor: Jo Board <jo@example.org>\nActor-person: PER-001\n"),
		  "%s", out);
	free(out);
	as(NULL, NULL);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "%s", out);
	free(out);
	/* The approved results changed after the act: no longer approved. */
	th_sh(NULL, dir, "sed -i 's/^decisions: .*/decisions: Cut training/' "
	      "management-reviews/MRV-001.yaml && git commit -qam later");
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 1);
	cr_assert(th_has(out, "management-reviews/MRV-001.yaml:4:9: MRV-001: decisions changed since the "
			 "approval in commit"), "%s", out);
	free(out);
	free(head);
	free(dir);
}

Test(acts, people_migrate_registers_the_names_in_use_and_check_warns_of_others)
{
	char *dir = isms_with_records(), *out = NULL, *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir, "new role --set title=Lead --set 'holder=Max Lead <max@example.org>'"),
		     0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "people migrate"), 0, "%s", err);
	cr_assert(th_has(out, "registered PER-001 Max Lead <max@example.org>\n"), "%s", out);
	cr_assert(th_has(out, "registered PER-002 Ann\n"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "people migrate"), 0);
	cr_assert(th_has(out, "every name in use is in the people register already"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set RSK-001 owner=Zoe"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "check --errors-only"), 0, "a warning, not an error");
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "risks/RSK-001.yaml:5:8: warning: owner: 'Zoe' is nobody in the people "
			 "register"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set RSK-001 owner=PER-002"), 0);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0);
	cr_assert(!th_has(out, "nobody in the people register"), "an ID names a person: %s", out);
	free(out);
	free(dir);
}

/* The demo, built once per test: its chain is whole. */
static char *demo(void)
{
	char *parent = th_tmpdir(), *err = NULL, *dir = isms_asprintf("%s/demo", parent);

	cr_assert_eq(th_isms(NULL, &err, parent, "demo demo --no-tui"), 0, "%s", err);
	free(err);
	free(parent);
	return dir;
}

static void verify_breaks(const char *dir, const char *needle)
{
	char *out = NULL;

	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 1, "%s", out);
	cr_assert(th_has(out, needle), "verify names %s: %s", needle, out);
	free(out);
}

Test(acts, verify_on_the_demo_is_whole_and_check_is_clean)
{
	char *dir = demo(), *out = NULL;

	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "%s", out);
	cr_assert(th_has(out, "10 acts (0 signed): the chain is whole, 0 broken links"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify --json"), 0);
	cr_assert(th_has(out, "\"acts\":10,\"signed\":0,\"broken\":[],\"whole\":true}"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	free(dir);
}

Test(acts, verify_names_each_forgery_made_with_git)
{
	char *dir = demo(), *out = NULL, *err = NULL;

	/* The write paths refuse: the chain stays whole. */
	cr_assert_eq(th_isms(NULL, &err, dir, "set RSK-003 'plan_approved_by=Maren Holt'"), 2);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "%s", out);
	free(out);

	/* A hand edit committed with git: a forged acceptance. */
	th_sh(NULL, dir, "sed -i '/^status:/a closed_by: Maren Holt' nonconformities/NC-001.yaml && "
	      "sed -i '/^closed_by: Aisha Bello/d; /^closed_on:/d; s/^status: closed/status: in-progress/' "
	      "nonconformities/NC-001.yaml && git commit -qam 'closed'");
	verify_breaks(dir, "nonconformities/NC-001.yaml:5:12: NC-001: closed_by changed since the closure "
			   "in commit ");
	verify_breaks(dir, "(was Aisha Bello, now Maren Holt): it no longer stands");
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "nonconformities/NC-001.yaml:5:12: error: closed_by changed since the closure"),
		  "check reports it too: %s", out);
	free(out);
	free(th_run(dir, "git reset -q --hard HEAD~1"));

	/* A commit by hand that claims to be the owner's act. */
	th_sh(NULL, dir, "sed -i '/^status:/a plan_approved_by: Maren Holt' risks/RSK-003.yaml && "
	      "git commit -qam 'RSK-003: approve-plan' --trailer 'Act: approve-plan' --trailer "
	      "'Record: RSK-003' --trailer 'Actor: Maren Holt <maren.holt@harbourlight.example>'");
	verify_breaks(dir, "the plan approval of RSK-003 in commit ");
	verify_breaks(dir, "names Maren Holt <maren.holt@harbourlight.example> as its actor, but the "
			   "commit was made by Test Author <author@example.org>");
	verify_breaks(dir, "names no blob (no Act-blob trailer)");
	free(th_run(dir, "git reset -q --hard HEAD~1"));

	/* A change after the act. */
	th_sh(NULL, dir, "sed -i 's/^impact: 5/impact: 3/' risks/RSK-001.yaml && git commit -qam lower");
	verify_breaks(dir, "RSK-001: impact changed since the acceptance in commit ");
	free(th_run(dir, "git reset -q --hard HEAD~1"));

	/* An approval tag moved to a commit made by hand, and one by the wrong person. */
	th_sh(NULL, dir, "git tag -d approved/SCO-001/v1.0 && git tag approved/SCO-001/v1.0 "
	      "$(git log -1 --format=%%H --grep='SCO-001: approve')");
	verify_breaks(dir, "the tag approved/SCO-001/v1.0 is not an annotated tag by its approver");
	th_sh(NULL, dir, "git tag -d approved/SCO-001/v1.0 && git tag -a -m approved approved/SCO-001/v1.0 "
	      "$(git log -1 --format=%%H --grep='SCO-001: approve')");
	verify_breaks(dir, "the tag approved/SCO-001/v1.0 was made by Test Committer <committer@example.org>, "
			   "not by the approver Jonas Vermeulen <jonas.vermeulen@harbourlight.example>");
	free(dir);
}

Test(acts, verify_finds_an_approval_made_by_hand_with_its_own_tag)
{
	char *dir = demo();

	/* PRC-001's next version, "approved" with git: commit and tag by hand. */
	th_sh(NULL, dir, "sed -i \"s/^version: .*/version: '2.0'/; s/^approved_on: .*/approved_on: 2026-11-01/\" "
	      "procedures/PRC-001.yaml && git commit -qam 'PRC-001: approve v2.0' && "
	      "git tag -a -m x approved/PRC-001/v2.0");
	verify_breaks(dir, "procedures/PRC-001.yaml:");
	verify_breaks(dir, "the approval of PRC-001 in commit ");
	verify_breaks(dir, "names no actor");
	free(dir);
}

Test(acts, isms_yaml_authority_and_signed_acts_are_checked)
{
	char *dir = th_fresh_isms(), *out = NULL;

	th_sh(NULL, dir, "printf 'authority:\\n  approve:\\n    risk: ROL-001\\n  accpt: {risk: ROL-1}\\n"
	      "signed_acts: [polcy]\\n' >> isms.yaml");
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "error: authority: approve: 'risk' is not a kind approve is made on"), "%s", out);
	cr_assert(th_has(out, "error: authority: 'accpt' is not an act"), "%s", out);
	cr_assert(th_has(out, "error: signed_acts: 'polcy' is not a kind of record (or all)"), "%s", out);
	free(out);
	free(dir);
}

Test(acts, signed_acts_required_by_isms_yaml)
{
	char *dir = isms_with_records(), *out = NULL, *err = NULL;

	th_sh(NULL, dir, "printf 'signed_acts: [risk]\\n' >> isms.yaml && git commit -qam signed");
	as("Ann", "ann@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "accept RSK-001"), 0, "%s", err);
	free(err);
	as(NULL, NULL);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "is not signed, but isms.yaml's signed_acts requires signed acts for this "
			 "kind"), "%s", out);
	free(out);
	verify_breaks(dir, "RSK-001: the acceptance of RSK-001 (");
	free(dir);
}

/* An ISMS whose git signs with a fresh SSH key (git's allowed signers
 * know it); the public keys of that key and of another into `mine` and
 * `other`. */
static char *signing_isms(char **mine, char **other)
{
	char *dir;

	if (th_sh(NULL, "/", "command -v ssh-keygen >/dev/null && command -v git >/dev/null") != 0)
		cr_skip_test("ssh-keygen or git is not installed");
	dir = isms_with_records();
	free(th_run(dir, "ssh-keygen -q -t ed25519 -N '' -C mine -f .git/key && "
		    "ssh-keygen -q -t ed25519 -N '' -C other -f .git/other && "
		    "printf '* namespaces=\"git\" %%s\\n' \"$(cat .git/key.pub)\" > .git/allowed && "
		    "git config gpg.format ssh && git config user.signingkey \"$PWD/.git/key\" && "
		    "git config commit.gpgsign true && git config tag.gpgsign true && "
		    "git config gpg.ssh.allowedSignersFile \"$PWD/.git/allowed\""));
	*mine = th_run(dir, "cut -d' ' -f1,2 .git/key.pub");
	*other = th_run(dir, "cut -d' ' -f1,2 .git/other.pub");
	(*mine)[strcspn(*mine, "\n")] = '\0';
	(*other)[strcspn(*other, "\n")] = '\0';
	return dir;
}

Test(acts, verify_checks_the_signing_key_the_register_holds)
{
	char *mine, *other, *dir = signing_isms(&mine, &other), *out = NULL, *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir, "new person --set title=Ann --set emails=ann@example.org "
			     "--set 'signing_key=%s'", mine), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new person --set title=Bob --set emails=bob@example.org "
			     "--set 'signing_key=%s'", other), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new risk --set title=Fire --set owner=Bob "
			     "--set likelihood=2 --set impact=2 --set treatment=retain"), 0, "%s", err);
	free(err);
	as("Ann", "ann@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "accept RSK-001"), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "verify"), 0, "signed with Ann's own key: %s", out);
	cr_assert(th_has(out, "1 acts (1 signed): the chain is whole"), "%s", out);
	free(out);
	/* Bob's act, signed with a key that is not his in the register. */
	as("Bob", "bob@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "accept RSK-002"), 0, "%s", err);
	free(err);
	as(NULL, NULL);
	verify_breaks(dir, "risks/RSK-002.yaml:");
	verify_breaks(dir, "RSK-002: the acceptance of RSK-002 (");
	verify_breaks(dir, "is signed, but not with Bob's key in the people register (PER-002)");
	free(mine);
	free(other);
	free(dir);
}

Test(acts, verify_finds_an_author_who_approved_their_own_change)
{
	char *dir = demo();

	/* Maren wrote POL-001's next draft; she "approves" it with git. */
	as("Maren Holt", "maren.holt@harbourlight.example");
	th_sh(NULL, dir, "sed -i \"s/^status: draft/status: approved/; s/^version: .*/version: '2.0'/\" "
	      "policies/POL-001.yaml && git commit -qam 'POL-001: approve v2.0' --trailer 'Record: POL-001' "
	      "--trailer 'Act: approve' --trailer 'Actor: Maren Holt <maren.holt@harbourlight.example>' "
	      "--trailer \"Act-blob: $(git rev-parse HEAD:policies/POL-001.yaml)\" && "
	      "git tag -a -m approved approved/POL-001/v2.0");
	as(NULL, NULL);
	verify_breaks(dir, "policies/POL-001.yaml:");
	verify_breaks(dir, "the approval of POL-001 in commit ");
	verify_breaks(dir, "was made by maren.holt@harbourlight.example, who wrote a change it approved "
			   "(commit ");
	free(dir);
}

/* Run the walk in `dir` on `keys` (one a line; "<Dump NAME>" dumps the
 * screen into `scratch`/NAME). */
static void walk_keys(const char *dir, const char *scratch, const char *keys)
{
	char *file = isms_asprintf("%s/keys", scratch), *err = NULL;
	FILE *f = fopen(file, "w");

	cr_assert_not_null(f);
	for (const char *k = keys; *k;) {
		size_t len = strcspn(k, "\n");

		if (strncmp(k, "<Dump ", 6) == 0)
			fprintf(f, "<Dump %s/%.*s\n", scratch, (int)(len - 6), k + 6);
		else
			fprintf(f, "%.*s\n", (int)len, k);
		k += len + (k[len] == '\n');
	}
	fclose(f);
	setenv("ISMS_TUI_SCRIPT", file, 1);
	cr_assert_eq(th_isms(NULL, &err, dir, "%s", ""), 0, "%s", err);
	unsetenv("ISMS_TUI_SCRIPT");
	free(err);
	free(file);
}

Test(acts, the_walk_makes_an_act_on_the_selected_record)
{
	char *dir = isms_with_records(), *scratch = th_tmpdir(), *screen, *head = head_of(dir), *out;
	/* The list of risks (the seventh kind), A on RSK-001, accept (the first
	 * act a risk takes), a note. */
	const char *keys = "l\nj\nj\nj\nj\nj\nj\n<Enter>\nA\n<Dump choice.txt>\n<Enter>\nx\n<Enter>\n<Dump done.txt>\n";

	as("Bob", "bob@example.org");
	walk_keys(dir, scratch, keys);
	screen = th_read(scratch, "choice.txt");
	cr_assert(th_has(screen, "Decide on RSK-001 as you: which act?") &&
		  th_has(screen, "accept") && th_has(screen, "approve-plan") &&
		  !th_has(screen, "acknowledge"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "done.txt");
	cr_assert(th_has(screen, "not made: Bob <bob@example.org> is not the owner of"), "%s", screen);
	free(screen);
	assert_head(dir, head);
	as("Ann", "ann@example.org");
	walk_keys(dir, scratch, keys);
	as(NULL, NULL);
	screen = th_read(scratch, "done.txt");
	cr_assert(th_has(screen, "accept RSK-001: ["), "%s", screen);
	free(screen);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "RSK-001: accept\n\nx\n") && th_has(out, "Act: accept\nActor: Ann <ann@example.org>"),
		  "%s", out);
	free(out);
	free(head);
	free(scratch);
	free(dir);
}
