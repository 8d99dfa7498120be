/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup-defs.h - the engine's structures, with the kernel's names and roles
 * (include/linux/cgroup-defs.h): cgroup, cgroup_subsys_state (css), css_set,
 * cgroup_root, cgroup_subsys, cftype, and the task.  Controllers include this
 * file and core/cgroup.h; nothing above the public header does.
 *
 * Locking (see struct ucg):
 *  - cgroup_mutex protects the tree, css lifetime, subtree_control, hierarchy
 *    binding, and every field marked "cgroup_mutex".
 *  - css_set_lock protects css_set refcounts and task lists, the cgroup<->cset
 *    links, task membership and the populated counters ("css_set_lock").
 *    Lock order: cgroup_mutex, then css_set_lock.
 */
#ifndef UCG_CORE_CGROUP_DEFS_H
#define UCG_CORE_CGROUP_DEFS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/htable.h"
#include "lib/list.h"
#include "lib/sbuf.h"
#include <ucg/ucg.h>

struct cgroup;
struct cgroup_root;
struct cgroup_taskset;
struct css_set;
struct task_struct;
struct host_ops;

enum cgroup_subsys_id {
#define SUBSYS(_x) _x##_cgrp_id,
#include "cgroup_subsys.h"
#undef SUBSYS
	CGROUP_SUBSYS_COUNT,
};

typedef uint32_t ss_mask_t; /* one bit per subsystem id */

#define for_each_subsys(ss, ssid)                                                    \
	for ((ssid) = 0; (ssid) < CGROUP_SUBSYS_COUNT && (((ss) = cgroup_subsys[ssid]), 1); \
	     (ssid)++)

/* css->flags */
enum {
	CSS_NO_REF = (1 << 0),   /* never refcounted (root css) */
	CSS_ONLINE = (1 << 1),   /* css_online() done, not yet offlined */
	CSS_RELEASED = (1 << 2), /* refcount hit zero */
	CSS_VISIBLE = (1 << 3),  /* its interface files are shown */
	CSS_DYING = (1 << 4),    /* killed */
};

/*
 * struct cgroup_subsys_state - one controller's state in one cgroup.  A
 * controller embeds it first in its own struct and gets back with
 * container_of().  Each cgroup also embeds a `self` css carrying the cgroup's
 * own lifetime.
 */
struct cgroup_subsys_state {
	struct cgroup *cgroup;             /* the cgroup it belongs to */
	const struct cgroup_subsys *ss;    /* NULL for a cgroup's self css */
	atomic_long refcnt;                /* base ref dropped when killed */
	unsigned int flags;                /* CSS_*, cgroup_mutex */
	uint64_t serial_nr;                /* unique, never reused */
	struct cgroup_subsys_state *parent;
	struct list_head sibling;          /* in parent->children, cgroup_mutex */
	struct list_head children;
	int nr_descendants;                /* live descendant css, cgroup_mutex */
	struct list_head release_node;     /* on ucg->release_queue */
	uid_t file_uid;                    /* owner of this css's interface files */
	gid_t file_gid;
};

/* cgroup->flags */
enum {
	CGRP_NOTIFY_ON_RELEASE = (1 << 0),
	CGRP_CPUSET_CLONE_CHILDREN = (1 << 1),
	CGRP_FREEZE = (1 << 2),   /* own freeze request (cgroup.freeze) */
	CGRP_FROZEN = (1 << 3),   /* cgroup.events frozen */
	CGRP_DEAD = (1 << 4),     /* rmdir'd */
};

/* Per-file attribute overrides set by chown/chmod of an interface file. */
struct cgroup_file_attr {
	struct cgroup_file_attr *next;
	const struct cftype *cft;
	uid_t uid;
	gid_t gid;
	mode_t mode;
};

/*
 * Extended attributes of one directory or interface file (kernel: the
 * simple_xattrs of a kernfs_iattrs, with kernfs's user.* counters).
 */
struct cgroup_xattr {
	struct cgroup_xattr *next;   /* by name, descending: listxattr's order */
	size_t size;                 /* of the value */
	char *value;                 /* points into data, after the name */
	char data[];                 /* name, NUL, value */
};

struct cgroup_xattrs {
	struct cgroup_xattr *head;
	int nr_user;                 /* user.* attributes (at most 128) */
	size_t user_size;            /* their value bytes (at most 128 KiB) */
};

/* The xattrs of one interface file, kept like its chown/chmod overrides. */
struct cgroup_file_xattrs {
	struct cgroup_file_xattrs *next;
	const struct cftype *cft;
	struct cgroup_xattrs xattrs;
};

