// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_v2_procs.c - cgroup.procs and cgroup.threads through the public API
 * (spec 1.3.1, 1.3.2, 1.5, 1.9, 9.3, 9.4, 9.18, 9.20): every PID parse rule,
 * `0` as the writing thread, listing order and zombies, an exited leader
 * splitting its group, threaded subtrees, and the permission and validation
 * order of a migration judged with the opener's credentials.
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

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct ucg_cred user = { .uid = 1000, .gid = 1000 };

/* "a\nb\n..." from a list of pids. */
static void fmt_pids(char *buf, size_t len, const pid_t *pids, int n)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, len - off, "%d\n", (int)pids[i]);
}

static void assert_pids_at(struct th *t, const char *path, const pid_t *pids, int n,
			   const char *file, int line)
{
	char expect[512];

	fmt_pids(expect, sizeof(expect), pids, n);
	th_assert_read_at(t->m, path, &t->root, expect, file, line);
}

#define assert_pids(t, path, ...)                                                  \
	do {                                                                        \
		const pid_t _p[] = { __VA_ARGS__ };                                 \
		assert_pids_at((t), (path), _p, (int)ARRAY_SIZE(_p), __FILE__, __LINE__); \
	} while (0)
#define assert_empty(t, path) th_assert_read((t), (path), "")

static ssize_t write_pid(struct th *t, const char *path, pid_t pid, const struct ucg_cred *cred)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", (int)pid);
	return th_write(t->m, path, buf, cred);
}

static void assert_proc_cgroup(struct th *t, pid_t pid, const char *expect)
{
	char *out = NULL;

	assert_int_equal(ucg_proc_pid_cgroup(t->ucg, pid, &out), 0);
	if (strcmp(out, expect)) {
		print_error("/proc/%d/cgroup: \"%s\", expected \"%s\"\n", (int)pid, out, expect);
		free(out);
		fail();
	}
	free(out);
}

/* ---- 1.3.1 write parsing ----------------------------------------------- */

/* How a row names the process P in /src. */
enum pid_fmt {
	LIT,      /* the literal input */
	DEC,      /* "%d" of P, input is a printf format */
	HEX,      /* "%x" of P */
	OCT,      /* "%o" of P */
	WRITER,   /* the literal input, written with cred.tid = P */
};

struct procs_row {
	const char *input;
	enum pid_fmt fmt;
	int err;          /* 0: moved */
};

static const struct procs_row procs_rows[] = {
	{ "%d", DEC, 0 },
	{ "%d\n", DEC, 0 },
	{ "  %d \n\n\n", DEC, 0 },
	{ "\t%d\t", DEC, 0 },
	{ "+%d", DEC, 0 },
	{ "0x%x", HEX, 0 },
	{ "0X%x", HEX, 0 },
	{ "0%o", OCT, 0 },
	{ "0", WRITER, 0 },
	{ "-0", WRITER, 0 },
	{ "0\n", WRITER, 0 },
	{ "%d %d", DEC, -EINVAL },
	{ "%d\n%d", DEC, -EINVAL },
	{ "-%d", DEC, -EINVAL },
	{ "-1", LIT, -EINVAL },
	{ "99999999999", LIT, -EINVAL },
	{ "2147483648", LIT, -EINVAL },
	{ "08", LIT, -EINVAL },
	{ "abc", LIT, -EINVAL },
	{ "%dx", DEC, -EINVAL },
	{ "0x", LIT, -EINVAL },
	{ "\n", LIT, -EINVAL },
	{ "++%d", DEC, -EINVAL },
	{ "999999", LIT, -ESRCH },
	{ "2147483647", LIT, -ESRCH },
};

