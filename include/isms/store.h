/* SPDX-License-Identifier: MIT */
/* The record store: one YAML file per record, in a folder per kind, in a Git
 * repository where every change is a commit.
 *
 * The store never talks to the user. It returns a code and leaves a message
 * (isms_error_last): ISMS_ECONFLICT when a file changed since it was read,
 * ISMS_ELOCKED when Git is locked, ISMS_EINVALID when a record does not
 * validate, ISMS_EUNSAFE when a path or file is refused; the caller decides
 * what to ask. IDs are checked before they become paths; files that are
 * symbolic links are refused; a file that cannot be parsed is never
 * overwritten. */
#ifndef ISMS_STORE_H
#define ISMS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/kind.h"
#include "isms/method.h"
#include "isms/repo.h"
#include "isms/rules.h"
#include "isms/tree.h"
#include "isms/validate.h"

#define ISMS_CONFIG_FILE "isms.yaml"

struct isms_store;

struct isms_record {
	const struct isms_kind *kind;
	char *id;
	char *path;              /* relative to the top: "policies/POL-001.yaml" */
	struct isms_node *root;
	unsigned flags;          /* ISMS_YAML_HAS_COMMENTS */
	char base[ISMS_OID_HEX]; /* blob id of the bytes read; "" for a new record */
};

/* Open the ISMS whose repository contains `start` (NULL: the current folder). */
int isms_store_open(struct isms_store **out, const char *start);

/* Make `dir` an ISMS: create it and a Git repository if needed, write
 * isms.yaml and commit it (as `author`, or git's identity when NULL).
 * ISMS_EEXISTS if it already is one. */
int isms_store_init(struct isms_store **out, char commit[ISMS_OID_HEX], const char *dir,
		    const char *organisation, const struct isms_ident *author);

/* isms.yaml's settings, for 'isms config': KEY is organisation, edition,
 * isms_type, id_digits, self_approval (a list, given and returned as
 * "policy,procedure"), or review_months.KIND, retention_years.KIND or
 * id_prefixes.KIND. The risk method is edited in the file itself. */
/* The keys, listed for a message. */
const char *isms_store_config_keys(void);
/* The value of `key` as isms.yaml holds it now (a map without its KIND: a
 * line "KEY.KIND VALUE" each); the caller frees *out. ISMS_ENOTFOUND when
 * it is not set, ISMS_EUSAGE when `key` is not a setting. */
int isms_store_config_get(char **out, struct isms_store *store, const char *key);
/* Set `key` to `value` (empty: remove it), check the new isms.yaml as
 * isms check does, and commit it through the transaction with `message`
 * (NULL: "isms.yaml: set KEY to VALUE") and the trailers Record: isms.yaml
 * and Clause: 4.3; `commit` gets the commit ("" when nothing changed).
 * ISMS_EINVALID with the first error of the new text and nothing
 * written when the result would not validate; ISMS_EUNSAFE when isms.yaml
 * has comments (rewriting it would drop them); ISMS_ECONFLICT when the file
 * changed while being set. The store then holds the new settings. */
int isms_store_config_set(char commit[ISMS_OID_HEX], struct isms_store *store, const char *key,
			  const char *value, const char *message);

/* Whether the store's commits skip git's pre-commit and commit-msg hooks
 * (git commit --no-verify); by default they run them, and post-commit. */
void isms_store_set_no_verify(struct isms_store *store, bool no_verify);

/* Close the store and free `store`; NULL is fine. */
void isms_store_free(struct isms_store *store);
struct isms_repo *isms_store_repo(struct isms_store *store);
const char *isms_store_top(const struct isms_store *store);
/* The organisation named in isms.yaml, or "" when it cannot be read. */
const char *isms_store_organisation(const struct isms_store *store);
/* The ISMS type of isms.yaml (ISO/IEC 27014 Annex B): "whole-entity",
 * "part-of-entity" or "several-isms"; "whole-entity" when it is not set. */
