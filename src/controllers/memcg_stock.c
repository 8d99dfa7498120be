// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * memcg_stock.c - per-thread stocks of pre-charged pages (kernel:
 * memcg_stock_pcp in mm/memcontrol.c).  See memcg_stock.h for what it does
 * and the approximation it accepts.
 *
 * Synchronization.  A stock is written by its owner thread and, rarely, by
 * a drainer in another thread (memcg_stock_drain_all).  The owner's fast
 * path must cost no more than a few plain loads and stores, so it takes no
 * lock and uses no read-modify-write atomic.  Instead it brackets every
 * access in a "section": it sets `busy`, then checks `frozen`.  A drainer,
 * holding stock_lock, sets `frozen`, issues a barrier on every thread of the
 * process (membarrier), then waits for `busy` to clear before taking the
 * pages.  The process-wide barrier makes the owner's store of `busy` and its
 * load of `frozen` behave as if a full fence separated them, so either the
 * drainer sees the owner inside its section and waits, or the owner sees
 * `frozen` and backs off (it then waits for the drainer on stock_lock).
 * Where membarrier is unavailable the owner issues a real fence instead.
 *
 * Pages leaving a stock are uncharged inside a section (or by a drainer
 * under stock_lock), never after it: once drain_all(c) returned, no thread
 * touches c through a stock, so c may be freed.
 */
#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "controllers/memcg_stock.h"
#include "lib/list.h"

#define relaxed memory_order_relaxed
#define STOCK_ALIGN 64

struct memcg_stock {
	/* Written by the owner inside a section, or by a drainer while frozen. */
	_Atomic(struct page_counter *) cached;       /* NULL: empty */
	_Atomic(struct page_counter *) cached_memsw; /* memsw pair of cached, or NULL */
	atomic_ulong nr_pages;
	/* The owner is inside a section (owner writes, drainers read). */
	atomic_int busy;
	/* A drainer owns the contents (set and cleared under stock_lock). */
	atomic_int frozen;
	struct list_head node;                       /* in stocks; stock_lock */
	/* Stocks of different threads must not share a cache line. */
	char _pad[STOCK_ALIGN];
};

#define STOCK_SIZE ((sizeof(struct memcg_stock) + STOCK_ALIGN - 1) / STOCK_ALIGN * STOCK_ALIGN)

/* Serializes drainers and guards the list of stocks. */
static pthread_mutex_t stock_lock = PTHREAD_MUTEX_INITIALIZER;
static struct list_head stocks = LIST_HEAD_INIT(stocks);

/* The calling thread's stock; NULL until its first charge. */
static __thread struct memcg_stock *this_stock __attribute__((tls_model("initial-exec")));

static pthread_once_t stock_once = PTHREAD_ONCE_INIT;
static pthread_key_t stock_key;     /* destructor drains a stock at thread exit */
static bool stock_key_ok;
/* Owners must fence for real: membarrier is unavailable.  Set once. */
static atomic_bool owner_fence;

static void stock_destroy(void *p);

static void stock_setup(void)
{
	stock_key_ok = pthread_key_create(&stock_key, stock_destroy) == 0;
	if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0)
		atomic_store(&owner_fence, true);
}

/* A full barrier on every running thread of the process (drainer side). */
static void barrier_all_threads(void)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (!atomic_load_explicit(&owner_fence, relaxed) &&
	    syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) != 0) {
		/* Cannot happen once registered; fail safe for later owners. */
		atomic_store(&owner_fence, true);
		atomic_thread_fence(memory_order_seq_cst);
	}
}

/* Enter a section of @s; false if a drainer has frozen it (left at once). */
static inline bool stock_enter(struct memcg_stock *s)
{
	atomic_store_explicit(&s->busy, 1, relaxed);
	if (atomic_load_explicit(&owner_fence, relaxed))
		atomic_thread_fence(memory_order_seq_cst);
	else
		atomic_signal_fence(memory_order_seq_cst);
	if (!atomic_load_explicit(&s->frozen, memory_order_acquire))
		return true;
	atomic_store_explicit(&s->busy, 0, memory_order_release);
	return false;
}