static void run_procs_rows(const char *file)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(procs_rows); i++) {
		const struct procs_row *r = &procs_rows[i];
		struct th *t = th_new("cgroup2", NULL);
		struct ucg_cred cred = t->root;
		char input[64], path[64], expect[32];
		pid_t pid;
		ssize_t ret, want;
		char *dst, *src;

		assert_int_equal(th_mkdir_p(t->m, "/src", &t->root), 0);
		assert_int_equal(th_mkdir_p(t->m, "/dst", &t->root), 0);
		pid = th_spawn(t, "/src");
		switch (r->fmt) {
		case DEC:
			snprintf(input, sizeof(input), r->input, (int)pid, (int)pid);
			break;
		case HEX:
		case OCT:
			snprintf(input, sizeof(input), r->input, (unsigned)pid);
			break;
		case WRITER:
			cred.tid = pid;
			/* fall through */
		case LIT:
			snprintf(input, sizeof(input), "%s", r->input);
			break;
		}
		snprintf(path, sizeof(path), "/dst/%s", file);
		ret = th_write(t->m, path, input, &cred);
		want = r->err ? r->err : (ssize_t)strlen(input);
		snprintf(expect, sizeof(expect), "%d\n", (int)pid);
		dst = th_read(t->m, "/dst/cgroup.procs", &t->root, NULL);
		src = th_read(t->m, "/src/cgroup.procs", &t->root, NULL);
		assert_non_null(dst);
		assert_non_null(src);
		if (ret != want || strcmp(r->err ? src : dst, expect) || strcmp(r->err ? dst : src, "")) {
			print_error("%s row %zu \"%s\": ret %zd, expected %zd; src \"%s\" dst \"%s\"\n",
				    file, i, input, ret, want, src, dst);
			free(dst);
			free(src);
			th_free(t);
			fail();
		}
		free(dst);
		free(src);
		th_free(t);
	}
}

static void test_procs_parse(void **state)
{
	run_procs_rows("cgroup.procs");
}

/* A single-threaded process moves the same through cgroup.threads: both
 * cgroups are plain domains, a thread may move onto its own domain only...
 * so threads rows run inside one threaded subtree. */
static void test_threads_parse(void **state)
{
	static const struct procs_row rows[] = {
		{ "%d", DEC, 0 },
		{ " %d\n\n", DEC, 0 },
		{ "0x%x", HEX, 0 },
		{ "0", WRITER, 0 },
		{ "%d %d", DEC, -EINVAL },
		{ "-%d", DEC, -EINVAL },
		{ "99999999999", LIT, -EINVAL },
		{ "08", LIT, -EINVAL },
		{ "\n", LIT, -EINVAL },
		{ "999999", LIT, -ESRCH },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct procs_row *r = &rows[i];
		struct th *t = th_new("cgroup2", NULL);
		struct ucg_cred cred = t->root;
		char input[64], expect_p[32], expect_t[32];
		pid_t pid, tid;
		ssize_t ret, want;
		char *in_a, *in_t;

		assert_int_equal(th_mkdir_p(t->m, "/t/a", &t->root), 0);
		th_assert_write(t, "/t/a/cgroup.type", "threaded", 0);
		pid = th_spawn(t, "/t");
		assert_int_equal(ucg_sim_clone_thread(t->ucg, pid, &tid), 0);
		switch (r->fmt) {
		case DEC:
			snprintf(input, sizeof(input), r->input, (int)tid, (int)tid);
			break;
		case HEX:
		case OCT:
			snprintf(input, sizeof(input), r->input, (unsigned)tid);
			break;
		case WRITER:
			cred.tid = tid;
			/* fall through */
		case LIT:
			snprintf(input, sizeof(input), "%s", r->input);
			break;
		}
		ret = th_write(t->m, "/t/a/cgroup.threads", input, &cred);
		want = r->err ? r->err : (ssize_t)strlen(input);
		in_a = th_read(t->m, "/t/a/cgroup.threads", &t->root, NULL);
		in_t = th_read(t->m, "/t/cgroup.threads", &t->root, NULL);
		assert_non_null(in_a);
		assert_non_null(in_t);
		snprintf(expect_t, sizeof(expect_t), r->err ? "%d\n%d\n" : "%d\n", (int)pid, (int)tid);
		expect_p[0] = '\0';
		if (!r->err)
			snprintf(expect_p, sizeof(expect_p), "%d\n", (int)tid);
		if (ret != want || strcmp(in_a, expect_p) || strcmp(in_t, expect_t)) {
			print_error("threads row %zu \"%s\": ret %zd, expected %zd; t \"%s\" t/a \"%s\"\n",
				    i, input, ret, want, in_t, in_a);
			free(in_a);
			free(in_t);
			th_free(t);
			fail();
		}
		free(in_a);
		free(in_t);
		th_free(t);
	}
}

