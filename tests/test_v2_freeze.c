// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_v2_freeze.c - cgroup.events, cgroup.freeze, cgroup.stat.local and
 * cgroup.kill through the public API (spec 1.3.6, 1.3.8 stat.local, 1.3.9,
 * 1.3.10, 1.9, 9.18): populated and frozen, their notifications (whether
 * one happens; rate limiting is the frontend's), the freeze parser and
 * inheritance, lazy freezing, frozen_usec, and kill parsing and delivery.
 * Each test builds its own engine on host-sim and destroys it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ucg/ucg.h>

#include "helpers.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define EV(pop, frz) "populated " #pop "\nfrozen " #frz "\n"

static ssize_t write_pid(struct th *t, const char *path, pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", (int)pid);
	return th_write(t->m, path, buf, &t->root);
}

/* ---- notification counting ---------------------------------------------- */

struct notes {
	struct {
		uint64_t id;
		uint64_t ino;   /* the notified file's inode */
		int n;
	} seen[64];
	int nr;
	int other;  /* notifications of other files or hierarchies */
};

static void note_fn(void *arg, int hier_id, uint64_t cgroup_id, uint64_t ino, const char *file)
{
	struct notes *ns = arg;
	int i;

	if (hier_id != 0 || strcmp(file, "cgroup.events")) {
		ns->other++;
		return;
	}
	for (i = 0; i < ns->nr; i++) {
		if (ns->seen[i].id == cgroup_id) {
			ns->seen[i].n++;
			return;
		}
	}
	if (ns->nr < (int)ARRAY_SIZE(ns->seen)) {
		ns->seen[ns->nr].id = cgroup_id;
		ns->seen[ns->nr].ino = ino;
		ns->seen[ns->nr++].n = 1;
	}
}

/* cgroup.events notifications of @path so far. */
static int notes_of(struct th *t, struct notes *ns, const char *path)
{
	struct ucg_stat st;
	int i;

	char file[256];
	struct ucg_stat fst;

	assert_int_equal(ucg_stat(t->m, path, &st), 0);
	snprintf(file, sizeof(file), "%s/cgroup.events", path);
	assert_int_equal(ucg_stat(t->m, file, &fst), 0);
	for (i = 0; i < ns->nr; i++) {
		if (ns->seen[i].id == st.cgroup_id) {
			/* the inode a frontend would wake pollers of */
			assert_int_equal(ns->seen[i].ino, fst.ino);
			return ns->seen[i].n;
		}
	}
	return 0;
}

/* ---- 1.3.6 cgroup.events ------------------------------------------------- */

/* populated is recursive and counts live tasks only. */
static void test_events_populated(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, q, tid;

	assert_int_equal(th_mkdir_p(t->m, "/a/b/c", &t->root), 0);
	th_assert_read(t, "/a/cgroup.events", EV(0, 0));
	p = th_spawn(t, "/a/b/c");
	th_assert_read(t, "/a/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/b/c/cgroup.events", EV(1, 0));
	q = th_spawn(t, "/a");
	assert_true(write_pid(t, "/a/b/cgroup.procs", p) > 0);
	th_assert_read(t, "/a/b/c/cgroup.events", EV(0, 0));
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 0));
	/* a live thread of an exited leader keeps it populated */
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &tid), 0);
	assert_int_equal(ucg_sim_exit(t->ucg, p), 0);
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 0));
	assert_int_equal(ucg_sim_exit(t->ucg, tid), 0);
	th_assert_read(t, "/a/b/cgroup.events", EV(0, 0));
	th_assert_read(t, "/a/cgroup.events", EV(1, 0));
	assert_int_equal(ucg_sim_exit_group(t->ucg, q), 0);
	th_assert_read(t, "/a/cgroup.events", EV(0, 0));
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, q), 0);
	th_assert_read(t, "/a/cgroup.events", EV(0, 0));
	th_free(t);
}

/* Every flip of populated notifies the cgroup that flipped, and only it:
 * propagation stops where the boolean stays. */
