/* SPDX-License-Identifier: MIT */
/* The review cycle in the workbench (27001 7.5.2, 7.5.3): what changed
 * since the last approval, approving, reviewing. The store decides what is
 * allowed; these dialogs ask, call it and say what happened. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "history.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/repo.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "prompt.h"
#include "screen.h"
#include "theme.h"
#include "view.h"

static int wrap_width(void)
{
	return COLS > 12 ? COLS - 3 : 10;
}

/* Who approved the version at `tag`, when, and whether its signature
 * verifies, from the file as approved. */
static void add_approval(struct ui_lines *lines, struct isms_store *store, const char *tag,
			 const char *path)
{
	struct isms_repo *repo = isms_store_repo(store);
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *root = NULL;
	const char *by = NULL, *on = NULL, *version = NULL;
	int verified = isms_repo_verify(repo, tag);
	char *line;

	if (isms_repo_read(&text, repo, tag, path) == 0 &&
	    isms_yaml_load(&root, NULL, text.ptr, text.len, path, NULL) == 0 &&
	    root->type == ISMS_NODE_MAP) {
		by = isms_map_get_text(root, "approved_by");
		on = isms_map_get_text(root, "approved_on");
		version = isms_map_get_text(root, "version");
	}
	isms_error_clear();
	line = isms_asprintf("Approved: v%s on %s by %s", version ? version : "?", on ? on : "?",
			     by ? by : "?");
	ui_lines_wrap(lines, UI_SLOT_HEADING, 0, wrap_width(), line);
	free(line);
	line = isms_asprintf("Tag %s, %s", tag, isms_signature_state(verified));
	ui_lines_wrap(lines, UI_SLOT_HELP, 2, wrap_width(), line);
	free(line);
	isms_node_free(root);
	isms_buf_free(&text);
}

/* The summary as `isms diff --since` prints it, the commits since with
 * their authors, then the diffs: to the last commit, and from it to the
 * working tree when that differs. */
static void add_changes(struct ui_lines *lines, struct isms_store *store,
			const struct isms_changes *c)
{
	struct isms_buf summary = ISMS_BUF_INIT, diff = ISMS_BUF_INIT, work = ISMS_BUF_INIT;

	isms_changes_format(&summary, c);
	ui_text_lines(lines, isms_buf_cstr(&summary), false);
	ui_lines_add(lines, UI_SLOT_HELP, 0, "");
	ui_lines_add(lines, UI_SLOT_HEADING, 0,
		     c->log.count ? "Commits since, newest first:" : "No commit since.");
	for (size_t i = 0; i < c->log.count; i++) {
		const struct isms_log_entry *e = &c->log.items[i];
		char date[32], *line;

		isms_date_format(date, e->time, e->offset);
		line = isms_asprintf("%.7s %.10s %s: %s", e->id, date, e->author ? e->author : "",
				     e->summary ? e->summary : "");
		ui_lines_wrap(lines, UI_SLOT_HELP, 2, wrap_width(), line);
		free(line);
	}
	ui_lines_add(lines, UI_SLOT_HELP, 0, "");
	if (isms_changes_diff(&diff, store, c, c->from, "HEAD") < 0) {
		ui_lines_wrap(lines, UI_SLOT_NOTICE, 0, wrap_width(), isms_error_last()->message);
	} else if (diff.len == 0) {
		ui_lines_add(lines, UI_SLOT_NOTICE, 0, "No difference in the committed files.");
	} else {
		ui_lines_add(lines, UI_SLOT_HEADING, 0, "Committed since:");
		ui_text_lines(lines, isms_buf_cstr(&diff), true);
	}
	if (isms_changes_diff(&work, store, c, NULL, NULL) == 0 && work.len) {
		ui_lines_add(lines, UI_SLOT_HELP, 0, "");
		ui_lines_add(lines, UI_SLOT_NOTICE, 0, "Not committed (the working tree differs):");
		ui_text_lines(lines, isms_buf_cstr(&work), true);
	}
	isms_error_clear();
	isms_buf_free(&summary);
	isms_buf_free(&diff);
	isms_buf_free(&work);
}

