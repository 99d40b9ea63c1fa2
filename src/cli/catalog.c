/* SPDX-License-Identifier: MIT */
/* The commands that read the model's catalogues: status (completeness,
 * clause by clause), guide, catalog and soa. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "output.h"
#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/json.h"
#include "isms/rules.h"

/* A state as a mark that reads without colour, coloured when colour is on. */
static const char *state_mark(enum isms_state state)
{
	static const char *const marks[] = { "[ ]", "[~]", "[!]", "[x]" };
	static const enum cli_slot slots[] = { CLI_MISSING, CLI_DRAFT, CLI_OVERDUE, CLI_APPROVED };
	static char out[32];

	snprintf(out, sizeof(out), "%s%s%s", cli_color(slots[state]), marks[state], cli_color(CLI_RESET));
	return out;
}

/* Print `text` wrapped at `width` columns: the first line goes on from
 * column `col` (what is printed already; 0 to start afresh), the others
 * start at `indent`. */
static void wrap_from(const char *text, int col, int indent, int width)
{
	bool first_word = true;

	if (col == 0) {
		printf("%*s", indent, "");
		col = indent;
	}
	while (*text) {
		size_t word = strcspn(text, " \n");

		if (!first_word && col + 1 + (int)word > width) {
			printf("\n%*s", indent, "");
			col = indent;
			first_word = true;
		}
		if (!first_word) {
			putchar(' ');
			col++;
		}
		fwrite(text, 1, word, stdout);
		col += (int)word;
		first_word = false;
		text += word;
		while (*text == ' ' || *text == '\n')
			text++;
	}
	putchar('\n');
}

static void wrap(const char *text, int indent, int width)
{
	wrap_from(text, 0, indent, width);
}

static const char *governance_names(unsigned flags, char *out, size_t size)
{
	out[0] = '\0';
	for (unsigned i = 0; isms_governance_names[i]; i++)
		if (flags & (1u << i)) {
			if (out[0])
				strncat(out, ", ", size - strlen(out) - 1);
			strncat(out, isms_governance_names[i], size - strlen(out) - 1);
		}
	return out;
}

/* How much of `title` to show in `room` columns: all of it, or up to the
 * last space that fits. */
static int title_width(const char *title, int room)
{
	int n = (int)strlen(title), cut = room;

	if (n <= room)
		return n;
	while (cut > room / 2 && title[cut] != ' ')
		cut--;
	return cut > room / 2 ? cut : room;
}

/* "issue 1/1 complete, policy 0/1 approved (1 not approved)" for a
 * clause's state; a parent names its sub-clauses. */
static void requirement_text(char *out, size_t size, const struct isms_clause_state *s)
{
	const struct isms_clause *c = s->clause;

	out[0] = '\0';
	if (isms_clause_is_parent(c)) {
		snprintf(out, size, "see");
		for (size_t i = 1; isms_clause_is_child(c, c + i); i++) {
			size_t n = strlen(out);

			snprintf(out + n, size - n, "%s %s", i > 1 ? "," : "", c[i].number);
		}
		return;
	}
	for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && c->requires[q].kind; q++) {
		size_t n = strlen(out);

		if (n)
			snprintf(out + n, size - n, ", ");
		n = strlen(out);
		isms_requirement_text(out + n, size - n, s, q);
	}
}

static const struct isms_clause_state *next_step(const struct isms_clause_state *states, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (states[i].state != ISMS_STATE_APPROVED && !isms_clause_is_parent(states[i].clause))
			return &states[i];
	return NULL;
}

static size_t finding_count(struct isms_report *report)
{
	size_t n = 0;

	for (size_t i = 0; i < report->count; i++)
		n += report->files[i].findings.count;
	return n;
}

/* Document control (7.5): reviews overdue or due within 30 days, files
 * changed outside the workbench, retention ended; one reading for the text
 * and the JSON. */

