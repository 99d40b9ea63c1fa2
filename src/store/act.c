/* SPDX-License-Identifier: MIT */
/* The acts (doc/trust.md): accept, approve-plan, close, acknowledge, and
 * approve for records that are not controlled documents (management
 * reviews, board reports, SoA entries). Each is one commit, through the
 * one transaction, by the actor's Git identity, with the trailers Act,
 * Actor, Act-blob and Act-binds. An approval of a controlled document is
 * approval.c's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/act.h"
#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

static const char *const rating[] = { "likelihood", "impact", "residual_likelihood",
				      "residual_impact", "treatment", NULL };
static const char *const plan[] = { "treatment", "controls", "residual_likelihood",
				    "residual_impact", NULL };
static const char *const closure[] = { "cause", "corrective_action", "effectiveness", NULL };
static const char *const plan_needs[] = { "treatment", NULL };

static const struct isms_act acts[] = {
	{ "approve", { "management-review", "board-report", "control", NULL }, "approved_by",
	  "approved_on", "approved", NULL, NULL, false, "the approval" },
	{ "accept", { "risk", NULL }, "accepted_by", "accepted_on", "accepted", rating, NULL, true,
	  "the acceptance" },
	{ "approve-plan", { "risk", NULL }, "plan_approved_by", "plan_approved_on", NULL, plan,
	  plan_needs, true, "the plan approval" },
	{ "close", { "nonconformity", NULL }, "closed_by", "closed_on", "closed", closure, closure,
	  false, "the closure" },
	{ "acknowledge", { "board-report", NULL }, "acknowledged_by", "acknowledged_on", NULL, NULL,
	  NULL, false, "the acknowledgement" },
};

const struct isms_act *isms_act_at(size_t i)
{
	return i < sizeof(acts) / sizeof(acts[0]) ? &acts[i] : NULL;
}

const struct isms_act *isms_act_find(const char *name)
{
	for (size_t i = 0; name && isms_act_at(i); i++)
		if (strcmp(acts[i].name, name) == 0)
			return &acts[i];
	return NULL;
}

bool isms_act_applies(const struct isms_act *act, const struct isms_kind *kind)
{
	if (strcmp(act->name, "approve") == 0 && kind->controlled)
		return true;
	for (size_t i = 0; act->kinds[i]; i++)
		if (strcmp(act->kinds[i], kind->name) == 0)
			return true;
	return false;
}

/* The kinds `act` is made on, for a message. */
static char *kinds_of(const struct isms_act *act)
{
	struct isms_buf b = ISMS_BUF_INIT;

	for (size_t i = 0; act->kinds[i]; i++)
		isms_buf_printf(&b, "%s%s", i ? (act->kinds[i + 1] ? ", " : " and ") : "",
				act->kinds[i]);
	if (strcmp(act->name, "approve") == 0)
		isms_buf_puts(&b, ", and controlled documents");
	return isms_buf_detach(&b);
}

char *store_act_binds(const struct isms_act *act, const struct isms_node *root)
{
	struct isms_buf b = ISMS_BUF_INIT;

	for (size_t i = 0; act->binds && act->binds[i]; i++) {
		const struct isms_node *n = isms_map_get(root, act->binds[i]);
		struct isms_buf v = ISMS_BUF_INIT;

		if (n && n->type == ISMS_NODE_SCALAR) {
			isms_buf_puts(&v, n->text);
		} else if (n && n->type == ISMS_NODE_SEQ) {
			for (size_t j = 0; j < n->count; j++)
				if (n->items[j]->type == ISMS_NODE_SCALAR)
					isms_buf_printf(&v, "%s%s", j ? "," : "", n->items[j]->text);
		} else if (n) {
			isms_buf_puts(&v, "(text)");
		}
		/* One line: long text is bound by the blob, named here by its length. */
		if (v.len > 60 || (v.ptr && strchr(v.ptr, '\n'))) {
			size_t len = v.len;

			isms_buf_clear(&v);
			isms_buf_printf(&v, "(%zu bytes)", len);
		}
		isms_buf_printf(&b, "%s%s=%s", i ? " " : "", act->binds[i], v.len ? v.ptr : "-");
		isms_buf_free(&v);
	}
	return isms_buf_detach(&b);
}

/* Whether `email` is the author of a commit of `rec`'s history that set
 * or changed `field` (who did it), into `found`. */
