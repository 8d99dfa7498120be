// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_v2_subtree.c - cgroup.subtree_control, cgroup.controllers and
 * cgroup.type through the public API (spec 1.3.3-1.3.5, 1.4, 1.9, 9.1-9.3,
 * 9.5): the token parser, ENOENT before EBUSY/EOPNOTSUPP, the
 * no-internal-process rule (direct live tasks only, root exempt), thread
 * roots and domain invalid cgroups, the one-way switch to threaded, and
 * controller files that come and go with defaults on re-enable.
 * Controllers: pids (threaded) and rdma (domain).
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

static ssize_t write_pid(struct th *t, const char *path, pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", (int)pid);
	return th_write(t->m, path, buf, &t->root);
}

/* ---- 1.3.5 parsing ------------------------------------------------------ */

struct sc_row {
	const char *cg;      /* cgroup written */
	const char *input;
	int err;
	const char *read;    /* its subtree_control afterwards */
};

/* Run in a fresh engine with /a (root offers pids and rdma, /a nothing);
 * before a row /a's subtree_control is empty and so is the root's. */
static const struct sc_row sc_rows[] = {
	{ "", "+pids", 0, "pids\n" },
	{ "", "+rdma", 0, "rdma\n" },
	{ "", "+rdma +pids", 0, "pids rdma\n" },
	{ "", "+pids  +rdma", 0, "pids rdma\n" },       /* runs of spaces */
	{ "", " +pids \n", 0, "pids\n" },               /* strstrip */
	{ "", "\t+pids\t\n", 0, "pids\n" },
	{ "", "+pids +pids", 0, "pids\n" },
	{ "", "+pids -pids", 0, "" },                   /* last one wins */
	{ "", "-pids +pids", 0, "pids\n" },
	{ "", "-pids", 0, "" },                         /* not enabled: dropped */
	{ "", "\n", 0, "" },                            /* nothing to do */
	{ "", "   ", 0, "" },
	{ "", "+foo", -EINVAL, "" },
	{ "", "-foo", -EINVAL, "" },
	{ "", "pids", -EINVAL, "" },                    /* no sign */
	{ "", "*pids", -EINVAL, "" },
	{ "", "++pids", -EINVAL, "" },
	{ "", "+PIDS", -EINVAL, "" },
	{ "", "+", -EINVAL, "" },
	{ "", "+pids\t-pids", -EINVAL, "" },           /* tab is part of the name */
	{ "", "+pids,+rdma", -EINVAL, "" },
	{ "", "+pids +foo", -EINVAL, "" },              /* all or nothing */
	{ "", "+foo +pids", -EINVAL, "" },
	{ "", "+cpuacct", -EINVAL, "" },                /* v1-only / not built */
	{ "", "+devices", -EINVAL, "" },
	{ "", "+freezer", -EINVAL, "" },
	{ "", "+net_cls", -EINVAL, "" },
	{ "", "+net_prio", -EINVAL, "" },
	{ "", "+blkio", -EINVAL, "" },
	{ "", "+memory", -EINVAL, "" },
	{ "", "+misc", -EINVAL, "" },
	{ "", "+debug", -EINVAL, "" },
	{ "", "+perf_event", -EINVAL, "" },
	{ "/a", "+pids", -ENOENT, "" },                 /* not in a's controllers */
	{ "/a", "+rdma", -ENOENT, "" },
	{ "/a", "+pids +rdma", -ENOENT, "" },
	{ "/a", "+pids -pids", 0, "" },
	{ "/a", "-pids +pids", -ENOENT, "" },
	{ "/a", "-pids", 0, "" },
	{ "/a", "+foo +pids", -EINVAL, "" },           /* EINVAL beats ENOENT */
	{ "/a", "+pids +foo", -EINVAL, "" },
};

