/* SPDX-License-Identifier: MIT */
/* Fetching and pushing, by running the git program on this repository with
 * the user's terminal. Why git rather than libgit2's transports: Debian's
 * libgit2 1.5 reaches ssh remotes through libssh2, which reads neither
 * ~/.ssh/config (host aliases, ProxyJump, IdentityFile) nor known_hosts as
 * OpenSSH does, and runs no credential helper; git does exactly what the
 * user's git does: ssh-agent, known_hosts, core.sshCommand and
 * GIT_SSH_COMMAND, credential helpers, GIT_ASKPASS and SSH_ASKPASS, proxies
 * (http.proxy), url.*.insteadOf. Its prompts (a password, a passphrase, an
 * unknown host key) and the server's messages go to the terminal, never
 * through isms, so no secret passes through the workbench nor is written
 * anywhere by it; its progress shows on a terminal only, as git decides.
 * A push's outcome is read from git push --porcelain (standard output
 * only): the server's answer decides what the sync says and does. */
#include "config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/process.h"
#include "isms/sync.h"
#include "sync_private.h"

/* Run git `args` on this repository (whatever GIT_DIR and the like say:
 * the child does not see them), with our terminal; its standard output
 * into `report` when not NULL. Returns git's status, or < 0. */
static int run_git(struct isms_repo *repo, const char *const *args, struct isms_buf *report)
{
	struct isms_process_opts opts = ISMS_PROCESS_OPTS_INIT;
	const char *argv[16];
	char *gitdir = isms_asprintf("--git-dir=%s", isms_repo_gitdir(repo));
	char *worktree = isms_asprintf("--work-tree=%s", isms_repo_workdir(repo));
	size_t n = 0;
	int status;

	argv[n++] = "git";
	argv[n++] = gitdir;
	argv[n++] = worktree;
	for (size_t i = 0; args[i] && n < sizeof(argv) / sizeof(*argv) - 1; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	opts.cwd = isms_repo_workdir(repo);
	opts.scrub_git_env = true;
	opts.capture_stdout = report != NULL;
	opts.out = report;
	status = isms_process_run(argv, &opts);
	free(gitdir);
	free(worktree);
	if (status == 127)
		return isms_error_set(ISMS_ERROR,
			"cannot run git: isms sync needs the git program to reach the remote as "
			"your git reaches it; install git and try again");
	return status;
}

/* Set the remote-tracking branch from what was fetched; when the remote
 * has no such branch, a stale one is deleted, as git fetch --prune does. */
static int refresh_tracking(git_repository *git, const char *fetched, const char *tracking)
{
	git_reference *ref = NULL;
	git_oid id;
	int error;

	if (strcmp(fetched, tracking) == 0)
		return 0;
	error = git_reference_name_to_id(&id, git, fetched);
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

/* What to check when the remote cannot be reached. */
static char *reach_advice(const struct merge_ctx *ctx)
{
	const char *r = ctx->out->remote;

	if (ctx->by_address)
		return isms_asprintf("check the address %s and your access to it (ssh keys and "
				     "known_hosts, or your credentials)", r);
	return isms_asprintf("check the remote's address (git remote get-url %s) and your "
			     "access to it (ssh keys and known_hosts, or your credentials)", r);
}

/* Fetch the remote's branches and tags into refs/isms/, then set the
 * remote-tracking branch from there and plan the tags we lack. */
int sync_fetch(struct merge_ctx *ctx)
{
	char *heads = isms_asprintf("+refs/heads/*:refs/isms/remote-heads/%s/*", ctx->folder);
	char *tags = isms_asprintf("+refs/tags/*:refs/isms/remote-tags/%s/*", ctx->folder);
	const char *argv[] = { "fetch", "--no-tags", "--prune", ctx->location, heads, tags,
			       NULL };
	int status = run_git(ctx->repo, argv, NULL), error = status < 0 ? status : 0;

	if (status > 0) {
		char *advice = reach_advice(ctx);

		error = isms_error_set(ISMS_ERROR,
			"git could not fetch from %s (status %d; its message is above): the "
			"network, the server or your access to it failed; nothing was changed "
			"here; %s", ctx->out->remote, status, advice);
		free(advice);
	}
	if (error == 0 && (error = refresh_tracking(ctx->git, ctx->fetched, ctx->tracking)) == 0)
		error = sync_merge_tags(ctx);
	free(heads);
	free(tags);
	return error;
}

/* In git push --porcelain's report, the line of ref `dst` ("!\tSRC:DST\t
 * [rejected] (fetch first)"), or NULL. */
static const char *report_line(const char *report, const char *dst, size_t *len)
{
	for (const char *line = report; *line; line += *len + (line[*len] == '\n')) {
		const char *colon, *tab;

		*len = strcspn(line, "\n");
		if (*len < 3 || line[1] != '\t')
			continue;
		colon = memchr(line, ':', *len);
		tab = colon ? memchr(colon, '\t', *len - (size_t)(colon - line)) : NULL;
		if (tab && (size_t)(tab - colon - 1) == strlen(dst) &&
		    strncmp(colon + 1, dst, strlen(dst)) == 0)
			return line;
	}
	return NULL;
}

/* Push the branch with its approval tags, all or nothing (see
 * sync_private.h). */
int sync_push(struct merge_ctx *ctx, bool *behind)
{
	struct isms_sync_result *out = ctx->out;
	struct isms_buf report = ISMS_BUF_INIT;
	char *refspec = isms_asprintf("%s:%s", ctx->branch_ref, ctx->push_to);
	const char *argv[] = { "push", "--porcelain", "--atomic", "--follow-tags", ctx->location,
			       refspec, NULL };
	const char *line;
	size_t len = 0;
	int status = run_git(ctx->repo, argv, &report), error = status < 0 ? status : 0;
	char *kept = isms_asprintf("your commits stay here on %s, not pushed", out->branch);

	*behind = false;
	if (status <= 0)
		goto cleanup;
	line = report_line(isms_buf_cstr(&report), ctx->push_to, &len);
	/* Moved on: found by our git before sending, or by the server's when
	 * updating the branch (it was not where the push expected). */
	if (line && line[0] == '!' &&
	    (memmem(line, len, "(fetch first)", 13) || memmem(line, len, "(non-fast-forward)", 18) ||
	     memmem(line, len, "(stale info)", 12) ||
	     memmem(line, len, "(failed to update ref)", 22) ||
	     memmem(line, len, "(atomic transaction failed)", 27))) {
		*behind = true;
		error = isms_error_set(ISMS_ECONFLICT,
			"%s moved on while this sync ran (someone pushed meanwhile), so the push "
			"was refused, or its branch could not be updated; %s; run isms sync again "
			"to merge their new commits",
			out->remote, kept);
	} else if (line && line[0] == '!' && memmem(line, len, "[remote rejected]", 17)) {
		const char *why = memchr(line, '(', len);
		int n = why ? (int)(line + len - why) : 0;

		error = isms_error_set(ISMS_ERROR,
			"%s refused the push%s%.*s: the server's message is above; %s; do what it "
			"asks (a protected branch may take a merge request instead), then sync again",
			out->remote, n ? " " : "", n, why ? why : "", kept);
	} else if (line && line[0] == '!') {
		error = isms_error_set(ISMS_ERROR, "the push to %s was refused: %.*s; %s",
				       out->remote, (int)len, line, kept);
	} else {
		char *advice = reach_advice(ctx);

		error = isms_error_set(ISMS_ERROR,
			"git could not push to %s (status %d; its message is above): the network, "
			"your access or the server failed; %s; %s, then run isms sync again",
			out->remote, status, kept, advice);
		free(advice);
	}
cleanup:
	isms_buf_free(&report);
	free(refspec);
	free(kept);
	return error;
}
