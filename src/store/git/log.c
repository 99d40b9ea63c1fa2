/* SPDX-License-Identifier: MIT */
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
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/repo.h"
#include "git.h"

/* Commit `id`'s summary line, or its whole message. */
static int commit_text(char **out, struct isms_repo *repo, const char *id, bool summary)
{
	git_oid oid;
	git_commit *commit;
	const char *text;
	int error;

	*out = NULL;
	if ((error = git_oid_fromstr(&oid, id)) < 0 ||
	    (error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
		return repo_git_fail(error, id);
	text = summary ? git_commit_summary(commit) : git_commit_message(commit);
	*out = isms_strdup(text ? text : "");
	git_commit_free(commit);
	return 0;
}

int isms_repo_summary(char **out, struct isms_repo *repo, const char *id)
{
	return commit_text(out, repo, id, true);
}

char **isms_repo_message_trailers(const char *msg, const char *key, size_t *count)
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
 * path as one of its parents had it did not. A commit whose parents a
 * shallow clone does not have (`grafted`) counts as a root, as git has it. */
static bool changes_path(const git_commit *commit, const char *path, bool grafted)
{
	git_oid mine, theirs;
	unsigned parents = grafted ? 0 : git_commit_parentcount(commit);

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

static int oid_compare(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

void repo_oids_add(struct repo_oids *set, const git_oid *id)
{
	set->ids = isms_grow(set->ids, &set->cap, set->count + 1, sizeof(*set->ids));
	git_oid_cpy(&set->ids[set->count++], id);
}

void repo_oids_sort(struct repo_oids *set)
{
	if (set->count > 1)
		qsort(set->ids, set->count, sizeof(*set->ids), oid_compare);
}

bool repo_oids_has(const struct repo_oids *set, const git_oid *id)
{
	return set->count && bsearch(id, set->ids, set->count, sizeof(*set->ids), oid_compare);
}

void repo_oids_free(struct repo_oids *set)
{
	free(set->ids);
	memset(set, 0, sizeof(*set));
}

/* The commits of a shallow clone whose parents it does not have (the
 * grafts git keeps in .git/shallow), sorted; none in a whole repository. */
void repo_shallow_commits(struct repo_oids *out, git_repository *git)
{
	struct isms_buf text = ISMS_BUF_INIT;
	char *path;

	memset(out, 0, sizeof(*out));
	if (git_repository_is_shallow(git) != 1)
		return;
	path = isms_path_join(git_repository_commondir(git), "shallow");
	if (isms_fs_read(&text, path, 64 << 20) == 0) {
		for (const char *line = text.ptr; line && *line; ) {
			const char *eol = strchr(line, '\n');
			git_oid id;

			if (git_oid_fromstrn(&id, line, eol ? (size_t)(eol - line) : strlen(line)) == 0)
				repo_oids_add(out, &id);
			line = eol ? eol + 1 : NULL;
		}
	}
	isms_error_clear();
	git_error_clear();
	repo_oids_sort(out);
	isms_buf_free(&text);
	free(path);
}

/* Where a walk of a shallow clone stops: at the grafted commits (walked,
 * but not their parents, which are not there) and before the commits in
 * `hidden`. libgit2 1.5 knows no grafts; a hide callback keeps it from
 * looking for the missing parents, and the grafted commits it held back
 * are walked after the others. */
struct cut {
	const struct repo_oids *shallow, *hidden;
	struct repo_oids reached;  /* the grafted commits met, in order */
};

static int cut_here(const git_oid *id, void *payload)
{
	struct cut *cut = payload;

	if (repo_oids_has(cut->hidden, id))
		return 1;
	if (!repo_oids_has(cut->shallow, id))
		return 0;
	for (size_t i = 0; i < cut->reached.count; i++)
		if (git_oid_equal(&cut->reached.ids[i], id))
			return 1;
	repo_oids_add(&cut->reached, id);
	return 1;
}

/* The grafted commits held back, newest first, after the others. */
static void walk_reached(struct repo_oids *out, struct cut *cut, git_repository *git)
{
	long long *times = isms_calloc(cut->reached.count + 1, sizeof(*times));

	for (size_t i = 0; i < cut->reached.count; i++) {
		git_commit *commit;

		if (git_commit_lookup(&commit, git, &cut->reached.ids[i]) == 0) {
			times[i] = (long long)git_commit_time(commit);
			git_commit_free(commit);
		}
	}
	/* Few of them: a sort by insertion, stable for equal times. */
	for (size_t i = 1; i < cut->reached.count; i++)
		for (size_t j = i; j > 0 && times[j] > times[j - 1]; j--) {
			git_oid id = cut->reached.ids[j];
			long long t = times[j];

			cut->reached.ids[j] = cut->reached.ids[j - 1];
			times[j] = times[j - 1];
			cut->reached.ids[j - 1] = id;
			times[j - 1] = t;
		}
	for (size_t i = 0; i < cut->reached.count; i++)
		repo_oids_add(out, &cut->reached.ids[i]);
	git_error_clear();
	free(times);
}

/* The commits reachable from `from` and not from `hide` (may be NULL),
 * children before parents, then newest first, into `out`; in a shallow
 * clone (`cut->shallow` not empty), none beyond its grafts, and
 * `cut->reached` gets the grafted commits met. */
static int walk_ids(struct repo_oids *out, struct cut *cut, git_repository *git, const git_oid *from,
		    const git_oid *hide)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int error;

	memset(out, 0, sizeof(*out));
	if (cut->shallow->count && repo_oids_has(cut->shallow, from)) {
		/* libgit2 would look for its parents before the callback is asked. */
		if (!repo_oids_has(cut->hidden, from))
			cut_here(from, cut);
		walk_reached(out, cut, git);
		return 0;
	}
	if ((error = git_revwalk_new(&walk, git)) < 0)
		return error;
	/* Children before parents, then newest first: commits made in the same
	 * second keep their order. */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if ((error = git_revwalk_push(walk, from)) < 0 ||
	    (cut->shallow->count ? (error = git_revwalk_add_hide_cb(walk, cut_here, cut)) < 0
				 : hide && (error = git_revwalk_hide(walk, hide)) < 0))
		goto cleanup;
	while ((error = git_revwalk_next(&oid, walk)) == 0)
		repo_oids_add(out, &oid);
	if (error == GIT_ITEROVER) {
		error = 0;
		walk_reached(out, cut, git);
	}
cleanup:
	git_revwalk_free(walk);
	return error;
}

int repo_walk_order(struct repo_oids *out, git_oid *reached, git_repository *git,
		    const struct repo_oids *shallow, const git_oid *from)
{
	struct repo_oids hidden = { 0 };
	struct cut cut = { .shallow = shallow, .hidden = &hidden };
	int error = walk_ids(out, &cut, git, from, NULL);

	memset(reached, 0, sizeof(*reached));
	if (error == 0 && cut.reached.count)
		git_oid_cpy(reached, &cut.reached.ids[0]);
	repo_oids_free(&cut.reached);
	return error;
}

/* The log entries of the commits `ids`, in their order, at most `max` (0:
 * no limit); when `path` is not NULL, only those that changed it, or, when
 * `changed` is not NULL, all, with whether each changed it in changed[i]. */
static int walk_entries(struct isms_log *out, struct isms_repo *repo, const struct repo_oids *ids,
			const struct repo_oids *shallow, const char *path, size_t max,
			bool *changed)
{
	int error = 0;

	for (size_t i = 0; i < ids->count && (max == 0 || out->count < max); i++) {
		git_commit *commit;
		const git_signature *a;
		struct isms_log_entry *e;

		if ((error = git_commit_lookup(&commit, repo->git, &ids->ids[i])) < 0)
			break;
		if (path && changed)
			changed[out->count] = changes_path(commit, path,
							   repo_oids_has(shallow, &ids->ids[i]));
		else if (path && !changes_path(commit, path, repo_oids_has(shallow, &ids->ids[i]))) {
			git_commit_free(commit);
			continue;
		}
		a = git_commit_author(commit);
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		e = &out->items[out->count++];
		git_oid_tostr(e->id, sizeof(e->id), &ids->ids[i]);
		e->author = isms_strdup(a->name);
		e->email = isms_strdup(a->email);
		e->time = (long long)a->when.time;
		e->offset = a->when.offset;
		e->summary = isms_strdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
		git_commit_free(commit);
	}
	return error;
}

/* The commits of HEAD's history that changed `path`, from the history
 * index: true when it answered (`ids` and out->shallow set), false when
 * the walk must decide, as it did before there was an index. */
static bool walk_indexed(struct repo_oids *ids, struct isms_log *out, struct isms_repo *repo,
			 const git_oid *head, const struct repo_oids *shallow, const char *path)
{
	git_oid reached;

	if (repo_histindex_log(ids, &reached, repo, head, shallow, path) < 0) {
		repo_oids_free(ids);
		isms_error_clear();
		git_error_clear();
		return false;
	}
	if (!git_oid_is_zero(&reached))
		git_oid_tostr(out->shallow, sizeof(out->shallow), &reached);
	return true;
}

int isms_repo_walk(struct isms_log *out, struct isms_repo *repo, const git_oid *from,
		   const git_oid *hide, const char *path, size_t max)
{
	struct repo_oids shallow, hidden = { 0 }, ids = { 0 };
	struct cut cut = { .shallow = &shallow, .hidden = &hidden };
	bool head_only = !from && !hide, indexed = false;
	git_oid head;
	int error = 0;

	memset(out, 0, sizeof(*out));
	/* libgit2 1.5 gives a plain error, not GIT_ENOTFOUND, for an unborn HEAD. */
	if (!from && git_repository_head_unborn(repo->git) == 1)
		return 0;
	if (!from) {
		if ((error = git_reference_name_to_id(&head, repo->git, "HEAD")) < 0)
			return repo_git_fail(error, "history");
		from = &head;
	}
	repo_shallow_commits(&shallow, repo->git);
	/* One path in HEAD's history: the index answers when it can. */
	if (path && head_only)
		indexed = walk_indexed(&ids, out, repo, &head, &shallow, path);
	if (!indexed && shallow.count && hide) {
		/* What `hide` reaches, as far as the clone goes. */
		if ((error = walk_ids(&hidden, &cut, repo->git, hide, NULL)) < 0)
			goto cleanup;
		repo_oids_free(&cut.reached);
		repo_oids_sort(&hidden);
	}
	if (!indexed) {
		if ((error = walk_ids(&ids, &cut, repo->git, from, hide)) < 0)
			goto cleanup;
		if (cut.reached.count)
			git_oid_tostr(out->shallow, sizeof(out->shallow), &cut.reached.ids[0]);
	}
	error = walk_entries(out, repo, &ids, &shallow, indexed ? NULL : path, max, NULL);
cleanup:
	repo_oids_free(&shallow);
	repo_oids_free(&hidden);
	repo_oids_free(&ids);
	repo_oids_free(&cut.reached);
	return error < 0 ? repo_git_fail(error, "history") : 0;
}

int isms_repo_log(struct isms_log *out, struct isms_repo *repo, const char *path, size_t max)
{
	return isms_repo_walk(out, repo, NULL, NULL, path, max);
}

int isms_repo_log_reviews(struct isms_log *out, bool **changed, struct isms_repo *repo,
			  const char *path)
{
	struct repo_oids shallow, ids = { 0 };
	bool *flags = NULL;
	git_oid head, reached;
	int error;

	memset(out, 0, sizeof(*out));
	*changed = isms_calloc(1, sizeof(**changed));
	if (git_repository_head_unborn(repo->git) == 1)
		return 0;
	if ((error = git_reference_name_to_id(&head, repo->git, "HEAD")) < 0)
		return repo_git_fail(error, "history");
	repo_shallow_commits(&shallow, repo->git);
	if (repo_histindex_reviews(&ids, &flags, &reached, repo, &head, &shallow, path) == 0) {
		free(*changed);
		*changed = flags;
		error = walk_entries(out, repo, &ids, &shallow, NULL, 0, NULL);
	} else {
		/* No index: every commit, and whether it changed `path`. */
		repo_oids_free(&ids);
		isms_error_clear();
		git_error_clear();
		if ((error = repo_walk_order(&ids, &reached, repo->git, &shallow, &head)) == 0) {
			free(*changed);
			*changed = isms_calloc(ids.count + 1, sizeof(**changed));
			error = walk_entries(out, repo, &ids, &shallow, path, 0, *changed);
		}
	}
	if (error == 0 && !git_oid_is_zero(&reached))
		git_oid_tostr(out->shallow, sizeof(out->shallow), &reached);
	repo_oids_free(&shallow);
	repo_oids_free(&ids);
	return error < 0 ? repo_git_fail(error, "history") : 0;
}

void isms_log_free(struct isms_log *log)
{
	if (!log)
		return;
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
	return commit_text(out, repo, id, false);
}

int isms_repo_log_since(struct isms_log *out, struct isms_repo *repo, const char *since)
{
	git_oid hide;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = git_oid_fromstr(&hide, since)) < 0)
		return repo_git_fail(error, since);
	return isms_repo_walk(out, repo, NULL, &hide, NULL, 0);
}

/* The names under `folder` in one commit's tree, added to `out`. */
static void names_in(char ***out, size_t *count, git_repository *git, const git_oid *commit_id,
		     const char *folder)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL, *sub = NULL;
	git_tree_entry *entry = NULL;

	if (git_commit_lookup(&commit, git, commit_id) == 0 && git_commit_tree(&tree, commit) == 0 &&
	    git_tree_entry_bypath(&entry, tree, folder) == 0 &&
	    git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&sub, git, git_tree_entry_id(entry)) == 0) {
		for (size_t i = 0; i < git_tree_entrycount(sub); i++) {
			*out = isms_realloc(*out, (*count + 1) * sizeof(**out));
			(*out)[(*count)++] = isms_strdup(git_tree_entry_name(git_tree_entry_byindex(sub, i)));
		}
	}
	git_tree_free(sub);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	git_error_clear();
}

int isms_repo_names_ever(char ***out, size_t *count, struct isms_repo *repo, const char *folder)
{
	struct repo_oids shallow, order = { 0 };
	git_oid head, reached;
	int error;

	*out = NULL;
	*count = 0;
	if (git_repository_head_unborn(repo->git) == 1)
		return 0;
	if ((error = git_reference_name_to_id(&head, repo->git, "HEAD")) < 0)
		return repo_git_fail(error, "history");
	repo_shallow_commits(&shallow, repo->git);
	if (repo_histindex_paths(out, count, repo, &head, &shallow, folder) < 0) {
		/* No index: every commit's folder, the long way. */
		isms_error_clear();
		if ((error = repo_walk_order(&order, &reached, repo->git, &shallow, &head)) == 0)
			for (size_t i = 0; i < order.count; i++)
				names_in(out, count, repo->git, &order.ids[i], folder);
	}
	repo_oids_free(&order);
	repo_oids_free(&shallow);
	return error;
}
