/* isms sync: fetch and push through git, merge a record at a time. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/kind.h"
#include "isms/sync.h"
#include "isms/yaml.h"
#include "private.h"

/* One path's state on one side after the sides parted. */
struct change {
	const char *path;  /* owned by the diff */
	char how;          /* 'A', 'M', 'D' */
	git_oid id;        /* the new blob (zero when deleted) */
	git_filemode_t mode;
};

struct changes {
	git_diff *diff;
	struct change *items;
	size_t count;
};

/* A tag of ours to be replaced by the remote's (--theirs TAG). */
struct tag_take {
	char *name;  /* "approved/POL-002/v1.0" */
	git_oid ours, theirs;
};

/* What the user asked for and what of it was used. */
struct plan {
	const struct isms_sync_opts *opts;
	bool *used;           /* per opts->choices */
	bool *used_renumber;  /* per opts->renumber */
	struct tag_take *takes;
	size_t take_count, take_cap;
};

static int compare_changes(const void *a, const void *b)
{
	return strcmp(((const struct change *)a)->path, ((const struct change *)b)->path);
}

/* The paths that differ from `base` to `side`, sorted by path. */
static int changes_between(struct changes *out, git_repository *git, git_tree *base, git_tree *side)
{
	int error;

	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;

	/* A file that became a symbolic link (or back) is one change, not a
	 * deletion and an addition of the same path. */
	opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
	memset(out, 0, sizeof(*out));
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

static void changes_free(struct changes *c)
{
	git_diff_free(c->diff);
	free(c->items);
	memset(c, 0, sizeof(*c));
}

static const struct change *find_change(const struct changes *c, const char *path)
{
	struct change key = { .path = path };

	return c->count ? bsearch(&key, c->items, c->count, sizeof(*c->items), compare_changes) : NULL;
}

static bool same_result(const struct change *a, const struct change *b)
{
	if (a->how == 'D' || b->how == 'D')
		return a->how == b->how;
	return git_oid_equal(&a->id, &b->id) && a->mode == b->mode;
}

/* The record ID of `path` ("policies/POL-001.yaml" -> "POL-001"), or NULL
 * for a file that is not a record. The caller frees. */
static char *record_id(const char *path)
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
static bool record_id_is(const char *path)
{
	char *id = record_id(path);

	free(id);
	return id != NULL;
}

/* The remote-tracking branch `branch` (refs/heads/NAME) is fetched to, as
 * remote.REMOTE.fetch says; refs/remotes/REMOTE/NAME by default. The
 * configuration is read rather than git_remote_lookup called: in libgit2
 * 1.5 that leaks the regular expression matches of its url.*.insteadOf
 * lookup, which isms has no use for (git does the fetching). */
static char *tracking_ref(git_config *cfg, const char *remote, const char *branch)
{
	git_config_iterator *it = NULL;
	git_config_entry *entry;
	char *key = isms_asprintf("remote.%s.fetch", remote), *ref = NULL;

	if (git_config_multivar_iterator_new(&it, cfg, key, NULL) == 0) {
		while (!ref && git_config_next(&entry, it) == 0) {
			git_refspec *spec;
			git_buf buf = { 0 };

			if (git_refspec_parse(&spec, entry->value, 1) < 0)
				continue;
			if (git_refspec_src_matches(spec, branch) &&
			    git_refspec_transform(&buf, spec, branch) == 0)
				ref = isms_strdup(buf.ptr);
			git_buf_dispose(&buf);
			git_refspec_free(spec);
		}
		git_config_iterator_free(it);
	}
	free(key);
	return ref ? ref : isms_asprintf("refs/remotes/%s/%s", remote, branch + strlen("refs/heads/"));
}

/* Whether `name` is a remote with an address in the configuration. */
static bool remote_exists(git_config *cfg, const char *name)
{
	git_buf buf = { 0 };
	char *key = isms_asprintf("remote.%s.url", name);
	int valid = 0;
	bool found = name[0] != '-' && git_remote_name_is_valid(&valid, name) == 0 && valid &&
		     git_config_get_string_buf(&buf, cfg, key) == 0;

	git_buf_dispose(&buf);
	free(key);
	return found;
}

/* Run git for fetch or push, with the user's terminal. Why the external
 * program rather than libgit2's transports: Debian's libgit2 1.5 reaches
 * ssh remotes through libssh2, which reads neither ~/.ssh/config (Host
 * aliases, ProxyJump, IdentityFile: what jump hosts rely on) nor git's
 * credential helpers; git does exactly what the user's git does. */
static int run_git(struct isms_repo *repo, const char *const *args, const char *what,
		   const char *advice)
{
	const char *argv[16];
	char *gitdir = isms_asprintf("--git-dir=%s", isms_repo_gitdir(repo));
	char *worktree = isms_asprintf("--work-tree=%s", isms_repo_workdir(repo));
	size_t n = 0;
	int status;

	/* This repository, whatever GIT_DIR and the like say (the child does
	 * not see them either: see isms_repo_run_attached). */
	argv[n++] = "git";
	argv[n++] = gitdir;
	argv[n++] = worktree;
	for (size_t i = 0; args[i] && n < sizeof(argv) / sizeof(*argv) - 1; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	status = isms_repo_run_attached(repo, argv);
	free(gitdir);
	free(worktree);
	if (status < 0)
		return status;
	if (status == 127)
		return isms_error_set(ISMS_ERROR,
			"cannot run git: isms sync needs the git program to %s, so that remotes are "
			"reached as your git reaches them; install git and try again", what);
	if (status != 0)
		return isms_error_set(ISMS_ERROR, "git could not %s (status %d; its message is "
				      "above); %s", what, status, advice);
	return 0;
}

/* Who changed `path` last on one side: the newest commit reachable from
 * `tip` and not from `base` that changed it. */
static void describe_change(struct isms_sync_change *out, const struct change *c,
			    struct isms_repo *repo, const git_oid *tip, const git_oid *base)
{
	struct isms_log log;

	out->how = c->how;
	if (isms_repo_walk(&log, repo, tip, base, c->path, 1) == 0 && log.count) {
		memcpy(out->commit, log.items[0].id, sizeof(out->commit));
		out->author = isms_asprintf("%s <%s>", log.items[0].author, log.items[0].email);
		out->summary = isms_strdup(log.items[0].summary);
	}
	isms_log_free(&log);
}

/* Paths the checkout would change but has changes of its own here. */
static int note_blocked(git_checkout_notify_t why, const char *path, const git_diff_file *baseline,
			const git_diff_file *target, const git_diff_file *workdir, void *payload)
{
	struct isms_buf *blocked = payload;

	(void)why;
	(void)baseline;
	(void)target;
	(void)workdir;
	isms_buf_printf(blocked, "%s%s", isms_buf_cstr(blocked)[0] ? ", " : "", path);
	return 0;
}

/* Bring the working tree and index from `from` to `to`, changing only what
 * differs between them, and refusing (ISMS_ECONFLICT, nothing changed) when
 * a file to change has changes not committed. With `dry` nothing is written:
 * only the refusal is found. */
static int update_worktree(struct isms_repo *repo, git_tree *from, git_tree *to, bool dry)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	struct isms_buf blocked = ISMS_BUF_INIT;
	int error;

	/* A file not tracked is never overwritten, ignored or not. */
	co.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED |
			       (dry ? GIT_CHECKOUT_DRY_RUN : 0);
	co.baseline = from;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = note_blocked;
	co.notify_payload = &blocked;
	error = git_checkout_tree(isms_repo_git(repo), (const git_object *)to, &co);
	if (isms_buf_cstr(&blocked)[0])
		error = isms_error_set(ISMS_ECONFLICT,
			"nothing was changed: these files have changes that are not committed, or are "
			"not tracked, and the sync would change them: %s; commit them (or move them "
			"aside) and sync again", isms_buf_cstr(&blocked));
	else if (error < 0)
		error = isms_repo_git_fail(error, "updating the working tree");
	isms_buf_free(&blocked);
	return error;
}

/* Note every YAML file that came in and cannot be parsed. */
static void check_incoming(struct isms_sync_result *out, git_repository *git, const struct change *c)
{
	git_blob *blob;
	struct isms_node *root = NULL;
	size_t len = strlen(c->path);
	char *name;

	if (c->how == 'D' || len < 5 || strcmp(c->path + len - 5, ".yaml") != 0 ||
	    git_blob_lookup(&blob, git, &c->id) < 0)
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

/* The choice made for `path` (record `id`, may be NULL), or NULL. */
static const struct isms_sync_choice *choice_for(const struct isms_sync_opts *opts, bool *used,
						 const char *path, const char *id)
{
	for (size_t i = 0; i < opts->choice_count; i++) {
		const char *r = opts->choices[i].record;

		if (strcmp(r, path) == 0 || (id && strcmp(r, id) == 0)) {
			used[i] = true;
			return &opts->choices[i];
		}
	}
	return NULL;
}

static void add_update(git_tree_update **updates, size_t *count, size_t *cap, const struct change *c)
{
	git_tree_update *u;

	*updates = isms_grow(*updates, cap, *count + 1, sizeof(**updates));
	u = &(*updates)[(*count)++];
	memset(u, 0, sizeof(*u));
	u->action = c->how == 'D' ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
	u->path = c->path;
	u->filemode = c->how == 'D' ? GIT_FILEMODE_BLOB : c->mode;
	git_oid_cpy(&u->id, &c->id);
}

/* "POL-001 kept ours (theirs: BLOB in COMMIT)", for the merge's trailers. */
static char *resolution(const char *name, const struct isms_sync_choice *choice,
			const struct change *lost, const git_oid *lost_commit)
{
	char blob[ISMS_OID_HEX], commit[ISMS_OID_HEX];

	git_oid_tostr(blob, sizeof(blob), &lost->id);
	git_oid_tostr(commit, sizeof(commit), lost_commit);
	return isms_asprintf("Conflict-resolved: %s %s (%s: %s in %.12s)", name,
			     choice->side == ISMS_SYNC_OURS ? "kept ours" : "took theirs",
			     choice->side == ISMS_SYNC_OURS ? "theirs" : "ours",
			     lost->how == 'D' ? "deleted" : blob, commit);
}

/* Count a file taken from their side in what came in. */
static void count_in(struct isms_sync_result *out, const struct change *c)
{
	char *id = record_id(c->path);

	if (!id)
		out->files_in++;
	else if (c->how == 'D')
		out->records_deleted++;
	else
		out->records_in++;
	free(id);
}

/* Take their change `t` into the merge. */
static void take_theirs(git_tree_update **updates, size_t *count, size_t *cap,
			struct isms_sync_result *out, git_repository *git, const struct change *t)
{
	add_update(updates, count, cap, t);
	count_in(out, t);
	check_incoming(out, git, t);
}

static void add_trailer(char ***trailers, size_t *count, char *trailer)
{
	*trailers = isms_realloc(*trailers, (*count + 1) * sizeof(**trailers));
	(*trailers)[(*count)++] = trailer;
}

/* The index in `opts->renumber` of `id`, marked used, or -1. */
static long renumber_index(const struct isms_sync_opts *opts, bool *used, const char *id)
{
	for (size_t i = 0; i < opts->renumber_count; i++)
		if (strcmp(opts->renumber[i], id) == 0) {
			used[i] = true;
			return (long)i;
		}
	return -1;
}

/* Whether `c` may continue an ID (letters, digits, '-', '_'). */
static bool id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* `text` with each whole occurrence of a renumbered ID replaced by its new
 * one; NULL when none occurs. */
static char *renumber_text(const char *text, size_t len, const struct isms_sync_renumbered *r,
			   size_t n)
{
	struct isms_buf buf = ISMS_BUF_INIT;
	bool changed = false;
	size_t i = 0;

	while (i < len) {
		size_t k = n;

		/* An ID starts where no ID (nor a dotted one like A.5.1) goes on. */
		if (i == 0 || (!id_char(text[i - 1]) && text[i - 1] != '.'))
			for (k = 0; k < n; k++) {
				size_t m = strlen(r[k].from), e = i + m;

				if (e <= len && memcmp(text + i, r[k].from, m) == 0 &&
				    (e == len || (!id_char(text[e]) &&
						  !(text[e] == '.' && e + 1 < len && id_char(text[e + 1])))))
					break;
			}
		if (k < n) {
			isms_buf_puts(&buf, r[k].to);
			i += strlen(r[k].from);
			changed = true;
		} else {
			isms_buf_putc(&buf, text[i++]);
		}
	}
	if (!changed) {
		isms_buf_free(&buf);
		return NULL;
	}
	return isms_buf_detach(&buf);
}

/* Write `blob` with the renumbered IDs replaced into *id; 0 with *changed
 * false when none occurs. */
static int renumber_blob(git_oid *id, bool *changed, git_repository *git, const git_oid *blob,
			 const struct isms_sync_result *out)
{
	git_blob *b;
	char *text;
	int error;

	*changed = false;
	if ((error = git_blob_lookup(&b, git, blob)) < 0)
		return isms_repo_git_fail(error, "reading a record to renumber");
	text = renumber_text(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), out->renumbered,
			     out->renumbered_count);
	git_blob_free(b);
	if (!text)
		return 0;
	error = git_blob_create_from_buffer(id, git, text, strlen(text));
	free(text);
	if (error < 0)
		return isms_repo_git_fail(error, "writing a renumbered record");
	*changed = true;
	return 0;
}

/* The highest number N of PREFIXN.yaml in `folder` of `tree`. */
static unsigned long highest_number(git_tree *tree, const char *folder, const char *prefix)
{
	git_tree_entry *entry = NULL;
	git_tree *sub = NULL;
	unsigned long max = 0;
	size_t plen = strlen(prefix);

	if (git_tree_entry_bypath(&entry, tree, folder) < 0 ||
	    git_tree_lookup(&sub, git_tree_owner(tree), git_tree_entry_id(entry)) < 0)
		goto cleanup;
	for (size_t i = 0; i < git_tree_entrycount(sub); i++) {
		const char *name = git_tree_entry_name(git_tree_entry_byindex(sub, i));
		char *end;
		unsigned long n;

		if (strncmp(name, prefix, plen) != 0 || name[plen] < '0' || name[plen] > '9')
			continue;
		n = strtoul(name + plen, &end, 10);
		if (strcmp(end, ".yaml") == 0 && n > max)
			max = n;
	}
cleanup:
	git_tree_free(sub);
	git_tree_entry_free(entry);
	return max;
}

/* A review here of our record `id` (a commit not in theirs, `r`, whose
 * final trailers say Record: ID and Review: ...) would, after renumbering,
 * sit in the history of their record. */
static int refuse_if_reviewed(git_repository *git, const char *id, const git_oid *r)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int error = 0;

	if ((error = git_revwalk_new(&walk, git)) < 0 || (error = git_revwalk_push_head(walk)) < 0 ||
	    (error = git_revwalk_hide(walk, r)) < 0) {
		git_revwalk_free(walk);
		return isms_repo_git_fail(error, "the history here");
	}
	while (!error && git_revwalk_next(&oid, walk) == 0) {
		git_commit *commit = NULL;
		char *record = NULL, *review = NULL;

		if (git_commit_lookup(&commit, git, &oid) == 0 &&
		    (record = isms_trailer_value(git_commit_message(commit), "Record")) &&
		    strcmp(record, id) == 0 &&
		    (review = isms_trailer_value(git_commit_message(commit), "Review")))
			error = isms_error_set(ISMS_EUSAGE,
				"%s here has a review (commit %.7s), which renumbering would leave "
				"naming the old ID; keep one record (--ours %s or --theirs %s) and "
				"add the other again with isms new; nothing was changed",
				id, git_oid_tostr_s(&oid), id, id);
		free(record);
		free(review);
		git_commit_free(commit);
	}
	git_revwalk_free(walk);
	return error;
}

