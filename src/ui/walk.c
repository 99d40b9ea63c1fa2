/* SPDX-License-Identifier: MIT */
/* The walk: the clause tree 4.1 to 10.2 by PDCA phase on the left, the
 * selected clause's evidence and guidance on the right. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/kind.h"
#include "isms/store.h"
#include "isms/tree.h"
#include "screen.h"
#include "theme.h"
#include "view.h"
#include "list.h"
#include "doccontrol.h"

/* After 10.2 the tree has three more nodes: the Statement of
 * Applicability, governance (27014) and document control (7.5). Their
 * selection indexes follow the clauses'. */
enum { NODE_SOA, NODE_GOVERNANCE, NODE_CONTROL, NODE_EXTRA };
#define ROW_EXTRA_HEADING (-100)

/* Governance records: the kinds that evidence 27014's processes. */
static const char *const governance_kinds[] = { "direction", "board-report", "management-review" };
#define GOVERNANCE_KINDS 3

struct walk {
	size_t selected;     /* clause index, or app->count + NODE_* */
	int tree_top;        /* first tree row shown */
	size_t scroll;       /* first detail line shown */
	int page;            /* detail lines shown at the last draw */
	size_t detail_lines; /* detail lines at the last draw */
	char title[64];
	/* The SoA per Annex A theme: applicable, excluded, undecided. */
	unsigned soa[4][3];
	unsigned soa_decided, soa_total;
	enum isms_state soa_state, governance_state;
	struct ui_lines governance[GOVERNANCE_KINDS];  /* "ID  title" per kind */
	unsigned extras_generation;  /* of the app, when the two above were read */
	/* Document control: what needs attention, read again after a change. */
	struct ui_doccontrol_counts control;
	unsigned control_generation;
	bool control_read;
};

static void read_control(struct walk *w, struct ui_app *app)
{
	struct isms_doccontrol c;

	if (w->control_read && w->control_generation == app->generation)
		return;
	memset(&w->control, 0, sizeof(w->control));
	if (app->store && isms_store_doccontrol_of(&c, app->store, &app->records, &app->changes) == 0) {
		ui_doccontrol_counts(&w->control, &c);
		isms_doccontrol_free(&c);
	}
	w->control_read = true;
	w->control_generation = app->generation;
}

/* Nothing to attend to is [x]; files to commit, reviews overdue, retention
 * ended or a document file that no longer matches is [!]; reviews merely
 * due are [~]. */
static enum isms_state control_state(const struct ui_doccontrol_counts *n)
{
	if (n->files || n->overdue || n->retention || n->mismatched)
		return ISMS_STATE_OVERDUE;
	return n->due ? ISMS_STATE_DRAFT : ISMS_STATE_APPROVED;
}

/* The SoA counts and the governance records, read again after a save. */
static void read_extras(struct walk *w, struct ui_app *app)
{
	const struct isms_records *records = &app->records;
	unsigned kinds_present = 0;

	memset(w->soa, 0, sizeof(w->soa));
	w->soa_decided = 0;
	for (size_t k = 0; k < GOVERNANCE_KINDS; k++)
		ui_lines_free(&w->governance[k]);
	w->extras_generation = app->generation;
	w->soa_total = (unsigned)isms_control_count();
	for (size_t i = 0; i < isms_control_count(); i++)
		w->soa[isms_control_at(i)->theme][2]++;
	for (size_t i = 0; i < records->count; i++) {
		const struct isms_view *v = &records->views[i];
		const struct isms_control *c;

		if (!v->root || !v->kind || !v->id || isms_view_retired(v))
			continue;
		if (strcmp(v->kind->name, "control") == 0 && (c = isms_control_find(v->id))) {
			const struct isms_node *a = isms_map_get(v->root, "applicable");
			int which = isms_scalar_true(a) ? 0 : isms_scalar_false(a) ? 1 : 2;

			if (which < 2) {
				w->soa[c->theme][2]--;
				w->soa[c->theme][which]++;
				w->soa_decided++;
			}
			continue;
		}
		for (size_t k = 0; k < GOVERNANCE_KINDS; k++) {
			const char *title;
			char *line;

			if (strcmp(v->kind->name, governance_kinds[k]) != 0)
				continue;
			title = isms_map_get_text(v->root, "title");
			line = isms_asprintf("%-8s %s", v->id, title ? title : "");
			ui_lines_add(&w->governance[k], UI_SLOT_HELP, 4, line);
			free(line);
		}
	}
	w->soa_state = w->soa_decided == 0 ? ISMS_STATE_MISSING
		       : w->soa_decided < w->soa_total ? ISMS_STATE_DRAFT : ISMS_STATE_APPROVED;
	for (size_t k = 0; k < GOVERNANCE_KINDS; k++)
		kinds_present += w->governance[k].count > 0;
	w->governance_state = kinds_present == 0 ? ISMS_STATE_MISSING
			      : kinds_present < GOVERNANCE_KINDS ? ISMS_STATE_DRAFT : ISMS_STATE_APPROVED;
}

