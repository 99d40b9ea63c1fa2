/* SPDX-License-Identifier: MIT */
/* The SoA as an OSCAL component definition: one component (the ISMS), one
 * control implementation (the Annex A controls and the organisation's
 * own), one implemented requirement per SoA entry with its decision,
 * reason, implementation and risks as properties and its justification as
 * the description. Keys are written one a line, in a fixed order. */
#include "config.h"

#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/json.h"
#include "isms/oscal.h"

/* The workbench's namespace for name-based UUIDs (itself a random UUID,
 * fixed once: changing it changes every UUID exported). */
static const unsigned char namespace_id[16] = {
	0x3b, 0x8e, 0x5c, 0x2a, 0x91, 0x47, 0x4d, 0x0e,
	0xa6, 0x1f, 0x7c, 0x22, 0x58, 0xd3, 0x9e, 0x14,
};

/* Properties in our namespace: the names and values are ours. */
#define NS "urn:isms-workbench:oscal"

void isms_oscal_uuid(char out[37], const char *name)
{
	struct sha1_ctx ctx;
	unsigned char d[SHA1_DIGEST_SIZE];

	sha1_init(&ctx);
	sha1_update(&ctx, sizeof(namespace_id), namespace_id);
	sha1_update(&ctx, strlen(name), (const uint8_t *)name);
	sha1_digest(&ctx, sizeof(d), d);
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x50);
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12],
		 d[13], d[14], d[15]);
}

static void indent(struct isms_buf *out, int level)
{
	for (int i = 0; i < level; i++)
		isms_buf_puts(out, "  ");
}

/* "key": "value" on a line of its own; `last` leaves out the comma. */
static void field(struct isms_buf *out, int level, const char *key, const char *value, bool last)
{
	indent(out, level);
	isms_json_str(out, key);
	isms_buf_puts(out, ": ");
	isms_json_str(out, value);
	isms_buf_puts(out, last ? "\n" : ",\n");
}

/* The "uuid" of `what` ("component", "implemented-requirement") of the
 * organisation `org`, for record `id` (NULL: none): "isms:ORG:WHAT[:ID]". */
static void field_uuid(struct isms_buf *out, int level, const char *org, const char *what,
		       const char *id)
{
	char uuid[37], *name = isms_asprintf("isms:%s:%s%s%s", org, what, id ? ":" : "",
					     id ? id : "");

	isms_oscal_uuid(uuid, name);
	field(out, level, "uuid", uuid, false);
	free(name);
}

static void open_key(struct isms_buf *out, int level, const char *key, char bracket)
{
	indent(out, level);
	if (key) {
		isms_json_str(out, key);
		isms_buf_puts(out, ": ");
	}
	isms_buf_putc(out, bracket);
	isms_buf_putc(out, '\n');
}

static void close_key(struct isms_buf *out, int level, char bracket, bool last)
{
	indent(out, level);
	isms_buf_putc(out, bracket);
	isms_buf_puts(out, last ? "\n" : ",\n");
}

static size_t column(const struct isms_report_section *s, const char *key)
{
	for (size_t c = 0; c < s->column_count; c++)
		if (strcmp(s->columns[c].key, key) == 0)
			return c;
	return s->column_count;
}

static const char *cell(const struct isms_report_section *s, size_t row, const char *key)
{
	size_t c = column(s, key);

	return c < s->column_count ? s->cells[row * s->column_count + c].text : "";
}

/* A string property value: no line breaks, no spaces at either end. */
static char *one_line(const char *s)
{
	char *v = isms_strdup(s), *p = v;
	size_t n;

	for (; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	p = v;
	while (*p == ' ')
		p++;
	n = strlen(p);
	while (n && p[n - 1] == ' ')
		p[--n] = '\0';
	memmove(v, p, n + 1);
	return v;
}

/* The entry's properties: its decision and what says why and how far. */
static void props(struct isms_buf *out, const struct isms_report_section *s, size_t row)
{
	static const char *const keys[][2] = {
		{ "decision", "applicability" }, { "reasons", "reason" },
		{ "implementation", "implementation" }, { "status", "entry-status" },
		{ "owner", "owner" }, { "risks", "risks" },
	};
	bool first = true;

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		char *v = one_line(cell(s, row, keys[k][0]));

		if (*v) {
			if (first)
				open_key(out, 8, "props", '[');
			else
				isms_buf_puts(out, ",\n");
			first = false;
			open_key(out, 9, NULL, '{');
			field(out, 10, "name", keys[k][1], false);
			field(out, 10, "ns", NS, false);
			field(out, 10, "value", v, true);
			indent(out, 9);
			isms_buf_putc(out, '}');
		}
		free(v);
	}
	if (!first) {
		isms_buf_putc(out, '\n');
		close_key(out, 8, ']', false);
	}
}

