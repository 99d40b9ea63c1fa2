/* SPDX-License-Identifier: MIT */
/* Import from a spreadsheet: columns matched to fields, each row read as a
 * record to create or change, every problem at its row and column; then
 * all of it in one commit (isms_store_save_all), or nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "isms/import.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "import_private.h"

/* How a column is read for one kind: the field, "id", "kind", or NULL. */
struct kind_map {
	const struct isms_kind *kind;
	const char **fields;  /* per column */
};

struct given_id {
	const char *id;
	unsigned row;
};

struct planner {
	struct isms_import_plan *plan;
	struct isms_store *store;
	const struct isms_import_opts *opts;
	const struct isms_kind *target;      /* NULL: each row's own kind */
	const struct isms_sheet_row *header;
	char **folded;                       /* the headers, folded */
	size_t columns;
	const char **mapped;                 /* --map: per column the field, "" to leave out */
	struct kind_map maps[64];
	size_t map_count;
	struct given_id *ids;                /* the IDs the file gives, sorted */
	size_t id_count;
	struct isms_entries *titles;         /* per kind index: existing records, for rows without ID */
	struct isms_node **pending;          /* per item: fields of a new record without an ID */
	const struct isms_kind **pending_kind;
};

static void finding(struct planner *p, enum isms_severity sev, unsigned row, size_t col,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void finding(struct planner *p, enum isms_severity sev, unsigned row, size_t col,
		    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = isms_vasprintf(fmt, ap);
	va_end(ap);
	isms_findings_add(&p->plan->findings, sev, row, (unsigned)col + 1, "%s", msg);
	free(msg);
}

/* The cell at `col` of `row`; NULL when empty or when `col` is past the
 * header's columns ("no such column"). */
static const char *cell_at(const struct planner *p, const struct isms_sheet_row *row, size_t col)
{
	return col < p->columns ? isms_sheet_cell(row, col) : NULL;
}

static const char *header_text(const struct planner *p, size_t col)
{
	const char *h = isms_sheet_cell(p->header, col);

	return h ? h : "";
}

/* The --map options: per column, the field named ("" to leave it out). */
static int read_maps(struct planner *p)
{
	p->mapped = isms_calloc(p->columns ? p->columns : 1, sizeof(*p->mapped));
	for (size_t i = 0; i < p->opts->map_count; i++) {
		const char *m = p->opts->maps[i], *eq = strrchr(m, '=');
		char *col, *fc;
		size_t found = p->columns;

		if (!eq || eq == m)
			return isms_error_set(ISMS_EUSAGE, "--map '%s' is not COLUMN=FIELD", m);
		col = isms_strndup(m, (size_t)(eq - m));
		fc = import_fold(col);
		for (size_t c = 0; c < p->columns && found == p->columns; c++) {
			char name[8];

			isms_sheet_column_name(name, c);
			if (strcmp(p->folded[c], fc) == 0 || strcmp(name, col) == 0)
				found = c;
		}
		free(fc);
		if (found == p->columns) {
			isms_error_set(ISMS_EUSAGE, "--map '%s': no column is headed '%s'", m, col);
			free(col);
			return ISMS_EUSAGE;
		}
		free(col);
		p->mapped[found] = eq + 1;
	}
	return 0;
}

static bool field_taken(const char **fields, size_t n, const char *f)
{
	for (size_t i = 0; i < n; i++)
		if (fields[i] && strcmp(fields[i], f) == 0)
			return true;
	return false;
}

/* Say how each column is read (once, for the first kind mapped). */
static void describe_columns(struct planner *p, const struct kind_map *km)
{
	p->plan->columns = isms_calloc(p->columns ? p->columns : 1, sizeof(char *));
	p->plan->column_count = p->columns;
	for (size_t c = 0; c < p->columns; c++) {
		char name[8];

		isms_sheet_column_name(name, c);
		p->plan->columns[c] = isms_asprintf("%s %s -> %s", name, header_text(p, c),
						    km->fields[c] ? km->fields[c] : "(not imported)");
	}
}

/* The columns' fields for `kind`: --map, then the fields' names, then the
 * words spreadsheets use; decision fields left out with a warning. */
static const struct kind_map *map_for(struct planner *p, const struct isms_kind *kind)
{
	struct kind_map *km;

	for (size_t i = 0; i < p->map_count; i++)
		if (p->maps[i].kind == kind)
			return &p->maps[i];
	km = &p->maps[p->map_count++];
	km->kind = kind;
	km->fields = isms_calloc(p->columns ? p->columns : 1, sizeof(*km->fields));
	for (size_t c = 0; c < p->columns; c++) {
		const char *m = p->mapped[c];

		if (m && *m && (isms_kind_field(kind, m) || strcmp(m, "id") == 0))
			km->fields[c] = isms_kind_field(kind, m) ? isms_kind_field(kind, m)->name : "id";
		else if (m && *m)
			finding(p, ISMS_SEV_ERROR, p->header->row, c,
				"--map names '%s', which is not a field of a %s record "
				"('isms help kind %s' lists them)", m, kind->name, kind->name);
	}
	for (int later = 0; later < 2; later++)
		for (size_t c = 0; c < p->columns; c++) {
			const char *f;

			if (p->mapped[c] || km->fields[c] || !p->folded[c][0])
				continue;
			f = import_header_field(kind, p->folded[c], false);
			if (f && strcmp(f, "title|id") == 0) {
				/* The kind's name: its title, unless a column is that. */
				if (!later)
					continue;
				f = field_taken(km->fields, p->columns, "title") ? "id" : "title";
			} else if (later) {
				f = import_header_field(kind, p->folded[c], true);
			} else if (!f && strcmp(p->folded[c], "kind") == 0) {
				f = "kind";
			}
			if (f && !field_taken(km->fields, p->columns, f))
				km->fields[c] = f;
		}
	/* A spreadsheet SoA's "Status" is how far a control is implemented,
	 * unless another column says that. */
	if (isms_kind_field(kind, "implementation") &&
	    !field_taken(km->fields, p->columns, "implementation"))
		for (size_t c = 0; c < p->columns; c++)
			if (!p->mapped[c] && km->fields[c] && strcmp(km->fields[c], "status") == 0 &&
			    strcmp(kind->name, "control") == 0)
				km->fields[c] = "implementation";
	for (size_t c = 0; c < p->columns; c++) {
		const char *f = km->fields[c], *act;

		if (f && (act = isms_kind_field_act(kind, f, NULL))) {
			finding(p, ISMS_SEV_WARNING, p->header->row, c,
				"column '%s' is '%s', a decision that only 'isms %s' records; "
				"it is not imported", header_text(p, c), f, act);
			km->fields[c] = NULL;
		} else if (!f && !p->mapped[c] && p->folded[c][0]) {
			finding(p, ISMS_SEV_WARNING, p->header->row, c,
				"column '%s' matches no field of a %s record; it is not imported "
				"(--map '%s=FIELD' to import it)", header_text(p, c), kind->name,
				header_text(p, c));
		}
	}
	if (!p->plan->columns)
		describe_columns(p, km);
	return km;
}

static int compare_given(const void *a, const void *b)
{
	return strcmp(((const struct given_id *)a)->id, ((const struct given_id *)b)->id);
}

static bool given(const struct planner *p, const char *id)
{
	struct given_id key = { .id = id };

	return p->id_count && bsearch(&key, p->ids, p->id_count, sizeof(key), compare_given);
}

/* The column that gives every row's ID or kind, whatever its kind: by
 * --map, or headed id (identifier, ref, reference) or kind. */
static size_t generic_column(const struct planner *p, const char *what)
{
	for (size_t c = 0; c < p->columns; c++)
		if (p->mapped[c] && strcmp(p->mapped[c], what) == 0)
			return c;
	for (size_t c = 0; c < p->columns; c++) {
		const char *h = p->folded[c];

		if (strcmp(what, "kind") == 0 ? strcmp(h, "kind") == 0 || strcmp(h, "record_kind") == 0
		    : strcmp(h, "id") == 0 || strcmp(h, "identifier") == 0 || strcmp(h, "ref") == 0 ||
		      strcmp(h, "reference") == 0)
			return p->mapped[c] ? p->columns : c;
	}
	return p->columns;
}

/* The kind of a row: the target, or its kind column, or its ID's shape. */
static const struct isms_kind *row_kind(struct planner *p, const struct isms_sheet_row *row)
{
	size_t kc = generic_column(p, "kind"), ic = generic_column(p, "id");
	const char *kt = cell_at(p, row, kc), *id = cell_at(p, row, ic);
	const struct isms_kind *k;

	if (p->target)
		return p->target;
	if (kt) {
		char *f = import_fold(kt);

		for (size_t i = 0; i < isms_kind_count(); i++) {
			char *n = import_fold(isms_kind_at(i)->name);
			bool same = strcmp(n, f) == 0;

			free(n);
			if (same) {
				free(f);
				return isms_kind_at(i);
			}
		}
		free(f);
		finding(p, ISMS_SEV_ERROR, row->row, kc, "'%s' is not a kind of record (the kinds: %s)",
			kt, isms_kind_names());
		return NULL;
	}
	if (id && isms_id_check(id) == 0 && (k = isms_store_kind_for_id(p->store, id)))
		return k;
	finding(p, ISMS_SEV_ERROR, row->row, kc < p->columns ? kc : 0,
		"the row names no kind: give a 'kind' column, or IDs such as RSK-0001");
	return NULL;
}

static size_t field_column(const struct kind_map *km, size_t columns, const char *field)
{
	for (size_t c = 0; c < columns; c++)
		if (km->fields[c] && strcmp(km->fields[c], field) == 0)
			return c;
	return columns;
}

/* The IDs the file gives, each checked: a valid ID, of the row's kind, once. */
static void collect_ids(struct planner *p)
{
	size_t cap = 0;

	for (size_t r = 1; r < p->plan->sheet.count; r++) {
		const struct isms_sheet_row *row = &p->plan->sheet.rows[r];
		const struct isms_kind *kind = row_kind(p, row), *k;
		const struct kind_map *km;
		size_t ic;
		const char *id;

		if (!kind)
			continue;
		km = map_for(p, kind);
		ic = field_column(km, p->columns, "id");
		if (!(id = cell_at(p, row, ic)))
			continue;
		if (isms_id_check(id) < 0) {
			finding(p, ISMS_SEV_ERROR, row->row, ic, "%s", isms_error_last()->message);
			continue;
		}
		k = isms_store_kind_for_id(p->store, id);
		if (k != kind || (kind->id_style == ISMS_ID_CONTROL && !isms_control_find(id))) {
			if (k && k != kind)
				finding(p, ISMS_SEV_ERROR, row->row, ic, "'%s' is the ID of a %s, not of a %s",
					id, k->name, kind->name);
			else
				finding(p, ISMS_SEV_ERROR, row->row, ic, "'%s' is not an ID of a %s (%s)", id,
					kind->name, kind->id_style == ISMS_ID_CONTROL ?
					"an Annex A control, A.5.1 to A.8.34" : "PREFIX-number");
			continue;
		}
		p->ids = isms_grow(p->ids, &cap, p->id_count + 1, sizeof(*p->ids));
		p->ids[p->id_count++] = (struct given_id){ .id = id, .row = row->row };
	}
	if (p->id_count > 1)
		qsort(p->ids, p->id_count, sizeof(*p->ids), compare_given);
	for (size_t i = 1; i < p->id_count; i++)
		if (strcmp(p->ids[i].id, p->ids[i - 1].id) == 0)
			finding(p, ISMS_SEV_ERROR, p->ids[i].row, 0,
				"'%s' is also in row %u; a record may be in the file once",
				p->ids[i].id, p->ids[i - 1].row);
}

/* Check the IDs a reference field names: each exists or is in the file,
 * and is of the kind the field refers to. */
static bool refs_ok(struct planner *p, const struct isms_field *f, const struct isms_node *v,
		    unsigned row, size_t col)
{
	size_t n = v->type == ISMS_NODE_SEQ ? v->count : 1;
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		const char *id = v->type == ISMS_NODE_SEQ ? v->items[i]->text : v->text;
		const struct isms_kind *k;
		char *path = NULL;

		if (isms_id_check(id) < 0) {
			finding(p, ISMS_SEV_ERROR, row, col, "'%s' in '%s': %s", id, f->name,
				isms_error_last()->message);
			ok = false;
		} else if (!(k = isms_store_kind_for_id(p->store, id)) ||
			   (f->ref && strcmp(k->name, f->ref) != 0)) {
			finding(p, ISMS_SEV_ERROR, row, col, "'%s' in '%s' is not the ID of a %s", id,
				f->name, f->ref ? f->ref : "record");
			ok = false;
		} else if (!given(p, id) && isms_store_locate(&k, &path, p->store, id) < 0) {
			finding(p, ISMS_SEV_ERROR, row, col, "'%s' in '%s': no such record here or in "
				"the file", id, f->name);
			ok = false;
		}
		free(path);
	}
	return ok;
}

