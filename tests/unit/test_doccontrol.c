/* SPDX-License-Identifier: MIT */
/* Document control end to end (27001 7.5): new versions of external
 * documents, files changed outside the workbench committed from it, and
 * what `isms status --json` says about them. The real binary on real
 * repositories. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(doccontrol, .init = setup);

static void assert_git(const char *dir, const char *args, const char *expected)
{
	char *out = th_git(dir, args);

	cr_assert_str_eq(out, expected, "git %s", args);
	free(out);
}

/* An ISMS with DOC-001 registered from src/contract.md ("v1"). */
static char *isms_with_document(char **src)
{
	char *dir = th_fresh_isms(), *err = NULL;

	*src = th_tmpdir();
	th_write(*src, "contract.md", "v1\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/contract.md --owner Ana", *src), 0, "%s", err);
	free(err);
	return dir;
}

Test(doccontrol, doc_update_registers_a_new_version_in_one_commit)
{
	char *src, *dir = isms_with_document(&src), *out, *err, *rec, *head;

	th_write(src, "contract-v2.md", "v2\n");
	cr_assert_eq(th_isms(&out, &err, dir, "doc update DOC-001 %s/contract-v2.md", src), 0, "%s", err);
	cr_assert(th_has(out, "DOC-001: new version 0.2 of contract.md (contract.md)"), "%s", out);
	free(out);
	free(err);
	cr_assert_str_eq(th_read(dir, "documents/files/contract.md"), "v2\n");
	rec = th_read(dir, "documents/DOC-001.yaml");
	cr_assert(th_has(rec, "version: '0.2'\n"), "%s", rec);
	cr_assert(th_has(rec, "status: draft\n"), "%s", rec);
	cr_assert(th_has(rec, "owner: Ana\n"), "%s", rec);
	/* sha256 of "v2\n" */
	cr_assert(th_has(rec, "sha256: 81db67b6a5702b9b68f0016f061c409bf3fb16d062fc854d1b424bb4e9c28c56\n"), "%s", rec);
	free(rec);
	assert_git(dir, "show --name-only --format= HEAD | sort | tr '\\n' ,",
		   "documents/DOC-001.yaml,documents/files/contract.md,");
	assert_git(dir, "log -1 '--format=%(trailers:key=Version,valueonly)'", "0.2");
	assert_git(dir, "log -1 '--format=%(trailers:key=Record,valueonly)'", "DOC-001");
	assert_git(dir, "status --porcelain", "");
	cr_assert_eq(th_isms(&out, &err, dir, "check"), 0, "%s%s", out, err);
	free(out);
	free(err);

	/* Refused, and nothing written: the same bytes, a link, too large, a message given. */
	head = th_git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/contract-v2.md", src), 2);
	cr_assert(th_has(err, "already records"), "%s", err);
	free(err);
	th_run(src, "ln -s contract-v2.md link.md && truncate -s 52428801 big.bin");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/link.md", src), 2);
	cr_assert(th_has(err, "symbolic link"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/big.bin", src), 2);
	cr_assert(th_has(err, "50 MiB"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001"), 2);
	cr_assert(th_has(err, "give the document's ID and the file"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/contract.md --title X", src), 2);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/contract.md -m why", src), 2);
	free(err);
	/* A record with changes not committed. */
	th_run(dir, "printf 'review_notes: x\\n' >> documents/DOC-001.yaml");
	th_write(src, "contract-v3.md", "v3\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/contract-v3.md", src), 2);
	cr_assert(th_has(err, "not committed"), "%s", err);
	free(err);
	th_run(dir, "git checkout -q documents/DOC-001.yaml");
	/* A document's file changed in place, and another file would overwrite it. */
	th_write(dir, "documents/files/contract.md", "edited in place\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/contract-v3.md", src), 2);
	cr_assert(th_has(err, "would overwrite"), "%s", err);
	free(err);
	out = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(out, head);
	free(out);
	cr_assert_str_eq(th_read(dir, "documents/files/contract.md"), "edited in place\n");
	/* Registered as it is, with a message of one's own. */
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 documents/files/contract.md "
			     "-m 'DOC-001: clause 4 renegotiated'"), 0, "%s", err);
	free(err);
	assert_git(dir, "log -1 --format=%s", "DOC-001: clause 4 renegotiated");
	assert_git(dir, "log -1 '--format=%(trailers:key=Version,valueonly)'", "0.3");
	assert_git(dir, "status --porcelain", "");
	cr_assert_eq(th_isms(NULL, NULL, dir, "check"), 0);
	free(head);
	free(dir);
	free(src);
}

