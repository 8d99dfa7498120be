// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * proc.c - the /proc views of the engine in the kernel's formats:
 * /proc/cgroups (proc_cgroupstats_show) and /proc/PID/cgroup
 * (proc_cgroup_show): one line per hierarchy, newest v1 first, v2 last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"

static int sbuf_take(struct sbuf *sb, char **out)
{
	if (sb->err) {
		sbuf_fini(sb);
		return sb->err;
	}
	*out = sb->buf ? sb->buf : strdup("");
	return *out ? 0 : -ENOMEM;
}

int ucg_proc_cgroups(struct ucg *ucg, char **out)
{
	const struct cgroup_subsys *ss;
	struct sbuf sb;
	int ssid;

	sbuf_init(&sb);
	cgroup_lock(ucg);
	sbuf_puts(&sb, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n");
	for_each_subsys(ss, ssid) {
		struct cgroup_root *root = ucg->ss_root[ssid];

		sbuf_printf(&sb, "%s\t%d\t%d\t%d\n", ss->legacy_name, root->hierarchy_id,
			    root->nr_cgrps, 1);
	}
	cgroup_unlock(ucg);
	return sbuf_take(&sb, out);
}

static void proc_cgroup_line(struct sbuf *sb, struct cgroup_root *root, struct task_struct *t)
{
	struct cgroup *cgrp = cset_cgroup_from_root(t->cgroups, root);
	const struct cgroup_subsys *ss;
	char path[4096];
	int ssid, count = 0;

	sbuf_printf(sb, "%d:", root->hierarchy_id);
	if (root->hierarchy_id != 0) {
		for_each_subsys(ss, ssid) {
			if (root->subsys_mask & (1u << ssid))
				sbuf_printf(sb, "%s%s", count++ ? "," : "", ss->legacy_name);
		}
		if (root->name[0])
			sbuf_printf(sb, "%sname=%s", count ? "," : "", root->name);
	}
	sbuf_putc(sb, ':');
	if (root->hierarchy_id == 0 || !t->exiting) {
		if (cgroup_path(cgrp, path, sizeof(path)) < 0)
			snprintf(path, sizeof(path), "/");
		sbuf_puts(sb, path);
	} else {
		sbuf_putc(sb, '/');
	}
	if (root->hierarchy_id == 0 && cgroup_is_dead(cgrp))
		sbuf_puts(sb, " (deleted)");
	sbuf_putc(sb, '\n');
}

int ucg_proc_pid_cgroup(struct ucg *ucg, pid_t pid, char **out)
{
	struct cgroup_root *root;
	struct task_struct *t;
	struct sbuf sb;

	sbuf_init(&sb);
	cgroup_lock(ucg);
	cgroup_task_find_or_adopt(ucg, pid);
	pthread_mutex_lock(&ucg->css_set_lock);
	t = cgroup_task_find(ucg, pid);
	if (t) {
		list_for_each_entry(root, &ucg->roots, root_list)
			proc_cgroup_line(&sb, root, t);
		if (ucg->dfl_mounted)
			proc_cgroup_line(&sb, &ucg->dfl_root, t);
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	cgroup_unlock(ucg);
	if (!t) {
		sbuf_fini(&sb);
		return -ESRCH;
	}
	return sbuf_take(&sb, out);
}
