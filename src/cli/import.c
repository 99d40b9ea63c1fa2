/* SPDX-License-Identifier: MIT */
/* isms import TARGET FILE [--map COLUMN=FIELD]... [--dry-run]: records from
 * a spreadsheet, all in one commit or none (src/interchange/import.c). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/import.h"

static const char *const action_words[] = { "create", "change", "same" };

/* What the plan would do, on stdout; its problems, on stderr. */
static void print_plan(const struct isms_import_plan *plan, bool dry_run)
{
	struct isms_buf problems = ISMS_BUF_INIT;
	size_t counts[3] = { 0, 0, 0 };
	char *line;

	if (plan->sheet.format == ISMS_SHEET_CSV)
		line = isms_asprintf("%s: CSV, %s, separated by '%s', %zu rows after the header",
				     plan->name, plan->sheet.encoding,
				     plan->sheet.separator == '\t' ? "tab" :
				     plan->sheet.separator == ';' ? ";" : ",",
				     plan->sheet.count ? plan->sheet.count - 1 : 0);
	else
		line = isms_asprintf("%s: XLSX, first worksheet, %zu rows after the header",
				     plan->name, plan->sheet.count ? plan->sheet.count - 1 : 0);
	cli_print_text(line, 0);
	putchar('\n');
	free(line);
	for (size_t i = 0; i < plan->column_count; i++) {
		fputs("  column ", stdout);
		cli_print_text(plan->columns[i], 0);
		putchar('\n');
	}
	for (size_t i = 0; i < plan->count; i++) {
		const struct isms_import_item *it = &plan->items[i];
		const char *title;

		counts[it->action]++;
		if (it->action == ISMS_IMPORT_SAME || !it->record)
			continue;
		title = isms_map_get_text(it->record->root, "title");
		line = it->action == ISMS_IMPORT_CREATE
			? isms_asprintf("%s %s %s", action_words[it->action], it->record->id,
					title ? title : "")
			: isms_asprintf("%s %s: %s", action_words[it->action], it->record->id,
					it->changed ? it->changed : "");
		fputs("  ", stdout);
		cli_print_text(line, 0);
		putchar('\n');
		free(line);
	}
	printf("%zu to create, %zu to change, %zu unchanged%s\n", counts[0], counts[1], counts[2],
	       dry_run ? " (dry run: nothing was written)" : "");
	isms_findings_format(&problems, plan->name, &plan->findings);
	if (problems.len) {
		char *esc = isms_text_escaped(problems.ptr, ISMS_ESCAPE_KEEP_LF);

		fputs(esc, stderr);
		free(esc);
	}
	isms_buf_free(&problems);
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ .name = "map", .has_arg = required_argument, .val = 'M' },
		{ .name = "dry-run", .has_arg = no_argument, .val = 'n' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ .name = NULL },
	};
	struct isms_import_opts io = ISMS_IMPORT_OPTS_INIT;
	struct isms_import_plan plan;
	struct isms_store *store = NULL;
	struct isms_buf data = ISMS_BUF_INIT;
	const char **maps = NULL;
	char commit[ISMS_OID_HEX];
	bool dry_run = false;
	int c, rc = EXIT_OK, error;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'M') {
			maps = isms_realloc(maps, (io.map_count + 1) * sizeof(*maps));
			maps[io.map_count++] = optarg;
		} else if (c == 'n') {
			dry_run = true;
		} else if (c == 'h') {
			free(maps);
			char *help_argv[] = { "help", "import", NULL };
			return cmd_help(2, help_argv);
		} else {
			free(maps);
			return cli_usage("import", c == ':' ? "'%s' needs a value" : "unknown option '%s'",
					 argv[optind - 1]);
		}
	}
	io.maps = maps;
	if (argc - optind != 2) {
		free(maps);
		return cli_usage("import", "give what to import (soa, risks, assets, records) and a "
				 "FILE.csv or FILE.xlsx");
	}
	io.target = argv[optind];
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if ((error = isms_fs_read(&data, argv[optind + 1], ISMS_SHEET_MAX_BYTES)) < 0) {
		if (error == ISMS_ELIMIT)
			isms_error_set(ISMS_ELIMIT, "%s:1:1: the file is over the limit of %u MiB; "
				       "split it; nothing was written", argv[optind + 1],
				       ISMS_SHEET_MAX_BYTES >> 20);
		rc = cli_fail();
		goto cleanup;
	}
	if (isms_import_plan(&plan, store, argv[optind + 1], data.ptr ? data.ptr : "", data.len,
			     &io) < 0) {
		rc = cli_fail();
		fputs("isms: nothing was written\n", stderr);
		goto cleanup;
	}
	print_plan(&plan, dry_run);
	if (isms_findings_errors(&plan.findings)) {
		fprintf(stderr, "isms: %zu error%s; nothing was written\n",
			isms_findings_errors(&plan.findings),
			isms_findings_errors(&plan.findings) == 1 ? "" : "s");
		rc = dry_run ? EXIT_FINDINGS : EXIT_TROUBLE;
	} else if (!dry_run) {
		if (isms_import_apply(commit, store, &plan) < 0) {
			rc = cli_fail();
		} else {
			char *what = commit[0] ? NULL : isms_strdup("the records are as the file has them");

			if (commit[0])
				isms_repo_summary(&what, isms_store_repo(store), commit);
			cli_committed(commit, what ? what : "");
			free(what);
		}
	}
	isms_import_plan_free(&plan);
cleanup:
	isms_buf_free(&data);
	isms_store_free(store);
	free(maps);
	return rc;
}
