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
