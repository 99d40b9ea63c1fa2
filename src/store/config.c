/* SPDX-License-Identifier: MIT */
/* The ISMS's configuration: reading and checking isms.yaml (ID prefixes,
 * self approval, review intervals, retention), opening and initialising a
 * store, and the accessors for what it holds. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/method.h"
#include "isms/store.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "txn.h"

#define DEFAULT_ID_DIGITS 3

/* The ID prefix of a numbered kind in this ISMS. */
const char *store_prefix_of(const struct isms_store *store, const struct isms_kind *kind)
{
	return store->prefixes[kind - isms_kind_at(0)];
}

/* The kind whose IDs look like `id` in this ISMS, or NULL. */
const struct isms_kind *store_kind_for_id(const struct isms_store *store, const char *id)
{
	for (size_t i = 0; i < isms_kind_count(); i++)
		if (isms_kind_id_matches(isms_kind_at(i), store->prefixes[i], id))
			return isms_kind_at(i);
	return NULL;
}

/* Prefixes from `id_prefixes`: letters and digits, starting with a capital,
 * one per numbered kind. A prefix another numbered kind already uses is
 * refused and not applied. */
static void read_prefixes(struct isms_store *store, const struct isms_node *node)
{
	struct isms_findings *out = &store->config;

	if (node->type != ISMS_NODE_MAP) {
		isms_findings_add(out, ISMS_SEV_ERROR, node->line, node->column,
			"'id_prefixes' must map kinds to prefixes, for example risk: RISK");
		return;
	}
	for (size_t i = 0; i < node->count; i++) {
		const struct isms_pair *p = &node->pairs[i];
		const struct isms_kind *kind = isms_kind_find(p->key);
		const char *v = p->value->type == ISMS_NODE_SCALAR ? p->value->text : "";
		const struct isms_kind *taken = NULL;
		bool ok = v[0] >= 'A' && v[0] <= 'Z' && strlen(v) <= 8;

		for (const char *c = v; ok && *c; c++)
			ok = (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
		for (size_t k = 0; ok && k < isms_kind_count(); k++)
			if (isms_kind_at(k) != kind && isms_kind_at(k)->id_style == ISMS_ID_NUMBERED &&
			    strcmp(store->prefixes[k], v) == 0)
				taken = isms_kind_at(k);
		if (!kind || kind->id_style != ISMS_ID_NUMBERED)
			isms_findings_add(out, ISMS_SEV_ERROR, p->line, p->column,
				"id_prefixes: '%s' is not a kind with numbered IDs", p->key);
		else if (!ok)
			isms_findings_add(out, ISMS_SEV_ERROR, p->value->line, p->value->column,
				"id_prefixes: '%s' must be 1 to 8 capital letters or digits, starting "
				"with a letter", p->key);
		else if (taken)
			isms_findings_add(out, ISMS_SEV_ERROR, p->value->line, p->value->column,
				"id_prefixes: %s would use %s, which %s already uses", kind->name, v,
				taken->name);
		else
			store->prefixes[kind - isms_kind_at(0)] = v;
	}
}

/* `self_approval: [policy, ...]`: the controlled kinds whose documents their
 * own author may approve (recorded as self-approved). */
static void read_self_approval(struct isms_store *store, const struct isms_node *node)
{
	struct isms_findings *out = &store->config;

	if (node->type != ISMS_NODE_SEQ) {
		isms_findings_add(out, ISMS_SEV_ERROR, node->line, node->column,
			"'self_approval' must list kinds, for example [policy, procedure]");
		return;
	}
	for (size_t i = 0; i < node->count; i++) {
		const struct isms_node *item = node->items[i];
		const struct isms_kind *kind =
			item->type == ISMS_NODE_SCALAR ? isms_kind_find(item->text) : NULL;

		if (!kind || !kind->controlled)
			isms_findings_add(out, ISMS_SEV_ERROR, item->line, item->column,
				"self_approval: '%s' is not a kind of controlled document (policy, "
				"procedure, document, scope, audit-programme)",
				item->type == ISMS_NODE_SCALAR ? item->text : "?");
		else
			store->self_approval[kind - isms_kind_at(0)] = true;
	}
}

/* Findings for isms.yaml's retention_years. */
static void read_retention(struct isms_store *store, const struct isms_node *node)
{
	if (node->type != ISMS_NODE_MAP) {
		isms_findings_add(&store->config, ISMS_SEV_ERROR, node->line, node->column,
			"'retention_years' must map kinds to years, for example policy: 6");
		return;
	}
	for (size_t i = 0; i < node->count; i++) {
		const struct isms_pair *p = &node->pairs[i];
		int years = isms_scalar_level(p->value);

		if (!isms_kind_find(p->key))
			isms_findings_add(&store->config, ISMS_SEV_ERROR, p->line, p->column,
				"retention_years: '%s' is not a kind of record", p->key);
		else if (years < 1 || years > 100)
			isms_findings_add(&store->config, ISMS_SEV_ERROR, p->value->line,
				p->value->column,
				"retention_years: '%s' must be a number of years from 1 to 100", p->key);
	}
}

static const char *const isms_types[] = { "whole-entity", "part-of-entity", "several-isms", NULL };

static void check_config(struct isms_store *store, const struct isms_node *root)
{
	struct isms_findings *out = &store->config;
	const struct isms_node *n;
	bool type_ok = false;

	if (root->type != ISMS_NODE_MAP) {
		isms_findings_add(out, ISMS_SEV_ERROR, root->line, root->column,
				  "isms.yaml must be a mapping of settings");
		return;
	}
	n = isms_map_get(root, "isms");
	if (!n || n->type != ISMS_NODE_SCALAR || strcmp(n->text, "1") != 0)
		isms_findings_add(out, ISMS_SEV_ERROR, n ? n->line : 1, n ? n->column : 1,
			"'isms' must be 1, the format version this program reads");
	n = isms_map_get(root, "organisation");
	if (!n || n->type != ISMS_NODE_SCALAR || !n->text[0])
		isms_findings_add(out, ISMS_SEV_ERROR, n ? n->line : 1, n ? n->column : 1,
			"'organisation' is required: the name of the organisation");
	n = isms_map_get(root, "isms_type");
	for (size_t i = 0; n && n->type == ISMS_NODE_SCALAR && isms_types[i]; i++)
		type_ok |= strcmp(n->text, isms_types[i]) == 0;
	if (n && !type_ok)
		isms_findings_add(out, ISMS_SEV_ERROR, n->line, n->column,
			"'isms_type' must be whole-entity, part-of-entity or several-isms (27014 Annex B)");
	n = isms_map_get(root, "id_digits");
	if (n) {
		char *end;
		long d = n->type == ISMS_NODE_SCALAR ? strtol(n->text, &end, 10) : 0;

		if (n->type != ISMS_NODE_SCALAR || *end || d < 1 || d > 9)
			isms_findings_add(out, ISMS_SEV_ERROR, n->line, n->column,
				"'id_digits' must be a whole number from 1 to 9");
		else
			store->id_digits = (unsigned)d;
	}
	n = isms_map_get(root, "review_months");
	for (size_t i = 0; n && n->type == ISMS_NODE_MAP && i < n->count; i++) {
		const struct isms_kind *kind = isms_kind_find(n->pairs[i].key);
		int months = isms_scalar_level(n->pairs[i].value);

		if (!kind)
			isms_findings_add(out, ISMS_SEV_ERROR, n->pairs[i].line, n->pairs[i].column,
				"review_months: '%s' is not a kind of record", n->pairs[i].key);
		else if (months < 1 || months > 120)
			isms_findings_add(out, ISMS_SEV_ERROR, n->pairs[i].value->line,
				n->pairs[i].value->column,
				"review_months: '%s' must be a number of months from 1 to 120",
				n->pairs[i].key);
		else
			store->review_months[kind - isms_kind_at(0)] = (unsigned)months;
	}
	if (n && n->type != ISMS_NODE_MAP)
		isms_findings_add(out, ISMS_SEV_ERROR, n->line, n->column,
			"'review_months' must map kinds to months, for example policy: 12");
	if ((n = isms_map_get(root, "self_approval")))
		read_self_approval(store, n);
	store_config_check_acts(out, root);
	if ((n = isms_map_get(root, "retention_years")))
		read_retention(store, n);
	if ((n = isms_map_get(root, "risk_method")))
		isms_method_read(&store->method, n, out);
	if ((n = isms_map_get(root, "id_prefixes")))
		read_prefixes(store, n);
}

/* The isms.yaml that 'isms init' writes: the defaults, spelt out. */
static struct isms_node *default_config(const char *organisation)
{
	static const char *const reviewed[] = {
		"scope", "policy", "procedure", "document", "audit-programme" };
	struct isms_node *root = isms_node_map(), *months = isms_node_map();
	struct isms_method method;

	isms_method_default(&method);
	isms_map_set(root, "isms", isms_node_plain("1"));
	isms_map_set(root, "organisation", isms_node_str(organisation));
	isms_map_set(root, "edition", isms_node_str("ISO/IEC 27001:2022"));
	isms_map_set(root, "isms_type", isms_node_str("whole-entity"));
	isms_map_set(root, "id_digits", isms_node_plain("3"));
	for (size_t i = 0; i < sizeof(reviewed) / sizeof(reviewed[0]); i++)
		isms_map_set(months, reviewed[i], isms_node_plain("12"));
	isms_map_set(root, "review_months", months);
	isms_map_set(root, "risk_method", isms_method_tree(&method));
	return root;
}

/* The reason of the last error, without the "path:line:col: " it starts with. */
static const char *error_reason(const char *path)
{
	const struct isms_error *e = isms_error_last();
	char prefix[4200];

	if (e->line)
		snprintf(prefix, sizeof(prefix), "%s:%u:%u: ", path, e->line, e->column);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", path);
	return isms_str_starts_with(e->message, prefix) ? e->message + strlen(prefix) : e->message;
}

/* Load a file into findings when it cannot be parsed. */
void store_add_load_error(struct isms_findings *out, const char *path)
{
	const struct isms_error *e = isms_error_last();

	isms_findings_add(out, ISMS_SEV_ERROR, e->line ? e->line : 1, e->line ? e->column : 1,
			  "%s", error_reason(path));
}

/* The settings of an isms.yaml that has none: every kind's default. */
static void config_defaults(struct isms_store *store)
{
	store->id_digits = DEFAULT_ID_DIGITS;
	isms_method_default(&store->method);
	isms_findings_free(&store->config);
	if (!store->prefixes) {
		store->prefixes = isms_calloc(isms_kind_count(), sizeof(*store->prefixes));
		store->review_months = isms_calloc(isms_kind_count(), sizeof(*store->review_months));
		store->self_approval = isms_calloc(isms_kind_count(), sizeof(*store->self_approval));
	}
	for (size_t i = 0; i < isms_kind_count(); i++) {
		store->prefixes[i] = isms_kind_at(i)->prefix;
		store->review_months[i] = 0;
		store->self_approval[i] = false;
	}
}

/* Check a loaded isms.yaml and keep it: the method's texts point into it. */
static void config_apply(struct isms_store *store, struct isms_node *root)
{
	check_config(store, root);
	isms_node_free(store->config_root);
	store->config_root = root;
}

void store_config_check_text(struct isms_findings *out, const char *data, size_t len,
			     const char *name)
{
	struct isms_store *store = isms_calloc(1, sizeof(*store));
	struct isms_node *root = NULL;

	config_defaults(store);
	if (isms_yaml_load(&root, NULL, data, len, name, NULL) < 0)
		store_add_load_error(&store->config, name);
	else
		config_apply(store, root);
	*out = store->config;
	store->config = (struct isms_findings)ISMS_FINDINGS_INIT;
	isms_store_free(store);
}

static int load_config(struct isms_store *store)
{
	char *path = isms_path_join(store->top, ISMS_CONFIG_FILE);
	struct isms_node *root = NULL;
	int error = isms_yaml_load_file(&root, NULL, NULL, path, NULL);

	config_defaults(store);
	if (error == ISMS_ENOTFOUND) {
		isms_error_set(ISMS_ENOTFOUND,
			"%s is a Git repository but not an ISMS: it has no %s; run 'isms init' there",
			store->top, ISMS_CONFIG_FILE);
	} else if (error < 0) {
		/* Opened all the same, so that 'isms check' can report it. */
		store_add_load_error(&store->config, path);
		error = 0;
	} else {
		config_apply(store, root);
		root = NULL;
	}
	isms_node_free(root);
	free(path);
	return error;
}

/* The config is needed to write records: refuse rather than guess. */
int store_config_usable(const struct isms_store *store)
{
	if (isms_findings_errors(&store->config) == 0)
		return 0;
	return isms_error_set(ISMS_EINVALID, "%s%s:%u:%u: %s; fix it first (isms check lists all)",
		store->top, ISMS_CONFIG_FILE, store->config.items[0].line,
		store->config.items[0].column, store->config.items[0].message);
}

int isms_store_open(struct isms_store **out, const char *start)
{
	struct isms_store *store = isms_calloc(1, sizeof(*store));
	int error;

	*out = NULL;
	store->lock_wait_ms = STORE_LOCK_WAIT_MS;
	if ((error = isms_repo_open(&store->repo, start)) == 0) {
		store->top = isms_repo_workdir(store->repo);
		/* Before anything is read: what a killed isms process left. When
		 * that fails, the journal stays; check reports it, and the next
		 * change says why it cannot go on. */
		store_recover_if_idle(store);
		error = load_config(store);
	}
	if (error < 0) {
		isms_store_free(store);
		return error;
	}
	*out = store;
	return 0;
}

int isms_store_init(struct isms_store **out, char commit[ISMS_OID_HEX], const char *dir,
		    const char *organisation, const struct isms_ident *author)
{
	struct isms_store *store = isms_calloc(1, sizeof(*store));
	struct isms_node *root = NULL;
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_txn_opts topts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	char *path = NULL;
	size_t bad;
	int error;

	*out = NULL;
	commit[0] = '\0';
	store->lock_wait_ms = STORE_LOCK_WAIT_MS;
	if (isms_text_check(organisation, strlen(organisation), &bad) != ISMS_TEXT_OK ||
	    !*organisation || strpbrk(organisation, "\r\n")) {
		error = isms_error_set(ISMS_EINVALID,
			"the organisation's name must be one line of UTF-8 text");
		goto cleanup;
	}
	if ((error = isms_repo_init(&store->repo, dir)) < 0)
		goto cleanup;
	store->top = isms_repo_workdir(store->repo);
	path = isms_path_join(store->top, ISMS_CONFIG_FILE);
	if (isms_fs_exists(path)) {
		error = isms_error_set(ISMS_EEXISTS, "%s is already an ISMS (it has %s)",
				       store->top, ISMS_CONFIG_FILE);
		goto cleanup;
	}
	root = default_config(organisation);
	topts.author = author;
	if ((error = isms_yaml_emit(&text, root)) < 0 ||
	    (error = isms_txn_begin(&txn, store, &topts)) < 0 ||
	    (error = isms_txn_write(txn, ISMS_CONFIG_FILE, text.ptr, text.len, "")) < 0)
		goto cleanup;
	isms_txn_message(txn, "Start the ISMS of %s", organisation);
	isms_txn_trailer(txn, "Record: %s", ISMS_CONFIG_FILE);
	isms_txn_trailer(txn, "Clause: 4.3");
	error = isms_txn_commit(commit, txn);
	error = isms_txn_end(txn, error);
	txn = NULL;
	if (error < 0)
		goto cleanup;
	if ((error = load_config(store)) < 0)
		goto cleanup;
	*out = store;
	store = NULL;
cleanup:
	error = isms_txn_end(txn, error);
	isms_store_free(store);
	isms_node_free(root);
	isms_buf_free(&text);
	free(path);
	return error;
}

void isms_store_free(struct isms_store *store)
{
	if (!store)
		return;
	isms_findings_free(&store->config);
	isms_node_free(store->config_root);
	free(store->prefixes);
	free(store->review_months);
	free(store->self_approval);
	isms_repo_free(store->repo);
	free(store);
}

void isms_store_set_no_verify(struct isms_store *store, bool no_verify)
{
	store->no_verify = no_verify;
}

struct isms_repo *isms_store_repo(struct isms_store *store)
{
	return store->repo;
}

const char *isms_store_top(const struct isms_store *store)
{
	return store->top;
}

const char *isms_store_organisation(const struct isms_store *store)
{
	const char *org = store->config_root ? isms_map_get_text(store->config_root, "organisation") : NULL;

	return org ? org : "";
}

const char *isms_store_isms_type(const struct isms_store *store)
{
	const char *type = store->config_root ? isms_map_get_text(store->config_root, "isms_type") : NULL;

	return type ? type : "whole-entity";
}

const struct isms_method *isms_store_method(const struct isms_store *store)
{
	return &store->method;
}

const struct isms_kind *isms_store_kind_for_id(const struct isms_store *store, const char *id)
{
	return store_kind_for_id(store, id);
}

/* Settings that 'isms config' reads and writes: a name, or a map of kinds
 * (NAME.KIND). The format version and the risk method are not among them. */
enum setting_type { SETTING_TEXT, SETTING_NUMBER, SETTING_KINDS, SETTING_KIND_MAP };

static const struct setting {
	const char *name;
	enum setting_type type;
	enum setting_type per_kind;  /* for SETTING_KIND_MAP: each value's type */
} settings[] = {
	{ .name = "organisation", .type = SETTING_TEXT, .per_kind = SETTING_TEXT },
	{ .name = "edition", .type = SETTING_TEXT, .per_kind = SETTING_TEXT },
	{ .name = "isms_type", .type = SETTING_TEXT, .per_kind = SETTING_TEXT },
	{ .name = "id_digits", .type = SETTING_NUMBER, .per_kind = SETTING_TEXT },
	{ .name = "self_approval", .type = SETTING_KINDS, .per_kind = SETTING_TEXT },
	{ .name = "review_months", .type = SETTING_KIND_MAP, .per_kind = SETTING_NUMBER },
	{ .name = "retention_years", .type = SETTING_KIND_MAP, .per_kind = SETTING_NUMBER },
	{ .name = "id_prefixes", .type = SETTING_KIND_MAP, .per_kind = SETTING_TEXT },
};

const char *isms_store_config_keys(void)
{
	return "organisation, edition, isms_type, id_digits, self_approval (KIND,KIND...), "
	       "review_months.KIND, retention_years.KIND, id_prefixes.KIND";
}

/* The setting `key` names, and in *kind its KIND part (NULL for none);
 * ISMS_EUSAGE when it is not a setting. */
static int find_setting(const struct setting **out, const char **kind, const char *key)
{
	const char *dot = strchr(key, '.');
	size_t len = dot ? (size_t)(dot - key) : strlen(key);

	*out = NULL;
	*kind = dot ? dot + 1 : NULL;
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strlen(settings[i].name) == len && strncmp(settings[i].name, key, len) == 0)
			*out = &settings[i];
	if (*out && dot && (*out)->type != SETTING_KIND_MAP)
		*out = NULL;
	if (*out && dot && !isms_kind_find(*kind))
		return isms_error_set(ISMS_EUSAGE, "'%s' is not a kind of record (in '%s')", *kind, key);
	if (!*out && len == 11 && strncmp(key, "risk_method", len) == 0)
		return isms_error_set(ISMS_EUSAGE, "the risk method is a structure: edit %s and "
				      "commit it with 'isms commit %s'", ISMS_CONFIG_FILE, ISMS_CONFIG_FILE);
	if (!*out)
		return isms_error_set(ISMS_EUSAGE, "'%s' is not a setting of %s; the settings are: %s",
				      key, ISMS_CONFIG_FILE, isms_store_config_keys());
	return 0;
}

