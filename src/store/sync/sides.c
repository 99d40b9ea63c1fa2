/* SPDX-License-Identifier: MIT */
/* What changed on each side since the two sides parted: the paths that
 * differ between the merge base's tree and a side's tree, which of them are
 * records (and their IDs), who changed a path last on a side, the tree of a
 * commit, and the bookkeeping of what came in from the remote (records and
 * files counted, YAML files that cannot be read noted). */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/kind.h"
#include "isms/yaml.h"
#include "isms/sync.h"
#include "sync_private.h"

static int compare_changes(const void *a, const void *b)
{
	return strcmp(((const struct change *)a)->path, ((const struct change *)b)->path);
}

/* The paths that differ from `base` to `side`, sorted by path. */
int sync_changes_between(struct changes *out, git_repository *git, git_tree *base, git_tree *side)
{
	int error;

	git_diff_options opts = { 0 };

	memset(out, 0, sizeof(*out));
	if ((error = git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION)) < 0)
		return isms_repo_git_fail(error, "comparing the two sides");
	/* A file that became a symbolic link (or back) is one change, not a
	 * deletion and an addition of the same path. */
	opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
	if ((error = git_diff_tree_to_tree(&out->diff, git, base, side, &opts)) < 0)
		return isms_repo_git_fail(error, "comparing the two sides");
	out->count = git_diff_num_deltas(out->diff);
	out->items = isms_calloc(out->count ? out->count : 1, sizeof(*out->items));
	for (size_t i = 0; i < out->count; i++) {
		const git_diff_delta *d = git_diff_get_delta(out->diff, i);
		struct change *c = &out->items[i];

		/* GIT_DELTA_MODIFIED or GIT_DELTA_TYPECHANGE: changed. */
		c->how = d->status == GIT_DELTA_ADDED ? 'A' : d->status == GIT_DELTA_DELETED ? 'D' : 'M';
		c->path = c->how == 'D' ? d->old_file.path : d->new_file.path;
		if (c->how != 'D') {
			git_oid_cpy(&c->id, &d->new_file.id);
			c->mode = d->new_file.mode;
		}
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), compare_changes);
	return 0;
}

void sync_changes_free(struct changes *c)
{
	if (!c)
		return;
	git_diff_free(c->diff);
	free(c->items);
	memset(c, 0, sizeof(*c));
}

const struct change *sync_find_change(const struct changes *c, const char *path)
{
	struct change key = { .path = path };

	return c->count ? bsearch(&key, c->items, c->count, sizeof(*c->items), compare_changes) : NULL;
}

/* The record ID of `path` ("policies/POL-001.yaml" -> "POL-001"), or NULL
 * for a file that is not a record. The caller frees. */
char *sync_record_id(const char *path)
{
	const char *slash = strchr(path, '/'), *name;
	char *folder;
	const struct isms_kind *kind;
	size_t len;

	if (!slash || strchr(slash + 1, '/'))
		return NULL;
	folder = isms_strndup(path, (size_t)(slash - path));
	kind = isms_kind_by_folder(folder);
	free(folder);
	name = slash + 1;
	len = strlen(name);
	if (!kind || len <= 5 || strcmp(name + len - 5, ".yaml") != 0)
		return NULL;
	return isms_strndup(name, len - 5);
}

/* Whether `path` is a record's file. */
bool sync_record_id_is(const char *path)
{
	char *id = sync_record_id(path);

	free(id);
	return id != NULL;
}

/* Who changed `c`'s path last on `side`: the newest commit reachable from
 * that side's tip and not from the base that changed it. */
void sync_describe_change(struct isms_sync_change *out, const struct merge_ctx *ctx,
			  const struct change *c, enum isms_sync_side side)
{
	const git_oid *tip = side == ISMS_SYNC_OURS ? &ctx->ours_commit : &ctx->theirs_commit;
	struct isms_log log;

	out->how = c->how;
	if (isms_repo_walk(&log, ctx->repo, tip, &ctx->base_commit, c->path, 1) == 0 &&
	    log.count) {
		memcpy(out->commit, log.items[0].id, sizeof(out->commit));
		out->author = isms_asprintf("%s <%s>", log.items[0].author, log.items[0].email);
		out->summary = isms_strdup(log.items[0].summary);
	}
	isms_log_free(&log);
}

/* Note every YAML file that came in and cannot be parsed. */
void sync_check_incoming(struct merge_ctx *ctx, const struct change *c)
{
	struct isms_sync_result *out = ctx->out;
	git_blob *blob;
	struct isms_node *root = NULL;
	size_t len = strlen(c->path);
	char *name;

	if (c->how == 'D' || len < 5 || strcmp(c->path + len - 5, ".yaml") != 0 ||
	    git_blob_lookup(&blob, ctx->git, &c->id) < 0)
		return;
	name = isms_asprintf("%s as on %s", c->path, out->tracking);
	if (isms_yaml_load(&root, NULL, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
			   name, NULL) < 0) {
		struct isms_sync_unreadable *u;

		out->unreadable = isms_grow(out->unreadable, &out->unreadable_cap,
					    out->unreadable_count + 1, sizeof(*out->unreadable));
		u = &out->unreadable[out->unreadable_count++];
		u->path = isms_strdup(c->path);
		u->message = isms_strdup(isms_error_last()->message);
	}
	isms_node_free(root);
	free(name);
	git_blob_free(blob);
}

/* Count a file taken from their side in what came in. */
void sync_count_in(struct isms_sync_result *out, const struct change *c)
{
	char *id = sync_record_id(c->path);

	if (!id)
		out->files_in++;
	else if (c->how == 'D')
		out->records_deleted++;
	else
		out->records_in++;
	free(id);
}

/* The tree of `commit`; the caller frees. */
int sync_commit_tree(git_tree **out, git_repository *git, const git_oid *commit)
{
	git_commit *c;
	int error;

	*out = NULL;
	if ((error = git_commit_lookup(&c, git, commit)) < 0)
		return isms_repo_git_fail(error, "reading a commit");
	error = git_commit_tree(out, c);
	git_commit_free(c);
	return error < 0 ? isms_repo_git_fail(error, "reading a commit") : 0;
}
