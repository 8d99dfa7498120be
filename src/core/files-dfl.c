// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * files-dfl.c - the v2 core interface files (kernel: cgroup_base_files[] in
 * kernel/cgroup/cgroup.c): cgroup.type, procs, threads, controllers,
 * subtree_control, events, max.descendants, max.depth, stat, stat.local,
 * freeze, kill, cpu.stat, cpu.stat.local (shown by cputime.c).  Formats,
 * parsing and errno per spec section 1.
 */
#include <signal.h>
#include <string.h>

#include "cgroup-internal.h"
#include "lib/parse.h"

static bool cgroup_is_descendant(const struct cgroup *cgrp, const struct cgroup *ancestor)
{
	for (; cgrp; cgrp = cgroup_parent(cgrp)) {
		if (cgrp == ancestor)
			return true;
	}
	return false;
}

/* Print the names of @mask in id order, space separated; nothing if empty. */
static void cgroup_print_ss_mask(struct sbuf *sb, ss_mask_t mask)
{
	const struct cgroup_subsys *ss;
	bool printed = false;
	int ssid;

	for_each_subsys(ss, ssid) {
		if (!(mask & (1u << ssid)))
			continue;
		sbuf_printf(sb, "%s%s", printed ? " " : "", ss->name);
		printed = true;
	}
	if (printed)
		sbuf_putc(sb, '\n');
}

/* ---- cgroup.type ---- */

static int cgroup_type_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup *cgrp = of_cgrp(of);

	if (cgroup_is_threaded(cgrp))
		sbuf_puts(sb, "threaded\n");
	else if (!cgroup_is_valid_domain(cgrp))
		sbuf_puts(sb, "domain invalid\n");
	else if (cgroup_is_thread_root(cgrp))
		sbuf_puts(sb, "domain threaded\n");
	else
		sbuf_puts(sb, "domain\n");
	return 0;
}

static int cgroup_enable_threaded(struct cgroup *cgrp)
{
	struct cgroup *parent = cgroup_parent(cgrp);
	struct cgroup *dom_cgrp = parent->dom_cgrp;
	struct cgroup_subsys_state *pos;
	int ret;

	if (cgroup_is_threaded(cgrp))
		return 0;
	if (cgroup_is_populated(cgrp) || (cgrp->subtree_control & ~have_threaded_mask()))
		return -EOPNOTSUPP;
	if (!cgroup_is_valid_domain(dom_cgrp) || !cgroup_can_be_thread_root(dom_cgrp))
		return -EOPNOTSUPP;
	cgroup_save_control(cgrp);
	css_for_each_descendant_pre(pos, &cgrp->self) {
		struct cgroup *dsct = pos->cgroup;

		if (cgroup_is_dead(dsct))
			continue;
		if (dsct == cgrp || cgroup_is_threaded(dsct))
			dsct->dom_cgrp = dom_cgrp;
	}
	ret = cgroup_apply_control_locked(cgrp, NULL);
	if (!ret)
		parent->nr_threaded_children++;
	cgroup_finalize_control_locked(cgrp, ret);
	return ret;
}

static ssize_t cgroup_type_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	int ret;

	if (strcmp(strstrip(buf), "threaded"))
		return -EINVAL;
	ret = cgroup_enable_threaded(of_cgrp(of));
	return ret ? ret : (ssize_t)nbytes;
}

/* ---- cgroup.procs / cgroup.threads ---- */

static void cgroup_procs_show_one(struct cgroup *c, struct sbuf *sb, bool procs)
{
	struct cgrp_cset_link *link;
	struct task_struct *t;

	list_for_each_entry(link, &c->cset_links, cset_link) {
		list_for_each_entry(t, &link->cset->tasks, cg_list) {
			if (!procs || t->group_leader == t)
				sbuf_printf(sb, "%d\n", procs ? t->tgid : t->pid);
		}
		if (!procs)
			continue;
		/* an exited leader whose threads live on is still listed */
		list_for_each_entry(t, &link->cset->dying_tasks, cg_list) {
			if (t->group_leader == t && t->live > 0)
				sbuf_printf(sb, "%d\n", t->tgid);
		}
	}
}

