/* The Git repository under an ISMS (libgit2).
 *
 * Commits are made from the parent's tree plus the paths named, never from
 * whatever else happens to be staged, and the branch is moved with a
 * compare-and-swap: if another process committed in between, the result is
 * ISMS_ECONFLICT and nothing is lost. Existing lock files give ISMS_ELOCKED;
 * a lock this program did not create is never removed. libgit2's fsync
 * option is on, so objects and refs reach the disk before they are used.
 *
 * Signing is done as git does it, since libgit2 does not sign: the commit or
 * tag buffer is given to the program git would run (gpg.format openpgp:
 * gpg.program or gpg, "--status-fd=2 -bsau KEY"; x509: gpgsm; ssh:
 * gpg.ssh.program or ssh-keygen, "-Y sign -n git -f KEY", where
 * user.signingkey is a key file, "~/..." or a literal "key::ssh-..." public
 * key held by ssh-agent), and the signature is stored with the object. When
 * signing is asked or configured and fails, nothing is written and the
 * error (ISMS_ERROR) carries the program's own message. Verification runs
 * the external `git verify-commit` / `git verify-tag`, so that the answer
 * is git's own (keyring, allowed signers, trust); without git it is -1. */
#ifndef ISMS_REPO_H
#define ISMS_REPO_H

#include <stddef.h>
#include "isms/buf.h"

#define ISMS_OID_HEX 41  /* 40 hex digits and a NUL */

struct isms_repo;

/* Who made a change, and when (seconds since the epoch, minutes east of UTC). */
struct isms_ident {
	const char *name;
	const char *email;
	long long time;
	int offset;
};

/* Find the repository containing `start` (or the current folder when NULL),
 * looking upwards as git does. ISMS_ENOTFOUND when there is none; a bare
 * repository is refused. */
int isms_repo_open(struct isms_repo **out, const char *start);

/* Open `dir` if it is the top of a repository, or create a repository there
 * (and the folder itself). */
int isms_repo_init(struct isms_repo **out, const char *dir);

void isms_repo_free(struct isms_repo *repo);

/* The working tree, ending with '/'. */
const char *isms_repo_workdir(const struct isms_repo *repo);

/* The repository's .git folder, ending with '/'. */
const char *isms_repo_gitdir(const struct isms_repo *repo);

/* The current branch's commit; ISMS_ENOTFOUND before the first commit. */
int isms_repo_head(char out[ISMS_OID_HEX], struct isms_repo *repo);

/* The current branch's short name ("main"), or "(detached)". Caller frees. */
char *isms_repo_branch(struct isms_repo *repo);

struct isms_commit_opts {
	const char *message;             /* summary line, then an optional body */
	const char *const *trailers;     /* "Key: value" lines appended at the end */
	size_t trailer_count;
	const char *parent;              /* expected parent (hex); "" expects no commit yet;
					    NULL takes the branch as it is now */
	const struct isms_ident *author;     /* NULL: from git's environment and configuration */
	const struct isms_ident *committer;  /* NULL: likewise */
	int sign;  /* -1: as commit.gpgsign says; 0; 1 */
	int allow_empty;  /* commit even when the paths are unchanged (a review) */
};

#define ISMS_COMMIT_OPTS_INIT { NULL, NULL, 0, NULL, NULL, NULL, -1, 0 }

/* Commit the working-tree state of `paths` (relative to the top): a file
 * that exists is added or updated, one that does not is removed. The index
 * entries of those paths are updated too; other staged changes are left
 * alone and are not committed. On success `out` holds the new commit, or is
 * "" when the paths were unchanged and no commit was needed. Author and
 * committer come, as for git, from GIT_AUTHOR_NAME/EMAIL/DATE and
 * GIT_COMMITTER_NAME/EMAIL/DATE, then author.* / committer.* and user.*
 * configuration, then EMAIL; without a name and an email the result is
 * ISMS_EIDENTITY. An error with `out` set means the commit was made but
 * git's index could not be brought in step. */
