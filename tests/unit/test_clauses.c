/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "isms/catalog.h"

static const char *const expected[] = {
	"4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3",
	"6.1", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
	"7.1", "7.2", "7.3", "7.4", "7.5", "7.5.1", "7.5.2", "7.5.3",
	"8.1", "8.2", "8.3", "9.1", "9.2", "9.2.1", "9.2.2",
	"9.3", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2",
};
#define EXPECTED (sizeof(expected) / sizeof(expected[0]))

static const char *const allowed_kinds[] = {
	"issue", "party", "scope", "policy", "role", "asset", "risk", "action",
	"control", "objective", "measurement", "competence", "awareness",
	"communication", "document", "procedure", "audit-programme", "audit",
	"finding", "management-review", "improvement", "nonconformity", "direction",
	"board-report", ISMS_REQ_CONTROLLED, ISMS_REQ_RISK_METHOD,
};

static bool kind_allowed(const char *kind)
{
	for (size_t i = 0; i < sizeof(allowed_kinds) / sizeof(allowed_kinds[0]); i++)
		if (strcmp(allowed_kinds[i], kind) == 0)
			return true;
	return false;
}

static enum isms_phase phase_of(const char *number)
{
	long top = strtol(number, NULL, 10);

	if (top <= 6)
		return ISMS_PHASE_PLAN;
	if (top <= 8)
		return ISMS_PHASE_DO;
	if (top == 9)
		return ISMS_PHASE_CHECK;
	return ISMS_PHASE_ACT;
}

Test(clauses, lists_the_34_clauses_in_order_once_each)
{
	cr_assert_eq(isms_clause_count(), EXPECTED);
	for (size_t i = 0; i < EXPECTED; i++) {
		const struct isms_clause *c = isms_clause_at(i);

		cr_assert_not_null(c, "clause %zu", i);
		cr_assert_str_eq(c->number, expected[i]);
		cr_assert_not_null(c->title, "%s", c->number);
		cr_assert_neq(c->title[0], '\0', "%s", c->number);
		cr_assert_eq(isms_clause_find(c->number), c, "%s is not unique", c->number);
		for (size_t j = 0; j < i; j++)
			cr_assert_str_neq(isms_clause_at(j)->number, c->number);
	}
	cr_assert_null(isms_clause_at(EXPECTED));
	cr_assert_null(isms_clause_at((size_t)-1));
}

Test(clauses, phase_follows_the_leading_number)
{
	for (size_t i = 0; i < isms_clause_count(); i++) {
		const struct isms_clause *c = isms_clause_at(i);

		cr_assert_eq(c->phase, phase_of(c->number), "%s", c->number);
	}
	cr_assert_str_eq(isms_phase_name(ISMS_PHASE_PLAN), "Plan");
	cr_assert_str_eq(isms_phase_name(ISMS_PHASE_DO), "Do");
	cr_assert_str_eq(isms_phase_name(ISMS_PHASE_CHECK), "Check");
	cr_assert_str_eq(isms_phase_name(ISMS_PHASE_ACT), "Act");
}

Test(clauses, every_clause_serves_governance_and_names_its_evidence)
{
	const unsigned all = ISMS_GOV_EVALUATE | ISMS_GOV_DIRECT | ISMS_GOV_MONITOR |
			     ISMS_GOV_COMMUNICATE;

	for (size_t i = 0; i < isms_clause_count(); i++) {
		const struct isms_clause *c = isms_clause_at(i);
		size_t n = 0;

		cr_assert_neq(c->governance, 0u, "%s has no governance process", c->number);
		cr_assert_eq(c->governance & ~all, 0u, "%s has an unknown flag", c->number);
		for (; n < ISMS_CLAUSE_MAX_REQUIREMENTS && c->requires[n].kind; n++) {
			const struct isms_requirement *r = &c->requires[n];

			cr_assert(kind_allowed(r->kind), "%s requires unknown kind '%s'",
				  c->number, r->kind);
			cr_assert_geq(r->min, 1u, "%s: %s", c->number, r->kind);
			cr_assert(r->state <= ISMS_REQ_METHOD, "%s: %s", c->number, r->kind);
			cr_assert_eq(r->state == ISMS_REQ_METHOD,
				     strcmp(r->kind, ISMS_REQ_RISK_METHOD) == 0, "%s", c->number);
		}
		if (isms_clause_is_parent(c))
			cr_assert_eq(n, 0u, "%s is a parent: its sub-clauses hold the evidence", c->number);
		else
			cr_assert_geq(n, 1u, "%s requires nothing", c->number);
	}
}