/* ---- 1.3.1 listing ------------------------------------------------------ */

/* Listed in migration order, not sorted; a no-op move keeps the order. */
static void test_procs_order(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p[4];
	int i;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(ucg_sim_fork(t->ucg, 0, 0, &p[i]), 0);
	for (i = 3; i >= 0; i--)
		assert_true(write_pid(t, "/a/cgroup.procs", p[i], &t->root) > 0);
	assert_pids(t, "/a/cgroup.procs", p[3], p[2], p[1], p[0]);
	/* moving into the cgroup it is already in: success, nothing changes */
	assert_true(write_pid(t, "/a/cgroup.procs", p[3], &t->root) > 0);
	assert_pids(t, "/a/cgroup.procs", p[3], p[2], p[1], p[0]);
	/* moved out and back: last */
	assert_true(write_pid(t, "/cgroup.procs", p[2], &t->root) > 0);
	assert_true(write_pid(t, "/a/cgroup.procs", p[2], &t->root) > 0);
	assert_pids(t, "/a/cgroup.procs", p[3], p[1], p[0], p[2]);
	th_free(t);
}

/* procs lists leaders (an exited leader while threads live, not a pure
 * zombie); threads lists live threads of exactly this cgroup. */
static void test_procs_threads_listing(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, t1, t2, q;

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	p = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t1), 0);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t2), 0);
	q = th_spawn(t, "/a/b");
	assert_pids(t, "/a/cgroup.procs", p);
	assert_pids(t, "/a/cgroup.threads", p, t1, t2);
	/* no subtree in either file */
	assert_pids(t, "/a/b/cgroup.procs", q);
	assert_pids(t, "/a/b/cgroup.threads", q);

	/* the leader exits: still listed in procs, gone from threads */
	assert_int_equal(ucg_sim_exit(t->ucg, p), 0);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_ZOMBIE);
	assert_pids(t, "/a/cgroup.procs", p);
	assert_pids(t, "/a/cgroup.threads", t1, t2);
	th_assert_read(t, "/a/cgroup.events", "populated 1\nfrozen 0\n");
	/* a non-leader thread exits: released at once */
	assert_int_equal(ucg_sim_exit(t->ucg, t1), 0);
	assert_pids(t, "/a/cgroup.threads", t2);
	/* the last thread exits: a pure zombie is not listed */
	assert_int_equal(ucg_sim_exit(t->ucg, t2), 0);
	assert_empty(t, "/a/cgroup.procs");
	assert_empty(t, "/a/cgroup.threads");
	th_assert_read(t, "/a/cgroup.events", "populated 1\nfrozen 0\n"); /* /a/b */
	assert_int_equal(ucg_sim_exit_group(t->ucg, q), 0);
	assert_empty(t, "/a/b/cgroup.procs");
	th_assert_read(t, "/a/cgroup.events", "populated 0\nfrozen 0\n");
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, q), 0);
	th_free(t);
}

/* Writing a non-leader TID to cgroup.procs moves the whole group. */
static void test_procs_tid_moves_group(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, t1, t2;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	p = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t1), 0);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t2), 0);
	assert_true(write_pid(t, "/b/cgroup.procs", t2, &t->root) > 0);
	assert_pids(t, "/b/cgroup.procs", p);
	assert_pids(t, "/b/cgroup.threads", p, t1, t2);
	assert_empty(t, "/a/cgroup.threads");
	th_assert_read(t, "/a/cgroup.events", "populated 0\nfrozen 0\n");
	th_free(t);
}

/* A zombie group: the write succeeds and moves nothing. */
static void test_procs_zombie_write(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	p = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_exit_group(t->ucg, p), 0);
	assert_true(write_pid(t, "/b/cgroup.procs", p, &t->root) > 0);
	assert_proc_cgroup(t, p, "0::/a\n");
	assert_empty(t, "/b/cgroup.procs");
	th_assert_read(t, "/b/cgroup.events", "populated 0\nfrozen 0\n");
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	th_free(t);
}

/* A group whose leader exited is split by a migration: live threads move,
 * the dead leader stays and keeps the old path. */
