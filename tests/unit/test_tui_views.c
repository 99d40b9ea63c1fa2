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
				       "?\n<Dump list-help.txt>\n<PgDn>\n<Dump list-help-1.txt>\n<PgDn>\n<Dump list-help-2.txt>\n"
				       "<PgDn>\n<Dump list-help-3.txt>\n<PgDn>\n<Dump list-help-4.txt>");
	tui_ran_cleanly(rc, err);
	walk_help = th_read(scratch, "walk-help.txt");
	list_help = th_read(scratch, "list-help.txt");
	cr_assert(th_has(walk_help, "Keys in the walk view") && th_has(walk_help, "next-step"), "%s", walk_help);
	cr_assert(!th_has(walk_help, " sort "), "sorting is the list's: %s", walk_help);
	cr_assert(th_has(list_help, "Keys in the list view") && th_has(list_help, "history"), "%s", list_help);
	cr_assert(!th_has(list_help, "next-step"), "] is the walk's: %s", list_help);
	free(walk_help);
	/* The dialogs' answers are listed, as the table names them, on one of
	 * the later pages. */
	{
		bool heading = false, answer = false;

		for (int page = 2; page <= 4; page++) {
			char *name = isms_asprintf("list-help-%d.txt", page);

			screen = th_read(scratch, name);
			heading = heading || th_has(screen, "Answers in dialogs");
			answer = answer || th_has(screen, "leave-discard");
			free(screen);
			free(name);
		}
		cr_assert(heading && answer, "the dialogs' answers are in the help");
	}
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
	cr_assert(th_has(screen, "walk: clause 6 of 34"), "%s", screen);
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
	char *dir = tui_policy_isms(), *err, *scratch, *screen, *before, *after;
	int rc;

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
	cr_assert(th_has(screen, "walk: clause 1 of 34"), "%s", screen);
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
	sock = tui_tmux_start(&tmp, dir, "xterm");
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

