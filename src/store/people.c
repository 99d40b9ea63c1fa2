/* SPDX-License-Identifier: MIT */
/* The people register (people/PER-NNN.yaml) as it was at a revision, whom
 * a person field names, and the authority isms.yaml gives for an act
 * (doc/trust.md). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/act.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

void store_people_free(struct store_people *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++) {
		free(p->items[i].id);
		free(p->items[i].name);
		free(p->items[i].emails);
		free(p->items[i].key);
	}
	free(p->items);
	memset(p, 0, sizeof(*p));
}

/* One person's file into `p`; false when it is not a person. */
static bool person_read(struct store_person *p, const char *id, const struct isms_buf *text,
			const char *path)
{
	struct isms_node *root = NULL;
	const char *name, *emails, *key;
	bool ok = false;

	memset(p, 0, sizeof(*p));
	if (isms_yaml_load(&root, NULL, text->ptr ? text->ptr : "", text->len, path, NULL) == 0 &&
	    root->type == ISMS_NODE_MAP && (name = isms_map_get_text(root, "title")) && *name) {
		emails = isms_map_get_text(root, "emails");
		key = isms_map_get_text(root, "signing_key");
		p->id = isms_strdup(id);
		p->name = isms_strdup(name);
		p->emails = isms_strdup(emails ? emails : "");
		p->key = key && *key ? isms_strdup(key) : NULL;
		ok = true;
	}
	isms_error_clear();
	isms_node_free(root);
	return ok;
}

int store_people_load(struct store_people *out, struct isms_store *store, const char *rev)
{
	const struct isms_kind *kind = isms_kind_find("person");
	struct isms_status files = { 0 };
	size_t cap = 0, n = strlen(kind->folder);
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_repo_files(&files, store->repo, rev)) < 0) {
		isms_error_clear();
		return error == ISMS_ENOTFOUND ? 0 : error;
	}
	for (size_t i = 0; i < files.count; i++) {
		const char *path = files.items[i].path, *name = path + n + 1;
		struct isms_buf text = ISMS_BUF_INIT;
		size_t len = strlen(name);
		char *id;

		if (strncmp(path, kind->folder, n) != 0 || path[n] != '/' || strchr(name, '/') ||
		    len <= 5 || strcmp(name + len - 5, ".yaml") != 0)
			continue;
		id = isms_strndup(name, len - 5);
		out->items = isms_grow(out->items, &cap, out->count + 1, sizeof(*out->items));
		if (isms_repo_read(&text, store->repo, rev, path) == 0 &&
		    person_read(&out->items[out->count], id, &text, path))
			out->count++;
		isms_error_clear();
		isms_buf_free(&text);
		free(id);
	}
	isms_status_free(&files);
	return 0;
}

bool store_person_has_email(const struct store_person *p, const char *email)
{
	size_t n = email ? strlen(email) : 0;

	for (const char *s = p->emails; n && *s;) {
		size_t len;

		while (*s == ',' || isspace((unsigned char)*s) || *s == '<')
			s++;
		len = strcspn(s, ", \t\n>");
		if (len == n && strncasecmp(s, email, n) == 0)
			return true;
		s += len;
		if (*s == '>')
			s++;
	}
	return false;
}

const struct store_person *store_people_by_email(const struct store_people *p, const char *email)
{
	for (size_t i = 0; i < p->count; i++)
		if (store_person_has_email(&p->items[i], email))
			return &p->items[i];
	return NULL;
}

/* The name part of "Name <email>", or all of `value`, into a new string. */
static char *name_part(const char *value)
{
	const char *lt = strrchr(value, '<');
	size_t n = lt ? (size_t)(lt - value) : strlen(value);

	while (n && isspace((unsigned char)value[n - 1]))
		n--;
	return isms_strndup(value, n);
}

const struct store_person *store_people_named(const struct store_people *p, const char *value)
{
	char *name;
	const struct store_person *found = NULL;

	if (!value || !*value)
		return NULL;
	name = name_part(value);
	for (size_t i = 0; i < p->count && !found; i++)
		if (strcmp(p->items[i].id, value) == 0 || strcmp(p->items[i].name, name) == 0)
			found = &p->items[i];
	free(name);
	return found;
}

bool store_person_is(const struct store_people *p, const char *value, const char *name,
		     const char *email, bool strict)
{
	const struct store_person *who = store_people_named(p, value);
	char *plain;
	bool same;

	if (who)
		return store_person_has_email(who, email);
	if (strict || !value)
		return false;
	/* Nobody in the register: the free-text name as git names them. */
	plain = name_part(value);
	same = name && strcmp(plain, name) == 0;
	free(plain);
	return same;
}

const char *store_authority_role(const struct isms_store *store, const char *act,
				 const struct isms_kind *kind)
{
	const struct isms_node *a = store->config_root ? isms_map_get(store->config_root, "authority")
						       : NULL;
	const struct isms_node *per = a && a->type == ISMS_NODE_MAP ? isms_map_get(a, act) : NULL;

	return per && per->type == ISMS_NODE_MAP ? isms_map_get_text(per, kind->name) : NULL;
}

