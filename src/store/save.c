/* SPDX-License-Identifier: MIT */
/* Saving a record: writing its file and committing it, putting the old
 * bytes back when the commit fails, the next-draft rule for an approved
 * document's version, voiding an act whose content changed (act_void.c),
 * and retiring a record. */
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
#include "txn.h"

/* isms_store_save_text, with `extra` (NULL: none). */
int store_save_text(char commit[ISMS_OID_HEX], struct isms_store *store,
		     struct isms_record *rec, const char *text, size_t len,
		     const struct isms_save_opts *opts, const struct save_extra *extra)
{
	static const struct isms_save_opts defaults = ISMS_SAVE_OPTS_INIT;
	static const struct save_extra none = { 0 };
	struct isms_findings local = ISMS_FINDINGS_INIT;
	struct isms_findings *findings = opts && opts->findings ? opts->findings : &local;
	struct isms_txn_opts topts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	struct isms_node *root = NULL;
	char *full = store_full_path(store, rec->path);
	const char *title;
	unsigned flags = 0;
	bool created = !rec->base[0];
	int error;

	commit[0] = '\0';
	if (!opts)
		opts = &defaults;
	if (!extra)
		extra = &none;
	if ((error = store_config_usable(store)) < 0)
		goto cleanup;
	if ((error = isms_yaml_load(&root, &flags, text, len, full, NULL)) < 0) {
		store_add_load_error(findings, full);
		goto cleanup;
	}
	isms_record_validate(findings, root, rec->kind, rec->id);
	store_check_lifecycle(findings, store, rec->kind, rec->id, root);
	/* Decisions are acts: only the act this save is writes its fields. */
	store_check_decisions_text(findings, store, rec->kind, rec->id, rec->path, root,
				   extra->act);
	if (isms_findings_errors(findings)) {
		const struct isms_finding *f = &findings->items[0];
		size_t more = isms_findings_errors(findings) - 1;

		while (f->severity != ISMS_SEV_ERROR)  /* the first error, not a warning */
			f++;
		error = isms_error_set_at(ISMS_EINVALID, f->line, f->column,
			"%s:%u:%u: %s%s; nothing was written", rec->path, f->line, f->column,
			f->message, more ? " (and other problems)" : "");
		goto cleanup;
	}
	topts.author = opts->author;
	topts.tag_undone = extra->tag_undone;
	if ((error = isms_txn_begin(&txn, store, &topts)) < 0 ||
	    (extra->tag && (error = isms_txn_tag(txn, extra->tag, extra->tag_message)) < 0) ||
	    (error = isms_txn_write(txn, rec->path, text, len, rec->base)) < 0)
		goto cleanup;
	title = isms_map_get_text(root, "title");
	if (opts->message)
		isms_txn_message(txn, "%s", opts->message);
	else
		isms_txn_message(txn, "%s: %s %s", rec->id, created ? "create" : "update",
				 title ? title : rec->kind->title);
	isms_txn_record(txn, rec->id, rec->kind);
	for (size_t i = 0; i < extra->count; i++)
		isms_txn_trailer(txn, "%s", extra->trailers[i]);
	error = isms_txn_commit(commit, txn);
	if (commit[0] || error == 0) {
		/* The file is the record now. */
		isms_repo_hash(rec->base, text, len);
		isms_node_free(rec->root);
		rec->root = root;
		root = NULL;
		rec->flags = flags;
	}
cleanup:
	error = isms_txn_end(txn, error);
	isms_findings_free(&local);
	isms_node_free(root);
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
		isms_map_set(now, "status", isms_node_str("draft"));
		if (version[0])
			isms_map_set(now, "version", isms_node_str(version));
		isms_map_remove(now, "approved_by");
		isms_map_remove(now, "approved_on");
		isms_kind_order(now, rec->kind);
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
		struct isms_buf voided = ISMS_BUF_INIT;

		isms_buf_clear(&draft);
		if (store_void_acts(&draft, &voided, store, rec, text, len)) {
			tr[0] = isms_asprintf("Act-voided: %s", voided.ptr);
			error = store_save_text(commit, store, rec, draft.ptr, draft.len, opts,
						&(struct save_extra){ .trailers = (const char *const *)tr,
								      .count = 1 });
			free(tr[0]);
		} else {
			error = store_save_text(commit, store, rec, text, len, opts, NULL);
		}
		isms_buf_free(&voided);
		isms_buf_free(&draft);
		return error;
	}
	tr[0] = isms_strdup("Status: draft");
	if (version[0])
		tr[1] = isms_asprintf("Version: %s", version);
	error = store_save_text(commit, store, rec, draft.ptr, draft.len, opts,
				&(struct save_extra){ .trailers = (const char *const *)tr,
						      .count = tr[1] ? 2 : 1 });
	free(tr[0]);
	free(tr[1]);
	isms_buf_free(&draft);
	return error;
}

/* The record's tree as its file is written: fields in the kind's order. */
int store_emit_record(struct isms_buf *text, struct isms_record *rec, bool drop_comments)
{
	if ((rec->flags & ISMS_YAML_HAS_COMMENTS) && !drop_comments)
		return isms_error_set(ISMS_EUNSAFE,
			"%s has comments, which rewriting it would drop; change it with "
			"'isms edit %s' (which keeps the text as written) or move the comments into a field",
			rec->path, rec->id);
	isms_kind_order(rec->root, rec->kind);
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
