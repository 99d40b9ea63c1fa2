/* SPDX-License-Identifier: MIT */
/* The acts (doc/trust.md) as commands: accept, approve-plan, close,
 * acknowledge, and approve for records that are not controlled documents. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isms/act.h"
#include "isms/error.h"
#include "isms/json.h"

/* Make act `name` on the record argv names, as git's identity. */
static int act_command(const char *name, int argc, char **argv)
{
	struct isms_act_opts opts = ISMS_ACT_OPTS_INIT;
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_record *rec = NULL;
	char commit[ISMS_OID_HEX] = "", *tag = NULL;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "m", 1, 1);
	opts.note = o.message;
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_load(&rec, store, o.args[0]) < 0 ||
	    isms_store_act(commit, &tag, store, rec, name, &opts) < 0) {
		if (commit[0])
			cli_print_commit(store, commit, o.args[0]);
		rc = cli_fail();
		goto cleanup;
	}
	cli_print_commit(store, commit, rec->id);
	if (tag)
		printf("tagged %s\n", tag);
cleanup:
	free(tag);
	isms_record_free(rec);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

int cli_act_approve(int argc, char **argv)
{
	return act_command("approve", argc, argv);
}

int cmd_accept(int argc, char **argv)
{
	return act_command("accept", argc, argv);
}

int cmd_approve_plan(int argc, char **argv)
{
	return act_command("approve-plan", argc, argv);
}

int cmd_close(int argc, char **argv)
{
	return act_command("close", argc, argv);
}

int cmd_acknowledge(int argc, char **argv)
{
	return act_command("acknowledge", argc, argv);
}

/* isms verify: the whole chain of acts, re-checked; 0 whole, 1 broken. */
int cmd_verify(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_verify v;
	struct isms_buf json = ISMS_BUF_INIT;
	int rc;

	memset(&v, 0, sizeof(v));
	PARSE_OR_RETURN(&o, argc, argv, "j", 0, 0);
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_verify(&v, store) < 0) {
		rc = cli_fail();
		goto cleanup;
	}
	isms_buf_printf(&json, "{\"records\":%zu,\"acts\":%zu,\"signed\":%zu,\"broken\":[",
			v.records, v.acts, v.signed_acts);
	for (size_t i = 0; i < v.count; i++) {
		const struct isms_broken *b = &v.items[i];

		if (!o.json)
			printf("%s:%u:%u: %s: %s\n", b->path, b->line, b->column, b->id, b->message);
		isms_buf_puts(&json, i ? ",{" : "{");
		isms_json_field(&json, "path", b->path, 1);
		isms_buf_printf(&json, ",\"line\":%u,\"column\":%u", b->line, b->column);
		isms_json_field(&json, "record", b->id, 0);
		isms_json_field(&json, "act", b->act, 0);
		isms_json_field(&json, "message", b->message, 0);
		isms_buf_putc(&json, '}');
	}
	isms_buf_printf(&json, "],\"whole\":%s}\n", v.count ? "false" : "true");
	if (o.json)
		fputs(isms_buf_cstr(&json), stdout);
	else
		printf("verify: %zu records, %zu acts (%zu signed): %s%zu broken link%s\n", v.records,
		       v.acts, v.signed_acts, v.count ? "" : "the chain is whole, ", v.count,
		       v.count == 1 ? "" : "s");
	rc = v.count ? EXIT_FINDINGS : EXIT_OK;
cleanup:
	isms_buf_free(&json);
	isms_verify_free(&v);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}

/* isms people migrate: the register from the names in use. */
int cmd_people(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	char **created = NULL;
	size_t count = 0;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "", 1, 1);
	if (strcmp(o.args[0], "migrate") != 0) {
		rc = cli_usage("people", "unknown subcommand '%s' (people migrate)", o.args[0]);
		goto cleanup;
	}
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	if (isms_store_people_migrate(&created, &count, store) < 0)
		rc = cli_fail();
	for (size_t i = 0; i < count; i++) {
		printf("registered %s\n", created[i]);
		free(created[i]);
	}
	if (rc == EXIT_OK && count == 0)
		printf("every name in use is in the people register already\n");
	free(created);
cleanup:
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}