const char *isms_store_isms_type(const struct isms_store *store);
/* The kind whose IDs look like `id`, with the prefixes isms.yaml sets. */
const struct isms_kind *isms_store_kind_for_id(const struct isms_store *store, const char *id);
/* The risk method of isms.yaml (the default where it cannot be read). */
const struct isms_method *isms_store_method(const struct isms_store *store);

/* The kind and relative path of record `id`, after checking the ID.
 * ISMS_ENOTFOUND when no kind folder holds it. */
int isms_store_locate(const struct isms_kind **kind, char **path, struct isms_store *store,
		      const char *id);

/* Read and parse a record. */
int isms_store_load(struct isms_record **out, struct isms_store *store, const char *id);

/* A new record of `kind`, not yet saved: with `id`, or the next free number
 * for numbered kinds when `id` is NULL. */
int isms_store_create(struct isms_record **out, struct isms_store *store,
		      const struct isms_kind *kind, const char *id);

struct isms_save_opts {
	const char *message;            /* NULL: "ID: update TITLE" */
	bool drop_comments;             /* allow rewriting a file that has comments */
	struct isms_findings *findings; /* if not NULL, receives validation findings */
	const struct isms_ident *author;/* NULL: git's identity; given, nothing is signed */
};

#define ISMS_SAVE_OPTS_INIT { .message = NULL, .drop_comments = false, .findings = NULL, \
	.author = NULL }

/* Validate, write atomically and commit the record's tree. `commit` receives
 * the commit made, or "" when nothing changed. */
int isms_store_save(char commit[ISMS_OID_HEX], struct isms_store *store,
		    struct isms_record *record, const struct isms_save_opts *opts);

/* As isms_store_save, with the file's new text given as it is (comments and
 * layout kept): what an editor produced. The text must parse and validate. */
int isms_store_save_text(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *record, const char *text, size_t len,
			 const struct isms_save_opts *opts);

/* Several records saved in one commit (an import): each is validated as
 * isms_store_save validates it (ISMS_EINVALID naming the first problem,
 * and nothing written), every file checked against the blob it was read
 * as (`base`; "" for a new record), then all written and committed through
 * the one transaction with `message`, a Clause trailer per kind and
 * `trailers` ("Key: value"), or nothing at all. `commit` is "" when
 * nothing changed; each record's `base` is its new blob. */
struct isms_save_all_opts {
	const char *message;
	const char *const *trailers;
	size_t trailer_count;
	const struct isms_ident *author;  /* NULL: git's identity */
};
int isms_store_save_all(char commit[ISMS_OID_HEX], struct isms_store *store,
			struct isms_record *const *records, size_t count,
			const struct isms_save_all_opts *opts);

/* Mark a record retired (status, date, reason) and commit; the file and its
 * history stay. */
int isms_store_retire(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_record *record, const char *reason,
		      const struct isms_save_opts *opts);

/* Free `record` and its tree; NULL is fine. */
void isms_record_free(struct isms_record *record);

/* Approval of controlled documents (27001 7.5.2). */
#define ISMS_VERSION_MAX 16

struct isms_approval {
	char version[ISMS_VERSION_MAX];  /* the version approved: "1.0" */
	char blob[ISMS_OID_HEX];         /* the blob id of the approved file */
	char *tag;                       /* "approved/ID/v1.0", on the approval commit */
	bool self_approved;
	bool finished;                   /* no commit made: an unfinished approval's tag was */
};

/* Approve a controlled record as git's identity: refused when the record
 * is not controlled, does not validate, has changes not committed, has not
 * changed since its last approval, or when the approver wrote any of the
 * commits since then (unless isms.yaml's self_approval lists the kind; the
 * approval is then recorded as self-approved). Sets status, version (the
 * next major: 0.3 -> 1.0, 1.2 -> 2.0; a never-approved X.0 stays),
 * approved_by, approved_on and next_review (the kind's review_months),
 * commits with the trailers Status, Version, Approved-by, Approved-blob
 * (and Self-approved) and tags the commit approved/ID/vX.Y. `note` (may be
 * NULL) is the message body. `seen` (NULL: no expectation) is the blob id
 * of the file the approver was shown: when the committed file is another
 * (someone committed meanwhile), ISMS_ECONFLICT and nothing is approved.
 * When the tag cannot be made the commit is taken back (branch, index and
 * file as before) and `commit` is ""; only when that cannot be done (the
 * branch moved on meanwhile) is there an error with `commit` set: the
 * commit was made but the tag was not. An approval left so (isms_store_unfinished_approval) is finished instead,
 * when the committed file is still the one approved: only its approver
 * (git's identity, or `who`, is its Approved-by) may, and then the tag is
 * made on that commit, nothing is committed, `commit` names the approval
 * commit and out->finished is set; anyone else is refused (ISMS_EUNSAFE).
 * Free `out` with isms_approval_free. */
