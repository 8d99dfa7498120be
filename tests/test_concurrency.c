// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_concurrency.c - the engine's public calls are safe from several
 * threads at once: threads mkdir and rmdir, fork, migrate, exit and reap
 * simulated tasks, toggle controllers and freeze, and read files, all on
 * one engine.  Afterwards every task is gone and every cgroup removed, and
 * the engine's counters must be back at their baseline: no css_set, css or
 * cgroup leaked, populated back to 0.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define NR_THREADS 4
#define NR_STEPS 1500
#define NR_CGROUPS 6

struct worker {
	struct th *t;
	unsigned int seed;
	pid_t pids[16];
	int nr_pids;
	int errors;       /* unexpected return values */
};

static void cg_path(char *buf, size_t len, unsigned int i, const char *file)
{
	snprintf(buf, len, "/c%u%s%s", i % NR_CGROUPS, file ? "/" : "", file ? file : "");
}

/* Expected outcomes of racing operations are accepted; anything else counts.
 * ENODEV is always acceptable: another thread may remove the cgroup between
 * our open and our read or write. */
static void expect(struct worker *w, long ret, long a, long b, long c)
{
	if (ret != a && ret != b && ret != c && ret != -ENODEV) {
		fprintf(stderr, "unexpected %ld\n", ret);
		w->errors++;
	}
}

static void step(struct worker *w)
{
	struct th *t = w->t;
	unsigned int r = (unsigned int)rand_r(&w->seed);
	char path[64], buf[16];
	pid_t pid;

	switch (r % 8) {
	case 0:
		cg_path(path, sizeof(path), r >> 3, NULL);
		expect(w, ucg_mkdir(t->m, path, 0755, &t->root), 0, -EEXIST, -EEXIST);
		break;
	case 1:
		cg_path(path, sizeof(path), r >> 3, NULL);
		expect(w, ucg_rmdir(t->m, path, &t->root), 0, -EBUSY, -ENOENT);
		break;
	case 2:
		if (w->nr_pids < 16 && ucg_sim_fork(t->ucg, 0, 0, &pid) == 0)
			w->pids[w->nr_pids++] = pid;
		break;
	case 3:
		if (!w->nr_pids)
			break;
		cg_path(path, sizeof(path), r >> 3, "cgroup.procs");
		snprintf(buf, sizeof(buf), "%d", w->pids[(r >> 8) % (unsigned int)w->nr_pids]);
		/* EBUSY: the target enabled controllers meanwhile (no internal processes) */
		expect(w, th_write(t->m, path, buf, &t->root), (long)strlen(buf), -ENOENT, -EBUSY);
		break;
	case 4:
		if (!w->nr_pids)
			break;
		pid = w->pids[--w->nr_pids];
		expect(w, ucg_sim_exit(t->ucg, pid), 0, 0, 0);
		expect(w, ucg_sim_reap(t->ucg, pid), 0, 0, 0);
		break;
	case 5:
		cg_path(path, sizeof(path), r >> 3, "cgroup.freeze");
		expect(w, th_write(t->m, path, (r >> 7) & 1 ? "1" : "0", &t->root), 1, -ENOENT, -ENODEV);
		break;
	case 6:
		cg_path(path, sizeof(path), r >> 3, "cgroup.subtree_control");
		/* EBUSY: tasks inside (no internal processes) */
		expect(w, th_write(t->m, path, (r >> 7) & 1 ? "+pids" : "-pids", &t->root),
		       5, -ENOENT, -EBUSY);
		break;
	default: {
		int err;
		char *s;

		cg_path(path, sizeof(path), r >> 3, (r >> 7) & 1 ? "cgroup.events" : "cgroup.stat");
		s = th_read(t->m, path, &t->root, &err);
		expect(w, s ? 0 : err, 0, -ENOENT, -ENODEV);
		free(s);
	}
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < NR_STEPS; i++)
		step(w);
	return NULL;
}

static void test_parallel_ops_leave_nothing_behind(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct worker w[NR_THREADS];
	pthread_t tid[NR_THREADS];
	struct ucg_counters base, end;
	char path[64], buf[16];
	unsigned int i;
	int k;

	(void)state;
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	ucg_get_counters(t->ucg, &base);
	for (k = 0; k < NR_THREADS; k++) {
		w[k] = (struct worker){ .t = t, .seed = 100u + (unsigned int)k };
		assert_int_equal(pthread_create(&tid[k], NULL, worker_main, &w[k]), 0);
	}
	for (k = 0; k < NR_THREADS; k++) {
		assert_int_equal(pthread_join(tid[k], NULL), 0);
		assert_int_equal(w[k].errors, 0);
	}
	/* every task exits and is reaped; every cgroup thawed and removed */
	for (k = 0; k < NR_THREADS; k++) {
		while (w[k].nr_pids) {
			pid_t pid = w[k].pids[--w[k].nr_pids];

			snprintf(buf, sizeof(buf), "%d", pid);
			assert_int_equal(ucg_sim_exit(t->ucg, pid), 0);
			assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
		}
	}
	for (i = 0; i < NR_CGROUPS; i++) {
		cg_path(path, sizeof(path), i, NULL);
		assert_true(ucg_rmdir(t->m, path, &t->root) == 0 ||
			    ucg_rmdir(t->m, path, &t->root) == -ENOENT);
	}
	th_assert_read(t, "/cgroup.stat",
		       "nr_descendants 0\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_pids 1\nnr_subsys_rdma 1\n"
		       "nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_pids 0\nnr_dying_subsys_rdma 0\n");
	ucg_get_counters(t->ucg, &end);
	assert_int_equal(end.nr_tasks, 0);
	assert_int_equal(end.nr_cgroups, base.nr_cgroups);
	assert_int_equal(end.nr_css, base.nr_css);
	assert_int_equal(end.nr_css_sets, base.nr_css_sets);
	assert_int_equal(end.bytes_in_use, base.bytes_in_use);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_ops_leave_nothing_behind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
