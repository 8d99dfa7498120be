/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup-internal.h - the engine object and the core's internal functions
 * (kernel: kernel/cgroup/cgroup-internal.h).  Only src/core/ and src/host/
 * include it.
 */
#ifndef UCG_CORE_CGROUP_INTERNAL_H
#define UCG_CORE_CGROUP_INTERNAL_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>

#include "cgroup.h"
#include "host/host.h"

/*
 * struct ucg - the engine.  Owns every hierarchy, cgroup, css, css_set and task.
 */
struct ucg {
	pthread_mutex_t cgroup_mutex;   /* see cgroup-defs.h */
	pthread_mutex_t css_set_lock;
	pthread_mutex_t release_lock;   /* release_queue, taken from any context */

	const struct host_ops *host_ops;
	void *host;

	struct cgroup_root dfl_root;    /* v2, hierarchy id 0 */
	struct list_head roots;         /* v1 roots, cgroup_mutex */
	int next_hierarchy_id;          /* cyclic allocation, cgroup_mutex */
	struct cgroup_root *ss_root[CGROUP_SUBSYS_COUNT]; /* where each is bound */
	bool dfl_mounted;               /* a cgroup2 mount happened once */

	struct css_set init_css_set;    /* the init task's set */
	struct htable css_sets;         /* css_set_lock */
	struct htable cgroup_names;     /* (parent, name) -> cgroup, cgroup_mutex */
	struct htable cgroup_ids;       /* id -> cgroup, cgroup_mutex */
	struct htable tasks;            /* pid -> task, css_set_lock */
	uint64_t next_cgroup_id;
	uint64_t next_css_serial;

	struct list_head release_queue; /* css whose refcnt hit zero */

	void *ss_priv[CGROUP_SUBSYS_COUNT];

	ucg_notify_fn notify_fn;
	void *notify_arg;
	ucg_release_fn release_fn;
	void *release_arg;

	/* counters (atomics: read lock-free) */
	atomic_long nr_cgroups, nr_dying, nr_css, nr_css_sets, nr_tasks;
	atomic_long bytes_in_use;
	atomic_long fail_alloc_countdown;
	int fail_can_attach[CGROUP_SUBSYS_COUNT]; /* injected errors, cgroup_mutex */
	int fail_can_fork[CGROUP_SUBSYS_COUNT];
};

/* struct ucg_mount - one mount of a hierarchy. */
struct ucg_mount {
	struct ucg *ucg;
	struct cgroup_root *root;
};

static inline void lockdep_assert_held(pthread_mutex_t *m)
{
	(void)m; /* documentation: the caller holds @m */
}

void cgroup_lock(struct ucg *ucg);
/* Unlock, after processing css releases queued meanwhile. */
void cgroup_unlock(struct ucg *ucg);

/* ---- init / teardown (cgroup.c) ---- */
int cgroup_init_root(struct ucg *ucg, struct cgroup_root *root, int hierarchy_id);
void cgroup_destroy_root_locked(struct cgroup_root *root);

/* ---- tree (cgroup.c) ---- */
struct cgroup *cgroup_lookup_child(struct cgroup *parent, const char *name);
struct cgroup *cgroup_find_by_id(struct ucg *ucg, uint64_t id);
/* Resolve @path relative to @root's cgroup.  @file_out receives the last
 * component when it names a file (NULL if it is a directory). */
int cgroup_resolve(struct cgroup_root *root, const char *path, struct cgroup **cgrp,
		   const char **file_out, char **to_free);
int cgroup_path(const struct cgroup *cgrp, char *buf, size_t len);
int cgroup_mkdir_locked(struct cgroup *parent, const char *name, mode_t mode,
			const struct ucg_cred *cred);
int cgroup_rmdir_locked(struct cgroup *cgrp);
int cgroup_set_name(struct cgroup *cgrp, const char *name);
void cgroup_free_name(struct cgroup *cgrp);
/* Free a released cgroup's memory (no open file pins it any more). */
void cgroup_free(struct cgroup *cgrp);
bool cgroup_is_populated(const struct cgroup *cgrp);
bool cgroup_has_tasks(const struct cgroup *cgrp);
void cgroup_process_releases(struct ucg *ucg);
void css_kill_locked(struct cgroup_subsys_state *css);
bool cgroup_permission(const struct ucg_cred *cred, uid_t uid, gid_t gid, mode_t mode, int mask);

