/* SPDX-License-Identifier: MIT */
/* External documents (27001 7.5): files under documents/files/ that a
 * document record describes; adding them, new versions of them, and the
 * check that a file matches its record. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/rules.h"
#include "isms/sha256.h"
#include "isms/store.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "txn.h"

/* A file name for documents/files/: one plain name, nothing hidden, no
 * path separators or control characters. */
static bool doc_name_ok(const char *name)
{
	size_t bad, len = strlen(name);

	if (len == 0 || len > 200 || name[0] == '.' || strpbrk(name, "/\\") ||
	    isms_text_check(name, len, &bad) != ISMS_TEXT_OK)
		return false;
	for (const char *c = name; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

bool isms_store_doc_path_ok(const char *file)
{
	size_t n = strlen(ISMS_DOC_FILES);

	return strncmp(file, ISMS_DOC_FILES, n) == 0 && file[n] == '/' && doc_name_ok(file + n + 1);
}

int isms_store_doc_file_path(char **out, struct isms_store *store, const char *file)
{
	struct stat st;

	*out = NULL;
	if (!file || !isms_store_doc_path_ok(file))
		return isms_error_set(ISMS_EUNSAFE, "its file '%s' is not a file in %s/; it is not "
				      "opened", file ? file : "", ISMS_DOC_FILES);
	*out = store_full_path(store, file);
	if (lstat(*out, &st) < 0 || !S_ISREG(st.st_mode)) {
		/* errno only says why when lstat itself failed. */
		bool missing = lstat(*out, &st) < 0 && errno == ENOENT;
		int error = missing ? isms_error_set(ISMS_ENOTFOUND, "its file is missing: %s", *out)
			    : isms_error_set(ISMS_EUNSAFE, "%s is not a regular file; it is not opened", *out);

		free(*out);
		*out = NULL;
		return error;
	}
	return 0;
}

/* A document's own file (its `file`), or NULL. */
const char *store_doc_file_of(const struct isms_record *rec)
{
	const char *file = strcmp(rec->kind->name, "document") == 0 ?
		isms_map_get_text(rec->root, "file") : NULL;

	return file && *file ? file : NULL;
}

/* Fail unless `rel` on disk is what HEAD holds; `head` receives those bytes. */
int store_committed_as_is(struct isms_buf *head, struct isms_store *store, const char *rel,
			  size_t limit)
{
	struct isms_buf now = ISMS_BUF_INIT;
	char *full = store_full_path(store, rel);
	int error = isms_repo_read(head, store->repo, "HEAD", rel);

	if (error == 0 && (error = isms_fs_read(&now, full, limit)) == 0 &&
	    (now.len != head->len || memcmp(now.ptr, head->ptr, now.len) != 0))
		error = isms_error_set(ISMS_ECONFLICT,
			"%s has changes that are not committed; commit or restore them first", rel);
	isms_buf_free(&now);
	free(full);
	return error;
}

/* Read a regular file (never through a symbolic link) of at most `limit`
 * bytes. */
int store_read_plain_file(struct isms_buf *out, const char *path, size_t limit)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK), error = 0;

	if (fd < 0)
		return isms_error_set(errno == ENOENT ? ISMS_ENOTFOUND : errno == ELOOP ? ISMS_EUNSAFE
										: ISMS_EIO,
			"%s: %s", path, errno == ELOOP ? "a symbolic link is refused; give the file itself"
						       : strerror(errno));
	if (fstat(fd, &st) < 0)
		error = isms_error_set(ISMS_EIO, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		error = isms_error_set(ISMS_EUNSAFE, "%s is not a regular file", path);
	else if ((unsigned long long)st.st_size > limit)
		error = isms_error_set(ISMS_ELIMIT, "%s is %lld bytes; documents may be at most %zu MiB",
				       path, (long long)st.st_size, limit >> 20);
	while (error == 0 && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			error = isms_error_set(ISMS_EIO, "%s: %s", path, strerror(errno));
		else if (out->len + (size_t)n > limit)
			error = isms_error_set(ISMS_ELIMIT, "%s grew beyond %zu MiB while it was read",
					       path, limit >> 20);
		else
			isms_buf_put(out, chunk, (size_t)n);
	}
	close(fd);
	return error;
}

/* Fill the new record `rec` of the document file `rel` (named `name`,
 * with sha256 `sha`): its title (`name` unless `o` gives one), version
 * 0.1, and the owner and classification `o` gives. Returns the title. */
static const char *describe_new_document(struct isms_record *rec, const struct isms_doc_opts *o,
					 const char *name, const char *rel, const char *sha)
{
	const char *title = o->title && *o->title ? o->title : name;

	isms_map_set(rec->root, "title", isms_node_str(title));
	isms_map_set(rec->root, "version", isms_node_str("0.1"));
	if (o->owner && *o->owner)
		isms_map_set(rec->root, "owner", isms_node_str(o->owner));
	if (o->classification && *o->classification)
		isms_map_set(rec->root, "classification", isms_node_str(o->classification));
	isms_map_set(rec->root, "file", isms_node_str(rel));
	isms_map_set(rec->root, "sha256", isms_node_str(sha));
	return title;
}

int isms_store_doc_add(char commit[ISMS_OID_HEX], struct isms_record **out,
		       struct isms_store *store, const char *file, const struct isms_doc_opts *o)
{
	static const struct isms_doc_opts none = { .title = NULL, .owner = NULL,
						   .classification = NULL, .author = NULL };
	const struct isms_kind *kind = isms_kind_find("document");
	struct isms_txn_opts topts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_buf data = ISMS_BUF_INIT, text = ISMS_BUF_INIT;
	struct isms_record *rec = NULL;
	const char *name = strrchr(file, '/'), *title;
	char *rel = NULL, *dest = NULL, sha[ISMS_SHA256_HEX];
	struct stat st;
	int error;

	commit[0] = '\0';
	*out = NULL;
	if (!o)
		o = &none;
	name = name ? name + 1 : file;
	if (!doc_name_ok(name)) {
		error = isms_error_set(ISMS_EUNSAFE,
			"'%s': a document's file needs a plain name (no path separators, control "
			"characters or leading dot)", *name ? name : file);
		goto cleanup;
	}
	if ((error = store_read_plain_file(&data, file, ISMS_DOC_MAX_BYTES)) < 0)
		goto cleanup;
	isms_sha256(sha, data.ptr ? data.ptr : "", data.len);
	rel = isms_asprintf("%s/%s", ISMS_DOC_FILES, name);
	topts.author = o->author;
	if ((error = isms_txn_begin(&txn, store, &topts)) < 0 ||
	    (error = store_kind_folder(store, kind, true)) < 0)
		goto cleanup;
	dest = store_full_path(store, rel);
	if (lstat(dest, &st) == 0) {
		error = isms_error_set(ISMS_EEXISTS, "%s already exists; give the file another name", rel);
		goto cleanup;
	}
	if ((error = isms_store_create(&rec, store, kind, NULL)) < 0)
		goto cleanup;
	title = describe_new_document(rec, o, name, rel, sha);
	if ((error = store_emit_record(&text, rec, false)) < 0)
		goto cleanup;
	isms_record_validate(&findings, rec->root, kind, rec->id);
	if (isms_findings_errors(&findings)) {
		for (size_t i = 0; i < findings.count; i++)
			if (findings.items[i].severity == ISMS_SEV_ERROR) {
				error = isms_error_set(ISMS_EINVALID, "%s: %s; nothing was written",
						       rec->path, findings.items[i].message);
				break;
			}
		goto cleanup;
	}
	if ((error = isms_txn_write(txn, rel, data.ptr, data.len, "")) < 0 ||
	    (error = isms_txn_write(txn, rec->path, text.ptr, text.len, "")) < 0)
		goto cleanup;
	isms_txn_message(txn, "%s: add document %s (%s)", rec->id, title, name);
	isms_txn_record(txn, rec->id, kind);
	if ((error = isms_txn_commit(commit, txn)) == 0 || commit[0]) {
		isms_repo_hash(rec->base, text.ptr, text.len);
		*out = rec;
		rec = NULL;
	}
cleanup:
	error = isms_txn_end(txn, error);
	isms_findings_free(&findings);
	isms_record_free(rec);
	isms_buf_free(&data);
	isms_buf_free(&text);
	free(rel);
	free(dest);
	return error;
}

/* A document's own file: missing, or changed without a new version. */
/* A document's `file` field when it names a file in documents/files/; a
 * finding when it names anything else, NULL when there is none. */
const struct isms_node *store_doc_file_field(struct isms_findings *f, const struct isms_node *root)
{
	const struct isms_node *file;

	if (root->type != ISMS_NODE_MAP || !(file = isms_map_get(root, "file")) ||
	    file->type != ISMS_NODE_SCALAR || !file->text[0])
		return NULL;
	if (!isms_store_doc_path_ok(file->text)) {
		isms_findings_add(f, ISMS_SEV_ERROR, file->line, file->column,
			"file '%s' must be a file in %s/ ('isms doc add' puts it there)", file->text,
			ISMS_DOC_FILES);
		return NULL;
	}
	return file;
}

void store_check_document_file(struct isms_findings *f, struct isms_store *store,
			       const struct isms_view *v)
{
	const struct isms_node *file, *sum;
	struct isms_sha256 ctx;
	char hex[ISMS_SHA256_HEX], chunk[65536], *full;
	struct stat st;
	ssize_t n;
	int fd;

	if (!v->root || strcmp(v->kind->name, "document") != 0 || !(file = store_doc_file_field(f, v->root)))
		return;
	sum = isms_map_get(v->root, "sha256");
	full = store_full_path(store, file->text);
	if (lstat(full, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, file->line, file->column,
			"its file %s is %s", file->text,
			lstat(full, &st) < 0 ? "missing" : "not a regular file");
		free(full);
		return;
	}
	free(full);
	isms_sha256_init(&ctx);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		isms_sha256_update(&ctx, chunk, (size_t)n);
	}
	close(fd);
	isms_sha256_hex(hex, &ctx);
	if (!sum || sum->type != ISMS_NODE_SCALAR || !sum->text[0])
		isms_findings_add(f, ISMS_SEV_WARNING, file->line, file->column,
			"no sha256 for its file %s, so changes to it cannot be detected (its sha256 is %s)",
			file->text, hex);
	else if (strcasecmp(sum->text, hex) != 0)
		isms_findings_add(f, ISMS_SEV_ERROR, sum->line, sum->column,
			"its file %s no longer matches its sha256: it was changed without a new "
			"version; restore it, or register it as one with 'isms doc update %s %s'",
			file->text, v->id, file->text);
}

