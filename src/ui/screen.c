/* SPDX-License-Identifier: MIT */
#include "config.h"

#define UI_WANT_TERM_H 1

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/process.h"
#include "isms/text.h"
#include "screen.h"


/* Consecutive immediate input errors after which the terminal is taken for
 * gone (a closed pty reads end-of-file at once, for ever). */
#define GONE_AFTER 20
/* How long one wait for a key lasts, so that signals are seen promptly. */
#define INPUT_TIMEOUT_MS 500

static volatile sig_atomic_t caught;

static struct {
	bool started;
	bool utf8;
	enum ui_colour_mode colour;
	SCREEN *screen;
	FILE *out, *in;        /* what curses writes to and reads from */
	FILE *script;          /* ISMS_TUI_SCRIPT, or NULL */
	unsigned script_line;
	struct sigaction old[4];
	bool pasting;          /* between \e[200~ and \e[201~ */
	char *paste;           /* a script's <Paste ...> still to give */
	size_t paste_at;
} ui;

/* The key codes curses gives for the start and end of a bracketed paste
 * (define_key): beyond every KEY_* code. */
#define KEY_PASTE_START (KEY_MAX + 101)
#define KEY_PASTE_END (KEY_MAX + 102)
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

/* Ask the terminal to mark pastes (xterm's bracketed paste; a terminal
 * that does not know the mode ignores it). Not in script mode. */
static void bracketed_paste(bool on)
{
	if (ui.script || !ui.out)
		return;
	fputs(on ? PASTE_ON : PASTE_OFF, ui.out);
	fflush(ui.out);
}

/* Whether the terminal `term` can address the cursor: dumb, and any other
 * entry without cup, cannot show a full screen. */
static bool can_address(const char *term, FILE *out)
{
	int err = 0;
	TERMINAL *before = cur_term, *ours;
	bool ok = false;

	if (setupterm((char *)term, fileno(out), &err) != OK)
		return true;  /* unknown: newterm says so, better */
	ours = cur_term;
	{
		char *cup = tigetstr("cup");

		ok = cup && cup != (char *)-1;
	}
	del_curterm(ours);
	set_curterm(before);
	return ok;
}

/* Each ends the session cleanly: drafts kept, the terminal restored. */
static const int handled_signals[4] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void on_signal(int sig)
{
	caught = sig;
}

static void signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal interrupts the wait for a key. */
	for (int i = 0; i < 4; i++)
		sigaction(handled_signals[i], &sa, &ui.old[i]);
}

static void signals_restore(void)
{
	for (int i = 0; i < 4; i++)
		sigaction(handled_signals[i], &ui.old[i], NULL);
}

/* Keys that terminals send whatever TERM says. A vt100 entry knows no
 * PgUp, PgDn, Home, End, Insert or Delete, yet the terminal emulator (or
 * tmux) in front of an ssh session sends the usual sequences for them;
 * without this, the ESC that starts them would close the view and the rest
 * would arrive as keys. Sequences the terminfo entry binds are left alone. */
static void define_missing_keys(void)
{
	static const struct { const char *seq; int key; } keys[] = {
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
		{ "\033[1~", KEY_HOME },  { "\033[H", KEY_HOME },  { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END },   { "\033[F", KEY_END },   { "\033OF", KEY_END },
		{ "\033[2~", KEY_IC },    { "\033[3~", KEY_DC },
		{ "\033[A", KEY_UP },     { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT },  { "\033[D", KEY_LEFT },
		{ "\033OA", KEY_UP },     { "\033OB", KEY_DOWN },
		{ "\033OC", KEY_RIGHT },  { "\033OD", KEY_LEFT },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].key);
}

