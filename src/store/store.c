#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/method.h"
#include "isms/rules.h"
#include "isms/sha256.h"
#include "isms/store.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "private.h"
#include "txn.h"

#define DEFAULT_ID_DIGITS 3

struct isms_store {
	struct isms_repo *repo;
	const char *top;             /* the repository's working tree, ending in '/' */
	struct isms_node *config_root; /* isms.yaml as read (the method points into it) */
	struct isms_findings config; /* problems with isms.yaml, if any */
	struct isms_method method;
	unsigned id_digits;
	const char **prefixes;       /* per kind, in table order: isms.yaml's or the default */
	unsigned *review_months;     /* per kind, in table order; 0: none */
	bool *self_approval;         /* per kind, in table order: isms.yaml's self_approval */
};

/* The ID prefix of a numbered kind in this ISMS. */
static const char *prefix_of(const struct isms_store *store, const struct isms_kind *kind)
{
	return store->prefixes[kind - isms_kind_at(0)];
}

/* The kind whose IDs look like `id` in this ISMS, or NULL. */
static const struct isms_kind *kind_for_id(const struct isms_store *store, const char *id)
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

/* Configuration (isms.yaml) */

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
static void add_load_error(struct isms_findings *out, const char *path)
{
	const struct isms_error *e = isms_error_last();

	isms_findings_add(out, ISMS_SEV_ERROR, e->line ? e->line : 1, e->line ? e->column : 1,
			  "%s", error_reason(path));
}

