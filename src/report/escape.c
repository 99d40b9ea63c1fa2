/* SPDX-License-Identifier: MIT */
/* Escaping for HTML, Markdown, CSV and JSON: the one place where record
 * text meets an output format (include/isms/escape.h). */
#include "config.h"

#include <string.h>

#include "isms/escape.h"
#include "isms/json.h"
#include "isms/text.h"

/* The length of the well-formed UTF-8 sequence at `p` (1 for ASCII), or 0
 * when it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	size_t len, off;

	if (*p < 0x80)
		return 1;
	len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 0;
	if (!len || strnlen((const char *)p, len) != len ||
	    isms_text_check((const char *)p, len, &off) != ISMS_TEXT_OK)
		return 0;
	return len;
}

/* A C1 control character (U+0080 to U+009F) in UTF-8. */
static bool c1_control(const unsigned char *p, size_t len)
{
	return len == 2 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0;
}

/* Append the character at *p (advanced past it) unless it is a control
 * character or invalid, which become "\xNN" or U+FFFD; `keep` lists the
 * controls that pass. Returns false when it wrote something else than
 * the character itself. */
static bool put_char(struct isms_buf *out, const unsigned char **p, const char *keep)
{
	const unsigned char *c = *p;
	size_t len = c1_control(c, c[0] ? 2 : 0) ? 2 : utf8_len(c);

	if (len == 0) {
		isms_buf_puts(out, "\xEF\xBF\xBD");
		*p = c + 1;
		return false;
	}
	*p = c + len;
	if ((len == 1 && (*c < 0x20 || *c == 0x7F) && !strchr(keep, *c)) || c1_control(c, len)) {
		isms_buf_printf(out, "\\x%02x", len == 1 ? *c : c[1]);
		return false;
	}
	isms_buf_put(out, c, len);
	return true;
}

void isms_esc_html(struct isms_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		switch (*p) {
		case '&': isms_buf_puts(out, "&amp;"); p++; break;
		case '<': isms_buf_puts(out, "&lt;"); p++; break;
		case '>': isms_buf_puts(out, "&gt;"); p++; break;
		case '"': isms_buf_puts(out, "&quot;"); p++; break;
		case '\'': isms_buf_puts(out, "&#39;"); p++; break;
		default: put_char(out, &p, "\n\t"); break;
		}
	}
}

/* Whether the line that starts at `p` would begin a list item or a
 * heading: "+ ", "- ", "1. ", "1) ", "=" or "-" underlines. */
static size_t md_line_marker(const unsigned char *p)
{
	const unsigned char *q = p;

	if (*p == '+' || *p == '-' || *p == '=')
		return 1;
	while (*q >= '0' && *q <= '9')
		q++;
	if (q > p && (*q == '.' || *q == ')'))
		return (size_t)(q - p) + 1;
	return 0;
}

void isms_esc_md(struct isms_buf *out, const char *s, bool cell)
{
	const unsigned char *p = (const unsigned char *)s;
	bool line_start = true;

	while (*p) {
		bool blank = line_start && p > (const unsigned char *)s;

		size_t marker = line_start && !cell ? md_line_marker(p) : 0;

		if (marker) {
			/* Escape the marker's last character: "1\." or "\-". */
			isms_buf_put(out, p, marker - 1);
			isms_buf_putc(out, '\\');
			isms_buf_putc(out, (char)p[marker - 1]);
			p += marker;
			line_start = false;
			continue;
		}
		line_start = false;
		switch (*p) {
		case '&': isms_buf_puts(out, "&amp;"); p++; continue;
		case '<': isms_buf_puts(out, "&lt;"); p++; continue;
		case '>': isms_buf_puts(out, "&gt;"); p++; continue;
		case '\r':
			p++;
			continue;
		case '\n':
			p++;
			if (cell) {
				isms_buf_puts(out, "<br>");
			} else if (*p == '\n' || !*p || blank) {
				isms_buf_putc(out, '\n');
			} else {
				isms_buf_puts(out, "\\\n");
			}
			line_start = true;
			continue;
		case '\t':
			isms_buf_putc(out, ' ');
			p++;
			continue;
		default:
			break;
		}
		if (strchr("\\`*_[]|~#$!{}", *p)) {
			isms_buf_putc(out, '\\');
			isms_buf_putc(out, (char)*p++);
			continue;
		}
		put_char(out, &p, "");
	}
}

/* Whether a spreadsheet would take `s` for a formula: its first character
 * other than a space is =, +, -, @, a tab or a carriage return. */
static bool formula_start(const char *s)
{
	while (*s == ' ')
		s++;
	return *s && strchr("=+-@\t\r", *s);
}

void isms_esc_cell(struct isms_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (formula_start(s))
		isms_buf_putc(out, '\'');
	while (*p)
		put_char(out, &p, "\t\r\n");
}

void isms_esc_csv(struct isms_buf *out, const char *s, bool number)
{
	const unsigned char *p = (const unsigned char *)s;

	isms_buf_putc(out, '"');
	if (!number && formula_start(s))
		isms_buf_putc(out, '\'');
	while (*p) {
		if (*p == '"') {
			isms_buf_puts(out, "\"\"");
			p++;
		} else {
			put_char(out, &p, "\t\r\n");
		}
	}
	isms_buf_putc(out, '"');
}

void isms_esc_json(struct isms_buf *out, const char *s)
{
	isms_json_str(out, s);
}
