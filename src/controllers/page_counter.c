// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * page_counter.c - hierarchical page counters (kernel: mm/page_counter.c;
 * spec sections 4.3 and 4.7).
 *
 * What memory.current, memory.max, memory.peak, memory.min/low and v1
 * usage_in_bytes/limit_in_bytes/max_usage_in_bytes/failcnt show is kept
 * here: usage of a cgroup and its descendants in pages, the limits, the
 * peaks, the refusals, and the effective protection each cgroup gets from
 * its ancestors during a reclaim run.
 *
 * Lock-free: usage is one atomic per level; charges walk from the counter to
 * the top of its chain.  The races the kernel accepts are named where they
 * happen.
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>

#include "controllers/page_counter.h"

#define relaxed memory_order_relaxed

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

/* Store a new protected usage of a child and add the change to its parent's
 * sum.  The exchange makes concurrent updaters account each delta once. */
static void update_protected(atomic_long *usage_field, atomic_long *parent_sum,
			     long protected)
{
	long old = atomic_exchange(usage_field, protected);

	if (protected != old)
		atomic_fetch_add(parent_sum, protected - old);
}

/*
 * Recompute min(usage, min) and min(usage, low) of @c and add the change to
 * the parent's children_*_usage sums, which calculate_protection divides by.
 * Inline: on the charge path the common case is two compares and no store.
 */
static inline __attribute__((always_inline))
void propagate_protected_usage(struct page_counter *c, long usage)
{
	unsigned long u = usage > 0 ? (unsigned long)usage : 0;
	long protected;

	if (!c->parent)
		return;

	protected = (long)min_ul(u, atomic_load_explicit(&c->min, relaxed));
	if (protected != atomic_load_explicit(&c->min_usage, relaxed))
		update_protected(&c->min_usage, &c->parent->children_min_usage, protected);

	protected = (long)min_ul(u, atomic_load_explicit(&c->low, relaxed));
	if (protected != atomic_load_explicit(&c->low_usage, relaxed))
		update_protected(&c->low_usage, &c->parent->children_low_usage, protected);
}

/*
 * Raise the peaks of @c to @usage.  Accepted race (as the kernel): two
 * chargers may store out of order and the peak may miss the higher value by
 * the size of a concurrent charge; a plain load and store keeps the common
 * case (no new peak) free of writes to the shared line.
 */
static inline __attribute__((always_inline))
void update_watermarks(struct page_counter *c, long usage)
{
	unsigned long u = (unsigned long)usage;

	if (u > atomic_load_explicit(&c->local_watermark, relaxed)) {
		atomic_store_explicit(&c->local_watermark, u, relaxed);
		if (u > atomic_load_explicit(&c->watermark, relaxed))
			atomic_store_explicit(&c->watermark, u, relaxed);
	}
}

/**
 * page_counter_init_flags - initialize a counter
 * @counter: the counter
 * @parent: the next level up, or NULL for the top of a chain
 * @flags: PAGE_COUNTER_PROTECTION and/or PAGE_COUNTER_FAILCNT
 *
 * Usage, peaks, failcnt and protection are 0; max and high are unlimited.
 * Must not be called on a counter in use.
 */
void page_counter_init_flags(struct page_counter *counter, struct page_counter *parent,
			     unsigned int flags)
{
	atomic_init(&counter->usage, 0);
	atomic_init(&counter->failcnt, 0);
	atomic_init(&counter->emin, 0);
	atomic_init(&counter->min_usage, 0);
	atomic_init(&counter->children_min_usage, 0);
	atomic_init(&counter->elow, 0);
	atomic_init(&counter->low_usage, 0);
	atomic_init(&counter->children_low_usage, 0);
	atomic_init(&counter->watermark, 0);
	atomic_init(&counter->local_watermark, 0);
	counter->protection_support = flags & PAGE_COUNTER_PROTECTION;
	counter->track_failcnt = flags & PAGE_COUNTER_FAILCNT;
	atomic_init(&counter->min, 0);
	atomic_init(&counter->low, 0);
	atomic_init(&counter->high, PAGE_COUNTER_MAX);
	atomic_init(&counter->max, PAGE_COUNTER_MAX);
	counter->parent = parent;
}

