// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * htable.c - growth of the intrusive hash table (see htable.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "htable.h"

int htable_init(struct htable *t, size_t initial, uint64_t (*hash_of)(const struct hlist_node *))
{
	size_t n = 16;

	while (n < initial)
		n <<= 1;
	t->buckets = calloc(n, sizeof(*t->buckets));
	if (!t->buckets)
		return -ENOMEM;
	t->nr_buckets = n;
	t->nr_items = 0;
	t->hash_of = hash_of;
	return 0;
}

void htable_fini(struct htable *t)
{
	free(t->buckets);
	t->buckets = NULL;
	t->nr_buckets = 0;
}

static void htable_grow(struct htable *t)
{
	size_t n = t->nr_buckets * 2;
	struct hlist_head *nb = calloc(n, sizeof(*nb));

	if (!nb)
		return;
	for (size_t i = 0; i < t->nr_buckets; i++) {
		struct hlist_node *node = t->buckets[i].first;

		while (node) {
			struct hlist_node *next = node->next;

			INIT_HLIST_NODE(node);
			hlist_add_head(node, &nb[t->hash_of(node) & (n - 1)]);
			node = next;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->nr_buckets = n;
}

void htable_add(struct htable *t, struct hlist_node *n, uint64_t hash)
{
	if (t->nr_items >= t->nr_buckets)
		htable_grow(t);
	hlist_add_head(n, htable_bucket(t, hash));
	t->nr_items++;
}

void htable_del(struct htable *t, struct hlist_node *n)
{
	if (hlist_unhashed(n))
		return;
	hlist_del_init(n);
	t->nr_items--;
}