static int load_config(struct isms_store *store)
{
	char *path = isms_path_join(store->top, ISMS_CONFIG_FILE);
	struct isms_node *root = NULL;
	int error = isms_yaml_load_file(&root, NULL, NULL, path, NULL);

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
	if (error == ISMS_ENOTFOUND) {
		isms_error_set(ISMS_ENOTFOUND,
			"%s is a Git repository but not an ISMS: it has no %s; run 'isms init' there",
			store->top, ISMS_CONFIG_FILE);
	} else if (error < 0) {
		/* Opened all the same, so that 'isms check' can report it. */
		add_load_error(&store->config, path);
		error = 0;
	} else {
		check_config(store, root);
		isms_node_free(store->config_root);
		store->config_root = root;  /* the method's texts point into it */
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
	if ((error = isms_repo_open(&store->repo, start)) == 0) {
		store->top = isms_repo_workdir(store->repo);
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
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	const char *paths[] = { ISMS_CONFIG_FILE };
	const char *trailers[] = { "Record: isms.yaml", "Clause: 4.3" };
	char *path = NULL, *message = NULL;
	size_t bad;
	int error;

	*out = NULL;
	commit[0] = '\0';
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
	message = isms_asprintf("Start the ISMS of %s", organisation);
	opts.message = message;
	opts.trailers = trailers;
	opts.trailer_count = 2;
	opts.author = opts.committer = author;
	opts.sign = author ? 0 : -1;  /* never sign in another person's name */
	if ((error = isms_repo_ready(store->repo, &opts)) < 0 ||
	    (error = isms_yaml_emit(&text, root)) < 0 ||
	    (error = isms_fs_write_atomic(path, text.ptr, text.len, 0644, ISMS_FS_CREATE_NEW)) < 0)
		goto cleanup;
	if ((error = isms_repo_commit(commit, store->repo, paths, 1, &opts)) < 0) {
		unlink(path);  /* ours, just created: leave the folder as it was */
		goto cleanup;
	}
	if ((error = load_config(store)) < 0)
		goto cleanup;
	*out = store;
	store = NULL;
cleanup:
	isms_store_free(store);
	isms_node_free(root);
	isms_buf_free(&text);
	free(path);
	free(message);
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

const struct isms_method *isms_store_method(const struct isms_store *store)
{
	return &store->method;
}

const struct isms_kind *isms_store_kind_for_id(const struct isms_store *store, const char *id)
{
	return kind_for_id(store, id);
}

/* Paths */

/* The kind's folder must be a real folder inside the repository (not a
 * symbolic link that leads elsewhere). Creates it when `create`. */
static int kind_folder(struct isms_store *store, const struct isms_kind *kind, bool create)
{
	char *dir = isms_path_join(store->top, kind->folder);
	struct stat st;
	int error = 0;

	if (lstat(dir, &st) < 0) {
		if (errno != ENOENT)
			error = isms_error_set(ISMS_EIO, "%s: %s", dir, strerror(errno));
		else if (create)
			error = isms_fs_mkdirs(dir, 0777);
		else
			error = isms_error_set(ISMS_ENOTFOUND, "%s: no such folder", dir);
	} else if (!S_ISDIR(st.st_mode)) {
		error = isms_error_set(ISMS_EUNSAFE,
			"%s is %s; record folders must be real folders inside the repository", dir,
			S_ISLNK(st.st_mode) ? "a symbolic link" : "not a folder");
	}
	free(dir);
	return error;
}

static char *full_path(const struct isms_store *store, const char *relative)
{
	return isms_path_join(store->top, relative);
}

int isms_store_locate(const struct isms_kind **kind, char **path, struct isms_store *store,
		      const char *id)
{
	const struct isms_kind *guess;
	int error;

	*kind = NULL;
	*path = NULL;
	if ((error = isms_id_check(id)) < 0)
		return error;
	guess = kind_for_id(store, id);
	for (size_t i = 0; i < isms_kind_count(); i++) {
		const struct isms_kind *k = guess ? guess : isms_kind_at(i);
		char *rel, *full;
		bool found;

		if ((error = kind_folder(store, k, false)) == ISMS_EUNSAFE)
			return error;
		rel = isms_kind_record_path(k, id);
		full = full_path(store, rel);
		found = isms_fs_exists(full);

		free(full);
		if (found) {
			*kind = k;
			*path = rel;
			return 0;
		}
		free(rel);
		if (guess)
			break;
	}
	return isms_error_set(ISMS_ENOTFOUND, "no record %s in this ISMS ('isms list' shows them)", id);
}

/* Records */

static struct isms_record *record_new(const struct isms_kind *kind, const char *id)
{
	struct isms_record *rec = isms_calloc(1, sizeof(*rec));

	rec->kind = kind;
	rec->id = isms_strdup(id);
	rec->path = isms_kind_record_path(kind, id);
	return rec;
}

void isms_record_free(struct isms_record *record)
{
	if (!record)
		return;
	isms_node_free(record->root);
	free(record->id);
	free(record->path);
	free(record);
}

int isms_store_load(struct isms_record **out, struct isms_store *store, const char *id)
{
	const struct isms_kind *kind;
	struct isms_buf raw = ISMS_BUF_INIT;
	struct isms_record *rec = NULL;
	char *rel = NULL, *full = NULL;
	int error;

	*out = NULL;
	if ((error = isms_store_locate(&kind, &rel, store, id)) < 0 ||
	    (error = kind_folder(store, kind, false)) < 0)
		goto cleanup;
	rec = record_new(kind, id);
	full = full_path(store, rel);
	if ((error = isms_yaml_load_file(&rec->root, &rec->flags, &raw, full, NULL)) < 0)
		goto cleanup;
	if (rec->root->type != ISMS_NODE_MAP) {
		error = isms_error_set_at(ISMS_EINVALID, rec->root->line, rec->root->column,
			"%s:%u:%u: a record must be a mapping of field names to values",
			full, rec->root->line, rec->root->column);
		goto cleanup;
	}
	isms_repo_hash(rec->base, raw.ptr, raw.len);
	*out = rec;
	rec = NULL;
cleanup:
	isms_record_free(rec);
	isms_buf_free(&raw);
	free(rel);
	free(full);
	return error;
}

/* The next free number for a numbered kind: one more than the highest in use. */
static int next_id(char **out, struct isms_store *store, const struct isms_kind *kind)
{
	char *dir = isms_path_join(store->top, kind->folder);
	DIR *d = opendir(dir);
	unsigned long max = 0;
	const char *prefix = prefix_of(store, kind);
	size_t n = strlen(prefix);

	free(dir);
	if (d) {
		struct dirent *e;

		while ((e = readdir(d))) {
			char *end;
			unsigned long v;

			if (strncmp(e->d_name, prefix, n) != 0 || e->d_name[n] != '-' ||
			    e->d_name[n + 1] < '0' || e->d_name[n + 1] > '9')
				continue;
			errno = 0;
			v = strtoul(e->d_name + n + 1, &end, 10);
			/* A number too large to count on is not one we number after. */
			if (strcmp(end, ".yaml") == 0 && errno == 0 && v < 999999999ul && v > max)
				max = v;
		}
		closedir(d);
	}
	*out = isms_asprintf("%s-%0*lu", prefix, (int)store->id_digits, max + 1);
	return 0;
}

int isms_store_create(struct isms_record **out, struct isms_store *store,
		      const struct isms_kind *kind, const char *id)
{
	struct isms_record *rec;
	char *chosen = NULL, *full;
	int error;
	const struct isms_field *status = isms_kind_field(kind, "status");

	*out = NULL;
	if ((error = store_config_usable(store)) < 0)
		return error;
	/* Numbers and existence are decided inside the repository, never through a link. */
	if ((error = kind_folder(store, kind, false)) < 0 && error != ISMS_ENOTFOUND)
		return error;
	if (!id && kind->id_style != ISMS_ID_NUMBERED)
		return isms_error_set(ISMS_EINVALID,
			"a %s record needs its identifier given, for example --set id=A.5.15",
			kind->name);
	if (!id && (error = next_id(&chosen, store, kind)) < 0)
		return error;
	if (id && (error = isms_id_check(id)) < 0)
		return error;
	if (id && !isms_kind_id_matches(kind, prefix_of(store, kind), id))
		return isms_error_set(ISMS_EINVALID, "'%s' is not an ID for a %s (expected %s)", id,
			kind->name, kind->id_style == ISMS_ID_CONTROL ? "A.5.1 to A.8.34"
								       : "PREFIX-number");
	rec = record_new(kind, id ? id : chosen);
	free(chosen);
	full = full_path(store, rec->path);
	if (isms_fs_exists(full)) {
		error = isms_error_set(ISMS_EEXISTS, "%s already exists", rec->path);
		free(full);
		isms_record_free(rec);
		return error;
	}
	free(full);
	rec->root = isms_node_map();
	isms_map_set(rec->root, "id", isms_node_str(rec->id));
	isms_map_set(rec->root, "kind", isms_node_str(kind->name));
	if (status && status->values)
		isms_map_set(rec->root, "status", isms_node_str(status->values[0]));
	for (size_t i = 0; i < kind->field_count; i++)
		if (kind->fields[i].def)
			isms_map_set(rec->root, kind->fields[i].name,
				     isms_field_value(kind, kind->fields[i].name, kind->fields[i].def));
	*out = rec;
	return 0;
}

/* Fail unless the file on disk is still what the record was read from. */
static int check_unchanged(const struct isms_store *store, const struct isms_record *rec)
{
	char *full = full_path(store, rec->path), hash[ISMS_OID_HEX];
	struct isms_buf now = ISMS_BUF_INIT;
	int error = 0;

	if (!rec->base[0]) {
		if (isms_fs_exists(full))
			error = isms_error_set(ISMS_ECONFLICT,
				"%s was created by someone else meanwhile; nothing was overwritten",
				rec->path);
		goto cleanup;
	}
	error = isms_fs_read(&now, full, ISMS_YAML_MAX_BYTES);
	if (error == ISMS_ENOTFOUND || error == ISMS_ELIMIT) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s was %s since it was read; nothing was overwritten", rec->path,
			error == ISMS_ENOTFOUND ? "deleted" : "changed");
		goto cleanup;
	}
	if (error < 0)
		goto cleanup;
	isms_repo_hash(hash, now.ptr, now.len);
	if (strcmp(hash, rec->base) != 0)
		error = isms_error_set(ISMS_ECONFLICT,
			"%s changed on disk since it was read; nothing was overwritten: "
			"reload it and make the change again", rec->path);
cleanup:
	isms_buf_free(&now);
	free(full);
	return error;
}

/* Saves in one repository take turns, from the check that the file is
 * unchanged to the commit, so that two cannot both pass the check. flock()
 * is released by the kernel when a process dies: a crash leaves no stale
 * lock to remove by hand. Waits up to five seconds for another save. */
int isms_store_save_lock(int *fd, struct isms_store *store)
{
	char *dir = isms_path_join(isms_repo_gitdir(store->repo), "isms");
	char *path = isms_path_join(dir, "save.lock");
	int error = isms_fs_mkdirs(dir, 0700);

	*fd = -1;
	if (error == 0 && (*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		error = isms_error_set(ISMS_EIO, "%s: cannot open: %s", path, strerror(errno));
	for (int tries = 0; error == 0 && flock(*fd, LOCK_EX | LOCK_NB) < 0; tries++) {
		if (errno != EWOULDBLOCK || tries == 100) {
			error = isms_error_set(ISMS_ELOCKED,
				"another isms process is saving in this repository (%s); try again", path);
			break;
		}
		usleep(50 * 1000);
	}
	if (error < 0 && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	free(path);
	free(dir);
	return error;
}

/* What a save commits besides the file: trailers after Record and Clause,
 * and a tag (an approval's), all or nothing. */
struct save_extra {
	const char *const *trailers;
	size_t count;
	const char *tag, *tag_message;
	const char *tag_undone;  /* said when the tag failed and nothing changed */
};

/* isms_store_save_text, with `extra` (NULL: none). */
static int save_text(char commit[ISMS_OID_HEX], struct isms_store *store,
		     struct isms_record *rec, const char *text, size_t len,
		     const struct isms_save_opts *opts, const struct save_extra *extra)
{
	static const struct isms_save_opts defaults = ISMS_SAVE_OPTS_INIT;
	static const struct save_extra none = { 0 };
	struct isms_findings local = ISMS_FINDINGS_INIT;
	struct isms_findings *findings = opts && opts->findings ? opts->findings : &local;
	struct isms_txn_opts topts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	struct isms_node *root = NULL;
	char *full = full_path(store, rec->path);
	const char *title;
	unsigned flags = 0;
	bool created = !rec->base[0];
	int error;

	commit[0] = '\0';
	if (!opts)
		opts = &defaults;
	if (!extra)
		extra = &none;
	if ((error = store_config_usable(store)) < 0)
		goto cleanup;
	if ((error = isms_yaml_load(&root, &flags, text, len, full, NULL)) < 0) {
		add_load_error(findings, full);
		goto cleanup;
	}
	isms_record_validate(findings, root, rec->kind, rec->id);
	if (isms_findings_errors(findings)) {
		const struct isms_finding *f = &findings->items[0];

		size_t more = isms_findings_errors(findings) - 1;

		error = isms_error_set_at(ISMS_EINVALID, f->line, f->column,
			"%s:%u:%u: %s%s; nothing was written", rec->path, f->line, f->column,
			f->message, more ? " (and other problems)" : "");
		goto cleanup;
	}
	topts.author = opts->author;
	topts.tag_undone = extra->tag_undone;
	if ((error = isms_txn_begin(&txn, store, &topts)) < 0 ||
	    (extra->tag && (error = isms_txn_tag(txn, extra->tag, extra->tag_message)) < 0) ||
	    (error = isms_txn_write(txn, rec->path, text, len, rec->base)) < 0)
		goto cleanup;
	title = isms_map_get_text(root, "title");
	if (opts->message)
		isms_txn_message(txn, "%s", opts->message);
	else
		isms_txn_message(txn, "%s: %s %s", rec->id, created ? "create" : "update",
				 title ? title : rec->kind->title);
	isms_txn_record(txn, rec->id, rec->kind);
	for (size_t i = 0; i < extra->count; i++)
		isms_txn_trailer(txn, "%s", extra->trailers[i]);
	error = isms_txn_commit(commit, txn);
	if (commit[0] || error == 0) {
		/* The file is the record now. */
		isms_repo_hash(rec->base, text, len);
		isms_node_free(rec->root);
		rec->root = root;
		root = NULL;
		rec->flags = flags;
	}
cleanup:
	error = isms_txn_end(txn, error);
	isms_findings_free(&local);
	isms_node_free(root);
	free(full);
	return error;
}

static bool parse_version(const char *s, unsigned long *major, unsigned long *minor);

/* Whether top-level line `line` sets `key`. */
static bool line_sets(const char *line, const char *key)
{
	size_t n = strlen(key);

	return strncmp(line, key, n) == 0 && line[n] == ':';
}

/* `text` with status draft, version `version` and no approved_by and
 * approved_on, changed line by line so that comments and layout stay. */
static void draft_lines(struct isms_buf *out, const char *text, size_t len, const char *version)
{
	const char *p = text, *end = text + len;
	bool skipping = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (skipping && (*p == ' ' || *p == '\t')) {
			p += n;
			continue;
		}
		skipping = false;
		if (line_sets(p, "approved_by") || line_sets(p, "approved_on")) {
			skipping = true;
		} else if (line_sets(p, "status")) {
			isms_buf_puts(out, "status: draft\n");
			skipping = true;
		} else if (version && line_sets(p, "version")) {
			isms_buf_printf(out, "version: '%s'\n", version);
			skipping = true;
		} else {
			isms_buf_put(out, p, n);
		}
		p += n;
	}
}

static bool is_next_draft(const struct isms_node *root, const char *version)
{
	const char *status = isms_map_get_text(root, "status");
	const char *v = isms_map_get_text(root, "version");

	return root->type == ISMS_NODE_MAP && status && strcmp(status, "draft") == 0 &&
	       !isms_map_get(root, "approved_by") && !isms_map_get(root, "approved_on") &&
	       (!version || (v && strcmp(v, version) == 0));
}

/* Editing an approved controlled document starts its next draft (7.5.3):
 * when the file was approved and the new text keeps status approved (the
 * caller did not set a status), the text saved is the draft of the next
 * minor version, without approved_by and approved_on; the approved version
 * stays at its tag. Returns true with the new text and its trailers. */
static bool next_draft(struct isms_buf *out, char version[ISMS_VERSION_MAX],
		       struct isms_store *store, const struct isms_record *rec,
		       const char *text, size_t len)
{
	struct isms_buf old = ISMS_BUF_INIT;
	struct isms_node *then = NULL, *now = NULL, *check = NULL;
	char *full, hash[ISMS_OID_HEX];
	const char *s, *v;
	unsigned long major, minor;
	bool ok = false;

	version[0] = '\0';
	if (!rec->kind->controlled || !rec->base[0])
		return false;
	full = full_path(store, rec->path);
	if (isms_fs_read(&old, full, ISMS_YAML_MAX_BYTES) < 0)
		goto cleanup;
	isms_repo_hash(hash, old.ptr, old.len);
	/* A file changed meanwhile is a conflict that save_text reports. */
	if (strcmp(hash, rec->base) != 0 || (old.len == len && memcmp(old.ptr, text, len) == 0))
		goto cleanup;
	if (isms_yaml_load(&then, NULL, old.ptr, old.len, full, NULL) < 0 ||
	    then->type != ISMS_NODE_MAP || !(s = isms_map_get_text(then, "status")) ||
	    strcmp(s, "approved") != 0)
		goto cleanup;
	if (isms_yaml_load(&now, NULL, text, len, full, NULL) < 0 || now->type != ISMS_NODE_MAP ||
	    !(s = isms_map_get_text(now, "status")) || strcmp(s, "approved") != 0)
		goto cleanup;
	v = isms_map_get_text(now, "version");
	if (v && parse_version(v, &major, &minor))
		snprintf(version, ISMS_VERSION_MAX, "%lu.%lu", major, minor + 1);
	draft_lines(out, text, len, version[0] ? version : NULL);
	ok = isms_yaml_load(&check, NULL, out->ptr, out->len, full, NULL) == 0 &&
	     is_next_draft(check, version[0] ? version : NULL);
	if (!ok) {
		/* Not plain top-level lines: rewrite the tree instead. */
		const char **order = isms_calloc(rec->kind->field_count, sizeof(*order));

		for (size_t i = 0; i < rec->kind->field_count; i++)
			order[i] = rec->kind->fields[i].name;
		isms_map_set(now, "status", isms_node_str("draft"));
		if (version[0])
			isms_map_set(now, "version", isms_node_str(version));
		isms_map_remove(now, "approved_by");
		isms_map_remove(now, "approved_on");
		isms_map_order(now, order, rec->kind->field_count);
		free(order);
		isms_buf_clear(out);
		ok = isms_yaml_emit(out, now) == 0;
	}
cleanup:
	isms_node_free(then);
	isms_node_free(now);
	isms_node_free(check);
	isms_buf_free(&old);
	free(full);
	return ok;
}

int isms_store_save_text(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *rec, const char *text, size_t len,
			 const struct isms_save_opts *opts)
{
	struct isms_buf draft = ISMS_BUF_INIT;
	char version[ISMS_VERSION_MAX], *tr[2] = { NULL, NULL };
	int error;

	if (!next_draft(&draft, version, store, rec, text, len)) {
		isms_buf_free(&draft);
		return save_text(commit, store, rec, text, len, opts, NULL);
	}
	tr[0] = isms_strdup("Status: draft");
	if (version[0])
		tr[1] = isms_asprintf("Version: %s", version);
	error = save_text(commit, store, rec, draft.ptr, draft.len, opts,
			  &(struct save_extra){ .trailers = (const char *const *)tr,
						.count = tr[1] ? 2 : 1 });
	free(tr[0]);
	free(tr[1]);
	isms_buf_free(&draft);
	return error;
}

/* The record's tree as its file is written: fields in the kind's order. */
static int emit_record(struct isms_buf *text, struct isms_record *rec, bool drop_comments)
{
	const char **order;

	if ((rec->flags & ISMS_YAML_HAS_COMMENTS) && !drop_comments)
		return isms_error_set(ISMS_EUNSAFE,
			"%s has comments, which rewriting it would drop; change it with "
			"'isms edit %s' (which keeps the text as written) or move the comments into a field",
			rec->path, rec->id);
	order = isms_calloc(rec->kind->field_count, sizeof(*order));
	for (size_t i = 0; i < rec->kind->field_count; i++)
		order[i] = rec->kind->fields[i].name;
	isms_map_order(rec->root, order, rec->kind->field_count);
	free(order);
	return isms_yaml_emit(text, rec->root);
}

int isms_store_save(char commit[ISMS_OID_HEX], struct isms_store *store,
		    struct isms_record *rec, const struct isms_save_opts *opts)
{
	struct isms_buf text = ISMS_BUF_INIT;
	int error;

	commit[0] = '\0';
	if ((error = emit_record(&text, rec, opts && opts->drop_comments)) == 0)
		error = isms_store_save_text(commit, store, rec, text.ptr, text.len, opts);
	isms_buf_free(&text);
	return error;
}

int isms_store_retire(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_record *rec, const char *reason,
		      const struct isms_save_opts *opts)
{
	struct isms_save_opts o = opts ? *opts : (struct isms_save_opts)ISMS_SAVE_OPTS_INIT;
	const char *title = isms_map_get_text(rec->root, "title");
	char today[11], *message;
	int error;

	commit[0] = '\0';
	if (!reason || !*reason)
		return isms_error_set(ISMS_EINVALID, "say why %s is retired (-m REASON)", rec->id);
	isms_date_today(today);
	isms_map_set(rec->root, "status", isms_node_str("retired"));
	isms_map_set(rec->root, "retired_on", isms_node_plain(today));
	isms_map_set(rec->root, "retire_reason", isms_node_str(reason));
	message = isms_asprintf("%s: retire %s\n\n%s", rec->id, title ? title : rec->kind->title,
				reason);
	if (!o.message)
		o.message = message;
	error = isms_store_save(commit, store, rec, &o);
	free(message);
	return error;
}

/* Approval (27001 7.5.2): approved/ID/vX.Y tags on approval commits */

size_t isms_approval_summary(char version[ISMS_VERSION_MAX], const char *summary)
{
	const char *colon = strstr(summary, ": approve v"), *v;
	size_t n = 0;

	version[0] = '\0';
	if (!colon || colon == summary || memchr(summary, ' ', (size_t)(colon - summary)))
		return 0;
	v = colon + strlen(": approve v");
	while ((v[n] >= '0' && v[n] <= '9') || v[n] == '.')
		n++;
	if (n == 0 || n >= ISMS_VERSION_MAX || (v[n] && v[n] != ' '))
		return 0;
	memcpy(version, v, n);
	version[n] = '\0';
	return (size_t)(colon - summary);
}

/* "X.Y" into its numbers; false when it is not that. */
static bool parse_version(const char *s, unsigned long *major, unsigned long *minor)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return false;
	*major = strtoul(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9' || *major > 99999)
		return false;
	*minor = strtoul(end + 1, &end, 10);
	return *end == '\0' && *minor <= 99999;
}

static char *approval_tag(const char *id, const char *version)
{
	return isms_asprintf("approved/%s/v%s", id, version);
}

/* Whether `tag` names a revision that holds `path`. */
static bool tag_holds(struct isms_store *store, const char *tag, const char *path)
{
	struct isms_buf text = ISMS_BUF_INIT;
	bool ok = isms_repo_read(&text, store->repo, tag, path) == 0;

	isms_buf_free(&text);
	return ok;
}

/* The latest approval tag of `id` from its `version`: approvals make X.0
 * versions, so it is approved/ID/vVERSION or the highest vN.0 below it. */
static char *approval_from_version(struct isms_store *store, const char *id, const char *path,
				   const char *version)
{
	unsigned long major, minor;
	char *tag, v[ISMS_VERSION_MAX];

	if (!parse_version(version, &major, &minor))
		return NULL;
	tag = approval_tag(id, version);
	if (tag_holds(store, tag, path))
		return tag;
	free(tag);
	for (unsigned long n = major < 999 ? major : 999; n >= 1; n--) {
		snprintf(v, sizeof(v), "%lu.0", n);
		tag = approval_tag(id, v);
		if (tag_holds(store, tag, path))
			return tag;
		free(tag);
	}
	return NULL;
}

bool isms_store_approval_of(char **rid, char version[ISMS_VERSION_MAX], struct isms_store *store,
			    const struct isms_log_entry *e, const char *id)
{
	size_t n = isms_approval_summary(version, e->summary);
	char *name, *tag, at[ISMS_OID_HEX];
	bool ok;

	if (rid)
		*rid = NULL;
	if (n == 0 || (id && (strlen(id) != n || strncmp(e->summary, id, n) != 0)))
		return false;
	name = isms_strndup(e->summary, n);
	tag = approval_tag(name, version);
	/* A summary anyone can write; the tag on this very commit is the approval. */
	ok = isms_id_check(name) == 0 && isms_repo_resolve(at, store->repo, tag) == 0 &&
	     strcmp(at, e->id) == 0;
	if (!ok)
		isms_error_clear();
	if (ok && rid)
		*rid = name;
	else
		free(name);
	free(tag);
	return ok;
}

/* Whether log entry `e` is an approval of `id` whose tag is on it and
 * holds `path`; its version into `version`. */
static bool is_approval(char version[ISMS_VERSION_MAX], struct isms_store *store,
			const struct isms_log_entry *e, const char *id, const char *path)
{
	char *tag;
	bool ok;

	if (!isms_store_approval_of(NULL, version, store, e, id))
		return false;
	tag = approval_tag(id, version);
	ok = tag_holds(store, tag, path);
	free(tag);
	return ok;
}

/* The latest approval of `id` in `log` (the highest version: commits made
 * in the same second are in no reliable order): its index (log->count when
 * there is none) and tag. */
static size_t approval_in_log(char **tag, struct isms_store *store, const struct isms_log *log,
			      const char *id, const char *path)
{
	unsigned long best_major = 0, best_minor = 0;
	size_t best = log->count;

	*tag = NULL;
	for (size_t i = 0; i < log->count; i++) {
		char version[ISMS_VERSION_MAX];
		unsigned long major, minor;

		if (!is_approval(version, store, &log->items[i], id, path) ||
		    !parse_version(version, &major, &minor))
			continue;
		if (best == log->count || major > best_major ||
		    (major == best_major && minor > best_minor)) {
			best = i;
			best_major = major;
			best_minor = minor;
			free(*tag);
			*tag = approval_tag(id, version);
		}
	}
	return best;
}

int isms_store_unfinished_approval(struct isms_unfinished *out, struct isms_store *store,
				   const char *id, const char *path)
{
	struct isms_log log = { 0 };
	struct isms_buf text = ISMS_BUF_INIT;
	char *msg = NULL, *record = NULL, *version = NULL, *by = NULL, *blob = NULL, *self = NULL;
	char hash[ISMS_OID_HEX], at[ISMS_OID_HEX];
	unsigned long major, minor;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_repo_log(&log, store->repo, path, 1)) < 0 || log.count == 0 ||
	    (error = isms_repo_message(&msg, store->repo, log.items[0].id)) < 0)
		goto cleanup;
	/* The trailers git reads, not the summary: and they must be about the
	 * very file this commit holds. */
	record = isms_trailer_value(msg, "Record");
	version = isms_trailer_value(msg, "Version");
	by = isms_trailer_value(msg, "Approved-by");
	blob = isms_trailer_value(msg, "Approved-blob");
	if (!record || strcmp(record, id) != 0 || !version || strlen(version) >= ISMS_VERSION_MAX ||
	    !parse_version(version, &major, &minor) || !by || !*by || !blob ||
	    strlen(blob) != ISMS_OID_HEX - 1 ||
	    isms_repo_read(&text, store->repo, log.items[0].id, path) < 0)
		goto cleanup;
	isms_repo_hash(hash, text.ptr, text.len);
	if (strcmp(hash, blob) != 0)
		goto cleanup;
	out->tag = approval_tag(id, version);
	if (isms_repo_resolve(at, store->repo, out->tag) == 0) {
		if (strcmp(at, log.items[0].id) == 0) {
			isms_unfinished_free(out);
			goto cleanup;  /* finished */
		}
		memcpy(out->elsewhere, at, ISMS_OID_HEX);
	}
	memcpy(out->commit, log.items[0].id, ISMS_OID_HEX);
	memcpy(out->version, version, strlen(version) + 1);
	memcpy(out->blob, hash, ISMS_OID_HEX);
	out->approver = by;
	by = NULL;
	self = isms_trailer_value(msg, "Self-approved");
	out->self_approved = self && strcmp(self, "yes") == 0;
cleanup:
	if (error == 0)
		isms_error_clear();  /* a file missing at that commit is no approval, not an error */
	isms_log_free(&log);
	isms_buf_free(&text);
	free(msg);
	free(record);
	free(version);
	free(by);
	free(blob);
	free(self);
	return error < 0 ? error : out->commit[0] != '\0';
}

void isms_unfinished_free(struct isms_unfinished *u)
{
	free(u->approver);
	free(u->tag);
	memset(u, 0, sizeof(*u));
}

/* The tag of record `id`'s latest approval: from the version it says (NULL:
 * unknown); failing that (a version changed by hand), from its history. */
static char *latest_approval_tag(struct isms_store *store, const char *id, const char *path,
				 const char *version)
{
	char *tag = approval_from_version(store, id, path, version);
	struct isms_log log = { 0 };

	if (!tag && isms_repo_log(&log, store->repo, path, 0) == 0)
		approval_in_log(&tag, store, &log, id, path);
	isms_log_free(&log);
	return tag;
}

int isms_store_approved_tag(char **tag, struct isms_store *store, const char *id,
			    const char *path)
{
	struct isms_node *root = NULL;
	char *full = full_path(store, path);
	const char *version = NULL;

	if (isms_yaml_load_file(&root, NULL, NULL, full, NULL) == 0 && root->type == ISMS_NODE_MAP)
		version = isms_map_get_text(root, "version");
	*tag = latest_approval_tag(store, id, path, version);
	isms_node_free(root);
	free(full);
	return *tag ? 0 : isms_error_set(ISMS_ENOTFOUND, "%s has never been approved ('isms approve %s')",
					  id, id);
}

void isms_approval_free(struct isms_approval *a)
{
	free(a->tag);
	a->tag = NULL;
}

static bool same_person(const char *name, const char *email, const struct isms_log_entry *e)
{
	return (e->email && email && strcasecmp(e->email, email) == 0) ||
	       (e->author && name && strcmp(e->author, name) == 0);
}

/* The record as committed at HEAD into `head`, and its blob id into `hash`;
 * refused unless the file on disk is exactly that, `rec` was read from it
 * and `seen` (NULL: anything) is its blob (`why` says what for). */
static int require_committed(struct isms_buf *head, char hash[ISMS_OID_HEX],
			     struct isms_store *store, const struct isms_record *rec,
			     const char *seen, const char *why)
{
	struct isms_buf disk = ISMS_BUF_INIT;
	char now[ISMS_OID_HEX], *full;
	int error = isms_repo_read(head, store->repo, "HEAD", rec->path);

	if (error == ISMS_ENOTFOUND)
		return isms_error_set(ISMS_EINVALID, "%s is not committed yet; commit it first",
				      rec->path);
	if (error < 0)
		return error;
	isms_repo_hash(hash, head->ptr, head->len);
	full = full_path(store, rec->path);
	error = isms_fs_read(&disk, full, ISMS_YAML_MAX_BYTES);
	free(full);
	if (error < 0)
		return error;
	isms_repo_hash(now, disk.ptr, disk.len);
	isms_buf_free(&disk);
	if (strcmp(now, hash) != 0)
		return isms_error_set(ISMS_ECONFLICT,
			"%s has changes that are not committed; commit them first %s", rec->path, why);
	if (strcmp(hash, rec->base) != 0)
		return isms_error_set(ISMS_ECONFLICT,
			"%s changed since it was read (a commit was made meanwhile); read it again",
			rec->path);
	if (seen && strcmp(hash, seen) != 0)
		return isms_error_set(ISMS_ECONFLICT,
			"%s changed since it was shown (committed blob %.7s, shown %.7s); "
			"look at what changed again", rec->id, hash, seen);
	return 0;
}

#define APPROVE_WHY "(isms edit, or git commit) so that their author is known"
#define REVIEW_WHY "so that the review concerns a known text"

/* What refuses a review or an approval whatever the file says. */
static int reviewable(struct isms_store *store, const struct isms_record *rec, bool approval)
{
	const char *status = isms_map_get_text(rec->root, "status");
	const char *act = approval ? "approval" : "reviews";

	if (!rec->kind->controlled)
		return isms_error_set(ISMS_EINVALID,
			"%s is a %s record, not a controlled document: %s %s for policies, "
			"procedures, documents, the scope and audit programmes", rec->id, rec->kind->name,
			act, approval ? "is" : "are");
	if (status && (strcmp(status, "retired") == 0 || strcmp(status, "superseded") == 0))
		return isms_error_set(ISMS_EINVALID, "%s is %s and cannot be %s", rec->id, status,
				      approval ? "approved" : "reviewed");
	return store_config_usable(store);
}

int isms_store_review_ready(struct isms_store *store, const struct isms_record *rec,
			    const char *seen, bool approval)
{
	struct isms_buf head = ISMS_BUF_INIT;
	char hash[ISMS_OID_HEX];
	int error;

	if ((error = reviewable(store, rec, approval)) == 0)
		error = require_committed(&head, hash, store, rec, seen,
					  approval ? APPROVE_WHY : REVIEW_WHY);
	isms_buf_free(&head);
	return error;
}

/* The version an approval makes: approvals make major versions (0.3 ->
 * 1.0, 1.2 -> 2.0; a first approval of an X.0 keeps it), never below the
 * last approval (tag `last`, or NULL), whatever the version says now. */
static void next_version(char out[ISMS_VERSION_MAX], bool has_version, unsigned long major,
			 unsigned long minor, const char *last)
{
	if (!has_version)
		major = 0, minor = 1;
	if (!(minor == 0 && major >= 1 && !last))
		major++;
	if (last) {
		unsigned long last_major, last_minor;
		const char *v = strrchr(last, 'v');

		if (v && parse_version(v + 1, &last_major, &last_minor) && major <= last_major)
			major = last_major + 1;
	}
	snprintf(out, ISMS_VERSION_MAX, "%lu.0", major);
}

int isms_store_approval_version(char version[ISMS_VERSION_MAX], struct isms_store *store,
				const struct isms_record *rec)
{
	const char *v = isms_map_get_text(rec->root, "version");
	unsigned long major = 0, minor = 0;
	char *last = NULL;

	if (v && !parse_version(v, &major, &minor))
		return isms_error_set(ISMS_EINVALID,
			"%s: version '%s' is not major.minor (for example 0.3); fix it first",
			rec->path, v);
	if (isms_store_approved_tag(&last, store, rec->id, rec->path) < 0)
		isms_error_clear();
	next_version(version, v != NULL, major, minor, last);
	free(last);
	return 0;
}

/* Who acts: `who`, or git's identity when NULL (the caller frees both). */
static int acting_identity(char **name, char **email, struct isms_store *store,
			   const struct isms_ident *who)
{
	if (!who)
		return isms_repo_identity(name, email, store->repo);
	*name = isms_strdup(who->name);
	*email = isms_strdup(who->email);
	return 0;
}

/* The message of approval `out` of `id` by `approver`. */
static char *approval_message(const char *id, const struct isms_approval *out,
			      const char *approver, const char *note)
{
	return isms_asprintf("%s v%s approved by %s%s%s%s", id, out->version, approver,
			     out->self_approved ? " (self-approved)" : "",
			     note && *note ? "\n\n" : "", note ? note : "");
}

/* Tag approval `out` of `id` on commit `commit`, by `approver`, as `who`
 * (git's identity, and signed as configured, when NULL). */
static int tag_approval(struct isms_store *store, const char *id, const struct isms_approval *out,
			const char *commit, const char *approver, const char *note,
			const struct isms_ident *who)
{
	struct isms_tag_opts opts = ISMS_TAG_OPTS_INIT;
	char *message = approval_message(id, out, approver, note);
	int error;

	opts.message = message;
	opts.tagger = who;
	if (who)
		opts.sign = 0;  /* never sign in another person's name */
	error = isms_repo_tag(store->repo, out->tag, commit, &opts);
	free(message);
	return error;
}

/* Whether `approver` ("Name <email>", an Approved-by trailer) is `name`
 * with `email`. */
static bool is_approver(const char *approver, const char *name, const char *email)
{
	const char *lt = strrchr(approver, '<'), *gt = strrchr(approver, '>');
	size_t n;

	if (!lt || !gt || gt < lt || gt[1] || lt == approver || lt[-1] != ' ')
		return false;
	n = (size_t)(lt - 1 - approver);
	return strlen(name) == n && strncmp(approver, name, n) == 0 &&
	       strlen(email) == (size_t)(gt - lt - 1) && strncasecmp(lt + 1, email, strlen(email)) == 0;
}

/* Finish unfinished approval `u` of `rec`, whose committed file is `hash`
 * and clean: make its tag, as its approver only (the tag says that they
 * approved, and carries their signature). */
static int finish_approval(char commit[ISMS_OID_HEX], struct isms_approval *out,
			   struct isms_store *store, const struct isms_record *rec, const char *hash,
			   const struct isms_unfinished *u, const char *note,
			   const struct isms_ident *who)
{
	char *name = NULL, *email = NULL;
	int error = 0;

	if (strcmp(hash, u->blob) != 0)
		return isms_error_set(ISMS_EINVALID,
			"%s: the approval of v%s in commit %.7s has no tag %s, and %s is no longer the "
			"file approved; change the document and approve it anew", rec->id, u->version,
			u->commit, u->tag, rec->path);
	if (u->elsewhere[0])
		return isms_error_set(ISMS_ECONFLICT,
			"%s: the approval of v%s in commit %.7s is unfinished: its tag %s names "
			"commit %.7s instead, and a tag is never moved; change the document and approve "
			"it anew", rec->id, u->version, u->commit, u->tag, u->elsewhere);
	if ((error = acting_identity(&name, &email, store, who)) < 0)
		goto cleanup;
	if (!is_approver(u->approver, name, email)) {
		error = isms_error_set(ISMS_EUNSAFE,
			"%s: the approval of v%s by %s in commit %.7s is unfinished (its tag %s is "
			"missing), and %s <%s> cannot finish it: only %s can finish it; or change the "
			"document and approve it anew", rec->id, u->version, u->approver, u->commit,
			u->tag, name, email, u->approver);
		goto cleanup;
	}
	memcpy(out->version, u->version, sizeof(out->version));
	memcpy(out->blob, u->blob, ISMS_OID_HEX);
	out->self_approved = u->self_approved;
	out->tag = isms_strdup(u->tag);
	if ((error = tag_approval(store, rec->id, out, u->commit, u->approver, note, who)) < 0) {
		isms_error_prefix("the approval of %s v%s in commit %.7s is still unfinished: the tag "
				  "%s could not be made", rec->id, u->version, u->commit, u->tag);
		goto cleanup;
	}
	memcpy(commit, u->commit, ISMS_OID_HEX);
	out->finished = true;
cleanup:
	free(name);
	free(email);
	return error;
}

int isms_store_approve(char commit[ISMS_OID_HEX], struct isms_approval *out,
		       struct isms_store *store, struct isms_record *rec, const char *note,
		       const char *seen)
{
	return isms_store_approve_as(commit, out, store, rec, note, seen, NULL);
}

int isms_store_approve_as(char commit[ISMS_OID_HEX], struct isms_approval *out,
			  struct isms_store *store, struct isms_record *rec, const char *note,
			  const char *seen, const struct isms_ident *who)
{
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_save_opts save = ISMS_SAVE_OPTS_INIT;
	struct isms_unfinished unfinished;
	struct isms_log log = { 0 };
	struct isms_buf head = ISMS_BUF_INIT, text = ISMS_BUF_INIT;
	const char *version = isms_map_get_text(rec->root, "version");
	char *name = NULL, *email = NULL, *last = NULL, *approver = NULL, *message = NULL;
	char *tag_message = NULL, *undone = NULL;
	char *tr[5] = { NULL }, hash[ISMS_OID_HEX], today[11], due[11], log_since_id[ISMS_OID_HEX];
	unsigned long major = 0, minor = 0;
	unsigned months = store->review_months[rec->kind - isms_kind_at(0)];
	size_t since;
	bool self = false;
	int error;

	commit[0] = '\0';
	memset(out, 0, sizeof(*out));
	memset(&unfinished, 0, sizeof(unfinished));
	if ((error = reviewable(store, rec, true)) < 0)
		return error;
	isms_record_validate(&findings, rec->root, rec->kind, rec->id);
	if (isms_findings_errors(&findings)) {
		const struct isms_finding *f = &findings.items[0];

		for (size_t i = 0; i < findings.count; i++)
			if (findings.items[i].severity == ISMS_SEV_ERROR) {
				f = &findings.items[i];
				break;
			}
		error = isms_error_set_at(ISMS_EINVALID, f->line, f->column,
			"%s:%u:%u: %s; a record that does not validate cannot be approved",
			rec->path, f->line, f->column, f->message);
		goto cleanup;
	}
	if (version && !parse_version(version, &major, &minor)) {
		error = isms_error_set(ISMS_EINVALID,
			"%s: version '%s' is not major.minor (for example 0.3); fix it first",
			rec->path, version);
		goto cleanup;
	}
	/* What is approved is what is committed: its authors are known. */
	if ((error = require_committed(&head, hash, store, rec, seen, APPROVE_WHY)) < 0)
		goto cleanup;
	/* An approval whose tag failed is finished, not made again. */
	if ((error = isms_store_unfinished_approval(&unfinished, store, rec->id, rec->path)) < 0)
		goto cleanup;
	if (error == 1) {
		error = finish_approval(commit, out, store, rec, hash, &unfinished, note, who);
		goto cleanup;
	}
	if ((error = isms_repo_log(&log, store->repo, rec->path, 0)) < 0)
		goto cleanup;
	since = approval_in_log(&last, store, &log, rec->id, rec->path);
	if (last) {
		struct isms_buf then = ISMS_BUF_INIT;
		bool same = isms_repo_read(&then, store->repo, last, rec->path) == 0 &&
			    then.len == head.len && memcmp(then.ptr, head.ptr, head.len) == 0;

		memcpy(log_since_id, log.items[since].id, ISMS_OID_HEX);
		isms_buf_free(&then);
		if (same) {
			error = isms_error_set(ISMS_EINVALID,
				"%s has not changed since its approval (%s); there is nothing new to approve",
				rec->id, last);
			goto cleanup;
		}
	}
	if ((error = acting_identity(&name, &email, store, who)) < 0)
		goto cleanup;
	/* The authors of the content: every commit that changed it and is not
	 * in the history of the last approval (by the graph, not by dates,
	 * which an author may set), approvals aside. */
	if (last) {
		git_oid approval;

		isms_log_free(&log);
		if (git_oid_fromstr(&approval, log_since_id) < 0 ||
		    (error = isms_repo_walk(&log, store->repo, NULL, &approval, rec->path, 0)) < 0) {
			error = error < 0 ? error : isms_error_set(ISMS_ERROR, "bad commit id");
			goto cleanup;
		}
	}
	for (size_t i = 0; i < log.count && !self; i++) {
		char v[ISMS_VERSION_MAX];

		if (is_approval(v, store, &log.items[i], rec->id, rec->path))
			continue;
		self = same_person(name, email, &log.items[i]);
	}
	if (self && !store->self_approval[rec->kind - isms_kind_at(0)]) {
		error = isms_error_set(ISMS_EUNSAFE,
			"%s <%s> is an author of the changes to %s being approved (the commits "
			"since its %s) and cannot approve them: another person must, or isms.yaml "
			"allows it for %s documents with self_approval: [%s]",
			name, email, rec->id, last ? "last approval" : "creation", rec->kind->name,
			rec->kind->name);
		goto cleanup;
	}

	next_version(out->version, version != NULL, major, minor, last);
	approver = isms_asprintf("%s <%s>", name, email);
	if (who) {
		char when[32];

		isms_date_format(when, who->time, who->offset);
		snprintf(today, sizeof(today), "%.10s", when);
	} else {
		isms_date_today(today);
	}
	isms_map_set(rec->root, "status", isms_node_str("approved"));
	isms_map_set(rec->root, "version", isms_node_str(out->version));
	isms_map_set(rec->root, "approved_by", isms_node_str(approver));
	isms_map_set(rec->root, "approved_on", isms_node_plain(today));
	if (months) {
		isms_date_add_months(due, today, months);
		isms_map_set(rec->root, "next_review", isms_node_plain(due));
	}
	if ((error = emit_record(&text, rec, false)) < 0)
		goto cleanup;
	isms_repo_hash(out->blob, text.ptr, text.len);
	tr[0] = isms_strdup("Status: approved");
	tr[1] = isms_asprintf("Version: %s", out->version);
	tr[2] = isms_asprintf("Approved-by: %s", approver);
	tr[3] = isms_asprintf("Approved-blob: %s", out->blob);
	if (self)
		tr[4] = isms_strdup("Self-approved: yes");
	message = isms_asprintf("%s: approve v%s%s%s%s", rec->id, out->version,
				self ? " (self-approved)" : "", note && *note ? "\n\n" : "",
				note ? note : "");
	save.message = message;
	save.findings = &findings;
	save.author = who;
	isms_findings_free(&findings);
	out->self_approved = self;
	out->tag = approval_tag(rec->id, out->version);
	tag_message = approval_message(rec->id, out, approver, note);
	undone = isms_asprintf("%s was not approved, and nothing changed", rec->id);
	/* All or nothing: the commit and its tag are made together. */
	error = save_text(commit, store, rec, text.ptr, text.len, &save,
			  &(struct save_extra){ .trailers = (const char *const *)tr,
						.count = self ? 5 : 4, .tag = out->tag,
						.tag_message = tag_message, .tag_undone = undone });
	if (error < 0 && commit[0]) {
		/* Only the tag's reference failed, after the branch moved: the
		 * approval is unfinished, for its approver to finish. */
		char *why = isms_strdup(isms_error_last()->message);

		error = isms_error_set(error, "%s is approved in commit %.7s, but the tag %s "
			"could not be made: %s; once that is mended, 'isms approve %s' as %s "
			"finishes the approval", rec->id, commit, out->tag, why, rec->id, approver);
		free(why);
	} else if (error < 0 && strncmp(isms_error_last()->message, undone, strlen(undone)) == 0) {
		char *why = isms_strdup(isms_error_last()->message);

		error = isms_error_set(error, "%s; once that is mended, approve it again", why);
		free(why);
	} else if (error == 0 && !commit[0]) {
		error = isms_error_set(ISMS_ERROR, "%s: the approval made no commit", rec->id);
	}
cleanup:
	for (size_t i = 0; i < 5; i++)
		free(tr[i]);
	free(tag_message);
	free(undone);
	isms_findings_free(&findings);
	isms_log_free(&log);
	isms_buf_free(&head);
	isms_buf_free(&text);
	free(name);
	free(email);
	free(last);
	free(approver);
	free(message);
	isms_unfinished_free(&unfinished);
	return error;
}

/* An approved document whose file (`given`, or the working tree's when
 * NULL) is no longer what was approved; `committing` when the text is about
 * to be committed, which says how to go on differently. */
static void check_approval(struct isms_findings *f, struct isms_store *store,
			   const struct isms_view *v, const char *path,
			   const struct isms_buf *given, bool committing)
{
	struct isms_buf approved = ISMS_BUF_INIT, now = ISMS_BUF_INIT;
	struct isms_node *then = NULL;
	const char *status, *on = NULL;
	char *tag, *full;
	unsigned line = 1;

	if (!v->root || v->root->type != ISMS_NODE_MAP || !v->kind->controlled ||
	    !(status = isms_map_get_text(v->root, "status")) || strcmp(status, "approved") != 0)
		return;
	tag = latest_approval_tag(store, v->id, path, isms_map_get_text(v->root, "version"));
	if (!tag) {
		/* Never approved here: the record's own fields say who and
		 * when (approvals from before the workbench). A change that
		 * says approved is no approval, though. */
		const struct isms_node *st = isms_map_get(v->root, "status");

		if (committing)
			isms_findings_add(f, ISMS_SEV_ERROR, st->line, st->column,
				"says approved, but nothing approved this text: a document is "
				"approved with 'isms approve %s', which binds the approval to it; "
				"commit it as draft or in-review, then approve it", v->id);
		return;
	}
	full = full_path(store, path);
	if (given)
		isms_buf_put(&now, given->ptr ? given->ptr : "", given->len);
	if (isms_repo_read(&approved, store->repo, tag, path) == 0 &&
	    (given || isms_fs_read(&now, full, ISMS_YAML_MAX_BYTES) == 0) &&
	    (approved.len != now.len || memcmp(approved.ptr, now.ptr, now.len) != 0)) {
		const char *v_then = NULL;
		unsigned long major, minor;
		char next[ISMS_VERSION_MAX] = "";

		/* The first line that differs. */
		for (size_t i = 0; i < approved.len && i < now.len && approved.ptr[i] == now.ptr[i]; i++)
			line += now.ptr[i] == '\n';
		if (isms_yaml_load(&then, NULL, approved.ptr, approved.len, path, NULL) == 0 &&
		    then->type == ISMS_NODE_MAP) {
			on = isms_map_get_text(then, "approved_on");
			v_then = isms_map_get_text(then, "version");
		}
		if (v_then && parse_version(v_then, &major, &minor))
			snprintf(next, sizeof(next), "%lu.%lu", major, minor + 1);
		if (committing)
			isms_findings_add(f, ISMS_SEV_ERROR, line, 1,
				"changed since its approval on %s (%s) but still says status: approved; "
				"a change to an approved document is its next draft: set status: draft "
				"and version: '%s' (and remove approved_by and approved_on), or make the "
				"change with 'isms edit %s', which does that",
				on ? on : "an earlier date", tag, next[0] ? next : "X.Y", v->id);
		else
			isms_findings_add(f, ISMS_SEV_ERROR, line, 1,
				"changed since its approval on %s (%s); approve it again or set status to in-review",
				on ? on : "an earlier date", tag);
	}
	isms_node_free(then);
	isms_buf_free(&approved);
	isms_buf_free(&now);
	free(full);
	free(tag);
}

/* An approved document whose approval commit has no tag: unfinished, and
 * so not believed. */
static void check_unfinished(struct isms_findings *f, struct isms_store *store,
			     const struct isms_view *v, const char *path)
{
	struct isms_unfinished u;
	const struct isms_node *status;

	if (!v->root || v->root->type != ISMS_NODE_MAP || !v->kind->controlled ||
	    !(status = isms_map_get(v->root, "status")) || status->type != ISMS_NODE_SCALAR ||
	    strcmp(status->text, "approved") != 0)
		return;
	if (isms_store_unfinished_approval(&u, store, v->id, path) != 1) {
		isms_error_clear();
		return;
	}
	if (u.elsewhere[0])
		isms_findings_add(f, ISMS_SEV_ERROR, status->line, status->column,
			"the approval of v%s by %s in commit %.7s is unfinished: its tag %s names "
			"commit %.7s instead; change the document and approve it anew", u.version,
			u.approver, u.commit, u.tag, u.elsewhere);
	else
		isms_findings_add(f, ISMS_SEV_ERROR, status->line, status->column,
			"the approval of v%s by %s in commit %.7s is unfinished: it has no tag %s; "
			"run 'isms approve %s' to finish the approval (as its approver), or approve anew",
			u.version, u.approver, u.commit, u.tag, v->id);
	isms_unfinished_free(&u);
}

int isms_store_soa_init(char commit[ISMS_OID_HEX], size_t *added, struct isms_store *store,
			const struct isms_ident *author)
{
	const struct isms_kind *kind = isms_kind_find("control");
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	const char *trailers[] = { "Clause: 6.1.3" };
	char **paths = isms_calloc(isms_control_count(), sizeof(*paths)), *message = NULL;
	size_t n = 0;
	int error, lock = -1;

	commit[0] = '\0';
	*added = 0;
	opts.author = opts.committer = author;
	opts.sign = author ? 0 : -1;  /* never sign in another person's name */
	if ((error = store_config_usable(store)) < 0 || (error = isms_store_save_lock(&lock, store)) < 0 ||
	    (error = isms_repo_ready(store->repo, &opts)) < 0 ||
	    (error = kind_folder(store, kind, true)) < 0)
		goto cleanup;
	for (size_t i = 0; i < isms_control_count(); i++) {
		const struct isms_control *c = isms_control_at(i);
		char *rel = isms_kind_record_path(kind, c->id), *full = full_path(store, rel);
		struct isms_node *root;
		struct isms_buf text = ISMS_BUF_INIT;

		if (isms_fs_exists(full)) {
			free(rel);
			free(full);
			continue;
		}
		root = isms_node_map();
		isms_map_set(root, "id", isms_node_str(c->id));
		isms_map_set(root, "kind", isms_node_str(kind->name));
		isms_map_set(root, "title", isms_node_str(c->title));
		isms_map_set(root, "status", isms_node_str("draft"));
		error = isms_yaml_emit(&text, root);
		if (error == 0)
			error = isms_fs_write_atomic(full, text.ptr, text.len, 0644, ISMS_FS_CREATE_NEW);
		isms_buf_free(&text);
		isms_node_free(root);
		free(full);
		if (error < 0) {
			free(rel);
			goto cleanup;
		}
		paths[n++] = rel;
	}
	if (n) {
		message = isms_asprintf("Statement of Applicability: add %zu Annex A control%s, undecided",
					n, n == 1 ? "" : "s");
		opts.message = message;
		opts.trailers = trailers;
		opts.trailer_count = 1;
		error = isms_repo_commit(commit, store->repo, (const char *const *)paths, n, &opts);
	}
cleanup:
	/* All or nothing: what was written but not committed is taken away. */
	for (size_t i = 0; i < n; i++) {
		if (error < 0 && !commit[0]) {
			char *full = full_path(store, paths[i]);

			unlink(full);
			free(full);
		}
		free(paths[i]);
	}
	if (error == 0)
		*added = n;
	if (lock >= 0)
		close(lock);
	free(paths);
	free(message);
	return error;
}

/* Reviews, retention and external documents (27001 7.5.2, 7.5.3) */

int isms_store_review(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_record *rec, const char *decision, const char *comments,
		      const char *seen)
{
	return isms_store_review_as(commit, store, rec, decision, comments, seen, NULL);
}

int isms_store_review_as(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *rec, const char *decision, const char *comments,
			 const char *seen, const struct isms_ident *who)
{
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	struct isms_buf head = ISMS_BUF_INIT;
	const char *version = isms_map_get_text(rec->root, "version");
	const char *paths[] = { rec->path };
	char *name = NULL, *email = NULL, *message = NULL, *tr[5] = { NULL }, hash[ISMS_OID_HEX];
	size_t bad;
	int error, lock = -1;

	commit[0] = '\0';
	if ((error = reviewable(store, rec, false)) < 0)
		return error;
	if (!decision || (strcmp(decision, "approve") != 0 && strcmp(decision, "changes-requested") != 0))
		return isms_error_set(ISMS_EUSAGE, "the decision must be approve or changes-requested");
	if (!comments || !*comments)
		return isms_error_set(ISMS_EINVALID, "a review of %s needs comments (-m COMMENTS)", rec->id);
	if (isms_text_check(comments, strlen(comments), &bad) != ISMS_TEXT_OK)
		return isms_error_set(ISMS_EINVALID, "the comments are not valid UTF-8 text");
	if ((error = isms_store_save_lock(&lock, store)) < 0)
		goto cleanup;
	/* What is reviewed is what is committed. */
	if ((error = require_committed(&head, hash, store, rec, seen, REVIEW_WHY)) < 0)
		goto cleanup;
	if ((error = acting_identity(&name, &email, store, who)) < 0)
		goto cleanup;
	tr[0] = isms_asprintf("Record: %s", rec->id);
	tr[1] = isms_asprintf("Clause: %s", rec->kind->clause);
	tr[2] = isms_asprintf("Review: %s", decision);
	tr[3] = isms_asprintf("Reviewed-by: %s <%s>", name, email);
	tr[4] = isms_asprintf("Reviewed-blob: %s", hash);
	message = isms_asprintf("%s: review%s%s (%s)\n\n%s", rec->id, version ? " v" : "",
				version ? version : "", decision, comments);
	opts.message = message;
	opts.trailers = (const char *const *)tr;
	opts.trailer_count = 5;
	opts.allow_empty = 1;
	opts.author = opts.committer = who;
	opts.sign = who ? 0 : -1;  /* never sign in another person's name */
	error = isms_repo_commit(commit, store->repo, paths, 1, &opts);
cleanup:
	if (lock >= 0)
		close(lock);
	for (size_t i = 0; i < 5; i++)
		free(tr[i]);
	isms_buf_free(&head);
	free(name);
	free(email);
	free(message);
	return error;
}

static int compare_oids(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Whether commit `commit` is a review of `id`: its final trailer block
 * names the record and a decision (its summary is anyone's words). */
static bool review_of(struct isms_store *store, const char *commit, const char *id)
{
	char *msg = NULL, *record = NULL, *decision = NULL;
	bool ok;

	if (isms_repo_message(&msg, store->repo, commit) == 0) {
		record = isms_trailer_value(msg, "Record");
		decision = isms_trailer_value(msg, "Review");
	}
	isms_error_clear();
	ok = record && decision && strcmp(record, id) == 0;
	free(msg);
	free(record);
	free(decision);
	return ok;
}

int isms_store_history(struct isms_log *out, struct isms_store *store, const char *id,
		       const char *path)
{
	struct isms_log file = { 0 }, all = { 0 };
	char (*ids)[ISMS_OID_HEX] = NULL;
	char *prefix = isms_asprintf("%s: review", id);
	size_t n = strlen(prefix);
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_repo_log(&file, store->repo, path, 0)) < 0 ||
	    (error = isms_repo_log(&all, store->repo, NULL, 0)) < 0)
		goto cleanup;
	ids = isms_calloc(file.count + 1, sizeof(*ids));
	for (size_t i = 0; i < file.count; i++)
		memcpy(ids[i], file.items[i].id, ISMS_OID_HEX);
	if (file.count > 1)
		qsort(ids, file.count, sizeof(*ids), compare_oids);
	for (size_t i = 0; i < all.count; i++) {
		struct isms_log_entry *e = &all.items[i];
		bool review = strncmp(e->summary, prefix, n) == 0 &&
			      (e->summary[n] == ' ' || e->summary[n] == '\0');

		if (!bsearch(e->id, ids, file.count, sizeof(*ids), compare_oids) &&
		    !(review && review_of(store, e->id, id)))
			continue;
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count++] = *e;
		e->author = e->email = e->summary = NULL;  /* moved */
	}
cleanup:
	isms_log_free(&file);
	isms_log_free(&all);
	free(ids);
	free(prefix);
	return error;
}

