// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tree_helpers.c - fixtures shared by the tree/lifetime/v1 unit tests
 * (see tests/tree_helpers.h).
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

#include "tree_helpers.h"

struct tt *tt_new(const char *fstype, const char *options)
{
	struct tt *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->root = UCG_CRED_ROOT;
	t->user = (struct ucg_cred){ .uid = 1000, .gid = 1000 };
	t->other = (struct ucg_cred){ .uid = 2000, .gid = 2000 };
	t->ucg = ucg_new_sim();
	assert_non_null(t->ucg);
	if (fstype)
		assert_int_equal(ucg_mount(t->ucg, fstype, options, &t->root, &t->m), 0);
	return t;
}

void tt_free(struct tt *t)
{
	if (!t)
		return;
	if (t->m)
		ucg_umount(t->m);
	ucg_destroy(t->ucg);
	free(t);
}

int tt_move(struct ucg_mount *m, const char *cg, const char *file, pid_t pid,
	    const struct ucg_cred *cred)
{
	char path[512], buf[32];
	ssize_t ret;

	snprintf(path, sizeof(path), "%s/%s", strcmp(cg, "/") ? cg : "", file);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	ret = tt_write(m, path, buf, cred);
	if (ret < 0)
		return (int)ret;
	return ret == (ssize_t)strlen(buf) ? 0 : -EIO;
}

pid_t tt_fork(struct tt *t, uid_t uid)
{
	pid_t pid = 0;

	assert_int_equal(ucg_sim_fork(t->ucg, 0, uid, &pid), 0);
	assert_true(pid > 0);
	return pid;
}

pid_t tt_thread(struct tt *t, pid_t pid)
{
	pid_t tid = 0;

	assert_int_equal(ucg_sim_clone_thread(t->ucg, pid, &tid), 0);
	assert_true(tid > 0);
	return tid;
}

pid_t tt_spawn(struct tt *t, struct ucg_mount *m, const char *cg)
{
	pid_t pid = tt_fork(t, 0);
	int ret = tt_move(m, cg, "cgroup.procs", pid, &t->root);

	if (ret)
		fail_msg("move %d into %s: %s", (int)pid, cg, tt_errname(ret));
	return pid;
}

const char *tt_errname(long err)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EIO, "EIO" },
		{ E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
		{ ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" }, { ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ EOPNOTSUPP, "EOPNOTSUPP" },
	};
	static __thread char buf[32];
	size_t i;

	if (err >= 0)
		return "OK";
	for (i = 0; i < TT_ARRAY_SIZE(names); i++) {
		if (-err == names[i].e)
			return names[i].name;
	}
	snprintf(buf, sizeof(buf), "errno %ld", -err);
	return buf;
}

void tt_assert_ret_at(long got, long expect, const char *what, const char *file, int line)
{
	if (got == expect)
		return;
	print_error("%s: got %ld (%s), expected %ld (%s)\n", what, got, tt_errname(got),
		    expect, tt_errname(expect));
	_fail(file, line);
}

void tt_assert_str_at(const char *got, const char *expect, const char *what,
		      const char *file, int line)
{
	if (got && !strcmp(got, expect))
		return;
	print_error("%s: got \"%s\", expected \"%s\"\n", what, got ? got : "(null)", expect);
	_fail(file, line);
}

void tt_assert_proc_cgroup_at(struct ucg *ucg, pid_t pid, const char *expect,
			      const char *file, int line)
{
	char *out = NULL;
	int ret = ucg_proc_pid_cgroup(ucg, pid, &out);

	if (ret < 0) {
		print_error("/proc/%d/cgroup: %s\n", (int)pid, tt_errname(ret));
		_fail(file, line);
	}
	if (!out || strcmp(out, expect)) {
		print_error("/proc/%d/cgroup: got \"%s\", expected \"%s\"\n", (int)pid,
			    out ? out : "(null)", expect);
		free(out);
		_fail(file, line);
	}
	free(out);
}

/* Expand "$N" in @in with pids[N] into @out. */
static const char *tt_expand(const char *in, const pid_t *pids, char *out, size_t len)
{
	size_t o = 0;

	if (!in)
		return NULL;
	for (; *in && o + 1 < len; in++) {
		if (in[0] == '$' && in[1] >= '0' && in[1] <= '9' && pids) {
			o += (size_t)snprintf(out + o, len - o, "%d", (int)pids[in[1] - '0']);
			in++;
		} else {
			out[o++] = *in;
		}
	}
	out[o < len ? o : len - 1] = '\0';
	return out;
}

static pid_t tt_pid_arg(const char *s)
{
	return (pid_t)strtol(s, NULL, 10);
}

void tt_run_at(struct tt *t, struct ucg_mount *m, const struct tt_step *steps, size_t n,
	       const pid_t *pids, const char *file, int line)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct tt_step *s = &steps[i];
		const struct ucg_cred *cred = s->cred ? s->cred : &t->root;
		char path[1024], arg[4096], what[1200];
		const char *p = tt_expand(s->path, pids, path, sizeof(path));
		const char *a = tt_expand(s->arg, pids, arg, sizeof(arg));
		char *got = NULL;
		long ret = 0, expect = s->err;
		int err;

		snprintf(what, sizeof(what), "step %zu (%s)", i, p ? p : "");
		switch (s->op) {
		case TT_W:
			ret = tt_write(m, p, a, cred);
			if (!expect)
				expect = (long)strlen(a);
			break;
		case TT_R:
			got = tt_read(m, p, cred, &err);
			if (s->err || !got) {
				free(got);
				ret = err;
				break;
			}
			if (strcmp(got, a)) {
				print_error("%s: read \"%s\", expected \"%s\"\n", what, got, a);
				free(got);
				_fail(file, line);
			}
			free(got);
			break;
		case TT_MKDIR:
			ret = ucg_mkdir(m, p, 0755, cred);
			break;
		case TT_RMDIR:
			ret = ucg_rmdir(m, p, cred);
			break;
		case TT_EXIT:
			ret = ucg_sim_exit_group(t->ucg, tt_pid_arg(a));
			break;
		case TT_EXIT1:
			ret = ucg_sim_exit(t->ucg, tt_pid_arg(a));
			break;
		case TT_REAP:
			ret = ucg_sim_reap(t->ucg, tt_pid_arg(a));
			break;
		case TT_PROC:
			ret = ucg_proc_pid_cgroup(t->ucg, tt_pid_arg(p), &got);
			if (ret >= 0 && strcmp(got, a)) {
				print_error("%s: /proc/PID/cgroup \"%s\", expected \"%s\"\n", what,
					    got, a);
				free(got);
				_fail(file, line);
			}
			free(got);
			ret = ret < 0 ? ret : 0;
			break;
		}
		if (ret != expect) {
			print_error("%s: got %ld (%s), expected %ld (%s)\n", what, ret,
				    tt_errname(ret), expect, tt_errname(expect));
			_fail(file, line);
		}
	}
}

long long tt_keyed_at(struct ucg_mount *m, const char *path, const char *key,
		      const char *file, int line)
{
	int err;
	char *s = tt_read(m, path, &UCG_CRED_ROOT, &err), *p;
	size_t klen = strlen(key);
	long long v;

	if (!s) {
		print_error("read %s: %s\n", path, tt_errname(err));
		_fail(file, line);
	}
	for (p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, key, klen) && p[klen] == ' ') {
			v = strtoll(p + klen + 1, NULL, 10);
			free(s);
			return v;
		}
	}
	print_error("%s: no key %s in \"%s\"\n", path, key, s);
	free(s);
	_fail(file, line);
	return -1;
}