static void test_events_populated_notify(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct notes ns = { 0 };
	pid_t p, q;

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/c", 0755, &t->root), 0);
	ucg_set_notify(t->ucg, note_fn, &ns);
	p = th_spawn(t, "/a/b");
	assert_int_equal(notes_of(t, &ns, "/a/b"), 1);
	assert_int_equal(notes_of(t, &ns, "/a"), 1);
	assert_int_equal(notes_of(t, &ns, "/a/c"), 0);
	/* a second task: no flip, no notification */
	q = th_spawn(t, "/a/b");
	assert_int_equal(notes_of(t, &ns, "/a/b"), 1);
	assert_int_equal(notes_of(t, &ns, "/a"), 1);
	/* a move inside /a: b and c flip, a does not */
	assert_true(write_pid(t, "/a/c/cgroup.procs", p) > 0);
	assert_int_equal(notes_of(t, &ns, "/a/c"), 1);
	assert_int_equal(notes_of(t, &ns, "/a/b"), 1);
	assert_true(write_pid(t, "/a/c/cgroup.procs", q) > 0);
	assert_int_equal(notes_of(t, &ns, "/a/b"), 2);
	assert_int_equal(notes_of(t, &ns, "/a/c"), 1);
	assert_int_equal(notes_of(t, &ns, "/a"), 1);
	/* exits */
	assert_int_equal(ucg_sim_exit_group(t->ucg, p), 0);
	assert_int_equal(notes_of(t, &ns, "/a/c"), 1);
	assert_int_equal(ucg_sim_exit_group(t->ucg, q), 0);
	assert_int_equal(notes_of(t, &ns, "/a/c"), 2);
	assert_int_equal(notes_of(t, &ns, "/a"), 2);
	assert_int_equal(ns.other, 0);
	ucg_set_notify(t->ucg, NULL, NULL);
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, q), 0);
	th_free(t);
}

/* ---- 1.3.9 cgroup.freeze ------------------------------------------------ */

struct freeze_row {
	const char *input;
	int err;
	const char *read;  /* own request afterwards; "0\n" before each row */
};

static const struct freeze_row freeze_rows[] = {
	{ "1", 0, "1\n" },
	{ "1\n", 0, "1\n" },
	{ " 1 \n", 0, "1\n" },
	{ "\t1\n\n", 0, "1\n" },
	{ "0x1", 0, "1\n" },
	{ "01", 0, "1\n" },
	{ "+1", 0, "1\n" },
	{ "0", 0, "0\n" },
	{ "-0", 0, "0\n" },
	{ "2", -ERANGE, "0\n" },
	{ "-1", -ERANGE, "0\n" },
	{ "10", -ERANGE, "0\n" },
	{ "2147483647", -ERANGE, "0\n" },
	{ "2147483648", -ERANGE, "0\n" },          /* kstrtoint overflow */
	{ "99999999999999999999", -ERANGE, "0\n" },
	{ "abc", -EINVAL, "0\n" },
	{ "1 1", -EINVAL, "0\n" },
	{ "1x", -EINVAL, "0\n" },
	{ "08", -EINVAL, "0\n" },
	{ "0x", -EINVAL, "0\n" },
	{ "\n", -EINVAL, "0\n" },
	{ "true", -EINVAL, "0\n" },
};

static void test_freeze_parse(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	size_t i;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < ARRAY_SIZE(freeze_rows); i++) {
		const struct freeze_row *r = &freeze_rows[i];
		ssize_t ret, want = r->err ? r->err : (ssize_t)strlen(r->input);
		char *got;

		th_assert_write(t, "/a/cgroup.freeze", "0", 0);
		ret = th_write(t->m, "/a/cgroup.freeze", r->input, &t->root);
		got = th_read(t->m, "/a/cgroup.freeze", &t->root, NULL);
		assert_non_null(got);
		if (ret != want || strcmp(got, r->read)) {
			print_error("freeze row %zu \"%s\": ret %zd read \"%s\", expected %zd \"%s\"\n",
				    i, r->input, ret, got, want, r->read);
			free(got);
			fail();
		}
		free(got);
	}
	/* a failed write did not freeze anything */
	th_assert_read(t, "/a/cgroup.events", EV(0, 0));
	th_free(t);
}