/* A node's value as one line: a scalar's text, a list as A,B, a map as
 * lines "NAME.KEY VALUE". */
static void setting_text(struct isms_buf *out, const char *name, const struct isms_node *node)
{
	if (node->type == ISMS_NODE_SCALAR) {
		isms_buf_puts(out, node->text);
	} else if (node->type == ISMS_NODE_SEQ) {
		for (size_t i = 0; i < node->count; i++) {
			isms_buf_puts(out, i ? "," : "");
			setting_text(out, name, node->items[i]);
		}
	} else {
		for (size_t i = 0; i < node->count; i++) {
			isms_buf_printf(out, "%s%s.%s ", i ? "\n" : "", name, node->pairs[i].key);
			setting_text(out, name, node->pairs[i].value);
		}
	}
}

int isms_store_config_get(char **out, struct isms_store *store, const char *key)
{
	const struct setting *s;
	const char *kind;
	const struct isms_node *node = store->config_root;
	struct isms_buf text = ISMS_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = find_setting(&s, &kind, key)) < 0)
		return error;
	if (node && node->type == ISMS_NODE_MAP)
		node = isms_map_get(node, s->name);
	else
		node = NULL;
	if (node && kind)
		node = node->type == ISMS_NODE_MAP ? isms_map_get(node, kind) : NULL;
	if (!node)
		return isms_error_set(ISMS_ENOTFOUND, "%s does not set '%s'", ISMS_CONFIG_FILE, key);
	setting_text(&text, s->name, node);
	*out = isms_buf_detach(&text);
	return 0;
}

