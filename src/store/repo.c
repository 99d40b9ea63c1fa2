#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/process.h"
#include "isms/repo.h"
#include "private.h"

struct isms_repo {
	git_repository *git;
	char *workdir;
};

/* Copy libgit2's message into ours before anything else can replace it. */
static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "unknown error";

	switch (code) {
	case GIT_ELOCKED:
		return isms_error_set(ISMS_ELOCKED,
			"%s: locked by another process (%s); wait for it to finish, "
			"or if no git command is running, remove the stale lock file", what, msg);
	case GIT_EMODIFIED:
	case GIT_EEXISTS:
		return isms_error_set(ISMS_ECONFLICT,
			"%s: another process committed at the same time (%s); nothing was "
			"overwritten, try again", what, msg);
	case GIT_ENOTFOUND:
	case GIT_EUNBORNBRANCH:
		return isms_error_set(ISMS_ENOTFOUND, "%s: %s", what, msg);
	case GIT_EINVALIDSPEC:
	case GIT_EAMBIGUOUS:
		return isms_error_set(ISMS_EINVALID, "%s: %s", what, msg);
	default:
		return isms_error_set(ISMS_ERROR, "%s: %s", what, msg);
	}
}

int isms_repo_git_fail(int code, const char *what)
{
	return git_fail(code, what);
}

git_repository *isms_repo_git(struct isms_repo *repo)
{
	return repo->git;
}

static void shutdown_git(void)
{
	git_libgit2_shutdown();
}

static void global_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	const char *nosystem = getenv("GIT_CONFIG_NOSYSTEM");

	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* libgit2 does not read GIT_CONFIG_NOSYSTEM; git does. */
	if (nosystem && *nosystem && strcmp(nosystem, "0") != 0 && strcmp(nosystem, "false") != 0)
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	atexit(shutdown_git);
}

static int wrap(struct isms_repo **out, git_repository *git)
{
	struct isms_repo *repo;
	const char *wd = git_repository_workdir(git);

	if (!wd) {
		isms_error_set(ISMS_EINVALID, "%s is a bare repository; clone it to work on the ISMS",
			       git_repository_path(git));
		git_repository_free(git);
		return ISMS_EINVALID;
	}
	repo = isms_calloc(1, sizeof(*repo));
	repo->git = git;
	repo->workdir = isms_strdup(wd);
	*out = repo;
	return 0;
}

int isms_repo_open(struct isms_repo **out, const char *start)
{
	git_repository *git;
	int error;

	*out = NULL;
	global_init();
	error = git_repository_open_ext(&git, start ? start : ".", 0, NULL);
	if (error == GIT_ENOTFOUND)
		return isms_error_set(ISMS_ENOTFOUND,
			"no Git repository in %s or any folder above it; run 'isms init' to start an ISMS",
			start ? start : "the current folder");
	if (error < 0)
		return git_fail(error, start ? start : ".");
	return wrap(out, git);
}

int isms_repo_init(struct isms_repo **out, const char *dir)
{
	git_repository *git;
	char *dotgit = isms_path_join(dir, ".git");
	int error, exists = isms_fs_exists(dotgit);

	*out = NULL;
	free(dotgit);
	if (!*dir)
		return isms_error_set(ISMS_EUSAGE, "no folder given for the repository");
	global_init();
	if ((error = isms_fs_mkdirs(dir, 0777)) < 0)
		return error;
	if (exists)
		error = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else
		error = git_repository_init(&git, dir, 0);
	if (error < 0)
		return git_fail(error, dir);
	return wrap(out, git);
}

void isms_repo_free(struct isms_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo);
}

const char *isms_repo_workdir(const struct isms_repo *repo)
{
	return repo->workdir;
}

const char *isms_repo_gitdir(const struct isms_repo *repo)
{
	return git_repository_path(repo->git);
}

/* The branch HEAD points at ("refs/heads/main"); the caller frees. */
static int head_branch(char **out, struct isms_repo *repo)
{
	git_reference *head;
	int error;

	*out = NULL;
	if ((error = git_reference_lookup(&head, repo->git, "HEAD")) < 0)
		return git_fail(error, "HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return isms_error_set(ISMS_EINVALID,
			"HEAD is detached; check out a branch (git switch main) before changing the ISMS");
	}
	*out = isms_strdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return 0;
}

/* The commit the branch points at; ISMS_ENOTFOUND when it has none yet. */
static int branch_tip(git_oid *out, struct isms_repo *repo, const char *branch)
{
	int error = git_reference_name_to_id(out, repo->git, branch);

	if (error == GIT_ENOTFOUND)
		return isms_error_set(ISMS_ENOTFOUND, "no commit yet on %s", branch);
	return error < 0 ? git_fail(error, branch) : 0;
}

int isms_repo_head(char out[ISMS_OID_HEX], struct isms_repo *repo)
{
	git_oid oid;
	int error = git_reference_name_to_id(&oid, repo->git, "HEAD");

	out[0] = '\0';
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return isms_error_set(ISMS_ENOTFOUND, "no commit yet");
	if (error < 0)
		return git_fail(error, "HEAD");
	git_oid_tostr(out, ISMS_OID_HEX, &oid);
	return 0;
}

char *isms_repo_branch(struct isms_repo *repo)
{
	char *branch;

	if (head_branch(&branch, repo) < 0)
		return isms_strdup("(detached)");
	if (strncmp(branch, "refs/heads/", 11) == 0)
		memmove(branch, branch + 11, strlen(branch + 11) + 1);
	return branch;
}

/* Identity */

