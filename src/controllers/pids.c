// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pids.c - the process number controller (kernel: kernel/cgroup/pids.c).
 *
 * Limits the number of tasks (threads, not processes) in a cgroup and its
 * descendants.  A fork is charged one task at every level from the new
 * task's cgroup up to, but excluding, the root; if any level would go over
 * its pids.max the fork fails with EAGAIN and the lower levels are uncharged
 * again.  The charge is released when the task is reaped.  Migration moves
 * the charge without looking at the limits, so pids.current may exceed
 * pids.max.  Files (all NOT_ON_ROOT): pids.max, pids.current, pids.peak,
 * pids.events and, on v2, pids.events.local (spec section 8.1).
 *
 * Counters are C11 atomics: charges and reads take no lock.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "core/cgroup.h"
#include "lib/parse.h"

#define PID_MAX_LIMIT (4 * 1024 * 1024)   /* 64-bit kernels */
#define PIDS_MAX ((int64_t)PID_MAX_LIMIT + 1)
#define PIDS_MAX_STR "max"

enum pidcg_event {
	PIDCG_MAX,      /* fork failed in the subtree because this limit was hit */
	PIDCG_FORKFAIL, /* fork failed in this cgroup because of some limit */
	NR_PIDCG_EVENTS,
};

struct pids_cgroup {
	struct cgroup_subsys_state css;  /* must be first */
	atomic_llong counter;            /* tasks charged here and below */
	atomic_llong limit;              /* PIDS_MAX means unlimited */
	atomic_llong watermark;          /* highest counter seen (pids.peak) */
	atomic_llong events[NR_PIDCG_EVENTS];       /* hierarchical */
	atomic_llong events_local[NR_PIDCG_EVENTS]; /* this cgroup only */
};

static struct pids_cgroup *css_pids(struct cgroup_subsys_state *css)
{
	return css ? container_of(css, struct pids_cgroup, css) : NULL;
}

static struct pids_cgroup *parent_pids(struct pids_cgroup *pids)
{
	return css_pids(pids->css.parent);
}

static struct pids_cgroup *of_pids(struct ucg_file *of)
{
	return css_pids(of_css(of));
}

static struct cgroup_subsys_state *pids_css_alloc(struct cgroup_subsys_state *parent_css,
						  struct cgroup *cgrp)
{
	struct pids_cgroup *pids;

	pids = cgroup_zalloc(cgroup_ucg(cgrp), sizeof(*pids));
	if (!pids)
		return NULL;
	atomic_init(&pids->limit, PIDS_MAX);
	return &pids->css;
}

static void pids_css_free(struct cgroup_subsys_state *css)
{
	cgroup_kfree(css_ucg(css), css_pids(css), sizeof(struct pids_cgroup));
}

/* Accepted race: a concurrent larger value may win; that is the right answer. */
static void pids_update_watermark(struct pids_cgroup *p, long long nr_pids)
{
	long long old = atomic_load_explicit(&p->watermark, memory_order_relaxed);

	while (nr_pids > old &&
	       !atomic_compare_exchange_weak_explicit(&p->watermark, &old, nr_pids,
						      memory_order_relaxed,
						      memory_order_relaxed))
		;
}

/* Undo a charge of @num at @pids only (one level). */
static void pids_cancel(struct pids_cgroup *pids, int num)
{
	atomic_fetch_sub(&pids->counter, num);
}

/* Uncharge @num from @pids and every ancestor below the root. */
static void pids_uncharge(struct pids_cgroup *pids, int num)
{
	struct pids_cgroup *p;

	for (p = pids; parent_pids(p); p = parent_pids(p))
		pids_cancel(p, num);
}

/* Charge @num to @pids and every ancestor below the root, ignoring limits. */
static void pids_charge(struct pids_cgroup *pids, int num)
{
	struct pids_cgroup *p;

	for (p = pids; parent_pids(p); p = parent_pids(p))
		pids_update_watermark(p, atomic_fetch_add(&p->counter, num) + num);
}

