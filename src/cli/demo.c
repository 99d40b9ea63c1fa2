/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "isms/act.h"
#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/ui.h"
#include "isms/yaml.h"

/* examples/demo/history.yaml, compiled in (demo-history.c, made by embed.sh). */
extern const unsigned char isms_demo_history[];
extern const size_t isms_demo_history_len;

struct person {
	char *name, *email;
	struct isms_ident ident;
};

/* "Name <email>" and an ISO date into an identity. */
static int person_parse(struct person *p, const char *who, const char *when)
{
	const char *lt = strchr(who, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	memset(p, 0, sizeof(*p));
	if (!lt || !gt || lt == who)
		return isms_error_set(ISMS_EINVALID, "demo: '%s' is not 'Name <email>'", who);
	p->name = isms_strndup(who, (size_t)(lt - who - 1));
	p->email = isms_strndup(lt + 1, (size_t)(gt - lt - 1));
	p->ident.name = p->name;
	p->ident.email = p->email;
	if (isms_date_parse_git(when, &p->ident.time, &p->ident.offset) < 0)
		return isms_error_set(ISMS_EINVALID, "demo: '%s' is not a date", when);
	return 0;
}

static void person_free(struct person *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->email);
}

/* One step of the history: create, change, review or approve a record, as
 * one person, at one moment, with one commit. Nothing is signed: the
 * people are invented (a given author never signs). */
static int apply_step(struct isms_store *store, const struct isms_node *step)
{
	const char *who = isms_map_get_text(step, "who"), *when = isms_map_get_text(step, "when");
	const char *kind_name = isms_map_get_text(step, "new");
	const char *id = isms_map_get_text(step, "record");
	const char *retire = isms_map_get_text(step, "retire");
	const char *soa = isms_map_get_text(step, "soa");
	const char *approve = isms_map_get_text(step, "approve");
	const char *review = isms_map_get_text(step, "review");
	const char *act = isms_map_get_text(step, "act");
	const struct isms_node *set = isms_map_get(step, "set");
	struct isms_save_opts save = ISMS_SAVE_OPTS_INIT;
	struct isms_record *rec = NULL;
	struct person person;
	char commit[ISMS_OID_HEX];
	int error;

	if (!who || !when)
		return isms_error_set(ISMS_EINVALID, "demo: line %u: a step needs 'who' and 'when'",
				      step->line);
	if ((error = person_parse(&person, who, when)) < 0)
		goto cleanup;
	save.author = &person.ident;
	save.message = isms_map_get_text(step, "message");
	if (soa) {
		size_t added;

		error = strcmp(soa, "init") == 0
			? isms_store_soa_init(commit, &added, store, &person.ident)
			: isms_error_set(ISMS_EINVALID, "demo: line %u: 'soa' takes 'init'", step->line);
		goto cleanup;
	}
	if (kind_name) {
		const struct isms_kind *kind = isms_kind_find(kind_name);

		if (!kind) {
			error = isms_error_set(ISMS_EINVALID, "demo: no kind '%s'", kind_name);
			goto cleanup;
		}
		error = isms_store_create(&rec, store, kind, set ? isms_map_get_text(set, "id") : NULL);
	} else if (id || approve || review) {
		error = isms_store_load(&rec, store, id ? id : approve ? approve : review);
	} else {
		error = isms_error_set(ISMS_EINVALID,
			"demo: line %u: a step needs 'new', 'record', 'approve', 'review' or 'soa'",
			step->line);
	}
	if (error < 0)
		goto cleanup;
	if (approve || act) {
		/* Decisions are made by the real acts, as the person named. */
		struct isms_act_opts opts = ISMS_ACT_OPTS_INIT;
		char *tag = NULL;

		opts.note = isms_map_get_text(step, "note");
		opts.who = &person.ident;
		error = isms_store_act(commit, &tag, store, rec, approve ? "approve" : act, &opts);
		free(tag);
		goto cleanup;
	}
	if (review) {
		error = isms_store_review_as(commit, store, rec, isms_map_get_text(step, "decision"),
					     isms_map_get_text(step, "comments"), NULL, &person.ident);
		goto cleanup;
	}
	for (size_t i = 0; set && set->type == ISMS_NODE_MAP && i < set->count; i++)
		if (strcmp(set->pairs[i].key, "id") != 0)
			isms_map_set(rec->root, set->pairs[i].key, isms_node_clone(set->pairs[i].value));
	error = retire ? isms_store_retire(commit, store, rec, retire, &save)
		       : isms_store_save(commit, store, rec, &save);
cleanup:
	if (error < 0)
		isms_error_prefix("demo step at line %u", step->line);
	isms_record_free(rec);
	person_free(&person);
	return error;
}

