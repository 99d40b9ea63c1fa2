/* SPDX-License-Identifier: MIT */
/* The report layer: the documents people hand over (the Statement of
 * Applicability, the risk register and treatment plan, the policy set, the
 * management review pack, the report to the governing body, the audit
 * pack), made from the records as committed at a revision.
 *
 * A report is a neutral model, the same for every format: metadata (the
 * organisation, the commit it was made from, the generation date, the
 * approval state) and sections, each a heading with optional text and
 * optional table of typed columns. The builders fill the model from a
 * snapshot (isms_store_snapshot); the renderers write it as Markdown, HTML,
 * CSV or JSON into a buffer; other exports (XLSX, OSCAL) read the same
 * model. Nothing here prints: the caller writes the buffer where it wants.
 * Output is reproducible byte for byte: the generation date comes from
 * SOURCE_DATE_EPOCH when it is set. */
#ifndef ISMS_REPORT_H
#define ISMS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "isms/buf.h"
#include "isms/method.h"
#include "isms/repo.h"
#include "isms/rules.h"
#include "isms/store.h"

/* What a column holds; a renderer may show each type its own way. */
enum isms_col_type {
	ISMS_COL_TEXT,      /* one line of text */
	ISMS_COL_LONGTEXT,  /* text of any length, with line breaks */
	ISMS_COL_DATE,      /* YYYY-MM-DD, or "" */
	ISMS_COL_LEVEL,     /* a risk level: the method's label, its index and colour */
	ISMS_COL_NUMBER,    /* a whole number (cell.number when cell.has_number) */
	ISMS_COL_LIST,      /* several values (IDs, reasons): cell.items */
};

struct isms_report_column {
	const char *key;    /* machine name: JSON key, CSV header ("inherent_level") */
	const char *title;  /* heading for people ("Inherent level") */
	enum isms_col_type type;
};

struct isms_report_cell {
	char *text;          /* as shown, never NULL ("" when empty); a list joined by ", " */
	char **items;        /* ISMS_COL_LIST: the values, item_count of them */
	size_t item_count;
	long long number;    /* ISMS_COL_NUMBER: the value, when has_number */
	bool has_number;
	int level;           /* a level index of the method (any column may carry one: a
	                        heat map's counts do); -1 when none */
	const char *colour;  /* the method's colour name for `level`; NULL when none */
	const char *label;   /* the method's name for `level`; NULL when none */
	char *href;          /* a link of ours (a file of an audit pack, "#anchor"), or NULL */
};

/* How a section's table is laid out. */
enum isms_section_layout {
	ISMS_LAYOUT_TABLE,    /* rows of records */
	ISMS_LAYOUT_FIELDS,   /* two columns, field and value: a record's metadata */
	ISMS_LAYOUT_HEATMAP,  /* rows are likelihoods (highest first), columns impacts;
	                         the first column names the likelihood; cells count
	                         risks and carry the level of their square */
};

struct isms_report_section {
	char *key;              /* machine name ("register", "heatmap-inherent") */
	char *title;            /* heading */
	unsigned depth;         /* heading level: 2 for a section, 3 below it */
	char *text;             /* plain paragraphs before the table, or NULL */
	char *markdown;         /* a CommonMark body (a policy's text), or NULL */
	enum isms_section_layout layout;
	struct isms_report_column *columns;
	size_t column_count;
	struct isms_report_cell *cells;  /* row by row: row r, column c is
	                                    cells[r * column_count + c] */
	size_t row_count, row_cap;
};

struct isms_report_meta {
	char *kind;          /* "soa", "risks", "treatment-plan", ... */
	char *title;         /* "Statement of Applicability" */
	char *organisation;  /* from isms.yaml at the commit */
	char commit[ISMS_OID_HEX];  /* the commit the report was made from */
	char *revision;      /* what was asked for: "HEAD", a tag, a date */
	char generated[11];  /* YYYY-MM-DD: SOURCE_DATE_EPOCH (UTC), else today */
	char *approval;      /* the approval state in words ("3 of 93 entries approved") */
};