static void test_procs_exited_leader_split(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, t1, t2;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	p = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t1), 0);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t2), 0);
	assert_int_equal(ucg_sim_exit(t->ucg, p), 0);

	assert_true(write_pid(t, "/b/cgroup.procs", p, &t->root) > 0);
	assert_pids(t, "/a/cgroup.procs", p);
	assert_empty(t, "/b/cgroup.procs");
	assert_pids(t, "/b/cgroup.threads", t1, t2);
	th_assert_read(t, "/a/cgroup.events", "populated 0\nfrozen 0\n");
	th_assert_read(t, "/b/cgroup.events", "populated 1\nfrozen 0\n");
	assert_proc_cgroup(t, p, "0::/a\n");
	assert_proc_cgroup(t, t1, "0::/b\n");

	/* any TID of the group moves the live threads */
	assert_true(write_pid(t, "/c/cgroup.procs", t2, &t->root) > 0);
	assert_pids(t, "/c/cgroup.threads", t1, t2);
	assert_empty(t, "/b/cgroup.threads");
	assert_proc_cgroup(t, p, "0::/a\n");

	/* the old cgroup can be removed */
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	assert_int_equal(ucg_sim_exit_group(t->ucg, p), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	th_free(t);
}

/* ---- 1.3.1 / 1.6 threaded subtrees -------------------------------------- */

static void test_procs_threaded(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, q, t1;

	assert_int_equal(th_mkdir_p(t->m, "/t/a", &t->root), 0);
	th_assert_write(t, "/t/a/cgroup.type", "threaded", 0);
	assert_int_equal(ucg_mkdir(t->m, "/t/d", 0755, &t->root), 0);
	th_assert_read(t, "/t/d/cgroup.type", "domain invalid\n");
	assert_int_equal(ucg_mkdir(t->m, "/x", 0755, &t->root), 0);
	p = th_spawn(t, "/x");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t1), 0);

	/* reading procs of a threaded cgroup: EOPNOTSUPP; invalid: empty */
	th_assert_read_err(t, "/t/a/cgroup.procs", -EOPNOTSUPP);
	assert_empty(t, "/t/d/cgroup.procs");
	/* migrating into an invalid domain: EOPNOTSUPP, via procs or threads */
	assert_int_equal(write_pid(t, "/t/d/cgroup.procs", p, &t->root), -EOPNOTSUPP);
	assert_int_equal(write_pid(t, "/t/d/cgroup.threads", p, &t->root), -EOPNOTSUPP);
	assert_pids(t, "/x/cgroup.threads", p, t1);

	/* writing procs of a threaded cgroup moves the whole process there,
	 * even from another resource domain */
	assert_true(write_pid(t, "/t/a/cgroup.procs", p, &t->root) > 0);
	assert_pids(t, "/t/a/cgroup.threads", p, t1);
	assert_empty(t, "/t/cgroup.threads");
	/* the thread root lists the processes of its threaded subtree */
	assert_pids(t, "/t/cgroup.procs", p);
	q = th_spawn(t, "/t");
	assert_pids(t, "/t/cgroup.procs", q, p);

	/* threads: within the subtree yes, across domains EOPNOTSUPP */
	assert_true(write_pid(t, "/t/cgroup.threads", t1, &t->root) > 0);
	assert_pids(t, "/t/cgroup.threads", q, t1);
	assert_pids(t, "/t/a/cgroup.threads", p);
	assert_int_equal(write_pid(t, "/x/cgroup.threads", t1, &t->root), -EOPNOTSUPP);
	assert_int_equal(write_pid(t, "/cgroup.threads", t1, &t->root), -EOPNOTSUPP);
	assert_pids(t, "/t/cgroup.threads", q, t1);
	/* a plain domain onto itself works */
	assert_true(write_pid(t, "/t/cgroup.threads", q, &t->root) > 0);
	th_free(t);
}

/* cgroup.threads between two plain domains is EOPNOTSUPP. */
static void test_threads_across_domains(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, t1;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	p = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &t1), 0);
	assert_int_equal(write_pid(t, "/b/cgroup.threads", t1, &t->root), -EOPNOTSUPP);
	assert_int_equal(write_pid(t, "/b/cgroup.threads", p, &t->root), -EOPNOTSUPP);
	assert_int_equal(write_pid(t, "/cgroup.threads", t1, &t->root), -EOPNOTSUPP);
	assert_true(write_pid(t, "/a/cgroup.threads", t1, &t->root) > 0);
	assert_pids(t, "/a/cgroup.threads", p, t1);
	assert_empty(t, "/b/cgroup.threads");
	th_free(t);
}