/* Refuse renumbering our `id` when an approval tag names it on our side
 * (reachable from ours, not from theirs `r`): the tag would still say the
 * old ID. */
static int refuse_if_approved(git_repository *git, const char *id, const git_oid *r)
{
	git_strarray tags = { 0 };
	char *pattern = isms_asprintf("approved/%s/*", id);
	int error = 0;

	if ((error = git_tag_list_match(&tags, pattern, git)) < 0) {
		free(pattern);
		return isms_repo_git_fail(error, "the approval tags");
	}
	for (size_t i = 0; i < tags.count && !error; i++) {
		char *spec = isms_asprintf("refs/tags/%s^{commit}", tags.strings[i]);
		git_object *commit = NULL;

		if (git_revparse_single(&commit, git, spec) == 0 &&
		    !git_oid_equal(git_object_id(commit), r) &&
		    git_graph_descendant_of(git, r, git_object_id(commit)) != 1)
			error = isms_error_set(ISMS_EUSAGE,
				"%s here is already approved (tag %s), and renumbering it would leave "
				"the approval naming the old ID; keep one record (--ours %s or "
				"--theirs %s) and add the other again with isms new; nothing was "
				"changed", id, tags.strings[i], id, id);
		git_object_free(commit);
		free(spec);
	}
	git_strarray_dispose(&tags);
	free(pattern);
	if (!error)
		error = refuse_if_reviewed(git, id, r);
	return error;
}

