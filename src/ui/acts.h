/* SPDX-License-Identifier: MIT */
/* The acts in the walk (acts.c). */
#ifndef ISMS_UI_ACTS_H
#define ISMS_UI_ACTS_H

struct ui_app;

/* Ask which act to make on record `id` (those its kind takes) and a
 * note, then make it as git's identity; the message says what happened. */
void ui_act(struct ui_app *app, const char *id);

#endif