/* The node for `value` of a setting of type `type`. */
static struct isms_node *setting_node(enum setting_type type, const char *value)
{
	struct isms_node *list;
	const char *p = value;

	if (type == SETTING_TEXT)
		return isms_node_str(value);
	if (type == SETTING_NUMBER)
		return isms_node_plain(value);
	list = isms_node_seq();
	while (*p) {
		size_t len = strcspn(p, ",");
		char *item = isms_strndup(p, len);

		if (*item)
			isms_seq_append(list, isms_node_str(item));
		free(item);
		p += len + (p[len] == ',');
	}
	return list;
}

/* `root` with `key` (of setting `s`, KIND `kind`) set to `value`, or removed
 * when `value` is empty. */
static void setting_apply(struct isms_node *root, const struct setting *s, const char *kind,
			  const char *value)
{
	struct isms_node *map;

	if (!kind) {
		if (*value)
			isms_map_set(root, s->name, setting_node(s->type, value));
		else
			isms_map_remove(root, s->name);
		return;
	}
	map = isms_map_get(root, s->name);
	if (!map || map->type != ISMS_NODE_MAP) {
		if (!*value)
			return;
		isms_map_set(root, s->name, isms_node_map());
		map = isms_map_get(root, s->name);
	}
	if (*value)
		isms_map_set(map, kind, setting_node(s->per_kind, value));
	else if (isms_map_remove(map, kind) && map->count == 0)
		isms_map_remove(root, s->name);
}

