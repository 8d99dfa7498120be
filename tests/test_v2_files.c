// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_v2_files.c - the v2 core file inventory and the generic file rules,
 * driven through the public API (spec 1.2, 1.3.4, 1.3.7, 1.3.8, 1.7 (mkdir,
 * rmdir, ENODEV), 1.9, 3.1-3.3, 9.1, 9.6, 9.18, 9.19): which files exist at
 * the root and in a child, their modes and owners, EINVAL for an operation a
 * file has no handler for, EACCES from the mode bits, 0-byte writes, E2BIG,
 * independent writes, ENODEV through an fd opened before rmdir,
 * cgroup.max.descendants / cgroup.max.depth parsing and the EAGAIN mkdir
 * limits, cgroup.stat and cgroup.controllers formats.
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

/* ---- 1.2 inventory ---------------------------------------------------- */

struct inventory_row {
	const char *file;
	bool on_root;
	mode_t mode;
};

static const struct inventory_row inventory[] = {
	{ "cgroup.type", false, 0644 },
	{ "cgroup.procs", true, 0644 },
	{ "cgroup.threads", true, 0644 },
	{ "cgroup.controllers", true, 0444 },
	{ "cgroup.subtree_control", true, 0644 },
	{ "cgroup.events", false, 0444 },
	{ "cgroup.max.descendants", true, 0644 },
	{ "cgroup.max.depth", true, 0644 },
	{ "cgroup.stat", true, 0444 },
	{ "cgroup.stat.local", false, 0444 },
	{ "cgroup.freeze", false, 0644 },
	{ "cgroup.kill", false, 0200 },
	{ "cpu.stat", true, 0444 },
	{ "cpu.stat.local", true, 0444 },
};

/* Every core file exists in a child with its mechanical mode; NOT_ON_ROOT
 * files are absent at the root. */
static void test_inventory(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	size_t i;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < ARRAY_SIZE(inventory); i++) {
		const struct inventory_row *r = &inventory[i];
		struct ucg_stat st;
		char path[128];

		snprintf(path, sizeof(path), "/a/%s", r->file);
		assert_int_equal(ucg_stat(t->m, path, &st), 0);
		if (st.is_dir || st.mode != r->mode)
			fail_msg("%s: mode %o, expected %o", path, st.mode, r->mode);
		snprintf(path, sizeof(path), "/%s", r->file);
		if (r->on_root) {
			assert_int_equal(ucg_stat(t->m, path, &st), 0);
			if (st.mode != r->mode)
				fail_msg("%s: mode %o, expected %o", path, st.mode, r->mode);
		} else if (ucg_stat(t->m, path, &st) != -ENOENT) {
			fail_msg("%s exists at the root", path);
		}
	}
	th_free(t);
}

struct owner_ctx {
	int nr_files;
	int wrong;
};

static int owner_fn(void *arg, const char *name, const struct ucg_stat *st)
{
	struct owner_ctx *c = arg;

	if (st->is_dir)
		return 0;
	c->nr_files++;
	if (st->uid != 1000 || st->gid != 1000) {
		print_error("%s owned by %u:%u\n", name, (unsigned)st->uid, (unsigned)st->gid);
		c->wrong++;
	}
	return 0;
}

/* The directory and every file made at mkdir belong to the creator;
 * controller files made later belong to whoever wrote subtree_control. */
