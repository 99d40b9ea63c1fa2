/* SPDX-License-Identifier: MIT */
/* Committing files changed outside the workbench (hand edits): what
 * would be committed is validated first, and committed only when it is
 * still what the caller showed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/rules.h"
#include "isms/sha256.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "txn.h"

static const char *status_code_of(const struct isms_status *changes, const char *rel)
{
	for (size_t i = 0; i < changes->count; i++)
		if (strcmp(changes->items[i].path, rel) == 0)
			return &changes->items[i].code;
	return NULL;
}

/* The files of a commit from the working tree (struct isms_staged): each
 * read once, so that what is validated is what is committed. */
/* Read `paths` (duplicates once) into `set`; refused paths (no ISMS file,
 * not a regular file, too large) are errors. */
static int stage(struct isms_staged *set, struct isms_store *store, const char *const *paths,
		 size_t count)
{
	memset(set, 0, sizeof(*set));
	set->files = isms_calloc(count ? count : 1, sizeof(*set->files));
	set->data = isms_calloc(count ? count : 1, sizeof(*set->data));
	for (size_t i = 0; i < count; i++) {
		const struct isms_kind *kind;
		struct isms_commit_file *f;
		enum file_class class = store_classify(paths[i], &kind, NULL);
		char *full;
		struct stat st;
		int error = 0;
		bool seen = false;

		for (size_t j = 0; j < set->count && !seen; j++)
			seen = strcmp(set->files[j].path, paths[i]) == 0;
		if (seen)
			continue;
		if (class == FILE_OUTSIDE)
			return isms_error_set(ISMS_EUNSAFE,
				"%s is not an ISMS file (a record FOLDER/ID.yaml, a file in %s/ or %s); "
				"commit it with git", paths[i], ISMS_DOC_FILES, ISMS_CONFIG_FILE);
		full = store_full_path(store, paths[i]);
		f = &set->files[set->count];
		f->path = paths[i];
		if (lstat(full, &st) == 0 && !S_ISREG(st.st_mode))
			error = isms_error_set(ISMS_EUNSAFE, "%s is not a regular file (a link or a "
					       "folder); it is refused", paths[i]);
		else if (lstat(full, &st) == 0 &&
			 (error = store_read_plain_file(&set->data[set->count], full,
						  class == FILE_DOC ? ISMS_DOC_MAX_BYTES
								    : ISMS_YAML_MAX_BYTES)) == 0)
			f->present = 1;
		else if (error == ISMS_ENOTFOUND)
			error = 0;  /* gone meanwhile: a deletion */
		free(full);
		if (error < 0)
			return error;
		f->data = set->data[set->count].ptr;
		f->len = set->data[set->count].len;
		set->count++;
	}
	return 0;
}

/* `rel` as it will be after the commit of `set`: its staged bytes, or
 * HEAD's. False when it will not exist. */
static bool after_commit(struct isms_buf *out, struct isms_store *store, const struct isms_staged *set,
			 const char *rel)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->files[i].path, rel) == 0) {
			if (set->files[i].present)
				isms_buf_put(out, set->files[i].data ? set->files[i].data : "",
					     set->files[i].len);
			return set->files[i].present != 0;
		}
	if (isms_repo_read(out, store->repo, "HEAD", rel) == 0)
		return true;
	isms_error_clear();
	return false;
}

/* A record as it will be after the commit of `set`, parsed; NULL when it
 * will not exist or does not parse. */
static struct isms_node *record_after(struct isms_store *store, const struct isms_staged *set,
				      const char *rel)
{
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *root = NULL;

	if (after_commit(&text, store, set, rel) &&
	    (isms_yaml_load(&root, NULL, text.ptr ? text.ptr : "", text.len, rel, NULL) < 0 ||
	     root->type != ISMS_NODE_MAP)) {
		isms_error_clear();
		isms_node_free(root);
		root = NULL;
	}
	isms_buf_free(&text);
	return root;
}

/* The document record that will name `rel` as its file after the commit
 * of `set` (its ID into *id, caller frees), parsed; NULL when none. */
