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
#include "isms/buf.h"

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

/* The examples: the pre-commit hook and the CI jobs, on real repositories. */

/* A folder holding an 'isms' that notes each run in `log` and runs the
 * binary under test: put first on PATH, it shows that a hook or a CI job
 * ran isms as written. The caller frees. */
static char *isms_on_path(const char *log)
{
	char *bin = th_tmpdir(), *script;

	script = isms_asprintf("#!/bin/sh\necho \"isms $*\" >> '%s'\nexec '%s' \"$@\"\n", log,
			       getenv("ISMS_BIN"));
	th_write(bin, "isms", script);
	free(th_run(bin, "chmod +x isms"));
	free(script);
	return bin;
}

Test(setup, the_example_pre_commit_hook_refuses_a_broken_record)
{
	char *dir = th_fresh_isms(), *log = isms_asprintf("%s/runs", dir), *bin = isms_on_path(log);
	char *out, *head, *ran;

	/* Installed as its comment says. */
	free(th_run(dir, "cp \"$ISMS_SRCDIR/examples/hooks/pre-commit\" .git/hooks/pre-commit && "
			 "chmod +x .git/hooks/pre-commit && echo runs >> .git/info/exclude"));
	head = th_git(dir, "rev-parse HEAD");
	th_write(dir, "policies/POL-001.yaml", BROKEN);
	cr_assert_neq(th_sh(&out, dir, "PATH='%s':\"$PATH\" && git add policies && git commit -qm broken",
			    bin), 0, "refused");
	cr_assert(th_has(out, "error:"), "the hook says why: %s", out);
	free(out);
	cr_assert_str_eq(th_git(dir, "rev-parse HEAD"), head, "nothing committed");
	cr_assert(th_has(ran = th_read(dir, "runs"), "isms check --staged --errors-only"), "%s", ran);
	free(ran);

	/* A good record commits (a review fallen due is no error). */
	th_write(dir, "policies/POL-001.yaml",
		 "id: POL-001\nkind: policy\ntitle: Good\nstatus: draft\nnext_review: 2025-12-31\n");
	cr_assert_eq(th_sh(&out, dir, "PATH='%s':\"$PATH\" && git add policies && git commit -qm good",
			   bin), 0, "%s", out);
	free(out);
	cr_assert_str_neq(th_git(dir, "rev-parse HEAD"), head);

	/* isms's own commits run the hook (through git hook run): it passes. */
	free(th_run(dir, "rm runs"));
	free(head);
	head = th_git(dir, "rev-parse HEAD");
	cr_assert_eq(th_sh(&out, dir, "PATH='%s':\"$PATH\" && isms set POL-001 title=Better", bin), 0,
		     "%s", out);
	free(out);
	cr_assert(th_has(ran = th_read(dir, "runs"), "isms check --staged --errors-only"),
		  "the hook ran for isms set: %s", ran);
	free(ran);
	cr_assert_str_eq(th_git(dir, "log -1 --format=%s"), "POL-001: update Better");
	cr_assert_str_neq(th_git(dir, "rev-parse HEAD"), head);
	free(head);
	free(bin);
	free(log);
	free(dir);
}

/* The lines a CI job runs: the list under 'script:' (GitLab), or the 'run: |'
 * block of the step named "Check the ISMS" (GitHub Actions). */
static char *job_script(const char *file)
{
	char *script = NULL;

	if (strstr(file, "gitlab"))
		cr_assert_eq(th_sh(&script, getenv("ISMS_SRCDIR"),
				   "awk '/^  script:/ { f = 1; next } f && /^    - / { sub(/^    - /, \"\"); print; next } "
				   "f && /^ *#/ { next } f { exit }' '%s'", file), 0);
	else
		cr_assert_eq(th_sh(&script, getenv("ISMS_SRCDIR"),
				   "awk '/- name: Check the ISMS/ { n = 1; next } n && /run: [|]/ { f = 1; next } "
				   "f && /^          / { sub(/^          /, \"\"); print; next } f { exit }' '%s'",
				   file), 0);
	cr_assert(th_has(script, "isms check --errors-only\n"), "%s: %s", file, script);
	cr_assert(th_has(script, "if isms help verify >/dev/null 2>&1; then isms verify; fi"), "%s", script);
	return script;
}

static void ci_job_runs(const char *file)
{
	char *dir = with_a_warning(), *log = isms_asprintf("%s/.git/ci-runs", dir), *bin = isms_on_path(log);
	char *script = job_script(file), *out, *ran;

	th_write(dir, ".git/ci-job.sh", script);
	cr_assert_eq(th_sh(&out, dir, "PATH='%s':\"$PATH\" bash -e .git/ci-job.sh", bin), 0,
		     "%s on a clean ISMS (a warning only): %s", file, out);
	cr_assert(th_has(out, "warning: overdue"), "%s", out);
	free(out);
	ran = th_read(dir, ".git/ci-runs");
	cr_assert(th_has(ran, "isms check --errors-only\nisms help verify\nisms verify\n"),
		  "isms verify, which this isms has, is run: %s", ran);
	free(ran);

	th_write(dir, "policies/POL-002.yaml", BROKEN);
	free(th_run(dir, "git add policies && git commit -qm broken --no-verify"));
	cr_assert_eq(th_sh(&out, dir, "PATH='%s':\"$PATH\" bash -e .git/ci-job.sh", bin), 1,
		     "%s with an error: %s", file, out);
	cr_assert(th_has(out, "POL-002.yaml:3:9: error:"), "%s", out);
	free(out);
	free(script);
	free(bin);
	free(log);
	free(dir);
}

