// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_page_counter.c - the page counter and the per-thread charge stock
 * (src/controllers/page_counter.c, memcg_stock.c; spec 4.3, 4.4, 4.7):
 * try_charge refused at an ancestor unwinding exactly, charge ignoring
 * limits, uncharge and cancel, peaks and their resets, set_max EBUSY vs the
 * v2 store, protected usage bookkeeping, effective min/low on the kernel's
 * selftest example (test_memcontrol.c) including a reclaim simulation that
 * must settle at its documented ~29M/~21M, recursive protection, the stock
 * (consume without shared writes, batches of 64, drain, drain_all from
 * another thread, thread exit), and concurrent charging that balances.
 *
 * Each test allocates its own chain of counters (struct fx) and drains
 * every stock before freeing it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "controllers/memcg_stock.h"
#include "controllers/page_counter.h"

#define MB(n) ((unsigned long)(n) * 256UL)   /* pages of 4 KiB */

/* A chain top -> a -> b -> c, and leaves for the protection tests. */
enum { TOP, A, B, C, D, E, F, NR_FX };

struct fx {
	struct page_counter pc[NR_FX];
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	page_counter_init(&fx->pc[TOP], NULL);
	page_counter_init(&fx->pc[A], &fx->pc[TOP]);
	page_counter_init(&fx->pc[B], &fx->pc[A]);
	page_counter_init(&fx->pc[C], &fx->pc[B]);
	page_counter_init(&fx->pc[D], &fx->pc[B]);
	page_counter_init(&fx->pc[E], &fx->pc[B]);
	page_counter_init(&fx->pc[F], &fx->pc[B]);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	memcg_stock_drain_all(NULL);
	free(*state);
	return 0;
}

static void assert_usage(struct fx *fx, unsigned long top, unsigned long a,
			 unsigned long b, unsigned long c)
{
	assert_int_equal(page_counter_read(&fx->pc[TOP]), top);
	assert_int_equal(page_counter_read(&fx->pc[A]), a);
	assert_int_equal(page_counter_read(&fx->pc[B]), b);
	assert_int_equal(page_counter_read(&fx->pc[C]), c);
}

/* ---------------------------------------------------------------- counter */

static void test_init_defaults(void **state)
{
	struct fx *fx = *state;
	struct page_counter *c = &fx->pc[C];

	assert_int_equal(page_counter_read(c), 0);
	assert_int_equal(page_counter_max(c), PAGE_COUNTER_MAX);
	assert_int_equal(page_counter_high(c), PAGE_COUNTER_MAX);
	assert_int_equal(page_counter_min(c), 0);
	assert_int_equal(page_counter_low(c), 0);
	assert_int_equal(page_counter_watermark(c), 0);
	assert_int_equal(page_counter_failcnt(c), 0);
	assert_ptr_equal(c->parent, &fx->pc[B]);
	assert_null(fx->pc[TOP].parent);
}

static void test_try_charge_fails_at_ancestor(void **state)
{
	struct fx *fx = *state;
	struct page_counter *fail = NULL;
	int i;

	page_counter_set_max(&fx->pc[A], 100);
	page_counter_set_max(&fx->pc[TOP], 1000);
	assert_true(page_counter_try_charge(&fx->pc[C], 60, &fail));
	page_counter_charge(&fx->pc[D], 30);    /* a sibling counts in A too */
	assert_usage(fx, 90, 90, 90, 60);

	assert_false(page_counter_try_charge(&fx->pc[C], 11, &fail));
	assert_ptr_equal(fail, &fx->pc[A]);
	assert_usage(fx, 90, 90, 90, 60);
	assert_int_equal(page_counter_read(&fx->pc[D]), 30);
	assert_int_equal(page_counter_failcnt(&fx->pc[A]), 1);
	for (i = 0; i < NR_FX; i++)
		if (i != A)
			assert_int_equal(page_counter_failcnt(&fx->pc[i]), 0);

	/* Exactly at the limit is allowed (usage > max refuses). */
	fail = NULL;
	assert_true(page_counter_try_charge(&fx->pc[C], 10, &fail));
	assert_null(fail);
	assert_usage(fx, 100, 100, 100, 70);

	/* Refused at the leaf itself, then at the top. */
	page_counter_set_max(&fx->pc[C], 70);
	assert_false(page_counter_try_charge(&fx->pc[C], 1, &fail));
	assert_ptr_equal(fail, &fx->pc[C]);
	assert_int_equal(page_counter_failcnt(&fx->pc[C]), 1);
	page_counter_uncharge(&fx->pc[C], 70);
	page_counter_charge(&fx->pc[TOP], 931);
	assert_false(page_counter_try_charge(&fx->pc[C], 71, &fail));
	assert_ptr_equal(fail, &fx->pc[C]);
	assert_false(page_counter_try_charge(&fx->pc[C], 70, &fail));
	assert_ptr_equal(fail, &fx->pc[TOP]);
	assert_int_equal(page_counter_failcnt(&fx->pc[TOP]), 1);
	assert_int_equal(page_counter_failcnt(&fx->pc[C]), 2);
	assert_usage(fx, 961, 30, 30, 0);
}

