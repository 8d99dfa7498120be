// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_tree.c - cost of the engine's tree operations as the tree grows.
 *
 * For 1k, 10k and 100k cgroups (two levels: 100 groups of N/100 leaves),
 * with no controller and with pids enabled everywhere, measure in one run:
 * mkdir, migration of simulated processes among random leaves (a write of
 * the PID to cgroup.procs, path resolution included), a read of
 * cgroup.events, and rmdir.  Prints per-operation cost at each size, the
 * ratio 100k/1k for each (goal <= 1.5: O(1) operations), and the engine's
 * memory per cgroup.  Each size is measured five times and the median is
 * kept; sizes are interleaved, since the machine is shared and noisy.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ucg/ucg.h>

#define NR_TASKS 1000
#define NR_MIGRATIONS 50000
#define NR_READS 50000
#define REPEAT 5

enum { OP_MKDIR, OP_MIGRATE, OP_READ, OP_RMDIR, NR_OPS };
static const char *const op_names[NR_OPS] = { "mkdir", "migrate", "read events", "rmdir" };

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

static void leaf_path(char *buf, size_t len, int i, int per_group)
{
	snprintf(buf, len, "/g%d/c%d", i / per_group, i % per_group);
}

static uint64_t bytes_in_use(struct ucg *u)
{
	struct ucg_counters c;

	ucg_get_counters(u, &c);
	return c.bytes_in_use;
}

static void make_tree(struct ucg_mount *m, int n, bool pids, double *ns_per_mkdir)
{
	int groups = n / 100, per_group = 100, i, ret;
	char path[64];
	double t0;

	if (pids && (ret = ucg_write_file(m, "/cgroup.subtree_control", "+pids", &root)))
		die("enable pids at root", ret);
	for (i = 0; i < groups; i++) {
		snprintf(path, sizeof(path), "/g%d", i);
		if ((ret = ucg_mkdir(m, path, 0755, &root)))
			die("mkdir group", ret);
		snprintf(path, sizeof(path), "/g%d/cgroup.subtree_control", i);
		if (pids && (ret = ucg_write_file(m, path, "+pids", &root)))
			die("enable pids", ret);
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		leaf_path(path, sizeof(path), i, per_group);
		if ((ret = ucg_mkdir(m, path, 0755, &root)))
			die("mkdir", ret);
	}
	*ns_per_mkdir = (now_ns() - t0) / n;
}

static double bench_migrate(struct ucg *u, struct ucg_mount *m, int n, const pid_t *pids)
{
	char path[96], pid[16];
	unsigned int seed = 42;
	double t0 = now_ns();
	int i, ret;

	(void)u;
	for (i = 0; i < NR_MIGRATIONS; i++) {
		int leaf = rand_r(&seed) % n;

		leaf_path(path, sizeof(path), leaf, 100);
		strcat(path, "/cgroup.procs");
		snprintf(pid, sizeof(pid), "%d", pids[i % NR_TASKS]);
		if ((ret = ucg_write_file(m, path, pid, &root)))
			die("migrate", ret);
	}
	return (now_ns() - t0) / NR_MIGRATIONS;
}

static double bench_read(struct ucg_mount *m, int n)
{
	struct ucg_file *f;
	unsigned int seed = 7;
	char path[96], buf[64];
	double t0, total = 0;
	int i, ret;

	for (i = 0; i < NR_READS; i++) {
		leaf_path(path, sizeof(path), rand_r(&seed) % n, 100);
		strcat(path, "/cgroup.events");
		if ((ret = ucg_open(m, path, O_RDONLY, &root, &f)))
			die("open", ret);
		t0 = now_ns();
		if (ucg_read(f, buf, sizeof(buf), 0) <= 0)
			die("read", -5);
		total += now_ns() - t0;
		ucg_close(f);
	}
	return total / NR_READS;
}

static double bench_rmdir(struct ucg_mount *m, int n)
{
	char path[64];
	double t0 = now_ns();
	int i, ret;

	for (i = 0; i < n; i++) {
		leaf_path(path, sizeof(path), i, 100);
		if ((ret = ucg_rmdir(m, path, &root)))
			die("rmdir", ret);
	}
	return (now_ns() - t0) / n;
}

static void run_once(int n, bool pids_on, struct result *r)
{
	struct ucg *u = ucg_new_sim();
	struct ucg_mount *m;
	pid_t *pids = calloc(NR_TASKS, sizeof(*pids));
	uint64_t before;
	int i, ret;

	if (!u || !pids)
		die("setup", -12);
	if ((ret = ucg_mount(u, "cgroup2", NULL, &root, &m)))
		die("mount", ret);
	before = bytes_in_use(u);
	make_tree(m, n, pids_on, &r->ns[OP_MKDIR]);
	r->bytes_per_cgroup = (double)(bytes_in_use(u) - before) / (n + n / 100);
	for (i = 0; i < NR_TASKS; i++) {
		if ((ret = ucg_sim_fork(u, 0, 0, &pids[i])))
			die("fork", ret);
	}
	r->ns[OP_MIGRATE] = bench_migrate(u, m, n, pids);
	r->ns[OP_READ] = bench_read(m, n);
	/* empty the leaves so they can be removed */
	for (i = 0; i < NR_TASKS; i++) {
		char pid[16];

		snprintf(pid, sizeof(pid), "%d", pids[i]);
		if ((ret = ucg_write_file(m, "/cgroup.procs", pid, &root)))
			die("move back", ret);
	}
	r->ns[OP_RMDIR] = bench_rmdir(m, n);
	ucg_umount(m);
	ucg_destroy(u);
	free(pids);
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

int main(void)
{
	static const int sizes[] = { 1000, 10000, 100000 };
	const int nr_sizes = (int)(sizeof(sizes) / sizeof(sizes[0]));
	struct result res[2][3];
	int p, s, op;
	bool worst_ok = true;

	static struct result runs[2][3][REPEAT];
	int k;

	/* interleave sizes so that load from other processes hits all alike */
	for (k = 0; k < REPEAT; k++)
		for (p = 0; p < 2; p++)
			for (s = 0; s < nr_sizes; s++)
				run_once(sizes[s], p, &runs[p][s][k]);
	for (p = 0; p < 2; p++)
		for (s = 0; s < nr_sizes; s++)
			median_of(runs[p][s], &res[p][s]);

	printf("bench_tree: per-operation cost (ns, median of %d runs), %d tasks, "
	       "%d migrations, %d reads per size\n", REPEAT, NR_TASKS, NR_MIGRATIONS, NR_READS);
	for (p = 0; p < 2; p++) {
		printf("\n%s\n", p ? "pids enabled in every cgroup" : "no controller enabled");
		printf("%-12s %10s %10s %10s %12s\n", "operation", "1k", "10k", "100k", "100k/1k");
		for (op = 0; op < NR_OPS; op++) {
			double ratio = res[p][2].ns[op] / res[p][0].ns[op];

			printf("%-12s %10.0f %10.0f %10.0f %11.2f%s\n", op_names[op], res[p][0].ns[op],
			       res[p][1].ns[op], res[p][2].ns[op], ratio, ratio <= 1.5 ? "" : "  > 1.5");
			worst_ok &= ratio <= 1.5;
		}
		printf("%-12s %10.0f %10.0f %10.0f\n", "bytes/cgroup", res[p][0].bytes_per_cgroup,
		       res[p][1].bytes_per_cgroup, res[p][2].bytes_per_cgroup);
	}
	printf("\ngoal 100k/1k <= 1.5 for every operation: %s\n", worst_ok ? "met" : "NOT met");
	return 0;
}
