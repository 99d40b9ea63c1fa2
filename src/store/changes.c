/* SPDX-License-Identifier: MIT */
/* What changed since a point in history, and the marks of approvals in a
 * log: shared by `isms diff --since`, `isms log` and the TUI. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/sha256.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

int isms_store_record_path(char **out, struct isms_store *store, const char *id)
{
	const struct isms_kind *kind;

	if (isms_store_locate(&kind, out, store, id) == 0)
		return 0;
	if (isms_error_last()->code != ISMS_ENOTFOUND || !(kind = isms_store_kind_for_id(store, id)))
		return isms_error_last()->code;
	*out = isms_kind_record_path(kind, id);
	return 0;
}

char *isms_trailer_value(const char *msg, const char *key)
{
	size_t count;
	char **values = isms_repo_message_trailers(msg, key, &count);
	char *first = count ? values[0] : NULL;

	for (size_t i = 1; i < count; i++)
		free(values[i]);
	free(values);
	return first;
}

char *isms_store_approval_mark(struct isms_store *store, const char *id,
			       const struct isms_log_entry *e)
{
	char version[ISMS_VERSION_MAX], *rid = NULL, *tag, *mark;
	int verified;

	if (!e || !e->summary || !isms_store_approval_of(&rid, version, store, e, id))
		return NULL;
	tag = isms_asprintf("approved/%s/v%s", rid, version);
	verified = isms_repo_verify(isms_store_repo(store), tag);
	mark = verified ? isms_asprintf(" [approved v%s] [%s]", version, isms_signature_state(verified))
			: isms_asprintf(" [approved v%s]", version);
	free(rid);
	free(tag);
	return mark;
}

/* The commit `since` names: the latest approval of `id` for "approved", the
 * last commit before the day for a date, else a revision. */
static int since_commit(char out[ISMS_OID_HEX], char **label, struct isms_store *store,
			const char *id, const char *path, const char *since)
{
	struct isms_repo *repo = isms_store_repo(store);
	char *tag = NULL;
	int error;

	*label = NULL;
	if (strcmp(since, "approved") == 0) {
		if (!id)
			return isms_error_set(ISMS_EINVALID,
				"--since approved needs a record: isms diff ID --since approved");
		if ((error = isms_store_approved_tag(&tag, store, id, path)) < 0)
			return error;
		error = isms_repo_resolve(out, repo, tag);
		*label = tag;
		return error;
	}
	if (strlen(since) == 10 && isms_date_valid(since)) {
		struct isms_log log = { 0 };

		if ((error = isms_repo_log(&log, repo, NULL, 0)) < 0)
			return error;
		out[0] = '\0';
		for (size_t i = 0; i < log.count && !out[0]; i++) {
			char date[32];

			isms_date_format(date, log.items[i].time, log.items[i].offset);
			if (strncmp(date, since, 10) < 0)
				memcpy(out, log.items[i].id, ISMS_OID_HEX);
		}
		isms_log_free(&log);
		if (!out[0])
			return isms_error_set(ISMS_ENOTFOUND, "no commit before %s", since);
		*label = isms_asprintf("the last commit before %s", since);
		return 0;
	}
	*label = isms_strdup(since);
	return isms_repo_resolve(out, repo, since);
}

struct candidate {
	char *id, *path;
};

static void candidate_add(struct candidate **list, size_t *count, size_t *cap, const char *id,
			  const char *path)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp((*list)[i].path, path) == 0)
			return;
	*list = isms_grow(*list, cap, *count + 1, sizeof(**list));
	(*list)[*count].id = isms_strdup(id);
	(*list)[*count].path = isms_strdup(path);
	(*count)++;
}

/* Keep in `log` only the commits that changed `path`. */
static void keep_commits_of(struct isms_log *log, struct isms_repo *repo, const char *path)
{
	struct isms_log mine = { 0 };
	size_t kept = 0;

	isms_repo_log(&mine, repo, path, 0);
	for (size_t i = 0; i < log->count; i++) {
		bool found = false;

		for (size_t j = 0; j < mine.count && !found; j++)
			found = strcmp(mine.items[j].id, log->items[i].id) == 0;
		if (found) {
			struct isms_log_entry e = log->items[kept];

			log->items[kept++] = log->items[i];
			log->items[i] = e;
		}
	}
	for (size_t i = kept; i < log->count; i++) {
		free(log->items[i].author);
		free(log->items[i].email);
		free(log->items[i].summary);
	}
	log->count = kept;
	isms_log_free(&mine);
}

/* How record `c` differs now from revision `from`: its change into *type
 * and its title into *title; false when it did not change. */
