/* SPDX-License-Identifier: MIT */
/* The pager, chosen and run as git runs it (git's pager.c): long output
 * goes to less -FRX on a terminal, and straight out everywhere else. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/repo.h"
#include "output.h"

static struct {
	bool known, tty;   /* standard output as it was before the pager */
	int columns;
	bool disabled;     /* --no-pager */
	bool err;          /* standard error goes to the pager too */
	pid_t pid;         /* the pager running, 0 when none */
} pager;

static void remember_tty(void)
{
	struct winsize ws;

	if (pager.known)
		return;
	pager.known = true;
	pager.tty = isatty(STDOUT_FILENO);
	if (pager.tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		pager.columns = ws.ws_col;
}

bool cli_stdout_tty(void)
{
	remember_tty();
	return pager.tty;
}

int cli_tty_columns(void)
{
	remember_tty();
	return pager.columns;
}

void cli_pager_disable(void)
{
	pager.disabled = true;
}

/* The pager command, as git chooses it; the caller frees. */
static char *pager_command(void)
{
	const char *env = getenv("GIT_PAGER");
	char *cmd;

	if (env)
		return isms_strdup(env);
	if ((cmd = isms_git_config_get("core.pager")))
		return cmd;
	env = getenv("PAGER");
	return isms_strdup(env ? env : "less");
}

/* At exit: let the pager see the end of the output, then wait until the
 * person has quit it, so that the shell's prompt comes after. */
static void wait_for_pager(void)
{
	pid_t pid = pager.pid;

	if (!pid)
		return;
	pager.pid = 0;
	fflush(stdout);
	fflush(stderr);
	close(STDOUT_FILENO);
	if (pager.err)
		close(STDERR_FILENO);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* Interrupted: the pager still has the terminal; wait for it, then die of
 * the signal as we would have. */
static void wait_for_pager_signal(int sig)
{
	wait_for_pager();
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_pager_start(void)
{
	static const int signals[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE };
	int fds[2];
	char *cmd;
	pid_t pid;

	remember_tty();
	if (pager.disabled || !pager.tty || pager.pid)
		return;
	cmd = pager_command();
	if (!cmd || !*cmd || strcmp(cmd, "cat") == 0 || pipe(fds) < 0)
		goto cleanup;
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		goto cleanup;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		/* As git: less and lv quit at the end of a short text, keep
		 * colours and leave the screen as it was. */
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	dup2(fds[1], STDOUT_FILENO);
	if (isatty(STDERR_FILENO)) {
		dup2(fds[1], STDERR_FILENO);
		pager.err = true;
	}
	close(fds[0]);
	close(fds[1]);
	pager.pid = pid;
	atexit(wait_for_pager);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		signal(signals[i], wait_for_pager_signal);
cleanup:
	free(cmd);
}
