/* SPDX-License-Identifier: MIT */
/* The help screen, made from the table of actions, and what the display
 * can do here. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "screen.h"
#include "theme.h"
#include "view.h"

struct help {
	size_t scroll;
	int page;
	const char *of;  /* the view whose keys are shown */
};

static int help_open(struct ui_view *view, void *arg)
{
	struct help *h = isms_calloc(1, sizeof(*h));

	h->page = 10;
	h->of = arg ? arg : "walk";
	view->priv = h;
	return 0;
}

static void help_close(struct ui_view *view)
{
	free(view->priv);
	view->priv = NULL;
}

static const char *help_title(struct ui_view *view)
{
	(void)view;
	return "help";
}

/* One action: its keys, its name when there is room, then its help text
 * wrapped beside them. */
static void action_lines(struct ui_lines *out, const struct ui_action_info *a, int width)
{
	struct ui_lines text = { 0 };
	char keys[64], prefix[96];
	int indent;

	ui_action_keys_text(keys, sizeof(keys), a);
	if (width >= 72)
		snprintf(prefix, sizeof(prefix), "  %-12s %-15s ", keys, a->name);
	else
		snprintf(prefix, sizeof(prefix), "  %-14s ", keys);
	indent = (int)strlen(prefix);
	ui_lines_wrap(&text, UI_SLOT_HELP, 0, width - indent, a->help);
	for (size_t i = 0; i < text.count; i++) {
		char *line = isms_asprintf("%s%s", i ? "" : prefix, text.items[i].text);

		ui_lines_add(out, UI_SLOT_HELP, i ? indent : 0, line);
		free(line);
	}
	ui_lines_free(&text);
}

static void help_draw(struct ui_view *view, int top, int height, int width)
{
	static const char *const colours[] = {
		[UI_COLOUR_ON] = "colours: on (the default theme)",
		[UI_COLOUR_OFF_NO_COLOR] = "colours: off, because NO_COLOR is set (the marks tell the states)",
		[UI_COLOUR_OFF_TERMINAL] = "colours: off, because the terminal has none (the marks tell the states)",
	};
	struct help *h = view->priv;
	struct ui_lines lines = { 0 };
	const struct ui_action_info *actions;
	size_t count;
	int inner = width - 2;

	actions = ui_actions(&count);
	{
		char *heading = isms_asprintf("Keys in the %s view", h->of);

		ui_lines_add(&lines, UI_SLOT_HEADING, 0, heading);
		free(heading);
	}
	for (size_t i = 0; i < count; i++)
		if (ui_action_applies(&actions[i], h->of))
			action_lines(&lines, &actions[i], inner);
	ui_lines_add(&lines, UI_SLOT_HELP, 0, "");
	ui_lines_add(&lines, UI_SLOT_HEADING, 0, "Answers in dialogs");
	for (size_t i = 0; i < count; i++)
		if (!ui_action_applies(&actions[i], h->of) && ui_action_applies(&actions[i], "yes-no") +
		    ui_action_applies(&actions[i], "leave") + ui_action_applies(&actions[i], "draft") +
		    ui_action_applies(&actions[i], "verdict") + ui_action_applies(&actions[i], "pick") +
		    ui_action_applies(&actions[i], "marks"))
			action_lines(&lines, &actions[i], inner);
	ui_lines_add(&lines, UI_SLOT_HELP, 0, "");
	ui_lines_add(&lines, UI_SLOT_HEADING, 0, "States");
	ui_lines_add(&lines, UI_SLOT_HELP, 2, "[x] approved    [~] draft or incomplete");
	ui_lines_add(&lines, UI_SLOT_HELP, 2, "[!] overdue     [ ] missing");
	ui_lines_add(&lines, UI_SLOT_HELP, 0, "");
	ui_lines_add(&lines, UI_SLOT_HEADING, 0, "Display");
	if (ui_screen_colour() == UI_COLOUR_ON) {
		char *text = isms_asprintf("colours: on, theme %s, %d colours", ui_theme_name(), ui_theme_colours());

		ui_lines_wrap(&lines, UI_SLOT_HELP, 2, inner, text);
		free(text);
	} else {
		ui_lines_wrap(&lines, UI_SLOT_HELP, 2, inner, colours[ui_screen_colour()]);
	}
	ui_lines_wrap(&lines, UI_SLOT_HELP, 2, inner,
		      ui_screen_utf8() ? "lines: terminal line drawing (UTF-8 locale)"
				       : "lines: ASCII, because the locale is not UTF-8");
	ui_lines_add(&lines, UI_SLOT_HELP, 0, "");
	ui_lines_add(&lines, UI_SLOT_HEADING, 0, "Editing");
	ui_lines_wrap(&lines, UI_SLOT_HELP, 2, inner,
		      view->app->read_only
		      ? "Read-only now (--read-only, or the repository cannot be written): "
			"everything can be viewed, nothing can be changed."
		      : "Enter on a clause lists its records; e edits one in a form, n creates one, "
			"r retires one. In a form, w or Ctrl-S validates and commits; leaving with "
			"unsaved changes asks. isms --read-only changes nothing.");
	ui_lines_add(&lines, UI_SLOT_HELP, 0, "");
	ui_lines_add(&lines, UI_SLOT_HEADING, 0, "Typing in a field or a prompt");
	ui_lines_wrap(&lines, UI_SLOT_HELP, 2, inner,
		      "Left, Right: a character (a letter with its accents, an emoji, as one); "
		      "Ctrl-Left, Ctrl-Right: a word; Home or Ctrl-A, End or Ctrl-E: the start, the end; "
		      "Backspace, Delete: a character; Ctrl-W: the word before the cursor; "
		      "Ctrl-U: everything before the cursor; Ctrl-K: everything after it; "
		      "Enter keeps, Esc undoes. A paste is text: its line breaks become spaces.");
	ui_lines_add(&lines, UI_SLOT_HELP, 0, "");
	ui_lines_wrap(&lines, UI_SLOT_HELP, 0, inner, "Esc, q or ? closes this help; Q quits.");
	ui_lines_draw(&lines, &h->scroll, &h->page, top, 1, height, inner, "Up/Down/PgUp/PgDn");
	ui_lines_free(&lines);
}

static enum ui_action help_key(struct ui_view *view, enum ui_action action)
{
	struct help *h = view->priv;

	if (ui_scroll(&h->scroll, action, h->page > 1 ? (size_t)h->page - 1 : 1))
		return UI_HANDLED;
	switch (action) {
	case UI_ACTION_HELP:
	case UI_ACTION_BACK:
		ui_app_pop(view->app);
		return UI_HANDLED;
	default:
		return action;
	}
}

const struct ui_view_ops ui_help_ops = {
	.name = "help",
	.open = help_open,
	.title = help_title,
	.draw = help_draw,
	.key = help_key,
	.close = help_close,
};
