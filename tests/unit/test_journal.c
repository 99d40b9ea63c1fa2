/* SPDX-License-Identifier: MIT */
/* A transaction killed mid-way, and the next one putting back what it left.
 * Each test kills a child process at a chosen step (through the fault hook,
 * which there calls _exit, as a crash or a kill -9 would end it: no cleanup
 * runs) and then works on in this process, on a real repository. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "isms/store.h"
#include "isms/tree.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(journal, .init = setup);

static const char *die_at;

static bool die_here(const char *step)
{
	if (strcmp(step, die_at) == 0)
		_exit(9);
	return false;
}

static struct isms_store *open_store(const char *dir)
{
	struct isms_store *store;

	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	return store;
}

static void set_title(struct isms_store *store, const char *id, const char *title, int want)
{
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];

	cr_assert_eq(isms_store_load(&rec, store, id), 0, "%s", isms_error_last()->message);
	isms_map_set(rec->root, "title", isms_node_str(title));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), want, "%s",
		     isms_error_last()->message);
	isms_record_free(rec);
}

/* Run `title`'s save of `id` in a child killed at `step`. */
static void killed_save(const char *dir, const char *id, const char *title, const char *step)
{
	int status;
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct isms_store *store;

		if (isms_store_open(&store, dir) < 0)
			_exit(3);
		die_at = step;
		isms_fault_hook = die_here;
		set_title(store, id, title, 0);
		_exit(4);  /* the step was never reached */
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 9, "the child died at %s (%d)",
		  step, status);
}

static char *fresh_with_policy(void)
{
	char *dir = th_fresh_isms();

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=First"), 0);
	return dir;
}

static void expect_clean(const char *dir)
{
	char *out = th_run(dir, "git status --porcelain; ls .git/index.lock .git/isms/txn-journal "
				"2>/dev/null; find . -name '*.isms-tmp-*'");

	cr_assert_str_eq(out, "", "nothing is left behind: %s", out);
	free(out);
}

/* Killed after the file was written, before the commit: the file says what
 * was never committed, git's index is locked. The next save puts it back
 * first, then makes its own change. */
Test(journal, a_save_killed_before_its_commit_is_put_back_by_the_next)
{
	char *dir = fresh_with_policy(), *before = th_read(dir, "policies/POL-001.yaml"), *now;
	char *head = th_git(dir, "rev-parse HEAD");
	struct isms_store *store;

	killed_save(dir, "POL-001", "Never committed", "commit");
	now = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(now, "Never committed"), "the crash left the file written: %s", now);
	free(now);
	cr_assert_eq(th_sh(NULL, dir, "test -f .git/index.lock && test -f .git/isms/txn-journal"),
		     0, "the lock and the journal are left");
	/* A plain git commit is blocked, not misled. */
	cr_assert_neq(th_sh(NULL, dir, "git commit -qam by-hand"), 0);

	store = open_store(dir);
	set_title(store, "POL-001", "Second", 0);
	isms_store_free(store);
	cr_assert_eq(th_sh(NULL, dir, "git log -p | grep -q 'Never committed'"), 1,
		     "the killed change never reaches history");
	now = th_git(dir, "log -1 --format=%P");
	cr_assert_str_eq(now, head, "one commit on the old one");
	free(now);
	now = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(now, "title: Second"), "%s", now);
	free(now);
	expect_clean(dir);
	free(before);
	free(head);
	free(dir);
}

/* Killed after the branch moved, before the journal was cleared: the commit
 * stands; the next save only mends the lock and the journal. */
Test(journal, a_save_killed_after_its_commit_keeps_it)
{
	char *dir = fresh_with_policy(), *subject;
	struct isms_store *store;

	killed_save(dir, "POL-001", "Committed", "journal.clear");
	subject = th_git(dir, "log -1 --format=%s");
	cr_assert(th_has(subject, "POL-001"), "%s", subject);
	free(subject);
	store = open_store(dir);
	set_title(store, "POL-001", "Again", 0);
	isms_store_free(store);
	cr_assert_eq(th_sh(NULL, dir, "git log -p | grep -q '+title: Committed'"), 0,
		     "the killed process's commit is kept");
	expect_clean(dir);
	free(dir);
}

