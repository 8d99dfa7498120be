// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_cpu.c - CPU time and the cpu / cpuacct controllers through the public
 * API (spec 1.2, 8.2, 9 item 17): cpu.stat / cpu.stat.local in every cgroup,
 * usage rolling up the tree and kept after exit and migration; every v2
 * file's parsing, ranges, errno and read-back (cpu.weight, weight.nice,
 * idle, max, max.burst); cpu.max throttling a child through its parent's
 * quota with nr_periods / nr_throttled / throttled_usec as periods elapse,
 * debt over several periods, bursts, a quota change ending a throttle; v1
 * files (shares clamped, cfs_quota_us / cfs_period_us, the parent ratio
 * rule, cpu.stat keys) and cpuacct.  Each test builds its own engine on
 * host-sim (clock starting at 1 s) and destroys it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ucg/ucg.h>

#include "helpers.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MS 1000000ULL

/* The value of @key in flat-keyed file @path; fails the test if absent. */
static long long keyed(struct th *t, const char *path, const char *key)
{
	int err = 0;
	char *s = th_read(t->m, path, &t->root, &err);
	long long v = -1;
	const char *p;
	size_t n = strlen(key);

	if (!s)
		fail_msg("read %s: %d", path, err);
	for (p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, key, n) && p[n] == ' ') {
			v = atoll(p + n + 1);
			break;
		}
	}
	free(s);
	if (v < 0)
		fail_msg("%s: no key %s", path, key);
	return v;
}

#define assert_keyed(t, path, key, v) assert_int_equal(keyed((t), (path), (key)), (v))

/* v2 with cpu enabled from the root down to @depth-1 levels of @dirs. */
static struct th *v2_with_cpu(const char *const *dirs, size_t n)
{
	struct th *t = th_new("cgroup2", NULL);
	char path[256];
	size_t i;

	th_assert_write(t, "/cgroup.subtree_control", "+cpu", 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(ucg_mkdir(t->m, dirs[i], 0755, &t->root), 0);
		snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dirs[i]);
		if (i + 1 < n)
			th_assert_write(t, path, "+cpu", 0);
	}
	return t;
}

/* ---- core accounting ---------------------------------------------------- */

/* cpu.stat exists everywhere, cpu.stat.local too; without the cpu controller
 * only the time lines, with it the bandwidth lines. */
static void test_core_files(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	th_assert_read(t, "/a/cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnice_usec 0\n");
	th_assert_read(t, "/a/cpu.stat.local", "");
	/* the root has the cpu css */
	th_assert_read(t, "/cpu.stat",
		       "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnice_usec 0\n"
		       "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
	th_assert_read(t, "/cpu.stat.local", "throttled_usec 0\n");
	th_assert_write(t, "/a/cpu.stat", "1", -EINVAL);
	th_assert_read(t, "/cgroup.controllers", "cpu io pids rdma\n");
	th_assert_write(t, "/cgroup.subtree_control", "+cpu", 0);
	th_assert_read(t, "/a/cgroup.controllers", "cpu\n");
	th_assert_read(t, "/a/cpu.stat",
		       "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnice_usec 0\n"
		       "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
	th_assert_read(t, "/a/cpu.stat.local", "throttled_usec 0\n");
	/* cpuacct has no v2 interface */
	th_assert_write(t, "/cgroup.subtree_control", "+cpuacct", -EINVAL);
	th_free(t);
}

/* A parent's usage is its own tasks' plus its children's; time stays where
 * it was charged after exit, reap and migration. */
static void test_usage_rollup(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p0, p1, p2, th;
	char buf[16];

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/c", 0755, &t->root), 0);
	p0 = th_spawn(t, "/a/b");
	p1 = th_spawn(t, "/a/c");
	p2 = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p0, &th), 0);
	assert_int_equal(ucg_sim_run(t->ucg, p0, 1 * MS, 0), 0);
	assert_int_equal(ucg_sim_run(t->ucg, th, 0, 500000), 0);
	assert_int_equal(ucg_sim_run(t->ucg, p1, 0, 2 * MS), 0);
	assert_int_equal(ucg_sim_run(t->ucg, p2, 3 * MS, 1500), 0);
	th_assert_read(t, "/a/b/cpu.stat",
		       "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnice_usec 0\n");
	th_assert_read(t, "/a/c/cpu.stat",
		       "usage_usec 2000\nuser_usec 0\nsystem_usec 2000\nnice_usec 0\n");
	th_assert_read(t, "/a/cpu.stat",
		       "usage_usec 6501\nuser_usec 4000\nsystem_usec 2501\nnice_usec 0\n");
	assert_keyed(t, "/cpu.stat", "usage_usec", 6501);

	/* exit and reap: the time stays */
	assert_int_equal(ucg_sim_exit_group(t->ucg, p0), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, p0), 0);
	assert_int_equal(ucg_sim_run(t->ucg, p0, 1, 1), -ESRCH);
	assert_int_equal(ucg_sim_run(t->ucg, th, 1, 1), -ESRCH);
	assert_int_equal(ucg_sim_run(t->ucg, 99999, 1, 1), -ESRCH);
	assert_keyed(t, "/a/b/cpu.stat", "usage_usec", 1500);
	/* rmdir keeps the parent's sum */
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);
	assert_keyed(t, "/a/cpu.stat", "usage_usec", 6501);

	/* migration: old time stays in /a/c, new time goes to /a */
	snprintf(buf, sizeof(buf), "%d", (int)p1);
	th_assert_write(t, "/a/cgroup.procs", buf, 0);
	assert_int_equal(ucg_sim_run(t->ucg, p1, 4 * MS, 0), 0);
	assert_keyed(t, "/a/c/cpu.stat", "usage_usec", 2000);
	assert_keyed(t, "/a/cpu.stat", "usage_usec", 10501);
	assert_keyed(t, "/a/cpu.stat", "user_usec", 8000);
	th_free(t);
}

