/* SPDX-License-Identifier: MIT */
/* The shared option parser, and the commands that write records: init,
 * new, set, edit, retire, approve, review, dispose; and check. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/json.h"
#include "isms/process.h"
#include "isms/text.h"
#include "isms/yaml.h"

/* Options shared by the commands; each command says which it takes. */
enum { OPT_SET = 256, OPT_REV, OPT_ORG, OPT_DROP_COMMENTS, OPT_NO_TUI, OPT_JSON, OPT_WITH_SOA,
       OPT_APPROVED, OPT_SINCE, OPT_DECISION, OPT_TITLE, OPT_OWNER, OPT_CLASSIFICATION,
       OPT_OURS, OPT_THEIRS, OPT_RENUMBER, OPT_UNTIL, OPT_AUTHOR, OPT_ONELINE };

/* Add a value of an option that may be repeated. */
static void push_value(const char ***list, size_t *count, const char *value)
{
	*list = isms_realloc(*list, (*count + 1) * sizeof(**list));
	(*list)[(*count)++] = value;
}

/* The long options; `option_letters` says which letter of a command's
 * `allowed` stands for each (its index here). */
static const struct option long_options[] = {
	{ .name = "message", .has_arg = required_argument, .val = 'm' },
	{ .name = "set", .has_arg = required_argument, .val = OPT_SET },
	{ .name = "rev", .has_arg = required_argument, .val = OPT_REV },
	{ .name = "org", .has_arg = required_argument, .val = OPT_ORG },
	{ .name = "drop-comments", .has_arg = no_argument, .val = OPT_DROP_COMMENTS },
	{ .name = "no-tui", .has_arg = no_argument, .val = OPT_NO_TUI },
	{ .name = "json", .has_arg = no_argument, .val = OPT_JSON },
	{ .name = "with-soa", .has_arg = no_argument, .val = OPT_WITH_SOA },
	{ .name = "approved", .has_arg = no_argument, .val = OPT_APPROVED },
	{ .name = "since", .has_arg = required_argument, .val = OPT_SINCE },
	{ .name = "decision", .has_arg = required_argument, .val = OPT_DECISION },
	{ .name = "title", .has_arg = required_argument, .val = OPT_TITLE },
	{ .name = "owner", .has_arg = required_argument, .val = OPT_OWNER },
	{ .name = "classification", .has_arg = required_argument, .val = OPT_CLASSIFICATION },
	{ .name = "ours", .has_arg = required_argument, .val = OPT_OURS },
	{ .name = "theirs", .has_arg = required_argument, .val = OPT_THEIRS },
	{ .name = "renumber", .has_arg = required_argument, .val = OPT_RENUMBER },
	{ .name = "max-count", .has_arg = required_argument, .val = 'n' },
	{ .name = "patch", .has_arg = no_argument, .val = 'p' },
	{ .name = "until", .has_arg = required_argument, .val = OPT_UNTIL },
	{ .name = "author", .has_arg = required_argument, .val = OPT_AUTHOR },
	{ .name = "oneline", .has_arg = no_argument, .val = OPT_ONELINE },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = NULL },
};
static const char option_letters[] = "msrodtjwaSDTOCUENnpuAl";

/* The usage error for what getopt_long returned as `c` ('?' or ':'). */
static int option_error(int c, char **argv)
{
	if (c == '?')
		return optopt ? cli_usage(argv[0], "unknown option '-%c'", optopt)
			      : cli_usage(argv[0], "unknown option '%s'", argv[optind - 1]);
	return cli_usage(argv[0], "option '%s' needs a value",
			 optopt ? (optopt == 'm' ? "-m" : argv[optind - 1]) : argv[optind - 1]);
}

/* Keep option `c` of `command`, with its value `arg`, in `o`; 0, or
 * EXIT_TROUBLE after a usage message. */
