/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/fs.h"

static char **made;
static size_t made_count;

static void cleanup_dirs(void)
{
	for (size_t i = 0; i < made_count; i++) {
		char *cmd = isms_asprintf("rm -rf '%s'", made[i]);

		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", made[i]);
		free(cmd);
		free(made[i]);
	}
	free(made);
	made = NULL;
	made_count = 0;
}

char *th_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path = isms_asprintf("%s/isms-test-XXXXXX", base && *base ? base : "/tmp");

	if (!mkdtemp(path)) {
		fprintf(stderr, "mkdtemp %s: %s\n", path, strerror(errno));
		abort();
	}
	if (made_count == 0)
		atexit(cleanup_dirs);
	made = isms_realloc(made, (made_count + 1) * sizeof(*made));
	made[made_count++] = isms_strdup(path);
	return path;
}

void th_pin_env(void)
{
	char *home = th_tmpdir(), *xdg = isms_path_join(home, ".config");

	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("TZ", "UTC", 1);
	setenv("GIT_AUTHOR_NAME", "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.org", 1);
	setenv("GIT_AUTHOR_DATE", "@1767225600 +0000", 1);
	setenv("GIT_COMMITTER_NAME", "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.org", 1);
	setenv("GIT_COMMITTER_DATE", "@1767225600 +0000", 1);
	setenv("ISMS_TODAY", "2026-01-01", 1);
	unsetenv("EMAIL");
	unsetenv("VISUAL");
	unsetenv("EDITOR");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	/* Output as for a script: no pager or colour from the person's own
	 * settings (tests that want them set them). */
	setenv("PAGER", "cat", 1);
	unsetenv("GIT_PAGER");
	unsetenv("LESS");
	unsetenv("NO_COLOR");
	unsetenv("COLUMNS");
	/* libgit2 works out where the global configuration lives once, from the
	 * HOME it first sees: make it look again now that HOME is pinned, and
	 * leave the system configuration out. */
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, NULL);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, NULL);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA, "");
	free(home);
	free(xdg);
}

void th_write_bytes(const char *dir, const char *rel, const void *data, size_t len)
{
	char *path = isms_path_join(dir, rel), *slash = strrchr(path, '/');
	FILE *f;

	*slash = '\0';
	isms_fs_mkdirs(path, 0777);
	*slash = '/';
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		abort();
	}
	free(path);
}

void th_write(const char *dir, const char *rel, const char *content)
{
	th_write_bytes(dir, rel, content, strlen(content));
}

char *th_read(const char *dir, const char *rel)
{
	char *path = isms_path_join(dir, rel);
	struct isms_buf buf = ISMS_BUF_INIT;
	int error = isms_fs_read(&buf, path, 64 << 20);

	free(path);
	if (error < 0) {
		isms_buf_free(&buf);
		return NULL;
	}
	return isms_buf_detach(&buf);
}

static char *slurp(FILE *f)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	char chunk[4096];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		isms_buf_put(&buf, chunk, n);
	return isms_buf_detach(&buf);
}

static int exit_status(int status)
{
	return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int th_sh(char **out, const char *cwd, const char *fmt, ...)
{
	va_list ap;
	char *cmd, *full;
	FILE *p;
	int status;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	full = isms_asprintf("cd '%s' && { %s ; } 2>&1", cwd, cmd);
	free(cmd);
	fflush(NULL);
	if (!(p = popen(full, "r")))
		abort();
	cmd = slurp(p);
	status = pclose(p);
	free(full);
	if (out)
		*out = cmd;
	else
		free(cmd);
	return exit_status(status);
}

char *th_run(const char *cwd, const char *fmt, ...)
{
	va_list ap;
	char *cmd, *out;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	rc = th_sh(&out, cwd, "%s", cmd);
	cr_assert_eq(rc, 0, "%s failed (%d): %s", cmd, rc, out);
	free(cmd);
	return out;
}

void th_isms_on(const char *dir, const char *day, const char *args)
{
	char *when = isms_asprintf("%sT12:00:00Z", day), *err = NULL;

	setenv("GIT_AUTHOR_DATE", when, 1);
	setenv("GIT_COMMITTER_DATE", when, 1);
	cr_assert_eq(th_isms(NULL, &err, dir, "%s", args), 0, "isms %s: %s", args, err);
	free(err);
	free(when);
}

char *th_fresh_isms(void)
{
	char *dir = th_tmpdir(), *err = NULL;

	cr_assert_eq(th_isms(NULL, &err, dir, "init --org 'Test Org'"), 0, "%s", err);
	free(err);
	return dir;
}

char *th_git(const char *dir, const char *args)
{
	char *out = th_run(dir, "git %s", args);

	out[strcspn(out, "\n")] = '\0';
	return out;
}

int th_isms(char **out, char **err, const char *cwd, const char *fmt, ...)
{
	const char *bin = getenv("ISMS_BIN");
	char *args, *errfile, *full, *text;
	va_list ap;
	FILE *p;
	int status;

	va_start(ap, fmt);
	if (vasprintf(&args, fmt, ap) < 0)
		abort();
	va_end(ap);
	errfile = isms_asprintf("%s/.isms-test-stderr", getenv("HOME"));
	full = isms_asprintf("cd '%s' && '%s' %s 2>'%s' </dev/null", cwd,
			     bin && *bin ? bin : "./isms", args, errfile);
	fflush(NULL);
	if (!(p = popen(full, "r")))
		abort();
	text = slurp(p);
	status = pclose(p);
	if (out)
		*out = text;
	else
		free(text);
	if (err) {
		FILE *e = fopen(errfile, "r");

		*err = e ? slurp(e) : isms_strdup("");
		if (e)
			fclose(e);
	}
	unlink(errfile);
	free(errfile);
	free(full);
	free(args);
	return exit_status(status);
}

int th_has(const char *haystack, const char *needle)
{
	return haystack && strstr(haystack, needle) != NULL;
}
