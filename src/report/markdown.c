/* SPDX-License-Identifier: MIT */
/* A document's Markdown body (a policy's text) rendered with cmark-gfm,
 * CommonMark with GitHub's tables, strikethrough and autolinks. The body
 * is a record's text, so nothing in it may act: raw HTML becomes text,
 * images become links (a report loads nothing from the network), and
 * cmark drops unsafe link targets (javascript:, data: and the like). */
#include "config.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "render.h"

/* Replace `node` with `by` (which takes `node`'s children when `move`). */
static void replace(cmark_node *node, cmark_node *by, bool move)
{
	cmark_node *child;

	while (move && (child = cmark_node_first_child(node)))
		cmark_node_append_child(by, child);
	cmark_node_insert_before(node, by);
	cmark_node_free(node);
}

static cmark_node *text_node(const char *literal)
{
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);

	cmark_node_set_literal(t, literal ? literal : "");
	return t;
}

/* Raw HTML to text, images to links. */
static void defuse(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **nodes = NULL;
	size_t n = 0, cap = 0;
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);

		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_HTML_BLOCK ||
		    t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_IMAGE)) {
			nodes = isms_grow(nodes, &cap, n + 1, sizeof(*nodes));
			nodes[n++] = node;
		}
	}
	cmark_iter_free(it);
	/* Last first: an image inside a link is replaced before its parent. */
	while (n--) {
		cmark_node *node = nodes[n], *by;

		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_BLOCK:
			by = cmark_node_new(CMARK_NODE_PARAGRAPH);
			cmark_node_append_child(by, text_node(cmark_node_get_literal(node)));
			replace(node, by, false);
			break;
		case CMARK_NODE_HTML_INLINE:
			replace(node, text_node(cmark_node_get_literal(node)), false);
			break;
		default:
			by = cmark_node_new(CMARK_NODE_LINK);
			cmark_node_set_url(by, cmark_node_get_url(node));
			cmark_node_set_title(by, cmark_node_get_title(node));
			replace(node, by, true);
			break;
		}
	}
	free(nodes);
}

static cmark_node *parse(const char *markdown, cmark_parser **parser)
{
	static const char *const names[] = { "table", "strikethrough", "autolink" };
	cmark_node *doc;

	cmark_gfm_core_extensions_ensure_registered();
	*parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(names[i]);

		if (e)
			cmark_parser_attach_syntax_extension(*parser, e);
	}
	cmark_parser_feed(*parser, markdown, strlen(markdown));
	doc = cmark_parser_finish(*parser);
	defuse(doc);
	return doc;
}

void rpt_markdown_html(struct isms_buf *out, const char *markdown)
{
	cmark_parser *parser;
	cmark_node *doc = parse(markdown, &parser);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
				       cmark_parser_get_syntax_extensions(parser));

	isms_buf_puts(out, html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

void rpt_md_body(struct isms_buf *out, const char *markdown)
{
	cmark_parser *parser;
	cmark_node *doc = parse(markdown, &parser);
	char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);

	isms_buf_puts(out, md);
	free(md);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}
