/* Committing: the checks every commit needs (no index lock, HEAD on a
 * branch), the message with its trailers, writing a commit of a tree
 * (signed when asked or configured), committing paths as the working tree
 * has them or files as given, moving the branch with a compare-and-swap,
 * keeping git's index in step, and taking the last commit back. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/repo.h"
#include "git.h"

/* Committing */

static int check_path(const char *path)
{
	if (!*path || path[0] == '/' || strstr(path, "..") || strncmp(path, ".git", 4) == 0 ||
	    strstr(path, "/.git"))
		return isms_error_set(ISMS_EUNSAFE, "'%s' is not a path inside the working tree", path);
	return 0;
}

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

static int locked_index(struct isms_repo *repo)
{
	char *lock = isms_path_join(git_repository_path(repo->git), "index.lock");
	int locked = isms_fs_exists(lock);
	int error = 0;

	if (locked)
		error = isms_error_set(ISMS_ELOCKED,
			"%s exists: the repository is locked by another process; wait for it to "
			"finish, or if no git command is running, remove that stale lock file", lock);
	free(lock);
	return error;
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

/* What every commit needs: no index lock, HEAD on a branch, and the branch's
 * tip (*born false when it has no commit yet, which is refused while other
 * branches have commits: HEAD pointing at a missing branch would otherwise
 * start a new history holding only the committed paths). */
static int prepare(struct isms_repo *repo, char **branch, git_oid *tip, bool *born)
{
	int error;

	*branch = NULL;
	*born = false;
	memset(tip, 0, sizeof(*tip));
	if ((error = locked_index(repo)) < 0 || (error = head_branch(branch, repo)) < 0)
		return error;
	error = branch_tip(tip, repo, *branch);
	if (error == ISMS_ENOTFOUND && any_branch(repo))
		return isms_error_set(ISMS_EINVALID,
			"HEAD points at %s, which has no commits, while other branches do; "
			"check out a branch first (git switch main)", *branch);
	if (error < 0 && error != ISMS_ENOTFOUND)
		return error;
	*born = error == 0;
	return 0;
}

int isms_repo_ready(struct isms_repo *repo, const struct isms_commit_opts *opts)
{
	git_signature *author = NULL, *committer = NULL;
	struct signing signing;
	char *branch;
	git_oid tip;
	bool born, sign;
	int error;

	if ((error = prepare(repo, &branch, &tip, &born)) == 0 &&
	    (error = make_signature(&author, repo, "AUTHOR", opts->author)) == 0 &&
	    (error = make_signature(&committer, repo, "COMMITTER", opts->committer)) == 0 &&
	    (error = signing_setup(&signing, &sign, repo, "commit.gpgsign", opts->sign)) == 0)
		signing_free(&signing);
	git_signature_free(author);
	git_signature_free(committer);
	free(branch);
	return error;
}

int isms_repo_make_commit(git_oid *out, struct isms_repo *repo, const git_tree *tree,
			  const git_commit **parents, size_t count,
			  const struct isms_commit_opts *opts)
{
	git_signature *author = NULL, *committer = NULL;
	struct signing signing = { 0 };
	char *message = NULL;
	bool sign = false;
	int error;

	if ((error = make_signature(&author, repo, "AUTHOR", opts->author)) < 0 ||
	    (error = make_signature(&committer, repo, "COMMITTER", opts->committer)) < 0)
		goto cleanup;
	message = full_message(opts);
	if ((error = signing_setup(&signing, &sign, repo, "commit.gpgsign", opts->sign)) < 0)
		goto cleanup;
	if (sign) {
		/* Build the commit, sign its bytes, store it with the signature. */
		git_buf content = { 0 };
		struct isms_buf sig = ISMS_BUF_INIT;

		error = git_commit_create_buffer(&content, repo->git, author, committer, NULL, message,
						 tree, count, parents);
		if (error < 0)
			error = git_fail(error, "creating the commit");
		else if ((error = sign_buffer(&sig, repo, &signing, content.ptr, content.size,
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
				error = git_fail(error, "creating the signed commit");
		}
		git_buf_dispose(&content);
		isms_buf_free(&sig);
	} else {
		error = git_commit_create(out, repo->git, NULL, author, committer, NULL, message,
					  tree, count, parents);
		if (error < 0)
			error = git_fail(error, "creating the commit");
	}
cleanup:
	signing_free(&signing);
	git_signature_free(author);
	git_signature_free(committer);
	free(message);
	return error;
}

/* A commit of `paths` as the working tree has them, or of `files` (when
 * not NULL) as given. */
static int commit_paths(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *const *paths,
			const struct isms_commit_file *files, size_t count,
			const struct isms_commit_opts *opts)
{
	git_tree_update *updates = isms_calloc(count, sizeof(*updates));
	git_oid tip, tree_id, commit_id, *blobs = isms_calloc(count, sizeof(*blobs));
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_reference *ref = NULL;
	git_index *index = NULL;
	char *branch = NULL, *message = NULL, *reflog = NULL, have[ISMS_OID_HEX];
	size_t n = 0;
	bool born;
	int error;

	out[0] = '\0';
	if ((error = prepare(repo, &branch, &tip, &born)) < 0)
		goto cleanup;
	git_oid_tostr(have, sizeof(have), &tip);
	if (opts->parent && strcmp(opts->parent, born ? have : "") != 0) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s moved from %.12s to %.12s: another process committed; nothing was "
			"overwritten, reload and try again", branch,
			opts->parent[0] ? opts->parent : "(none)", born ? have : "(none)");
		goto cleanup;
	}
	if (born && ((error = git_commit_lookup(&parent, repo->git, &tip)) < 0 ||
		     (error = git_commit_tree(&base, parent)) < 0)) {
		error = git_fail(error, "HEAD");
		goto cleanup;
	}

	for (size_t i = 0; i < count; i++) {
		char *full;
		struct stat st;
		git_tree_entry *entry = NULL;

		if ((error = check_path(paths[i])) < 0)
			goto cleanup;
		full = isms_path_join(repo->workdir, paths[i]);
		if (files) {
			bool exec = lstat(full, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR);

			free(full);
			if (!files[i].present) {
				if (base && git_tree_entry_bypath(&entry, base, paths[i]) == 0) {
					updates[n++] = (git_tree_update){ GIT_TREE_UPDATE_REMOVE, { { 0 } },
									  GIT_FILEMODE_BLOB, paths[i] };
					git_tree_entry_free(entry);
				}
				continue;
			}
			error = git_blob_create_from_buffer(&blobs[n], repo->git,
							    files[i].data ? files[i].data : "", files[i].len);
			if (error < 0) {
				error = git_fail(error, paths[i]);
				goto cleanup;
			}
			updates[n] = (git_tree_update){ GIT_TREE_UPDATE_UPSERT, blobs[n],
				exec ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB, paths[i] };
			n++;
			continue;
		}
		if (lstat(full, &st) == 0) {
			if (!S_ISREG(st.st_mode)) {
				error = isms_error_set(ISMS_EUNSAFE,
					"%s is not a regular file; refusing to commit it", full);
				free(full);
				goto cleanup;
			}
			error = git_blob_create_from_workdir(&blobs[n], repo->git, paths[i]);
			free(full);
			if (error < 0) {
				error = git_fail(error, paths[i]);
				goto cleanup;
			}
			updates[n] = (git_tree_update){ GIT_TREE_UPDATE_UPSERT, blobs[n],
				(st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB,
				paths[i] };
			n++;
			continue;
		}
		free(full);
		if (base && git_tree_entry_bypath(&entry, base, paths[i]) == 0) {
			updates[n++] = (git_tree_update){ GIT_TREE_UPDATE_REMOVE, { { 0 } },
							  GIT_FILEMODE_BLOB, paths[i] };
			git_tree_entry_free(entry);
		}
	}

	if (base) {
		error = git_tree_create_updated(&tree_id, repo->git, base, n, updates);
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
				error = git_index_write_tree_to(&tree_id, fresh, repo->git);
			git_index_free(fresh);
		}
	}
	if (error < 0) {
		error = git_fail(error, "building the commit");
		goto cleanup;
	}
	if (born && !opts->allow_empty && git_oid_equal(&tree_id, git_tree_id(base))) {
		error = 0;  /* nothing changed: no commit */
		goto cleanup;
	}
	if ((error = git_tree_lookup(&tree, repo->git, &tree_id)) < 0) {
		error = git_fail(error, "building the commit");
		goto cleanup;
	}
	if ((error = isms_repo_make_commit(&commit_id, repo, tree, (const git_commit **)&parent,
					   born ? 1 : 0, opts)) < 0)
		goto cleanup;
	message = full_message(opts);
	reflog = isms_asprintf("commit%s: %.*s", born ? "" : " (initial)",
			       (int)strcspn(message, "\n"), message);
	if (born)
		error = git_reference_create_matching(&ref, repo->git, branch, &commit_id, 1, &tip, reflog);
	else
		error = git_reference_create(&ref, repo->git, branch, &commit_id, 0, reflog);
	if (error < 0) {
		error = git_fail(error, branch);
		goto cleanup;
	}
	git_oid_tostr(out, ISMS_OID_HEX, &commit_id);

	/* Keep the index in step for the committed paths, so git status is clean. */
	if ((error = git_repository_index(&index, repo->git)) == 0 &&
	    (error = git_index_read(index, 0)) == 0) {
		for (size_t i = 0; i < count && error == 0; i++) {
			char *full = isms_path_join(repo->workdir, paths[i]);
			struct stat st;

			if (files && files[i].present) {
				/* What was committed, whatever the file holds now. */
				git_index_entry entry = { .mode = GIT_FILEMODE_BLOB, .path = paths[i] };

				if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR))
					entry.mode = GIT_FILEMODE_BLOB_EXECUTABLE;

				error = git_index_add_from_buffer(index, &entry,
					files[i].data ? files[i].data : "", files[i].len);
			} else if (files) {
				error = git_index_remove_bypath(index, paths[i]);
			} else {
				error = isms_fs_exists(full) ? git_index_add_bypath(index, paths[i])
							     : git_index_remove_bypath(index, paths[i]);
			}
			free(full);
		}
		if (error == 0)
			error = git_index_write(index);
	}
	if (error < 0) {
		/* The commit stands; only git's staging area lags behind. */
		error = git_fail(error, "git's index");
		isms_error_prefix("commit %.12s was made, but 'git status' may show its files as "
				  "changed until 'git reset -q' is run", out);
	}

