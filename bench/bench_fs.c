// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_fs.c - ucgd against the kernel's cgroup2, in one run.
 *
 * Mounts build/bin/ucgd (-f --host linux -t cgroup2) on a temporary
 * directory and creates its own child of the machine's cgroup2
 * (/sys/fs/cgroup/unified/ucg-bench-PID), then times the same operations on
 * both, through real syscalls:
 *
 *   - open+read+close of cgroup.procs, cgroup.stat, cgroup.events
 *   - pread(offset 0) on an open fd of the same files
 *   - write of a PID to cgroup.procs: a process of our own (a forked child
 *     that only pause()s) moved back and forth between two child cgroups
 *   - mkdir+rmdir of a child
 *   - stat of cgroup.procs
 *
 * Each operation is timed in batches (clock_gettime around N calls), in
 * ROUNDS rounds interleaving kernel and ucgd (alternating which goes first);
 * the median of the rounds is printed in microseconds per operation for
 * both, with the ratio ucgd/kernel and the goals of issue 4: <= 4x for
 * open+read+close and <= 1.5x for mkdir+rmdir.
 *
 * Skips (exit 0, "SKIP" line) when not root, when ucgd is not built, or when
 * the kernel's cgroup2 is missing or read-only: `make bench` runs every
 * bench.  --strict makes a missed goal exit 1.  Environment: UCGD (path of
 * the daemon), CGROUP2 (default /sys/fs/cgroup/unified), BENCH_ROUNDS.
 *
 * Everything created is removed on exit and on SIGINT/SIGTERM/SIGALRM: the
 * helper process is moved back to the cgroup it came from and killed, the
 * directories are removed, the mount is unmounted with fusermount3 and the
 * daemon (our child) is waited for, or killed if it does not exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CGROUP2_MAGIC 0x63677270
#define FUSE_MAGIC 0x65735546
#define DEF_ROUNDS 7
#define MAX_ROUNDS 51

enum { KERN, UCG, NR_SIDES };
static const char *const side_names[NR_SIDES] = { "kernel", "ucgd" };

struct side {
	char base[PATH_MAX];	/* our own directory in the tree */
	char root[PATH_MAX];	/* where the helper goes back to */
	char dir_a[PATH_MAX], dir_b[PATH_MAX], dir_x[PATH_MAX];
	int created;		/* base (and a, b) exist */
	pid_t helper;		/* our own process moved around in this tree */
	int helper_in;		/* the helper was moved into this tree */
};

static struct side sides[NR_SIDES];
static char mnt[PATH_MAX];
static pid_t ucgd_pid = -1;
static int mounted;

/* ------------------------------------------------------------- cleanup */

