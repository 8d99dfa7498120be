// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpu.c - the cpu controller: weights and bandwidth (kernel: the task_group
 * files of kernel/sched/core.c, CFS bandwidth of kernel/sched/fair.c).
 *
 * Weights (cpu.weight, cpu.weight.nice, cpu.idle; v1 cpu.shares) are stored
 * as the kernel stores them, as a load weight (shares, nice 0 = 1024), and
 * converted on read; they are kept for the host, which maps them to nice.
 *
 * Bandwidth (cpu.max "QUOTA PERIOD", cpu.max.burst; v1 cpu.cfs_quota_us,
 * cfs_period_us, cfs_burst_us): every cgroup with a quota has a pool of
 * runtime refilled by QUOTA at each period boundary of the engine's clock
 * (up to QUOTA + burst).  CPU time the host reports (cgroup_account_cputime)
 * is taken from the pool of the task's cgroup and of every ancestor with a
 * quota; a pool at or below zero throttles its cgroup, and with it the whole
 * subtree, until the boundary whose refill brings it above zero (time used
 * past the quota is a debt repaid by the next periods, as the kernel's
 * runtime_remaining).  The period "timer" runs while the cgroup uses its
 * quota and stops after a period without use, which is what nr_periods
 * counts.  Periods are processed lazily, when a cgroup is charged, read or
 * asked about, so ucg_sim_advance() needs no hook.  ucg_cpu_throttled() tells
 * the host whether a thread may run.
 *
 * Throttled time (cpu.stat throttled_usec, v1 throttled_time) is counted as
 * the kernel does when the throttle ends; cpu.stat.local counts the time the
 * cgroup was throttled by its own quota or an ancestor's.
 *
 * Deviations (docs/deviations.md): one virtual CPU; no cpu.uclamp.*, no RT
 * group files (cpu.rt_*), no v1 wait_sum; throttling is enforced by the host
 * after the fact (a charge can run past the quota).
 *
 * Locking: bandwidth state is protected by the per-engine cpu_mutex (taken
 * under cgroup_mutex by charges and file handlers, alone by
 * ucg_cpu_throttled()); weights by cgroup_mutex.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/cgroup.h"
#include "lib/parse.h"

#define NSEC_PER_USEC 1000ULL
#define RUNTIME_INF UINT64_MAX
#define MIN_CFS_QUOTA_PERIOD_US 1000ULL      /* 1 ms */
#define MAX_CFS_QUOTA_PERIOD_US 1000000ULL   /* 1 s */
#define DEF_CFS_PERIOD_US 100000ULL          /* 100 ms */
#define MAX_CFS_RUNTIME_US ((1ULL << 44) - 1) /* MAX_BW, BW_SHIFT 20 */
#define MAX_USEC (UINT64_MAX / NSEC_PER_USEC)
#define BW_SHIFT 20

#define NICE_0_LOAD 1024UL
#define MIN_SHARES 2UL
#define MAX_SHARES (1UL << 18)
#define WEIGHT_IDLEPRIO 3UL
#define CGROUP_WEIGHT_MIN 1ULL
#define CGROUP_WEIGHT_DFL 100ULL
#define CGROUP_WEIGHT_MAX 10000ULL
#define MIN_NICE (-20)
#define MAX_NICE 19

/* kernel/sched/core.c sched_prio_to_weight[]: nice -20 .. 19 */
static const unsigned long sched_prio_to_weight[40] = {
	88761, 71755, 56483, 46273, 36291,
	29154, 23254, 18705, 14949, 11916,
	9548, 7620, 6100, 4904, 3906,
	3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423,
	335, 272, 215, 172, 137,
	110, 87, 70, 56, 45,
	36, 29, 23, 18, 15,
};

/* One cgroup's quota and its pool (kernel: struct cfs_bandwidth).  cpu_mutex. */
struct cfs_bandwidth {
	uint64_t period_us;
	uint64_t quota_us;       /* RUNTIME_INF: no quota */
	uint64_t burst_us;
	int64_t runtime;         /* ns left in the pool; negative: debt */
	int64_t runtime_snap;    /* pool after the last refill (burst accounting) */
	bool active;             /* the period timer runs */
	bool idle;               /* nothing used since the last boundary */
	uint64_t period_end;     /* next boundary (timer expiry), ns */
	uint64_t hierarchical_quota; /* v1 check: effective ratio, RUNTIME_INF */

