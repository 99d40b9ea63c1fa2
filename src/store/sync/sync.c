/* isms sync, the public entry points of include/isms/sync.h: fetch
 * (remote.c), compare the branch with the remote's under the store's save
 * lock and act on it (up to date, push only, fast-forward, or a merge record
 * by record: merge.c), take the chosen tags (tags.c), push (remote.c); and
 * freeing a sync's result. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "sync_private.h"

/* The first choice (side or renumbering) not used, or NULL. */
static const char *unused_choice(const struct plan *p)
{
	for (size_t i = 0; i < p->opts->choice_count; i++)
		if (!p->used[i])
			return p->opts->choices[i].record;
	for (size_t i = 0; i < p->opts->renumber_count; i++)
		if (!p->used_renumber[i])
			return p->opts->renumber[i];
	return NULL;
}

/* Only the remote has new commits: move to them. */
static int fast_forward(struct isms_sync_result *out, struct isms_repo *repo, const char *branch,
			const git_oid *l, const git_oid *r)
{
	git_repository *git = isms_repo_git(repo);
	git_tree *mine = NULL, *their = NULL;
	struct changes theirs = { 0 };
	char *reflog = isms_asprintf("sync: fast-forward to %s", out->tracking);
	int error;

	if ((error = sync_commit_tree(&mine, git, l)) < 0 || (error = sync_commit_tree(&their, git, r)) < 0 ||
	    (error = sync_changes_between(&theirs, git, mine, their)) < 0 ||
	    (error = sync_advance(repo, branch, l, r, mine, their, reflog)) < 0)
		goto cleanup;
	for (size_t i = 0; i < theirs.count; i++) {
		sync_count_in(out, &theirs.items[i]);
		sync_check_incoming(out, git, &theirs.items[i]);
	}
	git_oid_tostr(out->after, sizeof(out->after), r);
	out->outcome = ISMS_SYNC_FAST_FORWARD;
cleanup:
	sync_changes_free(&theirs);
	git_tree_free(mine);
	git_tree_free(their);
	free(reflog);
	return error;
}

/* How many commits are reachable from `tip` and not from `base`. */
static size_t count_commits(struct isms_repo *repo, const git_oid *tip, const git_oid *base)
{
	struct isms_log log;
	size_t n = isms_repo_walk(&log, repo, tip, base, NULL, 0) == 0 ? log.count : 0;

	isms_log_free(&log);
	return n;
}

/* Compare the branch with the fetched remote branch and act; the save lock
 * is held throughout. *push tells whether the remote lacks our commits.
 * Choices are checked before anything moves; conflicts (tags included)
 * leave everything as it is. */
static int bring_together(struct isms_sync_result *out, struct isms_store *store,
			  const char *branch_ref, const char *tracking, struct plan *p, bool *push)
{
	struct isms_repo *repo = isms_store_repo(store);
	git_repository *git = isms_repo_git(repo);
	enum isms_sync_outcome how;
	const char *unused;
	git_oid l, r, b;
	int error, lock = -1;

	*push = false;
	if ((error = isms_store_save_lock(&lock, store)) < 0)
		return error;
	if ((error = git_reference_name_to_id(&l, git, branch_ref)) < 0) {
		error = isms_repo_git_fail(error, branch_ref);
		goto cleanup;
	}
	git_oid_tostr(out->before, sizeof(out->before), &l);
	memcpy(out->after, out->before, sizeof(out->after));
	error = git_reference_name_to_id(&r, git, tracking);
	if (error == GIT_ENOTFOUND) {
		how = ISMS_SYNC_NEW_BRANCH;
		error = 0;
	} else if (error < 0) {
		error = isms_repo_git_fail(error, tracking);
		goto cleanup;
	} else if (git_oid_equal(&l, &r)) {
		how = ISMS_SYNC_UP_TO_DATE;
	} else if (git_repository_is_shallow(git) == 1) {
		/* libgit2 1.5 cannot walk a history cut short. */
		error = isms_error_set(ISMS_EINVALID,
			"this clone is shallow (made with --depth): isms sync needs the whole "
			"history to find where %s and %s parted; run git fetch --unshallow, then "
			"sync again; nothing was changed", out->branch, out->tracking);
		goto cleanup;
	} else if ((error = git_merge_base(&b, git, &l, &r)) < 0) {
		if (error == GIT_ENOTFOUND)
			error = isms_error_set(ISMS_EINVALID,
				"%s and %s have no history in common: they are not the same ISMS; "
				"nothing was changed", out->branch, out->tracking);
		else
			error = isms_repo_git_fail(error, "finding where the two sides parted");
		goto cleanup;
	} else {
		out->commits_in = count_commits(repo, &r, &b);
		out->commits_out = count_commits(repo, &l, &b);
		how = git_oid_equal(&b, &r) ? ISMS_SYNC_AHEAD
		      : git_oid_equal(&b, &l) ? ISMS_SYNC_FAST_FORWARD : ISMS_SYNC_MERGED;
	}
	/* out->outcome says what was done: set once it is. */
	out->outcome = ISMS_SYNC_UP_TO_DATE;
	if (how == ISMS_SYNC_MERGED) {
		error = sync_merge(out, repo, branch_ref, &l, &r, &b, p);
		*push = error == 0 && out->outcome == ISMS_SYNC_MERGED;
		goto cleanup;
	}
	/* Not a merge: a choice can only be for a tag. */
	if ((unused = unused_choice(p))) {
		error = isms_error_set(ISMS_EUSAGE,
			"no record is in conflict with %s (%s), so there is nothing to choose for "
			"%s; nothing was changed", out->tracking,
			how == ISMS_SYNC_FAST_FORWARD ? "only it has new commits: a fast-forward"
			: how == ISMS_SYNC_UP_TO_DATE ? "it is the same as here"
			: how == ISMS_SYNC_AHEAD ? "only this side has new commits"
						 : "the remote has no such branch yet", unused);
		goto cleanup;
	}
	if (out->conflict_count) {
		out->outcome = ISMS_SYNC_CONFLICTS;
		goto cleanup;
	}
	if (how == ISMS_SYNC_FAST_FORWARD) {
		error = fast_forward(out, repo, branch_ref, &l, &r);
		goto cleanup;
	}
	out->outcome = how;
	*push = how == ISMS_SYNC_AHEAD || how == ISMS_SYNC_NEW_BRANCH;
cleanup:
	if (lock >= 0)
		close(lock);
	return error;
}

