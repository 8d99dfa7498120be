// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_xattr.c - extended attributes of cgroup directories and interface
 * files through the public API (ucg_setxattr, ucg_getxattr, ucg_listxattr,
 * ucg_removexattr), as the kernel's cgroupfs (kernfs) keeps them.
 *
 * Measured on Linux 6.18 (cgroup2, a child of /sys/fs/cgroup/unified, python
 * os.*xattr as root and as uid/gid 65534 without capabilities):
 *
 *   what                                  root            uid 65534
 *   ------------------------------------  --------------  -----------------
 *   set/get user.* trusted.* security.*   ok (dir, file)  -
 *   set/get system.* foo.* btrfs.*        EOPNOTSUPP      set: EACCES w/o
 *                                                         write perm
 *   name "user." / "trusted." / ""        EINVAL / EINVAL / ERANGE
 *   name of 255 / 256 bytes               ok / ERANGE
 *   value of 65536 / 65537 bytes          ok / E2BIG
 *   flags 4                               EINVAL
 *   CREATE on existing, REPLACE missing   EEXIST, ENODATA (CREATE|REPLACE:
 *                                         EEXIST if it exists, else ENODATA)
 *   get/remove missing                    ENODATA
 *   get with size 0 / too small           the length / ERANGE
 *   list with size 0 / too small          the length / ERANGE (E2BIG with a
 *                                         size >= 65536)
 *   list order                            by name, descending
 *   user.*: 129th attribute               ENOSPC (and every set while 128
 *                                         exist, even a replace or a failing
 *                                         CREATE/REPLACE; remove works)
 *   user.*: values over 131072 bytes      ENOSPC, counted as an addition even
 *                                         for a replace (64K+64K-1+1 full:
 *                                         replacing the 1 byte by 1 fails,
 *                                         by 0 works); trusted.* unlimited
 *   trusted.* as 65534                    set/remove EPERM, get ENODATA,
 *                                         not listed
 *   security.* as 65534                   get ok (any mode), set/remove EPERM
 *   user.* as 65534                       set/remove need write permission,
 *                                         get read permission (EACCES);
 *                                         list needs none (0000 dir lists)
 *   root on mode 0000                     everything works (DAC override)
 *   user.* in a sticky dir (1777, root's) set/remove EPERM for non-owners,
 *                                         foo.* EOPNOTSUPP
 *   through a 0700 dir                    EACCES (path lookup)
 *   security.capability                   20-byte v2 / 24-byte v3 headers
 *                                         only (else EINVAL), EPERM without
 *                                         privilege, v3 root id 0 reads back
 *                                         as v2; empty value: anyone may set
 *                                         it, get is EINVAL
 *   chown of a file / of a directory      drops its security.capability /
 *                                         keeps it (chmod keeps it)
 *   rmdir + mkdir                         the new cgroup has none
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
#include <sys/xattr.h>

#include <ucg/ucg.h>

#include "helpers.h"

/* Step rows leave trailing fields at zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

enum xop { XSET, XGET, XLIST, XRM };
enum xwho { ROOT, NOBODY };

/* One call and what it must give.  @value NULL sets an empty value.  @out is
 * the value read (XGET) or the names listed, comma-separated (XLIST). */
struct xstep {
	enum xop op;
	const char *path;
	const char *name;
	const char *value;
	int flags;
	enum xwho who;
	int err;
	const char *out;
};

static const struct ucg_cred nobody = { .uid = 65534, .gid = 65534 };

static const struct ucg_cred *who_cred(enum xwho who)
{
	static const struct ucg_cred root = UCG_CRED_ROOT;

	return who == ROOT ? &root : &nobody;
}

static void list_to_commas(char *buf, ssize_t n)
{
	ssize_t i;

	for (i = 0; i < n - 1; i++) {
		if (!buf[i])
			buf[i] = ',';
	}
}

static void run_step(struct ucg_mount *m, const struct xstep *s, size_t i)
{
	const struct ucg_cred *c = who_cred(s->who);
	char buf[4096] = "";
	ssize_t ret = 0;

	switch (s->op) {
	case XSET:
		ret = ucg_setxattr(m, s->path, s->name, s->value, s->value ? strlen(s->value) : 0,
				   s->flags, c);
		break;
	case XGET:
		ret = ucg_getxattr(m, s->path, s->name, buf, sizeof(buf) - 1, c);
		break;
	case XLIST:
		ret = ucg_listxattr(m, s->path, buf, sizeof(buf) - 1, c);
		if (ret > 0)
			list_to_commas(buf, ret);
		break;
	case XRM:
		ret = ucg_removexattr(m, s->path, s->name, c);
		break;
	}
	if (ret < 0 ? ret != s->err : s->err != 0)
		fail_msg("step %zu (%d %s %s): got %zd, want %d", i, s->op, s->path,
			 s->name ? s->name : "", ret, s->err);
	if (ret >= 0 && s->out) {
		buf[ret] = '\0';
		if (strcmp(buf, s->out))
			fail_msg("step %zu (%s %s): got '%s', want '%s'", i, s->path,
				 s->name ? s->name : "", buf, s->out);
	}
}

static void run_steps(struct ucg_mount *m, const struct xstep *steps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_step(m, &steps[i], i);
}

#define RUN(t, steps) run_steps((t)->m, (steps), sizeof(steps) / sizeof((steps)[0]))

static struct th *new_v2(void)
{
	struct th *t = th_new("cgroup2", NULL);

	assert_int_equal(th_mkdir_p(t->m, "/c", &t->root), 0);
	return t;
}

/* ---- namespaces and names -------------------------------------------------- */

static void test_namespaces(void **state)
{
	static const struct xstep steps[] = {
		{ XSET, "/c", "user.t", "v" },
		{ XGET, "/c", "user.t", .out = "v" },
		{ XSET, "/c", "trusted.t", "v" },
		{ XGET, "/c", "trusted.t", .out = "v" },
		{ XSET, "/c", "security.t", "v" },
		{ XGET, "/c", "security.t", .out = "v" },
		{ XLIST, "/c", .out = "user.t,trusted.t,security.t" },
		{ XSET, "/c/cgroup.procs", "user.t", "w" },
		{ XGET, "/c/cgroup.procs", "user.t", .out = "w" },
		{ XSET, "/c/cgroup.procs", "trusted.t", "w" },
		{ XLIST, "/c/cgroup.procs", .out = "user.t,trusted.t" },
		{ XGET, "/c", "user.t", .out = "v" },  /* the file's are its own */
		{ XSET, "/", "user.r", "root dir" },
		{ XGET, "/", "user.r", .out = "root dir" },
		{ XSET, "/c", "system.t", "v", .err = -EOPNOTSUPP },
		{ XGET, "/c", "system.t", .err = -EOPNOTSUPP },
		{ XSET, "/c", "system.posix_acl_access", "v", .err = -EOPNOTSUPP },
		{ XSET, "/c", "foo.t", "v", .err = -EOPNOTSUPP },
		{ XGET, "/c", "btrfs.t", .err = -EOPNOTSUPP },
		{ XRM, "/c", "osx.t", .err = -EOPNOTSUPP },
		{ XSET, "/c", "user", "v", .err = -EOPNOTSUPP },
		{ XSET, "/c", "user.", "v", .err = -EINVAL },
		{ XGET, "/c", "user.", .err = -EINVAL },
		{ XSET, "/c", "trusted.", "v", .err = -EINVAL },
		{ XSET, "/c", "security.", "v", .err = -EINVAL },
		{ XSET, "/c", "", "v", .err = -ERANGE },
		{ XGET, "/c", "", .err = -ERANGE },
		{ XSET, "/nope", "user.t", "v", .err = -ENOENT },
		{ XGET, "/c/nope", "user.t", .err = -ENOENT },
		{ XLIST, "/c/nope", .err = -ENOENT },
		{ XRM, "/c", "user.t" },
		{ XRM, "/c", "user.t", .err = -ENODATA },
		{ XRM, "/c", "trusted.t" },
		{ XRM, "/c", "security.t" },
		{ XGET, "/c", "user.t", .err = -ENODATA },
		{ XLIST, "/c", .out = "" },
	};
	struct th *t = new_v2();

	(void)state;
	RUN(t, steps);
	th_free(t);
}

static void test_name_and_value_limits(void **state)
{
	struct th *t = new_v2();
	char name[300], *big = calloc(1, 65537);

	(void)state;
	assert_non_null(big);
	snprintf(name, sizeof(name), "user.%0250d", 0);
	assert_int_equal(strlen(name), 255);
	assert_int_equal(ucg_setxattr(t->m, "/c", name, "v", 1, 0, &t->root), 0);
	assert_int_equal(ucg_getxattr(t->m, "/c", name, NULL, 0, &t->root), 1);
	assert_int_equal(ucg_removexattr(t->m, "/c", name, &t->root), 0);
	strcat(name, "x");
	assert_int_equal(ucg_setxattr(t->m, "/c", name, "v", 1, 0, &t->root), -ERANGE);
	assert_int_equal(ucg_getxattr(t->m, "/c", name, NULL, 0, &t->root), -ERANGE);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.big", big, 65536, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.big2", big, 65537, 0, &t->root), -E2BIG);
	assert_int_equal(ucg_setxattr(t->m, "/c", "trusted.big", big, 65537, 0, &t->root), -E2BIG);
	assert_int_equal(ucg_getxattr(t->m, "/c", "user.big", big, 65537, &t->root), 65536);
	free(big);
	th_free(t);
}

