/* SPDX-License-Identifier: MIT */
/* The record store on real ISMS repositories made by isms_store_init,
 * checked with the git CLI and by reading the files. */
#include "config.h"

#include <criterion/criterion.h>
#include <git2.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "isms/alloc.h"
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include "isms/buf.h"
#include "isms/error.h"
#include "isms/fs.h"
#include "isms/kind.h"
#include "isms/store.h"
#include "isms/sync.h"
#include "isms/text.h"
#include "isms/tree.h"
#include "isms/yaml.h"
#include "store_private.h"  /* isms_store_set_lock_wait */

/* Every test runs with a pinned environment (see helpers.h). */
static void setup(void)
{
	th_pin_env();
}

TestSuite(store, .init = setup);

/* Helpers */


/* Assert that running `cmd` in `dir` prints exactly `want`. */
static void expect_output(const char *dir, const char *cmd, const char *want)
{
	char *out = th_run(dir, "%s", cmd);

	cr_assert_str_eq(out, want, "%s", cmd);
	free(out);
}

/* Assert that dir/rel holds exactly `want`. */
static void expect_file(const char *dir, const char *rel, const char *want)
{
	char *text = th_read(dir, rel);

	cr_assert_not_null(text, "%s is missing", rel);
	cr_assert_str_eq(text, want, "%s", rel);
	free(text);
}

static void expect_no_file(const char *dir, const char *rel)
{
	char *path = isms_path_join(dir, rel);

	cr_assert_eq(isms_fs_exists(path), 0, "%s exists", rel);
	free(path);
}

static char *head_of(const char *dir)
{
	char *out = th_run(dir, "git rev-parse HEAD");

	out[strcspn(out, "\n")] = '\0';
	return out;
}

static void expect_head(const char *dir, const char *want)
{
	char *head = head_of(dir);

	cr_assert_str_eq(head, want);
	free(head);
}

static int commit_count(const char *dir)
{
	char *out = th_run(dir, "git rev-list --count HEAD");
	int n = atoi(out);

	free(out);
	return n;
}

/* A new ISMS in tmp/isms: *tmp (may be NULL) receives the folder around it,
 * *dir the ISMS's top; the caller frees both. */
static struct isms_store *new_store(char **tmp, char **dir)
{
	struct isms_store *store;
	char commit[ISMS_OID_HEX], *around = th_tmpdir();

	*dir = isms_path_join(around, "isms");
	cr_assert_eq(isms_store_init(&store, commit, *dir, "Test Org", NULL), 0, "%s",
		     isms_error_last()->message);
	if (tmp)
		*tmp = around;
	else
		free(around);
	return store;
}

static const struct isms_kind *kind(const char *name)
{
	const struct isms_kind *k = isms_kind_find(name);

	cr_assert_not_null(k, "kind %s", name);
	return k;
}

static void set(struct isms_record *rec, const char *key, const char *value)
{
	isms_map_set(rec->root, key, isms_field_value(rec->kind, key, value));
}

static void save_ok(char commit[ISMS_OID_HEX], struct isms_store *store, struct isms_record *rec)
{
	int error = isms_store_save(commit, store, rec, NULL);

	cr_assert_eq(error, 0, "save %s: %s", rec->id, isms_error_last()->message);
}

/* Create and commit a record of `kind_name` titled `title` (with `id`, or
 * the next number when NULL); its ID (the caller frees). */
static char *new_record(struct isms_store *store, const char *kind_name, const char *id,
			const char *title)
{
	struct isms_record *rec;
	char commit[ISMS_OID_HEX], *made;

	cr_assert_eq(isms_store_create(&rec, store, kind(kind_name), id), 0, "%s",
		     isms_error_last()->message);
	set(rec, "title", title);
	save_ok(commit, store, rec);
	cr_assert_eq(strlen(commit), 40);
	made = isms_strdup(rec->id);
	isms_record_free(rec);
	return made;
}

static struct isms_record *load_ok(struct isms_store *store, const char *id)
{
	struct isms_record *rec;

	cr_assert_eq(isms_store_load(&rec, store, id), 0, "load %s: %s", id,
		     isms_error_last()->message);
	cr_assert_not_null(rec);
	return rec;
}

static void write_and_commit(const char *dir, const char *rel, const char *text)
{
	th_write(dir, rel, text);
	free(th_run(dir, "git add '%s' && git commit -q -m 'by hand: %s'", rel, rel));
}

static const struct isms_finding *find(const struct isms_findings *f, const char *phrase)
{
	for (size_t i = 0; i < f->count; i++)
		if (th_has(f->items[i].message, phrase))
			return &f->items[i];
	return NULL;
}

static const struct isms_file_findings *report_for(const struct isms_report *r, const char *path)
{
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->files[i].path, path) == 0)
			return &r->files[i];
	return NULL;
}

/* Starting an ISMS */

Test(store, init_writes_isms_yaml_and_commits_it)
{
	char *tmp = th_tmpdir(), *dir = isms_path_join(tmp, "new/isms"), *top, *out;
	struct isms_store *store;
	char commit[ISMS_OID_HEX];

	cr_assert_eq(isms_store_init(&store, commit, dir, "Example Ltd", NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_eq(strlen(commit), 40);
	expect_head(dir, commit);
	top = isms_asprintf("%s/", dir);
	cr_assert_str_eq(isms_store_top(store), top);
	cr_assert_str_eq(isms_store_organisation(store), "Example Ltd");
	out = th_read(dir, "isms.yaml");
	cr_assert(isms_str_starts_with(out, "isms: 1\norganisation: Example Ltd\n"
				       "edition: ISO/IEC 27001:2022\nisms_type: whole-entity\n"
				       "id_digits: 3\nreview_months:\n"), "%s", out);
	cr_assert(th_has(out, "\nrisk_method:\n  likelihood:\n  - label: Rare\n"), "%s", out);
	cr_assert(th_has(out, "\n  acceptance: Low\n"), "%s", out);
	free(out);
	expect_output(dir, "git ls-files", "isms.yaml\n");
	expect_output(dir, "git status --porcelain", "");
	expect_output(dir, "git log --format=%s", "Start the ISMS of Example Ltd\n");
	expect_output(dir, "git log -1 --format=%an%n%cn", "Test Author\nTest Committer\n");
	out = th_run(dir, "git log -1 --format=%%B | git interpret-trailers --parse");
	cr_assert_str_eq(out, "Record: isms.yaml\nClause: 4.3\n");
	free(out);
	isms_store_free(store);

	/* It opens again, from any folder inside. */
	free(th_run(dir, "mkdir -p policies/deeper"));
	out = isms_path_join(dir, "policies/deeper");
	cr_assert_eq(isms_store_open(&store, out), 0, "%s", isms_error_last()->message);
	cr_assert_str_eq(isms_store_top(store), top);
	cr_assert_str_eq(isms_store_organisation(store), "Example Ltd");
	isms_store_free(store);
	free(out);
	free(top);
	free(dir);
	free(tmp);
}

Test(store, init_again_is_eexists)
{
	char *dir;
	struct isms_store *store = new_store(NULL, &dir), *again = (struct isms_store *)&again;
	char commit[ISMS_OID_HEX], *head = head_of(dir);

	isms_store_free(store);
	memset(commit, 'x', sizeof(commit));
	cr_assert_eq(isms_store_init(&again, commit, dir, "Other Org", NULL), ISMS_EEXISTS);
	cr_assert_null(again);
	cr_assert_str_eq(commit, "");
	expect_head(dir, head);
	cr_assert_eq(commit_count(dir), 1);
	expect_output(dir, "git show HEAD:isms.yaml | grep ^organisation", "organisation: Test Org\n");
	expect_output(dir, "git status --porcelain", "");
	free(head);
	free(dir);
}

Test(store, open_needs_isms_yaml)
{
	char *dir = th_tmpdir();
	struct isms_store *store = (struct isms_store *)&store;

	free(th_run(dir, "git init -q && echo hello > README && git add README && "
		      "git commit -q -m readme"));
	cr_assert_eq(isms_store_open(&store, dir), ISMS_ENOTFOUND);
	cr_assert_null(store);
	cr_assert(th_has(isms_error_last()->message, "isms init"), "%s",
		  isms_error_last()->message);
	cr_assert(th_has(isms_error_last()->message, "isms.yaml"), "%s",
		  isms_error_last()->message);
	free(dir);
}

/* Creating and saving */

Test(store, create_and_save_allocate_numbers_and_commit)
{
	char *dir, *out, *head;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];

	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(rec->id, "POL-001");
	cr_assert_str_eq(rec->path, "policies/POL-001.yaml");
	cr_assert_str_eq(rec->base, "");
	set(rec, "title", "Access control");
	save_ok(commit, store, rec);
	cr_assert_eq(strlen(commit), 40);
	expect_head(dir, commit);
	expect_file(dir, "policies/POL-001.yaml",
		    "id: POL-001\nkind: policy\ntitle: Access control\nstatus: draft\n");
	cr_assert_neq(rec->base[0], '\0', "the record knows what it was saved as");
	expect_output(dir, "git show --name-status --format=%s HEAD",
		      "POL-001: create Access control\n\nA\tpolicies/POL-001.yaml\n");
	out = th_run(dir, "git log -1 --format=%%B | git interpret-trailers --parse");
	cr_assert_str_eq(out, "Record: POL-001\nClause: 5.2\n");
	free(out);
	expect_output(dir, "git status --porcelain", "");
	isms_record_free(rec);

	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), 0);
	cr_assert_str_eq(rec->id, "POL-002");
	set(rec, "title", "Cryptography");
	save_ok(commit, store, rec);
	expect_output(dir, "git log --format=%s", "POL-002: create Cryptography\n"
		      "POL-001: create Access control\nStart the ISMS of Test Org\n");
	isms_record_free(rec);

	/* Other kinds count on their own. */
	cr_assert_eq(isms_store_create(&rec, store, kind("risk"), NULL), 0);
	cr_assert_str_eq(rec->id, "RSK-001");
	cr_assert_str_eq(rec->path, "risks/RSK-001.yaml");
	isms_record_free(rec);

	/* An ID that is taken cannot be created again. */
	head = head_of(dir);
	rec = (struct isms_record *)&rec;
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), "POL-001"), ISMS_EEXISTS);
	cr_assert_null(rec);
	expect_head(dir, head);
	free(head);
	isms_store_free(store);
	free(dir);
}

