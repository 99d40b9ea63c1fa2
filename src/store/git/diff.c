/* SPDX-License-Identifier: MIT */
/* Reading trees and comparing them: the files at a revision, one file's
 * bytes at a revision, a patch between two revisions or a revision and the
 * working tree. The working tree's status is in status.c. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/repo.h"
#include "git.h"

/* Reading trees */

static int resolve_tree(git_tree **out, struct isms_repo *repo, const char *rev)
{
	git_object *obj = NULL;
	int error = git_revparse_single(&obj, repo->git, rev);

	*out = NULL;
	if (error == 0) {
		error = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
		git_object_free(obj);
	}
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || error == GIT_EAMBIGUOUS)
		return isms_error_set(ISMS_ENOTFOUND, "revision '%s' not found", rev);
	return error < 0 ? repo_git_fail(error, rev) : 0;
}

static int add_tree_path(const char *root, const git_tree_entry *entry, void *payload)
{
	struct isms_status *out = payload;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
	out->items[out->count].path = isms_asprintf("%s%s", root, git_tree_entry_name(entry));
	out->items[out->count++].code = ' ';
	return 0;
}

int isms_repo_files(struct isms_status *out, struct isms_repo *repo, const char *rev)
{
	git_tree *tree;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = resolve_tree(&tree, repo, rev)) < 0)
		return error;
	error = git_tree_walk(tree, GIT_TREEWALK_PRE, add_tree_path, out);
	git_tree_free(tree);
	if (error < 0) {
		isms_status_free(out);
		return repo_git_fail(error, rev);
	}
	return 0;
}

int isms_repo_read(struct isms_buf *out, struct isms_repo *repo, const char *rev, const char *path)
{
	git_tree *tree;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int error;

	isms_buf_clear(out);
	if ((error = resolve_tree(&tree, repo, rev)) < 0)
		return error;
	if (git_tree_entry_bypath(&entry, tree, path) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		error = isms_error_set(ISMS_ENOTFOUND, "%s does not exist at %s", path, rev);
		goto cleanup;
	}
	if ((error = git_blob_lookup(&blob, repo->git, git_tree_entry_id(entry))) < 0) {
		error = repo_git_fail(error, path);
		goto cleanup;
	}
	isms_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
cleanup:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return error;
}

static int print_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
		      const git_diff_line *line, void *payload)
{
	(void)delta;
	(void)hunk;
	if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
	    line->origin == GIT_DIFF_LINE_DELETION)
		isms_buf_putc(payload, line->origin);
	isms_buf_put(payload, line->content, line->content_len);
	return 0;
}

int isms_repo_diff(struct isms_buf *out, struct isms_repo *repo, const char *path,
		   const char *from, const char *to)
{
	git_diff_options opts = { 0 };
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	char *spec[1] = { (char *)path };
	int error;

	isms_buf_clear(out);
	if ((error = git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION)) < 0)
		return repo_git_fail(error, "diff");
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_SHOW_UNTRACKED_CONTENT |
		     GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	if (path) {
		opts.pathspec.strings = spec;
		opts.pathspec.count = 1;
	}
	if ((error = resolve_tree(&a, repo, from ? from : "HEAD")) < 0)
		goto cleanup;
	if (to && (error = resolve_tree(&b, repo, to)) < 0)
		goto cleanup;
	error = to ? git_diff_tree_to_tree(&diff, repo->git, a, b, &opts)
		   : git_diff_tree_to_workdir(&diff, repo->git, a, &opts);
	if (error == 0)
		error = git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, out);
	if (error < 0)
		error = repo_git_fail(error, "diff");
cleanup:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return error;
}

int isms_repo_commit_diff(struct isms_buf *out, struct isms_repo *repo, const char *id,
			  const char *path)
{
	git_diff_options opts = { 0 };
	git_commit *commit = NULL, *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	char *spec[1] = { (char *)path };
	git_oid oid;
	int error;

	isms_buf_clear(out);
	if ((error = git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION)) < 0)
		return repo_git_fail(error, "diff");
	opts.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	if (path) {
		opts.pathspec.strings = spec;
		opts.pathspec.count = 1;
	}
	if ((error = git_oid_fromstr(&oid, id)) < 0 ||
	    (error = git_commit_lookup(&commit, repo->git, &oid)) < 0 ||
	    (error = git_commit_tree(&b, commit)) < 0)
		goto cleanup;
	/* A root commit (or one whose parent a shallow clone lacks) adds
	 * everything it has: compare with no tree. */
	if (git_commit_parentcount(commit) > 0 && git_commit_parent(&parent, commit, 0) == 0 &&
	    (error = git_commit_tree(&a, parent)) < 0)
		goto cleanup;
	git_error_clear();
	if ((error = git_diff_tree_to_tree(&diff, repo->git, a, b, &opts)) == 0)
		error = git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, out);
