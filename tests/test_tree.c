// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_tree.c - the v2 tree rules through the public API (spec 1.4-1.6):
 * top-down control (ENOENT / EBUSY), the no-internal-process constraint
 * (subtree_control and migration), user delegation by chown with the
 * common-ancestor EACCES rule, and threaded mode (cgroup.type, domain
 * invalid, thread roots, cgroup.threads across domains).  Lifetime (1.7)
 * and the mkdir limit walk (1.3.7) are in test_tree_lifetime.c.
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

#define SC(p) p "/cgroup.subtree_control"
#define CTL(p) p "/cgroup.controllers"
#define PROCS(p) p "/cgroup.procs"
#define THREADS(p) p "/cgroup.threads"
#define TYPE(p) p "/cgroup.type"

/* ---- 1.4 top-down ---------------------------------------------------- */

static void test_top_down(void **state)
{
	static const struct tt_step steps[] = {
		/* a controller must be in the cgroup's cgroup.controllers */
		{ TT_R, CTL("/a"), "" },
		{ TT_W, SC("/a"), "+pids", -ENOENT },
		{ TT_W, SC("/a"), "+rdma", -ENOENT },
		{ TT_W, SC(""), "+pids" },
		{ TT_R, CTL("/a"), "pids\n" },
		{ TT_R, CTL("/a/b"), "" },
		{ TT_W, SC("/a"), "+pids +rdma", -ENOENT },
		{ TT_R, SC("/a"), "" },                /* all or nothing */
		{ TT_W, SC("/a"), "+pids" },
		{ TT_R, SC("/a"), "pids\n" },
		{ TT_R, CTL("/a/b"), "pids\n" },
		{ TT_W, SC("/a/b"), "+pids" },
		{ TT_W, SC(""), "+rdma" },
		{ TT_R, SC(""), "pids rdma\n" },
		{ TT_R, CTL("/a/b/c"), "pids\n" },
		{ TT_W, SC("/a/b"), "+rdma", -ENOENT }, /* a does not enable rdma */
		/* no disabling while a live child enables it */
		{ TT_W, SC(""), "-pids", -EBUSY },
		{ TT_W, SC("/a"), "-pids", -EBUSY },
		{ TT_R, SC(""), "pids rdma\n" },
		{ TT_W, SC("/a/b"), "-pids" },
		{ TT_R, CTL("/a/b/c"), "" },
		{ TT_W, SC("/a"), "-pids" },
		{ TT_W, SC(""), "-pids" },
		{ TT_R, SC(""), "rdma\n" },
		{ TT_R, CTL("/a"), "rdma\n" },
		{ TT_W, SC(""), "-pids" },              /* not enabled: dropped */
		{ TT_W, SC(""), "-rdma" },              /* no child enables rdma */
		{ TT_R, SC(""), "" },
	};
	struct tt *t = tt_new("cgroup2", NULL);

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b/c", 0755, &t->root), 0);
	tt_run(t, t->m, steps, NULL);
	tt_free(t);
}

/* A dying child (kept by a zombie) does not block disabling (live children only). */
static void test_disable_ignores_dying_child(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, SC(""), "+pids" },
		{ TT_MKDIR, "/a" },
		{ TT_W, SC("/a"), "+pids" },
		{ TT_W, PROCS("/a"), "$0" }, /* only a threaded controller: allowed */
		{ TT_EXIT, NULL, "$0" },
		{ TT_RMDIR, "/a" },
		{ TT_W, SC(""), "-pids", 0 },
		{ TT_R, SC(""), "" },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[1] = { tt_fork(t, 0) };

	(void)state;
	tt_run(t, t->m, steps, pids);
	/* the child really was dying, not gone, when -pids succeeded */
	assert_int_equal(tt_keyed(t->m, "/cgroup.stat", "nr_dying_descendants"), 1);
	assert_int_equal(ucg_sim_reap(t->ucg, pids[0]), 0);
	assert_int_equal(tt_keyed(t->m, "/cgroup.stat", "nr_dying_descendants"), 0);
	tt_free(t);
}

/* ---- 1.4 no internal processes --------------------------------------- */