int ui_changes_lines(struct ui_lines *lines, char seen[ISMS_OID_HEX], char **title,
		     struct ui_app *app, const char *id)
{
	struct isms_changes c;
	struct isms_record *rec = NULL;
	struct isms_buf head = ISMS_BUF_INIT;
	int error = isms_store_changes_since(&c, app->store, id, "approved");

	seen[0] = '\0';
	if (error == ISMS_ENOTFOUND) {
		struct isms_log log = { 0 };
		char *path = NULL, *first = NULL;

		if (isms_store_record_path(&path, app->store, id) == 0 &&
		    isms_repo_log(&log, isms_store_repo(app->store), path, 0) == 0 && log.count)
			first = isms_asprintf("%s~1", log.items[log.count - 1].id);
		isms_log_free(&log);
		free(path);
		if (!first)
			return isms_error_set(ISMS_ENOTFOUND, "never approved, and no commits yet");
		ui_lines_add(lines, UI_SLOT_NOTICE, 0, "Never approved: the changes since it was created.");
		error = isms_store_changes_since(&c, app->store, id, first);
		free(first);
		if (error == 0) {
			free(c.label);
			c.label = isms_strdup("before its first commit");
		}
	}
	if (error < 0) {
		ui_lines_free(lines);
		return error;
	}
	if (isms_store_load(&rec, app->store, id) == 0) {
		const char *t = isms_map_get_text(rec->root, "title");
		const char *v = isms_map_get_text(rec->root, "version");
		const char *s = isms_map_get_text(rec->root, "status");
		char *line = isms_asprintf("%s %s: now v%s, %s", id, t ? t : "", v ? v : "?",
					   s ? s : "no status");

		ui_lines_wrap(lines, UI_SLOT_HEADING, 0, wrap_width(), line);
		free(line);
	}
	/* The file committed when the view was made, read before the diffs:
	 * what `a` and `v` there act on. */
	if (isms_repo_read(&head, isms_store_repo(app->store), "HEAD", c.path) == 0)
		isms_repo_hash(seen, head.ptr, head.len);
	isms_error_clear();
	if (strncmp(c.label, "approved/", 9) == 0)
		add_approval(lines, app->store, c.label, c.path);
	add_changes(lines, app->store, &c);
	*title = isms_asprintf("changes in %s since %s", id, c.label);
	isms_buf_free(&head);
	isms_record_free(rec);
	isms_changes_free(&c);
	return 0;
}

/* What changed in record `id` since its approval, in a view of its own. */
static void show_changes(struct ui_app *app, const char *id)
{
	struct ui_lines lines = { 0 };
	char seen[ISMS_OID_HEX], *title = NULL;

	if (ui_changes_lines(&lines, seen, &title, app, id) < 0) {
		ui_say_error(app, id);
		return;
	}
	ui_text_open(app, id, seen[0] ? seen : NULL, title, &lines);
	free(title);
}

void ui_changes_since(struct ui_app *app)
{
	struct isms_changes c;
	struct ui_lines lines = { 0 };
	char *since = NULL, *title;

	if (ui_prompt_text_about(&since, app, "What changed in the ISMS since",
				 "a date (YYYY-MM-DD), a tag or a revision:", "") != 1 || !*since) {
		free(since);
		return;
	}
	if (isms_store_changes_since(&c, app->store, NULL, since) < 0) {
		ui_say_error(app, since);
		free(since);
		return;
	}
	add_changes(&lines, app->store, &c);
	title = isms_asprintf("changes since %s", since);
	ui_text_open(app, NULL, NULL, title, &lines);
	free(title);
	free(since);
	isms_changes_free(&c);
}

