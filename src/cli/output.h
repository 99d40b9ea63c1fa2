/* SPDX-License-Identifier: MIT */
/* How the command line writes for a person: the pager, colour and columns
 * by display width, decided once as git decides them. */
#ifndef ISMS_CLI_OUTPUT_H
#define ISMS_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Take the output options out of argv, wherever they are before "--":
 * --color[=auto|always|never] and --no-pager; and -P, only before the
 * command, as git has it. Sets LC_CTYPE from the environment, for display
 * widths. *argc is updated; 0, or EXIT_TROUBLE after a message. */
int cli_output_args(int *argc, char **argv);

/* Whether `command` prints data that goes through the pager. */
bool cli_output_pages(const char *command);

/* Pager (pager.c) */

/* Start the pager when standard output is a terminal, as git does: the
 * first of GIT_PAGER, core.pager, PAGER, "less" (with LESS=FRX and LV=-c
 * when unset); none for "cat" or "", or after --no-pager. Standard output
 * (and standard error, when it is a terminal) go to it; it is waited for
 * at exit. */
void cli_pager_start(void);

/* Whether standard output was a terminal before the pager took it. */
bool cli_stdout_tty(void);

/* The width of that terminal; 0 when it was not one. */
int cli_tty_columns(void);

/* --no-pager: never start it. */
void cli_pager_disable(void);

/* Colour (color.c) */

enum cli_slot {
	CLI_RESET,
	CLI_DIFF_META,    /* diff --git, ---, +++ */
	CLI_DIFF_HUNK,    /* @@ -1 +1 @@ */
	CLI_DIFF_ADD,
	CLI_DIFF_DEL,
	CLI_COMMIT,       /* a commit's short hash */
	CLI_ERROR,
	CLI_WARNING,
	CLI_MISSING,      /* status marks: [ ] */
	CLI_DRAFT,        /* [~] */
	CLI_OVERDUE,      /* [!] */
	CLI_APPROVED,     /* [x] */
	CLI_SLOT_COUNT
};

/* Whether to colour standard output: --color, else git's color.ui
 * (auto, always, never, true = auto, false = never), else auto; auto
 * colours only a terminal (the pager's too) whose TERM is set and not
 * "dumb", and not when NO_COLOR is set to anything but "". */
bool cli_color_on(void);

/* --color=WHEN: auto, always or never; -1 for anything else. */
int cli_color_option(const char *when);

/* The SGR sequence for `slot`, or "" when colour is off. */
const char *cli_color(enum cli_slot slot);

/* The SGR sequence for a risk level's colour name in isms.yaml (black,
 * red, green, yellow, blue, magenta, cyan, white, or 0-255), or "" when
 * colour is off or the name is not one of those. */
const char *cli_color_named(const char *name);

/* Write a unified diff, its lines coloured as git colours them. */
void cli_print_diff(const char *text, size_t len);

/* Write findings as isms_findings_format does ("path:1:2: error: ..."),
 * the severity coloured. */
struct isms_findings;
void cli_print_findings(const char *path, const struct isms_findings *f);

/* Columns (output.c) */

/* The terminal's width for columns: COLUMNS when set, else the width of the
 * terminal standard output was, else 0 (no limit). */
int cli_columns(void);

/* The display width of `s` (escaped as cli_print_text escapes it). */
int cli_text_width(const char *s);

/* Print `s` escaped (isms_text_escape with no flags: control characters and
 * bytes that are not UTF-8 as \xNN) in at most `width` columns, never
 * cutting a character: longer text ends in "..." within them. With `pad`,
 * spaces fill it to `width`. width <= 0: all of it, no padding. Returns the
 * columns printed. */
int cli_print_cell(const char *s, int width, bool pad);

#endif