Test(store, id_digits_in_isms_yaml_are_honoured)
{
	char *dir, *id;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;

	id = new_record(store, "policy", NULL, "Three digits");
	cr_assert_str_eq(id, "POL-001");
	free(id);
	isms_store_free(store);
	free(th_run(dir, "sed -i 's/^id_digits: 3$/id_digits: 5/' isms.yaml && "
		      "grep -q '^id_digits: 5$' isms.yaml && git commit -q -am 'Five digits'"));
	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	id = new_record(store, "policy", NULL, "Five digits");
	cr_assert_str_eq(id, "POL-00002", "one more than the highest, with the new width");
	free(id);
	cr_assert_eq(isms_store_create(&rec, store, kind("risk"), NULL), 0);
	cr_assert_str_eq(rec->id, "RSK-00001");
	isms_record_free(rec);
	expect_file(dir, "policies/POL-00002.yaml",
		    "id: POL-00002\nkind: policy\ntitle: Five digits\nstatus: draft\n");
	isms_store_free(store);
	free(dir);
}

Test(store, save_validates_and_writes_nothing_when_invalid)
{
	char *dir, *head;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_save_opts opts = ISMS_SAVE_OPTS_INIT;
	char commit[ISMS_OID_HEX];
	const struct isms_finding *f;

	head = head_of(dir);
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), 0);
	opts.findings = &findings;
	memset(commit, 'x', sizeof(commit));
	cr_assert_eq(isms_store_save(commit, store, rec, &opts), ISMS_EINVALID);
	cr_assert_str_eq(commit, "");
	cr_assert_not_null(f = find(&findings, "'title' is missing"), "findings: %zu", findings.count);
	cr_assert_eq(f->severity, ISMS_SEV_ERROR);
	cr_assert(th_has(isms_error_last()->message, "title"), "%s", isms_error_last()->message);
	expect_no_file(dir, "policies/POL-001.yaml");
	expect_no_file(dir, "policies");
	expect_head(dir, head);
	expect_output(dir, "git status --porcelain --untracked-files=all", "");
	isms_findings_free(&findings);

	/* A wrong value is refused too. */
	set(rec, "title", "Fine");
	set(rec, "status", "maybe");
	cr_assert_eq(isms_store_save(commit, store, rec, &opts), ISMS_EINVALID);
	cr_assert_not_null(find(&findings, "allowed values"));
	expect_no_file(dir, "policies/POL-001.yaml");
	expect_head(dir, head);
	isms_findings_free(&findings);

	/* A decision is an act: status approved is refused, naming the act
	 * and the field's place (doc/trust.md). */
	set(rec, "status", "approved");
	cr_assert_eq(isms_store_save(commit, store, rec, &opts), ISMS_EINVALID);
	cr_assert(th_has(isms_error_last()->message, "policies/POL-001.yaml:4:9: status: approved "
			 "records a decision") && th_has(isms_error_last()->message, "'isms approve POL-001'"),
		  "%s", isms_error_last()->message);
	expect_no_file(dir, "policies/POL-001.yaml");
	expect_head(dir, head);
	isms_findings_free(&findings);

	/* Corrected, the same record saves. */
	set(rec, "status", "draft");
	cr_assert_eq(isms_store_save(commit, store, rec, &opts), 0, "%s",
		     isms_error_last()->message);
	cr_assert_eq(findings.count, 0);
	cr_assert_eq(commit_count(dir), 2);
	isms_findings_free(&findings);
	isms_record_free(rec);
	free(head);
	isms_store_free(store);
	free(dir);
}

Test(store, a_control_needs_an_explicit_id_of_the_right_shape)
{
	static const char *const wrong[] = { "A.9.1", "A.4.1", "A.5.015", "A.5.0", "A.5",
					     "POL-001", "a.5.15", "A.5.15.1" };
	char *dir, *head;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec = (struct isms_record *)&rec;
	char commit[ISMS_OID_HEX];

	head = head_of(dir);
	cr_assert_eq(isms_store_create(&rec, store, kind("control"), NULL), ISMS_EINVALID);
	cr_assert_null(rec);
	cr_assert(th_has(isms_error_last()->message, "A.5.15"), "%s", isms_error_last()->message);
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		rec = (struct isms_record *)&rec;
		cr_assert_eq(isms_store_create(&rec, store, kind("control"), wrong[i]), ISMS_EINVALID,
			     "%s", wrong[i]);
		cr_assert_null(rec, "%s", wrong[i]);
	}
	rec = (struct isms_record *)&rec;
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), "A.5.15"), ISMS_EINVALID,
		     "a control ID for a policy");
	cr_assert_null(rec);
	rec = (struct isms_record *)&rec;
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), "RSK-001"), ISMS_EINVALID,
		     "a risk ID for a policy");
	cr_assert_null(rec);
	expect_head(dir, head);
	expect_output(dir, "git status --porcelain --untracked-files=all", "");

	cr_assert_eq(isms_store_create(&rec, store, kind("control"), "A.5.15"), 0, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(rec->path, "controls/A.5.15.yaml");
	set(rec, "title", "Access control");
	set(rec, "applicable", "yes");
	save_ok(commit, store, rec);
	expect_file(dir, "controls/A.5.15.yaml", "id: A.5.15\nkind: control\ntitle: Access control\n"
						 "status: draft\napplicable: yes\n");
	expect_output(dir, "git log -1 --format=%s", "A.5.15: create Access control\n");
	expect_output(dir, "git log -1 --format='%(trailers:key=Clause,valueonly)'", "6.1.3\n\n");
	isms_record_free(rec);
	free(head);
	isms_store_free(store);
	free(dir);
}

