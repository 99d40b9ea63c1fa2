/* SPDX-License-Identifier: MIT */
/* Committing: the commit transaction (git's index lock held throughout,
 * every prerequisite checked first, the branch and tags moved under their
 * locks with a compare-and-swap, git's index replaced in the same step),
 * writing a commit of a tree (signed when asked or configured), and
 * committing paths as the working tree has them or files as given. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/fs.h"
#include "isms/repo.h"
#include "git.h"

/* Committing
 *
 * A commit is one transaction, made the way git makes one and holding the
 * same locks: git's index.lock from the start (so that a `git commit`
 * running alongside waits or fails instead of building its tree from an
 * index that is about to change), every prerequisite checked before the
 * caller writes a byte (HEAD on a branch, identities, signing, no lock on
 * the branch, an index that can be read), then the commit and tag objects,
 * the new index, and the references moved under their locks with a
 * compare-and-swap on the branch. */

static char *full_message(const struct isms_commit_opts *opts)
{
	git_buf pretty = { 0 };
	char *msg, *result;
	struct isms_buf raw = ISMS_BUF_INIT;

	isms_buf_puts(&raw, opts->message && *opts->message ? opts->message : "Update ISMS");
	if (opts->trailer_count) {
		isms_buf_puts(&raw, "\n\n");
		for (size_t i = 0; i < opts->trailer_count; i++)
			isms_buf_printf(&raw, "%s\n", opts->trailers[i]);
	}
	msg = isms_buf_detach(&raw);
	if (git_message_prettify(&pretty, msg, 0, '#') == 0) {
		result = isms_strdup(pretty.ptr);
		free(msg);
		msg = result;
	}
	git_buf_dispose(&pretty);
	return msg;
}

/* True when some branch has commits. */
static bool any_branch(struct isms_repo *repo)
{
	git_reference_iterator *it;
	git_reference *ref;
	bool found = false;

	if (git_reference_iterator_glob_new(&it, repo->git, "refs/heads/*") < 0)
		return false;
	if (git_reference_next(&ref, it) == 0) {
		found = true;
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return found;
}

/* HEAD on a branch, and the branch's tip (*born false when it has no
 * commit yet, which is refused while other branches have commits: HEAD
 * pointing at a missing branch would otherwise start a new history holding
 * only the committed paths). */
static int prepare(struct isms_repo *repo, char **branch, git_oid *tip, bool *born)
{
	int error;

	*branch = NULL;
	*born = false;
	memset(tip, 0, sizeof(*tip));
	if ((error = repo_head_branch(branch, repo)) < 0)
		return error;
	error = repo_branch_tip(tip, repo, *branch);
	if (error == ISMS_ENOTFOUND && any_branch(repo))
		return isms_error_set(ISMS_EINVALID,
			"HEAD points at %s, which has no commits, while other branches do; "
			"check out a branch first (git switch main)", *branch);
	if (error < 0 && error != ISMS_ENOTFOUND)
		return error;
	*born = error == 0;
	return 0;
}

int repo_locked_by_other(const char *lock, const char *what)
{
	return isms_error_set(ISMS_ELOCKED,
		"%s exists: %s is locked by another process; wait for it to finish, or if no git "
		"command is running, remove that stale lock file", lock, what);
}

/* A reference's lock file left by someone else. */
int repo_ref_unlocked(struct isms_repo *repo, const char *refname)
{
	char *name = isms_asprintf("%s.lock", refname);
	char *lock = isms_path_join(git_repository_path(repo->git), name);
	int error = 0;

	/* Held for a moment by a git command (gc packing refs, a commit):
	 * wait a little before calling it locked. */
	for (int waited = 0; isms_fs_exists(lock); waited += 20) {
		if (waited >= LOCK_WAIT_MS) {
			error = repo_locked_by_other(lock, refname);
			break;
		}
		usleep(20 * 1000);
	}
	free(lock);
	free(name);
	return error;
}

int isms_repo_txn_begin(struct isms_repo_txn **out, struct isms_repo *repo,
			const struct isms_commit_opts *opts)
{
	static const struct isms_commit_opts defaults = ISMS_COMMIT_OPTS_INIT;
	struct isms_repo_txn *txn = isms_calloc(1, sizeof(*txn));
	const char *gitdir = git_repository_path(repo->git);
	git_signature *author = NULL, *committer = NULL;
	struct repo_signing signing = { 0 };
	char *dir = isms_path_join(gitdir, "isms"), have[ISMS_OID_HEX];
	bool sign;
	int error;

	*out = NULL;
	txn->repo = repo;
	txn->opts = opts ? *opts : defaults;
	txn->index_path = isms_path_join(gitdir, "index");
	txn->lock_path = isms_path_join(gitdir, "index.lock");
	txn->next_path = isms_path_join(dir, "index.next");
	if ((error = prepare(repo, &txn->branch, &txn->tip, &txn->born)) < 0)
		goto cleanup;
	git_oid_tostr(have, sizeof(have), &txn->tip);
	if (txn->opts.parent && strcmp(txn->opts.parent, txn->born ? have : "") != 0) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s moved from %.12s to %.12s: another process committed; nothing was "
			"overwritten, reload and try again", txn->branch,
			txn->opts.parent[0] ? txn->opts.parent : "(none)", txn->born ? have : "(none)");
		goto cleanup;
	}
	if ((error = repo_make_signature(&author, repo, "AUTHOR", txn->opts.author)) < 0 ||
	    (error = repo_make_signature(&committer, repo, "COMMITTER", txn->opts.committer)) < 0 ||
	    (error = repo_signing_setup(&signing, &sign, repo, "commit.gpgsign", txn->opts.sign)) < 0 ||
	    (error = repo_ref_unlocked(repo, txn->branch)) < 0 ||
	    (error = isms_fs_mkdirs(dir, 0700)) < 0 ||
	    (error = repo_index_lock(txn)) < 0)
		goto cleanup;
	*out = txn;
	txn = NULL;
