/* SPDX-License-Identifier: MIT */
/* The audit pack: one folder an auditor opens offline. An index page
 * links the SoA, the registers, the approved policy set, the latest
 * management review and board report, and the evidence index; every page
 * is one self-contained HTML file, and the tables also come as CSV and
 * JSON. The layer makes the files in memory; the caller writes them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/report.h"
#include "report_private.h"

static void add_file(struct isms_report_files *out, const char *name, struct isms_buf *data)
{
	struct isms_report_file *f;

	out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
	f = &out->items[out->count++];
	f->name = isms_strdup(name);
	f->data = *data;
	memset(data, 0, sizeof(*data));
}

void isms_report_files_free(struct isms_report_files *files)
{
	if (!files)
		return;
	for (size_t i = 0; i < files->count; i++) {
		free(files->items[i].name);
		isms_buf_free(&files->items[i].data);
	}
	free(files->items);
	memset(files, 0, sizeof(*files));
}

static const struct isms_report_column contents_columns[] = {
	{ "document", "Document", ISMS_COL_TEXT },
	{ "about", "What it is", ISMS_COL_TEXT },
	{ "state", "State", ISMS_COL_TEXT },
	{ "other", "Also as", ISMS_COL_LIST },
};

/* A part of the pack: its file base name and what it is. */
struct part {
	const char *file, *about;
	bool tables;  /* also as CSV and JSON */
};

static int build_part(struct isms_report_doc **out, size_t i, const struct isms_snapshot *snap,
		      struct isms_store *store)
{
	switch (i) {
	case 0: return isms_report_soa(out, snap, NULL);
	case 1: return isms_report_risks(out, snap);
	case 2: return isms_report_treatment_plan(out, snap);
	case 3: return isms_report_policies(out, snap, store);
	case 4: return isms_report_management_review(out, snap, store);
	case 5: return isms_report_board(out, snap, store);
	default: return isms_report_evidence(out, snap, store);
	}
}

int isms_report_audit_pack(struct isms_report_files *out, const struct isms_snapshot *snap,
			   struct isms_store *store, isms_report_progress progress, void *data)
{
	static const struct part parts[] = {
		{ "soa", "Statement of Applicability (6.1.3 d)", true },
		{ "risks", "Risk register and heat maps (6.1.2, 8.2)", true },
		{ "treatment-plan", "Risk treatment plan (6.1.3 e, 8.3)", true },
		{ "policies", "Approved policies and procedures, as approved (5.2, 7.5)", false },
		{ "management-review", "Management review pack (9.3)", false },
		{ "board-report", "Report to the governing body (ISO/IEC 27014)", false },
		{ "evidence", "Evidence index: every record and file, SHA-256, approvals", true },
	};
	const size_t n = sizeof(parts) / sizeof(parts[0]);
	struct isms_report_doc *index = isms_report_doc_new("audit-pack", "Audit pack", snap);
	struct isms_report_section *contents;
	struct isms_buf buf = ISMS_BUF_INIT;
	int error = 0;

	memset(out, 0, sizeof(*out));
	isms_report_section(index, "about", "About this pack", 2, NULL, 0)->text = isms_asprintf(
		"Made from commit %s of the ISMS repository (%s asked). Every page is a file in "
		"this folder and loads nothing from elsewhere. Documents are given as committed in "
		"that commit; policies and procedures as their approval tags hold them.",
		snap->commit, snap->label);
	contents = isms_report_section(index, "contents", "Contents", 2, contents_columns, 4);
	for (size_t i = 0; i < n && error == 0; i++) {
		struct isms_report_doc *r = NULL;
		char *name;
		size_t row;

		if (progress)
			progress(data, parts[i].file, i, n);
		if ((error = build_part(&r, i, snap, store)) < 0)
			break;
		row = isms_report_row(contents);
		name = isms_asprintf("%s.html", parts[i].file);
		isms_cell_set(isms_report_cell(contents, row, 0), r->meta.title);
		isms_cell_href(isms_report_cell(contents, row, 0), name);
		isms_cell_set(isms_report_cell(contents, row, 1), parts[i].about);
		isms_cell_set(isms_report_cell(contents, row, 2), r->meta.approval);
		isms_report_render(&buf, r, ISMS_FORMAT_HTML);
		add_file(out, name, &buf);
		free(name);
		if (parts[i].tables) {
			char *csv = isms_asprintf("%s.csv", parts[i].file);
			char *json = isms_asprintf("%s.json", parts[i].file);
			const char *other[] = { csv, json };

			isms_cell_list(isms_report_cell(contents, row, 3), other, 2);
			isms_report_render(&buf, r, ISMS_FORMAT_CSV);
			add_file(out, csv, &buf);
			isms_report_render(&buf, r, ISMS_FORMAT_JSON);
			add_file(out, json, &buf);
			free(csv);
			free(json);
		}
		if (strcmp(r->meta.kind, "records") == 0) {
			/* The verification's result, on the index too. */
			struct isms_report_section *v = isms_report_section(index, "verification",
				"Verification of the approvals", 2, NULL, 0);

			v->text = isms_strdup(r->sections[0].text ? r->sections[0].text : "");
		}
		isms_report_doc_free(r);
	}
	if (error == 0) {
		isms_report_render(&buf, index, ISMS_FORMAT_HTML);
		add_file(out, "index.html", &buf);
	} else {
		isms_report_files_free(out);
	}
	isms_buf_free(&buf);
	isms_report_doc_free(index);
	return error;
}
