/* SPDX-License-Identifier: MIT */
/* The records as committed at a revision (a commit, a tag, or the last
 * commit of a day), read from that commit's tree, never from the working
 * tree: what reports are made from. */
#include "config.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "store_private.h"

/* The commit `rev` names: HEAD when NULL; for YYYY-MM-DD the newest commit
 * of HEAD's history made on or before that day (its own time zone);
 * otherwise what git rev-parse takes. */
static int snapshot_commit(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *rev)
{
	struct isms_log log = { 0 };
	int error;

	if (!rev || !*rev)
		return isms_repo_head(out, repo);
	if (strlen(rev) != 10 || !isms_date_valid(rev))
		return isms_repo_resolve(out, repo, rev);
	if ((error = isms_repo_log(&log, repo, NULL, 0)) < 0)
		return error;
	error = isms_error_set(ISMS_ENOTFOUND, "no commit on or before %s", rev);
	for (size_t i = 0; i < log.count; i++) {
		char date[32];

		isms_date_format(date, log.items[i].time, log.items[i].offset);
		if (strncmp(date, rev, 10) <= 0) {
			memcpy(out, log.items[i].id, ISMS_OID_HEX);
			error = 0;
			break;
		}
	}
	isms_log_free(&log);
	return error;
}

static int compare_entries(const void *a, const void *b)
{
	return isms_id_compare(*(char *const *)a, *(char *const *)b);
}

/* One record blob: parsed and validated, or NULL with the reason. */
/* Drop the fields of `root` not in `keep` (NULL-terminated). */
static void prune(struct isms_node *root, const char *const *keep)
{
	size_t to = 0;

	if (root->type != ISMS_NODE_MAP)
		return;
	for (size_t i = 0; i < root->count; i++) {
		bool kept = false;

		for (size_t k = 0; keep[k] && !kept; k++)
			kept = strcmp(root->pairs[i].key, keep[k]) == 0;
		if (kept) {
			root->pairs[to++] = root->pairs[i];
		} else {
			free(root->pairs[i].key);
			isms_node_free(root->pairs[i].value);
		}
	}
	root->count = to;
	if (to < root->cap) {  /* give back what the dropped fields held */
		root->pairs = isms_realloc(root->pairs, (to ? to : 1) * sizeof(*root->pairs));
		root->cap = to ? to : 1;
	}
}

static void snapshot_record(struct isms_records *out, git_repository *git, const git_oid *oid,
			    const struct isms_kind *kind, const char *name, const char *label,
			    const char *const *keep)
{
	size_t i = store_records_slot(out, kind, name);
	git_blob *blob = NULL;
	struct isms_findings *f = &out->findings[i];
	struct isms_node *root = NULL;
	const char *rel = out->paths[i];

	if (isms_id_check(out->views[i].id) < 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, 1, 1, "the file name is not a valid record ID: %s",
				  isms_error_last()->message);
	} else if (git_blob_lookup(&blob, git, oid) < 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, 0, 0, "%s cannot be read at %s", rel, label);
	} else {
		char *where = isms_asprintf("%s at %s", rel, label);

		if (isms_yaml_load(&root, NULL, git_blob_rawcontent(blob),
				   (size_t)git_blob_rawsize(blob), where, NULL) < 0) {
			const struct isms_error *e = isms_error_last();

			isms_findings_add(f, ISMS_SEV_ERROR, e->line, e->column, "%s", e->message);
		} else {
			isms_record_validate(f, root, kind, out->views[i].id);
			if (keep)
				prune(root, keep);
			out->views[i].root = root;
		}
		free(where);
	}
	git_blob_free(blob);
}

