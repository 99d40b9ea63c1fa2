/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <string.h>

#include "isms/catalog.h"

/* Our guidance for each clause of ISO/IEC 27001:2022, in the role ISO/IEC
 * 27003 plays, and the Amendment 1:2024 climate prompts, keyed by clause
 * number. Every sentence here is our own, written from practice, and must
 * never be copied or paraphrased from a standard. The structure of the
 * catalogue (titles, phases, evidence) is in clauses.c, which joins this
 * table to it by clause number. */

static const struct isms_clause_prose prose[] = {
	/* ---- Plan ---------------------------------------------------------- */
	{
		.number = "4.1",
		.guidance = {
			.what =
				"List the internal and external issues that could help or get in "
				"the way of the ISMS protecting information: strategy, regulation, "
				"technology, suppliers, threats, culture, budget, growth or "
				"shrinkage. Record each as an issue with a line on how it affects "
				"security and where the ISMS responds to it. Revisit the list when "
				"the business changes and before every management review.",
			.why =
				"The issues are the reason the ISMS looks the way it does. They "
				"shape the scope, the risk assessment and the objectives, so an "
				"ISMS built without them tends to protect the wrong things or miss "
				"the pressures that really drive the business.",
			.small =
				"Run a one-hour workshop with the managing director and two or "
				"three team leads: PESTLE for the external issues, a quick "
				"strengths-and-weaknesses pass for the internal ones. Ten to twenty "
				"issues is plenty. Enter them straight into the workbench and link "
				"each to the risks or objectives it leads to.",
			.large =
				"Collect issues from strategy, legal and compliance, enterprise risk "
				"management and each major site or business unit, then merge them "
				"into one register with owners. Reuse existing strategy and "
				"enterprise-risk material instead of running a separate exercise, "
				"and mark issues that apply only to part of the scope.",
			.pitfalls =
				"Generic issues that could belong to any company ('cyber threats "
				"are rising'). A one-off workshop output that is never updated. "
				"Issues that lead nowhere, with no trace to scope, risks or "
				"objectives. Forgetting internal issues such as staff turnover, "
				"legacy systems or a tight budget.",
			.auditor =
				"How the issues were found, who took part and when the list was "
				"last reviewed. Expect to be asked to pick one issue and follow it "
				"to a risk, a control or an objective, and to show that changed "
				"issues are an input to management review. Since 2024 the auditor "
				"will also ask whether climate change was considered.",
		},
		.climate =
			"Amendment 1:2024: decide whether climate change is a relevant issue "
			"for your ISMS, for example through extreme weather at your sites or "
			"your suppliers' data centres, and record the decision either way.",
	},
	{
		.number = "4.2",
		.guidance = {
			.what =
				"Name the people and organisations whose expectations matter to the "
				"ISMS - customers, regulators, staff, owners, suppliers, insurers, "
				"partners - and write down what each expects on information "
				"security. Decide which of those requirements the ISMS will meet "
				"and note how: a control, a policy or a contract clause.",
			.why =
				"Most legal, regulatory and contractual obligations enter the ISMS "
				"here. Writing them down lets you justify controls by real "
				"obligations, and stops the ISMS missing a commitment made by sales "
				"or a legal duty that someone else owns.",
			.small =
				"Start from your biggest customers' contracts and security "
				"questionnaires, the data protection law you are subject to and any "
				"sector rules. Eight to fifteen parties with two or three "
				"requirements each is usually enough. Ask whoever signs contracts "
				"to check the list.",
			.large =
				"Pull requirements from the legal register, the contract management "
				"system and the compliance team rather than collecting them again. "
				"Group parties by type, give each group an owner who keeps its "
				"requirements current, and mark which sites or business units each "
				"requirement binds.",
			.pitfalls =
				"Listing parties without their requirements. Listing requirements "
				"without deciding which ones the ISMS addresses. Forgetting internal "
				"parties such as employees and the board. Not tracing legal and "
				"contractual requirements to the controls that meet them (A.5.31 in "
				"the SoA).",
			.auditor =
				"The list of interested parties and their relevant requirements, "
				"the decision on which the ISMS addresses, and how the list is kept "
				"current. Auditors often pick one customer contract or one law and "
				"ask where its security obligations show up in your controls.",
		},
		.climate =
			"Amendment 1:2024: check whether any interested party - customers, "
			"regulators, investors, insurers - has climate-related requirements, "
			"and record them against that party, or note that there are none.",
	},
	{
		.number = "4.3",
		.guidance = {
			.what =
				"Write a scope statement saying which organisation, locations, "
				"processes, services, information and technology the ISMS covers, "
				"and name anything left out with the reason. Describe the "
				"interfaces and dependencies: what the ISMS relies on from outside "
				"its boundary, such as group IT, cloud providers or outsourced "
				"functions. Have top management approve it.",
			.why =
				"The scope decides what the certificate means and what the auditor "
				"will test. A vague scope causes arguments during audits and can "
				"mislead customers; a clear one shows everyone which risks and "
				"controls belong to the ISMS.",
			.small =
				"Put the whole company in scope: it is simplest and most credible to "
				"customers. One page is enough: legal name, office address, products "
				"or services, the main cloud platforms and how remote work fits in. "
				"List key suppliers as dependencies.",
			.large =
				"Choose between certifying the whole entity, selected units or "
				"services, or running several ISMSs, and record the choice. Draw the "
				"boundary with a diagram of sites, services and shared functions, "
				"and state what the ISMS receives from shared services and how that "
				"is governed, for example by internal service agreements.",
			.pitfalls =
				"Carving out the hard parts, such as the data centre team or the "
				"developers, while still claiming the service. A scope that differs "
				"from the certificate or from what sales tells customers. Ignoring "
				"interfaces, so shared IT or HR controls fall between two stools. "
				"Not updating the scope after an acquisition or reorganisation.",
			.auditor =
				"The approved scope, checked for consistency with the issues, the "
				"interested parties' requirements and the SoA. Expect questions on "
				"how interfaces and dependencies are handled, and about a location, "
				"system or team near the edge of the boundary.",
		},
		.climate = NULL,
	},
	{
		.number = "4.4",
		.guidance = {
			.what =
				"Set the ISMS up as a working system, not a pile of documents: "
				"define its processes (risk management, document control, internal "
				"audit, incident handling, supplier security, management review and "
				"so on), who runs each, and how their outputs feed each other. Then "
				"keep them running and improve them.",
			.why =
				"This clause ties the others together. It is what shows that "
				"findings, incidents and decisions actually flow between processes, "
				"so that an audit finding changes a risk or a control instead of "
				"sitting in a report.",
			.small =
				"One process map or a short ISMS overview listing each process, its "
				"owner, how often it runs and the records it produces is enough. "
				"Keep it as a procedure in the workbench and link the other "
				"procedures to it.",
			.large =
				"Map ISMS processes onto corporate ones that already exist "
				"(enterprise risk, change, HR, procurement, internal audit) instead "
				"of building parallel ones, and document the handovers. Use a RACI "
				"across sites and functions and show how local processes report "
				"into the central ISMS.",
			.pitfalls =
				"A long ISMS manual that restates the standard and describes nothing "
				"real. Processes without an owner. Processes that never connect: "
				"audit findings that never become corrective actions, risks not "
				"revisited after incidents. Security processes duplicating corporate "
				"ones.",
			.auditor =
				"How the processes interact and who owns them. The auditor will "
				"follow one thread across processes - an incident becoming a "
				"nonconformity, a corrective action, an updated risk and a "
				"management review input - and check that each handover happened.",
		},
		.climate = NULL,
	},
	{
		.number = "5.1",
		.guidance = {
			.what =
				"Start by agreeing with the leadership team who counts as top "
				"management for this ISMS and what each of them will personally own. "
				"Put security on their regular meeting agenda, so they see status, "
				"risks and open requests and settle budget, staffing and priorities "
				"there rather than by email. Make their backing visible to staff: the "
				"policy launch message, a word at all-hands, a named sponsor for each "
				"major security project. Capture every decision they take as a "
				"direction, so there is a trail from leadership to the work.",
			.why =
				"Without real management involvement the ISMS becomes a compliance "
				"project owned by one person with no power to change how the "
				"business works. Visible leadership is what makes staff take the "
				"rules seriously and what releases budget for controls.",
			.small =
				"The managing director or CEO is usually top management. Make "
				"security a standing item at the monthly leadership meeting, minute "
				"the decisions, and have the CEO send the policy launch email or "
				"open the annual awareness session personally.",
			.large =
				"Settle who top management is for this ISMS - board, executive "
				"committee or head of a business unit, depending on how the ISMS is "
				"set up - and give a steering committee a written mandate. Link it "
				"to the board's risk or audit committee and report there on a "
				"fixed cycle.",
			.pitfalls =
				"Top management delegating everything to the CISO and never "
				"appearing in the records. Leaders who only sign documents. No link "
				"between security and business goals. Treating the annual "
				"management review as the only sign of leadership.",
			.auditor =
				"Auditors usually interview a member of top management: what the "
				"security objectives are, how they support the business, which "
				"resources were agreed, what the last management review decided. "
				"They look for minutes and decisions showing leaders acting, not "
				"just signing.",
		},
		.climate = NULL,
	},
	{
		.number = "5.2",
		.guidance = {
			.what =
				"Draft a short top-level policy with the executive sponsor, anchored "
				"in what the business actually does and the risks it carries. In "
				"plain language, say where security objectives come from, promise to "
				"honour legal and contractual obligations, and promise to keep "
				"getting better. Once top management has signed it off, publish it "
				"where staff will find it, record who has acknowledged it, and agree "
				"which customers or partners receive a copy. Topic-specific policies "
				"then sit underneath it and must not contradict it.",
			.why =
				"The policy is management's statement of intent and the reference "
				"point for every control. It tells staff what is expected, gives the "
				"security team its mandate, and tells customers and regulators what "
				"the organisation has committed to.",
			.small =
				"Two pages is enough for the top-level policy: purpose, scope, "
				"objectives or how they are set, commitments, roles and review "
				"cycle. Add a handful of short topic-specific policies (acceptable "
				"use, access control, backup, suppliers) rather than one thick "
				"manual.",
			.large =
				"Build a policy framework: one top-level policy owned by the board "
				"or executive, then topic-specific policies with named owners, a "
				"common template and a review cycle. Sites may add local standards "
				"and procedures but not rewrite policies. Track acknowledgement "
				"through the HR or learning system.",
			.pitfalls =
				"A template policy naming controls the organisation does not run. "
				"Missing the commitments to requirements and to improvement. "
				"Approval by the CISO instead of top management. A policy never "
				"communicated, or years out of date. Topic-specific policies that "
				"contradict the top-level one.",
			.auditor =
				"The approved policy with version and approval date, checked for "
				"objectives (or how they are set) and both commitments. The auditor "
				"will ask staff where the policy is and what it means for them, and "
				"ask how it is made available to interested parties.",
		},
		.climate = NULL,
	},
	{
		.number = "5.3",
		.guidance = {
			.what =
				"Assign responsibility and authority for the security roles that "
				"matter - ISMS manager, risk owners, control and asset owners, "
				"incident manager, internal auditor - and make sure the people "
				"concerned know. Name explicitly who keeps the ISMS conforming and "
				"who reports its performance to top management.",
			.why =
				"Tasks nobody owns do not get done. Clear roles let people act "
				"without asking permission each time, make risk ownership real, and "
				"give the ISMS manager the standing to chase owners who fall behind.",
			.small =
				"One person, often the CTO or operations manager, acts as ISMS "
				"manager part time. Keep roles in a short list or RACI, add security "
				"duties to job descriptions, and accept that people hold several "
				"roles at once.",
			.large =
				"Use a formal RACI across the ISMS processes, with a central ISMS "
				"office, a security coordinator per site and named risk and control "
				"owners in the business. Put security duties into role profiles and "
				"personal objectives, and delegate authority in writing.",
			.pitfalls =
				"Roles named but given no authority or time. Everything landing on "
				"the ISMS manager. Risk owners who do not know they are risk owners. "
				"Roles taken from an org chart nobody has updated since the last "
				"reorganisation.",
			.auditor =
				"Who is responsible for the ISMS and for reporting on its "
				"performance, how roles are documented and communicated, and who the "
				"risk owners are. The auditor may interview a control owner to see "
				"whether they know what they answer for.",
		},
		.climate = NULL,
	},
	{
		.number = "6.1",
		.guidance = {
			.what =
				"Plan how the ISMS deals with what could go wrong and what could go "
				"better. This clause has three parts: the general planning of actions "
				"(6.1.1), the risk assessment with its method (6.1.2), and the risk "
				"treatment with the Statement of Applicability (6.1.3). Work through "
				"them in that order; each part's guidance says what to record.",
			.why =
				"Risk is what turns a list of controls into an ISMS that fits the "
				"organisation. Without this planning, controls are chosen by habit "
				"and money goes to the wrong places.",
			.small =
				"Do the three parts in one or two sittings with the owner of each "
				"main system: set the method, list the risks, decide treatments and "
				"fill in the SoA.",
			.large =
				"Tie the three parts to enterprise risk management: one method, one "
				"appetite, one register, with the ISMS view filtered from it and "
				"owners in each business unit.",
			.pitfalls =
				"Treating the parts as separate paperwork. Opportunities forgotten. A "
				"method that is never used the way it is written.",
			.auditor =
				"The method, the risk register, the treatment plan and the SoA, and "
				"that they agree with one another.",
		},
		.climate = NULL,
	},
	{
		.number = "6.1.1",
		.guidance = {
			.what =
				"Starting from the issues (4.1) and the interested parties' "
				"requirements (4.2), work out what could stop the ISMS achieving "
				"what it is for, and what could help it do better. Plan actions for "
				"both, build them into ISMS processes, and decide how you will check "
				"that they worked.",
			.why =
				"This is the bridge from context to planning. It covers risks to "
				"the ISMS itself, such as losing the only security person or a "
				"merger, and opportunities, such as a platform migration that could "
				"simplify controls. Information security risks proper are dealt "
				"with in 6.1.2 and 6.1.3.",
			.small =
				"Tag a few entries in the risk register as ISMS-level risks or "
				"opportunities and look at them at management review. Five to ten "
				"is typical; link each to the issue or requirement it came from and "
				"to the action that addresses it.",
			.large =
				"Handle ISMS-level risks in the enterprise risk framework and make "
				"sure they appear in business unit registers. Log opportunities as "
				"improvements with owners, and tie them to objectives and budgets.",
			.pitfalls =
				"Treating this clause as the same thing as the information security "
				"risk assessment. Ignoring opportunities altogether. Actions nobody "
				"owns or tracks. No link back to the issues and requirements that "
				"prompted them.",
			.auditor =
				"How issues and requirements were turned into risks and "
				"opportunities, which actions were planned, and how their effect is "
				"judged. The auditor looks for a traceable line from context to "
				"actions.",
		},
		.climate = NULL,
	},
	{
		.number = "6.1.2",
		.guidance = {
			.what =
				"Document a risk assessment method: acceptance criteria, how "
				"likelihood and impact are rated, and when assessments run. Use it to "
				"find risks to the confidentiality, integrity and availability of "
				"information in scope, give each risk an owner, rate it and rank it "
				"against the criteria. Write the scales tightly enough that two "
				"assessors scoring the same scenario land on roughly the same result.",
			.why =
				"The risk assessment is the engine of the ISMS: it justifies which "
				"controls you run and which you leave out. With a written method, "
				"this year's scores can be set against last year's and one assessor's "
				"against another's, so spending decisions rest on something you can "
				"defend.",
			.small =
				"Use a 5x5 likelihood-impact matrix with a plain description for "
				"each level and a clear acceptance threshold. Run a facilitated "
				"workshop per main process or system, capture 30 to 80 risks, and "
				"make a manager the owner of each. The method fits in two or three "
				"pages.",
			.large =
				"Align the scales with the enterprise risk framework so security "
				"risks can be compared with other business risks, and train "
				"assessors to use them the same way. Assess per service or business "
				"unit, consolidate centrally, and use tooling to track owners and "
				"review dates across sites.",
			.pitfalls =
				"Scales without definitions, so everyone scores differently. Risks "
				"written as control gaps ('no MFA') instead of events with "
				"consequences. No owners, or IT owning every risk. Acceptance "
				"criteria never set by management. Splitting assets so finely that "
				"the register becomes unmanageable.",
			.auditor =
				"The documented method, the acceptance criteria and who approved "
				"them, and the risk register. The auditor samples risks to check "
				"owners and scores against the method, and may ask two people how "
				"they would rate the same scenario.",
		},
		.climate = NULL,
	},
	{
		.number = "6.1.3",
		.guidance = {
			.what =
				"For each risk above the threshold, choose to reduce, avoid, share "
				"or accept it, and decide which controls you need. Check the list "
				"against Annex A so nothing necessary is missed, and record all 93 "
				"controls in the Statement of Applicability. Write the treatment "
				"plan and get risk owners to approve it and accept what risk "
				"remains.",
			.why =
				"Treatment turns analysis into action and produces the two records "
				"certification rests on: the SoA and the treatment plan. The SoA "
				"shows auditors and customers which controls you run and why; the "
				"owners' sign-off makes residual risk a business decision rather "
				"than an accident.",
			.small =
				"Keep the SoA in the workbench: for each Annex A control, whether "
				"it applies, why, and how far it is implemented. Keep the plan as "
				"actions with owner and due date linked to risks. Risk owners sign "
				"off by accepting the residual risk on each risk record.",
			.large =
				"Keep one SoA centrally and record where sites or units differ. "
				"Link treatment actions to the project portfolio and budget, "
				"escalate residual risk above appetite to the right executive, and "
				"keep names and dates for every acceptance.",
			.pitfalls =
				"Exclusions without a real reason, or every control included with "
				"no link to risks. An SoA saying 'implemented' for controls that are "
				"only planned. Treatment actions without owners or dates. Residual "
				"risk accepted by the security team instead of the risk owner. "
				"Forgetting controls required by law or contract.",
			.auditor =
				"The auditor walks the SoA line by line, challenges exclusions and "
				"samples included controls for evidence that they operate. Expect "
				"requests for the treatment plan, its progress, and proof that risk "
				"owners approved it and accepted residual risk.",
		},
		.climate = NULL,
	},
	{
		.number = "6.2",
		.guidance = {
			.what =
				"Pick a handful of targets that say what the ISMS should achieve this "
				"year, drawn from the risk register and from what customers and "
				"management ask for, and give each a number and a baseline. Turn "
				"every target into a short plan with an owner, the effort or budget "
				"it needs, a deadline and the figure that will show success. Review "
				"progress at the regular leadership meeting and share the targets "
				"with the teams who deliver them. Adjust or retire a target when the "
				"risks or the business move, and keep the current set on record.",
			.why =
				"Objectives turn the policy into targets management can follow. "
				"They show whether the ISMS is heading the right way and give a "
				"basis for deciding where effort and budget go.",
			.small =
				"Three to six objectives are enough, such as: phishing click rate "
				"under 5 percent, critical patches within 14 days, every new joiner "
				"trained within 30 days, a restore test passed each quarter. Check "
				"them at the monthly leadership meeting.",
			.large =
				"Cascade them: a few objectives set by the executive, supported by "
				"objectives for business units, sites and functions. Put them into "
				"scorecards and personal objectives and report progress to the "
				"steering committee every quarter.",
			.pitfalls =
				"Objectives that cannot be measured ('improve security'). Objectives "
				"with no plan, owner or deadline. Nobody looking at progress until "
				"the audit. Too many objectives. Projects dressed up as objectives, "
				"with no outcome to measure.",
			.auditor =
				"The objectives with their plans and current status, and evidence "
				"that they are tracked and communicated. The auditor may ask a "
				"manager what the objectives are and how their team contributes.",
		},
		.climate = NULL,
	},
	{
		.number = "6.3",
		.guidance = {
			.what =
				"When the ISMS itself must change - new scope, new or merged "
				"processes, a reorganisation, new tooling, an acquisition, a new "
				"ISMS manager - plan the change before making it: why, what could "
				"break, what resources it needs and who does what. Record the plan, "
				"then check that the change went as intended.",
			.why =
				"Unplanned changes to the ISMS often break controls quietly: a "
				"restructure removes a control owner, a move to a new platform "
				"leaves logging behind. Planning keeps the ISMS working while it "
				"changes.",
			.small =
				"Log each ISMS change as an improvement in the workbench with a "
				"short plan: what, why, who, when and what could go wrong. Discuss "
				"it at the leadership meeting beforehand. The repository history "
				"provides the rest of the trail.",
			.large =
				"Send ISMS changes through existing project or change governance "
				"with a security impact assessment as a required step. Keep a log "
				"of ISMS changes and report significant ones to the steering "
				"committee and management review.",
			.pitfalls =
				"Confusing this with operational change management, which belongs "
				"to 8.1 and control A.8.32. No record that a change was planned. "
				"Changes decided at management review but never planned or tracked. "
				"Not reassessing risks after the change.",
			.auditor =
				"What has changed in the ISMS since the last audit, and how each "
				"change was planned. The auditor looks for a plan dated before the "
				"change and a check of its effect afterwards.",
		},
		.climate = NULL,
	},

	/* ---- Do ------------------------------------------------------------ */
	{
		.number = "7.1",
		.guidance = {
			.what =
				"Work out the people, time, money, tools and outside help the ISMS "
				"needs to be set up, run and improved, and provide them. Record the "
				"resourcing decisions so it is clear management made them on "
				"purpose.",
			.why =
				"An under-resourced ISMS fails quietly: reviews are skipped, audits "
				"slip, treatment actions stall. Recording resource decisions ties "
				"the ISMS to the budget cycle and makes shortfalls visible to "
				"management.",
			.small =
				"Write down the time given to the ISMS manager and other role "
				"holders, the budget for tools, training and the certification "
				"audit, and any consultancy. Agree it at the leadership meeting and "
				"record it as a direction.",
			.large =
				"Put ISMS resourcing into the annual budget and workforce plan, "
				"with business cases for major control investments tied to risk "
				"treatment. Track headcount and spend against plan and report gaps "
				"to the steering committee.",
			.pitfalls =
				"No evidence that resources were ever discussed. An ISMS manager "
				"doing the job in spare moments. Treatment actions with no budget. "
				"Resource decisions made in corridors and never recorded.",
			.auditor =
				"How resource needs are worked out and how management knows they "
				"are enough, usually in the management interview. Auditors look "
				"for budget decisions and review outputs on resources, and read "
				"long-overdue actions as a sign of under-resourcing.",
		},
		.climate = NULL,
	},
	{
		.number = "7.2",
		.guidance = {
			.what =
				"Begin with the roles that carry real security responsibility - ISMS "
				"manager, administrators, developers, incident handlers, internal "
				"auditors - and write a short skills profile for each. Compare each "
				"holder against the profile, using certificates, CVs and what you "
				"have seen them do. Where someone falls short, agree a fix such as a "
				"course, coaching, a new hire or an outside specialist, and a few "
				"months later confirm it closed the gap. The skills matrix and the "
				"evidence behind it are the records you keep.",
			.why =
				"Controls are only as good as the people running them. Competence "
				"records show that the firewall administrator, the internal auditor "
				"and the incident handler can actually do the job, and they help "
				"target training spend.",
			.small =
				"Keep a simple matrix of roles against required skills and record "
				"each person's qualifications, courses and relevant experience. Fill "
				"gaps with a targeted course or a consultant, and note afterwards "
				"whether it helped.",
			.large =
				"Work through the HR learning system and role profiles. Define "
				"competence frameworks for security roles, review skills yearly, and "
				"set certification expectations for specialists, auditors and "
				"privileged administrators. Check effectiveness through assessments "
				"or performance reviews.",
			.pitfalls =
				"Confusing competence with everyone's awareness training. Keeping "
				"attendance lists but never stating the competence a role needs. "
				"Never checking whether training worked. Forgetting contractors and "
				"outsourced staff who hold security roles.",
			.auditor =
				"The auditor picks a few security roles, asks what competence they "
				"need, and asks for evidence that the current holders have it: "
				"certificates, CVs, training records, experience. Internal auditor "
				"competence is a favourite sample.",
		},
		.climate = NULL,
	},
	{
		.number = "7.3",
		.guidance = {
			.what =
				"Make sure everyone working for the organisation, staff and "
				"contractors alike, knows the security policy, understands how "
				"their work affects security, and knows what follows if they ignore "
				"the rules. Cover it at joining and regularly after, and keep "
				"records.",
			.why =
				"Most incidents involve people: a phishing click, a misdirected "
				"email, a shared password. Awareness turns policy into everyday "
				"habits and makes people report problems instead of hiding them.",
			.small =
				"A short induction session, a yearly e-learning module and monthly "
				"tips or phishing exercises are enough. Keep attendance and a record "
				"that each person has read the policy.",
			.large =
				"Use a learning platform with role-based modules, track completion "
				"per business unit and report it to management. Run phishing "
				"simulations and targeted campaigns after incidents, and measure "
				"changes in behaviour, not just completion.",
			.pitfalls =
				"Yearly click-through training nobody remembers. Forgetting "
				"contractors and temporary staff. Never mentioning consequences. Not "
				"checking whether behaviour changed. Generic content that does not "
				"reflect the organisation's own rules.",
			.auditor =
				"Auditors stop people at random and ask what the policy says, how "
				"to report an incident and how to handle confidential information. "
				"They also ask for awareness records and completion rates.",
		},
		.climate = NULL,
	},
	{
		.number = "7.4",
		.guidance = {
			.what =
				"Build a simple communication plan. List the recurring security "
				"messages - reports to management and the board, policy launches and "
				"changes, staff reminders, notices to customers, suppliers and "
				"regulators - and give each an owner, an audience, a channel and a "
				"rhythm. Add the one-off messages you can predict, above all incident "
				"notifications, with who approves them and any legal deadline. Keep "
				"the plan short enough to use, and file a copy of each message sent "
				"as evidence.",
			.why =
				"Planned communication gets changes and incidents to the right people "
				"in time, gives management and the board regular reporting, and keeps "
				"outside messages consistent and authorised, above all during an "
				"incident. It is also how the governing body learns enough to direct "
				"and monitor security.",
			.small =
				"A one-page plan of recurring communications is enough: monthly "
				"report to the leadership team, yearly policy reminder, incident "
				"notices to customers, breach notification to the regulator, each "
				"with owner, audience and channel. Add who decides on external "
				"statements during an incident.",
			.large =
				"Coordinate with corporate communications, legal and investor "
				"relations, and decide who may speak about security externally. "
				"Include board and audit committee reporting, and set notification "
				"paths for incidents across regions with their regulatory deadlines. "
				"Rehearse the incident messages in exercises.",
			.pitfalls =
				"No plan, only ad hoc messages. Forgetting outside communication "
				"during incidents. No route for staff to raise security concerns. "
				"Board reporting that happens only after something goes wrong.",
			.auditor =
				"The communication plan or matrix, and evidence that planned "
				"communications took place: reports to management, policy "
				"announcements, customer notices. After an incident, expect to be "
				"asked who was told, when, and by whom.",
		},
		.climate = NULL,
	},
	{
		.number = "7.5",
		.guidance = {
			.what =
				"Keep the documented information the ISMS needs under control. Three "
				"parts: deciding what is documented (7.5.1), creating and updating it "
				"with identification, format and approval (7.5.2), and controlling "
				"it, from distribution to retention and disposal (7.5.3).",
			.why =
				"Documents and records are how the ISMS shows what it does. "
				"Uncontrolled ones contradict each other and cannot be trusted as "
				"evidence.",
			.small =
				"Keep every document in the workbench: the version, author, approval "
				"act and review date come with it. Few documents, kept current, beat "
				"many stale ones.",
			.large =
				"Align with the organisation's document management system, name "
				"owners per document family, and report review status to management "
				"regularly.",
			.pitfalls =
				"Approvals nobody can trace. Old versions in circulation. Records "
				"kept for ever, or thrown away too soon.",
			.auditor =
				"The list of documents, how they are approved and reviewed, samples "
				"of versions and approvals, and retention in practice.",
		},
		.climate = NULL,
	},
	{
		.number = "7.5.1",
		.guidance = {
			.what =
				"Keep the documented information the standard asks for - scope, "
				"policy, risk method, SoA, treatment plan, objectives, competence "
				"evidence, operational records, monitoring results, audit programme "
				"and results, review results, nonconformities - plus whatever else "
				"you decide the ISMS needs. List it all in the document register.",
			.why =
				"Documented information is how the ISMS remembers and proves what "
				"it does. Keeping it in one controlled place avoids conflicting "
				"versions and makes audits faster.",
			.small =
				"Stay lean: the mandatory items, a few procedures for the riskiest "
				"activities, and the records your processes produce anyway. Register "
				"each document in the workbench with where it lives.",
			.large =
				"Keep one document register across sites, decide which documents "
				"are global and which local, and agree a single system of record. "
				"Refer to existing corporate documents (HR policies, procurement "
				"procedures) instead of copying them.",
			.pitfalls =
				"Writing for the auditor instead of the reader. Missing mandatory "
				"items. Hundreds of documents nobody reads. Records scattered across "
				"email, shared drives and wikis with no register.",
			.auditor =
				"The auditor checks that all required documented information exists, "
				"usually starting from the register. They then sample how documents "
				"and records are found and used in practice.",
		},
		.climate = NULL,
	},
	{
		.number = "7.5.2",
		.guidance = {
			.what =
				"Give every document a clear identity - title, ID, version, date, "
				"author, owner - and a suitable format, and have it reviewed and "
				"approved before use. When it changes, raise the version and get it "
				"approved again.",
			.why =
				"Identity and approval make sure people use the right, authorised "
				"version and know who answers for it. Approval is also what turns a "
				"draft into a commitment.",
			.small =
				"Use the workbench's document fields for ID, version, owner and "
				"approver. Approval can be a recorded sign-off by the owner's "
				"manager; the commit records who approved and when.",
			.large =
				"Set approval authority by level: board for the top-level policy, "
				"executive for topic-specific policies, process owners for "
				"procedures. Use workflow in the document system, and check metadata "
				"quality across sites from time to time.",
			.pitfalls =
				"Documents with no version or date. Drafts in use. Authors approving "
				"their own work. Approvals that cannot be traced to a person and a "
				"date. Reviews done only when the auditor is due.",
			.auditor =
				"The auditor samples documents for identification, version, approval "
				"and review dates. They also check that the approver had the "
				"authority to approve.",
		},
		.climate = NULL,
	},
	{
		.number = "7.5.3",
		.guidance = {
			.what =
				"Choose one place where ISMS documents and records live, and set "
				"access so people can read what they need but only owners can change "
				"it, with history kept. For each type of record, decide how long it "
				"is kept and how it is destroyed afterwards, and pull superseded "
				"versions out of circulation. Register documents that come from "
				"outside - contracts, supplier reports, the standards you follow - "
				"with source and date, so changes to them get noticed. Test the "
				"set-up once a year by trying to find a current procedure and an old "
				"record.",
			.why =
				"If people cannot find the current procedure they improvise; if "
				"records are lost or altered you cannot prove anything. Control "
				"keeps the ISMS usable and its evidence trustworthy.",
			.small =
				"Keep everything in one repository with access control and full "
				"history, such as this Git-based workbench. Set a retention period "
				"per record type, and register outside documents with their source "
				"and date.",
			.large =
				"Use a document management system with role-based access, "
				"classification labels, legal hold, and retention schedules aligned "
				"with the corporate records policy. Check regularly that obsolete "
				"versions are out of use at every site.",
			.pitfalls =
				"Old versions still circulating on shared drives or on paper. No "
				"retention rules. Records anyone can edit without trace. Outside "
				"documents nobody tracks, so a supplier's new terms go unnoticed. "
				"Confidential documents stored without protection.",
			.auditor =
				"How the current version is found, how obsolete versions are kept "
				"out of use, who can change documents and how changes are tracked, "
				"and the retention rules. The auditor may ask for a record from last "
				"year to test retention.",
		},
		.climate = NULL,
	},
	{
		.number = "8.1",
		.guidance = {
			.what =
				"Turn the risk treatment plan into routines people run every week: "
				"joiners and leavers, backup, patching, change, incident handling, "
				"supplier checks. For each routine, write down what 'done properly' "
				"looks like and make sure the tools or tickets leave a record each "
				"time it runs. Put security checks into change management, and look "
				"back at any emergency or unexpected change to see what it broke. "
				"Treat cloud services, outsourced IT and other suppliers as part of "
				"the operation, with contract terms and periodic checks that their "
				"part works too.",
			.why =
				"This is where plans meet daily work. Criteria and records show the "
				"controls actually run - backups taken, access reviewed, patches "
				"applied - and control of outsourcing covers the large share of risk "
				"that now sits with suppliers and cloud providers.",
			.small =
				"Write short procedures for the key routines (joiners and leavers, "
				"backup, patching, change, incidents, supplier review) and let your "
				"tools produce the records. Review supplier security at onboarding "
				"and once a year.",
			.large =
				"Build security criteria into IT service management (change, "
				"release, incident, problem, supplier management), with operational "
				"KPIs and automated evidence collection. Tier suppliers by risk and "
				"use contract clauses to control outsourced processes.",
			.pitfalls =
				"Procedures describing an ideal nobody follows. No records, so "
				"nothing can be shown. Unplanned changes never reviewed. Treating "
				"cloud and SaaS providers as outside the ISMS.",
			.auditor =
				"Auditors spend most of their time here, sampling records: change "
				"tickets, access reviews, backup logs, supplier assessments. They "
				"compare what procedures say with what happens and follow up "
				"unplanned changes and incidents.",
		},
		.climate = NULL,
	},
	{
		.number = "8.2",
		.guidance = {
			.what =
				"Run the assessment method from 6.1.2 at the planned interval, "
				"usually yearly, and whenever something significant changes: a new "
				"system or supplier, a reorganisation, a major incident, a new "
				"threat. Keep the results.",
			.why =
				"Risks move. Reassessing on schedule and on change keeps the risk "
				"register and the SoA current, so the ISMS is not defending against "
				"last year's threats.",
			.small =
				"Review the whole register in a yearly workshop and update single "
				"risks when a project or incident changes them. Keep a review date "
				"on each risk so overdue ones stand out.",
			.large =
				"Schedule assessments per business unit or service, and trigger them "
				"from change management and project gates. Consolidate results "
				"centrally so management sees trends and aggregated exposure.",
			.pitfalls =
				"Assessing once for certification and never again. No trigger for "
				"reassessment on change. Scores changed without a reason recorded. "
				"Results that never reach the treatment plan.",
			.auditor =
				"When risks were last assessed, and evidence of reassessment after "
				"significant changes. The auditor checks that results are retained "
				"and consistent with the method.",
		},
		.climate = NULL,
	},
	{
		.number = "8.3",
		.guidance = {
			.what =
				"Carry out the treatment plan: implement controls and actions on "
				"schedule, and update each risk as its actions complete. Record the "
				"results, including the residual risk after treatment.",
			.why =
				"A plan that is not carried out leaves risks open while the "
				"paperwork says otherwise. Tracking delivery shows management what "
				"is done, what is late and where the business is still exposed.",
			.small =
				"Track actions in the workbench with owner and due date, and go "
				"through overdue ones at the monthly leadership meeting. Close each "
				"action with a note of the evidence.",
			.large =
				"Run treatment actions through the project portfolio, report status "
				"to the steering committee, and escalate overdue actions on high "
				"risks. Have a second-line function verify completion.",
			.pitfalls =
				"Actions months overdue with no escalation. Closing actions without "
				"evidence. Not re-scoring risks after treatment. SoA implementation "
				"status left behind as actions complete.",
			.auditor =
				"The auditor samples treatment actions and asks for evidence of "
				"implementation. Expect questions on how overdue items are escalated "
				"and whether the SoA status matches reality.",
		},
		.climate = NULL,
	},

	/* ---- Check --------------------------------------------------------- */
	{
		.number = "9.1",
		.guidance = {
			.what =
				"Start from the objectives and the controls that carry the most risk, "
				"and choose a small set of measures that would show if they were "
				"failing. Write a one-line definition for each - data source, "
				"formula, target and owner - so the figure means the same thing every "
				"month. Collect on a fixed rhythm, look at trends rather than single "
				"readings, and add a short note on what the numbers mean and what "
				"should happen next. Those notes, kept with the data, become your "
				"input to management review.",
			.why =
				"Without measurement management runs on impressions. Good measures "
				"show whether controls work, reveal weak spots before an incident "
				"does, and give management review and the board facts to decide on.",
			.small =
				"Pick 5 to 10 measures tied to objectives and key controls, such as "
				"patch delay, MFA coverage, training completion, incidents by type "
				"and restore test results. Record them monthly in the workbench and "
				"discuss them at the leadership meeting.",
			.large =
				"Build a metrics framework with defined methods and owners, collect "
				"automatically from security tools, and give dashboards to the "
				"steering committee and key risk indicators to the board. Analyse "
				"trends across sites and periods, not just the latest figure.",
			.pitfalls =
				"Measuring what is easy instead of what matters. Numbers nobody "
				"analyses. No defined method, so results cannot be compared. "
				"Counting activity (tickets closed) instead of effectiveness.",
			.auditor =
				"What is measured and why, the methods and responsibilities, and "
				"results showing analysis and action. The auditor checks that "
				"results feed management review.",
		},
		.climate = NULL,
	},
	{
		.number = "9.2",
		.guidance = {
			.what =
				"Draw up a rolling audit calendar, typically spanning one to three "
				"years, that reaches every clause and every applicable control, with "
				"high-risk areas and past trouble spots visited more often. Before "
				"each audit, write a one-page plan naming the scope, what it will be "
				"checked against and an auditor with no stake in the area. During the "
				"audit, interview people and sample real records rather than only "
				"reading procedures. Close with a report to the managers concerned, "
				"log the findings as nonconformities or improvements, and keep the "
				"calendar, plans and reports.",
			.why =
				"Internal audit is your own check that the ISMS conforms and works, "
				"before the certification body looks. It finds problems early, and "
				"a well-run programme earns the external auditor's trust.",
			.small =
				"Use a part-time auditor from another team or a contracted one, so "
				"nobody audits their own work. Cover the ISMS over a year in two or "
				"three audits and send each report to management.",
			.large =
				"Use the internal audit function or a dedicated ISMS audit team with "
				"a risk-based multi-year programme across sites, coordinated with "
				"other management system audits. Track findings centrally and report "
				"trends to the audit committee.",
			.pitfalls =
				"Auditors auditing their own work. A programme that leaves clauses "
				"or controls uncovered in the cycle. Audits that only read "
				"documents. Findings never followed up. Auditing everything in the "
				"month before certification.",
			.auditor =
				"The programme, audit plans and reports, auditor independence and "
				"competence, and follow-up of findings. The auditor checks that the "
				"programme covers the full scope within its cycle.",
		},
		.climate = NULL,
	},
	{
		.number = "9.2.1",
		.guidance = {
			.what =
				"Carry out internal audits at the intervals you planned, checking "
				"both that the ISMS meets your own requirements and the standard's, "
				"and that it really works in day-to-day practice. Record each audit "
				"with its scope, auditor, date and results.",
			.why =
				"An audit that was planned but never held is no evidence. Held "
				"audits, with their results, show the ISMS is checked from inside "
				"before anyone else checks it.",
			.small =
				"Hold two or three short audits a year, each on a part of the ISMS, "
				"and record the results the same week.",
			.large =
				"Schedule audits per site and process, track them against the "
				"programme, and escalate audits that slip.",
			.pitfalls =
				"Audits postponed until just before certification. Results never "
				"written down. Reports that say only 'no findings'.",
			.auditor =
				"Completed audit records, their dates against the programme, and the "
				"results as reported.",
		},
		.climate = NULL,
	},
	{
		.number = "9.2.2",
		.guidance = {
			.what =
				"Write the audit programme: how often each area is audited, the "
				"methods, who is responsible, how audits are planned and reported, "
				"and how auditors are chosen so that nobody audits their own work. "
				"Approve it, then run each audit from it with its criteria and scope.",
			.why =
				"The programme is what makes audits systematic rather than "
				"occasional; it shows coverage and impartiality.",
			.small =
				"One page: a table of areas against months, the auditor for each, and "
				"how results reach management.",
			.large =
				"A risk-based, multi-year programme shared with other management "
				"systems, with a pool of trained auditors and rotation rules.",
			.pitfalls =
				"A programme with no link to risk or past findings. The ISMS manager "
				"auditing the ISMS. Criteria and scope left blank.",
			.auditor =
				"The approved programme, the criteria and scope of each audit, how "
				"auditors were selected, and reports to management.",
		},
		.climate = NULL,
	},
	{
		.number = "9.3",
		.guidance = {
			.what =
				"Top management reviews the ISMS at planned intervals that it chooses "
				"itself; a yearly review is common practice rather than a "
				"requirement, and many add one after a major change. Work through all "
				"seven inputs (a-g): earlier actions, changed issues, changed party "
				"needs, performance trends (nonconformities, measures, audits, "
				"objectives), party feedback, risk and treatment status, and "
				"improvement ideas. Close with recorded decisions on improvements and "
				"on changes to the ISMS.",
			.why =
				"The review is where top management takes ownership of ISMS "
				"performance and decides what to change. It ties the ISMS to "
				"decisions on budget, priorities and risk appetite, and it is the "
				"main evidence of leadership.",
			.small =
				"Hold one or two dedicated sessions a year with the leadership team, "
				"using the workbench's a-g checklist as the agenda and the measures, "
				"audit results and risk register as inputs. Minute decisions and "
				"actions with owners and dates.",
			.large =
				"Hold reviews per site or business unit that feed an executive "
				"review, with a pre-read pack prepared by the ISMS office. Send the "
				"conclusions to the board or audit committee and track decisions to "
				"completion.",
			.pitfalls =
				"Inputs missing from the agenda. A review that presents information "
				"and decides nothing. Top management absent. Actions from the last "
				"review never followed up. Minutes written weeks later from memory.",
			.auditor =
				"The minutes of the last review, checked for every input and for top "
				"management attendance. The auditor then follows a decision on "
				"improvement or change through to completion.",
		},
		.climate = NULL,
	},

	/* ---- Act ----------------------------------------------------------- */
	{
		.number = "9.3.1",
		.guidance = {
			.what =
				"Top management reviews the ISMS at intervals it plans, to see that "
				"it stays suitable, adequate and effective. Record each review: when "
				"it was held and who attended.",
			.why =
				"Management review is where leaders take ownership of the ISMS; "
				"without it, the ISMS drifts into a side project of the security "
				"team.",
			.small =
				"A yearly two-hour meeting of the management team, held and recorded "
				"in the workbench.",
			.large =
				"A review cycle set in the governance calendar, feeding board "
				"reporting, with reviews after major changes too.",
			.pitfalls =
				"Reviews that slip a year. Attendance that leaves out the decision "
				"makers.",
			.auditor =
				"The review records, their dates against the planned interval, and "
				"who attended.",
		},
		.climate = NULL,
	},
	{
		.number = "9.3.2",
		.guidance = {
			.what =
				"Cover every input the standard lists, a) to g): actions from earlier "
				"reviews, changed external and internal issues, changed needs of "
				"interested parties, performance (nonconformities, measurements, "
				"audits, objectives), feedback, the risk assessment and treatment "
				"plan, and opportunities to improve. Write a line on each in the "
				"review record.",
			.why =
				"The inputs make the review an informed look at the whole ISMS rather "
				"than a status meeting.",
			.small =
				"Prepare a short paper covering each input before the meeting; the "
				"workbench's status and check output supply most of it.",
			.large =
				"Have each input owner submit a summary beforehand, and keep trend "
				"data across reviews.",
			.pitfalls =
				"Inputs left out because there was nothing new: say so instead. "
				"Performance reported without trends.",
			.auditor =
				"The review record showing each input considered, and the data behind "
				"the performance input.",
		},
		.climate = NULL,
	},
	{
		.number = "9.3.3",
		.guidance = {
			.what =
				"Record the results: decisions on continual improvement and any "
				"changes the ISMS needs, and have top management approve them. Turn "
				"each decision into an action or improvement with an owner.",
			.why =
				"The results are what the review changes. Approved decisions with "
				"owners show that leadership directs the ISMS.",
			.small =
				"Write the decisions at the end of the meeting and have the managing "
				"director approve the record with 'isms approve'.",
			.large =
				"Minute the decisions formally, approve them in the governance body, "
				"and track each through to closure.",
			.pitfalls =
				"Decisions nobody owns. Minutes that record discussion but no "
				"decisions. Results never approved.",
			.auditor =
				"The approved results, the actions that came from them, and their "
				"progress by the next review.",
		},
		.climate = NULL,
	},
	{
		.number = "10.1",
		.guidance = {
			.what =
				"Treat the ISMS as something that should fit the business better and "
				"protect it better each year, not merely stay compliant. Collect "
				"improvement ideas from audits, incidents, measures, management "
				"review, staff and suppliers, decide which to pursue, and track them "
				"to completion.",
			.why =
				"Threats and the business change, so an ISMS that stands still gets "
				"weaker every year. A visible improvement log shows the ISMS is "
				"learning, not just maintaining paperwork.",
			.small =
				"Keep an improvement log in the workbench with an owner and target "
				"date per item, and add lessons learned after each incident. Review "
				"the log at the leadership meeting.",
			.large =
				"Run improvement as a programme with priorities set by the steering "
				"committee, and link it to a maturity model or roadmap. Share good "
				"practice between sites.",
			.pitfalls =
				"Assuming corrective actions alone prove improvement. No record of "
				"improvements made. Ideas never prioritised or resourced. Mistaking "
				"more documentation for improvement.",
			.auditor =
				"Examples of improvements made since the last audit. The auditor asks "
				"how opportunities are found, judged and tracked.",
		},
		.climate = NULL,
	},
	{
		.number = "10.2",
		.guidance = {
			.what =
				"Log the problem as soon as it is spotted, whether it came from an "
				"audit, an incident or a missed routine, and contain it first: "
				"restore the control, limit the damage, warn those affected. Once "
				"things are stable, keep asking why it happened until you reach a "
				"cause you can act on, and search other teams, sites and systems for "
				"the same weakness. Agree a corrective action with an owner and date, "
				"sized to how serious the problem was, and change procedures or the "
				"ISMS itself where the cause lies there. Weeks after closing, check "
				"the problem has not returned, and keep the log entry as the record.",
			.why =
				"Corrective action stops the same problem coming back. Root cause "
				"analysis turns one-off fixes into lasting change and is one of the "
				"clearest signs of a mature ISMS.",
			.small =
				"Log each nonconformity in the workbench with the immediate fix, a "
				"short root cause (five whys is fine), the corrective action, owner "
				"and due date. Add an effectiveness check a few weeks later.",
			.large =
				"Use one corrective action system shared with other management "
				"systems, grade nonconformities by severity, and require root cause "
				"analysis for major ones. Look for the same issue at other sites and "
				"report trends to management review.",
			.pitfalls =
				"Fixing only the symptom. 'Human error' given as the root cause. No "
				"check that the action worked. Closing actions on their due date "
				"regardless. Not looking for the same problem elsewhere.",
			.auditor =
				"Sampled nonconformities, including those from the last external "
				"audit, checked for correction, root cause, corrective action, "
				"effectiveness review and records. The same nonconformity coming "
				"back is a red flag.",
		},
		.climate = NULL,
	},
};

size_t isms_clause_prose_count(void)
{
	return sizeof(prose) / sizeof(prose[0]);
}

const struct isms_clause_prose *isms_clause_prose_at(size_t i)
{
	return i < isms_clause_prose_count() ? &prose[i] : NULL;
}

const struct isms_clause_prose *isms_clause_prose_find(const char *number)
{
	if (!number)
		return NULL;
	for (size_t i = 0; i < isms_clause_prose_count(); i++)
		if (strcmp(prose[i].number, number) == 0)
			return &prose[i];
	return NULL;
}

const char *isms_guidance_heading(size_t part)
{
	static const char *const headings[ISMS_GUIDANCE_PARTS] = {
		"What to do", "Why it matters", "In a small organisation",
		"In a large organisation", "Pitfalls", "What an auditor will ask to see",
	};

	return part < ISMS_GUIDANCE_PARTS ? headings[part] : NULL;
}

const char *isms_guidance_part(const struct isms_guidance *g, size_t part)
{
	const char *const parts[ISMS_GUIDANCE_PARTS] = {
		g->what, g->why, g->small, g->large, g->pitfalls, g->auditor,
	};

	return part < ISMS_GUIDANCE_PARTS ? parts[part] : NULL;
}
