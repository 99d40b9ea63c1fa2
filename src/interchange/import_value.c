/* SPDX-License-Identifier: MIT */
/* Reading a spreadsheet's cell as a field's value: names and words compared
 * without case or accents (utf8proc), the words spreadsheets use for
 * fields and values, dates in their common forms, yes and no. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "import_private.h"

char *import_fold(const char *s)
{
	utf8proc_uint8_t *folded = NULL;
	struct isms_buf out = ISMS_BUF_INIT;
	bool gap = false;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
			 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK) < 0)
		return isms_strdup("");
	for (const unsigned char *p = folded; *p; p++) {
		if (isalnum(*p) || *p >= 0x80) {
			if (gap && out.len)
				isms_buf_putc(&out, '_');
			gap = false;
			isms_buf_putc(&out, (char)*p);
		} else {
			gap = true;
		}
	}
	free(folded);
	return out.ptr ? isms_buf_detach(&out) : isms_strdup("");
}

/* Words for fields: kind ("" for any), word (folded), field; `later`
 * words are tried only when no column has the field's own name. */
static const struct alias {
	const char *kind, *word, *field;
	bool later;
} aliases[] = {
	{ "", "identifier", "id", false }, { "", "ref", "id", false },
	{ "", "reference", "id", false }, { "", "no", "id", false },
	{ "", "number", "id", false },
	{ "", "name", "title", true },
	{ "", "record_kind", "kind", false }, { "", "type_of_record", "kind", false },
	{ "control", "control", "id", false }, { "control", "control_id", "id", false },
	{ "control", "annex_a_control", "id", false }, { "control", "control_no", "id", false },
	{ "control", "control_title", "title", false }, { "control", "control_name", "title", false },
	{ "control", "applicability", "applicable", false },
	{ "control", "decision", "applicable", false },
	{ "control", "applicable_yes_no", "applicable", false },
	{ "control", "included", "applicable", false },
	{ "control", "justification_for_inclusion_or_exclusion", "justification", false },
	{ "control", "reason_for_inclusion", "reason", false },
	{ "control", "reasons", "reason", false },
	{ "control", "implementation_status", "implementation", false },
	{ "control", "implemented", "implementation", false },
	{ "risk", "risk_id", "id", false },
	{ "risk", "risk_title", "title", false }, { "risk", "risk_name", "title", false },
	{ "risk", "risk_owner", "owner", false }, { "risk", "probability", "likelihood", false },
	{ "risk", "consequence", "impact", false }, { "risk", "severity", "impact", false },
	{ "risk", "treatment_option", "treatment", false },
	{ "risk", "residual_probability", "residual_likelihood", false },
	{ "risk", "residual_consequence", "residual_impact", false },
	{ "risk", "annex_a_controls", "controls", false },
	{ "asset", "asset_id", "id", false },
	{ "asset", "asset_name", "title", false }, { "asset", "asset_owner", "owner", false },
	{ "asset", "asset_type", "type", false }, { "asset", "category", "type", false },
};

const char *import_header_field(const struct isms_kind *kind, const char *header, bool later)
{
	if (!later) {
		for (size_t i = 0; i < kind->field_count; i++) {
			char *f = import_fold(kind->fields[i].name);
			bool same = strcmp(f, header) == 0;

			free(f);
			if (same)
				return kind->fields[i].name;
		}
		{
			char *k = import_fold(kind->name), *t = import_fold(kind->title);
			bool named = strcmp(header, k) == 0 || strcmp(header, t) == 0;
			bool id = strncmp(header, k, strlen(k)) == 0 && strcmp(header + strlen(k), "_id") == 0;

			free(k);
			free(t);
			/* "Control" is the control's ID; "Risk" is the risk's ID
			 * beside a "Title" column, else its title (map_for). */
			if (id || (named && kind->id_style == ISMS_ID_CONTROL))
				return "id";
			if (named)
				return "title|id";
		}
	}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (aliases[i].later == later && strcmp(aliases[i].word, header) == 0 &&
		    (!aliases[i].kind[0] || strcmp(aliases[i].kind, kind->name) == 0))
			return aliases[i].field;
	return NULL;
}