/* ---- css (css.c) ---- */
struct cgroup_subsys_state *css_create_locked(struct cgroup *cgrp, const struct cgroup_subsys *ss,
					      const struct ucg_cred *owner);
int css_online_locked(struct cgroup_subsys_state *css);
void css_init_base(struct cgroup_subsys_state *css, const struct cgroup_subsys *ss,
		   struct cgroup *cgrp, struct cgroup_subsys_state *parent_css);
void css_free_locked(struct cgroup_subsys_state *css);

/* ---- v2 rules (dfl.c) ---- */
bool cgroup_is_threaded(const struct cgroup *cgrp);
bool cgroup_is_mixable(const struct cgroup *cgrp);
bool cgroup_can_be_thread_root(const struct cgroup *cgrp);
bool cgroup_is_thread_root(const struct cgroup *cgrp);
bool cgroup_is_valid_domain(const struct cgroup *cgrp);
ss_mask_t cgroup_control(const struct cgroup *cgrp);
ss_mask_t cgroup_ss_mask(const struct cgroup *cgrp);
ss_mask_t cgroup_calc_subtree_ss_mask(ss_mask_t subtree_control, ss_mask_t this_ss_mask);
int cgroup_apply_control_locked(struct cgroup *cgrp, const struct ucg_cred *cred);
void cgroup_finalize_control_locked(struct cgroup *cgrp, int ret);
int cgroup_migrate_vet_dst(struct cgroup *dst_cgrp);
ss_mask_t have_threaded_mask(void);

/* ---- css_set (cset.c) ---- */
uint64_t css_set_hash_of(struct css_set *cset);
void css_set_init(struct css_set *cset, struct cgroup *dfl_cgrp);
struct css_set *find_css_set_locked(struct css_set *old_cset, struct cgroup *cgrp);
void get_css_set(struct css_set *cset);
void put_css_set_locked(struct css_set *cset);
struct cgroup *cset_cgroup_from_root(struct css_set *cset, const struct cgroup_root *root);
void css_set_move_task(struct task_struct *task, struct css_set *from, struct css_set *to,
		       bool use_mg_tasks);
void cgroup_update_populated(struct cgroup *cgrp, bool populated);
int link_root_to_all_csets_locked(struct cgroup_root *root);
void unlink_root_from_all_csets_locked(struct cgroup_root *root);
int css_set_table_init(struct ucg *ucg);

/* ---- tasks (task.c) ---- */
struct task_struct *cgroup_task_find(struct ucg *ucg, pid_t pid);
struct task_struct *cgroup_task_find_or_adopt(struct ucg *ucg, pid_t pid);
/* The host reports a new task (thread or process); it starts in the css_set of
 * @parent (NULL: the init css_set).  Controllers' can_fork may refuse. */
int cgroup_task_fork(struct ucg *ucg, struct task_struct *parent, pid_t pid, pid_t tgid,
		     uid_t uid, void *host_priv, struct task_struct **out);
struct ucg *cgroup_engine_new(const struct host_ops *ops, void *host);
/* The host reports @task exited (now a zombie or about to be released). */
void cgroup_task_exit(struct ucg *ucg, struct task_struct *task);
/* The host reports @task released (reaped): the engine forgets it. */
void cgroup_task_release(struct ucg *ucg, struct task_struct *task);
/* The host reports @task stopped/resumed by the freezer.  Context: css_set_lock. */
void cgroup_task_set_frozen(struct ucg *ucg, struct task_struct *task, bool frozen);
void cgroup_release_all_tasks_locked(struct ucg *ucg);

/* ---- migration (migrate.c) ---- */
int cgroup_attach_task_locked(struct cgroup *dst, struct task_struct *leader, bool threadgroup);
int cgroup_update_dfl_csses_locked(struct cgroup *cgrp);
int cgroup_migrate_execute_all(struct ucg *ucg, struct list_head *src_csets, bool threadgroup);

