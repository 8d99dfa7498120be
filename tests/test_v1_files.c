// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_v1_files.c - the v1 core files and views through the public API
 * (spec 2.2-2.6): file inventory and modes, tasks / cgroup.procs sorted and
 * de-duplicated, their write parsing, the v1 attach uid rule (EACCES),
 * notify_on_release / clone_children parsing and inheritance, release_agent
 * (E2BIG, stripping, root only, EPERM without CAP_SYS_ADMIN), the release
 * agent callback, /proc/cgroups and /proc/PID/cgroup formats and order.
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

#include "tree_helpers.h"

/* Script rows leave trailing fields (err, cred) at zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* ---- 2.2 inventory --------------------------------------------------- */

struct listing {
	char names[16][80];
	unsigned int modes[16];
	size_t n;
};

static int collect_file(void *arg, const char *name, const struct ucg_stat *st)
{
	struct listing *l = arg;

	if (st->is_dir)
		return 0;
	if (l->n == 16)
		return -ENOSPC;
	snprintf(l->names[l->n], 64, "%s", name);
	l->modes[l->n++] = (unsigned int)st->mode;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* "name mode\n" for every file of @path, sorted by name. */
static void assert_listing(struct ucg_mount *m, const char *path, const char *expect)
{
	struct listing l = { .n = 0 };
	char got[1024] = "";
	size_t i, j;

	assert_int_equal(ucg_readdir(m, path, collect_file, &l), 0);
	/* sort names together with their modes */
	for (i = 0; i < l.n; i++) {
		size_t len = strlen(l.names[i]);

		snprintf(l.names[i] + len, sizeof(l.names[0]) - len, " %04o", l.modes[i]);
	}
	qsort(l.names, l.n, sizeof(l.names[0]), cmp_name);
	for (j = 0; j < l.n; j++) {
		strcat(got, l.names[j]);
		strcat(got, "\n");
	}
	tt_assert_str(got, expect, path);
}

static void test_v1_inventory(void **state)
{
	struct tt *t = tt_new("cgroup", "none,name=x");
	struct ucg_file *f;
	struct ucg_stat st;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	assert_listing(t->m, "/",
		       "cgroup.clone_children 0644\ncgroup.procs 0644\n"
		       "cgroup.sane_behavior 0444\nnotify_on_release 0644\n"
		       "release_agent 0644\ntasks 0644\n");
	assert_listing(t->m, "/c",
		       "cgroup.clone_children 0644\ncgroup.procs 0644\n"
		       "notify_on_release 0644\ntasks 0644\n");
	/* no v2 files */
	tt_assert_read_err(t->m, "/c/cgroup.type", -ENOENT);
	tt_assert_read_err(t->m, "/cgroup.subtree_control", -ENOENT);
	tt_assert_read_err(t->m, "/c/release_agent", -ENOENT);
	tt_assert_read_err(t->m, "/c/cgroup.sane_behavior", -ENOENT);
	tt_assert_read(t->m, "/cgroup.sane_behavior", "0\n");
	assert_int_equal(ucg_open(t->m, "/cgroup.sane_behavior", O_WRONLY, &t->root, &f), 0);
	tt_assert_ret(ucg_write(f, "0", 1, NULL), -EINVAL, "write sane_behavior");
	ucg_close(f);
	tt_assert_write(t->m, "/cgroup.sane_behavior", "0", &t->user, -EACCES);
	/* a delegated v1 directory: the creator owns the new cgroup and files */
	assert_int_equal(ucg_chown(t->m, "/c", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/c/u", 0755, &t->user), 0);
	assert_int_equal(ucg_stat(t->m, "/c/u", &st), 0);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(ucg_stat(t->m, "/c/u/tasks", &st), 0);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.gid, 1000);
	assert_int_equal(st.mode, 0644);
	tt_free(t);
}

/* Every v1 cgroup has all of the hierarchy's controllers, processes at every level. */
static void test_v1_no_internal_process_rule(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_MKDIR, "/a" },
		{ TT_MKDIR, "/a/b" },
		{ TT_W, "/a/cgroup.procs", "$0" },
		{ TT_W, "/a/b/cgroup.procs", "$1" },
		{ TT_R, "/a/pids.current", "2\n" },   /* hierarchical */
		{ TT_R, "/a/b/pids.current", "1\n" },
		{ TT_R, "/a/b/pids.max", "max\n" },
		{ TT_RMDIR, "/a", NULL, -EBUSY },
	};
	struct tt *t = tt_new("cgroup", "pids");
	pid_t pids[2] = { tt_fork(t, 0), tt_fork(t, 0) };

	(void)state;
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

/* ---- 2.2 tasks / cgroup.procs ---------------------------------------- */

static void test_v1_pidlists_sorted(void **state)
{
	struct tt *t = tt_new("cgroup", "none,name=x");
	pid_t p[3], th[2];
	char expect[128];
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		p[i] = tt_fork(t, 0);
	th[0] = tt_thread(t, p[2]);
	th[1] = tt_thread(t, p[0]);
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	/* moved in descending order: read back ascending */
	for (i = 2; i >= 0; i--)
		assert_int_equal(tt_move(t->m, "/c", "cgroup.procs", p[i], &t->root), 0);
	snprintf(expect, sizeof(expect), "%d\n%d\n%d\n", p[0], p[1], p[2]);
	tt_assert_read(t->m, "/c/cgroup.procs", expect);
	snprintf(expect, sizeof(expect), "%d\n%d\n%d\n%d\n%d\n", p[0], p[1], p[2], th[0], th[1]);
	tt_assert_read(t->m, "/c/tasks", expect);
	tt_assert_read(t->m, "/cgroup.procs", "");
	tt_assert_read(t->m, "/tasks", "");

	/* tasks moves one thread; cgroup.procs lists its group in both places */
	assert_int_equal(ucg_mkdir(t->m, "/d", 0755, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/d", "tasks", th[0], &t->root), 0);
	snprintf(expect, sizeof(expect), "%d\n", th[0]);
	tt_assert_read(t->m, "/d/tasks", expect);
	snprintf(expect, sizeof(expect), "%d\n", p[2]);
	tt_assert_read(t->m, "/d/cgroup.procs", expect);
	snprintf(expect, sizeof(expect), "%d\n%d\n%d\n", p[0], p[1], p[2]);
	tt_assert_read(t->m, "/c/cgroup.procs", expect);
	/* any TID written to cgroup.procs moves the whole group */
	assert_int_equal(tt_move(t->m, "/d", "cgroup.procs", th[1], &t->root), 0);
	snprintf(expect, sizeof(expect), "%d\n%d\n%d\n", p[0], th[0], th[1]);
	tt_assert_read(t->m, "/d/tasks", expect);
	snprintf(expect, sizeof(expect), "%d\n%d\n", p[0], p[2]);
	tt_assert_read(t->m, "/d/cgroup.procs", expect);
	snprintf(expect, sizeof(expect), "%d\n%d\n", p[1], p[2]);
	tt_assert_read(t->m, "/c/tasks", expect);
	tt_free(t);
}

static void test_v1_pidlist_write_parsing(void **state)
{
	static const struct {
		const char *fmt; /* %1$d / %1$x / %1$o: the pid */
		int err;
	} rows[] = {
		{ "%1$d", 0 },
		{ "+%1$d", 0 },
		{ " %1$d \n\n", 0 },
		{ "\t%1$d\t", 0 },
		{ "0x%1$x", 0 },
		{ "0%1$o", 0 },
		{ "%1$d %1$d", -EINVAL },
		{ "%1$d,", -EINVAL },
		{ "-%1$d", -EINVAL },
		{ "abc", -EINVAL },
		{ "08", -EINVAL },
		{ "99999999999", -EINVAL },
		{ "\n", -EINVAL },
		{ "999999", -ESRCH },
	};
	static const char *const files[] = { "tasks", "cgroup.procs" };
	size_t i, j;

	(void)state;
	for (j = 0; j < TT_ARRAY_SIZE(files); j++) {
		for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
			struct tt *t = tt_new("cgroup", "none,name=x");
			pid_t pid = tt_fork(t, 0);
			char path[64], buf[64], expect[32];
			ssize_t ret;

			assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
			snprintf(path, sizeof(path), "/c/%s", files[j]);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			snprintf(buf, sizeof(buf), rows[i].fmt, (int)pid);
#pragma GCC diagnostic pop
			ret = tt_write(t->m, path, buf, &t->root);
			if (ret != (rows[i].err ? rows[i].err : (ssize_t)strlen(buf)))
				fail_msg("%s row %zu \"%s\": %s, expected %s", files[j], i, buf,
					 tt_errname(ret), tt_errname(rows[i].err));
			snprintf(expect, sizeof(expect), "%d\n", (int)pid);
			tt_assert_read(t->m, path, rows[i].err ? "" : expect);
			tt_free(t);
		}
	}
}

/* The list is snapshotted at an offset-0 read; later offsets serve it. */
static void test_v1_pidlist_snapshot(void **state)
{
	struct tt *t = tt_new("cgroup", "none,name=x");
	pid_t p1 = tt_fork(t, 0), p2 = tt_fork(t, 0);
	char buf[64], expect[64];
	struct ucg_file *f;
	ssize_t n;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/c", "cgroup.procs", p2, &t->root), 0);
	assert_int_equal(ucg_open(t->m, "/c/cgroup.procs", O_RDONLY, &t->root, &f), 0);
	assert_int_equal(ucg_read(f, buf, 1, 0), 1);
	assert_int_equal(tt_move(t->m, "/c", "cgroup.procs", p1, &t->root), 0);
	n = ucg_read(f, buf + 1, sizeof(buf) - 2, 1);
	assert_true(n > 0);
	buf[n + 1] = '\0';
	snprintf(expect, sizeof(expect), "%d\n", (int)p2);
	tt_assert_str(buf, expect, "old snapshot");
	n = ucg_read(f, buf, sizeof(buf) - 1, 0);
	assert_true(n > 0);
	buf[n] = '\0';
	snprintf(expect, sizeof(expect), "%d\n%d\n", (int)p1, (int)p2);
	tt_assert_str(buf, expect, "fresh at offset 0");
	ucg_close(f);
	tt_free(t);
}

/* "0" is the writer; a zombie is accepted and nothing moves. */
static void test_v1_write_self_and_zombie(void **state)
{
	struct tt *t = tt_new("cgroup", "none,name=x");
	struct ucg_cred self = t->root;
	pid_t p = tt_fork(t, 0), z = tt_fork(t, 0);
	struct ucg_file *f;
	char buf[32];

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	assert_int_equal(ucg_open(t->m, "/c/tasks", O_WRONLY, &t->root, &f), 0);
	self.tid = p;
	tt_assert_ret(ucg_write(f, "0", 1, &self), 1, "0 = writer");
	tt_assert_ret(ucg_write(f, "-0", 2, &self), 2, "-0 = writer");
	ucg_close(f);
	snprintf(buf, sizeof(buf), "%d\n", (int)p);
	tt_assert_read(t->m, "/c/tasks", buf);
	assert_int_equal(ucg_sim_exit_group(t->ucg, z), 0);
	tt_assert_ret(tt_move(t->m, "/c", "cgroup.procs", z, &t->root), 0, "zombie procs");
	tt_assert_ret(tt_move(t->m, "/c", "tasks", z, &t->root), 0, "zombie tasks");
	tt_assert_read(t->m, "/c/tasks", buf);
	tt_free(t);
}

/* An exited leader with live threads: still in cgroup.procs of its cgroup,
 * /proc/PID/cgroup shows "/" for v1. */
static void test_v1_exited_leader(void **state)
{
	struct tt *t = tt_new("cgroup", "pids");
	pid_t p = tt_fork(t, 0), th = tt_thread(t, p);
	char buf[32];

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/c", "cgroup.procs", p, &t->root), 0);
	tt_assert_proc_cgroup(t->ucg, p, "1:pids:/c\n");
	assert_int_equal(ucg_sim_exit(t->ucg, p), 0);
	snprintf(buf, sizeof(buf), "%d\n", (int)p);
	tt_assert_read(t->m, "/c/cgroup.procs", buf);
	tt_assert_proc_cgroup(t->ucg, p, "1:pids:/\n");
	tt_assert_proc_cgroup(t->ucg, th, "1:pids:/c\n");
	/* pure zombies are not listed */
	assert_int_equal(ucg_sim_exit(t->ucg, th), 0);
	tt_assert_read(t->m, "/c/cgroup.procs", "");
	tt_assert_read(t->m, "/c/tasks", "");
	assert_int_equal(ucg_rmdir(t->m, "/c", &t->root), 0);
	tt_free(t);
}

/* ---- 2.3 attach permission ------------------------------------------- */

static void test_v1_attach_uid_rule(void **state)
{
	struct tt *t = tt_new("cgroup", "none,name=x");
	struct ucg_cred euid0 = { .uid = 0, .gid = 0 };         /* no capabilities */
	struct ucg_cred euid0_dac = { .uid = 0, .gid = 0, .caps = UCG_CAP_DAC_OVERRIDE };
	const pid_t p_root = tt_fork(t, 0), p_user = tt_fork(t, 1000), p_other = tt_fork(t, 2000);
	const struct {
		const char *cg, *file;
		pid_t pid;
		const struct ucg_cred *cred;
		int err;
	} rows[] = {
		{ "/c", "tasks", p_root, &t->user, -EACCES },
		{ "/c", "cgroup.procs", p_root, &t->user, -EACCES },
		{ "/c", "tasks", p_other, &t->user, -EACCES },
		{ "/c", "cgroup.procs", p_other, &t->other, -EACCES }, /* VFS: not its file */
		/* its own process, out of the root cgroup it cannot write: fine */
		{ "/c", "tasks", p_user, &t->user, 0 },
		{ "/c", "cgroup.procs", p_user, &t->user, 0 },
		{ "/", "cgroup.procs", p_user, &t->user, -EACCES },     /* VFS on the root */
		/* euid 0 passes the uid rule; the VFS rule still applies */
		{ "/c", "tasks", p_other, &euid0, -EACCES },
		{ "/c", "tasks", p_other, &euid0_dac, 0 },
		{ "/d", "tasks", p_user, &euid0, 0 },                   /* root-owned file */
		{ "/d", "cgroup.procs", p_other, &euid0, 0 },
		{ "/c", "cgroup.procs", p_root, &t->root, 0 },
	};
	static const char *const chowned[] = { "/c/tasks", "/c/cgroup.procs" };
	size_t i;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/d", 0755, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(chowned); i++)
		assert_int_equal(ucg_chown(t->m, chowned[i], 1000, 1000, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		int ret = tt_move(t->m, rows[i].cg, rows[i].file, rows[i].pid, rows[i].cred);

		if (ret != rows[i].err)
			fail_msg("row %zu: move %d to %s/%s as uid %u: %s, expected %s", i,
				 (int)rows[i].pid, rows[i].cg, rows[i].file, (unsigned)rows[i].cred->uid,
				 tt_errname(ret), tt_errname(rows[i].err));
	}
	tt_assert_proc_cgroup(t->ucg, p_root, "1:name=x:/c\n");
	tt_assert_proc_cgroup(t->ucg, p_user, "1:name=x:/d\n");
	tt_assert_proc_cgroup(t->ucg, p_other, "1:name=x:/d\n");
	tt_free(t);
}

/* ---- 2.2 / 2.4 notify_on_release, clone_children --------------------- */

static void test_v1_flag_files(void **state)
{
	static const struct {
		const char *in;
		int err;
		const char *after;
	} rows[] = {
		{ "1", 0, "1\n" },
		{ "0", 0, "0\n" },
		{ "2", 0, "1\n" },          /* non-zero sets */
		{ "0\n", 0, "0\n" },
		{ "0x10", 0, "1\n" },
		{ "00", 0, "0\n" },
		{ "+1", 0, "1\n" },
		{ " 0", -EINVAL, "1\n" },
		{ "0 ", -EINVAL, "1\n" },
		{ "0\n\n", -EINVAL, "1\n" },
		{ "-1", -EINVAL, "1\n" },
		{ "abc", -EINVAL, "1\n" },
		{ "\n", -EINVAL, "1\n" },
		{ "08", -EINVAL, "1\n" },
		{ "18446744073709551616", -ERANGE, "1\n" },
		{ "18446744073709551615", 0, "1\n" },
	};
	static const char *const files[] = { "/c/notify_on_release", "/c/cgroup.clone_children",
					     "/notify_on_release", "/cgroup.clone_children" };
	struct tt *t = tt_new("cgroup", "none,name=x");
	size_t i, j;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	for (j = 0; j < TT_ARRAY_SIZE(files); j++) {
		tt_assert_read(t->m, files[j], "0\n");
		for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
			ssize_t ret = tt_write(t->m, files[j], rows[i].in, &t->root);
			char *got;
			int err;

			if (ret != (rows[i].err ? rows[i].err : (ssize_t)strlen(rows[i].in)))
				fail_msg("%s row %zu \"%s\": %s, expected %s", files[j], i, rows[i].in,
					 tt_errname(ret), tt_errname(rows[i].err));
			got = tt_read(t->m, files[j], &t->root, &err);
			tt_assert_str(got, rows[i].after, files[j]);
			free(got);
		}
	}
	tt_free(t);
}

/* Inherited at mkdir, later parent changes do not propagate. */
static void test_v1_flag_inheritance(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_R, "/notify_on_release", "0\n" },
		{ TT_R, "/cgroup.clone_children", "1\n" },  /* mount option */
		{ TT_W, "/notify_on_release", "1" },
		{ TT_MKDIR, "/a" },
		{ TT_R, "/a/notify_on_release", "1\n" },
		{ TT_R, "/a/cgroup.clone_children", "1\n" },
		{ TT_W, "/notify_on_release", "0" },
		{ TT_W, "/cgroup.clone_children", "0" },
		{ TT_R, "/a/notify_on_release", "1\n" },
		{ TT_R, "/a/cgroup.clone_children", "1\n" },
		{ TT_MKDIR, "/b" },
		{ TT_R, "/b/notify_on_release", "0\n" },
		{ TT_R, "/b/cgroup.clone_children", "0\n" },
		{ TT_MKDIR, "/a/c" },                       /* from its own parent */
		{ TT_R, "/a/c/notify_on_release", "1\n" },
		{ TT_R, "/a/c/cgroup.clone_children", "1\n" },
		{ TT_W, "/a/notify_on_release", "0" },
		{ TT_R, "/a/c/notify_on_release", "1\n" },
	};
	struct tt *t = tt_new("cgroup", "none,name=x,clone_children");

	(void)state;
	tt_run(t, t->m, steps, NULL);
	tt_free(t);
}

