// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_tree_lifetime.c - lifetime of v2 cgroups through the public API
 * (spec 1.7 and the mkdir limit walk of 1.3.7): mkdir errno rules and the
 * defaults and ownership of new cgroups and their files, rmdir EBUSY /
 * ENOTDIR / root, dying cgroups kept by zombies (nr_dying_descendants,
 * "(deleted)" in /proc/PID/cgroup), rename EPERM, the other VFS operations,
 * and ENODEV through files opened before rmdir.
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

static char *name_of_len(size_t n)
{
	char *s = malloc(n + 2);

	assert_non_null(s);
	s[0] = '/';
	memset(s + 1, 'n', n);
	s[n + 1] = '\0';
	return s;
}

/* ---- mkdir ----------------------------------------------------------- */

static void test_mkdir_errors(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	char *n255 = name_of_len(255), *n256 = name_of_len(256), *n4000 = name_of_len(4000);
	const struct {
		const char *path;
		const struct ucg_cred *cred;
		int err;
	} rows[] = {
		{ "/a", NULL, -EEXIST },
		{ "/a/", NULL, -EEXIST },
		{ "/cgroup.procs", NULL, -EEXIST },        /* an interface file */
		{ "/a/cgroup.type", NULL, -EEXIST },
		{ "/a/cgroup.subtree_control", NULL, -EEXIST },
		{ "/x\ny", NULL, -EINVAL },
		{ "/x\n", NULL, -EINVAL },
		{ "/a/\n", NULL, -EINVAL },
		{ "/nope/x", NULL, -ENOENT },
		{ "/a/cgroup.procs/x", NULL, -ENOTDIR },
		{ "/a/b", &t->user, -EACCES },             /* no write on /a */
		{ "/u/b", &t->other, -EACCES },
		{ "/u/b", &t->user, -EACCES },             /* owner, but no exec on /u */
		{ "/s/b", &t->user, -EACCES },             /* no search on the path */
		/* kernfs has no NAME_MAX: only the path length bounds a name
		 * (names of 256 and 4000 bytes checked on the 6.18 kernel) */
		{ n256, NULL, 0 },
		{ n4000, NULL, 0 },
		{ n255, NULL, 0 },
		{ "/sp ace", NULL, 0 },
		{ "/t\tab", NULL, 0 },
		{ "/a/b", NULL, 0 },
		{ "/a/b", NULL, -EEXIST },
	};
	size_t i;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/u", 0600, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/u", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/s", 0700, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/s/cgroup.procs", 1000, 1000, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		int ret = ucg_mkdir(t->m, rows[i].path, 0755, rows[i].cred ? rows[i].cred : &t->root);

		if (ret != rows[i].err)
			fail_msg("row %zu mkdir \"%s\": %s, expected %s", i, rows[i].path,
				 tt_errname(ret), tt_errname(rows[i].err));
	}
	/* the accepted odd names are real cgroups */
	tt_assert_read(t->m, "/sp ace/cgroup.type", "domain\n");
	tt_assert_read(t->m, "/t\tab/cgroup.type", "domain\n");
	tt_assert_ret(tt_keyed(t->m, "/cgroup.stat", "nr_descendants"), 9, "nr_descendants");
	/* with exec and write the owner may */
	assert_int_equal(ucg_chmod(t->m, "/u", 0700, &t->user), 0);
	assert_int_equal(ucg_mkdir(t->m, "/u/b", 0755, &t->user), 0);
	free(n255);
	free(n256);
	free(n4000);
	tt_free(t);
}

/* A new cgroup: domain, empty subtree_control (never inherited), controllers
 * from the parent with defaults, freeze inherited, max.* = max. */
