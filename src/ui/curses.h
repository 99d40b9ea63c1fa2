/* SPDX-License-Identifier: MIT */
/* The one place curses is included (htop's ProvideCurses.h). Every file of
 * src/ui includes this header instead of <curses.h>; no file outside src/ui
 * includes either. The wide-character API (wget_wch, cchar_t) is used, so
 * it must be ncursesw: configure finds it with pkg-config (CURSES_CFLAGS).
 * pkg-config points some systems at <ncursesw/curses.h> and others at
 * <curses.h> through an -I flag; configure's header check decides. */
#ifndef ISMS_UI_CURSES_H
#define ISMS_UI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

/* The terminfo API (setupterm, tigetstr), for the one file that asks what
 * the terminal can do: term.h defines short macros (lines, columns, bell),
 * so only that file asks for it. */
#ifdef UI_WANT_TERM_H
#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/term.h>
#else
#include <term.h>
#endif
#endif

#endif
