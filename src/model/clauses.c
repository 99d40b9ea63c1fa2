/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <string.h>
#include <threads.h>

#include "isms/catalog.h"

/* The structure of the clauses of ISO/IEC 27001:2022 (4 to 10), in order:
 * numbers and titles (facts), phase, governance processes and the evidence
 * each clause needs. Our own guidance and prompts for each clause are kept
 * apart, in guidance.c, and joined to this table on first use. */

#define REQ(kind, min, state) { kind, min, ISMS_REQ_##state }
#define END { NULL, 0, ISMS_REQ_EXISTS }

#define EVALUATE ISMS_GOV_EVALUATE
#define DIRECT ISMS_GOV_DIRECT
#define MONITOR ISMS_GOV_MONITOR
#define COMMUNICATE ISMS_GOV_COMMUNICATE

/* Not const: .guidance and .climate are filled in by join_prose(). */
static struct isms_clause clauses[] = {
	/* ---- Plan ---------------------------------------------------------- */
	{
		.number = "4.1",
		.title = "Understanding the organization and its context",
		.phase = ISMS_PHASE_PLAN,
		.governance = EVALUATE,
		.requires = { REQ("issue", 1, COMPLETE), END },
	},
	{
		.number = "4.2",
		.title = "Understanding the needs and expectations of interested parties",
		.phase = ISMS_PHASE_PLAN,
		.governance = EVALUATE | COMMUNICATE,
		.requires = { REQ("party", 1, COMPLETE), END },
	},
	{
		.number = "4.3",
		.title = "Determining the scope of the information security management system",
		.phase = ISMS_PHASE_PLAN,
		.governance = EVALUATE | DIRECT,
		.requires = { REQ("scope", 1, APPROVED), END },
	},
	{
		.number = "4.4",
		.title = "Information security management system",
		.phase = ISMS_PHASE_PLAN,
		.governance = DIRECT,
		.requires = { REQ("procedure", 1, APPROVED), END },
	},
	{
		.number = "5.1",
		.title = "Leadership and commitment",
		.phase = ISMS_PHASE_PLAN,
		.governance = DIRECT | COMMUNICATE,
		.requires = { REQ("direction", 1, COMPLETE), REQ("management-review", 1, DONE), END },
	},
	{
		.number = "5.2",
		.title = "Policy",
		.phase = ISMS_PHASE_PLAN,
		.governance = DIRECT | COMMUNICATE,
		.requires = { REQ("policy", 1, APPROVED), END },
	},
	{
		.number = "5.3",
		.title = "Organizational roles, responsibilities and authorities",
		.phase = ISMS_PHASE_PLAN,
		.governance = DIRECT,
		.requires = { REQ("role", 1, COMPLETE), END },
	},
	{
		.number = "6.1",
		.title = "Actions to address risks and opportunities",
		.phase = ISMS_PHASE_PLAN,
		.governance = EVALUATE | DIRECT,
		.requires = { END },
	},
	{
		.number = "6.1.1",
		.title = "Actions to address risks and opportunities - General",
		.phase = ISMS_PHASE_PLAN,
		.governance = EVALUATE | DIRECT,
		.requires = { REQ("risk", 1, COMPLETE), REQ("action", 1, COMPLETE), END },
	},
	{
		.number = "6.1.2",
		.title = "Information security risk assessment",
		.phase = ISMS_PHASE_PLAN,
		.governance = EVALUATE,
		.requires = { REQ(ISMS_REQ_RISK_METHOD, 1, METHOD), REQ("risk", 1, COMPLETE), END },
	},
	{
		.number = "6.1.3",
		.title = "Information security risk treatment",
		.phase = ISMS_PHASE_PLAN,
		.governance = EVALUATE | DIRECT,
		.requires = { REQ("control", 93, COMPLETE), REQ("action", 1, COMPLETE), END },
	},
	{
		.number = "6.2",
		.title = "Information security objectives and planning to achieve them",
		.phase = ISMS_PHASE_PLAN,
		.governance = DIRECT | MONITOR,
		.requires = { REQ("objective", 1, COMPLETE), END },
	},
	{
		.number = "6.3",
		.title = "Planning of changes",
		.phase = ISMS_PHASE_PLAN,
		.governance = DIRECT,
		.requires = { REQ("improvement", 1, COMPLETE), END },
	},