static void control_print(const struct isms_doccontrol *c)
{
	for (int overdue = 1; overdue >= 0; overdue--) {
		bool first = true;

		for (size_t i = 0; i < c->review_count; i++) {
			const struct isms_doccontrol_review *r = &c->reviews[i];

			if (r->overdue != (overdue == 1))
				continue;
			if (first)
				printf("\n%s\n", overdue ? "overdue for review:" : "due for review within 30 days:");
			first = false;
			printf("  %-12s %s  ", r->id, r->date);
			cli_print_cell(r->title, 55, false);
			putchar('\n');
		}
	}
	if (c->file_count) {
		printf("\nnot committed (isms commit PATH... -m MSG):\n");
		for (size_t i = 0; i < c->file_count; i++) {
			printf("  %c ", c->files[i].code);
			/* A file name as anyone may have made it. */
			cli_print_text(c->files[i].path, ISMS_ESCAPE_BACKSLASH);
			printf("%s%s%s\n", c->files[i].id ? " (" : "", c->files[i].id ? c->files[i].id : "",
			       c->files[i].id ? ")" : "");
		}
	}
	if (c->retention_count)
		printf("\nretention ended (isms dispose ID -m REASON):\n");
	for (size_t i = 0; i < c->retention_count; i++)
		printf("  %-12s retired %s, kept until %s\n", c->retention[i].id,
		       c->retention[i].retired, c->retention[i].end);
}

/* ,"reviews":{"overdue":[...],"due":[...]},"changes":[...],"retention":[...] */
static void control_json(struct isms_buf *out, const struct isms_doccontrol *c)
{
	isms_buf_puts(out, ",\"reviews\":{");
	for (int overdue = 1; overdue >= 0; overdue--) {
		bool first = true;

		isms_buf_puts(out, overdue ? "\"overdue\":[" : ",\"due\":[");
		for (size_t i = 0; i < c->review_count; i++) {
			const struct isms_doccontrol_review *r = &c->reviews[i];

			if (r->overdue != (overdue == 1))
				continue;
			isms_buf_puts(out, first ? "{" : ",{");
			first = false;
			isms_json_field(out, "id", r->id, 1);
			isms_json_field(out, "title", r->title, 0);
			isms_json_field(out, "next_review", r->date, 0);
			isms_buf_putc(out, '}');
		}
		isms_buf_putc(out, ']');
	}
	isms_buf_puts(out, "},\"changes\":[");
	for (size_t i = 0; i < c->file_count; i++) {
		char code[2] = { c->files[i].code, '\0' };

		isms_buf_puts(out, i ? ",{" : "{");
		isms_json_field(out, "path", c->files[i].path, 1);
		isms_json_field(out, "status", code, 0);
		if (c->files[i].id)
			isms_json_field(out, "record", c->files[i].id, 0);
		else
			isms_buf_puts(out, ",\"record\":null");
		isms_buf_putc(out, '}');
	}
	isms_buf_puts(out, "],\"retention\":[");
	for (size_t i = 0; i < c->retention_count; i++) {
		isms_buf_puts(out, i ? ",{" : "{");
		isms_json_field(out, "id", c->retention[i].id, 1);
		isms_json_field(out, "title", c->retention[i].title, 0);
		isms_json_field(out, "retired_on", c->retention[i].retired, 0);
		isms_json_field(out, "retention_end", c->retention[i].end, 0);
		isms_buf_putc(out, '}');
	}
	isms_buf_putc(out, ']');
}

static char *requirement_line(const struct isms_clause *c, const struct isms_clause_state *s,
			      size_t q);

/* "requirements":[{"kind","needs","min","have","met","short":{...},"text"}],
 * with "advice" in each when `advice` (guide). */
