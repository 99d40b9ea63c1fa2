/* SPDX-License-Identifier: MIT */
/* The repository itself: opening or creating it (with libgit2's global
 * set-up), its working tree and git folder, HEAD and its branch, resolving
 * a revision, hashing a blob, running git attached to the terminal in the
 * working tree, and repo_git_fail, which turns libgit2's errors into ours.
 * Identity, signing, commits, tags, history and diffs have files of their
 * own beside this one. */
#include "config.h"

#include <git2.h>
#include <libssh2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/process.h"
#include "isms/repo.h"
#include "git.h"

/* Copy libgit2's message into ours before anything else can replace it. */
int repo_git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "unknown error";

	switch (code) {
	case GIT_ELOCKED:
		return isms_error_set(ISMS_ELOCKED,
			"%s: locked by another process (%s); wait for it to finish, "
			"or if no git command is running, remove the stale lock file", what, msg);
	case GIT_EMODIFIED:
	case GIT_EEXISTS:
		return isms_error_set(ISMS_ECONFLICT,
			"%s: another process committed at the same time (%s); nothing was "
			"overwritten, try again", what, msg);
	case GIT_ENOTFOUND:
	case GIT_EUNBORNBRANCH:
		return isms_error_set(ISMS_ENOTFOUND, "%s: %s", what, msg);
	case GIT_EINVALIDSPEC:
	case GIT_EAMBIGUOUS:
		return isms_error_set(ISMS_EINVALID, "%s: %s", what, msg);
	default:
		return isms_error_set(ISMS_ERROR, "%s: %s", what, msg);
	}
}

int isms_repo_git_fail(int code, const char *what)
{
	return repo_git_fail(code, what);
}

git_repository *isms_repo_git(struct isms_repo *repo)
{
	return repo->git;
}

static void shutdown_git(void)
{
	git_libgit2_shutdown();
	libssh2_exit();
}

void global_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	const char *nosystem = getenv("GIT_CONFIG_NOSYSTEM");

	/* isms reaches remotes through the git program (sync/transport.c),
	 * never through libgit2's ssh transport, so libssh2 need not start
	 * OpenSSL for it: that alone made every run touch 1.5 MB more of
	 * libcrypto. libssh2 counts its starts and sets its crypto library up
	 * only on the first, so libgit2's own libssh2_init then adds nothing;
	 * were ssh ever used, OpenSSL 3 sets itself up on first use. */
	libssh2_init(LIBSSH2_INIT_NO_CRYPTO);
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* libgit2 does not read GIT_CONFIG_NOSYSTEM; git does. */
	if (nosystem && *nosystem && strcmp(nosystem, "0") != 0 && strcmp(nosystem, "false") != 0)
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	atexit(shutdown_git);
}

static int wrap(struct isms_repo **out, git_repository *git)
{
	struct isms_repo *repo;
	const char *wd = git_repository_workdir(git);

	if (!wd) {
		isms_error_set(ISMS_EINVALID, "%s is a bare repository; clone it to work on the ISMS",
			       git_repository_path(git));
		git_repository_free(git);
		return ISMS_EINVALID;
	}
	repo = isms_calloc(1, sizeof(*repo));
	repo->git = git;
	repo->workdir = isms_strdup(wd);
	*out = repo;
	return 0;
}

int isms_repo_open(struct isms_repo **out, const char *start)
{
	git_repository *git;
	int error;

	*out = NULL;
	global_init();
	error = git_repository_open_ext(&git, start ? start : ".", 0, NULL);
	if (error == GIT_ENOTFOUND)
		return isms_error_set(ISMS_ENOTFOUND,
			"no Git repository in %s or any folder above it; run 'isms init' to start an ISMS",
			start ? start : "the current folder");
	if (error < 0)
		return repo_git_fail(error, start ? start : ".");
	return wrap(out, git);
}

int isms_repo_init(struct isms_repo **out, const char *dir)
{
	git_repository *git;
	char *dotgit = isms_path_join(dir, ".git");
	int error, exists = isms_fs_exists(dotgit);

	*out = NULL;
	free(dotgit);
	if (!*dir)
		return isms_error_set(ISMS_EUSAGE, "no folder given for the repository");
	global_init();
	if ((error = isms_fs_mkdirs(dir, 0777)) < 0)
		return error;
	if (exists)
		error = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else
		error = git_repository_init(&git, dir, 0);
	if (error < 0)
		return repo_git_fail(error, dir);
	return wrap(out, git);
}

void isms_repo_free(struct isms_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo);
}

const char *isms_repo_workdir(const struct isms_repo *repo)
{
	return repo->workdir;
}

const char *isms_repo_gitdir(const struct isms_repo *repo)
{
	return git_repository_path(repo->git);
}

/* The branch HEAD points at ("refs/heads/main"); the caller frees. */
int repo_head_branch(char **out, struct isms_repo *repo)
{
	git_reference *head;
	int error;

	*out = NULL;
	if ((error = git_reference_lookup(&head, repo->git, "HEAD")) < 0)
		return repo_git_fail(error, "HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return isms_error_set(ISMS_EINVALID,
			"HEAD is detached; check out a branch (git switch main) before changing the ISMS");
	}
	*out = isms_strdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return 0;
}

/* The commit the branch points at; ISMS_ENOTFOUND when it has none yet. */
int repo_branch_tip(git_oid *out, struct isms_repo *repo, const char *branch)
{
	int error = git_reference_name_to_id(out, repo->git, branch);

	if (error == GIT_ENOTFOUND)
		return isms_error_set(ISMS_ENOTFOUND, "no commit yet on %s", branch);
	return error < 0 ? repo_git_fail(error, branch) : 0;
}

int isms_repo_head(char out[ISMS_OID_HEX], struct isms_repo *repo)
{
	git_oid oid;
	int error = git_reference_name_to_id(&oid, repo->git, "HEAD");

	out[0] = '\0';
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return isms_error_set(ISMS_ENOTFOUND, "no commit yet");
	if (error < 0)
		return repo_git_fail(error, "HEAD");
	git_oid_tostr(out, ISMS_OID_HEX, &oid);
	return 0;
}

char *isms_repo_branch(struct isms_repo *repo)
{
	char *branch;

	if (repo_head_branch(&branch, repo) < 0)
		return isms_strdup("(detached)");
	if (strncmp(branch, "refs/heads/", 11) == 0)
		memmove(branch, branch + 11, strlen(branch + 11) + 1);
	return branch;
}

int isms_repo_run_attached(struct isms_repo *repo, const char *const *argv)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;

	opts.cwd = repo->workdir;
	opts.scrub_git_env = true;
	return isms_process_run(argv, &opts);
}

void isms_repo_hash(char out[ISMS_OID_HEX], const void *data, size_t len)
{
	git_oid oid;

	global_init();
	git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
	git_oid_tostr(out, ISMS_OID_HEX, &oid);
}

int isms_repo_resolve(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	int error = git_revparse_single(&obj, repo->git, rev);

	out[0] = '\0';
	if (error == 0) {
		error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
	}
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || error == GIT_EAMBIGUOUS ||
	    error == GIT_EPEEL)
		return isms_error_set(ISMS_ENOTFOUND, "revision '%s' not found", rev);
	if (error < 0)
		return repo_git_fail(error, rev);
	git_oid_tostr(out, ISMS_OID_HEX, git_object_id(commit));
	git_object_free(commit);
	return 0;
}