/* ---- flags and buffer sizes -------------------------------------------------- */

static void test_flags(void **state)
{
	static const struct xstep steps[] = {
		{ XSET, "/c", "user.a", "1", XATTR_CREATE },
		{ XSET, "/c", "user.a", "2", XATTR_CREATE, .err = -EEXIST },
		{ XSET, "/c", "user.a", "3", XATTR_REPLACE },
		{ XSET, "/c", "user.b", "3", XATTR_REPLACE, .err = -ENODATA },
		{ XSET, "/c", "user.b", "3", XATTR_CREATE | XATTR_REPLACE, .err = -ENODATA },
		{ XSET, "/c", "user.a", "3", XATTR_CREATE | XATTR_REPLACE, .err = -EEXIST },
		{ XSET, "/c", "user.a", "3", 4, .err = -EINVAL },
		{ XSET, "/c", "user.e", NULL },            /* empty value: set, not removed */
		{ XGET, "/c", "user.e", .out = "" },
		{ XGET, "/c", "user.a", .out = "3" },
		{ XSET, "/c", "user.a", "longer value" },  /* replace without flags */
		{ XGET, "/c", "user.a", .out = "longer value" },
		{ XSET, "/c", "trusted.a", "1", XATTR_CREATE },
		{ XSET, "/c", "trusted.a", "1", XATTR_CREATE, .err = -EEXIST },
		{ XSET, "/c", "trusted.b", "1", XATTR_REPLACE, .err = -ENODATA },
		{ XLIST, "/c", .out = "user.e,user.a,trusted.a" },
	};
	struct th *t = new_v2();

	(void)state;
	RUN(t, steps);
	th_free(t);
}

