// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_v1.c - v1 hierarchies through the public API (spec 2.1): mount
 * options and their EINVAL rules, name= validation, reuse of a hierarchy for
 * the same controller set or name, EBUSY for overlapping sets and for a
 * controller in use on v2 (dying css included), bare name= reopening,
 * cyclic hierarchy ids, remount rules and umount (destruction of a childless
 * hierarchy, controllers back to v2).  The v1 files, the attach rule, the
 * release agent and the /proc views are in test_v1_files.c.
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

#define NAME63 "n123456789012345678901234567890123456789012345678901234567890ab"
#define NAME64 NAME63 "c"

static int mount_v1(struct tt *t, const char *options, struct ucg_mount **m)
{
	return ucg_mount(t->ucg, "cgroup", options, &t->root, m);
}

static uint64_t nr_hierarchies(struct tt *t)
{
	struct ucg_counters c;

	ucg_get_counters(t->ucg, &c);
	return c.nr_hierarchies;
}

/* ---- 2.1 mount options ----------------------------------------------- */

static void test_mount_options(void **state)
{
	static const struct {
		const char *opts;
		int err;
		const char *line; /* /proc/PID/cgroup of a task after a successful mount */
	} rows[] = {
		{ "pids", 0, "1:pids:/\n" },
		{ "rdma", 0, "1:rdma:/\n" },
		{ "pids,rdma", 0, "1:pids,rdma:/\n" },
		{ "rdma,pids", 0, "1:pids,rdma:/\n" },      /* id order, not option order */
		{ "pids,pids", 0, "1:pids:/\n" },
		{ "freezer", 0, "1:freezer:/\n" },
		{ "rdma,freezer", 0, "1:freezer,rdma:/\n" },
		{ "cpu", 0, "1:cpu:/\n" },
		{ "cpuacct,cpu", 0, "1:cpu,cpuacct:/\n" },
		{ "", 0, "1:cpu,cpuacct,blkio,freezer,pids,rdma:/\n" },       /* implicitly all */
		{ NULL, 0, "1:cpu,cpuacct,blkio,freezer,pids,rdma:/\n" },
		{ "all", 0, "1:cpu,cpuacct,blkio,freezer,pids,rdma:/\n" },
		{ "all,name=x", 0, "1:cpu,cpuacct,blkio,freezer,pids,rdma,name=x:/\n" },
		{ "name=x,all", 0, "1:cpu,cpuacct,blkio,freezer,pids,rdma,name=x:/\n" },
		{ "pids,name=x", 0, "1:pids,name=x:/\n" },
		{ "none,name=x", 0, "1:name=x:/\n" },
		{ "name=x,none", 0, "1:name=x:/\n" },
		{ "none,name=a.b_c-D9", 0, "1:name=a.b_c-D9:/\n" },
		{ "none,name=" NAME63, 0, "1:name=" NAME63 ":/\n" },
		{ "none,name=x,noprefix", 0, "1:name=x:/\n" },
		{ "none,name=x,xattr", 0, "1:name=x:/\n" },
		{ "none,name=x,cpuset_v2_mode", 0, "1:name=x:/\n" },
		{ "none,name=x,clone_children", 0, "1:name=x:/\n" },
		{ "none,name=x,release_agent=/sbin/a", 0, "1:name=x:/\n" },
		{ "pids,xattr,clone_children", 0, "1:pids:/\n" },
		/* EINVAL */
		{ "bogusopt", -EINVAL },
		{ "pids,bogusopt", -EINVAL },
		{ "memory", -EINVAL },                     /* not built: unknown */
		{ "io", -EINVAL },                         /* v2 name, not a legacy one */
		{ "Pids", -EINVAL },
		{ "none,name=", -EINVAL },
		{ "none,name=" NAME64, -EINVAL },
		{ "none,name=a/b", -EINVAL },
		{ "none,name=a:b", -EINVAL },
		{ "none,name=a b", -EINVAL },
		{ "none,name=x,name=x", -EINVAL },
		{ "none,name=x,name=y", -EINVAL },
		{ "none,name=x,release_agent=/a,release_agent=/b", -EINVAL },
		{ "all,pids", -EINVAL },
		{ "pids,all", -EINVAL },
		{ "none,pids", -EINVAL },
		{ "none,all", -EINVAL },
		{ "none", -EINVAL },                       /* empty set without a name */
		{ "noprefix,pids", -EINVAL },
		{ "noprefix", -EINVAL },                   /* implicit all */
		{ "name=x", -EINVAL },                     /* bare name of no hierarchy */
	};
	size_t i;

	(void)state;
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		struct tt *t = tt_new(NULL, NULL);
		struct ucg_mount *m = NULL;
		int ret = mount_v1(t, rows[i].opts, &m);

		if (ret != rows[i].err)
			fail_msg("row %zu \"%s\": %s, expected %s", i, rows[i].opts ? rows[i].opts : "(null)",
				 tt_errname(ret), tt_errname(rows[i].err));
		if (!ret) {
			tt_assert_proc_cgroup(t->ucg, tt_fork(t, 0), rows[i].line);
			assert_int_equal(ucg_mount_hier_id(m), 1);
			ucg_umount(m);
		}
		assert_int_equal(nr_hierarchies(t), 0);
		tt_free(t);
	}
}

