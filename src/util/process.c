/* SPDX-License-Identifier: MIT */
/* Running other programs: fork, exec and an EINTR-safe wait, attached to
 * our terminal or with standard input given and the output captured through
 * temporary files; the environment scrubbed of the variables that would
 * point git elsewhere when asked; signals set up as git sets them for the
 * programs it runs; and the choice of the user's editor. Every program the
 * workbench starts (git, gpg, ssh-keygen, the editor) starts here. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/process.h"

/* What points git at another repository than ours, or at parts of one
 * (git rev-parse --local-env-vars lists them). */
static const char *const git_elsewhere[] = {
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
	"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
	"GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_SHALLOW_FILE", "GIT_PREFIX",
	"GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS", "GIT_INTERNAL_SUPER_PREFIX",
};

/* A signal we catch gets its default action before exec rather than at it:
 * one arriving in between must not run our handler in the child. A signal
 * we ignore stays ignored, as exec would leave it. */
static void default_if_caught(int sig)
{
	struct sigaction now;

	if (sigaction(sig, NULL, &now) == 0 && now.sa_handler != SIG_IGN)
		signal(sig, SIG_DFL);
}

/* In the child: set up signals, environment, descriptors and folder, then
 * become argv[0]. Never returns. */
static void exec_child(const char *const *argv, const struct isms_process_opts *opts,
		       const int fds[3], const struct sigaction old[2])
{
	if (opts->ignore_interrupts) {
		sigaction(SIGINT, &old[0], NULL);
		sigaction(SIGQUIT, &old[1], NULL);
	} else {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
	}
	default_if_caught(SIGHUP);
	default_if_caught(SIGTERM);
	if (opts->scrub_git_env)
		for (size_t i = 0; i < sizeof(git_elsewhere) / sizeof(*git_elsewhere); i++)
			unsetenv(git_elsewhere[i]);
	for (size_t i = 0; opts->env && opts->env[i]; i++)
		putenv((char *)opts->env[i]);
	for (int i = 0; i < 3; i++)
		if (fds[i] >= 0 && dup2(fds[i], i) < 0)
			_exit(127);
	if (opts->cwd && chdir(opts->cwd) < 0) {
		dprintf(2, "cannot enter %s: %s\n", opts->cwd, strerror(errno));
		_exit(127);
	}
	execvp(argv[0], (char *const *)argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Fork, exec with fds[0..2] as standard input, output and error (a
 * negative one is inherited from us), and wait. */
static int spawn_wait(const char *const *argv, const struct isms_process_opts *opts,
		      const int fds[3])
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old[2];
	int status = 0, result, saved;
	pid_t pid;

	fflush(NULL);
	if (opts->ignore_interrupts) {
		sigemptyset(&ignore.sa_mask);
		sigaction(SIGINT, &ignore, &old[0]);
		sigaction(SIGQUIT, &ignore, &old[1]);
	}
	pid = fork();
	if (pid == 0)
		exec_child(argv, opts, fds, old);
	saved = errno;
	if (pid < 0) {
		result = isms_error_set(ISMS_ERROR, "cannot start %s: %s", argv[0], strerror(saved));
		goto cleanup;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			saved = errno;
			result = isms_error_set(ISMS_ERROR, "waiting for %s: %s", argv[0],
						strerror(saved));
			goto cleanup;
		}
	}
	result = WIFEXITED(status) ? WEXITSTATUS(status)
				   : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
cleanup:
	if (opts->ignore_interrupts) {
		sigaction(SIGINT, &old[0], NULL);
		sigaction(SIGQUIT, &old[1], NULL);
	}
	if (result < 0)
		errno = saved;
	return result;
}

/* spawn_wait with standard input from opts->input and the output and
 * errors gathered in temporary files. */
static int run_captured(const char *const *argv, const struct isms_process_opts *opts)
{
	int fds[3] = { -1, -1, -1 }, result = ISMS_ERROR;

	for (int i = 0; i < 3; i++)
		if ((fds[i] = isms_fs_temp(NULL, "run")) < 0)
			goto cleanup;
	if (opts->input_len && isms_fs_write_fd(fds[0], opts->input, opts->input_len) < 0) {
		isms_error_set(ISMS_ERROR, "cannot write a temporary file: %s", strerror(errno));
		goto cleanup;
	}
	lseek(fds[0], 0, SEEK_SET);
	if ((result = spawn_wait(argv, opts, fds)) < 0)
		goto cleanup;
	isms_fs_read_fd(opts->out, fds[1]);
	isms_fs_read_fd(opts->err, fds[2]);
cleanup:
	for (int i = 0; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return result;
}

/* spawn_wait with the standard output alone gathered in a temporary file. */
static int run_stdout_captured(const char *const *argv, const struct isms_process_opts *opts)
{
	int fds[3] = { -1, -1, -1 }, result;

	if ((fds[1] = isms_fs_temp(NULL, "run")) < 0)
		return ISMS_ERROR;
	if ((result = spawn_wait(argv, opts, fds)) >= 0)
		isms_fs_read_fd(opts->out, fds[1]);
	close(fds[1]);
	return result;
}

int isms_process_run(const char *const *argv, const struct isms_process_opts *opts)
{
	static const struct isms_process_opts defaults = ISMS_PROCESS_OPTS_INIT;
	static const int inherit[3] = { -1, -1, -1 };

	if (!opts)
		opts = &defaults;
	if (opts->capture)
		return run_captured(argv, opts);
	return opts->capture_stdout ? run_stdout_captured(argv, opts)
				    : spawn_wait(argv, opts, inherit);
}

int isms_process_run_shell(const char *command, const char *arg,
			   const struct isms_process_opts *opts)
{
	char *script = isms_asprintf("%s \"$@\"", command);
	const char *argv[] = { "sh", "-c", script, command, arg, NULL };
	int result = isms_process_run(argv, opts);
	int saved = errno;

	free(script);
	errno = saved;
	return result;
}

char *isms_process_editor(void)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;
	struct isms_buf out = ISMS_BUF_INIT, err = ISMS_BUF_INIT;
	const char *argv[] = { "git", "var", "GIT_EDITOR", NULL };
	const char *editor = getenv("VISUAL"), *term = getenv("TERM");
	char *result = NULL;
	int status;

	/* Ask git, so that the answer is git's own: GIT_EDITOR, core.editor,
	 * VISUAL (not on a dumb terminal), EDITOR, then its built-in default. */
	opts.capture = true;
	opts.out = &out;
	opts.err = &err;
	status = isms_process_run(argv, &opts);
	if (status == 0) {
		size_t n = out.len;

		while (n && (out.ptr[n - 1] == '\n' || out.ptr[n - 1] == '\r'))
			n--;
		if (n)
			result = isms_strndup(out.ptr, n);
	} else if (status != 127 && status >= 0) {
		const char *why = isms_buf_cstr(&err);

		isms_error_set(ISMS_ERROR, "git names no editor: %.*s", (int)strcspn(why, "\n"), why);
	}
	if (!result && (status == 127 || status < 0)) {
		/* No git: its rule, by hand. */
		if (!editor || !*editor || (term && strcmp(term, "dumb") == 0))
			editor = getenv("EDITOR");
		result = isms_strdup(editor && *editor ? editor : "vi");
	}
	isms_buf_free(&out);
	isms_buf_free(&err);
	return result;
}