static struct isms_node *document_after(char **id, struct isms_store *store,
					const struct isms_staged *set, const char *rel)
{
	const struct isms_kind *kind = isms_kind_find("document");
	size_t count, extra = 0;
	char **names = store_folder_files(store, kind, &count);
	struct isms_node *found = NULL;

	*id = NULL;
	/* Records named in the commit that the folder no longer has, too. */
	names = isms_realloc(names, (count + set->count + 1) * sizeof(*names));
	for (size_t i = 0; i < set->count; i++) {
		const struct isms_kind *k;
		const char *name = strrchr(set->files[i].path, '/');

		if (store_classify(set->files[i].path, &k, NULL) == FILE_RECORD && k == kind)
			names[count + extra++] = isms_strdup(name + 1);
	}
	for (size_t i = 0; i < count + extra && !found; i++) {
		char *path = isms_asprintf("%s/%s", kind->folder, names[i]);
		struct isms_node *root = record_after(store, set, path);
		const char *file = root ? isms_map_get_text(root, "file") : NULL;

		if (file && strcmp(file, rel) == 0) {
			found = root;
			*id = isms_strndup(names[i], strlen(names[i]) - 5);
		} else {
			isms_node_free(root);
		}
		free(path);
	}
	store_free_names(names, count + extra);
	return found;
}

/* A document record and its file as they will be after the commit of
 * `set`: the file must be there and match the sha256, and a sha256 other
 * than HEAD's needs a version other than HEAD's. */
static void check_document_after(struct isms_findings *f, struct isms_store *store,
				 const struct isms_staged *set, const char *id, const char *rel,
				 const struct isms_node *root)
{
	const struct isms_node *file = store_doc_file_field(f, root), *sum = isms_map_get(root, "sha256");
	struct isms_buf data = ISMS_BUF_INIT;
	struct isms_node *head = NULL;
	const char *head_sum, *head_version, *version = isms_map_get_text(root, "version");
	char hex[ISMS_SHA256_HEX];

	if (!file)
		return;
	if (!after_commit(&data, store, set, file->text)) {
		isms_findings_add(f, ISMS_SEV_ERROR, file->line, file->column,
			"its file %s would be missing: commit the file too", file->text);
		goto cleanup;
	}
	isms_sha256(hex, data.ptr ? data.ptr : "", data.len);
	if (sum && sum->type == ISMS_NODE_SCALAR && sum->text[0] && strcasecmp(sum->text, hex) != 0)
		isms_findings_add(f, ISMS_SEV_ERROR, sum->line, sum->column,
			"its sha256 does not match its file %s as it would be committed; commit "
			"both together, or register the file as a new version with 'isms doc update "
			"%s %s'", file->text, id, file->text);
	if (isms_repo_read(&data, store->repo, "HEAD", rel) < 0) {
		isms_error_clear();
		goto cleanup;  /* a new record */
	}
	if (isms_yaml_load(&head, NULL, data.ptr ? data.ptr : "", data.len, rel, NULL) < 0 ||
	    head->type != ISMS_NODE_MAP) {
		isms_error_clear();
		goto cleanup;
	}
	head_sum = isms_map_get_text(head, "sha256");
	head_version = isms_map_get_text(head, "version");
	if (sum && sum->type == ISMS_NODE_SCALAR && (!head_sum || strcasecmp(head_sum, sum->text) != 0) &&
	    head_version && version && strcmp(head_version, version) == 0)
		isms_findings_add(f, ISMS_SEV_ERROR, sum->line, sum->column,
			"its sha256 changed but its version is still %s: a changed file is a new "
			"version ('isms doc update %s FILE' registers one)", version, id);
cleanup:
	isms_node_free(head);
	isms_buf_free(&data);
}