static void test_subtree_control_parse(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sc_rows); i++) {
		const struct sc_row *r = &sc_rows[i];
		struct th *t = th_new("cgroup2", NULL);
		char path[64];
		ssize_t ret, want = r->err ? r->err : (ssize_t)strlen(r->input);
		char *got;

		assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
		snprintf(path, sizeof(path), "%s/cgroup.subtree_control", r->cg);
		ret = th_write(t->m, path, r->input, &t->root);
		got = th_read(t->m, path, &t->root, NULL);
		assert_non_null(got);
		if (ret != want || strcmp(got, r->read)) {
			print_error("row %zu %s \"%s\": ret %zd read \"%s\", expected %zd \"%s\"\n",
				    i, path, r->input, ret, got, want, r->read);
			free(got);
			th_free(t);
			fail();
		}
		free(got);
		th_free(t);
	}
}

/* ---- 1.3.5 / 1.4 per-controller rules and vetting ----------------------- */

/* 9.2: ENOENT is checked before EBUSY and EOPNOTSUPP. */
static void test_subtree_enoent_first(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/t/u", &t->root), 0);
	th_spawn(t, "/a");
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	/* /a has tasks (EBUSY for rdma) but rdma is not offered: ENOENT */
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", -ENOENT);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids +rdma", -ENOENT);
	th_assert_read(t, "/a/cgroup.subtree_control", "");
	/* a threaded cgroup asking for a domain controller: ENOENT */
	th_assert_write(t, "/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/t/cgroup.subtree_control", "+pids +rdma", 0);
	th_assert_write(t, "/t/cgroup.subtree_control", "-rdma", 0);
	th_assert_write(t, "/t/u/cgroup.type", "threaded", 0);
	th_assert_read(t, "/t/u/cgroup.controllers", "pids\n");
	th_assert_write(t, "/t/u/cgroup.subtree_control", "+rdma", -ENOENT);
	th_assert_write(t, "/t/u/cgroup.subtree_control", "+pids", 0);
	th_free(t);
}

