// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_rdma.c - the rdma controller through the public API (spec section 6):
 * the device registry of include/ucg/controllers.h, the exact rdma.max and
 * rdma.current formats (a space after every value, every registered device
 * in registration order), every rdma.max parse rule and errno, hierarchical
 * charging that fails with EAGAIN at an ancestor and unwinds, charges that
 * stay with the creating cgroup across migration, exit and rmdir, pools
 * freed when they return to all-max, and v1.  Each test builds its own
 * engine on host-sim and destroys it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ucg/ucg.h>

#include "helpers.h"
#include <ucg/controllers.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define H UCG_RDMA_HCA_HANDLE
#define O UCG_RDMA_HCA_OBJECT

#include "fx.h"

static void move_to(struct fx *fx, const char *cg, pid_t pid)
{
	char path[256], buf[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	wr_ok(fx, path, buf);
}

static pid_t spawn_in(struct fx *fx, const char *cg)
{
	pid_t pid;

	assert_int_equal(ucg_sim_fork(fx->ucg, 0, 0, &pid), 0);
	move_to(fx, cg, pid);
	return pid;
}

/* rdma.current of @cg is the one line of device "d0" with @h and @o. */
static void assert_usage(struct fx *fx, const char *cg, int h, int o)
{
	char path[256], expect[128];

	snprintf(path, sizeof(path), "%s/rdma.current", cg);
	snprintf(expect, sizeof(expect), "d0 hca_handle=%d hca_object=%d \n", h, o);
	assert_file(fx, path, expect);
}

static int fx_v2_setup(void **state)
{
	struct fx *fx = fx_new("cgroup2", NULL);

	wr_ok(fx, "/cgroup.subtree_control", "+rdma");
	*state = fx;
	return 0;
}

/* v2 with one device "d0" and /a/b, rdma enabled all the way down. */
static int fx_v2_ab_setup(void **state)
{
	struct fx *fx;

	fx_v2_setup(state);
	fx = *state;
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "d0"), 0);
	mkdir_ok(fx, "/a");
	wr_ok(fx, "/a/cgroup.subtree_control", "+rdma");
	mkdir_ok(fx, "/a/b");
	return 0;
}

static int fx_v1_setup(void **state)
{
	*state = fx_new("cgroup", "rdma");
	return 0;
}

static int fx_teardown(void **state)
{
	th_free(*state);
	return 0;
}

/* ------------------------------------------------------------------ */

static void test_files_no_device(void **state)
{
	struct fx *fx = *state;

	mkdir_ok(fx, "/a");
	assert_absent(fx, "/rdma.max");
	assert_absent(fx, "/rdma.current");
	assert_file(fx, "/a/rdma.max", "");
	assert_file(fx, "/a/rdma.current", "");
	assert_int_equal(wr(fx, "/a/rdma.max", "d0 hca_handle=1"), -ENODEV);
}

static void test_formats_every_device_in_order(void **state)
{
	struct fx *fx = *state;

	mkdir_ok(fx, "/a");
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "mlx5_1"), 0);
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "mlx4_0"), 0);
	assert_file(fx, "/a/rdma.max",
		    "mlx5_1 hca_handle=max hca_object=max \n"
		    "mlx4_0 hca_handle=max hca_object=max \n");
	assert_file(fx, "/a/rdma.current",
		    "mlx5_1 hca_handle=0 hca_object=0 \n"
		    "mlx4_0 hca_handle=0 hca_object=0 \n");
	wr_ok(fx, "/a/rdma.max", "mlx4_0 hca_object=7");
	assert_file(fx, "/a/rdma.max",
		    "mlx5_1 hca_handle=max hca_object=max \n"
		    "mlx4_0 hca_handle=max hca_object=7 \n");
	/* a device registered later shows up everywhere, even unconfigured */
	mkdir_ok(fx, "/b");
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "hfi1_0"), 0);
	assert_file(fx, "/b/rdma.current",
		    "mlx5_1 hca_handle=0 hca_object=0 \n"
		    "mlx4_0 hca_handle=0 hca_object=0 \n"
		    "hfi1_0 hca_handle=0 hca_object=0 \n");
}

struct max_case {
	const char *in;
	int err;            /* 0: accepted */
	const char *read;   /* line of d0 in rdma.max afterwards */
};

