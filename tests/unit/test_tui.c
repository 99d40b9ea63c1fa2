/* SPDX-License-Identifier: MIT */
/* The full-screen walk, end to end: the real binary reads keys from a
 * script (ISMS_TUI_SCRIPT) and dumps the screen as text on request; the
 * dumps are compared with the expected screens in tests/screens/. Curses
 * writes to /dev/null in script mode, so these need no terminal. One test
 * drives the binary in a real terminal, in tmux.
 *
 * To write the expected screens again after a deliberate change, run the
 * test with ISMS_UPDATE_SCREENS=1, then read the diff before committing. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "tui_helpers.h"
#include "isms/alloc.h"
#include "isms/buf.h"

TestSuite(tui, .init = tui_setup, .timeout = 60);

Test(tui, walk_on_a_fresh_isms_starts_at_4_1_with_everything_missing)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	scratch = tui_walk(&rc, &err, dir, "<Dump walk-fresh.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-fresh.txt");
	screen = th_read(scratch, "walk-fresh.txt");
	cr_assert(th_has(screen, "walk: clause 1 of 34"));
	cr_assert(th_has(screen, "4.1 Understanding the organization"));
	cr_assert(!th_has(screen, "[x]"), "nothing is done yet");
	cr_assert(th_has(screen, "[~] 6.1 "), "only isms init's risk method (6.1.2) is there");
	cr_assert(th_has(screen, "uncommitted: 0") && !th_has(screen, "read-only"),
		  "the status bar says read-only only when it is");
	free(screen);
	free(scratch);
	free(dir);
}

Test(tui, ascii_lines_when_the_locale_is_not_utf8)
{
	char *dir = tui_fresh_isms(), *err, *scratch;
	int rc;

	tui_locale("C");
	th_write(dir, "notes.txt", "not committed\n");
	scratch = tui_walk(&rc, &err, dir, "<Down>\nj\n<Up>\n<Dump walk-ascii.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-ascii.txt");
	free(scratch);
	free(dir);
}

Test(tui, next_step_skips_what_is_approved_on_the_demo)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen;
	int rc;

	scratch = tui_walk(&rc, &err, dir,
		       "]\n<Dump demo-next-1.txt>\n]\n]\n]\n<Dump demo-next-5.txt>\n"
		       "<PgDn>\n<Dump demo-scrolled.txt>\n<PgUp>\n<Dump demo-next-5-again.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "demo-next-1.txt");
	tui_same_screen(scratch, "demo-next-5.txt");
	tui_same_screen(scratch, "demo-scrolled.txt");
	/* In the demo, 5.2 (the next draft of POL-001), 6.1.3, 6.3, 7.3, ... need
	 * work; ] passes the rest (4.3 and 4.4 are approved by their acts), and
	 * the parent clauses, whose sub-clauses hold the evidence. */
	screen = th_read(scratch, "demo-next-1.txt");
	cr_assert(th_has(screen, "walk: clause 6 of 34"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "demo-next-5.txt");
	cr_assert(th_has(screen, "walk: clause 16 of 34"), "%s", screen);
	cr_assert(th_has(screen, "7.3 Awareness"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "demo-next-5-again.txt");
	cr_assert_str_eq(screen, th_read(scratch, "demo-next-5.txt"), "PgUp undoes PgDn");
	free(screen);
	free(scratch);
	free(dir);
}

Test(tui, help_comes_from_the_action_table_and_esc_closes_it)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	scratch = tui_walk(&rc, &err, dir, "?\n<Dump help.txt>\n<End>\n<Dump help-end.txt>\n<Esc>\n<Dump walk-fresh.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "help.txt");
	tui_same_screen(scratch, "walk-fresh.txt");
	screen = th_read(scratch, "help.txt");
	cr_assert(th_has(screen, "next-step"));
	free(screen);
	/* What the display can do comes after the keys. */
	screen = th_read(scratch, "help-end.txt");
	cr_assert(th_has(screen, "the terminal has none"), "vt100 has no colours");
	free(screen);
	free(scratch);
	free(dir);
}

Test(tui, resize_larger_too_small_and_back)
{
	char *dir = tui_fresh_isms(), *err, *scratch;
	int rc;

	scratch = tui_walk(&rc, &err, dir,
		       "<Resize 100x30>\n<Dump resize-100x30.txt>\n<Resize 40x10>\n<Dump too-small.txt>\n"
		       "<Resize 20x5>\n<Dump tiny.txt>\n"
		       "j\n]\n<Resize 80x24>\n<Dump walk-fresh.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "resize-100x30.txt");
	tui_same_screen(scratch, "too-small.txt");
	tui_same_screen(scratch, "tiny.txt");  /* 20x5: the notice still reads */
	/* Keys other than q do nothing while the terminal is too small. */
	tui_same_screen(scratch, "walk-fresh.txt");
	free(scratch);
	free(dir);
}

Test(tui, no_color_is_honoured_and_said)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	setenv("TERM", "xterm-256color", 1);
	scratch = tui_walk(&rc, &err, dir, "?\n<End>\n<Dump help-colour.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "help-colour.txt");
	cr_assert(th_has(screen, "colours: on"), "%s", screen);
	free(screen);
	free(scratch);

	setenv("NO_COLOR", "1", 1);
	scratch = tui_walk(&rc, &err, dir, "<Dump walk-fresh.txt>\n?\n<Dump help-no-color.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-fresh.txt");
	tui_same_screen(scratch, "help-no-color.txt");
	free(scratch);

	/* An empty NO_COLOR means nothing. */
	setenv("NO_COLOR", "", 1);
	scratch = tui_walk(&rc, &err, dir, "?\n<End>\n<Dump help-colour.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "help-colour.txt");
	cr_assert(th_has(screen, "colours: on"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

Test(tui, terminals_vt100_linux_screen_xterm)
{
	static const char *const terms[] = { "vt100", "linux", "screen", "xterm-256color" };
	char *dir = tui_fresh_isms(), *err, *scratch;
	int rc;

	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		setenv("TERM", terms[i], 1);
		scratch = tui_walk(&rc, &err, dir, "<Dump walk-fresh.txt>");
		tui_ran_cleanly(rc, err);
		tui_same_screen(scratch, "walk-fresh.txt");
		free(scratch);
	}
	free(dir);
}

Test(tui, q_quits_before_the_script_ends)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *dump;
	int rc;

	scratch = tui_walk(&rc, &err, dir, "q\n<Dump after.txt>");
	tui_ran_cleanly(rc, err);
	dump = th_read(scratch, "after.txt");
	cr_assert_null(dump, "nothing runs after q");
	free(scratch);
	free(dir);
}

Test(tui, errors_go_to_stderr_before_the_screen_starts)
{
	char *dir = th_tmpdir(), *isms = tui_fresh_isms(), *out, *err, *scratch;
	int rc;

	/* No repository. */
	scratch = tui_walk(&rc, &err, dir, "<Dump never.txt>");
	cr_assert_eq(rc, 2);
	cr_assert(th_has(err, "isms init"), "%s", err);
	cr_assert_null(th_read(scratch, "never.txt"));
	free(err);
	free(scratch);

	/* No terminal and no script: stdin is /dev/null, stdout a pipe. */
	cr_assert_eq(th_isms(&out, &err, isms, "tui"), 2);
	cr_assert(th_has(err, "needs a terminal"), "%s", err);
	cr_assert_str_empty(out, "nothing is drawn: %s", out);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, &err, isms, "%s", ""), 2, "isms alone is the same");
	cr_assert(th_has(err, "needs a terminal"), "%s", err);
	free(out);
	free(err);

	/* A terminal terminfo does not know. (When newterm fails, ncurses keeps
	 * the state it made for it: tests/lsan.supp tells LeakSanitizer.) */
	setenv("TERM", "no-such-terminal", 1);
	scratch = tui_walk(&rc, &err, isms, "q");
	cr_assert_eq(rc, 2, "%s", err);
	cr_assert(th_has(err, "no-such-terminal"), "%s", err);
	free(err);
	free(scratch);
	setenv("TERM", "vt100", 1);

	/* A script line that is not a key. */
	scratch = tui_walk(&rc, &err, isms, "<Nonsense>");
	cr_assert_eq(rc, 2);
	cr_assert(th_has(err, "line 1: '<Nonsense>' is not a key"), "%s", err);
	free(err);
	free(scratch);

	cr_assert_eq(th_isms(NULL, &err, isms, "tui extra"), 2);
	free(err);
	free(isms);
	free(dir);
}

Test(tui, the_real_binary_in_a_real_terminal)
{
	char *dir, *tmp, *sock, *screen, *pid;

	if (th_sh(NULL, "/", "command -v tmux >/dev/null && command -v pgrep >/dev/null") != 0)
		cr_skip_test("tmux or pgrep is not installed");
	dir = tui_fresh_isms();
	sock = tui_tmux_start(&tmp, dir, "screen");
	free(tui_wait_for(sock, "walk: clause 1 of 34"));
	th_run("/", "tmux -S '%s' send-keys j", sock);
	screen = tui_wait_for(sock, "walk: clause 2 of 34");
	cr_assert(th_has(screen, "4.2 Understanding the needs"), "%s", screen);
	cr_assert(th_has(screen, "uncommitted: 0") && !th_has(screen, "read-only"), "%s", screen);
	free(screen);
	pid = tui_pane_child(sock);
	th_run("/", "tmux -S '%s' send-keys q", sock);
	tui_wait_exit(pid);
	free(pid);
	/* The shell is back, echoing what is typed: the terminal was restored. */
	th_run("/", "tmux -S '%s' send-keys 'echo TUI-EXIT-$?' Enter", sock);
	screen = tui_wait_for(sock, "TUI-EXIT-0");
	cr_assert(th_has(screen, "echo TUI-EXIT-$?"), "typing is echoed again:\n%s", screen);
	cr_assert(!th_has(screen, "walk: clause"), "the walk is gone:\n%s", screen);
	free(screen);
	tui_kill_tmux();
	tui_tmux_sock = NULL;
	free(sock);
	free(tmp);
	free(dir);
}

/* Editing (lists, forms, drafts, read-only) */

/* Five steps down from 4.1 is 5.2, whose records are policies. */
#define TO_5_2 "j\nj\nj\nj\nj\n"

static const char *const unicode_title = "Política de segurança — 信息安全";

Test(tui, list_of_a_clause_sorts_and_filters)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen;
	int rc;

	scratch = tui_walk(&rc, &err, dir,
		       "<Dump walk-records.txt>\n<Enter>\n<Dump list-4.1.txt>\ns\n<Dump list-by-title.txt>\n"
		       "f\nH\nE\na\nt\n<Enter>\n<Dump list-filtered.txt>\nf\n<C-u>\n<Enter>\n<Dump list-unfiltered.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "list-4.1.txt");
	tui_same_screen(scratch, "list-by-title.txt");
	tui_same_screen(scratch, "list-filtered.txt");
	screen = th_read(scratch, "walk-records.txt");
	cr_assert(th_has(screen, "Records (Enter lists them)") && th_has(screen, "ISS-002"),
		  "the walk's detail pane lists the clause's records:\n%s", screen);
	free(screen);
	screen = th_read(scratch, "list-4.1.txt");
	cr_assert(th_has(screen, "records: clause 4.1") && th_has(screen, "sort: ID"), "%s", screen);
	cr_assert(strstr(screen, "ISS-001") < strstr(screen, "ISS-002"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "list-by-title.txt");
	cr_assert(th_has(screen, "sort: title"), "%s", screen);
	cr_assert(strstr(screen, "ISS-002") < strstr(screen, "ISS-001"), "Heat before Large:\n%s", screen);
	free(screen);
	screen = th_read(scratch, "list-filtered.txt");
	cr_assert(th_has(screen, "filter: HEat") && th_has(screen, "1 of 2"), "case-insensitive:\n%s", screen);
	cr_assert(th_has(screen, "ISS-002") && !th_has(screen, "ISS-001"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "list-unfiltered.txt");
	cr_assert(th_has(screen, "filter: none") && th_has(screen, "2 of 2"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

Test(tui, a_form_edited_with_unicode_is_saved_as_a_commit)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *keys, *title = tui_typed(unicode_title), *out, *file;
	int rc;

	/* Type the title with a mistake, fix it with Left, Backspace and End. */
	keys = isms_asprintf(TO_5_2 "<Enter>\nn\n<Dump form-new.txt>\n<Enter>\n%sX\n<Left>\n<Delete>\n"
			     "<Home>\n<Right>\n<End>\nX\n<Backspace>\n<Enter>\n<Dump form-unicode.txt>\n"
			     "<C-s>\n<Dump form-commit-prompt.txt>\n<Enter>\n<Dump form-saved.txt>",
			     title);
	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "form-new.txt");
	tui_same_screen(scratch, "form-unicode.txt");
	tui_same_screen(scratch, "form-commit-prompt.txt");
	out = th_run(dir, "git log -1 --format=%%s");
	cr_assert(th_has(out, "POL-001: create Política de segurança — 信息安全"), "%s", out);
	free(out);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Record: POL-001") && th_has(out, "Clause: 5.2"), "%s", out);
	free(out);
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(file, "title: Política de segurança — 信息安全"), "%s", file);
	free(file);
	out = th_read(scratch, "form-saved.txt");
	cr_assert(th_has(out, "saved POL-001: ["), "%s", out);
	free(out);
	free(keys);
	free(title);
	free(scratch);
	free(dir);
}

Test(tui, leaving_unsaved_changes_asks_and_keeps_the_file)
{
	char *dir = tui_policy_isms(), *err, *scratch, *before, *after, *log1, *log2, *screen;
	int rc;

	before = th_read(dir, "policies/POL-001.yaml");
	log1 = th_run(dir, "git rev-parse HEAD");
	scratch = tui_walk(&rc, &err, dir,
		       TO_5_2 "<Enter>\ne\n<Enter>\n<End>\n!\n<Enter>\n<Esc>\n<Dump form-leave.txt>\nc\n"
		       "<Dump form-still.txt>\nq\n<Dump form-quit.txt>\nc\n<Esc>\nd\n<Dump list-after-discard.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "form-leave.txt");
	screen = th_read(scratch, "form-leave.txt");
	cr_assert(th_has(screen, "Unsaved changes to POL-001") && th_has(screen, "d discard"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "form-still.txt");
	cr_assert(th_has(screen, "Access policy!") && th_has(screen, "[modified]"), "cancel keeps the edits:\n%s",
		  screen);
	free(screen);
	screen = th_read(scratch, "form-quit.txt");
	cr_assert(th_has(screen, "Unsaved changes to POL-001"), "q asks too:\n%s", screen);
	free(screen);
	screen = th_read(scratch, "list-after-discard.txt");
	cr_assert(th_has(screen, "records: clause 5.2"), "%s", screen);
	free(screen);
	after = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(after, before);
	log2 = th_run(dir, "git rev-parse HEAD");
	cr_assert_str_eq(log1, log2, "no commit");
	free(before);
	free(after);
	free(log1);
	free(log2);
	free(scratch);
	free(dir);
}

Test(tui, a_date_field_refuses_a_day_that_does_not_exist)
{
	char *dir = tui_policy_isms(), *err, *scratch, *screen, *date = tui_typed("2026-02-30"), *keys, *file;
	int rc;

	/* next_review is the 10th field: down 7 from the title. */
	keys = isms_asprintf(TO_5_2 "<Enter>\ne\nj\nj\nj\nj\nj\nj\nj\n<Enter>\n%s<Enter>\n"
			     "<Dump form-bad-date.txt>\n<Backspace>\n<Backspace>\n2\n8\n<Enter>\n<Dump form-good-date.txt>\nw\n<Enter>",
			     date);
	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "form-bad-date.txt");
	screen = th_read(scratch, "form-bad-date.txt");
	cr_assert(th_has(screen, "'2026-02-30' is not a date"), "%s", screen);
	cr_assert(th_has(screen, "typing:"), "still editing the field:\n%s", screen);
	free(screen);
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(file, "next_review: 2026-02-28"), "%s", file);
	free(file);
	free(keys);
	free(date);
	free(scratch);
	free(dir);
}

Test(tui, read_only_views_everything_and_changes_nothing)
{
	char *dir = tui_policy_isms(), *err, *scratch, *screen, *before, *after;
	int rc;

	before = th_run(dir, "git rev-parse HEAD");
	scratch = tui_walk_args(&rc, &err, dir, "--read-only",
			    "<Dump walk-read-only.txt>\n" TO_5_2 "<Enter>\ne\n<Dump list-read-only.txt>\nn\nr\n"
			    "<Enter>\n<Enter>\n<Dump form-read-only.txt>\nw\n<Dump form-read-only-save.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-read-only.txt");
	tui_same_screen(scratch, "form-read-only.txt");
	screen = th_read(scratch, "walk-read-only.txt");
	cr_assert(th_has(screen, "| read-only"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "list-read-only.txt");
	cr_assert(th_has(screen, "read-only: nothing can be changed"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "form-read-only-save.txt");
	cr_assert(th_has(screen, "read-only: nothing can be changed"), "%s", screen);
	free(screen);
	after = th_run(dir, "git rev-parse HEAD");
	cr_assert_str_eq(before, after);
	free(after);
	free(scratch);
	/* isms tui --read-only too. */
	scratch = tui_walk_args(&rc, &err, dir, "tui --read-only", "<Dump walk-read-only.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-read-only.txt");
	free(scratch);
	/* A repository we cannot write is read-only by itself (root writes anyway). */
	if (geteuid() != 0) {
		th_run(dir, "chmod a-w . .git");
		scratch = tui_walk(&rc, &err, dir, "<Dump walk-read-only.txt>");
		th_run(dir, "chmod u+w . .git");
		tui_ran_cleanly(rc, err);
		tui_same_screen(scratch, "walk-read-only.txt");
		free(scratch);
	}
	after = th_run(dir, "git status --porcelain");
	cr_assert_str_empty(after, "nothing written: %s", after);
	free(after);
	free(before);
	free(dir);
}

Test(tui, sighup_keeps_a_draft_that_the_next_start_offers)
{
	char *dir = tui_policy_isms(), *err, *scratch, *screen, *out, *file;
	int rc;

	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\ne\n<Enter>\n<End>\n!\n<Enter>\n<Signal HUP>\nq");
	cr_assert_eq(rc, 128 + 1, "exit %d: %s", rc, err);
	free(err);
	free(scratch);
	out = th_run(dir, "stat -c %%a .git/isms/ui-drafts/POL-001.yaml");
	cr_assert(th_has(out, "600"), "%s", out);
	free(out);
	file = th_read(dir, ".git/isms/ui-drafts/POL-001.yaml");
	cr_assert(th_has(file, "title: Access policy!"), "%s", file);
	free(file);
	/* Later keeps it; a second dropped session never overwrites it. */
	scratch = tui_walk(&rc, &err, dir, "<Dump draft-offer.txt>\nl\n" TO_5_2 "<Enter>\ne\n<Enter>\n<End>\n?\n<Enter>\n<Signal HUP>");
	cr_assert_eq(rc, 128 + 1, "exit %d: %s", rc, err);
	free(err);
	tui_same_screen(scratch, "draft-offer.txt");
	free(scratch);
	file = th_read(dir, ".git/isms/ui-drafts/POL-001-2.yaml");
	cr_assert(th_has(file, "title: Access policy?"), "%s", file);
	free(file);
	file = th_read(dir, ".git/isms/ui-drafts/POL-001.yaml");
	cr_assert(th_has(file, "title: Access policy!"), "%s", file);
	free(file);
	scratch = tui_walk(&rc, &err, dir, "<Dump draft-offer.txt>\nr\n<Dump draft-recovered.txt>\nw\n<Enter>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "draft-offer.txt");
	screen = th_read(scratch, "draft-recovered.txt");
	cr_assert(th_has(screen, "Access policy!") && th_has(screen, "[modified]"), "%s", screen);
	free(screen);
	cr_assert_null(th_read(dir, ".git/isms/ui-drafts/POL-001.yaml"), "the recovered draft is gone");
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(file, "title: Access policy!"), "%s", file);
	free(file);
	free(scratch);
	free(dir);
}

/* Viewing: history and diff, search, Annex A and governance, themes and
 * keymaps. */

Test(tui, search_finds_a_record_by_a_word_of_its_title_and_opens_it)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *word = tui_typed("cryptography");
	char *keys = isms_asprintf("/\n%s<Dump search-prompt.txt>\n<Enter>\n<Dump search-results.txt>\n"
				   "<Enter>\n<Dump search-record.txt>", word);
	int rc;

	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "search-prompt.txt");
	cr_assert(th_has(screen, "Search: cryptography_"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "search-results.txt");
	screen = th_read(scratch, "search-results.txt");
	cr_assert(th_has(screen, "search \"cryptography\""), "%s", screen);
	cr_assert(th_has(screen, "title"), "the matching field is named: %s", screen);
	free(screen);
	screen = th_read(scratch, "search-record.txt");
	cr_assert(th_has(screen, "(read-only)"), "%s", screen);
	cr_assert(th_has(screen, "id: "), "the record's YAML is shown: %s", screen);
	free(screen);
	free(keys);
	free(word);
	free(scratch);
	free(dir);
}

Test(tui, search_is_case_insensitive_and_says_when_nothing_matches)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *w1 = tui_typed("POL-001"), *w2 = tui_typed("zzqqxx");
	char *keys = isms_asprintf("/\n%s<Enter>\n<Dump s1.txt>\n/\n<Backspace>\n<Backspace>\n<Backspace>\n"
				   "<Backspace>\n<Backspace>\n<Backspace>\n<Backspace>\n%s<Enter>\n<Dump s2.txt>",
				   w1, w2);
	int rc;

	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "s1.txt");
	cr_assert(th_has(screen, "POL-001      policy"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "s2.txt");
	cr_assert(th_has(screen, "No record matches."), "%s", screen);
	cr_assert(th_has(screen, "0 found"), "%s", screen);
	free(screen);
	free(keys);
	free(w1);
	free(w2);
	free(scratch);
	free(dir);
}

Test(tui, history_of_a_record_versions_and_diffs)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *log, *word = tui_typed("POL-001");
	char *keys = isms_asprintf("/\n%s<Enter>\n<Enter>\nh\n<Dump history.txt>\n<Down>\n<Enter>\n"
				   "<Dump history-version.txt>\n<Esc>\nd\n<Dump history-diff.txt>\n<Esc>\n"
				   "w\n<Dump history-worktree.txt>\n<Esc>\n<Esc>\n<Esc>\n<Dump search-back.txt>",
				   word);
	int rc;

	log = th_run(dir, "git log --format=%%h -- policies/POL-001.yaml");
	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "history.txt");
	screen = th_read(scratch, "history.txt");
	cr_assert(th_has(screen, "history of POL-001: 5 commits"), "%s", screen);
	cr_assert(th_has(screen, "[approved v1.0] POL-001: approve"), "%s", screen);
	cr_assert(th_has(screen, "POL-001: review v0.2 (approve)"), "reviews show: %s", screen);
	cr_assert(strstr(screen, "[approved v1.0]") < strstr(screen, "first draft"), "newest first: %s",
		  screen);
	free(screen);
	tui_same_screen(scratch, "history-version.txt");
	screen = th_read(scratch, "history-version.txt");
	cr_assert(th_has(screen, "policies/POL-001.yaml at"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "history-diff.txt");
	screen = th_read(scratch, "history-diff.txt");
	cr_assert(th_has(screen, "\n +") && th_has(screen, "\n -"), "+ and - lines: %s", screen);
	cr_assert(th_has(screen, "@@"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "history-worktree.txt");
	cr_assert(th_has(screen, "working tree"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "search-back.txt");
	cr_assert(th_has(screen, "search \"POL-001\""), "Esc goes back step by step: %s", screen);
	free(screen);
	free(log);
	free(keys);
	free(word);
	free(scratch);
	free(dir);
}

Test(tui, annex_a_and_governance_follow_10_2)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen;
	int rc;

	scratch = tui_walk(&rc, &err, dir, "G\n<Down>\n<Dump walk-soa.txt>\n<Down>\n<Dump walk-governance.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-soa.txt");
	tui_same_screen(scratch, "walk-governance.txt");
	screen = th_read(scratch, "walk-soa.txt");
	cr_assert(th_has(screen, "walk: Annex A / SoA"), "%s", screen);
	cr_assert(th_has(screen, "of 93 controls decided"), "%s", screen);
	cr_assert(th_has(screen, "Technological"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "walk-governance.txt");
	cr_assert(th_has(screen, "Evaluate") && th_has(screen, "Direct") && th_has(screen, "DIR-001"), "%s",
		  screen);
	free(screen);
	free(scratch);
	free(dir);
}

/* A change made in the session shows in the walk's Annex A count at once:
 * the demo decides three controls, A.5.15 among them. */
Test(tui, the_walk_counts_the_soa_again_after_a_change)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *keys, *id = tui_typed("A.5.15");
	int rc;

	keys = isms_asprintf("G\n<Down>\n<Dump soa-before.txt>\n<Enter>\nf\n%s<Enter>\n"
			     "r\nx\n<Enter>\n<Esc>\n<Dump soa-after.txt>", id);
	scratch = tui_walk(&rc, &err, dir, keys);
	free(keys);
	free(id);
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "soa-before.txt");
	cr_assert(th_has(screen, "Annex A / SoA 3/93"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "soa-after.txt");
	cr_assert(th_has(screen, "Annex A / SoA 2/93"), "%s", screen);
	free(screen);
	screen = th_run(dir, "git log -1 --format=%%s");
	cr_assert_str_eq(screen, "A.5.15: retire Access control\n");
	free(screen);
	free(scratch);
	free(dir);
}

Test(tui, a_theme_chosen_with_theme_shows_in_help)
{
	char *dir = tui_fresh_isms(), *err = NULL, *scratch, *screen, *script;
	char *themes = isms_asprintf("%s/themes", getenv("ISMS_SRCDIR"));
	int rc;

	setenv("TERM", "xterm-256color", 1);
	scratch = th_tmpdir();
	script = isms_asprintf("%s/keys", scratch);
	th_write(scratch, "keys", "?\n<End>\n");
	{
		FILE *f = fopen(script, "a");

		fprintf(f, "<Dump %s/help-theme.txt>\n", scratch);
		fclose(f);
	}
	setenv("ISMS_TUI_SCRIPT", script, 1);
	rc = th_isms(NULL, &err, dir, "tui --theme %s/dark.yaml", themes);
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "help-theme.txt");
	cr_assert(th_has(screen, "colours: on, theme dark, 256 colours"), "%s", screen);
	free(screen);

	/* Before the command too, and by name from the user's themes folder. */
	th_write(getenv("XDG_CONFIG_HOME"), "isms/themes/mine.yaml",
		 "name: mine\nslots:\n  title: {fg: 208, bg: 17, attr: [bold]}\n");
	err = NULL;
	rc = th_isms(NULL, &err, dir, "--theme mine");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "help-theme.txt");
	cr_assert(th_has(screen, "theme mine, 256 colours"), "%s", screen);
	free(screen);

	/* 8 colours: the numbers are mapped down. */
	setenv("TERM", "xterm", 1);
	err = NULL;
	rc = th_isms(NULL, &err, dir, "--theme mine");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "help-theme.txt");
	cr_assert(th_has(screen, "theme mine, 8 colours"), "%s", screen);
	free(screen);

	/* NO_COLOR still wins. */
	setenv("NO_COLOR", "1", 1);
	err = NULL;
	rc = th_isms(NULL, &err, dir, "--theme mine");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "help-theme.txt");
	cr_assert(th_has(screen, "NO_COLOR is set"), "%s", screen);
	free(screen);
	unsetenv("ISMS_TUI_SCRIPT");
	free(script);
	free(scratch);
	free(themes);
	free(dir);
}

