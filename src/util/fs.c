/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/fs.h"

int isms_fs_read(struct isms_buf *out, const char *path, size_t limit)
{
	struct stat st;
	int fd, error = 0;

	isms_buf_clear(out);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return isms_error_set(ISMS_ENOTFOUND, "%s: no such file", path);
		if (errno == ELOOP)
			return isms_error_set(ISMS_EUNSAFE,
				"%s: is a symbolic link; records must be regular files", path);
		return isms_error_set(ISMS_EIO, "%s: cannot open: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		error = isms_error_set(ISMS_EIO, "%s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		error = isms_error_set(ISMS_EUNSAFE, "%s: not a regular file", path);
		goto cleanup;
	}
	if ((unsigned long long)st.st_size > limit) {
		error = isms_error_set(ISMS_ELIMIT,
			"%s: file is %lld bytes, more than the limit of %zu bytes",
			path, (long long)st.st_size, limit);
		goto cleanup;
	}
	for (;;) {
		char chunk[65536];
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = isms_error_set(ISMS_EIO, "%s: read failed: %s", path, strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		/* The file may grow while we read it. */
		if (out->len + (size_t)n > limit) {
			error = isms_error_set(ISMS_ELIMIT,
				"%s: file is more than the limit of %zu bytes", path, limit);
			goto cleanup;
		}
		isms_buf_put(out, chunk, (size_t)n);
	}
	if (!out->ptr)
		isms_buf_put(out, "", 0);

cleanup:
	close(fd);
	return error;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd, r;

	if (isms_fault("fs.syncdir"))
		return -1;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

int isms_fs_stream_open(struct isms_fs_stream *s, const char *path)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->path = isms_strdup(path);
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return s->error = isms_error_set(ISMS_EUNSAFE, "%s: refusing to replace %s", path,
			S_ISLNK(st.st_mode) ? "a symbolic link" : "something that is not a regular file");
	s->tmp = isms_asprintf("%s.isms-tmp-XXXXXX", path);
	if ((s->fd = mkstemp(s->tmp)) < 0) {
		free(s->tmp);
		s->tmp = NULL;
		return s->error = isms_error_set(ISMS_EIO, "%s: cannot create a temporary file: %s",
						 path, strerror(errno));
	}
	return 0;
}

static int stream_failed(struct isms_fs_stream *s)
{
	if (!s->error)
		s->error = isms_error_set(ISMS_EIO, "%s: cannot write: %s", s->path, strerror(errno));
	return s->error;
}

int isms_fs_stream_write(struct isms_fs_stream *s, const void *data, size_t len)
{
	if (s->error)
		return s->error;
	return write_all(s->fd, data, len) < 0 ? stream_failed(s) : 0;
}

int isms_fs_stream_write_at(struct isms_fs_stream *s, const void *data, size_t len, off_t at)
{
	const char *p = data;

	while (len && !s->error) {
		ssize_t n = pwrite(s->fd, p, len, at);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return stream_failed(s);
		p += n;
		at += n;
		len -= (size_t)n;
	}
	return s->error;
}

void isms_fs_stream_abort(struct isms_fs_stream *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->tmp)
		unlink(s->tmp);
	free(s->tmp);
	free(s->path);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

int isms_fs_stream_commit(struct isms_fs_stream *s, mode_t mode, enum isms_fs_mode how, bool sync)
{
	char *copy = isms_strdup(s->path), *dir = dirname(copy);
	int error = s->error;

	if (error)
		goto cleanup;
	if (isms_fault("fs.write") || fchmod(s->fd, mode) < 0 ||
	    isms_fault("fs.fsync") || (sync && fsync(s->fd) < 0)) {
		error = stream_failed(s);
		goto cleanup;
	}
	if (close(s->fd) < 0) {
		s->fd = -1;
		error = stream_failed(s);
		goto cleanup;
	}
	s->fd = -1;
	if (how == ISMS_FS_CREATE_NEW) {
		/* link() refuses an existing name, so a file that appeared since the
		 * caller looked is never overwritten. */
		if (isms_fault("fs.rename") || link(s->tmp, s->path) < 0) {
			error = errno == EEXIST
				? isms_error_set(ISMS_EEXISTS, "%s: already exists", s->path)
				: isms_error_set(ISMS_EIO, "%s: cannot create: %s", s->path, strerror(errno));
			goto cleanup;
		}
		unlink(s->tmp);
	} else if (isms_fault("fs.rename") || rename(s->tmp, s->path) < 0) {
		error = isms_error_set(ISMS_EIO, "%s: cannot replace: %s", s->path, strerror(errno));
		goto cleanup;
	}
	free(s->tmp);
	s->tmp = NULL;
	if (sync && fsync_dir(dir) < 0)
		error = isms_error_set(ISMS_EIO, "%s: was replaced, but its folder could not be synced "
				       "to the disk: %s", s->path, strerror(errno));

cleanup:
	isms_fs_stream_abort(s);
	free(copy);
	return error;
}

/* isms_fs_write_atomic, with the file and its folder synced only when `sync`. */
static int write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			enum isms_fs_mode how, bool sync)
{
	struct isms_fs_stream s;

	if (isms_fs_stream_open(&s, path) == 0)
		isms_fs_stream_write(&s, data, len);
	return isms_fs_stream_commit(&s, mode, how, sync);
}