#define L(h, o) "d0 hca_handle=" h " hca_object=" o " \n"

/* Rows run in order on one cgroup: a rejected write changes nothing. */
static const struct max_case max_cases[] = {
	{ "d0 hca_handle=2 hca_object=2000", 0, L("2", "2000") },
	{ "d0 hca_handle=max", 0, L("max", "2000") },     /* others kept */
	{ "d0 hca_object=5 hca_handle=3", 0, L("3", "5") },  /* any order */
	{ "d0 hca_object=ma", 0, L("3", "max") },          /* prefix of max */
	{ "d0 hca_object=4", 0, L("3", "4") },
	{ "d0 hca_object=m", 0, L("3", "max") },
	{ "d0 hca_object=4", 0, L("3", "4") },
	{ "d0 hca_object=", 0, L("3", "max") },            /* empty prefix */
	{ "d0 hca_object=maxx", -EINVAL, L("3", "max") },
	{ "d0 hca_object=MAX", -EINVAL, L("3", "max") },
	{ "d0 hca_object=mx", -EINVAL, L("3", "max") },
	{ "d0 hca_handle=12abc", 0, L("12", "max") },      /* trailing text ignored */
	{ "d0 hca_handle=0x10", 0, L("16", "max") },
	{ "d0 hca_handle=010", 0, L("8", "max") },
	{ "d0 hca_handle=08", 0, L("0", "max") },          /* octal "0", then "8" ignored */
	{ "d0 hca_handle=7\n", 0, L("7", "max") },
	{ "  d0 hca_handle=6 \n", 0, L("6", "max") },      /* strstrip */
	{ "d0 hca_handle=0", 0, L("0", "max") },
	{ "d0 hca_handle=-1", -EINVAL, L("0", "max") },
	{ "d0 hca_handle=+5", -EINVAL, L("0", "max") },
	{ "d0 hca_handle=2147483647", 0, L("max", "max") }, /* INT32_MAX is max */
	{ "d0 hca_handle=2147483646", 0, L("2147483646", "max") },
	{ "d0 hca_handle=2147483648", -EINVAL, L("2147483646", "max") },
	{ "d0 hca_handle=4294967297", -EINVAL, L("2147483646", "max") },
	{ "d0 hca_handle=123456789012345678901234", -EINVAL, L("2147483646", "max") },
	{ "d0 hca_handle=1 hca_handle=2", 0, L("2", "max") }, /* last one wins */
	{ "d0 hca_handle=1=2", 0, L("1", "max") },          /* "1=2" parses as 1 */
	{ "d0 hca_handle=3  hca_object=3", -EINVAL, L("1", "max") }, /* empty token */
	{ "d0  hca_handle=3", -EINVAL, L("1", "max") },
	{ "d0 hca_handle", -EINVAL, L("1", "max") },
	{ "d0 =3", -EINVAL, L("1", "max") },
	{ "d0 hca_handles=3", -EINVAL, L("1", "max") },
	{ "d0 HCA_HANDLE=3", -EINVAL, L("1", "max") },
	{ "d0 hca_handle=3 bogus=1", -EINVAL, L("1", "max") }, /* nothing applied */
	{ "d0\thca_handle=3", -ENODEV, L("1", "max") },    /* one token: "d0\thca..." */
	{ "d1 hca_handle=3", -ENODEV, L("1", "max") },
	{ "d1 bogus=3", -EINVAL, L("1", "max") },          /* options parsed first */
	{ "D0", -ENODEV, L("1", "max") },
	{ "\n", -ENODEV, L("1", "max") },                  /* empty device name */
	{ "   ", -ENODEV, L("1", "max") },
	{ "d0", 0, L("1", "max") },                        /* valid no-op */
	{ "d0 \n", 0, L("1", "max") },
	{ "d0 hca_handle=max hca_object=max", 0, L("max", "max") },
};

#undef L

static void test_max_parse(void **state)
{
	struct fx *fx = *state;
	size_t i;

	assert_int_equal(ucg_rdma_register_device(fx->ucg, "d0"), 0);
	mkdir_ok(fx, "/a");
	for (i = 0; i < ARRAY_SIZE(max_cases); i++) {
		const struct max_case *c = &max_cases[i];
		ssize_t ret = wr(fx, "/a/rdma.max", c->in);
		ssize_t want = c->err ? c->err : (ssize_t)strlen(c->in);

		if (ret != want)
			fail_msg("row %zu: write \"%s\": got %zd, expected %zd", i, c->in, ret, want);
		assert_file(fx, "/a/rdma.max", c->read);
	}
}