static void test_mkdir_defaults(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, "/cgroup.subtree_control", "+pids +rdma" },
		{ TT_W, "/a/cgroup.subtree_control", "+pids" },
		{ TT_W, "/a/cgroup.max.depth", "5" },
		{ TT_W, "/a/cgroup.max.descendants", "7" },
		{ TT_W, "/a/cgroup.freeze", "1" },
		{ TT_MKDIR, "/a/b" },
		{ TT_R, "/a/b/cgroup.type", "domain\n" },
		{ TT_R, "/a/b/cgroup.subtree_control", "" },
		{ TT_R, "/a/b/cgroup.controllers", "pids\n" },
		{ TT_R, "/a/b/cgroup.max.depth", "max\n" },
		{ TT_R, "/a/b/cgroup.max.descendants", "max\n" },
		{ TT_R, "/a/b/cgroup.freeze", "0\n" },
		{ TT_R, "/a/b/cgroup.events", "populated 0\nfrozen 1\n" },
		{ TT_R, "/a/b/pids.max", "max\n" },
		{ TT_R, "/a/b/rdma.max", NULL, -ENOENT },
		{ TT_R, "/a/cgroup.subtree_control", "pids\n" },
	};
	struct tt *t = tt_new("cgroup2", NULL);

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	tt_run(t, t->m, steps, NULL);
	tt_free(t);
}

static void assert_owner(struct ucg_mount *m, const char *path, uid_t uid, gid_t gid, mode_t mode)
{
	struct ucg_stat st;
	int ret = ucg_stat(m, path, &st);

	if (ret)
		fail_msg("stat %s: %s", path, tt_errname(ret));
	if (st.uid != uid || st.gid != gid || st.mode != mode)
		fail_msg("%s: %u:%u %04o, expected %u:%u %04o", path, (unsigned)st.uid,
			 (unsigned)st.gid, (unsigned)st.mode, (unsigned)uid, (unsigned)gid,
			 (unsigned)mode);
}

/* The creator owns the directory and every file made at mkdir; controller
 * files made later belong to the subtree_control writer. */
