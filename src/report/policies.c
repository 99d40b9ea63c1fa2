/* SPDX-License-Identifier: MIT */
/* The policy set (27001 5.2, 7.5): the approved text of every policy and
 * procedure, read from its approval tag and never from a draft, with the
 * 7.5.2 metadata table; drafts and documents changed since their approval
 * are marked. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/report.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "report_private.h"

int isms_report_approval(struct isms_report_approval *out, struct isms_store *store,
			 const struct isms_snapshot *snap, const struct isms_view *v,
			 const char *path)
{
	struct isms_repo *repo = isms_store_repo(store);
	const char *version = rpt_text(v->root, "version");
	struct isms_buf now = ISMS_BUF_INIT;
	unsigned long major = version ? strtoul(version, NULL, 10) : 0;

	memset(out, 0, sizeof(*out));
	/* The latest approval at the snapshot: an approved version is N.0 and
	 * the version only grows, so the highest vN.0 not above the record's. */
	for (; major > 0 && !out->tag; major--) {
		char *tag = isms_asprintf("approved/%s/v%lu.0", v->id, major);
		char commit[ISMS_OID_HEX];

		if (isms_repo_resolve(commit, repo, tag) == 0 &&
		    isms_repo_read(&out->text, repo, tag, path) == 0) {
			out->tag = tag;
			memcpy(out->commit, commit, ISMS_OID_HEX);
		} else {
			free(tag);
		}
	}
	if (!out->tag)
		return 0;
	if (isms_repo_read(&now, repo, snap->commit, path) == 0)
		out->changed = now.len != out->text.len || memcmp(now.ptr, out->text.ptr, now.len) != 0;
	isms_buf_free(&now);
	out->signature = isms_signature_state(isms_repo_verify(repo, out->tag));
	return 1;
}

void isms_report_approval_free(struct isms_report_approval *a)
{
	if (!a)
		return;
	free(a->tag);
	isms_buf_free(&a->text);
	memset(a, 0, sizeof(*a));
}

static const struct isms_report_column index_columns[] = {
	{ "id", "Document", ISMS_COL_TEXT },
	{ "title", "Title", ISMS_COL_TEXT },
	{ "version", "Approved version", ISMS_COL_TEXT },
	{ "approved_by", "Approved by", ISMS_COL_TEXT },
	{ "approved_on", "Approved on", ISMS_COL_DATE },
	{ "tag", "Approval tag", ISMS_COL_TEXT },
	{ "signature", "Signature", ISMS_COL_TEXT },
	{ "state", "State", ISMS_COL_TEXT },
};

static const struct isms_report_column field_columns[] = {
	{ "field", "Field", ISMS_COL_TEXT },
	{ "value", "Value", ISMS_COL_TEXT },
};

static void field(struct isms_report_section *s, const char *name, const char *value)
{
	size_t row = isms_report_row(s);

	isms_cell_set(isms_report_cell(s, row, 0), name);
	isms_cell_set(isms_report_cell(s, row, 1), value);
}

/* The document's text as approved: its Markdown parts with headings. */
static char *approved_body(const struct isms_node *root)
{
	static const char *const parts[][2] = { { "scope", "Scope" }, { "criteria", "Criteria" },
		{ "body", NULL } };
	struct isms_buf md = ISMS_BUF_INIT;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *t = rpt_text(root, parts[i][0]);

		if (!t)
			continue;
		if (parts[i][1])
			isms_buf_printf(&md, "**%s**\n\n", parts[i][1]);
		isms_buf_puts(&md, t);
		isms_buf_puts(&md, "\n\n");
	}
	return isms_buf_detach(&md);
}

