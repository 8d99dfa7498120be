/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * parse.h - the kernel's string-to-number rules for interface-file writes:
 * strstrip, kstrto* (lib/kstrtox.c), memparse (lib/cmdline.c) and
 * page_counter_memparse (mm/page_counter.c).  See spec sections 3.2 and 3.4.
 */
#ifndef UCG_LIB_PARSE_H
#define UCG_LIB_PARSE_H

#include <stdint.h>

#define UCG_PAGE_SIZE 4096UL
#define UCG_PAGE_SHIFT 12
/* LONG_MAX / PAGE_SIZE, the unlimited page count */
#define PAGE_COUNTER_MAX (INT64_MAX / (int64_t)UCG_PAGE_SIZE)

/* Remove leading and trailing whitespace (isspace) in place; returns the
 * first non-space character of @s. */
char *strstrip(char *s);

/*
 * kstrto* - strict integer parsing exactly as the kernel's kstrtox.c:
 * optional single leading '+' ('-' for signed types), base 0 auto-detects
 * 0x/0X hex and leading-0 octal, exactly one trailing '\n' tolerated, nothing
 * else.  Return 0, -EINVAL on a malformed string, -ERANGE on overflow of the
 * target type.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);

/* memparse - parse a number with an optional K/M/G/T/P/E suffix (binary,
 * case-insensitive), base auto-detected as simple_strtoull does; *@retptr
 * points after what was consumed.  Overflow wraps silently, as in the kernel. */
unsigned long long memparse(const char *ptr, char **retptr);

/* page_counter_memparse - @buf (already stripped) equal to @max -> PAGE_COUNTER_MAX;
 * else memparse of the whole string, bytes floored to pages, clamped to
 * PAGE_COUNTER_MAX.  Return 0 or -EINVAL (trailing garbage). */
int page_counter_memparse(const char *buf, const char *max, unsigned long *nr_pages);

#endif /* UCG_LIB_PARSE_H */
