/* SPDX-License-Identifier: MIT */
/* The write transaction (src/store/txn.c over src/store/git/commit.c) on
 * real repositories: a commit landing meanwhile, hostile paths, a failure
 * at every step, approvals, and git run by hand while a transaction is
 * open. Each test checks what is on the disk and in git afterwards with
 * the git CLI. */
#include "config.h"

#include <criterion/criterion.h>
#include <git2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "isms/repo.h"
#include "isms/store.h"
#include "isms/tree.h"
#include "txn.h"

static void setup(void)
{
	th_pin_env();
}

static void teardown(void)
{
	isms_fault_hook = NULL;
}

TestSuite(txn, .init = setup, .fini = teardown);

/* Helpers */

static const struct isms_ident board = { .name = "Bea Board", .email = "bea@example.org",
					 .time = 1773655200, .offset = 60 };

/* The first line of a command's output, without its newline. */
static char *line_of(const char *dir, const char *cmd)
{
	char *out = th_run(dir, "%s", cmd);

	out[strcspn(out, "\n")] = '\0';
	return out;
}

static void expect_output(const char *dir, const char *cmd, const char *want, const char *why)
{
	char *out = th_run(dir, "%s", cmd);

	cr_assert_str_eq(out, want, "%s: %s gave \"%s\", not \"%s\"", why, cmd, out, want);
	free(out);
}

static struct isms_store *new_store(char **dir)
{
	struct isms_store *store;
	char commit[ISMS_OID_HEX], *around = th_tmpdir();

	*dir = isms_path_join(around, "isms");
	free(around);
	cr_assert_eq(isms_store_init(&store, commit, *dir, "Test Org", NULL), 0, "%s",
		     isms_error_last()->message);
	return store;
}

static void set(struct isms_record *rec, const char *key, const char *value)
{
	isms_map_set(rec->root, key, isms_field_value(rec->kind, key, value));
}

static struct isms_record *load_ok(struct isms_store *store, const char *id)
{
	struct isms_record *rec;

	cr_assert_eq(isms_store_load(&rec, store, id), 0, "load %s: %s", id,
		     isms_error_last()->message);
	return rec;
}

static void save_ok(struct isms_store *store, struct isms_record *rec, const struct isms_ident *who)
{
	struct isms_save_opts opts = ISMS_SAVE_OPTS_INIT;
	char commit[ISMS_OID_HEX];

	opts.author = who;
	cr_assert_eq(isms_store_save(commit, store, rec, &opts), 0, "save %s: %s", rec->id,
		     isms_error_last()->message);
	cr_assert_eq(strlen(commit), 40);
}

/* A new policy titled `title`, committed; its ID (the caller frees). */
static char *new_policy(struct isms_store *store, const char *title)
{
	struct isms_record *rec;
	char *id;

	cr_assert_eq(isms_store_create(&rec, store, isms_kind_find("policy"), NULL), 0, "%s",
		     isms_error_last()->message);
	set(rec, "title", title);
	save_ok(store, rec, NULL);
	id = isms_strdup(rec->id);
	isms_record_free(rec);
	return id;
}

/* Write an executable shell script. */
static void write_script(const char *dir, const char *rel, const char *body)
{
	char *full = isms_path_join(dir, rel);

	th_write(dir, rel, body);
	free(th_run(dir, "chmod +x '%s'", full));
	free(full);
}

/* What must hold after a write that failed: the branch, the tags and the
 * working tree as they were, git's index as HEAD, git's lock released,
 * no temporary file left behind. `before` is the file's bytes before
 * (NULL: it did not exist). */
struct state {
	char *head;
	char *tags;
};

static struct state state_of(const char *dir)
{
	return (struct state){ .head = line_of(dir, "git rev-parse HEAD"),
			       .tags = th_run(dir, "git tag -l") };
}

static void state_free(struct state *s)
{
	free(s->head);
	free(s->tags);
}