static void requirements_json(struct isms_buf *out, const struct isms_clause_state *s, bool advice)
{
	const struct isms_clause *c = s->clause;

	isms_buf_puts(out, ",\"requirements\":[");
	for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && c->requires[q].kind; q++) {
		char text[160];
		bool first = true;

		isms_requirement_text(text, sizeof(text), s, q);
		isms_buf_puts(out, q ? ",{" : "{");
		isms_json_field(out, "kind", c->requires[q].kind, 1);
		isms_json_field(out, "needs", isms_req_state_name(c->requires[q].state), 0);
		isms_buf_printf(out, ",\"min\":%u,\"have\":%u,\"met\":%u,\"short\":{",
				c->requires[q].min, s->have[q], s->met[q]);
		for (int ev = ISMS_EV_INCOMPLETE; ev < ISMS_EV_MET; ev++)
			if (s->by[q][ev]) {
				if (!first)
					isms_buf_putc(out, ',');
				isms_json_str(out, isms_evidence_name((enum isms_evidence)ev));
				isms_buf_printf(out, ":%u", s->by[q][ev]);
				first = false;
			}
		isms_buf_putc(out, '}');
		isms_json_field(out, "text", text, 0);
		if (advice) {
			char *line = requirement_line(c, s, q);

			isms_json_field(out, "advice", line, 0);
			free(line);
		}
		isms_buf_putc(out, '}');
	}
	isms_buf_putc(out, ']');
	if (isms_clause_is_parent(c)) {
		isms_buf_puts(out, ",\"subclauses\":[");
		for (size_t i = 1; isms_clause_is_child(c, c + i); i++) {
			if (i > 1)
				isms_buf_putc(out, ',');
			isms_json_str(out, c[i].number);
		}
		isms_buf_putc(out, ']');
	}
}

static void status_json(struct isms_store *store, const struct isms_clause_state *states,
			size_t n, const struct isms_doccontrol *control, size_t findings)
{
	struct isms_buf out = ISMS_BUF_INIT;
	const struct isms_clause_state *next = next_step(states, n);

	isms_buf_putc(&out, '{');
	isms_json_field(&out, "organisation", isms_store_organisation(store), 1);
	isms_json_field(&out, "isms_type", isms_store_isms_type(store), 0);
	isms_buf_puts(&out, ",\"clauses\":[");
	for (size_t i = 0; i < n; i++) {
		const struct isms_clause *c = states[i].clause;

		isms_buf_puts(&out, i ? ",{" : "{");
		isms_json_field(&out, "clause", c->number, 1);
		isms_json_field(&out, "title", c->title, 0);
		isms_json_field(&out, "phase", isms_phase_name(c->phase), 0);
		isms_json_field(&out, "state", isms_state_name(states[i].state), 0);
		requirements_json(&out, &states[i], false);
		isms_buf_printf(&out, ",\"overdue\":%u}", states[i].overdue);
	}
	isms_buf_puts(&out, "],\"progress\":{");
	for (int p = ISMS_PHASE_PLAN; p <= ISMS_PHASE_ACT; p++)
		isms_buf_printf(&out, "%s\"%s\":%u", p ? "," : "", isms_phase_name((enum isms_phase)p),
				isms_phase_progress(states, n, (enum isms_phase)p));
	isms_buf_puts(&out, "},");
	if (next)
		isms_json_field(&out, "next", next->clause->number, 1);
	else
		isms_buf_puts(&out, "\"next\":null");
	control_json(&out, control);
	isms_buf_printf(&out, ",\"findings\":%zu}\n", findings);
	fputs(out.ptr, stdout);
	isms_buf_free(&out);
}

