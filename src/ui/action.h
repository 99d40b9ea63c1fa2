/* SPDX-License-Identifier: MIT */
/* Every user action, declared once: id, name, default keys, help text, and
 * the short hint the status bar shows (tig's REQ_INFO, calcurse's keydef).
 * Key dispatch and the help screen both read this table; a keymap file
 * will too. */
#ifndef ISMS_UI_ACTION_H
#define ISMS_UI_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "curses.h"

/* X(ID, name, default keys separated by spaces, views, hint or NULL, help text).
 * A key is one character ("q", "]") or a name in angle brackets ("<Down>");
 * ui_key_parse lists the names. `views` names, separated by spaces, the
 * views (their ops->name) and dialogs in which the action applies; "*" is
 * every view (not the dialogs). A key finds the first action of the table
 * that applies where it is pressed, so the same key may mean different
 * things in different views; help and the status bar's hints list what
 * applies in the view shown. A dialog's answers are actions too (their
 * views are the dialog's name), so help lists them and a keymap rebinds them.
 * Another file may append its own entries (UI_ACTIONS_MORE, e.g. acts.c's). */
#define UI_VIEWS_RECORD "list form search text history doc-control risks soa governance"
#define UI_VIEWS_BROWSE "walk list search text history doc-control risks heat-map soa governance objectives"
#define UI_DIALOGS "yes-no leave draft verdict pick marks"
#define UI_ACTIONS_CORE(X)                                                               \
	X(MOVE_UP,    "move-up",    "<Up> k",         "*",    NULL,   "Select the previous item (or scroll up)") \
	X(MOVE_DOWN,  "move-down",  "<Down> j",       "*",    NULL,   "Select the next item (or scroll down)") \
	X(FIRST,      "first",      "<Home> g",       "*",    NULL,   "Select the first item (4.1 in the walk)") \
	X(LAST,       "last",       "<End> G",        "*",    NULL,   "Select the last item (10.2 in the walk)") \
	X(PAGE_UP,    "page-up",    "<PgUp> b",       "*",    NULL,   "Scroll up a page") \
	X(PAGE_DOWN,  "page-down",  "<PgDn> <Space>", "*",    NULL,   "Scroll down a page") \
	X(NEXT_STEP,  "next-step",  "]",              "walk", "next", "Jump to the next clause that needs work (not approved)") \
	/* Viewing: search, records read-only, history and diff. */                          \
	X(SEARCH,     "search",     "/",              "*",    NULL,     "Search all records by ID, title and text") \
	X(OPEN,       "open",       "<Enter>",        "walk list form search history doc-control risks heat-map soa governance objectives", NULL, "Open the selected item: a clause's records, a record (read-only), a version, the risks of a heat map's cell, an objective's dated values; in a form, edit the field") \
	X(HISTORY,    "history",    "h",              UI_VIEWS_RECORD " objectives", NULL, "Show the history of the record shown") \
	X(DIFF_PREVIOUS, "diff-prev",  "d",           "history", "diff", "In a history: diff of the selected version with the one before") \
	X(DIFF_WORKTREE, "diff-work",  "w",           "history", NULL, "In a history: diff of the selected version with the working tree") \
	/* Review and approval of controlled documents (27001 7.5.2). */                   \
	X(CHANGES,    "changes",    "c",              UI_VIEWS_RECORD, NULL, "What changed in the selected record since its approval, and the diff") \
	X(CHANGES_SINCE, "since",   "C",              "*",    NULL,   "What changed in the whole ISMS since a date, a tag or a revision") \
	X(APPROVE,    "approve",    "a",              "list search text history doc-control", NULL, "Approve the selected document as you: a commit and a tag (signed if git signs)") \
	X(REVIEW,     "review",     "v",              "list search text history doc-control", NULL, "Review the selected document: a decision and comments, committed") \
	X(ACT,        "act",        "A",              "list", NULL,   "Decide on the selected record as you: accept, approve-plan, close, acknowledge or approve (doc/trust.md)") \
	/* Editing: records in lists and forms; every save is a commit. */                 \
	X(KINDS,      "kinds",      "l",              "walk list", NULL, "Choose a kind and list its records") \
	X(NEW,        "new",        "n",              "list", "new",  "Create a record (of the list's kind, or choose the kind)") \
	X(EDIT,       "edit",       "e",              "list form risks soa", "edit", "Edit the selected record in a form") \
	X(RETIRE,     "retire",     "r",              "list", NULL,   "Retire the selected record (asks for the reason)") \
	X(SAVE,       "save",       "<C-s> w",        "form", "save", "In a form: validate, then commit (asks for the message)") \
	X(SORT,       "sort",       "s",              "list risks", NULL, "Sort the list by ID, title or status; the risks by level, residual level, next due action, owner or ID (cycles)") \
	X(FILTER,     "filter",     "f",              "list risks soa", NULL, "Filter the list: text in the ID or title; the risks also by level:, residual:, owner:, treatment:, state:, above; the SoA by decision:, impl:, theme: and any 27002 attribute (empty clears)") \
	/* Document control (7.5): files changed outside, reviews, retention, external files. */ \
	X(DOC_CONTROL, "doc-control", "D",            "walk list search text history", NULL, "Document control: files changed outside the workbench, reviews due, retention ended, external documents") \
	X(DIFF_FILE,  "diff-file",  "d",              "doc-control", NULL, "In document control: diff of the selected changed file with the last commit") \
	X(VALIDATE,   "validate",   "v",              "doc-control", NULL, "In document control: validate the selected changed file and show its findings") \
	X(COMMIT_FILE, "commit-file", "c",            "doc-control", NULL, "In document control: commit the selected changed file (asks for the message)") \
	X(VIEW_FILE,  "view-file",  "o",              "doc-control", NULL, "In document control: open the external document with $ISMS_VIEWER, else xdg-open or open") \
	/* Risks (6.1.2, 8.2): the register and the heat map. */                         \
	X(RISKS,      "risks",      "R",              UI_VIEWS_BROWSE, NULL, "The risk register: every risk's level and residual level, owner, treatment, acceptance and open actions") \
	X(HEAT_MAP,   "heat-map",   "M",              UI_VIEWS_BROWSE, NULL, "The heat map: the risk method's matrix with the number of risks in each cell, before and after treatment") \
	X(MOVE_LEFT,  "move-left",  "<Left>",         "heat-map text", NULL, "In the heat map: the cell of the next lower impact; in a text or a diff: scroll left") \
	X(MOVE_RIGHT, "move-right", "<Right>",        "heat-map text", NULL, "In the heat map: the cell of the next higher impact; in a text or a diff: scroll right (long lines are not wrapped)") \
	X(TOGGLE_RESIDUAL, "toggle-residual", "t",    "heat-map", "inherent/residual", "In the heat map: the inherent or the residual grid") \
	/* The Statement of Applicability (6.1.3 d). */                                  \
	X(SOA,        "soa",        "S",              UI_VIEWS_BROWSE, NULL, "The Statement of Applicability: every control's decision, reason, implementation and risks; what is left to decide") \
	X(DECIDE_APPLIES, "decide-applies", "y",      "soa", "applies", "In the SoA: the selected control applies (asks the reason and the justification, then commits)") \
	X(DECIDE_EXCLUDED, "decide-excluded", "x",    "soa", "excluded", "In the SoA: the selected control is excluded (asks the justification, then commits)") \
	X(GOVERNANCE, "governance", "O",              UI_VIEWS_BROWSE, NULL, "Governance by process (27014): evaluate, direct, monitor, communicate, each with the records that prove it") \
	X(TRENDS,     "objectives", "T",              UI_VIEWS_BROWSE, NULL, "Objectives over time (6.2, 9.1): each objective's target, its measurements' latest values and sparklines (_.-~^ low to high, one mark per committed value), and on track when every measurement's latest value meets the target. A target reads as a direction and its first number: \">= 95%\", \"at least 95\" or a bare \"95%\" mean at least; \"<= 4 hours\" or \"at most 4\" at most; \">\", \"over\", \"<\", \"under\" strictly; a value reads as its first number (\"96%\", \"4.5 h\")") \
	X(EXPORT,     "export",     "X",              "walk list", NULL, "Export a report (SoA, risks, plan, policies, evidence, review, board, audit pack) to a file") \
	X(SYNC,       "sync",       "Y",              "walk list", NULL, "Sync with the remote (git asks for passwords on the terminal), then show what came in or the conflicts, field by field") \
	X(HELP,       "help",       "?",              "*",    "help", "Show the keys of this view, made from the table of actions") \
	X(BACK,       "back",       "<Esc>",          "*",    NULL,   "Close this view (a form with changes asks first)") \
	X(CLOSE,      "close",      "q",              "*",    "close", "Close this view; in the walk, quit") \
	X(QUIT,       "quit",       "Q",              "*",    "quit", "Quit from anywhere and restore the terminal (forms with changes ask first)") \
	/* Dialog answers: the dialog's name is their view. */                              \
	X(YES,        "yes",        "y",              "yes-no", "yes", "In a yes/no question: yes") \
	X(NO,         "no",         "n",              "yes-no", "no",  "In a yes/no question: no") \
	X(LEAVE_SAVE, "leave-save", "s",              "leave", "save", "Leaving a form with changes: save them (validate, then commit)") \
	X(LEAVE_DISCARD, "leave-discard", "d",        "leave", "discard", "Leaving a form with changes: drop them") \
	X(LEAVE_STAY, "leave-stay", "c",              "leave", "cancel", "Leaving a form with changes: stay in the form") \
	X(DRAFT_RECOVER, "draft-recover", "r",        "draft", "recover", "An edit a dropped session left: open it in its form") \
	X(DRAFT_DISCARD, "draft-discard", "d",        "draft", "discard", "An edit a dropped session left: delete it") \
	X(DRAFT_LATER, "draft-later", "l",            "draft", "later", "An edit a dropped session left: keep it for the next start") \
	X(VERDICT_APPROVE, "verdict-approve", "a",    "verdict", "approve", "Reviewing a document: the decision is approve") \
	X(VERDICT_CHANGES, "verdict-changes", "c",    "verdict", "changes requested", "Reviewing a document: the decision is changes requested") \
	X(PICK,       "pick",       "<Enter>",        "pick",  "picks", "In a list dialog: pick the selected item") \
	X(MARK,       "mark",       "<Space> <Enter>", "marks", "marks", "In a list of marks: mark or unmark the selected item") \
	X(CANCEL,     "cancel",     "<Esc>",          UI_DIALOGS, "cancel", "In a dialog: cancel (nothing changes); in a list of marks: done")