static void expect_as_before(const char *dir, const struct state *was, const char *rel,
			     const char *before, const char *what)
{
	struct state now = state_of(dir);
	char *text = th_read(dir, rel), *lock = isms_path_join(dir, ".git/index.lock");

	cr_assert_str_eq(now.head, was->head, "%s: the branch moved", what);
	cr_assert_str_eq(now.tags, was->tags, "%s: a tag was made", what);
	if (before) {
		cr_assert_not_null(text, "%s: %s is gone", what, rel);
		cr_assert_str_eq(text, before, "%s: %s is not as before", what, rel);
	} else {
		cr_assert_null(text, "%s: %s was left behind", what, rel);
	}
	cr_assert_not(isms_fs_exists(lock), "%s: .git/index.lock left behind", what);
	expect_output(dir, "git status --porcelain", "", what);
	expect_output(dir, "git diff --cached --name-only", "", what);
	expect_output(dir, "find . -name '*.isms-tmp-*'", "", what);
	free(text);
	free(lock);
	state_free(&now);
}

/* (a) Another commit lands between reading the branch and moving it */

/* A gpg.program that, while "signing", lands a commit on the branch with
 * git plumbing (no index lock needed), notes its id in `note`, and then
 * prints a signature as gpg does (SIG_CREATED on the status fd, 2). */
static void sign_with_a_commit_landing(const char *dir, const char *note)
{
	char *script = isms_asprintf(
		"#!/bin/sh\n"
		"cat >/dev/null\n"
		"old=$(git rev-parse HEAD) || exit 1\n"
		"new=$(git commit-tree -p \"$old\" -m 'landed meanwhile' \"$old^{tree}\") || exit 1\n"
		"git update-ref HEAD \"$new\" \"$old\" || exit 1\n"
		"echo \"$new\" > '%s'\n"
		"printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n"
		"-----END PGP SIGNATURE-----\\n'\n"
		"echo '[GNUPG:] SIG_CREATED D 1 8 00 1767225600 FAKE' >&2\n", note);
	char *tools = isms_path_join(dir, "../tools");

	free(th_run(dir, "mkdir -p '%s'", tools));
	write_script(tools, "fake-gpg", script);
	free(th_run(dir, "git config commit.gpgsign true && git config gpg.program '%s/fake-gpg'",
		    tools));
	free(tools);
	free(script);
}

Test(txn, a_commit_landing_meanwhile_is_a_conflict_and_is_kept)
{
	char *dir, *id, *before, *note, *other, *head, commit[ISMS_OID_HEX];
	struct isms_store *store = new_store(&dir);
	struct isms_record *rec;
	struct state was;

	id = new_policy(store, "Rules");
	note = isms_path_join(dir, "../other-commit");
	before = th_read(dir, "policies/POL-001.yaml");
	sign_with_a_commit_landing(dir, note);
	was = state_of(dir);

	rec = load_ok(store, id);
	set(rec, "title", "Changed meanwhile");
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_ECONFLICT, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(commit, "");
	cr_assert(th_has(isms_error_last()->message, "another process committed"), "%s",
		  isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "is unchanged"), "%s",
		  isms_error_last()->message);
	other = th_read(dir, "../other-commit");
	cr_assert_not_null(other, "the fake gpg ran and committed");
	other[strcspn(other, "\n")] = '\0';
	/* The other commit is kept: it is HEAD, on top of what was read. */
	head = line_of(dir, "git rev-parse HEAD");
	cr_assert_str_eq(head, other, "the other commit is HEAD");
	free(head);
	head = line_of(dir, "git rev-parse HEAD~1");
	cr_assert_str_eq(head, was.head, "on top of what was read");
	free(head);
	expect_output(dir, "git log -1 --format=%s", "landed meanwhile\n", "HEAD");
	free(was.head);
	was.head = isms_strdup(other);
	expect_as_before(dir, &was, "policies/POL-001.yaml", before, "save");
	isms_record_free(rec);
	state_free(&was);
	free(other);
	free(before);
	free(note);
	free(id);
	isms_store_free(store);
	free(dir);
}

