/* SPDX-License-Identifier: MIT */
/* The findings check reports about approvals (27001 7.5.2): an approved
 * document changed since its approval, and an approval left unfinished. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/error.h"
#include "isms/fs.h"
#include "isms/rules.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

/* An approved document whose file (`given`, or the working tree's when
 * NULL) is no longer what was approved; `committing` when the text is about
 * to be committed, which says how to go on differently. */
void store_check_approval(struct isms_findings *f, struct isms_store *store,
			  const struct isms_view *v, const char *path,
			  const struct isms_buf *given, bool committing)
{
	struct isms_buf approved = ISMS_BUF_INIT, now = ISMS_BUF_INIT;
	struct isms_node *then = NULL;
	const char *status, *on = NULL;
	char *tag, *full;
	unsigned line = 1;

	if (!v->root || v->root->type != ISMS_NODE_MAP || !v->kind->controlled ||
	    !(status = isms_map_get_text(v->root, "status")) || strcmp(status, "approved") != 0)
		return;
	tag = store_latest_approval_tag(store, v->id, path, isms_map_get_text(v->root, "version"));
	if (!tag) {
		/* Never approved here: the record's own fields say who and
		 * when (approvals from before the workbench). A change that
		 * says approved is no approval, though. */
		const struct isms_node *st = isms_map_get(v->root, "status");

		if (committing)
			isms_findings_add(f, ISMS_SEV_ERROR, st->line, st->column,
				"says approved, but nothing approved this text: a document is "
				"approved with 'isms approve %s', which binds the approval to it; "
				"commit it as draft or in-review, then approve it", v->id);
		return;
	}
	full = store_full_path(store, path);
	if (given)
		isms_buf_put(&now, given->ptr ? given->ptr : "", given->len);
	if (isms_repo_read(&approved, store->repo, tag, path) == 0 &&
	    (given || isms_fs_read(&now, full, ISMS_YAML_MAX_BYTES) == 0) &&
	    (approved.len != now.len || memcmp(approved.ptr, now.ptr, now.len) != 0)) {
		const char *v_then = NULL;
		unsigned long major, minor;
		char next[ISMS_VERSION_MAX] = "";

		/* The first line that differs. */
		for (size_t i = 0; i < approved.len && i < now.len && approved.ptr[i] == now.ptr[i]; i++)
			line += now.ptr[i] == '\n';
		if (isms_yaml_load(&then, NULL, approved.ptr, approved.len, path, NULL) == 0 &&
		    then->type == ISMS_NODE_MAP) {
			on = isms_map_get_text(then, "approved_on");
			v_then = isms_map_get_text(then, "version");
		}
		if (v_then && store_parse_version(v_then, &major, &minor))
			snprintf(next, sizeof(next), "%lu.%lu", major, minor + 1);
		if (committing)
			isms_findings_add(f, ISMS_SEV_ERROR, line, 1,
				"changed since its approval on %s (%s) but still says status: approved; "
				"a change to an approved document is its next draft: set status: draft "
				"and version: '%s' (and remove approved_by and approved_on), or make the "
				"change with 'isms edit %s', which does that",
				on ? on : "an earlier date", tag, next[0] ? next : "X.Y", v->id);
		else
			isms_findings_add(f, ISMS_SEV_ERROR, line, 1,
				"changed since its approval on %s (%s); approve it again or set status to in-review",
				on ? on : "an earlier date", tag);
	}
	isms_node_free(then);
	isms_buf_free(&approved);
	isms_buf_free(&now);
	free(full);
	free(tag);
}

/* An approved document whose approval commit has no tag: unfinished, and
 * so not believed. */
void store_check_unfinished(struct isms_findings *f, struct isms_store *store,
			    const struct isms_view *v, const char *path)
{
	struct isms_unfinished u;
	const struct isms_node *status;

	if (!v->root || v->root->type != ISMS_NODE_MAP || !v->kind->controlled ||
	    !(status = isms_map_get(v->root, "status")) || status->type != ISMS_NODE_SCALAR ||
	    strcmp(status->text, "approved") != 0)
		return;
	if (isms_store_unfinished_approval(&u, store, v->id, path) != 1) {
		isms_error_clear();
		return;
	}
	if (u.elsewhere[0])
		isms_findings_add(f, ISMS_SEV_ERROR, status->line, status->column,
			"the approval of v%s by %s in commit %.7s is unfinished: its tag %s names "
			"commit %.7s instead; change the document and approve it anew", u.version,
			u.approver, u.commit, u.tag, u.elsewhere);
	else
		isms_findings_add(f, ISMS_SEV_ERROR, status->line, status->column,
			"the approval of v%s by %s in commit %.7s is unfinished: it has no tag %s; "
			"run 'isms approve %s' to finish the approval (as its approver), or approve anew",
			u.version, u.approver, u.commit, u.tag, v->id);
	isms_unfinished_free(&u);
}
