/* SPDX-License-Identifier: MIT */
/* A record changed on both sides, merged field by field: the three versions
 * (where the sides parted, ours, theirs) are parsed; a field changed on one
 * side only is taken from it; a long text changed on both is merged by
 * lines (libgit2's git_merge_file) where the changes do not overlap; a field
 * changed on both to different values is a conflict, unless the user chose
 * a side. A decision (a field only an act writes: doc/trust.md) made on one
 * side is never merged with a change on the other: the record is then taken
 * whole from the side that decided when the other changed nothing more, and
 * is otherwise a conflict of its own (ISMS_SYNC_CHANGED_AFTER_ACT). The
 * merged record must pass validation, and is written with the store's
 * emitter in the kind's field order. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/kind.h"
#include "isms/validate.h"
#include "isms/yaml.h"
#include "isms/sync.h"
#include "sync_private.h"

/* The three versions of one record, and what merging them found. */
struct three {
	const struct isms_kind *kind;
	const char *id, *path;
	struct isms_node *base, *ours, *theirs;  /* mappings */
	struct isms_node *merged;                /* a mapping */
	struct isms_sync_field *conflicts;       /* fields changed on both sides */
	size_t conflict_count, conflict_cap;
	const char *ours_act, *theirs_act;       /* a decision made on that side */
	char **from_theirs;                      /* fields taken from theirs (names) */
	size_t from_theirs_count;
};

/* Parse blob `id` as a mapping; NULL (and *why set) when it cannot be
 * merged by field: not YAML, not a mapping, or with comments. */
static struct isms_node *load_side(git_repository *git, const git_oid *id, const char *path,
				   const char *side, char **why)
{
	git_blob *blob = NULL;
	struct isms_node *root = NULL;
	unsigned flags = 0;
	char *name = isms_asprintf("%s (%s)", path, side);

	if (git_blob_lookup(&blob, git, id) < 0) {
		*why = isms_asprintf("%s cannot be read from the repository", name);
	} else if (isms_yaml_load(&root, &flags, git_blob_rawcontent(blob),
				  (size_t)git_blob_rawsize(blob), name, NULL) < 0) {
		*why = isms_asprintf("%s is not valid YAML", name);
	} else if (root->type != ISMS_NODE_MAP) {
		*why = isms_asprintf("%s is not a mapping of fields", name);
	} else if (flags & ISMS_YAML_HAS_COMMENTS) {
		*why = isms_asprintf("%s has comments, which a merge by field would drop", name);
	} else {
		git_blob_free(blob);
		free(name);
		return root;
	}
	isms_node_free(root);
	git_blob_free(blob);
	free(name);
	return NULL;
}

static bool same(const struct isms_node *a, const struct isms_node *b)
{
	return (!a && !b) || (a && b && isms_node_equal(a, b));
}

/* A value as one text: a scalar's text, a list's items joined by ", ". */
static char *value_text(const struct isms_node *n)
{
	struct isms_buf b = ISMS_BUF_INIT;
	char *s;

	if (!n)
		return NULL;
	if (n->type == ISMS_NODE_SCALAR)
		return isms_strdup(n->text ? n->text : "");
	if (n->type == ISMS_NODE_MAP || isms_yaml_emit(&b, n) < 0) {
		isms_buf_free(&b);
		return isms_strdup("(a mapping)");
	}
	isms_buf_clear(&b);
	for (size_t i = 0; i < n->count; i++) {
		char *item = value_text(n->items[i]);

		isms_buf_printf(&b, "%s%s", i ? ", " : "", item);
		free(item);
	}
	s = isms_strdup(isms_buf_cstr(&b));
	isms_buf_free(&b);
	return s;
}

/* The act behind value `v` of field `key` changed on one side, or NULL. A
 * field removed is no decision (a new draft drops its approval). */
static const char *act_of(const struct three *m, const char *key, const struct isms_node *v)
{
	if (!v || v->type != ISMS_NODE_SCALAR)
		return NULL;
	return isms_kind_field_act(m->kind, key, v->text);
}