Test(setup, the_example_gitlab_job_passes_a_clean_isms_and_fails_an_error)
{
	ci_job_runs("examples/ci/gitlab-ci.yml");
}

Test(setup, the_example_github_job_passes_a_clean_isms_and_fails_an_error)
{
	ci_job_runs("examples/ci/github-actions.yml");
}

/* PATH without the folders whose isms is the binary under test (make check
 * puts the build folder there, as an installed isms would be). */
static void isms_off_path(const char *self)
{
	struct isms_buf kept = ISMS_BUF_INIT;
	char *path = isms_strdup(getenv("PATH"));

	for (char *d = strtok(path, ":"); d; d = strtok(NULL, ":")) {
		char *candidate = isms_asprintf("%s/isms", d), *real = realpath(candidate, NULL);

		if (!real || strcmp(real, self) != 0)
			isms_buf_printf(&kept, "%s%s", kept.len ? ":" : "", d);
		free(real);
		free(candidate);
	}
	setenv("PATH", isms_buf_cstr(&kept), 1);
	isms_buf_free(&kept);
	free(path);
}

/* What the program tells the user to type works as written: './isms demo'
 * from the build folder suggests that path, not an 'isms' not on PATH. */
Test(setup, suggestions_name_the_program_that_works)
{
	char *dir = th_tmpdir(), *self = realpath(getenv("ISMS_BIN"), NULL), *out, *err, *want, *bin;

	cr_assert_not_null(self);
	isms_off_path(self);
	cr_assert_eq(th_isms(&out, NULL, dir, "demo demo --no-tui"), 0);
	want = isms_asprintf("\nTry: cd %s/demo/ && %s && %s log\n", dir, self, self);
	cr_assert(th_has(out, want), "want %s in: %s", want, out);
	free(want);
	free(out);
	/* The second half of it, as printed, runs. */
	cr_assert_eq(th_sh(&out, dir, "cd %s/demo/ && %s log", dir, self), 0, "%s", out);
	cr_assert(th_has(out, "\n"), "%s", out);
	free(out);

	cr_assert_eq(th_isms(NULL, &err, dir, "list"), 2);
	want = isms_asprintf("run '%s init'", self);
	cr_assert(th_has(err, want), "want %s in: %s", want, err);
	free(want);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "frobnicate"), 2);
	want = isms_asprintf("('%s help' lists them)", self);
	cr_assert(th_has(err, want), "want %s in: %s", want, err);
	free(want);
	free(err);

	/* Installed (here: on PATH), it is plain 'isms'. */
	bin = th_tmpdir();
	free(th_run(bin, "ln -s \"$ISMS_BIN\" isms"));
	cr_assert_eq(th_sh(&out, dir, "PATH='%s':\"$PATH\" isms demo demo2 --no-tui", bin), 0);
	cr_assert(th_has(out, "/demo2/ && isms && isms log\n"), "%s", out);
	free(out);
	cr_assert_eq(th_sh(&out, dir, "PATH='%s':\"$PATH\" isms list", bin), 2);
	cr_assert(th_has(out, "run 'isms init'"), "%s", out);
	free(out);
	free(bin);
	free(self);
	free(dir);
}