static void test_mount_privilege_and_fstype(void **state)
{
	struct tt *t = tt_new(NULL, NULL);
	struct ucg_cred dac = { .uid = 0, .caps = UCG_CAP_DAC_OVERRIDE };
	struct ucg_mount *m = NULL;

	(void)state;
	tt_assert_ret(ucg_mount(t->ucg, "cgroup", "none,name=x", &t->user, &m), -EPERM, "user");
	tt_assert_ret(ucg_mount(t->ucg, "cgroup", "none,name=x", &dac, &m), -EPERM, "no SYS_ADMIN");
	tt_assert_ret(ucg_mount(t->ucg, "cgroupfs", "none,name=x", &t->root, &m), -ENODEV, "fstype");
	assert_null(m);
	assert_int_equal(nr_hierarchies(t), 0);
	tt_free(t);
}

/* ---- 2.1 choosing the hierarchy -------------------------------------- */

static void test_same_set_reuses(void **state)
{
	struct tt *t = tt_new(NULL, NULL);
	struct ucg_mount *m1, *m2, *m3, *m4;
	struct ucg_stat st;

	(void)state;
	assert_int_equal(mount_v1(t, "pids", &m1), 0);
	assert_int_equal(mount_v1(t, "pids", &m2), 0);
	assert_int_equal(ucg_mount_hier_id(m1), ucg_mount_hier_id(m2));
	assert_int_equal(nr_hierarchies(t), 1);
	/* one tree, two mounts */
	assert_int_equal(ucg_mkdir(m1, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_stat(m2, "/a", &st), 0);
	assert_true(st.is_dir);
	assert_int_equal(ucg_mkdir(m2, "/b", 0755, &t->root), 0);
	assert_int_equal(ucg_stat(m1, "/b", &st), 0);
	/* overlapping sets, with or without a new name */
	tt_assert_ret(mount_v1(t, "pids,rdma", &m3), -EBUSY, "pids,rdma");
	tt_assert_ret(mount_v1(t, "all", &m3), -EBUSY, "all");
	tt_assert_ret(mount_v1(t, "", &m3), -EBUSY, "implicit all");
	tt_assert_ret(mount_v1(t, "pids,name=y", &m3), -EBUSY, "pids,name=y");
	/* a disjoint set is a new hierarchy */
	assert_int_equal(mount_v1(t, "rdma", &m3), 0);
	assert_int_not_equal(ucg_mount_hier_id(m3), ucg_mount_hier_id(m1));
	tt_assert_ret(mount_v1(t, "pids,rdma", &m4), -EBUSY, "pids,rdma again");
	tt_assert_ret(mount_v1(t, "rdma,name=z", &m4), -EBUSY, "rdma,name=z");
	assert_int_equal(nr_hierarchies(t), 2);
	ucg_umount(m3);
	ucg_umount(m2);
	assert_int_equal(ucg_stat(m1, "/a", &st), 0);  /* still mounted once */
	ucg_umount(m1);
	assert_int_equal(nr_hierarchies(t), 1);        /* children keep it */
	tt_free(t);
}

static void test_named_reuse(void **state)
{
	static const struct {
		const char *opts;
		int err;
	} rows[] = {
		{ "pids,name=x", 0 },
		{ "name=x", 0 },                     /* bare name: reopen */
		{ "pids", 0 },                       /* same set, no name: reused too */
		{ "pids,name=x,clone_children", 0 }, /* flags ignored on reuse */
		{ "pids,name=x,xattr", 0 },
		{ "pids,name=x,noprefix", -EINVAL }, /* but still validated */
		{ "name=x,cpuset_v2_mode", 0 },
		{ "name=x,release_agent=/other", 0 },
		{ "none,name=x", -EBUSY },           /* name matches, set differs */
		{ "rdma,name=x", -EBUSY },
		{ "pids,rdma,name=x", -EBUSY },
		{ "all,name=x", -EBUSY },
		{ "name=y", -EINVAL },
	};
	struct tt *t = tt_new(NULL, NULL);
	struct ucg_mount *first, *m[TT_ARRAY_SIZE(rows)] = { NULL };
	size_t i;

	(void)state;
	assert_int_equal(mount_v1(t, "pids,name=x,release_agent=/orig", &first), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		int ret = mount_v1(t, rows[i].opts, &m[i]);

		if (ret != rows[i].err)
			fail_msg("row %zu \"%s\": %s, expected %s", i, rows[i].opts, tt_errname(ret),
				 tt_errname(rows[i].err));
		if (!ret && ucg_mount_hier_id(m[i]) != ucg_mount_hier_id(first))
			fail_msg("row %zu \"%s\": hierarchy %d, expected %d", i, rows[i].opts,
				 ucg_mount_hier_id(m[i]), ucg_mount_hier_id(first));
		if (ret)
			m[i] = NULL;
	}
	assert_int_equal(nr_hierarchies(t), 1);
	/* the existing settings stay */
	tt_assert_read(first, "/release_agent", "/orig\n");
	tt_assert_read(first, "/cgroup.clone_children", "0\n");
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++)
		ucg_umount(m[i]);
	ucg_umount(first);
	assert_int_equal(nr_hierarchies(t), 0);
	tt_free(t);
}