static int take_option(struct cli_options *o, int c, char *arg, const char *command)
{
	switch (c) {
	case 'm': o->message = arg; break;
	case OPT_REV: o->rev = arg; break;
	case OPT_ORG: o->org = arg; break;
	case OPT_DROP_COMMENTS: o->drop_comments = true; break;
	case OPT_NO_TUI: o->no_tui = true; break;
	case OPT_JSON: o->json = true; break;
	case OPT_SINCE: o->since = arg; break;
	case OPT_DECISION: o->decision = arg; break;
	case OPT_TITLE: o->title = arg; break;
	case OPT_OWNER: o->owner = arg; break;
	case OPT_CLASSIFICATION: o->classification = arg; break;
	case OPT_WITH_SOA: o->with_soa = true; break;
	case OPT_APPROVED: o->approved = true; break;
	case OPT_SET: push_value(&o->sets, &o->set_count, arg); break;
	case OPT_OURS: push_value(&o->ours, &o->our_count, arg); break;
	case OPT_THEIRS: push_value(&o->theirs, &o->their_count, arg); break;
	case OPT_RENUMBER: push_value(&o->renumber, &o->renumber_count, arg); break;
	case 'n': {
		char *end;

		o->max_count = strtol(arg, &end, 10);
		if (end == arg || *end || o->max_count < 0)
			return cli_usage(command, "'-n' takes a number of commits, not '%s'", arg);
		break;
	}
	case 'p': o->patch = true; break;
	case OPT_UNTIL: o->until = arg; break;
	case OPT_AUTHOR: o->author = arg; break;
	case OPT_ONELINE: o->oneline = true; break;
	}
	return 0;
}

/* Parse argv (argv[0] is the command name) accepting only the options in
 * `allowed` (letters: see cli.h). */
static int parse(struct cli_options *o, int argc, char **argv, const char *allowed)
{
	int c, index, error;

	memset(o, 0, sizeof(*o));
	o->max_count = -1;
	optind = 0;  /* glibc: start afresh */
	opterr = 0;
	/* GNU getopt moves arguments after options, so "set ID a=b -m why" works. */
	while ((index = -1, c = getopt_long(argc, argv, ":m:hn:p", long_options, &index)) != -1) {
		if (c == 'h') {
			char *help_argv[] = { "help", argv[0], NULL };

			cmd_help(2, help_argv);
			return 1;
		}
		if (c == '?' || c == ':')
			return option_error(c, argv);
		if (c == 'm')
			index = 0;
		if (c == 'n' || c == 'p')
			index = (int)(strchr(option_letters, c) - option_letters);
		if (index < 0 || !strchr(allowed, option_letters[index]))
			return cli_usage(argv[0], "option '--%s' does not apply to '%s'",
					 long_options[index < 0 ? 0 : index].name, argv[0]);
		if ((error = take_option(o, c, optarg, argv[0])) != 0)
			return error;
	}
	for (; optind < argc; optind++) {
		o->args = isms_realloc(o->args, (size_t)(o->arg_count + 1) * sizeof(*o->args));
		o->args[o->arg_count++] = argv[optind];
	}
	return 0;
}

void cli_options_free(struct cli_options *o)
{
	if (!o)
		return;
	free(o->sets);
	free(o->ours);
	free(o->theirs);
	free(o->renumber);
	free(o->args);
}

int cli_args(struct cli_options *o, int argc, char **argv, const char *allowed,
		      int min, int max)
{
	int r = parse(o, argc, argv, allowed);

	if (r != 0) {
		cli_options_free(o);
		return r == 1 ? -1 : r;
	}
	if (o->arg_count < min || o->arg_count > max) {
		cli_options_free(o);
		return cli_usage(argv[0], o->arg_count < min ? "missing argument" : "too many arguments");
	}
	return 0;
}


