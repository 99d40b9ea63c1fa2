/* SPDX-License-Identifier: MIT */
/* What the files of the record store (config.c, record.c, save.c,
 * approval.c, approval_check.c, review.c, retention.c, document.c,
 * records.c, snapshot.c, cache.c, check.c, doccontrol.c, commit_files.c) share and nobody else uses: the store
 * itself and the helpers one of them defines and others call. Not a public
 * API. */
#ifndef ISMS_STORE_STORE_PRIVATE_H
#define ISMS_STORE_STORE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "isms/buf.h"
#include "isms/kind.h"
#include "isms/method.h"
#include "isms/repo.h"
#include "isms/store.h"
#include "isms/tree.h"
#include "isms/validate.h"
#include "private.h"

/* An open ISMS: its repository and its configuration. */
struct isms_store {
	struct isms_repo *repo;
	const char *top;             /* the repository's working tree, ending in '/' */
	struct isms_node *config_root; /* isms.yaml as read (the method points into it) */
	struct isms_findings config; /* problems with isms.yaml, if any */
	struct isms_method method;
	unsigned id_digits;
	const char **prefixes;       /* per kind, in table order: isms.yaml's or the default */
	unsigned *review_months;     /* per kind, in table order; 0: none */
	bool *self_approval;         /* per kind, in table order: isms.yaml's self_approval */
	bool no_verify;              /* commits skip git's pre-commit and commit-msg hooks */
	unsigned lock_wait_ms;       /* how long the save lock is waited for */
};

/* How long the save lock is waited for unless set otherwise. */
#define STORE_LOCK_WAIT_MS 5000

/* Why a record must be committed before it is approved or reviewed. */
#define APPROVE_WHY "(isms edit, or git commit) so that their author is known"
#define REVIEW_WHY "so that the review concerns a known text"

/* What a path in the working tree is, to the store. */
enum file_class { FILE_OUTSIDE, FILE_CONFIG, FILE_RECORD, FILE_DOC };

/* Whether a document's `file` is documents/files/NAME, NAME a plain file
 * name (document.c). */
bool isms_store_doc_path_ok(const char *file);

/* How long a transaction waits for the save lock for another process, in
 * milliseconds (0: not at all); for tests, which need not wait 5 s. */
void isms_store_set_lock_wait(struct isms_store *store, unsigned ms);


/* config.c */

/* The ID prefix of a numbered kind in this ISMS. */
const char *store_prefix_of(const struct isms_store *store, const struct isms_kind *kind);

/* The kind whose IDs look like `id` in this ISMS, or NULL. */
const struct isms_kind *store_kind_for_id(const struct isms_store *store, const char *id);

/* Load a file into findings when it cannot be parsed. */
void store_add_load_error(struct isms_findings *out, const char *path);

/* The config is needed to write records: refuse rather than guess. */
int store_config_usable(const struct isms_store *store);

/* What opening a store would find wrong with `data` as its isms.yaml
 * (`name` in messages), without a repository: *out is replaced by the
 * findings, which the caller frees with isms_findings_free. For the
 * fuzzer and tests. */
void store_config_check_text(struct isms_findings *out, const char *data, size_t len,
			     const char *name);

/* records.c */

/* Room for `more` records more, so that slots come without growing the
 * arrays (each twice the size they need when grown by doubling). */
void store_records_reserve(struct isms_records *out, size_t more);
/* A new entry at the end of `out` for file `name` ("ID.yaml") of `kind`:
 * its path, its ID, no tree yet and no findings; its index. */
size_t store_records_slot(struct isms_records *out, const struct isms_kind *kind,
			  const char *name);

/* record.c */

/* The kind's folder must be a real folder inside the repository (not a
 * symbolic link that leads elsewhere). Creates it when `create`. */
int store_kind_folder(struct isms_store *store, const struct isms_kind *kind, bool create);

/* `relative` inside the working tree (the caller frees). */
char *store_full_path(const struct isms_store *store, const char *relative);


/* save.c */



