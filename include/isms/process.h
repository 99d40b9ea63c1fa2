/* SPDX-License-Identifier: MIT */
/* Running other programs: the one place that forks, execs and waits. A
 * program runs either attached to our terminal (an editor, git asking for a
 * password) or with its standard input given and its output captured (gpg,
 * ssh-keygen, git verify-commit). Also which editor the user asked for. */
#ifndef ISMS_PROCESS_H
#define ISMS_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/buf.h"

struct isms_process_opts {
	/* The folder it runs in; NULL: ours. */
	const char *cwd;
	/* false: standard input, output and error are ours (the terminal).
	 * true: standard input is `input` (`input_len` bytes, none when 0),
	 * the output is appended to `out` and the errors to `err` (either may
	 * be NULL, or the same buffer: output first). Temporary files rather
	 * than pipes: nothing can block or raise SIGPIPE. */
	bool capture;
	const void *input;
	size_t input_len;
	struct isms_buf *out;
	struct isms_buf *err;
	/* With capture false: its standard output alone is appended to `out`,
	 * its input and errors stay ours (the terminal), so that a program's
	 * report is read while its prompts and messages reach the user (git
	 * push --porcelain). */
	bool capture_stdout;
	/* Without the variables that would point git at another repository
	 * than ours, or at parts of one (GIT_DIR, GIT_WORK_TREE,
	 * GIT_INDEX_FILE...: git rev-parse --local-env-vars). */
	bool scrub_git_env;
	/* We ignore SIGINT and SIGQUIT while it runs (Ctrl-C is its business,
	 * as git does for an editor) and it gets them as we had them.
	 * Otherwise it gets them with their default action whatever we do
	 * with them (a full-screen view ignores them; a passphrase prompt must
	 * still be left with Ctrl-C). */
	bool ignore_interrupts;
	/* "NAME=value" settings added to its environment (after scrubbing),
	 * NULL-terminated; NULL: none. */
	const char *const *env;
};

#define ISMS_PROCESS_OPTS_INIT { .cwd = NULL, .capture = false, .input = NULL, .input_len = 0, \
	.out = NULL, .err = NULL, .scrub_git_env = false, .ignore_interrupts = false }

/* Run argv[0] (looked up in PATH, no shell) with the arguments argv[1..]
 * (NULL-terminated) and wait for it (a signal meanwhile does not stop the
 * wait). Returns its exit status, 128 + the signal number when a signal
 * ended it, 127 when it could not be started (it says why on its standard
 * error), or ISMS_ERROR with the message set when it could not be forked
 * or waited for (errno then tells why). `opts` may be NULL: attached, in
 * our folder. */
int isms_process_run(const char *const *argv, const struct isms_process_opts *opts);

/* Run `command`, shell words, on `arg` as git runs an editor: through
 * sh -c 'COMMAND "$@"', so that EDITOR="code --wait" works and the file
 * name is never read by the shell. Returns as isms_process_run. */
int isms_process_run_shell(const char *command, const char *arg,
			   const struct isms_process_opts *opts);

/* The editor the user asked for, exactly as git picks it: what `git var
 * GIT_EDITOR` says in the current folder (GIT_EDITOR, core.editor, VISUAL
 * unless TERM is "dumb", EDITOR, then git's default). Shell words, for
 * isms_process_run_shell; the caller frees. NULL, with the message set,
 * when git names none (a dumb terminal and no EDITOR); without git, its
 * rule by hand. */
char *isms_process_editor(void);

#endif