/* ---- freezer (freezer.c) ---- */
void cgroup_freeze_locked(struct cgroup *cgrp, bool freeze);
void cgroup_freezer_migrate_task(struct task_struct *task, struct css_set *from, struct css_set *to);
void cgroup_freezer_task_exit(struct task_struct *task);
void cgroup_freezer_update_frozen(struct cgroup *cgrp);
void cgroup_freezer_mkdir(struct cgroup *parent, struct cgroup *cgrp);
void cgroup_freezer_rmdir(struct cgroup *cgrp);
uint64_t cgroup_frozen_usec(struct cgroup *cgrp);

/* ---- cpu time (cputime.c) ---- */
/* The v2 core files cpu.stat and cpu.stat.local.  cgroup_mutex. */
int cgroup_cpu_stat_show(struct ucg_file *of, struct sbuf *sb);
int cgroup_cpu_stat_local_show(struct ucg_file *of, struct sbuf *sb);

/* ---- files (cftype.c, files-dfl.c, files-legacy.c) ---- */
extern const struct cftype cgroup_base_files[];
extern const struct cftype cgroup1_base_files[];
/* Find the cftype named @name (full name) in @cgrp; *@ss_out receives its subsystem. */
const struct cftype *cgroup_find_file(struct cgroup *cgrp, const char *name,
				      const struct cgroup_subsys **ss_out);
/* Call @fn for every file visible in @cgrp with its full name. */
int cgroup_for_each_file(struct cgroup *cgrp,
			 int (*fn)(void *arg, const char *name, const struct cftype *cft,
				   const struct cgroup_subsys *ss),
			 void *arg);
bool cftype_visible(const struct cgroup *cgrp, const struct cftype *cft);
mode_t cftype_mode(const struct cftype *cft);
void cftype_full_name(const struct cgroup *cgrp, const struct cgroup_subsys *ss,
		      const struct cftype *cft, char *buf, size_t len);
void cgroup_file_attr(struct cgroup *cgrp, const struct cftype *cft,
		      const struct cgroup_subsys *ss, uid_t *uid, gid_t *gid, mode_t *mode);
uint64_t cgroup_file_ino(struct cgroup *cgrp, const struct cftype *cft);
void cgroup_drop_file_attrs(struct cgroup *cgrp, const struct cgroup_subsys *ss);
static inline struct cgroup *of_cgrp(struct ucg_file *of)
{
	return of->cgrp;
}
int cgroup_procs_write_pid(struct ucg_file *of, char *buf, bool threadgroup,
			   struct task_struct **out);

/* ---- extended attributes (xattr.c) ---- */
/* Free every xattr of @cgrp, its directory's and its files'. */
void cgroup_free_xattrs(struct cgroup *cgrp);
/* Free the xattrs of the files of table @files (they go away). */
void cgroup_drop_file_xattrs(struct cgroup *cgrp, const struct cftype *files);
/* chown of a file drops its security.capability (setattr_prepare()). */
void cgroup_file_killpriv(struct cgroup *cgrp, const struct cftype *cft);

/* ---- v1 (cgroup-v1.c) ---- */
int cgroup1_mount_locked(struct ucg *ucg, const char *options, const struct ucg_cred *cred,
			 struct cgroup_root **out);
int cgroup1_remount_locked(struct cgroup_root *root, const char *options,
			   const struct ucg_cred *cred);
void cgroup1_check_for_release(struct cgroup *cgrp);
void cgroup1_umount_locked(struct cgroup_root *root);
void cgroup_save_control(struct cgroup *cgrp);
int cgroup1_attach_permission(const struct ucg_cred *cred, struct task_struct *task);
int cgroup2_parse_options(const char *options, unsigned int *flags);

/* ---- allocation ---- */
char *cgroup_strdup(struct ucg *ucg, const char *s);
void cgroup_free_str(struct ucg *ucg, char *s);

#endif /* UCG_CORE_CGROUP_INTERNAL_H */
