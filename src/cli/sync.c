/* isms sync: exchange the ISMS with a Git remote and say what happened. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sync.h"

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *done_word(char how)
{
	return how == 'A' ? "added" : how == 'D' ? "deleted" : "changed";
}

static void print_side(const char *where, const struct isms_sync_change *c)
{
	char *label = isms_asprintf("%s:", where);

	if (c->commit[0])
		printf("    %-14s %s in %.12s by %s: %s\n", label, done_word(c->how), c->commit,
		       c->author, c->summary);
	else
		printf("    %-14s %s\n", label, done_word(c->how));
	free(label);
}

/* Each record in conflict, who changed it on each side, and what to do. */
static void print_conflicts(const struct isms_sync_result *r, const char *remote_arg)
{
	const char *t = r->tracking;

	printf("%zu %s changed both here and on %s; nothing was changed here.\n",
	       r->conflict_count, plural(r->conflict_count, "record was", "records were"), t);
	for (size_t i = 0; i < r->conflict_count; i++) {
		const struct isms_sync_conflict *k = &r->conflicts[i];
		char here = k->ours.how, there = k->theirs.how;

		if (k->id)
			printf("  %s (%s): ", k->id, k->path);
		else
			printf("  %s: ", k->path);
		if (here == there)
			printf("%s here and on %s\n", done_word(here), t);
		else
			printf("%s here, %s on %s\n", done_word(here), done_word(there), t);
		print_side("here", &k->ours);
		print_side(t, &k->theirs);
	}
	printf("Both versions are kept: yours on %s, theirs on %s. Compare them, e.g.\n", r->branch, t);
	if (r->conflicts[0].id && r->conflicts[0].ours.how != 'D' && r->conflicts[0].theirs.how != 'D')
		printf("  isms diff %s %s %s\n", r->conflicts[0].id, r->branch, t);
	else
		printf("  git diff %s %s -- %s\n", r->branch, t, r->conflicts[0].path);
	printf("then choose a side for each record and sync again:\n");
	for (size_t i = 0; i < r->conflict_count; i++) {
		const struct isms_sync_conflict *k = &r->conflicts[i];
		const char *name = k->id ? k->id : k->path;

		printf("  isms sync%s%s --ours %s     (keep the version here)\n",
		       remote_arg ? " " : "", remote_arg ? remote_arg : "", name);
		printf("  isms sync%s%s --theirs %s   (take the version on %s)\n",
		       remote_arg ? " " : "", remote_arg ? remote_arg : "", name, t);
	}
	printf("The version not kept stays in history, named in the merge commit.\n");
}

/* What was done: fetched, moved or merged, pushed. */
static void print_outcome(const struct isms_sync_result *r)
{
	if (r->commits_in)
		printf("Fetched %s: %zu new %s on %s.\n", r->remote, r->commits_in,
		       plural(r->commits_in, "commit", "commits"), r->tracking);
	switch (r->outcome) {
	case ISMS_SYNC_UP_TO_DATE:
		printf("Already up to date with %s.\n", r->tracking);
		break;
	case ISMS_SYNC_FAST_FORWARD:
		printf("Fast-forwarded %s to %s [%.7s]: %zu %s came in.\n", r->branch, r->tracking,
		       r->after, r->records_in, plural(r->records_in, "file", "files"));
		break;
	case ISMS_SYNC_MERGED:
		printf("Merged %s into %s [%.7s]: %zu %s came in.\n", r->tracking, r->branch, r->after,
		       r->records_in, plural(r->records_in, "file", "files"));
		break;
	case ISMS_SYNC_AHEAD:
	case ISMS_SYNC_NEW_BRANCH:
	case ISMS_SYNC_CONFLICTS:
		break;
	}
	if (r->pushed && r->outcome == ISMS_SYNC_NEW_BRANCH)
		printf("Pushed %s to %s, which did not have it yet.\n", r->branch, r->remote);
	else if (r->pushed)
	{
		/* A merge pushes its own commit too. */
		size_t n = r->commits_out + (r->outcome == ISMS_SYNC_MERGED);

		printf("Pushed %s to %s (%zu %s).\n", r->branch, r->remote, n,
		       plural(n, "commit", "commits"));
	}
}

int cmd_sync(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	struct isms_sync_opts opts = ISMS_SYNC_OPTS_INIT;
	struct isms_sync_result result;
	struct isms_sync_choice *choices;
	int rc, error;

	PARSE_OR_RETURN(&o, argc, argv, "UE", 0, 1);
	choices = isms_calloc(o.our_count + o.their_count + 1, sizeof(*choices));
	for (size_t i = 0; i < o.our_count; i++)
		choices[opts.choice_count++] = (struct isms_sync_choice){ o.ours[i], ISMS_SYNC_OURS };
	for (size_t i = 0; i < o.their_count; i++)
		choices[opts.choice_count++] = (struct isms_sync_choice){ o.theirs[i], ISMS_SYNC_THEIRS };
	for (size_t i = 0; i < opts.choice_count; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(choices[i].record, choices[j].record) == 0) {
				rc = cli_usage("sync", "%s is chosen twice; choose one side for it",
					       choices[i].record);
				goto cleanup;
			}
	opts.choices = choices;
	opts.remote = o.arg_count ? o.args[0] : NULL;
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	error = isms_store_sync(&result, store, &opts);
	/* After an error, what was done before it (a merge whose push failed). */
	if (error == 0 || result.outcome == ISMS_SYNC_MERGED ||
	    result.outcome == ISMS_SYNC_FAST_FORWARD)
		print_outcome(&result);
	if (error < 0) {
		rc = cli_fail();
	} else if (result.outcome == ISMS_SYNC_CONFLICTS) {
		print_conflicts(&result, opts.remote);
		rc = EXIT_FINDINGS;
	} else if (result.unreadable_count) {
		printf("%zu %s that came in cannot be read; fix %s and commit ('isms check' lists %s):\n",
		       result.unreadable_count, plural(result.unreadable_count, "file", "files"),
		       plural(result.unreadable_count, "it", "them"),
		       plural(result.unreadable_count, "it", "them"));
		for (size_t i = 0; i < result.unreadable_count; i++)
			printf("  %s\n", result.unreadable[i].message);
		rc = EXIT_FINDINGS;
	}
	isms_sync_result_free(&result);
cleanup:
	free(choices);
	isms_store_free(store);
	cli_options_free(&o);
	return rc;
}