cleanup:
	git_index_free(index);
	git_reference_free(ref);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	free(reflog);
	free(message);
	free(branch);
	free(updates);
	free(blobs);
	return error;
}

int isms_repo_commit(char out[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *const *paths, size_t count, const struct isms_commit_opts *opts)
{
	return commit_paths(out, repo, paths, NULL, count, opts);
}

int isms_repo_commit_files(char out[ISMS_OID_HEX], struct isms_repo *repo,
			   const struct isms_commit_file *files, size_t count,
			   const struct isms_commit_opts *opts)
{
	const char **paths = isms_calloc(count ? count : 1, sizeof(*paths));
	int error;

	for (size_t i = 0; i < count; i++)
		paths[i] = files[i].path;
	error = commit_paths(out, repo, paths, files, count, opts);
	free(paths);
	return error;
}

int isms_repo_uncommit(struct isms_repo *repo, const char *commit,
		       const char *const *paths, size_t count)
{
	git_commit *made = NULL, *parent = NULL;
	git_tree *tree = NULL;
	git_reference *ref = NULL;
	git_index *index = NULL;
	git_oid id, tip;
	char *branch = NULL, *reflog = NULL;
	bool born;
	int error;

	if ((error = prepare(repo, &branch, &tip, &born)) < 0)
		goto cleanup;
	if (git_oid_fromstr(&id, commit) < 0 || !born || !git_oid_equal(&id, &tip)) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s no longer points at commit %.12s: another commit came after it, "
			"and it was not taken back", branch, commit);
		goto cleanup;
	}
	if ((error = git_commit_lookup(&made, repo->git, &id)) < 0) {
		error = isms_repo_git_fail(error, commit);
		goto cleanup;
	}
	if (git_commit_parentcount(made) != 1) {
		error = isms_error_set(ISMS_EINVALID,
			"commit %.12s has no single parent to go back to; it was not taken back", commit);
		goto cleanup;
	}
	if ((error = git_commit_parent(&parent, made, 0)) < 0 ||
	    (error = git_commit_tree(&tree, parent)) < 0) {
		error = isms_repo_git_fail(error, commit);
		goto cleanup;
	}
	reflog = isms_asprintf("isms: take back %.12s", commit);
	error = git_reference_create_matching(&ref, repo->git, branch, git_commit_parent_id(made, 0),
					      1, &id, reflog);
	if (error == GIT_EMODIFIED) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s moved on from commit %.12s meanwhile; it was not taken back", branch, commit);
		goto cleanup;
	}
	if (error < 0) {
		error = isms_repo_git_fail(error, branch);
		goto cleanup;
	}
	/* git's index as the parent has the paths, so git status is clean. */
	if ((error = git_repository_index(&index, repo->git)) == 0 &&
	    (error = git_index_read(index, 0)) == 0) {
		for (size_t i = 0; i < count && error == 0; i++) {
			git_tree_entry *entry = NULL;

			if (git_tree_entry_bypath(&entry, tree, paths[i]) == 0) {
				git_index_entry was = { .mode = git_tree_entry_filemode(entry),
							.path = paths[i] };

				git_oid_cpy(&was.id, git_tree_entry_id(entry));
				error = git_index_add(index, &was);
				git_tree_entry_free(entry);
			} else {
				error = git_index_remove_bypath(index, paths[i]);
			}
		}
		if (error == 0)
			error = git_index_write(index);
	}
	if (error < 0) {
		error = isms_repo_git_fail(error, "git's index");
		isms_error_prefix("commit %.12s was taken back, but 'git status' may show its files "
				  "as changed until 'git reset -q' is run", commit);
		error = 1;
	}
cleanup:
	git_index_free(index);
	git_reference_free(ref);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(made);
	free(reflog);
	free(branch);
	return error;
}