/* "N years" (or "1 year"), N from 1 to 100; -1 when it is not that. */
static int parse_years(const char *s)
{
	char *end;
	long n;

	if (!s || *s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if ((strcmp(end, "years") != 0 && strcmp(end, "year") != 0) || n < 1 || n > 100)
		return -1;
	return (int)n;
}

/* isms.yaml's `retention_years: {kind: N}`: N for `kind`, or -1. */
static int retention_years_of(const struct isms_store *store, const struct isms_kind *kind)
{
	const struct isms_node *map =
		store->config_root ? isms_map_get(store->config_root, "retention_years") : NULL;
	const struct isms_node *n =
		map && map->type == ISMS_NODE_MAP ? isms_map_get(map, kind->name) : NULL;
	int years = n ? isms_scalar_level(n) : 0;

	return years >= 1 && years <= 100 ? years : -1;
}

int isms_store_retention_end(char end[11], const struct isms_store *store,
			     const struct isms_kind *kind, const struct isms_node *root)
{
	const char *status, *on, *own;
	int years;

	end[0] = '\0';
	if (!root || root->type != ISMS_NODE_MAP || !(status = isms_map_get_text(root, "status")) ||
	    strcmp(status, "retired") != 0)
		return isms_error_set(ISMS_ENOTFOUND, "it is not retired ('isms retire' first)");
	if (!(on = isms_map_get_text(root, "retired_on")) || !isms_date_valid(on))
		return isms_error_set(ISMS_EINVALID, "it has no valid retired_on date");
	if ((own = isms_map_get_text(root, "retention"))) {
		if ((years = parse_years(own)) < 0)
			return isms_error_set(ISMS_EINVALID,
				"its retention '%s' is not a number of years (for example 6 years)", own);
	} else if ((years = retention_years_of(store, kind)) < 0) {
		return isms_error_set(ISMS_ENOTFOUND,
			"it has no retention period: set its retention (for example 6 years) or "
			"retention_years for %s in %s", kind->name, ISMS_CONFIG_FILE);
	}
	isms_date_add_months(end, on, (unsigned)years * 12);
	return 0;
}

/* A file name for documents/files/: one plain name, nothing hidden, no
 * path separators or control characters. */
static bool doc_name_ok(const char *name)
{
	size_t bad, len = strlen(name);

	if (len == 0 || len > 200 || name[0] == '.' || strpbrk(name, "/\\") ||
	    isms_text_check(name, len, &bad) != ISMS_TEXT_OK)
		return false;
	for (const char *c = name; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

bool doc_path_ok(const char *file)
{
	size_t n = strlen(ISMS_DOC_FILES);

	return strncmp(file, ISMS_DOC_FILES, n) == 0 && file[n] == '/' && doc_name_ok(file + n + 1);
}

int isms_store_doc_file_path(char **out, struct isms_store *store, const char *file)
{
	struct stat st;

	*out = NULL;
	if (!file || !doc_path_ok(file))
		return isms_error_set(ISMS_EUNSAFE, "its file '%s' is not a file in %s/; it is not "
				      "opened", file ? file : "", ISMS_DOC_FILES);
	*out = full_path(store, file);
	if (lstat(*out, &st) < 0 || !S_ISREG(st.st_mode)) {
		int error = errno == ENOENT ? isms_error_set(ISMS_ENOTFOUND, "its file is missing: %s", *out)
			    : isms_error_set(ISMS_EUNSAFE, "%s is not a regular file; it is not opened", *out);

		free(*out);
		*out = NULL;
		return error;
	}
	return 0;
}

/* A document's own file (its `file`), or NULL. */
static const char *doc_file_of(const struct isms_record *rec)
{
	const char *file = strcmp(rec->kind->name, "document") == 0 ?
		isms_map_get_text(rec->root, "file") : NULL;

	return file && *file ? file : NULL;
}

/* Fail unless `rel` on disk is what HEAD holds; `head` receives those bytes. */
static int committed_as_is(struct isms_buf *head, struct isms_store *store, const char *rel,
			   size_t limit)
{
	struct isms_buf now = ISMS_BUF_INIT;
	char *full = full_path(store, rel);
	int error = isms_repo_read(head, store->repo, "HEAD", rel);

	if (error == 0 && (error = isms_fs_read(&now, full, limit)) == 0 &&
	    (now.len != head->len || memcmp(now.ptr, head->ptr, now.len) != 0))
		error = isms_error_set(ISMS_ECONFLICT,
			"%s has changes that are not committed; commit or restore them first", rel);
	isms_buf_free(&now);
	free(full);
	return error;
}

int isms_store_dispose(char commit[ISMS_OID_HEX], struct isms_store *store,
		       struct isms_record *rec, const char *reason)
{
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	struct isms_buf head = ISMS_BUF_INIT, doc_head = ISMS_BUF_INIT;
	const char *file = doc_file_of(rec), *title = isms_map_get_text(rec->root, "title");
	const char *paths[2] = { rec->path, NULL };
	char end[11], today[11], *full = full_path(store, rec->path), *doc = NULL;
	char *message = NULL, *tr[3] = { NULL };
	bool with_doc = false;
	int error, lock = -1;

	commit[0] = '\0';
	if (!reason || !*reason) {
		error = isms_error_set(ISMS_EINVALID, "say why %s is disposed of (-m REASON)", rec->id);
		goto cleanup;
	}
	if ((error = isms_store_retention_end(end, store, rec->kind, rec->root)) < 0) {
		isms_error_prefix("%s cannot be disposed of", rec->id);
		goto cleanup;
	}
	isms_date_today(today);
	if (strcmp(end, today) > 0) {
		error = isms_error_set(ISMS_EINVALID,
			"%s must be kept until %s (retired on %s); it cannot be disposed of before",
			rec->id, end, isms_map_get_text(rec->root, "retired_on"));
		goto cleanup;
	}
	if (file && !doc_path_ok(file)) {
		error = isms_error_set(ISMS_EUNSAFE,
			"%s: its file '%s' is not in %s/; remove it by hand", rec->id, file, ISMS_DOC_FILES);
		goto cleanup;
	}
	if ((error = store_config_usable(store)) < 0 || (error = isms_store_save_lock(&lock, store)) < 0 ||
	    (error = isms_repo_ready(store->repo, &opts)) < 0 ||
	    (error = check_unchanged(store, rec)) < 0 ||
	    (error = committed_as_is(&head, store, rec->path, ISMS_YAML_MAX_BYTES)) < 0)
		goto cleanup;
	if (file) {
		struct stat st;

		doc = full_path(store, file);
		if (lstat(doc, &st) == 0 && !S_ISREG(st.st_mode)) {
			error = isms_error_set(ISMS_EUNSAFE, "%s is not a regular file; remove it by hand", file);
			goto cleanup;
		}
		error = committed_as_is(&doc_head, store, file, ISMS_DOC_MAX_BYTES);
		if (error == ISMS_ENOTFOUND && !isms_fs_exists(doc))
			error = 0;  /* neither committed nor there: nothing to remove */
		else if (error < 0)
			goto cleanup;
		else
			with_doc = true;
	}
	tr[0] = isms_asprintf("Record: %s", rec->id);
	tr[1] = isms_asprintf("Clause: %s", rec->kind->clause);
	tr[2] = isms_strdup("Disposed: yes");
	message = isms_asprintf("%s: dispose %s\n\n%s", rec->id, title ? title : rec->kind->title,
				reason);
	opts.message = message;
	opts.trailers = (const char *const *)tr;
	opts.trailer_count = 3;
	if (with_doc)
		paths[1] = file;
	if (unlink(full) < 0) {
		error = isms_error_set(ISMS_EIO, "%s: cannot remove: %s", full, strerror(errno));
		goto cleanup;
	}
	if (with_doc && unlink(doc) < 0 && errno != ENOENT) {
		error = isms_error_set(ISMS_EIO, "%s: cannot remove: %s", doc, strerror(errno));
	} else {
		error = isms_repo_commit(commit, store->repo, paths, with_doc ? 2 : 1, &opts);
	}
	if (error < 0 && !commit[0]) {
		/* Nothing is lost: put back what was removed. */
		isms_fs_write_atomic(full, head.ptr, head.len, 0644, ISMS_FS_REPLACE);
		if (with_doc && !isms_fs_exists(doc))
			isms_fs_write_atomic(doc, doc_head.ptr, doc_head.len, 0644, ISMS_FS_REPLACE);
	}
cleanup:
	if (lock >= 0)
		close(lock);
	for (size_t i = 0; i < 3; i++)
		free(tr[i]);
	isms_buf_free(&head);
	isms_buf_free(&doc_head);
	free(full);
	free(doc);
	free(message);
	return error;
}

/* Read a regular file (never through a symbolic link) of at most `limit`
 * bytes. */
static int read_plain_file(struct isms_buf *out, const char *path, size_t limit)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK), error = 0;

	if (fd < 0)
		return isms_error_set(errno == ENOENT ? ISMS_ENOTFOUND : errno == ELOOP ? ISMS_EUNSAFE
										: ISMS_EIO,
			"%s: %s", path, errno == ELOOP ? "a symbolic link is refused; give the file itself"
						       : strerror(errno));
	if (fstat(fd, &st) < 0)
		error = isms_error_set(ISMS_EIO, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		error = isms_error_set(ISMS_EUNSAFE, "%s is not a regular file", path);
	else if ((unsigned long long)st.st_size > limit)
		error = isms_error_set(ISMS_ELIMIT, "%s is %lld bytes; documents may be at most %zu MiB",
				       path, (long long)st.st_size, limit >> 20);
	while (error == 0 && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			error = isms_error_set(ISMS_EIO, "%s: %s", path, strerror(errno));
		else if (out->len + (size_t)n > limit)
			error = isms_error_set(ISMS_ELIMIT, "%s grew beyond %zu MiB while it was read",
					       path, limit >> 20);
		else
			isms_buf_put(out, chunk, (size_t)n);
	}
	close(fd);
	return error;
}

int isms_store_doc_add(char commit[ISMS_OID_HEX], struct isms_record **out,
		       struct isms_store *store, const char *file, const struct isms_doc_opts *o)
{
	static const struct isms_doc_opts none = { NULL, NULL, NULL, NULL };
	const struct isms_kind *kind = isms_kind_find("document");
	struct isms_commit_opts copts = ISMS_COMMIT_OPTS_INIT;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_buf data = ISMS_BUF_INIT, text = ISMS_BUF_INIT;
	struct isms_record *rec = NULL;
	const char *name = strrchr(file, '/'), *paths[2], *title;
	char *rel = NULL, *dir = NULL, *dest = NULL, *record_full = NULL, *message = NULL;
	char sha[ISMS_SHA256_HEX], *tr[2] = { NULL };
	bool wrote_file = false, wrote_record = false;
	struct stat st;
	int error, lock = -1;

	commit[0] = '\0';
	*out = NULL;
	if (!o)
		o = &none;
	name = name ? name + 1 : file;
	if (!doc_name_ok(name)) {
		error = isms_error_set(ISMS_EUNSAFE,
			"'%s': a document's file needs a plain name (no path separators, control "
			"characters or leading dot)", *name ? name : file);
		goto cleanup;
	}
	if ((error = read_plain_file(&data, file, ISMS_DOC_MAX_BYTES)) < 0)
		goto cleanup;
	isms_sha256(sha, data.ptr ? data.ptr : "", data.len);
	rel = isms_asprintf("%s/%s", ISMS_DOC_FILES, name);
	copts.author = copts.committer = o->author;
	copts.sign = o->author ? 0 : -1;  /* never sign in another person's name */
	if ((error = store_config_usable(store)) < 0 || (error = isms_store_save_lock(&lock, store)) < 0 ||
	    (error = isms_repo_ready(store->repo, &copts)) < 0 ||
	    (error = kind_folder(store, kind, true)) < 0)
		goto cleanup;
	dir = full_path(store, ISMS_DOC_FILES);
	if (lstat(dir, &st) < 0 && errno == ENOENT)
		error = isms_fs_mkdirs(dir, 0777);
	else if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		error = isms_error_set(ISMS_EUNSAFE, "%s must be a real folder inside the repository", dir);
	if (error < 0)
		goto cleanup;
	dest = full_path(store, rel);
	if (lstat(dest, &st) == 0) {
		error = isms_error_set(ISMS_EEXISTS, "%s already exists; give the file another name", rel);
		goto cleanup;
	}
	if ((error = isms_store_create(&rec, store, kind, NULL)) < 0)
		goto cleanup;
	title = o->title && *o->title ? o->title : name;
	isms_map_set(rec->root, "title", isms_node_str(title));
	isms_map_set(rec->root, "version", isms_node_str("0.1"));
	if (o->owner && *o->owner)
		isms_map_set(rec->root, "owner", isms_node_str(o->owner));
	if (o->classification && *o->classification)
		isms_map_set(rec->root, "classification", isms_node_str(o->classification));
	isms_map_set(rec->root, "file", isms_node_str(rel));
	isms_map_set(rec->root, "sha256", isms_node_str(sha));
	if ((error = emit_record(&text, rec, false)) < 0)
		goto cleanup;
	isms_record_validate(&findings, rec->root, kind, rec->id);
	if (isms_findings_errors(&findings)) {
		for (size_t i = 0; i < findings.count; i++)
			if (findings.items[i].severity == ISMS_SEV_ERROR) {
				error = isms_error_set(ISMS_EINVALID, "%s: %s; nothing was written",
						       rec->path, findings.items[i].message);
				break;
			}
		goto cleanup;
	}
	record_full = full_path(store, rec->path);
	if ((error = isms_fs_write_atomic(dest, data.ptr ? data.ptr : "", data.len, 0644,
					  ISMS_FS_CREATE_NEW)) < 0)
		goto cleanup;
	wrote_file = true;
	if ((error = isms_fs_write_atomic(record_full, text.ptr, text.len, 0644,
					  ISMS_FS_CREATE_NEW)) < 0)
		goto cleanup;
	wrote_record = true;
	isms_repo_hash(rec->base, text.ptr, text.len);
	tr[0] = isms_asprintf("Record: %s", rec->id);
	tr[1] = isms_asprintf("Clause: %s", kind->clause);
	message = isms_asprintf("%s: add document %s (%s)", rec->id, title, name);
	copts.message = message;
	copts.trailers = (const char *const *)tr;
	copts.trailer_count = 2;
	paths[0] = rec->path;
	paths[1] = rel;
	error = isms_repo_commit(commit, store->repo, paths, 2, &copts);
cleanup:
	if (error < 0 && !commit[0]) {
		/* Ours, just created: leave the repository as it was. */
		if (wrote_record)
			unlink(record_full);
		if (wrote_file)
			unlink(dest);
	}
	if (error == 0 || commit[0]) {
		*out = rec;
		rec = NULL;
	}
	if (lock >= 0)
		close(lock);
	free(tr[0]);
	free(tr[1]);
	isms_findings_free(&findings);
	isms_record_free(rec);
	isms_buf_free(&data);
	isms_buf_free(&text);
	free(rel);
	free(dir);
	free(dest);
	free(record_full);
	free(message);
	return error;
}

/* A document's own file: missing, or changed without a new version. */
/* A document's `file` field when it names a file in documents/files/; a
 * finding when it names anything else, NULL when there is none. */
static const struct isms_node *doc_file_field(struct isms_findings *f, const struct isms_node *root)
{
	const struct isms_node *file;

	if (root->type != ISMS_NODE_MAP || !(file = isms_map_get(root, "file")) ||
	    file->type != ISMS_NODE_SCALAR || !file->text[0])
		return NULL;
	if (!doc_path_ok(file->text)) {
		isms_findings_add(f, ISMS_SEV_ERROR, file->line, file->column,
			"file '%s' must be a file in %s/ ('isms doc add' puts it there)", file->text,
			ISMS_DOC_FILES);
		return NULL;
	}
	return file;
}

static void check_document_file(struct isms_findings *f, struct isms_store *store,
				const struct isms_view *v)
{
	const struct isms_node *file, *sum;
	struct isms_sha256 ctx;
	char hex[ISMS_SHA256_HEX], chunk[65536], *full;
	struct stat st;
	ssize_t n;
	int fd;

	if (!v->root || strcmp(v->kind->name, "document") != 0 || !(file = doc_file_field(f, v->root)))
		return;
	sum = isms_map_get(v->root, "sha256");
	full = full_path(store, file->text);
	if (lstat(full, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, file->line, file->column,
			"its file %s is %s", file->text,
			lstat(full, &st) < 0 ? "missing" : "not a regular file");
		free(full);
		return;
	}
	free(full);
	isms_sha256_init(&ctx);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		isms_sha256_update(&ctx, chunk, (size_t)n);
	}
	close(fd);
	isms_sha256_hex(hex, &ctx);
	if (!sum || sum->type != ISMS_NODE_SCALAR || !sum->text[0])
		isms_findings_add(f, ISMS_SEV_WARNING, file->line, file->column,
			"no sha256 for its file %s, so changes to it cannot be detected (its sha256 is %s)",
			file->text, hex);
	else if (strcasecmp(sum->text, hex) != 0)
		isms_findings_add(f, ISMS_SEV_ERROR, sum->line, sum->column,
			"its file %s no longer matches its sha256: it was changed without a new "
			"version; restore it, or register it as one with 'isms doc update %s %s'",
			file->text, v->id, file->text);
}

/* Listing and checking */

static int compare_names(const void *a, const void *b)
{
	return isms_id_compare(*(char *const *)a, *(char *const *)b);
}

/* The record file names in a kind's folder, sorted; *count 0 when none. */
static char **folder_files(struct isms_store *store, const struct isms_kind *kind, size_t *count)
{
	char *dir = isms_path_join(store->top, kind->folder);
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;

	*count = 0;
	free(dir);
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !isms_str_ends_with(e->d_name, ".yaml"))
			continue;
		names = isms_grow(names, &cap, *count + 1, sizeof(*names));
		names[(*count)++] = isms_strdup(e->d_name);
	}
	closedir(d);
	if (*count > 1)
		qsort(names, *count, sizeof(*names), compare_names);
	return names;
}

