/* History: walking commits newest first (optionally those that changed one
 * path, as git log -- PATH does, or those since a commit), a commit's
 * summary and full message, and the trailers of a message. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/repo.h"
#include "git.h"

int isms_repo_summary(char **out, struct isms_repo *repo, const char *id)
{
	git_oid oid;
	git_commit *commit;
	int error;

	*out = NULL;
	if ((error = git_oid_fromstr(&oid, id)) < 0 ||
	    (error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
		return git_fail(error, id);
	*out = isms_strdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
	git_commit_free(commit);
	return 0;
}

char **isms_message_trailers(const char *msg, const char *key, size_t *count)
{
	git_message_trailer_array arr = { 0 };
	char **values = NULL;
	size_t cap = 0;

	*count = 0;
	if (!msg || git_message_trailers(&arr, msg) < 0)
		return NULL;
	for (size_t i = 0; i < arr.count; i++)
		if (strcasecmp(arr.trailers[i].key, key) == 0) {
			values = isms_grow(values, &cap, *count + 1, sizeof(*values));
			values[(*count)++] = isms_strdup(arr.trailers[i].value);
		}
	git_message_trailer_array_free(&arr);
	return values;
}

/* The blob id of `path` in `commit`'s tree; zero when absent. */
static void path_id(git_oid *out, const git_commit *commit, const char *path)
{
	git_tree *tree;
	git_tree_entry *entry;

	memset(out, 0, sizeof(*out));
	if (git_commit_tree(&tree, commit) < 0)
		return;
	if (git_tree_entry_bypath(&entry, tree, path) == 0) {
		git_oid_cpy(out, git_tree_entry_id(entry));
		git_tree_entry_free(entry);
	}
	git_tree_free(tree);
}

/* Did `commit` change `path`? Like git log -- path: a merge that kept the
 * path as one of its parents had it did not. */
static bool changes_path(const git_commit *commit, const char *path)
{
	git_oid mine, theirs;
	unsigned parents = git_commit_parentcount(commit);

	path_id(&mine, commit, path);
	if (parents == 0)
		return !git_oid_is_zero(&mine);
	for (unsigned i = 0; i < parents; i++) {
		git_commit *parent;

		if (git_commit_parent(&parent, commit, i) < 0)
			continue;
		path_id(&theirs, parent, path);
		git_commit_free(parent);
		if (git_oid_equal(&mine, &theirs))
			return false;
	}
	return true;
}

int isms_repo_walk(struct isms_log *out, struct isms_repo *repo, const git_oid *from,
		   const git_oid *hide, const char *path, size_t max)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int error;

	memset(out, 0, sizeof(*out));
	/* libgit2 1.5 gives a plain error, not GIT_ENOTFOUND, for an unborn HEAD. */
	if (!from && git_repository_head_unborn(repo->git) == 1)
		return 0;
	if ((error = git_revwalk_new(&walk, repo->git)) < 0)
		return git_fail(error, "history");
	/* Children before parents, then newest first: commits made in the same
	 * second keep their order. */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if ((error = from ? git_revwalk_push(walk, from) : git_revwalk_push_head(walk)) < 0 ||
	    (hide && (error = git_revwalk_hide(walk, hide)) < 0)) {
		git_revwalk_free(walk);
		return git_fail(error, "history");
	}
	while ((max == 0 || out->count < max) && (error = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *commit;
		const git_signature *a;
		struct isms_log_entry *e;

		if ((error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
			break;
		if (path && !changes_path(commit, path)) {
			git_commit_free(commit);
			continue;
		}
		a = git_commit_author(commit);
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		e = &out->items[out->count++];
		git_oid_tostr(e->id, sizeof(e->id), &oid);
		e->author = isms_strdup(a->name);
		e->email = isms_strdup(a->email);
		e->time = (long long)a->when.time;
		e->offset = a->when.offset;
		e->summary = isms_strdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
		git_commit_free(commit);
	}
	git_revwalk_free(walk);
	if (error < 0 && error != GIT_ITEROVER)
		return git_fail(error, "history");
	return 0;
}

int isms_repo_log(struct isms_log *out, struct isms_repo *repo, const char *path, size_t max)
{
	return isms_repo_walk(out, repo, NULL, NULL, path, max);
}

void isms_log_free(struct isms_log *log)
{
	for (size_t i = 0; i < log->count; i++) {
		free(log->items[i].author);
		free(log->items[i].email);
		free(log->items[i].summary);
	}
	free(log->items);
	memset(log, 0, sizeof(*log));
}

int isms_repo_message(char **out, struct isms_repo *repo, const char *id)
{
	git_oid oid;
	git_commit *commit;
	int error;

	*out = NULL;
	if ((error = git_oid_fromstr(&oid, id)) < 0 ||
	    (error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
		return git_fail(error, id);
	*out = isms_strdup(git_commit_message(commit) ? git_commit_message(commit) : "");
	git_commit_free(commit);
	return 0;
}

int isms_repo_log_since(struct isms_log *out, struct isms_repo *repo, const char *since)
{
	git_oid hide;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = git_oid_fromstr(&hide, since)) < 0)
		return git_fail(error, since);
	return isms_repo_walk(out, repo, NULL, &hide, NULL, 0);
}