/* The v2 freezer's per-cgroup state (kernel: struct cgroup_freezer_state). */
struct cgroup_freezer_state {
	bool freeze;                 /* own request */
	bool e_freeze;               /* effective: own or an ancestor's */
	int nr_frozen_descendants;   /* frozen live descendants */
	int nr_frozen_tasks;         /* live tasks here the host reports stopped */
	uint64_t freeze_start_ns;    /* when e_freeze last became true */
	uint64_t frozen_ns;          /* accumulated e_freeze time, closed intervals */
};

/*
 * CPU time charged to a cgroup and its descendants, exited tasks included
 * (kernel: cgroup_base_stat of rstat, summed on charge instead of flushed on
 * read: every charge walks up the v2 tree).  Atomics: read lock-free.
 */
struct cgroup_cputime {
	atomic_ullong user_ns;
	atomic_ullong system_ns;
};

struct cgroup {
	struct cgroup_subsys_state self; /* must be first */
	/* hot: what path lookups, mkdir and rmdir read, in the first lines */
	uint64_t name_hash;              /* hash of (parent id, name), key of ucg->cgroup_names */
	char *name;                      /* directory name, "" for a root */
	char inline_name[32];            /* storage for short names */
	uint64_t id;                     /* unique in the engine, key of ucg->cgroup_ids */
	struct cgroup_root *root;
	struct cgroup *dom_cgrp;         /* threaded domain: self unless threaded */
	unsigned int flags;              /* CGRP_*, cgroup_mutex */
	int level;                       /* root 0 */
	int max_depth;                   /* INT_MAX = max */
	int max_descendants;
	int nr_descendants;              /* live descendants */
	int nr_dying_descendants;
	int nr_threaded_children;        /* live threaded children, cgroup_mutex */
	ss_mask_t subtree_control;       /* v2 cgroup.subtree_control */
	ss_mask_t subtree_ss_mask;       /* plus dependencies */

	/* populated tracking, css_set_lock */
	int nr_populated_csets;
	int nr_populated_domain_children;
	int nr_populated_threaded_children;

	uid_t uid;                       /* directory owner and mode */
	gid_t gid;
	mode_t mode;
	uid_t file_uid;                  /* owner of files created at mkdir */
	gid_t file_gid;

	struct cgroup_subsys_state *subsys[CGROUP_SUBSYS_COUNT]; /* cgroup_mutex */
	struct cgroup_freezer_state freezer;
	struct list_head cset_links;     /* cgrp_cset_link.cset_link, css_set_lock */

	/* colder */
	int nr_dying_subsys[CGROUP_SUBSYS_COUNT];
	ss_mask_t old_subtree_control;   /* saved across a change, for rollback */
	ss_mask_t old_subtree_ss_mask;
	struct cgroup *old_dom_cgrp;
	struct cgroup_cputime cputime;   /* v2 hierarchy only */
	struct cgroup_file_attr *file_attrs;
	struct cgroup_xattrs xattrs;     /* the directory's, cgroup_mutex */
	struct cgroup_file_xattrs *file_xattrs; /* its files', cgroup_mutex */
	int nr_open_files;               /* memory pins from open files, cgroup_mutex */
};

/* cgroup_root->flags (v1 mount options that are root flags, v2 options) */
enum {
	CGRP_ROOT_NOPREFIX = (1 << 0),
	CGRP_ROOT_XATTR = (1 << 1),
	CGRP_ROOT_CPUSET_V2_MODE = (1 << 2),
	CGRP_ROOT_NS_DELEGATE = (1 << 3),
	CGRP_ROOT_FAVOR_DYNMODS = (1 << 4),
	CGRP_ROOT_MEMORY_LOCAL_EVENTS = (1 << 5),
	CGRP_ROOT_MEMORY_RECURSIVE_PROT = (1 << 6),
	CGRP_ROOT_MEMORY_HUGETLB_ACCOUNTING = (1 << 7),
	CGRP_ROOT_PIDS_LOCAL_EVENTS = (1 << 8),
};

#define MAX_CGROUP_ROOT_NAMELEN 64
#define PATH_MAX_RA 4096

