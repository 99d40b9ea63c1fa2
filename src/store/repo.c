#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/fs.h"
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

/* A temporary file under $TMPDIR (or /tmp); *path (if not NULL) gets its
 * name (the caller unlinks and frees), otherwise it is unlinked at once. */
static int temp_file(char **path, const char *what)
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

static int write_all(int fd, const void *data, size_t len)
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

static void read_all(struct isms_buf *out, int fd)
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

/* Run argv[0] (looked up in PATH, no shell) in `cwd` with fds[0..2] as its
 * standard input, output and error; a negative one is inherited from us.
 * It does not see the variables that would point git elsewhere (GIT_DIR,
 * GIT_INDEX_FILE...): we work on the repository we opened.
 * The exit status (127 when it could not be started), or ISMS_ERROR with
 * the message set. */
static int spawn_wait(const char *const *argv, const char *cwd, const int fds[3])
{
	/* What points git at another repository than ours, or at parts of
	 * one (git rev-parse --local-env-vars lists them). */
	static const char *const elsewhere[] = {
		"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
		"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
		"GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_SHALLOW_FILE", "GIT_PREFIX",
		"GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS", "GIT_INTERNAL_SUPER_PREFIX",
	};
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* The program gets Ctrl-C and Ctrl-\ even while the full-screen
		 * view ignores them (a passphrase prompt can be left). */
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		for (size_t i = 0; i < sizeof(elsewhere) / sizeof(*elsewhere); i++)
			unsetenv(elsewhere[i]);
		for (int i = 0; i < 3; i++)
			if (fds[i] >= 0 && dup2(fds[i], i) < 0)
				_exit(127);
		if (cwd && chdir(cwd) < 0) {
			dprintf(2, "cannot enter %s: %s\n", cwd, strerror(errno));
			_exit(127);
		}
		execvp(argv[0], (char *const *)argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		return isms_error_set(ISMS_ERROR, "cannot start %s: %s", argv[0], strerror(errno));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return isms_error_set(ISMS_ERROR, "waiting for %s: %s", argv[0], strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* As spawn_wait with `in` as standard input; the output goes to `out` and
 * the errors to `err` (either may be NULL). Temporary files rather than
 * pipes: nothing can block or raise SIGPIPE. */
static int run_program(const char *const *argv, const char *cwd, const void *in, size_t inlen,
		       struct isms_buf *out, struct isms_buf *err)
{
	int fds[3] = { -1, -1, -1 }, result = ISMS_ERROR;

	for (int i = 0; i < 3; i++)
		if ((fds[i] = temp_file(NULL, "run")) < 0)
			goto cleanup;
	if (inlen && write_all(fds[0], in, inlen) < 0) {
		isms_error_set(ISMS_ERROR, "cannot write a temporary file: %s", strerror(errno));
		goto cleanup;
	}
	lseek(fds[0], 0, SEEK_SET);
	if ((result = spawn_wait(argv, cwd, fds)) < 0)
		goto cleanup;
	read_all(out, fds[1]);
	read_all(err, fds[2]);
cleanup:
	for (int i = 0; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return result;
}

int isms_repo_run_attached(struct isms_repo *repo, const char *const *argv)
{
	static const int inherit[3] = { -1, -1, -1 };

	return spawn_wait(argv, repo->workdir, inherit);
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

		if ((fd = temp_file(&key_file, "signing-key")) < 0) {
			error = ISMS_ERROR;
			goto cleanup;
		}
		error = write_all(fd, text, strlen(text));
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
	if ((fd = temp_file(&buffer_file, "signing-buffer")) < 0) {
		error = ISMS_ERROR;
		goto cleanup;
	}
	error = write_all(fd, data, len);
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
		read_all(sig, fd);
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

/* Committing
 *
 * A commit is one transaction, made the way git makes one and holding the
 * same locks: git's index.lock from the start (so that a `git commit`
 * running alongside waits or fails instead of building its tree from an
 * index that is about to change), every prerequisite checked before the
 * caller writes a byte (HEAD on a branch, identities, signing, no lock on
 * the branch, an index that can be read), then the commit and tag objects,
 * the new index, and the references moved under their locks with a
 * compare-and-swap on the branch. */

/* How long a reference lock held by another process (git gc packing refs,
 * a git commit moving the branch) is waited for, in milliseconds; git's
 * core.filesRefLockTimeout is 100 by default. */
#define REF_LOCK_WAIT_MS 1000

struct isms_repo_txn {
	struct isms_repo *repo;
	struct isms_commit_opts opts;
	char *branch;        /* "refs/heads/main" */
	git_oid tip;         /* the branch's commit when the transaction began */
	bool born;           /* whether the branch has a commit */
	char *index_path;    /* .git/index */
	char *lock_path;     /* .git/index.lock: ours while the transaction lasts */
	char *next_path;     /* .git/isms/index.next: the index being built */
	struct isms_buf index_was;  /* the index's bytes when the lock was taken */
	bool index_existed;
	git_index *index;    /* the index as it will be, bound to next_path */
	bool locked;
	bool tag_failed;     /* a tag object could not be made (signing) */
};

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

/* HEAD on a branch, and the branch's tip (*born false when it has no
 * commit yet, which is refused while other branches have commits: HEAD
 * pointing at a missing branch would otherwise start a new history holding
 * only the committed paths). */
static int prepare(struct isms_repo *repo, char **branch, git_oid *tip, bool *born)
{
	int error;

	*branch = NULL;
	*born = false;
	memset(tip, 0, sizeof(*tip));
	if ((error = head_branch(branch, repo)) < 0)
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

static int locked_by_other(const char *lock, const char *what)
{
	return isms_error_set(ISMS_ELOCKED,
		"%s exists: %s is locked by another process; wait for it to finish, or if no git "
		"command is running, remove that stale lock file", lock, what);
}

/* A reference's lock file left by someone else. */
static int ref_unlocked(struct isms_repo *repo, const char *refname)
{
	char *name = isms_asprintf("%s.lock", refname);
	char *lock = isms_path_join(git_repository_path(repo->git), name);
	int error = isms_fs_exists(lock) ? locked_by_other(lock, refname) : 0;

	free(lock);
	free(name);
	return error;
}

/* Take git's index lock as git does (create index.lock, failing if it
 * exists) and read the index as it is under it. */
static int lock_index(struct isms_repo_txn *txn)
{
	int fd, error;

	if (isms_fault("index.lock"))
		return isms_error_set(ISMS_EIO, "%s: cannot create: injected fault", txn->lock_path);
	fd = open(txn->lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST)
		return locked_by_other(txn->lock_path, "the repository");
	if (fd < 0)
		return isms_error_set(ISMS_EIO, "%s: cannot create: %s", txn->lock_path,
				      strerror(errno));
	close(fd);
	txn->locked = true;
	error = isms_fs_read(&txn->index_was, txn->index_path, SIZE_MAX / 2);
	txn->index_existed = error == 0;
	if (error == ISMS_ENOTFOUND)
		error = 0;
	if (error == 0 && txn->index_existed)
		error = isms_fs_write_atomic(txn->next_path, txn->index_was.ptr, txn->index_was.len,
					     0600, ISMS_FS_REPLACE);
	else if (error == 0)
		unlink(txn->next_path);
	if (error == 0 && (error = git_index_open(&txn->index, txn->next_path)) < 0)
		error = isms_error_set(ISMS_EINVALID,
			"git's index %s cannot be read (%s); nothing was written: repair it "
			"with 'git reset' or remove it", txn->index_path,
			git_error_last() ? git_error_last()->message : "unknown error");
	return error;
}

int isms_repo_txn_begin(struct isms_repo_txn **out, struct isms_repo *repo,
			const struct isms_commit_opts *opts)
{
	static const struct isms_commit_opts defaults = ISMS_COMMIT_OPTS_INIT;
	struct isms_repo_txn *txn = isms_calloc(1, sizeof(*txn));
	const char *gitdir = git_repository_path(repo->git);
	git_signature *author = NULL, *committer = NULL;
	struct signing signing = { 0 };
	char *dir = isms_path_join(gitdir, "isms"), have[ISMS_OID_HEX];
	bool sign;
	int error;

	*out = NULL;
	txn->repo = repo;
	txn->opts = opts ? *opts : defaults;
	txn->index_path = isms_path_join(gitdir, "index");
	txn->lock_path = isms_path_join(gitdir, "index.lock");
	txn->next_path = isms_path_join(dir, "index.next");
	if ((error = prepare(repo, &txn->branch, &txn->tip, &txn->born)) < 0)
		goto cleanup;
	git_oid_tostr(have, sizeof(have), &txn->tip);
	if (txn->opts.parent && strcmp(txn->opts.parent, txn->born ? have : "") != 0) {
		error = isms_error_set(ISMS_ECONFLICT,
			"%s moved from %.12s to %.12s: another process committed; nothing was "
			"overwritten, reload and try again", txn->branch,
			txn->opts.parent[0] ? txn->opts.parent : "(none)", txn->born ? have : "(none)");
		goto cleanup;
	}
	if ((error = make_signature(&author, repo, "AUTHOR", txn->opts.author)) < 0 ||
	    (error = make_signature(&committer, repo, "COMMITTER", txn->opts.committer)) < 0 ||
	    (error = signing_setup(&signing, &sign, repo, "commit.gpgsign", txn->opts.sign)) < 0 ||
	    (error = ref_unlocked(repo, txn->branch)) < 0 ||
	    (error = isms_fs_mkdirs(dir, 0700)) < 0 ||
	    (error = lock_index(txn)) < 0)
		goto cleanup;
	*out = txn;
	txn = NULL;
cleanup:
	signing_free(&signing);
	git_signature_free(author);
	git_signature_free(committer);
	isms_repo_txn_free(txn);
	free(dir);
	return error;
}

void isms_repo_txn_free(struct isms_repo_txn *txn)
{
	if (!txn)
		return;
	git_index_free(txn->index);
	unlink(txn->next_path);
	if (txn->locked)
		unlink(txn->lock_path);
	isms_buf_free(&txn->index_was);
	free(txn->branch);
	free(txn->index_path);
	free(txn->lock_path);
	free(txn->next_path);
	free(txn);
}

void isms_repo_txn_message(struct isms_repo_txn *txn, const char *message,
			   const char *const *trailers, size_t trailer_count)
{
	txn->opts.message = message;
	txn->opts.trailers = trailers;
	txn->opts.trailer_count = trailer_count;
}

/* The tree update and the index entry of one file. */
static int stage_file(git_tree_update *update, git_oid *blob, struct isms_repo_txn *txn,
		      const git_tree *base, const struct isms_commit_file *file, bool *changed)
{
	git_repository *git = txn->repo->git;
	char *full = isms_path_join(txn->repo->workdir, file->path);
	struct stat st;
	git_tree_entry *entry = NULL;
	unsigned mode = GIT_FILEMODE_BLOB;
	int error = 0;

	*changed = false;
	if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR))
		mode = GIT_FILEMODE_BLOB_EXECUTABLE;
	free(full);
	if (!file->present) {
		if (base && git_tree_entry_bypath(&entry, base, file->path) == 0) {
			*update = (git_tree_update){ .action = GIT_TREE_UPDATE_REMOVE,
						     .filemode = GIT_FILEMODE_BLOB, .path = file->path };
			*changed = true;
			git_tree_entry_free(entry);
		}
		error = git_index_remove_bypath(txn->index, file->path);
		return error < 0 ? git_fail(error, "git's index") : 0;
	}
	if ((error = git_blob_create_from_buffer(blob, git, file->data ? file->data : "",
						 file->len)) < 0)
		return git_fail(error, file->path);
	*update = (git_tree_update){ .action = GIT_TREE_UPDATE_UPSERT, .id = *blob,
				     .filemode = mode, .path = file->path };
	*changed = true;
	git_index_entry ie = { .mode = mode, .path = file->path, .file_size = (uint32_t)file->len };

	git_oid_cpy(&ie.id, blob);
	if ((error = git_index_add(txn->index, &ie)) < 0)
		return git_fail(error, "git's index");
	return 0;
}

/* The tree of the commit: the branch's tree with `files` applied. */
static int build_tree(git_oid *out, bool *same, struct isms_repo_txn *txn,
		      const struct isms_commit_file *files, size_t count)
{
	git_tree_update *updates = isms_calloc(count ? count : 1, sizeof(*updates));
	git_oid *blobs = isms_calloc(count ? count : 1, sizeof(*blobs));
	git_commit *parent = NULL;
	git_tree *base = NULL;
	size_t n = 0;
	int error = 0;

	*same = false;
	if (txn->born && ((error = git_commit_lookup(&parent, txn->repo->git, &txn->tip)) < 0 ||
			  (error = git_commit_tree(&base, parent)) < 0)) {
		error = git_fail(error, "HEAD");
		goto cleanup;
	}
	for (size_t i = 0; i < count; i++) {
		bool changed;

		if ((error = isms_path_check(files[i].path)) < 0 ||
		    (error = stage_file(&updates[n], &blobs[n], txn, base, &files[i], &changed)) < 0)
			goto cleanup;
		n += changed;
	}
	if (base) {
		error = git_tree_create_updated(out, txn->repo->git, base, n, updates);
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
				error = git_index_write_tree_to(out, fresh, txn->repo->git);
			git_index_free(fresh);
		}
	}
	if (error < 0)
		error = git_fail(error, "building the commit");
	else if (base)
		*same = git_oid_equal(out, git_tree_id(base));
cleanup:
	git_tree_free(base);
	git_commit_free(parent);
	free(updates);
	free(blobs);
	return error;
}

/* Lock `refname` for `tx`, waiting a little for a lock another process
 * holds for a moment (git gc packing refs, a git commit). */
static int lock_ref(git_transaction *tx, const char *refname)
{
	int error;

	for (int waited = 0;; waited += 20) {
		error = isms_fault("ref.lock") ? GIT_ELOCKED : git_transaction_lock_ref(tx, refname);
		if (error != GIT_ELOCKED || waited >= REF_LOCK_WAIT_MS)
			break;
		usleep(20 * 1000);
	}
	if (error == GIT_ELOCKED)
		return isms_error_set(ISMS_ELOCKED,
			"%s is locked by another process (%s.lock exists); nothing was committed: "
			"wait for it to finish, or if no git command is running, remove that stale "
			"lock file", refname, refname);
	return error < 0 ? git_fail(error, refname) : 0;
}

/* Lock the branch and every tag reference, then check, under the locks,
 * that the branch still points where it did (compare and swap) and that no
 * tag exists yet. */
static int lock_refs(git_transaction **branch_tx, git_transaction **tags_tx,
		     struct isms_repo_txn *txn, const struct isms_commit_tag *tags,
		     size_t tag_count)
{
	git_repository *git = txn->repo->git;
	git_oid now;
	int error, found;

	if ((error = git_transaction_new(branch_tx, git)) < 0 ||
	    (error = git_transaction_new(tags_tx, git)) < 0)
		return git_fail(error, "references");
	if ((error = lock_ref(*branch_tx, txn->branch)) < 0)
		return error;
	for (size_t i = 0; i < tag_count; i++) {
		char *ref = isms_asprintf("refs/tags/%s", tags[i].name);

		error = lock_ref(*tags_tx, ref);
		if (error == 0 && git_reference_name_to_id(&now, git, ref) == 0)
			error = isms_error_set(ISMS_EEXISTS, "tag %s already exists; nothing was "
					       "committed", tags[i].name);
		free(ref);
		if (error < 0)
			return error;
	}
	found = git_reference_name_to_id(&now, git, txn->branch);
	if (found != 0 && found != GIT_ENOTFOUND)
		return git_fail(found, txn->branch);
	if ((found == 0) != txn->born || (txn->born && !git_oid_equal(&now, &txn->tip))) {
		char was[ISMS_OID_HEX], is[ISMS_OID_HEX];

		git_oid_tostr(was, sizeof(was), &txn->tip);
		git_oid_tostr(is, sizeof(is), &now);
		return isms_error_set(ISMS_ECONFLICT,
			"%s moved from %.12s to %.12s while this change was being committed: "
			"another process committed; nothing was overwritten, reload and try again",
			txn->branch, txn->born ? was : "(none)", found == 0 ? is : "(none)");
	}
	return 0;
}

/* Replace git's index with the one built, while holding its lock. */
static int install_index(struct isms_repo_txn *txn)
{
	int error;

	if (isms_fault("index.write") || (error = git_index_write(txn->index)) < 0)
		return isms_error_set(ISMS_EIO, "git's index could not be written: %s",
			git_error_last() ? git_error_last()->message : "injected fault");
	if (isms_fault("index.rename") || rename(txn->next_path, txn->index_path) < 0)
		return isms_error_set(ISMS_EIO, "%s could not be replaced: %s", txn->index_path,
				      errno ? strerror(errno) : "injected fault");
	return isms_fs_sync_dir(txn->index_path);
}

/* Put git's index back as it was when the lock was taken. */
static int restore_index(struct isms_repo_txn *txn)
{
	if (!txn->index_existed)
		return unlink(txn->index_path) < 0 && errno != ENOENT ? ISMS_EIO : 0;
	return isms_fs_write_atomic(txn->index_path, txn->index_was.ptr, txn->index_was.len,
				    0666 & ~isms_fs_umask(), ISMS_FS_REPLACE);
}

/* The annotated tag object `tag` on `target`, signed as configured. */
static int tag_object(git_oid *out, struct isms_repo *repo, const char *name,
		      const git_oid *target, const struct isms_tag_opts *opts);

int isms_repo_txn_commit(char out[ISMS_OID_HEX], struct isms_repo_txn *txn,
			 const struct isms_commit_file *files, size_t count,
			 const struct isms_commit_tag *tags, size_t tag_count)
{
	git_oid tree_id, commit_id, *tag_ids = isms_calloc(tag_count ? tag_count : 1,
							   sizeof(*tag_ids));
	git_transaction *branch_tx = NULL, *tags_tx = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_signature *committer = NULL;
	char *message = NULL, *reflog = NULL;
	bool same;
	int error;

	out[0] = '\0';
	if ((error = build_tree(&tree_id, &same, txn, files, count)) < 0)
		goto cleanup;
	if (same && !txn->opts.allow_empty && !tag_count)
		goto cleanup;  /* nothing changed: no commit */
	if ((error = git_tree_lookup(&tree, txn->repo->git, &tree_id)) < 0 ||
	    (txn->born && (error = git_commit_lookup(&parent, txn->repo->git, &txn->tip)) < 0)) {
		error = git_fail(error, "building the commit");
		goto cleanup;
	}
	if (isms_fault("commit")) {
		error = isms_error_set(ISMS_EIO, "creating the commit: injected fault");
		goto cleanup;
	}
	if ((error = isms_repo_make_commit(&commit_id, txn->repo, tree,
					   (const git_commit **)&parent, txn->born ? 1 : 0,
					   &txn->opts)) < 0)
		goto cleanup;
	for (size_t i = 0; i < tag_count; i++)
		if ((error = tag_object(&tag_ids[i], txn->repo, tags[i].name, &commit_id,
					&tags[i].opts)) < 0) {
			txn->tag_failed = true;
			goto cleanup;
		}
	if ((error = make_signature(&committer, txn->repo, "COMMITTER", txn->opts.committer)) < 0 ||
	    (error = lock_refs(&branch_tx, &tags_tx, txn, tags, tag_count)) < 0)
		goto cleanup;
	message = full_message(&txn->opts);
	reflog = isms_asprintf("commit%s: %.*s", txn->born ? "" : " (initial)",
			       (int)strcspn(message, "\n"), message);
	if ((error = git_transaction_set_target(branch_tx, txn->branch, &commit_id, committer,
						reflog)) < 0) {
		error = git_fail(error, txn->branch);
		goto cleanup;
	}
	for (size_t i = 0; i < tag_count; i++) {
		char *ref = isms_asprintf("refs/tags/%s", tags[i].name);

		error = git_transaction_set_target(tags_tx, ref, &tag_ids[i], committer, NULL);
		free(ref);
		if (error < 0) {
			error = git_fail(error, tags[i].name);
			goto cleanup;
		}
	}
	/* The index first, while the branch is locked: a crash between the two
	 * leaves the change staged, never an index that would revert it. */
	if ((error = install_index(txn)) < 0) {
		if (restore_index(txn) < 0)
			isms_error_prefix("nothing was committed, and git's index could not be put "
					  "back ('git reset -q' repairs it)");
		goto cleanup;
	}
	if (isms_fault("ref.write") || (error = git_transaction_commit(branch_tx)) < 0) {
		error = error < 0 ? git_fail(error, txn->branch)
				  : isms_error_set(ISMS_EIO, "%s: injected fault", txn->branch);
		if (restore_index(txn) < 0)
			isms_error_prefix("nothing was committed, and git's index could not be put "
					  "back ('git reset -q' repairs it)");
		goto cleanup;
	}
	git_oid_tostr(out, ISMS_OID_HEX, &commit_id);
	if (tag_count && (error = git_transaction_commit(tags_tx)) < 0) {
		error = git_fail(error, "tags");
		isms_error_prefix("commit %.12s was made, but its tag could not be written", out);
	}
cleanup:
	git_transaction_free(branch_tx);
	git_transaction_free(tags_tx);
	git_signature_free(committer);
	git_tree_free(tree);
	git_commit_free(parent);
	free(tag_ids);
	free(message);
	free(reflog);
	return error;
}

bool isms_repo_txn_tag_failed(const struct isms_repo_txn *txn)
{
	return txn->tag_failed;
}

int isms_repo_ready(struct isms_repo *repo, const struct isms_commit_opts *opts)
{
	struct isms_repo_txn *txn;
	int error = isms_repo_txn_begin(&txn, repo, opts);

	isms_repo_txn_free(txn);
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


int isms_repo_commit_files(char out[ISMS_OID_HEX], struct isms_repo *repo,
			   const struct isms_commit_file *files, size_t count,
			   const struct isms_commit_opts *opts)
{
	struct isms_repo_txn *txn;
	int error;

	out[0] = '\0';
	if ((error = isms_repo_txn_begin(&txn, repo, opts)) == 0)
		error = isms_repo_txn_commit(out, txn, files, count, NULL, 0);
	isms_repo_txn_free(txn);
	return error;
}

int isms_repo_commit(char out[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *const *paths, size_t count, const struct isms_commit_opts *opts)
{
	struct isms_commit_file *files = isms_calloc(count ? count : 1, sizeof(*files));
	struct isms_buf *data = isms_calloc(count ? count : 1, sizeof(*data));
	int error = 0;

	out[0] = '\0';
	for (size_t i = 0; i < count && error == 0; i++) {
		char *full;

		if ((error = isms_path_check(paths[i])) < 0)
			break;
		full = isms_path_join(repo->workdir, paths[i]);
		files[i].path = paths[i];
		error = isms_fs_read(&data[i], full, ISMS_COMMIT_FILE_MAX);
		if (error == ISMS_ENOTFOUND) {
			error = 0;
		} else if (error == ISMS_EUNSAFE) {
			error = isms_error_set(ISMS_EUNSAFE,
				"%s is not a regular file; refusing to commit it", full);
		} else if (error == 0) {
			files[i].data = data[i].ptr;
			files[i].len = data[i].len;
			files[i].present = 1;
		}
		free(full);
	}
	if (error == 0)
		error = isms_repo_commit_files(out, repo, files, count, opts);
	for (size_t i = 0; i < count; i++)
		isms_buf_free(&data[i]);
	free(data);
	free(files);
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

static int tag_object(git_oid *out, struct isms_repo *repo, const char *name,
		      const git_oid *target, const struct isms_tag_opts *opts)
{
	git_signature *tagger = NULL;
	git_odb *odb = NULL;
	git_buf pretty = { 0 };
	struct isms_buf buf = ISMS_BUF_INIT, sig = ISMS_BUF_INIT;
	struct signing signing = { 0 };
	char hex[ISMS_OID_HEX];
	bool sign = false;
	int error;

	if ((error = make_signature(&tagger, repo, "COMMITTER", opts->tagger)) < 0 ||
	    (error = signing_setup(&signing, &sign, repo, "tag.gpgsign", opts->sign)) < 0)
		goto cleanup;

	/* The tag object as git writes it; the message ends with a newline. */
	git_oid_tostr(hex, sizeof(hex), target);
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
	    (error = git_odb_write(out, odb, isms_buf_cstr(&buf), strlen(isms_buf_cstr(&buf)),
				   GIT_OBJECT_TAG)) < 0)
		error = git_fail(error, "writing the tag");
cleanup:
	git_buf_dispose(&pretty);
	isms_buf_free(&buf);
	isms_buf_free(&sig);
	signing_free(&signing);
	git_odb_free(odb);
	git_signature_free(tagger);
	return error;
}

int isms_repo_tag_check(struct isms_repo *repo, const char *name)
{
	git_reference *ref = NULL;
	char *refname = isms_asprintf("refs/tags/%s", name);
	int valid = 0, error = 0;

	if (!*name || git_reference_name_is_valid(&valid, refname) < 0 || !valid)
		error = isms_error_set(ISMS_EINVALID, "'%s' is not a valid tag name", name);
	else if (git_reference_lookup(&ref, repo->git, refname) == 0)
		error = isms_error_set(ISMS_EEXISTS, "tag %s already exists", name);
	else
		error = ref_unlocked(repo, refname);
	git_reference_free(ref);
	free(refname);
	return error;
}

int isms_repo_tag(struct isms_repo *repo, const char *name, const char *target,
		  const struct isms_tag_opts *opts)
{
	static const struct isms_tag_opts defaults = ISMS_TAG_OPTS_INIT;
	git_object *obj = NULL;
	git_reference *ref = NULL;
	git_oid tag_id;
	char *refname = isms_asprintf("refs/tags/%s", name);
	int error;

	if (!opts)
		opts = &defaults;
	if ((error = isms_repo_tag_check(repo, name)) < 0)
		goto cleanup;
	if ((error = git_revparse_single(&obj, repo->git, target)) < 0) {
		error = isms_error_set(ISMS_ENOTFOUND, "tag %s: no commit %s", name, target);
		goto cleanup;
	}
	if (git_object_type(obj) != GIT_OBJECT_COMMIT) {
		error = isms_error_set(ISMS_EINVALID, "tag %s: %s is not a commit", name, target);
		goto cleanup;
	}
	if ((error = tag_object(&tag_id, repo, name, git_object_id(obj), opts)) < 0)
		goto cleanup;
	error = git_reference_create(&ref, repo->git, refname, &tag_id, 0, NULL);
	if (error == GIT_EEXISTS)
		error = isms_error_set(ISMS_EEXISTS, "tag %s already exists", name);
	else if (error < 0)
		error = git_fail(error, refname);
cleanup:
	git_reference_free(ref);
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
