/* SPDX-License-Identifier: MIT */
/* Signing and verifying, as git does them: libgit2 does not sign, so the
 * object's buffer is handed to the program git would run (gpg, gpgsm or
 * ssh-keygen) and the armored signature it prints is stored with the
 * object; how to sign comes from the configuration (commit.gpgsign,
 * tag.gpgsign, gpg.format, gpg.*.program, user.signingkey). Verification
 * asks git itself (verify-commit, verify-tag), and isms_signature_state
 * names the answer. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/process.h"
#include "isms/repo.h"
#include "git.h"

/* Run argv in `cwd` with `in` as standard input; the output goes to `out`
 * and the errors to `err` (either may be NULL). As isms_process_run, and
 * without the variables that would point git elsewhere: we work on the
 * repository we opened. */
static int run_program(const char *const *argv, const char *cwd, const void *in, size_t inlen,
		       struct isms_buf *out, struct isms_buf *err)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;

	opts.cwd = cwd;
	opts.capture = true;
	opts.input = in;
	opts.input_len = inlen;
	opts.out = out;
	opts.err = err;
	opts.scrub_git_env = true;
	return isms_process_run(argv, &opts);
}

/* The program's errors, trimmed, for a message. */
static const char *trimmed(struct isms_buf *err)
{
	char *s = (char *)isms_buf_cstr(err);
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
	return n ? s : "(no message)";
}

void repo_signing_free(struct repo_signing *s)
{
	if (!s)
		return;
	free(s->program);
	free(s->key);
	memset(s, 0, sizeof(*s));
}

/* Whether to sign: `asked` 0 or 1, or -1 for what the boolean `key`
 * (commit.gpgsign, tag.gpgsign) says; when so, how (gpg.format,
 * gpg.<format>.program or gpg.program, user.signingkey). */
int repo_signing_setup(struct repo_signing *s, bool *sign, struct isms_repo *repo, const char *key,
		       int asked)
{
	git_config *cfg = NULL;
	char *format = NULL;
	int value = 0, error = 0;

	memset(s, 0, sizeof(*s));
	*sign = false;
	if (asked == 0)
		return 0;
	if (git_repository_config_snapshot(&cfg, repo->git) < 0)
		return repo_git_fail(-1, "git configuration");
	if (asked < 0) {
		error = git_config_get_bool(&value, cfg, key);
		if (error == GIT_ENOTFOUND) {
			error = 0;
			value = 0;
		} else if (error < 0) {
			error = repo_git_fail(error, key);
			goto cleanup;
		}
		if (!value)
			goto cleanup;
	}
	*sign = true;
	format = repo_config_string(cfg, "gpg.format");
	if (!format || strcmp(format, "openpgp") == 0) {
		s->format = REPO_SIGN_OPENPGP;
		if (!(s->program = repo_config_string(cfg, "gpg.openpgp.program")) &&
		    !(s->program = repo_config_string(cfg, "gpg.program")))
			s->program = isms_strdup("gpg");
	} else if (strcmp(format, "x509") == 0) {
		s->format = REPO_SIGN_X509;
		if (!(s->program = repo_config_string(cfg, "gpg.x509.program")))
			s->program = isms_strdup("gpgsm");
	} else if (strcmp(format, "ssh") == 0) {
		s->format = REPO_SIGN_SSH;
		if (!(s->program = repo_config_string(cfg, "gpg.ssh.program")))
			s->program = isms_strdup("ssh-keygen");
	} else {
		error = isms_error_set(ISMS_EINVALID,
			"gpg.format is '%s'; git knows openpgp, x509 and ssh", format);
		goto cleanup;
	}
	s->key = repo_config_string(cfg, "user.signingkey");
	if (s->format == REPO_SIGN_SSH && !s->key)
		error = isms_error_set(ISMS_EINVALID,
			"signing is configured with gpg.format=ssh but user.signingkey is not set; "
			"set it to your key file (git config user.signingkey ~/.ssh/id_ed25519.pub)");
cleanup:
	if (error < 0) {
		repo_signing_free(s);
		*sign = false;
	}
	free(format);
	git_config_free(cfg);
	return error;
}

