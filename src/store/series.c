/* SPDX-License-Identifier: MIT */
/* A measurement's values over time (27001 9.1): each commit of its file's
 * history (from the history index, isms_repo_log) where its result or
 * measured_on changed gives a dated value. And how a value is read as a
 * number, and a target as a direction and a number, so that a view can say
 * whether an objective is on track. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"
#include "isms/tree.h"
#include "isms/yaml.h"
#include "store_private.h"

bool isms_number_lead(const char *text, double *out)
{
	const char *p = text;
	double v = 0, scale = 1;
	bool neg = false, digits = false;

	if (!p)
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits = true)
		v = v * 10 + (*p - '0');
	if (*p == '.' && p[1] >= '0' && p[1] <= '9')
		for (p++; *p >= '0' && *p <= '9'; p++, digits = true)
			v += (*p - '0') * (scale /= 10);
	if (!digits)
		return false;
	*out = neg ? -v : v;
	return true;
}

static bool word(const char **p, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(*p, w, n) != 0)
		return false;
	*p += n;
	return true;
}

bool isms_target_parse(const char *text, enum isms_target_dir *dir, double *value)
{
	const char *p = text;

	if (!p)
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (word(&p, ">=") || word(&p, "\u2265") || word(&p, "at least ") || word(&p, "min "))
		*dir = ISMS_TARGET_AT_LEAST;
	else if (word(&p, "<=") || word(&p, "\u2264") || word(&p, "at most ") || word(&p, "max "))
		*dir = ISMS_TARGET_AT_MOST;
	else if (word(&p, ">") || word(&p, "over ") || word(&p, "above ") || word(&p, "more than "))
		*dir = ISMS_TARGET_ABOVE;
	else if (word(&p, "<") || word(&p, "under ") || word(&p, "below ") || word(&p, "less than "))
		*dir = ISMS_TARGET_BELOW;
	else
		*dir = ISMS_TARGET_AT_LEAST;
	return isms_number_lead(p, value);
}

bool isms_target_met(enum isms_target_dir dir, double target, double value)
{
	switch (dir) {
	case ISMS_TARGET_AT_MOST:
		return value <= target;
	case ISMS_TARGET_ABOVE:
		return value > target;
	case ISMS_TARGET_BELOW:
		return value < target;
	case ISMS_TARGET_AT_LEAST:
	default:
		return value >= target;
	}
}

void isms_series_free(struct isms_series *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i].text);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

/* The point of the version of `path` at `commit`: false when it has no
 * result (or the file is not there, or cannot be read: *unreadable). */
static bool point_at(struct isms_point *pt, struct isms_store *store, const char *commit,
		     const char *path, bool *unreadable)
{
	struct isms_buf raw = ISMS_BUF_INIT;
	struct isms_node *root = NULL;
	const char *result, *date;
	bool ok = false;
	int error;

	*unreadable = false;
	if ((error = isms_repo_read(&raw, store->repo, commit, path)) < 0) {
		*unreadable = error != ISMS_ENOTFOUND;
		goto done;
	}
	if (isms_yaml_load(&root, NULL, raw.ptr ? raw.ptr : "", raw.len, path, NULL) < 0 ||
	    !root || root->type != ISMS_NODE_MAP) {
		*unreadable = true;
		goto done;
	}
	result = isms_map_get_text(root, "result");
	date = isms_map_get_text(root, "measured_on");
	if (!result || !*result)
		goto done;
	memset(pt, 0, sizeof(*pt));
	snprintf(pt->date, sizeof(pt->date), "%s", date ? date : "");
	memcpy(pt->commit, commit, sizeof(pt->commit));
	pt->text = isms_strdup(result);
	pt->numeric = isms_number_lead(result, &pt->value);
	ok = true;
done:
	isms_node_free(root);
	isms_buf_free(&raw);
	return ok;
}

static int by_date(const void *a, const void *b)
{
	const struct isms_point *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	/* Same day: the older commit first (qsort is not stable). */
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

int isms_store_series(struct isms_series *out, struct isms_store *store, const char *id)
{
	struct isms_log log = { 0 };
	char *path = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_store_record_path(&path, store, id)) < 0)
		return error;
	if ((error = isms_repo_log(&log, store->repo, path, 0)) < 0)
		goto cleanup;
	memcpy(out->shallow, log.shallow, sizeof(out->shallow));
	/* Oldest first; a point only where result or measured_on changed. */
	for (size_t i = log.count; i-- > 0;) {
		struct isms_point pt;
		struct isms_point *last = out->count ? &out->items[out->count - 1] : NULL;
		bool unreadable;

		if (!point_at(&pt, store, log.items[i].id, path, &unreadable)) {
			out->unreadable += unreadable;
			continue;
		}
		pt.time = log.items[i].time;
		pt.order = log.count - i;
		if (last && strcmp(last->date, pt.date) == 0 && strcmp(last->text, pt.text) == 0) {
			free(pt.text);
			continue;
		}
		if (last && strcmp(last->date, pt.date) == 0) {
			/* The same day's value corrected: the later one stands. */
			free(last->text);
			*last = pt;
			continue;
		}
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count++] = pt;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_date);
cleanup:
	isms_log_free(&log);
	free(path);
	if (error < 0)
		isms_series_free(out);
	return error;
}