static int walk_open(struct ui_view *view, void *arg)
{
	struct walk *w = isms_calloc(1, sizeof(*w));

	(void)arg;

	w->page = 10;
	read_extras(w, view->app);
	view->priv = w;
	return 0;
}

static void walk_close(struct ui_view *view)
{
	struct walk *w = view->priv;

	for (size_t k = 0; k < GOVERNANCE_KINDS; k++)
		ui_lines_free(&w->governance[k]);
	free(view->priv);
	view->priv = NULL;
}

static const char *walk_title(struct ui_view *view)
{
	struct walk *w = view->priv;

	if (w->selected == view->app->count + NODE_SOA)
		snprintf(w->title, sizeof(w->title), "walk: Annex A / SoA");
	else if (w->selected == view->app->count + NODE_CONTROL)
		snprintf(w->title, sizeof(w->title), "walk: document control (7.5)");
	else if (w->selected == view->app->count + NODE_GOVERNANCE)
		snprintf(w->title, sizeof(w->title), "walk: governance (27014)");
	else
		snprintf(w->title, sizeof(w->title), "walk: clause %zu of %zu", w->selected + 1,
			 view->app->count);
	return w->title;
}

static enum ui_slot state_slot(enum isms_state state)
{
	switch (state) {
	case ISMS_STATE_MISSING: return UI_SLOT_MISSING;
	case ISMS_STATE_DRAFT: return UI_SLOT_DRAFT;
	case ISMS_STATE_OVERDUE: return UI_SLOT_OVERDUE;
	case ISMS_STATE_APPROVED: return UI_SLOT_APPROVED;
	}
	return UI_SLOT_HELP;
}

/* The tree's rows: a phase heading before the first clause of each phase.
 * Row r shows clause rows[r], or the heading of a phase when it is
 * -1 - phase. Returns the number of rows. */
static size_t tree_rows(long *rows, const struct ui_app *app)
{
	size_t n = 0;

	for (size_t i = 0; i < app->count; i++) {
		const struct isms_clause *c = app->states[i].clause;

		if (i == 0 || app->states[i - 1].clause->phase != c->phase)
			rows[n++] = -1 - (long)c->phase;
		rows[n++] = (long)i;
	}
	rows[n++] = ROW_EXTRA_HEADING;
	for (long k = 0; k < NODE_EXTRA; k++)
		rows[n++] = (long)app->count + k;
	return n;
}