static void test_ownership(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct owner_ctx ctx = { 0 };
	struct ucg_stat st;

	assert_int_equal(ucg_mkdir(t->m, "/d", 0755, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/d", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/d/cgroup.subtree_control", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/d/c", 0755, &user), 0);
	assert_int_equal(ucg_stat(t->m, "/d/c", &st), 0);
	assert_true(st.is_dir);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.gid, 1000);
	assert_int_equal(ucg_readdir(t->m, "/d/c", owner_fn, &ctx), 0);
	assert_int_equal(ctx.nr_files, (int)ARRAY_SIZE(inventory));
	assert_int_equal(ctx.wrong, 0);

	/* root-made cgroups stay root's */
	assert_int_equal(ucg_stat(t->m, "/d/cgroup.procs", &st), 0);
	assert_int_equal(st.uid, 0);

	/* controller files: owned by the subtree_control writer */
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	assert_int_equal(ucg_stat(t->m, "/d/pids.max", &st), 0);
	assert_int_equal(st.uid, 0);
	th_assert_write_as(t, "/d/cgroup.subtree_control", "+pids", &user, 0);
	assert_int_equal(ucg_stat(t->m, "/d/c/pids.max", &st), 0);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.gid, 1000);
	th_free(t);
}

/* ---- 1.2 notes, 9.19: no handler -> EINVAL at the operation ------------ */

struct nohandler_row {
	const char *file;
	int flags;     /* how root opens it */
};

static const struct nohandler_row nohandler[] = {
	{ "/a/cgroup.kill", O_RDONLY },
	{ "/a/cgroup.events", O_WRONLY },
	{ "/a/cgroup.stat", O_WRONLY },
	{ "/a/cgroup.stat.local", O_WRONLY },
	{ "/a/cgroup.controllers", O_WRONLY },
	{ "/cgroup.stat", O_WRONLY },
	{ "/cgroup.controllers", O_WRONLY },
};

/* Root opens a file the wrong way fine; read()/write() fail with EINVAL. */
static void test_no_handler_einval(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	size_t i;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < ARRAY_SIZE(nohandler); i++) {
		const struct nohandler_row *r = &nohandler[i];
		struct ucg_file *f;
		char buf[64];
		ssize_t ret;

		if (ucg_open(t->m, r->file, r->flags, &t->root, &f))
			fail_msg("root open %s failed", r->file);
		if (r->flags == O_RDONLY)
			ret = ucg_read(f, buf, sizeof(buf), 0);
		else
			ret = ucg_write(f, "1", 1, NULL);
		ucg_close(f);
		if (ret != -EINVAL)
			fail_msg("%s: %zd, expected -EINVAL", r->file, ret);
	}
	/* O_RDWR on a write-only file: open fine, read EINVAL, write works */
	{
		struct ucg_file *f;
		char buf[8];

		assert_int_equal(ucg_open(t->m, "/a/cgroup.kill", O_RDWR, &t->root, &f), 0);
		assert_int_equal(ucg_read(f, buf, sizeof(buf), 0), -EINVAL);
		ucg_close(f);
	}
	th_free(t);
}

/* A non-root owner is stopped by the mode bits at open (EACCES); after a
 * chmod by the owner, open works and the operation gives EINVAL. */
static void test_no_handler_nonroot(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_file *f;
	char buf[16];

	assert_int_equal(ucg_chown(t->m, "/", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &user), 0);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.kill", O_RDONLY, &user, &f), -EACCES);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.events", O_WRONLY, &user, &f), -EACCES);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.stat", O_RDWR, &user, &f), -EACCES);
	/* the owner can open what the mode allows */
	assert_int_equal(ucg_open(t->m, "/a/cgroup.kill", O_WRONLY, &user, &f), 0);
	ucg_close(f);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.events", O_RDONLY, &user, &f), 0);
	ucg_close(f);

	assert_int_equal(ucg_chmod(t->m, "/a/cgroup.kill", 0600, &user), 0);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.kill", O_RDONLY, &user, &f), 0);
	assert_int_equal(ucg_read(f, buf, sizeof(buf), 0), -EINVAL);
	ucg_close(f);
	assert_int_equal(ucg_chmod(t->m, "/a/cgroup.events", 0644, &user), 0);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.events", O_WRONLY, &user, &f), 0);
	assert_int_equal(ucg_write(f, "1", 1, NULL), -EINVAL);
	ucg_close(f);
	/* another user is still refused by the mode bits */
	{
		struct ucg_cred other = { .uid = 2000, .gid = 2000 };

		assert_int_equal(ucg_open(t->m, "/a/cgroup.procs", O_WRONLY, &other, &f), -EACCES);
	}
	th_free(t);
}

