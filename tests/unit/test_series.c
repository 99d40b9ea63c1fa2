/* SPDX-License-Identifier: MIT */
/* A measurement's values over time (isms_store_series) from a real
 * repository whose commits the real binary made under pinned dates: one
 * point per commit that changed result or measured_on, in date order;
 * results read as numbers where they start with one; targets read as a
 * direction and a number. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/store.h"

static void setup(void)
{
	th_pin_env();
}

TestSuite(series, .init = setup, .timeout = 60);


static struct isms_store *open_store(const char *dir)
{
	struct isms_store *store = NULL;

	cr_assert_eq(isms_store_open(&store, dir), 0, "%s", isms_error_last()->message);
	return store;
}

Test(series, each_committed_value_once_in_date_order)
{
	char *dir = th_fresh_isms(), *index;
	struct isms_store *store;
	struct isms_series s;

	th_isms_on(dir, "2026-01-02", "new objective --set 'title=Patch quickly' --set 'target=>= 95%'");
	th_isms_on(dir, "2026-01-02", "new measurement --set 'title=Patch rate' --set objective=OBJ-001");
	th_isms_on(dir, "2026-02-01", "set MEA-001 result=80% measured_on=2026-01-31");
	th_isms_on(dir, "2026-03-01", "set MEA-001 result=88% measured_on=2026-02-28");
	/* A change of another field is no new value. */
	th_isms_on(dir, "2026-03-02", "set MEA-001 'title=Critical patch rate'");
	/* A value of the same day corrected: the later stands. */
	th_isms_on(dir, "2026-03-03", "set MEA-001 result=89%");
	/* A value entered late, for a date before the last one. */
	th_isms_on(dir, "2026-05-01", "set MEA-001 'result=96.5 %' measured_on=2026-04-30");
	th_isms_on(dir, "2026-05-02", "set MEA-001 'result=93' measured_on=2026-03-31");
	th_isms_on(dir, "2026-06-01", "set MEA-001 'result=not measured: system down' measured_on=2026-05-31");
	store = open_store(dir);
	cr_assert_eq(isms_store_series(&s, store, "MEA-001"), 0, "%s", isms_error_last()->message);
	cr_assert_eq(s.count, 5, "got %zu points", s.count);
	cr_assert_str_eq(s.items[0].date, "2026-01-31");
	cr_assert_str_eq(s.items[0].text, "80%");
	cr_assert(s.items[0].numeric && s.items[0].value == 80);
	cr_assert_str_eq(s.items[1].date, "2026-02-28");
	cr_assert_str_eq(s.items[1].text, "89%", "the correction stands");
	cr_assert_str_eq(s.items[2].date, "2026-03-31");
	cr_assert(s.items[2].numeric && s.items[2].value == 93);
	cr_assert_str_eq(s.items[3].date, "2026-04-30");
	cr_assert(s.items[3].numeric && s.items[3].value == 96.5, "%f", s.items[3].value);
	cr_assert_str_eq(s.items[4].text, "not measured: system down");
	cr_assert(!s.items[4].numeric, "text stays text");
	cr_assert_eq(s.unreadable, 0);
	/* Each point names the commit that recorded it. */
	{
		char *want = th_git(dir, "log -1 --format=%H --before=2026-05-01T13:00:00Z");

		cr_assert_str_eq(s.items[3].commit, want);
		free(want);
	}
	/* The history came from the index, which the read kept. */
	index = isms_asprintf("%s/.git/isms/histindex", dir);
	cr_assert_eq(access(index, R_OK), 0, "no history index at %s", index);
	free(index);
	isms_series_free(&s);
	/* An objective (no result) and a record never committed have empty
	 * series; what is no ID is refused. */
	cr_assert_eq(isms_store_series(&s, store, "OBJ-001"), 0);
	cr_assert_eq(s.count, 0);
	isms_series_free(&s);
	cr_assert_eq(isms_store_series(&s, store, "MEA-009"), 0);
	cr_assert_eq(s.count, 0);
	isms_series_free(&s);
	cr_assert_lt(isms_store_series(&s, store, "../MEA-001"), 0);
	isms_store_free(store);
	free(dir);
}

Test(series, values_and_targets_read_as_numbers)
{
	enum isms_target_dir dir;
	double v;

	cr_assert(isms_number_lead("96", &v) && v == 96);
	cr_assert(isms_number_lead("96%", &v) && v == 96);
	cr_assert(isms_number_lead(" 4.5 h", &v) && v == 4.5);
	cr_assert(isms_number_lead("-3 incidents", &v) && v == -3);
	cr_assert(!isms_number_lead("about 5", &v));
	cr_assert(!isms_number_lead("", &v));
	cr_assert(!isms_number_lead(NULL, &v));
	cr_assert(isms_target_parse(">= 95%", &dir, &v) && dir == ISMS_TARGET_AT_LEAST && v == 95);
	cr_assert(isms_target_parse("95%", &dir, &v) && dir == ISMS_TARGET_AT_LEAST && v == 95);
	cr_assert(isms_target_parse("<= 4 hours", &dir, &v) && dir == ISMS_TARGET_AT_MOST && v == 4);
	cr_assert(isms_target_parse("at most 2", &dir, &v) && dir == ISMS_TARGET_AT_MOST && v == 2);
	cr_assert(isms_target_parse("< 5", &dir, &v) && dir == ISMS_TARGET_BELOW && v == 5);
	cr_assert(isms_target_parse("over 90", &dir, &v) && dir == ISMS_TARGET_ABOVE && v == 90);
	cr_assert(!isms_target_parse("all staff trained", &dir, &v));
	cr_assert(isms_target_met(ISMS_TARGET_AT_LEAST, 95, 95));
	cr_assert(!isms_target_met(ISMS_TARGET_AT_LEAST, 95, 94.9));
	cr_assert(isms_target_met(ISMS_TARGET_AT_MOST, 4, 3.5));
	cr_assert(!isms_target_met(ISMS_TARGET_AT_MOST, 4, 4.5));
	cr_assert(!isms_target_met(ISMS_TARGET_BELOW, 5, 5));
	cr_assert(!isms_target_met(ISMS_TARGET_ABOVE, 90, 90));
}