static void test_failcnt_untracked(void **state)
{
	struct page_counter top, leaf, *fail;

	(void)state;
	page_counter_init_flags(&top, NULL, 0);
	page_counter_init_flags(&leaf, &top, 0);
	page_counter_set_max(&top, 1);
	assert_false(page_counter_try_charge(&leaf, 2, &fail));
	assert_ptr_equal(fail, &top);
	assert_int_equal(page_counter_failcnt(&top), 0);
	assert_int_equal(page_counter_read(&leaf), 0);
}

static void test_charge_ignores_limits(void **state)
{
	struct fx *fx = *state;
	struct page_counter *fail;

	page_counter_set_max(&fx->pc[C], 10);
	page_counter_set_max(&fx->pc[A], 5);
	page_counter_charge(&fx->pc[C], 50);
	assert_usage(fx, 50, 50, 50, 50);
	assert_int_equal(page_counter_watermark(&fx->pc[A]), 50);
	assert_int_equal(page_counter_failcnt(&fx->pc[A]), 0);
	/* Over the limit, every try_charge is refused until usage drops. */
	assert_false(page_counter_try_charge(&fx->pc[C], 1, &fail));
	assert_ptr_equal(fail, &fx->pc[C]);
	page_counter_uncharge(&fx->pc[C], 47);
	assert_true(page_counter_try_charge(&fx->pc[C], 2, &fail));
	assert_usage(fx, 5, 5, 5, 5);
}

static void test_uncharge_and_cancel(void **state)
{
	struct fx *fx = *state;

	page_counter_charge(&fx->pc[C], 40);
	page_counter_uncharge(&fx->pc[C], 15);
	assert_usage(fx, 25, 25, 25, 25);
	page_counter_cancel(&fx->pc[C], 5);     /* one level only */
	assert_usage(fx, 25, 25, 25, 20);
	/* More uncharges than charges: clamped to 0 where it underflows. */
	page_counter_uncharge(&fx->pc[C], 22);
	assert_usage(fx, 3, 3, 3, 0);
}

static void test_watermarks(void **state)
{
	struct fx *fx = *state;
	struct page_counter *c = &fx->pc[C], *fail;

	page_counter_charge(c, 100);
	page_counter_uncharge(c, 60);
	assert_int_equal(page_counter_watermark(c), 100);
	assert_int_equal(page_counter_local_watermark(c), 100);
	assert_int_equal(page_counter_watermark(&fx->pc[TOP]), 100);

	/* memory.peak write: local peak restarts at usage, all-time stays. */
	assert_int_equal(page_counter_reset_local_watermark(c), 100);
	assert_int_equal(page_counter_local_watermark(c), 40);
	assert_int_equal(page_counter_watermark(c), 100);
	page_counter_charge(c, 20);
	page_counter_uncharge(c, 10);
	assert_int_equal(page_counter_local_watermark(c), 60);
	assert_int_equal(page_counter_watermark(c), 100);
	assert_int_equal(page_counter_local_watermark(&fx->pc[B]), 100);

	/* v1 max_usage_in_bytes write: both restart. */
	page_counter_reset_watermark(c);
	assert_int_equal(page_counter_watermark(c), 50);
	assert_int_equal(page_counter_local_watermark(c), 50);

	/* A refused try_charge leaves the refusing level's peak alone; the
	 * levels below it took the charge for a moment and keep that peak,
	 * as in the kernel. */
	page_counter_set_max(&fx->pc[A], 55);
	assert_false(page_counter_try_charge(c, 10, &fail));
	assert_int_equal(page_counter_watermark(&fx->pc[A]), 100);
	page_counter_reset_watermark(&fx->pc[A]);
	assert_false(page_counter_try_charge(c, 10, &fail));
	assert_int_equal(page_counter_watermark(&fx->pc[A]), 50);
	assert_int_equal(page_counter_watermark(c), 60);
	assert_int_equal(page_counter_read(c), 50);
}

