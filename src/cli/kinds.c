/* SPDX-License-Identifier: MIT */
/* 'isms help kind [KIND]': the kinds of record and their fields, read from
 * the one kind table (src/model/kind.c), as text, JSON or the man page's
 * KINDS section. Nothing here lists a kind or a field by hand. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isms/buf.h"
#include "isms/json.h"
#include "isms/kind.h"

enum format { TEXT, JSON, ROFF };

static const char *type_name(enum isms_field_type type)
{
	switch (type) {
	case ISMS_FIELD_TEXT: return "text";
	case ISMS_FIELD_LONGTEXT: return "longtext";
	case ISMS_FIELD_ENUM: return "enum";
	case ISMS_FIELD_DATE: return "date";
	case ISMS_FIELD_NUMBER: return "number";
	case ISMS_FIELD_SCALE: return "scale";
	case ISMS_FIELD_BOOL: return "bool";
	case ISMS_FIELD_PERSON: return "person";
	case ISMS_FIELD_REF: return "ref";
	case ISMS_FIELD_REFS: return "refs";
	}
	return "text";
}

/* "POL-0001" or "A.5.15": what an ID of the kind looks like. */
static const char *id_example(const struct isms_kind *k)
{
	static char s[32];

	if (k->id_style == ISMS_ID_CONTROL)
		return "A.5.15";
	snprintf(s, sizeof(s), "%s-0001", k->prefix);
	return s;
}

/* The values a field takes, in words ("one of a, b", "a date", ...), into
 * `out`; `sep` between enum values. */
static void describe_values(struct isms_buf *out, const struct isms_field *f, const char *sep)
{
	switch (f->type) {
	case ISMS_FIELD_ENUM:
		for (const char *const *v = f->values; *v; v++) {
			if (v != f->values)
				isms_buf_puts(out, sep);
			isms_buf_puts(out, *v);
		}
		break;
	case ISMS_FIELD_DATE: isms_buf_puts(out, "YYYY-MM-DD"); break;
	case ISMS_FIELD_BOOL: isms_buf_puts(out, "yes or no"); break;
	case ISMS_FIELD_NUMBER: isms_buf_printf(out, "%d to %d", f->min, f->max); break;
	case ISMS_FIELD_SCALE:
		isms_buf_printf(out, "a level of the risk method's %s scale", f->ref);
		break;
	case ISMS_FIELD_PERSON: isms_buf_puts(out, "a name, or Name <email>"); break;
	case ISMS_FIELD_REF:
		isms_buf_printf(out, "the ID of a%s %s", f->ref && strchr("aeiou", f->ref[0]) ? "n" : "",
				f->ref ? f->ref : "record");
		break;
	case ISMS_FIELD_REFS:
		isms_buf_printf(out, "IDs of %s records, A,B,C", f->ref ? f->ref : "any");
		break;
	case ISMS_FIELD_TEXT: isms_buf_puts(out, "one line"); break;
	case ISMS_FIELD_LONGTEXT: isms_buf_puts(out, "any text"); break;
	}
}

static void kind_text(const struct isms_kind *k)
{
	struct isms_buf values = ISMS_BUF_INIT;

	printf("%s: %s (clause %s); IDs like %s, files in %s/%s.\n\n", k->name, k->title, k->clause,
	       id_example(k), k->folder, k->controlled ? "; a controlled document" : "");
	for (size_t i = 0; i < k->field_count; i++) {
		const struct isms_field *f = &k->fields[i];

		isms_buf_clear(&values);
		describe_values(&values, f, ", ");
		printf("  %s (%s%s): %s\n", f->name, type_name(f->type),
		       f->required ? ", required" : "", f->help);
		/* The type says it all for text. */
		if (f->type != ISMS_FIELD_TEXT && f->type != ISMS_FIELD_LONGTEXT)
			printf("      %s: %s\n", f->type == ISMS_FIELD_ENUM ? "values" : "value",
			       isms_buf_cstr(&values));
		if (f->def)
			printf("      default: %s\n", f->def);
	}
	isms_buf_free(&values);
}

