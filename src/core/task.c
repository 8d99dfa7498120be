// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * task.c - tasks as the engine sees them: a thread id, its thread group and
 * the css_set it belongs to (kernel: cgroup_can_fork, cgroup_post_fork,
 * cgroup_exit, cgroup_release).  The host reports forks, exits and reaps;
 * a fork inherits the parent's css_set, an exit leaves the task a zombie on
 * its set's dying list (still listed in v2 cgroup.procs while its group has
 * live threads), a release forgets it.
 */
#include <stdlib.h>

#include "cgroup-internal.h"

/**
 * cgroup_task_find - the task with thread id @pid (zombies included).
 * @ucg: engine
 * @pid: thread id
 *
 * Context: css_set_lock or cgroup_mutex.
 */
struct task_struct *cgroup_task_find(struct ucg *ucg, pid_t pid)
{
	struct task_struct *t;

	htable_for_each_possible(&ucg->tasks, hash_u64((uint64_t)pid), t) {
		if (t->pid == pid)
			return t;
	}
	return NULL;
}

/**
 * cgroup_task_find_or_adopt - the task with thread id @pid, adopting it from
 * the host if the engine has not met it yet (host-linux: every process
 * exists from the start, in the root cgroups).
 * @ucg: engine
 * @pid: thread id
 *
 * Return: the task or NULL.
 * Context: cgroup_mutex (not css_set_lock).
 */
struct task_struct *cgroup_task_find_or_adopt(struct ucg *ucg, pid_t pid)
{
	struct task_struct *t;

	pthread_mutex_lock(&ucg->css_set_lock);
	t = cgroup_task_find(ucg, pid);
	pthread_mutex_unlock(&ucg->css_set_lock);
	if (t || !ucg->host_ops->adopt || pid <= 0 || ucg->host_ops->adopt(ucg->host, pid))
		return t;
	pthread_mutex_lock(&ucg->css_set_lock);
	t = cgroup_task_find(ucg, pid);
	pthread_mutex_unlock(&ucg->css_set_lock);
	return t;
}

static void cgroup_cancel_fork(struct task_struct *task, struct css_set *cset, int upto)
{
	const struct cgroup_subsys *ss;
	int ssid;

	for_each_subsys(ss, ssid) {
		if (ssid >= upto)
			break;
		if (ss->cancel_fork)
			ss->cancel_fork(task, cset);
	}
}

static int cgroup_can_fork(struct ucg *ucg, struct task_struct *task, struct css_set *cset)
{
	const struct cgroup_subsys *ss;
	int ssid, ret;

	for_each_subsys(ss, ssid) {
		ret = ucg->fail_can_fork[ssid];
		if (!ret && ss->can_fork)
			ret = ss->can_fork(task, cset);
		if (ret) {
			cgroup_cancel_fork(task, cset, ssid);
			return ret;
		}
	}
	return 0;
}

/**
 * cgroup_task_fork - the host reports a new thread or process.
 * @ucg: engine
 * @parent: the forking thread (NULL: the init task, in every root)
 * @pid: new thread id
 * @tgid: its thread group (== @pid for a new process)
 * @uid: real and saved uid
 * @host_priv: the host's data for the task
 * @out: the new task
 *
 * Return: 0, -EAGAIN (a controller's can_fork refused, e.g. pids.max), -ENOMEM,
 * -EEXIST (@pid in use), -ESRCH (@tgid's leader unknown).
 * Context: cgroup_mutex.
 */
int cgroup_task_fork(struct ucg *ucg, struct task_struct *parent, pid_t pid, pid_t tgid,
		     uid_t uid, void *host_priv, struct task_struct **out)
{
	struct task_struct *task, *leader = NULL;
	struct css_set *cset;
	const struct cgroup_subsys *ss;
	int ssid, ret;

	if (cgroup_task_find(ucg, pid))
		return -EEXIST;
	if (tgid != pid && (!(leader = cgroup_task_find(ucg, tgid)) || leader->group_leader != leader))
		return -ESRCH;
	task = cgroup_zalloc(ucg, sizeof(*task));
	if (!task)
		return -ENOMEM;
	task->pid = pid;
	task->tgid = tgid;
	task->uid = task->suid = uid;
	task->group_leader = leader ? leader : task;
	task->host_priv = host_priv;
	INIT_LIST_HEAD(&task->cg_list);
	INIT_LIST_HEAD(&task->threads);
	INIT_LIST_HEAD(&task->thread_node);
	cset = parent ? parent->cgroups : &ucg->init_css_set;
	ret = cgroup_can_fork(ucg, task, cset);
	if (ret)
		goto err_free;
	pthread_mutex_lock(&ucg->css_set_lock);
	ret = htable_add(&ucg->tasks, hash_u64((uint64_t)pid), task);
	if (ret) {
		pthread_mutex_unlock(&ucg->css_set_lock);
		cgroup_cancel_fork(task, cset, CGROUP_SUBSYS_COUNT);
		goto err_free;
	}
	if (leader)
		list_add_tail(&task->thread_node, &leader->threads);
	task->group_leader->live++;
	get_css_set(cset);
	css_set_move_task(task, NULL, cset, false);
	atomic_fetch_add(&ucg->nr_tasks, 1);
	pthread_mutex_unlock(&ucg->css_set_lock);
	for_each_subsys(ss, ssid) {
		if (ss->fork)
			ss->fork(task);
	}
	*out = task;
	return 0;

err_free:
	cgroup_kfree(ucg, task, sizeof(*task));
	return ret;
}

