/* SPDX-License-Identifier: MIT */
/* The command line end to end: the real binary on real repositories. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "isms/text.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(cli, .init = setup);

/* A fresh ISMS in a temporary folder; the caller frees the path. */
static char *fresh_isms(void)
{
	return th_fresh_isms();
}

/* The first line of a git command's output that must succeed. */
static char *git(const char *dir, const char *args)
{
	return th_git(dir, args);
}

Test(cli, version_help_and_usage_errors)
{
	char *dir = th_tmpdir(), *out, *err;

	cr_assert_eq(th_isms(&out, NULL, dir, "--version"), 0);
	cr_assert(th_has(out, "isms " PACKAGE_VERSION));
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "--help"), 0);
	cr_assert(th_has(out, "usage: isms"));
	cr_assert(th_has(out, "check"));
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "help set"), 0);
	cr_assert(th_has(out, "usage: isms set ID FIELD=VALUE"));
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "frobnicate"), 2);
	cr_assert(th_has(err, "no command 'frobnicate'"));
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new"), 2, "a missing argument is a usage error");
	cr_assert(th_has(err, "usage: isms new"));
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "list --bogus"), 2);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "list"), 2, "no repository here");
	cr_assert(th_has(err, "isms init"));
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "-C"), 2);
	cr_assert(th_has(err, "'-C' needs a folder"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, "/", "-C '%s' init inner --org X", dir), 0, "%s", err);
	cr_assert_not_null(th_read(dir, "inner/isms.yaml"), "-C runs the command in that folder");
	free(err);
	free(dir);
}

Test(cli, init_commits_isms_yaml_and_refuses_to_run_twice)
{
	char *dir = fresh_isms(), *out, *err, *head, *author;

	cr_assert(th_has(th_read(dir, "isms.yaml"), "organisation: Test Org\n"));
	head = git(dir, "rev-parse --short=7 HEAD");
	author = git(dir, "log -1 --format=%an/%cn");
	cr_assert_str_eq(author, "Test Author/Test Committer");
	cr_assert_eq(th_isms(&out, &err, dir, "init"), 2);
	cr_assert(th_has(err, "already an ISMS"), "%s", err);
	cr_assert_str_eq(git(dir, "rev-parse --short=7 HEAD"), head, "no new commit");
	free(out);
	free(err);
	free(dir);
}

Test(cli, new_set_show_list_log_diff)
{
	char *dir = fresh_isms(), *out, *err, *head;

	cr_assert_eq(th_isms(&out, &err, dir,
		"new policy --set 'title=Information security policy' --set owner=Ana"), 0, "%s", err);
	head = git(dir, "rev-parse --short=7 HEAD");
	cr_assert(th_has(out, "POL-001\n"), "%s", out);
	cr_assert(th_has(out, head), "prints the commit it made: %s", out);
	cr_assert_str_eq(git(dir, "log -1 --format=%s"), "POL-001: create Information security policy");
	cr_assert(th_has(git(dir, "log -1 '--format=%(trailers:key=Clause,valueonly)'"), "5.2"));
	free(out);
	free(err);

	cr_assert_eq(th_isms(&out, &err, dir, "set POL-001 status=in-review 'title=Security policy' -m 'POL-001: ready for review'"), 0, "%s", err);
	cr_assert_str_eq(git(dir, "log -1 --format=%s"), "POL-001: ready for review");
	cr_assert(th_has(out, git(dir, "rev-parse --short=7 HEAD")));
	free(out);
	free(err);

	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001"), 0);
	cr_assert(th_has(out, "status: in-review\n"));
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001 --rev HEAD~1"), 0);
	cr_assert(th_has(out, "status: draft\n"));
	cr_assert(th_has(out, "title: Information security policy\n"));
	free(out);

	cr_assert_eq(th_isms(&out, NULL, dir, "list"), 0);
	cr_assert(th_has(out, "POL-001"));
	cr_assert(th_has(out, "in-review"));
	cr_assert(th_has(out, "Security policy"));
	free(out);

	cr_assert_eq(th_isms(&out, NULL, dir, "log POL-001"), 0);
	cr_assert(th_has(out, "2026-01-01 00:00 Test Author POL-001: ready for review\n"), "%s", out);
	cr_assert(th_has(out, "POL-001: create Information security policy"));
	cr_assert_not(th_has(out, "Start the ISMS"), "only the record's commits");
	free(out);

	cr_assert_eq(th_isms(&out, NULL, dir, "diff POL-001 HEAD~1 HEAD"), 0);
	cr_assert(th_has(out, "-status: draft\n"), "%s", out);
	cr_assert(th_has(out, "+status: in-review\n"), "%s", out);
	cr_assert(th_has(out, "\n owner: Ana\n"), "unchanged lines are context: %s", out);
	free(out);
	th_write(dir, "policies/POL-001.yaml", "id: POL-001\nkind: policy\ntitle: X\nstatus: draft\n");
	cr_assert_eq(th_isms(&out, NULL, dir, "diff POL-001"), 0);
	cr_assert(th_has(out, "+title: X\n"), "last commit against the working tree: %s", out);
	free(out);
	free(head);
	free(dir);
}

Test(cli, set_keeps_unknown_keys_and_changes_only_its_lines)
{
	char *dir = fresh_isms(), *out, *diff;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Flood --set likelihood=2"), 0);
	th_sh(NULL, dir, "printf 'site: Rotterdam\\nextra:\\n  a: 1\\n' >> risks/RSK-001.yaml && "
		  "git commit -qam 'hand edit'");
	cr_assert_eq(th_isms(&out, NULL, dir, "set RSK-001 likelihood=4"), 0);
	free(out);
	cr_assert_eq(th_sh(&diff, dir, "git diff HEAD~1 HEAD --unified=0 | grep '^[-+][^-+]'"), 0);
	cr_assert_str_eq(diff, "-likelihood: 2\n+likelihood: 4\n");
	cr_assert(th_has(th_read(dir, "risks/RSK-001.yaml"), "site: Rotterdam\nextra:\n  a: 1\n"));
	free(diff);
	free(dir);
}

Test(cli, check_reports_broken_records_and_changes_nothing)
{
	char *dir = fresh_isms(), *out, *err, *before, *after;

	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Good"), 0);
	th_write(dir, "policies/POL-002.yaml", "id: POL-002\nkind: policy\ntitle: [unclosed\n");
	th_write(dir, "policies/POL-003.yaml", "id: POL-003\nkind: policy\ntitle: A\ntitle: B\n");
	th_write(dir, "policies/POL-004.yaml", "id: POL-004\nkind: policy\ntitle: x\nstatus: &a draft\n");
	th_write_bytes(dir, "policies/POL-005.yaml", "id: POL-005\ntitle: caf\xe9\n", 23);
	th_write(dir, "policies/POL-006.yaml", "id: POL-099\nkind: policy\ntitle: x\nstatus: draft\n");
	th_sh(NULL, dir, "ln -s /etc/passwd policies/POL-007.yaml");
	th_sh(&before, dir, "git status --porcelain; cat policies/*.yaml | md5sum");

	cr_assert_eq(th_isms(&out, &err, dir, "check"), 1);
	cr_assert(th_has(out, "policies/POL-002.yaml:4:1: error:"), "%s", out);
	cr_assert(th_has(out, "policies/POL-003.yaml:4:1: error: duplicate key 'title'"), "%s", out);
	cr_assert(th_has(out, "policies/POL-004.yaml:4:9: error: anchor '&a'"), "%s", out);
	cr_assert(th_has(out, "policies/POL-005.yaml:2:11: error: invalid UTF-8"), "%s", out);
	cr_assert(th_has(out, "policies/POL-006.yaml:1:5: error: 'id' is 'POL-099'"), "%s", out);
	cr_assert(th_has(out, "policies/POL-007.yaml:1:1: error: is a symbolic link"), "%s", out);
	cr_assert_not(th_has(out, "POL-001"), "the good record has no findings");
	cr_assert(th_has(err, "errors"), "%s", err);
	th_sh(&after, dir, "git status --porcelain; cat policies/*.yaml | md5sum");
	cr_assert_str_eq(before, after, "check changes nothing");

	/* Writes refuse what they could not parse, and keep it as it was. */
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-002 status=approved"), 2);
	cr_assert(th_has(err, "POL-002.yaml:4:1"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-007 status=approved"), 2);
	cr_assert(th_has(err, "symbolic link"), "%s", err);
	th_sh(&out, dir, "git status --porcelain; cat policies/*.yaml | md5sum");
	cr_assert_str_eq(before, out, "failed writes change nothing");
	free(out);
	free(err);
	free(before);
	free(after);
	free(dir);
}

Test(cli, hostile_ids_never_become_paths)
{
	char *base = th_tmpdir(), *dir = isms_path_join(base, "isms"), *err, *before, *after;
	const char *ids[] = { "../../etc/passwd", "..", ".git", "a/b", "'a\\b'", "POL-001/..",
			      "'x\ty'", "''", "../isms2/POL-001" };

	cr_assert_eq(th_isms(NULL, NULL, base, "init isms --org T"), 0);
	th_sh(&before, base, "find . | sort; git -C isms status --porcelain");
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		cr_assert_eq(th_isms(NULL, &err, dir, "show %s", ids[i]), 2, "%s", ids[i]);
		cr_assert(th_has(err, "ID"), "%s: %s", ids[i], err);
		free(err);
		cr_assert_eq(th_isms(NULL, &err, dir, "set %s title=x", ids[i]), 2);
		free(err);
		cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set id=%s --set title=x", ids[i]), 2);
		free(err);
		cr_assert_eq(th_isms(NULL, &err, dir, "log %s", ids[i]), 2);
		free(err);
	}
	th_sh(&after, base, "find . | sort; git -C isms status --porcelain");
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
	free(dir);
	free(base);
}

Test(cli, every_write_is_a_commit_by_the_configured_identity)
{
	char *dir = fresh_isms(), *out, *err;

	th_sh(NULL, dir, "git config user.name 'Config Person' && git config user.email cp@example.org");
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	cr_assert_eq(th_isms(&out, &err, dir, "new document --set title=Manual"), 0, "%s", err);
	cr_assert_str_eq(git(dir, "log -1 --format=%an/%ae/%cn/%ce"),
			 "Config Person/cp@example.org/Config Person/cp@example.org");
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "retire DOC-001 -m 'Replaced by the wiki'"), 0, "%s", err);
	cr_assert(th_has(th_read(dir, "documents/DOC-001.yaml"),
			 "status: retired\n"), "retired in place");
	cr_assert(th_has(th_read(dir, "documents/DOC-001.yaml"), "retired_on: 2026-01-01\n"));
	cr_assert_str_eq(git(dir, "log -1 --format=%s"), "DOC-001: retire Manual");
	free(out);
	free(err);

	th_sh(NULL, dir, "git config --unset user.name && git config --unset user.email");
	cr_assert_eq(th_isms(NULL, &err, dir, "new document --set title=Orphan"), 2);
	cr_assert(th_has(err, "identity"), "%s", err);
	cr_assert_null(th_read(dir, "documents/DOC-002.yaml"), "nothing written without an identity");
	free(err);
	free(dir);
}

Test(cli, edit_runs_the_editor_validates_and_commits)
{
	char *dir = fresh_isms(), *out, *err, *draft;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Edited"), 0);
	/* The editor is run through the shell, with the file as an argument. */
	setenv("EDITOR", "sed -i -e 's/status: draft/status: in-review/' -e '$a # reviewed by Bo'", 1);
	cr_assert_eq(th_isms(&out, &err, dir, "edit POL-001"), 0, "%s", err);
	cr_assert(th_has(th_read(dir, "policies/POL-001.yaml"), "status: in-review\n# reviewed by Bo\n"),
		  "the text is committed as written, comments kept");
	cr_assert(th_has(out, git(dir, "rev-parse --short=7 HEAD")));
	cr_assert_str_eq(git(dir, "status --porcelain"), "");
	free(out);
	free(err);

	/* Invalid text: nothing changes, and the draft is kept for next time. */
	setenv("EDITOR", "sed -i -e 's/status: in-review/status: [oops/'", 1);
	cr_assert_eq(th_isms(&out, &err, dir, "edit POL-001"), 2);
	cr_assert(th_has(out, "policies/POL-001.yaml:"), "%s", out);
	cr_assert(th_has(err, "isms edit POL-001"), "%s", err);
	cr_assert(th_has(th_read(dir, "policies/POL-001.yaml"), "status: in-review\n"));
	draft = th_read(dir, ".git/isms/drafts/POL-001.yaml");
	cr_assert(th_has(draft, "[oops"), "the draft keeps the user's text");
	free(out);
	free(err);

	/* The next edit resumes the draft. */
	setenv("EDITOR", "sed -i -e 's/\\[oops/draft/'", 1);
	cr_assert_eq(th_isms(&out, &err, dir, "edit POL-001"), 0, "%s", err);
	cr_assert(th_has(err, "resuming"));
	cr_assert(th_has(th_read(dir, "policies/POL-001.yaml"), "status: draft\n"));
	cr_assert_null(th_read(dir, ".git/isms/drafts/POL-001.yaml"), "the draft is gone once committed");
	free(out);
	free(err);
	free(draft);
	free(dir);
}

static void as_reviewer(int on);

