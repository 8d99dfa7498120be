// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_migrate.c - migration is all or nothing, css_sets are shared and
 * refcounted, and forks/exits/releases leave nothing behind:
 *  - a refusing can_attach makes every controller already asked cancel, and
 *    no task moves (pids charges stay where they were);
 *  - an allocation failure at any point of a migration changes nothing;
 *  - a refusing can_fork cancels the earlier controllers' can_fork;
 *  - tasks with identical memberships share one css_set; counts return to
 *    the baseline when tasks and cgroups go.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static struct ucg_counters counters(struct th *t)
{
	struct ucg_counters c;

	ucg_get_counters(t->ucg, &c);
	return c;
}

/* /a and /b with pids and rdma enabled, one process with two threads in /a. */
static struct th *setup_ab(pid_t *pid)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t tid;

	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	assert_int_equal(th_mkdir_p(t->m, "/a", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/b", &t->root), 0);
	*pid = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, *pid, &tid), 0);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, *pid, &tid), 0);
	return t;
}

static void move_pid(struct th *t, const char *cg, pid_t pid, int err)
{
	char path[64], buf[16];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(buf, sizeof(buf), "%d", pid);
	th_assert_write(t, path, buf, err);
}

static void test_can_attach_refusal_cancels_earlier(void **state)
{
	pid_t pid;
	struct th *t = setup_ab(&pid);
	char expect[16];

	(void)state;
	th_assert_read(t, "/a/pids.current", "3\n");
	/* rdma (after pids in id order) refuses: pids must cancel its charge move */
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "rdma", "can_attach", -ENOSPC), 0);
	move_pid(t, "/b", pid, -ENOSPC);
	th_assert_read(t, "/a/pids.current", "3\n");
	th_assert_read(t, "/b/pids.current", "0\n");
	snprintf(expect, sizeof(expect), "%d\n", pid);
	th_assert_read(t, "/a/cgroup.procs", expect);
	th_assert_read(t, "/b/cgroup.procs", "");
	th_assert_read(t, "/b/cgroup.events", "populated 0\nfrozen 0\n");
	/* pids itself refusing: nothing asked before it, nothing moves */
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "rdma", "can_attach", 0), 0);
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "pids", "can_attach", -EINVAL), 0);
	move_pid(t, "/b", pid, -EINVAL);
	th_assert_read(t, "/a/pids.current", "3\n");
	/* cleared: the move goes through with its charges */
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "pids", "can_attach", 0), 0);
	move_pid(t, "/b", pid, 0);
	th_assert_read(t, "/a/pids.current", "0\n");
	th_assert_read(t, "/b/pids.current", "3\n");
	th_assert_read(t, "/b/cgroup.procs", expect);
	th_free(t);
}

static void test_debug_hook_names(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	(void)state;
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "memoryx", "can_attach", -EIO), -EINVAL);
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "pids", "attach", -EIO), -EINVAL);
	th_free(t);
}

/* Every allocation a migration makes may fail: each failure leaves all as it was. */
static void test_migration_enomem_changes_nothing(void **state)
{
	int nth, failures = 0;

	(void)state;
	for (nth = 1; nth < 64; nth++) {
		pid_t pid;
		struct th *t = setup_ab(&pid);
		struct ucg_counters before = counters(t);
		char path[64], buf[16];
		ssize_t r;

		snprintf(buf, sizeof(buf), "%d", pid);
		snprintf(path, sizeof(path), "/b/cgroup.procs");
		/* open first, so the injected failure hits the write */
		struct ucg_file *f;

		assert_int_equal(ucg_open(t->m, path, O_WRONLY, &t->root, &f), 0);
		ucg_debug_fail_alloc(t->ucg, nth);
		r = ucg_write(f, buf, strlen(buf), NULL);
		ucg_debug_fail_alloc(t->ucg, 0);
		ucg_close(f);
		if (r == (ssize_t)strlen(buf)) {
			th_assert_read(t, "/b/pids.current", "3\n");
			th_free(t);
			break;
		}
		failures++;
		assert_int_equal(r, -ENOMEM);
		th_assert_read(t, "/a/pids.current", "3\n");
		th_assert_read(t, "/b/pids.current", "0\n");
		th_assert_read(t, "/b/cgroup.procs", "");
		assert_int_equal(counters(t).nr_css_sets, before.nr_css_sets);
		assert_int_equal(counters(t).bytes_in_use, before.bytes_in_use);
		th_free(t);
	}
	assert_true(failures > 0); /* the migration does allocate */
	assert_true(nth < 64);
}