/* Deleting a record: only once retired and kept for its retention. */
static void check_deletion(struct isms_findings *f, struct isms_store *store,
			   const struct isms_kind *kind, const char *id, const char *rel)
{
	struct isms_staged none = { 0 };
	struct isms_node *head = record_after(store, &none, rel);
	const char *status = head ? isms_map_get_text(head, "status") : NULL;
	char end[11], today[11];

	if (!head) {
		struct isms_buf text = ISMS_BUF_INIT;

		if (isms_repo_read(&text, store->repo, "HEAD", rel) == 0)
			isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
				"its committed version does not parse; restore it and use "
				"'isms retire %s' and later 'isms dispose %s'", id, id);
		isms_error_clear();
		isms_buf_free(&text);
		return;  /* otherwise never committed: nothing to delete */
	}
	isms_date_today(today);
	if (!status || strcmp(status, "retired") != 0)
		isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
			"%s is %s: a record is kept in the ISMS until it is retired ('isms retire "
			"%s') and its retention has ended ('isms dispose %s'); restore it with "
			"'git checkout -- %s'", id, status ? status : "not retired", id, id, rel);
	else if (isms_store_retention_end(end, store, kind, head) < 0)
		isms_findings_add(f, ISMS_SEV_ERROR, 0, 0, "%s cannot be disposed of: %s; restore it "
				  "with 'git checkout -- %s'", id, isms_error_last()->message, rel);
	else if (strcmp(end, today) > 0)
		isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
			"%s must be kept until %s (retired on %s); restore it with 'git checkout -- %s'",
			id, end, isms_map_get_text(head, "retired_on"), rel);
	isms_error_clear();
	isms_node_free(head);
}

/* Findings for file `i` of `set` as it would be committed with the rest
 * of `set` (files not in it as HEAD has them). */
static void validate_staged(struct isms_findings *f, struct isms_store *store,
			    const struct isms_staged *set, size_t i)
{
	const struct isms_commit_file *file = &set->files[i];
	const char *rel = file->path;
	const struct isms_kind *kind;
	struct isms_node *root = NULL;
	char *id = NULL, *doc_id = NULL;
	enum file_class class = store_classify(rel, &kind, &id);

	if (class == FILE_DOC) {
		struct isms_node *doc = document_after(&doc_id, store, set, rel);
		const char *sum = doc ? isms_map_get_text(doc, "sha256") : NULL;
		char hex[ISMS_SHA256_HEX];

		if (!file->present) {
			if (doc)
				isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
					"%s still refers to it: dispose of %s ('isms dispose') rather "
					"than delete its file", doc_id, doc_id);
		} else if (!doc) {
			isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
				"no document record refers to it; register it with 'isms doc add'");
		} else {
			isms_sha256(hex, file->data ? file->data : "", file->len);
			if (!sum || strcasecmp(sum, hex) != 0)
				isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
					"it no longer matches the sha256 of %s: register it as a new "
					"version with 'isms doc update %s %s'", doc_id, doc_id, rel);
		}
		isms_node_free(doc);
		goto cleanup;
	}
	if (class == FILE_RECORD && !file->present) {
		check_deletion(f, store, kind, id, rel);
		goto cleanup;
	}
	if (!file->present)
		goto cleanup;
	if (isms_yaml_load(&root, NULL, file->data ? file->data : "", file->len, rel, NULL) < 0) {
		store_add_load_error(f, rel);
		goto cleanup;
	}
	if (class == FILE_CONFIG)
		goto cleanup;
	if (!isms_kind_id_matches(kind, store_prefix_of(store, kind), id))
		isms_findings_add(f, ISMS_SEV_ERROR, 1, 1,
			"'%s' is not the ID of a %s; each record lives in its kind's folder as ID.yaml",
			id, kind->name);
	isms_record_validate(f, root, kind, id);
	store_check_lifecycle(f, store, kind, id, root);
	/* A hand edit is no act: its decision fields must be as committed. */
	store_check_decisions_text(f, store, kind, id, rel, root, NULL);
	if (isms_findings_errors(f) == 0) {
		struct isms_view v = { .kind = kind, .id = id, .root = root };
		struct isms_buf text = ISMS_BUF_INIT;

		isms_buf_put(&text, file->data ? file->data : "", file->len);
		store_check_approval(f, store, &v, rel, &text, true);
		isms_buf_free(&text);
		if (strcmp(kind->name, "document") == 0 && root->type == ISMS_NODE_MAP)
			check_document_after(f, store, set, id, rel, root);
	}
cleanup:
	isms_node_free(root);
	free(doc_id);
	free(id);
}

int isms_store_validate_file(struct isms_findings *out, struct isms_store *store, const char *rel)
{
	struct isms_staged set;
	int error = stage(&set, store, &rel, 1);

	if (error == 0)
		validate_staged(out, store, &set, 0);
	isms_staged_free(&set);
	return error;
}