static char *config_string(git_config *cfg, const char *key)
{
	git_buf buf = { 0 };
	char *s = NULL;

	if (cfg && git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr[0])
		s = isms_strdup(buf.ptr);
	git_buf_dispose(&buf);
	return s;
}

static char *env_string(const char *key)
{
	const char *v = getenv(key);

	return v && *v ? isms_strdup(v) : NULL;
}

/* Seconds east of UTC for the local time at `t`. */
static int local_offset_minutes(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return (int)(tm.tm_gmtoff / 60);
}

static int make_signature(git_signature **out, struct isms_repo *repo, const char *who,
			  const struct isms_ident *given)
{
	char key[64];
	char *name, *email, *date;
	git_config *cfg = NULL;
	long long t;
	int offset, error;

	if (given) {
		error = git_signature_new(out, given->name, given->email, given->time, given->offset);
		return error < 0 ? git_fail(error, "identity") : 0;
	}
	git_repository_config_snapshot(&cfg, repo->git);
	snprintf(key, sizeof(key), "GIT_%s_NAME", who);
	name = env_string(key);
	snprintf(key, sizeof(key), "GIT_%s_EMAIL", who);
	email = env_string(key);
	snprintf(key, sizeof(key), "GIT_%s_DATE", who);
	date = env_string(key);
	snprintf(key, sizeof(key), "%s.name", strcmp(who, "AUTHOR") == 0 ? "author" : "committer");
	if (!name && !(name = config_string(cfg, key)))
		name = config_string(cfg, "user.name");
	snprintf(key, sizeof(key), "%s.email", strcmp(who, "AUTHOR") == 0 ? "author" : "committer");
	if (!email && !(email = config_string(cfg, key)) && !(email = config_string(cfg, "user.email")))
		email = env_string("EMAIL");
	git_config_free(cfg);

	if (!name || !email) {
		error = isms_error_set(ISMS_EIDENTITY,
			"no %s identity: every change must say who made it; set it with "
			"git config user.name \"Your Name\" and git config user.email you@example.org",
			strcmp(who, "AUTHOR") == 0 ? "author" : "committer");
		goto cleanup;
	}
	if (date) {
		if (isms_date_parse_git(date, &t, &offset) < 0) {
			error = isms_error_set(ISMS_EINVALID,
				"GIT_%s_DATE='%s' is not a date git understands (try '@SECONDS +0000' "
				"or ISO 8601)", who, date);
			goto cleanup;
		}
	} else {
		t = (long long)time(NULL);
		offset = local_offset_minutes((time_t)t);
	}
	error = git_signature_new(out, name, email, t, offset);
	if (error < 0)
		error = git_fail(error, "identity");
cleanup:
	free(name);
	free(email);
	free(date);
	return error;
}

int isms_repo_identity(char **name, char **email, struct isms_repo *repo)
{
	git_signature *sig;
	int error = make_signature(&sig, repo, "AUTHOR", NULL);

	*name = *email = NULL;
	if (error < 0)
		return error;
	*name = isms_strdup(sig->name);
	*email = isms_strdup(sig->email);
	git_signature_free(sig);
	return 0;
}

/* Signing, as git does it: libgit2 does not sign, so the object's buffer is
 * handed to the program git would run (gpg, gpgsm or ssh-keygen) and the
 * armored signature it prints is stored with the object. */

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

int isms_repo_run_attached(struct isms_repo *repo, const char *const *argv)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;

	opts.cwd = repo->workdir;
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

enum sign_format { SIGN_OPENPGP, SIGN_X509, SIGN_SSH };

struct signing {
	enum sign_format format;
	char *program;
	char *key;  /* user.signingkey; NULL: the committer's identity (openpgp, x509) */
};

static void signing_free(struct signing *s)
{
	free(s->program);
	free(s->key);
	memset(s, 0, sizeof(*s));
}

/* Whether to sign: `asked` 0 or 1, or -1 for what the boolean `key`
 * (commit.gpgsign, tag.gpgsign) says; when so, how (gpg.format,
 * gpg.<format>.program or gpg.program, user.signingkey). */
static int signing_setup(struct signing *s, bool *sign, struct isms_repo *repo, const char *key,
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
		return git_fail(-1, "git configuration");
	if (asked < 0) {
		error = git_config_get_bool(&value, cfg, key);
		if (error == GIT_ENOTFOUND) {
			error = 0;
			value = 0;
		} else if (error < 0) {
			error = git_fail(error, key);
			goto cleanup;
		}
		if (!value)
			goto cleanup;
	}
	*sign = true;
	format = config_string(cfg, "gpg.format");
	if (!format || strcmp(format, "openpgp") == 0) {
		s->format = SIGN_OPENPGP;
		if (!(s->program = config_string(cfg, "gpg.openpgp.program")) &&
		    !(s->program = config_string(cfg, "gpg.program")))
			s->program = isms_strdup("gpg");
	} else if (strcmp(format, "x509") == 0) {
		s->format = SIGN_X509;
		if (!(s->program = config_string(cfg, "gpg.x509.program")))
			s->program = isms_strdup("gpgsm");
	} else if (strcmp(format, "ssh") == 0) {
		s->format = SIGN_SSH;
		if (!(s->program = config_string(cfg, "gpg.ssh.program")))
			s->program = isms_strdup("ssh-keygen");
	} else {
		error = isms_error_set(ISMS_EINVALID,
			"gpg.format is '%s'; git knows openpgp, x509 and ssh", format);
		goto cleanup;
	}
	s->key = config_string(cfg, "user.signingkey");
	if (s->format == SIGN_SSH && !s->key)
		error = isms_error_set(ISMS_EINVALID,
			"signing is configured with gpg.format=ssh but user.signingkey is not set; "
			"set it to your key file (git config user.signingkey ~/.ssh/id_ed25519.pub)");
cleanup:
	if (error < 0) {
		signing_free(s);
		*sign = false;
	}
	free(format);
	git_config_free(cfg);
	return error;
}

