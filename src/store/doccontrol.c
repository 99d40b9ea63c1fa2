/* SPDX-License-Identifier: MIT */
/* Document control (27001 7.5): what needs attention, from one reading of
 * the records and the working tree: files changed outside the workbench,
 * reviews due, retention ended, external documents whose files do not
 * match; and what a path in the working tree is to the store. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/rules.h"
#include "isms/store.h"
#include "store_private.h"

static long long day_number(const char *date)
{
	struct tm tm = { 0 };

	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	return (long long)timegm(&tm) / 86400;
}

static int compare_reviews(const void *a, const void *b)
{
	const struct isms_doccontrol_review *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c ? c : strcmp(x->id, y->id);
}

/* The record file (folder/ID.yaml of a kind), document file or isms.yaml
 * that `rel` names; FILE_OUTSIDE for anything else, including paths with
 * "..", "." or empty components. */
enum file_class store_classify(const char *rel, const struct isms_kind **kind, char **id)
{
	const char *slash = strchr(rel, '/'), *name;
	size_t len;
	char *folder;

	*kind = NULL;
	if (id)
		*id = NULL;
	if (strcmp(rel, ISMS_CONFIG_FILE) == 0)
		return FILE_CONFIG;
	if (isms_store_doc_path_ok(rel))
		return FILE_DOC;
	if (!slash || strchr(slash + 1, '/'))
		return FILE_OUTSIDE;
	name = slash + 1;
	len = strlen(name);
	if (len <= 5 || strcmp(name + len - 5, ".yaml") != 0)
		return FILE_OUTSIDE;
	folder = isms_strndup(rel, (size_t)(slash - rel));
	*kind = isms_kind_by_folder(folder);
	free(folder);
	if (!*kind)
		return FILE_OUTSIDE;
	folder = isms_strndup(name, len - 5);
	if (isms_id_check(folder) < 0) {
		free(folder);
		*kind = NULL;
		return FILE_OUTSIDE;
	}
	if (id)
		*id = folder;
	else
		free(folder);
	return FILE_RECORD;
}

bool isms_store_record_file(const char *rel, const struct isms_kind **kind, char **id)
{
	if (store_classify(rel, kind, id) == FILE_RECORD)
		return true;
	if (id) {
		free(*id);
		*id = NULL;
	}
	return false;
}

/* The document record (among `all`) whose `file` is `rel`, or NULL. */
static const struct isms_view *document_of(const struct isms_records *all, const char *rel)
{
	for (size_t i = 0; i < all->count; i++) {
		const struct isms_view *v = &all->views[i];
		const char *file;

		if (v->root && strcmp(v->kind->name, "document") == 0 &&
		    (file = isms_map_get_text(v->root, "file")) && strcmp(file, rel) == 0)
			return v;
	}
	return NULL;
}

static void control_reviews(struct isms_doccontrol *out, const struct isms_records *all)
{
	char today[11];
	long long now;
	size_t cap = 0;

	isms_date_today(today);
	now = day_number(today);
	for (size_t i = 0; i < all->count; i++) {
		const struct isms_node *root = all->views[i].root;
		const char *next, *status, *title;
		struct isms_doccontrol_review *r;

		if (!root || !(next = isms_map_get_text(root, "next_review")) || !isms_date_valid(next))
			continue;
		status = isms_map_get_text(root, "status");
		if (status && (strcmp(status, "retired") == 0 || strcmp(status, "superseded") == 0))
			continue;
		if (day_number(next) > now + 30)
			continue;
		out->reviews = isms_grow(out->reviews, &cap, out->review_count + 1, sizeof(*out->reviews));
		r = &out->reviews[out->review_count++];
		title = isms_map_get_text(root, "title");
		r->id = isms_strdup(all->views[i].id);
		r->title = isms_strdup(title ? title : "");
		snprintf(r->date, sizeof(r->date), "%s", next);
		r->overdue = strcmp(next, today) < 0;
	}
	if (out->review_count)
		qsort(out->reviews, out->review_count, sizeof(*out->reviews), compare_reviews);
}

static void control_retention(struct isms_doccontrol *out, struct isms_store *store,
			      const struct isms_records *all)
{
	char today[11], end[11];
	size_t cap = 0;

	isms_date_today(today);
	for (size_t i = 0; i < all->count; i++) {
		const struct isms_view *v = &all->views[i];
		struct isms_doccontrol_retention *r;
		const char *title;

		if (isms_store_retention_end(end, store, v->kind, v->root) < 0 || strcmp(end, today) > 0)
			continue;
		out->retention = isms_grow(out->retention, &cap, out->retention_count + 1,
					   sizeof(*out->retention));
		r = &out->retention[out->retention_count++];
		title = isms_map_get_text(v->root, "title");
		r->id = isms_strdup(v->id);
		r->title = isms_strdup(title ? title : "");
		snprintf(r->retired, sizeof(r->retired), "%s", isms_map_get_text(v->root, "retired_on"));
		memcpy(r->end, end, sizeof(r->end));
	}
}

