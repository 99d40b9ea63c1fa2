/* SPDX-License-Identifier: MIT */
/* Document control (27001 7.5): what needs attention, in sections, and the
 * actions that settle it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doccontrol.h"
#include "form.h"
#include "history.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "prompt.h"
#include "screen.h"
#include "theme.h"

enum item_kind { ITEM_FILE, ITEM_REVIEW, ITEM_RETENTION, ITEM_DOC };

/* A row of the view: a section heading or "none" (item < 0), or an item. */
struct row {
	int slot;
	char *text;
	long item;
};

struct item {
	enum item_kind kind;
	size_t index;  /* into the section's array */
	size_t row;
};

struct doccontrol {
	struct isms_doccontrol c;
	struct row *rows;
	size_t row_count;
	struct item *items;
	size_t item_count;
	size_t selected;
	int top;
	unsigned generation;
	char title[64];
};

void ui_doccontrol_counts(struct ui_doccontrol_counts *out, const struct isms_doccontrol *c)
{
	memset(out, 0, sizeof(*out));
	out->files = c->file_count;
	for (size_t i = 0; i < c->review_count; i++) {
		if (c->reviews[i].overdue)
			out->overdue++;
		else
			out->due++;
	}
	out->retention = c->retention_count;
	out->docs = c->doc_count;
	for (size_t i = 0; i < c->doc_count; i++)
		out->mismatched += c->docs[i].problem != NULL;
}

static void add_row(struct doccontrol *d, int slot, long item, char *text)
{
	d->rows = isms_realloc(d->rows, (d->row_count + 1) * sizeof(*d->rows));
	d->rows[d->row_count++] = (struct row){ .slot = slot, .text = text, .item = item };
}

static void add_item(struct doccontrol *d, enum item_kind kind, size_t index, char *text)
{
	d->items = isms_realloc(d->items, (d->item_count + 1) * sizeof(*d->items));
	d->items[d->item_count] = (struct item){ .kind = kind, .index = index, .row = d->row_count };
	add_row(d, UI_SLOT_HELP, (long)d->item_count++, text);
}

static void heading(struct doccontrol *d, size_t count, char *text)
{
	if (d->row_count)
		add_row(d, UI_SLOT_HELP, -1, isms_strdup(""));
	add_row(d, UI_SLOT_HEADING, -1, text);
	if (count == 0)
		add_row(d, UI_SLOT_HELP, -1, isms_strdup("  none"));
}

static void rows_free(struct doccontrol *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->row_count; i++)
		free(d->rows[i].text);
	free(d->rows);
	free(d->items);
	d->rows = NULL;
	d->items = NULL;
	d->row_count = d->item_count = 0;
}

/* Read everything again and lay out the rows, keeping the selection's place. */
static int reload(struct doccontrol *d, struct ui_app *app)
{
	const struct isms_doccontrol *c = &d->c;
	struct ui_doccontrol_counts n;
	int error;

	isms_doccontrol_free(&d->c);
	rows_free(d);
	d->generation = app->generation;
	if ((error = isms_store_doccontrol(&d->c, app->store)) < 0)
		return error;
	ui_doccontrol_counts(&n, c);
	heading(d, n.files, isms_asprintf("Changed outside the workbench: %zu (d diff, v validate, "
					  "c commit)", n.files));
	for (size_t i = 0; i < c->file_count; i++)
		add_item(d, ITEM_FILE, i, isms_asprintf("  %c  %-50s %s", c->files[i].code,
							c->files[i].path, c->files[i].id ? c->files[i].id : ""));
	heading(d, c->review_count, isms_asprintf("Reviews: %zu overdue, %zu due within 30 days",
						  n.overdue, n.due));
	for (size_t i = 0; i < c->review_count; i++)
		add_item(d, ITEM_REVIEW, i, isms_asprintf("  %-12s %s  %-7s  %s", c->reviews[i].id,
							  c->reviews[i].date,
							  c->reviews[i].overdue ? "overdue" : "due",
							  c->reviews[i].title));
	heading(d, n.retention, isms_asprintf("Retention ended: %zu (isms dispose ID -m REASON)",
					      n.retention));
	for (size_t i = 0; i < c->retention_count; i++)
		add_item(d, ITEM_RETENTION, i,
			 isms_asprintf("  %-12s retired %s, kept until %s  %s", c->retention[i].id,
				       c->retention[i].retired, c->retention[i].end, c->retention[i].title));
	heading(d, n.docs, isms_asprintf("External documents: %zu, %zu not matching their sha256 (!)",
					 n.docs, n.mismatched));
	for (size_t i = 0; i < c->doc_count; i++)
		add_item(d, ITEM_DOC, i, isms_asprintf("%c %-10s %-6s %-24.24s %s",
						       c->docs[i].problem ? '!' : ' ', c->docs[i].id,
						       c->docs[i].version, c->docs[i].title, c->docs[i].file));
	if (d->selected >= d->item_count)
		d->selected = d->item_count ? d->item_count - 1 : 0;
	return 0;
}

