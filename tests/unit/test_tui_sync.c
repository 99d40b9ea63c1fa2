/* SPDX-License-Identifier: MIT */
/* Sync in the TUI (issue 17 item 4): Y leaves the screen to git, syncs
 * with the shared repository, and shows what came in record by record, or
 * the conflicts field by field with both authors and the commands that
 * resolve them; nothing is lost. Two clones and a bare repository
 * (sync_team.h), the real binary driven by a key script (tui_helpers.h). */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "sync_team.h"
#include "tui_helpers.h"

static void setup(void)
{
	tui_setup();
	/* Each clone says who its author is. */
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
}

TestSuite(tui_sync, .init = setup, .timeout = 60);

Test(tui_sync, what_came_in_is_listed_record_by_record)
{
	struct team t = team_new();
	char *err = NULL, *scratch, *screen, *file;
	int rc;

	bob_adds_a_policy(&t);
	scratch = tui_walk(&rc, &err, t.a, "Y\n<Dump synced.txt>\nq\nq");
	cr_assert_eq(rc, 0, "%s", err);
	free(err);
	screen = th_read(scratch, "synced.txt");
	cr_assert(th_has(screen, "Fast-forwarded") && th_has(screen, "What came in"), "%s", screen);
	cr_assert(th_has(screen, "POL-002") && th_has(screen, "Access"), "%s", screen);
	/* It is here now, and both sides hold the same commit. */
	file = th_read(t.a, "policies/POL-002.yaml");
	cr_assert(file && th_has(file, "Access"), "%s", file ? file : "(no file)");
	pushed(&t, t.a);
	clean(t.a);
	free(file);
	free(screen);
	free(scratch);
	team_free(&t);
}

Test(tui_sync, a_conflict_is_shown_field_by_field_and_nothing_is_lost)
{
	struct team t = team_new();
	char *err = NULL, *scratch, *screen, *before, *mine, *theirs;
	int rc;

	set_title(t.b, "POL-001", "Security by Bob");
	free(isms_expect(0, t.b, "sync"));
	set_title(t.a, "POL-001", "Security by Alice");
	before = git1(t.a, "rev-parse", "HEAD");
	scratch = tui_walk(&rc, &err, t.a, "Y\n<Dump conflict.txt>\nq\nq");
	cr_assert_eq(rc, 0, "%s", err);
	free(err);
	screen = th_read(scratch, "conflict.txt");
	cr_assert(th_has(screen, "conflict(s)") && th_has(screen, "nothing was changed here"), "%s", screen);
	cr_assert(th_has(screen, "POL-001") && th_has(screen, "field title:"), "%s", screen);
	cr_assert(th_has(screen, "'Security by Alice' by Alice") &&
		  th_has(screen, "'Security by Bob' by Bob"), "%s", screen);
	cr_assert(th_has(screen, "isms sync --ours POL-001") &&
		  th_has(screen, "isms sync --theirs POL-001"), "%s", screen);
	/* Nothing lost: Alice's branch and file as they were, Bob's on the hub. */
	unmoved(t.a, before);
	mine = th_run(t.a, "git show HEAD:policies/POL-001.yaml");
	theirs = th_run(t.hub, "git show %s:policies/POL-001.yaml", t.branch);
	cr_assert(th_has(mine, "Security by Alice"), "%s", mine);
	cr_assert(th_has(theirs, "Security by Bob"), "%s", theirs);
	clean(t.a);
	free(before);
	free(mine);
	free(theirs);
	free(screen);
	free(scratch);
	team_free(&t);
}
