// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_io.c - the io controller through the public API (spec section 7 and
 * section 9 item 16): the device registry of include/ucg/controllers.h,
 * every parse rule and errno of io.max, io.weight and the v1
 * blkio.throttle.*_device files, their read formats, io.stat counters that
 * roll up the tree (with the bare "MAJ:MIN " line), hierarchical token-bucket
 * throttling of bytes and I/Os on the simulated clock, and the v1 statistics
 * files on a "blkio" mount.  Each test builds its own engine on host-sim.
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
#include <ucg/controllers.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MS 1000000LL

enum { RD = 0, WR = 1, DISCARD = 2 };

/* One row of a write table: write @in, expect @err, then read back @after. */
struct wrow {
	const char *in;
	int err;
	const char *after;
};

static void run_table(struct th *t, const char *path, const struct wrow *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ssize_t ret = th_write(t->m, path, rows[i].in, &t->root);
		ssize_t want = rows[i].err ? rows[i].err : (ssize_t)strlen(rows[i].in);
		int err = 0;
		char *got;

		if (ret != want)
			fail_msg("row %zu %s \"%s\": got %zd, expected %zd", i, path, rows[i].in,
				 ret, want);
		got = th_read(t->m, path, &t->root, &err);
		assert_non_null(got);
		if (strcmp(got, rows[i].after))
			fail_msg("row %zu %s \"%s\": read \"%s\", expected \"%s\"", i, path,
				 rows[i].in, got, rows[i].after);
		free(got);
	}
}

static void assert_absent(struct th *t, const char *path)
{
	struct ucg_stat st;

	assert_int_equal(ucg_stat(t->m, path, &st), -ENOENT);
}

/* Disks 8:0 (sda) and 8:16 (sdb), partition 8:1 (sda1). */
static void register_disks(struct th *t)
{
	assert_int_equal(ucg_io_register_device(t->ucg, 8, 0, "sda", false), 0);
	assert_int_equal(ucg_io_register_device(t->ucg, 8, 1, "sda1", true), 0);
	assert_int_equal(ucg_io_register_device(t->ucg, 8, 16, "sdb", false), 0);
}

/* v2 with io enabled at the root and in /a, cgroups /a, /a/b and /c. */
static int fx_v2_setup(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	register_disks(t);
	th_assert_write(t, "/cgroup.subtree_control", "+io", 0);
	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/c", &t->root), 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+io", 0);
	*state = t;
	return 0;
}

/* v1 "blkio" hierarchy with /a and /a/b. */
static int fx_v1_setup(void **state)
{
	struct th *t = th_new("cgroup", "blkio");

	register_disks(t);
	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	*state = t;
	return 0;
}

static int fx_teardown(void **state)
{
	th_free(*state);
	return 0;
}

static void test_registry(void **state)
{
	struct th *t = *state;

	assert_int_equal(ucg_io_register_device(t->ucg, 8, 0, "sda", false), -EEXIST);
	assert_int_equal(ucg_io_register_device(t->ucg, 4096, 0, "x", false), -EINVAL);
	assert_int_equal(ucg_io_register_device(t->ucg, 8, 1u << 20, "x", false), -EINVAL);
	assert_int_equal(ucg_io_register_device(t->ucg, 9, 0, "", false), -EINVAL);
	assert_int_equal(ucg_io_register_device(t->ucg, 9, 0, NULL, false), -EINVAL);
	assert_int_equal(ucg_io_register_device(t->ucg, 9, 0,
						"0123456789012345678901234567890123", false),
			 -EINVAL);
	assert_int_equal(ucg_io_unregister_device(t->ucg, 9, 0), -ENODEV);

	/* the root has state for every whole disk, newest first */
	th_assert_read(t, "/io.stat", "8:16 \n8:0 \n");
	th_assert_write(t, "/a/io.max", "8:16 rbps=5", 0);
	assert_int_equal(ucg_io_unregister_device(t->ucg, 8, 16), 0);
	th_assert_read(t, "/io.stat", "8:0 \n");
	th_assert_read(t, "/a/io.max", "");
	th_assert_write(t, "/a/io.max", "8:16 rbps=5", -ENODEV);
	assert_int_equal(ucg_io_register_device(t->ucg, 8, 16, "sdb", false), 0);
	th_assert_read(t, "/io.stat", "8:16 \n8:0 \n");
	th_assert_read(t, "/a/io.max", "");   /* limits went with the disk */
	assert_int_equal(ucg_io_unregister_device(t->ucg, 8, 1), 0);
}