static void free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* One record file, read and validated on its own. */
static void load_one(struct isms_records *out, struct isms_store *store,
		     const struct isms_kind *kind, const char *name)
{
	size_t i = out->count++;
	char *rel = isms_asprintf("%s/%s", kind->folder, name), *full = full_path(store, rel);
	struct isms_findings *f;

	out->views = isms_grow(out->views, &out->cap, out->count, sizeof(*out->views));
	out->paths = isms_realloc(out->paths, out->cap * sizeof(*out->paths));
	out->findings = isms_realloc(out->findings, out->cap * sizeof(*out->findings));
	f = &out->findings[i];
	memset(f, 0, sizeof(*f));
	out->paths[i] = rel;
	out->views[i] = (struct isms_view){ kind, isms_strndup(name, strlen(name) - 5), NULL };
	if (isms_id_check(out->views[i].id) < 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, 1, 1, "the file name is not a valid record ID: %s",
				  isms_error_last()->message);
	} else {
		struct isms_node *root;

		/* Read all the same: it still counts and can still be referred to. */
		if (!isms_kind_id_matches(kind, prefix_of(store, kind), out->views[i].id))
			isms_findings_add(f, ISMS_SEV_ERROR, 1, 1,
				"'%s' is not the ID of a %s (%s); each record lives in its kind's "
				"folder as ID.yaml, with the prefix isms.yaml's id_prefixes gives",
				out->views[i].id, kind->name,
				kind->id_style == ISMS_ID_CONTROL ? "A.5.1 to A.8.34"
								   : prefix_of(store, kind));
		if (isms_yaml_load_file(&root, NULL, NULL, full, NULL) < 0) {
			add_load_error(f, full);
		} else {
			out->views[i].root = root;
			isms_record_validate(f, root, kind, out->views[i].id);
		}
	}
	free(full);
}

