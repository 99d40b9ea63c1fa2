/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isms/date.h"

bool isms_date_valid(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	if (m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

void isms_date_add_months(char out[11], const char *date, unsigned months)
{
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);

	m += (int)(months % 12);
	y += (int)(months / 12);
	if (m > 12)
		m -= 12, y++;
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

void isms_date_today(char out[11])
{
	const char *fixed = getenv("ISMS_TODAY");
	time_t now = time(NULL);
	struct tm tm;

	if (fixed && isms_date_valid(fixed)) {
		memcpy(out, fixed, 11);
		return;
	}
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void isms_date_format(char out[32], long long t, int offset_min)
{
	time_t shifted = (time_t)(t + (long long)offset_min * 60);
	struct tm tm;

	gmtime_r(&shifted, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

static int parse_offset(const char *s, int *minutes)
{
	int sign, h, m;

	while (*s == ' ')
		s++;
	if (*s == 'Z' && s[1] == '\0') {
		*minutes = 0;
		return 0;
	}
	if ((*s != '+' && *s != '-') || strlen(s) < 5)
		return -1;
	sign = *s == '-' ? -1 : 1;
	if (sscanf(s + 1, "%2d:%2d", &h, &m) != 2 && sscanf(s + 1, "%2d%2d", &h, &m) != 2)
		return -1;
	/* Real offsets lie between -12:00 and +14:00; git fsck refuses others. */
	if (h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

/* The date formats git accepts in GIT_AUTHOR_DATE that people use: its own
 * "@SECONDS +ZZZZ" and "SECONDS +ZZZZ", ISO 8601 and RFC 2822. */
int isms_date_parse_git(const char *s, long long *t, int *offset)
{
	static const char *const formats[] = {
		"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%a, %d %b %Y %H:%M:%S", "%d %b %Y %H:%M:%S",
	};
	char *end;
	struct tm tm;

	*offset = 0;
	if (*s == '@')
		s++;
	errno = 0;
	*t = strtoll(s, &end, 10);
	if (end != s && errno == 0 && (*end == '\0' || (*end == ' ' && parse_offset(end, offset) == 0)))
		return 0;
	/* Not seconds: "12 Jan 2026 …" starts with a number too. */
	*offset = 0;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, formats[i], &tm);
		if (!end)
			continue;
		if (*end && parse_offset(end, offset) < 0)
			return -1;
		*t = (long long)timegm(&tm) - (long long)*offset * 60;
		return 0;
	}
	return -1;
}

/* "HH:MM" or "HHMM" or "HH" after a sign: the minutes; -1 when not that. */
static int zone_minutes(const char *z)
{
	int h, m = 0, n = 0;

	if (strlen(z) == 2 && sscanf(z, "%2d%n", &h, &n) == 1 && n == 2)
		;
	else if (strlen(z) == 5 && sscanf(z, "%2d:%2d%n", &h, &m, &n) == 2 && n == 5)
		;
	else if (strlen(z) == 4 && sscanf(z, "%2d%2d%n", &h, &m, &n) == 2 && n == 4)
		;
	else
		return -1;
	return h > 23 || m > 59 ? -1 : h * 60 + m;
}

int isms_date_parse_point(long long *out, const char *s, bool end_of_day)
{
	char date[11];
	const char *p = s + 10;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, zone;
	struct tm tm;
	long long t;

	if (strlen(s) < 10)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!isms_date_valid(date) || sscanf(date, "%d-%d-%d", &y, &mo, &d) != 3)
		return -1;
	if (*p) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -1;
		p++;
		if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return -1;
		p += n;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &sec, &n) != 1 || n != 2)
				return -1;
			p += 3;
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		end_of_day = false;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (end_of_day) {
		tm.tm_hour = 23;
		tm.tm_min = tm.tm_sec = 59;
	}
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		t = (long long)timegm(&tm);
	} else if ((*p == '+' || *p == '-') && (zone = zone_minutes(p + 1)) >= 0) {
		t = (long long)timegm(&tm) - (*p == '+' ? 1 : -1) * zone * 60LL;
	} else if (!*p) {
		tm.tm_isdst = -1;
		t = (long long)mktime(&tm);
	} else {
		return -1;
	}
	*out = t;
	return 0;
}
