/* SPDX-License-Identifier: MIT */
/* The output options on the command line, and text in columns measured by
 * display width (wcwidth), so that a column never ends inside a character
 * and wide characters count for two. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "isms/buf.h"
#include "isms/text.h"
#include "output.h"

/* Does argv[i] take the next argument as its value (before the command:
 * -C DIR, --theme NAME; after it: -m MSG and the like)? */
static bool takes_value(const char *arg, bool before_command)
{
	static const char *const after[] = { "-m", "--message", "--set", "--rev", "--org", "--since",
		"--until", "--author", "--max-count", "-n", "--decision", "--title", "--owner",
		"--classification", "--ours", "--theirs", "--renumber", NULL };

	if (before_command)
		return strcmp(arg, "-C") == 0 || strcmp(arg, "--theme") == 0;
	for (size_t i = 0; after[i]; i++)
		if (strcmp(arg, after[i]) == 0)
			return true;
	return false;
}

int cli_output_args(int *argc, char **argv)
{
	bool before = true;
	int out = 1;

	setlocale(LC_CTYPE, "");
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--no-pager") == 0 || (before && strcmp(a, "-P") == 0)) {
			cli_pager_disable();
			continue;
		}
		if (strcmp(a, "--color") == 0 || strncmp(a, "--color=", 8) == 0) {
			if (cli_color_option(a[7] ? a + 8 : "always") < 0) {
				fprintf(stderr, "isms: option '--color' takes auto, always or never, not '%s'\n",
					a + 8);
				return EXIT_TROUBLE;
			}
			continue;
		}
		argv[out++] = argv[i];
		if (takes_value(a, before) && i + 1 < *argc)
			argv[out++] = argv[++i];
		else if (a[0] != '-')
			before = false;
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

bool cli_output_pages(const char *command)
{
	static const char *const paged[] = { "catalog", "list", "log", "show", "diff", "status",
					     "check", "guide", NULL };

	for (size_t i = 0; paged[i]; i++)
		if (strcmp(command, paged[i]) == 0)
			return true;
	return false;
}

int cli_columns(void)
{
	const char *env = getenv("COLUMNS");

	if (env && atoi(env) > 0)
		return atoi(env);
	return cli_tty_columns();
}

/* The display width of the character at `s` (`len` bytes left) and its
 * length in bytes. Text is escaped before it is measured, so what is not a
 * printable character here is a byte of a locale that cannot read UTF-8:
 * one column a character then. */
static size_t char_width(const char *s, size_t len, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	unsigned long cp;

	if (isms_ascii_printable(*s)) {
		*width = 1;  /* the usual case */
		return 1;
	}
	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, len, &st);
	if (n != (size_t)-1 && n != (size_t)-2 && n != 0) {
		int w = wcwidth(wc);

		*width = w < 0 ? 1 : w;
		return n;
	}
	n = isms_utf8_decode(s, len, &cp);
	*width = 1;
	return n ? n : 1;
}

int cli_text_width(const char *s)
{
	char *safe = isms_text_escaped(s, 0);
	size_t len = strlen(safe);
	int total = 0;

	for (size_t i = 0; i < len;) {
		int w;

		i += char_width(safe + i, len - i, &w);
		total += w;
	}
	free(safe);
	return total;
}

int cli_print_cell(const char *s, int width, bool pad)
{
	char *safe = isms_text_escaped(s, 0);
	size_t len = strlen(safe), cut = 0;
	int total = 0, fit = 0;
	bool whole = true;

	if (width <= 0) {
		fputs(safe, stdout);
		total = cli_text_width(s);
		free(safe);
		return total;
	}
	/* Where the text stops: all of it when it fits, else as many whole
	 * characters as leave room for "..." */
	for (size_t i = 0; i < len;) {
		int w;
		size_t n = char_width(safe + i, len - i, &w);

		if (total + w > width) {
			whole = false;
			break;
		}
		total += w;
		i += n;
		if (total + 3 <= width) {
			cut = i;
			fit = total;
		}
	}
	if (whole) {
		fputs(safe, stdout);
	} else {
		fwrite(safe, 1, cut, stdout);
		total = fit + (width - fit >= 3 ? 3 : width - fit);
		fwrite("...", 1, (size_t)(total - fit), stdout);
	}
	for (; pad && total < width; total++)
		putchar(' ');
	free(safe);
	return total;
}