/* What a save commits besides the file: trailers after Record and Clause,
 * and a tag (an approval's), all or nothing. */
struct save_extra {
	const char *const *trailers;
	size_t count;
	const char *tag, *tag_message;
	const char *tag_undone;  /* said when the tag failed and nothing changed */
	/* The act this save is (act.c: "approve", "accept"...): its decision
	 * fields may change; NULL: none may (doc/trust.md). */
	const char *act;
};

/* isms_store_save_text, with `extra` (NULL: none), in one transaction. */
int store_save_text(char commit[ISMS_OID_HEX], struct isms_store *store,
		    struct isms_record *rec, const char *text, size_t len,
		    const struct isms_save_opts *opts, const struct save_extra *extra);

/* The record's tree as its file is written: fields in the kind's order. */
int store_emit_record(struct isms_buf *text, struct isms_record *rec, bool drop_comments);

/* act_void.c: when the text `text` about to be saved for `rec` changes
 * what an act on it bound, the text with that act's fields removed and its
 * status fallen back, in `out`, and what was voided in words in `voided`
 * ("accept (likelihood changed)"): true. False when nothing is voided. */
bool store_void_acts(struct isms_buf *out, struct isms_buf *voided, struct isms_store *store,
		     const struct isms_record *rec, const char *text, size_t len);

/* act_fields.c */

/* Add to `f` an error for each decision field of `root` (a record `id` of
 * `kind`) that is not as in `head`, the record as last committed (NULL:
 * never committed), unless its act is `allowed` (NULL: none); the count. */
size_t store_check_decisions(struct isms_findings *f, const struct isms_kind *kind,
			     const char *id, const struct isms_node *root,
			     const struct isms_node *head, const char *allowed);

/* store_check_decisions against the file `path` as HEAD has it. */
size_t store_check_decisions_text(struct isms_findings *f, struct isms_store *store,
				  const struct isms_kind *kind, const char *id, const char *path,
				  const struct isms_node *root, const char *allowed);

/* people.c: the people register as at a revision, and authority. */

struct store_person {
	char *id, *name;   /* PER-001, its title */
	char *emails;      /* as written: addresses separated by commas */
	char *key;         /* signing_key, or NULL */
};

struct store_people {
	struct store_person *items;
	size_t count;
};

/* The register as revision `rev` ("HEAD", a commit) holds it. */
int store_people_load(struct store_people *out, struct isms_store *store, const char *rev);
void store_people_free(struct store_people *p);
bool store_person_has_email(const struct store_person *p, const char *email);
const struct store_person *store_people_by_email(const struct store_people *p, const char *email);
/* The person a person field's `value` names: their ID, their name, or
 * "Name <email>"; NULL when nobody in the register. */
const struct store_person *store_people_named(const struct store_people *p, const char *value);
/* Whether `value` names the person with Git identity `name` <`email`>:
 * by the register when it names someone there (their emails); otherwise,
 * unless `strict`, by the name. */
bool store_person_is(const struct store_people *p, const char *value, const char *name,
		     const char *email, bool strict);
/* Findings on isms.yaml's authority and signed_acts. */
void store_config_check_acts(struct isms_findings *out, const struct isms_node *root);
/* isms.yaml's authority.ACT.KIND: the role ID, or NULL when none. */
const char *store_authority_role(const struct isms_store *store, const char *act,
				 const struct isms_kind *kind);
/* Whether isms.yaml's signed_acts lists `kind` (or "all"). */
bool store_signing_required(const struct isms_store *store, const struct isms_kind *kind);
/* 0 when `name` <`email`> may make `act` on a record of `kind` by the
 * register and roles as at `rev`; else ISMS_EUNSAFE saying why. */
int store_check_authority(struct isms_store *store, const char *rev, const char *act,
			  const struct isms_kind *kind, const char *name, const char *email);

/* act.c */

struct isms_act;
/* What `act` decides on in `root`, for its Act-binds trailer:
 * "likelihood=2 impact=4 ..." (long text by its length). */
