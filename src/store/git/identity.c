/* SPDX-License-Identifier: MIT */
/* Who makes a change: the author's and committer's signature as git builds
 * it (GIT_AUTHOR_NAME and the like, author.* / committer.* / user.* in the
 * configuration, EMAIL, GIT_*_DATE, the local UTC offset), and the
 * configuration string lookup the signing code shares. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/process.h"
#include "isms/repo.h"
#include "git.h"

char *repo_config_string(git_config *cfg, const char *key)
{
	git_buf buf = { 0 };
	char *s = NULL;

	if (cfg && git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr[0])
		s = isms_strdup(buf.ptr);
	git_buf_dispose(&buf);
	return s;
}

static char *env_string(const char *key)
{
	const char *v = getenv(key);

	return v && *v ? isms_strdup(v) : NULL;
}

/* Whether `date` is git's own form, "@SECONDS +ZZZZ" or "SECONDS +ZZZZ":
 * read here exactly as git reads it. (Without a zone git takes the local
 * one, which is asked of git like every other form.) */
static bool raw_date(const char *date)
{
	size_t n = strspn(date + (*date == '@'), "0123456789");
	const char *rest = date + (*date == '@') + n;

	return n && rest[0] == ' ' && (rest[1] == '+' || rest[1] == '-') &&
	       strspn(rest + 2, "0123456789") == 4 && !rest[6];
}

/* GIT_<WHO>_DATE's `date` as git reads it: its own form here; any other
 * (ISO 8601, RFC 2822, "2026-01-12 09:15 +0100", a date without a zone,
 * which git takes as local time) by asking git: git var GIT_<WHO>_IDENT
 * ends with the seconds and the zone it made of it. */
static int date_as_git_reads_it(long long *t, int *offset, struct isms_repo *repo,
				const char *who, const char *date)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;
	struct isms_buf out = ISMS_BUF_INIT, err = ISMS_BUF_INIT;
	char var[32];
	const char *argv[] = { "git", "var", var, NULL };
	const char *gt;
	int status, error = 0, sign_offset;
	char zone[6];

	if (raw_date(date))
		return isms_date_parse_git(date, t, offset) < 0 ? isms_error_set(ISMS_EINVALID,
			"GIT_%s_DATE='%s' is not a date git understands", who, date) : 0;
	snprintf(var, sizeof(var), "GIT_%s_IDENT", who);
	opts.cwd = repo->workdir;
	opts.capture = true;
	opts.out = &out;
	opts.err = &err;
	status = isms_process_run(argv, &opts);
	if (status == 127 || status < 0) {
		/* No git: the forms it takes that people use, read here. */
		if (isms_date_parse_git(date, t, offset) < 0)
			error = isms_error_set(ISMS_EINVALID, "GIT_%s_DATE='%s' is not a date git "
					       "understands (try '@SECONDS +0000' or ISO 8601)", who, date);
	} else if (status != 0 || !(gt = strrchr(isms_buf_cstr(&out), '>')) ||
		   sscanf(gt + 1, " %lld %5s", t, zone) != 2 || strlen(zone) != 5 ||
		   (zone[0] != '+' && zone[0] != '-')) {
		const char *why = isms_buf_cstr(&err);

		error = isms_error_set(ISMS_EINVALID, "GIT_%s_DATE='%s' is not a date git "
				       "understands: %.*s", who, date, (int)strcspn(why, "\n"), why);
	} else {
		sign_offset = ((zone[1] - '0') * 10 + (zone[2] - '0')) * 60 +
			      (zone[3] - '0') * 10 + (zone[4] - '0');
		*offset = zone[0] == '-' ? -sign_offset : sign_offset;
	}
	isms_buf_free(&out);
	isms_buf_free(&err);
	return error;
}

/* Seconds east of UTC for the local time at `t`. */
static int local_offset_minutes(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return (int)(tm.tm_gmtoff / 60);
}

int repo_make_signature(git_signature **out, struct isms_repo *repo, const char *who,
			const struct isms_ident *given)
{
	char key[64];
	char *name, *email, *date;
	git_config *cfg = NULL;
	long long t;
	int offset, error;

	if (given) {
		error = git_signature_new(out, given->name, given->email, given->time, given->offset);
		return error < 0 ? repo_git_fail(error, "identity") : 0;
	}
	git_repository_config_snapshot(&cfg, repo->git);
	snprintf(key, sizeof(key), "GIT_%s_NAME", who);
	name = env_string(key);
	snprintf(key, sizeof(key), "GIT_%s_EMAIL", who);
	email = env_string(key);
	snprintf(key, sizeof(key), "GIT_%s_DATE", who);
	date = env_string(key);
	snprintf(key, sizeof(key), "%s.name", strcmp(who, "AUTHOR") == 0 ? "author" : "committer");
	if (!name && !(name = repo_config_string(cfg, key)))
		name = repo_config_string(cfg, "user.name");
	snprintf(key, sizeof(key), "%s.email", strcmp(who, "AUTHOR") == 0 ? "author" : "committer");
	if (!email && !(email = repo_config_string(cfg, key)) &&
	    !(email = repo_config_string(cfg, "user.email")))
		email = env_string("EMAIL");
	git_config_free(cfg);

	if (!name || !email) {
		error = isms_error_set(ISMS_EIDENTITY,
			"no %s identity: every change must say who made it; set it with "
			"git config user.name \"Your Name\" and git config user.email you@example.org",
			strcmp(who, "AUTHOR") == 0 ? "author" : "committer");
		goto cleanup;
	}
	if (date) {
		if ((error = date_as_git_reads_it(&t, &offset, repo, who, date)) < 0)
			goto cleanup;
	} else {
		t = (long long)time(NULL);
		offset = local_offset_minutes((time_t)t);
	}
	error = git_signature_new(out, name, email, t, offset);
	if (error < 0)
		error = repo_git_fail(error, "identity");
cleanup:
	free(name);
	free(email);
	free(date);
	return error;
}

int isms_repo_identity(char **name, char **email, struct isms_repo *repo)
{
	git_signature *sig;
	int error = repo_make_signature(&sig, repo, "AUTHOR", NULL);

	*name = *email = NULL;
	if (error < 0)
		return error;
	*name = isms_strdup(sig->name);
	*email = isms_strdup(sig->email);
	git_signature_free(sig);
	return 0;
}
