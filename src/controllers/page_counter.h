/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * page_counter.h - hierarchical page counters, the accounting unit of the
 * memory controller (kernel: mm/page_counter.c, include/linux/page_counter.h;
 * spec sections 4.3 and 4.7).
 *
 * A page_counter counts pages charged to one cgroup and, through its parent
 * pointer, to every ancestor: a charge walks up from the counter to the top
 * of its chain.  Each counter has a hard limit (max), a throttling threshold
 * (high), two protections (min, low), an all-time peak (watermark), a peak
 * that memory.peak writes reset (local_watermark) and a count of refused
 * charges (failcnt).  The verbs are kept apart as in the kernel:
 *
 *   page_counter_charge      add at every level, ignoring max
 *   page_counter_try_charge  add at every level unless one would exceed max;
 *                            on refusal undo exactly what was added
 *   page_counter_uncharge    subtract at every level
 *   page_counter_cancel      subtract at this level only
 *
 * Everything is lock-free C11 atomics.  Accepted races, as in the kernel:
 * try_charge adds speculatively before comparing with max, so a charge racing
 * a larger one may be refused although it alone would have fit (the error is
 * bounded by the other charge's size); watermarks and failcnt are updated
 * without read-modify-write atomicity and may miss a concurrent update.
 *
 * Amounts are in pages; PAGE_COUNTER_MAX (lib/parse.h) means unlimited.
 */
#ifndef UCG_CONTROLLERS_PAGE_COUNTER_H
#define UCG_CONTROLLERS_PAGE_COUNTER_H

#include <stdatomic.h>
#include <stdbool.h>

#include "lib/parse.h"

/* Bytes of padding that keep groups of fields on different cache lines. */
#define PAGE_COUNTER_PAD 64

/*
 * struct page_counter - a hierarchical page count with limits.
 *
 * The layout follows the kernel: usage (written by every charge) on its own
 * cache line, then the protection bookkeeping and watermarks (written often),
 * then the settings that charges only read, then padding so that whatever
 * follows the struct is not written on the settings' line.  Padding instead
 * of _Alignas so the struct may be embedded in memory from malloc.
 */
struct page_counter {
	/* written by every charge and uncharge */
	atomic_long usage;              /* pages, this counter and below */
	atomic_ulong failcnt;           /* refused try_charges at this level */
	char _pad1[PAGE_COUNTER_PAD];

	/* protection bookkeeping (spec 4.3, 4.7) */
	atomic_ulong emin;              /* effective min, set by calculate_protection */
	atomic_long min_usage;          /* min(usage, min), as last propagated */
	atomic_long children_min_usage; /* sum of the children's min_usage */
	atomic_ulong elow;              /* effective low */
	atomic_long low_usage;          /* min(usage, low), as last propagated */
	atomic_long children_low_usage; /* sum of the children's low_usage */

	atomic_ulong watermark;         /* all-time peak of usage */
	atomic_ulong local_watermark;   /* peak since the last reset (memory.peak) */
	char _pad2[PAGE_COUNTER_PAD];

	/* settings: read by charges, written by interface files */
	bool protection_support;        /* keep min_usage/low_usage up to date */
	bool track_failcnt;             /* count refusals in failcnt (v1) */
	atomic_ulong min;
	atomic_ulong low;
	atomic_ulong high;
	atomic_ulong max;
	struct page_counter *parent;    /* NULL at the top of the chain */
	/* keeps what follows (often another counter's usage) off this line */
	char _pad3[PAGE_COUNTER_PAD];
};

/* Flags for page_counter_init_flags(). */
enum {
	PAGE_COUNTER_PROTECTION = 1 << 0, /* track protected usage for emin/elow */
	PAGE_COUNTER_FAILCNT    = 1 << 1, /* count refused charges */
};

/* Initialize @counter below @parent (NULL for a top counter), tracking
 * protection and failcnt: usage 0, max and high unlimited, min and low 0. */
void page_counter_init(struct page_counter *counter, struct page_counter *parent);
/* Same with only the tracking named in @flags (swap counters need none). */
void page_counter_init_flags(struct page_counter *counter, struct page_counter *parent,
			     unsigned int flags);

/* Charge @nr_pages at every level, ignoring max. */
void page_counter_charge(struct page_counter *counter, unsigned long nr_pages);
/* Charge @nr_pages at every level unless one would exceed its max; on
 * refusal nothing stays charged and *@fail is the refusing level. */
bool page_counter_try_charge(struct page_counter *counter, unsigned long nr_pages,
			     struct page_counter **fail);
/* Uncharge @nr_pages at every level. */
void page_counter_uncharge(struct page_counter *counter, unsigned long nr_pages);
/* Uncharge @nr_pages at @counter only. */
void page_counter_cancel(struct page_counter *counter, unsigned long nr_pages);

/* Set max, refusing (-EBUSY) when usage is above it (v1 semantics). */
int page_counter_set_max(struct page_counter *counter, unsigned long nr_pages);
/* Set max unconditionally (v2 memory.max); returns the previous max. */
unsigned long page_counter_store_max(struct page_counter *counter, unsigned long nr_pages);
/* Set min / low and propagate the protected usage up the chain. */
void page_counter_set_min(struct page_counter *counter, unsigned long nr_pages);
void page_counter_set_low(struct page_counter *counter, unsigned long nr_pages);
/* Set high (never fails; enforcing it is the caller's business). */
void page_counter_set_high(struct page_counter *counter, unsigned long nr_pages);

/* Reset the all-time and local peaks to the current usage (v1 max_usage_in_bytes). */
void page_counter_reset_watermark(struct page_counter *counter);
/* Reset the local peak to the current usage (memory.peak write); returns
 * the local peak it replaced. */
unsigned long page_counter_reset_local_watermark(struct page_counter *counter);

/* Compute @counter's emin/elow for a reclaim run targeting @root. */
void page_counter_calculate_protection(struct page_counter *root,
				       struct page_counter *counter,
				       bool recursive_protection);

/* Current usage in pages. */
static inline unsigned long page_counter_read(const struct page_counter *counter)
{
	return (unsigned long)atomic_load_explicit(&counter->usage, memory_order_relaxed);
}

/* Readers of the settings and statistics, for interface files. */
static inline unsigned long page_counter_max(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->max, memory_order_relaxed);
}

static inline unsigned long page_counter_high(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->high, memory_order_relaxed);
}

static inline unsigned long page_counter_min(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->min, memory_order_relaxed);
}

static inline unsigned long page_counter_low(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->low, memory_order_relaxed);
}

static inline unsigned long page_counter_emin(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->emin, memory_order_relaxed);
}

static inline unsigned long page_counter_elow(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->elow, memory_order_relaxed);
}

static inline unsigned long page_counter_watermark(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->watermark, memory_order_relaxed);
}

static inline unsigned long page_counter_local_watermark(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->local_watermark, memory_order_relaxed);
}

static inline unsigned long page_counter_failcnt(const struct page_counter *counter)
{
	return atomic_load_explicit(&counter->failcnt, memory_order_relaxed);
}

/* Reset failcnt (v1 memory.failcnt write). */
static inline void page_counter_reset_failcnt(struct page_counter *counter)
{
	atomic_store_explicit(&counter->failcnt, 0, memory_order_relaxed);
}

#endif /* UCG_CONTROLLERS_PAGE_COUNTER_H */
