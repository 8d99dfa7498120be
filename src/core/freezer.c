// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * freezer.c - the v2 freezer (cgroup.freeze, `frozen` in cgroup.events),
 * kernel/cgroup/freezer.c in userspace: the effective request is a
 * cgroup's own or any ancestor's; the host stops and resumes tasks and
 * reports when they are stopped; a cgroup is frozen when its request is in
 * effect, every task of it is stopped and every live descendant is frozen.
 *
 * The stop request is shared with the v1 freezer controller: a task is
 * asked to stop while its v2 cgroup's effective freeze is on OR a
 * controller's ->freezing() wants it (kernel: freezing() consults
 * cgroup_freezing()), so a task frozen by both stays stopped until both
 * thaw.  The host's reports (task->frozen) count for v2 `frozen` only in a
 * cgroup whose own effective freeze is on, and the v1 controller reads them
 * when it evaluates FROZEN.
 *
 * All counts here are protected by css_set_lock.
 */
#include "cgroup-internal.h"

static int cgroup_task_count(const struct cgroup *cgrp)
{
	struct cgrp_cset_link *link;
	int n = 0;

	list_for_each_entry(link, &cgrp->cset_links, cset_link)
		n += link->cset->nr_tasks;
	return n;
}

static bool cgroup_should_be_frozen(const struct cgroup *cgrp)
{
	return cgrp->freezer.e_freeze && cgrp->freezer.nr_frozen_tasks == cgroup_task_count(cgrp) &&
	       cgrp->freezer.nr_frozen_descendants == cgrp->nr_descendants;
}

/* Flip CGRP_FROZEN if it disagrees with @frozen; true if it flipped. */
static bool cgroup_update_frozen_flag(struct cgroup *cgrp, bool frozen)
{
	if (frozen == !!(cgrp->flags & CGRP_FROZEN))
		return false;
	if (frozen)
		cgrp->flags |= CGRP_FROZEN;
	else
		cgrp->flags &= ~CGRP_FROZEN;
	cgroup_file_notify(cgrp, "cgroup.events");
	return true;
}

/**
 * cgroup_freezer_update_frozen - re-evaluate `frozen` of @cgrp and, when it
 * flips, of its ancestors.
 * @cgrp: a v2 cgroup
 *
 * Context: css_set_lock.
 */
void cgroup_freezer_update_frozen(struct cgroup *cgrp)
{
	bool frozen;
	int delta;

	if (cgroup_is_dead(cgrp))
		return;
	frozen = cgroup_should_be_frozen(cgrp);
	if (!cgroup_update_frozen_flag(cgrp, frozen))
		return;
	delta = frozen ? 1 : -1;
	while ((cgrp = cgroup_parent(cgrp))) {
		cgrp->freezer.nr_frozen_descendants += delta;
		if (cgroup_update_frozen_flag(cgrp, cgroup_should_be_frozen(cgrp)))
			delta += frozen ? 1 : -1;
	}
}

/* Does any freezer, v2 or a controller's, want @task stopped? */
static bool cgroup_task_should_freeze(struct task_struct *task)
{
	const struct cgroup_subsys *ss;
	int ssid;

	if (task->cgroups->dfl_cgrp->freezer.e_freeze)
		return true;
	for_each_subsys(ss, ssid) {
		if (ss->freezing && ss->freezing(task))
			return true;
	}
	return false;
}

/**
 * cgroup_task_update_freeze - ask the host to stop or resume @task as the
 * freezers now want (after a freeze state or a membership changed).
 * @task: a live task
 *
 * Context: cgroup_mutex and css_set_lock.
 */
void cgroup_task_update_freeze(struct task_struct *task)
{
	struct ucg *ucg = task->cgroups->dfl_cgrp->root->ucg;
	bool freeze = cgroup_task_should_freeze(task);
	int r;

	if (task->freeze_requested == freeze || task->exiting)
		return;
	task->freeze_requested = freeze;
	r = ucg->host_ops->freeze(ucg->host, task, freeze);
	if (r == 1)
		cgroup_task_set_frozen(ucg, task, freeze);
}

/**
 * cgroup_task_set_frozen - the host reports @task stopped (or running again).
 * @ucg: engine
 * @task: a live task
 * @frozen: its state
 *
 * Context: css_set_lock.
 */
void cgroup_task_set_frozen(struct ucg *ucg, struct task_struct *task, bool frozen)
{
	struct cgroup *cgrp = task->cgroups->dfl_cgrp;

	(void)ucg;
	if (task->frozen == frozen || task->exiting)
		return;
	task->frozen = frozen;
	cgrp->freezer.nr_frozen_tasks += frozen ? 1 : -1;
	cgroup_freezer_update_frozen(cgrp);
}

/**
 * cgroup_freezer_task_exit - drop an exiting task from its cgroup's counts
 * (the caller re-evaluates once the task left the live list).
 * @task: the exiting task
 *
 * Context: css_set_lock.
 */
void cgroup_freezer_task_exit(struct task_struct *task)
{
	if (task->frozen)
		task->cgroups->dfl_cgrp->freezer.nr_frozen_tasks--;
	task->frozen = false;
	task->freeze_requested = false;
}