int isms_store_approve(char commit[ISMS_OID_HEX], struct isms_approval *out,
		       struct isms_store *store, struct isms_record *rec, const char *note,
		       const char *seen);
/* isms_store_approve as `who` (a demonstration, an import), at its time,
 * or as git's identity when NULL. With `who` nothing is signed: a
 * signature would put the user's key on another person's act. */
int isms_store_approve_as(char commit[ISMS_OID_HEX], struct isms_approval *out,
			  struct isms_store *store, struct isms_record *rec, const char *note,
			  const char *seen, const struct isms_ident *who);
/* Free what `approval` holds (the struct is the caller's); NULL is fine. */
void isms_approval_free(struct isms_approval *approval);

/* The version `rec` would become if it were approved now (what
 * isms_store_approve would make), into `version`: for a dialog that asks
 * first. ISMS_EINVALID when its version is not major.minor. */
int isms_store_approval_version(char version[ISMS_VERSION_MAX], struct isms_store *store,
				const struct isms_record *rec);

/* The tag of the latest approval of record `id` (file `path`, relative to
 * the top); the caller frees. ISMS_ENOTFOUND when it was never approved. */
int isms_store_approved_tag(char **tag, struct isms_store *store, const char *id,
			    const char *path);

/* An approval whose tag was never made (its signing failed, say): the last
 * commit that changed record `id`'s file (`path`, relative to the top)
 * carries in its final trailer block Record ID, Version, Approved-by and
 * Approved-blob, the blob of the file in it, but the tag approved/ID/vX.Y
 * is missing or points at another commit (`elsewhere`). */
struct isms_unfinished {
	char commit[ISMS_OID_HEX];       /* the approval commit */
	char version[ISMS_VERSION_MAX];
	char blob[ISMS_OID_HEX];         /* its Approved-blob */
	char *approver;                  /* its Approved-by: "Name <email>" */
	char *tag;                       /* the tag it should have: "approved/ID/vX.Y" */
	char elsewhere[ISMS_OID_HEX];    /* the commit that tag names when it exists; else "" */
	bool self_approved;
};

/* 1 when record `id` has an unfinished approval (filled into `out`, free it
 * with isms_unfinished_free), 0 when not, a negative ISMS_E code when its
 * history cannot be read. */
int isms_store_unfinished_approval(struct isms_unfinished *out, struct isms_store *store,
				   const char *id, const char *path);
/* Free what `u` holds and empty it; NULL is fine. */
void isms_unfinished_free(struct isms_unfinished *u);

/* When `summary` is that of an approval commit ("ID: approve vX.Y ..."):
 * the length of its ID, with the version into `version`; 0 otherwise. */
size_t isms_approval_summary(char version[ISMS_VERSION_MAX], const char *summary);

/* What changed since a point in history (27001 7.5.3): what a reviewer
 * reads before approving, what an auditor asks about a period. */
enum isms_change_type {
	ISMS_CHANGE_ADDED,
	ISMS_CHANGE_CHANGED,
	ISMS_CHANGE_RETIRED,
	ISMS_CHANGE_REMOVED,
};

struct isms_change {
	enum isms_change_type type;
	char *id, *path;
	char *title;   /* as now, or as then for a removed record; may be NULL */
};