static void draw_phase(const struct ui_app *app, enum isms_phase phase, int y, int width)
{
	unsigned pct = isms_phase_progress(app->states, app->count, phase);
	char bar[11], line[64];
	unsigned filled = pct / 10;

	for (unsigned i = 0; i < 10; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[10] = '\0';
	snprintf(line, sizeof(line), "%-5s [%s] %3u%%", isms_phase_name(phase), bar, pct);
	ui_puts(y, 0, width, line, ui_slot_attr(UI_SLOT_PHASE));
}

static void draw_clause(const struct ui_app *app, size_t i, bool selected, int y, int width)
{
	const struct isms_clause_state *s = &app->states[i];
	attr_t base = selected ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;
	char text[160];
	int x;

	if (selected)
		ui_fill(y, 0, width, base);
	x = ui_puts(y, 0, width, ui_state_mark(s->state), selected ? base : ui_slot_attr(state_slot(s->state)));
	snprintf(text, sizeof(text), " %-6s %s", s->clause->number, s->clause->title);
	ui_puts(y, x, width - x, text, base);
}

static void draw_extra(const struct walk *w, size_t node, bool selected, int y, int width)
{
	attr_t base = selected ? ui_slot_attr(UI_SLOT_SELECTED) : A_NORMAL;
	enum isms_state state = node == NODE_SOA ? w->soa_state
				: node == NODE_CONTROL ? control_state(&w->control) : w->governance_state;
	char text[96];
	int x;

	if (selected)
		ui_fill(y, 0, width, base);
	x = ui_puts(y, 0, width, ui_state_mark(state), selected ? base : ui_slot_attr(state_slot(state)));
	if (node == NODE_SOA)
		snprintf(text, sizeof(text), " %-6s Annex A / SoA %u/%u", "A", w->soa_decided, w->soa_total);
	else if (node == NODE_CONTROL)
		snprintf(text, sizeof(text), " %-6s Document control", "D");
	else
		snprintf(text, sizeof(text), " %-6s Governance (27014)", "G");
	ui_puts(y, x, width - x, text, base);
}

static void draw_tree(struct ui_view *view, int top, int height, int width)
{
	struct walk *w = view->priv;
	struct ui_app *app = view->app;
	long *rows = isms_calloc(app->count * 2 + 4 + NODE_EXTRA, sizeof(*rows));
	size_t n = tree_rows(rows, app);
	int sel = 0;

	for (size_t r = 0; r < n; r++)
		if (rows[r] == (long)w->selected)
			sel = (int)r;
	/* Keep the selection in sight, with its phase heading when it is the
	 * phase's first clause. */
	if (sel > 0 && rows[sel - 1] < 0 && sel - 1 < w->tree_top)
		w->tree_top = sel - 1;
	if (sel < w->tree_top)
		w->tree_top = sel;
	if (sel >= w->tree_top + height)
		w->tree_top = sel - height + 1;
	if (w->tree_top > (int)n - height)
		w->tree_top = (int)n - height;
	if (w->tree_top < 0)
		w->tree_top = 0;
	for (int y = 0; y < height && w->tree_top + y < (int)n; y++) {
		long r = rows[w->tree_top + y];

		if (r == ROW_EXTRA_HEADING)
			ui_puts(top + y, 0, width, "Annex A and governance", ui_slot_attr(UI_SLOT_PHASE));
		else if (r < 0)
			draw_phase(app, (enum isms_phase)(-1 - r), top + y, width);
		else if ((size_t)r >= app->count) {
			/* Read only when shown: it reads every record and the working tree. */
			if ((size_t)r == app->count + NODE_CONTROL)
				read_control(w, app);
			draw_extra(w, (size_t)r - app->count, (size_t)r == w->selected, top + y, width);
		}
		else
			draw_clause(app, (size_t)r, (size_t)r == w->selected, top + y, width);
	}
	free(rows);
}

static void detail_lines(struct ui_lines *out, struct ui_app *app, const struct isms_clause_state *s,
			 int width)
{
	const struct isms_clause *c = s->clause;
	char line[256];

	snprintf(line, sizeof(line), "%s %s", c->number, c->title);
	ui_lines_wrap(out, UI_SLOT_HEADING, 0, width, line);
	snprintf(line, sizeof(line), "Phase: %s", isms_phase_name(c->phase));
	ui_lines_add(out, UI_SLOT_HELP, 0, line);
	snprintf(line, sizeof(line), "State: %s %s", ui_state_mark(s->state), isms_state_name(s->state));
	ui_lines_add(out, state_slot(s->state), 0, line);
	ui_lines_add(out, UI_SLOT_HELP, 0, "");
	ui_lines_add(out, UI_SLOT_HEADING, 0, "Evidence (have/min)");
	for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && c->requires[q].kind; q++) {
		isms_requirement_text(line, sizeof(line), s, q);
		ui_lines_wrap(out, UI_SLOT_HELP, 2, width, line);
	}
	if (!c->requires[0].kind)
		ui_lines_wrap(out, UI_SLOT_HELP, 2, width, "no records required");
	if (s->overdue) {
		snprintf(line, sizeof(line), "%u overdue for review", s->overdue);
		ui_lines_wrap(out, UI_SLOT_OVERDUE, 2, width, line);
	}
	if (c->requires[0].kind) {
		ui_lines_add(out, UI_SLOT_HELP, 0, "");
		ui_lines_add(out, UI_SLOT_HEADING, 0, "Records (Enter lists them)");
		ui_list_clause_lines(out, app, c, 8);
	}
	for (size_t i = 0; i < ISMS_GUIDANCE_PARTS; i++) {
		const char *text = isms_guidance_part(&c->guidance, i);

		if (!text)
			continue;
		ui_lines_add(out, UI_SLOT_HELP, 0, "");
		ui_lines_add(out, UI_SLOT_HEADING, 0, isms_guidance_heading(i));
		ui_lines_wrap(out, UI_SLOT_HELP, 2, width, text);
	}
	if (c->climate) {
		ui_lines_add(out, UI_SLOT_HELP, 0, "");
		ui_lines_add(out, UI_SLOT_HEADING, 0, "Climate change (Amendment 1:2024)");
		ui_lines_wrap(out, UI_SLOT_HELP, 2, width, c->climate);
	}
}