/* A hierarchy with children outlives its umount; a bare name= brings it back. */
static void test_bare_name_reopens(void **state)
{
	struct tt *t = tt_new(NULL, NULL);
	struct ucg_mount *m;
	pid_t pid = tt_fork(t, 0);
	char buf[32];
	int id;

	(void)state;
	assert_int_equal(mount_v1(t, "none,name=x", &m), 0);
	id = ucg_mount_hier_id(m);
	assert_int_equal(ucg_mkdir(m, "/c", 0755, &t->root), 0);
	assert_int_equal(tt_move(m, "/c", "tasks", pid, &t->root), 0);
	ucg_umount(m);
	assert_int_equal(nr_hierarchies(t), 1);
	tt_assert_proc_cgroup(t->ucg, pid, "1:name=x:/c\n");   /* still listed */
	assert_int_equal(mount_v1(t, "name=x", &m), 0);
	assert_int_equal(ucg_mount_hier_id(m), id);
	snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	tt_assert_read(m, "/c/cgroup.procs", buf);         /* the same tree */
	assert_int_equal(tt_move(m, "/", "tasks", pid, &t->root), 0);
	assert_int_equal(ucg_rmdir(m, "/c", &t->root), 0);
	ucg_umount(m);
	assert_int_equal(nr_hierarchies(t), 0);
	tt_assert_proc_cgroup(t->ucg, pid, "");
	tt_assert_ret(mount_v1(t, "name=x", &m), -EINVAL, "gone");
	tt_free(t);
}

