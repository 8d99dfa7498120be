/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup.h - what the core offers controllers (kernel: include/linux/cgroup.h):
 * css references, the hierarchy walk, taskset iteration during migration,
 * task iteration, file notification, and the engine's allocator.
 */
#ifndef UCG_CORE_CGROUP_H
#define UCG_CORE_CGROUP_H

#include "cgroup-defs.h"

/* ---- engine access ---- */

struct ucg *css_ucg(const struct cgroup_subsys_state *css);
struct ucg *cgroup_ucg(const struct cgroup *cgrp);
/* Per-engine data of subsystem @ssid (set by its engine_init). */
void *cgroup_ss_priv(struct ucg *ucg, int ssid);
void cgroup_set_ss_priv(struct ucg *ucg, int ssid, void *priv);
/* The engine's clock (host time), ns. */
uint64_t cgroup_now_ns(struct ucg *ucg);

/* Engine allocations: counted, and failing on demand (ucg_debug_fail_alloc). */
void *cgroup_zalloc(struct ucg *ucg, size_t size);
void cgroup_kfree(struct ucg *ucg, void *p, size_t size);

/* ---- css ---- */

static inline bool cgroup_on_dfl(const struct cgroup *cgrp)
{
	return cgrp->root->hierarchy_id == 0;
}

void css_get(struct cgroup_subsys_state *css);
/* Return false if @css is no longer online (the reference is not taken). */
bool css_tryget_online(struct cgroup_subsys_state *css);
void css_put(struct cgroup_subsys_state *css);

static inline bool css_is_online(const struct cgroup_subsys_state *css)
{
	return css->flags & CSS_ONLINE;
}

static inline struct cgroup *cgroup_parent(const struct cgroup *cgrp)
{
	struct cgroup_subsys_state *p = cgrp->self.parent;

	return p ? container_of(p, struct cgroup, self) : NULL;
}

static inline bool cgroup_is_dead(const struct cgroup *cgrp)
{
	return cgrp->flags & CGRP_DEAD;
}

/* The css of subsystem @ssid that tasks of @cgrp use (nearest ancestor having one). */
struct cgroup_subsys_state *cgroup_e_css(struct cgroup *cgrp, int ssid);

/* Pre-order walk of @pos over @root's subtree of css of one subsystem (or self
 * css), @root included.  cgroup_mutex. */
struct cgroup_subsys_state *css_next_descendant_pre(struct cgroup_subsys_state *pos,
						    struct cgroup_subsys_state *root);
#define css_for_each_descendant_pre(pos, css)                                   \
	for ((pos) = css_next_descendant_pre(NULL, (css)); (pos);                    \
	     (pos) = css_next_descendant_pre((pos), (css)))
/* Post-order walk, @root last. */
struct cgroup_subsys_state *css_next_descendant_post(struct cgroup_subsys_state *pos,
						     struct cgroup_subsys_state *root);
#define css_for_each_descendant_post(pos, css)                                  \
	for ((pos) = css_next_descendant_post(NULL, (css)); (pos);                   \
	     (pos) = css_next_descendant_post((pos), (css)))

/* ---- taskset (inside can_attach/cancel_attach/attach) ---- */

/* First/next task of the taskset with the css of the called subsystem it is
 * moving to (*@dst_css) and from (*@src_css, may be NULL). */
struct task_struct *cgroup_taskset_first(struct cgroup_taskset *tset,
					 struct cgroup_subsys_state **dst_css,
					 struct cgroup_subsys_state **src_css);
struct task_struct *cgroup_taskset_next(struct cgroup_taskset *tset,
					struct cgroup_subsys_state **dst_css,
					struct cgroup_subsys_state **src_css);
#define cgroup_taskset_for_each(task, dst_css, src_css, tset)                        \
	for ((task) = cgroup_taskset_first((tset), &(dst_css), &(src_css)); (task);    \
	     (task) = cgroup_taskset_next((tset), &(dst_css), &(src_css)))

/* ---- tasks of a css ---- */

/* Call @fn for every live task using @css (its own cgroup only, for v2 the
 * tasks whose effective css is @css).  css_set_lock is held during the walk. */
void css_for_each_task(struct cgroup_subsys_state *css,
		       void (*fn)(struct task_struct *task, void *arg), void *arg);

/* The css of subsystem @ssid used by task @tid, with a reference held (the
 * caller css_put()s it); NULL and *@err = -ESRCH for an unknown task. */
struct cgroup_subsys_state *task_css_by_pid(struct ucg *ucg, pid_t tid, int ssid, int *err);

/* The css an open file acts on (the cgroup's self css for core files). */
struct cgroup_subsys_state *of_css(struct ucg_file *of);

/* ---- freezing ---- */

/* Ask the host to stop or resume @task as the freezers now want: the v2
 * effective freeze of its cgroup OR any controller's ->freezing() (call it
 * after changing what ->freezing() returns).  Safe in a css_for_each_task()
 * callback.  cgroup_mutex and css_set_lock. */
void cgroup_task_update_freeze(struct task_struct *task);

/* ---- cpu time ---- */

/* @task ran @user_ns in user mode and @system_ns in the kernel: charged to its
 * v2 cgroup and every ancestor (cpu.stat), then to every controller with an
 * ->account_cputime() hook (cpu bandwidth, cpuacct).  cgroup_mutex. */
void cgroup_account_cputime(struct task_struct *task, uint64_t user_ns, uint64_t system_ns);

/* ---- notification ---- */

/* The content of file @name (full name, e.g. "pids.events") of @cgrp changed. */
void cgroup_file_notify(struct cgroup *cgrp, const char *name);

#endif /* UCG_CORE_CGROUP_H */