static int cgroup_procs_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup *cgrp = of_cgrp(of);
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_subsys_state *pos;

	if (cgroup_is_threaded(cgrp))
		return -EOPNOTSUPP;
	pthread_mutex_lock(&ucg->css_set_lock);
	/* the processes of a threaded subtree belong to its domain */
	css_for_each_descendant_pre(pos, &cgrp->self) {
		if (pos->cgroup == cgrp || pos->cgroup->dom_cgrp == cgrp)
			cgroup_procs_show_one(pos->cgroup, sb, true);
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	return 0;
}

static int cgroup_threads_show(struct ucg_file *of, struct sbuf *sb)
{
	struct ucg *ucg = of->ucg;

	pthread_mutex_lock(&ucg->css_set_lock);
	cgroup_procs_show_one(of_cgrp(of), sb, false);
	pthread_mutex_unlock(&ucg->css_set_lock);
	return 0;
}

/**
 * cgroup_procs_write_pid - parse a PID written to procs/threads/tasks and
 * find its task.
 * @of: the open file (its writer names the task for `0`)
 * @buf: the written buffer
 * @threadgroup: return the thread group leader
 * @out: the task
 *
 * Return: 0, -EINVAL (any parse failure, negative), -ESRCH (no such task).
 * Context: cgroup_mutex.
 */
int cgroup_procs_write_pid(struct ucg_file *of, char *buf, bool threadgroup,
			   struct task_struct **out)
{
	struct task_struct *task;
	int pid;

	if (kstrtoint(strstrip(buf), 0, &pid) || pid < 0)
		return -EINVAL;
	if (!pid)
		pid = of->writer ? of->writer->tid : 0;
	task = pid ? cgroup_task_find_or_adopt(of->ucg, pid) : NULL;
	if (!task)
		return -ESRCH;
	*out = threadgroup ? task->group_leader : task;
	return 0;
}

static const struct cftype *core_file(const struct cgroup *cgrp, const char *name)
{
	const struct cftype *cft;

	for (cft = cgroup_base_files; cft->name[0]; cft++) {
		if (!strcmp(cft->name, name))
			return cft;
	}
	(void)cgrp;
	return NULL;
}

/* Permission to move from @src to @dst: write access to the common
 * ancestor's cgroup.procs, then the destination rules. */
static int cgroup_attach_permissions(struct cgroup *src, struct cgroup *dst,
				     const struct ucg_cred *cred, bool threadgroup)
{
	const struct cftype *procs = core_file(dst, "cgroup.procs");
	struct cgroup *com = src;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	int ret;

	while (!cgroup_is_descendant(dst, com))
		com = cgroup_parent(com);
	cgroup_file_attr(com, procs, NULL, &uid, &gid, &mode);
	if (!cgroup_permission(cred, uid, gid, mode, 2))
		return -EACCES;
	ret = cgroup_migrate_vet_dst(dst);
	if (ret)
		return ret;
	if (!threadgroup && src->dom_cgrp != dst->dom_cgrp)
		return -EOPNOTSUPP;
	return 0;
}

static ssize_t __cgroup_procs_write(struct ucg_file *of, char *buf, size_t nbytes, bool threadgroup)
{
	struct cgroup *dst = of_cgrp(of);
	struct task_struct *task;
	struct cgroup *src;
	int ret;

	ret = cgroup_procs_write_pid(of, buf, threadgroup, &task);
	if (ret)
		return ret;
	src = task->cgroups->dfl_cgrp;
	ret = cgroup_attach_permissions(src, dst, &of->cred, threadgroup);
	if (!ret)
		ret = cgroup_attach_task_locked(dst, task, threadgroup);
	return ret ? ret : (ssize_t)nbytes;
}

static ssize_t cgroup_procs_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	return __cgroup_procs_write(of, buf, nbytes, true);
}

