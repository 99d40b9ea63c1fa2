/* SPDX-License-Identifier: MIT */
/* isms export and isms report: the report layer's documents written to a
 * file or to standard output. The report layer fills a buffer; this file
 * decides where it goes and tells the user. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/oscal.h"
#include "isms/report.h"
#include "isms/text.h"
#include "isms/xlsx.h"

struct export_opts {
	const char *what, *format, *output, *rev;
	struct isms_soa_filter filter;
};

/* The value of option `name` at argv[*i] ("--name V" or "--name=V"); NULL
 * when argv[*i] is not that option. *missing when the value is missing. */
static const char *opt_value(char **argv, int argc, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static int parse(struct export_opts *o, int argc, char **argv, bool soa_filters)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		bool missing = false;
		const char *v;

		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			char *args[] = { "help", argv[0], NULL };

			cmd_help(2, args);
			return -1;
		}
		if ((v = opt_value(argv, argc, &i, "--format", &missing)))
			o->format = v;
		else if ((v = opt_value(argv, argc, &i, "-o", &missing)) ||
			 (v = opt_value(argv, argc, &i, "--output", &missing)))
			o->output = v;
		else if ((v = opt_value(argv, argc, &i, "--rev", &missing)))
			o->rev = v;
		else if (soa_filters && (v = opt_value(argv, argc, &i, "--decision", &missing)))
			o->filter.decision = v;
		else if (soa_filters && (v = opt_value(argv, argc, &i, "--theme", &missing)))
			o->filter.theme = v;
		else if (soa_filters && (v = opt_value(argv, argc, &i, "--attribute", &missing)))
			o->filter.attribute = v;
		else if (missing)
			return cli_usage(argv[0], "%s needs a value", argv[i]);
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage(argv[0], "unknown option %s", argv[i]);
		else if (!o->what)
			o->what = argv[i];
		else
			return cli_usage(argv[0], "one report at a time: '%s' is one too many", argv[i]);
	}
	return 0;
}

/* Write `data` to `path` (atomically) or, without one, to standard output. */
static int write_out(const char *path, const struct isms_buf *data)
{
	if (!path || strcmp(path, "-") == 0) {
		if (data->len && fwrite(data->ptr, 1, data->len, stdout) != data->len)
			return cli_usage("export", "cannot write to standard output");
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_TROUBLE;
	}
	if (isms_fs_write_atomic(path, data->ptr ? data->ptr : "", data->len, 0644,
				 ISMS_FS_REPLACE) < 0)
		return cli_fail();
	return EXIT_OK;
}

/* The report `what` built from `snap`. */
static int build(struct isms_report_doc **out, const char *what, const struct isms_snapshot *snap,
		 const struct isms_soa_filter *filter)
{
	if (strcmp(what, "soa") == 0)
		return isms_report_soa(out, snap, filter);
	if (strcmp(what, "risks") == 0)
		return isms_report_risks(out, snap);
	if (strcmp(what, "treatment-plan") == 0)
		return isms_report_treatment_plan(out, snap);
	return isms_error_set(ISMS_EUSAGE, "no report '%s': soa, risks or treatment-plan", what);
}

int cmd_export(int argc, char **argv)
{
	struct export_opts o;
	struct isms_store *store = NULL;
	struct isms_snapshot snap;
	struct isms_report_doc *report = NULL;
	struct isms_buf out = ISMS_BUF_INIT;
	enum isms_report_format format = ISMS_FORMAT_MD;
	bool xlsx, oscal;
	int rc;

	if ((rc = parse(&o, argc, argv, true)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.what)
		return cli_usage("export", "what to export: soa, risks or treatment-plan");
	/* XLSX and OSCAL (src/interchange) read the same report model. */
	xlsx = (o.format && strcmp(o.format, "xlsx") == 0) ||
	       (!o.format && o.output && isms_str_ends_with(o.output, ".xlsx"));
	oscal = o.format && strcmp(o.format, "oscal") == 0;
	if (oscal && strcmp(o.what, "soa") != 0)
		return cli_usage("export", "--format oscal is for the SoA: isms export soa --format oscal");
	if (xlsx && (!o.output || strcmp(o.output, "-") == 0) && isatty(STDOUT_FILENO))
		return cli_usage("export", "an XLSX workbook is not for a terminal: give -o FILE.xlsx");
	if (!xlsx && !oscal && o.format && isms_report_format_parse(&format, o.format) < 0)
		return cli_usage("export", "%s; or xlsx, or oscal (soa)", isms_error_last()->message);
	if (!o.format && o.output && !xlsx) {
		const char *dot = strrchr(o.output, '.');

		if (dot && isms_report_format_parse(&format, dot + 1) < 0)
			format = ISMS_FORMAT_MD;
	}
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (isms_store_snapshot(&snap, store, o.rev) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	if (build(&report, o.what, &snap, &o.filter) < 0) {
		rc = isms_error_last()->code == ISMS_EUSAGE ?
		     cli_usage("export", "%s", isms_error_last()->message) : cli_fail();
		goto snap;
	}
	if ((xlsx ? isms_xlsx_report(&out, report) : oscal ? isms_oscal_soa(&out, report)
	     : isms_report_render(&out, report, format)) < 0) {
		rc = cli_fail();
		goto snap;
	}
	rc = write_out(o.output, &out);
	if (rc == EXIT_OK && o.output && strcmp(o.output, "-") != 0)
		fprintf(stderr, "%s: %s written (commit %.12s)\n", o.output, report->meta.title,
			snap.commit);
snap:
	isms_report_doc_free(report);
	isms_buf_free(&out);
	isms_snapshot_free(&snap);
cleanup:
	isms_store_free(store);
	return rc;
}
