// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_host_linux.c - the engine over real processes (host-linux), with
 * processes this test starts itself (and only those):
 *  - a real PID written to cgroup.procs is adopted with all its threads;
 *  - its children, forked after the move, join its cgroup within a scan;
 *  - an exit is noticed through the pidfd and the cgroup empties;
 *  - cgroup.kill kills them; cgroup.freeze stops and resumes them, as the
 *    v1 freezer.state does (the stop shared by both);
 *  - /proc/PID/cgroup of a process never met shows the root.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <ucg/ucg.h>

static const struct ucg_cred root = UCG_CRED_ROOT;

struct fx {
	struct ucg *ucg;
	struct ucg_mount *m;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->ucg = ucg_new_linux();
	assert_non_null(fx->ucg);
	assert_int_equal(ucg_mount(fx->ucg, "cgroup2", NULL, &root, &fx->m), 0);
	assert_int_equal(ucg_mkdir(fx->m, "/a", 0755, &root), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	ucg_umount(fx->m);
	ucg_destroy(fx->ucg);
	free(fx);
	return 0;
}

static char *rd(struct fx *fx, const char *path)
{
	char *s = NULL;

	assert_int_equal(ucg_read_file(fx->m, path, &root, &s), 0);
	return s;
}

/* Wait up to 2 s for @path to read @expect. */
static void wait_content(struct fx *fx, const char *path, const char *expect)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char *s = NULL;
	int i;

	for (i = 0; i < 200; i++) {
		s = rd(fx, path);
		if (!strcmp(s, expect))
			break;
		free(s);
		s = NULL;
		nanosleep(&ts, NULL);
	}
	if (!s)
		s = rd(fx, path);
	assert_string_equal(s, expect);
	free(s);
}

static int count_lines(struct fx *fx, const char *path)
{
	char *s = rd(fx, path), *p;
	int n = 0;

	for (p = s; *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

static void move(struct fx *fx, const char *path, pid_t pid)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", pid);
	assert_int_equal(ucg_write_file(fx->m, path, buf, &root), 0);
}

/* A child that waits for a byte on @fd, then forks one grandchild that sleeps. */
static pid_t spawn_waiter(int *wfd)
{
	int p[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) == 1 && fork() == 0) {
			sleep(30);
			_exit(0);
		}
		sleep(30);
		_exit(0);
	}
	close(p[0]);
	*wfd = p[1];
	return pid;
}

static void test_adopt_fork_exit(void **state)
{
	struct fx *fx = *state;
	char expect[64];
	pid_t pid;
	int wfd, status;

	pid = spawn_waiter(&wfd);
	move(fx, "/a/cgroup.procs", pid);
	snprintf(expect, sizeof(expect), "%d\n", pid);
	wait_content(fx, "/a/cgroup.procs", expect);
	wait_content(fx, "/a/cgroup.events", "populated 1\nfrozen 0\n");
	/* the fork after the move lands in /a (within a scan period) */
	assert_int_equal(write(wfd, "x", 1), 1);
	close(wfd);
	for (int i = 0; i < 200 && count_lines(fx, "/a/cgroup.procs") != 2; i++)
		usleep(10000);
	assert_int_equal(count_lines(fx, "/a/cgroup.procs"), 2);
	/* cgroup.kill kills both; the exits empty the cgroup */
	assert_int_equal(ucg_write_file(fx->m, "/a/cgroup.kill", "1", &root), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	wait_content(fx, "/a/cgroup.procs", "");
	wait_content(fx, "/a/cgroup.events", "populated 0\nfrozen 0\n");
}

static void test_freeze_stops_and_resumes(void **state)
{
	struct fx *fx = *state;
	char path[64], buf[256];
	pid_t pid;
	int wfd, status;
	FILE *f;

	pid = spawn_waiter(&wfd);
	move(fx, "/a/cgroup.procs", pid);
	assert_int_equal(ucg_write_file(fx->m, "/a/cgroup.freeze", "1", &root), 0);
	wait_content(fx, "/a/cgroup.events", "populated 1\nfrozen 1\n");
	/* the process is stopped (state T) */
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 200; i++) {
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		if (strstr(buf, ") T "))
			break;
		usleep(10000);
	}
	assert_non_null(strstr(buf, ") T "));
	assert_int_equal(ucg_write_file(fx->m, "/a/cgroup.freeze", "0", &root), 0);
	wait_content(fx, "/a/cgroup.events", "populated 1\nfrozen 0\n");
	close(wfd);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	wait_content(fx, "/a/cgroup.events", "populated 0\nfrozen 0\n");
}

/* The state letter of process @pid in /proc/PID/stat (R, S, T...). */
static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	p = strrchr(buf, ')');
	assert_non_null(p);
	return p[2];
}

/* Wait up to 2 s for process @pid to be stopped (@stopped) or not. */
static void wait_stopped(pid_t pid, bool stopped)
{
	for (int i = 0; i < 200 && (proc_state(pid) == 'T') != stopped; i++)
		usleep(10000);
	assert_int_equal(proc_state(pid) == 'T', stopped);
}

/* The v1 freezer stops and resumes a real process, sharing the stop with
 * the v2 cgroup.freeze: frozen by both, it resumes only when both thaw. */