static bool field_name_ok(const char *name, size_t len)
{
	if (len == 0 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

int cli_no_kind(const char *command, const char *name)
{
	struct isms_nearest n = ISMS_NEAREST_INIT(name);
	const char *near;

	for (size_t i = 0; i < isms_kind_count(); i++)
		isms_nearest_offer(&n, isms_kind_at(i)->name);
	if ((near = isms_nearest_get(&n)))
		return cli_usage(command, "no kind '%s'; did you mean '%s'?", name, near);
	return cli_usage(command, "no kind '%s'; the kinds are: %s", name, isms_kind_names());
}

/* Refuse a field the kind does not have, naming the nearest one it has.
 * Keys added to a file by hand stay (isms_store_save keeps them), and one
 * of them can still be removed with an empty value; but a name typed on
 * the command line must be one the kind knows, or a typo would be saved. */
static int check_field(const struct isms_record *rec, const char *field, bool removing)
{
	struct isms_nearest n = ISMS_NEAREST_INIT(field);
	const char *near;

	if (isms_kind_field(rec->kind, field) || (removing && isms_map_get(rec->root, field)))
		return 0;
	for (size_t i = 0; i < rec->kind->field_count; i++)
		isms_nearest_offer(&n, rec->kind->fields[i].name);
	if ((near = isms_nearest_get(&n)))
		return isms_error_set(ISMS_EUSAGE, "'%s' is not a field of a %s record; did you mean '%s'?",
				      field, rec->kind->name, near);
	return isms_error_set(ISMS_EUSAGE, "'%s' is not a field of a %s record ('isms help kind %s' lists them)",
			      field, rec->kind->name, rec->kind->name);
}

/* Apply FIELD=VALUE assignments; an empty VALUE removes the field. */
static int apply_sets(struct isms_record *rec, const char *const *sets, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const char *eq = strchr(sets[i], '=');
		char *field;
		size_t bad;

		if (!eq || !field_name_ok(sets[i], (size_t)(eq - sets[i])))
			return isms_error_set(ISMS_EUSAGE,
				"'%s' is not FIELD=VALUE with a field name of letters, digits, '_' or '-'",
				sets[i]);
		if (isms_text_check(eq + 1, strlen(eq + 1), &bad) != ISMS_TEXT_OK)
			return isms_error_set(ISMS_EUSAGE,
				"the value for '%.*s' is not valid UTF-8 text without control characters",
				(int)(eq - sets[i]), sets[i]);
		field = isms_strndup(sets[i], (size_t)(eq - sets[i]));
		if (check_field(rec, field, eq[1] == '\0') < 0) {
			free(field);
			return ISMS_EUSAGE;
		} else if (strcmp(field, "id") == 0 || strcmp(field, "kind") == 0) {
			const char *now = isms_map_get_text(rec->root, field);

			if (!now || strcmp(now, eq + 1) != 0) {
				isms_error_set(ISMS_EUSAGE, "'%s' cannot be changed once a record exists",
					       field);
				free(field);
				return ISMS_EUSAGE;
			}
		} else if (eq[1] == '\0') {
			isms_map_remove(rec->root, field);
		} else {
			isms_map_set(rec->root, field, isms_field_value(rec->kind, field, eq + 1));
		}
		free(field);
	}
	return 0;
}

bool cli_no_verify;

int cli_open_store(struct isms_store **store)
{
	if (isms_store_open(store, NULL) < 0)
		return cli_fail();
	isms_store_set_no_verify(*store, cli_no_verify);
	return 0;
}

/* "[abc1234] summary" for the commit a save made, or that nothing changed. */
void cli_print_commit(struct isms_store *store, const char *commit, const char *id)
{
	char *what = NULL;

	if (!commit[0] || isms_repo_summary(&what, isms_store_repo(store), commit) < 0)
		what = isms_asprintf("%s is as it was", id);
	cli_committed(commit, what);
	free(what);
}

/* A save that failed: the message, and every problem validation found. */
static int save_failed(const char *path, const struct isms_findings *findings)
{
	cli_fail();
	for (size_t i = 0; findings->count > 1 && i < findings->count; i++)
		fprintf(stderr, "  %s: %s\n", path, findings->items[i].message);
	return EXIT_TROUBLE;
}

int cmd_init(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	char commit[ISMS_OID_HEX], *org = NULL, *summary;
	const char *dir;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "ow", 0, 1);
	dir = o.arg_count ? o.args[0] : ".";
	if (o.org) {
		org = isms_strdup(o.org);
	} else {
		char cwd[4096], *copy;

		copy = isms_strdup(strcmp(dir, ".") == 0 && getcwd(cwd, sizeof(cwd)) ? cwd : dir);
		org = isms_strdup(basename(copy));
		free(copy);
	}
	if (isms_store_init(&store, commit, dir, org, NULL) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	printf("Initialised an ISMS for %s in %s\n", org, isms_store_top(store));
	summary = isms_asprintf("Start the ISMS of %s", org);
	cli_committed(commit, summary);
	free(summary);
	if (o.with_soa)
		rc = cli_soa_init(store);
cleanup:
	isms_store_free(store);
	free(org);
	cli_options_free(&o);
	return rc;
}

/* Apply FIELD=VALUE assignments, save and commit, and say what happened:
 * the new record's ID first when `created`, then the commit. */
static int apply_and_save(struct isms_store *store, struct isms_record *rec,
			  const char *const *sets, size_t count, const struct cli_options *o,
			  bool created)
{
	struct isms_save_opts save = ISMS_SAVE_OPTS_INIT;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	char commit[ISMS_OID_HEX];
	int rc = EXIT_OK;

	if (apply_sets(rec, sets, count) < 0)
		return cli_fail();
	save.message = o->message;
	save.drop_comments = o->drop_comments;
	save.findings = &findings;
	if (isms_store_save(commit, store, rec, &save) < 0) {
		rc = save_failed(rec->path, &findings);
	} else {
		if (created)
			printf("%s\n", rec->id);
		cli_print_commit(store, commit, rec->id);
	}
	isms_findings_free(&findings);
	return rc;
}

int cmd_new(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_record *rec = NULL;
	const struct isms_kind *kind;
	const char *id = NULL;
	bool prefill = cli_take_flag(&argc, argv, "--prefill");
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "ms", 1, 1);
	if (!(kind = isms_kind_find(o.args[0]))) {
		rc = cli_no_kind("new", o.args[0]);
		goto cleanup;
	}
	if (prefill && strcmp(kind->name, "management-review") != 0) {
		rc = cli_usage("new", "--prefill is for a management-review");
		goto cleanup;
	}
	for (size_t i = 0; i < o.set_count; i++)
		if (strncmp(o.sets[i], "id=", 3) == 0)
			id = o.sets[i] + 3;
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_create(&rec, store, kind, id) < 0)
		rc = cli_fail();
	else if (prefill && (rc = cli_review_prefill(store, rec)) != 0)
		;
	else
		rc = apply_and_save(store, rec, o.sets, o.set_count, &o, true);
