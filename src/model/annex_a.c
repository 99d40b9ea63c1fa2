/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <string.h>

#include "isms/catalog.h"

/* The 93 controls of ISO/IEC 27001:2022 Annex A. Identifiers and titles are
 * as in the standard; the control type, information security properties and
 * cybersecurity concepts, operational capabilities and security domains
 * follow the attribute values of ISO/IEC 27002:2022 (its Table A.1);
 * each purpose line is our own summary, not text from either standard. */

#define ORG ISMS_THEME_ORGANIZATIONAL
#define PEO ISMS_THEME_PEOPLE
#define PHY ISMS_THEME_PHYSICAL
#define TEC ISMS_THEME_TECHNOLOGICAL

#define PRE ISMS_CT_PREVENTIVE
#define DET ISMS_CT_DETECTIVE
#define COR ISMS_CT_CORRECTIVE

#define CON ISMS_PROP_CONFIDENTIALITY
#define INT ISMS_PROP_INTEGRITY
#define AVA ISMS_PROP_AVAILABILITY
#define CIA (CON | INT | AVA)

#define IDE ISMS_CONCEPT_IDENTIFY
#define PRO ISMS_CONCEPT_PROTECT
#define DTC ISMS_CONCEPT_DETECT
#define RSP ISMS_CONCEPT_RESPOND
#define RCV ISMS_CONCEPT_RECOVER

/* Operational capabilities and security domains (27002:2022 attributes). */
#define GOV ISMS_CAP_GOVERNANCE
#define AST ISMS_CAP_ASSET_MANAGEMENT
#define INF ISMS_CAP_INFORMATION_PROTECTION
#define HRS ISMS_CAP_HUMAN_RESOURCE_SECURITY
#define PHS ISMS_CAP_PHYSICAL_SECURITY
#define SNS ISMS_CAP_SYSTEM_AND_NETWORK_SECURITY
#define APP ISMS_CAP_APPLICATION_SECURITY
#define CFG ISMS_CAP_SECURE_CONFIGURATION
#define IAM ISMS_CAP_IDENTITY_AND_ACCESS_MANAGEMENT
#define TVM ISMS_CAP_THREAT_AND_VULNERABILITY_MANAGEMENT
#define CNT ISMS_CAP_CONTINUITY
#define SUP ISMS_CAP_SUPPLIER_RELATIONSHIPS_SECURITY
#define LEG ISMS_CAP_LEGAL_AND_COMPLIANCE
#define EVT ISMS_CAP_EVENT_MANAGEMENT
#define ASR ISMS_CAP_ASSURANCE

#define GE ISMS_DOMAIN_GOVERNANCE_AND_ECOSYSTEM
#define PT ISMS_DOMAIN_PROTECTION
#define DF ISMS_DOMAIN_DEFENCE
#define RS ISMS_DOMAIN_RESILIENCE

#define C(id, title, theme, type, props, concepts, caps, domains, purpose) \
	{ id, title, theme, type, props, concepts, purpose, caps, domains }