static bool compare(enum isms_change_type *type, char **title, struct isms_store *store,
		    const char *from, const struct candidate *c)
{
	struct isms_repo *repo = isms_store_repo(store);
	struct isms_buf then = ISMS_BUF_INIT, now = ISMS_BUF_INIT;
	struct isms_node *root = NULL, *old = NULL;
	char *full = isms_path_join(isms_store_top(store), c->path);
	bool had = isms_repo_read(&then, repo, from, c->path) == 0;
	bool has = isms_fs_read(&now, full, ISMS_YAML_MAX_BYTES) == 0;
	const char *t = NULL, *st, *was;
	bool changed = true;

	if (has && isms_yaml_load(&root, NULL, now.ptr, now.len, full, NULL) == 0 &&
	    root->type == ISMS_NODE_MAP)
		t = isms_map_get_text(root, "title");
	if (had && isms_yaml_load(&old, NULL, then.ptr, then.len, full, NULL) == 0 &&
	    old->type == ISMS_NODE_MAP && !t)
		t = isms_map_get_text(old, "title");
	if (has && !had) {
		*type = ISMS_CHANGE_ADDED;
	} else if (had && !has) {
		*type = ISMS_CHANGE_REMOVED;
	} else if (had && has && (then.len != now.len || memcmp(then.ptr, now.ptr, now.len) != 0)) {
		st = root && root->type == ISMS_NODE_MAP ? isms_map_get_text(root, "status") : NULL;
		was = old && old->type == ISMS_NODE_MAP ? isms_map_get_text(old, "status") : NULL;
		*type = st && strcmp(st, "retired") == 0 && !(was && strcmp(was, "retired") == 0)
			? ISMS_CHANGE_RETIRED : ISMS_CHANGE_CHANGED;
	} else {
		changed = false;
	}
	*title = changed && t ? isms_strdup(t) : NULL;
	isms_node_free(root);
	isms_node_free(old);
	isms_buf_free(&then);
	isms_buf_free(&now);
	free(full);
	return changed;
}

/* The approvals given in the commits since, oldest first: commits that
 * approval tags point at; who approved and whether it was self-approved
 * from their final trailer block. */
static void add_approvals(struct isms_changes *out, struct isms_store *store)
{
	for (size_t i = out->log.count; i-- > 0;) {
		const struct isms_log_entry *e = &out->log.items[i];
		struct isms_change_approval *a;
		char version[ISMS_VERSION_MAX], *rid, *msg = NULL, *by = NULL, *self = NULL;

		if (!isms_store_approval_of(&rid, version, store, e, out->id))
			continue;
		out->approvals = isms_grow(out->approvals, &out->approval_cap, out->approval_count + 1,
					   sizeof(*out->approvals));
		a = &out->approvals[out->approval_count++];
		memset(a, 0, sizeof(*a));
		a->id = rid;
		memcpy(a->version, version, sizeof(version));
		if (isms_repo_message(&msg, isms_store_repo(store), e->id) == 0) {
			by = isms_trailer_value(msg, "Approved-by");
			self = isms_trailer_value(msg, "Self-approved");
		}
		a->by = by ? by : isms_strdup(e->author ? e->author : "");
		isms_date_format(a->date, e->time, e->offset);
		a->self_approved = self && strcmp(self, "yes") == 0;
		free(self);
		free(msg);
	}
}

/* Every record in revision `rev` (full hex) as a candidate: those since
 * removed are found by the trees, whatever the commits' messages say. */
static void candidates_in(struct candidate **list, size_t *count, size_t *cap,
			  struct isms_repo *repo, const char *rev)
{
	struct isms_status files = { 0 };

	if (isms_repo_files(&files, repo, rev) < 0) {
		isms_error_clear();
		return;
	}
	for (size_t i = 0; i < files.count; i++) {
		const struct isms_kind *kind;
		char *id = NULL;

		if (isms_store_record_file(files.items[i].path, &kind, &id))
			candidate_add(list, count, cap, id, files.items[i].path);
		free(id);
	}
	isms_status_free(&files);
}

