/* SPDX-License-Identifier: MIT */
/* The record cache, .git/isms/records.cache: what loading and validating
 * each record file gave (its tree, with lines and columns, and its
 * findings), keyed by the file's path and Git blob id, with the file's stat
 * data as Git's index keeps it, so that a file whose stat data has not
 * changed is neither read nor parsed. A cache, never the truth: a missing,
 * unreadable, corrupt (checksum), foreign (magic, version, byte order) or
 * stale (program, libyaml or kind table changed) cache is ignored and
 * rebuilt; a file whose stat data differs, or that may have changed in the
 * second the cache was written (racy, as Git says), is read and hashed, and
 * only its blob id decides. Written atomically, only when something changed,
 * and silently not at all when it cannot be (a read-only repository).
 *
 * The file: a header (struct cache_header), then one entry per record file:
 *   u32 path length (with its NUL), the path, struct store_cache_stat, the blob id
 *   (40 hex digits), u32 payload length, the payload: the bytes its tree
 *   takes in memory, the tree (node: type byte, line, column; a scalar: its type byte and
 *   text; a sequence: count, items; a mapping: count, then key (the
 *   number isms_field_name_number gives a field's name, or 0 and the
 *   text), key line, key column, value each) and the findings (count; severity, line,
 *   column, message each). Numbers in the payload are LEB128 varints,
 *   texts a varint length and the bytes with a NUL. Numbers elsewhere are
 *   in the machine's byte order: the cache never leaves the machine, and
 *   another order fails the version check. The checksum is taken over the
 *   entries in blocks of CACHE_BLOCK bytes, then over the header, so that
 *   the file is written as its entries come, never held whole in memory. */
#include "config.h"

#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/yaml.h"
#include "store_private.h"
#include "cache.h"

#define CACHE_NAME "isms/records.cache"
#define CACHE_MAGIC "ISMSRCC\n"
#define CACHE_VERSION 3u  /* 2: the payload begins with its tree's size in memory;
			   3: the checksum is taken as the file is written */
#define CACHE_BLOCK 65536u  /* the checksum's unit, and the most held before writing */
#define TEMP_PREFIX "records.cache.isms-tmp-"
#define TEMP_STALE 3600     /* seconds after which a temporary file is a killed run's */
#define BLOB_HEX 40

struct cache_header {
	char magic[8];
	uint32_t version;
	uint32_t header_size;
	uint64_t fingerprint;  /* the program, libyaml, the kind table */
	int64_t scan_start;    /* seconds: when the run that wrote it began */
	uint64_t count;        /* entries */
	uint64_t size;         /* of the whole file */
	uint64_t checksum;     /* store_cache_checksum of the file, this field 0 */
};

/* A slot of the old entries' hash table. The path's hash is kept beside
 * its entry so that a probe passing other entries does not read their
 * paths: they lie in the mapping, whose pages are given back as records
 * are read (release_behind), and comparing them would bring them back. */
struct cache_slot {
	uint32_t index;  /* of the entry + 1; 0 when empty */
	uint32_t hash;
};

/* An entry of the old cache: where it lies in the mapping, read there when
 * needed rather than copied, and the stat data a lookup found when they
 * differ from what the mapping holds. */
struct cache_entry {
	const unsigned char *at;
	struct store_cache_stat *restat;  /* NULL: as the mapping holds them */
	bool seen;   /* visited in this run */
	bool keep;   /* goes into the new cache */
};

/* The bytes of an entry between its path and its payload's length. */
#define ENTRY_FIXED (sizeof(struct store_cache_stat) + BLOB_HEX)

/* An entry's parts, as the file holds them (put_entry). */
struct entry_parts {
	const char *path;
	struct store_cache_stat st;
	const char *blob;              /* BLOB_HEX digits, no NUL */
	const unsigned char *payload;
	uint32_t len;
};

