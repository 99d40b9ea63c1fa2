/* SPDX-License-Identifier: MIT */
/* Git's ways, taken from git itself: the editor git would run, and the
 * dates git reads from GIT_AUTHOR_DATE and GIT_COMMITTER_DATE. Each test
 * compares the workbench with the real git on a real repository. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"

static void setup(void)
{
	th_pin_env();
	setenv("TERM", "xterm", 1);
}

TestSuite(gitways, .init = setup);

static char *with_policy(void)
{
	char *dir = th_fresh_isms();

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=First"), 0);
	return dir;
}

static void expect_title(const char *dir, const char *title)
{
	char *out = th_run(dir, "git show HEAD:policies/POL-001.yaml | grep '^title:'");
	char *want = isms_asprintf("title: %s\n", title);

	cr_assert_str_eq(out, want);
	free(out);
	free(want);
}

/* With only core.editor set, isms edit runs it, as git commit would; and
 * GIT_EDITOR comes first, as for git. */
Test(gitways, the_editor_is_the_one_git_would_run)
{
	char *dir = with_policy(), *err = NULL;

	free(th_run(dir, "git config core.editor \"sed -i -e 's/title: First/title: By core.editor/'\""));
	cr_assert_eq(th_isms(NULL, &err, dir, "edit POL-001"), 0, "%s", err);
	free(err);
	expect_title(dir, "By core.editor");

	setenv("GIT_EDITOR", "sed -i -e 's/title: By core.editor/title: By GIT_EDITOR/'", 1);
	setenv("EDITOR", "false", 1);
	cr_assert_eq(th_isms(NULL, &err, dir, "edit POL-001"), 0, "%s", err);
	unsetenv("GIT_EDITOR");
	unsetenv("EDITOR");
	free(err);
	expect_title(dir, "By GIT_EDITOR");
	free(dir);
}

/* On a dumb terminal with no EDITOR, git refuses to guess; so do we, in
 * git's words, and nothing changes. */
Test(gitways, a_dumb_terminal_without_an_editor_is_told_so)
{
	char *dir = with_policy(), *err = NULL, *head = th_git(dir, "rev-parse HEAD"), *now;

	setenv("TERM", "dumb", 1);
	cr_assert_eq(th_isms(NULL, &err, dir, "edit POL-001"), 2);
	cr_assert(th_has(err, "dumb"), "%s", err);
	free(err);
	now = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(now, head);
	free(now);
	free(head);
	free(dir);
}

/* The commit's dates are those git reads from the same variables: for
 * every form, what `git var` says git would record. */
Test(gitways, dates_are_read_as_git_reads_them)
{
	static const char *const dates[] = {
		"2026-01-12 09:15 +0100", "2026-01-12T09:15:30Z", "Mon, 12 Jan 2026 09:15:00 -0500",
		"2026-01-12 09:15", "@1767225600 +0200", "1767225600",
	};
	char *dir = with_policy();

	setenv("TZ", "Europe/Berlin", 1);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		char *want, *got, *err = NULL;

		setenv("GIT_AUTHOR_DATE", dates[i], 1);
		setenv("GIT_COMMITTER_DATE", dates[i], 1);
		want = th_run(dir, "git var GIT_AUTHOR_IDENT | sed 's/.*> //'");
		cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 'title=Date %zu'", i), 0, "%s: %s",
			     dates[i], err);
		free(err);
		got = th_run(dir, "git log -1 --format='%%ad' --date=raw; "
				  "git log -1 --format='%%cd' --date=raw");
		cr_assert(strncmp(got, want, strlen(want)) == 0, "%s: git reads %s, we wrote %s",
			  dates[i], want, got);
		cr_assert_str_eq(got + strlen(want), want, "%s: the committer date too", dates[i]);
		free(want);
		free(got);
	}
	free(dir);
}

/* Files are created with the umask applied, as git creates them (0666
 * less the umask), never always 0644; a file replaced keeps its mode. */
Test(gitways, new_files_follow_the_umask_as_gits_do)
{
	char *dir = th_fresh_isms(), *out;

	out = th_run(dir, "umask 077 && \"$ISMS_BIN\" new policy --set title=Private >/dev/null && "
			  "stat -c %%a policies/POL-001.yaml");
	cr_assert_str_eq(out, "600\n");
	free(out);
	out = th_run(dir, "umask 002 && \"$ISMS_BIN\" new risk --set title=Shared >/dev/null && "
			  "stat -c %%a risks/RSK-001.yaml && rm risks/RSK-001.yaml && "
			  "git checkout -- risks/RSK-001.yaml && stat -c %%a risks/RSK-001.yaml");
	cr_assert_str_eq(out, "664\n664\n", "as git checkout makes it");
	free(out);
	out = th_run(dir, "chmod 640 policies/POL-001.yaml && umask 022 && "
			  "\"$ISMS_BIN\" set POL-001 title=Again >/dev/null && stat -c %%a policies/POL-001.yaml");
	cr_assert_str_eq(out, "640\n", "a replaced file keeps its mode");
	free(out);
	free(dir);
}

/* guide prints data too: --json, with the same advice as the text. */
Test(gitways, guide_has_json_with_the_advice_of_the_text)
{
	char *dir = th_fresh_isms(), *out = NULL, *text = NULL;

	cr_assert_eq(th_isms(&text, NULL, dir, "guide 4.1"), 0);
	cr_assert_eq(th_isms(&out, NULL, dir, "guide 4.1 --json"), 0, "%s", out);
	th_write(dir, "../guide.json", out);
	free(out);
	out = th_run(dir, "python3 -c 'import json,sys; d=json.load(open(\"../guide.json\")); "
			  "print(d[\"clause\"], d[\"state\"], len(d[\"guidance\"]) > 3, "
			  "d[\"requirements\"][0][\"kind\"]); print(d[\"requirements\"][0][\"advice\"])'");
	cr_assert(th_has(out, "4.1 missing True issue\n"), "%s", out);
	cr_assert(th_has(out, "issue 0/1 complete: add with 'isms new issue"), "%s", out);
	cr_assert(th_has(text, "issue 0/1 complete: add with 'isms new issue"), "%s", text);
	free(out);
	free(text);
	free(dir);
}