/**
 * cgroup_freezer_migrate_task - @task just moved from @from (NULL: new task)
 * to @to: carry its frozen count and stop or resume it as @to requires (a
 * move within a v1 hierarchy may change a controller's ->freezing()).
 * @task: the task (already on @to)
 * @from: old css_set or NULL
 * @to: new css_set
 *
 * Context: cgroup_mutex and css_set_lock.
 */
void cgroup_freezer_migrate_task(struct task_struct *task, struct css_set *from, struct css_set *to)
{
	struct cgroup *src = from ? from->dfl_cgrp : NULL;
	struct cgroup *dst = to->dfl_cgrp;

	if (src != dst) {
		if (task->frozen) {
			if (src)
				src->freezer.nr_frozen_tasks--;
			dst->freezer.nr_frozen_tasks++;
		}
		if (src)
			cgroup_freezer_update_frozen(src);
		cgroup_freezer_update_frozen(dst);
	}
	cgroup_task_update_freeze(task);
}

/* Apply a change of effective freeze to @cgrp's own tasks. */
static void cgroup_do_freeze(struct cgroup *cgrp, bool freeze, uint64_t now)
{
	struct cgrp_cset_link *link;
	struct task_struct *t;

	if (freeze) {
		cgrp->flags |= CGRP_FREEZE;
		cgrp->freezer.freeze_start_ns = now;
	} else {
		cgrp->flags &= ~CGRP_FREEZE;
		cgrp->freezer.frozen_ns += now - cgrp->freezer.freeze_start_ns;
	}
	list_for_each_entry(link, &cgrp->cset_links, cset_link) {
		list_for_each_entry(t, &link->cset->tasks, cg_list)
			cgroup_task_update_freeze(t);
	}
	cgroup_freezer_update_frozen(cgrp);
}

/**
 * cgroup_freeze_locked - set @cgrp's own freeze request (cgroup.freeze).
 * @cgrp: a non-root v2 cgroup
 * @freeze: the request
 *
 * Context: cgroup_mutex.
 */
void cgroup_freeze_locked(struct cgroup *cgrp, bool freeze)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_subsys_state *pos;
	uint64_t now = cgroup_now_ns(ucg);
	bool applied = false;

	if (cgrp->freezer.freeze == freeze)
		return;
	cgrp->freezer.freeze = freeze;
	pthread_mutex_lock(&ucg->css_set_lock);
	css_for_each_descendant_pre(pos, &cgrp->self) {
		struct cgroup *dsct = pos->cgroup;
		struct cgroup *parent = cgroup_parent(dsct);
		bool old_e = dsct->freezer.e_freeze;

		if (cgroup_is_dead(dsct))
			continue;
		dsct->freezer.e_freeze = dsct->freezer.freeze || (parent && parent->freezer.e_freeze);
		if (dsct->freezer.e_freeze == old_e)
			continue;
		cgroup_do_freeze(dsct, dsct->freezer.e_freeze, now);
		applied = true;
	}
	/* the state is pinned by an ancestor: tell the writer nothing will change */
	if (!applied)
		cgroup_file_notify(cgrp, "cgroup.events");
	pthread_mutex_unlock(&ucg->css_set_lock);
}

/**
 * cgroup_freezer_mkdir - a new child of a freezing parent starts frozen.
 * @parent: parent
 * @cgrp: the new, empty cgroup (already counted in nr_descendants)
 *
 * Context: cgroup_mutex.
 */
void cgroup_freezer_mkdir(struct cgroup *parent, struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup *c;

	if (!parent->freezer.e_freeze)
		return;
	pthread_mutex_lock(&ucg->css_set_lock);
	cgrp->freezer.e_freeze = true;
	cgrp->freezer.freeze_start_ns = cgroup_now_ns(ucg);
	cgrp->flags |= CGRP_FREEZE | CGRP_FROZEN;
	for (c = parent; c; c = cgroup_parent(c))
		c->freezer.nr_frozen_descendants++;
	pthread_mutex_unlock(&ucg->css_set_lock);
}

/**
 * cgroup_freezer_rmdir - a removed frozen cgroup no longer counts as a frozen
 * descendant.
 * @cgrp: the cgroup being removed (still counted in nr_descendants)
 *
 * Context: cgroup_mutex.
 */
void cgroup_freezer_rmdir(struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup *c;

	if (!(cgrp->flags & CGRP_FROZEN))
		return;
	pthread_mutex_lock(&ucg->css_set_lock);
	for (c = cgroup_parent(cgrp); c; c = cgroup_parent(c))
		c->freezer.nr_frozen_descendants--;
	pthread_mutex_unlock(&ucg->css_set_lock);
}

/**
 * cgroup_frozen_usec - time @cgrp's effective freeze request was in force.
 * @cgrp: cgroup
 *
 * Return: microseconds, the current interval included.
 */
uint64_t cgroup_frozen_usec(struct cgroup *cgrp)
{
	uint64_t ns = cgrp->freezer.frozen_ns;

	if (cgrp->freezer.e_freeze)
		ns += cgroup_now_ns(cgroup_ucg(cgrp)) - cgrp->freezer.freeze_start_ns;
	return ns / 1000;
}