/* The version a new file of `rec` gets (MINOR + 1, or 0.1 when it has
 * none), and whether `rec` is approved now. ISMS_EINVALID when it is
 * retired or superseded, or its version is not MAJOR.MINOR. */
static int next_doc_version(char version[ISMS_VERSION_MAX], bool *approved,
			    const struct isms_record *rec)
{
	const char *status = isms_map_get_text(rec->root, "status");
	const char *v;
	unsigned long major = 0, minor = 0;

	if (status && (strcmp(status, "retired") == 0 || strcmp(status, "superseded") == 0))
		return isms_error_set(ISMS_EINVALID, "%s is %s; it takes no new version", rec->id,
				      status);
	*approved = status && strcmp(status, "approved") == 0;
	v = isms_map_get_text(rec->root, "version");
	if (v && !store_parse_version(v, &major, &minor))
		return isms_error_set(ISMS_EINVALID, "%s: its version '%s' is not MAJOR.MINOR",
				      rec->path, v);
	snprintf(version, ISMS_VERSION_MAX, "%lu.%lu", major, v ? minor + 1 : 1);
	return 0;
}

/* ISMS_ECONFLICT when the file `rel` of `rec` (at `dest`) has changes that
 * are not committed and `data`, the new version read from `file`, would
 * overwrite them: changes made in place are what `file` may register,
 * never what it overwrites. `old` receives the file as it is. */
