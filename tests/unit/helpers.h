/* SPDX-License-Identifier: MIT */
/* Test helpers: temporary folders, repositories with a pinned identity and
 * pinned dates, files, and running the real binary. */
#ifndef ISMS_TEST_HELPERS_H
#define ISMS_TEST_HELPERS_H

#include <stddef.h>

/* Pin everything a test's outcome could depend on: HOME and
 * XDG_CONFIG_HOME (a fresh folder, so no personal git configuration leaks
 * in), GIT_CONFIG_NOSYSTEM, TZ=UTC, the Git author and committer
 * ("Test Author <author@example.org>", "Test Committer
 * <committer@example.org>") and their dates (2026-01-01T00:00:00Z), and
 * ISMS_TODAY=2026-01-01. Call first, before any libgit2 use. */
void th_pin_env(void);

/* A new empty folder under $TMPDIR (or /tmp); the caller frees the string.
 * Removed at process exit. */
char *th_tmpdir(void);

/* Write `content` to dir/rel (creating folders); read dir/rel (NULL if
 * missing; the caller frees). */
void th_write(const char *dir, const char *rel, const char *content);
void th_write_bytes(const char *dir, const char *rel, const void *data, size_t len);
char *th_read(const char *dir, const char *rel);

/* Run a shell command in `cwd`; *out (if not NULL) gets stdout and stderr
 * together (the caller frees). Returns the exit status, or -1. */
int th_sh(char **out, const char *cwd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As th_sh, but the command must succeed (the test fails otherwise);
 * returns its output (the caller frees). */
char *th_run(const char *cwd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run the isms binary under test ($ISMS_BIN) with `args` (shell words) in
 * `cwd`: stdout into *out, stderr into *err (either may be NULL). Returns
 * the exit status. */
int th_isms(char **out, char **err, const char *cwd, const char *args_fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* As th_isms with no output kept, which must succeed, committed (author
 * and committer dates) at noon UTC on `day` (YYYY-MM-DD); the dates stay
 * pinned there afterwards. */
void th_isms_on(const char *dir, const char *day, const char *args);

/* A new ISMS ("isms init --org 'Test Org'") in a new temporary folder;
 * the test fails if it cannot be made. The caller frees the path. */
char *th_fresh_isms(void);

/* The first line of the output of `git ARGS` run in `dir`, which must
 * succeed; the caller frees. */
char *th_git(const char *dir, const char *args);

/* 1 when `haystack` contains `needle`. */
int th_has(const char *haystack, const char *needle);

#endif
