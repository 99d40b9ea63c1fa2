/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "isms/error.h"
#include "isms/kind.h"
#include "isms/validate.h"
#include "isms/yaml.h"

Test(id, accepts_record_and_control_ids)
{
	const char *good[] = { "POL-001", "RSK-0007", "A.5.15", "DOC-1", "x", "a_b-c.d" };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert_eq(isms_id_check(good[i]), 0, "%s", good[i]);
}

Test(id, refuses_anything_that_could_escape_or_confuse_a_path)
{
	char long_id[66];
	const char *bad[] = { "", "..", ".git", ".hidden", "../etc/passwd", "a/b", "a\\b",
			      "a..b", "a.", "-x", "a b", "a\tb", "a\nb", "caf\xc3\xa9",
			      "POL-001.yaml/x", "~root", "$HOME", long_id };

	memset(long_id, 'a', 65);
	long_id[65] = '\0';
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(isms_id_check(bad[i]), ISMS_EINVALID, "accepted '%s'", bad[i]);
		cr_assert_neq(isms_error_last()->message[0], '\0');
	}
	long_id[64] = '\0';
	cr_assert_eq(isms_id_check(long_id), 0, "64 characters is the limit, not over it");
}

Test(kind, finds_kinds_by_name_folder_and_id_shape)
{
	cr_assert_str_eq(isms_kind_find("policy")->folder, "policies");
	cr_assert_str_eq(isms_kind_by_folder("risks")->name, "risk");
	cr_assert_null(isms_kind_find("Policy"));
	cr_assert_str_eq(isms_kind_for_id("POL-001")->name, "policy");
	cr_assert_str_eq(isms_kind_for_id("A.8.34")->name, "control");
	cr_assert_str_eq(isms_kind_for_id("DOC-12")->name, "document");
	cr_assert_null(isms_kind_for_id("A.9.1"));
	cr_assert_null(isms_kind_for_id("A.5.0"));
	cr_assert_null(isms_kind_for_id("POL-"));
	cr_assert_null(isms_kind_for_id("POL-1a"));
}

Test(kind, every_kind_starts_with_id_kind_title_status)
{
	for (size_t i = 0; i < isms_kind_count(); i++) {
		const struct isms_kind *k = isms_kind_at(i);

		cr_assert_str_eq(k->fields[0].name, "id");
		cr_assert_str_eq(k->fields[1].name, "kind");
		cr_assert_str_eq(k->fields[2].name, "title");
		cr_assert_str_eq(k->fields[3].name, "status");
		cr_assert_not_null(isms_kind_field(k, "retired_on"), "%s cannot be retired", k->name);
	}
}

static struct isms_findings validate(const char *yaml, const char *kind, const char *id)
{
	struct isms_findings f = ISMS_FINDINGS_INIT;
	struct isms_node *root;

	cr_assert_eq(isms_yaml_load(&root, NULL, yaml, strlen(yaml), "t.yaml", NULL), 0,
		     "%s", isms_error_last()->message);
	isms_record_validate(&f, root, isms_kind_find(kind), id);
	isms_node_free(root);
	return f;
}

Test(validate, a_complete_record_has_no_findings)
{
	struct isms_findings f = validate(
		"id: RSK-001\nkind: risk\ntitle: Flood\nstatus: assessed\nlikelihood: 3\nassessed_on: 2026-01-01\n"
		"impact: 5\ncontrols:\n- A.5.1\nunknown_field: kept\n", "risk", "RSK-001");

	cr_assert_eq(f.count, 0, "%s", f.count ? f.items[0].message : "");
	isms_findings_free(&f);
}

Test(validate, each_problem_is_reported_at_its_value)
{
	struct isms_findings f = validate(
		"id: RSK-002\n"          /* 1: does not match the file name */
		"kind: policy\n"         /* 2: wrong kind for the folder */
		"status: maybe\n"        /* 3: not an allowed value */
		"likelihood: 0\n"        /* 4: not a level of the scale */
		"impact: high\n"         /* 5: not a number */
		"accepted_on: 2026-02-30\n" /* 6: not a date */
		"controls: A.5.1\n",     /* 7: not a list */
		"risk", "RSK-001");
	static const struct { unsigned line; const char *phrase; } want[] = {
		{ 1, "file is named for 'RSK-001'" }, { 2, "folder for 'risk'" },
		{ 3, "allowed values" }, { 4, "level of the likelihood scale" },
		{ 5, "level of the impact scale" },
		{ 6, "YYYY-MM-DD" }, { 7, "list of IDs" }, { 1, "'title' is missing" },
		{ 4, "assessed, but when?" },
	};

	cr_assert_eq(f.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		bool found = false;

		for (size_t j = 0; j < f.count; j++)
			if (f.items[j].line == want[i].line && strstr(f.items[j].message, want[i].phrase))
				found = true;
		cr_assert(found, "no finding on line %u with '%s'", want[i].line, want[i].phrase);
	}
	cr_assert_eq(f.items[0].column, 5, "the column of the value");
	isms_findings_free(&f);
}