cleanup:
	repo_signing_free(&signing);
	git_signature_free(author);
	git_signature_free(committer);
	isms_repo_txn_free(txn);
	free(dir);
	return error;
}

void isms_repo_txn_free(struct isms_repo_txn *txn)
{
	if (!txn)
		return;
	git_index_free(txn->index);
	unlink(txn->next_path);
	if (txn->locked)
		unlink(txn->lock_path);
	isms_buf_free(&txn->index_was);
	free(txn->branch);
	free(txn->index_path);
	free(txn->lock_path);
	free(txn->next_path);
	free(txn);
}

void isms_repo_txn_message(struct isms_repo_txn *txn, const char *message,
			   const char *const *trailers, size_t trailer_count)
{
	txn->opts.message = message;
	txn->opts.trailers = trailers;
	txn->opts.trailer_count = trailer_count;
}

/* The tree update and the index entry of one file. */
static int stage_file(git_tree_update *update, git_oid *blob, struct isms_repo_txn *txn,
		      const git_tree *base, const struct isms_commit_file *file, bool *changed)
{
	git_repository *git = txn->repo->git;
	char *full = isms_path_join(txn->repo->workdir, file->path);
	struct stat st;
	git_tree_entry *entry = NULL;
	unsigned mode = GIT_FILEMODE_BLOB;
	int error = 0;

	*changed = false;
	if (file->mode == ISMS_FILE_LINK)
		mode = GIT_FILEMODE_LINK;
	else if (file->mode == ISMS_FILE_EXECUTABLE)
		mode = GIT_FILEMODE_BLOB_EXECUTABLE;
	else if (file->mode == ISMS_FILE_AS_IS && lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		 (st.st_mode & S_IXUSR))
		mode = GIT_FILEMODE_BLOB_EXECUTABLE;
	free(full);
	if (!file->present) {
		if (base && git_tree_entry_bypath(&entry, base, file->path) == 0) {
			*update = (git_tree_update){ .action = GIT_TREE_UPDATE_REMOVE,
						     .filemode = GIT_FILEMODE_BLOB, .path = file->path };
			*changed = true;
			git_tree_entry_free(entry);
		}
		error = git_index_remove_bypath(txn->index, file->path);
		return error < 0 ? repo_git_fail(error, "git's index") : 0;
	}
	if ((error = git_blob_create_from_buffer(blob, git, file->data ? file->data : "",
						 file->len)) < 0)
		return repo_git_fail(error, file->path);
	*update = (git_tree_update){ .action = GIT_TREE_UPDATE_UPSERT, .id = *blob,
				     .filemode = mode, .path = file->path };
	*changed = true;
	git_index_entry ie = { .mode = mode, .path = file->path, .file_size = (uint32_t)file->len };

	git_oid_cpy(&ie.id, blob);
	if ((error = git_index_add(txn->index, &ie)) < 0)
		return repo_git_fail(error, "git's index");
	return 0;
}

