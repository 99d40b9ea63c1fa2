/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/text.h"
#include "isms/ui.h"

static const struct command commands[] = {
	{ "tui", cmd_tui, "[--read-only] [--theme NAME|PATH]", "the full-screen walk through the clauses (also: isms alone)",
	  "Opens the full-screen workbench on the ISMS found from the current folder:\n"
	  "the clauses 4.1 to 10.2 by PDCA phase with their states, and for the\n"
	  "selected clause its evidence and guidance. ] jumps to the next clause\n"
	  "that needs work, ? lists the keys, q quits. Enter lists a clause's records;\n"
	  "e edits one in a form, n creates one, r retires one; w (or Ctrl-S) in a form\n"
	  "saves it as a commit. --read-only (also chosen when the repository cannot be\n"
	  "written) shows everything and changes nothing. Unsaved form edits of a\n"
	  "dropped session (SIGHUP) are kept in .git/isms/ui-drafts/ and offered at the\n"
	  "next start.\n"
	  "NO_COLOR=1 (or a terminal without colours) shows it without colours.\n"
	  "--theme NAME|PATH chooses the colours: default, light, dark, high-contrast,\n"
	  "monochrome, a theme in ~/.config/isms/themes/, or a .yaml file; theme: and\n"
	  "keys: in ~/.config/isms/config.yaml set the theme and the keys." },
	{ "init", cmd_init, "[DIR] [--org NAME] [--with-soa]", "make DIR (default .) an ISMS repository",
	  "Creates DIR if needed, a Git repository in it if there is none, and isms.yaml\n"
	  "(with a 5x5 risk method to adapt), and commits them. --with-soa also adds an\n"
	  "undecided Statement of Applicability entry for each of the 93 Annex A\n"
	  "controls. Refuses a folder that already holds an ISMS." },
	{ "new", cmd_new, "KIND [--set FIELD=VALUE]... [-m MSG] [--prefill]", "create a record and commit it",
	  "Creates a record of KIND (policy, risk, control, document) with the next\n"
	  "free ID, or the one given with --set id=ID, sets its fields, validates and\n"
	  "commits it. Prints the new ID, then the commit. --prefill (for a\n"
	  "management-review) fills its inputs a) to g) as isms report\n"
	  "management-review gathers them." },
	{ "set", cmd_set, "ID FIELD=VALUE... [-m MSG] [--drop-comments]", "change fields and commit",
	  "Changes fields of a record and commits. An empty VALUE removes the field.\n"
	  "Lists of IDs are written A,B,C. A file with comments is refused unless\n"
	  "--drop-comments is given, because rewriting it would lose them." },
	{ "show", cmd_show, "ID [--rev REV | --approved] [--json]", "print a record, optionally as of a revision",
	  "Prints the record's file as it is in the working tree, or as of REV\n"
	  "(HEAD~1, a commit hash, a tag). --approved prints exactly the text of its\n"
	  "latest approval (the tag approved/ID/vX.Y), whatever was changed since.\n"
	  "On a terminal, control characters other than newline and tab are shown\n"
	  "escaped (ESC as \\x1b). --json: {id, path, rev, text, fields} (man isms,\n"
	  "JSON OUTPUT)." },
	{ "edit", cmd_edit, "ID", "edit a record in $VISUAL or $EDITOR, then commit",
	  "Opens the record in $VISUAL, $EDITOR or vi. When the editor closes the text\n"
	  "is validated; on errors you can edit again or abort. The draft lives in\n"
	  ".git/isms/drafts/ until it is committed, so an interrupted edit resumes." },
	{ "list", cmd_list, "[KIND] [--json]", "list records: ID, kind, status, title",
	  "One line a record: ID, kind, status, title; a risk ends in its level by\n"
	  "the risk method (likelihood and impact), as [High]. --json: an array of\n"
	  "{id, kind, path, status, title, level, error} (man isms, JSON OUTPUT)." },
	{ "log", cmd_log, "[ID] [-n N] [-p] [--since DATE] [--until DATE] [--author PATTERN] [--oneline] [--json]",
	  "history of one record or of the whole ISMS",
	  "One line a commit, newest first: short hash, date, author, message.\n"
	  "Approval commits end in [approved vX.Y], and [signed] or [signature bad]\n"
	  "when their tag is signed. --since and --until keep the commits from and up\n"
	  "to a DATE (YYYY-MM-DD, the whole day; or YYYY-MM-DDTHH:MM[:SS] with Z or\n"
	  "+HH:MM, local time without); --author those whose author's name or email\n"
	  "contains PATTERN (any case); -n N (--max-count) the first N of them.\n"
	  "--oneline prints hash and message; -p (--patch) each commit's diff after\n"
	  "it; --json an array of {commit, date, author, email, summary, approval,\n"
	  "patch with -p} (man isms, JSON OUTPUT)." },
	{ "diff", cmd_diff, "ID [REV [REV]] | [ID] --since approved|TAG|REV|DATE [--json]", "unified diff of a record",
	  "With no REV: the last commit against the working tree. With one: REV\n"
	  "against the working tree. With two: the first against the second.\n"
	  "--since approved|TAG|REV|DATE, for one record or (without ID) the whole\n"
	  "ISMS: a summary (records added, changed, retired; approvals given in the\n"
	  "commits since) and then the diffs, an external document's own file\n"
	  "included (a binary one as a line with its sha256). approved is the\n"
	  "record's latest approval tag; DATE (YYYY-MM-DD) is the last commit\n"
	  "before that day. --json: {id, path, from, to, patch}, or with --since\n"
	  "{since, from, label, id, changes, approvals, commits, patch} (man isms,\n"
	  "JSON OUTPUT)." },
	{ "check", cmd_check, "[--staged] [--errors-only | --fail-on=error|warning] [--json]",
	  "validate isms.yaml, every record, and the rules across them",
	  "Prints each finding as path:line:column: error|warning: message: fields and\n"
	  "values, references, risk owners and levels against the risk method, the\n"
	  "Statement of Applicability, approvals, overdue reviews, and the lifecycle\n"
	  "rules that 'new', 'set', 'edit', the TUI's form and 'commit' also run\n"
	  "(errors refuse those writes; warnings say what is not yet done). Exits 0 when\n"
	  "there is nothing to report, 1 when there are findings.\n"
	  "--staged (or --cached) checks what is staged, as 'git commit' would take\n"
	  "it (the index in GIT_INDEX_FILE, or git's own), instead of the working\n"
	  "tree: each staged ISMS file with the checks of 'isms commit' (for a\n"
	  "pre-commit hook). --errors-only (--fail-on=error) still prints warnings\n"
	  "but exits 1 only for errors, so that a review falling due does not fail\n"
	  "CI; --fail-on=warning, the default, exits 1 for any finding." },
	{ "status", cmd_status, "[--json]", "clause by clause: what evidence exists, and the next step",
	  "The ISMS type (27014 Annex B). For each clause of ISO/IEC 27001:2022 from\n"
	  "4.1 to 10.2 (parents 6.1, 7.5, 9.2, 9.3 from their sub-clauses): missing,\n"
	  "draft, overdue or done. A record counts only in the state its clause needs:\n"
	  "complete (the fields that make it evidence), approved by 'isms approve' and\n"
	  "unchanged since (fields typed by hand are no approval), current (not past\n"
	  "its review), done (an audit with results, a review with inputs a-g);\n"
	  "progress per PDCA phase;\n"
	  "the next clause that needs work; records overdue for review and those due\n"
	  "within 30 days (next_review); files not committed, with their records;\n"
	  "retired records whose retention has ended; findings. --json carries the\n"
	  "same as reviews, changes and retention." },
	{ "guide", cmd_guide, "CLAUSE [--json]", "guidance for a clause, and what this ISMS lacks for it",
	  "What to do, why, how in a small and in a large organisation, the pitfalls\n"
	  "and what an auditor asks to see; then this repository's evidence for it,\n"
	  "and what to do. A parent clause (6.1, 7.5, 9.2, 9.3) lists its sub-clauses." },
	{ "catalog", cmd_catalog, "clauses|controls|governance [--json]",
	  "the built-in clause, Annex A and governance catalogues",
	  "clauses: the clauses of ISO/IEC 27001:2022 (4.1 to 10.2, with the parents\n"
	  "6.1, 7.5, 9.2, 9.3). controls: the 93 Annex A controls; --json adds their\n"
	  "ISO/IEC 27002:2022 attributes (type, properties, concepts, operational\n"
	  "capabilities, security domains). governance: the six governance principles\n"
	  "of ISO/IEC 27014:2020, with what each asks in our words." },
	{ "soa", cmd_soa, "init", "add an undecided SoA entry for every Annex A control", NULL },
	{ "retire", cmd_retire, "ID -m REASON", "retire a record (it stays in history)",
	  "Sets status to retired with today's date and the reason, and commits." },
	{ "approve", cmd_approve, "ID [-m MSG]", "approve a controlled document as the next major version",
	  "Approves a policy, procedure, document, scope or audit programme as git's\n"
	  "identity: sets status approved, approved_by, approved_on, the next major\n"
	  "version (0.3 -> 1.0, 1.2 -> 2.0) and next_review (review_months in\n"
	  "isms.yaml), commits with the trailers Status, Version, Approved-by and\n"
	  "Approved-blob (the approved file's blob id), and tags the commit\n"
	  "approved/ID/vX.Y (signed when git is configured to sign tags). Refused\n"
	  "when the record does not validate, has uncommitted changes or has not\n"
	  "changed since its last approval, and when the approver wrote any of the\n"
	  "commits since then, unless isms.yaml lists the kind under self_approval:\n"
	  "the approval is then recorded as self-approved. -m MSG adds a note.\n"
	  "A management review (its results, 9.3.3), a board report or an SoA entry\n"
	  "is approved the same way (status approved, approved_by, approved_on,\n"
	  "the tag approved/ID/vN.0), without a version of its own. Where isms.yaml\n"
	  "has authority: {approve: {KIND: ROLE}}, only the role's holder (found in\n"
	  "the people register by the email of their Git identity) may approve." },
	{ "review", cmd_review, "ID -m COMMENTS --decision approve|changes-requested",
	  "record a review of a controlled document",
	  "Records a reviewer's comments and decision on a controlled document as git's\n"
	  "identity: a commit of its own that changes no file, with the trailers Record,\n"
	  "Clause, Review (approve or changes-requested), Reviewed-by and Reviewed-blob\n"
	  "(the blob of the text reviewed). It shows in 'isms log ID'. A review is not\n"
	  "an approval ('isms approve') and does not make the reviewer an author.\n"
	  "Refused when the record has changes that are not committed." },
	{ "dispose", cmd_dispose, "ID -m REASON", "dispose of a retired record whose retention has ended",
	  "Removes the file of a retired record (and a document's own file) in a commit\n"
	  "with the trailers Record, Clause and Disposed: yes; its history stays. The\n"
	  "retention runs from retired_on: the record's own retention (\"6 years\") or\n"
	  "retention_years for its kind in isms.yaml. Refused before it has ended and\n"
	  "for records without a retention period. 'isms status' lists what is due." },
	{ "doc", cmd_doc, "add FILE [--title T] [--owner O] [--classification C] | update ID FILE [-m MSG]",
	  "register an external document (PDF, ...) or a new version of it",
	  "add copies FILE into documents/files/ and creates a document record with its\n"
	  "title (default: the file's name), version 0.1, owner, classification, file\n"
	  "and sha256, and commits both. Refuses symbolic links, files over 50 MiB and\n"
	  "names that already exist there. 'isms check' reports a document whose file\n"
	  "is missing or no longer matches its sha256.\n"
	  "update copies FILE over the document's file, sets its sha256 and the next\n"
	  "minor version (an approved document starts its next draft: 1.0 -> 1.1) and\n"
	  "commits both. FILE may be the document's file itself, changed in place.\n"
	  "Refused when FILE is the version already recorded, and when the record has\n"
	  "changes that are not committed." },
	{ "commit", cmd_commit, "PATH... -m MSG", "commit files changed outside the workbench",
	  "Validates each PATH (a record, a file in documents/files/ or isms.yaml,\n"
	  "changed, added or deleted in the working tree by hand or another tool) and\n"
	  "commits exactly those paths with MSG and a Record trailer per record. A\n"
	  "record must parse and validate (findings are printed as path:line:col);\n"
	  "a document's file must match its record's sha256, otherwise register it\n"
	  "as a new version with 'isms doc update ID FILE'. Nothing is committed when\n"
	  "any PATH is refused. 'isms status' lists the files not committed." },
	{ "config", cmd_config, "get KEY | set KEY VALUE [-m MSG]", "read or change a setting of isms.yaml",
	  "get prints the value of a setting of isms.yaml (exit status 1 when it is not\n"
	  "set); set changes it (an empty VALUE removes it), checks the new isms.yaml\n"
	  "as 'isms check' does and commits it (trailers Record: isms.yaml, Clause:\n"
	  "4.3). KEY is organisation, edition, isms_type (whole-entity, part-of-entity,\n"
	  "several-isms), id_digits, self_approval (kinds, as policy,procedure), or\n"
	  "review_months.KIND, retention_years.KIND or id_prefixes.KIND. The risk\n"
	  "method is edited in isms.yaml itself and committed with 'isms commit'.\n"
	  "A file with comments is refused, because rewriting it would lose them." },
	{ "sync", cmd_sync, "[REMOTE|URL] [--ours ID]... [--theirs ID]... [--renumber ID]... [--json]",
	  "fetch, merge record by record, and push (working together through Git)",
	  "Fetches from REMOTE, a remote's name or an address (default: the branch's\n"
	  "upstream, or origin) with the approval tags, brings the current branch and\n"
	  "the remote's branch together (branch.NAME.merge for the upstream, else the\n"
	  "branch of the same name), and pushes the result with its approval tags, all\n"
	  "or nothing (where remote.NAME.push says, else to the branch merged). A push\n"
	  "refused because someone pushed meanwhile is fetched, merged and tried once\n"
	  "more; one the server refuses (a hook) shows the server's message and keeps\n"
	  "your commits. git's progress shows on a terminal; --json prints what was\n"
	  "done and the conflicts, field by field, as one JSON object.\n"
	  "The same version approved on both sides (a tag at two commits) is a\n"
	  "conflict: --theirs TAG takes the remote's; yours is kept as\n"
	  "refs/isms/replaced-tags/TAG. Fetching and\n"
	  "pushing run git, so ssh-agent, ~/.ssh/config (jump hosts), known_hosts,\n"
	  "core.sshCommand, credential helpers, askpass programs and proxies work as\n"
	  "for git itself, and its prompts reach the terminal. When only one side has new commits the\n"
	  "other moves to it; when both have, they are merged into a merge commit: a\n"
	  "record changed on one side is taken from that side, and a record changed\n"
	  "on both is merged field by field (a field changed on one side is taken\n"
	  "from it; a long text changed on both is merged by lines where the changes\n"
	  "do not overlap). Only fields changed on both sides to different values\n"
	  "are a conflict, listed field by field with who changed each side; so is a\n"
	  "decision (an approval, an acceptance) made on one side while the other\n"
	  "changed the record (a change after approval), and a record deleted on one\n"
	  "side and changed on the other. Then nothing changes here (the remote's\n"
	  "tags are not created either) and the exit status is 1. Both versions stay\n"
	  "available (yours on the branch, theirs on REMOTE/BRANCH); sync again with\n"
	  "--ours ID or --theirs ID (repeatable; all in one command): the chosen\n"
	  "side's values for the fields in conflict (the whole record for a change\n"
	  "after approval); the merge commit names the version not kept\n"
	  "(Conflict-resolved trailer) and keeps it as its\n"
	  "other parent. Two different records added on both sides with the same ID\n"
	  "are an ID clash: --renumber ID keeps both, giving yours the next free\n"
	  "number (references to it in records you added or changed follow). A sync\n"
	  "that would change a file with changes not committed is refused. Files that\n"
	  "came in and cannot be read are listed (exit status 1)." },
	{ "import", cmd_import, "soa|risks|assets|records FILE.csv|FILE.xlsx [--map COLUMN=FIELD]... [--dry-run]",
	  "create and change records from a spreadsheet, in one commit",
	  "Reads FILE (CSV: comma, semicolon or tab separated, UTF-8 with or without\n"
	  "a BOM, or Windows-1252; or the first worksheet of an XLSX file). Its first\n"
	  "row names the columns, matched to the kind's fields by name or by the words\n"
	  "spreadsheets use (control, applicable, justification, status for the SoA;\n"
	  "likelihood, impact, owner for risks), case and accents aside; --map\n"
	  "COLUMN=FIELD for the rest (COLUMN= leaves a column out). Every row is a\n"
	  "record: one that exists (by ID, or else by title) is changed field by field,\n"
	  "never duplicated; an empty cell changes nothing. Values are checked as any\n"
	  "write checks them: dates as 2026-12-06, 6.12.2026 or 25/12/2026 (06/12/2026\n"
	  "is refused: day and month could be either), levels or their labels,\n"
	  "references to records that exist or are in the file. Decisions are never\n"
	  "imported: columns such as approved_by and values such as status approved are\n"
	  "left out with a warning. Every problem is printed as FILE:ROW:COLUMN; with\n"
	  "any error nothing is written. Otherwise all of it is one commit, whose\n"
	  "trailers name the file and its SHA-256. --dry-run prints what would be\n"
	  "created and changed, and writes nothing (exit status 1 when it has errors)." },
	{ "demo", cmd_demo, "[DIR] [--no-tui]", "build a demonstration ISMS and open it",
	  "Builds a demonstration ISMS for a fictional company, with a history of\n"
	  "commits by several people, in DIR or in a new temporary folder, and opens\n"
	  "the full-screen walk on it; with --no-tui, or when not at a terminal, it\n"
	  "prints the status instead." },
	{ "export", cmd_export,
	  "soa|risks|treatment-plan|policies|records [--format md|html|csv|json|pdf|xlsx|oscal] [-o PATH] [--rev REV] [--decision D] [--theme T] [--attribute A]",
	  "write the SoA, the risk register, the treatment plan, the policy set or the evidence index",
	  "Writes a report made from the records as committed (never the working\n"
	  "tree): soa (the Statement of Applicability: the 93 Annex A controls, then\n"
	  "the organisation's own), risks (the risk register with levels by the risk\n"
	  "method and heat maps), treatment-plan (the actions and the plan per risk),\n"
	  "policies (each policy and procedure as its approval tag holds it, never a\n"
	  "draft, with its 7.5.2 metadata), records (every record and external file\n"
	  "with its SHA-256, approval tag and signature state).\n"
	  "--rev REV: as of a commit, a tag or a date (YYYY-MM-DD: the last commit\n"
	  "made on or before that day). --format md (default; or from -o's\n"
	  "extension), html (one self-contained page, printable), csv (the main\n"
	  "table, RFC 4180; formulas neutralised), json (man isms, JSON OUTPUT) or\n"
	  "pdf (the HTML printed by a headless chromium; needs -o).\n"
	  "-o PATH writes the file (replaced atomically), else standard output.\n"
	  "For soa: --decision applicable|excluded|undecided, --theme\n"
	  "organizational|people|physical|technological, --attribute a 27002\n"
	  "attribute value (preventive, confidentiality, protect, ...).\n"
	  "SOURCE_DATE_EPOCH fixes the generation date: the same commit gives the\n"
	  "same bytes.\n"
	  "--format xlsx (or -o FILE.xlsx): a workbook, a front sheet and a sheet per\n"
	  "table (frozen, filterable header; dates as dates; risk levels coloured;\n"
	  "formulas neutralised as in csv). --format oscal (soa only): an OSCAL 1.0.6\n"
	  "component definition, UUIDs derived from the record IDs (man isms)." },
	{ "report", cmd_report,
	  "management-review|board|audit-pack [--format md|html|csv|json|pdf] [-o PATH] [--rev REV]",
	  "the management review pack, the board report, or a whole audit pack",
	  "management-review: the inputs of 9.3.2 a) to g) since the last management\n"
	  "review, with trends over the last four quarters from the history.\n"
	  "board: the report to the governing body (ISO/IEC 27014): evaluate, direct,\n"
	  "monitor, communicate, and the six governance objectives, for the ISMS type\n"
	  "of isms.yaml. audit-pack -o DIR: a folder to hand an auditor, opened offline\n"
	  "at DIR/index.html: the SoA, the registers, the approved policy set, the\n"
	  "management review pack, the board report and the evidence index, as HTML\n"
	  "(tables also as CSV and JSON). --rev and --format as for export." },
	{ "accept", cmd_accept, "RSK-ID [-m MSG]", "the risk owner accepts a risk as rated",
	  "The risk owner's acceptance of the (residual) risk, made as git's identity,\n"
	  "who must be the risk's owner (by the people register, or by name): sets\n"
	  "status accepted, accepted_by and accepted_on and commits with the trailers\n"
	  "Act: accept, Actor, Act-blob and Act-binds (likelihood, impact, residual\n"
	  "likelihood and impact, treatment as accepted). A later change to any of\n"
	  "those voids it: 'isms check' and 'isms verify' say so." },
	{ "approve-plan", cmd_approve_plan, "RSK-ID [-m MSG]",
	  "the risk owner approves a risk's treatment plan (6.1.3 f)",
	  "As accept, for the treatment plan: sets plan_approved_by and\n"
	  "plan_approved_on; binds treatment, controls and the residual rating.\n"
	  "The risk needs a treatment first." },
	{ "close", cmd_close, "NC-ID [-m MSG]", "close a nonconformity after reviewing its effectiveness",
	  "Sets status closed, closed_by and closed_on as git's identity and commits\n"
	  "with the act's trailers. Refused unless cause, corrective_action and\n"
	  "effectiveness are written, and when the closer wrote the corrective action\n"
	  "(is the author of a commit that set or changed corrective_action): someone\n"
	  "else judges whether it worked (10.2 d)." },
	{ "acknowledge", cmd_acknowledge, "BRP-ID [-m MSG]",
	  "the governing body acknowledges a board report (27014)",
	  "Sets acknowledged_by and acknowledged_on as git's identity and commits with\n"
	  "the act's trailers. isms.yaml's authority: {acknowledge: {board-report:\n"
	  "ROLE}} names who may." },
	{ "verify", cmd_verify, "[--json]", "re-check every decision's act, on any clone (for an auditor)",
	  "For every record that shows a decision (an approval, an acceptance, a plan\n"
	  "approval, a closure, an acknowledgement), finds the act commit that backs it\n"
	  "in the record's history and checks it: made by the actor it names (commit\n"
	  "author and committer, and an approval's tagger), the blob it names is the\n"
	  "file it committed, the actor held the authority isms.yaml gives and was the\n"
	  "risk's owner as the register and roles were then, nothing decided on has\n"
	  "changed since, and every signature verifies through git verify-commit and\n"
	  "verify-tag. Where the people register holds the actor's signing_key, the act\n"
	  "must be signed with that key (an SSH key through an allowed-signers file\n"
	  "made from the register; an OpenPGP fingerprint by gpg's VALIDSIG); isms.yaml's\n"
	  "signed_acts: [KIND, ...] (or [all]) requires signed acts for those kinds.\n"
	  "Prints every broken link as path:line:col and a summary; exit 0 only when\n"
	  "the chain is whole, 1 when a link is broken, 2 when it cannot be checked." },
	{ "people", cmd_people, "migrate", "create the people register from the names in use",
	  "Creates a person record (people/PER-NNN.yaml) for each distinct name that the\n"
	  "records' owners, role holders and decision fields (approved_by, accepted_by...)\n"
	  "use and the register lacks, one commit each: the name is its title, and\n"
	  "its emails are those of \"Name <email>\" values and those the name commits\n"
	  "with in history. Once the register has anyone, 'isms check' warns about an\n"
	  "owner, holder or decision field that names nobody in it (by ID or name)." },
	{ "help", cmd_help, "[COMMAND] | kind [KIND] [--json]", "help on the commands and on the kinds of record",
	  "With a COMMAND, its usage and what it does. 'isms help kind' lists the kinds\n"
	  "of record; 'isms help kind KIND' lists a kind's fields: type, whether it is\n"
	  "required, the values it takes, its default and what it is for. --json gives\n"
	  "the same as {\"kinds\": [...]} (the schema is in the man page); --roff\n"
	  "gives the man page's KINDS section." },
};