struct store_cache {
	struct isms_store *store;
	char *path;
	bool verify, dirty, trust_ctime, check_all;
	int64_t racy_before;      /* entries with mtime >= this (seconds) are racy */
	int64_t scan_start;
	unsigned char *map;
	size_t map_len;
	size_t released;          /* the mapping's pages before this are given back */
	struct cache_entry *old;  /* the old cache's entries */
	size_t old_count;
	struct cache_slot *slots; /* hash table of old entries */
	size_t slot_count;
	struct isms_fs_stream file;  /* the new cache, written as entries come */
	bool writing, unwritable;
	struct wbuf out;          /* entries not yet written */
	uint64_t sum, body;       /* checksum and bytes of the entries written */
	size_t fresh_count;       /* entries put in this run */
};

/* What one thread needs to look files up: the folder it last opened, the
 * stat data of the file it last saw, and whether it found the cache out of
 * date (given to the cache when the reader is done). */
struct store_cache_reader {
	struct store_cache *c;
	int dirfd;                /* the folder of the last lookup, or -1 */
	char *dirname;            /* its path relative to the top */
	struct store_cache_stat last;
	bool dirty;
};

/* The kind table, every property validation reads. */
static uint64_t kinds_fingerprint(void)
{
	uint64_t h = 1;

	for (size_t k = 0; k < isms_kind_count(); k++) {
		const struct isms_kind *kind = isms_kind_at(k);
		int64_t nums[] = { kind->id_style, (int64_t)kind->field_count, kind->controlled };

		h = hash_str(hash_str(hash_str(h, kind->name), kind->folder), kind->prefix);
		h = hash_str(hash_str(h, kind->clause), kind->title);
		h = cache_hash(h, nums, sizeof(nums));
		for (size_t i = 0; i < kind->field_count; i++) {
			const struct isms_field *f = &kind->fields[i];
			int64_t fn[] = { f->type, f->required, f->min, f->max };

			h = hash_str(hash_str(hash_str(h, f->name), f->ref), f->def);
			h = cache_hash(h, fn, sizeof(fn));
			for (size_t v = 0; f->values && f->values[v]; v++)
				h = hash_str(h, f->values[v]);
		}
	}
	return h;
}

/* The program's GNU build ID (a hash of the linked program), when it has one. */
static int build_id_of(struct dl_phdr_info *info, size_t size, void *data)
{
	uint64_t *h = data;

	(void)size;
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		size_t off = 0;

		if (ph->p_type != PT_NOTE)
			continue;
		while (off + sizeof(ElfW(Nhdr)) <= ph->p_memsz) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)(p + off);
			size_t name = (n->n_namesz + 3) & ~(size_t)3, desc = (n->n_descsz + 3) & ~(size_t)3;

			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    memcmp(p + off + sizeof(*n), "GNU", 4) == 0) {
				*h = cache_hash(*h, p + off + sizeof(*n) + name, n->n_descsz);
				return 1;
			}
			off += sizeof(*n) + name + desc;
		}
	}
	return 1;  /* the first object is the program itself */
}

/* What the cached findings depend on besides the bytes: this program (its
 * build ID; without one, its file's identity), libyaml, the kind table. */
static uint64_t fingerprint(void)
{
	static uint64_t done;
	uint64_t h, id = 0;
	struct stat st;

	if (done)
		return done;
	h = hash_str(hash_str(2, PACKAGE_VERSION), yaml_get_version_string());
	h = cache_hash(h, (uint64_t[]){ kinds_fingerprint() }, 8);
	dl_iterate_phdr(build_id_of, &id);
	if (id == 0 && stat("/proc/self/exe", &st) == 0) {
		int64_t f[] = { (int64_t)st.st_dev, (int64_t)st.st_ino, st.st_size,
				st.st_mtim.tv_sec, st.st_mtim.tv_nsec };

		id = cache_hash(3, f, sizeof(f));
	}
	h = cache_hash(h, &id, 8);
	return done = h ? h : 1;
}