Test(txn, a_commit_landing_meanwhile_is_a_conflict_in_the_git_layer)
{
	char *tmp = th_tmpdir(), *dir = isms_path_join(tmp, "repo"), *note, *other, *head;
	struct isms_repo *repo;
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	const char *paths[] = { "a.txt" };
	struct isms_commit_file file = { .path = "a.txt", .data = "new\n", .len = 4, .present = 1 };
	char commit[ISMS_OID_HEX];

	cr_assert_eq(isms_repo_init(&repo, dir), 0, "%s", isms_error_last()->message);
	th_write(dir, "a.txt", "old\n");
	opts.message = "First";
	cr_assert_eq(isms_repo_commit(commit, repo, paths, 1, &opts), 0, "%s",
		     isms_error_last()->message);
	note = isms_path_join(tmp, "other-commit");
	sign_with_a_commit_landing(dir, note);

	/* Bytes given. */
	opts.message = "Second";
	cr_assert_eq(isms_repo_commit_files(commit, repo, &file, 1, &opts), ISMS_ECONFLICT, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(commit, "");
	other = th_read(tmp, "other-commit");
	cr_assert_not_null(other, "the fake gpg ran and committed");
	head = th_run(dir, "git rev-parse HEAD");
	cr_assert_str_eq(head, other, "the other commit is HEAD");
	free(head);
	expect_output(dir, "git log --format=%s", "landed meanwhile\nFirst\n", "history");
	expect_output(dir, "git show HEAD:a.txt", "old\n", "HEAD's file");
	expect_output(dir, "cat a.txt", "old\n", "the working tree");
	expect_output(dir, "git status --porcelain", "", "status");
	expect_output(dir, "test -e .git/index.lock || echo none", "none\n", "index.lock");
	free(other);

	/* The working tree's bytes. */
	th_write(dir, "a.txt", "newer\n");
	cr_assert_eq(isms_repo_commit(commit, repo, paths, 1, &opts), ISMS_ECONFLICT, "%s",
		     isms_error_last()->message);
	other = th_read(tmp, "other-commit");
	head = th_run(dir, "git rev-parse HEAD");
	cr_assert_str_eq(head, other, "the second other commit is HEAD");
	expect_output(dir, "git log --format=%s", "landed meanwhile\nlanded meanwhile\nFirst\n",
		      "history");
	expect_output(dir, "git show HEAD:a.txt", "old\n", "HEAD's file");
	expect_output(dir, "git status --porcelain", " M a.txt\n", "only the edit, unstaged");
	expect_output(dir, "git diff --cached --name-only", "", "nothing staged");
	expect_output(dir, "test -e .git/index.lock || echo none", "none\n", "index.lock");
	free(head);
	free(other);
	isms_repo_free(repo);
	free(note);
	free(dir);
	free(tmp);
}

/* (b) Hostile paths */

static const char *const hostile[] = {
	"../x", "a/../../x", "/etc/passwd", ".git/config", "x/.git/hooks/pre-commit",
	".GIT/config", "a\nb", "a\tb", "", "dir/",
};

Test(txn, hostile_paths_are_refused_and_nothing_is_written)
{
	char *tmp = th_tmpdir(), *dir = isms_path_join(tmp, "repo"), *head, *config;
	struct isms_repo *repo;
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	const char *first[] = { "a.txt" };
	char commit[ISMS_OID_HEX];

	cr_assert_eq(isms_repo_init(&repo, dir), 0, "%s", isms_error_last()->message);
	th_write(dir, "a.txt", "a\n");
	opts.message = "First";
	cr_assert_eq(isms_repo_commit(commit, repo, first, 1, &opts), 0, "%s",
		     isms_error_last()->message);
	head = line_of(dir, "git rev-parse HEAD");
	/* Files those paths could reach, so that isms_repo_commit would find
	 * something to commit if it looked. */
	th_write(tmp, "x", "outside\n");
	th_write(dir, "x/.git/hooks/pre-commit", "#!/bin/sh\n");
	free(th_run(dir, "mkdir -p dir"));
	config = th_read(dir, ".git/config");

	for (size_t i = 0; i < sizeof(hostile) / sizeof(*hostile); i++) {
		const char *path = hostile[i];
		struct isms_commit_file file = { .path = path, .data = "evil\n", .len = 5,
						 .present = 1 };
		struct isms_commit_file gone = { .path = path, .present = 0 };
		char *now, *cfg;

		opts.message = "Hostile";
		cr_assert_eq(isms_repo_commit_files(commit, repo, &file, 1, &opts), ISMS_EUNSAFE,
			     "commit_files '%s': %s", path, isms_error_last()->message);
		cr_assert_eq(isms_repo_commit_files(commit, repo, &gone, 1, &opts), ISMS_EUNSAFE,
			     "commit_files removing '%s': %s", path, isms_error_last()->message);
		cr_assert_eq(isms_repo_commit(commit, repo, &path, 1, &opts), ISMS_EUNSAFE,
			     "commit '%s': %s", path, isms_error_last()->message);
		cr_assert_str_eq(commit, "");
		now = line_of(dir, "git rev-parse HEAD");
		cr_assert_str_eq(now, head, "'%s': HEAD moved", path);
		free(now);
		expect_output(dir, "git ls-tree -r --name-only HEAD", "a.txt\n", path);
		expect_output(dir, "git ls-files", "a.txt\n", path);
		expect_output(dir, "git status --porcelain", "", path);
		expect_output(dir, "cat ../x", "outside\n", path);
		expect_output(dir, "test -e .git/index.lock || echo none", "none\n", path);
		cfg = th_read(dir, ".git/config");
		cr_assert_str_eq(cfg, config, "'%s': .git/config changed", path);
		free(cfg);
	}
	free(config);
	free(head);
	isms_repo_free(repo);
	free(dir);
	free(tmp);
}

/* (c) A failure at each step */

static const char *fault_step;
static int fault_nth, fault_calls;
static bool fault_sticky;

/* Fail the fault_nth call of fault_step; for a reference lock, which is
 * tried again for a second, that call and every later one. */
static bool fail_step(const char *step)
{
	if (!fault_step || strcmp(step, fault_step) != 0)
		return false;
	fault_calls++;
	return fault_sticky ? fault_calls >= fault_nth : fault_calls == fault_nth;
}

static void fault_at(const char *step, int nth)
{
	fault_step = step;
	fault_nth = nth;
	fault_calls = 0;
	fault_sticky = strcmp(step, "ref.lock") == 0;
	isms_fault_hook = fail_step;
}

static void fault_none(void)
{
	isms_fault_hook = NULL;
	fault_step = NULL;
}

static const char *const steps[] = {
	"fs.write", "fs.fsync", "fs.rename", "fs.syncdir", "fs.remove", "index.lock",
	"commit", "index.write", "index.rename", "ref.lock", "ref.write",
};
#define STEP_COUNT (sizeof(steps) / sizeof(*steps))

struct op_ctx {
	struct isms_store *store;
	const char *dir;
	int round;
	char *path;     /* the file the operation writes, set by run */
};

struct op {
	const char *name;
	bool creates;                      /* the file does not exist before */
	void (*prepare)(struct op_ctx *c); /* before the failing run, not failing */
	int (*run)(struct op_ctx *c);
};

static void note_path(struct op_ctx *c, const struct isms_record *rec)
{
	free(c->path);
	c->path = isms_strdup(rec->path);
}

static int run_save(struct op_ctx *c)
{
	struct isms_record *rec = load_ok(c->store, "POL-001");
	char commit[ISMS_OID_HEX], title[32];
	int error;

	snprintf(title, sizeof(title), "Round %d", c->round);
	set(rec, "title", title);
	note_path(c, rec);
	error = isms_store_save(commit, c->store, rec, NULL);
	if (error < 0)
		cr_assert_str_eq(commit, "", "no commit is reported on failure");
	isms_record_free(rec);
	return error;
}

static int run_create(struct op_ctx *c)
{
	struct isms_record *rec;
	char commit[ISMS_OID_HEX], title[32];
	int error;

	cr_assert_eq(isms_store_create(&rec, c->store, isms_kind_find("policy"), NULL), 0, "%s",
		     isms_error_last()->message);
	snprintf(title, sizeof(title), "New in round %d", c->round);
	set(rec, "title", title);
	note_path(c, rec);
	error = isms_store_save(commit, c->store, rec, NULL);
	if (error < 0)
		cr_assert_str_eq(commit, "", "no commit is reported on failure");
	isms_record_free(rec);
	return error;
}

/* The author changes the policy, so that there is something to approve. */
static void prepare_approve(struct op_ctx *c)
{
	struct isms_record *rec = load_ok(c->store, "POL-001");
	char owner[32];

	snprintf(owner, sizeof(owner), "Owner %d", c->round);
	set(rec, "owner", owner);
	save_ok(c->store, rec, NULL);
	isms_record_free(rec);
}

static int run_approve(struct op_ctx *c)
{
	struct isms_record *rec = load_ok(c->store, "POL-001");
	struct isms_approval approval;
	char commit[ISMS_OID_HEX];
	int error;

	note_path(c, rec);
	error = isms_store_approve_as(commit, &approval, c->store, rec, NULL, NULL, &board);
	if (error < 0)
		cr_assert_str_eq(commit, "", "no commit is reported on failure");
	isms_approval_free(&approval);
	isms_record_free(rec);
	return error;
}

/* A failed write's message says the file is as it was, never that it
 * was saved. */
static void expect_unchanged_message(const char *msg, const char *what)
{
	cr_assert(th_has(msg, "is unchanged") || th_has(msg, "nothing changed"),
		  "%s: the message does not say the file is unchanged", what);
	cr_assert_not(th_has(msg, "saved"), "%s: the message says saved", what);
}

/* Run `op` with each step failing, at its first call, its second, ...,
 * until the step is no longer reached; after each failure, everything is
 * as before and the same operation without the fault succeeds. `fired`
 * gets, per step, how many of its calls were made to fail. */
static void fail_each_step(const struct op *op, int fired[STEP_COUNT])
{
	char *dir, *id;
	struct isms_store *store = new_store(&dir);
	struct op_ctx c = { .store = store, .dir = dir };

	id = new_policy(store, "Rules");
	cr_assert_str_eq(id, "POL-001");
	for (size_t s = 0; s < STEP_COUNT; s++) {
		fired[s] = 0;
		for (int nth = 1; nth <= 16; nth++) {
			struct state was;
			char *before, *msg, *what;
			int error;

			c.round++;
			if (op->prepare)
				op->prepare(&c);
			was = state_of(dir);
			before = op->creates ? NULL : th_read(dir, "policies/POL-001.yaml");
			fault_at(steps[s], nth);
			error = op->run(&c);
			fault_none();
			if (fault_calls < nth) {
				/* Not reached that often: it ran without a fault. */
				cr_assert_eq(error, 0, "%s, %s reached %d times: %s", op->name,
					     steps[s], fault_calls, isms_error_last()->message);
				state_free(&was);
				free(before);
				break;
			}
			fired[s]++;
			msg = isms_strdup(isms_error_last()->message);
			what = isms_asprintf("%s with %s failing at call %d (error %d: \"%s\")",
					     op->name, steps[s], nth, error, msg);
			cr_assert_lt(error, 0, "%s: no error", what);
			expect_unchanged_message(msg, what);
			expect_as_before(dir, &was, c.path, before, what);
			error = op->run(&c);
			cr_assert_eq(error, 0, "%s; then without the fault: %s", what,
				     isms_error_last()->message);
			state_free(&was);
			free(before);
			free(msg);
			free(what);
		}
	}
	free(c.path);
	free(id);
	isms_store_free(store);
	free(dir);
}

/* Every step a write goes through was made to fail at least once. */
static void expect_fired(const char *name, const int fired[STEP_COUNT], const char *const *unreached)
{
	for (size_t s = 0; s < STEP_COUNT; s++) {
		bool skip = false;

		cr_log_info("%s: %s failed at %d different calls", name, steps[s], fired[s]);

		for (const char *const *u = unreached; *u; u++)
			skip |= strcmp(*u, steps[s]) == 0;
		if (skip)
			cr_assert_eq(fired[s], 0, "%s now reaches %s: take it off the list", name,
				     steps[s]);
		else
			cr_assert_gt(fired[s], 0, "%s never reached %s", name, steps[s]);
	}
}

Test(txn, a_failing_save_changes_nothing, .timeout = 120)
{
	static const struct op op = { .name = "save", .run = run_save };
	static const char *const unreached[] = { "fs.remove", NULL };
	int fired[STEP_COUNT];

	fail_each_step(&op, fired);
	expect_fired(op.name, fired, unreached);
}

Test(txn, a_failing_creation_changes_nothing, .timeout = 120)
{
	static const struct op op = { .name = "creation", .creates = true, .run = run_create };
	static const char *const unreached[] = { "fs.remove", NULL };
	int fired[STEP_COUNT];

	fail_each_step(&op, fired);
	expect_fired(op.name, fired, unreached);
}

Test(txn, a_failing_approval_changes_nothing, .timeout = 120)
{
	static const struct op op = { .name = "approval", .prepare = prepare_approve,
				      .run = run_approve };
	static const char *const unreached[] = { "fs.remove", NULL };
	int fired[STEP_COUNT];

	fail_each_step(&op, fired);
	expect_fired(op.name, fired, unreached);
}

/* Signing fails: nothing is committed, the file is put back. */
Test(txn, a_failing_signature_changes_nothing)
{
	char *dir, *id, *before, *what;
	struct isms_store *store = new_store(&dir);
	struct op_ctx c = { .store = store };
	struct state was;
	int error;

	c.dir = dir;
	id = new_policy(store, "Rules");
	free(th_run(dir, "git config commit.gpgsign true && git config gpg.program false"));

	was = state_of(dir);
	before = th_read(dir, "policies/POL-001.yaml");
	c.round = 1;
	error = run_save(&c);
	what = isms_asprintf("save, signing failing (error %d: \"%s\")", error,
			     isms_error_last()->message);
	cr_assert_eq(error, ISMS_ERROR, "%s", what);
	cr_assert(th_has(isms_error_last()->message, "signing with false failed"), "%s", what);
	expect_unchanged_message(isms_error_last()->message, what);
	expect_as_before(dir, &was, c.path, before, what);
	free(what);
	state_free(&was);

	was = state_of(dir);
	error = run_create(&c);
	what = isms_asprintf("creation, signing failing (error %d: \"%s\")", error,
			     isms_error_last()->message);
	cr_assert_eq(error, ISMS_ERROR, "%s", what);
	expect_unchanged_message(isms_error_last()->message, what);
	expect_as_before(dir, &was, c.path, NULL, what);
	free(what);
	state_free(&was);

	/* Signing mended (not asked for): both go through. */
	free(th_run(dir, "git config commit.gpgsign false"));
	cr_assert_eq(run_save(&c), 0, "%s", isms_error_last()->message);
	cr_assert_eq(run_create(&c), 0, "%s", isms_error_last()->message);
	expect_output(dir, "git status --porcelain", "", "after the saves");
	free(c.path);
	free(before);
	free(id);
	isms_store_free(store);
	free(dir);
}

/* The approval's tag cannot be signed: the approval commit is not made
 * either, and the file is as before. */
Test(txn, a_failing_tag_signature_changes_nothing)
{
	char *dir, *id, *before, *what, commit[ISMS_OID_HEX];
	struct isms_store *store = new_store(&dir);
	struct isms_record *rec;
	struct isms_approval approval;
	struct state was;
	int error;

	id = new_policy(store, "Rules");
	free(th_run(dir, "git config tag.gpgsign true && git config gpg.program false"));
	/* The approver is git's identity (so the tag is signed as configured),
	 * and not the author. */
	setenv("GIT_AUTHOR_NAME", board.name, 1);
	setenv("GIT_AUTHOR_EMAIL", board.email, 1);
	was = state_of(dir);
	before = th_read(dir, "policies/POL-001.yaml");
	rec = load_ok(store, id);
	error = isms_store_approve(commit, &approval, store, rec, NULL, NULL);
	what = isms_asprintf("approval, tag signing failing (error %d: \"%s\")", error,
			     isms_error_last()->message);
	cr_assert_eq(error, ISMS_ERROR, "%s", what);
	cr_assert_str_eq(commit, "", "%s", what);
	cr_assert(th_has(isms_error_last()->message, "POL-001 was not approved, and nothing changed"),
		  "%s", what);
	cr_assert(th_has(isms_error_last()->message, "signing with false failed"), "%s", what);
	expect_unchanged_message(isms_error_last()->message, what);
	expect_as_before(dir, &was, "policies/POL-001.yaml", before, what);
	isms_approval_free(&approval);
	isms_record_free(rec);

	/* Mended: approved, tagged on HEAD. */
	free(th_run(dir, "git config tag.gpgsign false"));
	rec = load_ok(store, id);
	cr_assert_eq(isms_store_approve(commit, &approval, store, rec, NULL, NULL), 0, "%s",
		     isms_error_last()->message);
	expect_output(dir, "git tag -l", "approved/POL-001/v1.0\n", "the tag");
	expect_output(dir, "git status --porcelain", "", "after the approval");
	isms_approval_free(&approval);
	isms_record_free(rec);
	state_free(&was);
	free(what);
	free(before);
	free(id);
	isms_store_free(store);
	free(dir);
}

/* (d) Who may approve */

static int approve(char commit[ISMS_OID_HEX], struct isms_store *store, const char *id,
		   const struct isms_ident *who, bool *self)
{
	struct isms_record *rec = load_ok(store, id);
	struct isms_approval approval;
	int error = isms_store_approve_as(commit, &approval, store, rec, NULL, NULL, who);

	if (self)
		*self = approval.self_approved;
	isms_approval_free(&approval);
	isms_record_free(rec);
	return error;
}

static void expect_tag_on_head(const char *dir, const char *tag)
{
	char *head = line_of(dir, "git rev-parse HEAD"), *cmd = isms_asprintf(
		"git rev-parse '%s^{commit}'", tag), *at = line_of(dir, cmd);

	cr_assert_str_eq(at, head, "%s is on HEAD", tag);
	free(cmd);
	cmd = isms_asprintf("git cat-file -t '%s'", tag);
	expect_output(dir, cmd, "tag\n", "annotated");
	free(head);
	free(cmd);
	free(at);
}

Test(txn, the_author_cannot_approve_another_person_can_once)
{
	static const struct isms_ident author = { .name = "Test Author",
						  .email = "author@example.org",
						  .time = 1773655200, .offset = 60 };
	char *dir, *id, *head, *now, commit[ISMS_OID_HEX];
	struct isms_store *store = new_store(&dir);
	struct isms_record *rec;

	id = new_policy(store, "Rules");
	head = line_of(dir, "git rev-parse HEAD");

	/* The author: refused, nothing made. */
	cr_assert_eq(approve(commit, store, id, &author, NULL), ISMS_EUNSAFE, "%s",
		     isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "is an author of the changes"), "%s",
		  isms_error_last()->message);
	cr_assert_str_eq(commit, "");
	now = line_of(dir, "git rev-parse HEAD");
	cr_assert_str_eq(now, head, "no commit");
	free(now);
	expect_output(dir, "git tag -l", "", "no tag");
	expect_output(dir, "git status --porcelain", "", "nothing written");

	/* Another person: approved, tagged on the approval commit. */
	cr_assert_eq(approve(commit, store, id, &board, NULL), 0, "%s", isms_error_last()->message);
	expect_tag_on_head(dir, "approved/POL-001/v1.0");
	expect_output(dir, "git log -1 --format=%an", "Bea Board\n", "the approver's commit");
	free(head);
	head = line_of(dir, "git rev-parse HEAD");

	/* Again, nothing having changed: refused. */
	cr_assert_lt(approve(commit, store, id, &board, NULL), 0, "approved twice");
	cr_assert(th_has(isms_error_last()->message, "has not changed since its approval"), "%s",
		  isms_error_last()->message);
	now = line_of(dir, "git rev-parse HEAD");
	cr_assert_str_eq(now, head, "no commit");
	free(now);
	expect_output(dir, "git tag -l", "approved/POL-001/v1.0\n", "no new tag");

	/* The approver changes it: now an author of the next version, who
	 * cannot approve it; the first author, who wrote none of it, can. */
	rec = load_ok(store, id);
	set(rec, "title", "Better rules");
	save_ok(store, rec, &board);
	isms_record_free(rec);
	free(head);
	head = line_of(dir, "git rev-parse HEAD");
	cr_assert_eq(approve(commit, store, id, &board, NULL), ISMS_EUNSAFE, "%s",
		     isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "Bea Board <bea@example.org> is an author"),
		  "%s", isms_error_last()->message);
	now = line_of(dir, "git rev-parse HEAD");
	cr_assert_str_eq(now, head, "no commit");
	free(now);
	expect_output(dir, "git tag -l", "approved/POL-001/v1.0\n", "no new tag");
	expect_output(dir, "git status --porcelain", "", "nothing written");
	cr_assert_eq(approve(commit, store, id, &author, NULL), 0, "%s",
		     isms_error_last()->message);
	expect_tag_on_head(dir, "approved/POL-001/v2.0");
	free(head);
	free(id);
	isms_store_free(store);
	free(dir);
}

