/* SPDX-License-Identifier: MIT */
/* The acts in the walk (doc/trust.md): on the selected record, the
 * decisions its kind takes (approve, accept, approve-plan, close,
 * acknowledge), made as you through the store's isms_store_act. Approving
 * a controlled document is approve.c's (`a`, after its changes are shown). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acts.h"
#include "history.h"
#include "isms/act.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"
#include "prompt.h"
#include "screen.h"
#include "view.h"

void ui_act(struct ui_app *app, const char *id)
{
	struct isms_act_opts opts = ISMS_ACT_OPTS_INIT;
	struct isms_record *rec = NULL;
	const struct isms_act *acts[8], *act = NULL;
	const char *names[8];
	char commit[ISMS_OID_HEX] = "", *tag = NULL, *note = NULL, *question = NULL;
	size_t n = 0;
	long choice;

	if (ui_app_refuse_read_only(app))
		return;
	if (isms_store_load(&rec, app->store, id) < 0) {
		ui_say_error(app, id);
		return;
	}
	for (size_t i = 0; isms_act_at(i) && n < sizeof(acts) / sizeof(acts[0]); i++)
		if (isms_act_applies(isms_act_at(i), rec->kind) &&
		    !(strcmp(isms_act_at(i)->name, "approve") == 0 && rec->kind->controlled)) {
			acts[n] = isms_act_at(i);
			names[n++] = isms_act_at(i)->name;
		}
	if (n == 0) {
		snprintf(app->message, sizeof(app->message), "%.30s: a %.30s takes no act here%s", id,
			 rec->kind->name, rec->kind->controlled ? " but approval (a)" : "");
		goto cleanup;
	}
	question = isms_asprintf("Decide on %s as you: which act?", id);
	if ((choice = ui_prompt_pick(app, question, names, n, 0)) >= 0)
		act = acts[choice];
	if (!act) {
		snprintf(app->message, sizeof(app->message), "no act made");
		goto cleanup;
	}
	free(question);
	question = isms_asprintf("%s %s", act->name, id);
	if (ui_prompt_text_about(&note, app, question, "A note (may be empty):", "") != 1) {
		snprintf(app->message, sizeof(app->message), "no act made");
		goto cleanup;
	}
	opts.note = note;
	if (isms_store_act(commit, &tag, app->store, rec, act->name, &opts) < 0) {
		ui_say_refusal(app, "not made");
		ui_app_reload(app);
		goto cleanup;
	}
	snprintf(app->message, sizeof(app->message), "%.20s %.30s: [%.7s]%s%.50s", act->name, id,
		 commit, tag ? " tag " : "", tag ? tag : "");
	ui_app_reload(app);
cleanup:
	isms_record_free(rec);
	free(question);
	free(note);
	free(tag);
}