struct isms_report_doc {
	struct isms_report_meta meta;
	struct isms_report_section *sections;
	size_t section_count, section_cap;
	size_t primary;      /* the section CSV exports (a table) */
};

enum isms_report_format {
	ISMS_FORMAT_MD,
	ISMS_FORMAT_HTML,
	ISMS_FORMAT_CSV,
	ISMS_FORMAT_JSON,
};

/* The format called `name` ("md", "markdown", "html", "csv", "json") into
 * *out; ISMS_EUSAGE otherwise. */
int isms_report_format_parse(enum isms_report_format *out, const char *name);
/* The usual file extension of a format, without the dot. */
const char *isms_report_format_ext(enum isms_report_format format);

/* Building a report (for builders and for other exports that add their own
 * sections). A new report with its metadata from `snap`; free with
 * isms_report_doc_free. (struct isms_report, in isms/store.h, is
 * what isms check finds.) */
struct isms_report_doc *isms_report_doc_new(const char *kind, const char *title,
				    const struct isms_snapshot *snap);
void isms_report_doc_free(struct isms_report_doc *report);
/* Append a section; `columns` (may be NULL when `count` is 0) is copied
 * (the keys and titles must be static strings). */
struct isms_report_section *isms_report_section(struct isms_report_doc *report, const char *key,
						const char *title, unsigned depth,
						const struct isms_report_column *columns,
						size_t count);
/* Append a row of empty cells to `s`; its index. */
size_t isms_report_row(struct isms_report_section *s);
/* Cell (row, col) of `s`. */
struct isms_report_cell *isms_report_cell(struct isms_report_section *s, size_t row, size_t col);
/* Set a cell's text (NULL: ""), a number, a level (its label from `method`)
 * or a list (values copied; text becomes them joined by ", "). */
void isms_cell_set(struct isms_report_cell *cell, const char *text);
void isms_cell_number(struct isms_report_cell *cell, long long n);
void isms_cell_level(struct isms_report_cell *cell, const struct isms_method *method, int level);
void isms_cell_list(struct isms_report_cell *cell, const char *const *items, size_t count);
/* Make the cell a link to `href` (a relative path or "#anchor" of ours). */
void isms_cell_href(struct isms_report_cell *cell, const char *href);
/* A cell from a record field: text as is, a list of IDs from a sequence. */
void isms_cell_node(struct isms_report_cell *cell, const struct isms_node *node);
/* The generation date: SOURCE_DATE_EPOCH (seconds, UTC) when set and valid,
 * else today (isms_date_today, which honours ISMS_TODAY). */
void isms_report_date(char out[11]);

/* The Statement of Applicability (27001 6.1.3 d): the 93 Annex A controls
 * in catalogue order and then the organisation's own, each with theme,
 * title, decision, reasons, justification, implementation, the risks that
 * need it (its own list and the risks that name it), evidence and owner.
 * `filter` (NULL: none) keeps some. */
struct isms_soa_filter {
	const char *decision;   /* "applicable", "excluded", "undecided", or NULL */
	const char *theme;      /* "organizational", "people", "physical",
	                           "technological" (or 5, 6, 7, 8), or NULL */
	const char *attribute;  /* a 27002 attribute value ("preventive",
	                           "confidentiality", "protect"), or NULL */
};
#define ISMS_SOA_FILTER_INIT { .decision = NULL, .theme = NULL, .attribute = NULL }
/* ISMS_EUSAGE when a filter's value is not one of those. */
int isms_report_soa(struct isms_report_doc **out, const struct isms_snapshot *snap,
		    const struct isms_soa_filter *filter);

/* The risk register (6.1.2, 8.2): every risk not retired with its inherent
 * and residual levels from the risk method (labels), owner, treatment,
 * controls, actions and acceptance; heat maps of both. */
