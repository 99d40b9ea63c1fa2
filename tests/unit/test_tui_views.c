/* SPDX-License-Identifier: MIT */
/* The view model and the views that show the ISMS (issue 13): keys that
 * mean what the action table says in the view shown, help and hints per
 * view, dialog answers as actions, q and Q; pasted text; terminals. The
 * real binary runs a script of keys and dumps the screen (tui_helpers.h);
 * tmux drives it in a real terminal. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "tui_helpers.h"

TestSuite(views, .init = tui_setup, .timeout = 60);

/* Five steps down from 4.1 is 5.2, whose records are policies. */
#define TO_5_2 "j\nj\nj\nj\nj\n"

Test(views, help_and_hints_are_those_of_the_view_shown)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *walk_help, *list_help, *screen;
	int rc;

	scratch = tui_walk(&rc, &err, dir, "?\n<Dump walk-help.txt>\nq\n" TO_5_2 "<Enter>\n<Dump list.txt>\n"
				       "?\n<Dump list-help.txt>\n<PgDn>\n<Dump list-help-1.txt>\n<PgDn>\n<Dump list-help-2.txt>");
	tui_ran_cleanly(rc, err);
	walk_help = th_read(scratch, "walk-help.txt");
	list_help = th_read(scratch, "list-help.txt");
	cr_assert(th_has(walk_help, "Keys in the walk view") && th_has(walk_help, "next-step"), "%s", walk_help);
	cr_assert(!th_has(walk_help, " sort "), "sorting is the list's: %s", walk_help);
	cr_assert(th_has(list_help, "Keys in the list view") && th_has(list_help, "history"), "%s", list_help);
	cr_assert(!th_has(list_help, "next-step"), "] is the walk's: %s", list_help);
	free(walk_help);
	/* The dialogs' answers are listed, as the table names them. */
	screen = th_read(scratch, "list-help-2.txt");
	cr_assert(th_has(screen, "Answers in dialogs") && th_has(screen, "leave-discard"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "list-help-1.txt");
	cr_assert(th_has(screen, " sort ") || th_has(list_help, " sort "), "%s", screen);
	free(screen);
	/* The status bar: the walk's hints, then the list's. */
	screen = th_read(scratch, "list.txt");
	cr_assert(th_has(screen, "n:new") && th_has(screen, "q:close") && th_has(screen, "Q:quit"), "%s", screen);
	free(screen);
	free(list_help);
	tui_same_screen(scratch, "list-help.txt");
	free(scratch);
	free(dir);
}

Test(views, q_closes_the_view_and_quits_from_the_walk_and_Q_quits_from_anywhere)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	/* q in a list goes back to the walk; q there quits. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\nq\n<Dump back.txt>\nq\n<Dump never.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "back.txt");
	cr_assert(th_has(screen, "walk: clause 6 of 27"), "%s", screen);
	free(screen);
	cr_assert_null(th_read(scratch, "never.txt"), "q in the walk quits");
	free(scratch);
	/* Q quits from a view two deep. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\n?\nQ\n<Dump never.txt>");
	tui_ran_cleanly(rc, err);
	cr_assert_null(th_read(scratch, "never.txt"), "Q quits from the help over a list");
	free(scratch);
	free(dir);
}

Test(views, a_keymap_rebinds_a_dialog_answer_and_the_dialog_says_so)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen, *before, *after;
	int rc;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set 'title=Access policy'"), 0, "%s", err);
	free(err);
	before = th_read(dir, "policies/POL-001.yaml");
	th_write(getenv("XDG_CONFIG_HOME"), "isms/config.yaml", "keys:\n  leave-discard: [x]\n");
	/* Edit the title, leave: the question names x for discard; d no longer is. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\ne\n<Enter>\n<End>\n!\n<Enter>\n<Esc>\n"
				       "<Dump ask.txt>\nd\n<Dump still.txt>\nx\n<Dump left.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "ask.txt");
	cr_assert(th_has(screen, "s save, x discard, c cancel"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "still.txt");
	cr_assert(th_has(screen, "Unsaved changes to POL-001"), "d is not bound here now: %s", screen);
	free(screen);
	screen = th_read(scratch, "left.txt");
	cr_assert(!th_has(screen, "form: POL-001"), "x discarded and left: %s", screen);
	free(screen);
	after = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(after, before, "discarded: the file is as it was");
	free(after);
	free(before);
	free(scratch);
	unlink(isms_asprintf("%s/isms/config.yaml", getenv("XDG_CONFIG_HOME")));
	free(dir);
}

/* The number of commits on the branch. */
static int commits(const char *dir)
{
	char *out = th_run(dir, "git rev-list --count HEAD");
	int n = atoi(out);

	free(out);
	return n;
}

