/* SPDX-License-Identifier: MIT */
/* Whether the decisions a record shows are backed by their acts
 * (doc/trust.md): for each act whose fields the record carries, the latest
 * act commit in the record's history (found through the history index),
 * made by the actor it names, committing the blob it names, with the
 * authority isms.yaml gives, signed where required, and nothing it decided
 * on changed since. `check` asks it; `isms verify` asks it more (every
 * signature, the register's signing keys). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/act.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/rules.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

/* The act commit that backs `act` on `id`: its id, message and (for an
 * approval) tag. */
struct backing {
	char commit[ISMS_OID_HEX];
	char *msg, *tag;
};

static void backing_free(struct backing *b)
{
	free(b->msg);
	free(b->tag);
	memset(b, 0, sizeof(*b));
}

/* The latest commit of `path`'s history that is `act` on `id`: for an
 * approval, the commit its latest approved/ID/vX.Y tag names; otherwise
 * the newest commit whose trailers say Act: ACT and Record: ID. 1 found,
 * 0 not. */
static int find_backing(struct backing *out, struct isms_store *store, const struct isms_act *act,
			const struct isms_view *v, const char *path)
{
	struct isms_log log = { 0 };
	int error, found = 0;

	memset(out, 0, sizeof(*out));
	if (strcmp(act->name, "approve") == 0) {
		out->tag = store_latest_approval_tag(store, v->id, path,
						     isms_map_get_text(v->root, "version"));
		if (!out->tag || isms_repo_resolve(out->commit, store->repo, out->tag) < 0 ||
		    isms_repo_message(&out->msg, store->repo, out->commit) < 0) {
			isms_error_clear();
			backing_free(out);
			return 0;
		}
		return 1;
	}
	if ((error = isms_repo_log(&log, store->repo, path, 0)) < 0)
		return error;
	/* The latest by the graph, not by dates (commits in one second have no
	 * order the log can tell). */
	for (size_t i = 0; i < log.count; i++) {
		char *msg = NULL, *a = NULL, *r = NULL;
		git_oid mine, best;

		if (isms_repo_message(&msg, store->repo, log.items[i].id) == 0 &&
		    (a = isms_trailer_value(msg, "Act")) && strcmp(a, act->name) == 0 &&
		    (r = isms_trailer_value(msg, "Record")) && strcmp(r, v->id) == 0 &&
		    (!found || (git_oid_fromstr(&mine, log.items[i].id) == 0 &&
				git_oid_fromstr(&best, out->commit) == 0 &&
				git_graph_descendant_of(isms_repo_git(store->repo), &mine, &best) == 1))) {
			memcpy(out->commit, log.items[i].id, ISMS_OID_HEX);
			free(out->msg);
			out->msg = msg;
			msg = NULL;
			found = 1;
		}
		isms_error_clear();
		free(msg);
		free(a);
		free(r);
	}
	isms_log_free(&log);
	return found;
}

/* Whether the act shows in `root`: its status, or its person field. */
static const struct isms_node *shown_at(const struct isms_act *act, const struct isms_node *root)
{
	const struct isms_node *status = isms_map_get(root, "status"), *by;

	if (act->status && status && status->type == ISMS_NODE_SCALAR &&
	    strcmp(status->text, act->status) == 0)
		return status;
	by = act->by ? isms_map_get(root, act->by) : NULL;
	if (by && !(by->type == ISMS_NODE_SCALAR && !by->text[0]))
		return by;
	return NULL;
}

