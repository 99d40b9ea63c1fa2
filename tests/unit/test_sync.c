/* SPDX-License-Identifier: MIT */
/* isms sync end to end: a bare repository and two clones made with real
 * git, each with its own author, and the real binary. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sync_team.h"
#include "isms/alloc.h"

TestSuite(sync, .init = sync_setup);

Test(sync, fast_forward_and_already_up_to_date)
{
	struct team t = team_new();
	char *out;

	free(isms_expect(0, t.b, "new policy --set title=Access"));
	isms_says(0, t.b, "sync", "Pushed");
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "Fast-forwarded"), "%s", out);
	cr_assert(th_has(out, "1 record came in"), "%s", out);
	free(out);
	file_says(t.a, "policies/POL-002.yaml", "Access");
	pushed(&t, t.a);
	clean(t.a);
	isms_says(0, t.a, "sync", "Already up to date");
	team_free(&t);
}

Test(sync, edits_to_different_records_merge_with_two_parents)
{
	struct team t = team_new();
	char *out, *parents;

	bob_adds_a_policy(&t);
	set_title(t.a, "POL-001", "Security, revised by Alice");
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "Merged"), "%s", out);
	cr_assert(th_has(out, "1 record came in"), "%s", out);
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	file_says(t.a, "policies/POL-001.yaml", "revised by Alice");
	file_says(t.a, "policies/POL-002.yaml", "Access");
	parents = git1(t.a, "rev-list --parents -1", "HEAD");
	cr_assert_eq(strlen(parents), 3 * 40 + 2, "a merge has two parents: %s", parents);
	git_says(t.a, "git log -1 --format=%B", "Synced-from: origin/");
	git_says(t.a, "git log -1 --format=%B", "Records-merged: 1");
	pushed(&t, t.a);
	clean(t.a);
	/* Bob gets both by fast-forward. */
	free(isms_expect(0, t.b, "sync"));
	file_says(t.b, "policies/POL-001.yaml", "revised by Alice");
	free(parents);
	team_free(&t);
}

/* Both edit POL-001; Bob syncs first, then Alice: what she is told. *head
 * (if not NULL) gets her commit. */
static char *conflict(struct team *t, char **head)
{
	set_title(t->a, "POL-001", "Title by Alice");
	if (head)
		*head = git1(t->a, "rev-parse", "HEAD");
	set_title(t->b, "POL-001", "Title by Bob");
	free(isms_expect(0, t->b, "sync"));
	return isms_expect(1, t->a, "sync");
}

Test(sync, the_same_record_edited_twice_is_a_conflict_and_nothing_is_lost)
{
	struct team t = team_new();
	char *before, *out = conflict(&t, &before);

	cr_assert(th_has(out, "POL-001 (policies/POL-001.yaml): changed here and on origin/"), "%s", out);
	cr_assert(th_has(out, "by Alice <alice@example.org>"), "%s", out);
	cr_assert(th_has(out, "by Bob <bob@example.org>"), "%s", out);
	cr_assert(th_has(out, "isms sync --ours POL-001\n"), "%s", out);
	free(out);
	/* Ours is untouched (the file and the branch), theirs is on origin/BRANCH. */
	file_says(t.a, "policies/POL-001.yaml", "Title by Alice");
	unmoved(t.a, before);
	out = th_run(t.a, "git show origin/%s:policies/POL-001.yaml", t.branch);
	cr_assert(th_has(out, "Title by Bob"), "theirs is on origin/%s: %s", t.branch, out);
	free(out);
	/* The comparison the report suggests works. */
	cr_assert_eq(th_isms(&out, NULL, t.a, "diff POL-001 %s origin/%s", t.branch, t.branch), 0);
	cr_assert(th_has(out, "+title: Title by Bob"), "%s", out);
	free(out);
	clean(t.a);
	team_free(&t);
}