/* Hierarchy ids: cyclic from 1, not reused at once. */
static void test_hierarchy_ids(void **state)
{
	static const struct {
		const char *opts;
		bool keep;
		int id;
	} rows[] = {
		{ "none,name=a", true, 1 },
		{ "none,name=b", true, 2 },
		{ "none,name=c", false, 3 },
		{ "none,name=d", false, 4 },   /* 3 died, not reused */
		{ "none,name=c", false, 5 },
		{ "pids", true, 6 },
		{ "name=a", false, 1 },        /* reuse keeps the id */
		{ "none,name=e", true, 7 },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_mount *m[TT_ARRAY_SIZE(rows)];
	size_t i;

	(void)state;
	assert_int_equal(ucg_mount_hier_id(t->m), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		assert_int_equal(mount_v1(t, rows[i].opts, &m[i]), 0);
		if (ucg_mount_hier_id(m[i]) != rows[i].id)
			fail_msg("row %zu \"%s\": id %d, expected %d", i, rows[i].opts,
				 ucg_mount_hier_id(m[i]), rows[i].id);
		if (!rows[i].keep) {
			ucg_umount(m[i]);
			m[i] = NULL;
		}
	}
	assert_int_equal(nr_hierarchies(t), 4);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++)
		ucg_umount(m[i]);
	assert_int_equal(nr_hierarchies(t), 0);
	tt_free(t);
}