/* Changing records */

Test(store, a_changed_field_changes_only_its_line)
{
	char *dir, *before, *after, *head;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];

	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), 0);
	set(rec, "title", "Access control");
	set(rec, "owner", "Alice <alice@example.org>");
	set(rec, "version", "1.0");
	set(rec, "next_review", "2027-01-01");
	set(rec, "body", "First paragraph.\n\nSecond paragraph,\nover two lines.\n");
	save_ok(commit, store, rec);
	isms_record_free(rec);
	before = th_read(dir, "policies/POL-001.yaml");

	rec = load_ok(store, "POL-001");
	cr_assert_eq(rec->flags & ISMS_YAML_HAS_COMMENTS, 0);
	set(rec, "owner", "Bob <bob@example.org>");
	save_ok(commit, store, rec);
	cr_assert_eq(strlen(commit), 40);
	expect_output(dir, "git diff --numstat HEAD~1 HEAD", "1\t1\tpolicies/POL-001.yaml\n");
	expect_output(dir, "git diff -U0 HEAD~1 HEAD | grep '^[-+][^-+]'",
		      "-owner: Alice <alice@example.org>\n+owner: Bob <bob@example.org>\n");
	expect_output(dir, "git log -1 --format=%s", "POL-001: update Access control\n");
	after = th_read(dir, "policies/POL-001.yaml");
	cr_assert_not_null(after);
	{
		/* The same text, but for that line. */
		const char *b = strstr(before, "owner: Alice"), *a = strstr(after, "owner: Bob");

		cr_assert(b && a && b - before == a - after);
		cr_assert_str_eq(strchr(b, '\n'), strchr(a, '\n'));
	}
	cr_assert(th_has(after, "version: '1.0'\n") || th_has(after, "version: \"1.0\"\n"),
		  "text that looks like a number stays text: %s", after);
	expect_output(dir, "git status --porcelain", "");

	/* Saving again without a change makes no commit. */
	head = head_of(dir);
	memset(commit, 'x', sizeof(commit));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(commit, "");
	expect_head(dir, head);
	isms_record_free(rec);
	free(head);
	free(before);
	free(after);
	isms_store_free(store);
	free(dir);
}

Test(store, unknown_keys_survive_after_the_known_ones_in_their_order)
{
	char *dir;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];

	free(th_run(dir, "mkdir policies"));
	write_and_commit(dir, "policies/POL-001.yaml",
			 "status: draft\n"
			 "custom_field: keep me\n"
			 "title: Access control\n"
			 "extra:\n"
			 "  nested: value\n"
			 "  deeper:\n"
			 "    list:\n"
			 "    - a\n"
			 "    - b\n"
			 "id: POL-001\n"
			 "kind: policy\n"
			 "zz_last: 42\n");
	rec = load_ok(store, "POL-001");
	set(rec, "owner", "Alice");
	save_ok(commit, store, rec);
	expect_file(dir, "policies/POL-001.yaml",
		    "id: POL-001\n"
		    "kind: policy\n"
		    "title: Access control\n"
		    "status: draft\n"
		    "owner: Alice\n"
		    "custom_field: keep me\n"
		    "extra:\n"
		    "  nested: value\n"
		    "  deeper:\n"
		    "    list:\n"
		    "    - a\n"
		    "    - b\n"
		    "zz_last: 42\n");
	isms_record_free(rec);

	/* And again: an unrelated change leaves them exactly as they are. */
	rec = load_ok(store, "POL-001");
	set(rec, "title", "Access management");
	save_ok(commit, store, rec);
	expect_output(dir, "git diff -U0 HEAD~1 HEAD | grep '^[-+][^-+]'",
		      "-title: Access control\n+title: Access management\n");
	isms_record_free(rec);
	isms_store_free(store);
	free(dir);
}

/* Conflicts */

Test(store, a_file_changed_by_hand_since_load_is_a_conflict)
{
	char *dir, *id, *head;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];
	const char *by_hand = "id: POL-001\nkind: policy\ntitle: Changed by hand\nstatus: draft\n";
	const char *mine = "id: POL-001\nkind: policy\ntitle: Mine\nstatus: draft\n";

	id = new_record(store, "policy", NULL, "Original");
	rec = load_ok(store, id);
	th_write(dir, "policies/POL-001.yaml", by_hand);
	head = head_of(dir);
	set(rec, "owner", "Alice");
	memset(commit, 'x', sizeof(commit));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_ECONFLICT);
	cr_assert_str_eq(commit, "");
	cr_assert(th_has(isms_error_last()->message, "POL-001"), "%s", isms_error_last()->message);
	expect_file(dir, "policies/POL-001.yaml", by_hand);
	expect_head(dir, head);
	expect_output(dir, "git status --porcelain", " M policies/POL-001.yaml\n");

	/* Also through save_text. */
	cr_assert_eq(isms_store_save_text(commit, store, rec, mine, strlen(mine), NULL),
		     ISMS_ECONFLICT);
	expect_file(dir, "policies/POL-001.yaml", by_hand);
	expect_head(dir, head);

	/* A file deleted meanwhile is not brought back. */
	free(th_run(dir, "rm policies/POL-001.yaml"));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_ECONFLICT);
	expect_no_file(dir, "policies/POL-001.yaml");
	expect_head(dir, head);
	isms_record_free(rec);
	free(head);
	free(id);
	isms_store_free(store);
	free(dir);
}

Test(store, the_second_of_two_saves_from_the_same_version_is_a_conflict)
{
	char *dir, *id, *theirs;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *mine, *other;
	char commit[ISMS_OID_HEX], first[ISMS_OID_HEX];

	id = new_record(store, "policy", NULL, "Original");
	mine = load_ok(store, id);
	other = load_ok(store, id);
	set(other, "title", "Their title");
	save_ok(first, store, other);
	theirs = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(theirs, "title: Their title\n"));

	set(mine, "title", "My title");
	cr_assert_eq(isms_store_save(commit, store, mine, NULL), ISMS_ECONFLICT);
	expect_file(dir, "policies/POL-001.yaml", theirs);
	expect_head(dir, first);
	expect_output(dir, "git status --porcelain", "");
	isms_record_free(mine);
	isms_record_free(other);
	free(theirs);
	free(id);
	isms_store_free(store);
	free(dir);
}

Test(store, a_new_record_whose_file_appeared_meanwhile_is_a_conflict)
{
	char *dir, *head;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];
	const char *theirs = "id: POL-001\nkind: policy\ntitle: Theirs\nstatus: draft\n";

	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), 0);
	cr_assert_str_eq(rec->id, "POL-001");
	th_write(dir, "policies/POL-001.yaml", theirs);
	set(rec, "title", "Mine");
	head = head_of(dir);
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_ECONFLICT);
	expect_file(dir, "policies/POL-001.yaml", theirs);
	expect_head(dir, head);
	isms_record_free(rec);
	free(head);
	isms_store_free(store);
	free(dir);
}

/* Files that cannot be used as they are */