cleanup:
	isms_record_free(rec);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

int cmd_set(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_record *rec = NULL;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "md", 2, 1 << 20);
	if ((rc = cli_open_store(&store)) == 0) {
		if (isms_store_load(&rec, store, o.args[0]) < 0)
			rc = cli_fail();
		else
			rc = apply_and_save(store, rec, (const char *const *)o.args + 1,
					    (size_t)o.arg_count - 1, &o, false);
	}
	isms_record_free(rec);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

/* A change to one record that the store commits. */
typedef int (*record_change)(char commit[ISMS_OID_HEX], struct isms_store *store,
			     struct isms_record *rec, const struct cli_options *o);

/* Open the ISMS, load record `id`, make the change and report its commit. */
static int change_record(const char *id, record_change change, const struct cli_options *o)
{
	struct isms_store *store = NULL;
	struct isms_record *rec = NULL;
	char commit[ISMS_OID_HEX] = "";
	int rc;

	if ((rc = cli_open_store(&store)) == 0) {
		if (isms_store_load(&rec, store, id) < 0 || change(commit, store, rec, o) < 0)
			rc = cli_fail();
		else
			cli_print_commit(store, commit, rec->id);
	}
	isms_record_free(rec);
	isms_store_free(store);
	return rc;
}

static int retire_change(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *rec, const struct cli_options *o)
{
	return isms_store_retire(commit, store, rec, o->message, NULL);
}

static int review_change(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *rec, const struct cli_options *o)
{
	return isms_store_review(commit, store, rec, o->decision, o->message, NULL);
}

static int dispose_change(char commit[ISMS_OID_HEX], struct isms_store *store,
			  struct isms_record *rec, const struct cli_options *o)
{
	return isms_store_dispose(commit, store, rec, o->message);
}

int cmd_retire(int argc, char **argv)
{
	struct cli_options o;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "m", 1, 1);
	if (!o.message)
		rc = cli_usage("retire", "say why the record is retired with -m REASON");
	else
		rc = change_record(o.args[0], retire_change, &o);
	cli_options_free(&o);
	return rc;
}

int cmd_approve(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_record *rec = NULL;
	struct isms_approval approval;
	char commit[ISMS_OID_HEX] = "";
	int rc = EXIT_OK;

	memset(&approval, 0, sizeof(approval));
	PARSE_OR_RETURN(&o, argc, argv, "m", 1, 1);
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_load(&rec, store, o.args[0]) < 0 ||
	    isms_store_approve(commit, &approval, store, rec, o.message, NULL) < 0) {
		if (commit[0])
			cli_print_commit(store, commit, o.args[0]);
		rc = cli_fail();
		goto cleanup;
	}
	if (approval.finished) {
		printf("finished the approval of %s v%s: tag %s on %.7s%s\n", rec->id, approval.version,
		       approval.tag, commit, approval.self_approved ? " (self-approved)" : "");
		goto cleanup;
	}
	cli_print_commit(store, commit, rec->id);
	printf("tagged %s%s\n", approval.tag, approval.self_approved ? " (self-approved)" : "");