Test(doccontrol, doc_update_of_an_approved_document_starts_its_next_draft)
{
	char *src, *dir = isms_with_document(&src), *out, *err, *rec;

	th_run(dir, "printf 'self_approval: [document]\\n' >> isms.yaml && git commit -qam self");
	cr_assert_eq(th_isms(&out, &err, dir, "approve DOC-001"), 0, "%s", err);
	free(out);
	free(err);
	th_write(src, "contract-v2.md", "v2\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/contract-v2.md", src), 0, "%s", err);
	free(err);
	rec = th_read(dir, "documents/DOC-001.yaml");
	cr_assert(th_has(rec, "version: '1.1'\n"), "%s", rec);
	cr_assert(th_has(rec, "status: draft\n"), "%s", rec);
	cr_assert(!th_has(rec, "approved_by"), "%s", rec);
	free(rec);
	assert_git(dir, "log -1 '--format=%(trailers:key=Status,valueonly)'", "draft");
	/* The approved version stays at its tag. */
	cr_assert_eq(th_isms(&out, NULL, dir, "show DOC-001 --approved"), 0);
	cr_assert(th_has(out, "version: '1.0'\n"), "%s", out);
	free(out);
	cr_assert_eq(th_isms(NULL, NULL, dir, "check"), 0);
	free(dir);
	free(src);
}

