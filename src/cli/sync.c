/* SPDX-License-Identifier: MIT */
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
	return how == 'A' ? "added" : how == 'D' ? "deleted" : how == 'T' ? "tagged" : "changed";
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

/* A value shown in a line: its first line, cut short; "(none)" when absent. */
static char *short_value(const char *v)
{
	size_t n;

	if (!v)
		return isms_strdup("(none)");
	n = strcspn(v, "\n");
	if (n > 50)
		return isms_asprintf("'%.47s...'", v);
	return isms_asprintf("'%.*s'%s", (int)n, v, v[n] && v[n + 1] ? " (and more lines)" : "");
}

/* Each field in conflict: both values, with who changed each side. */
static void print_fields(const struct isms_sync_conflict *k, const char *t)
{
	for (size_t i = 0; i < k->field_count; i++) {
		const struct isms_sync_field *f = &k->fields[i];
		char *o = short_value(f->ours), *th = short_value(f->theirs);

		if (k->kind == ISMS_SYNC_CHANGED_AFTER_ACT)
			printf("    field %s: %s here, %s on %s\n", f->name, o, th, t);
		else
			printf("    field %s: here %s by %s; on %s %s by %s\n", f->name, o,
			       f->ours_by ? f->ours_by : k->ours.author ? k->ours.author : "?", t, th,
			       f->theirs_by ? f->theirs_by
			       : k->theirs.author ? k->theirs.author : "?");
		free(o);
		free(th);
	}
	if (k->note)
		printf("    not merged field by field: %s\n", k->note);
}

/* "accepted", for "changed after it was accepted". */
static const char *act_done(const char *act)
{
	if (strcmp(act, "accept") == 0)
		return "accepted";
	if (strcmp(act, "approve-plan") == 0)
		return "given its plan's approval";
	if (strcmp(act, "close") == 0)
		return "closed";
	if (strcmp(act, "acknowledge") == 0)
		return "acknowledged";
	return "approved";
}

/* "isms sync[ REMOTE]" */
static void print_command(const char *remote_arg)
{
	printf("  isms sync%s%s", remote_arg ? " " : "", remote_arg ? remote_arg : "");
}

/* How many conflicts of each sort a sync met, and the one to compare. */
struct conflict_count {
	size_t records, files, clashes, tags, folders;
	size_t changed;  /* records + files: changed on both sides */
	const struct isms_sync_conflict *first;
};

static void count_conflicts(struct conflict_count *n, const struct isms_sync_result *r)
{
	memset(n, 0, sizeof(*n));
	for (size_t i = 0; i < r->conflict_count; i++) {
		const struct isms_sync_conflict *k = &r->conflicts[i];

		if (k->kind == ISMS_SYNC_ID_CLASH)
			n->clashes++;
		else if (k->kind == ISMS_SYNC_TAG_CLASH)
			n->tags++;
		else if (k->kind == ISMS_SYNC_FILE_FOLDER)
			n->folders++;
		else if (k->id)
			n->records++;
		else
			n->files++;
		/* The one to compare: a record both changed, else a file. */
		if (k->kind == ISMS_SYNC_BOTH_CHANGED &&
		    (!n->first || (!n->first->id && k->id && k->ours.how != 'D' && k->theirs.how != 'D')))
			n->first = k;
	}
	n->changed = n->records + n->files;
}

/* "2 records and 1 other file were changed both here and on origin/main." */
static void print_conflict_counts(const struct conflict_count *n, const struct isms_sync_result *r)
{
	const char *t = r->tracking;

	if (n->records && n->files)
		printf("%zu %s and %zu other %s were changed both here and on %s.\n", n->records,
		       plural(n->records, "record", "records"), n->files,
		       plural(n->files, "file", "files"), t);
	else if (n->changed)
		printf("%zu %s changed both here and on %s.\n", n->changed,
		       n->records ? plural(n->records, "record was", "records were")
				  : plural(n->files, "file was", "files were"), t);
	if (n->clashes)
		printf("%zu %s added both here and on %s under the same ID.\n", n->clashes,
		       plural(n->clashes, "new record was", "new records were"), t);
	if (n->folders)
		printf("%zu %s a file on one side and a folder on the other.\n", n->folders,
		       plural(n->folders, "path is", "paths are"));
	if (n->tags)
		printf("%zu %s made both here and on %s, at different commits.\n", n->tags,
		       plural(n->tags, "tag was", "tags were"), r->remote);
}

