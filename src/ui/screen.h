/* SPDX-License-Identifier: MIT */
/* The terminal: starting and ending curses, signals, input (from the
 * terminal or from a test script), the too-small check, text drawing that
 * works in any locale, and screen dumps.
 *
 * Script mode (tig's TIG_SCRIPT): when ISMS_TUI_SCRIPT names a file, keys
 * come from it, one per line: a character, or <Name> as ui_key_parse reads
 * it, or <Resize WxH>, or <Dump FILE> (write the screen as plain text, one
 * line per row, trailing spaces trimmed, UTF-8). Lines starting with "# "
 * are comments. The session ends when the script does. Curses then writes
 * to /dev/null through newterm(), with the size taken from COLUMNS and
 * LINES (else the terminal description); <Paste TEXT> gives TEXT (\n a
 * line break) as a bracketed paste does; <Signal HUP> raises SIGHUP,
 * as a dropped session would, so script mode needs no terminal
 * at all: that is how `make check` runs the screen tests. */
#ifndef ISMS_UI_SCREEN_H
#define ISMS_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "curses.h"
#include "theme.h"

/* The smallest usable terminal. */
#define UI_MIN_COLS 60
#define UI_MIN_LINES 15

enum ui_event_type {
	UI_EVENT_KEY,
	UI_EVENT_RESIZE,  /* lay out again at the new size */
	UI_EVENT_END,     /* the script ended */
	UI_EVENT_SIGNAL,  /* SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived */
	UI_EVENT_GONE,    /* the terminal stopped answering */
	UI_EVENT_ERROR,   /* a bad script line or a dump that failed: message set */
};

struct ui_event {
	enum ui_event_type type;
	struct ui_key key;
};

/* Check the environment and start curses. Returns 0, or a negative ISMS_E
 * code with a message (no terminal, unknown TERM, unreadable script); then
 * curses has not started and the terminal is untouched. */
int ui_screen_start(void);

/* End curses and restore the terminal and the signal handlers; safe to
 * call twice. Returns the signal that ended the session, or 0. */
int ui_screen_stop(void);

/* Wait for the next event. The screen must be up to date: a <Dump> in the
 * script writes what is shown now. */
struct ui_event ui_screen_next(void);

/* The signal that arrived (SIGINT, SIGTERM, SIGHUP), or 0. */
int ui_screen_signal(void);

/* Suspend curses, run $VISUAL or $EDITOR (else vi) on `path` as git does
 * (sh -c '$EDITOR "$@"'), then restore the screen. SIGINT and SIGQUIT are
 * the editor's meanwhile. 0, or ISMS_EIO when it could not run or failed. */
int ui_screen_run_editor(const char *path);

/* Give the terminal back as the shell had it (for a program that may ask
 * the user something there: a signing passphrase), saying `note` (may be
 * NULL) on a line of its own; ui_screen_resume draws the screen again. */
void ui_screen_suspend(const char *note);
void ui_screen_resume(void);

/* As ui_screen_run_editor, with $ISMS_VIEWER, else xdg-open (or open on
 * macOS) when found in PATH: a file opened with the system's viewer.
 * ISMS_ENOTFOUND when there is no viewer; ISMS_EIO when it failed. */
int ui_screen_run_viewer(const char *path);

/* Edit `now` (may be NULL) in the editor, in a new temporary file named
 * after `name`, and append what it holds then, without its final line
 * breaks, to `out`. 0, or ISMS_EIO with the reason. */
struct isms_buf;
int ui_screen_edit_text(struct isms_buf *out, const char *name, const char *now);

bool ui_screen_utf8(void);
enum ui_colour_mode ui_screen_colour(void);
bool ui_screen_too_small(void);

/* Draw the notice shown instead of the layout below the minimum size. */
void ui_screen_draw_too_small(void);

/* Display width of UTF-8 text (as ui_put draws it). */
int ui_text_width(const char *s, size_t len);

/* The length in bytes of the grapheme cluster (a character as people see
 * it: a letter and its combining marks, an emoji sequence) that starts at
 * s, of at most `len` bytes; 0 at the end. Unicode's rules (utf8proc). */
size_t ui_cluster_next(const char *s, size_t len);
/* The start of the cluster that ends at s + at (at > 0). */
size_t ui_cluster_prev(const char *s, size_t at);

/* Draw UTF-8 `text` (at most `len` bytes) at (y, x), clipped to `width`
 * columns, with `attr`. Characters the locale cannot show become '?'.
 * Returns the columns used. */
int ui_put(int y, int x, int width, const char *text, size_t len, attr_t attr);
/* As ui_put for a NUL-terminated string. */
int ui_puts(int y, int x, int width, const char *text, attr_t attr);
/* `width` blanks with `attr`. */
void ui_fill(int y, int x, int width, attr_t attr);
/* A vertical line of `height` cells: ACS in a UTF-8 locale, '|' otherwise. */
void ui_vline(int y, int x, int height, attr_t attr);

#endif