static void test_set_max(void **state)
{
	struct fx *fx = *state;
	struct page_counter *c = &fx->pc[C], *fail;

	page_counter_charge(c, 100);
	assert_int_equal(page_counter_set_max(c, 99), -EBUSY);
	assert_int_equal(page_counter_max(c), PAGE_COUNTER_MAX);
	assert_int_equal(page_counter_set_max(c, 100), 0);
	assert_int_equal(page_counter_max(c), 100);
	assert_int_equal(page_counter_set_max(c, PAGE_COUNTER_MAX), 0);

	/* v2: stored below usage; charges are refused until usage drops. */
	assert_int_equal(page_counter_store_max(c, 10), PAGE_COUNTER_MAX);
	assert_int_equal(page_counter_max(c), 10);
	assert_int_equal(page_counter_read(c), 100);
	assert_false(page_counter_try_charge(c, 1, &fail));
	assert_ptr_equal(fail, c);

	page_counter_set_high(c, 5);
	assert_int_equal(page_counter_high(c), 5);
	assert_true(page_counter_try_charge(&fx->pc[B], 1, &fail)); /* high never refuses */
}

static void test_protected_usage_propagation(void **state)
{
	struct fx *fx = *state;
	struct page_counter *b = &fx->pc[B];

	page_counter_charge(&fx->pc[C], 50);
	page_counter_charge(&fx->pc[D], 10);
	page_counter_set_min(&fx->pc[C], 30);
	page_counter_set_min(&fx->pc[D], 30);
	page_counter_set_low(&fx->pc[C], 70);
	/* min(usage, min) of each child, summed in the parent. */
	assert_int_equal(atomic_load(&b->children_min_usage), 30 + 10);
	assert_int_equal(atomic_load(&b->children_low_usage), 50);
	page_counter_charge(&fx->pc[D], 40);
	assert_int_equal(atomic_load(&b->children_min_usage), 60);
	page_counter_uncharge(&fx->pc[C], 45);
	assert_int_equal(atomic_load(&b->children_min_usage), 5 + 30);
	assert_int_equal(atomic_load(&b->children_low_usage), 5);
	page_counter_set_min(&fx->pc[D], 0);
	assert_int_equal(atomic_load(&b->children_min_usage), 5);
	/* The levels above see their own child's protected usage. */
	page_counter_set_min(b, 20);
	assert_int_equal(atomic_load(&fx->pc[A].children_min_usage), 20);
	page_counter_uncharge(&fx->pc[D], 40);
	assert_int_equal(atomic_load(&fx->pc[A].children_min_usage), 15);
}

/* Compute emin/elow top-down over B's subtree for a reclaim targeting A. */
static void calc_protection(struct fx *fx, bool recursive)
{
	int i;

	page_counter_calculate_protection(&fx->pc[A], &fx->pc[A], recursive);
	page_counter_calculate_protection(&fx->pc[A], &fx->pc[B], recursive);
	for (i = C; i <= F; i++)
		page_counter_calculate_protection(&fx->pc[A], &fx->pc[i], recursive);
}

/*
 * The kernel's selftest (tools/testing/selftests/cgroup/test_memcontrol.c,
 * test_memcg_min/low): B.min = 50M, children C/D/E/F with min 75M/25M/0/500M
 * and usage 50M/50M/50M/0.  Protected usage 50+25+0+0 = 75M overcommits B's
 * 50M, so it is shared in proportion: C 50*50/75 = 33.3M, D 25*50/75 = 16.7M.
 */