/* Act as `name` <`email`> (NULL: the pinned identity) in git's eyes. */
static void as_person(const char *name, const char *email)
{
	setenv("GIT_AUTHOR_NAME", name ? name : "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", email ? email : "author@example.org", 1);
	setenv("GIT_COMMITTER_NAME", name ? name : "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", email ? email : "committer@example.org", 1);
}

Test(cli, demo_builds_a_history_by_several_people)
{
	char *dir = th_tmpdir(), *out, *err, *authors, *count;

	cr_assert_eq(th_isms(&out, &err, dir, "demo %s/demo --no-tui", dir), 0, "%s", err);
	cr_assert(th_has(out, "Harbourlight"));
	cr_assert(th_has(out, "check: 0 findings"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_sh(&authors, dir, "git -C demo log --format=%%an | sort -u | wc -l"), 0);
	cr_assert_geq(atoi(authors), 3);
	cr_assert_eq(th_sh(&count, dir, "git -C demo rev-list --count HEAD"), 0);
	cr_assert_geq(atoi(count), 10);
	cr_assert_eq(th_sh(&out, dir, "git -C demo fsck && git -C demo status --porcelain"), 0, "%s", out);
	free(out);
	free(authors);
	free(count);
	free(dir);
}

Test(cli, the_demo_holds_a_real_approval_and_a_next_draft_and_never_signs)
{
	char *dir = th_tmpdir(), *out, *err, *approved, *file;

	/* A user whose git signs everything, with a key that does not exist:
	 * the demo's invented people must not sign, so it still builds. */
	th_sh(NULL, dir, "git config --global gpg.format ssh && "
			 "git config --global user.signingkey \"$PWD/no-such-key\" && "
			 "git config --global commit.gpgsign true && git config --global tag.gpgsign true");
	cr_assert_eq(th_isms(&out, &err, dir, "demo demo --no-tui"), 0, "%s", err);
	free(out);
	free(err);
	out = th_run(dir, "cd demo && git for-each-ref --format='%%(objecttype) %%(refname:short)' "
			  "refs/tags && git log -1 --format='%%an|%%(trailers:key=Approved-by,valueonly)' "
			  "approved/POL-001/v1.0 && git log --format=%%an policies/POL-001.yaml | sort -u && "
			  "git log --format=%%G? | sort -u && git cat-file tag approved/POL-001/v1.0");
	cr_assert(th_has(out, "tag approved/POL-001/v1.0\n"), "%s", out);
	cr_assert(th_has(out, "Jonas Vermeulen|Jonas Vermeulen <jonas.vermeulen@harbourlight.example>\n"),
		  "approved by the board member: %s", out);
	cr_assert(th_has(out, "Maren Holt\n"), "%s", out);
	cr_assert(th_has(out, "\nN\n") && !th_has(out, "BEGIN SSH SIGNATURE"), "nothing signed: %s", out);
	free(out);
	/* The author's later edit is the next draft; the approved text stays. */
	cr_assert_eq(th_isms(&approved, NULL, dir, "-C demo show POL-001 --approved"), 0);
	cr_assert(th_has(approved, "version: '1.0'\n"), "%s", approved);
	file = th_read(dir, "demo/policies/POL-001.yaml");
	cr_assert(th_has(file, "version: '1.1'\nauthor") && th_has(file, "status: draft\n"), "%s", file);
	cr_assert(th_has(approved, "reviewed twice a year") && th_has(file, "reviewed every quarter"));
	free(approved);
	free(file);
	out = th_run(dir, "cd demo && git log -3 --format=%%s -- policies/POL-001.yaml");
	cr_assert(th_has(out, "POL-001: approve v1.0"), "%s", out);
	free(out);
	free(dir);
}

Test(cli, a_resumed_draft_never_undoes_later_commits)
{
	char *dir = fresh_isms(), *out, *err;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Draft"), 0);
	setenv("EDITOR", "false", 1);  /* the editor fails: the draft is kept */
	cr_assert_eq(th_isms(NULL, &err, dir, "edit POL-001"), 2);
	free(err);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 owner=Bob"), 0);
	setenv("EDITOR", "sed -i -e 's/title: Draft/title: Drafted/'", 1);
	cr_assert_eq(th_isms(&out, &err, dir, "edit POL-001"), 2, "%s", out);
	cr_assert(th_has(err, "earlier version"), "%s", err);
	cr_assert(th_has(th_read(dir, "policies/POL-001.yaml"), "owner: Bob\n"), "Bob's change stays");
	cr_assert(th_has(th_read(dir, ".git/isms/drafts/POL-001.yaml"), "title: Drafted"),
		  "and the draft is kept");
	free(out);
	free(err);
	free(dir);
}

Test(cli, init_without_an_identity_leaves_nothing_behind)
{
	char *dir = th_tmpdir(), *err;

	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_COMMITTER_NAME");
	cr_assert_eq(th_isms(NULL, &err, dir, "init isms --org X"), 2);
	cr_assert(th_has(err, "identity"), "%s", err);
	free(err);
	cr_assert_null(th_read(dir, "isms/isms.yaml"));
	setenv("GIT_AUTHOR_NAME", "Test Author", 1);
	setenv("GIT_COMMITTER_NAME", "Test Committer", 1);
	cr_assert_eq(th_isms(NULL, &err, dir, "init isms --org X"), 0, "a second try works: %s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "init ''"), 2, "an empty folder name is refused");
	free(err);
	free(dir);
}

Test(cli, text_that_is_not_utf8_is_refused_before_anything_is_written)
{
	char *dir = fresh_isms(), *err, *head;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=T"), 0);
	head = git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "retire POL-001 -m \"$(printf 'old\\303')\""), 2);
	cr_assert(th_has(err, "UTF-8"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "init sub --org \"$(printf 'A\\001B')\""), 2);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head);
	cr_assert_str_eq(git(dir, "status --porcelain"), "");
	free(head);
	free(dir);
}

Test(cli, option_errors_name_the_option)
{
	char *dir = fresh_isms(), *err;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set title=x --bogus"), 2);
	cr_assert(th_has(err, "unknown option '--bogus'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "show POL-001 -m foo"), 2);
	cr_assert(th_has(err, "'--message' does not apply to 'show'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "list -x"), 2);
	cr_assert(th_has(err, "unknown option '-x'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 -m"), 2);
	cr_assert(th_has(err, "needs a value"), "%s", err);
	free(err);
	/* The options of some commands are refused by the others. */
	cr_assert_eq(th_isms(NULL, &err, dir, "list --decision approve"), 2);
	cr_assert(th_has(err, "'--decision' does not apply to 'list'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "show POL-001 --since HEAD"), 2);
	cr_assert(th_has(err, "'--since' does not apply to 'show'"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add x --title"), 2);
	cr_assert(th_has(err, "needs a value"), "%s", err);
	free(err);
	free(dir);
}

Test(cli, misfiled_records_and_linked_folders_are_refused)
{
	char *dir = fresh_isms(), *out, *err, *outside = th_tmpdir();

	th_write(dir, "policies/RSK-001.yaml", "id: RSK-001\nkind: policy\ntitle: t\nstatus: draft\n");
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "policies/RSK-001.yaml:1:1: error: 'RSK-001' is not the ID of a policy"),
		  "%s", out);
	free(out);
	th_write(outside, "DOC-001.yaml", "id: DOC-001\nkind: document\ntitle: secret\nstatus: draft\n");
	th_sh(NULL, dir, "ln -s '%s' documents", outside);
	cr_assert_eq(th_isms(&out, &err, dir, "show DOC-001"), 2);
	cr_assert_not(th_has(out, "secret"), "nothing read through the link");
	cr_assert(th_has(err, "symbolic link"), "%s", err);
	free(out);
	free(err);
	free(outside);
	free(dir);
}

/* The ISMS model from the command line */

Test(cli, status_walks_from_4_1_to_10_2)
{
	char *dir = fresh_isms(), *out, *json;

	cr_assert_eq(th_isms(&out, NULL, dir, "status"), 0);
	cr_assert(th_has(out, "[ ] 4.1    Understanding the organization and its "), "%s", out);
	cr_assert(th_has(out, "[ ] 10.2   Nonconformity and corrective action"), "%s", out);
	cr_assert_not(th_has(out, "[x]") && th_has(out, "[x] 4"), "nothing done yet");
	cr_assert(th_has(out, "next step: 4.1 Understanding the organization and its context"), "%s", out);
	cr_assert(th_has(out, "[~] 6.1.2  Information security risk      risk method defined, risk 0/1 complete"),
		  "isms init writes a risk method to adapt; no risk is assessed yet: %s", out);
	cr_assert(th_has(out, "progress: Plan 4%  Do 0%  Check 0%  Act 0%"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&json, NULL, dir, "status --json"), 0);
	cr_assert(th_has(json, "{\"clause\":\"4.1\",\"title\":\"Understanding the organization and its context\","
			       "\"phase\":\"Plan\",\"state\":\"missing\""), "%s", json);
	cr_assert(th_has(json, "\"next\":\"4.1\""));
	free(json);

	/* Records move their clauses along. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "new issue --set 'title=Cloud migration' "
				     "--set 'description=Customer data moves to a cloud provider' "
				     "--set climate=no"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set 'title=Information security policy'"), 0);
	cr_assert_eq(th_isms(&out, NULL, dir, "status"), 0);
	cr_assert(th_has(out, "[x] 4.1 "), "an issue with its description completes 4.1: %s", out);
	cr_assert(th_has(out, "[~] 5.2 "), "a draft policy is a draft: %s", out);
	cr_assert(th_has(out, "policy 0/1 approved (1 incomplete)"), "%s", out);
	cr_assert(th_has(out, "next step: 4.2 "), "%s", out);
	cr_assert(th_has(out, "progress: Plan 16%"), "of 12 Plan clauses, 1 done and 2 started: %s", out);
	free(out);
	/* Complete, and approved by its act, by someone who did not write it. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 'body=We protect what we hold.'"), 0);
	setenv("ISMS_TODAY", "2026-01-01", 1);
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "approve POL-001"), 0);
	as_reviewer(0);
	cr_assert_eq(th_isms(&out, NULL, dir, "status"), 0);
	cr_assert(th_has(out, "[x] 5.2 "), "%s", out);
	cr_assert(th_has(out, "progress: Plan 20%"), "4.1 and 5.2 done: %s", out);
	free(out);
	setenv("ISMS_TODAY", "2027-03-01", 1);
	cr_assert_eq(th_isms(&out, NULL, dir, "status"), 1, "an overdue review is a finding");
	cr_assert(th_has(out, "[!] 5.2 "), "a year on, it is overdue: %s", out);
	free(out);
	free(dir);
}

Test(cli, catalog_lists_93_controls_and_34_clauses)
{
	char *dir = th_tmpdir(), *out, *count;

	cr_assert_eq(th_isms(&out, NULL, dir, "catalog controls"), 0);
	cr_assert(th_has(out, "A.5.15  Access control\n"), "%s", out);
	cr_assert(th_has(out, "A.8.34  Protection of information systems during audit testing\n"));
	free(out);
	cr_assert_eq(th_sh(&count, dir, "'%s' catalog controls | grep -c '^A\\.'", getenv("ISMS_BIN")), 0);
	cr_assert_eq(atoi(count), 93);
	free(count);
	cr_assert_eq(th_sh(&count, dir, "'%s' catalog clauses | wc -l", getenv("ISMS_BIN")), 0);
	cr_assert_eq(atoi(count), 34);
	free(count);
	cr_assert_eq(th_isms(&out, NULL, dir, "catalog controls --json"), 0);
	cr_assert(th_has(out, "{\"id\":\"A.5.1\",\"title\":\"Policies for information security\","
			      "\"theme\":\"Organizational\",\"type\":[\"preventive\"]"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "catalog nonsense"), 2);
	free(dir);
}

Test(cli, guide_explains_and_says_what_is_missing)
{
	char *dir = fresh_isms(), *out;

	cr_assert_eq(th_isms(&out, NULL, dir, "guide 6.1.3"), 0);
	cr_assert(th_has(out, "6.1.3 Information security risk treatment\n"));
	cr_assert(th_has(out, "Applicability"), "%s", out);
	cr_assert(th_has(out, "What an auditor will ask to see"));
	cr_assert(th_has(out, "In this ISMS: [ ] missing"), "%s", out);
	cr_assert(th_has(out, "control 0/93 complete: 'isms soa init' adds the missing entries"),
		  "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "guide 4.1"), 0);
	cr_assert(th_has(out, "Climate change (Amendment 1:2024)"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "guide 11.1"), 2);
	free(dir);
}

Test(cli, init_with_soa_scaffolds_93_undecided_entries_in_one_commit)
{
	char *dir = th_tmpdir(), *out, *err, *count;

	cr_assert_eq(th_isms(&out, &err, dir, "init isms --org X --with-soa"), 0, "%s", err);
	cr_assert(th_has(out, "93 Annex A controls added"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_sh(&count, dir, "ls isms/controls | wc -l; git -C isms rev-list --count HEAD"), 0);
	cr_assert_str_eq(count, "93\n2\n");
	free(count);
	cr_assert(th_has(th_read(dir, "isms/controls/A.5.23.yaml"),
			 "title: Information security for use of cloud services\nstatus: draft\n"));
	cr_assert_eq(th_isms(&out, NULL, dir, "-C isms soa init"), 0);
	cr_assert(th_has(out, "already has every Annex A control"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "-C isms check"), 0, "undecided is not an error: %s", out);
	free(out);
	free(dir);
}

/* A small ISMS that satisfies every rule; `check` must pass it. */
static char *complete_isms(void)
{
	char *dir = th_tmpdir(), *out, *err;
	const char *steps[] = {
		"init . --org Complete --with-soa",
		"new policy --set title=Policy --set version=0.9",
		"new risk --set title=Ransomware --set owner=Ann --set likelihood=4 --set impact=5 "
			"--set treatment=modify --set controls=A.8.13 --set assessed_on=2026-01-01",
		"set A.8.13 applicable=yes reason=risk-treatment 'justification=Backups restore systems'",
		"set A.7.5 applicable=no reason=not-applicable 'justification=The landlord runs the building'",
		"new risk --set 'title=Shared mailbox' --set owner=Ann --set likelihood=3 --set impact=3 "
			"--set assessed_on=2026-01-01",
		"new objective --set 'title=Restore in a day' --set policy=POL-001 "
			"--set 'measure=Hours to restore in the test' --set 'target=24 hours'",
	};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		cr_assert_eq(th_isms(&out, &err, dir, "%s", steps[i]), 0, "%s: %s", steps[i], err);
		free(out);
		free(err);
	}
	/* Decisions are acts: the board approves the policy, Ann accepts her risk. */
	setenv("ISMS_TODAY", "2026-01-01", 1);
	as_person("Board", "board@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 0, "%s", err);
	free(err);
	as_person("Ann", "ann@example.org");
	cr_assert_eq(th_isms(NULL, &err, dir, "accept RSK-002"), 0, "%s", err);
	free(err);
	as_person(NULL, NULL);
	unsetenv("ISMS_TODAY");
	return dir;
}

Test(cli, check_passes_a_complete_isms_and_names_every_broken_rule)
{
	char *dir = complete_isms(), *out, *err;

	cr_assert_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set RSK-001 owner= controls=A.8.13,A.7.5"), 0);
	/* An exclusion without its justification is refused on every write path... */
	cr_assert_eq(th_isms(NULL, &err, dir, "set A.7.5 justification="), 2);
	cr_assert(th_has(err, "controls/A.7.5.yaml:5:13: an excluded control needs a justification"),
		  "%s", err);
	free(err);
	th_sh(NULL, dir, "sed -i '/^justification:/d' controls/A.7.5.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit controls/A.7.5.yaml -m 'no reason given'"), 2);
	cr_assert(th_has(out, "controls/A.7.5.yaml:5:13: error: an excluded control needs a justification"),
		  "%s%s", out, err);
	free(out);
	free(err);
	/* ... and what gets in behind its back is reported by check. */
	th_sh(NULL, dir, "git commit -qam 'no justification' --no-verify");
	/* Behind the workbench's back: through it, this would start a new draft. */
	th_sh(NULL, dir, "sed -i '/^approved_by:/d' policies/POL-001.yaml && git commit -qam 'no approver'");
	/* A forged acceptance, committed with git behind the workbench's back. */
	th_sh(NULL, dir, "sed -i 's/^accepted_by: Ann/accepted_by: Bob/' risks/RSK-002.yaml && "
	      "git commit -qam 'forged'");
	cr_assert_eq(th_isms(NULL, NULL, dir, "set OBJ-001 policy=POL-009"), 0);
	th_sh(NULL, dir, "git rm -q controls/A.5.1.yaml && git commit -qm 'lose an entry'");
	cr_assert_eq(th_isms(&out, &err, dir, "check"), 1);
	cr_assert(th_has(out, "risks/RSK-001.yaml:1:1: error: every risk needs an owner"), "%s", out);
	cr_assert(th_has(out, "risks/RSK-001.yaml:10:3: error: treated with A.7.5, which the Statement of "
			      "Applicability does not mark applicable"), "%s", out);
	cr_assert(th_has(out, "controls/A.7.5.yaml:5:13: error: an excluded control needs a justification"), "%s", out);
	cr_assert(th_has(out, "policies/POL-001.yaml:4:9: error: approved, but by whom?"), "%s", out);
	cr_assert(th_has(out, "risks/RSK-002.yaml:9:14: error: accepted by Bob, but its owner is Ann"), "%s", out);
	cr_assert(th_has(out, "risks/RSK-002.yaml:4:9: error: accepted_by changed since the acceptance in "
			      "commit "), "the forged acceptance is no act: %s", out);
	cr_assert(th_has(out, "objectives/OBJ-001.yaml:5:9: error: 'policy' refers to POL-009"), "%s", out);
	cr_assert(th_has(out, "controls/: error: the Statement of Applicability lacks 1 of the 93 "
			      "Annex A controls (A.5.1)"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "check --json"), 1);
	cr_assert(th_has(out, "{\"path\":\"risks/RSK-001.yaml\",\"line\":1,\"column\":1,\"severity\":\"error\","
			      "\"message\":\"every risk needs an owner"), "%s", out);
	cr_assert(th_has(out, "\"errors\":9,\"warnings\":0}"), "%s", out);
	free(out);
	free(dir);
}

Test(cli, id_prefixes_in_isms_yaml_are_used_and_checked)
{
	char *dir = fresh_isms(), *out, *err;

	free(th_run(dir, "printf 'id_prefixes:\\n  risk: RISK\\n  policy: P\\n' >> isms.yaml && "
		    "git commit -qam 'Our own prefixes'"));
	cr_assert_eq(th_isms(&out, &err, dir, "new risk --set title=Flood"), 0, "%s", err);
	cr_assert(th_has(out, "RISK-001\n"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "show RISK-001"), 0);
	cr_assert(th_has(out, "id: RISK-001\n"));
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "new policy --set title=P"), 0);
	cr_assert(th_has(out, "P-001\n"), "%s", out);
	free(out);
	free(th_run(dir, "printf '  document: bad\\n  issue: P\\n' >> isms.yaml"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "isms.yaml:"), "%s", out);
	cr_assert(th_has(out, "error: id_prefixes: 'document' must be 1 to 8 capital letters"), "%s", out);
	cr_assert(th_has(out, "error: id_prefixes: issue would use P, which policy already uses"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "new risk --set title=Storm"), 2,
		     "a broken isms.yaml stops writes");
	cr_assert(th_has(err, "isms.yaml"), "%s", err);
	free(err);
	free(dir);
}

/* Run the next commands as a reviewer, or again as the test's author. */
static void as_reviewer(int on)
{
	setenv("GIT_AUTHOR_NAME", on ? "Rita Reviewer" : "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", on ? "rita@example.org" : "author@example.org", 1);
	setenv("GIT_COMMITTER_NAME", on ? "Rita Reviewer" : "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", on ? "rita@example.org" : "committer@example.org", 1);
}

/* Commit `day` days after the pinned date (commits in one second have no
 * order the history can tell). */
static void at_day(int day)
{
	char date[64];

	snprintf(date, sizeof(date), "@%lld +0000", 1767225600LL + 86400LL * day);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
}

/* A fresh ISMS with POL-001 (version 0.3, in review) written by Test Author. */
static char *isms_with_policy(void)
{
	char *dir = fresh_isms(), *err;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set 'title=Information security policy' "
			     "--set owner=Ana --set version=0.3 --set status=in-review"), 0, "%s", err);
	free(err);
	return dir;
}

/* POL-001's approval v1.0 stands: check is clean, the log marks it, and
 * the reviewer approving again is refused, with nothing committed. */
static void approval_stands(const char *dir)
{
	char *out, *err, *head = git(dir, "rev-parse HEAD");

	cr_assert_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "log POL-001"), 0);
	cr_assert(th_has(out, "POL-001: approve v1.0 [approved v1.0]"), "%s", out);
	free(out);
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	as_reviewer(0);
	cr_assert(th_has(err, "has not changed since its approval"), "%s", err);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing committed");
	free(head);
}