/* ---- v2 files -------------------------------------------------------------- */

struct file_row {
	const char *file;
	const char *write;   /* NULL: read only */
	int err;
	const char *expect;  /* read back after the write (NULL: skip) */
};

/* Failures report the row index as the line number. */
static void run_rows(struct th *t, const char *dir, const struct file_row *rows, size_t n)
{
	char path[256];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct file_row *r = &rows[i];

		snprintf(path, sizeof(path), "%s/%s", dir, r->file);
		if (r->write)
			th_assert_write_at(t->m, path, r->write, &t->root, r->err, __FILE__,
					   (int)i);
		if (r->expect)
			th_assert_read_at(t->m, path, &t->root, r->expect, __FILE__, (int)i);
	}
}

static const struct file_row v2_rows[] = {
	/* cpu.weight: u64, [1, 10000] else ERANGE, shares round trip */
	{ "cpu.weight", NULL, 0, "100\n" },
	{ "cpu.weight", "0", -ERANGE, "100\n" },
	{ "cpu.weight", "10001", -ERANGE, "100\n" },
	{ "cpu.weight", "18446744073709551616", -ERANGE, "100\n" },
	{ "cpu.weight", "-1", -EINVAL, "100\n" },
	{ "cpu.weight", " 50", -EINVAL, "100\n" },
	{ "cpu.weight", "abc", -EINVAL, "100\n" },
	{ "cpu.weight", "1", 0, "1\n" },
	{ "cpu.weight", "3", 0, "3\n" },
	{ "cpu.weight", "10000", 0, "10000\n" },
	{ "cpu.weight", "50\n", 0, "50\n" },
	{ "cpu.weight.nice", NULL, 0, "3\n" },          /* shares 512: closest 526 */
	{ "cpu.weight", "200", 0, "200\n" },
	{ "cpu.weight.nice", NULL, 0, "-3\n" },         /* 2048: closest 1991 */
	/* cpu.weight.nice: s64, [-20, 19] else ERANGE */
	{ "cpu.weight.nice", "-21", -ERANGE, "-3\n" },
	{ "cpu.weight.nice", "20", -ERANGE, "-3\n" },
	{ "cpu.weight.nice", "x", -EINVAL, "-3\n" },
	{ "cpu.weight.nice", "-20", 0, "-20\n" },
	{ "cpu.weight", NULL, 0, "8668\n" },            /* 88761 */
	{ "cpu.weight.nice", "19", 0, "19\n" },
	{ "cpu.weight", NULL, 0, "1\n" },               /* 15 */
	{ "cpu.weight.nice", "0", 0, "0\n" },
	{ "cpu.weight", NULL, 0, "100\n" },
	/* cpu.idle: 0 or 1 else EINVAL; toggling resets the weight */
	{ "cpu.weight", "300", 0, "300\n" },
	{ "cpu.idle", NULL, 0, "0\n" },
	{ "cpu.idle", "2", -EINVAL, "0\n" },
	{ "cpu.idle", "-1", -EINVAL, "0\n" },
	{ "cpu.idle", "1", 0, "1\n" },
	{ "cpu.weight", NULL, 0, "1\n" },               /* idle weight 3 */
	{ "cpu.weight.nice", NULL, 0, "19\n" },
	{ "cpu.weight", "100", -EINVAL, "1\n" },
	{ "cpu.weight.nice", "0", -EINVAL, "19\n" },
	{ "cpu.idle", "1", 0, "1\n" },
	{ "cpu.idle", "0", 0, "0\n" },
	{ "cpu.weight", NULL, 0, "100\n" },             /* 300 lost */
	/* cpu.max: "QUOTA [PERIOD]" */
	{ "cpu.max", NULL, 0, "max 100000\n" },
	{ "cpu.max", "50000", 0, "50000 100000\n" },
	{ "cpu.max", "max", 0, "max 100000\n" },
	{ "cpu.max", "20000 50000\n", 0, "20000 50000\n" },
	{ "cpu.max", "30000 abc", 0, "30000 50000\n" },  /* period not a number: kept */
	{ "cpu.max", "  40000   60000  ", 0, "40000 60000\n" },
	{ "cpu.max", "max 1000", 0, "max 1000\n" },
	{ "cpu.max", "max 1000000", 0, "max 1000000\n" },
	{ "cpu.max", "max 999", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "max 1000001", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "999", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "0", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "-1", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "+1000", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "abc", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "maxx", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "\n", -EINVAL, "max 1000000\n" },
	{ "cpu.max", "17592186044416", -EINVAL, "max 1000000\n" },      /* 2^44 */
	{ "cpu.max", "17592186044415", 0, "17592186044415 1000000\n" },
	{ "cpu.max", "1000", 0, "1000 1000000\n" },      /* quota above period: fine */
	{ "cpu.max", "5000000 100000", 0, "5000000 100000\n" },
	{ "cpu.max", "10000junk 100000", 0, "10000 100000\n" },
	/* cpu.max.burst: u64, <= quota */
	{ "cpu.max.burst", NULL, 0, "0\n" },
	{ "cpu.max.burst", "10001", -EINVAL, "0\n" },
	{ "cpu.max.burst", "10000", 0, "10000\n" },
	{ "cpu.max", "9999", -EINVAL, "10000 100000\n" }, /* burst above the new quota */
	{ "cpu.max.burst", " 1", -EINVAL, "10000\n" },
	{ "cpu.max.burst", "0", 0, "0\n" },
	{ "cpu.max", "max", 0, "max 100000\n" },
	{ "cpu.max.burst", "20000", 0, "20000\n" },       /* no quota: not checked */
	{ "cpu.max", "10000", -EINVAL, "max 100000\n" },
	{ "cpu.max.burst", "0", 0, "0\n" },
};