char *store_act_binds(const struct isms_act *act, const struct isms_node *root);

/* people_migrate.c: warnings on `all`'s findings for person fields that
 * name nobody in the register (when it has anyone). */
void store_check_people(struct isms_records *all);

/* act_check.c: whether the decisions a record shows are backed by acts. */

struct store_act_tally {
	size_t acts, signed_acts;
};

/* Findings on `v` (at `path`) for act `act` when the record shows it and
 * no act backs it, or the act commit is not what it says; `deep` (isms
 * verify) checks every signature and the register's keys too. */
void store_check_act(struct isms_findings *f, struct store_act_tally *t, struct isms_store *store,
		     const struct isms_view *v, const char *path, const struct isms_act *act,
		     bool deep);
/* store_check_act for every act. */
void store_check_acts(struct isms_findings *f, struct store_act_tally *t,
		      struct isms_store *store, const struct isms_view *v, const char *path,
		      bool deep);

/* verify.c */

/* 1 when `name` (a commit or tag) is signed with `person`'s key, whose
 * Git identity's email is `email`; 0 when not (message set). */
int store_signed_by_key(struct isms_store *store, const char *name,
			const struct store_person *person, const char *email);

/* approval.c */

/* "X.Y" into its numbers; false when it is not that. */
bool store_parse_version(const char *s, unsigned long *major, unsigned long *minor);

/* The record as committed at HEAD into `head`, and its blob id into `hash`;
 * refused unless the file on disk is exactly that, `rec` was read from it
 * and `seen` (NULL: anything) is its blob (`why` says what for). */
int store_require_committed(struct isms_buf *head, char hash[ISMS_OID_HEX],
			    struct isms_store *store, const struct isms_record *rec,
			    const char *seen, const char *why);

/* What refuses a review or an approval whatever the file says. */
int store_reviewable(struct isms_store *store, const struct isms_record *rec, bool approval);

/* Who acts: `who`, or git's identity when NULL (the caller frees both). */
int store_acting_identity(char **name, char **email, struct isms_store *store,
			  const struct isms_ident *who);

/* The tag of record `id`'s latest approval: from the version it says (NULL:
 * unknown); failing that (a version changed by hand), from its history.
 * NULL when it has none; the caller frees. */
char *store_latest_approval_tag(struct isms_store *store, const char *id, const char *path,
				const char *version);

/* check.c: the lifecycle rules across records (isms_rules_lifecycle) for
 * record `id` of `kind` about to be written as `root`, the others as they
 * are in the working tree; into `f`. Every write path runs them after
 * isms_record_validate. */
void store_check_lifecycle(struct isms_findings *f, struct isms_store *store,
			   const struct isms_kind *kind, const char *id, const struct isms_node *root);

/* approval_check.c */

/* An approved document whose file (`given`, or the working tree's when
 * NULL) is no longer what was approved; `committing` when the text is about
 * to be committed, which says how to go on differently. */
void store_check_approval(struct isms_findings *f, struct isms_store *store,
			  const struct isms_view *v, const char *path,
			  const struct isms_buf *given, bool committing);

/* An approved document whose approval commit has no tag: unfinished, and
 * so not believed. */
void store_check_unfinished(struct isms_findings *f, struct isms_store *store,
			    const struct isms_view *v, const char *path);

/* document.c */

/* A document's own file (its `file`), or NULL. */
const char *store_doc_file_of(const struct isms_record *rec);

/* Fail unless `rel` on disk is what HEAD holds; `head` receives those bytes. */
int store_committed_as_is(struct isms_buf *head, struct isms_store *store, const char *rel,
			  size_t limit);

/* Read a regular file (never through a symbolic link) of at most `limit`
 * bytes. */
int store_read_plain_file(struct isms_buf *out, const char *path, size_t limit);

/* A document's `file` field when it names a file in documents/files/; a
 * finding when it names anything else, NULL when there is none. */
const struct isms_node *store_doc_file_field(struct isms_findings *f, const struct isms_node *root);

