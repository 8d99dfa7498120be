/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fs.h - ucgd, the FUSE front of libucg: what its parts share.
 *
 * One daemon owns one engine (struct ucg) and serves several FUSE mounts
 * over it, as the kernel serves several cgroupfs mounts: each `-t ... DIR`
 * of the command line is a struct ucgd_mnt with its own fuse_session and
 * session loop thread; `--proc DIR` adds one more mount that serves the
 * engine's /proc views.
 *
 *   ucgd.c    command line, daemonizing, mounting, signals, clean stop
 *   fs.c      the cgroupfs operations (lookup, open, read, write, mkdir...)
 *   proc.c    the --proc filesystem (cgroups, PID/cgroup, self/cgroup)
 *   notify.c  the worker that runs what request handlers must not do
 *             themselves: poll wake-ups (rate limited as kernfs does) and
 *             cache invalidations
 *
 * Inode numbers are the engine's (ucg_stat.ino), except FUSE_ROOT_ID for
 * the root directory.  Nothing about a cgroup is kept in the daemon: every
 * request resolves its inode to a path (ucg_ino_path) and calls the engine.
 */
#ifndef UCGD_FS_H
#define UCGD_FS_H

#define FUSE_USE_VERSION 312

#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <ucg/ucg.h>

struct ucgd;

enum ucgd_kind {
	UCGD_CGROUP, /* a cgroupfs tree (-t cgroup2 / -t cgroup) */
	UCGD_PROC,   /* the --proc views */
};

/* Open files of one mount by inode, for poll() and change notification. */
#define UCGD_FILE_BUCKETS 256
struct ucgd_file_table {
	pthread_mutex_t lock;            /* protects the lists and each file's poll state */
	struct ucgd_file *bucket[UCGD_FILE_BUCKETS];
};

/* One mount served by the daemon. */
struct ucgd_mnt {
	struct ucgd *d;
	enum ucgd_kind kind;
	const char *fstype;     /* "cgroup2", "cgroup" (UCGD_CGROUP) */
	const char *options;    /* -o as given, may be NULL */
	char *mountpoint;       /* absolute path */
	struct ucg_mount *m;    /* the engine's mount (UCGD_CGROUP) */
	int hier_id;            /* ucg_mount_hier_id(m) */
	uint64_t root_ino;      /* ucg_root_ino(m), served as FUSE_ROOT_ID */
	struct fuse_session *se;
	pthread_t loop;         /* runs fuse_session_loop_mt(se) */
	bool loop_started;
	atomic_bool loop_done;
	struct ucgd_file_table files;
};

/* Where a write may change which files exist (the frontend's cache must follow). */
enum ucgd_scope {
	UCGD_SCOPE_NONE,
	UCGD_SCOPE_SELF,      /* cgroup.pressure hides or shows the cgroup's own files */
	UCGD_SCOPE_CHILDREN,  /* cgroup.subtree_control adds or removes the children's */
};

/* An open interface file: fi->fh. */
struct ucgd_file {
	struct ucg_file *f;
	struct ucgd_mnt *mnt;
	uint64_t ino;             /* engine inode */
	uint64_t dir_ino;         /* engine inode of its cgroup directory */
	enum ucgd_scope scope;
	/* protected by mnt->files.lock */
	struct fuse_pollhandle *ph; /* the kernel waits for a wake-up */
	bool pending;             /* changed since the last read at offset 0 */
	struct ucgd_file *next;   /* in its bucket */
};

/* The daemon. */
struct ucgd {
	struct ucg *ucg;
	bool sim;                 /* --host sim: callers are not tasks of the engine */
	double timeout;           /* entry and attribute cache timeout, seconds */
	long spin_us;             /* workers poll /dev/fuse this long after a request */
	struct timespec start;    /* times reported for every inode */
	struct ucgd_mnt *mnts;
	size_t nmnts;
	struct ucgd_notifier *nt;
};

/* ---- fs.c ----------------------------------------------------------- */

/* The low-level operations of a cgroupfs mount (userdata: struct ucgd_mnt). */
extern const struct fuse_lowlevel_ops ucgd_cgroup_ops;
/* Build the caller's credentials from a request; see fs.c. */
struct ucgd_cred {
	struct ucg_cred c;
	gid_t small[32];
	gid_t *big;
};
void ucgd_cred_get(fuse_req_t req, const struct ucgd *d, bool groups, struct ucgd_cred *rc);
void ucgd_cred_put(struct ucgd_cred *rc);

/* ---- proc.c --------------------------------------------------------- */

/* The low-level operations of the --proc mount (userdata: struct ucgd_mnt). */
extern const struct fuse_lowlevel_ops ucgd_proc_ops;

/* ---- notify.c ------------------------------------------------------- */

/* Start the worker and register the engine's notify callback.  0 or -errno. */
int ucgd_notifier_start(struct ucgd *d);
/* Unregister the callback, stop and join the worker, drop pending work.
 * false if the worker did not stop within 2 s (it is left running). */
bool ucgd_notifier_stop(struct ucgd *d);

/* Open-file table of a mount. */
void ucgd_files_init(struct ucgd_file_table *t);
void ucgd_files_add(struct ucgd_file_table *t, struct ucgd_file *uf);
void ucgd_files_del(struct ucgd_file_table *t, struct ucgd_file *uf);
/* Close what the kernel never released (the session ended first). */
void ucgd_files_close_all(struct ucgd_file_table *t);
/* A read at offset 0 of @uf: it has seen the current content. */
void ucgd_files_seen(struct ucgd_file_table *t, struct ucgd_file *uf);
/* Keep @ph (may be NULL) for @uf's next change; return whether it changed already. */
bool ucgd_files_poll(struct ucgd_file_table *t, struct ucgd_file *uf, struct fuse_pollhandle *ph);

/*
 * Cache invalidations, queued for the worker (a request handler must not
 * call fuse_lowlevel_notify_inval_* itself: the kernel may hold the very
 * directory lock the notification needs).  They go to every mount of
 * hierarchy @hier_id except @skip (the mount whose request made the change
 * and whose kernel cache follows by itself), NULL for all.  Inodes are the
 * engine's.
 */
/* Name @name in directory @parent changed (appeared, vanished, renamed). */
void ucgd_inval_entry(struct ucgd *d, int hier_id, const struct ucgd_mnt *skip,
		      uint64_t parent, const char *name);
/* Directory @child named @name in @parent was removed. */
void ucgd_inval_delete(struct ucgd *d, int hier_id, const struct ucgd_mnt *skip,
		       uint64_t parent, uint64_t child, const char *name);
/* Attributes of @ino changed. */
void ucgd_inval_attr(struct ucgd *d, int hier_id, const struct ucgd_mnt *skip, uint64_t ino);
/*
 * Name @name in directory @parent vanished, on every mount of @hier_id, now:
 * only for a handler whose operation holds no directory lock in the kernel
 * (a write to a file), so that the cache is clean when the write returns.
 */
void ucgd_inval_entry_now(struct ucgd *d, int hier_id, uint64_t parent, const char *name);

#endif /* UCGD_FS_H */