/* ---- 1.3.1 permission and validation order, 1.5, 9.4 -------------------- */

/* /d delegated to uid 1000 (directory, procs, threads, subtree_control). */
static void delegate(struct th *t, const char *dir)
{
	static const char *const files[] = {
		"", "/cgroup.procs", "/cgroup.threads", "/cgroup.subtree_control",
	};
	char path[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, files[i]);
		assert_int_equal(ucg_chown(t->m, path, 1000, 1000, &t->root), 0);
	}
}

static void test_procs_permissions(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_file *f;
	pid_t p, q;

	assert_int_equal(th_mkdir_p(t->m, "/d", &t->root), 0);
	delegate(t, "/d");
	assert_int_equal(ucg_mkdir(t->m, "/d/x", 0755, &user), 0);
	assert_int_equal(ucg_mkdir(t->m, "/d/y", 0755, &user), 0);
	assert_int_equal(ucg_mkdir(t->m, "/o", 0755, &t->root), 0);
	p = th_spawn(t, "/d/x"); /* a root-owned process */
	q = th_spawn(t, "/o");

	/* 1. VFS: write permission on the destination's cgroup.procs */
	assert_int_equal(write_pid(t, "/o/cgroup.procs", p, &user), -EACCES);
	assert_int_equal(write_pid(t, "/cgroup.procs", p, &user), -EACCES);
	/* inside the delegation: any task, root-owned ones too (no uid rule) */
	assert_true(write_pid(t, "/d/y/cgroup.procs", p, &user) > 0);
	assert_pids(t, "/d/y/cgroup.procs", p);
	/* 2. common ancestor outside the delegation: EACCES */
	assert_int_equal(write_pid(t, "/d/y/cgroup.procs", q, &user), -EACCES);
	assert_int_equal(write_pid(t, "/d/cgroup.procs", q, &user), -EACCES);
	assert_pids(t, "/o/cgroup.procs", q);
	/* the common ancestor is the source itself when moving down */
	assert_true(write_pid(t, "/d/cgroup.procs", p, &user) > 0);
	assert_true(write_pid(t, "/d/x/cgroup.procs", p, &user) > 0);
	/* ESRCH comes before the permission check */
	assert_int_equal(th_write(t->m, "/d/y/cgroup.procs", "999999", &user), -ESRCH);
	/* the same for threads */
	assert_int_equal(write_pid(t, "/d/y/cgroup.threads", q, &user), -EACCES);

	/* the opener's credentials count, not the writer's */
	assert_int_equal(ucg_open(t->m, "/d/y/cgroup.procs", O_WRONLY, &user, &f), 0);
	{
		char buf[32];
		int n = snprintf(buf, sizeof(buf), "%d", (int)q);

		assert_int_equal(ucg_write(f, buf, (size_t)n, &t->root), -EACCES);
		ucg_close(f);
		assert_int_equal(ucg_open(t->m, "/d/y/cgroup.procs", O_WRONLY, &t->root, &f), 0);
		assert_int_equal(ucg_write(f, buf, (size_t)n, &user), n);
		ucg_close(f);
	}
	assert_pids(t, "/d/y/cgroup.procs", q);
	/* the writer (not the opener) is what `0` names */
	{
		struct ucg_cred w = t->root;

		w.tid = p;
		assert_int_equal(ucg_open(t->m, "/o/cgroup.procs", O_WRONLY, &t->root, &f), 0);
		assert_int_equal(ucg_write(f, "0", 1, &w), 1);
		ucg_close(f);
		assert_pids(t, "/o/cgroup.procs", p);
	}
	th_free(t);
}

/* Destination vetting comes after the permission checks:
 * EACCES, then EOPNOTSUPP (invalid domain) / EBUSY (internal process). */
