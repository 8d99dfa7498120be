// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * migrate.c - moving tasks between cgroups, all or nothing (kernel:
 * cgroup_migrate_add_src, cgroup_migrate_prepare_dst, cgroup_migrate_add_task,
 * cgroup_migrate_execute, cgroup_attach_task, cgroup_update_dfl_csses).
 *
 * 1. Collect the source css_sets and find (or allocate) each destination
 *    css_set; an allocation failure aborts before anything moved.
 * 2. Queue the tasks on their source sets' mg_tasks.
 * 3. Every affected controller's can_attach; if one refuses, cancel_attach
 *    for those already asked and put the tasks back.
 * 4. Commit: switch each task's css_set, then every attach callback.
 */
#include "cgroup-internal.h"

struct cgroup_mgctx {
	struct list_head preloaded_src_csets; /* css_set.mg_src_node */
	struct list_head preloaded_dst_csets; /* css_set.mg_dst_node */
	struct cgroup_taskset tset;
	ss_mask_t ss_mask;                    /* controllers whose css change */
	bool committed;                       /* tasks are on the destination sets */
};

static void mgctx_init(struct cgroup_mgctx *mgctx)
{
	INIT_LIST_HEAD(&mgctx->preloaded_src_csets);
	INIT_LIST_HEAD(&mgctx->preloaded_dst_csets);
	INIT_LIST_HEAD(&mgctx->tset.src_csets);
	INIT_LIST_HEAD(&mgctx->tset.dst_csets);
	mgctx->tset.nr_tasks = 0;
	mgctx->ss_mask = 0;
	mgctx->committed = false;
}

/* Context: css_set_lock. */
static void cgroup_migrate_add_src(struct css_set *src_cset, struct cgroup *dst_cgrp,
				   struct cgroup_mgctx *mgctx)
{
	if (src_cset->dead || !list_empty(&src_cset->mg_src_node))
		return;
	src_cset->mg_src_cgrp = cset_cgroup_from_root(src_cset, dst_cgrp->root);
	src_cset->mg_dst_cgrp = dst_cgrp;
	get_css_set(src_cset);
	list_add_tail(&src_cset->mg_src_node, &mgctx->preloaded_src_csets);
}

/* Find every destination css_set.  Context: cgroup_mutex. */
static int cgroup_migrate_prepare_dst(struct ucg *ucg, struct cgroup_mgctx *mgctx)
{
	struct css_set *src_cset, *tmp;
	int ret = 0, ssid;

	pthread_mutex_lock(&ucg->css_set_lock);
	list_for_each_entry_safe(src_cset, tmp, &mgctx->preloaded_src_csets, mg_src_node) {
		struct css_set *dst_cset = find_css_set_locked(src_cset, src_cset->mg_dst_cgrp);

		if (!dst_cset) {
			ret = -ENOMEM;
			break;
		}
		if (dst_cset == src_cset) {
			/* nothing changes for these tasks */
			src_cset->mg_src_cgrp = NULL;
			src_cset->mg_dst_cgrp = NULL;
			list_del_init(&src_cset->mg_src_node);
			put_css_set_locked(src_cset);
			put_css_set_locked(dst_cset);
			continue;
		}
		src_cset->mg_dst_cset = dst_cset;
		if (list_empty(&dst_cset->mg_dst_node))
			list_add_tail(&dst_cset->mg_dst_node, &mgctx->preloaded_dst_csets);
		else
			put_css_set_locked(dst_cset);
		for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
			if (src_cset->subsys[ssid] != dst_cset->subsys[ssid])
				mgctx->ss_mask |= 1u << ssid;
		}
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	return ret;
}

/* Queue @task for migration.  Context: css_set_lock. */
static void cgroup_migrate_add_task(struct task_struct *task, struct cgroup_mgctx *mgctx)
{
	struct css_set *cset = task->cgroups;

	if (task->exiting || !cset->mg_dst_cset)
		return;
	list_del_init(&task->cg_list);
	list_add_tail(&task->cg_list, &cset->mg_tasks);
	if (list_empty(&cset->mg_node))
		list_add_tail(&cset->mg_node, &mgctx->tset.src_csets);
	mgctx->tset.nr_tasks++;
}