/* ---- 3.1 generic write path ------------------------------------------- */

/* A 0-byte write returns 0 on every file, read-only ones included, and
 * does nothing. */
static void test_zero_byte_write(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t pid;
	size_t i;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	pid = th_spawn(t, "/a");
	for (i = 0; i < ARRAY_SIZE(inventory); i++) {
		char path[128];
		ssize_t ret;

		snprintf(path, sizeof(path), "/a/%s", inventory[i].file);
		ret = th_write_n(t->m, path, "", 0, &t->root);
		if (ret != 0)
			fail_msg("0-byte write to %s: %zd", path, ret);
	}
	/* nothing happened: no kill, no freeze */
	assert_int_equal(ucg_sim_signals(t->ucg, pid, 9), 0);
	ucg_sim_settle(t->ucg);
	assert_int_equal(ucg_sim_state(t->ucg, pid), UCG_SIM_RUNNING);
	th_assert_read(t, "/a/cgroup.freeze", "0\n");
	/* "\n" alone is a real write and is parsed */
	th_assert_write(t, "/a/cgroup.max.depth", "\n", -EINVAL);
	th_assert_write(t, "/a/cgroup.kill", "\n", -EINVAL);
	th_assert_write(t, "/a/cgroup.freeze", "\n", -EINVAL);
	th_free(t);
}

/* More than 4096 bytes -> E2BIG; exactly 4096 is parsed. */
static void test_e2big(void **state)
{
	static const char *const files[] = {
		"/a/cgroup.max.depth", "/a/cgroup.procs", "/a/cgroup.subtree_control",
		"/a/cgroup.threads", "/a/cgroup.freeze", "/a/cgroup.kill", "/a/cgroup.type",
		"/a/cgroup.events", "/cgroup.max.descendants",
	};
	struct th *t = th_new("cgroup2", NULL);
	char *buf = malloc(8192);
	char pidbuf[16];
	pid_t pid;
	size_t i;
	int n;

	assert_non_null(buf);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		ssize_t ret;

		memset(buf, ' ', 4096);
		buf[4096] = '1';
		ret = th_write_n(t->m, files[i], buf, 4097, &t->root);
		if (ret != -E2BIG)
			fail_msg("4097 bytes to %s: %zd, expected -E2BIG", files[i], ret);
		ret = th_write_n(t->m, files[i], buf, 8192, &t->root);
		if (ret != -E2BIG)
			fail_msg("8192 bytes to %s: %zd, expected -E2BIG", files[i], ret);
	}
	th_assert_read(t, "/a/cgroup.max.depth", "max\n");

	/* 4095 spaces + "3" = 4096 bytes sets max.depth to 3 */
	memset(buf, ' ', 4095);
	buf[4095] = '3';
	assert_int_equal(th_write_n(t->m, "/a/cgroup.max.depth", buf, 4096, &t->root), 4096);
	th_assert_read(t, "/a/cgroup.max.depth", "3\n");

	/* a 4096-byte PID write is parsed too */
	assert_int_equal(ucg_sim_fork(t->ucg, 0, 0, &pid), 0);
	n = snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	memset(buf, ' ', 4096);
	memcpy(buf + 4096 - n, pidbuf, (size_t)n);
	assert_int_equal(th_write_n(t->m, "/a/cgroup.procs", buf, 4096, &t->root), 4096);
	snprintf(pidbuf, sizeof(pidbuf), "%d\n", (int)pid);
	th_assert_read(t, "/a/cgroup.procs", pidbuf);
	free(buf);
	th_free(t);
}

