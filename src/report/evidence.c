/* SPDX-License-Identifier: MIT */
/* The evidence index of an audit pack (27001 7.5.3): every record and
 * external file at the commit, with its SHA-256, the commit, its approval
 * tag and signature state, and what verifying the approvals found. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/report.h"
#include "isms/sha256.h"
#include "isms/text.h"
#include "report_private.h"

static const struct isms_report_column record_columns[] = {
	{ "id", "Record", ISMS_COL_TEXT },
	{ "kind", "Kind", ISMS_COL_TEXT },
	{ "path", "File", ISMS_COL_TEXT },
	{ "title", "Title", ISMS_COL_TEXT },
	{ "status", "Status", ISMS_COL_TEXT },
	{ "version", "Version", ISMS_COL_TEXT },
	{ "sha256", "SHA-256", ISMS_COL_TEXT },
	{ "last_commit", "Last changed in", ISMS_COL_TEXT },
	{ "approval_tag", "Approval tag", ISMS_COL_TEXT },
	{ "signature", "Signature", ISMS_COL_TEXT },
	{ "approval", "Approval state", ISMS_COL_TEXT },
};
enum { E_ID, E_KIND, E_PATH, E_TITLE, E_STATUS, E_VERSION, E_SHA, E_COMMIT, E_TAG, E_SIG,
       E_STATE, E_COUNT };

static const struct isms_report_column file_columns[] = {
	{ "path", "File", ISMS_COL_TEXT },
	{ "sha256", "SHA-256", ISMS_COL_TEXT },
	{ "document", "Document record", ISMS_COL_TEXT },
	{ "recorded_sha256", "SHA-256 the record names", ISMS_COL_TEXT },
	{ "matches", "Matches", ISMS_COL_TEXT },
};

struct tally {
	size_t approvals, signed_, unsigned_, bad, changed, drafts;
};

/* The commit that last changed `path`, when the snapshot is HEAD (the
 * history walked is HEAD's); "" otherwise. */
static void last_commit(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *path,
			bool at_head)
{
	struct isms_log log = { 0 };

	out[0] = '\0';
	if (at_head && isms_repo_log(&log, repo, path, 1) == 0 && log.count)
		memcpy(out, log.items[0].id, ISMS_OID_HEX);
	isms_log_free(&log);
}

static void record_row(struct isms_report_section *s, struct tally *t, struct isms_store *store,
		       const struct isms_snapshot *snap, size_t i, bool at_head)
{
	const struct isms_view *v = &snap->records.views[i];
	const char *path = snap->records.paths[i];
	struct isms_repo *repo = isms_store_repo(store);
	struct isms_buf bytes = ISMS_BUF_INIT;
	char sha[ISMS_SHA256_HEX] = "", commit[ISMS_OID_HEX];
	size_t row = isms_report_row(s);

	if (isms_repo_read(&bytes, repo, snap->commit, path) == 0)
		isms_sha256(sha, bytes.ptr ? bytes.ptr : "", bytes.len);
	isms_buf_free(&bytes);
	last_commit(commit, repo, path, at_head);
	isms_cell_set(isms_report_cell(s, row, E_ID), v->id);
	isms_cell_set(isms_report_cell(s, row, E_KIND), v->kind->name);
	isms_cell_set(isms_report_cell(s, row, E_PATH), path);
	isms_cell_set(isms_report_cell(s, row, E_TITLE), v->root ? rpt_text(v->root, "title") :
		      "(cannot be read)");
	isms_cell_set(isms_report_cell(s, row, E_STATUS), v->root ? rpt_text(v->root, "status") : "");
	isms_cell_set(isms_report_cell(s, row, E_VERSION), v->root ? rpt_text(v->root, "version") : "");
	isms_cell_set(isms_report_cell(s, row, E_SHA), sha);
	isms_cell_set(isms_report_cell(s, row, E_COMMIT), commit);
	if (v->kind->controlled && v->root) {
		struct isms_report_approval a;

		if (isms_report_approval(&a, store, snap, v, path) > 0) {
			isms_cell_set(isms_report_cell(s, row, E_TAG), a.tag);
			isms_cell_set(isms_report_cell(s, row, E_SIG), a.signature);
			isms_cell_set(isms_report_cell(s, row, E_STATE), a.changed ?
				      "changed since approved" : "approved, unchanged");
			t->approvals++;
			t->changed += a.changed;
			t->signed_ += strcmp(a.signature, "signed") == 0;
			t->unsigned_ += strcmp(a.signature, "not signed") == 0;
			t->bad += strcmp(a.signature, "signature bad") == 0;
		} else {
			isms_cell_set(isms_report_cell(s, row, E_STATE), "never approved");
			t->drafts++;
		}
	}
}