static int check_doc_overwrite(struct isms_buf *old, struct isms_store *store,
			       const struct isms_record *rec, const char *rel, const char *dest,
			       const char *file, const struct isms_buf *data)
{
	struct isms_buf committed = ISMS_BUF_INIT;
	struct stat st;
	int error;

	if (lstat(dest, &st) != 0)
		return 0;
	if ((error = store_read_plain_file(old, dest, ISMS_DOC_MAX_BYTES)) < 0)
		return error;
	if (isms_repo_read(&committed, store->repo, "HEAD", rel) == 0 &&
	    (committed.len != old->len || memcmp(committed.ptr, old->ptr, old->len) != 0) &&
	    (old->len != data->len || memcmp(old->ptr, data->ptr, data->len) != 0))
		error = isms_error_set(ISMS_ECONFLICT,
			"%s has changes that are not committed, which %s would overwrite; "
			"register it as it is ('isms doc update %s %s') or restore it first",
			rel, file, rec->id, rel);
	isms_buf_free(&committed);
	return error;
}

/* `rec`'s tree for its file's new version `version` with sha256 `sha`;
 * when it was approved it becomes a draft again, as editing does: the
 * approved version stays at its tag. The caller frees. */
static struct isms_node *new_version_root(const struct isms_record *rec, const char *sha,
					  const char *version, bool approved)
{
	struct isms_node *now = isms_node_clone(rec->root);

	isms_map_set(now, "sha256", isms_node_str(sha));
	isms_map_set(now, "version", isms_node_str(version));
	if (approved) {
		isms_map_set(now, "status", isms_node_str("draft"));
		isms_map_remove(now, "approved_by");
		isms_map_remove(now, "approved_on");
	}
	return now;
}