/* Whether `a` and `b` are the same value of `f` (yes and true alike). */
static bool same_value(const struct isms_field *f, const struct isms_node *a,
		       const struct isms_node *b)
{
	if (!a || !b)
		return a == b;
	if (f->type == ISMS_FIELD_BOOL && a->type == ISMS_NODE_SCALAR && b->type == ISMS_NODE_SCALAR)
		return isms_scalar_true(a) == isms_scalar_true(b) &&
		       isms_scalar_false(a) == isms_scalar_false(b);
	if (a->type == ISMS_NODE_SCALAR && b->type == ISMS_NODE_SCALAR)
		return strcmp(a->text, b->text) == 0;
	return isms_node_equal(a, b);
}

/* The row's values, read as its kind's fields, into a new mapping. */
static struct isms_node *row_fields(struct planner *p, const struct isms_kind *kind,
				    const struct kind_map *km, const struct isms_sheet_row *row)
{
	struct isms_node *fields = isms_node_map();

	for (size_t c = 0; c < p->columns && c < row->count; c++) {
		const struct isms_field *f = km->fields[c] ? isms_kind_field(kind, km->fields[c]) : NULL;
		const struct isms_cell *cell = &row->cells[c];
		struct isms_node *v;
		const char *act;
		char *why;

		if (!f || !cell->text || strcmp(f->name, "id") == 0 || strcmp(f->name, "kind") == 0)
			continue;
		import_value(&v, &why, f, cell, isms_store_method(p->store));
		if (why) {
			finding(p, ISMS_SEV_ERROR, row->row, c, "%s", why);
			free(why);
			continue;
		}
		if (!v)
			continue;  /* undecided: nothing to change */
		if (v->type == ISMS_NODE_SCALAR && (act = isms_kind_field_act(kind, f->name, v->text))) {
			finding(p, ISMS_SEV_WARNING, row->row, c, "%s '%s' is a decision that only "
				"'isms %s' records; it is not imported", f->name, v->text, act);
			isms_node_free(v);
			continue;
		}
		if ((f->type == ISMS_FIELD_REF || f->type == ISMS_FIELD_REFS) &&
		    !refs_ok(p, f, v, row->row, c)) {
			isms_node_free(v);
			continue;
		}
		isms_map_set(fields, f->name, v);
	}
	return fields;
}