int isms_repo_signing(bool *sign, char **program, struct isms_repo *repo, bool tag)
{
	struct repo_signing s;
	int error = repo_signing_setup(&s, sign, repo, tag ? "tag.gpgsign" : "commit.gpgsign", -1);

	if (program)
		*program = error == 0 && *sign ? isms_strdup(s.program) : NULL;
	repo_signing_free(&s);
	return error;
}

/* gpg or gpgsm: the data on standard input, the signature on standard
 * output, the status lines (SIG_CREATED) on standard error, in `err`. */
static int sign_gpg(struct isms_buf *sig, struct isms_buf *err, struct isms_repo *repo,
		    const struct repo_signing *s, const char *data, size_t len,
		    const git_signature *who)
{
	const char *argv[] = { s->program, "--status-fd=2", "-bsau", NULL, NULL };
	char *key = s->key ? isms_strdup(s->key) : isms_asprintf("%s <%s>", who->name, who->email);
	int status, error = 0;

	argv[3] = key;
	status = run_program(argv, repo->workdir, data, len, sig, err);
	if (status < 0) {
		error = status;
	} else if (status != 0 || !strstr(isms_buf_cstr(err), "[GNUPG:] SIG_CREATED ") ||
		   !isms_buf_cstr(sig)[0]) {
		error = isms_error_set(ISMS_ERROR, "signing with %s failed (status %d): %s",
				       s->program, status, trimmed(err));
	}
	free(key);
	return error;
}

/* ssh-keygen -Y sign: the data in a file, the signature in FILE.sig beside
 * it. The key is a file, or a public key given literally
 * ("key::ssh-ed25519 ..." or "ssh-ed25519 ...") whose private half
 * ssh-agent holds. */
static int sign_ssh(struct isms_buf *sig, struct isms_buf *err, struct isms_repo *repo,
		    const struct repo_signing *s, const char *data, size_t len)
{
	char *buffer_file = NULL, *key_file = NULL, *sig_file = NULL, *key = NULL;
	int status, error = 0, fd;
	bool literal = strncmp(s->key, "key::", 5) == 0 || strncmp(s->key, "ssh-", 4) == 0;
	const char *argv[] = { s->program, "-Y", "sign", "-n", "git", "-f", NULL, NULL, NULL, NULL };
	int argc = 6;

	if (literal) {
		const char *text = strncmp(s->key, "key::", 5) == 0 ? s->key + 5 : s->key;

		if ((fd = isms_fs_temp(&key_file, "signing-key")) < 0) {
			error = ISMS_ERROR;
			goto cleanup;
		}
		error = isms_fs_write_fd(fd, text, strlen(text));
		close(fd);
		if (error < 0) {
			error = isms_error_set(ISMS_ERROR, "cannot write %s: %s", key_file, strerror(errno));
			goto cleanup;
		}
		argv[argc++] = key_file;
		argv[argc++] = "-U";
	} else if (strncmp(s->key, "~/", 2) == 0 && getenv("HOME")) {
		key = isms_path_join(getenv("HOME"), s->key + 2);
		argv[argc++] = key;
	} else {
		argv[argc++] = s->key;
	}
	if ((fd = isms_fs_temp(&buffer_file, "signing-buffer")) < 0) {
		error = ISMS_ERROR;
		goto cleanup;
	}
	error = isms_fs_write_fd(fd, data, len);
	close(fd);
	if (error < 0) {
		error = isms_error_set(ISMS_ERROR, "cannot write %s: %s", buffer_file, strerror(errno));
		goto cleanup;
	}
	argv[argc++] = buffer_file;
	sig_file = isms_asprintf("%s.sig", buffer_file);
	status = run_program(argv, repo->workdir, NULL, 0, NULL, err);
	if (status < 0) {
		error = status;
	} else if (status != 0) {
		error = isms_error_set(ISMS_ERROR, "signing with %s failed (status %d): %s",
				       s->program, status, trimmed(err));
	} else if ((fd = open(sig_file, O_RDONLY | O_CLOEXEC)) < 0) {
		error = isms_error_set(ISMS_ERROR, "%s made no signature (%s): %s", s->program,
				       strerror(errno), trimmed(err));
	} else {
		isms_fs_read_fd(sig, fd);
		close(fd);
		if (!isms_buf_cstr(sig)[0])
			error = isms_error_set(ISMS_ERROR, "%s made an empty signature: %s",
					       s->program, trimmed(err));
	}
cleanup:
	if (key_file)
		unlink(key_file);
	if (buffer_file)
		unlink(buffer_file);
	if (sig_file)
		unlink(sig_file);
	free(key_file);
	free(buffer_file);
	free(sig_file);
	free(key);
	return error;
}

