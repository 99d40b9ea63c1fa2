/* SPDX-License-Identifier: MIT */
/* Who made a commit or a tag, as its objects say: what verify compares
 * with the actor an act names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "git.h"

static void who_set(struct isms_who *w, const git_signature *s)
{
	w->name = isms_strdup(s && s->name ? s->name : "");
	w->email = isms_strdup(s && s->email ? s->email : "");
}

void isms_who_free(struct isms_who *w)
{
	if (!w)
		return;
	free(w->name);
	free(w->email);
	memset(w, 0, sizeof(*w));
}

int isms_repo_commit_people(struct isms_who *author, struct isms_who *committer,
			    struct isms_repo *repo, const char *id)
{
	git_oid oid;
	git_commit *commit = NULL;
	int error;

	memset(author, 0, sizeof(*author));
	memset(committer, 0, sizeof(*committer));
	if (git_oid_fromstr(&oid, id) < 0)
		return isms_error_set(ISMS_EINVALID, "'%s' is not a commit id", id);
	if ((error = git_commit_lookup(&commit, repo->git, &oid)) < 0)
		return repo_git_fail(error, id);
	who_set(author, git_commit_author(commit));
	who_set(committer, git_commit_committer(commit));
	git_commit_free(commit);
	return 0;
}

int isms_repo_tagger(struct isms_who *tagger, char target[ISMS_OID_HEX], struct isms_repo *repo,
		     const char *name)
{
	git_object *obj = NULL, *peeled = NULL;
	char *ref = isms_asprintf("refs/tags/%s", name);
	int error;

	memset(tagger, 0, sizeof(*tagger));
	target[0] = '\0';
	error = git_revparse_single(&obj, repo->git, ref);
	free(ref);
	if (error < 0) {
		git_error_clear();
		return isms_error_set(ISMS_ENOTFOUND, "there is no tag %s", name);
	}
	/* A lightweight tag has no tagger: both strings empty. */
	who_set(tagger, git_object_type(obj) == GIT_OBJECT_TAG ? git_tag_tagger((git_tag *)obj) : NULL);
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0)
		git_oid_tostr(target, ISMS_OID_HEX, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}