/* snprintf into a PATH_MAX buffer; a path that does not fit is fatal */
static void xfmt(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void xfmt(char *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, PATH_MAX, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= PATH_MAX) {
		fprintf(stderr, "bench_fs: path too long\n");
		exit(1);
	}
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

static void path_join(char *out, const char *a, const char *b)
{
	xfmt(out, "%s/%s", a, b);
}

static int run_fusermount(const char *lazy)
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (lazy)
			execlp("fusermount3", "fusermount3", "-u", lazy, mnt, (char *)NULL);
		else
			execlp("fusermount3", "fusermount3", "-u", mnt, (char *)NULL);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int is_mounted(void)
{
	struct statfs sf;

	return statfs(mnt, &sf) == 0 && (unsigned long)sf.f_type == FUSE_MAGIC;
}

static void cleanup(void)
{
	char procs[PATH_MAX], pid[32];
	int i, s;

	for (s = 0; s < NR_SIDES; s++) {
		if (sides[s].helper <= 0)
			continue;
		snprintf(pid, sizeof(pid), "%d", (int)sides[s].helper);
		if (sides[s].helper_in) {
			/* back to the cgroup it came from, then gone */
			path_join(procs, sides[s].root, "cgroup.procs");
			write_str(procs, pid);
			sides[s].helper_in = 0;
		}
		kill(sides[s].helper, SIGKILL);
		waitpid(sides[s].helper, NULL, 0);
		sides[s].helper = 0;
	}
	for (s = 0; s < NR_SIDES; s++) {
		if (!sides[s].created)
			continue;
		rmdir(sides[s].dir_x);
		rmdir(sides[s].dir_a);
		rmdir(sides[s].dir_b);
		if (rmdir(sides[s].base) < 0 && errno != ENOENT)
			fprintf(stderr, "bench_fs: warning: rmdir %s: %s\n",
				sides[s].base, strerror(errno));
		sides[s].created = 0;
	}
	if (mounted) {
		if (run_fusermount(NULL) < 0 && is_mounted())
			run_fusermount("-z");
		mounted = 0;
	}
	if (ucgd_pid > 0) {
		for (i = 0; i < 50; i++) {
			if (waitpid(ucgd_pid, NULL, WNOHANG) == ucgd_pid) {
				ucgd_pid = -1;
				break;
			}
			usleep(100000);
		}
		if (ucgd_pid > 0) {
			fprintf(stderr, "bench_fs: warning: ucgd did not exit after "
				"unmount, killing it\n");
			kill(ucgd_pid, SIGTERM);
			usleep(300000);
			kill(ucgd_pid, SIGKILL);
			waitpid(ucgd_pid, NULL, 0);
			ucgd_pid = -1;
		}
	}
	if (mnt[0]) {
		rmdir(mnt);
		mnt[0] = 0;
	}
}

static void on_signal(int sig)
{
	static const char msg[] = "bench_fs: interrupted, cleaning up\n";

	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* nothing to do */
	}
	cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void skip(const char *why)
{
	printf("SKIP: bench_fs: %s\n", why);
	cleanup();
	exit(0);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_fs: %s: %s\n", what, strerror(errno));
	cleanup();
	exit(1);
}

/* ------------------------------------------------------------- timing */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char rbuf[65536];

enum op {
	OP_ORC_PROCS, OP_ORC_STAT, OP_ORC_EVENTS,
	OP_PREAD_PROCS, OP_PREAD_STAT, OP_PREAD_EVENTS,
	OP_MIGRATE, OP_MKRM, OP_STAT,
	NR_OPS
};

static const struct {
	const char *name;
	const char *file;	/* in dir a */
	int iters;
	double goal;		/* max ratio ucgd/kernel, 0 = none */
} ops[NR_OPS] = {
	[OP_ORC_PROCS]    = { "open+read+close cgroup.procs",  "cgroup.procs",  2000, 4.0 },
	[OP_ORC_STAT]     = { "open+read+close cgroup.stat",   "cgroup.stat",   2000, 4.0 },
	[OP_ORC_EVENTS]   = { "open+read+close cgroup.events", "cgroup.events", 2000, 4.0 },
	[OP_PREAD_PROCS]  = { "pread cgroup.procs",            "cgroup.procs",  4000, 0 },
	[OP_PREAD_STAT]   = { "pread cgroup.stat",             "cgroup.stat",   4000, 0 },
	[OP_PREAD_EVENTS] = { "pread cgroup.events",           "cgroup.events", 4000, 0 },
	[OP_MIGRATE]      = { "write PID to cgroup.procs",     NULL,            1000, 0 },
	[OP_MKRM]         = { "mkdir+rmdir",                   NULL,            500,  1.5 },
	[OP_STAT]         = { "stat cgroup.procs",             "cgroup.procs",  4000, 0 },
};

static void read_whole(int fd, const char *path)
{
	ssize_t n;

	while ((n = read(fd, rbuf, sizeof(rbuf))) > 0)
		;
	if (n < 0)
		die(path);
}

/* One batch of `iters` operations on one side; returns ns per operation. */
static double run_batch(enum op op, struct side *s, int iters)
{
	char path[PATH_MAX], pa[PATH_MAX], pb[PATH_MAX], pid[32];
	double t0, t1;
	struct stat st;
	int i, fd, fda, fdb;
	size_t plen;

	if (ops[op].file)
		path_join(path, s->dir_a, ops[op].file);
	switch (op) {
	case OP_ORC_PROCS:
	case OP_ORC_STAT:
	case OP_ORC_EVENTS:
		t0 = now_ns();
		for (i = 0; i < iters; i++) {
			fd = open(path, O_RDONLY);
			if (fd < 0)
				die(path);
			read_whole(fd, path);
			close(fd);
		}
		t1 = now_ns();
		break;
	case OP_PREAD_PROCS:
	case OP_PREAD_STAT:
	case OP_PREAD_EVENTS:
		fd = open(path, O_RDONLY);
		if (fd < 0)
			die(path);
		t0 = now_ns();
		for (i = 0; i < iters; i++)
			if (pread(fd, rbuf, sizeof(rbuf), 0) < 0)
				die(path);
		t1 = now_ns();
		close(fd);
		break;
	case OP_MIGRATE:
		path_join(pa, s->dir_a, "cgroup.procs");
		path_join(pb, s->dir_b, "cgroup.procs");
		snprintf(pid, sizeof(pid), "%d", (int)s->helper);
		plen = strlen(pid);
		fda = open(pa, O_WRONLY);
		fdb = open(pb, O_WRONLY);
		if (fda < 0 || fdb < 0)
			die("open cgroup.procs");
		t0 = now_ns();
		for (i = 0; i < iters; i++)
			if (write(i & 1 ? fda : fdb, pid, plen) != (ssize_t)plen)
				die("write cgroup.procs");
		/* iters is even: the helper is back in a */
		t1 = now_ns();
		close(fda);
		close(fdb);
		break;
	case OP_MKRM:
		t0 = now_ns();
		for (i = 0; i < iters; i++) {
			if (mkdir(s->dir_x, 0755) < 0)
				die(s->dir_x);
			if (rmdir(s->dir_x) < 0)
				die(s->dir_x);
		}
		t1 = now_ns();
		break;
	case OP_STAT:
		t0 = now_ns();
		for (i = 0; i < iters; i++)
			if (stat(path, &st) < 0)
				die(path);
		t1 = now_ns();
		break;
	default:
		return 0;
	}
	return (t1 - t0) / iters;
}

/* ------------------------------------------------------------- set-up */

static const char *find_ucgd(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("UCGD");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return access(env, X_OK) == 0 ? env : NULL;
	/* build/bench/bench_fs -> build/bin/ucgd */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = 0;
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			xfmt(buf, "%s/../bin/ucgd", exe);
			if (access(buf, X_OK) == 0)
				return buf;
		}
	}
	if (access("build/bin/ucgd", X_OK) == 0)
		return "build/bin/ucgd";
	return NULL;
}

