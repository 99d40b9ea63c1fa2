/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <string.h>

#include "isms/catalog.h"

/* The 93 controls of ISO/IEC 27001:2022 Annex A. Identifiers and titles are
 * as in the standard; the control type, information security properties and
 * cybersecurity concepts follow the attribute values of ISO/IEC 27002:2022;
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

#define C(id, title, theme, type, props, concepts, purpose) \
	{ id, title, theme, type, props, concepts, purpose }

static const struct isms_control controls[] = {
	/* A.5 Organizational controls */
	C("A.5.1", "Policies for information security", ORG, PRE, CIA, IDE,
	  "Set down the security rules the organisation follows, backed by its leaders and kept current"),
	C("A.5.2", "Information security roles and responsibilities", ORG, PRE, CIA, IDE,
	  "Make clear who owns which security tasks so that nothing falls between the cracks"),
	C("A.5.3", "Segregation of duties", ORG, PRE, CIA, PRO,
	  "Split sensitive tasks between people so no single person can both misuse and conceal"),
	C("A.5.4", "Management responsibilities", ORG, PRE, CIA, IDE,
	  "Managers see that their teams follow the security rules, and set the example"),
	C("A.5.5", "Contact with authorities", ORG, PRE | COR, CIA, IDE | PRO | RSP | RCV,
	  "Know whom to call at regulators, police and other authorities before you need them"),
	C("A.5.6", "Contact with special interest groups", ORG, PRE | COR, CIA, PRO | RSP | RCV,
	  "Take part in forums and professional groups that share security news, advice and warnings"),
	C("A.5.7", "Threat intelligence", ORG, PRE | DET | COR, CIA, IDE | DTC | RSP,
	  "Gather and study threat information so defences aim at what attackers actually do"),
	C("A.5.8", "Information security in project management", ORG, PRE, CIA, IDE | PRO,
	  "Build security into every project from the start instead of bolting it on at the end"),
	C("A.5.9", "Inventory of information and other associated assets", ORG, PRE, CIA, IDE,
	  "Keep an up-to-date list of information and equipment, each entry with a named owner"),
	C("A.5.10", "Acceptable use of information and other associated assets", ORG, PRE, CIA, PRO,
	  "Tell people what they may and may not do with the information and equipment in their care"),
	C("A.5.11", "Return of assets", ORG, PRE, CIA, PRO,
	  "Get the organisation's equipment and data back when people leave or contracts end"),
	C("A.5.12", "Classification of information", ORG, PRE, CIA, IDE,
	  "Sort information by how much harm its disclosure, alteration or loss would cause"),
	C("A.5.13", "Labelling of information", ORG, PRE, CIA, PRO,
	  "Mark information so that anyone can see its classification and handle it accordingly"),
	C("A.5.14", "Information transfer", ORG, PRE, CIA, PRO,
	  "Agree how information may be sent by any channel, within the organisation and beyond"),
	C("A.5.15", "Access control", ORG, PRE, CIA, PRO,
	  "Decide who may reach which information and systems, based on business need and risk"),
	C("A.5.16", "Identity management", ORG, PRE, CIA, PRO,
	  "Give each person and system a unique identity and manage it from creation to removal"),
	C("A.5.17", "Authentication information", ORG, PRE, CIA, PRO,
	  "Issue and look after passwords, keys and other secrets that prove who someone is"),
	C("A.5.18", "Access rights", ORG, PRE, CIA, PRO,
	  "Grant, review, change and withdraw access through an agreed, recorded process"),
	C("A.5.19", "Information security in supplier relationships", ORG, PRE, CIA, IDE,
	  "Manage the security risks that come with relying on suppliers' products and services"),
	C("A.5.20", "Addressing information security within supplier agreements", ORG, PRE, CIA, IDE,
	  "Put what each supplier must do for security into the contract with that supplier"),
	C("A.5.21",
	  "Managing information security in the information and communication technology (ICT) "
	  "supply chain", ORG, PRE, CIA, IDE,
	  "Handle security risks passed down the chain of IT vendors and their own subcontractors"),
	C("A.5.22", "Monitoring, review and change management of supplier services", ORG, PRE, CIA, IDE,
	  "Track how suppliers perform on security and manage changes to what they deliver"),
	C("A.5.23", "Information security for use of cloud services", ORG, PRE, CIA, PRO,
	  "Pick, run, oversee and leave cloud services with their security risks in view"),
	C("A.5.24", "Information security incident management planning and preparation", ORG, COR, CIA,
	  RSP | RCV,
	  "Prepare roles, procedures and contacts for handling incidents before one happens"),
	C("A.5.25", "Assessment and decision on information security events", ORG, DET, CIA, DTC | RSP,
	  "Sort real incidents from noise quickly, so response effort goes where it is needed"),
	C("A.5.26", "Response to information security incidents", ORG, COR, CIA, RSP | RCV,
	  "Contain and resolve incidents by following the procedures prepared for them"),
	C("A.5.27", "Learning from information security incidents", ORG, PRE, CIA, IDE | PRO,
	  "Stop the same kind of incident hurting the organisation twice"),
	C("A.5.28", "Collection of evidence", ORG, COR, CIA, DTC | RSP,
	  "Gather and preserve incident evidence so it stands up in disciplinary or legal action"),
	C("A.5.29", "Information security during disruption", ORG, PRE | COR, CIA, PRO | RSP,
	  "Keep security at the required level while the organisation copes with a disruption"),
	C("A.5.30", "ICT readiness for business continuity", ORG, COR, AVA, RSP,
	  "Make sure IT services can be restored fast enough to meet business continuity goals"),
	C("A.5.31", "Legal, statutory, regulatory and contractual requirements", ORG, PRE, CIA, IDE,
	  "Find out which laws, regulations and contracts bear on security, and meet them"),
	C("A.5.32", "Intellectual property rights", ORG, PRE, CIA, IDE,
	  "Respect copyright, software licences and other intellectual property, ours and others'"),
	C("A.5.33", "Protection of records", ORG, PRE, CIA, IDE | PRO,
	  "Keep records safe from loss, tampering, prying eyes and destruction before their time"),
	C("A.5.34", "Privacy and protection of personal identifiable information (PII)", ORG, PRE, CIA,
	  IDE | PRO,
	  "Meet the privacy duties set by law and contract whenever personal data is handled"),
	C("A.5.35", "Independent review of information security", ORG, PRE | COR, CIA, IDE | PRO,
	  "Have someone with fresh eyes catch the blind spots the security team no longer sees"),
	C("A.5.36", "Compliance with policies, rules and standards for information security", ORG, PRE,
	  CIA, IDE | PRO,
	  "Check regularly that the security policies and rules are actually being followed"),
	C("A.5.37", "Documented operating procedures", ORG, PRE | COR, CIA, PRO | RCV,
	  "Write down how IT operations are run and give the instructions to those who need them"),

	/* A.6 People controls */
	C("A.6.1", "Screening", PEO, PRE, CIA, PRO,
	  "Avoid handing trusted access to someone whose history makes them a risk"),
	C("A.6.2", "Terms and conditions of employment", PEO, PRE, CIA, PRO,
	  "Spell out the security duties of staff and of the organisation in employment contracts"),
	C("A.6.3", "Information security awareness, education and training", PEO, PRE, CIA, PRO,
	  "Teach staff what security means for their own job and keep that knowledge fresh"),
	C("A.6.4", "Disciplinary process", PEO, PRE | COR, CIA, PRO | RSP,
	  "Have a fair, known process for dealing with people who break the security rules"),
	C("A.6.5", "Responsibilities after termination or change of employment", PEO, PRE, CIA, PRO,
	  "Make sure security duties that outlast a job are known and enforced after people move on"),
	C("A.6.6", "Confidentiality or non-disclosure agreements", PEO, PRE, CON, PRO,
	  "Use secrecy agreements that match what must stay confidential, and keep them reviewed"),
	C("A.6.7", "Remote working", PEO, PRE, CIA, PRO,
	  "Protect information that people reach, handle or keep while working away from the office"),
	C("A.6.8", "Information security event reporting", PEO, DET, CIA, DTC,
	  "Give everyone a quick, easy way to report security problems they notice"),

	/* A.7 Physical controls */
	C("A.7.1", "Physical security perimeters", PHY, PRE, CIA, PRO,
	  "Draw secure boundaries around the areas that hold information and equipment"),
	C("A.7.2", "Physical entry", PHY, PRE, CIA, PRO,
	  "Let only authorised people into secure areas, and only through controlled entry points"),
	C("A.7.3", "Securing offices, rooms and facilities", PHY, PRE, CIA, PRO,
	  "Design and fit out offices, rooms and facilities so that they stay secure"),
	C("A.7.4", "Physical security monitoring", PHY, PRE | DET, CIA, PRO | DTC,
	  "Spot intruders early and keep evidence of who entered a site and when"),
	C("A.7.5", "Protecting against physical and environmental threats", PHY, PRE, CIA, PRO,
	  "Guard against fire, flood, power surges, break-ins and other physical hazards"),
	C("A.7.6", "Working in secure areas", PHY, PRE, CIA, PRO,
	  "Set rules for how people behave and work inside secure areas"),
	C("A.7.7", "Clear desk and clear screen", PHY, PRE, CON, PRO,
	  "Keep papers, media and unlocked screens from being seen or taken by others"),
	C("A.7.8", "Equipment siting and protection", PHY, PRE, CIA, PRO,
	  "Place and shield equipment to cut the risk of damage, interference and snooping"),
	C("A.7.9", "Security of assets off-premises", PHY, PRE, CIA, PRO,
	  "Protect laptops, phones and other assets while they are used away from the premises"),
	C("A.7.10", "Storage media", PHY, PRE, CIA, PRO,
	  "Manage removable and other storage media through their whole life, up to destruction"),
	C("A.7.11", "Supporting utilities", PHY, PRE | DET, INT | AVA, PRO | DTC,
	  "Protect systems from failures of power, cooling and other services they depend on"),
	C("A.7.12", "Cabling security", PHY, PRE, CON | AVA, PRO,
	  "Avoid outages and eavesdropping that begin at an exposed or poorly routed cable"),
	C("A.7.13", "Equipment maintenance", PHY, PRE, CIA, PRO,
	  "Service equipment properly so that it keeps working and keeps information safe"),
	C("A.7.14", "Secure disposal or re-use of equipment", PHY, PRE, CON, PRO,
	  "Make sure old laptops, disks and phones never leak data once they leave your hands"),

	/* A.8 Technological controls */
	C("A.8.1", "User end point devices", TEC, PRE, CIA, PRO,
	  "Protect information on the laptops, phones and other devices that people use"),
	C("A.8.2", "Privileged access rights", TEC, PRE, CIA, PRO,
	  "Give admin and other powerful rights only to those who need them, and watch their use"),
	C("A.8.3", "Information access restriction", TEC, PRE, CIA, PRO,
	  "Enforce the access rules on information and application functions in every system"),
	C("A.8.4", "Access to source code", TEC, PRE, CIA, PRO,
	  "Control who can read and change source code, build tools and the libraries they use"),
	C("A.8.5", "Secure authentication", TEC, PRE, CIA, PRO,
	  "Use login methods strong enough for the sensitivity of what they unlock"),
	C("A.8.6", "Capacity management", TEC, PRE | DET, INT | AVA, IDE | PRO | DTC,
	  "Plan and watch capacity so systems, people and facilities keep up with demand"),
	C("A.8.7", "Protection against malware", TEC, PRE | DET | COR, CIA, PRO | DTC,
	  "Defend against malicious software with tools, user awareness and sound practice"),
	C("A.8.8", "Management of technical vulnerabilities", TEC, PRE, CIA, IDE | PRO,
	  "Find weaknesses in the systems in use, judge the exposure and fix them promptly"),
	C("A.8.9", "Configuration management", TEC, PRE, CIA, PRO,
	  "Set secure configurations for hardware, software and networks, and keep them that way"),
	C("A.8.10", "Information deletion", TEC, PRE, CON, PRO,
	  "Erase information from systems and media once there is no longer a need to keep it"),
	C("A.8.11", "Data masking", TEC, PRE, CON, PRO,
	  "Hide or disguise sensitive values, such as personal data, where the real ones are not needed"),
	C("A.8.12", "Data leakage prevention", TEC, PRE | DET, CON, PRO | DTC,
	  "Spot and stop sensitive information leaving through channels it should not use"),
	C("A.8.13", "Information backup", TEC, COR, INT | AVA, RCV,
	  "Take and test backup copies of information, software and systems to an agreed plan"),
	C("A.8.14", "Redundancy of information processing facilities", TEC, PRE, AVA, PRO,
	  "Keep services up when a single server, link or site fails"),
	C("A.8.15", "Logging", TEC, DET, CIA, DTC,
	  "Have a trustworthy trail to investigate incidents, prove what happened and spot misuse"),
	C("A.8.16", "Monitoring activities", TEC, DET | COR, CIA, DTC | RSP,
	  "Catch attacks and misuse while they are under way, not months later"),
	C("A.8.17", "Clock synchronization", TEC, DET, INT, PRO | DTC,
	  "Make timestamps trustworthy so logs from different systems tell one coherent story"),
	C("A.8.18", "Use of privileged utility programs", TEC, PRE, CIA, PRO,
	  "Tightly restrict tools that can get around the safeguards of systems and applications"),
	C("A.8.19", "Installation of software on operational systems", TEC, PRE, CIA, PRO,
	  "Control what software goes onto production systems, and how it gets there"),
	C("A.8.20", "Networks security", TEC, PRE | DET, CIA, PRO | DTC,
	  "Secure and manage networks and their devices to protect the traffic they carry"),
	C("A.8.21", "Security of network services", TEC, PRE, CIA, PRO,
	  "Set and check the security features and service levels of network services, own or bought"),
	C("A.8.22", "Segregation of networks", TEC, PRE, CIA, PRO,
	  "Divide networks into separate zones by trust level, user group and system"),
	C("A.8.23", "Web filtering", TEC, PRE, CIA, PRO,
	  "Cut malware infections and phishing losses that start with a visit to a website"),
	C("A.8.24", "Use of cryptography", TEC, PRE, CIA, PRO,
	  "Decide and follow the rules for using encryption, including how keys are managed"),
	C("A.8.25", "Secure development life cycle", TEC, PRE, CIA, PRO,
	  "Set rules so that software and systems are built securely from design through release"),
	C("A.8.26", "Application security requirements", TEC, PRE, CIA, PRO,
	  "Work out and agree the security needs of an application before building or buying it"),
	C("A.8.27", "Secure system architecture and engineering principles", TEC, PRE, CIA, PRO,
	  "Adopt sound security design principles and apply them to every system that is built"),
	C("A.8.28", "Secure coding", TEC, PRE, CIA, PRO,
	  "Write code following safe programming practice so that fewer vulnerabilities slip in"),
	C("A.8.29", "Security testing in development and acceptance", TEC, PRE, CIA, IDE,
	  "Test for security flaws while building systems and before accepting them into use"),
	C("A.8.30", "Outsourced development", TEC, PRE | DET, CIA, IDE | PRO | DTC,
	  "Direct, watch and review system development that is done by outside parties"),
	C("A.8.31", "Separation of development, test and production environments", TEC, PRE, CIA, PRO,
	  "Stop untested code, test data or developer mistakes from damaging live services"),
	C("A.8.32", "Change management", TEC, PRE, CIA, PRO,
	  "Route changes to systems and facilities through an orderly, approved process"),
	C("A.8.33", "Test information", TEC, PRE, CON | INT, PRO,
	  "Choose, protect and manage the data used for testing with care"),
	C("A.8.34", "Protection of information systems during audit testing", TEC, PRE, CIA, PRO,
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
