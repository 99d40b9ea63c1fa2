/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/catalog.h"
#include "isms/error.h"
#include "isms/kind.h"
#include "isms/tree.h"

/* Allowed values. */
static const char *const doc_status[] = {
	"draft", "in-review", "approved", "superseded", "retired", NULL };
static const char *const open_status[] = { "open", "in-progress", "closed", "retired", NULL };
static const char *const plan_status[] = { "planned", "done", "cancelled", "retired", NULL };
static const char *const active_status[] = { "active", "retired", NULL };
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
static const char *const issue_origin[] = { "internal", "external", NULL };
static const char *const asset_type[] = {
	"information", "software", "hardware", "service", "people", "site", "other", NULL };
static const char *const finding_type[] = {
	"major-nonconformity", "minor-nonconformity", "observation", "opportunity", NULL };
static const char *const yes_no_partly[] = { "yes", "partly", "no", NULL };

/* One line a field: name, required, help. The F* macros fill the rest. */
#define FIELD(n, t, r, v, lo, hi, rk, d, h) { n, ISMS_FIELD_##t, r, v, lo, hi, rk, d, h, NULL }
#define TEXT(n, r, h)          FIELD(n, TEXT, r, NULL, 0, 0, NULL, NULL, h)
#define LONG(n, h)             FIELD(n, LONGTEXT, false, NULL, 0, 0, NULL, NULL, h)
#define ENUM(n, r, v, d, h)    FIELD(n, ENUM, r, v, 0, 0, NULL, d, h)
/* An enum that takes one value or a list of several (max 1). */
#define ENUMS(n, r, v, d, h)   FIELD(n, ENUM, r, v, 0, 1, NULL, d, h)
#define DATE(n, h)             FIELD(n, DATE, false, NULL, 0, 0, NULL, NULL, h)
#define SCALE(n, sc, h)        FIELD(n, SCALE, false, NULL, 0, 0, sc, NULL, h)
#define BOOL(n, h)             FIELD(n, BOOL, false, NULL, 0, 0, NULL, NULL, h)
#define PERSON(n, h)           FIELD(n, PERSON, false, NULL, 0, 0, NULL, NULL, h)
#define REF(n, k, h)           FIELD(n, REF, false, NULL, 0, 0, k, NULL, h)
#define REFS(n, k, h)          FIELD(n, REFS, false, NULL, 0, 0, k, NULL, h)
/* A decision field: written only by the act `a` (doc/trust.md). */
#define ACT_PERSON(n, a, h)    { n, ISMS_FIELD_PERSON, false, NULL, 0, 0, NULL, NULL, h, a }
#define ACT_DATE(n, a, h)      { n, ISMS_FIELD_DATE, false, NULL, 0, 0, NULL, NULL, h, a }

/* Every record starts with these. */
#define HEAD(statuses, what)                                                 \
	TEXT("id", true, "Identifier; the file is named after it"),           \
	TEXT("kind", true, "Record kind"),                                     \
	TEXT("title", true, what),                                             \
	ENUM("status", true, statuses, NULL, "Where the record is in its life"), \
	PERSON("owner", "Who is accountable for it")

/* Who approved, and when: a copy of the approval (isms approve). */
#define APPROVAL                                                             \
	ACT_PERSON("approved_by", "approve", "Who approved this version"),    \
	ACT_DATE("approved_on", "approve", "When it was approved")

/* What a controlled document carries (27001 7.5.2, 7.5.3). */
#define DOCUMENT                                                                     \
	TEXT("version", false, "Version as major.minor, for example 1.0"),            \
	PERSON("author", "Who wrote this version"),                                    \
	APPROVAL,                                                                        \
	DATE("next_review", "When it is next due for review"),                          \
	ENUM("classification", false, classification, NULL, "Who may see it"),         \
	TEXT("retention", false, "How long it is kept, for example 6 years")

/* Every record ends with these. */
#define TAIL                                                                 \
	DATE("retired_on", "When it was retired"),                            \
	TEXT("retire_reason", false, "Why it was retired")

static const struct isms_field issue_fields[] = {
	HEAD(open_status, "The issue in a few words"),
	ENUM("origin", false, issue_origin, NULL, "internal or external"),
	LONG("description", "How it affects what the ISMS must achieve"),
	BOOL("climate", "Whether it concerns climate change (Amendment 1:2024)"),
	DATE("reviewed_on", "When it was last looked at"),
	TAIL,
};

