/* SPDX-License-Identifier: MIT */
/* Git's index, as a commit transaction holds it: index.lock taken as git
 * takes it (and marked as ours), the index read under it into a copy that
 * becomes the next index, that copy put in place in the same step as the
 * branch moves (or the old bytes put back), and, after an interrupted
 * transaction, the entries of its paths reset to HEAD's and its stale lock
 * removed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
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

/* What the workbench writes into the index.lock it holds. */
#define INDEX_LOCK_MARK "isms transaction, process "

/* Take git's index lock as git does (create index.lock, failing if it
 * exists) and read the index as it is under it. */
int repo_index_lock(struct isms_repo_txn *txn)
{
	char mark[64];
	int fd, error;

	if (isms_fault("index.lock"))
		return isms_error_set(ISMS_EIO, "%s: cannot create: injected fault", txn->lock_path);
	/* A git command holds it for a moment: wait a little, as for a ref. */
	for (int waited = 0;; waited += 20) {
		fd = open(txn->lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST || waited >= LOCK_WAIT_MS)
			break;
		usleep(20 * 1000);
	}
	if (fd < 0 && errno == EEXIST)
		return repo_locked_by_other(txn->lock_path, "the repository");
	if (fd < 0)
		return isms_error_set(ISMS_EIO, "%s: cannot create: %s", txn->lock_path,
				      strerror(errno));
	txn->locked = true;
	/* Only the holder of index.lock builds the next index: a lock on it
	 * left by a process killed while writing it is stale. */
	{
		char *stale = isms_asprintf("%s.lock", txn->next_path);

		unlink(stale);
		free(stale);
	}
	/* Marked as ours (git writes an index into its locks, never this), so
	 * that one a killed process left is known as such. */
	snprintf(mark, sizeof(mark), "%s%ld\n", INDEX_LOCK_MARK, (long)getpid());
	error = isms_fs_write_fd(fd, mark, strlen(mark));
	close(fd);
	if (error < 0)
		return isms_error_set(ISMS_EIO, "%s: cannot write: %s", txn->lock_path,
				      strerror(errno));
	error = isms_fs_read(&txn->index_was, txn->index_path, SIZE_MAX / 2);
	txn->index_existed = error == 0;
	if (error == ISMS_ENOTFOUND)
		error = 0;
	if (error == 0 && txn->index_existed)
		error = isms_fs_write_atomic(txn->next_path, txn->index_was.ptr, txn->index_was.len,
					     0600, ISMS_FS_REPLACE);
	else if (error == 0)
		unlink(txn->next_path);
	if (error == 0 && (error = git_index_open(&txn->index, txn->next_path)) < 0)
		error = isms_error_set(ISMS_EINVALID,
			"git's index %s cannot be read (%s); nothing was written: repair it "
			"with 'git reset' or remove it", txn->index_path,
			git_error_last() ? git_error_last()->message : "unknown error");
	return error;
}

/* Replace git's index with the one built, while holding its lock. */
int repo_index_install(struct isms_repo_txn *txn)
{
	int error;

	if (isms_fault("index.write") || (error = git_index_write(txn->index)) < 0)
		return isms_error_set(ISMS_EIO, "git's index could not be written: %s",
			git_error_last() ? git_error_last()->message : "injected fault");
	if (isms_fault("index.rename") || rename(txn->next_path, txn->index_path) < 0)
		return isms_error_set(ISMS_EIO, "%s could not be replaced: %s", txn->index_path,
				      errno ? strerror(errno) : "injected fault");
	return isms_fs_sync_dir(txn->index_path);
}

/* Put git's index back as it was when the lock was taken. */
int repo_index_restore(struct isms_repo_txn *txn)
{
	if (!txn->index_existed)
		return unlink(txn->index_path) < 0 && errno != ENOENT ? ISMS_EIO : 0;
	return isms_fs_write_atomic(txn->index_path, txn->index_was.ptr, txn->index_was.len,
				    0666 & ~isms_fs_umask(), ISMS_FS_REPLACE);
}

int isms_repo_index_reset(struct isms_repo *repo, const char *const *paths, size_t count)
{
	git_index *index = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	git_oid tip;
	int error;

	if ((error = git_repository_index(&index, repo->git)) < 0 ||
	    (error = git_index_read(index, 1)) < 0) {
		error = repo_git_fail(error, "git's index");
		goto cleanup;
	}
	if (git_reference_name_to_id(&tip, repo->git, "HEAD") == 0 &&
	    ((error = git_commit_lookup(&head, repo->git, &tip)) < 0 ||
	     (error = git_commit_tree(&tree, head)) < 0)) {
		error = repo_git_fail(error, "HEAD");
		goto cleanup;
	}
	for (size_t i = 0; i < count && error == 0; i++) {
		git_tree_entry *entry = NULL;

		if (tree && git_tree_entry_bypath(&entry, tree, paths[i]) == 0) {
			git_index_entry ie = { .mode = git_tree_entry_filemode(entry),
					       .path = paths[i] };

			git_oid_cpy(&ie.id, git_tree_entry_id(entry));
			error = git_index_add(index, &ie);
			git_tree_entry_free(entry);
		} else {
			error = git_index_remove_bypath(index, paths[i]);
		}
	}
	if (error == 0)
		error = git_index_write(index);
	if (error < 0)
		error = repo_git_fail(error, "git's index");
cleanup:
	git_tree_free(tree);
	git_commit_free(head);
	git_index_free(index);
	return error;
}

int isms_repo_index_unlock_stale(struct isms_repo *repo)
{
	char *lock = isms_path_join(git_repository_path(repo->git), "index.lock");
	struct isms_buf text = ISMS_BUF_INIT;
	int error = 0;

	if (isms_fs_read(&text, lock, 64) == 0 &&
	    strncmp(isms_buf_cstr(&text), INDEX_LOCK_MARK, strlen(INDEX_LOCK_MARK)) == 0 &&
	    unlink(lock) < 0 && errno != ENOENT)
		error = isms_error_set(ISMS_EIO, "%s: cannot remove: %s", lock, strerror(errno));
	isms_buf_free(&text);
	free(lock);
	return error;
}
