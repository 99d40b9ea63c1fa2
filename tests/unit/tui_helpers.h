/* SPDX-License-Identifier: MIT */
/* What the full-screen tests share (tests/unit/tui_helpers.c). */
#ifndef ISMS_TESTS_TUI_HELPERS_H
#define ISMS_TESTS_TUI_HELPERS_H

/* The suite's .init: pinned environment, vt100 at 80x24, a UTF-8 locale. */
void tui_setup(void);
void tui_locale(const char *name);

/* An ISMS just made by `isms init`, in a folder named "acme". */
char *tui_fresh_isms(void);
/* A fresh ISMS holding one policy, POL-001 "Access policy". */
char *tui_policy_isms(void);
/* The demonstration ISMS, in a folder named "demo". */
char *tui_demo_isms(void);

/* Run the walk in `dir` on the keys given, one per line; "<Dump NAME>"
 * becomes a dump into a scratch folder, returned (the caller frees). *err
 * gets stderr when not NULL. Returns the exit status through *rc. */
char *tui_walk(int *rc, char **err, const char *dir, const char *keys);
/* As tui_walk, with arguments for the binary ("--read-only"). */
char *tui_walk_args(int *rc, char **err, const char *dir, const char *args, const char *keys);

/* The dump `name` in `scratch` is the expected screen tests/screens/NAME
 * (ISMS_UPDATE_SCREENS=1 writes it). */
void tui_same_screen(const char *scratch, const char *name);
/* Exit 0 and nothing on stderr; frees err. */
void tui_ran_cleanly(int rc, char *err);
/* `text` as script lines, one character each (spaces as <Space>); the
 * caller frees. */
char *tui_typed(const char *text);

/* tmux: the pane's text; waiting (at most thirty seconds) for `text` to
 * show on a settled screen; the pane's child process; waiting for a
 * process to end; and killing the server at tui_tmux_sock. */
char *tui_pane(const char *sock);
char *tui_wait_for(const char *sock, const char *text);
char *tui_pane_child(const char *sock);
void tui_wait_exit(const char *pid);
extern char *tui_tmux_sock;
void tui_kill_tmux(void);
/* A tmux server (80x24) whose shell starts the binary in `dir` with
 * TERM=`term`; returns its socket (in *tmp, a new folder), killed at exit
 * or by tui_kill_tmux. */
char *tui_tmux_start(char **tmp, const char *dir, const char *term);

#endif