static struct store_cache_stat stat_of(const struct stat *st)
{
	return (struct store_cache_stat){ .dev = st->st_dev, .ino = st->st_ino, .size = st->st_size,
				    .mtime_s = st->st_mtim.tv_sec, .mtime_ns = st->st_mtim.tv_nsec,
				    .ctime_s = st->st_ctim.tv_sec, .ctime_ns = st->st_ctim.tv_nsec,
				    .mode = st->st_mode, .pad = 0 };
}

/* Whether the file is as it was, by its stat data (core.trustctime and
 * core.checkStat=minimal as git reads them). */
static bool stat_same(const struct store_cache *c, const struct store_cache_stat *a,
		      const struct store_cache_stat *b)
{
	if (a->size != b->size || a->mtime_s != b->mtime_s || a->mode != b->mode)
		return false;
	if (!c->check_all)
		return true;
	if (a->mtime_ns != b->mtime_ns || a->dev != b->dev || a->ino != b->ino)
		return false;
	return !c->trust_ctime || (a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns);
}

/* The checksum of entries, CACHE_BLOCK bytes at a time, from `h` on. */
static uint64_t sum_blocks(uint64_t h, const unsigned char *p, size_t len)
{
	for (size_t at = 0; at < len; at += CACHE_BLOCK)
		h = cache_hash(h, p + at, len - at < CACHE_BLOCK ? len - at : CACHE_BLOCK);
	return h;
}

/* The entries' checksum, then the header's with its checksum 0: what a
 * writer can take as it writes. */