Test(sync, taking_theirs_keeps_ours_in_history)
{
	struct team t = team_new();

	free(conflict(&t, NULL));
	isms_says(0, t.a, "sync --theirs POL-001", "Merged");
	file_says(t.a, "policies/POL-001.yaml", "Title by Bob");
	git_says(t.a, "git show HEAD^1:policies/POL-001.yaml", "Title by Alice");
	git_says(t.a, "git log -1 --format=%B", "Conflict-resolved: POL-001 took theirs (ours: ");
	pushed(&t, t.a);
	team_free(&t);
}

Test(sync, keeping_ours_keeps_theirs_in_history)
{
	struct team t = team_new();

	free(conflict(&t, NULL));
	free(isms_expect(0, t.a, "sync --ours POL-001"));
	file_says(t.a, "policies/POL-001.yaml", "Title by Alice");
	git_says(t.a, "git show HEAD^2:policies/POL-001.yaml", "Title by Bob");
	git_says(t.a, "git log -1 --format=%B", "Conflict-resolved: POL-001 kept ours (theirs: ");
	/* Bob then gets Alice's version by fast-forward. */
	free(isms_expect(0, t.b, "sync"));
	file_says(t.b, "policies/POL-001.yaml", "Title by Alice");
	team_free(&t);
}

Test(sync, deleted_on_one_side_and_changed_on_the_other_is_a_conflict)
{
	struct team t = team_new();
	char *out;

	free(th_run(t.a, "git rm -q policies/POL-001.yaml && git commit -q -m 'drop POL-001'"));
	set_title(t.b, "POL-001", "Title by Bob");
	free(isms_expect(0, t.b, "sync"));
	isms_says(1, t.a, "sync", "POL-001 (policies/POL-001.yaml): deleted here, changed on origin/");
	out = th_read(t.a, "policies/POL-001.yaml");
	cr_assert_null(out, "ours (deleted) is kept");
	out = isms_expect(0, t.a, "sync --theirs POL-001");
	free(out);
	file_says(t.a, "policies/POL-001.yaml", "Title by Bob");
	git_says(t.a, "git log -1 --format=%B", "Conflict-resolved: POL-001 took theirs (ours: deleted in ");
	team_free(&t);
}

Test(sync, a_local_change_the_merge_would_touch_stops_it_before_anything_changes)
{
	struct team t = team_new();
	char *before, *out, *file;

	set_title(t.b, "POL-001", "Title by Bob");
	free(isms_expect(0, t.b, "sync"));
	/* A commit of Alice's own, so that the sync would be a merge. */
	free(isms_expect(0, t.a, "new policy --set title=Access"));
	th_write(t.a, "policies/POL-001.yaml", "id: POL-001\ntitle: Alice is typing\n");
	before = git1(t.a, "rev-parse", "HEAD");
	out = isms_expect(2, t.a, "sync");
	cr_assert(th_has(out, "policies/POL-001.yaml"), "%s", out);
	cr_assert(th_has(out, "nothing was changed"), "%s", out);
	free(out);
	unmoved(t.a, before);
	file = th_read(t.a, "policies/POL-001.yaml");
	cr_assert_str_eq(file, "id: POL-001\ntitle: Alice is typing\n", "the local change is kept");
	free(file);
	team_free(&t);
}

Test(sync, approval_tags_travel_through_the_shared_repository)
{
	struct team t = team_new();
	char *type;

	free(isms_expect(0, t.b, "approve POL-001"));
	free(isms_expect(0, t.b, "sync"));
	type = git1(t.hub, "cat-file -t", "approved/POL-001/v1.0");
	cr_assert_str_eq(type, "tag", "the annotated tag is pushed");
	free(type);
	free(isms_expect(0, t.a, "sync"));
	type = git1(t.a, "cat-file -t", "approved/POL-001/v1.0");
	cr_assert_str_eq(type, "tag", "and fetched");
	free(type);
	isms_says(0, t.a, "show POL-001 --approved", "status: approved");
	team_free(&t);
}