Test(txn, self_approval_when_isms_yaml_allows_it)
{
	static const struct isms_ident author = { .name = "Test Author",
						  .email = "author@example.org",
						  .time = 1773655200, .offset = 60 };
	char *dir, *id, commit[ISMS_OID_HEX];
	struct isms_store *store = new_store(&dir);
	bool self = false;

	isms_store_free(store);
	free(th_run(dir, "echo 'self_approval: [policy]' >> isms.yaml && "
		    "git commit -q -m 'Allow self-approval' isms.yaml"));
	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	id = new_policy(store, "Rules");
	cr_assert_eq(approve(commit, store, id, &author, &self), 0, "%s",
		     isms_error_last()->message);
	cr_assert(self, "said to be self-approved");
	expect_tag_on_head(dir, "approved/POL-001/v1.0");
	expect_output(dir, "git log -1 --format=%B | git interpret-trailers --parse | "
		      "grep Self-approved", "Self-approved: yes\n", "the trailer");
	/* Other kinds still need another person. */
	{
		struct isms_record *rec;

		cr_assert_eq(isms_store_create(&rec, store, isms_kind_find("procedure"), NULL), 0,
			     "%s", isms_error_last()->message);
		set(rec, "title", "Steps");
		save_ok(store, rec, NULL);
		cr_assert_eq(approve(commit, store, rec->id, &author, NULL), ISMS_EUNSAFE, "%s",
			     isms_error_last()->message);
		isms_record_free(rec);
	}
	free(id);
	isms_store_free(store);
	free(dir);
}