/* "Name <email>" into its parts; false when it is not that. */
static bool split_ident(char **name, char **email, const char *s)
{
	const char *lt = s ? strrchr(s, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;

	*name = *email = NULL;
	if (!lt || !gt || lt == s)
		return false;
	*name = isms_strndup(s, (size_t)(lt - s - (lt[-1] == ' ')));
	*email = isms_strndup(lt + 1, (size_t)(gt - lt - 1));
	return true;
}

/* Whether field `key` belongs to another act than `act` (its fields, or a
 * status value another act gives), so that `act` does not bind it. */
static bool other_acts_field(const struct isms_act *act, const struct isms_kind *kind,
			     const char *key, const struct isms_node *value)
{
	const char *a = isms_kind_field_act(kind, key,
					    value && value->type == ISMS_NODE_SCALAR ? value->text
										     : NULL);

	if (strcmp(key, "status") == 0)
		return !act->status || (a && strcmp(a, act->name) != 0);
	return a && strcmp(a, act->name) != 0;
}

/* A scalar's text for a message. */
static const char *shown(const struct isms_node *n)
{
	return !n ? "(none)" : n->type == ISMS_NODE_SCALAR ? n->text : "(a list)";
}

static bool same(const struct isms_node *a, const struct isms_node *b)
{
	struct isms_buf x = ISMS_BUF_INIT, y = ISMS_BUF_INIT;
	bool eq;

	if (!a || !b)
		return a == b;
	if (a->type == ISMS_NODE_SCALAR && b->type == ISMS_NODE_SCALAR)
		return strcmp(a->text, b->text) == 0;
	eq = isms_yaml_emit(&x, a) == 0 && isms_yaml_emit(&y, b) == 0 && x.len == y.len &&
	     memcmp(x.ptr, y.ptr, x.len) == 0;
	isms_buf_free(&x);
	isms_buf_free(&y);
	return eq;
}

/* The first field of `now` that `act` decided on and that is not as in
 * `then`; NULL when none. */
static const char *changed_since(const struct isms_act *act, const struct isms_kind *kind,
				 const struct isms_node *now, const struct isms_node *then,
				 const struct isms_node **was, const struct isms_node **is)
{
	const char *own[] = { act->by, act->on, act->status ? "status" : NULL };

	for (size_t i = 0; i < 3; i++)
		if (own[i] && !same(*is = isms_map_get(now, own[i]), *was = isms_map_get(then, own[i])))
			return own[i];
	if (act->binds) {
		for (size_t i = 0; act->binds[i]; i++)
			if (!same(*is = isms_map_get(now, act->binds[i]),
				  *was = isms_map_get(then, act->binds[i])))
				return act->binds[i];
		return NULL;
	}
	for (size_t i = 0; i < now->count; i++) {
		const char *key = now->pairs[i].key;

		if (!other_acts_field(act, kind, key, now->pairs[i].value) &&
		    !same(*is = now->pairs[i].value, *was = isms_map_get(then, key)))
			return key;
	}
	for (size_t i = 0; i < then->count; i++) {
		const char *key = then->pairs[i].key;

		if (!other_acts_field(act, kind, key, then->pairs[i].value) && !isms_map_get(now, key)) {
			*is = NULL;
			*was = then->pairs[i].value;
			return key;
		}
	}
	return NULL;
}

/* The signature checks: git verify-commit / verify-tag; required by
 * isms.yaml's signed_acts; by the person's key from the register. */
static void check_signatures(struct isms_findings *f, struct store_act_tally *t,
			     struct isms_store *store, const struct isms_act *act,
			     const struct isms_view *v, const struct isms_node *at,
			     const struct backing *b, const struct store_person *person,
			     const char *email, bool deep)
{
	bool required = store_signing_required(store, v->kind) || (deep && person && person->key);
	const char *name = b->tag ? b->tag : b->commit;
	int verified;

	if (!required && !deep)
		return;
	verified = b->tag ? isms_repo_verify(store->repo, b->tag) : 0;
	if (!b->tag || verified == 0)
		verified = isms_repo_verify(store->repo, b->commit);
	if (verified > 0)
		t->signed_acts++;
	if (verified < 0)
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s of %s (%.12s): %s", act->what, v->id, name, isms_error_last()->message);
	else if (verified == 0 && required)
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s of %s (%.12s) is not signed, but %s; the actor makes it again with "
			"Git signing configured", act->what, v->id, name,
			person && person->key ? "the people register holds the actor's signing key"
					      : "isms.yaml's signed_acts requires signed acts for this kind");
	else if (verified > 0 && deep && person && person->key &&
		 store_signed_by_key(store, name, person, email) != 1)
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s of %s (%.12s) is signed, but not with %s's key in the people "
			"register (%s): %s", act->what, v->id, name, person->name, person->id,
			isms_error_last()->message);
	isms_error_clear();
}