/* ---- 2.2 / 2.4 release_agent ----------------------------------------- */

static void test_v1_release_agent_file(void **state)
{
	struct tt *t = tt_new("cgroup", "none,name=x");
	struct ucg_cred dac = { .uid = 1000, .gid = 1000, .caps = UCG_CAP_DAC_OVERRIDE };
	struct ucg_cred admin = { .uid = 1000, .gid = 1000, .caps = UCG_CAP_SYS_ADMIN };
	char *long_ok = malloc(4096), *too_long = malloc(4097), *expect = malloc(4097);
	const struct {
		const char *in;
		const struct ucg_cred *cred;
		int err;
		const char *after;
	} rows[] = {
		{ "/sbin/agent", NULL, 0, "/sbin/agent\n" },
		{ "  /x y \t\n", NULL, 0, "/x y\n" },     /* stripped both ends */
		{ "", NULL, 0, "/x y\n" },                /* 0 bytes: nothing */
		{ "\n", NULL, 0, "\n" },                  /* clears */
		{ "/a", &dac, -EPERM, "\n" },             /* no CAP_SYS_ADMIN */
		{ "/a", &t->user, -EACCES, "\n" },        /* mode 0644 root */
		{ "/a", &admin, -EACCES, "\n" },          /* SYS_ADMIN is not DAC */
		{ too_long, NULL, -E2BIG, "\n" },
		{ long_ok, NULL, 0, expect },
	};
	size_t i;

	(void)state;
	assert_non_null(long_ok);
	assert_non_null(too_long);
	assert_non_null(expect);
	memset(long_ok, 'a', 4095);
	long_ok[0] = '/';
	long_ok[4095] = '\0';
	memset(too_long, 'b', 4096);
	too_long[0] = '/';
	too_long[4096] = '\0';
	snprintf(expect, 4097, "%s\n", long_ok);
	tt_assert_read(t->m, "/release_agent", "\n");
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		const struct ucg_cred *cred = rows[i].cred ? rows[i].cred : &t->root;
		ssize_t ret = tt_write(t->m, "/release_agent", rows[i].in, cred);
		char *got;
		int err;

		if (ret != (rows[i].err ? rows[i].err : (ssize_t)strlen(rows[i].in)))
			fail_msg("row %zu: %s, expected %s", i, tt_errname(ret),
				 tt_errname(rows[i].err));
		got = tt_read(t->m, "/release_agent", &t->root, &err);
		if (!got || strcmp(got, rows[i].after))
			fail_msg("row %zu: read back %.40s..., expected %.40s...", i,
				 got ? got : "(error)", rows[i].after);
		free(got);
	}
	/* the owner of a chowned release_agent still needs CAP_SYS_ADMIN */
	assert_int_equal(ucg_chown(t->m, "/release_agent", 1000, 1000, &t->root), 0);
	tt_assert_write(t->m, "/release_agent", "/b", &t->user, -EPERM);
	tt_assert_write(t->m, "/release_agent", "/b", &admin, 0);
	tt_assert_read(t->m, "/release_agent", "/b\n");
	free(long_ok);
	free(too_long);
	free(expect);
	tt_free(t);
}

