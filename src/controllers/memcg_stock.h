/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * memcg_stock.h - per-thread charge batching (kernel: memcg_stock_pcp,
 * consume_stock / refill_stock / drain_all_stock in mm/memcontrol.c; spec
 * section 4.4 steps 2-3 and 7).
 *
 * Charging one page at a time would make every fault walk the hierarchy
 * with contended atomics.  Instead a charge takes a batch of
 * MEMCG_CHARGE_BATCH pages (or the request, if larger) from the page
 * counters and keeps the surplus in a cache owned by the charging thread:
 * the next charges of the same counter come out of that cache without
 * touching shared memory, and uncharges of that counter go back into it.
 *
 * Accepted approximation (as the kernel): stocked pages are charged, so a
 * counter's usage (memory.current) includes up to MEMCG_CHARGE_BATCH pages
 * per thread that no one uses yet, and a charge can be refused while other
 * threads hold stock.  Before failing a charge, call memcg_stock_drain_all()
 * on the refusing counter and retry.
 *
 * Deviation: the kernel keeps one stock per CPU; ucg keeps one per thread
 * (userspace cannot pin to a CPU cheaply).  Bound: 64 pages per thread that
 * charged recently instead of per CPU; a sleeping thread keeps its stock
 * until memcg_stock_drain_all() takes it, which works synchronously (the
 * kernel drains remote CPUs asynchronously).
 *
 * Each stock caches one counter, or for v1 memsw accounting one pair of
 * counters (memory and memsw) charged and uncharged together.
 *
 * Lifetime: a counter may sit in stocks after its last charge; before
 * freeing it call memcg_stock_drain_all() on it, with no charge of it in
 * progress (the caller holds a reference while charging).
 */
#ifndef UCG_CONTROLLERS_MEMCG_STOCK_H
#define UCG_CONTROLLERS_MEMCG_STOCK_H

#include <stdbool.h>

#include "controllers/page_counter.h"

/* Pages taken from the counters at once; the most a stock keeps. */
#define MEMCG_CHARGE_BATCH 64UL

/* Charge @nr pages to @c, from this thread's stock if it covers them, else a
 * batch from the counters; 0, or -ENOMEM with *@fail the refusing level. */
int memcg_stock_try_charge(struct page_counter *c, unsigned long nr,
			   struct page_counter **fail);
/* The same charging @memsw first, then @mem (v1 with swap accounting);
 * *@memsw_failed says which chain refused. */
int memcg_stock_try_charge_memsw(struct page_counter *mem, struct page_counter *memsw,
				 unsigned long nr, struct page_counter **fail,
				 bool *memsw_failed);
/* Uncharge @nr pages of @c, into this thread's stock if it caches @c. */
void memcg_stock_uncharge(struct page_counter *c, unsigned long nr);
/* The same for a memory+memsw pair. */
void memcg_stock_uncharge_memsw(struct page_counter *mem, struct page_counter *memsw,
				unsigned long nr);
/* Return this thread's stocked pages to their counters. */
void memcg_stock_drain(void);
/* Return every thread's stocked pages of @c and its descendants (all
 * counters if @c is NULL); returns the number of pages returned. */
unsigned long memcg_stock_drain_all(struct page_counter *c);
/* Pages this thread's stock holds for @c (tests, statistics). */
unsigned long memcg_stock_cached(const struct page_counter *c);

#endif /* UCG_CONTROLLERS_MEMCG_STOCK_H */
