/* SPDX-License-Identifier: MIT */
/* The TUI's export action (issue 11 item 8): a report picked, its format
 * and path asked, written by the report layer as `isms export` writes it;
 * never inside .git, never over a file without a yes. The real binary runs
 * a script of keys (tui_helpers.h). */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "tui_helpers.h"

TestSuite(tui_export, .init = tui_setup, .timeout = 60);

/* X, the SoA (first), csv (third format), then the path: `path_keys`. */
#define EXPORT_SOA_CSV "X\n<Enter>\nj\nj\n<Enter>\n"

static size_t count_lines_starting(const char *text, const char *prefix)
{
	size_t n = 0;

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		n += strncmp(p, prefix, strlen(prefix)) == 0;
	return n;
}

Test(tui_export, soa_as_csv_from_the_walk_is_what_isms_export_writes)
{
	char *dir = tui_fresh_isms(), *parent = strndup(dir, strlen(dir) - strlen("/acme"));
	char *err, *scratch, *screen, *file, *cli = NULL, *cli_err = NULL, *want;
	int rc;

	/* The default path is the repository's parent folder: Enter takes it. */
	scratch = tui_walk(&rc, &err, dir, EXPORT_SOA_CSV "<Enter>\n<Dump done.txt>\nq");
	tui_ran_cleanly(rc, err);
	file = th_read(parent, "soa.csv");
	cr_assert_not_null(file, "no soa.csv in %s", parent);
	cr_assert_eq(count_lines_starting(file, "\"A."), 93, "%s", file);
	cr_assert(strncmp(file, "\"id\",\"theme\",\"title\",\"decision\"", 30) == 0, "%s", file);
	/* One way: the same bytes as the CLI's. */
	cr_assert_eq(th_isms(&cli, &cli_err, dir, "export soa --format csv"), 0, "%s", cli_err);
	cr_assert_str_eq(file, cli);
	screen = th_read(scratch, "done.txt");
	want = isms_asprintf("wrote %s/soa.csv (%zu bytes, commit", parent, strlen(file));
	cr_assert(th_has(screen, want), "want '%s' in:\n%s", want, screen);
	free(want);
	free(screen);
	free(file);
	free(cli);
	free(cli_err);
	free(scratch);
	free(parent);
	free(dir);
}

Test(tui_export, an_existing_file_is_kept_when_the_answer_is_no)
{
	char *dir = tui_fresh_isms(), *parent = strndup(dir, strlen(dir) - strlen("/acme"));
	char *err, *scratch, *screen, *file;
	int rc;

	th_write(parent, "soa.csv", "mine\n");
	scratch = tui_walk(&rc, &err, dir, EXPORT_SOA_CSV "<Enter>\n<Dump ask.txt>\nn\n<Dump no.txt>\nq");
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "ask.txt");
	cr_assert(th_has(screen, "soa.csv exists: replace it?"), "%s", screen);
	free(screen);
	file = th_read(parent, "soa.csv");
	cr_assert_str_eq(file, "mine\n");
	free(file);
	screen = th_read(scratch, "no.txt");
	cr_assert(th_has(screen, "nothing exported"), "%s", screen);
	free(screen);
	free(scratch);
	/* Yes replaces it. */
	scratch = tui_walk(&rc, &err, dir, EXPORT_SOA_CSV "<Enter>\ny\nq");
	tui_ran_cleanly(rc, err);
	file = th_read(parent, "soa.csv");
	cr_assert_eq(count_lines_starting(file, "\"A."), 93, "%s", file);
	free(file);
	free(scratch);
	free(parent);
	free(dir);
}

Test(tui_export, a_path_inside_git_is_refused)
{
	char *dir = tui_fresh_isms(), *err, *scratch, *screen, *keys, *typed, *head_before, *head_after;
	int rc;

	head_before = th_read(dir, ".git/HEAD");
	/* From a list (the kinds, l, then the first kind): Ctrl-U clears
	 * the default path, then .git/HEAD is typed. */
	typed = tui_typed(".git/HEAD");
	keys = isms_asprintf("l\n<Enter>\n" EXPORT_SOA_CSV "<C-u>\n%s<Enter>\n<Dump refused.txt>\nq\nq", typed);
	scratch = tui_walk(&rc, &err, dir, keys);
	tui_ran_cleanly(rc, err);
	screen = th_read(scratch, "refused.txt");
	cr_assert(th_has(screen, "not exported") && th_has(screen, ".git"), "%s", screen);
	head_after = th_read(dir, ".git/HEAD");
	cr_assert_str_eq(head_after, head_before);
	free(screen);
	free(head_before);
	free(head_after);
	free(keys);
	free(typed);
	free(scratch);
	free(dir);
}

Test(tui_export, the_audit_pack_is_a_folder)
{
	char *dir = tui_fresh_isms(), *parent = strndup(dir, strlen(dir) - strlen("/acme"));
	char *err, *scratch, *screen, *index, *soa, *want;
	int rc;

	/* The last report is the audit pack; no format is asked. */
	scratch = tui_walk(&rc, &err, dir, "X\nG\n<Enter>\n<Enter>\n<Dump done.txt>\nq");
	tui_ran_cleanly(rc, err);
	index = th_read(parent, "audit-pack/index.html");
	soa = th_read(parent, "audit-pack/soa.csv");
	cr_assert(index && th_has(index, "soa.html"), "%s", index ? index : "(no index.html)");
	cr_assert_eq(count_lines_starting(soa, "\"A."), 93, "%s", soa);
	screen = th_read(scratch, "done.txt");
	want = isms_asprintf("wrote %s/audit-pack/ (", parent);
	cr_assert(th_has(screen, want) && th_has(screen, " files, "), "%s", screen);
	free(want);
	free(screen);
	free(index);
	free(soa);
	free(scratch);
	free(parent);
	free(dir);
}
