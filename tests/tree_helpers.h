/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tree_helpers.h - fixtures for the tree, delegation, lifetime and v1 tests
 * (test_tree*.c, test_v1*.c): an engine with one mount, writes and reads by
 * path as a given credential, simulated processes, and asserts that report
 * the caller's file and line.  Public API only.  Include after <cmocka.h>.
 * Names start with tt_ so they clash neither with helpers.h (th_) nor with a
 * test file's own statics.
 */
#ifndef UCG_TESTS_TREE_HELPERS_H
#define UCG_TESTS_TREE_HELPERS_H

#include <sys/types.h>

#include <ucg/ucg.h>

#include "helpers.h"

#define TT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* An engine with one mounted hierarchy (@m may be NULL: nothing mounted). */
struct tt {
	struct ucg *ucg;
	struct ucg_mount *m;
	struct ucg_cred root;  /* UCG_CRED_ROOT */
	struct ucg_cred user;  /* uid/gid 1000, no capabilities */
	struct ucg_cred other; /* uid/gid 2000, no capabilities */
};

/* New host-sim engine; mounts @fstype with @options unless @fstype is NULL. */
struct tt *tt_new(const char *fstype, const char *options);
/* Unmount @t->m (if any), destroy the engine, free @t. */
void tt_free(struct tt *t);

/* Plain file I/O is the generic helpers' (helpers.h): write once as the
 * opener, read the whole content. */
#define tt_write th_write
#define tt_write_n th_write_n
#define tt_read th_read
#define tt_assert_read_at th_assert_read_at
#define tt_assert_read_err_at th_assert_read_err_at
#define tt_assert_write_at th_assert_write_at

/* Write the decimal @pid into @cg/@file ("/a", "cgroup.procs") as @cred;
 * 0 on a full write, else -errno. */
int tt_move(struct ucg_mount *m, const char *cg, const char *file, pid_t pid,
	    const struct ucg_cred *cred);
/* A new process (child of init) with real/saved uid @uid; fails the test on error. */
pid_t tt_fork(struct tt *t, uid_t uid);
/* A new thread of process @pid. */
pid_t tt_thread(struct tt *t, pid_t pid);
/* A new uid-0 process moved into @cg of @m through cgroup.procs. */
pid_t tt_spawn(struct tt *t, struct ucg_mount *m, const char *cg);

/* Errno name for messages ("EBUSY", "OK" for >= 0). */
const char *tt_errname(long err);

void tt_assert_ret_at(long got, long expect, const char *what, const char *file, int line);
void tt_assert_str_at(const char *got, const char *expect, const char *what,
		      const char *file, int line);
void tt_assert_proc_cgroup_at(struct ucg *ucg, pid_t pid, const char *expect,
			      const char *file, int line);

/* Content of @path (read as root) is exactly @expect. */
#define tt_assert_read(m, path, expect) \
	tt_assert_read_at((m), (path), &UCG_CRED_ROOT, (expect), __FILE__, __LINE__)
/* Reading @path as root fails with @err (negative errno). */
#define tt_assert_read_err(m, path, err) \
	tt_assert_read_err_at((m), (path), &UCG_CRED_ROOT, (err), __FILE__, __LINE__)
/* Writing @s to @path as @cred gives strlen(@s) if @err == 0, else @err. */
#define tt_assert_write(m, path, s, cred, err) \
	tt_assert_write_at((m), (path), (s), (cred), (err), __FILE__, __LINE__)
/* @got (a return value) equals @expect, naming the two errnos on failure. */
#define tt_assert_ret(got, expect, what) \
	tt_assert_ret_at((long)(got), (long)(expect), (what), __FILE__, __LINE__)
#define tt_assert_str(got, expect, what) \
	tt_assert_str_at((got), (expect), (what), __FILE__, __LINE__)
/* /proc/@pid/cgroup is exactly @expect. */
#define tt_assert_proc_cgroup(ucg, pid, expect) \
	tt_assert_proc_cgroup_at((ucg), (pid), (expect), __FILE__, __LINE__)

/*
 * Scripts: a table of steps run in order against one mount.  In @path and
 * @arg, "$N" (N = 0..9) stands for pids[N].  @cred NULL means root.
 *   TT_W      write @arg to @path; expect @err (0: the full byte count)
 *   TT_R      read @path; expect @arg, or the error @err if non-zero
 *   TT_MKDIR  mkdir @path (mode 0755); expect @err
 *   TT_RMDIR  rmdir @path; expect @err
 *   TT_EXIT   ucg_sim_exit_group(@arg)
 *   TT_EXIT1  ucg_sim_exit(@arg) (one thread)
 *   TT_REAP   ucg_sim_reap(@arg)
 *   TT_PROC   /proc/@path/cgroup is exactly @arg
 */
enum tt_op { TT_W, TT_R, TT_MKDIR, TT_RMDIR, TT_EXIT, TT_EXIT1, TT_REAP, TT_PROC };

struct tt_step {
	enum tt_op op;
	const char *path;
	const char *arg;
	int err;
	const struct ucg_cred *cred;
};

void tt_run_at(struct tt *t, struct ucg_mount *m, const struct tt_step *steps, size_t n,
	       const pid_t *pids, const char *file, int line);
#define tt_run(t, m, steps, pids) \
	tt_run_at((t), (m), (steps), TT_ARRAY_SIZE(steps), (pids), __FILE__, __LINE__)

/* Value of key @key in the flat-keyed file @path (cgroup.stat); fails if absent. */
long long tt_keyed_at(struct ucg_mount *m, const char *path, const char *key,
		      const char *file, int line);
#define tt_keyed(m, path, key) tt_keyed_at((m), (path), (key), __FILE__, __LINE__)

#endif /* UCG_TESTS_TREE_HELPERS_H */
