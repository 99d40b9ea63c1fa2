/* SPDX-License-Identifier: MIT */
/* The record cache (.git/isms/records.cache): a load from the cache gives
 * exactly what a load without it gives, whatever happened to the files or
 * to the cache in between. The truth is always a load with the cache file
 * removed first. A forged cache, sealed with a right checksum, is believed
 * (the first test), so the others can tell when a stale or bad cache was
 * used: each would then see the forged or the old text. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fault.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "isms/store.h"
#include "isms/tree.h"
#include "store_private.h"  /* store_cache_checksum */

#define CACHE ".git/isms/records.cache"
#define HDR_VERSION 8
#define HDR_FINGERPRINT 16
#define HDR_SCAN_START 24
#define HDR_SIZE 40
#define HDR_CHECKSUM 48

static void setup(void)
{
	th_pin_env();
}

TestSuite(cache, .init = setup);

static const char RISK1[] =
	"id: RSK-0001\nkind: risk\ntitle: Title one\nstatus: assessed\nowner: Owner A\n"
	"description: |\n  Two lines\n  of text.\nlikelihood: 2\nimpact: 3\ntreatment: modify\n"
	"controls:\n- A.5.15\n- A.8.13\n";

/* An ISMS with records that load well, with findings, and not at all. */
static char *make_isms(void)
{
	char *dir = th_fresh_isms();

	th_write(dir, "risks/RSK-0001.yaml", RISK1);
	th_write(dir, "risks/RSK-0002.yaml", "id: RSK-0002\nkind: risk\ntitle: Title two\n"
		 "likelihood: nine\nextra:\n  nested: [1, 2.5, true, ~, '2026-01-01']\n");
	th_write(dir, "risks/RSK-0003.yaml", "id: RSK-0003\nkind: risk\ntitle: [unclosed\n");
	th_write(dir, "policies/POL-001.yaml", "id: POL-001\nkind: policy\ntitle: Title pol\n"
		 "status: draft\nversion: '0.1'\nowner: Owner B\nbody: |\n  Text of the policy.\n");
	th_write(dir, "policies/POL-9.yaml", "id: POL-9\nkind: wrong\n");
	free(th_run(dir, "git add -A && git commit -qm records"));
	return dir;
}

struct loaded {
	struct isms_store *store;
	struct isms_records all;
};

/* Load as isms status and the TUI do: with git's status of the working
 * tree read meanwhile in a thread, when the trees of unchanged files are
 * made only once it is done (make_later in records.c). */
static bool beside_status;

static void load(struct loaded *l, const char *dir)
{
	struct isms_status_job *job = NULL;
	struct isms_status changes;

	cr_assert_eq(isms_store_open(&l->store, dir), 0, "%s", isms_error_last()->message);
	if (beside_status)
		cr_assert_not_null(job = isms_repo_status_start(isms_store_repo(l->store)));
	cr_assert_eq(isms_store_load_all(&l->all, l->store, NULL), 0);
	if (beside_status) {
		cr_assert_eq(isms_repo_status_finish(&changes, job, isms_store_repo(l->store)), 0);
		isms_status_free(&changes);
	}
}

static void unload(struct loaded *l)
{
	isms_records_free(&l->all);
	isms_store_free(l->store);
}

/* The truth: loaded with no cache (which writes a new one). */
static void load_truth(struct loaded *l, const char *dir)
{
	char *path = isms_path_join(dir, CACHE);

	unlink(path);
	free(path);
	load(l, dir);
}

static void same_node(const struct isms_node *a, const struct isms_node *b, const char *where)
{
	cr_assert_eq(!a, !b, "%s: a tree and none", where);
	if (!a)
		return;
	cr_assert(isms_node_equal(a, b), "%s: trees differ", where);
	cr_assert_eq(a->line, b->line, "%s: line %u, not %u", where, a->line, b->line);
	cr_assert_eq(a->column, b->column, "%s: column", where);
	for (size_t i = 0; a->type == ISMS_NODE_SEQ && i < a->count; i++)
		same_node(a->items[i], b->items[i], where);
	for (size_t i = 0; a->type == ISMS_NODE_MAP && i < a->count; i++) {
		cr_assert_eq(a->pairs[i].line, b->pairs[i].line, "%s: %s's line", where,
			     a->pairs[i].key);
		cr_assert_eq(a->pairs[i].column, b->pairs[i].column, "%s: %s's column", where,
			     a->pairs[i].key);
		same_node(a->pairs[i].value, b->pairs[i].value, where);
	}
}