/* An approval given in the commits since. */
struct isms_change_approval {
	char *id;
	char version[ISMS_VERSION_MAX];
	char *by;        /* the Approved-by trailer, else the commit's author */
	char date[32];   /* "2026-03-14 09:30:00 +0100" */
	bool self_approved;
};

struct isms_changes {
	char from[ISMS_OID_HEX];  /* the commit compared with */
	char *label;              /* what `since` named: the tag, the revision, "the last commit before DATE" */
	char *id, *path;          /* the record, when one was asked about; else NULL */
	char *file;               /* its own file when it is an external document
	                           * (documents/files/NAME); else NULL */
	struct isms_log log;      /* the commits since (only those of the record), newest first */
	struct isms_change *items;             /* added, then changed, retired, removed */
	size_t count, cap;
	struct isms_change_approval *approvals; /* oldest first */
	size_t approval_count, approval_cap;
};

/* What changed since `since`: "approved" (the latest approval of record
 * `id`; refused without a record, ISMS_ENOTFOUND when it was never
 * approved), a date YYYY-MM-DD (the last commit before that day), or any
 * revision (a tag, a hash, HEAD~3). With `id`, only that record and its
 * commits; else every record (on disk now, and in the revision's tree,
 * compared). Free with isms_changes_free. */
int isms_store_changes_since(struct isms_changes *out, struct isms_store *store, const char *id,
			     const char *since);
/* Free what `changes` holds and empty it; NULL is fine. */
void isms_changes_free(struct isms_changes *changes);

/* The unified diff of what `changes` is about (the record and, for an
 * external document, its own file; everything when no record was asked
 * about) from revision `from` (HEAD when NULL) to revision `to` (the
 * working tree when NULL), into `out`. A binary file is said in one line,
 * "binary file PATH changed (sha256 HEX)", HEX the sha256 of its bytes at
 * `to`. */
int isms_changes_diff(struct isms_buf *out, struct isms_store *store,
		      const struct isms_changes *changes, const char *from, const char *to);

/* The summary as `isms diff --since` prints it, appended to `out`: a line
 * naming the commit and how many commits since, then a line per record
 * added, changed, retired or removed and per approval given ("  no record
 * changed" when none). */
void isms_changes_format(struct isms_buf *out, const struct isms_changes *changes);

/* The relative path of record `id`: where it is now, or where a record of
 * its kind would be (for records since deleted). The caller frees. */
int isms_store_record_path(char **out, struct isms_store *store, const char *id);

/* The absolute path of a document's file `file` (its `file` field) into
 * *out (the caller frees), for a viewer: ISMS_EUNSAFE unless it is a file
 * in documents/files/ (a record from elsewhere may name any path) and a
 * regular file, ISMS_ENOTFOUND when it is missing. */
int isms_store_doc_file_path(char **out, struct isms_store *store, const char *file);

/* Whether `rel` (relative to the top) is where a record lives, FOLDER/ID.yaml
 * of a kind; its kind and, when `id` is not NULL, its ID (the caller frees). */
bool isms_store_record_file(const char *rel, const struct isms_kind **kind, char **id);

/* Whether log entry `e` is an approval of `id` (of any record when NULL):
 * its summary says "ID: approve vX.Y" and the tag approved/ID/vX.Y points at
 * that very commit (a summary alone is anyone's words). Its version into
 * `version`, and its record's ID into *rid when not NULL (the caller frees). */
bool isms_store_approval_of(char **rid, char version[ISMS_VERSION_MAX], struct isms_store *store,
			    const struct isms_log_entry *e, const char *id);

/* When `e` is an approval of `id` (any record when NULL), as
 * isms_store_approval_of says: " [approved vX.Y]", followed by " [signed]"
 * when the tag's signature verifies or " [signature bad]" when it does not;
 * NULL otherwise. The caller frees. */
char *isms_store_approval_mark(struct isms_store *store, const char *id,
			       const struct isms_log_entry *e);

/* The value of trailer `key` in commit message `msg` (the first, in its
 * final trailer block only, as git reads trailers), or NULL; the caller frees. */
char *isms_trailer_value(const char *msg, const char *key);

