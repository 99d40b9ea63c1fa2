#include "config.h"

#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/kind.h"

static const char *const doc_status[] = {
	"draft", "in-review", "approved", "superseded", "retired", NULL };
static const char *const classification[] = {
	"public", "internal", "confidential", "restricted", NULL };
static const char *const risk_status[] = {
	"identified", "assessed", "treated", "accepted", "closed", "retired", NULL };
static const char *const treatment[] = { "modify", "retain", "avoid", "share", NULL };
static const char *const control_status[] = { "draft", "approved", "retired", NULL };
static const char *const control_reason[] = {
	"risk-treatment", "legal-regulatory", "contractual", "business-requirement",
	"best-practice", "not-applicable", NULL };
static const char *const implementation[] = {
	"not-started", "planned", "partial", "implemented", NULL };

#define F(name, type, req, ...) { name, ISMS_FIELD_##type, req, __VA_ARGS__ }

/* Fields every controlled document carries (27001 7.5.2, 7.5.3). */
#define DOCUMENT_FIELDS                                                              \
	F("version", TEXT, false, NULL, 0, 0, "Version as major.minor, for example 1.0"), \
	F("author", PERSON, false, NULL, 0, 0, "Who wrote this version"),                 \
	F("approved_by", PERSON, false, NULL, 0, 0, "Who approved this version"),         \
	F("approved_on", DATE, false, NULL, 0, 0, "When it was approved"),                \
	F("next_review", DATE, false, NULL, 0, 0, "When it is next due for review"),      \
	F("classification", ENUM, false, classification, 0, 0, "Who may see it"),         \
	F("retention", TEXT, false, NULL, 0, 0, "How long it is kept, for example 6 years")

#define RETIRE_FIELDS                                                                \
	F("retired_on", DATE, false, NULL, 0, 0, "When it was retired"),                  \
	F("retire_reason", TEXT, false, NULL, 0, 0, "Why it was retired")

static const struct isms_field policy_fields[] = {
	F("id", TEXT, true, NULL, 0, 0, "Identifier, for example POL-001"),
	F("kind", TEXT, true, NULL, 0, 0, "Record kind"),
	F("title", TEXT, true, NULL, 0, 0, "Name of the policy"),
	F("status", ENUM, true, doc_status, 0, 0, "Where the policy is in its life"),
	F("owner", PERSON, false, NULL, 0, 0, "Who is accountable for the policy"),
	DOCUMENT_FIELDS,
	F("scope", LONGTEXT, false, NULL, 0, 0, "Whom and what the policy covers"),
	F("body", LONGTEXT, false, NULL, 0, 0, "The policy text"),
	RETIRE_FIELDS,
};

static const struct isms_field risk_fields[] = {
	F("id", TEXT, true, NULL, 0, 0, "Identifier, for example RSK-0001"),
	F("kind", TEXT, true, NULL, 0, 0, "Record kind"),
	F("title", TEXT, true, NULL, 0, 0, "The risk in a few words"),
	F("status", ENUM, true, risk_status, 0, 0, "Where the risk is in its treatment"),
	F("owner", PERSON, false, NULL, 0, 0, "Who is accountable for managing the risk"),
	F("description", LONGTEXT, false, NULL, 0, 0, "Source, event, cause and consequence"),
	F("likelihood", NUMBER, false, NULL, 1, 5, "How likely, on the risk method's scale"),
	F("impact", NUMBER, false, NULL, 1, 5, "How severe, on the risk method's scale"),
	F("treatment", ENUM, false, treatment, 0, 0, "modify, retain, avoid or share"),
	F("controls", REFS, false, NULL, 0, 0, "Annex A controls that treat it"),
	F("residual_likelihood", NUMBER, false, NULL, 1, 5, "Likelihood after treatment"),
	F("residual_impact", NUMBER, false, NULL, 1, 5, "Impact after treatment"),
	F("accepted_by", PERSON, false, NULL, 0, 0, "Risk owner who accepted the residual risk"),
	F("accepted_on", DATE, false, NULL, 0, 0, "When the residual risk was accepted"),
	RETIRE_FIELDS,
};

static const struct isms_field control_fields[] = {
	F("id", TEXT, true, NULL, 0, 0, "Annex A identifier, for example A.5.15"),
	F("kind", TEXT, true, NULL, 0, 0, "Record kind"),
	F("title", TEXT, true, NULL, 0, 0, "Control title"),
	F("status", ENUM, true, control_status, 0, 0, "State of this SoA entry"),
	F("owner", PERSON, false, NULL, 0, 0, "Who is responsible for the control"),
	F("applicable", BOOL, false, NULL, 0, 0, "Whether the control is included"),
	F("reason", ENUM, false, control_reason, 0, 0, "Why it is included or excluded"),
	F("justification", LONGTEXT, false, NULL, 0, 0, "The justification in words"),
	F("implementation", ENUM, false, implementation, 0, 0, "How far it is implemented"),
	F("evidence", LONGTEXT, false, NULL, 0, 0, "What shows that it works"),
	RETIRE_FIELDS,
};