Test(store, an_unparseable_file_is_reported_with_its_position_and_never_changed)
{
	static const char broken[] = "id: POL-009\nkind: policy\ntitle: [unclosed\n";
	char *dir, *full, *text;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec = (struct isms_record *)&rec;
	const struct isms_error *e;
	unsigned line = 0, column = 0;

	th_write(dir, "policies/POL-009.yaml", broken);
	full = isms_path_join(dir, "policies/POL-009.yaml");
	cr_assert_eq(isms_store_load(&rec, store, "POL-009"), ISMS_EPARSE);
	cr_assert_null(rec);
	e = isms_error_last();
	cr_assert_eq(strncmp(e->message, full, strlen(full)), 0, "%s", e->message);
	cr_assert_eq(sscanf(e->message + strlen(full), ":%u:%u: ", &line, &column), 2, "%s",
		     e->message);
	cr_assert_gt(line, 0);
	cr_assert_gt(column, 0);
	cr_assert_eq(e->line, line);
	cr_assert_eq(e->column, column);

	/* Nothing that follows writes over it. */
	rec = (struct isms_record *)&rec;
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), "POL-009"), ISMS_EEXISTS);
	cr_assert_null(rec);
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), 0);
	cr_assert_str_eq(rec->id, "POL-010", "the broken file's number is taken");
	isms_record_free(rec);
	text = th_read(dir, "policies/POL-009.yaml");
	cr_assert_not_null(text);
	cr_assert_eq(strlen(text), sizeof(broken) - 1);
	cr_assert_eq(memcmp(text, broken, sizeof(broken) - 1), 0, "the bytes are unchanged");
	free(text);
	expect_output(dir, "git status --porcelain --untracked-files=all", "?? policies/POL-009.yaml\n");
	free(full);
	isms_store_free(store);
	free(dir);
}

Test(store, comments_block_rewriting_unless_dropped_and_save_text_keeps_them)
{
	static const char commented[] =
		"# Owned by the security team.\n"
		"id: POL-001\n"
		"kind: policy\n"
		"title: Commented  # keep this short\n"
		"status: draft\n";
	static const char edited[] =
		"# Owned by the security team.\n"
		"id: POL-001\n"
		"kind: policy\n"
		"title: Commented  # keep this short\n"
		"status: in-review\n";
	char *dir, *head, *text;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	struct isms_save_opts opts = ISMS_SAVE_OPTS_INIT;
	char commit[ISMS_OID_HEX];

	free(th_run(dir, "mkdir policies"));
	write_and_commit(dir, "policies/POL-001.yaml", commented);
	head = head_of(dir);
	rec = load_ok(store, "POL-001");
	cr_assert(rec->flags & ISMS_YAML_HAS_COMMENTS);
	set(rec, "owner", "Alice");
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_EUNSAFE);
	cr_assert(th_has(isms_error_last()->message, "comments"), "%s", isms_error_last()->message);
	expect_file(dir, "policies/POL-001.yaml", commented);
	expect_head(dir, head);

	/* The text as an editor left it keeps its comments. */
	cr_assert_eq(isms_store_save_text(commit, store, rec, edited, sizeof(edited) - 1, NULL), 0,
		     "%s", isms_error_last()->message);
	cr_assert_eq(strlen(commit), 40);
	expect_file(dir, "policies/POL-001.yaml", edited);
	expect_output(dir, "git show HEAD:policies/POL-001.yaml", edited);
	expect_output(dir, "git log -1 --format=%s", "POL-001: update Commented\n");
	cr_assert(rec->flags & ISMS_YAML_HAS_COMMENTS, "still has comments");
	cr_assert_str_eq(isms_map_get_text(rec->root, "status"), "in-review");

	/* Asked to, save drops them. */
	set(rec, "owner", "Alice");
	opts.drop_comments = true;
	cr_assert_eq(isms_store_save(commit, store, rec, &opts), 0, "%s",
		     isms_error_last()->message);
	expect_file(dir, "policies/POL-001.yaml", "id: POL-001\nkind: policy\ntitle: Commented\n"
						  "status: in-review\nowner: Alice\n");
	text = th_read(dir, "policies/POL-001.yaml");
	cr_assert_not(th_has(text, "#"));
	free(text);
	cr_assert_eq(commit_count(dir), 4);
	isms_record_free(rec);
	free(head);
	isms_store_free(store);
	free(dir);
}

Test(store, a_record_file_that_is_a_symlink_is_refused_and_never_written_through)
{
	static const char outside[] = "id: POL-001\nkind: policy\ntitle: Outside\nstatus: draft\n";
	char *tmp, *dir, *id, *head;
	struct isms_store *store = new_store(&tmp, &dir);
	struct isms_record *rec = (struct isms_record *)&rec;
	char commit[ISMS_OID_HEX];

	th_write(tmp, "outside.yaml", outside);
	free(th_run(dir, "mkdir policies && ln -s '%s/outside.yaml' policies/POL-001.yaml", tmp));
	head = head_of(dir);
	cr_assert_eq(isms_store_load(&rec, store, "POL-001"), ISMS_EUNSAFE);
	cr_assert_null(rec);
	cr_assert(th_has(isms_error_last()->message, "symbolic link"), "%s",
		  isms_error_last()->message);
	rec = (struct isms_record *)&rec;
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), "POL-001"), ISMS_EEXISTS);
	cr_assert_null(rec);
	expect_file(tmp, "outside.yaml", outside);

	/* A record read while it was a file, saved after it became a link. */
	id = new_record(store, "policy", NULL, "Inside");
	cr_assert_str_eq(id, "POL-002");
	rec = load_ok(store, id);
	free(head);
	head = head_of(dir);
	free(th_run(dir, "mv policies/POL-002.yaml '%s/moved.yaml' && "
		      "ln -s '%s/moved.yaml' policies/POL-002.yaml", tmp, tmp));
	set(rec, "title", "Written through the link?");
	cr_assert_lt(isms_store_save(commit, store, rec, NULL), 0);
	cr_assert_str_eq(commit, "");
	expect_file(tmp, "moved.yaml", "id: POL-002\nkind: policy\ntitle: Inside\nstatus: draft\n");
	expect_file(tmp, "outside.yaml", outside);
	expect_head(dir, head);
	free(th_run(dir, "test -L policies/POL-002.yaml"));
	isms_record_free(rec);
	free(head);
	free(id);
	isms_store_free(store);
	free(dir);
	free(tmp);
}

Test(store, a_kind_folder_that_is_a_symlink_is_refused_on_load_and_save)
{
	static const char text[] = "id: POL-002\nkind: policy\ntitle: New\nstatus: draft\n";
	char *tmp, *dir, *id, *head, *listing;
	struct isms_store *store = new_store(&tmp, &dir);
	struct isms_record *rec = (struct isms_record *)&rec, *fresh, *loaded;
	struct isms_report report;
	char commit[ISMS_OID_HEX];

	id = new_record(store, "policy", NULL, "Inside");
	loaded = load_ok(store, id);
	cr_assert_eq(isms_store_create(&fresh, store, kind("policy"), NULL), 0);
	cr_assert_str_eq(fresh->id, "POL-002");
	set(fresh, "title", "New");
	head = head_of(dir);

	/* policies -> a folder outside the repository. */
	free(th_run(dir, "mv policies '%s/elsewhere' && ln -s '%s/elsewhere' policies", tmp, tmp));
	listing = th_run(tmp, "ls -la elsewhere | tail -n +2 | md5sum; cat elsewhere/*");

	cr_assert_eq(isms_store_load(&rec, store, "POL-001"), ISMS_EUNSAFE);
	cr_assert_null(rec);
	cr_assert(th_has(isms_error_last()->message, "symbolic link"), "%s",
		  isms_error_last()->message);
	set(loaded, "title", "Changed");
	cr_assert_eq(isms_store_save(commit, store, loaded, NULL), ISMS_EUNSAFE);
	cr_assert_eq(isms_store_save(commit, store, fresh, NULL), ISMS_EUNSAFE);
	cr_assert_eq(isms_store_save_text(commit, store, fresh, text, strlen(text), NULL),
		     ISMS_EUNSAFE);
	expect_output(tmp, "ls -la elsewhere | tail -n +2 | md5sum; cat elsewhere/*", listing);
	expect_head(dir, head);
	free(th_run(dir, "test -L policies"));

	/* check says so. */
	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_not_null(report_for(&report, "policies"));
	isms_report_free(&report);
	isms_record_free(loaded);
	isms_record_free(fresh);
	free(listing);
	free(head);
	free(id);
	isms_store_free(store);
	free(dir);
	free(tmp);
}