Test(clauses, every_clause_has_all_six_guidance_texts)
{
	for (size_t i = 0; i < isms_clause_count(); i++) {
		const struct isms_clause *c = isms_clause_at(i);
		const char *texts[] = { c->guidance.what, c->guidance.why, c->guidance.small,
					c->guidance.large, c->guidance.pitfalls,
					c->guidance.auditor };

		for (size_t j = 0; j < sizeof(texts) / sizeof(texts[0]); j++) {
			cr_assert_not_null(texts[j], "%s guidance %zu", c->number, j);
			cr_assert_neq(texts[j][0], '\0', "%s guidance %zu", c->number, j);
			cr_assert_leq(strlen(texts[j]), 600u, "%s guidance %zu is too long",
				      c->number, j);
		}
	}
}

Test(clauses, climate_prompts_on_4_1_and_4_2_only)
{
	for (size_t i = 0; i < isms_clause_count(); i++) {
		const struct isms_clause *c = isms_clause_at(i);

		if (strcmp(c->number, "4.1") == 0 || strcmp(c->number, "4.2") == 0) {
			cr_assert_not_null(c->climate, "%s", c->number);
			cr_assert_neq(c->climate[0], '\0', "%s", c->number);
		} else {
			cr_assert_null(c->climate, "%s", c->number);
		}
	}
}

Test(clauses, finds_risk_treatment_and_its_statement_of_applicability)
{
	const struct isms_clause *c = isms_clause_find("6.1.3");
	bool soa = false;

	cr_assert_not_null(c);
	cr_assert_str_eq(c->title, "Information security risk treatment");
	for (size_t n = 0; n < ISMS_CLAUSE_MAX_REQUIREMENTS && c->requires[n].kind; n++)
		if (strcmp(c->requires[n].kind, "control") == 0) {
			cr_assert_eq(c->requires[n].min, 93u);
			soa = true;
		}
	cr_assert(soa, "6.1.3 must require the SoA");
}

Test(clauses, find_returns_null_for_unknown_numbers)
{
	cr_assert_null(isms_clause_find("4.5"));
	cr_assert_null(isms_clause_find("11"));
	cr_assert_null(isms_clause_find(""));
	cr_assert_null(isms_clause_find("6.4"));
	cr_assert_null(isms_clause_find("9.2.3"));
	cr_assert_null(isms_clause_find("4.1 "));
}

Test(clauses, prose_is_keyed_by_the_clauses_one_entry_each)
{
	cr_assert_eq(isms_clause_prose_count(), isms_clause_count());
	for (size_t i = 0; i < isms_clause_prose_count(); i++) {
		const struct isms_clause_prose *p = isms_clause_prose_at(i);
		const struct isms_clause *c = isms_clause_find(p->number);

		cr_assert_not_null(c, "prose for unknown clause '%s'", p->number);
		cr_assert_eq(isms_clause_prose_find(p->number), p, "%s twice", p->number);
		cr_assert_eq(c->guidance.what, p->guidance.what, "%s", p->number);
		cr_assert_eq(c->climate, p->climate, "%s", p->number);
	}
	cr_assert_null(isms_clause_prose_at(isms_clause_prose_count()));
	cr_assert_null(isms_clause_prose_find("4.5"));
	cr_assert_null(isms_clause_prose_find(NULL));
}

Test(clauses, parents_and_their_sub_clauses)
{
	static const struct { const char *parent, *children; } families[] = {
		{ "6.1", "6.1.1 6.1.2 6.1.3" }, { "7.5", "7.5.1 7.5.2 7.5.3" },
		{ "9.2", "9.2.1 9.2.2" }, { "9.3", "9.3.1 9.3.2 9.3.3" },
	};
	size_t parents = 0;

	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		const struct isms_clause *p = isms_clause_find(families[f].parent);
		char got[64] = "";

		cr_assert_not_null(p, "%s", families[f].parent);
		cr_assert(isms_clause_is_parent(p), "%s", p->number);
		for (size_t i = 1; isms_clause_is_child(p, p + i); i++) {
			strcat(got, i > 1 ? " " : "");
			strcat(got, p[i].number);
		}
		cr_assert_str_eq(got, families[f].children);
	}
	for (size_t i = 0; i < isms_clause_count(); i++)
		parents += isms_clause_is_parent(isms_clause_at(i));
	cr_assert_eq(parents, 4u, "no other clause is a parent");
	cr_assert_not(isms_clause_is_parent(isms_clause_find("10.2")), "the last clause");
	cr_assert_not(isms_clause_is_child(isms_clause_find("9.2"), isms_clause_find("9.3.1")));
	cr_assert_str_eq(isms_clause_find("9.3.2")->title, "Management review inputs");
	cr_assert_str_eq(isms_clause_find("9.2.2")->title, "Internal audit programme");
}