static int build(struct isms_store **out, const char *dir)
{
	struct isms_node *manifest = NULL;
	const struct isms_node *steps, *first;
	struct isms_store *store = NULL;
	struct person founder = { 0 };
	char commit[ISMS_OID_HEX];
	int error;

	*out = NULL;
	if ((error = isms_yaml_load(&manifest, NULL, (const char *)isms_demo_history,
				    isms_demo_history_len, "examples/demo/history.yaml", NULL)) < 0)
		return error;
	steps = isms_map_get(manifest, "steps");
	if (!steps || steps->type != ISMS_NODE_SEQ || steps->count == 0 ||
	    !isms_map_get_text(manifest, "organisation")) {
		error = isms_error_set(ISMS_EINVALID, "demo: the manifest needs 'organisation' and 'steps'");
		goto cleanup;
	}
	first = steps->items[0];
	if ((error = person_parse(&founder, isms_map_get_text(first, "who") ? isms_map_get_text(first, "who") : "",
				  isms_map_get_text(first, "when") ? isms_map_get_text(first, "when") : "")) < 0 ||
	    (error = isms_store_init(&store, commit, dir, isms_map_get_text(manifest, "organisation"),
				     &founder.ident)) < 0)
		goto cleanup;
	for (size_t i = 0; i < steps->count; i++)
		if ((error = apply_step(store, steps->items[i])) < 0)
			goto cleanup;
	*out = store;
	store = NULL;
cleanup:
	person_free(&founder);
	isms_store_free(store);
	isms_node_free(manifest);
	return error;
}

int cmd_demo(int argc, char **argv)
{
	struct isms_store *store = NULL;
	const char *dir = NULL;
	char *tmp = NULL;
	bool no_tui = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			char *help_argv[] = { "help", "demo", NULL };

			return cmd_help(2, help_argv);
		}
		if (strcmp(argv[i], "--no-tui") == 0) {
			no_tui = true;
			continue;
		}
		if (argv[i][0] == '-' || dir)
			return cli_usage("demo", "unexpected '%s'", argv[i]);
		dir = argv[i];
	}
	if (!dir) {
		const char *base = getenv("TMPDIR");

		tmp = isms_asprintf("%s/isms-demo-XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(tmp)) {
			fprintf(stderr, "isms: cannot create a temporary folder %s\n", tmp);
			free(tmp);
			return EXIT_TROUBLE;
		}
		dir = tmp;
	}
	if (build(&store, dir) < 0) {
		rc = cli_fail();
	} else if (!no_tui && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		/* At a terminal: walk it. The path stays on screen afterwards. */
		int status = EXIT_OK;

		rc = isms_ui_run(&status, store) < 0 ? cli_fail() : status;
		printf("Demonstration ISMS in %s\n", isms_store_top(store));
	} else {
		printf("Demonstration ISMS built in %s\n\n", isms_store_top(store));
		cli_print_status(store, false);
		char *top = cli_shell_quoted(isms_store_top(store)), *self = cli_shell_quoted(cli_self());

		printf("\nTry: cd %s && %s && %s log\n", top, self, self);
		free(self);
		free(top);
		rc = EXIT_OK;
	}
	isms_store_free(store);
	free(tmp);
	return rc;
}