/* Each write is parsed on its own; a successful one returns its full size. */
static void test_writes_independent(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_file *f;

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.max.depth", O_WRONLY, &t->root, &f), 0);
	assert_int_equal(ucg_write(f, "1", 1, NULL), 1);
	assert_int_equal(ucg_write(f, "2", 1, NULL), 1);
	th_assert_read(t, "/a/cgroup.max.depth", "2\n");
	/* a partial line is parsed as is: "1" then "0\n" is not "10" */
	assert_int_equal(ucg_write(f, "1", 1, NULL), 1);
	assert_int_equal(ucg_write(f, "0\n", 2, NULL), 2);
	th_assert_read(t, "/a/cgroup.max.depth", "0\n");
	/* a failed write leaves nothing behind for the next one */
	assert_int_equal(ucg_write(f, "1 ", 2, NULL), 2);
	assert_int_equal(ucg_write(f, "x", 1, NULL), -EINVAL);
	assert_int_equal(ucg_write(f, "5", 1, NULL), 1);
	th_assert_read(t, "/a/cgroup.max.depth", "5\n");
	/* full byte count, whitespace included */
	assert_int_equal(ucg_write(f, " \t 7 \n\n", 7, NULL), 7);
	th_assert_read(t, "/a/cgroup.max.depth", "7\n");
	ucg_close(f);
	th_free(t);
}

/* Reads at an offset serve the rendering of the last offset-0 read. */
static void test_read_offsets(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_file *f;
	char buf[64];

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_open(t->m, "/a/cgroup.events", O_RDONLY, &t->root, &f), 0);
	assert_int_equal(ucg_read(f, buf, 4, 0), 4);
	assert_memory_equal(buf, "popu", 4);
	th_spawn(t, "/a"); /* changes the content after the first read */
	assert_int_equal(ucg_read(f, buf, sizeof(buf), 4), 17);
	assert_memory_equal(buf, "lated 0\nfrozen 0\n", 17);
	assert_int_equal(ucg_read(f, buf, sizeof(buf), 21), 0);
	assert_int_equal(ucg_read(f, buf, sizeof(buf), 0), 21);
	assert_memory_equal(buf, "populated 1\nfrozen 0\n", 21);
	ucg_close(f);
	th_free(t);
}

/* ---- 1.7 / 1.9: ENODEV through an fd opened before rmdir --------------- */

static void test_enodev_after_rmdir(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_file *rd[ARRAY_SIZE(inventory)], *wr[ARRAY_SIZE(inventory)];
	struct ucg_file *pids_max;
	char buf[64];
	size_t i;

	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	for (i = 0; i < ARRAY_SIZE(inventory); i++) {
		char path[128];

		snprintf(path, sizeof(path), "/a/%s", inventory[i].file);
		assert_int_equal(ucg_open(t->m, path, O_RDONLY, &t->root, &rd[i]), 0);
		assert_int_equal(ucg_open(t->m, path, O_WRONLY, &t->root, &wr[i]), 0);
	}
	assert_int_equal(ucg_open(t->m, "/a/pids.max", O_RDWR, &t->root, &pids_max), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	for (i = 0; i < ARRAY_SIZE(inventory); i++) {
		ssize_t r = ucg_read(rd[i], buf, sizeof(buf), 0);
		ssize_t w = ucg_write(wr[i], "1", 1, NULL);

		if (r != -ENODEV || w != -ENODEV)
			fail_msg("%s after rmdir: read %zd write %zd, expected -ENODEV",
				 inventory[i].file, r, w);
		ucg_close(rd[i]);
		ucg_close(wr[i]);
	}
	assert_int_equal(ucg_read(pids_max, buf, sizeof(buf), 0), -ENODEV);
	assert_int_equal(ucg_write(pids_max, "5", 1, NULL), -ENODEV);
	ucg_close(pids_max);
	/* the same name can be made again at once, with fresh files */
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	th_assert_read(t, "/a/cgroup.events", "populated 0\nfrozen 0\n");
	th_free(t);
}

/* ---- 1.7 / 1.9: mkdir and rmdir errors --------------------------------- */

static void test_mkdir_rmdir_errno(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t pid;

	assert_int_equal(ucg_mkdir(t->m, "/a\nb", 0755, &t->root), -EINVAL);
	assert_int_equal(ucg_mkdir(t->m, "/a b\tc", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), -EEXIST);
	assert_int_equal(ucg_mkdir(t->m, "/a/cgroup.procs", 0755, &t->root), -EEXIST);
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	/* live child */
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), -EBUSY);
	/* populated: a live task in it */
	pid = th_spawn(t, "/a/b");
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), -EBUSY);
	/* only a zombie left: removable */
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	assert_true(ucg_rmdir(t->m, "/", &t->root) < 0);
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	th_free(t);
}

