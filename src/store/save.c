/* Saving a record: writing its file and committing it, putting the old
 * bytes back when the commit fails, the next-draft rule for an approved
 * document's version, and retiring a record. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

static int commit_record(char commit[ISMS_OID_HEX], struct isms_store *store,
			 const struct isms_record *rec, const char *message,
			 const struct isms_ident *author, const char *const *extra, size_t extra_count)
{
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	char *record = isms_asprintf("Record: %s", rec->id);
	char *clause = isms_asprintf("Clause: %s", rec->kind->clause);
	const char *trailers[10] = { record, clause };
	const char *paths[] = { rec->path };
	int error;

	for (size_t i = 0; i < extra_count && i + 2 < sizeof(trailers) / sizeof(trailers[0]); i++)
		trailers[2 + i] = extra[i];
	opts.message = message;
	opts.trailers = trailers;
	opts.trailer_count = 2 + (extra_count < 8 ? extra_count : 8);
	/* A given author (a demonstration, an import) also commits. */
	opts.author = author;
	opts.committer = author;
	opts.sign = author ? 0 : -1;  /* never sign in another person's name */
	error = isms_repo_commit(commit, store->repo, paths, 1, &opts);
	free(record);
	free(clause);
	return error;
}

/* Write `undo`, the file's bytes before a change, back to `full`, and make
 * `rec` what they hold; false (and the file as it is) when that fails. */
static bool put_back(struct isms_record *rec, const char *full, const struct isms_buf *undo)
{
	struct isms_node *root = NULL;
	unsigned flags = 0;

	if (isms_fs_write_atomic(full, undo->ptr, undo->len, 0644, ISMS_FS_REPLACE) < 0 ||
	    isms_yaml_load(&root, &flags, undo->ptr, undo->len, full, NULL) < 0)
		return false;
	isms_repo_hash(rec->base, undo->ptr, undo->len);
	isms_node_free(rec->root);
	rec->root = root;
	rec->flags = flags;
	return true;
}

/* Take back `commit`, which just committed `rec` (its file on disk still
 * what was committed), under the save lock: the branch and git's index go
 * back to the commit's parent, the file to `undo`. 0 when nothing of it is
 * left; 1 when it is taken back but something lags, said in *note (the
 * caller frees); an error, and nothing taken back, when the branch moved on
 * or the file changed meanwhile. */
int store_take_back(char **note, struct isms_store *store, struct isms_record *rec,
		    const char *commit, const struct isms_buf *undo)
{
	const char *paths[] = { rec->path };
	char *full = store_full_path(store, rec->path);
	int error, lock = -1;

	*note = NULL;
	if ((error = isms_store_save_lock(&lock, store)) < 0 ||
	    (error = store_check_unchanged(store, rec)) < 0 ||
	    (error = isms_repo_uncommit(store->repo, commit, paths, 1)) < 0)
		goto cleanup;
	if (error == 1)
		*note = isms_strdup(isms_error_last()->message);  /* git's index lags */
	if (!put_back(rec, full, undo)) {
		char *was = *note;

		*note = isms_asprintf("%s%s%s is still changed on disk, and could not be put back (git "
				      "checkout %s restores it)", was ? was : "", was ? "; " : "",
				      rec->path, rec->path);
		free(was);
		error = 1;
	}
cleanup:
	if (lock >= 0)
		close(lock);
	free(full);
	return error;
}

/* isms_store_save_text, with trailers added after Record and Clause. When
 * `undo` is not NULL (the file's bytes before), a commit that fails puts
 * them back, under the same lock: the change is all or nothing (an
 * approval must not stay on disk without its commit). */