static const struct isms_control controls[] = {
	/* A.5 Organizational controls */
	C("A.5.1", "Policies for information security", ORG, PRE, CIA, IDE,
	  GOV, GE | RS,
	  "Set down the security rules the organisation follows, backed by its leaders and kept current"),
	C("A.5.2", "Information security roles and responsibilities", ORG, PRE, CIA, IDE,
	  GOV, GE | PT | RS,
	  "Make clear who owns which security tasks so that nothing falls between the cracks"),
	C("A.5.3", "Segregation of duties", ORG, PRE, CIA, PRO,
	  GOV | IAM, GE,
	  "Split sensitive tasks between people so no single person can both misuse and conceal"),
	C("A.5.4", "Management responsibilities", ORG, PRE, CIA, IDE,
	  GOV, GE,
	  "Managers see that their teams follow the security rules, and set the example"),
	C("A.5.5", "Contact with authorities", ORG, PRE | COR, CIA, IDE | PRO | RSP | RCV,
	  GOV, DF | RS,
	  "Know whom to call at regulators, police and other authorities before you need them"),
	C("A.5.6", "Contact with special interest groups", ORG, PRE | COR, CIA, PRO | RSP | RCV,
	  GOV, DF,
	  "Take part in forums and professional groups that share security news, advice and warnings"),
	C("A.5.7", "Threat intelligence", ORG, PRE | DET | COR, CIA, IDE | DTC | RSP,
	  TVM, DF | RS,
	  "Gather and study threat information so defences aim at what attackers actually do"),
	C("A.5.8", "Information security in project management", ORG, PRE, CIA, IDE | PRO,
	  GOV, GE | PT,
	  "Build security into every project from the start instead of bolting it on at the end"),
	C("A.5.9", "Inventory of information and other associated assets", ORG, PRE, CIA, IDE,
	  AST, GE | PT,
	  "Keep an up-to-date list of information and equipment, each entry with a named owner"),
	C("A.5.10", "Acceptable use of information and other associated assets", ORG, PRE, CIA, PRO,
	  AST | INF, GE | PT,
	  "Tell people what they may and may not do with the information and equipment in their care"),
	C("A.5.11", "Return of assets", ORG, PRE, CIA, PRO,
	  AST, PT,
	  "Get the organisation's equipment and data back when people leave or contracts end"),
	C("A.5.12", "Classification of information", ORG, PRE, CIA, IDE,
	  INF, PT | DF,
	  "Sort information by how much harm its disclosure, alteration or loss would cause"),
	C("A.5.13", "Labelling of information", ORG, PRE, CIA, PRO,
	  INF, DF | PT,
	  "Mark information so that anyone can see its classification and handle it accordingly"),
	C("A.5.14", "Information transfer", ORG, PRE, CIA, PRO,
	  AST | INF, PT,
	  "Agree how information may be sent by any channel, within the organisation and beyond"),
	C("A.5.15", "Access control", ORG, PRE, CIA, PRO,
	  IAM, PT,
	  "Decide who may reach which information and systems, based on business need and risk"),
	C("A.5.16", "Identity management", ORG, PRE, CIA, PRO,
	  IAM, PT,
	  "Give each person and system a unique identity and manage it from creation to removal"),
	C("A.5.17", "Authentication information", ORG, PRE, CIA, PRO,
	  IAM, PT,
	  "Issue and look after passwords, keys and other secrets that prove who someone is"),
	C("A.5.18", "Access rights", ORG, PRE, CIA, PRO,
	  IAM, PT,
	  "Grant, review, change and withdraw access through an agreed, recorded process"),
	C("A.5.19", "Information security in supplier relationships", ORG, PRE, CIA, IDE,
	  SUP, GE | PT,
	  "Manage the security risks that come with relying on suppliers' products and services"),
	C("A.5.20", "Addressing information security within supplier agreements", ORG, PRE, CIA, IDE,
	  SUP, GE | PT,
	  "Put what each supplier must do for security into the contract with that supplier"),
	C("A.5.21",
	  "Managing information security in the information and communication technology (ICT) "
	  "supply chain", ORG, PRE, CIA, IDE,
	  SUP, GE | PT,
	  "Handle security risks passed down the chain of IT vendors and their own subcontractors"),
	C("A.5.22", "Monitoring, review and change management of supplier services", ORG, PRE, CIA, IDE,
	  SUP | ASR, GE | PT | DF,
	  "Track how suppliers perform on security and manage changes to what they deliver"),
	C("A.5.23", "Information security for use of cloud services", ORG, PRE, CIA, PRO,
	  SUP, GE | PT,
	  "Pick, run, oversee and leave cloud services with their security risks in view"),
	C("A.5.24", "Information security incident management planning and preparation", ORG, COR, CIA,
	  RSP | RCV,
	  GOV | EVT, DF,
	  "Prepare roles, procedures and contacts for handling incidents before one happens"),
	C("A.5.25", "Assessment and decision on information security events", ORG, DET, CIA, DTC | RSP,
	  EVT, DF,
	  "Sort real incidents from noise quickly, so response effort goes where it is needed"),
	C("A.5.26", "Response to information security incidents", ORG, COR, CIA, RSP | RCV,
	  EVT, DF,
	  "Contain and resolve incidents by following the procedures prepared for them"),
	C("A.5.27", "Learning from information security incidents", ORG, PRE, CIA, IDE | PRO,
	  EVT, DF,
	  "Stop the same kind of incident hurting the organisation twice"),
	C("A.5.28", "Collection of evidence", ORG, COR, CIA, DTC | RSP,
	  EVT, DF,
	  "Gather and preserve incident evidence so it stands up in disciplinary or legal action"),
	C("A.5.29", "Information security during disruption", ORG, PRE | COR, CIA, PRO | RSP,
	  CNT, PT | RS,
	  "Keep security at the required level while the organisation copes with a disruption"),
	C("A.5.30", "ICT readiness for business continuity", ORG, COR, AVA, RSP,
	  CNT, RS,
	  "Make sure IT services can be restored fast enough to meet business continuity goals"),
	C("A.5.31", "Legal, statutory, regulatory and contractual requirements", ORG, PRE, CIA, IDE,
	  LEG, GE | PT,
	  "Find out which laws, regulations and contracts bear on security, and meet them"),
	C("A.5.32", "Intellectual property rights", ORG, PRE, CIA, IDE,
	  LEG, GE,
	  "Respect copyright, software licences and other intellectual property, ours and others'"),
	C("A.5.33", "Protection of records", ORG, PRE, CIA, IDE | PRO,
	  LEG | AST | INF, DF,
	  "Keep records safe from loss, tampering, prying eyes and destruction before their time"),
	C("A.5.34", "Privacy and protection of personal identifiable information (PII)", ORG, PRE, CIA,
	  IDE | PRO,
	  INF | LEG, PT,
	  "Meet the privacy duties set by law and contract whenever personal data is handled"),
	C("A.5.35", "Independent review of information security", ORG, PRE | COR, CIA, IDE | PRO,
	  ASR, GE,
	  "Have someone with fresh eyes catch the blind spots the security team no longer sees"),
	C("A.5.36", "Compliance with policies, rules and standards for information security", ORG, PRE,
	  CIA, IDE | PRO,
	  LEG | ASR, GE,
	  "Check regularly that the security policies and rules are actually being followed"),
	C("A.5.37", "Documented operating procedures", ORG, PRE | COR, CIA, PRO | RCV,
	  AST | PHS | SNS | APP | CFG | IAM | TVM | CNT | EVT, GE | PT | DF,
	  "Write down how IT operations are run and give the instructions to those who need them"),

	/* A.6 People controls */
	C("A.6.1", "Screening", PEO, PRE, CIA, PRO,
	  HRS, GE,
	  "Avoid handing trusted access to someone whose history makes them a risk"),
	C("A.6.2", "Terms and conditions of employment", PEO, PRE, CIA, PRO,
	  HRS, GE,
	  "Spell out the security duties of staff and of the organisation in employment contracts"),
	C("A.6.3", "Information security awareness, education and training", PEO, PRE, CIA, PRO,
	  HRS, GE,
	  "Teach staff what security means for their own job and keep that knowledge fresh"),
	C("A.6.4", "Disciplinary process", PEO, PRE | COR, CIA, PRO | RSP,
	  HRS, GE,
	  "Have a fair, known process for dealing with people who break the security rules"),
	C("A.6.5", "Responsibilities after termination or change of employment", PEO, PRE, CIA, PRO,
	  HRS | AST, GE,
	  "Make sure security duties that outlast a job are known and enforced after people move on"),
	C("A.6.6", "Confidentiality or non-disclosure agreements", PEO, PRE, CON, PRO,
	  HRS | INF | SUP, GE,
	  "Use secrecy agreements that match what must stay confidential, and keep them reviewed"),
	C("A.6.7", "Remote working", PEO, PRE, CIA, PRO,
	  AST | INF | PHS | SNS, PT,
	  "Protect information that people reach, handle or keep while working away from the office"),
	C("A.6.8", "Information security event reporting", PEO, DET, CIA, DTC,
	  EVT, DF,
	  "Give everyone a quick, easy way to report security problems they notice"),

	/* A.7 Physical controls */
	C("A.7.1", "Physical security perimeters", PHY, PRE, CIA, PRO,
	  PHS, PT,
	  "Draw secure boundaries around the areas that hold information and equipment"),
	C("A.7.2", "Physical entry", PHY, PRE, CIA, PRO,
	  PHS | IAM, PT,
	  "Let only authorised people into secure areas, and only through controlled entry points"),
	C("A.7.3", "Securing offices, rooms and facilities", PHY, PRE, CIA, PRO,
	  PHS | AST, PT,
	  "Design and fit out offices, rooms and facilities so that they stay secure"),
	C("A.7.4", "Physical security monitoring", PHY, PRE | DET, CIA, PRO | DTC,
	  PHS, PT | DF,
	  "Spot intruders early and keep evidence of who entered a site and when"),
	C("A.7.5", "Protecting against physical and environmental threats", PHY, PRE, CIA, PRO,
	  PHS, PT,
	  "Guard against fire, flood, power surges, break-ins and other physical hazards"),
	C("A.7.6", "Working in secure areas", PHY, PRE, CIA, PRO,
	  PHS, PT,
	  "Set rules for how people behave and work inside secure areas"),
	C("A.7.7", "Clear desk and clear screen", PHY, PRE, CON, PRO,
	  PHS, PT,
	  "Keep papers, media and unlocked screens from being seen or taken by others"),
	C("A.7.8", "Equipment siting and protection", PHY, PRE, CIA, PRO,
	  PHS | AST, PT,
	  "Place and shield equipment to cut the risk of damage, interference and snooping"),
	C("A.7.9", "Security of assets off-premises", PHY, PRE, CIA, PRO,
	  PHS | AST, PT,
	  "Protect laptops, phones and other assets while they are used away from the premises"),
	C("A.7.10", "Storage media", PHY, PRE, CIA, PRO,
	  PHS | AST, PT,
	  "Manage removable and other storage media through their whole life, up to destruction"),
	C("A.7.11", "Supporting utilities", PHY, PRE | DET, INT | AVA, PRO | DTC,
	  PHS, PT,
	  "Protect systems from failures of power, cooling and other services they depend on"),
	C("A.7.12", "Cabling security", PHY, PRE, CON | AVA, PRO,
	  PHS, PT,
	  "Avoid outages and eavesdropping that begin at an exposed or poorly routed cable"),
	C("A.7.13", "Equipment maintenance", PHY, PRE, CIA, PRO,
	  PHS | AST, PT | RS,
	  "Service equipment properly so that it keeps working and keeps information safe"),
	C("A.7.14", "Secure disposal or re-use of equipment", PHY, PRE, CON, PRO,
	  PHS | AST, PT,
	  "Make sure old laptops, disks and phones never leak data once they leave your hands"),

	/* A.8 Technological controls */
	C("A.8.1", "User end point devices", TEC, PRE, CIA, PRO,
	  AST | INF, PT,
	  "Protect information on the laptops, phones and other devices that people use"),
	C("A.8.2", "Privileged access rights", TEC, PRE, CIA, PRO,
	  IAM, PT,
	  "Give admin and other powerful rights only to those who need them, and watch their use"),
	C("A.8.3", "Information access restriction", TEC, PRE, CIA, PRO,
	  IAM, PT,
	  "Enforce the access rules on information and application functions in every system"),
	C("A.8.4", "Access to source code", TEC, PRE, CIA, PRO,
	  IAM | APP | CFG, PT,
	  "Control who can read and change source code, build tools and the libraries they use"),
	C("A.8.5", "Secure authentication", TEC, PRE, CIA, PRO,
	  IAM, PT,
	  "Use login methods strong enough for the sensitivity of what they unlock"),
	C("A.8.6", "Capacity management", TEC, PRE | DET, INT | AVA, IDE | PRO | DTC,
	  CNT, GE | PT,
	  "Plan and watch capacity so systems, people and facilities keep up with demand"),
	C("A.8.7", "Protection against malware", TEC, PRE | DET | COR, CIA, PRO | DTC,
	  SNS | INF, PT | DF,
	  "Defend against malicious software with tools, user awareness and sound practice"),
	C("A.8.8", "Management of technical vulnerabilities", TEC, PRE, CIA, IDE | PRO,
	  TVM, GE | PT | DF,
	  "Find weaknesses in the systems in use, judge the exposure and fix them promptly"),
	C("A.8.9", "Configuration management", TEC, PRE, CIA, PRO,
	  CFG, PT,
	  "Set secure configurations for hardware, software and networks, and keep them that way"),
	C("A.8.10", "Information deletion", TEC, PRE, CON, PRO,
	  INF | LEG, PT,
	  "Erase information from systems and media once there is no longer a need to keep it"),
	C("A.8.11", "Data masking", TEC, PRE, CON, PRO,
	  INF, PT,
	  "Hide or disguise sensitive values, such as personal data, where the real ones are not needed"),
	C("A.8.12", "Data leakage prevention", TEC, PRE | DET, CON, PRO | DTC,
	  INF, PT | DF,
	  "Spot and stop sensitive information leaving through channels it should not use"),
	C("A.8.13", "Information backup", TEC, COR, INT | AVA, RCV,
	  CNT, PT,
	  "Take and test backup copies of information, software and systems to an agreed plan"),
	C("A.8.14", "Redundancy of information processing facilities", TEC, PRE, AVA, PRO,
	  CNT | AST, PT | RS,
	  "Keep services up when a single server, link or site fails"),
	C("A.8.15", "Logging", TEC, DET, CIA, DTC,
	  EVT, PT | DF,
	  "Have a trustworthy trail to investigate incidents, prove what happened and spot misuse"),
	C("A.8.16", "Monitoring activities", TEC, DET | COR, CIA, DTC | RSP,
	  EVT, DF,
	  "Catch attacks and misuse while they are under way, not months later"),
	C("A.8.17", "Clock synchronization", TEC, DET, INT, PRO | DTC,
	  EVT, PT | DF,
	  "Make timestamps trustworthy so logs from different systems tell one coherent story"),
	C("A.8.18", "Use of privileged utility programs", TEC, PRE, CIA, PRO,
	  SNS | CFG | APP, PT,
	  "Tightly restrict tools that can get around the safeguards of systems and applications"),
	C("A.8.19", "Installation of software on operational systems", TEC, PRE, CIA, PRO,
	  CFG | APP, PT,
	  "Control what software goes onto production systems, and how it gets there"),
	C("A.8.20", "Networks security", TEC, PRE | DET, CIA, PRO | DTC,
	  SNS, PT,
	  "Secure and manage networks and their devices to protect the traffic they carry"),
	C("A.8.21", "Security of network services", TEC, PRE, CIA, PRO,
	  SNS, PT,
	  "Set and check the security features and service levels of network services, own or bought"),
	C("A.8.22", "Segregation of networks", TEC, PRE, CIA, PRO,
	  SNS, PT,
	  "Divide networks into separate zones by trust level, user group and system"),
	C("A.8.23", "Web filtering", TEC, PRE, CIA, PRO,
	  SNS, PT,
	  "Cut malware infections and phishing losses that start with a visit to a website"),
	C("A.8.24", "Use of cryptography", TEC, PRE, CIA, PRO,
	  CFG, PT,
	  "Decide and follow the rules for using encryption, including how keys are managed"),
	C("A.8.25", "Secure development life cycle", TEC, PRE, CIA, PRO,
	  APP | SNS, PT,
	  "Set rules so that software and systems are built securely from design through release"),
	C("A.8.26", "Application security requirements", TEC, PRE, CIA, PRO,
	  APP | SNS, PT | DF,
	  "Work out and agree the security needs of an application before building or buying it"),
	C("A.8.27", "Secure system architecture and engineering principles", TEC, PRE, CIA, PRO,
	  APP | SNS, PT,
	  "Adopt sound security design principles and apply them to every system that is built"),
	C("A.8.28", "Secure coding", TEC, PRE, CIA, PRO,
	  APP | SNS, PT,
	  "Write code following safe programming practice so that fewer vulnerabilities slip in"),
	C("A.8.29", "Security testing in development and acceptance", TEC, PRE, CIA, IDE,
	  APP | ASR | SNS, PT,
	  "Test for security flaws while building systems and before accepting them into use"),
	C("A.8.30", "Outsourced development", TEC, PRE | DET, CIA, IDE | PRO | DTC,
	  SNS | APP | SUP, GE | PT,
	  "Direct, watch and review system development that is done by outside parties"),
	C("A.8.31", "Separation of development, test and production environments", TEC, PRE, CIA, PRO,
	  APP | SNS, PT,
	  "Stop untested code, test data or developer mistakes from damaging live services"),
	C("A.8.32", "Change management", TEC, PRE, CIA, PRO,
	  APP | SNS, PT,
	  "Route changes to systems and facilities through an orderly, approved process"),
	C("A.8.33", "Test information", TEC, PRE, CON | INT, PRO,
	  INF, PT,
	  "Choose, protect and manage the data used for testing with care"),
	C("A.8.34", "Protection of information systems during audit testing", TEC, PRE, CIA, PRO,
	  SNS | INF, GE | PT,
	  "Gain assurance from audits and tests without them becoming the cause of an outage or leak"),
};