Test(cli, approval_by_a_second_person_commits_trailers_and_tags)
{
	char *dir = isms_with_policy(), *out, *err, *head, *blob;

	as_reviewer(1);
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001 -m 'Reviewed with the board'"), 0,
		     "%s", err);
	as_reviewer(0);
	head = git(dir, "rev-parse --short=7 HEAD");
	cr_assert(th_has(out, head), "%s", out);
	cr_assert(th_has(out, "approved/POL-001/v1.0"), "%s", out);
	free(out);
	free(err);
	cr_assert_str_eq(git(dir, "log -1 --format=%s"), "POL-001: approve v1.0");
	cr_assert_str_eq(git(dir, "log -1 --format=%an"), "Rita Reviewer");
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Reviewed with the board"), "%s", out);
	cr_assert(th_has(out, "Record: POL-001\n"), "%s", out);
	cr_assert(th_has(out, "Clause: 5.2\n"), "%s", out);
	cr_assert(th_has(out, "Status: approved\n"), "%s", out);
	cr_assert(th_has(out, "Version: 1.0\n"), "%s", out);
	cr_assert(th_has(out, "Approved-by: Rita Reviewer <rita@example.org>\n"), "%s", out);
	cr_assert(!th_has(out, "Self-approved"), "%s", out);
	blob = git(dir, "rev-parse HEAD:policies/POL-001.yaml");
	cr_assert(th_has(out, blob), "Approved-blob is the file's blob: %s", out);
	free(out);
	cr_assert_str_eq(git(dir, "tag -l 'approved/*'"), "approved/POL-001/v1.0");
	cr_assert_str_eq(git(dir, "cat-file -t approved/POL-001/v1.0"), "tag");
	cr_assert_str_eq(git(dir, "rev-parse 'approved/POL-001/v1.0^{commit}'"), git(dir, "rev-parse HEAD"));
	out = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(out, "status: approved\n"), "%s", out);
	cr_assert(th_has(out, "version: '1.0'\n"), "%s", out);
	cr_assert(th_has(out, "approved_by: Rita Reviewer <rita@example.org>\n"), "%s", out);
	cr_assert(th_has(out, "approved_on: 2026-01-01\n"), "%s", out);
	cr_assert(th_has(out, "next_review: 2027-01-01\n"), "review_months of policy: %s", out);
	free(out);
	approval_stands(dir);

	/* A later change by the author, approved again: the next major version. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 status=in-review version=1.1 owner=Ben"), 0);
	as_reviewer(1);
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001"), 0, "%s", err);
	as_reviewer(0);
	cr_assert(th_has(out, "approved/POL-001/v2.0"), "%s", out);
	free(out);
	free(err);
	cr_assert(th_has(th_run(dir, "git tag -l 'approved/*'"), "approved/POL-001/v2.0"));

	/* A version set back by hand never reuses an approval's number. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 status=draft version=0.9"), 0);
	at_day(1);
	as_reviewer(1);
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001"), 0, "%s", err);
	as_reviewer(0);
	cr_assert(th_has(out, "approved/POL-001/v3.0"), "%s", out);
	free(out);
	free(err);

	/* The reviewer who then changes it cannot approve her own change. */
	at_day(2);
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 status=in-review owner=Rita"), 0);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	as_reviewer(0);
	cr_assert(th_has(err, "Rita Reviewer <rita@example.org> is an author of the changes"), "%s", err);
	free(err);
	at_day(3);
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001"), 0, "the author of v3.0 is not the author "
		     "of this change: %s", err);
	cr_assert(th_has(out, "approved/POL-001/v4.0"), "%s", out);
	free(out);
	free(err);
	at_day(0);
	free(dir);
}

