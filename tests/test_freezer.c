// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_freezer.c - the v1 freezer controller through the public API (spec
 * 8.3, kernel/cgroup/legacy_freezer.c): freezer.state's THAWED / FREEZING /
 * FROZEN machine with parent inheritance, self_freezing and parent_freezing,
 * the write parser, tasks moving in and out, forks into a frozen cgroup, the
 * stop request shared with the v2 cgroup.freeze, and the controller's place
 * in /proc/cgroups and on v2.  Each test builds its own engine on host-sim.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ucg/ucg.h>

#include "helpers.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A host-sim engine with the freezer alone on a v1 hierarchy (t->m). */
static struct th *fz_new(void)
{
	return th_new("cgroup", "freezer");
}

static void move(struct ucg_mount *m, const char *cg, pid_t pid, const struct ucg_cred *cred)
{
	char path[256], buf[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", strcmp(cg, "/") ? cg : "");
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	assert_int_equal(th_write(m, path, buf, cred), (ssize_t)strlen(buf));
}

static void assert_state(struct th *t, const char *cg, const char *state)
{
	char path[256], expect[32];

	snprintf(path, sizeof(path), "%s/freezer.state", cg);
	snprintf(expect, sizeof(expect), "%s\n", state);
	th_assert_read(t, path, expect);
}

/* freezer.self_freezing and freezer.parent_freezing of @cg. */
static void assert_flags(struct th *t, const char *cg, int self, int parent)
{
	char path[256], expect[8];

	snprintf(path, sizeof(path), "%s/freezer.self_freezing", cg);
	snprintf(expect, sizeof(expect), "%d\n", self);
	th_assert_read(t, path, expect);
	snprintf(path, sizeof(path), "%s/freezer.parent_freezing", cg);
	snprintf(expect, sizeof(expect), "%d\n", parent);
	th_assert_read(t, path, expect);
}

static void set_state(struct th *t, const char *cg, const char *state)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/freezer.state", cg);
	th_assert_write(t, path, state, 0);
}

/* ---- files ----------------------------------------------------------------- */

static void test_files(void **state)
{
	struct th *t = fz_new();

	(void)state;
	/* all three NOT_ON_ROOT: the root is not freezable */
	th_assert_read_err(t, "/freezer.state", -ENOENT);
	th_assert_read_err(t, "/freezer.self_freezing", -ENOENT);
	th_assert_read_err(t, "/freezer.parent_freezing", -ENOENT);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_state(t, "/a", "THAWED");
	assert_flags(t, "/a", 0, 0);
	/* the flag files are read-only (0444; root may open them for writing,
	 * the write itself fails as kernfs without a write op) */
	th_assert_write(t, "/a/freezer.self_freezing", "1", -EINVAL);
	th_assert_write(t, "/a/freezer.parent_freezing", "1", -EINVAL);
	th_free(t);
}