static void test_files(void **state)
{
	struct th *t = *state;

	assert_absent(t, "/io.max");
	assert_absent(t, "/io.weight");
	th_assert_read(t, "/a/io.max", "");
	th_assert_read(t, "/a/io.stat", "");
	th_assert_read(t, "/a/io.weight", "default 100\n");
	assert_absent(t, "/a/blkio.throttle.read_bps_device");
	th_assert_read(t, "/cgroup.controllers", "cpu io pids rdma\n");
	th_assert_read(t, "/a/cgroup.controllers", "io\n");
}

static void test_max_parse(void **state)
{
	static const struct wrow rows[] = {
		{ "8:0", -EINVAL, "" },                    /* no whitespace after MAJ:MIN */
		{ "8:0\n", 0, "" },                        /* no keys: no-op */
		{ "8:0 rbps=100", 0, "8:0 rbps=100 wbps=max riops=max wiops=max\n" },
		{ "8:0 wiops=5 riops=7\n", 0, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 rbps=0", -ERANGE, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 foo=0", -ERANGE, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 foo=1", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 foo=max", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 rbps", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 rbps=", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 rbps=abc", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 rbps=-1", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 rbps=maxx", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 RBPS=1", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		/* nothing is applied unless the whole line parses */
		{ "8:0 rbps=5 foo=1", -EINVAL, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 rbps=5 wbps=0", -ERANGE, "8:0 rbps=100 wbps=max riops=7 wiops=5\n" },
		{ "8:0 wbps=10k", 0, "8:0 rbps=100 wbps=10 riops=7 wiops=5\n" },
		{ "  8:0\trbps=200\t wbps=max \n", 0, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		/* device errors come first */
		{ "9:0 rbps=1", -ENODEV, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ "9:0 rbps=0", -ENODEV, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ "8:1 rbps=1", -ENODEV, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ "8 rbps=1", -EINVAL, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ ":0 rbps=1", -EINVAL, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ "8:x rbps=1", -EINVAL, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ "-8:0 rbps=1", -EINVAL, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ "8 :0 rbps=1", -EINVAL, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		{ "8:0rbps=1", -EINVAL, "8:0 rbps=200 wbps=max riops=7 wiops=5\n" },
		/* tokens longer than 26 characters are split */
		{ "8:0 riops=00000000000000000009", 0, "8:0 rbps=200 wbps=max riops=9 wiops=5\n" },
		{ "8:0 riops=000000000000000000009", -ERANGE,
		  "8:0 rbps=200 wbps=max riops=9 wiops=5\n" },
		{ "8:0 rbps=1000000000000000000002", -EINVAL,
		  "8:0 rbps=200 wbps=max riops=9 wiops=5\n" },
		/* iops clamp to UINT_MAX, which reads as max */
		{ "8:0 riops=4294967294", 0, "8:0 rbps=200 wbps=max riops=4294967294 wiops=5\n" },
		{ "8:0 riops=99999999999", 0, "8:0 rbps=200 wbps=max riops=max wiops=5\n" },
		{ "8:0 wbps=18446744073709551614", 0,
		  "8:0 rbps=200 wbps=18446744073709551614 riops=max wiops=5\n" },
		/* a second disk prints first (newest state first) */
		{ "8:16 wiops=3", 0,
		  "8:16 rbps=max wbps=max riops=max wiops=3\n"
		  "8:0 rbps=200 wbps=18446744073709551614 riops=max wiops=5\n" },
		/* all max: omitted */
		{ "8:0 rbps=max wbps=max riops=max wiops=max", 0,
		  "8:16 rbps=max wbps=max riops=max wiops=3\n" },
		{ "8:16 wiops=18446744073709551615", 0, "" },
	};
	struct th *t = *state;

	run_table(t, "/a/io.max", rows, ARRAY_SIZE(rows));
}

static void test_weight_parse(void **state)
{
	static const struct wrow rows[] = {
		{ "50", 0, "default 50\n" },
		{ "default 200\n", 0, "default 200\n" },
		{ "default\t300", 0, "default 300\n" },
		{ "  default 9", -EINVAL, "default 300\n" },   /* the literal comes first */
		{ "default7", 0, "default 7\n" },
		{ "10000", 0, "default 10000\n" },
		{ "1", 0, "default 1\n" },
		{ "25abc", 0, "default 25\n" },
		{ "default 0", -EINVAL, "default 25\n" },
		{ "0", -EINVAL, "default 25\n" },
		{ "10001", -EINVAL, "default 25\n" },
		{ "-5", -EINVAL, "default 25\n" },
		{ "abc", -EINVAL, "default 25\n" },
		{ "default", -EINVAL, "default 25\n" },
		{ "default abc", -EINVAL, "default 25\n" },
		{ "8:0 300", 0, "default 25\n8:0 300\n" },
		{ "8:0 0", -EINVAL, "default 25\n8:0 300\n" },
		{ "8:0 10001", -EINVAL, "default 25\n8:0 300\n" },
		{ "8:0 abc", -EINVAL, "default 25\n8:0 300\n" },
		{ "8:0", -EINVAL, "default 25\n8:0 300\n" },
		{ "9:0 5", -ENODEV, "default 25\n8:0 300\n" },
		{ "8:1 5", -ENODEV, "default 25\n8:0 300\n" },
		{ "8:16 7", 0, "default 25\n8:16 7\n8:0 300\n" },
		{ "8:0 default", 0, "default 25\n8:16 7\n" },
		{ "8:16 10000\n", 0, "default 25\n8:16 10000\n" },
	};
	struct th *t = *state;

	run_table(t, "/a/io.weight", rows, ARRAY_SIZE(rows));
	th_assert_read(t, "/a/b/io.weight", "default 100\n");
}

static void test_stat_rollup(void **state)
{
	struct th *t = *state;
	pid_t p = th_spawn(t, "/a/b"), q = th_spawn(t, "/c"), r = th_spawn(t, "/");

	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 4096), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 8192), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 100), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, DISCARD, 512), 0);
	th_assert_read(t, "/a/b/io.stat",
		       "8:0 rbytes=4096 wbytes=8292 rios=1 wios=2 dbytes=512 dios=1\n");
	th_assert_read(t, "/a/io.stat",
		       "8:0 rbytes=4096 wbytes=8292 rios=1 wios=2 dbytes=512 dios=1\n");
	/* discard alone: the bare line */
	assert_int_equal(ucg_sim_io(t->ucg, q, 8, 16, DISCARD, 4096), 0);
	th_assert_read(t, "/c/io.stat", "8:16 \n");
	assert_int_equal(ucg_sim_io(t->ucg, r, 8, 16, RD, 1), 0);
	th_assert_read(t, "/io.stat",
		       "8:16 rbytes=1 wbytes=0 rios=1 wios=0 dbytes=4096 dios=1\n"
		       "8:0 rbytes=4096 wbytes=8292 rios=1 wios=2 dbytes=512 dios=1\n");

	/* a limit write makes state without traffic, here and above */
	th_assert_write(t, "/a/b/io.max", "8:16\n", 0);
	th_assert_read(t, "/a/b/io.stat",
		       "8:16 \n8:0 rbytes=4096 wbytes=8292 rios=1 wios=2 dbytes=512 dios=1\n");
	th_assert_read(t, "/a/io.stat",
		       "8:16 \n8:0 rbytes=4096 wbytes=8292 rios=1 wios=2 dbytes=512 dios=1\n");

	/* counts of a removed cgroup stay in its ancestors */
	{
		char buf[32];

		snprintf(buf, sizeof(buf), "%d", (int)p);
		th_assert_write(t, "/c/cgroup.procs", buf, 0);
	}
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);
	th_assert_read(t, "/a/io.stat",
		       "8:16 \n8:0 rbytes=4096 wbytes=8292 rios=1 wios=2 dbytes=512 dios=1\n");
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1), 0);
	th_assert_read(t, "/c/io.stat",
		       "8:0 rbytes=0 wbytes=1 rios=0 wios=1 dbytes=0 dios=0\n8:16 \n");
}

