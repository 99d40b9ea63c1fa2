/* SPDX-License-Identifier: MIT */
/* Reading git's own configuration (core.pager, color.ui) for the command
 * line, before and without opening an ISMS. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>

#include "isms/alloc.h"
#include "isms/repo.h"
#include "git.h"

char *isms_git_config_get(const char *key)
{
	git_repository *git = NULL;
	git_config *cfg = NULL, *snap = NULL;
	git_buf buf = { 0 };
	char *value = NULL;

	global_init();
	if (git_repository_open_ext(&git, ".", 0, NULL) == 0)
		git_repository_config_snapshot(&snap, git);
	else if (git_config_open_default(&cfg) == 0)
		git_config_snapshot(&snap, cfg);
	if (snap && git_config_get_string_buf(&buf, snap, key) == 0)
		value = isms_strdup(buf.ptr ? buf.ptr : "");
	git_buf_dispose(&buf);
	git_config_free(snap);
	git_config_free(cfg);
	git_repository_free(git);
	git_error_clear();
	return value;
}