static void own_cgroup2_path(char *out, const char *cg2)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[PATH_MAX];

	xfmt(out, "%s", cg2);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = 0;
			xfmt(out, "%s%s", cg2,
				 strcmp(line + 3, "/") ? line + 3 : "");
			break;
		}
	}
	fclose(f);
}

static void make_side(struct side *s, const char *parent, const char *root,
		      const char *suffix)
{
	xfmt(s->root, "%s", root);
	xfmt(s->base, "%s/ucg-bench-%d%s", parent, (int)getpid(), suffix);
	if (mkdir(s->base, 0755) < 0)
		die(s->base);
	s->created = 1;
	path_join(s->dir_a, s->base, "a");
	path_join(s->dir_b, s->base, "b");
	path_join(s->dir_x, s->base, "x");
	if (mkdir(s->dir_a, 0755) < 0)
		die(s->dir_a);
	if (mkdir(s->dir_b, 0755) < 0)
		die(s->dir_b);
}

static void start_ucgd(const char *ucgd)
{
	int i;

	snprintf(mnt, sizeof(mnt), "/tmp/ucg-bench-mnt.XXXXXX");
	if (!mkdtemp(mnt)) {
		mnt[0] = 0;
		die("mkdtemp");
	}
	ucgd_pid = fork();
	if (ucgd_pid < 0)
		die("fork");
	if (ucgd_pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		if (fd >= 0)
			dup2(fd, 0);
		execl(ucgd, ucgd, "-f", "--host", "linux", "-t", "cgroup2", mnt,
		      (char *)NULL);
		fprintf(stderr, "bench_fs: exec %s: %s\n", ucgd, strerror(errno));
		_exit(127);
	}
	for (i = 0; i < 100; i++) {
		int st;

		if (is_mounted()) {
			mounted = 1;
			return;
		}
		if (waitpid(ucgd_pid, &st, WNOHANG) == ucgd_pid) {
			ucgd_pid = -1;
			fprintf(stderr, "bench_fs: ucgd exited before its mount was live\n");
			cleanup();
			exit(1);
		}
		usleep(100000);
	}
	fprintf(stderr, "bench_fs: ucgd mount not live after 10 s\n");
	cleanup();
	exit(1);
}