/* Release everything prepare/add took.  Context: cgroup_mutex. */
static void cgroup_migrate_finish(struct ucg *ucg, struct cgroup_mgctx *mgctx)
{
	struct css_set *cset, *tmp;
	struct task_struct *task, *ntask;

	pthread_mutex_lock(&ucg->css_set_lock);
	list_for_each_entry_safe(cset, tmp, &mgctx->preloaded_src_csets, mg_src_node) {
		/* tasks still queued (not committed) go back, in order */
		list_for_each_entry_safe(task, ntask, &cset->mg_tasks, cg_list)
			list_move_tail(&task->cg_list, &cset->tasks);
		list_del_init(&cset->mg_node);
		list_del_init(&cset->mg_src_node);
		cset->mg_src_cgrp = NULL;
		cset->mg_dst_cgrp = NULL;
		cset->mg_dst_cset = NULL;
		put_css_set_locked(cset);
	}
	list_for_each_entry_safe(cset, tmp, &mgctx->preloaded_dst_csets, mg_dst_node) {
		list_for_each_entry_safe(task, ntask, &cset->mg_tasks, cg_list)
			list_move_tail(&task->cg_list, &cset->tasks);
		list_del_init(&cset->mg_dst_node);
		put_css_set_locked(cset);
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
}

/* Switch every queued task to its destination set.  Context: both locks. */
static void cgroup_migrate_commit(struct cgroup_mgctx *mgctx)
{
	struct list_head moving;
	struct css_set *cset;
	struct task_struct *task, *ntask;

	INIT_LIST_HEAD(&moving);
	list_for_each_entry(cset, &mgctx->tset.src_csets, mg_node) {
		list_for_each_entry_safe(task, ntask, &cset->mg_tasks, cg_list)
			list_move_tail(&task->cg_list, &moving);
	}
	list_for_each_entry_safe(task, ntask, &moving, cg_list) {
		struct css_set *from = task->cgroups;
		struct css_set *to = from->mg_dst_cset;

		get_css_set(to);
		css_set_move_task(task, from, to, true);
		put_css_set_locked(from);
	}
	mgctx->committed = true;
}

static int cgroup_migrate_execute(struct ucg *ucg, struct cgroup_mgctx *mgctx)
{
	struct cgroup_taskset *tset = &mgctx->tset;
	const struct cgroup_subsys *ss;
	int ssid, failed_ssid = -1, ret = 0;

	if (!tset->nr_tasks)
		return 0;
	for_each_subsys(ss, ssid) {
		if (!(mgctx->ss_mask & (1u << ssid)))
			continue;
		tset->ssid = ssid;
		ret = ucg->fail_can_attach[ssid];
		if (!ret && ss->can_attach)
			ret = ss->can_attach(tset);
		if (ret) {
			failed_ssid = ssid;
			goto out_cancel_attach;
		}
	}
	pthread_mutex_lock(&ucg->css_set_lock);
	cgroup_migrate_commit(mgctx);
	pthread_mutex_unlock(&ucg->css_set_lock);
	for_each_subsys(ss, ssid) {
		if (!(mgctx->ss_mask & (1u << ssid)) || !ss->attach)
			continue;
		tset->ssid = ssid;
		ss->attach(tset);
	}
	return 0;

out_cancel_attach:
	for_each_subsys(ss, ssid) {
		if (ssid == failed_ssid)
			break;
		if (!(mgctx->ss_mask & (1u << ssid)) || !ss->cancel_attach)
			continue;
		tset->ssid = ssid;
		ss->cancel_attach(tset);
	}
	return ret;
}

/**
 * cgroup_attach_task_locked - move a thread or a whole thread group to @dst.
 * @dst: destination cgroup
 * @leader: the thread (or, with @threadgroup, the group leader)
 * @threadgroup: move every live thread of @leader's group
 *
 * Exiting threads stay where they are.  All or nothing.
 * Return: 0, -ENOMEM, or a controller's can_attach error.
 * Context: cgroup_mutex.
 */
int cgroup_attach_task_locked(struct cgroup *dst, struct task_struct *leader, bool threadgroup)
{
	struct ucg *ucg = cgroup_ucg(dst);
	struct cgroup_mgctx mgctx;
	struct task_struct *t;
	int ret;

	mgctx_init(&mgctx);
	pthread_mutex_lock(&ucg->css_set_lock);
	if (!leader->exiting)
		cgroup_migrate_add_src(leader->cgroups, dst, &mgctx);
	if (threadgroup) {
		list_for_each_entry(t, &leader->threads, thread_node) {
			if (!t->exiting)
				cgroup_migrate_add_src(t->cgroups, dst, &mgctx);
		}
	}
	pthread_mutex_unlock(&ucg->css_set_lock);

	ret = cgroup_migrate_prepare_dst(ucg, &mgctx);
	if (ret)
		goto out_finish;
	pthread_mutex_lock(&ucg->css_set_lock);
	cgroup_migrate_add_task(leader, &mgctx);
	if (threadgroup) {
		list_for_each_entry(t, &leader->threads, thread_node)
			cgroup_migrate_add_task(t, &mgctx);
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	ret = cgroup_migrate_execute(ucg, &mgctx);
out_finish:
	cgroup_migrate_finish(ucg, &mgctx);
	return ret;
}

/**
 * cgroup_update_dfl_csses_locked - after a v2 control change below @cgrp,
 * move every live task of the subtree onto css_sets with the new css.
 * @cgrp: cgroup whose subtree_control changed
 *
 * Return: 0, -ENOMEM or a can_attach error (nothing moved then).
 * Context: cgroup_mutex.
 */
int cgroup_update_dfl_csses_locked(struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_subsys_state *pos;
	struct cgroup_mgctx mgctx;
	struct cgrp_cset_link *link;
	struct css_set *cset, *tmp;
	struct task_struct *task, *ntask;
	int ret;

	mgctx_init(&mgctx);
	pthread_mutex_lock(&ucg->css_set_lock);
	css_for_each_descendant_pre(pos, &cgrp->self) {
		if (cgroup_is_dead(pos->cgroup))
			continue;
		list_for_each_entry(link, &pos->cgroup->cset_links, cset_link)
			cgroup_migrate_add_src(link->cset, pos->cgroup, &mgctx);
	}
	pthread_mutex_unlock(&ucg->css_set_lock);

	ret = cgroup_migrate_prepare_dst(ucg, &mgctx);
	if (ret)
		goto out_finish;
	pthread_mutex_lock(&ucg->css_set_lock);
	list_for_each_entry_safe(cset, tmp, &mgctx.preloaded_src_csets, mg_src_node) {
		list_for_each_entry_safe(task, ntask, &cset->tasks, cg_list)
			cgroup_migrate_add_task(task, &mgctx);
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	ret = cgroup_migrate_execute(ucg, &mgctx);
out_finish:
	cgroup_migrate_finish(ucg, &mgctx);
	return ret;
}

/* ---- taskset iteration for controllers ---- */

static struct task_struct *tset_fill(struct cgroup_taskset *tset, struct css_set *cset,
				     struct list_head *pos, struct cgroup_subsys_state **dst_css,
				     struct cgroup_subsys_state **src_css)
{
	struct cgroup_mgctx *mgctx = container_of(tset, struct cgroup_mgctx, tset);
	struct task_struct *task = list_entry(pos, struct task_struct, cg_list);

	tset->cur_cset = cset;
	tset->cur_task = task;
	if (mgctx->committed) {
		*dst_css = cset->subsys[tset->ssid];
		*src_css = NULL;
	} else {
		*dst_css = cset->mg_dst_cset->subsys[tset->ssid];
		*src_css = cset->subsys[tset->ssid];
	}
	return task;
}

static struct list_head *tset_cset_next(struct cgroup_taskset *tset, struct css_set *cset)
{
	struct cgroup_mgctx *mgctx = container_of(tset, struct cgroup_mgctx, tset);

	return mgctx->committed ? cset->mg_dst_node.next : cset->mg_node.next;
}

static struct css_set *tset_cset_of(struct cgroup_taskset *tset, struct list_head *node)
{
	struct cgroup_mgctx *mgctx = container_of(tset, struct cgroup_mgctx, tset);

	if (mgctx->committed)
		return node == &mgctx->preloaded_dst_csets ? NULL :
			list_entry(node, struct css_set, mg_dst_node);
	return node == &tset->src_csets ? NULL : list_entry(node, struct css_set, mg_node);
}

/* Walk from set @cset (starting at list node @pos) to the next queued task. */
static struct task_struct *tset_walk(struct cgroup_taskset *tset, struct css_set *cset,
				     struct list_head *pos, struct cgroup_subsys_state **dst_css,
				     struct cgroup_subsys_state **src_css)
{
	while (cset) {
		if (pos != &cset->mg_tasks)
			return tset_fill(tset, cset, pos, dst_css, src_css);
		cset = tset_cset_of(tset, tset_cset_next(tset, cset));
		if (cset)
			pos = cset->mg_tasks.next;
	}
	return NULL;
}

/**
 * cgroup_taskset_first - first task of a migration.
 * @tset: the taskset passed to the callback
 * @dst_css: the css (of the called subsystem) the task moves to
 * @src_css: the css it leaves (NULL once committed, in attach)
 *
 * Return: the task, or NULL if none.
 */
struct task_struct *cgroup_taskset_first(struct cgroup_taskset *tset,
					 struct cgroup_subsys_state **dst_css,
					 struct cgroup_subsys_state **src_css)
{
	struct cgroup_mgctx *mgctx = container_of(tset, struct cgroup_mgctx, tset);
	struct list_head *head = mgctx->committed ? &mgctx->preloaded_dst_csets : &tset->src_csets;
	struct css_set *cset = tset_cset_of(tset, head->next);

	if (!cset)
		return NULL;
	return tset_walk(tset, cset, cset->mg_tasks.next, dst_css, src_css);
}

/**
 * cgroup_taskset_next - next task of a migration (see cgroup_taskset_first()).
 * @tset: taskset
 * @dst_css: as for cgroup_taskset_first()
 * @src_css: as for cgroup_taskset_first()
 */
struct task_struct *cgroup_taskset_next(struct cgroup_taskset *tset,
					struct cgroup_subsys_state **dst_css,
					struct cgroup_subsys_state **src_css)
{
	return tset_walk(tset, tset->cur_cset, tset->cur_task->cg_list.next, dst_css, src_css);
}
