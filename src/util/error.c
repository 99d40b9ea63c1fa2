/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "isms/error.h"

static _Thread_local struct isms_error last;

int isms_error_vset(int code, const char *fmt, va_list ap)
{
	last.code = code;
	last.line = last.column = 0;
	vsnprintf(last.message, sizeof(last.message), fmt, ap);
	return code;
}

int isms_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	isms_error_vset(code, fmt, ap);
	va_end(ap);
	return code;
}

int isms_error_set_at(int code, unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	isms_error_vset(code, fmt, ap);
	va_end(ap);
	last.line = line;
	last.column = column;
	return code;
}

void isms_error_prefix(const char *fmt, ...)
{
	char prefix[512], joined[sizeof(last.message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	/* Truncating a long message is fine; its start is what matters. (The
	 * result is looked at so that -Wformat-truncation knows it is meant.) */
	if (snprintf(joined, sizeof(joined), "%s: %s", prefix, last.message) < 0)
		joined[0] = '\0';
	memcpy(last.message, joined, sizeof(last.message));
}

const struct isms_error *isms_error_last(void)
{
	return &last;
}

void isms_error_clear(void)
{
	memset(&last, 0, sizeof(last));
}

const char *isms_error_text(int code)
{
	switch (code) {
#define ISMS_ERROR_CASE(name, value, text) case value: return text;
	ISMS_ERROR_CODES(ISMS_ERROR_CASE)
#undef ISMS_ERROR_CASE
	}
	return "error";
}