/* Whether field `key` holds long text, to be merged by lines. */
static bool long_text(const struct three *m, const char *key, const struct isms_node *b,
		      const struct isms_node *o, const struct isms_node *t)
{
	const struct isms_field *f = isms_kind_field(m->kind, key);

	if (!b || !o || !t || b->type != ISMS_NODE_SCALAR || o->type != ISMS_NODE_SCALAR ||
	    t->type != ISMS_NODE_SCALAR)
		return false;
	return f ? f->type == ISMS_FIELD_LONGTEXT : strchr(o->text, '\n') && strchr(t->text, '\n');
}

/* Merge a long text changed on both sides by lines: the merged text, or
 * NULL when the changes overlap. */
static struct isms_node *merge_lines(const struct isms_node *b, const struct isms_node *o,
				     const struct isms_node *t)
{
	git_merge_file_input in[3];
	git_merge_file_options opts;
	git_merge_file_result res = { 0 };
	const struct isms_node *v[3] = { b, o, t };
	struct isms_node *out = NULL;

	for (int i = 0; i < 3; i++) {
		if (git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION) < 0)
			return NULL;
		in[i].ptr = v[i]->text;
		in[i].size = strlen(v[i]->text);
	}
	if (git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION) < 0)
		return NULL;
	if (git_merge_file(&res, &in[0], &in[1], &in[2], &opts) == 0 && res.automergeable &&
	    res.ptr && !memchr(res.ptr, '\0', res.len)) {
		char *text = isms_strndup(res.ptr, res.len);

		out = isms_node_str(text);
		free(text);
	}
	git_merge_file_result_free(&res);
	return out;
}

static void add_field(struct isms_sync_field **list, size_t *count, size_t *cap, const char *key,
		      const struct isms_node *b, const struct isms_node *o,
		      const struct isms_node *t)
{
	struct isms_sync_field *f;

	*list = isms_grow(*list, cap, *count + 1, sizeof(**list));
	f = &(*list)[(*count)++];
	memset(f, 0, sizeof(*f));
	f->name = isms_strdup(key);
	f->base = value_text(b);
	f->ours = value_text(o);
	f->theirs = value_text(t);
}

/* Field `key` into m->merged; `side` chooses for a field in conflict (NULL:
 * none). */
static void merge_field(struct three *m, const char *key, const struct isms_sync_choice *choice)
{
	const struct isms_node *b = isms_map_get(m->base, key), *o = isms_map_get(m->ours, key),
			       *t = isms_map_get(m->theirs, key);
	const struct isms_node *pick = o;
	struct isms_node *lines = NULL;

	if (!same(b, o) && !m->ours_act)
		m->ours_act = act_of(m, key, o);
	if (!same(b, t) && !m->theirs_act)
		m->theirs_act = act_of(m, key, t);
	if (same(o, t) || same(b, t)) {
		pick = o;
	} else if (same(b, o)) {
		pick = t;
		m->from_theirs = isms_realloc(m->from_theirs,
					      (m->from_theirs_count + 1) * sizeof(*m->from_theirs));
		m->from_theirs[m->from_theirs_count++] = isms_strdup(key);
	} else if (long_text(m, key, b, o, t) && (lines = merge_lines(b, o, t))) {
		isms_map_append(m->merged, key, lines);
		return;
	} else {
		add_field(&m->conflicts, &m->conflict_count, &m->conflict_cap, key, b, o, t);
		pick = choice && choice->side == ISMS_SYNC_THEIRS ? t : o;
	}
	if (pick)
		isms_map_append(m->merged, key, isms_node_clone(pick));
}

/* Merge every field: ours in their order, then those only theirs has. */
static void merge_fields(struct three *m, const struct isms_sync_choice *choice)
{
	m->merged = isms_node_map();
	for (size_t i = 0; i < m->ours->count; i++)
		merge_field(m, m->ours->pairs[i].key, choice);
	for (size_t i = 0; i < m->theirs->count; i++)
		if (!isms_map_get(m->ours, m->theirs->pairs[i].key))
			merge_field(m, m->theirs->pairs[i].key, choice);
	isms_kind_order(m->merged, m->kind);
}