Test(views, a_pasted_text_with_line_breaks_is_text_and_commits_nothing)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc, before = commits(dir);

	/* 5.2's list, n: a new policy's form, Enter edits its title; the paste
	 * holds Enter, w and Enter, which typed would commit. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\nn\n<Enter>\n<Paste Access policy\\nw\\n>\n"
				       "<Dump pasted.txt>\n<Paste y\\ns>\n<Dump pasted-2.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "pasted.txt");
	cr_assert(th_has(screen, "Access policy w"), "line breaks became spaces: %s", screen);
	cr_assert(th_has(screen, "typing:"), "still editing the title: %s", screen);
	cr_assert(!th_has(screen, "Commit message"), "nothing asked to commit: %s", screen);
	free(screen);
	screen = th_read(scratch, "pasted-2.txt");
	cr_assert(th_has(screen, "Access policy w y s"), "%s", screen);
	free(screen);
	cr_assert_eq(commits(dir), before, "a paste committed nothing");
	cr_assert_null(th_read(dir, "policies/POL-001.yaml"), "and wrote no record");
	tui_same_screen(scratch, "pasted.txt");
	free(scratch);
	/* Pasted where no text is typed: not keys either (j, q would move, quit). */
	scratch = tui_walk(&rc, &err, dir, "<Paste jjq>\n<Dump walk.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "walk.txt");
	cr_assert(th_has(screen, "walk: clause 1 of 27"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

Test(views, a_paste_in_a_real_terminal_is_bracketed_and_commits_nothing)
{
	char *dir, *tmp, *sock, *screen, *pid;
	int before;

	if (th_sh(NULL, "/", "command -v tmux >/dev/null && command -v pgrep >/dev/null") != 0)
		cr_skip_test("tmux or pgrep is not installed");
	dir = tui_fresh_isms();
	before = commits(dir);
	tmp = th_tmpdir();
	sock = isms_asprintf("%s/tmux.sock", tmp);
	unsetenv("TMUX");
	tui_tmux_sock = sock;
	atexit(tui_kill_tmux);
	th_run(dir, "tmux -S '%s' -f /dev/null new-session -d -x 80 -y 24 sh", sock);
	th_run(dir, "tmux -S '%s' send-keys \"cd '%s' && TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 '%s'\" Enter",
	       sock, dir, getenv("ISMS_BIN"));
	free(tui_wait_for(sock, "walk: clause 1 of"));
	th_run("/", "tmux -S '%s' send-keys j j j j j Enter", sock);
	free(tui_wait_for(sock, "records: clause 5.2"));
	th_run("/", "tmux -S '%s' send-keys n", sock);
	free(tui_wait_for(sock, "form: POL-001 (new)"));
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "typing:"));
	/* tmux brackets the paste because the program asked for it. */
	th_run("/", "tmux -S '%s' set-buffer \"$(printf 'Access policy\\nw\\n')\"", sock);
	th_run("/", "tmux -S '%s' paste-buffer -p", sock);
	screen = tui_wait_for(sock, "Access policy w");
	cr_assert(th_has(screen, "typing:") && !th_has(screen, "Commit message"), "%s", screen);
	free(screen);
	cr_assert_eq(commits(dir), before, "a paste committed nothing");
	pid = tui_pane_child(sock);
	/* Enter typed (not pasted) ends the field's editing. */
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "[modified]"));
	th_run("/", "tmux -S '%s' send-keys Q", sock);
	free(tui_wait_for(sock, "Unsaved changes"));
	th_run("/", "tmux -S '%s' send-keys d", sock);
	tui_wait_exit(pid);
	free(pid);
	cr_assert_eq(commits(dir), before);
	cr_assert_null(th_read(dir, "policies/POL-001.yaml"));
	tui_kill_tmux();
	tui_tmux_sock = NULL;
	free(sock);
	free(tmp);
	free(dir);
}

Test(views, a_terminal_that_cannot_move_the_cursor_gets_a_message_and_exit_2)
{
	char *dir = tui_fresh_isms(), *err = NULL, *out = NULL, *scratch;
	int rc;

	setenv("TERM", "dumb", 1);
	scratch = tui_walk(&rc, &err, dir, "<Dump never.txt>");
	cr_assert_eq(rc, 2, "%s", err);
	cr_assert(th_has(err, "the terminal 'dumb' cannot move the cursor"), "%s", err);
	cr_assert(th_has(err, "isms status"), "names what works: %s", err);
	cr_assert(!th_has(err, "\033"), "no escape reaches the terminal: %s", err);
	cr_assert_null(th_read(scratch, "never.txt"));
	free(err);
	free(scratch);
	/* The commands work with it. */
	err = NULL;
	rc = th_isms(&out, &err, dir, "status");
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert(th_has(out, "4.1"), "%s", out);
	free(out);
	free(err);
	free(dir);
}