static void test_procs_vet_order(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_cred opener = user;
	pid_t p;

	assert_int_equal(th_mkdir_p(t->m, "/d/t/a", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/d/n/c", &t->root), 0);
	delegate(t, "/d");
	delegate(t, "/d/t");
	delegate(t, "/d/n");
	th_assert_write(t, "/d/t/a/cgroup.type", "threaded", 0);
	assert_int_equal(ucg_mkdir(t->m, "/d/t/inv", 0755, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/d/t/inv/cgroup.procs", 1000, 1000, &t->root), 0);
	th_assert_write(t, "/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/d/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/d/n/cgroup.subtree_control", "+rdma", 0);

	/* a process outside the delegation: EACCES wins over the vetting */
	p = th_spawn(t, "/");
	assert_int_equal(write_pid(t, "/d/t/inv/cgroup.procs", p, &opener), -EACCES);
	assert_int_equal(write_pid(t, "/d/n/cgroup.procs", p, &opener), -EACCES);
	/* as root the vetting answers */
	assert_int_equal(write_pid(t, "/d/t/inv/cgroup.procs", p, &t->root), -EOPNOTSUPP);
	assert_int_equal(write_pid(t, "/d/n/cgroup.procs", p, &t->root), -EBUSY);
	assert_int_equal(write_pid(t, "/d/cgroup.procs", p, &t->root), -EBUSY);
	/* ... and inside the delegation too */
	assert_true(write_pid(t, "/d/n/c/cgroup.procs", p, &t->root) > 0);
	assert_int_equal(write_pid(t, "/d/n/cgroup.procs", p, &opener), -EBUSY);
	/* the root is exempt */
	assert_true(write_pid(t, "/cgroup.procs", p, &t->root) > 0);
	assert_pids(t, "/cgroup.procs", p);
	th_free(t);
}

/* cgroup.threads: the VFS check is on cgroup.threads itself, the common
 * ancestor check on the ancestor's cgroup.procs. */
static void test_threads_permissions(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, tid;

	assert_int_equal(th_mkdir_p(t->m, "/t/a", &t->root), 0);
	th_assert_write(t, "/t/a/cgroup.type", "threaded", 0);
	p = th_spawn(t, "/t");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &tid), 0);
	assert_int_equal(write_pid(t, "/t/a/cgroup.threads", tid, &user), -EACCES);
	assert_int_equal(ucg_chown(t->m, "/t/a/cgroup.threads", 1000, 1000, &t->root), 0);
	/* common ancestor /t: its cgroup.procs is root's */
	assert_int_equal(write_pid(t, "/t/a/cgroup.threads", tid, &user), -EACCES);
	assert_int_equal(ucg_chown(t->m, "/t/cgroup.threads", 1000, 1000, &t->root), 0);
	assert_int_equal(write_pid(t, "/t/a/cgroup.threads", tid, &user), -EACCES);
	assert_int_equal(ucg_chown(t->m, "/t/cgroup.procs", 1000, 1000, &t->root), 0);
	assert_true(write_pid(t, "/t/a/cgroup.threads", tid, &user) > 0);
	assert_pids(t, "/t/a/cgroup.threads", tid);
	/* write permission by mode bits alone also counts (group, chmod) */
	assert_int_equal(ucg_chown(t->m, "/t/cgroup.procs", 0, 1000, &t->root), 0);
	assert_int_equal(write_pid(t, "/t/cgroup.threads", tid, &user), -EACCES);
	assert_int_equal(ucg_chmod(t->m, "/t/cgroup.procs", 0664, &t->root), 0);
	assert_true(write_pid(t, "/t/cgroup.threads", tid, &user) > 0);
	assert_pids(t, "/t/cgroup.threads", p, tid);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_procs_parse),
		cmocka_unit_test(test_threads_parse),
		cmocka_unit_test(test_procs_order),
		cmocka_unit_test(test_procs_threads_listing),
		cmocka_unit_test(test_procs_tid_moves_group),
		cmocka_unit_test(test_procs_zombie_write),
		cmocka_unit_test(test_procs_exited_leader_split),
		cmocka_unit_test(test_procs_threaded),
		cmocka_unit_test(test_threads_across_domains),
		cmocka_unit_test(test_procs_permissions),
		cmocka_unit_test(test_threads_permissions),
		cmocka_unit_test(test_procs_vet_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
