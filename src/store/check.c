/* SPDX-License-Identifier: MIT */
/* Checking the ISMS: findings per file, completeness per clause. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/rules.h"
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

/* What the rules need: the records, the method, today. */
static struct isms_facts facts_of(const struct isms_records *all, const struct isms_store *store,
				  char today[11])
{
	isms_date_today(today);
	return (struct isms_facts){ .records = all->views, .count = all->count,
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
	char today[11];

	if (!all) {
		store_load_all(&own, store, NULL, true);  /* the files' bytes, not stat data */
		all = &own;
	}
	facts = facts_of(all, store, today);
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
