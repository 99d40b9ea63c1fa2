/* SPDX-License-Identifier: MIT */
/* Record kinds and their fields: one definition that the store, validation
 * and (later) forms and exports all read. Adding a field is one line in
 * src/model/kind.c. */
#ifndef ISMS_KIND_H
#define ISMS_KIND_H

#include <stdbool.h>
#include <stddef.h>

enum isms_field_type {
	ISMS_FIELD_TEXT,      /* one line of text */
	ISMS_FIELD_LONGTEXT,  /* text of any length, written as a block */
	ISMS_FIELD_ENUM,      /* one of `values` */
	ISMS_FIELD_DATE,      /* YYYY-MM-DD */
	ISMS_FIELD_NUMBER,    /* a whole number from `min` to `max` */
	ISMS_FIELD_SCALE,     /* a level on a risk scale of isms.yaml: `ref` names it */
	ISMS_FIELD_BOOL,      /* yes or no */
	ISMS_FIELD_PERSON,    /* a name, or "Name <email>" */
	ISMS_FIELD_REF,       /* the ID of another record */
	ISMS_FIELD_REFS,      /* a list of IDs */
};

struct isms_field {
	const char *name;
	enum isms_field_type type;
	bool required;
	const char *const *values;  /* ISMS_FIELD_ENUM: NULL-terminated */
	int min, max;               /* ISMS_FIELD_NUMBER; ISMS_FIELD_ENUM: max 1, a list of
				       several values is allowed */
	const char *ref;            /* ISMS_FIELD_REF(S): the kind referred to, NULL for any;
				       ISMS_FIELD_SCALE: "likelihood" or "impact" */
	const char *def;            /* the value a new record starts with, or NULL */
	const char *help;
	/* A decision field: the act (the command) that alone writes it, such
	 * as "approve" or "accept", or NULL for a field anyone may write. The
	 * trust model: doc/trust.md. */
	const char *act;
};

enum isms_id_style {
	ISMS_ID_NUMBERED,  /* PREFIX-0001, allocated by the store */
	ISMS_ID_CONTROL,   /* an Annex A identifier such as A.5.15, given */
};

struct isms_kind {
	const char *name;    /* "policy" */
	const char *folder;  /* "policies" */
	const char *prefix;  /* "POL" */
	const char *clause;  /* "5.2" */
	const char *title;   /* "Policy" */
	enum isms_id_style id_style;
	const struct isms_field *fields;  /* in the order they are written */
	size_t field_count;
	bool controlled;     /* a controlled document: approval, versions, review (7.5) */
};

size_t isms_kind_count(void);
const struct isms_kind *isms_kind_at(size_t i);
const struct isms_kind *isms_kind_find(const char *name);
const struct isms_kind *isms_kind_by_folder(const char *folder);
const struct isms_field *isms_kind_field(const struct isms_kind *kind, const char *name);

/* Every kind's field names, each once, numbered from 1 in the kind table's
 * order (the same in every run of one program): the number of `name` (0
 * when it is no field's name), and the name of a number (NULL for none),
 * which is the kind table's own string. */
unsigned isms_field_name_number(const char *name);
const char *isms_field_name(unsigned number);
/* Put record `map`'s fields in the kind's order, as its files are written:
 * the kind's fields first, in table order, then any other as it was. */
struct isms_node;
void isms_kind_order(struct isms_node *map, const struct isms_kind *kind);
/* The kind whose ID shape `id` has with the default prefixes (PREFIX-digits,
 * or A.n.n), or NULL. The store knows the prefixes isms.yaml sets. */
const struct isms_kind *isms_kind_for_id(const char *id);
/* True when `id` has the shape this kind's IDs have, with `prefix` (NULL:
 * the kind's default) for numbered kinds. */
bool isms_kind_id_matches(const struct isms_kind *kind, const char *prefix, const char *id);

/* The act that alone may give a record of this kind this `status`
 * ("approve" for approved documents, "accept" for an accepted risk,
 * "close" for a closed nonconformity), or NULL when anyone may. */
const char *isms_kind_status_act(const struct isms_kind *kind, const char *status);

/* The act that alone may write `field` with `value` (the field's own act,
 * or the status's), or NULL. */
const char *isms_kind_field_act(const struct isms_kind *kind, const char *field,
				const char *value);

/* "folder/ID.yaml", where a record of this kind with this ID lives; the
 * caller frees. The ID must have passed isms_id_check. */
char *isms_kind_record_path(const struct isms_kind *kind, const char *id);

/* Check an ID before it becomes part of a path: 1 to 64 characters from
 * A-Z a-z 0-9 . _ -, starting with a letter or digit, no "..", not ".git".
 * Returns 0 or ISMS_EINVALID with a message that says what is wrong. */
int isms_id_check(const char *id);

/* The names of the kinds, comma-separated, for messages. */
const char *isms_kind_names(void);

#endif
