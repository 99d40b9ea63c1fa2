/* SPDX-License-Identifier: MIT */
/* Reaching the remote: which remote and remote-tracking branch a sync
 * uses (read from the git configuration), and fetching from it and pushing
 * to it by running the external git program, so that the remote is reached
 * exactly as the user's git reaches it. Fetching also sets the
 * remote-tracking branch and brings in the remote's tags (tags.c). */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/sync.h"
#include "sync_private.h"

/* The remote-tracking branch `branch` (refs/heads/NAME) is fetched to, as
 * remote.REMOTE.fetch says; refs/remotes/REMOTE/NAME by default. The
 * configuration is read rather than git_remote_lookup called: in libgit2
 * 1.5 that leaks the regular expression matches of its url.*.insteadOf
 * lookup, which isms has no use for (git does the fetching). */
static char *tracking_ref(git_config *cfg, const char *remote, const char *branch)
{
	git_config_iterator *it = NULL;
	git_config_entry *entry;
	char *key = isms_asprintf("remote.%s.fetch", remote), *ref = NULL;

	if (git_config_multivar_iterator_new(&it, cfg, key, NULL) == 0) {
		while (!ref && git_config_next(&entry, it) == 0) {
			git_refspec *spec;
			git_buf buf = { 0 };

			if (git_refspec_parse(&spec, entry->value, 1) < 0)
				continue;
			if (git_refspec_src_matches(spec, branch) &&
			    git_refspec_transform(&buf, spec, branch) == 0)
				ref = isms_strdup(buf.ptr);
			git_buf_dispose(&buf);
			git_refspec_free(spec);
		}
		git_config_iterator_free(it);
	}
	free(key);
	return ref ? ref : isms_asprintf("refs/remotes/%s/%s", remote, branch + strlen("refs/heads/"));
}

/* Whether `name` is a remote with an address in the configuration. */
static bool remote_exists(git_config *cfg, const char *name)
{
	git_buf buf = { 0 };
	char *key = isms_asprintf("remote.%s.url", name);
	int valid = 0;
	bool found = name[0] != '-' && git_remote_name_is_valid(&valid, name) == 0 && valid &&
		     git_config_get_string_buf(&buf, cfg, key) == 0;

	git_buf_dispose(&buf);
	free(key);
	return found;
}

/* Run git for fetch or push, with the user's terminal. Why the external
 * program rather than libgit2's transports: Debian's libgit2 1.5 reaches
 * ssh remotes through libssh2, which reads neither ~/.ssh/config (Host
 * aliases, ProxyJump, IdentityFile: what jump hosts rely on) nor git's
 * credential helpers; git does exactly what the user's git does. */
static int run_git(struct isms_repo *repo, const char *const *args, const char *what,
		   const char *advice)
{
	const char *argv[16];
	char *gitdir = isms_asprintf("--git-dir=%s", isms_repo_gitdir(repo));
	char *worktree = isms_asprintf("--work-tree=%s", isms_repo_workdir(repo));
	size_t n = 0;
	int status;

	/* This repository, whatever GIT_DIR and the like say (the child does
	 * not see them either: see isms_repo_run_attached). */
	argv[n++] = "git";
	argv[n++] = gitdir;
	argv[n++] = worktree;
	for (size_t i = 0; args[i] && n < sizeof(argv) / sizeof(*argv) - 1; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	status = isms_repo_run_attached(repo, argv);
	free(gitdir);
	free(worktree);
	if (status < 0)
		return status;
	if (status == 127)
		return isms_error_set(ISMS_ERROR,
			"cannot run git: isms sync needs the git program to %s, so that remotes are "
			"reached as your git reaches them; install git and try again", what);
	if (status != 0)
		return isms_error_set(ISMS_ERROR, "git could not %s (status %d; its message is "
				      "above); %s", what, status, advice);
	return 0;
}

/* Set the remote-tracking branch from what was fetched to `fetched`; when
 * the remote has no such branch, a stale one is deleted, as git fetch
 * --prune does. */
static int refresh_tracking(git_repository *git, const char *fetched, const char *tracking)
{
	git_reference *ref = NULL;
	git_oid id;
	int error = git_reference_name_to_id(&id, git, fetched);

	if (error == GIT_ENOTFOUND) {
		if (git_reference_lookup(&ref, git, tracking) == 0)
			error = git_reference_delete(ref);
		else
			error = 0;
	} else if (error == 0) {
		error = git_reference_create(&ref, git, tracking, &id, 1, "sync: fetched");
	}
	git_reference_free(ref);
	return error < 0 ? isms_repo_git_fail(error, tracking) : 0;
}

/* The remote to use: the one named, the branch's upstream, or origin. */
static char *remote_name(struct isms_repo *repo, const char *given, const char *branch)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	char *key, *name = NULL;

	if (given)
		return isms_strdup(given);
	key = isms_asprintf("branch.%s.remote", branch);
	if (git_repository_config_snapshot(&cfg, isms_repo_git(repo)) == 0 &&
	    git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr[0] && strcmp(buf.ptr, ".") != 0)
		name = isms_strdup(buf.ptr);
	git_buf_dispose(&buf);
	git_config_free(cfg);
	free(key);
	return name ? name : isms_strdup("origin");
}

