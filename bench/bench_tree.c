// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_tree.c - does the cost of the engine's tree operations depend on the
 * size of the tree?
 *
 * For trees of 1k, 10k and 100k cgroups (two levels: N/100 groups of 100
 * leaves), with no controller and with pids enabled everywhere:
 *
 *  - steady state: with the whole tree in place, operations on a working set
 *    of 1,000 random leaves (the same amount of work at every size):
 *    mkdir+rmdir of a child, migration of simulated processes (a write of
 *    the PID to cgroup.procs, path resolution included), a read of
 *    cgroup.events.  An O(1) engine keeps these flat: ratio 100k/1k <= 1.5.
 *  - build and teardown: mkdir of all N cgroups, migrations to leaves chosen
 *    among all N, rmdir of all N.  These touch N different objects, so past
 *    the CPU caches each operation also pays memory misses; printed for
 *    information, with the same ratio.
 *
 * Also prints the engine's memory per cgroup.  Sizes are interleaved and
 * each is measured five times (median kept): the machine is shared and noisy.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ucg/ucg.h>

#define NR_TASKS 1000
#define WORKING_SET 1000
#define NR_OPS_EACH 50000
#define REPEAT 5
#define NR_SIZES 3

enum {
	OP_MKRM, OP_MIGRATE, OP_READ,          /* steady state, working set */
	OP_BUILD, OP_SPREAD, OP_TEARDOWN,      /* whole tree */
	NR_OPS
};
static const char *const op_names[NR_OPS] = {
	"mkdir+rmdir", "migrate", "read events", "mkdir all", "migrate all", "rmdir all",
};

struct result {
	double ns[NR_OPS];
	double bytes_per_cgroup;
};

static const struct ucg_cred root = UCG_CRED_ROOT;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_tree: %s: %s\n", what, strerror(-err));
	exit(1);
}

static void leaf_path(char *buf, size_t len, int i)
{
	snprintf(buf, len, "/g%d/c%d", i / 100, i % 100);
}

static uint64_t bytes_in_use(struct ucg *u)
{
	struct ucg_counters c;

	ucg_get_counters(u, &c);
	return c.bytes_in_use;
}

static double build_tree(struct ucg_mount *m, int n, bool pids)
{
	char path[64];
	double t0;
	int i, ret;

	if (pids && (ret = ucg_write_file(m, "/cgroup.subtree_control", "+pids", &root)))
		die("enable pids at root", ret);
	for (i = 0; i < n / 100; i++) {
		snprintf(path, sizeof(path), "/g%d", i);
		if ((ret = ucg_mkdir(m, path, 0755, &root)))
			die("mkdir group", ret);
		snprintf(path, sizeof(path), "/g%d/cgroup.subtree_control", i);
		if (pids && (ret = ucg_write_file(m, path, "+pids", &root)))
			die("enable pids", ret);
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		leaf_path(path, sizeof(path), i);
		if ((ret = ucg_mkdir(m, path, 0755, &root)))
			die("mkdir", ret);
	}
	return (now_ns() - t0) / n;
}

static double bench_mkrm(struct ucg_mount *m, const int *ws)
{
	char path[96];
	double t0 = now_ns();
	int i, ret;

	for (i = 0; i < NR_OPS_EACH; i++) {
		leaf_path(path, sizeof(path), ws[i % WORKING_SET]);
		strcat(path, "/x");
		if ((ret = ucg_mkdir(m, path, 0755, &root)) || (ret = ucg_rmdir(m, path, &root)))
			die("mkdir+rmdir", ret);
	}
	return (now_ns() - t0) / NR_OPS_EACH;
}

/* Migrate tasks to the leaves @pick(i) returns. */
static double bench_migrate(struct ucg_mount *m, const pid_t *pids, const int *targets, int nr)
{
	char path[96], pid[16];
	double t0 = now_ns();
	int i, ret;

	for (i = 0; i < nr; i++) {
		leaf_path(path, sizeof(path), targets[i]);
		strcat(path, "/cgroup.procs");
		snprintf(pid, sizeof(pid), "%d", pids[i % NR_TASKS]);
		if ((ret = ucg_write_file(m, path, pid, &root)))
			die("migrate", ret);
	}
	return (now_ns() - t0) / nr;
}

static double bench_read(struct ucg_mount *m, const int *ws)
{
	struct ucg_file *f;
	char path[96], buf[64];
	double t0, total = 0;
	int i, ret;

	for (i = 0; i < NR_OPS_EACH; i++) {
		leaf_path(path, sizeof(path), ws[i % WORKING_SET]);
		strcat(path, "/cgroup.events");
		if ((ret = ucg_open(m, path, O_RDONLY, &root, &f)))
			die("open", ret);
		t0 = now_ns();
		if (ucg_read(f, buf, sizeof(buf), 0) <= 0)
			die("read", -5);
		total += now_ns() - t0;
		ucg_close(f);
	}
	return total / NR_OPS_EACH;
}