Test(doccontrol, commit_validates_and_commits_files_edited_by_hand)
{
	char *dir = th_fresh_isms(), *out, *err, *head;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Access"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Backup"), 0);
	th_write(dir, "README.md", "notes\n");
	/* A record broken by hand: reported with file:line:col, nothing committed. */
	th_run(dir, "printf 'next_review: someday\\n' >> policies/POL-001.yaml");
	head = th_git(dir, "rev-parse HEAD");
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-001.yaml -m 'POL-001: by hand'"), 2);
	cr_assert(th_has(out, "policies/POL-001.yaml:"), "%s", out);
	cr_assert(th_has(out, ": error: "), "%s", out);
	cr_assert(th_has(err, "does not validate; nothing was committed"), "%s", err);
	free(out);
	free(err);
	/* YAML that does not parse. */
	th_write(dir, "policies/POL-002.yaml", "id: POL-002\nkind: [policy\n");
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-002.yaml -m x"), 2);
	cr_assert(th_has(out, "policies/POL-002.yaml:"), "%s", out);
	free(out);
	free(err);
	th_run(dir, "git checkout -q policies/POL-002.yaml");
	/* Outside the ISMS folders, unchanged, or no message: refused. */
	cr_assert_eq(th_isms(NULL, &err, dir, "commit README.md -m x"), 2);
	cr_assert(th_has(err, "not an ISMS file"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "commit policies/POL-002.yaml -m x"), 2);
	cr_assert(th_has(err, "no changes to commit"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "commit policies/POL-002.yaml"), 2);
	cr_assert(th_has(err, "-m MSG"), "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "commit ../elsewhere.yaml -m x"), 2);
	cr_assert(th_has(err, "outside the ISMS"), "%s", err);
	free(err);
	out = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(out, head);
	free(out);

	/* A record deleted by hand: refused until it is retired and its retention has ended. */
	th_run(dir, "rm policies/POL-002.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-002.yaml -m x"), 2);
	cr_assert(th_has(out, "POL-002 is draft: a record is kept in the ISMS until it is retired "
			 "('isms retire POL-002') and its retention has ended ('isms dispose POL-002')"),
		  "%s", out);
	free(out);
	free(err);
	th_run(dir, "git checkout -q policies/POL-002.yaml && "
		    "printf 'retention_years:\\n  policy: 6\\n' >> isms.yaml && git commit -qm retention isms.yaml");
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire POL-002 -m Replaced"), 0);
	th_run(dir, "rm policies/POL-002.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-002.yaml -m x"), 2);
	cr_assert(th_has(out, "POL-002 must be kept until 2032-01-01 (retired on 2026-01-01)"), "%s", out);
	free(out);
	free(err);
	free(head);
	head = th_git(dir, "rev-parse HEAD");

	/* Fixed by hand, a new record written by hand, one deleted: exactly those paths. */
	th_run(dir, "git checkout -q policies/POL-001.yaml && "
		    "printf 'owner: Ana\\n' >> policies/POL-001.yaml && git rm -q --cached policies/POL-002.yaml && "
		    "rm -f policies/POL-002.yaml");
	th_write(dir, "risks/RSK-001.yaml", "id: RSK-001\nkind: risk\ntitle: Flood\nstatus: identified\n");
	setenv("ISMS_TODAY", "2032-01-02", 1);
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-001.yaml risks/RSK-001.yaml "
			     "policies/POL-002.yaml -m 'Edited by hand'"), 0, "%s%s", out, err);
	setenv("ISMS_TODAY", "2026-01-01", 1);
	free(out);
	free(err);
	assert_git(dir, "show --name-only --format= HEAD | sort | tr '\\n' ,",
		   "policies/POL-001.yaml,policies/POL-002.yaml,risks/RSK-001.yaml,");
	assert_git(dir, "log -1 --format=%s", "Edited by hand");
	assert_git(dir, "log -1 '--format=%(trailers:key=Record,valueonly,separator=%x2C)'",
		   "POL-001,RSK-001,POL-002");
	assert_git(dir, "status --porcelain", "?? README.md");

	/* From a subfolder, paths are relative to it, as in git. */
	th_run(dir, "printf 'owner: Ben\\n' >> risks/RSK-001.yaml");
	{
		char *sub = malloc(strlen(dir) + 8);

		sprintf(sub, "%s/risks", dir);
		cr_assert_eq(th_isms(&out, &err, sub, "commit RSK-001.yaml -m 'RSK-001: owner'"), 0,
			     "%s%s", out, err);
		free(out);
		free(err);
		free(sub);
	}
	assert_git(dir, "log -1 '--format=%(trailers:key=Clause,valueonly)'", "6.1.2");
	free(head);
	free(dir);
}

Test(doccontrol, commit_of_a_document_file_needs_a_new_version)
{
	char *src, *dir = isms_with_document(&src), *out, *err;

	th_write(dir, "documents/files/contract.md", "changed by hand\n");
	cr_assert_eq(th_isms(&out, &err, dir, "commit documents/files/contract.md -m x"), 2);
	cr_assert(th_has(out, "documents/files/contract.md: error: it no longer matches the sha256 "
			 "of DOC-001: register it as a new version with 'isms doc update DOC-001 "
			 "documents/files/contract.md'"), "%s", out);
	free(out);
	free(err);
	/* A file no record names. */
	th_write(dir, "documents/files/stray.pdf", "x");
	cr_assert_eq(th_isms(&out, &err, dir, "commit documents/files/stray.pdf -m x"), 2);
	cr_assert(th_has(out, "isms doc add"), "%s", out);
	free(out);
	free(err);
	/* Deleting the file of a record that still names it. */
	th_run(dir, "rm documents/files/stray.pdf && git checkout -q documents/files/contract.md && "
		    "rm documents/files/contract.md");
	cr_assert_eq(th_isms(&out, &err, dir, "commit documents/files/contract.md -m x"), 2);
	cr_assert(th_has(out, "DOC-001 still refers to it"), "%s", out);
	free(out);
	free(err);
	free(dir);
	free(src);
}

