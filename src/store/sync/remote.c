/* SPDX-License-Identifier: MIT */
/* Which remote and branches a sync uses, read from the git configuration
 * as git reads it: the remote given by name or by URL (or the branch's
 * upstream, or origin); the remote's branch to merge (branch.NAME.merge
 * when that remote is the branch's upstream, else the branch of the same
 * name); where it is pushed (remote.NAME.push, else where it was merged
 * from); the remote-tracking branch (remote.NAME.fetch); and where the
 * remote's refs are fetched to, one folder per remote even when its name
 * holds '/'. Fetching and pushing themselves: transport.c. */
#include "config.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "sync_private.h"

/* The string at key FMT..., or NULL. */
static char *config_string(git_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *config_string(git_config *cfg, const char *fmt, ...)
{
	git_buf buf = { 0 };
	char *key, *value = NULL;
	va_list ap;

	va_start(ap, fmt);
	key = isms_vasprintf(fmt, ap);
	va_end(ap);
	if (git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr[0])
		value = isms_strdup(buf.ptr);
	git_buf_dispose(&buf);
	free(key);
	return value;
}

/* Where ref `from` goes by the refspecs at `key` (remote.NAME.fetch or
 * .push), or NULL. The configuration is read rather than git_remote_lookup
 * called: in libgit2 1.5 that leaks the regular expression matches of its
 * url.*.insteadOf lookup, which isms has no use for (git does the
 * fetching). */
static char *map_ref(git_config *cfg, const char *key, const char *from, int fetch)
{
	git_config_iterator *it = NULL;
	git_config_entry *entry;
	char *ref = NULL;

	if (git_config_multivar_iterator_new(&it, cfg, key, NULL) < 0)
		return NULL;
	while (!ref && git_config_next(&entry, it) == 0) {
		git_refspec *spec;
		git_buf buf = { 0 };

		if (git_refspec_parse(&spec, entry->value, fetch) < 0)
			continue;
		if (git_refspec_src_matches(spec, from) && git_refspec_transform(&buf, spec, from) == 0)
			ref = isms_strdup(buf.ptr);
		git_buf_dispose(&buf);
		git_refspec_free(spec);
	}
	git_config_iterator_free(it);
	return ref;
}

/* Whether `name` is a remote with an address in the configuration. */
static bool remote_exists(git_config *cfg, const char *name)
{
	int valid = 0;
	char *url;

	if (name[0] == '-' || git_remote_name_is_valid(&valid, name) < 0 || !valid)
		return false;
	url = config_string(cfg, "remote.%s.url", name);
	free(url);
	return url != NULL;
}

/* Whether `s` is an address git can fetch from: a URL (scheme://), the
 * scp-like [user@]host:path, or a folder. */
static bool is_address(const char *s)
{
	const char *colon = strchr(s, ':'), *slash = strchr(s, '/');
	struct stat st;

	if (s[0] == '-' || !s[0])
		return false;
	if (strstr(s, "://"))
		return true;
	if (colon && colon > s && (!slash || colon < slash))
		return true;
	return stat(s, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder under refs/isms/remote-heads/ (and remote-tags/) of a remote:
 * its name with '%' and '/' escaped (so that remotes "team" and "team/x"
 * never share one), or for an address "url-" and a digest of it. */
static char *ref_folder(const char *remote, bool address)
{
	char digest[ISMS_OID_HEX];
	char *out, *o;

	if (address) {
		isms_repo_hash(digest, remote, strlen(remote));
		return isms_asprintf("url-%.16s", digest);
	}
	out = o = isms_calloc(strlen(remote) * 3 + 1, 1);
	for (const char *p = remote; *p; p++) {
		if (*p == '/' || *p == '%') {
			sprintf(o, "%%%02X", (unsigned char)*p);
			o += 3;
		} else {
			*o++ = *p;
		}
	}
	return out;
}

/* An address as shown and kept (messages, --json): a password written in
 * it (https://user:secret@host/...) replaced by "***". */
static char *shown_address(const char *address)
{
	const char *scheme = strstr(address, "://"), *host, *at, *colon;

	if (!scheme)
		return isms_strdup(address);
	host = scheme + 3;
	at = memchr(host, '@', strcspn(host, "/"));
	colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
	if (!colon)
		return isms_strdup(address);
	return isms_asprintf("%.*s***%s", (int)(colon + 1 - address), address, at);
}

/* The remote, the branches and the refs of this sync (see sync_private.h). */
int sync_resolve_remote(struct merge_ctx *ctx)
{
	struct isms_sync_result *out = ctx->out;
	const char *given = ctx->plan.opts->remote, *branch = out->branch;
	git_config *cfg = NULL;
	char *upstream = NULL, *merge = NULL;
	int error = 0;

	if ((error = git_repository_config_snapshot(&cfg, ctx->git)) < 0)
		return isms_repo_git_fail(error, "git configuration");
	upstream = config_string(cfg, "branch.%s.remote", branch);
	if (upstream && strcmp(upstream, ".") == 0) {
		free(upstream);
		upstream = NULL;
	}
	out->remote = isms_strdup(given ? given : upstream ? upstream : "origin");
	if (!remote_exists(cfg, out->remote)) {
		if (!is_address(out->remote)) {
			error = isms_error_set(ISMS_ENOTFOUND,
				"no remote '%s' in this repository, and it is not an address; add the "
				"shared repository with git remote add %s URL (a folder, "
				"ssh://host/path, host:path or https://...), or give its address",
				out->remote, out->remote[0] == '-' ? "origin" : out->remote);
			goto cleanup;
		}
		ctx->by_address = true;
	}
	ctx->location = out->remote;
	if (ctx->by_address) {
		out->remote = shown_address(ctx->location);
	} else {
		ctx->location = isms_strdup(out->remote);
	}
	ctx->folder = ref_folder(out->remote, ctx->by_address);
	ctx->branch_ref = isms_asprintf("refs/heads/%s", branch);
	/* branch.NAME.merge counts for the branch's upstream remote only. */
	if (upstream && strcmp(upstream, out->remote) == 0 &&
	    (merge = config_string(cfg, "branch.%s.merge", branch)))
		ctx->remote_branch = strncmp(merge, "refs/", 5) == 0 ? isms_strdup(merge)
			: isms_asprintf("refs/heads/%s", merge);
	else
		ctx->remote_branch = isms_strdup(ctx->branch_ref);
	if (strncmp(ctx->remote_branch, "refs/heads/", 11) != 0) {
		error = isms_error_set(ISMS_EINVALID,
			"branch.%s.merge is %s, which is not a branch; set it to the shared "
			"branch (git branch --set-upstream-to=%s/main)", branch,
			ctx->remote_branch, out->remote);
		goto cleanup;
	}
	ctx->fetched = isms_asprintf("refs/isms/remote-heads/%s/%s", ctx->folder,
				     ctx->remote_branch + 11);
	if (!ctx->by_address) {
		char *push_key = isms_asprintf("remote.%s.push", out->remote);
		char *fetch_key = isms_asprintf("remote.%s.fetch", out->remote);

		ctx->push_to = map_ref(cfg, push_key, ctx->branch_ref, 0);
		ctx->tracking = map_ref(cfg, fetch_key, ctx->remote_branch, 1);
		free(push_key);
		free(fetch_key);
	}
	if (!ctx->push_to)
		ctx->push_to = isms_strdup(ctx->remote_branch);
	if (!ctx->tracking)
		ctx->tracking = ctx->by_address ? isms_strdup(ctx->fetched)
			: isms_asprintf("refs/remotes/%s/%s", out->remote, ctx->remote_branch + 11);
	out->tracking = isms_strdup(strncmp(ctx->tracking, "refs/remotes/", 13) == 0
				    ? ctx->tracking + 13 : ctx->tracking);
cleanup:
	free(upstream);
	free(merge);
	git_config_free(cfg);
	return error;
}