/* ---- 1.3.7 cgroup.max.descendants / cgroup.max.depth ------------------- */

struct max_row {
	const char *input;
	int err;            /* 0: success */
	const char *read;   /* read-back after the write */
};

/* Before every row the file holds 42. */
static const struct max_row max_rows[] = {
	{ "max", 0, "max\n" },
	{ "max\n", 0, "max\n" },
	{ " max \n", 0, "max\n" },
	{ "MAX", -EINVAL, "42\n" },
	{ "maxx", -EINVAL, "42\n" },
	{ "0", 0, "0\n" },
	{ "5", 0, "5\n" },
	{ "0x10", 0, "16\n" },
	{ "0X10", 0, "16\n" },
	{ "010", 0, "8\n" },
	{ "+5", 0, "5\n" },
	{ "-0", 0, "0\n" },
	{ "\t7\t", 0, "7\n" },
	{ "1\n\n", 0, "1\n" },
	{ "2147483647", 0, "max\n" },
	{ "2147483646", 0, "2147483646\n" },
	{ "2147483648", -ERANGE, "42\n" },
	{ "99999999999999999999", -ERANGE, "42\n" },
	{ "-1", -ERANGE, "42\n" },
	{ "-2147483649", -ERANGE, "42\n" },
	{ "1 2", -EINVAL, "42\n" },
	{ "1e3", -EINVAL, "42\n" },
	{ "0x", -EINVAL, "42\n" },
	{ "08", -EINVAL, "42\n" },
	{ "abc", -EINVAL, "42\n" },
	{ "\n", -EINVAL, "42\n" },
	{ "++5", -EINVAL, "42\n" },
	{ "5x", -EINVAL, "42\n" },
};

static void run_max_rows(struct th *t, const char *path)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(max_rows); i++) {
		const struct max_row *r = &max_rows[i];
		ssize_t want = r->err ? r->err : (ssize_t)strlen(r->input);
		ssize_t ret;
		char *got;
		int err;

		th_assert_write(t, path, "42", 0);
		ret = th_write(t->m, path, r->input, &t->root);
		got = th_read(t->m, path, &t->root, &err);
		assert_non_null(got);
		if (ret != want || strcmp(got, r->read)) {
			print_error("%s row %zu \"%s\": ret %zd read \"%s\", expected %zd \"%s\"\n",
				    path, i, r->input, ret, got, want, r->read);
			free(got);
			fail();
		}
		free(got);
	}
}

static void test_max_parse(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	th_assert_read(t, "/a/cgroup.max.descendants", "max\n");
	th_assert_read(t, "/a/cgroup.max.depth", "max\n");
	th_assert_read(t, "/cgroup.max.descendants", "max\n");
	th_assert_read(t, "/cgroup.max.depth", "max\n");
	run_max_rows(t, "/a/cgroup.max.descendants");
	run_max_rows(t, "/a/cgroup.max.depth");
	run_max_rows(t, "/cgroup.max.descendants");
	run_max_rows(t, "/cgroup.max.depth");
	th_free(t);
}

/* mkdir fails with EAGAIN at any ancestor's limit; depth counts from the
 * parent; lowering below the current count is allowed. */