static void kind_json(struct isms_buf *out, const struct isms_kind *k)
{
	isms_buf_putc(out, '{');
	isms_json_field(out, "name", k->name, 1);
	isms_json_field(out, "title", k->title, 0);
	isms_json_field(out, "clause", k->clause, 0);
	isms_json_field(out, "folder", k->folder, 0);
	isms_json_field(out, "prefix", k->prefix, 0);
	isms_json_field(out, "id_style", k->id_style == ISMS_ID_CONTROL ? "control" : "numbered", 0);
	isms_buf_printf(out, ",\"controlled\":%s,\"fields\":[", k->controlled ? "true" : "false");
	for (size_t i = 0; i < k->field_count; i++) {
		const struct isms_field *f = &k->fields[i];

		isms_buf_puts(out, i ? ",{" : "{");
		isms_json_field(out, "name", f->name, 1);
		isms_json_field(out, "type", type_name(f->type), 0);
		isms_buf_printf(out, ",\"required\":%s,\"values\":", f->required ? "true" : "false");
		if (f->type == ISMS_FIELD_ENUM) {
			isms_buf_putc(out, '[');
			for (const char *const *v = f->values; *v; v++) {
				if (v != f->values)
					isms_buf_putc(out, ',');
				isms_json_str(out, *v);
			}
			isms_buf_putc(out, ']');
		} else {
			isms_buf_puts(out, "null");
		}
		if (f->type == ISMS_FIELD_NUMBER)
			isms_buf_printf(out, ",\"min\":%d,\"max\":%d", f->min, f->max);
		else
			isms_buf_puts(out, ",\"min\":null,\"max\":null");
		isms_buf_puts(out, ",\"ref\":");
		if (f->ref)
			isms_json_str(out, f->ref);
		else
			isms_buf_puts(out, "null");
		isms_buf_puts(out, ",\"default\":");
		if (f->def)
			isms_json_str(out, f->def);
		else
			isms_buf_puts(out, "null");
		isms_json_field(out, "help", f->help, 0);
		isms_buf_putc(out, '}');
	}
	isms_buf_puts(out, "]}");
}

/* Text for roff: a leading dot or quote escaped, '-' and '\' as roff wants. */
static void roff_puts(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '-')
			fputs("\\-", stdout);
		else if (*s == '\\')
			fputs("\\e", stdout);
		else
			putchar(*s);
	}
}

static void kind_roff(const struct isms_kind *k)
{
	struct isms_buf values = ISMS_BUF_INIT;

	fputs(".SS ", stdout);
	roff_puts(k->name);
	putchar('\n');
	roff_puts(k->title);
	printf(" (clause %s); IDs like ", k->clause);
	roff_puts(id_example(k));
	fputs(", files in \\fI", stdout);
	roff_puts(k->folder);
	printf("/\\fR%s\n", k->controlled ? "; a controlled document." : ".");
	for (size_t i = 0; i < k->field_count; i++) {
		const struct isms_field *f = &k->fields[i];

		fputs(".TP\n.B ", stdout);
		roff_puts(f->name);
		printf("\n(%s%s) ", type_name(f->type), f->required ? ", required" : "");
		roff_puts(f->help);
		fputs(".\n", stdout);
		if (f->type != ISMS_FIELD_TEXT && f->type != ISMS_FIELD_LONGTEXT) {
			isms_buf_clear(&values);
			describe_values(&values, f, ", ");
			printf("%s: ", f->type == ISMS_FIELD_ENUM ? "Values" : "Value");
			roff_puts(isms_buf_cstr(&values));
			fputs(".\n", stdout);
		}
		if (f->def) {
			fputs("Default: ", stdout);
			roff_puts(f->def);
			fputs(".\n", stdout);
		}
	}
	isms_buf_free(&values);
}

static void list_text(void)
{
	puts("The kinds of record ('isms help kind KIND' lists one's fields):\n");
	for (size_t i = 0; i < isms_kind_count(); i++) {
		const struct isms_kind *k = isms_kind_at(i);

		printf("  %-18s %-7s %-8s %s\n", k->name, k->clause, id_example(k), k->title);
	}
}

int cli_help_kind(int argc, char **argv)
{
	enum format format = TEXT;
	const struct isms_kind *one = NULL;
	struct isms_buf out = ISMS_BUF_INIT;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			char *help_argv[] = { "help", "help", NULL };

			return cmd_help(2, help_argv);
		} else if (strcmp(argv[i], "--json") == 0)
			format = JSON;
		else if (strcmp(argv[i], "--roff") == 0)
			format = ROFF;
		else if (argv[i][0] == '-')
			return cli_usage("help", "unknown option '%s'", argv[i]);
		else if (one)
			return cli_usage("help", "too many arguments");
		else if (!(one = isms_kind_find(argv[i])))
			return cli_no_kind("help", argv[i]);
	}
	switch (format) {
	case TEXT:
		if (one)
			kind_text(one);
		else
			list_text();
		break;
	case JSON:
		isms_buf_puts(&out, "{\"kinds\":[");
		for (size_t i = 0, n = 0; i < isms_kind_count(); i++) {
			const struct isms_kind *k = isms_kind_at(i);

			if (one && k != one)
				continue;
			if (n++)
				isms_buf_putc(&out, ',');
			kind_json(&out, k);
		}
		isms_buf_puts(&out, "]}\n");
		fputs(isms_buf_cstr(&out), stdout);
		isms_buf_free(&out);
		break;
	case ROFF:
		for (size_t i = 0; i < isms_kind_count(); i++)
			if (!one || isms_kind_at(i) == one)
				kind_roff(isms_kind_at(i));
		break;
	}
	return EXIT_OK;
}
