/* SPDX-License-Identifier: MIT */
/* Several records saved in one commit (an import): each validated first,
 * then all written and committed through the one transaction, or none. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "txn.h"

/* The text of `rec` as it would be written, checked as a save checks it. */
static int batch_text(struct isms_buf *text, struct isms_store *store, struct isms_record *rec)
{
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_node *root = NULL;
	char *full = store_full_path(store, rec->path);
	int error;

	if ((error = store_emit_record(text, rec, false)) < 0)
		goto cleanup;
	if ((error = isms_yaml_load(&root, NULL, text->ptr, text->len, full, NULL)) < 0)
		goto cleanup;
	isms_record_validate(&findings, root, rec->kind, rec->id);
	if (isms_findings_errors(&findings)) {
		const struct isms_finding *f = &findings.items[0];

		error = isms_error_set(ISMS_EINVALID, "%s:%u:%u: %s; nothing was written", rec->path,
				       f->line, f->column, f->message);
	}
cleanup:
	isms_findings_free(&findings);
	isms_node_free(root);
	free(full);
	return error;
}

int isms_store_save_all(char commit[ISMS_OID_HEX], struct isms_store *store,
			struct isms_record *const *recs, size_t count,
			const struct isms_save_all_opts *opts)
{
	struct isms_txn_opts topts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	struct isms_buf *texts = isms_calloc(count ? count : 1, sizeof(*texts));
	const struct isms_kind *last = NULL;
	struct isms_txn_item *items = NULL;
	int error = 0;

	commit[0] = '\0';
	if ((error = store_config_usable(store)) < 0)
		goto cleanup;
	for (size_t i = 0; i < count && error == 0; i++)
		error = batch_text(&texts[i], store, recs[i]);
	if (error < 0)
		goto cleanup;
	topts.author = opts->author;
	if ((error = isms_txn_begin(&txn, store, &topts)) < 0)
		goto cleanup;
	items = isms_calloc(count ? count : 1, sizeof(*items));
	for (size_t i = 0; i < count && error == 0; i++) {
		if (recs[i]->kind != last && (error = store_kind_folder(store, recs[i]->kind, true)) < 0)
			break;
		last = recs[i]->kind;
		items[i] = (struct isms_txn_item){ .path = recs[i]->path, .data = texts[i].ptr,
						   .len = texts[i].len, .base = recs[i]->base };
	}
	if (error < 0 || (error = isms_txn_write_batch(txn, items, count)) < 0)
		goto cleanup;
	last = NULL;
	isms_txn_message(txn, "%s", opts->message);
	for (size_t i = 0; i < count; i++)
		if (recs[i]->kind != last) {
			last = recs[i]->kind;
			isms_txn_trailer(txn, "Clause: %s", last->clause);
		}
	for (size_t i = 0; i < opts->trailer_count; i++)
		isms_txn_trailer(txn, "%s", opts->trailers[i]);
	if ((error = isms_txn_commit(commit, txn)) == 0 || commit[0])
		for (size_t i = 0; i < count; i++)
			isms_repo_hash(recs[i]->base, texts[i].ptr, texts[i].len);
cleanup:
	error = isms_txn_end(txn, error);
	for (size_t i = 0; i < count; i++)
		isms_buf_free(&texts[i]);
	free(texts);
	free(items);
	return error;
}
