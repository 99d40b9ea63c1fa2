/* SPDX-License-Identifier: MIT */
/* Error codes and the last error message (one per thread).
 *
 * A fallible function returns 0 on success or a negative ISMS_E… code, and
 * leaves a message for the caller in isms_error_last(). The message names
 * the file (and line and column where there is one) and says what to do. */
#ifndef ISMS_ERROR_H
#define ISMS_ERROR_H

#include <stdarg.h>

/* One table: name, value, what it means to a user. */
#define ISMS_ERROR_CODES(X)                                                 \
	X(OK,        0,   "success")                                        \
	X(ERROR,    -1,   "error")                                          \
	X(ENOTFOUND, -2,  "not found")                                      \
	X(EINVALID,  -3,  "invalid")                                        \
	X(ECONFLICT, -4,  "changed by someone else")                        \
	X(ELOCKED,   -5,  "locked by another process")                      \
	X(EEXISTS,   -6,  "already exists")                                 \
	X(ELIMIT,    -7,  "too large")                                      \
	X(EIO,       -8,  "input/output error")                             \
	X(EPARSE,    -9,  "cannot be parsed")                               \
	X(EUNSAFE,  -10,  "refused as unsafe")                              \
	X(EUSAGE,   -11,  "usage")                                          \
	X(EIDENTITY, -12, "no identity for commits")

enum isms_error_code {
#define ISMS_ERROR_ENUM(name, value, text) ISMS_##name = value,
	ISMS_ERROR_CODES(ISMS_ERROR_ENUM)
#undef ISMS_ERROR_ENUM
};

struct isms_error {
	int code;
	unsigned line;    /* 1-based; 0 when the error has no position */
	unsigned column;  /* 1-based, in characters */
	char message[1024];
};

/* Record an error and return its code, so that `return isms_error_set(…)`
 * reads naturally. The message is formatted like printf. */
int isms_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int isms_error_vset(int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* As isms_error_set, with a position kept for callers that want it. The
 * message is expected to carry the position in its text as well. */
int isms_error_set_at(int code, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Prefix the current message with "prefix: " (for context added on the way up). */
void isms_error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The last error recorded on this thread; never NULL. */
const struct isms_error *isms_error_last(void);
void isms_error_clear(void);

/* A short phrase for a code ("locked by another process"). */
const char *isms_error_text(int code);

#endif