int isms_store_load_all(struct isms_records *out, struct isms_store *store,
			const struct isms_kind *only)
{
	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < isms_kind_count(); k++) {
		const struct isms_kind *kind = isms_kind_at(k);
		size_t count;
		char **names;

		if (only && kind != only)
			continue;
		if (kind_folder(store, kind, false) < 0)
			continue;  /* none, or refused: check reports the latter */
		names = folder_files(store, kind, &count);
		for (size_t i = 0; i < count; i++)
			load_one(out, store, kind, names[i]);
		free_names(names, count);
	}
	return 0;
}

void isms_records_free(struct isms_records *records)
{
	for (size_t i = 0; i < records->count; i++) {
		free((char *)records->views[i].id);
		isms_node_free((struct isms_node *)records->views[i].root);
		free(records->paths[i]);
		isms_findings_free(&records->findings[i]);
	}
	free(records->views);
	free(records->paths);
	free(records->findings);
	memset(records, 0, sizeof(*records));
}

int isms_store_list(struct isms_entries *out, struct isms_store *store,
		    const struct isms_kind *only)
{
	struct isms_records all;

	memset(out, 0, sizeof(*out));
	isms_store_load_all(&all, store, only);
	for (size_t i = 0; i < all.count; i++) {
		const struct isms_node *root = all.views[i].root;
		const char *status = root ? isms_map_get_text(root, "status") : NULL;
		const char *title = root ? isms_map_get_text(root, "title") : NULL;
		struct isms_entry *e;

		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		e = &out->items[out->count++];
		*e = (struct isms_entry){ all.views[i].kind, isms_strdup(all.views[i].id),
					  isms_strdup(all.paths[i]), isms_strdup(status ? status : ""),
					  isms_strdup(title ? title : ""), NULL };
		if (!root) {
			const struct isms_finding *f = all.findings[i].count ? &all.findings[i].items[0] : NULL;

			e->error = isms_asprintf("%s:%u:%u: %s", all.paths[i], f ? f->line : 1,
						 f ? f->column : 1, f ? f->message : "cannot be read");
		}
	}
	isms_records_free(&all);
	return 0;
}