Test(sync, a_file_that_came_in_and_cannot_be_read_is_reported)
{
	struct team t = team_new();
	char *out;

	th_write(t.b, "policies/POL-009.yaml", "title: [unclosed\n");
	free(th_run(t.b, "git add policies/POL-009.yaml && git commit -q -m broken && git push -q origin HEAD"));
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "Fast-forwarded"), "%s", out);
	cr_assert(th_has(out, "policies/POL-009.yaml as on origin/"), "%s", out);
	free(out);
	team_free(&t);
}

Test(sync, usage_errors)
{
	struct team t = team_new();

	isms_says(2, t.a, "sync nowhere", "no remote 'nowhere'");
	isms_says(2, t.a, "sync --ours POL-001", "no record is in conflict");
	isms_says(2, t.a, "sync --ours POL-001 --theirs POL-001", "chosen twice");
	isms_says(2, t.a, "list --ours POL-001", "does not apply");
	isms_says(0, t.a, "help sync", "--theirs ID");
	team_free(&t);
}

Test(sync, the_merge_is_signed_when_git_is_configured_to_sign)
{
	struct team t = team_new();
	char *key = isms_asprintf("%s/alice-key", t.top);

	if (th_sh(NULL, "/", "command -v ssh-keygen") != 0)
		cr_skip_test("ssh-keygen is not installed");
	free(th_run(t.a, "ssh-keygen -q -t ed25519 -N '' -C alice -f '%s' && "
		    "printf 'alice@example.org namespaces=\"git\" %%s\\n' \"$(cat '%s.pub')\" > '%s.allowed' && "
		    "git config gpg.format ssh && git config user.signingkey '%s' && "
		    "git config commit.gpgsign true && git config gpg.ssh.allowedSignersFile '%s.allowed'",
		    key, key, key, key, key));
	bob_adds_a_policy(&t);
	set_title(t.a, "POL-001", "Title by Alice");
	isms_says(0, t.a, "sync", "Merged");
	free(th_run(t.a, "git verify-commit HEAD"));
	free(key);
	team_free(&t);
}

Test(sync, an_untracked_file_in_the_way_stops_it_too)
{
	struct team t = team_new();
	char *before;

	bob_adds_a_policy(&t);
	th_write(t.a, "policies/POL-002.yaml", "id: POL-002\ntitle: Not yet added\n");
	before = git1(t.a, "rev-parse", "HEAD");
	isms_says(2, t.a, "sync", "policies/POL-002.yaml");
	unmoved(t.a, before);
	file_says(t.a, "policies/POL-002.yaml", "Not yet added");
	team_free(&t);
}

Test(sync, without_git_it_says_what_is_missing)
{
	struct team t = team_new();
	char *out = NULL;

	cr_assert_eq(th_sh(&out, t.a, "PATH=/nonexistent \"$ISMS_BIN\" sync"), 2, "%s", out);
	cr_assert(th_has(out, "cannot run git"), "%s", out);
	free(out);
	team_free(&t);
}

/* Alice and Bob each add a risk: both are numbered RSK-001. Alice's action
 * ACT-001 refers to hers. */
static void both_add_a_risk(const struct team *t)
{
	free(isms_expect(0, t->b, "new risk --set title=BobsRisk"));
	free(isms_expect(0, t->b, "sync"));
	free(isms_expect(0, t->a, "new risk --set title=AlicesRisk"));
	free(isms_expect(0, t->a, "new action --set title=Mitigate --set risks=RSK-001"));
}

Test(sync, two_records_added_with_the_same_id_are_an_id_clash)
{
	struct team t = team_new();
	char *before, *out;

	both_add_a_risk(&t);
	before = git1(t.a, "rev-parse", "HEAD");
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "two different records were both numbered RSK-001"), "%s", out);
	cr_assert(th_has(out, "isms sync --renumber RSK-001"), "%s", out);
	cr_assert(!th_has(out, "isms diff RSK-001"), "no comparison of two different records: %s", out);
	free(out);
	unmoved(t.a, before);
	file_says(t.a, "risks/RSK-001.yaml", "AlicesRisk");
	clean(t.a);
	team_free(&t);
}