	/* throttled by its own quota from throttled_since until throttled_until
	 * (a boundary); throttled_time already includes that interval */
	uint64_t throttled_since;
	uint64_t throttled_until;
	uint64_t throttled_time;
	int nr_periods;
	int nr_throttled;
	int nr_burst;
	uint64_t burst_time;
};

/* Throttled by itself or an ancestor (kernel: throttled_clock_self). */
struct cfs_local {
	uint64_t since, until, time;
};

struct task_group {
	struct cgroup_subsys_state css;   /* must be first */
	unsigned long shares;             /* load weight, cgroup_mutex */
	int idle;                         /* cpu.idle, cgroup_mutex */
	struct cfs_bandwidth cfs_b;
	struct cfs_local local;
};

struct cpu_state {
	pthread_mutex_t mutex;            /* cpu_mutex */
};

static struct task_group *css_tg(struct cgroup_subsys_state *css)
{
	return css ? container_of(css, struct task_group, css) : NULL;
}

static struct task_group *parent_tg(struct task_group *tg)
{
	return css_tg(tg->css.parent);
}

static pthread_mutex_t *cpu_mutex(struct ucg *ucg)
{
	return &((struct cpu_state *)cgroup_ss_priv(ucg, cpu_cgrp_id))->mutex;
}

static bool tg_is_root(struct task_group *tg)
{
	return !tg->css.parent;
}

/* ---- css lifetime ---- */

static struct cgroup_subsys_state *cpu_css_alloc(struct cgroup_subsys_state *parent_css,
						 struct cgroup *cgrp)
{
	struct task_group *tg = cgroup_zalloc(cgroup_ucg(cgrp), sizeof(*tg));

	if (!tg)
		return NULL;
	tg->shares = NICE_0_LOAD;
	tg->cfs_b.period_us = DEF_CFS_PERIOD_US;
	tg->cfs_b.quota_us = RUNTIME_INF;
	tg->cfs_b.hierarchical_quota = RUNTIME_INF;
	return &tg->css;
}

static void cpu_css_free(struct cgroup_subsys_state *css)
{
	cgroup_kfree(css_ucg(css), css_tg(css), sizeof(struct task_group));
}

static int cpu_engine_init(struct ucg *ucg)
{
	struct cpu_state *st = cgroup_zalloc(ucg, sizeof(*st));

	if (!st)
		return -ENOMEM;
	if (pthread_mutex_init(&st->mutex, NULL)) {
		cgroup_kfree(ucg, st, sizeof(*st));
		return -ENOMEM;
	}
	cgroup_set_ss_priv(ucg, cpu_cgrp_id, st);
	return 0;
}

static void cpu_engine_exit(struct ucg *ucg)
{
	struct cpu_state *st = cgroup_ss_priv(ucg, cpu_cgrp_id);

	if (!st)
		return;
	pthread_mutex_destroy(&st->mutex);
	cgroup_set_ss_priv(ucg, cpu_cgrp_id, NULL);
	cgroup_kfree(ucg, st, sizeof(*st));
}

/* ---- bandwidth: periods ---- */

static int64_t quota_ns(const struct cfs_bandwidth *b)
{
	return (int64_t)(b->quota_us * NSEC_PER_USEC);
}

static uint64_t period_ns(const struct cfs_bandwidth *b)
{
	return b->period_us * NSEC_PER_USEC;
}

/*
 * A new period's runtime (kernel: __refill_cfs_bandwidth_runtime(), then the
 * debt of a throttled runqueue paid from it).  Use beyond the quota in the
 * period that ends is a burst.
 */