#ifndef UI_ACTIONS_MORE
#define UI_ACTIONS_MORE(X)
#endif
#define UI_ACTIONS(X) UI_ACTIONS_CORE(X) UI_ACTIONS_MORE(X)

enum ui_action {
	UI_ACTION_NONE = 0,
#define UI_ACTION_ENUM(id, name, keys, views, hint, help) UI_ACTION_##id,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_ACTION_COUNT
};

struct ui_action_info {
	enum ui_action action;
	const char *name;
	const char *keys;
	const char *views;
	const char *hint;
	const char *help;
};

/* The table, in declaration order, and its length. */
const struct ui_action_info *ui_actions(size_t *count);

/* A key as read: a character, or a function key (a curses KEY_* code).
 * `pasted`: a character of a bracketed paste, which is text and never a
 * key: no action is bound to it, a line editor inserts it (a pasted line
 * break comes as a space), anything else ignores it. */
struct ui_key {
	bool fn;
	bool pasted;
	wint_t code;
};

/* Ctrl-Left and Ctrl-Right (word movement in a line editor): key codes
 * beyond curses' own, bound to the sequences terminals send (screen.c). */
#define UI_KEY_WORD_LEFT (KEY_MAX + 103)
#define UI_KEY_WORD_RIGHT (KEY_MAX + 104)