size_t isms_control_count(void)
{
	return sizeof(controls) / sizeof(controls[0]);
}

const struct isms_control *isms_control_at(size_t i)
{
	return i < isms_control_count() ? &controls[i] : NULL;
}

const struct isms_control *isms_control_find(const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < isms_control_count(); i++)
		if (strcmp(controls[i].id, id) == 0)
			return &controls[i];
	return NULL;
}

const char *isms_theme_name(enum isms_theme theme)
{
	switch (theme) {
	case ISMS_THEME_ORGANIZATIONAL:
		return "Organizational";
	case ISMS_THEME_PEOPLE:
		return "People";
	case ISMS_THEME_PHYSICAL:
		return "Physical";
	case ISMS_THEME_TECHNOLOGICAL:
		return "Technological";
	}
	return "Unknown";
}

const char *const isms_capability_names[] = {
	"Governance", "Asset_management", "Information_protection", "Human_resource_security",
	"Physical_security", "System_and_network_security", "Application_security",
	"Secure_configuration", "Identity_and_access_management",
	"Threat_and_vulnerability_management", "Continuity", "Supplier_relationships_security",
	"Legal_and_compliance", "Information_security_event_management",
	"Information_security_assurance", NULL };

const char *const isms_domain_names[] = {
	"Governance_and_Ecosystem", "Protection", "Defence", "Resilience", NULL };