int isms_fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			 enum isms_fs_mode how)
{
	return write_atomic(path, data, len, mode, how, true);
}

int isms_fs_write_unsynced(const char *path, const void *data, size_t len, mode_t mode,
			   enum isms_fs_mode how)
{
	return write_atomic(path, data, len, mode, how, false);
}

int isms_fs_sync_all(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), error = 0;

	if (fd < 0 || isms_fault("fs.syncfs") || syncfs(fd) < 0 || fsync(fd) < 0)
		error = isms_error_set(ISMS_EIO, "%s: the files written could not be synced to the "
				       "disk: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return error;
}

int isms_fs_mkdirs(const char *path, mode_t mode)
{
	char *copy;
	int error = 0;

	if (!*path)
		return isms_error_set(ISMS_EUSAGE, "no folder given");
	copy = isms_strdup(path);

	for (char *p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(copy, mode) == 0) {
			/* The new folder's name must reach the disk too. */
			char *slash = strrchr(copy, '/');

			if (slash && slash != copy) {
				*slash = '\0';
				fsync_dir(copy);
				*slash = '/';
			} else {
				fsync_dir(slash ? "/" : ".");
			}
		} else if (errno != EEXIST) {
			error = isms_error_set(ISMS_EIO, "%s: cannot create folder: %s",
					       copy, strerror(errno));
			break;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(copy);
	return error;
}

int isms_fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

char *isms_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		return isms_asprintf("%s%s", dir, name);
	return isms_asprintf("%s/%s", dir, name);
}

int isms_fs_sync_dir(const char *path)
{
	char *copy = isms_strdup(path);
	int error = 0;

	if (fsync_dir(dirname(copy)) < 0)
		error = isms_error_set(ISMS_EIO, "the folder of %s could not be synced to the disk: %s",
				       path, strerror(errno));
	free(copy);
	return error;
}

int isms_fs_remove(const char *path)
{
	if (isms_fault("fs.remove") || unlink(path) < 0)
		return isms_error_set(errno == ENOENT ? ISMS_ENOTFOUND : ISMS_EIO,
				      "%s: cannot remove: %s", path, strerror(errno));
	return isms_fs_sync_dir(path);
}

mode_t isms_fs_umask(void)
{
	static mode_t mask = (mode_t)-1;

	if (mask == (mode_t)-1) {
		mask = umask(022);
		umask(mask);
	}
	return mask;
}

int isms_path_check(const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
			return isms_error_set(ISMS_EUNSAFE, "a path with a control character is not "
					      "a path inside the working tree");
	if (!n || path[0] == '/' || path[n - 1] == '/' || strstr(path, "//") ||
	    strcmp(path, "..") == 0 || strncmp(path, "../", 3) == 0 || strstr(path, "/../") ||
	    (n >= 3 && strcmp(path + n - 3, "/..") == 0) || strcmp(path, ".") == 0 ||
	    strncmp(path, "./", 2) == 0 || strstr(path, "/./") ||
	    strncasecmp(path, ".git", 4) == 0 || strcasestr(path, "/.git"))
		return isms_error_set(ISMS_EUNSAFE, "'%s' is not a path inside the working tree", path);
	return 0;
}

int isms_fs_temp(char **path, const char *what)
{
	const char *dir = getenv("TMPDIR");
	char *name = isms_asprintf("%s/.isms-%sXXXXXX", dir && *dir ? dir : "/tmp", what);
	int fd = mkstemp(name);

	if (fd < 0) {
		isms_error_set(ISMS_ERROR, "cannot create a temporary file %s: %s", name,
			       strerror(errno));
		free(name);
		return -1;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (path) {
		*path = name;
	} else {
		unlink(name);
		free(name);
	}
	return fd;
}

int isms_fs_write_fd(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void isms_fs_read_fd(struct isms_buf *out, int fd)
{
	char chunk[4096];
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out)
			isms_buf_put(out, chunk, (size_t)n);
	}
}

int isms_fs_symlink_atomic(const char *path, const char *target)
{
	static unsigned counter;
	char *tmp = isms_asprintf("%s.isms-tmp-%ld-%u", path, (long)getpid(), counter++);
	int error = 0;

	if (isms_fault("fs.write") || symlink(target, tmp) < 0)
		error = isms_error_set(ISMS_EIO, "%s: cannot create a symbolic link: %s", path,
				       strerror(errno));
	else if (isms_fault("fs.rename") || rename(tmp, path) < 0)
		error = isms_error_set(ISMS_EIO, "%s: cannot replace: %s", path, strerror(errno));
	else
		error = isms_fs_sync_dir(path);
	unlink(tmp);
	free(tmp);
	return error;
}