/* One conflict: what it is, and who changed it on each side. */
static void print_conflict(const struct isms_sync_conflict *k, const struct isms_sync_result *r)
{
	const char *t = r->tracking;
	char here = k->ours.how, there = k->theirs.how;

	if (k->kind == ISMS_SYNC_ID_CLASH)
		printf("  %s (%s): two different records were both numbered %s, one here "
		       "and one on %s\n", k->id, k->path, k->id, t);
	else if (k->kind == ISMS_SYNC_TAG_CLASH && k->id)
		printf("  %s: %s was approved both here and on %s, as the same version in "
		       "different commits\n", k->path, k->id, r->remote);
	else if (k->kind == ISMS_SYNC_TAG_CLASH)
		printf("  tag %s: made both here and on %s, at different commits\n", k->path,
		       r->remote);
	else if (k->kind == ISMS_SYNC_FILE_FOLDER)
		printf("  %s: a %s here, a %s on %s (%s)\n", k->path,
		       k->folder_here ? "folder" : "file", k->folder_here ? "file" : "folder",
		       t, k->inside);
	else if (k->kind == ISMS_SYNC_CHANGED_AFTER_ACT)
		printf("  %s (%s): %s %s%s, and changed %s%s: a decision is never merged with "
		       "a change made without it\n", k->id, k->path, act_done(k->act),
		       k->act_side == ISMS_SYNC_OURS ? "here" : "on ",
		       k->act_side == ISMS_SYNC_OURS ? "" : t,
		       k->act_side == ISMS_SYNC_OURS ? "on " : "here",
		       k->act_side == ISMS_SYNC_OURS ? t : "");
	else {
		if (k->id)
			printf("  %s (%s): ", k->id, k->path);
		else
			printf("  %s: ", k->path);
		if (here == there)
			printf("%s here and on %s\n", done_word(here), t);
		else
			printf("%s here, %s on %s\n", done_word(here), done_word(there), t);
	}
	print_side("here", &k->ours);
	print_side(k->kind == ISMS_SYNC_TAG_CLASH ? r->remote : t, &k->theirs);
	print_fields(k, t);
}

/* The sync to run again with a choice for each conflict, and what the
 * choices mean. */
static void print_choices(const struct conflict_count *n, const struct isms_sync_result *r,
			  const struct isms_sync_opts *opts)
{
	const char *t = r->tracking;

	if (opts->choice_count || opts->renumber_count)
		printf("The choices given were not applied: they are taken only all together.\n");
	printf("Then sync again with a choice for each of them, all in one command (choices "
	       "are taken only together), e.g.\n");
	print_command(opts->remote);
	for (size_t i = 0; i < opts->choice_count; i++)
		printf(" --%s %s", opts->choices[i].side == ISMS_SYNC_OURS ? "ours" : "theirs",
		       opts->choices[i].record);
	for (size_t i = 0; i < opts->renumber_count; i++)
		printf(" --renumber %s", opts->renumber[i]);
	for (size_t i = 0; i < r->conflict_count; i++) {
		const struct isms_sync_conflict *k = &r->conflicts[i];

		if (k->kind == ISMS_SYNC_FILE_FOLDER)
			continue;
		if (k->kind == ISMS_SYNC_TAG_CLASH)
			printf(" --theirs %s", k->path);
		else
			printf(" %s %s", k->kind == ISMS_SYNC_ID_CLASH ? "--renumber" : "--ours",
			       k->id ? k->id : k->path);
	}
	printf("\n");
	if (n->changed)
		printf("  --ours ID keeps the values here for the fields in conflict, --theirs ID\n"
		       "  takes those on %s (the other fields stay merged; a record not merged\n"
		       "  field by field, or with a decision, is taken whole); the version not kept\n"
		       "  stays in history, named in the merge commit.\n", t);
	if (n->clashes)
		printf("  --renumber ID keeps both records: yours gets the next free number, and the\n"
		       "  records you added or changed that refer to it follow.\n");
	if (n->tags)
		printf("  --theirs TAG takes the tag on %s (tags there are never replaced); yours\n"
		       "  is kept as refs/isms/replaced-tags/TAG. Approve again as a new version\n"
		       "  if yours is the approval that should count.\n", r->remote);
}

/* Each record in conflict, who changed it on each side, and what to do. */
static void print_conflicts(const struct isms_sync_result *r, const struct isms_sync_opts *opts)
{
	const char *t = r->tracking;
	struct conflict_count n;

	count_conflicts(&n, r);
	print_conflict_counts(&n, r);
	if (r->retried && strcmp(r->first_after, r->before) != 0)
		printf("%s moved on while pushing; your merge [%.7s] is committed here, not "
		       "pushed, and nothing else was changed.\n", r->remote, r->first_after);
	else
		printf("Nothing was changed here.\n");
	for (size_t i = 0; i < r->conflict_count; i++)
		print_conflict(&r->conflicts[i], r);
	printf("Both versions are kept: yours on %s, theirs on %s.", r->branch, t);
	if (n.first) {
		printf(" Compare them, e.g.\n");
		if (n.first->id && n.first->ours.how != 'D' && n.first->theirs.how != 'D')
			printf("  isms diff %s %s %s\n", n.first->id, r->branch, t);
		else
			printf("  git diff %s %s -- %s\n", r->branch, t, n.first->path);
	} else {
		printf("\n");
	}
	if (n.folders)
		printf("A file and a folder cannot both be kept under one name, and no side can be\n"
		       "chosen for it: move one of them (git mv) or remove it, commit, and sync again.\n");
	if (n.folders != r->conflict_count)
		print_choices(&n, r, opts);
}