static void test_write_parsing(void **state)
{
	static const struct {
		const char *in;
		int err;
		const char *state; /* after the write */
	} rows[] = {
		{ "FROZEN", 0, "FROZEN" },
		{ "THAWED", 0, "THAWED" },
		{ "FROZEN\n", 0, "FROZEN" },
		{ "  FROZEN \n", 0, "FROZEN" },        /* strstrip */
		{ "\tTHAWED\t", 0, "THAWED" },
		{ "FREEZING", -EINVAL, "THAWED" },     /* a state, not a request */
		{ "frozen", -EINVAL, "THAWED" },
		{ "Thawed", -EINVAL, "THAWED" },
		{ "FROZENX", -EINVAL, "THAWED" },
		{ "FROZEN THAWED", -EINVAL, "THAWED" },
		{ "1", -EINVAL, "THAWED" },
		{ "\n", -EINVAL, "THAWED" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct th *t = fz_new();

		assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
		th_spawn(t, "/a");
		if (rows[i].err == 0 && !strcmp(rows[i].state, "THAWED"))
			set_state(t, "/a", "FROZEN");  /* so that THAWED changes something */
		th_assert_write(t, "/a/freezer.state", rows[i].in, rows[i].err);
		assert_state(t, "/a", rows[i].state);
		th_free(t);
	}
}

/* ---- the state machine ----------------------------------------------------- */

static void test_freeze_thaw(void **state)
{
	struct th *t = fz_new();
	pid_t p1, p2, th;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	p1 = th_spawn(t, "/a");
	p2 = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p1, &th), 0);
	set_state(t, "/a", "FROZEN");
	assert_state(t, "/a", "FROZEN");
	assert_flags(t, "/a", 1, 0);
	assert_int_equal(ucg_sim_state(t->ucg, p1), UCG_SIM_FROZEN);
	assert_int_equal(ucg_sim_state(t->ucg, th), UCG_SIM_FROZEN);
	assert_int_equal(ucg_sim_state(t->ucg, p2), UCG_SIM_FROZEN);
	/* writing the same state again changes nothing */
	set_state(t, "/a", "FROZEN");
	assert_state(t, "/a", "FROZEN");
	set_state(t, "/a", "THAWED");
	assert_state(t, "/a", "THAWED");
	assert_flags(t, "/a", 0, 0);
	assert_int_equal(ucg_sim_state(t->ucg, p1), UCG_SIM_RUNNING);
	assert_int_equal(ucg_sim_state(t->ucg, th), UCG_SIM_RUNNING);
	assert_int_equal(ucg_sim_state(t->ucg, p2), UCG_SIM_RUNNING);
	/* an empty cgroup is FROZEN at once */
	assert_int_equal(ucg_mkdir(t->m, "/e", 0755, &t->root), 0);
	set_state(t, "/e", "FROZEN");
	assert_state(t, "/e", "FROZEN");
	th_free(t);
}

static void test_freezing_until_stopped(void **state)
{
	struct th *t = fz_new();
	pid_t p1, p2;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	p1 = th_spawn(t, "/a");
	p2 = th_spawn(t, "/a/b");
	ucg_sim_set_lazy_freeze(t->ucg, true);
	set_state(t, "/a", "FROZEN");
	assert_state(t, "/a", "FREEZING");
	assert_state(t, "/a/b", "FREEZING");
	assert_int_equal(ucg_sim_state(t->ucg, p1), UCG_SIM_RUNNING);
	assert_int_equal(ucg_sim_state(t->ucg, p2), UCG_SIM_RUNNING);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p1), UCG_SIM_FROZEN);
	assert_int_equal(ucg_sim_state(t->ucg, p2), UCG_SIM_FROZEN);
	/* the parent's read evaluates the child first (bottom-up) */
	assert_state(t, "/a", "FROZEN");
	assert_state(t, "/a/b", "FROZEN");
	/* thaw is requested at once, FROZEN is gone before the tasks resume */
	set_state(t, "/a", "THAWED");
	assert_state(t, "/a", "THAWED");
	assert_state(t, "/a/b", "THAWED");
	assert_int_equal(ucg_sim_state(t->ucg, p1), UCG_SIM_FROZEN);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p1), UCG_SIM_RUNNING);
	assert_int_equal(ucg_sim_state(t->ucg, p2), UCG_SIM_RUNNING);
	th_free(t);
}

static void test_freezing_child_holds_parent(void **state)
{
	struct th *t = fz_new();
	pid_t p;

	(void)state;
	assert_int_equal(th_mkdir_p(t->m, "/a/b/c", &t->root), 0);
	p = th_spawn(t, "/a/b/c");
	ucg_sim_set_lazy_freeze(t->ucg, true);
	set_state(t, "/a", "FROZEN");
	/* the empty /a and /a/b are FREEZING while a descendant is */
	assert_state(t, "/a", "FREEZING");
	assert_state(t, "/a/b", "FREEZING");
	assert_state(t, "/a/b/c", "FREEZING");
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	assert_state(t, "/a", "FROZEN");
	assert_state(t, "/a/b", "FROZEN");
	th_free(t);
}

/* ---- inheritance ----------------------------------------------------------- */