static void setup_selftest_tree(struct fx *fx, bool low)
{
	void (*set)(struct page_counter *, unsigned long) =
		low ? page_counter_set_low : page_counter_set_min;

	set(&fx->pc[B], MB(50));
	set(&fx->pc[C], MB(75));
	set(&fx->pc[D], MB(25));
	set(&fx->pc[E], 0);
	set(&fx->pc[F], MB(500));
	page_counter_charge(&fx->pc[C], MB(50));
	page_counter_charge(&fx->pc[D], MB(50));
	page_counter_charge(&fx->pc[E], MB(50));
}

static unsigned long eff(struct page_counter *c, bool low)
{
	return low ? page_counter_elow(c) : page_counter_emin(c);
}

static void check_selftest_initial(struct fx *fx, bool low)
{
	setup_selftest_tree(fx, low);
	calc_protection(fx, false);
	assert_int_equal(eff(&fx->pc[B], low), MB(50));   /* child of the target */
	assert_int_equal(eff(&fx->pc[C], low), MB(50) * MB(50) / MB(75));
	assert_int_equal(eff(&fx->pc[D], low), MB(25) * MB(50) / MB(75));
	assert_int_equal(eff(&fx->pc[E], low), 0);
	assert_int_equal(eff(&fx->pc[F], low), 0);          /* no usage: skipped */
	assert_int_equal(eff(&fx->pc[A], low), 0);          /* the target: skipped */
}

static void test_effective_min_selftest_example(void **state)
{
	check_selftest_initial(*state, false);
}

static void test_effective_low_selftest_example(void **state)
{
	check_selftest_initial(*state, true);
}

/*
 * Reclaim pressure on A, modelled as the kernel's memcg_protection.m does:
 * every round each leaf loses a tenth of its usage scaled by its
 * unprotected fraction (get_scan_count), at least 32 pages, until nothing
 * is reclaimable.  The selftest expects C ~= 29M, D ~= 21M, E ~= 0.
 */
static void test_protection_reclaim_settles_as_documented(void **state)
{
	struct fx *fx = *state;
	unsigned long r[NR_FX], usage, e;
	int i, round;
	bool any = true;

	setup_selftest_tree(fx, false);
	for (round = 0; any && round < 10000; round++) {
		calc_protection(fx, false);
		any = false;
		for (i = C; i <= F; i++) {
			usage = page_counter_read(&fx->pc[i]);
			e = page_counter_emin(&fx->pc[i]);
			r[i] = usage > e ? (usage - e) / 10 : 0;
			if (usage > e && r[i] < 32)
				r[i] = usage - e < 32 ? usage - e : 32;
			any |= r[i] > 0;
		}
		for (i = C; i <= F; i++)
			page_counter_uncharge(&fx->pc[i], r[i]);
	}
	assert_false(any);
	assert_in_range(page_counter_read(&fx->pc[C]), MB(28), MB(30));
	assert_in_range(page_counter_read(&fx->pc[D]), MB(20), MB(22));
	assert_in_range(page_counter_read(&fx->pc[E]), 0, MB(1));
	assert_int_equal(page_counter_read(&fx->pc[F]), 0);
	assert_in_range(page_counter_read(&fx->pc[B]), MB(49), MB(50));
	/* At the end every leaf is exactly within its effective protection. */
	for (i = C; i <= E; i++)
		assert_true(page_counter_emin(&fx->pc[i]) >= page_counter_read(&fx->pc[i]));
}

/*
 * memory_recursiveprot: B (emin 100M as a child of the target) has children
 * C (min 20M, usage 40M) and D (min 0, usage 60M).  Claimed: 20M of 100M;
 * the unclaimed 80M goes out in proportion to unprotected usage (20M vs
 * 60M): C gets 20 + 80*20/80 = 40M, D gets 80*60/80 = 60M.  Without the
 * option: C 20M, D 0.
 */