/* (e) git run by hand while a transaction is open */

Test(txn, a_git_commit_by_hand_cannot_revert_an_open_transaction)
{
	char *dir, *id, *out, *before, *text, *head, *now, commit[ISMS_OID_HEX];
	struct isms_store *store = new_store(&dir);
	struct isms_record *rec;
	struct isms_txn *txn;

	id = new_policy(store, "Rules");
	rec = load_ok(store, id);
	before = th_read(dir, rec->path);
	text = isms_asprintf("%s# reviewed\n", before);
	head = line_of(dir, "git rev-parse HEAD");

	cr_assert_eq(isms_txn_begin(&txn, store, NULL), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_txn_write(txn, rec->path, text, strlen(text), rec->base), 0, "%s",
		     isms_error_last()->message);
	/* git's index is locked: a commit by hand, of nothing or of another
	 * file, fails instead of committing an index that lacks the change. */
	cr_assert_neq(th_sh(&out, dir, "git commit -q --allow-empty -m 'by hand'"), 0,
		      "git commit ran during the transaction: %s", out);
	cr_assert(th_has(out, "index.lock"), "%s", out);
	free(out);
	th_write(dir, "other", "other\n");
	cr_assert_neq(th_sh(&out, dir, "git add other && git commit -q -m 'by hand'"), 0,
		      "git add ran during the transaction: %s", out);
	cr_assert(th_has(out, "index.lock"), "%s", out);
	free(out);
	now = line_of(dir, "git rev-parse HEAD");
	cr_assert_str_eq(now, head, "nothing committed by hand");
	free(now);

	isms_txn_message(txn, "%s: reviewed", id);
	isms_txn_record(txn, id, rec->kind);
	cr_assert_eq(isms_txn_commit(commit, txn), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_txn_end(txn, 0), 0);
	cr_assert_eq(strlen(commit), 40);

	/* The change is committed and nothing reverts it: the index is HEAD's. */
	now = line_of(dir, "git rev-parse HEAD~1");
	cr_assert_str_eq(now, head, "one commit on top");
	free(now);
	out = th_run(dir, "git show HEAD:policies/POL-001.yaml");
	cr_assert_str_eq(out, text, "the committed file");
	free(out);
	expect_output(dir, "git status --porcelain", "?? other\n", "only the untracked file");
	expect_output(dir, "git diff --cached", "", "nothing staged");
	expect_output(dir, "git diff", "", "the working tree is HEAD");
	expect_output(dir, "test -e .git/index.lock || echo none", "none\n", "index.lock released");
	/* And git works again. */
	free(th_run(dir, "git add other && git commit -q -m 'by hand'"));
	expect_output(dir, "git status --porcelain", "", "after the commit by hand");
	expect_output(dir, "git show HEAD:policies/POL-001.yaml | tail -1", "# reviewed\n",
		      "the change survives the commit by hand");
	isms_record_free(rec);
	free(head);
	free(text);
	free(before);
	free(id);
	isms_store_free(store);
	free(dir);
}
