/* SPDX-License-Identifier: MIT */
/* Reading all records: the files in each kind's folder, loading and
 * listing them, and filling the Statement of Applicability with one entry
 * per Annex A control. */
#include "config.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/rules.h"
#include "isms/store.h"
#include "isms/text.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "cache.h"
#include "git/git.h"
#include "txn.h"

int isms_store_soa_init(char commit[ISMS_OID_HEX], size_t *added, struct isms_store *store,
			const struct isms_ident *author)
{
	const struct isms_kind *kind = isms_kind_find("control");
	struct isms_txn_opts opts = ISMS_TXN_OPTS_INIT;
	struct isms_txn *txn = NULL;
	size_t n = 0;
	int error;

	commit[0] = '\0';
	*added = 0;
	opts.author = author;
	if ((error = isms_txn_begin(&txn, store, &opts)) < 0 ||
	    (error = store_kind_folder(store, kind, true)) < 0)
		goto cleanup;
	for (size_t i = 0; i < isms_control_count() && error == 0; i++) {
		const struct isms_control *c = isms_control_at(i);
		char *rel = isms_kind_record_path(kind, c->id), *full = store_full_path(store, rel);
		struct isms_node *root;
		struct isms_buf text = ISMS_BUF_INIT;

		if (!isms_fs_exists(full)) {
			root = isms_node_map();
			isms_map_set(root, "id", isms_node_str(c->id));
			isms_map_set(root, "kind", isms_node_str(kind->name));
			isms_map_set(root, "title", isms_node_str(c->title));
			isms_map_set(root, "status", isms_node_str("draft"));
			if ((error = isms_yaml_emit(&text, root)) == 0 &&
			    (error = isms_txn_write(txn, rel, text.ptr, text.len, "")) == 0)
				n++;
			isms_buf_free(&text);
			isms_node_free(root);
		}
		free(full);
		free(rel);
	}
	if (error == 0 && n) {
		isms_txn_message(txn, "Statement of Applicability: add %zu Annex A control%s, "
				 "undecided", n, n == 1 ? "" : "s");
		isms_txn_trailer(txn, "Clause: 6.1.3");
		error = isms_txn_commit(commit, txn);
	}
	if (error == 0)
		*added = n;
cleanup:
	return isms_txn_end(txn, error);
}

static int compare_names(const void *a, const void *b)
{
	return isms_id_compare(*(char *const *)a, *(char *const *)b);
}

/* The record file names in a kind's folder, sorted; *count 0 when none. */
char **store_folder_files(struct isms_store *store, const struct isms_kind *kind, size_t *count)
{
	char *dir = isms_path_join(store->top, kind->folder);
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;

	*count = 0;
	free(dir);
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !isms_str_ends_with(e->d_name, ".yaml"))
			continue;
		names = isms_grow(names, &cap, *count + 1, sizeof(*names));
		names[(*count)++] = isms_strdup(e->d_name);
	}
	closedir(d);
	if (*count > 1)
		qsort(names, *count, sizeof(*names), compare_names);
	return names;
}

void store_free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* The arrays grown to hold `cap` records. */
static void records_resize(struct isms_records *out, size_t cap)
{
	out->cap = cap;
	out->views = isms_realloc(out->views, cap * sizeof(*out->views));
	out->paths = isms_realloc(out->paths, cap * sizeof(*out->paths));
	out->findings = isms_realloc(out->findings, cap * sizeof(*out->findings));
}

void store_records_reserve(struct isms_records *out, size_t more)
{
	if (out->count + more > out->cap)
		records_resize(out, out->count + more);
}

size_t store_records_slot(struct isms_records *out, const struct isms_kind *kind,
			  const char *name)
{
	size_t i = out->count++;

	if (out->count > out->cap)
		records_resize(out, out->cap < 8 ? 8 : out->cap * 2);
	memset(&out->findings[i], 0, sizeof(out->findings[i]));
	out->paths[i] = isms_asprintf("%s/%s", kind->folder, name);
	out->views[i] = (struct isms_view){ .kind = kind,
					   .id = isms_strndup(name, strlen(name) - 5), .root = NULL };
	return i;
}

/* A record file to load, on any thread (load_run): from the cache, or
 * read, parsed, validated, hashed and written as a cache payload. */
