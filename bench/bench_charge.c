// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_charge.c - what does charging a page cost, next to the cheapest
 * possible code doing the same?
 *
 * Each figure is ns per page for one charge plus one uncharge of one page,
 * in a chain of 1 or 4 counters, from 1 thread or from 2 threads charging
 * the same leaf:
 *
 *  - raw atomic walk: an atomic add at every level, up and back down (the
 *    reference for the unbatched path);
 *  - page_counter_charge + page_counter_uncharge, and page_counter_try_charge
 *    + page_counter_uncharge (the same plus the limit check): goal <= 1.3x
 *    the raw walk;
 *  - bare 64-page stock: a thread-local counter decremented and incremented,
 *    refilled from the raw walk 64 pages at a time (the cheapest batched
 *    path there is);
 *  - memcg_stock_try_charge + memcg_stock_uncharge: goal <= 2x the bare stock.
 *
 * Every operation is an out-of-line call, as the library's are.  Each
 * figure is the median of 5 runs of 40 ms, configurations interleaved:
 * the machine is shared and noisy, so compare the ratios printed by one run.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "controllers/memcg_stock.h"
#include "controllers/page_counter.h"

#define REPEAT 5
#define RUN_NS 40000000L
#define INNER 256
#define MAX_DEPTH 4
#define NOINLINE __attribute__((noinline))

/* The reference chain: one atomic per level on its own cache line, the
 * parent pointer on another (as page_counter does, so that walking up reads
 * a line the other thread never writes). */
struct raw_level {
	atomic_long usage;
	char pad1[64 - sizeof(atomic_long)];
	struct raw_level *parent;
	char pad2[64 - sizeof(void *)];
};

enum kind { RAW, PC_CHARGE, PC_TRY, BARE, STOCK, NR_KINDS };
static const char *const kind_names[NR_KINDS] = {
	"raw atomic walk (reference)",
	"page_counter_charge+uncharge",
	"page_counter_try_charge+uncharge",
	"bare 64-page stock",
	"memcg_stock try_charge+uncharge",
};

struct chain {
	struct raw_level raw[MAX_DEPTH];
	struct page_counter pc[MAX_DEPTH];
	struct raw_level *raw_leaf;
	struct page_counter *pc_leaf;
};

struct thr {
	struct chain *ch;
	pthread_barrier_t *bar;
	double ns_per_page;
};

static struct {
	atomic_bool stop;
	char pad[63];
} ctl;

static __thread long bare_stock;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static NOINLINE void raw_charge(struct raw_level *leaf, long nr)
{
	struct raw_level *l;

	for (l = leaf; l; l = l->parent)
		atomic_fetch_add_explicit(&l->usage, nr, memory_order_relaxed);
}

static NOINLINE void raw_uncharge(struct raw_level *leaf, long nr)
{
	struct raw_level *l;

	for (l = leaf; l; l = l->parent)
		atomic_fetch_sub_explicit(&l->usage, nr, memory_order_relaxed);
}

static NOINLINE void bare_charge(struct raw_level *leaf)
{
	if (bare_stock < 1) {
		raw_charge(leaf, 64);
		bare_stock += 64;
	}
	bare_stock--;
}

static NOINLINE void bare_uncharge(struct raw_level *leaf)
{
	if (++bare_stock > 64) {
		raw_uncharge(leaf, bare_stock);
		bare_stock = 0;
	}
}

/* One loop per kind, so that every call in it is direct. */
#define DEFINE_LOOP(name, CHARGE, UNCHARGE, AFTER)                              \
static void *name(void *arg)                                                     \
{                                                                                \
	struct thr *t = arg;                                                     \
	struct raw_level *raw = t->ch->raw_leaf;                                 \
	struct page_counter *pc = t->ch->pc_leaf, *fail;                         \
	unsigned long n = 0;                                                     \
	double start;                                                            \
	int i;                                                                   \
                                                                                 \
	(void)raw; (void)pc; (void)fail;                                         \
	pthread_barrier_wait(t->bar);                                            \
	start = now_ns();                                                        \
	while (!atomic_load_explicit(&ctl.stop, memory_order_relaxed)) {         \
		for (i = 0; i < INNER; i++) {                                    \
			CHARGE;                                                  \
			UNCHARGE;                                                \
		}                                                                \
		n += INNER;                                                      \
	}                                                                        \
	t->ns_per_page = (now_ns() - start) / (double)n;                         \
	AFTER;                                                                   \
	return NULL;                                                             \
}

DEFINE_LOOP(loop_raw, raw_charge(raw, 1), raw_uncharge(raw, 1), (void)0)
DEFINE_LOOP(loop_pc_charge, page_counter_charge(pc, 1), page_counter_uncharge(pc, 1), (void)0)
DEFINE_LOOP(loop_pc_try, if (!page_counter_try_charge(pc, 1, &fail)) abort(),
	    page_counter_uncharge(pc, 1), (void)0)
