/* SPDX-License-Identifier: MIT */
/* Drafts of unsaved form edits. Written from the main loop after a signal
 * handler set its flag, never from the handler. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/fs.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/yaml.h"
#include "draft.h"
#include "form.h"
#include "prompt.h"

char *ui_draft_folder(struct isms_store *store)
{
	const char *git = isms_repo_gitdir(isms_store_repo(store));
	size_t len = strlen(git);

	while (len > 1 && git[len - 1] == '/')
		len--;
	return isms_asprintf("%.*s/isms/ui-drafts", (int)len, git);
}

static int make_folder(const char *path)
{
	char *copy = isms_strdup(path);
	int rc = 0;

	for (char *p = copy + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (rc == 0 && mkdir(copy, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc < 0 ? isms_error_set(ISMS_EIO, "cannot make %s: %s", path, strerror(errno)) : 0;
}

/* "DIR/NAME.base" for "DIR/NAME.yaml" (the caller frees). */
static char *base_file(const char *draft)
{
	return isms_asprintf("%.*s.base", (int)(strlen(draft) - 5), draft);
}

/* Write `len` bytes of `data` into a new file of `folder` named
 * NAME.EXT, NAME-2.EXT... (never one that exists), mode 0600, into *file
 * (the caller frees, also on failure). */
static int write_new(char **file, const char *folder, const char *name, const char *ext,
		     const char *data, size_t len)
{
	int error, fd = -1;

	*file = NULL;
	if ((error = make_folder(folder)) < 0)
		return error;
	/* O_EXCL: never overwrite another draft; try the next suffix. */
	for (unsigned n = 1; n < 1000 && fd < 0; n++) {
		free(*file);
		*file = n == 1 ? isms_asprintf("%s/%s.%s", folder, name, ext)
			       : isms_asprintf("%s/%s-%u.%s", folder, name, n, ext);
		fd = open(*file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0)
		return isms_error_set(ISMS_EIO, "cannot write a draft in %s: %s", folder, strerror(errno));
	if (write(fd, data, len) != (ssize_t)len || fsync(fd) < 0) {
		error = isms_error_set(ISMS_EIO, "cannot write %s: %s", *file, strerror(errno));
		close(fd);
		unlink(*file);
		return error;
	}
	close(fd);
	return 0;
}

int ui_draft_write(char **path, struct isms_store *store, const char *id,
		   const struct isms_node *root, const char *base)
{
	struct isms_buf text = ISMS_BUF_INIT;
	char *folder = ui_draft_folder(store), *file = NULL;
	int error;

	if (path)
		*path = NULL;
	if ((error = isms_yaml_emit(&text, root)) < 0 ||
	    (error = write_new(&file, folder, id, "yaml", text.ptr, text.len)) < 0)
		goto cleanup;
	if (base && *base) {
		char *bf = base_file(file);

		if ((error = isms_fs_write_atomic(bf, base, strlen(base), 0600, ISMS_FS_REPLACE)) < 0)
			unlink(file);
		free(bf);
		if (error < 0)
			goto cleanup;
	}
	if (path) {
		*path = file;
		file = NULL;
	}
cleanup:
	isms_buf_free(&text);
	free(file);
	free(folder);
	return error;
}

int ui_draft_write_text(char **path, struct isms_store *store, const char *name, const char *text)
{
	char *folder = ui_draft_folder(store);
	int error = write_new(path, folder, name, "txt", text, strlen(text));

	if (error < 0) {
		free(*path);
		*path = NULL;
	}
	free(folder);
	return error;
}

/* Oldest first: ID.yaml, then ID-2.yaml, ID-3.yaml... */
static int by_name(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x) - 5, ly = strlen(y) - 5;
	int c = strncmp(x, y, lx < ly ? lx : ly);

	if (c || lx == ly)
		return c;
	return lx < ly ? -1 : 1;
}

/* Open a form on the draft in `file`; 0 or a negative code (message set). */
static int recover(struct ui_app *app, const char *file)
{
	struct isms_node *root = NULL;
	struct isms_record *rec = NULL;
	const struct isms_kind *kind;
	const char *id;
	int error;

	if ((error = isms_yaml_load_file(&root, NULL, NULL, file, NULL)) < 0)
		return error;
	id = isms_map_get_text(root, "id");
	kind = isms_kind_find(isms_map_get_text(root, "kind") ? isms_map_get_text(root, "kind") : "");
	if (!id || !kind) {
		isms_node_free(root);
		return isms_error_set(ISMS_EINVALID, "%s names no record id and kind", file);
	}
	/* The record as it is now, or a new one with the draft's ID. */
	if ((error = isms_store_load(&rec, app->store, id)) == ISMS_ENOTFOUND)
		error = isms_store_create(&rec, app->store, kind, id);
	if (error < 0) {
		isms_node_free(root);
		return error;
	}
	/* Saved against the version the draft was edited from: if the record
	 * changed since, the save is a conflict, never an overwrite. */
	{
		struct isms_buf b = ISMS_BUF_INIT;
		char *bf = base_file(file);

		if (isms_fs_read(&b, bf, 64) == 0 && b.len == ISMS_OID_HEX - 1) {
			memcpy(rec->base, b.ptr, ISMS_OID_HEX - 1);
			rec->base[ISMS_OID_HEX - 1] = '\0';
		}
		isms_buf_free(&b);
		free(bf);
	}
	return ui_form_open_draft(app, rec, root);
}

void ui_draft_offer(struct ui_app *app)
{
	char *folder = ui_draft_folder(app->store);
	DIR *dir = opendir(folder);
	struct dirent *e;
	char **names = NULL;
	size_t count = 0, cap = 0;

	if (!dir) {
		free(folder);
		return;
	}
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);

		if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
			names = isms_grow(names, &cap, count + 1, sizeof(*names));
			names[count++] = isms_strdup(e->d_name);
		}
	}
	closedir(dir);
	if (count)
		qsort(names, count, sizeof(*names), by_name);
	for (size_t i = 0; i < count && !app->ended; i++) {
		char *file = isms_asprintf("%s/%s", folder, names[i]), *bf = base_file(file);
		char *question = isms_asprintf("Unsaved edits of %.*s were kept when a session ended",
					       (int)(strlen(names[i]) - 5), names[i]);
		enum ui_action c = ui_prompt_choice(app, question, "draft");

		if (c == UI_ACTION_DRAFT_RECOVER) {
			if (recover(app, file) < 0) {
				snprintf(app->message, sizeof(app->message), "%.150s",
					 isms_error_last()->message);
			} else {
				unlink(file);
				unlink(bf);
				snprintf(app->message, sizeof(app->message),
					 "draft recovered: save with w, or Esc to leave");
				i = count;  /* one form at a time; the rest wait */
			}
		} else if (c == UI_ACTION_DRAFT_DISCARD) {
			unlink(file);
			unlink(bf);
			snprintf(app->message, sizeof(app->message), "draft discarded");
		}
		free(question);
		free(file);
		free(bf);
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	free(folder);
}