static const struct isms_field party_fields[] = {
	HEAD(active_status, "Who the interested party is"),
	LONG("requirements", "What they need or expect from our information security"),
	ENUM("addressed", false, yes_no_partly, NULL, "Whether the ISMS addresses those requirements"),
	BOOL("climate", "Whether they have climate-related requirements (Amendment 1:2024)"),
	TAIL,
};

static const struct isms_field scope_fields[] = {
	HEAD(doc_status, "Name of the scope statement"),
	DOCUMENT,
	LONG("boundaries", "Organisation units, sites, systems and processes included"),
	LONG("exclusions", "What is left out, and why"),
	LONG("interfaces", "Interfaces and dependencies with what is outside"),
	REFS("issues", "issue", "Issues (4.1) the scope considers"),
	REFS("parties", "party", "Interested parties (4.2) the scope considers"),
	TAIL,
};

static const struct isms_field policy_fields[] = {
	HEAD(doc_status, "Name of the policy"),
	DOCUMENT,
	REF("parent", "policy", "The top-level policy this topic-specific policy serves"),
	LONG("scope", "Whom and what the policy covers"),
	LONG("body", "The policy text"),
	TAIL,
};

static const struct isms_field role_fields[] = {
	HEAD(active_status, "Name of the role"),
	PERSON("holder", "Who holds the role now"),
	LONG("responsibilities", "What the role is responsible for"),
	LONG("authority", "What the role may decide"),
	PERSON("reports_to", "Whom the role reports to"),
	TAIL,
};

static const struct isms_field asset_fields[] = {
	HEAD(active_status, "Name of the asset"),
	ENUM("type", false, asset_type, NULL, "What kind of asset"),
	ENUM("classification", false, classification, NULL, "How sensitive it is"),
	TEXT("location", false, "Where it is kept or runs"),
	LONG("description", "What it is and what depends on it"),
	TAIL,
};

static const struct isms_field risk_fields[] = {
	HEAD(risk_status, "The risk in a few words"),
	LONG("description", "Source, event, cause and consequence"),
	REFS("assets", "asset", "Assets the risk concerns"),
	SCALE("likelihood", "likelihood", "How likely, on the risk method's likelihood scale"),
	SCALE("impact", "impact", "How severe, on the risk method's impact scale"),
	ENUM("treatment", false, treatment, NULL, "modify, retain, avoid or share"),
	REFS("controls", "control", "Annex A controls that treat it"),
	SCALE("residual_likelihood", "likelihood", "Likelihood after treatment"),
	SCALE("residual_impact", "impact", "Impact after treatment"),
	DATE("assessed_on", "When it was last assessed (6.1.2, 8.2)"),
	ACT_PERSON("accepted_by", "accept", "Risk owner who accepted the (residual) risk"),
	ACT_DATE("accepted_on", "accept", "When it was accepted"),
	ACT_PERSON("plan_approved_by", "approve-plan",
		   "Risk owner who approved the treatment plan for this risk (6.1.3 f)"),
	ACT_DATE("plan_approved_on", "approve-plan", "When the treatment plan was approved"),
	TAIL,
};

static const struct isms_field action_fields[] = {
	HEAD(plan_status, "What will be done"),
	REFS("risks", "risk", "Risks the action treats"),
	REFS("controls", "control", "Controls it puts in place"),
	DATE("due", "When it is due"),
	LONG("resources", "What it needs"),
	TAIL,
};

static const struct isms_field control_fields[] = {
	HEAD(control_status, "Control title"),
	BOOL("applicable", "Whether the control is included"),
	ENUMS("reason", false, control_reason, NULL,
	      "Why it is included or excluded: one reason, or a list of several"),
	LONG("justification", "The justification in words"),
	ENUM("implementation", false, implementation, NULL, "How far it is implemented"),
	LONG("evidence", "What shows that it works"),
	REFS("risks", "risk", "Risks that need it"),
	TAIL,
};

static const struct isms_field objective_fields[] = {
	HEAD(open_status, "The objective"),
	REF("policy", "policy", "The policy it serves"),
	LONG("measure", "How achievement is measured"),
	TEXT("target", false, "The value to reach"),
	DATE("due", "When it is to be achieved"),
	LONG("resources", "What it needs"),
	TAIL,
};

static const struct isms_field measurement_fields[] = {
	HEAD(active_status, "What is measured"),
	REF("objective", "objective", "The objective it tracks"),
	LONG("method", "How, and from what data"),
	TEXT("frequency", false, "How often, for example monthly"),
	TEXT("result", false, "The latest result"),
	DATE("measured_on", "When it was last measured"),
	PERSON("analysed_by", "Who analyses and evaluates the results"),
	TAIL,
};

