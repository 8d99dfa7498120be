// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * htable.c - growth, insertion and backward-shift deletion of the
 * open-addressing table (see htable.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "htable.h"

int htable_init(struct htable *t, size_t initial)
{
	size_t n = 16;

	while (n < initial * 2)
		n <<= 1;
	t->slots = calloc(n, sizeof(*t->slots));
	if (!t->slots)
		return -ENOMEM;
	t->mask = n - 1;
	t->nr_items = 0;
	return 0;
}

void htable_fini(struct htable *t)
{
	free(t->slots);
	t->slots = NULL;
	t->mask = 0;
	t->nr_items = 0;
}

static void slot_put(struct htable_slot *slots, size_t mask, uint64_t hash, void *obj)
{
	size_t i = hash & mask;

	while (slots[i].obj)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].obj = obj;
}

static int htable_grow(struct htable *t)
{
	size_t n = (t->mask + 1) * 2, i;
	struct htable_slot *ns = calloc(n, sizeof(*ns));

	if (!ns)
		return -ENOMEM;
	for (i = 0; i <= t->mask; i++) {
		if (t->slots[i].obj)
			slot_put(ns, n - 1, t->slots[i].hash, t->slots[i].obj);
	}
	free(t->slots);
	t->slots = ns;
	t->mask = n - 1;
	return 0;
}

int htable_add(struct htable *t, uint64_t hash, void *obj)
{
	/* keep the load at or under 1/2; past that only if growth fails, and
	 * always keep one empty slot so probes end */
	if ((t->nr_items + 1) * 2 > t->mask + 1 && htable_grow(t) && t->nr_items + 1 > t->mask)
		return -ENOMEM;
	slot_put(t->slots, t->mask, hash, obj);
	t->nr_items++;
	return 0;
}

void htable_del(struct htable *t, uint64_t hash, void *obj)
{
	size_t i = hash & t->mask, j;

	while (t->slots[i].obj != obj) {
		if (!t->slots[i].obj)
			return;
		i = (i + 1) & t->mask;
	}
	/* shift back every later entry of the run that may move into the hole */
	for (j = (i + 1) & t->mask; t->slots[j].obj; j = (j + 1) & t->mask) {
		size_t home = t->slots[j].hash & t->mask;

		/* may move iff @home is not cyclically within (i, j] */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i].obj = NULL;
	t->slots[i].hash = 0;
	t->nr_items--;
}

void **htable_snapshot(const struct htable *t, size_t *n)
{
	void **all;
	size_t i, k = 0;

	*n = 0;
	if (!t->nr_items)
		return NULL;
	all = malloc(t->nr_items * sizeof(*all));
	if (!all)
		return NULL;
	for (i = 0; i <= t->mask; i++) {
		if (t->slots[i].obj)
			all[k++] = t->slots[i].obj;
	}
	*n = k;
	return all;
}