static void test_recursive_protection(void **state)
{
	struct fx *fx = *state;

	page_counter_set_min(&fx->pc[B], MB(100));
	page_counter_set_low(&fx->pc[B], MB(100));
	page_counter_set_min(&fx->pc[C], MB(20));
	page_counter_set_low(&fx->pc[C], MB(20));
	page_counter_charge(&fx->pc[C], MB(40));
	page_counter_charge(&fx->pc[D], MB(60));

	calc_protection(fx, false);
	assert_int_equal(page_counter_emin(&fx->pc[C]), MB(20));
	assert_int_equal(page_counter_emin(&fx->pc[D]), 0);
	assert_int_equal(page_counter_elow(&fx->pc[C]), MB(20));

	calc_protection(fx, true);
	assert_int_equal(page_counter_emin(&fx->pc[C]), MB(40));
	assert_int_equal(page_counter_emin(&fx->pc[D]), MB(60));
	assert_int_equal(page_counter_elow(&fx->pc[D]), MB(60));

	/* Overcommitted (20M + 60M claimed of 50M), recursive or not:
	 * proportional to protected usage. */
	page_counter_set_min(&fx->pc[B], MB(50));
	page_counter_set_min(&fx->pc[D], MB(100));
	calc_protection(fx, true);
	assert_int_equal(page_counter_emin(&fx->pc[B]), MB(50));
	assert_int_equal(page_counter_emin(&fx->pc[C]), MB(20) * MB(50) / MB(80));
	assert_int_equal(page_counter_emin(&fx->pc[D]), MB(60) * MB(50) / MB(80));

	/* A parent protection of "max" does not overflow. */
	page_counter_set_min(&fx->pc[B], PAGE_COUNTER_MAX);
	page_counter_set_min(&fx->pc[D], 0);
	calc_protection(fx, true);
	assert_true(page_counter_emin(&fx->pc[D]) >= MB(60));
	assert_true(page_counter_emin(&fx->pc[D]) <= PAGE_COUNTER_MAX);
}

static void test_protection_global_reclaim(void **state)
{
	struct fx *fx = *state;

	/* Target TOP (global reclaim): A is a child of the target, B is not. */
	page_counter_set_min(&fx->pc[A], MB(10));
	page_counter_set_min(&fx->pc[B], MB(30));
	page_counter_charge(&fx->pc[C], MB(40));
	page_counter_calculate_protection(&fx->pc[TOP], &fx->pc[A], false);
	page_counter_calculate_protection(&fx->pc[TOP], &fx->pc[B], false);
	assert_int_equal(page_counter_emin(&fx->pc[A]), MB(10));
	assert_int_equal(page_counter_emin(&fx->pc[B]), MB(10));  /* capped by A */
}

/* ---------------------------------------------------------------- stock */

static void test_stock_consume_without_touching_counter(void **state)
{
	struct fx *fx = *state;
	struct page_counter *c = &fx->pc[C], *fail;
	int i;

	assert_int_equal(memcg_stock_try_charge(c, 1, &fail), 0);
	assert_usage(fx, 64, 64, 64, 64);
	assert_int_equal(memcg_stock_cached(c), 63);
	assert_int_equal(page_counter_watermark(c), 64);

	/* The next 63 pages come out of the stock: no counter changes. */
	for (i = 0; i < 63; i++)
		assert_int_equal(memcg_stock_try_charge(c, 1, &fail), 0);
	assert_usage(fx, 64, 64, 64, 64);
	assert_int_equal(memcg_stock_cached(c), 0);

	/* The 65th takes a new batch. */
	assert_int_equal(memcg_stock_try_charge(c, 1, &fail), 0);
	assert_usage(fx, 128, 128, 128, 128);
	assert_int_equal(memcg_stock_cached(c), 63);

	/* Uncharges go back into the stock while it caches c. */
	memcg_stock_uncharge(c, 1);
	assert_int_equal(memcg_stock_cached(c), 64);
	assert_usage(fx, 128, 128, 128, 128);
	/* Over the batch, the whole stock is returned. */
	memcg_stock_uncharge(c, 1);
	assert_int_equal(memcg_stock_cached(c), 0);
	assert_usage(fx, 63, 63, 63, 63);

	/* Drain: usage is back to the pages really charged. */
	assert_int_equal(memcg_stock_try_charge(c, 3, &fail), 0);
	assert_int_equal(page_counter_read(c), 63 + 64);
	memcg_stock_drain();
	assert_usage(fx, 66, 66, 66, 66);
	assert_int_equal(memcg_stock_cached(c), 0);
}