/* Both sides added a different record as `id` at `path`: give ours the next
 * number free on both sides; theirs stays at `path`. The new ID goes into
 * out->renumbered; the record itself is written by renumber_ours. */
static int plan_renumbering(struct isms_sync_result *out, git_repository *git, const char *id,
			    const char *path, git_tree *mine, git_tree *their, const git_oid *r)
{
	const char *slash = strchr(path, '/'), *dash = strrchr(id, '-');
	char *folder = isms_strndup(path, (size_t)(slash - path)), *prefix;
	const struct isms_kind *kind = isms_kind_by_folder(folder);
	struct isms_sync_renumbered *n;
	unsigned long next;
	int digits, error;

	if (kind->id_style != ISMS_ID_NUMBERED || !dash || !dash[1] ||
	    strspn(dash + 1, "0123456789") != strlen(dash + 1)) {
		error = isms_error_set(ISMS_EUSAGE,
			"%s is a %s, whose IDs are given, not numbered, so it cannot be renumbered; "
			"keep one of the two (--ours %s or --theirs %s) and add the other again "
			"under an ID of its own; nothing was changed", id, kind->name, id, id);
		free(folder);
		return error;
	}
	if ((error = refuse_if_approved(git, id, r)) < 0) {
		free(folder);
		return error;
	}
	prefix = isms_strndup(id, (size_t)(dash + 1 - id));
	digits = (int)strlen(dash + 1);
	next = highest_number(mine, folder, prefix);
	if (highest_number(their, folder, prefix) > next)
		next = highest_number(their, folder, prefix);
	for (size_t i = 0; i < out->renumbered_count; i++)
		if (strncmp(out->renumbered[i].to, prefix, strlen(prefix)) == 0 &&
		    strtoul(out->renumbered[i].to + strlen(prefix), NULL, 10) > next)
			next = strtoul(out->renumbered[i].to + strlen(prefix), NULL, 10);
	out->renumbered = isms_grow(out->renumbered, &out->renumbered_cap, out->renumbered_count + 1,
				    sizeof(*out->renumbered));
	n = &out->renumbered[out->renumbered_count++];
	n->from = isms_strdup(id);
	n->to = isms_asprintf("%s%0*lu", prefix, digits, next + 1);
	n->path = isms_asprintf("%s/%s.yaml", folder, n->to);
	free(prefix);
	free(folder);
	return 0;
}

