/* SPDX-License-Identifier: MIT */
/* Retention (27001 7.5.3): years per kind, when a record's retention
 * ends, and disposing of a record whose retention has ended. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "txn.h"

/* "N years" (or "1 year"), N from 1 to 100; -1 when it is not that. */
static int parse_years(const char *s)
{
	char *end;
	long n;

	if (!s || *s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if ((strcmp(end, "years") != 0 && strcmp(end, "year") != 0) || n < 1 || n > 100)
		return -1;
	return (int)n;
}

/* isms.yaml's `retention_years: {kind: N}`: N for `kind`, or -1. */
static int retention_years_of(const struct isms_store *store, const struct isms_kind *kind)
{
	const struct isms_node *map =
		store->config_root ? isms_map_get(store->config_root, "retention_years") : NULL;
	const struct isms_node *n =
		map && map->type == ISMS_NODE_MAP ? isms_map_get(map, kind->name) : NULL;
	int years = n ? isms_scalar_level(n) : 0;

	return years >= 1 && years <= 100 ? years : -1;
}

int isms_store_retention_end(char end[11], const struct isms_store *store,
			     const struct isms_kind *kind, const struct isms_node *root)
{
	const char *status, *on, *own;
	int years;

	end[0] = '\0';
	if (!root || root->type != ISMS_NODE_MAP || !(status = isms_map_get_text(root, "status")) ||
	    strcmp(status, "retired") != 0)
		return isms_error_set(ISMS_ENOTFOUND, "it is not retired ('isms retire' first)");
	if (!(on = isms_map_get_text(root, "retired_on")) || !isms_date_valid(on))
		return isms_error_set(ISMS_EINVALID, "it has no valid retired_on date");
	if ((own = isms_map_get_text(root, "retention"))) {
		if ((years = parse_years(own)) < 0)
			return isms_error_set(ISMS_EINVALID,
				"its retention '%s' is not a number of years (for example 6 years)", own);
	} else if ((years = retention_years_of(store, kind)) < 0) {
		return isms_error_set(ISMS_ENOTFOUND,
			"it has no retention period: set its retention (for example 6 years) or "
			"retention_years for %s in %s", kind->name, ISMS_CONFIG_FILE);
	}
	isms_date_add_months(end, on, (unsigned)years * 12);
	return 0;
}

int isms_store_dispose(char commit[ISMS_OID_HEX], struct isms_store *store,
		       struct isms_record *rec, const char *reason)
{
	struct isms_txn *txn = NULL;
	struct isms_buf head = ISMS_BUF_INIT, doc_head = ISMS_BUF_INIT;
	const char *file = store_doc_file_of(rec), *title = isms_map_get_text(rec->root, "title");
	char end[11], today[11], *doc = NULL;
	bool with_doc = false;
	int error;

	commit[0] = '\0';
	if (!reason || !*reason) {
		error = isms_error_set(ISMS_EINVALID, "say why %s is disposed of (-m REASON)", rec->id);
		goto cleanup;
	}
	if ((error = isms_store_retention_end(end, store, rec->kind, rec->root)) < 0) {
		isms_error_prefix("%s cannot be disposed of", rec->id);
		goto cleanup;
	}
	isms_date_today(today);
	if (strcmp(end, today) > 0) {
		error = isms_error_set(ISMS_EINVALID,
			"%s must be kept until %s (retired on %s); it cannot be disposed of before",
			rec->id, end, isms_map_get_text(rec->root, "retired_on"));
		goto cleanup;
	}
	if (file && !isms_store_doc_path_ok(file)) {
		error = isms_error_set(ISMS_EUNSAFE,
			"%s: its file '%s' is not in %s/; remove it by hand", rec->id, file, ISMS_DOC_FILES);
		goto cleanup;
	}
	if ((error = isms_txn_begin(&txn, store, NULL)) < 0 ||
	    (error = store_committed_as_is(&head, store, rec->path, ISMS_YAML_MAX_BYTES)) < 0)
		goto cleanup;
	if (file) {
		struct stat st;

		doc = store_full_path(store, file);
		if (lstat(doc, &st) == 0 && !S_ISREG(st.st_mode)) {
			error = isms_error_set(ISMS_EUNSAFE, "%s is not a regular file; remove it by hand", file);
			goto cleanup;
		}
		error = store_committed_as_is(&doc_head, store, file, ISMS_DOC_MAX_BYTES);
		if (error == ISMS_ENOTFOUND && !isms_fs_exists(doc))
			error = 0;  /* neither committed nor there: nothing to remove */
		else if (error < 0)
			goto cleanup;
		else
			with_doc = true;
	}
	if ((error = isms_txn_remove(txn, rec->path, rec->base)) < 0 ||
	    (with_doc && (error = isms_txn_remove(txn, file, NULL)) < 0))
		goto cleanup;
	isms_txn_message(txn, "%s: dispose %s\n\n%s", rec->id, title ? title : rec->kind->title,
			 reason);
	isms_txn_record(txn, rec->id, rec->kind);
	isms_txn_trailer(txn, "Disposed: yes");
	error = isms_txn_commit(commit, txn);
cleanup:
	error = isms_txn_end(txn, error);
	isms_buf_free(&head);
	isms_buf_free(&doc_head);
	free(doc);
	return error;
}