static void test_parent_inheritance(void **state)
{
	struct th *t = fz_new();
	pid_t pa, pb;

	(void)state;
	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	pa = th_spawn(t, "/a");
	pb = th_spawn(t, "/a/b");
	set_state(t, "/a", "FROZEN");
	assert_flags(t, "/a", 1, 0);
	assert_flags(t, "/a/b", 0, 1);
	assert_state(t, "/a/b", "FROZEN");
	assert_int_equal(ucg_sim_state(t->ucg, pb), UCG_SIM_FROZEN);

	/* thawing the child alone: the parent keeps it frozen */
	set_state(t, "/a/b", "THAWED");
	assert_state(t, "/a/b", "FROZEN");
	assert_flags(t, "/a/b", 0, 1);
	assert_int_equal(ucg_sim_state(t->ucg, pb), UCG_SIM_FROZEN);

	/* the child asks too: both flags */
	set_state(t, "/a/b", "FROZEN");
	assert_flags(t, "/a/b", 1, 1);
	/* thawing the parent leaves the child frozen by its own request */
	set_state(t, "/a", "THAWED");
	assert_state(t, "/a", "THAWED");
	assert_flags(t, "/a", 0, 0);
	assert_int_equal(ucg_sim_state(t->ucg, pa), UCG_SIM_RUNNING);
	assert_state(t, "/a/b", "FROZEN");
	assert_flags(t, "/a/b", 1, 0);
	assert_int_equal(ucg_sim_state(t->ucg, pb), UCG_SIM_FROZEN);
	set_state(t, "/a/b", "THAWED");
	assert_state(t, "/a/b", "THAWED");
	assert_int_equal(ucg_sim_state(t->ucg, pb), UCG_SIM_RUNNING);

	/* a frozen child does not make its parent freezing */
	set_state(t, "/a/b", "FROZEN");
	assert_state(t, "/a", "THAWED");
	th_free(t);
}

static void test_new_child_inherits(void **state)
{
	struct th *t = fz_new();

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	set_state(t, "/a", "FROZEN");
	assert_int_equal(th_mkdir_p(t->m, "/a/b/c", &t->root), 0);
	assert_state(t, "/a/b", "FROZEN");   /* empty: frozen at once */
	assert_state(t, "/a/b/c", "FROZEN");
	assert_flags(t, "/a/b/c", 0, 1);
	set_state(t, "/a", "THAWED");
	assert_state(t, "/a/b/c", "THAWED");
	assert_flags(t, "/a/b/c", 0, 0);
	/* a child of a thawed cgroup starts thawed */
	assert_int_equal(ucg_mkdir(t->m, "/a/d", 0755, &t->root), 0);
	assert_state(t, "/a/d", "THAWED");
	/* a frozen cgroup can be removed; its parent is FROZEN without it */
	assert_int_equal(ucg_mkdir(t->m, "/x", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/x/y", 0755, &t->root), 0);
	set_state(t, "/x/y", "FROZEN");
	assert_int_equal(ucg_rmdir(t->m, "/x/y", &t->root), 0);
	set_state(t, "/x", "FROZEN");
	assert_state(t, "/x", "FROZEN");
	th_free(t);
}

/* ---- tasks moving ---------------------------------------------------------- */

static void test_migration(void **state)
{
	struct th *t = fz_new();
	pid_t p, q;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/f", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/f/g", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/r", 0755, &t->root), 0);
	set_state(t, "/f", "FROZEN");
	p = th_spawn(t, "/r");
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);

	/* in: stopped; the cgroup and its ancestors drop to FREEZING until then */
	ucg_sim_set_lazy_freeze(t->ucg, true);
	move(t->m, "/f/g", p, &t->root);
	assert_state(t, "/f/g", "FREEZING");
	assert_state(t, "/f", "FREEZING");
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	assert_state(t, "/f", "FROZEN");
	assert_state(t, "/f/g", "FROZEN");

	/* out to a thawed cgroup: resumed; to the root as well */
	move(t->m, "/r", p, &t->root);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);
	assert_state(t, "/f", "FROZEN");
	ucg_sim_set_lazy_freeze(t->ucg, false);
	move(t->m, "/f", p, &t->root);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	move(t->m, "/", p, &t->root);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);

	/* between two frozen cgroups: stays stopped */
	assert_int_equal(ucg_mkdir(t->m, "/h", 0755, &t->root), 0);
	set_state(t, "/h", "FROZEN");
	q = th_spawn(t, "/f");
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_FROZEN);
	move(t->m, "/h", q, &t->root);
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_FROZEN);
	assert_state(t, "/h", "FROZEN");
	th_free(t);
}