bool store_signing_required(const struct isms_store *store, const struct isms_kind *kind)
{
	const struct isms_node *s = store->config_root ? isms_map_get(store->config_root,
								      "signed_acts") : NULL;

	for (size_t i = 0; s && s->type == ISMS_NODE_SEQ && i < s->count; i++)
		if (s->items[i]->type == ISMS_NODE_SCALAR &&
		    (strcmp(s->items[i]->text, kind->name) == 0 || strcmp(s->items[i]->text, "all") == 0))
			return true;
	return false;
}

int store_check_authority(struct isms_store *store, const char *rev, const char *act,
			  const struct isms_kind *kind, const char *name, const char *email)
{
	const char *role_id = store_authority_role(store, act, kind);
	const struct isms_kind *role_kind = isms_kind_find("role");
	struct store_people people;
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *role = NULL;
	const char *holder = NULL;
	char *path;
	int error;

	if (!role_id)
		return 0;
	path = isms_asprintf("%s/%s.yaml", role_kind->folder, role_id);
	if ((error = store_people_load(&people, store, rev)) < 0)
		goto cleanup;
	if (isms_repo_read(&text, store->repo, rev, path) < 0 ||
	    isms_yaml_load(&role, NULL, text.ptr ? text.ptr : "", text.len, path, NULL) < 0 ||
	    role->type != ISMS_NODE_MAP) {
		error = isms_error_set(ISMS_EUNSAFE,
			"isms.yaml gives 'authority: %s: %s: %s', but role %s is not committed "
			"(%s); create the role and name its holder first", act, kind->name, role_id,
			role_id, path);
		goto cleanup;
	}
	holder = isms_map_get_text(role, "holder");
	if (!store_people_by_email(&people, email))
		error = isms_error_set(ISMS_EUNSAFE,
			"%s <%s> is not in the people register (people/): a %s of a %s is made by "
			"the holder of %s, found there by the email of their Git identity; add them "
			"with 'isms new person title=\"%s\" emails=%s'", name, email, act, kind->name,
			role_id, name, email);
	else if (!holder || !store_person_is(&people, holder, name, email, true))
		error = isms_error_set(ISMS_EUNSAFE,
			"%s <%s> may not %s a %s: isms.yaml's authority gives that to the holder of "
			"%s, who is %s", name, email, act, kind->name, role_id,
			holder && *holder ? holder : "nobody (the role names no holder)");
cleanup:
	isms_node_free(role);
	isms_buf_free(&text);
	store_people_free(&people);
	free(path);
	return error;
}

void store_config_check_acts(struct isms_findings *out, const struct isms_node *root)
{
	const struct isms_node *a = isms_map_get(root, "authority");
	const struct isms_node *s = isms_map_get(root, "signed_acts");

	if (a && a->type != ISMS_NODE_MAP)
		isms_findings_add(out, ISMS_SEV_ERROR, a->line, a->column,
			"'authority' must map acts to kinds to roles, for example "
			"approve: {policy: ROL-001}");
	for (size_t i = 0; a && a->type == ISMS_NODE_MAP && i < a->count; i++) {
		const struct isms_act *act = isms_act_find(a->pairs[i].key);
		const struct isms_node *per = a->pairs[i].value;

		if (!act) {
			isms_findings_add(out, ISMS_SEV_ERROR, a->pairs[i].line, a->pairs[i].column,
				"authority: '%s' is not an act (approve, accept, approve-plan, close, "
				"acknowledge)", a->pairs[i].key);
			continue;
		}
		if (per->type != ISMS_NODE_MAP) {
			isms_findings_add(out, ISMS_SEV_ERROR, per->line, per->column,
				"authority: %s must map kinds to roles, for example {policy: ROL-001}",
				act->name);
			continue;
		}
		for (size_t k = 0; k < per->count; k++) {
			const struct isms_kind *kind = isms_kind_find(per->pairs[k].key);
			const struct isms_node *role = per->pairs[k].value;

			if (!kind || !isms_act_applies(act, kind))
				isms_findings_add(out, ISMS_SEV_ERROR, per->pairs[k].line,
					per->pairs[k].column, "authority: %s: '%s' is not a kind %s is "
					"made on", act->name, per->pairs[k].key, act->name);
			else if (role->type != ISMS_NODE_SCALAR || isms_id_check(role->text) < 0)
				isms_findings_add(out, ISMS_SEV_ERROR, role->line, role->column,
					"authority: %s: %s must name a role by its ID, for example ROL-001",
					act->name, kind->name);
			isms_error_clear();
		}
	}
	if (s && s->type != ISMS_NODE_SEQ)
		isms_findings_add(out, ISMS_SEV_ERROR, s->line, s->column,
			"'signed_acts' must list kinds (or all), for example [policy, risk]");
	for (size_t i = 0; s && s->type == ISMS_NODE_SEQ && i < s->count; i++)
		if (s->items[i]->type != ISMS_NODE_SCALAR ||
		    (strcmp(s->items[i]->text, "all") != 0 && !isms_kind_find(s->items[i]->text)))
			isms_findings_add(out, ISMS_SEV_ERROR, s->items[i]->line, s->items[i]->column,
				"signed_acts: '%s' is not a kind of record (or all)",
				s->items[i]->type == ISMS_NODE_SCALAR ? s->items[i]->text : "?");
}
