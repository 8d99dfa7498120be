// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_pids.c - the pids controller through the public API (spec 8.1, 3.2):
 * files and defaults, every pids.max parse rule, fork refusal with EAGAIN at
 * an ancestor's limit, threads counted, release on reap, migration moving
 * the charge and never refused, pids.peak, pids.events / pids.events.local
 * on v2 (default and pids_localevents) and v1, notifications, and the
 * unwinding of a fork that fails after the charge (cancel_fork).
 * Each test builds its own engine on host-sim and destroys it.
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

#include "fx.h"

/* Move process or thread @pid into @cg ("/a") through @file. */
static void move_to(struct fx *fx, const char *cg, const char *file, pid_t pid)
{
	char path[256], buf[32];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	wr_ok(fx, path, buf);
}

/* A new process of init, moved into @cg. */
static pid_t spawn_in(struct fx *fx, const char *cg)
{
	pid_t pid;

	assert_int_equal(ucg_sim_fork(fx->ucg, 0, 0, &pid), 0);
	move_to(fx, cg, "cgroup.procs", pid);
	return pid;
}

static void assert_current(struct fx *fx, const char *cg, long long n)
{
	char path[256], expect[32];

	snprintf(path, sizeof(path), "%s/pids.current", cg);
	snprintf(expect, sizeof(expect), "%lld\n", n);
	assert_file(fx, path, expect);
}

/* events file @file of @cg reads "max @n". */
static void assert_events(struct fx *fx, const char *cg, const char *file, long long n)
{
	char path[256], expect[32];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	snprintf(expect, sizeof(expect), "max %lld\n", n);
	assert_file(fx, path, expect);
}

static int fx_v2_setup(void **state)
{
	struct fx *fx = fx_new("cgroup2", NULL);

	wr_ok(fx, "/cgroup.subtree_control", "+pids");
	*state = fx;
	return 0;
}

static int fx_v2_local_setup(void **state)
{
	struct fx *fx = fx_new("cgroup2", "pids_localevents");

	wr_ok(fx, "/cgroup.subtree_control", "+pids");
	*state = fx;
	return 0;
}

static int fx_v1_setup(void **state)
{
	*state = fx_new("cgroup", "pids");
	return 0;
}

static int fx_teardown(void **state)
{
	th_free(*state);
	return 0;
}

/* /a/b/c, pids enabled all the way down (v2) or plain directories (v1). */
static void make_abc(struct fx *fx, bool v2)
{
	mkdir_ok(fx, "/a");
	if (v2)
		wr_ok(fx, "/a/cgroup.subtree_control", "+pids");
	mkdir_ok(fx, "/a/b");
	if (v2)
		wr_ok(fx, "/a/b/cgroup.subtree_control", "+pids");
	mkdir_ok(fx, "/a/b/c");
}

/* ------------------------------------------------------------------ */

static void test_files_and_defaults(void **state)
{
	struct fx *fx = *state;

	mkdir_ok(fx, "/a");
	assert_absent(fx, "/pids.max");
	assert_absent(fx, "/pids.current");
	assert_absent(fx, "/pids.peak");
	assert_absent(fx, "/pids.events");
	assert_absent(fx, "/pids.events.local");
	assert_file(fx, "/a/pids.max", "max\n");
	assert_file(fx, "/a/pids.current", "0\n");
	assert_file(fx, "/a/pids.peak", "0\n");
	assert_file(fx, "/a/pids.events", "max 0\n");
	assert_file(fx, "/a/pids.events.local", "max 0\n");
}

struct max_case {
	const char *in;
	int err;            /* 0: accepted */
	const char *read;   /* pids.max afterwards */
};