/* Write the renumbering into the merge: each renumbered record of ours at
 * its new path with its new ID, and the references to the old IDs in the
 * records our side added or changed that the merge keeps as ours. */
static int renumber_ours(git_tree_update **updates, size_t *count, size_t *cap,
			 struct isms_sync_result *out, git_repository *git,
			 const struct changes *ours, const struct changes *theirs,
			 const struct isms_sync_opts *opts, bool *used)
{
	int error;

	for (size_t i = 0; i < ours->count; i++) {
		const struct change *o = &ours->items[i], *t = find_change(theirs, o->path);
		const struct isms_sync_choice *choice;
		struct change moved = *o;
		char *id = record_id(o->path);
		const char *to = NULL;
		bool changed;

		if (id)
			for (size_t k = 0; k < out->renumbered_count; k++)
				if (strcmp(out->renumbered[k].from, id) == 0)
					to = out->renumbered[k].path;
		choice = t && !to ? choice_for(opts, used, o->path, id) : NULL;
		free(id);
		if (o->how == 'D' || !record_id_is(o->path) ||
		    (t && !to && !(choice && choice->side == ISMS_SYNC_OURS)))
			continue;
		if ((error = renumber_blob(&moved.id, &changed, git, &o->id, out)) < 0)
			return error;
		if (to) {
			moved.path = to;
			moved.how = 'A';
		} else if (!changed) {
			continue;
		}
		add_update(updates, count, cap, &moved);
	}
	return 0;
}

/* A conflict for `path`, added to out->conflicts and cleared. */
static struct isms_sync_conflict *add_conflict(struct isms_sync_result *out,
					       enum isms_sync_conflict_kind kind, const char *path)
{
	struct isms_sync_conflict *k;

	out->conflicts = isms_grow(out->conflicts, &out->conflict_cap, out->conflict_count + 1,
				   sizeof(*out->conflicts));
	k = &out->conflicts[out->conflict_count++];
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->path = isms_strdup(path);
	return k;
}

/* A file on one side where the other has a folder of the same name (a
 * change in `a` below a path that `b` made a file): a conflict on the
 * file's path, for which no side can be chosen. */
static int file_folder_clashes(struct isms_sync_result *out, struct isms_repo *repo,
			       const struct changes *ours, const struct changes *theirs,
			       const git_oid *l, const git_oid *r, const git_oid *b,
			       const struct isms_sync_opts *opts, bool *used)
{
	for (int side = 0; side < 2; side++) {
		const struct changes *a = side ? theirs : ours, *other = side ? ours : theirs;

		for (size_t i = 0; i < a->count; i++) {
			const struct change *in = &a->items[i];

			if (in->how == 'D')
				continue;
			for (const char *slash = strchr(in->path, '/'); slash;
			     slash = strchr(slash + 1, '/')) {
				char *file = isms_strndup(in->path, (size_t)(slash - in->path));
				const struct change *f = find_change(other, file);
				struct isms_sync_conflict *k = NULL;
				bool known = false;

				for (size_t j = 0; j < out->conflict_count; j++)
					known |= strcmp(out->conflicts[j].path, file) == 0;
				if (f && f->how != 'D' && !known) {
					if (choice_for(opts, used, file, NULL)) {
						int error = isms_error_set(ISMS_EUSAGE,
							"%s is a file on one side and a folder on the "
							"other, so no side can be chosen for it; move one "
							"of them (git mv) or remove it, commit, and sync "
							"again; nothing was changed", file);

						free(file);
						return error;
					}
					k = add_conflict(out, ISMS_SYNC_FILE_FOLDER, file);
					k->inside = isms_strdup(in->path);
					k->folder_here = side == 0;
					describe_change(&k->ours, side ? f : in, repo, l, b);
					describe_change(&k->theirs, side ? in : f, repo, r, b);
				}
				free(file);
			}
		}
	}
	return 0;
}

/* The merge of `ours` and `theirs` from their base: the tree updates that
 * bring ours to the merged state, conflicts into `out`, and trailers. */
static int merge_trees(git_tree_update **updates, size_t *count, char ***trailers,
		       size_t *trailer_count, struct isms_sync_result *out, struct isms_repo *repo,
		       const struct changes *ours, const struct changes *theirs,
		       git_tree *mine, git_tree *their,
		       const git_oid *l, const git_oid *r, const git_oid *b,
		       const struct isms_sync_opts *opts, bool *used, bool *used_renumber)
{
	git_repository *git = isms_repo_git(repo);
	size_t cap = 0;
	int error;

	if ((error = file_folder_clashes(out, repo, ours, theirs, l, r, b, opts, used)) < 0)
		return error;
	for (size_t i = 0; i < theirs->count; i++) {
		const struct change *t = &theirs->items[i], *o = find_change(ours, t->path);
		const struct isms_sync_choice *choice;
		struct isms_sync_conflict *k;
		bool clash;
		char *id;

		if (!o) {
			take_theirs(updates, count, &cap, out, git, t);
			continue;
		}
		if (same_result(o, t))
			continue;
		id = record_id(t->path);
		clash = id && o->how == 'A' && t->how == 'A';
		if (id && renumber_index(opts, used_renumber, id) >= 0) {
			if (!clash)
				error = isms_error_set(ISMS_EUSAGE,
					"%s was not added on both sides, so there is nothing to "
					"renumber: it was %s here and %s on %s; choose --ours %s or "
					"--theirs %s; nothing was changed", id,
					o->how == 'D' ? "deleted" : o->how == 'A' ? "added" : "changed",
					t->how == 'D' ? "deleted" : t->how == 'A' ? "added" : "changed",
					out->tracking, id, id);
			else
				error = plan_renumbering(out, git, id, t->path, mine, their, r);
			if (error < 0) {
				free(id);
				return error;
			}
			/* Theirs keeps the ID and the path; ours moves (renumber_ours). */
			take_theirs(updates, count, &cap, out, git, t);
			add_trailer(trailers, trailer_count,
				    isms_asprintf("Renumbered: %s -> %s", id,
						  out->renumbered[out->renumbered_count - 1].to));
			free(id);
			continue;
		}
		if ((choice = choice_for(opts, used, t->path, id))) {
			if (choice->side == ISMS_SYNC_THEIRS) {
				take_theirs(updates, count, &cap, out, git, t);
				add_trailer(trailers, trailer_count,
					    resolution(id ? id : t->path, choice, o, l));
			} else {
				add_trailer(trailers, trailer_count,
					    resolution(id ? id : t->path, choice, t, r));
			}
			free(id);
			continue;
		}
		k = add_conflict(out, clash ? ISMS_SYNC_ID_CLASH : ISMS_SYNC_BOTH_CHANGED, t->path);
		k->id = id;
		describe_change(&k->ours, o, repo, l, b);
		describe_change(&k->theirs, t, repo, r, b);
	}
	for (size_t i = 0; i < opts->renumber_count; i++)
		if (!used_renumber[i])
			return isms_error_set(ISMS_EUSAGE,
				"%s was not added both here and on %s, so there is nothing to "
				"renumber; nothing was changed", opts->renumber[i], out->tracking);
	if (out->renumbered_count &&
	    (error = renumber_ours(updates, count, &cap, out, git, ours, theirs, opts, used)) < 0)
		return error;
	for (size_t i = 0; i < opts->choice_count; i++)
		if (!used[i])
			return isms_error_set(ISMS_EUSAGE,
				"%s is not changed both here and on %s, so there is no side to choose "
				"for it; nothing was changed", opts->choices[i].record, out->tracking);
	return 0;
}