/* A controller with a non-root css on v2 (live or dying) cannot move to v1. */
static void test_v2_in_use(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_mount *m;
	pid_t pid = tt_fork(t, 0);

	(void)state;
	/* enabled at the root only: no child css, free to go */
	tt_assert_write(t->m, "/cgroup.subtree_control", "+pids", &t->root, 0);
	assert_int_equal(mount_v1(t, "pids", &m), 0);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io rdma\n");
	tt_assert_read(t->m, "/cgroup.subtree_control", "");
	tt_assert_write(t->m, "/cgroup.subtree_control", "+pids", &t->root, -ENOENT);
	ucg_umount(m);
	/* back on v2, not enabled anywhere */
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids rdma\n");
	tt_assert_read(t->m, "/cgroup.subtree_control", "");

	/* a live child css */
	tt_assert_write(t->m, "/cgroup.subtree_control", "+pids", &t->root, 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	tt_assert_ret(mount_v1(t, "pids", &m), -EBUSY, "live css");
	tt_assert_ret(mount_v1(t, "pids,rdma", &m), -EBUSY, "pids,rdma");
	tt_assert_ret(mount_v1(t, "pids,name=x", &m), -EBUSY, "pids,name=x");
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids rdma\n"); /* rdma stayed */
	assert_int_equal(nr_hierarchies(t), 0);
	/* a dying cgroup's css (kept by a zombie) */
	assert_int_equal(tt_move(t->m, "/a", "cgroup.procs", pid, &t->root), 0);
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	tt_assert_ret(tt_keyed(t->m, "/cgroup.stat", "nr_dying_subsys_pids"), 1, "dying pids");
	tt_assert_ret(mount_v1(t, "pids", &m), -EBUSY, "dying css");
	/* rdma is free meanwhile */
	assert_int_equal(mount_v1(t, "rdma", &m), 0);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids\n");
	ucg_umount(m);
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	assert_int_equal(mount_v1(t, "pids", &m), 0);
	ucg_umount(m);
	tt_free(t);
}

/* A css killed by "-pids" but pinned by a zombie is still in use. */
static void test_v2_in_use_disabled_dying_css(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_mount *m;
	pid_t pid = tt_fork(t, 0);

	(void)state;
	tt_assert_write(t->m, "/cgroup.subtree_control", "+pids", &t->root, 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/a", "cgroup.procs", pid, &t->root), 0);
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	tt_assert_write(t->m, "/cgroup.subtree_control", "-pids", &t->root, 0);
	tt_assert_ret(tt_keyed(t->m, "/cgroup.stat", "nr_dying_subsys_pids"), 1, "dying pids");
	tt_assert_ret(mount_v1(t, "pids", &m), -EBUSY, "disabled, dying css");
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	tt_assert_ret(tt_keyed(t->m, "/cgroup.stat", "nr_dying_subsys_pids"), 0, "freed");
	assert_int_equal(mount_v1(t, "pids", &m), 0);
	ucg_umount(m);
	tt_free(t);
}

/* ---- 2.1 remount ----------------------------------------------------- */

static void test_remount_rules(void **state)
{
	static const struct {
		const char *opts;
		int err;
		const char *agent; /* release_agent afterwards */
	} rows[] = {
		{ "none,name=x", 0, "/a\n" },
		{ "name=x,none", 0, "/a\n" },
		{ "none,name=x,xattr", -EINVAL, "/a\n" },        /* root flag changed */
		{ "none,name=x,noprefix", -EINVAL, "/a\n" },
		{ "none,name=x,cpuset_v2_mode", -EINVAL, "/a\n" },
		{ "none,name=y", -EINVAL, "/a\n" },              /* name changed */
		{ "none,name=x,bogus", -EINVAL, "/a\n" },
		{ "none", -EINVAL, "/a\n" },                     /* no name, no set */
		{ "none,name=x,clone_children", 0, "/a\n" },     /* ignored */
		{ "none,name=x,release_agent=/b", 0, "/b\n" },   /* applied */
		{ "none,name=x", 0, "/b\n" },                    /* kept */
	};
	struct tt *t = tt_new(NULL, NULL);
	struct ucg_mount *m;
	pid_t pid;
	size_t i;

	(void)state;
	assert_int_equal(mount_v1(t, "none,name=x,release_agent=/a", &m), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		int ret = ucg_remount(m, rows[i].opts, &t->root);

		if (ret != rows[i].err)
			fail_msg("row %zu \"%s\": %s, expected %s", i, rows[i].opts, tt_errname(ret),
				 tt_errname(rows[i].err));
		tt_assert_read(m, "/release_agent", rows[i].agent);
	}
	tt_assert_read(m, "/cgroup.clone_children", "0\n");
	tt_assert_ret(ucg_remount(m, "none,name=x", &t->user), -EPERM, "user");

	/* any remount with a child is EBUSY, even with identical options */
	assert_int_equal(ucg_mkdir(m, "/c", 0755, &t->root), 0);
	tt_assert_ret(ucg_remount(m, "none,name=x", &t->root), -EBUSY, "child");
	tt_assert_ret(ucg_remount(m, "none,name=x,release_agent=/c", &t->root), -EBUSY, "child ra");
	tt_assert_read(m, "/release_agent", "/b\n");
	tt_assert_ret(ucg_remount(m, "none,name=x,xattr", &t->root), -EINVAL, "flags first");
	assert_int_equal(ucg_rmdir(m, "/c", &t->root), 0);
	tt_assert_ret(ucg_remount(m, "none,name=x", &t->root), 0, "childless again");
	/* a removed child still dying (zombie) counts */
	pid = tt_fork(t, 0);
	assert_int_equal(ucg_mkdir(m, "/c", 0755, &t->root), 0);
	assert_int_equal(tt_move(m, "/c", "tasks", pid, &t->root), 0);
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_rmdir(m, "/c", &t->root), 0);
	tt_assert_ret(ucg_remount(m, "none,name=x", &t->root), -EBUSY, "dying child");
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	tt_assert_ret(ucg_remount(m, "none,name=x", &t->root), 0, "child freed");
	ucg_umount(m);

	/* a flag present at mount must stay */
	assert_int_equal(mount_v1(t, "none,name=z,xattr", &m), 0);
	tt_assert_ret(ucg_remount(m, "none,name=z", &t->root), -EINVAL, "xattr dropped");
	tt_assert_ret(ucg_remount(m, "none,name=z,xattr", &t->root), 0, "xattr kept");
	ucg_umount(m);
	tt_free(t);
}

/* Remount may add controllers (EBUSY rules) and remove them (back to v2). */
static void test_remount_controllers(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_mount *m, *m2;
	pid_t pid = tt_fork(t, 0);

	(void)state;
	assert_int_equal(mount_v1(t, "pids", &m), 0);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io rdma\n");
	tt_assert_ret(ucg_remount(m, "pids,rdma", &t->root), 0, "add rdma");
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io\n");
	tt_assert_proc_cgroup(t->ucg, pid, "1:pids,rdma:/\n0::/\n");
	tt_assert_ret(ucg_remount(m, "rdma", &t->root), 0, "drop pids");
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids\n");
	tt_assert_proc_cgroup(t->ucg, pid, "1:rdma:/\n0::/\n");
	/* pids in use on v2 now: cannot be added */
	tt_assert_write(t->m, "/cgroup.subtree_control", "+pids", &t->root, 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	tt_assert_ret(ucg_remount(m, "pids,rdma", &t->root), -EBUSY, "pids busy");
	tt_assert_proc_cgroup(t->ucg, pid, "1:rdma:/\n0::/\n");
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	/* bound to another v1 hierarchy: cannot be added either */
	tt_assert_write(t->m, "/cgroup.subtree_control", "-pids", &t->root, 0);
	assert_int_equal(mount_v1(t, "pids", &m2), 0);
	tt_assert_ret(ucg_remount(m, "pids,rdma", &t->root), -EBUSY, "pids elsewhere");
	ucg_umount(m2);
	ucg_umount(m);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids rdma\n");
	assert_int_equal(nr_hierarchies(t), 0);
	tt_free(t);
}

/* ---- v1 rename (1.7) ------------------------------------------------- */

static void test_v1_rename(void **state)
{
	static const struct {
		const char *from, *to;
		int err;
	} rows[] = {
		{ "/a", "/a2", 0 },                   /* same parent: allowed */
		{ "/a2", "/a2", 0 },
		{ "/a2/x", "/a2/y", 0 },
		{ "/a2", "/b", -EEXIST },             /* a sibling */
		{ "/a2", "/tasks", -EEXIST },         /* an interface file */
		{ "/a2/y", "/b/y", -EIO },            /* another parent */
		{ "/a2/y", "/y", -EIO },
		{ "/b", "/a2/b", -EIO },
		{ "/a2/tasks", "/a2/t2", -ENOTDIR },  /* files never */
		{ "/a2/tasks", "/b/t2", -ENOTDIR },
		{ "/nope", "/x", -ENOENT },
		{ "/", "/r", -EBUSY },
	};
	struct tt *t = tt_new("cgroup", "none,name=x");
	pid_t pid = tt_fork(t, 0);
	size_t i;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/x", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/a/x", "tasks", pid, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		int ret = ucg_rename(t->m, rows[i].from, rows[i].to, &t->root);

		if (ret != rows[i].err)
			fail_msg("row %zu rename %s -> %s: %s, expected %s", i, rows[i].from,
				 rows[i].to, tt_errname(ret), tt_errname(rows[i].err));
	}
	/* the renamed cgroups keep their tasks; the old names are free */
	tt_assert_proc_cgroup(t->ucg, pid, "1:name=x:/a2/y\n");
	tt_assert_ret(ucg_stat(t->m, "/a", &(struct ucg_stat){ 0 }), -ENOENT, "old name");
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	/* the VFS needs write access to the parent */
	tt_assert_ret(ucg_rename(t->m, "/a", "/a3", &t->user), -EACCES, "user");
	/* files opened before rmdir: ENODEV */
	{
		struct ucg_file *f1, *f2;
		char buf[8];

		assert_int_equal(ucg_open(t->m, "/b/tasks", O_RDWR, &t->root, &f1), 0);
		assert_int_equal(ucg_open(t->m, "/b/notify_on_release", O_RDWR, &t->root, &f2), 0);
		assert_int_equal(ucg_rmdir(t->m, "/b", &t->root), 0);
		tt_assert_ret(ucg_read(f1, buf, sizeof(buf), 0), -ENODEV, "tasks read");
		tt_assert_ret(ucg_write(f1, "1", 1, NULL), -ENODEV, "tasks write");
		tt_assert_ret(ucg_read(f2, buf, sizeof(buf), 0), -ENODEV, "nor read");
		tt_assert_ret(ucg_write(f2, "1", 1, NULL), -ENODEV, "nor write");
		ucg_close(f1);
		ucg_close(f2);
	}
	tt_free(t);
}

/* ---- 2.1 umount ------------------------------------------------------ */

static void test_umount(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_mount *m, *m2;
	pid_t pid = tt_fork(t, 0);
	int id;

	(void)state;
	/* childless: destroyed, controllers back on v2 */
	assert_int_equal(mount_v1(t, "pids", &m), 0);
	assert_int_equal(mount_v1(t, "pids", &m2), 0);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io rdma\n");
	ucg_umount(m2);   /* not the last mount */
	assert_int_equal(nr_hierarchies(t), 1);
	tt_assert_proc_cgroup(t->ucg, pid, "1:pids:/\n0::/\n");
	ucg_umount(m);
	assert_int_equal(nr_hierarchies(t), 0);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids rdma\n");
	tt_assert_write(t->m, "/cgroup.subtree_control", "+pids", &t->root, 0);
	tt_assert_proc_cgroup(t->ucg, pid, "0::/\n");

	/* a child removed before umount but still dying keeps the hierarchy */
	tt_assert_write(t->m, "/cgroup.subtree_control", "-pids", &t->root, 0);
	assert_int_equal(mount_v1(t, "pids,name=x", &m), 0);
	id = ucg_mount_hier_id(m);
	assert_int_equal(ucg_mkdir(m, "/c", 0755, &t->root), 0);
	assert_int_equal(tt_move(m, "/c", "cgroup.procs", pid, &t->root), 0);
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_rmdir(m, "/c", &t->root), 0);
	ucg_umount(m);
	assert_int_equal(nr_hierarchies(t), 1);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io rdma\n"); /* pids still bound */
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	/* destruction happens at the next last umount */
	assert_int_equal(mount_v1(t, "name=x", &m), 0);
	assert_int_equal(ucg_mount_hier_id(m), id);
	tt_assert_ret(ucg_stat(m, "/c", &(struct ucg_stat){ 0 }), -ENOENT, "c gone");
	ucg_umount(m);
	assert_int_equal(nr_hierarchies(t), 0);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids rdma\n");
	tt_free(t);
}