struct load_job {
	size_t i;                      /* its slot in the records */
	const struct isms_kind *kind;
	const char *id, *rel;
	char *full;
	struct isms_buf raw;
	struct store_cache_stat read;  /* as the cache read it */
	struct isms_findings f;
	struct isms_node *root;        /* packed; NULL when it cannot be loaded */
	struct cache_entry *later;     /* unchanged, its tree made later (see below) */
	char blob[ISMS_OID_HEX];
	struct wbuf payload;           /* for the cache, when parsed from its bytes */
};

/* Files are listed on the calling thread and loaded in batches of this
 * many by up to LOAD_THREADS_MAX more, and by the calling thread when it
 * has listed the next batch. */
#define LOAD_BATCH 256
#define LOAD_THREADS_MAX 4

struct batch;

/* A thread loading a batch, with its own way into the cache. */
struct loader {
	struct batch *b;
	struct store_cache_reader *reader;
	pthread_t thread;
};

struct batch {
	struct load_job jobs[LOAD_BATCH];
	size_t count;
	bool defer;                    /* trees of unchanged files made later */
	atomic_size_t next;            /* the next job a thread takes */
	struct loader loaders[LOAD_THREADS_MAX];
	unsigned started;              /* threads loading it */
};

/* A record the cache knows unchanged, whose tree is made later. */
struct later {
	size_t i;
	struct cache_entry *at;  /* store_cache_get's */
};

struct loading {
	struct isms_records *out;
	struct isms_store *store;
	struct store_cache *cache;
	bool defer;                    /* trees of unchanged files made later */
	struct later *later;
	size_t later_count, later_cap;
	struct batch batches[2];
	struct batch *filling;         /* with the files being listed */
	struct batch *running;         /* the batch before, while it is loaded */
	struct loader self;            /* the calling thread, loading too */
	unsigned threads;              /* besides the calling one */
};

/* Load the file: from the cache when it is unchanged (with `defer`, its
 * tree left for later: j->later says where); otherwise the bytes the cache
 * read, or, when it could not read them, read and refused here (saying
 * why). A job whose tree was left for later has it made now. */
static void load_job(struct store_cache_reader *reader, struct load_job *j, bool defer)
{
	enum store_cache_hit hit;
	size_t size;

	if (j->later)
		hit = store_cache_make(reader, j->later, &j->root, &j->f) ? STORE_CACHE_HIT
									   : STORE_CACHE_MISS;
	else
		hit = store_cache_get(reader, j->rel, j->full, &j->root, &j->f, &j->raw,
				      &j->read, defer ? &j->later : NULL);
	if (hit != STORE_CACHE_HIT || !defer)
		j->later = NULL;  /* made now, or read below */
	switch (hit) {
	case STORE_CACHE_HIT:
		return;
	case STORE_CACHE_MISS_READ:
		break;
	default:
		if (isms_yaml_load_file(&j->root, NULL, &j->raw, j->full, NULL) < 0) {
			store_add_load_error(&j->f, j->full);
		} else {
			isms_record_validate(&j->f, j->root, j->kind, j->id);
			j->root = payload_pack(j->root, payload_tree_size(j->root));
		}
		return;
	}
	if (isms_yaml_load(&j->root, NULL, j->raw.ptr, j->raw.len, j->full, NULL) < 0) {
		store_add_load_error(&j->f, j->full);
		return;
	}
	isms_record_validate(&j->f, j->root, j->kind, j->id);
	isms_repo_hash(j->blob, j->raw.ptr, j->raw.len);
	size = payload_tree_size(j->root);
	payload_write(&j->payload, j->root, size, &j->f, 0);
	/* Kept as the cache gives trees: in one allocation, a third smaller. */
	j->root = payload_pack(j->root, size);
}

static void *load_run(void *arg)
{
	struct loader *t = arg;
	struct batch *b = t->b;

	for (size_t k; (k = atomic_fetch_add(&b->next, 1)) < b->count; )
		load_job(t->reader, &b->jobs[k], b->defer);
	return NULL;
}

/* Start loading the batch on other threads (on none when it is small: the
 * calling thread loads it all in batch_finish). A thread reading git's
 * status of the working tree meanwhile (git/status.c) counts as one: it
 * then has a processor to itself. */
