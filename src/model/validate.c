/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/text.h"
#include "isms/validate.h"

/* A finding is one line, whatever value it quotes: line breaks and tabs
 * in a quoted value are written as \n and \t (the codec lets no other
 * control character into a record). */
static char *one_line(char *message)
{
	struct isms_buf out = ISMS_BUF_INIT;

	if (!strpbrk(message, "\n\r\t"))
		return message;
	for (const char *p = message; *p; p++)
		if (*p == '\n')
			isms_buf_puts(&out, "\\n");
		else if (*p == '\r')
			isms_buf_puts(&out, "\\r");
		else if (*p == '\t')
			isms_buf_puts(&out, "\\t");
		else
			isms_buf_put(&out, p, 1);
	free(message);
	return isms_buf_detach(&out);
}

void isms_findings_add(struct isms_findings *findings, enum isms_severity severity,
		       unsigned line, unsigned column, const char *fmt, ...)
{
	struct isms_finding *f;
	va_list ap;
	char *message = NULL;

	va_start(ap, fmt);
	if (vasprintf(&message, fmt, ap) < 0)
		message = NULL;
	va_end(ap);
	findings->items = isms_grow(findings->items, &findings->cap, findings->count + 1,
				    sizeof(*findings->items));
	f = &findings->items[findings->count++];
	f->severity = severity;
	f->line = line;
	f->column = column;
	f->message = one_line(message ? message : isms_strdup(fmt));
}

void isms_findings_format(struct isms_buf *out, const char *path, const struct isms_findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		const char *severity = f->items[i].severity == ISMS_SEV_ERROR ? "error" : "warning";

		if (f->items[i].line)
			isms_buf_printf(out, "%s:%u:%u: %s: %s\n", path, f->items[i].line,
					f->items[i].column, severity, f->items[i].message);
		else
			isms_buf_printf(out, "%s: %s: %s\n", path, severity, f->items[i].message);
	}
}

size_t isms_findings_errors(const struct isms_findings *findings)
{
	size_t n = 0;

	for (size_t i = 0; i < findings->count; i++)
		n += findings->items[i].severity == ISMS_SEV_ERROR;
	return n;
}

void isms_findings_free(struct isms_findings *findings)
{
	if (!findings)
		return;
	for (size_t i = 0; i < findings->count; i++)
		free(findings->items[i].message);
	free(findings->items);
	findings->items = NULL;
	findings->count = findings->cap = 0;
}

static bool in_list(const char *text, const char *const *values)
{
	for (; *values; values++)
		if (strcmp(text, *values) == 0)
			return true;
	return false;
}

static void join_values(char *out, size_t size, const char *const *values)
{
	out[0] = '\0';
	for (const char *const *v = values; *v; v++) {
		if (v != values)
			strncat(out, ", ", size - strlen(out) - 1);
		strncat(out, *v, size - strlen(out) - 1);
	}
}

static bool empty(const struct isms_node *value)
{
	return value->type == ISMS_NODE_SCALAR
	       ? value->scalar == ISMS_SCALAR_NULL || value->text[0] == '\0'
	       : value->count == 0;
}

/* Whether `s` breaks a line anywhere: LF, CR, or U+2028/U+2029, which YAML
 * counts as line breaks too. */
static bool has_line_break(const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len; i++)
		if (isms_text_line_break(s, len, i))
			return true;
	return false;
}

/* Whether `s` is nothing but white space: spaces, tabs and the other
 * Unicode space separators (U+00A0, U+1680, U+2000 to U+200A, U+202F,
 * U+205F, U+3000), and the zero-width space U+200B. */
static bool only_white_space(const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len; ) {
		unsigned long cp;
		size_t n = isms_utf8_decode(s + i, len - i, &cp);

		if (n == 0 || !(cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 ||
				 (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
				 cp == 0x3000))
			return false;
		i += n;
	}
	return true;
}

/* A field of IDs (ISMS_FIELD_REFS): a list, and every item an ID. */
static void check_refs(struct isms_findings *out, const struct isms_field *field,
		       const struct isms_node *value)
{
	const char *name = field->name;

	if (value->type != ISMS_NODE_SEQ) {
		isms_findings_add(out, ISMS_SEV_ERROR, value->line, value->column,
				  "'%s' must be a list of IDs", name);
		return;
	}
	for (size_t i = 0; i < value->count; i++) {
		const struct isms_node *item = value->items[i];

		if (item->type != ISMS_NODE_SCALAR || isms_id_check(item->text) < 0)
			isms_findings_add(out, ISMS_SEV_ERROR, item->line, item->column,
				"'%s' item %zu is not a valid ID", name, i + 1);
	}
}