/* One approved document: its 7.5.2 table and its text. */
static void policy_sections(struct isms_report_doc *r, const struct isms_view *v,
			    const struct isms_report_approval *a, const struct isms_node *then)
{
	static const char *const meta[][2] = { { "owner", "Owner" }, { "author", "Author" },
		{ "approved_by", "Approver" }, { "approved_on", "Approved on" },
		{ "next_review", "Next review" }, { "classification", "Classification" },
		{ "retention", "Retention" } };
	char *key = isms_asprintf("doc-%s", v->id);
	char *title = isms_asprintf("%s %s", v->id, rpt_text(then, "title") ? rpt_text(then, "title") : "");
	struct isms_report_section *s = isms_report_section(r, key, title, 2, field_columns, 2);
	char *body;

	s->layout = ISMS_LAYOUT_FIELDS;
	field(s, "ID", v->id);
	field(s, "Title", rpt_text(then, "title"));
	field(s, "Version", rpt_text(then, "version"));
	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++)
		field(s, meta[i][1], rpt_text(then, meta[i][0]));
	field(s, "Approval tag", a->tag);
	field(s, "Approval commit", a->commit);
	field(s, "Signature", a->signature);
	if (a->changed)
		s->text = isms_strdup("Changed since this approval: the text below is the approved "
				      "version; a newer draft exists and is not part of the set.");
	body = approved_body(then);
	s = isms_report_section(r, key, "Text", 3, NULL, 0);
	free(s->key);
	s->key = isms_asprintf("%s-text", key);
	if (*body)
		s->markdown = body;
	else {
		s->text = isms_strdup("(The approved version has no text in the record.)");
		free(body);
	}
	free(key);
	free(title);
}

int isms_report_policies(struct isms_report_doc **out, const struct isms_snapshot *snap,
			 struct isms_store *store)
{
	struct isms_report_doc *r = isms_report_doc_new("policies", "Policy set", snap);
	struct isms_report_section *idx;
	size_t approved = 0, drafts = 0, changed = 0;

	idx = isms_report_section(r, "index", "Documents", 2, index_columns,
				  sizeof(index_columns) / sizeof(index_columns[0]));
	for (size_t i = 0; i < snap->records.count; i++) {
		const struct isms_view *v = &snap->records.views[i];
		struct isms_report_approval a;
		struct isms_node *then = NULL;
		size_t row;

		if (!rpt_live(v, "policy") && !rpt_live(v, "procedure"))
			continue;
		row = isms_report_row(idx);
		isms_cell_set(isms_report_cell(idx, row, 0), v->id);
		isms_cell_set(isms_report_cell(idx, row, 1), rpt_text(v->root, "title"));
		if (isms_report_approval(&a, store, snap, v, snap->records.paths[i]) <= 0 ||
		    isms_yaml_load(&then, NULL, a.text.ptr, a.text.len, a.tag, NULL) < 0) {
			isms_cell_set(isms_report_cell(idx, row, 7), "draft, never approved: not in the set");
			drafts++;
			isms_report_approval_free(&a);
			continue;
		}
		isms_cell_set(isms_report_cell(idx, row, 2), rpt_text(then, "version"));
		isms_cell_set(isms_report_cell(idx, row, 3), rpt_text(then, "approved_by"));
		isms_cell_set(isms_report_cell(idx, row, 4), rpt_text(then, "approved_on"));
		isms_cell_set(isms_report_cell(idx, row, 5), a.tag);
		isms_cell_set(isms_report_cell(idx, row, 6), a.signature);
		isms_cell_set(isms_report_cell(idx, row, 7), a.changed ?
			      "approved; changed since (the draft is not in the set)" : "approved");
		approved++;
		changed += a.changed;
		policy_sections(r, v, &a, then);
		isms_node_free(then);
		isms_report_approval_free(&a);
	}
	idx->text = isms_asprintf("%zu approved documents in the set (%zu of them changed since "
				  "their approval); %zu drafts never approved, listed and left out. "
				  "Each text is the one its approval tag holds.", approved, changed,
				  drafts);
	free(r->meta.approval);
	r->meta.approval = isms_asprintf("%zu of %zu policies and procedures approved", approved,
					 idx->row_count);
	{
		static const char *const kinds[] = { "policy", "procedure", NULL };

		rpt_unreadable(r, snap, kinds);
	}
	*out = r;
	return 0;
}