/**
 * page_counter_init - initialize a counter that tracks protection and failcnt
 * @counter: the counter
 * @parent: the next level up, or NULL for the top of a chain
 *
 * The memory counter of a memcg; see page_counter_init_flags().
 */
void page_counter_init(struct page_counter *counter, struct page_counter *parent)
{
	page_counter_init_flags(counter, parent,
				PAGE_COUNTER_PROTECTION | PAGE_COUNTER_FAILCNT);
}

/* One level of an uncharge; inline in the walk (an exported function called
 * from the same file would go through the PLT of the shared library). */
static inline __attribute__((always_inline))
void cancel_one(struct page_counter *counter, unsigned long nr_pages)
{
	long usage;

	usage = atomic_fetch_sub_explicit(&counter->usage, (long)nr_pages, relaxed) -
		(long)nr_pages;
	if (usage < 0) {
		/* Accepted race (as the kernel): a concurrent charge may be lost. */
		usage = 0;
		atomic_store_explicit(&counter->usage, 0, relaxed);
	}
	if (counter->protection_support)
		propagate_protected_usage(counter, usage);
}

/**
 * page_counter_cancel - take pages off one level
 * @counter: the level
 * @nr_pages: pages to subtract
 *
 * More uncharges than charges is a caller bug: usage is clamped to 0 as the
 * kernel does (where it also warns once).
 */
void page_counter_cancel(struct page_counter *counter, unsigned long nr_pages)
{
	cancel_one(counter, nr_pages);
}

/**
 * page_counter_charge - charge pages at every level, ignoring the limits
 * @counter: the lowest level
 * @nr_pages: pages to add
 *
 * Always succeeds; usage may end up above max at any level.  Peaks follow.
 */
void page_counter_charge(struct page_counter *counter, unsigned long nr_pages)
{
	bool protection = counter->protection_support;
	struct page_counter *c;
	long usage;

	for (c = counter; c; c = c->parent) {
		usage = atomic_fetch_add_explicit(&c->usage, (long)nr_pages, relaxed) +
			(long)nr_pages;
		if (protection)
			propagate_protected_usage(c, usage);
		update_watermarks(c, usage);
	}
}

/**
 * page_counter_try_charge - charge pages at every level within the limits
 * @counter: the lowest level
 * @nr_pages: pages to add
 * @fail: set to the level that refused, on failure
 *
 * Walks up adding @nr_pages at each level.  At the first level whose usage
 * would exceed its max the add is undone there, that level's failcnt is
 * incremented (if it tracks failcnt), the levels below are uncharged again
 * and *@fail names the refusing level: every usage is as before the call.
 *
 * Accepted race (as the kernel): the add is speculative, so a concurrent
 * larger charge that then fails may make this one fail too; the error is
 * bounded by the difference of the two sizes.  The add is sequentially
 * consistent so that a concurrent page_counter_set_max() either sees this
 * charge or this charge sees the new max.
 *
 * Return: true if charged at every level, false if refused.
 */
bool page_counter_try_charge(struct page_counter *counter, unsigned long nr_pages,
			     struct page_counter **fail)
{
	bool protection = counter->protection_support;
	struct page_counter *c;
	long usage;

	for (c = counter; c; c = c->parent) {
		usage = atomic_fetch_add(&c->usage, (long)nr_pages) + (long)nr_pages;
		if ((unsigned long)usage > atomic_load(&c->max)) {
			atomic_fetch_sub_explicit(&c->usage, (long)nr_pages, relaxed);
			if (c->track_failcnt)
				atomic_fetch_add_explicit(&c->failcnt, 1, relaxed);
			*fail = c;
			goto unwind;
		}
		if (protection)
			propagate_protected_usage(c, usage);
		update_watermarks(c, usage);
	}
	return true;

unwind:
	for (c = counter; c != *fail; c = c->parent)
		cancel_one(c, nr_pages);
	return false;
}

