/* SPDX-License-Identifier: MIT */
/* The export action (walk and lists): which report (the SoA, the risk
 * register, ...), which format, which path (by default in the folder that
 * holds the repository), then the report layer's isms_report_export, the
 * same code `isms export` and `isms report` use. Never inside .git; an
 * existing file or folder is replaced only after a yes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "history.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/report.h"
#include "prompt.h"
#include "view.h"

/* `<the repository's parent folder>/<name>`. */
static char *default_path(struct ui_app *app, const char *name)
{
	const char *top = isms_store_top(app->store);
	char *parent = strdup(top ? top : "."), *slash, *path;
	size_t len = strlen(parent);

	while (len > 1 && parent[len - 1] == '/')
		parent[--len] = '\0';
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	else if (!slash)
		strcpy(parent, ".");
	path = isms_path_join(parent, name);
	free(parent);
	return path;
}

void ui_export(struct ui_app *app)
{
	static const char *const formats[] = { "md", "html", "csv", "json" };
	const char *titles[16];
	size_t count;
	const struct isms_report_kind *kinds = isms_report_kinds(&count), *kind;
	enum isms_report_format format = ISMS_FORMAT_MD;
	struct isms_report_written written;
	char *name = NULL, *def = NULL, *path = NULL, *question = NULL;
	long choice;

	for (size_t i = 0; i < count && i < sizeof(titles) / sizeof(titles[0]); i++)
		titles[i] = kinds[i].title;
	choice = ui_prompt_pick(app, "Export: which report?", titles, count, 0);
	if (choice < 0) {
		snprintf(app->message, sizeof(app->message), "nothing exported");
		return;
	}
	kind = &kinds[choice];
	if (kind->folder) {
		name = strdup(kind->name);
	} else {
		question = isms_asprintf("%s: which format?", kind->title);
		choice = ui_prompt_pick(app, question, formats, sizeof(formats) / sizeof(formats[0]), 0);
		if (choice < 0 || isms_report_format_parse(&format, formats[choice]) < 0) {
			snprintf(app->message, sizeof(app->message), "nothing exported");
			goto cleanup;
		}
		name = isms_asprintf("%s.%s", kind->name, isms_report_format_ext(format));
	}
	def = default_path(app, name);
	free(question);
	question = isms_asprintf("%s: write to%s", kind->title, kind->folder ? " the folder" : "");
	if (ui_prompt_text(&path, app, question, def) != 1 || !path || !*path) {
		snprintf(app->message, sizeof(app->message), "nothing exported");
		goto cleanup;
	}
	/* First without replacing: a path inside .git is refused before any
	 * question, an existing one asks. */
	if (isms_report_export(&written, app->store, kind->name, format, path, false) < 0 &&
	    isms_error_last()->code == ISMS_EEXISTS) {
		free(question);
		question = isms_asprintf("%.100s exists: replace it%s?", path,
					 kind->folder ? "s files" : "");
		if (ui_prompt_choice(app, question, "yes-no") != UI_ACTION_YES) {
			snprintf(app->message, sizeof(app->message), "nothing exported: %.120s is kept",
				 path);
			goto cleanup;
		}
		if (isms_report_export(&written, app->store, kind->name, format, path, true) == 0)
			goto written;
	}
	if (!written.files) {
		ui_say_refusal(app, "not exported");
		goto cleanup;
	}
written:
	if (kind->folder)
		snprintf(app->message, sizeof(app->message), "wrote %.90s/ (%zu files, %zu bytes, commit %.7s)",
			 path, written.files, written.bytes, written.commit);
	else
		snprintf(app->message, sizeof(app->message), "wrote %.100s (%zu bytes, commit %.7s)", path,
			 written.bytes, written.commit);
cleanup:
	free(name);
	free(def);
	free(path);
	free(question);
}