/* A document's own file: missing, or changed without a new version. */
void store_check_document_file(struct isms_findings *f, struct isms_store *store,
			       const struct isms_view *v);

/* records.c */

/* The record file names in a kind's folder, sorted; *count 0 when none. */
char **store_folder_files(struct isms_store *store, const struct isms_kind *kind, size_t *count);

/* Free what store_folder_files returned. */
void store_free_names(char **names, size_t count);

/* records.c: all records, as isms_store_load_all; `verify` reads and
 * hashes every file rather than trusting stat data (isms check). */
int store_load_all(struct isms_records *out, struct isms_store *store,
		   const struct isms_kind *only, bool verify);

/* cache.c: the record cache, .git/isms/records.cache (see there). */
struct store_cache;

/* Open the cache (never fails: one that cannot be used is empty). With
 * `verify`, every file is read and hashed, whatever its stat data says. */
struct store_cache *store_cache_open(struct isms_store *store, bool verify);

/* Stat data as Git's index keeps it. */
struct store_cache_stat {
	uint64_t dev, ino, size;
	int64_t mtime_s, ctime_s;
	uint32_t mtime_ns, ctime_ns, mode, pad;
};

enum store_cache_hit {
	STORE_CACHE_HIT,        /* *root and the findings come from the cache */
	STORE_CACHE_MISS,       /* not known: read and parse the file */
	STORE_CACHE_MISS_READ,  /* changed: `raw` holds the bytes just read */
};

/* A thread's way into the cache: every lookup goes through one, and each
 * thread has its own. Done (on the thread that opened the cache, after the
 * reader's thread is) before the cache is closed. */
struct store_cache_reader;
struct store_cache_reader *store_cache_reader(struct store_cache *c);
void store_cache_reader_done(struct store_cache_reader *r);

/* An entry of the cache, as store_cache_get leaves it for later. */
struct cache_entry;

/* The tree and the findings of loading and validating record file `rel`
 * (`full` its path), appended to `f`, when the file is unchanged. When it
 * returns STORE_CACHE_MISS_READ, *read gets the stat data of the file it
 * read, for store_cache_put. Records looked up on several threads at once
 * must be different files. With `later`, an unchanged file's tree is not
 * made yet: *later says where it is, for store_cache_make. */
enum store_cache_hit store_cache_get(struct store_cache_reader *r, const char *rel,
				     const char *full, struct isms_node **root,
				     struct isms_findings *f, struct isms_buf *raw,
				     struct store_cache_stat *read, struct cache_entry **later);
/* Make the tree and findings that store_cache_get left for later; false
 * when the cache cannot give them after all (the file is then to be read
 * and parsed). */
bool store_cache_make(struct store_cache_reader *r, struct cache_entry *later,
		      struct isms_node **root, struct isms_findings *f);

/* The records up to that of `rel` are loaded: the cache's pages before its
 * entry may be given back. */
void store_cache_done_with(struct store_cache *c, const char *rel);

struct wbuf;
/* Remember what loading file `rel`, read with stat data `read` and blob
 * id `blob`, gave: `payload` (payload_write's). */
void store_cache_put(struct store_cache *c, const char *rel, const struct store_cache_stat *read,
		     const char blob[ISMS_OID_HEX], const struct wbuf *payload);

/* Write the cache if anything changed (silently not when it cannot be) and
 * free `c`; `only` is the kind read, NULL when all were. */
void store_cache_close(struct store_cache *c, const struct isms_kind *only);

/* The checksum of a cache file's bytes (for tests that forge one). */
uint64_t store_cache_checksum(const void *data, size_t len);

/* check.c */

/* Move findings into the report under `path`, if there are any. */
void store_report_add(struct isms_report *out, const char *path, struct isms_findings *findings);

/* doccontrol.c */

/* The record file (folder/ID.yaml of a kind), document file or isms.yaml
 * that `rel` names; FILE_OUTSIDE for anything else, including paths with
 * "..", "." or empty components. */
enum file_class store_classify(const char *rel, const struct isms_kind **kind, char **id);

#endif
