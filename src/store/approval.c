/* SPDX-License-Identifier: MIT */
/* Approvals (27001 7.5.2): versions, approved/ID/vX.Y tags on approval
 * commits, unfinished approvals and approving a document. The findings
 * check reports about approvals are in approval_check.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/alloc.h"
#include "isms/date.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/rules.h"
#include "isms/store.h"
#include "isms/yaml.h"
#include "store_private.h"

size_t isms_approval_summary(char version[ISMS_VERSION_MAX], const char *summary)
{
	const char *colon = strstr(summary, ": approve v"), *v;
	size_t n = 0;

	version[0] = '\0';
	if (!colon || colon == summary || memchr(summary, ' ', (size_t)(colon - summary)))
		return 0;
	v = colon + strlen(": approve v");
	while ((v[n] >= '0' && v[n] <= '9') || v[n] == '.')
		n++;
	if (n == 0 || n >= ISMS_VERSION_MAX || (v[n] && v[n] != ' '))
		return 0;
	memcpy(version, v, n);
	version[n] = '\0';
	return (size_t)(colon - summary);
}

/* "X.Y" into its numbers; false when it is not that. */
bool store_parse_version(const char *s, unsigned long *major, unsigned long *minor)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return false;
	*major = strtoul(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9' || *major > 99999)
		return false;
	*minor = strtoul(end + 1, &end, 10);
	return *end == '\0' && *minor <= 99999;
}

static char *approval_tag(const char *id, const char *version)
{
	return isms_asprintf("approved/%s/v%s", id, version);
}

/* Whether `tag` names a revision that holds `path`. */
static bool tag_holds(struct isms_store *store, const char *tag, const char *path)
{
	struct isms_buf text = ISMS_BUF_INIT;
	bool ok = isms_repo_read(&text, store->repo, tag, path) == 0;

	isms_buf_free(&text);
	return ok;
}

/* The latest approval tag of `id` from its `version`: approvals make X.0
 * versions, so it is approved/ID/vVERSION or the highest vN.0 below it. */
static char *approval_from_version(struct isms_store *store, const char *id, const char *path,
				   const char *version)
{
	unsigned long major, minor;
	char *tag, v[ISMS_VERSION_MAX];

	if (!store_parse_version(version, &major, &minor))
		return NULL;
	tag = approval_tag(id, version);
	if (tag_holds(store, tag, path))
		return tag;
	free(tag);
	for (unsigned long n = major < 999 ? major : 999; n >= 1; n--) {
		snprintf(v, sizeof(v), "%lu.0", n);
		tag = approval_tag(id, v);
		if (tag_holds(store, tag, path))
			return tag;
		free(tag);
	}
	return NULL;
}

bool isms_store_approval_of(char **rid, char version[ISMS_VERSION_MAX], struct isms_store *store,
			    const struct isms_log_entry *e, const char *id)
{
	size_t n = isms_approval_summary(version, e->summary);
	char *name, *tag, at[ISMS_OID_HEX];
	bool ok;

	if (rid)
		*rid = NULL;
	if (n == 0 || (id && (strlen(id) != n || strncmp(e->summary, id, n) != 0)))
		return false;
	name = isms_strndup(e->summary, n);
	tag = approval_tag(name, version);
	/* A summary anyone can write; the tag on this very commit is the approval. */
	ok = isms_id_check(name) == 0 && isms_repo_resolve(at, store->repo, tag) == 0 &&
	     strcmp(at, e->id) == 0;
	if (!ok)
		isms_error_clear();
	if (ok && rid)
		*rid = name;
	else
		free(name);
	free(tag);
	return ok;
}

/* Whether log entry `e` is an approval of `id` whose tag is on it and
 * holds `path`; its version into `version`. */
static bool is_approval(char version[ISMS_VERSION_MAX], struct isms_store *store,
			const struct isms_log_entry *e, const char *id, const char *path)
{
	char *tag;
	bool ok;

	if (!isms_store_approval_of(NULL, version, store, e, id))
		return false;
	tag = approval_tag(id, version);
	ok = tag_holds(store, tag, path);
	free(tag);
	return ok;
}

/* The latest approval of `id` in `log` (the highest version: commits made
 * in the same second are in no reliable order): its index (log->count when
 * there is none) and tag. */