/* Field by field: paths, IDs, kinds, trees with positions, findings. */
static void expect_same(const struct isms_records *got, const struct isms_records *want)
{
	cr_assert_eq(got->count, want->count, "%zu records, not %zu", got->count, want->count);
	for (size_t i = 0; i < want->count; i++) {
		const struct isms_findings *g = &got->findings[i], *w = &want->findings[i];

		cr_assert_str_eq(got->paths[i], want->paths[i]);
		cr_assert_str_eq(got->views[i].id, want->views[i].id);
		cr_assert_eq(got->views[i].kind, want->views[i].kind);
		same_node(got->views[i].root, want->views[i].root, want->paths[i]);
		cr_assert_eq(g->count, w->count, "%s: %zu findings, not %zu", want->paths[i],
			     g->count, w->count);
		for (size_t j = 0; j < w->count; j++) {
			cr_assert_eq(g->items[j].severity, w->items[j].severity);
			cr_assert_eq(g->items[j].line, w->items[j].line);
			cr_assert_eq(g->items[j].column, w->items[j].column);
			cr_assert_str_eq(g->items[j].message, w->items[j].message);
		}
	}
}

/* Load now (with whatever cache there is) and compare with the truth. */
static void expect_warm_is_true(const char *dir)
{
	struct loaded warm, truth;

	load(&warm, dir);
	load_truth(&truth, dir);
	expect_same(&warm.all, &truth.all);
	unload(&warm);
	unload(&truth);
}

static const char *title_of(const struct isms_records *all, const char *id)
{
	for (size_t i = 0; i < all->count; i++)
		if (strcmp(all->views[i].id, id) == 0)
			return all->views[i].root ? isms_map_get_text(all->views[i].root, "title") : NULL;
	return NULL;
}

static void expect_title(const char *dir, const char *id, const char *want)
{
	struct loaded l;

	load(&l, dir);
	cr_assert_str_eq(title_of(&l.all, id), want, "%s", id);
	unload(&l);
}

static struct isms_buf read_cache(const char *dir)
{
	struct isms_buf b = ISMS_BUF_INIT;
	char *path = isms_path_join(dir, CACHE);

	cr_assert_eq(isms_fs_read(&b, path, 64 << 20), 0, "%s", isms_error_last()->message);
	free(path);
	return b;
}

static void write_cache(const char *dir, const void *data, size_t len)
{
	th_write_bytes(dir, CACHE, data, len);
}

/* Replace `from` by `to` (as long) in the cache's bytes. */
static void replace(struct isms_buf *b, const char *from, const char *to)
{
	char *p = memmem(b->ptr, b->len, from, strlen(from));

	cr_assert_not_null(p, "%s is not in the cache", from);
	cr_assert_eq(strlen(from), strlen(to));
	memcpy(p, to, strlen(to));
}

static void seal(struct isms_buf *b)
{
	uint64_t sum = store_cache_checksum(b->ptr, b->len);

	memcpy(b->ptr + HDR_CHECKSUM, &sum, 8);
}

/* As if the cache had been written at `when` (its run began then). */
/* The cache with `from` (in record `id`) forged to `to` and sealed: a
 * load believes it. */
static void expect_forgery_believed(const char *dir, const char *id, const char *from,
				    const char *to)
{
	struct isms_buf b = read_cache(dir);

	replace(&b, from, to);
	seal(&b);
	write_cache(dir, b.ptr, b.len);
	expect_title(dir, id, to);
	isms_buf_free(&b);
}