/* isms config get and set: isms.yaml's settings, checked and committed. */
Test(setup, config_get_and_set_check_and_commit_isms_yaml)
{
	char *dir = th_fresh_isms(), *out, *err, *head, *text;

	cr_assert_eq(th_isms(&out, NULL, dir, "config get organisation"), 0);
	cr_assert_str_eq(out, "Test Org\n");
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "config get review_months.policy"), 0);
	cr_assert_str_eq(out, "12\n");
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "config get retention_years.policy"), 1, "not set");
	cr_assert_str_eq(out, "");
	free(out);

	cr_assert_eq(th_isms(&out, &err, dir, "config set review_months.policy 6"), 0, "%s", err);
	cr_assert(th_has(out, "] isms.yaml: set review_months.policy to 6"), "%s", out);
	free(out);
	free(err);
	cr_assert(th_has(text = th_read(dir, "isms.yaml"), "  policy: 6\n"), "%s", text);
	free(text);
	cr_assert_str_eq(th_git(dir, "log -1 '--format=%(trailers:key=Record,valueonly)'"), "isms.yaml");
	cr_assert_str_eq(th_git(dir, "log -1 '--format=%(trailers:key=Clause,valueonly)'"), "4.3");
	cr_assert_str_eq(th_git(dir, "status --porcelain"), "", "committed");
	cr_assert_eq(th_isms(&out, NULL, dir, "config get review_months.policy"), 0);
	cr_assert_str_eq(out, "6\n");
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "config set organisation 'New Org' -m 'Renamed'"), 0,
		     "%s", err);
	free(err);
	cr_assert_str_eq(th_git(dir, "log -1 --format=%s"), "Renamed");
	cr_assert_eq(th_isms(&out, NULL, dir, "config set self_approval policy,procedure"), 0);
	free(out);
	cr_assert(th_has(text = th_read(dir, "isms.yaml"), "self_approval:\n- policy\n- procedure\n"),
		  "%s", text);
	free(text);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);

	/* What check would refuse is not written. */
	head = th_git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "config set isms_type bogus"), 2);
	cr_assert(th_has(err, "'isms_type' must be whole-entity"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "config set review_months.policy 0"), 2);
	cr_assert(th_has(err, "from 1 to 120"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "config set colour blue"), 2);
	cr_assert(th_has(err, "'colour' is not a setting"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "config set review_months.polcy 3"), 2);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "config frob x"), 2);
	free(err);
	cr_assert_str_eq(th_git(dir, "rev-parse HEAD"), head);
	cr_assert_str_eq(th_git(dir, "status --porcelain"), "", "nothing written");

	/* Comments would be lost: refused. */
	free(th_run(dir, "sed -i '1i # our settings' isms.yaml && git commit -qam comment"));
	cr_assert_eq(th_isms(NULL, &err, dir, "config set id_digits 4"), 2);
	cr_assert(th_has(err, "comments"), "%s", err);
	free(err);
	free(head);
	free(dir);
}

/* Shell completion: the file sourced in a real shell, in a test repository
 * (isms on PATH, as make check puts it). */

/* COMPREPLY, a word a line, for completing the words `line` (the last one,
 * possibly empty, is the one completed) in bash; the caller frees. */
static char *bash_complete(const char *dir, const char *line)
{
	char *out = NULL;

	cr_assert_eq(th_sh(&out, dir, "bash --norc --noprofile -c '"
			   "source \"$ISMS_SRCDIR/completion/isms.bash\" && "
			   "COMP_WORDS=(%s) && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _isms && "
			   "printf \"%%s\\n\" \"${COMPREPLY[@]}\"'", line), 0, "%s", out);
	return out;
}

Test(setup, bash_completes_commands_options_kinds_ids_and_clauses)
{
	char *dir = th_fresh_isms(), *out;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=First"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Flood --set owner=Ann"), 0);
	cr_assert_str_eq(out = bash_complete(dir, "isms st"), "status\n");
	free(out);
	out = bash_complete(dir, "isms new \"\"");
	cr_assert(th_has(out, "policy\n") && th_has(out, "risk\n") && th_has(out, "board-report\n"),
		  "%s", out);
	cr_assert(!th_has(out, "POL-001"), "%s", out);
	free(out);
	cr_assert_str_eq(out = bash_complete(dir, "isms show \"\""), "POL-001\nRSK-001\n");
	free(out);
	cr_assert_str_eq(out = bash_complete(dir, "isms show R"), "RSK-001\n");
	free(out);
	out = bash_complete(dir, "isms guide 6.1");
	cr_assert(th_has(out, "6.1.2\n"), "%s", out);
	free(out);
	out = bash_complete(dir, "isms check --");
	cr_assert(th_has(out, "--staged\n") && th_has(out, "--errors-only\n") && th_has(out, "--json\n"),
		  "%s", out);
	free(out);
	cr_assert_str_eq(out = bash_complete(dir, "isms config set review_months.pol"),
			 "review_months.policy\n");
	free(out);
	free(dir);
}

Test(setup, zsh_completes_too)
{
	char *dir, *out = NULL;

	if (system("command -v zsh >/dev/null 2>&1") != 0)
		cr_skip_test("zsh is not installed");
	dir = th_fresh_isms();
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=First"), 0);
	/* The completion function with compadd standing in for zsh's own. */
	cr_assert_eq(th_sh(&out, dir, "zsh -f -c '"
			   "compadd() { [[ $1 == -- ]] && shift; print -l -- \"$@\"; }; _files() { :; }; "
			   "source \"$ISMS_SRCDIR/completion/_isms\" >/dev/null 2>&1; "
			   "words=(isms show \"\"); CURRENT=3; PREFIX=\"\"; _isms; "
			   "words=(isms new \"\"); CURRENT=3; _isms; "
			   "words=(isms st); CURRENT=2; PREFIX=st; _isms'"), 0, "%s", out);
	cr_assert(th_has(out, "POL-001\n") && th_has(out, "policy\n") && th_has(out, "status\n"), "%s", out);
	free(out);
	free(dir);
}