static int doccontrol_open(struct ui_view *view, void *arg)
{
	struct doccontrol *d = isms_calloc(1, sizeof(*d));
	int error;

	(void)arg;

	if ((error = reload(d, view->app)) < 0) {
		isms_doccontrol_free(&d->c);
		rows_free(d);
		free(d);
		return error;
	}
	view->priv = d;
	return 0;
}

static void doccontrol_close(struct ui_view *view)
{
	struct doccontrol *d = view->priv;

	isms_doccontrol_free(&d->c);
	rows_free(d);
	free(d);
	view->priv = NULL;
}

static const char *doccontrol_title(struct ui_view *view)
{
	struct doccontrol *d = view->priv;

	snprintf(d->title, sizeof(d->title), "document control (7.5)");
	return d->title;
}

static const struct item *selected(const struct doccontrol *d)
{
	return d->item_count ? &d->items[d->selected] : NULL;
}

static void doccontrol_draw(struct ui_view *view, int top, int height, int width)
{
	struct doccontrol *d = view->priv;
	const struct item *it;
	int rows = height - 1, sel;
	const char *hint = "Esc back";

	/* A save in a form opened from here changes what is listed. */
	if (d->generation != view->app->generation && reload(d, view->app) < 0)
		snprintf(view->app->message, sizeof(view->app->message), "%.150s",
			 isms_error_last()->message);
	it = selected(d);
	sel = it ? (int)it->row : 0;
	if (rows < 1)
		rows = 1;
	/* Keep the selection in sight, with its section's heading when it is the first. */
	if (it && it->row >= 1 && d->rows[it->row - 1].slot == UI_SLOT_HEADING && sel - 1 < d->top)
		d->top = sel - 1;
	if (sel < d->top)
		d->top = sel;
	if (sel >= d->top + rows)
		d->top = sel - rows + 1;
	for (int y = 0; y < rows && (size_t)(d->top + y) < d->row_count; y++) {
		const struct row *r = &d->rows[d->top + y];
		bool on = it && r->item == (long)d->selected;
		attr_t attr = on ? ui_slot_attr(UI_SLOT_SELECTED) : ui_slot_attr(r->slot);

		if (r->item >= 0 && !on && d->items[r->item].kind == ITEM_DOC &&
		    d->c.docs[d->items[r->item].index].problem)
			attr = ui_slot_attr(UI_SLOT_OVERDUE);
		else if (r->item >= 0 && !on && d->items[r->item].kind == ITEM_REVIEW &&
			 d->c.reviews[d->items[r->item].index].overdue)
			attr = ui_slot_attr(UI_SLOT_OVERDUE);
		if (on)
			ui_fill(top + y, 0, width, attr);
		ui_puts(top + y, 1, width - 1, r->text, attr);
	}
	/* The keys that apply to the selected row: on a file, c and v are
	 * about the file; elsewhere about the row's record. */
	if (it && it->kind == ITEM_FILE)
		hint = "d diff  v validate  c commit  Enter open record  h history  Esc back";
	else if (it && it->kind == ITEM_DOC)
		hint = "o open  c changes  a approve  v review  Enter record  h history  Esc back";
	else if (it && it->kind == ITEM_REVIEW)
		hint = "c changes  a approve  v review  Enter open record  h history  Esc back";
	else if (it)
		hint = "c changes  Enter open record  h history  Esc back";
	ui_puts(top + height - 1, 1, width - 1, hint, ui_slot_attr(UI_SLOT_BORDER));
}