/* A field of a single value: the scalar `value` as its type wants it. */
static void check_scalar(struct isms_findings *out, const struct isms_field *field,
			 const struct isms_node *value)
{
	unsigned l = value->line, c = value->column;
	const char *name = field->name;
	char allowed[512];

	switch (field->type) {
	case ISMS_FIELD_TEXT:
	case ISMS_FIELD_PERSON:
		/* A carriage return or a value of blanks would make a line of
		 * 'isms list' that overwrites or hides its own ID. */
		if (has_line_break(value->text))
			isms_findings_add(out, ISMS_SEV_ERROR, l, c,
				"'%s' must be one line, without line breaks or carriage returns (\\r); "
				"write it on one line", name);
		else if (only_white_space(value->text))
			isms_findings_add(out, ISMS_SEV_ERROR, l, c,
				"'%s' is only white space; write some text%s", name,
				field->required ? "" : ", or remove the field");
		break;
	case ISMS_FIELD_ENUM:
		if (!in_list(value->text, field->values)) {
			join_values(allowed, sizeof(allowed), field->values);
			isms_findings_add(out, ISMS_SEV_ERROR, l, c,
				"'%s' is '%s'; allowed values: %s", name, value->text, allowed);
		}
		break;
	case ISMS_FIELD_DATE:
		if (!isms_date_valid(value->text))
			isms_findings_add(out, ISMS_SEV_ERROR, l, c,
				"'%s' is '%s', not a date written as YYYY-MM-DD", name, value->text);
		break;
	case ISMS_FIELD_SCALE:
		/* The top of the scale is isms.yaml's business: see the rules. */
		if (!isms_scalar_level(value))
			isms_findings_add(out, ISMS_SEV_ERROR, l, c,
				"'%s' is '%s'; it must be a level of the %s scale (1, 2, ...)",
				name, value->text, field->ref);
		break;
	case ISMS_FIELD_NUMBER: {
		char *end;
		long n = strtol(value->text, &end, 10);

		if (value->scalar != ISMS_SCALAR_INT || *end || n < field->min || n > field->max)
			isms_findings_add(out, ISMS_SEV_ERROR, l, c,
				"'%s' is '%s'; it must be a whole number from %d to %d",
				name, value->text, field->min, field->max);
		break;
	}
	case ISMS_FIELD_BOOL:
		if (value->scalar != ISMS_SCALAR_BOOL)
			isms_findings_add(out, ISMS_SEV_ERROR, l, c,
				"'%s' is '%s'; it must be yes or no", name, value->text);
		break;
	case ISMS_FIELD_REF:
		if (isms_id_check(value->text) < 0)
			isms_findings_add(out, ISMS_SEV_ERROR, l, c, "'%s' is not a valid ID", name);
		break;
	default:
		break;
	}
}

static void check_field(struct isms_findings *out, const struct isms_field *field,
			const struct isms_node *value)
{
	if (empty(value))
		return;
	if (field->type == ISMS_FIELD_REFS)
		check_refs(out, field, value);
	else if (field->type == ISMS_FIELD_ENUM && field->max && value->type == ISMS_NODE_SEQ)
		/* An enum that takes several values (an SoA entry's reasons). */
		for (size_t i = 0; i < value->count; i++) {
			if (value->items[i]->type == ISMS_NODE_SCALAR)
				check_scalar(out, field, value->items[i]);
			else
				isms_findings_add(out, ISMS_SEV_ERROR, value->items[i]->line,
						  value->items[i]->column,
						  "'%s' item %zu must be a single value", field->name, i + 1);
		}
	else if (value->type != ISMS_NODE_SCALAR)
		isms_findings_add(out, ISMS_SEV_ERROR, value->line, value->column,
				  "'%s' must be a single value, not a %s", field->name,
				  value->type == ISMS_NODE_SEQ ? "list" : "mapping");
	else
		check_scalar(out, field, value);
}

void isms_record_validate(struct isms_findings *out, const struct isms_node *root,
			  const struct isms_kind *kind, const char *expected_id)
{
	const char *id, *kind_name;

	if (root->type != ISMS_NODE_MAP) {
		isms_findings_add(out, ISMS_SEV_ERROR, root->line, root->column,
			"a record must be a mapping of field names to values");
		return;
	}
	id = isms_map_get_text(root, "id");
	kind_name = isms_map_get_text(root, "kind");
	if (id && expected_id && strcmp(id, expected_id) != 0) {
		const struct isms_node *n = isms_map_get(root, "id");

		isms_findings_add(out, ISMS_SEV_ERROR, n->line, n->column,
			"'id' is '%s' but the file is named for '%s'; they must match", id, expected_id);
	} else if (id && isms_id_check(id) < 0) {
		const struct isms_node *n = isms_map_get(root, "id");

		isms_findings_add(out, ISMS_SEV_ERROR, n->line, n->column, "%s",
				  isms_error_last()->message);
	}
	if (kind_name && strcmp(kind_name, kind->name) != 0) {
		const struct isms_node *n = isms_map_get(root, "kind");

		isms_findings_add(out, ISMS_SEV_ERROR, n->line, n->column,
			"'kind' is '%s' but the record is in the folder for '%s'",
			kind_name, kind->name);
	}
	for (size_t i = 0; i < kind->field_count; i++) {
		const struct isms_field *field = &kind->fields[i];
		const struct isms_node *value = isms_map_get(root, field->name);

		if (value)
			check_field(out, field, value);
		if (field->required && (!value || empty(value)))
			isms_findings_add(out, ISMS_SEV_ERROR, value ? value->line : 1,
				value ? value->column : 1,
				"required field '%s' is missing", field->name);
	}
	isms_record_lifecycle(out, root, kind);
}

struct isms_node *isms_field_value(const struct isms_kind *kind, const char *name,
				   const char *value)
{
	const struct isms_field *field = isms_kind_field(kind, name);

	if (!field)
		return isms_node_plain(value);
	switch (field->type) {
	case ISMS_FIELD_NUMBER:
	case ISMS_FIELD_SCALE:
	case ISMS_FIELD_BOOL:
	case ISMS_FIELD_DATE:
		return isms_node_plain(value);
	case ISMS_FIELD_ENUM:
		if (!field->max || !strchr(value, ','))
			return isms_node_str(value);
		/* several values, "a,b": a list, as for references */
		__attribute__((fallthrough));
	case ISMS_FIELD_REFS: {
		struct isms_node *list = isms_node_seq();
		char *copy = isms_strdup(value), *save = NULL;

		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			while (*tok == ' ')
				tok++;
			size_t n = strlen(tok);
			while (n && tok[n - 1] == ' ')
				tok[--n] = '\0';
			if (n)
				isms_seq_append(list, isms_node_str(tok));
		}
		free(copy);
		return list;
	}
	default:
		return isms_node_str(value);
	}
}