Test(store, a_kind_folder_that_is_a_symlink_is_refused_on_create)
{
	char *tmp, *dir;
	struct isms_store *store = new_store(&tmp, &dir);
	struct isms_record *rec = (struct isms_record *)&rec;

	free(th_run(tmp, "mkdir elsewhere && printf 'id: POL-041\\n' > elsewhere/POL-041.yaml"));
	free(th_run(dir, "ln -s '%s/elsewhere' policies", tmp));
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), ISMS_EUNSAFE,
		     "numbered from a folder outside the repository: %s",
		     rec && rec != (struct isms_record *)&rec ? rec->id : "-");
	cr_assert_null(rec);
	rec = (struct isms_record *)&rec;
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), "POL-001"), ISMS_EUNSAFE);
	cr_assert_null(rec);
	expect_output(tmp, "ls elsewhere", "POL-041.yaml\n");
	isms_store_free(store);
	free(dir);
	free(tmp);
}

Test(store, hostile_ids_never_become_paths)
{
	char long_id[66];
	const char *ids[] = {
		"../etc/passwd", "..", ".", ".git", "a/b", "a\\b", "", long_id, "/etc/passwd",
		"POL-001/..", "POL-001/../../x", "POL-001\n", "POL\x01" "001", "POL-001\x7f",
		"POL-\xc3\xa9", "\xd0\x9f\xd0\x9e\xd0\x9b-001", "POL-001.", " POL-001", "-POL-001",
		"POL 001", "~root",
	};
	char *tmp, *dir, *before, *after;
	struct isms_store *store = new_store(&tmp, &dir);
	const struct isms_kind *k;
	struct isms_record *rec;
	char *path;

	memset(long_id, '1', 65);
	memcpy(long_id, "POL-", 4);
	long_id[65] = '\0';
	cr_assert_eq(strlen(long_id), 65);
	free(new_record(store, "policy", NULL, "Present"));
	before = th_run(dir, "git status --porcelain --ignored --untracked-files=all; "
			  "find . '%s' -path ./.git -prune -o -print | sort; git rev-parse HEAD", tmp);

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		k = (const struct isms_kind *)&k;
		path = (char *)&path;
		cr_assert_eq(isms_store_locate(&k, &path, store, ids[i]), ISMS_EINVALID,
			     "locate %zu '%s'", i, ids[i]);
		cr_assert_null(k);
		cr_assert_null(path);
		cr_assert(th_has(isms_error_last()->message, "ID"), "%s",
			  isms_error_last()->message);
		rec = (struct isms_record *)&rec;
		cr_assert_eq(isms_store_load(&rec, store, ids[i]), ISMS_EINVALID, "load %zu", i);
		cr_assert_null(rec);
		for (size_t j = 0; j < isms_kind_count(); j++) {
			rec = (struct isms_record *)&rec;
			cr_assert_eq(isms_store_create(&rec, store, isms_kind_at(j), ids[i]),
				     ISMS_EINVALID, "create %s %zu", isms_kind_at(j)->name, i);
			cr_assert_null(rec);
		}
	}
	after = th_run(dir, "git status --porcelain --ignored --untracked-files=all; "
			 "find . '%s' -path ./.git -prune -o -print | sort; git rev-parse HEAD", tmp);
	cr_assert_str_eq(before, after, "nothing was created anywhere");

	/* The longest ID allowed is a plain miss, not a refusal. */
	long_id[64] = '\0';
	cr_assert_eq(isms_store_locate(&k, &path, store, long_id), ISMS_ENOTFOUND);
	cr_assert_eq(isms_store_locate(&k, &path, store, "POL-001"), 0);
	cr_assert_str_eq(path, "policies/POL-001.yaml");
	cr_assert_eq(k, kind("policy"));
	free(path);
	free(before);
	free(after);
	isms_store_free(store);
	free(dir);
	free(tmp);
}

Test(store, the_id_in_the_file_must_match_its_name)
{
	static const char renamed[] = "kind: policy\ntitle: Mismatch\nid: POL-002\nstatus: draft\n";
	char *dir, *id, *head, *path;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_save_opts opts = ISMS_SAVE_OPTS_INIT;
	struct isms_report report;
	const struct isms_file_findings *ff;
	const struct isms_finding *f;
	char commit[ISMS_OID_HEX];

	id = new_record(store, "policy", NULL, "Mismatch");
	write_and_commit(dir, "policies/POL-001.yaml", renamed);
	head = head_of(dir);
	rec = load_ok(store, id);

	opts.findings = &findings;
	cr_assert_eq(isms_store_save_text(commit, store, rec, renamed, sizeof(renamed) - 1, &opts),
		     ISMS_EINVALID);
	cr_assert_not_null(f = find(&findings, "'id' is 'POL-002'"));
	cr_assert_eq(f->line, 3);
	cr_assert_eq(f->column, 5, "at the value, as everywhere else");
	path = isms_asprintf("policies/POL-001.yaml:3:5: ");
	cr_assert(th_has(isms_error_last()->message, path), "%s", isms_error_last()->message);
	free(path);
	isms_findings_free(&findings);
	cr_assert_eq(isms_store_save(commit, store, rec, &opts), ISMS_EINVALID);
	cr_assert_not_null(find(&findings, "'id' is 'POL-002'"));
	isms_findings_free(&findings);
	expect_file(dir, "policies/POL-001.yaml", renamed);
	expect_head(dir, head);

	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_eq(report.count, 1);
	cr_assert_not_null(ff = report_for(&report, "policies/POL-001.yaml"));
	cr_assert_not_null(f = find(&ff->findings, "'id' is 'POL-002'"));
	cr_assert_eq(f->line, 3);
	cr_assert_eq(f->column, 5);
	isms_report_free(&report);
	isms_record_free(rec);
	free(head);
	free(id);
	isms_store_free(store);
	free(dir);
}

/* Retiring */