int isms_store_check_staged(struct isms_report *out, struct isms_store *store)
{
	const char *index = getenv("GIT_INDEX_FILE");
	struct isms_staged set;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_repo_staged(&set, store->repo, index && *index ? index : NULL)) < 0)
		return error;
	for (size_t i = 0; i < set.count; i++) {
		struct isms_findings f = ISMS_FINDINGS_INIT;
		const struct isms_kind *kind;

		if (store_classify(set.files[i].path, &kind, NULL) == FILE_OUTSIDE)
			continue;
		validate_staged(&f, store, &set, i);
		store_report_add(out, set.files[i].path, &f);
	}
	isms_staged_free(&set);
	return 0;
}

int isms_store_commit_files(char commit[ISMS_OID_HEX], struct isms_report *report,
			    struct isms_store *store, const char *const *paths, size_t count,
			    const char *message, const char *expect_head)
{
	return isms_store_commit_files_pinned(commit, report, store, paths, NULL, count, message,
					      expect_head);
}

/* Whether `file` still has the bytes whose blob id is `expect` ("" for gone). */
static bool still_as_shown(const struct isms_commit_file *file, const char *expect)
{
	char hash[ISMS_OID_HEX] = "";

	if (file->present)
		isms_repo_hash(hash, file->data ? file->data : "", file->len);
	return strcmp(hash, expect) == 0;
}

int isms_store_commit_files_pinned(char commit[ISMS_OID_HEX], struct isms_report *report,
				   struct isms_store *store, const char *const *paths,
				   const char *const *expect_blobs, size_t count,
				   const char *message, const char *expect_head)
{
	struct isms_txn_opts opts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	struct isms_status changes = { 0 };
	struct isms_staged set = { 0 };
	size_t records = 0;
	const struct isms_kind *last_kind = NULL;
	int error = 0;

	commit[0] = '\0';
	memset(report, 0, sizeof(*report));
	if (count == 0 || !message || !*message)
		return isms_error_set(ISMS_EUSAGE, count ? "say why with a commit message"
							 : "name the files to commit");
	opts.parent = expect_head && *expect_head ? expect_head : NULL;
	if ((error = isms_txn_begin(&txn, store, &opts)) < 0 ||
	    (error = isms_repo_status(&changes, store->repo)) < 0 ||
	    (error = stage(&set, store, paths, count)) < 0)
		goto cleanup;
	for (size_t i = 0; expect_blobs && i < count; i++) {
		size_t j = 0;

		while (j < set.count && strcmp(set.files[j].path, paths[i]) != 0)
			j++;
		if (expect_blobs[i] && j < set.count && !still_as_shown(&set.files[j], expect_blobs[i])) {
			error = isms_error_set(ISMS_ECONFLICT, "%s changed since it was shown; "
					       "nothing was committed: look at it again", paths[i]);
			goto cleanup;
		}
	}
	for (size_t i = 0; i < set.count && error == 0; i++) {
		struct isms_findings f = ISMS_FINDINGS_INIT;
		const struct isms_kind *kind;
		char *id = NULL;

		validate_staged(&f, store, &set, i);
		if (!status_code_of(&changes, set.files[i].path))
			error = isms_error_set(ISMS_EINVALID, "%s has no changes to commit",
					       set.files[i].path);
		if (f.count)
			store_report_add(report, set.files[i].path, &f);
		else
			isms_findings_free(&f);
		if (store_classify(set.files[i].path, &kind, &id) == FILE_RECORD) {
			isms_txn_trailer(txn, "Record: %s", id);
			last_kind = kind;
			records++;
		}
		free(id);
	}
	for (size_t i = 0; error == 0 && i < report->count; i++)
		if (isms_findings_errors(&report->files[i].findings))
			error = isms_error_set(ISMS_EINVALID,
				"%s does not validate; nothing was committed", report->files[i].path);
	if (error < 0)
		goto cleanup;
	if (records == 1)
		isms_txn_trailer(txn, "Clause: %s", last_kind->clause);
	isms_txn_message(txn, "%s", message);
	for (size_t i = 0; i < set.count; i++)
		isms_txn_include(txn, &set.files[i]);
	error = isms_txn_commit(commit, txn);
cleanup:
	error = isms_txn_end(txn, error);
	isms_staged_free(&set);
	isms_status_free(&changes);
	return error;
}