static ssize_t cgroup_threads_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	return __cgroup_procs_write(of, buf, nbytes, false);
}

/* ---- cgroup.controllers / cgroup.subtree_control ---- */

static int cgroup_controllers_show(struct ucg_file *of, struct sbuf *sb)
{
	cgroup_print_ss_mask(sb, cgroup_control(of_cgrp(of)));
	return 0;
}

static int cgroup_subtree_control_show(struct ucg_file *of, struct sbuf *sb)
{
	cgroup_print_ss_mask(sb, of_cgrp(of)->subtree_control);
	return 0;
}

/* Parse "+a -b ..." into enable/disable masks: unknown name or sign -> EINVAL. */
static int parse_subtree_control(char *buf, ss_mask_t *enable, ss_mask_t *disable)
{
	const struct cgroup_subsys *ss;
	char *tok;
	int ssid;

	buf = strstrip(buf);
	while ((tok = strsep(&buf, " "))) {
		if (tok[0] == '\0')
			continue;
		for_each_subsys(ss, ssid) {
			if (!ss->dfl_cftypes || ss->legacy_only || strcmp(tok + 1, ss->name))
				continue;
			if (*tok == '+') {
				*enable |= 1u << ssid;
				*disable &= ~(1u << ssid);
			} else if (*tok == '-') {
				*disable |= 1u << ssid;
				*enable &= ~(1u << ssid);
			} else {
				return -EINVAL;
			}
			break;
		}
		if (ssid == CGROUP_SUBSYS_COUNT)
			return -EINVAL;
	}
	return 0;
}

/* Can @cgrp enable the controllers of @enable? (no internal processes) */
static int cgroup_vet_subtree_control_enable(struct cgroup *cgrp, ss_mask_t enable)
{
	ss_mask_t domain_enable = enable & ~have_threaded_mask();

	if (!enable)
		return 0;
	if (!cgroup_is_valid_domain(cgrp->dom_cgrp))
		return -EOPNOTSUPP;
	if (cgroup_is_mixable(cgrp))
		return 0;
	if (domain_enable) {
		if (cgroup_is_thread_root(cgrp) || cgroup_is_threaded(cgrp))
			return -EOPNOTSUPP;
	} else if (cgroup_can_be_thread_root(cgrp) || cgroup_is_threaded(cgrp)) {
		return 0;
	}
	if (cgroup_has_tasks(cgrp))
		return -EBUSY;
	return 0;
}

/* Drop no-op tokens; ENOENT for a controller not offered, EBUSY for one a
 * child still enables. */
static int subtree_control_check(struct cgroup *cgrp, ss_mask_t *enable, ss_mask_t *disable)
{
	struct cgroup_subsys_state *child;
	int ssid;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		ss_mask_t bit = 1u << ssid;

		if (*enable & bit) {
			if (cgrp->subtree_control & bit) {
				*enable &= ~bit;
				continue;
			}
			if (!(cgroup_control(cgrp) & bit))
				return -ENOENT;
		} else if (*disable & bit) {
			if (!(cgrp->subtree_control & bit)) {
				*disable &= ~bit;
				continue;
			}
			list_for_each_entry(child, &cgrp->self.children, sibling) {
				if (!cgroup_is_dead(child->cgroup) && (child->cgroup->subtree_control & bit))
					return -EBUSY;
			}
		}
	}
	return 0;
}

static ssize_t cgroup_subtree_control_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct cgroup *cgrp = of_cgrp(of);
	ss_mask_t enable = 0, disable = 0;
	int ret;

	ret = parse_subtree_control(buf, &enable, &disable);
	if (ret)
		return ret;
	ret = subtree_control_check(cgrp, &enable, &disable);
	if (ret || (!enable && !disable))
		return ret ? ret : (ssize_t)nbytes;
	ret = cgroup_vet_subtree_control_enable(cgrp, enable);
	if (ret)
		return ret;
	cgroup_save_control(cgrp);
	cgrp->subtree_control |= enable;
	cgrp->subtree_control &= ~disable;
	ret = cgroup_apply_control_locked(cgrp, of->writer);
	cgroup_finalize_control_locked(cgrp, ret);
	return ret ? ret : (ssize_t)nbytes;
}

