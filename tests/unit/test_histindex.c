/* SPDX-License-Identifier: MIT */
/* The history index (.git/isms/histindex) on real repositories made with
 * git: for every path, the history it gives is the one the walk gave
 * before there was an index (and, where histories are linear, what
 * git log -- PATH prints), after commits, merges, rebases, resets, removals,
 * renames, shallow clones, and with broken index files, which are rebuilt,
 * never believed. */
#include "config.h"

#include <criterion/criterion.h>
#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/repo.h"
#include "isms/store.h"
#include "git/git.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(histindex, .init = setup);

static long clock_now = 1767225600;

/* A new repository made with git, branch main: its path (caller frees). */
static char *git_repo(void)
{
	char *tmp = th_tmpdir(), *dir = isms_path_join(tmp, "repo");

	free(th_run(tmp, "git init -q -b main repo"));
	free(tmp);
	return dir;
}

/* Commit everything in `dir`'s working tree, one minute after the last
 * commit (at `clock_now` itself when `same_second`). */
static void commit_at(const char *dir, const char *msg, bool same_second)
{
	if (!same_second)
		clock_now += 60;
	free(th_run(dir, "git add -A && GIT_AUTHOR_DATE='@%ld +0000' GIT_COMMITTER_DATE='@%ld +0000' "
		    "git commit -q --allow-empty -m '%s'", clock_now, clock_now, msg));
}

static void commit(const char *dir, const char *msg)
{
	commit_at(dir, msg, false);
}

/* Run git with the next minute's dates (merges, rebases). */
static void git_dated(const char *dir, const char *cmd)
{
	clock_now += 60;
	free(th_run(dir, "GIT_AUTHOR_DATE='@%ld +0000' GIT_COMMITTER_DATE='@%ld +0000' %s",
		    clock_now, clock_now, cmd));
}

static char *index_file(const char *dir)
{
	return isms_path_join(dir, ".git/isms/histindex");
}

/* The index file's bytes (the test fails when there is none). */
static void index_read(struct isms_buf *out, const char *dir)
{
	char *path = index_file(dir);

	cr_assert_eq(isms_fs_read(out, path, 1 << 30), 0, "%s: %s", path,
		     isms_error_last()->message);
	free(path);
}

static void index_write(const char *dir, const void *data, size_t len)
{
	th_write_bytes(dir, ".git/isms/histindex", data ? data : "", len);
}

/* The value of header line `key` of the index ("tip", "commits"). */
static char *index_header(const char *dir, const char *key)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	char *want = isms_asprintf("\n%s ", key), *at, *value;

	index_read(&buf, dir);
	at = strstr(buf.ptr, want);
	cr_assert(at, "no %s in the index", key);
	at += strlen(want);
	value = isms_strndup(at, strcspn(at, "\n"));
	isms_buf_free(&buf);
	free(want);
	return value;
}

/* The index is for HEAD and holds exactly HEAD's history. */
static void expect_index_is_heads(const char *dir)
{
	char *tip = index_header(dir, "tip"), *head = th_git(dir, "rev-parse HEAD");
	char *n = index_header(dir, "commits"), *want = th_git(dir, "rev-list --count HEAD");

	cr_assert_str_eq(tip, head, "the index is for HEAD");
	cr_assert_str_eq(n, want, "the index holds HEAD's history, no more");
	free(tip);
	free(head);
	free(n);
	free(want);
}

static char *log_ids(const struct isms_log *log)
{
	struct isms_buf ids = ISMS_BUF_INIT;

	for (size_t i = 0; i < log->count; i++)
		isms_buf_printf(&ids, "%s\n", log->items[i].id);
	return isms_buf_detach(&ids);
}

/* `path`'s history through isms_repo_log, with the index or without. */
static char *history(struct isms_repo *repo, const char *path, bool indexed, char *shallow)
{
	struct isms_log log;
	char *ids;

	repo_histindex_use(indexed);
	cr_assert_eq(isms_repo_log(&log, repo, path, 0), 0, "%s: %s", path,
		     isms_error_last()->message);
	repo_histindex_use(true);
	ids = log_ids(&log);
	if (shallow)
		memcpy(shallow, log.shallow, ISMS_OID_HEX);
	isms_log_free(&log);
	return ids;
}

/* The index answers for `path` (it is not a folder), as `want` says. */
static void expect_index_answers(struct isms_repo *repo, const char *path, const char *want)
{
	struct repo_oids ids = { 0 }, shallow;
	struct isms_buf got = ISMS_BUF_INIT;
	git_oid head, reached;
	char hex[ISMS_OID_HEX];

	cr_assert_eq(git_reference_name_to_id(&head, repo->git, "HEAD"), 0);
	repo_shallow_commits(&shallow, repo->git);
	cr_assert_eq(repo_histindex_log(&ids, &reached, repo, &head, &shallow, path), 0,
		     "the index answers for %s: %s", path, isms_error_last()->message);
	for (size_t i = 0; i < ids.count; i++)
		isms_buf_printf(&got, "%s\n", git_oid_tostr(hex, sizeof(hex), &ids.ids[i]));
	cr_assert_str_eq(isms_buf_cstr(&got), want, "%s", path);
	repo_oids_free(&ids);
	repo_oids_free(&shallow);
	isms_buf_free(&got);
}

/* `path`'s history is the same with the index and without it (and, when
 * `as_git`, as git log -- PATH has it); the index itself answered, unless
 * `path` is a `folder` somewhere. */