/* Put `fields` into `item`'s record, saying which changed. */
static void apply_fields(struct isms_import_item *item, struct isms_node *fields)
{
	struct isms_buf changed = ISMS_BUF_INIT;
	struct isms_record *rec = item->record;

	for (size_t i = 0; i < fields->count; i++) {
		const struct isms_pair *pair = &fields->pairs[i];
		const struct isms_field *f = isms_kind_field(rec->kind, pair->key);

		if (same_value(f, isms_map_get(rec->root, pair->key), pair->value))
			continue;
		isms_map_set(rec->root, pair->key, isms_node_clone(pair->value));
		isms_buf_printf(&changed, "%s%s", changed.len ? ", " : "", pair->key);
	}
	if (item->action != ISMS_IMPORT_CREATE)
		item->action = changed.len ? ISMS_IMPORT_CHANGE : ISMS_IMPORT_SAME;
	item->changed = changed.ptr ? isms_buf_detach(&changed) : NULL;
}

/* The record of `kind` titled `title` that exists, for a row without an
 * ID (a register imported again is not duplicated): its ID, or NULL; two
 * or more with that title are an error. */
static const char *by_title(struct planner *p, const struct isms_kind *kind, const char *title,
			    unsigned row, size_t col, bool *ambiguous)
{
	size_t k = 0;
	const char *found = NULL;

	*ambiguous = false;
	while (isms_kind_at(k) != kind)
		k++;
	if (!p->titles)
		p->titles = isms_calloc(isms_kind_count(), sizeof(*p->titles));
	if (!p->titles[k].items && isms_store_list(&p->titles[k], p->store, kind) < 0)
		return NULL;
	for (size_t i = 0; i < p->titles[k].count; i++) {
		const struct isms_entry *e = &p->titles[k].items[i];

		if (!e->title || strcmp(e->title, title) != 0)
			continue;
		if (found) {
			finding(p, ISMS_SEV_ERROR, row, col, "%s and %s are both titled '%s'; give the "
				"row an ID", found, e->id, title);
			*ambiguous = true;
			return NULL;
		}
		found = e->id;
	}
	return found;
}