/* Who made the act commit (and tag) must be the actor it names. */
static void check_actor(struct isms_findings *f, struct isms_store *store,
			const struct isms_act *act, const struct isms_view *v,
			const struct isms_node *at, const struct backing *b, const char *name,
			const char *email)
{
	struct isms_who author, committer, tagger;
	char target[ISMS_OID_HEX];

	if (isms_repo_commit_people(&author, &committer, store->repo, b->commit) == 0 &&
	    (strcasecmp(author.email, email) != 0 || strcasecmp(committer.email, email) != 0))
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s of %s in commit %.7s names %s <%s> as its actor, but the commit was "
			"made by %s <%s>: an act is made by the actor's own Git identity ('isms %s "
			"%s' as them)", act->what, v->id, b->commit, name, email,
			strcasecmp(author.email, email) != 0 ? author.name : committer.name,
			strcasecmp(author.email, email) != 0 ? author.email : committer.email,
			act->name, v->id);
	isms_who_free(&author);
	isms_who_free(&committer);
	if (b->tag && isms_repo_tagger(&tagger, target, store->repo, b->tag) == 0) {
		if (!tagger.email[0])
			isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
				"the tag %s is not an annotated tag by its approver: it was not made "
				"by 'isms approve %s'", b->tag, v->id);
		else if (strcasecmp(tagger.email, email) != 0)
			isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
				"the tag %s was made by %s <%s>, not by the approver %s <%s>: only "
				"the approver tags their approval ('isms approve %s')", b->tag,
				tagger.name, tagger.email, name, email, v->id);
		isms_who_free(&tagger);
	}
	isms_error_clear();
}

/* An approval of a controlled document by an author of what it approved
 * (a commit that changed the file since the approval before it), unless
 * it says Self-approved: yes and isms.yaml allows it for the kind. */
static void check_not_author(struct isms_findings *f, struct isms_store *store,
			     const struct isms_view *v, const char *path,
			     const struct isms_node *at, const struct backing *b,
			     const char *email)
{
	struct isms_log log = { 0 };
	char *self = isms_trailer_value(b->msg, "Self-approved");
	bool allowed = self && strcmp(self, "yes") == 0 &&
		       store->self_approval[v->kind - isms_kind_at(0)];
	git_oid from;

	if (allowed || git_oid_fromstr(&from, b->commit) < 0 ||
	    isms_repo_walk(&log, store->repo, &from, NULL, path, 0) < 0)
		goto cleanup;
	for (size_t i = 1; i < log.count; i++) {
		char version[ISMS_VERSION_MAX];

		if (isms_store_approval_of(NULL, version, store, &log.items[i], v->id))
			break;  /* the approval before: what came before it was approved then */
		if (log.items[i].email && strcasecmp(log.items[i].email, email) == 0) {
			isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
				"the approval of %s in commit %.7s was made by %s, who wrote a change it "
				"approved (commit %.7s): an approver is not an author%s", v->id,
				b->commit, email, log.items[i].id,
				self ? " (isms.yaml's self_approval does not allow it for this kind)" : "");
			break;
		}
	}
cleanup:
	isms_error_clear();
	isms_log_free(&log);
	free(self);
}