/* Start the Statement of Applicability: an undecided entry (status draft,
 * no `applicable`) for every Annex A control that has none yet, all in one
 * commit. *added tells how many; `commit` is "" when none was missing. */
int isms_store_soa_init(char commit[ISMS_OID_HEX], size_t *added, struct isms_store *store,
			const struct isms_ident *author);

/* A line of `isms list`. */
struct isms_entry {
	const struct isms_kind *kind;
	char *id, *path, *status, *title;
	char *error;  /* set when the file could not be read */
	int level;    /* a risk's level by the risk method (its index); -1: none */
};

struct isms_entries {
	struct isms_entry *items;
	size_t count, cap;
};

/* Every record file of `kind` (all kinds when NULL): kinds in their table
 * order, files sorted by name within each. */
int isms_store_list(struct isms_entries *out, struct isms_store *store,
		    const struct isms_kind *kind);
/* Free what `entries` holds and empty it; NULL is fine. */
void isms_entries_free(struct isms_entries *entries);

/* Every record file, read once: for checking, listing and completeness. */
struct isms_records {
	struct isms_view *views;         /* root NULL when the file could not be read */
	char **paths;                    /* relative to the top */
	struct isms_findings *findings;  /* per record: why it could not be read, validation */
	size_t count, cap;
};

/* Read every record file of `kind` (all kinds when NULL): kinds in their
 * table order, files by name within each. Folders that are refused (not
 * real folders) are passed over; isms_store_check reports them. */
int isms_store_load_all(struct isms_records *out, struct isms_store *store,
			const struct isms_kind *kind);
/* Free what `records` holds (trees, paths, findings) and empty it; NULL is
 * fine. */
void isms_records_free(struct isms_records *records);

/* The records as committed at a revision, for reports: read from that
 * commit's tree (never the working tree), with isms.yaml as it was then. */
struct isms_snapshot {
	char commit[ISMS_OID_HEX];     /* the commit read */
	char *label;                   /* what was asked: "HEAD", a tag, a date */
	long long time;                /* the commit's time */
	int offset;                    /* and its zone, minutes east of UTC */
	struct isms_records records;   /* kinds in table order, files by ID */
	struct isms_node *config;      /* isms.yaml then; NULL when it could not be read */
	struct isms_findings config_findings;
	struct isms_method method;     /* its risk method (the default when unreadable) */
	const char *organisation;      /* "" when not set */
	const char *isms_type;         /* whole-entity (when not set), part-of-entity, several-isms */
};

/* Read every record at `rev`: NULL or "" for HEAD, YYYY-MM-DD for the
 * newest commit of HEAD's history made on or before that day, or anything
 * git rev-parse takes (a hash, a tag). ISMS_ENOTFOUND when there is no such
 * commit. A file that cannot be parsed is a record with a NULL root and its
 * reason in its findings. Free with isms_snapshot_free. */
int isms_store_snapshot(struct isms_snapshot *out, struct isms_store *store, const char *rev);
/* What a snapshot needs to read, to hold less: `kinds` (NULL-terminated
 * kind names; NULL: all) and, per kind, the only fields kept after a record
 * is read and validated (`prune`, ended by an entry whose kind is NULL). */
struct isms_snapshot_keep {
	const char *kind;
	const char *const *fields;  /* NULL-terminated */
};
struct isms_snapshot_opts {
	const char *const *kinds;
	const struct isms_snapshot_keep *prune;
};
/* isms_store_snapshot reading only what `opts` asks (NULL: everything). */
int isms_store_snapshot_with(struct isms_snapshot *out, struct isms_store *store, const char *rev,
			     const struct isms_snapshot_opts *opts);
/* Free what `snap` holds and empty it; NULL is fine. */
void isms_snapshot_free(struct isms_snapshot *snap);
/* The tree of record `id` in the snapshot, or NULL. */
const struct isms_node *isms_snapshot_find(const struct isms_snapshot *snap, const char *id);

/* The state of every clause (isms_clause_count() entries into `out`) and,
 * when `report` is not NULL, what isms_store_check reports, from one reading
 * of the records. */
