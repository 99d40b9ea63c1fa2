/* SPDX-License-Identifier: MIT */
/* isms check: every finding of isms.yaml, the records and the rules across
 * them, or (--staged) of what a commit would take; as text or --json; the
 * exit status for CI (--errors-only). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/json.h"
#include "isms/store.h"

/* check's own options, taken out of argv before the shared parser sees the
 * rest: --staged, --errors-only and --fail-on=error|warning. Returns 0, or
 * EXIT_TROUBLE after a usage message. */
static int check_options(int *argc, char **argv, bool *staged, bool *errors_only)
{
	int n = 1;

	for (int i = 1; i < *argc; i++) {
		const char *level = NULL;

		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[n++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--staged") == 0 || strcmp(argv[i], "--cached") == 0)
			*staged = true;
		else if (strcmp(argv[i], "--errors-only") == 0)
			*errors_only = true;
		else if (strncmp(argv[i], "--fail-on=", 10) == 0)
			level = argv[i] + 10;
		else if (strcmp(argv[i], "--fail-on") == 0 && i + 1 < *argc)
			level = argv[++i];
		else if (strcmp(argv[i], "--fail-on") == 0)
			return cli_usage("check", "option '--fail-on' needs a value");
		else
			argv[n++] = argv[i];
		if (level && strcmp(level, "error") == 0)
			*errors_only = true;
		else if (level && strcmp(level, "warning") == 0)
			*errors_only = false;
		else if (level)
			return cli_usage("check", "'--fail-on' takes error or warning, not '%s'", level);
	}
	argv[n] = NULL;
	*argc = n;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_report report;
	struct isms_buf json = ISMS_BUF_INIT;
	size_t errors = 0, warnings = 0;
	bool as_json, staged = false, errors_only = false;
	int rc;

	if ((rc = check_options(&argc, argv, &staged, &errors_only)) != 0)
		return rc;
	PARSE_OR_RETURN(&o, argc, argv, "j", 0, 0);
	as_json = o.json;
	cli_options_free(&o);
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (!staged)
		isms_store_check(&report, store);
	else if (isms_store_check_staged(&report, store) < 0) {
		rc = cli_fail();
		isms_store_free(store);
		return rc;
	}
	isms_buf_puts(&json, "{\"findings\":[");
	for (size_t i = 0; i < report.count; i++) {
		const struct isms_findings *f = &report.files[i].findings;

		if (!as_json)
			cli_print_findings(report.files[i].path, f);
		for (size_t k = 0; k < f->count; k++) {
			bool error = f->items[k].severity == ISMS_SEV_ERROR;

			isms_buf_puts(&json, errors + warnings ? ",{" : "{");
			isms_json_field(&json, "path", report.files[i].path, 1);
			if (f->items[k].line)
				isms_buf_printf(&json, ",\"line\":%u,\"column\":%u", f->items[k].line,
						f->items[k].column);
			else
				isms_buf_puts(&json, ",\"line\":null,\"column\":null");
			isms_json_field(&json, "severity", error ? "error" : "warning", 0);
			isms_json_field(&json, "message", f->items[k].message, 0);
			isms_buf_putc(&json, '}');
			errors += error;
			warnings += !error;
		}
	}
	isms_buf_printf(&json, "],\"errors\":%zu,\"warnings\":%zu}\n", errors, warnings);
	if (as_json)
		fputs(json.ptr, stdout);
	isms_buf_free(&json);
	isms_report_free(&report);
	isms_store_free(store);
	if (errors + warnings && !as_json)
		fprintf(stderr, "isms check: %zu error%s, %zu warning%s\n", errors,
			errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	/* --errors-only: warnings are shown, but only errors fail (CI). */
	if (errors || (warnings && !errors_only))
		return EXIT_FINDINGS;
	return EXIT_OK;
}