static const struct isms_field document_fields[] = {
	F("id", TEXT, true, NULL, 0, 0, "Identifier, for example DOC-001"),
	F("kind", TEXT, true, NULL, 0, 0, "Record kind"),
	F("title", TEXT, true, NULL, 0, 0, "Title of the document"),
	F("status", ENUM, true, doc_status, 0, 0, "Where the document is in its life"),
	F("owner", PERSON, false, NULL, 0, 0, "Who is accountable for the document"),
	DOCUMENT_FIELDS,
	F("file", TEXT, false, NULL, 0, 0, "Path of an external file, if any"),
	F("sha256", TEXT, false, NULL, 0, 0, "Checksum of the external file"),
	F("body", LONGTEXT, false, NULL, 0, 0, "The document text"),
	RETIRE_FIELDS,
};

#define KIND(name, folder, prefix, clause, title, style, fields) \
	{ name, folder, prefix, clause, title, ISMS_ID_##style, fields, \
	  sizeof(fields) / sizeof(fields[0]) }

static const struct isms_kind kinds[] = {
	KIND("policy", "policies", "POL", "5.2", "Policy", NUMBERED, policy_fields),
	KIND("risk", "risks", "RSK", "6.1.2", "Risk", NUMBERED, risk_fields),
	KIND("control", "controls", "A", "6.1.3", "Annex A control (SoA entry)", CONTROL,
	     control_fields),
	KIND("document", "documents", "DOC", "7.5", "Controlled document", NUMBERED,
	     document_fields),
};

size_t isms_kind_count(void)
{
	return sizeof(kinds) / sizeof(kinds[0]);
}

const struct isms_kind *isms_kind_at(size_t i)
{
	return i < isms_kind_count() ? &kinds[i] : NULL;
}

const struct isms_kind *isms_kind_find(const char *name)
{
	for (size_t i = 0; i < isms_kind_count(); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

const struct isms_kind *isms_kind_by_folder(const char *folder)
{
	for (size_t i = 0; i < isms_kind_count(); i++)
		if (strcmp(kinds[i].folder, folder) == 0)
			return &kinds[i];
	return NULL;
}

const struct isms_field *isms_kind_field(const struct isms_kind *kind, const char *name)
{
	for (size_t i = 0; i < kind->field_count; i++)
		if (strcmp(kind->fields[i].name, name) == 0)
			return &kind->fields[i];
	return NULL;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool isms_kind_id_matches(const struct isms_kind *kind, const char *id)
{
	size_t n = strlen(kind->prefix);

	if (kind->id_style == ISMS_ID_CONTROL) {
		/* A.<theme 5-8>.<number> */
		const char *dot;

		if (strncmp(id, "A.", 2) != 0 || id[2] < '5' || id[2] > '8' || id[3] != '.')
			return false;
		dot = id + 4;
		return all_digits(dot) && dot[0] != '0' && strlen(dot) <= 2;
	}
	return strncmp(id, kind->prefix, n) == 0 && id[n] == '-' && all_digits(id + n + 1);
}

char *isms_kind_record_path(const struct isms_kind *kind, const char *id)
{
	return isms_asprintf("%s/%s.yaml", kind->folder, id);
}

const struct isms_kind *isms_kind_for_id(const char *id)
{
	for (size_t i = 0; i < isms_kind_count(); i++)
		if (isms_kind_id_matches(&kinds[i], id))
			return &kinds[i];
	return NULL;
}

/* ASCII only, whatever the locale: IDs become file names. */
static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int isms_id_check(const char *id)
{
	size_t n = strlen(id);

	if (n == 0)
		return isms_error_set(ISMS_EINVALID, "an ID cannot be empty");
	if (n > 64)
		return isms_error_set(ISMS_EINVALID, "ID is %zu characters long; the limit is 64", n);
	/* A leading letter or digit also rules out ".", ".." and ".git". */
	if (!id_char(id[0]))
		return isms_error_set(ISMS_EINVALID,
			"ID '%.64s' must start with a letter or a digit", id);
	for (const char *p = id; *p; p++)
		if (!id_char(*p) && *p != '.' && *p != '_' && *p != '-')
			return isms_error_set(ISMS_EINVALID,
				"ID '%.64s' may hold only letters, digits, '.', '_' and '-'", id);
	if (strstr(id, ".."))
		return isms_error_set(ISMS_EINVALID, "ID '%s' must not contain '..'", id);
	if (id[n - 1] == '.')
		return isms_error_set(ISMS_EINVALID, "ID '%s' must not end with '.'", id);
	return 0;
}

const char *isms_kind_names(void)
{
	static char names[256];

	if (!names[0])
		for (size_t i = 0; i < isms_kind_count(); i++) {
			if (i)
				strcat(names, ", ");
			strcat(names, kinds[i].name);
		}
	return names;
}