int cli_print_status(struct isms_store *store, bool json)
{
	struct isms_repo *repo = isms_store_repo(store);
	size_t n = isms_clause_count(), findings;
	struct isms_clause_state *states = isms_calloc(n, sizeof(*states));
	const struct isms_clause_state *next;
	struct isms_records records;
	struct isms_report report;
	struct isms_doccontrol control;
	struct isms_status changes;
	struct isms_log log = { 0 };
	/* Git's status of the working tree, read meanwhile on another core. */
	struct isms_status_job *job = isms_repo_status_start(repo);
	char *branch;
	int error;

	/* One reading of the records serves the clauses, the findings and
	 * document control. */
	isms_store_load_all(&records, store, NULL);
	isms_store_completeness_of(states, &report, store, &records);
	findings = finding_count(&report);
	isms_report_free(&report);
	error = isms_repo_status_finish(&changes, job, repo);
	if (error == 0)
		error = isms_store_doccontrol_of(&control, store, &records, &changes);
	isms_status_free(&changes);
	isms_records_free(&records);
	if (error < 0) {
		free(states);
		return cli_fail();
	}
	if (json) {
		status_json(store, states, n, &control, findings);
		isms_doccontrol_free(&control);
		free(states);
		return findings ? EXIT_FINDINGS : EXIT_OK;
	}
	branch = isms_repo_branch(repo);
	fputs("ISMS of ", stdout);
	cli_print_text(isms_store_organisation(store), 0);
	printf("\nISMS type (27014 Annex B): %s\n", isms_type_describe(isms_store_isms_type(store)));
	printf("repository: %s (branch %s)\n", isms_store_top(store), branch);
	free(branch);
	if (isms_repo_log(&log, repo, NULL, 1) == 0 && log.count) {
		char date[32];

		isms_date_format(date, log.items[0].time, log.items[0].offset);
		printf("last change: %.7s %s by ", log.items[0].id, date);
		cli_print_cell(log.items[0].author, 20, false);
		fputs(": ", stdout);
		cli_print_cell(log.items[0].summary, 33, false);
		putchar('\n');
	}
	isms_log_free(&log);

	printf("\n    clause                                             evidence\n");
	for (size_t i = 0; i < n; i++) {
		const struct isms_clause *c = states[i].clause;
		char need[160];
		int room;

		if (i == 0 || states[i - 1].clause->phase != c->phase)
			printf("%s:\n", isms_phase_name(c->phase));
		requirement_text(need, sizeof(need), &states[i]);
		/* 80 columns: mark, number, as much title as fits, the evidence. */
		room = 80 - 4 - 7 - 1 - (int)strlen(need);
		if (room < 20) {
			/* The evidence goes on its own line when it is long. */
			printf("%s %-6s %s\n%12s%s\n", state_mark(states[i].state), c->number,
			       c->title, "", need);
			continue;
		}
		printf("%s %-6s %-*.*s %s\n", state_mark(states[i].state), c->number,
		       room < 42 ? room : 42, title_width(c->title, room < 42 ? room : 42), c->title, need);
	}
	printf("\n[x] done: complete, approved by the act where it must be, current\n"
	       "[~] draft, incomplete, not approved or not done  [!] overdue  [ ] missing\n");
	printf("progress: Plan %u%%  Do %u%%  Check %u%%  Act %u%%\n",
	       isms_phase_progress(states, n, ISMS_PHASE_PLAN), isms_phase_progress(states, n, ISMS_PHASE_DO),
	       isms_phase_progress(states, n, ISMS_PHASE_CHECK), isms_phase_progress(states, n, ISMS_PHASE_ACT));
	if ((next = next_step(states, n)))
		printf("next step: %s %s (isms guide %s)\n", next->clause->number, next->clause->title,
		       next->clause->number);
	else
		printf("next step: none; every clause has its evidence\n");
	control_print(&control);
	isms_doccontrol_free(&control);
	printf("\ncheck: %zu finding%s%s\n", findings, findings == 1 ? "" : "s",
	       findings ? " (run 'isms check')" : "");
	free(states);
	return findings ? EXIT_FINDINGS : EXIT_OK;
}

int cmd_status(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	bool json;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "j", 0, 0);
	json = o.json;
	cli_options_free(&o);
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	rc = cli_print_status(store, json);
	isms_store_free(store);
	return rc;
}

/* Every clause's state in the ISMS of the current folder, if there is one
 * (the caller frees); NULL when there is none. */
static struct isms_clause_state *clause_states(void)
{
	struct isms_store *store = NULL;
	struct isms_clause_state *states;