static void test_sizes_and_order(void **state)
{
	static const char *const names[] = { "user.m", "user.b", "user.z", "trusted.q",
					     "security.a", "user.a", "trusted.a", "user.mm" };
	static const char want[] = "user.z\0user.mm\0user.m\0user.b\0user.a\0"
				   "trusted.q\0trusted.a\0security.a";
	struct th *t = new_v2();
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_int_equal(ucg_setxattr(t->m, "/c", names[i], "val", 3, 0, &t->root), 0);
	assert_int_equal(ucg_getxattr(t->m, "/c", "user.m", NULL, 0, &t->root), 3);
	assert_int_equal(ucg_getxattr(t->m, "/c", "user.m", buf, 2, &t->root), -ERANGE);
	assert_int_equal(ucg_getxattr(t->m, "/c", "user.m", buf, 3, &t->root), 3);
	assert_memory_equal(buf, "val", 3);
	assert_int_equal(ucg_getxattr(t->m, "/c", "user.nope", NULL, 0, &t->root), -ENODATA);
	assert_int_equal(ucg_listxattr(t->m, "/c", NULL, 0, &t->root), sizeof(want));
	assert_int_equal(ucg_listxattr(t->m, "/c", buf, 5, &t->root), -ERANGE);
	assert_int_equal(ucg_listxattr(t->m, "/c", buf, sizeof(want), &t->root), sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	th_free(t);
}

/* A list longer than 64 KiB: its length is given, never the list (E2BIG). */
static void test_list_too_big(void **state)
{
	struct th *t = new_v2();
	char name[256], *buf = malloc(200000);
	int i;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "trusted.%03d%0240d", i, 0);
		assert_int_equal(ucg_setxattr(t->m, "/c", name, NULL, 0, 0, &t->root), 0);
	}
	assert_int_equal(ucg_listxattr(t->m, "/c", NULL, 0, &t->root), 300 * 252);
	assert_int_equal(ucg_listxattr(t->m, "/c", buf, 200000, &t->root), -E2BIG);
	assert_int_equal(ucg_listxattr(t->m, "/c", buf, 1000, &t->root), -ERANGE);
	free(buf);
	th_free(t);
}

