/* SPDX-License-Identifier: MIT */
/* Files kept beside the records: external documents (isms doc add,
 * isms doc update) and files edited by hand (isms commit). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "isms/alloc.h"

/* isms doc update ID FILE [-m MSG] */
static int doc_update(struct isms_store *store, const struct cli_options *o)
{
	struct isms_record *rec = NULL;
	char commit[ISMS_OID_HEX] = "";
	int rc = EXIT_OK;

	if (isms_store_load(&rec, store, o->args[1]) < 0 ||
	    isms_store_doc_update(commit, store, rec, o->args[2], o->message) < 0) {
		if (commit[0])
			cli_print_commit(store, commit, o->args[1]);
		rc = cli_fail();
	} else {
		cli_print_commit(store, commit, rec->id);
	}
	isms_record_free(rec);
	return rc;
}

int cmd_doc(int argc, char **argv)
{
	struct cli_options o;
	struct isms_doc_opts d = { .title = NULL, .owner = NULL, .classification = NULL,
				   .author = NULL };
	struct isms_store *store = NULL;
	struct isms_record *rec = NULL;
	char commit[ISMS_OID_HEX] = "";
	bool update;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "TOCm", 2, 3);
	d.title = o.title;
	d.owner = o.owner;
	d.classification = o.classification;
	update = strcmp(o.args[0], "update") == 0;
	if (!update && strcmp(o.args[0], "add") != 0) {
		rc = cli_usage("doc", "unknown action '%s'; 'isms doc add FILE' adds a file, "
			       "'isms doc update ID FILE' a new version", o.args[0]);
		goto cleanup;
	}
	if (o.arg_count != (update ? 3 : 2)) {
		rc = cli_usage("doc", update ? "give the document's ID and the file of its new version"
					    : "give one file to add");
		goto cleanup;
	}
	if (update ? (o.title || o.owner || o.classification) != 0 : o.message != NULL) {
		rc = cli_usage("doc", update ? "change the title, owner or classification with 'isms set'"
					    : "'doc add' takes no -m");
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (update) {
		rc = doc_update(store, &o);
		goto cleanup;
	}
	if (isms_store_doc_add(commit, &rec, store, o.args[1], &d) < 0) {
		if (commit[0])
			cli_print_commit(store, commit, "the document");
		rc = cli_fail();
		goto cleanup;
	}
	printf("%s\n", rec->id);
	cli_print_commit(store, commit, rec->id);
cleanup:
	isms_record_free(rec);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

/* `arg` (relative to the current folder, or absolute) relative to the top
 * of the repository, with "." and ".." resolved by name, since a deleted
 * file cannot be resolved on disk; NULL when it is outside. */
static char *top_relative(const char *top_given, const char *arg)
{
	char cwd[4096], *joined, *out, *save = NULL, *real_top = realpath(top_given, NULL);
	char *top = real_top ? isms_asprintf("%s/", strcmp(real_top, "/") ? real_top : "")
			     : isms_strdup(top_given);
	size_t n = strlen(top), len = 0;

	free(real_top);
	if (arg[0] == '/') {
		joined = isms_strdup(arg);
	} else if (getcwd(cwd, sizeof(cwd))) {
		joined = isms_asprintf("%s/%s", cwd, arg);
	} else {
		free(top);
		return NULL;
	}
	out = isms_calloc(strlen(joined) + 2, 1);
	for (char *part = strtok_r(joined, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			while (len > 0 && out[--len] != '/')
				;
			out[len] = '\0';
			continue;
		}
		len += (size_t)sprintf(out + len, "/%s", part);
	}
	free(joined);
	/* Through links on the way (a repository reached by a linked folder):
	 * the folder holding the file resolved, the file itself not (it may be
	 * gone, and a link there is refused later). */
	if (len > 0) {
		char *slash = strrchr(out, '/'), *parent, *real;

		*slash = '\0';
		parent = out[0] ? out : "/";
		if ((real = realpath(parent, NULL))) {
			char *resolved = isms_asprintf("%s/%s", strcmp(real, "/") ? real : "", slash + 1);

			free(real);
			free(out);
			out = resolved;
			len = strlen(out);
		} else {
			*slash = '/';
		}
	}
	/* top ends with '/' */
	if (len < n || strncmp(out, top, n) != 0) {
		free(out);
		free(top);
		return NULL;
	}
	memmove(out, out + n, len - n + 1);
	free(top);
	return out;
}

int cmd_commit(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_report report = { 0 };
	char commit[ISMS_OID_HEX] = "", **paths = NULL;
	int rc, made = 0;

	PARSE_OR_RETURN(&o, argc, argv, "m", 1, 1000);
	if (!o.message || !*o.message) {
		rc = cli_usage("commit", "say what changed and why with -m MSG");
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	paths = isms_calloc((size_t)o.arg_count, sizeof(*paths));
	for (made = 0; made < o.arg_count; made++)
		if (!(paths[made] = top_relative(isms_store_top(store), o.args[made]))) {
			rc = cli_usage("commit", "'%s' is outside the ISMS at %s", o.args[made],
				       isms_store_top(store));
			goto cleanup;
		}
	if (isms_store_commit_files(commit, &report, store, (const char *const *)paths,
				    (size_t)o.arg_count, o.message, NULL) < 0) {
		for (size_t i = 0; i < report.count; i++)
			cli_print_findings(report.files[i].path, &report.files[i].findings);
		if (commit[0])
			cli_print_commit(store, commit, "the files");
		rc = cli_fail();
		goto cleanup;
	}
	for (size_t i = 0; i < report.count; i++)
		cli_print_findings(report.files[i].path, &report.files[i].findings);
	cli_print_commit(store, commit, "the files");
cleanup:
	for (int i = 0; i < made; i++)
		free(paths[i]);
	free(paths);
	isms_report_free(&report);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}
