/* SPDX-License-Identifier: MIT */
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
	bool flow;              /* [ ] or { } rather than block style */
	size_t need;            /* see flow_indent() */
	size_t line;            /* 0-based line where it starts */
};

/* flow_indent() inside a flow collection: its own check covers its lines. */
#define NO_CHECK ((size_t)-1)

/* Where scalars lie in the text, to tell comments from '#' inside values. */
struct span {
	size_t start, end;
};

/* A position in the text: character column `column` of `line` is at byte
 * `offset`. */
struct cursor {
	size_t line, column, offset;
};

struct loader {
	const char *data;
	size_t len;
	const char *name;
	const struct isms_yaml_limits *limits;
	size_t *lines;        /* byte offset where each line starts */
	size_t line_count;
	struct cursor cursor;   /* where the last mark was found */
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

/* Byte offset of a libyaml mark (0-based line, column in characters).
 * Marks come mostly in text order, so the cursor walks on from where the
 * last one was found instead of from the line start: loading a long line
 * stays linear in its length. */
static size_t mark_offset(struct loader *ld, yaml_mark_t mark)
{
	struct cursor *c = &ld->cursor;

	if (mark.line >= ld->line_count)
		return ld->len;
	if (mark.line != c->line) {
		c->line = mark.line;
		c->column = 0;
		c->offset = ld->lines[mark.line];
	}
	while (c->column > mark.column) {
		c->offset--;
		while (((unsigned char)ld->data[c->offset] & 0xC0) == 0x80)
			c->offset--;
		c->column--;
	}
	while (c->column < mark.column && c->offset < ld->len &&
	       !isms_text_line_break(ld->data, ld->len, c->offset)) {
		c->offset++;
		while (c->offset < ld->len && ((unsigned char)ld->data[c->offset] & 0xC0) == 0x80)
			c->offset++;
		c->column++;
	}
	return c->offset;
}

static void add_span(struct loader *ld, const yaml_event_t *ev, size_t start, size_t end)
{
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

/* Is byte `i` inside a scalar? Spans come in text order. */
static bool in_span(const struct loader *ld, size_t i)
{
	size_t lo = 0, hi = ld->span_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ld->spans[mid].start <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && i < ld->spans[lo - 1].end;
}

/* 1-based line and column (in characters) of byte `offset`, with lines
 * counted as libyaml counts them. */
static void offset_position(const struct loader *ld, size_t offset, unsigned *line,
			    unsigned *column)
{
	size_t lo = 0, hi = ld->line_count, c = 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ld->lines[mid] <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = ld->lines[lo - 1]; i < offset; i++)
		if (((unsigned char)ld->data[i] & 0xC0) != 0x80)
			c++;
	*line = (unsigned)lo;
	*column = (unsigned)c;
}

/* Does byte `i` follow white space, a line break or the start of the text
 * (a byte order mark included)? */
static bool after_space(const struct loader *ld, size_t i)
{
	const char *d = ld->data;

	if (i == 0 || strchr(" \t\r\n", d[i - 1]))
		return true;
	if (i == 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		return true;
	/* libyaml's other line breaks: NEL, U+2028, U+2029 */
	return (i >= 2 && memcmp(d + i - 2, "\xc2\x85", 2) == 0) ||
	       (i >= 3 && (memcmp(d + i - 3, "\xe2\x80\xa8", 3) == 0 ||
			   memcmp(d + i - 3, "\xe2\x80\xa9", 3) == 0));
}

/* Comments, found as libyaml finds them: any '#' outside the scalars.
 * YAML wants white space before one; libyaml 0.2.5 does not check, and
 * takes '"Old"# note' or '># note' as a value and a comment. Such a '#'
 * is refused, so no text is dropped unnoticed. */
static int find_comments(struct loader *ld, bool *found)
{
	size_t s = 0;
	unsigned line, column;

	*found = ld->tagged_hash;
	for (size_t i = 0; i < ld->len; i++) {
		while (s < ld->span_count && ld->spans[s].end <= i)
			s++;
		if (s < ld->span_count && i >= ld->spans[s].start && i < ld->spans[s].end) {
			i = ld->spans[s].end - 1;
			continue;
		}
		if (ld->data[i] != '#')
			continue;
		if (!after_space(ld, i)) {
			offset_position(ld, i, &line, &column);
			return fail_at(ld, ISMS_EPARSE, line, column,
				"a comment needs a space before '#'; add one, or quote the "
				"value if the '#' belongs to it");
		}
		*found = true;
		/* The rest of the line is the comment. */
		while (i + 1 < ld->len && !isms_text_line_break(ld->data, ld->len, i + 1))
			i++;
	}
	return 0;
}

/* Spaces that the lines of a flow value (quoted text, or [ ] and { })
 * must start with after its first: one more than the indentation of the
 * block collection it is in (YAML's s-indent(n+1)); tabs do not count.
 * 0 at the top level; NO_CHECK inside a flow collection. */
static size_t flow_indent(const struct loader *ld)
{
	const struct frame *f;

	if (ld->depth == 0)
		return 0;
	f = &ld->stack[ld->depth - 1];
	return f->flow ? NO_CHECK : f->need;
}

/* Check lines first+1..last (0-based) of a flow value against `need`.
 * Blank lines may be indented less, and in a collection so may comment
 * lines and lines that start by closing it. Only lines after a line feed are checked: libyaml's rarer line
 * breaks (a lone CR, U+2028) are taken as they are. */
static int check_flow_lines(struct loader *ld, size_t first, size_t last, size_t need,
			    bool collection)
{
	if (need == NO_CHECK || need == 0)
		return 0;
	for (size_t l = first + 1; l <= last && l < ld->line_count; l++) {
		size_t off = ld->lines[l], sp = 0, j;

		if (off == 0 || ld->data[off - 1] != '\n')
			continue;
		while (off + sp < ld->len && ld->data[off + sp] == ' ')
			sp++;
		if (sp >= need)
			continue;
		for (j = off + sp; j < ld->len && (ld->data[j] == ' ' || ld->data[j] == '\t'); j++)
			;
		if (j == ld->len || isms_text_line_break(ld->data, ld->len, j))
			continue;
		/* YAML wants "]" indented too, but a closing bracket under the
		 * key, as JSON is often laid out, is clear enough to accept. */
		if (collection && strchr("#]}", ld->data[j]) && !in_span(ld, j))
			continue;
		return fail_at(ld, ISMS_EPARSE, (unsigned)l + 1, (unsigned)sp + 1,
			"this line continues %s and must be indented by at least %zu "
			"space%s (tabs do not count)",
			collection ? "a [list] or {mapping}" : "a quoted or multi-line value",
			need, need == 1 ? "" : "s");
	}
	return 0;
}

/* A block scalar without an indentation indicator takes its indentation
 * from its first line of text; YAML forbids an empty line before it with
 * more spaces (libyaml takes the most spaces and may then read the text as
 * a comment, or as the next field). `start` is where the event starts. */
static int check_block_lead(struct loader *ld, const yaml_event_t *ev, size_t start, size_t need)
{
	const char *d = ld->data;
	size_t i = start, most = 0, most_line = 0;

	if (need == NO_CHECK)
		return 0;
	if (ev->data.scalar.tag) {
		while (i < ld->len && !strchr(" \t\r\n", d[i]))
			i++;
		while (i < ld->len && (d[i] == ' ' || d[i] == '\t'))
			i++;
	}
	if (i >= ld->len || (d[i] != '|' && d[i] != '>'))
		return 0;
	for (i++; i < ld->len && strchr("+-0123456789", d[i]); i++)
		if (d[i] != '+' && d[i] != '-')
			return 0;
	for (size_t l = ev->start_mark.line + 1; l < ld->line_count; l++) {
		size_t off = ld->lines[l], sp = 0;

		while (off + sp < ld->len && d[off + sp] == ' ')
			sp++;
		if (off + sp == ld->len || isms_text_line_break(d, ld->len, off + sp)) {
			if (sp > most) {
				most = sp;
				most_line = l;
			}
			continue;
		}
		if (sp >= need && most > sp)
			return fail_at(ld, ISMS_EPARSE, (unsigned)most_line + 1, (unsigned)sp + 1,
				"this empty line has more spaces (%zu) than the first line of the "
				"block text after it (%zu); remove the extra spaces", most, sp);
		break;
	}
	return 0;
}

/* Checks of a scalar that libyaml 0.2.5 lets through and YAML forbids. */
static int check_scalar(struct loader *ld, const yaml_event_t *ev, size_t start)
{
	const char *text = (const char *)ev->data.scalar.value;
	yaml_scalar_style_t style = ev->data.scalar.style;
	size_t need = flow_indent(ld);

	if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE)
		return check_block_lead(ld, ev, start, need);
	/* "[-]": a plain value may start with '-', '?' or ':' only when a
	 * character that could go on a plain value follows ("::" is a key ':'). */
	if (style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag && text[0] &&
	    strchr("-?:", text[0]) && start + 1 <= ld->len &&
	    (start + 1 == ld->len || strchr(" \t\r\n", ld->data[start + 1]) ||
	     (need == NO_CHECK && strchr(",[]{}", ld->data[start + 1]))))
		return fail_at(ld, ISMS_EPARSE, (unsigned)ev->start_mark.line + 1,
			(unsigned)ev->start_mark.column + 1,
			"'%c' cannot start a plain value when a space, a line end or a "
			"bracket follows; quote the value if it is meant as text", text[0]);
	return check_flow_lines(ld, ev->start_mark.line, ev->end_mark.line, need, false);
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

/* Where `node` began in the file (a column beyond what a node holds, in a
 * line longer than any record file's, as the last it holds). */
static void place(struct isms_node *node, unsigned line, unsigned column)
{
	node->line = line;
	node->column = column > ISMS_NODE_COLUMN_MAX ? ISMS_NODE_COLUMN_MAX : column;
}

/* A scalar: its text checked and typed, then attached where it belongs. */
static int on_scalar(struct loader *ld, const yaml_event_t *ev, unsigned line, unsigned column)
{
	enum isms_scalar_type type = ISMS_SCALAR_STR;
	const char *text = (const char *)ev->data.scalar.value;
	size_t start = mark_offset(ld, ev->start_mark), bad;
	struct isms_node *node;
	int err;

	add_span(ld, ev, start, mark_offset(ld, ev->end_mark));
	if ((err = check_scalar(ld, ev, start)) < 0)
		return err;
	/* Escapes in quoted text can spell what the raw check refused. */
	if (strlen(text) != ev->data.scalar.length ||
	    isms_text_check(text, ev->data.scalar.length, &bad) != ISMS_TEXT_OK)
		return fail_at(ld, ISMS_EPARSE, line, column,
			"the value holds a control character or a NUL; remove it");
	if ((err = scalar_type(ld, ev, line, column, &type)) < 0)
		return err;
	node = isms_node_scalar(text, type);
	place(node, line, column);
	return attach(ld, node);
}

/* The start of a list or a mapping: a new frame on the stack, within the
 * depth limit, with the indentation its later lines need. */
static int on_collection_start(struct loader *ld, const yaml_event_t *ev, unsigned line,
			       unsigned column)
{
	bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
	bool flow = seq ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
			: ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	bool tagged = seq ? ev->data.sequence_start.tag != NULL
			  : ev->data.mapping_start.tag != NULL;
	size_t need = flow_indent(ld);
	int err = collection_tag(ld, seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag,
				 seq ? "seq" : "map", line, column);
	struct isms_node *node;

	if (err < 0)
		return err;
	if (ld->depth >= ld->limits->max_depth)
		return fail_at(ld, ISMS_ELIMIT, line, column,
			"nesting is deeper than the limit of %u levels", ld->limits->max_depth);
	node = seq ? isms_node_seq() : isms_node_map();
	place(node, line, column);
	ld->stack = isms_grow(ld->stack, &ld->stack_cap, ld->depth + 1, sizeof(*ld->stack));
	/* A block collection starts where its first entry does, unless a tag
	 * stands before: then keep the outer need. */
	if (!flow && !tagged)
		need = ev->start_mark.column + 1;
	ld->stack[ld->depth++] = (struct frame){ .node = node, .flow = flow, .need = need,
						 .line = ev->start_mark.line };
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
		struct frame *f = &ld->stack[ld->depth - 1];
		int err = 0;

		if (f->flow)
			err = check_flow_lines(ld, f->line, ev->end_mark.line, f->need, true);
		if (err < 0)
			return err;
		ld->depth--;
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

/* Refuse, before parsing, a text over the size limit, one that is not
 * UTF-8 or holds control characters, and one with no document. */
static int check_text(struct loader *ld)
{
	unsigned line, column;
	size_t bad;

	if (ld->len > ld->limits->max_bytes)
		return isms_error_set(ISMS_ELIMIT,
			"%s: %zu bytes is more than the limit of %zu bytes for a record file",
			ld->name, ld->len, ld->limits->max_bytes);
	switch (isms_text_check(ld->data, ld->len, &bad)) {
	case ISMS_TEXT_BAD_UTF8:
		isms_text_position(ld->data, ld->len, bad, &line, &column);
		return fail_at(ld, ISMS_EPARSE, line, column,
			"invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			(unsigned char)ld->data[bad]);
	case ISMS_TEXT_CONTROL:
		isms_text_position(ld->data, ld->len, bad, &line, &column);
		return fail_at(ld, ISMS_EPARSE, line, column,
			"control character (byte 0x%02X) is not allowed; remove it",
			(unsigned char)ld->data[bad]);
	default:
		break;
	}

	/* Before parsing: libyaml refuses a line holding only a tab. */
	if (blank(ld->data, ld->len))
		return fail_at(ld, ISMS_EPARSE, 1, 1,
			"the file holds no YAML document; a record is a mapping of fields");
	return 0;
}

/* Run libyaml over the text, building ld->root, until the end or the
 * first error. */
static int parse_events(struct loader *ld)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int error = 0, documents = 0;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return isms_error_set(ISMS_ERROR, "%s: cannot start the YAML parser", ld->name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)ld->data, ld->len);
	while (!done && error == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			error = parser_error(ld, &parser);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		error = on_event(ld, &ev, &documents);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return error;
}

int isms_yaml_load(struct isms_node **out, unsigned *flags, const char *data, size_t len,
		   const char *name, const struct isms_yaml_limits *limits)
{
	static const struct isms_yaml_limits defaults = ISMS_YAML_LIMITS_INIT;
	struct loader ld = { .data = data, .len = len, .name = name,
			     .limits = limits ? limits : &defaults };
	bool comments = false;
	int error;

	*out = NULL;
	if (flags)
		*flags = 0;
	if ((error = check_text(&ld)) != 0)
		return error;
	index_lines(&ld);
	error = parse_events(&ld);

	/* "---" alone, or "!!null", is a document of nothing: written back it
	 * would be an empty file, which is refused. */
	if (error == 0 && (!ld.root || (ld.root->type == ISMS_NODE_SCALAR &&
					ld.root->scalar == ISMS_SCALAR_NULL && !ld.root->text[0])))
		error = fail_at(&ld, ISMS_EPARSE, 1, 1,
			"the file holds no YAML document; a record is a mapping of fields");
	if (error == 0 && (error = find_comments(&ld, &comments)) == 0) {
		*out = ld.root;
		ld.root = NULL;
		if (flags && comments)
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
