/* SPDX-License-Identifier: MIT */
/* The form view: one row per field of the record's kind, then the keys the
 * kind does not know (kept, not edited). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/text.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/yaml.h"
#include "draft.h"
#include "history.h"
#include "form.h"
#include "lineedit.h"
#include "prompt.h"
#include "screen.h"
#include "theme.h"

#define NAME_COLS 21

struct row {
	const struct isms_field *field;  /* NULL: a key the kind does not know */
	char *key;
	char *finding;                   /* from the last validation, or NULL */
};

struct form {
	struct isms_record *rec;
	struct isms_node *original;  /* the values as read or last saved */
	bool is_new;
	struct row *rows;
	size_t count, focus, top;
	char *loose;                 /* a finding no field owns */
	bool editing;                /* the line editor is on the focused row */
	struct ui_lineedit le;
	int cursor_y, cursor_x;
	char title[160];
};

static bool dirty(const struct form *f)
{
	return !isms_node_equal(f->original, f->rec->root);
}

static void rows_build(struct form *f)
{
	const struct isms_kind *kind = f->rec->kind;
	const struct isms_node *root = f->rec->root;

	for (size_t i = 0; i < f->count; i++) {
		free(f->rows[i].key);
		free(f->rows[i].finding);
	}
	free(f->rows);
	f->count = 0;
	f->rows = isms_calloc(kind->field_count + (root ? root->count : 0) + 1, sizeof(*f->rows));
	for (size_t i = 0; i < kind->field_count; i++) {
		f->rows[f->count].field = &kind->fields[i];
		f->rows[f->count++].key = isms_strdup(kind->fields[i].name);
	}
	for (size_t i = 0; root && root->type == ISMS_NODE_MAP && i < root->count; i++)
		if (!isms_kind_field(kind, root->pairs[i].key))
			f->rows[f->count++].key = isms_strdup(root->pairs[i].key);
	if (f->focus >= f->count)
		f->focus = f->count ? f->count - 1 : 0;
}

/* `arg`: the record (the form owns it from here). */
static int form_open(struct ui_view *view, void *arg)
{
	struct form *f = isms_calloc(1, sizeof(*f));

	f->rec = arg;
	f->original = isms_node_clone(f->rec->root);
	f->is_new = !f->rec->base[0];
	f->focus = 2;  /* the title: id and kind are given */
	rows_build(f);
	view->priv = f;
	return 0;
}

static void form_close(struct ui_view *view)
{
	struct form *f = view->priv;

	for (size_t i = 0; i < f->count; i++) {
		free(f->rows[i].key);
		free(f->rows[i].finding);
	}
	free(f->rows);
	free(f->loose);
	ui_lineedit_free(&f->le);
	isms_node_free(f->original);
	isms_record_free(f->rec);
	free(f);
	view->priv = NULL;
}

static const char *form_title(struct ui_view *view)
{
	struct form *f = view->priv;

	snprintf(f->title, sizeof(f->title), "form: %s%s%s%s", f->rec->id, f->is_new ? " (new)" : "",
		 dirty(f) ? " [modified]" : "", view->app->read_only ? " [read-only]" : "");
	return f->title;
}

static bool editable(const struct row *r)
{
	return r->field && strcmp(r->key, "id") != 0 && strcmp(r->key, "kind") != 0;
}

/* The value of a row as one line of text (the caller frees). */
static char *value_text(const struct form *f, const struct row *r)
{
	const struct isms_node *v = isms_map_get(f->rec->root, r->key);
	struct isms_buf b = ISMS_BUF_INIT;

	if (!v || (v->type == ISMS_NODE_SCALAR && v->scalar == ISMS_SCALAR_NULL))
		return isms_strdup("");
	if (v->type == ISMS_NODE_MAP)
		return isms_strdup("(a mapping, kept as it is)");
	if (v->type == ISMS_NODE_SEQ) {
		for (size_t i = 0; i < v->count; i++) {
			const struct isms_node *item = v->items[i];

			isms_buf_printf(&b, "%s%s", i ? ", " : "",
					item->type == ISMS_NODE_SCALAR ? item->text : "(...)");
		}
		return b.ptr ? isms_buf_detach(&b) : isms_strdup("");
	}
	if (strchr(v->text, '\n')) {
		size_t lines = 1;

		for (const char *p = v->text; *p; p++)
			lines += *p == '\n' && p[1];
		isms_buf_printf(&b, "%.*s ... (%zu lines)", (int)strcspn(v->text, "\n"), v->text, lines);
		return isms_buf_detach(&b);
	}
	return isms_strdup(v->text);
}