static double teardown(struct ucg_mount *m, const pid_t *pids, int n)
{
	char path[64], pid[16];
	double t0;
	int i, ret;

	for (i = 0; i < NR_TASKS; i++) {
		snprintf(pid, sizeof(pid), "%d", pids[i]);
		if ((ret = ucg_write_file(m, "/cgroup.procs", pid, &root)))
			die("move back", ret);
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		leaf_path(path, sizeof(path), i);
		if ((ret = ucg_rmdir(m, path, &root)))
			die("rmdir", ret);
	}
	return (now_ns() - t0) / n;
}

static void run_once(int n, bool pids_on, unsigned int seed, struct result *r)
{
	struct ucg *u = ucg_new_sim();
	struct ucg_mount *m;
	pid_t pids[NR_TASKS];
	int *ws = malloc(WORKING_SET * sizeof(*ws));
	int *spread = malloc(NR_OPS_EACH * sizeof(*spread));
	int *ws_targets = malloc(NR_OPS_EACH * sizeof(*ws_targets));
	uint64_t before;
	int i, ret;

	if (!u || !ws || !spread || !ws_targets)
		die("setup", -12);
	for (i = 0; i < WORKING_SET; i++)
		ws[i] = n == WORKING_SET ? i : (int)(rand_r(&seed) % (unsigned int)n);
	for (i = 0; i < NR_OPS_EACH; i++) {
		spread[i] = (int)(rand_r(&seed) % (unsigned int)n);
		ws_targets[i] = ws[rand_r(&seed) % WORKING_SET];
	}
	if ((ret = ucg_mount(u, "cgroup2", NULL, &root, &m)))
		die("mount", ret);
	before = bytes_in_use(u);
	r->ns[OP_BUILD] = build_tree(m, n, pids_on);
	r->bytes_per_cgroup = (double)(bytes_in_use(u) - before) / (n + n / 100);
	for (i = 0; i < NR_TASKS; i++) {
		if ((ret = ucg_sim_fork(u, 0, 0, &pids[i])))
			die("fork", ret);
	}
	r->ns[OP_MKRM] = bench_mkrm(m, ws);
	r->ns[OP_SPREAD] = bench_migrate(m, pids, spread, NR_OPS_EACH);
	r->ns[OP_MIGRATE] = bench_migrate(m, pids, ws_targets, NR_OPS_EACH);
	r->ns[OP_READ] = bench_read(m, ws);
	r->ns[OP_TEARDOWN] = teardown(m, pids, n);
	ucg_umount(m);
	ucg_destroy(u);
	free(ws);
	free(spread);
	free(ws_targets);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void median_of(struct result runs[REPEAT], struct result *out)
{
	double v[REPEAT];
	int op, k;

	for (op = 0; op < NR_OPS; op++) {
		for (k = 0; k < REPEAT; k++)
			v[k] = runs[k].ns[op];
		qsort(v, REPEAT, sizeof(v[0]), cmp_double);
		out->ns[op] = v[REPEAT / 2];
	}
	out->bytes_per_cgroup = runs[0].bytes_per_cgroup;
}

static bool print_rows(struct result res[NR_SIZES], int from, int to, bool checked)
{
	bool ok = true;
	int op;

	for (op = from; op < to; op++) {
		double ratio = res[2].ns[op] / res[0].ns[op];
		bool over = ratio > 1.5;

		printf("  %-14s %8.0f %8.0f %8.0f %9.2f%s\n", op_names[op], res[0].ns[op],
		       res[1].ns[op], res[2].ns[op], ratio, checked && over ? "  > 1.5" : "");
		ok &= !over;
	}
	return ok;
}

int main(void)
{
	static const int sizes[NR_SIZES] = { 1000, 10000, 100000 };
	static struct result runs[2][NR_SIZES][REPEAT];
	struct result res[2][NR_SIZES];
	bool ok = true;
	int p, s, k;

	for (k = 0; k < REPEAT; k++)
		for (p = 0; p < 2; p++)
			for (s = 0; s < NR_SIZES; s++)
				run_once(sizes[s], p, 1234u + (unsigned int)k, &runs[p][s][k]);
	for (p = 0; p < 2; p++)
		for (s = 0; s < NR_SIZES; s++)
			median_of(runs[p][s], &res[p][s]);

	printf("bench_tree: ns per operation (median of %d runs); %d tasks, %d operations each\n",
	       REPEAT, NR_TASKS, NR_OPS_EACH);
	for (p = 0; p < 2; p++) {
		printf("\n%s\n", p ? "pids enabled in every cgroup" : "no controller enabled");
		printf("  %-14s %8s %8s %8s %9s\n", "operation", "1k", "10k", "100k", "100k/1k");
		printf("  steady state, working set of %d leaves:\n", WORKING_SET);
		ok &= print_rows(res[p], OP_MKRM, OP_BUILD, true);
		printf("  whole tree (N distinct cgroups, memory misses included):\n");
		print_rows(res[p], OP_BUILD, NR_OPS, false);
		printf("  %-14s %8.0f %8.0f %8.0f\n", "bytes/cgroup", res[p][0].bytes_per_cgroup,
		       res[p][1].bytes_per_cgroup, res[p][2].bytes_per_cgroup);
	}
	printf("\nsteady-state goal 100k/1k <= 1.5 (O(1) operations): %s\n", ok ? "met" : "NOT met");
	return 0;
}