int isms_repo_commit(char out[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *const *paths, size_t count, const struct isms_commit_opts *opts);

/* Take back `commit`, just made by isms_repo_commit of `paths`: the branch
 * moves back to the commit's parent, only if it still points at `commit`
 * (compare and swap), and the index entries of `paths` become the
 * parent's again. The working tree is left alone: the caller puts the
 * files back. ISMS_ECONFLICT, and nothing changes, when the branch has
 * moved on (or HEAD left it); ISMS_EINVALID for a commit without exactly
 * one parent. 1 when the branch moved back but git's index could not be
 * written: the error message (isms_error_last) says so. */
int isms_repo_uncommit(struct isms_repo *repo, const char *commit,
		       const char *const *paths, size_t count);

/* A file of a commit made from bytes in memory. */
struct isms_commit_file {
	const char *path;     /* relative to the top */
	const void *data;     /* its new bytes (may be NULL when len is 0) */
	size_t len;
	int present;          /* 0: the path is removed */
};

/* As isms_repo_commit, but each path is committed with the bytes given
 * rather than read again from the working tree, so that what a caller
 * checked is exactly what is committed; git's index gets those bytes too
 * (a file changed since then shows as changed). */
int isms_repo_commit_files(char out[ISMS_OID_HEX], struct isms_repo *repo,
			   const struct isms_commit_file *files, size_t count,
			   const struct isms_commit_opts *opts);

struct isms_tag_opts {
	const char *message;                /* the tag's message */
	const struct isms_ident *tagger;    /* NULL: git's identity (as committer) */
	int sign;                           /* -1: as git config tag.gpgsign says; 0: no; 1: yes */
};
#define ISMS_TAG_OPTS_INIT { NULL, NULL, -1 }
/* Create the annotated tag `name` (e.g. "approved/POL-001/v1.0") on commit
 * `target` (hex), signed when asked or configured. ISMS_EEXISTS if it exists. */
int isms_repo_tag(struct isms_repo *repo, const char *name, const char *target,
		  const struct isms_tag_opts *opts);
/* Whether a commit (`tag` false) or an annotated tag (`tag` true) made
 * now as configured (sign -1) would be signed: git's commit.gpgsign or
 * tag.gpgsign. *sign gets the answer and, when signing, *program (if not
 * NULL) the program that would sign (the caller frees), read the way the
 * signing itself reads it. For a caller that must give the terminal to
 * that program (a passphrase prompt). 0, or a negative ISMS_E code when
 * the configuration cannot be read or names no usable signing. */
int isms_repo_signing(bool *sign, char **program, struct isms_repo *repo, bool tag);

/* Whether the signature of commit or tag `name` (a revision) verifies, as
 * git verify-commit / verify-tag would say: 1 good, 0 unsigned, -1 bad or
 * unverifiable (message set). */
int isms_repo_verify(struct isms_repo *repo, const char *name);
/* What isms_repo_verify's answer is called wherever it is shown: "signed",
 * "not signed" or "signature bad" (bad or not verifiable). */
const char *isms_signature_state(int verified);

/* Whether a commit could be made now: no index lock, HEAD on a branch (one
 * with commits, unless no branch has any yet), an author and a committer (from `opts`, or git's environment and
 * configuration). Lets callers refuse before they change any file. */
int isms_repo_ready(struct isms_repo *repo, const struct isms_commit_opts *opts);

/* The identity commits will be made with (name and email; the caller frees both). */
int isms_repo_identity(char **name, char **email, struct isms_repo *repo);

/* The summary line of commit `id` (full hex); the caller frees. */
int isms_repo_summary(char **out, struct isms_repo *repo, const char *id);

/* The contents of `path` as of revision `rev` (anything git rev-parse takes:
 * HEAD~1, a hash, a tag). ISMS_ENOTFOUND when either does not exist. */
int isms_repo_read(struct isms_buf *out, struct isms_repo *repo, const char *rev, const char *path);

struct isms_log_entry {
	char id[ISMS_OID_HEX];
	char *author;
	char *email;
	long long time;
	int offset;
	char *summary;
};

struct isms_log {
	struct isms_log_entry *items;
	size_t count, cap;
};

/* Commits reachable from HEAD that changed `path` (every commit when NULL),
 * newest first, at most `max` (0: no limit). No commits yet is an empty log. */
int isms_repo_log(struct isms_log *out, struct isms_repo *repo, const char *path, size_t max);
void isms_log_free(struct isms_log *log);

/* The commit that revision `rev` (a hash, a tag, HEAD~2) names, as full hex.
 * ISMS_ENOTFOUND when there is none. */
int isms_repo_resolve(char out[ISMS_OID_HEX], struct isms_repo *repo, const char *rev);

/* The full message of commit `id` (full hex), trailers included; the caller frees. */
int isms_repo_message(char **out, struct isms_repo *repo, const char *id);

/* Commits reachable from HEAD but not from commit `since` (full hex):
 * what happened after it, newest first. */
int isms_repo_log_since(struct isms_log *out, struct isms_repo *repo, const char *since);

/* The files (paths from the top, code ' ') in revision `rev`'s tree; free
 * with isms_status_free. ISMS_ENOTFOUND when there is no such revision. */
struct isms_status;
int isms_repo_files(struct isms_status *out, struct isms_repo *repo, const char *rev);

/* The values of trailer `key` (compared without case) in commit message
 * `msg`, in order: only those of its final trailer block, as git reads
 * trailers, so that a line in the body cannot pass for one. *count of them;
 * NULL when none. The caller frees each value and the array. */
char **isms_message_trailers(const char *msg, const char *key, size_t *count);

/* Unified diff of `path` (everything when NULL) from revision `from` (HEAD
 * when NULL) to revision `to`, or to the working tree when `to` is NULL. */
int isms_repo_diff(struct isms_buf *out, struct isms_repo *repo, const char *path,
		   const char *from, const char *to);

struct isms_status_entry {
	char *path;
	char code;  /* 'M' modified, 'A' added, 'D' deleted, 'R' renamed, '?' untracked */
};

struct isms_status {
	struct isms_status_entry *items;
	size_t count, cap;
};

/* Files that differ from the last commit, staged or not, and untracked files. */
int isms_repo_status(struct isms_status *out, struct isms_repo *repo);
void isms_status_free(struct isms_status *status);

/* The Git blob id of `data`: what a file with these bytes hashes to. */
void isms_repo_hash(char out[ISMS_OID_HEX], const void *data, size_t len);

#endif