int isms_sync_run(struct isms_sync_result *out, struct isms_store *store,
		  const struct isms_sync_opts *opts)
{
	static const struct isms_sync_opts defaults = ISMS_SYNC_OPTS_INIT;
	struct isms_repo *repo = isms_store_repo(store);
	struct plan p = { 0 };
	git_config *cfg = NULL;
	char *branch_ref = NULL, *tracking = NULL, *refspec = NULL, head[ISMS_OID_HEX];
	bool push = false;
	int error;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	p.opts = opts;
	p.used = isms_calloc(opts->choice_count + 1, sizeof(*p.used));
	p.used_renumber = isms_calloc(opts->renumber_count + 1, sizeof(*p.used_renumber));
	out->branch = isms_repo_branch(repo);
	if (strcmp(out->branch, "(detached)") == 0) {
		error = isms_error_set(ISMS_EINVALID,
			"HEAD is detached; check out a branch (git switch main) before syncing");
		goto cleanup;
	}
	if ((error = isms_repo_head(head, repo)) < 0)
		goto cleanup;
	out->remote = sync_remote_name(repo, opts->remote, out->branch);
	if ((error = git_repository_config_snapshot(&cfg, isms_repo_git(repo))) < 0) {
		error = isms_repo_git_fail(error, "git configuration");
		goto cleanup;
	}
	if (!sync_remote_exists(cfg, out->remote)) {
		error = isms_error_set(ISMS_ENOTFOUND,
			"no remote '%s' in this repository; add the shared repository with "
			"git remote add %s URL (a folder, ssh://host/path or https://...)",
			out->remote, out->remote[0] == '-' ? "origin" : out->remote);
		goto cleanup;
	}
	branch_ref = isms_asprintf("refs/heads/%s", out->branch);
	tracking = sync_tracking_ref(cfg, out->remote, branch_ref);
	out->tracking = isms_strdup(strncmp(tracking, "refs/remotes/", 13) == 0 ? tracking + 13
										  : tracking);
	if ((error = sync_fetch(out, &p, repo, branch_ref, tracking)) < 0 ||
	    (error = bring_together(out, store, branch_ref, tracking, &p, &push)) < 0)
		goto cleanup;
	if (out->outcome == ISMS_SYNC_CONFLICTS)
		goto cleanup;
	if ((error = sync_take_tags(out, &p, isms_repo_git(repo))) < 0 || !push)
		goto cleanup;
	/* The approval tags (annotated, on commits being pushed) go along, and
	 * all or nothing: never the branch without its approvals. */
	refspec = isms_asprintf("%s:%s", branch_ref, branch_ref);
	{
		const char *argv[] = { "push", "--atomic", "--follow-tags", out->remote, refspec,
				       NULL };

		if ((error = sync_run_git(repo, argv, "push to the remote",
				     "nothing was pushed; if the remote moved on meanwhile, run isms "
				     "sync again")) < 0)
			goto cleanup;
	}
	out->pushed = true;
cleanup:
	for (size_t i = 0; i < p.take_count; i++)
		free(p.takes[i].name);
	free(p.takes);
	free(p.used);
	free(p.used_renumber);
	git_config_free(cfg);
	free(branch_ref);
	free(tracking);
	free(refspec);
	return error;
}

static void change_free(struct isms_sync_change *c)
{
	free(c->author);
	free(c->summary);
}

void isms_sync_result_free(struct isms_sync_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->conflict_count; i++) {
		free(result->conflicts[i].id);
		free(result->conflicts[i].path);
		free(result->conflicts[i].inside);
		change_free(&result->conflicts[i].ours);
		change_free(&result->conflicts[i].theirs);
	}
	for (size_t i = 0; i < result->unreadable_count; i++) {
		free(result->unreadable[i].path);
		free(result->unreadable[i].message);
	}
	for (size_t i = 0; i < result->renumbered_count; i++) {
		free(result->renumbered[i].from);
		free(result->renumbered[i].to);
		free(result->renumbered[i].path);
	}
	free(result->renumbered);
	for (size_t i = 0; i < result->tags_taken_count; i++)
		free(result->tags_taken[i]);
	free(result->tags_taken);
	free(result->conflicts);
	free(result->unreadable);
	free(result->remote);
	free(result->branch);
	free(result->tracking);
	memset(result, 0, sizeof(*result));
}