/* Rows run in order on one cgroup: a rejected write leaves the previous value. */
static const struct max_case max_cases[] = {
	{ "5", 0, "5\n" },
	{ "max", 0, "max\n" },
	{ "7\n", 0, "7\n" },
	{ "max\n", 0, "max\n" },
	{ "  8  \n", 0, "8\n" },          /* strstrip, then kstrtoll */
	{ "\tmax \n", 0, "max\n" },
	{ "+9", 0, "9\n" },
	{ "0x10", 0, "16\n" },
	{ "0X1f", 0, "31\n" },
	{ "010", 0, "8\n" },               /* octal */
	{ "0", 0, "0\n" },
	{ "4194304", 0, "4194304\n" },     /* PID_MAX_LIMIT */
	{ "4194305", -EINVAL, "4194304\n" },
	{ "0x400001", -EINVAL, "4194304\n" },
	{ "-1", -EINVAL, "4194304\n" },
	{ "-0", 0, "0\n" },
	{ "08", -EINVAL, "0\n" },
	{ "MAX", -EINVAL, "0\n" },
	{ "max max", -EINVAL, "0\n" },
	{ "maxx", -EINVAL, "0\n" },
	{ "1 2", -EINVAL, "0\n" },
	{ "5abc", -EINVAL, "0\n" },
	{ "1.5", -EINVAL, "0\n" },
	{ "++1", -EINVAL, "0\n" },
	{ "\n", -EINVAL, "0\n" },
	{ "   ", -EINVAL, "0\n" },
	{ "9223372036854775807", -EINVAL, "0\n" },
	{ "9223372036854775808", -ERANGE, "0\n" },
	{ "-9223372036854775809", -ERANGE, "0\n" },
	{ "99999999999999999999", -ERANGE, "0\n" },
	{ "3", 0, "3\n" },
};

static void test_max_parse(void **state)
{
	struct fx *fx = *state;
	size_t i;

	mkdir_ok(fx, "/a");
	for (i = 0; i < ARRAY_SIZE(max_cases); i++) {
		const struct max_case *c = &max_cases[i];
		ssize_t ret = wr(fx, "/a/pids.max", c->in);
		ssize_t want = c->err ? c->err : (ssize_t)strlen(c->in);

		if (ret != want)
			fail_msg("row %zu: write \"%s\": got %zd, expected %zd", i, c->in, ret, want);
		assert_file(fx, "/a/pids.max", c->read);
	}
	/* a 0-byte write never reaches the handler */
	{
		struct ucg_file *f;

		assert_int_equal(ucg_open(fx->m, "/a/pids.max", O_WRONLY, &fx->root, &f), 0);
		assert_int_equal(ucg_write(f, "", 0, NULL), 0);
		ucg_close(f);
		assert_file(fx, "/a/pids.max", "3\n");
	}
}

static void test_fork_counts_and_refused_at_limit(void **state)
{
	struct fx *fx = *state;
	pid_t p, c1, c2, c3;

	mkdir_ok(fx, "/a");
	wr_ok(fx, "/a/pids.max", "2");
	p = spawn_in(fx, "/a");
	assert_current(fx, "/a", 1);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c1), 0);
	assert_current(fx, "/a", 2);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c2), -EAGAIN);
	assert_int_equal(ucg_sim_fork(fx->ucg, c1, 0, &c2), -EAGAIN);
	assert_current(fx, "/a", 2);
	assert_events(fx, "/a", "pids.events", 2);
	assert_events(fx, "/a", "pids.events.local", 2);

	/* a zombie still counts; reaping releases it */
	assert_int_equal(ucg_sim_exit(fx->ucg, c1), 0);
	assert_current(fx, "/a", 2);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c2), -EAGAIN);
	assert_int_equal(ucg_sim_reap(fx->ucg, c1), 0);
	assert_current(fx, "/a", 1);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c3), 0);
	assert_current(fx, "/a", 2);
	assert_file(fx, "/a/pids.peak", "2\n");
}

static void test_fork_refused_at_ancestor(void **state)
{
	struct fx *fx = *state;
	pid_t p, q, c;

	make_abc(fx, true);
	wr_ok(fx, "/a/pids.max", "3");
	p = spawn_in(fx, "/a/b/c");
	q = spawn_in(fx, "/a/b/c");
	assert_current(fx, "/a", 2);
	assert_current(fx, "/a/b", 2);
	assert_current(fx, "/a/b/c", 2);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), 0);
	assert_current(fx, "/a/b/c", 3);
	/* the limit of /a (two levels up) refuses, nothing stays charged */
	assert_int_equal(ucg_sim_fork(fx->ucg, q, 0, &c), -EAGAIN);
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, q, &c), -EAGAIN);
	assert_current(fx, "/a", 3);
	assert_current(fx, "/a/b", 3);
	assert_current(fx, "/a/b/c", 3);
	/* as the kernel: levels below the refusing one took the charge first */
	assert_file(fx, "/a/b/c/pids.peak", "4\n");
	assert_file(fx, "/a/pids.peak", "3\n");
	/* a limit on a sibling subtree does not matter */
	mkdir_ok(fx, "/z");
	wr_ok(fx, "/z/pids.max", "0");
	wr_ok(fx, "/a/pids.max", "max");
	assert_int_equal(ucg_sim_fork(fx->ucg, q, 0, &c), 0);
	assert_current(fx, "/a", 4);
	assert_current(fx, "/z", 0);
}