Test(tui, every_theme_file_loads)
{
	static const char *const names[] = { "default", "light", "dark", "high-contrast", "monochrome" };
	char *dir = tui_fresh_isms(), *scratch = th_tmpdir(), *script, *keys;
	int rc;

	setenv("TERM", "xterm-256color", 1);
	script = isms_asprintf("%s/keys", scratch);
	keys = isms_asprintf("?\n<End>\n<Dump %s/help.txt>\n", scratch);
	th_write(scratch, "keys", keys);
	setenv("ISMS_TUI_SCRIPT", script, 1);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *err = NULL, *screen, *want = isms_asprintf("theme %s, 256 colours", names[i]);

		rc = th_isms(NULL, &err, dir, "tui --theme %s/themes/%s.yaml", getenv("ISMS_SRCDIR"), names[i]);
		tui_ran_cleanly(rc, err);
		screen = th_read(scratch, "help.txt");
		cr_assert(th_has(screen, want), "%s: %s", names[i], screen);
		free(screen);
		free(want);
	}
	unsetenv("ISMS_TUI_SCRIPT");
	free(keys);
	free(script);
	free(scratch);
	free(dir);
}

Test(tui, a_bad_theme_file_is_an_error_with_its_position)
{
	char *dir = tui_fresh_isms(), *err = NULL, *tmp = th_tmpdir(), *path;
	int rc;

	th_write(tmp, "bad.yaml", "name: bad\nslots:\n  title: {fg: white}\n  status: {fg: purple}\n");
	path = isms_asprintf("%s/bad.yaml", tmp);
	rc = th_isms(NULL, &err, dir, "tui --theme %s", path);
	cr_assert_eq(rc, 2, "exit %d", rc);
	cr_assert(th_has(err, "bad.yaml:4:16: unknown colour 'purple'"), "%s", err);
	free(err);

	err = NULL;
	th_write(tmp, "bad2.yaml", "name: bad\nslots:\n  titel: {fg: white}\n");
	rc = th_isms(NULL, &err, dir, "tui --theme %s/bad2.yaml", tmp);
	cr_assert_eq(rc, 2);
	cr_assert(th_has(err, "bad2.yaml:3:3: unknown slot 'titel'"), "%s", err);
	free(err);

	err = NULL;
	rc = th_isms(NULL, &err, dir, "--theme nosuchtheme");
	cr_assert_eq(rc, 2);
	cr_assert(th_has(err, "no theme 'nosuchtheme'"), "%s", err);
	free(err);
	free(path);
	free(tmp);
	free(dir);
}