/* ---- kernfs's user.* limits ---------------------------------------------------- */

static void test_user_count_limit(void **state)
{
	static const struct xstep at_limit[] = {
		{ XSET, "/c", "user.n128", NULL, .err = -ENOSPC },
		{ XSET, "/c", "user.n0", "x", .err = -ENOSPC },                /* replace */
		{ XSET, "/c", "user.n1", NULL, XATTR_CREATE, .err = -ENOSPC },
		{ XSET, "/c", "user.zz", NULL, XATTR_REPLACE, .err = -ENOSPC },
		{ XSET, "/c", "trusted.x", "x" },                              /* not counted */
		{ XSET, "/c", "security.x", "x" },
		{ XRM, "/c", "user.zz", .err = -ENODATA },
		{ XRM, "/c", "user.n0" },
		{ XSET, "/c", "user.n0", NULL },
		{ XSET, "/c", "user.n0", NULL, .err = -ENOSPC },
		{ XSET, "/c/cgroup.procs", "user.n0", NULL },                  /* per file */
	};
	struct th *t = new_v2();
	char name[32];
	int i;

	(void)state;
	for (i = 0; i < 128; i++) {
		snprintf(name, sizeof(name), "user.n%d", i);
		assert_int_equal(ucg_setxattr(t->m, "/c", name, NULL, 0, 0, &t->root), 0);
	}
	RUN(t, at_limit);
	th_free(t);
}

static void test_user_size_limit(void **state)
{
	struct th *t = new_v2();
	char *v = calloc(1, 65536);
	struct {
		const char *name;
		size_t size;
		int err;
	} const steps[] = {
		{ "user.a", 65536 }, { "user.b", 65535 }, { "user.c", 1 },
		{ "user.d", 2, -ENOSPC },
		{ "user.a", 65536, -ENOSPC },  /* a same-size replace counts as an addition */
		{ "user.c", 1, -ENOSPC },
		{ "user.c", 0 },               /* 131071 + 0 fits */
		{ "user.e", 0 },
		{ "user.a", 1000, -ENOSPC },
		{ "trusted.t1", 65536 }, { "trusted.t2", 65536 }, { "trusted.t3", 65536 },
	};
	size_t i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		int ret = ucg_setxattr(t->m, "/c", steps[i].name, v, steps[i].size, 0, &t->root);

		if (ret != steps[i].err)
			fail_msg("step %zu (%s): got %d, want %d", i, steps[i].name, ret, steps[i].err);
	}
	/* removing gives the room back */
	assert_int_equal(ucg_removexattr(t->m, "/c", "user.b", &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.a", v, 65536, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.d", v, 65536, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.f", v, 1, 0, &t->root), -ENOSPC);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.f", v, 0, 0, &t->root), 0);
	free(v);
	th_free(t);
}

/* ---- permissions ------------------------------------------------------------------ */