/* The tree of the commit: the branch's tree with `files` applied. */
/* More files than this in one commit are synced to the disk together. */
#define BATCH_FILES 16

static int build_tree(git_oid *out, bool *same, struct isms_repo_txn *txn,
		      const struct isms_commit_file *files, size_t count)
{
	git_tree_update *updates = isms_calloc(count ? count : 1, sizeof(*updates));
	git_oid *blobs = isms_calloc(count ? count : 1, sizeof(*blobs));
	git_commit *parent = NULL;
	git_tree *base = NULL;
	size_t n = 0;
	int error = 0;

	*same = false;
	if (txn->born && ((error = git_commit_lookup(&parent, txn->repo->git, &txn->tip)) < 0 ||
			  (error = git_commit_tree(&base, parent)) < 0)) {
		error = repo_git_fail(error, "HEAD");
		goto cleanup;
	}
	/* Many files (an import): their blobs are written without a sync each
	 * and synced together, before the tree that names them is written. */
	if (count > BATCH_FILES)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	for (size_t i = 0; i < count && error == 0; i++) {
		bool changed = false;

		if ((error = isms_path_check(files[i].path)) == 0)
			error = stage_file(&updates[n], &blobs[n], txn, base, &files[i], &changed);
		n += changed;
	}
	if (count > BATCH_FILES) {
		char *objects = isms_path_join(git_repository_path(txn->repo->git), "objects");

		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
		if (error == 0)
			error = isms_fs_sync_all(objects);
		free(objects);
	}
	if (error < 0)
		goto cleanup;
	if (base) {
		error = git_tree_create_updated(out, txn->repo->git, base, n, updates);
	} else {
		/* No commit yet: the first tree, from an index that lives in memory. */
		git_index *fresh;

		if ((error = git_index_new(&fresh)) == 0) {
			for (size_t i = 0; i < n && error == 0; i++) {
				git_index_entry entry = { .mode = updates[i].filemode,
							  .path = updates[i].path };

				git_oid_cpy(&entry.id, &updates[i].id);
				error = git_index_add(fresh, &entry);
			}
			if (error == 0)
				error = git_index_write_tree_to(out, fresh, txn->repo->git);
			git_index_free(fresh);
		}
	}
	if (error < 0)
		error = repo_git_fail(error, "building the commit");
	else if (base)
		*same = git_oid_equal(out, git_tree_id(base));
cleanup:
	git_tree_free(base);
	git_commit_free(parent);
	free(updates);
	free(blobs);
	return error;
}

/* Lock `refname` for `tx`, waiting a little for a lock another process
 * holds for a moment (git gc packing refs, a git commit). */
static int lock_ref(git_transaction *tx, const char *refname)
{
	int error;

	for (int waited = 0;; waited += 20) {
		error = isms_fault("ref.lock") ? GIT_ELOCKED : git_transaction_lock_ref(tx, refname);
		if (error != GIT_ELOCKED || waited >= LOCK_WAIT_MS)
			break;
		usleep(20 * 1000);
	}
	if (error == GIT_ELOCKED)
		return isms_error_set(ISMS_ELOCKED,
			"%s is locked by another process (%s.lock exists); nothing was committed: "
			"wait for it to finish, or if no git command is running, remove that stale "
			"lock file", refname, refname);
	return error < 0 ? repo_git_fail(error, refname) : 0;
}

/* Lock the branch and every tag reference, then check, under the locks,
 * that the branch still points where it did (compare and swap) and that no
 * tag exists yet. */
