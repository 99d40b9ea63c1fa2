/* SPDX-License-Identifier: MIT */
/* Memory allocation that never returns NULL.
 *
 * Running out of memory is not a condition the workbench can recover from
 * in a useful way; these helpers print a message and abort() instead, so the
 * rest of the code needs no NULL checks after allocating. abort() leaves
 * files untouched: every write is atomic, so no record is torn. */
#ifndef ISMS_ALLOC_H
#define ISMS_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *isms_malloc(size_t size);
void *isms_calloc(size_t count, size_t size);
void *isms_realloc(void *ptr, size_t size);
/* Grow an array to hold at least `need` items of `size`; returns the pointer
 * and updates *cap. */
void *isms_grow(void *ptr, size_t *cap, size_t need, size_t size);
char *isms_strdup(const char *s);
char *isms_strndup(const char *s, size_t len);
char *isms_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *isms_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