static const char *type_text(const struct isms_field *field)
{
	switch (field->type) {
	case ISMS_FIELD_TEXT: return "text";
	case ISMS_FIELD_LONGTEXT: return "long text, Enter opens $EDITOR";
	case ISMS_FIELD_ENUM: return "one of a list, Enter picks";
	case ISMS_FIELD_DATE: return "date, YYYY-MM-DD";
	case ISMS_FIELD_NUMBER: return "whole number";
	case ISMS_FIELD_SCALE: return "level on the risk scale, Enter picks";
	case ISMS_FIELD_BOOL: return "yes or no, Enter toggles";
	case ISMS_FIELD_PERSON: return "a name, or Name <email>";
	case ISMS_FIELD_REF: return "a record, Enter picks";
	case ISMS_FIELD_REFS: return "records, Enter marks and unmarks";
	}
	return "";
}

/* The screen rows of field rows: one each, a second for a finding. */
static size_t row_height(const struct row *r)
{
	return r->finding ? 2 : 1;
}

static void form_draw(struct ui_view *view, int top, int height, int width)
{
	struct form *f = view->priv;
	int list = height - 4, y;
	const struct row *focus = f->count ? &f->rows[f->focus] : NULL;
	char line[512];
	size_t used = 0;

	snprintf(line, sizeof(line), "%s %s (clause %s)", f->rec->kind->title, f->rec->id,
		 f->rec->kind->clause);
	ui_puts(top, 1, width - 1, line, ui_slot_attr(UI_SLOT_HEADING));
	if (list < 1)
		return;
	/* Keep the focus in sight. */
	if (f->focus < f->top)
		f->top = f->focus;
	for (;;) {
		used = 0;
		for (size_t i = f->top; i <= f->focus; i++)
			used += row_height(&f->rows[i]);
		if (used <= (size_t)list || f->top == f->focus)
			break;
		f->top++;
	}
	y = top + 1;
	for (size_t i = f->top; i < f->count && y < top + 1 + list; i++) {
		const struct row *r = &f->rows[i];
		bool sel = i == f->focus;
		attr_t base = sel ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;
		char *value = value_text(f, r);
		int x;

		if (sel)
			ui_fill(y, 0, width, base);
		snprintf(line, sizeof(line), "%c %s%s", r->finding ? '!' : ' ', r->key,
			 r->field && r->field->required ? "*" : "");
		ui_puts(y, 0, NAME_COLS + 1, line, base);
		x = NAME_COLS + 2;
		if (sel && f->editing) {
			ui_lineedit_draw(&f->le, y, x, width - x - 1, A_UNDERLINE, &f->cursor_x);
			f->cursor_y = y;
		} else if (!r->field) {
			ui_puts(y, x, width - x, value, base | A_DIM);
			if (!sel)
				ui_puts(y, width - 14 > x ? width - 14 : x, 14, " (kept as is)", A_DIM);
		} else {
			ui_puts(y, x, width - x, value, base);
		}
		free(value);
		y++;
		if (r->finding && y < top + 1 + list) {
			snprintf(line, sizeof(line), "    ! %s", r->finding);
			ui_puts(y++, 0, width, line, ui_slot_attr(UI_SLOT_MISSING));
		}
	}
	if (focus) {
		if (focus->field)
			snprintf(line, sizeof(line), "%s: %s (%s%s)", focus->key, focus->field->help,
				 type_text(focus->field), focus->field->required ? ", required" : "");
		else
			snprintf(line, sizeof(line), "%s: not a field of a %s; kept as it is", focus->key,
				 f->rec->kind->name);
		ui_puts(top + height - 3, 1, width - 1, line, ui_slot_attr(UI_SLOT_HELP));
	}
	if (f->loose)
		ui_puts(top + height - 2, 1, width - 1, f->loose, ui_slot_attr(UI_SLOT_MISSING));
	ui_puts(top + height - 1, 1, width - 1,
		f->editing ? (width >= 78 ? "typing: Enter keeps, Esc undoes; C-w word, C-u start, C-k end, C-Left/Right"
				      : "typing: Enter keeps, Esc undoes")
		: view->app->read_only ? "read-only: Esc back"
				       : "Enter edit  w/C-s save  Esc back  ? help",
		ui_slot_attr(UI_SLOT_BORDER));
}