static void test_fork_into_frozen(void **state)
{
	struct th *t = fz_new();
	pid_t p, child, th;

	(void)state;
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	p = th_spawn(t, "/a");
	set_state(t, "/a", "FROZEN");
	assert_int_equal(ucg_sim_fork(t->ucg, p, 0, &child), 0);
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &th), 0);
	assert_int_equal(ucg_sim_state(t->ucg, child), UCG_SIM_FROZEN);
	assert_int_equal(ucg_sim_state(t->ucg, th), UCG_SIM_FROZEN);
	assert_state(t, "/a", "FROZEN");

	/* a child the host stops later leaves the cgroup FREEZING until then */
	ucg_sim_set_lazy_freeze(t->ucg, true);
	assert_int_equal(ucg_sim_fork(t->ucg, p, 0, &child), 0);
	assert_int_equal(ucg_sim_state(t->ucg, child), UCG_SIM_RUNNING);
	assert_state(t, "/a", "FREEZING");
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, child), UCG_SIM_FROZEN);
	assert_state(t, "/a", "FROZEN");

	/* an exiting task no longer holds FROZEN back */
	set_state(t, "/a", "THAWED");
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_fork(t->ucg, p, 0, &child), 0);
	set_state(t, "/a", "FROZEN");
	assert_int_equal(ucg_sim_exit_group(t->ucg, child), 0);
	ucg_sim_settle(t->ucg);
	assert_state(t, "/a", "FROZEN");
	assert_int_equal(ucg_sim_state(t->ucg, child), UCG_SIM_ZOMBIE);
	th_free(t);
}

/* ---- sharing the stop with the v2 cgroup.freeze ---------------------------- */

static void test_with_v2_freeze(void **state)
{
	struct th *t = fz_new();
	struct ucg_mount *v2;
	pid_t p, q;

	(void)state;
	assert_int_equal(ucg_mount(t->ucg, "cgroup2", NULL, &t->root, &v2), 0);
	assert_int_equal(ucg_mkdir(t->m, "/f", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(v2, "/z", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(v2, "/w", 0755, &t->root), 0);
	p = th_spawn(t, "/f");
	move(v2, "/z", p, &t->root);

	/* frozen by both: stopped until both thaw, in either order */
	set_state(t, "/f", "FROZEN");
	th_assert_read_at(v2, "/z/cgroup.events", &t->root, "populated 1\nfrozen 0\n",
			  __FILE__, __LINE__);  /* v1's stop is not v2's frozen */
	assert_int_equal(th_write(v2, "/z/cgroup.freeze", "1", &t->root), 1);
	th_assert_read_at(v2, "/z/cgroup.events", &t->root, "populated 1\nfrozen 1\n",
			  __FILE__, __LINE__);
	set_state(t, "/f", "THAWED");
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	set_state(t, "/f", "FROZEN");
	assert_int_equal(th_write(v2, "/z/cgroup.freeze", "0", &t->root), 1);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	th_assert_read_at(v2, "/z/cgroup.events", &t->root, "populated 1\nfrozen 0\n",
			  __FILE__, __LINE__);
	assert_state(t, "/f", "FROZEN");
	set_state(t, "/f", "THAWED");
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);

	/* a task stopped by v1 counts as stopped when its v2 cgroup freezes */
	set_state(t, "/f", "FROZEN");
	assert_int_equal(th_write(v2, "/z/cgroup.freeze", "1", &t->root), 1);
	th_assert_read_at(v2, "/z/cgroup.events", &t->root, "populated 1\nfrozen 1\n",
			  __FILE__, __LINE__);
	/* a v2 move out of the frozen v2 cgroup keeps the v1 stop */
	move(v2, "/w", p, &t->root);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	th_assert_read_at(v2, "/w/cgroup.events", &t->root, "populated 1\nfrozen 0\n",
			  __FILE__, __LINE__);
	th_assert_read_at(v2, "/z/cgroup.events", &t->root, "populated 0\nfrozen 1\n",
			  __FILE__, __LINE__);
	/* a v1 move out of the frozen v1 cgroup into v2's frozen one: still stopped */
	move(v2, "/z", p, &t->root);
	move(t->m, "/", p, &t->root);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	th_assert_read_at(v2, "/z/cgroup.events", &t->root, "populated 1\nfrozen 1\n",
			  __FILE__, __LINE__);
	assert_int_equal(th_write(v2, "/z/cgroup.freeze", "0", &t->root), 1);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);

	/* lazily: v1 FREEZING reads the same host reports as v2 */
	ucg_sim_set_lazy_freeze(t->ucg, true);
	q = th_spawn(t, "/f");
	move(v2, "/z", q, &t->root);
	assert_int_equal(th_write(v2, "/z/cgroup.freeze", "1", &t->root), 1);
	assert_state(t, "/f", "FREEZING");
	ucg_sim_settle(t->ucg);
	assert_state(t, "/f", "FROZEN");
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_FROZEN);
	assert_int_equal(th_write(v2, "/z/cgroup.freeze", "0", &t->root), 1);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_FROZEN);
	assert_state(t, "/f", "FROZEN");
	set_state(t, "/f", "THAWED");
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_RUNNING);
	ucg_umount(v2);
	th_free(t);
}

