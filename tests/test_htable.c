// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_htable.c - the open-addressing table: every object stays findable
 * through growth and backward-shift deletion, including runs that wrap
 * around the end of the slot array and colliding hashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lib/htable.h"

#define NR 2000

struct obj {
	uint64_t hash;
	bool in;
};

static int count_found(struct htable *t, struct obj *o)
{
	struct obj *pos;
	int n = 0;

	htable_for_each_possible(t, o->hash, pos) {
		if (pos == o)
			n++;
	}
	return n;
}

/* Random inserts and deletes against a reference, with few distinct hashes
 * (long collision runs) and with many (growth). */
static void check_random(unsigned int seed, uint64_t hash_space)
{
	struct obj *objs = calloc(NR, sizeof(*objs));
	struct htable t;
	size_t in = 0;
	int i, step;

	assert_non_null(objs);
	assert_int_equal(htable_init(&t, 4), 0);
	for (i = 0; i < NR; i++)
		objs[i].hash = hash_space ? (uint64_t)rand_r(&seed) % hash_space : hash_u64((uint64_t)i);
	for (step = 0; step < 4 * NR; step++) {
		struct obj *o = &objs[rand_r(&seed) % NR];

		if (o->in) {
			htable_del(&t, o->hash, o);
			in--;
		} else {
			assert_int_equal(htable_add(&t, o->hash, o), 0);
			in++;
		}
		o->in = !o->in;
		assert_int_equal(t.nr_items, in);
		if (step % 499 == 0) {
			for (i = 0; i < NR; i++)
				assert_int_equal(count_found(&t, &objs[i]), objs[i].in ? 1 : 0);
		}
	}
	for (i = 0; i < NR; i++)
		assert_int_equal(count_found(&t, &objs[i]), objs[i].in ? 1 : 0);
	htable_fini(&t);
	free(objs);
}

static void test_random_spread(void **state)
{
	(void)state;
	check_random(1, 0);
}

static void test_random_collisions(void **state)
{
	(void)state;
	check_random(2, 61);
}

/* Hashes whose home is the last slot: the run wraps to slot 0, and deleting
 * its head must pull the wrapped entries back. */
static void test_wraparound_delete(void **state)
{
	struct obj o[4];
	struct htable t;
	int i;

	(void)state;
	assert_int_equal(htable_init(&t, 8), 0); /* 16 slots */
	for (i = 0; i < 4; i++) {
		o[i].hash = t.mask; /* home: the last slot */
		o[i].in = true;
		assert_int_equal(htable_add(&t, o[i].hash, &o[i]), 0);
	}
	htable_del(&t, o[0].hash, &o[0]);
	for (i = 1; i < 4; i++)
		assert_int_equal(count_found(&t, &o[i]), 1);
	assert_int_equal(count_found(&t, &o[0]), 0);
	htable_del(&t, o[0].hash, &o[0]); /* absent: ignored */
	assert_int_equal(t.nr_items, 3);
	htable_fini(&t);
}

static void test_snapshot(void **state)
{
	struct obj o[10];
	struct htable t;
	size_t n;
	void **all;
	int i;

	(void)state;
	assert_int_equal(htable_init(&t, 1), 0);
	assert_null(htable_snapshot(&t, &n));
	assert_int_equal(n, 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(htable_add(&t, hash_u64((uint64_t)i), &o[i]), 0);
	all = htable_snapshot(&t, &n);
	assert_non_null(all);
	assert_int_equal(n, 10);
	for (i = 0; i < 10; i++) {
		size_t k;
		int seen = 0;

		for (k = 0; k < n; k++)
			seen += all[k] == &o[i];
		assert_int_equal(seen, 1);
	}
	free(all);
	htable_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_spread),
		cmocka_unit_test(test_random_collisions),
		cmocka_unit_test(test_wraparound_delete),
		cmocka_unit_test(test_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
