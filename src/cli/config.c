/* SPDX-License-Identifier: MIT */
/* isms config get KEY, isms config set KEY VALUE: isms.yaml's settings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isms/alloc.h"
#include "isms/error.h"

int cmd_config(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	const char *verb;
	char commit[ISMS_OID_HEX], *value = NULL;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "m", 2, 3);
	verb = o.args[0];
	if (strcmp(verb, "get") != 0 && strcmp(verb, "set") != 0) {
		cli_options_free(&o);
		return cli_usage("config", "'%s' is neither get nor set", verb);
	}
	if (o.arg_count != (strcmp(verb, "get") == 0 ? 2 : 3) || (o.message && verb[0] == 'g')) {
		cli_options_free(&o);
		return cli_usage("config", verb[0] == 'g' ? "config get takes a KEY and no -m"
							: "config set takes a KEY and a VALUE");
	}
	if ((rc = cli_open_store(&store)) != 0) {
		cli_options_free(&o);
		return rc;
	}
	if (verb[0] == 'g') {
		/* As git config: a setting that is not there is exit status 1. */
		if (isms_store_config_get(&value, store, o.args[1]) == ISMS_ENOTFOUND)
			rc = EXIT_FINDINGS;
		else if (!value)
			rc = cli_fail();
		else {
			/* A map's entries come a line each. */
			cli_print_text(value, ISMS_ESCAPE_KEEP_LF);
			putchar('\n');
		}
	} else if (isms_store_config_set(commit, store, o.args[1], o.args[2], o.message) < 0) {
		rc = cli_fail();
	} else {
		char *what = o.args[2][0] ? isms_asprintf("%s: set %s to %s", ISMS_CONFIG_FILE, o.args[1],
							  o.args[2])
					  : isms_asprintf("%s: remove %s", ISMS_CONFIG_FILE, o.args[1]);

		cli_committed(commit, what);
		free(what);
	}
	free(value);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}
