/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ucg.h - the public interface of libucg, the userspace cgroup engine.
 *
 * One `struct ucg` owns a whole cgroup world: the v2 unified hierarchy, any
 * number of v1 hierarchies, the tasks, and the controllers' state.  It is
 * reached the way the kernel's cgroupfs is reached: mount a hierarchy
 * (ucg_mount, like mount -t cgroup2 / -t cgroup -o ...), then mkdir, rmdir,
 * rename, open, read and write interface files by path.  Every call returns
 * 0 (or a byte count) on success and a negative errno on failure, with the
 * errno the kernel returns for the same operation.
 *
 * Tasks come from a host backend: `host-sim` (virtual, deterministic tasks,
 * driven by the ucg_sim_* calls below) or, later, host-linux (real processes).
 *
 * Locking: every call takes the engine's locks itself; all may block briefly
 * on them.  Calls on different engines never interfere.
 */
#ifndef UCG_UCG_H
#define UCG_UCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ucg;       /* the engine */
struct ucg_mount; /* a mounted hierarchy: the v2 one or one v1 hierarchy */
struct ucg_file;  /* an open interface file */

/* Capabilities a caller may hold (a subset of the kernel's). */
#define UCG_CAP_DAC_OVERRIDE (1u << 0) /* bypass file mode checks */
#define UCG_CAP_SYS_ADMIN (1u << 1)    /* new v1 hierarchies, release_agent */
#define UCG_CAP_SYS_RESOURCE (1u << 2) /* resource-limit overrides */
#define UCG_CAP_ALL (UCG_CAP_DAC_OVERRIDE | UCG_CAP_SYS_ADMIN | UCG_CAP_SYS_RESOURCE)

/*
 * Who is calling.  For an open file the engine keeps the opener's copy and
 * judges permissions with it (as the kernel uses f_cred); @tid names the
 * calling thread and is what `0` means in cgroup.procs, cgroup.threads, tasks.
 */
struct ucg_cred {
	uid_t uid;            /* fsuid (also the euid for v1 attach) */
	gid_t gid;            /* fsgid */
	const gid_t *groups;  /* supplementary groups, may be NULL */
	size_t ngroups;
	pid_t tid;            /* calling thread, 0 if not a task of this engine */
	unsigned int caps;    /* UCG_CAP_* */
};

/* A privileged caller that is not itself a task (tests, tools). */
#define UCG_CRED_ROOT ((struct ucg_cred){ .uid = 0, .gid = 0, .caps = UCG_CAP_ALL })

/* ---- engine ---------------------------------------------------------- */

/* Create an engine whose tasks are simulated (host-sim).  NULL on ENOMEM. */
struct ucg *ucg_new_sim(void);
/*
 * Create an engine whose tasks are this host's real processes (host-linux).
 * Every process starts in the root cgroups; a process is adopted (tracked by
 * pidfd) the first time the engine meets its PID (a write to cgroup.procs,
 * /proc/PID/cgroup), and forgotten when it exits.  Runs a monitor thread.
 * NULL on failure (errno set).
 */
struct ucg *ucg_new_linux(void);
/* Destroy an engine and everything it owns (open files must be closed). */
void ucg_destroy(struct ucg *ucg);

/* Engine object counts, for leak checks and benchmarks. */
struct ucg_counters {
	uint64_t nr_cgroups;      /* allocated cgroups, roots and dying ones included */
	uint64_t nr_dying;        /* removed but still referenced */
	uint64_t nr_css;          /* allocated css, self css excluded */
	uint64_t nr_css_sets;     /* css_sets alive */
	uint64_t nr_tasks;        /* tasks known, zombies included */
	uint64_t nr_hierarchies;  /* v1 hierarchies alive (v2 not counted) */
	uint64_t bytes_in_use;    /* engine allocations currently live */
};
void ucg_get_counters(struct ucg *ucg, struct ucg_counters *out);

/* Change notification: called when the content of a notifying file (cgroup.events,
 * controllers' *.events) changed.  @hier_id is the hierarchy id (0 = v2),
 * @cgroup_id the cgroup's id (ucg_stat.cgroup_id), @ino the file's inode
 * number (ucg_stat.ino), @file the file's name.
 * Called with engine locks held: it must not call back into the engine.
 * The kernel rate-limits notifications to one per 10 ms per file; that is the
 * frontend's job (ucgd), the engine reports every change. */
