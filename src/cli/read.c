/* The commands that read a record and its history: show, list, log, diff. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "output.h"

int cmd_show(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_buf text = ISMS_BUF_INIT;
	char *path = NULL, *full = NULL, *tag = NULL;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "ra", 1, 1);
	if (o.rev && o.approved) {
		rc = cli_usage("show", "give --rev or --approved, not both");
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_record_path(&path, store, o.args[0]) < 0 ||
	    (o.approved && isms_store_approved_tag(&tag, store, o.args[0], path) < 0)) {
		rc = cli_fail();
		goto cleanup;
	}
	full = isms_path_join(isms_store_top(store), path);
	if (tag)
		o.rev = tag;
	if ((o.rev ? isms_repo_read(&text, isms_store_repo(store), o.rev, path)
		   : isms_fs_read(&text, full, ISMS_YAML_MAX_BYTES)) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	/* Scripts get the file's bytes; a person at a terminal gets them with
	 * control characters escaped, so that a record cannot drive it. */
	if (cli_stdout_tty()) {
		struct isms_buf safe = ISMS_BUF_INIT;

		isms_text_escape(&safe, text.ptr, text.len, ISMS_ESCAPE_KEEP_LF | ISMS_ESCAPE_KEEP_TAB);
		fwrite(safe.ptr, 1, safe.len, stdout);
		isms_buf_free(&safe);
	} else {
		fwrite(text.ptr, 1, text.len, stdout);
	}
cleanup:
	isms_buf_free(&text);
	isms_store_free(store);
	free(path);
	free(full);
	free(tag);
	cli_options_free(&o);
	return rc;
}

/* A risk's level by the risk method of isms.yaml (from its likelihood and
 * impact), or NULL when it has none yet or is not a risk. */
static const struct isms_risk_level *risk_level(struct isms_store *store,
						  const struct isms_entry *e)
{
	const struct isms_method *m = isms_store_method(store);
	struct isms_record *rec = NULL;
	int level = -1;

	if (e->error || strcmp(e->kind->name, "risk") != 0)
		return NULL;
	if (isms_store_load(&rec, store, e->id) == 0)
		level = isms_method_level(m, (unsigned)isms_scalar_level(isms_map_get(rec->root, "likelihood")),
					  (unsigned)isms_scalar_level(isms_map_get(rec->root, "impact")));
	isms_error_clear();
	isms_record_free(rec);
	return level < 0 ? NULL : &m->levels[level];
}

int cmd_list(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_entries list;
	const struct isms_kind *kind = NULL;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "", 0, 1);
	if (o.arg_count && !(kind = isms_kind_find(o.args[0]))) {
		rc = cli_usage("list", "no kind '%s'; the kinds are: %s", o.args[0], isms_kind_names());
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	isms_store_list(&list, store, kind);
	for (size_t i = 0; i < list.count; i++) {
		const struct isms_entry *e = &list.items[i];
		const struct isms_risk_level *level = risk_level(store, e);

		if (e->error)
			printf("%-12s %-9s %-11s (cannot be read: see 'isms check')\n", e->id,
			       e->kind->name, "?");
		else {
			char *status = isms_text_escaped(e->status[0] ? e->status : "-", 0);

			printf("%-12s %-9s %-11s ", e->id, e->kind->name, status);
			cli_print_text(e->title, 0);
			if (level) {
				printf(" [%s", cli_color_named(level->colour));
				cli_print_text(level->name, 0);
				printf("%s]", cli_color_named(level->colour)[0] ? cli_color(CLI_RESET) : "");
			}
			putchar('\n');
			free(status);
		}
	}
	isms_entries_free(&list);
cleanup:
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

int cmd_log(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_log log = { 0 };
	const struct isms_kind *kind;
	char *path = NULL, *here = NULL;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "", 0, 1);
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if ((o.arg_count && isms_store_record_path(&path, store, o.args[0]) < 0) ||
	    (o.arg_count ? isms_store_history(&log, store, o.args[0], path)
			 : isms_repo_log(&log, isms_store_repo(store), path, 0)) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	/* No commit and no file: an ID nobody has used, not an empty history. */
	if (o.arg_count && !log.count && isms_store_locate(&kind, &here, store, o.args[0]) < 0) {
		isms_error_set(ISMS_ENOTFOUND, "no record %s in this ISMS or its history%s", o.args[0],
			       log.shallow[0] ? " (this clone is shallow: run git fetch --unshallow "
						"to look further back)" : "");
		rc = cli_fail();
		goto cleanup;
	}
	for (size_t i = 0; i < log.count; i++) {
		char date[32], *mark;

		isms_date_format(date, log.items[i].time, log.items[i].offset);
		mark = isms_store_approval_mark(store, o.arg_count ? o.args[0] : NULL, &log.items[i]);
		printf("%s%.7s%s %s ", cli_color(CLI_COMMIT), log.items[i].id, cli_color(CLI_RESET), date);
		cli_print_text(log.items[i].author, 0);
		putchar(' ');
		cli_print_text(log.items[i].summary, 0);
		printf("%s\n", mark ? mark : "");
		free(mark);
	}
	if (log.shallow[0]) {
		fflush(stdout);
		fprintf(stderr, "isms: history is shallow before %.7s; run git fetch --unshallow for all of it\n",
			log.shallow);
	}
cleanup:
	isms_log_free(&log);
	isms_store_free(store);
	free(path);
	free(here);
	cli_options_free(&o);
	return rc;
}

/* isms diff [ID] --since approved|TAG|REV|DATE */

static int diff_since(const struct cli_options *o)
{
	struct isms_store *store = NULL;
	struct isms_buf diff = ISMS_BUF_INIT, summary = ISMS_BUF_INIT;
	struct isms_changes changes = { 0 };
	const char *since = o->since;
	int rc = EXIT_OK;

	if (o->arg_count > 1) {
		rc = cli_usage("diff", "with --since, give at most one record");
		goto cleanup;
	}
	if (!*since) {
		rc = cli_usage("diff", "option '--since' needs a value");
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_changes_since(&changes, store, o->arg_count ? o->args[0] : NULL, since) < 0 ||
	    isms_changes_diff(&diff, store, &changes, changes.from, NULL) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	isms_changes_format(&summary, &changes);
	fwrite(isms_buf_cstr(&summary), 1, summary.len, stdout);
	if (diff.len) {
		putchar('\n');
		cli_print_diff(isms_buf_cstr(&diff), diff.len);
	}
cleanup:
	isms_buf_free(&diff);
	isms_buf_free(&summary);
	isms_changes_free(&changes);
	isms_store_free(store);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_buf diff = ISMS_BUF_INIT;
	char *path = NULL;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "S", 0, 3);
	if (o.since) {
		rc = diff_since(&o);
		goto cleanup;
	}
	if (o.arg_count == 0) {
		rc = cli_usage("diff", "missing argument");
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_record_path(&path, store, o.args[0]) < 0 ||
	    isms_repo_diff(&diff, isms_store_repo(store), path, o.arg_count > 1 ? o.args[1] : NULL,
			   o.arg_count > 2 ? o.args[2] : NULL) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	cli_print_diff(isms_buf_cstr(&diff), diff.len);
cleanup:
	isms_buf_free(&diff);
	isms_store_free(store);
	free(path);
	cli_options_free(&o);
	return rc;
}