Test(doccontrol, status_json_carries_reviews_changes_and_retention)
{
	char *dir = th_fresh_isms(), *out, *err;

	th_run(dir, "printf 'retention_years:\\n  policy: 6\\n' >> isms.yaml && git commit -qam retention");
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Late --set next_review=2025-12-01"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Old"), 0);
	cr_assert_eq(th_isms(NULL, NULL, dir, "retire POL-002 -m Replaced"), 0);
	th_run(dir, "printf 'owner: Ana\\n' >> policies/POL-001.yaml");
	th_write(dir, "notes.txt", "x\n");

	/* Retired 2026-01-01 with 6 years: ended for a day in 2032. */
	setenv("ISMS_TODAY", "2032-01-02", 1);
	th_isms(&out, &err, dir, "status --json");
	setenv("ISMS_TODAY", "2026-01-01", 1);
	cr_assert(th_has(out, "\"reviews\":{\"overdue\":[{\"id\":\"POL-001\",\"title\":\"Late\","
			 "\"next_review\":\"2025-12-01\"}],\"due\":[]}"), "%s", out);
	cr_assert(th_has(out, "\"changes\":[{\"path\":\"notes.txt\",\"status\":\"?\",\"record\":null},"
			 "{\"path\":\"policies/POL-001.yaml\",\"status\":\"M\",\"record\":\"POL-001\"}]"),
		  "%s", out);
	cr_assert(th_has(out, "\"retention\":[{\"id\":\"POL-002\",\"title\":\"Old\","
			 "\"retired_on\":\"2026-01-01\",\"retention_end\":\"2032-01-01\"}]"), "%s", out);
	free(out);
	free(err);
	/* The text says the same. */
	setenv("ISMS_TODAY", "2032-01-02", 1);
	th_isms(&out, &err, dir, "status");
	setenv("ISMS_TODAY", "2026-01-01", 1);
	cr_assert(th_has(out, "  M policies/POL-001.yaml (POL-001)\n"), "%s", out);
	cr_assert(th_has(out, "  POL-002      retired 2026-01-01, kept until 2032-01-01\n"), "%s", out);
	free(out);
	free(err);
	free(dir);
}

Test(doccontrol, a_commit_listed_before_someone_else_committed_is_a_conflict)
{
	char *dir = th_fresh_isms(), *out;
	struct isms_store *store = NULL;
	struct isms_report report;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_doccontrol listed;
	char commit[ISMS_OID_HEX];
	const char *paths[] = { "policies/POL-001.yaml" }, *link[] = { "policies/POL-009.yaml" };

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Access"), 0);
	th_run(dir, "printf 'owner: Ana\\n' >> policies/POL-001.yaml");
	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_store_doccontrol(&listed, store), 0);
	cr_assert_eq(listed.file_count, 1);
	cr_assert_str_eq(listed.files[0].id, "POL-001");
	/* Another process commits meanwhile. */
	cr_assert_eq(th_isms(NULL, NULL, dir, "new risk --set title=Flood"), 0);
	cr_assert_eq(isms_store_commit_files(commit, &report, store, paths, 1, "by hand", listed.head),
		     ISMS_ECONFLICT, "%s", isms_error_last()->message);
	cr_assert_str_empty(commit);
	isms_report_free(&report);
	out = th_git(dir, "status --porcelain");
	cr_assert_str_eq(out, " M policies/POL-001.yaml", "the edit is kept");
	free(out);
	/* Listed again, it goes in. */
	isms_doccontrol_free(&listed);
	cr_assert_eq(isms_store_doccontrol(&listed, store), 0);
	cr_assert_eq(isms_store_commit_files(commit, &report, store, paths, 1, "by hand", listed.head), 0,
		     "%s", isms_error_last()->message);
	cr_assert(commit[0]);
	isms_report_free(&report);
	isms_doccontrol_free(&listed);
	/* A file changed after it was listed (and shown) is a conflict too. */
	th_run(dir, "sed -i 's/^owner: Ana$/owner: Ben/' policies/POL-001.yaml");
	cr_assert_eq(isms_store_doccontrol(&listed, store), 0);
	cr_assert_eq(listed.file_count, 1);
	cr_assert_eq(strlen(listed.files[0].blob), 40);
	th_run(dir, "sed -i 's/^owner: Ben$/owner: Eve/' policies/POL-001.yaml");
	{
		const char *blobs[] = { listed.files[0].blob };

		cr_assert_eq(isms_store_commit_files_pinned(commit, &report, store, paths, blobs, 1,
							    "by hand", listed.head), ISMS_ECONFLICT);
		cr_assert(th_has(isms_error_last()->message, "changed since it was shown"), "%s",
			  isms_error_last()->message);
		cr_assert_str_empty(commit);
		isms_report_free(&report);
		isms_doccontrol_free(&listed);
		cr_assert_eq(isms_store_doccontrol(&listed, store), 0);
		blobs[0] = listed.files[0].blob;
		cr_assert_eq(isms_store_commit_files_pinned(commit, &report, store, paths, blobs, 1,
							    "by hand", listed.head), 0, "%s",
			     isms_error_last()->message);
		isms_report_free(&report);
		isms_doccontrol_free(&listed);
	}
	out = th_git(dir, "show HEAD:policies/POL-001.yaml | tail -1");
	cr_assert_str_eq(out, "owner: Eve");
	free(out);
	/* A symbolic link where a record would be is refused. */
	th_run(dir, "ln -s POL-001.yaml policies/POL-009.yaml");
	cr_assert_eq(isms_store_validate_file(&findings, store, link[0]), ISMS_EUNSAFE);
	cr_assert_eq(isms_store_commit_files(commit, &report, store, link, 1, "link", NULL), ISMS_EUNSAFE);
	isms_report_free(&report);
	isms_findings_free(&findings);
	isms_store_free(store);
	free(dir);
}

