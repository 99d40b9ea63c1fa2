/* SPDX-License-Identifier: MIT */
/* Decision fields refused on every write path (doc/trust.md): a field
 * whose act is set in the kind table, or a status value an act gives, is
 * written only by that act. What a write may not do is compared with the
 * record as last committed: a value unchanged from it is not a write. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/error.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

/* Whether the values `a` and `b` (either NULL) are the same. */
static bool same_value(const struct isms_node *a, const struct isms_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return false;
	if (a->type == ISMS_NODE_SCALAR)
		return strcmp(a->text, b->text) == 0;
	if (a->type == ISMS_NODE_SEQ) {
		if (a->count != b->count)
			return false;
		for (size_t i = 0; i < a->count; i++)
			if (!same_value(a->items[i], b->items[i]))
				return false;
		return true;
	}
	if (a->type == ISMS_NODE_MAP) {
		if (a->count != b->count)
			return false;
		for (size_t i = 0; i < a->count; i++)
			if (strcmp(a->pairs[i].key, b->pairs[i].key) != 0 ||
			    !same_value(a->pairs[i].value, b->pairs[i].value))
				return false;
		return true;
	}
	return true;
}

size_t store_check_decisions(struct isms_findings *f, const struct isms_kind *kind,
			     const char *id, const struct isms_node *root,
			     const struct isms_node *head, const char *allowed)
{
	size_t found = 0;

	if (!root || root->type != ISMS_NODE_MAP)
		return 0;
	if (head && head->type != ISMS_NODE_MAP)
		head = NULL;
	for (size_t i = 0; i < root->count; i++) {
		const char *key = root->pairs[i].key;
		const struct isms_node *now = root->pairs[i].value;
		const struct isms_node *then = head ? isms_map_get(head, key) : NULL;
		const char *act = isms_kind_field_act(kind, key,
						      now->type == ISMS_NODE_SCALAR ? now->text : NULL);

		if (!act || (allowed && strcmp(act, allowed) == 0) || same_value(now, then))
			continue;
		if (strcmp(key, "status") == 0)
			isms_findings_add(f, ISMS_SEV_ERROR, now->line, now->column,
				"status: %s records a decision, which only its act makes: run "
				"'isms %s %s' (doc/trust.md)", now->text, act, id);
		else
			isms_findings_add(f, ISMS_SEV_ERROR, now->line, now->column,
				"%s records a decision, which only its act writes: run 'isms %s %s' "
				"instead, and leave %s as it was committed (doc/trust.md)", key,
				act, id, key);
		found++;
	}
	return found;
}

size_t store_check_decisions_text(struct isms_findings *f, struct isms_store *store,
				  const struct isms_kind *kind, const char *id, const char *path,
				  const struct isms_node *root, const char *allowed)
{
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_node *head = NULL;
	size_t found;

	if (isms_repo_read(&text, store->repo, "HEAD", path) < 0 ||
	    isms_yaml_load(&head, NULL, text.ptr ? text.ptr : "", text.len, path, NULL) < 0) {
		isms_node_free(head);
		head = NULL;
	}
	isms_error_clear();  /* not committed, or not readable: nothing decided before */
	found = store_check_decisions(f, kind, id, root, head, allowed);
	isms_node_free(head);
	isms_buf_free(&text);
	return found;
}
