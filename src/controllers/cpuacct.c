// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpuacct.c - the v1 CPU accounting controller (kernel: kernel/sched/cpuacct.c).
 *
 * Legacy only (inhibited on v2, where cpu.stat does its job).  CPU time the
 * host reports is charged to the task's cpuacct cgroup and every ancestor,
 * root included; exited tasks' time stays.  Files (all cgroups): usage
 * (writing 0 resets this cgroup's counters, anything else is EINVAL),
 * usage_user, usage_sys, usage_percpu[_user|_sys], usage_all and stat (USER_HZ
 * ticks).  Values are ns.
 *
 * Deviation: the engine has one virtual CPU (the host reports time per
 * task, not per CPU), so the per-CPU files show one value, for CPU 0.
 *
 * Counters are protected by cgroup_mutex (charges and file handlers hold it).
 */
#include <errno.h>
#include <stdint.h>

#include "core/cgroup.h"

#define USER_HZ 100
#define NSEC_PER_SEC 1000000000ULL

enum cpuacct_stat_index {
	CPUACCT_STAT_USER,
	CPUACCT_STAT_SYSTEM,
	CPUACCT_STAT_NSTATS,
};

struct cpuacct {
	struct cgroup_subsys_state css;   /* must be first */
	uint64_t usage[CPUACCT_STAT_NSTATS]; /* ns, cgroup_mutex */
};

static struct cpuacct *css_ca(struct cgroup_subsys_state *css)
{
	return css ? container_of(css, struct cpuacct, css) : NULL;
}

static struct cgroup_subsys_state *cpuacct_css_alloc(struct cgroup_subsys_state *parent_css,
						     struct cgroup *cgrp)
{
	struct cpuacct *ca = cgroup_zalloc(cgroup_ucg(cgrp), sizeof(*ca));

	return ca ? &ca->css : NULL;
}

static void cpuacct_css_free(struct cgroup_subsys_state *css)
{
	cgroup_kfree(css_ucg(css), css_ca(css), sizeof(struct cpuacct));
}

/* ->account_cputime (kernel: cpuacct_charge() and cpuacct_account_field()). */
static void cpuacct_account_cputime(struct task_struct *task, uint64_t user_ns,
				    uint64_t system_ns)
{
	struct cpuacct *ca;

	for (ca = css_ca(task->cgroups->subsys[cpuacct_cgrp_id]); ca;
	     ca = css_ca(ca->css.parent)) {
		ca->usage[CPUACCT_STAT_USER] += user_ns;
		ca->usage[CPUACCT_STAT_SYSTEM] += system_ns;
	}
}

/* .private: CPUACCT_STAT_USER, CPUACCT_STAT_SYSTEM or CPUACCT_STAT_NSTATS (both) */
static uint64_t cpuacct_usage(struct cpuacct *ca, unsigned long index)
{
	if (index == CPUACCT_STAT_NSTATS)
		return ca->usage[CPUACCT_STAT_USER] + ca->usage[CPUACCT_STAT_SYSTEM];
	return ca->usage[index];
}

static uint64_t cpuusage_read(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return cpuacct_usage(css_ca(css), cft->private);
}

static int cpuusage_write(struct cgroup_subsys_state *css, const struct cftype *cft,
			  uint64_t val)
{
	struct cpuacct *ca = css_ca(css);

	if (val)
		return -EINVAL;
	ca->usage[CPUACCT_STAT_USER] = 0;
	ca->usage[CPUACCT_STAT_SYSTEM] = 0;
	return 0;
}

/* One value per possible CPU, each followed by a space. */
static int cpuacct_percpu_show(struct ucg_file *of, struct sbuf *sb)
{
	sbuf_printf(sb, "%llu \n",
		    (unsigned long long)cpuacct_usage(css_ca(of_css(of)), of->cft->private));
	return 0;
}

static int cpuacct_all_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cpuacct *ca = css_ca(of_css(of));

	sbuf_printf(sb, "cpu user system\n0 %llu %llu\n",
		    (unsigned long long)ca->usage[CPUACCT_STAT_USER],
		    (unsigned long long)ca->usage[CPUACCT_STAT_SYSTEM]);
	return 0;
}

/* USER_HZ ticks (kernel: nsec_to_clock_t()). */
static int cpuacct_stats_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cpuacct *ca = css_ca(of_css(of));
	const uint64_t tick = NSEC_PER_SEC / USER_HZ;

	sbuf_printf(sb, "user %lld\nsystem %lld\n",
		    (long long)(ca->usage[CPUACCT_STAT_USER] / tick),
		    (long long)(ca->usage[CPUACCT_STAT_SYSTEM] / tick));
	return 0;
}

static const struct cftype cpuacct_files[] = {
	{
		.name = "usage",
		.private = CPUACCT_STAT_NSTATS,
		.read_u64 = cpuusage_read,
		.write_u64 = cpuusage_write,
	},
	{
		.name = "usage_user",
		.private = CPUACCT_STAT_USER,
		.read_u64 = cpuusage_read,
	},
	{
		.name = "usage_sys",
		.private = CPUACCT_STAT_SYSTEM,
		.read_u64 = cpuusage_read,
	},
	{
		.name = "usage_percpu",
		.private = CPUACCT_STAT_NSTATS,
		.seq_show = cpuacct_percpu_show,
	},
	{
		.name = "usage_percpu_user",
		.private = CPUACCT_STAT_USER,
		.seq_show = cpuacct_percpu_show,
	},
	{
		.name = "usage_percpu_sys",
		.private = CPUACCT_STAT_SYSTEM,
		.seq_show = cpuacct_percpu_show,
	},
	{
		.name = "usage_all",
		.seq_show = cpuacct_all_show,
	},
	{
		.name = "stat",
		.seq_show = cpuacct_stats_show,
	},
	{ } /* terminate */
};

const struct cgroup_subsys cpuacct_cgrp_subsys = {
	.css_alloc = cpuacct_css_alloc,
	.css_free = cpuacct_css_free,
	.account_cputime = cpuacct_account_cputime,
	.legacy_only = true,
	.id = cpuacct_cgrp_id,
	.name = "cpuacct",
	.legacy_name = "cpuacct",
	.legacy_cftypes = cpuacct_files,
};
