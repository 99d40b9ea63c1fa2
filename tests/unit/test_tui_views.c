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