cleanup:
	if (error < 0)
		error = repo_git_fail(error, id);
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(parent);
	git_commit_free(commit);
	return error;
}

int isms_repo_blob_write(char out[ISMS_OID_HEX], struct isms_repo *repo, const void *data,
			 size_t len)
{
	git_oid id;
	int error = git_blob_create_from_buffer(&id, repo->git, data ? data : "", len);

	out[0] = '\0';
	if (error < 0)
		return repo_git_fail(error, "writing a blob");
	git_oid_tostr(out, ISMS_OID_HEX, &id);
	return 0;
}

int isms_repo_blob_read(struct isms_buf *out, struct isms_repo *repo, const char *id)
{
	git_blob *blob = NULL;
	git_oid oid;
	int error;

	isms_buf_clear(out);
	if (git_oid_fromstr(&oid, id) < 0 || git_blob_lookup(&blob, repo->git, &oid) < 0)
		return isms_error_set(ISMS_ENOTFOUND, "no blob %s", id);
	isms_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return error = 0;
}

void isms_staged_free(struct isms_staged *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++) {
		isms_buf_free(&s->data[i]);
		if (s->owned)
			free(s->owned[i]);
	}
	free(s->files);
	free(s->data);
	free(s->owned);
	memset(s, 0, sizeof(*s));
}

/* Add `path` with the blob `id` (or removed, when NULL) to `s`. */
static int staged_add(struct isms_staged *s, git_repository *git, const char *path,
		      const git_oid *id)
{
	size_t n = s->count;
	git_blob *blob = NULL;

	s->files = isms_realloc(s->files, (n + 1) * sizeof(*s->files));
	s->data = isms_realloc(s->data, (n + 1) * sizeof(*s->data));
	s->owned = isms_realloc(s->owned, (n + 1) * sizeof(*s->owned));
	s->data[n] = (struct isms_buf)ISMS_BUF_INIT;
	s->owned[n] = isms_strdup(path);
	s->files[n] = (struct isms_commit_file){ .path = s->owned[n] };
	s->count++;
	if (!id)
		return 0;
	if (git_blob_lookup(&blob, git, id) < 0)
		return repo_git_fail(-1, path);
	isms_buf_put(&s->data[n], git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	s->files[n].data = s->data[n].ptr;
	s->files[n].len = s->data[n].len;
	s->files[n].present = 1;
	git_blob_free(blob);
	return 0;
}

int isms_repo_staged(struct isms_staged *out, struct isms_repo *repo, const char *index_path)
{
	git_index *index = NULL;
	git_tree *head = NULL;
	git_diff *diff = NULL;
	int error;

	char *own = index_path ? NULL : isms_path_join(git_repository_path(repo->git), "index");

	memset(out, 0, sizeof(*out));
	/* Read afresh: git may have changed it since libgit2 last looked. */
	error = git_index_open(&index, index_path ? index_path : own);
	free(own);
	if (error < 0)
		return repo_git_fail(error, index_path ? index_path : "git's index");
	if (resolve_tree(&head, repo, "HEAD") < 0)
		head = NULL;  /* no commit yet: everything staged is new */
	isms_error_clear();
	if ((error = git_diff_tree_to_index(&diff, repo->git, head, index, NULL)) < 0) {
		error = repo_git_fail(error, "the staged changes");
		goto cleanup;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff) && error == 0; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_RENAMED)
			error = staged_add(out, repo->git, d->old_file.path, NULL);
		if (error == 0 && d->status != GIT_DELTA_DELETED)
			error = staged_add(out, repo->git, d->new_file.path, &d->new_file.id);
	}
cleanup:
	if (error < 0)
		isms_staged_free(out);
	git_diff_free(diff);
	git_tree_free(head);
	git_index_free(index);
	return error;
}