static void test_v2_files(void **state)
{
	static const char *const dirs[] = { "/a" };
	struct th *t = v2_with_cpu(dirs, ARRAY_SIZE(dirs));
	static const char *const not_on_root[] = {
		"/cpu.weight", "/cpu.weight.nice", "/cpu.idle", "/cpu.max", "/cpu.max.burst",
	};
	size_t i;

	run_rows(t, "/a", v2_rows, ARRAY_SIZE(v2_rows));
	for (i = 0; i < ARRAY_SIZE(not_on_root); i++)
		th_assert_read_err(t, not_on_root[i], -ENOENT);
	/* v2 does not compare with the parent */
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+cpu", 0);
	th_assert_write(t, "/a/cpu.max", "10000 100000", 0);
	th_assert_write(t, "/a/b/cpu.max", "90000 100000", 0);
	th_assert_write(t, "/a/cpu.max", "5000 100000", 0);
	th_free(t);
}

/* ---- bandwidth ------------------------------------------------------------- */

/* A parent's quota throttles its child; counted at the parent, time shown
 * when the throttle ends; the child's cpu.stat.local counts it too. */
static void test_parent_quota_throttles_child(void **state)
{
	static const char *const dirs[] = { "/p", "/p/c" };
	struct th *t = v2_with_cpu(dirs, ARRAY_SIZE(dirs));
	pid_t pid = th_spawn(t, "/p/c");

	th_assert_write(t, "/p/cpu.max", "50000 100000", 0);
	assert_int_equal(ucg_sim_run(t->ucg, pid, 30 * MS, 0), 0);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 0);
	assert_int_equal(ucg_sim_run(t->ucg, pid, 0, 20 * MS), 0);  /* quota used up */
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 1);
	th_assert_read(t, "/p/cpu.stat",
		       "usage_usec 50000\nuser_usec 30000\nsystem_usec 20000\nnice_usec 0\n"
		       "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
	ucg_sim_advance(t->ucg, 50 * MS);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 1);
	th_assert_read(t, "/p/c/cpu.stat.local", "throttled_usec 0\n"); /* not over yet */
	/* a cgroup made now starts throttled with its parent */
	assert_int_equal(ucg_mkdir(t->m, "/p/d", 0755, &t->root), 0);
	ucg_sim_advance(t->ucg, 50 * MS);                               /* boundary */
	th_assert_read(t, "/p/d/cpu.stat.local", "throttled_usec 50000\n");
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 0);
	th_assert_read(t, "/p/cpu.stat",
		       "usage_usec 50000\nuser_usec 30000\nsystem_usec 20000\nnice_usec 0\n"
		       "nr_periods 1\nnr_throttled 1\nthrottled_usec 100000\nnr_bursts 0\n"
		       "burst_usec 0\n");
	th_assert_read(t, "/p/cpu.stat.local", "throttled_usec 100000\n");
	/* the child has no quota of its own: nothing in its cpu.stat, but its
	 * runqueue was throttled */
	th_assert_read(t, "/p/c/cpu.stat",
		       "usage_usec 50000\nuser_usec 30000\nsystem_usec 20000\nnice_usec 0\n"
		       "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
	th_assert_read(t, "/p/c/cpu.stat.local", "throttled_usec 100000\n");
	th_assert_read(t, "/cpu.stat.local", "throttled_usec 0\n");
	/* one used period, then one idle period, then the timer stops */
	assert_int_equal(ucg_sim_run(t->ucg, pid, 10 * MS, 0), 0);
	ucg_sim_advance(t->ucg, 1000 * MS);
	assert_keyed(t, "/p/cpu.stat", "nr_periods", 3);
	assert_keyed(t, "/p/cpu.stat", "nr_throttled", 1);
	/* used again: the timer restarts on the period grid */
	assert_int_equal(ucg_sim_run(t->ucg, pid, 10 * MS, 0), 0);
	ucg_sim_advance(t->ucg, 100 * MS);
	assert_keyed(t, "/p/cpu.stat", "nr_periods", 4);
	th_free(t);
}

