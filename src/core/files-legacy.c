// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * files-legacy.c - the v1 core interface files (kernel: cgroup1_base_files[]
 * in kernel/cgroup/cgroup-v1.c): cgroup.procs, cgroup.clone_children,
 * cgroup.sane_behavior, tasks, notify_on_release, release_agent.
 * tasks and cgroup.procs read sorted and de-duplicated; writes move a thread
 * (tasks) or a whole process (cgroup.procs) under the v1 uid rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"
#include "lib/parse.h"

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* tasks / cgroup.procs: live tasks of this cgroup, sorted, unique. */
static int cgroup1_pidlist_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup *cgrp = of_cgrp(of);
	struct ucg *ucg = of->ucg;
	bool procs = of->cft->private;
	struct cgrp_cset_link *link;
	struct task_struct *t;
	size_t n = 0, i, cap = 0;
	pid_t *pids = NULL;

	pthread_mutex_lock(&ucg->css_set_lock);
	list_for_each_entry(link, &cgrp->cset_links, cset_link)
		cap += (size_t)link->cset->nr_tasks;
	pids = malloc((cap + 1) * sizeof(*pids));
	if (pids) {
		list_for_each_entry(link, &cgrp->cset_links, cset_link) {
			list_for_each_entry(t, &link->cset->tasks, cg_list) {
				if (n < cap)
					pids[n++] = procs ? t->tgid : t->pid;
			}
		}
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	if (!pids)
		return -ENOMEM;
	qsort(pids, n, sizeof(*pids), cmp_pid);
	for (i = 0; i < n; i++) {
		if (i && pids[i] == pids[i - 1])
			continue;
		sbuf_printf(sb, "%d\n", pids[i]);
	}
	free(pids);
	return 0;
}

/**
 * cgroup1_attach_permission - the v1 rule: the opener's euid is 0 or the
 * target's real or saved uid.
 * @cred: the opener
 * @task: the task to move
 *
 * Return: 0 or -EACCES.
 */
int cgroup1_attach_permission(const struct ucg_cred *cred, struct task_struct *task)
{
	if (cred->uid == 0 || cred->uid == task->uid || cred->uid == task->suid)
		return 0;
	return -EACCES;
}

static ssize_t __cgroup1_procs_write(struct ucg_file *of, char *buf, size_t nbytes,
				     bool threadgroup)
{
	struct task_struct *task;
	int ret;

	ret = cgroup_procs_write_pid(of, buf, threadgroup, &task);
	if (ret)
		return ret;
	ret = cgroup1_attach_permission(&of->cred, task);
	if (!ret)
		ret = cgroup_attach_task_locked(of_cgrp(of), task, threadgroup);
	return ret ? ret : (ssize_t)nbytes;
}

static ssize_t cgroup1_procs_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	return __cgroup1_procs_write(of, buf, nbytes, true);
}

static ssize_t cgroup1_tasks_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	return __cgroup1_procs_write(of, buf, nbytes, false);
}

static uint64_t cgroup_flag_read(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return !!(css->cgroup->flags & cft->private);
}

static int cgroup_flag_write(struct cgroup_subsys_state *css, const struct cftype *cft,
			     uint64_t val)
{
	if (val)
		css->cgroup->flags |= (unsigned int)cft->private;
	else
		css->cgroup->flags &= ~(unsigned int)cft->private;
	return 0;
}

static int cgroup_sane_behavior_show(struct ucg_file *of, struct sbuf *sb)
{
	sbuf_puts(sb, "0\n");
	return 0;
}

static int cgroup_release_agent_show(struct ucg_file *of, struct sbuf *sb)
{
	sbuf_printf(sb, "%s\n", of_cgrp(of)->root->release_agent_path);
	return 0;
}

static ssize_t cgroup_release_agent_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct cgroup_root *root = of_cgrp(of)->root;

	/* the agent runs with full privileges: setting it needs them */
	if (!(of->cred.caps & UCG_CAP_SYS_ADMIN))
		return -EPERM;
	snprintf(root->release_agent_path, sizeof(root->release_agent_path), "%s", strstrip(buf));
	return (ssize_t)nbytes;
}

/* The v1 core files, in the kernel's order. */
const struct cftype cgroup1_base_files[] = {
	{
		.name = "cgroup.procs",
		.private = 1,
		.seq_show = cgroup1_pidlist_show,
		.write = cgroup1_procs_write,
	},
	{
		.name = "cgroup.clone_children",
		.private = CGRP_CPUSET_CLONE_CHILDREN,
		.read_u64 = cgroup_flag_read,
		.write_u64 = cgroup_flag_write,
	},
	{
		.name = "cgroup.sane_behavior",
		.flags = CFTYPE_ONLY_ON_ROOT,
		.seq_show = cgroup_sane_behavior_show,
	},
	{
		.name = "tasks",
		.private = 0,
		.seq_show = cgroup1_pidlist_show,
		.write = cgroup1_tasks_write,
	},
	{
		.name = "notify_on_release",
		.private = CGRP_NOTIFY_ON_RELEASE,
		.read_u64 = cgroup_flag_read,
		.write_u64 = cgroup_flag_write,
	},
	{
		.name = "release_agent",
		.flags = CFTYPE_ONLY_ON_ROOT,
		.max_write_len = PATH_MAX_RA - 1,
		.seq_show = cgroup_release_agent_show,
		.write = cgroup_release_agent_write,
	},
	{ }
};