static int lock_refs(git_transaction **branch_tx, git_transaction **tags_tx,
		     struct isms_repo_txn *txn, const struct isms_commit_tag *tags,
		     size_t tag_count)
{
	git_repository *git = txn->repo->git;
	git_oid now;
	int error, found;

	if ((error = git_transaction_new(branch_tx, git)) < 0 ||
	    (error = git_transaction_new(tags_tx, git)) < 0)
		return repo_git_fail(error, "references");
	if ((error = lock_ref(*branch_tx, txn->branch)) < 0)
		return error;
	for (size_t i = 0; i < tag_count; i++) {
		char *ref = isms_asprintf("refs/tags/%s", tags[i].name);

		error = lock_ref(*tags_tx, ref);
		if (error == 0 && git_reference_name_to_id(&now, git, ref) == 0)
			error = isms_error_set(ISMS_EEXISTS, "tag %s already exists; nothing was "
					       "committed", tags[i].name);
		free(ref);
		if (error < 0)
			return error;
	}
	found = git_reference_name_to_id(&now, git, txn->branch);
	if (found != 0 && found != GIT_ENOTFOUND)
		return repo_git_fail(found, txn->branch);
	if ((found == 0) != txn->born || (txn->born && !git_oid_equal(&now, &txn->tip))) {
		char was[ISMS_OID_HEX], is[ISMS_OID_HEX];

		git_oid_tostr(was, sizeof(was), &txn->tip);
		git_oid_tostr(is, sizeof(is), &now);
		return isms_error_set(ISMS_ECONFLICT,
			"%s moved from %.12s to %.12s while this change was being committed: "
			"another process committed; nothing was overwritten, reload and try again",
			txn->branch, txn->born ? was : "(none)", found == 0 ? is : "(none)");
	}
	return 0;
}

/* Whether reference `name` points at `id` now. */
static bool points_at(struct isms_repo *repo, const char *name, const git_oid *id)
{
	git_oid now;

	return git_reference_name_to_id(&now, repo->git, name) == 0 && git_oid_equal(&now, id);
}

/* Whether every tag of `tags` points at its object `ids` now. */
static bool tags_point_at(struct isms_repo *repo, const struct isms_commit_tag *tags,
			  const git_oid *ids, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char *ref = isms_asprintf("refs/tags/%s", tags[i].name);
		bool there = points_at(repo, ref, &ids[i]);

		free(ref);
		if (!there)
			return false;
	}
	return true;
}

/* Move the branch to `commit` and create `tags` (their objects `tag_ids`),
 * under their locks, with git's index replaced in the same step. */
static int move_refs(char out[ISMS_OID_HEX], struct isms_repo_txn *txn, const git_oid *commit,
		     const struct isms_commit_tag *tags, const git_oid *tag_ids, size_t tag_count,
		     const char *reflog)
{
	git_transaction *branch_tx = NULL, *tags_tx = NULL;
	git_signature *committer = NULL;
	char *unsynced = NULL;
	int error;

	if ((error = repo_make_signature(&committer, txn->repo, "COMMITTER", txn->opts.committer)) < 0 ||
	    (error = lock_refs(&branch_tx, &tags_tx, txn, tags, tag_count)) < 0)
		goto cleanup;
	if ((error = git_transaction_set_target(branch_tx, txn->branch, commit, committer,
						reflog)) < 0) {
		error = repo_git_fail(error, txn->branch);
		goto cleanup;
	}
	for (size_t i = 0; i < tag_count; i++) {
		char *ref = isms_asprintf("refs/tags/%s", tags[i].name);

		error = git_transaction_set_target(tags_tx, ref, &tag_ids[i], committer, NULL);
		free(ref);
		if (error < 0) {
			error = repo_git_fail(error, tags[i].name);
			goto cleanup;
		}
	}
	/* The index first, while the branch is locked: a crash between the two
	 * leaves the change staged, never an index that would revert it. */
	if ((error = repo_index_install(txn)) == 0) {
		if (isms_fault("ref.write"))
			error = isms_error_set(ISMS_EIO, "%s: injected fault", txn->branch);
		else if ((error = git_transaction_commit(branch_tx)) < 0)
			error = repo_git_fail(error, txn->branch);
	}
	/* A failure after the branch moved (syncing its folder) leaves the
	 * commit standing: it is no failure to undo. */
	if (error < 0 && points_at(txn->repo, txn->branch, commit)) {
		unsynced = isms_strdup(isms_error_last()->message);
		error = 0;
	}
	if (error < 0) {
		if (repo_index_restore(txn) < 0)
			isms_error_prefix("nothing was committed, and git's index could not be put "
					  "back ('git reset -q' repairs it)");
		goto cleanup;
	}
	git_oid_tostr(out, ISMS_OID_HEX, commit);
	if (tag_count && (error = git_transaction_commit(tags_tx)) < 0) {
		if (tags_point_at(txn->repo, tags, tag_ids, tag_count)) {
			error = 0;  /* made; only syncing a folder failed */
		} else {
			error = repo_git_fail(error, "tags");
			isms_error_prefix("commit %.12s was made, but its tag could not be written",
					  out);
		}
	}
	if (error == 0 && unsynced)
		error = isms_error_set(ISMS_EIO, "commit %.12s was made and %s moved to it, but "
				       "not everything reached the disk: %s", out, txn->branch,
				       unsynced);
cleanup:
	free(unsynced);
	git_transaction_free(branch_tx);
	git_transaction_free(tags_tx);
	git_signature_free(committer);
	return error;
}