static void test_io_errors(void **state)
{
	struct th *t = *state;
	pid_t p = th_spawn(t, "/a/b");

	assert_int_equal(ucg_sim_io(t->ucg, p, 9, 0, RD, 1), -ENODEV);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 1, RD, 1), -ENODEV);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, 3, 1), -EINVAL);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, -1, 1), -EINVAL);
	assert_int_equal(ucg_sim_io(t->ucg, 99999, 8, 0, RD, 1), -ESRCH);
	assert_int_equal(ucg_sim_exit_group(t->ucg, p), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1), -ESRCH);
	/* nothing was counted */
	th_assert_read(t, "/a/b/io.stat", "");
}

/* A parent's wbps throttles its child's writes: 1 MB/s, a 100 ms burst. */
static void test_parent_bps_throttles_child(void **state)
{
	struct th *t = *state;
	pid_t p = th_spawn(t, "/a/b");

	th_assert_write(t, "/a/io.max", "8:0 wbps=1000000", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 100000), 0);        /* the burst */
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 100000), 100 * MS);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1 << 30), 0);       /* reads free */
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 16, WR, 1 << 30), 0);      /* other disk */
	ucg_sim_advance(t->ucg, 100 * MS);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 50000), 50 * MS);
	/* a discard is a write for throttling */
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, DISCARD, 1000), 51 * MS);
	/* idle time refills at most one burst */
	ucg_sim_advance(t->ucg, 1000 * MS);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 100000), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1), 1000);
	/* a new limit starts from a full bucket; max lifts it */
	th_assert_write(t, "/a/io.max", "8:0 wbps=2000000", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 300000), 50 * MS);
	th_assert_write(t, "/a/io.max", "8:0 wbps=max", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1 << 30), 0);
	/* all of it was counted when issued */
	th_assert_read(t, "/a/b/io.stat",
		       "8:16 rbytes=0 wbytes=1073741824 rios=0 wios=1 dbytes=0 dios=0\n"
		       "8:0 rbytes=1073741824 wbytes=1074391825 rios=1 wios=7 dbytes=1000 dios=1\n");
}