/* Words for values of enums: field, word (folded), value. */
static const struct value_alias {
	const char *field, *word, *value;
} value_aliases[] = {
	{ "implementation", "partially_implemented", "partial" },
	{ "implementation", "partially", "partial" },
	{ "implementation", "in_progress", "partial" },
	{ "implementation", "not_implemented", "not-started" },
	{ "implementation", "fully_implemented", "implemented" },
	{ "implementation", "done", "implemented" },
	{ "treatment", "mitigate", "modify" }, { "treatment", "reduce", "modify" },
	{ "treatment", "treat", "modify" }, { "treatment", "accept", "retain" },
	{ "treatment", "tolerate", "retain" }, { "treatment", "transfer", "share" },
	{ "treatment", "terminate", "avoid" },
	{ "reason", "n_a", "not-applicable" }, { "reason", "legal", "legal-regulatory" },
	{ "reason", "regulatory", "legal-regulatory" }, { "reason", "contract", "contractual" },
	{ "reason", "risk_assessment", "risk-treatment" },
};

static const char *const yes_words[] = { "yes", "y", "true", "1", "x", "ja", "oui", "si",
	"applicable", "included", NULL };
static const char *const no_words[] = { "no", "n", "false", "0", "nein", "non",
	"not_applicable", "n_a", "na", "excluded", NULL };

/* "Not decided yet": a yes/no cell that changes nothing. */
static const char *const undecided_words[] = { "undecided", "tbd", "to_be_decided", "unknown",
	NULL };

static bool in_words(const char *const *words, const char *s)
{
	for (size_t i = 0; words[i]; i++)
		if (strcmp(words[i], s) == 0)
			return true;
	return false;
}

static const char *enum_value(const struct isms_field *field, const char *folded)
{
	for (size_t i = 0; field->values[i]; i++) {
		char *v = import_fold(field->values[i]);
		bool same = strcmp(v, folded) == 0;

		free(v);
		if (same)
			return field->values[i];
	}
	for (size_t i = 0; i < sizeof(value_aliases) / sizeof(value_aliases[0]); i++)
		if (strcmp(value_aliases[i].field, field->name) == 0 &&
		    strcmp(value_aliases[i].word, folded) == 0)
			return value_aliases[i].value;
	return NULL;
}

static bool days_ok(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

char *import_date(char out[11], const char *text, bool number)
{
	int y = 0, m = 0, d = 0, n = 0;
	unsigned a, b, c;
	char sep1, sep2;

	if (number) {
		char *end;
		double serial = strtod(text, &end);

		/* Excel's 1900 date system: day 1 is 1900-01-01, and it counts a
		 * 29 February 1900 that never was, so serials from 61 on are
		 * days since 1899-12-30. */
		if (*end || serial < 61 || serial > 2958465)
			return isms_asprintf("'%s' is not a date serial this import reads "
					     "(1900-03-01 to 9999-12-31)", text);
		civil((long)serial - 25569, &y, &m, &d);
	} else if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 &&
		   (!text[n] || text[n] == 'T' || text[n] == ' ')) {
		/* ISO, or an ISO date and time: the day. */
	} else if (sscanf(text, "%u%c%u%c%u%n", &a, &sep1, &b, &sep2, &c, &n) == 5 && !text[n] &&
		   sep1 == sep2 && (sep1 == '.' || sep1 == '/' || sep1 == '-')) {
		if (a > 999) {
			y = (int)a, m = (int)b, d = (int)c;  /* 2026/12/06 */
		} else if (c < 1000) {
			return isms_asprintf("'%s' has a two-digit year; write the date as YYYY-MM-DD",
					     text);
		} else if (sep1 == '.' || a > 12) {
			d = (int)a, m = (int)b, y = (int)c;  /* 6.12.2026, 25/12/2026 */
		} else if (b > 12 || a == 0 || b == 0) {
			m = (int)a, d = (int)b, y = (int)c;  /* 12/25/2026 */
		} else if (a == b) {
			d = (int)a, m = (int)b, y = (int)c;
		} else {
			static const char *const months[] = { "January", "February", "March",
				"April", "May", "June", "July", "August", "September", "October",
				"November", "December" };

			return isms_asprintf("'%s' could be %u %s %u or %u %s %u (the order of day "
				"and month differs between countries); write it as %04u-%02u-%02u or "
				"%04u-%02u-%02u", text, a, months[b - 1], c, b, months[a - 1], c,
				c, b, a, c, a, b);
		}
	} else {
		return isms_asprintf("'%s' is not a date; write it as YYYY-MM-DD", text);
	}
	if (!days_ok(y, m, d))
		return isms_asprintf("'%s' is not a date that exists", text);
	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, (m % 13 + 13) % 13, (d % 32 + 32) % 32);
	return NULL;
}