static void check_path(struct isms_repo *repo, const char *dir, const char *path, bool as_git,
		       bool folder)
{
	char s1[ISMS_OID_HEX], s2[ISMS_OID_HEX];
	char *with = history(repo, path, true, s1), *without = history(repo, path, false, s2);
	struct isms_log one;

	cr_assert_str_eq(with, without, "%s: the index gives what the walk gives", path);
	cr_assert_str_eq(s1, s2, "%s: the same shallow mark", path);
	if (!folder)
		expect_index_answers(repo, path, without);
	if (as_git) {
		char *want = th_run(dir, "git log --format=%%H -- '%s'", path);

		cr_assert_str_eq(with, want, "%s: as git log -- %s", path, path);
		free(want);
	}
	cr_assert_eq(isms_repo_log(&one, repo, path, 1), 0);
	cr_assert_eq(one.count, with[0] ? 1u : 0u);
	if (one.count)
		cr_assert_eq(strncmp(one.items[0].id, with, ISMS_OID_HEX - 1), 0);
	isms_log_free(&one);
	free(with);
	free(without);
}

/* check_path for every path any branch ever had, and one never there. */
static void check_all(const char *dir, bool as_git)
{
	struct isms_repo *repo;
	char *list = th_run(dir, "git log --all --format= --name-only | sort -u");
	char *all = isms_asprintf("\n%s", list);

	cr_assert_eq(isms_repo_open(&repo, dir), 0, "%s", isms_error_last()->message);
	for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
		char *under = isms_asprintf("\n%s/", line);

		check_path(repo, dir, line, as_git, strstr(all, under) != NULL);
		free(under);
	}
	check_path(repo, dir, "never/there.yaml", as_git, false);
	expect_index_is_heads(dir);
	isms_repo_free(repo);
	free(list);
	free(all);
}

/* A folder's history is the walk's (which compares the folder's tree): the
 * index does not answer for it. */
static void check_folder(const char *dir, const char *folder)
{
	struct isms_repo *repo;
	struct repo_oids ids = { 0 }, shallow;
	git_oid head, reached;
	char *with, *without;

	cr_assert_eq(isms_repo_open(&repo, dir), 0);
	with = history(repo, folder, true, NULL);
	without = history(repo, folder, false, NULL);
	cr_assert_str_eq(with, without, "%s", folder);
	cr_assert(with[0], "%s has a history", folder);
	cr_assert_eq(git_reference_name_to_id(&head, repo->git, "HEAD"), 0);
	repo_shallow_commits(&shallow, repo->git);
	cr_assert_lt(repo_histindex_log(&ids, &reached, repo, &head, &shallow, folder), 0);
	repo_oids_free(&ids);
	repo_oids_free(&shallow);
	free(with);
	free(without);
	isms_repo_free(repo);
}

/* A few records in two folders, changed by hand and committed with git. */
static char *linear_repo(void)
{
	char *dir = git_repo();

	th_write(dir, "isms.yaml", "org: Test\n");
	th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\ntitle: one\n");
	commit(dir, "Start");
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\ntitle: two\n");
	commit(dir, "Add RSK-0002");
	th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\ntitle: one, better\n");
	th_write(dir, "policies/POL-001.yaml", "id: POL-001\n");
	commit(dir, "RSK-0001 and POL-001");
	commit(dir, "Nothing changed");
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\ntitle: two, better\n");
	commit(dir, "Change RSK-0002");
	return dir;
}

Test(histindex, linear_history_is_the_walks_and_gits)
{
	char *dir = linear_repo();
	struct isms_buf first = ISMS_BUF_INIT, again = ISMS_BUF_INIT;
	char *path;

	check_all(dir, true);
	check_folder(dir, "risks");
	/* Later commits are indexed from where the index was. */
	th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\ntitle: one, best\n");
	commit(dir, "RSK-0001 again");
	th_write(dir, "risks/deep/er/RSK-0003.yaml", "id: RSK-0003\n");
	commit(dir, "A deeper one");
	check_all(dir, true);
	/* What was brought up to date is what a build from nothing gives. */
	index_read(&first, dir);
	path = index_file(dir);
	cr_assert_eq(isms_fs_remove(path), 0);
	check_all(dir, true);
	index_read(&again, dir);
	cr_assert_eq(first.len, again.len);
	cr_assert(memcmp(first.ptr, again.ptr, first.len) == 0, "the same bytes");
	isms_buf_free(&first);
	isms_buf_free(&again);
	free(path);
	free(dir);
}

static void expect_merges(const char *dir, const char *n)
{
	char *got = th_git(dir, "rev-list --count --merges HEAD");

	cr_assert_str_eq(got, n);
	free(got);
}