Test(cli, approve_refuses_what_cannot_be_approved)
{
	char *dir = isms_with_policy(), *err;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Flood --set owner=Ana"), 0);
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve RSK-001"), 2);
	cr_assert(th_has(err, "RSK-001 is a risk record: 'approve' is made on management-review, "
			 "board-report and control, and controlled documents"), "%s", err);
	free(err);
	th_write(dir, "policies/POL-001.yaml", "id: POL-001\nkind: policy\ntitle: X\nstatus: bogus\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	cr_assert(th_has(err, "cannot be approved"), "%s", err);
	free(err);
	free(th_run(dir, "git checkout -q policies"));
	th_write(dir, "policies/POL-001.yaml",
		 "id: POL-001\nkind: policy\ntitle: X\nstatus: draft\nversion: '0.4'\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	cr_assert(th_has(err, "not committed"), "uncommitted changes have no known author: %s", err);
	free(err);
	as_reviewer(0);
	cr_assert_eq(th_sh(NULL, dir, "git tag -l 'approved/*' | grep -q ."), 1, "no tag was made");
	free(dir);
}

/* Who wrote the changes since an approval is read from the history's
 * graph, not from dates: an edit dated before the approval still makes
 * its author an author of what is approved next. */
Test(cli, an_edit_dated_before_the_approval_still_counts_its_author)
{
	char *dir = isms_with_policy(), *err = NULL, *head;

	at_day(1);
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 0, "%s", err);
	free(err);
	/* The reviewer edits it, dated a year before everything else. */
	setenv("GIT_AUTHOR_DATE", "@1735689600 +0000", 1);
	setenv("GIT_COMMITTER_DATE", "@1735689600 +0000", 1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 owner=Rita"), 0);
	at_day(3);
	head = git(dir, "rev-parse HEAD");
	err = NULL;
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	cr_assert(th_has(err, "Rita Reviewer <rita@example.org> is an author of the changes to POL-001 "
			      "being approved (the commits since its last approval)"), "%s", err);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing committed");
	as_reviewer(0);
	free(head);
	free(dir);
}

Test(cli, self_approval_is_refused_unless_isms_yaml_allows_it)
{
	char *dir = isms_with_policy(), *out, *err, *head;

	head = git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	cr_assert(th_has(err, "Test Author <author@example.org> is an author of the changes to POL-001"),
		  "%s", err);
	cr_assert(th_has(err, "self_approval"), "%s", err);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing committed");
	cr_assert(th_has(th_read(dir, "policies/POL-001.yaml"), "status: in-review\n"));

	free(th_run(dir, "printf 'self_approval: [policy]\\n' >> isms.yaml && "
		    "git commit -qam 'A small organisation: policies may be self-approved'"));
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001"), 0, "%s", err);
	cr_assert(th_has(out, "self-approved"), "%s", out);
	free(out);
	free(err);
	cr_assert_str_eq(git(dir, "log -1 '--format=%(trailers:key=Self-approved,valueonly)'"), "yes");
	cr_assert_str_eq(git(dir, "log -1 '--format=%(trailers:key=Approved-by,valueonly)'"),
			 "Test Author <author@example.org>");
	cr_assert_str_eq(git(dir, "cat-file -t approved/POL-001/v1.0"), "tag");

	free(th_run(dir, "sed -i 's/^self_approval: .*/self_approval: [risk, nonsense]/' isms.yaml"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "self_approval: 'risk' is not a kind of controlled document"), "%s", out);
	cr_assert(th_has(out, "self_approval: 'nonsense' is not a kind of controlled document"), "%s", out);
	free(out);
	free(dir);
}

Test(cli, check_catches_an_approved_file_changed_by_hand)
{
	char *dir = isms_with_policy(), *out, *text;

	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "approve POL-001"), 0);
	as_reviewer(0);
	text = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(text, "title: Information security policy\n"));
	free(th_run(dir, "sed -i 's/^title: .*/title: Anything goes/' policies/POL-001.yaml"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "policies/POL-001.yaml:3:1: error: changed since its approval on "
			      "2026-01-01"), "%s", out);
	cr_assert(th_has(out, "approve it again or set status to in-review"), "%s", out);
	free(out);
	/* Committed behind the workbench's back: still caught. */
	free(th_run(dir, "git commit -qam 'quietly'"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "policies/POL-001.yaml:3:1: error: changed since its approval"), "%s", out);
	free(out);
	/* A version changed by hand does not hide it. */
	free(th_run(dir, "sed -i \"s/^version: .*/version: '0.1'/\" policies/POL-001.yaml"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "policies/POL-001.yaml:3:1: error: changed since its approval"), "%s", out);
	free(out);
	free(th_run(dir, "git checkout -q policies"));
	/* Back in review, it is a draft of the next version, not a broken approval. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 status=in-review"), 0);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	free(text);
	free(dir);
}

/* An approval whose commit was made but whose tag was not (tag signing
 * failed): check reports it; only its approver finishes it, by making the
 * tag on that commit, and nothing new is committed. */
Test(cli, an_approval_whose_tag_failed_is_finished_by_its_approver)
{
	char *dir = isms_with_policy(), *out, *err, *head, *shorthead, *approved, *file, *before;

	/* A tag whose signing fails takes the approval back: nothing changes. */
	free(th_run(dir, "git config gpg.format ssh && git config user.signingkey \"$PWD/no-key\" && "
		    "git config gpg.ssh.program false && git config tag.gpgsign true"));
	head = git(dir, "rev-parse HEAD");
	before = th_read(dir, "policies/POL-001.yaml");
	as_reviewer(1);
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001"), 2);
	as_reviewer(0);
	cr_assert(th_has(err, "POL-001 was not approved, and nothing changed: tag "
			      "approved/POL-001/v1.0 was not made: signing with false failed"), "%s", err);
	cr_assert(th_has(err, "once that is mended, approve it again"), "%s", err);
	cr_assert_str_eq(out, "");
	free(out);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "the approval commit is taken back");
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(file, before, "the file is as it was");
	free(file);
	free(before);
	out = th_run(dir, "git status --porcelain");
	cr_assert_str_eq(out, "");
	free(out);
	cr_assert_eq(th_sh(NULL, dir, "git tag -l 'approved/*' | grep -q ."), 1, "no tag was made");
	cr_assert_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out);
	free(err);
	free(head);

	/* An approval whose tag is lost is unfinished. */
	free(th_run(dir, "git config tag.gpgsign false"));
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 0, "%s", err);
	as_reviewer(0);
	free(err);
	free(th_run(dir, "git tag -d approved/POL-001/v1.0 && git config tag.gpgsign true"));
	head = git(dir, "rev-parse HEAD");
	shorthead = git(dir, "rev-parse --short=7 HEAD");
	cr_assert_str_eq(git(dir, "log -1 --format=%s"), "POL-001: approve v1.0");

	/* Reported by check and counted by status. */
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "policies/POL-001.yaml:4:9: error: the approval of v1.0 by Rita "
			      "Reviewer <rita@example.org> in commit "), "%s", out);
	cr_assert(th_has(out, shorthead), "%s", out);
	cr_assert(th_has(out, "it has no tag approved/POL-001/v1.0; run 'isms approve POL-001' to "
			      "finish the approval (as its approver), or approve anew"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "status"), 1);
	cr_assert(th_has(out, "check: 1 finding"), "%s", out);
	free(out);

	/* While signing still fails, it stays unfinished. */
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	as_reviewer(0);
	cr_assert(th_has(err, "is still unfinished: the tag approved/POL-001/v1.0 could not be made"),
		  "%s", err);
	free(err);
	free(th_run(dir, "git config tag.gpgsign false"));

	/* A tag of that name on another commit is never moved. */
	free(th_run(dir, "git tag approved/POL-001/v1.0 HEAD~1"));
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "names commit"), "%s", out);
	free(out);
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	as_reviewer(0);
	cr_assert(th_has(err, "a tag is never moved"), "%s", err);
	free(err);
	free(th_run(dir, "git tag -d approved/POL-001/v1.0"));

	/* Anyone else is refused, and told who can. */
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	cr_assert(th_has(err, "only Rita Reviewer <rita@example.org> can finish it; or change the "
			      "document and approve it anew"), "%s", err);
	free(err);
	cr_assert_eq(th_sh(NULL, dir, "git tag -l 'approved/*' | grep -q ."), 1, "no tag was made");

	/* The approver finishes it: the tag on the approval commit, no commit. */
	as_reviewer(1);
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001"), 0, "%s", err);
	as_reviewer(0);
	cr_assert(th_has(out, "finished the approval of POL-001 v1.0: tag approved/POL-001/v1.0 on "),
		  "%s", out);
	cr_assert(th_has(out, shorthead), "%s", out);
	free(out);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing new committed");
	cr_assert_str_eq(git(dir, "cat-file -t approved/POL-001/v1.0"), "tag");
	cr_assert_str_eq(git(dir, "rev-parse 'approved/POL-001/v1.0^{commit}'"), head);
	out = th_run(dir, "git cat-file tag approved/POL-001/v1.0");
	cr_assert(th_has(out, "POL-001 v1.0 approved by Rita Reviewer <rita@example.org>"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&approved, NULL, dir, "show POL-001 --approved"), 0);
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(approved, file);
	free(approved);
	free(file);
	approval_stands(dir);
	free(head);
	free(shorthead);
	free(dir);
}

/* Another process commits while the approval is being signed (the signing
 * program lands a commit with git's plumbing, which needs no index lock):
 * the branch moved, so the approval is a conflict; the other commit is
 * kept, and nothing of the approval is left: no commit, no tag, the file
 * as it was. */
Test(cli, an_approval_overtaken_by_another_commit_is_a_conflict_and_nothing_is_lost)
{
	char *dir = isms_with_policy(), *out, *err, *before, *after, *other;

	th_write(dir, "sign-late", "#!/bin/sh\nfor last; do :; done\n"
		 "r=\"$ISMS_TEST_REPO\"\nold=$(git -C \"$r\" rev-parse HEAD) || exit 3\n"
		 "new=$(git -C \"$r\" commit-tree \"$old^{tree}\" -p \"$old\" -m 'someone else') || exit 3\n"
		 "git -C \"$r\" update-ref HEAD \"$new\" \"$old\" || exit 4\n"
		 "printf -- '-----BEGIN SSH SIGNATURE-----\\nZmFrZQ==\\n-----END SSH SIGNATURE-----\\n' "
		 "> \"$last.sig\"\n");
	free(th_run(dir, "chmod +x sign-late && echo sign-late >> .git/info/exclude && "
		    "git config gpg.format ssh && git config user.signingkey \"$PWD/no-key\" && "
		    "git config gpg.ssh.program \"$PWD/sign-late\" && git config tag.gpgsign true"));
	before = th_read(dir, "policies/POL-001.yaml");
	setenv("ISMS_TEST_REPO", dir, 1);
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	as_reviewer(0);
	unsetenv("ISMS_TEST_REPO");
	cr_assert(th_has(err, "another process committed"), "%s", err);
	cr_assert(th_has(err, "policies/POL-001.yaml is unchanged"), "%s", err);
	free(err);
	other = git(dir, "log -1 --format=%s");
	cr_assert_str_eq(other, "someone else", "the other commit is kept");
	free(other);
	cr_assert_eq(th_sh(NULL, dir, "git log --format=%%s | grep -q 'approve v1.0'"), 1,
		     "no approval commit");
	cr_assert_eq(th_sh(NULL, dir, "git tag -l 'approved/*' | grep -q ."), 1, "no tag was made");
	after = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(after, before, "the file is as it was");
	free(after);
	free(before);
	out = th_run(dir, "git status --porcelain");
	cr_assert_str_eq(out, "");
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	free(dir);
}

Test(cli, show_approved_prints_the_approved_text_after_later_edits)
{
	char *dir = isms_with_policy(), *out, *approved;

	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "approve POL-001"), 0);
	as_reviewer(0);
	approved = th_read(dir, "policies/POL-001.yaml");
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 status=draft version=1.1 'title=Next draft'"), 0);
	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001 --approved"), 0);
	cr_assert_str_eq(out, approved);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001"), 0);
	cr_assert(th_has(out, "title: Next draft\n"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Unapproved"), 0);
	cr_assert_eq(th_isms(NULL, &out, dir, "show POL-002 --approved"), 2);
	cr_assert(th_has(out, "never been approved"), "%s", out);
	free(out);
	free(approved);
	free(dir);
}

Test(cli, changing_an_approved_document_starts_its_next_draft)
{
	char *dir = isms_with_policy(), *out, *err, *approved;

	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "approve POL-001"), 0);
	as_reviewer(0);
	approved = th_read(dir, "policies/POL-001.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "set POL-001 owner=Ben"), 0, "%s", err);
	free(out);
	free(err);
	out = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(out, "status: draft\n"), "%s", out);
	cr_assert(th_has(out, "version: '1.1'\n"), "%s", out);
	cr_assert(th_has(out, "owner: Ben\n"), "%s", out);
	cr_assert(!th_has(out, "approved_by"), "%s", out);
	cr_assert(!th_has(out, "approved_on"), "%s", out);
	free(out);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Status: draft\n"), "%s", out);
	cr_assert(th_has(out, "Version: 1.1\n"), "%s", out);
	free(out);
	/* The approved version stays at its tag. */
	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001 --approved"), 0);
	cr_assert_str_eq(out, approved);
	free(out);
	/* A draft changed again stays the same draft. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 owner=Cy"), 0);
	cr_assert(th_has(th_read(dir, "policies/POL-001.yaml"), "version: '1.1'\n"));

	/* A status the caller sets is kept. */
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 0, "%s", err);
	free(err);
	as_reviewer(0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 status=in-review owner=Di"), 0);
	out = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(out, "status: in-review\n"), "%s", out);
	cr_assert(th_has(out, "version: '2.0'\n"), "the caller set the status: %s", out);
	free(out);

	/* Through the editor, with comments kept. */
	as_reviewer(1);
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 0, "%s", err);
	free(err);
	as_reviewer(0);
	setenv("EDITOR", "sed -i -e 's/owner: Di/owner: Ed/' -e '$a # changed by Ed'", 1);
	cr_assert_eq(th_isms(&out, &err, dir, "edit POL-001"), 0, "%s", err);
	free(out);
	free(err);
	out = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(out, "status: draft\n"), "%s", out);
	cr_assert(th_has(out, "version: '3.1'\n"), "%s", out);
	cr_assert(th_has(out, "owner: Ed\n"), "%s", out);
	cr_assert(th_has(out, "# changed by Ed\n"), "%s", out);
	cr_assert(!th_has(out, "approved_by"), "%s", out);
	cr_assert(!th_has(out, "approved_on"), "%s", out);
	free(out);
	/* Records that are not controlled documents are left alone. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=R --set status=assessed"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set RSK-001 title=S"), 0);
	cr_assert(th_has(th_read(dir, "risks/RSK-001.yaml"), "status: assessed\n"));
	free(approved);
	free(dir);
}

Test(cli, diff_since_an_approval_a_revision_or_a_date)
{
	char *dir = isms_with_policy(), *out, *err, *first;

	first = git(dir, "rev-parse --short=7 HEAD");
	as_reviewer(1);
	at_day(2);
	cr_assert_eq(th_isms(NULL, NULL, dir, "approve POL-001"), 0);
	as_reviewer(0);
	at_day(10);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 'title=Security policy'"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Phishing"), 0);

	/* One record since its approval: the summary, then the diff. */
	cr_assert_eq(th_isms(&out, &err, dir, "diff POL-001 --since approved"), 0, "%s", err);
	cr_assert(th_has(out, "(approved/POL-001/v1.0): 1 commit\n"), "%s", out);
	cr_assert(th_has(out, "  changed   POL-001      Security policy\n"), "%s", out);
	cr_assert(th_has(out, "-title: Information security policy\n"), "%s", out);
	cr_assert(th_has(out, "+title: Security policy\n"), "%s", out);
	cr_assert(!th_has(out, "RSK-001"), "%s", out);
	free(out);
	free(err);

	/* The whole ISMS since a revision: added, changed, approvals given. */
	cr_assert_eq(th_isms(&out, &err, dir, "diff --since %s", first), 0, "%s", err);
	cr_assert(th_has(out, "3 commits\n"), "%s", out);
	cr_assert(th_has(out, "  added     RSK-001      Phishing\n"), "%s", out);
	cr_assert(th_has(out, "  changed   POL-001      Security policy\n"), "%s", out);
	cr_assert(th_has(out, "  approved  POL-001      v1.0 by Rita Reviewer <rita@example.org> on 2026-01-03\n"),
		  "%s", out);
	cr_assert(th_has(out, "+++ b/risks/RSK-001.yaml\n"), "%s", out);
	free(out);
	free(err);

	/* A date: since the last commit before that day. */
	cr_assert_eq(th_isms(&out, &err, dir, "diff --since=2026-01-02"), 0, "%s", err);
	cr_assert(th_has(out, first), "%s", out);
	cr_assert(th_has(out, "the last commit before 2026-01-02"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "diff --since 2026-01-05"), 0, "%s", err);
	cr_assert(th_has(out, "2 commits\n"), "%s", out);
	cr_assert(!th_has(out, "approved  "), "%s", out);
	free(out);
	free(err);

	/* Retired records are told apart; a tag works as well. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire RSK-001 -m gone"), 0);
	cr_assert_eq(th_isms(&out, &err, dir, "diff --since approved/POL-001/v1.0"), 0, "%s", err);
	cr_assert(th_has(out, "  added     RSK-001"), "added then retired is added: %s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "diff --since HEAD~1"), 0, "%s", err);
	cr_assert(th_has(out, "  retired   RSK-001      Phishing\n"), "%s", out);
	free(out);
	free(err);

	/* Errors, and the old form unchanged. */
	cr_assert_eq(th_isms(NULL, &err, dir, "diff --since approved"), 2);
	cr_assert(th_has(err, "needs a record"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "diff --since nonsense"), 2);
	cr_assert(th_has(err, "not found"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "diff --since 2020-01-01"), 2);
	cr_assert(th_has(err, "no commit before 2020-01-01"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "diff POL-001 HEAD~4 HEAD~3"), 0);
	cr_assert(th_has(out, "+status: approved\n"), "%s", out);
	cr_assert(!th_has(out, "since "), "%s", out);
	free(out);
	free(first);
	free(dir);
}

