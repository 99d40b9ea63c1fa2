/* SPDX-License-Identifier: MIT */
/* What the Git layer (src/store/git/) gives the rest of the store and
 * nobody else: the libgit2 handle behind struct isms_repo, committing a
 * tree with chosen parents, running git with the user's terminal, walking
 * history. Not a public API: libgit2 types stay inside the store; and the
 * Git layer knows nothing of the record store (no isms/store.h here). */
#ifndef ISMS_STORE_PRIVATE_H
#define ISMS_STORE_PRIVATE_H

#include <git2.h>
#include <stdbool.h>
#include "isms/repo.h"

/* The libgit2 repository; owned by `repo`. */
git_repository *isms_repo_git(struct isms_repo *repo);

/* Turn a failing libgit2 call's code into ours, copying its message;
 * `what` names the object concerned. */
int isms_repo_git_fail(int code, const char *what);

/* Write a commit of `tree` with `parents` (`count` of them), author,
 * committer, message, trailers and signing as in isms_repo_commit
 * (opts->parent and opts->allow_empty are not used). No reference moves:
 * the caller does that. */
int isms_repo_make_commit(git_oid *out, struct isms_repo *repo, const git_tree *tree,
			  const git_commit **parents, size_t count,
			  const struct isms_commit_opts *opts);

/* Run argv (argv[0] looked up in PATH, no shell) in the working tree's top
 * with our standard input, output and error, so that ssh and credential
 * prompts reach the user; without GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE
 * and the other variables that would point git at another repository. The exit status (127 when it could not be
 * started), or ISMS_ERROR. */
int isms_repo_run_attached(struct isms_repo *repo, const char *const *argv);

/* Commits reachable from `from` (HEAD when NULL) and not from `hide` (when
 * not NULL) that changed `path` (all when NULL), newest first, at most `max`
 * (0: no limit). */
int isms_repo_walk(struct isms_log *out, struct isms_repo *repo, const git_oid *from,
		   const git_oid *hide, const char *path, size_t max);

/* What follows a record's ID in the summary of its review ("ID: review",
 * then a space or nothing): the store writes reviews so, and the history
 * index keeps the commits whose summary has that form. */
#define ISMS_REPO_REVIEW_MARK ": review"

/* Commits of HEAD's history that changed `path` or whose summary has a
 * review's form (ISMS_REPO_REVIEW_MARK then a space or its end, after
 * anything), newest first in isms_repo_log's order, with out->shallow as
 * isms_repo_log gives it; (*changed)[i] (the caller frees the array) is
 * whether commit i changed `path`. From the history index when it can
 * answer, otherwise every commit from a walk. */
int isms_repo_log_reviews(struct isms_log *out, bool **changed, struct isms_repo *repo,
			  const char *path);

#endif