Test(tui, a_keymap_file_rebinds_keys_and_help_shows_them)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	th_write(getenv("XDG_CONFIG_HOME"), "isms/config.yaml",
		 "keys:\n  next-step: [n, \"]\"]\n  quit: [x]\n");
	scratch = tui_walk(&rc, &err, dir, "n\n<Dump keymap-walk.txt>\n?\n<Dump keymap-help.txt>\nq\n<Esc>\nx\n"
				      "<Dump never.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "keymap-walk.txt");
	cr_assert(!th_has(screen, "walk: clause 1 of"), "n moved on: %s", screen);
	free(screen);
	screen = th_read(scratch, "keymap-help.txt");
	cr_assert(th_has(screen, "n, ]"), "%s", screen);
	free(screen);
	cr_assert_null(th_read(scratch, "never.txt"), "x quits");
	free(scratch);

	th_write(getenv("XDG_CONFIG_HOME"), "isms/config.yaml", "keys:\n  jump-around: [n]\n");
	err = NULL;
	rc = th_isms(NULL, &err, dir, "%s", "");
	cr_assert_eq(rc, 2);
	cr_assert(th_has(err, "config.yaml:2:3: unknown action 'jump-around'"), "%s", err);
	free(err);

	th_write(getenv("XDG_CONFIG_HOME"), "isms/config.yaml", "keys:\n  quit: [<Nope>]\n");
	err = NULL;
	rc = th_isms(NULL, &err, dir, "%s", "");
	cr_assert_eq(rc, 2);
	cr_assert(th_has(err, "config.yaml:2:10: unknown key '<Nope>'"), "%s", err);
	free(err);

	th_write(getenv("XDG_CONFIG_HOME"), "isms/config.yaml", "theme: high-contrast\n");
	err = NULL;
	rc = th_isms(NULL, &err, dir, "%s", "");
	cr_assert_eq(rc, 2, "not installed, so not found");
	cr_assert(th_has(err, "config.yaml: theme"), "%s", err);
	free(err);
	free(dir);
}

