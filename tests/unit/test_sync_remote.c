/* SPDX-License-Identifier: MIT */
/* isms sync and its remote as git sees it: a remote given by name or by
 * address, branch.NAME.merge and remote.NAME.push, remote names with '/',
 * the server's answers to a push (moved on meanwhile, refused by a hook),
 * and --json; with a shared bare repository on disk and the real binary. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "sync_team.h"

TestSuite(sync_remote, .init = sync_setup);

/* The commit `ref` names in the shared repository (a line), or "". */
static char *hub_at(const struct team *t, const char *ref)
{
	char *out = NULL;

	th_sh(&out, t->hub, "git rev-parse -q --verify '%s^{commit}' 2>/dev/null", ref);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

Test(sync_remote, a_remote_given_as_an_address_is_fetched_and_pushed)
{
	struct team t = team_new();
	char *out, *args, *mine, *theirs;

	free(isms_expect(0, t.b, "new policy --set title=Access"));
	free(isms_expect(0, t.b, "sync"));
	set_title(t.a, "POL-001", "By address");
	args = isms_asprintf("sync file://%s", t.hub);
	out = isms_expect(0, t.a, args);
	cr_assert(th_has(out, "Merged"), "%s", out);
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	free(args);
	file_says(t.a, "policies/POL-002.yaml", "Access");
	pushed(&t, t.a);
	/* A folder is an address too. */
	free(isms_expect(0, t.b, "sync ../hub.git"));
	file_says(t.b, "policies/POL-001.yaml", "By address");
	mine = git1(t.b, "rev-parse", "HEAD");
	theirs = hub_at(&t, t.branch);
	cr_assert_str_eq(mine, theirs);
	free(mine);
	free(theirs);
	/* Neither a remote nor an address. */
	isms_says(2, t.a, "sync nowhere", "no remote 'nowhere' in this repository, and it is not "
		  "an address");
	team_free(&t);
}

Test(sync_remote, the_branch_s_upstream_is_merged_and_pushed_to)
{
	struct team t = team_new();
	char *ref, *mine, *theirs;

	/* Alice works on "work", whose upstream is the shared main branch. */
	free(th_run(t.a, "git switch -q -c work && git branch -q -u origin/%s", t.branch));
	set_title(t.a, "POL-001", "From work");
	free(isms_expect(0, t.b, "new policy --set title=Access"));
	free(isms_expect(0, t.b, "sync"));
	free(isms_expect(0, t.a, "sync"));
	file_says(t.a, "policies/POL-002.yaml", "Access");
	mine = git1(t.a, "rev-parse", "HEAD");
	theirs = hub_at(&t, t.branch);
	cr_assert_str_eq(mine, theirs, "pushed to the upstream branch");
	free(mine);
	free(theirs);
	ref = hub_at(&t, "work");
	cr_assert_str_eq(ref, "", "no branch 'work' on the shared repository: %s", ref);
	free(ref);
	team_free(&t);
}

Test(sync_remote, remote_push_is_honoured)
{
	struct team t = team_new();
	char *mine, *theirs, *out;

	free(th_run(t.a, "git config remote.origin.push 'refs/heads/*:refs/heads/review/*'"));
	set_title(t.a, "POL-001", "For review");
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	mine = git1(t.a, "rev-parse", "HEAD");
	out = isms_asprintf("review/%s", t.branch);
	theirs = hub_at(&t, out);
	cr_assert_str_eq(mine, theirs, "pushed where remote.origin.push says");
	free(out);
	free(theirs);
	free(mine);
	team_free(&t);
}

Test(sync_remote, remote_names_with_a_slash_keep_their_own_refs)
{
	struct team t = team_new();
	char *other = isms_asprintf("%s/other.git", t.top), *out;

	/* "team" and "team/hub": two remotes whose refs must not mix. */
	free(th_run(t.top, "git init -q --bare other.git"));
	free(th_run(t.a, "git remote add team/hub '%s' && git remote add team '%s'", t.hub, other));
	free(isms_expect(0, t.b, "new policy --set title=Access"));
	identity(t.b, "Carol", "carol@example.org");
	free(isms_expect(0, t.b, "approve POL-002"));
	free(isms_expect(0, t.b, "sync"));
	out = isms_expect(0, t.a, "sync team/hub");
	cr_assert(th_has(out, "Fast-forwarded"), "%s", out);
	free(out);
	file_says(t.a, "policies/POL-002.yaml", "Access");
	git_says(t.a, "git tag -l", "approved/POL-002/v1.0");
	git_says(t.a, "git for-each-ref --format='%(refname)' refs/isms/",
		 "refs/isms/remote-heads/team%2Fhub/");
	/* The other remote gets the branch new, and none of team/hub's refs. */
	out = isms_expect(0, t.a, "sync team");
	cr_assert(th_has(out, "did not have it yet"), "%s", out);
	free(out);
	out = th_run(t.a, "git for-each-ref --format='%%(refname)' refs/isms/remote-tags/team/");
	cr_assert_str_eq(out, "", "team's tags are its own: %s", out);
	free(out);
	free(other);
	team_free(&t);
}

/* Alice's clone pushes through a receive-pack that, the first `times`
 * pushes, makes Bob change POL-001's title and push first: the remote
 * moves on after Alice's sync fetched and before its push is answered. */
static void bob_pushes_meanwhile(const struct team *t, int times)
{
	char *script = isms_asprintf(
		"#!/bin/sh\n"
		"# SPDX-License-Identifier: MIT\n"
		"n=$(cat '%s/pushes' 2>/dev/null || echo 0)\n"
		"if [ \"$n\" -lt %d ]; then\n"
		"  echo $((n + 1)) > '%s/pushes'\n"
		"  (unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE; cd '%s' &&\n"
		"   \"$ISMS_BIN\" set POL-001 \"title=Bob's title $n\" &&\n"
		"   git push -q origin HEAD) >/dev/null 2>&1 || exit 1\n"
		"fi\n"
		"exec git-receive-pack \"$@\"\n", t->top, times, t->top, t->b);

	th_write(t->top, "receive-pack.sh", script);
	free(th_run(t->top, "chmod +x receive-pack.sh"));
	free(th_run(t->a, "git config remote.origin.receivepack '%s/receive-pack.sh'", t->top));
	free(script);
}

Test(sync_remote, a_push_refused_as_the_remote_moved_on_is_merged_and_tried_again)
{
	struct team t = team_new();
	char *out;

	bob_pushes_meanwhile(&t, 1);
	set_field(t.a, "POL-001", "owner", "Alice");
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "moved on while this sync ran (someone pushed meanwhile): fetched and "
			 "merged again"), "%s", out);
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	/* Both edits are on the shared repository. */
	file_says(t.a, "policies/POL-001.yaml", "title: Bob's title 0\n");
	file_says(t.a, "policies/POL-001.yaml", "owner: Alice\n");
	pushed(&t, t.a);
	clean(t.a);
	team_free(&t);
}

