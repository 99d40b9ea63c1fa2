/* SPDX-License-Identifier: MIT */
/* Tags: an annotated tag object written as git writes it (tagger, message,
 * and the signature after the message when tag.gpgsign or the caller asks
 * for one), then its reference under refs/tags/, never replacing one. */
#include "config.h"

#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/repo.h"
#include "git.h"

/* Tags */

static void put_signature(struct isms_buf *out, const char *field, const git_signature *sig)
{
	int offset = sig->when.offset;
	char sign = offset < 0 ? '-' : '+';

	if (offset < 0)
		offset = -offset;
	isms_buf_printf(out, "%s %s <%s> %lld %c%02d%02d\n", field, sig->name, sig->email,
			(long long)sig->when.time, sign, offset / 60, offset % 60);
}

int repo_tag_object(git_oid *out, struct isms_repo *repo, const char *name,
		      const git_oid *target, const struct isms_tag_opts *opts)
{
	git_signature *tagger = NULL;
	git_odb *odb = NULL;
	git_buf pretty = { 0 };
	struct isms_buf buf = ISMS_BUF_INIT, sig = ISMS_BUF_INIT;
	struct repo_signing signing = { 0 };
	char hex[ISMS_OID_HEX];
	bool sign = false;
	int error;

	if ((error = repo_make_signature(&tagger, repo, "COMMITTER", opts->tagger)) < 0 ||
	    (error = repo_signing_setup(&signing, &sign, repo, "tag.gpgsign", opts->sign)) < 0)
		goto cleanup;

	/* The tag object as git writes it; the message ends with a newline. */
	git_oid_tostr(hex, sizeof(hex), target);
	isms_buf_printf(&buf, "object %s\ntype commit\ntag %s\n", hex, name);
	put_signature(&buf, "tagger", tagger);
	isms_buf_putc(&buf, '\n');
	if (git_message_prettify(&pretty, opts->message && *opts->message ? opts->message : name,
				 0, '#') == 0)
		isms_buf_puts(&buf, pretty.ptr);
	if (!isms_buf_cstr(&buf)[0] || isms_buf_cstr(&buf)[strlen(isms_buf_cstr(&buf)) - 1] != '\n')
		isms_buf_putc(&buf, '\n');
	if (sign) {
		/* As git: the signature follows the message. */
		if ((error = repo_sign_buffer(&sig, repo, &signing, isms_buf_cstr(&buf),
					      strlen(isms_buf_cstr(&buf)), tagger)) < 0) {
			isms_error_prefix("tag %s was not made", name);
			goto cleanup;
		}
		isms_buf_puts(&buf, isms_buf_cstr(&sig));
	}
	if ((error = git_repository_odb(&odb, repo->git)) < 0 ||
	    (error = git_odb_write(out, odb, isms_buf_cstr(&buf), strlen(isms_buf_cstr(&buf)),
				   GIT_OBJECT_TAG)) < 0)
		error = repo_git_fail(error, "writing the tag");
cleanup:
	git_buf_dispose(&pretty);
	isms_buf_free(&buf);
	isms_buf_free(&sig);
	repo_signing_free(&signing);
	git_odb_free(odb);
	git_signature_free(tagger);
	return error;
}

int isms_repo_tag_check(struct isms_repo *repo, const char *name)
{
	git_reference *ref = NULL;
	char *refname = isms_asprintf("refs/tags/%s", name);
	int valid = 0, error = 0;

	if (!*name || git_reference_name_is_valid(&valid, refname) < 0 || !valid)
		error = isms_error_set(ISMS_EINVALID, "'%s' is not a valid tag name", name);
	else if (git_reference_lookup(&ref, repo->git, refname) == 0)
		error = isms_error_set(ISMS_EEXISTS, "tag %s already exists", name);
	else
		error = repo_ref_unlocked(repo, refname);
	git_reference_free(ref);
	free(refname);
	return error;
}

int isms_repo_tag(struct isms_repo *repo, const char *name, const char *target,
		  const struct isms_tag_opts *opts)
{
	static const struct isms_tag_opts defaults = ISMS_TAG_OPTS_INIT;
	git_object *obj = NULL;
	git_reference *ref = NULL;
	git_oid tag_id;
	char *refname = isms_asprintf("refs/tags/%s", name);
	int error;

	if (!opts)
		opts = &defaults;
	if ((error = isms_repo_tag_check(repo, name)) < 0)
		goto cleanup;
	if ((error = git_revparse_single(&obj, repo->git, target)) < 0) {
		error = isms_error_set(ISMS_ENOTFOUND, "tag %s: no commit %s", name, target);
		goto cleanup;
	}
	if (git_object_type(obj) != GIT_OBJECT_COMMIT) {
		error = isms_error_set(ISMS_EINVALID, "tag %s: %s is not a commit", name, target);
		goto cleanup;
	}
	if ((error = repo_tag_object(&tag_id, repo, name, git_object_id(obj), opts)) < 0)
		goto cleanup;
	error = git_reference_create(&ref, repo->git, refname, &tag_id, 0, NULL);
	if (error == GIT_EEXISTS)
		error = isms_error_set(ISMS_EEXISTS, "tag %s already exists", name);
	else if (error < 0)
		error = repo_git_fail(error, refname);
cleanup:
	git_reference_free(ref);
	git_object_free(obj);
	free(refname);
	return error;
}