/* An I/O passes the child's bucket, then the parent's from when it left. */
static void test_child_then_parent(void **state)
{
	struct th *t = *state;
	pid_t p = th_spawn(t, "/a/b"), q;

	th_assert_write(t, "/a/b/io.max", "8:0 rbps=1000000", 0);
	th_assert_write(t, "/a/io.max", "8:0 rbps=1000000", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 200000), 200 * MS);
	/* a sibling under the same parent waits for the parent's debt */
	assert_int_equal(th_mkdir_p(t->m, "/a/d", &t->root), 0);
	q = th_spawn(t, "/a/d");
	assert_int_equal(ucg_sim_io(t->ucg, q, 8, 0, RD, 1000), 201 * MS);
	/* a cgroup outside /a is not affected */
	assert_int_equal(ucg_sim_io(t->ucg, th_spawn(t, "/c"), 8, 0, RD, 1 << 20), 0);
}

static void test_iops(void **state)
{
	struct th *t = *state;
	pid_t p = th_spawn(t, "/a/b");

	/* 10 I/Os per second: a burst of one */
	th_assert_write(t, "/a/b/io.max", "8:0 riops=10", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1), 100 * MS);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1), 200 * MS);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1), 0);
	ucg_sim_advance(t->ucg, 200 * MS);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1), 100 * MS);
	/* bytes and I/Os at once: the longer wait */
	th_assert_write(t, "/a/b/io.max", "8:0 wiops=1000 wbps=1000", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 100), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 100), 100 * MS);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1), 101 * MS);
}