/* Read one row into a new item: the record it creates or changes. */
static void plan_row(struct planner *p, const struct isms_sheet_row *row)
{
	const struct isms_kind *kind = row_kind(p, row);
	const struct kind_map *km;
	struct isms_import_item item = { .action = ISMS_IMPORT_CREATE, .row = row->row };
	struct isms_node *fields;
	const char *id, *title;
	size_t ic, tc;
	bool ambiguous = false;
	int error;

	if (!kind)
		return;
	for (size_t c = p->columns; c < row->count; c++)
		if (row->cells[c].text) {
			finding(p, ISMS_SEV_WARNING, row->row, c, "a value in a column without a "
				"header; it is not imported");
			break;
		}
	km = map_for(p, kind);
	ic = field_column(km, p->columns, "id");
	tc = field_column(km, p->columns, "title");
	id = cell_at(p, row, ic);
	title = cell_at(p, row, tc);
	if (id && (isms_id_check(id) < 0 || !given(p, id)))
		return;  /* said when the IDs were collected */
	if (!id && kind->id_style == ISMS_ID_CONTROL) {
		finding(p, ISMS_SEV_ERROR, row->row, ic < p->columns ? ic : 0,
			"the row has no control ID (A.5.1 to A.8.34)%s", ic < p->columns ? "" :
			"; no column is headed 'control' or 'id' (--map COLUMN=id)");
		return;
	}
	if (!id && title)
		id = by_title(p, kind, title, row->row, tc, &ambiguous);
	if (ambiguous)
		return;
	fields = row_fields(p, kind, km, row);
	if (id) {
		error = isms_store_load(&item.record, p->store, id);
		if (error == ISMS_ENOTFOUND)
			error = isms_store_create(&item.record, p->store, kind, id);
		else if (error == 0)
			item.action = ISMS_IMPORT_SAME;
		if (error < 0) {
			finding(p, ISMS_SEV_ERROR, row->row, ic, "%s", isms_error_last()->message);
			isms_node_free(fields);
			return;
		}
		{
			const char *st = isms_map_get_text(item.record->root, "status");
			const char *act = st ? isms_kind_status_act(kind, st) : NULL;

			apply_fields(&item, fields);
			if (act && item.action == ISMS_IMPORT_CHANGE)
				finding(p, ISMS_SEV_ERROR, row->row, ic, "%s is %s (by 'isms %s'); an import "
					"does not change a decided record: change it with 'isms set' "
					"or 'isms edit'", id, st, act);
			else if ((item.record->flags & ISMS_YAML_HAS_COMMENTS) &&
				 item.action == ISMS_IMPORT_CHANGE)
				finding(p, ISMS_SEV_ERROR, row->row, ic, "%s has comments, which rewriting "
					"it would drop; change it with 'isms edit %s'", item.record->path, id);
		}
		isms_node_free(fields);
		fields = NULL;
	}
	p->plan->items = isms_grow(p->plan->items, &p->plan->cap, p->plan->count + 1,
				   sizeof(*p->plan->items));
	p->pending = isms_realloc(p->pending, p->plan->cap * sizeof(*p->pending));
	p->pending_kind = isms_realloc(p->pending_kind, p->plan->cap * sizeof(*p->pending_kind));
	p->pending_kind[p->plan->count] = kind;
	p->pending[p->plan->count] = fields;  /* a new record without an ID: numbered later */
	p->plan->items[p->plan->count++] = item;
}