static size_t approval_in_log(char **tag, struct isms_store *store, const struct isms_log *log,
			      const char *id, const char *path)
{
	unsigned long best_major = 0, best_minor = 0;
	size_t best = log->count;

	*tag = NULL;
	for (size_t i = 0; i < log->count; i++) {
		char version[ISMS_VERSION_MAX];
		unsigned long major, minor;

		if (!is_approval(version, store, &log->items[i], id, path) ||
		    !store_parse_version(version, &major, &minor))
			continue;
		if (best == log->count || major > best_major ||
		    (major == best_major && minor > best_minor)) {
			best = i;
			best_major = major;
			best_minor = minor;
			free(*tag);
			*tag = approval_tag(id, version);
		}
	}
	return best;
}

int isms_store_unfinished_approval(struct isms_unfinished *out, struct isms_store *store,
				   const char *id, const char *path)
{
	struct isms_log log = { 0 };
	struct isms_buf text = ISMS_BUF_INIT;
	char *msg = NULL, *record = NULL, *version = NULL, *by = NULL, *blob = NULL, *self = NULL;
	char hash[ISMS_OID_HEX], at[ISMS_OID_HEX];
	unsigned long major, minor;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = isms_repo_log(&log, store->repo, path, 1)) < 0 || log.count == 0 ||
	    (error = isms_repo_message(&msg, store->repo, log.items[0].id)) < 0)
		goto cleanup;
	/* The trailers git reads, not the summary: and they must be about the
	 * very file this commit holds. */
	record = isms_trailer_value(msg, "Record");
	version = isms_trailer_value(msg, "Version");
	by = isms_trailer_value(msg, "Approved-by");
	blob = isms_trailer_value(msg, "Approved-blob");
	if (!record || strcmp(record, id) != 0 || !version || strlen(version) >= ISMS_VERSION_MAX ||
	    !store_parse_version(version, &major, &minor) || !by || !*by || !blob ||
	    strlen(blob) != ISMS_OID_HEX - 1 ||
	    isms_repo_read(&text, store->repo, log.items[0].id, path) < 0)
		goto cleanup;
	isms_repo_hash(hash, text.ptr, text.len);
	if (strcmp(hash, blob) != 0)
		goto cleanup;
	out->tag = approval_tag(id, version);
	if (isms_repo_resolve(at, store->repo, out->tag) == 0) {
		if (strcmp(at, log.items[0].id) == 0) {
			isms_unfinished_free(out);
			goto cleanup;  /* finished */
		}
		memcpy(out->elsewhere, at, ISMS_OID_HEX);
	}
	memcpy(out->commit, log.items[0].id, ISMS_OID_HEX);
	memcpy(out->version, version, strlen(version) + 1);
	memcpy(out->blob, hash, ISMS_OID_HEX);
	out->approver = by;
	by = NULL;
	self = isms_trailer_value(msg, "Self-approved");
	out->self_approved = self && strcmp(self, "yes") == 0;
cleanup:
	if (error == 0)
		isms_error_clear();  /* a file missing at that commit is no approval, not an error */
	isms_log_free(&log);
	isms_buf_free(&text);
	free(msg);
	free(record);
	free(version);
	free(by);
	free(blob);
	free(self);
	return error < 0 ? error : out->commit[0] != '\0';
}

void isms_unfinished_free(struct isms_unfinished *u)
{
	if (!u)
		return;
	free(u->approver);
	free(u->tag);
	memset(u, 0, sizeof(*u));
}

char *store_latest_approval_tag(struct isms_store *store, const char *id, const char *path,
				const char *version)
{
	char *tag = approval_from_version(store, id, path, version);
	struct isms_log log = { 0 };

	if (!tag && isms_repo_log(&log, store->repo, path, 0) == 0)
		approval_in_log(&tag, store, &log, id, path);
	isms_log_free(&log);
	return tag;
}

int isms_store_approved_tag(char **tag, struct isms_store *store, const char *id,
			    const char *path)
{
	struct isms_node *root = NULL;
	char *full = store_full_path(store, path);
	const char *version = NULL;

	if (isms_yaml_load_file(&root, NULL, NULL, full, NULL) == 0 && root->type == ISMS_NODE_MAP)
		version = isms_map_get_text(root, "version");
	*tag = store_latest_approval_tag(store, id, path, version);
	isms_node_free(root);
	free(full);
	return *tag ? 0 : isms_error_set(ISMS_ENOTFOUND, "%s has never been approved ('isms approve %s')",
					  id, id);
}