static void control_documents(struct isms_doccontrol *out, struct isms_store *store,
			      const struct isms_records *all)
{
	size_t cap = 0;

	for (size_t i = 0; i < all->count; i++) {
		const struct isms_view *v = &all->views[i];
		struct isms_findings f = ISMS_FINDINGS_INIT;
		struct isms_doccontrol_doc *d;
		const char *file, *title, *version;

		if (!v->root || strcmp(v->kind->name, "document") != 0 ||
		    !(file = isms_map_get_text(v->root, "file")) || !*file)
			continue;
		store_check_document_file(&f, store, v);
		out->docs = isms_grow(out->docs, &cap, out->doc_count + 1, sizeof(*out->docs));
		d = &out->docs[out->doc_count++];
		title = isms_map_get_text(v->root, "title");
		version = isms_map_get_text(v->root, "version");
		d->id = isms_strdup(v->id);
		d->title = isms_strdup(title ? title : "");
		d->version = isms_strdup(version ? version : "");
		d->file = isms_strdup(file);
		d->problem = f.count ? isms_strdup(f.items[0].message) : NULL;
		isms_findings_free(&f);
	}
}

/* The blob id of the bytes of `rel` now, or "" when it cannot be read. */
static void listed_blob(char out[ISMS_OID_HEX], struct isms_store *store, const char *rel)
{
	struct isms_buf data = ISMS_BUF_INIT;
	char *full = store_full_path(store, rel);

	out[0] = '\0';
	if (store_read_plain_file(&data, full, ISMS_DOC_MAX_BYTES) == 0)
		isms_repo_hash(out, data.ptr ? data.ptr : "", data.len);
	else
		isms_error_clear();
	isms_buf_free(&data);
	free(full);
}

int isms_store_doccontrol(struct isms_doccontrol *out, struct isms_store *store)
{
	struct isms_records all;
	int error;

	isms_store_load_all(&all, store, NULL);
	error = isms_store_doccontrol_of(out, store, &all, NULL);
	isms_records_free(&all);
	return error;
}

int isms_store_doccontrol_of(struct isms_doccontrol *out, struct isms_store *store,
			     const struct isms_records *records, const struct isms_status *given)
{
	const struct isms_records *all = records;
	struct isms_status own = { 0 };
	const struct isms_status *changes = given ? given : &own;
	int error;

	memset(out, 0, sizeof(*out));
	if (isms_repo_head(out->head, store->repo) < 0)
		out->head[0] = '\0';
	if (!given && (error = isms_repo_status(&own, store->repo)) < 0)
		return error;
	out->files = isms_calloc(changes->count ? changes->count : 1, sizeof(*out->files));
	for (size_t i = 0; i < changes->count; i++) {
		struct isms_doccontrol_file *f = &out->files[out->file_count++];
		const struct isms_kind *kind;
		const struct isms_view *doc;
		char *id = NULL;

		f->path = isms_strdup(changes->items[i].path);
		f->code = changes->items[i].code;
		listed_blob(f->blob, store, f->path);
		switch (store_classify(f->path, &kind, &id)) {
		case FILE_RECORD: f->id = id; break;
		case FILE_DOC:
			if ((doc = document_of(all, f->path)))
				f->id = isms_strdup(doc->id);
			break;
		default: break;
		}
	}
	isms_status_free(&own);
	control_reviews(out, all);
	control_retention(out, store, all);
	control_documents(out, store, all);
	return 0;
}

void isms_doccontrol_free(struct isms_doccontrol *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->file_count; i++) {
		free(c->files[i].path);
		free(c->files[i].id);
	}
	for (size_t i = 0; i < c->review_count; i++) {
		free(c->reviews[i].id);
		free(c->reviews[i].title);
	}
	for (size_t i = 0; i < c->retention_count; i++) {
		free(c->retention[i].id);
		free(c->retention[i].title);
	}
	for (size_t i = 0; i < c->doc_count; i++) {
		free(c->docs[i].id);
		free(c->docs[i].title);
		free(c->docs[i].version);
		free(c->docs[i].file);
		free(c->docs[i].problem);
	}
	free(c->files);
	free(c->reviews);
	free(c->retention);
	free(c->docs);
	memset(c, 0, sizeof(*c));
}