/* Approval and review are for controlled documents: say so before asking. */
static bool controlled(struct ui_app *app, const struct isms_record *rec)
{
	if (rec->kind->controlled)
		return true;
	snprintf(app->message, sizeof(app->message),
		 "%.40s is a %.30s record, not a controlled document: nothing to approve or review",
		 rec->id, rec->kind->name);
	return false;
}

/* Say why approving or reviewing `id` is refused, in full; when the file
 * committed is no longer the one `seen` in the view, say that plainly. */
static void refused(struct ui_app *app, const char *what, const char *id, const char *path,
		    const char *seen, int error)
{
	struct isms_buf head = ISMS_BUF_INIT;
	char hash[ISMS_OID_HEX] = "";

	if (error == ISMS_ECONFLICT && seen &&
	    isms_repo_read(&head, isms_store_repo(app->store), "HEAD", path) == 0)
		isms_repo_hash(hash, head.ptr, head.len);
	isms_buf_free(&head);
	if (hash[0] && strcmp(hash, seen) != 0) {
		char *text = isms_asprintf("%s changed since you opened this view; press c to see it "
					   "again", id);

		/* Short enough for the status bar at 80 columns, without "WHAT:". */
		if (ui_text_width(text, strlen(text)) <= COLS - 2 && strlen(text) < sizeof(app->message)) {
			snprintf(app->message, sizeof(app->message), "%s", text);
		} else {
			isms_error_set(ISMS_ECONFLICT, "%s", text);
			ui_say_refusal(app, what);
		}
		free(text);
		return;
	}
	ui_say_refusal(app, what);
}

/* Who acts, on a line of its own in the dialogs. */
static char *identity(struct ui_app *app, const char *id)
{
	char *name = NULL, *email = NULL, *who = NULL;

	if (isms_repo_identity(&name, &email, isms_store_repo(app->store)) == 0)
		who = isms_asprintf("by %s <%s>", name, email);
	else
		ui_say_error(app, id);
	free(name);
	free(email);
	return who;
}

/* When git is configured to sign what `act` commits (and with `tag`, the
 * tag too), the signing program may ask for a passphrase on the terminal:
 * give it the terminal, saying why the screen went away. True when the
 * screen was suspended (ui_screen_resume after the act). */
static bool suspend_for_signing(struct ui_app *app, const char *act, const char *id, bool tag)
{
	struct isms_repo *repo = isms_store_repo(app->store);
	bool sign = false;
	char *program = NULL, *note;

	if (isms_repo_signing(&sign, &program, repo, false) == 0 && !sign && tag)
		isms_repo_signing(&sign, &program, repo, true);
	isms_error_clear();  /* a configuration that cannot sign: the act says so */
	if (!sign || !program) {
		free(program);
		return false;
	}
	note = isms_asprintf("Signing the %s of %s with %s...", act, id, program);
	ui_screen_suspend(note);
	free(note);
	free(program);
	return true;
}

/* Record `id`, when it may be approved (or reviewed) now: writable, a
 * controlled document, committed as `seen` (when given). Otherwise NULL,
 * with the reason said. */
static struct isms_record *ready_record(struct ui_app *app, const char *id, const char *seen,
					bool approval)
{
	struct isms_record *rec = NULL;
	int error;

	if (ui_app_refuse_read_only(app))
		return NULL;
	if (isms_store_load(&rec, app->store, id) < 0) {
		ui_say_error(app, id);
		return NULL;
	}
	if (!controlled(app, rec)) {
		isms_record_free(rec);
		return NULL;
	}
	if ((error = isms_store_review_ready(app->store, rec, seen, approval)) < 0) {
		refused(app, approval ? "not approved" : "no review", id, rec->path, seen, error);
		isms_record_free(rec);
		return NULL;
	}
	return rec;
}

/* Ask for the note of the approval of `rec`, saying what is approved (or,
 * for an approval whose tag failed, finished) and by whom. False when it is
 * not to be given (the message says why). */