Test(tui, tmux_256color)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	if (system("infocmp tmux-256color >/dev/null 2>&1") != 0)
		cr_skip_test("no terminfo for tmux-256color");
	setenv("TERM", "tmux-256color", 1);
	scratch = tui_walk(&rc, &err, dir, "<Dump walk-fresh.txt>\n?\n<End>\n<Dump help-tmux.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-fresh.txt");
	screen = th_read(scratch, "help-tmux.txt");
	cr_assert(th_has(screen, "theme default, 256 colours"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

Test(tui, end_to_end_in_tmux_from_init_to_a_committed_record_and_a_sighup_draft)
{
	char *dir, *tmp, *sock, *screen, *out, *pid;

	if (th_sh(NULL, "/", "command -v tmux >/dev/null && command -v pgrep >/dev/null") != 0)
		cr_skip_test("tmux or pgrep is not installed");
	dir = tui_fresh_isms();
	sock = tui_tmux_start(&tmp, dir, "screen");
	free(tui_wait_for(sock, "walk: clause 1 of"));
	/* 4.1: its issues; n, a title typed in the form, w, Enter. */
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "records: clause 4.1"));
	th_run("/", "tmux -S '%s' send-keys n", sock);
	free(tui_wait_for(sock, "form: ISS-001 (new)"));
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "typing:"));
	th_run("/", "tmux -S '%s' send-keys -l 'Supplier — 供应商 risk'", sock);
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "[modified]"));
	th_run("/", "tmux -S '%s' send-keys w", sock);
	free(tui_wait_for(sock, "Commit message"));
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	screen = tui_wait_for(sock, "saved ISS-001: [");
	free(screen);
	out = th_run(dir, "git log -1 --format='%%s|%%an'");
	cr_assert(th_has(out, "ISS-001: create Supplier — 供应商 risk|Test Author"), "%s", out);
	free(out);

	/* Edit again, then the session drops: SIGHUP to the process. */
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "typing:"));
	th_run("/", "tmux -S '%s' send-keys End", sock);
	th_run("/", "tmux -S '%s' send-keys -l ' (draft)'", sock);
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "[modified]"));
	pid = tui_pane_child(sock);
	th_run("/", "kill -HUP %s", pid);
	/* Wait for it to end (sanitizers make exits slow) before typing. */
	tui_wait_exit(pid);
	th_run("/", "tmux -S '%s' send-keys 'echo TUI-EXIT-$?' Enter", sock);
	free(tui_wait_for(sock, "TUI-EXIT-129"));
	out = th_run(dir, "stat -c %%a .git/isms/ui-drafts/ISS-001.yaml");
	cr_assert(th_has(out, "600"), "%s", out);
	free(out);
	out = th_read(dir, ".git/isms/ui-drafts/ISS-001.yaml");
	cr_assert(th_has(out, "Supplier — 供应商 risk (draft)"), "%s", out);
	free(out);
	/* The next start offers it. */
	th_run("/", "tmux -S '%s' send-keys clear Enter \"'%s'\" Enter", sock, getenv("ISMS_BIN"));
	free(tui_wait_for(sock, "Unsaved edits of ISS-001"));
	th_run("/", "tmux -S '%s' send-keys r", sock);
	free(tui_wait_for(sock, "(draft)"));
	th_run("/", "tmux -S '%s' send-keys Escape", sock);
	free(tui_wait_for(sock, "Unsaved changes to ISS-001"));
	free(pid);
	pid = tui_pane_child(sock);
	th_run("/", "tmux -S '%s' send-keys d q", sock);
	/* Only once it has ended may the shell be typed to: under load, keys
	 * sent too early would reach the workbench instead. */
	tui_wait_exit(pid);
	th_run("/", "tmux -S '%s' send-keys 'echo TUI-EXIT-$?' Enter", sock);
	free(tui_wait_for(sock, "TUI-EXIT-0"));
	tui_kill_tmux();
	tui_tmux_sock = NULL;
	free(pid);
	free(sock);
	free(tmp);
	free(dir);
}

/* Found in review: each of these once lost or changed a record. */

