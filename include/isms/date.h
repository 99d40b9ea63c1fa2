/* SPDX-License-Identifier: MIT */
/* Calendar dates as YYYY-MM-DD text. */
#ifndef ISMS_DATE_H
#define ISMS_DATE_H

#include <stdbool.h>
#include <time.h>

/* True when `s` is a real calendar date written as YYYY-MM-DD. */
bool isms_date_valid(const char *s);

/* `date` (YYYY-MM-DD) plus `months`, into `out`; the day is kept, or the
 * last day of the month when that month is shorter. */
void isms_date_add_months(char out[11], const char *date, unsigned months);

/* Today's local date as YYYY-MM-DD into `out`. Honours ISMS_TODAY
 * (YYYY-MM-DD) so that tests and demonstrations are reproducible. */
void isms_date_today(char out[11]);

/* Format `t` in the offset `offset_min` (minutes east of UTC) as
 * "YYYY-MM-DD HH:MM". */
void isms_date_format(char out[32], long long t, int offset_min);

/* Parse a date as git takes it in GIT_AUTHOR_DATE: "@SECONDS +ZZZZ",
 * "SECONDS +ZZZZ", ISO 8601 ("2026-01-12T09:15:00+01:00") or RFC 2822.
 * Gives seconds since the epoch and minutes east of UTC; -1 if unreadable. */
int isms_date_parse_git(const char *s, long long *t, int *offset);

/* A point in time given on the command line (isms log --since, --until):
 * YYYY-MM-DD, or ISO 8601 with a time, YYYY-MM-DDTHH:MM[:SS] (or a space
 * for the T), optionally with Z or +HH:MM / -HHMM; local time without a
 * zone. A date alone is its first second, or its last with `end_of_day`.
 * Seconds since the epoch into *out; -1 when `s` is not such a date. */
int isms_date_parse_point(long long *out, const char *s, bool end_of_day);

#endif