int isms_repo_signing(bool *sign, char **program, struct isms_repo *repo, bool tag)
{
	struct signing s;
	int error = signing_setup(&s, sign, repo, tag ? "tag.gpgsign" : "commit.gpgsign", -1);

	if (program)
		*program = error == 0 && *sign ? isms_strdup(s.program) : NULL;
	signing_free(&s);
	return error;
}

/* Sign `data` as `who` (used as the key when user.signingkey is not set):
 * `sig` gets the armored signature. On failure ISMS_ERROR with the
 * program's own words. */
static int sign_buffer(struct isms_buf *sig, struct isms_repo *repo, const struct signing *s,
		       const char *data, size_t len, const git_signature *who)
{
	struct isms_buf err = ISMS_BUF_INIT;
	char *buffer_file = NULL, *key_file = NULL, *sig_file = NULL, *key = NULL;
	int status, error = 0, fd;

	isms_buf_clear(sig);
	if (s->format != SIGN_SSH) {
		const char *argv[] = { s->program, "--status-fd=2", "-bsau", NULL, NULL };

		key = s->key ? isms_strdup(s->key) : isms_asprintf("%s <%s>", who->name, who->email);
		argv[3] = key;
		status = run_program(argv, repo->workdir, data, len, sig, &err);
		if (status < 0) {
			error = status;
		} else if (status != 0 || !strstr(isms_buf_cstr(&err), "[GNUPG:] SIG_CREATED ") ||
			   !isms_buf_cstr(sig)[0]) {
			error = isms_error_set(ISMS_ERROR, "signing with %s failed (status %d): %s",
					       s->program, status, trimmed(&err));
		}
		goto cleanup;
	}

	/* ssh: the key is a file, or a public key given literally ("key::ssh-ed25519 ..."
	 * or "ssh-ed25519 ...") whose private half ssh-agent holds. */
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
	status = run_program(argv, repo->workdir, NULL, 0, NULL, &err);
	if (status < 0) {
		error = status;
	} else if (status != 0) {
		error = isms_error_set(ISMS_ERROR, "signing with %s failed (status %d): %s",
				       s->program, status, trimmed(&err));
	} else if ((fd = open(sig_file, O_RDONLY | O_CLOEXEC)) < 0) {
		error = isms_error_set(ISMS_ERROR, "%s made no signature (%s): %s", s->program,
				       strerror(errno), trimmed(&err));
	} else {
		isms_fs_read_fd(sig, fd);
		close(fd);
		if (!isms_buf_cstr(sig)[0])
			error = isms_error_set(ISMS_ERROR, "%s made an empty signature: %s",
					       s->program, trimmed(&err));
	}
cleanup:
	if (error < 0)
		isms_buf_clear(sig);
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
	isms_buf_free(&err);
	return error;
}

/* Committing */

static int check_path(const char *path)
{
	if (!*path || path[0] == '/' || strstr(path, "..") || strncmp(path, ".git", 4) == 0 ||
	    strstr(path, "/.git"))
		return isms_error_set(ISMS_EUNSAFE, "'%s' is not a path inside the working tree", path);
	return 0;
}

static char *full_message(const struct isms_commit_opts *opts)
{
	git_buf pretty = { 0 };
	char *msg, *result;
	struct isms_buf raw = ISMS_BUF_INIT;

	isms_buf_puts(&raw, opts->message && *opts->message ? opts->message : "Update ISMS");
	if (opts->trailer_count) {
		isms_buf_puts(&raw, "\n\n");
		for (size_t i = 0; i < opts->trailer_count; i++)
			isms_buf_printf(&raw, "%s\n", opts->trailers[i]);
	}
	msg = isms_buf_detach(&raw);
	if (git_message_prettify(&pretty, msg, 0, '#') == 0) {
		result = isms_strdup(pretty.ptr);
		free(msg);
		msg = result;
	}
	git_buf_dispose(&pretty);
	return msg;
}

static int locked_index(struct isms_repo *repo)
{
	char *lock = isms_path_join(git_repository_path(repo->git), "index.lock");
	int locked = isms_fs_exists(lock);
	int error = 0;

	if (locked)
		error = isms_error_set(ISMS_ELOCKED,
			"%s exists: the repository is locked by another process; wait for it to "
			"finish, or if no git command is running, remove that stale lock file", lock);
	free(lock);
	return error;
}