/* Disabling fails only while a live child enables the controller. */
static void test_subtree_disable_ebusy(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p;

	assert_int_equal(th_mkdir_p(t->m, "/a/b/c", &t->root), 0);
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids +rdma", 0);
	th_assert_write(t, "/a/b/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/cgroup.subtree_control", "-pids", -EBUSY);
	th_assert_write(t, "/cgroup.subtree_control", "-rdma", -EBUSY);
	th_assert_write(t, "/a/cgroup.subtree_control", "-rdma", -EBUSY);
	th_assert_write(t, "/a/cgroup.subtree_control", "-pids -rdma", -EBUSY);
	th_assert_read(t, "/a/cgroup.subtree_control", "pids rdma\n");
	/* pids: no child enables it */
	th_assert_write(t, "/a/cgroup.subtree_control", "-pids", 0);
	th_assert_read(t, "/a/cgroup.subtree_control", "rdma\n");
	/* tasks never block disabling (pids on a thread-root candidate) */
	th_assert_write(t, "/a/b/cgroup.subtree_control", "-rdma", 0);
	p = th_spawn(t, "/a/b/c");
	th_assert_write(t, "/a/cgroup.subtree_control", "-rdma", 0);
	assert_true(write_pid(t, "/a/cgroup.procs", p) > 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids", 0);
	th_assert_read(t, "/a/cgroup.type", "domain threaded\n");
	th_assert_write(t, "/a/cgroup.subtree_control", "-pids", 0);
	th_assert_read(t, "/a/cgroup.type", "domain\n");
	/* a removed child no longer blocks */
	th_assert_write(t, "/a/b/cgroup.subtree_control", "+rdma", -ENOENT);
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", -EBUSY); /* p in /a */
	assert_true(write_pid(t, "/cgroup.procs", p) > 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/a/b/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "-rdma", -EBUSY);
	assert_int_equal(ucg_rmdir(t->m, "/a/b/c", &t->root), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "-rdma", 0);
	th_free(t);
}

/* Per-controller checks run in controller-id order, whatever the token
 * order: the first failing controller decides ENOENT vs EBUSY. */
static void test_subtree_id_order(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	/* pids (lower id) ENOENT, rdma EBUSY */
	th_assert_write(t, "/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/a/b/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "-rdma +pids", -ENOENT);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids -rdma", -ENOENT);
	th_assert_write(t, "/a/b/cgroup.subtree_control", "-rdma", 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "-rdma", 0);
	th_assert_write(t, "/cgroup.subtree_control", "-rdma", 0);
	/* pids (lower id) EBUSY, rdma ENOENT */
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids", 0);
	th_assert_write(t, "/a/b/cgroup.subtree_control", "+pids", 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma -pids", -EBUSY);
	th_assert_write(t, "/a/cgroup.subtree_control", "-pids +rdma", -EBUSY);
	th_assert_read(t, "/a/cgroup.subtree_control", "pids\n");
	th_free(t);
}

/* 1.4, 9.3: enabling a domain controller needs no live task directly in
 * the cgroup; descendants and zombies don't count; the root is exempt. */
static void test_no_internal_process_enable(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, z;

	assert_int_equal(th_mkdir_p(t->m, "/a/c", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/z", 0755, &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/p/c", &t->root), 0);
	th_spawn(t, "/");
	/* the root holds tasks and enables anything */
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	p = th_spawn(t, "/a");
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", -EBUSY);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids +rdma", -EBUSY);
	th_assert_read(t, "/a/cgroup.subtree_control", "");
	/* a live non-leader thread counts too */
	{
		pid_t tid;

		assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &tid), 0);
		assert_int_equal(ucg_sim_exit(t->ucg, p), 0);
		th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", -EBUSY);
		assert_int_equal(ucg_sim_exit(t->ucg, tid), 0);
	}
	/* only a zombie left: allowed */
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", 0);
	th_assert_read(t, "/a/c/cgroup.controllers", "rdma\n");
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	/* tasks in a descendant only: allowed */
	th_spawn(t, "/p/c");
	th_assert_write(t, "/p/cgroup.subtree_control", "+rdma", 0);
	/* a zombie-only cgroup */
	z = th_spawn(t, "/z");
	assert_int_equal(ucg_sim_exit_group(t->ucg, z), 0);
	th_assert_write(t, "/z/cgroup.subtree_control", "+rdma +pids", 0);
	th_assert_read(t, "/z/cgroup.subtree_control", "pids rdma\n");
	th_free(t);
}

/* 1.4: migrating into a non-root cgroup with subtree_control set: EBUSY,
 * unless only threaded controllers and no populated domain children. */