static void test_charge_hierarchical_and_refused_at_ancestor(void **state)
{
	struct fx *fx = *state;
	pid_t p;

	wr_ok(fx, "/a/rdma.max", "d0 hca_handle=2");
	p = spawn_in(fx, "/a/b");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	assert_usage(fx, "/a/b", 2, 0);
	assert_usage(fx, "/a", 2, 0);
	/* /a's limit refuses, /a/b is not left charged */
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), -EAGAIN);
	assert_usage(fx, "/a/b", 2, 0);
	assert_usage(fx, "/a", 2, 0);
	/* the other resource has its own limit */
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 1000), 0);
	assert_usage(fx, "/a/b", 2, 1000);
	/* release one, charge again */
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), 0);
	assert_usage(fx, "/a", 1, 1000);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	assert_usage(fx, "/a", 2, 1000);
	/* a limit on the leaf works the same */
	wr_ok(fx, "/a/b/rdma.max", "d0 hca_object=1000");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 1), -EAGAIN);
	wr_ok(fx, "/a/b/rdma.max", "d0 hca_object=max");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 1), 0);
	assert_usage(fx, "/a/b", 2, 1001);

	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 2), 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", O, 1001), 0);
	assert_usage(fx, "/a", 0, 0);
	assert_usage(fx, "/a/b", 0, 0);
}

static void test_charge_all_or_nothing(void **state)
{
	struct fx *fx = *state;
	pid_t p;

	wr_ok(fx, "/a/rdma.max", "d0 hca_handle=5");
	p = spawn_in(fx, "/a/b");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 3), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 3), -EAGAIN);
	assert_usage(fx, "/a", 3, 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 2), 0);
	assert_usage(fx, "/a", 5, 0);
	/* uncharging more than held is refused and changes nothing */
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 6), -EINVAL);
	assert_usage(fx, "/a", 5, 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", O, 1), -EINVAL);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 5), 0);
	assert_usage(fx, "/a", 0, 0);
}

static void test_charge_errors(void **state)
{
	struct fx *fx = *state;
	pid_t p = spawn_in(fx, "/a/b");

	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "nodev", H, 1), -ENODEV);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, 99999, "d0", H, 1), -ESRCH);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", 2, 1), -EINVAL);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", -1, 1), -EINVAL);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 0), -EINVAL);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, -3), -EINVAL);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, NULL, H, 1), -EINVAL);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "nodev", H, 1), -ENODEV);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), -EINVAL);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", 5, 1), -EINVAL);
	assert_usage(fx, "/a/b", 0, 0);
}

/* Charges stay with the cgroup that was charged. */
static void test_charge_stays_with_creator_cgroup(void **state)
{
	struct fx *fx = *state;
	pid_t p;

	mkdir_ok(fx, "/c");
	p = spawn_in(fx, "/a/b");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 2), 0);
	move_to(fx, "/c", p);
	assert_usage(fx, "/a/b", 2, 0);
	assert_usage(fx, "/c", 0, 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	assert_usage(fx, "/c", 1, 0);
	assert_usage(fx, "/a", 2, 0);
	/* uncharge of 3: the /a/b and /c charges drain, whatever the order */
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 3), 0);
	assert_usage(fx, "/a/b", 0, 0);
	assert_usage(fx, "/c", 0, 0);

	/* an exited, reaped task's charges can still be released */
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 4), 0);
	assert_int_equal(ucg_sim_exit(fx->ucg, p), 0);
	assert_int_equal(ucg_sim_reap(fx->ucg, p), 0);
	assert_usage(fx, "/c", 0, 4);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", O, 4), 0);
	assert_usage(fx, "/c", 0, 0);
}