Test(sync, renumbering_keeps_both_records_and_our_references_follow)
{
	struct team t = team_new();
	char *out;

	both_add_a_risk(&t);
	free(isms_expect(1, t.a, "sync"));
	out = isms_expect(0, t.a, "sync --renumber RSK-001");
	cr_assert(th_has(out, "Your RSK-001 is now RSK-002 (risks/RSK-002.yaml)"), "%s", out);
	free(out);
	file_says(t.a, "risks/RSK-001.yaml", "title: BobsRisk");
	file_says(t.a, "risks/RSK-002.yaml", "id: RSK-002\n");
	file_says(t.a, "risks/RSK-002.yaml", "title: AlicesRisk");
	file_says(t.a, "actions/ACT-001.yaml", "- RSK-002\n");
	git_says(t.a, "git log -1 --format=%B", "Renumbered: RSK-001 -> RSK-002");
	git_says(t.a, "git show HEAD^1:risks/RSK-001.yaml", "AlicesRisk");
	pushed(&t, t.a);
	clean(t.a);
	/* Bob gets both. */
	free(isms_expect(0, t.b, "sync"));
	file_says(t.b, "risks/RSK-002.yaml", "AlicesRisk");
	team_free(&t);
}

Test(sync, given_ids_are_not_renumbered)
{
	struct team t = team_new();
	char *before;

	free(isms_expect(0, t.b, "new control --set id=A.5.1 --set 'title=By Bob'"));
	free(isms_expect(0, t.b, "sync"));
	free(isms_expect(0, t.a, "new control --set id=A.5.1 --set 'title=By Alice'"));
	isms_says(1, t.a, "sync", "both numbered A.5.1");
	before = git1(t.a, "rev-parse", "HEAD");
	isms_says(2, t.a, "sync --renumber A.5.1", "IDs are given, not numbered");
	unmoved(t.a, before);
	isms_says(2, t.a, "sync --renumber POL-001", "nothing to renumber");
	team_free(&t);
}

/* Bob adds POL-002; then Carol (in Bob's clone) and Alice each approve it
 * as v1.0, Carol first and synced. */
static void both_approve(const struct team *t)
{
	bob_adds_a_policy(t);
	free(isms_expect(0, t->a, "sync"));
	identity(t->b, "Carol", "carol@example.org");
	free(isms_expect(0, t->b, "approve POL-002"));
	free(isms_expect(0, t->b, "sync"));
	free(isms_expect(0, t->a, "approve POL-002"));
}

Test(sync, the_same_version_approved_on_both_sides_is_a_tag_conflict)
{
	struct team t = team_new();
	char *before, *mine, *out;

	both_approve(&t);
	before = git1(t.a, "rev-parse", "HEAD");
	mine = git1(t.a, "rev-parse", "approved/POL-002/v1.0");
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "approved/POL-002/v1.0: POL-002 was approved both here and on origin"),
		  "%s", out);
	cr_assert(th_has(out, "by Alice <alice@example.org>"), "%s", out);
	cr_assert(th_has(out, "by Carol <carol@example.org>"), "%s", out);
	cr_assert(th_has(out, "isms sync --theirs approved/POL-002/v1.0 --ours POL-002\n"), "%s", out);
	free(out);
	unmoved(t.a, before);
	before = git1(t.a, "rev-parse", "HEAD");
	/* Ours cannot replace the shared repository's tag. */
	isms_says(2, t.a, "sync --ours POL-002", "never replaced");
	unmoved(t.a, before);
	/* Theirs: their tag here, ours kept aside, all pushed. */
	out = isms_expect(0, t.a, "sync --theirs approved/POL-002/v1.0 --theirs POL-002");
	cr_assert(th_has(out, "Took approved/POL-002/v1.0 from origin"), "%s", out);
	free(out);
	out = git1(t.a, "rev-parse", "approved/POL-002/v1.0");
	before = git1(t.hub, "rev-parse", "approved/POL-002/v1.0");
	cr_assert_str_eq(out, before, "their tag is taken");
	free(out);
	free(before);
	out = git1(t.a, "rev-parse", "refs/isms/replaced-tags/approved/POL-002/v1.0");
	cr_assert_str_eq(out, mine, "ours is kept");
	free(out);
	free(mine);
	pushed(&t, t.a);
	clean(t.a);
	isms_says(0, t.a, "sync", "Already up to date");
	team_free(&t);
}