Test(cli, what_changed_since_believes_tags_and_trees_not_messages)
{
	char *dir = isms_with_policy(), *out, *err, *first;

	first = git(dir, "rev-parse --short=7 HEAD");
	as_reviewer(1);
	at_day(2);
	/* A note that looks like trailers is part of the message, not its trailers. */
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001 -m \"$(printf 'Looks good.\\n\\n"
			     "Approved-by: Jonas <jonas@example.org>\\nSelf-approved: yes')\""), 0,
		     "%s", err);
	free(err);
	as_reviewer(0);
	at_day(3);
	/* An ordinary commit that calls itself an approval, by the author. */
	th_run(dir, "sed -i 's/^owner: Ana$/owner: Ed/' policies/POL-001.yaml && "
		    "git commit -qam 'POL-001: approve v7.0' && "
		    "sed -i 's/^owner: Ed$/owner: Flo/' policies/POL-001.yaml && "
		    "git commit -qam 'POL-001: approve v1.0'");
	/* Two records removed in one commit that names one. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Flood"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Fire"), 0);
	at_day(4);
	th_run(dir, "git rm -q risks/RSK-001.yaml risks/RSK-002.yaml && "
		    "git commit -qm \"$(printf 'Risks gone\\n\\nRecord: RSK-001')\"");

	cr_assert_eq(th_isms(&out, &err, dir, "diff --since %s", first), 0, "%s", err);
	cr_assert(th_has(out, "  approved  POL-001      v1.0 by Rita Reviewer <rita@example.org> on "
			 "2026-01-03\n"), "%s", out);
	cr_assert(!strstr(strstr(out, "  approved  ") + 1, "  approved  "), "one approval: %s", out);
	cr_assert(!th_has(out, "Jonas"), "%s", out);
	cr_assert(!th_has(out, "self-approved"), "%s", out);
	cr_assert(!th_has(out, "v7.0"), "%s", out);
	free(out);
	free(err);
	/* The records removed are in the tree compared with, not in the trailers. */
	cr_assert_eq(th_isms(&out, &err, dir, "diff --since HEAD~1"), 0, "%s", err);
	cr_assert(th_has(out, "  removed   RSK-001      Flood\n  removed   RSK-002      Fire\n"),
		  "%s", out);
	free(out);
	free(err);
	/* The log marks only the approval whose tag is on it, and a review is
	 * one by its trailers, not by its summary. */
	th_run(dir, "git commit -q --allow-empty -m 'POL-001: review (approve)'");
	cr_assert_eq(th_isms(&out, NULL, dir, "log POL-001"), 0);
	cr_assert(!th_has(out, "POL-001: review"), "%s", out);
	cr_assert(th_has(out, "POL-001: approve v1.0 [approved v1.0]"), "%s", out);
	cr_assert(th_has(out, "POL-001: approve v1.0\n"), "%s", out);
	cr_assert(!th_has(out, "[approved v7.0]"), "%s", out);
	free(out);
	/* And the author of those commits is still an author of what would be approved. */
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	cr_assert(th_has(err, "is an author of the changes to POL-001"), "%s", err);
	free(err);
	free(first);
	free(dir);
}

Test(cli, status_lists_reviews_overdue_and_due_within_30_days)
{
	char *dir = fresh_isms(), *out;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Late --set next_review=2025-12-01"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Soon --set next_review=2026-01-20"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Later --set next_review=2026-06-01"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Gone --set next_review=2025-01-01"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire POL-004 -m old"), 0);
	th_isms(&out, NULL, dir, "status");
	cr_assert(th_has(out, "\noverdue for review:\n  POL-001      2025-12-01  Late\n"), "%s", out);
	cr_assert(th_has(out, "\ndue for review within 30 days:\n  POL-002      2026-01-20  Soon\n"), "%s", out);
	cr_assert(!th_has(out, "  POL-003 "), "%s", out);
	cr_assert(!th_has(out, "  POL-004 "), "%s", out);
	cr_assert(strstr(out, "10.2") < strstr(out, "overdue for review:"), "after the clauses: %s", out);
	free(out);
	th_isms(&out, NULL, dir, "status --json");
	cr_assert(th_has(out, "\"reviews\":{\"overdue\":[{\"id\":\"POL-001\",\"title\":\"Late\","
			 "\"next_review\":\"2025-12-01\"}],\"due\":[{\"id\":\"POL-002\",\"title\":\"Soon\","
			 "\"next_review\":\"2026-01-20\"}]}"), "%s", out);
	free(out);
	/* ISMS_TODAY moves what is due. */
	setenv("ISMS_TODAY", "2026-05-10", 1);
	th_isms(&out, NULL, dir, "status");
	cr_assert(th_has(out, "overdue for review:\n  POL-001      2025-12-01  Late\n  POL-002      2026-01-20  Soon\n"),
		  "%s", out);
	cr_assert(th_has(out, "due for review within 30 days:\n  POL-003      2026-06-01  Later\n"), "%s", out);
	free(out);
	free(dir);
}