Test(histindex, merges_are_the_walks)
{
	char *dir = linear_repo();

	free(th_run(dir, "git checkout -q -b side"));
	th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\ntitle: side\n");
	th_write(dir, "risks/RSK-0005.yaml", "id: RSK-0005\n");
	commit(dir, "Side: RSK-0001, RSK-0005");
	th_write(dir, "policies/POL-002.yaml", "id: POL-002\n");
	commit(dir, "Side: POL-002");
	free(th_run(dir, "git checkout -q main"));
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\ntitle: main\n");
	th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\ntitle: main\n");
	commit(dir, "Main: RSK-0001, RSK-0002");
	check_all(dir, false);  /* the index before the merge */
	/* The same record on both sides: a conflict, resolved by hand; and a
	 * record neither side touched, changed in the merge itself. */
	clock_now += 60;
	th_sh(NULL, dir, "GIT_AUTHOR_DATE='@%ld +0000' GIT_COMMITTER_DATE='@%ld +0000' "
	      "git merge -q --no-edit side", clock_now, clock_now);
	th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\ntitle: both\n");
	th_write(dir, "isms.yaml", "org: Test, merged\n");
	commit(dir, "Merge side");
	expect_merges(dir, "1");
	check_all(dir, false);
	check_folder(dir, "policies");
	/* A merge that keeps one side's version of everything changes nothing. */
	free(th_run(dir, "git checkout -q -b other HEAD~1"));
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\ntitle: other\n");
	commit(dir, "Other: RSK-0002");
	free(th_run(dir, "git checkout -q main"));
	git_dated(dir, "git merge -q --no-edit -s ours other");
	th_write(dir, "risks/RSK-0009.yaml", "id: RSK-0009\n");
	commit(dir, "RSK-0009");
	check_all(dir, false);
	/* And a merge whose result is the other side's file. */
	free(th_run(dir, "git checkout -q -b third HEAD~3"));
	th_write(dir, "policies/POL-003.yaml", "id: POL-003\n");
	commit(dir, "Third: POL-003");
	free(th_run(dir, "git checkout -q main"));
	git_dated(dir, "git merge -q --no-edit third");
	check_all(dir, false);
	free(dir);
}

Test(histindex, a_rebase_rebuilds_it)
{
	char *dir = linear_repo(), *before, *after;

	free(th_run(dir, "git checkout -q -b topic HEAD~2"));
	th_write(dir, "risks/RSK-0007.yaml", "id: RSK-0007\n");
	commit(dir, "Topic: RSK-0007");
	th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\ntitle: topic\n");
	commit(dir, "Topic: RSK-0001");
	check_all(dir, true);
	before = index_header(dir, "tip");
	git_dated(dir, "git rebase -q main");
	check_all(dir, true);  /* the tip before is not in HEAD's history now */
	after = index_header(dir, "tip");
	cr_assert_str_neq(after, before);
	free(before);
	free(after);
	free(dir);
}

Test(histindex, a_reset_to_an_older_commit_rebuilds_it)
{
	char *dir = linear_repo();

	check_all(dir, true);
	free(th_run(dir, "git reset -q --hard HEAD~3"));
	check_all(dir, true);
	/* And new work from there. */
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\ntitle: after the reset\n");
	commit(dir, "RSK-0002 after the reset");
	check_all(dir, true);
	free(dir);
}

Test(histindex, a_record_removed_and_created_again)
{
	char *dir = linear_repo();

	check_all(dir, true);
	free(th_run(dir, "git rm -q risks/RSK-0002.yaml"));
	commit(dir, "Remove RSK-0002");
	check_all(dir, true);
	/* Back with the very content it had (the same blob as before), then
	 * with another. */
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\ntitle: two, better\n");
	commit(dir, "RSK-0002 back");
	check_all(dir, true);
	free(th_run(dir, "git rm -q risks/RSK-0002.yaml"));
	commit(dir, "Remove RSK-0002 again");
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\ntitle: new\n");
	commit(dir, "RSK-0002 anew");
	/* A file that becomes a folder and a folder that becomes a file. */
	free(th_run(dir, "git rm -q policies/POL-001.yaml"));
	th_write(dir, "policies", "now a file\n");
	commit(dir, "policies is a file");
	check_all(dir, true);
	free(th_run(dir, "git rm -q policies"));
	th_write(dir, "policies/POL-001.yaml", "id: POL-001\n");
	commit(dir, "policies is a folder again");
	check_all(dir, true);
	free(dir);
}

Test(histindex, a_renamed_record)
{
	char *dir = linear_repo();

	check_all(dir, true);
	free(th_run(dir, "git mv risks/RSK-0001.yaml risks/RSK-0100.yaml"));
	commit(dir, "Rename RSK-0001");
	check_all(dir, true);
	free(th_run(dir, "git mv risks archive"));
	commit(dir, "Move the folder");
	check_all(dir, true);
	free(dir);
}

/* A mode change keeps the blob: no change to the walk (git log shows it,
 * which is why git is not asked here). */
Test(histindex, a_mode_change_is_no_change)
{
	char *dir = linear_repo();
	struct isms_repo *repo;
	char *ids;

	free(th_run(dir, "chmod +x risks/RSK-0001.yaml"));
	commit(dir, "Executable");
	check_all(dir, false);
	cr_assert_eq(isms_repo_open(&repo, dir), 0);
	ids = history(repo, "risks/RSK-0001.yaml", true, NULL);
	cr_assert_eq(strlen(ids), 2 * ISMS_OID_HEX, "two commits: %s", ids);
	free(ids);
	isms_repo_free(repo);
	free(dir);
}

/* Racy: commits in the same second, one after the other, each read. */
Test(histindex, commits_in_the_same_second)
{
	char *dir = git_repo();

	th_write(dir, "a.yaml", "a1\n");
	commit_at(dir, "A1", true);
	check_all(dir, true);
	th_write(dir, "a.yaml", "a2\n");
	commit_at(dir, "A2", true);
	check_all(dir, true);
	th_write(dir, "b.yaml", "b1\n");
	commit_at(dir, "B1", true);
	th_write(dir, "a.yaml", "a3\n");
	commit_at(dir, "A3", true);
	check_all(dir, true);
	/* Another commit in that second in place of the last one. */
	free(th_run(dir, "git reset -q --hard HEAD~1"));
	th_write(dir, "a.yaml", "a3, again\n");
	commit_at(dir, "A3", true);
	check_all(dir, true);
	free(dir);
}