/* Without +io the task's cgroup uses its parent's state. */
static void test_effective_css(void **state)
{
	struct th *t = *state;
	pid_t p;

	assert_int_equal(th_mkdir_p(t->m, "/c/x", &t->root), 0);
	p = th_spawn(t, "/c/x");
	th_assert_write(t, "/c/io.max", "8:0 wiops=10", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1), 100 * MS);
	th_assert_read(t, "/c/io.stat", "8:0 rbytes=0 wbytes=2 rios=0 wios=2 dbytes=0 dios=0\n");
}

/* ---- v1 ---- */

static void test_v1_conf_parse(void **state)
{
	static const struct wrow bps[] = {
		{ "8:0 1048576", 0, "8:0 1048576\n" },
		{ "8:16 5\n", 0, "8:16 5\n8:0 1048576\n" },
		{ "8:0 0", 0, "8:16 5\n" },                  /* 0 removes the limit */
		{ "8:0 100abc", 0, "8:16 5\n8:0 100\n" },   /* trailing text ignored */
		{ "8:0 abc", -EINVAL, "8:16 5\n8:0 100\n" },
		{ "8:0 -1", -EINVAL, "8:16 5\n8:0 100\n" },
		{ "8:0 ", -EINVAL, "8:16 5\n8:0 100\n" },
		{ "8:0", -EINVAL, "8:16 5\n8:0 100\n" },
		{ "9:0 5", -ENODEV, "8:16 5\n8:0 100\n" },
		{ "9:0 abc", -ENODEV, "8:16 5\n8:0 100\n" },
		{ "8:1 5", -ENODEV, "8:16 5\n8:0 100\n" },
		{ "8:0 18446744073709551615", 0, "8:16 5\n" },   /* U64_MAX is no limit */
		{ "8:16 0", 0, "" },
	};
	static const struct wrow iops[] = {
		{ "8:0 7", 0, "8:0 7\n" },
		{ "8:0 4294967295", 0, "" },                    /* UINT_MAX is no limit */
		{ "8:0 4294967296", 0, "8:0 0\n" },             /* truncated as the kernel */
		{ "8:0 0", 0, "" },
	};
	struct th *t = *state;

	run_table(t, "/a/blkio.throttle.write_bps_device", bps, ARRAY_SIZE(bps));
	run_table(t, "/blkio.throttle.read_bps_device", bps, ARRAY_SIZE(bps));
	run_table(t, "/a/b/blkio.throttle.read_iops_device", iops, ARRAY_SIZE(iops));
	run_table(t, "/a/blkio.throttle.write_iops_device", iops, ARRAY_SIZE(iops));
	assert_absent(t, "/a/io.max");
	assert_absent(t, "/a/blkio.io.max");
	assert_absent(t, "/blkio.stat");
}

/* v1 throttling is flat: a parent's limit does not apply to its children. */
static void test_v1_flat_throttle(void **state)
{
	struct th *t = *state;
	pid_t p = th_spawn(t, "/a/b"), q = th_spawn(t, "/a");

	th_assert_write(t, "/a/blkio.throttle.write_bps_device", "8:0 1000000", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 200000), 0);
	assert_int_equal(ucg_sim_io(t->ucg, q, 8, 0, WR, 200000), 100 * MS);
	th_assert_write(t, "/a/b/blkio.throttle.read_iops_device", "8:0 10", 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 1), 100 * MS);
}

