/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fx.h - the short fixture vocabulary of the controller tests (pids, rdma):
 * `fx` is the generic fixture of helpers.h (an engine, one mount, root
 * credentials) with write/read/mkdir/absence checks on it.  Include after
 * <cmocka.h> and "helpers.h".
 */
#ifndef UCG_TESTS_FX_H
#define UCG_TESTS_FX_H

#include <errno.h>

#define fx th
#define fx_new th_new

static ssize_t wr(struct fx *fx, const char *path, const char *s)
{
	return th_write(fx->m, path, s, &fx->root);
}

#define wr_ok(fx, path, s) th_assert_write((fx), (path), (s), 0)
#define assert_file(fx, path, expect) th_assert_read((fx), (path), (expect))

static void assert_absent(struct fx *fx, const char *path)
{
	struct ucg_stat st;

	assert_int_equal(ucg_stat(fx->m, path, &st), -ENOENT);
}

static void mkdir_ok(struct fx *fx, const char *path)
{
	assert_int_equal(ucg_mkdir(fx->m, path, 0755, &fx->root), 0);
}

#endif /* UCG_TESTS_FX_H */
