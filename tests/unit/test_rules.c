/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "isms/method.h"
#include "isms/rules.h"
#include "isms/yaml.h"

/* A set of records made from YAML texts, checked by the rules. */
struct fixture {
	struct isms_view views[200];
	struct isms_findings findings[200];
	struct isms_findings whole;
	size_t count;
	struct isms_method method;
};

static void add(struct fixture *fx, const char *kind, const char *id, const char *yaml)
{
	struct isms_node *root;
	char *text = isms_asprintf("id: %s\nkind: %s\n%s", id, kind, yaml);

	cr_assert_eq(isms_yaml_load(&root, NULL, text, strlen(text), id, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_not_null(isms_kind_find(kind), "%s", kind);
	fx->views[fx->count++] = (struct isms_view){ .kind = isms_kind_find(kind),
						   .id = isms_strdup(id), .root = root };
	free(text);
}

static void run(struct fixture *fx)
{
	struct isms_facts facts = { .records = fx->views, .count = fx->count,
				    .method = &fx->method, .today = "2026-06-01" };

	for (size_t i = 0; i < fx->count; i++)
		isms_findings_free(&fx->findings[i]);
	isms_findings_free(&fx->whole);
	/* As check runs them: the rules of each record alone, then across. */
	for (size_t i = 0; i < fx->count; i++)
		isms_record_lifecycle(&fx->findings[i], fx->views[i].root, fx->views[i].kind);
	isms_rules_check(fx->findings, &fx->whole, &facts);
}

static void fixture_free(struct fixture *fx)
{
	for (size_t i = 0; i < fx->count; i++) {
		free((char *)fx->views[i].id);
		isms_node_free((struct isms_node *)fx->views[i].root);
		isms_findings_free(&fx->findings[i]);
	}
	isms_findings_free(&fx->whole);
}

/* The finding of record `i` that contains `phrase`, or NULL. */
static const struct isms_finding *found(struct fixture *fx, size_t i, const char *phrase)
{
	for (size_t k = 0; k < fx->findings[i].count; k++)
		if (strstr(fx->findings[i].items[k].message, phrase))
			return &fx->findings[i].items[k];
	return NULL;
}

#define FIXTURE(fx) struct fixture fx = { .count = 0 }; isms_method_default(&fx.method)

/* The risk method */

Test(method, the_default_matrix_gives_every_cell_its_level)
{
	struct isms_method m;

	isms_method_default(&m);
	cr_assert_eq(m.likelihood_count, 5);
	cr_assert_eq(m.impact_count, 5);
	for (unsigned l = 1; l <= 5; l++)
		for (unsigned i = 1; i <= 5; i++) {
			unsigned p = l * i;
			int want = p <= 4 ? 0 : p <= 9 ? 1 : p <= 16 ? 2 : 3;

			cr_assert_eq(isms_method_level(&m, l, i), want, "likelihood %u, impact %u", l, i);
		}
	cr_assert_eq(isms_method_level(&m, 0, 1), -1);
	cr_assert_eq(isms_method_level(&m, 6, 1), -1);
	cr_assert_eq(isms_method_level(&m, 1, 6), -1);
	cr_assert_str_eq(m.levels[m.accept].name, "Low");
}

Test(method, reads_back_what_it_writes)
{
	struct isms_method m, back;
	struct isms_findings f = ISMS_FINDINGS_INIT;
	struct isms_node *tree;

	isms_method_default(&m);
	tree = isms_method_tree(&m);
	isms_method_read(&back, tree, &f);
	cr_assert_eq(f.count, 0, "%s", f.count ? f.items[0].message : "");
	cr_assert_eq(back.level_count, 4);
	cr_assert_str_eq(back.likelihood[4].label, "Almost certain");
	cr_assert_str_eq(back.impact[0].description, m.impact[0].description);
	cr_assert_eq(memcmp(back.matrix, m.matrix, sizeof(m.matrix)), 0);
	isms_node_free(tree);
}

Test(method, a_custom_three_by_three_method_is_used)
{
	static const char yaml[] =
		"likelihood: [{label: L, description: low}, {label: M, description: mid}, {label: H, description: high}]\n"
		"impact: [{label: S, description: small}, {label: B, description: big}]\n"
		"levels: [{name: Fine, colour: green}, {name: Act, colour: red}]\n"
		"matrix:\n- [Fine, Fine]\n- [Fine, Act]\n- [Act, Act]\n"
		"acceptance: Fine\n";
	struct isms_node *tree;
	struct isms_method m;
	struct isms_findings f = ISMS_FINDINGS_INIT;

	cr_assert_eq(isms_yaml_load(&tree, NULL, yaml, strlen(yaml), "m", NULL), 0);
	isms_method_read(&m, tree, &f);
	cr_assert_eq(f.count, 0, "%s", f.count ? f.items[0].message : "");
	cr_assert_eq(m.likelihood_count, 3);
	cr_assert_eq(m.impact_count, 2);
	cr_assert_eq(isms_method_level(&m, 2, 1), 0);
	cr_assert_eq(isms_method_level(&m, 2, 2), 1);
	cr_assert_eq(isms_method_level(&m, 3, 1), 1);
	cr_assert_eq(isms_method_level(&m, 3, 3), -1, "no third impact level");
	isms_node_free(tree);
}

Test(method, a_broken_method_is_reported_where_it_breaks)
{
	static const struct { const char *yaml; unsigned line; const char *phrase; } cases[] = {
		{ "likelihood: [{label: A, description: a}, {label: B, description: b}]\n"
		  "impact: [{label: A, description: a}, {label: B, description: b}]\n"
		  "levels: [{name: Lo, colour: green}, {name: Hi, colour: red}]\n"
		  "matrix:\n- [Lo, Lo]\n- [Lo]\n"
		  "acceptance: Lo\n", 6, "matrix row 2" },
		{ "likelihood: [{label: A, description: a}, {label: B, description: b}]\n"
		  "impact: [{label: A, description: a}, {label: B, description: b}]\n"
		  "levels: [{name: Lo, colour: green}, {name: Hi, colour: red}]\n"
		  "matrix:\n- [Lo, Lo]\n- [Lo, Huge]\n"
		  "acceptance: Lo\n", 6, "not one of the level names" },
		{ "likelihood: [{label: A, description: a}, {label: B, description: b}]\n"
		  "impact: [{label: A, description: a}, {label: B, description: b}]\n"
		  "levels: [{name: Lo, colour: green}, {name: Hi, colour: red}]\n"
		  "matrix:\n- [Lo, Lo]\n- [Lo, Hi]\n"
		  "acceptance: Medium\n", 7, "'acceptance'" },
		{ "likelihood: [{label: A}]\n", 1, "'likelihood' must be a list of 2" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct isms_node *tree;
		struct isms_method m;
		struct isms_findings f = ISMS_FINDINGS_INIT;

		cr_assert_eq(isms_yaml_load(&tree, NULL, cases[i].yaml, strlen(cases[i].yaml), "m", NULL), 0);
		isms_method_read(&m, tree, &f);
		cr_assert_eq(f.count, 1, "case %zu", i);
		cr_assert(strstr(f.items[0].message, cases[i].phrase), "case %zu: %s", i, f.items[0].message);
		cr_assert_eq(f.items[0].line, cases[i].line, "case %zu", i);
		cr_assert_eq(m.likelihood_count, 5, "the default stands in");
		isms_findings_free(&f);
		isms_node_free(tree);
	}
}

/* Cross-record rules, each broken and satisfied */

Test(rules, references_must_resolve_to_the_right_kind)
{
	FIXTURE(fx);

	add(&fx, "policy", "POL-001", "title: Top\nstatus: draft\n");
	add(&fx, "policy", "POL-002", "title: Topic\nstatus: draft\nparent: POL-001\n");
	add(&fx, "policy", "POL-003", "title: Topic\nstatus: draft\nparent: POL-009\n");
	add(&fx, "objective", "OBJ-001", "title: O\nstatus: open\npolicy: OBJ-001\n");
	run(&fx);
	cr_assert_eq(fx.findings[1].count, 0);
	cr_assert_not_null(found(&fx, 2, "refers to POL-009, which is not in this ISMS"));
	cr_assert_eq(found(&fx, 2, "POL-009")->line, 5);
	cr_assert_not_null(found(&fx, 3, "which is a objective, not a policy"));
	fixture_free(&fx);
}

Test(rules, every_risk_has_an_owner)
{
	FIXTURE(fx);

	add(&fx, "risk", "RSK-001", "title: R\nassessed_on: 2026-01-01\nstatus: assessed\nlikelihood: 1\nimpact: 1\n");
	add(&fx, "risk", "RSK-002", "title: R\nassessed_on: 2026-01-01\nstatus: assessed\nowner: Ann\nlikelihood: 1\nimpact: 1\n");
	run(&fx);
	cr_assert_not_null(found(&fx, 0, "every risk needs an owner"));
	cr_assert_eq(fx.findings[1].count, 0, "%s", fx.findings[1].count ? fx.findings[1].items[0].message : "");
	fixture_free(&fx);
}

Test(rules, a_risk_above_acceptance_is_treated_or_accepted_by_its_owner)
{
	FIXTURE(fx);

	/* 3 x 3 = 9: Medium, above Low */
	add(&fx, "risk", "RSK-001", "title: R\nassessed_on: 2026-01-01\nstatus: assessed\nowner: Ann\nlikelihood: 3\nimpact: 3\n");
	add(&fx, "risk", "RSK-002", "title: R\nassessed_on: 2026-01-01\nstatus: treated\nowner: Ann\nlikelihood: 3\nimpact: 3\n"
				    "treatment: avoid\n");
	add(&fx, "risk", "RSK-003", "title: R\nassessed_on: 2026-01-01\nstatus: accepted\nowner: Ann\nlikelihood: 3\nimpact: 3\n"
				    "accepted_by: Ann\naccepted_on: 2026-05-01\n");
	add(&fx, "risk", "RSK-004", "title: R\nassessed_on: 2026-01-01\nstatus: accepted\nowner: Ann\nlikelihood: 3\nimpact: 3\n"
				    "accepted_by: Bob\naccepted_on: 2026-05-01\n");
	add(&fx, "risk", "RSK-005", "title: R\nassessed_on: 2026-01-01\nstatus: accepted\nowner: Ann\nlikelihood: 3\nimpact: 3\n"
				    "accepted_by: Ann\n");
	add(&fx, "risk", "RSK-006", "title: R\nassessed_on: 2026-01-01\nstatus: assessed\nowner: Ann\nlikelihood: 2\nimpact: 2\n");
	run(&fx);
	cr_assert_not_null(found(&fx, 0, "its level, Medium, is above the acceptance level Low"));
	cr_assert_eq(found(&fx, 0, "above the acceptance")->line, 8, "at the impact");
	cr_assert_eq(fx.findings[1].count, 0);
	cr_assert_eq(fx.findings[2].count, 0);
	cr_assert_not_null(found(&fx, 3, "only the risk owner accepts a risk"));
	cr_assert_not_null(found(&fx, 4, "needs its date"));
	cr_assert_eq(fx.findings[5].count, 0, "4 is Low: accepted as it is");
	fixture_free(&fx);
}

Test(rules, scale_values_stay_on_the_methods_scales)
{
	FIXTURE(fx);

	add(&fx, "risk", "RSK-001", "title: R\nassessed_on: 2026-01-01\nstatus: assessed\nowner: A\nlikelihood: 6\nimpact: 1\n"
				    "treatment: modify\n");
	run(&fx);
	cr_assert_not_null(found(&fx, 0, "'likelihood' is 6, above the top of the likelihood scale (5)"));
	fixture_free(&fx);
}

Test(rules, a_treated_risks_controls_are_applicable_in_the_soa)
{
	FIXTURE(fx);

	add(&fx, "control", "A.8.13", "title: Information backup\nstatus: draft\napplicable: yes\n");
	add(&fx, "control", "A.7.5", "title: Protecting against physical and environmental threats\n"
				    "status: draft\napplicable: no\nreason: not-applicable\njustification: x\n");
	add(&fx, "risk", "RSK-001", "title: R\nassessed_on: 2026-01-01\nstatus: treated\nowner: A\nlikelihood: 5\nimpact: 5\n"
				    "treatment: modify\ncontrols:\n- A.8.13\n- A.7.5\n- A.5.99\n");
	run(&fx);
	cr_assert_null(found(&fx, 2, "A.8.13"), "applicable: fine");
	cr_assert_not_null(found(&fx, 2, "treated with A.7.5, which the Statement of Applicability does not"));
	cr_assert_eq(found(&fx, 2, "A.7.5")->line, 12);
	cr_assert_not_null(found(&fx, 2, "refers to A.5.99, which is not in this ISMS"));
	fixture_free(&fx);
}

Test(rules, once_started_the_soa_covers_every_annex_a_control)
{
	FIXTURE(fx);

	run(&fx);
	cr_assert_eq(fx.whole.count, 0, "no SoA yet: nothing to say");
	add(&fx, "control", "A.5.1", "title: Policies for information security\nstatus: draft\n");
	run(&fx);
	cr_assert_eq(fx.whole.count, 1);
	cr_assert(strstr(fx.whole.items[0].message, "lacks 92 of the 93"), "%s", fx.whole.items[0].message);
	for (size_t i = 1; i < isms_control_count(); i++) {
		char *yaml = isms_asprintf("title: %s\nstatus: draft\n", isms_control_at(i)->title);

		add(&fx, "control", isms_control_at(i)->id, yaml);
		free(yaml);
	}
	run(&fx);
	cr_assert_eq(fx.whole.count, 0);
	for (size_t i = 0; i < fx.count; i++)
		cr_assert_eq(fx.findings[i].count, 0, "%s: %s", fx.views[i].id,
			     fx.findings[i].count ? fx.findings[i].items[0].message : "");
	fixture_free(&fx);
}

Test(rules, soa_entries_are_annex_a_controls_and_exclusions_are_justified)
{
	FIXTURE(fx);

	add(&fx, "control", "A.5.38", "title: Made up\nstatus: draft\n");
	add(&fx, "control", "A.7.5", "title: Protecting against physical and environmental threats\n"
				    "status: draft\napplicable: no\n");
	add(&fx, "control", "A.7.6", "title: Working in secure areas\nstatus: draft\napplicable: no\n"
				    "reason: not-applicable\njustification: No secure areas on site\n");
	add(&fx, "control", "A.7.7", "title: Desks\nstatus: draft\napplicable: yes\n");
	run(&fx);
	cr_assert_not_null(found(&fx, 0, "not a control of ISO/IEC 27001:2022 Annex A"));
	cr_assert_not_null(found(&fx, 1, "needs a reason"));
	cr_assert_not_null(found(&fx, 1, "needs a justification"));
	cr_assert_eq(found(&fx, 1, "needs a reason")->line, 5);
	cr_assert_eq(fx.findings[2].count, 0);
	cr_assert_not_null(found(&fx, 3, "the title differs from Annex A's: 'Clear desk and clear screen'"));
	fixture_free(&fx);
}

Test(rules, an_approved_document_says_who_and_when_and_reviews_fall_due)
{
	FIXTURE(fx);

	add(&fx, "policy", "POL-001", "title: P\nstatus: approved\n");
	add(&fx, "policy", "POL-002", "title: P\nstatus: approved\napproved_by: Bo\n"
				     "approved_on: 2026-01-01\nnext_review: 2027-01-01\n");
	add(&fx, "policy", "POL-003", "title: P\nstatus: approved\napproved_by: Bo\n"
				     "approved_on: 2025-01-01\nnext_review: 2026-01-01\n");
	run(&fx);
	cr_assert_not_null(found(&fx, 0, "approved, but by whom?"));
	cr_assert_not_null(found(&fx, 0, "approved, but when?"));
	cr_assert_eq(fx.findings[1].count, 0);
	cr_assert_not_null(found(&fx, 2, "overdue: its review was due on 2026-01-01"));
	cr_assert_eq(found(&fx, 2, "overdue")->severity, ISMS_SEV_WARNING);
	fixture_free(&fx);
}

Test(rules, retired_records_are_not_held_to_the_rules)
{
	FIXTURE(fx);

	add(&fx, "risk", "RSK-001", "title: R\nstatus: retired\nlikelihood: 5\nimpact: 5\n");
	add(&fx, "policy", "POL-001", "title: P\nstatus: draft\nparent: POL-002\n");
	add(&fx, "policy", "POL-002", "title: P\nstatus: retired\n");
	run(&fx);
	cr_assert_eq(fx.findings[0].count, 0);
	cr_assert_not_null(found(&fx, 1, "refers to POL-002, which is retired"));
	fixture_free(&fx);
}

/* Completeness */

/* The state of `clause` on `today`, with approval acts as `acts` says
 * (one character per record: '-' none, 'a' holds, 'c' changed since; NULL:
 * none). */
static enum isms_state state_acts(struct fixture *fx, const char *clause, const char *today,
				  const char *acts)
{
	unsigned char act[200] = { 0 };
	struct isms_facts facts = { .records = fx->views, .count = fx->count, .acts = act,
				    .method = &fx->method, .today = today };
	size_t n = isms_clause_count();
	struct isms_clause_state *states = isms_calloc(n, sizeof(*states));
	enum isms_state state = ISMS_STATE_MISSING;

	for (size_t i = 0; acts && acts[i]; i++)
		act[i] = acts[i] == 'a' ? ISMS_APPROVAL_HOLDS : acts[i] == 'c' ? ISMS_APPROVAL_CHANGED : ISMS_APPROVAL_NONE;
	isms_completeness(states, &facts);
	for (size_t i = 0; i < n; i++)
		if (strcmp(states[i].clause->number, clause) == 0)
			state = states[i].state;
	free(states);
	return state;
}

static enum isms_state state_of(struct fixture *fx, const char *clause, const char *today)
{
	return state_acts(fx, clause, today, NULL);
}

Test(completeness, an_empty_isms_misses_everything)
{
	FIXTURE(fx);
	struct isms_facts facts = { .records = fx.views, .count = 0, .method = &fx.method,
				    .today = "2026-06-01" };
	size_t n = isms_clause_count();
	struct isms_clause_state *states = isms_calloc(n, sizeof(*states));

	isms_completeness(states, &facts);
	cr_assert_str_eq(states[0].clause->number, "4.1");
	cr_assert_str_eq(states[n - 1].clause->number, "10.2");
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(states[i].state, ISMS_STATE_MISSING, "%s", states[i].clause->number);
	for (int p = ISMS_PHASE_PLAN; p <= ISMS_PHASE_ACT; p++)
		cr_assert_eq(isms_phase_progress(states, n, (enum isms_phase)p), 0);
	free(states);
}

Test(completeness, records_move_clauses_through_their_states)
{
	FIXTURE(fx);

	add(&fx, "issue", "ISS-001", "title: Growth\nstatus: open\n");
	cr_assert_eq(state_of(&fx, "4.1", "2026-06-01"), ISMS_STATE_DRAFT, "a blank issue");
	fixture_free(&fx);
	fx.count = 0;
	add(&fx, "issue", "ISS-001", "title: Growth\nstatus: open\ndescription: New markets\n");
	cr_assert_eq(state_of(&fx, "4.1", "2026-06-01"), ISMS_STATE_APPROVED);
	add(&fx, "policy", "POL-001", "title: P\nstatus: draft\nbody: B\n");
	cr_assert_eq(state_of(&fx, "5.2", "2026-06-01"), ISMS_STATE_DRAFT, "a draft policy");
	fixture_free(&fx);
	isms_method_default(&fx.method);
	fx.count = 0;
	add(&fx, "policy", "POL-001", "title: P\nstatus: approved\napproved_by: A\n"
				     "approved_on: 2026-01-01\nnext_review: 2027-01-01\nbody: B\n");
	cr_assert_eq(state_of(&fx, "5.2", "2026-06-01"), ISMS_STATE_DRAFT,
		     "fields typed by hand are no approval");
	cr_assert_eq(state_acts(&fx, "5.2", "2026-06-01", "a"), ISMS_STATE_APPROVED);
	cr_assert_eq(state_acts(&fx, "5.2", "2026-06-01", "c"), ISMS_STATE_DRAFT, "changed since");
	cr_assert_eq(state_acts(&fx, "5.2", "2027-02-01", "a"), ISMS_STATE_OVERDUE, "a year later");
	fixture_free(&fx);
	fx.count = 0;
	add(&fx, "policy", "POL-001", "title: P\nstatus: retired\n");
	cr_assert_eq(state_of(&fx, "5.2", "2026-06-01"), ISMS_STATE_MISSING, "retired counts no more");
	fixture_free(&fx);
}

Test(completeness, the_soa_counts_decided_entries_only)
{
	FIXTURE(fx);

	for (size_t i = 0; i < isms_control_count(); i++) {
		char *yaml = isms_asprintf("title: t\nstatus: draft\n%s", i < 90 ? "applicable: yes\n" : "");

		add(&fx, "control", isms_control_at(i)->id, yaml);
		free(yaml);
	}
	add(&fx, "action", "ACT-001", "title: Backups\nstatus: planned\n");
	cr_assert_eq(state_of(&fx, "6.1.3", "2026-06-01"), ISMS_STATE_DRAFT, "90 of 93 decided");
	fixture_free(&fx);
}

/* Found in review: each of these was once wrong. */

Test(review, yaml_truths_and_strict_levels)
{
	FIXTURE(fx);

	add(&fx, "control", "A.8.13", "title: Information backup\nstatus: draft\napplicable: on\n");
	add(&fx, "risk", "RSK-001", "title: R\nassessed_on: 2026-01-01\nstatus: treated\nowner: A\nlikelihood: 5\nimpact: 5\n"
				    "treatment: modify\ncontrols: [A.8.13]\naccepted_by: A\naccepted_on: 2026-01-01\n");
	run(&fx);
	cr_assert_eq(fx.findings[1].count, 0, "'on' is applicable: %s",
		     fx.findings[1].count ? fx.findings[1].items[0].message : "");
	fixture_free(&fx);
	static const struct { const char *text; int level; } levels[] = {
		{ "1_0", 0 }, { "4294967297", 0 }, { "0x3", 0 }, { "-2", 0 }, { "03", 0 }, { "3", 3 },
	};

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		struct isms_node *n = isms_node_plain(levels[i].text);

		cr_assert_eq(isms_scalar_level(n), levels[i].level, "%s", levels[i].text);
		isms_node_free(n);
	}
}

Test(review, retained_residual_and_accepted_risks_need_their_owner)
{
	FIXTURE(fx);

	add(&fx, "risk", "RSK-001", "title: R\nassessed_on: 2026-01-01\nstatus: assessed\nowner: Ann\nlikelihood: 5\nimpact: 5\n"
				    "treatment: retain\n");
	add(&fx, "risk", "RSK-002", "title: R\nassessed_on: 2026-01-01\nstatus: treated\nowner: Ann\nlikelihood: 5\nimpact: 5\n"
				    "treatment: modify\nresidual_likelihood: 3\nresidual_impact: 3\n");
	add(&fx, "risk", "RSK-003", "title: R\nassessed_on: 2026-01-01\nstatus: accepted\nowner: Ann\nlikelihood: 1\nimpact: 1\n");
	add(&fx, "risk", "RSK-004", "title: R\nassessed_on: 2026-01-01\nstatus: accepted\nowner: Ann <ann@example.org>\n"
				    "likelihood: 3\nimpact: 3\naccepted_by: Ann\naccepted_on: 2026-01-01\n");
	run(&fx);
	cr_assert_not_null(found(&fx, 0, "retaining a risk is accepting it"));
	cr_assert_not_null(found(&fx, 1, "its residual level, Medium, is above the acceptance level"));
	cr_assert_not_null(found(&fx, 2, "marked accepted, but nobody accepted it"));
	cr_assert_eq(fx.findings[3].count, 0, "the same person, with or without an email: %s",
		     fx.findings[3].count ? fx.findings[3].items[0].message : "");
	fixture_free(&fx);
}

Test(review, superseded_documents_are_not_overdue_and_intervals_count)
{
	FIXTURE(fx);
	unsigned months[64] = { 0 };
	struct isms_facts facts;

	add(&fx, "document", "DOC-001", "title: D\nstatus: superseded\nnext_review: 2020-01-01\n");
	add(&fx, "policy", "POL-001", "title: P\nstatus: approved\napproved_by: B\napproved_on: 2025-03-31\n");
	months[isms_kind_find("policy") - isms_kind_at(0)] = 12;
	facts = (struct isms_facts){ .records = fx.views, .count = fx.count, .method = &fx.method,
				     .today = "2026-06-01", .review_months = months };
	cr_assert_not(isms_view_overdue(&fx.views[0], &facts));
	cr_assert(isms_view_overdue(&fx.views[1], &facts), "approved 2025-03-31, 12 months: due 2026-03-31");
	facts.today = "2026-03-31";
	cr_assert_not(isms_view_overdue(&fx.views[1], &facts), "due today is not yet overdue");
	facts.review_months = NULL;
	facts.today = "2030-01-01";
	cr_assert_not(isms_view_overdue(&fx.views[1], &facts), "no interval, no date: never due");
	fixture_free(&fx);
}

Test(review, the_soa_counts_only_decided_annex_a_entries)
{
	FIXTURE(fx);
	struct isms_facts facts;
	size_t n = isms_clause_count();
	struct isms_clause_state *states = isms_calloc(n, sizeof(*states));

	add(&fx, "control", "A.5.1", "title: Policies for information security\nstatus: draft\napplicable:\n");
	add(&fx, "control", "A.5.2", "title: t\nstatus: draft\napplicable: maybe\n");
	add(&fx, "control", "A.8.35", "title: t\nstatus: draft\napplicable: yes\n");
	add(&fx, "control", "A.5.3", "title: t\nstatus: draft\napplicable: no\n");
	facts = (struct isms_facts){ .records = fx.views, .count = fx.count, .method = &fx.method,
				     .today = "2026-06-01", .review_months = NULL };
	isms_completeness(states, &facts);
	for (size_t i = 0; i < n; i++)
		if (strcmp(states[i].clause->number, "6.1.3") == 0)
			cr_assert_eq(states[i].have[0], 1, "only A.5.3 is decided");
	run(&fx);
	cr_assert_eq(fx.findings[0].count, 0, "an empty 'applicable' is undecided, not excluded");
	free(states);
	fixture_free(&fx);
}

Test(review, duplicate_level_names_are_refused)
{
	static const char yaml[] =
		"likelihood: [{label: A, description: a}, {label: B, description: b}]\n"
		"impact: [{label: A, description: a}, {label: B, description: b}]\n"
		"levels: [{name: Low, colour: green}, {name: Low, colour: red}]\n";
	struct isms_node *tree;
	struct isms_method m;
	struct isms_findings f = ISMS_FINDINGS_INIT;

	cr_assert_eq(isms_yaml_load(&tree, NULL, yaml, strlen(yaml), "m", NULL), 0);
	isms_method_read(&m, tree, &f);
	cr_assert_eq(f.count, 1);
	cr_assert(strstr(f.items[0].message, "'levels' has 'Low' twice"), "%s", f.items[0].message);
	isms_findings_free(&f);
	isms_node_free(tree);
}

/* Lifecycle rules: errors for what is wrong, warnings for what is not yet
 * done. */

static enum isms_severity severity_of(struct fixture *fx, size_t i, const char *phrase)
{
	const struct isms_finding *f = found(fx, i, phrase);

	cr_assert_not_null(f, "record %zu has no finding '%s'", i, phrase);
	return f->severity;
}

Test(lifecycle, soa_decisions_reasons_and_evidence)
{
	FIXTURE(fx);

	add(&fx, "control", "A.5.7", "title: Threat intelligence\nstatus: draft\napplicable: no\n");
	add(&fx, "control", "A.5.8", "title: Information security in project management\nstatus: draft\n"
				    "applicable: yes\nreason: [risk-treatment, contractual]\n"
				    "justification: Projects touch customer data\n");
	add(&fx, "control", "A.5.9", "title: Inventory of information and other associated assets\n"
				    "status: draft\napplicable: no\nreason: contractual\njustification: x\n");
	add(&fx, "control", "A.5.10", "title: Acceptable use of information and other associated assets\n"
				     "status: draft\napplicable: yes\nreason: [best-practice, not-applicable]\n"
				     "justification: x\n");
	add(&fx, "control", "A.5.11", "title: Return of assets\nstatus: draft\napplicable: yes\n"
				     "implementation: implemented\n");
	run(&fx);
	cr_assert_eq(severity_of(&fx, 0, "an excluded control needs a reason"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 0, "needs a justification in words"), ISMS_SEV_ERROR);
	cr_assert_eq(found(&fx, 0, "needs a justification")->line, 5, "at 'applicable'");
	cr_assert_eq(fx.findings[1].count, 0, "several reasons: %s",
		     fx.findings[1].count ? fx.findings[1].items[0].message : "");
	cr_assert_eq(severity_of(&fx, 2, "its reason is one for including it"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 3, "included, but its reason says not-applicable"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 4, "said to be implemented, but no evidence"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 4, "included without a reason"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 4, "included without a justification"), ISMS_SEV_WARNING);
	fixture_free(&fx);
}

Test(lifecycle, a_reason_list_is_read_and_the_old_single_value_too)
{
	struct isms_findings f = ISMS_FINDINGS_INIT;
	struct isms_node *root, *list = isms_field_value(isms_kind_find("control"), "reason",
							   "risk-treatment, legal-regulatory");
	const char *yaml = "id: A.5.1\nkind: control\ntitle: t\nstatus: draft\napplicable: yes\n"
			   "reason: [risk-treatment, nonsense]\njustification: j\n";

	cr_assert_eq(list->type, ISMS_NODE_SEQ);
	cr_assert_eq(list->count, 2);
	cr_assert_str_eq(list->items[1]->text, "legal-regulatory");
	isms_node_free(list);
	list = isms_field_value(isms_kind_find("control"), "reason", "contractual");
	cr_assert_eq(list->type, ISMS_NODE_SCALAR, "one reason stays one value");
	isms_node_free(list);
	cr_assert_eq(isms_yaml_load(&root, NULL, yaml, strlen(yaml), "A.5.1.yaml", NULL), 0);
	isms_record_validate(&f, root, isms_kind_find("control"), "A.5.1");
	cr_assert_eq(f.count, 1);
	cr_assert(strstr(f.items[0].message, "'reason' is 'nonsense'"), "%s", f.items[0].message);
	cr_assert_eq(f.items[0].line, 6);
	isms_findings_free(&f);
	isms_node_free(root);
}

Test(lifecycle, nonconformities_audits_measurements_and_findings)
{
	FIXTURE(fx);

	add(&fx, "nonconformity", "NC-001", "title: N\nstatus: closed\ndescription: d\ncause: c\n");
	add(&fx, "nonconformity", "NC-002", "title: N\nstatus: open\ndescription: d\n"
					    "corrective_action: a\ndue: 2026-05-01\n");
	add(&fx, "audit", "AUD-001", "title: A\nstatus: done\nauditor: Ann\nauditee: Ann\n");
	add(&fx, "measurement", "MEA-001", "title: M\nstatus: active\nresult: 5\n");
	add(&fx, "measurement", "MEA-002", "title: M\nstatus: active\n");
	add(&fx, "finding", "FND-001", "title: F\nstatus: open\nclause: 11.4\ntype: major-nonconformity\n");
	add(&fx, "finding", "FND-002", "title: F\nstatus: open\nclause: A.8.13\ntype: major-nonconformity\n");
	add(&fx, "nonconformity", "NC-003", "title: N\nstatus: open\ndescription: d\nfinding: FND-002\n");
	run(&fx);
	cr_assert_eq(severity_of(&fx, 0, "closed without 'corrective_action'"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 0, "closed without 'effectiveness'"), ISMS_SEV_ERROR);
	cr_assert_null(found(&fx, 0, "closed without 'cause'"));
	cr_assert_eq(severity_of(&fx, 1, "overdue: due on 2026-05-01"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 2, "Ann would audit their own work"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 2, "done, but without its results"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 2, "not yet in an audit programme"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 3, "a result needs the date it was measured"), ISMS_SEV_ERROR);
	cr_assert(strstr(found(&fx, 3, "a result needs")->message, "'isms set MEA-001 measured_on="),
		  "names the record: %s", found(&fx, 3, "a result needs")->message);
	cr_assert_eq(severity_of(&fx, 4, "not yet measured"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 5, "'11.4' is neither a clause"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 5, "a major nonconformity needs its nonconformity record"),
		     ISMS_SEV_WARNING);
	cr_assert_eq(fx.findings[6].count, 0, "%s", fx.findings[6].count ? fx.findings[6].items[0].message : "");
	fixture_free(&fx);
}

Test(lifecycle, risks_actions_objectives_policies_and_reviews)
{
	FIXTURE(fx);
	unsigned months[64] = { 0 };
	struct isms_facts facts;

	add(&fx, "risk", "RSK-001", "title: R\nstatus: treated\nowner: A\nlikelihood: 2\nimpact: 2\n"
				    "treatment: modify\nresidual_likelihood: 4\nresidual_impact: 4\n"
				    "assessed_on: 2024-01-01\naccepted_by: A\naccepted_on: 2026-01-01\n");
	add(&fx, "action", "ACT-001", "title: Do it\nstatus: planned\ndue: 2026-01-01\n");
	add(&fx, "objective", "OBJ-001", "title: O\nstatus: open\n");
	add(&fx, "policy", "POL-001", "title: P\nstatus: draft\nparent: POL-002\n");
	add(&fx, "policy", "POL-002", "title: P\nstatus: draft\nparent: POL-001\n");
	add(&fx, "management-review", "MRV-001", "title: M\nstatus: draft\nheld_on: 2025-01-10\n"
						 "previous_actions: none\n");
	add(&fx, "issue", "ISS-001", "title: I\nstatus: open\ndescription: d\n");
	add(&fx, "risk", "RSK-002", "title: R\nstatus: assessed\nowner: A\nlikelihood: 1\nimpact: 1\n");
	add(&fx, "risk", "RSK-003", "title: R\nstatus: treated\nowner: A\nlikelihood: 2\nimpact: 2\n"
				    "treatment: modify\nassessed_on: 2026-05-01\n");
	add(&fx, "action", "ACT-002", "title: Treat it\nstatus: planned\nrisks: [RSK-003]\n");
	add(&fx, "action", "ACT-003", "title: Gone\nstatus: retired\nrisks: RSK-001\n");
	months[isms_kind_find("risk") - isms_kind_at(0)] = 12;
	months[isms_kind_find("management-review") - isms_kind_at(0)] = 12;
	facts = (struct isms_facts){ .records = fx.views, .count = fx.count, .method = &fx.method,
				     .today = "2026-06-01", .review_months = months };
	for (size_t i = 0; i < fx.count; i++)
		isms_record_lifecycle(&fx.findings[i], fx.views[i].root, fx.views[i].kind);
	isms_rules_check(fx.findings, &fx.whole, &facts);
	cr_assert_eq(severity_of(&fx, 0, "residual level, High, is above its level before treatment, Low"),
		     ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 0, "to modify it, name the controls"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 0, "due for reassessment since 2025-01-01"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 1, "no owner yet"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 1, "overdue: due on 2026-01-01 and not done"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 2, "no measure yet"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 2, "no target yet"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 3, "leads back to POL-001 itself"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 4, "leads back to POL-002 itself"), ISMS_SEV_ERROR);
	cr_assert_eq(severity_of(&fx, 5, "inputs a) to g) are missing (9.3.2): issue_changes"),
		     ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 5, "the next management review was due by 2026-01-10"),
		     ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 6, "whether climate change is a relevant issue"), ISMS_SEV_WARNING);
	cr_assert_eq(severity_of(&fx, 7, "assessed, but when?"), ISMS_SEV_WARNING);
	cr_assert_null(found(&fx, 8, "to modify it"), "an action names RSK-003");
	fixture_free(&fx);
}
