/* SPDX-License-Identifier: MIT */
/* The full-screen workbench: what the command line calls. This header does
 * not include curses, so src/cli can use it. */
#ifndef ISMS_UI_H
#define ISMS_UI_H

#include <stdbool.h>
#include "isms/store.h"

/* Run the full-screen walk on an open ISMS until the user quits, the key
 * script (ISMS_TUI_SCRIPT) ends or a signal arrives; the terminal is
 * restored in every case. Read-only: nothing is written. Returns 0 with
 * *status the exit status (0, or 128 + the signal that ended it), or a
 * negative ISMS_E code with a message when it could not start or a key
 * script was wrong (curses has ended by then). */
int isms_ui_run(int *status, struct isms_store *store);

struct isms_ui_opts {
	bool read_only;     /* view only: nothing can be changed */
	const char *theme;  /* --theme NAME|PATH; NULL: the config file's, else the default */
};

#define ISMS_UI_OPTS_INIT { .read_only = false, .theme = NULL }

/* As isms_ui_run, with options. A theme or configuration file that cannot
 * be used is an error (file:line:column) before the screen starts. */
int isms_ui_run_opts(int *status, struct isms_store *store, const struct isms_ui_opts *opts);

#endif
