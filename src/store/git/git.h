/* SPDX-License-Identifier: MIT */
/* What the files of src/store/git/ share and nobody else sees: the
 * definition of struct isms_repo, repo_git_fail, HEAD's branch and a branch's
 * tip, the configuration and signature helpers of identity.c, the signing
 * set-up of signing.c that commit.c and tag.c use, and the walk of log.c
 * that the history index (histindex.c) shares. Not a public API; the
 * store's other modules use ../private.h. */
#ifndef ISMS_STORE_GIT_H
#define ISMS_STORE_GIT_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include "isms/buf.h"
#include "isms/repo.h"
#include "../private.h"

struct isms_repo {
	git_repository *git;
	char *workdir;
};

/* repo.c */

/* Start libgit2 once, as git would read its configuration (GIT_CONFIG_NOSYSTEM). */
void global_init(void);

/* Copy libgit2's message into ours before anything else can replace it,
 * and return our code for libgit2's `code`; `what` names the object. */
int repo_git_fail(int code, const char *what);

/* The branch HEAD points at ("refs/heads/main"); the caller frees.
 * ISMS_EINVALID when HEAD is detached. */
int repo_head_branch(char **out, struct isms_repo *repo);

/* The commit the branch points at; ISMS_ENOTFOUND when it has none yet. */
int repo_branch_tip(git_oid *out, struct isms_repo *repo, const char *branch);

/* identity.c */

/* The non-empty string `key` in `cfg` (may be NULL), or NULL; the caller
 * frees. */
char *repo_config_string(git_config *cfg, const char *key);

/* The signature of `who` ("AUTHOR" or "COMMITTER") as git builds it from
 * the environment and configuration, or `given` when not NULL.
 * ISMS_EIDENTITY when there is no name or email. */
int repo_make_signature(git_signature **out, struct isms_repo *repo, const char *who,
			const struct isms_ident *given);

/* signing.c */

enum repo_sign_format { REPO_SIGN_OPENPGP, REPO_SIGN_X509, REPO_SIGN_SSH };

struct repo_signing {
	enum repo_sign_format format;
	char *program;
	char *key;  /* user.signingkey; NULL: the committer's identity (openpgp, x509) */
};

/* Clear `s`, freeing what it holds; NULL is fine. */
void repo_signing_free(struct repo_signing *s);

/* Whether to sign: `asked` 0 or 1, or -1 for what the boolean `key`
 * (commit.gpgsign, tag.gpgsign) says; when so, how (gpg.format,
 * gpg.<format>.program or gpg.program, user.signingkey). The caller frees
 * `s` with repo_signing_free. */
int repo_signing_setup(struct repo_signing *s, bool *sign, struct isms_repo *repo, const char *key,
		       int asked);

/* Sign `data` as `who` (used as the key when user.signingkey is not set):
 * `sig` gets the armored signature. On failure ISMS_ERROR with the
 * program's own words. */
int repo_sign_buffer(struct isms_buf *sig, struct isms_repo *repo, const struct repo_signing *s,
		     const char *data, size_t len, const git_signature *who);

/* commit.c */

/* How long a lock held by another process (git gc packing refs, a git
 * commit moving the branch or writing the index) is waited for, in
 * milliseconds; git's core.filesRefLockTimeout is 100 by default. */
#define LOCK_WAIT_MS 1000

/* A commit transaction (include/isms/repo.h). */
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

/* ISMS_ELOCKED: lock file `lock` of `what` is another process's. */
int repo_locked_by_other(const char *lock, const char *what);

/* ISMS_ELOCKED when `refname` has a lock file another process left. */
int repo_ref_unlocked(struct isms_repo *repo, const char *refname);

/* index.c */

/* Take git's index lock for `txn` and read the index under it. */
int repo_index_lock(struct isms_repo_txn *txn);
/* Replace git's index with the one built, while holding its lock. */
int repo_index_install(struct isms_repo_txn *txn);
/* Put git's index back as it was when the lock was taken. */
int repo_index_restore(struct isms_repo_txn *txn);