/* The record files of `kind` in `tree`, by ID. */
static void snapshot_kind(struct isms_records *out, git_repository *git, git_tree *tree,
			  const struct isms_kind *kind, const char *label, const char *const *keep)
{
	const git_tree_entry *dir = git_tree_entry_byname(tree, kind->folder);
	git_tree *sub = NULL;
	char **names = NULL;
	git_oid *oids;
	size_t n = 0, cap = 0;

	if (!dir || git_tree_entry_type(dir) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&sub, git, git_tree_entry_id(dir)) < 0)
		return;
	for (size_t i = 0; i < git_tree_entrycount(sub); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(sub, i);
		const char *name = git_tree_entry_name(e);

		if (name[0] == '.' || !isms_str_ends_with(name, ".yaml") ||
		    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
		    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
			continue;
		names = isms_grow(names, &cap, n + 1, sizeof(*names));
		names[n++] = isms_strdup(name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_entries);
	oids = isms_calloc(n ? n : 1, sizeof(*oids));
	for (size_t i = 0; i < n; i++)
		git_oid_cpy(&oids[i], git_tree_entry_id(git_tree_entry_byname(sub, names[i])));
	for (size_t i = 0; i < n; i++) {
		snapshot_record(out, git, &oids[i], kind, names[i], label, keep);
		free(names[i]);
	}
	free(oids);
	free(names);
	git_tree_free(sub);
}

/* isms.yaml at the commit: the risk method and the settings reports name. */
static void snapshot_config(struct isms_snapshot *out, git_repository *git, git_tree *tree,
			    const char *label)
{
	const git_tree_entry *e = git_tree_entry_byname(tree, ISMS_CONFIG_FILE);
	git_blob *blob = NULL;
	char *where = isms_asprintf("%s at %s", ISMS_CONFIG_FILE, label);

	if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    git_blob_lookup(&blob, git, git_tree_entry_id(e)) == 0 &&
	    isms_yaml_load(&out->config, NULL, git_blob_rawcontent(blob),
			   (size_t)git_blob_rawsize(blob), where, NULL) == 0 &&
	    out->config->type == ISMS_NODE_MAP) {
		isms_method_read(&out->method, isms_map_get(out->config, "risk_method"),
				 &out->config_findings);
		out->organisation = isms_map_get_text(out->config, "organisation");
		out->isms_type = isms_map_get_text(out->config, "isms_type");
	} else {
		isms_findings_add(&out->config_findings, ISMS_SEV_ERROR, 0, 0,
				  "%s cannot be read; the default risk method is used", where);
		isms_method_default(&out->method);
	}
	if (!out->organisation)
		out->organisation = "";
	if (!out->isms_type)
		out->isms_type = "whole-entity";
	git_blob_free(blob);
	free(where);
}

/* Whether `name` is in the NULL-terminated `list`. */
static bool listed(const char *const *list, const char *name)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

int isms_store_snapshot(struct isms_snapshot *out, struct isms_store *store, const char *rev)
{
	return isms_store_snapshot_with(out, store, rev, NULL);
}

int isms_store_snapshot_with(struct isms_snapshot *out, struct isms_store *store, const char *rev,
			     const struct isms_snapshot_opts *opts)
{
	git_repository *git = isms_repo_git(isms_store_repo(store));
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_oid oid;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = snapshot_commit(out->commit, isms_store_repo(store), rev)) < 0)
		return error;
	out->label = isms_strdup(rev && *rev ? rev : "HEAD");
	if (git_oid_fromstr(&oid, out->commit) < 0 ||
	    (error = git_commit_lookup(&commit, git, &oid)) < 0 ||
	    (error = git_commit_tree(&tree, commit)) < 0) {
		error = isms_repo_git_fail(error < 0 ? error : -1, out->label);
		goto cleanup;
	}
	out->time = (long long)git_commit_time(commit);
	out->offset = git_commit_time_offset(commit);
	snapshot_config(out, git, tree, out->label);
	for (size_t k = 0; k < isms_kind_count(); k++) {
		const struct isms_kind *kind = isms_kind_at(k);
		const char *const *keep = NULL;

		if (opts && opts->kinds && !listed(opts->kinds, kind->name))
			continue;
		for (size_t p = 0; opts && opts->prune && opts->prune[p].kind; p++)
			if (strcmp(opts->prune[p].kind, kind->name) == 0)
				keep = opts->prune[p].fields;
		snapshot_kind(&out->records, git, tree, kind, out->label, keep);
	}
cleanup:
	git_tree_free(tree);
	git_commit_free(commit);
	if (error < 0)
		isms_snapshot_free(out);
	return error;
}

void isms_snapshot_free(struct isms_snapshot *snap)
{
	if (!snap)
		return;
	isms_records_free(&snap->records);
	isms_findings_free(&snap->config_findings);
	isms_node_free(snap->config);
	free(snap->label);
	memset(snap, 0, sizeof(*snap));
}

const struct isms_node *isms_snapshot_find(const struct isms_snapshot *snap, const char *id)
{
	for (size_t i = 0; i < snap->records.count; i++)
		if (strcmp(snap->records.views[i].id, id) == 0)
			return snap->records.views[i].root;
	return NULL;
}
