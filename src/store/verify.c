/* SPDX-License-Identifier: MIT */
/* isms verify, the auditor's command: every act every record shows,
 * re-checked on any clone (act_check.c, with every signature and the
 * register's signing keys), and the approvals of controlled documents
 * unchanged since. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/act.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/rules.h"
#include "isms/store.h"
#include "store_private.h"

int store_signed_by_key(struct isms_store *store, const char *name,
			const struct store_person *person, const char *email)
{
	return isms_repo_signed_by(store->repo, name, email, person->key);
}

/* Move the findings `f` of record `v` (act `act`, NULL: approvals'
 * own) into `out`. */
static void add_broken(struct isms_verify *out, struct isms_findings *f, const char *path,
		       const struct isms_view *v, const char *act)
{
	for (size_t i = 0; i < f->count; i++) {
		struct isms_broken *b;

		if (f->items[i].severity != ISMS_SEV_ERROR)
			continue;
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		b = &out->items[out->count++];
		b->path = isms_strdup(path);
		b->id = isms_strdup(v->id ? v->id : "");
		b->act = isms_strdup(act);
		b->line = f->items[i].line;
		b->column = f->items[i].column;
		b->message = isms_strdup(f->items[i].message);
	}
	isms_findings_free(f);
}

int isms_store_verify(struct isms_verify *out, struct isms_store *store)
{
	struct isms_records all;
	struct store_act_tally t = { 0 };
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_store_load_all(&all, store, NULL)) < 0)
		return error;
	for (size_t i = 0; i < all.count; i++) {
		const struct isms_view *v = &all.views[i];

		if (!v->root)
			continue;
		out->records++;
		for (size_t a = 0; isms_act_at(a); a++) {
			struct isms_findings f = ISMS_FINDINGS_INIT;

			store_check_act(&f, &t, store, v, all.paths[i], isms_act_at(a), true);
			if (strcmp(isms_act_at(a)->name, "approve") == 0) {
				/* A controlled document: unchanged since, and finished. */
				store_check_approval(&f, store, v, all.paths[i], NULL, false);
				store_check_unfinished(&f, store, v, all.paths[i]);
			}
			add_broken(out, &f, all.paths[i], v, isms_act_at(a)->name);
		}
	}
	out->acts = t.acts;
	out->signed_acts = t.signed_acts;
	isms_records_free(&all);
	return 0;
}

void isms_verify_free(struct isms_verify *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++) {
		free(v->items[i].path);
		free(v->items[i].id);
		free(v->items[i].act);
		free(v->items[i].message);
	}
	free(v->items);
	memset(v, 0, sizeof(*v));
}
