/* SPDX-License-Identifier: MIT */
/* Checking the ISMS: findings per file, completeness per clause. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/rules.h"
#include "isms/yaml.h"
#include "isms/store.h"
#include "store_private.h"
#include "txn.h"

/* Move findings into the report under `path`, if there are any. */
void store_report_add(struct isms_report *out, const char *path, struct isms_findings *findings)
{
	struct isms_file_findings *f;

	if (findings->count == 0)
		return;
	out->files = isms_grow(out->files, &out->cap, out->count + 1, sizeof(*out->files));
	f = &out->files[out->count++];
	f->path = isms_strdup(path);
	f->findings = *findings;
	memset(findings, 0, sizeof(*findings));
}

/* Whether record `v` (file `path`) says approved and an approval act backs
 * it: the tag approved/ID/vX.Y of its latest approval exists, and the file
 * is byte for byte what that tag holds. A status typed by hand is no act. */
static enum isms_approval_state act_of(struct isms_store *store, const struct isms_view *v, const char *path)
{
	struct isms_buf then = ISMS_BUF_INIT, now = ISMS_BUF_INIT;
	const char *status = v->root && v->root->type == ISMS_NODE_MAP
			     ? isms_map_get_text(v->root, "status") : NULL;
	enum isms_approval_state act = ISMS_APPROVAL_NONE;
	char *tag, *full;

	if (!status || strcmp(status, "approved") != 0 || !isms_kind_field(v->kind, "approved_by"))
		return ISMS_APPROVAL_NONE;
	tag = store_latest_approval_tag(store, v->id, path, isms_map_get_text(v->root, "version"));
	if (!tag)
		return ISMS_APPROVAL_NONE;
	full = store_full_path(store, path);
	if (isms_repo_read(&then, store->repo, tag, path) == 0 &&
	    isms_fs_read(&now, full, ISMS_YAML_MAX_BYTES) == 0)
		act = then.len == now.len && memcmp(then.ptr, now.ptr, now.len) == 0
		      ? ISMS_APPROVAL_HOLDS : ISMS_APPROVAL_CHANGED;
	isms_error_clear();
	isms_buf_free(&then);
	isms_buf_free(&now);
	free(full);
	free(tag);
	return act;
}

/* What the rules need: the records, what history says of their approvals,
 * the method, today. The caller frees *acts. */
static struct isms_facts facts_of(const struct isms_records *all, struct isms_store *store,
				  char today[11], unsigned char **acts)
{
	*acts = isms_calloc(all->count ? all->count : 1, 1);
	for (size_t i = 0; i < all->count; i++)
		(*acts)[i] = (unsigned char)act_of(store, &all->views[i], all->paths[i]);
	isms_date_today(today);
	return (struct isms_facts){ .records = all->views, .count = all->count, .acts = *acts,
				    .method_defined = store->config_root &&
						      isms_map_get(store->config_root, "risk_method"),
				    .method = &store->method, .today = today,
				    .review_months = store->review_months };
}

/* An interrupted change that could not be put back yet: each of its files. */
static void check_journal(struct isms_report *out, struct isms_store *store)
{
	struct store_journal j;
	int error = store_journal_read(&j, store);

	if (error == ISMS_ENOTFOUND)
		return;
	for (size_t i = 0; error == 0 && i < j.count; i++) {
		struct isms_findings f = ISMS_FINDINGS_INIT;

		isms_findings_add(&f, ISMS_SEV_ERROR, 0, 0, "an isms change to this file was "
				  "interrupted and not yet put back (.git/isms/txn-journal): the next "
				  "change made with isms puts it back, and says why if it cannot");
		store_report_add(out, j.files[i].path, &f);
	}
	if (error < 0) {
		struct isms_findings f = ISMS_FINDINGS_INIT;

		isms_findings_add(&f, ISMS_SEV_ERROR, 0, 0, "%s", isms_error_last()->message);
		store_report_add(out, ".git/isms/txn-journal", &f);
	}
	store_journal_free(&j);
}

/* Read every record once; fill the report of findings and/or the clause
 * states (either may be NULL). */
/* The clause states and the check report from the records `all` (its
 * findings receive the report's). */
static void survey(struct isms_report *out, struct isms_clause_state *states,
		   struct isms_store *store, struct isms_records *records)
{
	struct isms_records own;
	struct isms_records *all = records;
	struct isms_findings config = ISMS_FINDINGS_INIT, whole = ISMS_FINDINGS_INIT;
	struct isms_facts facts;
	unsigned char *acts;
	char today[11];

	if (!all) {
		store_load_all(&own, store, NULL, true);  /* the files' bytes, not stat data */
		all = &own;
	}
	facts = facts_of(all, store, today, &acts);
	if (states)
		isms_completeness(states, &facts);
	if (!out)
		goto done;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < store->config.count; i++) {
		const struct isms_finding *c = &store->config.items[i];

		isms_findings_add(&config, c->severity, c->line, c->column, "%s", c->message);
	}
	store_report_add(out, ISMS_CONFIG_FILE, &config);
	isms_rules_check(all->findings, &whole, &facts);
	store_check_people(all);
	for (size_t i = 0; i < all->count; i++) {
		store_check_approval(&all->findings[i], store, &all->views[i], all->paths[i], NULL, false);
		store_check_unfinished(&all->findings[i], store, &all->views[i], all->paths[i]);
		/* Decisions no act backs (doc/trust.md). */
		store_check_acts(&all->findings[i], NULL, store, &all->views[i], all->paths[i], false);
	}
	for (size_t i = 0; i < all->count; i++)
		store_check_document_file(&all->findings[i], store, &all->views[i]);
	for (size_t k = 0; k < isms_kind_count(); k++) {
		const struct isms_kind *kind = isms_kind_at(k);
		struct isms_findings folder = ISMS_FINDINGS_INIT;

		int error = store_kind_folder(store, kind, false);

		if (error < 0 && error != ISMS_ENOTFOUND) {
			isms_findings_add(&folder, ISMS_SEV_ERROR, 0, 0, "%s", isms_error_last()->message);
			store_report_add(out, kind->folder, &folder);
		}
	}
	for (size_t i = 0; i < all->count; i++)
		store_report_add(out, all->paths[i], &all->findings[i]);
	store_report_add(out, "controls/", &whole);
	check_journal(out, store);