static inline void stock_exit(struct memcg_stock *s)
{
	atomic_store_explicit(&s->busy, 0, memory_order_release);
}

/* Enter a section, waiting out a drainer (which holds stock_lock). */
static void stock_enter_wait(struct memcg_stock *s)
{
	while (!stock_enter(s)) {
		pthread_mutex_lock(&stock_lock);
		pthread_mutex_unlock(&stock_lock);
	}
}

/* The calling thread's stock, created on first use; NULL if out of memory. */
static struct memcg_stock *get_stock(void)
{
	struct memcg_stock *s = this_stock;

	if (s)
		return s;
	pthread_once(&stock_once, stock_setup);
	s = aligned_alloc(STOCK_ALIGN, STOCK_SIZE);
	if (!s)
		return NULL;
	memset(s, 0, STOCK_SIZE);
	if (stock_key_ok && pthread_setspecific(stock_key, s) != 0) {
		free(s);
		return NULL;
	}
	pthread_mutex_lock(&stock_lock);
	list_add_tail(&s->node, &stocks);
	pthread_mutex_unlock(&stock_lock);
	this_stock = s;
	return s;
}

static void uncharge_pair(struct page_counter *c, struct page_counter *memsw,
			  unsigned long nr)
{
	page_counter_uncharge(c, nr);
	if (memsw)
		page_counter_uncharge(memsw, nr);
}

/* Return @s's pages and empty it; inside a section or with @s frozen. */
static unsigned long drain_stock(struct memcg_stock *s)
{
	struct page_counter *c = atomic_load_explicit(&s->cached, relaxed);
	unsigned long nr = atomic_load_explicit(&s->nr_pages, relaxed);

	if (c && nr)
		uncharge_pair(c, atomic_load_explicit(&s->cached_memsw, relaxed), nr);
	atomic_store_explicit(&s->nr_pages, 0, relaxed);
	atomic_store_explicit(&s->cached_memsw, NULL, relaxed);
	atomic_store_explicit(&s->cached, NULL, relaxed);
	return c ? nr : 0;
}

static bool stock_holds(struct memcg_stock *s, struct page_counter *c,
			struct page_counter *memsw)
{
	return atomic_load_explicit(&s->cached, relaxed) == c &&
	       atomic_load_explicit(&s->cached_memsw, relaxed) == memsw;
}

/* Thread exit: give the pages back and forget the stock. */
static void stock_destroy(void *p)
{
	struct memcg_stock *s = p;

	pthread_mutex_lock(&stock_lock);
	list_del_init(&s->node);
	drain_stock(s);
	pthread_mutex_unlock(&stock_lock);
	this_stock = NULL;
	free(s);
}

/* Put @nr pre-charged pages of the pair into this thread's stock (kernel:
 * refill_stock), replacing another pair; over the batch, drain it all. */
static void refill_stock(struct page_counter *c, struct page_counter *memsw,
			 unsigned long nr)
{
	struct memcg_stock *s = get_stock();
	unsigned long stocked;

	if (!s) {
		uncharge_pair(c, memsw, nr);
		return;
	}
	stock_enter_wait(s);
	if (!stock_holds(s, c, memsw)) {
		drain_stock(s);
		atomic_store_explicit(&s->cached_memsw, memsw, relaxed);
		atomic_store_explicit(&s->cached, c, relaxed);
	}
	stocked = atomic_load_explicit(&s->nr_pages, relaxed) + nr;
	atomic_store_explicit(&s->nr_pages, stocked, relaxed);
	if (stocked > MEMCG_CHARGE_BATCH)
		drain_stock(s);
	stock_exit(s);
}

/* Kernel consume_stock: take @nr pages of the pair from this thread's stock. */
static inline bool consume_stock(struct page_counter *c, struct page_counter *memsw,
				 unsigned long nr)
{
	struct memcg_stock *s = this_stock;
	unsigned long stocked;
	bool ok = false;

	if (!s || !stock_enter(s))
		return false;
	stocked = atomic_load_explicit(&s->nr_pages, relaxed);
	if (stock_holds(s, c, memsw) && stocked >= nr) {
		atomic_store_explicit(&s->nr_pages, stocked - nr, relaxed);
		ok = true;
	}
	stock_exit(s);
	return ok;
}