/* A hierarchy: the v2 one (hierarchy_id 0) or one v1 hierarchy. */
struct cgroup_root {
	struct ucg *ucg;
	struct cgroup cgrp;          /* the root cgroup */
	int hierarchy_id;
	ss_mask_t subsys_mask;       /* controllers bound here */
	unsigned int flags;          /* CGRP_ROOT_* */
	int nr_cgrps;                /* cgroups incl. root and dying ones */
	int nr_mounts;               /* live ucg_mount handles */
	struct list_head root_list;  /* on ucg->roots (v1 only) */
	char name[MAX_CGROUP_ROOT_NAMELEN];
	char release_agent_path[PATH_MAX_RA];
};

/* Link between a cgroup and a css_set (many to many). */
struct cgrp_cset_link {
	struct cgroup *cgrp;
	struct css_set *cset;
	struct list_head cset_link; /* anchored at cgrp->cset_links */
	struct list_head cgrp_link; /* anchored at cset->cgrp_links */
};

/*
 * struct css_set - the set of css a task belongs to, one per subsystem, plus
 * one cgroup per hierarchy (through cgrp_links).  Shared by every task with
 * the same memberships, found through ucg->css_set_table.
 */
struct css_set {
	struct cgroup_subsys_state *subsys[CGROUP_SUBSYS_COUNT];
	long refcount;                 /* css_set_lock */
	int nr_tasks;                  /* live tasks, css_set_lock */
	struct cgroup *dfl_cgrp;       /* the v2 cgroup */
	struct list_head tasks;        /* live tasks (task->cg_list) */
	struct list_head dying_tasks;  /* exited, not released */
	struct list_head mg_tasks;     /* tasks being migrated */
	struct list_head cgrp_links;   /* cgrp_cset_link.cgrp_link */
	uint64_t hash;                 /* key in ucg->css_sets */
	bool dead;

	/* migration scratch, cgroup_mutex */
	struct list_head mg_src_node;
	struct list_head mg_dst_node;
	struct list_head mg_node;      /* on a taskset's src or dst list */
	struct cgroup *mg_src_cgrp;
	struct cgroup *mg_dst_cgrp;
	struct css_set *mg_dst_cset;
};

/* A task (a thread).  Processes are thread groups led by their first thread. */
struct task_struct {
	pid_t pid;                     /* thread id */
	pid_t tgid;                    /* thread group id = leader's pid */
	struct task_struct *group_leader;
	uid_t uid, suid;               /* real and saved uid (v1 attach rule) */
	bool exiting;                  /* PF_EXITING: exited or exiting */
	bool frozen;                   /* the host reports it stopped by the freezer */
	bool freeze_requested;         /* the engine asked the host to freeze it
					* (v2 effective freeze OR a controller's
					* ->freezing()), css_set_lock */
	bool kill_sent;                /* cgroup.kill sent it SIGKILL (fatal signal pending) */
	struct css_set *cgroups;       /* css_set_lock */
	struct list_head cg_list;      /* on cgroups->tasks / dying_tasks / mg_tasks */
	struct list_head thread_node;  /* on group_leader->threads */
	struct list_head threads;      /* leader only: every thread but itself */
	int live;                      /* leader only: threads not yet exited */
	void *host_priv;               /* the host backend's data */
};

/* ---- interface files ---- */

#define MAX_CFTYPE_NAME 64

/* cftype->flags */
enum {
	CFTYPE_ONLY_ON_ROOT = (1 << 0),
	CFTYPE_NOT_ON_ROOT = (1 << 1),
	CFTYPE_NS_DELEGATABLE = (1 << 2),
	CFTYPE_NO_PREFIX = (1 << 3),   /* name is used as is (core files) */
	CFTYPE_WORLD_WRITABLE = (1 << 4),
	CFTYPE_NOTIFY = (1 << 5),      /* content changes are notified */
};

/*
 * struct cftype - one interface file.  Tables end with an empty entry.  Read
 * with read_u64/read_s64 (printed "%llu\n"/"%lld\n") or seq_show; write with
 * write_u64/write_s64 (raw buffer through kstrtoull/kstrtoll) or write
 * (buffer NUL-terminated, may be modified).
 */
struct cftype {
	char name[MAX_CFTYPE_NAME];
	unsigned long private;
	size_t max_write_len;          /* 0: PAGE_SIZE */
	unsigned int flags;

	int (*open)(struct ucg_file *of);
	void (*release)(struct ucg_file *of);
	uint64_t (*read_u64)(struct cgroup_subsys_state *css, const struct cftype *cft);
	int64_t (*read_s64)(struct cgroup_subsys_state *css, const struct cftype *cft);
	int (*seq_show)(struct ucg_file *of, struct sbuf *sb);
	int (*write_u64)(struct cgroup_subsys_state *css, const struct cftype *cft, uint64_t val);
	int (*write_s64)(struct cgroup_subsys_state *css, const struct cftype *cft, int64_t val);
	ssize_t (*write)(struct ucg_file *of, char *buf, size_t nbytes);
};