int ui_screen_start(void)
{
	const char *script = getenv("ISMS_TUI_SCRIPT");
	const char *term = getenv("TERM");
	const char *codeset;

	if (ui.started)
		return 0;
	setlocale(LC_ALL, "");
	codeset = nl_langinfo(CODESET);
	ui.utf8 = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
	if (!term || !*term)
		return isms_error_set(ISMS_EUSAGE, "TERM is not set; the full-screen view needs to know the terminal");

	if (script && *script) {
		if (!(ui.script = fopen(script, "r")))
			return isms_error_set(ISMS_EIO, "cannot read the key script %s: %s", script, strerror(errno));
		ui.script_line = 0;
		ui.out = fopen("/dev/null", "w");
		ui.in = fopen("/dev/null", "r");
		if (!ui.out || !ui.in) {
			if (ui.out)
				fclose(ui.out);
			if (ui.in)
				fclose(ui.in);
			fclose(ui.script);
			ui.script = NULL;
			return isms_error_set(ISMS_EIO, "cannot open /dev/null: %s", strerror(errno));
		}
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return isms_error_set(ISMS_EUSAGE, "the full-screen view needs a terminal; "
					      "'isms status' and the other commands work without one");
		ui.out = stdout;
		ui.in = stdin;
	}

	if (!can_address(term, ui.out)) {
		if (ui.script) {
			fclose(ui.script);
			fclose(ui.out);
			fclose(ui.in);
			ui.script = NULL;
		}
		return isms_error_set(ISMS_EUSAGE, "the terminal '%s' cannot move the cursor, which the "
				      "full-screen view needs; the commands work without it ('isms status', "
				      "'isms list', 'isms help')", term);
	}
	/* Before newterm, so that curses leaves these signals to us. */
	caught = 0;
	signals_install();
	if (!getenv("ESCDELAY"))
		set_escdelay(100);
	if (!(ui.screen = newterm(NULL, ui.out, ui.in))) {
		signals_restore();
		if (ui.script) {
			fclose(ui.script);
			fclose(ui.out);
			fclose(ui.in);
			ui.script = NULL;
		}
		return isms_error_set(ISMS_EUSAGE, "cannot use the terminal '%s' (unknown to terminfo?)", term);
	}
	ui.started = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_missing_keys();
	define_key("\033[1;5D", UI_KEY_WORD_LEFT);
	define_key("\033[1;5C", UI_KEY_WORD_RIGHT);
	define_key("\033[200~", KEY_PASTE_START);
	define_key("\033[201~", KEY_PASTE_END);
	bracketed_paste(true);
	intrflush(stdscr, FALSE);
	curs_set(0);
	wtimeout(stdscr, INPUT_TIMEOUT_MS);
	/* Ctrl-S saves: take it from flow control (the shell's mode, kept by
	 * newterm, comes back with endwin). */
	if (!ui.script) {
		struct termios t;

		if (tcgetattr(fileno(ui.in), &t) == 0) {
			t.c_iflag &= ~(tcflag_t)IXON;
			tcsetattr(fileno(ui.in), TCSANOW, &t);
			def_prog_mode();
		}
	}
	ui.colour = ui_theme_start();
	return 0;
}

int ui_screen_stop(void)
{
	int sig = caught;

	if (!ui.started)
		return sig;
	curs_set(1);
	bracketed_paste(false);
	endwin();
	delscreen(ui.screen);
	free(ui.paste);
	ui.paste = NULL;
	ui.pasting = false;
	ui.screen = NULL;
	if (ui.script) {
		fclose(ui.script);
		fclose(ui.out);
		fclose(ui.in);
		ui.script = NULL;
	}
	ui.out = ui.in = NULL;
	signals_restore();
	ui.started = false;
	return sig;
}

int ui_screen_signal(void)
{
	return caught;
}

/* While the terminal is another program's, Ctrl-C and Ctrl-\ are its
 * (git does the same for an editor): they must not end the workbench. */
static struct sigaction suspended_int, suspended_quit;

void ui_screen_suspend(const char *note)
{
	struct sigaction ign;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &suspended_int);
	sigaction(SIGQUIT, &ign, &suspended_quit);
	/* A program that asks something finds a clean terminal, not the
	 * dialogs it would be drawn over. */
	if (note) {
		erase();
		refresh();
	}
	def_prog_mode();
	bracketed_paste(false);
	endwin();
	fflush(stdout);
	if (note && ui.out) {
		fprintf(ui.out, "%s\n", note);
		fflush(ui.out);
	}
}