/* A removed cgroup keeps its charges until they drain, limits back to max. */
static void test_rmdir_with_charges(void **state)
{
	struct fx *fx = *state;
	pid_t p;

	mkdir_ok(fx, "/z");
	wr_ok(fx, "/a/b/rdma.max", "d0 hca_handle=3 hca_object=3");
	p = spawn_in(fx, "/a/b");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 3), 0);
	move_to(fx, "/z", p);
	assert_int_equal(ucg_rmdir(fx->m, "/a/b", &fx->root), 0);
	assert_absent(fx, "/a/b");
	assert_usage(fx, "/a", 3, 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 3), 0);
	assert_usage(fx, "/a", 0, 0);
	/* a cgroup with limits only goes away cleanly too */
	mkdir_ok(fx, "/a/b");
	assert_file(fx, "/a/b/rdma.max", "d0 hca_handle=max hca_object=max \n");
	wr_ok(fx, "/a/b/rdma.max", "d0 hca_handle=1");
	assert_int_equal(ucg_rmdir(fx->m, "/a/b", &fx->root), 0);
}

static void test_limit_below_usage(void **state)
{
	struct fx *fx = *state;
	pid_t p = spawn_in(fx, "/a/b");

	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 3), 0);
	wr_ok(fx, "/a/rdma.max", "d0 hca_object=1");
	assert_file(fx, "/a/rdma.max", "d0 hca_handle=max hca_object=1 \n");
	assert_usage(fx, "/a", 0, 3);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 1), -EAGAIN);
	wr_ok(fx, "/a/rdma.max", "d0 hca_object=0");
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", O, 3), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 1), -EAGAIN);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), 0);
}

/* Tasks of a cgroup where rdma is not enabled charge the nearest css. */
static void test_charge_effective_css(void **state)
{
	struct fx *fx = *state;
	pid_t p;

	mkdir_ok(fx, "/a/b/c");       /* rdma not enabled in /a/b */
	assert_absent(fx, "/a/b/c/rdma.max");
	wr_ok(fx, "/a/b/rdma.max", "d0 hca_handle=1");
	p = spawn_in(fx, "/a/b/c");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), -EAGAIN);
	assert_usage(fx, "/a/b", 1, 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), 0);
	/* a root task is charged to the root only: never limited */
	assert_int_equal(ucg_sim_fork(fx->ucg, 0, 0, &p), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1000), 0);
	assert_usage(fx, "/a", 0, 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1000), 0);
}

static void test_register_unregister(void **state)
{
	struct fx *fx = *state;
	char longname[UCG_RDMA_DEVICE_NAME_MAX + 1];
	pid_t p;

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "d0"), -EEXIST);
	assert_int_equal(ucg_rdma_register_device(fx->ucg, ""), -EINVAL);
	assert_int_equal(ucg_rdma_register_device(fx->ucg, NULL), -EINVAL);
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "a b"), -EINVAL);
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "a\n"), -EINVAL);
	assert_int_equal(ucg_rdma_register_device(fx->ucg, longname), -EINVAL);
	longname[UCG_RDMA_DEVICE_NAME_MAX - 1] = '\0';
	assert_int_equal(ucg_rdma_register_device(fx->ucg, longname), 0);
	assert_int_equal(ucg_rdma_unregister_device(fx->ucg, longname), 0);
	assert_int_equal(ucg_rdma_unregister_device(fx->ucg, "nodev"), -ENODEV);

	/* unregistering drops limits and charges with the device */
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "d1"), 0);
	wr_ok(fx, "/a/rdma.max", "d0 hca_handle=4");
	wr_ok(fx, "/a/rdma.max", "d1 hca_object=4");
	p = spawn_in(fx, "/a/b");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 2), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d1", O, 2), 0);
	assert_int_equal(ucg_rdma_unregister_device(fx->ucg, "d0"), 0);
	assert_file(fx, "/a/rdma.max", "d1 hca_handle=max hca_object=4 \n");
	assert_file(fx, "/a/rdma.current", "d1 hca_handle=0 hca_object=2 \n");
	assert_int_equal(wr(fx, "/a/rdma.max", "d0 hca_handle=1"), -ENODEV);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 2), -ENODEV);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), -ENODEV);
	/* registered again, it starts afresh, after d1 */
	assert_int_equal(ucg_rdma_register_device(fx->ucg, "d0"), 0);
	assert_file(fx, "/a/rdma.max",
		    "d1 hca_handle=max hca_object=4 \n"
		    "d0 hca_handle=max hca_object=max \n");
	assert_file(fx, "/a/rdma.current",
		    "d1 hca_handle=0 hca_object=2 \n"
		    "d0 hca_handle=0 hca_object=0 \n");
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), -EINVAL);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d1", O, 2), 0);
}