static void soa_lines(struct ui_lines *out, const struct walk *w, int width)
{
	char line[160];

	ui_lines_add(out, UI_SLOT_HEADING, 0, "Annex A / Statement of Applicability (6.1.3 d)");
	snprintf(line, sizeof(line), "State: %s %u of %u controls decided", ui_state_mark(w->soa_state),
		 w->soa_decided, w->soa_total);
	ui_lines_add(out, state_slot(w->soa_state), 0, line);
	ui_lines_add(out, UI_SLOT_HELP, 0, "");
	snprintf(line, sizeof(line), "%-16s %7s %8s %9s", "Theme", "applies", "excluded", "undecided");
	ui_lines_add(out, UI_SLOT_HEADING, 0, line);
	for (int t = 0; t < 4; t++) {
		snprintf(line, sizeof(line), "  %-14s %7u %8u %9u", isms_theme_name((enum isms_theme)t),
			 w->soa[t][0], w->soa[t][1], w->soa[t][2]);
		ui_lines_add(out, UI_SLOT_HELP, 0, line);
	}
	ui_lines_add(out, UI_SLOT_HELP, 0, "");
	ui_lines_wrap(out, UI_SLOT_HELP, 0, width,
		      "Each Annex A control has one entry (controls/A.x.y.yaml) saying whether it "
		      "applies, why, and how far it is implemented; an excluded control needs a "
		      "reason. / then a control number finds its entry; `isms soa init` adds the "
		      "undecided entries.");
}