static void date_cache(const char *dir, int64_t when)
{
	struct isms_buf b = read_cache(dir);

	memcpy(b.ptr + HDR_SCAN_START, &when, 8);
	seal(&b);
	write_cache(dir, b.ptr, b.len);
	free(th_run(dir, "touch -d @%lld " CACHE, (long long)when));
	isms_buf_free(&b);
}

/* As if the cache had been written long after every file last changed (a
 * day from now): then no file is racy, and stat data alone must tell what
 * changed since. */
static void age_cache(const char *dir)
{
	date_cache(dir, (int64_t)time(NULL) + 86400);
}

static bool cache_is_valid(const char *dir)
{
	struct isms_buf b = read_cache(dir);
	uint64_t sum;
	bool ok;

	memcpy(&sum, b.ptr + HDR_CHECKSUM, 8);
	ok = b.len > 56 && memcmp(b.ptr, "ISMSRCC\n", 8) == 0 &&
	     sum == store_cache_checksum(b.ptr, b.len);
	isms_buf_free(&b);
	return ok;
}

Test(cache, a_warm_load_is_the_cold_load_and_comes_from_the_cache)
{
	char *dir = make_isms(), *path;
	struct loaded cold, warm;
	struct stat before, after;

	free(th_run(dir, "touch -d @1700000000 risks/*.yaml policies/*.yaml"));
	load_truth(&cold, dir);
	cr_assert(cache_is_valid(dir), "the cold load wrote the cache");
	path = isms_path_join(dir, CACHE);
	cr_assert_eq(stat(path, &before), 0);
	load(&warm, dir);
	expect_same(&warm.all, &cold.all);
	cr_assert_eq(stat(path, &after), 0);
	cr_assert(before.st_ino == after.st_ino && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec,
		  "nothing changed: the cache is not written again");
	unload(&warm);
	unload(&cold);
	/* A forged but sealed cache is believed: so the tests below would see a
	 * stale or bad one. (The files' mtimes are old: none is racy.) */
	expect_forgery_believed(dir, "RSK-0001", "Title one", "Forged!!!");
	free(path);
	free(dir);
}

/* The file edited by hand, same size, its mtime set back to the second it
 * had: only the bytes can tell. core.checkStat=minimal and
 * core.trustctime=false leave the cache size and mtime seconds only (as
 * git then has), so the racy rule alone must catch it. */
static void racy_edit(bool minimal)
{
	char *dir = make_isms();
	struct loaded l;

	if (minimal)
		free(th_run(dir, "git config core.checkStat minimal && "
			    "git config core.trustctime false"));
	/* The files' mtime is in the second the cache is written (or later). */
	free(th_run(dir, "touch -d @%lld risks/RSK-0001.yaml", (long long)time(NULL) + 100));
	load(&l, dir);
	cr_assert_str_eq(title_of(&l.all, "RSK-0001"), "Title one");
	unload(&l);
	free(th_run(dir, "t=$(stat -c %%Y risks/RSK-0001.yaml) && "
		    "sed -i 's/Title one/Title 1!!/' risks/RSK-0001.yaml && "
		    "touch -d @$t risks/RSK-0001.yaml"));
	expect_title(dir, "RSK-0001", "Title 1!!");
	expect_title(dir, "RSK-0001", "Title 1!!");  /* and again, from the cache rewritten */
	expect_warm_is_true(dir);
	free(dir);
}

Test(cache, a_racy_hand_edit_of_the_same_size_is_seen)
{
	racy_edit(false);
}

Test(cache, a_racy_hand_edit_is_seen_with_check_stat_minimal_and_no_ctime)
{
	racy_edit(true);
}

/* A load of one kind keeps the others' entries; one that was racy stays
 * so (smudged, as git does) though the cache is written later. */
