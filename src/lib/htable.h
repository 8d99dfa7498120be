/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * htable.h - an open-addressing hash table of object pointers, keyed by a
 * 64-bit hash the caller computes (the caller also compares keys).  Slots
 * hold the hash next to the pointer, so a lookup reads one cache line of
 * slots and dereferences only the objects whose full hash matches: the
 * engine's lookups stay O(1) and cache-friendly at 100k objects.  Linear
 * probing, load factor at most 1/2, deletion by backward shift.  Not
 * thread-safe: callers hold the lock that protects the objects.
 */
#ifndef UCG_LIB_HTABLE_H
#define UCG_LIB_HTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct htable_slot {
	uint64_t hash;
	void *obj;      /* NULL: empty */
};

struct htable {
	struct htable_slot *slots;
	size_t mask;    /* number of slots - 1 (a power of two minus one) */
	size_t nr_items;
};

/* Return 0 or -ENOMEM. */
int htable_init(struct htable *t, size_t initial);
void htable_fini(struct htable *t);
/* Insert @obj under @hash.  Return 0, or -ENOMEM when the table is full and
 * cannot grow. */
int htable_add(struct htable *t, uint64_t hash, void *obj);
/* Remove @obj (inserted under @hash); absent objects are ignored. */
void htable_del(struct htable *t, uint64_t hash, void *obj);
/* Every object, in a malloc'd array of *@n entries (NULL if empty or ENOMEM). */
void **htable_snapshot(const struct htable *t, size_t *n);

/* Visit every object stored under @h: @pos is set to each in turn. */
#define htable_for_each_possible(t, h, pos)                                               \
	for (size_t __i = (h) & (t)->mask; (t)->slots[__i].obj; __i = (__i + 1) & (t)->mask) \
		if ((t)->slots[__i].hash == (h) && ((pos) = (t)->slots[__i].obj, 1))

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
