/* SPDX-License-Identifier: MIT */
/* Renumbering clashing IDs: when both sides added a different record
 * under the same ID and the user asked for it, ours gets the next number of
 * its kind free on both sides, and references to the old ID in the records
 * our side added or changed follow it. Refused for kinds whose IDs are
 * given rather than numbered, and for a record of ours already approved or
 * reviewed, whose tag or review would go on naming the old ID. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/kind.h"
#include "isms/sync.h"
#include "sync_private.h"

/* The index in `opts->renumber` of `id`, marked used, or -1. */
long sync_renumber_index(struct plan *p, const char *id)
{
	const struct isms_sync_opts *opts = p->opts;

	for (size_t i = 0; i < opts->renumber_count; i++)
		if (strcmp(opts->renumber[i], id) == 0) {
			p->used_renumber[i] = true;
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
 * out->renumbered; the record itself is written by sync_renumber_ours. */
int sync_plan_renumbering(struct merge_ctx *ctx, const char *id, const char *path)
{
	struct isms_sync_result *out = ctx->out;
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
	if ((error = refuse_if_approved(ctx->git, id, &ctx->theirs_commit)) < 0) {
		free(folder);
		return error;
	}
	prefix = isms_strndup(id, (size_t)(dash + 1 - id));
	digits = (int)strlen(dash + 1);
	next = highest_number(ctx->ours_tree, folder, prefix);
	if (highest_number(ctx->theirs_tree, folder, prefix) > next)
		next = highest_number(ctx->theirs_tree, folder, prefix);
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

/* Our change `o` into the merge when renumbering touches it: a renumbered
 * record of ours at its new path with its new ID, or a record of ours that
 * the merge keeps with the references to old IDs changed. */
static int renumber_change(struct merge_ctx *ctx, const struct change *o)
{
	struct isms_sync_result *out = ctx->out;
	const struct change *t = sync_find_change(&ctx->theirs, o->path);
	const struct isms_sync_choice *choice;
	struct change moved = *o;
	char *id = sync_record_id(o->path);
	const char *to = NULL;
	bool changed;
	int error;

	if (id)
		for (size_t k = 0; k < out->renumbered_count; k++)
			if (strcmp(out->renumbered[k].from, id) == 0)
				to = out->renumbered[k].path;
	choice = t && !to ? sync_choice_for(&ctx->plan, o->path, id) : NULL;
	free(id);
	if (o->how == 'D' || !sync_record_id_is(o->path) ||
	    (t && !to && !(choice && choice->side == ISMS_SYNC_OURS)))
		return 0;
	if ((error = renumber_blob(&moved.id, &changed, ctx->git, &o->id, out)) < 0)
		return error;
	if (to) {
		moved.path = to;
		moved.how = 'A';
	} else if (!changed) {
		return 0;
	}
	sync_add_update(ctx, &moved);
	return 0;
}

/* Write the renumbering into the merge: each renumbered record of ours at
 * its new path with its new ID, and the references to the old IDs in the
 * records our side added or changed that the merge keeps as ours. */
int sync_renumber_ours(struct merge_ctx *ctx)
{
	int error;

	for (size_t i = 0; i < ctx->ours.count; i++)
		if ((error = renumber_change(ctx, &ctx->ours.items[i])) < 0)
			return error;
	return 0;
}
