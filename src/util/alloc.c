/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"

static void *check(void *ptr)
{
	if (!ptr) {
		fputs("isms: out of memory\n", stderr);
		abort();
	}
	return ptr;
}

void *isms_malloc(size_t size)
{
	return check(malloc(size ? size : 1));
}

void *isms_calloc(size_t count, size_t size)
{
	return check(calloc(count ? count : 1, size ? size : 1));
}

void *isms_realloc(void *ptr, size_t size)
{
	return check(realloc(ptr, size ? size : 1));
}

void *isms_grow(void *ptr, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return ptr;
	while (n < need) {
		if (n > ((size_t)-1) / 2 / size)
			check(NULL);
		n *= 2;
	}
	*cap = n;
	return isms_realloc(ptr, n * size);
}

char *isms_strdup(const char *s)
{
	return check(strdup(s));
}

char *isms_strndup(const char *s, size_t len)
{
	char *d = isms_malloc(len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *isms_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return check(n < 0 ? NULL : s);
}

char *isms_vasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);

	return check(n < 0 ? NULL : s);
}