/* Effective freeze = own OR an ancestor's; cgroup.freeze shows the own
 * request; new children of a frozen cgroup start frozen. */
static void test_freeze_inherit(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p;

	assert_int_equal(th_mkdir_p(t->m, "/a/b/c", &t->root), 0);
	p = th_spawn(t, "/a/b/c");
	th_assert_write(t, "/a/cgroup.freeze", "1", 0);
	th_assert_read(t, "/a/cgroup.freeze", "1\n");
	th_assert_read(t, "/a/b/cgroup.freeze", "0\n");
	th_assert_read(t, "/a/b/c/cgroup.freeze", "0\n");
	th_assert_read(t, "/a/cgroup.events", EV(1, 1));
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 1));
	th_assert_read(t, "/a/b/c/cgroup.events", EV(1, 1));
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	/* new child: frozen, own request 0; mkdir/rmdir not blocked */
	assert_int_equal(ucg_mkdir(t->m, "/a/n", 0755, &t->root), 0);
	th_assert_read(t, "/a/n/cgroup.events", EV(0, 1));
	th_assert_read(t, "/a/n/cgroup.freeze", "0\n");
	th_assert_read(t, "/a/cgroup.events", EV(1, 1));
	assert_int_equal(ucg_rmdir(t->m, "/a/n", &t->root), 0);
	th_assert_read(t, "/a/cgroup.events", EV(1, 1));
	/* own request of a child under a frozen parent */
	th_assert_write(t, "/a/b/cgroup.freeze", "1", 0);
	th_assert_write(t, "/a/cgroup.freeze", "0", 0);
	th_assert_read(t, "/a/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 1));
	th_assert_read(t, "/a/b/c/cgroup.events", EV(1, 1));
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	th_assert_write(t, "/a/b/cgroup.freeze", "0", 0);
	th_assert_read(t, "/a/b/c/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 0));
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);
	/* an empty cgroup freezes at once */
	assert_int_equal(ucg_mkdir(t->m, "/e", 0755, &t->root), 0);
	th_assert_write(t, "/e/cgroup.freeze", "1", 0);
	th_assert_read(t, "/e/cgroup.events", EV(0, 1));
	th_free(t);
}

/* frozen needs every task stopped and every descendant frozen; leaving the
 * frozen state clears frozen on the ancestors. */
static void test_freeze_lazy(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, q;

	ucg_sim_set_lazy_freeze(t->ucg, true);
	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/e", 0755, &t->root), 0);
	p = th_spawn(t, "/a/b");
	th_assert_write(t, "/a/cgroup.freeze", "1", 0);
	th_assert_read(t, "/a/e/cgroup.events", EV(0, 1));   /* empty: at once */
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 0));   /* freezing */
	th_assert_read(t, "/a/cgroup.events", EV(1, 0));     /* waits for b */
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_FROZEN);
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 1));
	th_assert_read(t, "/a/cgroup.events", EV(1, 1));

	/* a running task migrated in: b and a leave the frozen state */
	assert_int_equal(ucg_sim_fork(t->ucg, 0, 0, &q), 0);
	assert_true(write_pid(t, "/a/b/cgroup.procs", q) > 0);
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/e/cgroup.events", EV(0, 1));
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_FROZEN);
	th_assert_read(t, "/a/cgroup.events", EV(1, 1));

	/* migrated out: thaws */
	assert_true(write_pid(t, "/cgroup.procs", q) > 0);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_RUNNING);
	th_assert_read(t, "/a/cgroup.events", EV(1, 1));

	/* thaw: frozen drops at once, tasks resume at settle */
	th_assert_write(t, "/a/cgroup.freeze", "0", 0);
	th_assert_read(t, "/a/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/b/cgroup.events", EV(1, 0));
	th_assert_read(t, "/a/e/cgroup.events", EV(0, 0));
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);
	th_free(t);
}