/* One side of a tag clash: the commit tagged, the tagger (or the commit's
 * author for a lightweight tag) and the first line of the message. */
static void describe_tag(struct isms_sync_change *out, git_repository *git, const git_oid *id)
{
	git_object *obj = NULL, *commit = NULL;
	const git_signature *who = NULL;
	const char *message = NULL;

	out->how = 'T';
	if (git_object_lookup(&obj, git, id, GIT_OBJECT_ANY) < 0)
		return;
	if (git_object_type(obj) == GIT_OBJECT_TAG) {
		who = git_tag_tagger((git_tag *)obj);
		message = git_tag_message((git_tag *)obj);
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_tostr(out->commit, sizeof(out->commit), git_object_id(commit));
		if (!who) {
			who = git_commit_author((git_commit *)commit);
			message = git_commit_summary((git_commit *)commit);
		}
	}
	if (who)
		out->author = isms_asprintf("%s <%s>", who->name, who->email);
	if (message)
		out->summary = isms_strndup(message, strcspn(message, "\n"));
	git_object_free(commit);
	git_object_free(obj);
}

/* The choice for tag `name` (record `id`, may be NULL): one naming the tag
 * itself first, then one naming the record. */
static const struct isms_sync_choice *tag_choice(struct plan *p, const char *name, const char *id)
{
	const struct isms_sync_opts *opts = p->opts;

	for (size_t i = 0; i < opts->choice_count; i++)
		if (strcmp(opts->choices[i].record, name) == 0) {
			p->used[i] = true;
			return &opts->choices[i];
		}
	return id ? choice_for(opts, p->used, name, id) : NULL;
}

/* The remote's tag `name` (at `theirs`) against ours: created here when we
 * lack it; when ours is at another object, a conflict or, chosen, a tag to
 * take. */
static int merge_tag(struct isms_sync_result *out, struct plan *p, git_repository *git,
		     const char *name, const git_oid *theirs)
{
	char *local = isms_asprintf("refs/tags/%s", name), *id = NULL;
	const struct isms_sync_choice *choice;
	struct isms_sync_conflict *k;
	git_reference *ref = NULL;
	git_oid ours;
	int error = git_reference_name_to_id(&ours, git, local);

	if (error == GIT_ENOTFOUND) {
		error = git_reference_create(&ref, git, local, theirs, 0, "sync: tag from the remote");
		git_reference_free(ref);
		error = error < 0 ? isms_repo_git_fail(error, local) : 0;
		goto cleanup;
	}
	if (error < 0) {
		error = isms_repo_git_fail(error, local);
		goto cleanup;
	}
	error = 0;
	if (git_oid_equal(&ours, theirs))
		goto cleanup;
	if (strncmp(name, "approved/", 9) == 0 && strchr(name + 9, '/'))
		id = isms_strndup(name + 9, strcspn(name + 9, "/"));
	if ((choice = tag_choice(p, name, id)) && choice->side == ISMS_SYNC_OURS) {
		char *what = id ? isms_asprintf("%s (an approval of %s)", name, id) : isms_strdup(name);

		error = isms_error_set(ISMS_EUSAGE,
			"the tag %s is on %s at another commit than here, and tags on the shared "
			"repository are never replaced, so yours cannot be kept under that name; "
			"choose --theirs %s (yours is kept as refs/isms/replaced-tags/%s)%s; "
			"nothing was changed", what, out->remote, name, name,
			id ? ", then approve the merged record again as a new version" : "");
		free(what);
		goto cleanup;
	}
	if (choice) {
		struct tag_take *t;

		p->takes = isms_grow(p->takes, &p->take_cap, p->take_count + 1, sizeof(*p->takes));
		t = &p->takes[p->take_count++];
		t->name = isms_strdup(name);
		git_oid_cpy(&t->ours, &ours);
		git_oid_cpy(&t->theirs, theirs);
		goto cleanup;
	}
	k = add_conflict(out, ISMS_SYNC_TAG_CLASH, name);
	k->id = id;
	id = NULL;
	describe_tag(&k->ours, git, &ours);
	describe_tag(&k->theirs, git, theirs);
cleanup:
	free(id);
	free(local);
	return error;
}

/* The remote's tags, fetched to refs/isms/remote-tags/REMOTE/, against
 * ours (merge_tag). */
static int merge_tags(struct isms_sync_result *out, struct plan *p, git_repository *git)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	char *prefix = isms_asprintf("refs/isms/remote-tags/%s/", out->remote);
	size_t len = strlen(prefix);
	int error;

	if ((error = git_reference_iterator_new(&it, git)) < 0) {
		free(prefix);
		return isms_repo_git_fail(error, "reading the tags");
	}
	while (!error && git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);

		if (strncmp(name, prefix, len) == 0 && git_reference_target(ref))
			error = merge_tag(out, p, git, name + len, git_reference_target(ref));
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	free(prefix);
	return error;
}

/* Replace our tags by the remote's as chosen; ours are kept under
 * refs/isms/replaced-tags/. */
static int take_tags(struct isms_sync_result *out, struct plan *p, git_repository *git)
{
	for (size_t i = 0; i < p->take_count; i++) {
		struct tag_take *t = &p->takes[i];
		char *kept = isms_asprintf("refs/isms/replaced-tags/%s", t->name);
		char *local = isms_asprintf("refs/tags/%s", t->name);
		git_reference *a = NULL, *b = NULL;
		int error = git_reference_create(&a, git, kept, &t->ours, 1, "sync: replaced by theirs");

		if (error == 0)
			error = git_reference_create_matching(&b, git, local, &t->theirs, 1, &t->ours,
							      "sync: theirs taken");
		git_reference_free(a);
		git_reference_free(b);
		free(kept);
		free(local);
		if (error < 0)
			return isms_repo_git_fail(error, t->name);
		out->tags_taken = isms_realloc(out->tags_taken,
					       (out->tags_taken_count + 1) * sizeof(*out->tags_taken));
		out->tags_taken[out->tags_taken_count++] = isms_strdup(t->name);
	}
	return 0;
}

