/* SPDX-License-Identifier: MIT */
/* Reviews of a record and a record's history, with the reviews that
 * concern each commit. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/text.h"
#include "store_private.h"
#include "txn.h"

int isms_store_review(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_record *rec, const char *decision, const char *comments,
		      const char *seen)
{
	return isms_store_review_as(commit, store, rec, decision, comments, seen, NULL);
}

int isms_store_review_as(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *rec, const char *decision, const char *comments,
			 const char *seen, const struct isms_ident *who)
{
	struct isms_txn_opts opts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	struct isms_buf head = ISMS_BUF_INIT;
	const char *version = isms_map_get_text(rec->root, "version");
	char *name = NULL, *email = NULL, hash[ISMS_OID_HEX];
	size_t bad;
	int error;

	commit[0] = '\0';
	if ((error = store_reviewable(store, rec, false)) < 0)
		return error;
	if (!decision || (strcmp(decision, "approve") != 0 && strcmp(decision, "changes-requested") != 0))
		return isms_error_set(ISMS_EUSAGE, "the decision must be approve or changes-requested");
	if (!comments || !*comments)
		return isms_error_set(ISMS_EINVALID, "a review of %s needs comments (-m COMMENTS)", rec->id);
	if (isms_text_check(comments, strlen(comments), &bad) != ISMS_TEXT_OK)
		return isms_error_set(ISMS_EINVALID, "the comments are not valid UTF-8 text");
	/* A review changes no file: a commit of its own. */
	opts.author = who;
	opts.allow_empty = true;
	if ((error = isms_txn_begin(&txn, store, &opts)) < 0)
		goto cleanup;
	/* What is reviewed is what is committed. */
	if ((error = store_require_committed(&head, hash, store, rec, seen, REVIEW_WHY)) < 0 ||
	    (error = store_acting_identity(&name, &email, store, who)) < 0)
		goto cleanup;
	isms_txn_message(txn, "%s" ISMS_REPO_REVIEW_MARK "%s%s (%s)\n\n%s", rec->id,
			 version ? " v" : "", version ? version : "", decision, comments);
	isms_txn_record(txn, rec->id, rec->kind);
	isms_txn_trailer(txn, "Review: %s", decision);
	isms_txn_trailer(txn, "Reviewed-by: %s <%s>", name, email);
	isms_txn_trailer(txn, "Reviewed-blob: %s", hash);
	error = isms_txn_commit(commit, txn);
cleanup:
	error = isms_txn_end(txn, error);
	isms_buf_free(&head);
	free(name);
	free(email);
	return error;
}

/* Whether commit `commit` is a review of `id`: its final trailer block
 * names the record and a decision (its summary is anyone's words). */
static bool review_of(struct isms_store *store, const char *commit, const char *id)
{
	char *msg = NULL, *record = NULL, *decision = NULL;
	bool ok;

	if (isms_repo_message(&msg, store->repo, commit) == 0) {
		record = isms_trailer_value(msg, "Record");
		decision = isms_trailer_value(msg, "Review");
	}
	isms_error_clear();
	ok = record && decision && strcmp(record, id) == 0;
	free(msg);
	free(record);
	free(decision);
	return ok;
}

/* The commits of `path` (the record's file) and the reviews of `id`, in
 * the walk's order: the commits that changed the file, and those whose
 * summary is "ID: review…" and whose trailers name the record and a
 * decision. The Git layer gives the commits that changed the file and those
 * whose summary has a review's form, from its history index. */
int isms_store_history(struct isms_log *out, struct isms_store *store, const char *id,
		       const char *path)
{
	struct isms_log all = { 0 };
	bool *changed = NULL;
	char *prefix = isms_asprintf("%s" ISMS_REPO_REVIEW_MARK, id);
	size_t n = strlen(prefix);
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_repo_log_reviews(&all, &changed, store->repo, path)) < 0)
		goto cleanup;
	memcpy(out->shallow, all.shallow, sizeof(out->shallow));
	for (size_t i = 0; i < all.count; i++) {
		struct isms_log_entry *e = &all.items[i];
		bool review = strncmp(e->summary, prefix, n) == 0 &&
			      (e->summary[n] == ' ' || e->summary[n] == '\0');

		if (!changed[i] && !(review && review_of(store, e->id, id)))
			continue;
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count++] = *e;
		e->author = e->email = e->summary = NULL;  /* moved */
	}
cleanup:
	isms_log_free(&all);
	free(changed);
	free(prefix);
	return error;
}