int isms_store_changes_since(struct isms_changes *out, struct isms_store *store, const char *id,
			     const char *since)
{
	struct isms_repo *repo = isms_store_repo(store);
	struct candidate *list = NULL;
	size_t count = 0, cap = 0;
	int error;

	memset(out, 0, sizeof(*out));
	if (id) {
		out->id = isms_strdup(id);
		if ((error = isms_store_record_path(&out->path, store, id)) < 0)
			goto cleanup;
	}
	if ((error = since_commit(out->from, &out->label, store, id, out->path, since)) < 0 ||
	    (error = isms_repo_log_since(&out->log, repo, out->from)) < 0)
		goto cleanup;
	if (id) {
		struct isms_record *rec = NULL;
		const char *file;

		/* An external document's own text is part of what changed. */
		if (isms_store_load(&rec, store, id) == 0 && strcmp(rec->kind->name, "document") == 0 &&
		    (file = isms_map_get_text(rec->root, "file")) && isms_store_doc_path_ok(file))
			out->file = isms_strdup(file);
		isms_record_free(rec);
		isms_error_clear();
		keep_commits_of(&out->log, repo, out->path);
		candidate_add(&list, &count, &cap, id, out->path);
	} else {
		struct isms_entries all;

		if (isms_store_list(&all, store, NULL) == 0) {
			for (size_t i = 0; i < all.count; i++)
				candidate_add(&list, &count, &cap, all.items[i].id, all.items[i].path);
			isms_entries_free(&all);
		}
		candidates_in(&list, &count, &cap, repo, out->from);
	}
	/* Grouped by change: added, changed, retired, removed. */
	for (int type = ISMS_CHANGE_ADDED; type <= ISMS_CHANGE_REMOVED; type++)
		for (size_t i = 0; i < count; i++) {
			enum isms_change_type t;
			char *title;

			if (!compare(&t, &title, store, out->from, &list[i]))
				continue;
			if ((int)t != type) {
				free(title);
				continue;
			}
			out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
			out->items[out->count].type = t;
			out->items[out->count].id = isms_strdup(list[i].id);
			out->items[out->count].path = isms_strdup(list[i].path);
			out->items[out->count].title = title;
			out->count++;
		}
	add_approvals(out, store);
cleanup:
	for (size_t i = 0; i < count; i++) {
		free(list[i].id);
		free(list[i].path);
	}
	free(list);
	if (error < 0)
		isms_changes_free(out);
	return error;
}

void isms_changes_free(struct isms_changes *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		free(c->items[i].id);
		free(c->items[i].path);
		free(c->items[i].title);
	}
	for (size_t i = 0; i < c->approval_count; i++) {
		free(c->approvals[i].id);
		free(c->approvals[i].by);
	}
	free(c->items);
	free(c->approvals);
	free(c->label);
	free(c->id);
	free(c->path);
	free(c->file);
	isms_log_free(&c->log);
	memset(c, 0, sizeof(*c));
}

/* Files of a document can be large, but not larger than this to hash. */
#define DOC_FILE_MAX ((size_t)1 << 30)

int isms_changes_diff(struct isms_buf *out, struct isms_store *store, const struct isms_changes *c,
		      const char *from, const char *to)
{
	struct isms_repo *repo = isms_store_repo(store);
	struct isms_buf file = ISMS_BUF_INIT, bytes = ISMS_BUF_INIT;
	char hex[ISMS_SHA256_HEX] = "?";
	int error;

	if ((error = isms_repo_diff(out, repo, c->path, from, to)) < 0 || !c->file)
		return error;
	if ((error = isms_repo_diff(&file, repo, c->file, from, to)) < 0)
		goto cleanup;
	/* git's own test says whether it is text: "Binary files a/.. differ". */
	if (strncmp(isms_buf_cstr(&file), "Binary files ", 13) == 0 ||
	    strstr(isms_buf_cstr(&file), "\nBinary files ")) {
		char *full = to ? NULL : isms_path_join(isms_store_top(store), c->file);

		if ((to ? isms_repo_read(&bytes, repo, to, c->file)
			: isms_fs_read(&bytes, full, DOC_FILE_MAX)) == 0)
			isms_sha256(hex, bytes.ptr, bytes.len);
		isms_error_clear();
		free(full);
		isms_buf_printf(out, "binary file %s changed (sha256 %s)\n", c->file, hex);
	} else {
		isms_buf_put(out, file.ptr, file.len);
	}
cleanup:
	isms_buf_free(&file);
	isms_buf_free(&bytes);
	return error;
}

void isms_changes_format(struct isms_buf *out, const struct isms_changes *c)
{
	static const char *const what[] = { "added", "changed", "retired", "removed" };

	isms_buf_printf(out, "since %.7s (%s): %zu commit%s\n", c->from, c->label ? c->label : "",
			c->log.count, c->log.count == 1 ? "" : "s");
	for (size_t i = 0; i < c->count; i++)
		isms_buf_printf(out, "  %-9s %-12s %.50s\n", what[c->items[i].type], c->items[i].id,
				c->items[i].title ? c->items[i].title : "");
	for (size_t i = 0; i < c->approval_count; i++) {
		const struct isms_change_approval *a = &c->approvals[i];

		isms_buf_printf(out, "  %-9s %-12s v%s by %s on %.10s%s\n", "approved", a->id, a->version,
				a->by, a->date, a->self_approved ? " (self-approved)" : "");
	}
	if (!c->count && !c->approval_count)
		isms_buf_puts(out, "  no record changed\n");
}
