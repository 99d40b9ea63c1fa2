/* SPDX-License-Identifier: MIT */
/* The store's one write transaction. Private to src/store.
 *
 * Every operation that changes the ISMS goes through it:
 *
 *     struct isms_txn *txn;
 *     if ((error = isms_txn_begin(&txn, store, &opts)) < 0)   // nothing written
 *             goto cleanup;
 *     if ((error = isms_txn_write(txn, path, text, len, base)) < 0 ||
 *         (error = isms_txn_commit(commit, txn)) < 0)
 *             goto cleanup;
 *   cleanup:
 *     error = isms_txn_end(txn, error);                       // puts back on failure
 *
 * begin checks everything that could stop the commit before a byte is
 * written: isms.yaml usable, the store's save lock (other isms processes),
 * and what isms_repo_txn_begin checks (identity, branch, signing, git's
 * index.lock taken and the index readable, no lock on the branch). write
 * and remove check that the file is still what the caller read, keep what
 * was there, and change the file atomically. commit makes one commit of
 * every file written, with the trailers built here (Record and Clause
 * first), and any tags. end, when the transaction did not commit, puts
 * every file back as it was and says in the error message what is on the
 * disk now; then it releases the locks. */
#ifndef ISMS_STORE_TXN_H
#define ISMS_STORE_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "isms/repo.h"
#include "isms/store.h"

struct isms_txn;

struct isms_txn_opts {
	/* NULL: git's identity, signed as configured; given (a demonstration,
	 * an import): author and committer, and never signed, since nobody
	 * signs in another person's name. */
	const struct isms_ident *author;
	bool allow_empty;  /* commit even when no file changed (a review) */
	/* Said, instead of "PATH is unchanged", when a tag could not be made
	 * and every file was put back ("POL-001 was not approved, and nothing
	 * changed"). */
	const char *tag_undone;
	/* The commit the branch must be on (hex), as the caller saw it; NULL:
	 * wherever it is when the transaction begins. */
	const char *parent;
};
#define ISMS_TXN_OPTS_INIT { .author = NULL, .allow_empty = false, .tag_undone = NULL, \
	.parent = NULL }

int isms_txn_begin(struct isms_txn **out, struct isms_store *store,
		   const struct isms_txn_opts *opts);

/* The commit's summary line and body (printf-style); set before commit. */
void isms_txn_message(struct isms_txn *txn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The trailers naming record `id` of `kind`: Record and Clause, first. */
void isms_txn_record(struct isms_txn *txn, const char *id, const struct isms_kind *kind);

/* Another trailer, "Key: value" (printf-style), after those. */
void isms_txn_trailer(struct isms_txn *txn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Write `path` (relative to the top; its folder is created) with `data`.
 * `base` is the blob the caller read the file as: "" when it must not
 * exist, NULL when whatever is there may be replaced. ISMS_ECONFLICT, and
 * nothing written, when the file is no longer `base`. */
int isms_txn_write(struct isms_txn *txn, const char *path, const void *data, size_t len,
		   const char *base);

/* Many files at once (an import): each checked as isms_txn_write checks
 * it, the journal written once for all of them, then every file written
 * and the file system synced once, instead of a journal and two syncs per
 * file. The files become regular files (an existing one keeps its mode). */
struct isms_txn_item {
	const char *path;
	const void *data;
	size_t len;
	const char *base;
};
int isms_txn_write_batch(struct isms_txn *txn, const struct isms_txn_item *items, size_t n);

/* isms_txn_write, making the file a regular file, an executable or a
 * symbolic link (`data` its target); ISMS_FILE_AS_IS keeps what it was. */
int isms_txn_write_as(struct isms_txn *txn, const char *path, const void *data, size_t len,
		      const char *base, enum isms_file_mode mode);

/* Commit `file` (a path and its bytes, or its removal) as it is on the
 * disk, without writing it: a file changed by hand, read and checked by
 * the caller. The caller keeps `file`'s strings until the commit. */
void isms_txn_include(struct isms_txn *txn, const struct isms_commit_file *file);

/* ISMS_ECONFLICT, and nothing written, unless `path` is still `base`
 * (as for isms_txn_write): to check every file before writing any. */
int isms_txn_expect(struct isms_txn *txn, const char *path, const char *base);

/* Remove `path`, which must still be `base` (NULL: whatever it holds). */
int isms_txn_remove(struct isms_txn *txn, const char *path, const char *base);

/* An annotated tag `name` to make on the commit, with `message`, by the
 * transaction's author. Refused at once (nothing written) when the tag
 * exists or its name is not valid. */
int isms_txn_tag(struct isms_txn *txn, const char *name, const char *message);

/* Make the commit a move of the branch to the existing commit `to` (hex;
 * a fast-forward, or a merge commit made elsewhere) whose tree is the
 * branch's with the files written and removed, instead of a new commit. */
void isms_txn_advance(struct isms_txn *txn, const char *to, const char *reflog);

/* Commit every file written and removed, and the tags. `commit` gets the
 * new commit, or "" when nothing changed. An error with `commit` set: the
 * commit stands, but a tag could not be made (the message says so). */
int isms_txn_commit(char commit[ISMS_OID_HEX], struct isms_txn *txn);

/* End the transaction (NULL is fine) and return `error`: when it did not
 * commit, every file written is put back first, and the message of a
 * negative `error` says whether the disk is as it was. */
int isms_txn_end(struct isms_txn *txn, int error);

/* The journal (journal.c): what a transaction is about to change, so that
 * the next one can put back what an interrupted one left. */
struct store_journal_file {
	char *path;
	char before[ISMS_OID_HEX];  /* the blob before; "" when there was no file */
	enum isms_file_mode before_mode;
	char after[ISMS_OID_HEX];   /* the blob it is to hold; "" when removed */
};

struct store_journal {
	char tip[ISMS_OID_HEX];     /* the branch's commit when the transaction began */
	char **refs;                /* the references it is to move ("refs/heads/main") */
	size_t ref_count;
	struct store_journal_file *files;
	size_t count;
};

int store_journal_write(struct isms_store *store, const struct store_journal *j);
int store_journal_read(struct store_journal *out, struct isms_store *store);
int store_journal_clear(struct isms_store *store);
/* Free what `j` holds and empty it; NULL is fine. */
void store_journal_free(struct store_journal *j);
/* Put back what an interrupted transaction left, its index lock too
 * (only under the save lock: then no transaction is running). */
int store_journal_recover(struct isms_store *store);
/* When no transaction is running, put back what an interrupted one left
 * (store_journal_recover); otherwise nothing. For opening a store. */
int store_recover_if_idle(struct isms_store *store);
/* Whether an interrupted transaction left a journal. */
bool store_journal_pending(struct isms_store *store);

/* A file as the disk has it (txn.c): its bytes (a link's target), what it
 * is and its permissions; ISMS_ENOTFOUND when there is nothing. */
int store_read_entry(struct isms_buf *out, enum isms_file_mode *mode, mode_t *perm,
		     const char *full);
/* Make `full` hold `data` as a file of `mode`, atomically. */
int store_write_entry(const char *full, const void *data, size_t len,
		      enum isms_file_mode mode, mode_t perm, bool exists);

#endif