static void cfs_refill(struct cfs_bandwidth *b)
{
	int64_t debt, pool, over, cap;

	if (b->quota_us == RUNTIME_INF)
		return;
	debt = b->runtime < 0 ? -b->runtime : 0;
	pool = (b->runtime < 0 ? 0 : b->runtime) + quota_ns(b);
	over = b->runtime_snap - pool;
	cap = quota_ns(b) + (int64_t)(b->burst_us * NSEC_PER_USEC);
	if (over > 0) {
		b->burst_time += (uint64_t)over;
		b->nr_burst++;
	}
	if (pool > cap)
		pool = cap;
	b->runtime_snap = pool;
	b->runtime = pool - debt;
}

/* Start the period timer: the next boundary is the first multiple of the
 * period after the last expiry that lies after @now (hrtimer_forward_now). */
static void cfs_start(struct cfs_bandwidth *b, uint64_t now)
{
	uint64_t p = period_ns(b);

	if (b->active)
		return;
	b->active = true;
	if (b->period_end <= now)
		b->period_end += ((now - b->period_end) / p + 1) * p;
}

/*
 * Process the boundaries up to @now (kernel: do_sched_cfs_period_timer()):
 * count the period, refill, count a throttled period, and stop after a
 * period without use.  A throttle ends at throttled_until.
 */
static void cfs_catch_up(struct cfs_bandwidth *b, uint64_t now)
{
	while (b->active && b->period_end <= now) {
		uint64_t boundary = b->period_end;
		bool throttled = b->throttled_until >= boundary;

		b->period_end += period_ns(b);
		b->nr_periods++;
		cfs_refill(b);
		if (throttled) {
			b->nr_throttled++;
			b->idle = false;
		} else if (b->idle) {
			b->active = false;
		} else {
			b->idle = true;
		}
	}
}

static bool cfs_throttled(const struct cfs_bandwidth *b, uint64_t now)
{
	return b->throttled_until > now;
}

/* Make an interval [since, until) run to at least @until from @now on,
 * adding the new part to *@time. */
static void interval_extend(uint64_t *since, uint64_t *until_p, uint64_t *time, uint64_t now,
			    uint64_t until)
{
	if (*until_p <= now) {
		*since = now;
		*time += until - now;
		*until_p = until;
	} else if (until > *until_p) {
		*time += until - *until_p;
		*until_p = until;
	}
}

/* Time of an interval that is not over yet is not shown (the kernel adds it
 * at unthrottle). */
static uint64_t interval_shown(uint64_t since, uint64_t until, uint64_t time, uint64_t now)
{
	return until > now ? time - (until - since) : time;
}

/* The latest end of a throttle of @tg or an ancestor still running at @now. */
static uint64_t tg_throttle_end(struct task_group *tg, uint64_t now)
{
	uint64_t end = now;

	for (; tg; tg = parent_tg(tg)) {
		if (tg->cfs_b.throttled_until > end)
			end = tg->cfs_b.throttled_until;
	}
	return end;
}

/* @tg's own throttle now lasts until @until: extend its subtree's local
 * intervals.  cgroup_mutex (the walk) and cpu_mutex. */
static void tg_throttle_down(struct task_group *tg, uint64_t now, uint64_t until)
{
	struct cgroup_subsys_state *pos;

	css_for_each_descendant_pre(pos, &tg->css) {
		struct cfs_local *l = &css_tg(pos)->local;

		interval_extend(&l->since, &l->until, &l->time, now, until);
	}
}

/* @tg's own throttle was cut short at @now: shorten the local intervals of
 * its subtree to what ancestors still impose. */
static void tg_unthrottle_up(struct task_group *tg, uint64_t now)
{
	struct cgroup_subsys_state *pos;

	css_for_each_descendant_pre(pos, &tg->css) {
		struct cfs_local *l = &css_tg(pos)->local;
		uint64_t end = tg_throttle_end(css_tg(pos), now);

		if (l->until > end) {
			l->time -= l->until - end;
			l->until = end;
		}
	}
}

/* A new cgroup under a throttled ancestor starts throttled with it
 * (kernel: sync_throttle()). */