/* An open file of the root keeps an unmounted hierarchy alive (as an fd
 * keeps a lazily unmounted superblock); the last close destroys it. */
static void test_umount_with_open_file(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_mount *m;
	struct ucg_file *f;
	pid_t pid = tt_fork(t, 0);
	char buf[64];
	int err;

	(void)state;
	assert_int_equal(mount_v1(t, "pids", &m), 0);
	assert_int_equal(ucg_open(m, "/tasks", O_RDONLY, &t->root, &f), 0);
	ucg_umount(m);
	assert_int_equal(nr_hierarchies(t), 1);
	snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	tt_assert_str(ucg_file_content(f, &err), buf, "read after umount");
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io rdma\n");
	ucg_close(f);
	assert_int_equal(nr_hierarchies(t), 0);
	tt_assert_read(t->m, "/cgroup.controllers", "cpu io pids rdma\n");
	tt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mount_options),
		cmocka_unit_test(test_mount_privilege_and_fstype),
		cmocka_unit_test(test_same_set_reuses),
		cmocka_unit_test(test_named_reuse),
		cmocka_unit_test(test_bare_name_reopens),
		cmocka_unit_test(test_hierarchy_ids),
		cmocka_unit_test(test_v2_in_use),
		cmocka_unit_test(test_v2_in_use_disabled_dying_css),
		cmocka_unit_test(test_remount_rules),
		cmocka_unit_test(test_remount_controllers),
		cmocka_unit_test(test_v1_rename),
		cmocka_unit_test(test_umount),
		cmocka_unit_test(test_umount_with_open_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
