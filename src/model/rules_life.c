/* SPDX-License-Identifier: MIT */
/* Lifecycle rules that need other records or today's date: overdue
 * actions and corrective actions, risks reassessed at their interval and
 * never worse after treatment, a major finding's nonconformity, the
 * management review's interval, policy parents without cycles, the
 * climate decision of 4.1 (Amendment 1:2024). The rules of one record
 * alone are in lifecycle.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/rules.h"

#define ERROR(f, node, ...) isms_findings_add(f, ISMS_SEV_ERROR, (node)->line, (node)->column, __VA_ARGS__)
#define WARN(f, node, ...) isms_findings_add(f, ISMS_SEV_WARNING, (node)->line, (node)->column, __VA_ARGS__)

static bool is(const struct isms_view *v, const char *kind)
{
	return strcmp(v->kind->name, kind) == 0;
}

static bool live(const struct isms_view *v)
{
	return v->root && v->root->type == ISMS_NODE_MAP && !isms_view_retired(v);
}

static bool status_in(const struct isms_view *v, const char *const *statuses)
{
	const char *s = isms_map_get_text(v->root, "status");

	for (size_t i = 0; s && statuses[i]; i++)
		if (strcmp(s, statuses[i]) == 0)
			return true;
	return false;
}

/* The date under `key` when it is before today. */
static const char *passed(const struct isms_view *v, const char *key, const struct isms_facts *facts)
{
	const char *d = isms_map_get_text(v->root, key);

	return d && isms_date_valid(d) && strcmp(d, facts->today) < 0 ? d : NULL;
}

static unsigned months_of(const struct isms_facts *facts, const char *kind)
{
	const struct isms_kind *k = isms_kind_find(kind);

	return facts->review_months && k ? facts->review_months[k - isms_kind_at(0)] : 0;
}

/* The IDs that live records of one kind name under one field (a single
 * reference or a list of them), sorted: "is this risk named by an action"
 * is then a search, not a walk over every record for every risk. */
struct names {
	const char **ids;
	size_t count;
};

static int compare_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void names_add(struct names *set, size_t *cap, const struct isms_node *n)
{
	if (!n || n->type != ISMS_NODE_SCALAR)
		return;
	set->ids = isms_grow(set->ids, cap, set->count + 1, sizeof(*set->ids));
	set->ids[set->count++] = n->text;
}

static struct names names_of(const struct isms_facts *facts, const char *kind, const char *key)
{
	struct names set = { 0 };
	size_t cap = 0;

	for (size_t i = 0; i < facts->count; i++) {
		const struct isms_view *v = &facts->records[i];
		const struct isms_node *n;

		if (!live(v) || !is(v, kind) || !(n = isms_map_get(v->root, key)))
			continue;
		names_add(&set, &cap, n);
		for (size_t k = 0; n->type == ISMS_NODE_SEQ && k < n->count; k++)
			names_add(&set, &cap, n->items[k]);
	}
	if (set.count > 1)
		qsort(set.ids, set.count, sizeof(*set.ids), compare_ids);
	return set;
}

static bool named(const struct names *set, const char *id)
{
	return set->count && bsearch(&id, set->ids, set->count, sizeof(*set->ids), compare_ids);
}

/* The policies, sorted by ID, for following parents. */
static int compare_views(const void *a, const void *b)
{
	return strcmp((*(const struct isms_view *const *)a)->id, (*(const struct isms_view *const *)b)->id);
}

struct policies {
	const struct isms_view **sorted;
	size_t count;
};

static struct policies policies_of(const struct isms_facts *facts)
{
	struct policies p = { 0 };

	for (size_t i = 0; i < facts->count; i++)
		if (facts->records[i].root && is(&facts->records[i], "policy")) {
			if (!p.sorted)
				p.sorted = isms_calloc(facts->count, sizeof(*p.sorted));
			p.sorted[p.count++] = &facts->records[i];
		}
	if (p.count > 1)
		qsort(p.sorted, p.count, sizeof(*p.sorted), compare_views);
	return p;
}

static const struct isms_view *find_policy(const struct policies *p, const char *id)
{
	struct isms_view key = { .id = id };
	const struct isms_view *k = &key, **hit;

	hit = p->count ? bsearch(&k, p->sorted, p->count, sizeof(*p->sorted), compare_views) : NULL;
	return hit ? *hit : NULL;
}

static int level_of(const struct isms_method *m, const struct isms_node *root, const char *l,
		    const char *i)
{
	return isms_method_level(m, (unsigned)isms_scalar_level(isms_map_get(root, l)),
				 (unsigned)isms_scalar_level(isms_map_get(root, i)));
}