Test(tui, unchanged_fields_stay_unchanged)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen, *before, *after;
	int rc;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set 'title=Access policy' "
			     "--set \"scope=$(printf 'All staff\\nAll systems')\""), 0, "%s", err);
	free(err);
	free(th_run(dir, "printf 'retention: |\\n  six years\\n  after superseded\\n' >> policies/POL-001.yaml"
		    " && git commit -qam 'two-line retention'"));
	before = th_read(dir, "policies/POL-001.yaml");
	setenv("VISUAL", "true", 1);  /* an editor that changes nothing */
	/* Title: Enter, Enter. Retention (9 rows down): refused. Scope: the editor. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\ne\n<Enter>\n<Enter>\n<Dump same-title.txt>\n"
		       "<Down>\n<Down>\n<Down>\n<Down>\n<Down>\n<Down>\n<Down>\n<Down>\n<Down>\n"
		       "<Enter>\n<Dump two-lines.txt>\n<Down>\n<Down>\n<Enter>\n<Dump same-scope.txt>\nw\n<Enter>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "same-title.txt");
	cr_assert_not(th_has(screen, "[modified]"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "two-lines.txt");
	cr_assert(th_has(screen, "more than one line"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "same-scope.txt");
	cr_assert_not(th_has(screen, "[modified]"), "%s", screen);
	free(screen);
	after = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(after, before, "the file is as it was");
	free(after);
	free(before);
	free(scratch);
	free(dir);
}

Test(tui, a_stopped_session_keeps_its_draft_and_a_stale_draft_is_a_conflict)
{
	char *dir = tui_policy_isms(), *err, *scratch, *screen, *file;
	int rc;

	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\ne\n<Enter>\n<End>\n!\n<Enter>\n<Signal TERM>");
	cr_assert_eq(rc, 128 + 15, "exit %d: %s", rc, err);
	free(err);
	free(scratch);
	file = th_read(dir, ".git/isms/ui-drafts/POL-001.yaml");
	cr_assert(th_has(file, "title: Access policy!"), "SIGTERM keeps a draft too: %s", file);
	free(file);
	/* Someone changes the record; recovering the older draft must not undo it. */
	cr_assert_eq(th_isms(NULL, &err, dir, "set POL-001 owner=Bob"), 0, "%s", err);
	free(err);
	scratch = tui_walk(&rc, &err, dir, "r\nw\n<Enter>\n<Dump stale.txt>");
	free(err);
	screen = th_read(scratch, "stale.txt");
	cr_assert(th_has(screen, "changed"), "the save is refused as a conflict: %s", screen);
	free(screen);
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(file, "owner: Bob"), "Bob's change stays: %s", file);
	cr_assert_not(th_has(file, "Access policy!"), "%s", file);
	free(file);
	free(scratch);
	free(dir);
}

Test(tui, a_dialog_can_be_answered_in_a_terminal_too_small_to_show_it)
{
	char *dir = tui_policy_isms(), *err, *scratch, *before, *after;
	int rc;

	before = th_read(dir, "policies/POL-001.yaml");
	/* Edited, then the terminal shrinks: q asks save/discard, d discards and quits. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\ne\n<Enter>\n<End>\n!\n<Enter>\n<Resize 20x5>\n"
		       "q\nd\n<Resize 80x24>\n<Dump after-tiny.txt>");
	tui_ran_cleanly(rc, err);
	after = th_read(scratch, "after-tiny.txt");
	cr_assert_not(th_has(after, "Unsaved changes"), "the dialog was answered: %s", after);
	cr_assert_not(th_has(after, "form: POL-001"), "and the form left: %s", after);
	free(after);
	after = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(after, before, "discarded: the file is as it was");
	free(after);
	free(before);
	free(scratch);
	free(dir);
}

Test(tui, a_list_keeps_its_selection_when_it_reloads_after_a_save)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	for (int i = 1; i <= 3; i++) {
		cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set 'title=Policy %d'", i), 0, "%s", err);
		free(err);
	}
	/* Select POL-002, edit and save it, come back: e opens POL-002 again. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\n<Down>\ne\n<Enter>\n<End>\n!\n<Enter>\nw\n<Enter>\n"
		       "<Esc>\ne\n<Dump which.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "which.txt");
	cr_assert(th_has(screen, "form: POL-002"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

/* An ISMS with something in each section of document control: POL-001
 * overdue for review and changed by hand, POL-002 retired with its
 * retention ended, DOC-001 whose file was changed by hand, and a stray
 * untracked file. */
static char *isms_needing_control(void)
{
	char *dir = tui_fresh_isms(), *src = th_tmpdir(), *err = NULL;

	th_run(dir, "printf 'retention_years:\\n  policy: 1\\n' >> isms.yaml && git commit -qam retention");
	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set title=Access --set next_review=2025-12-01"),
		     0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Old --set next_review=2026-01-20"), 0);
	setenv("ISMS_TODAY", "2024-06-01", 1);
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire POL-002 -m Replaced"), 0);
	setenv("ISMS_TODAY", "2026-01-01", 1);
	th_write(src, "contract.md", "v1\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/contract.md --title 'Supplier contract'", src),
		     0, "%s", err);
	free(err);
	th_run(dir, "printf 'owner: Ana\\n' >> policies/POL-001.yaml");
	th_write(dir, "documents/files/contract.md", "v2, edited by hand\n");
	th_write(dir, "notes.txt", "not ISMS\n");
	free(src);
	return dir;
}

/* A finding that quotes a value of many lines, blank ones among them, is
 * one line (the line breaks written \\n) in `isms check` and in the view,
 * which shows it whole. */
Test(tui, a_finding_quoting_many_lines_is_one_line_and_shown_whole)
{
	char *dir = tui_fresh_isms(), *err = NULL, *out = NULL, *scratch, *screen;
	struct isms_buf text = ISMS_BUF_INIT;
	int rc;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set title=Access"), 0, "%s", err);
	free(err);
	isms_buf_puts(&text, "status: |\n");
	for (int i = 1; i <= 40; i++)
		isms_buf_printf(&text, "  line %d\n", i);
	isms_buf_puts(&text, "\n  after a blank line\n");
	free(th_run(dir, "sed -i '/^status:/d' policies/POL-001.yaml"));
	{
		char *file = th_read(dir, "policies/POL-001.yaml"), *whole;

		whole = isms_asprintf("%s%s", file, isms_buf_cstr(&text));
		th_write(dir, "policies/POL-001.yaml", whole);
		free(whole);
		free(file);
	}
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 1);
	cr_assert(th_has(out, "line 40\\n\\nafter a blank line\\n'; allowed values: draft,"), "%s", out);
	cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "%s", out);
	free(out);
	scratch = tui_walk(&rc, &err, dir, "D\nv\n<End>\n<Dump findings-long.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "findings-long.txt");
	cr_assert(th_has(screen, "retired"), "%s", screen);
	free(screen);
	isms_buf_free(&text);
	free(scratch);
	free(dir);
}