int store_save_text(char commit[ISMS_OID_HEX], struct isms_store *store,
		    struct isms_record *rec, const char *text, size_t len,
		    const struct isms_save_opts *opts, const char *const *extra, size_t extra_count,
		    const struct isms_buf *undo)
{
	static const struct isms_save_opts defaults = ISMS_SAVE_OPTS_INIT;
	struct isms_findings local = ISMS_FINDINGS_INIT;
	struct isms_findings *findings = opts && opts->findings ? opts->findings : &local;
	struct isms_commit_opts ready = ISMS_COMMIT_OPTS_INIT;
	struct isms_node *root = NULL;
	char *full = store_full_path(store, rec->path), *message = NULL;
	const char *title;
	unsigned flags = 0;
	bool created = !rec->base[0];
	int error, lock = -1;

	commit[0] = '\0';
	if (!opts)
		opts = &defaults;
	if ((error = store_config_usable(store)) < 0)
		goto cleanup;
	if ((error = isms_yaml_load(&root, &flags, text, len, full, NULL)) < 0) {
		store_add_load_error(findings, full);
		goto cleanup;
	}
	isms_record_validate(findings, root, rec->kind, rec->id);
	if (isms_findings_errors(findings)) {
		const struct isms_finding *f = &findings->items[0];

		size_t more = isms_findings_errors(findings) - 1;

		error = isms_error_set_at(ISMS_EINVALID, f->line, f->column,
			"%s:%u:%u: %s%s; nothing was written", rec->path, f->line, f->column,
			f->message, more ? " (and other problems)" : "");
		goto cleanup;
	}
	/* Refuse before writing what could not be committed. */
	ready.author = ready.committer = opts->author;
	if ((error = isms_store_save_lock(&lock, store)) < 0 ||
	    (error = isms_repo_ready(store->repo, &ready)) < 0 ||
	    (error = store_kind_folder(store, rec->kind, true)) < 0 ||
	    (error = store_check_unchanged(store, rec)) < 0 ||
	    (error = isms_fs_write_atomic(full, text, len, 0644,
					  created ? ISMS_FS_CREATE_NEW : ISMS_FS_REPLACE)) < 0)
		goto cleanup;

	/* The file is the record now, committed or not. */
	isms_repo_hash(rec->base, text, len);
	isms_node_free(rec->root);
	rec->root = root;
	root = NULL;
	rec->flags = flags;

	title = isms_map_get_text(rec->root, "title");
	message = opts->message ? isms_strdup(opts->message)
		: isms_asprintf("%s: %s %s", rec->id, created ? "create" : "update",
				title ? title : rec->kind->title);
	if ((error = commit_record(commit, store, rec, message, opts->author, extra,
				   extra_count)) < 0 && !commit[0]) {
		if (!undo)
			isms_error_prefix("%s is saved but not committed", rec->path);
		else if (put_back(rec, full, undo)) {
			isms_error_prefix("%s is unchanged", rec->path);
		} else {
			isms_error_prefix("%s is changed on disk but not committed, and could not "
					  "be put back (git checkout %s restores it)", rec->path, rec->path);
		}
	}
cleanup:
	if (lock >= 0)
		close(lock);
	isms_findings_free(&local);
	isms_node_free(root);
	free(message);
	free(full);
	return error;
}

/* Whether top-level line `line` sets `key`. */
static bool line_sets(const char *line, const char *key)
{
	size_t n = strlen(key);

	return strncmp(line, key, n) == 0 && line[n] == ':';
}

/* `text` with status draft, version `version` and no approved_by and
 * approved_on, changed line by line so that comments and layout stay. */
static void draft_lines(struct isms_buf *out, const char *text, size_t len, const char *version)
{
	const char *p = text, *end = text + len;
	bool skipping = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (skipping && (*p == ' ' || *p == '\t')) {
			p += n;
			continue;
		}
		skipping = false;
		if (line_sets(p, "approved_by") || line_sets(p, "approved_on")) {
			skipping = true;
		} else if (line_sets(p, "status")) {
			isms_buf_puts(out, "status: draft\n");
			skipping = true;
		} else if (version && line_sets(p, "version")) {
			isms_buf_printf(out, "version: '%s'\n", version);
			skipping = true;
		} else {
			isms_buf_put(out, p, n);
		}
		p += n;
	}
}

static bool is_next_draft(const struct isms_node *root, const char *version)
{
	const char *status = isms_map_get_text(root, "status");
	const char *v = isms_map_get_text(root, "version");

	return root->type == ISMS_NODE_MAP && status && strcmp(status, "draft") == 0 &&
	       !isms_map_get(root, "approved_by") && !isms_map_get(root, "approved_on") &&
	       (!version || (v && strcmp(v, version) == 0));
}

/* Editing an approved controlled document starts its next draft (7.5.3):
 * when the file was approved and the new text keeps status approved (the
 * caller did not set a status), the text saved is the draft of the next
 * minor version, without approved_by and approved_on; the approved version
 * stays at its tag. Returns true with the new text and its trailers. */
