/* SPDX-License-Identifier: MIT */
/* isms sync's record-aware merge end to end: two clones of a shared bare
 * repository change the same record, and the real binary merges it field by
 * field, by lines in long texts, or reports what is truly in conflict. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "sync_team.h"

TestSuite(sync_merge, .init = sync_setup);

/* `needle` comes before `after` in dir/rel. */
static void before_in(const char *dir, const char *rel, const char *needle, const char *after)
{
	char *text = th_read(dir, rel);
	char *a = strstr(text, needle), *b = strstr(text, after);

	cr_assert(a && b && a < b, "%s: '%s' is not before '%s':\n%s", rel, needle, after, text);
	free(text);
}

Test(sync_merge, different_fields_of_one_record_merge)
{
	struct team t = team_new();
	char *out;

	set_field(t.a, "POL-001", "owner", "Alice");
	set_title(t.b, "POL-001", "Security, by Bob");
	free(isms_expect(0, t.b, "sync"));
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "Merged"), "%s", out);
	cr_assert(th_has(out, "1 record changed on both sides, merged field by field"), "%s", out);
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	file_says(t.a, "policies/POL-001.yaml", "title: Security, by Bob\n");
	file_says(t.a, "policies/POL-001.yaml", "owner: Alice\n");
	/* Written by the store's emitter: the kind's field order. */
	before_in(t.a, "policies/POL-001.yaml", "title:", "owner:");
	git_says(t.a, "git log -1 --format=%B", "Fields-merged: POL-001 (theirs: title)");
	free(isms_expect(0, t.a, "check"));
	pushed(&t, t.a);
	clean(t.a);
	/* Bob gets both by fast-forward. */
	free(isms_expect(0, t.b, "sync"));
	file_says(t.b, "policies/POL-001.yaml", "owner: Alice\n");
	file_says(t.b, "policies/POL-001.yaml", "title: Security, by Bob\n");
	team_free(&t);
}

Test(sync_merge, a_long_text_changed_in_different_places_merges_by_lines)
{
	struct team t = team_new();
	char *out;

	set_field(t.a, "POL-001", "body", "First rule.\nSecond rule.\nThird rule.\nFourth rule.\n");
	free(isms_expect(0, t.a, "sync"));
	free(isms_expect(0, t.b, "sync"));
	set_field(t.a, "POL-001", "body",
		  "First rule, by Alice.\nSecond rule.\nThird rule.\nFourth rule.\n");
	set_field(t.b, "POL-001", "body",
		  "First rule.\nSecond rule.\nThird rule.\nFourth rule, by Bob.\n");
	free(isms_expect(0, t.b, "sync"));
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "merged field by field"), "%s", out);
	free(out);
	file_says(t.a, "policies/POL-001.yaml", "First rule, by Alice.\n");
	file_says(t.a, "policies/POL-001.yaml", "Fourth rule, by Bob.\n");
	free(isms_expect(0, t.a, "check"));
	pushed(&t, t.a);
	clean(t.a);
	team_free(&t);
}

Test(sync_merge, a_long_text_changed_in_the_same_place_is_a_field_conflict)
{
	struct team t = team_new();
	char *before, *out;

	set_field(t.a, "POL-001", "body", "Rule one.\nRule two.\n");
	free(isms_expect(0, t.a, "sync"));
	free(isms_expect(0, t.b, "sync"));
	set_field(t.a, "POL-001", "body", "Rule one, as Alice has it.\nRule two.\n");
	set_field(t.a, "POL-001", "owner", "Alice");
	set_field(t.b, "POL-001", "body", "Rule one, as Bob has it.\nRule two.\n");
	free(isms_expect(0, t.b, "sync"));
	before = git1(t.a, "rev-parse", "HEAD");
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "field body: here 'Rule one, as Alice has it.' (and more lines) "
			 "by Alice <alice@example.org>; on origin/"), "%s", out);
	cr_assert(th_has(out, "'Rule one, as Bob has it.' (and more lines) by Bob <bob@example.org>"),
		  "%s", out);
	/* Only the field changed on both sides is in conflict. */
	cr_assert(!th_has(out, "field owner"), "%s", out);
	cr_assert(th_has(out, "Nothing was changed here."), "%s", out);
	free(out);
	unmoved(t.a, before);
	clean(t.a);
	team_free(&t);
}

