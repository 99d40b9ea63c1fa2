/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "isms/text.h"
#include "isms/alloc.h"
#include "curses.h"

/* Not const: a keymap file may replace an action's keys (ui_keymap_bind). */
static struct ui_action_info actions[] = {
#define UI_ACTION_INFO(id, name, keys, views, hint, help) { UI_ACTION_##id, name, keys, views, hint, help },
	UI_ACTIONS(UI_ACTION_INFO)
#undef UI_ACTION_INFO
};

const struct ui_action_info *ui_actions(size_t *count)
{
	*count = sizeof(actions) / sizeof(actions[0]);
	return actions;
}

static const struct {
	const char *name;
	bool fn;
	int code;
} key_names[] = {
	{ "Up", true, KEY_UP }, { "Down", true, KEY_DOWN },
	{ "Left", true, KEY_LEFT }, { "Right", true, KEY_RIGHT },
	{ "PgUp", true, KEY_PPAGE }, { "PgDn", true, KEY_NPAGE },
	{ "Home", true, KEY_HOME }, { "End", true, KEY_END },
	{ "Enter", false, '\n' }, { "Esc", false, 27 }, { "Space", false, ' ' },
	{ "Tab", false, '\t' }, { "Backspace", true, KEY_BACKSPACE },
	{ "Delete", true, KEY_DC }, { "Insert", true, KEY_IC },
	{ "C-Left", true, UI_KEY_WORD_LEFT }, { "C-Right", true, UI_KEY_WORD_RIGHT },
};

/* Decode one UTF-8 character of exactly `len` bytes; -1 if it is not one. */
static long utf8_one(const char *s, size_t len)
{
	unsigned long c;

	return len && isms_utf8_decode(s, len, &c) == len ? (long)c : -1;
}

int ui_key_parse(struct ui_key *out, const char *text, size_t len)
{
	long c;

	if (len > 2 && text[0] == '<' && text[len - 1] == '>') {
		const char *name = text + 1;
		size_t n = len - 2;

		for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
			if (strlen(key_names[i].name) == n && strncmp(key_names[i].name, name, n) == 0) {
				out->fn = key_names[i].fn;
				out->code = (wint_t)key_names[i].code;
				return 0;
			}
		/* Control and a letter: <C-s>. */
		if (n == 3 && name[0] == 'C' && name[1] == '-' &&
		    ((name[2] >= 'a' && name[2] <= 'z') || (name[2] >= 'A' && name[2] <= 'Z'))) {
			out->fn = false;
			out->code = (wint_t)(name[2] & 0x1f);
			return 0;
		}
		if (n >= 2 && n <= 3 && name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
			int f = name[1] - '0';

			if (n == 3) {
				if (name[2] < '0' || name[2] > '9')
					return -1;
				f = f * 10 + (name[2] - '0');
			}
			if (f > 12)
				return -1;
			out->fn = true;
			out->code = (wint_t)KEY_F(f);
			return 0;
		}
		return -1;
	}
	if ((c = utf8_one(text, len)) < 0)
		return -1;
	out->fn = false;
	out->code = (wint_t)c;
	return 0;
}

/* Whether `word` is one of the space-separated words of `list`. */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (*list) {
		size_t len = strcspn(list, " ");

		if (len == n && strncmp(list, word, n) == 0)
			return true;
		list += len;
		list += strspn(list, " ");
	}
	return false;
}

bool ui_action_applies(const struct ui_action_info *info, const char *where)
{
	if (has_word(info->views, where))
		return true;
	/* "*" is every view, never a dialog. */
	return has_word(info->views, "*") && !has_word(UI_DIALOGS, where);
}

static bool bound_to(const struct ui_action_info *info, struct ui_key key)
{
	const char *k = info->keys;

	if (key.pasted)
		return false;  /* pasted text is never a key */
	while (*k) {
		size_t len = strcspn(k, " ");
		struct ui_key bound;

		if (ui_key_parse(&bound, k, len) == 0 && bound.fn == key.fn && bound.code == key.code)
			return true;
		k += len;
		k += strspn(k, " ");
	}
	return false;
}

enum ui_action ui_action_for_key(const char *where, struct ui_key key)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (ui_action_applies(&actions[i], where) && bound_to(&actions[i], key))
			return actions[i].action;
	return UI_ACTION_NONE;
}

enum ui_action ui_answer_for_key(const char *dialog, struct ui_key key)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (has_word(actions[i].views, dialog) && bound_to(&actions[i], key))
			return actions[i].action;
	return UI_ACTION_NONE;
}

const struct ui_action_info *ui_action_info(enum ui_action action)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (actions[i].action == action)
			return &actions[i];
	return NULL;
}

void ui_answers_text(char *out, size_t size, const char *dialog)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]) && used + 1 < size; i++) {
		const char *k = actions[i].keys;
		size_t len = strcspn(k, " ");
		int n;

		/* Esc cancels every dialog; the dialog's own keys are named. */
		if (!has_word(actions[i].views, dialog) || actions[i].action == UI_ACTION_CANCEL || !len)
			continue;
		if (len > 2 && k[0] == '<')
			n = snprintf(out + used, size - used, "%s%.*s %s", used ? ", " : "", (int)len - 2,
				     k + 1, actions[i].hint);
		else
			n = snprintf(out + used, size - used, "%s%.*s %s", used ? ", " : "", (int)len, k,
				     actions[i].hint);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

void ui_action_keys_text(char *out, size_t size, const struct ui_action_info *info)
{
	const char *k = info->keys;
	size_t used = 0;

	out[0] = '\0';
	while (*k && used + 1 < size) {
		size_t len = strcspn(k, " ");
		int n;

		if (len > 2 && k[0] == '<')
			n = snprintf(out + used, size - used, "%s%.*s", used ? ", " : "", (int)len - 2, k + 1);
		else
			n = snprintf(out + used, size - used, "%s%.*s", used ? ", " : "", (int)len, k);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
		k += len;
		k += strspn(k, " ");
	}
}

int ui_keymap_bind(const char *name, const char *keys)
{
	static char *bound[sizeof(actions) / sizeof(actions[0])];

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcmp(actions[i].name, name) != 0)
			continue;
		for (const char *k = keys; *k;) {
			size_t len = strcspn(k, " ");
			struct ui_key key;

			if (len && ui_key_parse(&key, k, len) < 0)
				return -2;
			k += len;
			k += strspn(k, " ");
		}
		free(bound[i]);
		bound[i] = isms_strdup(keys);
		actions[i].keys = bound[i];
		return 0;
	}
	return -1;
}