static void test_no_internal_process(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, SC(""), "+pids +rdma" },
		/* migrating into a cgroup with a domain controller enabled */
		{ TT_W, SC("/a"), "+rdma" },
		{ TT_W, PROCS("/a"), "$0", -EBUSY },
		{ TT_R, PROCS("/a"), "" },
		{ TT_W, PROCS(""), "$0" },              /* root is exempt */
		{ TT_W, PROCS("/a/b"), "$0" },          /* leaf below: fine */
		{ TT_PROC, "$0", "0::/a/b\n" },
		/* disabling is never blocked by tasks */
		{ TT_W, SC("/a"), "-rdma" },
		{ TT_W, PROCS("/a"), "$1" },
		/* enabling with a live task directly inside */
		{ TT_W, SC("/a"), "+rdma", -EBUSY },
		/* threaded-only: a has a populated domain child, cannot be a thread root */
		{ TT_W, SC("/a"), "+pids", -EBUSY },
		{ TT_R, SC("/a"), "" },
		/* only tasks directly in the cgroup count, not those of descendants */
		{ TT_W, PROCS(""), "$1" },
		{ TT_W, SC("/a"), "+rdma" },
		{ TT_W, SC("/a"), "-rdma" },
		/* only threaded controllers + a populated domain child: migration EBUSY */
		{ TT_W, SC("/a"), "+pids" },
		{ TT_W, PROCS("/a"), "$1", -EBUSY },
		{ TT_W, SC("/a"), "-pids" },
		/* ... but without populated domain children it may become a thread root */
		{ TT_W, SC("/d"), "+pids" },
		{ TT_W, PROCS("/d"), "$1" },
		{ TT_R, TYPE("/d"), "domain threaded\n" },
		/* a cgroup with tasks may enable threaded controllers (it becomes a
		 * thread root) and drop them again */
		{ TT_W, PROCS("/c"), "$2" },
		{ TT_W, SC("/c"), "+pids" },
		{ TT_R, TYPE("/c"), "domain threaded\n" },
		{ TT_W, SC("/c"), "-pids" },
		{ TT_R, TYPE("/c"), "domain\n" },
		{ TT_W, SC("/c"), "+rdma", -EBUSY },
		{ TT_W, SC("/c"), "+pids +rdma", -EBUSY },
		{ TT_R, SC("/c"), "" },
		/* zombies do not count */
		{ TT_EXIT, NULL, "$2" },
		{ TT_W, SC("/c"), "+rdma" },
		{ TT_R, SC("/c"), "rdma\n" },
		/* children of a populated cgroup may always be created */
		{ TT_MKDIR, "/a/b/x" },
		{ TT_R, TYPE("/a/b/x"), "domain\n" },
		{ TT_MKDIR, "/e" },
		{ TT_W, PROCS("/e"), "$3" },
		{ TT_MKDIR, "/e/f" },
		{ TT_W, PROCS("/e"), "$3" },          /* already there: no-op */
		{ TT_W, SC("/e"), "+rdma", -EBUSY },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[4] = { tt_fork(t, 0), tt_fork(t, 0), tt_fork(t, 0), tt_fork(t, 0) };
	static const char *const dirs[] = { "/a", "/a/b", "/c", "/d" };
	size_t i;

	(void)state;
	for (i = 0; i < TT_ARRAY_SIZE(dirs); i++)
		assert_int_equal(ucg_mkdir(t->m, dirs[i], 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

/* "write PID into cgroup.procs of a cgroup whose children have controllers
 * enabled" -> EBUSY, whatever the PID's source. */
static void test_no_internal_process_children_enabled(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, SC(""), "+rdma" },
		{ TT_W, SC("/a"), "+rdma" },
		{ TT_W, SC("/a/b"), "+rdma" },
		{ TT_R, CTL("/a/b/c"), "rdma\n" },
		{ TT_W, PROCS("/a"), "$0", -EBUSY },
		{ TT_W, PROCS("/a/b"), "$0", -EBUSY },
		{ TT_W, PROCS("/a/b/c"), "$0" },
		{ TT_W, PROCS("/a"), "$0", -EBUSY },     /* from below, too */
		{ TT_W, THREADS("/a"), "$0", -EBUSY },   /* and through cgroup.threads */
		{ TT_PROC, "$0", "0::/a/b/c\n" },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[1] = { tt_fork(t, 0) };

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b/c", 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

/* ---- 1.5 delegation -------------------------------------------------- */

/* Root sets up /d delegated to t->user, /o not delegated. */
static void delegate_setup(struct tt *t)
{
	static const char *const files[] = { "/d", "/d/cgroup.procs", "/d/cgroup.threads",
					      "/d/cgroup.subtree_control" };
	size_t i;

	assert_int_equal(ucg_mkdir(t->m, "/d", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/o", 0755, &t->root), 0);
	for (i = 0; i < TT_ARRAY_SIZE(files); i++)
		assert_int_equal(ucg_chown(t->m, files[i], 1000, 1000, &t->root), 0);
}

static void test_delegation(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	const struct ucg_cred *u = &t->user, *o = &t->other;
	const struct tt_step steps[] = {
		{ TT_W, SC(""), "+pids +rdma" },
		{ TT_W, PROCS("/o"), "$0" },
		{ TT_W, PROCS("/d"), "$1" },
		/* the delegatee builds its subtree */
		{ TT_MKDIR, "/d/x", NULL, 0, u },
		{ TT_MKDIR, "/d/y", NULL, 0, u },
		{ TT_MKDIR, "/d/x/z", NULL, 0, u },
		{ TT_MKDIR, "/o/n", NULL, -EACCES, u },
		{ TT_MKDIR, "/n", NULL, -EACCES, u },
		{ TT_MKDIR, "/d/q", NULL, -EACCES, o },
		/* inside: any task, root-owned included (no uid rule) */
		{ TT_W, PROCS("/d/x"), "$1", 0, u },
		{ TT_W, PROCS("/d/y"), "$1", 0, u },
		{ TT_W, PROCS("/d/x/z"), "$1", 0, u },
		/* threads alone never leave their domain */
		{ TT_W, THREADS("/d/y"), "$1", -EOPNOTSUPP, u },
		{ TT_PROC, "$1", "0::/d/x/z\n" },
		/* a stranger owns nothing here */
		{ TT_W, PROCS("/d/x"), "$1", -EACCES, o },
		/* in from outside: common ancestor is the root -> EACCES */
		{ TT_W, PROCS("/d/x"), "$0", -EACCES, u },
		{ TT_W, THREADS("/d/x"), "$0", -EACCES, u },
		{ TT_W, PROCS("/d/x"), "$2", -EACCES, u },  /* from the root cgroup */
		/* out to outside: no write access to the destination */
		{ TT_W, PROCS("/o"), "$1", -EACCES, u },
		{ TT_W, PROCS(""), "$1", -EACCES, u },
		/* the delegation point's own non-delegated files stay root's */
		{ TT_W, "/d/cgroup.max.depth", "1", -EACCES, u },
		{ TT_W, "/d/cgroup.freeze", "1", -EACCES, u },
		/* files of cgroups it created are its own */
		{ TT_W, "/d/x/cgroup.max.depth", "5", 0, u },
		{ TT_R, "/d/x/cgroup.max.depth", "5\n" },
		/* it may distribute what its parent gives it */
		{ TT_W, SC("/d"), "+pids", 0, u },
		{ TT_W, SC("/d/x"), "+rdma", -ENOENT, u },
		{ TT_R, CTL("/d/x"), "pids\n" },
		{ TT_W, "/d/x/pids.max", "10", 0, u },
		/* root still moves everything */
		{ TT_W, PROCS("/d/x/z"), "$0" },
		{ TT_W, PROCS("/o"), "$1" },
		{ TT_PROC, "$0", "0::/d/x/z\n" },
		{ TT_PROC, "$1", "0::/o\n" },
		/* it removes what it created, never the delegation point */
		{ TT_RMDIR, "/d/y", NULL, 0, u },
		{ TT_RMDIR, "/d", NULL, -EACCES, u },
		{ TT_RMDIR, "/o", NULL, -EACCES, u },
	};
	pid_t pids[3] = { tt_fork(t, 0), tt_fork(t, 0), tt_fork(t, 0) };
	struct ucg_stat st;

	(void)state;
	delegate_setup(t);
	tt_run(t, t->m, steps, pids);
	/* controller files created by the delegatee's subtree_control write */
	assert_int_equal(ucg_stat(t->m, "/d/x/pids.max", &st), 0);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.gid, 1000);
	tt_free(t);
}

/* Permission comes from the opener's credentials, not the writer's; "0"
 * means the writer's thread. */
static void test_delegation_opener_cred(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	struct ucg_cred writer = t->user;
	struct ucg_file *f;
	char buf[32];
	pid_t p_out = tt_fork(t, 0), p_in = tt_fork(t, 1000);

	(void)state;
	delegate_setup(t);
	assert_int_equal(ucg_mkdir(t->m, "/d/x", 0755, &t->user), 0);
	assert_int_equal(tt_move(t->m, "/o", "cgroup.procs", p_out, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/d", "cgroup.procs", p_in, &t->root), 0);
	snprintf(buf, sizeof(buf), "%d", (int)p_out);

	/* opened by the delegatee, written by root: still EACCES */
	assert_int_equal(ucg_open(t->m, "/d/x/cgroup.procs", O_WRONLY, &t->user, &f), 0);
	tt_assert_ret(ucg_write(f, buf, strlen(buf), &t->root), -EACCES, "user-opened write");
	/* "0" is the writer's thread */
	writer.tid = p_in;
	tt_assert_ret(ucg_write(f, "0", 1, &writer), 1, "write 0");
	tt_assert_proc_cgroup(t->ucg, p_in, "0::/d/x\n");
	ucg_close(f);

	/* opened by root, written by the delegatee: allowed */
	assert_int_equal(ucg_open(t->m, "/d/x/cgroup.procs", O_WRONLY, &t->root, &f), 0);
	tt_assert_ret(ucg_write(f, buf, strlen(buf), &t->user), (long)strlen(buf), "root-opened");
	ucg_close(f);
	tt_assert_proc_cgroup(t->ucg, p_out, "0::/d/x\n");
	tt_free(t);
}

/* The common ancestor's cgroup.procs decides, through its mode and group too. */
static void test_delegation_common_ancestor_table(void **state)
{
	static const struct {
		const char *src, *dst;
		int err;
	} rows[] = {
		{ "/d/a/1", "/d/a/2", 0 },       /* ancestor /d/a: owned by user */
		{ "/d/a/1", "/d/b", 0 },         /* ancestor /d */
		{ "/d/a", "/d/a/1", 0 },         /* src is the ancestor */
		{ "/d/a/1", "/d", 0 },           /* dst is the ancestor */
		{ "/d/a/1", "/o", -EACCES },     /* open of /o/cgroup.procs */
		{ "/o", "/d/a/1", -EACCES },     /* ancestor: root */
		{ "/", "/d/b", -EACCES },
		{ "/d/a/1", "/d/a/1", 0 },       /* same cgroup: no-op */
	};
	size_t i;

	(void)state;
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		struct tt *t = tt_new("cgroup2", NULL);
		pid_t pid = tt_fork(t, 0);
		static const char *const mk[] = { "/d/a", "/d/a/1", "/d/a/2", "/d/b" };
		size_t j;
		int ret;

		delegate_setup(t);
		for (j = 0; j < TT_ARRAY_SIZE(mk); j++)
			assert_int_equal(ucg_mkdir(t->m, mk[j], 0755, &t->user), 0);
		assert_int_equal(tt_move(t->m, rows[i].src, "cgroup.procs", pid, &t->root), 0);
		ret = tt_move(t->m, rows[i].dst, "cgroup.procs", pid, &t->user);
		if (ret != rows[i].err)
			fail_msg("row %zu %s -> %s: %s, expected %s", i, rows[i].src, rows[i].dst,
				 tt_errname(ret), tt_errname(rows[i].err));
		tt_free(t);
	}
}

/* Group permission on the common ancestor's cgroup.procs is honoured. */
static void test_delegation_group(void **state)
{
	struct tt *t = tt_new("cgroup2", NULL);
	gid_t groups[1] = { 3000 };
	struct ucg_cred member = { .uid = 4000, .gid = 4000, .groups = groups, .ngroups = 1 };
	pid_t pid = tt_fork(t, 0);

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/g", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/g/1", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/g/2", 0755, &t->root), 0);
	assert_int_equal(tt_move(t->m, "/g/1", "cgroup.procs", pid, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/g/2/cgroup.procs", 0, 3000, &t->root), 0);
	assert_int_equal(ucg_chmod(t->m, "/g/2/cgroup.procs", 0664, &t->root), 0);
	/* destination writable through the group, the ancestor /g is not */
	tt_assert_ret(tt_move(t->m, "/g/2", "cgroup.procs", pid, &member), -EACCES, "no ancestor");
	assert_int_equal(ucg_chown(t->m, "/g/cgroup.procs", 0, 3000, &t->root), 0);
	assert_int_equal(ucg_chmod(t->m, "/g/cgroup.procs", 0664, &t->root), 0);
	tt_assert_ret(tt_move(t->m, "/g/2", "cgroup.procs", pid, &member), 0, "group ancestor");
	tt_assert_proc_cgroup(t->ucg, pid, "0::/g/2\n");
	tt_free(t);
}

/* ---- 1.6 threaded mode ----------------------------------------------- */

static void test_threaded_type_writes(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_R, TYPE("/p/t"), "domain\n" },
		{ TT_R, TYPE("/p"), "domain\n" },
		{ TT_W, TYPE("/p/t"), "thread", -EINVAL },
		{ TT_W, TYPE("/p/t"), "domain", -EINVAL },
		{ TT_W, TYPE("/p/t"), "Threaded", -EINVAL },
		{ TT_W, TYPE("/p/t"), "threaded x", -EINVAL },
		{ TT_W, TYPE("/p/t"), "domain threaded", -EINVAL },
		{ TT_W, TYPE("/p/t"), "\n", -EINVAL },
		{ TT_R, TYPE("/p/t"), "domain\n" },
		{ TT_W, TYPE("/p/t"), " threaded\n" },
		{ TT_R, TYPE("/p/t"), "threaded\n" },
		{ TT_W, TYPE("/p/t"), "threaded" },        /* already: no-op */
		{ TT_W, TYPE("/p/t"), "domain", -EINVAL }, /* one way */
		{ TT_R, TYPE("/p/t"), "threaded\n" },
		/* the parent becomes a thread root, its domain children invalid */
		{ TT_R, TYPE("/p"), "domain threaded\n" },
		{ TT_R, TYPE("/p/d"), "domain invalid\n" },
		{ TT_R, TYPE("/p/d/x"), "domain invalid\n" },
		{ TT_MKDIR, "/p/n" },
		{ TT_R, TYPE("/p/n"), "domain invalid\n" },
		{ TT_MKDIR, "/p/t/u" },
		{ TT_R, TYPE("/p/t/u"), "domain invalid\n" },
		{ TT_W, TYPE("/p/t/u"), "threaded" },
		{ TT_R, TYPE("/p/t/u"), "threaded\n" },
		/* a child of an invalid domain cannot become threaded */
		{ TT_W, TYPE("/p/d/x"), "threaded", -EOPNOTSUPP },
		/* the root is mixable: threaded and domain children side by side */
		{ TT_W, TYPE("/rt"), "threaded" },
		{ TT_R, TYPE("/rt"), "threaded\n" },
		{ TT_R, TYPE("/rd"), "domain\n" },
		{ TT_W, PROCS("/rd"), "$0" },
		{ TT_W, PROCS("/rt"), "$1" },
		{ TT_R, THREADS("/rt"), "$1\n" },
	};
	static const char *const dirs[] = { "/p", "/p/t", "/p/d", "/p/d/x", "/rt", "/rd" };
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[2] = { tt_fork(t, 0), tt_fork(t, 0) };
	size_t i;

	(void)state;
	for (i = 0; i < TT_ARRAY_SIZE(dirs); i++)
		assert_int_equal(ucg_mkdir(t->m, dirs[i], 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

/* cgroup.type "threaded" refusals: each row on a fresh tree. */
static void test_threaded_type_eopnotsupp(void **state)
{
	static const struct {
		const char *what;
		struct tt_step setup[4];
		const char *target;
		int err;
	} rows[] = {
		{ "populated itself", { { TT_W, PROCS("/q"), "$0" } }, TYPE("/q"), -EOPNOTSUPP },
		{ "populated below", { { TT_MKDIR, "/q/c" }, { TT_W, PROCS("/q/c"), "$0" } },
		  TYPE("/q"), -EOPNOTSUPP },
		{ "zombie only", { { TT_W, PROCS("/q"), "$0" }, { TT_EXIT, NULL, "$0" } },
		  TYPE("/q"), 0 },
		{ "own domain controller", { { TT_W, SC("/q"), "+rdma" } }, TYPE("/q"), -EOPNOTSUPP },
		{ "own threaded controller", { { TT_W, SC("/q"), "+pids" } }, TYPE("/q"), 0 },
		{ "parent has domain controller",
		  { { TT_MKDIR, "/q/c" }, { TT_W, SC("/q"), "+rdma" } }, TYPE("/q/c"), -EOPNOTSUPP },
		{ "parent has populated domain child",
		  { { TT_MKDIR, "/q/c" }, { TT_MKDIR, "/q/e" }, { TT_W, PROCS("/q/e"), "$0" } },
		  TYPE("/q/c"), -EOPNOTSUPP },
		{ "parent has populated child, root parent",
		  { { TT_MKDIR, "/e" }, { TT_W, PROCS("/e"), "$0" } }, TYPE("/q"), 0 },
		{ "parent has tasks only", { { TT_MKDIR, "/q/c" }, { TT_W, PROCS("/q"), "$0" } },
		  TYPE("/q/c"), 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < TT_ARRAY_SIZE(rows); i++) {
		struct tt *t = tt_new("cgroup2", NULL);
		pid_t pids[1] = { tt_fork(t, 0) };
		size_t n = 0;
		ssize_t ret;

		assert_int_equal(tt_write(t->m, SC(""), "+pids +rdma", &t->root), 11);
		assert_int_equal(ucg_mkdir(t->m, "/q", 0755, &t->root), 0);
		while (n < 4 && (rows[i].setup[n].path || rows[i].setup[n].arg))
			n++;
		tt_run_at(t, t->m, rows[i].setup, n, pids, __FILE__, __LINE__);
		ret = tt_write(t->m, rows[i].target, "threaded", &t->root);
		if (ret != (rows[i].err ? rows[i].err : 8))
			fail_msg("row %zu (%s): %s, expected %s", i, rows[i].what, tt_errname(ret),
				 tt_errname(rows[i].err));
		tt_free(t);
	}
}

static void test_threaded_migration(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, SC(""), "+pids +rdma" },
		{ TT_W, PROCS("/a"), "$2" },
		{ TT_W, TYPE("/p/t"), "threaded" },
		{ TT_W, TYPE("/p/t/u"), "threaded" },
		/* a thread root may enable threaded controllers only */
		{ TT_W, SC("/p"), "+rdma", -EOPNOTSUPP },
		{ TT_W, SC("/p"), "+pids" },
		{ TT_R, CTL("/p/t"), "pids\n" },
		{ TT_W, SC("/p/t"), "+rdma", -ENOENT },    /* not offered: ENOENT first */
		{ TT_W, SC("/p/t"), "+pids" },
		{ TT_R, CTL("/p/t/u"), "pids\n" },
		/* the root is mixable: a threaded child sees threaded controllers only */
		{ TT_W, TYPE("/rt"), "threaded" },
		{ TT_R, CTL("/rt"), "pids\n" },
		{ TT_R, CTL("/a"), "pids rdma\n" },
		/* domain invalid: unusable */
		{ TT_R, TYPE("/p/d"), "domain invalid\n" },
		{ TT_W, PROCS("/p/d"), "$2", -EOPNOTSUPP },
		{ TT_W, THREADS("/p/d"), "$2", -EOPNOTSUPP },
		{ TT_W, SC("/p/d"), "+pids", -EOPNOTSUPP },
		{ TT_R, PROCS("/p/d"), "" },
		/* processes belong to the thread root, threads spread below it */
		{ TT_W, PROCS("/p"), "$0" },
		{ TT_W, THREADS("/p/t"), "$1" },
		{ TT_R, THREADS("/p/t"), "$1\n" },
		{ TT_R, THREADS("/p"), "$0\n" },
		{ TT_R, PROCS("/p"), "$0\n" },
		{ TT_R, PROCS("/p/t"), NULL, -EOPNOTSUPP },
		{ TT_PROC, "$1", "0::/p/t\n" },
		{ TT_PROC, "$0", "0::/p\n" },
		/* no-internal-process does not apply inside the threaded subtree */
		{ TT_W, THREADS("/p/t/u"), "$0" },
		{ TT_R, PROCS("/p"), "$0\n" },   /* leaders anywhere in the subtree */
		{ TT_R, THREADS("/p"), "" },
		{ TT_R, THREADS("/p/t/u"), "$0\n" },
		/* threads never cross resource domains */
		{ TT_W, THREADS("/a"), "$1", -EOPNOTSUPP },
		{ TT_W, THREADS("/p/t"), "$2", -EOPNOTSUPP },
		{ TT_W, THREADS(""), "$1", -EOPNOTSUPP },
		{ TT_PROC, "$1", "0::/p/t\n" },
		/* whole processes may: cgroup.procs of a threaded cgroup */
		{ TT_W, PROCS("/p/t"), "$2" },
		{ TT_R, THREADS("/p/t"), "$1\n$2\n" },
		{ TT_R, THREADS("/a"), "" },
		/* a threaded cgroup holding a thread cannot be removed */
		{ TT_RMDIR, "/p/t/u", NULL, -EBUSY },
		{ TT_W, PROCS("/a"), "$1" },             /* a TID moves its whole group */
		{ TT_R, THREADS("/p/t"), "$2\n" },
		{ TT_R, THREADS("/p/t/u"), "" },
		{ TT_PROC, "$0", "0::/a\n" },
		{ TT_PROC, "$1", "0::/a\n" },
		{ TT_RMDIR, "/p/t/u" },
		{ TT_RMDIR, "/p/t", NULL, -EBUSY },
		{ TT_W, PROCS("/a"), "$2" },
		{ TT_R, TYPE("/p"), "domain threaded\n" },
		/* losing its threaded children, the root reverts; invalid become domain */
		{ TT_RMDIR, "/p/t" },
		{ TT_R, TYPE("/p"), "domain\n" },
		{ TT_R, TYPE("/p/d"), "domain\n" },
		{ TT_W, PROCS("/p/d"), "$2" },
		{ TT_PROC, "$2", "0::/p/d\n" },
	};
	static const char *const dirs[] = { "/a", "/p", "/p/t", "/p/t/u", "/p/d", "/rt" };
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[3];
	size_t i;

	(void)state;
	pids[0] = tt_fork(t, 0);
	pids[1] = tt_thread(t, pids[0]);
	pids[2] = tt_fork(t, 0);
	for (i = 0; i < TT_ARRAY_SIZE(dirs); i++)
		assert_int_equal(ucg_mkdir(t->m, dirs[i], 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

/* A thread root made by tasks plus a threaded controller: new children are
 * domain invalid until it loses the condition. */
static void test_thread_root_by_tasks(void **state)
{
	static const struct tt_step steps[] = {
		{ TT_W, SC(""), "+pids +rdma" },
		{ TT_W, PROCS("/p"), "$0" },
		{ TT_W, SC("/p"), "+pids" },
		{ TT_R, TYPE("/p"), "domain threaded\n" },
		{ TT_MKDIR, "/p/c" },
		{ TT_R, TYPE("/p/c"), "domain invalid\n" },
		{ TT_W, PROCS("/p/c"), "$0", -EOPNOTSUPP },
		{ TT_W, TYPE("/p/c"), "threaded" },
		{ TT_W, THREADS("/p/c"), "$0" },
		{ TT_R, PROCS("/p"), "$0\n" },
		{ TT_W, SC("/p"), "+rdma", -EOPNOTSUPP },
		{ TT_W, THREADS("/p"), "$0" },
		{ TT_RMDIR, "/p/c" },
		{ TT_R, TYPE("/p"), "domain threaded\n" }, /* tasks + pids still */
		{ TT_W, PROCS(""), "$0" },
		{ TT_R, TYPE("/p"), "domain\n" },
		{ TT_W, SC("/p"), "-pids" },
		{ TT_W, SC("/p"), "+rdma" },
	};
	struct tt *t = tt_new("cgroup2", NULL);
	pid_t pids[1] = { tt_fork(t, 0) };

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/p", 0755, &t->root), 0);
	tt_run(t, t->m, steps, pids);
	tt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_down),
		cmocka_unit_test(test_disable_ignores_dying_child),
		cmocka_unit_test(test_no_internal_process),
		cmocka_unit_test(test_no_internal_process_children_enabled),
		cmocka_unit_test(test_delegation),
		cmocka_unit_test(test_delegation_opener_cred),
		cmocka_unit_test(test_delegation_common_ancestor_table),
		cmocka_unit_test(test_delegation_group),
		cmocka_unit_test(test_threaded_type_writes),
		cmocka_unit_test(test_threaded_type_eopnotsupp),
		cmocka_unit_test(test_threaded_migration),
		cmocka_unit_test(test_thread_root_by_tasks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