/* v2 default: L.local, L and L's ancestors count "max"; F only its forkfail. */
static void test_events_hierarchical(void **state)
{
	struct fx *fx = *state;
	pid_t p, c;

	make_abc(fx, true);
	wr_ok(fx, "/a/b/pids.max", "1");
	p = spawn_in(fx, "/a/b/c");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);

	assert_events(fx, "/a/b/c", "pids.events", 0);
	assert_events(fx, "/a/b/c", "pids.events.local", 0);
	assert_events(fx, "/a/b", "pids.events", 2);
	assert_events(fx, "/a/b", "pids.events.local", 2);
	assert_events(fx, "/a", "pids.events", 2);
	assert_events(fx, "/a", "pids.events.local", 0);

	/* now the limit of /a/b/c itself refuses */
	wr_ok(fx, "/a/b/pids.max", "max");
	wr_ok(fx, "/a/b/c/pids.max", "1");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	assert_events(fx, "/a/b/c", "pids.events", 1);
	assert_events(fx, "/a/b/c", "pids.events.local", 1);
	assert_events(fx, "/a/b", "pids.events", 3);
	assert_events(fx, "/a/b", "pids.events.local", 2);
	assert_events(fx, "/a", "pids.events", 3);
	assert_events(fx, "/a", "pids.events.local", 0);
}

/* pids_localevents: both files show the forking cgroup's own failures. */
static void test_events_localevents(void **state)
{
	struct fx *fx = *state;
	pid_t p, c;

	make_abc(fx, true);
	wr_ok(fx, "/a/b/pids.max", "1");
	p = spawn_in(fx, "/a/b/c");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);

	assert_events(fx, "/a/b/c", "pids.events", 1);
	assert_events(fx, "/a/b/c", "pids.events.local", 1);
	assert_events(fx, "/a/b", "pids.events", 0);
	assert_events(fx, "/a/b", "pids.events.local", 0);
	assert_events(fx, "/a", "pids.events", 0);
	assert_events(fx, "/a", "pids.events.local", 0);
}

/* The mount option can be switched by remount; the counters were kept. */
static void test_events_remount_localevents(void **state)
{
	struct fx *fx = *state;
	pid_t p, c;

	make_abc(fx, true);
	wr_ok(fx, "/a/b/pids.max", "1");
	p = spawn_in(fx, "/a/b/c");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	assert_events(fx, "/a/b", "pids.events", 1);
	assert_events(fx, "/a/b/c", "pids.events", 0);

	assert_int_equal(ucg_remount(fx->m, "pids_localevents", &fx->root), 0);
	assert_events(fx, "/a/b", "pids.events", 0);
	assert_events(fx, "/a/b/c", "pids.events", 1);
	assert_int_equal(ucg_remount(fx->m, "", &fx->root), 0);
	assert_events(fx, "/a/b", "pids.events", 1);
	assert_events(fx, "/a/b/c", "pids.events", 0);
}

static void test_threads_counted(void **state)
{
	struct fx *fx = *state;
	pid_t p, t1, t2, t3;

	mkdir_ok(fx, "/a");
	p = spawn_in(fx, "/a");
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, p, &t1), 0);
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, p, &t2), 0);
	assert_current(fx, "/a", 3);
	wr_ok(fx, "/a/pids.max", "3");
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, t1, &t3), -EAGAIN);
	assert_int_equal(ucg_sim_fork(fx->ucg, t2, 0, &t3), -EAGAIN);
	assert_events(fx, "/a", "pids.events", 2);

	/* a non-leader thread is released when it exits */
	assert_int_equal(ucg_sim_exit(fx->ucg, t1), 0);
	assert_current(fx, "/a", 2);
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, p, &t3), 0);
	assert_current(fx, "/a", 3);

	/* the group exits: the zombie leader counts until reaped */
	assert_int_equal(ucg_sim_exit_group(fx->ucg, p), 0);
	assert_current(fx, "/a", 1);
	assert_int_equal(ucg_sim_reap(fx->ucg, p), 0);
	assert_current(fx, "/a", 0);
	assert_file(fx, "/a/pids.peak", "3\n");
}