Test(doccontrol, commit_refuses_an_approved_record_edited_by_hand)
{
	char *dir = th_fresh_isms(), *out, *err, *head;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Access"), 0);
	th_run(dir, "printf 'self_approval: [policy]\\n' >> isms.yaml && git commit -qam self");
	cr_assert_eq(th_isms(NULL, NULL, dir, "approve POL-001"), 0);
	head = th_git(dir, "rev-parse HEAD");
	/* Title changed, still approved, even with a new version: what 'check' rejects. */
	th_run(dir, "sed -i -e 's/^title: Access$/title: Access control/' "
		    "-e \"s/^version: '1.0'$/version: '2.0'/\" policies/POL-001.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-001.yaml -m 'by hand'"), 2);
	cr_assert(th_has(out, "policies/POL-001.yaml:3:1: error: changed since its approval on "
			 "2026-01-01 (approved/POL-001/v1.0) but still says status: approved"), "%s", out);
	cr_assert(th_has(out, "set status: draft and version: '1.1'"), "%s", out);
	cr_assert(th_has(out, "'isms edit POL-001'"), "%s", out);
	free(out);
	free(err);
	out = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(out, head, "nothing was committed");
	free(out);
	/* As the message says: the next draft goes in, and 'check' agrees. */
	th_run(dir, "sed -i -e 's/^status: approved$/status: draft/' -e \"s/^version: .*/version: '1.1'/\" "
		    "-e '/^approved_/d' policies/POL-001.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-001.yaml -m 'by hand'"), 0,
		     "%s%s", out, err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(&out, NULL, dir, "check"), 0, "%s", out);
	free(out);
	cr_assert_eq(th_isms(&out, NULL, dir, "show POL-001 --approved"), 0);
	cr_assert(th_has(out, "title: Access\n"), "%s", out);
	free(out);
	free(head);
	free(dir);
}

/* Only 'isms approve' approves: an approval that could not be committed
 * leaves the file as it was, and "status: approved" written by hand is not
 * committed. */
