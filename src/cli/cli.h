/* The command line: shared between main.c, the commands and the demo. */
#ifndef ISMS_CLI_H
#define ISMS_CLI_H

#include <stdbool.h>
#include "isms/store.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;    /* arguments after the name */
	const char *summary;  /* one line for the list */
	const char *help;     /* a paragraph for 'isms help NAME' */
};

const struct command *cli_command(const char *name);

/* Print "isms: MESSAGE" for the last error and return EXIT_TROUBLE. */
int cli_fail(void);
/* Print "isms: " and the formatted message, return EXIT_TROUBLE. */
int cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print what a write did: "[abc1234] message" or that nothing changed. */
void cli_committed(const char *commit, const char *what);

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
int cmd_demo(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* Print the status of an open ISMS (used by 'status' and 'demo'). */
int cli_print_status(struct isms_store *store);

#endif