	/* ---- Do ------------------------------------------------------------ */
	{
		.number = "7.1",
		.title = "Resources",
		.phase = ISMS_PHASE_DO,
		.governance = DIRECT,
		.requires = { REQ("direction", 1, COMPLETE), END },
	},
	{
		.number = "7.2",
		.title = "Competence",
		.phase = ISMS_PHASE_DO,
		.governance = DIRECT | MONITOR,
		.requires = { REQ("competence", 1, COMPLETE), END },
	},
	{
		.number = "7.3",
		.title = "Awareness",
		.phase = ISMS_PHASE_DO,
		.governance = COMMUNICATE,
		.requires = { REQ("awareness", 1, COMPLETE), END },
	},
	{
		.number = "7.4",
		.title = "Communication",
		.phase = ISMS_PHASE_DO,
		.governance = COMMUNICATE,
		.requires = { REQ("communication", 1, COMPLETE), END },
	},
	{
		.number = "7.5",
		.title = "Documented information",
		.phase = ISMS_PHASE_DO,
		.governance = DIRECT | MONITOR,
		.requires = { END },
	},
	{
		.number = "7.5.1",
		.title = "Documented information - General",
		.phase = ISMS_PHASE_DO,
		.governance = DIRECT,
		.requires = { REQ(ISMS_REQ_CONTROLLED, 1, COMPLETE), END },
	},
	{
		.number = "7.5.2",
		.title = "Creating and updating",
		.phase = ISMS_PHASE_DO,
		.governance = DIRECT,
		.requires = { REQ(ISMS_REQ_CONTROLLED, 1, APPROVED), END },
	},
	{
		.number = "7.5.3",
		.title = "Control of documented information",
		.phase = ISMS_PHASE_DO,
		.governance = MONITOR,
		.requires = { REQ(ISMS_REQ_CONTROLLED, 1, APPROVED), END },
	},
	{
		.number = "8.1",
		.title = "Operational planning and control",
		.phase = ISMS_PHASE_DO,
		.governance = MONITOR,
		.requires = { REQ("procedure", 1, APPROVED), END },
	},
	{
		.number = "8.2",
		.title = "Information security risk assessment",
		.phase = ISMS_PHASE_DO,
		.governance = EVALUATE,
		.requires = { REQ("risk", 1, COMPLETE), END },
	},
	{
		.number = "8.3",
		.title = "Information security risk treatment",
		.phase = ISMS_PHASE_DO,
		.governance = MONITOR,
		.requires = { REQ("action", 1, DONE), END },
	},

	/* ---- Check --------------------------------------------------------- */
	{
		.number = "9.1",
		.title = "Monitoring, measurement, analysis and evaluation",
		.phase = ISMS_PHASE_CHECK,
		.governance = MONITOR,
		.requires = { REQ("measurement", 1, COMPLETE), END },
	},
	{
		.number = "9.2",
		.title = "Internal audit",
		.phase = ISMS_PHASE_CHECK,
		.governance = MONITOR,
		.requires = { END },
	},
	{
		.number = "9.2.1",
		.title = "Internal audit - General",
		.phase = ISMS_PHASE_CHECK,
		.governance = MONITOR,
		.requires = { REQ("audit", 1, DONE), END },
	},
	{
		.number = "9.2.2",
		.title = "Internal audit programme",
		.phase = ISMS_PHASE_CHECK,
		.governance = MONITOR | DIRECT,
		.requires = { REQ("audit-programme", 1, APPROVED), REQ("audit", 1, COMPLETE), END },
	},
	{
		.number = "9.3",
		.title = "Management review",
		.phase = ISMS_PHASE_CHECK,
		.governance = EVALUATE | DIRECT | MONITOR,
		.requires = { END },
	},
	{
		.number = "9.3.1",
		.title = "Management review - General",
		.phase = ISMS_PHASE_CHECK,
		.governance = EVALUATE | MONITOR,
		.requires = { REQ("management-review", 1, COMPLETE), END },
	},
	{
		.number = "9.3.2",
		.title = "Management review inputs",
		.phase = ISMS_PHASE_CHECK,
		.governance = EVALUATE | MONITOR,
		.requires = { REQ("management-review", 1, DONE), END },
	},
	{
		.number = "9.3.3",
		.title = "Management review results",
		.phase = ISMS_PHASE_CHECK,
		.governance = DIRECT,
		.requires = { REQ("management-review", 1, APPROVED), END },
	},

