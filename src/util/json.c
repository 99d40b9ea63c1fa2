/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <string.h>

#include "isms/json.h"
#include "isms/text.h"

void isms_json_str(struct isms_buf *out, const char *s)
{
	isms_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': isms_buf_puts(out, "\\\""); break;
		case '\\': isms_buf_puts(out, "\\\\"); break;
		case '\n': isms_buf_puts(out, "\\n"); break;
		case '\r': isms_buf_puts(out, "\\r"); break;
		case '\t': isms_buf_puts(out, "\\t"); break;
		default:
			if (*p < 0x20) {
				isms_buf_printf(out, "\\u%04x", *p);
			} else if (*p < 0x80) {
				isms_buf_putc(out, (char)*p);
			} else {
				/* Well-formed UTF-8 passes; anything else becomes U+FFFD. */
				size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2, off;

				if (strnlen((const char *)p, len) == len &&
				    isms_text_check((const char *)p, len, &off) == ISMS_TEXT_OK) {
					isms_buf_put(out, p, len);
					p += len - 1;
				} else {
					isms_buf_puts(out, "\\ufffd");
				}
			}
		}
	}
	isms_buf_putc(out, '"');
}

void isms_json_field(struct isms_buf *out, const char *key, const char *value, int first)
{
	if (!first)
		isms_buf_putc(out, ',');
	isms_json_str(out, key);
	isms_buf_putc(out, ':');
	isms_json_str(out, value ? value : "");
}