Test(cli, review_is_a_commit_of_its_own_in_the_record_history)
{
	char *dir = isms_with_policy(), *out, *err, *head, *before;

	before = git(dir, "rev-parse HEAD:policies/POL-001.yaml");
	cr_assert_eq(th_isms(NULL, &err, dir, "review POL-001 -m 'Looks fine'"), 2);
	cr_assert(th_has(err, "--decision"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "review POL-001 --decision maybe -m x"), 2);
	free(err);
	as_reviewer(1);
	at_day(1);
	cr_assert_eq(th_isms(&out, &err, dir, "review POL-001 --decision changes-requested "
			     "-m 'Section 2 needs an owner'"), 0, "%s", err);
	head = git(dir, "rev-parse --short=7 HEAD");
	cr_assert(th_has(out, head), "%s", out);
	free(out);
	free(err);
	cr_assert_str_eq(git(dir, "log -1 --format=%s"), "POL-001: review v0.3 (changes-requested)");
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Section 2 needs an owner"), "%s", out);
	cr_assert(th_has(out, "Record: POL-001\n"), "%s", out);
	cr_assert(th_has(out, "Clause: 5.2\n"), "%s", out);
	cr_assert(th_has(out, "Review: changes-requested\n"), "%s", out);
	cr_assert(th_has(out, "Reviewed-by: Rita Reviewer <rita@example.org>\n"), "%s", out);
	cr_assert(th_has(out, before), "Reviewed-blob: %s", out);
	free(out);
	cr_assert_str_eq(git(dir, "rev-parse HEAD:policies/POL-001.yaml"), before, "no file changes");
	cr_assert_eq(th_isms(&out, NULL, dir, "log POL-001"), 0);
	cr_assert(th_has(out, "POL-001: review v0.3 (changes-requested)"), "%s", out);
	cr_assert(th_has(out, "POL-001: create"), "%s", out);
	free(out);

	/* The reviewer is not an author: she may still approve after reviewing. */
	at_day(2);
	cr_assert_eq(th_isms(&out, &err, dir, "review POL-001 --decision approve -m 'Fixed, fine'"), 0,
		     "%s", err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "approve POL-001"), 0, "%s", err);
	as_reviewer(0);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out);
	free(err);

	/* Uncommitted changes and kinds that are not controlled are refused. */
	th_write(dir, "policies/POL-001.yaml", "id: POL-001\nkind: policy\ntitle: X\nstatus: draft\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "review POL-001 --decision approve -m ok"), 2);
	cr_assert(th_has(err, "not committed"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=R"), 0);
	cr_assert_eq(th_isms(NULL, &err, dir, "review RSK-001 --decision approve -m ok"), 2);
	cr_assert(th_has(err, "not a controlled document"), "%s", err);
	free(err);
	free(dir);
}

Test(cli, retired_records_are_disposed_of_only_after_their_retention)
{
	char *dir = fresh_isms(), *out, *err, *head;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Old"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Kept --set 'retention=30 years'"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Gone"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire POL-001 -m 'Replaced'"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire POL-002 -m 'Replaced'"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire RSK-001 -m 'Closed'"), 0);

	/* No retention period: refused. */
	cr_assert_eq(th_isms(NULL, &err, dir, "dispose POL-001 -m 'Old'"), 2);
	cr_assert(th_has(err, "no retention period"), "%s", err);
	free(err);
	th_run(dir, "printf 'retention_years:\\n  policy: 6\\n  risk: 3\\n' >> isms.yaml && "
		    "git commit -qam retention");
	cr_assert_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out);
	free(err);
	/* Retired today (2026-01-01): kept until 2032-01-01. */
	head = git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "dispose POL-001 -m 'Old'"), 2);
	cr_assert(th_has(err, "must be kept until 2032-01-01"), "%s", err);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head);
	cr_assert_not_null(th_read(dir, "policies/POL-001.yaml"));

	/* Retired long ago: due, and listed by status. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 retired_on=2019-06-30"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-002 retired_on=2019-06-30"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set RSK-001 retired_on=2023-06-01"), 0);
	th_isms(&out, NULL, dir, "status");
	cr_assert(th_has(out, "retention ended"), "%s", out);
	cr_assert(th_has(out, "POL-001      retired 2019-06-30, kept until 2025-06-30"), "%s", out);
	cr_assert(!th_has(out, "POL-002      retired"), "its own 30 years override the kind's: %s", out);
	cr_assert(!th_has(out, "RSK-001      retired"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "dispose POL-002 -m x"), 2);
	cr_assert(th_has(err, "2049-06-30"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "dispose POL-001"), 2, "a reason is required");
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "dispose POL-001 -m 'Retention of 6 years ended'"), 0,
		     "%s", err);
	free(out);
	free(err);
	cr_assert_null(th_read(dir, "policies/POL-001.yaml"));
	cr_assert_str_eq(git(dir, "log -1 --format=%s"), "POL-001: dispose Old");
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Record: POL-001\n"), "%s", out);
	cr_assert(th_has(out, "Disposed: yes\n"), "%s", out);
	free(out);
	cr_assert_str_eq(git(dir, "status --porcelain"), "");
	cr_assert_eq(th_isms(&out, NULL, dir, "log POL-001"), 0);
	cr_assert(th_has(out, "POL-001: dispose Old"), "%s", out);
	cr_assert(th_has(out, "POL-001: create Old"), "the history stays: %s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001 --rev HEAD~1"), 0);
	cr_assert(th_has(out, "title: Old\n"), "%s", out);
	free(out);
	free(dir);
}

Test(cli, doc_add_registers_a_file_and_check_catches_changes)
{
	char *dir = fresh_isms(), *src = th_tmpdir(), *out, *err, *rec;

	th_write(src, "Supplier contract.pdf", "abc");
	cr_assert_eq(th_isms(&out, &err, dir, "doc add '%s/Supplier contract.pdf' --owner Ana "
			     "--classification confidential", src), 0, "%s", err);
	cr_assert(th_has(out, "DOC-001\n"), "%s", out);
	free(out);
	free(err);
	cr_assert_str_eq(th_read(dir, "documents/files/Supplier contract.pdf"), "abc");
	rec = th_read(dir, "documents/DOC-001.yaml");
	cr_assert(th_has(rec, "title: Supplier contract.pdf\n"), "%s", rec);
	cr_assert(th_has(rec, "owner: Ana\n"), "%s", rec);
	cr_assert(th_has(rec, "classification: confidential\n"), "%s", rec);
	cr_assert(th_has(rec, "file: documents/files/Supplier contract.pdf\n"), "%s", rec);
	cr_assert(th_has(rec, "sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n"),
		  "%s", rec);
	cr_assert_str_eq(git(dir, "show --name-only --format= HEAD | sort | tr '\\n' ,"),
			 "documents/DOC-001.yaml,documents/files/Supplier contract.pdf,");
	cr_assert_str_eq(git(dir, "log -1 '--format=%(trailers:key=Record,valueonly)'"), "DOC-001");
	cr_assert_str_eq(git(dir, "status --porcelain"), "");
	cr_assert_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out);
	free(err);

	th_write(src, "notes.md", "# Notes\n");
	cr_assert_eq(th_isms(&out, &err, dir, "doc add --title 'Meeting notes' %s/notes.md", src), 0,
		     "%s", err);
	free(out);
	free(err);
	cr_assert(th_has(th_read(dir, "documents/DOC-002.yaml"), "title: Meeting notes\n"));

	/* Refused: a link, a name already there, too large, a folder, nothing written. */
	th_run(src, "ln -s notes.md link.md && mkdir sub && truncate -s 52428801 big.bin");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/link.md", src), 2);
	cr_assert(th_has(err, "symbolic link"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/notes.md", src), 2);
	cr_assert(th_has(err, "already exists"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/big.bin", src), 2);
	cr_assert(th_has(err, "50 MiB"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/sub/", src), 2);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/sub", src), 2);
	cr_assert(th_has(err, "not a regular file"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/notes.md --classification secret", src), 2);
	free(err);
	cr_assert_null(th_read(dir, "documents/DOC-003.yaml"));
	cr_assert_str_eq(git(dir, "status --porcelain"), "");

	/* Changed behind the register's back, then missing. */
	th_write(dir, "documents/files/Supplier contract.pdf", "abd");
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "documents/DOC-001.yaml:"), "%s", out);
	cr_assert(th_has(out, "no longer matches its sha256"), "%s", out);
	free(out);
	th_run(dir, "rm 'documents/files/Supplier contract.pdf'");
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "is missing"), "%s", out);
	free(out);
	free(src);
	free(dir);
}

/* Whether `script` can give a command a terminal here. */
static int have_script(void)
{
	return th_sh(NULL, "/", "script -qec true /dev/null >/dev/null 2>&1") == 0;
}

Test(cli, record_and_commit_text_never_reaches_the_terminal_raw)
{
	char *dir = fresh_isms(), *out, *file;

	/* Edited by hand: what a record's file holds is anyone's bytes. */
	th_write(dir, "policies/POL-001.yaml",
		 "id: POL-001\nkind: policy\ntitle: \"Tab\\there\\rCR\"\nstatus: draft\n"
		 "# \033]0;pwned\007\033[2J\tkept\n");
	th_write(dir, "policies/POL-002.yaml",
		 "id: POL-002\nkind: policy\ntitle: \"Tab\\there\\rCR\"\nstatus: draft\n"
		 "next_review: 2025-12-01\n");
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001"), 0);
	cr_assert_str_eq(out, file, "not a terminal: the file's bytes");
	free(out);
	if (have_script()) {
		th_sh(&out, dir, "script -qec \"$ISMS_BIN show POL-001\" /dev/null");
		cr_assert_not(th_has(out, "\033"), "%s", out);
		cr_assert(th_has(out, "# \\x1b]0;pwned\\x07\\x1b[2J\tkept"), "%s", out);
		cr_assert(th_has(out, "title: \"Tab\\there\\rCR\""), "YAML's own escapes stay: %s", out);
		free(out);
	}

	cr_assert_eq(th_isms(&out, NULL, dir, "list"), 0);
	cr_assert(th_has(out, "POL-002      policy    draft       Tab\\x09here\\x0dCR\n"), "%s", out);
	free(out);
	th_isms(&out, NULL, dir, "status");
	cr_assert(th_has(out, "  POL-002      2025-12-01  Tab\\x09here\\x0dCR\n"), "%s", out);
	free(out);

	/* Commits made with git: the subject and the author are anyone's too. */
	free(th_run(dir, "git add policies/POL-001.yaml && git -c user.name=\"$(printf 'Ev\\033]0;t\\007il')\" "
		    "-c user.email=e@example.org commit -q --author=\"$(printf 'Ev\\033]0;t\\007il')"
		    " <e@example.org>\" -m \"$(printf 'POL-001: \\033[2Jwiped\\302\\233')\""));
	cr_assert_eq(th_isms(&out, NULL, dir, "log"), 0);
	cr_assert_not(th_has(out, "\033"), "%s", out);
	cr_assert_not(th_has(out, "\302\233"), "%s", out);
	cr_assert(th_has(out, " Ev\\x1b]0;t\\x07il POL-001: \\x1b[2Jwiped\\u009b\n"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log POL-001"), 0);
	cr_assert(th_has(out, " Ev\\x1b]0;t\\x07il POL-001: \\x1b[2Jwiped\\u009b\n"), "%s", out);
	free(out);
	th_isms(&out, NULL, dir, "status");
	cr_assert(th_has(out, " by Ev\\x1b]0;t\\x07il: POL-001: \\x1b[2Jwiped\\u009b\n"), "%s", out);
	cr_assert_not(th_has(out, "\033"), "%s", out);
	free(out);
	free(file);
	free(dir);
}

/* A carriage return or a title of blanks would make 'isms list' show a
 * line that overwrites or hides its own ID: every way of writing refuses. */
Test(cli, one_line_fields_refuse_carriage_returns_and_blank_values)
{
	char *dir = fresh_isms(), *out, *err, *head;

	head = git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set \"$(printf 'title=x\\rPOL-999')\""), 2);
	cr_assert(th_has(err, "policies/POL-001.yaml:3:8: 'title' must be one line"), "%s", err);
	cr_assert(th_has(err, "carriage return"), "%s", err);
	cr_assert(th_has(err, "nothing was written"), "%s", err);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing committed");

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set title=Access"), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 \"$(printf 'title=\\t')\""), 2);
	cr_assert(th_has(err, "policies/POL-001.yaml:3:8: 'title' is only white space; write some text"),
		  "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 'owner=  '"), 2);
	cr_assert(th_has(err, "'owner' is only white space; write some text, or remove the field"),
		  "%s", err);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "list"), 0);
	cr_assert(th_has(out, "POL-001      policy    draft       Access\n"), "%s", out);
	free(out);

	/* By hand, then committed or checked. */
	free(head);
	head = git(dir, "rev-parse HEAD");
	th_write(dir, "policies/POL-001.yaml",
		 "id: POL-001\nkind: policy\ntitle: \"Access\\rPOL-999\"\nstatus: draft\n");
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-001.yaml -m edit"), 2);
	cr_assert(th_has(out, "policies/POL-001.yaml:3:8: error: 'title' must be one line"),
		  "%s%s", out, err);
	free(out);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing committed");
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "policies/POL-001.yaml:3:8: error: 'title' must be one line"), "%s", out);
	free(out);
	free(head);
	free(dir);
}

/* A shallow clone (CI checks out with --depth): history goes back as far as
 * the clone does, and says where it stops, as git log does. */
Test(cli, log_of_a_shallow_clone_stops_where_the_clone_does)
{
	char *dir = fresh_isms(), *clone = th_tmpdir(), *out, *err, *graft, *msg;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=A"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 title=B"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 title=C"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Z"), 0);
	cr_assert_eq(th_isms(NULL, &err, dir, "log POL-001"), 0);
	cr_assert_str_eq(err, "", "a whole history says nothing: %s", err);
	free(err);
	free(th_run(clone, "git clone -q --depth 2 'file://%s' . 2>&1", dir));
	graft = git(clone, "rev-parse --short=7 HEAD~1");
	msg = isms_asprintf("isms: history is shallow before %s; run git fetch --unshallow for all of it\n",
			    graft);

	cr_assert_eq(th_isms(&out, &err, clone, "log POL-001"), 0, "%s", err);
	cr_assert(th_has(out, "POL-001: update C\n"), "%s", out);
	cr_assert_not(th_has(out, "update B"), "not in the clone: %s", out);
	cr_assert_str_eq(err, msg);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, clone, "log"), 0, "%s", err);
	cr_assert(th_has(out, "POL-002: create Z\n"), "%s", out);
	cr_assert(th_has(out, "POL-001: update C\n"), "%s", out);
	cr_assert_str_eq(err, msg);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, clone, "diff --since HEAD~1"), 0, "%s", err);
	cr_assert(th_has(out, "1 commit\n"), "%s", out);
	free(out);
	free(err);
	th_isms(&out, &err, clone, "status");
	cr_assert(th_has(out, "POL-002: create Z"), "%s%s", out, err);
	cr_assert_not(th_has(err, "not found"), "%s", err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, clone, "log POL-777"), 2);
	cr_assert(th_has(err, "no record POL-777 in this ISMS or its history"), "%s", err);
	cr_assert(th_has(err, "git fetch --unshallow"), "%s", err);
	free(err);
	free(msg);
	free(graft);
	free(clone);
	free(dir);
}

/* An ID never used is a mistake to name, not an empty history; a record
 * disposed of keeps its history (retired_records_are_disposed_of_...). */
Test(cli, log_of_a_record_that_never_existed_is_an_error)
{
	char *dir = fresh_isms(), *out, *err;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=A"), 0);
	cr_assert_eq(th_isms(&out, &err, dir, "log POL-002"), 2);
	cr_assert_str_eq(out, "");
	cr_assert_str_eq(err, "isms: no record POL-002 in this ISMS or its history\n");
	free(out);
	free(err);
	/* Written but not committed yet: in this ISMS, with no history. */
	th_write(dir, "policies/POL-003.yaml", "id: POL-003\nkind: policy\ntitle: New\nstatus: draft\n");
	cr_assert_eq(th_isms(&out, &err, dir, "log POL-003"), 0, "%s", err);
	cr_assert_str_eq(out, "");
	free(out);
	free(err);
	free(dir);
}

/* The command names 'isms --help' lists, one a line; the caller frees. */
static char *command_names(const char *dir)
{
	char *names = NULL;

	cr_assert_eq(th_sh(&names, dir, "\"$ISMS_BIN\" --help | "
			   "awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }'"), 0);
	cr_assert(th_has(names, "help\n") && th_has(names, "set\n"), "%s", names);
	return names;
}

Test(cli, help_on_every_name_and_option_exits_cleanly)
{
	static const char *const unknown[] = {
		"lst", "frobnicate", "--help", "-h", "--bogus", "-x", "''", "help extra", "set extra",
	};
	char *dir = th_tmpdir(), *names = command_names(dir), *out, *err;
	int rc;

	for (char *name = strtok(names, "\n"); name; name = strtok(NULL, "\n")) {
		rc = th_isms(&out, &err, dir, "help %s", name);
		cr_assert_eq(rc, 0, "isms help %s: exit %d: %s", name, rc, err);
		cr_assert(th_has(out, "usage: isms "), "isms help %s: %s", name, out);
		free(out);
		free(err);
	}
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		rc = th_isms(&out, &err, dir, "help %s", unknown[i]);
		cr_assert_lt(rc, 128, "isms help %s crashed (exit %d)", unknown[i], rc);
		if (strcmp(unknown[i], "--help") == 0 || strcmp(unknown[i], "-h") == 0) {
			cr_assert_eq(rc, 0, "isms help %s is help on help", unknown[i]);
			cr_assert(th_has(out, "usage: isms help"), "%s", out);
		} else {
			cr_assert_eq(rc, 2, "isms help %s: exit %d", unknown[i], rc);
			cr_assert(th_has(err, "isms: "), "isms help %s says why: %s", unknown[i], err);
		}
		free(out);
		free(err);
	}
	free(names);
	free(dir);
}