void isms_entries_free(struct isms_entries *entries)
{
	for (size_t i = 0; i < entries->count; i++) {
		struct isms_entry *e = &entries->items[i];

		free(e->id);
		free(e->path);
		free(e->status);
		free(e->title);
		free(e->error);
	}
	free(entries->items);
	memset(entries, 0, sizeof(*entries));
}

/* Move findings into the report under `path`, if there are any. */
static void report_add(struct isms_report *out, const char *path, struct isms_findings *findings)
{
	struct isms_file_findings *f;

	if (findings->count == 0)
		return;
	out->files = isms_grow(out->files, &out->cap, out->count + 1, sizeof(*out->files));
	f = &out->files[out->count++];
	f->path = isms_strdup(path);
	f->findings = *findings;
	memset(findings, 0, sizeof(*findings));
}

/* What the rules need: the records, the method, today. */
static struct isms_facts facts_of(const struct isms_records *all, const struct isms_store *store,
				  char today[11])
{
	isms_date_today(today);
	return (struct isms_facts){ all->views, all->count, &store->method, today,
				    store->review_months };
}

/* Read every record once; fill the report of findings and/or the clause
 * states (either may be NULL). */
/* The clause states and the check report from the records `all` (its
 * findings receive the report's). */
static void survey(struct isms_report *out, struct isms_clause_state *states,
		   struct isms_store *store, struct isms_records *records)
{
	struct isms_records own;
	struct isms_records *all = records;
	struct isms_findings config = ISMS_FINDINGS_INIT, whole = ISMS_FINDINGS_INIT;
	struct isms_facts facts;
	char today[11];

	if (!all) {
		isms_store_load_all(&own, store, NULL);
		all = &own;
	}
	facts = facts_of(all, store, today);
	if (states)
		isms_completeness(states, &facts);
	if (!out)
		goto done;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < store->config.count; i++) {
		const struct isms_finding *c = &store->config.items[i];

		isms_findings_add(&config, c->severity, c->line, c->column, "%s", c->message);
	}
	report_add(out, ISMS_CONFIG_FILE, &config);
	isms_rules_check(all->findings, &whole, &facts);
	for (size_t i = 0; i < all->count; i++) {
		check_approval(&all->findings[i], store, &all->views[i], all->paths[i], NULL, false);
		check_unfinished(&all->findings[i], store, &all->views[i], all->paths[i]);
	}
	for (size_t i = 0; i < all->count; i++)
		check_document_file(&all->findings[i], store, &all->views[i]);
	for (size_t k = 0; k < isms_kind_count(); k++) {
		const struct isms_kind *kind = isms_kind_at(k);
		struct isms_findings folder = ISMS_FINDINGS_INIT;

		int error = kind_folder(store, kind, false);

		if (error < 0 && error != ISMS_ENOTFOUND) {
			isms_findings_add(&folder, ISMS_SEV_ERROR, 0, 0, "%s", isms_error_last()->message);
			report_add(out, kind->folder, &folder);
		}
	}
	for (size_t i = 0; i < all->count; i++)
		report_add(out, all->paths[i], &all->findings[i]);
	report_add(out, "controls/", &whole);
done:
	if (all == &own)
		isms_records_free(&own);
}

int isms_store_check(struct isms_report *out, struct isms_store *store)
{
	survey(out, NULL, store, NULL);
	return 0;
}

int isms_store_completeness(struct isms_clause_state *out, struct isms_report *report,
			    struct isms_store *store)
{
	survey(report, out, store, NULL);
	return 0;
}

int isms_store_completeness_of(struct isms_clause_state *out, struct isms_report *report,
			       struct isms_store *store, struct isms_records *records)
{
	survey(report, out, store, records);
	return 0;
}

void isms_report_free(struct isms_report *report)
{
	for (size_t i = 0; i < report->count; i++) {
		free(report->files[i].path);
		isms_findings_free(&report->files[i].findings);
	}
	free(report->files);
	memset(report, 0, sizeof(*report));
}

/* Document control (27001 7.5): what needs attention, in one reading */

static long long day_number(const char *date)
{
	struct tm tm = { 0 };

	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	return (long long)timegm(&tm) / 86400;
}

static int compare_reviews(const void *a, const void *b)
{
	const struct isms_doccontrol_review *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c ? c : strcmp(x->id, y->id);
}

/* The record file (folder/ID.yaml of a kind), document file or isms.yaml
 * that `rel` names; FILE_OUTSIDE for anything else, including paths with
 * "..", "." or empty components. */
enum file_class { FILE_OUTSIDE, FILE_CONFIG, FILE_RECORD, FILE_DOC };

static enum file_class classify(const char *rel, const struct isms_kind **kind, char **id)
{
	const char *slash = strchr(rel, '/'), *name;
	size_t len;
	char *folder;

	*kind = NULL;
	if (id)
		*id = NULL;
	if (strcmp(rel, ISMS_CONFIG_FILE) == 0)
		return FILE_CONFIG;
	if (doc_path_ok(rel))
		return FILE_DOC;
	if (!slash || strchr(slash + 1, '/'))
		return FILE_OUTSIDE;
	name = slash + 1;
	len = strlen(name);
	if (len <= 5 || strcmp(name + len - 5, ".yaml") != 0)
		return FILE_OUTSIDE;
	folder = isms_strndup(rel, (size_t)(slash - rel));
	*kind = isms_kind_by_folder(folder);
	free(folder);
	if (!*kind)
		return FILE_OUTSIDE;
	folder = isms_strndup(name, len - 5);
	if (isms_id_check(folder) < 0) {
		free(folder);
		*kind = NULL;
		return FILE_OUTSIDE;
	}
	if (id)
		*id = folder;
	else
		free(folder);
	return FILE_RECORD;
}