void ui_screen_resume(void)
{
	sigaction(SIGINT, &suspended_int, NULL);
	sigaction(SIGQUIT, &suspended_quit, NULL);
	reset_prog_mode();
	bracketed_paste(true);
	clearok(stdscr, TRUE);
	refresh();
}

/* Suspend curses, run `program` (shell words, as git runs an editor: the
 * shell reads them, the file is "$1") on `path`, then restore the screen.
 * SIGINT and SIGQUIT are the program's meanwhile (git does the same).
 * `what` names it in messages ("editor", "viewer"). */
static int run_suspended(const char *program, const char *path, const char *what)
{
	int status, saved;

	ui_screen_suspend(NULL);
	status = isms_process_run_shell(program, path, NULL);
	saved = errno;
	ui_screen_resume();
	if (status < 0)
		return isms_error_set(ISMS_EIO, "cannot start the %s: %s", what, strerror(saved));
	if (status != 0)
		return isms_error_set(ISMS_EIO, "the %s '%s' failed", what, program);
	return 0;
}

int ui_screen_run_editor(const char *path)
{
	char *editor = isms_process_editor();
	int error;

	if (!editor)
		return ISMS_ERROR;
	if ((error = run_suspended(editor, path, "editor")) == ISMS_EIO) {
		char *why = strdup(isms_error_last()->message);

		error = isms_error_set(ISMS_EIO, "%s; the text is unchanged", why ? why : "it failed");
		free(why);
	}
	free(editor);
	return error;
}

/* Whether `name` is an executable file in one of PATH's folders. */
static bool in_path(const char *name)
{
	const char *path = getenv("PATH"), *p = path;
	bool found = false;

	while (p && *p && !found) {
		size_t len = strcspn(p, ":");
		char *full = malloc(len + strlen(name) + 2);

		if (!full)
			return false;
		sprintf(full, "%.*s/%s", (int)len, p, name);
		found = len > 0 && access(full, X_OK) == 0;
		free(full);
		p += len;
		if (*p == ':')
			p++;
	}
	return found;
}

int ui_screen_run_viewer(const char *path)
{
	const char *viewer = getenv("ISMS_VIEWER");

	if (!viewer || !*viewer) {
#ifdef __APPLE__
		viewer = in_path("open") ? "open" : NULL;
#else
		viewer = in_path("xdg-open") ? "xdg-open" : in_path("open") ? "open" : NULL;
#endif
	}
	if (!viewer)
		return isms_error_set(ISMS_ENOTFOUND, "no viewer (set ISMS_VIEWER, or install xdg-open)");
	return run_suspended(viewer, path, "viewer");
}

