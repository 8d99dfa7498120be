// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * helpers.c - generic fixtures shared by the unit tests (see helpers.h).
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

#include "helpers.h"

struct th *th_new(const char *fstype, const char *options)
{
	struct th *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->root = UCG_CRED_ROOT;
	t->ucg = ucg_new_sim();
	assert_non_null(t->ucg);
	assert_int_equal(ucg_mount(t->ucg, fstype, options, &t->root, &t->m), 0);
	return t;
}

void th_free(struct th *t)
{
	if (!t)
		return;
	ucg_umount(t->m);
	ucg_destroy(t->ucg);
	free(t);
}

int th_mkdir_p(struct ucg_mount *m, const char *path, const struct ucg_cred *cred)
{
	char buf[4096];
	struct ucg_stat st;
	size_t i, len = strlen(path);
	int ret;

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (ucg_stat(m, buf, &st)) {
			ret = ucg_mkdir(m, buf, 0755, cred);
			if (ret)
				return ret;
		}
		buf[i] = path[i];
	}
	return 0;
}

ssize_t th_write_n(struct ucg_mount *m, const char *path, const char *buf, size_t len,
		   const struct ucg_cred *cred)
{
	struct ucg_file *f;
	ssize_t ret;
	int err = ucg_open(m, path, O_WRONLY, cred, &f);

	if (err)
		return err;
	ret = ucg_write(f, buf, len, NULL);
	ucg_close(f);
	return ret;
}

ssize_t th_write(struct ucg_mount *m, const char *path, const char *s, const struct ucg_cred *cred)
{
	return th_write_n(m, path, s, strlen(s), cred);
}

char *th_read(struct ucg_mount *m, const char *path, const struct ucg_cred *cred, int *err)
{
	char *out = NULL;
	int ret = ucg_read_file(m, path, cred, &out);

	if (err)
		*err = ret;
	if (ret) {
		free(out);
		return NULL;
	}
	return out;
}

pid_t th_spawn(struct th *t, const char *cg)
{
	char path[512], buf[32];
	pid_t pid;

	assert_int_equal(ucg_sim_fork(t->ucg, 0, 0, &pid), 0);
	snprintf(path, sizeof(path), "%s/cgroup.procs", strcmp(cg, "/") ? cg : "");
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	assert_int_equal(th_write(t->m, path, buf, &t->root), (ssize_t)strlen(buf));
	return pid;
}

void th_assert_read_at(struct ucg_mount *m, const char *path, const struct ucg_cred *cred,
		       const char *expect, const char *file, int line)
{
	int err;
	char *got = th_read(m, path, cred, &err);

	if (!got) {
		print_error("read %s: error %d (%s), expected \"%s\"\n", path, err,
			    strerror(-err), expect);
		_fail(file, line);
	}
	if (strcmp(got, expect)) {
		print_error("read %s: got \"%s\", expected \"%s\"\n", path, got, expect);
		free(got);
		_fail(file, line);
	}
	free(got);
}

void th_assert_read_err_at(struct ucg_mount *m, const char *path, const struct ucg_cred *cred,
			   int err, const char *file, int line)
{
	int ret;
	char *got = th_read(m, path, cred, &ret);

	if (got) {
		print_error("read %s: got \"%s\", expected error %d (%s)\n", path, got, err,
			    strerror(-err));
		free(got);
		_fail(file, line);
	}
	if (ret != err) {
		print_error("read %s: error %d (%s), expected %d (%s)\n", path, ret,
			    strerror(-ret), err, strerror(-err));
		_fail(file, line);
	}
}

void th_assert_write_at(struct ucg_mount *m, const char *path, const char *s,
			const struct ucg_cred *cred, int err, const char *file, int line)
{
	ssize_t want = err ? err : (ssize_t)strlen(s);
	ssize_t ret = th_write(m, path, s, cred);

	if (ret != want) {
		print_error("write \"%s\" to %s: got %zd (%s), expected %zd (%s)\n", s, path, ret,
			    ret < 0 ? strerror((int)-ret) : "bytes", want,
			    want < 0 ? strerror((int)-want) : "bytes");
		_fail(file, line);
	}
}