/* The record an item is about, or NULL. */
static const char *item_id(const struct doccontrol *d, const struct item *it)
{
	if (!it)
		return NULL;
	switch (it->kind) {
	case ITEM_FILE: return d->c.files[it->index].id;
	case ITEM_REVIEW: return d->c.reviews[it->index].id;
	case ITEM_RETENTION: return d->c.retention[it->index].id;
	case ITEM_DOC: return d->c.docs[it->index].id;
	}
	return NULL;
}

static const struct isms_doccontrol_file *selected_file(struct ui_view *view)
{
	struct doccontrol *d = view->priv;
	const struct item *it = selected(d);

	if (!it || it->kind != ITEM_FILE) {
		snprintf(view->app->message, sizeof(view->app->message),
			 "select a file changed outside the workbench first");
		return NULL;
	}
	return &d->c.files[it->index];
}

static void say_error(struct ui_app *app)
{
	snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
}

static void show_diff(struct ui_view *view, const struct isms_doccontrol_file *f)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	char *title;

	if (isms_repo_diff(&buf, isms_store_repo(view->app->store), f->path, NULL, NULL) < 0) {
		say_error(view->app);
	} else {
		title = isms_asprintf("diff HEAD..working tree: %s", f->path);
		ui_text_show(view->app, title, buf.ptr ? buf.ptr : "", UI_TEXT_DIFF,
			     "No difference in the text (only its mode, or a binary file).");
		free(title);
	}
	isms_buf_free(&buf);
}

static void validate(struct ui_view *view, const struct isms_doccontrol_file *f)
{
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_buf text = ISMS_BUF_INIT;
	char *title, *empty;

	if (isms_store_validate_file(&findings, view->app->store, f->path) < 0) {
		say_error(view->app);
		goto cleanup;
	}
	isms_findings_format(&text, f->path, &findings);
	title = isms_asprintf("validate %s: %zu finding%s", f->path, findings.count,
			      findings.count == 1 ? "" : "s");
	empty = isms_asprintf("No findings: %s can be committed (c).", f->path);
	ui_text_show(view->app, title, text.ptr ? text.ptr : "", UI_TEXT_WRAPPED, empty);
	free(title);
	free(empty);
cleanup:
	isms_findings_free(&findings);
	isms_buf_free(&text);
}

static void commit(struct ui_view *view, const struct isms_doccontrol_file *f)
{
	struct ui_app *app = view->app;
	struct doccontrol *d = view->priv;
	struct isms_report report = { 0 };
	struct isms_buf text = ISMS_BUF_INIT;
	char hash[ISMS_OID_HEX], *message = NULL, *def, *path;
	char blob[ISMS_OID_HEX];
	const char *paths[1], *blobs[1] = { blob };

	if (ui_app_refuse_read_only(app))
		return;
	def = f->id ? isms_asprintf("%s: changes made outside the workbench", f->id)
		    : isms_asprintf("%s: changes made outside the workbench", f->path);
	path = isms_strdup(f->path);
	memcpy(blob, f->blob, sizeof(blob));
	if (ui_prompt_text(&message, app, "Commit message", def) != 1 || !*message) {
		snprintf(app->message, sizeof(app->message), "not committed");
		goto cleanup;
	}
	paths[0] = path;
	/* Committed as listed: if someone committed since, or the file changed
	 * since, that is a conflict. */
	if (isms_store_commit_files_pinned(hash, &report, app->store, paths, blobs, 1, message,
					   d->c.head) < 0) {
		if (!hash[0] && report.count) {
			for (size_t i = 0; i < report.count; i++)
				isms_findings_format(&text, report.files[i].path, &report.files[i].findings);
			ui_text_show(app, "not committed: the findings", text.ptr ? text.ptr : "",
				     UI_TEXT_WRAPPED, NULL);
		}
		snprintf(app->message, sizeof(app->message), "not committed: %.130s",
			 isms_error_last()->message);
	} else {
		snprintf(app->message, sizeof(app->message), "committed %.60s: [%.7s] %.60s", path,
			 hash, message);
	}
	ui_app_reload(app);
cleanup:
	isms_report_free(&report);
	isms_buf_free(&text);
	free(message);
	free(def);
	free(path);
}