/* The fields side `s` changed since the base, for a change after a decision. */
static void changed_fields(struct isms_sync_conflict *k, const struct three *m,
			   const struct isms_node *s)
{
	size_t cap = 0;

	for (int pass = 0; pass < 2; pass++) {
		const struct isms_node *from = pass ? m->base : s;

		for (size_t i = 0; i < from->count; i++) {
			const char *key = from->pairs[i].key;
			const struct isms_node *b = isms_map_get(m->base, key),
					       *v = isms_map_get(s, key);

			if ((pass && v) || same(b, v))
				continue;
			add_field(&k->fields, &k->field_count, &cap, key, b,
				  s == m->ours ? v : isms_map_get(m->ours, key),
				  s == m->theirs ? v : isms_map_get(m->theirs, key));
		}
	}
}

void sync_fields_free(struct isms_sync_field *fields, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(fields[i].ours_by);
		free(fields[i].theirs_by);
		free(fields[i].name);
		free(fields[i].base);
		free(fields[i].ours);
		free(fields[i].theirs);
	}
	free(fields);
}

static void three_free(struct three *m)
{
	isms_node_free(m->base);
	isms_node_free(m->ours);
	isms_node_free(m->theirs);
	isms_node_free(m->merged);
	sync_fields_free(m->conflicts, m->conflict_count);
	for (size_t i = 0; i < m->from_theirs_count; i++)
		free(m->from_theirs[i]);
	free(m->from_theirs);
}

/* Field `key` of the record at `path` as of commit `hex` (NULL: absent,
 * or the record cannot be read there); the caller frees. */
static struct isms_node *field_at(git_repository *git, const char *hex, const char *path,
				  const char *key)
{
	git_oid id;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	struct isms_node *root = NULL, *value = NULL;

	if (git_oid_fromstr(&id, hex) == 0 && git_commit_lookup(&commit, git, &id) == 0 &&
	    git_commit_tree(&tree, commit) == 0 && git_tree_entry_bypath(&entry, tree, path) == 0 &&
	    git_blob_lookup(&blob, git, git_tree_entry_id(entry)) == 0 &&
	    isms_yaml_load(&root, NULL, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
			   path, NULL) == 0 && root->type == ISMS_NODE_MAP &&
	    isms_map_get(root, key))
		value = isms_node_clone(isms_map_get(root, key));
	isms_node_free(root);
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	return value;
}

/* Who last changed field `key` on the side whose tip is `tip`: the newest
 * of that side's commits on the record after which the field differs from
 * before it. */
static void field_author(char **by, char commit[ISMS_OID_HEX], struct merge_ctx *ctx,
			 const git_oid *tip, const char *path, const char *key,
			 const struct isms_node *base)
{
	struct isms_log log;

	if (isms_repo_walk(&log, ctx->repo, tip, &ctx->base_commit, path, 0) < 0)
		return;
	for (size_t i = 0; i < log.count && !*by; i++) {
		struct isms_node *after = field_at(ctx->git, log.items[i].id, path, key);
		struct isms_node *before = i + 1 < log.count
			? field_at(ctx->git, log.items[i + 1].id, path, key)
			: base ? isms_node_clone(base) : NULL;

		if (!same(after, before)) {
			*by = isms_asprintf("%s <%s>", log.items[i].author, log.items[i].email);
			memcpy(commit, log.items[i].id, ISMS_OID_HEX);
		}
		isms_node_free(after);
		isms_node_free(before);
	}
	isms_log_free(&log);
}

/* Who changed each of `fields` on each side. */
static void field_authors(struct merge_ctx *ctx, const struct three *m,
			  struct isms_sync_field *fields, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct isms_node *b = isms_map_get(m->base, fields[i].name);

		field_author(&fields[i].ours_by, fields[i].ours_commit, ctx, &ctx->ours_commit,
			     m->path, fields[i].name, b);
		field_author(&fields[i].theirs_by, fields[i].theirs_commit, ctx,
			     &ctx->theirs_commit, m->path, fields[i].name, b);
	}
}