/* Set the remote-tracking branch from what was fetched to `fetched`; when
 * the remote has no such branch, a stale one is deleted, as git fetch
 * --prune does. */
static int refresh_tracking(git_repository *git, const char *fetched, const char *tracking)
{
	git_reference *ref = NULL;
	git_oid id;
	int error = git_reference_name_to_id(&id, git, fetched);

	if (error == GIT_ENOTFOUND) {
		if (git_reference_lookup(&ref, git, tracking) == 0)
			error = git_reference_delete(ref);
		else
			error = 0;
	} else if (error == 0) {
		error = git_reference_create(&ref, git, tracking, &id, 1, "sync: fetched");
	}
	git_reference_free(ref);
	return error < 0 ? isms_repo_git_fail(error, tracking) : 0;
}

/* The first choice (side or renumbering) not used, or NULL. */
static const char *unused_choice(const struct plan *p)
{
	for (size_t i = 0; i < p->opts->choice_count; i++)
		if (!p->used[i])
			return p->opts->choices[i].record;
	for (size_t i = 0; i < p->opts->renumber_count; i++)
		if (!p->used_renumber[i])
			return p->opts->renumber[i];
	return NULL;
}

/* Move the branch from `from` to `to` (compare-and-swap) and the working
 * tree with it; on failure the branch is put back. */
static int advance(struct isms_repo *repo, const char *branch, const git_oid *from,
		   const git_oid *to, git_tree *old_tree, git_tree *new_tree, const char *why)
{
	git_repository *git = isms_repo_git(repo);
	git_reference *ref = NULL, *back = NULL;
	int error;

	if ((error = update_worktree(repo, old_tree, new_tree, true)) < 0)
		return error;
	if ((error = git_reference_create_matching(&ref, git, branch, to, 1, from, why)) < 0)
		return isms_repo_git_fail(error, branch);
	if ((error = update_worktree(repo, old_tree, new_tree, false)) < 0) {
		/* Keep the branch and the working tree in step: undo the move,
		 * and say where things are. */
		char *why_failed = isms_strdup(isms_error_last()->message);
		char was[ISMS_OID_HEX], now[ISMS_OID_HEX];
		int undo = git_reference_create_matching(&back, git, branch, from, 1, to,
							 "sync: undone");

		git_oid_tostr(was, sizeof(was), from);
		git_oid_tostr(now, sizeof(now), to);
		if (undo == 0)
			isms_error_set(error,
				"%s; %s was put back at %.12s, where it was (it was to move to "
				"%.12s), but some files in the working tree may have been changed "
				"already: git status shows them, and git checkout -- PATH restores "
				"one", why_failed, branch, was, now);
		else
			isms_error_set(error,
				"%s; and %s could not be put back (%s): it is at %.12s, while the "
				"working tree may be only partly updated; git status shows the "
				"files, and git reset --keep %.12s goes back to where it was",
				why_failed, branch, git_error_last() ? git_error_last()->message
								       : "unknown error",
				now, was);
		free(why_failed);
		git_reference_free(back);
	}
	git_reference_free(ref);
	return error;
}

static int commit_tree(git_tree **out, git_repository *git, const git_oid *commit)
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

/* `tree` with `updates`: the removals first, then the rest, since libgit2
 * refuses a file `x` removed and `x/y` added in one go. */
static int apply_updates(git_oid *out, git_repository *git, git_tree *tree,
			 git_tree_update *updates, size_t count)
{
	git_tree_update *sorted = isms_calloc(count + 1, sizeof(*sorted));
	git_tree *removed = NULL;
	size_t n = 0, removals;
	git_oid between;
	int error;

	for (size_t i = 0; i < count; i++)
		if (updates[i].action == GIT_TREE_UPDATE_REMOVE)
			sorted[n++] = updates[i];
	removals = n;
	for (size_t i = 0; i < count; i++)
		if (updates[i].action != GIT_TREE_UPDATE_REMOVE)
			sorted[n++] = updates[i];
	if ((error = git_tree_create_updated(&between, git, tree, removals, sorted)) == 0 &&
	    (error = git_tree_lookup(&removed, git, &between)) == 0)
		error = git_tree_create_updated(out, git, removed, count - removals,
						sorted + removals);
	git_tree_free(removed);
	free(sorted);
	return error;
}

/* Both sides have new commits: merge them record by record. */
static int merge(struct isms_sync_result *out, struct isms_repo *repo, const char *branch,
		 const git_oid *l, const git_oid *r, const git_oid *b, struct plan *p)
{
	git_repository *git = isms_repo_git(repo);
	git_tree *base = NULL, *mine = NULL, *their = NULL, *merged = NULL;
	git_commit *parents[2] = { NULL, NULL };
	struct changes ours = { 0 }, theirs = { 0 };
	git_tree_update *updates = NULL;
	size_t count = 0, trailer_count = 0;
	char **trailers = NULL, *message = NULL, *reflog = NULL;
	struct isms_commit_opts co = ISMS_COMMIT_OPTS_INIT;
	git_oid tree_id, merge_id;
	int error;

	if ((error = commit_tree(&base, git, b)) < 0 || (error = commit_tree(&mine, git, l)) < 0 ||
	    (error = commit_tree(&their, git, r)) < 0 ||
	    (error = changes_between(&ours, git, base, mine)) < 0 ||
	    (error = changes_between(&theirs, git, base, their)) < 0)
		goto cleanup;
	if ((error = merge_trees(&updates, &count, &trailers, &trailer_count, out, repo, &ours,
				 &theirs, mine, their, l, r, b, p->opts, p->used, p->used_renumber)) < 0)
		goto cleanup;
	if (out->conflict_count) {
		out->outcome = ISMS_SYNC_CONFLICTS;
		goto cleanup;
	}
	if ((error = apply_updates(&tree_id, git, mine, updates, count)) < 0 ||
	    (error = git_tree_lookup(&merged, git, &tree_id)) < 0 ||
	    (error = git_commit_lookup(&parents[0], git, l)) < 0 ||
	    (error = git_commit_lookup(&parents[1], git, r)) < 0) {
		error = isms_repo_git_fail(error, "building the merge");
		goto cleanup;
	}

	/* Synced-from, the records taken in, then the choices made. */
	{
		size_t head = out->records_deleted ? 3 : 2;

		trailers = isms_realloc(trailers, (trailer_count + head) * sizeof(*trailers));
		memmove(trailers + head, trailers, trailer_count * sizeof(*trailers));
		trailers[0] = isms_asprintf("Synced-from: %s", out->tracking);
		trailers[1] = isms_asprintf("Records-merged: %zu", out->records_in);
		if (out->records_deleted)
			trailers[2] = isms_asprintf("Records-deleted: %zu", out->records_deleted);
		trailer_count += head;
	}
	message = isms_asprintf("Sync with %s", out->tracking);
	co.message = message;
	co.trailers = (const char *const *)trailers;
	co.trailer_count = trailer_count;
	if ((error = isms_repo_make_commit(&merge_id, repo, merged, (const git_commit **)parents, 2,
					   &co)) < 0)
		goto cleanup;
	reflog = isms_asprintf("sync: merge %s", out->tracking);
	if ((error = advance(repo, branch, l, &merge_id, mine, merged, reflog)) < 0)
		goto cleanup;
	git_oid_tostr(out->after, sizeof(out->after), &merge_id);
	out->outcome = ISMS_SYNC_MERGED;
cleanup:
	for (size_t i = 0; i < trailer_count; i++)
		free(trailers[i]);
	free(trailers);
	free(updates);
	free(message);
	free(reflog);
	changes_free(&ours);
	changes_free(&theirs);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_tree_free(base);
	git_tree_free(mine);
	git_tree_free(their);
	git_tree_free(merged);
	return error;
}

