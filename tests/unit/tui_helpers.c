/* SPDX-License-Identifier: MIT */
/* What the full-screen tests share: an ISMS to walk, a script of keys run
 * by the real binary, and screen dumps compared with tests/screens/. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "tui_helpers.h"

void tui_setup(void)
{
	th_pin_env();
	unsetenv("ISMS_TUI_SCRIPT");
	unsetenv("NO_COLOR");
	unsetenv("LC_CTYPE");
	unsetenv("LC_MESSAGES");
	unsetenv("ESCDELAY");
	setenv("TERM", "vt100", 1);
	setenv("COLUMNS", "80", 1);
	setenv("LINES", "24", 1);
	setenv("LANG", "C.UTF-8", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
}

void tui_locale(const char *name)
{
	setenv("LANG", name, 1);
	setenv("LC_ALL", name, 1);
}

/* An ISMS just made by `isms init`, in a folder named "acme". */
char *tui_fresh_isms(void)
{
	char *parent = th_tmpdir(), *err = NULL;
	char *dir = isms_asprintf("%s/acme", parent);

	cr_assert_eq(th_isms(NULL, &err, parent, "init acme --org 'Acme Ltd'"), 0, "%s", err);
	free(err);
	free(parent);
	return dir;
}

/* A fresh ISMS holding one policy, POL-001 "Access policy". */
char *tui_policy_isms(void)
{
	char *dir = tui_fresh_isms(), *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir, "new policy --set 'title=Access policy'"), 0, "%s", err);
	free(err);
	return dir;
}

/* The demonstration ISMS, in a folder named "demo". */
char *tui_demo_isms(void)
{
	char *parent = th_tmpdir(), *err = NULL;
	char *dir = isms_asprintf("%s/demo", parent);

	cr_assert_eq(th_isms(NULL, &err, parent, "demo demo"), 0, "%s", err);
	free(err);
	free(parent);
	return dir;
}

/* As walk, with arguments for the binary ("--read-only"). */
char *tui_walk_args(int *rc, char **err, const char *dir, const char *args, const char *keys)
{
	char *scratch = th_tmpdir(), *script = isms_asprintf("%s/keys", scratch);
	FILE *f = fopen(script, "w");
	const char *k = keys;

	cr_assert_not_null(f);
	while (*k) {
		size_t len = strcspn(k, "\n");

		if (strncmp(k, "<Dump ", 6) == 0)
			fprintf(f, "<Dump %s/%.*s\n", scratch, (int)(len - 6), k + 6);
		else
			fprintf(f, "%.*s\n", (int)len, k);
		k += len;
		if (*k)
			k++;
	}
	fclose(f);
	setenv("ISMS_TUI_SCRIPT", script, 1);
	*rc = th_isms(NULL, err, dir, "%s", args);
	unsetenv("ISMS_TUI_SCRIPT");
	free(script);
	return scratch;
}

char *tui_walk(int *rc, char **err, const char *dir, const char *keys)
{
	return tui_walk_args(rc, err, dir, "", keys);
}

/* The dump `name` in `scratch` is the expected screen tests/screens/NAME. */
void tui_same_screen(const char *scratch, const char *name)
{
	char *screens = isms_asprintf("%s/tests/screens", getenv("ISMS_SRCDIR"));
	char *got = th_read(scratch, name), *want;

	cr_assert_not_null(got, "no dump %s was written", name);
	if (getenv("ISMS_UPDATE_SCREENS") && *getenv("ISMS_UPDATE_SCREENS"))
		th_write(screens, name, got);
	want = th_read(screens, name);
	cr_assert_not_null(want, "no expected screen tests/screens/%s", name);
	cr_assert_str_eq(got, want, "screen %s differs:\n--- got ---\n%s--- expected ---\n%s", name, got,
			 want);
	free(got);
	free(want);
	free(screens);
}

void tui_ran_cleanly(int rc, char *err)
{
	cr_assert_eq(rc, 0, "exit %d: %s", rc, err);
	cr_assert_str_empty(err, "stderr: %s", err);
	free(err);
}

/* `text` as script lines, one character each (spaces as <Space>); the
 * caller frees. */
char *tui_typed(const char *text)
{
	size_t len = strlen(text);
	char *out = isms_calloc(1, len * 8 + 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : 4;

		if (*p == ' ')
			o += sprintf(o, "<Space>\n");
		else {
			memcpy(o, p, n);
			o += n;
			*o++ = '\n';
		}
		p += n;
	}
	return out;
}

/* The pane's text, for waiting on it. */
char *tui_pane(const char *sock)
{
	char *out = NULL;

	th_sh(&out, "/", "tmux -S '%s' capture-pane -p", sock);
	return out;
}

/* Wait up to thirty seconds (sanitizer builds on a busy machine are slow)
 * for the pane to show `text`; returns the pane. */
char *tui_wait_for(const char *sock, const char *text)
{
	char *screen = NULL, *before = NULL;

	/* Until the text shows and the screen has settled (the same twice in
	 * a row): a slow terminal may still be drawing the rest. */
	for (int i = 0; i < 300; i++) {
		free(before);
		before = screen;
		screen = tui_pane(sock);
		if (th_has(screen, text) && before && strcmp(before, screen) == 0) {
			free(before);
			return screen;
		}
		usleep(100 * 1000);
	}
	free(before);
	cr_assert_fail("the terminal never showed '%s':\n%s", text, screen);
	return screen;
}

/* The process the shell in the pane runs (the pane's only child). */
char *tui_pane_child(const char *sock)
{
	char *pid = NULL, *child;

	th_sh(&pid, "/", "tmux -S '%s' display -p '#{pane_pid}'", sock);
	pid[strcspn(pid, "\n")] = '\0';
	child = th_run("/", "pgrep -P %s", pid);
	child[strcspn(child, "\n")] = '\0';
	free(pid);
	return child;
}

/* Wait for process `pid` to end (at most thirty seconds). */
void tui_wait_exit(const char *pid)
{
	for (int i = 0; i < 600 && th_sh(NULL, "/", "kill -0 %s 2>/dev/null", pid) == 0; i++)
		usleep(50 * 1000);
}

char *tui_tmux_sock;

/* However the test ends, the tmux server it started goes. */
void tui_kill_tmux(void)
{
	if (tui_tmux_sock)
		th_sh(NULL, "/", "tmux -S '%s' kill-server 2>/dev/null", tui_tmux_sock);
}

char *tui_tmux_start(char **tmp, const char *dir, const char *term)
{
	char *sock;

	*tmp = th_tmpdir();
	sock = isms_asprintf("%s/tmux.sock", *tmp);
	unsetenv("TMUX");
	tui_tmux_sock = sock;
	atexit(tui_kill_tmux);
	th_run(dir, "tmux -S '%s' -f /dev/null new-session -d -x 80 -y 24 sh", sock);
	th_run(dir, "tmux -S '%s' send-keys \"cd '%s' && TERM=%s LANG=C.UTF-8 LC_ALL=C.UTF-8 '%s'\" Enter",
	       sock, dir, term, getenv("ISMS_BIN"));
	return sock;
}