/* A conflict on the record, described on both sides; the caller fills in
 * the rest. */
static struct isms_sync_conflict *record_conflict(struct merge_ctx *ctx, const struct change *o,
						  const struct change *t, const char *id,
						  enum isms_sync_conflict_kind kind)
{
	struct isms_sync_conflict *k = sync_add_conflict(ctx->out, kind, t->path);

	k->id = isms_strdup(id);
	sync_describe_change(&k->ours, ctx, o, ISMS_SYNC_OURS);
	sync_describe_change(&k->theirs, ctx, t, ISMS_SYNC_THEIRS);
	return k;
}

/* Write the merged record as a blob and put it in the merge, with a
 * trailer naming what came from where. */
static int write_merged(struct merge_ctx *ctx, const struct three *m, const struct change *o,
			const struct change *t, const struct isms_sync_choice *choice)
{
	struct isms_buf text = ISMS_BUF_INIT, names = ISMS_BUF_INIT;
	struct change c = { .path = t->path, .how = 'M', .mode = o->mode };
	int error;

	if ((error = isms_yaml_emit(&text, m->merged)) < 0)
		goto cleanup;
	if ((error = git_blob_create_from_buffer(&c.id, ctx->git, text.ptr, text.len)) < 0) {
		error = isms_repo_git_fail(error, "writing the merged record");
		goto cleanup;
	}
	if (!git_oid_equal(&c.id, &o->id)) {
		sync_add_update(ctx, &c);
		ctx->out->records_in++;
	}
	ctx->out->records_merged++;
	for (size_t i = 0; i < m->from_theirs_count; i++)
		isms_buf_printf(&names, "%s%s", i ? ", " : "", m->from_theirs[i]);
	sync_add_trailer(ctx, isms_asprintf("Fields-merged: %s%s%s%s", m->id,
					    names.len ? " (theirs: " : "", isms_buf_cstr(&names),
					    names.len ? ")" : ""));
	if (choice) {
		isms_buf_clear(&names);
		for (size_t i = 0; i < m->conflict_count; i++)
			isms_buf_printf(&names, "%s%s", i ? ", " : "", m->conflicts[i].name);
		sync_add_trailer(ctx, sync_resolution(m->id, isms_buf_cstr(&names), choice,
						      choice->side == ISMS_SYNC_OURS ? t : o,
						      choice->side == ISMS_SYNC_OURS
						      ? &ctx->theirs_commit : &ctx->ours_commit));
	}
cleanup:
	isms_buf_free(&text);
	isms_buf_free(&names);
	return error;
}

/* A decision made on one side (m->ours_act or m->theirs_act): taken whole
 * when the merge is that side's record unchanged; a whole side chosen is
 * left to the caller (*handled false); otherwise a conflict. */
static int decided(struct merge_ctx *ctx, struct three *m, const struct change *o,
		   const struct change *t, const struct isms_sync_choice *choice, bool *handled)
{
	bool ours = m->ours_act != NULL;
	struct isms_sync_conflict *k;

	if (!(m->ours_act && m->theirs_act) && !m->conflict_count &&
	    isms_node_equal(m->merged, ours ? m->ours : m->theirs)) {
		if (!ours)
			sync_take_theirs(ctx, t);
		return 0;
	}
	if (choice) {
		*handled = false;
		return 0;
	}
	if (m->ours_act && m->theirs_act) {
		field_authors(ctx, m, m->conflicts, m->conflict_count);
		k = record_conflict(ctx, o, t, m->id, ISMS_SYNC_BOTH_CHANGED);
		k->fields = m->conflicts;
		k->field_count = m->conflict_count;
		m->conflicts = NULL;
		m->conflict_count = 0;
		k->note = isms_strdup("a decision was made on both sides");
		return 0;
	}
	k = record_conflict(ctx, o, t, m->id, ISMS_SYNC_CHANGED_AFTER_ACT);
	k->act = ours ? m->ours_act : m->theirs_act;
	k->act_side = ours ? ISMS_SYNC_OURS : ISMS_SYNC_THEIRS;
	changed_fields(k, m, ours ? m->theirs : m->ours);
	field_authors(ctx, m, k->fields, k->field_count);
	return 0;
}