bool isms_store_record_file(const char *rel, const struct isms_kind **kind, char **id)
{
	if (classify(rel, kind, id) == FILE_RECORD)
		return true;
	if (id) {
		free(*id);
		*id = NULL;
	}
	return false;
}

/* The document record (among `all`) whose `file` is `rel`, or NULL. */
static const struct isms_view *document_of(const struct isms_records *all, const char *rel)
{
	for (size_t i = 0; i < all->count; i++) {
		const struct isms_view *v = &all->views[i];
		const char *file;

		if (v->root && strcmp(v->kind->name, "document") == 0 &&
		    (file = isms_map_get_text(v->root, "file")) && strcmp(file, rel) == 0)
			return v;
	}
	return NULL;
}

static void control_reviews(struct isms_doccontrol *out, const struct isms_records *all)
{
	char today[11];
	long long now;
	size_t cap = 0;

	isms_date_today(today);
	now = day_number(today);
	for (size_t i = 0; i < all->count; i++) {
		const struct isms_node *root = all->views[i].root;
		const char *next, *status, *title;
		struct isms_doccontrol_review *r;

		if (!root || !(next = isms_map_get_text(root, "next_review")) || !isms_date_valid(next))
			continue;
		status = isms_map_get_text(root, "status");
		if (status && (strcmp(status, "retired") == 0 || strcmp(status, "superseded") == 0))
			continue;
		if (day_number(next) > now + 30)
			continue;
		out->reviews = isms_grow(out->reviews, &cap, out->review_count + 1, sizeof(*out->reviews));
		r = &out->reviews[out->review_count++];
		title = isms_map_get_text(root, "title");
		r->id = isms_strdup(all->views[i].id);
		r->title = isms_strdup(title ? title : "");
		snprintf(r->date, sizeof(r->date), "%s", next);
		r->overdue = strcmp(next, today) < 0;
	}
	if (out->review_count)
		qsort(out->reviews, out->review_count, sizeof(*out->reviews), compare_reviews);
}

static void control_retention(struct isms_doccontrol *out, struct isms_store *store,
			      const struct isms_records *all)
{
	char today[11], end[11];
	size_t cap = 0;

	isms_date_today(today);
	for (size_t i = 0; i < all->count; i++) {
		const struct isms_view *v = &all->views[i];
		struct isms_doccontrol_retention *r;
		const char *title;

		if (isms_store_retention_end(end, store, v->kind, v->root) < 0 || strcmp(end, today) > 0)
			continue;
		out->retention = isms_grow(out->retention, &cap, out->retention_count + 1,
					   sizeof(*out->retention));
		r = &out->retention[out->retention_count++];
		title = isms_map_get_text(v->root, "title");
		r->id = isms_strdup(v->id);
		r->title = isms_strdup(title ? title : "");
		snprintf(r->retired, sizeof(r->retired), "%s", isms_map_get_text(v->root, "retired_on"));
		memcpy(r->end, end, sizeof(r->end));
	}
}

static void control_documents(struct isms_doccontrol *out, struct isms_store *store,
			      const struct isms_records *all)
{
	size_t cap = 0;

	for (size_t i = 0; i < all->count; i++) {
		const struct isms_view *v = &all->views[i];
		struct isms_findings f = ISMS_FINDINGS_INIT;
		struct isms_doccontrol_doc *d;
		const char *file, *title, *version;

		if (!v->root || strcmp(v->kind->name, "document") != 0 ||
		    !(file = isms_map_get_text(v->root, "file")) || !*file)
			continue;
		check_document_file(&f, store, v);
		out->docs = isms_grow(out->docs, &cap, out->doc_count + 1, sizeof(*out->docs));
		d = &out->docs[out->doc_count++];
		title = isms_map_get_text(v->root, "title");
		version = isms_map_get_text(v->root, "version");
		d->id = isms_strdup(v->id);
		d->title = isms_strdup(title ? title : "");
		d->version = isms_strdup(version ? version : "");
		d->file = isms_strdup(file);
		d->problem = f.count ? isms_strdup(f.items[0].message) : NULL;
		isms_findings_free(&f);
	}
}

/* The blob id of the bytes of `rel` now, or "" when it cannot be read. */
static void listed_blob(char out[ISMS_OID_HEX], struct isms_store *store, const char *rel)
{
	struct isms_buf data = ISMS_BUF_INIT;
	char *full = full_path(store, rel);

	out[0] = '\0';
	if (read_plain_file(&data, full, ISMS_DOC_MAX_BYTES) == 0)
		isms_repo_hash(out, data.ptr ? data.ptr : "", data.len);
	else
		isms_error_clear();
	isms_buf_free(&data);
	free(full);
}

int isms_store_doccontrol(struct isms_doccontrol *out, struct isms_store *store)
{
	struct isms_records all;
	int error;

	isms_store_load_all(&all, store, NULL);
	error = isms_store_doccontrol_of(out, store, &all);
	isms_records_free(&all);
	return error;
}

int isms_store_doccontrol_of(struct isms_doccontrol *out, struct isms_store *store,
			     const struct isms_records *records)
{
	const struct isms_records *all = records;
	struct isms_status changes;
	int error;

	memset(out, 0, sizeof(*out));
	if (isms_repo_head(out->head, store->repo) < 0)
		out->head[0] = '\0';
	if ((error = isms_repo_status(&changes, store->repo)) < 0)
		return error;
	out->files = isms_calloc(changes.count ? changes.count : 1, sizeof(*out->files));
	for (size_t i = 0; i < changes.count; i++) {
		struct isms_doccontrol_file *f = &out->files[out->file_count++];
		const struct isms_kind *kind;
		const struct isms_view *doc;
		char *id = NULL;

		f->path = isms_strdup(changes.items[i].path);
		f->code = changes.items[i].code;
		listed_blob(f->blob, store, f->path);
		switch (classify(f->path, &kind, &id)) {
		case FILE_RECORD: f->id = id; break;
		case FILE_DOC:
			if ((doc = document_of(all, f->path)))
				f->id = isms_strdup(doc->id);
			break;
		default: break;
		}
	}
	isms_status_free(&changes);
	control_reviews(out, all);
	control_retention(out, store, all);
	control_documents(out, store, all);
	return 0;
}

void isms_doccontrol_free(struct isms_doccontrol *c)
{
	for (size_t i = 0; i < c->file_count; i++) {
		free(c->files[i].path);
		free(c->files[i].id);
	}
	for (size_t i = 0; i < c->review_count; i++) {
		free(c->reviews[i].id);
		free(c->reviews[i].title);
	}
	for (size_t i = 0; i < c->retention_count; i++) {
		free(c->retention[i].id);
		free(c->retention[i].title);
	}
	for (size_t i = 0; i < c->doc_count; i++) {
		free(c->docs[i].id);
		free(c->docs[i].title);
		free(c->docs[i].version);
		free(c->docs[i].file);
		free(c->docs[i].problem);
	}
	free(c->files);
	free(c->reviews);
	free(c->retention);
	free(c->docs);
	memset(c, 0, sizeof(*c));
}

/* Files changed outside the workbench */

static const char *status_code_of(const struct isms_status *changes, const char *rel)
{
	for (size_t i = 0; i < changes->count; i++)
		if (strcmp(changes->items[i].path, rel) == 0)
			return &changes->items[i].code;
	return NULL;
}

/* The files of a commit from the working tree: each read once, so that what
 * is validated is what is committed. */
struct staged {
	struct isms_commit_file *files;
	struct isms_buf *data;
	size_t count;
};

static void staged_free(struct staged *set)
{
	for (size_t i = 0; i < set->count; i++)
		isms_buf_free(&set->data[i]);
	free(set->files);
	free(set->data);
	memset(set, 0, sizeof(*set));
}

/* Read `paths` (duplicates once) into `set`; refused paths (no ISMS file,
 * not a regular file, too large) are errors. */
static int stage(struct staged *set, struct isms_store *store, const char *const *paths,
		 size_t count)
{
	memset(set, 0, sizeof(*set));
	set->files = isms_calloc(count ? count : 1, sizeof(*set->files));
	set->data = isms_calloc(count ? count : 1, sizeof(*set->data));
	for (size_t i = 0; i < count; i++) {
		const struct isms_kind *kind;
		struct isms_commit_file *f;
		enum file_class class = classify(paths[i], &kind, NULL);
		char *full;
		struct stat st;
		int error = 0;
		bool seen = false;

		for (size_t j = 0; j < set->count && !seen; j++)
			seen = strcmp(set->files[j].path, paths[i]) == 0;
		if (seen)
			continue;
		if (class == FILE_OUTSIDE)
			return isms_error_set(ISMS_EUNSAFE,
				"%s is not an ISMS file (a record FOLDER/ID.yaml, a file in %s/ or %s); "
				"commit it with git", paths[i], ISMS_DOC_FILES, ISMS_CONFIG_FILE);
		full = full_path(store, paths[i]);
		f = &set->files[set->count];
		f->path = paths[i];
		if (lstat(full, &st) == 0 && !S_ISREG(st.st_mode))
			error = isms_error_set(ISMS_EUNSAFE, "%s is not a regular file (a link or a "
					       "folder); it is refused", paths[i]);
		else if (lstat(full, &st) == 0 &&
			 (error = read_plain_file(&set->data[set->count], full,
						  class == FILE_DOC ? ISMS_DOC_MAX_BYTES
								    : ISMS_YAML_MAX_BYTES)) == 0)
			f->present = 1;
		else if (error == ISMS_ENOTFOUND)
			error = 0;  /* gone meanwhile: a deletion */
		free(full);
		if (error < 0)
			return error;
		f->data = set->data[set->count].ptr;
		f->len = set->data[set->count].len;
		set->count++;
	}
	return 0;
}

/* `rel` as it will be after the commit of `set`: its staged bytes, or
 * HEAD's. False when it will not exist. */
static bool after_commit(struct isms_buf *out, struct isms_store *store, const struct staged *set,
			 const char *rel)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->files[i].path, rel) == 0) {
			if (set->files[i].present)
				isms_buf_put(out, set->files[i].data ? set->files[i].data : "",
					     set->files[i].len);
			return set->files[i].present != 0;
		}
	if (isms_repo_read(out, store->repo, "HEAD", rel) == 0)
		return true;
	isms_error_clear();
	return false;
}

/* A record as it will be after the commit of `set`, parsed; NULL when it
 * will not exist or does not parse. */
static struct isms_node *record_after(struct isms_store *store, const struct staged *set,
				      const char *rel)
{
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *root = NULL;

	if (after_commit(&text, store, set, rel) &&
	    (isms_yaml_load(&root, NULL, text.ptr ? text.ptr : "", text.len, rel, NULL) < 0 ||
	     root->type != ISMS_NODE_MAP)) {
		isms_error_clear();
		isms_node_free(root);
		root = NULL;
	}
	isms_buf_free(&text);
	return root;
}

/* The document record that will name `rel` as its file after the commit
 * of `set` (its ID into *id, caller frees), parsed; NULL when none. */
static struct isms_node *document_after(char **id, struct isms_store *store,
					const struct staged *set, const char *rel)
{
	const struct isms_kind *kind = isms_kind_find("document");
	size_t count, extra = 0;
	char **names = folder_files(store, kind, &count);
	struct isms_node *found = NULL;

	*id = NULL;
	/* Records named in the commit that the folder no longer has, too. */
	names = isms_realloc(names, (count + set->count + 1) * sizeof(*names));
	for (size_t i = 0; i < set->count; i++) {
		const struct isms_kind *k;
		const char *name = strrchr(set->files[i].path, '/');

		if (classify(set->files[i].path, &k, NULL) == FILE_RECORD && k == kind)
			names[count + extra++] = isms_strdup(name + 1);
	}
	for (size_t i = 0; i < count + extra && !found; i++) {
		char *path = isms_asprintf("%s/%s", kind->folder, names[i]);
		struct isms_node *root = record_after(store, set, path);
		const char *file = root ? isms_map_get_text(root, "file") : NULL;

		if (file && strcmp(file, rel) == 0) {
			found = root;
			*id = isms_strndup(names[i], strlen(names[i]) - 5);
		} else {
			isms_node_free(root);
		}
		free(path);
	}
	free_names(names, count + extra);
	return found;
}

/* A document record and its file as they will be after the commit of
 * `set`: the file must be there and match the sha256, and a sha256 other
 * than HEAD's needs a version other than HEAD's. */
static void check_document_after(struct isms_findings *f, struct isms_store *store,
				 const struct staged *set, const char *id, const char *rel,
				 const struct isms_node *root)
{
	const struct isms_node *file = doc_file_field(f, root), *sum = isms_map_get(root, "sha256");
	struct isms_buf data = ISMS_BUF_INIT;
	struct isms_node *head = NULL;
	const char *head_sum, *head_version, *version = isms_map_get_text(root, "version");
	char hex[ISMS_SHA256_HEX];

	if (!file)
		return;
	if (!after_commit(&data, store, set, file->text)) {
		isms_findings_add(f, ISMS_SEV_ERROR, file->line, file->column,
			"its file %s would be missing: commit the file too", file->text);
		goto cleanup;
	}
	isms_sha256(hex, data.ptr ? data.ptr : "", data.len);
	if (sum && sum->type == ISMS_NODE_SCALAR && sum->text[0] && strcasecmp(sum->text, hex) != 0)
		isms_findings_add(f, ISMS_SEV_ERROR, sum->line, sum->column,
			"its sha256 does not match its file %s as it would be committed; commit "
			"both together, or register the file as a new version with 'isms doc update "
			"%s %s'", file->text, id, file->text);
	if (isms_repo_read(&data, store->repo, "HEAD", rel) < 0) {
		isms_error_clear();
		goto cleanup;  /* a new record */
	}
	if (isms_yaml_load(&head, NULL, data.ptr ? data.ptr : "", data.len, rel, NULL) < 0 ||
	    head->type != ISMS_NODE_MAP) {
		isms_error_clear();
		goto cleanup;
	}
	head_sum = isms_map_get_text(head, "sha256");
	head_version = isms_map_get_text(head, "version");
	if (sum && sum->type == ISMS_NODE_SCALAR && (!head_sum || strcasecmp(head_sum, sum->text) != 0) &&
	    head_version && version && strcmp(head_version, version) == 0)
		isms_findings_add(f, ISMS_SEV_ERROR, sum->line, sum->column,
			"its sha256 changed but its version is still %s: a changed file is a new "
			"version ('isms doc update %s FILE' registers one)", version, id);
cleanup:
	isms_node_free(head);
	isms_buf_free(&data);
}