done:
	free(acts);
	if (all == &own)
		isms_records_free(&own);
}

int isms_store_check(struct isms_report *out, struct isms_store *store)
{
	survey(out, NULL, store, NULL);
	return 0;
}

int isms_store_completeness(struct isms_clause_state *out, struct isms_report *report,
			    struct isms_store *store)
{
	survey(report, out, store, NULL);
	return 0;
}

int isms_store_completeness_of(struct isms_clause_state *out, struct isms_report *report,
			       struct isms_store *store, struct isms_records *records)
{
	survey(report, out, store, records);
	return 0;
}

void isms_report_free(struct isms_report *report)
{
	if (!report)
		return;
	for (size_t i = 0; i < report->count; i++) {
		free(report->files[i].path);
		isms_findings_free(&report->files[i].findings);
	}
	free(report->files);
	memset(report, 0, sizeof(*report));
}

/* The kind the lifecycle rules across records read besides the record
 * itself (src/model/rules_life.c): a risk's actions, a finding's
 * nonconformities, the other policies (parents), reviews (the latest) and
 * issues (the climate decision); NULL when they need no other record. */
static const struct isms_kind *companion_of(const struct isms_kind *kind)
{
	static const char *const pairs[][2] = {
		{ "risk", "action" }, { "finding", "nonconformity" }, { "policy", "policy" },
		{ "management-review", "management-review" }, { "issue", "issue" },
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(pairs[i][0], kind->name) == 0)
			return isms_kind_find(pairs[i][1]);
	return NULL;
}

/* Records read for the lifecycle rules: their views, and the trees read. */
struct loaded {
	struct isms_view *views;
	struct isms_node **roots;  /* what was read, freed at the end */
	size_t count, cap, roots_cap;
};

static void loaded_add(struct loaded *l, const struct isms_kind *kind, char *id,
		       struct isms_node *root)
{
	l->views = isms_grow(l->views, &l->cap, l->count + 1, sizeof(*l->views));
	l->roots = isms_grow(l->roots, &l->roots_cap, l->count + 1, sizeof(*l->roots));
	l->roots[l->count] = root;
	l->views[l->count++] = (struct isms_view){ .kind = kind, .id = id, .root = root };
}

/* The records of `kind` as they are in the working tree, read without the
 * cache (a write path writes nothing but through its transaction). */
static void load_kind(struct loaded *l, struct isms_store *store, const struct isms_kind *kind)
{
	size_t count;
	char **names;

	if (!kind || store_kind_folder(store, kind, false) < 0)
		return;
	names = store_folder_files(store, kind, &count);
	for (size_t i = 0; i < count; i++) {
		char *rel = isms_asprintf("%s/%s", kind->folder, names[i]);
		char *full = store_full_path(store, rel);
		struct isms_node *root = NULL;
		size_t len = strlen(names[i]);

		if (len > 5 && isms_yaml_load_file(&root, NULL, NULL, full, NULL) == 0)
			loaded_add(l, kind, isms_strndup(names[i], len - 5), root);
		free(full);
		free(rel);
	}
	store_free_names(names, count);
}

void store_check_lifecycle(struct isms_findings *f, struct isms_store *store,
			   const struct isms_kind *kind, const char *id, const struct isms_node *root)
{
	const struct isms_kind *companion = companion_of(kind);
	struct loaded l = { 0 };
	struct isms_findings *per, whole = ISMS_FINDINGS_INIT;
	struct isms_facts facts;
	struct isms_error saved = *isms_error_last();
	size_t at;
	char today[11];

	if (root->type != ISMS_NODE_MAP)
		return;
	load_kind(&l, store, companion);
	for (at = 0; at < l.count && !(l.views[at].kind == kind && strcmp(l.views[at].id, id) == 0); at++)
		;
	if (at == l.count)
		loaded_add(&l, kind, isms_strdup(id), NULL);
	l.views[at].root = root;  /* as it is about to be written */
	per = isms_calloc(l.count, sizeof(*per));
	isms_date_today(today);
	facts = (struct isms_facts){ .records = l.views, .count = l.count, .method = &store->method,
				     .today = today, .review_months = store->review_months };
	isms_rules_lifecycle(per, &whole, &facts);
	for (size_t i = 0; i < per[at].count; i++)
		isms_findings_add(f, per[at].items[i].severity, per[at].items[i].line,
				  per[at].items[i].column, "%s", per[at].items[i].message);
	for (size_t i = 0; i < l.count; i++) {
		isms_findings_free(&per[i]);
		free((char *)l.views[i].id);
		isms_node_free(l.roots[i]);
	}
	free(per);
	free(l.views);
	free(l.roots);
	isms_findings_free(&whole);
	isms_error_set_at(saved.code, saved.line, saved.column, "%s", saved.message);
}
