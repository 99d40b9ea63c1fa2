/* Moving the branch and the working tree together: the working tree and
 * index are brought from one tree to another only where they differ,
 * refusing (before anything changes) when a file to change has changes not
 * committed; the branch moves by compare-and-swap and is put back when the
 * working tree cannot follow. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "sync_private.h"

/* Paths the checkout would change but has changes of its own here. */
static int note_blocked(git_checkout_notify_t why, const char *path, const git_diff_file *baseline,
			const git_diff_file *target, const git_diff_file *workdir, void *payload)
{
	struct isms_buf *blocked = payload;

	(void)why;
	(void)baseline;
	(void)target;
	(void)workdir;
	isms_buf_printf(blocked, "%s%s", isms_buf_cstr(blocked)[0] ? ", " : "", path);
	return 0;
}

/* Bring the working tree and index from `from` to `to`, changing only what
 * differs between them, and refusing (ISMS_ECONFLICT, nothing changed) when
 * a file to change has changes not committed. With `dry` nothing is written:
 * only the refusal is found. */
static int update_worktree(struct isms_repo *repo, git_tree *from, git_tree *to, bool dry)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	struct isms_buf blocked = ISMS_BUF_INIT;
	int error;

	/* A file not tracked is never overwritten, ignored or not. */
	co.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED |
			       (dry ? GIT_CHECKOUT_DRY_RUN : 0);
	co.baseline = from;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = note_blocked;
	co.notify_payload = &blocked;
	error = git_checkout_tree(isms_repo_git(repo), (const git_object *)to, &co);
	if (isms_buf_cstr(&blocked)[0])
		error = isms_error_set(ISMS_ECONFLICT,
			"nothing was changed: these files have changes that are not committed, or are "
			"not tracked, and the sync would change them: %s; commit them (or move them "
			"aside) and sync again", isms_buf_cstr(&blocked));
	else if (error < 0)
		error = isms_repo_git_fail(error, "updating the working tree");
	isms_buf_free(&blocked);
	return error;
}

/* Move the branch from ctx->ours_commit to `to` (compare-and-swap) and the
 * working tree from ctx->ours_tree to `new_tree` with it; on failure the
 * branch is put back. */
int sync_advance(struct merge_ctx *ctx, const git_oid *to, git_tree *new_tree, const char *why)
{
	struct isms_repo *repo = ctx->repo;
	git_repository *git = ctx->git;
	const char *branch = ctx->branch_ref;
	const git_oid *from = &ctx->ours_commit;
	git_tree *old_tree = ctx->ours_tree;
	git_reference *ref = NULL, *back = NULL;
	int error;

	if ((error = update_worktree(repo, old_tree, new_tree, true)) < 0)
		return error;
	if ((error = git_reference_create_matching(&ref, git, branch, to, 1, from, why)) < 0)
		return isms_repo_git_fail(error, branch);
	if ((error = update_worktree(repo, old_tree, new_tree, false)) < 0) {
		/* Keep the branch and the working tree in step: undo the move,
		 * and say where things are. */
		char *why_failed = isms_strdup(isms_error_last()->message);
		char was[ISMS_OID_HEX], now[ISMS_OID_HEX];
		int undo = git_reference_create_matching(&back, git, branch, from, 1, to,
							 "sync: undone");

		git_oid_tostr(was, sizeof(was), from);
		git_oid_tostr(now, sizeof(now), to);
		if (undo == 0)
			isms_error_set(error,
				"%s; %s was put back at %.12s, where it was (it was to move to "
				"%.12s), but some files in the working tree may have been changed "
				"already: git status shows them, and git checkout -- PATH restores "
				"one", why_failed, branch, was, now);
		else
			isms_error_set(error,
				"%s; and %s could not be put back (%s): it is at %.12s, while the "
				"working tree may be only partly updated; git status shows the "
				"files, and git reset --keep %.12s goes back to where it was",
				why_failed, branch, git_error_last() ? git_error_last()->message
								       : "unknown error",
				now, was);
		free(why_failed);
		git_reference_free(back);
	}
	git_reference_free(ref);
	return error;
}
