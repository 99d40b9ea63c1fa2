/* SPDX-License-Identifier: MIT */
/* Colour slots and the compiled-in default theme (tig compiles its tigrc;
 * ncdu's UI_COLORS). Each slot names a part of the screen; the theme gives
 * it a foreground, a background and attributes, and a monochrome
 * rendering made of attributes only, used when NO_COLOR is set or the
 * terminal has no colours. Marks and text always carry the meaning, so
 * nothing is lost without colour. */
#ifndef ISMS_UI_THEME_H
#define ISMS_UI_THEME_H

#include <stdbool.h>
#include "curses.h"

/* X(ID, name, fg, bg, colour attributes, monochrome attributes).
 * The first ten mirror themes/default.yaml and themes/monochrome.yaml. */
#define UI_SLOTS(X)                                                                   \
	X(TITLE,    "title",    COLOR_WHITE,   COLOR_BLUE, A_BOLD,   A_REVERSE | A_BOLD)    \
	X(STATUS,   "status",   COLOR_BLACK,   COLOR_CYAN, A_NORMAL, A_REVERSE)             \
	X(SELECTED, "selected", COLOR_BLACK,   COLOR_YELLOW, A_NORMAL, A_REVERSE)           \
	X(MISSING,  "missing",  COLOR_RED,     -1,         A_BOLD,   A_BOLD)                \
	X(DRAFT,    "draft",    COLOR_YELLOW,  -1,         A_NORMAL, A_UNDERLINE)           \
	X(APPROVED, "approved", COLOR_GREEN,   -1,         A_NORMAL, A_NORMAL)              \
	X(OVERDUE,  "overdue",  COLOR_MAGENTA, -1,         A_BOLD,   A_BOLD | A_UNDERLINE)  \
	X(DIFF_ADD, "diff_add", COLOR_GREEN,   -1,         A_NORMAL, A_BOLD)                \
	X(DIFF_DEL, "diff_del", COLOR_RED,     -1,         A_NORMAL, A_UNDERLINE)           \
	X(HELP,     "help",     -1,            -1,         A_NORMAL, A_NORMAL)              \
	X(HEADING,  "heading",  COLOR_CYAN,    -1,         A_BOLD,   A_BOLD)                \
	X(PHASE,    "phase",    COLOR_BLUE,    -1,         A_BOLD,   A_BOLD)                \
	X(BORDER,   "border",   COLOR_BLUE,    -1,         A_NORMAL, A_NORMAL)              \
	X(NOTICE,   "notice",   COLOR_YELLOW,  -1,         A_BOLD,   A_BOLD)

enum ui_slot {
#define UI_SLOT_ENUM(id, name, fg, bg, attr, mono) UI_SLOT_##id,
	UI_SLOTS(UI_SLOT_ENUM)
#undef UI_SLOT_ENUM
	UI_SLOT_COUNT
};

/* Why the screen has no colours, for the help screen. */
enum ui_colour_mode {
	UI_COLOUR_ON,
	UI_COLOUR_OFF_NO_COLOR,   /* NO_COLOR is set and not empty */
	UI_COLOUR_OFF_TERMINAL,   /* the terminal has no colours */
};

/* After curses has started: use colours when the terminal has them and
 * NO_COLOR is unset or empty; monochrome otherwise. */
enum ui_colour_mode ui_theme_start(void);

/* Theme files (themes/NAME.yaml): name: and slots:, each slot a mapping
 * {fg: COLOUR, bg: COLOUR, attr: [bold, underline, ...]}, a colour one of
 * default black red green yellow blue magenta cyan white or 0-255. Slots
 * not given keep the compiled-in default. Call before curses starts.
 *
 * Load `path`; ISMS_EPARSE with "file:line:column: why" when it is wrong
 * (the compiled-in default stays in force then). */
int ui_theme_load_file(const char *path);
/* Choose a theme by NAME or PATH (with a '/' or ending in .yaml). A NAME is
 * looked for in $XDG_CONFIG_HOME/isms/themes/NAME.yaml (else
 * ~/.config/isms/themes/), then in the installed themes folder; "default"
 * and "monochrome" are also built in. NULL or "" is the default. */
int ui_theme_choose(const char *choice);
/* The name of the theme in force, and the colours used (8 or 256; 0
 * before curses or without colours), for the help screen. */
const char *ui_theme_name(void);
int ui_theme_colours(void);

/* The attributes (colour pair included) of a slot. */
attr_t ui_slot_attr(enum ui_slot slot);

const char *ui_slot_name(enum ui_slot slot);

#endif