const struct command *cli_command(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

const char *cli_command_nearest(const char *name)
{
	struct isms_nearest n = ISMS_NEAREST_INIT(name);

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		isms_nearest_offer(&n, commands[i].name);
	return isms_nearest_get(&n);
}

/* "no command 'X'", with the nearest name when there is one; EXIT_TROUBLE. */
static int no_command(const char *name)
{
	const char *near = cli_command_nearest(name);

	if (near)
		return cli_usage(NULL, "no command '%s'; did you mean '%s'?", name, near);
	return cli_usage(NULL, "no command '%s' ('isms help' lists them)", name);
}

int cli_fail(void)
{
	char *message = cli_self_suggest(isms_error_last()->message);

	fprintf(stderr, "isms: %s\n", message);
	free(message);
	return EXIT_TROUBLE;
}

int cli_usage(const char *command, const char *fmt, ...)
{
	const struct command *c = cli_command(command);
	struct isms_buf text = ISMS_BUF_INIT;
	char *message;
	va_list ap;

	va_start(ap, fmt);
	isms_buf_vprintf(&text, fmt, ap);
	va_end(ap);
	message = cli_self_suggest(isms_buf_cstr(&text));
	fprintf(stderr, "isms: %s", message);
	free(message);
	isms_buf_free(&text);
	if (c)
		fprintf(stderr, "\nusage: isms %s %s\n", c->name, c->usage);
	else
		fputc('\n', stderr);
	return EXIT_TROUBLE;
}

void cli_print_text(const char *s, unsigned flags)
{
	char *safe = isms_text_escaped(s, flags);

	fputs(safe, stdout);
	free(safe);
}

void cli_print_text_max(const char *s, size_t max)
{
	struct isms_buf safe = ISMS_BUF_INIT;
	size_t len = strnlen(s, max);

	/* Cut before a character, not inside one. */
	if (s[len])
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	isms_text_escape(&safe, s, len, 0);
	fputs(isms_buf_cstr(&safe), stdout);
	isms_buf_free(&safe);
}

void cli_committed(const char *commit, const char *what)
{
	if (commit[0])
		printf("[%.7s] ", commit);
	else
		fputs("nothing changed: ", stdout);
	cli_print_text(what, 0);
	putchar('\n');
}

static void usage(FILE *out)
{
	fputs("usage: isms [-C DIR] [-P|--no-pager] [--color[=WHEN]] [COMMAND [ARGS]]\n"
	      "       isms [-C DIR] [--read-only] [--theme NAME|PATH]\n"
	      "       isms --help | --version\n\n"
	      "ISMS Workbench keeps an ISO/IEC 27001 ISMS as YAML records in a Git\n"
	      "repository; every change is a commit. Without a command, isms opens\n"
	      "the full-screen walk through the clauses (isms tui).\n\ncommands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'isms help COMMAND' tells more, 'isms help kind' lists the kinds of record\n"
	      "and their fields. Exit status: 0 success, 1 findings,\n"
	      "2 usage or runtime error.\n"
	      "On a terminal, catalog, list, log, show, diff, status, check and guide\n"
	      "page their output as git does (GIT_PAGER, core.pager, PAGER, less);\n"
	      "--no-pager or -P prints it straight. --color=auto|always|never (or git's\n"
	      "color.ui; NO_COLOR turns auto off) colours diffs, findings, status marks\n"
	      "and risk levels. On a terminal (or with COLUMNS) list and log cut long\n"
	      "titles and messages to fit.\n", out);
}

int cmd_help(int argc, char **argv)
{
	const struct command *c;
	const char *name = argc > 1 ? argv[1] : NULL;

	if (!name) {
		usage(stdout);
		return EXIT_OK;
	}
	/* 'isms help --help' is help on help; any other option is a mistake. */
	if (strcmp(name, "kind") == 0)
		return cli_help_kind(argc - 1, argv + 1);
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	else if (name[0] == '-')
		return cli_usage("help", "unknown option '%s'", name);
	if (argc > 2)
		return cli_usage("help", "too many arguments");
	if (!(c = cli_command(name)))
		return no_command(name);
	printf("usage: isms %s %s\n\n%s.\n", c->name, c->usage, c->summary);
	if (c->help)
		printf("\n%s\n", c->help);
	return EXIT_OK;
}

/* isms --read-only: the TUI changes nothing. */
static bool read_only;
/* --theme NAME|PATH, before the command (isms --theme dark) or after it
 * (isms tui --theme ./my.yaml). */
static const char *theme_option;

int cmd_tui(int argc, char **argv)
{
	struct cli_options o;
	struct isms_ui_opts opts = ISMS_UI_OPTS_INIT;
	struct isms_store *store = NULL;
	int status = EXIT_OK, n = 0;
	char **args = calloc((size_t)argc + 1, sizeof(*args));

	if (!args)
		return EXIT_TROUBLE;
	/* --read-only is ours; the rest go to the usual parser. */
	opts.read_only = read_only;
	opts.theme = theme_option;
	for (int i = 0; i < argc; i++) {
		if (i > 0 && strcmp(argv[i], "--read-only") == 0)
			opts.read_only = true;
		else if (i > 0 && strcmp(argv[i], "--theme") == 0 && i + 1 < argc)
			opts.theme = argv[++i];
		else if (i > 0 && strncmp(argv[i], "--theme=", 8) == 0)
			opts.theme = argv[i] + 8;
		else
			args[n++] = argv[i];
	}
	status = cli_args(&o, n, args, "", 0, 0);
	free(args);
	if (status != 0)
		return status < 0 ? EXIT_OK : status;
	cli_options_free(&o);
	/* Errors before the screen starts go to stderr, as for any command. */
	if (isms_store_open(&store, NULL) < 0)
		return cli_fail();
	if (isms_ui_run_opts(&status, store, &opts) < 0)
		status = cli_fail();
	isms_store_free(store);
	return status;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int i = 1;

	if (cli_output_args(&argc, argv) != 0)
		return EXIT_TROUBLE;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
			printf("isms %s\n"
			       "Copyright (c) 2026 the ISMS Workbench authors.\n"
			       "Licence: MIT (SPDX-License-Identifier: MIT); see the file COPYING.\n",
			       PACKAGE_VERSION);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--read-only") == 0) {
			read_only = true;
			i++;
			continue;
		}
		if (strcmp(argv[i], "--no-verify") == 0) {
			cli_no_verify = true;
			i++;
			continue;
		}
		if (strcmp(argv[i], "--theme") == 0 && i + 1 < argc) {
			theme_option = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(argv[i], "--theme=", 8) == 0) {
			theme_option = argv[i] + 8;
			i++;
			continue;
		}
		if (strcmp(argv[i], "-C") == 0 && i + 1 >= argc) {
			fputs("isms: option '-C' needs a folder\n", stderr);
			return EXIT_TROUBLE;
		}
		if (strcmp(argv[i], "-C") == 0) {
			if (chdir(argv[i + 1]) < 0) {
				fprintf(stderr, "isms: cannot change to %s\n", argv[i + 1]);
				return EXIT_TROUBLE;
			}
			i += 2;
			continue;
		}
		fprintf(stderr, "isms: unknown option '%s'\n", argv[i]);
		usage(stderr);
		return EXIT_TROUBLE;
	}
	if (i >= argc) {
		char *tui_argv[] = { "tui", NULL };

		return cmd_tui(1, tui_argv);
	}
	if (!(c = cli_command(argv[i])))
		return no_command(argv[i]);
	if (cli_output_pages(c->name))
		cli_pager_start();
	return c->run(argc - i, argv + i);
}
