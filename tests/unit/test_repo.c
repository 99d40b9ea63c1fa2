/* SPDX-License-Identifier: MIT */
/* The Git layer on real temporary repositories, checked with the git CLI. */
#include "config.h"

#include <criterion/criterion.h>
#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/repo.h"

/* Every test runs with a pinned environment (see helpers.h). */
static void setup(void)
{
	th_pin_env();
}

TestSuite(repo, .init = setup);


/* The first line of a command's output, without its newline. */
static char *run_line(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *run_line(const char *dir, const char *fmt, ...)
{
	va_list ap;
	char *cmd, *out;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	out = th_run(dir, "%s", cmd);
	out[strcspn(out, "\n")] = '\0';
	free(cmd);
	return out;
}

/* Assert that `dir` runs `cmd` with exactly `want` as output. */
static void expect_output(const char *dir, const char *cmd, const char *want)
{
	char *out = th_run(dir, "%s", cmd);

	cr_assert_str_eq(out, want, "%s", cmd);
	free(out);
}

static int commit_count(const char *dir)
{
	char *out;
	int n;

	if (th_sh(&out, dir, "git rev-list --count HEAD") != 0) {
		free(out);
		return 0;  /* no commit yet */
	}
	n = atoi(out);
	free(out);
	return n;
}

/* A new repository in a fresh folder: *dir receives its path (caller frees). */
static struct isms_repo *new_repo(char **dir)
{
	struct isms_repo *repo;
	char *tmp = th_tmpdir();

	*dir = isms_path_join(tmp, "repo");
	free(tmp);
	cr_assert_eq(isms_repo_init(&repo, *dir), 0, "%s", isms_error_last()->message);
	return repo;
}

/* Commit `paths` with `message`: the commit's hex id, or "" when nothing changed. */
static int commit(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *const *paths,
		  size_t count, const char *message)
{
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;

	opts.message = message;
	return isms_repo_commit(out, repo, paths, count, &opts);
}

static void commit_ok(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *path,
		      const char *message)
{
	const char *paths[] = { path };
	int error = commit(out, repo, paths, 1, message);

	cr_assert_eq(error, 0, "commit %s: %s", path, isms_error_last()->message);
	cr_assert_eq(strlen(out), 40, "a full commit id");
}

static void expect_head(const char *dir, const char *want)
{
	char *head = run_line(dir, "git rev-parse HEAD");

	cr_assert_str_eq(head, want);
	free(head);
}

static void set_dates(long long t)
{
	char date[64];

	snprintf(date, sizeof(date), "@%lld +0000", t);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
}

/* Opening and creating */

Test(repo, init_creates_a_repository_and_its_folder)
{
	char *tmp = th_tmpdir(), *dir = isms_path_join(tmp, "new/isms"), *top, *out;
	struct isms_repo *repo;
	char head[ISMS_OID_HEX];

	cr_assert_eq(isms_repo_init(&repo, dir), 0, "%s", isms_error_last()->message);
	cr_assert(repo);
	top = isms_asprintf("%s/", dir);
	cr_assert_str_eq(isms_repo_workdir(repo), top);
	cr_assert(th_has(isms_repo_gitdir(repo), "/new/isms/.git/"), "%s", isms_repo_gitdir(repo));
	out = run_line(dir, "git rev-parse --is-inside-work-tree --is-bare-repository | tr '\\n' ' '");
	cr_assert_str_eq(out, "true false ");
	free(out);
	out = run_line(dir, "git rev-parse --show-toplevel");
	cr_assert_str_eq(out, dir);
	free(out);
	cr_assert_eq(isms_repo_head(head, repo), ISMS_ENOTFOUND, "no commit yet");
	cr_assert_str_eq(head, "");
	isms_repo_free(repo);

	/* A second init opens the same repository rather than failing. */
	cr_assert_eq(isms_repo_init(&repo, dir), 0, "%s", isms_error_last()->message);
	cr_assert_str_eq(isms_repo_workdir(repo), top);
	isms_repo_free(repo);
	free(top);
	free(dir);
	free(tmp);
}

Test(repo, open_finds_the_repository_from_a_subfolder)
{
	char *dir, *sub, *top, *gitdir;
	struct isms_repo *repo = new_repo(&dir), *found;

	isms_repo_free(repo);
	sub = isms_path_join(dir, "a/b/c");
	cr_assert_eq(isms_fs_mkdirs(sub, 0777), 0);
	top = isms_asprintf("%s/", dir);
	gitdir = isms_asprintf("%s/.git/", dir);

	cr_assert_eq(isms_repo_open(&found, sub), 0, "%s", isms_error_last()->message);
	cr_assert_str_eq(isms_repo_workdir(found), top);
	cr_assert_str_eq(isms_repo_gitdir(found), gitdir);
	isms_repo_free(found);
	cr_assert_eq(isms_repo_open(&found, dir), 0, "%s", isms_error_last()->message);
	cr_assert_str_eq(isms_repo_workdir(found), top);
	isms_repo_free(found);
	free(sub);
	free(top);
	free(gitdir);
	free(dir);
}

Test(repo, open_without_a_repository_is_not_found)
{
	char *dir = th_tmpdir(), *sub = isms_path_join(dir, "x/y");
	struct isms_repo *repo = (struct isms_repo *)&repo;

	cr_assert_eq(isms_fs_mkdirs(sub, 0777), 0);
	/* The test only means something when no folder above is a repository. */
	cr_assert_neq(th_sh(NULL, sub, "git rev-parse --git-dir"), 0,
		      "%s is inside a git repository", sub);
	cr_assert_eq(isms_repo_open(&repo, sub), ISMS_ENOTFOUND);
	cr_assert_null(repo);
	cr_assert(th_has(isms_error_last()->message, "isms init"), "%s",
		  isms_error_last()->message);
	cr_assert_eq(isms_fs_exists(sub), 1);
	cr_assert_eq(th_sh(NULL, dir, "test ! -e .git && test ! -e x/.git && test ! -e x/y/.git"), 0,
		     "open created nothing");
	free(sub);
	free(dir);
}

Test(repo, a_bare_repository_is_refused)
{
	char *dir = th_tmpdir(), *bare = isms_path_join(dir, "bare.git"),
	     *refs = isms_path_join(bare, "refs");
	struct isms_repo *repo = (struct isms_repo *)&repo;
	char *out = th_run(dir, "git init -q --bare bare.git");
	int error;

	free(out);
	error = isms_repo_open(&repo, bare);
	cr_assert_lt(error, 0);
	cr_assert_neq(error, ISMS_ENOTFOUND, "it is found, and refused");
	cr_assert_null(repo);
	cr_assert(th_has(isms_error_last()->message, "bare"), "%s", isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "bare.git"), "names the repository: %s",
		  isms_error_last()->message);
	repo = (struct isms_repo *)&repo;
	cr_assert_lt(isms_repo_open(&repo, refs), 0, "also from inside it");
	cr_assert_null(repo);
	free(refs);
	free(bare);
	free(dir);
}

