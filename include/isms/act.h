/* SPDX-License-Identifier: MIT */
/* Decisions are acts (doc/trust.md): approve, accept, approve-plan, close
 * and acknowledge, each one commit by the actor's Git identity, with the
 * trailers Act, Actor, Act-blob and Act-binds; and checking that every
 * decision a record shows is backed by its act (check, verify). */
#ifndef ISMS_ACT_H
#define ISMS_ACT_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/repo.h"
#include "isms/store.h"
#include "isms/validate.h"

/* One act: its command, the kinds it is made on, the fields it writes. */
struct isms_act {
	const char *name;               /* "accept": the command is 'isms accept ID' */
	const char *kinds[4];           /* the kinds it is made on (NULL-terminated) */
	const char *by, *on;            /* its person and date fields, or NULL */
	const char *status;             /* the status it gives, or NULL */
	/* The fields it decides on: a later change to any voids it. NULL: the
	 * whole record, the fields of other acts aside. */
	const char *const *binds;
	const char *const *requires;    /* fields that must have text first */
	bool owner_only;                /* only the record's owner makes it */
	const char *what;               /* "the acceptance of the residual risk" */
};

/* The act called `name`, or NULL. */
const struct isms_act *isms_act_find(const char *name);
/* The acts, in order; NULL past the last. */
const struct isms_act *isms_act_at(size_t i);
/* Whether `act` is made on records of `kind`. */
bool isms_act_applies(const struct isms_act *act, const struct isms_kind *kind);

struct isms_act_opts {
	const char *note;               /* the commit message's body; may be NULL */
	const char *seen;               /* the blob the actor was shown; NULL: any */
	const struct isms_ident *who;   /* NULL: git's identity, signed as configured */
};
#define ISMS_ACT_OPTS_INIT { .note = NULL, .seen = NULL, .who = NULL }

/* Make act `name` on `rec` as its actor: refused (nothing written, the
 * message says why and what to do) when the record is not of a kind the act
 * is made on, has changes not committed, lacks what the act needs, or the
 * actor may not make it (isms.yaml's authority; a risk's owner for accept
 * and approve-plan; not the author of the corrective action for close).
 * An approval of a controlled document is isms_store_approve_as. `commit`
 * gets the act's commit; `tag` (may be NULL) its tag when it makes one
 * (the caller frees). */
int isms_store_act(char commit[ISMS_OID_HEX], char **tag, struct isms_store *store,
		   struct isms_record *rec, const char *name, const struct isms_act_opts *opts);

/* A broken link of the chain: the record, the act, what is wrong. */
struct isms_broken {
	char *path, *id, *act;
	unsigned line, column;
	char *message;
};

struct isms_verify {
	size_t records, acts, signed_acts;   /* what was checked */
	struct isms_broken *items;           /* what is broken */
	size_t count, cap;
};

/* Re-check every act the records show, on any clone: the act commit and its
 * trailers, the actor's identity and authority at that time, approver not
 * author, the blob, signatures (git verify-commit / verify-tag; a person's
 * signing key from the register), nothing changed since. 0 when it could be
 * checked (out->count says what is broken), a negative ISMS_E code when not. */
int isms_store_verify(struct isms_verify *out, struct isms_store *store);
void isms_verify_free(struct isms_verify *v);

/* Create a person record for each distinct name the records' person
 * fields use that the register lacks ("Name <email>" gives the email;
 * the emails the name commits with in history are added), one commit each.
 * *created gets "PER-NNN Name <emails>" lines (free each and the array). */
int isms_store_people_migrate(char ***created, size_t *count, struct isms_store *store);

#endif
