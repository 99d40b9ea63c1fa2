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
		if (isms_date_parse_git(date, &t, &offset) < 0) {
			error = isms_error_set(ISMS_EINVALID,
				"GIT_%s_DATE='%s' is not a date git understands (try '@SECONDS +0000' "
				"or ISO 8601)", who, date);
			goto cleanup;
		}
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