/* Parse a key as the action table and scripts write it: one character
 * (UTF-8) or <Name> with Name one of Up Down Left Right PgUp PgDn Home End
 * Enter Esc Space Tab Backspace Delete Insert F1..F12, or C-x for
 * Control and a letter. Returns 0 or -1. */
int ui_key_parse(struct ui_key *out, const char *text, size_t len);

/* A view's handling of an action (view.h's .key) returns UI_HANDLED, the
 * same action (not handled: the generic handler sees it), or another action
 * to pass on (tig's request). */
#define UI_HANDLED UI_ACTION_NONE

/* Whether `info` applies in the view or dialog called `where`; "*" matches
 * every view but no dialog. */
bool ui_action_applies(const struct ui_action_info *info, const char *where);

/* The first action bound to `key` that applies in `where` (a view's name),
 * or UI_ACTION_NONE. */
enum ui_action ui_action_for_key(const char *where, struct ui_key key);

/* The dialog `dialog`'s answer bound to `key` (only actions naming the
 * dialog itself), or UI_ACTION_NONE. */
enum ui_action ui_answer_for_key(const char *dialog, struct ui_key key);

/* The table's entry for `action`. */
const struct ui_action_info *ui_action_info(enum ui_action action);

/* "s save, d discard, c cancel": the first key and hint of each answer of
 * `dialog`, into `out` of `size` bytes. */
void ui_answers_text(char *out, size_t size, const char *dialog);

/* Keymap: bind the action called `name` to `keys` (as the table writes
 * them, separated by spaces), in place of its default keys. 0; -1 when no
 * action has that name; -2 when a key cannot be read. */
int ui_keymap_bind(const char *name, const char *keys);

/* The keys of an action for people: "Up, k". Into `out` of `size` bytes. */
void ui_action_keys_text(char *out, size_t size, const struct ui_action_info *info);

#endif
