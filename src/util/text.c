/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/buf.h"
#include "isms/text.h"

size_t isms_utf8_decode(const char *str, size_t len, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long c;
	size_t n;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

size_t isms_utf8_encode(char out[4], unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

enum isms_text_problem isms_text_check(const char *str, size_t len, size_t *offset)
{
	size_t i = 0;

	while (i < len) {
		unsigned long cp;
		size_t n;

		/* Printable ASCII, tabs and line ends: most of any text. */
		if (isms_ascii_printable(str[i]) ||
		    str[i] == '\t' || str[i] == '\n' || str[i] == '\r') {
			i++;
			continue;
		}
		if ((n = isms_utf8_decode(str + i, len - i, &cp)) == 0) {
			*offset = i;
			return ISMS_TEXT_BAD_UTF8;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
		    (cp == 0xFEFF && i != 0) || cp == 0xFFFE || cp == 0xFFFF) {
			*offset = i;
			return ISMS_TEXT_CONTROL;
		}
		i += n;
	}
	return ISMS_TEXT_OK;
}

size_t isms_text_line_break(const char *s, size_t len, size_t i)
{
	if (s[i] == '\n')
		return 1;
	if (s[i] == '\r')
		return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
	if ((unsigned char)s[i] == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
		return 3;
	return 0;
}

void isms_text_position(const char *s, size_t len, size_t offset,
			unsigned *line, unsigned *column)
{
	unsigned l = 1, c = 1;

	for (size_t i = 0; i < offset && i < len; ) {
		size_t br = isms_text_line_break(s, len, i);

		if (br) {
			l++, c = 1;
			i += br;
			continue;
		}
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
		i++;
	}
	*line = l;
	*column = c;
}

size_t isms_text_offset(const char *s, size_t len, unsigned line, unsigned column)
{
	size_t i = 0;

	for (unsigned l = 1; l < line && i < len; ) {
		size_t br = isms_text_line_break(s, len, i);

		i += br ? br : 1;
		l += br != 0;
	}
	for (unsigned c = 1; c < column && i < len && !isms_text_line_break(s, len, i); c++) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

void isms_text_escape(struct isms_buf *out, const char *s, size_t len, unsigned flags)
{
	for (size_t i = 0; i < len; ) {
		unsigned long cp;
		size_t n = 0;

		/* A run of printable ASCII is copied as it is. */
		while (i + n < len && isms_ascii_printable(s[i + n]) &&
		       !(s[i + n] == '\\' && (flags & ISMS_ESCAPE_BACKSLASH)))
			n++;
		if (n) {
			isms_buf_put(out, s + i, n);
			i += n;
			continue;
		}
		n = isms_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			isms_buf_printf(out, "\\x%02x", (unsigned char)s[i]);
			n = 1;
		} else if ((cp == '\n' && (flags & ISMS_ESCAPE_KEEP_LF)) ||
			   (cp == '\t' && (flags & ISMS_ESCAPE_KEEP_TAB))) {
			isms_buf_putc(out, (char)cp);
		} else if (cp < 0x20 || cp == 0x7F) {
			isms_buf_printf(out, "\\x%02lx", cp);
		} else if (cp >= 0x80 && cp <= 0x9F) {
			isms_buf_printf(out, "\\u%04lx", cp);
		} else if (cp == '\\' && (flags & ISMS_ESCAPE_BACKSLASH)) {
			isms_buf_puts(out, "\\\\");
		} else {
			isms_buf_put(out, s + i, n);
		}
		i += n;
	}
}

char *isms_text_escaped(const char *s, unsigned flags)
{
	struct isms_buf out = ISMS_BUF_INIT;

	isms_text_escape(&out, s, strlen(s), flags);
	return isms_buf_detach(&out);
}

bool isms_str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool isms_str_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int isms_id_compare(const char *a, const char *b)
{
	while (*a && *b) {
		if (is_digit(*a) && is_digit(*b)) {
			const char *x = a, *y = b;
			size_t zx = 0, zy = 0, nx, ny;

			while (*x == '0')
				x++, zx++;
			while (*y == '0')
				y++, zy++;
			for (nx = 0; is_digit(x[nx]); nx++)
				;
			for (ny = 0; is_digit(y[ny]); ny++)
				;
			if (nx != ny)
				return nx < ny ? -1 : 1;
			for (size_t i = 0; i < nx; i++)
				if (x[i] != y[i])
					return x[i] < y[i] ? -1 : 1;
			if (zx != zy)
				return zx < zy ? -1 : 1;
			a = x + nx;
			b = y + ny;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

size_t isms_text_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *d, result;

	/* Three rows of the (la+1) x (lb+1) table: two back for a swap. */
	d = calloc(3 * (lb + 1), sizeof(*d));
	if (!d)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *row = d + (i % 3) * (lb + 1), *up = d + ((i - 1) % 3) * (lb + 1);
		size_t *up2 = d + ((i + 1) % 3) * (lb + 1);

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], best = up[j - 1] + cost;

			if (up[j] + 1 < best)
				best = up[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    up2[j - 2] + 1 < best)
				best = up2[j - 2] + 1;
			row[j] = best;
		}
	}
	result = d[(la % 3) * (lb + 1) + lb];
	free(d);
	return result;
}

void isms_nearest_offer(struct isms_nearest *n, const char *name)
{
	size_t d = isms_text_distance(n->word, name);

	if (d < n->distance) {
		n->distance = d;
		n->best = name;
	}
}

const char *isms_nearest_get(const struct isms_nearest *n)
{
	size_t len = strlen(n->word);

	/* Replacing every byte of a word is not a slip of the finger. */
	if (!n->best || n->distance >= len)
		return NULL;
	return n->distance <= 2 || n->distance * 3 <= len ? n->best : NULL;
}