/* ---- legacy only ----------------------------------------------------------- */

static void test_legacy_only(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_mount *v1;
	char *out = NULL;

	(void)state;
	/* inhibited on v2: not offered, not enableable, not in cgroup.stat */
	th_assert_read(t, "/cgroup.controllers", "cpu io pids rdma\n");
	th_assert_write(t, "/cgroup.subtree_control", "+freezer", -EINVAL);
	th_assert_read(t, "/cgroup.subtree_control", "");
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	th_assert_read_err(t, "/a/freezer.state", -ENOENT);
	th_assert_read(t, "/cgroup.stat",
		       "nr_descendants 1\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_pids 1\nnr_subsys_rdma 1\n"
		       "nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_pids 0\nnr_dying_subsys_rdma 0\n");
	/* /proc/cgroups: hierarchy 0 (the v2 root's count) until bound to v1 */
	assert_int_equal(ucg_proc_cgroups(t->ucg, &out), 0);
	assert_non_null(strstr(out, "\nfreezer\t0\t2\t1\npids\t0\t2\t1\n"));
	free(out);
	assert_int_equal(ucg_mount(t->ucg, "cgroup", "freezer", &t->root, &v1), 0);
	assert_int_equal(ucg_mkdir(v1, "/x", 0755, &t->root), 0);
	assert_int_equal(ucg_proc_cgroups(t->ucg, &out), 0);
	assert_non_null(strstr(out, "\nfreezer\t1\t2\t1\npids\t0\t2\t1\n"));
	free(out);
	th_assert_read_at(v1, "/x/freezer.state", &t->root, "THAWED\n", __FILE__, __LINE__);
	assert_int_equal(ucg_rmdir(v1, "/x", &t->root), 0);
	ucg_umount(v1);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_write_parsing),
		cmocka_unit_test(test_freeze_thaw),
		cmocka_unit_test(test_freezing_until_stopped),
		cmocka_unit_test(test_freezing_child_holds_parent),
		cmocka_unit_test(test_parent_inheritance),
		cmocka_unit_test(test_new_child_inherits),
		cmocka_unit_test(test_migration),
		cmocka_unit_test(test_fork_into_frozen),
		cmocka_unit_test(test_with_v2_freeze),
		cmocka_unit_test(test_legacy_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