/* Committing */

Test(repo, commit_adds_changes_and_removes_paths)
{
	char *dir, *out;
	struct isms_repo *repo = new_repo(&dir);
	char c1[ISMS_OID_HEX], c2[ISMS_OID_HEX], head[ISMS_OID_HEX];
	const char *both[] = { "a.txt", "sub/b.txt" };

	th_write(dir, "a.txt", "alpha\n");
	th_write(dir, "sub/b.txt", "beta\n");
	th_write(dir, "untouched.txt", "not named, not committed\n");
	cr_assert_eq(commit(c1, repo, both, 2, "Add a and b"), 0, "%s", isms_error_last()->message);
	cr_assert_eq(strlen(c1), 40);
	expect_head(dir, c1);
	cr_assert_eq(isms_repo_head(head, repo), 0);
	cr_assert_str_eq(head, c1);
	expect_output(dir, "git ls-tree -r --name-only HEAD", "a.txt\nsub/b.txt\n");
	expect_output(dir, "git show HEAD:a.txt", "alpha\n");
	expect_output(dir, "git log --format=%s", "Add a and b\n");

	th_write(dir, "a.txt", "alpha, changed\n");
	cr_assert_eq(th_sh(NULL, dir, "rm sub/b.txt"), 0);
	cr_assert_eq(commit(c2, repo, both, 2, "Change a, remove b"), 0, "%s",
		     isms_error_last()->message);
	cr_assert_neq(strcmp(c1, c2), 0);
	expect_head(dir, c2);
	out = run_line(dir, "git rev-parse HEAD~1");
	cr_assert_str_eq(out, c1, "the new commit's parent is the old one");
	free(out);
	expect_output(dir, "git show --name-status --format= HEAD", "M\ta.txt\nD\tsub/b.txt\n");
	expect_output(dir, "git show HEAD:a.txt", "alpha, changed\n");
	expect_output(dir, "git status --porcelain", "?? untouched.txt\n");
	out = th_run(dir, "git fsck --strict --no-dangling");
	cr_assert_not(th_has(out, "error"), "%s", out);
	cr_assert_not(th_has(out, "missing"), "%s", out);
	free(out);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, identity_and_dates_come_from_the_git_environment)
{
	char *dir;
	struct isms_repo *repo = new_repo(&dir);
	char c[ISMS_OID_HEX], *name, *email;

	th_write(dir, "a.txt", "a\n");
	commit_ok(c, repo, "a.txt", "First");
	expect_output(dir, "git log -1 --format='%an%n%ae%n%at%n%cn%n%ce%n%ct'",
		      "Test Author\nauthor@example.org\n1767225600\n"
		      "Test Committer\ncommitter@example.org\n1767225600\n");
	cr_assert_eq(isms_repo_identity(&name, &email, repo), 0);
	cr_assert_str_eq(name, "Test Author");
	cr_assert_str_eq(email, "author@example.org");
	free(name);
	free(email);

	/* Another date in the environment, another date in the commit. */
	setenv("GIT_AUTHOR_DATE", "@1767312000 +0100", 1);
	th_write(dir, "a.txt", "b\n");
	commit_ok(c, repo, "a.txt", "Second");
	expect_output(dir, "git log -1 --format='%at %ai|%ct'",
		      "1767312000 2026-01-02 01:00:00 +0100|1767225600\n");
	isms_repo_free(repo);
	free(dir);
}

Test(repo, identity_comes_from_the_repository_configuration_without_environment)
{
	char *dir = th_tmpdir(), *out;
	struct isms_repo *repo;
	char c[ISMS_OID_HEX], *name, *email;

	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	out = th_run(dir, "git init -q && git config user.name 'Config Person' && "
		       "git config user.email config@example.org");
	free(out);
	cr_assert_eq(isms_repo_open(&repo, dir), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_repo_identity(&name, &email, repo), 0, "%s", isms_error_last()->message);
	cr_assert_str_eq(name, "Config Person");
	cr_assert_str_eq(email, "config@example.org");
	free(name);
	free(email);
	th_write(dir, "a.txt", "a\n");
	commit_ok(c, repo, "a.txt", "From configuration");
	expect_output(dir, "git log -1 --format='%an%n%ae%n%cn%n%ce%n%at'",
		      "Config Person\nconfig@example.org\nConfig Person\nconfig@example.org\n"
		      "1767225600\n");
	isms_repo_free(repo);
	free(dir);
}