typedef void (*ucg_notify_fn)(void *arg, int hier_id, uint64_t cgroup_id, uint64_t ino,
			      const char *file);
void ucg_set_notify(struct ucg *ucg, ucg_notify_fn fn, void *arg);

/* Allocation-failure injection for tests: the @nth engine allocation from now
 * fails with ENOMEM (1 = the next one); 0 disables. */
void ucg_debug_fail_alloc(struct ucg *ucg, long nth);

/* Hook-failure injection for tests: from now on, controller @controller's
 * @hook ("can_attach" or "can_fork") refuses with @err (negative errno) instead
 * of running; @err 0 clears it.  Return: 0, -EINVAL unknown name or hook. */
int ucg_debug_fail_hook(struct ucg *ucg, const char *controller, const char *hook, int err);

/* ---- hierarchies ----------------------------------------------------- */

/*
 * ucg_mount - mount a hierarchy, as mount(2) does for cgroupfs.
 * @fstype: "cgroup2" or "cgroup".
 * @options: the -o string ("memory,pids", "none,name=x", "nsdelegate"), may be NULL.
 * Return: 0 and *@out; -EINVAL bad options, -EBUSY a controller is bound
 * elsewhere or in use on v2, -EPERM missing capability, -ENODEV bad fstype.
 */
int ucg_mount(struct ucg *ucg, const char *fstype, const char *options,
	      const struct ucg_cred *cred, struct ucg_mount **out);
/* Remount with new options.  -EBUSY if the hierarchy has children, -EINVAL. */
int ucg_remount(struct ucg_mount *m, const char *options, const struct ucg_cred *cred);
/* Unmount; a v1 hierarchy without children is destroyed and its controllers go
 * back to v2. */
void ucg_umount(struct ucg_mount *m);
/* Hierarchy id of a mount: 0 for v2, 1.. for v1. */
int ucg_mount_hier_id(const struct ucg_mount *m);

/* ---- tree ------------------------------------------------------------ */

/* Paths are relative to the mount's root: "/" or "" is the root, "/a/b". */

/* Attributes of a cgroup directory or interface file. */
struct ucg_stat {
	bool is_dir;
	mode_t mode;          /* permission bits only (0755, 0644, 0444, 0200) */
	uid_t uid;
	gid_t gid;
	uint64_t ino;         /* unique in the hierarchy, stable for the object's life */
	uint64_t cgroup_id;   /* the cgroup (itself or the file's) */
};

int ucg_mkdir(struct ucg_mount *m, const char *path, mode_t mode, const struct ucg_cred *cred);
int ucg_rmdir(struct ucg_mount *m, const char *path, const struct ucg_cred *cred);
int ucg_rename(struct ucg_mount *m, const char *from, const char *to, const struct ucg_cred *cred);
int ucg_stat(struct ucg_mount *m, const char *path, struct ucg_stat *st);
int ucg_chown(struct ucg_mount *m, const char *path, uid_t uid, gid_t gid, const struct ucg_cred *cred);
int ucg_chmod(struct ucg_mount *m, const char *path, mode_t mode, const struct ucg_cred *cred);

/*
 * Extended attributes of a cgroup directory or interface file, as cgroupfs
 * keeps them (kernfs): user.*, trusted.* and security.*; other namespaces are
 * -EOPNOTSUPP.  trusted.* needs UCG_CAP_SYS_ADMIN (invisible without it),
 * user.* the file's write (set, remove) or read (get) permission, at most 128
 * of them and 128 KiB of values per file (-ENOSPC).  They go with the cgroup,
 * and with a controller's files when the controller is disabled.
 */
/* Set @name to @size bytes of @value.  @flags: 0, XATTR_CREATE (-EEXIST if it
 * exists) or XATTR_REPLACE (-ENODATA if not) from <sys/xattr.h>. */
int ucg_setxattr(struct ucg_mount *m, const char *path, const char *name, const void *value,
		 size_t size, int flags, const struct ucg_cred *cred);
