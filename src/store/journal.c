/* SPDX-License-Identifier: MIT */
/* The write transaction's journal: before a transaction changes its first
 * file, it writes down (.git/isms/txn-journal) the branch it started from,
 * the index lock it holds, and for every file the blob it held before (kept
 * in the object database) and the blob it is to hold. A process that dies
 * mid-way leaves the journal behind; the next transaction, holding the save
 * lock (so the writer is gone), reads it and puts back what was left: the
 * files, git's index entries, the index lock and the temporary files. When
 * the commit had landed, only the index and the locks are mended. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/fs.h"
#include "store_private.h"
#include "txn.h"

#define JOURNAL_MAGIC "isms-txn-journal 1"

static char *journal_path(struct isms_store *store)
{
	return isms_path_join(isms_repo_gitdir(isms_store_repo(store)), "isms/txn-journal");
}

static const char mode_char[] = { [ISMS_FILE_AS_IS] = 'r', [ISMS_FILE_REGULAR] = 'r',
				  [ISMS_FILE_EXECUTABLE] = 'x', [ISMS_FILE_LINK] = 'l' };

int store_journal_write(struct isms_store *store, const struct store_journal *j)
{
	struct isms_buf text = ISMS_BUF_INIT;
	char *path = journal_path(store);
	int error;

	isms_buf_printf(&text, "%s\ntip %s\n", JOURNAL_MAGIC, j->tip[0] ? j->tip : "-");
	for (size_t i = 0; i < j->count; i++) {
		const struct store_journal_file *f = &j->files[i];

		isms_buf_printf(&text, "file %s %c %s %s\n", f->before[0] ? f->before : "-",
				mode_char[f->before_mode], f->after[0] ? f->after : "-", f->path);
	}
	error = isms_fs_write_atomic(path, text.ptr, text.len, 0600, ISMS_FS_REPLACE);
	isms_buf_free(&text);
	free(path);
	return error;
}

/* Not synced to the disk: a journal that comes back after a crash finds
 * its commit landed, or its files put back, and is cleared again. */
int store_journal_clear(struct isms_store *store)
{
	char *path = journal_path(store);
	int error = 0;

	if (isms_fault("journal.clear") || (unlink(path) < 0 && errno != ENOENT))
		error = isms_error_set(ISMS_EIO, "%s: cannot remove: %s", path, strerror(errno));
	free(path);
	return error;
}

void store_journal_free(struct store_journal *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->count; i++)
		free(j->files[i].path);
	free(j->files);
	memset(j, 0, sizeof(*j));
}

/* A blob id field: "-" is none. */
static bool read_id(char out[ISMS_OID_HEX], const char *s, size_t n)
{
	if (n == 1 && s[0] == '-') {
		out[0] = '\0';
		return true;
	}
	if (n != ISMS_OID_HEX - 1 || strspn(s, "0123456789abcdef") < n)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

static bool parse_file(struct store_journal *j, const char *line)
{
	struct store_journal_file f = { 0 };
	const char *p = line, *sp = strchr(p, ' ');

	if (!sp || !read_id(f.before, p, (size_t)(sp - p)))
		return false;
	p = sp + 1;
	if (!*p || !strchr("rxl", *p) || p[1] != ' ')
		return false;
	f.before_mode = *p == 'x' ? ISMS_FILE_EXECUTABLE : *p == 'l' ? ISMS_FILE_LINK
				  : ISMS_FILE_REGULAR;
	p += 2;
	if (!(sp = strchr(p, ' ')) || !read_id(f.after, p, (size_t)(sp - p)) || !sp[1] ||
	    isms_path_check(sp + 1) < 0)
		return false;
	f.path = isms_strdup(sp + 1);
	j->files = isms_realloc(j->files, (j->count + 1) * sizeof(*j->files));
	j->files[j->count++] = f;
	return true;
}

int store_journal_read(struct store_journal *out, struct isms_store *store)
{
	struct isms_buf text = ISMS_BUF_INIT;
	char *path = journal_path(store);
	int error = isms_fs_read(&text, path, 16 << 20);
	char *line, *next;
	bool ok;

	memset(out, 0, sizeof(*out));
	if (error < 0)
		goto cleanup;
	line = (char *)isms_buf_cstr(&text);
	ok = strncmp(line, JOURNAL_MAGIC "\n", strlen(JOURNAL_MAGIC) + 1) == 0;
	for (line += ok ? strlen(JOURNAL_MAGIC) + 1 : 0; ok && *line; line = next) {
		if (!(next = strchr(line, '\n')))
			break;  /* a last line without its newline: the journal was torn */
		*next++ = '\0';
		if (strncmp(line, "tip ", 4) == 0)
			ok = read_id(out->tip, line + 4, strlen(line + 4));
		else if (strncmp(line, "file ", 5) == 0)
			ok = parse_file(out, line + 5);
		else
			ok = false;
	}
	if (!ok) {
		store_journal_free(out);
		error = isms_error_set(ISMS_EPARSE, "%s cannot be read; it records a change isms "
			"did not finish: compare the files with 'git status' and 'git diff', restore "
			"with 'git checkout -- PATH', then remove it", path);
	}
cleanup:
	isms_buf_free(&text);
	free(path);
	return error;
}

/* Remove the temporary files isms_fs_write_atomic left beside `full`. */
static void remove_temporaries(const char *full)
{
	char *dir = isms_strdup(full), *slash = strrchr(dir, '/'), *prefix;
	struct dirent *e;
	DIR *d;

	if (!slash) {
		free(dir);
		return;
	}
	*slash = '\0';
	prefix = isms_asprintf("%s.isms-tmp-", slash + 1);
	if ((d = opendir(dir))) {
		while ((e = readdir(d)))
			if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
				char *tmp = isms_path_join(dir, e->d_name);

				unlink(tmp);
				free(tmp);
			}
		closedir(d);
	}
	free(prefix);
	free(dir);
}

