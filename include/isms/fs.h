/* SPDX-License-Identifier: MIT */
/* Files: bounded reads and atomic writes. */
#ifndef ISMS_FS_H
#define ISMS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "isms/buf.h"

/* Read a regular file into `out` (replacing its contents). Refuses a path
 * whose last component is a symbolic link (ISMS_EUNSAFE), anything that is
 * not a regular file (ISMS_EUNSAFE), and a file larger than `limit` bytes
 * (ISMS_ELIMIT). A missing file is ISMS_ENOTFOUND. */
int isms_fs_read(struct isms_buf *out, const char *path, size_t limit);

/* How isms_fs_write_atomic treats an existing file. */
enum isms_fs_mode {
	ISMS_FS_REPLACE,     /* replace it (or create) */
	ISMS_FS_CREATE_NEW,  /* fail with ISMS_EEXISTS if it exists, even if it appears meanwhile */
};

/* Write `path` so that a crash at any moment leaves either the old or the
 * new contents: write a temporary file in the same folder, fsync it, rename
 * (or, for ISMS_FS_CREATE_NEW, hard-link) it into place, fsync the folder.
 * Refuses to replace a symbolic link or a non-regular file (ISMS_EUNSAFE).
 * The folder must exist. */
int isms_fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			 enum isms_fs_mode how);

/* isms_fs_write_atomic without syncing the file or its folder: for many
 * files written at once and then synced together with isms_fs_sync_all,
 * under a journal that can put them back (src/store/txn.c). */
int isms_fs_write_unsynced(const char *path, const void *data, size_t len, mode_t mode,
			   enum isms_fs_mode how);

/* A file written in parts, then put in place as isms_fs_write_atomic puts
 * it: for data too large to hold in memory at once. Open makes the
 * temporary file (and refuses what isms_fs_write_atomic refuses); writes
 * after the first error do nothing and return it; commit (which also
 * closes) fsyncs when `sync`, renames or links the file into place, and
 * returns the first error of the whole stream; abort removes the temporary
 * file. Every stream opened is committed or aborted, also after an error. */
struct isms_fs_stream {
	char *path, *tmp;
	int fd;
	int error;  /* the first error, 0 while none */
};

int isms_fs_stream_open(struct isms_fs_stream *s, const char *path);
int isms_fs_stream_write(struct isms_fs_stream *s, const void *data, size_t len);
/* Write at offset `at` (a part written earlier as a placeholder). */
int isms_fs_stream_write_at(struct isms_fs_stream *s, const void *data, size_t len, off_t at);
int isms_fs_stream_commit(struct isms_fs_stream *s, mode_t mode, enum isms_fs_mode how, bool sync);
void isms_fs_stream_abort(struct isms_fs_stream *s);

/* Sync to the disk everything written on the file system that holds
 * folder `dir` (syncfs), and `dir` itself. */
int isms_fs_sync_all(const char *dir);

/* Create a folder and its parents (like mkdir -p), syncing the folder that
 * holds each one created, so that it survives a crash. */
int isms_fs_mkdirs(const char *path, mode_t mode);

/* 1 when `path` exists (without following a final symlink), 0 otherwise. */
int isms_fs_exists(const char *path);

/* Make `path` a symbolic link to `target`, replacing what is there
 * atomically (a link made under a temporary name, then renamed). */
int isms_fs_symlink_atomic(const char *path, const char *target);

/* Sync the folder holding `path` to the disk, so that a rename or a
 * removal in it survives a crash. */
int isms_fs_sync_dir(const char *path);

/* Remove file `path` and sync its folder. ISMS_ENOTFOUND when it is not there. */
int isms_fs_remove(const char *path);

/* The process's umask, as new files get it (git creates files with 0666
 * and folders with 0777, less the umask). */
mode_t isms_fs_umask(void);

/* Whether `path` names a file inside a working tree, relative to its top:
 * not empty, not absolute, no "." or ".." component, nothing in or named
 * .git (in any case), no control character. ISMS_EUNSAFE otherwise. */
int isms_path_check(const char *path);

/* "dir/name"; the caller frees. */
char *isms_path_join(const char *dir, const char *name);

/* A new temporary file under $TMPDIR (or /tmp), named after `what`, open
 * for reading and writing (close-on-exec); its descriptor, or -1 with the
 * message set. *path (if not NULL) gets its name, which the caller unlinks
 * and frees; otherwise it is unlinked at once. */
int isms_fs_temp(char **path, const char *what);

/* Write all of `data` to `fd`, retrying after EINTR; -1 with errno set. */
int isms_fs_write_fd(int fd, const void *data, size_t len);

/* Append what `fd` holds, from its start, to `out` (when not NULL). */
void isms_fs_read_fd(struct isms_buf *out, int fd);

#endif
