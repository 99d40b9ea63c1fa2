/* SPDX-License-Identifier: MIT */
/* The user's configuration file: $XDG_CONFIG_HOME/isms/config.yaml, else
 * ~/.config/isms/config.yaml. It may hold
 *
 *     theme: dark                 # a name or a path, as --theme takes
 *     keys:                       # action name -> keys, in place of the defaults
 *       next-step: [n, "]"]
 *       quit: q
 *
 * Keys are written as in the help screen's table: one character, or <Name>
 * (<Enter>, <Esc>, <Up>, <F1>, <C-s>, ...). */
#ifndef ISMS_UI_USERCONFIG_H
#define ISMS_UI_USERCONFIG_H

/* Read the configuration file (a missing file is no error), bind its keys,
 * then choose the theme: `theme` when not NULL (--theme), else the file's
 * theme:, else the default. Before curses starts. ISMS_EPARSE (or another
 * code) with a message naming file:line:column when something is wrong. */
int ui_config_apply(const char *theme);

#endif