static void test_mkdir_ownership(void **state)
{
	static const struct {
		const char *path;
		uid_t uid;
		mode_t mode;
	} rows[] = {
		{ "/d/u", 1000, 0750 },
		{ "/d/u/cgroup.procs", 1000, 0644 },
		{ "/d/u/cgroup.threads", 1000, 0644 },
		{ "/d/u/cgroup.subtree_control", 1000, 0644 },
		{ "/d/u/cgroup.type", 1000, 0644 },
		{ "/d/u/cgroup.controllers", 1000, 0444 },
		{ "/d/u/cgroup.events", 1000, 0444 },
		{ "/d/u/cgroup.kill", 1000, 0200 },
		{ "/d/u/cgroup.max.depth", 1000, 0644 },
		{ "/d/u/pids.max", 1000, 0644 },       /* pids enabled before mkdir */
		{ "/d/r", 0, 0755 },
		{ "/d/r/cgroup.procs", 0, 0644 },
		{ "/d/r/pids.max", 0, 0644 },          /* mkdir by root after enabling */
		{ "/d/e", 0, 0755 },                   /* made by root before enabling */
		{ "/d/e/cgroup.procs", 0, 0644 },
		{ "/d/e/pids.max", 1000, 0644 },       /* created by the user's write */
		{ "/d/e/pids.current", 1000, 0444 },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	size_t i;

	(void)state;
	assert_int_equal(tt_write(t->m, "/cgroup.subtree_control", "+pids", &t->root), 5);
	assert_int_equal(ucg_mkdir(t->m, "/d", 0755, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/d", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/d/cgroup.subtree_control", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/d/e", 0755, &t->root), 0);
	tt_assert_write(t->m, "/d/cgroup.subtree_control", "+pids", &t->user, 0);
	assert_int_equal(ucg_mkdir(t->m, "/d/u", 0750, &t->user), 0);
	assert_int_equal(ucg_mkdir(t->m, "/d/r", 0755, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++)
		assert_owner(t->m, rows[i].path, rows[i].uid, rows[i].uid, rows[i].mode);
	tt_free(t);
}

/* Controller files are re-created when the controller is re-enabled: owned
 * by that writer with the default mode, earlier chown/chmod forgotten; the
 * root's files keep their attributes. */
static void test_controller_files_recreated(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);

	(void)state;
	assert_int_equal(tt_write(t->m, "/cgroup.subtree_control", "+pids", &t->root), 5);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/a/pids.max", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_chmod(t->m, "/a/pids.max", 0600, &t->root), 0);
	assert_owner(t->m, "/a/pids.max", 1000, 1000, 0600);
	assert_int_equal(ucg_chown(t->m, "/cgroup.max.depth", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_chmod(t->m, "/cgroup.max.depth", 0640, &t->root), 0);
	assert_int_equal(tt_write(t->m, "/cgroup.subtree_control", "-pids", &t->root), 5);
	assert_int_equal(ucg_stat(t->m, "/a/pids.max", &(struct ucg_stat){ 0 }), -ENOENT);
	assert_int_equal(ucg_chown(t->m, "/cgroup.subtree_control", 2000, 2000, &t->root), 0);
	tt_assert_write(t->m, "/cgroup.subtree_control", "+pids", &t->other, 0);
	assert_owner(t->m, "/a/pids.max", 2000, 2000, 0644);
	assert_owner(t->m, "/a/pids.current", 2000, 2000, 0444);
	assert_owner(t->m, "/cgroup.max.depth", 1000, 1000, 0640);
	tt_free(t);
}

/* ---- rmdir ----------------------------------------------------------- */

static void test_rmdir_table(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	const struct ucg_cred *u = &t->user;
	const struct tt_step steps[] = {
		{ TT_W, "/cgroup.subtree_control", "+pids" },
		{ TT_W, "/pop/cgroup.procs", "$0" },
		{ TT_W, "/deep/x/cgroup.procs", "$1" },
		{ TT_W, "/z/cgroup.procs", "$2" },
		{ TT_EXIT, NULL, "$2" },
		{ TT_W, "/limits/pids.max", "3" },
		{ TT_RMDIR, "/pop", NULL, -EBUSY },      /* live task */
		{ TT_RMDIR, "/deep", NULL, -EBUSY },     /* live child (and populated) */
		{ TT_RMDIR, "/kids", NULL, -EBUSY },     /* empty live child */
		{ TT_RMDIR, "/", NULL, -EBUSY },         /* the root */
		{ TT_RMDIR, "", NULL, -EBUSY },
		{ TT_RMDIR, "/cgroup.procs", NULL, -ENOTDIR },
		{ TT_RMDIR, "/kids/c/cgroup.type", NULL, -ENOTDIR },
		{ TT_RMDIR, "/kids/pids.max", NULL, -ENOTDIR },
		{ TT_RMDIR, "/nope", NULL, -ENOENT },
		{ TT_RMDIR, "/kids/c", NULL, -EACCES, u }, /* no write on /kids */
		{ TT_RMDIR, "/z" },                       /* zombies only */
		{ TT_RMDIR, "/limits" },                  /* controller state never blocks */
		{ TT_RMDIR, "/kids/c" },
		{ TT_RMDIR, "/kids" },
		{ TT_RMDIR, "/kids", NULL, -ENOENT },
		{ TT_MKDIR, "/kids" },                    /* the name is free at once */
		{ TT_R, "/kids/cgroup.type", "domain\n" },
		{ TT_RMDIR, "/deep/x", NULL, -EBUSY },
		{ TT_W, "/cgroup.procs", "$1" },
		{ TT_RMDIR, "/deep/x" },
		{ TT_RMDIR, "/deep" },
		{ TT_R, "/cgroup.procs", "$1\n" },
	};
	static const char *const dirs[] = { "/pop", "/deep", "/deep/x", "/kids", "/kids/c",
					    "/z", "/limits" };
	pid_t pids[3] = { tt_fork(t, 0), tt_fork(t, 0), tt_fork(t, 0) };
	size_t i;

	(void)state;
	/* the root's cgroup.procs lists what was never moved: move the others out */
	for (i = 0; i < TT_ARRAY_SIZE(dirs); i++)
		assert_int_equal(ucg_mkdir(t->m, dirs[i], 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

/* rmdir: ancestors' nr_descendants / nr_dying_descendants; a zombie keeps the
 * removed cgroup dying until reaped; /proc/PID/cgroup shows "(deleted)". */
static void test_dying_cgroup(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	static const struct {
		const char *path, *key;
		long long before, dying, after;
	} rows[] = {
		{ "/cgroup.stat", "nr_descendants", 3, 2, 2 },
		{ "/cgroup.stat", "nr_dying_descendants", 0, 1, 0 },
		{ "/a/cgroup.stat", "nr_descendants", 2, 1, 1 },
		{ "/a/cgroup.stat", "nr_dying_descendants", 0, 1, 0 },
		{ "/a/c/cgroup.stat", "nr_dying_descendants", 0, 0, 0 },
		{ "/cgroup.stat", "nr_subsys_pids", 4, 3, 3 },
		{ "/cgroup.stat", "nr_dying_subsys_pids", 0, 1, 0 },
	};
	struct ucg_counters c0, c1, c2;
	pid_t pid = tt_fork(t, 0);
	size_t i;

	(void)state;
	assert_int_equal(tt_write(t->m, "/cgroup.subtree_control", "+pids", &t->root), 5);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(tt_write(t->m, "/a/cgroup.subtree_control", "+pids", &t->root), 5);
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/c", 0755, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/a/b", "cgroup.procs", pid, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++)
		tt_assert_ret(tt_keyed(t->m, rows[i].path, rows[i].key), rows[i].before, rows[i].key);
	ucg_get_counters(t->ucg, &c0);

	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), -EBUSY);
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	tt_assert_read(t->m, "/a/b/cgroup.procs", "");
	tt_assert_read(t->m, "/a/b/cgroup.events", "populated 0\nfrozen 0\n");
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++)
		tt_assert_ret(tt_keyed(t->m, rows[i].path, rows[i].key), rows[i].dying, rows[i].key);
	ucg_get_counters(t->ucg, &c1);
	assert_int_equal(c1.nr_dying, c0.nr_dying + 1);
	assert_int_equal(c1.nr_cgroups, c0.nr_cgroups);
	tt_assert_proc_cgroup(t->ucg, pid, "0::/a/b (deleted)\n");

	/* the name is reusable while the old cgroup is still dying */
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	tt_assert_proc_cgroup(t->ucg, pid, "0::/a/b (deleted)\n");
	tt_assert_ret(tt_keyed(t->m, "/a/cgroup.stat", "nr_dying_descendants"), 1, "dying");
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);

	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++)
		tt_assert_ret(tt_keyed(t->m, rows[i].path, rows[i].key), rows[i].after, rows[i].key);
	ucg_get_counters(t->ucg, &c2);
	assert_int_equal(c2.nr_dying, c0.nr_dying);
	assert_int_equal(c2.nr_cgroups, c0.nr_cgroups - 1);
	assert_int_equal(ucg_proc_pid_cgroup(t->ucg, pid, &(char *){ NULL }), -ESRCH);
	tt_free(t);
}

/* A removed cgroup whose only task is an exited leader with live threads is
 * populated: rmdir fails until the last thread exits. */
static void test_dying_leader_with_threads(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, "/a/cgroup.procs", "$0" },
		{ TT_EXIT1, NULL, "$0" },             /* the leader only */
		{ TT_R, "/a/cgroup.procs", "$0\n" },  /* still listed */
		{ TT_RMDIR, "/a", NULL, -EBUSY },
		{ TT_EXIT1, NULL, "$1" },
		{ TT_R, "/a/cgroup.procs", "" },
		{ TT_RMDIR, "/a" },
		{ TT_PROC, "$0", "0::/a (deleted)\n" },
		{ TT_R, "/cgroup.stat", "nr_descendants 0\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_pids 1\nnr_subsys_rdma 1\n"
					"nr_dying_descendants 1\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_pids 0\n"
					"nr_dying_subsys_rdma 0\n" },
		{ TT_REAP, NULL, "$0" },
		{ TT_R, "/cgroup.stat", "nr_descendants 0\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_pids 1\nnr_subsys_rdma 1\n"
					"nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_pids 0\n"
					"nr_dying_subsys_rdma 0\n" },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[2];

	(void)state;
	pids[0] = tt_fork(t, 0);
	pids[1] = tt_thread(t, pids[0]);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

/* ---- rename and other VFS operations --------------------------------- */

static void test_rename_v2(void **state)
{
	static const struct {
		const char *from, *to;
		int err;
	} rows[] = {
		{ "/a", "/b", -EPERM },
		{ "/a", "/a2", -EPERM },
		{ "/a/c", "/a/d", -EPERM },
		{ "/a/c", "/c", -EPERM },
		{ "/a/cgroup.procs", "/a/x", -EPERM },
		{ "/a/cgroup.procs", "/a/cgroup.threads", -EPERM },
		{ "/nope", "/x", -ENOENT },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	size_t i;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/c", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		int ret = ucg_rename(t->m, rows[i].from, rows[i].to, &t->root);

		if (ret != rows[i].err)
			fail_msg("row %zu rename %s -> %s: %s, expected %s", i, rows[i].from,
				 rows[i].to, tt_errname(ret), tt_errname(rows[i].err));
	}
	/* nothing moved */
	tt_assert_read(t->m, "/a/c/cgroup.type", "domain\n");
	assert_int_equal(ucg_stat(t->m, "/a2", &(struct ucg_stat){ 0 }), -ENOENT);
	tt_free(t);
}

static void test_vfs_ops(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	const struct {
		const char *what, *path;
		int (*op)(struct ucg_mount *, const char *, const struct ucg_cred *);
		int err;
	} rows[] = {
		{ "create", "/a/newfile", ucg_create, -EACCES },
		{ "create", "/newfile", ucg_create, -EACCES },
		{ "unlink", "/a/cgroup.procs", ucg_unlink, -EPERM },
		{ "unlink", "/a/pids.max", ucg_unlink, -EPERM },
		{ "unlink", "/cgroup.controllers", ucg_unlink, -EPERM },
		{ "rmdir", "/a/cgroup.procs", ucg_rmdir, -ENOTDIR },
		{ "rmdir", "/a/pids.max", ucg_rmdir, -ENOTDIR },
	};
	struct ucg_stat st;
	size_t i;

	(void)state;
	assert_int_equal(tt_write(t->m, "/cgroup.subtree_control", "+pids", &t->root), 5);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		int ret = rows[i].op(t->m, rows[i].path, &t->root);

		if (ret != rows[i].err)
			fail_msg("row %zu %s %s: %s, expected %s", i, rows[i].what, rows[i].path,
				 tt_errname(ret), tt_errname(rows[i].err));
	}
	/* without write access to the directory the VFS answers first: EACCES */
	assert_int_equal(ucg_unlink(t->m, "/a/cgroup.procs", &t->user), -EACCES);
	assert_int_equal(ucg_chown(t->m, "/a", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_unlink(t->m, "/a/cgroup.procs", &t->user), -EPERM);
	/* files survived */
	assert_int_equal(ucg_stat(t->m, "/a/cgroup.procs", &st), 0);
	assert_int_equal(ucg_stat(t->m, "/a/newfile", &st), -ENOENT);
	tt_free(t);
}

/* chmod / chown of interface files succeed and change what open() allows;
 * the operation itself still refuses a missing handler with EINVAL. */
static void test_chmod_chown_files(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_file *f;
	struct ucg_stat st;
	char buf[16];

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	/* root: chmod and chown */
	assert_int_equal(ucg_chmod(t->m, "/a/cgroup.procs", 0666, &t->root), 0);
	assert_int_equal(ucg_stat(t->m, "/a/cgroup.procs", &st), 0);
	assert_int_equal(st.mode, 0666);
	assert_int_equal(ucg_chown(t->m, "/a/cgroup.events", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_stat(t->m, "/a/cgroup.events", &st), 0);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.gid, 1000);
	assert_int_equal(st.mode, 0444);
	/* only root chowns; the owner chmods; others do neither */
	tt_assert_ret(ucg_chown(t->m, "/a/cgroup.events", 1000, 1000, &t->user), -EPERM, "chown");
	tt_assert_ret(ucg_chmod(t->m, "/a/cgroup.events", 0644, &t->other), -EPERM, "chmod");
	/* read-only file: the owner cannot open it for writing ... */
	tt_assert_ret(ucg_open(t->m, "/a/cgroup.events", O_WRONLY, &t->user, &f), -EACCES, "open");
	/* ... until it chmods it; then write() refuses it with EINVAL */
	tt_assert_ret(ucg_chmod(t->m, "/a/cgroup.events", 0644, &t->user), 0, "owner chmod");
	assert_int_equal(ucg_open(t->m, "/a/cgroup.events", O_WRONLY, &t->user, &f), 0);
	tt_assert_ret(ucg_write(f, "1", 1, NULL), -EINVAL, "write cgroup.events");
	tt_assert_ret(ucg_write(f, "", 0, NULL), 0, "0-byte write");
	ucg_close(f);
	/* a mode change is visible to the others' open() */
	tt_assert_ret(ucg_open(t->m, "/a/cgroup.procs", O_WRONLY, &t->other, &f), 0, "0666");
	ucg_close(f);
	assert_int_equal(ucg_chmod(t->m, "/a/cgroup.procs", 0600, &t->root), 0);
	tt_assert_ret(ucg_open(t->m, "/a/cgroup.procs", O_RDONLY, &t->other, &f), -EACCES, "0600");
	/* write-only cgroup.kill: root opens it for reading, read() is EINVAL */
	assert_int_equal(ucg_open(t->m, "/a/cgroup.kill", O_RDONLY, &t->root, &f), 0);
	tt_assert_ret(ucg_read(f, buf, sizeof(buf), 0), -EINVAL, "read cgroup.kill");
	ucg_close(f);
	tt_assert_ret(ucg_open(t->m, "/a/cgroup.kill", O_RDONLY, &t->user, &f), -EACCES, "kill");
	tt_free(t);
}

/* Every read and write through a file opened before rmdir fails with ENODEV. */
static void test_enodev_after_rmdir(void **state)
{
	static const char *const files[] = {
		"cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "cgroup.type",
		"cgroup.max.depth", "cgroup.max.descendants", "cgroup.freeze", "cgroup.kill",
		"cgroup.events", "cgroup.stat", "cgroup.stat.local", "cgroup.controllers",
		"pids.max", "pids.current", "pids.events",
	};
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_file *f[TT_ARRAY_SIZE(files)];
	char path[64], buf[64];
	size_t i;
	int err;

	(void)state;
	assert_int_equal(tt_write(t->m, "/cgroup.subtree_control", "+pids", &t->root), 5);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "/a/%s", files[i]);
		if (ucg_open(t->m, path, O_RDWR, &t->root, &f[i]))
			fail_msg("open %s", path);
	}
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(files); i++) {
		ssize_t r = ucg_read(f[i], buf, sizeof(buf), 0);
		ssize_t w = ucg_write(f[i], "1", 1, NULL);

		if (r != -ENODEV || w != -ENODEV)
			fail_msg("%s: read %s, write %s, expected ENODEV", files[i], tt_errname(r),
				 tt_errname(w));
		assert_null(ucg_file_content(f[i], &err));
		assert_int_equal(err, -ENODEV);
	}
	for (i = 0; i < TT_ARRAY_SIZE(files); i++)
		ucg_close(f[i]);
	tt_free(t);
}