/* 1.3.9 notification rules. */
static void test_freeze_notify(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct notes ns = { 0 };

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(th_mkdir_p(t->m, "/x/y", &t->root), 0);
	ucg_set_notify(t->ucg, note_fn, &ns);

	/* the value already requested: silent */
	th_assert_write(t, "/a/b/cgroup.freeze", "0", 0);
	assert_int_equal(notes_of(t, &ns, "/a/b"), 0);
	/* a real flip notifies b; a is not frozen (no request of its own) */
	th_assert_write(t, "/a/b/cgroup.freeze", "1", 0);
	assert_int_equal(notes_of(t, &ns, "/a/b"), 1);
	assert_int_equal(notes_of(t, &ns, "/a"), 0);
	th_assert_write(t, "/a/b/cgroup.freeze", "1", 0);
	assert_int_equal(notes_of(t, &ns, "/a/b"), 1);
	/* freezing a parent whose child is frozen by its own request:
	 * nothing on the child */
	th_assert_write(t, "/a/cgroup.freeze", "1", 0);
	assert_int_equal(notes_of(t, &ns, "/a"), 1);
	assert_int_equal(notes_of(t, &ns, "/a/b"), 1);
	th_assert_write(t, "/a/cgroup.freeze", "1", 0);
	assert_int_equal(notes_of(t, &ns, "/a"), 1);
	/* changing the child's own request while the parent pins it:
	 * a notification although frozen does not change */
	th_assert_write(t, "/a/b/cgroup.freeze", "0", 0);
	th_assert_read(t, "/a/b/cgroup.events", EV(0, 1));
	assert_int_equal(notes_of(t, &ns, "/a/b"), 2);
	th_assert_write(t, "/a/b/cgroup.freeze", "1", 0);
	th_assert_read(t, "/a/b/cgroup.events", EV(0, 1));
	assert_int_equal(notes_of(t, &ns, "/a/b"), 3);
	assert_int_equal(notes_of(t, &ns, "/a"), 1);

	/* parent freeze reaching an unfrozen child notifies both */
	th_assert_write(t, "/x/cgroup.freeze", "1", 0);
	assert_int_equal(notes_of(t, &ns, "/x/y"), 1);
	assert_int_equal(notes_of(t, &ns, "/x"), 1);
	th_assert_write(t, "/x/cgroup.freeze", "0", 0);
	assert_int_equal(notes_of(t, &ns, "/x/y"), 2);
	assert_int_equal(notes_of(t, &ns, "/x"), 2);
	assert_int_equal(ns.other, 0);
	ucg_set_notify(t->ucg, NULL, NULL);
	th_free(t);
}

/* A freeze that has to wait for tasks notifies when frozen flips, not at
 * the write. */
static void test_freeze_notify_lazy(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct notes ns = { 0 };

	ucg_sim_set_lazy_freeze(t->ucg, true);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	th_spawn(t, "/a");
	ucg_set_notify(t->ucg, note_fn, &ns);
	th_assert_write(t, "/a/cgroup.freeze", "1", 0);
	assert_int_equal(notes_of(t, &ns, "/a"), 0);
	ucg_sim_settle(t->ucg);
	th_assert_read(t, "/a/cgroup.events", EV(1, 1));
	assert_int_equal(notes_of(t, &ns, "/a"), 1);
	ucg_sim_settle(t->ucg);
	assert_int_equal(notes_of(t, &ns, "/a"), 1);
	/* thawing flips frozen at once */
	th_assert_write(t, "/a/cgroup.freeze", "0", 0);
	assert_int_equal(notes_of(t, &ns, "/a"), 2);
	ucg_sim_settle(t->ucg);
	assert_int_equal(notes_of(t, &ns, "/a"), 2);
	ucg_set_notify(t->ucg, NULL, NULL);
	th_free(t);
}

/* ---- 1.3.8 cgroup.stat.local --------------------------------------------- */