/* A leader that exits first stays counted while its threads live. */
static void test_leader_exits_first(void **state)
{
	struct fx *fx = *state;
	pid_t p, t;

	mkdir_ok(fx, "/a");
	p = spawn_in(fx, "/a");
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, p, &t), 0);
	assert_int_equal(ucg_sim_exit(fx->ucg, p), 0);
	assert_current(fx, "/a", 2);
	assert_int_equal(ucg_sim_exit(fx->ucg, t), 0);
	assert_current(fx, "/a", 1);
	assert_int_equal(ucg_sim_reap(fx->ucg, p), 0);
	assert_current(fx, "/a", 0);
}

static void test_migration_moves_charge(void **state)
{
	struct fx *fx = *state;
	pid_t p, q, t1, t2, c;

	mkdir_ok(fx, "/a");
	mkdir_ok(fx, "/b");
	wr_ok(fx, "/a/pids.max", "1");
	p = spawn_in(fx, "/a");
	q = spawn_in(fx, "/b");
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, q, &t1), 0);
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, q, &t2), 0);
	assert_current(fx, "/a", 1);
	assert_current(fx, "/b", 3);

	/* three threads move into /a although pids.max is 1: never refused */
	move_to(fx, "/a", "cgroup.procs", q);
	assert_current(fx, "/a", 4);
	assert_current(fx, "/b", 0);
	assert_file(fx, "/a/pids.peak", "4\n");
	assert_file(fx, "/b/pids.peak", "3\n");
	assert_events(fx, "/a", "pids.events", 0);

	/* but forks there are refused */
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	assert_events(fx, "/a", "pids.events", 1);

	/* moving back restores both counts; exits uncharge the right cgroup */
	move_to(fx, "/b", "cgroup.procs", q);
	assert_current(fx, "/a", 1);
	assert_current(fx, "/b", 3);
	assert_int_equal(ucg_sim_exit(fx->ucg, t1), 0);
	assert_current(fx, "/b", 2);
	assert_current(fx, "/a", 1);
	move_to(fx, "/b", "cgroup.procs", p);
	assert_current(fx, "/a", 0);
	assert_current(fx, "/b", 3);
}

/* Migration between /a/x and /a/y keeps /a's count; to the root uncharges. */
static void test_migration_within_subtree(void **state)
{
	struct fx *fx = *state;
	pid_t p;

	mkdir_ok(fx, "/a");
	wr_ok(fx, "/a/cgroup.subtree_control", "+pids");
	mkdir_ok(fx, "/a/x");
	mkdir_ok(fx, "/a/y");
	wr_ok(fx, "/a/pids.max", "1");
	p = spawn_in(fx, "/a/x");
	move_to(fx, "/a/y", "cgroup.procs", p);
	assert_current(fx, "/a", 1);
	assert_current(fx, "/a/x", 0);
	assert_current(fx, "/a/y", 1);
	/* as the kernel: the destination is charged before the source is
	 * uncharged, so the common ancestor peaks at 2 for a moment */
	assert_file(fx, "/a/pids.peak", "2\n");
	assert_file(fx, "/a/x/pids.peak", "1\n");
	assert_file(fx, "/a/y/pids.peak", "1\n");
	move_to(fx, "", "cgroup.procs", p);
	assert_current(fx, "/a", 0);
	assert_current(fx, "/a/y", 0);
}

static void test_limit_below_current(void **state)
{
	struct fx *fx = *state;
	pid_t p, c;

	mkdir_ok(fx, "/a");
	p = spawn_in(fx, "/a");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), 0);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), 0);
	wr_ok(fx, "/a/pids.max", "1");
	assert_file(fx, "/a/pids.max", "1\n");
	assert_current(fx, "/a", 3);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	wr_ok(fx, "/a/pids.max", "0");
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, p, &c), -EAGAIN);
	assert_events(fx, "/a", "pids.events", 2);
}

static void test_peak(void **state)
{
	struct fx *fx = *state;
	pid_t p, c[4];
	int i;

	mkdir_ok(fx, "/a");
	p = spawn_in(fx, "/a");
	for (i = 0; i < 4; i++)
		assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c[i]), 0);
	assert_file(fx, "/a/pids.peak", "5\n");
	for (i = 0; i < 4; i++) {
		assert_int_equal(ucg_sim_exit(fx->ucg, c[i]), 0);
		assert_int_equal(ucg_sim_reap(fx->ucg, c[i]), 0);
	}
	assert_current(fx, "/a", 1);
	assert_file(fx, "/a/pids.peak", "5\n");
	/* a refused fork does not raise the peak */
	wr_ok(fx, "/a/pids.max", "1");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c[0]), -EAGAIN);
	assert_file(fx, "/a/pids.peak", "5\n");
}