static int cpu_css_online(struct cgroup_subsys_state *css)
{
	struct task_group *tg = css_tg(css);
	struct ucg *ucg = css_ucg(css);
	uint64_t now = cgroup_now_ns(ucg);
	uint64_t end;

	if (tg_is_root(tg))
		return 0;
	pthread_mutex_lock(cpu_mutex(ucg));
	end = tg_throttle_end(parent_tg(tg), now);
	if (end > now)
		interval_extend(&tg->local.since, &tg->local.until, &tg->local.time, now, end);
	pthread_mutex_unlock(cpu_mutex(ucg));
	return 0;
}

/* Runtime went to or below zero: throttled until the boundary whose refill
 * brings the pool above zero (k refills of the quota). */
static void cfs_throttle(struct task_group *tg, uint64_t now)
{
	struct cfs_bandwidth *b = &tg->cfs_b;
	uint64_t k = (uint64_t)(-b->runtime) / (uint64_t)quota_ns(b) + 1;
	uint64_t until = b->period_end + (k - 1) * period_ns(b);

	interval_extend(&b->throttled_since, &b->throttled_until, &b->throttled_time, now, until);
	tg_throttle_down(tg, now, until);
}

/* Take @delta ns from @tg's pool.  cgroup_mutex and cpu_mutex. */
static void cfs_account(struct task_group *tg, uint64_t delta, uint64_t now)
{
	struct cfs_bandwidth *b = &tg->cfs_b;

	if (b->quota_us == RUNTIME_INF)
		return;
	cfs_catch_up(b, now);
	cfs_start(b, now);
	b->idle = false;
	b->runtime -= (int64_t)delta;
	if (b->runtime <= 0)
		cfs_throttle(tg, now);
}

/* ->account_cputime: every level with a quota pays (account_cfs_rq_runtime
 * for each entity up the hierarchy). */
static void cpu_account_cputime(struct task_struct *task, uint64_t user_ns, uint64_t system_ns)
{
	struct task_group *tg = css_tg(task->cgroups->subsys[cpu_cgrp_id]);
	struct ucg *ucg = css_ucg(&tg->css);
	uint64_t now = cgroup_now_ns(ucg);
	uint64_t delta = user_ns + system_ns;

	if (!delta)
		return;
	pthread_mutex_lock(cpu_mutex(ucg));
	for (; !tg_is_root(tg); tg = parent_tg(tg))
		cfs_account(tg, delta, now);
	pthread_mutex_unlock(cpu_mutex(ucg));
}

/* ---- bandwidth: settings ---- */

static uint64_t to_ratio(uint64_t period_us, uint64_t quota_us)
{
	if (quota_us == RUNTIME_INF)
		return RUNTIME_INF;
	return (uint64_t)(((unsigned __int128)quota_us << BW_SHIFT) / period_us);
}

/*
 * v1 only (kernel: tg_cfs_schedulable_down()): with @target set to
 * @period/@quota, no cgroup's quota ratio may exceed its parent's effective
 * one.  v2 takes the minimum instead and never refuses.  cgroup_mutex.
 */
static int tg_cfs_schedulable(struct task_group *target, uint64_t period, uint64_t quota)
{
	struct task_group *root = target;
	struct cgroup_subsys_state *pos;

	if (cgroup_on_dfl(target->css.cgroup))
		return 0;
	while (parent_tg(root))
		root = parent_tg(root);
	css_for_each_descendant_pre(pos, &root->css) {
		struct task_group *tg = css_tg(pos), *parent = parent_tg(tg);
		struct cfs_bandwidth *b = &tg->cfs_b;
		uint64_t q, parent_q;

		if (!parent || !css_is_online(pos))
			continue;   /* root: RUNTIME_INF; removed groups left the tree */
		q = tg == target ? to_ratio(period, quota) : to_ratio(b->period_us, b->quota_us);
		parent_q = parent->cfs_b.hierarchical_quota;
		if (q == RUNTIME_INF)
			q = parent_q;
		else if (parent_q != RUNTIME_INF && q > parent_q)
			return -EINVAL;
		b->hierarchical_quota = q;
	}
	return 0;
}

/*
 * tg_set_cfs_bandwidth - set @tg's period, quota and burst (µs; quota
 * RUNTIME_INF for none).  A new period starts with a full pool, any throttle
 * ends, and the timer starts if there is a quota.
 * Return: 0, -EINVAL (root, values out of range, v1 ratio above the parent's).
 * Context: cgroup_mutex.
 */