static void test_stock_large_and_refused_batches(void **state)
{
	struct fx *fx = *state;
	struct page_counter *c = &fx->pc[C], *fail = NULL;

	/* Requests above the batch are charged exactly, nothing stocked. */
	assert_int_equal(memcg_stock_try_charge(c, 100, &fail), 0);
	assert_int_equal(page_counter_read(c), 100);
	assert_int_equal(memcg_stock_cached(c), 0);

	/* The batch would go over A's limit: exactly the request is charged. */
	page_counter_set_max(&fx->pc[A], 110);
	assert_int_equal(memcg_stock_try_charge(c, 4, &fail), 0);
	assert_int_equal(page_counter_read(c), 104);
	assert_int_equal(memcg_stock_cached(c), 0);
	assert_int_equal(page_counter_failcnt(&fx->pc[A]), 1);  /* the batch */

	/* Refused even exactly: -ENOMEM, the refusing level, nothing charged. */
	assert_int_equal(memcg_stock_try_charge(c, 7, &fail), -ENOMEM);
	assert_ptr_equal(fail, &fx->pc[A]);
	assert_usage(fx, 104, 104, 104, 104);
	assert_int_equal(page_counter_failcnt(&fx->pc[A]), 3);
}

static void test_stock_switches_counter(void **state)
{
	struct fx *fx = *state;
	struct page_counter *fail;

	assert_int_equal(memcg_stock_try_charge(&fx->pc[C], 1, &fail), 0);
	assert_int_equal(page_counter_read(&fx->pc[C]), 64);
	/* Charging D replaces the stock: C's 63 surplus pages go back. */
	assert_int_equal(memcg_stock_try_charge(&fx->pc[D], 2, &fail), 0);
	assert_int_equal(page_counter_read(&fx->pc[C]), 1);
	assert_int_equal(page_counter_read(&fx->pc[D]), 64);
	assert_int_equal(memcg_stock_cached(&fx->pc[C]), 0);
	assert_int_equal(memcg_stock_cached(&fx->pc[D]), 62);
	/* Uncharging C does not take over the stock. */
	memcg_stock_uncharge(&fx->pc[C], 1);
	assert_int_equal(page_counter_read(&fx->pc[C]), 0);
	assert_int_equal(memcg_stock_cached(&fx->pc[D]), 62);
	assert_int_equal(page_counter_read(&fx->pc[B]), 64);
}

static void test_stock_memsw_pair(void **state)
{
	struct fx *fx = *state;
	struct page_counter memsw_top, memsw, *mem = &fx->pc[C], *fail;
	bool memsw_failed = true;

	page_counter_init(&memsw_top, NULL);
	page_counter_init(&memsw, &memsw_top);
	assert_int_equal(memcg_stock_try_charge_memsw(mem, &memsw, 1, &fail, &memsw_failed), 0);
	assert_false(memsw_failed);
	assert_int_equal(page_counter_read(mem), 64);
	assert_int_equal(page_counter_read(&memsw), 64);
	assert_int_equal(memcg_stock_try_charge_memsw(mem, &memsw, 1, &fail, &memsw_failed), 0);
	assert_int_equal(page_counter_read(&memsw), 64);
	assert_int_equal(memcg_stock_cached(mem), 62);
	memcg_stock_uncharge_memsw(mem, &memsw, 2);
	memcg_stock_drain();
	assert_int_equal(page_counter_read(mem), 0);
	assert_int_equal(page_counter_read(&memsw), 0);

	/* memsw refuses first, and nothing stays charged anywhere. */
	page_counter_set_max(&memsw_top, 3);
	assert_int_equal(memcg_stock_try_charge_memsw(mem, &memsw, 4, &fail, &memsw_failed),
			 -ENOMEM);
	assert_true(memsw_failed);
	assert_ptr_equal(fail, &memsw_top);
	/* memory refuses: memsw is uncharged again. */
	page_counter_set_max(&memsw_top, PAGE_COUNTER_MAX);
	page_counter_set_max(mem, 3);
	assert_int_equal(memcg_stock_try_charge_memsw(mem, &memsw, 4, &fail, &memsw_failed),
			 -ENOMEM);
	assert_false(memsw_failed);
	assert_ptr_equal(fail, mem);
	assert_int_equal(page_counter_read(&memsw), 0);
	assert_int_equal(page_counter_read(mem), 0);
	memcg_stock_drain_all(&memsw);
}