/**
 * page_counter_uncharge - uncharge pages at every level
 * @counter: the lowest level
 * @nr_pages: pages to subtract
 */
void page_counter_uncharge(struct page_counter *counter, unsigned long nr_pages)
{
	struct page_counter *c;

	for (c = counter; c; c = c->parent)
		cancel_one(c, nr_pages);
}

/**
 * page_counter_set_max - set the limit unless usage is already above it
 * @counter: the counter
 * @nr_pages: the new limit
 *
 * v1 semantics (limit_in_bytes).  The limit is swapped in and usage read
 * again: if usage grew meanwhile and the limit went down, a charge may have
 * passed the old limit unseen, so the old limit is restored and the whole
 * check repeated.
 *
 * Return: 0, or -EBUSY if usage exceeds @nr_pages (the limit is unchanged).
 */
int page_counter_set_max(struct page_counter *counter, unsigned long nr_pages)
{
	unsigned long usage, old;

	for (;;) {
		usage = (unsigned long)atomic_load(&counter->usage);
		if (usage > nr_pages)
			return -EBUSY;

		old = atomic_exchange(&counter->max, nr_pages);
		if ((unsigned long)atomic_load(&counter->usage) <= usage || nr_pages >= old)
			return 0;

		atomic_store(&counter->max, old);
		sched_yield();
	}
}

/**
 * page_counter_store_max - set the limit unconditionally
 * @counter: the counter
 * @nr_pages: the new limit, possibly below usage
 *
 * v2 semantics (memory.max): the caller reclaims and OOMs afterwards.
 *
 * Return: the previous limit.
 */
unsigned long page_counter_store_max(struct page_counter *counter, unsigned long nr_pages)
{
	return atomic_exchange(&counter->max, nr_pages);
}

/* Store a protection setting and propagate every level's protected usage
 * from @counter up, as the parents' sums depend on it. */
static void set_protection(struct page_counter *counter, atomic_ulong *setting,
			   unsigned long nr_pages)
{
	struct page_counter *c;

	atomic_store(setting, nr_pages);
	if (!counter->protection_support)
		return;
	for (c = counter; c; c = c->parent)
		propagate_protected_usage(c, atomic_load_explicit(&c->usage, relaxed));
}

/**
 * page_counter_set_min - set the hard protection (memory.min)
 * @counter: the counter
 * @nr_pages: the new protection
 */
void page_counter_set_min(struct page_counter *counter, unsigned long nr_pages)
{
	set_protection(counter, &counter->min, nr_pages);
}

/**
 * page_counter_set_low - set the best-effort protection (memory.low)
 * @counter: the counter
 * @nr_pages: the new protection
 */
void page_counter_set_low(struct page_counter *counter, unsigned long nr_pages)
{
	set_protection(counter, &counter->low, nr_pages);
}

/**
 * page_counter_set_high - set the throttling threshold (memory.high)
 * @counter: the counter
 * @nr_pages: the new threshold
 */
void page_counter_set_high(struct page_counter *counter, unsigned long nr_pages)
{
	atomic_store_explicit(&counter->high, nr_pages, relaxed);
}

/**
 * page_counter_reset_watermark - restart both peaks from the current usage
 * @counter: the counter
 *
 * v1 max_usage_in_bytes write.  The local peak is lowered first so that it
 * never exceeds the all-time peak for long (accepted race with charges).
 */
void page_counter_reset_watermark(struct page_counter *counter)
{
	unsigned long usage = page_counter_read(counter);

	atomic_store_explicit(&counter->local_watermark, usage, relaxed);
	atomic_store_explicit(&counter->watermark, usage, relaxed);
}