Test(cache, entries_kept_by_a_load_of_one_kind_stay_racy)
{
	char *dir = make_isms();
	struct isms_store *store;
	struct isms_records some;
	struct loaded l;
	long long t0 = (long long)time(NULL) - 100;

	free(th_run(dir, "git config core.checkStat minimal && git config core.trustctime false "
		    "&& touch -d @%lld risks/RSK-0001.yaml", t0 + 50));
	load(&l, dir);
	unload(&l);
	date_cache(dir, t0);  /* RSK-0001 changed after the cache's run began: racy */
	free(th_run(dir, "sed -i 's/Title one/Title 1!!/' risks/RSK-0001.yaml && "
		    "touch -d @%lld risks/RSK-0001.yaml && "
		    "printf 'id: POL-002\\nkind: policy\\ntitle: New\\n' > policies/POL-002.yaml",
		    t0 + 50));
	cr_assert_eq(isms_store_open(&store, dir), 0);
	isms_store_load_all(&some, store, isms_kind_find("policy"));  /* rewrites the cache */
	isms_records_free(&some);
	isms_store_free(store);
	expect_title(dir, "RSK-0001", "Title 1!!");
	expect_warm_is_true(dir);
	free(dir);
}

/* A hand edit with the same size whose mtime was set back to an old second
 * (not racy): stat data alone would be fooled under checkStat=minimal
 * without ctime, but isms check reads and hashes every file. */
Test(cache, check_reports_what_the_bytes_say_even_when_stat_data_lies)
{
	char *dir = make_isms();
	struct isms_store *store;
	struct isms_report report;
	struct isms_buf out = ISMS_BUF_INIT;
	struct loaded l;

	free(th_run(dir, "git config core.checkStat minimal && git config core.trustctime false "
		    "&& touch -d @1700000000 policies/POL-001.yaml"));
	load(&l, dir);
	unload(&l);
	free(th_run(dir, "sed -i 's/status: draft/status: drafX/' policies/POL-001.yaml && "
		    "touch -d @1700000000 policies/POL-001.yaml"));
	cr_assert_eq(isms_store_open(&store, dir), 0);
	cr_assert_eq(isms_store_check(&report, store), 0);
	for (size_t i = 0; i < report.count; i++)
		isms_findings_format(&out, report.files[i].path, &report.files[i].findings);
	cr_assert(th_has(out.ptr, "policies/POL-001.yaml:4:") && th_has(out.ptr, "drafX"),
		  "check reports the file's actual status:\n%s", out.ptr);
	isms_report_free(&report);
	isms_store_free(store);
	isms_buf_free(&out);
	free(dir);
}

/* Touched, not changed: read and hashed once, then known by its new stat
 * data, which the cache rewritten keeps (nothing to write the time after). */
Test(cache, a_file_touched_but_unchanged_is_known_by_its_new_stat_data)
{
	char *dir = make_isms(), *path = isms_path_join(dir, CACHE);
	struct loaded l;
	struct stat before, after;

	free(th_run(dir, "touch -d @1700000000 risks/*.yaml policies/*.yaml"));
	load(&l, dir);
	unload(&l);
	free(th_run(dir, "touch -d @1700000100 risks/RSK-0001.yaml"));
	load(&l, dir);
	cr_assert_str_eq(title_of(&l.all, "RSK-0001"), "Title one");
	unload(&l);
	cr_assert_eq(stat(path, &before), 0);
	load(&l, dir);
	unload(&l);
	cr_assert_eq(stat(path, &after), 0);
	cr_assert(before.st_ino == after.st_ino && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec,
		  "the touched file's new stat data were kept: nothing to write again");
	expect_warm_is_true(dir);
	free(path);
	free(dir);
}

Test(cache, after_checkout_of_an_older_commit_and_back)
{
	char *dir = make_isms();
	struct loaded l;

	free(th_run(dir, "sed -i 's/Title one/Title uno/; s/likelihood: 2/likelihood: 4/' "
		    "risks/RSK-0001.yaml && sed -i 's/Title two/Title dos/' risks/RSK-0002.yaml && "
		    "printf 'id: RSK-0004\\nkind: risk\\ntitle: Four\\n' > risks/RSK-0004.yaml && "
		    "git add -A && git commit -qm v2"));
	load(&l, dir);
	unload(&l);
	age_cache(dir);
	free(th_run(dir, "git checkout -q HEAD~1"));
	expect_title(dir, "RSK-0001", "Title one");
	expect_warm_is_true(dir);
	age_cache(dir);
	free(th_run(dir, "git checkout -q -"));
	expect_title(dir, "RSK-0002", "Title dos");
	expect_warm_is_true(dir);
	free(dir);
}