void isms_approval_free(struct isms_approval *a)
{
	if (!a)
		return;
	free(a->tag);
	a->tag = NULL;
}

static bool same_person(const char *name, const char *email, const struct isms_log_entry *e)
{
	return (e->email && email && strcasecmp(e->email, email) == 0) ||
	       (e->author && name && strcmp(e->author, name) == 0);
}

/* The record as committed at HEAD into `head`, and its blob id into `hash`;
 * refused unless the file on disk is exactly that, `rec` was read from it
 * and `seen` (NULL: anything) is its blob (`why` says what for). */
int store_require_committed(struct isms_buf *head, char hash[ISMS_OID_HEX],
			    struct isms_store *store, const struct isms_record *rec,
			    const char *seen, const char *why)
{
	struct isms_buf disk = ISMS_BUF_INIT;
	char now[ISMS_OID_HEX], *full;
	int error = isms_repo_read(head, store->repo, "HEAD", rec->path);

	if (error == ISMS_ENOTFOUND)
		return isms_error_set(ISMS_EINVALID, "%s is not committed yet; commit it first",
				      rec->path);
	if (error < 0)
		return error;
	isms_repo_hash(hash, head->ptr, head->len);
	full = store_full_path(store, rec->path);
	error = isms_fs_read(&disk, full, ISMS_YAML_MAX_BYTES);
	free(full);
	if (error < 0)
		return error;
	isms_repo_hash(now, disk.ptr, disk.len);
	isms_buf_free(&disk);
	if (strcmp(now, hash) != 0)
		return isms_error_set(ISMS_ECONFLICT,
			"%s has changes that are not committed; commit them first %s", rec->path, why);
	if (strcmp(hash, rec->base) != 0)
		return isms_error_set(ISMS_ECONFLICT,
			"%s changed since it was read (a commit was made meanwhile); read it again",
			rec->path);
	if (seen && strcmp(hash, seen) != 0)
		return isms_error_set(ISMS_ECONFLICT,
			"%s changed since it was shown (committed blob %.7s, shown %.7s); "
			"look at what changed again", rec->id, hash, seen);
	return 0;
}

/* What refuses a review or an approval whatever the file says. */
int store_reviewable(struct isms_store *store, const struct isms_record *rec, bool approval)
{
	const char *status = isms_map_get_text(rec->root, "status");
	const char *act = approval ? "approval" : "reviews";

	if (!rec->kind->controlled)
		return isms_error_set(ISMS_EINVALID,
			"%s is a %s record, not a controlled document: %s %s for policies, "
			"procedures, documents, the scope and audit programmes", rec->id, rec->kind->name,
			act, approval ? "is" : "are");
	if (status && (strcmp(status, "retired") == 0 || strcmp(status, "superseded") == 0))
		return isms_error_set(ISMS_EINVALID, "%s is %s and cannot be %s", rec->id, status,
				      approval ? "approved" : "reviewed");
	return store_config_usable(store);
}

int isms_store_review_ready(struct isms_store *store, const struct isms_record *rec,
			    const char *seen, bool approval)
{
	struct isms_buf head = ISMS_BUF_INIT;
	char hash[ISMS_OID_HEX];
	int error;

	if ((error = store_reviewable(store, rec, approval)) == 0)
		error = store_require_committed(&head, hash, store, rec, seen,
					  approval ? APPROVE_WHY : REVIEW_WHY);
	isms_buf_free(&head);
	return error;
}

/* The version an approval makes: approvals make major versions (0.3 ->
 * 1.0, 1.2 -> 2.0; a first approval of an X.0 keeps it), never below the
 * last approval (tag `last`, or NULL), whatever the version says now. */