int repo_sign_buffer(struct isms_buf *sig, struct isms_repo *repo, const struct repo_signing *s,
		     const char *data, size_t len, const git_signature *who)
{
	struct isms_buf err = ISMS_BUF_INIT;
	int error;

	isms_buf_clear(sig);
	if (s->format == REPO_SIGN_SSH)
		error = sign_ssh(sig, &err, repo, s, data, len);
	else
		error = sign_gpg(sig, &err, repo, s, data, len, who);
	if (error < 0)
		isms_buf_clear(sig);
	isms_buf_free(&err);
	return error;
}

/* Does a tag's message carry a signature? The lines git looks for. */
static bool tag_signed(const char *message)
{
	static const char *const starts[] = { "-----BEGIN PGP SIGNATURE-----",
		"-----BEGIN PGP MESSAGE-----", "-----BEGIN SIGNED MESSAGE-----",
		"-----BEGIN SSH SIGNATURE-----" };

	for (const char *line = message; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		for (size_t i = 0; i < sizeof(starts) / sizeof(*starts); i++)
			if (strncmp(line, starts[i], strlen(starts[i])) == 0)
				return true;
	return false;
}

const char *isms_signature_state(int verified)
{
	return verified > 0 ? "signed" : verified < 0 ? "signature bad" : "not signed";
}

int isms_repo_verify(struct isms_repo *repo, const char *name)
{
	git_object *obj = NULL;
	git_buf sig = { 0 }, data = { 0 };
	struct isms_buf out = ISMS_BUF_INIT;
	char hex[ISMS_OID_HEX], *gitdir = NULL;
	const char *what;
	int status, result = -1;

	if (git_revparse_single(&obj, repo->git, name) < 0) {
		isms_error_set(ISMS_ENOTFOUND, "cannot verify %s: no such revision", name);
		return -1;
	}
	git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
	if (git_object_type(obj) == GIT_OBJECT_COMMIT) {
		what = "verify-commit";
		if (git_commit_extract_signature(&sig, &data, repo->git, (git_oid *)git_object_id(obj),
						 NULL) == GIT_ENOTFOUND) {
			result = 0;
			goto cleanup;
		}
	} else if (git_object_type(obj) == GIT_OBJECT_TAG) {
		what = "verify-tag";
		if (!tag_signed(git_tag_message((git_tag *)obj))) {
			result = 0;
			goto cleanup;
		}
	} else {
		isms_error_set(ISMS_EINVALID, "cannot verify %s: not a commit or a tag", name);
		goto cleanup;
	}

	/* git itself judges the signature (gpg's keyring, gpg.ssh.allowedSignersFile,
	 * trust levels), so the answer is the one git verify-commit/verify-tag gives. */
	gitdir = isms_asprintf("--git-dir=%s", git_repository_path(repo->git));
	{
		const char *argv[] = { "git", gitdir, what, hex, NULL };

		status = run_program(argv, repo->workdir, NULL, 0, &out, &out);
	}
	if (status == 0)
		result = 1;
	else if (status == 127)
		isms_error_set(ISMS_ERROR, "cannot verify %s: git is needed to check signatures "
			       "(%s)", name, trimmed(&out));
	else if (status > 0)
		isms_error_set(ISMS_ERROR, "the signature of %s does not verify: %s", name,
			       trimmed(&out));
cleanup:
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	isms_buf_free(&out);
	free(gitdir);
	git_object_free(obj);
	return result;
}
