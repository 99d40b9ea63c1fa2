/* SPDX-License-Identifier: MIT */
/* A change to what an act decided on voids it (doc/trust.md): when a save
 * changes a field an act binds (a risk's rating after its acceptance, a
 * nonconformity's corrective action after its closure, anything in an
 * approved management review), the act's fields go with the change and the
 * status falls back, so the record never shows a decision that no longer
 * stands. The act itself stays in history; making it again is its command.
 * Approved controlled documents have their own rule: the next draft
 * (save.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/act.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "isms/yaml.h"
#include "store_private.h"

/* The status a record falls back to when `act`, which gave its status,
 * no longer stands. */
static const char *fallback(const struct isms_act *act)
{
	if (strcmp(act->name, "accept") == 0)
		return "assessed";
	if (strcmp(act->name, "close") == 0)
		return "in-progress";
	return "draft";
}

/* Whether `name` is a field some act writes (never a field that voids). */
static bool acts_field(const char *name)
{
	for (size_t i = 0; isms_act_at(i); i++)
		if ((isms_act_at(i)->by && strcmp(isms_act_at(i)->by, name) == 0) ||
		    (isms_act_at(i)->on && strcmp(isms_act_at(i)->on, name) == 0))
			return true;
	return strcmp(name, "status") == 0;
}

/* The first field `act` binds that differs between `then` and `now`, or
 * NULL. */
static const char *changed_binding(const struct isms_act *act, const struct isms_node *then,
				   const struct isms_node *now)
{
	if (act->binds) {
		for (size_t i = 0; act->binds[i]; i++) {
			const struct isms_node *a = isms_map_get(then, act->binds[i]);
			const struct isms_node *b = isms_map_get(now, act->binds[i]);

			if ((a || b) && (!a || !b || !isms_node_equal(a, b)))
				return act->binds[i];
		}
		return NULL;
	}
	for (size_t i = 0; i < now->count; i++) {
		const struct isms_node *a = isms_map_get(then, now->pairs[i].key);

		if (!acts_field(now->pairs[i].key) && (!a || !isms_node_equal(a, now->pairs[i].value)))
			return now->pairs[i].key;
	}
	for (size_t i = 0; i < then->count; i++)
		if (!acts_field(then->pairs[i].key) && !isms_map_get(now, then->pairs[i].key))
			return then->pairs[i].key;
	return NULL;
}

/* Whether `act`'s fields are in `then` and left as they were in `now`:
 * the caller did not touch the decision. */
static bool kept(const struct isms_act *act, const struct isms_node *then,
		 const struct isms_node *now)
{
	const struct isms_node *by = isms_map_get(then, act->by);
	const struct isms_node *by_now = isms_map_get(now, act->by);

	return by && by_now && isms_node_equal(by, by_now);
}

bool store_void_acts(struct isms_buf *out, struct isms_buf *voided, struct isms_store *store,
		     const struct isms_record *rec, const char *text, size_t len)
{
	struct isms_buf old = ISMS_BUF_INIT;
	struct isms_node *then = NULL, *now = NULL;
	char *full;
	bool any = false;

	if (rec->kind->controlled || !rec->base[0])
		return false;
	full = store_full_path(store, rec->path);
	if (isms_fs_read(&old, full, ISMS_YAML_MAX_BYTES) < 0 ||
	    isms_yaml_load(&then, NULL, old.ptr, old.len, full, NULL) < 0 ||
	    isms_yaml_load(&now, NULL, text, len, full, NULL) < 0 ||
	    then->type != ISMS_NODE_MAP || now->type != ISMS_NODE_MAP)
		goto cleanup;
	for (size_t i = 0; isms_act_at(i); i++) {
		const struct isms_act *act = isms_act_at(i);
		const char *why;

		if (!isms_act_applies(act, rec->kind) || !act->by || !kept(act, then, now) ||
		    !(why = changed_binding(act, then, now)))
			continue;
		isms_buf_printf(voided, "%s%s (%s changed)", any ? ", " : "", act->name, why);
		isms_map_remove(now, act->by);
		if (act->on)
			isms_map_remove(now, act->on);
		if (act->status) {
			const char *s = isms_map_get_text(now, "status");

			if (s && strcmp(s, act->status) == 0)
				isms_map_set(now, "status", isms_node_str(fallback(act)));
		}
		any = true;
	}
	if (any) {
		isms_kind_order(now, rec->kind);
		any = isms_yaml_emit(out, now) == 0;
	}
cleanup:
	isms_node_free(then);
	isms_node_free(now);
	isms_buf_free(&old);
	free(full);
	return any;
}