Test(histindex, a_shallow_clone_and_its_deepening)
{
	char *origin = linear_repo(), *tmp = th_tmpdir(), *dir = isms_path_join(tmp, "clone");
	char *first, *second, *whole;

	free(th_run(tmp, "git clone -q --depth 2 'file://%s' clone", origin));
	check_all(dir, false);
	first = index_header(dir, "shallow");
	cr_assert_str_neq(first, "0000000000000000000000000000000000000000");
	free(th_run(dir, "git fetch -q --deepen 1"));
	check_all(dir, false);  /* the grafts moved: rebuilt */
	second = index_header(dir, "shallow");
	cr_assert_str_neq(second, first);
	free(th_run(dir, "git fetch -q --unshallow"));
	check_all(dir, true);
	whole = index_header(dir, "shallow");
	cr_assert_str_eq(whole, "0000000000000000000000000000000000000000");
	free(first);
	free(second);
	free(whole);
	free(tmp);
	free(dir);
	free(origin);
}

/* Broken index files */

/* Put right the checksum at the end of an index (as the index writes it). */
static void fix_checksum(struct isms_buf *buf)
{
	git_oid sum;

	cr_assert_eq(git_odb_hash(&sum, buf->ptr, buf->len - GIT_OID_RAWSZ, GIT_OBJECT_BLOB), 0);
	memcpy(buf->ptr + buf->len - GIT_OID_RAWSZ, sum.id, GIT_OID_RAWSZ);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Make `buf` (an index) say that the one commit that changed `path` is the
 * commit at position `to`: a lie, with a good checksum when `sum`. */
static void tell_a_lie(struct isms_buf *buf, const char *path, uint32_t to, bool sum)
{
	unsigned char *p = (unsigned char *)strstr(buf->ptr, "\n\n") + 2;
	unsigned long commits = strtoul(strstr(buf->ptr, "\ncommits ") + 9, NULL, 10);
	size_t len = strlen(path);

	p += GIT_OID_RAWSZ * commits;
	for (;;) {
		uint32_t n = get32(p), count = get32(p + 4);

		cr_assert_lt((size_t)(p - (unsigned char *)buf->ptr), buf->len - GIT_OID_RAWSZ,
			     "%s is in the index", path);
		if (n == len && memcmp(p + 8, path, len) == 0) {
			cr_assert_eq(count, 1);
			p[8 + n] = to & 0xff;
			p[8 + n + 1] = p[8 + n + 2] = p[8 + n + 3] = 0;
			break;
		}
		p += 8 + n + 4 * count;
	}
	if (sum)
		fix_checksum(buf);
}

/* `path`'s history with the index as it is on disk now. */
static char *indexed_history(const char *dir, const char *path)
{
	struct isms_repo *repo;
	char *ids;

	cr_assert_eq(isms_repo_open(&repo, dir), 0);
	ids = history(repo, path, true, NULL);
	isms_repo_free(repo);
	return ids;
}

/* Write `bad` as the index; the next read must give the truth (`truth`)
 * and leave the good index (`good`) again. */
static void expect_rebuilt(const char *dir, const struct isms_buf *bad, const char *path,
			   const char *truth, const struct isms_buf *good, const char *what)
{
	struct isms_buf now = ISMS_BUF_INIT;
	char *got;

	index_write(dir, bad->ptr, bad->len);
	got = indexed_history(dir, path);
	cr_assert_str_eq(got, truth, "%s: not believed", what);
	index_read(&now, dir);
	cr_assert(now.len == good->len && memcmp(now.ptr, good->ptr, now.len) == 0,
		  "%s: rebuilt", what);
	isms_buf_free(&now);
	free(got);
}

Test(histindex, a_broken_index_is_rebuilt_never_believed)
{
	char *dir = linear_repo(), *truth, *lied;
	const char *path = "policies/POL-001.yaml";
	struct isms_buf good = ISMS_BUF_INIT, bad = ISMS_BUF_INIT;

	truth = indexed_history(dir, path);
	cr_assert_eq(strlen(truth), ISMS_OID_HEX, "one commit: %s", truth);
	index_read(&good, dir);

	/* The control: a lie with a good checksum is what the index answers
	 * (so the cases below would fail if they were believed). */
	isms_buf_put(&bad, good.ptr, good.len);
	tell_a_lie(&bad, path, 0, true);
	index_write(dir, bad.ptr, bad.len);
	lied = indexed_history(dir, path);
	cr_assert_str_neq(lied, truth, "the index is what answers");
	free(lied);

	/* The lie, with the checksum of the truth. */
	isms_buf_clear(&bad);
	isms_buf_put(&bad, good.ptr, good.len);
	tell_a_lie(&bad, path, 0, false);
	expect_rebuilt(dir, &bad, path, truth, &good, "a wrong checksum");
	/* The lie, of another version. */
	tell_a_lie(&bad, path, 0, true);
	cr_assert(strstr(bad.ptr, "\nversion 2\n"));
	strstr(bad.ptr, "\nversion 2\n")[9] = '3';
	fix_checksum(&bad);
	expect_rebuilt(dir, &bad, path, truth, &good, "another version");
	/* The lie, for another library. */
	strstr(bad.ptr, "\nversion 3\n")[9] = '2';
	strstr(bad.ptr, "\nlibgit2 ")[9] = '0';
	fix_checksum(&bad);
	expect_rebuilt(dir, &bad, path, truth, &good, "another libgit2");
	/* Truncated: half of it, and all but its last byte. */
	isms_buf_clear(&bad);
	isms_buf_put(&bad, good.ptr, good.len / 2);
	expect_rebuilt(dir, &bad, path, truth, &good, "truncated");
	isms_buf_clear(&bad);
	isms_buf_put(&bad, good.ptr, good.len - 1);
	expect_rebuilt(dir, &bad, path, truth, &good, "one byte short");
	/* Garbage, an empty file, the header alone. */
	isms_buf_clear(&bad);
	isms_buf_puts(&bad, "garbage\n\n\x01\x02\x03");
	expect_rebuilt(dir, &bad, path, truth, &good, "garbage");
	isms_buf_clear(&bad);
	expect_rebuilt(dir, &bad, path, truth, &good, "empty");
	isms_buf_put(&bad, good.ptr, (size_t)(strstr(good.ptr, "\n\n") + 2 - good.ptr));
	expect_rebuilt(dir, &bad, path, truth, &good, "the header alone");
	isms_buf_free(&good);
	isms_buf_free(&bad);
	free(truth);
	free(dir);
}

/* A sound index for a tip that is no longer in HEAD's history (here, one
 * that lies about a commit still in it) is not brought up to date but
 * built again. */
Test(histindex, an_index_for_another_history_is_rebuilt)
{
	char *dir = linear_repo(), *truth, *got, *lied;
	const char *path = "policies/POL-001.yaml";
	struct isms_buf good = ISMS_BUF_INIT;

	free(th_run(dir, "git checkout -q -b old HEAD~1"));
	truth = indexed_history(dir, path);
	index_read(&good, dir);
	tell_a_lie(&good, path, 2, true);  /* "Add RSK-0002", HEAD~2 of the tip */
	index_write(dir, good.ptr, good.len);
	lied = indexed_history(dir, path);
	cr_assert_str_neq(lied, truth, "the lie is believed while its tip is HEAD");
	free(lied);
	free(th_run(dir, "git checkout -q main && git reset -q --hard HEAD~2"));
	th_write(dir, "risks/RSK-0004.yaml", "id: RSK-0004\n");
	commit(dir, "RSK-0004");
	got = indexed_history(dir, path);
	cr_assert_str_eq(got, truth);
	expect_index_is_heads(dir);
	isms_buf_free(&good);
	free(got);
	free(truth);
	free(dir);
}

/* Where the index cannot be saved (.git/isms is a file), it is built in
 * memory for each read and the answers are the same. */
Test(histindex, an_index_that_cannot_be_saved_still_answers)
{
	char *dir = linear_repo(), *path = isms_path_join(dir, ".git/isms/histindex");
	struct isms_repo *repo;

	th_write(dir, ".git/isms", "not a folder\n");
	cr_assert_eq(isms_repo_open(&repo, dir), 0);
	check_path(repo, dir, "risks/RSK-0001.yaml", true, false);
	check_path(repo, dir, "policies/POL-001.yaml", true, false);
	cr_assert_not(isms_fs_exists(path));
	isms_repo_free(repo);
	free(path);
	free(dir);
}

/* An ID once used is never given again: removed, renamed away, or in the
 * history only, the next record of the kind numbers after it. */
Test(histindex, an_id_once_used_is_never_given_again)
{
	char *dir = th_fresh_isms(), *out = NULL;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=One"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Two"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Three"), 0);
	free(th_run(dir, "git rm -q risks/RSK-003.yaml && git commit -qm 'by hand: gone' && "
			 "git mv risks/RSK-002.yaml notes-two.yaml && git commit -qm 'by hand: moved'"));
	cr_assert_eq(th_isms(&out, NULL, dir, "new risk --set title=Four"), 0);
	cr_assert(th_has(out, "RSK-004"), "neither RSK-002 nor RSK-003 again: %s", out);
	free(out);
	/* With the history index removed (it is built again), alike. */
	free(th_run(dir, "rm -f .git/isms/histindex && mkdir -p .git/isms && "
			 "git rm -q risks/RSK-004.yaml && git commit -qm 'by hand: four gone'"));
	cr_assert_eq(th_isms(&out, NULL, dir, "new risk --set title=Five"), 0);
	cr_assert(th_has(out, "RSK-005"), "%s", out);
	free(out);
	free(dir);
}

/* Reviews: a record's history (isms_store_history: its file's commits and
 * its reviews) is the same with the index as without it. */

/* The next commands by `who` (0: the test's author, 1: a reviewer), one
 * minute after the last commit. */
static void as_at(int who)
{
	char date[64];

	clock_now += 60;
	snprintf(date, sizeof(date), "@%ld +0000", clock_now);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
	setenv("GIT_AUTHOR_NAME", who ? "Rita Reviewer" : "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", who ? "rita@example.org" : "author@example.org", 1);
	setenv("GIT_COMMITTER_NAME", who ? "Rita Reviewer" : "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", who ? "rita@example.org" : "committer@example.org", 1);
}

static void isms_ok(const char *dir, int who, const char *args)
{
	char *err = NULL;

	as_at(who);
	cr_assert_eq(th_isms(NULL, &err, dir, "%s", args), 0, "isms %s: %s", args, err);
	free(err);
	as_at(0);
}

/* isms_store_history of `id` (file `path`): "id summary" lines, and the
 * shallow mark after "shallow ". */
static char *store_history(const char *dir, const char *id, const char *path, bool indexed)
{
	struct isms_store *store;
	struct isms_log log;
	struct isms_buf text = ISMS_BUF_INIT;

	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	repo_histindex_use(indexed);
	cr_assert_eq(isms_store_history(&log, store, id, path), 0, "%s: %s", id,
		     isms_error_last()->message);
	repo_histindex_use(true);
	for (size_t i = 0; i < log.count; i++)
		isms_buf_printf(&text, "%s %s %s %lld\n", log.items[i].id, log.items[i].summary,
				log.items[i].email, log.items[i].time);
	isms_buf_printf(&text, "shallow %s\n", log.shallow);
	isms_log_free(&log);
	isms_store_free(store);
	return isms_buf_detach(&text);
}

/* The index itself answers for `path`, with its reviews. */
static void expect_index_answers_reviews(const char *dir, const char *path)
{
	struct isms_repo *repo;
	struct repo_oids ids = { 0 }, shallow;
	git_oid head, reached;
	bool *changed = NULL;

	cr_assert_eq(isms_repo_open(&repo, dir), 0);
	cr_assert_eq(git_reference_name_to_id(&head, repo->git, "HEAD"), 0);
	repo_shallow_commits(&shallow, repo->git);
	cr_assert_eq(repo_histindex_reviews(&ids, &changed, &reached, repo, &head, &shallow, path),
		     0, "the index answers for %s: %s", path, isms_error_last()->message);
	repo_oids_free(&ids);
	repo_oids_free(&shallow);
	free(changed);
	isms_repo_free(repo);
}

/* For every record (and one that never was), the history with the index
 * is the one without; returns POL-001's (the caller frees). */
static char *expect_histories(const char *dir)
{
	static const char *const recs[][2] = {
		{ "POL-001", "policies/POL-001.yaml" },
		{ "POL-002", "policies/POL-002.yaml" },
		{ "POL-003", "policies/POL-003.yaml" },
		{ "POL-009", "policies/POL-009.yaml" },
	};
	char *first = NULL;

	for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		char *with = store_history(dir, recs[i][0], recs[i][1], true);
		char *without = store_history(dir, recs[i][0], recs[i][1], false);

		cr_assert_str_eq(with, without, "%s: the index gives what the walk gives",
				 recs[i][0]);
		expect_index_answers_reviews(dir, recs[i][1]);
		free(without);
		if (i)
			free(with);
		else
			first = with;
	}
	expect_index_is_heads(dir);
	return first;
}