/* The document record that names `path` as its file, or NULL. */
static const struct isms_view *document_of(const struct isms_snapshot *snap, const char *path)
{
	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		const char *file = v->root ? rpt_text(v->root, "file") : NULL;

		if (strcmp(v->kind->name, "document") == 0 && file && strcmp(file, path) == 0)
			return v;
	}
	return NULL;
}

static void external_files(struct isms_report_doc *r, struct isms_store *store,
			   const struct isms_snapshot *snap, size_t *mismatches)
{
	struct isms_report_section *s = isms_report_section(r, "files", "External files", 2,
		file_columns, sizeof(file_columns) / sizeof(file_columns[0]));
	struct isms_status files = { 0 };

	if (isms_repo_files(&files, isms_store_repo(store), snap->commit) < 0)
		return;
	for (size_t i = 0; i < files.count; i++) {
		const char *path = files.items[i].path;
		struct isms_buf bytes = ISMS_BUF_INIT;
		char sha[ISMS_SHA256_HEX] = "";
		const struct isms_view *doc;
		const char *recorded;
		size_t row;

		if (!isms_str_starts_with(path, ISMS_DOC_FILES "/"))
			continue;
		if (isms_repo_read(&bytes, isms_store_repo(store), snap->commit, path) == 0)
			isms_sha256(sha, bytes.ptr ? bytes.ptr : "", bytes.len);
		isms_buf_free(&bytes);
		doc = document_of(snap, path);
		recorded = doc ? rpt_text(doc->root, "sha256") : NULL;
		row = isms_report_row(s);
		isms_cell_set(isms_report_cell(s, row, 0), path);
		isms_cell_set(isms_report_cell(s, row, 1), sha);
		isms_cell_set(isms_report_cell(s, row, 2), doc ? doc->id : "(no record names it)");
		isms_cell_set(isms_report_cell(s, row, 3), recorded);
		isms_cell_set(isms_report_cell(s, row, 4), recorded && strcmp(recorded, sha) == 0 ?
			      "yes" : "NO");
		*mismatches += !(recorded && strcmp(recorded, sha) == 0);
	}
	isms_status_free(&files);
}

int isms_report_evidence(struct isms_report_doc **out, const struct isms_snapshot *snap,
			 struct isms_store *store)
{
	struct isms_report_doc *r = isms_report_doc_new("records", "Evidence index", snap);
	struct isms_report_section *s, *v;
	struct tally t = { 0 };
	char head[ISMS_OID_HEX] = "";
	size_t mismatches = 0;
	bool at_head;

	isms_repo_head(head, isms_store_repo(store));
	at_head = strcmp(head, snap->commit) == 0;
	v = isms_report_section(r, "verification", "Verification of the approvals", 2, NULL, 0);
	s = isms_report_section(r, "records", "Records", 2, record_columns, E_COUNT);
	r->primary = 1;
	for (size_t i = 0; i < snap->records.count; i++)
		record_row(s, &t, store, snap, i, at_head);
	s->text = isms_asprintf("%zu record files at commit %s. The SHA-256 is of each file's "
				"bytes in that commit.%s", s->row_count, snap->commit, at_head ? "" :
				" (The commit that last changed each file is given for HEAD only.)");
	external_files(r, store, snap, &mismatches);
	v->text = isms_asprintf("%zu controlled documents approved, %zu never approved. Of the "
				"approvals: %zu signed, %zu not signed, %zu with a signature that "
				"does not verify; %zu documents changed since their approval (their "
				"approved text is the tag's). %zu external files do not match the "
				"SHA-256 their record names. Signatures are verified by git "
				"(verify-tag) on this machine.", t.approvals, t.drafts, t.signed_,
				t.unsigned_, t.bad, t.changed, mismatches);
	free(r->meta.approval);
	r->meta.approval = isms_asprintf("%zu approvals: %zu signed, %zu not signed, %zu bad",
					 t.approvals, t.signed_, t.unsigned_, t.bad);
	*out = r;
	return 0;
}