struct isms_report;
int isms_store_completeness(struct isms_clause_state *out, struct isms_report *report,
			    struct isms_store *store);
/* The same from records already read with isms_store_load_all, so that one
 * reading serves this, document control and the caller's own use. With
 * `report`, the report's findings are also added to the records' own. */
int isms_store_completeness_of(struct isms_clause_state *out, struct isms_report *report,
			       struct isms_store *store, struct isms_records *records);

/* Findings for one file. */
struct isms_file_findings {
	char *path;  /* relative to the top */
	struct isms_findings findings;
};

struct isms_report {
	struct isms_file_findings *files;
	size_t count, cap;
};

/* Check isms.yaml, every record file on its own and all of them together
 * (the cross-record rules); only files with findings appear. Findings that
 * concern the Statement of Applicability as a whole appear under "controls/". */
int isms_store_check(struct isms_report *out, struct isms_store *store);

/* The findings of isms check for what is staged, as a commit would take
 * it: the index at $GIT_INDEX_FILE (set by git for its pre-commit hook),
 * or git's own; each staged ISMS file with the checks of isms commit.
 * For a pre-commit hook: it checks what is committed, not the working tree. */
int isms_store_check_staged(struct isms_report *out, struct isms_store *store);
/* Free what `report` holds and empty it; NULL is fine. */
void isms_report_free(struct isms_report *report);

/* Review (27001 7.5.2): a reviewer's comments and decision on a controlled
 * document, as git's identity. A review changes no file: it is a commit of
 * its own ("ID: review vX.Y (DECISION)", the comments as its body) with the
 * trailers Record, Clause, Review (approve or changes-requested),
 * Reviewed-by and Reviewed-blob (the blob of the file reviewed), so that
 * the document's approval and its authors are untouched. Refused for a
 * record that is not controlled, is retired or superseded, is not committed
 * or has changes not committed, and without comments; `seen` as for
 * isms_store_approve. */
int isms_store_review(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_record *rec, const char *decision, const char *comments,
		      const char *seen);
/* isms_store_review as `who` at its time (git's identity when NULL); with
 * `who` nothing is signed. */
int isms_store_review_as(char commit[ISMS_OID_HEX], struct isms_store *store,
			 struct isms_record *rec, const char *decision, const char *comments,
			 const char *seen, const struct isms_ident *who);
/* Whether a review (or with `approval`, an approval) of `rec` could be
 * made now as far as its state and file go, for a dialog to ask before it
 * asks for comments: 0, or the refusal isms_store_review or
 * isms_store_approve would give: ISMS_EINVALID for a record not controlled,
 * retired, superseded or not committed; ISMS_ECONFLICT when its file has
 * changes not committed, was committed again since `rec` was read ("changed
 * since it was read"), or is not the blob `seen` (may be NULL). The
 * approval's other rules (validation, authors) are checked when approving. */
int isms_store_review_ready(struct isms_store *store, const struct isms_record *rec,
			    const char *seen, bool approval);

/* The history of record `id` (file `path`): the commits that changed its
 * file and its reviews, newest first; in a shallow clone as far as it goes
 * (out->shallow names where it stops). */
int isms_store_history(struct isms_log *out, struct isms_store *store, const char *id,
		       const char *path);

/* A measurement's values over time (src/store/series.c): one point per
 * commit of its file's history (the history index's, not a walk) where its
 * `result` or `measured_on` changed, in the order of measured_on (a value
 * corrected on the same day: the later commit's stands). */
struct isms_point {
	char date[11];               /* measured_on as written; "" when missing */
	char *text;                  /* result as written */
	bool numeric;                /* the result starts with a number: */
	double value;                /* "96", "96%", "4.5 h" -> 96, 96, 4.5 */
	char commit[ISMS_OID_HEX];
	long long time;              /* the commit's time */
	size_t order;                /* the commit's place in history, oldest 1 */
};

struct isms_series {
	struct isms_point *items;
	size_t count, cap;
	size_t unreadable;           /* versions that could not be read (not YAML) */
	char shallow[ISMS_OID_HEX];  /* as isms_log's: where a shallow clone stops */
};