Test(cache, after_reset_hard)
{
	char *dir = make_isms();
	struct loaded l;

	free(th_run(dir, "sed -i 's/Title one/Title ONE/' risks/RSK-0001.yaml && "
		    "rm policies/POL-001.yaml"));
	expect_title(dir, "RSK-0001", "Title ONE");
	age_cache(dir);
	free(th_run(dir, "git reset -q --hard"));
	load(&l, dir);
	cr_assert_str_eq(title_of(&l.all, "RSK-0001"), "Title one");
	cr_assert_str_eq(title_of(&l.all, "POL-001"), "Title pol");
	unload(&l);
	expect_warm_is_true(dir);
	free(dir);
}

Test(cache, a_file_deleted_and_one_added)
{
	char *dir = make_isms();
	struct loaded l;

	load(&l, dir);
	unload(&l);
	age_cache(dir);
	free(th_run(dir, "rm risks/RSK-0002.yaml && "
		    "printf 'id: RSK-0005\\nkind: risk\\ntitle: Five\\n' > risks/RSK-0005.yaml"));
	load(&l, dir);
	cr_assert_null(title_of(&l.all, "RSK-0002"), "the deleted record is gone");
	cr_assert_str_eq(title_of(&l.all, "RSK-0005"), "Five");
	unload(&l);
	expect_warm_is_true(dir);
	free(dir);
}

/* A cache whose bytes are `bad` after a good one was written. */
static void expect_ignored(const char *dir, const void *bad, size_t len)
{
	write_cache(dir, bad, len);
	expect_title(dir, "RSK-0001", "Title one");
	cr_assert(cache_is_valid(dir), "the cache was rebuilt");
	expect_warm_is_true(dir);
}

Test(cache, a_corrupt_cache_is_ignored_and_rebuilt)
{
	char *dir = make_isms();
	struct loaded l;
	struct isms_buf good, b = ISMS_BUF_INIT;

	free(th_run(dir, "touch -d @1700000000 risks/*.yaml policies/*.yaml"));
	load_truth(&l, dir);
	unload(&l);
	good = read_cache(dir);
	for (size_t i = 0; i < 3000; i++)
		isms_buf_putc(&b, (char)(i * 7919 % 251));
	expect_ignored(dir, b.ptr, b.len);                      /* garbage */
	expect_ignored(dir, good.ptr, good.len / 2);            /* truncated */
	expect_ignored(dir, good.ptr, 20);                      /* a header cut short */
	expect_ignored(dir, "", 0);                             /* empty */
	isms_buf_clear(&b);
	isms_buf_put(&b, good.ptr, good.len);
	replace(&b, "Title one", "Title onf");                  /* a flipped bit, unsealed */
	expect_ignored(dir, b.ptr, b.len);
	isms_buf_clear(&b);
	isms_buf_put(&b, good.ptr, good.len);
	b.ptr[good.len - 1] ^= 0x40;                            /* the last byte */
	expect_ignored(dir, b.ptr, b.len);
	isms_buf_free(&good);
	isms_buf_free(&b);
	free(dir);
}

/* A sealed cache whose payload claims its tree takes less memory than it
 * does (cache_payload.c reads a tree into one block of that size): the
 * entry is no valid payload, and the file is read again. */
/* A cache changed by the caller, sealed: ignored, and rebuilt. */
static void expect_sealed_ignored(const char *dir, struct isms_buf *b)
{
	seal(b);
	expect_ignored(dir, b->ptr, b->len);
	isms_buf_free(b);
}