int main(int argc, char **argv)
{
	const char *cg2 = getenv("CGROUP2") ? getenv("CGROUP2") : "/sys/fs/cgroup/unified";
	const char *ucgd, *env_rounds = getenv("BENCH_ROUNDS");
	static double res[NR_OPS][NR_SIDES][MAX_ROUNDS];
	char origin[PATH_MAX], procs[PATH_MAX], pid[32];
	int strict = 0, self_test = 0, rounds = DEF_ROUNDS, missed = 0, r, o, k;
	struct statfs sf;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--strict") == 0) {
			strict = 1;
		} else if (strcmp(argv[k], "--kernel-vs-kernel") == 0) {
			self_test = 1;	/* checks the bench itself: no ucgd */
		} else {
			fprintf(stderr, "usage: %s [--strict] [--kernel-vs-kernel]\n",
				argv[0]);
			return 2;
		}
	}
	if (env_rounds) {
		rounds = atoi(env_rounds);
		if (rounds < 1 || rounds > MAX_ROUNDS)
			rounds = DEF_ROUNDS;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (geteuid() != 0)
		skip("needs root (creates a child of the kernel's cgroup2)");
	ucgd = self_test ? "(kernel)" : find_ucgd();
	if (!ucgd)
		skip("ucgd is not built (build/bin/ucgd; or set UCGD=)");
	if (statfs(cg2, &sf) < 0 || (unsigned long)sf.f_type != CGROUP2_MAGIC)
		skip("no kernel cgroup2 at $CGROUP2 (/sys/fs/cgroup/unified)");
	if (!self_test && access("/dev/fuse", R_OK | W_OK) < 0)
		skip("no /dev/fuse");

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGALRM, on_signal);
	alarm(600);	/* a hung daemon must not hang `make bench` */

	/* our own child of the kernel's cgroup2 first: skip if not possible */
	xfmt(sides[KERN].base, "%s/ucg-bench-%d", cg2, (int)getpid());
	if (mkdir(sides[KERN].base, 0755) < 0) {
		char why[PATH_MAX + 64];

		snprintf(why, sizeof(why), "cannot create %s: %s", sides[KERN].base,
			 strerror(errno));
		skip(why);
	}
	rmdir(sides[KERN].base);
	own_cgroup2_path(origin, cg2);
	make_side(&sides[KERN], cg2, origin, "");

	if (self_test) {
		make_side(&sides[UCG], cg2, origin, "-2");
	} else {
		start_ucgd(ucgd);
		make_side(&sides[UCG], mnt, mnt, "");
	}

	/* the helpers: our own children, moved between a and b, one per side */
	for (k = 0; k < NR_SIDES; k++) {
		pid_t p = fork();

		if (p < 0)
			die("fork");
		if (p == 0) {
			signal(SIGINT, SIG_IGN);
			signal(SIGTERM, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			for (;;)
				pause();
		}
		sides[k].helper = p;
		snprintf(pid, sizeof(pid), "%d", (int)p);
		path_join(procs, sides[k].dir_a, "cgroup.procs");
		sides[k].helper_in = 1;
		if (write_str(procs, pid) < 0)
			die(procs);
	}

	printf("bench_fs: ucgd (%s, --host linux, on %s) vs kernel cgroup2 (%s)\n",
	       ucgd, self_test ? sides[UCG].base : mnt, sides[KERN].base);
	printf("%d rounds, kernel and ucgd interleaved; median microseconds per "
	       "operation\n", rounds);

	/* warm-up: one short batch of everything on both sides */
	for (o = 0; o < NR_OPS; o++)
		for (k = 0; k < NR_SIDES; k++)
			run_batch(o, &sides[k], 20);

	for (r = 0; r < rounds; r++)
		for (o = 0; o < NR_OPS; o++)
			for (k = 0; k < NR_SIDES; k++) {
				int s = (r & 1) ? NR_SIDES - 1 - k : k;

				res[o][s][r] = run_batch(o, &sides[s], ops[o].iters);
			}

	printf("\n%-32s %10s %10s %8s %8s\n", "operation", "kernel us", "ucgd us",
	       "ratio", "goal");
	for (o = 0; o < NR_OPS; o++) {
		double med[NR_SIDES], ratio;
		char goal[32] = "-";

		for (k = 0; k < NR_SIDES; k++) {
			qsort(res[o][k], rounds, sizeof(double), cmp_double);
			med[k] = res[o][k][rounds / 2] / 1000.0;
		}
		ratio = med[KERN] > 0 ? med[UCG] / med[KERN] : 0;
		if (ops[o].goal > 0) {
			int ok = ratio <= ops[o].goal;

			snprintf(goal, sizeof(goal), "<=%.1fx %s", ops[o].goal,
				 ok ? "ok" : "MISSED");
			missed += !ok;
		}
		printf("%-32s %10.2f %10.2f %7.2fx %s\n", ops[o].name, med[KERN],
		       med[UCG], ratio, goal);
	}
	printf("(%s: %s)\n", side_names[UCG],
	       missed ? "some goals of issue 4 missed" : "all goals of issue 4 met");

	cleanup();
	return strict && missed ? 1 : 0;
}
