#include "config.h"

#include <stdlib.h>

#include "theme.h"

static const struct {
	const char *name;
	short fg, bg;
	attr_t attr, mono;
} default_theme[] = {
#define UI_SLOT_INFO(id, name, fg, bg, attr, mono) { name, fg, bg, attr, mono },
	UI_SLOTS(UI_SLOT_INFO)
#undef UI_SLOT_INFO
};

static bool colour;

enum ui_colour_mode ui_theme_start(void)
{
	const char *no_color = getenv("NO_COLOR");

	colour = false;
	if (no_color && *no_color)
		return UI_COLOUR_OFF_NO_COLOR;
	if (!has_colors() || start_color() == ERR || COLORS < 8 || COLOR_PAIRS < UI_SLOT_COUNT + 1)
		return UI_COLOUR_OFF_TERMINAL;
	/* -1 is the terminal's own colour; without that extension, use the
	 * usual white on black instead. */
	bool defaults = use_default_colors() == OK;

	for (int i = 0; i < UI_SLOT_COUNT; i++) {
		short fg = default_theme[i].fg, bg = default_theme[i].bg;

		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)(i + 1), fg, bg);
	}
	colour = true;
	return UI_COLOUR_ON;
}

attr_t ui_slot_attr(enum ui_slot slot)
{
	if (!colour)
		return default_theme[slot].mono;
	return default_theme[slot].attr | (attr_t)COLOR_PAIR(slot + 1);
}

const char *ui_slot_name(enum ui_slot slot)
{
	return default_theme[slot].name;
}
