/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * htable.h - a growable table of hlist buckets for intrusive hash tables.
 * The caller computes hashes and compares keys; the table only keeps the
 * load factor at or under 1 by doubling, so lookups stay O(1) at 100k
 * entries.  Not thread-safe: callers hold the lock that protects the objects.
 */
#ifndef UCG_LIB_HTABLE_H
#define UCG_LIB_HTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "list.h"

struct htable {
	struct hlist_head *buckets;
	size_t nr_buckets; /* power of two */
	size_t nr_items;
	/* rehash callback: the hash of the object holding @node */
	uint64_t (*hash_of)(const struct hlist_node *node);
};

/* Return 0 or -ENOMEM. */
int htable_init(struct htable *t, size_t initial, uint64_t (*hash_of)(const struct hlist_node *));
void htable_fini(struct htable *t);
/* Insert @n with @hash; grows the table when full (growth failure is ignored:
 * the table keeps working, only slower). */
void htable_add(struct htable *t, struct hlist_node *n, uint64_t hash);
void htable_del(struct htable *t, struct hlist_node *n);
/* The bucket to scan for @hash. */
static inline struct hlist_head *htable_bucket(const struct htable *t, uint64_t hash)
{
	return &t->buckets[hash & (t->nr_buckets - 1)];
}

/* 64-bit mixing (splitmix64 finalizer). */
static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* FNV-1a over a string, mixed with @seed. */
static inline uint64_t hash_str(const char *s, uint64_t seed)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return hash_u64(h);
}

#endif /* UCG_LIB_HTABLE_H */
