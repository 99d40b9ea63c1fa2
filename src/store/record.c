/* SPDX-License-Identifier: MIT */
/* One record: where its file lives, creating, loading and freeing it, the
 * next free ID, the check that its file is unchanged on disk, and the
 * store's save lock. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

/* The kind's folder must be a real folder inside the repository (not a
 * symbolic link that leads elsewhere). Creates it when `create`. */
int store_kind_folder(struct isms_store *store, const struct isms_kind *kind, bool create)
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

char *store_full_path(const struct isms_store *store, const char *relative)
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
	guess = store_kind_for_id(store, id);
	for (size_t i = 0; i < isms_kind_count(); i++) {
		const struct isms_kind *k = guess ? guess : isms_kind_at(i);
		char *rel, *full;
		bool found;

		if ((error = store_kind_folder(store, k, false)) == ISMS_EUNSAFE)
			return error;
		rel = isms_kind_record_path(k, id);
		full = store_full_path(store, rel);
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
	    (error = store_kind_folder(store, kind, false)) < 0)
		goto cleanup;
	rec = record_new(kind, id);
	full = store_full_path(store, rel);
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
/* The number of `name` when it is PREFIX-NUMBER.yaml, else 0. */
static unsigned long id_number(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	unsigned long v;
	char *end;

	if (strncmp(name, prefix, n) != 0 || name[n] != '-' || name[n + 1] < '0' ||
	    name[n + 1] > '9')
		return 0;
	errno = 0;
	v = strtoul(name + n + 1, &end, 10);
	/* A number too large to count on is not one we number after. */
	return strcmp(end, ".yaml") == 0 && errno == 0 && v < 999999999ul ? v : 0;
}

/* The next ID of `kind`: after every one its folder has, and every one its
 * history ever had, so that an ID once used (disposed of, renumbered,
 * removed) is never given again. */
static int next_id(char **out, struct isms_store *store, const struct isms_kind *kind)
{
	char *dir = isms_path_join(store->top, kind->folder), **ever = NULL;
	const char *prefix = store_prefix_of(store, kind);
	unsigned long max = 0;
	size_t count = 0;
	DIR *d = opendir(dir);
	int error;

	free(dir);
	if (d) {
		struct dirent *e;

		while ((e = readdir(d)))
			if (id_number(e->d_name, prefix) > max)
				max = id_number(e->d_name, prefix);
		closedir(d);
	}
	error = isms_repo_names_ever(&ever, &count, store->repo, kind->folder);
	for (size_t i = 0; i < count; i++) {
		if (id_number(ever[i], prefix) > max)
			max = id_number(ever[i], prefix);
		free(ever[i]);
	}
	free(ever);
	if (error < 0)
		return error;
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
	if ((error = store_kind_folder(store, kind, false)) < 0 && error != ISMS_ENOTFOUND)
		return error;
	if (!id && kind->id_style != ISMS_ID_NUMBERED)
		return isms_error_set(ISMS_EINVALID,
			"a %s record needs its identifier given, for example --set id=A.5.15",
			kind->name);
	if (!id && (error = next_id(&chosen, store, kind)) < 0)
		return error;
	if (id && (error = isms_id_check(id)) < 0)
		return error;
	if (id && !isms_kind_id_matches(kind, store_prefix_of(store, kind), id))
		return isms_error_set(ISMS_EINVALID, "'%s' is not an ID for a %s (expected %s)", id,
			kind->name, kind->id_style == ISMS_ID_CONTROL ? "A.5.1 to A.8.34"
								       : "PREFIX-number");
	rec = record_new(kind, id ? id : chosen);
	free(chosen);
	full = store_full_path(store, rec->path);
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

void isms_store_set_lock_wait(struct isms_store *store, unsigned ms)
{
	store->lock_wait_ms = ms;
}