cleanup:
	isms_approval_free(&approval);
	isms_record_free(rec);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

/* Editing in $VISUAL or $EDITOR */

/* Run the user's editor on `path` as git does: through the shell, with the
 * path as an argument, so that EDITOR="code --wait" works. */
static int run_editor(const char *path)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;
	char *editor = isms_process_editor();
	int status, error = 0;

	if (!editor)
		return ISMS_ERROR;
	/* Like git: while the editor runs, Ctrl-C is the editor's business. */
	opts.ignore_interrupts = true;
	status = isms_process_run_shell(editor, path, &opts);
	if (status < 0)
		error = isms_error_set(ISMS_ERROR, "cannot start the editor: %s", strerror(errno));
	else if (status != 0)
		error = isms_error_set(ISMS_ERROR, "the editor '%s' failed (status %d)", editor, status);
	free(editor);
	return error;
}

/* Ask on the terminal whether to edit again; false when there is no one to ask. */
static bool ask_edit_again(void)
{
	char answer[16];

	if (!isatty(STDIN_FILENO))
		return false;
	for (;;) {
		fputs("Edit again (e) or abort (a)? ", stderr);
		if (!fgets(answer, sizeof(answer), stdin))
			return false;
		if (answer[0] == 'e' || answer[0] == 'E')
			return true;
		if (answer[0] == 'a' || answer[0] == 'A')
			return false;
	}
}

/* The draft of one record in .git/isms/drafts, kept until it is saved. */
struct edit_draft {
	char *path;                 /* ID.yaml: the text being edited */
	char *base;                 /* ID.base: the version the draft was started from */
	char loaded[ISMS_OID_HEX];  /* the version loaded now */
	bool resumed, keep;
};

/* Copy the file of `rec` to its draft (`original` gets the file's text), or
 * resume the draft an earlier edit left. d->path and d->base are set even
 * when this fails, so that a draft already there is named. */
static int start_draft(struct edit_draft *d, struct isms_buf *original, struct isms_store *store,
		       struct isms_record *rec)
{
	struct isms_buf from = ISMS_BUF_INIT;
	char *full = isms_path_join(isms_store_top(store), rec->path);
	char *dir = isms_path_join(isms_repo_gitdir(isms_store_repo(store)), "isms/drafts");
	int error;

	memcpy(d->loaded, rec->base, sizeof(d->loaded));
	d->path = isms_asprintf("%s/%s.yaml", dir, rec->id);
	/* The version a draft was started from: a resumed draft is saved
	 * against it, so that changes committed since are a conflict, not lost. */
	d->base = isms_asprintf("%s/%s.base", dir, rec->id);
	if ((error = isms_fs_read(original, full, ISMS_YAML_MAX_BYTES)) < 0 ||
	    (error = isms_fs_mkdirs(dir, 0700)) < 0)
		goto cleanup;
	if (isms_fs_exists(d->path)) {
		d->resumed = true;
		if (isms_fs_read(&from, d->base, 64) == 0 && from.len >= ISMS_OID_HEX - 1) {
			memcpy(rec->base, from.ptr, ISMS_OID_HEX - 1);
			rec->base[ISMS_OID_HEX - 1] = '\0';
		}
		fprintf(stderr, "isms: resuming your earlier draft of %s (%s)\n", rec->id, d->path);
	} else if ((error = isms_fs_write_atomic(d->base, rec->base, strlen(rec->base), 0600,
						 ISMS_FS_REPLACE)) < 0 ||
		   (error = isms_fs_write_atomic(d->path, original->ptr, original->len, 0600,
						 ISMS_FS_CREATE_NEW)) < 0) {
		goto cleanup;
	}
cleanup:
	isms_buf_free(&from);
	free(full);
	free(dir);
	return error;
}

enum edit_step { EDIT_AGAIN, EDIT_STOP, EDIT_FAILED };

/* Run the editor on the draft once and save what it holds. EDIT_STOP when
 * it is saved or unchanged (*rc is EXIT_OK then) or the user gives up,
 * EDIT_AGAIN to edit again after findings, EDIT_FAILED after an error
 * (its message set). */