/* The series of record `id` (a measurement: result and measured_on). A
 * record without history is an empty series. */
int isms_store_series(struct isms_series *out, struct isms_store *store, const char *id);
void isms_series_free(struct isms_series *s);

/* The number a value starts with ("96%", " 4.5 h", "-3"): true and *out,
 * or false when it does not start with one. Not locale-dependent. */
bool isms_number_lead(const char *text, double *out);

/* How a target reads: ">= 95%", "at least 95", "95%" (no operator: at
 * least), "<= 4 hours", "at most 4", "> 90", "over 90", "< 5", "under 5". */
enum isms_target_dir {
	ISMS_TARGET_AT_LEAST,
	ISMS_TARGET_AT_MOST,
	ISMS_TARGET_ABOVE,
	ISMS_TARGET_BELOW,
};
/* True with *dir and *value when `text` holds a number; false when the
 * target is not numeric. */
bool isms_target_parse(const char *text, enum isms_target_dir *dir, double *value);
/* Whether `value` meets a target of `dir` and `target`. */
bool isms_target_met(enum isms_target_dir dir, double target, double value);

/* Retention (27001 7.5.3): the date the retention of a retired record ends,
 * its retired_on plus its own `retention` ("N years") or else isms.yaml's
 * retention_years for its kind. ISMS_ENOTFOUND when it is not retired or
 * has no retention period, ISMS_EINVALID when retired_on or retention
 * cannot be read. */
int isms_store_retention_end(char end[11], const struct isms_store *store,
			     const struct isms_kind *kind, const struct isms_node *root);

/* Dispose of a retired record whose retention has ended (refused
 * otherwise): remove its file, and a document's own file, in one commit
 * ("ID: dispose TITLE", the reason as body, trailers Record, Clause and
 * Disposed: yes). Its history stays. */
int isms_store_dispose(char commit[ISMS_OID_HEX], struct isms_store *store,
		       struct isms_record *rec, const char *reason);

/* External documents (27001 7.5.3): files of any format kept in
 * documents/files/ with a document record (file, sha256). */
#define ISMS_DOC_FILES "documents/files"
#define ISMS_DOC_MAX_BYTES (50u * 1024 * 1024)

struct isms_doc_opts {
	const char *title;           /* NULL: the file's name */
	const char *owner;           /* may be NULL */
	const char *classification;  /* may be NULL */
	const struct isms_ident *author;  /* NULL: git's identity */
};

/* Copy `file` (a regular file, not a symbolic link, at most
 * ISMS_DOC_MAX_BYTES, whose name is a plain file name) to
 * documents/files/NAME, create a document record for it (file, sha256,
 * title) and commit both. `out` receives the record. */
int isms_store_doc_add(char commit[ISMS_OID_HEX], struct isms_record **out,
		       struct isms_store *store, const char *file, const struct isms_doc_opts *opts);

/* Register a new version of document `rec`'s own file from `file` (a
 * regular file, not a symbolic link, at most ISMS_DOC_MAX_BYTES): copy it
 * over documents/files/NAME atomically, set the record's sha256, bump its
 * version (the next minor: 0.1 -> 0.2; an approved document starts its next
 * draft, 1.0 -> 1.1, status draft, without approved_by and approved_on, as
 * editing does) and commit both in one commit with the trailers Record,
 * Clause, Version (and Status: draft). `message` NULL: "ID: new version
 * X.Y of TITLE (NAME)". Refused when the bytes are those the record already
 * records, when the record has changes not committed or changed since it
 * was read, and when documents/files/NAME has changes not committed that
 * `file` would overwrite (giving that file itself registers them). On
 * failure nothing is written; `rec` is updated on success. */
int isms_store_doc_update(char commit[ISMS_OID_HEX], struct isms_store *store,
			  struct isms_record *rec, const char *file, const char *message);

/* Document control at a glance (27001 7.5): files changed in the working
 * tree outside the workbench, reviews overdue or due within 30 days (today
 * honours ISMS_TODAY), retired records whose retention has ended, and the
 * external documents with whether their file still matches. */
