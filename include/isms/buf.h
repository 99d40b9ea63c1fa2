/* SPDX-License-Identifier: MIT */
/* A growable byte buffer, always NUL-terminated. */
#ifndef ISMS_BUF_H
#define ISMS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct isms_buf {
	char *ptr;   /* NUL-terminated; NULL until something is put */
	size_t len;  /* bytes, not counting the terminator */
	size_t cap;
};

#define ISMS_BUF_INIT { .ptr = NULL, .len = 0, .cap = 0 }

void isms_buf_put(struct isms_buf *buf, const void *data, size_t len);
void isms_buf_puts(struct isms_buf *buf, const char *s);
void isms_buf_putc(struct isms_buf *buf, char c);
void isms_buf_printf(struct isms_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void isms_buf_vprintf(struct isms_buf *buf, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void isms_buf_clear(struct isms_buf *buf);
/* The contents as a string, "" when empty; valid until the next change. */
const char *isms_buf_cstr(const struct isms_buf *buf);
/* Hand the contents to the caller (free() them) and reset the buffer. */
char *isms_buf_detach(struct isms_buf *buf);
/* Free the contents and reset the buffer to empty, ready for reuse; `buf`
 * itself is not freed. Does nothing when `buf` is NULL. */
void isms_buf_free(struct isms_buf *buf);

#endif
