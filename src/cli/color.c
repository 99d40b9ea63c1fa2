/* SPDX-License-Identifier: MIT */
/* Colour on the command line: whether (--color, git's color.ui, NO_COLOR,
 * the terminal) decided once, and the SGR sequences for each use, git's
 * own where git has one (diff lines, commit hashes). */
#include "config.h"

#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/alloc.h"
#include "isms/repo.h"
#include "isms/validate.h"
#include "output.h"

enum when { WHEN_UNSET = -2, WHEN_AUTO = -1, WHEN_NEVER = 0, WHEN_ALWAYS = 1 };

static enum when option = WHEN_UNSET;  /* --color */
static int decided = -1;               /* 0 or 1 once decided */

static const char *const sgr[CLI_SLOT_COUNT] = {
	[CLI_RESET] = "\033[m",
	[CLI_DIFF_META] = "\033[1m",
	[CLI_DIFF_HUNK] = "\033[36m",
	[CLI_DIFF_ADD] = "\033[32m",
	[CLI_DIFF_DEL] = "\033[31m",
	[CLI_COMMIT] = "\033[33m",
	[CLI_ERROR] = "\033[1;31m",
	[CLI_WARNING] = "\033[1;33m",
	[CLI_MISSING] = "\033[31m",
	[CLI_DRAFT] = "\033[33m",
	[CLI_OVERDUE] = "\033[1;31m",
	[CLI_APPROVED] = "\033[32m",
};

/* "auto", "always", "never", and for color.ui git's booleans too (true is
 * auto); WHEN_UNSET for anything else. */
static enum when parse_when(const char *s, bool booleans)
{
	static const char *const yes[] = { "true", "yes", "on", "1", "" };
	static const char *const no[] = { "false", "no", "off", "0" };

	if (strcasecmp(s, "auto") == 0)
		return WHEN_AUTO;
	if (strcasecmp(s, "always") == 0)
		return WHEN_ALWAYS;
	if (strcasecmp(s, "never") == 0)
		return WHEN_NEVER;
	for (size_t i = 0; booleans && i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return WHEN_AUTO;
	for (size_t i = 0; booleans && i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return WHEN_NEVER;
	return WHEN_UNSET;
}

/* --color=WHEN; -1 when WHEN is not one of auto, always, never. */
int cli_color_option(const char *when)
{
	option = parse_when(when, false);
	return option == WHEN_UNSET ? -1 : 0;
}

bool cli_color_on(void)
{
	enum when when = option;

	if (decided >= 0)
		return decided;
	if (when == WHEN_UNSET) {
		char *ui = isms_git_config_get("color.ui");

		when = ui ? parse_when(ui, true) : WHEN_AUTO;
		if (when == WHEN_UNSET)
			when = WHEN_AUTO;
		free(ui);
	}
	if (when == WHEN_AUTO) {
		const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");

		decided = cli_stdout_tty() && term && strcmp(term, "dumb") != 0 &&
			  !(no_color && *no_color);
	} else {
		decided = when == WHEN_ALWAYS;
	}
	return decided;
}

const char *cli_color(enum cli_slot slot)
{
	return cli_color_on() ? sgr[slot] : "";
}

const char *cli_color_named(const char *name)
{
	static const char *const names[] = { "black", "red", "green", "yellow", "blue", "magenta",
					     "cyan", "white" };
	static char numbered[16];
	char *end;
	long n;

	if (!name || !cli_color_on())
		return "";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0) {
			snprintf(numbered, sizeof(numbered), "\033[%zum", 30 + i);
			return numbered;
		}
	n = strtol(name, &end, 10);
	if (end == name || *end || n < 0 || n > 255)
		return "";
	snprintf(numbered, sizeof(numbered), "\033[38;5;%ldm", n);
	return numbered;
}

void cli_print_diff(const char *text, size_t len)
{
	bool header = false;  /* in a file's header, where --- and +++ are not lines */

	if (!cli_color_on()) {
		fwrite(text, 1, len, stdout);
		return;
	}
	for (size_t i = 0; i < len;) {
		const char *line = text + i, *eol = memchr(line, '\n', len - i);
		size_t n = eol ? (size_t)(eol - line) : len - i;
		enum cli_slot slot = CLI_RESET;

		if (n >= 5 && strncmp(line, "diff ", 5) == 0)
			header = true;
		else if (n >= 2 && strncmp(line, "@@", 2) == 0)
			header = false;
		if (header)
			slot = CLI_DIFF_META;
		else if (n && line[0] == '@')
			slot = CLI_DIFF_HUNK;
		else if (n && line[0] == '+')
			slot = CLI_DIFF_ADD;
		else if (n && line[0] == '-')
			slot = CLI_DIFF_DEL;
		if (slot != CLI_RESET && n) {
			fputs(sgr[slot], stdout);
			fwrite(line, 1, n, stdout);
			fputs(sgr[CLI_RESET], stdout);
		} else {
			fwrite(line, 1, n, stdout);
		}
		if (eol)
			putchar('\n');
		i += n + (eol != NULL);
	}
}

void cli_print_findings(const char *path, const struct isms_findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		bool error = f->items[i].severity == ISMS_SEV_ERROR;

		if (f->items[i].line)
			printf("%s:%u:%u: ", path, f->items[i].line, f->items[i].column);
		else
			printf("%s: ", path);
		printf("%s%s%s: %s\n", cli_color(error ? CLI_ERROR : CLI_WARNING),
		       error ? "error" : "warning", cli_color(CLI_RESET), f->items[i].message);
	}
}
