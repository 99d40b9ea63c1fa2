/* SPDX-License-Identifier: MIT */
/* Whether a commit or a tag is signed by one given key, through the
 * programs git uses (git verify-commit / verify-tag): for an SSH key, with
 * an allowed-signers file that names only that key; for an OpenPGP
 * fingerprint, by the VALIDSIG line gpg reports. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/process.h"
#include "git.h"

/* Run git on `repo` with `argv` (after "git --git-dir=..."); its output
 * (both streams) into `out`; the exit status. */
static int run_git(struct isms_repo *repo, const char *const *argv, size_t argc,
		   struct isms_buf *out)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;
	const char **full = isms_calloc(argc + 3, sizeof(*full));
	char *gitdir = isms_asprintf("--git-dir=%s", git_repository_path(repo->git));
	int status;

	full[0] = "git";
	full[1] = gitdir;
	for (size_t i = 0; i < argc; i++)
		full[i + 2] = argv[i];
	opts.cwd = repo->workdir;
	opts.capture = true;
	opts.out = out;
	opts.err = out;
	opts.scrub_git_env = true;
	status = isms_process_run(full, &opts);
	free(full);
	free(gitdir);
	return status;
}

/* Whether `a` and `b` are the same fingerprint, spaces and case aside. */
static bool same_fingerprint(const char *a, size_t alen, const char *b)
{
	size_t i = 0;

	for (size_t j = 0; b[j]; j++) {
		if (isspace((unsigned char)b[j]))
			continue;
		if (i >= alen || toupper((unsigned char)a[i]) != toupper((unsigned char)b[j]))
			return false;
		i++;
	}
	return i == alen;
}

/* An SSH key: git with an allowed-signers file of that key alone. */
static int by_ssh_key(struct isms_repo *repo, const char *what, const char *hex,
		      const char *email, const char *key, struct isms_buf *out)
{
	const char *base = getenv("TMPDIR");
	char *file = isms_asprintf("%s/isms-signers-XXXXXX", base && *base ? base : "/tmp");
	char *line = isms_asprintf("%s namespaces=\"git\" %s\n", email, key), *opt;
	int fd = mkstemp(file), status;

	if (fd < 0 || write(fd, line, strlen(line)) != (ssize_t)strlen(line)) {
		if (fd >= 0)
			close(fd);
		unlink(file);
		free(file);
		free(line);
		return isms_error_set(ISMS_ERROR, "cannot write an allowed-signers file");
	}
	close(fd);
	opt = isms_asprintf("gpg.ssh.allowedSignersFile=%s", file);
	{
		const char *argv[] = { "-c", opt, what, hex };

		status = run_git(repo, argv, 4, out);
	}
	unlink(file);
	free(file);
	free(line);
	free(opt);
	return status;
}

int isms_repo_signed_by(struct isms_repo *repo, const char *name, const char *email,
			const char *key)
{
	git_object *obj = NULL;
	struct isms_buf out = ISMS_BUF_INIT;
	char hex[ISMS_OID_HEX];
	const char *what;
	bool ssh = strncmp(key, "ssh-", 4) == 0 || strncmp(key, "ecdsa-", 6) == 0 ||
		   strncmp(key, "sk-", 3) == 0;
	int status, result = 0;

	if (git_revparse_single(&obj, repo->git, name) < 0) {
		git_error_clear();
		return isms_error_set(ISMS_ENOTFOUND, "no such revision %s", name);
	}
	git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
	what = git_object_type(obj) == GIT_OBJECT_TAG ? "verify-tag" : "verify-commit";
	git_object_free(obj);
	if (ssh) {
		status = by_ssh_key(repo, what, hex, email, key, &out);
		result = status == 0 ? 1 : 0;
		if (status != 0)
			isms_error_set(ISMS_ERROR, "git %s with the register's key: %s", what,
				       out.len ? isms_buf_cstr(&out) : "refused");
	} else {
		const char *argv[] = { what, "--raw", hex };
		const char *s;

		status = run_git(repo, argv, 3, &out);
		for (s = isms_buf_cstr(&out); status == 0 && (s = strstr(s, "VALIDSIG ")); s++) {
			const char *end = s + 9, *last = NULL, *p;

			end += strcspn(end, "\n");
			if (same_fingerprint(s + 9, strcspn(s + 9, " \n"), key))
				result = 1;
			/* The primary key's fingerprint ends the line. */
			for (p = s + 9; p < end; p++)
				if (*p == ' ')
					last = p + 1;
			if (last && same_fingerprint(last, (size_t)(end - last), key))
				result = 1;
		}
		if (!result)
			isms_error_set(ISMS_ERROR, "gpg reports no good signature by %s", key);
	}
	isms_buf_free(&out);
	return result;
}