Test(repo, without_any_identity_nothing_is_committed)
{
	char *dir;
	struct isms_repo *repo = new_repo(&dir);
	char c1[ISMS_OID_HEX], c2[ISMS_OID_HEX], *name = (char *)"x", *email = (char *)"x";
	const char *paths[] = { "a.txt" };

	th_write(dir, "a.txt", "one\n");
	commit_ok(c1, repo, "a.txt", "First");
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	unsetenv("EMAIL");

	th_write(dir, "a.txt", "two\n");
	memset(c2, 'x', sizeof(c2));
	cr_assert_eq(commit(c2, repo, paths, 1, "Second"), ISMS_EIDENTITY);
	cr_assert_str_eq(c2, "");
	cr_assert(th_has(isms_error_last()->message, "git config user.name"), "%s",
		  isms_error_last()->message);
	expect_head(dir, c1);
	cr_assert_eq(commit_count(dir), 1);
	cr_assert_eq(isms_repo_identity(&name, &email, repo), ISMS_EIDENTITY);
	cr_assert_null(name);
	cr_assert_null(email);

	/* A name alone is not enough. */
	setenv("GIT_AUTHOR_NAME", "Only A Name", 1);
	setenv("GIT_COMMITTER_NAME", "Only A Name", 1);
	cr_assert_eq(commit(c2, repo, paths, 1, "Second"), ISMS_EIDENTITY);
	expect_head(dir, c1);

	/* Doing what the message says is enough, even with the repository open. */
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_COMMITTER_NAME");
	free(th_run(dir, "git config user.name 'Late Person' && git config user.email late@example.org"));
	cr_assert_eq(commit(c2, repo, paths, 1, "Second"), 0, "%s", isms_error_last()->message);
	expect_head(dir, c2);
	expect_output(dir, "git log -1 --format='%an <%ae> %cn <%ce>'",
		      "Late Person <late@example.org> Late Person <late@example.org>\n");
	isms_repo_free(repo);
	free(dir);
}

Test(repo, without_any_identity_an_empty_repository_stays_empty)
{
	char *dir;
	struct isms_repo *repo = new_repo(&dir);
	char c[ISMS_OID_HEX];
	const char *paths[] = { "a.txt" };

	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	th_write(dir, "a.txt", "one\n");
	cr_assert_eq(commit(c, repo, paths, 1, "First"), ISMS_EIDENTITY);
	cr_assert_str_eq(c, "");
	cr_assert_neq(th_sh(NULL, dir, "git rev-parse --verify -q HEAD"), 0, "no commit");
	isms_repo_free(repo);
	free(dir);
}

Test(repo, trailers_end_the_message)
{
	char *dir, *out;
	struct isms_repo *repo = new_repo(&dir);
	char c[ISMS_OID_HEX];
	const char *paths[] = { "policies/POL-001.yaml" };
	const char *trailers[] = { "Record: POL-001", "Clause: 5.2" };
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;

	th_write(dir, "policies/POL-001.yaml", "id: POL-001\n");
	opts.message = "POL-001: create Access control\n\nWhy: the auditor asked for it.";
	opts.trailers = trailers;
	opts.trailer_count = 2;
	cr_assert_eq(isms_repo_commit(c, repo, paths, 1, &opts), 0, "%s",
		     isms_error_last()->message);
	expect_output(dir, "git cat-file commit HEAD | sed '1,/^$/d'",
		      "POL-001: create Access control\n\nWhy: the auditor asked for it.\n\n"
		      "Record: POL-001\nClause: 5.2\n");
	expect_output(dir, "git log -1 --format=%s", "POL-001: create Access control\n");
	out = th_run(dir, "git log -1 --format=%%B | git interpret-trailers --parse");
	cr_assert_str_eq(out, "Record: POL-001\nClause: 5.2\n");
	free(out);
	expect_output(dir, "git log -1 --format='%(trailers:key=Record,valueonly)'", "POL-001\n\n");
	isms_repo_free(repo);
	free(dir);
}

Test(repo, unchanged_paths_make_no_commit)
{
	char *dir;
	struct isms_repo *repo = new_repo(&dir);
	char c1[ISMS_OID_HEX], c2[ISMS_OID_HEX];
	const char *paths[] = { "a.txt", "never-existed.txt" };

	th_write(dir, "a.txt", "same\n");
	commit_ok(c1, repo, "a.txt", "First");
	memset(c2, 'x', sizeof(c2));
	cr_assert_eq(commit(c2, repo, paths, 2, "Again"), 0, "%s", isms_error_last()->message);
	cr_assert_str_eq(c2, "", "no commit id when nothing changed");
	expect_head(dir, c1);
	cr_assert_eq(commit_count(dir), 1);
	expect_output(dir, "git status --porcelain", "");
	isms_repo_free(repo);
	free(dir);
}

Test(repo, other_staged_changes_are_neither_committed_nor_lost)
{
	char *dir, *out;
	struct isms_repo *repo = new_repo(&dir);
	char c[ISMS_OID_HEX];
	const char *both[] = { "policies/POL-001.yaml", "other.txt" };

	th_write(dir, "policies/POL-001.yaml", "v: 1\n");
	th_write(dir, "other.txt", "other 1\n");
	cr_assert_eq(commit(c, repo, both, 2, "First"), 0, "%s", isms_error_last()->message);

	/* Someone stages a change to other.txt and a new file, with git. */
	th_write(dir, "other.txt", "other 2, staged\n");
	th_write(dir, "new.txt", "new, staged\n");
	out = th_run(dir, "git add other.txt new.txt");
	free(out);
	th_write(dir, "policies/POL-001.yaml", "v: 2\n");
	commit_ok(c, repo, "policies/POL-001.yaml", "Second");

	expect_head(dir, c);
	out = th_run(dir, "git show --stat --format= HEAD");
	cr_assert(th_has(out, "policies/POL-001.yaml"), "%s", out);
	cr_assert_not(th_has(out, "other.txt"), "%s", out);
	cr_assert_not(th_has(out, "new.txt"), "%s", out);
	free(out);
	expect_output(dir, "git show HEAD:other.txt", "other 1\n");
	expect_output(dir, "git diff --cached --name-only", "new.txt\nother.txt\n");
	expect_output(dir, "git show :other.txt", "other 2, staged\n");
	expect_output(dir, "git status --porcelain", "A  new.txt\nM  other.txt\n");
	out = th_run(dir, "git fsck --strict --no-dangling");
	cr_assert_not(th_has(out, "error"), "%s", out);
	free(out);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, the_committed_path_is_clean_in_git_status)
{
	char *dir, *out;
	struct isms_repo *repo = new_repo(&dir);
	char c[ISMS_OID_HEX];
	const char *gone[] = { "b.txt" };

	th_write(dir, "a.txt", "a\n");
	th_write(dir, "b.txt", "b\n");
	commit_ok(c, repo, "a.txt", "A");
	commit_ok(c, repo, "b.txt", "B");
	expect_output(dir, "git status --porcelain", "");
	th_write(dir, "a.txt", "a, changed\n");
	commit_ok(c, repo, "a.txt", "A again");
	expect_output(dir, "git status --porcelain", "");
	expect_output(dir, "git diff --cached --name-only", "");
	cr_assert_eq(th_sh(NULL, dir, "rm b.txt"), 0);
	cr_assert_eq(commit(c, repo, gone, 1, "Remove b"), 0, "%s", isms_error_last()->message);
	expect_output(dir, "git status --porcelain", "");
	expect_output(dir, "git ls-files", "a.txt\n");
	out = th_run(dir, "git fsck --strict");
	cr_assert_not(th_has(out, "error"), "%s", out);
	free(out);
	isms_repo_free(repo);
	free(dir);
}