/* True when some branch has commits. */
static bool any_branch(struct isms_repo *repo)
{
	git_reference_iterator *it;
	git_reference *ref;
	bool found = false;

	if (git_reference_iterator_glob_new(&it, repo->git, "refs/heads/*") < 0)
		return false;
	if (git_reference_next(&ref, it) == 0) {
		found = true;
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return found;
}

/* What every commit needs: no index lock, HEAD on a branch, and the branch's
 * tip (*born false when it has no commit yet, which is refused while other
 * branches have commits: HEAD pointing at a missing branch would otherwise
 * start a new history holding only the committed paths). */
static int prepare(struct isms_repo *repo, char **branch, git_oid *tip, bool *born)
{
	int error;

	*branch = NULL;
	*born = false;
	memset(tip, 0, sizeof(*tip));
	if ((error = locked_index(repo)) < 0 || (error = head_branch(branch, repo)) < 0)
		return error;
	error = branch_tip(tip, repo, *branch);
	if (error == ISMS_ENOTFOUND && any_branch(repo))
		return isms_error_set(ISMS_EINVALID,
			"HEAD points at %s, which has no commits, while other branches do; "
			"check out a branch first (git switch main)", *branch);
	if (error < 0 && error != ISMS_ENOTFOUND)
		return error;
	*born = error == 0;
	return 0;
}

int isms_repo_ready(struct isms_repo *repo, const struct isms_commit_opts *opts)
{
	git_signature *author = NULL, *committer = NULL;
	struct signing signing;
	char *branch;
	git_oid tip;
	bool born, sign;
	int error;

	if ((error = prepare(repo, &branch, &tip, &born)) == 0 &&
	    (error = make_signature(&author, repo, "AUTHOR", opts->author)) == 0 &&
	    (error = make_signature(&committer, repo, "COMMITTER", opts->committer)) == 0 &&
	    (error = signing_setup(&signing, &sign, repo, "commit.gpgsign", opts->sign)) == 0)
		signing_free(&signing);
	git_signature_free(author);
	git_signature_free(committer);
	free(branch);
	return error;
}

int isms_repo_make_commit(git_oid *out, struct isms_repo *repo, const git_tree *tree,
			  const git_commit **parents, size_t count,
			  const struct isms_commit_opts *opts)
{
	git_signature *author = NULL, *committer = NULL;
	struct signing signing = { 0 };
	char *message = NULL;
	bool sign = false;
	int error;

	if ((error = make_signature(&author, repo, "AUTHOR", opts->author)) < 0 ||
	    (error = make_signature(&committer, repo, "COMMITTER", opts->committer)) < 0)
		goto cleanup;
	message = full_message(opts);
	if ((error = signing_setup(&signing, &sign, repo, "commit.gpgsign", opts->sign)) < 0)
		goto cleanup;
	if (sign) {
		/* Build the commit, sign its bytes, store it with the signature. */
		git_buf content = { 0 };
		struct isms_buf sig = ISMS_BUF_INIT;

		error = git_commit_create_buffer(&content, repo->git, author, committer, NULL, message,
						 tree, count, parents);
		if (error < 0)
			error = git_fail(error, "creating the commit");
		else if ((error = sign_buffer(&sig, repo, &signing, content.ptr, content.size,
					      committer)) < 0)
			isms_error_prefix("nothing was committed");
		else {
			/* git stores the signature without its last newline. */
			char *text = (char *)isms_buf_cstr(&sig);
			size_t len = strlen(text);

			while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
				text[--len] = '\0';
			error = git_commit_create_with_signature(out, repo->git, content.ptr,
								 text, "gpgsig");
			if (error < 0)
				error = git_fail(error, "creating the signed commit");
		}
		git_buf_dispose(&content);
		isms_buf_free(&sig);
	} else {
		error = git_commit_create(out, repo->git, NULL, author, committer, NULL, message,
					  tree, count, parents);
		if (error < 0)
			error = git_fail(error, "creating the commit");
	}
cleanup:
	signing_free(&signing);
	git_signature_free(author);
	git_signature_free(committer);
	free(message);
	return error;
}

/* A commit of `paths` as the working tree has them, or of `files` (when
 * not NULL) as given. */
static int commit_paths(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *const *paths,
			const struct isms_commit_file *files, size_t count,
			const struct isms_commit_opts *opts)
{
	git_tree_update *updates = isms_calloc(count, sizeof(*updates));
	git_oid tip, tree_id, commit_id, *blobs = isms_calloc(count, sizeof(*blobs));
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_reference *ref = NULL;
	git_index *index = NULL;
	char *branch = NULL, *message = NULL, *reflog = NULL, have[ISMS_OID_HEX];
	size_t n = 0;
	bool born;
	int error;

	out[0] = '\0';
	if ((error = prepare(repo, &branch, &tip, &born)) < 0)
		goto cleanup;
	git_oid_tostr(have, sizeof(have), &tip);
	if (opts->parent && strcmp(opts->parent, born ? have : "") != 0) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s moved from %.12s to %.12s: another process committed; nothing was "
			"overwritten, reload and try again", branch,
			opts->parent[0] ? opts->parent : "(none)", born ? have : "(none)");
		goto cleanup;
	}
	if (born && ((error = git_commit_lookup(&parent, repo->git, &tip)) < 0 ||
		     (error = git_commit_tree(&base, parent)) < 0)) {
		error = git_fail(error, "HEAD");
		goto cleanup;
	}

	for (size_t i = 0; i < count; i++) {
		char *full;
		struct stat st;
		git_tree_entry *entry = NULL;

		if ((error = check_path(paths[i])) < 0)
			goto cleanup;
		full = isms_path_join(repo->workdir, paths[i]);
		if (files) {
			bool exec = lstat(full, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR);

			free(full);
			if (!files[i].present) {
				if (base && git_tree_entry_bypath(&entry, base, paths[i]) == 0) {
					updates[n++] = (git_tree_update){ GIT_TREE_UPDATE_REMOVE, { { 0 } },
									  GIT_FILEMODE_BLOB, paths[i] };
					git_tree_entry_free(entry);
				}
				continue;
			}
			error = git_blob_create_from_buffer(&blobs[n], repo->git,
							    files[i].data ? files[i].data : "", files[i].len);
			if (error < 0) {
				error = git_fail(error, paths[i]);
				goto cleanup;
			}
			updates[n] = (git_tree_update){ GIT_TREE_UPDATE_UPSERT, blobs[n],
				exec ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB, paths[i] };
			n++;
			continue;
		}
		if (lstat(full, &st) == 0) {
			if (!S_ISREG(st.st_mode)) {
				error = isms_error_set(ISMS_EUNSAFE,
					"%s is not a regular file; refusing to commit it", full);
				free(full);
				goto cleanup;
			}
			error = git_blob_create_from_workdir(&blobs[n], repo->git, paths[i]);
			free(full);
			if (error < 0) {
				error = git_fail(error, paths[i]);
				goto cleanup;
			}
			updates[n] = (git_tree_update){ GIT_TREE_UPDATE_UPSERT, blobs[n],
				(st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB,
				paths[i] };
			n++;
			continue;
		}
		free(full);
		if (base && git_tree_entry_bypath(&entry, base, paths[i]) == 0) {
			updates[n++] = (git_tree_update){ GIT_TREE_UPDATE_REMOVE, { { 0 } },
							  GIT_FILEMODE_BLOB, paths[i] };
			git_tree_entry_free(entry);
		}
	}

	if (base) {
		error = git_tree_create_updated(&tree_id, repo->git, base, n, updates);
	} else {
		/* No commit yet: the first tree, from an index that lives in memory. */
		git_index *fresh;

		if ((error = git_index_new(&fresh)) == 0) {
			for (size_t i = 0; i < n && error == 0; i++) {
				git_index_entry entry = { .mode = updates[i].filemode,
							  .path = updates[i].path };

				git_oid_cpy(&entry.id, &updates[i].id);
				error = git_index_add(fresh, &entry);
			}
			if (error == 0)
				error = git_index_write_tree_to(&tree_id, fresh, repo->git);
			git_index_free(fresh);
		}
	}
	if (error < 0) {
		error = git_fail(error, "building the commit");
		goto cleanup;
	}
	if (born && !opts->allow_empty && git_oid_equal(&tree_id, git_tree_id(base))) {
		error = 0;  /* nothing changed: no commit */
		goto cleanup;
	}
	if ((error = git_tree_lookup(&tree, repo->git, &tree_id)) < 0) {
		error = git_fail(error, "building the commit");
		goto cleanup;
	}
	if ((error = isms_repo_make_commit(&commit_id, repo, tree, (const git_commit **)&parent,
					   born ? 1 : 0, opts)) < 0)
		goto cleanup;
	message = full_message(opts);
	reflog = isms_asprintf("commit%s: %.*s", born ? "" : " (initial)",
			       (int)strcspn(message, "\n"), message);
	if (born)
		error = git_reference_create_matching(&ref, repo->git, branch, &commit_id, 1, &tip, reflog);
	else
		error = git_reference_create(&ref, repo->git, branch, &commit_id, 0, reflog);
	if (error < 0) {
		error = git_fail(error, branch);
		goto cleanup;
	}
	git_oid_tostr(out, ISMS_OID_HEX, &commit_id);

	/* Keep the index in step for the committed paths, so git status is clean. */
	if ((error = git_repository_index(&index, repo->git)) == 0 &&
	    (error = git_index_read(index, 0)) == 0) {
		for (size_t i = 0; i < count && error == 0; i++) {
			char *full = isms_path_join(repo->workdir, paths[i]);
			struct stat st;

			if (files && files[i].present) {
				/* What was committed, whatever the file holds now. */
				git_index_entry entry = { .mode = GIT_FILEMODE_BLOB, .path = paths[i] };

				if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR))
					entry.mode = GIT_FILEMODE_BLOB_EXECUTABLE;

				error = git_index_add_from_buffer(index, &entry,
					files[i].data ? files[i].data : "", files[i].len);
			} else if (files) {
				error = git_index_remove_bypath(index, paths[i]);
			} else {
				error = isms_fs_exists(full) ? git_index_add_bypath(index, paths[i])
							     : git_index_remove_bypath(index, paths[i]);
			}
			free(full);
		}
		if (error == 0)
			error = git_index_write(index);
	}
	if (error < 0) {
		/* The commit stands; only git's staging area lags behind. */
		error = git_fail(error, "git's index");
		isms_error_prefix("commit %.12s was made, but 'git status' may show its files as "
				  "changed until 'git reset -q' is run", out);
	}