static int tg_set_cfs_bandwidth(struct task_group *tg, uint64_t period, uint64_t quota,
				uint64_t burst)
{
	struct ucg *ucg = css_ucg(&tg->css);
	struct cfs_bandwidth *b = &tg->cfs_b;
	uint64_t now = cgroup_now_ns(ucg);
	int ret;

	if (tg_is_root(tg))
		return -EINVAL;
	if (period > MAX_USEC || (quota != RUNTIME_INF && quota > MAX_USEC) || burst > MAX_USEC)
		return -EINVAL;
	if (quota < MIN_CFS_QUOTA_PERIOD_US || period < MIN_CFS_QUOTA_PERIOD_US)
		return -EINVAL;
	if (period > MAX_CFS_QUOTA_PERIOD_US)
		return -EINVAL;
	if (quota != RUNTIME_INF && quota > MAX_CFS_RUNTIME_US)
		return -EINVAL;
	if (quota != RUNTIME_INF && (burst > quota || burst + quota > MAX_CFS_RUNTIME_US))
		return -EINVAL;
	ret = tg_cfs_schedulable(tg, period, quota);
	if (ret)
		return ret;

	pthread_mutex_lock(cpu_mutex(ucg));
	cfs_catch_up(b, now);
	b->period_us = period;
	b->quota_us = quota;
	b->burst_us = burst;
	if (b->runtime < 0)
		b->runtime = 0;   /* runqueues' runtime_remaining reset */
	cfs_refill(b);
	if (quota == RUNTIME_INF)
		b->active = false;
	else
		cfs_start(b, now);
	if (cfs_throttled(b, now)) {
		b->throttled_time -= b->throttled_until - now;
		b->throttled_until = now;
		tg_unthrottle_up(tg, now);
	}
	pthread_mutex_unlock(cpu_mutex(ucg));
	return 0;
}

/* Bring @tg's periods up to now before showing them.  cpu_mutex. */
static void tg_catch_up(struct task_group *tg)
{
	cfs_catch_up(&tg->cfs_b, cgroup_now_ns(css_ucg(&tg->css)));
}

/**
 * ucg_cpu_throttled - may thread @tid run now?
 * @ucg: engine
 * @tid: thread
 *
 * Return: 1 if its cpu cgroup or an ancestor used up its quota for the
 * current period (the host should stop it until the next boundary), 0 if
 * not, -ESRCH unknown thread.
 * Context: takes css_set_lock, then cpu_mutex.
 */
int ucg_cpu_throttled(struct ucg *ucg, pid_t tid)
{
	struct cgroup_subsys_state *css;
	struct task_group *tg;
	uint64_t now = cgroup_now_ns(ucg);
	int ret = 0;

	css = task_css_by_pid(ucg, tid, cpu_cgrp_id, &ret);
	if (!css)
		return ret ? ret : -ESRCH;
	pthread_mutex_lock(cpu_mutex(ucg));
	for (tg = css_tg(css); tg && !ret; tg = parent_tg(tg)) {
		cfs_catch_up(&tg->cfs_b, now);
		ret = cfs_throttled(&tg->cfs_b, now);
	}
	pthread_mutex_unlock(cpu_mutex(ucg));
	css_put(css);
	return ret;
}

/* ---- weights ---- */

/* kernel: sched_group_set_shares(), EINVAL while idle or at the root. */
static int tg_set_shares(struct task_group *tg, unsigned long shares)
{
	if (tg->idle || tg_is_root(tg))
		return -EINVAL;
	if (shares < MIN_SHARES)
		shares = MIN_SHARES;
	if (shares > MAX_SHARES)
		shares = MAX_SHARES;
	tg->shares = shares;
	return 0;
}

static uint64_t cpu_shares_read_u64(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return css_tg(css)->shares;
}

static int cpu_shares_write_u64(struct cgroup_subsys_state *css, const struct cftype *cft,
				uint64_t shares)
{
	return tg_set_shares(css_tg(css), shares > MAX_SHARES ? MAX_SHARES : (unsigned long)shares);
}