Test(sync_merge, a_field_conflict_resolved_keeps_the_other_fields_merged)
{
	struct team t = team_new();
	char *out;

	set_title(t.a, "POL-001", "Title by Alice");
	set_field(t.a, "POL-001", "owner", "Alice");
	set_title(t.b, "POL-001", "Title by Bob");
	set_field(t.b, "POL-001", "classification", "internal");
	free(isms_expect(0, t.b, "sync"));
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "field title: here 'Title by Alice' by Alice <alice@example.org>; "
			 "on origin/"), "%s", out);
	cr_assert(th_has(out, "'Title by Bob' by Bob <bob@example.org>"), "%s", out);
	cr_assert(!th_has(out, "field owner"), "%s", out);
	cr_assert(!th_has(out, "field classification"), "%s", out);
	cr_assert(th_has(out, "isms sync --ours POL-001\n"), "%s", out);
	free(out);
	free(isms_expect(0, t.a, "sync --theirs POL-001"));
	/* Theirs for the title; ours and theirs for the rest. */
	file_says(t.a, "policies/POL-001.yaml", "title: Title by Bob\n");
	file_says(t.a, "policies/POL-001.yaml", "owner: Alice\n");
	file_says(t.a, "policies/POL-001.yaml", "classification: internal\n");
	git_says(t.a, "git log -1 --format=%B", "Conflict-resolved: POL-001 title took theirs (ours: ");
	git_says(t.a, "git log -1 --format=%B", "Fields-merged: POL-001 (theirs: classification)");
	/* Alice's title stays in history. */
	git_says(t.a, "git show HEAD^1:policies/POL-001.yaml", "Title by Alice");
	pushed(&t, t.a);
	clean(t.a);
	team_free(&t);
}

Test(sync_merge, an_approval_there_and_a_change_here_is_a_change_after_approval)
{
	struct team t = team_new();
	char *before, *out;

	identity(t.b, "Carol", "carol@example.org");
	free(isms_expect(0, t.b, "approve POL-001"));
	free(isms_expect(0, t.b, "sync"));
	set_field(t.a, "POL-001", "owner", "Alice");
	before = git1(t.a, "rev-parse", "HEAD");
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "POL-001 (policies/POL-001.yaml): approved on origin/"), "%s", out);
	cr_assert(th_has(out, ", and changed here: a decision is never merged"), "%s", out);
	cr_assert(th_has(out, "field owner: (none) here") || th_has(out, "field owner: 'Alice' here"),
		  "%s", out);
	free(out);
	unmoved(t.a, before);
	/* The approval's fields were not merged into Alice's record, and the
	 * remote's approval tag waits for the sync to go ahead. */
	file_says(t.a, "policies/POL-001.yaml", "status: draft\n");
	out = th_read(t.a, "policies/POL-001.yaml");
	cr_assert(!th_has(out, "approved_by"), "%s", out);
	free(out);
	out = th_run(t.a, "git tag -l");
	cr_assert_str_eq(out, "", "no tag from the remote yet: %s", out);
	free(out);
	clean(t.a);
	/* Taking theirs takes the approved record whole, and then its tag. */
	free(isms_expect(0, t.a, "sync --theirs POL-001"));
	file_says(t.a, "policies/POL-001.yaml", "approved_by: Carol");
	out = th_read(t.a, "policies/POL-001.yaml");
	cr_assert(!th_has(out, "owner: Alice"), "the approved record is taken unchanged: %s", out);
	free(out);
	git_says(t.a, "git tag -l", "approved/POL-001/v");
	git_says(t.a, "git log -1 --format=%B", "Conflict-resolved: POL-001 took theirs (ours: ");
	git_says(t.a, "git show HEAD^1:policies/POL-001.yaml", "owner: Alice");
	pushed(&t, t.a);
	clean(t.a);
	team_free(&t);
}