Test(doccontrol, an_approval_is_all_or_nothing_and_never_written_by_hand)
{
	char *dir = th_fresh_isms(), *out = NULL, *err = NULL, *before, *after, *head;

	cr_assert_eq(th_isms(NULL, NULL, dir, "new policy --set title=Access"), 0);
	free(th_run(dir, "printf 'self_approval: [policy]\\n' >> isms.yaml && git commit -qam self && "
			 "git config commit.gpgsign true && git config gpg.program false"));
	head = th_git(dir, "rev-parse HEAD");
	before = th_read(dir, "policies/POL-001.yaml");
	cr_assert_eq(th_isms(NULL, &err, dir, "approve POL-001"), 2);
	cr_assert(th_has(err, "policies/POL-001.yaml is unchanged: nothing was committed"), "%s", err);
	free(err);
	after = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(after, before, "the file is as it was");
	free(after);
	out = th_git(dir, "status --porcelain");
	cr_assert_str_eq(out, "");
	free(out);

	free(th_run(dir, "git config commit.gpgsign false && "
			 "sed -i 's/^status: draft$/status: approved/' policies/POL-001.yaml"));
	err = NULL;
	cr_assert_eq(th_isms(&out, &err, dir, "commit policies/POL-001.yaml -m approved"), 2);
	cr_assert(th_has(out, "policies/POL-001.yaml:4:9: error: status: approved records a decision, "
			 "which only its act makes: run 'isms approve POL-001'"), "%s", out);
	free(out);
	free(err);
	out = th_git(dir, "rev-parse HEAD");
	cr_assert_str_eq(out, head, "nothing was committed");
	free(out);
	free(before);
	free(head);
	free(dir);
}

Test(doccontrol, commit_checks_a_document_against_its_record_as_committed)
{
	char *src, *dir = isms_with_document(&src), *out, *err;

	/* File and sha256 changed by hand; only the file named: HEAD's record does not match it. */
	th_write(dir, "documents/files/contract.md", "v2\n");
	th_run(dir, "sed -i \"s/^sha256: .*/sha256: $(sha256sum documents/files/contract.md | cut -c1-64)/\" "
		    "documents/DOC-001.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit documents/files/contract.md -m x"), 2);
	cr_assert(th_has(out, "it no longer matches the sha256 of DOC-001"), "%s", out);
	free(out);
	free(err);
	/* Only the record named: HEAD's file does not match it. */
	cr_assert_eq(th_isms(&out, &err, dir, "commit documents/DOC-001.yaml -m x"), 2);
	cr_assert(th_has(out, "its sha256 does not match its file documents/files/contract.md as it "
			 "would be committed"), "%s", out);
	free(out);
	free(err);
	/* Both, but the same version. */
	cr_assert_eq(th_isms(&out, &err, dir, "commit documents/files/contract.md documents/DOC-001.yaml "
			     "-m x"), 2);
	cr_assert(th_has(out, "its sha256 changed but its version is still 0.1"), "%s", out);
	free(out);
	free(err);
	/* Both, with a new version. */
	th_run(dir, "sed -i \"s/^version: .*/version: '0.2'/\" documents/DOC-001.yaml");
	cr_assert_eq(th_isms(&out, &err, dir, "commit documents/files/contract.md documents/DOC-001.yaml "
			     "-m x"), 0, "%s%s", out, err);
	free(out);
	free(err);
	cr_assert_eq(th_isms(NULL, NULL, dir, "check"), 0);
	free(dir);
	free(src);
}

Test(doccontrol, commit_takes_a_path_twice_a_linked_top_and_many_records)
{
	char *dir = th_fresh_isms(), *links = th_tmpdir(), *out, *err, *trailers;

	for (int i = 1; i <= 10; i++) {
		char rel[64], text[128];

		snprintf(rel, sizeof(rel), "risks/RSK-%03d.yaml", i);
		snprintf(text, sizeof(text), "id: RSK-%03d\nkind: risk\ntitle: Risk %d\nstatus: identified\n",
			 i, i);
		th_write(dir, rel, text);
	}
	th_run(links, "ln -s '%s' top", dir);
	/* The same file twice, once through a link to the top: one change. */
	cr_assert_eq(th_isms(&out, &err, dir, "commit risks/RSK-0*.yaml risks/RSK-010.yaml "
			     "'%s/top/risks/RSK-001.yaml' -m 'Risks by hand'", links), 0,
		     "%s%s", out, err);
	free(out);
	free(err);
	trailers = th_git(dir, "log -1 '--format=%(trailers:key=Record,valueonly,separator=%x2C)'");
	cr_assert_str_eq(trailers, "RSK-001,RSK-002,RSK-003,RSK-004,RSK-005,RSK-006,RSK-007,"
				   "RSK-008,RSK-009,RSK-010");
	free(trailers);
	assert_git(dir, "status --porcelain", "");
	free(links);
	free(dir);
}