static int wrote_field(bool *found, struct isms_store *store, const struct isms_record *rec,
		       const char *field, const char *email)
{
	struct isms_log log = { 0 };
	char *prev = NULL;
	int error;

	*found = false;
	if ((error = isms_repo_log(&log, store->repo, rec->path, 0)) < 0)
		return error;
	for (size_t i = log.count; i-- > 0 && !*found;) {
		struct isms_buf text = ISMS_BUF_INIT;
		struct isms_node *root = NULL;
		const char *v = NULL;

		if (isms_repo_read(&text, store->repo, log.items[i].id, rec->path) == 0 &&
		    isms_yaml_load(&root, NULL, text.ptr ? text.ptr : "", text.len, rec->path,
				   NULL) == 0 && root->type == ISMS_NODE_MAP)
			v = isms_map_get_text(root, field);
		isms_error_clear();
		if (v && *v && (!prev || strcmp(prev, v) != 0) && log.items[i].email &&
		    strcasecmp(log.items[i].email, email) == 0)
			*found = true;
		free(prev);
		prev = v ? isms_strdup(v) : NULL;
		isms_node_free(root);
		isms_buf_free(&text);
	}
	free(prev);
	isms_log_free(&log);
	return 0;
}

/* What refuses `act` on `rec` by `name` <`email`> whatever else. */
static int act_allowed(struct isms_store *store, const struct isms_act *act,
		       const struct isms_record *rec, const char *name, const char *email,
		       const struct store_people *people)
{
	const char *owner = isms_map_get_text(rec->root, "owner");
	const char *status = isms_map_get_text(rec->root, "status");
	int error;

	if (status && strcmp(status, "retired") == 0)
		return isms_error_set(ISMS_EINVALID, "%s is retired; no act is made on it", rec->id);
	for (size_t i = 0; act->requires && act->requires[i]; i++) {
		const char *v = isms_map_get_text(rec->root, act->requires[i]);
		const struct isms_node *n = isms_map_get(rec->root, act->requires[i]);

		if ((!v || !*v) && !(n && n->type == ISMS_NODE_SEQ && n->count))
			return isms_error_set(ISMS_EINVALID,
				"%s has no %s: %s needs it first ('isms set %s %s=...', then commit)",
				rec->id, act->requires[i], act->what, rec->id, act->requires[i]);
	}
	if ((error = store_check_authority(store, "HEAD", act->name, rec->kind, name, email)) < 0)
		return error;
	if (act->owner_only && !(owner && store_person_is(people, owner, name, email, false)))
		return isms_error_set(ISMS_EUNSAFE,
			"%s <%s> is not the owner of %s (%s): only its owner makes %s "
			"('isms %s %s' as them)", name, email, rec->id, owner ? owner : "none named",
			act->what, act->name, rec->id);
	if (strcmp(act->name, "close") == 0) {
		bool did;

		if ((error = wrote_field(&did, store, rec, "corrective_action", email)) < 0)
			return error;
		if (did)
			return isms_error_set(ISMS_EUNSAFE,
				"%s <%s> wrote the corrective action of %s (a commit that set "
				"corrective_action is theirs), so cannot judge its effectiveness: "
				"someone else closes it (10.2 d)", name, email, rec->id);
	}
	return 0;
}

/* The version of the next approval of a record that has none of its own
 * (N.0, after the last approved/ID/vN.0), and its tag. */
static char *next_approval_tag(char version[ISMS_VERSION_MAX], struct isms_store *store,
			       const struct isms_record *rec)
{
	char *last = NULL;
	unsigned long major = 0, minor = 0;

	if (isms_store_approved_tag(&last, store, rec->id, rec->path) < 0)
		isms_error_clear();
	if (last && strrchr(last, 'v'))
		store_parse_version(strrchr(last, 'v') + 1, &major, &minor);
	snprintf(version, ISMS_VERSION_MAX, "%lu.0", major + 1);
	free(last);
	return isms_asprintf("approved/%s/v%s", rec->id, version);
}

/* Stamp `rec` with `act` by `by` on the day of `who` (today when NULL). */
static void stamp(struct isms_record *rec, const struct isms_act *act, const char *by,
		  const struct isms_ident *who)
{
	char today[32];

	if (who)
		isms_date_format(today, who->time, who->offset);
	else
		isms_date_today(today);
	today[10] = '\0';
	if (act->status)
		isms_map_set(rec->root, "status", isms_node_str(act->status));
	if (act->by && isms_kind_field(rec->kind, act->by))
		isms_map_set(rec->root, act->by, isms_node_str(by));
	if (act->on && isms_kind_field(rec->kind, act->on))
		isms_map_set(rec->root, act->on, isms_node_plain(today));
}