/* The remote, the branch and the remote-tracking branch of this sync (see
 * sync_private.h). */
int sync_resolve_remote(struct merge_ctx *ctx)
{
	struct isms_sync_result *out = ctx->out;
	git_config *cfg = NULL;
	int error = 0;

	out->remote = remote_name(ctx->repo, ctx->plan.opts->remote, out->branch);
	if ((error = git_repository_config_snapshot(&cfg, ctx->git)) < 0) {
		error = isms_repo_git_fail(error, "git configuration");
		goto cleanup;
	}
	if (!remote_exists(cfg, out->remote)) {
		error = isms_error_set(ISMS_ENOTFOUND,
			"no remote '%s' in this repository; add the shared repository with "
			"git remote add %s URL (a folder, ssh://host/path or https://...)",
			out->remote, out->remote[0] == '-' ? "origin" : out->remote);
		goto cleanup;
	}
	ctx->branch_ref = isms_asprintf("refs/heads/%s", out->branch);
	ctx->tracking = tracking_ref(cfg, out->remote, ctx->branch_ref);
	out->tracking = isms_strdup(strncmp(ctx->tracking, "refs/remotes/", 13) == 0
				    ? ctx->tracking + 13 : ctx->tracking);
cleanup:
	git_config_free(cfg);
	return error;
}

/* Fetch the remote's branches and tags into refs/isms/, then set the
 * remote-tracking branch from there and take the tags we lack. */
int sync_fetch(struct merge_ctx *ctx)
{
	const char *remote = ctx->out->remote;
	char *heads = isms_asprintf("+refs/heads/*:refs/isms/remote-heads/%s/*", remote);
	char *tags = isms_asprintf("+refs/tags/*:refs/isms/remote-tags/%s/*", remote);
	char *fetched = isms_asprintf("refs/isms/remote-heads/%s/%s", remote,
				      ctx->branch_ref + strlen("refs/heads/"));
	char *advice = isms_asprintf("check the remote's address (git remote get-url %s) and "
				     "your access to it; nothing was changed", remote);
	const char *argv[] = { "fetch", "--no-tags", "--prune", remote, heads, tags, NULL };
	int error;

	if ((error = run_git(ctx->repo, argv, "fetch from the remote", advice)) == 0 &&
	    (error = refresh_tracking(ctx->git, fetched, ctx->tracking)) == 0)
		error = sync_merge_tags(ctx);
	free(heads);
	free(tags);
	free(fetched);
	free(advice);
	return error;
}

/* The approval tags (annotated, on commits being pushed) go along, and all
 * or nothing: never the branch without its approvals. */
int sync_push(struct merge_ctx *ctx)
{
	char *refspec = isms_asprintf("%s:%s", ctx->branch_ref, ctx->branch_ref);
	const char *argv[] = { "push", "--atomic", "--follow-tags", ctx->out->remote, refspec,
			       NULL };
	int error = run_git(ctx->repo, argv, "push to the remote",
			    "nothing was pushed; if the remote moved on meanwhile, run isms "
			    "sync again");

	free(refspec);
	return error;
}