Test(sync_merge, an_approval_here_and_a_change_there_is_a_change_after_approval)
{
	struct team t = team_new();
	char *out;

	set_field(t.b, "POL-001", "owner", "Bob");
	free(isms_expect(0, t.b, "sync"));
	identity(t.a, "Carol", "carol@example.org");
	free(isms_expect(0, t.a, "approve POL-001"));
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "POL-001 (policies/POL-001.yaml): approved here, and changed on origin/"),
		  "%s", out);
	cr_assert(th_has(out, "field owner:"), "%s", out);
	cr_assert(th_has(out, "'Bob' on origin/"), "%s", out);
	free(out);
	/* Keeping ours keeps the approval as it was made. */
	free(isms_expect(0, t.a, "sync --ours POL-001"));
	file_says(t.a, "policies/POL-001.yaml", "approved_by: Carol");
	out = th_read(t.a, "policies/POL-001.yaml");
	cr_assert(!th_has(out, "owner: Bob"), "%s", out);
	free(out);
	free(isms_expect(0, t.a, "check"));
	pushed(&t, t.a);
	team_free(&t);
}

Test(sync_merge, tags_from_the_remote_are_created_only_when_the_sync_completes)
{
	struct team t = team_new();
	char *out;

	bob_adds_a_policy(&t);
	free(isms_expect(0, t.a, "sync"));
	identity(t.b, "Carol", "carol@example.org");
	free(isms_expect(0, t.b, "approve POL-002"));
	set_title(t.b, "POL-001", "Title by Carol");
	free(isms_expect(0, t.b, "sync"));
	set_title(t.a, "POL-001", "Title by Alice");
	free(isms_expect(1, t.a, "sync"));
	out = th_run(t.a, "git tag -l");
	cr_assert_str_eq(out, "", "a sync stopped on a conflict creates no tag: %s", out);
	free(out);
	/* The remote's tag was fetched, kept aside. */
	git_says(t.a, "git for-each-ref refs/isms/remote-tags/", "approved/POL-002/v1.0");
	free(isms_expect(0, t.a, "sync --theirs POL-001"));
	git_says(t.a, "git tag -l", "approved/POL-002/v1.0");
	out = git1(t.a, "rev-parse", "approved/POL-002/v1.0");
	cr_assert_str_neq(out, "", "the tag is here");
	free(out);
	pushed(&t, t.a);
	team_free(&t);
}

Test(sync_merge, the_same_change_on_both_sides_is_no_conflict)
{
	struct team t = team_new();
	char *out;

	set_field(t.a, "POL-001", "owner", "Dana");
	set_title(t.a, "POL-001", "Security by Alice");
	set_field(t.b, "POL-001", "owner", "Dana");
	free(isms_expect(0, t.b, "sync"));
	out = isms_expect(0, t.a, "sync");
	cr_assert(th_has(out, "Merged"), "%s", out);
	free(out);
	file_says(t.a, "policies/POL-001.yaml", "owner: Dana\n");
	file_says(t.a, "policies/POL-001.yaml", "title: Security by Alice\n");
	pushed(&t, t.a);
	team_free(&t);
}

Test(sync_merge, a_record_with_comments_is_not_merged_by_field)
{
	struct team t = team_new();
	char *text, *out;

	text = th_read(t.b, "policies/POL-001.yaml");
	th_write(t.b, "policies/POL-001.yaml", "# kept by hand\n");
	free(th_run(t.b, "cat >> policies/POL-001.yaml <<'EOF'\n%sowner: Bob\nEOF\n"
		    "git commit -qam 'Owner, by hand'", text));
	free(text);
	free(isms_expect(0, t.b, "sync"));
	set_title(t.a, "POL-001", "Title by Alice");
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "not merged field by field: policies/POL-001.yaml (origin/"), "%s", out);
	cr_assert(th_has(out, "has comments"), "%s", out);
	free(out);
	team_free(&t);
}