/* At every step of a save: the next save works, and nothing is left. */
Test(journal, every_step_of_a_save_can_be_killed)
{
	static const char *steps[] = { "fs.write", "fs.fsync", "fs.rename", "fs.syncdir",
				       "commit", "index.write", "index.rename", "ref.write",
				       "journal.clear" };

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char *dir = fresh_with_policy(), *text, *out;
		struct isms_store *store;

		killed_save(dir, "POL-001", "Killed", steps[i]);
		store = open_store(dir);
		set_title(store, "POL-001", "After", 0);
		isms_store_free(store);
		text = th_read(dir, "policies/POL-001.yaml");
		cr_assert(th_has(text, "title: After"), "%s: %s", steps[i], text);
		free(text);
		out = th_run(dir, "git fsck --no-dangling 2>&1");
		cr_assert_str_eq(out, "", "%s: %s", steps[i], out);
		free(out);
		expect_clean(dir);
		free(dir);
	}
}

/* A new record killed before its commit is removed by the next change, so
 * that a retry gets the same ID and no second record. */
Test(journal, a_new_record_killed_before_its_commit_is_not_left_behind)
{
	char *dir = fresh_with_policy(), *out;
	struct isms_store *store;
	int status;
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct isms_record *rec;
		char commit[ISMS_OID_HEX];

		if (isms_store_open(&store, dir) < 0 ||
		    isms_store_create(&rec, store, isms_kind_find("risk"), NULL) < 0)
			_exit(3);
		isms_map_set(rec->root, "title", isms_node_str("Killed"));
		die_at = "commit";
		isms_fault_hook = die_here;
		isms_store_save(commit, store, rec, NULL);
		_exit(4);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 9);
	cr_assert_eq(th_sh(NULL, dir, "test -f risks/RSK-001.yaml"), 0, "the crash left it");
	store = open_store(dir);
	set_title(store, "POL-001", "Next", 0);
	isms_store_free(store);
	cr_assert_eq(th_sh(NULL, dir, "test -e risks/RSK-001.yaml"), 1, "put back: removed");
	cr_assert_eq(th_isms(&out, NULL, dir, "new risk --set title=Again"), 0, "%s", out);
	cr_assert(th_has(out, "RSK-001"), "the retry gets the same ID: %s", out);
	free(out);
	expect_clean(dir);
	free(dir);
}

/* An approval killed before its commit leaves a file saying 'approved'
 * that no commit backs: the next command puts it back, so nothing claims
 * an approval that never happened, and check has nothing to report. */
Test(journal, an_approval_killed_before_its_commit_claims_nothing)
{
	char *dir = fresh_with_policy(), *before = th_read(dir, "policies/POL-001.yaml"), *now, *out;
	int status;
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct isms_store *store;
		struct isms_record *rec;
		struct isms_approval approval;
		struct isms_ident rita = { .name = "Rita Reviewer", .email = "rita@example.org",
					   .time = 1767225600, .offset = 0 };
		char commit[ISMS_OID_HEX];

		if (isms_store_open(&store, dir) < 0 || isms_store_load(&rec, store, "POL-001") < 0)
			_exit(3);
		die_at = "commit";
		isms_fault_hook = die_here;
		isms_store_approve_as(commit, &approval, store, rec, NULL, NULL, &rita);
		_exit(4);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 9, "%d", status);
	now = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(now, "status: approved"), "the kill left the approval written: %s", now);
	free(now);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	now = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(now, before, "put back before anything read it");
	free(now);
	expect_clean(dir);
	free(before);
	free(dir);
}

/* A corrupt git index is found before anything is written. */
Test(journal, a_corrupt_index_is_found_before_anything_is_written)
{
	char *dir = fresh_with_policy(), *before = th_read(dir, "policies/POL-001.yaml"), *now;
	struct isms_store *store;

	th_write(dir, ".git/index", "DIRC garbage, not an index");
	store = open_store(dir);
	set_title(store, "POL-001", "Never", ISMS_EINVALID);
	cr_assert(th_has(isms_error_last()->message, ".git/index cannot be read"), "%s",
		  isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "nothing"), "%s", isms_error_last()->message);
	isms_store_free(store);
	now = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(now, before);
	free(now);
	cr_assert_eq(th_sh(NULL, dir, "test -e .git/index.lock"), 1, "the lock is released");
	free(before);
	free(dir);
}