/*
 * Charge @num to @pids and its ancestors below the root, respecting every
 * level's limit.  On failure *@fail is the first level over its limit and
 * nothing stays charged.
 *
 * As the kernel, each level's watermark is raised when that level takes the
 * charge, so levels below a refusing ancestor may peak at a count that was
 * then undone (tolerated there for the watermark, and here).
 */
static int pids_try_charge(struct pids_cgroup *pids, int num, struct pids_cgroup **fail)
{
	struct pids_cgroup *p, *q;

	for (p = pids; parent_pids(p); p = parent_pids(p)) {
		long long new = atomic_fetch_add(&p->counter, num) + num;

		/* PIDS_MAX exceeds any possible count: never fails there. */
		if (new > atomic_load(&p->limit)) {
			*fail = p;
			goto revert;
		}
		pids_update_watermark(p, new);
	}
	return 0;

revert:
	for (q = pids; q != p; q = parent_pids(q))
		pids_cancel(q, num);
	pids_cancel(p, num);
	return -EAGAIN;
}

/* The css a task is charged to: that of the css_set it currently uses. */
static struct pids_cgroup *task_pids(struct task_struct *task)
{
	return css_pids(task->cgroups->subsys[pids_cgrp_id]);
}

static int pids_can_attach(struct cgroup_taskset *tset)
{
	struct task_struct *task;
	struct cgroup_subsys_state *dst_css, *src_css;

	cgroup_taskset_for_each(task, dst_css, src_css, tset) {
		struct pids_cgroup *old = src_css ? css_pids(src_css) : task_pids(task);

		/* Migration is never refused: charge without the limit. */
		pids_charge(css_pids(dst_css), 1);
		pids_uncharge(old, 1);
	}
	return 0;
}

static void pids_cancel_attach(struct cgroup_taskset *tset)
{
	struct task_struct *task;
	struct cgroup_subsys_state *dst_css, *src_css;

	cgroup_taskset_for_each(task, dst_css, src_css, tset) {
		struct pids_cgroup *old = src_css ? css_pids(src_css) : task_pids(task);

		pids_charge(old, 1);
		pids_uncharge(css_pids(dst_css), 1);
	}
}

/* pids_localevents (v2 mount option) or v1: events report the forking cgroup's
 * own fork failures only. */
static bool pids_local_events(const struct pids_cgroup *pids)
{
	const struct cgroup *cgrp = pids->css.cgroup;

	return !cgroup_on_dfl(cgrp) || (cgrp->root->flags & CGRP_ROOT_PIDS_LOCAL_EVENTS);
}

/*
 * Count a fork rejection: @forking is the new task's cgroup, @over_limit the
 * first level whose limit was hit.
 *
 * Deviation: in local-events mode the kernel notifies only pids.events.local
 * (a file v1 lacks), although pids.events shows the same count; we notify
 * every file whose content changed.
 */
static void pids_event(struct pids_cgroup *forking, struct pids_cgroup *over_limit)
{
	struct pids_cgroup *p;
	struct cgroup *cgrp = forking->css.cgroup;

	atomic_fetch_add(&forking->events_local[PIDCG_FORKFAIL], 1);
	if (pids_local_events(forking)) {
		cgroup_file_notify(cgrp, "pids.events");
		if (cgroup_on_dfl(cgrp))
			cgroup_file_notify(cgrp, "pids.events.local");
		return;
	}

	atomic_fetch_add(&over_limit->events_local[PIDCG_MAX], 1);
	cgroup_file_notify(over_limit->css.cgroup, "pids.events.local");

	for (p = over_limit; parent_pids(p); p = parent_pids(p)) {
		atomic_fetch_add(&p->events[PIDCG_MAX], 1);
		cgroup_file_notify(p->css.cgroup, "pids.events");
	}
}

static int pids_can_fork(struct task_struct *task, struct css_set *cset)
{
	struct pids_cgroup *pids = css_pids(cset->subsys[pids_cgrp_id]);
	struct pids_cgroup *over_limit;
	int err;

	err = pids_try_charge(pids, 1, &over_limit);
	if (err)
		pids_event(pids, over_limit);
	return err;
}

