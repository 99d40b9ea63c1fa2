/* SPDX-License-Identifier: MIT */
/* Git's hooks around the workbench's commits, as git commit runs them:
 * pre-commit (seeing the index to be committed through GIT_INDEX_FILE),
 * commit-msg (given the message in .git/COMMIT_EDITMSG, which it may
 * change) and post-commit. They run through git itself (git hook run), so
 * core.hooksPath and everything else git honours apply. A hook that exits
 * non-zero refuses the commit; its output is the reason given. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/process.h"
#include "git.h"

/* Whether git would find hook `name`: its file in .git/hooks is
 * executable, or core.hooksPath is set (then git looks there). Spares
 * starting git for every commit of a repository without hooks. */
static bool hook_may_exist(struct isms_repo *repo, const char *name)
{
	git_config *cfg = NULL;
	char *path, *hooks_path = NULL;
	struct stat st;
	bool found;

	if (git_repository_config_snapshot(&cfg, repo->git) == 0)
		hooks_path = repo_config_string(cfg, "core.hooksPath");
	git_config_free(cfg);
	if (hooks_path) {
		free(hooks_path);
		return true;
	}
	path = isms_asprintf("%shooks/%s", git_repository_path(repo->git), name);
	found = stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR);
	free(path);
	return found;
}

/* Run hook `name` with `arg` (or none), GIT_INDEX_FILE set to `index`
 * when not NULL. 0 when it passed or there is none; ISMS_EINVALID, with
 * its output, when it refused. */
static int run_hook(struct isms_repo *repo, const char *name, const char *arg, const char *index)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;
	struct isms_buf out = ISMS_BUF_INIT;
	const char *argv[] = { "git", "hook", "run", "--ignore-missing", name, arg ? "--" : NULL,
			       arg, NULL };
	char *env_index = index ? isms_asprintf("GIT_INDEX_FILE=%s", index) : NULL;
	const char *env[] = { env_index, NULL };
	int status, error = 0;

	if (!hook_may_exist(repo, name))
		return 0;
	opts.cwd = repo->workdir;
	opts.capture = true;
	opts.out = opts.err = &out;
	opts.scrub_git_env = true;
	opts.env = env;
	status = isms_process_run(argv, &opts);
	if (status < 0) {
		error = status;
	} else if (status != 0) {
		const char *text = isms_buf_cstr(&out);
		size_t n = strlen(text);

		while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
			n--;
		error = isms_error_set(ISMS_EINVALID, "the %s hook refused the commit (status %d)%s%.*s",
				       name, status, n ? ": " : "", (int)(n > 600 ? 600 : n), text);
	}
	isms_buf_free(&out);
	free(env_index);
	return error;
}

/* Write `index` to its file, for a hook to read through GIT_INDEX_FILE. */
static int write_index(git_index *index)
{
	if (git_index_write(index) < 0)
		return isms_error_set(ISMS_EIO, "git's index could not be written for the hooks: %s",
				      git_error_last() ? git_error_last()->message : "");
	return 0;
}

int repo_hook_pre_commit(struct isms_repo *repo, git_index *index, const char *path)
{
	int error;

	if (!hook_may_exist(repo, "pre-commit"))
		return 0;
	if ((error = write_index(index)) < 0)
		return error;
	return run_hook(repo, "pre-commit", NULL, path);
}

int repo_hook_commit_msg(char **message, struct isms_repo *repo, git_index *index,
			 const char *index_path)
{
	struct isms_buf text = ISMS_BUF_INIT;
	char *file;
	int error;

	if (!hook_may_exist(repo, "commit-msg"))
		return 0;
	if ((error = write_index(index)) < 0)
		return error;
	file = isms_asprintf("%sCOMMIT_EDITMSG", git_repository_path(repo->git));
	if ((error = isms_fs_write_atomic(file, *message, strlen(*message), 0666 & ~isms_fs_umask(),
					  ISMS_FS_REPLACE)) == 0 &&
	    (error = run_hook(repo, "commit-msg", file, index_path)) == 0 &&
	    (error = isms_fs_read(&text, file, 1 << 20)) == 0) {
		free(*message);
		*message = isms_buf_detach(&text);
	}
	isms_buf_free(&text);
	free(file);
	return error;
}

void repo_hook_post_commit(struct isms_repo *repo)
{
	/* As git: the commit is made whatever post-commit says. */
	run_hook(repo, "post-commit", NULL, NULL);
}