static bool try_charge_pair(struct page_counter *c, struct page_counter *memsw,
			    unsigned long nr, struct page_counter **fail, bool *memsw_failed)
{
	*memsw_failed = false;
	if (memsw && !page_counter_try_charge(memsw, nr, fail)) {
		*memsw_failed = true;
		return false;
	}
	if (page_counter_try_charge(c, nr, fail))
		return true;
	if (memsw)
		page_counter_uncharge(memsw, nr);
	return false;
}

/* Kernel try_charge_memcg steps 3-4: a batch, else exactly @nr. */
static int charge_slow(struct page_counter *c, struct page_counter *memsw,
		       unsigned long nr, struct page_counter **fail, bool *memsw_failed)
{
	unsigned long batch = nr > MEMCG_CHARGE_BATCH ? nr : MEMCG_CHARGE_BATCH;

	if (try_charge_pair(c, memsw, batch, fail, memsw_failed)) {
		if (batch > nr)
			refill_stock(c, memsw, batch - nr);
		return 0;
	}
	if (batch > nr && try_charge_pair(c, memsw, nr, fail, memsw_failed))
		return 0;
	return -ENOMEM;
}

/**
 * memcg_stock_try_charge - charge pages through this thread's stock
 * @c: the counter (the charging memcg's memory counter)
 * @nr: pages to charge
 * @fail: set to the refusing level on failure
 *
 * If this thread's stock holds at least @nr pages of @c they are taken
 * from it, touching no shared memory.  Otherwise max(@nr, 64) pages are
 * try-charged and the surplus stocked (replacing the stock of another
 * counter); if the batch is refused, exactly @nr pages are tried.
 *
 * Return: 0, or -ENOMEM (nothing charged; *@fail is the level that refused;
 * other threads' stocks may hold pages: see memcg_stock_drain_all()).
 * Context: any thread; lock-free unless a drainer is at work.
 */
int memcg_stock_try_charge(struct page_counter *c, unsigned long nr,
			   struct page_counter **fail)
{
	bool memsw_failed;

	if (consume_stock(c, NULL, nr))
		return 0;
	return charge_slow(c, NULL, nr, fail, &memsw_failed);
}

/**
 * memcg_stock_try_charge_memsw - charge memory and memsw through the stock
 * @mem: the memory counter
 * @memsw: the memory+swap counter of the same memcg
 * @nr: pages to charge
 * @fail: set to the refusing level on failure
 * @memsw_failed: set on failure: true if the memsw chain refused (then
 *                reclaim must not swap), false if the memory chain did
 *
 * As memcg_stock_try_charge(), charging @memsw before @mem as the kernel.
 *
 * Return: 0 or -ENOMEM.
 */
int memcg_stock_try_charge_memsw(struct page_counter *mem, struct page_counter *memsw,
				 unsigned long nr, struct page_counter **fail,
				 bool *memsw_failed)
{
	*memsw_failed = false;
	if (consume_stock(mem, memsw, nr))
		return 0;
	return charge_slow(mem, memsw, nr, fail, memsw_failed);
}

static void uncharge_stock(struct page_counter *c, struct page_counter *memsw,
			   unsigned long nr)
{
	struct memcg_stock *s = this_stock;
	unsigned long stocked;

	if (s && stock_enter(s)) {
		if (stock_holds(s, c, memsw)) {
			stocked = atomic_load_explicit(&s->nr_pages, relaxed) + nr;
			atomic_store_explicit(&s->nr_pages, stocked, relaxed);
			if (stocked > MEMCG_CHARGE_BATCH)
				drain_stock(s);
			stock_exit(s);
			return;
		}
		stock_exit(s);
	}
	uncharge_pair(c, memsw, nr);
}