static void test_v1_freezer(void **state)
{
	struct fx *fx = *state;
	struct ucg_mount *v1;
	char buf[16], *s = NULL;
	pid_t pid;
	int wfd, status;

	assert_int_equal(ucg_mount(fx->ucg, "cgroup", "freezer", &root, &v1), 0);
	assert_int_equal(ucg_mkdir(v1, "/f", 0755, &root), 0);
	pid = spawn_waiter(&wfd);
	snprintf(buf, sizeof(buf), "%d", pid);
	assert_int_equal(ucg_write_file(v1, "/f/cgroup.procs", buf, &root), 0);
	assert_int_equal(ucg_write_file(v1, "/f/freezer.state", "FROZEN", &root), 0);
	wait_stopped(pid, true);
	assert_int_equal(ucg_read_file(v1, "/f/freezer.state", &root, &s), 0);
	assert_string_equal(s, "FROZEN\n");
	free(s);
	assert_int_equal(ucg_write_file(v1, "/f/freezer.state", "THAWED", &root), 0);
	wait_stopped(pid, false);

	move(fx, "/a/cgroup.procs", pid);
	assert_int_equal(ucg_write_file(v1, "/f/freezer.state", "FROZEN", &root), 0);
	assert_int_equal(ucg_write_file(fx->m, "/a/cgroup.freeze", "1", &root), 0);
	wait_content(fx, "/a/cgroup.events", "populated 1\nfrozen 1\n");
	assert_int_equal(ucg_write_file(v1, "/f/freezer.state", "THAWED", &root), 0);
	usleep(50000);
	assert_int_equal(proc_state(pid), 'T');
	assert_int_equal(ucg_write_file(fx->m, "/a/cgroup.freeze", "0", &root), 0);
	wait_stopped(pid, false);

	close(wfd);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	wait_content(fx, "/a/cgroup.events", "populated 0\nfrozen 0\n");
	assert_int_equal(ucg_rmdir(v1, "/f", &root), 0);
	ucg_umount(v1);
}

static void test_proc_cgroup_of_unmet_process(void **state)
{
	struct fx *fx = *state;
	char *s = NULL;

	assert_int_equal(ucg_proc_pid_cgroup(fx->ucg, getpid(), &s), 0);
	assert_string_equal(s, "0::/\n");
	free(s);
	/* a PID that does not exist */
	assert_int_equal(ucg_write_file(fx->m, "/a/cgroup.procs", "2147483000", &root), -ESRCH);
}

/* pids.max on real processes: a fork over the limit is killed when found. */
static void test_pids_max_kills_extra_fork(void **state)
{
	struct fx *fx = *state;
	char expect[64], *s;
	pid_t pid;
	int wfd, status;

	assert_int_equal(ucg_write_file(fx->m, "/cgroup.subtree_control", "+pids", &root), 0);
	assert_int_equal(ucg_write_file(fx->m, "/a/pids.max", "1", &root), 0);
	pid = spawn_waiter(&wfd);
	move(fx, "/a/cgroup.procs", pid);
	assert_int_equal(write(wfd, "x", 1), 1); /* it forks one child: over the limit */
	close(wfd);
	wait_content(fx, "/a/pids.events", "max 1\n");
	snprintf(expect, sizeof(expect), "%d\n", pid);
	s = rd(fx, "/a/cgroup.procs");
	assert_string_equal(s, expect);
	free(s);
	s = rd(fx, "/a/pids.current");
	assert_string_equal(s, "1\n");
	free(s);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	wait_content(fx, "/a/cgroup.procs", "");
}

/* A keyed value of a flat-keyed file ("usage_usec 123\n..."). */
static long long keyed(struct fx *fx, const char *path, const char *key)
{
	char *text = NULL;
	long long v = -1;
	size_t off;

	assert_int_equal(ucg_read_file(fx->m, path, &root, &text), 0);
	off = (size_t)(strstr(text, key) ? strstr(text, key) - text : -1);
	if (off != (size_t)-1)
		v = atoll(text + off + strlen(key) + 1);
	free(text);
	return v;
}

/* CPU time of real processes reaches cpu.stat, and cpu.max stops a busy
 * process when its quota is used (at scan granularity, see deviations). */
static void test_cpu_time_and_max(void **state)
{
	struct fx *fx = *state;
	long long usage, throttled;
	pid_t pid;
	int status;

	assert_int_equal(ucg_write_file(fx->m, "/cgroup.subtree_control", "+cpu", &root), 0);
	assert_int_equal(ucg_write_file(fx->m, "/a/cpu.max", "10000 100000", &root), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		volatile unsigned long x = 0;

		for (;;)
			x++;
	}
	move(fx, "/a/cgroup.procs", pid);
	usleep(1500 * 1000);
	usage = keyed(fx, "/a/cpu.stat", "usage_usec");
	throttled = keyed(fx, "/a/cpu.stat", "nr_throttled");
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* it ran, and about 10% of the 1.5 s it would use unthrottled (one
	 * scan period of overrun at most, repaid later) */
	assert_true(usage > 0);
	assert_true(usage < 450 * 1000);
	assert_true(throttled >= 1);
	assert_true(keyed(fx, "/cpu.stat", "usage_usec") >= usage);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_adopt_fork_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_freeze_stops_and_resumes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v1_freezer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_proc_cgroup_of_unmet_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pids_max_kills_extra_fork, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_time_and_max, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