uint64_t store_cache_checksum(const void *data, size_t len)
{
	struct cache_header h;

	if (len < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	h.checksum = 0;
	return cache_hash(sum_blocks(5, (const unsigned char *)data + sizeof(h), len - sizeof(h)),
			  &h, sizeof(h));
}


static uint32_t path_hash(const char *path)
{
	return (uint32_t)cache_hash(7, path, strlen(path));
}

static const char *entry_path(const struct cache_entry *e)
{
	return (const char *)e->at + 4;
}

static void entry_parts(const struct cache_entry *e, struct entry_parts *out)
{
	const unsigned char *p = e->at;
	uint32_t n;

	memcpy(&n, p, 4);
	out->path = (const char *)p + 4;
	p += 4 + n;
	if (e->restat)
		out->st = *e->restat;
	else
		memcpy(&out->st, p, sizeof(out->st));
	p += sizeof(out->st);
	out->blob = (const char *)p;
	p += BLOB_HEX;
	memcpy(&out->len, p, 4);
	out->payload = p + 4;
}

static struct cache_entry *find(struct store_cache *c, const char *path)
{
	uint32_t hash = path_hash(path);

	if (!c->slot_count)
		return NULL;
	for (size_t s = hash & (c->slot_count - 1); c->slots[s].index;
	     s = (s + 1) & (c->slot_count - 1))
		if (c->slots[s].hash == hash &&
		    strcmp(entry_path(&c->old[c->slots[s].index - 1]), path) == 0)
			return &c->old[c->slots[s].index - 1];
	return NULL;
}

/* The entries of a mapped cache file; false when it is not a whole, valid
 * cache of this program. */
static bool parse(struct store_cache *c, const struct cache_header *h)
{
	const unsigned char *p = c->map + sizeof(*h), *end = c->map + c->map_len;

	if (h->count > c->map_len / 64 || h->count >= UINT32_MAX)
		return false;
	c->old = isms_calloc(h->count ? h->count : 1, sizeof(*c->old));
	for (uint64_t i = 0; i < h->count; i++) {
		uint32_t n;

		if ((size_t)(end - p) < 4)
			return false;
		c->old[i].at = p;
		memcpy(&n, p, 4);
		p += 4;
		if (n == 0 || (size_t)(end - p) < n + ENTRY_FIXED + 4 || p[n - 1] != '\0' ||
		    strlen((const char *)p) != n - 1)
			return false;
		p += n + ENTRY_FIXED;
		memcpy(&n, p, 4);
		p += 4;
		if ((size_t)(end - p) < n)
			return false;
		p += n;
		c->old_count++;
	}
	if (p != end)
		return false;
	for (c->slot_count = 16; c->slot_count < 2 * c->old_count; c->slot_count *= 2)
		;
	c->slots = isms_calloc(c->slot_count, sizeof(*c->slots));
	for (size_t i = 0; i < c->old_count; i++) {
		uint32_t hash = path_hash(entry_path(&c->old[i]));
		size_t s = hash & (c->slot_count - 1);

		while (c->slots[s].index)
			s = (s + 1) & (c->slot_count - 1);
		c->slots[s] = (struct cache_slot){ .index = (uint32_t)i + 1, .hash = hash };
	}
	return true;
}

static void drop_old(struct store_cache *c)
{
	if (c->map)
		munmap(c->map, c->map_len);
	c->map = NULL;
	c->map_len = 0;
	for (size_t i = 0; i < c->old_count; i++)
		free(c->old[i].restat);
	free(c->old);
	free(c->slots);
	c->old = NULL;
	c->slots = NULL;
	c->old_count = c->slot_count = 0;
}

/* Map the cache file and take its entries when it is valid. */
static void load(struct store_cache *c)
{
	struct cache_header h;
	struct stat st;
	int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	void *map;

	if (fd < 0) {
		c->dirty = errno != ENOENT;
		return;
	}
	c->dirty = true;  /* unless it proves valid */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < sizeof(h) ||
	    (map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	    MAP_FAILED) {
		close(fd);
		return;
	}
	close(fd);
	c->map = map;
	c->map_len = st.st_size;
	memcpy(&h, map, sizeof(h));
	if (memcmp(h.magic, CACHE_MAGIC, 8) != 0 || h.version != CACHE_VERSION ||
	    h.header_size != sizeof(h) || h.size != c->map_len || h.fingerprint != fingerprint() ||
	    h.checksum != store_cache_checksum(map, c->map_len) || !parse(c, &h)) {
		drop_old(c);
		return;
	}
	/* The checksum and the entries read every page; they come back one by
	 * one as the records are read (release_behind). */
	madvise(map, c->map_len, MADV_DONTNEED);
	/* Racy: changed in the second the cache was written, or after its run began. */
	c->racy_before = h.scan_start < st.st_mtim.tv_sec ? h.scan_start : st.st_mtim.tv_sec;
	c->dirty = false;
}

/* core.trustctime and core.checkStat, as git reads them for this repository. */
static void read_git_config(struct store_cache *c)
{
	git_config *cfg = NULL;
	const char *v = NULL;
	int b;

	c->trust_ctime = c->check_all = true;
	if (git_repository_config_snapshot(&cfg, isms_repo_git(c->store->repo)) < 0)
		return;
	if (git_config_get_bool(&b, cfg, "core.trustctime") == 0)
		c->trust_ctime = b;
	if (git_config_get_string(&v, cfg, "core.checkstat") == 0 && v &&
	    strcasecmp(v, "minimal") == 0)
		c->check_all = false;
	git_config_free(cfg);
}

struct store_cache *store_cache_open(struct isms_store *store, bool verify)
{
	struct store_cache *c = isms_calloc(1, sizeof(*c));
	struct isms_error saved = *isms_error_last();
	struct timespec now;

	c->store = store;
	c->verify = verify;
	c->path = isms_path_join(isms_repo_gitdir(store->repo), CACHE_NAME);
#ifdef CLOCK_REALTIME_COARSE
	clock_gettime(CLOCK_REALTIME_COARSE, &now);  /* the clock file times come from */
#else
	clock_gettime(CLOCK_REALTIME, &now);
#endif
	c->scan_start = now.tv_sec;
	read_git_config(c);
	load(c);
	isms_error_set_at(saved.code, saved.line, saved.column, "%s", saved.message);
	return c;
}

struct store_cache_reader *store_cache_reader(struct store_cache *c)
{
	struct store_cache_reader *r = isms_calloc(1, sizeof(*r));

	r->c = c;
	r->dirfd = -1;
	return r;
}

void store_cache_reader_done(struct store_cache_reader *r)
{
	if (!r)
		return;
	r->c->dirty |= r->dirty;
	if (r->dirfd >= 0)
		close(r->dirfd);
	free(r->dirname);
	free(r);
}

/* The folder of `rel` (from the top), opened once for all its files, so
 * that each file is looked up by its name alone; -1 when it cannot be. */
static int folder_fd(struct store_cache_reader *c, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	size_t n = slash ? (size_t)(slash - rel) : 0;

	if (!slash)
		return -1;
	*base = slash + 1;
	if (!c->dirname || strncmp(c->dirname, rel, n) != 0 || c->dirname[n] != '\0') {
		char *dir;

		if (c->dirfd >= 0)
			close(c->dirfd);
		free(c->dirname);
		c->dirname = isms_strndup(rel, n);
		dir = isms_path_join(isms_store_top(c->c->store), c->dirname);
		c->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		free(dir);
	}
	return c->dirfd;
}

/* lstat the file. */
static int stat_file(struct store_cache_reader *c, struct stat *st, const char *rel,
		     const char *full)
{
	const char *base;
	int dfd = folder_fd(c, rel, &base);

	return dfd < 0 ? lstat(full, st) : fstatat(dfd, base, st, AT_SYMLINK_NOFOLLOW);
}

/* Read the file as isms_fs_read does (a regular file, never through a
 * symbolic link, at most the YAML limit), its stat data taken from the open
 * file before reading into c->last. False, saying nothing, when it would
 * refuse or fail: the caller then reads it with isms_yaml_load_file, which
 * says why. */
static bool read_file(struct store_cache_reader *c, struct isms_buf *raw, const char *rel,
		      const char *full)
{
	const int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
	const char *base;
	int dfd = folder_fd(c, rel, &base), fd = dfd < 0 ? open(full, flags) : openat(dfd, base, flags);
	struct stat st;
	bool ok = false;

	isms_buf_clear(raw);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > ISMS_YAML_MAX_BYTES)
		goto done;
	for (;;) {
		char chunk[16384];
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || raw->len + (size_t)n > ISMS_YAML_MAX_BYTES)
			goto done;
		if (n == 0)
			break;
		isms_buf_put(raw, chunk, (size_t)n);
	}
	if (!raw->ptr)
		isms_buf_put(raw, "", 0);
	c->last = stat_of(&st);
	ok = true;