static enum edit_step edit_once(struct edit_draft *d, int *rc, struct isms_store *store,
				struct isms_record *rec, const struct isms_buf *original)
{
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_save_opts save = ISMS_SAVE_OPTS_INIT;
	char commit[ISMS_OID_HEX];
	enum edit_step step = EDIT_STOP;
	int error;

	if (run_editor(d->path) < 0 || isms_fs_read(&text, d->path, ISMS_YAML_MAX_BYTES) < 0) {
		step = EDIT_FAILED;
		goto cleanup;
	}
	if (text.len == original->len && memcmp(text.ptr, original->ptr, text.len) == 0) {
		d->keep = false;
		printf("nothing changed: %s is as it was\n", rec->id);
		*rc = EXIT_OK;
		goto cleanup;
	}
	save.findings = &findings;
	error = isms_store_save_text(commit, store, rec, text.ptr, text.len, &save);
	if (error == 0) {
		d->keep = false;
		cli_print_commit(store, commit, rec->id);
		*rc = EXIT_OK;
		goto cleanup;
	}
	if ((error != ISMS_EINVALID && error != ISMS_EPARSE && error != ISMS_ELIMIT) ||
	    findings.count == 0) {
		/* Written but not committed: the file holds the text now. */
		d->keep = strcmp(rec->base, d->loaded) == 0 || error == ISMS_ECONFLICT;
		if (error == ISMS_ECONFLICT && d->resumed)
			fprintf(stderr, "isms: your draft was started from an earlier version of %s; "
				"compare it with 'isms show %s', merge by hand, or delete it to start again\n",
				rec->id, rec->id);
		step = EDIT_FAILED;
		goto cleanup;
	}
	cli_print_findings(rec->path, &findings);
	if (ask_edit_again()) {
		step = EDIT_AGAIN;
	} else if (isatty(STDIN_FILENO)) {
		d->keep = false;
		fprintf(stderr, "isms: aborted; %s is unchanged\n", rec->id);
	} else {
		fprintf(stderr, "isms: %s is unchanged; your text is kept in %s and "
			"'isms edit %s' continues it\n", rec->id, d->path, rec->id);
	}
cleanup:
	isms_findings_free(&findings);
	isms_buf_free(&text);
	return step;
}

int cmd_edit(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_record *rec = NULL;
	struct isms_buf original = ISMS_BUF_INIT;
	struct edit_draft d = { .path = NULL, .base = NULL, .resumed = false, .keep = true };
	enum edit_step step;
	int rc = EXIT_TROUBLE;

	PARSE_OR_RETURN(&o, argc, argv, "", 1, 1);
	if (cli_open_store(&store) != 0)
		goto cleanup;
	if (isms_store_load(&rec, store, o.args[0]) < 0 ||
	    start_draft(&d, &original, store, rec) < 0)
		goto fail;
	while ((step = edit_once(&d, &rc, store, rec, &original)) == EDIT_AGAIN)
		;
	if (step == EDIT_STOP)
		goto cleanup;
fail:
	cli_fail();
	if (d.path && d.keep && isms_fs_exists(d.path))
		fprintf(stderr, "isms: your text is kept in %s; 'isms edit %s' continues it\n",
			d.path, o.args[0]);
cleanup:
	if (d.path && !d.keep) {
		unlink(d.path);
		unlink(d.base);
	}
	isms_buf_free(&original);
	isms_record_free(rec);
	isms_store_free(store);
	free(d.path);
	free(d.base);
	cli_options_free(&o);
	return rc;
}

/* Reviews and disposal (27001 7.5) */


int cmd_review(int argc, char **argv)
{
	struct cli_options o;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "mD", 1, 1);
	if (!o.decision || (strcmp(o.decision, "approve") != 0 &&
			    strcmp(o.decision, "changes-requested") != 0))
		rc = cli_usage("review", "give --decision approve or --decision changes-requested");
	else if (!o.message || !*o.message)
		rc = cli_usage("review", "give the review's comments with -m COMMENTS");
	else
		rc = change_record(o.args[0], review_change, &o);
	cli_options_free(&o);
	return rc;
}

int cmd_dispose(int argc, char **argv)
{
	struct cli_options o;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "m", 1, 1);
	if (!o.message || !*o.message)
		rc = cli_usage("dispose", "say why the record is disposed of with -m REASON");
	else
		rc = change_record(o.args[0], dispose_change, &o);
	cli_options_free(&o);
	return rc;
}
