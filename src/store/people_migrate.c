/* SPDX-License-Identifier: MIT */
/* The people register against the records: a person field that names
 * nobody in it (a check warning), and its migration from the free-text
 * names in use (isms people migrate). */
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
#include "store_private.h"

/* Whether person field `fd` names a person of the register: an owner, a
 * role's holder, or who made a decision (not, say, the body a report went
 * to). */
static bool names_a_person(const struct isms_field *fd)
{
	return fd && fd->type == ISMS_FIELD_PERSON &&
	       (fd->act || strcmp(fd->name, "owner") == 0 || strcmp(fd->name, "holder") == 0);
}

/* The register as the records `all` hold it (their working tree). */
static void people_of(struct store_people *out, const struct isms_records *all)
{
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < all->count; i++) {
		const struct isms_view *v = &all->views[i];
		const char *name, *emails, *key;
		struct store_person *p;

		if (!v->root || v->root->type != ISMS_NODE_MAP || strcmp(v->kind->name, "person") != 0 ||
		    !(name = isms_map_get_text(v->root, "title")) || !*name)
			continue;
		emails = isms_map_get_text(v->root, "emails");
		key = isms_map_get_text(v->root, "signing_key");
		out->items = isms_grow(out->items, &cap, out->count + 1, sizeof(*out->items));
		p = &out->items[out->count++];
		p->id = isms_strdup(v->id);
		p->name = isms_strdup(name);
		p->emails = isms_strdup(emails ? emails : "");
		p->key = key && *key ? isms_strdup(key) : NULL;
	}
}

void store_check_people(struct isms_records *all)
{
	struct store_people people;

	people_of(&people, all);
	for (size_t i = 0; people.count && i < all->count; i++) {
		const struct isms_view *v = &all->views[i];

		if (!v->root || v->root->type != ISMS_NODE_MAP)
			continue;
		for (size_t k = 0; k < v->root->count; k++) {
			const struct isms_field *fd = isms_kind_field(v->kind, v->root->pairs[k].key);
			const struct isms_node *n = v->root->pairs[k].value;

			if (!names_a_person(fd) || n->type != ISMS_NODE_SCALAR ||
			    !n->text[0] || store_people_named(&people, n->text))
				continue;
			isms_findings_add(&all->findings[i], ISMS_SEV_WARNING, n->line, n->column,
				"%s: '%s' is nobody in the people register (people/): name a person "
				"by ID or name, add them ('isms new person --set \"title=%s\"'), or "
				"run 'isms people migrate'", fd->name, n->text, n->text);
		}
	}
	store_people_free(&people);
}

/* The emails `name` commits with in this history, separated by commas. */
static char *emails_of(const struct isms_log *log, const char *name, const char *given)
{
	struct isms_buf b = ISMS_BUF_INIT;

	if (given)
		isms_buf_puts(&b, given);
	for (size_t i = 0; i < log->count; i++) {
		const char *e = log->items[i].email;

		if (!log->items[i].author || strcmp(log->items[i].author, name) != 0 || !e || !*e ||
		    (b.ptr && strstr(b.ptr, e)))
			continue;
		isms_buf_printf(&b, "%s%s", b.len ? ", " : "", e);
	}
	return isms_buf_detach(&b);
}

int isms_store_people_migrate(char ***created, size_t *count, struct isms_store *store)
{
	struct isms_records all;
	struct store_people people;
	struct isms_log log = { 0 };
	char **names = NULL, **emails = NULL;
	size_t n = 0, cap = 0, ecap = 0;
	int error;

	*created = NULL;
	*count = 0;
	if ((error = isms_store_load_all(&all, store, NULL)) < 0)
		return error;
	people_of(&people, &all);
	for (size_t i = 0; i < all.count; i++) {
		const struct isms_view *v = &all.views[i];

		for (size_t k = 0; v->root && v->root->type == ISMS_NODE_MAP && k < v->root->count; k++) {
			const struct isms_field *fd = isms_kind_field(v->kind, v->root->pairs[k].key);
			const struct isms_node *val = v->root->pairs[k].value;
			const char *lt, *gt;
			char *name;
			bool seen = false;

			if (!names_a_person(fd) || val->type != ISMS_NODE_SCALAR ||
			    !val->text[0] || store_people_named(&people, val->text))
				continue;
			lt = strrchr(val->text, '<');
			gt = lt ? strchr(lt, '>') : NULL;
			name = isms_strndup(val->text, lt && gt && lt > val->text
				? (size_t)(lt - val->text - (lt[-1] == ' ')) : strlen(val->text));
			for (size_t j = 0; j < n && !seen; j++)
				seen = strcmp(names[j], name) == 0;
			if (seen) {
				free(name);
				continue;
			}
			names = isms_grow(names, &cap, n + 1, sizeof(*names));
			emails = isms_grow(emails, &ecap, n + 1, sizeof(*emails));
			names[n] = name;
			emails[n++] = lt && gt ? isms_strndup(lt + 1, (size_t)(gt - lt - 1)) : NULL;
		}
	}
	if ((error = isms_repo_log(&log, store->repo, NULL, 0)) < 0)
		goto cleanup;
	for (size_t i = 0; i < n && error == 0; i++) {
		struct isms_record *rec = NULL;
		struct isms_save_opts save = ISMS_SAVE_OPTS_INIT;
		char commit[ISMS_OID_HEX], *mail = emails_of(&log, names[i], emails[i]), *message;

		if ((error = isms_store_create(&rec, store, isms_kind_find("person"), NULL)) == 0) {
			isms_map_set(rec->root, "title", isms_node_str(names[i]));
			if (mail && *mail)
				isms_map_set(rec->root, "emails", isms_node_str(mail));
			message = isms_asprintf("%s: register %s (a name in use)", rec->id, names[i]);
			save.message = message;
			if ((error = isms_store_save(commit, store, rec, &save)) == 0) {
				*created = isms_realloc(*created, (*count + 1) * sizeof(**created));
				(*created)[(*count)++] = isms_asprintf("%s %s%s%s%s", rec->id, names[i],
					mail && *mail ? " <" : "", mail ? mail : "", mail && *mail ? ">" : "");
			}
			free(message);
		}
		isms_record_free(rec);
		free(mail);
	}
cleanup:
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(emails[i]);
	}
	free(names);
	free(emails);
	isms_log_free(&log);
	store_people_free(&people);
	isms_records_free(&all);
	return error;
}