/* The cache of make_isms, and where RSK-0001's payload starts in it. */
static unsigned char *payload_of_rsk1(struct isms_buf *b, const char *dir)
{
	struct loaded l;
	char *blob;
	unsigned char *at;

	free(th_run(dir, "touch -d @1700000000 risks/*.yaml policies/*.yaml"));
	load_truth(&l, dir);
	unload(&l);
	*b = read_cache(dir);
	blob = th_run(dir, "git hash-object risks/RSK-0001.yaml");
	blob[strcspn(blob, "\n")] = '\0';
	at = memmem(b->ptr, b->len, blob, strlen(blob));
	cr_assert_not_null(at, "RSK-0001's entry");
	at += strlen(blob) + 4;  /* the payload's length, then the payload */
	free(blob);
	return at;
}

static void tree_size_forged(void)
{
	char *dir = make_isms();
	struct isms_buf b;
	unsigned char *at = payload_of_rsk1(&b, dir);

	cr_assert(at[0] & 0x80 && !(at[1] & 0x80), "a tree size of two bytes: %x %x", at[0], at[1]);
	at[0] = 0x80;  /* 128 bytes: not even the root and its pairs */
	at[1] = 0x01;
	expect_sealed_ignored(dir, &b);
	free(dir);
}

Test(cache, a_payload_whose_tree_does_not_fit_its_claim_is_read_from_the_file)
{
	tree_size_forged();
}

/* Found only when the tree is made, after the file was taken as unchanged. */
Test(cache, a_bad_payload_found_when_its_tree_is_made_later_is_read_from_the_file)
{
	beside_status = true;
	tree_size_forged();
}

/* A key is written as the number of a field's name: one that names no
 * field makes no valid payload. */
Test(cache, a_payload_whose_key_names_no_field_is_read_from_the_file)
{
	char *dir = make_isms();
	struct isms_buf b;
	unsigned char *at = payload_of_rsk1(&b, dir);

	/* The tree's size (two bytes), then the root: a mapping at 1:1 of 10
	 * pairs, then its first key, id, by number. */
	cr_assert(at[2] == ISMS_NODE_MAP && at[3] == 1 && at[4] == 1 && at[5] == 10,
		  "the root: %x %x %x %x", at[2], at[3], at[4], at[5]);
	cr_assert_eq(at[6], isms_field_name_number("id"));
	cr_assert_null(isms_field_name(127), "127 is no field's number");
	at[6] = 127;
	expect_sealed_ignored(dir, &b);
	free(dir);
}

/* A column past what a node holds (ISMS_NODE_COLUMN_MAX) makes no valid
 * payload: a node would hold another column than the file's. */
Test(cache, a_payload_whose_column_a_node_cannot_hold_is_read_from_the_file)
{
	char *dir = make_isms();
	struct isms_buf b, spliced = ISMS_BUF_INIT;
	unsigned char *at = payload_of_rsk1(&b, dir);
	/* 1 << 24 as a varint, in place of the root's column 1. */
	static const unsigned char column[] = { 0x80, 0x80, 0x80, 0x08 };
	size_t root = (size_t)(at - (unsigned char *)b.ptr) + 2;
	uint32_t len;
	uint64_t size;

	cr_assert(at[2] == ISMS_NODE_MAP && at[3] == 1 && at[4] == 1, "the root at 1:1");
	memcpy(&len, at - 4, 4);
	len += sizeof(column) - 1;
	memcpy(at - 4, &len, 4);
	isms_buf_put(&spliced, b.ptr, root + 2);  /* up to the root's line */
	isms_buf_put(&spliced, column, sizeof(column));
	isms_buf_put(&spliced, b.ptr + root + 3, b.len - root - 3);
	size = spliced.len;
	memcpy(spliced.ptr + HDR_SIZE, &size, 8);
	isms_buf_free(&b);
	expect_sealed_ignored(dir, &spliced);
	free(dir);
}

/* A cache of another version or another program, otherwise valid (and
 * forged, so that using it would show). */