static void next_version(char out[ISMS_VERSION_MAX], bool has_version, unsigned long major,
			 unsigned long minor, const char *last)
{
	if (!has_version)
		major = 0, minor = 1;
	if (!(minor == 0 && major >= 1 && !last))
		major++;
	if (last) {
		unsigned long last_major, last_minor;
		const char *v = strrchr(last, 'v');

		if (v && store_parse_version(v + 1, &last_major, &last_minor) && major <= last_major)
			major = last_major + 1;
	}
	snprintf(out, ISMS_VERSION_MAX, "%lu.0", major);
}

int isms_store_approval_version(char version[ISMS_VERSION_MAX], struct isms_store *store,
				const struct isms_record *rec)
{
	const char *v = isms_map_get_text(rec->root, "version");
	unsigned long major = 0, minor = 0;
	char *last = NULL;

	if (v && !store_parse_version(v, &major, &minor))
		return isms_error_set(ISMS_EINVALID,
			"%s: version '%s' is not major.minor (for example 0.3); fix it first",
			rec->path, v);
	if (isms_store_approved_tag(&last, store, rec->id, rec->path) < 0)
		isms_error_clear();
	next_version(version, v != NULL, major, minor, last);
	free(last);
	return 0;
}

/* Who acts: `who`, or git's identity when NULL (the caller frees both). */
int store_acting_identity(char **name, char **email, struct isms_store *store,
			  const struct isms_ident *who)
{
	if (!who)
		return isms_repo_identity(name, email, store->repo);
	*name = isms_strdup(who->name);
	*email = isms_strdup(who->email);
	return 0;
}

/* The message of approval `out` of `id` by `approver`. */
static char *approval_message(const char *id, const struct isms_approval *out,
			      const char *approver, const char *note)
{
	return isms_asprintf("%s v%s approved by %s%s%s%s", id, out->version, approver,
			     out->self_approved ? " (self-approved)" : "",
			     note && *note ? "\n\n" : "", note ? note : "");
}

/* Tag approval `out` of `id` on commit `commit`, by `approver`, as `who`
 * (git's identity, and signed as configured, when NULL). */
static int tag_approval(struct isms_store *store, const char *id, const struct isms_approval *out,
			const char *commit, const char *approver, const char *note,
			const struct isms_ident *who)
{
	struct isms_tag_opts opts = ISMS_TAG_OPTS_INIT;
	char *message = approval_message(id, out, approver, note);
	int error;

	opts.message = message;
	opts.tagger = who;
	if (who)
		opts.sign = 0;  /* never sign in another person's name */
	error = isms_repo_tag(store->repo, out->tag, commit, &opts);
	free(message);
	return error;
}

/* Whether `approver` ("Name <email>", an Approved-by trailer) is `name`
 * with `email`. */
static bool is_approver(const char *approver, const char *name, const char *email)
{
	const char *lt = strrchr(approver, '<'), *gt = strrchr(approver, '>');
	size_t n;

	if (!lt || !gt || gt < lt || gt[1] || lt == approver || lt[-1] != ' ')
		return false;
	n = (size_t)(lt - 1 - approver);
	return strlen(name) == n && strncmp(approver, name, n) == 0 &&
	       strlen(email) == (size_t)(gt - lt - 1) && strncasecmp(lt + 1, email, strlen(email)) == 0;
}

/* Finish unfinished approval `u` of `rec`, whose committed file is `hash`
 * and clean: make its tag, as its approver only (the tag says that they
 * approved, and carries their signature). */