/* ---- 1.3.7 mkdir limit walk ------------------------------------------ */

static void test_mkdir_limit_walk(void **state)
{
	static const struct {
		const char *pre[3];        /* made before the limits */
		const char *limit[2][2];   /* { file, value } */
		struct { const char *path; int err; } mk[3];
	} rows[] = {
		{ { "/a" }, { { "/a/cgroup.max.depth", "0" } },
		  { { "/a/b", -EAGAIN }, { "/c", 0 } } },
		{ { "/a" }, { { "/a/cgroup.max.depth", "1" } },
		  { { "/a/b", 0 }, { "/a/b/c", -EAGAIN }, { "/a/d", 0 } } },
		{ { "/a" }, { { "/cgroup.max.depth", "1" } },
		  { { "/a/b", -EAGAIN }, { "/c", 0 } } },
		{ { "/a" }, { { "/cgroup.max.depth", "2" } },
		  { { "/a/b", 0 }, { "/a/b/c", -EAGAIN } } },
		{ { "/a", "/a/b" }, { { "/a/cgroup.max.depth", "2" }, { "/cgroup.max.depth", "2" } },
		  { { "/a/b/c", -EAGAIN }, { "/a/c", 0 } } },
		{ { "/a" }, { { "/a/cgroup.max.descendants", "0" } },
		  { { "/a/b", -EAGAIN }, { "/b", 0 } } },
		{ { "/a", "/a/b", "/a/c" }, { { "/a/cgroup.max.descendants", "2" } },
		  { { "/a/d", -EAGAIN }, { "/a/b/x", -EAGAIN }, { "/d", 0 } } },
		{ { "/a", "/a/b" }, { { "/a/cgroup.max.descendants", "2" } },
		  { { "/a/b/x", 0 }, { "/a/b/y", -EAGAIN } } },
		{ { "/a" }, { { "/cgroup.max.descendants", "1" } },
		  { { "/b", -EAGAIN }, { "/a/x", -EAGAIN } } },
		/* lowering below the current count is accepted, affects mkdir only */
		{ { "/a", "/a/b", "/a/c" }, { { "/a/cgroup.max.descendants", "1" },
					      { "/a/cgroup.max.depth", "0" } },
		  { { "/a/d", -EAGAIN } } },
		/* INT_MAX is max */
		{ { "/a" }, { { "/a/cgroup.max.depth", "2147483647" } },
		  { { "/a/b", 0 }, { "/a/b/c", 0 } } },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		struct tt *t = tt_new("cgroup2", NULL);

		for (j = 0; j < 3 && rows[i].pre[j]; j++)
			assert_int_equal(ucg_mkdir(t->m, rows[i].pre[j], 0755, &t->root), 0);
		for (j = 0; j < 2 && rows[i].limit[j][0]; j++)
			tt_assert_write(t->m, rows[i].limit[j][0], rows[i].limit[j][1], &t->root, 0);
		for (j = 0; j < 3 && rows[i].mk[j].path; j++) {
			int ret = ucg_mkdir(t->m, rows[i].mk[j].path, 0755, &t->root);

			if (ret != rows[i].mk[j].err)
				fail_msg("row %zu mkdir %s: %s, expected %s", i, rows[i].mk[j].path,
					 tt_errname(ret), tt_errname(rows[i].mk[j].err));
		}
		tt_free(t);
	}
}

