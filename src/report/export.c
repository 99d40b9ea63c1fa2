/* SPDX-License-Identifier: MIT */
/* The reports by name and written to a file: the one way `isms export`,
 * `isms report` and the TUI's export choose, build and write a report.
 * Nothing here prints: the callers tell the user. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/report.h"

static const struct isms_report_kind kinds[] = {
	{ "soa", "Statement of Applicability", false },
	{ "risks", "Risk register", false },
	{ "treatment-plan", "Risk treatment plan", false },
	{ "policies", "Policy set", false },
	{ "records", "Evidence index", false },
	{ "management-review", "Management review pack", false },
	{ "board", "Board report", false },
	{ "audit-pack", "Audit pack (a folder)", true },
};

const struct isms_report_kind *isms_report_kinds(size_t *count)
{
	*count = sizeof(kinds) / sizeof(kinds[0]);
	return kinds;
}

const struct isms_snapshot_opts *isms_report_needs(const char *what)
{
	static const char *const soa_kinds[] = { "control", "risk", NULL };
	static const char *const risk_fields[] = { "status", "retired_on", "controls", NULL };
	static const struct isms_snapshot_keep soa_prune[] = { { "risk", risk_fields },
							       { NULL, NULL } };
	static const struct isms_snapshot_opts soa = { soa_kinds, soa_prune };
	static const char *const risk_kinds[] = { "risk", "action", NULL };
	static const struct isms_snapshot_opts risks = { risk_kinds, NULL };

	if (strcmp(what, "soa") == 0)
		return &soa;
	if (strcmp(what, "risks") == 0 || strcmp(what, "treatment-plan") == 0)
		return &risks;
	return NULL;
}

int isms_report_build(struct isms_report_doc **out, const char *what,
		      const struct isms_snapshot *snap, struct isms_store *store,
		      const struct isms_soa_filter *filter)
{
	if (strcmp(what, "policies") == 0)
		return isms_report_policies(out, snap, store);
	if (strcmp(what, "records") == 0)
		return isms_report_evidence(out, snap, store);
	if (strcmp(what, "management-review") == 0)
		return isms_report_management_review(out, snap, store);
	if (strcmp(what, "board") == 0)
		return isms_report_board(out, snap, store);
	if (strcmp(what, "soa") == 0)
		return isms_report_soa(out, snap, filter);
	if (strcmp(what, "risks") == 0)
		return isms_report_risks(out, snap);
	if (strcmp(what, "treatment-plan") == 0)
		return isms_report_treatment_plan(out, snap);
	return isms_error_set(ISMS_EUSAGE, "no report '%s': soa, risks, treatment-plan, policies or records", what);
}

int isms_report_files_write(const struct isms_report_files *files, const char *dir)
{
	if (isms_fs_mkdirs(dir, 0755) < 0)
		return -1;
	for (size_t i = 0; i < files->count; i++) {
		const struct isms_buf *data = &files->items[i].data;
		char *path = isms_path_join(dir, files->items[i].name);
		int rc = isms_fs_write_atomic(path, data->ptr ? data->ptr : "", data->len, 0644,
					      ISMS_FS_REPLACE);

		free(path);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The folder `path` would be in, resolved (symbolic links followed) as far
 * as it exists: the nearest existing ancestor's real path and the rest. */
static char *resolved(const char *path)
{
	char *copy = strdup(path), *real = NULL, *out;

	while (*copy && !(real = realpath(copy, NULL))) {
		char *slash = strrchr(copy, '/');

		if (slash)
			*slash = '\0';
		else
			*copy = '\0';
	}
	if (real)
		out = isms_asprintf("%s%s", real, path + strlen(copy));
	else if (path[0] == '/')
		out = strdup(path);
	else {
		char *cwd = realpath(".", NULL);

		out = isms_asprintf("%s/%s", cwd ? cwd : ".", path);
		free(cwd);
	}
	free(real);
	free(copy);
	return out;
}

bool isms_report_inside_git(struct isms_store *store, const char *path)
{
	char *full = resolved(path), *git = isms_path_join(isms_store_top(store), ".git");
	char *real_git = realpath(git, NULL);
	const char *p = full;
	bool inside = false;

	if (real_git) {
		size_t n = strlen(real_git);

		inside = strncmp(full, real_git, n) == 0 && (full[n] == '/' || full[n] == '\0');
	}
	for (; p && *p && !inside; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
		size_t n = strcspn(p, "/");

		inside = n == 4 && strncmp(p, ".git", 4) == 0;
	}
	free(full);
	free(git);
	free(real_git);
	return inside;
}

int isms_report_export(struct isms_report_written *out, struct isms_store *store,
		       const char *what, enum isms_report_format format, const char *path,
		       bool replace)
{
	bool folder = strcmp(what, "audit-pack") == 0;
	struct isms_snapshot snap;
	struct isms_report_doc *report = NULL;
	struct isms_report_files files = { 0 };
	struct isms_buf buf = ISMS_BUF_INIT;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!path || !*path)
		return isms_error_set(ISMS_EUSAGE, "no path given: name the file to write");
	if (isms_report_inside_git(store, path))
		return isms_error_set(ISMS_EUSAGE, "%s is inside .git, which only git writes: "
				      "choose a path outside it", path);
	if (!replace && isms_fs_exists(path))
		return isms_error_set(ISMS_EEXISTS, "%s already exists", path);
	if (isms_store_snapshot_with(&snap, store, NULL, folder ? NULL : isms_report_needs(what)) < 0)
		return -1;
	memcpy(out->commit, snap.commit, sizeof(out->commit));
	if (folder) {
		if (isms_report_audit_pack(&files, &snap, store, NULL, NULL) < 0 ||
		    isms_report_files_write(&files, path) < 0)
			goto done;
		out->files = files.count;
		for (size_t i = 0; i < files.count; i++)
			out->bytes += files.items[i].data.len;
		rc = 0;
		goto done;
	}
	if (isms_report_build(&report, what, &snap, store, NULL) < 0 ||
	    isms_report_render(&buf, report, format) < 0 ||
	    isms_fs_write_atomic(path, buf.ptr ? buf.ptr : "", buf.len, 0644,
				 replace ? ISMS_FS_REPLACE : ISMS_FS_CREATE_NEW) < 0)
		goto done;
	out->files = 1;
	out->bytes = buf.len;
	rc = 0;
done:
	isms_report_doc_free(report);
	isms_report_files_free(&files);
	isms_buf_free(&buf);
	isms_snapshot_free(&snap);
	return rc;
}