Test(cli, a_mistyped_command_kind_or_field_gets_the_nearest_name)
{
	char *dir = fresh_isms(), *out, *err, *head;

	cr_assert_eq(th_isms(NULL, &err, dir, "stauts"), 2);
	cr_assert(th_has(err, "no command 'stauts'; did you mean 'status'?"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "help lsit"), 2);
	cr_assert(th_has(err, "did you mean 'list'?"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "frobnicate"), 2);
	cr_assert(!th_has(err, "did you mean"), "nothing is close: %s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new polcy"), 2);
	cr_assert(th_has(err, "no kind 'polcy'; did you mean 'policy'?"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "list rsik"), 2);
	cr_assert(th_has(err, "did you mean 'risk'?"), "%s", err);
	free(err);

	head = git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set titel=x"), 2);
	cr_assert(th_has(err, "'titel' is not a field of a policy record; did you mean 'title'?"),
		  "%s", err);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing was created");
	cr_assert_eq(th_isms(&out, &err, dir, "new policy --set title=A"), 0, "%s", err);
	free(out);
	free(err);
	head = git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 titel=x"), 2);
	cr_assert(th_has(err, "did you mean 'title'?"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 zzzzzz=x"), 2);
	cr_assert(th_has(err, "'isms help kind policy' lists them"), "%s", err);
	free(err);
	cr_assert_str_eq(git(dir, "rev-parse HEAD"), head, "nothing was changed");
	cr_assert(!th_has(th_read(dir, "policies/POL-001.yaml"), "titel"));

	/* A key added by hand stays, and can still be removed. */
	th_sh(NULL, dir, "printf 'site: Rotterdam\\n' >> policies/POL-001.yaml && "
		  "git commit -qam 'hand edit'");
	cr_assert_eq(th_isms(&out, &err, dir, "set POL-001 title=B"), 0, "%s", err);
	cr_assert(th_has(th_read(dir, "policies/POL-001.yaml"), "site: Rotterdam\n"));
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "set POL-001 site="), 0, "%s", err);
	cr_assert(!th_has(th_read(dir, "policies/POL-001.yaml"), "site:"));
	free(out);
	free(err);
	free(dir);
}

Test(cli, help_kind_lists_every_kind_and_field_from_the_kind_table)
{
	char *dir = th_tmpdir(), *out, *err, *json, *roff, *man, *begin, *end, *want;

	cr_assert_eq(th_isms(&out, NULL, dir, "help kind"), 0);
	cr_assert_eq(th_isms(&json, NULL, dir, "help kind --json"), 0);
	cr_assert(isms_str_starts_with(json, "{\"kinds\":[{"), "%.80s", json);
	for (size_t i = 0; i < isms_kind_count(); i++) {
		const struct isms_kind *k = isms_kind_at(i);
		char *one, *one_json, *needle;

		cr_assert(th_has(out, k->name) && th_has(out, k->title), "%s missing: %s", k->name, out);
		cr_assert_eq(th_isms(&one, &err, dir, "help kind %s", k->name), 0, "%s", err);
		free(err);
		cr_assert_eq(th_isms(&one_json, NULL, dir, "help kind %s --json", k->name), 0);
		needle = isms_asprintf("{\"kinds\":[{\"name\":\"%s\",", k->name);
		cr_assert(isms_str_starts_with(one_json, needle), "%.80s", one_json);
		cr_assert(th_has(json, needle + 11), "every kind in the whole list");
		free(needle);
		for (size_t j = 0; j < k->field_count; j++) {
			const struct isms_field *f = &k->fields[j];

			needle = isms_asprintf("  %s (", f->name);
			cr_assert(th_has(one, needle), "%s.%s missing:\n%s", k->name, f->name, one);
			free(needle);
			needle = isms_asprintf("%s): %s\n", f->required ? ", required" : "", f->help);
			cr_assert(th_has(one, needle), "%s.%s: %s", k->name, f->name, needle);
			free(needle);
			for (const char *const *v = f->type == ISMS_FIELD_ENUM ? f->values : NULL; v && *v; v++)
				cr_assert(th_has(one, *v), "%s.%s: value %s", k->name, f->name, *v);
			if (f->def) {
				needle = isms_asprintf("default: %s\n", f->def);
				cr_assert(th_has(one, needle), "%s.%s: %s", k->name, f->name, needle);
				free(needle);
				needle = isms_asprintf("\"default\":\"%s\"", f->def);
				cr_assert(th_has(one_json, needle), "%s", needle);
				free(needle);
			}
			needle = isms_asprintf("{\"name\":\"%s\",\"type\":\"", f->name);
			cr_assert(th_has(one_json, needle), "%s.%s in JSON", k->name, f->name);
			free(needle);
		}
		free(one);
		free(one_json);
	}
	free(out);
	free(json);
	cr_assert_eq(th_isms(NULL, &err, dir, "help kind polcy"), 2);
	cr_assert(th_has(err, "did you mean 'policy'?"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "help kind policy --bogus"), 2);
	free(err);

	/* The man page's KINDS section is exactly what the table gives. */
	cr_assert_eq(th_isms(&roff, NULL, dir, "help kind --roff"), 0);
	want = isms_asprintf("%s/doc/isms.1", getenv("ISMS_SRCDIR"));
	cr_assert_not_null(man = th_read("/", want), "%s", want);
	cr_assert_not_null(begin = strstr(man, ".\\\" BEGIN KINDS"));
	cr_assert_not_null(begin = strchr(begin, '\n'));
	cr_assert_not_null(end = strstr(begin, ".\\\" END KINDS"));
	*end = '\0';
	cr_assert_str_eq(begin + 1, roff, "doc/isms.1 is behind the kind table: run 'make update-man'");
	free(man);
	free(want);
	free(roff);
	free(dir);
}

Test(cli, version_names_the_licence_and_every_source_file_carries_it)
{
	char *dir = th_tmpdir(), *out, *copying, *missing, *count;
	const char *src = getenv("ISMS_SRCDIR");

	cr_assert_eq(th_isms(&out, NULL, dir, "--version"), 0);
	cr_assert(th_has(out, "isms " PACKAGE_VERSION "\n"), "%s", out);
	cr_assert(th_has(out, "Licence: MIT"), "%s", out);
	cr_assert(th_has(out, "the ISMS Workbench authors"), "%s", out);
	free(out);
	cr_assert_not_null(src, "ISMS_SRCDIR is set by make check");
	cr_assert_not_null(copying = th_read(src, "COPYING"), "COPYING is in the sources (and the tarball)");
	cr_assert(th_has(copying, "MIT License") &&
		  th_has(copying, "Copyright (c) 2026 the ISMS Workbench authors"), "%s", copying);
	free(copying);

	/* Every .c and .h we wrote starts with the SPDX line; the demo's data
	 * is generated (in the build folder, or here in an in-tree build). */
	cr_assert_eq(th_sh(&count, src, "find src include tests -name '*.[ch]' ! -name demo_data.c | wc -l"), 0);
	cr_assert_gt(atoi(count), 50, "the sources are there: %s", count);
	free(count);
	cr_assert_eq(th_sh(&missing, src,
			   "for f in $(find src include tests -name '*.[ch]' ! -name demo_data.c | sort); do "
			   "  head -n 1 \"$f\" | grep -qxF '/* SPDX-License-Identifier: MIT */' || echo \"$f\"; "
			   "done"), 0);
	for (char *f = strtok(missing, "\n"); f; f = strtok(NULL, "\n"))
		cr_assert_fail("%s does not start with /* SPDX-License-Identifier: MIT */", f);
	free(missing);
	/* The scripts and build files: the line after a #! line, else the first. */
	cr_assert_eq(th_sh(&missing, src,
			   "for f in bootstrap .ci/run bench/open-10k.sh src/cli/embed.sh Makefile.am configure.ac; do "
			   "  test -f \"$f\" || continue; "
			   "  head -n 2 \"$f\" | grep -qxF '# SPDX-License-Identifier: MIT' || echo \"$f\"; "
			   "done"), 0);
	cr_assert_str_eq(missing, "", "without the SPDX line: %s", missing);
	free(missing);
	free(dir);
}

Test(cli, every_command_takes_help_and_refuses_an_unknown_option)
{
	char *dir = th_tmpdir(), *names = command_names(dir), *out, *err, *want;
	int rc;

	for (char *name = strtok(names, "\n"); name; name = strtok(NULL, "\n")) {
		rc = th_isms(&out, &err, dir, "%s --help", name);
		cr_assert_eq(rc, 0, "isms %s --help: exit %d: %s", name, rc, err);
		want = isms_asprintf("usage: isms %s ", name);
		cr_assert(isms_str_starts_with(out, want), "isms %s --help: %s", name, out);
		free(want);
		free(out);
		free(err);
		rc = th_isms(&out, &err, dir, "%s --no-such-option", name);
		cr_assert_eq(rc, 2, "isms %s --no-such-option: exit %d", name, rc);
		cr_assert(th_has(err, "isms: "), "isms %s --no-such-option: %s", name, err);
		cr_assert_str_eq(out, "", "nothing on standard output");
		free(out);
		free(err);
	}
	free(names);
	free(dir);
}

/* Output as git gives it: a pager on a terminal. */

Test(cli, long_output_goes_to_the_pager_on_a_terminal_only)
{
	char *dir = fresh_isms(), *out, *got;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Paged"), 0);
	/* Not a terminal: no pager, the output comes straight out. */
	cr_assert_eq(th_sh(&out, dir, "GIT_PAGER='cat > pager-got' \"$ISMS_BIN\" log"), 0);
	cr_assert(th_has(out, "POL-001: create Paged"), "%s", out);
	cr_assert_null(th_read(dir, "pager-got"), "no pager without a terminal");
	free(out);
	if (!have_script())
		cr_skip_test("script cannot give the program a terminal here");

	/* GIT_PAGER first, run through the shell, with LESS=FRX when unset. */
	cr_assert_eq(th_sh(&out, dir, "GIT_PAGER='echo \"LESS=$LESS\" > pager-env; cat > pager-got' "
			   "script -qec \"$ISMS_BIN log\" /dev/null"), 0, "%s", out);
	cr_assert_not(th_has(out, "POL-001: create Paged"), "the pager had it: %s", out);
	free(out);
	cr_assert(th_has(got = th_read(dir, "pager-got"), "POL-001: create Paged\n"), "%s", got);
	free(got);
	cr_assert_str_eq(got = th_read(dir, "pager-env"), "LESS=FRX\n");
	free(got);
	th_run(dir, "rm pager-got pager-env");
	cr_assert_eq(th_sh(NULL, dir, "LESS=R GIT_PAGER='echo \"LESS=$LESS\" > pager-env; cat >/dev/null' "
			   "script -qec \"$ISMS_BIN list\" /dev/null"), 0);
	cr_assert_str_eq(got = th_read(dir, "pager-env"), "LESS=R\n", "a LESS of one's own stays");
	free(got);

	/* Then core.pager, then PAGER. */
	free(th_run(dir, "git config core.pager 'cat > core-got'"));
	th_sh(NULL, dir, "PAGER='cat > env-got' script -qec \"$ISMS_BIN status\" /dev/null");
	cr_assert(th_has(got = th_read(dir, "core-got"), "clause"), "%s", got);
	free(got);
	cr_assert_null(th_read(dir, "env-got"));
	free(th_run(dir, "git config --unset core.pager && rm core-got"));
	th_sh(NULL, dir, "PAGER='cat > env-got' script -qec \"$ISMS_BIN show POL-001\" /dev/null");
	cr_assert(th_has(got = th_read(dir, "env-got"), "title: Paged"), "%s", got);
	free(got);
	th_run(dir, "rm env-got");

	/* --no-pager, -P, "cat" and "" mean none; commands that write do not page. */
	th_sh(&out, dir, "PAGER='cat > env-got' script -qec \"$ISMS_BIN --no-pager log\" /dev/null");
	cr_assert(th_has(out, "POL-001: create Paged"), "%s", out);
	free(out);
	th_sh(&out, dir, "PAGER='cat > env-got' script -qec \"$ISMS_BIN -P diff POL-001\" /dev/null");
	free(out);
	th_sh(&out, dir, "PAGER='cat > env-got' script -qec \"$ISMS_BIN log --no-pager\" /dev/null");
	cr_assert(th_has(out, "POL-001: create Paged"), "%s", out);
	free(out);
	th_sh(&out, dir, "GIT_PAGER=cat PAGER='cat > env-got' script -qec \"$ISMS_BIN log\" /dev/null");
	cr_assert(th_has(out, "POL-001: create Paged"), "%s", out);
	free(out);
	th_sh(&out, dir, "GIT_PAGER= PAGER='cat > env-got' script -qec \"$ISMS_BIN log\" /dev/null");
	cr_assert(th_has(out, "POL-001: create Paged"), "%s", out);
	free(out);
	th_sh(&out, dir, "PAGER='cat > env-got' script -qec \"$ISMS_BIN set POL-001 owner=Ana\" /dev/null");
	cr_assert(th_has(out, "POL-001"), "%s", out);
	free(out);
	cr_assert_null(th_read(dir, "env-got"), "none of these paged");
	free(dir);
}