static bool ask_approval_note(char **note, struct ui_app *app, const char *id,
			      struct isms_record *rec)
{
	struct isms_unfinished unfinished;
	char version[ISMS_VERSION_MAX];
	char *who = NULL, *question = NULL, *about = NULL;
	const char *title;
	bool go_on = false;
	int error;

	memset(&unfinished, 0, sizeof(unfinished));
	/* An approval whose tag failed: the store finishes it rather than
	 * approving again, so ask that. */
	if ((error = isms_store_unfinished_approval(&unfinished, app->store, id, rec->path)) < 0) {
		ui_say_error(app, id);
		goto cleanup;
	}
	if (!error && isms_store_approval_version(version, app->store, rec) < 0) {
		ui_say_error(app, id);
		goto cleanup;
	}
	if (!(who = identity(app, id)))
		goto cleanup;
	title = isms_map_get_text(rec->root, "title");
	if (error) {
		question = isms_asprintf("Finish the approval of %s v%s?", id, unfinished.version);
		about = isms_asprintf("%s\nIts commit %.7s has no tag %s\n%s\nA note for the tag "
				      "(may be empty):", title ? title : rec->kind->title,
				      unfinished.commit, unfinished.tag, who);
	} else {
		question = isms_asprintf("Approve %s as v%s?", id, version);
		about = isms_asprintf("%s\n%s\nA note (may be empty):", title ? title : rec->kind->title,
				      who);
	}
	if (ui_prompt_text_about(note, app, question, about, "") != 1) {
		snprintf(app->message, sizeof(app->message), "not approved");
		goto cleanup;
	}
	go_on = true;
cleanup:
	isms_unfinished_free(&unfinished);
	free(who);
	free(question);
	free(about);
	return go_on;
}

/* Say what an approval did: its tag, the tag's signature, self-approval. */
static void say_approved(struct ui_app *app, const char *id, const char *commit,
			 const struct isms_approval *approval)
{
	char done[96];
	int verified = isms_repo_verify(isms_store_repo(app->store), approval->tag);

	isms_error_clear();
	/* Finished, the tag names the commit: the line fits 80 columns. */
	if (approval->finished)
		snprintf(done, sizeof(done), "finished the approval of %.30s v%.15s", id,
			 approval->version);
	else
		snprintf(done, sizeof(done), "approved %.30s v%.15s [%.7s]", id, approval->version,
			 commit);
	snprintf(app->message, sizeof(app->message), "%.70s: tag %.50s, %s%s", done, approval->tag,
		 isms_signature_state(verified), approval->self_approved ? ", self-approved" : "");
}

static void approve(struct ui_app *app, const char *id, const char *seen)
{
	struct isms_record *rec = NULL;
	struct isms_approval approval;
	char commit[ISMS_OID_HEX] = "", *note = NULL;
	bool suspended;
	int error;

	memset(&approval, 0, sizeof(approval));
	if (!(rec = ready_record(app, id, seen, true)))
		return;
	/* An approval is given to a text the approver has seen: from a list
	 * or a search result, show what changed first; `a` there approves. */
	if (!seen) {
		size_t depth = app->depth;

		show_changes(app, id);
		if (app->depth > depth)  /* otherwise the message says why not */
			snprintf(app->message, sizeof(app->message),
				 "%.40s: read what you would approve, then press a to approve it", id);
		goto cleanup;
	}
	if (!ask_approval_note(&note, app, id, rec))
		goto cleanup;
	suspended = suspend_for_signing(app, "approval", id, true);
	error = isms_store_approve(commit, &approval, app->store, rec, note, seen);
	if (suspended)
		ui_screen_resume();
	if (error < 0) {
		if (commit[0]) {
			ui_say_refusal(app, "approved, but");
			ui_app_reload(app);
		} else {
			refused(app, "not approved", id, rec->path, seen, error);
			ui_app_reload(app);  /* what is on disk now */
		}
		goto cleanup;
	}
	say_approved(app, id, commit, &approval);
	ui_app_reload(app);
cleanup:
	isms_approval_free(&approval);
	isms_record_free(rec);
	free(note);
}

