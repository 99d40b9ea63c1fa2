/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

Test(fs, atomic_write_replaces_and_leaves_no_temporary_file)
{
	char *dir = th_tmpdir(), *path = isms_path_join(dir, "r.yaml"), *text;
	struct stat st;

	cr_assert_eq(isms_fs_write_atomic(path, "one\n", 4, 0644, ISMS_FS_REPLACE), 0);
	cr_assert_eq(isms_fs_write_atomic(path, "two\n", 4, 0600, ISMS_FS_REPLACE), 0);
	text = th_read(dir, "r.yaml");
	cr_assert_str_eq(text, "two\n");
	cr_assert_eq(entries(dir), 1);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	free(text);
	free(path);
	free(dir);
}

Test(fs, create_new_never_overwrites)
{
	char *dir = th_tmpdir(), *path = isms_path_join(dir, "r.yaml"), *text;

	th_write(dir, "r.yaml", "theirs\n");
	cr_assert_eq(isms_fs_write_atomic(path, "mine\n", 5, 0644, ISMS_FS_CREATE_NEW), ISMS_EEXISTS);
	text = th_read(dir, "r.yaml");
	cr_assert_str_eq(text, "theirs\n");
	cr_assert_eq(entries(dir), 1, "the temporary file is removed");
	free(text);
	free(path);
	free(dir);
}

Test(fs, refuses_to_write_through_or_read_a_symlink)
{
	char *dir = th_tmpdir(), *outside = th_tmpdir(), *target = isms_path_join(outside, "t");
	char *link_path = isms_path_join(dir, "r.yaml"), *text;
	struct isms_buf buf = ISMS_BUF_INIT;

	th_write(outside, "t", "precious\n");
	cr_assert_eq(symlink(target, link_path), 0);
	cr_assert_eq(isms_fs_write_atomic(link_path, "x", 1, 0644, ISMS_FS_REPLACE), ISMS_EUNSAFE);
	cr_assert_eq(isms_fs_read(&buf, link_path, 1024), ISMS_EUNSAFE);
	text = th_read(outside, "t");
	cr_assert_str_eq(text, "precious\n");
	isms_buf_free(&buf);
	free(text);
	free(target);
	free(link_path);
	free(outside);
	free(dir);
}

Test(fs, read_enforces_the_size_limit_and_reports_missing_files)
{
	char *dir = th_tmpdir(), *path = isms_path_join(dir, "big");
	struct isms_buf buf = ISMS_BUF_INIT;

	th_write(dir, "big", "0123456789");
	cr_assert_eq(isms_fs_read(&buf, path, 9), ISMS_ELIMIT);
	cr_assert(strstr(isms_error_last()->message, "limit"));
	cr_assert_eq(isms_fs_read(&buf, path, 10), 0);
	cr_assert_eq(buf.len, 10);
	free(path);
	path = isms_path_join(dir, "missing");
	cr_assert_eq(isms_fs_read(&buf, path, 10), ISMS_ENOTFOUND);
	free(path);
	cr_assert_eq(isms_fs_read(&buf, dir, 10), ISMS_EUNSAFE, "a folder is not a file");
	isms_buf_free(&buf);
	free(dir);
}

Test(fs, mkdirs_makes_parents)
{
	char *dir = th_tmpdir(), *deep = isms_path_join(dir, "a/b/c");
	struct stat st;

	cr_assert_eq(isms_fs_mkdirs(deep, 0755), 0);
	cr_assert_eq(isms_fs_mkdirs(deep, 0755), 0, "existing folders are fine");
	cr_assert_eq(stat(deep, &st), 0);
	cr_assert(S_ISDIR(st.st_mode));
	free(deep);
	free(dir);
}

/* A stream: written in parts (one of them over a placeholder), in place
 * only once committed; an aborted one, or one whose writes failed, leaves
 * the old file and no temporary file. */
Test(fs, a_stream_is_in_place_only_when_committed_whole)
{
	char *dir = th_tmpdir(), *path = isms_path_join(dir, "c.bin"), *text;
	struct isms_fs_stream s;

	th_write(dir, "c.bin", "old\n");
	cr_assert_eq(isms_fs_stream_open(&s, path), 0);
	cr_assert_eq(isms_fs_stream_write(&s, "....", 4), 0);
	cr_assert_eq(isms_fs_stream_write(&s, " two\n", 5), 0);
	cr_assert_eq(isms_fs_stream_write_at(&s, "part", 4, 0), 0);
	text = th_read(dir, "c.bin");
	cr_assert_str_eq(text, "old\n", "not in place before the commit");
	free(text);
	cr_assert_eq(isms_fs_stream_commit(&s, 0600, ISMS_FS_REPLACE, true), 0);
	text = th_read(dir, "c.bin");
	cr_assert_str_eq(text, "part two\n");
	free(text);
	cr_assert_eq(entries(dir), 1);

	cr_assert_eq(isms_fs_stream_open(&s, path), 0);
	cr_assert_eq(isms_fs_stream_write(&s, "gone\n", 5), 0);
	isms_fs_stream_abort(&s);
	/* A write on a closed descriptor fails; the commit then says so. */
	cr_assert_eq(isms_fs_stream_open(&s, path), 0);
	close(s.fd);
	cr_assert_eq(isms_fs_stream_write(&s, "lost\n", 5), ISMS_EIO);
	cr_assert_eq(isms_fs_stream_write(&s, "more\n", 5), ISMS_EIO, "the first error stays");
	s.fd = -1;
	cr_assert_eq(isms_fs_stream_commit(&s, 0600, ISMS_FS_REPLACE, false), ISMS_EIO);
	cr_assert(strstr(isms_error_last()->message, "cannot write"), "%s",
		  isms_error_last()->message);
	text = th_read(dir, "c.bin");
	cr_assert_str_eq(text, "part two\n", "the old file stays");
	free(text);
	cr_assert_eq(entries(dir), 1, "no temporary file is left");
	free(path);
	free(dir);
}
