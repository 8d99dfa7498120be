// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cputime.c - CPU time of cgroups, with or without the cpu controller
 * (kernel: cgroup_account_cputime() and the base stat of kernel/cgroup/rstat.c).
 *
 * The host reports the time each task ran (ucg_sim_run() on host-sim).  It
 * is added to the task's v2 cgroup and to every ancestor up to the root, so a
 * cgroup's numbers cover its whole subtree and keep the time of tasks that
 * exited or moved away.  The kernel charges only the task's cgroup and sums
 * the tree on read (rstat); summing on charge costs O(depth) per charge and
 * reads nothing but two counters.  Controllers that also want the time (cpu
 * bandwidth, cpuacct) get it through ->account_cputime().
 *
 * The v2 core files cpu.stat (usage_usec, user_usec, system_usec, nice_usec,
 * then the cpu controller's lines) and cpu.stat.local (only the cpu
 * controller's lines) exist in every cgroup, spec sections 1.2 and 8.2.
 */
#include "cgroup-internal.h"

/* Add to @cgrp and each ancestor.  Relaxed: independent counters. */
static void cgroup_base_stat_charge(struct cgroup *cgrp, uint64_t user_ns, uint64_t system_ns)
{
	for (; cgrp; cgrp = cgroup_parent(cgrp)) {
		atomic_fetch_add_explicit(&cgrp->cputime.user_ns, user_ns, memory_order_relaxed);
		atomic_fetch_add_explicit(&cgrp->cputime.system_ns, system_ns,
					  memory_order_relaxed);
	}
}

/**
 * cgroup_account_cputime - charge CPU time a task used.
 * @task: the task that ran (live or exiting)
 * @user_ns: time in user mode, ns
 * @system_ns: time in the kernel, ns
 *
 * Charged to @task's v2 cgroup and its ancestors (cpu.stat), then handed to
 * every controller with an ->account_cputime() hook.
 *
 * Context: cgroup_mutex (which keeps task->cgroups stable: every migration
 * holds it).
 */
void cgroup_account_cputime(struct task_struct *task, uint64_t user_ns, uint64_t system_ns)
{
	const struct cgroup_subsys *ss;
	int ssid;

	cgroup_base_stat_charge(task->cgroups->dfl_cgrp, user_ns, system_ns);
	for_each_subsys(ss, ssid) {
		if (ss->account_cputime)
			ss->account_cputime(task, user_ns, system_ns);
	}
}

/* The css of @ssid in @cgrp itself, if online (kernel: cgroup_tryget_css()). */
static struct cgroup_subsys_state *cgroup_own_css(struct cgroup *cgrp, int ssid)
{
	struct cgroup_subsys_state *css = cgrp->subsys[ssid];

	return css && css_is_online(css) ? css : NULL;
}

/*
 * cpu.stat.  Deviation: nice_usec is always 0 (the host reports no nice
 * time; the kernel counts it in user_usec too), and core_sched.force_idle_usec
 * (CONFIG_SCHED_CORE) is not shown.
 */
int cgroup_cpu_stat_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup *cgrp = of_cgrp(of);
	const struct cgroup_subsys *ss = cgroup_subsys[cpu_cgrp_id];
	struct cgroup_subsys_state *css;
	unsigned long long user = atomic_load(&cgrp->cputime.user_ns);
	unsigned long long sys = atomic_load(&cgrp->cputime.system_ns);

	sbuf_printf(sb, "usage_usec %llu\nuser_usec %llu\nsystem_usec %llu\nnice_usec 0\n",
		    (user + sys) / 1000, user / 1000, sys / 1000);
	css = cgroup_own_css(cgrp, cpu_cgrp_id);
	if (css && ss->css_extra_stat_show)
		return ss->css_extra_stat_show(css, sb);
	return 0;
}

/* cpu.stat.local: empty unless the cpu controller has a css here. */
int cgroup_cpu_stat_local_show(struct ucg_file *of, struct sbuf *sb)
{
	const struct cgroup_subsys *ss = cgroup_subsys[cpu_cgrp_id];
	struct cgroup_subsys_state *css = cgroup_own_css(of_cgrp(of), cpu_cgrp_id);

	if (css && ss->css_local_stat_show)
		return ss->css_local_stat_show(css, sb);
	return 0;
}