static void test_stat_local(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	th_assert_read(t, "/a/cgroup.stat.local", "frozen_usec 0\n");
	ucg_sim_advance(t->ucg, 1000000);
	th_assert_read(t, "/a/cgroup.stat.local", "frozen_usec 0\n");
	th_assert_write(t, "/a/cgroup.freeze", "1", 0);
	ucg_sim_advance(t->ucg, 50655000);
	/* the current interval counts, own or inherited */
	th_assert_read(t, "/a/cgroup.stat.local", "frozen_usec 50655\n");
	th_assert_read(t, "/a/b/cgroup.stat.local", "frozen_usec 50655\n");
	th_assert_write(t, "/a/cgroup.freeze", "0", 0);
	ucg_sim_advance(t->ucg, 7000000);
	th_assert_read(t, "/a/cgroup.stat.local", "frozen_usec 50655\n");
	/* cumulative */
	th_assert_write(t, "/a/b/cgroup.freeze", "1", 0);
	th_assert_write(t, "/a/cgroup.freeze", "1", 0);
	ucg_sim_advance(t->ucg, 1500);
	th_assert_read(t, "/a/cgroup.stat.local", "frozen_usec 50656\n");
	th_assert_read(t, "/a/b/cgroup.stat.local", "frozen_usec 50656\n");
	/* b's own request keeps it accruing after a thaws */
	th_assert_write(t, "/a/cgroup.freeze", "0", 0);
	ucg_sim_advance(t->ucg, 1000000);
	th_assert_read(t, "/a/cgroup.stat.local", "frozen_usec 50656\n");
	th_assert_read(t, "/a/b/cgroup.stat.local", "frozen_usec 51656\n");
	th_free(t);
}

/* ---- 1.3.10 cgroup.kill --------------------------------------------------- */

struct kill_row {
	const char *input;
	int err;
};

static const struct kill_row kill_rows[] = {
	{ "1", 0 },
	{ "1\n", 0 },
	{ " 1 \n", 0 },
	{ "01", 0 },
	{ "0x1", 0 },
	{ "+1", 0 },
	{ "0", -ERANGE },
	{ "2", -ERANGE },
	{ "-1", -ERANGE },
	{ "2147483648", -ERANGE },
	{ "abc", -EINVAL },
	{ "1 1", -EINVAL },
	{ "08", -EINVAL },
	{ "\n", -EINVAL },
};

static void test_kill_parse(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kill_rows); i++) {
		const struct kill_row *r = &kill_rows[i];
		struct th *t = th_new("cgroup2", NULL);
		ssize_t ret, want = r->err ? r->err : (ssize_t)strlen(r->input);
		pid_t p;
		int sig;

		assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
		p = th_spawn(t, "/a");
		ret = th_write(t->m, "/a/cgroup.kill", r->input, &t->root);
		sig = ucg_sim_signals(t->ucg, p, SIGKILL);
		if (ret != want || sig != (r->err ? 0 : 1)) {
			print_error("kill row %zu \"%s\": ret %zd SIGKILLs %d, expected %zd\n", i,
				    r->input, ret, sig, want);
			th_free(t);
			fail();
		}
		th_free(t);
	}
}

/* Threaded: EOPNOTSUPP, but only for a value that parses as 1. */
static void test_kill_threaded(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p;

	assert_int_equal(th_mkdir_p(t->m, "/t/a", &t->root), 0);
	th_assert_write(t, "/t/a/cgroup.type", "threaded", 0);
	p = th_spawn(t, "/t");
	assert_true(write_pid(t, "/t/a/cgroup.threads", p) > 0);
	th_assert_write(t, "/t/a/cgroup.kill", "2", -ERANGE);
	th_assert_write(t, "/t/a/cgroup.kill", "0", -ERANGE);
	th_assert_write(t, "/t/a/cgroup.kill", "x", -EINVAL);
	th_assert_write(t, "/t/a/cgroup.kill", "1", -EOPNOTSUPP);
	assert_int_equal(ucg_sim_signals(t->ucg, p, SIGKILL), 0);
	/* the thread root kills its threaded subtree */
	th_assert_write(t, "/t/cgroup.kill", "1", 0);
	assert_int_equal(ucg_sim_signals(t->ucg, p, SIGKILL), 1);
	ucg_sim_settle(t->ucg);
	th_assert_read(t, "/t/cgroup.events", EV(0, 0));
	th_free(t);
}