/* The value's length, copied to @value if @size > 0 (-ERANGE if too small);
 * -ENODATA if @name is not set. */
ssize_t ucg_getxattr(struct ucg_mount *m, const char *path, const char *name, void *value,
		     size_t size, const struct ucg_cred *cred);
/* The NUL-separated names @cred may see; length as ucg_getxattr. */
ssize_t ucg_listxattr(struct ucg_mount *m, const char *path, char *list, size_t size,
		      const struct ucg_cred *cred);
/* Remove @name: 0, -ENODATA if not set. */
int ucg_removexattr(struct ucg_mount *m, const char *path, const char *name,
		    const struct ucg_cred *cred);
/* Unlink of an interface file or create of a new file: the kernel's errno (EPERM, EACCES). */
int ucg_unlink(struct ucg_mount *m, const char *path, const struct ucg_cred *cred);
int ucg_create(struct ucg_mount *m, const char *path, const struct ucg_cred *cred);

/*
 * ucg_ino_path - the path (from the mount's root) of the directory or file
 * with inode number @ino (ucg_stat.ino) in @m's hierarchy.
 * Return: the path's length, -ENOENT if it no longer exists (removed cgroup,
 * hidden controller file), -ENAMETOOLONG.
 */
int ucg_ino_path(struct ucg_mount *m, uint64_t ino, char *buf, size_t len);
/* The inode number of the mount's root directory. */
uint64_t ucg_root_ino(const struct ucg_mount *m);

/* Call @fn for every entry of directory @path: child cgroups, then files.
 * A non-zero return from @fn stops the walk and is returned.  @fn runs with
 * the engine locked: it must not call the engine. */
typedef int (*ucg_dirent_fn)(void *arg, const char *name, const struct ucg_stat *st);
int ucg_readdir(struct ucg_mount *m, const char *path, ucg_dirent_fn fn, void *arg);

/* ---- interface files ------------------------------------------------- */

/*
 * ucg_open - open an interface file.
 * @flags: O_RDONLY, O_WRONLY or O_RDWR.  The mode bits are checked against
 * @cred (which the file keeps, as the kernel keeps f_cred).
 * Return: 0, -ENOENT, -EACCES, -ENOTDIR, -EISDIR.
 */
int ucg_open(struct ucg_mount *m, const char *path, int flags, const struct ucg_cred *cred,
	     struct ucg_file **out);
/* Read from a rendering of the file; a read at offset 0 renders it afresh, other
 * offsets read the rendering of the last offset-0 read.  -EINVAL for a file
 * without a read handler, -ENODEV once the cgroup was removed, -EBADF if
 * opened O_WRONLY. */
ssize_t ucg_read(struct ucg_file *f, char *buf, size_t size, off_t off);
/* Write one buffer to the file's handler.  @writer is the writing thread (for
 * `0` in cgroup.procs); NULL means the opener.  Returns @size or -errno
 * (-EBADF if opened O_RDONLY, -E2BIG over the file's limit, -ENODEV once the
 * cgroup was removed, -EINVAL for a file without a write handler). */
ssize_t ucg_write(struct ucg_file *f, const char *buf, size_t size, const struct ucg_cred *writer);
void ucg_close(struct ucg_file *f);
/* The whole rendering of an open file (at offset 0), NUL-terminated, valid until
 * the next read at offset 0 or close; NULL and *err set on failure. */
const char *ucg_file_content(struct ucg_file *f, int *err);

/* Conveniences: open, read everything or write once, close. *out is malloc'd. */
int ucg_read_file(struct ucg_mount *m, const char *path, const struct ucg_cred *cred, char **out);
int ucg_write_file(struct ucg_mount *m, const char *path, const char *s, const struct ucg_cred *cred);

/* ---- /proc views ----------------------------------------------------- */

/* /proc/cgroups.  *out is malloc'd. */
int ucg_proc_cgroups(struct ucg *ucg, char **out);
/* /proc/PID/cgroup of task @pid.  -ESRCH if unknown.  *out is malloc'd. */
int ucg_proc_pid_cgroup(struct ucg *ucg, pid_t pid, char **out);

