/* The store's one write transaction: see txn.h. Every operation that
 * changes the ISMS (save, create, retire, approve, review, dispose,
 * documents, the SoA scaffold, committing hand-edited files) goes through
 * here; none keeps a rollback of its own. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "isms/yaml.h"
#include "private.h"
#include "store_private.h"
#include "txn.h"

/* A file the transaction changes: what it held before, what it holds after. */
struct txn_file {
	char *path;              /* relative to the top */
	char *full;
	struct isms_buf before;
	bool existed;
	mode_t mode;             /* the file's permissions before, or as new */
	struct isms_buf after;
	bool present;            /* false: removed */
	bool touched;            /* changed on disk: put back if not committed */
};

struct isms_txn {
	struct isms_store *store;
	struct isms_txn_opts opts;
	int lock;                       /* the save lock */
	struct isms_repo_txn *git;
	char *message;
	char **trailers;
	size_t trailer_count, records;  /* records: Record/Clause pairs at the front */
	struct isms_commit_tag *tags;
	size_t tag_count;
	struct txn_file *files;
	size_t count;
	bool committed;
};

int isms_txn_begin(struct isms_txn **out, struct isms_store *store,
		   const struct isms_txn_opts *opts)
{
	static const struct isms_txn_opts defaults = ISMS_TXN_OPTS_INIT;
	struct isms_commit_opts copts = ISMS_COMMIT_OPTS_INIT;
	struct isms_txn *txn = isms_calloc(1, sizeof(*txn));
	int error;

	*out = NULL;
	txn->store = store;
	txn->opts = opts ? *opts : defaults;
	txn->lock = -1;
	copts.author = copts.committer = txn->opts.author;
	copts.sign = txn->opts.author ? 0 : -1;  /* never sign in another person's name */
	copts.allow_empty = txn->opts.allow_empty;
	if ((error = store_config_usable(store)) < 0 ||
	    (error = isms_store_save_lock(&txn->lock, store)) < 0 ||
	    (error = isms_repo_txn_begin(&txn->git, isms_store_repo(store), &copts)) < 0) {
		isms_txn_end(txn, error);
		return error;
	}
	*out = txn;
	return 0;
}

void isms_txn_message(struct isms_txn *txn, const char *fmt, ...)
{
	va_list ap;

	free(txn->message);
	va_start(ap, fmt);
	txn->message = isms_vasprintf(fmt, ap);
	va_end(ap);
}

static void add_trailer(struct isms_txn *txn, size_t at, char *line)
{
	txn->trailers = isms_realloc(txn->trailers, (txn->trailer_count + 1) *
				     sizeof(*txn->trailers));
	memmove(&txn->trailers[at + 1], &txn->trailers[at],
		(txn->trailer_count - at) * sizeof(*txn->trailers));
	txn->trailers[at] = line;
	txn->trailer_count++;
}

void isms_txn_record(struct isms_txn *txn, const char *id, const struct isms_kind *kind)
{
	add_trailer(txn, txn->records, isms_asprintf("Record: %s", id));
	add_trailer(txn, txn->records + 1, isms_asprintf("Clause: %s", kind->clause));
	txn->records += 2;
}

void isms_txn_trailer(struct isms_txn *txn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_trailer(txn, txn->trailer_count, isms_vasprintf(fmt, ap));
	va_end(ap);
}

/* The entry of `path`, read as it is now the first time it is named. */
static int file_of(struct txn_file **out, struct isms_txn *txn, const char *path)
{
	struct txn_file *f;
	struct stat st;
	int error;

	*out = NULL;
	for (size_t i = 0; i < txn->count; i++)
		if (strcmp(txn->files[i].path, path) == 0) {
			*out = &txn->files[i];
			return 0;
		}
	if ((error = isms_path_check(path)) < 0)
		return error;
	txn->files = isms_realloc(txn->files, (txn->count + 1) * sizeof(*txn->files));
	f = memset(&txn->files[txn->count], 0, sizeof(*f));
	f->path = isms_strdup(path);
	f->full = isms_path_join(isms_store_top(txn->store), path);
	f->mode = 0666 & ~isms_fs_umask();
	error = isms_fs_read(&f->before, f->full, ISMS_COMMIT_FILE_MAX);
	if (error == ISMS_ENOTFOUND)
		error = 0;
	else if (error == 0)
		f->existed = true;
	if (f->existed && lstat(f->full, &st) == 0)
		f->mode = st.st_mode & 0777;
	if (error < 0) {
		free(f->path);
		free(f->full);
		isms_buf_free(&f->before);
		return error;
	}
	txn->count++;
	*out = f;
	return 0;
}