static int finish_approval(char commit[ISMS_OID_HEX], struct isms_approval *out,
			   struct isms_store *store, const struct isms_record *rec, const char *hash,
			   const struct isms_unfinished *u, const char *note,
			   const struct isms_ident *who)
{
	char *name = NULL, *email = NULL;
	int error = 0;

	if (strcmp(hash, u->blob) != 0)
		return isms_error_set(ISMS_EINVALID,
			"%s: the approval of v%s in commit %.7s has no tag %s, and %s is no longer the "
			"file approved; change the document and approve it anew", rec->id, u->version,
			u->commit, u->tag, rec->path);
	if (u->elsewhere[0])
		return isms_error_set(ISMS_ECONFLICT,
			"%s: the approval of v%s in commit %.7s is unfinished: its tag %s names "
			"commit %.7s instead, and a tag is never moved; change the document and approve "
			"it anew", rec->id, u->version, u->commit, u->tag, u->elsewhere);
	if ((error = store_acting_identity(&name, &email, store, who)) < 0)
		goto cleanup;
	if (!is_approver(u->approver, name, email)) {
		error = isms_error_set(ISMS_EUNSAFE,
			"%s: the approval of v%s by %s in commit %.7s is unfinished (its tag %s is "
			"missing), and %s <%s> cannot finish it: only %s can finish it; or change the "
			"document and approve it anew", rec->id, u->version, u->approver, u->commit,
			u->tag, name, email, u->approver);
		goto cleanup;
	}
	memcpy(out->version, u->version, sizeof(out->version));
	memcpy(out->blob, u->blob, ISMS_OID_HEX);
	out->self_approved = u->self_approved;
	out->tag = isms_strdup(u->tag);
	if ((error = tag_approval(store, rec->id, out, u->commit, u->approver, note, who)) < 0) {
		isms_error_prefix("the approval of %s v%s in commit %.7s is still unfinished: the tag "
				  "%s could not be made", rec->id, u->version, u->commit, u->tag);
		goto cleanup;
	}
	memcpy(commit, u->commit, ISMS_OID_HEX);
	out->finished = true;
cleanup:
	free(name);
	free(email);
	return error;
}

int isms_store_approve(char commit[ISMS_OID_HEX], struct isms_approval *out,
		       struct isms_store *store, struct isms_record *rec, const char *note,
		       const char *seen)
{
	return isms_store_approve_as(commit, out, store, rec, note, seen, NULL);
}

/* Refuse to approve `rec` when it does not validate (the first error of
 * `findings`, which it fills) or its version is not major.minor; else read
 * the version into `major` and `minor`. */
static int check_approvable(unsigned long *major, unsigned long *minor,
			    struct isms_findings *findings, const struct isms_record *rec,
			    const char *version)
{
	isms_record_validate(findings, rec->root, rec->kind, rec->id);
	if (isms_findings_errors(findings)) {
		const struct isms_finding *f = &findings->items[0];

		for (size_t i = 0; i < findings->count; i++)
			if (findings->items[i].severity == ISMS_SEV_ERROR) {
				f = &findings->items[i];
				break;
			}
		return isms_error_set_at(ISMS_EINVALID, f->line, f->column,
			"%s:%u:%u: %s; a record that does not validate cannot be approved",
			rec->path, f->line, f->column, f->message);
	}
	if (version && !store_parse_version(version, major, minor))
		return isms_error_set(ISMS_EINVALID,
			"%s: version '%s' is not major.minor (for example 0.3); fix it first",
			rec->path, version);
	return 0;
}

/* Read `rec`'s history into `log` and find its last approval: `last` gets
 * its tag (NULL when there is none, the caller frees) and `since_id` the
 * commit approved. ISMS_EINVALID when the committed file `head` is still
 * what was approved: there is nothing new to approve. */
static int find_last_approval(char **last, char since_id[ISMS_OID_HEX], struct isms_log *log,
			      struct isms_store *store, const struct isms_record *rec,
			      const struct isms_buf *head)
{
	size_t since;
	int error;

	if ((error = isms_repo_log(log, store->repo, rec->path, 0)) < 0)
		return error;
	since = approval_in_log(last, store, log, rec->id, rec->path);
	if (*last) {
		struct isms_buf then = ISMS_BUF_INIT;
		bool same = isms_repo_read(&then, store->repo, *last, rec->path) == 0 &&
			    then.len == head->len && memcmp(then.ptr, head->ptr, head->len) == 0;

		memcpy(since_id, log->items[since].id, ISMS_OID_HEX);
		isms_buf_free(&then);
		if (same)
			return isms_error_set(ISMS_EINVALID,
				"%s has not changed since its approval (%s); there is nothing new to approve",
				rec->id, *last);
	}
	return error;
}

/* Whether `name` <`email`> is an author of the content being approved:
 * of a commit that changed `rec` and is not in the history of the last
 * approval `since_id` when `last` (by the graph, not by dates, which an
 * author may set), approvals aside. `log` holds `rec`'s whole history and
 * is replaced by the commits since that approval. */