static uint64_t div_round_closest(uint64_t a, uint64_t b)
{
	return (a + b / 2) / b;
}

static uint64_t cpu_weight_read_u64(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	uint64_t w = div_round_closest(css_tg(css)->shares * CGROUP_WEIGHT_DFL, NICE_0_LOAD);

	if (w < CGROUP_WEIGHT_MIN)
		return CGROUP_WEIGHT_MIN;
	return w > CGROUP_WEIGHT_MAX ? CGROUP_WEIGHT_MAX : w;
}

static int cpu_weight_write_u64(struct cgroup_subsys_state *css, const struct cftype *cft,
				uint64_t weight)
{
	if (weight < CGROUP_WEIGHT_MIN || weight > CGROUP_WEIGHT_MAX)
		return -ERANGE;
	return tg_set_shares(css_tg(css), div_round_closest(weight * NICE_0_LOAD,
							    CGROUP_WEIGHT_DFL));
}

/* The nice whose weight is closest to the shares (first of equals). */
static int64_t cpu_weight_nice_read_s64(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	long weight = (long)css_tg(css)->shares;
	long last_delta = LONG_MAX;
	int prio;

	for (prio = 0; prio < 40; prio++) {
		long delta = labs((long)sched_prio_to_weight[prio] - weight);

		if (delta >= last_delta)
			break;
		last_delta = delta;
	}
	return prio - 1 + MIN_NICE;
}

static int cpu_weight_nice_write_s64(struct cgroup_subsys_state *css, const struct cftype *cft,
				     int64_t nice)
{
	if (nice < MIN_NICE || nice > MAX_NICE)
		return -ERANGE;
	return tg_set_shares(css_tg(css), sched_prio_to_weight[nice - MIN_NICE]);
}

static int64_t cpu_idle_read_s64(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return css_tg(css)->idle;
}

/* kernel: sched_group_set_idle(); the weight is reset either way. */
static int cpu_idle_write_s64(struct cgroup_subsys_state *css, const struct cftype *cft,
			      int64_t idle)
{
	struct task_group *tg = css_tg(css);

	if (tg_is_root(tg) || idle < 0 || idle > 1)
		return -EINVAL;
	if (tg->idle == idle)
		return 0;
	tg->idle = (int)idle;
	tg->shares = idle ? WEIGHT_IDLEPRIO : NICE_0_LOAD;
	return 0;
}

/* ---- bandwidth files ---- */

static uint64_t cpu_cfs_period_read_u64(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return css_tg(css)->cfs_b.period_us;
}

static int cpu_cfs_period_write_u64(struct cgroup_subsys_state *css, const struct cftype *cft,
				    uint64_t period)
{
	struct cfs_bandwidth *b = &css_tg(css)->cfs_b;

	return tg_set_cfs_bandwidth(css_tg(css), period, b->quota_us, b->burst_us);
}

static int64_t cpu_cfs_quota_read_s64(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	uint64_t quota = css_tg(css)->cfs_b.quota_us;

	return quota == RUNTIME_INF ? -1 : (int64_t)quota;
}

/* Any negative value means no quota. */
static int cpu_cfs_quota_write_s64(struct cgroup_subsys_state *css, const struct cftype *cft,
				   int64_t quota)
{
	struct cfs_bandwidth *b = &css_tg(css)->cfs_b;

	return tg_set_cfs_bandwidth(css_tg(css), b->period_us,
				    quota < 0 ? RUNTIME_INF : (uint64_t)quota, b->burst_us);
}

static uint64_t cpu_cfs_burst_read_u64(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return css_tg(css)->cfs_b.burst_us;
}

static int cpu_cfs_burst_write_u64(struct cgroup_subsys_state *css, const struct cftype *cft,
				   uint64_t burst)
{
	struct cfs_bandwidth *b = &css_tg(css)->cfs_b;

	return tg_set_cfs_bandwidth(css_tg(css), b->period_us, b->quota_us, burst);
}

