/* SPDX-License-Identifier: MIT */
/* The sync action (Y): the screen is left to git while isms_sync_run
 * fetches, merges and pushes (git may ask for a password or a passphrase
 * on the terminal, and shows its progress there), as HACKING.md's
 * store/sync section says; then a text view with the outcome: the records
 * that came in, one line each (the store's summary of changes since the
 * commit before), or each conflict field by field with who changed it on
 * each side, and the `isms sync --ours ID` / `--theirs ID` commands that
 * resolve them. Conflicts are resolved with those commands, not here. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/sync.h"
#include "screen.h"
#include "sync.h"
#include "view.h"

static const char *done_word(char how)
{
	return how == 'A' ? "added" : how == 'D' ? "deleted" : how == 'T' ? "tagged" : "changed";
}

static void side(struct isms_buf *b, const char *where, const struct isms_sync_change *c)
{
	if (c->commit[0])
		isms_buf_printf(b, "    %-14s %s in %.7s by %s: %s\n", where, done_word(c->how),
				c->commit, c->author ? c->author : "?", c->summary ? c->summary : "");
	else
		isms_buf_printf(b, "    %-14s %s\n", where, done_word(c->how));
}

/* A value on one line: "(none)" when absent, its first line otherwise. */
static void value(struct isms_buf *b, const char *v)
{
	size_t n;

	if (!v) {
		isms_buf_puts(b, "(none)");
		return;
	}
	n = strcspn(v, "\n");
	if (n > 60)
		isms_buf_printf(b, "'%.57s...'", v);
	else
		isms_buf_printf(b, "'%.*s'%s", (int)n, v, v[n] && v[n + 1] ? " (and more lines)" : "");
}

static void conflict(struct isms_buf *b, const struct isms_sync_conflict *k,
		     const struct isms_sync_result *r)
{
	const char *name = k->id ? k->id : k->path;

	if (k->kind == ISMS_SYNC_ID_CLASH)
		isms_buf_printf(b, "%s (%s): two different records numbered %s, one here, one on %s\n",
				name, k->path, name, r->tracking);
	else if (k->kind == ISMS_SYNC_TAG_CLASH)
		isms_buf_printf(b, "tag %s: made both here and on %s, at different commits\n", k->path,
				r->remote);
	else if (k->kind == ISMS_SYNC_FILE_FOLDER)
		isms_buf_printf(b, "%s: a %s here, a %s on %s\n", k->path,
				k->folder_here ? "folder" : "file", k->folder_here ? "file" : "folder",
				r->tracking);
	else if (k->kind == ISMS_SYNC_CHANGED_AFTER_ACT)
		isms_buf_printf(b, "%s (%s): a decision (%s) %s and a change %s: never merged\n", name,
				k->path, k->act, k->act_side == ISMS_SYNC_OURS ? "here" : "there",
				k->act_side == ISMS_SYNC_OURS ? "there" : "here");
	else
		isms_buf_printf(b, "%s%s%s%s: %s here, %s on %s\n", name, k->id ? " (" : "",
				k->id ? k->path : "", k->id ? ")" : "", done_word(k->ours.how),
				done_word(k->theirs.how), r->tracking);
	side(b, "here:", &k->ours);
	side(b, "there:", &k->theirs);
	for (size_t i = 0; i < k->field_count; i++) {
		const struct isms_sync_field *f = &k->fields[i];

		isms_buf_printf(b, "    field %s:\n      here  ", f->name);
		value(b, f->ours);
		isms_buf_printf(b, " by %s\n      there ",
				f->ours_by ? f->ours_by : k->ours.author ? k->ours.author : "?");
		value(b, f->theirs);
		isms_buf_printf(b, " by %s\n",
				f->theirs_by ? f->theirs_by : k->theirs.author ? k->theirs.author : "?");
	}
	if (k->note)
		isms_buf_printf(b, "    not merged field by field: %s\n", k->note);
	if (k->kind == ISMS_SYNC_ID_CLASH)
		isms_buf_printf(b, "    keep both: isms sync --renumber %s\n", name);
	else if (k->kind == ISMS_SYNC_TAG_CLASH)
		isms_buf_printf(b, "    take theirs: isms sync --theirs %s\n", k->path);
	else if (k->kind != ISMS_SYNC_FILE_FOLDER)
		isms_buf_printf(b, "    keep yours: isms sync --ours %s\n"
				"    take theirs: isms sync --theirs %s\n", name, name);
	else
		isms_buf_puts(b, "    move or remove one of them (git mv), commit, sync again\n");
}

