/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/tree.h"
#include "isms/yaml.h"
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

/* The theme in force: the compiled-in default until a file is loaded.
 * Colours are -1 (the terminal's own) or 0-255. */
static struct {
	short fg, bg;
	attr_t attr;
} theme[UI_SLOT_COUNT];
static bool theme_set;
static char theme_name[128] = "default";
static int theme_colours;  /* colours the terminal gave: 8, 256 */

static bool colour;

static void theme_defaults(void)
{
	for (int i = 0; i < UI_SLOT_COUNT; i++) {
		theme[i].fg = default_theme[i].fg;
		theme[i].bg = default_theme[i].bg;
		theme[i].attr = default_theme[i].attr;
	}
	theme_set = true;
}

static const char *const colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	attr_t attr;
} attr_names[] = {
	{ "normal", A_NORMAL }, { "bold", A_BOLD }, { "underline", A_UNDERLINE },
	{ "reverse", A_REVERSE }, { "dim", A_DIM }, { "standout", A_STANDOUT },
	{ "blink", A_BLINK },
};

/* An error at a node of the theme file, as file:line:column: message. */
static int bad(const char *file, const struct isms_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(const char *file, const struct isms_node *node, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return isms_error_set_at(ISMS_EPARSE, node->line, node->column, "%s:%u:%u: %s", file, node->line,
				 node->column, text);
}

static int parse_colour(short *out, const char *file, const struct isms_node *node)
{
	const char *t = node->type == ISMS_NODE_SCALAR ? node->text : NULL;
	char *end;
	long n;

	if (!t)
		return bad(file, node, "%s", "a colour is a name or a number 0-255");
	if (strcmp(t, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (short i = 0; i < 8; i++)
		if (strcmp(t, colour_names[i]) == 0) {
			*out = i;
			return 0;
		}
	n = strtol(t, &end, 10);
	if (*t && !*end && n >= 0 && n <= 255) {
		*out = (short)n;
		return 0;
	}
	return bad(file, node,
		   "unknown colour '%s' (default, black, red, green, yellow, blue, magenta, cyan, white, or 0-255)",
		   t);
}

static int parse_attr_word(attr_t *out, const char *file, const struct isms_node *node)
{
	if (node->type != ISMS_NODE_SCALAR || !node->text)
		return bad(file, node, "%s", "an attribute is a word: bold, underline, reverse, dim, standout, blink, normal");
	for (size_t i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
		if (strcmp(node->text, attr_names[i].name) == 0) {
			*out |= attr_names[i].attr;
			return 0;
		}
	return bad(file, node,
		   "unknown attribute '%s' (bold, underline, reverse, dim, standout, blink, normal)", node->text);
}

static int parse_slot(int slot, const char *file, const struct isms_node *map)
{
	int error;

	if (map->type != ISMS_NODE_MAP)
		return bad(file, map, "%s", "a slot is a mapping: {fg: COLOUR, bg: COLOUR, attr: [ATTRIBUTES]}");
	/* A slot that is given starts from nothing: what the file says is all. */
	theme[slot].fg = -1;
	theme[slot].bg = -1;
	theme[slot].attr = A_NORMAL;
	for (size_t i = 0; i < map->count; i++) {
		const struct isms_pair *p = &map->pairs[i];
		const struct isms_node *v = p->value;

		if (strcmp(p->key, "fg") == 0) {
			if ((error = parse_colour(&theme[slot].fg, file, v)) < 0)
				return error;
		} else if (strcmp(p->key, "bg") == 0) {
			if ((error = parse_colour(&theme[slot].bg, file, v)) < 0)
				return error;
		} else if (strcmp(p->key, "attr") == 0) {
			if (v->type == ISMS_NODE_SEQ) {
				for (size_t k = 0; k < v->count; k++)
					if ((error = parse_attr_word(&theme[slot].attr, file, v->items[k])) < 0)
						return error;
			} else if ((error = parse_attr_word(&theme[slot].attr, file, v)) < 0) {
				return error;
			}
		} else {
			struct isms_node at = { .line = p->line, .column = p->column };

			return bad(file, &at, "unknown key '%s' in a slot (fg, bg, attr)", p->key);
		}
	}
	return 0;
}

int ui_theme_load_file(const char *path)
{
	struct isms_node *root = NULL;
	const struct isms_node *slots;
	int error;

	theme_defaults();
	if ((error = isms_yaml_load_file(&root, NULL, NULL, path, NULL)) < 0)
		goto cleanup;
	if (root->type != ISMS_NODE_MAP) {
		error = bad(path, root, "%s", "a theme is a mapping with name: and slots:");
		goto cleanup;
	}
	for (size_t i = 0; i < root->count; i++) {
		const struct isms_pair *p = &root->pairs[i];

		if (strcmp(p->key, "name") != 0 && strcmp(p->key, "slots") != 0) {
			struct isms_node at = { .line = p->line, .column = p->column };

			error = bad(path, &at, "unknown key '%s' (a theme has name: and slots:)", p->key);
			goto cleanup;
		}
	}
	if (!(slots = isms_map_get(root, "slots")) || slots->type != ISMS_NODE_MAP) {
		error = bad(path, slots ? slots : root, "%s", "slots: is missing or not a mapping");
		goto cleanup;
	}
	for (size_t i = 0; i < slots->count; i++) {
		const struct isms_pair *p = &slots->pairs[i];
		int slot = -1;

		for (int k = 0; k < UI_SLOT_COUNT; k++)
			if (strcmp(p->key, default_theme[k].name) == 0)
				slot = k;
		if (slot < 0) {
			struct isms_node at = { .line = p->line, .column = p->column };
			char names[512];
			size_t used = 0;

			names[0] = '\0';
			for (int k = 0; k < UI_SLOT_COUNT && used < sizeof(names); k++)
				used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", k ? " " : "",
							 default_theme[k].name);
			error = bad(path, &at, "unknown slot '%s' (slots: %s)", p->key, names);
			goto cleanup;
		}
		if ((error = parse_slot(slot, path, p->value)) < 0)
			goto cleanup;
	}
	{
		const char *name = isms_map_get_text(root, "name");

		snprintf(theme_name, sizeof(theme_name), "%s", name ? name : path);
	}
cleanup:
	if (error < 0)
		theme_defaults();
	isms_node_free(root);
	return error;
}

static bool is_path(const char *s)
{
	return strchr(s, '/') || (strlen(s) > 5 && strcmp(s + strlen(s) - 5, ".yaml") == 0);
}

int ui_theme_choose(const char *choice)
{
	const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	/* ISMS_DATADIR stands for the installed data folder: the tests set it so
	 * that what they find does not depend on a copy installed earlier. */
	const char *datadir = getenv("ISMS_DATADIR");
	char *candidates[2] = { NULL, NULL };
	int error = 0;

	theme_defaults();
	snprintf(theme_name, sizeof(theme_name), "default");
	if (!choice || !*choice)
		return 0;
	if (is_path(choice))
		return ui_theme_load_file(choice);
	for (const char *c = choice; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '_'))
			return isms_error_set(ISMS_EUSAGE, "theme '%s': a name is letters, digits, - and _ "
					      "(or give a path to a .yaml file)", choice);
	if (config && *config)
		candidates[0] = isms_asprintf("%s/isms/themes/%s.yaml", config, choice);
	else if (home && *home)
		candidates[0] = isms_asprintf("%s/.config/isms/themes/%s.yaml", home, choice);
	if (!datadir || !*datadir)
		datadir = ISMS_PKGDATADIR;
	candidates[1] = isms_asprintf("%s/themes/%s.yaml", datadir, choice);
	for (int i = 0; i < 2; i++) {
		if (!candidates[i] || isms_fs_exists(candidates[i]) <= 0)
			continue;
		error = ui_theme_load_file(candidates[i]);
		goto cleanup;
	}
	if (strcmp(choice, "default") == 0) {
		error = 0;
	} else if (strcmp(choice, "monochrome") == 0) {
		for (int i = 0; i < UI_SLOT_COUNT; i++) {
			theme[i].fg = theme[i].bg = -1;
			theme[i].attr = default_theme[i].mono;
		}
		snprintf(theme_name, sizeof(theme_name), "monochrome");
	} else {
		error = isms_error_set(ISMS_ENOTFOUND, "no theme '%s' in %s or %s/themes/ (built in: default, "
				       "monochrome)", choice, candidates[0] ? candidates[0] : "~/.config/isms/themes/",
				       datadir);
	}
cleanup:
	free(candidates[0]);
	free(candidates[1]);
	return error;
}

const char *ui_theme_name(void)
{
	return theme_name;
}

int ui_theme_colours(void)
{
	return theme_colours;
}

/* A 256-colour number for a terminal with 8: the nearest basic colour. */
static short map_down(short c)
{
	if (c < 8)
		return c;
	if (c < 16)
		return (short)(c - 8);
	if (c >= 232)
		return c < 244 ? COLOR_BLACK : COLOR_WHITE;
	c = (short)(c - 16);
	{
		int r = c / 36, g = (c / 6) % 6, b = c % 6;
		int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
		int cut = hi < 2 ? 1 : hi - 1;  /* components near the brightest count */

		if (hi < 2)
			return COLOR_BLACK;
		return (short)((r >= cut && r > 1 ? 1 : 0) | (g >= cut && g > 1 ? 2 : 0) | (b >= cut && b > 1 ? 4 : 0));
	}
}

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

	if (!theme_set)
		theme_defaults();
	theme_colours = COLORS >= 256 ? 256 : 8;
	for (int i = 0; i < UI_SLOT_COUNT; i++) {
		short fg = theme[i].fg, bg = theme[i].bg;

		if (theme_colours < 256) {
			fg = fg < 0 ? fg : map_down(fg);
			bg = bg < 0 ? bg : map_down(bg);
		}
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
	return theme[slot].attr | (attr_t)COLOR_PAIR(slot + 1);
}

const char *ui_slot_name(enum ui_slot slot)
{
	return default_theme[slot].name;
}