static void test_v1_stats(void **state)
{
	struct th *t = *state;
	pid_t p = th_spawn(t, "/a/b"), q = th_spawn(t, "/a");

	th_assert_read(t, "/a/blkio.throttle.io_service_bytes", "Total 0\n");
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, RD, 4096), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, WR, 1000), 0);
	assert_int_equal(ucg_sim_io(t->ucg, p, 8, 0, DISCARD, 512), 0);
	assert_int_equal(ucg_sim_io(t->ucg, q, 8, 0, WR, 10), 0);
	th_assert_read(t, "/a/b/blkio.throttle.io_service_bytes",
		       "8:0 Read 4096\n8:0 Write 1000\n8:0 Sync 4096\n8:0 Async 1512\n"
		       "8:0 Discard 512\n8:0 Total 5608\nTotal 5608\n");
	th_assert_read(t, "/a/b/blkio.throttle.io_serviced",
		       "8:0 Read 1\n8:0 Write 1\n8:0 Sync 1\n8:0 Async 2\n"
		       "8:0 Discard 1\n8:0 Total 3\nTotal 3\n");
	th_assert_read(t, "/a/blkio.throttle.io_service_bytes",
		       "8:0 Read 0\n8:0 Write 10\n8:0 Sync 0\n8:0 Async 10\n"
		       "8:0 Discard 0\n8:0 Total 10\nTotal 10\n");
	th_assert_read(t, "/a/blkio.throttle.io_service_bytes_recursive",
		       "8:0 Read 4096\n8:0 Write 1010\n8:0 Sync 4096\n8:0 Async 1522\n"
		       "8:0 Discard 512\n8:0 Total 5618\nTotal 5618\n");
	th_assert_read(t, "/a/blkio.throttle.io_serviced_recursive",
		       "8:0 Read 1\n8:0 Write 2\n8:0 Sync 1\n8:0 Async 3\n"
		       "8:0 Discard 1\n8:0 Total 4\nTotal 4\n");
	/* the root lists every disk; its own I/O only, or all of it recursively */
	assert_int_equal(ucg_sim_io(t->ucg, th_spawn(t, "/"), 8, 16, RD, 7), 0);
	th_assert_read(t, "/blkio.throttle.io_serviced",
		       "8:16 Read 1\n8:16 Write 0\n8:16 Sync 1\n8:16 Async 0\n"
		       "8:16 Discard 0\n8:16 Total 1\n"
		       "8:0 Read 0\n8:0 Write 0\n8:0 Sync 0\n8:0 Async 0\n"
		       "8:0 Discard 0\n8:0 Total 0\nTotal 1\n");
	th_assert_read(t, "/blkio.throttle.io_serviced_recursive",
		       "8:16 Read 1\n8:16 Write 0\n8:16 Sync 1\n8:16 Async 0\n"
		       "8:16 Discard 0\n8:16 Total 1\n"
		       "8:0 Read 1\n8:0 Write 2\n8:0 Sync 1\n8:0 Async 3\n"
		       "8:0 Discard 1\n8:0 Total 4\nTotal 5\n");
	/* reset_stats zeroes the cgroup's own counters */
	th_assert_write(t, "/a/b/blkio.reset_stats", "1", 0);
	th_assert_read(t, "/a/b/blkio.throttle.io_serviced",
		       "8:0 Read 0\n8:0 Write 0\n8:0 Sync 0\n8:0 Async 0\n"
		       "8:0 Discard 0\n8:0 Total 0\nTotal 0\n");
	th_assert_read(t, "/a/blkio.throttle.io_serviced_recursive",
		       "8:0 Read 0\n8:0 Write 1\n8:0 Sync 0\n8:0 Async 1\n"
		       "8:0 Discard 0\n8:0 Total 1\nTotal 1\n");
	th_assert_write(t, "/a/b/blkio.reset_stats", "x", -EINVAL);
}

int main(void)
{
#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_registry, fx_v2_setup),
		T(test_files, fx_v2_setup),
		T(test_max_parse, fx_v2_setup),
		T(test_weight_parse, fx_v2_setup),
		T(test_stat_rollup, fx_v2_setup),
		T(test_io_errors, fx_v2_setup),
		T(test_parent_bps_throttles_child, fx_v2_setup),
		T(test_child_then_parent, fx_v2_setup),
		T(test_iops, fx_v2_setup),
		T(test_effective_css, fx_v2_setup),
		T(test_v1_conf_parse, fx_v1_setup),
		T(test_v1_flat_throttle, fx_v1_setup),
		T(test_v1_stats, fx_v1_setup),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