/* An ISMS with two policies in review. */
static char *isms_in_review(void)
{
	char *dir = th_fresh_isms();

	isms_ok(dir, 0, "new policy --set 'title=One' --set owner=Ana --set version=0.3 "
		"--set status=in-review");
	isms_ok(dir, 0, "new policy --set 'title=Two' --set owner=Ana --set version=0.1 "
		"--set status=in-review");
	return dir;
}

/* The number of lines of `text` that contain `what`. */
static size_t lines_with(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

Test(histindex, reviews_empty_commits_and_merges_are_the_walks)
{
	char *dir = isms_in_review(), *pol1, *main = th_git(dir, "symbolic-ref --short HEAD");

	isms_ok(dir, 1, "review POL-001 --decision changes-requested -m 'Needs an owner'");
	isms_ok(dir, 1, "review POL-002 --decision approve -m 'Fine'");
	/* Empty commits that are no reviews: a summary of a review's form
	 * without its trailers, and others. */
	as_at(0);
	free(th_run(dir, "git commit -q --allow-empty -m 'POL-001: review by hand'"));
	free(th_run(dir, "git commit -q --allow-empty -m 'Nothing at all'"));
	free(th_run(dir, "git commit -q --allow-empty -m 'POL-001: reviewed' "
		    "-m 'Record: POL-001' -m 'Review: approve'"));
	/* A review's message on a commit that changes a file (squashed by
	 * hand): a review as before, though not empty. */
	th_write(dir, "notes.txt", "notes\n");
	free(th_run(dir, "git add notes.txt && git commit -q -m 'POL-002: review v0.1 (approve)' "
		    "-m 'Squashed.' -m 'Record: POL-002\nReview: approve'"));
	/* A branch with a review and a change, merged; main changed meanwhile. */
	as_at(0);
	free(th_run(dir, "git checkout -q -b side"));
	isms_ok(dir, 1, "review POL-001 --decision approve -m 'On the side'");
	isms_ok(dir, 0, "set POL-002 title=Two-side -m 'POL-002: side'");
	free(th_run(dir, "git checkout -q %s", main));
	isms_ok(dir, 0, "set POL-001 title=One-main");
	as_at(0);
	free(th_run(dir, "git merge -q --no-ff -m 'Merge side' side"));
	/* A merge that changes nothing (the side had nothing new) and a merge
	 * whose tree is its second parent's. */
	as_at(0);
	free(th_run(dir, "git checkout -q -b empty-side && git commit -q --allow-empty "
		    "-m 'POL-002: review on a branch' && git checkout -q %s && "
		    "git merge -q --no-ff -m 'Merge empty-side' empty-side", main));
	as_at(0);
	free(th_run(dir, "git checkout -q -b ahead && git commit -q --allow-empty -m x && "
		    "git checkout -q %s && git merge -q --no-ff -m 'Merge ahead' ahead", main));
	pol1 = expect_histories(dir);
	cr_assert_eq(lines_with(pol1, ": review v0.3 ("), 2, "POL-001's two reviews:\n%s", pol1);
	cr_assert_eq(lines_with(pol1, "review by hand"), 0, "%s", pol1);
	cr_assert_eq(lines_with(pol1, "reviewed"), 0, "%s", pol1);
	free(pol1);
	pol1 = store_history(dir, "POL-002", "policies/POL-002.yaml", true);
	cr_assert_eq(lines_with(pol1, ": review v0.1 ("), 2, "POL-002's reviews:\n%s", pol1);
	free(pol1);

	/* One more review: the index brought up to date, not rebuilt. */
	isms_ok(dir, 1, "review POL-002 --decision approve -m 'Again'");
	free(expect_histories(dir));
	free(main);
	free(dir);
}

/* `good` (an index) as version `version` would have it without the commits
 * of a review's form (as version 1 wrote it), with a good checksum. */
static void without_reviews(struct isms_buf *out, const struct isms_buf *good, int version)
{
	const char *head_end = strstr(good->ptr, "\n\n") + 2;
	unsigned long commits = strtoul(strstr(good->ptr, "\ncommits ") + 9, NULL, 10);
	unsigned long paths = strtoul(strstr(good->ptr, "\npaths ") + 7, NULL, 10);
	unsigned long entries = strtoul(strstr(good->ptr, "\nentries ") + 9, NULL, 10);
	const unsigned char *p = (const unsigned char *)head_end + GIT_OID_RAWSZ * commits;
	const unsigned char *end = (const unsigned char *)good->ptr + good->len - GIT_OID_RAWSZ;
	struct isms_buf recs = ISMS_BUF_INIT;
	char *head = isms_strndup(good->ptr, (size_t)(strstr(good->ptr, "\npaths ") - good->ptr));
	bool found = false;

	while (p < end) {
		uint32_t n = get32(p), count = get32(p + 4);
		size_t size = 8 + n + 4 * (size_t)count;

		if (n == strlen("/reviews") && memcmp(p + 8, "/reviews", n) == 0) {
			found = true;
			entries -= count;
			paths--;
		} else {
			isms_buf_put(&recs, p, size);
		}
		p += size;
	}
	cr_assert(found, "the index keeps the commits of a review's form");
	cr_assert(strstr(head, "\nversion 2\n"));
	strstr(head, "\nversion 2\n")[9] = (char)('0' + version);
	isms_buf_clear(out);
	isms_buf_printf(out, "%s\npaths %lu\nentries %lu\n\n", head, paths, entries);
	isms_buf_put(out, head_end, GIT_OID_RAWSZ * commits);
	isms_buf_put(out, recs.ptr, recs.len);
	isms_buf_put(out, good->ptr + good->len - GIT_OID_RAWSZ, GIT_OID_RAWSZ);
	fix_checksum(out);
	isms_buf_free(&recs);
	free(head);
}

Test(histindex, an_index_of_version_1_is_rebuilt_with_the_reviews)
{
	char *dir = isms_in_review(), *truth, *got;
	struct isms_buf good = ISMS_BUF_INIT, old = ISMS_BUF_INIT, now = ISMS_BUF_INIT;

	isms_ok(dir, 1, "review POL-001 --decision approve -m 'Fine'");
	truth = store_history(dir, "POL-001", "policies/POL-001.yaml", false);
	cr_assert_eq(lines_with(truth, "POL-001: review v0.3 (approve)"), 1, "%s", truth);
	free(expect_histories(dir));
	index_read(&good, dir);

	/* The control: the same file as version 2 is believed, and knows no
	 * review. */
	without_reviews(&old, &good, 2);
	index_write(dir, old.ptr, old.len);
	got = store_history(dir, "POL-001", "policies/POL-001.yaml", true);
	cr_assert_eq(lines_with(got, ": review"), 0, "the index is what answers: %s", got);
	free(got);

	/* As version 1 wrote it: rebuilt, and the review is there. */
	without_reviews(&old, &good, 1);
	index_write(dir, old.ptr, old.len);
	got = store_history(dir, "POL-001", "policies/POL-001.yaml", true);
	cr_assert_str_eq(got, truth, "an index of version 1 is not believed");
	index_read(&now, dir);
	cr_assert(now.len == good.len && memcmp(now.ptr, good.ptr, now.len) == 0, "rebuilt");
	free(got);
	free(truth);
	isms_buf_free(&good);
	isms_buf_free(&old);
	isms_buf_free(&now);
	free(dir);
}

/* A tree object of `n` entries ("MODE NAME"), each with the id `id`, in
 * the order given, however wrong; its id into `out`. */
static void raw_tree(char out[ISMS_OID_HEX], const char *dir, const char *const *entries,
		     size_t n, const char *id)
{
	git_repository *git;
	git_odb *odb;
	git_oid oid, made;
	struct isms_buf raw = ISMS_BUF_INIT;

	cr_assert_eq(git_repository_open(&git, dir), 0);
	cr_assert_eq(git_repository_odb(&odb, git), 0);
	cr_assert_eq(git_oid_fromstr(&oid, id), 0);
	for (size_t i = 0; i < n; i++) {
		isms_buf_put(&raw, entries[i], strlen(entries[i]) + 1);
		isms_buf_put(&raw, oid.id, GIT_OID_RAWSZ);
	}
	cr_assert_eq(git_odb_write(&made, odb, raw.ptr, raw.len, GIT_OBJECT_TREE), 0);
	git_oid_tostr(out, ISMS_OID_HEX, &made);
	isms_buf_free(&raw);
	git_odb_free(odb);
	git_repository_free(git);
}

/* Commit a root tree holding tree `risks` as the folder risks/, on HEAD. */
static void commit_risks(const char *dir, const char *risks, const char *msg)
{
	static const char *const folder[] = { "40000 risks" };
	char root[ISMS_OID_HEX];

	raw_tree(root, dir, folder, 1, risks);
	clock_now += 60;
	free(th_run(dir, "c=$(GIT_AUTHOR_DATE='@%ld +0000' GIT_COMMITTER_DATE='@%ld +0000' "
		    "git commit-tree %s -p HEAD -m '%s') && git update-ref HEAD $c", clock_now,
		    clock_now, root, msg));
}

/* Trees not as git writes them (names out of order, twice, a file and a
 * folder of one name), in the middle of a large folder whose other
 * entries the build passes over as those of the version before: the
 * index is not built from them, and a record's history is the walk's. */
Test(histindex, trees_not_as_git_writes_them_are_never_indexed)
{
	static const char *const good[] = { "100644 RSK-0001.yaml", "100644 RSK-0002.yaml",
					    "100644 RSK-0003.yaml", "100644 RSK-0004.yaml",
					    "100644 RSK-0005.yaml" };
	static const char *const swapped[] = { "100644 RSK-0001.yaml", "100644 RSK-0003.yaml",
					       "100644 RSK-0002.yaml", "100644 RSK-0004.yaml",
					       "100644 RSK-0005.yaml" };
	static const char *const twice[] = { "100644 RSK-0001.yaml", "100644 RSK-0002.yaml",
					     "100644 RSK-0002.yaml", "100644 RSK-0004.yaml",
					     "100644 RSK-0005.yaml" };
	static const char *const both[] = { "100644 RSK-0001.yaml", "100644 RSK-0003",
					    "40000 RSK-0003", "100644 RSK-0004.yaml",
					    "100644 RSK-0005.yaml" };
	static const char *const *const bad[] = { swapped, twice, both };
	char *blob, *file;

	for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
		char *dir = git_repo();
		char tree[ISMS_OID_HEX];
		struct isms_repo *repo;

		th_write(dir, "risks/RSK-0001.yaml", "id: RSK-0001\n");
		commit(dir, "Start");
		blob = th_git(dir, "rev-parse HEAD:risks/RSK-0001.yaml");
		raw_tree(tree, dir, good, 5, blob);
		commit_risks(dir, tree, "Five");
		raw_tree(tree, dir, bad[b], 5, blob);
		commit_risks(dir, tree, "Wrong");
		file = index_file(dir);
		isms_fs_remove(file);
		cr_assert_eq(isms_repo_open(&repo, dir), 0);
		for (size_t i = 0; i < 5; i++) {
			char *path = isms_asprintf("risks/RSK-000%zu.yaml", i + 1);
			char *with = history(repo, path, true, NULL), *without = history(repo, path, false, NULL);

			cr_assert_str_eq(with, without, "case %zu, %s", b, path);
			free(with);
			free(without);
			free(path);
		}
		cr_assert_not(isms_fs_exists(file), "case %zu: no index of a wrong tree", b);
		isms_repo_free(repo);
		free(file);
		free(blob);
		free(dir);
	}
}