/**
 * page_counter_reset_local_watermark - restart the local peak from usage
 * @counter: the counter
 *
 * A memory.peak write.  The returned value lets the caller carry the peak
 * over to other open files that still measure from an earlier reset.
 *
 * Return: the local peak before the reset.
 */
unsigned long page_counter_reset_local_watermark(struct page_counter *counter)
{
	return atomic_exchange_explicit(&counter->local_watermark,
					page_counter_read(counter), relaxed);
}

/*
 * The kernel's effective_protection(): the part of @setting (min or low) a
 * counter using @usage pages gets, given its parent's usage and effective
 * protection and the sum of the protected usages of the parent's children.
 *
 * Overcommitted (the children together claim and use more than the parent
 * affords): each child gets a share proportional to its protected usage.
 * Otherwise each child keeps its protected usage, and with recursive
 * protection (memory_recursiveprot) the parent's unclaimed protection is
 * handed out in proportion to each child's unprotected usage.
 *
 * Deviation: products are computed in 128 bits.  The kernel's 64-bit product
 * in the recursive branch wraps when an ancestor's protection is "max"; we
 * give the exact value (clamped to PAGE_COUNTER_MAX) instead.
 */
static unsigned long effective_protection(unsigned long usage, unsigned long parent_usage,
					  unsigned long setting,
					  unsigned long parent_effective,
					  unsigned long siblings_protected,
					  bool recursive_protection)
{
	unsigned long protected = min_ul(usage, setting);
	unsigned __int128 share;

	if (siblings_protected > parent_effective)
		return (unsigned long)((unsigned __int128)protected * parent_effective /
				       siblings_protected);
	if (!recursive_protection)
		return protected;

	/* Both differences checked: usage and parent usage are not read atomically. */
	if (parent_effective > siblings_protected && parent_usage > siblings_protected &&
	    usage > protected) {
		share = (unsigned __int128)(parent_effective - siblings_protected) *
			(usage - protected) / (parent_usage - siblings_protected);
		if (share > PAGE_COUNTER_MAX - protected)
			return PAGE_COUNTER_MAX;
		return protected + (unsigned long)share;
	}
	return protected;
}

/**
 * page_counter_calculate_protection - effective min and low of a counter
 * @root: the reclaim target (the top counter for global reclaim)
 * @counter: the counter to compute, inside @root's subtree
 * @recursive_protection: memory_recursiveprot mount option
 *
 * Sets @counter's emin and elow (spec 4.7).  Called top-down over @root's
 * subtree during reclaim, so the parent's values are already computed.
 * The target itself is skipped (its own protection does not apply to its
 * own reclaim, so its stale values are ignored), as are counters without
 * usage; children of the target get their configured min and low.
 *
 * Context: concurrent calls for the same counter race benignly, as in the
 * kernel: each writes a value computed from a consistent-enough snapshot.
 */
void page_counter_calculate_protection(struct page_counter *root,
				       struct page_counter *counter,
				       bool recursive_protection)
{
	struct page_counter *parent = counter->parent;
	unsigned long usage, parent_usage;

	if (counter == root)
		return;
	usage = page_counter_read(counter);
	if (!usage)
		return;

	if (parent == root) {
		atomic_store_explicit(&counter->emin, page_counter_min(counter), relaxed);
		atomic_store_explicit(&counter->elow, page_counter_low(counter), relaxed);
		return;
	}

	parent_usage = page_counter_read(parent);
	atomic_store_explicit(&counter->emin,
		effective_protection(usage, parent_usage, page_counter_min(counter),
				     page_counter_emin(parent),
				     (unsigned long)atomic_load_explicit(
					     &parent->children_min_usage, relaxed),
				     recursive_protection), relaxed);
	atomic_store_explicit(&counter->elow,
		effective_protection(usage, parent_usage, page_counter_low(counter),
				     page_counter_elow(parent),
				     (unsigned long)atomic_load_explicit(
					     &parent->children_low_usage, relaxed),
				     recursive_protection), relaxed);
}