Test(cache, a_cache_of_another_version_or_program_is_ignored)
{
	char *dir = make_isms();
	struct loaded l;
	struct isms_buf good, b = ISMS_BUF_INIT;
	const size_t offsets[] = { HDR_VERSION, HDR_FINGERPRINT };

	free(th_run(dir, "touch -d @1700000000 risks/*.yaml policies/*.yaml"));
	load_truth(&l, dir);
	unload(&l);
	good = read_cache(dir);
	for (size_t i = 0; i < 2; i++) {
		isms_buf_clear(&b);
		isms_buf_put(&b, good.ptr, good.len);
		replace(&b, "Title one", "Forged!!!");
		b.ptr[offsets[i]] ^= 1;  /* version 0 (an older cache), or another build */
		seal(&b);
		expect_ignored(dir, b.ptr, b.len);
	}
	isms_buf_free(&good);
	isms_buf_free(&b);
	free(dir);
}

static bool fail_writes(const char *step)
{
	return strcmp(step, "fs.write") == 0 || strcmp(step, "fs.rename") == 0;
}

Test(cache, a_cache_that_cannot_be_written_is_no_error)
{
	char *dir = make_isms(), *out = NULL, *err = NULL;
	struct loaded cold, l;

	char last[sizeof(isms_error_last()->message)];

	/* Writes fail: the load is right, and leaves the last error as a load
	 * whose cache is written does (the cache's failure is not in it). */
	isms_fault_hook = fail_writes;
	load(&cold, dir);
	snprintf(last, sizeof(last), "%s", isms_error_last()->message);
	isms_fault_hook = NULL;
	th_sh(&out, dir, "ls " CACHE);
	cr_assert(!th_has(out, "records.cache") || th_has(out, "No such"), "no cache: %s", out);
	free(out);
	out = NULL;
	load_truth(&l, dir);
	cr_assert_str_eq(last, isms_error_last()->message);
	cr_assert(cache_is_valid(dir), "written without faults");
	expect_same(&cold.all, &l.all);
	unload(&l);
	unload(&cold);
	/* Something in the way of the file: the program says nothing of it. */
	free(th_run(dir, "rm -f " CACHE " && mkdir " CACHE));
	cr_assert_eq(th_isms(&out, &err, dir, "list"), 0, "%s", err);
	cr_assert_str_eq(err, "", "nothing said of the cache");
	cr_assert(th_has(out, "RSK-0001"));
	free(out);
	free(err);
	free(dir);
}

/* A cache of many blocks (it is written and checksummed CACHE_BLOCK bytes
 * at a time): valid, and believed to its last entry. */
Test(cache, a_cache_of_many_blocks_is_written_whole_and_read_to_its_end)
{
	char *dir = make_isms();
	struct isms_buf b;

	free(th_run(dir, "for i in $(seq 1000 1399); do "
		    "sed \"s/RSK-0001/RSK-$i/; s/Title one/Title $i/\" risks/RSK-0001.yaml "
		    "> risks/RSK-$i.yaml; done && git add -A && git commit -qm many && "
		    "touch -d @1700000000 risks/*.yaml policies/*.yaml"));
	expect_warm_is_true(dir);
	b = read_cache(dir);
	cr_assert_gt(b.len, 2 * 65536, "the cache spans blocks: %zu bytes", b.len);
	cr_assert(cache_is_valid(dir));
	isms_buf_free(&b);
	/* The last record's entry is in the last block. */
	expect_forgery_believed(dir, "RSK-1399", "Title 1399", "Forged!!!!");
	free(dir);
}

/* A run killed while it wrote the cache leaves its temporary file; the
 * next run that writes the cache removes those over an hour old, and
 * leaves a younger one (another run may be writing it). */
Test(cache, a_killed_runs_temporary_file_is_removed_later)
{
	char *dir = make_isms(), *out = NULL;

	free(th_run(dir, "mkdir -p .git/isms && "
		    "echo old > .git/isms/records.cache.isms-tmp-AAAAAA && "
		    "touch -d '-2 hours' .git/isms/records.cache.isms-tmp-AAAAAA && "
		    "echo new > .git/isms/records.cache.isms-tmp-BBBBBB && "
		    "rm -f " CACHE));
	expect_warm_is_true(dir);
	th_sh(&out, dir, "ls .git/isms");
	cr_assert(!th_has(out, "isms-tmp-AAAAAA"), "the old one is gone: %s", out);
	cr_assert(th_has(out, "isms-tmp-BBBBBB"), "the young one stays: %s", out);
	cr_assert(th_has(out, "records.cache\n"), "the cache was written: %s", out);
	free(out);
	free(dir);
}