/* A fork refused by an ancestor does not raise the peak below it either. */
/* The kernel raises each level's watermark as that level takes the charge:
 * a fork refused at /a still raised the peaks of /a/b/c and /a/b. */
static void test_peak_raised_below_refusing_level(void **state)
{
	struct fx *fx = *state;
	pid_t p, c;

	make_abc(fx, true);
	wr_ok(fx, "/a/pids.max", "1");
	p = spawn_in(fx, "/a/b/c");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	assert_file(fx, "/a/b/c/pids.peak", "2\n");
	assert_file(fx, "/a/b/pids.peak", "2\n");
	assert_file(fx, "/a/pids.peak", "1\n");
	assert_current(fx, "/a/b/c", 1);
}

/* pids only counts below the root and in cgroups where it is enabled. */
static void test_enabled_subtree_only(void **state)
{
	struct fx *fx = *state;
	pid_t p, c;

	mkdir_ok(fx, "/a");
	mkdir_ok(fx, "/a/b");   /* pids not enabled in /a: /a/b uses /a's css */
	wr_ok(fx, "/a/pids.max", "1");
	assert_absent(fx, "/a/b/pids.max");
	p = spawn_in(fx, "/a/b");
	assert_current(fx, "/a", 1);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	assert_events(fx, "/a", "pids.events", 1);
	assert_events(fx, "/a", "pids.events.local", 1);
	/* processes in the root are never limited */
	assert_int_equal(ucg_sim_fork(fx->ucg, 0, 0, &c), 0);
	assert_current(fx, "/a", 1);
}

struct notes {
	int n;
	struct {
		uint64_t cgroup_id;
		char file[64];
	} ev[64];
};

static void record_notify(void *arg, int hier_id, uint64_t cgroup_id, uint64_t ino,
			  const char *file)
{
	struct notes *no = arg;

	if (no->n < (int)ARRAY_SIZE(no->ev)) {
		no->ev[no->n].cgroup_id = cgroup_id;
		snprintf(no->ev[no->n].file, sizeof(no->ev[no->n].file), "%s", file);
		no->n++;
	}
}

static bool notified(const struct notes *no, uint64_t id, const char *file)
{
	int i;

	for (i = 0; i < no->n; i++)
		if (no->ev[i].cgroup_id == id && !strcmp(no->ev[i].file, file))
			return true;
	return false;
}

static uint64_t cgroup_id(struct fx *fx, const char *path)
{
	struct ucg_stat st;

	assert_int_equal(ucg_stat(fx->m, path, &st), 0);
	return st.cgroup_id;
}

static void test_events_notify(void **state)
{
	struct fx *fx = *state;
	struct notes no;
	pid_t p, c;

	memset(&no, 0, sizeof(no));
	make_abc(fx, true);
	wr_ok(fx, "/a/b/pids.max", "1");
	p = spawn_in(fx, "/a/b/c");
	ucg_set_notify(fx->ucg, record_notify, &no);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	ucg_set_notify(fx->ucg, NULL, NULL);

	assert_true(notified(&no, cgroup_id(fx, "/a/b"), "pids.events"));
	assert_true(notified(&no, cgroup_id(fx, "/a/b"), "pids.events.local"));
	assert_true(notified(&no, cgroup_id(fx, "/a"), "pids.events"));
	assert_false(notified(&no, cgroup_id(fx, "/a"), "pids.events.local"));
	assert_false(notified(&no, cgroup_id(fx, "/a/b/c"), "pids.events"));
}

/* A fork that fails after pids charged it (ENOMEM later) is uncharged. */
static void test_fork_failure_unwinds(void **state)
{
	struct fx *fx = *state;
	pid_t p, c = 0;
	long nth;
	int ret = -ENOMEM;

	make_abc(fx, true);
	p = spawn_in(fx, "/a/b/c");
	for (nth = 1; nth < 200 && ret == -ENOMEM; nth++) {
		ucg_debug_fail_alloc(fx->ucg, nth);
		ret = ucg_sim_fork(fx->ucg, p, 0, &c);
		ucg_debug_fail_alloc(fx->ucg, 0);
		if (ret == -ENOMEM) {
			assert_current(fx, "/a", 1);
			assert_current(fx, "/a/b/c", 1);
		}
	}
	assert_int_equal(ret, 0);
	assert_current(fx, "/a", 2);
	assert_current(fx, "/a/b", 2);
	assert_current(fx, "/a/b/c", 2);
}