struct released {
	char agent[8][64];
	char path[8][64];
	int n;
};

static void on_release(void *arg, const char *agent, const char *path)
{
	struct released *r = arg;

	if (r->n < 8) {
		snprintf(r->agent[r->n], sizeof(r->agent[0]), "%s", agent);
		snprintf(r->path[r->n], sizeof(r->path[0]), "%s", path);
	}
	r->n++;
}

static void assert_released(struct released *r, int n, const char *path, const char *what)
{
	if (r->n != n)
		fail_msg("%s: %d release(s), expected %d", what, r->n, n);
	if (path) {
		tt_assert_str(r->agent[n - 1], "/sbin/agent", what);
		tt_assert_str(r->path[n - 1], path, what);
	}
}

static void test_v1_release_agent_callback(void **state)
{
	struct tt *t = tt_new(NULL, NULL);
	struct released r = { .n = 0 };
	struct ucg_mount *m;
	pid_t p1 = tt_fork(t, 0), p2 = tt_fork(t, 0), p3 = tt_fork(t, 0);

	(void)state;
	ucg_set_release_agent_fn(t->ucg, on_release, &r);
	assert_int_equal(ucg_mount(t->ucg, "cgroup", "pids,release_agent=/sbin/agent", &t->root, &m), 0);
	assert_int_equal(ucg_mkdir(m, "/c", 0755, &t->root), 0);
	tt_assert_write(m, "/c/notify_on_release", "1", &t->root, 0);
	assert_released(&r, 0, NULL, "mkdir, flag set");

	/* the last task exits */
	assert_int_equal(tt_move(m, "/c", "cgroup.procs", p1, &t->root), 0);
	assert_released(&r, 0, NULL, "populated");
	assert_int_equal(ucg_sim_exit_group(t->ucg, p1), 0);
	assert_released(&r, 1, "/c", "exit");
	assert_int_equal(ucg_sim_reap(t->ucg, p1), 0);
	assert_released(&r, 1, NULL, "reap");

	/* the last task moves out of a nested cgroup (inherits the flag) */
	assert_int_equal(ucg_mkdir(m, "/c/d", 0755, &t->root), 0);
	assert_int_equal(tt_move(m, "/c/d", "cgroup.procs", p2, &t->root), 0);
	assert_int_equal(tt_move(m, "/", "cgroup.procs", p2, &t->root), 0);
	assert_released(&r, 2, "/c/d", "move out");  /* /c still has a live child */

	/* removing a child re-checks the parent, never the removed one */
	assert_int_equal(ucg_rmdir(m, "/c/d", &t->root), 0);
	assert_released(&r, 3, "/c", "child removed");
	assert_int_equal(ucg_rmdir(m, "/c", &t->root), 0);
	assert_released(&r, 3, NULL, "rmdir itself");

	/* flag off: nothing */
	assert_int_equal(ucg_mkdir(m, "/e", 0755, &t->root), 0);
	assert_int_equal(tt_move(m, "/e", "cgroup.procs", p3, &t->root), 0);
	assert_int_equal(tt_move(m, "/", "cgroup.procs", p3, &t->root), 0);
	assert_released(&r, 3, NULL, "flag off");

	/* empty agent: nothing */
	tt_assert_write(m, "/e/notify_on_release", "1", &t->root, 0);
	tt_assert_write(m, "/release_agent", "\n", &t->root, 0);
	assert_int_equal(tt_move(m, "/e", "cgroup.procs", p3, &t->root), 0);
	assert_int_equal(tt_move(m, "/", "cgroup.procs", p3, &t->root), 0);
	assert_released(&r, 3, NULL, "no agent");
	ucg_umount(m);
	tt_free(t);
}