/* hook.c */

/* Run git's pre-commit hook on `index` (the index to be committed, written
 * to `path` for it). ISMS_EINVALID, with the hook's output, when it refuses. */
int repo_hook_pre_commit(struct isms_repo *repo, git_index *index, const char *path);
/* Run git's commit-msg hook on *message, which becomes what the hook left
 * in the message file; the index as for pre-commit. */
int repo_hook_commit_msg(char **message, struct isms_repo *repo, git_index *index,
			 const char *path);
/* Run git's post-commit hook; what it says is not an error. */
void repo_hook_post_commit(struct isms_repo *repo);

/* log.c */

/* A list of commit ids; sorted (repo_oids_sort) when searched with
 * repo_oids_has. */
struct repo_oids {
	git_oid *ids;
	size_t count, cap;
};

void repo_oids_add(struct repo_oids *set, const git_oid *id);
void repo_oids_sort(struct repo_oids *set);
bool repo_oids_has(const struct repo_oids *set, const git_oid *id);
/* Free what `set` holds and empty it. */
void repo_oids_free(struct repo_oids *set);

/* The commits of a shallow clone whose parents it does not have (the
 * grafts of .git/shallow), sorted; none in a whole repository. */
void repo_shallow_commits(struct repo_oids *out, git_repository *git);

/* The commits isms_repo_walk considers from `from` (hiding nothing), in its
 * order; `reached` gets the grafted commit it reports in isms_log.shallow
 * (zero when none). `shallow` as repo_shallow_commits gives it. */
int repo_walk_order(struct repo_oids *out, git_oid *reached, git_repository *git,
		    const struct repo_oids *shallow, const git_oid *from);

/* histindex.c */

/* The commits of `head`'s history (HEAD's) that changed `path`, as
 * isms_repo_walk's own test decides and in its order, from the history
 * index .git/isms/histindex, brought up to date first (or rebuilt);
 * `reached` as repo_walk_order gives it. Below 0 when the index cannot
 * answer (a folder, a tree it cannot read): the caller walks. */
int repo_histindex_log(struct repo_oids *out, git_oid *reached, struct isms_repo *repo,
		       const git_oid *head, const struct repo_oids *shallow, const char *path);

/* The commits of `head`'s history that changed `path` (as
 * repo_histindex_log gives them) or whose summary has a review's form
 * (ISMS_REPO_REVIEW_MARK then a space or its end), in its order; (*changed)[i]
 * (the caller frees the array) is whether commit i changed `path`. Below 0
 * when the index cannot answer: the caller walks. */
int repo_histindex_reviews(struct repo_oids *out, bool **changed, git_oid *reached,
			   struct isms_repo *repo, const git_oid *head,
			   const struct repo_oids *shallow, const char *path);

/* The names of the files under `folder` (no slash at its end) that any
 * commit of `head`'s history had, from the history index (brought up to
 * date first); the caller frees each and the array. Below 0 when the index
 * cannot answer. */
int repo_histindex_paths(char ***out, size_t *count, struct isms_repo *repo,
			 const git_oid *head, const struct repo_oids *shallow, const char *folder);

/* For tests: false makes repo_histindex_log refuse, so that isms_repo_walk
 * walks as it did before the index (true again by default). */
void repo_histindex_use(bool on);

/* How many working tree statuses are being read in threads of their own
 * now (status.c); while any is, libgit2's process-wide options stay as
 * they are. */
int repo_status_jobs(void);
/* Wait until none is. */
void repo_status_jobs_wait(void);

/* tag.c */

/* The annotated tag object `name` on commit `target`, signed as configured
 * (no reference is made). */
int repo_tag_object(git_oid *out, struct isms_repo *repo, const char *name,
		    const git_oid *target, const struct isms_tag_opts *opts);

#endif