static void test_permissions_unprivileged(void **state)
{
	/* dir c 0755, cgroup.procs 0644, cgroup.kill 0200, cgroup.controllers 0444, root's */
	static const char *const paths[] = { "/c", "/c/cgroup.procs", "/c/cgroup.kill",
					     "/c/cgroup.controllers" };
	static const struct xstep per_path[] = {
		{ XLIST, NULL, .who = NOBODY, .out = "user.u,security.s" },
		{ XGET, NULL, "trusted.t", .who = NOBODY, .err = -ENODATA },
		{ XGET, NULL, "trusted.missing", .who = NOBODY, .err = -ENODATA },
		{ XGET, NULL, "security.s", .who = NOBODY, .out = "v" },
		{ XSET, NULL, "user.u", "w", .who = NOBODY, .err = -EACCES },
		{ XSET, NULL, "user.", "w", .who = NOBODY, .err = -EACCES },
		{ XSET, NULL, "foo.x", "w", .who = NOBODY, .err = -EACCES },
		{ XSET, NULL, "trusted.t", "w", .who = NOBODY, .err = -EPERM },
		{ XSET, NULL, "trusted.new", "w", .who = NOBODY, .err = -EPERM },
		{ XSET, NULL, "security.s", "w", .who = NOBODY, .err = -EPERM },
		{ XSET, NULL, "security.new", "w", .who = NOBODY, .err = -EPERM },
		{ XRM, NULL, "user.u", .who = NOBODY, .err = -EACCES },
		{ XRM, NULL, "user.missing", .who = NOBODY, .err = -EACCES },
		{ XRM, NULL, "trusted.t", .who = NOBODY, .err = -EPERM },
		{ XRM, NULL, "trusted.missing", .who = NOBODY, .err = -EPERM },
		{ XRM, NULL, "security.s", .who = NOBODY, .err = -EPERM },
		{ XRM, NULL, "foo.x", .who = NOBODY, .err = -EACCES },
		{ XGET, NULL, "trusted.t", .out = "v" },                     /* root still sees */
	};
	/* reading user.* and foo.* follows the read bit: cgroup.kill is write-only */
	static const struct xstep readable[] = {
		{ XGET, "/c", "user.u", .who = NOBODY, .out = "v" },
		{ XGET, "/c", "user.missing", .who = NOBODY, .err = -ENODATA },
		{ XGET, "/c", "foo.x", .who = NOBODY, .err = -EOPNOTSUPP },
		{ XGET, "/c", "user.", .who = NOBODY, .err = -EINVAL },
		{ XGET, "/c/cgroup.controllers", "user.u", .who = NOBODY, .out = "v" },
		{ XGET, "/c/cgroup.kill", "user.u", .who = NOBODY, .err = -EACCES },
		{ XGET, "/c/cgroup.kill", "user.missing", .who = NOBODY, .err = -EACCES },
		{ XGET, "/c/cgroup.kill", "foo.x", .who = NOBODY, .err = -EACCES },
		{ XGET, "/c/cgroup.kill", "user.", .who = NOBODY, .err = -EACCES },
	};
	struct th *t = new_v2();
	struct xstep s;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(ucg_setxattr(t->m, paths[i], "user.u", "v", 1, 0, &t->root), 0);
		assert_int_equal(ucg_setxattr(t->m, paths[i], "trusted.t", "v", 1, 0, &t->root), 0);
		assert_int_equal(ucg_setxattr(t->m, paths[i], "security.s", "v", 1, 0, &t->root), 0);
		for (j = 0; j < sizeof(per_path) / sizeof(per_path[0]); j++) {
			s = per_path[j];
			s.path = paths[i];
			run_step(t->m, &s, i * 100 + j);
		}
	}
	RUN(t, readable);
	th_free(t);
}

static void test_permissions_owner_and_modes(void **state)
{
	static const struct xstep steps[] = {
		{ XSET, "/c", "user.o", "1", .who = NOBODY },
		{ XSET, "/c/cgroup.procs", "user.o", "1", .who = NOBODY },
		{ XSET, "/c", "trusted.o", "1", .who = NOBODY, .err = -EPERM },
		{ XRM, "/c", "user.o", .who = NOBODY },
		{ XSET, "/c", "user.o", "2", .who = NOBODY },
	};
	static const struct xstep mode0[] = {
		{ XGET, "/c", "user.o", .who = NOBODY, .err = -EACCES },
		{ XSET, "/c", "user.o", "3", .who = NOBODY, .err = -EACCES },
		{ XLIST, "/c", .who = NOBODY, .out = "user.o" },           /* no check */
		{ XLIST, "/c/cgroup.procs", .who = NOBODY, .err = -EACCES }, /* path lookup */
		{ XGET, "/c", "user.o", .out = "2" },                      /* DAC override */
		{ XSET, "/c", "user.o", "3" },
		{ XSET, "/c/cgroup.procs", "user.o", "3" },
	};
	struct th *t = new_v2();

	(void)state;
	assert_int_equal(ucg_chown(t->m, "/c", 65534, 65534, &t->root), 0);
	assert_int_equal(ucg_chown(t->m, "/c/cgroup.procs", 65534, 65534, &t->root), 0);
	RUN(t, steps);
	assert_int_equal(ucg_chmod(t->m, "/c", 0, &t->root), 0);
	assert_int_equal(ucg_chmod(t->m, "/c/cgroup.procs", 0, &t->root), 0);
	RUN(t, mode0);
	th_free(t);
}

