/* SPDX-License-Identifier: MIT */
/* The user's configuration file: theme and key bindings. (Not config.c:
 * a src/ui/config.h would hide the build's config.h from every file here.) */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/tree.h"
#include "isms/yaml.h"
#include "theme.h"
#include "userconfig.h"

static int bad_at(const char *file, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad_at(const char *file, unsigned line, unsigned column, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return isms_error_set_at(ISMS_EPARSE, line, column, "%s:%u:%u: %s", file, line, column, text);
}

/* One key as the file writes it: a scalar, checked. Appended to `keys`. */
static int add_key(struct isms_buf *keys, const char *file, const struct isms_node *node)
{
	struct ui_key key;

	if (node->type != ISMS_NODE_SCALAR || !node->text || !*node->text)
		return bad_at(file, node->line, node->column, "%s",
			      "a key is one character or a name like <Enter> (a list of them binds several)");
	if (strchr(node->text, ' ') || ui_key_parse(&key, node->text, strlen(node->text)) < 0)
		return bad_at(file, node->line, node->column,
			      "unknown key '%s' (one character, or <Up> <Down> <Left> <Right> <PgUp> <PgDn> "
			      "<Home> <End> <Enter> <Esc> <Space> <Tab> <Backspace> <Delete> <Insert> "
			      "<F1>..<F12> <C-x>)", node->text);
	if (keys->len)
		isms_buf_putc(keys, ' ');
	isms_buf_puts(keys, node->text);
	return 0;
}

static int bind_keys(const char *file, const struct isms_node *map)
{
	int error = 0;

	if (map->type != ISMS_NODE_MAP)
		return bad_at(file, map->line, map->column, "%s", "keys: is a mapping of action names to keys");
	for (size_t i = 0; i < map->count && error == 0; i++) {
		const struct isms_pair *p = &map->pairs[i];
		struct isms_buf keys = ISMS_BUF_INIT;

		if (p->value->type == ISMS_NODE_SEQ) {
			for (size_t k = 0; k < p->value->count && error == 0; k++)
				error = add_key(&keys, file, p->value->items[k]);
		} else {
			error = add_key(&keys, file, p->value);
		}
		if (error == 0 && ui_keymap_bind(p->key, keys.ptr ? keys.ptr : "") == -1)
			error = bad_at(file, p->line, p->column,
				       "unknown action '%s' (the help screen, ?, lists them)", p->key);
		isms_buf_free(&keys);
	}
	return error;
}

int ui_config_apply(const char *theme)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct isms_node *root = NULL;
	char *path = NULL, *file_theme = NULL;
	int error = 0;

	if (xdg && *xdg)
		path = isms_asprintf("%s/isms/config.yaml", xdg);
	else if (home && *home)
		path = isms_asprintf("%s/.config/isms/config.yaml", home);
	if (path && isms_fs_exists(path) > 0) {
		if ((error = isms_yaml_load_file(&root, NULL, NULL, path, NULL)) < 0)
			goto cleanup;
		if (root->type != ISMS_NODE_MAP) {
			error = bad_at(path, root->line, root->column, "%s",
				       "the configuration is a mapping with theme: and keys:");
			goto cleanup;
		}
		for (size_t i = 0; i < root->count; i++) {
			const struct isms_pair *p = &root->pairs[i];

			if (strcmp(p->key, "keys") == 0) {
				if ((error = bind_keys(path, p->value)) < 0)
					goto cleanup;
			} else if (strcmp(p->key, "theme") == 0) {
				if (p->value->type != ISMS_NODE_SCALAR || !p->value->text) {
					error = bad_at(path, p->value->line, p->value->column, "%s",
						       "theme: is a name or a path");
					goto cleanup;
				}
				free(file_theme);
				file_theme = isms_strdup(p->value->text);
			} else {
				error = bad_at(path, p->line, p->column, "unknown setting '%s' (theme, keys)",
					       p->key);
				goto cleanup;
			}
		}
	}
	if ((error = ui_theme_choose(theme ? theme : file_theme)) < 0 && !theme && file_theme)
		isms_error_prefix("%s: theme", path);
cleanup:
	isms_node_free(root);
	free(file_theme);
	free(path);
	return error;
}