done:
	close(fd);
	if (!ok)
		isms_buf_clear(raw);
	return ok;
}

/* Give the mapping's pages before `at` back once a mebibyte of them is
 * behind: records are read in the order their entries were written, so
 * these are done with (one read again comes from the page cache again). A
 * cache's memory is then a window, not the whole file beside the trees.
 * A second pass (making the trees left for later, or copying the entries
 * kept into the new cache) starts again from the first page. */
static void release_behind(struct store_cache *c, const unsigned char *at)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), upto = (size_t)(at - c->map) / page * page;

	if (upto < c->released)
		c->released = 0;
	if (upto >= c->released + (1u << 20)) {
		madvise(c->map + c->released, upto - c->released, MADV_DONTNEED);
		c->released = upto;
	}
}

static enum store_cache_hit lookup(struct store_cache_reader *r, const char *rel, const char *full,
				   struct isms_node **root, struct isms_findings *f,
				   struct isms_buf *raw, struct cache_entry **later)
{
	const struct store_cache *c = r->c;
	struct stat st;
	struct cache_entry *e;
	struct entry_parts old;
	struct store_cache_stat now;
	char blob[ISMS_OID_HEX];
	bool same = false, racy = false;

	*root = NULL;
	if (!(e = find(r->c, rel)))
		return read_file(r, raw, rel, full) ? STORE_CACHE_MISS_READ : STORE_CACHE_MISS;
	e->seen = true;
	entry_parts(e, &old);
	/* Verifying, the file is read whatever its stat data: read_file takes
	 * them from the file it opened. */
	if (!c->verify) {
		if (stat_file(r, &st, rel, full) < 0 || !S_ISREG(st.st_mode)) {
			r->dirty = true;
			return STORE_CACHE_MISS;
		}
		now = stat_of(&st);
		same = stat_same(c, &old.st, &now);
		racy = now.mtime_s >= c->racy_before;
		r->last = now;
	}
	if (!same || racy || c->verify) {
		if (!read_file(r, raw, rel, full)) {
			r->dirty = true;
			return STORE_CACHE_MISS;
		}
		if (c->verify)
			racy = r->last.mtime_s >= c->racy_before;
		isms_repo_hash(blob, raw->ptr, raw->len);
		if (memcmp(blob, old.blob, BLOB_HEX) != 0) {
			r->dirty = true;
			return STORE_CACHE_MISS_READ;
		}
		/* The same bytes: new stat data, or no longer racy once rewritten. */
		if (!stat_same(c, &old.st, &r->last) || (racy && r->last.mtime_s < c->scan_start))
			r->dirty = true;
	}
	if (!later && !payload_read(root, f, old.payload, old.len)) {
		r->dirty = true;
		return raw->ptr ? STORE_CACHE_MISS_READ : STORE_CACHE_MISS;
	}
	/* Kept with the stat data just seen (each entry is looked up once,
	 * by one thread). */
	if (memcmp(&old.st, &r->last, sizeof(old.st)) != 0) {
		e->restat = isms_malloc(sizeof(*e->restat));
		*e->restat = r->last;
	}
	e->keep = true;
	if (later)
		*later = e;
	return STORE_CACHE_HIT;
}