Test(tui, document_control_lists_validates_and_commits_files_changed_by_hand)
{
	char *dir = isms_needing_control(), *err, *scratch, *screen, *out;
	int rc;

	/* The walk's node after governance, then D from the walk: files (the
	 * document's file first), reviews, retention, external documents. */
	scratch = tui_walk(&rc, &err, dir,
		       "G\n<Down>\n<Down>\n<Down>\n<Dump walk-doc-control.txt>\n<Home>\nD\n"
		       "<Dump doc-control.txt>\nv\n<Dump doc-control-validate.txt>\n<Esc>\n"
		       "<Down>\n<Down>\nd\n<Dump doc-control-diff.txt>\n<Esc>\nv\n"
		       "<Dump doc-control-valid.txt>\n<Esc>\nc\n<Dump doc-control-commit.txt>\n<Enter>\n"
		       "<Dump doc-control-committed.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "walk-doc-control.txt");
	tui_same_screen(scratch, "doc-control.txt");
	tui_same_screen(scratch, "doc-control-validate.txt");
	tui_same_screen(scratch, "doc-control-diff.txt");
	tui_same_screen(scratch, "doc-control-commit.txt");
	tui_same_screen(scratch, "doc-control-committed.txt");
	screen = th_read(scratch, "walk-doc-control.txt");
	cr_assert(th_has(screen, "[!] D      Document control"), "%s", screen);
	cr_assert(th_has(screen, "Files changed outside      3"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control.txt");
	cr_assert(th_has(screen, "M  documents/files/contract.md"), "%s", screen);
	cr_assert(th_has(screen, "?  notes.txt"), "%s", screen);
	cr_assert(th_has(screen, "M  policies/POL-001.yaml"), "%s", screen);
	cr_assert(th_has(screen, "POL-001      2025-12-01  overdue  Access"), "%s", screen);
	cr_assert(th_has(screen, "POL-002      retired 2024-06-01, kept until 2025-06-01"), "%s", screen);
	cr_assert(th_has(screen, "! DOC-001"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-validate.txt");
	cr_assert(th_has(screen, "isms doc update DOC-001"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-diff.txt");
	cr_assert(th_has(screen, "+owner: Ana"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-valid.txt");
	cr_assert(th_has(screen, "No findings"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-committed.txt");
	cr_assert(th_has(screen, "committed policies/POL-001.yaml"), "%s", screen);
	cr_assert(!th_has(screen, "M  policies/POL-001.yaml"), "%s", screen);
	free(screen);
	/* Exactly that file, with the default message and its Record trailer. */
	out = th_git(dir, "log -1 --format='%s|%(trailers:key=Record,valueonly)'");
	cr_assert_str_eq(out, "POL-001: changes made outside the workbench|POL-001");
	free(out);
	out = th_run(dir, "git show --name-only --format= HEAD");
	cr_assert_str_eq(out, "policies/POL-001.yaml\n");
	free(out);
	free(scratch);
	free(dir);
}

/* Review and approval (27001 7.5.2) */

/* Approving from a record opened read-only shows the record approved, and
 * the view under the changes view is up to date when it comes back. */
Test(tui, the_record_shown_is_read_again_after_an_approval)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *keys, *word = tui_typed("POL-001");
	int rc;

	keys = isms_asprintf("/\n%s<Enter>\n<Enter>\n<Dump record-before.txt>\na\n<Enter>\n"
			     "<Dump record-after.txt>", word);
	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "record-before.txt");
	cr_assert(th_has(screen, "status: draft"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "record-after.txt");
	cr_assert(th_has(screen, "approved POL-001 v2.0"), "%s", screen);
	cr_assert(th_has(screen, "status: approved"), "%s", screen);
	cr_assert(th_has(screen, "version: '2.0'"), "%s", screen);
	free(screen);
	free(keys);
	free(word);
	free(scratch);
	free(dir);
}

Test(tui, changes_since_approval_review_and_approve_on_the_demo)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *keys, *out;
	char *word = tui_typed("POL-001"), *comments = tui_typed("Quarterly reviews are right");
	int rc;

	keys = isms_asprintf("/\n%s<Enter>\n<Enter>\nc\n<Dump changes.txt>\n<PgDn>\n"
			     "<Dump changes-diff.txt>\nv\n<Dump review-choice.txt>\na\n"
			     "<Dump review-comments.txt>\n%s<Enter>\n<Dump reviewed.txt>\na\n"
			     "<Dump approve-dialog.txt>\n<Enter>\n<Dump approved.txt>\n<Esc>\nh\n"
			     "<Dump history-approved.txt>", word, comments);
	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "changes.txt");
	screen = th_read(scratch, "changes.txt");
	cr_assert(th_has(screen, "changes in POL-001 since approved/POL-001/v1.0"), "%s", screen);
	cr_assert(th_has(screen, "Approved: v1.0 on 2026-03-16 by Jonas Vermeulen"), "%s", screen);
	cr_assert(th_has(screen, "Maren Holt: POL-001: quarterly access reviews"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "changes-diff.txt");
	screen = th_read(scratch, "changes-diff.txt");
	cr_assert(th_has(screen, "+  3. Access is granted for a job, reviewed every quarter"), "%s", screen);
	cr_assert(th_has(screen, "-  3. Access is granted for a job, reviewed twice a year"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "review-choice.txt");
	tui_same_screen(scratch, "review-comments.txt");
	screen = th_read(scratch, "reviewed.txt");
	cr_assert(th_has(screen, "reviewed POL-001 (approve)"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "approve-dialog.txt");
	screen = th_read(scratch, "approve-dialog.txt");
	cr_assert(th_has(screen, "Approve POL-001 as v2.0?"), "%s", screen);
	cr_assert(th_has(screen, "Information security policy"), "%s", screen);
	cr_assert(th_has(screen, "by Test Author <author@example.org>"), "%s", screen);
	cr_assert(th_has(screen, "A note (may be empty):"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "approved.txt");
	cr_assert(th_has(screen, "approved POL-001 v2.0"), "%s", screen);
	cr_assert(th_has(screen, "tag approved/POL-001/v2.0, not signed"), "%s", screen);
	/* The view now shows what changed since the approval just given. */
	cr_assert(th_has(screen, "changes in POL-001 since approved/POL-001/v2.0"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "history-approved.txt");
	screen = th_read(scratch, "history-approved.txt");
	cr_assert(th_has(screen, "[approved v2.0] POL-001: approve"), "%s", screen);
	cr_assert(th_has(screen, "POL-001: review v1.1 (approve)"), "%s", screen);
	cr_assert(th_has(screen, "[approved v1.0] POL-001: approve"), "%s", screen);
	free(screen);
	out = th_run(dir, "git cat-file -t approved/POL-001/v2.0 && git log -1 --format=%%B HEAD~1");
	cr_assert(th_has(out, "tag\n"), "%s", out);
	cr_assert(th_has(out, "Review: approve"), "%s", out);
	free(out);
	free(keys);
	free(word);
	free(comments);
	free(scratch);
	free(dir);
}

Test(tui, document_control_opens_a_document_with_the_viewer_and_refuses_commits_read_only)
{
	char *dir = isms_needing_control(), *bin = th_tmpdir(), *err, *scratch, *screen, *seen, *want;
	int rc;

	/* A viewer that records what it was given. */
	th_write(bin, "viewer", "#!/bin/sh\nprintf '%s\\n' \"$1\" > \"$(dirname \"$0\")/seen\"\n");
	th_run(bin, "chmod +x viewer");
	want = isms_asprintf("%s/viewer", bin);
	setenv("ISMS_VIEWER", want, 1);
	free(want);
	scratch = tui_walk(&rc, &err, dir, "D\n<End>\no\n<Dump doc-control-viewed.txt>");
	unsetenv("ISMS_VIEWER");
	tui_ran_cleanly(rc, err);
	seen = th_read(bin, "seen");
	cr_assert_not_null(seen, "the viewer did not run");
	cr_assert(th_has(seen, "/acme/documents/files/contract.md\n"), "%s", seen);
	free(seen);
	screen = th_read(scratch, "doc-control-viewed.txt");
	cr_assert(th_has(screen, "document control (7.5)"), "the view is back: %s", screen);
	free(screen);
	free(scratch);

	/* No viewer anywhere: the status bar names the file. */
	{
		char *path = isms_strdup(getenv("PATH"));

		setenv("PATH", bin, 1);
		scratch = tui_walk(&rc, &err, dir, "D\n<End>\no\n<Dump doc-control-no-viewer.txt>");
		setenv("PATH", path, 1);
		free(path);
	}
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "doc-control-no-viewer.txt");
	cr_assert(th_has(screen, "no viewer (set ISMS_VIEWER)"), "%s", screen);
	cr_assert(th_has(screen, "contract.md"), "%s", screen);
	free(screen);
	free(scratch);

	/* Read-only: nothing is committed. */
	seen = th_run(dir, "git rev-parse HEAD");
	scratch = tui_walk_args(&rc, &err, dir, "--read-only", "D\nc\n<Dump doc-control-read-only.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "doc-control-read-only.txt");
	cr_assert(th_has(screen, "read-only: nothing can be changed here"), "%s", screen);
	free(screen);
	screen = th_run(dir, "git rev-parse HEAD");
	cr_assert_str_eq(screen, seen);
	free(screen);
	free(seen);
	free(scratch);
	free(bin);
	free(dir);
}

/* As Maren Holt, the author of POL-001's draft in the demo, try to
 * approve it, then `dump` (keys, as walk takes them). */
static char *approve_as_its_author(int *rc, char **err, const char *dir, const char *dump)
{
	/* From a search result, a shows what changed; a there approves. */
	char *keys = isms_asprintf("/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\na\na\n<Enter>\n%s", dump);
	char *scratch;

	setenv("GIT_AUTHOR_NAME", "Maren Holt", 1);
	setenv("GIT_AUTHOR_EMAIL", "maren.holt@harbourlight.example", 1);
	setenv("GIT_COMMITTER_NAME", "Maren Holt", 1);
	setenv("GIT_COMMITTER_EMAIL", "maren.holt@harbourlight.example", 1);
	scratch = tui_walk(rc, err, dir, keys);
	free(keys);
	return scratch;
}

Test(tui, approve_and_review_are_refused_read_only_and_errors_change_nothing)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *before, *after;
	int rc;

	before = th_run(dir, "git rev-parse HEAD");
	/* RSK-001 is the first record of the search for RSK: not a document. */
	scratch = tui_walk_args(&rc, &err, dir, "--read-only", "/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\na\n"
			    "<Dump ro-approve.txt>\nv\n<Dump ro-review.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "ro-approve.txt");
	cr_assert(th_has(screen, "read-only: nothing can be changed here"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "ro-review.txt");
	cr_assert(th_has(screen, "read-only: nothing can be changed here"), "%s", screen);
	free(screen);
	free(scratch);
	scratch = tui_walk(&rc, &err, dir, "/\nR\nS\nK\n-\n0\n0\n1\n<Enter>\na\n<Dump not-a-document.txt>\n"
		       "C\n2\n0\n2\n6\n-\n1\n0\n-\n0\n1\n<Enter>\n<Dump changes-since.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "not-a-document.txt");
	cr_assert(th_has(screen, "not a controlled document"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "changes-since.txt");
	screen = th_read(scratch, "changes-since.txt");
	cr_assert(th_has(screen, "changes since 2026-10-01"), "%s", screen);
	cr_assert(th_has(screen, "the last commit before 2026-10-01"), "%s", screen);
	cr_assert(th_has(screen, "changed   POL-001"), "%s", screen);
	free(screen);
	free(scratch);
	/* A document never approved: the changes since it was created. */
	scratch = tui_walk(&rc, &err, dir, "/\nD\nO\nC\n-\n0\n0\n1\n<Enter>\nc\n<Dump never.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "never.txt");
	cr_assert(th_has(screen, "changes in DOC-001 since before its first commit"), "%s", screen);
	cr_assert(th_has(screen, "Never approved: the changes since it was created."), "%s", screen);
	cr_assert(th_has(screen, "added     DOC-001"), "%s", screen);
	free(screen);
	free(scratch);
	/* The author of the draft cannot approve it: said, nothing changes. */
	scratch = approve_as_its_author(&rc, &err, dir, "<Dump self.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "self.txt");
	/* Said in full, with the way out at its end. */
	tui_same_screen(scratch, "self.txt");
	cr_assert(th_has(screen, "not approved: Maren Holt <maren.holt@harbourlight.example> is an"),
		  "%s", screen);
	cr_assert(th_has(screen, "self_approval: [policy]"), "the way out is shown: %s", screen);
	free(screen);
	after = th_run(dir, "git rev-parse HEAD");
	cr_assert_str_eq(before, after, "nothing was committed");
	free(before);
	free(after);
	free(scratch);
	free(dir);
}

/* Issue 5, done: on the demo, a reviewer on an 80x24 vt100 sees what
 * changed in a policy since its approval and approves it as a person other
 * than its author; the approval commit and tag are signed and git verifies
 * them. The real binary, in tmux, with an SSH key made here. */
/* The demo in tmp/demo, where Rita Reviewer signs with an SSH key made
 * here (the passphrase `phrase`, no agent), the real binary started on it
 * in a tmux of 80x24 on vt100 (the socket into *sock), showing what
 * changed in POL-001 since its approval (returned: the screen). Skipped
 * without tmux, pgrep or ssh-keygen. */
static char *signing_reviewer(char **tmp, char **dir, char **sock, const char *phrase)
{
	char *err = NULL;

	if (th_sh(NULL, "/", "command -v tmux >/dev/null && command -v pgrep >/dev/null && "
			     "command -v ssh-keygen >/dev/null") != 0)
		cr_skip_test("tmux, pgrep or ssh-keygen is not installed");
	*tmp = th_tmpdir();
	*dir = isms_asprintf("%s/demo", *tmp);
	cr_assert_eq(th_isms(NULL, &err, *tmp, "demo --no-tui demo"), 0, "%s", err);
	free(err);
	/* The reviewer signs as git users do with SSH; the key lives outside
	 * the repository. */
	free(th_run(*tmp, "ssh-keygen -q -t ed25519 -N '%s' -C reviewer -f key && "
		    "printf 'rita@example.org namespaces=\"git\" %%s\\n' \"$(cat key.pub)\" > allowed && "
		    "cd demo && git config gpg.format ssh && git config user.signingkey \"$PWD/../key\" && "
		    "git config commit.gpgsign true && git config tag.gpgsign true && "
		    "git config gpg.ssh.allowedSignersFile \"$PWD/../allowed\" && "
		    "git config user.name 'Rita Reviewer' && git config user.email rita@example.org",
		    phrase));
	*sock = isms_asprintf("%s/tmux.sock", *tmp);
	unsetenv("TMUX");
	tui_tmux_sock = *sock;
	atexit(tui_kill_tmux);
	th_run(*dir, "tmux -S '%s' -f /dev/null new-session -d -x 80 -y 24 sh", *sock);
	/* Git's identity from the repository's configuration, not the test's;
	 * no agent holds the key. */
	th_run(*dir, "tmux -S '%s' send-keys \"cd '%s' && env -u SSH_AUTH_SOCK -u GIT_AUTHOR_NAME "
	       "-u GIT_AUTHOR_EMAIL -u GIT_AUTHOR_DATE -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL "
	       "-u GIT_COMMITTER_DATE TERM=vt100 LANG=C LC_ALL=C '%s'\" Enter", *sock, *dir,
	       getenv("ISMS_BIN"));
	free(tui_wait_for(*sock, "walk: clause 1 of 34"));
	th_run("/", "tmux -S '%s' send-keys / && tmux -S '%s' send-keys -l POL-001 && "
	       "tmux -S '%s' send-keys Enter", *sock, *sock, *sock);
	free(tui_wait_for(*sock, "search \"POL-001\""));
	th_run("/", "tmux -S '%s' send-keys Enter", *sock);
	free(tui_wait_for(*sock, "policies/POL-001.yaml (read-only)"));
	th_run("/", "tmux -S '%s' send-keys c", *sock);
	return tui_wait_for(*sock, "changes in POL-001 since approved/POL-001/v1.0");
}

Test(tui, a_reviewer_on_vt100_sees_the_changes_and_signs_the_approval)
{
	char *tmp, *dir, *sock, *screen, *pid, *out = NULL, *file, *approved;

	screen = signing_reviewer(&tmp, &dir, &sock, "");
	cr_assert(th_has(screen, "Approved: v1.0 on 2026-03-16 by Jonas Vermeulen"), "%s", screen);
	cr_assert(th_has(screen, "Maren Holt: POL-001: quarterly access reviews"), "%s", screen);
	free(screen);
	/* The vt100 entry knows no PgDn, but the terminal sends ESC [ 6 ~
	 * for it all the same: it must page, not close the view. */
	th_run("/", "tmux -S '%s' send-keys NPage", sock);
	screen = tui_wait_for(sock, "+  3. Access is granted for a job, reviewed every quarter by the system's");
	cr_assert(th_has(screen, "-  3. Access is granted for a job, reviewed twice a year"), "%s", screen);
	free(screen);
	th_run("/", "tmux -S '%s' send-keys a", sock);
	screen = tui_wait_for(sock, "Approve POL-001 as v2.0?");
	cr_assert(th_has(screen, "by Rita Reviewer <rita@example.org>"), "%s", screen);
	free(screen);
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	screen = tui_wait_for(sock, "approved POL-001 v2.0");
	cr_assert(th_has(screen, "tag approved/POL-001/v2.0, signed"), "%s", screen);
	free(screen);
	pid = tui_pane_child(sock);
	th_run("/", "tmux -S '%s' send-keys q", sock);
	tui_wait_exit(pid);
	free(pid);
	tui_kill_tmux();
	tui_tmux_sock = NULL;

	cr_assert_eq(th_sh(&out, dir, "git verify-commit HEAD 2>&1 && git verify-tag approved/POL-001/v2.0 2>&1"),
		     0, "%s", out);
	cr_assert(th_has(out, "Good \"git\" signature for rita@example.org"), "%s", out);
	free(out);
	out = th_run(dir, "git log -1 --format='%%an <%%ae>%%n%%(trailers:key=Approved-by,valueonly)'");
	cr_assert(th_has(out, "Rita Reviewer <rita@example.org>\nRita Reviewer <rita@example.org>"), "%s", out);
	free(out);
	approved = NULL;
	cr_assert_eq(th_isms(&approved, NULL, dir, "show POL-001 --approved"), 0);
	file = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(approved, file, "the approved text is the file");
	cr_assert(th_has(file, "version: '2.0'\n") || th_has(file, "version: \"2.0\"\n"), "%s", file);
	free(approved);
	free(file);
	free(sock);
	free(dir);
	free(tmp);
}

Test(tui, a_long_review_is_written_in_the_editor)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *out;
	int rc;

	setenv("EDITOR", "printf 'Point 3: who reviews access?\\nSay it is the owner.\\n' >", 1);
	scratch = tui_walk(&rc, &err, dir, "/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\nv\nc\n<Enter>\n<Dump reviewed.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "reviewed.txt");
	cr_assert(th_has(screen, "reviewed POL-001 (changes-requested)"), "%s", screen);
	free(screen);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "POL-001: review v1.1 (changes-requested)\n\n"
			      "Point 3: who reviews access?\nSay it is the owner.\n"), "%s", out);
	cr_assert(th_has(out, "Review: changes-requested\n"), "%s", out);
	free(out);
	free(scratch);
	free(dir);
}

/* What is approved is what the reviewer saw: a commit made while the
 * changes view is open refuses the approval from it, and a review refused
 * after its comments were written keeps them. */
Test(tui, a_commit_made_while_the_changes_view_is_open_refuses_its_approval)
{
	char *dir = tui_demo_isms(), *bin = th_tmpdir(), *err, *scratch, *screen, *editor, *out, *before;
	int rc;

	/* The editor of the comments: meanwhile another process commits. */
	th_write(bin, "editor", "#!/bin/sh\nsed -i 's/every quarter/every month/' policies/POL-001.yaml && "
		 "git commit -q -am 'POL-001: monthly' && printf 'Looks right\\n' > \"$1\"\n");
	th_run(bin, "chmod +x editor");
	editor = isms_asprintf("%s/editor", bin);
	setenv("EDITOR", editor, 1);
	scratch = tui_walk(&rc, &err, dir, "/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\nc\nv\na\n<Enter>\n"
		       "<Dump review-refused.txt>\n<Esc>\na\n<Dump approve-stale.txt>\n<Enter>\n"
		       "<Dump approve-stale-after.txt>");
	unsetenv("EDITOR");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "review-refused.txt");
	cr_assert(th_has(screen, "changed since it was read"), "%s", screen);
	cr_assert(th_has(screen, "your comments are kept in"), "%s", screen);
	cr_assert(!th_has(screen, "not committed"), "%s", screen);
	free(screen);
	out = th_run(dir, "cat .git/isms/ui-drafts/POL-001-review.txt && "
		     "stat -c %%a .git/isms/ui-drafts/POL-001-review.txt");
	cr_assert_str_eq(out, "Looks right600\n", "the comments are kept, 0600");
	free(out);
	tui_same_screen(scratch, "approve-stale.txt");
	screen = th_read(scratch, "approve-stale.txt");
	cr_assert(th_has(screen, "POL-001 changed since you opened this view; press c to see it again"),
		  "%s", screen);
	cr_assert(!th_has(screen, "Approve POL-001"), "no dialog: %s", screen);
	free(screen);
	out = th_run(dir, "git log -1 --format=%%s");
	cr_assert_str_eq(out, "POL-001: monthly\n", "nothing approved or reviewed");
	free(out);
	before = th_run(dir, "git tag -l 'approved/POL-001/*'");
	cr_assert_str_eq(before, "approved/POL-001/v1.0\n");
	free(before);
	free(editor);
	free(scratch);
	free(bin);
	free(dir);
}

/* A record with changes not committed is refused before any comment is
 * asked for. */
Test(tui, a_review_of_a_record_with_changes_not_committed_is_refused_before_the_comments)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen;
	int rc;

	th_run(dir, "echo '# a note' >> policies/POL-001.yaml");
	scratch = tui_walk(&rc, &err, dir, "/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\nv\n<Dump review-dirty.txt>\n"
		       "<Esc>\na\n<Dump approve-dirty.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "review-dirty.txt");
	cr_assert(th_has(screen, "has changes that are not committed"), "%s", screen);
	cr_assert(!th_has(screen, "your decision"), "no dialog: %s", screen);
	free(screen);
	screen = th_read(scratch, "approve-dirty.txt");
	cr_assert(th_has(screen, "has changes that are not committed"), "%s", screen);
	cr_assert(!th_has(screen, "Approve POL-001"), "no dialog: %s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

/* Signing with an SSH key that has a passphrase and no agent: the
 * screen gives way to the prompts (one for the commit, one for the tag),
 * with a line saying why, and comes back for the result. */
Test(tui, a_signing_passphrase_is_asked_on_a_clean_terminal)
{
	char *tmp, *dir, *sock, *screen, *pid, *out = NULL;

	free(signing_reviewer(&tmp, &dir, &sock, "open sesame"));
	th_run("/", "tmux -S '%s' send-keys a", sock);
	free(tui_wait_for(sock, "Approve POL-001 as v2.0?"));
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	screen = tui_wait_for(sock, "passphrase");
	cr_assert(th_has(screen, "Signing the approval of POL-001 with ssh-keygen..."), "%s", screen);
	cr_assert(!th_has(screen, "Approve POL-001"), "the dialog is gone: %s", screen);
	cr_assert(!th_has(screen, "changes in POL-001"), "the view is gone: %s", screen);
	free(screen);
	/* The commit's prompt, then the tag's. */
	th_run("/", "tmux -S '%s' send-keys -l 'open sesame' && tmux -S '%s' send-keys Enter", sock, sock);
	for (int i = 0, prompts = 0; prompts < 2; i++) {
		char *text = tui_pane(sock);

		prompts = 0;
		for (const char *p = text; (p = strstr(p, "passphrase")); p++)
			prompts++;
		cr_assert(prompts == 2 || i < 300, "no second prompt:\n%s", text);
		free(text);
		usleep(100 * 1000);
	}
	th_run("/", "tmux -S '%s' send-keys -l 'open sesame' && tmux -S '%s' send-keys Enter", sock, sock);
	screen = tui_wait_for(sock, "approved POL-001 v2.0");
	cr_assert(th_has(screen, "tag approved/POL-001/v2.0, signed"), "%s", screen);
	cr_assert(!th_has(screen, "passphrase"), "the screen is drawn again: %s", screen);
	free(screen);
	pid = tui_pane_child(sock);
	th_run("/", "tmux -S '%s' send-keys q", sock);
	tui_wait_exit(pid);
	free(pid);
	tui_kill_tmux();
	tui_tmux_sock = NULL;
	cr_assert_eq(th_sh(&out, dir, "git verify-commit HEAD 2>&1 && git verify-tag approved/POL-001/v2.0 2>&1"),
		     0, "%s", out);
	free(out);
	free(sock);
	free(dir);
	free(tmp);
}

/* On a review row of document control, c, a and v act on its record (what
 * changed, approve, review); on a file row c and v stay the file's. */
Test(tui, document_control_reviews_a_due_document_from_its_row)
{
	char *dir = isms_needing_control(), *err, *scratch, *screen;
	int rc;

	th_run(dir, "git commit -qam 'POL-001: an owner'");
	scratch = tui_walk(&rc, &err, dir, "D\n<Down>\n<Dump doc-control-review-row.txt>\nc\n"
		       "<Dump doc-control-changes.txt>\n<Esc>\nv\n<Dump doc-control-review.txt>\n<Esc>\n"
		       "a\n<Dump doc-control-approve-shows.txt>\na\n<Dump doc-control-approve.txt>\n<Esc>\n"
		       "<Esc>\n<Home>\nv\n"
		       "<Dump doc-control-file-v.txt>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "doc-control-review-row.txt");
	screen = th_read(scratch, "doc-control-review-row.txt");
	cr_assert(th_has(screen, "c changes  a approve  v review  Enter open record"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-changes.txt");
	cr_assert(th_has(screen, "changes in POL-001 since before its first commit"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-review.txt");
	cr_assert(th_has(screen, "Review of POL-001: your decision"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-approve.txt");
	cr_assert(th_has(screen, "Approve POL-001 as v1.0?"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "doc-control-file-v.txt");
	cr_assert(th_has(screen, "validate"), "%s", screen);
	cr_assert(!th_has(screen, "your decision"), "v on a file validates it: %s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

/* On a small terminal the dialogs of the review cycle keep what matters:
 * the question with its version, who acts, what to type, and a refusal
 * whole with its way out. */
Test(tui, review_dialogs_and_refusals_fit_a_small_terminal)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen;
	int rc;

	setenv("COLUMNS", "60", 1);
	setenv("LINES", "15", 1);
	scratch = tui_walk(&rc, &err, dir, "/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\na\na\n<Dump small-approve.txt>\n"
		       "<Esc>\nv\na\n<Dump small-review.txt>\n<Esc>");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "small-approve.txt");
	screen = th_read(scratch, "small-approve.txt");
	cr_assert(th_has(screen, "Approve POL-001 as v2.0?"), "%s", screen);
	cr_assert(th_has(screen, "by Test Author <author@example.org>"), "%s", screen);
	cr_assert(th_has(screen, "A note (may be empty):"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "small-review.txt");
	cr_assert(th_has(screen, "Review of POL-001 v1.1: comments"), "%s", screen);
	cr_assert(th_has(screen, "Comments (Enter on none opens"), "%s", screen);
	cr_assert(th_has(screen, "$EDITOR):"), "%s", screen);
	free(screen);
	free(scratch);
	/* The author cannot approve: the refusal is shown whole. */
	scratch = approve_as_its_author(&rc, &err, dir, "<Dump small-self.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "small-self.txt");
	cr_assert(th_has(screen, "self_approval: [policy]"), "the way out is shown: %s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

/* An approval whose commit is made but whose tag cannot be (tag signing
 * fails): said whole, on top, not hidden by the changes shown again; once
 * signing works, approving again asks to finish it and makes its tag. */
Test(tui, an_approval_whose_tag_fails_says_so_whole)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *head, *before;
	int rc;

	if (th_sh(NULL, "/", "command -v ssh-keygen >/dev/null") != 0)
		cr_skip_test("ssh-keygen is not installed");
	th_run(dir, "git config gpg.format ssh && git config user.signingkey /nonexistent/key && "
	       "git config commit.gpgsign false && git config tag.gpgsign true");
	head = th_git(dir, "rev-parse HEAD");
	before = th_read(dir, "policies/POL-001.yaml");
	scratch = tui_walk(&rc, &err, dir, "/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\nc\na\n<Enter>\n"
		       "<Dump approve-tag-failed.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "approve-tag-failed.txt");
	cr_assert(th_has(screen, "POL-001 was not approved, and nothing changed"), "%s", screen);
	cr_assert(th_has(screen, "signing with ssh-keygen failed"), "%s", screen);
	cr_assert(th_has(screen, "not approved: the reason is shown; Esc closes it"), "%s", screen);
	free(screen);
	free(scratch);
	/* Nothing of it is left: no commit, no tag, the file as it was. */
	screen = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(screen, head, "the approval commit is taken back");
	free(screen);
	screen = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(screen, before);
	free(screen);
	free(before);
	screen = th_run(dir, "git status --porcelain && git tag -l 'approved/POL-001/v2.0'");
	cr_assert_str_eq(screen, "", "clean, and no tag");
	free(screen);
	free(head);

	/* An approval whose tag was lost is unfinished. */
	free(th_run(dir, "git config tag.gpgsign false"));
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 0, "%s", err);
	free(err);
	free(th_run(dir, "git tag -d approved/POL-001/v2.0"));

	/* Approving again finishes that approval: its tag on its commit,
	 * nothing committed. */
	head = th_git(dir, "rev-parse HEAD");
	scratch = tui_walk(&rc, &err, dir, "/\nP\nO\nL\n-\n0\n0\n1\n<Enter>\nc\na\n"
		       "<Dump approve-finish.txt>\n<Enter>\n<Dump approve-finished.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "approve-finish.txt");
	cr_assert(th_has(screen, "Finish the approval of POL-001 v2.0?"), "%s", screen);
	cr_assert(th_has(screen, "has no tag approved/POL-001/v2.0"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "approve-finished.txt");
	cr_assert(th_has(screen, "finished the approval of POL-001 v2.0"), "%s", screen);
	free(screen);
	screen = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(screen, head, "nothing committed");
	free(screen);
	screen = th_git(dir, "rev-parse 'approved/POL-001/v2.0^{commit}'");
	cr_assert_str_eq(screen, head, "the tag is on the approval commit");
	free(screen);
	free(head);
	free(scratch);
	free(dir);
}