/* A thread that charges, waits while the main thread drains, charges again. */
struct holder {
	struct page_counter *c;
	pthread_barrier_t *bar;
	int rc[2];
	unsigned long cached[2];
};

static void *holder_fn(void *arg)
{
	struct holder *h = arg;
	struct page_counter *fail;

	h->rc[0] = memcg_stock_try_charge(h->c, 1, &fail);
	h->cached[0] = memcg_stock_cached(h->c);
	pthread_barrier_wait(h->bar);   /* main drains our stock */
	pthread_barrier_wait(h->bar);
	h->cached[1] = memcg_stock_cached(h->c);
	h->rc[1] = memcg_stock_try_charge(h->c, 1, &fail);
	pthread_barrier_wait(h->bar);   /* main checks usage */
	pthread_barrier_wait(h->bar);
	return NULL;                    /* exit returns the stock */
}

static void test_stock_drain_all_from_another_thread(void **state)
{
	struct fx *fx = *state;
	pthread_barrier_t bar;
	struct holder h = { .c = &fx->pc[C], .bar = &bar };
	struct page_counter *fail;
	pthread_t t;

	pthread_barrier_init(&bar, NULL, 2);
	assert_int_equal(pthread_create(&t, NULL, holder_fn, &h), 0);
	pthread_barrier_wait(&bar);
	assert_int_equal(h.rc[0], 0);
	assert_int_equal(h.cached[0], 63);
	assert_usage(fx, 64, 64, 64, 64);

	/* Our own stock caches D; draining B's subtree takes C's stock in the
	 * other thread and ours, draining an unrelated counter takes nothing. */
	assert_int_equal(memcg_stock_try_charge(&fx->pc[D], 1, &fail), 0);
	assert_int_equal(memcg_stock_drain_all(&fx->pc[F]), 0);
	assert_int_equal(page_counter_read(&fx->pc[B]), 128);
	assert_int_equal(memcg_stock_drain_all(&fx->pc[B]), 63 + 63);
	assert_usage(fx, 2, 2, 2, 1);
	assert_int_equal(page_counter_read(&fx->pc[D]), 1);

	pthread_barrier_wait(&bar);
	pthread_barrier_wait(&bar);
	assert_int_equal(h.cached[1], 0);
	assert_int_equal(h.rc[1], 0);
	assert_usage(fx, 66, 66, 66, 65);   /* the other thread refilled */
	pthread_barrier_wait(&bar);
	pthread_join(t, NULL);
	/* Its exit returned its 63 stocked pages. */
	assert_usage(fx, 3, 3, 3, 2);
	page_counter_uncharge(&fx->pc[C], 2);
	page_counter_uncharge(&fx->pc[D], 1);
	memcg_stock_drain_all(NULL);
	assert_int_equal(page_counter_read(&fx->pc[TOP]), 0);
	pthread_barrier_destroy(&bar);
}

/* ---------------------------------------------------------------- threads */

#define NR_ROUNDS 20000

struct worker {
	struct page_counter *c;
	bool stock;
	unsigned long refused;
	pthread_barrier_t *bar;
};