Test(store, retire_marks_the_record_and_keeps_file_and_history)
{
	char *dir, *id, *out, *head;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];
	int before;

	id = new_record(store, "policy", NULL, "Old rules");
	rec = load_ok(store, id);
	set(rec, "owner", "Alice");
	save_ok(commit, store, rec);
	isms_record_free(rec);

	rec = load_ok(store, id);
	head = head_of(dir);
	cr_assert_eq(isms_store_retire(commit, store, rec, "", NULL), ISMS_EINVALID,
		     "a reason is required");
	cr_assert_str_eq(commit, "");
	expect_head(dir, head);
	free(head);
	before = commit_count(dir);
	cr_assert_eq(isms_store_retire(commit, store, rec, "Replaced by POL-002", NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_eq(strlen(commit), 40);
	expect_head(dir, commit);
	cr_assert_eq(commit_count(dir), before + 1, "one commit");
	expect_file(dir, "policies/POL-001.yaml",
		    "id: POL-001\nkind: policy\ntitle: Old rules\nstatus: retired\nowner: Alice\n"
		    "retired_on: 2026-01-01\nretire_reason: Replaced by POL-002\n");
	expect_output(dir, "git log --format=%s -- policies/POL-001.yaml",
		      "POL-001: retire Old rules\nPOL-001: update Old rules\n"
		      "POL-001: create Old rules\n");
	out = th_run(dir, "git log -1 --format=%%B");
	cr_assert(th_has(out, "Replaced by POL-002"), "%s", out);
	free(out);
	out = th_run(dir, "git log -1 --format=%%B | git interpret-trailers --parse");
	cr_assert_str_eq(out, "Record: POL-001\nClause: 5.2\n");
	free(out);
	expect_output(dir, "git show --name-status --format= HEAD", "M\tpolicies/POL-001.yaml\n");
	expect_output(dir, "git status --porcelain", "");
	isms_record_free(rec);

	/* Still there, and still a valid record. */
	rec = load_ok(store, id);
	cr_assert_str_eq(isms_map_get_text(rec->root, "status"), "retired");
	isms_record_free(rec);
	free(id);
	isms_store_free(store);
	free(dir);
}

/* Listing and checking */

Test(store, list_is_sorted_with_status_title_and_errors)
{
	char *dir, *id;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	struct isms_entries list;
	char commit[ISMS_OID_HEX];
	static const char *const want[] = {
		"policies/POL-001.yaml", "policies/POL-002.yaml", "policies/POL-003.yaml",
		"policies/POL-010.yaml",
	};

	cr_assert_eq(isms_store_list(&list, store, NULL), 0);
	cr_assert_eq(list.count, 0, "a new ISMS has no records");
	isms_entries_free(&list);

	th_write(dir, "policies/POL-010.yaml",
		 "id: POL-010\nkind: policy\ntitle: Written by hand\nstatus: in-review\n");
	free(th_run(dir, "git add policies && git commit -q -m 'by hand'"));
	th_write(dir, "policies/POL-003.yaml", "id: POL-003\ntitle: [broken\n");
	free(th_run(dir, "touch policies/.hidden.yaml policies/notes.txt"));
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), "POL-002"), 0);
	set(rec, "title", "Beta");
	set(rec, "status", "in-review");
	save_ok(commit, store, rec);
	isms_record_free(rec);
	id = new_record(store, "policy", "POL-001", "Alpha");
	free(id);
	id = new_record(store, "risk", NULL, "Flood");
	free(id);
	id = new_record(store, "control", "A.5.1", "Policies for information security");
	free(id);

	cr_assert_eq(isms_store_list(&list, store, kind("policy")), 0);
	cr_assert_eq(list.count, 4);
	for (size_t i = 0; i < list.count; i++) {
		cr_assert_str_eq(list.items[i].path, want[i]);
		cr_assert_eq(list.items[i].kind, kind("policy"));
	}
	cr_assert_str_eq(list.items[0].id, "POL-001");
	cr_assert_str_eq(list.items[0].status, "draft");
	cr_assert_str_eq(list.items[0].title, "Alpha");
	cr_assert_null(list.items[0].error);
	cr_assert_str_eq(list.items[1].id, "POL-002");
	cr_assert_str_eq(list.items[1].status, "in-review");
	cr_assert_str_eq(list.items[1].title, "Beta");
	cr_assert_str_eq(list.items[2].id, "POL-003");
	cr_assert_not_null(list.items[2].error, "a broken file is listed with its error");
	cr_assert(th_has(list.items[2].error, "POL-003.yaml:"), "%s", list.items[2].error);
	cr_assert_str_eq(list.items[3].id, "POL-010");
	cr_assert_str_eq(list.items[3].status, "in-review");
	cr_assert_str_eq(list.items[3].title, "Written by hand");
	isms_entries_free(&list);

	/* All kinds: every record, each kind's records sorted by path. */
	cr_assert_eq(isms_store_list(&list, store, NULL), 0);
	cr_assert_eq(list.count, 6);
	for (size_t i = 1; i < list.count; i++)
		if (list.items[i].kind == list.items[i - 1].kind)
			cr_assert_lt(strcmp(list.items[i - 1].path, list.items[i].path), 0);
	{
		bool risk = false, control = false;

		for (size_t i = 0; i < list.count; i++) {
			if (strcmp(list.items[i].path, "risks/RSK-001.yaml") == 0) {
				risk = true;
				cr_assert_str_eq(list.items[i].title, "Flood");
				cr_assert_str_eq(list.items[i].status, "identified");
			}
			if (strcmp(list.items[i].path, "controls/A.5.1.yaml") == 0) {
				control = true;
				cr_assert_str_eq(list.items[i].id, "A.5.1");
				cr_assert_eq(list.items[i].kind, kind("control"));
			}
		}
		cr_assert(risk && control);
	}
	isms_entries_free(&list);
	cr_assert_eq(isms_store_list(&list, store, kind("document")), 0);
	cr_assert_eq(list.count, 0);
	isms_entries_free(&list);
	isms_store_free(store);
	free(dir);
}