static void pids_cancel_fork(struct task_struct *task, struct css_set *cset)
{
	pids_uncharge(css_pids(cset->subsys[pids_cgrp_id]), 1);
}

static void pids_release(struct task_struct *task)
{
	pids_uncharge(task_pids(task), 1);
}

/* pids.max: "max" or 0 .. PID_MAX_LIMIT, kstrtoll base 0 after strstrip. */
static ssize_t pids_max_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct pids_cgroup *pids = of_pids(of);
	long long limit;
	int err;

	buf = strstrip(buf);
	if (!strcmp(buf, PIDS_MAX_STR)) {
		limit = PIDS_MAX;
		goto set_limit;
	}

	err = kstrtoll(buf, 0, &limit);
	if (err)
		return err;
	if (limit < 0 || limit >= PIDS_MAX)
		return -EINVAL;

set_limit:
	/* Racing forks need not see the new limit: no lock, as the kernel. */
	atomic_store(&pids->limit, limit);
	return (ssize_t)nbytes;
}

static int pids_max_show(struct ucg_file *of, struct sbuf *sb)
{
	long long limit = atomic_load(&of_pids(of)->limit);

	if (limit >= PIDS_MAX)
		sbuf_puts(sb, PIDS_MAX_STR "\n");
	else
		sbuf_printf(sb, "%lld\n", limit);
	return 0;
}

static int64_t pids_current_read(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return atomic_load(&css_pids(css)->counter);
}

static int64_t pids_peak_read(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return atomic_load_explicit(&css_pids(css)->watermark, memory_order_relaxed);
}

/* pids.events (@local false) and pids.events.local (@local true). */
static int pids_events_show(struct ucg_file *of, struct sbuf *sb)
{
	struct pids_cgroup *pids = of_pids(of);
	bool local = of->cft->private;
	atomic_llong *events;
	enum pidcg_event pe = PIDCG_MAX;

	if (pids_local_events(pids)) {
		pe = PIDCG_FORKFAIL;
		events = pids->events_local;
	} else {
		events = local ? pids->events_local : pids->events;
	}
	sbuf_printf(sb, "max %lld\n", (long long)atomic_load(&events[pe]));
	return 0;
}

static const struct cftype pids_files[] = {
	{
		.name = "max",
		.write = pids_max_write,
		.seq_show = pids_max_show,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "current",
		.read_s64 = pids_current_read,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "peak",
		.read_s64 = pids_peak_read,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "events",
		.seq_show = pids_events_show,
		.private = false,
		.flags = CFTYPE_NOT_ON_ROOT | CFTYPE_NOTIFY,
	},
	{
		.name = "events.local",
		.seq_show = pids_events_show,
		.private = true,
		.flags = CFTYPE_NOT_ON_ROOT | CFTYPE_NOTIFY,
	},
	{ } /* terminate */
};

static const struct cftype pids_files_legacy[] = {
	{
		.name = "max",
		.write = pids_max_write,
		.seq_show = pids_max_show,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "current",
		.read_s64 = pids_current_read,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "peak",
		.read_s64 = pids_peak_read,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "events",
		.seq_show = pids_events_show,
		.private = false,
		.flags = CFTYPE_NOT_ON_ROOT | CFTYPE_NOTIFY,
	},
	{ } /* terminate */
};

const struct cgroup_subsys pids_cgrp_subsys = {
	.css_alloc = pids_css_alloc,
	.css_free = pids_css_free,
	.can_attach = pids_can_attach,
	.cancel_attach = pids_cancel_attach,
	.can_fork = pids_can_fork,
	.cancel_fork = pids_cancel_fork,
	.release = pids_release,
	.threaded = true,
	.id = pids_cgrp_id,
	.name = "pids",
	.legacy_name = "pids",
	.dfl_cftypes = pids_files,
	.legacy_cftypes = pids_files_legacy,
};
