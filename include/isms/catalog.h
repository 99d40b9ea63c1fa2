/* SPDX-License-Identifier: MIT */
/* The built-in catalogues: the clauses of ISO/IEC 27001:2022 with our own
 * guidance, and the 93 controls of its Annex A with the ISO/IEC 27002:2022
 * attributes. Clause and control numbers and titles are facts; every other
 * sentence here is written by us, never copied from a standard. */
#ifndef ISMS_CATALOG_H
#define ISMS_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

/* Plan-Do-Check-Act: Plan is clauses 4 to 6, Do 7 and 8, Check 9, Act 10. */
enum isms_phase { ISMS_PHASE_PLAN, ISMS_PHASE_DO, ISMS_PHASE_CHECK, ISMS_PHASE_ACT };

/* The ISO/IEC 27014 governance processes a clause serves (flags). */
enum {
	ISMS_GOV_EVALUATE = 1,
	ISMS_GOV_DIRECT = 2,
	ISMS_GOV_MONITOR = 4,
	ISMS_GOV_COMMUNICATE = 8,
};

/* The state a record must reach to count as a clause's evidence
 * (src/model/status.c judges it). */
enum isms_req_state {
	ISMS_REQ_COMPLETE,  /* the fields that make it evidence are filled in */
	ISMS_REQ_APPROVED,  /* complete, approved by the act (its tag), unchanged
			     * since, and not past its review */
	ISMS_REQ_DONE,      /* complete and carried out: an audit done with its
			     * results, a review held with every input, ... */
	ISMS_REQ_METHOD,    /* the risk method in isms.yaml (kind "risk-method") */
};
#define ISMS_REQ_EXISTS ISMS_REQ_COMPLETE

/* The pseudo-kinds a requirement may name besides a kind of record: any
 * controlled document (scope, policy, document, procedure, audit
 * programme), and the risk method in isms.yaml. */
#define ISMS_REQ_CONTROLLED "controlled-document"
#define ISMS_REQ_RISK_METHOD "risk-method"

/* Evidence a clause needs: at least `min` records of kind `kind` (a kind
 * name from src/model/kind.c, or one of the pseudo-kinds) in `state`. */
struct isms_requirement {
	const char *kind;
	unsigned min;
	enum isms_req_state state;
};

#define ISMS_CLAUSE_MAX_REQUIREMENTS 4

/* Guidance for one clause, in the role ISO/IEC 27003 plays, in our words. */
struct isms_guidance {
	const char *what;      /* what to do */
	const char *why;       /* why it matters */
	const char *small;     /* how a small organisation gets it done */
	const char *large;     /* how a large organisation gets it done */
	const char *pitfalls;  /* the usual mistakes */
	const char *auditor;   /* what an auditor will ask to see */
};

/* The parts of the guidance in the order they are shown, with headings:
 * part i of `g` (0 to ISMS_GUIDANCE_PARTS - 1) and its heading. */
#define ISMS_GUIDANCE_PARTS 6
const char *isms_guidance_heading(size_t part);
const char *isms_guidance_part(const struct isms_guidance *g, size_t part);

/* Our own words for one clause, kept apart from the structure of the
 * catalogue so that the text we wrote is reviewed in one place
 * (src/model/guidance.c). isms_clause_at() and isms_clause_find() return
 * clauses with this prose already joined in; these functions are for
 * checking the prose table itself. */
struct isms_clause_prose {
	const char *number;             /* the clause it belongs to: "6.1.3" */
	struct isms_guidance guidance;
	const char *climate;            /* Amendment 1:2024 prompt, else NULL */
};

size_t isms_clause_prose_count(void);
/* Entry i of the prose table, or NULL if i is out of range. */
const struct isms_clause_prose *isms_clause_prose_at(size_t i);
/* The prose for the clause numbered `number`, or NULL if there is none. */
const struct isms_clause_prose *isms_clause_prose_find(const char *number);

/* A clause: its structure (src/model/clauses.c) joined with our prose for
 * it (src/model/guidance.c) by clause number. */
struct isms_clause {
	const char *number;      /* "6.1.3" */
	const char *title;       /* the clause title, as in the standard */
	enum isms_phase phase;
	unsigned governance;     /* ISMS_GOV_* flags */
	struct isms_requirement requires[ISMS_CLAUSE_MAX_REQUIREMENTS];  /* { NULL } ends */
	struct isms_guidance guidance;
	const char *climate;     /* Amendment 1:2024 prompt (4.1, 4.2), else NULL */
};

size_t isms_clause_count(void);
const struct isms_clause *isms_clause_at(size_t i);
/* True when `c` has sub-clauses (6.1, 7.5, 9.2, 9.3): it needs no evidence
 * of its own; its state is its sub-clauses'. */
