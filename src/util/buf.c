/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"

static void reserve(struct isms_buf *buf, size_t extra)
{
	buf->ptr = isms_grow(buf->ptr, &buf->cap, buf->len + extra + 1, 1);
}

void isms_buf_put(struct isms_buf *buf, const void *data, size_t len)
{
	reserve(buf, len);
	if (len)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
}

void isms_buf_puts(struct isms_buf *buf, const char *s)
{
	isms_buf_put(buf, s, strlen(s));
}

void isms_buf_putc(struct isms_buf *buf, char c)
{
	isms_buf_put(buf, &c, 1);
}

void isms_buf_vprintf(struct isms_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	reserve(buf, (size_t)n);
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
}

void isms_buf_printf(struct isms_buf *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	isms_buf_vprintf(buf, fmt, ap);
	va_end(ap);
}

void isms_buf_clear(struct isms_buf *buf)
{
	buf->len = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

const char *isms_buf_cstr(const struct isms_buf *buf)
{
	return buf->ptr ? buf->ptr : "";
}

char *isms_buf_detach(struct isms_buf *buf)
{
	char *s = buf->ptr ? buf->ptr : isms_strdup("");

	buf->ptr = NULL;
	buf->len = buf->cap = 0;
	return s;
}

void isms_buf_free(struct isms_buf *buf)
{
	if (!buf)
		return;
	free(buf->ptr);
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
}