/* Time used past the quota is a debt: throttled for as many periods as it
 * takes to repay it. */
static void test_debt_over_periods(void **state)
{
	static const char *const dirs[] = { "/q" };
	struct th *t = v2_with_cpu(dirs, ARRAY_SIZE(dirs));
	pid_t pid = th_spawn(t, "/q");

	th_assert_write(t, "/q/cpu.max", "50000", 0);
	assert_int_equal(ucg_sim_run(t->ucg, pid, 120 * MS, 0), 0);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 1);
	ucg_sim_advance(t->ucg, 100 * MS);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 1);
	assert_keyed(t, "/q/cpu.stat", "nr_periods", 1);
	assert_keyed(t, "/q/cpu.stat", "nr_throttled", 1);
	assert_keyed(t, "/q/cpu.stat", "throttled_usec", 0);
	ucg_sim_advance(t->ucg, 100 * MS);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 0);
	assert_keyed(t, "/q/cpu.stat", "nr_periods", 2);
	assert_keyed(t, "/q/cpu.stat", "nr_throttled", 2);
	assert_keyed(t, "/q/cpu.stat", "throttled_usec", 200000);
	assert_keyed(t, "/q/cpu.stat.local", "throttled_usec", 200000);
	th_free(t);
}

/* Runtime saved up to the burst is used beyond the quota: a burst. */
static void test_burst(void **state)
{
	static const char *const dirs[] = { "/b" };
	struct th *t = v2_with_cpu(dirs, ARRAY_SIZE(dirs));
	pid_t pid = th_spawn(t, "/b");

	th_assert_write(t, "/b/cpu.max", "50000 100000", 0);
	th_assert_write(t, "/b/cpu.max.burst", "20000", 0);
	assert_int_equal(ucg_sim_run(t->ucg, pid, 60 * MS, 0), 0);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 0);
	ucg_sim_advance(t->ucg, 100 * MS);
	assert_keyed(t, "/b/cpu.stat", "nr_bursts", 1);
	assert_keyed(t, "/b/cpu.stat", "burst_usec", 10000);
	assert_keyed(t, "/b/cpu.stat", "nr_throttled", 0);
	th_free(t);
}