Test(sync, a_fetch_that_fails_says_so_and_not_to_sync_again)
{
	struct team t = team_new();
	char *out;

	free(th_run(t.a, "git remote set-url origin '%s/nowhere.git'", t.top));
	out = isms_expect(2, t.a, "sync");
	cr_assert(th_has(out, "git could not fetch"), "%s", out);
	cr_assert(th_has(out, "git remote get-url origin"), "%s", out);
	cr_assert(!th_has(out, "sync again"), "%s", out);
	free(out);
	team_free(&t);
}

Test(sync, the_remote_branch_is_fetched_whatever_the_fetch_configuration_says)
{
	struct team t = team_new();

	/* Bob's clone fetches only another branch by its configuration. */
	free(th_run(t.b, "git config remote.origin.fetch '+refs/heads/other:refs/remotes/origin/other'"));
	free(isms_expect(0, t.a, "new policy --set title=Access"));
	free(isms_expect(0, t.a, "sync"));
	isms_says(0, t.b, "sync", "Fast-forwarded");
	file_says(t.b, "policies/POL-002.yaml", "Access");
	team_free(&t);
}

Test(sync, git_works_on_this_repository_whatever_git_dir_says)
{
	struct team t = team_new();
	char *out = NULL;

	free(th_run(t.top, "git init -q --bare other.git"));
	free(isms_expect(0, t.a, "new policy --set title=Access"));
	cr_assert_eq(th_sh(&out, t.a, "GIT_DIR='%s/other.git' GIT_INDEX_FILE='%s/index' "
			   "\"$ISMS_BIN\" sync", t.top, t.top), 0, "%s", out);
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	pushed(&t, t.a);
	out = th_run(t.top, "git --git-dir=other.git for-each-ref");
	cr_assert_str_eq(out, "", "the other repository is untouched: %s", out);
	free(out);
	team_free(&t);
}

Test(sync, a_file_that_became_a_symbolic_link_is_a_change)
{
	struct team t = team_new();
	char *out;

	th_write(t.a, "notes.txt", "hello\n");
	free(th_run(t.a, "git add notes.txt && git commit -q -m notes && git push -q origin HEAD"));
	free(th_run(t.b, "git pull -q && rm notes.txt && ln -s isms.yaml notes.txt && "
		    "git add notes.txt && git commit -q -m symlink && git push -q origin HEAD"));
	set_title(t.a, "POL-001", "Changed by Alice");
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "Merged"), "%s", out);
	cr_assert(th_has(out, "1 other file changed"), "%s", out);
	free(out);
	out = th_run(t.a, "readlink notes.txt");
	cr_assert_str_eq(out, "isms.yaml\n", "the link came in: %s", out);
	free(out);
	clean(t.a);
	team_free(&t);
}