	if (isms_store_open(&store, NULL) < 0) {
		isms_error_clear();
		return NULL;
	}
	states = isms_calloc(isms_clause_count(), sizeof(*states));
	isms_store_completeness(states, NULL, store);
	isms_store_free(store);
	return states;
}

/* What the ISMS has of requirement `q` of `c`, and what to do. */
static char *requirement_line(const struct isms_clause *c, const struct isms_clause_state *s,
			      size_t q)
{
	const struct isms_requirement *r = &c->requires[q];
	char text[160];

	isms_requirement_text(text, sizeof(text), s, q);
	if (s->met[q] >= r->min)
		return isms_asprintf("%s: enough", text);
	if (r->state == ISMS_REQ_METHOD)
		return isms_asprintf("%s: define risk_method in isms.yaml ('isms init' writes one "
				     "to adapt)", text);
	if (strcmp(r->kind, "control") == 0)
		return isms_asprintf("%s: 'isms soa init' adds the missing entries, then decide each "
				     "with 'isms set A.x.y applicable=yes|no reason=... "
				     "justification=...'", text);
	if (s->by[q][ISMS_EV_INCOMPLETE])
		return isms_asprintf("%s: fill in what is missing ('isms check' names it), with "
				     "'isms set ID FIELD=VALUE'", text);
	if (r->state == ISMS_REQ_APPROVED && s->have[q])
		return isms_asprintf("%s: approve it with 'isms approve ID' (by someone other than "
				     "its author)", text);
	if (r->state == ISMS_REQ_DONE && s->have[q])
		return isms_asprintf("%s: record it as done, with its date and results", text);
	return isms_asprintf("%s: add with 'isms new %s --set title=...'", text,
			     strcmp(r->kind, ISMS_REQ_CONTROLLED) == 0 ? "policy" : r->kind);
}

static void guide_text(const struct isms_clause *c, const struct isms_clause_state *s)
{
	char gov[64];

	printf("%s %s\n", c->number, c->title);
	if (isms_clause_is_parent(c)) {
		printf("sub-clauses (isms guide NUMBER):\n");
		for (size_t i = 1; isms_clause_is_child(c, c + i); i++)
			printf("  %s%s%s %s\n", s ? state_mark(s[i].state) : "", s ? " " : "",
			       c[i].number, c[i].title);
	}
	printf("phase: %s; governance (27014): %s\n", isms_phase_name(c->phase),
	       governance_names(c->governance, gov, sizeof(gov)));
	for (size_t i = 0; i < ISMS_GUIDANCE_PARTS; i++) {
		printf("\n%s\n", isms_guidance_heading(i));
		wrap(isms_guidance_part(&c->guidance, i), 2, 78);
	}
	if (c->climate) {
		printf("\nClimate change (Amendment 1:2024)\n");
		wrap(c->climate, 2, 78);
	}
	if (!s)
		return;
	printf("\nIn this ISMS: %s %s%s\n", state_mark(s->state), isms_state_name(s->state),
	       isms_clause_is_parent(c) ? " (from its sub-clauses)" : "");
	for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && c->requires[q].kind; q++) {
		char *line = requirement_line(c, s, q);

		wrap(line, 2, 78);
		free(line);
	}
	if (s->overdue)
		printf("  %u record%s overdue for review\n", s->overdue, s->overdue == 1 ? " is" : "s are");
}

/* guide --json: the clause, our guidance by part, and, in an ISMS, its
 * state and each requirement with what to do. */
