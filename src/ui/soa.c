/* SPDX-License-Identifier: MIT */
/* The Statement of Applicability (27001 6.1.3 d): the 93 controls of
 * Annex A and the organisation's own, each with its decision (applicable,
 * excluded, or undecided), reason, implementation and linked risks; a
 * counter of what is left to decide; filters by theme, decision,
 * implementation and every ISO/IEC 27002 attribute; and deciding from the
 * list: y includes the selected control, x excludes it (a reason, a
 * justification and a commit through the store's save; applicability is
 * the organisation's choice, not an act). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "isms/validate.h"
#include "form.h"
#include "history.h"
#include "prompt.h"
#include "screen.h"
#include "soa.h"
#include "theme.h"

enum decision { UNDECIDED, APPLICABLE, EXCLUDED };

struct control_row {
	const char *id, *title, *reason, *implementation;
	const struct isms_control *catalog;  /* NULL: the organisation's own */
	enum decision decision;
	bool has_record;
	size_t risks;
};

struct soa {
	struct control_row *rows;
	size_t count, undecided, unimplemented;
	size_t *shown, shown_count, selected, top;
	char *filter;
	unsigned generation;
	char title[96];
};

static const char *const decisions[] = { "undecided", "yes", "no" };
static const char *const themes[] = { "organizational", "people", "physical", "technological" };
static const char *const types[] = { "preventive", "detective", "corrective" };
static const char *const properties[] = { "confidentiality", "integrity", "availability" };
static const char *const concepts[] = { "identify", "protect", "detect", "respond", "recover" };

static bool same(const char *value, const char *word, size_t len)
{
	return value && strlen(value) == len && strncasecmp(value, word, len) == 0;
}

/* Whether the flags hold the value called `word` among `names`. */
static bool has_flag(unsigned flags, const char *const *names, size_t count, const char *w, size_t len)
{
	for (size_t i = 0; i < count; i++)
		if ((flags & (1u << i)) && same(names[i], w, len))
			return true;
	return false;
}

static bool word_matches(const struct control_row *r, const char *w, size_t len)
{
	const struct isms_control *c = r->catalog;
	const char *v;

	if (len > 6 && strncasecmp(w, "theme:", 6) == 0)
		return c ? same(themes[c->theme], w + 6, len - 6) : same("own", w + 6, len - 6);
	if (len > 9 && strncasecmp(w, "decision:", 9) == 0)
		return same(decisions[r->decision], w + 9, len - 9);
	if (len > 5 && strncasecmp(w, "impl:", 5) == 0)
		return same(r->implementation ? r->implementation : "none", w + 5, len - 5);
	/* Any 27002 attribute value by itself: "preventive", "protect". */
	if ((v = memchr(w, ':', len)))
		len -= (size_t)(v + 1 - w), w = v + 1;
	if (c && (has_flag(c->type, types, 3, w, len) || has_flag(c->properties, properties, 3, w, len) ||
		  has_flag(c->concepts, concepts, 5, w, len) || same(themes[c->theme], w, len)))
		return true;
	for (const char *p = r->id; p && *p; p++)
		if (strncasecmp(p, w, len) == 0)
			return true;
	for (const char *p = r->title; p && *p; p++)
		if (strncasecmp(p, w, len) == 0)
			return true;
	return false;
}

static bool matches(const struct control_row *r, const char *filter)
{
	for (const char *p = filter; p && *p;) {
		size_t len;

		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (len && !word_matches(r, p, len))
			return false;
		p += len;
	}
	return true;
}

/* The catalogue's controls, then the records: a record fills its
 * control's row, or adds one (the organisation's own control). */
static void build(struct soa *s, struct ui_app *app)
{
	size_t n = isms_control_count();

	free(s->rows);
	s->rows = isms_calloc(n + app->records.count + 1, sizeof(*s->rows));
	s->count = 0;
	for (size_t i = 0; i < n; i++) {
		const struct isms_control *c = isms_control_at(i);

		s->rows[s->count].id = c->id;
		s->rows[s->count].title = c->title;
		s->rows[s->count++].catalog = c;
	}
	for (size_t i = 0; i < app->records.count; i++) {
		const struct isms_view *v = &app->records.views[i];
		const struct isms_control *c;
		const struct isms_node *applicable, *risks;
		struct control_row *r = NULL;

		if (!v->root || strcmp(v->kind->name, "control") != 0)
			continue;
		/* The catalogue's row, in the catalogue's order. */
		if ((c = isms_control_find(v->id)))
			for (size_t k = 0; k < n && !r; k++)
				if (s->rows[k].catalog == c)
					r = &s->rows[k];
		if (!r) {
			r = &s->rows[s->count++];
			r->id = v->id;
		}
		r->has_record = true;
		if (isms_map_get_text(v->root, "title"))
			r->title = isms_map_get_text(v->root, "title");
		applicable = isms_map_get(v->root, "applicable");
		r->decision = !applicable ? UNDECIDED : isms_scalar_true(applicable) ? APPLICABLE
						       : isms_scalar_false(applicable) ? EXCLUDED : UNDECIDED;
		r->reason = isms_map_get_text(v->root, "reason");
		r->implementation = isms_map_get_text(v->root, "implementation");
		risks = isms_map_get(v->root, "risks");
		r->risks = risks && risks->type == ISMS_NODE_SEQ ? risks->count : 0;
	}
	s->undecided = s->unimplemented = 0;
	for (size_t i = 0; i < s->count; i++) {
		s->undecided += s->rows[i].decision == UNDECIDED;
		s->unimplemented += s->rows[i].decision == APPLICABLE &&
				    !same(s->rows[i].implementation, "implemented", 11);
	}
	s->generation = app->generation;
}