bool isms_clause_is_parent(const struct isms_clause *c);
/* True when `child` is a sub-clause of `parent` (9.2.1 of 9.2). */
bool isms_clause_is_child(const struct isms_clause *parent, const struct isms_clause *child);
/* The clause numbered `number` ("6.1.3"), or NULL. */
const struct isms_clause *isms_clause_find(const char *number);
const char *isms_phase_name(enum isms_phase phase);
/* The 27014 processes by name, in the order of their ISMS_GOV_* bits,
 * NULL-terminated: "evaluate", "direct", "monitor", "communicate". */
extern const char *const isms_governance_names[];
/* The six governance principles of ISO/IEC 27014:2020, the objectives the
 * governing body sets for information security: number (1 to 6), name (a
 * fact) and what it asks, in our words. */
struct isms_governance_objective {
	unsigned number;
	const char *name;
	const char *what;
};
size_t isms_governance_objective_count(void);
const struct isms_governance_objective *isms_governance_objective_at(size_t i);

/* The ISMS type of isms.yaml (ISO/IEC 27014 Annex B: the ISMS covers the
 * whole entity, a part of it, or is one of several) in words. */
const char *isms_type_describe(const char *type);

enum isms_theme {
	ISMS_THEME_ORGANIZATIONAL,  /* A.5 */
	ISMS_THEME_PEOPLE,          /* A.6 */
	ISMS_THEME_PHYSICAL,        /* A.7 */
	ISMS_THEME_TECHNOLOGICAL,   /* A.8 */
};

/* ISO/IEC 27002:2022 attribute values (flags). */
enum {
	ISMS_CT_PREVENTIVE = 1, ISMS_CT_DETECTIVE = 2, ISMS_CT_CORRECTIVE = 4,
};
enum {
	ISMS_PROP_CONFIDENTIALITY = 1, ISMS_PROP_INTEGRITY = 2, ISMS_PROP_AVAILABILITY = 4,
};
enum {
	ISMS_CONCEPT_IDENTIFY = 1, ISMS_CONCEPT_PROTECT = 2, ISMS_CONCEPT_DETECT = 4,
	ISMS_CONCEPT_RESPOND = 8, ISMS_CONCEPT_RECOVER = 16,
};

/* Operational capabilities, in the order of 27002:2022. */
enum {
	ISMS_CAP_GOVERNANCE = 1 << 0, ISMS_CAP_ASSET_MANAGEMENT = 1 << 1,
	ISMS_CAP_INFORMATION_PROTECTION = 1 << 2, ISMS_CAP_HUMAN_RESOURCE_SECURITY = 1 << 3,
	ISMS_CAP_PHYSICAL_SECURITY = 1 << 4, ISMS_CAP_SYSTEM_AND_NETWORK_SECURITY = 1 << 5,
	ISMS_CAP_APPLICATION_SECURITY = 1 << 6, ISMS_CAP_SECURE_CONFIGURATION = 1 << 7,
	ISMS_CAP_IDENTITY_AND_ACCESS_MANAGEMENT = 1 << 8,
	ISMS_CAP_THREAT_AND_VULNERABILITY_MANAGEMENT = 1 << 9, ISMS_CAP_CONTINUITY = 1 << 10,
	ISMS_CAP_SUPPLIER_RELATIONSHIPS_SECURITY = 1 << 11, ISMS_CAP_LEGAL_AND_COMPLIANCE = 1 << 12,
	ISMS_CAP_EVENT_MANAGEMENT = 1 << 13, ISMS_CAP_ASSURANCE = 1 << 14,
};
#define ISMS_CAP_COUNT 15
/* Security domains. */
enum {
	ISMS_DOMAIN_GOVERNANCE_AND_ECOSYSTEM = 1, ISMS_DOMAIN_PROTECTION = 2,
	ISMS_DOMAIN_DEFENCE = 4, ISMS_DOMAIN_RESILIENCE = 8,
};
#define ISMS_DOMAIN_COUNT 4
/* Their names as 27002 writes them ("Governance", "Asset_management", ...;
 * "Governance_and_Ecosystem", ...), in bit order, NULL-terminated. */
extern const char *const isms_capability_names[];
extern const char *const isms_domain_names[];

struct isms_control {
	const char *id;        /* "A.5.15" */
	const char *title;     /* "Access control" */
	enum isms_theme theme;
	unsigned type;         /* ISMS_CT_* flags */
	unsigned properties;   /* ISMS_PROP_* flags */
	unsigned concepts;     /* ISMS_CONCEPT_* flags */
	const char *purpose;   /* one line, in our words */
	unsigned capabilities; /* ISMS_CAP_* flags */
	unsigned domains;      /* ISMS_DOMAIN_* flags */
};

size_t isms_control_count(void);
const struct isms_control *isms_control_at(size_t i);
/* The control with identifier `id` ("A.5.15"), or NULL. */
const struct isms_control *isms_control_find(const char *id);
const char *isms_theme_name(enum isms_theme theme);

#endif
