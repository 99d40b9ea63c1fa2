#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/text.h"
#include "isms/yaml.h"

/* One open mapping or sequence while parsing. */
struct frame {
	struct isms_node *node;
	char *key;              /* mapping: the key waiting for its value */
	unsigned key_line, key_column;
	size_t *seen;           /* mapping: open-addressed set of pair indexes + 1 */
	size_t seen_cap;
};

/* Where scalars lie in the text, to tell comments from '#' inside values. */
struct span {
	size_t start, end;
};

struct loader {
	const char *data;
	size_t len;
	const char *name;
	const struct isms_yaml_limits *limits;
	size_t *lines;        /* byte offset where each line starts */
	size_t line_count;
	struct frame *stack;
	size_t depth, stack_cap;
	struct span *spans;
	size_t span_count, span_cap;
	bool tagged_hash;     /* a '#' inside a tagged scalar's span */
	struct isms_node *root;
};

static int fail_at(struct loader *ld, int code, unsigned line, unsigned column,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int fail_at(struct loader *ld, int code, unsigned line, unsigned column,
		   const char *fmt, ...)
{
	char reason[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return isms_error_set_at(code, line, column, "%s:%u:%u: %s", ld->name, line, column, reason);
}

/* Line starts, counting line breaks as libyaml does, so that its marks map
 * to the right bytes. */
static void index_lines(struct loader *ld)
{
	size_t cap = 0;

	ld->lines = isms_grow(NULL, &cap, 1, sizeof(size_t));
	ld->lines[ld->line_count++] = 0;
	for (size_t i = 0; i < ld->len; ) {
		size_t br = isms_text_line_break(ld->data, ld->len, i);

		if (!br) {
			i++;
			continue;
		}
		i += br;
		ld->lines = isms_grow(ld->lines, &cap, ld->line_count + 1, sizeof(size_t));
		ld->lines[ld->line_count++] = i;
	}
}

/* Byte offset of a libyaml mark (0-based line, column in characters). */
static size_t mark_offset(const struct loader *ld, yaml_mark_t mark)
{
	size_t i;

	if (mark.line >= ld->line_count)
		return ld->len;
	i = ld->lines[mark.line];
	for (size_t c = 0; c < mark.column && i < ld->len &&
			   !isms_text_line_break(ld->data, ld->len, i); c++) {
		i++;
		while (i < ld->len && ((unsigned char)ld->data[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static void add_span(struct loader *ld, const yaml_event_t *ev)
{
	size_t start = mark_offset(ld, ev->start_mark), end = mark_offset(ld, ev->end_mark);
	yaml_scalar_style_t style = ev->data.scalar.style;

	/* A block scalar's header line may end with a comment. */
	if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE)
		while (start < end && ld->data[start] != '\n')
			start++;
	/* A tagged scalar's span starts at the tag, and a comment may stand
	 * between the tag and the value: when in doubt, say there are comments. */
	if (ev->data.scalar.tag && memchr(ld->data + start, '#', end - start))
		ld->tagged_hash = true;
	ld->spans = isms_grow(ld->spans, &ld->span_cap, ld->span_count + 1, sizeof(*ld->spans));
	ld->spans[ld->span_count++] = (struct span){ .start = start, .end = end };
}

static bool has_comments(const struct loader *ld)
{
	size_t s = 0;

	if (ld->tagged_hash)
		return true;
	for (size_t i = 0; i < ld->len; i++) {
		while (s < ld->span_count && ld->spans[s].end <= i)
			s++;
		if (s < ld->span_count && i >= ld->spans[s].start && i < ld->spans[s].end) {
			i = ld->spans[s].end - 1;
			continue;
		}
		if (ld->data[i] == '#' &&
		    (i == 0 || strchr(" \t\r\n", ld->data[i - 1])))
			return true;
	}
	return false;
}

static size_t hash_key(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Is `key` already in the mapping of `f`? If not, remember pair `index`. */
static bool seen_before(struct frame *f, const char *key, size_t index)
{
	struct isms_node *map = f->node;

	if (f->seen_cap < 2 * (map->count + 1)) {
		size_t cap = f->seen_cap ? f->seen_cap * 2 : 16;

		while (cap < 2 * (map->count + 1))
			cap *= 2;
		free(f->seen);
		f->seen = isms_calloc(cap, sizeof(size_t));
		f->seen_cap = cap;
		for (size_t i = 0; i < map->count; i++) {
			size_t h = hash_key(map->pairs[i].key) & (cap - 1);

			while (f->seen[h])
				h = (h + 1) & (cap - 1);
			f->seen[h] = i + 1;
		}
	}
	size_t h = hash_key(key) & (f->seen_cap - 1);

	while (f->seen[h]) {
		if (strcmp(map->pairs[f->seen[h] - 1].key, key) == 0)
			return true;
		h = (h + 1) & (f->seen_cap - 1);
	}
	f->seen[h] = index + 1;
	return false;
}

/* Attach a finished node to whatever is open, or make it the root. */
static int attach(struct loader *ld, struct isms_node *node)
{
	struct frame *f;

	if (ld->depth == 0) {
		ld->root = node;
		return 0;
	}
	f = &ld->stack[ld->depth - 1];
	if (f->node->type == ISMS_NODE_SEQ) {
		isms_seq_append(f->node, node);
		return 0;
	}
	if (!f->key) {
		int err = 0;

		if (node->type != ISMS_NODE_SCALAR)
			err = fail_at(ld, ISMS_EPARSE, node->line, node->column,
				"a key must be plain text, not a %s",
				node->type == ISMS_NODE_SEQ ? "list" : "mapping");
		else if (seen_before(f, node->text, f->node->count))
			err = fail_at(ld, ISMS_EPARSE, node->line, node->column,
				"duplicate key '%s'; each field may appear once", node->text);
		if (err < 0) {
			isms_node_free(node);
			return err;
		}
		f->key = isms_strdup(node->text);
		f->key_line = node->line;
		f->key_column = node->column;
		isms_node_free(node);
		return 0;
	}
	/* seen_before() has ruled out duplicates: append without a search. */
	isms_map_append(f->node, f->key, node);
	f->node->pairs[f->node->count - 1].line = f->key_line;
	f->node->pairs[f->node->count - 1].column = f->key_column;
	free(f->key);
	f->key = NULL;
	return 0;
}

static const char *tag_suffix(const yaml_char_t *tag)
{
	static const char prefix[] = "tag:yaml.org,2002:";

	if (!tag)
		return NULL;
	if (strncmp((const char *)tag, prefix, sizeof(prefix) - 1) == 0)
		return (const char *)tag + sizeof(prefix) - 1;
	return (const char *)tag;
}

static int scalar_type(struct loader *ld, const yaml_event_t *ev, unsigned line,
		       unsigned column, enum isms_scalar_type *out)
{
	const char *text = (const char *)ev->data.scalar.value;
	const char *tag = tag_suffix(ev->data.scalar.tag);
	enum isms_scalar_type plain = isms_scalar_resolve(text);
	static const struct { const char *tag; enum isms_scalar_type type; } tags[] = {
		{ "null", ISMS_SCALAR_NULL }, { "bool", ISMS_SCALAR_BOOL },
		{ "int", ISMS_SCALAR_INT }, { "float", ISMS_SCALAR_FLOAT },
		{ "timestamp", ISMS_SCALAR_DATE },
	};

	if (!tag) {
		*out = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain : ISMS_SCALAR_STR;
		return 0;
	}
	if (strcmp(tag, "str") == 0 || strcmp(tag, "!") == 0) {
		*out = ISMS_SCALAR_STR;
		return 0;
	}
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(tag, tags[i].tag) == 0) {
			if (plain != tags[i].type && !(plain == ISMS_SCALAR_INT &&
						       tags[i].type == ISMS_SCALAR_FLOAT))
				return fail_at(ld, ISMS_EPARSE, line, column,
					"'%s' is not a valid !!%s value", text, tag);
			*out = plain;
			return 0;
		}
	return fail_at(ld, ISMS_EPARSE, line, column,
		"tag '%s' is not allowed; records use plain YAML values", tag);
}

static int collection_tag(struct loader *ld, const yaml_char_t *raw, const char *expected,
			  unsigned line, unsigned column)
{
	const char *tag = tag_suffix(raw);

	if (!tag || strcmp(tag, expected) == 0 || strcmp(tag, "!") == 0)
		return 0;
	return fail_at(ld, ISMS_EPARSE, line, column,
		"tag '%s' is not allowed; records use plain YAML values", tag);
}

/* A scalar: its text checked and typed, then attached where it belongs. */
static int on_scalar(struct loader *ld, const yaml_event_t *ev, unsigned line, unsigned column)
{
	enum isms_scalar_type type = ISMS_SCALAR_STR;
	const char *text = (const char *)ev->data.scalar.value;
	struct isms_node *node;
	size_t bad;
	int err;

	add_span(ld, ev);
	/* Escapes in quoted text can spell what the raw check refused. */
	if (strlen(text) != ev->data.scalar.length ||
	    isms_text_check(text, ev->data.scalar.length, &bad) != ISMS_TEXT_OK)
		return fail_at(ld, ISMS_EPARSE, line, column,
			"the value holds a control character or a NUL; remove it");
	if ((err = scalar_type(ld, ev, line, column, &type)) < 0)
		return err;
	node = isms_node_scalar(text, type);
	node->line = line;
	node->column = column;
	return attach(ld, node);
}

/* The start of a list or a mapping: a new frame on the stack, within the
 * depth limit. */
static int on_collection_start(struct loader *ld, const yaml_event_t *ev, unsigned line,
			       unsigned column)
{
	bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
	int err = collection_tag(ld, seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag,
				 seq ? "seq" : "map", line, column);
	struct isms_node *node;

	if (err < 0)
		return err;
	if (ld->depth >= ld->limits->max_depth)
		return fail_at(ld, ISMS_ELIMIT, line, column,
			"nesting is deeper than the limit of %u levels", ld->limits->max_depth);
	node = seq ? isms_node_seq() : isms_node_map();
	node->line = line;
	node->column = column;
	ld->stack = isms_grow(ld->stack, &ld->stack_cap, ld->depth + 1, sizeof(*ld->stack));
	ld->stack[ld->depth++] = (struct frame){ .node = node };
	return 0;
}

static int on_event(struct loader *ld, const yaml_event_t *ev, int *documents)
{
	unsigned line = (unsigned)ev->start_mark.line + 1, column = (unsigned)ev->start_mark.column + 1;
	const yaml_char_t *anchor = NULL;
	struct isms_node *node;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*documents > 1)
			return fail_at(ld, ISMS_EPARSE, line, column,
				"a second document starts here; a record file holds exactly one");
		return 0;
	case YAML_ALIAS_EVENT:
		return fail_at(ld, ISMS_EPARSE, line, column,
			"alias '*%s' is not allowed in records; write the value out in full",
			(const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		break;
	default:
		break;
	}
	if (anchor)
		return fail_at(ld, ISMS_EPARSE, line, column,
			"anchor '&%s' is not allowed in records; write values out in full",
			(const char *)anchor);

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return on_scalar(ld, ev, line, column);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(ld, ev, line, column);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		struct frame *f = &ld->stack[--ld->depth];

		node = f->node;
		free(f->key);
		free(f->seen);
		return attach(ld, node);
	}
	default:
		return 0;
	}
}

static int parser_error(struct loader *ld, const yaml_parser_t *parser)
{
	yaml_mark_t mark = parser->problem_mark;
	const char *problem = parser->problem ? parser->problem : "cannot be parsed";
	unsigned line, column;

	if (parser->error == YAML_READER_ERROR) {
		isms_text_position(ld->data, ld->len, parser->problem_offset, &line, &column);
		return fail_at(ld, ISMS_EPARSE, line, column, "%s", problem);
	}
	if (parser->context)
		return fail_at(ld, ISMS_EPARSE, (unsigned)mark.line + 1, (unsigned)mark.column + 1,
			"%s %s (from line %u); check the indentation and quoting", problem,
			parser->context, (unsigned)parser->context_mark.line + 1);
	return fail_at(ld, ISMS_EPARSE, (unsigned)mark.line + 1, (unsigned)mark.column + 1,
		"%s; check the indentation and quoting", problem);
}

static bool blank(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", data[i]))
			return false;
	return true;
}

int isms_yaml_load(struct isms_node **out, unsigned *flags, const char *data, size_t len,
		   const char *name, const struct isms_yaml_limits *limits)
{
	static const struct isms_yaml_limits defaults = ISMS_YAML_LIMITS_INIT;
	struct loader ld = { .data = data, .len = len, .name = name,
			     .limits = limits ? limits : &defaults };
	yaml_parser_t parser;
	yaml_event_t ev;
	int error = 0, documents = 0;
	bool done = false;
	unsigned line, column;
	size_t bad;

	*out = NULL;
	if (flags)
		*flags = 0;
	if (len > ld.limits->max_bytes)
		return isms_error_set(ISMS_ELIMIT,
			"%s: %zu bytes is more than the limit of %zu bytes for a record file",
			name, len, ld.limits->max_bytes);
	switch (isms_text_check(data, len, &bad)) {
	case ISMS_TEXT_BAD_UTF8:
		isms_text_position(data, len, bad, &line, &column);
		return fail_at(&ld, ISMS_EPARSE, line, column,
			"invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			(unsigned char)data[bad]);
	case ISMS_TEXT_CONTROL:
		isms_text_position(data, len, bad, &line, &column);
		return fail_at(&ld, ISMS_EPARSE, line, column,
			"control character (byte 0x%02X) is not allowed; remove it",
			(unsigned char)data[bad]);
	default:
		break;
	}

	/* Before parsing: libyaml refuses a line holding only a tab. */
	if (blank(data, len))
		return fail_at(&ld, ISMS_EPARSE, 1, 1,
			"the file holds no YAML document; a record is a mapping of fields");
	index_lines(&ld);
	if (!yaml_parser_initialize(&parser)) {
		free(ld.lines);
		return isms_error_set(ISMS_ERROR, "%s: cannot start the YAML parser", name);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && error == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			error = parser_error(&ld, &parser);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		error = on_event(&ld, &ev, &documents);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);

	if (error == 0 && !ld.root)
		error = fail_at(&ld, ISMS_EPARSE, 1, 1,
			"the file holds no YAML document; a record is a mapping of fields");
	if (error == 0) {
		*out = ld.root;
		ld.root = NULL;
		if (flags && has_comments(&ld))
			*flags |= ISMS_YAML_HAS_COMMENTS;
	}
	while (ld.depth > 0) {
		struct frame *f = &ld.stack[--ld.depth];

		free(f->key);
		free(f->seen);
		isms_node_free(f->node);
	}
	isms_node_free(ld.root);
	free(ld.stack);
	free(ld.spans);
	free(ld.lines);
	return error;
}

int isms_yaml_load_file(struct isms_node **out, unsigned *flags, struct isms_buf *raw,
			const char *path, const struct isms_yaml_limits *limits)
{
	static const struct isms_yaml_limits defaults = ISMS_YAML_LIMITS_INIT;
	struct isms_buf local = ISMS_BUF_INIT, *buf = raw ? raw : &local;
	int error;

	*out = NULL;
	if ((error = isms_fs_read(buf, path, (limits ? limits : &defaults)->max_bytes)) == 0)
		error = isms_yaml_load(out, flags, buf->ptr, buf->len, path, limits);
	isms_buf_free(&local);
	return error;
}

/* Emitting */

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	isms_buf_put(data, buffer, size);
	return 1;
}

static int emit_node(yaml_emitter_t *em, const struct isms_node *node)
{
	yaml_event_t ev;
	int ok;

	switch (node->type) {
	case ISMS_NODE_SCALAR: {
		yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

		if (node->scalar == ISMS_SCALAR_STR) {
			if (strchr(node->text, '\n'))
				style = YAML_LITERAL_SCALAR_STYLE;
			else if (isms_scalar_resolve(node->text) != ISMS_SCALAR_STR ||
				 strcmp(node->text, "=") == 0 || strcmp(node->text, "<<") == 0)
				/* "=" and "<<" are YAML 1.1's value and merge keys. */
				style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
		}
		ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)node->text,
						  (int)strlen(node->text), 1, 1, style);
		return ok && yaml_emitter_emit(em, &ev);
	}
	case ISMS_NODE_SEQ:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return 0;
		for (size_t i = 0; i < node->count; i++)
			if (!emit_node(em, node->items[i]))
				return 0;
		return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	case ISMS_NODE_MAP:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return 0;
		for (size_t i = 0; i < node->count; i++) {
			struct isms_node key = { .type = ISMS_NODE_SCALAR,
						 .text = node->pairs[i].key,
						 .scalar = ISMS_SCALAR_STR };

			if (!emit_node(em, &key) || !emit_node(em, node->pairs[i].value))
				return 0;
		}
		return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	}
	return 0;
}

/* libyaml 0.2.5 counts characters above U+FFFF (emoji, rarer CJK) as
 * unprintable: it escapes them ("\U0001F512") and gives up literal blocks.
 * So they are stood in for by private-use characters that occur nowhere
 * else in the tree, emitted, and put back in the output. */
#define PUA_FIRST 0xE000u
#define PUA_LAST 0xF8FFu

struct standins {
	unsigned long astral[PUA_LAST - PUA_FIRST + 1];  /* index: PUA character - PUA_FIRST */
	size_t count;
	unsigned char used[(PUA_LAST - PUA_FIRST + 1 + 7) / 8];
};

/* The character at s (before `end`) and its length; a malformed byte is
 * taken as itself, one byte long, so that no loop stalls. */
static size_t next_char(const unsigned char *s, const unsigned char *end, unsigned long *cp)
{
	size_t n = isms_utf8_decode((const char *)s, (size_t)(end - s), cp);

	if (n == 0) {
		*cp = s[0];
		n = 1;
	}
	return n;
}

static void utf8_put(struct isms_buf *out, unsigned long cp)
{
	char b[4];

	isms_buf_put(out, b, isms_utf8_encode(b, cp));
}

/* Note which private-use characters `text` uses; true if it has astral ones. */
static bool scan_text(struct standins *st, const char *text)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + strlen(text);
	bool astral = false;
	unsigned long cp;

	while (s < end) {
		s += next_char(s, end, &cp);
		if (cp >= PUA_FIRST && cp <= PUA_LAST)
			st->used[(cp - PUA_FIRST) / 8] |= (unsigned char)(1u << ((cp - PUA_FIRST) % 8));
		astral |= cp > 0xFFFF;
	}
	return astral;
}

static bool scan_tree(struct standins *st, const struct isms_node *node)
{
	bool astral = false;

	if (node->type == ISMS_NODE_SCALAR)
		return scan_text(st, node->text);
	for (size_t i = 0; i < node->count; i++)
		if (node->type == ISMS_NODE_SEQ)
			astral |= scan_tree(st, node->items[i]);
		else
			astral |= scan_text(st, node->pairs[i].key) | scan_tree(st, node->pairs[i].value);
	return astral;
}

/* `text` with astral characters replaced; false when no stand-in is free. */
static bool stand_in(struct standins *st, char **text)
{
	const unsigned char *s = (const unsigned char *)*text, *end = s + strlen(*text);
	struct isms_buf out = ISMS_BUF_INIT;
	unsigned long cp;

	while (s < end) {
		size_t n = next_char(s, end, &cp), k;

		if (cp <= 0xFFFF) {
			isms_buf_put(&out, s, n);
			s += n;
			continue;
		}
		s += n;
		for (k = 0; k < st->count && st->astral[k] != cp; k++)
			;
		if (k == st->count) {
			while (k <= PUA_LAST - PUA_FIRST && (st->used[k / 8] & (1u << (k % 8))))
				k++;
			if (k > PUA_LAST - PUA_FIRST) {
				isms_buf_free(&out);
				return false;
			}
			while (st->count < k)
				st->astral[st->count++] = 0;
			st->astral[st->count++] = cp;
		}
		utf8_put(&out, PUA_FIRST + k);
	}
	free(*text);
	*text = isms_buf_detach(&out);
	return true;
}

static bool stand_in_tree(struct standins *st, struct isms_node *node)
{
	if (node->type == ISMS_NODE_SCALAR)
		return stand_in(st, &node->text);
	for (size_t i = 0; i < node->count; i++) {
		bool ok = node->type == ISMS_NODE_SEQ
			  ? stand_in_tree(st, node->items[i])
			  : stand_in(st, &node->pairs[i].key) && stand_in_tree(st, node->pairs[i].value);

		if (!ok)
			return false;
	}
	return true;
}

/* Put the astral characters back in the bytes emitted from `start` on. */
static void put_back(struct isms_buf *out, size_t start, const struct standins *st)
{
	struct isms_buf fixed = ISMS_BUF_INIT;
	const unsigned char *s = (const unsigned char *)out->ptr + start;
	const unsigned char *end = (const unsigned char *)out->ptr + out->len;
	unsigned long cp;

	while (s < end) {
		size_t n = next_char(s, end, &cp);

		if (cp >= PUA_FIRST && cp - PUA_FIRST < st->count && st->astral[cp - PUA_FIRST])
			utf8_put(&fixed, st->astral[cp - PUA_FIRST]);
		else
			isms_buf_put(&fixed, s, n);
		s += n;
	}
	out->len = start;
	isms_buf_put(out, fixed.ptr, fixed.len);
	isms_buf_free(&fixed);
}

static int emit_document(struct isms_buf *out, const struct isms_node *root);

/* Every text must be UTF-8 without control characters: what the reader
 * would refuse is never written. */
static int check_texts(const struct isms_node *node, const char *key)
{
	size_t bad;

	if (node->type == ISMS_NODE_SCALAR) {
		if (isms_text_check(node->text, strlen(node->text), &bad) == ISMS_TEXT_OK)
			return 0;
		return isms_error_set(ISMS_EINVALID,
			"the value of '%s' is not UTF-8 text without control characters; nothing was written",
			key ? key : "(the document)");
	}
	for (size_t i = 0; i < node->count; i++) {
		int error;

		if (node->type == ISMS_NODE_SEQ) {
			error = check_texts(node->items[i], key);
		} else {
			const char *k = node->pairs[i].key;

			if (isms_text_check(k, strlen(k), &bad) != ISMS_TEXT_OK)
				return isms_error_set(ISMS_EINVALID,
					"a field name is not UTF-8 text without control characters");
			error = check_texts(node->pairs[i].value, k);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

int isms_yaml_emit(struct isms_buf *out, const struct isms_node *root)
{
	struct standins *st;
	struct isms_node *copy = NULL;
	size_t start = out->len;
	int error;

	if ((error = check_texts(root, NULL)) < 0)
		return error;
	st = isms_calloc(1, sizeof(*st));
	if (scan_tree(st, root)) {
		copy = isms_node_clone(root);
		if (!stand_in_tree(st, copy)) {
			/* Thousands of distinct emoji: let libyaml escape them. */
			isms_node_free(copy);
			copy = NULL;
			st->count = 0;
		}
	}
	error = emit_document(out, copy ? copy : root);
	if (error == 0 && st->count)
		put_back(out, start, st);
	isms_node_free(copy);
	free(st);
	return error;
}

static int emit_document(struct isms_buf *out, const struct isms_node *root)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	size_t start = out->len;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return isms_error_set(ISMS_ERROR, "cannot start the YAML writer");
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && yaml_emitter_emit(&em, &ev) &&
	     yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && yaml_emitter_emit(&em, &ev) &&
	     emit_node(&em, root) &&
	     yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&em, &ev) &&
	     yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev) &&
	     yaml_emitter_flush(&em);
	/* libyaml ends a document holding a kept (|+) block with "...": not
	 * needed in a file of one document, and a line added after it by hand
	 * would start a second one. */
	if (ok && out->len - start >= 5 && memcmp(out->ptr + out->len - 5, "\n...\n", 5) == 0) {
		out->len -= 4;
		out->ptr[out->len] = '\0';
	}
	if (!ok) {
		const char *problem = em.problem ? em.problem : "unknown problem";

		yaml_emitter_delete(&em);
		return isms_error_set(ISMS_ERROR, "cannot write YAML: %s", problem);
	}
	yaml_emitter_delete(&em);
	return 0;
}