cleanup:
	git_index_free(index);
	git_reference_free(ref);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	free(reflog);
	free(message);
	free(branch);
	free(updates);
	free(blobs);
	return error;
}

int isms_repo_commit(char out[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *const *paths, size_t count, const struct isms_commit_opts *opts)
{
	return commit_paths(out, repo, paths, NULL, count, opts);
}

int isms_repo_commit_files(char out[ISMS_OID_HEX], struct isms_repo *repo,
			   const struct isms_commit_file *files, size_t count,
			   const struct isms_commit_opts *opts)
{
	const char **paths = isms_calloc(count ? count : 1, sizeof(*paths));
	int error;

	for (size_t i = 0; i < count; i++)
		paths[i] = files[i].path;
	error = commit_paths(out, repo, paths, files, count, opts);
	free(paths);
	return error;
}

int isms_repo_uncommit(struct isms_repo *repo, const char *commit,
		       const char *const *paths, size_t count)
{
	git_commit *made = NULL, *parent = NULL;
	git_tree *tree = NULL;
	git_reference *ref = NULL;
	git_index *index = NULL;
	git_oid id, tip;
	char *branch = NULL, *reflog = NULL;
	bool born;
	int error;

	if ((error = prepare(repo, &branch, &tip, &born)) < 0)
		goto cleanup;
	if (git_oid_fromstr(&id, commit) < 0 || !born || !git_oid_equal(&id, &tip)) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s no longer points at commit %.12s: another commit came after it, "
			"and it was not taken back", branch, commit);
		goto cleanup;
	}
	if ((error = git_commit_lookup(&made, repo->git, &id)) < 0) {
		error = isms_repo_git_fail(error, commit);
		goto cleanup;
	}
	if (git_commit_parentcount(made) != 1) {
		error = isms_error_set(ISMS_EINVALID,
			"commit %.12s has no single parent to go back to; it was not taken back", commit);
		goto cleanup;
	}
	if ((error = git_commit_parent(&parent, made, 0)) < 0 ||
	    (error = git_commit_tree(&tree, parent)) < 0) {
		error = isms_repo_git_fail(error, commit);
		goto cleanup;
	}
	reflog = isms_asprintf("isms: take back %.12s", commit);
	error = git_reference_create_matching(&ref, repo->git, branch, git_commit_parent_id(made, 0),
					      1, &id, reflog);
	if (error == GIT_EMODIFIED) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s moved on from commit %.12s meanwhile; it was not taken back", branch, commit);
		goto cleanup;
	}
	if (error < 0) {
		error = isms_repo_git_fail(error, branch);
		goto cleanup;
	}
	/* git's index as the parent has the paths, so git status is clean. */
	if ((error = git_repository_index(&index, repo->git)) == 0 &&
	    (error = git_index_read(index, 0)) == 0) {
		for (size_t i = 0; i < count && error == 0; i++) {
			git_tree_entry *entry = NULL;

			if (git_tree_entry_bypath(&entry, tree, paths[i]) == 0) {
				git_index_entry was = { .mode = git_tree_entry_filemode(entry),
							.path = paths[i] };

				git_oid_cpy(&was.id, git_tree_entry_id(entry));
				error = git_index_add(index, &was);
				git_tree_entry_free(entry);
			} else {
				error = git_index_remove_bypath(index, paths[i]);
			}
		}
		if (error == 0)
			error = git_index_write(index);
	}
	if (error < 0) {
		error = isms_repo_git_fail(error, "git's index");
		isms_error_prefix("commit %.12s was taken back, but 'git status' may show its files "
				  "as changed until 'git reset -q' is run", commit);
		error = 1;
	}
