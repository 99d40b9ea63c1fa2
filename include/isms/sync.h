/* SPDX-License-Identifier: MIT */
/* Working together: exchanging the ISMS with a Git remote, record by record.
 *
 * Fetching and pushing run the external `git` program, so that the remote is
 * reached exactly as the user's git reaches it (~/.ssh/config with its host
 * aliases, ProxyJump and IdentityFile, ssh-agent, credential helpers); its
 * prompts and messages go to the terminal. The merge itself is done here, a
 * record at a time: a record changed on one side only is taken from that
 * side; a record changed on both sides is merged field by field over the
 * parsed records (base, ours, theirs): a field changed on one side only is
 * taken from it, a long text changed on both is merged by lines where the
 * changes do not overlap, and only fields changed on both sides to
 * different values are a conflict, listed field by field. A decision (an
 * approval, an acceptance: doc/trust.md) is never merged into existence: a
 * decision made on one side and a change on the other is a conflict of its
 * own (ISMS_SYNC_CHANGED_AFTER_ACT). A merged record must pass validation
 * and is written with the store's emitter (deterministic). Deleted on one
 * side and changed on the other, or not readable as a record (comments,
 * which rewriting would drop), is a conflict on the whole record.
 *
 * Nothing is lost: on a conflict nothing changes here (the branch keeps our
 * version, the remote-tracking branch "origin/main" theirs) until the user
 * chooses a side per record; the merge commit then has both sides as
 * parents and names the version that was not kept. */
#ifndef ISMS_SYNC_H
#define ISMS_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/repo.h"
#include "isms/store.h"

enum isms_sync_side { ISMS_SYNC_OURS, ISMS_SYNC_THEIRS };

/* The side to keep for one record in conflict. */
struct isms_sync_choice {
	const char *record;  /* a record ID ("POL-001") or a path ("documents/files/a.pdf") */
	enum isms_sync_side side;
};

struct isms_sync_opts {
	const char *remote;  /* NULL: the branch's upstream remote, or "origin" */
	const struct isms_sync_choice *choices;
	size_t choice_count;
	/* IDs that both sides gave to different new records: ours is given the
	 * next number free on both sides (see isms_sync_run). */
	const char *const *renumber;
	size_t renumber_count;
};

#define ISMS_SYNC_OPTS_INIT { .remote = NULL, .choices = NULL, .choice_count = 0, \
	.renumber = NULL, .renumber_count = 0 }

/* One side's change to a record since the two sides parted. */
struct isms_sync_change {
	char how;                   /* 'A' added, 'M' changed, 'D' deleted, 'T' tagged */
	char commit[ISMS_OID_HEX];  /* the latest commit on that side that changed it
				       (a tag: the commit tagged) */
	char *author;               /* "Name <email>" of that commit (a tag: its tagger);
				       NULL when unknown */
	char *summary;              /* its summary line; NULL when unknown */
};

enum isms_sync_conflict_kind {
	ISMS_SYNC_BOTH_CHANGED,  /* changed on both sides to different results */
	ISMS_SYNC_ID_CLASH,      /* two different records added with the same ID */
	ISMS_SYNC_FILE_FOLDER,   /* a file on one side, a folder of the same name on the
				    other: `path` is the file, `inside` a file in the
				    folder; no side can be chosen (move one, commit) */
	ISMS_SYNC_TAG_CLASH,     /* a tag (an approval) made on both sides, at different
				    objects: `path` is the tag's name, `id` the record
				    approved (NULL for another tag), how 'T' */
	ISMS_SYNC_CHANGED_AFTER_ACT,  /* a decision (`act`: "approve", "accept"...) made
				    on side `act_side` while the other side changed the
				    record: `fields` lists what the other side changed;
				    only a whole side can be chosen */
};

/* One field of a record in conflict. Values are as text: a scalar's text, a
 * list's items joined by ", "; NULL when the field is absent. */
struct isms_sync_field {
	char *name;
	char *base, *ours, *theirs;
	/* Who last changed it on each side since the sides parted ("Name
	 * <email>") and in which commit; NULL and "" when that side did not
	 * change it or it cannot be told. */
	char *ours_by, *theirs_by;
	char ours_commit[ISMS_OID_HEX], theirs_commit[ISMS_OID_HEX];
};

struct isms_sync_conflict {
	enum isms_sync_conflict_kind kind;
	char *id;    /* the record's ID; NULL for a file that is not a record */
	char *path;  /* relative to the top */
	struct isms_sync_change ours, theirs;
	char *inside;       /* ISMS_SYNC_FILE_FOLDER: a path in the folder */
	bool folder_here;   /* ISMS_SYNC_FILE_FOLDER: the folder is ours */
	/* ISMS_SYNC_BOTH_CHANGED of a record: the fields changed on both sides
	 * to different values (none when the record could not be merged field
	 * by field: `note` says why); ISMS_SYNC_CHANGED_AFTER_ACT: the fields
	 * the side without the decision changed. */
	struct isms_sync_field *fields;
	size_t field_count;
	const char *act;              /* ISMS_SYNC_CHANGED_AFTER_ACT (static) */
	enum isms_sync_side act_side; /* the side that made the decision */
	char *note;                   /* why the record was not merged by field, or NULL */
};

/* A record of ours given a new ID because theirs had the same one. */
struct isms_sync_renumbered {
	char *from, *to;  /* "RSK-001", "RSK-002" */
	char *path;       /* where ours is now: "risks/RSK-002.yaml" */
};

