/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "isms/catalog.h"

#define ALL_TYPES (ISMS_CT_PREVENTIVE | ISMS_CT_DETECTIVE | ISMS_CT_CORRECTIVE)
#define ALL_PROPS (ISMS_PROP_CONFIDENTIALITY | ISMS_PROP_INTEGRITY | ISMS_PROP_AVAILABILITY)
#define ALL_CONCEPTS (ISMS_CONCEPT_IDENTIFY | ISMS_CONCEPT_PROTECT | ISMS_CONCEPT_DETECT | \
		      ISMS_CONCEPT_RESPOND | ISMS_CONCEPT_RECOVER)

/* Controls per theme, A.5 to A.8. */
static const unsigned theme_size[] = { 37, 8, 14, 34 };

Test(annex_a, has_93_controls)
{
	cr_assert_eq(isms_control_count(), 93);
	for (size_t i = 0; i < 93; i++)
		cr_assert_not_null(isms_control_at(i), "control %zu", i);
	cr_assert_null(isms_control_at(93));
	cr_assert_null(isms_control_at((size_t)-1));
}

Test(annex_a, identifiers_are_in_order_without_gaps)
{
	size_t k = 0;

	for (unsigned t = 0; t < 4; t++)
		for (unsigned n = 1; n <= theme_size[t]; n++, k++) {
			char want[16];

			snprintf(want, sizeof(want), "A.%u.%u", t + 5, n);
			cr_assert_lt(k, isms_control_count());
			cr_assert_str_eq(isms_control_at(k)->id, want, "control %zu", k);
		}
	cr_assert_eq(k, isms_control_count());
}

Test(annex_a, identifiers_are_unique)
{
	size_t n = isms_control_count();

	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			cr_assert_str_neq(isms_control_at(i)->id, isms_control_at(j)->id,
					  "%zu and %zu", i, j);
}

Test(annex_a, themes_match_identifiers)
{
	unsigned count[4] = { 0 };

	for (size_t i = 0; i < isms_control_count(); i++) {
		const struct isms_control *c = isms_control_at(i);
		unsigned theme = (unsigned)c->theme;

		cr_assert_lt(theme, 4u, "%s", c->id);
		cr_assert_eq(c->id[2] - '5', (int)theme, "%s is in theme %u", c->id, theme);
		cr_assert_eq(c->id[3], '.', "%s", c->id);
		count[theme]++;
	}
	cr_assert_eq(count[ISMS_THEME_ORGANIZATIONAL], 37);
	cr_assert_eq(count[ISMS_THEME_PEOPLE], 8);
	cr_assert_eq(count[ISMS_THEME_PHYSICAL], 14);
	cr_assert_eq(count[ISMS_THEME_TECHNOLOGICAL], 34);
}

Test(annex_a, every_control_is_complete)
{
	for (size_t i = 0; i < isms_control_count(); i++) {
		const struct isms_control *c = isms_control_at(i);

		cr_assert_not_null(c->title, "%s", c->id);
		cr_assert_neq(c->title[0], '\0', "%s has no title", c->id);
		cr_assert_not_null(c->purpose, "%s", c->id);
		cr_assert_neq(c->purpose[0], '\0', "%s has no purpose", c->id);
		cr_assert_neq(c->type, 0u, "%s has no control type", c->id);
		cr_assert_neq(c->properties, 0u, "%s has no property", c->id);
		cr_assert_neq(c->concepts, 0u, "%s has no concept", c->id);
		cr_assert_eq(c->type & ~(unsigned)ALL_TYPES, 0u, "%s", c->id);
		cr_assert_eq(c->properties & ~(unsigned)ALL_PROPS, 0u, "%s", c->id);
		cr_assert_eq(c->concepts & ~(unsigned)ALL_CONCEPTS, 0u, "%s", c->id);
	}
}

Test(annex_a, purposes_are_single_short_lines)
{
	for (size_t i = 0; i < isms_control_count(); i++) {
		const struct isms_control *c = isms_control_at(i);
		size_t n = strlen(c->purpose);

		cr_assert_lt(n, 120, "%s purpose is %zu characters", c->id, n);
		cr_assert_null(strpbrk(c->purpose, "\r\n\t"), "%s purpose is not one line", c->id);
		cr_assert_neq(c->purpose[0], ' ', "%s", c->id);
		cr_assert_neq(c->purpose[n - 1], ' ', "%s", c->id);
		cr_assert_null(strchr(c->title, '\n'), "%s title", c->id);
	}
}