static void test_max_mkdir_limits(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_file *f;

	/* depth */
	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	th_assert_write(t, "/a/cgroup.max.depth", "0", 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), -EAGAIN);
	th_assert_write(t, "/a/cgroup.max.depth", "1", 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b/c", 0755, &t->root), -EAGAIN);
	th_assert_write(t, "/a/cgroup.max.depth", "2", 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b/c", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b/c/d", 0755, &t->root), -EAGAIN);
	th_assert_write(t, "/a/cgroup.max.depth", "max", 0);
	assert_int_equal(ucg_mkdir(t->m, "/a/b/c/d", 0755, &t->root), 0);
	/* lowering below the current depth only affects future mkdir */
	th_assert_write(t, "/a/cgroup.max.depth", "1", 0);
	th_assert_read(t, "/a/cgroup.max.depth", "1\n");
	assert_int_equal(ucg_mkdir(t->m, "/a/b/x", 0755, &t->root), -EAGAIN);
	assert_int_equal(ucg_mkdir(t->m, "/a/y", 0755, &t->root), 0);

	/* descendants */
	assert_int_equal(ucg_mkdir(t->m, "/n", 0755, &t->root), 0);
	th_assert_write(t, "/n/cgroup.max.descendants", "2", 0);
	assert_int_equal(ucg_mkdir(t->m, "/n/b", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/n/c", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/n/d", 0755, &t->root), -EAGAIN);
	assert_int_equal(ucg_mkdir(t->m, "/n/b/x", 0755, &t->root), -EAGAIN);
	/* a removed (even still referenced) cgroup no longer counts */
	assert_int_equal(ucg_open(t->m, "/n/c/cgroup.procs", O_RDONLY, &t->root, &f), 0);
	assert_int_equal(ucg_rmdir(t->m, "/n/c", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/n/d", 0755, &t->root), 0);
	ucg_close(f);
	/* lowering below the current count is accepted */
	th_assert_write(t, "/n/cgroup.max.descendants", "0", 0);
	th_assert_read(t, "/n/cgroup.max.descendants", "0\n");
	assert_int_equal(ucg_mkdir(t->m, "/n/e", 0755, &t->root), -EAGAIN);
	assert_int_equal(ucg_mkdir(t->m, "/n/b/e", 0755, &t->root), -EAGAIN);

	/* the root's limits apply to the whole tree */
	th_assert_write(t, "/cgroup.max.depth", "1", 0);
	assert_int_equal(ucg_mkdir(t->m, "/r", 0755, &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/r/s", 0755, &t->root), -EAGAIN);
	th_assert_write(t, "/cgroup.max.depth", "max", 0);
	th_assert_write(t, "/cgroup.max.descendants", "0", 0);
	assert_int_equal(ucg_mkdir(t->m, "/r/s", 0755, &t->root), -EAGAIN);
	assert_int_equal(ucg_mkdir(t->m, "/q", 0755, &t->root), -EAGAIN);
	th_free(t);
}

/* ---- 1.3.4 / 9.1 cgroup.controllers and subtree_control formats -------- */

/* Read @path through ucg_read and compare bytes exactly (0-byte reads). */
static void assert_raw(struct th *t, const char *path, const char *expect)
{
	struct ucg_file *f;
	char buf[256];
	ssize_t n;

	assert_int_equal(ucg_open(t->m, path, O_RDONLY, &t->root, &f), 0);
	n = ucg_read(f, buf, sizeof(buf), 0);
	ucg_close(f);
	if (n != (ssize_t)strlen(expect) || memcmp(buf, expect, (size_t)n))
		fail_msg("%s: read %zd bytes, expected %zu (\"%s\")", path, n, strlen(expect),
			 expect);
}

static void test_controllers_format(void **state)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(ucg_mkdir(t->m, "/a", 0755, &t->root), 0);
	assert_raw(t, "/cgroup.controllers", "cpu io pids rdma\n");
	assert_raw(t, "/cgroup.subtree_control", "");
	assert_raw(t, "/a/cgroup.controllers", "");
	assert_raw(t, "/a/cgroup.subtree_control", "");
	/* id order, whatever the write order */
	th_assert_write(t, "/cgroup.subtree_control", "+rdma", 0);
	assert_raw(t, "/cgroup.subtree_control", "rdma\n");
	assert_raw(t, "/a/cgroup.controllers", "rdma\n");
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	assert_raw(t, "/cgroup.subtree_control", "pids rdma\n");
	assert_raw(t, "/a/cgroup.controllers", "pids rdma\n");
	th_assert_write(t, "/cgroup.subtree_control", "-rdma -pids", 0);
	assert_raw(t, "/cgroup.subtree_control", "");
	assert_raw(t, "/a/cgroup.controllers", "");
	/* the root's list never changes */
	assert_raw(t, "/cgroup.controllers", "cpu io pids rdma\n");
	th_free(t);
}

/* ---- 1.3.8 cgroup.stat ------------------------------------------------- */

static void assert_stat(struct th *t, const char *path, int desc, int pids, int rdma, int dying,
			int dpids, int drdma)
{
	/* cpu and io are never enabled here: their only css is the root's */
	int cpu = !strcmp(path, "/cgroup.stat");
	char expect[512];

	snprintf(expect, sizeof(expect),
		 "nr_descendants %d\nnr_subsys_cpu %d\nnr_subsys_io %d\nnr_subsys_pids %d\n"
		 "nr_subsys_rdma %d\nnr_dying_descendants %d\nnr_dying_subsys_cpu 0\n"
		 "nr_dying_subsys_io 0\nnr_dying_subsys_pids %d\nnr_dying_subsys_rdma %d\n",
		 desc, cpu, cpu, pids, rdma, dying, dpids, drdma);
	th_assert_read_at(t->m, path, &t->root, expect, __FILE__, __LINE__);
}

static void test_stat(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	pid_t pid;

	assert_stat(t, "/cgroup.stat", 0, 1, 1, 0, 0, 0);
	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_stat(t, "/cgroup.stat", 2, 1, 1, 0, 0, 0);
	assert_stat(t, "/a/cgroup.stat", 1, 0, 0, 0, 0, 0);
	th_assert_write(t, "/cgroup.subtree_control", "+pids +rdma", 0);
	assert_stat(t, "/cgroup.stat", 2, 2, 2, 0, 0, 0);
	assert_stat(t, "/a/cgroup.stat", 1, 1, 1, 0, 0, 0);
	assert_stat(t, "/a/b/cgroup.stat", 0, 0, 0, 0, 0, 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "+pids", 0);
	assert_stat(t, "/cgroup.stat", 2, 3, 2, 0, 0, 0);
	assert_stat(t, "/a/cgroup.stat", 1, 2, 1, 0, 0, 0);
	assert_stat(t, "/a/b/cgroup.stat", 0, 1, 0, 0, 0, 0);

	/* 9.5: a css pinned by a zombie dies on disable, no cgroup removed */
	pid = th_spawn(t, "/a/b");
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	th_assert_write(t, "/a/cgroup.subtree_control", "-pids", 0);
	assert_stat(t, "/a/b/cgroup.stat", 0, 0, 0, 0, 1, 0);
	assert_stat(t, "/a/cgroup.stat", 1, 1, 1, 0, 1, 0);
	assert_stat(t, "/cgroup.stat", 2, 2, 2, 0, 1, 0);
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	assert_stat(t, "/cgroup.stat", 2, 2, 2, 0, 0, 0);

	/* rmdir with a zombie inside: a dying descendant until reaped */
	pid = th_spawn(t, "/a/b");
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);
	assert_stat(t, "/a/cgroup.stat", 0, 1, 1, 1, 0, 0);
	assert_stat(t, "/cgroup.stat", 1, 2, 2, 1, 0, 0);
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	assert_stat(t, "/a/cgroup.stat", 0, 1, 1, 0, 0, 0);
	assert_stat(t, "/cgroup.stat", 1, 2, 2, 0, 0, 0);

	/* a removed cgroup with controller css pinned by a zombie */
	pid = th_spawn(t, "/a");
	assert_int_equal(ucg_sim_exit_group(t->ucg, pid), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a", &t->root), 0);
	assert_stat(t, "/cgroup.stat", 0, 1, 1, 1, 1, 1);
	assert_int_equal(ucg_sim_reap(t->ucg, pid), 0);
	assert_stat(t, "/cgroup.stat", 0, 1, 1, 0, 0, 0);
	th_free(t);
}

/* The open mode is checked before the handler, as the VFS does: reading an
 * fd opened O_WRONLY or writing one opened O_RDONLY is EBADF. */
static void test_open_mode_ebadf(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_file *f;
	char buf[16];

	(void)state;
	assert_int_equal(ucg_open(t->m, "/cgroup.max.depth", O_WRONLY, &t->root, &f), 0);
	assert_int_equal(ucg_read(f, buf, sizeof(buf), 0), -EBADF);
	assert_int_equal(ucg_write(f, "3", 1, NULL), 1);
	ucg_close(f);
	assert_int_equal(ucg_open(t->m, "/cgroup.max.depth", O_RDONLY, &t->root, &f), 0);
	assert_int_equal(ucg_write(f, "4", 1, NULL), -EBADF);
	assert_int_equal(ucg_read(f, buf, sizeof(buf), 0), 2);
	assert_memory_equal(buf, "3\n", 2);
	ucg_close(f);
	assert_int_equal(ucg_open(t->m, "/cgroup.max.depth", O_RDWR, &t->root, &f), 0);
	assert_int_equal(ucg_write(f, "max", 3, NULL), 3);
	assert_int_equal(ucg_read(f, buf, sizeof(buf), 0), 4);
	ucg_close(f);
	th_free(t);
}

/* Inode numbers lead back to their paths (what a FUSE frontend needs), and
 * stop resolving once the object is gone. */
static void test_ino_path(void **state)
{
	static const char *const paths[] = {
		"/", "/a", "/a/b", "/a/cgroup.procs", "/a/b/cgroup.events", "/cgroup.stat",
		"/a/pids.max",
	};
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_stat st;
	char buf[256];
	size_t i;

	(void)state;
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	assert_int_equal(th_mkdir_p(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_stat(t->m, "/", &st), 0);
	assert_int_equal(st.ino, ucg_root_ino(t->m));
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(ucg_stat(t->m, paths[i], &st), 0);
		assert_int_equal(ucg_ino_path(t->m, st.ino, buf, sizeof(buf)), (int)strlen(paths[i]));
		assert_string_equal(buf, paths[i]);
	}
	assert_int_equal(ucg_ino_path(t->m, st.ino, buf, 4), -ENAMETOOLONG);
	/* a controller file disappears with its controller, a cgroup with rmdir */
	th_assert_write(t, "/cgroup.subtree_control", "-pids", 0);
	assert_int_equal(ucg_ino_path(t->m, st.ino, buf, sizeof(buf)), -ENOENT);
	assert_int_equal(ucg_stat(t->m, "/a/b", &st), 0);
	assert_int_equal(ucg_rmdir(t->m, "/a/b", &t->root), 0);
	assert_int_equal(ucg_ino_path(t->m, st.ino, buf, sizeof(buf)), -ENOENT);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory),
		cmocka_unit_test(test_ownership),
		cmocka_unit_test(test_no_handler_einval),
		cmocka_unit_test(test_no_handler_nonroot),
		cmocka_unit_test(test_zero_byte_write),
		cmocka_unit_test(test_e2big),
		cmocka_unit_test(test_writes_independent),
		cmocka_unit_test(test_read_offsets),
		cmocka_unit_test(test_enodev_after_rmdir),
		cmocka_unit_test(test_mkdir_rmdir_errno),
		cmocka_unit_test(test_max_parse),
		cmocka_unit_test(test_max_mkdir_limits),
		cmocka_unit_test(test_controllers_format),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_open_mode_ebadf),
		cmocka_unit_test(test_ino_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