/* Files the cache does not give are parsed on several threads, a batch at
 * a time: each record still gets its own tree and findings, in the order
 * of the files, among files that load, that load with findings, and that
 * do not load at all. */
/* make_isms with 600 risks more, RSK-1000 to RSK-1599: every seventh does
 * not load, every third has a finding of its own. */
static char *make_many(void)
{
	char *dir = make_isms();

	free(th_run(dir, "for i in $(seq 1000 1599); do f=risks/RSK-$i.yaml; "
		    "if [ $((i %% 7)) = 0 ]; then printf 'id: RSK-%%s\\ntitle: [x\\n' $i > $f; "
		    "else sed \"s/RSK-0001/RSK-$i/; s/Title one/Title $i/\" risks/RSK-0001.yaml > $f; "
		    "[ $((i %% 3)) = 0 ] && sed -i \"s/likelihood: 2/likelihood: L$i/\" $f; fi; "
		    "done; true"));
	return dir;
}

Test(cache, a_cold_load_of_many_files_gives_each_record_its_own)
{
	char *dir = make_many();
	struct loaded l;
	size_t seen = 0;

	load_truth(&l, dir);
	for (size_t r = 0; r < l.all.count; r++) {
		const struct isms_findings *f = &l.all.findings[r];
		char want[32], mark[32];
		unsigned i;

		if (sscanf(l.all.views[r].id, "RSK-%u", &i) != 1 || i < 1000)
			continue;
		seen++;
		cr_assert_eq(seen, i - 999, "in file order: %s", l.all.views[r].id);
		if (i % 7 == 0) {
			cr_assert_null(l.all.views[r].root, "%u does not load", i);
			cr_assert(f->count == 1 && strstr(f->items[0].message, "flow sequence"),
				  "%u: why it does not load: %s", i, f->count ? f->items[0].message : "");
			continue;
		}
		snprintf(want, sizeof(want), "Title %u", i);
		cr_assert_str_eq(isms_map_get_text(l.all.views[r].root, "title"), want);
		/* RISK1's warning (assessed, but when?), and its own finding. */
		snprintf(mark, sizeof(mark), "L%u", i);
		cr_assert_eq(f->count, i % 3 == 0 ? 2u : 1u, "%u: %zu findings", i, f->count);
		for (size_t k = 0; k < f->count; k++)
			if (f->items[k].severity == ISMS_SEV_ERROR)
				cr_assert(strstr(f->items[k].message, mark) && f->items[k].line == 9,
					  "%u: its own finding: %u: %s", i, f->items[k].line,
					  f->items[k].message);
	}
	cr_assert_eq(seen, 600);
	unload(&l);
	expect_warm_is_true(dir);
	free(dir);
}

/* Beside git's status, the unchanged files' trees are made after the
 * others, and each record still gets its own, with its findings, in file
 * order: among files unchanged, changed, touched only, and unreadable. */
Test(cache, trees_made_after_git_status_are_those_of_a_load_without_it)
{
	char *dir = make_many();
	struct loaded l;

	free(th_run(dir, "touch -d @1700000000 risks/*.yaml policies/*.yaml"));
	load_truth(&l, dir);
	unload(&l);
	beside_status = true;
	free(th_run(dir, "sed -i 's/Title 1005/Title 1005, changed/' risks/RSK-1005.yaml && "
		    "touch -d @1700000100 risks/RSK-1010.yaml && "
		    "printf 'id: RSK-1011\\ntitle: [x\\n' > risks/RSK-1011.yaml && "
		    "touch -d @1700000000 risks/RSK-1005.yaml risks/RSK-1011.yaml"));
	expect_title(dir, "RSK-1005", "Title 1005, changed");
	expect_warm_is_true(dir);
	/* Now all from the cache, made later. */
	expect_warm_is_true(dir);
	free(dir);
}