/* New records without an ID: the next free numbers of their kind, after
 * every ID the kind ever had and every one the file gives. */
static void number_new(struct planner *p)
{
	for (size_t i = 0; i < p->plan->count; i++) {
		const struct isms_kind *kind = p->pending_kind[i];
		struct isms_record *first = NULL;
		unsigned long next;
		const char *dash;
		int digits;

		if (!p->pending[i])
			continue;
		if (isms_store_create(&first, p->store, kind, NULL) < 0) {
			finding(p, ISMS_SEV_ERROR, p->plan->items[i].row, 0, "%s",
				isms_error_last()->message);
			return;
		}
		dash = strrchr(first->id, '-');
		next = strtoul(dash + 1, NULL, 10);
		digits = (int)strlen(dash + 1);
		/* Every new record of this kind from here on, in the file's order. */
		for (size_t j = i; j < p->plan->count; j++) {
			struct isms_import_item *it = &p->plan->items[j];
			char *id;

			if (!p->pending[j] || p->pending_kind[j] != kind)
				continue;
			while (1) {
				id = isms_asprintf("%.*s-%0*lu", (int)(dash - first->id), first->id,
						   digits, next++);
				if (!given(p, id))
					break;
				free(id);
			}
			if (isms_store_create(&it->record, p->store, kind, id) < 0)
				finding(p, ISMS_SEV_ERROR, it->row, 0, "%s", isms_error_last()->message);
			else
				apply_fields(it, p->pending[j]);
			isms_node_free(p->pending[j]);
			p->pending[j] = NULL;
			free(id);
		}
		isms_record_free(first);
	}
}