/* Locks */

Test(repo, an_index_lock_gives_elocked_and_stays)
{
	char *dir, *lock, *content;
	struct isms_repo *repo = new_repo(&dir);
	char c1[ISMS_OID_HEX], c2[ISMS_OID_HEX];
	const char *paths[] = { "a.txt" };

	th_write(dir, "a.txt", "one\n");
	commit_ok(c1, repo, "a.txt", "First");
	th_write(dir, ".git/index.lock", "held by another process\n");
	th_write(dir, "a.txt", "two\n");
	memset(c2, 'x', sizeof(c2));
	cr_assert_eq(commit(c2, repo, paths, 1, "Second"), ISMS_ELOCKED);
	cr_assert_str_eq(c2, "");
	cr_assert(th_has(isms_error_last()->message, "index.lock"), "%s",
		  isms_error_last()->message);
	expect_head(dir, c1);
	cr_assert_eq(commit_count(dir), 1);
	lock = isms_path_join(dir, ".git/index.lock");
	cr_assert_eq(isms_fs_exists(lock), 1, "the lock is not ours to remove");
	content = th_read(dir, ".git/index.lock");
	cr_assert_str_eq(content, "held by another process\n");
	free(content);
	free(lock);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, a_ref_lock_gives_elocked_and_stays)
{
	char *dir, *branch, *rel, *lock, *content;
	struct isms_repo *repo = new_repo(&dir);
	char c1[ISMS_OID_HEX], c2[ISMS_OID_HEX];
	const char *paths[] = { "a.txt" };

	th_write(dir, "a.txt", "one\n");
	commit_ok(c1, repo, "a.txt", "First");
	branch = isms_repo_branch(repo);
	cr_assert_str_neq(branch, "(detached)");
	rel = isms_asprintf(".git/refs/heads/%s.lock", branch);
	th_write(dir, rel, "locked\n");
	th_write(dir, "a.txt", "two\n");
	memset(c2, 'x', sizeof(c2));
	cr_assert_eq(commit(c2, repo, paths, 1, "Second"), ISMS_ELOCKED, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(c2, "");
	expect_head(dir, c1);
	lock = isms_path_join(dir, rel);
	cr_assert_eq(isms_fs_exists(lock), 1, "the ref lock is left in place");
	content = th_read(dir, rel);
	cr_assert_str_eq(content, "locked\n");
	free(content);
	free(lock);
	free(rel);
	free(branch);
	isms_repo_free(repo);
	free(dir);
}

/* Conflicts */

Test(repo, an_old_parent_is_a_conflict)
{
	char *dir, *other, *out;
	struct isms_repo *repo = new_repo(&dir);
	char c1[ISMS_OID_HEX], c2[ISMS_OID_HEX], c3[ISMS_OID_HEX];
	const char *paths[] = { "a.txt" };
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;

	th_write(dir, "a.txt", "one\n");
	th_write(dir, "b.txt", "b\n");
	opts.message = "First";
	opts.parent = "";
	cr_assert_eq(isms_repo_commit(c1, repo, paths, 1, &opts), 0, "parent \"\" on an empty "
		     "repository: %s", isms_error_last()->message);

	/* Another process commits with git. */
	out = th_run(dir, "git add b.txt && git commit -q -m 'Other process'");
	free(out);
	other = run_line(dir, "git rev-parse HEAD");
	cr_assert_str_neq(other, c1);

	th_write(dir, "a.txt", "two\n");
	opts.message = "Mine";
	opts.parent = c1;
	memset(c2, 'x', sizeof(c2));
	cr_assert_eq(isms_repo_commit(c2, repo, paths, 1, &opts), ISMS_ECONFLICT);
	cr_assert_str_eq(c2, "");
	expect_head(dir, other);
	opts.parent = "";
	cr_assert_eq(isms_repo_commit(c2, repo, paths, 1, &opts), ISMS_ECONFLICT,
		     "\"\" expects no commit yet");
	expect_head(dir, other);
	cr_assert_eq(commit_count(dir), 2);
	expect_output(dir, "git show HEAD:a.txt", "one\n");

	/* With the right parent it goes through, on top of the other commit. */
	opts.parent = other;
	cr_assert_eq(isms_repo_commit(c3, repo, paths, 1, &opts), 0, "%s",
		     isms_error_last()->message);
	expect_head(dir, c3);
	out = run_line(dir, "git rev-parse HEAD~1");
	cr_assert_str_eq(out, other);
	free(out);
	expect_output(dir, "git ls-tree -r --name-only HEAD", "a.txt\nb.txt\n");
	free(other);
	isms_repo_free(repo);
	free(dir);
}

/* Reading */

Test(repo, read_at_revisions)
{
	char *dir, *first, *out;
	struct isms_repo *repo = new_repo(&dir);
	struct isms_buf buf = ISMS_BUF_INIT;
	char c1[ISMS_OID_HEX], c2[ISMS_OID_HEX];

	th_write(dir, "dir/a.txt", "version 1\n");
	commit_ok(c1, repo, "dir/a.txt", "One");
	th_write(dir, "dir/a.txt", "version 2\n");
	commit_ok(c2, repo, "dir/a.txt", "Two");
	first = run_line(dir, "git rev-parse HEAD~1");
	cr_assert_str_eq(first, c1);
	out = th_run(dir, "git tag v1 HEAD~1 && git tag -a -m 'annotated' v1-annotated HEAD~1");
	free(out);

	cr_assert_eq(isms_repo_read(&buf, repo, "HEAD", "dir/a.txt"), 0);
	cr_assert_str_eq(isms_buf_cstr(&buf), "version 2\n");
	cr_assert_eq(isms_repo_read(&buf, repo, "HEAD~1", "dir/a.txt"), 0);
	cr_assert_str_eq(isms_buf_cstr(&buf), "version 1\n");
	cr_assert_eq(isms_repo_read(&buf, repo, first, "dir/a.txt"), 0);
	cr_assert_str_eq(isms_buf_cstr(&buf), "version 1\n");
	cr_assert_eq(isms_repo_read(&buf, repo, c2, "dir/a.txt"), 0);
	cr_assert_str_eq(isms_buf_cstr(&buf), "version 2\n");
	cr_assert_eq(isms_repo_read(&buf, repo, "v1", "dir/a.txt"), 0, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(isms_buf_cstr(&buf), "version 1\n");
	cr_assert_eq(isms_repo_read(&buf, repo, "v1-annotated", "dir/a.txt"), 0, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(isms_buf_cstr(&buf), "version 1\n");

	cr_assert_eq(isms_repo_read(&buf, repo, "HEAD", "dir/missing.txt"), ISMS_ENOTFOUND);
	cr_assert_eq(buf.len, 0, "nothing read");
	cr_assert_eq(isms_repo_read(&buf, repo, "HEAD", "dir"), ISMS_ENOTFOUND, "a folder");
	cr_assert_eq(isms_repo_read(&buf, repo, "no-such-revision", "dir/a.txt"), ISMS_ENOTFOUND);
	cr_assert_eq(isms_repo_read(&buf, repo, "HEAD~2", "dir/a.txt"), ISMS_ENOTFOUND);
	cr_assert_eq(isms_repo_read(&buf, repo, "HEAD^{nonsense}", "dir/a.txt"), ISMS_ENOTFOUND,
		     "%s", isms_error_last()->message);
	cr_assert_eq(isms_repo_read(&buf, repo, "HEAD@{", "dir/a.txt"), ISMS_ENOTFOUND, "%s",
		     isms_error_last()->message);
	cr_assert_eq(isms_repo_read(&buf, repo, "0123456789012345678901234567890123456789",
				    "dir/a.txt"), ISMS_ENOTFOUND);
	isms_buf_free(&buf);
	free(first);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, log_lists_the_commits_that_changed_a_path_newest_first)
{
	char *dir, *want, *got;
	struct isms_repo *repo = new_repo(&dir);
	struct isms_log log;
	struct isms_buf ids = ISMS_BUF_INIT;
	char c[4][ISMS_OID_HEX];

	set_dates(1767225600);
	th_write(dir, "a.txt", "a1\n");
	commit_ok(c[0], repo, "a.txt", "Add a");
	set_dates(1767225660);
	th_write(dir, "b.txt", "b1\n");
	commit_ok(c[1], repo, "b.txt", "Add b");
	set_dates(1767225720);
	th_write(dir, "a.txt", "a2\n");
	commit_ok(c[2], repo, "a.txt", "Change a\n\nwith a body");
	set_dates(1767225780);
	th_write(dir, "b.txt", "b2\n");
	commit_ok(c[3], repo, "b.txt", "Change b");

	cr_assert_eq(isms_repo_log(&log, repo, "a.txt", 0), 0, "%s", isms_error_last()->message);
	cr_assert_eq(log.count, 2);
	cr_assert_str_eq(log.items[0].id, c[2]);
	cr_assert_str_eq(log.items[0].summary, "Change a");
	cr_assert_str_eq(log.items[0].author, "Test Author");
	cr_assert_str_eq(log.items[0].email, "author@example.org");
	cr_assert_eq(log.items[0].time, 1767225720);
	cr_assert_eq(log.items[0].offset, 0);
	cr_assert_str_eq(log.items[1].id, c[0]);
	cr_assert_str_eq(log.items[1].summary, "Add a");
	cr_assert_eq(log.items[1].time, 1767225600);
	for (size_t i = 0; i < log.count; i++)
		isms_buf_printf(&ids, "%s\n", log.items[i].id);
	want = th_run(dir, "git log --format=%%H -- a.txt");
	cr_assert_str_eq(isms_buf_cstr(&ids), want, "as git log -- a.txt");
	free(want);
	isms_log_free(&log);

	cr_assert_eq(isms_repo_log(&log, repo, NULL, 0), 0);
	cr_assert_eq(log.count, 4);
	isms_buf_clear(&ids);
	for (size_t i = 0; i < log.count; i++)
		isms_buf_printf(&ids, "%s %s\n", log.items[i].id, log.items[i].summary);
	got = isms_strdup(isms_buf_cstr(&ids));
	want = th_run(dir, "git log --format='%%H %%s'");
	cr_assert_str_eq(got, want);
	free(got);
	free(want);
	isms_log_free(&log);

	cr_assert_eq(isms_repo_log(&log, repo, NULL, 3), 0);
	cr_assert_eq(log.count, 3);
	cr_assert_str_eq(log.items[0].id, c[3]);
	cr_assert_str_eq(log.items[2].id, c[1]);
	isms_log_free(&log);
	cr_assert_eq(isms_repo_log(&log, repo, "b.txt", 1), 0);
	cr_assert_eq(log.count, 1);
	cr_assert_str_eq(log.items[0].id, c[3]);
	cr_assert_str_eq(log.items[0].summary, "Change b");
	isms_log_free(&log);
	cr_assert_eq(isms_repo_log(&log, repo, "never.txt", 0), 0);
	cr_assert_eq(log.count, 0);
	isms_log_free(&log);
	isms_buf_free(&ids);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, log_of_an_empty_repository_is_empty)
{
	char *dir;
	struct isms_repo *repo = new_repo(&dir);
	struct isms_log log;

	memset(&log, 0xff, sizeof(log));
	cr_assert_eq(isms_repo_log(&log, repo, NULL, 0), 0, "%s", isms_error_last()->message);
	cr_assert_eq(log.count, 0);
	isms_log_free(&log);
	cr_assert_eq(isms_repo_log(&log, repo, "a.txt", 5), 0);
	cr_assert_eq(log.count, 0);
	isms_log_free(&log);
	isms_repo_free(repo);
	free(dir);
}

/* Differences and status */

Test(repo, diff_between_revisions_is_a_unified_diff)
{
	char *dir, *want;
	struct isms_repo *repo = new_repo(&dir);
	struct isms_buf buf = ISMS_BUF_INIT;
	char c[ISMS_OID_HEX];

	th_write(dir, "a.txt", "line 1\nline 2\nline 3\n");
	th_write(dir, "b.txt", "b\n");
	commit_ok(c, repo, "a.txt", "One");
	commit_ok(c, repo, "b.txt", "Two");
	th_write(dir, "a.txt", "line 1\nline two\nline 3\n");
	th_write(dir, "b.txt", "b changed\n");
	commit_ok(c, repo, "a.txt", "Three");
	commit_ok(c, repo, "b.txt", "Four");

	cr_assert_eq(isms_repo_diff(&buf, repo, "a.txt", "HEAD~2", "HEAD"), 0, "%s",
		     isms_error_last()->message);
	cr_assert(th_has(buf.ptr, "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n"
				  " line 1\n-line 2\n+line two\n line 3\n"), "%s", buf.ptr);
	cr_assert_not(th_has(buf.ptr, "b.txt"), "only the path asked for: %s", buf.ptr);
	want = th_run(dir, "git diff HEAD~2 HEAD -- a.txt");
	cr_assert_str_eq(isms_buf_cstr(&buf), want, "as git diff prints it");
	free(want);

	cr_assert_eq(isms_repo_diff(&buf, repo, NULL, "HEAD~2", "HEAD"), 0);
	cr_assert(th_has(buf.ptr, "-line 2\n+line two\n"), "%s", buf.ptr);
	cr_assert(th_has(buf.ptr, "--- a/b.txt\n+++ b/b.txt\n"), "%s", buf.ptr);
	cr_assert(th_has(buf.ptr, "-b\n+b changed\n"), "%s", buf.ptr);

	cr_assert_eq(isms_repo_diff(&buf, repo, "a.txt", "HEAD", "HEAD"), 0);
	cr_assert_eq(buf.len, 0, "no change, no diff: %s", isms_buf_cstr(&buf));
	cr_assert_eq(isms_repo_diff(&buf, repo, "a.txt", "no-such-rev", "HEAD"), ISMS_ENOTFOUND);
	isms_buf_free(&buf);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, diff_from_head_to_the_working_tree)
{
	char *dir;
	struct isms_repo *repo = new_repo(&dir);
	struct isms_buf buf = ISMS_BUF_INIT;
	char c[ISMS_OID_HEX];

	th_write(dir, "a.txt", "keep\nold value\n");
	commit_ok(c, repo, "a.txt", "One");
	cr_assert_eq(isms_repo_diff(&buf, repo, "a.txt", NULL, NULL), 0);
	cr_assert_eq(buf.len, 0, "clean: %s", isms_buf_cstr(&buf));

	th_write(dir, "a.txt", "keep\nnew value\nadded\n");
	cr_assert_eq(isms_repo_diff(&buf, repo, "a.txt", NULL, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert(th_has(buf.ptr, "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,3 @@\n"
				  " keep\n-old value\n+new value\n+added\n"), "%s", buf.ptr);
	cr_assert_eq(isms_repo_diff(&buf, repo, "a.txt", "HEAD", NULL), 0);
	cr_assert(th_has(buf.ptr, "-old value\n+new value\n+added\n"), "%s", buf.ptr);
	isms_buf_free(&buf);
	isms_repo_free(repo);
	free(dir);
}

static char status_of(const struct isms_status *st, const char *path)
{
	for (size_t i = 0; i < st->count; i++)
		if (strcmp(st->items[i].path, path) == 0)
			return st->items[i].code;
	return 0;
}

Test(repo, status_shows_modified_untracked_and_deleted_files)
{
	char *dir, *out;
	struct isms_repo *repo = new_repo(&dir);
	struct isms_status st;
	const char *paths[] = { "mod.txt", "del.txt", "same.txt" };
	char c[ISMS_OID_HEX];

	th_write(dir, "mod.txt", "m\n");
	th_write(dir, "del.txt", "d\n");
	th_write(dir, "same.txt", "s\n");
	cr_assert_eq(commit(c, repo, paths, 3, "One"), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_repo_status(&st, repo), 0);
	cr_assert_eq(st.count, 0, "clean after a commit");
	isms_status_free(&st);

	th_write(dir, "mod.txt", "m, changed by hand\n");
	th_write(dir, "sub/new.txt", "n\n");
	th_write(dir, "staged.txt", "s\n");
	out = th_run(dir, "rm del.txt && git add staged.txt");
	free(out);
	cr_assert_eq(isms_repo_status(&st, repo), 0, "%s", isms_error_last()->message);
	cr_assert_eq(status_of(&st, "mod.txt"), 'M');
	cr_assert_eq(status_of(&st, "sub/new.txt"), '?');
	cr_assert_eq(status_of(&st, "del.txt"), 'D');
	cr_assert_eq(status_of(&st, "staged.txt"), 'A');
	cr_assert_eq(status_of(&st, "same.txt"), 0);
	cr_assert_eq(st.count, 4);
	isms_status_free(&st);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, hash_is_the_git_blob_id)
{
#define BYTES(s) { s, sizeof(s) - 1 }
	static const struct { const char *data; size_t len; } cases[] = {
		BYTES(""),
		BYTES("hello\n"),
		BYTES("id: POL-001\nkind: policy\ntitle: caf\xc3\xa9\n"),
		BYTES("bin\0ary\r\n\xff"),
	};
#undef BYTES
	char *dir = th_tmpdir();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char hash[ISMS_OID_HEX], *want;

		th_write_bytes(dir, "blob", cases[i].data, cases[i].len);
		want = run_line(dir, "git hash-object blob");
		isms_repo_hash(hash, cases[i].data, cases[i].len);
		cr_assert_str_eq(hash, want, "case %zu", i);
		free(want);
	}
	free(dir);
}

Test(repo, head_on_a_missing_branch_beside_others_is_refused)
{
	char *dir = th_tmpdir(), *out, commit[ISMS_OID_HEX];
	struct isms_repo *repo;
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	const char *paths[] = { "a.txt" };

	free(th_run(dir, "git init -q . && echo a > a.txt && echo b > b.txt && git add . && "
		    "git commit -qm first && git symbolic-ref HEAD refs/heads/nonexistent && "
		    "echo changed > a.txt"));
	cr_assert_eq(isms_repo_open(&repo, dir), 0);
	opts.message = "would start a new history";
	cr_assert_eq(isms_repo_commit(commit, repo, paths, 1, &opts), ISMS_EINVALID);
	cr_assert(th_has(isms_error_last()->message, "nonexistent"), "%s", isms_error_last()->message);
	cr_assert_eq(isms_repo_ready(repo, &opts), ISMS_EINVALID);
	out = th_run(dir, "git for-each-ref '--format=%%(refname)'");
	cr_assert_str_eq(out, "refs/heads/master\n", "no branch was made: %s", out);
	free(out);
	isms_repo_free(repo);
	free(dir);
}

/* Signing, as git does it (SSH keys made in the test) */

static bool have_program(const char *name)
{
	char *out;
	int status = th_sh(&out, "/", "command -v %s", name);

	free(out);
	return status == 0;
}

/* A repository configured as git users sign with SSH: a fresh ed25519 key,
 * gpg.format ssh, user.signingkey, commit.gpgsign and tag.gpgsign, and an
 * allowed-signers file so that git verify-commit / verify-tag can check. */
static struct isms_repo *signing_repo(char **dir)
{
	struct isms_repo *repo;
	char *key;

	if (!have_program("ssh-keygen") || !have_program("git"))
		cr_skip_test("ssh-keygen or git is not installed");
	*dir = th_tmpdir();
	key = isms_path_join(*dir, ".key");
	free(th_run(*dir, "git init -q . && ssh-keygen -q -t ed25519 -N '' -C test -f '%s' && "
		    "printf 'author@example.org namespaces=\"git\" %%s\\n' \"$(cat '%s.pub')\" "
		    "> .allowed && git config gpg.format ssh && git config user.signingkey '%s' && "
		    "git config commit.gpgsign true && git config tag.gpgsign true && "
		    "git config gpg.ssh.allowedSignersFile \"$PWD/.allowed\" && "
		    "printf '.key*\\n.allowed\\n' > .git/info/exclude", key, key, key));
	free(key);
	cr_assert_eq(isms_repo_open(&repo, *dir), 0, "%s", isms_error_last()->message);
	return repo;
}

Test(repo, signed_commits_and_tags_verify_with_git)
{
	char *dir, *out, *want, first[ISMS_OID_HEX], second[ISMS_OID_HEX];
	struct isms_repo *repo = signing_repo(&dir);
	struct isms_tag_opts topts = ISMS_TAG_OPTS_INIT;

	th_write(dir, "policy.md", "# Policy\n");
	commit_ok(first, repo, "policy.md", "Add the policy");
	th_write(dir, "policy.md", "# Policy\n\nApproved text.\n");
	commit_ok(second, repo, "policy.md", "Approve the policy\n\nStatus: approved");
	expect_head(dir, second);
	free(th_run(dir, "git verify-commit HEAD && git verify-commit HEAD~1"));
	out = th_run(dir, "git cat-file commit HEAD");
	cr_assert(th_has(out, "\ngpgsig -----BEGIN SSH SIGNATURE-----\n"), "%s", out);
	cr_assert(th_has(out, "-----END SSH SIGNATURE-----\n\nApprove the policy\n"), "%s", out);
	free(out);
	expect_output(dir, "git log -1 --format=%G?", "G\n");

	topts.message = "Approved POL-001 v1.0";
	cr_assert_eq(isms_repo_tag(repo, "approved/X/v1.0", second, &topts), 0, "%s",
		     isms_error_last()->message);
	free(th_run(dir, "git verify-tag approved/X/v1.0"));
	want = isms_asprintf("%s\n", second);
	expect_output(dir, "git rev-parse approved/X/v1.0^{commit}", want);
	expect_output(dir, "git cat-file -t approved/X/v1.0", "tag\n");
	out = th_run(dir, "git cat-file tag approved/X/v1.0");
	cr_assert(th_has(out, "tag approved/X/v1.0\ntagger Test Committer <committer@example.org> "
			 "1767225600 +0000\n\nApproved POL-001 v1.0\n-----BEGIN SSH SIGNATURE-----\n"),
		  "%s", out);
	free(out);
	free(th_run(dir, "git fsck --strict --no-dangling 2>&1"));

	cr_assert_eq(isms_repo_verify(repo, "HEAD"), 1, "%s", isms_error_last()->message);
	cr_assert_eq(isms_repo_verify(repo, first), 1, "%s", isms_error_last()->message);
	cr_assert_eq(isms_repo_verify(repo, "approved/X/v1.0"), 1, "%s", isms_error_last()->message);

	/* A tag is made once. */
	cr_assert_eq(isms_repo_tag(repo, "approved/X/v1.0", first, &topts), ISMS_EEXISTS);
	expect_output(dir, "git rev-parse approved/X/v1.0^{commit}", want);
	free(want);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, a_failing_signer_commits_and_tags_nothing)
{
	char *dir, *out, head[ISMS_OID_HEX], id[ISMS_OID_HEX];
	struct isms_repo *repo = signing_repo(&dir);
	struct isms_tag_opts topts = ISMS_TAG_OPTS_INIT;
	const char *paths[] = { "policy.md" };

	th_write(dir, "policy.md", "# Policy\n");
	commit_ok(head, repo, "policy.md", "Add the policy");
	isms_repo_free(repo);
	free(th_run(dir, "git config gpg.ssh.program false"));
	cr_assert_eq(isms_repo_open(&repo, dir), 0);

	th_write(dir, "policy.md", "# Policy\n\nChanged.\n");
	cr_assert_eq(isms_repo_commit(id, repo, paths, 1, &(struct isms_commit_opts){
			     .message = "Change", .sign = -1 }), ISMS_ERROR);
	cr_assert_str_eq(id, "");
	cr_assert(th_has(isms_error_last()->message, "false"), "%s", isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "nothing was committed"), "%s",
		  isms_error_last()->message);
	expect_head(dir, head);
	cr_assert_eq(commit_count(dir), 1);

	topts.message = "Approved";
	cr_assert_eq(isms_repo_tag(repo, "approved/X/v1.0", head, &topts), ISMS_ERROR);
	out = th_run(dir, "git tag -l");
	cr_assert_str_eq(out, "", "no tag: %s", out);
	free(out);

	/* Asked not to sign, it commits (unsigned) even so. */
	cr_assert_eq(isms_repo_commit(id, repo, paths, 1, &(struct isms_commit_opts){
			     .message = "Change", .sign = 0 }), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_repo_verify(repo, id), 0);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, a_key_that_is_not_allowed_does_not_verify)
{
	char *dir, id[ISMS_OID_HEX];
	struct isms_repo *repo = signing_repo(&dir);

	isms_repo_free(repo);
	free(th_run(dir, "ssh-keygen -q -t ed25519 -N '' -C other -f .key-other && "
		    "git config user.signingkey \"$PWD/.key-other\""));
	cr_assert_eq(isms_repo_open(&repo, dir), 0);
	th_write(dir, "policy.md", "# Policy\n");
	commit_ok(id, repo, "policy.md", "Signed by a stranger");
	cr_assert_neq(th_sh(NULL, dir, "git verify-commit HEAD 2>/dev/null"), 0);
	cr_assert_eq(isms_repo_verify(repo, "HEAD"), -1);
	cr_assert(th_has(isms_error_last()->message, "does not verify"), "%s",
		  isms_error_last()->message);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, unsigned_commits_and_tags_without_signing_configured)
{
	char *dir, *out, id[ISMS_OID_HEX];
	struct isms_repo *repo = new_repo(&dir);
	struct isms_tag_opts topts = ISMS_TAG_OPTS_INIT;

	th_write(dir, "policy.md", "# Policy\n");
	commit_ok(id, repo, "policy.md", "Add the policy");
	out = th_run(dir, "git cat-file commit HEAD");
	cr_assert(!th_has(out, "gpgsig"), "%s", out);
	free(out);
	cr_assert_eq(isms_repo_verify(repo, "HEAD"), 0);

	topts.message = "Approved POL-001 v1.0";
	cr_assert_eq(isms_repo_tag(repo, "approved/POL-001/v1.0", id, &topts), 0, "%s",
		     isms_error_last()->message);
	expect_output(dir, "git cat-file -t approved/POL-001/v1.0", "tag\n");
	expect_output(dir, "git tag -l --format='%(contents)' approved/POL-001/v1.0",
		      "Approved POL-001 v1.0\n\n");
	free(th_run(dir, "git fsck --strict --no-dangling 2>&1"));
	cr_assert_eq(isms_repo_verify(repo, "approved/POL-001/v1.0"), 0);
	cr_assert_eq(isms_repo_tag(repo, "approved/POL-001/v1.0", id, &topts), ISMS_EEXISTS);
	cr_assert_eq(isms_repo_tag(repo, "bad..name", id, &topts), ISMS_EINVALID);
	cr_assert_eq(isms_repo_tag(repo, "approved/none", "0123456789012345678901234567890123456789",
				   &topts), ISMS_ENOTFOUND);
	cr_assert_eq(isms_repo_verify(repo, "no-such-revision"), -1);
	isms_repo_free(repo);
	free(dir);
}

Test(repo, commit_files_commits_the_bytes_given_not_the_file_as_it_is_now)
{
	char *dir, c1[ISMS_OID_HEX], c2[ISMS_OID_HEX];
	struct isms_repo *repo = new_repo(&dir);
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	const char *paths[] = { "a.txt", "b.txt" };
	struct isms_commit_file files[] = {
		{ .path = "a.txt", .data = "checked\n", .len = 8, .present = 1 },
		{ .path = "b.txt", .data = NULL, .len = 0, .present = 0 },
	};

	th_write(dir, "a.txt", "first\n");
	th_write(dir, "b.txt", "beta\n");
	cr_assert_eq(commit(c1, repo, paths, 2, "Add a and b"), 0, "%s", isms_error_last()->message);
	/* The file changed after it was checked; b was removed in memory only. */
	th_write(dir, "a.txt", "changed after the check\n");
	opts.message = "Checked";
	cr_assert_eq(isms_repo_commit_files(c2, repo, files, 2, &opts), 0, "%s",
		     isms_error_last()->message);
	expect_output(dir, "git show HEAD:a.txt", "checked\n");
	expect_output(dir, "git ls-tree -r --name-only HEAD", "a.txt\n");
	/* git sees the later change as a change, and b.txt as untracked. */
	expect_output(dir, "git status --porcelain", " M a.txt\n?? b.txt\n");
	isms_repo_free(repo);
	free(dir);
}