/* A YAML file that came in from the remote and cannot be read. */
struct isms_sync_unreadable {
	char *path;
	char *message;  /* the parser's message, with line and column */
};

enum isms_sync_outcome {
	ISMS_SYNC_UP_TO_DATE,    /* both sides hold the same commit */
	ISMS_SYNC_AHEAD,         /* only this side has new commits: pushed */
	ISMS_SYNC_NEW_BRANCH,    /* the remote had no such branch yet: pushed */
	ISMS_SYNC_FAST_FORWARD,  /* only the remote has new commits: moved to them */
	ISMS_SYNC_MERGED,        /* both had: merged in a commit of its own, pushed */
	ISMS_SYNC_CONFLICTS,     /* records changed on both sides: nothing changed here */
};

struct isms_sync_result {
	enum isms_sync_outcome outcome;
	char *remote;                  /* "origin" */
	char *branch;                  /* "main" */
	char *tracking;                /* where the remote's branch was fetched to: "origin/main" */
	char before[ISMS_OID_HEX];     /* the branch before */
	char after[ISMS_OID_HEX];      /* and after (the merge commit when merged) */
	size_t commits_in;             /* commits the remote had that we had not */
	size_t commits_out;            /* and the other way round */
	size_t records_in;             /* records added or changed by the remote taken in */
	size_t records_deleted;        /* records the remote deleted, deleted here too */
	size_t files_in;               /* other files added, changed or deleted so */
	size_t records_merged;         /* records changed on both sides, merged by field */
	bool pushed;
	bool retried;                  /* the push was refused as the remote had moved on
					  meanwhile: fetched, brought together and pushed
					  once more; the counts are of both rounds */
	char first_after[ISMS_OID_HEX];  /* retried: the branch after the first round */
	struct isms_sync_conflict *conflicts;
	size_t conflict_count, conflict_cap;
	struct isms_sync_unreadable *unreadable;
	size_t unreadable_count, unreadable_cap;
	struct isms_sync_renumbered *renumbered;
	size_t renumbered_count, renumbered_cap;
	char **tags_taken;             /* tags replaced by the remote's (--theirs TAG) */
	size_t tags_taken_count;
};

/* Fetch from the remote, then bring the current branch and the remote's
 * branch of the same name together: fast-forward, merge, or nothing; then
 * push the branch with its approval tags (git push --atomic --follow-tags:
 * the branch and its tags go all together or not at all) when the remote
 * lacks commits.
 *
 * The remote's branches and tags are fetched to refs/isms/remote-heads/
 * REMOTE/ and refs/isms/remote-tags/REMOTE/; the remote-tracking branch
 * (REMOTE/BRANCH) is set from there, and the remote's tags we lack are
 * created here. A tag we have at another object (both sides approved the
 * same version) is a conflict (ISMS_SYNC_TAG_CLASH): a choice of theirs
 * for it (its name, or the record's ID) replaces ours, which is kept as
 * refs/isms/replaced-tags/NAME; ours is refused (ISMS_EUSAGE), since the
 * shared repository's tags are never replaced.
 *
 * Returns 0 with `outcome` ISMS_SYNC_CONFLICTS and the conflicts listed when
 * records changed on both sides and `opts` chooses no side for them; nothing
 * here is changed then (the remote's tags are created here only when the
 * sync goes ahead). A choice for a record merged by field takes that side's
 * value for each field in conflict (the other fields stay merged); for a
 * decision against a change (ISMS_SYNC_CHANGED_AFTER_ACT) or a record not
 * merged by field it takes that side's whole record. A record added on both sides with different
 * contents is an ID clash (kind ISMS_SYNC_ID_CLASH): two records were given
 * the same number. Naming its ID in `renumber` keeps both: in the merge our
 * record gets the next number of its kind free on both sides (its `id` and
 * file name change), and references to the old ID in the records our side
 * added or changed since the two sides parted (they can only mean ours) are
 * changed with it; the merge commit says so (Renumbered: OLD -> NEW). Kinds
 * whose IDs are given, not numbered, are refused (ISMS_EUSAGE), and so is
 * a record of ours that has approval tags. Choices (sides and renumbering)
 * are taken only all together: a merge with conflicts left unchosen changes
 * nothing. A choice that names no conflict is refused (ISMS_EUSAGE), before
 * anything changes. The working tree and index follow the branch; a file the
 * sync would change that has changes not committed (or is in the way, not
 * tracked) stops it before anything changes (ISMS_ECONFLICT, the files
 * named). YAML files that came in and cannot be read are listed in
 * `unreadable`, not refused: they are the remote's commits, kept as they
 * are, and `isms check` reports them too. The store's save lock is held
 * from reading the branch to moving it. ISMS_ENOTFOUND when the remote is
 * neither configured nor an address; ISMS_EINVALID in a shallow clone whose history does not
 * reach where the sides parted; ISMS_ERROR when git cannot be run or fetch/push fail (the
 * details are on standard error, from git), after a merge too: `out` then
 * tells what was done. Free `out` with isms_sync_result_free. */
int isms_sync_run(struct isms_sync_result *out, struct isms_store *store,
		  const struct isms_sync_opts *opts);
/* Free what `result` holds and empty it; NULL is fine. */
void isms_sync_result_free(struct isms_sync_result *result);

#endif