/* What the act commit `b` says and commits, against the record now. */
static void check_backing(struct isms_findings *f, struct store_act_tally *t,
			  struct isms_store *store, const struct isms_act *act,
			  const struct isms_view *v, const char *path, const struct isms_node *at,
			  const struct backing *b, bool deep)
{
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *then = NULL;
	struct store_people people = { 0 };
	const struct isms_node *was = NULL, *is = NULL;
	char *blob = isms_trailer_value(b->msg, "Act-blob");
	char *actor = isms_trailer_value(b->msg, "Actor");
	char *name = NULL, *email = NULL, hash[ISMS_OID_HEX];
	const char *key, *owner;
	bool controlled = strcmp(act->name, "approve") == 0 && v->kind->controlled;

	if (!blob)
		blob = isms_trailer_value(b->msg, "Approved-blob");
	if (!actor)
		actor = isms_trailer_value(b->msg, "Approved-by");
	t->acts++;
	if (isms_repo_read(&text, store->repo, b->commit, path) < 0 ||
	    isms_yaml_load(&then, NULL, text.ptr ? text.ptr : "", text.len, path, NULL) < 0 ||
	    then->type != ISMS_NODE_MAP) {
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s of %s in commit %.7s does not hold a readable %s", act->what, v->id,
			b->commit, path);
		goto cleanup;
	}
	isms_repo_hash(hash, text.ptr ? text.ptr : "", text.len);
	if (!blob || strcmp(blob, hash) != 0)
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s of %s in commit %.7s names %s as the blob decided on, but commits "
			"%.12s: it was not made by 'isms %s %s'", act->what, v->id, b->commit,
			blob ? blob : "no blob (no Act-blob trailer)", hash, act->name, v->id);
	if (!split_ident(&name, &email, actor)) {
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s of %s in commit %.7s names no actor (Actor: Name <email>)", act->what,
			v->id, b->commit);
		goto cleanup;
	}
	check_actor(f, store, act, v, at, b, name, email);
	if (controlled)
		check_not_author(f, store, v, path, at, b, email);
	if (!controlled && (key = changed_since(act, v->kind, v->root, then, &was, &is)))
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s changed since %s in commit %.7s (was %s, now %s): it no longer stands; "
			"'isms %s %s' makes it anew", key, act->what, b->commit, shown(was), shown(is),
			act->name, v->id);
	if (store_people_load(&people, store, b->commit) < 0)
		isms_error_clear();
	owner = isms_map_get_text(then, "owner");
	if (act->owner_only && !(owner && store_person_is(&people, owner, name, email, false)))
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s in commit %.7s was made by %s <%s>, who was not %s's owner (%s) then: only "
			"the owner makes it", act->what, b->commit, name, email, v->id,
			owner ? owner : "none named");
	if (store_check_authority(store, b->commit, act->name, v->kind, name, email) < 0)
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column, "the %s in commit %.7s: %s",
				  act->what, b->commit, isms_error_last()->message);
	isms_error_clear();
	check_signatures(f, t, store, act, v, at, b, store_people_by_email(&people, email), email,
			 deep);
cleanup:
	store_people_free(&people);
	isms_node_free(then);
	isms_buf_free(&text);
	free(blob);
	free(actor);
	free(name);
	free(email);
}

void store_check_act(struct isms_findings *f, struct store_act_tally *t, struct isms_store *store,
		     const struct isms_view *v, const char *path, const struct isms_act *act,
		     bool deep)
{
	struct store_act_tally none = { 0 };
	const struct isms_node *at;
	struct backing b;
	int found;

	if (!t)
		t = &none;
	if (!v->root || v->root->type != ISMS_NODE_MAP || !isms_act_applies(act, v->kind) ||
	    !(at = shown_at(act, v->root)))
		return;
	found = find_backing(&b, store, act, v, path);
	if (found < 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column, "%s",
				  isms_error_last()->message);
		isms_error_clear();
		return;
	}
	if (found == 0 && strcmp(act->name, "approve") == 0 && v->kind->controlled) {
		struct isms_unfinished u;

		/* An approval whose tag failed: store_check_unfinished says so. */
		found = isms_store_unfinished_approval(&u, store, v->id, path) == 1 ? 2 : 0;
		isms_unfinished_free(&u);
		isms_error_clear();
		if (found)
			return;
	}
	if (found == 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, at->line, at->column,
			"%s: %s, but no act backs it (no '%s' commit for %s in its history, a hand "
			"edit?): %s is made with 'isms %s %s'", at == isms_map_get(v->root, "status")
			? "status" : act->by, shown(at), act->name, v->id, act->what, act->name, v->id);
		t->acts++;
		return;
	}
	check_backing(f, t, store, act, v, path, at, &b, deep);
	backing_free(&b);
}

void store_check_acts(struct isms_findings *f, struct store_act_tally *t,
		      struct isms_store *store, const struct isms_view *v, const char *path,
		      bool deep)
{
	for (size_t i = 0; isms_act_at(i); i++)
		store_check_act(f, t, store, v, path, isms_act_at(i), deep);
}
