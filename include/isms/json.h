/* SPDX-License-Identifier: MIT */
/* Writing JSON for machines (--json): strings escaped as RFC 8259 asks. */
#ifndef ISMS_JSON_H
#define ISMS_JSON_H

#include "isms/buf.h"

/* Append `s` as a JSON string, quotes included. */
void isms_json_str(struct isms_buf *out, const char *s);

/* Append "key": and the string value, with a comma before unless `first`. */
void isms_json_field(struct isms_buf *out, const char *key, const char *value, int first);

#endif