/* git commit's hooks before the commit: pre-commit sees the index to be
 * committed (written for it), commit-msg may change *message. */
static int run_hooks(char **message, struct isms_repo_txn *txn)
{
	int error;

	if (txn->opts.no_verify)
		return 0;
	if ((error = repo_hook_pre_commit(txn->repo, txn->index, txn->next_path)) < 0 ||
	    (error = repo_hook_commit_msg(message, txn->repo, txn->index, txn->next_path)) < 0)
		isms_error_prefix("nothing was committed");
	return error;
}

int isms_repo_txn_commit(char out[ISMS_OID_HEX], struct isms_repo_txn *txn,
			 const struct isms_commit_file *files, size_t count,
			 const struct isms_commit_tag *tags, size_t tag_count)
{
	struct isms_commit_opts copts;
	git_oid tree_id, commit_id, *tag_ids = isms_calloc(tag_count ? tag_count : 1,
							   sizeof(*tag_ids));
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	char *message = NULL, *reflog = NULL;
	bool same;
	int error;

	out[0] = '\0';
	if ((error = build_tree(&tree_id, &same, txn, files, count)) < 0)
		goto cleanup;
	if (same && !txn->opts.allow_empty && !tag_count)
		goto cleanup;  /* nothing changed: no commit */
	if ((error = git_tree_lookup(&tree, txn->repo->git, &tree_id)) < 0 ||
	    (txn->born && (error = git_commit_lookup(&parent, txn->repo->git, &txn->tip)) < 0)) {
		error = repo_git_fail(error, "building the commit");
		goto cleanup;
	}
	message = full_message(&txn->opts);
	if ((error = run_hooks(&message, txn)) < 0)
		goto cleanup;
	if (isms_fault("commit")) {
		error = isms_error_set(ISMS_EIO, "creating the commit: injected fault");
		goto cleanup;
	}
	copts = txn->opts;
	copts.message = message;
	copts.trailers = NULL;
	copts.trailer_count = 0;
	if ((error = isms_repo_make_commit(&commit_id, txn->repo, tree,
					   (const git_commit **)&parent, txn->born ? 1 : 0,
					   &copts)) < 0)
		goto cleanup;
	for (size_t i = 0; i < tag_count; i++)
		if ((error = repo_tag_object(&tag_ids[i], txn->repo, tags[i].name, &commit_id,
					     &tags[i].opts)) < 0) {
			txn->tag_failed = true;
			goto cleanup;
		}
	reflog = isms_asprintf("commit%s: %.*s", txn->born ? "" : " (initial)",
			       (int)strcspn(message, "\n"), message);
	if ((error = move_refs(out, txn, &commit_id, tags, tag_ids, tag_count, reflog)) == 0)
		repo_hook_post_commit(txn->repo);
cleanup:
	git_tree_free(tree);
	git_commit_free(parent);
	free(tag_ids);
	free(message);
	free(reflog);
	return error;
}

int isms_repo_txn_advance(char out[ISMS_OID_HEX], struct isms_repo_txn *txn, const char *to,
			  const struct isms_commit_file *files, size_t count, const char *reflog)
{
	git_commit *target = NULL;
	git_oid id, blob;
	int error = 0;

	out[0] = '\0';
	if (git_oid_fromstr(&id, to) < 0 || git_commit_lookup(&target, txn->repo->git, &id) < 0)
		return isms_error_set(ISMS_ENOTFOUND, "no commit %s to move to", to);
	git_commit_free(target);
	for (size_t i = 0; i < count && error == 0; i++) {
		git_tree_update ignored;
		bool changed;

		if ((error = isms_path_check(files[i].path)) == 0)
			error = stage_file(&ignored, &blob, txn, NULL, &files[i], &changed);
	}
	if (error == 0)
		error = move_refs(out, txn, &id, NULL, NULL, 0, reflog);
	return error;
}