static void governance_lines(struct ui_lines *out, const struct walk *w, const struct ui_app *app,
			     int width)
{
	static const struct {
		const char *name, *what;
	} processes[] = {
		{ "Evaluate", "the governing body weighs the ISMS against the organisation's objectives: management reviews" },
		{ "Direct", "it sets direction and decides (resources, risk appetite): its decisions, recorded as directions" },
		{ "Monitor", "it checks that the ISMS performs as directed: management reviews and reports to it" },
		{ "Communicate", "security reports to the governing body, and its direction back to the organisation: board reports" },
	};
	static const char *const headings[] = { "Directions", "Board reports", "Management reviews" };
	char line[160];

	ui_lines_wrap(out, UI_SLOT_HEADING, 0, width, "Governance of information security (ISO/IEC 27014)");
	snprintf(line, sizeof(line), "State: %s %s", ui_state_mark(w->governance_state),
		 w->governance_state == ISMS_STATE_APPROVED ? "every kind of evidence exists"
		 : w->governance_state == ISMS_STATE_DRAFT ? "some evidence is missing" : "no evidence yet");
	ui_lines_add(out, state_slot(w->governance_state), 0, line);
	snprintf(line, sizeof(line), "ISMS type (Annex B): %s",
		 isms_type_describe(isms_store_isms_type(app->store)));
	ui_lines_wrap(out, UI_SLOT_HELP, 0, width, line);
	for (size_t i = 0; i < sizeof(processes) / sizeof(processes[0]); i++) {
		char *text = isms_asprintf("%s: %s.", processes[i].name, processes[i].what);

		ui_lines_wrap(out, UI_SLOT_HELP, 2, width, text);
		free(text);
	}
	for (size_t k = 0; k < GOVERNANCE_KINDS; k++) {
		ui_lines_add(out, UI_SLOT_HELP, 0, "");
		snprintf(line, sizeof(line), "%s (%s): %zu", headings[k], governance_kinds[k], w->governance[k].count);
		ui_lines_add(out, UI_SLOT_HEADING, 0, line);
		for (size_t i = 0; i < w->governance[k].count; i++)
			ui_lines_add(out, w->governance[k].items[i].slot, 2, w->governance[k].items[i].text);
		if (w->governance[k].count == 0)
			ui_lines_add(out, UI_SLOT_MISSING, 2, "[ ] none yet");
	}
	ui_lines_add(out, UI_SLOT_HELP, 0, "");
	ui_lines_add(out, UI_SLOT_HEADING, 0, "Principles (27014), 'isms catalog governance'");
	for (size_t i = 0; i < isms_governance_objective_count(); i++) {
		const struct isms_governance_objective *g = isms_governance_objective_at(i);

		snprintf(line, sizeof(line), "%u. %s", g->number, g->name);
		ui_lines_wrap(out, UI_SLOT_HELP, 2, width, line);
	}
}

static void control_lines(struct ui_lines *out, const struct walk *w, int width)
{
	const struct ui_doccontrol_counts *n = &w->control;
	enum isms_state state = control_state(n);
	char line[160];

	ui_lines_wrap(out, UI_SLOT_HEADING, 0, width, "Control of documented information (7.5.2, 7.5.3)");
	snprintf(line, sizeof(line), "State: %s %s", ui_state_mark(state),
		 state == ISMS_STATE_APPROVED ? "nothing needs attention"
		 : state == ISMS_STATE_DRAFT ? "reviews fall due soon" : "something needs attention");
	ui_lines_add(out, state_slot(state), 0, line);
	ui_lines_add(out, UI_SLOT_HELP, 0, "");
	snprintf(line, sizeof(line), "Files changed outside      %zu", n->files);
	ui_lines_add(out, n->files ? UI_SLOT_OVERDUE : UI_SLOT_HELP, 2, line);
	snprintf(line, sizeof(line), "Reviews overdue            %zu", n->overdue);
	ui_lines_add(out, n->overdue ? UI_SLOT_OVERDUE : UI_SLOT_HELP, 2, line);
	snprintf(line, sizeof(line), "Reviews due in 30 days     %zu", n->due);
	ui_lines_add(out, UI_SLOT_HELP, 2, line);
	snprintf(line, sizeof(line), "Retention ended            %zu", n->retention);
	ui_lines_add(out, n->retention ? UI_SLOT_OVERDUE : UI_SLOT_HELP, 2, line);
	snprintf(line, sizeof(line), "External documents         %zu, %zu changed", n->docs,
		 n->mismatched);
	ui_lines_add(out, n->mismatched ? UI_SLOT_OVERDUE : UI_SLOT_HELP, 2, line);
	ui_lines_add(out, UI_SLOT_HELP, 0, "");
	ui_lines_wrap(out, UI_SLOT_HELP, 0, width,
		      "Enter (or D from anywhere) lists them: review, validate and commit files "
		      "changed by hand or by other tools, open external documents, and find the "
		      "records to review or dispose of.");
}