/* Changing the quota ends a throttle at once, for the subtree too. */
static void test_quota_change_unthrottles(void **state)
{
	static const char *const dirs[] = { "/p", "/p/c" };
	struct th *t = v2_with_cpu(dirs, ARRAY_SIZE(dirs));
	pid_t pid = th_spawn(t, "/p/c");

	th_assert_write(t, "/p/cpu.max", "10000 100000", 0);
	th_assert_write(t, "/p/c/cpu.max", "10000 100000", 0);
	assert_int_equal(ucg_sim_run(t->ucg, pid, 10 * MS, 0), 0);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 1);
	ucg_sim_advance(t->ucg, 30 * MS);
	th_assert_write(t, "/p/cpu.max", "max", 0);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 1);   /* c's own quota */
	assert_keyed(t, "/p/cpu.stat", "throttled_usec", 30000);
	assert_keyed(t, "/p/c/cpu.stat.local", "throttled_usec", 0);
	th_assert_write(t, "/p/c/cpu.max", "20000 100000", 0);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 0);
	assert_keyed(t, "/p/c/cpu.stat", "throttled_usec", 30000);
	assert_keyed(t, "/p/c/cpu.stat.local", "throttled_usec", 30000);
	assert_keyed(t, "/p/cpu.stat.local", "throttled_usec", 30000);
	th_free(t);
}

/* ---- v1 -------------------------------------------------------------------- */

static const struct file_row v1_rows[] = {
	{ "cpu.shares", NULL, 0, "1024\n" },
	{ "cpu.shares", "1", 0, "2\n" },
	{ "cpu.shares", "0", 0, "2\n" },
	{ "cpu.shares", "300000", 0, "262144\n" },
	{ "cpu.shares", "18446744073709551615", 0, "262144\n" },
	{ "cpu.shares", "2048", 0, "2048\n" },
	{ "cpu.shares", "abc", -EINVAL, "2048\n" },
	{ "cpu.shares", "-1", -EINVAL, "2048\n" },
	{ "cpu.idle", "1", 0, "1\n" },
	{ "cpu.shares", NULL, 0, "3\n" },
	{ "cpu.shares", "1024", -EINVAL, "3\n" },
	{ "cpu.idle", "0", 0, "0\n" },
	{ "cpu.shares", NULL, 0, "1024\n" },
	{ "cpu.cfs_period_us", NULL, 0, "100000\n" },
	{ "cpu.cfs_quota_us", NULL, 0, "-1\n" },
	{ "cpu.cfs_burst_us", NULL, 0, "0\n" },
	{ "cpu.cfs_period_us", "999", -EINVAL, "100000\n" },
	{ "cpu.cfs_period_us", "1000001", -EINVAL, "100000\n" },
	{ "cpu.cfs_period_us", "1000", 0, "1000\n" },
	{ "cpu.cfs_period_us", "1000000", 0, "1000000\n" },
	{ "cpu.cfs_period_us", "max", -EINVAL, "1000000\n" },
	{ "cpu.cfs_quota_us", "999", -EINVAL, "-1\n" },
	{ "cpu.cfs_quota_us", "0", -EINVAL, "-1\n" },
	{ "cpu.cfs_quota_us", "1000", 0, "1000\n" },
	{ "cpu.cfs_quota_us", "-5", 0, "-1\n" },
	{ "cpu.cfs_quota_us", "17592186044416", -EINVAL, "-1\n" },
	{ "cpu.cfs_quota_us", "17592186044415", 0, "17592186044415\n" },
	{ "cpu.cfs_quota_us", "-1", 0, "-1\n" },
	{ "cpu.cfs_quota_us", "max", -EINVAL, "-1\n" },
	{ "cpu.stat", NULL, 0,
	  "nr_periods 0\nnr_throttled 0\nthrottled_time 0\nnr_bursts 0\nburst_time 0\n" },
	{ "cpu.stat.local", NULL, 0, "throttled_time 0\n" },
};