/* Findings on their fields. */
static void attach_findings(struct form *f, const struct isms_findings *found)
{
	free(f->loose);
	f->loose = NULL;
	for (size_t i = 0; i < f->count; i++) {
		free(f->rows[i].finding);
		f->rows[i].finding = NULL;
	}
	for (size_t k = 0; k < found->count; k++) {
		const char *msg = found->items[k].message;
		bool placed = false;

		for (size_t i = 0; i < f->count && !placed; i++) {
			char *quoted = isms_asprintf("'%s'", f->rows[i].key);

			if (strstr(msg, quoted) && !f->rows[i].finding) {
				f->rows[i].finding = isms_strdup(msg);
				placed = true;
			}
			free(quoted);
		}
		if (!placed && !f->loose)
			f->loose = isms_strdup(msg);
	}
}

static void set_value(struct form *f, const char *key, const char *text)
{
	if (!text || !*text)
		isms_map_remove(f->rec->root, key);
	else
		isms_map_set(f->rec->root, key, isms_field_value(f->rec->kind, key, text));
}

static void place_cursor(void *arg)
{
	struct form *f = arg;

	move(f->cursor_y, f->cursor_x);
	curs_set(1);
}

static void edit_line(struct ui_view *view, struct form *f, struct row *r)
{
	const struct isms_node *v = isms_map_get(f->rec->root, r->key);
	char *old;
	struct ui_key key;

	/* The line editor edits one line of text; anything else would be
	 * replaced by its one-line summary. */
	if (v && (v->type != ISMS_NODE_SCALAR || strchr(v->text, '\n'))) {
		snprintf(view->app->message, sizeof(view->app->message),
			 "%s holds more than one line of text: change it with isms edit", r->key);
		return;
	}
	old = value_text(f, r);
	ui_lineedit_init(&f->le, old);
	f->editing = true;
	for (;;) {
		enum ui_lineedit_result res;

		if (!ui_prompt_wait(&key, view->app, place_cursor, f)) {
			/* The session ends: keep what was typed, for the draft. */
			if (strcmp(f->le.text, old) != 0)
				set_value(f, r->key, f->le.text);
			break;
		}
		res = ui_lineedit_key(&f->le, key);
		if (res == UI_LINEEDIT_CANCEL)
			break;
		if (res != UI_LINEEDIT_DONE)
			continue;
		if (r->field->type == ISMS_FIELD_DATE && f->le.len && !isms_date_valid(f->le.text)) {
			snprintf(view->app->message, sizeof(view->app->message),
				 "'%.40s' is not a date: YYYY-MM-DD, a real day", f->le.text);
			continue;
		}
		if (strcmp(f->le.text, old) != 0)
			set_value(f, r->key, f->le.text);
		break;
	}
	free(old);
	f->editing = false;
	curs_set(0);
	ui_lineedit_free(&f->le);
}

/* Records of `kind` (any when NULL) as "ID  title" items and their IDs. */
static size_t record_items(char ***items, char ***ids, struct ui_app *app, const char *kind_name)
{
	struct isms_entries entries = { 0 };
	const struct isms_kind *kind = kind_name ? isms_kind_find(kind_name) : NULL;
	size_t n = 0;

	*items = *ids = NULL;
	if (isms_store_list(&entries, app->store, kind) < 0)
		return 0;
	*items = isms_calloc(entries.count + 1, sizeof(**items));
	*ids = isms_calloc(entries.count + 1, sizeof(**ids));
	for (size_t i = 0; i < entries.count; i++) {
		const struct isms_entry *e = &entries.items[i];

		(*ids)[n] = isms_strdup(e->id);
		(*items)[n++] = isms_asprintf("%-10s %s", e->id, e->title ? e->title : "");
	}
	isms_entries_free(&entries);
	return n;
}