static void requirement(struct isms_buf *out, const struct isms_report_section *s, size_t row,
			const char *org, bool last)
{
	const char *id = cell(s, row, "id"), *just = cell(s, row, "justification");
	const char *evidence = cell(s, row, "evidence"), *decision = cell(s, row, "decision");
	char *desc;

	open_key(out, 7, NULL, '{');
	field_uuid(out, 8, org, "implemented-requirement", id);
	field(out, 8, "control-id", id, false);
	props(out, s, row);
	desc = *just ? isms_strdup(just)
		     : isms_asprintf("%s: no justification is recorded.", *decision ? decision : "undecided");
	field(out, 8, "description", desc, !*evidence);
	free(desc);
	if (*evidence)
		field(out, 8, "remarks", evidence, true);
	close_key(out, 7, '}', last);
}

int isms_oscal_soa(struct isms_buf *out, const struct isms_report_doc *soa)
{
	const struct isms_report_section *s;
	const struct isms_report_meta *m = &soa->meta;
	const char *org = m->organisation && *m->organisation ? m->organisation : "the organisation";
	char *title, when[32], version[16];

	if (strcmp(m->kind, "soa") != 0 || soa->primary >= soa->section_count)
		return isms_error_set(ISMS_EINVALID, "OSCAL is written for the Statement of "
				      "Applicability only (isms export soa --format oscal)");
	s = &soa->sections[soa->primary];
	snprintf(when, sizeof(when), "%sT00:00:00Z", m->generated);
	snprintf(version, sizeof(version), "%.12s", m->commit);
	open_key(out, 0, NULL, '{');
	open_key(out, 1, "component-definition", '{');
	field_uuid(out, 2, org, "component-definition", NULL);
	open_key(out, 2, "metadata", '{');
	title = isms_asprintf("Statement of Applicability of %s", org);
	field(out, 3, "title", title, false);
	free(title);
	field(out, 3, "last-modified", when, false);
	field(out, 3, "version", version, false);
	field(out, 3, "oscal-version", ISMS_OSCAL_VERSION, false);
	title = isms_asprintf("Made by ISMS Workbench from commit %s; %s.", m->commit,
			      m->approval ? m->approval : "approval state unknown");
	field(out, 3, "remarks", title, true);
	free(title);
	close_key(out, 2, '}', false);
	open_key(out, 2, "components", '[');
	open_key(out, 3, NULL, '{');
	field_uuid(out, 4, org, "component", NULL);
	field(out, 4, "type", "policy", false);
	title = isms_asprintf("Information security management system of %s", org);
	field(out, 4, "title", title, false);
	free(title);
	field(out, 4, "description", "The controls of ISO/IEC 27001:2022 Annex A and the "
	      "organisation's own, each with the decision of the Statement of Applicability "
	      "(6.1.3 d): whether it applies, why, and how far it is implemented.", false);
	open_key(out, 4, "control-implementations", '[');
	open_key(out, 5, NULL, '{');
	field_uuid(out, 6, org, "control-implementation", NULL);
	field(out, 6, "source", "https://www.iso.org/standard/27001", false);
	field(out, 6, "description", "ISO/IEC 27001:2022 Annex A, as this Statement of "
	      "Applicability decides it.", false);
	open_key(out, 6, "implemented-requirements", '[');
	for (size_t r = 0; r < s->row_count; r++)
		requirement(out, s, r, org, r + 1 == s->row_count);
	close_key(out, 6, ']', true);
	close_key(out, 5, '}', true);
	close_key(out, 4, ']', true);
	close_key(out, 3, '}', true);
	close_key(out, 2, ']', true);
	close_key(out, 1, '}', true);
	close_key(out, 0, '}', true);
	return 0;
}