static void arrange(struct ui_view *view)
{
	struct soa *s = view->priv;

	if (!s->rows || s->generation != view->app->generation)
		build(s, view->app);
	free(s->shown);
	s->shown = isms_calloc(s->count + 1, sizeof(*s->shown));
	s->shown_count = 0;
	for (size_t i = 0; i < s->count; i++)
		if (matches(&s->rows[i], s->filter))
			s->shown[s->shown_count++] = i;
	if (s->selected >= s->shown_count)
		s->selected = s->shown_count ? s->shown_count - 1 : 0;
}

/* `arg`: a filter to start with, or NULL. */
static int soa_open(struct ui_view *view, void *arg)
{
	struct soa *s = isms_calloc(1, sizeof(*s));

	s->filter = arg && *(const char *)arg ? isms_strdup(arg) : NULL;
	view->priv = s;
	arrange(view);
	return 0;
}

static void soa_close(struct ui_view *view)
{
	struct soa *s = view->priv;

	free(s->rows);
	free(s->shown);
	free(s->filter);
	free(s);
	view->priv = NULL;
}

static const char *soa_title(struct ui_view *view)
{
	struct soa *s = view->priv;

	/* The title is drawn first: the records may have changed. */
	if (s->generation != view->app->generation)
		arrange(view);
	snprintf(s->title, sizeof(s->title), "SoA: %zu of %zu, %zu undecided", s->shown_count, s->count,
		 s->undecided);
	return s->title;
}

static void soa_draw(struct ui_view *view, int top, int height, int width)
{
	struct soa *s = view->priv;
	int rows = height - 3;
	bool wide = width >= 76;
	char line[512];

	if (s->generation != view->app->generation)
		arrange(view);
	snprintf(line, sizeof(line), "%-8s %-9s %s%-11s %-5s %s", "ID", "APPLIES", wide ? "REASON          " : "",
		 "IMPLEMENTED", "RISKS", "TITLE");
	ui_puts(top, 1, width - 1, line, ui_slot_attr(UI_SLOT_HEADING));
	if (s->selected < s->top)
		s->top = s->selected;
	if (rows > 0 && s->selected >= s->top + (size_t)rows)
		s->top = s->selected - (size_t)rows + 1;
	for (int y = 0; y < rows && s->top + (size_t)y < s->shown_count; y++) {
		size_t i = s->top + (size_t)y;
		const struct control_row *r = &s->rows[s->shown[i]];
		attr_t attr = i == s->selected ? ui_slot_attr(UI_SLOT_SELECTED)
			      : r->decision == UNDECIDED ? ui_slot_attr(UI_SLOT_DRAFT) : A_NORMAL;
		char reason[24] = "";

		if (wide)
			snprintf(reason, sizeof(reason), "%-15.15s ", r->reason ? r->reason : "-");
		if (i == s->selected)
			ui_fill(top + 1 + y, 0, width, attr);
		snprintf(line, sizeof(line), "%-8s %-9s %s%-11.11s %5zu %s", r->id,
			 r->decision == UNDECIDED ? (r->has_record ? "?" : "? no entry") : decisions[r->decision],
			 reason, r->implementation ? r->implementation : "-", r->risks, r->title ? r->title : "");
		ui_puts(top + 1 + y, 1, width - 1, line, attr);
	}
	if (s->shown_count == 0)
		ui_puts(top + 2, 3, width - 3, "nothing matches the filter (f, then Enter on nothing, clears it)",
			ui_slot_attr(UI_SLOT_NOTICE));
	snprintf(line, sizeof(line), "left to decide: %zu  applicable, not implemented: %zu  filter: %s (f)",
		 s->undecided, s->unimplemented, s->filter ? s->filter : "none");
	ui_puts(top + height - 2, 1, width - 1, line, ui_slot_attr(UI_SLOT_HELP));
	ui_puts(top + height - 1, 1, width - 1,
		view->app->read_only ? "Enter open  f filter  q back  (read-only)"
				     : "y applies  x excluded  Enter open  e edit  f filter  q back",
		ui_slot_attr(UI_SLOT_BORDER));
}