/* Every process of the subtree gets SIGKILL; the write returns before the
 * tasks die; frozen tasks die too; processes outside are untouched. */
static void test_kill_subtree(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, q, r, o, tid, zl, zt;

	assert_int_equal(th_mkdir_p(t->m, "/a/b/c", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/o", 0755, &t->root), 0);
	p = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, p, &tid), 0);
	q = th_spawn(t, "/a/b");
	r = th_spawn(t, "/a/b/c");
	o = th_spawn(t, "/o");
	/* a process whose leader exited, a thread still alive */
	zl = th_spawn(t, "/a/b");
	assert_int_equal(ucg_sim_clone_thread(t->ucg, zl, &zt), 0);
	assert_int_equal(ucg_sim_exit(t->ucg, zl), 0);
	th_assert_write(t, "/a/b/cgroup.freeze", "1", 0);
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_FROZEN);

	th_assert_write(t, "/a/cgroup.kill", "1", 0);
	assert_int_equal(ucg_sim_signals(t->ucg, p, SIGKILL), 1);
	assert_int_equal(ucg_sim_signals(t->ucg, q, SIGKILL), 1);
	assert_int_equal(ucg_sim_signals(t->ucg, r, SIGKILL), 1);
	assert_int_equal(ucg_sim_signals(t->ucg, o, SIGKILL), 0);
	/* returned before they died */
	th_assert_read(t, "/a/cgroup.events", EV(1, 0));
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_RUNNING);
	assert_int_equal(ucg_sim_state(t->ucg, tid), UCG_SIM_RUNNING);

	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_ZOMBIE);
	assert_int_equal(ucg_sim_state(t->ucg, q), UCG_SIM_ZOMBIE);
	assert_int_equal(ucg_sim_state(t->ucg, r), UCG_SIM_ZOMBIE);
	assert_int_equal(ucg_sim_state(t->ucg, zl), UCG_SIM_ZOMBIE);
	assert_int_equal(ucg_sim_state(t->ucg, zt), -ESRCH);
	assert_int_equal(ucg_sim_state(t->ucg, tid), -ESRCH);
	assert_int_equal(ucg_sim_state(t->ucg, o), UCG_SIM_RUNNING);
	th_assert_read(t, "/a/cgroup.events", EV(0, 0));
	th_assert_read(t, "/a/b/cgroup.events", EV(0, 1));
	th_assert_read(t, "/o/cgroup.events", EV(1, 0));
	assert_int_equal(ucg_rmdir(t->m, "/a/b/c", &t->root), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, p), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, q), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, r), 0);
	assert_int_equal(ucg_sim_reap(t->ucg, zl), 0);
	th_free(t);
}

/* Tasks already dying (SIGKILL pending or exited) are skipped. */
static void test_kill_skips_dying(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t p, z;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	p = th_spawn(t, "/a");
	z = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_exit_group(t->ucg, z), 0);
	th_assert_write(t, "/a/cgroup.kill", "1", 0);
	th_assert_write(t, "/a/cgroup.kill", "1", 0);
	assert_int_equal(ucg_sim_signals(t->ucg, p, SIGKILL), 1);
	assert_int_equal(ucg_sim_signals(t->ucg, z, SIGKILL), 0);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, p), UCG_SIM_ZOMBIE);
	th_assert_write(t, "/a/cgroup.kill", "1", 0);
	assert_int_equal(ucg_sim_signals(t->ucg, p, SIGKILL), 1);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_populated),
		cmocka_unit_test(test_events_populated_notify),
		cmocka_unit_test(test_freeze_parse),
		cmocka_unit_test(test_freeze_inherit),
		cmocka_unit_test(test_freeze_lazy),
		cmocka_unit_test(test_freeze_notify),
		cmocka_unit_test(test_freeze_notify_lazy),
		cmocka_unit_test(test_stat_local),
		cmocka_unit_test(test_kill_parse),
		cmocka_unit_test(test_kill_threaded),
		cmocka_unit_test(test_kill_subtree),
		cmocka_unit_test(test_kill_skips_dying),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