/* Comments a refused review would lose: kept as a draft, and said where. */
static void keep_comments(struct ui_app *app, const char *id, const char *comments)
{
	char *name = isms_asprintf("%s-review", id), *path = NULL, *why;

	why = isms_strdup(isms_error_last()->message);
	if (ui_draft_write_text(&path, app->store, name, comments) == 0)
		isms_error_set(ISMS_ECONFLICT, "%s; your comments are kept in %s", why, path);
	else
		isms_error_set(ISMS_ECONFLICT, "%s; your comments could not be kept (%s): they were:\n\n%s",
			       why, isms_error_last()->message, comments);
	ui_say_refusal(app, "no review");
	free(why);
	free(path);
	free(name);
}

static void review(struct ui_app *app, const char *id, const char *seen)
{
	struct isms_record *rec = NULL;
	char commit[ISMS_OID_HEX], *who = NULL, *question = NULL, *about = NULL;
	char *comments = NULL;
	const char *decision, *version;
	bool suspended;
	enum ui_action choice;
	int error;

	/* Refused now rather than after the comments are written. */
	if (!(rec = ready_record(app, id, seen, false)))
		return;
	if (!(who = identity(app, id)))
		goto cleanup;
	version = isms_map_get_text(rec->root, "version");
	question = isms_asprintf("Review of %s%s%s: your decision", id, version ? " v" : "",
				 version ? version : "");
	choice = ui_prompt_choice(app, question, "verdict");
	if (choice != UI_ACTION_VERDICT_APPROVE && choice != UI_ACTION_VERDICT_CHANGES) {
		snprintf(app->message, sizeof(app->message), "no review");
		goto cleanup;
	}
	decision = choice == UI_ACTION_VERDICT_APPROVE ? "approve" : "changes-requested";
	free(question);
	question = isms_asprintf("Review of %s%s%s: comments", id, version ? " v" : "",
				 version ? version : "");
	about = isms_asprintf("%s, %s\nComments (Enter on none opens $EDITOR):", decision, who);
	if (ui_prompt_text_about(&comments, app, question, about, "") != 1) {
		snprintf(app->message, sizeof(app->message), "no review");
		goto cleanup;
	}
	if (!*comments) {
		/* Longer comments are written in the editor. */
		struct isms_buf text = ISMS_BUF_INIT;
		char *file = isms_asprintf("%s-review", id);

		free(comments);
		comments = NULL;
		if (ui_screen_edit_text(&text, file, NULL) == 0)
			comments = text.len ? isms_buf_detach(&text) : isms_strdup("");
		else
			ui_say_error(app, "no review");
		isms_buf_free(&text);
		free(file);
		if (!comments)
			goto cleanup;
	}
	if (!*comments) {
		snprintf(app->message, sizeof(app->message), "no review: a review needs comments");
		goto cleanup;
	}
	suspended = suspend_for_signing(app, "review", id, false);
	error = isms_store_review(commit, app->store, rec, decision, comments, seen);
	if (suspended)
		ui_screen_resume();
	if (error < 0) {
		keep_comments(app, id, comments);
		goto cleanup;
	}
	snprintf(app->message, sizeof(app->message), "reviewed %.40s (%s): [%.7s]", id, decision,
		 commit);
	ui_app_reload(app);
cleanup:
	isms_record_free(rec);
	free(who);
	free(question);
	free(about);
	free(comments);
}

void ui_record_action(struct ui_app *app, enum ui_action action, const char *id,
		      const char *seen)
{
	switch (action) {
	case UI_ACTION_CHANGES:
		show_changes(app, id);
		break;
	case UI_ACTION_APPROVE:
		approve(app, id, seen);
		break;
	case UI_ACTION_REVIEW:
		review(app, id, seen);
		break;
	default:
		break;
	}
}