Test(store, check_of_a_clean_repository_reports_nothing)
{
	char *dir;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_report report;
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];
	size_t added;

	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_eq(report.count, 0, "%s", report.count ? report.files[0].path : "");
	isms_report_free(&report);
	free(new_record(store, "policy", NULL, "Good"));
	/* A risk that the rules accept: an owner, and a level the method accepts. */
	cr_assert_eq(isms_store_create(&rec, store, kind("risk"), NULL), 0);
	set(rec, "title", "Flood");
	set(rec, "owner", "Ann");
	set(rec, "likelihood", "1");
	set(rec, "impact", "2");
	set(rec, "assessed_on", "2026-01-01");
	save_ok(commit, store, rec);
	isms_record_free(rec);
	/* A whole Statement of Applicability, undecided. */
	cr_assert_eq(isms_store_soa_init(commit, &added, store, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_eq(added, 93);
	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_eq(report.count, 0, "%s: %s", report.count ? report.files[0].path : "",
		     report.count ? report.files[0].findings.items[0].message : "");
	isms_report_free(&report);
	isms_store_free(store);
	free(dir);
}

Test(store, check_reports_broken_and_invalid_records_with_positions)
{
	char *dir, *before, *after;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_report report;
	const struct isms_file_findings *ff;
	const struct isms_finding *f;

	free(new_record(store, "policy", NULL, "Good"));
	th_write(dir, "policies/POL-002.yaml", "id: POL-002\nkind: policy\ntitle: [unclosed\n");
	th_write(dir, "policies/POL-003.yaml",
		 "id: POL-003\nkind: policy\ntitle: Invalid\nstatus: maybe\n");
	th_write(dir, "risks/RSK-001.yaml",
		 "id: RSK-001\nkind: risk\ntitle: Flood\nstatus: identified\nlikelihood: 9\n");
	before = th_run(dir, "git status --porcelain --untracked-files=all; cat policies/* risks/* | md5sum");

	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_eq(report.count, 3);
	cr_assert_null(report_for(&report, "policies/POL-001.yaml"), "the good record is clean");

	cr_assert_not_null(ff = report_for(&report, "policies/POL-002.yaml"));
	cr_assert_geq(ff->findings.count, 1);
	cr_assert_eq(ff->findings.items[0].severity, ISMS_SEV_ERROR);
	cr_assert_eq(ff->findings.items[0].line, 4);
	cr_assert_eq(ff->findings.items[0].column, 1);

	cr_assert_not_null(ff = report_for(&report, "policies/POL-003.yaml"));
	cr_assert_not_null(f = find(&ff->findings, "allowed values"));
	cr_assert_eq(f->line, 4);
	cr_assert_eq(f->column, 9);

	cr_assert_not_null(ff = report_for(&report, "risks/RSK-001.yaml"));
	cr_assert_not_null(f = find(&ff->findings, "above the top of the likelihood scale (5)"));
	cr_assert_eq(f->line, 5);
	cr_assert_eq(f->column, 13);
	isms_report_free(&report);

	after = th_run(dir, "git status --porcelain --untracked-files=all; cat policies/* risks/* | md5sum");
	cr_assert_str_eq(before, after, "check changes nothing");
	free(before);
	free(after);
	isms_store_free(store);
	free(dir);
}

Test(store, a_broken_isms_yaml_is_reported_and_the_store_still_opens)
{
	char *dir;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec = (struct isms_record *)&rec;
	struct isms_report report;
	const struct isms_file_findings *ff;

	free(new_record(store, "policy", NULL, "Good"));
	isms_store_free(store);
	write_and_commit(dir, "isms.yaml", "isms: 1\norganisation: [broken\n");
	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	cr_assert_str_eq(isms_store_organisation(store), "");
	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_eq(report.count, 1);
	cr_assert_not_null(ff = report_for(&report, "isms.yaml"));
	cr_assert_geq(ff->findings.count, 1);
	cr_assert_gt(ff->findings.items[0].line, 0);
	cr_assert_gt(ff->findings.items[0].column, 0);
	isms_report_free(&report);
	cr_assert_eq(isms_store_create(&rec, store, kind("policy"), NULL), ISMS_EINVALID,
		     "nothing is written on a guess");
	cr_assert_null(rec);
	cr_assert(th_has(isms_error_last()->message, "isms.yaml"), "%s",
		  isms_error_last()->message);
	isms_store_free(store);

	/* Parseable but wrong: each setting at its place. */
	write_and_commit(dir, "isms.yaml", "isms: 2\norganisation: Test Org\nid_digits: 12\n");
	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	cr_assert_eq(isms_store_check(&report, store), 0);
	cr_assert_not_null(ff = report_for(&report, "isms.yaml"));
	cr_assert_eq(ff->findings.count, 2);
	cr_assert_eq(ff->findings.items[0].line, 1);
	cr_assert_eq(ff->findings.items[0].column, 7);
	cr_assert_eq(ff->findings.items[1].line, 3);
	cr_assert_eq(ff->findings.items[1].column, 12);
	isms_report_free(&report);
	isms_store_free(store);
	free(dir);
}

/* Locks */

/* With the index locked, the save is refused with ISMS_ELOCKED before
 * anything is written: no commit, the file as it was, and the lock stays. */
Test(store, a_locked_index_gives_elocked_and_nothing_is_written)
{
	static const char before[] = "id: POL-001\nkind: policy\ntitle: Locked\nstatus: draft\n";
	char *dir, *id, *head, *text;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];

	id = new_record(store, "policy", NULL, "Locked");
	expect_file(dir, "policies/POL-001.yaml", before);
	rec = load_ok(store, id);
	head = head_of(dir);
	th_write(dir, ".git/index.lock", "");
	set(rec, "owner", "Bob");
	memset(commit, 'x', sizeof(commit));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_ELOCKED);
	cr_assert_str_eq(commit, "");
	cr_assert(th_has(isms_error_last()->message, "index.lock"), "%s",
		  isms_error_last()->message);
	/* Refused before writing: the file is as it was. */
	text = th_read(dir, "policies/POL-001.yaml");
	cr_assert_str_eq(text, before);
	cr_assert_not(th_has(isms_error_last()->message, "saved"),
		      "nothing was written, so nothing may claim to be saved: %s",
		      isms_error_last()->message);
	free(text);
	expect_head(dir, head);
	free(th_run(dir, "test -f .git/index.lock && test ! -s .git/index.lock"));

	/* Once the other process is done, saving again commits the change. */
	free(th_run(dir, "rm .git/index.lock"));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_eq(strlen(commit), 40);
	expect_output(dir, "git show HEAD:policies/POL-001.yaml | grep owner", "owner: Bob\n");
	expect_output(dir, "git status --porcelain", "");
	isms_record_free(rec);
	free(head);
	free(id);
	isms_store_free(store);
	free(dir);
}

/* A lock on the branch (a git command moving it, or one that died) is
 * found before anything is written: the file is as it was, and the message
 * names the lock. */
Test(store, a_locked_branch_is_refused_before_anything_is_written)
{
	char *dir, *id, *head, *text, *branch, *lock;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX];

	id = new_record(store, "policy", NULL, "Locked");
	rec = load_ok(store, id);
	head = head_of(dir);
	branch = isms_repo_branch(isms_store_repo(store));
	lock = isms_asprintf(".git/refs/heads/%s.lock", branch);
	th_write(dir, lock, "someone else's\n");
	set(rec, "owner", "Bob");
	memset(commit, 'x', sizeof(commit));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_ELOCKED, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(commit, "");
	cr_assert(th_has(isms_error_last()->message, lock), "%s", isms_error_last()->message);
	cr_assert_not(th_has(isms_error_last()->message, "saved"), "%s",
		      isms_error_last()->message);
	text = th_read(dir, "policies/POL-001.yaml");
	cr_assert_not(th_has(text, "owner: Bob\n"), "nothing is written: %s", text);
	free(text);
	expect_head(dir, head);
	expect_file(dir, lock, "someone else's\n");
	expect_output(dir, "git status --porcelain", "");

	/* Once the lock is gone, saving again commits the change. */
	free(th_run(dir, "rm '%s'", lock));
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), 0, "%s",
		     isms_error_last()->message);
	cr_assert_eq(strlen(commit), 40);
	expect_output(dir, "git show HEAD:policies/POL-001.yaml | grep owner", "owner: Bob\n");
	expect_output(dir, "git status --porcelain", "");
	isms_record_free(rec);
	free(lock);
	free(branch);
	free(head);
	free(id);
	isms_store_free(store);
	free(dir);
}

Test(store, saves_take_turns)
{
	char *dir, *lockpath, *text;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	char commit[ISMS_OID_HEX], *id = new_record(store, "policy", NULL, "Turns");
	int fd;

	/* Another isms process holds the save lock (flock: per open file);
	 * this test need not wait the five seconds for it. */
	isms_store_set_lock_wait(store, 100);
	lockpath = isms_path_join(dir, ".git/isms/save.lock");
	cr_assert_geq(fd = open(lockpath, O_RDWR | O_CREAT, 0600), 0);
	cr_assert_eq(flock(fd, LOCK_EX), 0);
	rec = load_ok(store, id);
	set(rec, "owner", "Eve");
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), ISMS_ELOCKED);
	text = th_read(dir, "policies/POL-001.yaml");
	cr_assert_not(th_has(text, "Eve"), "nothing written while another save runs");
	free(text);
	close(fd);  /* the other process ends */
	cr_assert_eq(isms_store_save(commit, store, rec, NULL), 0, "%s", isms_error_last()->message);
	isms_record_free(rec);
	isms_store_free(store);
	free(lockpath);
	free(id);
	free(dir);
}

Test(store, numbering_ignores_numbers_too_large_to_count_on)
{
	char *dir, *id;
	struct isms_store *store = new_store(NULL, &dir);

	th_write(dir, "risks/RSK-99999999999999999999.yaml", "id: x\n");
	id = new_record(store, "risk", NULL, "After a huge one");
	cr_assert_str_eq(id, "RSK-001");
	free(id);
	id = new_record(store, "risk", NULL, "Next");
	cr_assert_str_eq(id, "RSK-002");
	free(id);
	isms_store_free(store);
	free(dir);
}

/* Approval and what changed since */