/* Dying cgroups do not count in nr_descendants for max.descendants; lowered
 * values read back as written. */
static void test_mkdir_limit_dying_excluded(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, "/a/cgroup.max.descendants", "1" },
		{ TT_R, "/a/cgroup.max.descendants", "1\n" },
		{ TT_MKDIR, "/a/b" },
		{ TT_MKDIR, "/a/c", NULL, -EAGAIN },
		{ TT_W, "/a/b/cgroup.procs", "$0" },
		{ TT_EXIT, NULL, "$0" },
		{ TT_RMDIR, "/a/b" },
		{ TT_R, "/a/cgroup.stat", "nr_descendants 0\nnr_subsys_cpu 0\nnr_subsys_io 0\nnr_subsys_pids 0\nnr_subsys_rdma 0\n"
					  "nr_dying_descendants 1\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_pids 0\n"
					  "nr_dying_subsys_rdma 0\n" },
		{ TT_MKDIR, "/a/c" },                 /* the dying one does not count */
		{ TT_MKDIR, "/a/d", NULL, -EAGAIN },
		{ TT_W, "/a/cgroup.max.descendants", "0" },
		{ TT_R, "/a/cgroup.max.descendants", "0\n" },
		{ TT_W, "/a/cgroup.max.descendants", "max" },
		{ TT_MKDIR, "/a/d" },
		{ TT_REAP, NULL, "$0" },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[1] = { tt_fork(t, 0) };

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mkdir_errors),
		cmocka_unit_test(test_mkdir_defaults),
		cmocka_unit_test(test_mkdir_ownership),
		cmocka_unit_test(test_controller_files_recreated),
		cmocka_unit_test(test_rmdir_table),
		cmocka_unit_test(test_dying_cgroup),
		cmocka_unit_test(test_dying_leader_with_threads),
		cmocka_unit_test(test_rename_v2),
		cmocka_unit_test(test_vfs_ops),
		cmocka_unit_test(test_chmod_chown_files),
		cmocka_unit_test(test_enodev_after_rmdir),
		cmocka_unit_test(test_mkdir_limit_walk),
		cmocka_unit_test(test_mkdir_limit_dying_excluded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
