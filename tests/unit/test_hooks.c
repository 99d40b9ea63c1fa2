/* SPDX-License-Identifier: MIT */
/* Git's hooks around the workbench's commits, on real repositories with
 * real hook scripts, run by git itself. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/tree.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(hooks, .init = setup);

static char *with_policy(void)
{
	char *dir = th_fresh_isms();

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=First"), 0);
	return dir;
}

static void hook(const char *dir, const char *name, const char *body)
{
	char *rel = isms_asprintf(".git/hooks/%s", name);

	th_write(dir, rel, body);
	free(th_run(dir, "chmod +x '%s'", rel));
	free(rel);
}

static int save_title(const char *dir, const char *title, bool no_verify)
{
	struct isms_store *store;
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];
	int error;

	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	isms_store_set_no_verify(store, no_verify);
	cr_assert_eq(isms_store_load(&rec, store, "POL-001"), 0);
	isms_map_set(rec->root, "title", isms_node_str(title));
	error = isms_store_save(commit, store, rec, NULL);
	isms_record_free(rec);
	isms_store_free(store);
	return error;
}

/* A pre-commit hook that refuses: nothing is committed, the file is as it
 * was, and the message carries what the hook said. */
Test(hooks, a_refusing_pre_commit_hook_leaves_everything_as_it_was)
{
	char *dir = with_policy(), *before = th_read(dir, "policies/POL-001.yaml");
	char *head = th_git(dir, "rev-parse HEAD"), *now;

	hook(dir, "pre-commit", "#!/bin/sh\necho 'policy titles need review' >&2\nexit 1\n");
	cr_assert_eq(save_title(dir, "Refused", false), ISMS_EINVALID);
	cr_assert(th_has(isms_error_last()->message, "pre-commit hook refused"), "%s",
		  isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "policy titles need review"), "%s",
		  isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "is unchanged"), "%s",
		  isms_error_last()->message);
	now = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(now, before);
	free(now);
	now = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(now, head);
	free(now);
	now = th_run(dir, "git status --porcelain");
	cr_assert_str_eq(now, "");
	free(now);

	/* --no-verify skips it, as git commit's does. */
	cr_assert_eq(save_title(dir, "Skipped", true), 0, "%s", isms_error_last()->message);
	now = th_run(dir, "git show HEAD:policies/POL-001.yaml | grep title");
	cr_assert_str_eq(now, "title: Skipped\n");
	free(now);
	free(before);
	free(head);
	free(dir);
}

/* pre-commit sees what is to be committed (GIT_INDEX_FILE); commit-msg may
 * add to the message; post-commit runs after. */
Test(hooks, the_hooks_see_what_is_committed_and_may_change_the_message)
{
	char *dir = with_policy(), *out;

	hook(dir, "pre-commit", "#!/bin/sh\ngit diff --cached --name-only > ../staged\n"
	     "git show :policies/POL-001.yaml | grep title >> ../staged\n");
	hook(dir, "commit-msg", "#!/bin/sh\nprintf 'Hooked: yes\\n' >> \"$1\"\n");
	hook(dir, "post-commit", "#!/bin/sh\ngit log -1 --format=%s > ../after\n");
	cr_assert_eq(save_title(dir, "Hooked", false), 0, "%s", isms_error_last()->message);
	out = th_run(dir, "cat ../staged");
	cr_assert_str_eq(out, "policies/POL-001.yaml\ntitle: Hooked\n");
	free(out);
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Record: POL-001\n"), "%s", out);
	cr_assert(th_has(out, "Hooked: yes"), "%s", out);
	free(out);
	out = th_run(dir, "cat ../after");
	cr_assert(th_has(out, "POL-001: update"), "post-commit ran after the commit: %s", out);
	free(out);
	out = th_run(dir, "git status --porcelain");
	cr_assert_str_eq(out, "");
	free(out);
	free(dir);
}

static size_t errors_in(const struct isms_report *r, const char *path)
{
	size_t n = 0;

	for (size_t i = 0; i < r->count; i++)
		if (!path || strcmp(r->files[i].path, path) == 0)
			n += isms_findings_errors(&r->files[i].findings);
	return n;
}

/* What is staged is checked, not the working tree: a broken record staged
 * and then mended in the working tree is still an error for the commit. */
Test(hooks, check_staged_checks_what_a_commit_would_take)
{
	char *dir = with_policy();
	struct isms_store *store;
	struct isms_report report;

	th_write(dir, "policies/POL-001.yaml", "id: POL-001\nkind: policy\ntitle: [broken\n");
	free(th_run(dir, "git add policies/POL-001.yaml && git show HEAD:policies/POL-001.yaml "
			 "> policies/POL-001.yaml"));
	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_eq(errors_in(&report, NULL), 0, "the working tree is fine");
	isms_report_free(&report);
	cr_assert_eq(isms_store_check_staged(&report, store), 0, "%s", isms_error_last()->message);
	cr_assert_eq(errors_in(&report, "policies/POL-001.yaml"), 1, "the staged file is broken");
	isms_report_free(&report);

	/* Another index, as git gives its pre-commit hook. */
	free(th_run(dir, "cp .git/index ../other-index && git reset -q"));
	cr_assert_eq(isms_store_check_staged(&report, store), 0);
	cr_assert_eq(errors_in(&report, NULL), 0, "nothing staged now");
	isms_report_free(&report);
	{
		char *other = isms_asprintf("%s/../other-index", dir);

		setenv("GIT_INDEX_FILE", other, 1);
		cr_assert_eq(isms_store_check_staged(&report, store), 0);
		unsetenv("GIT_INDEX_FILE");
		cr_assert_eq(errors_in(&report, "policies/POL-001.yaml"), 1);
		isms_report_free(&report);
		free(other);
	}
	isms_store_free(store);
	free(dir);
}