/* Validate what would be saved as a save does: a finding at the row, and
 * at the column of the field it names when there is one. */
static void validate_items(struct planner *p)
{
	for (size_t i = 0; i < p->plan->count; i++) {
		struct isms_import_item *item = &p->plan->items[i];
		struct isms_findings f = ISMS_FINDINGS_INIT;
		const struct kind_map *km;

		if (!item->record || item->action == ISMS_IMPORT_SAME)
			continue;
		km = map_for(p, item->record->kind);
		isms_record_validate(&f, item->record->root, item->record->kind, item->record->id);
		for (size_t j = 0; j < f.count; j++) {
			size_t col = 0;

			if (f.items[j].severity != ISMS_SEV_ERROR)
				continue;
			for (size_t c = 0; c < p->columns; c++) {
				char *quoted = km->fields[c] ? isms_asprintf("'%s'", km->fields[c]) : NULL;

				if (quoted && strstr(f.items[j].message, quoted))
					col = c;
				free(quoted);
			}
			finding(p, ISMS_SEV_ERROR, item->row, col, "%s: %s", item->record->id,
				f.items[j].message);
		}
		isms_findings_free(&f);
	}
}

static int compare_findings(const void *a, const void *b)
{
	const struct isms_finding *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x < y ? -1 : x > y;
}

static const struct isms_kind *target_kind(const char *target, int *error)
{
	static const char *const names[][2] = {
		{ "soa", "control" }, { "risks", "risk" }, { "assets", "asset" },
	};
	const struct isms_kind *k;

	*error = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(target, names[i][0]) == 0)
			return isms_kind_find(names[i][1]);
	if (strcmp(target, "records") == 0)
		return NULL;
	if ((k = isms_kind_find(target)) || (k = isms_kind_by_folder(target)))
		return k;
	*error = isms_error_set(ISMS_EUSAGE, "cannot import '%s': give soa, risks, assets, "
					"records or a kind (%s)", target, isms_kind_names());
	return NULL;
}

