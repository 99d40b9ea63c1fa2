/* SPDX-License-Identifier: MIT */
/* Moving the branch and the working tree together, in the sync's write
 * transaction: every file the move changes is checked first (it must be as
 * committed here, and a file not tracked is never overwritten), then the
 * files are written, and the branch moves with a compare-and-swap while
 * git's index follows; on any failure the transaction puts the files back
 * and the branch never moved. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "../txn.h"
#include "sync_private.h"

/* The blob `path` has in `tree` (hex), or "" when it has none. */
static void blob_in(char out[ISMS_OID_HEX], git_tree *tree, const char *path)
{
	git_tree_entry *entry = NULL;

	out[0] = '\0';
	if (git_tree_entry_bypath(&entry, tree, path) == 0)
		git_oid_tostr(out, ISMS_OID_HEX, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
}

/* Every file `moves` changes is as committed here (or, when it is new, not
 * there): ISMS_ECONFLICT naming those that are not, before anything changes. */
static int all_as_committed(struct merge_ctx *ctx, const struct changes *moves)
{
	struct isms_buf blocked = ISMS_BUF_INIT;
	int error = 0;

	for (size_t i = 0; i < moves->count && error == 0; i++) {
		const struct change *c = &moves->items[i];
		char base[ISMS_OID_HEX];

		blob_in(base, ctx->ours_tree, c->path);
		if ((error = isms_txn_expect(ctx->txn, c->path, base)) == ISMS_ECONFLICT) {
			isms_buf_printf(&blocked, "%s%s", isms_buf_cstr(&blocked)[0] ? ", " : "",
					c->path);
			error = 0;
		}
	}
	if (error == 0 && isms_buf_cstr(&blocked)[0])
		error = isms_error_set(ISMS_ECONFLICT,
			"nothing was changed: these files have changes that are not committed, or are "
			"not tracked, and the sync would change them: %s; commit them (or move them "
			"aside) and sync again", isms_buf_cstr(&blocked));
	isms_buf_free(&blocked);
	return error;
}

/* Write change `c`: the blob it brings, or its removal. */
static int apply_change(struct merge_ctx *ctx, const struct change *c)
{
	enum isms_file_mode mode = c->mode == GIT_FILEMODE_LINK ? ISMS_FILE_LINK
		: c->mode == GIT_FILEMODE_BLOB_EXECUTABLE ? ISMS_FILE_EXECUTABLE : ISMS_FILE_REGULAR;
	git_blob *blob = NULL;
	int error;

	if (c->how == 'D')
		return isms_txn_remove(ctx->txn, c->path, NULL);
	if (c->mode != GIT_FILEMODE_BLOB && c->mode != GIT_FILEMODE_BLOB_EXECUTABLE &&
	    c->mode != GIT_FILEMODE_LINK)
		return isms_error_set(ISMS_EUNSAFE, "%s: a submodule or a folder in place of a file "
				      "came in; nothing was changed: merge it with git", c->path);
	if ((error = git_blob_lookup(&blob, ctx->git, &c->id)) < 0)
		return isms_repo_git_fail(error, c->path);
	error = isms_txn_write_as(ctx->txn, c->path, git_blob_rawcontent(blob),
				  (size_t)git_blob_rawsize(blob), NULL, mode);
	git_blob_free(blob);
	return error;
}

/* Move the branch from ctx->ours_commit to `to`, whose tree is `new_tree`,
 * and the working tree from ctx->ours_tree to `new_tree` with it. */
int sync_advance(struct merge_ctx *ctx, const git_oid *to, git_tree *new_tree, const char *why)
{
	struct changes moves = { 0 };
	char hex[ISMS_OID_HEX], moved[ISMS_OID_HEX];
	int error;

	if ((error = sync_changes_between(&moves, ctx->git, ctx->ours_tree, new_tree)) < 0 ||
	    (error = all_as_committed(ctx, &moves)) < 0)
		goto cleanup;
	for (size_t i = 0; i < moves.count && error == 0; i++)
		error = apply_change(ctx, &moves.items[i]);
	if (error < 0)
		goto cleanup;
	git_oid_tostr(hex, sizeof(hex), to);
	isms_txn_advance(ctx->txn, hex, why);
	error = isms_txn_commit(moved, ctx->txn);
cleanup:
	sync_changes_free(&moves);
	return error;
}