static const struct isms_field competence_fields[] = {
	HEAD(active_status, "Competence needed or shown"),
	REF("role", "role", "The role that needs it"),
	PERSON("person", "Whose competence this records"),
	LONG("evidence", "Education, training or experience that shows it"),
	DATE("evaluated_on", "When it was last evaluated"),
	TAIL,
};

static const struct isms_field awareness_fields[] = {
	HEAD(plan_status, "Awareness or training session"),
	DATE("held_on", "When it was held"),
	LONG("audience", "Who took part"),
	LONG("content", "What it covered"),
	TAIL,
};

static const struct isms_field communication_fields[] = {
	HEAD(active_status, "What is communicated"),
	TEXT("audience", false, "With whom"),
	TEXT("when", false, "When or how often"),
	TEXT("channel", false, "How"),
	PERSON("sender", "Who communicates it"),
	TAIL,
};

static const struct isms_field document_fields[] = {
	HEAD(doc_status, "Title of the document"),
	DOCUMENT,
	TEXT("file", false, "Path of an external file, if any"),
	TEXT("sha256", false, "Checksum of the external file"),
	LONG("body", "The document text"),
	TAIL,
};

static const struct isms_field procedure_fields[] = {
	HEAD(doc_status, "Name of the procedure"),
	DOCUMENT,
	LONG("criteria", "The criteria the process runs to"),
	LONG("body", "The steps"),
	TAIL,
};

static const struct isms_field programme_fields[] = {
	HEAD(doc_status, "Name of the audit programme"),
	DOCUMENT,
	TEXT("frequency", false, "How often each area is audited"),
	LONG("methods", "How audits are done"),
	LONG("responsibilities", "Who plans, performs and reports"),
	TAIL,
};

static const struct isms_field audit_fields[] = {
	HEAD(plan_status, "Name of the audit"),
	REF("programme", "audit-programme", "The programme it belongs to"),
	LONG("scope", "What it covers"),
	LONG("criteria", "What it audits against"),
	PERSON("auditor", "Who performs it (impartially)"),
	PERSON("auditee", "Who is responsible for what is audited (not the auditor)"),
	DATE("held_on", "When it took place"),
	LONG("results", "What was found, as reported to management"),
	TAIL,
};

static const struct isms_field finding_fields[] = {
	HEAD(open_status, "The finding in a few words"),
	REF("audit", "audit", "The audit that found it"),
	ENUM("type", false, finding_type, NULL, "How serious it is"),
	TEXT("clause", false, "The clause or control concerned"),
	LONG("description", "What was found"),
	TAIL,
};

static const struct isms_field review_fields[] = {
	HEAD(doc_status, "Name of the review"),
	DATE("held_on", "When it took place"),
	LONG("attendees", "Who took part"),
	LONG("previous_actions", "a) Status of actions from earlier reviews"),
	LONG("issue_changes", "b) Changes in external and internal issues"),
	LONG("party_changes", "c) Changes in interested parties' needs and expectations"),
	LONG("performance", "d) Performance: nonconformities, measurements, audits, objectives"),
	LONG("feedback", "e) Feedback from interested parties"),
	LONG("risk_status", "f) Risk assessment results and the treatment plan's status"),
	LONG("improvement", "g) Opportunities for continual improvement"),
	LONG("decisions", "Decisions on improvement and on changes to the ISMS"),
	APPROVAL,
	TAIL,
};

static const struct isms_field improvement_fields[] = {
	HEAD(open_status, "The improvement"),
	LONG("description", "What will be better, and how"),
	DATE("due", "When it is due"),
	TAIL,
};

static const struct isms_field nonconformity_fields[] = {
	HEAD(open_status, "The nonconformity in a few words"),
	REF("finding", "finding", "The audit finding, if it came from one"),
	LONG("description", "What happened"),
	LONG("correction", "What was done to control and correct it"),
	LONG("cause", "Why it happened, and whether it could happen elsewhere"),
	LONG("corrective_action", "What removes the cause"),
	DATE("due", "When the corrective action is due"),
	LONG("effectiveness", "Whether the action worked"),
	ACT_PERSON("closed_by", "close", "Who reviewed the action's effectiveness and closed it"),
	ACT_DATE("closed_on", "close", "When it was closed"),
	TAIL,
};