static void batch_start(struct loading *l, struct batch *b)
{
	unsigned busy = (unsigned)repo_status_jobs();
	unsigned threads = l->threads > busy ? l->threads - busy : 0;

	b->defer = l->defer;
	atomic_store(&b->next, 0);
	b->started = 0;
	while (b->count >= 16 && b->started < threads) {
		struct loader *t = &b->loaders[b->started];

		t->b = b;
		t->reader = store_cache_reader(l->cache);
		if (pthread_create(&t->thread, NULL, load_run, t) != 0) {
			store_cache_reader_done(t->reader);
			break;
		}
		b->started++;
	}
}

/* Load what is left of the batch, wait for its threads, then give each
 * record what its job found, in order (the cache's entries too, so that
 * they are read in that order again). */
static void batch_finish(struct loading *l, struct batch *b)
{
	l->self.b = b;
	load_run(&l->self);
	while (b->started) {
		struct loader *t = &b->loaders[--b->started];

		pthread_join(t->thread, NULL);
		store_cache_reader_done(t->reader);
	}
	for (size_t k = 0; k < b->count; k++) {
		struct load_job *j = &b->jobs[k];
		struct isms_findings *f = &l->out->findings[j->i];

		if (j->payload.len)
			store_cache_put(l->cache, j->rel, &j->read, j->blob, &j->payload);
		for (size_t n = 0; n < j->f.count; n++)
			isms_findings_add(f, j->f.items[n].severity, j->f.items[n].line,
					  j->f.items[n].column, "%s", j->f.items[n].message);
		l->out->views[j->i].root = j->root;
		if (j->later) {
			l->later = isms_grow(l->later, &l->later_cap, l->later_count + 1,
					     sizeof(*l->later));
			l->later[l->later_count++] = (struct later){ .i = j->i, .at = j->later };
		}
		isms_findings_free(&j->f);
		isms_buf_free(&j->raw);
		free(j->payload.p);
		free(j->full);
	}
	if (b->count)
		store_cache_done_with(l->cache, b->jobs[b->count - 1].rel);
	b->count = 0;
}

/* The batch being filled is full, or (`last`) the files are all listed:
 * finish the batch before it, and start this one (finishing it too when
 * it is the last). The threads load one batch while the calling thread
 * lists the next. */
static void batch_full(struct loading *l, bool last)
{
	if (l->running)
		batch_finish(l, l->running);
	batch_start(l, l->filling);
	l->running = l->filling;
	l->filling = l->filling == &l->batches[0] ? &l->batches[1] : &l->batches[0];
	if (last) {
		batch_finish(l, l->running);
		l->running = NULL;
	}
}

/* A job for the record in slot `i`, whose file is `full` (and whose tree
 * store_cache_get left for `later`, or NULL). */
static void load_content(struct loading *l, size_t i, char *full, struct cache_entry *later)
{
	struct load_job *j = &l->filling->jobs[l->filling->count];

	*j = (struct load_job){ .i = i, .kind = l->out->views[i].kind, .id = l->out->views[i].id,
				.rel = l->out->paths[i], .full = full, .later = later };
	if (++l->filling->count == LOAD_BATCH)
		batch_full(l, false);
}

/* One record file, read and validated on its own. */
static void load_one(struct loading *l, struct isms_store *store, const struct isms_kind *kind,
		     const char *name)
{
	struct isms_records *out = l->out;
	size_t i = store_records_slot(out, kind, name);
	struct isms_findings *f = &out->findings[i];

	if (isms_id_check(out->views[i].id) < 0) {
		isms_findings_add(f, ISMS_SEV_ERROR, 1, 1, "the file name is not a valid record ID: %s",
				  isms_error_last()->message);
		return;
	}
	/* Read all the same: it still counts and can still be referred to.
	 * (Not cached: the prefix is isms.yaml's.) */
	if (!isms_kind_id_matches(kind, store_prefix_of(store, kind), out->views[i].id))
		isms_findings_add(f, ISMS_SEV_ERROR, 1, 1,
			"'%s' is not the ID of a %s (%s); each record lives in its kind's "
			"folder as ID.yaml, with the prefix isms.yaml's id_prefixes gives",
			out->views[i].id, kind->name,
			kind->id_style == ISMS_ID_CONTROL ? "A.5.1 to A.8.34"
							   : store_prefix_of(store, kind));
	load_content(l, i, store_full_path(store, out->paths[i]), NULL);
}

/* The trees left for later, made once git's status of the working tree,
 * read meanwhile in a thread of its own, is done: so that its memory (4 MB
 * in libgit2 at 10,000 files) and all the trees are never held at once,
 * while the files' stat data were checked beside it all the same. Made in
 * batches as the others were, in the same order. */