/* Removing cgroups once their tasks left, with limits and events set. */
static void test_rmdir(void **state)
{
	struct fx *fx = *state;
	pid_t p, c;

	make_abc(fx, true);
	mkdir_ok(fx, "/z");
	wr_ok(fx, "/a/b/c/pids.max", "1");
	p = spawn_in(fx, "/a/b/c");
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	move_to(fx, "/z", "cgroup.procs", p);
	assert_current(fx, "/z", 1);
	assert_current(fx, "/a", 0);
	assert_int_equal(ucg_rmdir(fx->m, "/a/b/c", &fx->root), 0);
	assert_int_equal(ucg_rmdir(fx->m, "/a/b", &fx->root), 0);
	assert_int_equal(ucg_rmdir(fx->m, "/a", &fx->root), 0);
	assert_int_equal(ucg_sim_exit(fx->ucg, p), 0);
	assert_int_equal(ucg_sim_reap(fx->ucg, p), 0);
	assert_current(fx, "/z", 0);
}

/* ---- v1 ---- */

static void test_v1_files(void **state)
{
	struct fx *fx = *state;

	mkdir_ok(fx, "/a");
	assert_absent(fx, "/pids.max");
	assert_absent(fx, "/pids.current");
	assert_absent(fx, "/pids.events");
	assert_absent(fx, "/a/pids.events.local");
	assert_file(fx, "/a/pids.max", "max\n");
	assert_file(fx, "/a/pids.current", "0\n");
	assert_file(fx, "/a/pids.peak", "0\n");
	assert_file(fx, "/a/pids.events", "max 0\n");
	wr_ok(fx, "/a/pids.max", "0x20\n");
	assert_file(fx, "/a/pids.max", "32\n");
	assert_int_equal(wr(fx, "/a/pids.max", "-1"), -EINVAL);
	assert_int_equal(wr(fx, "/a/pids.max", "4194305"), -EINVAL);
}

/* v1: pids.events counts the forking cgroup's own failures. */
static void test_v1_fork_and_events(void **state)
{
	struct fx *fx = *state;
	pid_t p, t, c;

	make_abc(fx, false);
	wr_ok(fx, "/a/pids.max", "2");
	p = spawn_in(fx, "/a/b/c");
	assert_int_equal(ucg_sim_clone_thread(fx->ucg, p, &t), 0);
	assert_current(fx, "/a", 2);
	assert_current(fx, "/a/b", 2);
	assert_current(fx, "/a/b/c", 2);
	assert_int_equal(ucg_sim_fork(fx->ucg, p, 0, &c), -EAGAIN);
	assert_events(fx, "/a/b/c", "pids.events", 1);
	assert_events(fx, "/a/b", "pids.events", 0);
	assert_events(fx, "/a", "pids.events", 0);

	/* a thread moved alone through "tasks" moves one charge */
	move_to(fx, "/a/b", "tasks", t);
	assert_current(fx, "/a/b/c", 1);
	assert_current(fx, "/a/b", 2);
	assert_current(fx, "/a", 2);
	assert_int_equal(ucg_sim_fork(fx->ucg, t, 0, &c), -EAGAIN);
	assert_events(fx, "/a/b", "pids.events", 1);
}

int main(void)
{
#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_files_and_defaults, fx_v2_setup),
		T(test_max_parse, fx_v2_setup),
		T(test_fork_counts_and_refused_at_limit, fx_v2_setup),
		T(test_fork_refused_at_ancestor, fx_v2_setup),
		T(test_events_hierarchical, fx_v2_setup),
		T(test_events_localevents, fx_v2_local_setup),
		T(test_events_remount_localevents, fx_v2_setup),
		T(test_threads_counted, fx_v2_setup),
		T(test_leader_exits_first, fx_v2_setup),
		T(test_migration_moves_charge, fx_v2_setup),
		T(test_migration_within_subtree, fx_v2_setup),
		T(test_limit_below_current, fx_v2_setup),
		T(test_peak, fx_v2_setup),
		T(test_peak_raised_below_refusing_level, fx_v2_setup),
		T(test_enabled_subtree_only, fx_v2_setup),
		T(test_events_notify, fx_v2_setup),
		T(test_fork_failure_unwinds, fx_v2_setup),
		T(test_rmdir, fx_v2_setup),
		T(test_v1_files, fx_v1_setup),
		T(test_v1_fork_and_events, fx_v1_setup),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