Test(doccontrol, a_documents_file_is_opened_only_from_documents_files)
{
	char *src, *dir = isms_with_document(&src), *full = NULL;
	struct isms_store *store = NULL;

	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_store_doc_file_path(&full, store, "documents/files/contract.md"), 0, "%s",
		     isms_error_last()->message);
	cr_assert(full[0] == '/' && strlen(full) > strlen("/documents/files/contract.md"), "%s", full);
	cr_assert_str_eq(full + strlen(full) - strlen("/documents/files/contract.md"),
			 "/documents/files/contract.md");
	free(full);
	/* What a record from a synced repository may name instead. */
	cr_assert_eq(isms_store_doc_file_path(&full, store, "../../etc/passwd"), ISMS_EUNSAFE);
	cr_assert_null(full);
	cr_assert_eq(isms_store_doc_file_path(&full, store, "/etc/passwd"), ISMS_EUNSAFE);
	cr_assert_eq(isms_store_doc_file_path(&full, store, "documents/files/../../isms.yaml"),
		     ISMS_EUNSAFE);
	th_run(dir, "ln -s /etc/passwd documents/files/link.md");
	cr_assert_eq(isms_store_doc_file_path(&full, store, "documents/files/link.md"), ISMS_EUNSAFE);
	cr_assert_eq(isms_store_doc_file_path(&full, store, "documents/files/gone.md"), ISMS_ENOTFOUND);
	cr_assert(th_has(isms_error_last()->message, "its file is missing"));
	cr_assert_null(full);
	isms_store_free(store);
	free(dir);
	free(src);
}

Test(doccontrol, status_escapes_control_characters_in_file_names)
{
	char *dir = th_fresh_isms(), *out, *err;

	th_write(dir, "evil\033[2Jname\\x.txt", "x\n");
	cr_assert_eq(th_isms(&out, &err, dir, "status"), 0, "%s", err);
	cr_assert(!strchr(out, '\033'), "%s", out);
	cr_assert(th_has(out, "  ? evil\\x1b[2Jname\\\\x.txt\n"), "%s", out);
	free(out);
	free(err);
	free(dir);
}

/* What changed in an external document is its own text too: a text file's
 * diff, or one line for a binary file with the sha256 of its bytes now. */
Test(doccontrol, diff_since_shows_the_text_of_a_document_file)
{
	char *src, *dir = isms_with_document(&src), *out = NULL, *err = NULL;

	th_write(src, "contract-v2.md", "v2, with a new clause\n");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-001 %s/contract-v2.md", src), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(&out, &err, dir, "diff DOC-001 --since HEAD~1"), 0, "%s", err);
	cr_assert(th_has(out, "+++ b/documents/files/contract.md\n"), "%s", out);
	cr_assert(th_has(out, "-v1\n+v2, with a new clause\n"), "%s", out);
	cr_assert(th_has(out, "+sha256: "), "the record's diff too: %s", out);
	free(out);
	free(err);

	/* A binary file: said, with the sha256 of its bytes ("\0\1\2\n"). */
	th_run(src, "printf '\\000\\001\\002\\n' > data.bin && printf '\\000\\001\\003\\n' > data-2.bin");
	cr_assert_eq(th_isms(NULL, &err, dir, "doc add %s/data.bin", src), 0, "%s", err);
	free(err);
	cr_assert_eq(th_isms(NULL, &err, dir, "doc update DOC-002 %s/data-2.bin", src), 0, "%s", err);
	free(err);
	out = th_run(src, "sha256sum data-2.bin | cut -c1-64");
	out[strcspn(out, "\n")] = '\0';
	err = isms_asprintf("binary file documents/files/data.bin changed (sha256 %s)\n", out);
	free(out);
	out = NULL;
	cr_assert_eq(th_isms(&out, NULL, dir, "diff DOC-002 --since HEAD~1"), 0);
	cr_assert(th_has(out, err), "%s", out);
	cr_assert(!th_has(out, "Binary files"), "%s", out);
	free(out);
	free(err);
	free(src);
	free(dir);
}