/* Whether the file is still what the caller read (`base`). */
static int still(const struct txn_file *f, const char *base)
{
	char hash[ISMS_OID_HEX];

	if (!base || f->touched)
		return 0;
	if (!base[0])
		return f->existed ? isms_error_set(ISMS_ECONFLICT,
			"%s was created by someone else meanwhile; nothing was overwritten", f->path) : 0;
	if (!f->existed)
		return isms_error_set(ISMS_ECONFLICT,
			"%s was deleted since it was read; nothing was overwritten", f->path);
	isms_repo_hash(hash, f->before.ptr, f->before.len);
	if (strcmp(hash, base) != 0)
		return isms_error_set(ISMS_ECONFLICT,
			"%s changed on disk since it was read; nothing was overwritten: "
			"reload it and make the change again", f->path);
	return 0;
}

/* Whether the file on disk is no longer what it was before. */
static bool changed_on_disk(const struct txn_file *f)
{
	struct isms_buf now = ISMS_BUF_INIT;
	int error = isms_fs_read(&now, f->full, ISMS_COMMIT_FILE_MAX);
	bool changed = error == ISMS_ENOTFOUND ? f->existed
		: error < 0 || !f->existed || now.len != f->before.len ||
		  memcmp(now.ptr, f->before.ptr, now.len) != 0;

	isms_buf_free(&now);
	return changed;
}

/* Make the folders above `f` that are missing (as git does, 0777 less the
 * umask); refuse one that is a symbolic link or not a folder, so that no
 * write leaves the working tree. */