/* A history long enough to be indexed on two cores (each half of the
 * commits in a thread of its own): every path's history is still the
 * walk's and git log's. */
Test(histindex, a_long_history_read_in_two_halves_is_the_walks_and_gits)
{
	char *dir = git_repo();

	/* 1,200 commits by git fast-import, each changing one of 40 records
	 * (a few also adding one, removing one). */
	free(th_run(dir, "awk 'BEGIN { for (c = 1; c <= 1200; c++) {"
		    " printf \"commit refs/heads/main\\nmark :%%d\\n\", c;"
		    " printf \"committer T <t@example.org> %%d +0000\\n\", 1767225600 + 60 * c;"
		    " printf \"data <<EOF\\nchange %%d\\nEOF\\n\", c;"
		    " if (c > 1) printf \"from :%%d\\n\", c - 1;"
		    " printf \"M 100644 inline risks/RSK-%%04d.yaml\\n\", c %% 40;"
		    " printf \"data <<EOF\\nid: RSK-%%04d\\ntitle: version %%d\\nEOF\\n\", c %% 40, c;"
		    " if (c %% 97 == 0) printf \"D risks/RSK-%%04d.yaml\\n\", (c + 7) %% 40;"
		    " if (c %% 89 == 0) printf \"M 100644 inline policies/POL-%%03d.yaml\\n"
		    "data <<EOF\\nid: POL\\nEOF\\n\", c %% 5;"
		    " printf \"\\n\" } }' | git fast-import --quiet && git reset -q --hard main"));
	check_all(dir, true);
	free(dir);
}