cleanup:
	git_index_free(index);
	git_reference_free(ref);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(made);
	free(reflog);
	free(branch);
	return error;
}

/* Tags */

static void put_signature(struct isms_buf *out, const char *field, const git_signature *sig)
{
	int offset = sig->when.offset;
	char sign = offset < 0 ? '-' : '+';

	if (offset < 0)
		offset = -offset;
	isms_buf_printf(out, "%s %s <%s> %lld %c%02d%02d\n", field, sig->name, sig->email,
			(long long)sig->when.time, sign, offset / 60, offset % 60);
}

int isms_repo_tag(struct isms_repo *repo, const char *name, const char *target,
		  const struct isms_tag_opts *opts)
{
	static const struct isms_tag_opts defaults = ISMS_TAG_OPTS_INIT;
	git_object *obj = NULL;
	git_signature *tagger = NULL;
	git_reference *ref = NULL;
	git_odb *odb = NULL;
	git_buf pretty = { 0 };
	git_oid tag_id;
	struct isms_buf buf = ISMS_BUF_INIT, sig = ISMS_BUF_INIT;
	struct signing signing = { 0 };
	char *refname = isms_asprintf("refs/tags/%s", name), hex[ISMS_OID_HEX];
	bool sign = false;
	int valid = 0, error;

	if (!opts)
		opts = &defaults;
	if (!*name || git_reference_name_is_valid(&valid, refname) < 0 || !valid) {
		error = isms_error_set(ISMS_EINVALID, "'%s' is not a valid tag name", name);
		goto cleanup;
	}
	if (git_reference_lookup(&ref, repo->git, refname) == 0) {
		error = isms_error_set(ISMS_EEXISTS, "tag %s already exists", name);
		goto cleanup;
	}
	if ((error = git_revparse_single(&obj, repo->git, target)) < 0) {
		error = isms_error_set(ISMS_ENOTFOUND, "tag %s: no commit %s", name, target);
		goto cleanup;
	}
	if (git_object_type(obj) != GIT_OBJECT_COMMIT) {
		error = isms_error_set(ISMS_EINVALID, "tag %s: %s is not a commit", name, target);
		goto cleanup;
	}
	if ((error = make_signature(&tagger, repo, "COMMITTER", opts->tagger)) < 0 ||
	    (error = signing_setup(&signing, &sign, repo, "tag.gpgsign", opts->sign)) < 0)
		goto cleanup;

	/* The tag object as git writes it; the message ends with a newline. */
	git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
	isms_buf_printf(&buf, "object %s\ntype commit\ntag %s\n", hex, name);
	put_signature(&buf, "tagger", tagger);
	isms_buf_putc(&buf, '\n');
	if (git_message_prettify(&pretty, opts->message && *opts->message ? opts->message : name,
				 0, '#') == 0)
		isms_buf_puts(&buf, pretty.ptr);
	if (!isms_buf_cstr(&buf)[0] || isms_buf_cstr(&buf)[strlen(isms_buf_cstr(&buf)) - 1] != '\n')
		isms_buf_putc(&buf, '\n');
	if (sign) {
		/* As git: the signature follows the message. */
		if ((error = sign_buffer(&sig, repo, &signing, isms_buf_cstr(&buf),
					 strlen(isms_buf_cstr(&buf)), tagger)) < 0) {
			isms_error_prefix("tag %s was not made", name);
			goto cleanup;
		}
		isms_buf_puts(&buf, isms_buf_cstr(&sig));
	}
	if ((error = git_repository_odb(&odb, repo->git)) < 0 ||
	    (error = git_odb_write(&tag_id, odb, isms_buf_cstr(&buf), strlen(isms_buf_cstr(&buf)),
				   GIT_OBJECT_TAG)) < 0) {
		error = git_fail(error, "writing the tag");
		goto cleanup;
	}
	error = git_reference_create(&ref, repo->git, refname, &tag_id, 0, NULL);
	if (error == GIT_EEXISTS)
		error = isms_error_set(ISMS_EEXISTS, "tag %s already exists", name);
	else if (error < 0)
		error = git_fail(error, refname);
cleanup:
	git_buf_dispose(&pretty);
	isms_buf_free(&buf);
	isms_buf_free(&sig);
	signing_free(&signing);
	git_odb_free(odb);
	git_reference_free(ref);
	git_signature_free(tagger);
	git_object_free(obj);
	free(refname);
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

int isms_repo_summary(char **out, struct isms_repo *repo, const char *id)
{
	git_oid oid;
	git_commit *commit;
	int error;

	*out = NULL;
	if ((error = git_oid_fromstr(&oid, id)) < 0 ||
	    (error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
		return git_fail(error, id);
	*out = isms_strdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
	git_commit_free(commit);
	return 0;
}

/* Reading history */

static int resolve_tree(git_tree **out, struct isms_repo *repo, const char *rev)
{
	git_object *obj = NULL;
	int error = git_revparse_single(&obj, repo->git, rev);

	*out = NULL;
	if (error == 0) {
		error = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
		git_object_free(obj);
	}
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || error == GIT_EAMBIGUOUS)
		return isms_error_set(ISMS_ENOTFOUND, "revision '%s' not found", rev);
	return error < 0 ? git_fail(error, rev) : 0;
}

static int add_tree_path(const char *root, const git_tree_entry *entry, void *payload)
{
	struct isms_status *out = payload;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
	out->items[out->count].path = isms_asprintf("%s%s", root, git_tree_entry_name(entry));
	out->items[out->count++].code = ' ';
	return 0;
}

int isms_repo_files(struct isms_status *out, struct isms_repo *repo, const char *rev)
{
	git_tree *tree;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = resolve_tree(&tree, repo, rev)) < 0)
		return error;
	error = git_tree_walk(tree, GIT_TREEWALK_PRE, add_tree_path, out);
	git_tree_free(tree);
	if (error < 0) {
		isms_status_free(out);
		return git_fail(error, rev);
	}
	return 0;
}

