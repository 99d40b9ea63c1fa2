/* SPDX-License-Identifier: MIT */
/* `/` search: a prompt at the bottom, then every record whose ID, title or
 * any text field holds the words typed (case-insensitive). Enter opens a
 * result read-only; `h` there shows its history. Changes nothing. */
#ifndef ISMS_UI_SEARCH_H
#define ISMS_UI_SEARCH_H

#include "view.h"

extern const struct ui_view_ops ui_search_ops;

#endif