static int make_folder(const struct isms_txn *txn, const struct txn_file *f, bool create)
{
	const char *top = isms_store_top(txn->store);
	char *dir = isms_strdup(f->full);
	int error = 0;

	for (char *p = dir + strlen(top); (p = strchr(p, '/')) && error == 0; p++) {
		struct stat st;

		*p = '\0';
		if (lstat(dir, &st) < 0 && errno == ENOENT)
			error = create ? isms_fs_mkdirs(dir, 0777 & ~isms_fs_umask()) : 0;
		else if (lstat(dir, &st) < 0)
			error = isms_error_set(ISMS_EIO, "%s: %s", dir, strerror(errno));
		else if (!S_ISDIR(st.st_mode))
			error = isms_error_set(ISMS_EUNSAFE,
				"%s is %s; record folders must be real folders inside the repository",
				dir, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a folder");
		*p = '/';
	}
	free(dir);
	return error;
}

int isms_txn_write(struct isms_txn *txn, const char *path, const void *data, size_t len,
		   const char *base)
{
	struct txn_file *f;
	int error;

	if ((error = file_of(&f, txn, path)) < 0 || (error = still(f, base)) < 0 ||
	    (error = make_folder(txn, f, true)) < 0)
		return error;
	isms_buf_clear(&f->after);
	isms_buf_put(&f->after, data ? data : "", len);
	f->present = true;
	error = isms_fs_write_atomic(f->full, data ? data : "", len, f->mode,
				     f->existed || f->touched ? ISMS_FS_REPLACE : ISMS_FS_CREATE_NEW);
	/* A failure after the rename (the folder not synced) has replaced it. */
	if (error == 0 || changed_on_disk(f))
		f->touched = true;
	return error;
}

int isms_txn_remove(struct isms_txn *txn, const char *path, const char *base)
{
	struct txn_file *f;
	int error;

	if ((error = file_of(&f, txn, path)) < 0 || (error = still(f, base)) < 0 ||
	    (error = make_folder(txn, f, false)) < 0)
		return error;
	isms_buf_clear(&f->after);
	f->present = false;
	error = isms_fs_remove(f->full);
	if (error == ISMS_ENOTFOUND && !f->existed)
		error = 0;
	if (error == 0 || changed_on_disk(f))
		f->touched = true;
	return error;
}

int isms_txn_tag(struct isms_txn *txn, const char *name, const char *message)
{
	struct isms_commit_tag *t;
	int error;

	if ((error = isms_repo_tag_check(isms_store_repo(txn->store), name)) < 0)
		return error;
	txn->tags = isms_realloc(txn->tags, (txn->tag_count + 1) * sizeof(*txn->tags));
	t = &txn->tags[txn->tag_count++];
	*t = (struct isms_commit_tag){ .name = isms_strdup(name),
				       .opts = ISMS_TAG_OPTS_INIT };
	t->opts.message = isms_strdup(message);
	t->opts.tagger = txn->opts.author;
	if (txn->opts.author)
		t->opts.sign = 0;  /* never sign in another person's name */
	return 0;
}

int isms_txn_commit(char commit[ISMS_OID_HEX], struct isms_txn *txn)
{
	struct isms_commit_file *files = isms_calloc(txn->count ? txn->count : 1, sizeof(*files));
	int error;

	commit[0] = '\0';
	for (size_t i = 0; i < txn->count; i++)
		files[i] = (struct isms_commit_file){ .path = txn->files[i].path,
			.data = txn->files[i].after.ptr, .len = txn->files[i].after.len,
			.present = txn->files[i].present };
	isms_repo_txn_message(txn->git, txn->message, (const char *const *)txn->trailers,
			      txn->trailer_count);
	error = isms_repo_txn_commit(commit, txn->git, files, txn->count, txn->tags,
				     txn->tag_count);
	txn->committed = commit[0] != '\0' || error == 0;
	free(files);
	return error;
}

/* Put `f` back as it was. */
static int put_back(const struct txn_file *f)
{
	int error;

	if (f->existed)
		error = isms_fs_write_atomic(f->full, f->before.ptr ? f->before.ptr : "",
					     f->before.len, f->mode, ISMS_FS_REPLACE);
	else if ((error = isms_fs_remove(f->full)) == ISMS_ENOTFOUND)
		error = 0;
	return error < 0 && changed_on_disk(f) ? error : 0;
}

/* Put back every file the transaction changed, newest first, and say
 * what the disk holds now in the message of `error`. */
static void roll_back(struct isms_txn *txn)
{
	const struct txn_file *first = NULL, *stuck = NULL;
	size_t touched = 0;

	for (size_t i = txn->count; i-- > 0;) {
		const struct txn_file *f = &txn->files[i];

		if (!f->touched)
			continue;
		touched++;
		first = f;
		if (put_back(f) < 0)
			stuck = f;
	}
	if (!touched) {
		/* It failed before changing a file (a lock, git's index, a
		 * conflict): say so, as the message of every failure does. */
		isms_error_prefix("nothing changed");
		return;
	}
	if (stuck)
		isms_error_prefix("%s is changed on disk but not committed, and could not be put "
				  "back (%s)", stuck->path, stuck->existed
				  ? "git checkout -- PATH restores it" : "it was not there before: remove it");
	else if (txn->opts.tag_undone && isms_repo_txn_tag_failed(txn->git))
		isms_error_prefix("%s", txn->opts.tag_undone);
	else if (touched == 1)
		isms_error_prefix("%s is unchanged", first->path);
	else
		isms_error_prefix("%s and %zu other files are unchanged", first->path, touched - 1);
}

int isms_txn_end(struct isms_txn *txn, int error)
{
	if (!txn)
		return error;
	if (!txn->committed && error < 0)
		roll_back(txn);
	isms_repo_txn_free(txn->git);
	if (txn->lock >= 0)
		close(txn->lock);
	for (size_t i = 0; i < txn->count; i++) {
		free(txn->files[i].path);
		free(txn->files[i].full);
		isms_buf_free(&txn->files[i].before);
		isms_buf_free(&txn->files[i].after);
	}
	for (size_t i = 0; i < txn->trailer_count; i++)
		free(txn->trailers[i]);
	for (size_t i = 0; i < txn->tag_count; i++) {
		free((char *)txn->tags[i].name);
		free((char *)txn->tags[i].opts.message);
	}
	free(txn->tags);
	free(txn->trailers);
	free(txn->files);
	free(txn->message);
	free(txn);
	return error;
}