/* struct ucg_file - an open interface file (kernel: kernfs_open_file). */
struct ucg_file {
	struct ucg *ucg;
	struct cgroup *cgrp;            /* pinned by nr_open_files */
	const struct cftype *cft;
	const struct cgroup_subsys *ss; /* NULL for core files */
	uint64_t css_serial;            /* the css the file was opened on */
	struct ucg_cred cred;           /* opener's credentials (f_cred) */
	gid_t *cred_groups;
	const struct ucg_cred *writer;  /* during a write: the writing thread */
	int flags;                      /* open flags */
	void *priv;                     /* per-open data of the cftype */
	struct sbuf render;             /* rendering served to partial reads */
	bool rendered;
};

/* ---- subsystems ---- */

/* Taskset passed to can_attach/cancel_attach/attach. */
struct cgroup_taskset {
	struct list_head src_csets;
	struct list_head dst_csets;
	int nr_tasks;
	int ssid;                       /* the subsystem being called */
	struct css_set *cur_cset;       /* iteration cursor */
	struct task_struct *cur_task;
};

struct cgroup_subsys {
	/* css lifetime: alloc (@parent_css NULL for the root css of @cgrp's hierarchy) */
	struct cgroup_subsys_state *(*css_alloc)(struct cgroup_subsys_state *parent_css,
						 struct cgroup *cgrp);
	int (*css_online)(struct cgroup_subsys_state *css);
	void (*css_offline)(struct cgroup_subsys_state *css);
	void (*css_released)(struct cgroup_subsys_state *css);
	void (*css_free)(struct cgroup_subsys_state *css);
	void (*css_reset)(struct cgroup_subsys_state *css);

	/* migration: every can_attach, then attach, or cancel_attach on failure */
	int (*can_attach)(struct cgroup_taskset *tset);
	void (*cancel_attach)(struct cgroup_taskset *tset);
	void (*attach)(struct cgroup_taskset *tset);

	/* fork and exit of tasks; @cset is the css_set the child will join */
	int (*can_fork)(struct task_struct *task, struct css_set *cset);
	void (*cancel_fork)(struct task_struct *task, struct css_set *cset);
	void (*fork)(struct task_struct *task);
	void (*exit)(struct task_struct *task);
	void (*release)(struct task_struct *task);

	/* the controller wants @task stopped (kernel: cgroup_freezing() of the v1
	 * freezer); the core ORs it with the v2 freeze.  cgroup_mutex and
	 * css_set_lock held: must not re-enter the engine */
	bool (*freezing)(struct task_struct *task);

	/* @task ran @user_ns + @system_ns (cgroup_account_cputime()); the
	 * controller finds its css in task->cgroups.  cgroup_mutex */
	void (*account_cputime)(struct task_struct *task, uint64_t user_ns, uint64_t system_ns);
	/* extra lines of the v2 core files cpu.stat / cpu.stat.local when @css
	 * exists in the cgroup read (kernel: css_extra_stat_show,
	 * css_local_stat_show).  cgroup_mutex */
	int (*css_extra_stat_show)(struct cgroup_subsys_state *css, struct sbuf *sb);
	int (*css_local_stat_show)(struct cgroup_subsys_state *css, struct sbuf *sb);

	/* per-engine state (device registries...) */
	int (*engine_init)(struct ucg *ucg);
	void (*engine_exit)(struct ucg *ucg);

	bool threaded;                  /* usable in threaded cgroups (v2) */
	bool dfl_only;                  /* no v1 interface */
	bool legacy_only;               /* no v2 interface (inhibited on v2) */
	int id;
	const char *name;               /* v2 name, also the v2 file prefix */
	const char *legacy_name;        /* v1 name, v1 file prefix, /proc names */
	ss_mask_t depends_on;
	const struct cftype *dfl_cftypes;
	const struct cftype *legacy_cftypes;
};

#define SUBSYS(_x) extern const struct cgroup_subsys _x##_cgrp_subsys;
#include "cgroup_subsys.h"
#undef SUBSYS

extern const struct cgroup_subsys *const cgroup_subsys[CGROUP_SUBSYS_COUNT];

#endif /* UCG_CORE_CGROUP_DEFS_H */