static const struct isms_field direction_fields[] = {
	HEAD(active_status, "The governing body's decision"),
	ENUM("process", false, isms_governance_names, "direct", "The 27014 governance process"),
	DATE("decided_on", "When it was decided"),
	LONG("decision", "What was decided: strategy, risk appetite, resources, priorities"),
	TAIL,
};

static const struct isms_field report_fields[] = {
	HEAD(doc_status, "Title of the report"),
	DATE("period_end", "The end of the period reported on"),
	PERSON("presented_to", "The governing body it went to"),
	LONG("body", "What was reported"),
	APPROVAL,
	ACT_PERSON("acknowledged_by", "acknowledge",
		   "Who acknowledged it for the governing body"),
	ACT_DATE("acknowledged_on", "acknowledge", "When the governing body acknowledged it"),
	TAIL,
};

/* The people register (doc/trust.md): whom owners, holders, approvers
 * and risk owners name, and the Git identities their acts are made with. */
static const struct isms_field person_fields[] = {
	HEAD(active_status, "The person's name"),
	TEXT("emails", false, "The email addresses their Git identity uses, separated by commas"),
	TEXT("signing_key", false,
	     "Their signing key: an SSH public key (ssh-ed25519 AAAA...) or an OpenPGP fingerprint"),
	TEXT("function", false, "Their job or function"),
	TAIL,
};

#define KIND(name, folder, prefix, clause, title, style, fields, controlled) \
	{ name, folder, prefix, clause, title, ISMS_ID_##style, fields, \
	  sizeof(fields) / sizeof(fields[0]), controlled }

static const struct isms_kind kinds[] = {
	KIND("issue", "issues", "ISS", "4.1", "Internal or external issue", NUMBERED, issue_fields, false),
	KIND("party", "parties", "IP", "4.2", "Interested party", NUMBERED, party_fields, false),
	KIND("scope", "scope", "SCO", "4.3", "ISMS scope", NUMBERED, scope_fields, true),
	KIND("policy", "policies", "POL", "5.2", "Policy", NUMBERED, policy_fields, true),
	KIND("role", "roles", "ROL", "5.3", "Role", NUMBERED, role_fields, false),
	KIND("asset", "assets", "AST", "6.1.2", "Asset", NUMBERED, asset_fields, false),
	KIND("risk", "risks", "RSK", "6.1.2", "Risk", NUMBERED, risk_fields, false),
	KIND("action", "actions", "ACT", "6.1.3", "Risk treatment action", NUMBERED, action_fields, false),
	KIND("control", "controls", "A", "6.1.3", "Annex A control (SoA entry)", CONTROL,
	     control_fields, false),
	KIND("objective", "objectives", "OBJ", "6.2", "Information security objective", NUMBERED,
	     objective_fields, false),
	KIND("measurement", "measurements", "MEA", "9.1", "Measurement", NUMBERED,
	     measurement_fields, false),
	KIND("competence", "competences", "CMP", "7.2", "Competence record", NUMBERED,
	     competence_fields, false),
	KIND("awareness", "awareness", "AWR", "7.3", "Awareness or training record", NUMBERED,
	     awareness_fields, false),
	KIND("communication", "communications", "COM", "7.4", "Communication plan entry", NUMBERED,
	     communication_fields, false),
	KIND("document", "documents", "DOC", "7.5", "Controlled document", NUMBERED,
	     document_fields, true),
	KIND("procedure", "procedures", "PRC", "8.1", "Procedure", NUMBERED, procedure_fields, true),
	KIND("audit-programme", "audit-programmes", "APG", "9.2", "Audit programme", NUMBERED,
	     programme_fields, true),
	KIND("audit", "audits", "AUD", "9.2", "Internal audit", NUMBERED, audit_fields, false),
	KIND("finding", "findings", "FND", "9.2", "Audit finding", NUMBERED, finding_fields, false),
	KIND("management-review", "management-reviews", "MRV", "9.3", "Management review", NUMBERED,
	     review_fields, false),
	KIND("improvement", "improvements", "IMP", "10.1", "Improvement", NUMBERED,
	     improvement_fields, false),
	KIND("nonconformity", "nonconformities", "NC", "10.2", "Nonconformity", NUMBERED,
	     nonconformity_fields, false),
	KIND("direction", "directions", "DIR", "5.1", "Governing body decision (27014)", NUMBERED,
	     direction_fields, false),
	KIND("board-report", "board-reports", "BRP", "9.3", "Report to the governing body (27014)",
	     NUMBERED, report_fields, false),
	KIND("person", "people", "PER", "5.3", "Person (the people register)", NUMBERED,
	     person_fields, false),
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
	/* The first byte first: this is asked of every record, often. */
	for (size_t i = 0; i < kind->field_count; i++)
		if (kind->fields[i].name[0] == name[0] && strcmp(kind->fields[i].name, name) == 0)
			return &kind->fields[i];
	return NULL;
}