/* The first error of `findings` (of the text `key` would make) as
 * ISMS_EINVALID; its position is in a text never written, so not given. */
static int first_error(const struct isms_findings *findings, const char *key)
{
	for (size_t i = 0; i < findings->count; i++)
		if (findings->items[i].severity == ISMS_SEV_ERROR)
			return isms_error_set(ISMS_EINVALID, "not set: %s would not be valid with "
				"this %s: %s", ISMS_CONFIG_FILE, key, findings->items[i].message);
	return 0;
}

int isms_store_config_set(char commit[ISMS_OID_HEX], struct isms_store *store, const char *key,
			  const char *value, const char *message)
{
	struct isms_txn_opts opts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	struct isms_buf raw = ISMS_BUF_INIT, text = ISMS_BUF_INIT;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_node *root = NULL;
	const struct setting *s;
	const char *kind;
	char *path = isms_path_join(store->top, ISMS_CONFIG_FILE), base[ISMS_OID_HEX];
	unsigned flags = 0;
	size_t bad;
	int error;

	commit[0] = '\0';
	if ((error = find_setting(&s, &kind, key)) < 0)
		goto cleanup;
	if (isms_text_check(value, strlen(value), &bad) != ISMS_TEXT_OK || strpbrk(value, "\r\n")) {
		error = isms_error_set(ISMS_EUSAGE, "the value for '%s' must be one line of UTF-8 text",
				       key);
		goto cleanup;
	}
	if ((error = isms_yaml_load_file(&root, &flags, &raw, path, NULL)) < 0)
		goto cleanup;
	if (flags & ISMS_YAML_HAS_COMMENTS) {
		error = isms_error_set(ISMS_EUNSAFE, "%s has comments, which rewriting it would drop; "
				       "edit it and commit it with 'isms commit %s'",
				       ISMS_CONFIG_FILE, ISMS_CONFIG_FILE);
		goto cleanup;
	}
	isms_repo_hash(base, raw.ptr ? raw.ptr : "", raw.len);
	if (root->type != ISMS_NODE_MAP) {
		error = isms_error_set(ISMS_EINVALID, "%s must be a mapping of settings",
				       ISMS_CONFIG_FILE);
		goto cleanup;
	}
	setting_apply(root, s, kind, value);
	/* As isms check would read it, before anything is written. */
	if ((error = isms_yaml_emit(&text, root)) < 0)
		goto cleanup;
	store_config_check_text(&findings, text.ptr, text.len, ISMS_CONFIG_FILE);
	if ((error = first_error(&findings, key)) < 0 ||
	    (error = isms_txn_begin(&txn, store, &opts)) < 0 ||
	    (error = isms_txn_write(txn, ISMS_CONFIG_FILE, text.ptr, text.len, base)) < 0)
		goto cleanup;
	if (message && *message)
		isms_txn_message(txn, "%s", message);
	else if (*value)
		isms_txn_message(txn, "%s: set %s to %s", ISMS_CONFIG_FILE, key, value);
	else
		isms_txn_message(txn, "%s: remove %s", ISMS_CONFIG_FILE, key);
	isms_txn_trailer(txn, "Record: %s", ISMS_CONFIG_FILE);
	isms_txn_trailer(txn, "Clause: 4.3");
	error = isms_txn_commit(commit, txn);
	error = isms_txn_end(txn, error);
	txn = NULL;
	/* What this store holds from now on: the new settings. */
	if (error == 0)
		error = load_config(store);
cleanup:
	error = isms_txn_end(txn, error);
	isms_findings_free(&findings);
	isms_node_free(root);
	isms_buf_free(&raw);
	isms_buf_free(&text);
	free(path);
	return error;
}