/* A value that would overwrite or hide its own line in 'isms list'. */
Test(validate, one_line_fields_refuse_carriage_returns_and_blank_values)
{
	struct isms_findings f = validate(
		"id: POL-001\nkind: policy\n"
		"title: \"\\t\"\n"              /* 3: a tab and nothing else */
		"status: draft\n"
		"owner: \"Ana\\rPOL-999\"\n"    /* 5: a carriage return */
		"author: \"\\u00a0 \"\n"        /* 6: blanks of Unicode */
		"retention: \"a\\u2028b\"\n"       /* 7: a YAML line break */
		"version: \"1.0\"\n", "policy", "POL-001");

	cr_assert_eq(f.count, 4, "%zu findings, the first: %s", f.count,
		     f.count ? f.items[0].message : "");
	cr_assert_eq(f.items[0].line, 3);
	cr_assert_eq(f.items[0].column, 8);
	cr_assert(strstr(f.items[0].message, "'title' is only white space; write some text"));
	cr_assert_null(strstr(f.items[0].message, "remove"), "title is required: %s",
		       f.items[0].message);
	cr_assert_eq(f.items[1].line, 5);
	cr_assert(strstr(f.items[1].message, "'owner' must be one line"), "%s", f.items[1].message);
	cr_assert(strstr(f.items[1].message, "carriage return"), "%s", f.items[1].message);
	cr_assert_eq(f.items[2].line, 6);
	cr_assert(strstr(f.items[2].message, "'author' is only white space; write some text, "
			 "or remove the field"), "%s", f.items[2].message);
	cr_assert_eq(f.items[3].line, 7);
	cr_assert(strstr(f.items[3].message, "'retention' must be one line"),
		  "%s", f.items[3].message);
	isms_findings_free(&f);

	f = validate("id: POL-001\nkind: policy\ntitle: \"Tab\\tinside\"\nstatus: draft\n",
		     "policy", "POL-001");
	cr_assert_eq(f.count, 0, "a tab inside a title is text: %s",
		     f.count ? f.items[0].message : "");
	isms_findings_free(&f);
}

Test(validate, a_record_must_be_a_mapping)
{
	struct isms_findings f = validate("- a\n- b\n", "policy", "POL-001");

	cr_assert_eq(isms_findings_errors(&f), 1);
	cr_assert(strstr(f.items[0].message, "mapping"));
	isms_findings_free(&f);
}

Test(validate, field_values_take_the_field_type)
{
	const struct isms_kind *risk = isms_kind_find("risk");
	struct isms_node *n;

	n = isms_field_value(risk, "title", "yes");
	cr_assert_eq(n->scalar, ISMS_SCALAR_STR, "text stays text even when it looks like a bool");
	isms_node_free(n);
	n = isms_field_value(risk, "likelihood", "3");
	cr_assert_eq(n->scalar, ISMS_SCALAR_INT);
	isms_node_free(n);
	n = isms_field_value(risk, "controls", " A.5.1, A.8.13 ,,");
	cr_assert_eq(n->type, ISMS_NODE_SEQ);
	cr_assert_eq(n->count, 2);
	cr_assert_str_eq(n->items[1]->text, "A.8.13");
	isms_node_free(n);
	n = isms_field_value(risk, "not_a_field", "1.5");
	cr_assert_eq(n->scalar, ISMS_SCALAR_FLOAT, "unknown fields are typed as YAML would");
	isms_node_free(n);
}

Test(validate, findings_free_accepts_null_and_an_empty_list)
{
	struct isms_findings f = ISMS_FINDINGS_INIT;

	isms_findings_free(NULL);  /* allowed */
	isms_findings_free(&f);
	cr_assert_null(f.items);
	cr_assert_eq(f.count, 0);
}

Test(kind, decision_fields_name_the_one_act_that_writes_them)
{
	const struct isms_kind *policy = isms_kind_find("policy");
	const struct isms_kind *risk = isms_kind_find("risk");
	const struct isms_kind *nc = isms_kind_find("nonconformity");
	const struct isms_kind *report = isms_kind_find("board-report");

	cr_assert_str_eq(isms_kind_field_act(policy, "approved_by", "Bea"), "approve");
	cr_assert_str_eq(isms_kind_field_act(policy, "status", "approved"), "approve");
	cr_assert_null(isms_kind_field_act(policy, "status", "draft"));
	cr_assert_null(isms_kind_field_act(policy, "title", "Access"));
	cr_assert_str_eq(isms_kind_field_act(risk, "status", "accepted"), "accept");
	cr_assert_str_eq(isms_kind_field_act(risk, "accepted_by", "Owen"), "accept");
	cr_assert_str_eq(isms_kind_field_act(risk, "plan_approved_on", "2026-01-01"), "approve-plan");
	cr_assert_null(isms_kind_field_act(risk, "status", "assessed"));
	cr_assert_str_eq(isms_kind_field_act(nc, "status", "closed"), "close");
	cr_assert_str_eq(isms_kind_field_act(nc, "closed_by", "Ida"), "close");
	cr_assert_null(isms_kind_field_act(nc, "status", "in-progress"));
	cr_assert_str_eq(isms_kind_field_act(report, "acknowledged_by", "Board"), "acknowledge");
	cr_assert_str_eq(isms_kind_field_act(isms_kind_find("management-review"), "approved_on",
					     "2026-01-01"), "approve");
	cr_assert_null(isms_kind_field_act(risk, "no_such_field", "x"));
}

Test(kind, every_field_name_has_one_number_and_the_number_gives_it_back)
{
	unsigned most = 0;

	for (size_t k = 0; k < isms_kind_count(); k++) {
		const struct isms_kind *kind = isms_kind_at(k);

		for (size_t i = 0; i < kind->field_count; i++) {
			const char *name = kind->fields[i].name;
			unsigned n = isms_field_name_number(name);

			cr_assert_gt(n, 0, "%s.%s has a number", kind->name, name);
			cr_assert_str_eq(isms_field_name(n), name);
			most = n > most ? n : most;
		}
	}
	cr_assert_null(isms_field_name(0));
	cr_assert_null(isms_field_name(most + 1));
	cr_assert_eq(isms_field_name_number("no such field"), 0);
	cr_assert_eq(isms_field_name_number(""), 0);
}