/* Charge 1..5 pages, hold up to 8 charges, release them, NR_ROUNDS times. */
static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	unsigned long held[8];
	struct page_counter *fail;
	int i, n = 0;

	pthread_barrier_wait(w->bar);
	for (i = 0; i < NR_ROUNDS; i++) {
		unsigned long nr = 1 + (unsigned long)i % 5;
		int rc = w->stock ? memcg_stock_try_charge(w->c, nr, &fail)
				  : (page_counter_try_charge(w->c, nr, &fail) ? 0 : -ENOMEM);

		if (rc == 0)
			held[n++] = nr;
		else
			w->refused++;
		if (n == 8 || (rc && n)) {
			while (n) {
				if (w->stock)
					memcg_stock_uncharge(w->c, held[--n]);
				else
					page_counter_uncharge(w->c, held[--n]);
			}
		}
	}
	while (n) {
		if (w->stock)
			memcg_stock_uncharge(w->c, held[--n]);
		else
			page_counter_uncharge(w->c, held[--n]);
	}
	memcg_stock_drain();
	return NULL;
}

static void run_two_threads(struct fx *fx, bool stock, unsigned long max)
{
	pthread_barrier_t bar;
	struct worker w[2];
	pthread_t t[2];
	int i;

	page_counter_set_max(&fx->pc[A], max);
	pthread_barrier_init(&bar, NULL, 2);
	for (i = 0; i < 2; i++) {
		w[i] = (struct worker){ .c = &fx->pc[C], .stock = stock, .bar = &bar };
		assert_int_equal(pthread_create(&t[i], NULL, worker_fn, &w[i]), 0);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&bar);
	assert_usage(fx, 0, 0, 0, 0);
	assert_true(page_counter_watermark(&fx->pc[A]) <= max);
	assert_true(page_counter_watermark(&fx->pc[C]) > 0);
	if (max == PAGE_COUNTER_MAX)
		assert_int_equal(w[0].refused + w[1].refused, 0);
}

static void test_two_threads_balance(void **state)
{
	run_two_threads(*state, false, PAGE_COUNTER_MAX);
}

static void test_two_threads_balance_stock(void **state)
{
	run_two_threads(*state, true, PAGE_COUNTER_MAX);
}

static void test_two_threads_balance_limited(void **state)
{
	/* Refusals happen; whatever was refused left nothing charged. */
	run_two_threads(*state, false, 50);
	run_two_threads(*state, true, 100);
}

struct churner {
	struct page_counter *c;
	atomic_bool stop;
};

static void *churn_fn(void *arg)
{
	struct churner *ch = arg;
	struct page_counter *fail;

	while (!atomic_load(&ch->stop)) {
		if (memcg_stock_try_charge(ch->c, 1, &fail) == 0)
			memcg_stock_uncharge(ch->c, 1);
	}
	memcg_stock_drain();
	return NULL;
}

/* drain_all racing an owner in its fast path loses and creates no page. */
static void test_drain_all_races_owner(void **state)
{
	struct fx *fx = *state;
	struct churner ch = { .c = &fx->pc[C] };
	unsigned long i, drained = 0;
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, churn_fn, &ch), 0);
	for (i = 0; i < 2000; i++) {
		drained += memcg_stock_drain_all(&fx->pc[A]);
		assert_true(page_counter_read(&fx->pc[C]) <= 2 * MEMCG_CHARGE_BATCH);
	}
	atomic_store(&ch.stop, true);
	pthread_join(t, NULL);
	assert_usage(fx, 0, 0, 0, 0);
	(void)drained;
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_init_defaults),
		T(test_try_charge_fails_at_ancestor),
		T(test_failcnt_untracked),
		T(test_charge_ignores_limits),
		T(test_uncharge_and_cancel),
		T(test_watermarks),
		T(test_set_max),
		T(test_protected_usage_propagation),
		T(test_effective_min_selftest_example),
		T(test_effective_low_selftest_example),
		T(test_protection_reclaim_settles_as_documented),
		T(test_recursive_protection),
		T(test_protection_global_reclaim),
		T(test_stock_consume_without_touching_counter),
		T(test_stock_large_and_refused_batches),
		T(test_stock_switches_counter),
		T(test_stock_memsw_pair),
		T(test_stock_drain_all_from_another_thread),
		T(test_two_threads_balance),
		T(test_two_threads_balance_stock),
		T(test_two_threads_balance_limited),
		T(test_drain_all_races_owner),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
