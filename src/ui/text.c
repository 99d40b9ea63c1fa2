/* SPDX-License-Identifier: MIT */
/* Text on the screen: grapheme clusters (utf8proc), their display width,
 * drawing text cut to a width without splitting a character, and the
 * "terminal too small" notice. The terminal itself is screen.c's. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "isms/text.h"
#include "screen.h"

#include <utf8proc.h>

/* Decode the UTF-8 character at s (at most `len` bytes): its code point
 * (U+FFFD when malformed) and, in *used, its length. */
static unsigned long utf8_next(const char *s, size_t len, size_t *used)
{
	unsigned long c;
	size_t n = isms_utf8_decode(s, len, &c);

	*used = n ? n : 1;
	return n ? c : 0xfffd;
}

size_t ui_cluster_next(const char *s, size_t len)
{
	utf8proc_int32_t state = 0, prev = -1;
	size_t i = 0;

	while (i < len && s[i]) {
		size_t used;
		unsigned long c = utf8_next(s + i, len - i, &used);

		if (prev >= 0 && utf8proc_grapheme_break_stateful(prev, (utf8proc_int32_t)c, &state))
			break;
		prev = (utf8proc_int32_t)c;
		i += used;
	}
	return i;
}

size_t ui_cluster_prev(const char *s, size_t at)
{
	size_t start = 0, last = 0;

	/* Clusters are found forwards: from the start of the text. */
	while (start < at) {
		size_t n = ui_cluster_next(s + start, at - start);

		if (!n)
			break;
		last = start;
		start += n;
	}
	return last;
}

/* The character to show for `c` and its width. */
static wchar_t shown(unsigned long c, int *width)
{
	int w;

	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
		*width = 1;
		return L'?';
	}
	if (c < 0x80) {
		*width = 1;
		return (wchar_t)c;
	}
	if (!ui_screen_utf8() || (w = wcwidth((wchar_t)c)) < 1) {
		*width = 1;
		return L'?';
	}
	*width = w;
	return (wchar_t)c;
}

/* Whether `c` joins the character before it in the same cell: a combining
 * mark, a variation selector, a zero-width joiner. */
static bool joins(unsigned long c)
{
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)c);

	return p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_ME ||
	       p->category == UTF8PROC_CATEGORY_MC || (c >= 0xfe00 && c <= 0xfe0f) || c == 0x200d;
}

/* The cluster at s (n bytes) as one cell: its first character (or '?')
 * and the marks that join it, into wch (at most CCHARW_MAX); its width. */
static int cluster_cell(wchar_t *wch, const char *s, size_t n)
{
	size_t used, i;
	int w, k = 1;
	unsigned long c = utf8_next(s, n, &used);

	wch[0] = shown(c, &w);
	/* A mark with nothing to join, or a locale that cannot show it. */
	if (wch[0] == L'?' || joins(c)) {
		wch[0] = L'?';
		wch[1] = L'\0';
		return 1;
	}
	/* Marks ride on the base character; the rest of an emoji sequence
	 * (after a joiner) is dropped rather than drawn beside it, so that the
	 * columns stay as measured. */
	for (i = used; i < n && k < CCHARW_MAX; i += used) {
		c = utf8_next(s + i, n - i, &used);
		if (c == 0x200d)
			break;
		if (joins(c) && (c < 0xfe00 || c > 0xfe0f))
			wch[k++] = (wchar_t)c;
	}
	wch[k] = L'\0';
	return w;
}

int ui_text_width(const char *s, size_t len)
{
	int total = 0;
	size_t i = 0, n;

	while (i < len && s[i] && (n = ui_cluster_next(s + i, len - i))) {
		wchar_t wch[CCHARW_MAX + 1];

		total += cluster_cell(wch, s + i, n);
		i += n;
	}
	return total;
}

int ui_put(int y, int x, int width, const char *text, size_t len, attr_t attr)
{
	int col = 0;
	size_t i = 0, n;

	if (width <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	/* Cluster by cluster: one that does not fit in full is not drawn, so
	 * truncation never splits a character. */
	while (i < len && text[i] && (n = ui_cluster_next(text + i, len - i))) {
		wchar_t wch[CCHARW_MAX + 1];
		cchar_t cc;
		int w = cluster_cell(wch, text + i, n);

		if (col + w > width)
			break;
		if (setcchar(&cc, wch, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL) == OK)
			mvadd_wch(y, x + col, &cc);
		col += w;
		i += n;
	}
	return col;
}

int ui_puts(int y, int x, int width, const char *text, attr_t attr)
{
	return ui_put(y, x, width, text, strlen(text), attr);
}

void ui_fill(int y, int x, int width, attr_t attr)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	attrset(attr);
	for (int i = 0; i < width; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

void ui_vline(int y, int x, int height, attr_t attr)
{
	for (int i = 0; i < height; i++) {
		if (y + i < 0 || y + i >= LINES || x < 0 || x >= COLS)
			continue;
		mvaddch(y + i, x, (ui_screen_utf8() ? ACS_VLINE : (chtype)'|') | attr);
	}
}

void ui_screen_draw_too_small(void)
{
	char need[64], now[64];
	const char *parts[3];
	struct {
		const char *text;
		size_t len;
		bool notice;
	} rows[16];
	int n = 0, y;

	snprintf(need, sizeof(need), "terminal too small (need %dx%d)", UI_MIN_COLS, UI_MIN_LINES);
	snprintf(now, sizeof(now), "now %dx%d", COLS, LINES);
	parts[0] = need;
	parts[1] = now;
	parts[2] = "q quits";
	/* Break each part into rows at spaces, so that even a very small
	 * terminal shows the whole sentence. */
	for (int i = 0; i < 3; i++) {
		const char *p = parts[i];

		while (*p && n < 16) {
			size_t len = strlen(p), cut = len;

			if (ui_text_width(p, len) > COLS) {
				cut = 0;
				for (size_t k = 1; k < len; k++)
					if (p[k] == ' ' && ui_text_width(p, k) <= COLS)
						cut = k;
				if (cut == 0)
					cut = (size_t)COLS;
			}
			rows[n].text = p;
			rows[n].len = cut;
			rows[n].notice = i == 0;
			n++;
			p += cut;
			while (*p == ' ')
				p++;
		}
	}
	erase();
	y = LINES > n ? (LINES - n) / 2 : 0;
	for (int i = 0; i < n && y + i < LINES; i++) {
		int w = ui_text_width(rows[i].text, rows[i].len);
		int x = w < COLS ? (COLS - w) / 2 : 0;

		ui_put(y + i, x, COLS - x, rows[i].text, rows[i].len,
		       rows[i].notice ? ui_slot_attr(UI_SLOT_NOTICE) : A_NORMAL);
	}
}