static void make_later(struct loading *l)
{
	repo_status_jobs_wait();
	l->defer = false;
	for (size_t n = 0; n < l->later_count; n++) {
		size_t i = l->later[n].i;

		load_content(l, i, store_full_path(l->store, l->out->paths[i]), l->later[n].at);
	}
	batch_full(l, true);
	free(l->later);
}

int store_load_all(struct isms_records *out, struct isms_store *store,
		   const struct isms_kind *only, bool verify)
{
	struct loading *l = isms_calloc(1, sizeof(*l));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(out, 0, sizeof(*out));
	l->out = out;
	l->store = store;
	l->cache = store_cache_open(store, verify);
	/* While git's status is read: see make_later. */
	l->defer = repo_status_jobs() > 0;
	l->self.reader = store_cache_reader(l->cache);
	l->filling = &l->batches[0];
	l->threads = cpus < 2 ? 0 : cpus > LOAD_THREADS_MAX ? LOAD_THREADS_MAX : (unsigned)cpus - 1;
	for (size_t k = 0; k < isms_kind_count(); k++) {
		const struct isms_kind *kind = isms_kind_at(k);
		size_t count;
		char **names;

		if (only && kind != only)
			continue;
		if (store_kind_folder(store, kind, false) < 0)
			continue;  /* none, or refused: check reports the latter */
		names = store_folder_files(store, kind, &count);
		store_records_reserve(out, count);
		for (size_t i = 0; i < count; i++)
			load_one(l, store, kind, names[i]);
		store_free_names(names, count);
	}
	batch_full(l, true);
	if (l->later_count)
		make_later(l);
	store_cache_reader_done(l->self.reader);
	store_cache_close(l->cache, only);
	free(l);
	return 0;
}

int isms_store_load_all(struct isms_records *out, struct isms_store *store,
			const struct isms_kind *only)
{
	return store_load_all(out, store, only, false);
}

void isms_records_free(struct isms_records *records)
{
	if (!records)
		return;
	for (size_t i = 0; i < records->count; i++) {
		free((char *)records->views[i].id);
		isms_node_free((struct isms_node *)records->views[i].root);
		free(records->paths[i]);
		isms_findings_free(&records->findings[i]);
	}
	free(records->views);
	free(records->paths);
	free(records->findings);
	memset(records, 0, sizeof(*records));
}

int isms_store_list(struct isms_entries *out, struct isms_store *store,
		    const struct isms_kind *only)
{
	struct isms_records all;

	memset(out, 0, sizeof(*out));
	isms_store_load_all(&all, store, only);
	for (size_t i = 0; i < all.count; i++) {
		const struct isms_node *root = all.views[i].root;
		const char *status = root ? isms_map_get_text(root, "status") : NULL;
		const char *title = root ? isms_map_get_text(root, "title") : NULL;
		struct isms_entry *e;

		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		e = &out->items[out->count++];
		*e = (struct isms_entry){ .kind = all.views[i].kind, .id = isms_strdup(all.views[i].id),
					  .path = isms_strdup(all.paths[i]),
					  .status = isms_strdup(status ? status : ""),
					  .title = isms_strdup(title ? title : ""), .error = NULL,
					  .level = -1 };
		if (root && strcmp(all.views[i].kind->name, "risk") == 0)
			e->level = isms_method_level(&store->method,
				(unsigned)isms_scalar_level(isms_map_get(root, "likelihood")),
				(unsigned)isms_scalar_level(isms_map_get(root, "impact")));
		if (!root) {
			const struct isms_finding *f = all.findings[i].count ? &all.findings[i].items[0] : NULL;

			e->error = isms_asprintf("%s:%u:%u: %s", all.paths[i], f ? f->line : 1,
						 f ? f->column : 1, f ? f->message : "cannot be read");
		}
	}
	isms_records_free(&all);
	return 0;
}

void isms_entries_free(struct isms_entries *entries)
{
	if (!entries)
		return;
	for (size_t i = 0; i < entries->count; i++) {
		struct isms_entry *e = &entries->items[i];

		free(e->id);
		free(e->path);
		free(e->status);
		free(e->title);
		free(e->error);
	}
	free(entries->items);
	memset(entries, 0, sizeof(*entries));
}
