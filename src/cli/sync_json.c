/* SPDX-License-Identifier: MIT */
/* isms sync --json: what a sync did, found and failed at, as one JSON
 * object on standard output (the man page describes its fields). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isms/buf.h"
#include "isms/json.h"
#include "isms/sync.h"

static const char *outcome_name(enum isms_sync_outcome o)
{
	switch (o) {
	case ISMS_SYNC_UP_TO_DATE:
		return "up-to-date";
	case ISMS_SYNC_AHEAD:
		return "ahead";
	case ISMS_SYNC_NEW_BRANCH:
		return "new-branch";
	case ISMS_SYNC_FAST_FORWARD:
		return "fast-forward";
	case ISMS_SYNC_MERGED:
		return "merged";
	case ISMS_SYNC_CONFLICTS:
		break;
	}
	return "conflicts";
}

static const char *kind_name(enum isms_sync_conflict_kind k)
{
	switch (k) {
	case ISMS_SYNC_BOTH_CHANGED:
		return "both-changed";
	case ISMS_SYNC_ID_CLASH:
		return "id-clash";
	case ISMS_SYNC_FILE_FOLDER:
		return "file-folder";
	case ISMS_SYNC_TAG_CLASH:
		return "tag-clash";
	case ISMS_SYNC_CHANGED_AFTER_ACT:
		break;
	}
	return "changed-after-decision";
}

/* ,"key":value for a string that may be NULL (null). */
static void str_or_null(struct isms_buf *b, const char *key, const char *value)
{
	isms_buf_printf(b, ",\"%s\":", key);
	if (value)
		isms_json_str(b, value);
	else
		isms_buf_puts(b, "null");
}

static void side(struct isms_buf *b, const char *key, const struct isms_sync_change *c)
{
	const char how[2] = { c->how, '\0' };

	isms_buf_printf(b, ",\"%s\":{", key);
	isms_json_field(b, "how", how, 1);
	str_or_null(b, "commit", c->commit[0] ? c->commit : NULL);
	str_or_null(b, "author", c->author);
	str_or_null(b, "summary", c->summary);
	isms_buf_puts(b, "}");
}

static void conflict(struct isms_buf *b, const struct isms_sync_conflict *k)
{
	isms_buf_puts(b, "{");
	isms_json_field(b, "kind", kind_name(k->kind), 1);
	str_or_null(b, "id", k->id);
	str_or_null(b, "path", k->path);
	side(b, "ours", &k->ours);
	side(b, "theirs", &k->theirs);
	if (k->kind == ISMS_SYNC_FILE_FOLDER)
		str_or_null(b, "inside", k->inside);
	if (k->kind == ISMS_SYNC_CHANGED_AFTER_ACT) {
		str_or_null(b, "act", k->act);
		str_or_null(b, "decided", k->act_side == ISMS_SYNC_OURS ? "ours" : "theirs");
	}
	str_or_null(b, "note", k->note);
	isms_buf_puts(b, ",\"fields\":[");
	for (size_t i = 0; i < k->field_count; i++) {
		isms_buf_puts(b, i ? ",{" : "{");
		isms_json_field(b, "name", k->fields[i].name, 1);
		str_or_null(b, "base", k->fields[i].base);
		str_or_null(b, "ours", k->fields[i].ours);
		str_or_null(b, "theirs", k->fields[i].theirs);
		str_or_null(b, "ours_by", k->fields[i].ours_by);
		str_or_null(b, "ours_commit", k->fields[i].ours_commit[0] ? k->fields[i].ours_commit
								  : NULL);
		str_or_null(b, "theirs_by", k->fields[i].theirs_by);
		str_or_null(b, "theirs_commit", k->fields[i].theirs_commit[0]
			    ? k->fields[i].theirs_commit : NULL);
		isms_buf_puts(b, "}");
	}
	isms_buf_puts(b, "]}");
}

void cli_sync_json(const struct isms_sync_result *r, const char *error)
{
	struct isms_buf b = ISMS_BUF_INIT;

	isms_buf_puts(&b, "{");
	isms_json_field(&b, "outcome", error && r->outcome != ISMS_SYNC_MERGED &&
			r->outcome != ISMS_SYNC_FAST_FORWARD ? "failed" : outcome_name(r->outcome), 1);
	str_or_null(&b, "error", error);
	str_or_null(&b, "remote", r->remote);
	str_or_null(&b, "branch", r->branch);
	str_or_null(&b, "tracking", r->tracking);
	str_or_null(&b, "before", r->before[0] ? r->before : NULL);
	str_or_null(&b, "after", r->after[0] ? r->after : NULL);
	isms_buf_printf(&b, ",\"commits_in\":%zu,\"commits_out\":%zu,\"records_in\":%zu,"
			"\"records_deleted\":%zu,\"files_in\":%zu,\"records_merged\":%zu,"
			"\"pushed\":%s,\"retried\":%s", r->commits_in, r->commits_out, r->records_in,
			r->records_deleted, r->files_in, r->records_merged,
			r->pushed ? "true" : "false", r->retried ? "true" : "false");
	isms_buf_puts(&b, ",\"conflicts\":[");
	for (size_t i = 0; i < r->conflict_count; i++) {
		if (i)
			isms_buf_puts(&b, ",");
		conflict(&b, &r->conflicts[i]);
	}
	isms_buf_puts(&b, "],\"renumbered\":[");
	for (size_t i = 0; i < r->renumbered_count; i++) {
		isms_buf_puts(&b, i ? ",{" : "{");
		isms_json_field(&b, "from", r->renumbered[i].from, 1);
		isms_json_field(&b, "to", r->renumbered[i].to, 0);
		isms_json_field(&b, "path", r->renumbered[i].path, 0);
		isms_buf_puts(&b, "}");
	}
	isms_buf_puts(&b, "],\"tags_taken\":[");
	for (size_t i = 0; i < r->tags_taken_count; i++) {
		if (i)
			isms_buf_puts(&b, ",");
		isms_json_str(&b, r->tags_taken[i]);
	}
	isms_buf_puts(&b, "],\"unreadable\":[");
	for (size_t i = 0; i < r->unreadable_count; i++) {
		isms_buf_puts(&b, i ? ",{" : "{");
		isms_json_field(&b, "path", r->unreadable[i].path, 1);
		isms_json_field(&b, "message", r->unreadable[i].message, 0);
		isms_buf_puts(&b, "}");
	}
	isms_buf_puts(&b, "]}\n");
	fputs(isms_buf_cstr(&b), stdout);
	isms_buf_free(&b);
}