static void view_file(struct ui_view *view)
{
	struct doccontrol *d = view->priv;
	const struct item *it = selected(d);
	struct ui_app *app = view->app;
	char *full;
	int error;

	if (!it || it->kind != ITEM_DOC) {
		snprintf(app->message, sizeof(app->message), "select an external document first");
		return;
	}
	if (isms_store_doc_file_path(&full, app->store, d->c.docs[it->index].file) < 0)
		say_error(app);
	else if ((error = ui_screen_run_viewer(full)) == ISMS_ENOTFOUND)
		snprintf(app->message, sizeof(app->message), "no viewer (set ISMS_VIEWER); the file: %.100s",
			 full);
	else if (error < 0)
		say_error(app);
	free(full);
}

static void open_record(struct ui_view *view)
{
	struct doccontrol *d = view->priv;
	const struct item *it = selected(d);
	const char *id = item_id(d, it);
	struct isms_record *rec;

	if (!id) {
		/* A file that is no record: what changed in it. */
		if (it && it->kind == ITEM_FILE)
			show_diff(view, &d->c.files[it->index]);
		return;
	}
	if (isms_store_load(&rec, view->app->store, id) < 0)
		say_error(view->app);
	else
		ui_form_open(view->app, rec);
}

static enum ui_action doccontrol_key(struct ui_view *view, enum ui_action action)
{
	struct doccontrol *d = view->priv;
	const struct isms_doccontrol_file *f;
	const char *id;

	if (ui_select(&d->selected, d->item_count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
		open_record(view);
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if ((id = item_id(d, selected(d))))
			ui_history((struct ui *)(void *)view->app, id);
		return UI_HANDLED;
	case UI_ACTION_CHANGES:
	case UI_ACTION_APPROVE:
	case UI_ACTION_REVIEW:
		/* On a file row c and v are the file's: passed on as commit
		 * and validate. */
		if (!selected(d))
			return UI_HANDLED;
		if (selected(d)->kind == ITEM_FILE && action != UI_ACTION_APPROVE)
			return action == UI_ACTION_CHANGES ? UI_ACTION_COMMIT_FILE : UI_ACTION_VALIDATE;
		if ((id = item_id(d, selected(d))))
			ui_record_action(view->app, action, id, NULL);
		else
			snprintf(view->app->message, sizeof(view->app->message),
				 "this file is no record: nothing to approve");
		return UI_HANDLED;
	case UI_ACTION_DIFF_FILE:
		if ((f = selected_file(view)))
			show_diff(view, f);
		return UI_HANDLED;
	case UI_ACTION_VALIDATE:
		if ((f = selected_file(view)))
			validate(view, f);
		return UI_HANDLED;
	case UI_ACTION_COMMIT_FILE:
		if ((f = selected_file(view)))
			commit(view, f);
		return UI_HANDLED;
	case UI_ACTION_VIEW_FILE:
		view_file(view);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_doccontrol_ops = {
	.name = "doc-control",
	.open = doccontrol_open,
	.title = doccontrol_title,
	.draw = doccontrol_draw,
	.key = doccontrol_key,
	.close = doccontrol_close,
};

void ui_doccontrol_open(struct ui_app *app)
{
	if (ui_app_push(app, &ui_doccontrol_ops, NULL) < 0)
		say_error(app);
}
