/* SPDX-License-Identifier: MIT */
/* The store's one write transaction: see txn.h. Every operation that
 * changes the ISMS (save, create, retire, approve, review, dispose,
 * documents, the SoA scaffold, committing hand-edited files) goes through
 * here; none keeps a rollback of its own. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "private.h"
#include "store_private.h"
#include "txn.h"

/* A file the transaction changes: what it held before, what it holds after. */
struct txn_file {
	char *path;              /* relative to the top */
	char *full;
	struct isms_buf before;  /* a link's target, for a link */
	bool existed;
	enum isms_file_mode before_mode;
	mode_t perm;             /* the file's permissions before, or as new */
	struct isms_buf after;
	enum isms_file_mode after_mode;
	bool present;            /* false: removed */
	char before_id[ISMS_OID_HEX];  /* the blob before, in the object database; "" none */
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
	char *advance_to, *reflog;          /* isms_txn_advance's commit, reflog */
	struct isms_commit_file *included;  /* committed as they are on disk */
	size_t included_count;
	bool committed;
	bool journaled;                 /* a journal was written and not yet cleared */
	bool stuck;                     /* a file could not be put back */
};

/* Saves in one repository take turns, from the check that the file is
 * unchanged to the commit, so that two cannot both pass the check. flock()
 * is released by the kernel when a process dies: a crash leaves no stale
 * lock to remove by hand. Waits for another save up to `wait_ms`. */