static void test_no_internal_process_migrate(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p;

	assert_int_equal(th_mkdir_p(t->m, "/a/c", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/b/c", &t->root), 0);
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	p = th_spawn(t, "/");
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", 0);
	assert_int_equal(write_pid(t, "/a/cgroup.procs", p), -EBUSY);
	assert_int_equal(write_pid(t, "/a/cgroup.threads", p), -EBUSY);
	th_assert_read(t, "/a/cgroup.procs", "");
	/* the root is exempt: it has subtree_control set and takes tasks */
	th_assert_read(t, "/cgroup.subtree_control", "pids rdma\n");
	assert_true(write_pid(t, "/a/c/cgroup.procs", p) > 0);
	assert_true(write_pid(t, "/cgroup.procs", p) > 0);
	/* only a threaded controller, no populated domain child: allowed */
	th_assert_write(t, "/b/cgroup.subtree_control", "+pids", 0);
	assert_true(write_pid(t, "/b/cgroup.procs", p) > 0);
	th_assert_read(t, "/b/cgroup.type", "domain threaded\n");
	th_assert_read(t, "/b/c/cgroup.type", "domain invalid\n");
	/* with a populated domain child: EBUSY */
	assert_true(write_pid(t, "/cgroup.procs", p) > 0);
	th_assert_read(t, "/b/cgroup.type", "domain\n");
	th_assert_read(t, "/b/c/cgroup.type", "domain\n");
	th_spawn(t, "/b/c");
	assert_int_equal(write_pid(t, "/b/cgroup.procs", p), -EBUSY);
	th_free(t);
}

/* Enabling only threaded controllers with live tasks is allowed while the
 * cgroup can be a thread root; domain controllers in a thread root or a
 * domain invalid cgroup: EOPNOTSUPP. */
static void test_subtree_threaded_vetting(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(th_mkdir_p(t->m, "/t/a", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/q/d", &t->root), 0);
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	th_assert_write(t, "/t/a/cgroup.type", "threaded", 0);
	assert_int_equal(th_mkdir_p(t->m, "/t/inv/x", &t->root), 0);
	th_assert_read(t, "/t/cgroup.type", "domain threaded\n");
	th_assert_read(t, "/t/inv/cgroup.type", "domain invalid\n");
	/* thread root: domain controller refused, threaded one fine */
	th_assert_write(t, "/t/cgroup.subtree_control", "+rdma", -EOPNOTSUPP);
	th_assert_write(t, "/t/cgroup.subtree_control", "+pids +rdma", -EOPNOTSUPP);
	th_assert_read(t, "/t/cgroup.subtree_control", "");
	th_assert_write(t, "/t/cgroup.subtree_control", "+pids", 0);
	th_assert_read(t, "/t/a/cgroup.controllers", "pids\n");
	th_assert_read(t, "/t/inv/cgroup.controllers", "pids\n");
	/* domain invalid: enabling anything is EOPNOTSUPP */
	th_assert_write(t, "/t/inv/cgroup.subtree_control", "+pids", -EOPNOTSUPP);
	/* ... disabling what is not enabled is still a successful no-op */
	th_assert_write(t, "/t/inv/cgroup.subtree_control", "-pids", 0);
	/* threaded cgroup: threaded controllers fine */
	th_assert_write(t, "/t/a/cgroup.subtree_control", "+pids", 0);
	/* a domain with tasks: +pids only makes it a thread root */
	th_spawn(t, "/q");
	th_assert_write(t, "/q/cgroup.subtree_control", "+rdma", -EBUSY);
	th_assert_write(t, "/q/cgroup.subtree_control", "+pids", 0);
	th_assert_read(t, "/q/cgroup.type", "domain threaded\n");
	th_assert_read(t, "/q/d/cgroup.type", "domain invalid\n");
	th_assert_write(t, "/q/cgroup.subtree_control", "+rdma", -EOPNOTSUPP);
	th_free(t);
}

/* Enabling creates X.* files in the children (and not in the cgroup itself);
 * disabling removes them; re-enabling starts from defaults (9.5). */
static void test_subtree_files_and_defaults(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_stat st;

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_stat(t->m, "/a/pids.max", &st), -ENOENT);
	assert_int_equal(ucg_stat(t->m, "/a/rdma.max", &st), -ENOENT);
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	assert_int_equal(ucg_stat(t->m, "/a/pids.max", &st), 0);
	assert_int_equal(ucg_stat(t->m, "/a/rdma.max", &st), 0);
	assert_int_equal(ucg_stat(t->m, "/a/b/pids.max", &st), -ENOENT);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids", 0);
	assert_int_equal(ucg_stat(t->m, "/a/b/pids.max", &st), 0);
	th_assert_write(t, "/a/b/pids.max", "10", 0);
	th_assert_write(t, "/a/pids.max", "20", 0);
	th_assert_read(t, "/a/b/pids.max", "10\n");
	th_assert_write(t, "/a/cgroup.subtree_control", "-pids", 0);
	assert_int_equal(ucg_stat(t->m, "/a/b/pids.max", &st), -ENOENT);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids", 0);
	th_assert_read(t, "/a/b/pids.max", "max\n");
	th_assert_read(t, "/a/pids.max", "20\n"); /* untouched */
	/* disabling at the root drops both levels' settings */
	th_assert_write(t, "/a/cgroup.subtree_control", "-pids", 0);
	th_assert_write(t, "/cgroup.subtree_control", "-pids", 0);
	assert_int_equal(ucg_stat(t->m, "/a/pids.max", &st), -ENOENT);
	assert_int_equal(ucg_stat(t->m, "/a/rdma.max", &st), 0);
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	th_assert_read(t, "/a/pids.max", "max\n");
	th_free(t);
}

/* All or nothing: an allocation failure anywhere in the write leaves the
 * masks, the children's css and files, and the tasks as they were. */
static void assert_unchanged(struct th *t, const char *sc, const char *stat, bool files)
{
	struct ucg_stat st;

	th_assert_read(t, "/cgroup.subtree_control", sc);
	th_assert_read(t, "/cgroup.stat", stat);
	assert_int_equal(ucg_stat(t->m, "/a/pids.max", &st), files ? 0 : -ENOENT);
	assert_int_equal(ucg_stat(t->m, "/a/rdma.max", &st), files ? 0 : -ENOENT);
	assert_int_equal(ucg_stat(t->m, "/c/pids.max", &st), files ? 0 : -ENOENT);
}

static void run_rollback(struct th *t, const char *input, const char *sc_before,
			 const char *stat_before, bool files_before)
{
	struct ucg_counters c0, c1;
	struct ucg_file *f;
	int n, failures = 0;
	ssize_t ret;

	ucg_get_counters(t->ucg, &c0);
	for (n = 1; n < 1000; n++) {
		assert_int_equal(ucg_open(t->m, "/cgroup.subtree_control", O_WRONLY, &t->root, &f), 0);
		ucg_debug_fail_alloc(t->ucg, n);
		ret = ucg_write(f, input, strlen(input), NULL);
		ucg_debug_fail_alloc(t->ucg, 0);
		ucg_close(f);
		if (ret == (ssize_t)strlen(input))
			break;
		if (ret != -ENOMEM)
			fail_msg("\"%s\" failing allocation %d: %zd", input, n, ret);
		failures++;
		assert_unchanged(t, sc_before, stat_before, files_before);
		ucg_get_counters(t->ucg, &c1);
		assert_int_equal(c1.nr_css, c0.nr_css);
		assert_int_equal(c1.nr_css_sets, c0.nr_css_sets);
	}
	/* the injection reached the write at least once */
	assert_true(failures > 0);
}

static void test_subtree_rollback(void **state)
{
	static const char stat0[] =
		"nr_descendants 3\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_pids 1\nnr_subsys_rdma 1\n"
		"nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_pids 0\nnr_dying_subsys_rdma 0\n";
	static const char stat1[] =
		"nr_descendants 3\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_pids 3\nnr_subsys_rdma 3\n"
		"nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_pids 0\nnr_dying_subsys_rdma 0\n";
	struct th *t = th_new("cgroup2", NULL);
	char expect[32], *out = NULL;
	pid_t p, q;

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/c", 0755, &t->root), 0);
	p = th_spawn(t, "/a/b");
	q = th_spawn(t, "/c");
	run_rollback(t, "+pids +rdma", "", stat0, false);
	assert_unchanged(t, "pids rdma\n", stat1, true);
	run_rollback(t, "-pids -rdma", "pids rdma\n", stat1, true);
	assert_unchanged(t, "", stat0, false);
	snprintf(expect, sizeof(expect), "%d\n", (int)p);
	th_assert_read(t, "/a/b/cgroup.procs", expect);
	snprintf(expect, sizeof(expect), "%d\n", (int)q);
	th_assert_read(t, "/c/cgroup.procs", expect);
	assert_int_equal(ucg_proc_pid_cgroup(t->ucg, p, &out), 0);
	assert_string_equal(out, "0::/a/b\n");
	free(out);
	th_free(t);
}

/* ---- 1.3.4 cgroup.controllers ------------------------------------------- */

static void test_controllers(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	th_assert_read(t, "/cgroup.controllers", "cpu io pids rdma\n");
	th_assert_read(t, "/a/cgroup.controllers", "");
	th_assert_write(t, "/cgroup.subtree_control", "+rdma", 0);
	th_assert_read(t, "/a/cgroup.controllers", "rdma\n");
	th_assert_read(t, "/a/b/cgroup.controllers", "");
	th_assert_write(t, "/a/cgroup.subtree_control", "+rdma", 0);
	th_assert_read(t, "/a/b/cgroup.controllers", "rdma\n");
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	th_assert_read(t, "/a/cgroup.controllers", "pids rdma\n");
	th_assert_read(t, "/a/b/cgroup.controllers", "rdma\n"); /* a's subtree_control */
	/* a new child: controllers per the parent, empty subtree_control */
	assert_int_equal(ucg_mkdir(t->m, "/a/n", 0755, &t->root), 0);
	th_assert_read(t, "/a/n/cgroup.controllers", "rdma\n");
	th_assert_read(t, "/a/n/cgroup.subtree_control", "");
	/* threaded: only threaded controllers */
	assert_int_equal(th_mkdir_p(t->m, "/t/u", &t->root), 0);
	th_assert_write(t, "/t/cgroup.subtree_control", "+pids", 0);
	th_assert_write(t, "/t/u/cgroup.type", "threaded", 0);
	th_assert_read(t, "/t/u/cgroup.controllers", "pids\n");
	th_free(t);
}

/* A controller bound to a v1 hierarchy is not offered on v2: not listed,
 * not counted in cgroup.stat, and +X is ENOENT (known name). */
static void test_controllers_v1_bound(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_mount *v1;

	assert_int_equal(ucg_mount(t->ucg, "cgroup", "pids", &t->root, &v1), 0);
	th_assert_read(t, "/cgroup.controllers", "cpu io rdma\n");
	th_assert_read(t, "/cgroup.stat",
		       "nr_descendants 0\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_rdma 1\n"
		       "nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_rdma 0\n");
	th_assert_write(t, "/cgroup.subtree_control", "+pids", -ENOENT);
	th_assert_write(t, "/cgroup.subtree_control", "+rdma +pids", -ENOENT);
	th_assert_write(t, "/cgroup.subtree_control", "+rdma", 0);
	th_assert_read(t, "/cgroup.subtree_control", "rdma\n");
	th_assert_write(t, "/cgroup.subtree_control", "-rdma", 0);
	ucg_umount(v1);
	/* back on v2 once the v1 hierarchy is gone */
	th_assert_read(t, "/cgroup.controllers", "cpu io pids rdma\n");
	th_free(t);
}

/* ---- 1.3.3 cgroup.type -------------------------------------------------- */

struct type_row {
	const char *input;
	int err;
};

static const struct type_row type_rows[] = {
	{ "threaded", 0 },
	{ "threaded\n", 0 },
	{ "  threaded \n\n", 0 },
	{ "\tthreaded\t", 0 },
	{ "Threaded", -EINVAL },
	{ "THREADED", -EINVAL },
	{ "thread", -EINVAL },
	{ "threadedx", -EINVAL },
	{ "threaded x", -EINVAL },
	{ "domain", -EINVAL },
	{ "domain threaded", -EINVAL },
	{ "domain invalid", -EINVAL },
	{ "\n", -EINVAL },
	{ "1", -EINVAL },
};

static void test_type_parse(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_rows); i++) {
		const struct type_row *r = &type_rows[i];
		struct th *t = th_new("cgroup2", NULL);
		ssize_t ret, want = r->err ? r->err : (ssize_t)strlen(r->input);
		const char *expect = r->err ? "domain\n" : "threaded\n";
		char *got;

		assert_int_equal(th_mkdir_p(t->m, "/p/c", &t->root), 0);
		ret = th_write(t->m, "/p/c/cgroup.type", r->input, &t->root);
		got = th_read(t->m, "/p/c/cgroup.type", &t->root, NULL);
		assert_non_null(got);
		if (ret != want || strcmp(got, expect)) {
			print_error("type row %zu \"%s\": ret %zd read \"%s\", expected %zd \"%s\"\n",
				    i, r->input, ret, got, want, expect);
			free(got);
			th_free(t);
			fail();
		}
		free(got);
		th_free(t);
	}
}

/* The four types, the effect on parent and siblings, the way back. */
static void test_type_transitions(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p;

	assert_int_equal(th_mkdir_p(t->m, "/p/d", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/p/t/g", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/s", 0755, &t->root), 0);
	th_assert_read(t, "/p/cgroup.type", "domain\n");
	th_assert_write(t, "/p/t/cgroup.type", "threaded", 0);
	th_assert_read(t, "/p/t/cgroup.type", "threaded\n");
	th_assert_read(t, "/p/cgroup.type", "domain threaded\n");
	/* an existing domain sibling and the new threaded cgroup's own domain
	 * child become domain invalid */
	th_assert_read(t, "/p/d/cgroup.type", "domain invalid\n");
	th_assert_read(t, "/p/t/g/cgroup.type", "domain invalid\n");
	/* new children too */
	assert_int_equal(ucg_mkdir(t->m, "/p/n", 0755, &t->root), 0);
	th_assert_read(t, "/p/n/cgroup.type", "domain invalid\n");
	assert_int_equal(ucg_mkdir(t->m, "/p/t/h", 0755, &t->root), 0);
	th_assert_read(t, "/p/t/h/cgroup.type", "domain invalid\n");
	th_assert_write(t, "/p/t/h/cgroup.type", "threaded", 0);
	th_assert_read(t, "/p/t/h/cgroup.type", "threaded\n");
	/* already threaded: success; no way back */
	th_assert_write(t, "/p/t/cgroup.type", "threaded", 0);
	th_assert_write(t, "/p/t/cgroup.type", "domain", -EINVAL);
	th_assert_read(t, "/p/t/cgroup.type", "threaded\n");
	/* the root is mixable: its domain children stay domains */
	assert_int_equal(ucg_mkdir(t->m, "/r", 0755, &t->root), 0);
	th_assert_write(t, "/r/cgroup.type", "threaded", 0);
	th_assert_read(t, "/s/cgroup.type", "domain\n");
	assert_int_equal(ucg_mkdir(t->m, "/s2", 0755, &t->root), 0);
	th_assert_read(t, "/s2/cgroup.type", "domain\n");

	/* a threaded cgroup holding a thread can't be removed */
	p = th_spawn(t, "/p");
	assert_true(write_pid(t, "/p/t/h/cgroup.threads", p) > 0);
	assert_int_equal(ucg_rmdir(t->m, "/p/t/h", &t->root), -EBUSY);
	assert_true(write_pid(t, "/p/cgroup.threads", p) > 0);
	assert_true(write_pid(t, "/cgroup.procs", p) > 0);
	/* losing the threaded children: back to domain, invalid ones too */
	assert_int_equal(ucg_rmdir(t->m, "/p/t/h", &t->root), 0);
	th_assert_read(t, "/p/cgroup.type", "domain threaded\n");
	assert_int_equal(ucg_rmdir(t->m, "/p/t/g", &t->root), 0);
	assert_int_equal(ucg_rmdir(t->m, "/p/t", &t->root), 0);
	th_assert_read(t, "/p/cgroup.type", "domain\n");
	th_assert_read(t, "/p/d/cgroup.type", "domain\n");
	th_assert_read(t, "/p/n/cgroup.type", "domain\n");
	/* and usable again */
	assert_true(write_pid(t, "/p/d/cgroup.procs", p) > 0);
	th_free(t);
}

/* EOPNOTSUPP: populated (anywhere in the subtree), own domain controllers,
 * a parent that can't be a thread root or isn't a valid domain. */
static void test_type_eopnotsupp(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, z;

	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);

	/* populated directly or below */
	assert_int_equal(th_mkdir_p(t->m, "/a/c/g", &t->root), 0);
	p = th_spawn(t, "/a/c/g");
	th_assert_write(t, "/a/c/g/cgroup.type", "threaded", -EOPNOTSUPP);
	th_assert_write(t, "/a/c/cgroup.type", "threaded", -EOPNOTSUPP);
	th_assert_read(t, "/a/c/cgroup.type", "domain\n");
	/* zombies don't populate */
	assert_int_equal(ucg_sim_exit_group(t->ucg, p), 0);
	th_assert_write(t, "/a/c/cgroup.type", "threaded", 0);

	/* own domain controller enabled */
	assert_int_equal(th_mkdir_p(t->m, "/b/c/g", &t->root), 0);
	th_assert_write(t, "/b/cgroup.subtree_control", "+pids +rdma", 0);
	th_assert_write(t, "/b/c/cgroup.subtree_control", "+rdma", 0);
	th_assert_write(t, "/b/c/cgroup.type", "threaded", -EOPNOTSUPP);
	th_assert_write(t, "/b/c/cgroup.subtree_control", "-rdma +pids", 0);
	/* parent with a domain controller enabled can't be a thread root */
	th_assert_write(t, "/b/c/cgroup.type", "threaded", -EOPNOTSUPP);
	th_assert_write(t, "/b/cgroup.subtree_control", "-rdma", 0);
	th_assert_write(t, "/b/c/cgroup.type", "threaded", 0);

	/* parent with a populated domain child */
	assert_int_equal(th_mkdir_p(t->m, "/d/x", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/d/y", &t->root), 0);
	z = th_spawn(t, "/d/x");
	th_assert_write(t, "/d/y/cgroup.type", "threaded", -EOPNOTSUPP);
	assert_true(write_pid(t, "/cgroup.procs", z) > 0);
	th_assert_write(t, "/d/y/cgroup.type", "threaded", 0);

	/* parent is domain invalid */
	assert_int_equal(th_mkdir_p(t->m, "/d/inv/e", &t->root), 0);
	th_assert_read(t, "/d/inv/cgroup.type", "domain invalid\n");
	th_assert_read(t, "/d/inv/e/cgroup.type", "domain invalid\n");
	th_assert_write(t, "/d/inv/e/cgroup.type", "threaded", -EOPNOTSUPP);
	th_assert_read(t, "/d/inv/e/cgroup.type", "domain invalid\n");
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	th_free(t);
}

/* A domain whose parent is the root can be made threaded with the root's
 * controllers enabled (root is mixable and always a valid thread root). */
static void test_type_under_root(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	th_spawn(t, "/");
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/b", 0755, &t->root), 0);
	th_spawn(t, "/b");
	th_assert_write(t, "/a/cgroup.type", "threaded", 0);
	th_assert_read(t, "/a/cgroup.controllers", "pids\n");
	th_assert_read(t, "/b/cgroup.type", "domain\n");
	th_assert_read(t, "/b/cgroup.controllers", "pids rdma\n");
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subtree_control_parse),
		cmocka_unit_test(test_subtree_enoent_first),
		cmocka_unit_test(test_subtree_disable_ebusy),
		cmocka_unit_test(test_subtree_id_order),
		cmocka_unit_test(test_no_internal_process_enable),
		cmocka_unit_test(test_no_internal_process_migrate),
		cmocka_unit_test(test_subtree_threaded_vetting),
		cmocka_unit_test(test_subtree_files_and_defaults),
		cmocka_unit_test(test_subtree_rollback),
		cmocka_unit_test(test_controllers),
		cmocka_unit_test(test_controllers_v1_bound),
		cmocka_unit_test(test_type_parse),
		cmocka_unit_test(test_type_transitions),
		cmocka_unit_test(test_type_eopnotsupp),
		cmocka_unit_test(test_type_under_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
