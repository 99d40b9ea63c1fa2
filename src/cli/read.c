/* SPDX-License-Identifier: MIT */
/* The commands that read a record and its history: show, list, log, diff. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/json.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "output.h"

/* A record's tree as JSON: mappings as objects, sequences as arrays,
 * scalars as strings except null, booleans and decimal integers. */
static void node_json(struct isms_buf *out, const struct isms_node *n)
{
	switch (n->type) {
	case ISMS_NODE_MAP:
		isms_buf_putc(out, '{');
		for (size_t i = 0; i < n->count; i++) {
			if (i)
				isms_buf_putc(out, ',');
			isms_json_str(out, n->pairs[i].key);
			isms_buf_putc(out, ':');
			node_json(out, n->pairs[i].value);
		}
		isms_buf_putc(out, '}');
		break;
	case ISMS_NODE_SEQ:
		isms_buf_putc(out, '[');
		for (size_t i = 0; i < n->count; i++) {
			if (i)
				isms_buf_putc(out, ',');
			node_json(out, n->items[i]);
		}
		isms_buf_putc(out, ']');
		break;
	case ISMS_NODE_SCALAR: {
		const char *t = n->text ? n->text : "";
		size_t digits = strspn(t + (t[0] == '-'), "0123456789");

		if (n->scalar == ISMS_SCALAR_NULL)
			isms_buf_puts(out, "null");
		else if (n->scalar == ISMS_SCALAR_BOOL)
			isms_buf_puts(out, isms_scalar_true(n) ? "true" : "false");
		else if (n->scalar == ISMS_SCALAR_INT && digits && digits < 16 &&
			 !t[(t[0] == '-') + digits] && (digits == 1 || t[t[0] == '-'] != '0'))
			isms_buf_puts(out, t);
		else
			isms_json_str(out, t);
		break;
	}
	}
}

/* show --json: {id, path, rev, text, fields}. */
static void show_json(const char *id, const char *path, const char *rev, const struct isms_buf *text)
{
	struct isms_buf out = ISMS_BUF_INIT;
	struct isms_node *root = NULL;

	isms_buf_putc(&out, '{');
	isms_json_field(&out, "id", id, 1);
	isms_json_field(&out, "path", path, 0);
	if (rev)
		isms_json_field(&out, "rev", rev, 0);
	else
		isms_buf_puts(&out, ",\"rev\":null");
	isms_json_field(&out, "text", isms_buf_cstr((struct isms_buf *)text), 0);
	isms_buf_puts(&out, ",\"fields\":");
	if (isms_yaml_load(&root, NULL, text->ptr, text->len, path, NULL) == 0)
		node_json(&out, root);
	else
		isms_buf_puts(&out, "null");
	isms_error_clear();
	isms_buf_puts(&out, "}\n");
	fputs(out.ptr, stdout);
	isms_node_free(root);
	isms_buf_free(&out);
}

int cmd_show(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_buf text = ISMS_BUF_INIT;
	char *path = NULL, *full = NULL, *tag = NULL;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "raj", 1, 1);
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
	if (o.json) {
		show_json(o.args[0], path, o.rev, &text);
	} else if (cli_stdout_tty()) {
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

	return e->error || e->level < 0 ? NULL : &m->levels[e->level];
}

/* A string field, or null when `value` is NULL or "". */
static void json_field_or_null(struct isms_buf *out, const char *key, const char *value)
{
	if (value && *value) {
		isms_json_field(out, key, value, 0);
	} else {
		isms_buf_putc(out, ',');
		isms_json_str(out, key);
		isms_buf_puts(out, ":null");
	}
}

static void list_json(struct isms_buf *out, const struct isms_entry *e,
		      const struct isms_risk_level *level, bool first)
{
	isms_buf_puts(out, first ? "{" : ",{");
	isms_json_field(out, "id", e->id, 1);
	isms_json_field(out, "kind", e->kind->name, 0);
	isms_json_field(out, "path", e->path, 0);
	json_field_or_null(out, "status", e->error ? NULL : e->status);
	json_field_or_null(out, "title", e->error ? NULL : e->title);
	json_field_or_null(out, "level", level ? level->name : NULL);
	json_field_or_null(out, "error", e->error);
	isms_buf_putc(out, '}');
}

/* Print `s` whole (escaped) and pad it to `width` columns, then a space;
 * the columns used. */
static int column(const char *s, int width)
{
	int w = cli_print_cell(s, 0, false);

	printf("%*s ", w < width ? width - w : 0, "");
	return (w < width ? width : w) + 1;
}

/* ID, kind, status, title and a risk's level; on a terminal (or with
 * COLUMNS) the title cut to fit by display width. */