static int save_lock(int *fd, struct isms_store *store, unsigned wait_ms)
{
	char *dir = isms_path_join(isms_repo_gitdir(store->repo), "isms");
	char *path = isms_path_join(dir, "save.lock");
	int error = isms_fs_mkdirs(dir, 0700);

	*fd = -1;
	if (error == 0 && (*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		error = isms_error_set(ISMS_EIO, "%s: cannot open: %s", path, strerror(errno));
	for (unsigned waited = 0; error == 0 && flock(*fd, LOCK_EX | LOCK_NB) < 0; waited += 50) {
		if (errno != EWOULDBLOCK || waited >= wait_ms) {
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

int store_recover_if_idle(struct isms_store *store)
{
	char *lock_file = isms_path_join(isms_repo_gitdir(isms_store_repo(store)), "index.lock");
	bool left = store_journal_pending(store) || isms_fs_exists(lock_file);
	int lock, error;

	free(lock_file);
	if (!left || save_lock(&lock, store, 0) < 0)
		return 0;  /* a transaction is running: what it left is its own */
	error = store_journal_recover(store);
	close(lock);
	return error;
}

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
	copts.parent = txn->opts.parent;
	copts.no_verify = store->no_verify;
	if ((error = store_config_usable(store)) < 0 ||
	    (error = save_lock(&txn->lock, store, store->lock_wait_ms)) < 0 ||
	    (error = store_journal_recover(store)) < 0 ||
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

/* What `full` is on the disk: its bytes (a link's target), mode and
 * permissions; ISMS_ENOTFOUND when there is nothing. */
int store_read_entry(struct isms_buf *out, enum isms_file_mode *mode, mode_t *perm,
		      const char *full)
{
	struct stat st;

	isms_buf_clear(out);
	if (lstat(full, &st) < 0)
		return errno == ENOENT || errno == ENOTDIR ? ISMS_ENOTFOUND
			: isms_error_set(ISMS_EIO, "%s: %s", full, strerror(errno));
	*perm = st.st_mode & 0777;
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(full, target, sizeof(target));

		if (n < 0 || (size_t)n == sizeof(target))
			return isms_error_set(ISMS_EIO, "%s: cannot read the link", full);
		*mode = ISMS_FILE_LINK;
		isms_buf_put(out, target, (size_t)n);
		return 0;
	}
	*mode = (st.st_mode & S_IXUSR) ? ISMS_FILE_EXECUTABLE : ISMS_FILE_REGULAR;
	return isms_fs_read(out, full, ISMS_COMMIT_FILE_MAX);
}

/* Make `full` hold `data` as a file of `mode`, atomically. */
int store_write_entry(const char *full, const void *data, size_t len,
		       enum isms_file_mode mode, mode_t perm, bool exists)
{
	struct stat st;

	if (mode == ISMS_FILE_LINK) {
		char *target = isms_strndup(data ? data : "", len);
		int error = isms_fs_symlink_atomic(full, target);

		free(target);
		return error;
	}
	/* A link that becomes a file: the link goes first (git does the same). */
	if (exists && lstat(full, &st) == 0 && S_ISLNK(st.st_mode) && unlink(full) == 0)
		exists = false;
	if (mode == ISMS_FILE_EXECUTABLE)
		perm |= (perm & 0444) >> 2;
	else if (mode == ISMS_FILE_REGULAR)
		perm &= ~0111u;
	return isms_fs_write_atomic(full, data ? data : "", len, perm,
				    exists ? ISMS_FS_REPLACE : ISMS_FS_CREATE_NEW);
}

/* The entry of `path`, read as it is now the first time it is named. */
static int file_of(struct txn_file **out, struct isms_txn *txn, const char *path)
{
	struct txn_file *f;
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
	f->perm = 0666 & ~isms_fs_umask();
	error = store_read_entry(&f->before, &f->before_mode, &f->perm, f->full);
	if (error == ISMS_ENOTFOUND)
		error = 0;
	else if (error == 0)
		f->existed = true;
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
	enum isms_file_mode mode = ISMS_FILE_AS_IS;
	mode_t perm;
	int error = store_read_entry(&now, &mode, &perm, f->full);
	bool changed = error == ISMS_ENOTFOUND ? f->existed
		: error < 0 || !f->existed || mode != f->before_mode || now.len != f->before.len ||
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

/* Write down, before `f` changes on the disk, what the transaction is
 * about to change (every file so far), with what `f` held kept as a blob. */
static int journal(struct isms_txn *txn, struct txn_file *f)
{
	struct isms_repo *repo = isms_store_repo(txn->store);
	struct store_journal j = { .count = txn->count };
	char *branch;
	int error;

	/* What `f` held (every file's, when `f` is NULL: a batch) kept as a blob. */
	for (size_t i = 0; i < txn->count; i++) {
		struct txn_file *t = &txn->files[i];

		if ((f ? t == f : t->present) && t->existed && !t->before_id[0] &&
		    (error = isms_repo_blob_write(t->before_id, repo, t->before.ptr, t->before.len)) < 0)
			return error;
	}
	if (isms_repo_head(j.tip, repo) < 0)
		j.tip[0] = '\0';
	branch = isms_repo_branch(repo);
	j.refs = isms_calloc(txn->tag_count + 1, sizeof(*j.refs));
	j.refs[j.ref_count++] = isms_asprintf("refs/heads/%s", branch);
	for (size_t i = 0; i < txn->tag_count; i++)
		j.refs[j.ref_count++] = isms_asprintf("refs/tags/%s", txn->tags[i].name);
	j.files = isms_calloc(txn->count, sizeof(*j.files));
	for (size_t i = 0; i < txn->count; i++) {
		const struct txn_file *t = &txn->files[i];

		j.files[i] = (struct store_journal_file){ .path = t->path,
							  .before_mode = t->before_mode };
		memcpy(j.files[i].before, t->before_id, ISMS_OID_HEX);
		if (t->present || t == f)
			isms_repo_hash(j.files[i].after, t->after.ptr, t->after.len);
	}
	if (f && f->existed && !f->present)
		j.files[f - txn->files].after[0] = '\0';
	error = store_journal_write(txn->store, &j);
	txn->journaled |= error == 0;
	for (size_t i = 0; i < j.ref_count; i++)
		free(j.refs[i]);
	free(j.refs);
	free(branch);
	free(j.files);
	return error;
}

int isms_txn_write_as(struct isms_txn *txn, const char *path, const void *data, size_t len,
		      const char *base, enum isms_file_mode mode)
{
	struct txn_file *f;
	int error;

	if ((error = file_of(&f, txn, path)) < 0 || (error = still(f, base)) < 0 ||
	    (error = make_folder(txn, f, true)) < 0)
		return error;
	isms_buf_clear(&f->after);
	isms_buf_put(&f->after, data ? data : "", len);
	f->present = true;
	f->after_mode = mode != ISMS_FILE_AS_IS ? mode
		: f->existed && f->before_mode != ISMS_FILE_LINK ? f->before_mode : ISMS_FILE_REGULAR;
	if ((error = journal(txn, f)) < 0)
		return error;
	error = store_write_entry(f->full, data, len, f->after_mode, f->perm, f->existed || f->touched);
	/* A failure after the rename (the folder not synced) has replaced it. */
	if (error == 0 || changed_on_disk(f))
		f->touched = true;
	return error;
}

int isms_txn_write_batch(struct isms_txn *txn, const struct isms_txn_item *items, size_t n)
{
	char **folders = NULL;
	size_t nfolders = 0;
	int error = 0;

	/* Every file checked, then the journal written once, before any changes. */
	for (size_t i = 0; i < n && error == 0; i++) {
		struct txn_file *f;

		if ((error = file_of(&f, txn, items[i].path)) < 0 ||
		    (error = still(f, items[i].base)) < 0 || (error = make_folder(txn, f, true)) < 0)
			break;
		isms_buf_clear(&f->after);
		isms_buf_put(&f->after, items[i].data ? items[i].data : "", items[i].len);
		f->present = true;
		f->after_mode = f->existed && f->before_mode != ISMS_FILE_LINK ? f->before_mode
										: ISMS_FILE_REGULAR;
	}
	if (error == 0)
		error = journal(txn, NULL);
	for (size_t i = 0; i < n && error == 0; i++) {
		struct txn_file *f;
		mode_t perm;
		char *slash;
		bool seen = false;

		file_of(&f, txn, items[i].path);
		perm = f->perm;
		if (f->after_mode == ISMS_FILE_EXECUTABLE)
			perm |= (perm & 0444) >> 2;
		else
			perm &= ~0111u;
		error = isms_fs_write_unsynced(f->full, f->after.ptr ? f->after.ptr : "", f->after.len,
					       perm, f->existed || f->touched ? ISMS_FS_REPLACE
									 : ISMS_FS_CREATE_NEW);
		if (error == 0 || changed_on_disk(f))
			f->touched = true;
		slash = strrchr(f->full, '/');
		for (size_t k = 0; k < nfolders && !seen; k++)
			seen = strncmp(folders[k], f->full, (size_t)(slash - f->full)) == 0 &&
			       folders[k][slash - f->full] == '\0';
		if (!seen) {
			folders = isms_realloc(folders, (nfolders + 1) * sizeof(*folders));
			folders[nfolders++] = isms_strndup(f->full, (size_t)(slash - f->full));
		}
	}
	/* One sync for them all: the file system, then each folder written in. */
	for (size_t k = 0; k < nfolders; k++) {
		if (error == 0)
			error = isms_fs_sync_all(folders[k]);
		free(folders[k]);
	}
	free(folders);
	return error;
}

int isms_txn_write(struct isms_txn *txn, const char *path, const void *data, size_t len,
		   const char *base)
{
	return isms_txn_write_as(txn, path, data, len, base, ISMS_FILE_AS_IS);
}

void isms_txn_include(struct isms_txn *txn, const struct isms_commit_file *file)
{
	txn->included = isms_realloc(txn->included, (txn->included_count + 1) *
				     sizeof(*txn->included));
	txn->included[txn->included_count++] = *file;
}

int isms_txn_expect(struct isms_txn *txn, const char *path, const char *base)
{
	struct txn_file *f;
	int error = file_of(&f, txn, path);

	return error < 0 ? error : still(f, base);
}

void isms_txn_advance(struct isms_txn *txn, const char *to, const char *reflog)
{
	free(txn->advance_to);
	free(txn->reflog);
	txn->advance_to = isms_strdup(to);
	txn->reflog = isms_strdup(reflog);
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
	if ((error = journal(txn, f)) < 0)
		return error;
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
	size_t n = txn->count + txn->included_count;
	struct isms_commit_file *files = isms_calloc(n ? n : 1, sizeof(*files));
	int error;

	commit[0] = '\0';
	for (size_t i = 0; i < txn->count; i++)
		files[i] = (struct isms_commit_file){ .path = txn->files[i].path,
			.data = txn->files[i].after.ptr, .len = txn->files[i].after.len,
			.present = txn->files[i].present, .mode = txn->files[i].after_mode };
	if (txn->included_count)
		memcpy(files + txn->count, txn->included, txn->included_count * sizeof(*files));
	isms_repo_txn_message(txn->git, txn->message, (const char *const *)txn->trailers,
			      txn->trailer_count);
	if (txn->advance_to)
		error = isms_repo_txn_advance(commit, txn->git, txn->advance_to, files, n,
					      txn->reflog);
	else
		error = isms_repo_txn_commit(commit, txn->git, files, n, txn->tags,
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
		error = store_write_entry(f->full, f->before.ptr, f->before.len, f->before_mode, f->perm,
				    true);
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
	txn->stuck = stuck != NULL;
	if (!touched) {
		/* It failed before changing a file (a lock, git's index, a
		 * conflict): say so, as the message of every failure does,
		 * unless it says so already. */
		if (!strstr(isms_error_last()->message, "nothing"))
			isms_error_prefix("nothing changed");
		return;
	}
	if (stuck && stuck->existed)
		isms_error_prefix("%s is changed on disk but not committed, and could not be put "
				  "back ('git checkout -- %s' restores it)", stuck->path, stuck->path);
	else if (stuck)
		isms_error_prefix("%s is written on disk but not committed, and could not be "
				  "removed again (it was not there before: remove it)", stuck->path);
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
	else if (!txn->committed)
		for (size_t i = 0; i < txn->count; i++)  /* never left written, not committed */
			if (txn->files[i].touched && put_back(&txn->files[i]) < 0)
				txn->stuck = true;
	/* Once committed or put back, nothing is left to recover. */
	if (txn->journaled && !txn->stuck)
		store_journal_clear(txn->store);
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
	free(txn->included);
	free(txn->advance_to);
	free(txn->reflog);
	free(txn->trailers);
	free(txn->files);
	free(txn->message);
	free(txn);
	return error;
}