	/* ---- Act ----------------------------------------------------------- */
	{
		.number = "10.1",
		.title = "Continual improvement",
		.phase = ISMS_PHASE_ACT,
		.governance = EVALUATE | DIRECT,
		.requires = { REQ("improvement", 1, COMPLETE), END },
	},
	{
		.number = "10.2",
		.title = "Nonconformity and corrective action",
		.phase = ISMS_PHASE_ACT,
		.governance = MONITOR | DIRECT,
		.requires = { REQ("nonconformity", 1, COMPLETE), END },
	},
};

static once_flag prose_joined = ONCE_FLAG_INIT;

/* Copy each clause's prose from guidance.c into its entry. A clause with no
 * prose keeps empty guidance and no climate prompt (the unit tests insist
 * every clause has both where expected). */
static void join_prose(void)
{
	for (size_t i = 0; i < sizeof(clauses) / sizeof(clauses[0]); i++) {
		const struct isms_clause_prose *p = isms_clause_prose_find(clauses[i].number);

		if (p) {
			clauses[i].guidance = p->guidance;
			clauses[i].climate = p->climate;
		}
	}
}

size_t isms_clause_count(void)
{
	return sizeof(clauses) / sizeof(clauses[0]);
}

const struct isms_clause *isms_clause_at(size_t i)
{
	call_once(&prose_joined, join_prose);
	return i < isms_clause_count() ? &clauses[i] : NULL;
}

const struct isms_clause *isms_clause_find(const char *number)
{
	if (!number)
		return NULL;
	for (size_t i = 0; i < isms_clause_count(); i++)
		if (strcmp(clauses[i].number, number) == 0)
			return isms_clause_at(i);
	return NULL;
}

bool isms_clause_is_child(const struct isms_clause *parent, const struct isms_clause *child)
{
	size_t n = strlen(parent->number);

	return strncmp(child->number, parent->number, n) == 0 && child->number[n] == '.';
}

bool isms_clause_is_parent(const struct isms_clause *c)
{
	const struct isms_clause *next = c + 1;

	return next < clauses + isms_clause_count() && isms_clause_is_child(c, next);
}

const char *isms_phase_name(enum isms_phase phase)
{
	switch (phase) {
	case ISMS_PHASE_PLAN:
		return "Plan";
	case ISMS_PHASE_DO:
		return "Do";
	case ISMS_PHASE_CHECK:
		return "Check";
	case ISMS_PHASE_ACT:
		return "Act";
	}
	return "?";
}

const char *const isms_governance_names[] = { "evaluate", "direct", "monitor", "communicate", NULL };

const char *isms_type_describe(const char *type)
{
	if (type && strcmp(type, "part-of-entity") == 0)
		return "part of an entity (part-of-entity)";
	if (type && strcmp(type, "several-isms") == 0)
		return "one of several ISMSs of the entity (several-isms)";
	return "the whole entity (whole-entity)";
}

/* The six principles ISO/IEC 27014:2020 sets for the governance of
 * information security: their names are facts; what each asks of the
 * governing body is said in our own words. */
static const struct isms_governance_objective objectives[] = {
	{ 1, "Establish integrated comprehensive organization-wide information security",
	  "Security is owned across the whole organisation, not left to IT: every "
	  "activity and every part of the business is in view, and responsibilities are "
	  "set at the top." },
	{ 2, "Make decisions using a risk-based approach",
	  "Decisions on security follow the risks to the organisation's goals and its "
	  "appetite for them, as the governing body has set it." },
	{ 3, "Set the direction of acquisition",
	  "What the organisation buys, builds or outsources is weighed for its security "
	  "consequences before the commitment is made." },
	{ 4, "Ensure conformance with internal and external requirements",
	  "Laws, regulations, contracts and the organisation's own policies are known, "
	  "met, and checked independently." },
	{ 5, "Foster a security-positive culture",
	  "Leaders show and reward the behaviour they ask for, so that people see "
	  "security as part of doing their work well." },
	{ 6, "Ensure the security performance meets current and future requirements of the organization",
	  "The governing body watches how well security works against what the "
	  "organisation needs now and will need, and corrects course." },
};

size_t isms_governance_objective_count(void)
{
	return sizeof(objectives) / sizeof(objectives[0]);
}

const struct isms_governance_objective *isms_governance_objective_at(size_t i)
{
	return i < isms_governance_objective_count() ? &objectives[i] : NULL;
}