static void test_v1_files(void **state)
{
	struct th *t = th_new("cgroup", "cpu,cpuacct");

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	run_rows(t, "/a", v1_rows, ARRAY_SIZE(v1_rows));
	/* the root: files present, writes refused */
	th_assert_read(t, "/cpu.shares", "1024\n");
	th_assert_write(t, "/cpu.shares", "512", -EINVAL);
	th_assert_read(t, "/cpu.cfs_quota_us", "-1\n");
	th_assert_write(t, "/cpu.cfs_quota_us", "50000", -EINVAL);
	th_assert_write(t, "/cpu.cfs_period_us", "50000", -EINVAL);
	th_assert_write(t, "/cpu.idle", "1", -EINVAL);
	th_assert_read(t, "/cpu.idle", "0\n");
	th_assert_read_err(t, "/cpu.max", -ENOENT);
	th_assert_read_err(t, "/cpu.weight", -ENOENT);
	th_free(t);
}

/* v1: a child's quota/period ratio may not exceed its parent's (nor may a
 * parent go below a child's). */
static void test_v1_ratio_rule(void **state)
{
	struct th *t = th_new("cgroup", "cpu");

	assert_int_equal(th_mkdir_p(t->m, "/a/b/c", &t->root), 0);
	th_assert_write(t, "/a/cpu.cfs_quota_us", "50000", 0);        /* 0.5 */
	th_assert_write(t, "/a/b/cpu.cfs_quota_us", "60000", -EINVAL);
	th_assert_write(t, "/a/b/cpu.cfs_quota_us", "50000", 0);
	th_assert_write(t, "/a/b/cpu.cfs_period_us", "50000", -EINVAL); /* 1.0 */
	th_assert_write(t, "/a/b/cpu.cfs_period_us", "200000", 0);       /* 0.25 */
	th_assert_read(t, "/a/b/cpu.cfs_period_us", "200000\n");
	/* an unlimited grandchild inherits 0.25 */
	th_assert_write(t, "/a/b/c/cpu.cfs_quota_us", "30000", -EINVAL);  /* 0.3 */
	th_assert_write(t, "/a/b/c/cpu.cfs_quota_us", "25000", 0);
	/* lowering the parent below a descendant */
	th_assert_write(t, "/a/cpu.cfs_quota_us", "20000", -EINVAL);
	th_assert_read(t, "/a/cpu.cfs_quota_us", "50000\n");
	th_assert_write(t, "/a/cpu.cfs_quota_us", "-1", 0);
	th_assert_write(t, "/a/b/cpu.cfs_quota_us", "-1", 0);
	th_assert_write(t, "/a/b/c/cpu.cfs_quota_us", "-1", 0);
	th_assert_write(t, "/a/b/c/cpu.cfs_quota_us", "900000", 0);
	th_assert_write(t, "/a/cpu.cfs_quota_us", "1000", -EINVAL);
	th_free(t);
}