static void test_can_fork_refusal_cancels_earlier(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t pid, child;

	(void)state;
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	assert_int_equal(th_mkdir_p(t->m, "/a", &t->root), 0);
	pid = th_spawn(t, "/a");
	th_assert_read(t, "/a/pids.current", "1\n");
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "rdma", "can_fork", -ENOMEM), 0);
	assert_int_equal(ucg_sim_fork(t->ucg, pid, 0, &child), -ENOMEM);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, pid, &child), -ENOMEM);
	/* pids charged in its can_fork and must have cancelled */
	th_assert_read(t, "/a/pids.current", "1\n");
	assert_int_equal(counters(t).nr_tasks, 1);
	assert_int_equal(ucg_debug_fail_hook(t->ucg, "rdma", "can_fork", 0), 0);
	assert_int_equal(ucg_sim_fork(t->ucg, pid, 0, &child), 0);
	th_assert_read(t, "/a/pids.current", "2\n");
	th_free(t);
}

static void test_css_sets_shared_and_released(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_counters base = counters(t);
	pid_t pids[20];
	int i;

	(void)state;
	assert_int_equal(th_mkdir_p(t->m, "/a", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/b", &t->root), 0);
	for (i = 0; i < 20; i++)
		pids[i] = th_spawn(t, i % 2 ? "/a" : "/b");
	/* init's set plus one per cgroup: identical memberships share */
	assert_int_equal(counters(t).nr_css_sets, base.nr_css_sets + 2);
	for (i = 0; i < 20; i++)
		assert_int_equal(ucg_sim_exit(t->ucg, pids[i]), 0);
	/* zombies keep their sets */
	assert_int_equal(counters(t).nr_css_sets, base.nr_css_sets + 2);
	th_assert_read(t, "/a/cgroup.events", "populated 0\nfrozen 0\n");
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	assert_int_equal(counters(t).nr_dying, 1);
	for (i = 0; i < 20; i++)
		assert_int_equal(ucg_sim_reap(t->ucg, pids[i]), 0);
	assert_int_equal(counters(t).nr_dying, 0);
	assert_int_equal(counters(t).nr_css_sets, base.nr_css_sets);
	assert_int_equal(counters(t).nr_tasks, 0);
	assert_int_equal(ucg_rmdir(t->m, "/b", &t->root), 0);
	assert_int_equal(counters(t).nr_cgroups, base.nr_cgroups);
	assert_int_equal(counters(t).bytes_in_use, base.bytes_in_use);
	th_free(t);
}

static void test_fork_inherits_and_threads_follow(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t pid, child, tid;
	char expect[64];

	(void)state;
	assert_int_equal(th_mkdir_p(t->m, "/a", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/b", &t->root), 0);
	pid = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_fork(t->ucg, pid, 0, &child), 0);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, child, &tid), 0);
	snprintf(expect, sizeof(expect), "%d\n%d\n", pid, child);
	th_assert_read(t, "/a/cgroup.procs", expect);
	/* a thread moved alone, then its process: the thread comes along */
	{
		char buf[16];

		snprintf(buf, sizeof(buf), "%d", child);
		th_assert_write(t, "/b/cgroup.procs", buf, 0);
	}
	snprintf(expect, sizeof(expect), "%d\n%d\n", child, tid);
	th_assert_read(t, "/b/cgroup.threads", expect);
	snprintf(expect, sizeof(expect), "%d\n", pid);
	th_assert_read(t, "/a/cgroup.procs", expect);
	th_free(t);
}

/* A process sent SIGKILL by cgroup.kill cannot fork before it dies: the
 * kill reaches everything that was in the cgroup. */
static void test_killed_process_cannot_fork(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t pid, child;

	(void)state;
	assert_int_equal(th_mkdir_p(t->m, "/a", &t->root), 0);
	pid = th_spawn(t, "/a");
	th_assert_write(t, "/a/cgroup.kill", "1", 0);
	assert_int_equal(ucg_sim_fork(t->ucg, pid, 0, &child), -EINTR);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, pid, &child), -EINTR);
	ucg_sim_settle(t->ucg);
	th_assert_read(t, "/a/cgroup.events", "populated 0\nfrozen 0\n");
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_can_attach_refusal_cancels_earlier),
		cmocka_unit_test(test_debug_hook_names),
		cmocka_unit_test(test_migration_enomem_changes_nothing),
		cmocka_unit_test(test_can_fork_refusal_cancels_earlier),
		cmocka_unit_test(test_css_sets_shared_and_released),
		cmocka_unit_test(test_fork_inherits_and_threads_follow),
		cmocka_unit_test(test_killed_process_cannot_fork),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