/* ---- release agent (v1 notify_on_release) ---------------------------- */

/* Called when a v1 cgroup with notify_on_release becomes released, with the
 * hierarchy's release_agent and the cgroup's path; the host runs it. */
typedef void (*ucg_release_fn)(void *arg, const char *agent, const char *path);
void ucg_set_release_agent_fn(struct ucg *ucg, ucg_release_fn fn, void *arg);

/* ---- host-sim: simulated tasks --------------------------------------- */

/*
 * ucg_sim_fork - a new simulated process, child of @parent (0: a process of
 * the init task, in every hierarchy's root).  It starts in its parent's cgroups.
 * @uid is its real and saved uid.  Return: 0 and *@pid, -EAGAIN if a
 * controller refuses the fork (pids.max), -ESRCH unknown or exited parent,
 * -EINTR if the parent was sent SIGKILL (it is dying).
 */
int ucg_sim_fork(struct ucg *ucg, pid_t parent, uid_t uid, pid_t *pid);
/* A new thread in @pid's thread group, in the cgroups of thread @pid. */
int ucg_sim_clone_thread(struct ucg *ucg, pid_t pid, pid_t *tid);
/* Thread @tid exits.  A non-leader thread is released at once; the leader
 * stays a zombie (listed while other threads live) until ucg_sim_reap(). */
int ucg_sim_exit(struct ucg *ucg, pid_t tid);
/* Every thread of @pid's group exits (the leader becomes a zombie). */
int ucg_sim_exit_group(struct ucg *ucg, pid_t pid);
/* Reap zombie process @pid once all its threads have exited. -EBUSY otherwise. */
int ucg_sim_reap(struct ucg *ucg, pid_t pid);

enum ucg_sim_state {
	UCG_SIM_RUNNING,
	UCG_SIM_FROZEN,   /* stopped by the freezer */
	UCG_SIM_ZOMBIE,   /* exited, not reaped */
};
/* State of a simulated thread, -ESRCH if unknown. */
int ucg_sim_state(struct ucg *ucg, pid_t tid);
/* Number of signals @sig the host has delivered to @tid (e.g. SIGKILL). */
int ucg_sim_signals(struct ucg *ucg, pid_t tid, int sig);
/* Let the freezer's stop requests take effect only when ucg_sim_settle() is
 * called (true), or at once (false, the default). */
void ucg_sim_set_lazy_freeze(struct ucg *ucg, bool lazy);
/* Apply pending freeze/thaw requests. */
void ucg_sim_settle(struct ucg *ucg);
/* Advance the simulated clock by @ns nanoseconds. */
void ucg_sim_advance(struct ucg *ucg, uint64_t ns);
/*
 * ucg_sim_run - thread @tid used @user_ns of CPU in user mode and @system_ns
 * in the kernel, now (the clock does not move).  Charged to its cgroups:
 * cpu.stat of its v2 cgroup and ancestors, cpuacct, and the cpu controller's
 * quota of the current period (which may throttle them, see ucg_cpu_throttled()).
 * Return: 0, -ESRCH unknown or exited thread.
 */
int ucg_sim_run(struct ucg *ucg, pid_t tid, uint64_t user_ns, uint64_t system_ns);
/*
 * ucg_sim_io - thread @tid issues one I/O of @bytes bytes to whole disk
 * @major:@minor (see ucg_io_register_device()), @rw 0 read, 1 write,
 * 2 discard, now.  Counted in its io cgroup and every ancestor (io.stat; v1
 * blkio.throttle.io_service_*) and throttled by io.max of its cgroup and
 * every ancestor (v1: its own blkio.throttle.*_device only).
 * Return: the nanoseconds it must wait before being issued (0: at once);
 * -ENODEV unknown device or a partition; -EINVAL bad @rw; -ESRCH unknown or
 * exited thread; -ENOMEM.
 */
int64_t ucg_sim_io(struct ucg *ucg, pid_t tid, unsigned int major, unsigned int minor, int rw,
		   uint64_t bytes);

#ifdef __cplusplus
}
#endif

#include "controllers.h"

#endif /* UCG_UCG_H */
