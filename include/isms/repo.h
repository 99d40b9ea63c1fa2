/* SPDX-License-Identifier: MIT */
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

/* The value of git configuration variable `key` ("core.pager") as git
 * would read it in the current folder: the repository's configuration when
 * there is a repository here or above, else the global and system ones.
 * NULL when it is not set (an empty value is ""); the caller frees. Never
 * fails otherwise: a configuration that cannot be read counts as unset. */
char *isms_git_config_get(const char *key);

/* Open `dir` if it is the top of a repository, or create a repository there
 * (and the folder itself). */
int isms_repo_init(struct isms_repo **out, const char *dir);

/* Close the repository and free `repo`; NULL is fine. */
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
	/* Skip git's pre-commit and commit-msg hooks (git commit --no-verify);
	 * a transaction's commit runs them, and post-commit, otherwise. */
	int no_verify;
};

#define ISMS_COMMIT_OPTS_INIT { .message = NULL, .trailers = NULL, .trailer_count = 0, \
	.parent = NULL, .author = NULL, .committer = NULL, .sign = -1, .allow_empty = 0, .no_verify = 0 }

/* The largest file committed from the working tree (isms_repo_commit). */
#define ISMS_COMMIT_FILE_MAX ((size_t)64 << 20)

/* What a file is, as git records it. */
enum isms_file_mode {
	ISMS_FILE_AS_IS = 0,    /* as the working tree has it (executable or not) */
	ISMS_FILE_REGULAR,
	ISMS_FILE_EXECUTABLE,
	ISMS_FILE_LINK,         /* a symbolic link; the bytes are its target */
};

/* A file of a commit, given as bytes in memory. */
struct isms_commit_file {
	const char *path;     /* relative to the top */
	const void *data;     /* its new bytes (may be NULL when len is 0) */
	size_t len;
	int present;          /* 0: the path is removed */
	enum isms_file_mode mode;
};

/* Commit the working-tree state of `paths` (relative to the top): a file
 * that exists is added or updated, one that does not is removed. The
 * index entries of those paths are updated too; other staged changes are
 * left alone and are not committed. On success `out` holds the new commit,
 * or is "" when the paths were unchanged and no commit was needed. Author
 * and committer come, as for git, from GIT_AUTHOR_NAME/EMAIL/DATE and
 * GIT_COMMITTER_NAME/EMAIL/DATE, then author.* / committer.* and user.*
 * configuration, then EMAIL; without a name and an email the result is
 * ISMS_EIDENTITY. A path outside the working tree (absolute, "..", in
 * .git, a control character) is ISMS_EUNSAFE. One transaction, as below. */