static void free_items(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static void pick_value(struct ui_view *view, struct form *f, struct row *r)
{
	const struct isms_field *field = r->field;
	const char *now = isms_map_get_text(f->rec->root, r->key);
	char **items = NULL, **ids = NULL, label[128];
	size_t n = 0, initial = 0;
	long got;

	if (field->type == ISMS_FIELD_ENUM) {
		for (; field->values[n]; n++)
			;
		items = isms_calloc(n + 2, sizeof(*items));
		ids = isms_calloc(n + 2, sizeof(*ids));
		for (size_t i = 0; i < n; i++) {
			items[i] = isms_strdup(field->values[i]);
			ids[i] = isms_strdup(field->values[i]);
		}
	} else if (field->type == ISMS_FIELD_SCALE) {
		const struct isms_method *m = isms_store_method(view->app->store);
		bool impact = field->ref && strcmp(field->ref, "impact") == 0;
		unsigned levels = impact ? m->impact_count : m->likelihood_count;

		items = isms_calloc(levels + 2, sizeof(*items));
		ids = isms_calloc(levels + 2, sizeof(*ids));
		for (unsigned i = 0; i < levels; i++) {
			const struct isms_scale_level *l = impact ? &m->impact[i] : &m->likelihood[i];

			items[n] = isms_asprintf("%u %s", i + 1, l->label ? l->label : "");
			ids[n++] = isms_asprintf("%u", i + 1);
		}
	} else {
		n = record_items(&items, &ids, view->app, field->ref);
		items = isms_realloc(items, (n + 2) * sizeof(*items));
		ids = isms_realloc(ids, (n + 2) * sizeof(*ids));
	}
	if (!field->required) {
		items[n] = isms_strdup("(none)");
		ids[n++] = isms_strdup("");
	}
	for (size_t i = 0; i < n; i++)
		if (now && strcmp(ids[i], now) == 0)
			initial = i;
	snprintf(label, sizeof(label), "%s: pick one", r->key);
	if (n == 0)
		snprintf(view->app->message, sizeof(view->app->message), "no %s records to pick from yet",
			 field->ref ? field->ref : "");
	else if ((got = ui_prompt_pick(view->app, label, (const char *const *)items, n, initial)) >= 0)
		set_value(f, r->key, ids[got]);
	free_items(items, n);
	free_items(ids, n);
}

static void mark_refs(struct ui_view *view, struct form *f, struct row *r)
{
	const struct isms_node *now = isms_map_get(f->rec->root, r->key);
	char **items, **ids, label[128];
	size_t n = record_items(&items, &ids, view->app, r->field->ref);
	bool *marked;
	struct isms_buf joined = ISMS_BUF_INIT;
	char *listed;

	/* IDs listed that no record has stay listed, marked. */
	for (size_t k = 0; now && k < (now->type == ISMS_NODE_SEQ ? now->count : 1); k++) {
		const char *id = now->type == ISMS_NODE_SEQ ? now->items[k]->text : now->text;
		bool known = false;

		for (size_t i = 0; i < n && id; i++)
			known = known || strcmp(ids[i], id) == 0;
		if (id && !known) {
			items = isms_realloc(items, (n + 1) * sizeof(*items));
			ids = isms_realloc(ids, (n + 1) * sizeof(*ids));
			items[n] = isms_asprintf("%-10s (no such record)", id);
			ids[n++] = isms_strdup(id);
		}
	}
	if (n == 0) {
		snprintf(view->app->message, sizeof(view->app->message), "no %s records to list yet",
			 r->field->ref ? r->field->ref : "");
		free(items);
		free(ids);
		return;
	}
	marked = isms_calloc(n, sizeof(*marked));
	for (size_t k = 0; now && k < (now->type == ISMS_NODE_SEQ ? now->count : 1); k++) {
		const char *id = now->type == ISMS_NODE_SEQ ? now->items[k]->text : now->text;

		if (!id)
			continue;
		isms_buf_printf(&joined, "%s%s", joined.len ? "," : "", id);
		for (size_t i = 0; i < n; i++)
			if (strcmp(ids[i], id) == 0)
				marked[i] = true;
	}
	listed = isms_buf_detach(&joined);
	snprintf(label, sizeof(label), "%s: mark the records", r->key);
	ui_prompt_marks(view->app, label, (const char *const *)items, n, marked);
	/* Those already listed keep their order; newly marked ones follow. */
	for (size_t k = 0; now && k < (now->type == ISMS_NODE_SEQ ? now->count : 1); k++) {
		const char *id = now->type == ISMS_NODE_SEQ ? now->items[k]->text : now->text;

		for (size_t i = 0; id && i < n; i++)
			if (marked[i] && strcmp(ids[i], id) == 0) {
				isms_buf_printf(&joined, "%s%s", joined.len ? "," : "", id);
				marked[i] = false;
			}
	}
	for (size_t i = 0; i < n; i++)
		if (marked[i])
			isms_buf_printf(&joined, "%s%s", joined.len ? "," : "", ids[i]);
	if (strcmp(isms_buf_cstr(&joined), listed) != 0)
		set_value(f, r->key, isms_buf_cstr(&joined));
	free(listed);
	isms_buf_free(&joined);
	free(marked);
	free_items(items, n);
	free_items(ids, n);
}

static void edit_long(struct ui_view *view, struct form *f, struct row *r)
{
	const char *now = isms_map_get_text(f->rec->root, r->key);
	char *name = isms_asprintf("%s-%s", f->rec->id, r->key);
	struct isms_buf text = ISMS_BUF_INIT;

	if (ui_screen_edit_text(&text, name, now) < 0) {
		snprintf(view->app->message, sizeof(view->app->message), "%.150s", isms_error_last()->message);
	} else {
		/* The final line break stays as it was (| or |- block); new text
		 * of several lines gets one, as a block usually has. */
		if (now && *now ? isms_str_ends_with(now, "\n") : strchr(isms_buf_cstr(&text), '\n') != NULL)
			isms_buf_putc(&text, '\n');
		if (strcmp(isms_buf_cstr(&text), now ? now : "") != 0)
			set_value(f, r->key, isms_buf_cstr(&text));
	}
	free(name);
	isms_buf_free(&text);
}

static void edit_field(struct ui_view *view)
{
	struct form *f = view->priv;
	struct row *r = f->count ? &f->rows[f->focus] : NULL;

	if (!r)
		return;
	if (!editable(r)) {
		snprintf(view->app->message, sizeof(view->app->message), "%s is not edited here%s", r->key,
			 r->field ? "" : ": kept as it is in the file");
		return;
	}
	if (ui_app_refuse_read_only(view->app))
		return;
	switch (r->field->type) {
	case ISMS_FIELD_ENUM:
	case ISMS_FIELD_SCALE:
	case ISMS_FIELD_REF:
		pick_value(view, f, r);
		break;
	case ISMS_FIELD_REFS:
		mark_refs(view, f, r);
		break;
	case ISMS_FIELD_BOOL: {
		const struct isms_node *v = isms_map_get(f->rec->root, r->key);

		set_value(f, r->key, v && isms_scalar_true(v) ? "no" : "yes");
		break;
	}
	case ISMS_FIELD_LONGTEXT:
		edit_long(view, f, r);
		break;
	default:
		edit_line(view, f, r);
		break;
	}
}

/* Validate, ask for the message, commit. True when saved. */
static bool save(struct ui_view *view)
{
	struct form *f = view->priv;
	struct ui_app *app = view->app;
	struct isms_findings found = ISMS_FINDINGS_INIT;
	struct isms_save_opts opts = ISMS_SAVE_OPTS_INIT;
	char commit[ISMS_OID_HEX], *def, *message = NULL;
	const char *title = isms_map_get_text(f->rec->root, "title");
	size_t errors;
	int error;
	bool saved = false;

	if (ui_app_refuse_read_only(app))
		return false;
	isms_record_validate(&found, f->rec->root, f->rec->kind, f->rec->id);
	attach_findings(f, &found);
	if ((errors = isms_findings_errors(&found)) > 0) {
		snprintf(app->message, sizeof(app->message), "not saved: %zu problem%s, marked ! on the fields",
			 errors, errors == 1 ? "" : "s");
		isms_findings_free(&found);
		return false;
	}
	isms_findings_free(&found);
	if (f->rec->flags & ISMS_YAML_HAS_COMMENTS) {
		if (ui_prompt_choice(app, "The file has comments, which saving drops: save anyway?",
				     "yes-no") != UI_ACTION_YES)
			return false;
		opts.drop_comments = true;
	}
	def = isms_asprintf("%s: %s %s", f->rec->id, f->is_new ? "create" : "update",
			    title ? title : f->rec->kind->title);
	if (ui_prompt_text(&message, app, "Commit message (the store adds Record and Clause)", def) != 1 ||
	    !*message) {
		if (!app->ended)
			snprintf(app->message, sizeof(app->message), "not saved: your edits are still here");
		goto cleanup;
	}
	opts.message = message;
	opts.findings = &found;
	error = isms_store_save(commit, app->store, f->rec, &opts);
	if (error == 0) {
		isms_node_free(f->original);
		f->original = isms_node_clone(f->rec->root);
		f->is_new = false;
		attach_findings(f, &found);
		if (commit[0])
			snprintf(app->message, sizeof(app->message), "saved %s: [%.7s] %.100s", f->rec->id,
				 commit, message);
		else
			snprintf(app->message, sizeof(app->message), "nothing changed in %s", f->rec->id);
		ui_app_reload(app);
		saved = true;
	} else if (error == ISMS_ECONFLICT) {
		snprintf(app->message, sizeof(app->message),
			 "not saved: %s changed on disk since it was read; your edits are kept", f->rec->id);
	} else if (error == ISMS_ELOCKED) {
		/* The store says whether the file was written before git's lock
		 * stopped the commit; the lists must show what is on disk. */
		snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
		ui_app_reload(app);
	} else {
		attach_findings(f, &found);
		snprintf(app->message, sizeof(app->message), "not saved: %.130s", isms_error_last()->message);
		ui_app_reload(app);
	}
	isms_findings_free(&found);
cleanup:
	free(message);
	free(def);
	return saved;
}

/* Ask before leaving unsaved changes; true when the form may go. */
static bool may_leave(struct ui_view *view)
{
	struct form *f = view->priv;
	char question[128];

	if (view->app->read_only || !dirty(f))
		return true;
	snprintf(question, sizeof(question), "Unsaved changes to %s", f->rec->id);
	switch (ui_prompt_choice(view->app, question, "leave")) {
	case UI_ACTION_LEAVE_SAVE:
		return save(view);
	case UI_ACTION_LEAVE_DISCARD:
		return true;
	default:
		return false;
	}
}

static enum ui_action form_key(struct ui_view *view, enum ui_action action)
{
	struct form *f = view->priv;

	if (ui_select(&f->focus, f->count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
	case UI_ACTION_EDIT:
		edit_field(view);
		return UI_HANDLED;
	case UI_ACTION_SAVE:
		save(view);
		return UI_HANDLED;
	case UI_ACTION_BACK:
	case UI_ACTION_CLOSE:
		if (may_leave(view))
			ui_app_pop(view->app);
		return UI_HANDLED;
	case UI_ACTION_CHANGES:
		ui_record_action(view->app, action, f->rec->id, NULL);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_form_ops = {
	.name = "form",
	.open = form_open,
	.title = form_title,
	.draw = form_draw,
	.key = form_key,
	.close = form_close,
};

int ui_form_open(struct ui_app *app, struct isms_record *rec)
{
	int error;

	if ((error = ui_app_push(app, &ui_form_ops, rec)) < 0) {
		isms_record_free(rec);
		snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
	}
	return error;
}

int ui_form_open_draft(struct ui_app *app, struct isms_record *rec, struct isms_node *root)
{
	struct isms_node *before = isms_node_clone(rec->root);
	struct form *f;
	int error;

	isms_node_free(rec->root);
	rec->root = root;
	if ((error = ui_form_open(app, rec)) < 0) {
		isms_node_free(before);
		return error;
	}
	/* Unsaved: the values before are what the file holds. */
	f = app->views[app->depth - 1].priv;
	isms_node_free(f->original);
	f->original = before;
	rows_build(f);
	return 0;
}

bool ui_form_leave_all(struct ui_app *app)
{
	for (size_t i = app->depth; i-- > 0;) {
		struct ui_view *view = &app->views[i];

		if (view->ops == &ui_form_ops && !may_leave(view))
			return false;
	}
	return true;
}

void ui_form_write_drafts(struct ui_app *app)
{
	for (size_t i = 0; i < app->depth; i++) {
		struct ui_view *view = &app->views[i];
		struct form *f = view->priv;

		if (view->ops == &ui_form_ops && dirty(f))
			ui_draft_write(NULL, app->store, f->rec->id, f->rec->root, f->rec->base);
	}
}