Test(sync, a_file_here_and_a_folder_there_is_a_conflict_on_that_path)
{
	struct team t = team_new();
	char *before, *out;

	free(th_run(t.a, "mkdir -p documents/files && echo a > documents/files/x && git add -A && "
		    "git commit -q -m 'file x'"));
	free(th_run(t.b, "mkdir -p documents/files/x && echo b > documents/files/x/y && git add -A && "
		    "git commit -q -m 'folder x' && git push -q origin HEAD"));
	before = git1(t.a, "rev-parse", "HEAD");
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "documents/files/x: a file here, a folder on origin/"), "%s", out);
	cr_assert(th_has(out, "git mv"), "%s", out);
	free(out);
	unmoved(t.a, before);
	before = git1(t.a, "rev-parse", "HEAD");
	isms_says(2, t.a, "sync --ours documents/files/x", "no side can be chosen");
	unmoved(t.a, before);
	clean(t.a);
	team_free(&t);
}

Test(sync, a_shallow_clone_is_told_to_unshallow)
{
	struct team t = team_new();
	char *c = isms_asprintf("%s/c", t.top);

	set_title(t.a, "POL-001", "Two");
	set_title(t.a, "POL-001", "Three");
	free(th_run(t.a, "git push -q origin HEAD"));
	free(th_run(t.top, "git clone -q --depth 1 'file://%s' c", t.hub));
	identity(c, "Carol", "carol@example.org");
	free(th_run(t.b, "git pull -q"));
	bob_adds_a_policy(&t);
	free(isms_expect(0, c, "new risk --set title=C"));
	isms_says(2, c, "sync", "git fetch --unshallow");
	free(c);
	team_free(&t);
}

Test(sync, an_ignored_file_is_never_overwritten)
{
	struct team t = team_new();
	char *before, *file;

	th_write(t.a, ".gitignore", "*.local\n");
	free(th_run(t.a, "git add .gitignore && git commit -q -m ignore && git push -q origin HEAD"));
	free(th_run(t.b, "git pull -q && echo theirs > notes.local && git add -f notes.local && "
		    "git commit -q -m forced && git push -q origin HEAD"));
	th_write(t.a, "notes.local", "ALICE PRIVATE WORK\n");
	before = git1(t.a, "rev-parse", "HEAD");
	isms_says(2, t.a, "sync", "notes.local");
	unmoved(t.a, before);
	file = th_read(t.a, "notes.local");
	cr_assert_str_eq(file, "ALICE PRIVATE WORK\n", "the ignored file is kept");
	free(file);
	team_free(&t);
}

Test(sync, a_choice_when_there_is_nothing_to_choose_moves_nothing)
{
	struct team t = team_new();
	char *before;

	bob_adds_a_policy(&t);
	before = git1(t.a, "rev-parse", "HEAD");
	isms_says(2, t.a, "sync --theirs POL-001", "a fast-forward");
	unmoved(t.a, before);
	clean(t.a);
	team_free(&t);
}

/* The working tree cannot follow (a file too large to write): the branch
 * never moves, the files written are put back, and the message says so. */
Test(sync, a_working_tree_update_that_fails_changes_nothing_and_says_so)
{
	struct team t = team_new();
	char *before, *out = NULL;

	/* A file bigger than the file size limit set below: git can fetch it
	 * (packed, it is small), but not write it out. */
	free(th_run(t.b, "mkdir -p documents/files && head -c 65536 /dev/zero | tr '\\0' a > "
		    "documents/files/big.txt && git add -A && git commit -q -m big && "
		    "git push -q origin HEAD"));
	before = git1(t.a, "rev-parse", "HEAD");
	cr_assert_eq(th_sh(&out, t.a, "trap '' XFSZ; ulimit -f 16; \"$ISMS_BIN\" sync"), 2, "%s", out);
	cr_assert(th_has(out, "nothing changed"), "%s", out);
	cr_assert(th_has(out, "big.txt"), "%s", out);
	free(out);
	unmoved(t.a, before);
	clean(t.a);
	team_free(&t);
}