Test(sync_merge, a_merge_that_would_make_the_record_worse_is_not_made)
{
	struct team t = team_new();
	char *out;

	/* By hand: Alice drops the title (required), Bob writes a status that
	 * is none of a policy's: each side has one error, the merge two. */
	free(th_run(t.a, "sed -i '/^title:/d' policies/POL-001.yaml && "
		    "git commit -qam 'No title' --no-verify"));
	free(th_run(t.b, "sed -i 's/^status: .*/status: sideways/' policies/POL-001.yaml && "
		    "git commit -qam 'Odd status' --no-verify && git push -q origin HEAD"));
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "not merged field by field: merged by field, it would not be a "
			 "valid record"), "%s", out);
	free(out);
	clean(t.a);
	team_free(&t);
}

Test(sync_merge, each_field_in_conflict_names_who_changed_it_on_each_side)
{
	struct team t = team_new();
	char *out;

	/* Dana changes the title in Alice's clone; Alice then changes the
	 * owner (the record's last change there is hers, the title's Dana's). */
	identity(t.a, "Dana", "dana@example.org");
	set_title(t.a, "POL-001", "Title by Dana");
	identity(t.a, "Alice", "alice@example.org");
	set_field(t.a, "POL-001", "owner", "Alice");
	set_title(t.b, "POL-001", "Title by Bob");
	free(isms_expect(0, t.b, "sync"));
	out = isms_expect(1, t.a, "sync");
	cr_assert(th_has(out, "field title: here 'Title by Dana' by Dana <dana@example.org>; on "
			 "origin/"), "%s", out);
	cr_assert(th_has(out, "'Title by Bob' by Bob <bob@example.org>"), "%s", out);
	cr_assert(th_has(out, "changed in "), "%s", out);
	cr_assert(th_has(out, "by Alice <alice@example.org>: POL-001"), "the record's last change: %s",
		  out);
	free(out);
	team_free(&t);
}

/* The caches in .git/isms after a sync that merged: `isms log` from the
 * history index brought up to date past the merge is the log of an index
 * built from nothing, and git log -- PATH's commits; list and check from
 * the record cache are what they are with no cache. */
static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(sync_merge, the_caches_after_a_merge_give_what_a_cold_walk_gives)
{
	struct team t = team_new();
	char *log1, *log2, *list1, *list2, *check1, *check2, *want;

	set_field(t.a, "POL-001", "owner", "Alice");
	set_title(t.b, "POL-001", "Security, by Bob");
	free(isms_expect(0, t.b, "sync"));
	/* Alice's caches, warm before the sync. */
	free(isms_expect(0, t.a, "log POL-001"));
	free(isms_expect(0, t.a, "list"));
	free(isms_expect(0, t.a, "sync"));
	git_says(t.a, "git rev-list --merges --count HEAD", "1");
	log1 = isms_expect(0, t.a, "log --oneline POL-001");
	list1 = isms_expect(0, t.a, "list");
	check1 = isms_expect(0, t.a, "check");
	cr_assert(th_has(list1, "Security, by Bob"), "%s", list1);
	free(th_run(t.a, "rm .git/isms/histindex .git/isms/records.cache"));
	log2 = isms_expect(0, t.a, "log --oneline POL-001");
	list2 = isms_expect(0, t.a, "list");
	check2 = isms_expect(0, t.a, "check");
	cr_assert_str_eq(log1, log2);
	cr_assert_str_eq(list1, list2);
	cr_assert_str_eq(check1, check2);
	want = th_run(t.a, "git log --format=%%h --abbrev=7 -- policies/POL-001.yaml");
	cr_assert_eq(lines(log1), lines(want), "isms log:\n%sgit log:\n%s", log1, want);
	for (char *line = strtok(want, "\n"); line; line = strtok(NULL, "\n"))
		cr_assert(th_has(log1, line), "git log has %s, isms log not:\n%s", line, log1);
	free(want);
	free(log1);
	free(log2);
	free(list1);
	free(list2);
	free(check1);
	free(check2);
	team_free(&t);
}