int isms_report_risks(struct isms_report_doc **out, const struct isms_snapshot *snap);
/* The risk treatment plan (6.1.3 e, 8.3): the treatment actions with
 * owner, due date, state and the risks and controls they serve, the plan's
 * approval per risk, and the risks still without an action. */
int isms_report_treatment_plan(struct isms_report_doc **out, const struct isms_snapshot *snap);

/* Whether a risk's acceptance stands. The one place that decides it. */
enum isms_acceptance_state {
	ISMS_ACCEPT_NONE,   /* not accepted */
	ISMS_ACCEPT_BOUND,  /* accepted, for the rating it has now */
	ISMS_ACCEPT_VOID,   /* an acceptance is recorded but no longer holds */
};
struct isms_acceptance {
	enum isms_acceptance_state state;
	const char *by, *on;  /* accepted_by, accepted_on (point into the record); NULL */
	const char *why;      /* for VOID: why, in words (static) */
};
/* The acceptance of risk `risk` (its tree) under `method`, read from the
 * record's fields: none without accepted_by and accepted_on; void when
 * only one is there, or when the risk's status went back to identified or
 * assessed (rated again); else bound. The fields can be trusted this far
 * because only 'isms accept' writes them, and a save that changes the
 * rating it bound takes them away (doc/trust.md, src/store/act_void.c);
 * what a hand edit committed with git leaves is what 'isms check' and
 * 'isms verify' report against the act's Act-binds trailer. */
void isms_risk_acceptance(struct isms_acceptance *out, const struct isms_node *risk,
			  const struct isms_method *method);
const char *isms_acceptance_name(enum isms_acceptance_state state);

/* A risk's level index by the method from fields `l` and `i` of `risk`
 * ("likelihood", "impact" or the residual ones); -1 when not rated. */
int isms_risk_level(const struct isms_node *risk, const struct isms_method *method,
		    const char *l, const char *i);

/* A controlled document's latest approval as of a snapshot. */
struct isms_report_approval {
	char *tag;                 /* "approved/ID/vN.0", NULL when never approved */
	char commit[ISMS_OID_HEX]; /* the commit the tag names */
	struct isms_buf text;      /* the file's bytes at the tag */
	bool changed;              /* the file at the snapshot differs from them */
	const char *signature;     /* "signed", "not signed" or "signature bad" */
};
/* The latest approval of record `v` (file `path`) at the snapshot: the tag
 * approved/ID/vN.0 of the highest N not above its version there. 1 when
 * found, 0 when never approved. Free with isms_report_approval_free. */
int isms_report_approval(struct isms_report_approval *out, struct isms_store *store,
			 const struct isms_snapshot *snap, const struct isms_view *v,
			 const char *path);
void isms_report_approval_free(struct isms_report_approval *a);

/* The policy set: every policy and procedure not retired, in the text of
 * its latest approval tag (never the draft), with the 7.5.2 metadata table
 * and its body rendered from Markdown; drafts listed and left out, and
 * documents changed since their approval marked. */
int isms_report_policies(struct isms_report_doc **out, const struct isms_snapshot *snap,
			 struct isms_store *store);

/* The evidence index (isms export records): every record file at the
 * snapshot with kind, title, status, version, the SHA-256 of its bytes,
 * the commit that last changed it (for HEAD), its approval tag, signature
 * state and whether it changed since; the external files of
 * documents/files/ against the SHA-256 their record names; and a
 * paragraph on verifying the approvals. */
int isms_report_evidence(struct isms_report_doc **out, const struct isms_snapshot *snap,
			 struct isms_store *store);

/* The newest record of `kind` (by ID) not retired, or NULL. */
const struct isms_view *isms_report_latest(const struct isms_snapshot *snap, const char *kind);
/* Append a record's fields as a section (field, value) of `depth`. */
struct isms_report_section *isms_report_record_section(struct isms_report_doc *r,
						       const struct isms_view *v, unsigned depth);

/* The management review pack (27001 9.3.2 a to g) gathered since the last
 * management review, with trends from history. */