Test(store, changes_since_an_approval_given_as_another_person)
{
	char *dir, *id, *out;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec;
	struct isms_approval approval;
	struct isms_changes c;
	struct isms_buf text = ISMS_BUF_INIT;
	struct isms_ident board = { .name = "Bea Board", .email = "bea@example.org",
				    .time = 1773655200, .offset = 60 };  /* 2026-03-16 */
	char commit[ISMS_OID_HEX], version[ISMS_VERSION_MAX];

	id = new_record(store, "policy", NULL, "Rules");
	rec = load_ok(store, id);
	set(rec, "owner", "Alice");
	set(rec, "version", "0.2");
	save_ok(commit, store, rec);
	cr_assert_eq(isms_store_approval_version(version, store, rec), 0);
	cr_assert_str_eq(version, "1.0");
	cr_assert_eq(isms_store_approve_as(commit, &approval, store, rec, "Board meeting", NULL, &board), 0,
		     "%s", isms_error_last()->message);
	cr_assert_str_eq(approval.tag, "approved/POL-001/v1.0");
	isms_approval_free(&approval);
	isms_record_free(rec);
	out = th_run(dir, "git log -1 --format='%%an <%%ae> %%ad %%G?' --date=short");
	cr_assert_str_eq(out, "Bea Board <bea@example.org> 2026-03-16 N\n", "unsigned, by Bea, then");
	free(out);
	out = th_read(dir, "policies/POL-001.yaml");
	cr_assert(th_has(out, "approved_by: Bea Board <bea@example.org>\napproved_on: 2026-03-16\n"),
		  "%s", out);
	free(out);

	rec = load_ok(store, id);
	set(rec, "title", "Better rules");
	save_ok(commit, store, rec);
	cr_assert_eq(isms_store_approval_version(version, store, rec), 0);
	cr_assert_str_eq(version, "2.0");
	isms_record_free(rec);

	cr_assert_eq(isms_store_changes_since(&c, store, id, "approved"), 0, "%s",
		     isms_error_last()->message);
	cr_assert_str_eq(c.label, "approved/POL-001/v1.0");
	cr_assert_str_eq(c.path, "policies/POL-001.yaml");
	cr_assert_eq(c.log.count, 1, "the edit after the approval");
	cr_assert_eq(c.count, 1);
	cr_assert_eq(c.items[0].type, ISMS_CHANGE_CHANGED);
	cr_assert_str_eq(c.items[0].title, "Better rules");
	cr_assert_eq(c.approval_count, 0);
	isms_changes_format(&text, &c);
	cr_assert(th_has(isms_buf_cstr(&text), "): 1 commit\n  changed   POL-001      Better rules\n"),
		  "%s", isms_buf_cstr(&text));
	isms_buf_free(&text);
	isms_changes_free(&c);

	/* The whole ISMS since its first commit: the record added, the approval given. */
	out = th_run(dir, "git rev-list --max-parents=0 HEAD");
	out[strcspn(out, "\n")] = '\0';
	cr_assert_eq(isms_store_changes_since(&c, store, NULL, out), 0, "%s", isms_error_last()->message);
	cr_assert_null(c.path);
	cr_assert_eq(c.count, 1);
	cr_assert_eq(c.items[0].type, ISMS_CHANGE_ADDED);
	cr_assert_eq(c.approval_count, 1);
	cr_assert_str_eq(c.approvals[0].id, "POL-001");
	cr_assert_str_eq(c.approvals[0].version, "1.0");
	cr_assert_str_eq(c.approvals[0].by, "Bea Board <bea@example.org>");
	cr_assert(!c.approvals[0].self_approved);
	isms_changes_free(&c);
	free(out);

	cr_assert_eq(isms_store_changes_since(&c, store, NULL, "approved"), ISMS_EINVALID,
		     "approved needs a record");
	cr_assert_eq(isms_store_changes_since(&c, store, NULL, "no-such-revision"), ISMS_ENOTFOUND);
	free(id);
	isms_store_free(store);
	free(dir);
}

/* What is approved or reviewed is what the approver was shown: a commit
 * made meanwhile refuses it, and the refusal says which happened. */
Test(store, approval_and_review_refuse_a_file_other_than_the_one_shown)
{
	char *dir, *id;
	struct isms_store *store = new_store(NULL, &dir);
	struct isms_record *rec, *stale;
	struct isms_approval approval;
	struct isms_ident board = { .name = "Bea Board", .email = "bea@example.org",
				    .time = 1773655200, .offset = 60 };
	char commit[ISMS_OID_HEX], shown[ISMS_OID_HEX];

	id = new_record(store, "policy", NULL, "Rules");
	rec = load_ok(store, id);
	set(rec, "owner", "Alice");
	save_ok(commit, store, rec);
	isms_record_free(rec);
	stale = load_ok(store, id);
	memcpy(shown, stale->base, sizeof(shown));
	cr_assert_eq(isms_store_review_ready(store, stale, shown, true), 0, "%s",
		     isms_error_last()->message);

	/* Someone commits meanwhile. */
	rec = load_ok(store, id);
	set(rec, "title", "Other rules");
	save_ok(commit, store, rec);
	isms_record_free(rec);

	/* The record read before: changed since it was read, not "not committed". */
	cr_assert_eq(isms_store_review_ready(store, stale, NULL, false), ISMS_ECONFLICT);
	cr_assert(th_has(isms_error_last()->message, "changed since it was read"), "%s",
		  isms_error_last()->message);
	cr_assert_eq(isms_store_review(commit, store, stale, "approve", "Fine", NULL), ISMS_ECONFLICT);
	cr_assert(th_has(isms_error_last()->message, "changed since it was read"), "%s",
		  isms_error_last()->message);
	isms_record_free(stale);

	/* Read again, but what was shown is the older file. */
	rec = load_ok(store, id);
	cr_assert_eq(isms_store_approve_as(commit, &approval, store, rec, NULL, shown, &board),
		     ISMS_ECONFLICT);
	cr_assert(th_has(isms_error_last()->message, "changed since it was shown"), "%s",
		  isms_error_last()->message);
	cr_assert_eq(commit[0], '\0');
	isms_approval_free(&approval);
	cr_assert_eq(isms_store_review(commit, store, rec, "approve", "Fine", shown), ISMS_ECONFLICT);
	/* Shown the file committed: approved. */
	cr_assert_eq(isms_store_approve_as(commit, &approval, store, rec, NULL, rec->base, &board), 0,
		     "%s", isms_error_last()->message);
	isms_approval_free(&approval);
	isms_record_free(rec);

	/* Changes not committed are still that. */
	rec = load_ok(store, id);
	th_run(dir, "echo '# note' >> policies/POL-001.yaml");
	cr_assert_eq(isms_store_review_ready(store, rec, NULL, false), ISMS_ECONFLICT);
	cr_assert(th_has(isms_error_last()->message, "has changes that are not committed"), "%s",
		  isms_error_last()->message);
	isms_record_free(rec);
	isms_store_free(store);
	free(id);
	free(dir);
}

/* The one rule for _free: NULL is fine, and nothing happens. */
Test(store, every_free_accepts_null)
{
	isms_repo_free(NULL);
	isms_repo_txn_free(NULL);
	isms_log_free(NULL);
	isms_status_free(NULL);
	isms_store_free(NULL);
	isms_record_free(NULL);
	isms_approval_free(NULL);
	isms_unfinished_free(NULL);
	isms_changes_free(NULL);
	isms_entries_free(NULL);
	isms_records_free(NULL);
	isms_report_free(NULL);
	isms_doccontrol_free(NULL);
	isms_sync_result_free(NULL);
	isms_buf_free(NULL);
	isms_node_free(NULL);
	isms_findings_free(NULL);
}