struct isms_doccontrol_file {
	char *path;  /* relative to the top */
	char code;   /* as isms_status_entry: 'M', 'A', 'D', 'R', '?' */
	char *id;    /* the record this file is, or the document whose file it is; NULL */
	char blob[ISMS_OID_HEX];  /* the blob id of its bytes when listed; "" when it is gone
				     or could not be read */
};

struct isms_doccontrol_review {
	char *id, *title;
	char date[11];  /* next_review */
	bool overdue;   /* before today; otherwise due within 30 days */
};

struct isms_doccontrol_retention {
	char *id, *title;
	char retired[11], end[11];  /* retired_on, and when its retention ended */
};

struct isms_doccontrol_doc {
	char *id, *title, *version, *file;
	char *problem;  /* NULL, or why its file does not match (missing, changed) */
};

struct isms_doccontrol {
	char head[ISMS_OID_HEX];  /* the commit the listing was made at; "" before any */
	struct isms_doccontrol_file *files;
	size_t file_count;
	struct isms_doccontrol_review *reviews;  /* by date, then ID */
	size_t review_count;
	struct isms_doccontrol_retention *retention;
	size_t retention_count;
	struct isms_doccontrol_doc *docs;
	size_t doc_count;
};

/* Fill `out` (free with isms_doccontrol_free) from one reading of the records
 * and of the working tree. */
int isms_store_doccontrol(struct isms_doccontrol *out, struct isms_store *store);
/* The same from records and the working tree's status already read
 * (`changes` NULL: the status is read now). */
int isms_store_doccontrol_of(struct isms_doccontrol *out, struct isms_store *store,
			     const struct isms_records *records, const struct isms_status *changes);
/* Free what `control` holds and empty it; NULL is fine. */
void isms_doccontrol_free(struct isms_doccontrol *control);

/* Validate the working-tree state of `path` (relative to the top), a file
 * changed outside the workbench, as committing it alone would (other files
 * as HEAD has them): a record must parse and validate, pass the checks of
 * isms_store_check for one record (an approved document unchanged since its
 * approval, or else no longer status approved), and, a document, match its
 * file's sha256, with a new version for a new sha256; a deleted record must
 * be retired and past its retention; a document's file must match the
 * sha256 of the record that names it (otherwise a new version is to be
 * registered with isms_store_doc_update) and may not be deleted while a
 * record names it; isms.yaml must parse. Findings are appended to `out`.
 * ISMS_EUNSAFE for a path that is no ISMS file or not a regular file. */
int isms_store_validate_file(struct isms_findings *out, struct isms_store *store,
			     const char *path);

/* Commit exactly `paths` (relative to the top; one named twice counts once)
 * as they are in the working tree, with `message` (required) and a Record
 * trailer per record (and Clause for one record), after validating each as
 * isms_store_validate_file does, against the others as they will be after
 * this commit. Each file is read once: the bytes validated are the bytes
 * committed. `report` receives the findings per file (free with
 * isms_report_free); any error among them is ISMS_EINVALID and nothing is
 * committed. Refused for a path without changes. `expect_head` (NULL or ""
 * for none) is the commit the caller listed the changes at: if the branch
 * moved since, the result is ISMS_ECONFLICT. */
int isms_store_commit_files(char commit[ISMS_OID_HEX], struct isms_report *report,
			    struct isms_store *store, const char *const *paths, size_t count,
			    const char *message, const char *expect_head);

/* As isms_store_commit_files, and each path's bytes must still be those the
 * caller showed: expect_blobs[i] is the blob id they had (as
 * isms_doccontrol_file.blob; "" for a file that was gone), or NULL for no
 * pin. A file changed since is ISMS_ECONFLICT and nothing is committed. */
int isms_store_commit_files_pinned(char commit[ISMS_OID_HEX], struct isms_report *report,
				   struct isms_store *store, const char *const *paths,
				   const char *const *expect_blobs, size_t count,
				   const char *message, const char *expect_head);

#endif