int isms_report_management_review(struct isms_report_doc **out,
				  const struct isms_snapshot *snap, struct isms_store *store);
/* Fill a new management review record's inputs (previous_actions,
 * issue_changes, party_changes, performance, feedback, risk_status,
 * improvement) from the same gathering as the pack: its text for 9.3.2 a)
 * to g). Fields already set are replaced. */
int isms_report_review_prefill(struct isms_node *root, const struct isms_snapshot *snap,
			       struct isms_store *store);
/* The report to the governing body (ISO/IEC 27014): evaluate, direct,
 * monitor, communicate, for the ISMS type of isms.yaml. */
int isms_report_board(struct isms_report_doc **out, const struct isms_snapshot *snap,
		      struct isms_store *store);

/* Files made in memory (an audit pack): names relative to its folder. */
struct isms_report_file {
	char *name;
	struct isms_buf data;
};
struct isms_report_files {
	struct isms_report_file *items;
	size_t count, cap;
};
void isms_report_files_free(struct isms_report_files *files);
/* Told before each part of a long export: its name, its index, how many. */
typedef void (*isms_report_progress)(void *data, const char *part, size_t i, size_t n);
/* The audit pack: index.html linking soa, risks, treatment-plan (each also
 * .csv and .json), policies, management-review, board-report and evidence
 * (.html, .csv, .json). `progress` may be NULL. */
int isms_report_audit_pack(struct isms_report_files *out, const struct isms_snapshot *snap,
			   struct isms_store *store, isms_report_progress progress, void *data);

/* Write `report` as `format` into `out` (appended). Markdown renders on Git
 * hosting; HTML is one self-contained page (no scripts, no network, a print
 * stylesheet); CSV (RFC 4180) is the primary section's table; JSON is
 * {report: meta, sections: [...]} as doc/report-schema.json describes. */
int isms_report_render(struct isms_buf *out, const struct isms_report_doc *report,
		       enum isms_report_format format);

/* The reports by name, as `isms export`, `isms report` and the TUI's export
 * offer them: soa, risks, treatment-plan, policies, records,
 * management-review, board (and audit-pack, a folder: isms_report_export). */
struct isms_report_kind {
	const char *name;   /* "soa" */
	const char *title;  /* "Statement of Applicability" */
	bool folder;        /* written as a folder of files (the audit pack) */
};
const struct isms_report_kind *isms_report_kinds(size_t *count);
/* What report `what` reads of the records (NULL: everything), so that a
 * large register is not held whole when it is not shown. */
const struct isms_snapshot_opts *isms_report_needs(const char *what);
/* The report called `what` built from `snap`; ISMS_EUSAGE for an unknown
 * name. `filter` (NULL: none) applies to the SoA. */
int isms_report_build(struct isms_report_doc **out, const char *what,
		      const struct isms_snapshot *snap, struct isms_store *store,
		      const struct isms_soa_filter *filter);
/* Write `files` into the folder `dir` (made when missing), each atomically
 * (replacing files of the same name). */
int isms_report_files_write(const struct isms_report_files *files, const char *dir);

/* What isms_report_export wrote. */
struct isms_report_written {
	size_t bytes;   /* in all */
	size_t files;   /* 1, or the audit pack's count */
	char commit[ISMS_OID_HEX]; /* the commit the report was made from */
};
/* Whether `path` is inside the repository's .git (or any .git folder),
 * which only git writes: every export refuses such a path. */
bool isms_report_inside_git(struct isms_store *store, const char *path);

/* Report `what` made from the last commit and written as `format` (not
 * used for the audit pack) to `path` (a folder for the audit pack),
 * atomically. Refuses (ISMS_EUSAGE) a path inside the repository's .git.
 * `replace` false: ISMS_EEXISTS when the path exists. */
int isms_report_export(struct isms_report_written *out, struct isms_store *store,
		       const char *what, enum isms_report_format format, const char *path,
		       bool replace);

#endif