Test(sync_remote, a_remote_that_keeps_moving_on_stops_it_after_one_more_try)
{
	struct team t = team_new();
	char *out, *before, *after;

	bob_pushes_meanwhile(&t, 2);
	set_field(t.a, "POL-001", "owner", "Alice");
	out = isms_expect(2, t.a, "sync");
	cr_assert(th_has(out, "was refused twice"), "%s", out);
	cr_assert(th_has(out, "your commits stay here"), "%s", out);
	free(out);
	/* Nothing lost: Alice's merge is here; the next sync completes. */
	file_says(t.a, "policies/POL-001.yaml", "owner: Alice\n");
	clean(t.a);
	before = git1(t.a, "rev-parse", "HEAD");
	free(isms_expect(0, t.a, "sync"));
	after = git1(t.a, "rev-parse", "HEAD");
	cr_assert_str_neq(before, after);
	file_says(t.a, "policies/POL-001.yaml", "title: Bob's title 1\n");
	file_says(t.a, "policies/POL-001.yaml", "owner: Alice\n");
	pushed(&t, t.a);
	free(before);
	free(after);
	team_free(&t);
}

Test(sync_remote, a_push_refused_by_the_server_s_hook_shows_its_message_and_keeps_ours)
{
	struct team t = team_new();
	char *out = NULL, *err = NULL, *before, *hub_before;

	th_write(t.hub, "hooks/pre-receive",
		 "#!/bin/sh\necho 'main is protected: open a merge request' >&2\nexit 1\n");
	free(th_run(t.hub, "chmod +x hooks/pre-receive"));
	set_title(t.a, "POL-001", "Refused");
	before = git1(t.a, "rev-parse", "HEAD");
	hub_before = hub_at(&t, t.branch);
	cr_assert_eq(th_isms(&out, &err, t.a, "sync"), 2, "%s%s", out, err);
	cr_assert(th_has(err, "remote: main is protected: open a merge request"), "%s", err);
	cr_assert(th_has(err, "origin refused the push (pre-receive hook declined): the server's "
			 "message is above; your commits stay here"), "%s", err);
	free(out);
	free(err);
	unmoved(t.a, before);
	file_says(t.a, "policies/POL-001.yaml", "Refused");
	out = hub_at(&t, t.branch);
	cr_assert_str_eq(out, hub_before, "nothing reached the shared branch");
	free(out);
	free(hub_before);
	team_free(&t);
}

Test(sync_remote, json_tells_what_was_done_and_what_is_in_conflict)
{
	struct team t = team_new();
	char *out = NULL;

	set_title(t.a, "POL-001", "Title by Alice");
	set_field(t.a, "POL-001", "owner", "Alice");
	set_title(t.b, "POL-001", "Title by Bob");
	free(isms_expect(0, t.b, "sync --json"));
	cr_assert_eq(th_isms(&out, NULL, t.a, "sync --json"), 1);
	cr_assert(th_has(out, "{\"outcome\":\"conflicts\",\"error\":null,\"remote\":\"origin\""),
		  "%s", out);
	cr_assert(th_has(out, "\"kind\":\"both-changed\",\"id\":\"POL-001\""), "%s", out);
	cr_assert(th_has(out, "\"fields\":[{\"name\":\"title\",\"base\":\"Security\","
			 "\"ours\":\"Title by Alice\",\"theirs\":\"Title by Bob\","
			 "\"ours_by\":\"Alice <alice@example.org>\",\"ours_commit\":\""), "%s", out);
	cr_assert(th_has(out, "\"author\":\"Bob <bob@example.org>\""), "%s", out);
	th_write(t.top, "sync.json", out);
	cr_assert_eq(th_sh(NULL, t.top, "/usr/bin/python3 -m json.tool sync.json >/dev/null"), 0,
		     "valid JSON: %s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, t.a, "sync --json --theirs POL-001"), 0);
	cr_assert(th_has(out, "{\"outcome\":\"merged\""), "%s", out);
	cr_assert(th_has(out, "\"pushed\":true"), "%s", out);
	cr_assert(th_has(out, "\"conflicts\":[]"), "%s", out);
	free(out);
	/* A failure is JSON too, with the message. */
	cr_assert_eq(th_isms(&out, NULL, t.a, "sync nowhere --json"), 2);
	cr_assert(th_has(out, "{\"outcome\":\"failed\",\"error\":\"no remote 'nowhere'"), "%s", out);
	free(out);
	team_free(&t);
}