static void guide_json(const struct isms_clause *c, const struct isms_clause_state *s)
{
	struct isms_buf out = ISMS_BUF_INIT;
	char gov[64];

	isms_buf_putc(&out, '{');
	isms_json_field(&out, "clause", c->number, 1);
	isms_json_field(&out, "title", c->title, 0);
	isms_json_field(&out, "phase", isms_phase_name(c->phase), 0);
	isms_json_field(&out, "governance", governance_names(c->governance, gov, sizeof(gov)), 0);
	isms_buf_puts(&out, ",\"guidance\":[");
	for (size_t i = 0; i < ISMS_GUIDANCE_PARTS; i++) {
		isms_buf_puts(&out, i ? ",{" : "{");
		isms_json_field(&out, "heading", isms_guidance_heading(i), 1);
		isms_json_field(&out, "text", isms_guidance_part(&c->guidance, i), 0);
		isms_buf_putc(&out, '}');
	}
	isms_buf_putc(&out, ']');
	if (c->climate)
		isms_json_field(&out, "climate", c->climate, 0);
	else
		isms_buf_puts(&out, ",\"climate\":null");
	if (s) {
		isms_json_field(&out, "state", isms_state_name(s->state), 0);
		requirements_json(&out, s, true);
		isms_buf_printf(&out, ",\"overdue\":%u", s->overdue);
	} else {
		isms_buf_puts(&out, ",\"state\":null,\"requirements\":null,\"overdue\":null");
	}
	isms_buf_puts(&out, "}\n");
	fputs(out.ptr, stdout);
	isms_buf_free(&out);
}

int cmd_guide(int argc, char **argv)
{
	struct cli_options o;
	struct isms_clause_state *states = NULL, *state = NULL;
	const struct isms_clause *c;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "j", 1, 1);
	if (!(c = isms_clause_find(o.args[0]))) {
		rc = cli_usage("guide", "no clause '%s'; 'isms catalog clauses' lists them", o.args[0]);
		goto cleanup;
	}
	if ((states = clause_states()))
		state = &states[c - isms_clause_at(0)];
	if (o.json)
		guide_json(c, state);
	else
		guide_text(c, state);
	free(states);
cleanup:
	cli_options_free(&o);
	return rc;
}

static void flags_json(struct isms_buf *out, const char *key, unsigned flags,
		       const char *const *names, unsigned count)
{
	bool first = true;

	isms_buf_printf(out, ",\"%s\":[", key);
	for (unsigned i = 0; i < count; i++)
		if (flags & (1u << i)) {
			if (!first)
				isms_buf_putc(out, ',');
			isms_json_str(out, names[i]);
			first = false;
		}
	isms_buf_putc(out, ']');
}

/* catalog governance: the six principles of ISO/IEC 27014:2020. */
static int catalog_governance(bool json)
{
	struct isms_buf out = ISMS_BUF_INIT;

	isms_buf_putc(&out, '[');
	for (size_t i = 0; i < isms_governance_objective_count(); i++) {
		const struct isms_governance_objective *g = isms_governance_objective_at(i);

		if (!json) {
			printf("%u  ", g->number);
			wrap_from(g->name, 3, 3, 78);
			wrap(g->what, 3, 78);
			continue;
		}
		isms_buf_printf(&out, "%s{\"number\":%u", i ? "," : "", g->number);
		isms_json_field(&out, "name", g->name, 0);
		isms_json_field(&out, "what", g->what, 0);
		isms_buf_putc(&out, '}');
	}
	isms_buf_puts(&out, "]\n");
	if (json)
		fputs(out.ptr, stdout);
	isms_buf_free(&out);
	return EXIT_OK;
}