/* "2 records and 1 other file came in" */
static void print_came_in(const struct isms_sync_result *r)
{
	if (!r->records_in && !r->records_deleted && !r->files_in) {
		printf("nothing came in");
		return;
	}
	if (r->records_in)
		printf("%zu %s came in", r->records_in, plural(r->records_in, "record", "records"));
	if (r->records_deleted)
		printf("%s%zu %s deleted", r->records_in ? ", " : "", r->records_deleted,
		       plural(r->records_deleted, "record", "records"));
	if (r->files_in)
		printf("%s%zu other %s changed", r->records_in || r->records_deleted ? ", " : "",
		       r->files_in, plural(r->files_in, "file", "files"));
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
		printf("Fast-forwarded %s to %s [%.7s]: ", r->branch, r->tracking, r->after);
		print_came_in(r);
		printf(".\n");
		break;
	case ISMS_SYNC_MERGED:
		printf("Merged %s into %s [%.7s]: ", r->tracking, r->branch, r->after);
		print_came_in(r);
		if (r->records_merged)
			printf(" (%zu %s changed on both sides, merged field by field)",
			       r->records_merged, plural(r->records_merged, "record", "records"));
		printf(".\n");
		for (size_t i = 0; i < r->renumbered_count; i++)
			printf("Your %s is now %s (%s); %s is the one from %s.\n",
			       r->renumbered[i].from, r->renumbered[i].to, r->renumbered[i].path,
			       r->renumbered[i].from, r->tracking);
		break;
	case ISMS_SYNC_AHEAD:
	case ISMS_SYNC_NEW_BRANCH:
	case ISMS_SYNC_CONFLICTS:
		break;
	}
	if (r->retried)
		printf("%s moved on while this sync ran (someone pushed meanwhile): fetched and "
		       "merged again.\n", r->remote);
	for (size_t i = 0; i < r->tags_taken_count; i++)
		printf("Took %s from %s; yours is kept as refs/isms/replaced-tags/%s.\n",
		       r->tags_taken[i], r->remote, r->tags_taken[i]);
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

	PARSE_OR_RETURN(&o, argc, argv, "UENj", 0, 1);
	choices = isms_calloc(o.our_count + o.their_count + 1, sizeof(*choices));
	for (size_t i = 0; i < o.our_count; i++)
		choices[opts.choice_count++] = (struct isms_sync_choice){
			.record = o.ours[i], .side = ISMS_SYNC_OURS };
	for (size_t i = 0; i < o.their_count; i++)
		choices[opts.choice_count++] = (struct isms_sync_choice){
			.record = o.theirs[i], .side = ISMS_SYNC_THEIRS };
	for (size_t i = 0; i < opts.choice_count + o.renumber_count; i++) {
		const char *a = i < opts.choice_count ? choices[i].record
						      : o.renumber[i - opts.choice_count];

		for (size_t j = 0; j < i; j++)
			if (strcmp(a, j < opts.choice_count ? choices[j].record
							    : o.renumber[j - opts.choice_count]) == 0) {
				rc = cli_usage("sync", "%s is chosen twice; choose one of --ours, "
					       "--theirs and --renumber for it", a);
				goto cleanup;
			}
	}
	opts.renumber = o.renumber;
	opts.renumber_count = o.renumber_count;
	opts.choices = choices;
	opts.remote = o.arg_count ? o.args[0] : NULL;
	if ((rc = cli_open_store(&store)) != 0)
		goto cleanup;
	error = isms_sync_run(&result, store, &opts);
	if (o.json) {
		cli_sync_json(&result, error < 0 ? isms_error_last()->message : NULL);
		rc = error < 0 ? cli_fail()
			: result.outcome == ISMS_SYNC_CONFLICTS || result.unreadable_count
			? EXIT_FINDINGS : 0;
		isms_sync_result_free(&result);
		goto cleanup;
	}
	/* After an error, what was done before it (a merge whose push failed). */
	if (error == 0 || result.outcome == ISMS_SYNC_MERGED ||
	    result.outcome == ISMS_SYNC_FAST_FORWARD)
		print_outcome(&result);
	if (error < 0) {
		rc = cli_fail();
	} else if (result.outcome == ISMS_SYNC_CONFLICTS) {
		print_conflicts(&result, &opts);
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