/* The text of `rec` as it would be with the tree `root`. */
static int emit_with_root(struct isms_buf *out, struct isms_record *rec, struct isms_node *root)
{
	struct isms_node *keep = rec->root;
	int error;

	rec->root = root;
	error = store_emit_record(out, rec, false);
	rec->root = keep;
	return error;
}

int isms_store_doc_update(char commit[ISMS_OID_HEX], struct isms_store *store,
			  struct isms_record *rec, const char *file, const char *message)
{
	struct isms_txn *txn = NULL;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_buf data = ISMS_BUF_INIT, head = ISMS_BUF_INIT, old = ISMS_BUF_INIT;
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *now = NULL;
	const char *rel = store_doc_file_of(rec), *sum, *title;
	char sha[ISMS_SHA256_HEX], version[ISMS_VERSION_MAX], *dest = NULL;
	bool approved = false;
	int error;

	commit[0] = '\0';
	if (!rel || !isms_store_doc_path_ok(rel)) {
		error = isms_error_set(ISMS_EINVALID, "%s has no file of its own in %s/; "
				       "'isms doc add FILE' registers one", rec->id, ISMS_DOC_FILES);
		goto cleanup;
	}
	if ((error = next_doc_version(version, &approved, rec)) < 0 ||
	    (error = store_read_plain_file(&data, file, ISMS_DOC_MAX_BYTES)) < 0)
		goto cleanup;
	isms_sha256(sha, data.ptr ? data.ptr : "", data.len);
	sum = isms_map_get_text(rec->root, "sha256");
	if (sum && strcasecmp(sum, sha) == 0) {
		error = isms_error_set(ISMS_EINVALID,
			"%s is the version %s already records (sha256 %.12s...); nothing to register",
			file, rec->id, sha);
		goto cleanup;
	}
	dest = store_full_path(store, rel);
	if ((error = isms_txn_begin(&txn, store, NULL)) < 0 ||
	    (error = store_committed_as_is(&head, store, rec->path, ISMS_YAML_MAX_BYTES)) < 0 ||
	    (error = check_doc_overwrite(&old, store, rec, rel, dest, file, &data)) < 0)
		goto cleanup;
	now = new_version_root(rec, sha, version, approved);
	isms_record_validate(&findings, now, rec->kind, rec->id);
	if (isms_findings_errors(&findings)) {
		const struct isms_finding *f = &findings.items[0];

		error = isms_error_set(ISMS_EINVALID, "%s: %s; nothing was written", rec->path, f->message);
		goto cleanup;
	}
	if ((error = emit_with_root(&text, rec, now)) < 0 ||
	    (error = isms_txn_write(txn, rec->path, text.ptr, text.len, rec->base)) < 0 ||
	    (error = isms_txn_write(txn, rel, data.ptr, data.len, NULL)) < 0)
		goto cleanup;
	title = isms_map_get_text(now, "title");
	if (message && *message)
		isms_txn_message(txn, "%s", message);
	else
		isms_txn_message(txn, "%s: new version %s of %s (%s)", rec->id, version,
				 title ? title : rec->kind->title, rel + strlen(ISMS_DOC_FILES) + 1);
	isms_txn_record(txn, rec->id, rec->kind);
	isms_txn_trailer(txn, "Version: %s", version);
	if (approved)
		isms_txn_trailer(txn, "Status: draft");
	if ((error = isms_txn_commit(commit, txn)) == 0 || commit[0]) {
		isms_repo_hash(rec->base, text.ptr, text.len);
		isms_node_free(rec->root);
		rec->root = now;
		now = NULL;
	}
cleanup:
	error = isms_txn_end(txn, error);
	isms_findings_free(&findings);
	isms_node_free(now);
	isms_buf_free(&data);
	isms_buf_free(&head);
	isms_buf_free(&old);
	isms_buf_free(&text);
	free(dest);
	return error;
}