bool isms_repo_txn_tag_failed(const struct isms_repo_txn *txn)
{
	return txn->tag_failed;
}

int isms_repo_ready(struct isms_repo *repo, const struct isms_commit_opts *opts)
{
	struct isms_repo_txn *txn;
	int error = isms_repo_txn_begin(&txn, repo, opts);

	isms_repo_txn_free(txn);
	return error;
}

int isms_repo_make_commit(git_oid *out, struct isms_repo *repo, const git_tree *tree,
			  const git_commit **parents, size_t count,
			  const struct isms_commit_opts *opts)
{
	git_signature *author = NULL, *committer = NULL;
	struct repo_signing signing = { 0 };
	char *message = NULL;
	bool sign = false;
	int error;

	if ((error = repo_make_signature(&author, repo, "AUTHOR", opts->author)) < 0 ||
	    (error = repo_make_signature(&committer, repo, "COMMITTER", opts->committer)) < 0)
		goto cleanup;
	message = full_message(opts);
	if ((error = repo_signing_setup(&signing, &sign, repo, "commit.gpgsign", opts->sign)) < 0)
		goto cleanup;
	if (sign) {
		/* Build the commit, sign its bytes, store it with the signature. */
		git_buf content = { 0 };
		struct isms_buf sig = ISMS_BUF_INIT;

		error = git_commit_create_buffer(&content, repo->git, author, committer, NULL, message,
						 tree, count, parents);
		if (error < 0)
			error = repo_git_fail(error, "creating the commit");
		else if ((error = repo_sign_buffer(&sig, repo, &signing, content.ptr, content.size,
						   committer)) < 0)
			isms_error_prefix("nothing was committed");
		else {
			/* git stores the signature without its last newline. */
			char *text = (char *)isms_buf_cstr(&sig);
			size_t len = strlen(text);

			while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
				text[--len] = '\0';
			error = git_commit_create_with_signature(out, repo->git, content.ptr,
								 text, "gpgsig");
			if (error < 0)
				error = repo_git_fail(error, "creating the signed commit");
		}
		git_buf_dispose(&content);
		isms_buf_free(&sig);
	} else {
		error = git_commit_create(out, repo->git, NULL, author, committer, NULL, message,
					  tree, count, parents);
		if (error < 0)
			error = repo_git_fail(error, "creating the commit");
	}
cleanup:
	repo_signing_free(&signing);
	git_signature_free(author);
	git_signature_free(committer);
	free(message);
	return error;
}


int isms_repo_commit_files(char out[ISMS_OID_HEX], struct isms_repo *repo,
			   const struct isms_commit_file *files, size_t count,
			   const struct isms_commit_opts *opts)
{
	struct isms_repo_txn *txn;
	int error;

	out[0] = '\0';
	if ((error = isms_repo_txn_begin(&txn, repo, opts)) == 0)
		error = isms_repo_txn_commit(out, txn, files, count, NULL, 0);
	isms_repo_txn_free(txn);
	return error;
}

int isms_repo_commit(char out[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *const *paths, size_t count, const struct isms_commit_opts *opts)
{
	struct isms_commit_file *files = isms_calloc(count ? count : 1, sizeof(*files));
	struct isms_buf *data = isms_calloc(count ? count : 1, sizeof(*data));
	int error = 0;

	out[0] = '\0';
	for (size_t i = 0; i < count && error == 0; i++) {
		char *full;

		if ((error = isms_path_check(paths[i])) < 0)
			break;
		full = isms_path_join(repo->workdir, paths[i]);
		files[i].path = paths[i];
		error = isms_fs_read(&data[i], full, ISMS_COMMIT_FILE_MAX);
		if (error == ISMS_ENOTFOUND) {
			error = 0;
		} else if (error == ISMS_EUNSAFE) {
			error = isms_error_set(ISMS_EUNSAFE,
				"%s is not a regular file; refusing to commit it", full);
		} else if (error == 0) {
			files[i].data = data[i].ptr;
			files[i].len = data[i].len;
			files[i].present = 1;
		}
		free(full);
	}
	if (error == 0)
		error = isms_repo_commit_files(out, repo, files, count, opts);
	for (size_t i = 0; i < count; i++)
		isms_buf_free(&data[i]);
	free(data);
	free(files);
	return error;
}