static size_t errors_in(const struct isms_node *root, const struct three *m)
{
	struct isms_findings f = ISMS_FINDINGS_INIT;
	size_t n;

	isms_record_validate(&f, root, m->kind, m->id);
	n = isms_findings_errors(&f);
	isms_findings_free(&f);
	return n;
}

/* Whether the merged record has more errors than the better of the two
 * sides; its findings into `findings`. */
static bool new_errors(struct isms_findings *findings, const struct three *m)
{
	size_t ours, theirs;

	isms_record_validate(findings, m->merged, m->kind, m->id);
	if (!isms_findings_errors(findings))
		return false;
	ours = errors_in(m->ours, m);
	theirs = errors_in(m->theirs, m);
	return isms_findings_errors(findings) > (ours < theirs ? ours : theirs);
}

/* Record `id` changed on both sides (`o` ours, `t` theirs, both 'M'):
 * merged by field into the merge's updates, or a conflict. *handled is
 * false when the record is to be handled whole by the caller (it cannot be
 * merged by field, or a whole side was chosen for a decision). */
int sync_merge_record(struct merge_ctx *ctx, const struct change *o, const struct change *t,
		      const char *id, const struct isms_sync_choice *choice, bool *handled)
{
	struct three m = { .id = id, .path = t->path };
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	git_tree_entry *entry = NULL;
	char *folder = isms_strndup(t->path, strcspn(t->path, "/")), *why = NULL;
	int error = 0;

	*handled = true;
	m.kind = isms_kind_by_folder(folder);
	free(folder);
	if (!m.kind || git_tree_entry_bypath(&entry, ctx->base_tree, t->path) < 0 ||
	    !(m.base = load_side(ctx->git, git_tree_entry_id(entry), t->path,
				 "where the sides parted", &why)) ||
	    !(m.ours = load_side(ctx->git, &o->id, t->path, "here", &why)) ||
	    !(m.theirs = load_side(ctx->git, &t->id, t->path, ctx->out->tracking, &why)))
		goto whole;
	merge_fields(&m, choice);
	/* The choice gives a whole side: take its very bytes. */
	if (choice && !m.ours_act && !m.theirs_act &&
	    isms_node_equal(m.merged, choice->side == ISMS_SYNC_OURS ? m.ours : m.theirs)) {
		*handled = false;
		goto cleanup;
	}
	if (m.ours_act || m.theirs_act) {
		error = decided(ctx, &m, o, t, choice, handled);
		goto cleanup;
	}
	if (m.conflict_count && !choice) {
		struct isms_sync_conflict *k;

		field_authors(ctx, &m, m.conflicts, m.conflict_count);
		k = record_conflict(ctx, o, t, id, ISMS_SYNC_BOTH_CHANGED);

		k->fields = m.conflicts;
		k->field_count = m.conflict_count;
		m.conflicts = NULL;
		m.conflict_count = 0;
		goto cleanup;
	}
	/* The merge may not make the record worse than both sides were (a
	 * record already invalid on both sides is merged, and stays reported
	 * by isms check). */
	if (new_errors(&findings, &m)) {
		const struct isms_finding *f = &findings.items[0];

		for (size_t i = 0; i < findings.count; i++)
			if (findings.items[i].severity == ISMS_SEV_ERROR) {
				f = &findings.items[i];
				break;
			}
		why = isms_asprintf("merged by field, it would not be a valid record: %s",
				    f->message);
		goto whole;
	}
	error = write_merged(ctx, &m, o, t, choice);
	goto cleanup;
whole:
	/* Handled whole: by the caller's choice, or a conflict with a note. */
	if (choice) {
		*handled = false;
	} else {
		struct isms_sync_conflict *k = record_conflict(ctx, o, t, id, ISMS_SYNC_BOTH_CHANGED);

		k->note = why;
		why = NULL;
	}
cleanup:
	free(why);
	isms_findings_free(&findings);
	git_tree_entry_free(entry);
	three_free(&m);
	return error;
}