static bool next_draft(struct isms_buf *out, char version[ISMS_VERSION_MAX],
		       struct isms_store *store, const struct isms_record *rec,
		       const char *text, size_t len)
{
	struct isms_buf old = ISMS_BUF_INIT;
	struct isms_node *then = NULL, *now = NULL, *check = NULL;
	char *full, hash[ISMS_OID_HEX];
	const char *s, *v;
	unsigned long major, minor;
	bool ok = false;

	version[0] = '\0';
	if (!rec->kind->controlled || !rec->base[0])
		return false;
	full = store_full_path(store, rec->path);
	if (isms_fs_read(&old, full, ISMS_YAML_MAX_BYTES) < 0)
		goto cleanup;
	isms_repo_hash(hash, old.ptr, old.len);
	/* A file changed meanwhile is a conflict that store_save_text reports. */
	if (strcmp(hash, rec->base) != 0 || (old.len == len && memcmp(old.ptr, text, len) == 0))
		goto cleanup;
	if (isms_yaml_load(&then, NULL, old.ptr, old.len, full, NULL) < 0 ||
	    then->type != ISMS_NODE_MAP || !(s = isms_map_get_text(then, "status")) ||
	    strcmp(s, "approved") != 0)
		goto cleanup;
	if (isms_yaml_load(&now, NULL, text, len, full, NULL) < 0 || now->type != ISMS_NODE_MAP ||
	    !(s = isms_map_get_text(now, "status")) || strcmp(s, "approved") != 0)
		goto cleanup;
	v = isms_map_get_text(now, "version");
	if (v && store_parse_version(v, &major, &minor))
		snprintf(version, ISMS_VERSION_MAX, "%lu.%lu", major, minor + 1);
	draft_lines(out, text, len, version[0] ? version : NULL);
	ok = isms_yaml_load(&check, NULL, out->ptr, out->len, full, NULL) == 0 &&
	     is_next_draft(check, version[0] ? version : NULL);
	if (!ok) {
		/* Not plain top-level lines: rewrite the tree instead. */
		const char **order = isms_calloc(rec->kind->field_count, sizeof(*order));

		for (size_t i = 0; i < rec->kind->field_count; i++)
			order[i] = rec->kind->fields[i].name;
		isms_map_set(now, "status", isms_node_str("draft"));
		if (version[0])
			isms_map_set(now, "version", isms_node_str(version));
		isms_map_remove(now, "approved_by");
		isms_map_remove(now, "approved_on");
		isms_map_order(now, order, rec->kind->field_count);
		free(order);
		isms_buf_clear(out);
		ok = isms_yaml_emit(out, now) == 0;
	}
cleanup:
	isms_node_free(then);
	isms_node_free(now);
	isms_node_free(check);
	isms_buf_free(&old);
	free(full);
	return ok;
}

int isms_store_save_text(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *rec, const char *text, size_t len,
			 const struct isms_save_opts *opts)
{
	struct isms_buf draft = ISMS_BUF_INIT;
	char version[ISMS_VERSION_MAX], *tr[2] = { NULL, NULL };
	int error;

	if (!next_draft(&draft, version, store, rec, text, len)) {
		isms_buf_free(&draft);
		return store_save_text(commit, store, rec, text, len, opts, NULL, 0, NULL);
	}
	tr[0] = isms_strdup("Status: draft");
	if (version[0])
		tr[1] = isms_asprintf("Version: %s", version);
	error = store_save_text(commit, store, rec, draft.ptr, draft.len, opts,
			  (const char *const *)tr, tr[1] ? 2 : 1, NULL);
	free(tr[0]);
	free(tr[1]);
	isms_buf_free(&draft);
	return error;
}

/* The record's tree as its file is written: fields in the kind's order. */
int store_emit_record(struct isms_buf *text, struct isms_record *rec, bool drop_comments)
{
	const char **order;

	if ((rec->flags & ISMS_YAML_HAS_COMMENTS) && !drop_comments)
		return isms_error_set(ISMS_EUNSAFE,
			"%s has comments, which rewriting it would drop; change it with "
			"'isms edit %s' (which keeps the text as written) or move the comments into a field",
			rec->path, rec->id);
	order = isms_calloc(rec->kind->field_count, sizeof(*order));
	for (size_t i = 0; i < rec->kind->field_count; i++)
		order[i] = rec->kind->fields[i].name;
	isms_map_order(rec->root, order, rec->kind->field_count);
	free(order);
	return isms_yaml_emit(text, rec->root);
}

int isms_store_save(char commit[ISMS_OID_HEX], struct isms_store *store,
		    struct isms_record *rec, const struct isms_save_opts *opts)
{
	struct isms_buf text = ISMS_BUF_INIT;
	int error;

	commit[0] = '\0';
	if ((error = store_emit_record(&text, rec, opts && opts->drop_comments)) == 0)
		error = isms_store_save_text(commit, store, rec, text.ptr, text.len, opts);
	isms_buf_free(&text);
	return error;
}

int isms_store_retire(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_record *rec, const char *reason,
		      const struct isms_save_opts *opts)
{
	struct isms_save_opts o = opts ? *opts : (struct isms_save_opts)ISMS_SAVE_OPTS_INIT;
	const char *title = isms_map_get_text(rec->root, "title");
	char today[11], *message;
	int error;

	commit[0] = '\0';
	if (!reason || !*reason)
		return isms_error_set(ISMS_EINVALID, "say why %s is retired (-m REASON)", rec->id);
	isms_date_today(today);
	isms_map_set(rec->root, "status", isms_node_str("retired"));
	isms_map_set(rec->root, "retired_on", isms_node_plain(today));
	isms_map_set(rec->root, "retire_reason", isms_node_str(reason));
	message = isms_asprintf("%s: retire %s\n\n%s", rec->id, title ? title : rec->kind->title,
				reason);
	if (!o.message)
		o.message = message;
	error = isms_store_save(commit, store, rec, &o);
	free(message);
	return error;
}