/* Only the remote has new commits: move to them. */
static int fast_forward(struct isms_sync_result *out, struct isms_repo *repo, const char *branch,
			const git_oid *l, const git_oid *r)
{
	git_repository *git = isms_repo_git(repo);
	git_tree *mine = NULL, *their = NULL;
	struct changes theirs = { 0 };
	char *reflog = isms_asprintf("sync: fast-forward to %s", out->tracking);
	int error;

	if ((error = commit_tree(&mine, git, l)) < 0 || (error = commit_tree(&their, git, r)) < 0 ||
	    (error = changes_between(&theirs, git, mine, their)) < 0 ||
	    (error = advance(repo, branch, l, r, mine, their, reflog)) < 0)
		goto cleanup;
	for (size_t i = 0; i < theirs.count; i++) {
		count_in(out, &theirs.items[i]);
		check_incoming(out, git, &theirs.items[i]);
	}
	git_oid_tostr(out->after, sizeof(out->after), r);
	out->outcome = ISMS_SYNC_FAST_FORWARD;
cleanup:
	changes_free(&theirs);
	git_tree_free(mine);
	git_tree_free(their);
	free(reflog);
	return error;
}

/* The remote to use: the one named, the branch's upstream, or origin. */
static char *remote_name(struct isms_repo *repo, const char *given, const char *branch)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	char *key, *name = NULL;

	if (given)
		return isms_strdup(given);
	key = isms_asprintf("branch.%s.remote", branch);
	if (git_repository_config_snapshot(&cfg, isms_repo_git(repo)) == 0 &&
	    git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr[0] && strcmp(buf.ptr, ".") != 0)
		name = isms_strdup(buf.ptr);
	git_buf_dispose(&buf);
	git_config_free(cfg);
	free(key);
	return name ? name : isms_strdup("origin");
}

/* How many commits are reachable from `tip` and not from `base`. */
static size_t count_commits(struct isms_repo *repo, const git_oid *tip, const git_oid *base)
{
	struct isms_log log;
	size_t n = isms_repo_walk(&log, repo, tip, base, NULL, 0) == 0 ? log.count : 0;

	isms_log_free(&log);
	return n;
}

/* Compare the branch with the fetched remote branch and act; the save lock
 * is held throughout. *push tells whether the remote lacks our commits.
 * Choices are checked before anything moves; conflicts (tags included)
 * leave everything as it is. */
static int bring_together(struct isms_sync_result *out, struct isms_store *store,
			  const char *branch_ref, const char *tracking, struct plan *p, bool *push)
{
	struct isms_repo *repo = isms_store_repo(store);
	git_repository *git = isms_repo_git(repo);
	enum isms_sync_outcome how;
	const char *unused;
	git_oid l, r, b;
	int error, lock = -1;

	*push = false;
	if ((error = isms_store_save_lock(&lock, store)) < 0)
		return error;
	if ((error = git_reference_name_to_id(&l, git, branch_ref)) < 0) {
		error = isms_repo_git_fail(error, branch_ref);
		goto cleanup;
	}
	git_oid_tostr(out->before, sizeof(out->before), &l);
	memcpy(out->after, out->before, sizeof(out->after));
	error = git_reference_name_to_id(&r, git, tracking);
	if (error == GIT_ENOTFOUND) {
		how = ISMS_SYNC_NEW_BRANCH;
		error = 0;
	} else if (error < 0) {
		error = isms_repo_git_fail(error, tracking);
		goto cleanup;
	} else if (git_oid_equal(&l, &r)) {
		how = ISMS_SYNC_UP_TO_DATE;
	} else if (git_repository_is_shallow(git) == 1) {
		/* libgit2 1.5 cannot walk a history cut short. */
		error = isms_error_set(ISMS_EINVALID,
			"this clone is shallow (made with --depth): isms sync needs the whole "
			"history to find where %s and %s parted; run git fetch --unshallow, then "
			"sync again; nothing was changed", out->branch, out->tracking);
		goto cleanup;
	} else if ((error = git_merge_base(&b, git, &l, &r)) < 0) {
		if (error == GIT_ENOTFOUND)
			error = isms_error_set(ISMS_EINVALID,
				"%s and %s have no history in common: they are not the same ISMS; "
				"nothing was changed", out->branch, out->tracking);
		else
			error = isms_repo_git_fail(error, "finding where the two sides parted");
		goto cleanup;
	} else {
		out->commits_in = count_commits(repo, &r, &b);
		out->commits_out = count_commits(repo, &l, &b);
		how = git_oid_equal(&b, &r) ? ISMS_SYNC_AHEAD
		      : git_oid_equal(&b, &l) ? ISMS_SYNC_FAST_FORWARD : ISMS_SYNC_MERGED;
	}
	/* out->outcome says what was done: set once it is. */
	out->outcome = ISMS_SYNC_UP_TO_DATE;
	if (how == ISMS_SYNC_MERGED) {
		error = merge(out, repo, branch_ref, &l, &r, &b, p);
		*push = error == 0 && out->outcome == ISMS_SYNC_MERGED;
		goto cleanup;
	}
	/* Not a merge: a choice can only be for a tag. */
	if ((unused = unused_choice(p))) {
		error = isms_error_set(ISMS_EUSAGE,
			"no record is in conflict with %s (%s), so there is nothing to choose for "
			"%s; nothing was changed", out->tracking,
			how == ISMS_SYNC_FAST_FORWARD ? "only it has new commits: a fast-forward"
			: how == ISMS_SYNC_UP_TO_DATE ? "it is the same as here"
			: how == ISMS_SYNC_AHEAD ? "only this side has new commits"
						 : "the remote has no such branch yet", unused);
		goto cleanup;
	}
	if (out->conflict_count) {
		out->outcome = ISMS_SYNC_CONFLICTS;
		goto cleanup;
	}
	if (how == ISMS_SYNC_FAST_FORWARD) {
		error = fast_forward(out, repo, branch_ref, &l, &r);
		goto cleanup;
	}
	out->outcome = how;
	*push = how == ISMS_SYNC_AHEAD || how == ISMS_SYNC_NEW_BRANCH;
cleanup:
	if (lock >= 0)
		close(lock);
	return error;
}