Test(views, the_risk_register_shows_levels_owners_acceptance_and_sorts_and_filters)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *filter = tui_typed("state:needed"), *keys;
	int rc;

	keys = isms_asprintf("R\n<Dump risks.txt>\ns\n<Dump risks-residual.txt>\n"
			     "f\n%s<Enter>\n<Dump risks-needed.txt>\n"
			     "<Resize 60x15>\n<Dump risks-60x15.txt>\n<Resize 80x24>\n<Enter>\n"
			     "<Dump risks-open.txt>", filter);
	scratch = tui_walk(&rc, &err, dir, keys);
	free(keys);
	free(filter);
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "risks.txt");
	tui_same_screen(scratch, "risks-60x15.txt");
	screen = th_read(scratch, "risks.txt");
	/* Levels by the method's names, marked without colour; the owner; acceptance. */
	cr_assert(th_has(screen, "RSK-001  !Critical !Medium   Tomasz Wie modify  accepted"), "%s", screen);
	cr_assert(th_has(screen, "! above Low: 3, not accepted: 1"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "risks-residual.txt");
	cr_assert(th_has(screen, "sort: residual level"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "risks-needed.txt");
	cr_assert(th_has(screen, "risks: 1 of 3") && th_has(screen, "RSK-002"), "%s", screen);
	free(screen);
	/* Enter opens the risk. */
	screen = th_read(scratch, "risks-open.txt");
	cr_assert(th_has(screen, "id: RSK-002"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

/* An acceptance that no longer holds (the risk assessed again by a hand
 * edit) is no acceptance in the register, as in the reports. */
Test(views, the_register_judges_an_acceptance_as_the_reports_do)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *csv, *out = NULL;
	int rc;

	free(th_run(dir, "sed -i 's/^status: accepted$/status: assessed/' risks/RSK-001.yaml && "
		    "git commit -qam 'RSK-001 assessed again, by hand'"));
	scratch = tui_walk(&rc, &err, dir, "R\n<Dump risks.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "risks.txt");
	cr_assert(th_has(screen, "RSK-001  !Critical !Medium   Tomasz Wie modify  NEEDED"), "%s", screen);
	cr_assert(th_has(screen, "not accepted: 2"), "%s", screen);
	free(screen);
	cr_assert_eq(th_isms(&out, NULL, dir, "export risks --format csv -o risks.csv"), 0);
	csv = th_read(dir, "risks.csv");
	cr_assert(th_has(csv, "void"), "the reports call it void: %s", csv);
	free(csv);
	free(out);
	free(scratch);
	free(dir);
}

Test(views, the_heat_map_counts_risks_per_cell_and_a_cell_lists_its_risks)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen;
	int rc;

	setenv("NO_COLOR", "1", 1);
	/* From the top-right cell (likelihood 5, impact 5): down to 4,5. */
	scratch = tui_walk(&rc, &err, dir, "M\n<Dump heatmap.txt>\n<Down>\n<Dump heatmap-4-5.txt>\n"
				       "t\n<Dump heatmap-residual.txt>\nt\n<Resize 120x30>\n"
				       "<Dump heatmap-wide.txt>\n<Resize 60x15>\n<Dump heatmap-60x15.txt>\n"
				       "<Resize 80x24>\n<Enter>\n<Dump heatmap-cell.txt>\n<Enter>\n"
				       "<Dump heatmap-risk.txt>");
	unsetenv("NO_COLOR");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "heatmap.txt");
	tui_same_screen(scratch, "heatmap-wide.txt");
	tui_same_screen(scratch, "heatmap-60x15.txt");
	screen = th_read(scratch, "heatmap-4-5.txt");
	cr_assert(th_has(screen, "4 Likely      L   .|!M   . !H   . !H   . !C  1<"), "%s", screen);
	cr_assert(th_has(screen, "impact 5 Severe: Critical, 1 risk"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "heatmap-residual.txt");
	cr_assert(th_has(screen, "Residual (after treatment)") && th_has(screen, "not rated (not on the map): 2"),
		  "%s", screen);
	free(screen);
	screen = th_read(scratch, "heatmap-wide.txt");
	cr_assert(th_has(screen, "Inherent (before treatment)") && th_has(screen, "Residual (after treatment)"),
		  "side by side: %s", screen);
	free(screen);
	screen = th_read(scratch, "heatmap-cell.txt");
	cr_assert(th_has(screen, "risks: 1 of 3") && th_has(screen, "filter: cell:4,5") &&
		  th_has(screen, "RSK-001"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "heatmap-risk.txt");
	cr_assert(th_has(screen, "id: RSK-001"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

Test(views, heat_map_cell_and_risk_in_a_real_terminal)
{
	char *dir, *tmp, *sock, *screen;

	if (th_sh(NULL, "/", "command -v tmux >/dev/null && command -v pgrep >/dev/null") != 0)
		cr_skip_test("tmux or pgrep is not installed");
	dir = tui_demo_isms();
	sock = tui_tmux_start(&tmp, dir, "vt100");
	free(tui_wait_for(sock, "walk: clause 1 of"));
	th_run("/", "tmux -S '%s' send-keys M", sock);
	free(tui_wait_for(sock, "heat map: 3 risks"));
	/* Likelihood 3, impact 3: two down and two left of the top right. */
	th_run("/", "tmux -S '%s' send-keys Down Down Left Left", sock);
	screen = tui_wait_for(sock, "likelihood 3 Possible, impact 3");
	cr_assert(th_has(screen, "!M  1<"), "%s", screen);
	free(screen);
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	screen = tui_wait_for(sock, "risks: 1 of 3");
	cr_assert(th_has(screen, "RSK-002"), "%s", screen);
	free(screen);
	th_run("/", "tmux -S '%s' send-keys Enter", sock);
	free(tui_wait_for(sock, "id: RSK-002"));
	tui_kill_tmux();
	tui_tmux_sock = NULL;
	free(sock);
	free(tmp);
	free(dir);
}

Test(views, the_soa_shows_decisions_filters_by_attribute_and_decides_from_the_list)
{
	char *dir = tui_demo_isms(), *err, *scratch, *screen, *keys, *file, *log;
	char *preventive = tui_typed("preventive"), *undecided = tui_typed("decision:undecided");
	char *why = tui_typed("Every office has a policy set");
	int rc;

	setenv("NO_COLOR", "1", 1);
	keys = isms_asprintf("S\n<Dump soa.txt>\nf\n%s<Enter>\n<Dump soa-preventive.txt>\n"
			     "f\n<C-u>\n%s<Enter>\n<Dump soa-undecided.txt>\n<Resize 60x15>\n"
			     "<Dump soa-60x15.txt>\n<Resize 80x24>\n"
			     /* A.5.1 applies: a reason picked, a justification, the message. */
			     "y\n<Dump soa-reason.txt>\n<Enter>\n%s<Enter>\n<Enter>\n<Dump soa-decided.txt>",
			     preventive, undecided, why);
	scratch = tui_walk(&rc, &err, dir, keys);
	unsetenv("NO_COLOR");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "soa.txt");
	tui_same_screen(scratch, "soa-60x15.txt");
	screen = th_read(scratch, "soa.txt");
	cr_assert(th_has(screen, "A.5.15   yes       risk-treatment  partial"), "%s", screen);
	cr_assert(th_has(screen, "SoA: 93 of 93, 90 undecided") && th_has(screen, "left to decide: 90"),
		  "%s", screen);
	free(screen);
	/* "preventive" finds the preventive controls (it found none before). */
	screen = th_read(scratch, "soa-preventive.txt");
	cr_assert(th_has(screen, "SoA: 83 of 93") && th_has(screen, "A.5.1 "), "%s", screen);
	free(screen);
	screen = th_read(scratch, "soa-undecided.txt");
	cr_assert(th_has(screen, "SoA: 90 of 93") && !th_has(screen, "A.5.15"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "soa-reason.txt");
	cr_assert(th_has(screen, "A.5.1 applies: why?") && th_has(screen, "risk-treatment"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "soa-decided.txt");
	cr_assert(th_has(screen, "89 undecided") && th_has(screen, "A.5.1 applies: ["), "%s", screen);
	cr_assert(!th_has(screen, "A.5.1    ?"), "decided, out of the undecided: %s", screen);
	free(screen);
	file = th_read(dir, "controls/A.5.1.yaml");
	cr_assert(th_has(file, "applicable: true") && th_has(file, "reason: risk-treatment") &&
		  th_has(file, "justification: Every office has a policy set"), "%s", file);
	free(file);
	log = th_run(dir, "git log -1 --format=%%s");
	cr_assert(th_has(log, "A.5.1: applicable (risk-treatment)"), "%s", log);
	free(log);
	free(keys);
	free(why);
	free(preventive);
	free(undecided);
	free(scratch);
	free(dir);
}

Test(views, combining_marks_and_emoji_are_drawn_and_edited_as_one_character)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	/* A title with decomposed accents (e + U+0301) and emoji sequences;
	 * Left then Backspace removes the second é whole, mark and all. */
	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\nn\n<Enter>\n"
				       "<Paste Cafe\xcc\x81 e\xcc\x81x \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb ok>\n"
				       "<Dump typed.txt>\n<Home>\n<Right>\n<Right>\n<Right>\n<Right>\n<Right>\n"
				       "<Right>\n<Backspace>\n<Dump edited.txt>\n<Resize 60x15>\n"
				       "<Dump edited-60x15.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "typed.txt");
	cr_assert(th_has(screen, "Cafe\xcc\x81 e\xcc\x81x \xf0\x9f\x91\xa9 ok"), "drawn, not '?': %s", screen);
	cr_assert(!th_has(screen, "Cafe?"), "%s", screen);
	free(screen);
	/* Six clusters right of Home is after the second é; Backspace takes it. */
	screen = th_read(scratch, "edited.txt");
	cr_assert(th_has(screen, "Cafe\xcc\x81 x \xf0\x9f\x91\xa9 ok"), "%s", screen);
	free(screen);
	tui_same_screen(scratch, "edited-60x15.txt");
	free(scratch);
	free(dir);
}

Test(views, line_editing_keys_delete_words_and_ends_and_move_by_words)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	scratch = tui_walk(&rc, &err, dir, TO_5_2 "<Enter>\nn\n<Enter>\n<Paste alpha beta gamma delta>\n"
				       "<C-w>\n<Dump c-w.txt>\n<C-Left>\n<C-k>\n<Dump c-k.txt>\n<C-Left>\n"
				       "<C-Right>\n<C-u>\n<Dump c-u.txt>\n<Esc>\n?\n<End>\n<Dump help.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "c-w.txt");
	cr_assert(th_has(screen, "title*               alpha beta gamma\n"), "%s", screen);
	cr_assert(th_has(screen, "C-w word, C-u start, C-k end"), "the keys are shown: %s", screen);
	free(screen);
	screen = th_read(scratch, "c-k.txt");
	cr_assert(th_has(screen, "title*               alpha beta\n"), "%s", screen);
	free(screen);
	/* Ctrl-Left to "beta", Ctrl-Right to its end, Ctrl-U: nothing before. */
	screen = th_read(scratch, "c-u.txt");
	cr_assert(th_has(screen, "title*               \n") || th_has(screen, "title*\n"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "help.txt");
	cr_assert(th_has(screen, "Ctrl-W: the word before the cursor"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

Test(views, long_lines_of_a_text_scroll_sideways)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set 'title=Access policy for every system, "
			     "network, application and office of the organisation, wherever it is, TAILEND'"),
		     0, "%s", err);
	free(err);
	/* The record read-only (a search result): lines are not wrapped. */
	scratch = tui_walk(&rc, &err, dir, "/\nP\nO\nL\n<Enter>\n<Enter>\n<Dump text.txt>\n<Right>\n<Right>\n"
				       "<Right>\n<Right>\n<Right>\n<Right>\n<Dump text-right.txt>\n<Left>\n<Left>\n"
				       "<Left>\n<Left>\n<Left>\n<Left>\n<Left>\n<Dump text-back.txt>");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "text.txt");
	cr_assert(th_has(screen, "title: Access policy") && !th_has(screen, "TAILEND"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "text-right.txt");
	cr_assert(th_has(screen, "TAILEND") && !th_has(screen, "title: Access"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "text-back.txt");
	cr_assert(th_has(screen, "title: Access policy"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}

Test(views, governance_by_process_lists_the_records_that_prove_each)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen;
	int rc;

	cr_assert_eq(th_isms(NULL, &err, dir, "new direction --set 'title=Risk appetite: Low' "
			     "--set process=direct"), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "new board-report --set 'title=ISMS report Q1'"), 0, "%s", err);
	free(err);
	setenv("NO_COLOR", "1", 1);
	scratch = tui_walk(&rc, &err, dir, "O\n<Dump governance.txt>\nj\nj\n<Enter>\n<Dump governance-open.txt>");
	unsetenv("NO_COLOR");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "governance.txt");
	screen = th_read(scratch, "governance.txt");
	cr_assert(th_has(screen, "governance: 3 of 4 processes evidenced"), "%s", screen);
	cr_assert(th_has(screen, "[ ] Evaluate (0)"), "nothing evaluates yet: %s", screen);
	cr_assert(th_has(screen, "[x] Direct (1)") && th_has(screen, "DIR-001"), "%s", screen);
	cr_assert(th_has(screen, "[x] Communicate (1)") && th_has(screen, "BRP-001"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "governance-open.txt");
	cr_assert(th_has(screen, "id: DIR-001"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}


/* Four committed values of a measurement of an objective on track, four of
 * one off track, and an objective whose target is no number. */
static char *trend_isms(void)
{
	char *dir = tui_fresh_isms();
	static const char *const rates[] = { "80%", "88%", "93%", "96%" };
	static const char *const hours[] = { "6 h", "5 h", "3.5 h", "4.5 h" };
	static const char *const days[] = { "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30" };

	th_isms_on(dir, "2026-01-02", "new objective --set 'title=Patch critical systems' --set 'target=>= 95%'");
	th_isms_on(dir, "2026-01-02", "new objective --set 'title=Restore service quickly' "
		"--set 'target=<= 4 hours'");
	th_isms_on(dir, "2026-01-02", "new objective --set 'title=Staff aware' --set 'target=everyone trained'");
	th_isms_on(dir, "2026-01-02", "new measurement --set 'title=Critical patch rate' --set objective=OBJ-001");
	th_isms_on(dir, "2026-01-02", "new measurement --set 'title=Restore time' --set objective=OBJ-002");
	th_isms_on(dir, "2026-01-02", "new measurement --set 'title=Phishing clicks' --set 'result=3' --set measured_on=2026-01-02");
	for (int i = 0; i < 4; i++) {
		char *args = isms_asprintf("set MEA-001 result=%s measured_on=%s", rates[i], days[i]);

		th_isms_on(dir, days[i], args);
		free(args);
		args = isms_asprintf("set MEA-002 'result=%s' measured_on=%s", hours[i], days[i]);
		th_isms_on(dir, days[i], args);
		free(args);
	}
	setenv("GIT_AUTHOR_DATE", "@1767225600 +0000", 1);
	setenv("GIT_COMMITTER_DATE", "@1767225600 +0000", 1);
	return dir;
}

Test(views, objectives_show_each_series_against_its_target)
{
	char *dir = trend_isms(), *err, *scratch, *screen;
	int rc;

	setenv("NO_COLOR", "1", 1);
	scratch = tui_walk(&rc, &err, dir, "T\n<Dump objectives.txt>\n<Enter>\n<Dump objectives-values.txt>\nq\n"
				       "<Resize 60x15>\n<Dump objectives-60x15.txt>\n?\n<Dump objectives-help.txt>\n"
				       "q\nq\n<Dump back.txt>");
	unsetenv("NO_COLOR");
	tui_ran_cleanly(rc, err);
	tui_same_screen(scratch, "objectives.txt");
	tui_same_screen(scratch, "objectives-60x15.txt");
	screen = th_read(scratch, "objectives.txt");
	cr_assert(th_has(screen, "objectives: 1 of 3 on track"), "%s", screen);
	/* 80, 88, 93, 96 from lowest to highest: _ - ~ ^; the latest meets >= 95%. */
	cr_assert(th_has(screen, "MEA-001  _-~^") && th_has(screen, "96%       2026-04-30 on track"), "%s", screen);
	cr_assert(th_has(screen, "OBJ-001  on track"), "%s", screen);
	/* 6, 5, 3.5, 4.5 hours: the latest misses <= 4. */
	cr_assert(th_has(screen, "MEA-002  ^-_-") && th_has(screen, "4.5 h     2026-04-30 off track"), "%s", screen);
	cr_assert(th_has(screen, "OBJ-002  off track"), "%s", screen);
	cr_assert(th_has(screen, "OBJ-003  target not numeric"), "%s", screen);
	/* A measurement of no objective is shown, not left out. */
	cr_assert(th_has(screen, "Measurements of no objective shown here") && th_has(screen, "MEA-003"),
		  "%s", screen);
	free(screen);
	screen = th_read(scratch, "objectives-values.txt");
	cr_assert(th_has(screen, "values of OBJ-001"), "%s", screen);
	cr_assert(th_has(screen, "2026-04-30  96%") && th_has(screen, "2026-01-31  80%"), "%s", screen);
	cr_assert(strstr(screen, "2026-04-30  96%") < strstr(screen, "2026-01-31  80%"), "newest first: %s",
		  screen);
	free(screen);
	screen = th_read(scratch, "objectives-60x15.txt");
	cr_assert(th_has(screen, "MEA-001  _-~^") && th_has(screen, "on track"), "%s", screen);
	cr_assert(th_has(screen, "off track"), "%s", screen);
	free(screen);
	/* Help lists the view's keys and says how a target is read. */
	screen = th_read(scratch, "objectives-help.txt");
	cr_assert(th_has(screen, "Keys in the objectives view"), "%s", screen);
	cr_assert(th_has(screen, "Enter") && th_has(screen, "objective's dated values"), "%s", screen);
	free(screen);
	screen = th_read(scratch, "back.txt");
	cr_assert(th_has(screen, "walk: clause 1 of"), "%s", screen);
	free(screen);
	free(scratch);
	free(dir);
}