/**
 * memcg_stock_uncharge - uncharge pages, into this thread's stock if it can
 * @c: the counter the pages were charged to
 * @nr: pages to uncharge
 *
 * If this thread's stock caches @c the pages go back into it (when that
 * takes it over MEMCG_CHARGE_BATCH pages it is drained whole, as the
 * kernel's refill_stock); otherwise they are uncharged from the counters.
 * Unlike the kernel, an uncharge never replaces the cached counter: a
 * thread freeing another cgroup's pages keeps its own stock.
 */
void memcg_stock_uncharge(struct page_counter *c, unsigned long nr)
{
	uncharge_stock(c, NULL, nr);
}

/**
 * memcg_stock_uncharge_memsw - uncharge a memory+memsw pair through the stock
 * @mem: the memory counter
 * @memsw: the memory+swap counter
 * @nr: pages to uncharge
 */
void memcg_stock_uncharge_memsw(struct page_counter *mem, struct page_counter *memsw,
				unsigned long nr)
{
	uncharge_stock(mem, memsw, nr);
}

/**
 * memcg_stock_drain - return this thread's stocked pages
 *
 * Context: any thread; waits for a concurrent drainer.
 */
void memcg_stock_drain(void)
{
	struct memcg_stock *s = this_stock;

	if (!s)
		return;
	stock_enter_wait(s);
	drain_stock(s);
	stock_exit(s);
}

/* Is @c an ancestor-or-self of the counter cached in @s (any, if NULL)? */
static bool stock_covers(struct memcg_stock *s, struct page_counter *c)
{
	struct page_counter *pos = atomic_load_explicit(&s->cached, relaxed);

	if (!pos || !atomic_load_explicit(&s->nr_pages, relaxed))
		return false;
	for (; pos; pos = pos->parent)
		if (!c || pos == c)
			return true;
	return false;
}

static void wait_for_owner(struct memcg_stock *s)
{
	unsigned int spins = 0;

	while (atomic_load_explicit(&s->busy, memory_order_acquire)) {
		if (++spins > 64)
			sched_yield();
	}
}

/**
 * memcg_stock_drain_all - return every thread's stocked pages of a subtree
 * @c: the counter whose stocked pages (its own and its descendants') are
 *     wanted back, or NULL for every counter
 *
 * The kernel calls drain_all_stock() once before giving up on a charge and
 * before memory.max reclaim; also call it before freeing a counter.  The
 * stocks are examined without a lock first (accepted race: a stock that
 * starts caching @c meanwhile is not drained), then the matching ones are
 * frozen, and emptied once their owners have left their sections.
 *
 * Return: the number of pages returned.
 * Context: takes stock_lock; spins briefly for owners inside a section.
 */
unsigned long memcg_stock_drain_all(struct page_counter *c)
{
	struct memcg_stock *s;
	unsigned long drained = 0;
	bool any = false;

	pthread_mutex_lock(&stock_lock);
	list_for_each_entry(s, &stocks, node) {
		if (stock_covers(s, c)) {
			atomic_store_explicit(&s->frozen, 1, relaxed);
			any = true;
		}
	}
	if (!any)
		goto out_unlock;
	barrier_all_threads();
	list_for_each_entry(s, &stocks, node) {
		if (!atomic_load_explicit(&s->frozen, relaxed))
			continue;
		wait_for_owner(s);
		if (stock_covers(s, c))
			drained += drain_stock(s);
		atomic_store_explicit(&s->frozen, 0, memory_order_release);
	}
out_unlock:
	pthread_mutex_unlock(&stock_lock);
	return drained;
}

/**
 * memcg_stock_cached - pages this thread's stock holds for a counter
 * @c: the counter
 *
 * Return: the stocked pages if the stock caches @c (alone or with its
 * memsw pair), else 0.
 */
unsigned long memcg_stock_cached(const struct page_counter *c)
{
	struct memcg_stock *s = this_stock;
	unsigned long nr = 0;

	if (!s)
		return 0;
	stock_enter_wait(s);
	if (atomic_load_explicit(&s->cached, relaxed) == c)
		nr = atomic_load_explicit(&s->nr_pages, relaxed);
	stock_exit(s);
	return nr;
}