char **isms_message_trailers(const char *msg, const char *key, size_t *count)
{
	git_message_trailer_array arr = { 0 };
	char **values = NULL;
	size_t cap = 0;

	*count = 0;
	if (!msg || git_message_trailers(&arr, msg) < 0)
		return NULL;
	for (size_t i = 0; i < arr.count; i++)
		if (strcasecmp(arr.trailers[i].key, key) == 0) {
			values = isms_grow(values, &cap, *count + 1, sizeof(*values));
			values[(*count)++] = isms_strdup(arr.trailers[i].value);
		}
	git_message_trailer_array_free(&arr);
	return values;
}

int isms_repo_read(struct isms_buf *out, struct isms_repo *repo, const char *rev, const char *path)
{
	git_tree *tree;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int error;

	isms_buf_clear(out);
	if ((error = resolve_tree(&tree, repo, rev)) < 0)
		return error;
	if (git_tree_entry_bypath(&entry, tree, path) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		error = isms_error_set(ISMS_ENOTFOUND, "%s does not exist at %s", path, rev);
		goto cleanup;
	}
	if ((error = git_blob_lookup(&blob, repo->git, git_tree_entry_id(entry))) < 0) {
		error = git_fail(error, path);
		goto cleanup;
	}
	isms_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
cleanup:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return error;
}

/* The blob id of `path` in `commit`'s tree; zero when absent. */
static void path_id(git_oid *out, const git_commit *commit, const char *path)
{
	git_tree *tree;
	git_tree_entry *entry;

	memset(out, 0, sizeof(*out));
	if (git_commit_tree(&tree, commit) < 0)
		return;
	if (git_tree_entry_bypath(&entry, tree, path) == 0) {
		git_oid_cpy(out, git_tree_entry_id(entry));
		git_tree_entry_free(entry);
	}
	git_tree_free(tree);
}

/* Did `commit` change `path`? Like git log -- path: a merge that kept the
 * path as one of its parents had it did not. */
static bool changes_path(const git_commit *commit, const char *path)
{
	git_oid mine, theirs;
	unsigned parents = git_commit_parentcount(commit);

	path_id(&mine, commit, path);
	if (parents == 0)
		return !git_oid_is_zero(&mine);
	for (unsigned i = 0; i < parents; i++) {
		git_commit *parent;

		if (git_commit_parent(&parent, commit, i) < 0)
			continue;
		path_id(&theirs, parent, path);
		git_commit_free(parent);
		if (git_oid_equal(&mine, &theirs))
			return false;
	}
	return true;
}