/* The level of `text` on a scale: its number, or its label in the method. */
static char *scale_value(unsigned *level, const char *text, const struct isms_field *field,
			 const struct isms_method *method)
{
	bool likelihood = strcmp(field->ref, "likelihood") == 0;
	unsigned count = likelihood ? method->likelihood_count : method->impact_count;
	const struct isms_scale_level *levels = likelihood ? method->likelihood : method->impact;
	char *end, *folded;
	double v = strtod(text, &end);

	*level = 0;
	if (end != text && (!*end || *end == ' ' || *end == '-' || *end == '(') && v == (unsigned)v)
		*level = (unsigned)v;
	folded = import_fold(text);
	for (unsigned i = 0; !*level && i < count; i++) {
		char *l = import_fold(levels[i].label ? levels[i].label : "");

		if (l[0] && strcmp(l, folded) == 0)
			*level = i + 1;
		free(l);
	}
	free(folded);
	if (*level >= 1 && *level <= count)
		return NULL;
	return isms_asprintf("'%s' is not a level of the %s scale (1 to %u, or its label)", text,
			     field->ref, count);
}

void import_value(struct isms_node **out, char **why, const struct isms_field *field,
		  const struct isms_cell *cell, const struct isms_method *method)
{
	const char *text = cell->text;
	char *folded = NULL, date[11];
	const char *v;

	*out = NULL;
	*why = NULL;
	/* A leading ' that our exports (and others) put before a text a
	 * spreadsheet would take for a formula is not part of the text. */
	if (text[0] == '\'') {
		const char *p = text + 1;

		while (*p == ' ')
			p++;
		if (*p && strchr("=+-@\t\r", *p))
			text++;
	}
	switch (field->type) {
	case ISMS_FIELD_ENUM:
		folded = import_fold(text);
		if ((v = enum_value(field, folded)))
			*out = isms_node_str(v);
		else
			*why = isms_asprintf("'%s' is not a value of '%s'", text, field->name);
		break;
	case ISMS_FIELD_BOOL:
		folded = import_fold(text);
		if (in_words(undecided_words, folded))
			break;  /* no value: nothing to change */
		if (in_words(yes_words, folded) || in_words(no_words, folded))
			*out = isms_node_plain(in_words(yes_words, folded) ? "yes" : "no");
		else
			*why = isms_asprintf("'%s' is not yes or no", text);
		break;
	case ISMS_FIELD_DATE:
		if (!(*why = import_date(date, text, cell->number)))
			*out = isms_node_plain(date);
		break;
	case ISMS_FIELD_SCALE: {
		unsigned level;

		if (!(*why = scale_value(&level, text, field, method))) {
			char n[16];

			snprintf(n, sizeof(n), "%u", level);
			*out = isms_node_plain(n);
		}
		break;
	}
	case ISMS_FIELD_NUMBER: {
		char *end;
		double d = strtod(text, &end);

		if (end == text || *end || d != (long)d || d < field->min || d > field->max) {
			*why = isms_asprintf("'%s' is not a whole number from %d to %d", text,
					     field->min, field->max);
		} else {
			char n[32];

			snprintf(n, sizeof(n), "%ld", (long)d);
			*out = isms_node_plain(n);
		}
		break;
	}
	case ISMS_FIELD_REFS: {
		struct isms_node *list = isms_node_seq();
		char *copy = isms_strdup(text), *save = NULL;

		for (char *tok = strtok_r(copy, ",;\n\r", &save); tok; tok = strtok_r(NULL, ",;\n\r", &save)) {
			size_t n;

			while (*tok == ' ' || *tok == '\t')
				tok++;
			n = strlen(tok);
			while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
				tok[--n] = '\0';
			if (n)
				isms_seq_append(list, isms_node_str(tok));
		}
		free(copy);
		*out = list;
		break;
	}
	case ISMS_FIELD_LONGTEXT: {
		struct isms_buf b = ISMS_BUF_INIT;

		for (const char *p = text; *p; p++)
			if (!(p[0] == '\r' && p[1] == '\n'))
				isms_buf_putc(&b, *p == '\r' ? '\n' : *p);
		*out = isms_node_str(b.ptr ? b.ptr : "");
		isms_buf_free(&b);
		break;
	}
	default:
		if (strpbrk(text, "\r\n"))
			*why = isms_asprintf("'%s' takes one line; this cell has a line break",
					     field->name);
		else
			*out = isms_node_str(text);
		break;
	}
	free(folded);
}