/* ---- 2.5 /proc/cgroups ----------------------------------------------- */

static void assert_proc_cgroups(struct tt *t, const char *body, const char *what)
{
	char *out = NULL, expect[512];

	snprintf(expect, sizeof(expect), "#subsys_name\thierarchy\tnum_cgroups\tenabled\n%s", body);
	assert_int_equal(ucg_proc_cgroups(t->ucg, &out), 0);
	tt_assert_str(out, expect, what);
	free(out);
}

static void test_proc_cgroups(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_mount *m1, *m2;
	pid_t pid = tt_fork(t, 0);

	(void)state;
	assert_proc_cgroups(t, "cpu\t0\t1\t1\ncpuacct\t0\t1\t1\nblkio\t0\t1\t1\nfreezer\t0\t1\t1\npids\t0\t1\t1\nrdma\t0\t1\t1\n", "fresh");
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b/c", 0755, &t->root), 0);
	assert_proc_cgroups(t, "cpu\t0\t4\t1\ncpuacct\t0\t4\t1\nblkio\t0\t4\t1\nfreezer\t0\t4\t1\npids\t0\t4\t1\nrdma\t0\t4\t1\n", "3 mkdirs");
	/* dying cgroups count until freed */
	assert_int_equal(tt_move(t->m, "/b/c", "cgroup.procs", pid, &t->root), 0);
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_rmdir(t->m, "/b/c", &t->root), 0);
	assert_proc_cgroups(t, "cpu\t0\t4\t1\ncpuacct\t0\t4\t1\nblkio\t0\t4\t1\nfreezer\t0\t4\t1\npids\t0\t4\t1\nrdma\t0\t4\t1\n", "dying");
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	assert_proc_cgroups(t, "cpu\t0\t3\t1\ncpuacct\t0\t3\t1\nblkio\t0\t3\t1\nfreezer\t0\t3\t1\npids\t0\t3\t1\nrdma\t0\t3\t1\n", "freed");
	/* on v1: its hierarchy id and cgroup count; a named one adds no line */
	assert_int_equal(ucg_mount(t->ucg, "cgroup", "none,name=x", &t->root, &m1), 0);
	assert_int_equal(ucg_mkdir(m1, "/n", 0755, &t->root), 0);
	assert_int_equal(ucg_mount(t->ucg, "cgroup", "rdma", &t->root, &m2), 0);
	assert_proc_cgroups(t, "cpu\t0\t3\t1\ncpuacct\t0\t3\t1\nblkio\t0\t3\t1\nfreezer\t0\t3\t1\npids\t0\t3\t1\nrdma\t2\t1\t1\n", "rdma on v1");
	assert_int_equal(ucg_mkdir(m2, "/r", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(m2, "/r/s", 0755, &t->root), 0);
	assert_proc_cgroups(t, "cpu\t0\t3\t1\ncpuacct\t0\t3\t1\nblkio\t0\t3\t1\nfreezer\t0\t3\t1\npids\t0\t3\t1\nrdma\t2\t3\t1\n", "v1 mkdirs");
	assert_int_equal(ucg_rmdir(m2, "/r/s", &t->root), 0);
	assert_int_equal(ucg_rmdir(m2, "/r", &t->root), 0);
	ucg_umount(m2);
	assert_proc_cgroups(t, "cpu\t0\t3\t1\ncpuacct\t0\t3\t1\nblkio\t0\t3\t1\nfreezer\t0\t3\t1\npids\t0\t3\t1\nrdma\t0\t3\t1\n", "back on v2");
	assert_int_equal(ucg_rmdir(m1, "/n", &t->root), 0);
	ucg_umount(m1);
	tt_free(t);
}