/* Fetch the remote's branches and tags into refs/isms/, then set the
 * remote-tracking branch from there and take the tags we lack. */
static int fetch(struct isms_sync_result *out, struct plan *p, struct isms_repo *repo,
		 const char *branch_ref, const char *tracking)
{
	char *heads = isms_asprintf("+refs/heads/*:refs/isms/remote-heads/%s/*", out->remote);
	char *tags = isms_asprintf("+refs/tags/*:refs/isms/remote-tags/%s/*", out->remote);
	char *fetched = isms_asprintf("refs/isms/remote-heads/%s/%s", out->remote,
				      branch_ref + strlen("refs/heads/"));
	char *advice = isms_asprintf("check the remote's address (git remote get-url %s) and "
				     "your access to it; nothing was changed", out->remote);
	const char *argv[] = { "fetch", "--no-tags", "--prune", out->remote, heads, tags, NULL };
	int error;

	if ((error = run_git(repo, argv, "fetch from the remote", advice)) == 0 &&
	    (error = refresh_tracking(isms_repo_git(repo), fetched, tracking)) == 0)
		error = merge_tags(out, p, isms_repo_git(repo));
	free(heads);
	free(tags);
	free(fetched);
	free(advice);
	return error;
}

int isms_sync_run(struct isms_sync_result *out, struct isms_store *store,
		  const struct isms_sync_opts *opts)
{
	static const struct isms_sync_opts defaults = ISMS_SYNC_OPTS_INIT;
	struct isms_repo *repo = isms_store_repo(store);
	struct plan p = { 0 };
	git_config *cfg = NULL;
	char *branch_ref = NULL, *tracking = NULL, *refspec = NULL, head[ISMS_OID_HEX];
	bool push = false;
	int error;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	p.opts = opts;
	p.used = isms_calloc(opts->choice_count + 1, sizeof(*p.used));
	p.used_renumber = isms_calloc(opts->renumber_count + 1, sizeof(*p.used_renumber));
	out->branch = isms_repo_branch(repo);
	if (strcmp(out->branch, "(detached)") == 0) {
		error = isms_error_set(ISMS_EINVALID,
			"HEAD is detached; check out a branch (git switch main) before syncing");
		goto cleanup;
	}
	if ((error = isms_repo_head(head, repo)) < 0)
		goto cleanup;
	out->remote = remote_name(repo, opts->remote, out->branch);
	if ((error = git_repository_config_snapshot(&cfg, isms_repo_git(repo))) < 0) {
		error = isms_repo_git_fail(error, "git configuration");
		goto cleanup;
	}
	if (!remote_exists(cfg, out->remote)) {
		error = isms_error_set(ISMS_ENOTFOUND,
			"no remote '%s' in this repository; add the shared repository with "
			"git remote add %s URL (a folder, ssh://host/path or https://...)",
			out->remote, out->remote[0] == '-' ? "origin" : out->remote);
		goto cleanup;
	}
	branch_ref = isms_asprintf("refs/heads/%s", out->branch);
	tracking = tracking_ref(cfg, out->remote, branch_ref);
	out->tracking = isms_strdup(strncmp(tracking, "refs/remotes/", 13) == 0 ? tracking + 13
										  : tracking);
	if ((error = fetch(out, &p, repo, branch_ref, tracking)) < 0 ||
	    (error = bring_together(out, store, branch_ref, tracking, &p, &push)) < 0)
		goto cleanup;
	if (out->outcome == ISMS_SYNC_CONFLICTS)
		goto cleanup;
	if ((error = take_tags(out, &p, isms_repo_git(repo))) < 0 || !push)
		goto cleanup;
	/* The approval tags (annotated, on commits being pushed) go along, and
	 * all or nothing: never the branch without its approvals. */
	refspec = isms_asprintf("%s:%s", branch_ref, branch_ref);
	{
		const char *argv[] = { "push", "--atomic", "--follow-tags", out->remote, refspec,
				       NULL };

		if ((error = run_git(repo, argv, "push to the remote",
				     "nothing was pushed; if the remote moved on meanwhile, run isms "
				     "sync again")) < 0)
			goto cleanup;
	}
	out->pushed = true;
cleanup:
	for (size_t i = 0; i < p.take_count; i++)
		free(p.takes[i].name);
	free(p.takes);
	free(p.used);
	free(p.used_renumber);
	git_config_free(cfg);
	free(branch_ref);
	free(tracking);
	free(refspec);
	return error;
}

static void change_free(struct isms_sync_change *c)
{
	free(c->author);
	free(c->summary);
}

void isms_sync_result_free(struct isms_sync_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->conflict_count; i++) {
		free(result->conflicts[i].id);
		free(result->conflicts[i].path);
		free(result->conflicts[i].inside);
		change_free(&result->conflicts[i].ours);
		change_free(&result->conflicts[i].theirs);
	}
	for (size_t i = 0; i < result->unreadable_count; i++) {
		free(result->unreadable[i].path);
		free(result->unreadable[i].message);
	}
	for (size_t i = 0; i < result->renumbered_count; i++) {
		free(result->renumbered[i].from);
		free(result->renumbered[i].to);
		free(result->renumbered[i].path);
	}
	free(result->renumbered);
	for (size_t i = 0; i < result->tags_taken_count; i++)
		free(result->tags_taken[i]);
	free(result->tags_taken);
	free(result->conflicts);
	free(result->unreadable);
	free(result->remote);
	free(result->branch);
	free(result->tracking);
	memset(result, 0, sizeof(*result));
}
