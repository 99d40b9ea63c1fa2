/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "isms/alloc.h"
#include "curses.h"
#include "isms/text.h"
#include "lineedit.h"
#include "screen.h"

void ui_lineedit_init(struct ui_lineedit *le, const char *text)
{
	memset(le, 0, sizeof(*le));
	ui_lineedit_set(le, text);
}

void ui_lineedit_free(struct ui_lineedit *le)
{
	if (!le)
		return;
	free(le->text);
	memset(le, 0, sizeof(*le));
}

void ui_lineedit_set(struct ui_lineedit *le, const char *text)
{
	size_t len = text ? strlen(text) : 0;

	le->text = isms_grow(le->text, &le->cap, len + 1, 1);
	if (len)
		memcpy(le->text, text, len);
	le->text[len] = '\0';
	le->len = len;
	le->cursor = len;
	le->scroll = 0;
}

/* The cursor moves and deletes by grapheme cluster: a letter with its
 * combining marks, an emoji sequence, as one. */
static size_t prev_char(const struct ui_lineedit *le, size_t at)
{
	return at == 0 ? 0 : ui_cluster_prev(le->text, at);
}

static size_t next_char(const struct ui_lineedit *le, size_t at)
{
	if (at >= le->len)
		return le->len;
	return at + ui_cluster_next(le->text + at, le->len - at);
}

/* Words are separated by spaces: the start of the word before `at`, and
 * the end of the word after it. */
static size_t word_left(const struct ui_lineedit *le, size_t at)
{
	while (at > 0 && le->text[at - 1] == ' ')
		at--;
	while (at > 0 && le->text[at - 1] != ' ')
		at = prev_char(le, at);
	return at;
}

static size_t word_right(const struct ui_lineedit *le, size_t at)
{
	while (at < le->len && le->text[at] == ' ')
		at++;
	while (at < le->len && le->text[at] != ' ')
		at = next_char(le, at);
	return at;
}

static void insert(struct ui_lineedit *le, unsigned long c)
{
	char u[4];
	size_t n = isms_utf8_encode(u, c);

	le->text = isms_grow(le->text, &le->cap, le->len + n + 1, 1);
	memmove(le->text + le->cursor + n, le->text + le->cursor, le->len - le->cursor + 1);
	memcpy(le->text + le->cursor, u, n);
	le->len += n;
	le->cursor += n;
}

static void delete_range(struct ui_lineedit *le, size_t from, size_t to)
{
	memmove(le->text + from, le->text + to, le->len - to + 1);
	le->len -= to - from;
	le->cursor = from;
}

enum ui_lineedit_result ui_lineedit_key(struct ui_lineedit *le, struct ui_key key)
{
	if (key.pasted) {
		/* Text, whatever it holds: a line break is a space here. */
		if (key.fn || key.code < 0x20 || key.code == 0x7f || (key.code >= 0x80 && key.code < 0xa0) ||
		    (key.code >= 0xd800 && key.code <= 0xdfff) || key.code > 0x10ffff)
			return key.code == '\n' || key.code == '\t' || key.code == '\r'
			       ? (insert(le, ' '), UI_LINEEDIT_CHANGED) : UI_LINEEDIT_IGNORED;
		insert(le, (unsigned long)key.code);
		return UI_LINEEDIT_CHANGED;
	}
	if (!key.fn) {
		wint_t c = key.code;

		if (c == '\n')
			return UI_LINEEDIT_DONE;
		if (c == 27)
			return UI_LINEEDIT_CANCEL;
		if (c == 1) {  /* C-a */
			le->cursor = 0;
			return UI_LINEEDIT_CHANGED;
		}
		if (c == 5) {  /* C-e */
			le->cursor = le->len;
			return UI_LINEEDIT_CHANGED;
		}
		if (c == 21) {  /* C-u: clear up to the cursor */
			delete_range(le, 0, le->cursor);
			return UI_LINEEDIT_CHANGED;
		}
		if (c == 11) {  /* C-k: clear from the cursor to the end */
			delete_range(le, le->cursor, le->len);
			return UI_LINEEDIT_CHANGED;
		}
		if (c == 23) {  /* C-w: delete the word before the cursor */
			delete_range(le, word_left(le, le->cursor), le->cursor);
			return UI_LINEEDIT_CHANGED;
		}
		/* Pasted tabs become spaces; other control characters and
		 * surrogates are never text. */
		if (c == '\t')
			c = ' ';
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0xd800 && c <= 0xdfff) ||
		    c > 0x10ffff)
			return UI_LINEEDIT_IGNORED;
		insert(le, (unsigned long)c);
		return UI_LINEEDIT_CHANGED;
	}
	switch (key.code) {
	case KEY_LEFT:
		le->cursor = prev_char(le, le->cursor);
		return UI_LINEEDIT_CHANGED;
	case KEY_RIGHT:
		le->cursor = next_char(le, le->cursor);
		return UI_LINEEDIT_CHANGED;
	case KEY_HOME:
		le->cursor = 0;
		return UI_LINEEDIT_CHANGED;
	case UI_KEY_WORD_LEFT:
		le->cursor = word_left(le, le->cursor);
		return UI_LINEEDIT_CHANGED;
	case UI_KEY_WORD_RIGHT:
		le->cursor = word_right(le, le->cursor);
		return UI_LINEEDIT_CHANGED;
	case KEY_END:
		le->cursor = le->len;
		return UI_LINEEDIT_CHANGED;
	case KEY_BACKSPACE:
		if (le->cursor > 0)
			delete_range(le, prev_char(le, le->cursor), le->cursor);
		return UI_LINEEDIT_CHANGED;
	case KEY_DC:
		if (le->cursor < le->len)
			delete_range(le, le->cursor, next_char(le, le->cursor));
		return UI_LINEEDIT_CHANGED;
	case KEY_ENTER:
		return UI_LINEEDIT_DONE;
	default:
		return UI_LINEEDIT_IGNORED;
	}
}

void ui_lineedit_draw(struct ui_lineedit *le, int y, int x, int width, unsigned attr, int *cursor_x)
{
	int col = ui_text_width(le->text, le->cursor);
	size_t start = 0;
	int skipped = 0;

	if (width < 2)
		width = 2;
	/* Keep the cursor in sight, with a column to spare after it. */
	if (col < le->scroll)
		le->scroll = col;
	if (col - le->scroll > width - 1)
		le->scroll = col - width + 1;
	/* Start at the first character that begins at or after the scroll
	 * column (a wide character is never cut in half). */
	while (start < le->len && skipped < le->scroll) {
		size_t next = next_char(le, start);

		skipped += ui_text_width(le->text + start, next - start);
		start = next;
	}
	ui_fill(y, x, width, (attr_t)attr);
	ui_put(y, x, width, le->text + start, le->len - start, (attr_t)attr);
	*cursor_x = x + col - skipped;
}