static int cpu_max_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cfs_bandwidth *b = &css_tg(of_css(of))->cfs_b;

	if (b->quota_us == RUNTIME_INF)
		sbuf_puts(sb, "max");
	else
		sbuf_printf(sb, "%llu", (unsigned long long)b->quota_us);
	sbuf_printf(sb, " %llu\n", (unsigned long long)b->period_us);
	return 0;
}

/* sscanf("%llu") of the kernel: optional leading whitespace, decimal
 * digits, anything after them ignored; no sign.  false if no digit. */
static bool scan_llu(const char *s, uint64_t *out)
{
	unsigned long long v = 0;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (unsigned long long)(*s - '0');
	*out = v;
	return true;
}

/*
 * cpu.max: "QUOTA [PERIOD]" (kernel: cpu_period_quota_parse(), i.e.
 * sscanf("%20s %llu")): QUOTA a number or "max", else EINVAL; PERIOD kept
 * when absent or not a number.
 */
static ssize_t cpu_max_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct task_group *tg = css_tg(of_css(of));
	uint64_t period = tg->cfs_b.period_us, quota;
	char tok[21];
	size_t n = 0;
	int ret;

	while (*buf == ' ' || (*buf >= '\t' && *buf <= '\r'))
		buf++;
	while (n < 20 && buf[n] && !(buf[n] == ' ' || (buf[n] >= '\t' && buf[n] <= '\r'))) {
		tok[n] = buf[n];
		n++;
	}
	tok[n] = '\0';
	if (!n)
		return -EINVAL;
	scan_llu(buf + n, &period);
	if (!scan_llu(tok, &quota)) {
		if (strcmp(tok, "max"))
			return -EINVAL;
		quota = RUNTIME_INF;
	}
	ret = tg_set_cfs_bandwidth(tg, period, quota, tg->cfs_b.burst_us);
	return ret ? ret : (ssize_t)nbytes;
}

/* ---- statistics ---- */

/* v2 lines of cpu.stat (kernel: cpu_extra_stat_show()). */
static int cpu_extra_stat_show(struct cgroup_subsys_state *css, struct sbuf *sb)
{
	struct task_group *tg = css_tg(css);
	struct cfs_bandwidth *b = &tg->cfs_b;
	uint64_t now = cgroup_now_ns(css_ucg(css));
	uint64_t throttled;

	pthread_mutex_lock(cpu_mutex(css_ucg(css)));
	tg_catch_up(tg);
	throttled = interval_shown(b->throttled_since, b->throttled_until, b->throttled_time, now);
	sbuf_printf(sb, "nr_periods %d\nnr_throttled %d\nthrottled_usec %llu\n"
		    "nr_bursts %d\nburst_usec %llu\n", b->nr_periods, b->nr_throttled,
		    (unsigned long long)(throttled / NSEC_PER_USEC), b->nr_burst,
		    (unsigned long long)(b->burst_time / NSEC_PER_USEC));
	pthread_mutex_unlock(cpu_mutex(css_ucg(css)));
	return 0;
}

static uint64_t tg_local_throttled(struct task_group *tg)
{
	struct cfs_local *l = &tg->local;

	return interval_shown(l->since, l->until, l->time, cgroup_now_ns(css_ucg(&tg->css)));
}

/* cpu.stat.local (kernel: cpu_local_stat_show()). */
static int cpu_local_stat_show(struct cgroup_subsys_state *css, struct sbuf *sb)
{
	uint64_t t;

	pthread_mutex_lock(cpu_mutex(css_ucg(css)));
	t = tg_local_throttled(css_tg(css));
	pthread_mutex_unlock(cpu_mutex(css_ucg(css)));
	sbuf_printf(sb, "throttled_usec %llu\n", (unsigned long long)(t / NSEC_PER_USEC));
	return 0;
}