Test(sync, several_conflicts_get_one_command_and_honest_counts)
{
	struct team t = team_new();
	char *out;

	free(isms_expect(0, t.a, "new policy --set title=Access"));
	free(isms_expect(0, t.a, "sync"));
	free(th_run(t.b, "git pull -q"));
	set_title(t.b, "POL-001", "Bob one");
	set_title(t.b, "POL-002", "Bob two");
	th_write(t.b, "notes.txt", "Bob\n");
	free(th_run(t.b, "git add notes.txt && git commit -q -m notes"));
	free(isms_expect(0, t.b, "sync"));
	set_title(t.a, "POL-001", "Alice one");
	set_title(t.a, "POL-002", "Alice two");
	th_write(t.a, "notes.txt", "Alice\n");
	free(th_run(t.a, "git add notes.txt && git commit -q -m notes"));
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "2 records and 1 other file were changed both here and on origin/"),
		  "%s", out);
	cr_assert(th_has(out, "  isms sync --ours notes.txt --ours POL-001 --ours POL-002\n"), "%s", out);
	cr_assert(th_has(out, "taken only together"), "%s", out);
	free(out);
	/* One choice alone is not applied, and is carried into the command. */
	out = isms_expect(1, t.a, "sync --theirs POL-001");
	cr_assert(th_has(out, "not applied"), "%s", out);
	cr_assert(th_has(out, "  isms sync --theirs POL-001 --ours notes.txt --ours POL-002\n"), "%s", out);
	free(out);
	file_says(t.a, "policies/POL-001.yaml", "Alice one");
	out = isms_expect(0, t.a, "sync --theirs POL-001 --theirs notes.txt --ours POL-002");
	cr_assert(th_has(out, "1 record came in, 1 other file changed"), "%s", out);
	free(out);
	git_says(t.a, "git log -1 --format=%B", "Records-merged: 1\n");
	file_says(t.a, "policies/POL-001.yaml", "Bob one");
	file_says(t.a, "policies/POL-002.yaml", "Alice two");
	file_says(t.a, "notes.txt", "Bob");
	pushed(&t, t.a);
	team_free(&t);
}

Test(sync, a_file_that_became_a_folder_on_one_side_merges)
{
	struct team t = team_new();

	free(th_run(t.a, "mkdir -p documents/files && echo a > documents/files/x && git add -A && "
		    "git commit -q -m 'file x' && git push -q origin HEAD"));
	free(th_run(t.b, "git pull -q && git rm -q documents/files/x && mkdir -p documents/files/x && "
		    "echo b > documents/files/x/y && git add -A && git commit -q -m 'folder x' && "
		    "git push -q origin HEAD"));
	set_title(t.a, "POL-001", "Alice");
	isms_says(0, t.a, "sync", "Merged");
	file_says(t.a, "documents/files/x/y", "b");
	clean(t.a);
	pushed(&t, t.a);
	team_free(&t);
}

Test(sync, a_record_of_ours_already_reviewed_is_not_renumbered)
{
	struct team t = team_new();
	char *before;

	bob_adds_a_policy(&t);
	free(isms_expect(0, t.a, "new policy --set title=Alices"));
	free(isms_expect(0, t.a, "review POL-002 --decision changes-requested -m 'Name an owner'"));
	isms_says(1, t.a, "sync", "both numbered POL-002");
	before = git1(t.a, "rev-parse", "HEAD");
	isms_says(2, t.a, "sync --renumber POL-002", "POL-002 here has a review (commit");
	unmoved(t.a, before);
	team_free(&t);
}

Test(sync, a_record_of_ours_already_approved_is_not_renumbered)
{
	struct team t = team_new();
	char *before;

	bob_adds_a_policy(&t);
	free(isms_expect(0, t.a, "new policy --set title=Alices"));
	identity(t.a, "Dave", "dave@example.org");
	free(isms_expect(0, t.a, "approve POL-002"));
	isms_says(1, t.a, "sync", "both numbered POL-002");
	before = git1(t.a, "rev-parse", "HEAD");
	isms_says(2, t.a, "sync --renumber POL-002", "already approved (tag approved/POL-002/v1.0)");
	unmoved(t.a, before);
	team_free(&t);
}