/* ---- cgroup.events, stat, stat.local ---- */

static int cgroup_events_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup *cgrp = of_cgrp(of);

	pthread_mutex_lock(&of->ucg->css_set_lock);
	sbuf_printf(sb, "populated %d\nfrozen %d\n", cgroup_is_populated(cgrp),
		    !!(cgrp->flags & CGRP_FROZEN));
	pthread_mutex_unlock(&of->ucg->css_set_lock);
	return 0;
}

static int cgroup_stat_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup *cgrp = of_cgrp(of);
	const struct cgroup_subsys *ss;
	ss_mask_t shown = cgroup_control(&cgrp->root->cgrp);
	int ssid;

	sbuf_printf(sb, "nr_descendants %d\n", cgrp->nr_descendants);
	for_each_subsys(ss, ssid) {
		struct cgroup_subsys_state *css = cgrp->subsys[ssid];

		if (shown & (1u << ssid))
			sbuf_printf(sb, "nr_subsys_%s %d\n", ss->name,
				    css ? css->nr_descendants + 1 : 0);
	}
	sbuf_printf(sb, "nr_dying_descendants %d\n", cgrp->nr_dying_descendants);
	for_each_subsys(ss, ssid) {
		if (shown & (1u << ssid))
			sbuf_printf(sb, "nr_dying_subsys_%s %d\n", ss->name,
				    cgrp->nr_dying_subsys[ssid]);
	}
	return 0;
}

static int cgroup_stat_local_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup *cgrp = of_cgrp(of);
	uint64_t usec;

	pthread_mutex_lock(&of->ucg->css_set_lock);
	usec = cgroup_frozen_usec(cgrp);
	pthread_mutex_unlock(&of->ucg->css_set_lock);
	sbuf_printf(sb, "frozen_usec %llu\n", (unsigned long long)usec);
	return 0;
}

/* ---- cgroup.max.descendants / cgroup.max.depth ---- */

static void show_int_or_max(struct sbuf *sb, int v)
{
	if (v == INT_MAX)
		sbuf_puts(sb, "max\n");
	else
		sbuf_printf(sb, "%d\n", v);
}

static int parse_int_or_max(char *buf, int *out)
{
	int ret;

	buf = strstrip(buf);
	if (!strcmp(buf, "max")) {
		*out = INT_MAX;
		return 0;
	}
	ret = kstrtoint(buf, 0, out);
	if (ret)
		return ret;
	return *out < 0 ? -ERANGE : 0;
}

static int cgroup_max_descendants_show(struct ucg_file *of, struct sbuf *sb)
{
	show_int_or_max(sb, of_cgrp(of)->max_descendants);
	return 0;
}

static ssize_t cgroup_max_descendants_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	int v, ret = parse_int_or_max(buf, &v);

	if (ret)
		return ret;
	of_cgrp(of)->max_descendants = v;
	return (ssize_t)nbytes;
}

static int cgroup_max_depth_show(struct ucg_file *of, struct sbuf *sb)
{
	show_int_or_max(sb, of_cgrp(of)->max_depth);
	return 0;
}

static ssize_t cgroup_max_depth_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	int v, ret = parse_int_or_max(buf, &v);

	if (ret)
		return ret;
	of_cgrp(of)->max_depth = v;
	return (ssize_t)nbytes;
}

/* ---- cgroup.freeze / cgroup.kill ---- */

static int cgroup_freeze_show(struct ucg_file *of, struct sbuf *sb)
{
	sbuf_printf(sb, "%d\n", of_cgrp(of)->freezer.freeze);
	return 0;
}

static ssize_t cgroup_freeze_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	int freeze, ret = kstrtoint(strstrip(buf), 0, &freeze);

	if (ret)
		return ret;
	if (freeze < 0 || freeze > 1)
		return -ERANGE;
	cgroup_freeze_locked(of_cgrp(of), freeze);
	return (ssize_t)nbytes;
}