int isms_repo_commit(char out[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *const *paths, size_t count, const struct isms_commit_opts *opts);

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
#define ISMS_TAG_OPTS_INIT { .message = NULL, .tagger = NULL, .sign = -1 }

/* An annotated tag made with a commit, on that commit. */
struct isms_commit_tag {
	const char *name;             /* "approved/POL-001/v1.0" */
	struct isms_tag_opts opts;
};

/* A commit as one transaction, holding git's own locks.
 *
 * begin checks everything that could stop the commit before the caller
 * changes any file: HEAD on a branch (and on `opts->parent` when given,
 * else ISMS_ECONFLICT), an author and a committer, signing configured
 * usably, no lock on the branch; and it takes git's index.lock, as git
 * commit does, and reads the index under it (ISMS_ELOCKED when another
 * process holds it; ISMS_EINVALID when the index cannot be read). While
 * the transaction lasts, a git command that would write the index waits
 * or fails, so it can never build a commit from an index this commit is
 * about to change.
 *
 * commit writes the commit (signed as configured) of the branch's tree
 * with `files` applied, and annotated `tags` on it; locks the branch and
 * the tags' references; checks under those locks that the branch still
 * points where it did when the transaction began (compare and swap: if
 * another process committed meanwhile, ISMS_ECONFLICT and nothing moves)
 * and that no tag exists (ISMS_EEXISTS); writes git's index with the
 * committed bytes of `files`; then moves the branch and creates the tags.
 * `out` is "" when nothing changed and there are no tags (no commit). An
 * error with `out` set means the commit stands but a tag could not be
 * written; any other error leaves the branch, the tags and the index as
 * they were. The working tree is the caller's: it is never touched.
 *
 * free releases the index lock; it accepts NULL. */
struct isms_repo_txn;
int isms_repo_txn_begin(struct isms_repo_txn **out, struct isms_repo *repo,
			const struct isms_commit_opts *opts);
/* The commit's message and trailers, when they were not known at begin
 * (the strings must last until commit). */
void isms_repo_txn_message(struct isms_repo_txn *txn, const char *message,
			   const char *const *trailers, size_t trailer_count);
int isms_repo_txn_commit(char out[ISMS_OID_HEX], struct isms_repo_txn *txn,
			 const struct isms_commit_file *files, size_t count,
			 const struct isms_commit_tag *tags, size_t tag_count);
/* Instead of a new commit, move the branch to the existing commit `to`
 * (hex; a fast-forward or a merge made elsewhere), with git's index given
 * the bytes of `files`, the paths in which the working tree changes. The
 * same locks, compare and swap and index step as commit. */
int isms_repo_txn_advance(char out[ISMS_OID_HEX], struct isms_repo_txn *txn, const char *to,
			  const struct isms_commit_file *files, size_t count, const char *reflog);
/* Free `txn`, removing the lock files it still holds; NULL is fine. */
void isms_repo_txn_free(struct isms_repo_txn *txn);
/* Whether the last commit failed because a tag could not be made. */
bool isms_repo_txn_tag_failed(const struct isms_repo_txn *txn);

/* Files with their bytes, as a commit would take them. */
struct isms_staged {
	struct isms_commit_file *files;
	struct isms_buf *data;   /* each file's bytes (files[i].data points into them) */
	char **owned;            /* the paths, when the set owns them */
	size_t count;
};
void isms_staged_free(struct isms_staged *s);  /* NULL is fine */

/* What the index at `index_path` (git's own when NULL) has staged: every
 * path whose entry differs from HEAD, with its staged bytes, or removed. */
int isms_repo_staged(struct isms_staged *out, struct isms_repo *repo, const char *index_path);

/* Write `data` as a blob (it stays in the object database); `out` its id. */
int isms_repo_blob_write(char out[ISMS_OID_HEX], struct isms_repo *repo, const void *data,
			 size_t len);

/* The bytes of blob `id` (hex). ISMS_ENOTFOUND when there is none. */
int isms_repo_blob_read(struct isms_buf *out, struct isms_repo *repo, const char *id);

/* Make git's index entries for `paths` what HEAD's tree has (removed when
 * it has none), under the index's own lock: after an interrupted change. */
int isms_repo_index_reset(struct isms_repo *repo, const char *const *paths, size_t count);

/* Remove .git/index.lock if a workbench transaction made it (it is marked
 * so). Only for a caller that knows no such transaction is running (one
 * holding the store's save lock): the process that made it is gone. */
int isms_repo_index_unlock_stale(struct isms_repo *repo);

/* Whether tag `name` could be made now: a valid name, no such tag, no
 * lock on its reference. ISMS_EINVALID, ISMS_EEXISTS or ISMS_ELOCKED. */
int isms_repo_tag_check(struct isms_repo *repo, const char *name);

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

/* Whether a commit could be made now: what isms_repo_txn_begin checks
 * (HEAD on a branch with commits, unless no branch has any yet; an author
 * and a committer, from `opts` or git's environment and configuration;
 * signing; no lock on the index or the branch; the index readable). */
int isms_repo_ready(struct isms_repo *repo, const struct isms_commit_opts *opts);

/* Who made a commit or a tag (who.c); an unannotated tag has no tagger
 * (both strings empty). */
struct isms_who {
	char *name, *email;
};
void isms_who_free(struct isms_who *w);  /* NULL is fine */
int isms_repo_commit_people(struct isms_who *author, struct isms_who *committer,
			    struct isms_repo *repo, const char *id);
/* The tagger of tag `name` and the commit it names (full hex);
 * ISMS_ENOTFOUND when there is no such tag. */
int isms_repo_tagger(struct isms_who *tagger, char target[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *name);

/* Whether commit or tag `name` is signed by `key` (keysig.c): an SSH
 * public key ("ssh-ed25519 AAAA...", allowed for `email`) or an OpenPGP
 * fingerprint. 1 yes, 0 no (message set). */
int isms_repo_signed_by(struct isms_repo *repo, const char *name, const char *email,
			const char *key);

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
	/* In a shallow clone, the grafted commit the walk reached (full hex):
	 * the history before it is not there. "" when the walk was whole. */
	char shallow[ISMS_OID_HEX];
};

/* Commits reachable from HEAD that changed `path` (every commit when NULL),
 * newest first, at most `max` (0: no limit). No commits yet is an empty log.
 * In a shallow clone the walk ends at the commits whose parents the clone
 * does not have (.git/shallow), which count as roots; log.shallow says so. */
int isms_repo_log(struct isms_log *out, struct isms_repo *repo, const char *path, size_t max);
/* Free what `log` holds and empty it (`log` itself is the caller's); NULL
 * is fine. */
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

/* The names of the files directly under `folder` that any commit of HEAD's
 * history had (records disposed of, renumbered or removed included), from
 * the history index, or by walking when it cannot answer. The caller frees
 * each name and the array; it may hold a name twice. */
int isms_repo_names_ever(char ***out, size_t *count, struct isms_repo *repo, const char *folder);

/* The values of trailer `key` (compared without case) in commit message
 * `msg`, in order: only those of its final trailer block, as git reads
 * trailers, so that a line in the body cannot pass for one. *count of them;
 * NULL when none. The caller frees each value and the array. */
char **isms_repo_message_trailers(const char *msg, const char *key, size_t *count);

/* Unified diff of `path` (everything when NULL) from revision `from` (HEAD
 * when NULL) to revision `to`, or to the working tree when `to` is NULL. */
int isms_repo_diff(struct isms_buf *out, struct isms_repo *repo, const char *path,
		   const char *from, const char *to);

/* Unified diff of what commit `id` (full hex) changed against its first
 * parent (against nothing for a root commit), of `path` only unless NULL:
 * git show's patch. */
int isms_repo_commit_diff(struct isms_buf *out, struct isms_repo *repo, const char *id,
			  const char *path);

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
/* Free what `status` holds and empty it; NULL is fine. */
void isms_status_free(struct isms_status *status);

/* The same status read in a thread of its own (src/store/git/status.c),
 * beside what the caller does meanwhile: start it, then finish it to wait
 * for the result, which is isms_repo_status's. Start returns NULL when no
 * thread could be made; finish then reads the status itself. Every started
 * job must be finished. */
struct isms_status_job;
struct isms_status_job *isms_repo_status_start(struct isms_repo *repo);
int isms_repo_status_finish(struct isms_status *out, struct isms_status_job *job,
			    struct isms_repo *repo);

/* The Git blob id of `data`: what a file with these bytes hashes to. */
void isms_repo_hash(char out[ISMS_OID_HEX], const void *data, size_t len);

#endif
