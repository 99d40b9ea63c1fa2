/* SPDX-License-Identifier: MIT */
/* The command line: shared between main.c, the commands and the demo. */
#ifndef ISMS_CLI_H
#define ISMS_CLI_H

#include <stdbool.h>
#include "isms/store.h"
#include "isms/text.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;    /* arguments after the name */
	const char *summary;  /* one line for the list */
	const char *help;     /* a paragraph for 'isms help NAME' */
};

/* The command called `name`, or NULL (also for NULL). */
const struct command *cli_command(const char *name);
/* The command name nearest to a mistyped `name`, or NULL when none is close. */
const char *cli_command_nearest(const char *name);

/* Options shared by the commands; each command says which it takes by
 * their letters: m -m/--message, s --set, r --rev, o --org,
 * d --drop-comments, t --no-tui, j --json, w --with-soa, a --approved,
 * S --since, D --decision, T --title, O --owner, C --classification,
 * U --ours, E --theirs, N --renumber, n -n/--max-count, p -p/--patch,
 * u --until, A --author, l --oneline. */
struct cli_options {
	const char *message;
	const char *rev;
	const char *org;
	const char *since, *decision;         /* diff --since, review --decision */
	const char *title, *owner, *classification;  /* doc add */
	bool drop_comments, no_tui, json, with_soa, approved;
	const char **sets;
	size_t set_count;
	const char **ours, **theirs;  /* sync --ours ID, --theirs ID (repeatable) */
	size_t our_count, their_count;
	const char **renumber;        /* sync --renumber ID (repeatable) */
	size_t renumber_count;
	const char *until, *author;   /* log --until DATE, --author PATTERN */
	long max_count;               /* log -n N; -1 when not given */
	bool patch, oneline;          /* log -p, --oneline */
	char **args;  /* positional arguments, after the command name */
	int arg_count;
};

/* Parse argv (argv[0] is the command name), allowing the options whose
 * letters are in `allowed` and from `min` to `max` arguments. Returns 0 to
 * go on, -1 when help was printed, or EXIT_TROUBLE after a usage message. */
int cli_args(struct cli_options *o, int argc, char **argv, const char *allowed, int min, int max);
/* Free what `o` holds (cli_args does when it fails); NULL is fine. */
void cli_options_free(struct cli_options *o);

#define PARSE_OR_RETURN(o, argc, argv, allowed, min, max)                       \
	do {                                                                    \
		int r_ = cli_args(o, argc, argv, allowed, min, max);            \
		if (r_ != 0)                                                    \
			return r_ < 0 ? EXIT_OK : r_;                           \
	} while (0)

/* "no kind NAME" with the nearest kind, or the list of kinds, as a usage
 * error of `command`; returns EXIT_TROUBLE. */
int cli_no_kind(const char *command, const char *name);

/* How to run this program again in a command we suggest: "isms" when that
 * name on PATH is this program, else its absolute path (/proc/self/exe),
 * so that "./isms demo" suggests what works (src/cli/self.c). */
const char *cli_self(void);
/* `text` with each suggestion "'isms ..." naming cli_self() instead; the
 * caller frees. */
char *cli_self_suggest(const char *text);
/* `word` quoted for the shell when it needs it; the caller frees. */
char *cli_shell_quoted(const char *word);

/* Print "isms: MESSAGE" for the last error and return EXIT_TROUBLE. */
int cli_fail(void);
/* Print "isms: " and the formatted message, return EXIT_TROUBLE. */
int cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print `s` to stdout with its control characters escaped (see
 * isms_text_escape for `flags`), so that text from a record, a commit or a
 * file name cannot drive the terminal. */
void cli_print_text(const char *s, unsigned flags);
/* The same for the first `max` bytes of `s` at most, as printf's "%.*s". */
void cli_print_text_max(const char *s, size_t max);
/* Print what a write did: "[abc1234] message" or that nothing changed. */
void cli_committed(const char *commit, const char *what);
/* The same for the commit a write to a record made: its summary, or "ID is
 * as it was" when `commit` is "" (nothing changed). */
void cli_print_commit(struct isms_store *store, const char *commit, const char *id);

int cmd_init(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_edit(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_retire(int argc, char **argv);
int cmd_approve(int argc, char **argv);
/* acts.c */
int cli_act_approve(int argc, char **argv);
int cmd_accept(int argc, char **argv);
int cmd_approve_plan(int argc, char **argv);
int cmd_close(int argc, char **argv);
int cmd_acknowledge(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_people(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_dispose(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_commit(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_help(int argc, char **argv);
/* 'isms help kind [KIND] [--json|--roff]' (argv[0] is "kind"): the kinds
 * and their fields from the kind table (src/cli/kinds.c). */
int cli_help_kind(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_guide(int argc, char **argv);
int cmd_soa(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* Remove `flag` from argv (argv[0] is the command) and say whether it was
 * there; *argc is updated (src/cli/export.c). */
bool cli_take_flag(int *argc, char **argv, const char *flag);
/* Fill a new management review's 9.3.2 inputs from the records as
 * committed (isms new management-review --prefill), and a title when it
 * has none; 0 or EXIT_TROUBLE after a message. */
int cli_review_prefill(struct isms_store *store, struct isms_record *rec);
int cmd_sync(int argc, char **argv);
/* isms sync --json: `r` as JSON on standard output; `error` is the
 * message of a sync that failed, or NULL (sync_json.c). */
struct isms_sync_result;
void cli_sync_json(const struct isms_sync_result *r, const char *error);
/* 'isms config get KEY | set KEY VALUE' (src/cli/config.c). */
int cmd_config(int argc, char **argv);
/* 'isms import TARGET FILE' (src/cli/import.c). */
int cmd_import(int argc, char **argv);
/* The full-screen walk (src/ui); also what 'isms' alone runs. */
int cmd_tui(int argc, char **argv);

/* Print the status of an open ISMS (used by 'status' and 'demo'); as JSON
 * when `json`. Returns EXIT_FINDINGS when check has findings. */
int cli_print_status(struct isms_store *store, bool json);

/* isms --no-verify: commits skip git's pre-commit and commit-msg hooks. */
extern bool cli_no_verify;

/* Open the ISMS found from the current folder; an exit code (0 when open). */
int cli_open_store(struct isms_store **store);

/* Add the missing SoA entries and say what was done; an exit code. */
int cli_soa_init(struct isms_store *store);

#endif