static void test_sticky_dir(void **state)
{
	static const struct xstep steps[] = {
		{ XSET, "/c", "user.o", "1" },
		{ XSET, "/c", "user.s", "1", .who = NOBODY, .err = -EPERM },
		{ XGET, "/c", "user.o", .who = NOBODY, .out = "1" },
		{ XRM, "/c", "user.o", .who = NOBODY, .err = -EPERM },
		{ XSET, "/c", "foo.x", "1", .who = NOBODY, .err = -EOPNOTSUPP },
		{ XSET, "/c", "user.s", "1" },                                 /* root may */
		{ XSET, "/c/cgroup.procs", "user.s", "1", .who = NOBODY, .err = -EACCES },
	};
	static const struct xstep not_sticky[] = {
		{ XSET, "/c", "user.s", "2", .who = NOBODY },
		{ XSET, "/c", "foo.x", "1", .who = NOBODY, .err = -EOPNOTSUPP },
		{ XSET, "/c", "user.", "1", .who = NOBODY, .err = -EINVAL },
		{ XRM, "/c", "user.o", .who = NOBODY },
		{ XRM, "/c", "user.o", .who = NOBODY, .err = -ENODATA },
	};
	struct th *t = new_v2();

	(void)state;
	assert_int_equal(ucg_chmod(t->m, "/c", 01777, &t->root), 0);
	RUN(t, steps);
	assert_int_equal(ucg_chmod(t->m, "/c", 0777, &t->root), 0);
	RUN(t, not_sticky);
	th_free(t);
}