static const struct control_row *selected(struct soa *s)
{
	return s->shown_count ? &s->rows[s->shown[s->selected]] : NULL;
}

static void say_error(struct ui_app *app)
{
	snprintf(app->message, sizeof(app->message), "%.150s", isms_error_last()->message);
}

/* Decide the selected control: applicable or excluded, a reason, a
 * justification, committed as one save. */
static void decide(struct ui_view *view, bool applicable)
{
	static const char *const reasons[] = { "risk-treatment", "legal-regulatory", "contractual",
					       "business-requirement", "best-practice" };
	const struct control_row *r = selected(view->priv);
	struct isms_save_opts opts = ISMS_SAVE_OPTS_INIT;
	struct isms_record *rec = NULL;
	char commit[ISMS_OID_HEX], *question, *justification = NULL, *message = NULL, *def;
	const char *reason = "not-applicable";
	long pick;

	if (!r || ui_app_refuse_read_only(view->app))
		return;
	if (!r->has_record) {
		snprintf(view->app->message, sizeof(view->app->message),
			 "%s has no SoA entry yet: isms soa init adds one for every control", r->id);
		return;
	}
	if (applicable) {
		question = isms_asprintf("%s applies: why?", r->id);
		pick = ui_prompt_pick(view->app, question, reasons, 5, 0);
		free(question);
		if (pick < 0)
			return;
		reason = reasons[pick];
	}
	question = isms_asprintf("%s %s (%s): justification", r->id, applicable ? "applies" : "is excluded",
				 reason);
	if (ui_prompt_text(&justification, view->app, question, "") != 1 || !*justification) {
		free(question);
		free(justification);
		if (!view->app->ended)
			snprintf(view->app->message, sizeof(view->app->message),
				 "not decided: a decision needs its justification");
		return;
	}
	free(question);
	if (isms_store_load(&rec, view->app->store, r->id) < 0) {
		say_error(view->app);
		goto out;
	}
	isms_map_set(rec->root, "applicable", isms_field_value(rec->kind, "applicable", applicable ? "true" : "false"));
	isms_map_set(rec->root, "reason", isms_field_value(rec->kind, "reason", reason));
	isms_map_set(rec->root, "justification", isms_field_value(rec->kind, "justification", justification));
	def = isms_asprintf("%s: %s (%s)", r->id, applicable ? "applicable" : "excluded", reason);
	if (ui_prompt_text(&message, view->app, "Commit message", def) != 1 || !*message) {
		free(def);
		if (!view->app->ended)
			snprintf(view->app->message, sizeof(view->app->message), "not decided: nothing committed");
		goto out;
	}
	free(def);
	opts.message = message;
	if (isms_store_save(commit, view->app->store, rec, &opts) < 0) {
		say_error(view->app);
		goto out;
	}
	snprintf(view->app->message, sizeof(view->app->message), "%.20s %s: [%.7s]", rec->id,
		 applicable ? "applies" : "excluded", commit);
	ui_app_reload(view->app);
out:
	isms_record_free(rec);
	free(justification);
	free(message);
}

static void ask_filter(struct ui_view *view)
{
	struct soa *s = view->priv;

	if (ui_prompt_filter(&s->filter, view->app, "Filter the controls (empty: all)",
			     "words that must all match: decision:yes|no|undecided\n"
			     "impl:not-started|planned|partial|implemented|none  theme:people|own...\n"
			     "a 27002 attribute (preventive, integrity, protect...), or text"))
		arrange(view);
}

static enum ui_action soa_key(struct ui_view *view, enum ui_action action)
{
	struct soa *s = view->priv;
	const struct control_row *r = selected(s);
	struct isms_record *rec;

	if (ui_select(&s->selected, s->shown_count, action, 10))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_OPEN:
		if (r && r->has_record)
			ui_record_show(view->app, r->id);
		return UI_HANDLED;
	case UI_ACTION_EDIT:
		if (r && r->has_record && !ui_app_refuse_read_only(view->app)) {
			if (isms_store_load(&rec, view->app->store, r->id) < 0)
				say_error(view->app);
			else
				ui_form_open(view->app, rec);
		}
		return UI_HANDLED;
	case UI_ACTION_HISTORY:
		if (r && r->has_record)
			ui_history((struct ui *)(void *)view->app, r->id);
		return UI_HANDLED;
	case UI_ACTION_FILTER:
		ask_filter(view);
		return UI_HANDLED;
	case UI_ACTION_DECIDE_APPLIES:
	case UI_ACTION_DECIDE_EXCLUDED:
		decide(view, action == UI_ACTION_DECIDE_APPLIES);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_soa_ops = {
	.name = "soa",
	.open = soa_open,
	.title = soa_title,
	.draw = soa_draw,
	.key = soa_key,
	.close = soa_close,
};

void ui_soa_open(struct ui_app *app, const char *filter)
{
	if (ui_app_push(app, &ui_soa_ops, (void *)filter) < 0)
		say_error(app);
}