/**
 * cgroup_task_exit - the host reports that @task exited.
 * @ucg: engine
 * @task: a live task
 *
 * Context: cgroup_mutex.
 */
void cgroup_task_exit(struct ucg *ucg, struct task_struct *task)
{
	struct css_set *cset = task->cgroups;
	const struct cgroup_subsys *ss;
	int ssid;

	if (task->exiting)
		return;
	pthread_mutex_lock(&ucg->css_set_lock);
	task->exiting = true;
	task->group_leader->live--;
	cgroup_freezer_task_exit(task);
	list_del_init(&task->cg_list);
	if (!--cset->nr_tasks) {
		struct cgrp_cset_link *link;

		list_for_each_entry(link, &cset->cgrp_links, cgrp_link)
			cgroup_update_populated(link->cgrp, false);
	}
	list_add_tail(&task->cg_list, &cset->dying_tasks);
	cgroup_freezer_update_frozen(cset->dfl_cgrp);
	pthread_mutex_unlock(&ucg->css_set_lock);
	for_each_subsys(ss, ssid) {
		if (ss->exit)
			ss->exit(task);
	}
}

static void task_forget(struct ucg *ucg, struct task_struct *task)
{
	list_del_init(&task->cg_list);
	list_del_init(&task->thread_node);
	htable_del(&ucg->tasks, hash_u64((uint64_t)task->pid), task);
	put_css_set_locked(task->cgroups);
	atomic_fetch_sub(&ucg->nr_tasks, 1);
	if (ucg->host_ops->task_free)
		ucg->host_ops->task_free(ucg->host, task);
	cgroup_kfree(ucg, task, sizeof(*task));
}

/**
 * cgroup_task_release - the host reports @task reaped; the engine forgets it.
 * @ucg: engine
 * @task: an exited task (a leader only after all its threads)
 *
 * Context: cgroup_mutex.
 */
void cgroup_task_release(struct ucg *ucg, struct task_struct *task)
{
	const struct cgroup_subsys *ss;
	int ssid;

	for_each_subsys(ss, ssid) {
		if (ss->release)
			ss->release(task);
	}
	pthread_mutex_lock(&ucg->css_set_lock);
	task_forget(ucg, task);
	pthread_mutex_unlock(&ucg->css_set_lock);
}

/**
 * cgroup_release_all_tasks_locked - forget every task (engine teardown).
 * @ucg: engine
 *
 * Context: cgroup_mutex.
 */
void cgroup_release_all_tasks_locked(struct ucg *ucg)
{
	struct task_struct **all, *t;
	size_t i, n;
	int pass;

	pthread_mutex_lock(&ucg->css_set_lock);
	all = (struct task_struct **)htable_snapshot(&ucg->tasks, &n);
	if (!all && ucg->tasks.nr_items)
		abort(); /* teardown cannot proceed without memory */
	/* threads first: they are linked on their leader */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			t = all[i];
			if (t && (t->group_leader == t) == (pass == 1)) {
				task_forget(ucg, t);
				all[i] = NULL;
			}
		}
	}
	free(all);
	pthread_mutex_unlock(&ucg->css_set_lock);
}

/**
 * task_css_by_pid - the css of @ssid used by thread @tid, referenced.
 * @ucg: engine
 * @tid: thread id
 * @ssid: subsystem id
 * @err: -ESRCH when the task is unknown
 *
 * Return: the css (css_put() it) or NULL.
 */
struct cgroup_subsys_state *task_css_by_pid(struct ucg *ucg, pid_t tid, int ssid, int *err)
{
	struct cgroup_subsys_state *css = NULL;
	struct task_struct *t;

	pthread_mutex_lock(&ucg->css_set_lock);
	t = cgroup_task_find(ucg, tid);
	if (t) {
		css = t->cgroups->subsys[ssid];
		css_get(css);
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	if (!css && err)
		*err = -ESRCH;
	return css;
}

/**
 * css_for_each_task - call @fn on every live task whose css of @css's
 * subsystem is @css.
 * @css: a controller css
 * @fn: callback (css_set_lock held: must not re-enter the engine)
 * @arg: its argument
 *
 * Context: cgroup_mutex.
 */
void css_for_each_task(struct cgroup_subsys_state *css,
		       void (*fn)(struct task_struct *task, void *arg), void *arg)
{
	struct ucg *ucg = css_ucg(css);
	struct cgroup_subsys_state *pos;
	struct cgrp_cset_link *link;
	struct task_struct *t;
	int ssid = css->ss->id;

	pthread_mutex_lock(&ucg->css_set_lock);
	css_for_each_descendant_pre(pos, &css->cgroup->self) {
		list_for_each_entry(link, &pos->cgroup->cset_links, cset_link) {
			if (link->cset->subsys[ssid] != css)
				continue;
			list_for_each_entry(t, &link->cset->tasks, cg_list)
				fn(t, arg);
		}
		if (!cgroup_on_dfl(css->cgroup))
			break;
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
}
