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

/* X(ID, name, default keys separated by spaces, hint or NULL, help text).
 * A key is one character ("q", "]") or a name in angle brackets ("<Down>");
 * ui_key_parse lists the names. */
#define UI_ACTIONS(X)                                                                   \
	X(MOVE_UP,    "move-up",    "<Up> k",         NULL,   "Select the previous clause") \
	X(MOVE_DOWN,  "move-down",  "<Down> j",       NULL,   "Select the next clause")     \
	X(FIRST,      "first",      "<Home> g",       NULL,   "Select the first clause (4.1)") \
	X(LAST,       "last",       "<End> G",        NULL,   "Select the last clause (10.2)") \
	X(PAGE_UP,    "page-up",    "<PgUp> b",       NULL,   "Scroll the detail pane up a page") \
	X(PAGE_DOWN,  "page-down",  "<PgDn> <Space>", NULL,   "Scroll the detail pane down a page") \
	X(NEXT_STEP,  "next-step",  "]",              "next", "Jump to the next clause that needs work (not approved)") \
	/* Viewing: search, records read-only, history and diff. */                          \
	X(SEARCH,     "search",     "/",              NULL,     "Search all records by ID, title and text") \
	X(OPEN,       "open",       "<Enter>",        NULL,   "Open the selected result or version (read-only)") \
	X(HISTORY,    "history",    "h",              NULL,   "Show the history of the record shown") \
	X(DIFF_PREVIOUS, "diff-prev",  "d",            NULL,   "In a history: diff of the selected version with the one before") \
	X(DIFF_WORKTREE, "diff-work",  "w",            NULL,   "In a history: diff of the selected version with the working tree") \
	/* Review and approval of controlled documents (27001 7.5.2). */                   \
	X(CHANGES,    "changes",    "c",              NULL,   "What changed in the selected record since its approval, and the diff") \
	X(CHANGES_SINCE, "since",   "C",              NULL,   "What changed in the whole ISMS since a date, a tag or a revision") \
	X(APPROVE,    "approve",    "a",              NULL,   "Approve the selected document as you: a commit and a tag (signed if git signs)") \
	X(REVIEW,     "review",     "v",              NULL,   "Review the selected document: a decision and comments, committed") \
	X(ACT,        "act",        "A",              NULL,   "Decide on the selected record as you: accept, approve-plan, close, acknowledge or approve (doc/trust.md)") \
	/* Editing: records in lists and forms; every save is a commit. */                 \
	X(KINDS,      "kinds",      "l",              NULL,   "Choose a kind and list its records") \
	X(NEW,        "new",        "n",              NULL,   "Create a record (of the list's kind, or choose the kind)") \
	X(EDIT,       "edit",       "e",              NULL,   "Edit the selected record in a form") \
	X(RETIRE,     "retire",     "r",              NULL,   "Retire the selected record (asks for the reason)") \
	X(SAVE,       "save",       "<C-s> w",        NULL,   "In a form: validate, then commit (asks for the message)") \
	X(SORT,       "sort",       "s",              NULL,   "Sort the list by ID, title or status (cycles)") \
	X(FILTER,     "filter",     "f",              NULL,   "Filter the list: text in the ID or title (empty clears)") \
	/* Document control (7.5): files changed outside, reviews, retention, external files. */ \
	X(DOC_CONTROL, "doc-control", "D",            NULL,   "Document control: files changed outside the workbench, reviews due, retention ended, external documents") \
	X(DIFF_FILE,  "diff-file",  "d",              NULL,   "In document control: diff of the selected changed file with the last commit") \
	X(VALIDATE,   "validate",   "v",              NULL,   "In document control: validate the selected changed file and show its findings") \
	X(COMMIT_FILE, "commit-file", "c",            NULL,   "In document control: commit the selected changed file (asks for the message)") \
	X(VIEW_FILE,  "view-file",  "o",              NULL,   "In document control: open the external document with $ISMS_VIEWER, else xdg-open or open") \
	X(HELP,       "help",       "?",              "help", "Show this help, made from the table of actions") \
	X(BACK,       "back",       "<Esc>",          NULL,   "Close the help screen") \
	X(QUIT,       "quit",       "q",              "quit", "Quit and restore the terminal")

enum ui_action {
	UI_ACTION_NONE = 0,
#define UI_ACTION_ENUM(id, name, keys, hint, help) UI_ACTION_##id,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_ACTION_COUNT
};

struct ui_action_info {
	enum ui_action action;
	const char *name;
	const char *keys;
	const char *hint;
	const char *help;
};

/* The table, in declaration order, and its length. */
const struct ui_action_info *ui_actions(size_t *count);

/* A key as read: a character, or a function key (a curses KEY_* code). */
struct ui_key {
	bool fn;
	wint_t code;
};

/* Parse a key as the action table and scripts write it: one character
 * (UTF-8) or <Name> with Name one of Up Down Left Right PgUp PgDn Home End
 * Enter Esc Space Tab Backspace Delete Insert F1..F12, or C-x for
 * Control and a letter. Returns 0 or -1. */
int ui_key_parse(struct ui_key *out, const char *text, size_t len);

/* The action bound to `key`, or UI_ACTION_NONE. */
enum ui_action ui_action_for_key(struct ui_key key);

/* Every action bound to `key`, in table order, into `out` (at most `max`);
 * returns how many. A key may serve one action in a view and another in a
 * different view (w: save in a form, diff in a history). */
size_t ui_actions_for_key(enum ui_action *out, size_t max, struct ui_key key);

/* Keymap: bind the action called `name` to `keys` (as the table writes
 * them, separated by spaces), in place of its default keys. 0; -1 when no
 * action has that name; -2 when a key cannot be read. */
int ui_keymap_bind(const char *name, const char *keys);

/* The keys of an action for people: "Up, k". Into `out` of `size` bytes. */
void ui_action_keys_text(char *out, size_t size, const struct ui_action_info *info);

#endif