/* A pool back to all-max and no usage is freed (engine bytes return). */
static void test_pool_freed(void **state)
{
	struct fx *fx = *state;
	struct ucg_counters before, after;
	pid_t p = spawn_in(fx, "/a/b");

	ucg_get_counters(fx->ucg, &before);
	wr_ok(fx, "/a/rdma.max", "d0 hca_handle=4 hca_object=4");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	ucg_get_counters(fx->ucg, &after);
	assert_true(after.bytes_in_use > before.bytes_in_use);
	wr_ok(fx, "/a/rdma.max", "d0 hca_handle=max hca_object=max");
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), 0);
	ucg_get_counters(fx->ucg, &after);
	assert_int_equal(after.bytes_in_use, before.bytes_in_use);
}

/* Allocation failures while charging leave nothing charged. */
static void test_charge_enomem_unwinds(void **state)
{
	struct fx *fx = *state;
	struct ucg_counters before, after;
	pid_t p = spawn_in(fx, "/a/b");
	long nth;
	int ret = -ENOMEM;

	ucg_get_counters(fx->ucg, &before);
	for (nth = 1; nth < 100 && ret == -ENOMEM; nth++) {
		ucg_debug_fail_alloc(fx->ucg, nth);
		ret = ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1);
		ucg_debug_fail_alloc(fx->ucg, 0);
		if (ret == -ENOMEM) {
			ucg_get_counters(fx->ucg, &after);
			assert_int_equal(after.bytes_in_use, before.bytes_in_use);
		}
	}
	assert_int_equal(ret, 0);
	assert_usage(fx, "/a/b", 1, 0);
	assert_usage(fx, "/a", 1, 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), 0);
}

/* Charges still held when the engine is destroyed are freed with it. */
static void test_destroy_with_charges(void **state)
{
	struct fx *fx = *state;
	pid_t p = spawn_in(fx, "/a/b");

	wr_ok(fx, "/a/b/rdma.max", "d0 hca_handle=9");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 2), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", O, 2), 0);
}

/* ---- v1 ---- */

static void test_v1(void **state)
{
	struct fx *fx = *state;
	pid_t p;

	assert_int_equal(ucg_rdma_register_device(fx->ucg, "d0"), 0);
	mkdir_ok(fx, "/a");
	mkdir_ok(fx, "/a/b");
	assert_absent(fx, "/rdma.max");
	assert_absent(fx, "/rdma.current");
	assert_file(fx, "/a/rdma.max", "d0 hca_handle=max hca_object=max \n");
	wr_ok(fx, "/a/rdma.max", "d0 hca_handle=1 hca_object=m");
	assert_file(fx, "/a/rdma.max", "d0 hca_handle=1 hca_object=max \n");
	assert_int_equal(wr(fx, "/a/rdma.max", "d0 hca_handle=-1"), -EINVAL);
	p = spawn_in(fx, "/a/b");
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), 0);
	assert_int_equal(ucg_rdma_try_charge(fx->ucg, p, "d0", H, 1), -EAGAIN);
	assert_usage(fx, "/a/b", 1, 0);
	assert_usage(fx, "/a", 1, 0);
	assert_int_equal(ucg_rdma_uncharge(fx->ucg, p, "d0", H, 1), 0);
	assert_usage(fx, "/a", 0, 0);
}

int main(void)
{
#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_files_no_device, fx_v2_setup),
		T(test_formats_every_device_in_order, fx_v2_setup),
		T(test_max_parse, fx_v2_setup),
		T(test_charge_hierarchical_and_refused_at_ancestor, fx_v2_ab_setup),
		T(test_charge_all_or_nothing, fx_v2_ab_setup),
		T(test_charge_errors, fx_v2_ab_setup),
		T(test_charge_stays_with_creator_cgroup, fx_v2_ab_setup),
		T(test_rmdir_with_charges, fx_v2_ab_setup),
		T(test_limit_below_usage, fx_v2_ab_setup),
		T(test_charge_effective_css, fx_v2_ab_setup),
		T(test_register_unregister, fx_v2_ab_setup),
		T(test_pool_freed, fx_v2_ab_setup),
		T(test_charge_enomem_unwinds, fx_v2_ab_setup),
		T(test_destroy_with_charges, fx_v2_ab_setup),
		T(test_v1, fx_v1_setup),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