static void risk(struct isms_findings *f, const struct isms_view *v, const struct isms_facts *facts,
		 const struct names *treated)
{
	const struct isms_node *root = v->root;
	const char *treatment = isms_map_get_text(root, "treatment"), *assessed;
	int level = level_of(facts->method, root, "likelihood", "impact");
	int residual = level_of(facts->method, root, "residual_likelihood", "residual_impact");
	unsigned months = months_of(facts, "risk");
	bool actions = named(treated, v->id);

	if (level >= 0 && residual > level)
		ERROR(f, isms_map_anchor(root, "residual_impact"), "its residual level, %s, is above its level "
		      "before treatment, %s: treatment does not make a risk worse; check both ratings",
		      facts->method->levels[residual].name, facts->method->levels[level].name);
	if (treatment && strcmp(treatment, "modify") == 0 && !isms_map_get(root, "controls") && !actions)
		WARN(f, isms_map_anchor(root, "treatment"), "to modify it, name the controls that treat it "
		     "('isms set %s controls=A.x.y') or an action for it ('isms new action --set "
		     "risks=%s')", v->id, v->id);
	assessed = isms_map_get_text(root, "assessed_on");
	if (months && assessed && isms_date_valid(assessed)) {
		char due[11];

		isms_date_add_months(due, assessed, months);
		if (strcmp(due, facts->today) < 0)
			WARN(f, isms_map_anchor(root, "assessed_on"), "due for reassessment since %s (assessed %s, "
			     "every %u months in isms.yaml's review_months)", due, assessed, months);
	}
}

/* The latest management review must be no older than its interval. */
static void review_interval(struct isms_findings *findings, const struct isms_facts *facts)
{
	unsigned months = months_of(facts, "management-review");
	const char *latest = NULL;
	size_t at = 0;
	char due[11];

	for (size_t i = 0; i < facts->count; i++) {
		const struct isms_view *v = &facts->records[i];
		const char *held = live(v) && is(v, "management-review")
				   ? isms_map_get_text(v->root, "held_on") : NULL;

		if (held && isms_date_valid(held) && (!latest || strcmp(held, latest) > 0)) {
			latest = held;
			at = i;
		}
	}
	if (!months || !latest)
		return;
	isms_date_add_months(due, latest, months);
	if (strcmp(due, facts->today) < 0)
		WARN(&findings[at], isms_map_anchor(facts->records[at].root, "held_on"),
		     "the next management review was due by %s (every %u months in isms.yaml)", due,
		     months);
}

/* A policy's parents, followed up: a cycle is an error on each member. */
static void policy_parents(struct isms_findings *f, const struct isms_view *v,
			   const struct policies *policies)
{
	const struct isms_view *at = v;

	for (size_t steps = 0; steps <= policies->count; steps++) {
		const char *parent = isms_map_get_text(at->root, "parent");

		if (!parent || !(at = find_policy(policies, parent)))
			return;
		if (at == v) {
			ERROR(f, isms_map_anchor(v->root, "parent"), "its 'parent' leads back to %s itself: "
			      "policies form a tree; give the top-level policy no parent", v->id);
			return;
		}
	}
}

void isms_rules_lifecycle(struct isms_findings *findings, struct isms_findings *whole,
			  const struct isms_facts *facts)
{
	static const char *const finished[] = { "done", "cancelled", "closed", NULL };
	size_t issues = 0, climate = 0, first_issue = 0;
	struct names treated = names_of(facts, "action", "risks");
	struct names answered = names_of(facts, "nonconformity", "finding");
	struct policies policies = policies_of(facts);

	for (size_t r = 0; r < facts->count; r++) {
		const struct isms_view *v = &facts->records[r];
		struct isms_findings *f = &findings[r];
		const char *d;

		if (!live(v))
			continue;
		if (is(v, "issue")) {
			if (!issues++)
				first_issue = r;
			climate += isms_map_get(v->root, "climate") != NULL;
		}
		if ((is(v, "action") || is(v, "nonconformity") || is(v, "improvement") ||
		     is(v, "objective")) && !status_in(v, finished) && (d = passed(v, "due", facts)))
			WARN(f, isms_map_anchor(v->root, "due"), "overdue: due on %s and not %s", d,
			     is(v, "action") ? "done" : "closed");
		if (is(v, "risk"))
			risk(f, v, facts, &treated);
		else if (is(v, "policy"))
			policy_parents(f, v, &policies);
		else if (is(v, "finding")) {
			const char *type = isms_map_get_text(v->root, "type");

			if (type && strcmp(type, "major-nonconformity") == 0 && !named(&answered, v->id))
				WARN(f, isms_map_anchor(v->root, "type"), "a major nonconformity needs its "
				     "nonconformity record (10.2): 'isms new nonconformity --set "
				     "finding=%s'", v->id);
		}
	}
	review_interval(findings, facts);
	(void)whole;
	if (issues && !climate)
		WARN(&findings[first_issue], facts->records[first_issue].root, "no issue records "
		     "whether climate change is a relevant issue (4.1, Amendment 1:2024): say so on "
		     "an issue ('isms set %s climate=yes' or 'climate=no')",
		     facts->records[first_issue].id);
	free(treated.ids);
	free(answered.ids);
	free(policies.sorted);
}