/* SIGKILL @t once: a task with a kill already pending is dying, skip it. */
static void cgroup_kill_task(struct ucg *ucg, struct task_struct *t)
{
	if (t->kill_sent)
		return;
	t->kill_sent = true;
	ucg->host_ops->signal(ucg->host, t, SIGKILL);
}

/* SIGKILL every process of @cgrp's subtree, pre-order. */
static void cgroup_kill(struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_subsys_state *pos;
	struct cgrp_cset_link *link;
	struct task_struct *t;

	pthread_mutex_lock(&ucg->css_set_lock);
	css_for_each_descendant_pre(pos, &cgrp->self) {
		if (cgroup_is_dead(pos->cgroup))
			continue;
		list_for_each_entry(link, &pos->cgroup->cset_links, cset_link) {
			list_for_each_entry(t, &link->cset->tasks, cg_list) {
				if (t->group_leader == t)
					cgroup_kill_task(ucg, t);
			}
			list_for_each_entry(t, &link->cset->dying_tasks, cg_list) {
				if (t->group_leader == t && t->live > 0)
					cgroup_kill_task(ucg, t);
			}
		}
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
}

static ssize_t cgroup_kill_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	int kill, ret = kstrtoint(strstrip(buf), 0, &kill);

	if (ret)
		return ret;
	if (kill != 1)
		return -ERANGE;
	if (cgroup_is_threaded(of_cgrp(of)))
		return -EOPNOTSUPP;
	cgroup_kill(of_cgrp(of));
	return (ssize_t)nbytes;
}

/* The v2 core files, in the kernel's order. */
const struct cftype cgroup_base_files[] = {
	{
		.name = "cgroup.type",
		.flags = CFTYPE_NOT_ON_ROOT,
		.seq_show = cgroup_type_show,
		.write = cgroup_type_write,
	},
	{
		.name = "cgroup.procs",
		.flags = CFTYPE_NS_DELEGATABLE,
		.seq_show = cgroup_procs_show,
		.write = cgroup_procs_write,
	},
	{
		.name = "cgroup.threads",
		.flags = CFTYPE_NS_DELEGATABLE,
		.seq_show = cgroup_threads_show,
		.write = cgroup_threads_write,
	},
	{
		.name = "cgroup.controllers",
		.seq_show = cgroup_controllers_show,
	},
	{
		.name = "cgroup.subtree_control",
		.flags = CFTYPE_NS_DELEGATABLE,
		.seq_show = cgroup_subtree_control_show,
		.write = cgroup_subtree_control_write,
	},
	{
		.name = "cgroup.events",
		.flags = CFTYPE_NOT_ON_ROOT | CFTYPE_NOTIFY,
		.seq_show = cgroup_events_show,
	},
	{
		.name = "cgroup.max.descendants",
		.seq_show = cgroup_max_descendants_show,
		.write = cgroup_max_descendants_write,
	},
	{
		.name = "cgroup.max.depth",
		.seq_show = cgroup_max_depth_show,
		.write = cgroup_max_depth_write,
	},
	{
		.name = "cgroup.stat",
		.seq_show = cgroup_stat_show,
	},
	{
		.name = "cgroup.stat.local",
		.flags = CFTYPE_NOT_ON_ROOT,
		.seq_show = cgroup_stat_local_show,
	},
	{
		.name = "cgroup.freeze",
		.flags = CFTYPE_NOT_ON_ROOT,
		.seq_show = cgroup_freeze_show,
		.write = cgroup_freeze_write,
	},
	{
		.name = "cgroup.kill",
		.flags = CFTYPE_NOT_ON_ROOT,
		.write = cgroup_kill_write,
	},
	{
		.name = "cpu.stat",
		.seq_show = cgroup_cpu_stat_show,
	},
	{
		.name = "cpu.stat.local",
		.seq_show = cgroup_cpu_stat_local_show,
	},
	{ }
};