static void test_search_permission(void **state)
{
	struct th *t = new_v2();

	(void)state;
	assert_int_equal(th_mkdir_p(t->m, "/c/d", &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/d", "user.x", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_chmod(t->m, "/c", 0700, &t->root), 0);
	assert_int_equal(ucg_getxattr(t->m, "/c/d", "user.x", NULL, 0, &nobody), -EACCES);
	assert_int_equal(ucg_listxattr(t->m, "/c/d", NULL, 0, &nobody), -EACCES);
	assert_int_equal(ucg_getxattr(t->m, "/c", "user.x", NULL, 0, &nobody), -EACCES);
	assert_int_equal(ucg_listxattr(t->m, "/c", NULL, 0, &nobody), 0);
	th_free(t);
}

/* ---- security.capability ----------------------------------------------------------- */

#define CAPS_V2 "\x00\x00\x00\x02\x00\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
#define CAPS_V2_EFF "\x01\x00\x00\x02\x00\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
#define CAPS_V3(root) \
	"\x01\x00\x00\x03\x00\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" root

static void test_security_capability(void **state)
{
	static const struct {
		const char *value;
		size_t size;
		int err;
		const char *want; /* read back (NULL: as written) */
		size_t want_size;
	} steps[] = {
		{ CAPS_V2, 20 },
		{ CAPS_V2_EFF, 20 },
		{ CAPS_V3("\xe8\x03\x00\x00"), 24 },                     /* root id 1000: kept */
		{ CAPS_V3("\x00\x00\x00\x00"), 24, 0, CAPS_V2_EFF, 20 }, /* root id 0: as v2 */
		{ CAPS_V3("\xff\xff\xff\xff"), 24, -EINVAL },
		{ CAPS_V3("\x00\x00\x00\x00"), 20, -EINVAL },            /* v3 magic, v2 size */
		{ "\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
		  "\x00\x00\x00\x00", 24, -EINVAL },
		{ "\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00", 12, -EINVAL },
		{ "junk", 4, -EINVAL },
	};
	struct th *t = new_v2();
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const char *want = steps[i].want ? steps[i].want : steps[i].value;
		size_t want_size = steps[i].want ? steps[i].want_size : steps[i].size;
		int ret = ucg_setxattr(t->m, "/c", "security.capability", steps[i].value,
				       steps[i].size, 0, &t->root);

		if (ret != steps[i].err)
			fail_msg("step %zu: got %d, want %d", i, ret, steps[i].err);
		if (ret)
			continue;
		assert_int_equal(ucg_getxattr(t->m, "/c", "security.capability", buf, sizeof(buf),
					      &nobody), want_size);
		assert_memory_equal(buf, want, want_size);
	}
	assert_int_equal(ucg_setxattr(t->m, "/c", "security.capability", CAPS_V2, 20,
				      XATTR_CREATE, &t->root), -EEXIST);
	assert_int_equal(ucg_setxattr(t->m, "/c", "security.capability", CAPS_V2, 20, 0, &nobody),
			 -EPERM);
	assert_int_equal(ucg_setxattr(t->m, "/c", "security.capability", "junk", 4, 0, &nobody),
			 -EINVAL);
	assert_int_equal(ucg_removexattr(t->m, "/c", "security.capability", &nobody), -EPERM);
	assert_int_equal(ucg_removexattr(t->m, "/c", "security.capability", &t->root), 0);
	assert_int_equal(ucg_removexattr(t->m, "/c", "security.capability", &t->root), -ENODATA);
	assert_int_equal(ucg_removexattr(t->m, "/c", "security.capability", &nobody), -EPERM);
	/* an empty value: anyone may set it, nobody can read it */
	assert_int_equal(ucg_setxattr(t->m, "/c", "security.capability", NULL, 0, 0, &nobody), 0);
	assert_int_equal(ucg_getxattr(t->m, "/c", "security.capability", NULL, 0, &t->root),
			 -EINVAL);
	assert_int_equal(ucg_listxattr(t->m, "/c", buf, sizeof(buf), &nobody),
			 sizeof("security.capability"));
	/* chown drops a file's security.capability, not a directory's */
	assert_int_equal(ucg_setxattr(t->m, "/c/cgroup.type", "security.capability", CAPS_V2, 20,
				      0, &t->root), 0);
	assert_int_equal(ucg_chmod(t->m, "/c/cgroup.type", 0600, &t->root), 0);
	assert_int_equal(ucg_getxattr(t->m, "/c/cgroup.type", "security.capability", NULL, 0,
				      &t->root), 20);
	assert_int_equal(ucg_chown(t->m, "/c/cgroup.type", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_getxattr(t->m, "/c/cgroup.type", "security.capability", NULL, 0,
				      &t->root), -ENODATA);
	assert_int_equal(ucg_chown(t->m, "/c", 1000, 1000, &t->root), 0);
	assert_int_equal(ucg_listxattr(t->m, "/c", NULL, 0, &t->root),
			 sizeof("security.capability"));
	th_free(t);
}

/* ---- lifetime and memory --------------------------------------------------------- */

static void test_gone_with_rmdir(void **state)
{
	struct th *t = th_new("cgroup2", NULL);
	struct ucg_counters before, after;
	char big[4096] = "";

	(void)state;
	ucg_get_counters(t->ucg, &before);
	assert_int_equal(th_mkdir_p(t->m, "/c/d", &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/d", "user.keep", big, sizeof(big), 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/d", "trusted.keep", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/d/cgroup.procs", "user.f", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.c", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/cgroup.type", "security.x", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_rmdir(t->m, "/c/d", &t->root), 0);
	assert_int_equal(ucg_mkdir(t->m, "/c/d", 0755, &t->root), 0);
	assert_int_equal(ucg_listxattr(t->m, "/c/d", NULL, 0, &t->root), 0);
	assert_int_equal(ucg_listxattr(t->m, "/c/d/cgroup.procs", NULL, 0, &t->root), 0);
	assert_int_equal(ucg_getxattr(t->m, "/c/d", "user.keep", NULL, 0, &t->root), -ENODATA);
	assert_int_equal(ucg_rmdir(t->m, "/c/d", &t->root), 0);
	assert_int_equal(ucg_rmdir(t->m, "/c", &t->root), 0);
	ucg_get_counters(t->ucg, &after);
	assert_int_equal(after.bytes_in_use, before.bytes_in_use);
	th_free(t);
}

/* A removed attribute gives its memory back, a file's record included. */
static void test_remove_frees(void **state)
{
	struct th *t = new_v2();
	struct ucg_counters before, after;

	(void)state;
	ucg_get_counters(t->ucg, &before);
	assert_int_equal(ucg_setxattr(t->m, "/c/cgroup.procs", "user.a", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.a", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.a", "22", 2, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/cgroup.type", "user.b", "1", 1, XATTR_REPLACE,
				      &t->root), -ENODATA);
	assert_int_equal(ucg_removexattr(t->m, "/c/cgroup.procs", "user.a", &t->root), 0);
	assert_int_equal(ucg_removexattr(t->m, "/c", "user.a", &t->root), 0);
	ucg_get_counters(t->ucg, &after);
	assert_int_equal(after.bytes_in_use, before.bytes_in_use);
	th_free(t);
}

/* Disabling a controller removes its files, and their attributes with them. */
static void test_gone_with_controller_files(void **state)
{
	struct th *t = new_v2();
	struct ucg_counters before, after;

	(void)state;
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	ucg_get_counters(t->ucg, &before);
	assert_int_equal(ucg_setxattr(t->m, "/c/pids.max", "user.p", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/pids.max", "trusted.p", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/c/cgroup.procs", "user.p", "1", 1, 0, &t->root), 0);
	th_assert_write(t, "/cgroup.subtree_control", "-pids", 0);
	assert_int_equal(ucg_listxattr(t->m, "/c/pids.max", NULL, 0, &t->root), -ENOENT);
	th_assert_write(t, "/cgroup.subtree_control", "+pids", 0);
	assert_int_equal(ucg_listxattr(t->m, "/c/pids.max", NULL, 0, &t->root), 0);
	assert_int_equal(ucg_listxattr(t->m, "/c/cgroup.procs", NULL, 0, &t->root), 7);
	assert_int_equal(ucg_removexattr(t->m, "/c/cgroup.procs", "user.p", &t->root), 0);
	ucg_get_counters(t->ucg, &after);
	assert_int_equal(after.bytes_in_use, before.bytes_in_use);
	th_free(t);
}

static void test_enomem(void **state)
{
	struct th *t = new_v2();
	struct ucg_counters before, after;
	char buf[8];

	(void)state;
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.a", "1", 1, 0, &t->root), 0);
	ucg_get_counters(t->ucg, &before);
	ucg_debug_fail_alloc(t->ucg, 1);
	assert_int_equal(ucg_setxattr(t->m, "/c", "user.a", "2", 1, 0, &t->root), -ENOMEM);
	ucg_debug_fail_alloc(t->ucg, 1);
	assert_int_equal(ucg_setxattr(t->m, "/c/cgroup.procs", "user.a", "2", 1, 0, &t->root),
			 -ENOMEM);
	ucg_debug_fail_alloc(t->ucg, 2);
	assert_int_equal(ucg_setxattr(t->m, "/c/cgroup.procs", "user.a", "2", 1, 0, &t->root),
			 -ENOMEM);
	ucg_debug_fail_alloc(t->ucg, 0);
	ucg_get_counters(t->ucg, &after);
	assert_int_equal(after.bytes_in_use, before.bytes_in_use);
	assert_int_equal(ucg_getxattr(t->m, "/c", "user.a", buf, sizeof(buf), &t->root), 1);
	assert_int_equal(buf[0], '1');
	assert_int_equal(ucg_listxattr(t->m, "/c/cgroup.procs", NULL, 0, &t->root), 0);
	th_free(t);
}

/* v1 hierarchies are kernfs too; the root's attributes go with the hierarchy. */
static void test_v1(void **state)
{
	struct th *t = th_new("cgroup", "none,name=x");

	(void)state;
	assert_int_equal(th_mkdir_p(t->m, "/a", &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/a", "user.a", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/a/tasks", "trusted.a", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/", "user.r", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_setxattr(t->m, "/tasks", "user.r", "1", 1, 0, &t->root), 0);
	assert_int_equal(ucg_getxattr(t->m, "/a/tasks", "trusted.a", NULL, 0, &nobody), -ENODATA);
	assert_int_equal(ucg_getxattr(t->m, "/a/tasks", "trusted.a", NULL, 0, &t->root), 1);
	th_free(t); /* valgrind/ASan: nothing leaks */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_name_and_value_limits),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_sizes_and_order),
		cmocka_unit_test(test_list_too_big),
		cmocka_unit_test(test_user_count_limit),
		cmocka_unit_test(test_user_size_limit),
		cmocka_unit_test(test_permissions_unprivileged),
		cmocka_unit_test(test_permissions_owner_and_modes),
		cmocka_unit_test(test_sticky_dir),
		cmocka_unit_test(test_search_permission),
		cmocka_unit_test(test_security_capability),
		cmocka_unit_test(test_gone_with_rmdir),
		cmocka_unit_test(test_remove_frees),
		cmocka_unit_test(test_gone_with_controller_files),
		cmocka_unit_test(test_enomem),
		cmocka_unit_test(test_v1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