/* ---- 2.6 /proc/PID/cgroup -------------------------------------------- */

static void test_proc_pid_cgroup(void **state)
{
	struct tt *t = tt_new(NULL, NULL);
	struct ucg_mount *x, *v2, *p, *y;
	pid_t pid = tt_fork(t, 0), th = tt_thread(t, pid);
	char *out = NULL;

	(void)state;
	/* nothing mounted: no lines at all (v2 omitted until mounted once) */
	assert_int_equal(ucg_proc_pid_cgroup(t->ucg, pid, &out), 0);
	tt_assert_str(out, "", "nothing mounted");
	free(out);
	tt_assert_ret(ucg_proc_pid_cgroup(t->ucg, 99999, &out), -ESRCH, "unknown pid");

	assert_int_equal(ucg_mount(t->ucg, "cgroup", "none,name=x", &t->root, &x), 0);
	tt_assert_proc_cgroup(t->ucg, pid, "1:name=x:/\n");
	assert_int_equal(ucg_mount(t->ucg, "cgroup2", NULL, &t->root, &v2), 0);
	tt_assert_proc_cgroup(t->ucg, pid, "1:name=x:/\n0::/\n");
	assert_int_equal(ucg_mount(t->ucg, "cgroup", "pids", &t->root, &p), 0);
	assert_int_equal(ucg_mount(t->ucg, "cgroup", "rdma,name=y", &t->root, &y), 0);
	tt_assert_proc_cgroup(t->ucg, pid, "3:rdma,name=y:/\n2:pids:/\n1:name=x:/\n0::/\n");
	/* paths per hierarchy */
	assert_int_equal(ucg_mkdir(x, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(p, "/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(p, "/b/c", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(v2, "/d", 0755, &t->root), 0);
	assert_int_equal(tt_move(x, "/a", "cgroup.procs", pid, &t->root), 0);
	assert_int_equal(tt_move(p, "/b/c", "cgroup.procs", pid, &t->root), 0);
	assert_int_equal(tt_move(v2, "/d", "cgroup.procs", pid, &t->root), 0);
	tt_assert_proc_cgroup(t->ucg, pid,
			      "3:rdma,name=y:/\n2:pids:/b/c\n1:name=x:/a\n0::/d\n");
	tt_assert_proc_cgroup(t->ucg, th,
			      "3:rdma,name=y:/\n2:pids:/b/c\n1:name=x:/a\n0::/d\n");
	/* exiting leader: v1 lines read "/", v2 the real path */
	assert_int_equal(ucg_sim_exit(t->ucg, pid), 0);
	tt_assert_proc_cgroup(t->ucg, pid, "3:rdma,name=y:/\n2:pids:/\n1:name=x:/\n0::/d\n");
	tt_assert_proc_cgroup(t->ucg, th,
			      "3:rdma,name=y:/\n2:pids:/b/c\n1:name=x:/a\n0::/d\n");
	assert_int_equal(ucg_sim_exit(t->ucg, th), 0);
	assert_int_equal(ucg_rmdir(v2, "/d", &t->root), 0);
	tt_assert_proc_cgroup(t->ucg, pid,
			      "3:rdma,name=y:/\n2:pids:/\n1:name=x:/\n0::/d (deleted)\n");
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);

	/* newest first: a hierarchy created later goes on top */
	pid = tt_fork(t, 0);
	ucg_umount(y);
	assert_int_equal(ucg_mount(t->ucg, "cgroup", "none,name=z", &t->root, &y), 0);
	tt_assert_proc_cgroup(t->ucg, pid, "4:name=z:/\n2:pids:/\n1:name=x:/\n0::/\n");
	ucg_umount(y);
	ucg_umount(p);
	ucg_umount(x);
	ucg_umount(v2);
	/* x and pids keep their children, hence their lines; v2 stays listed
	 * once it has been mounted */
	tt_assert_proc_cgroup(t->ucg, pid, "2:pids:/\n1:name=x:/\n0::/\n");
	tt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1_inventory),
		cmocka_unit_test(test_v1_no_internal_process_rule),
		cmocka_unit_test(test_v1_pidlists_sorted),
		cmocka_unit_test(test_v1_pidlist_write_parsing),
		cmocka_unit_test(test_v1_pidlist_snapshot),
		cmocka_unit_test(test_v1_write_self_and_zombie),
		cmocka_unit_test(test_v1_exited_leader),
		cmocka_unit_test(test_v1_attach_uid_rule),
		cmocka_unit_test(test_v1_flag_files),
		cmocka_unit_test(test_v1_flag_inheritance),
		cmocka_unit_test(test_v1_release_agent_file),
		cmocka_unit_test(test_v1_release_agent_callback),
		cmocka_unit_test(test_proc_cgroups),
		cmocka_unit_test(test_proc_pid_cgroup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