int isms_import_plan(struct isms_import_plan *out, struct isms_store *store, const char *name,
		     const char *data, size_t len, const struct isms_import_opts *opts)
{
	struct planner p = { .plan = out, .store = store, .opts = opts };
	int error;

	memset(out, 0, sizeof(*out));
	out->name = isms_strdup(name);
	isms_sha256(out->sha256, data, len);
	p.target = target_kind(opts->target, &error);
	if (error < 0 || (error = isms_sheet_read(&out->sheet, name, data, len)) < 0)
		goto cleanup;
	if (!out->sheet.count) {
		isms_findings_add(&out->findings, ISMS_SEV_ERROR, 1, 1,
				  "the file has no rows; the first row names the columns");
		goto cleanup;
	}
	p.header = &out->sheet.rows[0];
	p.columns = p.header->count;
	p.folded = isms_calloc(p.columns ? p.columns : 1, sizeof(*p.folded));
	for (size_t c = 0; c < p.columns; c++)
		p.folded[c] = import_fold(header_text(&p, c));
	if ((error = read_maps(&p)) < 0)
		goto cleanup;
	if (p.target)
		map_for(&p, p.target);
	collect_ids(&p);
	for (size_t r = 1; r < out->sheet.count; r++)
		plan_row(&p, &out->sheet.rows[r]);
	number_new(&p);
	validate_items(&p);
	if (out->findings.count > 1)
		qsort(out->findings.items, out->findings.count, sizeof(*out->findings.items),
		      compare_findings);
cleanup:
	for (size_t c = 0; c < p.columns; c++)
		free(p.folded[c]);
	free(p.folded);
	free(p.mapped);
	for (size_t i = 0; i < p.map_count; i++)
		free(p.maps[i].fields);
	free(p.ids);
	for (size_t k = 0; p.titles && k < isms_kind_count(); k++)
		isms_entries_free(&p.titles[k]);
	free(p.titles);
	for (size_t i = 0; p.pending && i < out->count; i++)
		isms_node_free(p.pending[i]);
	free(p.pending);
	free(p.pending_kind);
	if (error < 0)
		isms_import_plan_free(out);
	return error;
}

int isms_import_apply(char commit[ISMS_OID_HEX], struct isms_store *store,
		      struct isms_import_plan *plan)
{
	struct isms_save_all_opts opts = { 0 };
	struct isms_record **recs = isms_calloc(plan->count ? plan->count : 1, sizeof(*recs));
	const char *base = strrchr(plan->name, '/') ? strrchr(plan->name, '/') + 1 : plan->name;
	char *trailers[2];
	size_t n = 0, created = 0;
	int error;

	commit[0] = '\0';
	if (isms_findings_errors(&plan->findings)) {
		free(recs);
		return isms_error_set(ISMS_EINVALID, "%s has errors; nothing was written", plan->name);
	}
	for (size_t i = 0; i < plan->count; i++)
		if (plan->items[i].action != ISMS_IMPORT_SAME) {
			recs[n++] = plan->items[i].record;
			created += plan->items[i].action == ISMS_IMPORT_CREATE;
		}
	opts.message = isms_asprintf("Import %zu record%s from %s (%zu created, %zu changed)", n,
				     n == 1 ? "" : "s", base, created, n - created);
	trailers[0] = isms_asprintf("Import-source: %s", base);
	trailers[1] = isms_asprintf("Import-sha256: %s", plan->sha256);
	opts.trailers = (const char *const *)trailers;
	opts.trailer_count = 2;
	error = n ? isms_store_save_all(commit, store, recs, n, &opts) : 0;
	free((char *)opts.message);
	free(trailers[0]);
	free(trailers[1]);
	free(recs);
	return error;
}

void isms_import_plan_free(struct isms_import_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->count; i++) {
		isms_record_free(plan->items[i].record);
		free(plan->items[i].changed);
	}
	free(plan->items);
	for (size_t i = 0; i < plan->column_count; i++)
		free(plan->columns[i]);
	free(plan->columns);
	isms_findings_free(&plan->findings);
	isms_sheet_free(&plan->sheet);
	free(plan->name);
	memset(plan, 0, sizeof(*plan));
}