static int is_self_approval(bool *self, struct isms_log *log, struct isms_store *store,
			    const struct isms_record *rec, const char *last, const char *since_id,
			    const char *name, const char *email)
{
	int error = 0;

	*self = false;
	if (last) {
		git_oid approval;

		isms_log_free(log);
		if (git_oid_fromstr(&approval, since_id) < 0 ||
		    (error = isms_repo_walk(log, store->repo, NULL, &approval, rec->path, 0)) < 0)
			return error < 0 ? error : isms_error_set(ISMS_ERROR, "bad commit id");
	}
	for (size_t i = 0; i < log->count && !*self; i++) {
		char v[ISMS_VERSION_MAX];

		if (is_approval(v, store, &log->items[i], rec->id, rec->path))
			continue;
		*self = same_person(name, email, &log->items[i]);
	}
	return error;
}

/* Set `rec`'s fields of an approval by `approver` at `version`: today (the
 * day of `who`'s time when given), and the next review `months` later when
 * not 0. */
static void stamp_approved(struct isms_record *rec, const char *version, const char *approver,
			   const struct isms_ident *who, unsigned months)
{
	char today[11], due[11];

	if (who) {
		char when[32];

		isms_date_format(when, who->time, who->offset);
		snprintf(today, sizeof(today), "%.10s", when);
	} else {
		isms_date_today(today);
	}
	isms_map_set(rec->root, "status", isms_node_str("approved"));
	isms_map_set(rec->root, "version", isms_node_str(version));
	isms_map_set(rec->root, "approved_by", isms_node_str(approver));
	isms_map_set(rec->root, "approved_on", isms_node_plain(today));
	if (months) {
		isms_date_add_months(due, today, months);
		isms_map_set(rec->root, "next_review", isms_node_plain(due));
	}
}

/* Say what the failure `error` of committing the approval of `rec` left:
 * when the branch moved (`commit` is set) the approval is unfinished, for
 * its approver to finish; when every file was put back (`undone`), nothing
 * changed. A success that made no commit is an error too. */
static int explain_approval_commit(int error, const char *commit, const struct isms_record *rec,
				   const struct isms_approval *out, const char *approver,
				   const char *undone)
{
	if (error < 0 && commit[0]) {
		/* Only the tag's reference failed, after the branch moved: the
		 * approval is unfinished, for its approver to finish. */
		char *why = isms_strdup(isms_error_last()->message);

		error = isms_error_set(error, "%s is approved in commit %.7s, but the tag %s "
			"could not be made: %s; once that is mended, 'isms approve %s' as %s "
			"finishes the approval", rec->id, commit, out->tag, why, rec->id, approver);
		free(why);
	} else if (error < 0 && strncmp(isms_error_last()->message, undone, strlen(undone)) == 0) {
		char *why = isms_strdup(isms_error_last()->message);

		error = isms_error_set(error, "%s; once that is mended, approve it again", why);
		free(why);
	} else if (error == 0 && !commit[0]) {
		error = isms_error_set(ISMS_ERROR, "%s: the approval made no commit", rec->id);
	}
	return error;
}

/* Commit `rec`, stamped as approved by `approver` (`self` when they are an
 * author of it), with its trailers, and its tag: all or nothing. `out`
 * gets the hash of the file committed and the tag's name; `findings`
 * receives the save's validation findings. */
static int commit_approval(char commit[ISMS_OID_HEX], struct isms_approval *out,
			   struct isms_store *store, struct isms_record *rec, const char *approver,
			   const char *note, bool self, const struct isms_ident *who,
			   struct isms_findings *findings)
{
	struct isms_save_opts save = ISMS_SAVE_OPTS_INIT;
	struct isms_buf text = ISMS_BUF_INIT;
	char *tr[8] = { NULL }, *message = NULL, *tag_message = NULL, *undone = NULL;
	size_t n = 4;
	int error;