/* v1 throttling through cfs_quota_us and the v1 cpu.stat. */
static void test_v1_throttle(void **state)
{
	struct th *t = th_new("cgroup", "cpu");
	pid_t pid;

	assert_int_equal(ucg_mkdir(t->m, "/x", 0755, &t->root), 0);
	pid = th_spawn(t, "/x");
	th_assert_write(t, "/x/cpu.cfs_quota_us", "10000", 0);
	assert_int_equal(ucg_sim_run(t->ucg, pid, 10 * MS, 0), 0);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 1);
	ucg_sim_advance(t->ucg, 100 * MS);
	assert_int_equal(ucg_cpu_throttled(t->ucg, pid), 0);
	th_assert_read(t, "/x/cpu.stat",
		       "nr_periods 1\nnr_throttled 1\nthrottled_time 100000000\nnr_bursts 0\n"
		       "burst_time 0\n");
	th_assert_read(t, "/x/cpu.stat.local", "throttled_time 100000000\n");
	th_assert_read(t, "/cpu.stat",
		       "nr_periods 0\nnr_throttled 0\nthrottled_time 0\nnr_bursts 0\nburst_time 0\n");
	th_free(t);
}

/* ---- cpuacct ------------------------------------------------------------ */

static void test_cpuacct(void **state)
{
	struct th *t = th_new("cgroup", "cpu,cpuacct");
	pid_t pid, other;

	assert_int_equal(ucg_mkdir(t->m, "/x", 0755, &t->root), 0);
	pid = th_spawn(t, "/x");
	other = th_spawn(t, "/");
	assert_int_equal(ucg_sim_run(t->ucg, pid, 15 * MS, 25 * MS), 0);
	assert_int_equal(ucg_sim_run(t->ucg, other, 1, 2), 0);
	th_assert_read(t, "/x/cpuacct.usage", "40000000\n");
	th_assert_read(t, "/x/cpuacct.usage_user", "15000000\n");
	th_assert_read(t, "/x/cpuacct.usage_sys", "25000000\n");
	th_assert_read(t, "/x/cpuacct.usage_percpu", "40000000 \n");
	th_assert_read(t, "/x/cpuacct.usage_percpu_user", "15000000 \n");
	th_assert_read(t, "/x/cpuacct.usage_percpu_sys", "25000000 \n");
	th_assert_read(t, "/x/cpuacct.usage_all", "cpu user system\n0 15000000 25000000\n");
	th_assert_read(t, "/x/cpuacct.stat", "user 1\nsystem 2\n");
	th_assert_read(t, "/cpuacct.usage", "40000003\n");
	/* exited tasks' time stays */
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	th_assert_read(t, "/x/cpuacct.usage", "40000000\n");
	/* reset: only 0, only this cgroup */
	th_assert_write(t, "/x/cpuacct.usage", "1", -EINVAL);
	th_assert_write(t, "/x/cpuacct.usage_user", "0", -EINVAL);
	th_assert_write(t, "/x/cpuacct.usage", "0", 0);
	th_assert_read(t, "/x/cpuacct.usage", "0\n");
	th_assert_read(t, "/x/cpuacct.stat", "user 0\nsystem 0\n");
	th_assert_read(t, "/cpuacct.usage", "40000003\n");
	th_free(t);
}

/* cpuacct alone on a v1 hierarchy, cpu on v2 at the same time. */
static void test_cpuacct_alone(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_mount *v1;
	char *out = NULL;
	pid_t pid = th_spawn(t, "/");

	assert_int_equal(ucg_mount(t->ucg, "cgroup", "cpuacct", &t->root, &v1), 0);
	assert_int_equal(ucg_sim_run(t->ucg, pid, 2 * MS, 0), 0);
	assert_int_equal(ucg_read_file(v1, "/cpuacct.usage", &t->root, &out), 0);
	assert_string_equal(out, "2000000\n");
	free(out);
	assert_keyed(t, "/cpu.stat", "usage_usec", 2000);
	ucg_umount(v1);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_files),
		cmocka_unit_test(test_usage_rollup),
		cmocka_unit_test(test_v2_files),
		cmocka_unit_test(test_parent_quota_throttles_child),
		cmocka_unit_test(test_debt_over_periods),
		cmocka_unit_test(test_burst),
		cmocka_unit_test(test_quota_change_unthrottles),
		cmocka_unit_test(test_v1_files),
		cmocka_unit_test(test_v1_ratio_rule),
		cmocka_unit_test(test_v1_throttle),
		cmocka_unit_test(test_cpuacct),
		cmocka_unit_test(test_cpuacct_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