/* Deleting a record: only once retired and kept for its retention. */
static void check_deletion(struct isms_findings *f, struct isms_store *store,
			   const struct isms_kind *kind, const char *id, const char *rel)
{
	struct staged none = { 0 };
	struct isms_node *head = record_after(store, &none, rel);
	const char *status = head ? isms_map_get_text(head, "status") : NULL;
	char end[11], today[11];

	if (!head) {
		struct isms_buf text = ISMS_BUF_INIT;

		if (isms_repo_read(&text, store->repo, "HEAD", rel) == 0)
			isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
				"its committed version does not parse; restore it and use "
				"'isms retire %s' and later 'isms dispose %s'", id, id);
		isms_error_clear();
		isms_buf_free(&text);
		return;  /* otherwise never committed: nothing to delete */
	}
	isms_date_today(today);
	if (!status || strcmp(status, "retired") != 0)
		isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
			"%s is %s: a record is kept in the ISMS until it is retired ('isms retire "
			"%s') and its retention has ended ('isms dispose %s'); restore it with "
			"'git checkout -- %s'", id, status ? status : "not retired", id, id, rel);
	else if (isms_store_retention_end(end, store, kind, head) < 0)
		isms_findings_add(f, ISMS_SEV_ERROR, 0, 0, "%s cannot be disposed of: %s; restore it "
				  "with 'git checkout -- %s'", id, isms_error_last()->message, rel);
	else if (strcmp(end, today) > 0)
		isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
			"%s must be kept until %s (retired on %s); restore it with 'git checkout -- %s'",
			id, end, isms_map_get_text(head, "retired_on"), rel);
	isms_error_clear();
	isms_node_free(head);
}

/* Findings for file `i` of `set` as it would be committed with the rest
 * of `set` (files not in it as HEAD has them). */
static void validate_staged(struct isms_findings *f, struct isms_store *store,
			    const struct staged *set, size_t i)
{
	const struct isms_commit_file *file = &set->files[i];
	const char *rel = file->path;
	const struct isms_kind *kind;
	struct isms_node *root = NULL;
	char *id = NULL, *doc_id = NULL;
	enum file_class class = classify(rel, &kind, &id);

	if (class == FILE_DOC) {
		struct isms_node *doc = document_after(&doc_id, store, set, rel);
		const char *sum = doc ? isms_map_get_text(doc, "sha256") : NULL;
		char hex[ISMS_SHA256_HEX];

		if (!file->present) {
			if (doc)
				isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
					"%s still refers to it: dispose of %s ('isms dispose') rather "
					"than delete its file", doc_id, doc_id);
		} else if (!doc) {
			isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
				"no document record refers to it; register it with 'isms doc add'");
		} else {
			isms_sha256(hex, file->data ? file->data : "", file->len);
			if (!sum || strcasecmp(sum, hex) != 0)
				isms_findings_add(f, ISMS_SEV_ERROR, 0, 0,
					"it no longer matches the sha256 of %s: register it as a new "
					"version with 'isms doc update %s %s'", doc_id, doc_id, rel);
		}
		isms_node_free(doc);
		goto cleanup;
	}
	if (class == FILE_RECORD && !file->present) {
		check_deletion(f, store, kind, id, rel);
		goto cleanup;
	}
	if (!file->present)
		goto cleanup;
	if (isms_yaml_load(&root, NULL, file->data ? file->data : "", file->len, rel, NULL) < 0) {
		add_load_error(f, rel);
		goto cleanup;
	}
	if (class == FILE_CONFIG)
		goto cleanup;
	if (!isms_kind_id_matches(kind, prefix_of(store, kind), id))
		isms_findings_add(f, ISMS_SEV_ERROR, 1, 1,
			"'%s' is not the ID of a %s; each record lives in its kind's folder as ID.yaml",
			id, kind->name);
	isms_record_validate(f, root, kind, id);
	if (isms_findings_errors(f) == 0) {
		struct isms_view v = { kind, id, root };
		struct isms_buf text = ISMS_BUF_INIT;

		isms_buf_put(&text, file->data ? file->data : "", file->len);
		check_approval(f, store, &v, rel, &text, true);
		isms_buf_free(&text);
		if (strcmp(kind->name, "document") == 0 && root->type == ISMS_NODE_MAP)
			check_document_after(f, store, set, id, rel, root);
	}
cleanup:
	isms_node_free(root);
	free(doc_id);
	free(id);
}

int isms_store_validate_file(struct isms_findings *out, struct isms_store *store, const char *rel)
{
	struct staged set;
	int error = stage(&set, store, &rel, 1);

	if (error == 0)
		validate_staged(out, store, &set, 0);
	staged_free(&set);
	return error;
}

int isms_store_commit_files(char commit[ISMS_OID_HEX], struct isms_report *report,
			    struct isms_store *store, const char *const *paths, size_t count,
			    const char *message, const char *expect_head)
{
	return isms_store_commit_files_pinned(commit, report, store, paths, NULL, count, message,
					      expect_head);
}

/* Whether `file` still has the bytes whose blob id is `expect` ("" for gone). */
static bool still_as_shown(const struct isms_commit_file *file, const char *expect)
{
	char hash[ISMS_OID_HEX] = "";

	if (file->present)
		isms_repo_hash(hash, file->data ? file->data : "", file->len);
	return strcmp(hash, expect) == 0;
}

int isms_store_commit_files_pinned(char commit[ISMS_OID_HEX], struct isms_report *report,
				   struct isms_store *store, const char *const *paths,
				   const char *const *expect_blobs, size_t count,
				   const char *message, const char *expect_head)
{
	struct isms_commit_opts opts = ISMS_COMMIT_OPTS_INIT;
	struct isms_status changes = { 0 };
	struct staged set = { 0 };
	char **tr = NULL;
	size_t trailers = 0, records = 0;
	const struct isms_kind *last_kind = NULL;
	int error = 0, lock = -1;

	commit[0] = '\0';
	memset(report, 0, sizeof(*report));
	if (count == 0 || !message || !*message)
		return isms_error_set(ISMS_EUSAGE, count ? "say why with a commit message"
							 : "name the files to commit");
	if ((error = store_config_usable(store)) < 0 || (error = isms_store_save_lock(&lock, store)) < 0 ||
	    (error = isms_repo_status(&changes, store->repo)) < 0 ||
	    (error = stage(&set, store, paths, count)) < 0)
		goto cleanup;
	for (size_t i = 0; expect_blobs && i < count; i++) {
		size_t j = 0;

		while (j < set.count && strcmp(set.files[j].path, paths[i]) != 0)
			j++;
		if (expect_blobs[i] && j < set.count && !still_as_shown(&set.files[j], expect_blobs[i])) {
			error = isms_error_set(ISMS_ECONFLICT, "%s changed since it was shown; "
					       "nothing was committed: look at it again", paths[i]);
			goto cleanup;
		}
	}
	tr = isms_calloc(set.count + 1, sizeof(*tr));
	for (size_t i = 0; i < set.count && error == 0; i++) {
		struct isms_findings f = ISMS_FINDINGS_INIT;
		const struct isms_kind *kind;
		char *id = NULL;

		validate_staged(&f, store, &set, i);
		if (!status_code_of(&changes, set.files[i].path))
			error = isms_error_set(ISMS_EINVALID, "%s has no changes to commit",
					       set.files[i].path);
		if (f.count)
			report_add(report, set.files[i].path, &f);
		else
			isms_findings_free(&f);
		if (classify(set.files[i].path, &kind, &id) == FILE_RECORD) {
			tr[trailers++] = isms_asprintf("Record: %s", id);
			last_kind = kind;
			records++;
		}
		free(id);
	}
	for (size_t i = 0; error == 0 && i < report->count; i++)
		if (isms_findings_errors(&report->files[i].findings))
			error = isms_error_set(ISMS_EINVALID,
				"%s does not validate; nothing was committed", report->files[i].path);
	if (error < 0)
		goto cleanup;
	if (records == 1)
		tr[trailers++] = isms_asprintf("Clause: %s", last_kind->clause);
	opts.message = message;
	opts.trailers = (const char *const *)tr;
	opts.trailer_count = trailers;
	opts.parent = expect_head && *expect_head ? expect_head : NULL;
	if ((error = isms_repo_ready(store->repo, &opts)) == 0)
		error = isms_repo_commit_files(commit, store->repo, set.files, set.count, &opts);
cleanup:
	if (lock >= 0)
		close(lock);
	for (size_t i = 0; i < trailers; i++)
		free(tr[i]);
	free(tr);
	staged_free(&set);
	isms_status_free(&changes);
	return error;
}

/* A new version of an external document */

int isms_store_doc_update(char commit[ISMS_OID_HEX], struct isms_store *store,
			  struct isms_record *rec, const char *file, const char *message)
{
	struct isms_commit_opts copts = ISMS_COMMIT_OPTS_INIT;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_buf data = ISMS_BUF_INIT, head = ISMS_BUF_INIT, old = ISMS_BUF_INIT;
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *now = NULL;
	const char *rel = doc_file_of(rec), *sum, *status, *v, *title, *paths[2];
	char sha[ISMS_SHA256_HEX], version[ISMS_VERSION_MAX], *dest = NULL, *full = NULL;
	char *msg = NULL, *tr[4] = { NULL };
	unsigned long major = 0, minor = 0;
	bool had_old = false, approved, wrote = false;
	struct stat st;
	int error, lock = -1;

	commit[0] = '\0';
	if (!rel || !doc_path_ok(rel)) {
		error = isms_error_set(ISMS_EINVALID, "%s has no file of its own in %s/; "
				       "'isms doc add FILE' registers one", rec->id, ISMS_DOC_FILES);
		goto cleanup;
	}
	status = isms_map_get_text(rec->root, "status");
	if (status && (strcmp(status, "retired") == 0 || strcmp(status, "superseded") == 0)) {
		error = isms_error_set(ISMS_EINVALID, "%s is %s; it takes no new version", rec->id, status);
		goto cleanup;
	}
	approved = status && strcmp(status, "approved") == 0;
	v = isms_map_get_text(rec->root, "version");
	if (v && !parse_version(v, &major, &minor)) {
		error = isms_error_set(ISMS_EINVALID, "%s: its version '%s' is not MAJOR.MINOR",
				       rec->path, v);
		goto cleanup;
	}
	snprintf(version, sizeof(version), "%lu.%lu", major, v ? minor + 1 : 1);
	if ((error = read_plain_file(&data, file, ISMS_DOC_MAX_BYTES)) < 0)
		goto cleanup;
	isms_sha256(sha, data.ptr ? data.ptr : "", data.len);
	sum = isms_map_get_text(rec->root, "sha256");
	if (sum && strcasecmp(sum, sha) == 0) {
		error = isms_error_set(ISMS_EINVALID,
			"%s is the version %s already records (sha256 %.12s...); nothing to register",
			file, rec->id, sha);
		goto cleanup;
	}
	full = full_path(store, rec->path);
	dest = full_path(store, rel);
	if ((error = store_config_usable(store)) < 0 || (error = isms_store_save_lock(&lock, store)) < 0 ||
	    (error = isms_repo_ready(store->repo, &copts)) < 0 ||
	    (error = check_unchanged(store, rec)) < 0 ||
	    (error = committed_as_is(&head, store, rec->path, ISMS_YAML_MAX_BYTES)) < 0)
		goto cleanup;
	if (lstat(dest, &st) == 0) {
		struct isms_buf committed = ISMS_BUF_INIT;

		if ((error = read_plain_file(&old, dest, ISMS_DOC_MAX_BYTES)) < 0)
			goto cleanup;
		had_old = true;
		/* Changes made in place are what FILE may register, never what it overwrites. */
		if (isms_repo_read(&committed, store->repo, "HEAD", rel) == 0 &&
		    (committed.len != old.len || memcmp(committed.ptr, old.ptr, old.len) != 0) &&
		    (old.len != data.len || memcmp(old.ptr, data.ptr, data.len) != 0))
			error = isms_error_set(ISMS_ECONFLICT,
				"%s has changes that are not committed, which %s would overwrite; "
				"register it as it is ('isms doc update %s %s') or restore it first",
				rel, file, rec->id, rel);
		isms_buf_free(&committed);
		if (error < 0)
			goto cleanup;
	}
	now = isms_node_clone(rec->root);
	isms_map_set(now, "sha256", isms_node_str(sha));
	isms_map_set(now, "version", isms_node_str(version));
	if (approved) {
		/* As editing does: the approved version stays at its tag. */
		isms_map_set(now, "status", isms_node_str("draft"));
		isms_map_remove(now, "approved_by");
		isms_map_remove(now, "approved_on");
	}
	isms_record_validate(&findings, now, rec->kind, rec->id);
	if (isms_findings_errors(&findings)) {
		const struct isms_finding *f = &findings.items[0];

		error = isms_error_set(ISMS_EINVALID, "%s: %s; nothing was written", rec->path, f->message);
		goto cleanup;
	}
	{
		struct isms_node *keep = rec->root;

		rec->root = now;
		error = emit_record(&text, rec, false);
		rec->root = keep;
		if (error < 0)
			goto cleanup;
	}
	if ((error = isms_fs_write_atomic(dest, data.ptr ? data.ptr : "", data.len, 0644,
					  ISMS_FS_REPLACE)) < 0)
		goto cleanup;
	wrote = true;
	if ((error = isms_fs_write_atomic(full, text.ptr, text.len, 0644, ISMS_FS_REPLACE)) < 0)
		goto cleanup;
	title = isms_map_get_text(now, "title");
	msg = message && *message ? isms_strdup(message)
		: isms_asprintf("%s: new version %s of %s (%s)", rec->id, version,
				title ? title : rec->kind->title, rel + strlen(ISMS_DOC_FILES) + 1);
	tr[0] = isms_asprintf("Record: %s", rec->id);
	tr[1] = isms_asprintf("Clause: %s", rec->kind->clause);
	tr[2] = isms_asprintf("Version: %s", version);
	if (approved)
		tr[3] = isms_strdup("Status: draft");
	copts.message = msg;
	copts.trailers = (const char *const *)tr;
	copts.trailer_count = approved ? 4 : 3;
	paths[0] = rec->path;
	paths[1] = rel;
	error = isms_repo_commit(commit, store->repo, paths, 2, &copts);
	if (error == 0 || commit[0]) {
		isms_repo_hash(rec->base, text.ptr, text.len);
		isms_node_free(rec->root);
		rec->root = now;
		now = NULL;
	}
cleanup:
	if (error < 0 && !commit[0] && wrote) {
		/* Nothing is lost: put back what was there. */
		isms_fs_write_atomic(full, head.ptr, head.len, 0644, ISMS_FS_REPLACE);
		if (had_old)
			isms_fs_write_atomic(dest, old.ptr ? old.ptr : "", old.len, 0644, ISMS_FS_REPLACE);
		else
			unlink(dest);
	}
	if (lock >= 0)
		close(lock);
	for (size_t i = 0; i < 4; i++)
		free(tr[i]);
	isms_findings_free(&findings);
	isms_node_free(now);
	isms_buf_free(&data);
	isms_buf_free(&head);
	isms_buf_free(&old);
	isms_buf_free(&text);
	free(dest);
	free(full);
	free(msg);
	return error;
}