	if ((error = store_emit_record(&text, rec, false)) < 0)
		goto cleanup;
	isms_repo_hash(out->blob, text.ptr, text.len);
	tr[0] = isms_strdup("Status: approved");
	tr[1] = isms_asprintf("Version: %s", out->version);
	tr[2] = isms_asprintf("Approved-by: %s", approver);
	tr[3] = isms_asprintf("Approved-blob: %s", out->blob);
	if (self)
		tr[n++] = isms_strdup("Self-approved: yes");
	/* The trailers every act carries (doc/trust.md). */
	tr[n++] = isms_strdup("Act: approve");
	tr[n++] = isms_asprintf("Actor: %s", approver);
	tr[n++] = isms_asprintf("Act-blob: %s", out->blob);
	message = isms_asprintf("%s: approve v%s%s%s%s", rec->id, out->version,
				self ? " (self-approved)" : "", note && *note ? "\n\n" : "",
				note ? note : "");
	save.message = message;
	save.findings = findings;
	save.author = who;
	isms_findings_free(findings);
	out->self_approved = self;
	out->tag = approval_tag(rec->id, out->version);
	tag_message = approval_message(rec->id, out, approver, note);
	undone = isms_asprintf("%s was not approved, and nothing changed", rec->id);
	error = store_save_text(commit, store, rec, text.ptr, text.len, &save,
			  &(struct save_extra){ .trailers = (const char *const *)tr,
						.count = n, .tag = out->tag,
						.tag_message = tag_message, .tag_undone = undone,
						.act = "approve" });
	error = explain_approval_commit(error, commit, rec, out, approver, undone);
cleanup:
	for (size_t i = 0; i < 8; i++)
		free(tr[i]);
	free(tag_message);
	free(undone);
	isms_buf_free(&text);
	free(message);
	return error;
}

int isms_store_approve_as(char commit[ISMS_OID_HEX], struct isms_approval *out,
			  struct isms_store *store, struct isms_record *rec, const char *note,
			  const char *seen, const struct isms_ident *who)
{
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_unfinished unfinished;
	struct isms_log log = { 0 };
	struct isms_buf head = ISMS_BUF_INIT;
	const char *version = isms_map_get_text(rec->root, "version");
	char *name = NULL, *email = NULL, *last = NULL, *approver = NULL;
	char hash[ISMS_OID_HEX], log_since_id[ISMS_OID_HEX];
	unsigned long major = 0, minor = 0;
	unsigned months = store->review_months[rec->kind - isms_kind_at(0)];
	bool self = false;
	int error;

	commit[0] = '\0';
	memset(out, 0, sizeof(*out));
	memset(&unfinished, 0, sizeof(unfinished));
	if ((error = store_reviewable(store, rec, true)) < 0)
		return error;
	if ((error = check_approvable(&major, &minor, &findings, rec, version)) < 0)
		goto cleanup;
	/* What is approved is what is committed: its authors are known. */
	if ((error = store_require_committed(&head, hash, store, rec, seen, APPROVE_WHY)) < 0)
		goto cleanup;
	/* An approval whose tag failed is finished, not made again. */
	if ((error = isms_store_unfinished_approval(&unfinished, store, rec->id, rec->path)) < 0)
		goto cleanup;
	if (error == 1) {
		error = finish_approval(commit, out, store, rec, hash, &unfinished, note, who);
		goto cleanup;
	}
	if ((error = find_last_approval(&last, log_since_id, &log, store, rec, &head)) < 0 ||
	    (error = store_acting_identity(&name, &email, store, who)) < 0 ||
	    (error = store_check_authority(store, "HEAD", "approve", rec->kind, name,
					   email)) < 0 ||
	    (error = is_self_approval(&self, &log, store, rec, last, log_since_id, name,
				      email)) < 0)
		goto cleanup;
	if (self && !store->self_approval[rec->kind - isms_kind_at(0)]) {
		error = isms_error_set(ISMS_EUNSAFE,
			"%s <%s> is an author of the changes to %s being approved (the commits "
			"since its %s) and cannot approve them: another person must, or isms.yaml "
			"allows it for %s documents with self_approval: [%s]",
			name, email, rec->id, last ? "last approval" : "creation", rec->kind->name,
			rec->kind->name);
		goto cleanup;
	}

	next_version(out->version, version != NULL, major, minor, last);
	approver = isms_asprintf("%s <%s>", name, email);
	stamp_approved(rec, out->version, approver, who, months);
	error = commit_approval(commit, out, store, rec, approver, note, self, who, &findings);
cleanup:
	isms_findings_free(&findings);
	isms_log_free(&log);
	isms_buf_free(&head);
	free(name);
	free(email);
	free(last);
	free(approver);
	isms_unfinished_free(&unfinished);
	return error;
}