static void list_line(const struct isms_entry *e, const struct isms_risk_level *level)
{
	int columns = cli_columns(), used = 0, room = 0;
	const char *colour;

	used += column(e->id, 12);
	used += column(e->kind->name, 9);
	if (e->error) {
		column("?", 11);
		puts("(cannot be read: see 'isms check')");
		return;
	}
	used += column(e->status[0] ? e->status : "-", 11);
	if (columns > 0) {
		room = columns - used - (level ? cli_text_width(level->name) + 3 : 0);
		room = room > 10 ? room : 10;
	}
	cli_print_cell(e->title, room, false);
	if (level) {
		colour = cli_color_named(level->colour);
		printf(" [%s", colour);
		cli_print_text(level->name, 0);
		printf("%s]", colour[0] ? cli_color(CLI_RESET) : "");
	}
	putchar('\n');
}

int cmd_list(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_entries list;
	struct isms_buf json = ISMS_BUF_INIT;
	const struct isms_kind *kind = NULL;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "j", 0, 1);
	if (o.arg_count && !(kind = isms_kind_find(o.args[0]))) {
		rc = cli_no_kind("list", o.args[0]);
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	isms_store_list(&list, store, kind);
	isms_buf_putc(&json, '[');
	for (size_t i = 0; i < list.count; i++) {
		const struct isms_entry *e = &list.items[i];
		const struct isms_risk_level *level = risk_level(store, e);

		if (o.json)
			list_json(&json, e, level, i == 0);
		else
			list_line(e, level);
	}
	if (o.json) {
		isms_buf_puts(&json, "]\n");
		fputs(json.ptr, stdout);
	}
	isms_entries_free(&list);
cleanup:
	isms_buf_free(&json);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

/* log's filters: --since, --until, --author; -n counts what passes them. */
struct log_filter {
	long long since, until;
	bool has_since, has_until;
	const char *author;
};

/* Does `hay` contain `needle`, ASCII letters compared without case? */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static bool log_keep(const struct log_filter *f, const struct isms_log_entry *e)
{
	if ((f->has_since && e->time < f->since) || (f->has_until && e->time > f->until))
		return false;
	return !f->author || contains_nocase(e->author, f->author) ||
	       contains_nocase(e->email, f->author);
}

static int log_filter_init(struct log_filter *f, const struct cli_options *o)
{
	memset(f, 0, sizeof(*f));
	f->author = o->author;
	if (o->since && isms_date_parse_point(&f->since, o->since, false) < 0)
		return cli_usage("log", "'--since' takes a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM], "
				 "not '%s'", o->since);
	if (o->until && isms_date_parse_point(&f->until, o->until, true) < 0)
		return cli_usage("log", "'--until' takes a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM], "
				 "not '%s'", o->until);
	f->has_since = o->since != NULL;
	f->has_until = o->until != NULL;
	return 0;
}

/* "2026-01-12T09:15:00+01:00": a commit's time in its own offset. */
static void iso_date(char out[64], long long t, int offset)
{
	time_t local = (time_t)(t + offset * 60LL);
	struct tm tm;
	int a = offset < 0 ? -offset : offset;

	gmtime_r(&local, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', a / 60, a % 60);
}

/* One entry as text: hash, date, author, summary, the approval mark; on a
 * terminal (or with COLUMNS) the author and summary cut to fit. */
static void log_line(const struct isms_log_entry *e, const char *mark, bool oneline)
{
	int columns = cli_columns(), used = 8, room = 0, mark_width = mark ? cli_text_width(mark) : 0;

	printf("%s%.7s%s ", cli_color(CLI_COMMIT), e->id, cli_color(CLI_RESET));
	if (!oneline) {
		char date[32];

		isms_date_format(date, e->time, e->offset);
		used += printf("%s ", date);
		used += cli_print_cell(e->author, columns > 0 ? 20 : 0, false);
		putchar(' ');
		used++;
	}
	if (columns > 0)
		room = columns - used - mark_width > 10 ? columns - used - mark_width : 10;
	cli_print_cell(e->summary, room, false);
	printf("%s\n", mark ? mark : "");
}

static void log_json(struct isms_buf *out, const struct isms_log_entry *e, const char *mark,
		     const struct isms_buf *patch, bool first)
{
	char date[64];

	iso_date(date, e->time, e->offset);
	isms_buf_puts(out, first ? "{" : ",{");
	isms_json_field(out, "commit", e->id, 1);
	isms_json_field(out, "date", date, 0);
	isms_json_field(out, "author", e->author, 0);
	isms_json_field(out, "email", e->email, 0);
	isms_json_field(out, "summary", e->summary, 0);
	isms_buf_puts(out, ",\"approval\":");
	if (mark) {
		const char *m = mark + strspn(mark, " ");

		isms_json_str(out, m);
	} else {
		isms_buf_puts(out, "null");
	}
	if (patch)
		isms_json_field(out, "patch", isms_buf_cstr(patch), 0);
	isms_buf_putc(out, '}');
}

int cmd_log(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_log log = { 0 };
	struct isms_buf json = ISMS_BUF_INIT, patch = ISMS_BUF_INIT;
	struct log_filter filter;
	const struct isms_kind *kind;
	char *path = NULL, *here = NULL;
	long shown = 0;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "SnpuAlj", 0, 1);
	if ((rc = log_filter_init(&filter, &o)) != 0)
		goto cleanup;
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
	isms_buf_putc(&json, '[');
	for (size_t i = 0; i < log.count && (o.max_count < 0 || shown < o.max_count); i++) {
		const struct isms_log_entry *e = &log.items[i];
		char *mark;

		if (!log_keep(&filter, e))
			continue;
		if (o.patch && isms_repo_commit_diff(&patch, isms_store_repo(store), e->id, path) < 0) {
			rc = cli_fail();
			goto cleanup;
		}
		mark = isms_store_approval_mark(store, o.arg_count ? o.args[0] : NULL, e);
		if (o.json) {
			log_json(&json, e, mark, o.patch ? &patch : NULL, shown == 0);
		} else {
			log_line(e, mark, o.oneline);
			if (o.patch && patch.len) {
				cli_print_diff(patch.ptr, patch.len);
				putchar('\n');
			}
		}
		free(mark);
		shown++;
	}
	if (o.json) {
		isms_buf_puts(&json, "]\n");
		fputs(json.ptr, stdout);
	}
	if (log.shallow[0]) {
		fflush(stdout);
		fprintf(stderr, "isms: history is shallow before %.7s; run git fetch --unshallow for all of it\n",
			log.shallow);
	}
cleanup:
	isms_buf_free(&json);
	isms_buf_free(&patch);
	isms_log_free(&log);
	isms_store_free(store);
	free(path);
	free(here);
	cli_options_free(&o);
	return rc;
}

/* isms diff [ID] --since approved|TAG|REV|DATE */

/* diff --since --json: what changed, the approvals given, the commits and
 * the patch. */
static void changes_json(const struct cli_options *o, const struct isms_changes *c,
			 const struct isms_buf *patch)
{
	static const char *const types[] = { "added", "changed", "retired", "removed" };
	struct isms_buf out = ISMS_BUF_INIT;

	isms_buf_putc(&out, '{');
	isms_json_field(&out, "since", o->since, 1);
	isms_json_field(&out, "from", c->from, 0);
	isms_json_field(&out, "label", c->label, 0);
	json_field_or_null(&out, "id", c->id);
	isms_buf_puts(&out, ",\"changes\":[");
	for (size_t i = 0; i < c->count; i++) {
		isms_buf_puts(&out, i ? ",{" : "{");
		isms_json_field(&out, "type", types[c->items[i].type], 1);
		isms_json_field(&out, "id", c->items[i].id, 0);
		isms_json_field(&out, "path", c->items[i].path, 0);
		json_field_or_null(&out, "title", c->items[i].title);
		isms_buf_putc(&out, '}');
	}
	isms_buf_puts(&out, "],\"approvals\":[");
	for (size_t i = 0; i < c->approval_count; i++) {
		isms_buf_puts(&out, i ? ",{" : "{");
		isms_json_field(&out, "id", c->approvals[i].id, 1);
		isms_json_field(&out, "version", c->approvals[i].version, 0);
		isms_json_field(&out, "by", c->approvals[i].by, 0);
		isms_json_field(&out, "date", c->approvals[i].date, 0);
		isms_buf_printf(&out, ",\"self_approved\":%s}", c->approvals[i].self_approved ? "true" : "false");
	}
	isms_buf_puts(&out, "],\"commits\":[");
	for (size_t i = 0; i < c->log.count; i++) {
		if (i)
			isms_buf_putc(&out, ',');
		isms_json_str(&out, c->log.items[i].id);
	}
	isms_buf_putc(&out, ']');
	isms_json_field(&out, "patch", isms_buf_cstr((struct isms_buf *)patch), 0);
	isms_buf_puts(&out, "}\n");
	fputs(out.ptr, stdout);
	isms_buf_free(&out);
}

/* diff ID [REV [REV]] --json */
static void diff_json(const char *id, const char *path, const char *from, const char *to,
		      const struct isms_buf *patch)
{
	struct isms_buf out = ISMS_BUF_INIT;

	isms_buf_putc(&out, '{');
	isms_json_field(&out, "id", id, 1);
	isms_json_field(&out, "path", path, 0);
	isms_json_field(&out, "from", from ? from : "HEAD", 0);
	json_field_or_null(&out, "to", to);
	isms_json_field(&out, "patch", isms_buf_cstr((struct isms_buf *)patch), 0);
	isms_buf_puts(&out, "}\n");
	fputs(out.ptr, stdout);
	isms_buf_free(&out);
}

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
	if (o->json) {
		changes_json(o, &changes, &diff);
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

	PARSE_OR_RETURN(&o, argc, argv, "Sj", 0, 3);
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
	if (o.json)
		diff_json(o.args[0], path, o.arg_count > 1 ? o.args[1] : NULL,
			  o.arg_count > 2 ? o.args[2] : NULL, &diff);
	else
		cli_print_diff(isms_buf_cstr(&diff), diff.len);
cleanup:
	isms_buf_free(&diff);
	isms_store_free(store);
	free(path);
	cli_options_free(&o);
	return rc;
}