Test(annex_a, finds_controls_by_exact_identifier)
{
	const struct isms_control *c;

	c = isms_control_find("A.5.15");
	cr_assert_not_null(c);
	cr_assert_str_eq(c->title, "Access control");
	cr_assert_eq(c->theme, ISMS_THEME_ORGANIZATIONAL);

	c = isms_control_find("A.8.34");
	cr_assert_not_null(c);
	cr_assert_str_eq(c->title, "Protection of information systems during audit testing");
	cr_assert_eq(c->theme, ISMS_THEME_TECHNOLOGICAL);

	for (size_t i = 0; i < isms_control_count(); i++)
		cr_assert_eq(isms_control_find(isms_control_at(i)->id), isms_control_at(i));
}

Test(annex_a, does_not_find_what_is_not_there)
{
	const char *missing[] = { "A.9.1", "A.5.0", "A.5.38", "", "A.6.9", "A.7.15", "A.8.35",
				  "a.5.1", "A.5.1 ", "5.1", "A.5", "A.05.1" };

	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		cr_assert_null(isms_control_find(missing[i]), "found '%s'", missing[i]);
}

Test(annex_a, titles_are_exact)
{
	static const struct { const char *id, *title; } cases[] = {
		{ "A.5.1", "Policies for information security" },
		{ "A.5.7", "Threat intelligence" },
		{ "A.5.21", "Managing information security in the information and communication "
			   "technology (ICT) supply chain" },
		{ "A.5.23", "Information security for use of cloud services" },
		{ "A.5.30", "ICT readiness for business continuity" },
		{ "A.6.3", "Information security awareness, education and training" },
		{ "A.7.1", "Physical security perimeters" },
		{ "A.7.4", "Physical security monitoring" },
		{ "A.8.8", "Management of technical vulnerabilities" },
		{ "A.8.9", "Configuration management" },
		{ "A.8.10", "Information deletion" },
		{ "A.8.11", "Data masking" },
		{ "A.8.12", "Data leakage prevention" },
		{ "A.8.16", "Monitoring activities" },
		{ "A.8.23", "Web filtering" },
		{ "A.8.28", "Secure coding" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct isms_control *c = isms_control_find(cases[i].id);

		cr_assert_not_null(c, "%s", cases[i].id);
		cr_assert_str_eq(c->title, cases[i].title, "%s", cases[i].id);
	}
}

Test(annex_a, spot_checks_attributes)
{
	const struct isms_control *c;

	c = isms_control_find("A.5.7");
	cr_assert_eq(c->type, ISMS_CT_PREVENTIVE | ISMS_CT_DETECTIVE | ISMS_CT_CORRECTIVE);
	cr_assert_eq(c->concepts, ISMS_CONCEPT_IDENTIFY | ISMS_CONCEPT_DETECT | ISMS_CONCEPT_RESPOND);

	c = isms_control_find("A.5.30");
	cr_assert_eq(c->type, ISMS_CT_CORRECTIVE);
	cr_assert_eq(c->properties, ISMS_PROP_AVAILABILITY);

	c = isms_control_find("A.8.13");
	cr_assert_eq(c->type, ISMS_CT_CORRECTIVE);
	cr_assert_eq(c->properties, ISMS_PROP_INTEGRITY | ISMS_PROP_AVAILABILITY);
	cr_assert_eq(c->concepts, ISMS_CONCEPT_RECOVER);

	c = isms_control_find("A.8.15");
	cr_assert_eq(c->type, ISMS_CT_DETECTIVE);
	cr_assert_eq(c->concepts, ISMS_CONCEPT_DETECT);

	c = isms_control_find("A.7.7");
	cr_assert_eq(c->properties, ISMS_PROP_CONFIDENTIALITY);
}

Test(annex_a, names_themes)
{
	cr_assert_str_eq(isms_theme_name(ISMS_THEME_ORGANIZATIONAL), "Organizational");
	cr_assert_str_eq(isms_theme_name(ISMS_THEME_PEOPLE), "People");
	cr_assert_str_eq(isms_theme_name(ISMS_THEME_PHYSICAL), "Physical");
	cr_assert_str_eq(isms_theme_name(ISMS_THEME_TECHNOLOGICAL), "Technological");
}

/* The operational capabilities and security domains of ISO/IEC 27002:2022
 * (Table A.1), for every control. */
Test(annex_a, capabilities_and_domains_for_every_control)
{
	const struct isms_control *c;
	unsigned per_domain[ISMS_DOMAIN_COUNT] = { 0 };

	for (size_t i = 0; i < isms_control_count(); i++) {
		c = isms_control_at(i);
		cr_assert_neq(c->capabilities, 0u, "%s has no operational capability", c->id);
		cr_assert_eq(c->capabilities >> ISMS_CAP_COUNT, 0u, "%s", c->id);
		cr_assert_neq(c->domains, 0u, "%s has no security domain", c->id);
		cr_assert_eq(c->domains >> ISMS_DOMAIN_COUNT, 0u, "%s", c->id);
		for (unsigned d = 0; d < ISMS_DOMAIN_COUNT; d++)
			per_domain[d] += (c->domains >> d) & 1;
		/* Every physical control serves protection; people controls govern. */
		if (c->theme == ISMS_THEME_PHYSICAL)
			cr_assert(c->domains & ISMS_DOMAIN_PROTECTION, "%s", c->id);
		if (c->theme == ISMS_THEME_PEOPLE && strcmp(c->id, "A.6.7") != 0 &&
		    strcmp(c->id, "A.6.8") != 0)
			cr_assert_eq(c->capabilities & ISMS_CAP_HUMAN_RESOURCE_SECURITY,
				     ISMS_CAP_HUMAN_RESOURCE_SECURITY, "%s", c->id);
	}
	cr_assert_eq(per_domain[3], 8u, "eight controls serve resilience");

	c = isms_control_find("A.5.37");
	cr_assert_eq(c->capabilities, ISMS_CAP_ASSET_MANAGEMENT | ISMS_CAP_PHYSICAL_SECURITY |
		     ISMS_CAP_SYSTEM_AND_NETWORK_SECURITY | ISMS_CAP_APPLICATION_SECURITY |
		     ISMS_CAP_SECURE_CONFIGURATION | ISMS_CAP_IDENTITY_AND_ACCESS_MANAGEMENT |
		     ISMS_CAP_THREAT_AND_VULNERABILITY_MANAGEMENT | ISMS_CAP_CONTINUITY |
		     ISMS_CAP_EVENT_MANAGEMENT);
	cr_assert_eq(c->domains, ISMS_DOMAIN_GOVERNANCE_AND_ECOSYSTEM | ISMS_DOMAIN_PROTECTION |
		     ISMS_DOMAIN_DEFENCE);
	c = isms_control_find("A.5.30");
	cr_assert_eq(c->capabilities, ISMS_CAP_CONTINUITY);
	cr_assert_eq(c->domains, ISMS_DOMAIN_RESILIENCE);
	c = isms_control_find("A.8.8");
	cr_assert_eq(c->capabilities, ISMS_CAP_THREAT_AND_VULNERABILITY_MANAGEMENT);
	cr_assert_eq(c->domains, ISMS_DOMAIN_GOVERNANCE_AND_ECOSYSTEM | ISMS_DOMAIN_PROTECTION |
		     ISMS_DOMAIN_DEFENCE);
	c = isms_control_find("A.8.29");
	cr_assert_eq(c->capabilities, ISMS_CAP_APPLICATION_SECURITY | ISMS_CAP_ASSURANCE |
		     ISMS_CAP_SYSTEM_AND_NETWORK_SECURITY);
	c = isms_control_find("A.5.22");
	cr_assert_eq(c->capabilities, ISMS_CAP_SUPPLIER_RELATIONSHIPS_SECURITY | ISMS_CAP_ASSURANCE);
	c = isms_control_find("A.7.2");
	cr_assert_eq(c->capabilities, ISMS_CAP_PHYSICAL_SECURITY | ISMS_CAP_IDENTITY_AND_ACCESS_MANAGEMENT);
	cr_assert_str_eq(isms_capability_names[13], "Information_security_event_management");
	cr_assert_str_eq(isms_domain_names[2], "Defence");
	cr_assert_null(isms_domain_names[ISMS_DOMAIN_COUNT]);
	cr_assert_null(isms_capability_names[ISMS_CAP_COUNT]);
}