/* The files of .git/isms that only a running transaction has. */
static void remove_own_files(struct isms_store *store)
{
	static const char *const names[] = { "isms/index.next", "isms/txn-journal" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = isms_path_join(isms_repo_gitdir(isms_store_repo(store)), names[i]);

		remove_temporaries(path);
		if (i == 0)
			unlink(path);
		free(path);
	}
}

/* The blob `path` has at HEAD, "" when none. */
static void head_blob(char out[ISMS_OID_HEX], struct isms_store *store, const char *path)
{
	struct isms_buf data = ISMS_BUF_INIT;

	out[0] = '\0';
	if (isms_repo_read(&data, isms_store_repo(store), "HEAD", path) == 0)
		isms_repo_hash(out, data.ptr, data.len);
	isms_buf_free(&data);
}

/* Whether the journal's commit is on the branch: HEAD moved, and has every
 * file as the transaction was to leave it. */
static bool landed(struct isms_store *store, const struct store_journal *j)
{
	char head[ISMS_OID_HEX] = "", blob[ISMS_OID_HEX];

	isms_repo_head(head, isms_store_repo(store));
	if (strcmp(head, j->tip) == 0)
		return false;
	for (size_t i = 0; i < j->count; i++) {
		head_blob(blob, store, j->files[i].path);
		if (strcmp(blob, j->files[i].after) != 0)
			return false;
	}
	return true;
}

/* Put file `f` back as it was, if it is still what the transaction wrote. */
static int put_back_file(struct isms_store *store, const struct store_journal_file *f)
{
	struct isms_buf now = ISMS_BUF_INIT, before = ISMS_BUF_INIT;
	char *full = isms_path_join(isms_store_top(store), f->path), hash[ISMS_OID_HEX] = "";
	enum isms_file_mode mode;
	mode_t perm = 0666 & ~isms_fs_umask();
	int error = store_read_entry(&now, &mode, &perm, full);

	if (error == 0)
		isms_repo_hash(hash, now.ptr, now.len);
	if (error < 0 && error != ISMS_ENOTFOUND)
		goto cleanup;
	error = 0;
	/* Edited since by someone else, or already as before: left as it is. */
	if (strcmp(hash, f->after) != 0 || strcmp(hash, f->before) == 0)
		goto cleanup;
	if (!f->before[0])
		error = isms_fs_remove(full);
	else if ((error = isms_repo_blob_read(&before, isms_store_repo(store), f->before)) == 0)
		error = store_write_entry(full, before.ptr, before.len, f->before_mode, perm, true);
cleanup:
	remove_temporaries(full);
	isms_buf_free(&now);
	isms_buf_free(&before);
	free(full);
	return error;
}

int store_journal_recover(struct isms_store *store)
{
	struct store_journal j;
	const char **paths;
	int error;
	bool done;

	/* What a process that died in a transaction left in .git: its index
	 * lock, its copy of the index, temporary files. */
	if ((error = isms_repo_index_unlock_stale(isms_store_repo(store))) < 0)
		return error;
	remove_own_files(store);
	if ((error = store_journal_read(&j, store)) == ISMS_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	done = landed(store, &j);
	paths = isms_calloc(j.count ? j.count : 1, sizeof(*paths));
	for (size_t i = j.count; i-- > 0;) {
		paths[i] = j.files[i].path;
		if (!done && (error = put_back_file(store, &j.files[i])) < 0)
			break;
	}
	if (error == 0)
		error = isms_repo_index_reset(isms_store_repo(store), paths, j.count);
	if (error == 0)
		error = store_journal_clear(store);
	else
		isms_error_prefix("an isms change that was interrupted could not be put back");
	free(paths);
	store_journal_free(&j);
	return error;
}

bool store_journal_pending(struct isms_store *store)
{
	char *path = journal_path(store);
	bool pending = isms_fs_exists(path);

	free(path);
	return pending;
}