int ui_screen_edit_text(struct isms_buf *out, const char *name, const char *now)
{
	const char *tmp = getenv("TMPDIR");
	char *path = isms_asprintf("%s/isms-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	int fd = mkstemp(path), error = 0;
	char chunk[4096];
	size_t got;
	FILE *in;

	if (fd < 0) {
		error = isms_error_set(ISMS_EIO, "cannot make a file to edit: %s", strerror(errno));
		free(path);
		return error;
	}
	if (now && (write(fd, now, strlen(now)) < 0 ||
		    (!isms_str_ends_with(now, "\n") && write(fd, "\n", 1) < 0)))
		error = isms_error_set(ISMS_EIO, "cannot write %s: %s", path, strerror(errno));
	close(fd);
	if (error == 0 && (error = ui_screen_run_editor(path)) == 0) {
		if (!(in = fopen(path, "r"))) {
			error = isms_error_set(ISMS_EIO, "cannot read %s: %s", path, strerror(errno));
		} else {
			while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
				isms_buf_put(out, chunk, got);
			fclose(in);
			while (out->len && (out->ptr[out->len - 1] == '\n' || out->ptr[out->len - 1] == '\r'))
				out->ptr[--out->len] = '\0';
		}
	}
	unlink(path);
	free(path);
	return error;
}

bool ui_screen_utf8(void)
{
	return ui.utf8;
}

enum ui_colour_mode ui_screen_colour(void)
{
	return ui.colour;
}

bool ui_screen_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

/* Input */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct ui_event event(enum ui_event_type type)
{
	struct ui_event e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	return e;
}

static struct ui_event terminal_next(void)
{
	unsigned errors = 0;

	for (;;) {
		wint_t wc;
		long long start;
		int rc;

		if (caught)
			return event(UI_EVENT_SIGNAL);
		start = now_ms();
		rc = wget_wch(stdscr, &wc);
		if (caught)
			return event(UI_EVENT_SIGNAL);
		if (rc == KEY_CODE_YES && wc == KEY_RESIZE)
			return event(UI_EVENT_RESIZE);
		if (rc == KEY_CODE_YES && (wc == KEY_PASTE_START || wc == KEY_PASTE_END)) {
			ui.pasting = wc == KEY_PASTE_START;
			continue;
		}
		if (rc == OK || rc == KEY_CODE_YES) {
			struct ui_event e = event(UI_EVENT_KEY);

			e.key.fn = rc == KEY_CODE_YES;
			e.key.code = wc;
			if (ui.pasting) {
				/* Text: a key the terminal decoded inside a paste
				 * (a stray escape sequence) is dropped. */
				if (e.key.fn)
					continue;
				e.key.pasted = true;
				return e;
			}
			/* One Enter and one Backspace, whatever the terminal sends
			 * (nonl gives CR; DEL or BS for Backspace). */
			if ((!e.key.fn && wc == '\r') || (e.key.fn && wc == KEY_ENTER)) {
				e.key.fn = false;
				e.key.code = '\n';
			} else if (!e.key.fn && (wc == 127 || wc == 8)) {
				e.key.fn = true;
				e.key.code = KEY_BACKSPACE;
			}
			return e;
		}
		/* ERR: the timeout, or, when it comes back at once again and
		 * again, a terminal that is no longer there. */
		if (now_ms() - start >= INPUT_TIMEOUT_MS / 2)
			errors = 0;
		else if (++errors >= GONE_AFTER)
			return event(UI_EVENT_GONE);
	}
}


/* The line-drawing characters as Unicode, for dumps. */
static unsigned long acs_unicode(wchar_t c)
{
	switch (c) {
	case L'x': return 0x2502;
	case L'q': return 0x2500;
	case L'l': return 0x250c;
	case L'k': return 0x2510;
	case L'm': return 0x2514;
	case L'j': return 0x2518;
	case L't': return 0x251c;
	case L'u': return 0x2524;
	case L'w': return 0x252c;
	case L'v': return 0x2534;
	case L'n': return 0x253c;
	default: return (unsigned long)c;
	}
}

static int dump(const char *path)
{
	FILE *f = fopen(path, "w");
	char *line;
	int rc = 0;

	if (!f)
		return isms_error_set(ISMS_EIO, "cannot write the screen to %s: %s", path, strerror(errno));
	line = malloc((size_t)COLS * 4 * CCHARW_MAX + 2);
	if (!line) {
		fclose(f);
		return isms_error_set(ISMS_ERROR, "out of memory");
	}
	for (int y = 0; y < LINES; y++) {
		size_t len = 0, end = 0;

		for (int x = 0; x < COLS; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			int w;

			if (mvwin_wch(stdscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR || !wch[0])
				wch[0] = L' ';
			if (attrs & A_ALTCHARSET)
				len += isms_utf8_encode(line + len, acs_unicode(wch[0]));
			else
				for (int k = 0; k < CCHARW_MAX && wch[k]; k++)  /* and its marks */
					len += isms_utf8_encode(line + len, (unsigned long)wch[k]);
			if (wch[0] != L' ')
				end = len;
			/* A wide character fills the next cell too. */
			if ((w = wcwidth(wch[0])) > 1)
				x += w - 1;
		}
		line[end] = '\n';
		fwrite(line, 1, end + 1, f);
	}
	free(line);
	if (fclose(f) != 0)
		rc = isms_error_set(ISMS_EIO, "cannot write the screen to %s: %s", path, strerror(errno));
	return rc;
}

/* The next character of a script's <Paste TEXT>, as a pasted key. */
static bool script_paste(struct ui_event *e)
{
	unsigned long c;
	size_t n;

	if (!ui.paste)
		return false;
	if (!ui.paste[ui.paste_at] ||
	    !(n = isms_utf8_decode(ui.paste + ui.paste_at, strlen(ui.paste + ui.paste_at), &c))) {
		free(ui.paste);
		ui.paste = NULL;
		return false;
	}
	ui.paste_at += n;
	*e = event(UI_EVENT_KEY);
	e->key.pasted = true;
	e->key.code = (wint_t)c;
	return true;
}

/* <Paste TEXT>: TEXT with \n, \t and \\ for a line break, a tab and a
 * backslash, given as a terminal gives a bracketed paste. */
static void script_paste_start(const char *text)
{
	char *out = isms_calloc(1, strlen(text) + 1), *o = out;

	for (const char *p = text; *p; p++) {
		if (*p == '\\' && (p[1] == 'n' || p[1] == 't' || p[1] == '\\')) {
			*o++ = p[1] == 'n' ? '\n' : p[1] == 't' ? '\t' : '\\';
			p++;
		} else {
			*o++ = *p;
		}
	}
	free(ui.paste);
	ui.paste = out;
	ui.paste_at = 0;
}

static struct ui_event script_next(void)
{
	char buf[4096];

	for (;;) {
		size_t len;
		struct ui_event e;
		int w, h;

		if (caught)
			return event(UI_EVENT_SIGNAL);
		if (script_paste(&e))
			return e;
		if (!fgets(buf, sizeof(buf), ui.script))
			return event(UI_EVENT_END);
		ui.script_line++;
		len = strcspn(buf, "\r\n");
		buf[len] = '\0';
		if (len == 0 || (len > 1 && buf[0] == '#' && buf[1] == ' '))
			continue;
		if (strncmp(buf, "<Paste ", 7) == 0 && buf[len - 1] == '>') {
			buf[len - 1] = '\0';
			script_paste_start(buf + 7);
			continue;
		}
		if (strncmp(buf, "<Dump ", 6) == 0 && buf[len - 1] == '>') {
			buf[len - 1] = '\0';
			if (dump(buf + 6) < 0)
				return event(UI_EVENT_ERROR);
			continue;
		}
		/* <Signal HUP> (TERM, INT, QUIT): as if the session dropped or
		 * was stopped; the handler sees it. */
		if (strncmp(buf, "<Signal ", 8) == 0) {
			static const struct { const char *name; int sig; } sigs[] = {
				{ "HUP", SIGHUP }, { "TERM", SIGTERM }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
			};

			for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
				if (strncmp(buf + 8, sigs[i].name, strlen(sigs[i].name)) == 0 &&
				    strcmp(buf + 8 + strlen(sigs[i].name), ">") == 0) {
					raise(sigs[i].sig);
					return event(UI_EVENT_SIGNAL);
				}
			isms_error_set(ISMS_EUSAGE, "key script line %u: unknown signal in '%s'",
				       ui.script_line, buf);
			return event(UI_EVENT_ERROR);
		}
		if (sscanf(buf, "<Resize %dx%d>", &w, &h) == 2) {
			if (w < 1 || h < 1 || w > 1000 || h > 1000) {
				isms_error_set(ISMS_EUSAGE, "key script line %u: size %dx%d out of range",
					       ui.script_line, w, h);
				return event(UI_EVENT_ERROR);
			}
			resizeterm(h, w);
			return event(UI_EVENT_RESIZE);
		}
		e = event(UI_EVENT_KEY);
		if (ui_key_parse(&e.key, buf, len) < 0) {
			isms_error_set(ISMS_EUSAGE, "key script line %u: '%s' is not a key", ui.script_line, buf);
			return event(UI_EVENT_ERROR);
		}
		return e;
	}
}

struct ui_event ui_screen_next(void)
{
	return ui.script ? script_next() : terminal_next();
}
