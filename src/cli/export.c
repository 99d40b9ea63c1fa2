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
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/oscal.h"
#include "isms/process.h"
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

/* A path inside .git is refused before anything is built: only git writes
 * there. True (with the message set) when refused. */
static bool refuse_inside_git(struct isms_store *store, const char *path)
{
	if (!path || strcmp(path, "-") == 0 || !isms_report_inside_git(store, path))
		return false;
	isms_error_set(ISMS_EUSAGE, "%s is inside .git, which only git writes: choose a path "
		       "outside it", path);
	return true;
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

/* The browser that prints HTML to PDF: $ISMS_BROWSER, else the first of
 * chromium, chromium-browser, google-chrome on PATH; NULL when none. */
static const char *pdf_browser(void)
{
	static const char *const names[] = { "chromium", "chromium-browser", "google-chrome", NULL };
	const char *env = getenv("ISMS_BROWSER"), *path = getenv("PATH");

	if (env && *env)
		return env;
	for (size_t i = 0; names[i]; i++) {
		const char *p = path ? path : "/usr/bin:/bin";

		while (*p) {
			size_t n = strcspn(p, ":");
			char *dir = strndup(p, n), *full = isms_path_join(*dir ? dir : ".", names[i]);
			bool found = access(full, X_OK) == 0;

			free(dir);
			free(full);
			if (found)
				return names[i];
			p += n + (p[n] == ':');
		}
	}
	return NULL;
}

/* Print `html` to the PDF file `pdf` through a headless browser. */
static int print_pdf(const struct isms_buf *html, const char *pdf)
{
	const char *browser = pdf_browser();
	const char *tmp = getenv("TMPDIR");
	char *dir = isms_asprintf("%s/isms-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *page, *url, *out_arg, *abs = NULL;
	struct isms_buf err = ISMS_BUF_INIT;
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;
	int rc = EXIT_TROUBLE, status;

	if (!browser) {
		free(dir);
		return cli_usage("export", "--format pdf prints the HTML through a headless browser, "
				 "and none is installed (chromium; Debian: apt-get install chromium). "
				 "Use --format html and print that page instead");
	}
	if (!mkdtemp(dir)) {
		free(dir);
		return cli_usage("export", "cannot make a temporary folder for the PDF");
	}
	page = isms_path_join(dir, "report.html");
	url = isms_asprintf("file://%s", page);
	abs = pdf[0] == '/' ? strdup(pdf) : NULL;
	if (!abs) {
		char *cwd = getcwd(NULL, 0);

		abs = isms_path_join(cwd ? cwd : ".", pdf);
		free(cwd);
	}
	out_arg = isms_asprintf("--print-to-pdf=%s", abs);
	opts.capture = true;
	opts.err = &err;
	opts.out = &err;
	if (isms_fs_write_atomic(page, html->ptr, html->len, 0600, ISMS_FS_REPLACE) < 0) {
		rc = cli_fail();
	} else {
		const char *argv[] = { browser, "--headless", "--no-sandbox", "--disable-gpu",
			"--no-pdf-header-footer", out_arg, url, NULL };

		status = isms_process_run(argv, &opts);
		if (status == 0 && isms_fs_exists(abs))
			rc = EXIT_OK;
		else
			cli_usage("export", "%s could not print the PDF (exit status %d)", browser,
				  status);
	}
	unlink(page);
	rmdir(dir);
	free(dir);
	free(page);
	free(url);
	free(out_arg);
	free(abs);
	isms_buf_free(&err);
	return rc;
}

static int export_one(int argc, char **argv, bool report_command);

int cmd_export(int argc, char **argv)
{
	return export_one(argc, argv, false);
}

static int export_one(int argc, char **argv, bool report_command)
{
	struct export_opts o;
	struct isms_store *store = NULL;
	struct isms_snapshot snap;
	struct isms_report_doc *report = NULL;
	struct isms_buf out = ISMS_BUF_INIT;
	enum isms_report_format format = ISMS_FORMAT_MD;
	bool pdf = false, xlsx, oscal;
	int rc;

	if ((rc = parse(&o, argc, argv, true)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (!o.what)
		return cli_usage(argv[0], report_command ? "which report: management-review, board "
				 "or audit-pack" : "what to export: soa, risks, treatment-plan, "
				 "policies or records");
	if (report_command != (strcmp(o.what, "management-review") == 0 ||
			       strcmp(o.what, "board") == 0))
		return cli_usage(argv[0], report_command ?
				 "no report '%s': management-review, board or audit-pack" :
				 "no export '%s': soa, risks, treatment-plan, policies or records "
				 "(isms report makes management-review, board and audit-pack)", o.what);
	/* XLSX and OSCAL (src/interchange) read the same report model. */
	xlsx = (o.format && strcmp(o.format, "xlsx") == 0) ||
	       (!o.format && o.output && isms_str_ends_with(o.output, ".xlsx"));
	oscal = o.format && strcmp(o.format, "oscal") == 0;
	if (oscal && strcmp(o.what, "soa") != 0)
		return cli_usage(argv[0], "--format oscal is for the SoA: isms export soa --format oscal");
	if (xlsx && (!o.output || strcmp(o.output, "-") == 0) && isatty(STDOUT_FILENO))
		return cli_usage(argv[0], "an XLSX workbook is not for a terminal: give -o FILE.xlsx");
	pdf = (o.format && strcmp(o.format, "pdf") == 0) ||
	      (!o.format && o.output && isms_str_ends_with(o.output, ".pdf"));
	if (pdf && (!o.output || strcmp(o.output, "-") == 0))
		return cli_usage(argv[0], "--format pdf needs -o FILE.pdf");
	if (pdf)
		format = ISMS_FORMAT_HTML;
	else if (!xlsx && !oscal && o.format && isms_report_format_parse(&format, o.format) < 0)
		return cli_usage("export", "%s; or xlsx, or oscal (soa)", isms_error_last()->message);
	if (!o.format && o.output && !xlsx) {
		const char *dot = strrchr(o.output, '.');

		if (dot && isms_report_format_parse(&format, dot + 1) < 0)
			format = ISMS_FORMAT_MD;
	}
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (refuse_inside_git(store, o.output)) {
		rc = cli_fail();
		goto cleanup;
	}
	if (isms_store_snapshot_with(&snap, store, o.rev, isms_report_needs(o.what)) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	if (isms_report_build(&report, o.what, &snap, store, &o.filter) < 0) {
		rc = isms_error_last()->code == ISMS_EUSAGE ?
		     cli_usage("export", "%s", isms_error_last()->message) : cli_fail();
		goto snap;
	}
	if ((xlsx ? isms_xlsx_report(&out, report) : oscal ? isms_oscal_soa(&out, report)
	     : isms_report_render(&out, report, format)) < 0) {
		rc = cli_fail();
		goto snap;
	}
	rc = pdf ? print_pdf(&out, o.output) : write_out(o.output, &out);
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

static void progress_line(void *data, const char *part, size_t i, size_t n)
{
	(void)data;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, n, part);
	fflush(stderr);
}

/* isms report audit-pack -o DIR: the pack's files written into DIR (made
 * when missing), each atomically. */
static int audit_pack(const struct export_opts *o)
{
	struct isms_store *store = NULL;
	struct isms_snapshot snap;
	struct isms_report_files files = { 0 };
	bool tty = isatty(STDERR_FILENO);
	int rc = EXIT_OK;

	if (!o->output)
		return cli_usage("report", "audit-pack needs -o DIR, the folder to write it in");
	if (o->format)
		return cli_usage("report", "an audit pack is HTML, with CSV and JSON tables; "
				 "--format does not apply");
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	if (refuse_inside_git(store, o->output)) {
		rc = cli_fail();
		goto cleanup;
	}
	if (isms_store_snapshot(&snap, store, o->rev) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	if (isms_report_audit_pack(&files, &snap, store, tty ? progress_line : NULL, NULL) < 0 ||
	    isms_report_files_write(&files, o->output) < 0) {
		if (tty)
			fputs("\r\033[K", stderr);
		rc = cli_fail();
		goto snap;
	}
	if (tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s: audit pack written (%zu files, commit %.12s); open index.html\n",
		o->output, files.count, snap.commit);
snap:
	isms_report_files_free(&files);
	isms_snapshot_free(&snap);
cleanup:
	isms_store_free(store);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct export_opts o;
	int rc;

	if ((rc = parse(&o, argc, argv, false)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (o.what && strcmp(o.what, "audit-pack") == 0)
		return audit_pack(&o);
	return export_one(argc, argv, true);
}

bool cli_take_flag(int *argc, char **argv, const char *flag)
{
	bool found = false;
	int to = 1;

	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[to++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], flag) == 0)
			found = true;
		else
			argv[to++] = argv[i];
	}
	argv[to] = NULL;
	*argc = to;
	return found;
}

int cli_review_prefill(struct isms_store *store, struct isms_record *rec)
{
	struct isms_snapshot snap;
	int rc = 0;

	if (isms_store_snapshot(&snap, store, NULL) < 0)
		return cli_fail();
	if (isms_report_review_prefill(rec->root, &snap, store) < 0)
		rc = cli_fail();
	if (rc == 0 && !isms_map_get_text(rec->root, "title")) {
		char day[32], *title;

		isms_date_format(day, snap.time, snap.offset);
		title = isms_asprintf("Management review, inputs as of %.10s", day);
		isms_map_set(rec->root, "title", isms_node_str(title));
		free(title);
	}
	isms_snapshot_free(&snap);
	return rc;
}