/* Colour as git gives it: --color, color.ui, NO_COLOR, a terminal. */
Test(cli, colour_for_diffs_findings_marks_and_risk_levels)
{
	char *dir = fresh_isms(), *out, *err;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Old"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 title=New"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Flood --set owner=Ana "
			     "--set likelihood=5 --set impact=5"), 0);
	cr_assert_eq(th_isms(&out, NULL, dir, "diff POL-001 HEAD~2 HEAD~1"), 0);
	cr_assert_not(th_has(out, "\033"), "not a terminal: no colour: %s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "--color=always diff POL-001 HEAD~2 HEAD~1"), 0);
	cr_assert(th_has(out, "\033[31m-title: Old\033[m\n"), "%s", out);
	cr_assert(th_has(out, "\033[32m+title: New\033[m\n"), "%s", out);
	cr_assert(th_has(out, "\033[36m@@"), "%s", out);
	cr_assert(th_has(out, "\033[1m--- a/policies/POL-001.yaml\033[m"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "list --color always"), 2, "WHEN is --color=WHEN");
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "list --color=sometimes"), 2);
	cr_assert(th_has(err, "auto, always or never"), "%s", err);
	free(err);

	cr_assert_eq(th_isms(&out, NULL, dir, "list --color=always risk"), 0);
	cr_assert(th_has(out, "Flood [\033[35mCritical\033[m]"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "list risk"), 0);
	cr_assert(th_has(out, "Flood [Critical]\n"), "%s", out);
	free(out);
	th_isms(&out, NULL, dir, "status --color=always");
	cr_assert(th_has(out, "\033[31m[ ]\033[m 4.1 "), "%s", out);
	free(out);
	th_write(dir, "policies/POL-002.yaml", "id: POL-002\nkind: policy\ntitle: [\n");
	cr_assert_eq(th_isms(&out, NULL, dir, "check --color=always"), 1);
	cr_assert(th_has(out, ": \033[1;31merror\033[m: "), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "check --json --color=always"), 1);
	cr_assert_not(th_has(out, "\033"), "never in JSON: %s", out);
	free(out);

	/* color.ui as git reads it; --color wins over it. */
	free(th_run(dir, "git config color.ui always"));
	cr_assert_eq(th_isms(&out, NULL, dir, "log"), 0);
	cr_assert(th_has(out, "\033[33m"), "color.ui=always: %s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --color=never"), 0);
	cr_assert_not(th_has(out, "\033"), "%s", out);
	free(out);
	if (!have_script())
		cr_skip_test("script cannot give the program a terminal here");
	free(th_run(dir, "git config color.ui false"));
	th_sh(&out, dir, "TERM=xterm script -qec \"$ISMS_BIN -P log\" /dev/null");
	cr_assert_not(th_has(out, "\033[33m"), "color.ui=false: %s", out);
	free(out);
	free(th_run(dir, "git config color.ui auto"));
	th_sh(&out, dir, "TERM=xterm script -qec \"$ISMS_BIN -P log\" /dev/null");
	cr_assert(th_has(out, "\033[33m"), "auto on a terminal: %s", out);
	free(out);
	free(th_run(dir, "git config --unset color.ui"));
	th_sh(&out, dir, "TERM=xterm script -qec \"$ISMS_BIN -P log\" /dev/null");
	cr_assert(th_has(out, "\033[33m"), "auto by default: %s", out);
	free(out);
	th_sh(&out, dir, "NO_COLOR=1 TERM=xterm script -qec \"$ISMS_BIN -P log\" /dev/null");
	cr_assert_not(th_has(out, "\033[33m"), "NO_COLOR: %s", out);
	free(out);
	th_sh(&out, dir, "NO_COLOR= TERM=xterm script -qec \"$ISMS_BIN -P log\" /dev/null");
	cr_assert(th_has(out, "\033[33m"), "an empty NO_COLOR counts as unset: %s", out);
	free(out);
	th_sh(&out, dir, "TERM=dumb script -qec \"$ISMS_BIN -P log\" /dev/null");
	cr_assert_not(th_has(out, "\033[33m"), "TERM=dumb: %s", out);
	free(out);
	th_sh(&out, dir, "NO_COLOR=1 TERM=dumb script -qec \"$ISMS_BIN -P --color=always log\" /dev/null");
	cr_assert(th_has(out, "\033[33m"), "always is always: %s", out);
	free(out);
	free(dir);
}

/* A commit by `who` <`email`> at `date` (git's format) through isms. */
static void commit_as(const char *dir, const char *who, const char *email, const char *date,
		      const char *args)
{
	char *err;

	setenv("GIT_AUTHOR_NAME", who, 1);
	setenv("GIT_AUTHOR_EMAIL", email, 1);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
	cr_assert_eq(th_isms(NULL, &err, dir, "%s", args), 0, "%s: %s", args, err);
	free(err);
}

Test(cli, log_filters_as_git_log_has_them)
{
	char *dir = fresh_isms(), *out, *err;

	commit_as(dir, "Ana Alves", "ana@example.org", "2026-02-01T10:00:00+00:00",
		  "new policy --set title=First");
	commit_as(dir, "Bob Brown", "bob@Example.org", "2026-03-01T10:00:00+00:00",
		  "set POL-001 title=Second");
	commit_as(dir, "Ana Alves", "ana@example.org", "2026-04-01T10:00:00+00:00",
		  "set POL-001 title=Third");

	cr_assert_eq(th_isms(&out, NULL, dir, "log -n 2"), 0);
	cr_assert(th_has(out, "update Third") && th_has(out, "update Second"), "%s", out);
	cr_assert_not(th_has(out, "create First"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --max-count=1 POL-001"), 0);
	cr_assert_eq(strchr(out, '\n') - out + 1, (long)strlen(out), "one line: %s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --author ANA"), 0);
	cr_assert(th_has(out, "update Third") && th_has(out, "create First"), "%s", out);
	cr_assert_not(th_has(out, "Second"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --author=example.ORG -n 1 POL-001"), 0);
	cr_assert(th_has(out, "Third"), "the email counts too: %s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --since 2026-03-01 --until 2026-03-01"), 0);
	cr_assert(th_has(out, "Bob Brown POL-001: update Second\n"), "a whole day: %s", out);
	cr_assert_not(th_has(out, "Third") || th_has(out, "First"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --since 2026-03-01T10:00:01Z"), 0);
	cr_assert(th_has(out, "Third") && !th_has(out, "Second"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --until '2026-03-01T11:30+02:00'"), 0);
	cr_assert(th_has(out, "First") && !th_has(out, "Second"), "09:30 UTC is before 10:00: %s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, &err, dir, "log --since yesterday"), 2);
	cr_assert(th_has(err, "YYYY-MM-DD"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "log -n many"), 2);
	free(err);

	cr_assert_eq(th_isms(&out, NULL, dir, "log --oneline POL-001"), 0);
	cr_assert(th_has(out, " POL-001: update Third\n"), "%s", out);
	cr_assert_not(th_has(out, "2026-") || th_has(out, "Ana"), "hash and summary only: %s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log -p -n 2 POL-001"), 0);
	cr_assert(th_has(out, "-title: Second\n+title: Third\n"), "%s", out);
	cr_assert(th_has(out, "-title: First\n+title: Second\n"), "%s", out);
	cr_assert(th_has(out, "Ana Alves POL-001: update Third\ndiff --git"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log -p --oneline --author=bob"), 0);
	cr_assert(th_has(out, "+title: Second\n"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "log -p POL-001 --since 2026-01-01 --until 2026-02-28"), 0);
	cr_assert(th_has(out, "new file mode") && th_has(out, "+title: First\n"), "a root of the record: %s", out);
	free(out);
	free(dir);
}

/* Run `isms ARGS | python3 -c PROGRAM` in `dir`: the program reads the JSON
 * as `d` and asserts; "ok" when all held. */
static void json_holds(const char *dir, const char *args, const char *program)
{
	char *out, *script = isms_asprintf("import json, sys\nd = json.load(sys.stdin)\n%s\nprint('ok')\n",
					   program);

	th_write(dir, ".json-check.py", script);
	free(script);
	cr_assert_eq(th_sh(&out, dir, "\"$ISMS_BIN\" %s | python3 .json-check.py", args), 0,
		     "%s: %s", args, out);
	cr_assert_str_eq(out, "ok\n", "%s", args);
	free(out);
}

Test(cli, json_for_list_show_log_and_diff)
{
	char *dir = fresh_isms();

	if (th_sh(NULL, "/", "python3 -c 'import json'") != 0)
		cr_skip_test("python3 is not here to read the JSON");
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set 'title=Pol\303\255tica' --set owner=Ana"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Flood --set owner=Ana "
			     "--set likelihood=1 --set impact=2"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 owner=Bob -m 'POL-001: Bob owns it'"), 0);
	json_holds(dir, "list --json",
		   "assert [e['id'] for e in d] == ['POL-001', 'RSK-001'], d\n"
		   "p, r = d\n"
		   "assert p == {'id': 'POL-001', 'kind': 'policy', 'path': 'policies/POL-001.yaml',\n"
		   "             'status': 'draft', 'title': 'Pol\\u00edtica', 'level': None, 'error': None}, p\n"
		   "assert r['level'] == 'Low' and r['status'] == 'identified', r");
	json_holds(dir, "list risk --json --color=always", "assert len(d) == 1 and d[0]['id'] == 'RSK-001'");
	json_holds(dir, "show POL-001 --json",
		   "assert d['id'] == 'POL-001' and d['path'] == 'policies/POL-001.yaml' and d['rev'] is None\n"
		   "assert d['fields']['owner'] == 'Bob' and d['fields']['title'] == 'Pol\\u00edtica'\n"
		   "assert d['text'].startswith('id: POL-001\\n')");
	json_holds(dir, "show RSK-001 --json --rev HEAD",
		   "assert d['rev'] == 'HEAD' and d['fields']['likelihood'] == 1 and d['fields']['impact'] == 2");
	json_holds(dir, "log --json",
		   "assert [e['summary'] for e in d] == ['POL-001: Bob owns it', 'RSK-001: create Flood',\n"
		   "       'POL-001: create Pol\\u00edtica', 'Start the ISMS of Test Org'], d\n"
		   "e = d[0]\n"
		   "assert len(e['commit']) == 40 and e['date'] == '2026-01-01T00:00:00+00:00', e\n"
		   "assert e['author'] == 'Test Author' and e['email'] == 'author@example.org', e\n"
		   "assert e['approval'] is None and 'patch' not in e, e");
	json_holds(dir, "log POL-001 -p -n 1 --json",
		   "assert len(d) == 1 and '-owner: Ana\\n+owner: Bob\\n' in d[0]['patch'], d");
	json_holds(dir, "diff POL-001 HEAD~2 HEAD --json",
		   "assert d['id'] == 'POL-001' and d['from'] == 'HEAD~2' and d['to'] == 'HEAD', d\n"
		   "assert '+owner: Bob' in d['patch'], d");
	json_holds(dir, "diff POL-001 --json", "assert d['from'] == 'HEAD' and d['to'] is None and d['patch'] == ''");
	json_holds(dir, "diff --since HEAD~2 --json",
		   "assert d['since'] == 'HEAD~2' and d['id'] is None and len(d['commits']) == 2, d\n"
		   "assert sorted((c['type'], c['id']) for c in d['changes']) == [('added', 'RSK-001'), ('changed', 'POL-001')], d\n"
		   "assert d['approvals'] == [] and 'RSK-001' in d['patch'], d");
	free(dir);
}

/* Columns cut by display width: wide characters count two, a character is
 * never cut, bytes that are not UTF-8 are escaped. */
Test(cli, columns_are_cut_by_display_width_never_inside_a_character)
{
	char *dir = fresh_isms(), *out;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set 'title=日本語のタイトル'"), 0);
	setenv("GIT_AUTHOR_NAME", "Zoë Ångström-Longname Family", 1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "set POL-001 owner=Ana -m 'POL-001: 日本語日本語日本語'"), 0);
	cr_assert_eq(th_isms(&out, NULL, dir, "list"), 0);
	cr_assert_str_eq(out, "POL-001      policy    draft       日本語のタイトル\n", "no limit for scripts");
	free(out);
	setenv("COLUMNS", "44", 1);
	cr_assert_eq(th_isms(&out, NULL, dir, "list"), 0);
	/* 36 columns used, 8 left: 3 wide characters and "..." (a fourth
	 * would need 11). */
	cr_assert_str_eq(out, "POL-001      policy    draft       日本語...\n");
	free(out);
	setenv("COLUMNS", "79", 1);
	cr_assert_eq(th_isms(&out, NULL, dir, "log -n 1"), 0);
	cr_assert(th_has(out, " 2026-01-01 00:00 Zoë Ångström-Long... POL-001: 日本語日本語日本語\n"),
		  "the author in 20 columns: %s", out);
	free(out);
	setenv("COLUMNS", "54", 1);
	cr_assert_eq(th_isms(&out, NULL, dir, "log -n 1"), 0);
	/* 8 + 17 + 20 + 1 = 46 used; the message keeps 10 columns at least. */
	cr_assert(th_has(out, " Zoë Ångström-Long... POL-001...\n"), "%s", out);
	free(out);
	setenv("COLUMNS", "61", 1);
	cr_assert_eq(th_isms(&out, NULL, dir, "log -n 1"), 0);
	cr_assert(th_has(out, " POL-001: 日...\n"), "15 columns: a second wide one would need 16: %s", out);
	free(out);
	setenv("COLUMNS", "73", 1);
	cr_assert_eq(th_isms(&out, NULL, dir, "log -n 1"), 0);
	cr_assert(th_has(out, " POL-001: 日本語日本語日本語\n"), "27 columns fit: %s", out);
	free(out);

	/* Latin-1 declared, so that git keeps the byte as it is. */
	free(th_run(dir, "git -c i18n.commitEncoding=ISO-8859-1 commit -q --allow-empty "
		    "-m \"$(printf 'Bad \\377 byte and more words')\""));
	setenv("COLUMNS", "23", 1);
	cr_assert_eq(th_isms(&out, NULL, dir, "log --oneline -n 1"), 0);
	cr_assert(th_has(out, " Bad \\xff byt...\n"), "escaped, then cut: %s", out);
	cr_assert_not(th_has(out, "\377"), "%s", out);
	free(out);
	unsetenv("COLUMNS");
	cr_assert_eq(th_isms(&out, NULL, dir, "log --oneline -n 1"), 0);
	cr_assert(th_has(out, " Bad \\xff byte and more words\n"), "%s", out);
	free(out);
	free(dir);
}