bool store_cache_make(struct store_cache_reader *r, struct cache_entry *later,
		      struct isms_node **root, struct isms_findings *f)
{
	struct entry_parts parts;

	entry_parts(later, &parts);
	if (payload_read(root, f, parts.payload, parts.len))
		return true;
	later->keep = false;
	r->dirty = true;
	return false;
}

enum store_cache_hit store_cache_get(struct store_cache_reader *r, const char *rel,
				     const char *full, struct isms_node **root,
				     struct isms_findings *f, struct isms_buf *raw,
				     struct store_cache_stat *read, struct cache_entry **later)
{
	enum store_cache_hit hit = lookup(r, rel, full, root, f, raw, later);

	if (hit == STORE_CACHE_MISS_READ)
		*read = r->last;
	return hit;
}

void store_cache_done_with(struct store_cache *c, const char *rel)
{
	const struct cache_entry *e = find(c, rel);

	if (e)
		release_behind(c, e->at);
}

/* An entry as the file holds it. */
static void put_entry(struct wbuf *b, const struct entry_parts *e)
{
	uint32_t n = (uint32_t)strlen(e->path) + 1;

	w_put(b, &n, 4);
	w_put(b, e->path, n);
	w_put(b, &e->st, sizeof(e->st));
	w_put(b, e->blob, BLOB_HEX);
	w_put(b, &e->len, 4);
	w_put(b, e->payload, e->len);
}

/* Remove the temporary files of runs killed while writing the cache:
 * those older than TEMP_STALE (a run writing now is younger). */
static void sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, TEMP_PREFIX, strlen(TEMP_PREFIX)) == 0 &&
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_mtime < now - TEMP_STALE)
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

/* Begin writing the new cache, with room for its header; false when it
 * cannot be written (a read-only repository), which is no error. */
static bool writable(struct store_cache *c)
{
	struct isms_error saved;
	struct cache_header h;
	char *dir;

	if (c->writing || c->unwritable)
		return c->writing;
	saved = *isms_error_last();
	dir = isms_path_join(isms_repo_gitdir(c->store->repo), "isms");
	memset(&h, 0, sizeof(h));
	c->unwritable = isms_fs_mkdirs(dir, 0700) < 0 ||  /* as the other files there */
			isms_fs_stream_open(&c->file, c->path) < 0 ||
			isms_fs_stream_write(&c->file, &h, sizeof(h)) < 0;
	if (c->unwritable)
		isms_fs_stream_abort(&c->file);
	else
		sweep(dir);
	c->writing = !c->unwritable;
	c->sum = 5;
	isms_error_set_at(saved.code, saved.line, saved.column, "%s", saved.message);
	free(dir);
	return c->writing;
}