static void draw_detail(struct ui_view *view, int top, int left, int height, int width)
{
	struct walk *w = view->priv;
	struct ui_lines lines = { 0 };

	if (w->selected == view->app->count + NODE_SOA)
		soa_lines(&lines, w, width);
	else if (w->selected == view->app->count + NODE_GOVERNANCE)
		governance_lines(&lines, w, view->app, width);
	else if (w->selected == view->app->count + NODE_CONTROL) {
		read_control(w, view->app);
		control_lines(&lines, w, width);
	}
	else
		detail_lines(&lines, view->app, &view->app->states[w->selected], width);
	ui_lines_draw(&lines, &w->scroll, &w->page, top, left, height, width, "PgUp/PgDn");
	w->detail_lines = lines.count;
	ui_lines_free(&lines);
}

static void walk_draw(struct ui_view *view, int top, int height, int width)
{
	struct walk *w = view->priv;
	int tree = width * 2 / 5;

	if (w->extras_generation != view->app->generation)
		read_extras(w, view->app);
	if (tree < 28)
		tree = 28;
	if (tree > 44)
		tree = 44;
	draw_tree(view, top, height, tree);
	ui_vline(top, tree, height, ui_slot_attr(UI_SLOT_BORDER));
	draw_detail(view, top, tree + 2, height, width - tree - 2);
}

static void select_clause(struct walk *w, size_t i)
{
	if (i != w->selected)
		w->scroll = 0;
	w->selected = i;
}

static void next_step(struct ui_view *view)
{
	struct walk *w = view->priv;
	struct ui_app *app = view->app;
	/* From Annex A or governance, the next step starts again at 4.1. */
	size_t from = w->selected < app->count ? w->selected : app->count - 1;

	for (size_t k = 1; k <= app->count; k++) {
		size_t i = (from + k) % app->count;

		if (app->states[i].state == ISMS_STATE_APPROVED ||
		    isms_clause_is_parent(app->states[i].clause))
			continue;
		if (i == w->selected)
			snprintf(app->message, sizeof(app->message), "no other clause needs work");
		else if (i <= from)
			snprintf(app->message, sizeof(app->message), "wrapped around to %s",
				 app->states[i].clause->number);
		select_clause(w, i);
		return;
	}
	snprintf(app->message, sizeof(app->message), "every clause has its evidence");
}

static enum ui_action walk_key(struct ui_view *view, enum ui_action action)
{
	struct walk *w = view->priv;
	size_t last = view->app->count + NODE_EXTRA - 1;
	size_t page = w->page > 1 ? (size_t)w->page - 1 : 1;

	switch (action) {
	case UI_ACTION_MOVE_UP:
		select_clause(w, w->selected ? w->selected - 1 : 0);
		return UI_HANDLED;
	case UI_ACTION_MOVE_DOWN:
		select_clause(w, w->selected < last ? w->selected + 1 : last);
		return UI_HANDLED;
	case UI_ACTION_FIRST:
		select_clause(w, 0);
		return UI_HANDLED;
	case UI_ACTION_LAST:
		select_clause(w, view->app->count - 1);
		return UI_HANDLED;
	case UI_ACTION_PAGE_UP:
		w->scroll = w->scroll > page ? w->scroll - page : 0;
		return UI_HANDLED;
	case UI_ACTION_PAGE_DOWN:
		/* Drawing clamps it to the last page. */
		w->scroll += page;
		return UI_HANDLED;
	case UI_ACTION_NEXT_STEP:
		next_step(view);
		return UI_HANDLED;
	case UI_ACTION_OPEN:
		if (w->selected < view->app->count)
			ui_list_open_clause(view->app, view->app->states[w->selected].clause);
		else if (w->selected == view->app->count + NODE_SOA)
			ui_list_open_kinds(view->app, "Statement of Applicability", (const char *const[]){ "control" }, 1);
		else if (w->selected == view->app->count + NODE_CONTROL)
			ui_doccontrol_open(view->app);
		else
			ui_list_open_kinds(view->app, "governance", governance_kinds, GOVERNANCE_KINDS);
		return UI_HANDLED;
	case UI_ACTION_KINDS:
		ui_list_choose_kind(view->app);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_walk_ops = {
	.name = "walk",
	.open = walk_open,
	.title = walk_title,
	.draw = walk_draw,
	.key = walk_key,
	.close = walk_close,
};