/* v1 cpu.stat (kernel: cpu_cfs_stat_show(), without schedstats' wait_sum). */
static int cpu_cfs_stat_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup_subsys_state *css = of_css(of);
	struct cfs_bandwidth *b = &css_tg(css)->cfs_b;
	uint64_t now = cgroup_now_ns(css_ucg(css));

	pthread_mutex_lock(cpu_mutex(css_ucg(css)));
	tg_catch_up(css_tg(css));
	sbuf_printf(sb, "nr_periods %d\nnr_throttled %d\nthrottled_time %llu\n"
		    "nr_bursts %d\nburst_time %llu\n", b->nr_periods, b->nr_throttled,
		    (unsigned long long)interval_shown(b->throttled_since, b->throttled_until,
						       b->throttled_time, now),
		    b->nr_burst, (unsigned long long)b->burst_time);
	pthread_mutex_unlock(cpu_mutex(css_ucg(css)));
	return 0;
}

/* v1 cpu.stat.local (kernel: cpu_cfs_local_stat_show()). */
static int cpu_cfs_local_stat_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup_subsys_state *css = of_css(of);
	uint64_t t;

	pthread_mutex_lock(cpu_mutex(css_ucg(css)));
	t = tg_local_throttled(css_tg(css));
	pthread_mutex_unlock(cpu_mutex(css_ucg(css)));
	sbuf_printf(sb, "throttled_time %llu\n", (unsigned long long)t);
	return 0;
}

/* v2 (kernel: cpu_files[]). */
static const struct cftype cpu_files[] = {
	{
		.name = "weight",
		.flags = CFTYPE_NOT_ON_ROOT,
		.read_u64 = cpu_weight_read_u64,
		.write_u64 = cpu_weight_write_u64,
	},
	{
		.name = "weight.nice",
		.flags = CFTYPE_NOT_ON_ROOT,
		.read_s64 = cpu_weight_nice_read_s64,
		.write_s64 = cpu_weight_nice_write_s64,
	},
	{
		.name = "idle",
		.flags = CFTYPE_NOT_ON_ROOT,
		.read_s64 = cpu_idle_read_s64,
		.write_s64 = cpu_idle_write_s64,
	},
	{
		.name = "max",
		.flags = CFTYPE_NOT_ON_ROOT,
		.seq_show = cpu_max_show,
		.write = cpu_max_write,
	},
	{
		.name = "max.burst",
		.flags = CFTYPE_NOT_ON_ROOT,
		.read_u64 = cpu_cfs_burst_read_u64,
		.write_u64 = cpu_cfs_burst_write_u64,
	},
	{ } /* terminate */
};

/* v1 (kernel: cpu_legacy_files[]). */
static const struct cftype cpu_legacy_files[] = {
	{
		.name = "shares",
		.read_u64 = cpu_shares_read_u64,
		.write_u64 = cpu_shares_write_u64,
	},
	{
		.name = "idle",
		.read_s64 = cpu_idle_read_s64,
		.write_s64 = cpu_idle_write_s64,
	},
	{
		.name = "cfs_quota_us",
		.read_s64 = cpu_cfs_quota_read_s64,
		.write_s64 = cpu_cfs_quota_write_s64,
	},
	{
		.name = "cfs_period_us",
		.read_u64 = cpu_cfs_period_read_u64,
		.write_u64 = cpu_cfs_period_write_u64,
	},
	{
		.name = "cfs_burst_us",
		.read_u64 = cpu_cfs_burst_read_u64,
		.write_u64 = cpu_cfs_burst_write_u64,
	},
	{
		.name = "stat",
		.seq_show = cpu_cfs_stat_show,
	},
	{
		.name = "stat.local",
		.seq_show = cpu_cfs_local_stat_show,
	},
	{ } /* terminate */
};

const struct cgroup_subsys cpu_cgrp_subsys = {
	.css_alloc = cpu_css_alloc,
	.css_online = cpu_css_online,
	.css_free = cpu_css_free,
	.account_cputime = cpu_account_cputime,
	.css_extra_stat_show = cpu_extra_stat_show,
	.css_local_stat_show = cpu_local_stat_show,
	.engine_init = cpu_engine_init,
	.engine_exit = cpu_engine_exit,
	.threaded = true,
	.id = cpu_cgrp_id,
	.name = "cpu",
	.legacy_name = "cpu",
	.dfl_cftypes = cpu_files,
	.legacy_cftypes = cpu_legacy_files,
};