/* Every kind's field names, each once, numbered from 1, and a hash table of
 * them (number, 0 for an empty slot). */
#define NAMES_MAX 512
static const char *field_names[NAMES_MAX + 1];
static unsigned name_count;
static unsigned short name_slots[2 * NAMES_MAX];
static pthread_once_t names_ready = PTHREAD_ONCE_INIT;

static size_t name_slot(const char *name)
{
	size_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h % (2 * NAMES_MAX);
}

static unsigned name_find(const char *name, size_t *slot)
{
	for (*slot = name_slot(name); name_slots[*slot]; *slot = (*slot + 1) % (2 * NAMES_MAX))
		if (strcmp(field_names[name_slots[*slot]], name) == 0)
			return name_slots[*slot];
	return 0;
}

static void names_fill(void)
{
	for (size_t k = 0; k < isms_kind_count(); k++)
		for (size_t i = 0; i < kinds[k].field_count; i++) {
			const char *name = kinds[k].fields[i].name;
			size_t slot;

			if (name_find(name, &slot))
				continue;
			if (name_count == NAMES_MAX)
				abort();  /* the kind table outgrew NAMES_MAX: a bug */
			field_names[++name_count] = name;
			name_slots[slot] = (unsigned short)name_count;
		}
}

unsigned isms_field_name_number(const char *name)
{
	size_t slot;

	pthread_once(&names_ready, names_fill);
	return name_find(name, &slot);
}

const char *isms_field_name(unsigned number)
{
	pthread_once(&names_ready, names_fill);
	return number >= 1 && number <= name_count ? field_names[number] : NULL;
}

void isms_kind_order(struct isms_node *map, const struct isms_kind *kind)
{
	const char **order = isms_calloc(kind->field_count ? kind->field_count : 1, sizeof(*order));

	for (size_t i = 0; i < kind->field_count; i++)
		order[i] = kind->fields[i].name;
	isms_map_order(map, order, kind->field_count);
	free(order);
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

bool isms_kind_id_matches(const struct isms_kind *kind, const char *prefix, const char *id)
{
	size_t n;

	if (!prefix)
		prefix = kind->prefix;
	n = strlen(prefix);

	if (kind->id_style == ISMS_ID_CONTROL) {
		/* A.<theme 5-8>.<number> */
		const char *dot;

		if (strncmp(id, "A.", 2) != 0 || id[2] < '5' || id[2] > '8' || id[3] != '.')
			return false;
		dot = id + 4;
		return all_digits(dot) && dot[0] != '0' && strlen(dot) <= 2;
	}
	return strncmp(id, prefix, n) == 0 && id[n] == '-' && all_digits(id + n + 1);
}

char *isms_kind_record_path(const struct isms_kind *kind, const char *id)
{
	return isms_asprintf("%s/%s.yaml", kind->folder, id);
}

const struct isms_kind *isms_kind_for_id(const char *id)
{
	for (size_t i = 0; i < isms_kind_count(); i++)
		if (isms_kind_id_matches(&kinds[i], NULL, id))
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

const char *isms_kind_status_act(const struct isms_kind *kind, const char *status)
{
	if (!status)
		return NULL;
	if (strcmp(status, "approved") == 0)
		return "approve";
	if (strcmp(kind->name, "risk") == 0 && strcmp(status, "accepted") == 0)
		return "accept";
	if (strcmp(kind->name, "nonconformity") == 0 && strcmp(status, "closed") == 0)
		return "close";
	return NULL;
}

const char *isms_kind_field_act(const struct isms_kind *kind, const char *field,
				const char *value)
{
	const struct isms_field *f = isms_kind_field(kind, field);

	if (!f)
		return NULL;
	if (f->act)
		return f->act;
	return strcmp(field, "status") == 0 ? isms_kind_status_act(kind, value) : NULL;
}

const char *isms_kind_names(void)
{
	static char names[512];

	if (!names[0])
		for (size_t i = 0; i < isms_kind_count(); i++) {
			if (i)
				strcat(names, ", ");
			strcat(names, kinds[i].name);
		}
	return names;
}