int cmd_catalog(int argc, char **argv)
{
	static const char *const types[] = { "preventive", "detective", "corrective" };
	static const char *const props[] = { "confidentiality", "integrity", "availability" };
	static const char *const concepts[] = { "identify", "protect", "detect", "respond", "recover" };
	struct cli_options o;
	struct isms_buf out = ISMS_BUF_INIT;
	bool controls;
	int rc = EXIT_OK;

	PARSE_OR_RETURN(&o, argc, argv, "j", 1, 1);
	controls = strcmp(o.args[0], "controls") == 0;
	if (strcmp(o.args[0], "governance") == 0) {
		rc = catalog_governance(o.json);
		goto cleanup;
	}
	if (!controls && strcmp(o.args[0], "clauses") != 0) {
		rc = cli_usage("catalog", "say 'clauses', 'controls' or 'governance'");
		goto cleanup;
	}
	if (o.json)
		isms_buf_putc(&out, '[');
	for (size_t i = 0; i < (controls ? isms_control_count() : isms_clause_count()); i++) {
		if (controls) {
			const struct isms_control *c = isms_control_at(i);

			if (!o.json) {
				printf("%-7s ", c->id);
				wrap_from(c->title, 8, 8, 78);
				wrap(c->purpose, 8, 78);
				continue;
			}
			isms_buf_puts(&out, i ? ",{" : "{");
			isms_json_field(&out, "id", c->id, 1);
			isms_json_field(&out, "title", c->title, 0);
			isms_json_field(&out, "theme", isms_theme_name(c->theme), 0);
			flags_json(&out, "type", c->type, types, 3);
			flags_json(&out, "properties", c->properties, props, 3);
			flags_json(&out, "concepts", c->concepts, concepts, 5);
			flags_json(&out, "capabilities", c->capabilities, isms_capability_names,
				   ISMS_CAP_COUNT);
			flags_json(&out, "domains", c->domains, isms_domain_names, ISMS_DOMAIN_COUNT);
			isms_json_field(&out, "purpose", c->purpose, 0);
			isms_buf_putc(&out, '}');
		} else {
			const struct isms_clause *c = isms_clause_at(i);

			if (!o.json) {
				printf("%-6s %-5s %s\n", c->number, isms_phase_name(c->phase), c->title);
				continue;
			}
			isms_buf_puts(&out, i ? ",{" : "{");
			isms_json_field(&out, "clause", c->number, 1);
			isms_json_field(&out, "title", c->title, 0);
			isms_json_field(&out, "phase", isms_phase_name(c->phase), 0);
			flags_json(&out, "governance", c->governance, isms_governance_names, 4);
			isms_buf_puts(&out, ",\"requires\":[");
			for (size_t q = 0; q < ISMS_CLAUSE_MAX_REQUIREMENTS && c->requires[q].kind; q++) {
				isms_buf_puts(&out, q ? ",{" : "{");
				isms_json_field(&out, "kind", c->requires[q].kind, 1);
				isms_buf_printf(&out, ",\"min\":%u", c->requires[q].min);
				isms_json_field(&out, "state", c->requires[q].state == ISMS_REQ_APPROVED
							       ? "approved" : "exists", 0);
				isms_buf_putc(&out, '}');
			}
			isms_buf_putc(&out, ']');
			isms_json_field(&out, "what", c->guidance.what, 0);
			isms_buf_putc(&out, '}');
		}
	}
	if (o.json) {
		isms_buf_puts(&out, "]\n");
		fputs(out.ptr, stdout);
	}
cleanup:
	isms_buf_free(&out);
	cli_options_free(&o);
	return rc;
}

int cli_soa_init(struct isms_store *store)
{
	char commit[ISMS_OID_HEX], *what;
	size_t added;

	if (isms_store_soa_init(commit, &added, store, NULL) < 0)
		return cli_fail();
	what = added ? isms_asprintf("Statement of Applicability: %zu Annex A controls added, undecided", added)
		     : isms_strdup("the Statement of Applicability already has every Annex A control");
	cli_committed(commit, what);
	free(what);
	return EXIT_OK;
}

int cmd_soa(int argc, char **argv)
{
	struct cli_options o;
	struct isms_store *store = NULL;
	int rc;

	PARSE_OR_RETURN(&o, argc, argv, "", 1, 1);
	if (strcmp(o.args[0], "init") != 0) {
		cli_options_free(&o);
		return cli_usage("soa", "the only soa command is 'init'");
	}
	cli_options_free(&o);
	if ((rc = cli_open_store(&store)) != 0)
		return rc;
	rc = cli_soa_init(store);
	isms_store_free(store);
	return rc;
}