DEFINE_LOOP(loop_bare, bare_charge(raw), bare_uncharge(raw),
	    (raw_uncharge(raw, bare_stock), bare_stock = 0))
DEFINE_LOOP(loop_stock, if (memcg_stock_try_charge(pc, 1, &fail)) abort(),
	    memcg_stock_uncharge(pc, 1), memcg_stock_drain())

static void *(*const loops[NR_KINDS])(void *) = {
	loop_raw, loop_pc_charge, loop_pc_try, loop_bare, loop_stock,
};

static struct chain *chain_new(int depth)
{
	struct chain *ch = aligned_alloc(64, sizeof(*ch));
	int i;

	if (!ch)
		exit(1);
	for (i = 0; i < depth; i++) {
		atomic_init(&ch->raw[i].usage, 0);
		ch->raw[i].parent = i ? &ch->raw[i - 1] : NULL;
		page_counter_init(&ch->pc[i], i ? &ch->pc[i - 1] : NULL);
	}
	ch->raw_leaf = &ch->raw[depth - 1];
	ch->pc_leaf = &ch->pc[depth - 1];
	return ch;
}

static double run_once(enum kind k, int depth, int nthreads)
{
	struct chain *ch = chain_new(depth);
	struct timespec run = { 0, RUN_NS };
	pthread_barrier_t bar;
	struct thr t[2];
	pthread_t tid[2];
	double ns = 0;
	int i;

	atomic_store(&ctl.stop, false);
	pthread_barrier_init(&bar, NULL, (unsigned int)nthreads + 1);
	for (i = 0; i < nthreads; i++) {
		t[i] = (struct thr){ .ch = ch, .bar = &bar };
		if (pthread_create(&tid[i], NULL, loops[k], &t[i]))
			exit(1);
	}
	pthread_barrier_wait(&bar);
	nanosleep(&run, NULL);
	atomic_store(&ctl.stop, true);
	for (i = 0; i < nthreads; i++) {
		pthread_join(tid[i], NULL);
		ns += t[i].ns_per_page / nthreads;
	}
	pthread_barrier_destroy(&bar);
	if (atomic_load(&ch->raw[0].usage) || page_counter_read(&ch->pc[0])) {
		fprintf(stderr, "bench_charge: %s left pages charged\n", kind_names[k]);
		exit(1);
	}
	memcg_stock_drain_all(NULL);
	free(ch);
	return ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* [kind][depth 1 or 4][threads 1 or 2] */
static double result[NR_KINDS][2][2];

static void print_ratio(const char *what, enum kind k, enum kind ref, double goal)
{
	int d, n;
	bool met = true;

	printf("  %-34s", what);
	for (d = 0; d < 2; d++)
		for (n = 0; n < 2; n++) {
			double r = result[k][d][n] / result[ref][d][n];

			printf("  %6.2fx", r);
			met &= r <= goal;
		}
	if (goal > 0)
		printf("   goal <= %.1fx: %s", goal, met ? "met" : "MISSED");
	printf("\n");
}

int main(void)
{
	static const int depths[2] = { 1, MAX_DEPTH };
	double samples[NR_KINDS][2][2][REPEAT];
	int k, d, n, r;

	for (r = 0; r < REPEAT; r++)
		for (d = 0; d < 2; d++)
			for (n = 0; n < 2; n++)
				for (k = 0; k < NR_KINDS; k++)
					samples[k][d][n][r] = run_once(k, depths[d], n + 1);

	printf("bench_charge: ns per page (charge + uncharge of 1 page), median of %d x %ld ms\n",
	       REPEAT, RUN_NS / 1000000);
	printf("  %-34s  %7s  %7s  %7s  %7s\n", "", "depth 1", "depth 1", "depth 4", "depth 4");
	printf("  %-34s  %7s  %7s  %7s  %7s\n", "", "1 thr", "2 thr", "1 thr", "2 thr");
	for (k = 0; k < NR_KINDS; k++) {
		printf("  %-34s", kind_names[k]);
		for (d = 0; d < 2; d++)
			for (n = 0; n < 2; n++) {
				qsort(samples[k][d][n], REPEAT, sizeof(double), cmp_double);
				result[k][d][n] = samples[k][d][n][REPEAT / 2];
				printf("  %7.2f", result[k][d][n]);
			}
		printf("\n");
	}
	printf("ratios (2 threads charge the same leaf)\n");
	print_ratio("page_counter_charge / raw walk", PC_CHARGE, RAW, 1.3);
	print_ratio("page_counter_try_charge / raw walk", PC_TRY, RAW, 1.3);
	print_ratio("memcg_stock / bare stock", STOCK, BARE, 2.0);
	print_ratio("memcg_stock / raw walk (info)", STOCK, RAW, 0);
	return 0;
}