/* Write the whole blocks of what is held, or all of it at the end (a
 * failure is kept in the stream, and is no error of the load). */
static void flush(struct store_cache *c, bool all)
{
	size_t n = all ? c->out.len : c->out.len / CACHE_BLOCK * CACHE_BLOCK;
	struct isms_error saved;

	if (!n)
		return;
	c->sum = sum_blocks(c->sum, c->out.p, n);
	saved = *isms_error_last();
	if (isms_fs_stream_write(&c->file, c->out.p, n) < 0)
		isms_error_set_at(saved.code, saved.line, saved.column, "%s", saved.message);
	c->body += n;
	memmove(c->out.p, c->out.p + n, c->out.len - n);
	c->out.len -= n;
}

void store_cache_put(struct store_cache *c, const char *rel, const struct store_cache_stat *read,
		     const char blob[ISMS_OID_HEX], const struct wbuf *payload)
{
	struct entry_parts e = { .path = rel, .st = *read, .blob = blob, .payload = payload->p,
				 .len = (uint32_t)payload->len };

	c->dirty = true;
	if (!writable(c))
		return;
	put_entry(&c->out, &e);
	flush(c, false);
	c->fresh_count++;
}

/* Whether an entry not visited in this run stays: its kind was not read. */
static bool outside(const char *path, const struct isms_kind *only)
{
	size_t n = only ? strlen(only->folder) : 0;

	return !only || strncmp(path, only->folder, n) != 0 || path[n] != '/';
}

static void write_cache(struct store_cache *c, const struct isms_kind *only)
{
	struct cache_header h = { .version = CACHE_VERSION, .header_size = sizeof(h),
				  .fingerprint = fingerprint(), .scan_start = c->scan_start,
				  .count = c->fresh_count };
	struct isms_error saved;

	if (!writable(c))
		return;
	saved = *isms_error_last();

	memcpy(h.magic, CACHE_MAGIC, sizeof(h.magic));
	for (size_t i = 0; i < c->old_count; i++) {
		struct cache_entry *e = &c->old[i];
		struct entry_parts parts;

		entry_parts(e, &parts);
		if (!e->seen && only && outside(parts.path, only)) {
			/* Racy in the old cache is racy still: smudged, as git does,
			 * so that its bytes are read next time. */
			if (parts.st.mtime_s >= c->racy_before)
				parts.st.size = UINT64_MAX;
			e->keep = true;
		}
		if (e->keep) {
			put_entry(&c->out, &parts);
			flush(c, false);
			h.count++;
		}
		release_behind(c, e->at);
	}
	flush(c, true);
	h.size = sizeof(h) + c->body;
	h.checksum = cache_hash(c->sum, &h, sizeof(h));
	/* A cache that cannot be written is no error. */
	isms_fs_stream_write_at(&c->file, &h, sizeof(h), 0);
	isms_fs_stream_commit(&c->file, 0600, ISMS_FS_REPLACE, false);
	c->writing = false;
	isms_error_set_at(saved.code, saved.line, saved.column, "%s", saved.message);
}

void store_cache_close(struct store_cache *c, const struct isms_kind *only)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->old_count && !c->dirty; i++)
		if (!c->old[i].seen && (!only || !outside(entry_path(&c->old[i]), only)))
			c->dirty = true;  /* its file is gone */
	if (c->dirty && (c->old_count || c->fresh_count || c->map))
		write_cache(c, only);
	if (c->writing)
		isms_fs_stream_abort(&c->file);
	free(c->out.p);
	drop_old(c);
	free(c->path);
	free(c);
}
