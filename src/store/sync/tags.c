/* SPDX-License-Identifier: MIT */
/* Approval tags from the remote: each tag fetched to
 * refs/isms/remote-tags/REMOTE/ is created here when we lack it, once the
 * sync goes ahead (not when it stops on a conflict); one we have
 * at another object is a conflict (ISMS_SYNC_TAG_CLASH), or, when the user
 * chose theirs, replaces ours once the sync goes ahead, ours being kept as
 * refs/isms/replaced-tags/NAME. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "sync_private.h"

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
	return id ? sync_choice_for(p, name, id) : NULL;
}

/* Plan taking the remote's tag `name` at `theirs`; `ours` is zero when we
 * lack it. */
static void plan_take(struct plan *p, const char *name, const git_oid *ours, const git_oid *theirs)
{
	struct tag_take *t;

	p->takes = isms_grow(p->takes, &p->take_cap, p->take_count + 1, sizeof(*p->takes));
	t = &p->takes[p->take_count++];
	t->name = isms_strdup(name);
	git_oid_cpy(&t->ours, ours);
	git_oid_cpy(&t->theirs, theirs);
}

/* The remote's tag `name` (at `theirs`) against ours: to be created here
 * when we lack it (once the sync goes ahead: sync_take_tags); when ours is
 * at another object, a conflict or, chosen, a tag to take. */
static int merge_tag(struct merge_ctx *ctx, const char *name, const git_oid *theirs)
{
	struct isms_sync_result *out = ctx->out;
	struct plan *p = &ctx->plan;
	git_repository *git = ctx->git;
	char *local = isms_asprintf("refs/tags/%s", name), *id = NULL;
	const struct isms_sync_choice *choice;
	struct isms_sync_conflict *k;
	git_oid ours;
	int error = git_reference_name_to_id(&ours, git, local);

	if (error == GIT_ENOTFOUND) {
		git_oid none;

		memset(&none, 0, sizeof(none));
		plan_take(p, name, &none, theirs);
		error = 0;
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
		plan_take(p, name, &ours, theirs);
		goto cleanup;
	}
	k = sync_add_conflict(out, ISMS_SYNC_TAG_CLASH, name);
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
int sync_merge_tags(struct merge_ctx *ctx)
{
	git_repository *git = ctx->git;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	char *prefix = isms_asprintf("refs/isms/remote-tags/%s/", ctx->folder);
	size_t len = strlen(prefix);
	int error;

	if ((error = git_reference_iterator_new(&it, git)) < 0) {
		free(prefix);
		return isms_repo_git_fail(error, "reading the tags");
	}
	while (!error && git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);

		if (strncmp(name, prefix, len) == 0 && git_reference_target(ref))
			error = merge_tag(ctx, name + len, git_reference_target(ref));
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	free(prefix);
	return error;
}

/* Create the remote's tags we lack, and replace ours by the remote's as
 * chosen (ours kept under refs/isms/replaced-tags/): once the sync goes
 * ahead, never when it stops on a conflict. */
int sync_take_tags(struct merge_ctx *ctx)
{
	struct isms_sync_result *out = ctx->out;
	struct plan *p = &ctx->plan;
	git_repository *git = ctx->git;

	for (size_t i = 0; i < p->take_count; i++) {
		struct tag_take *t = &p->takes[i];
		char *kept = isms_asprintf("refs/isms/replaced-tags/%s", t->name);
		char *local = isms_asprintf("refs/tags/%s", t->name);
		git_reference *a = NULL, *b = NULL;
		bool lacked = git_oid_is_zero(&t->ours);
		int error = lacked ? git_reference_create(&b, git, local, &t->theirs, 0,
							  "sync: tag from the remote")
			: git_reference_create(&a, git, kept, &t->ours, 1, "sync: replaced by theirs");

		if (error == 0 && !lacked)
			error = git_reference_create_matching(&b, git, local, &t->theirs, 1, &t->ours,
							      "sync: theirs taken");
		git_reference_free(a);
		git_reference_free(b);
		free(kept);
		free(local);
		if (error < 0)
			return isms_repo_git_fail(error, t->name);
		if (lacked)
			continue;
		out->tags_taken = isms_realloc(out->tags_taken,
					       (out->tags_taken_count + 1) * sizeof(*out->tags_taken));
		out->tags_taken[out->tags_taken_count++] = isms_strdup(t->name);
	}
	return 0;
}