/* Commit the stamped `rec` as the act, with its trailers (and `tag`). */
static int commit_act(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_record *rec, const struct isms_act *act, const char *actor,
		      const struct store_person *person, const char *tag, const char *version,
		      const struct isms_act_opts *opts)
{
	struct isms_save_opts save = ISMS_SAVE_OPTS_INIT;
	struct isms_buf text = ISMS_BUF_INIT;
	char blob[ISMS_OID_HEX], *tr[8] = { NULL }, *message, *binds = NULL, *undone;
	size_t n = 0;
	int error;

	if ((error = store_emit_record(&text, rec, false)) < 0)
		return error;
	isms_repo_hash(blob, text.ptr, text.len);
	if (strcmp(blob, rec->base) == 0) {
		/* An act is found in the record's history by the change it
		 * makes: one that changes nothing could not be told apart. */
		isms_buf_free(&text);
		return isms_error_set(ISMS_EINVALID,
			"%s already records %s as it would be made now (by the same person, on "
			"the same day): nothing was committed", rec->id, act->what);
	}
	binds = store_act_binds(act, rec->root);
	tr[n++] = isms_asprintf("Act: %s", act->name);
	tr[n++] = isms_asprintf("Actor: %s", actor);
	if (person)
		tr[n++] = isms_asprintf("Actor-person: %s", person->id);
	tr[n++] = isms_asprintf("Act-blob: %s", blob);
	if (binds && *binds)
		tr[n++] = isms_asprintf("Act-binds: %s", binds);
	if (tag) {
		tr[n++] = isms_asprintf("Version: %s", version);
		tr[n++] = isms_asprintf("Approved-by: %s", actor);
		tr[n++] = isms_asprintf("Approved-blob: %s", blob);
	}
	message = tag ? isms_asprintf("%s: approve v%s%s%s", rec->id, version,
				      opts->note && *opts->note ? "\n\n" : "",
				      opts->note ? opts->note : "")
		      : isms_asprintf("%s: %s%s%s", rec->id, act->name,
				      opts->note && *opts->note ? "\n\n" : "",
				      opts->note ? opts->note : "");
	undone = isms_asprintf("%s: %s was not made, and nothing changed", rec->id, act->what);
	save.message = message;
	save.author = opts->who;
	error = store_save_text(commit, store, rec, text.ptr, text.len, &save,
				&(struct save_extra){ .trailers = (const char *const *)tr, .count = n,
						      .tag = tag, .tag_message = tag ? message : NULL,
						      .tag_undone = undone, .act = act->name });
	for (size_t i = 0; i < n; i++)
		free(tr[i]);
	free(binds);
	free(message);
	free(undone);
	isms_buf_free(&text);
	return error;
}

int isms_store_act(char commit[ISMS_OID_HEX], char **tag, struct isms_store *store,
		   struct isms_record *rec, const char *name, const struct isms_act_opts *opts)
{
	static const struct isms_act_opts defaults = ISMS_ACT_OPTS_INIT;
	const struct isms_act *act = isms_act_find(name);
	struct store_people people = { 0 };
	struct isms_buf head = ISMS_BUF_INIT;
	const struct store_person *person;
	const char *owner = isms_map_get_text(rec->root, "owner");
	char *who_name = NULL, *email = NULL, *actor = NULL, *kinds, *the_tag = NULL;
	char hash[ISMS_OID_HEX], version[ISMS_VERSION_MAX] = "";
	int error;

	commit[0] = '\0';
	if (tag)
		*tag = NULL;
	if (!opts)
		opts = &defaults;
	if (!act)
		return isms_error_set(ISMS_EUSAGE, "no act '%s'", name ? name : "");
	if (!isms_act_applies(act, rec->kind)) {
		kinds = kinds_of(act);
		error = isms_error_set(ISMS_EINVALID, "%s is a %s record: '%s' is made on %s",
				       rec->id, rec->kind->name, act->name, kinds);
		free(kinds);
		return error;
	}
	if (strcmp(act->name, "approve") == 0 && rec->kind->controlled) {
		struct isms_approval a;

		error = isms_store_approve_as(commit, &a, store, rec, opts->note, opts->seen,
					      opts->who);
		if (error == 0 && tag)
			*tag = isms_strdup(a.tag);
		isms_approval_free(&a);
		return error;
	}
	if ((error = store_config_usable(store)) < 0 ||
	    (error = store_require_committed(&head, hash, store, rec, opts->seen,
					     "so that what is decided on is known")) < 0 ||
	    (error = store_acting_identity(&who_name, &email, store, opts->who)) < 0 ||
	    (error = store_people_load(&people, store, "HEAD")) < 0 ||
	    (error = act_allowed(store, act, rec, who_name, email, &people)) < 0)
		goto cleanup;
	person = store_people_by_email(&people, email);
	actor = isms_asprintf("%s <%s>", who_name, email);
	if (strcmp(act->name, "approve") == 0)
		the_tag = next_approval_tag(version, store, rec);
	/* The risk's owner accepts: the field names them as the owner does. */
	stamp(rec, act, act->owner_only && owner ? owner : person ? person->name : who_name,
	      opts->who);
	error = commit_act(commit, store, rec, act, actor, person, the_tag, version, opts);
	if (error == 0 && tag) {
		*tag = the_tag;
		the_tag = NULL;
	}
cleanup:
	store_people_free(&people);
	isms_buf_free(&head);
	free(who_name);
	free(email);
	free(actor);
	free(the_tag);
	return error;
}
