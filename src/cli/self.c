/* SPDX-License-Identifier: MIT */
/* How the user runs this program again, for the commands we suggest: "isms"
 * when that name on PATH is this very program, else its absolute path. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/alloc.h"
#include "isms/buf.h"

/* Whether `dir`/isms is the program at `self` (both resolved). */
static bool is_self(const char *dir, size_t len, const char *self)
{
	char *candidate = isms_asprintf("%.*s/isms", (int)len, len ? dir : ".");
	char *real = access(candidate, X_OK) == 0 ? realpath(candidate, NULL) : NULL;
	bool same = real && strcmp(real, self) == 0;

	free(real);
	free(candidate);
	return same;
}

const char *cli_self(void)
{
	static char *name;
	char *self;
	const char *path = getenv("PATH");

	if (name)
		return name;
	/* Without /proc (or when it cannot say), the plain name is our best. */
	if (!(self = realpath("/proc/self/exe", NULL)))
		return name = isms_strdup("isms");
	while (path && *path) {
		size_t len = strcspn(path, ":");

		if (is_self(path, len, self)) {
			free(self);
			return name = isms_strdup("isms");
		}
		path += len + (path[len] == ':');
	}
	return name = self;
}

char *cli_self_suggest(const char *text)
{
	struct isms_buf out = ISMS_BUF_INIT;
	const char *self = cli_self(), *hit;

	if (strcmp(self, "isms") == 0)
		return isms_strdup(text);
	while ((hit = strstr(text, "'isms "))) {
		isms_buf_put(&out, text, (size_t)(hit - text) + 1);
		isms_buf_puts(&out, self);
		text = hit + 5;
	}
	isms_buf_puts(&out, text);
	return isms_buf_detach(&out);
}

char *cli_shell_quoted(const char *word)
{
	struct isms_buf out = ISMS_BUF_INIT;

	if (*word && strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789/._+-=:,@%") == strlen(word))
		return isms_strdup(word);
	isms_buf_putc(&out, '\'');
	for (; *word; word++)
		if (*word == '\'')
			isms_buf_puts(&out, "'\\''");
		else
			isms_buf_putc(&out, *word);
	isms_buf_putc(&out, '\'');
	return isms_buf_detach(&out);
}