/* The records the sync brought in: what changed since `before`. */
static void came_in(struct isms_buf *b, struct isms_store *store, const char *before)
{
	struct isms_changes ch;

	memset(&ch, 0, sizeof(ch));
	if (isms_store_changes_since(&ch, store, NULL, before) < 0) {
		isms_buf_printf(b, "(what came in cannot be listed: %s)\n", isms_error_last()->message);
		return;
	}
	isms_changes_format(b, &ch);
	isms_changes_free(&ch);
}

static void outcome(struct isms_buf *b, struct isms_store *store, const struct isms_sync_result *r)
{
	if (r->commits_in)
		isms_buf_printf(b, "Fetched %s: %zu new commit(s) on %s.\n", r->remote, r->commits_in,
				r->tracking);
	switch (r->outcome) {
	case ISMS_SYNC_UP_TO_DATE:
		isms_buf_printf(b, "Already up to date with %s.\n", r->tracking);
		break;
	case ISMS_SYNC_FAST_FORWARD:
	case ISMS_SYNC_MERGED:
		isms_buf_printf(b, "%s %s [%.7s]: %zu record(s) came in, %zu deleted, %zu other "
				"file(s); %zu merged field by field.\n\nWhat came in:\n",
				r->outcome == ISMS_SYNC_MERGED ? "Merged into" : "Fast-forwarded",
				r->branch, r->after, r->records_in, r->records_deleted, r->files_in,
				r->records_merged);
		came_in(b, store, r->before);
		for (size_t i = 0; i < r->renumbered_count; i++)
			isms_buf_printf(b, "Your %s is now %s (%s).\n", r->renumbered[i].from,
					r->renumbered[i].to, r->renumbered[i].path);
		break;
	case ISMS_SYNC_CONFLICTS:
		isms_buf_printf(b, "%zu conflict(s) with %s: nothing was changed here; both versions "
				"are kept (yours on %s, theirs on %s).\n"
				"Choose for each, all in one command (choices are taken only together), "
				"then sync again.\n\n", r->conflict_count, r->tracking, r->branch,
				r->tracking);
		for (size_t i = 0; i < r->conflict_count; i++)
			conflict(b, &r->conflicts[i], r);
		break;
	case ISMS_SYNC_AHEAD:
	case ISMS_SYNC_NEW_BRANCH:
		break;
	}
	if (r->pushed)
		isms_buf_printf(b, "Pushed %s to %s.\n", r->branch, r->remote);
}

void ui_sync(struct ui_app *app)
{
	struct isms_sync_result r;
	struct isms_sync_opts opts = ISMS_SYNC_OPTS_INIT;
	struct isms_buf b = ISMS_BUF_INIT;
	int rc;

	if (ui_app_refuse_read_only(app))
		return;
	memset(&r, 0, sizeof(r));
	ui_screen_suspend("isms sync: git may ask for a password or a passphrase here "
			  "(Ctrl-C leaves it).");
	rc = isms_sync_run(&r, app->store, &opts);
	ui_screen_resume();
	if (rc < 0) {
		isms_buf_printf(&b, "The sync stopped: %s\n", isms_error_last()->message);
		if (r.remote)
			isms_buf_puts(&b, "What was done before it stopped:\n");
	}
	if (r.remote)
		outcome(&b, app->store, &r);
	snprintf(app->message, sizeof(app->message), "%s",
		 rc < 0 ? "sync stopped: see why"
		 : r.outcome == ISMS_SYNC_CONFLICTS ? "sync: conflicts, nothing changed here"
		 : "synced");
	isms_sync_result_free(&r);
	ui_app_reload(app);
	ui_text_show(app, "sync", b.ptr ? b.ptr : "", UI_TEXT_WRAPPED, NULL);
	isms_buf_free(&b);
}