int isms_repo_walk(struct isms_log *out, struct isms_repo *repo, const git_oid *from,
		   const git_oid *hide, const char *path, size_t max)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int error;

	memset(out, 0, sizeof(*out));
	/* libgit2 1.5 gives a plain error, not GIT_ENOTFOUND, for an unborn HEAD. */
	if (!from && git_repository_head_unborn(repo->git) == 1)
		return 0;
	if ((error = git_revwalk_new(&walk, repo->git)) < 0)
		return git_fail(error, "history");
	/* Children before parents, then newest first: commits made in the same
	 * second keep their order. */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if ((error = from ? git_revwalk_push(walk, from) : git_revwalk_push_head(walk)) < 0 ||
	    (hide && (error = git_revwalk_hide(walk, hide)) < 0)) {
		git_revwalk_free(walk);
		return git_fail(error, "history");
	}
	while ((max == 0 || out->count < max) && (error = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *commit;
		const git_signature *a;
		struct isms_log_entry *e;

		if ((error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
			break;
		if (path && !changes_path(commit, path)) {
			git_commit_free(commit);
			continue;
		}
		a = git_commit_author(commit);
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		e = &out->items[out->count++];
		git_oid_tostr(e->id, sizeof(e->id), &oid);
		e->author = isms_strdup(a->name);
		e->email = isms_strdup(a->email);
		e->time = (long long)a->when.time;
		e->offset = a->when.offset;
		e->summary = isms_strdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
		git_commit_free(commit);
	}
	git_revwalk_free(walk);
	if (error < 0 && error != GIT_ITEROVER)
		return git_fail(error, "history");
	return 0;
}

int isms_repo_log(struct isms_log *out, struct isms_repo *repo, const char *path, size_t max)
{
	return isms_repo_walk(out, repo, NULL, NULL, path, max);
}

void isms_log_free(struct isms_log *log)
{
	for (size_t i = 0; i < log->count; i++) {
		free(log->items[i].author);
		free(log->items[i].email);
		free(log->items[i].summary);
	}
	free(log->items);
	memset(log, 0, sizeof(*log));
}

static int print_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
		      const git_diff_line *line, void *payload)
{
	(void)delta;
	(void)hunk;
	if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
	    line->origin == GIT_DIFF_LINE_DELETION)
		isms_buf_putc(payload, line->origin);
	isms_buf_put(payload, line->content, line->content_len);
	return 0;
}

int isms_repo_diff(struct isms_buf *out, struct isms_repo *repo, const char *path,
		   const char *from, const char *to)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	char *spec[1] = { (char *)path };
	int error;

	isms_buf_clear(out);
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_SHOW_UNTRACKED_CONTENT |
		     GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	if (path) {
		opts.pathspec.strings = spec;
		opts.pathspec.count = 1;
	}
	if ((error = resolve_tree(&a, repo, from ? from : "HEAD")) < 0)
		goto cleanup;
	if (to && (error = resolve_tree(&b, repo, to)) < 0)
		goto cleanup;
	error = to ? git_diff_tree_to_tree(&diff, repo->git, a, b, &opts)
		   : git_diff_tree_to_workdir(&diff, repo->git, a, &opts);
	if (error == 0)
		error = git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, out);
	if (error < 0)
		error = git_fail(error, "diff");
cleanup:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return error;
}

static char status_code(unsigned s)
{
	if (s & (GIT_STATUS_WT_NEW))
		return '?';
	if (s & (GIT_STATUS_INDEX_NEW))
		return 'A';
	if (s & (GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_DELETED))
		return 'D';
	if (s & (GIT_STATUS_INDEX_RENAMED | GIT_STATUS_WT_RENAMED))
		return 'R';
	return 'M';
}

int isms_repo_status(struct isms_status *out, struct isms_repo *repo)
{
	git_status_options opts = GIT_STATUS_OPTIONS_INIT;
	git_status_list *list;
	int error;

	memset(out, 0, sizeof(*out));
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		     GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	if ((error = git_status_list_new(&list, repo->git, &opts)) < 0)
		return git_fail(error, "status");
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;

		if (e->status == GIT_STATUS_CURRENT || e->status & GIT_STATUS_IGNORED || !d)
			continue;
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count].path = isms_strdup(d->new_file.path ? d->new_file.path
									   : d->old_file.path);
		out->items[out->count++].code = status_code(e->status);
	}
	git_status_list_free(list);
	return 0;
}

void isms_status_free(struct isms_status *status)
{
	for (size_t i = 0; i < status->count; i++)
		free(status->items[i].path);
	free(status->items);
	memset(status, 0, sizeof(*status));
}

void isms_repo_hash(char out[ISMS_OID_HEX], const void *data, size_t len)
{
	git_oid oid;

	global_init();
	git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
	git_oid_tostr(out, ISMS_OID_HEX, &oid);
}

/* "What changed since": resolving a revision, commits in a range */

int isms_repo_resolve(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	int error = git_revparse_single(&obj, repo->git, rev);

	out[0] = '\0';
	if (error == 0) {
		error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
	}
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || error == GIT_EAMBIGUOUS ||
	    error == GIT_EPEEL)
		return isms_error_set(ISMS_ENOTFOUND, "revision '%s' not found", rev);
	if (error < 0)
		return git_fail(error, rev);
	git_oid_tostr(out, ISMS_OID_HEX, git_object_id(commit));
	git_object_free(commit);
	return 0;
}

int isms_repo_message(char **out, struct isms_repo *repo, const char *id)
{
	git_oid oid;
	git_commit *commit;
	int error;

	*out = NULL;
	if ((error = git_oid_fromstr(&oid, id)) < 0 ||
	    (error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
		return git_fail(error, id);
	*out = isms_strdup(git_commit_message(commit) ? git_commit_message(commit) : "");
	git_commit_free(commit);
	return 0;
}

int isms_repo_log_since(struct isms_log *out, struct isms_repo *repo, const char *since)
{
	git_oid hide;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = git_oid_fromstr(&hide, since)) < 0)
		return git_fail(error, since);
	return isms_repo_walk(out, repo, NULL, &hide, NULL, 0);
}
