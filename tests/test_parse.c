// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_parse.c - table-driven tests for src/lib/parse.c: every acceptance rule
 * of the kernel's strstrip, kstrto*, memparse and page_counter_memparse, with
 * the examples of spec sections 3.2 and 3.4.  Each row is one input and the
 * exact return code and value the kernel gives for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Sentinel preloaded into results: an error must leave it untouched. */
#define UNTOUCHED 0x5a5a5a5aU

#define U64_MAX_STR "18446744073709551615"
#define U64_OVER_STR "18446744073709551616"

/* Render @s with C escapes into @buf so failing rows are readable. */
static const char *esc(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s && n + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			n += (size_t)snprintf(buf + n, size - n, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

/* ------------------------------------------------------------------ */
/* kstrtoull */

struct ull_case {
	const char *in;
	unsigned int base;
	int ret;
	unsigned long long val;
};

static const struct ull_case ull_cases[] = {
	/* plain decimal, optional '+', one trailing newline */
	{ "0", 0, 0, 0 },
	{ "1", 0, 0, 1 },
	{ "42", 0, 0, 42 },
	{ "1\n", 0, 0, 1 },
	{ "+5", 0, 0, 5 },
	{ "+0", 0, 0, 0 },
	{ "+5\n", 0, 0, 5 },
	/* base auto-detection */
	{ "0x10", 0, 0, 16 },
	{ "0X10", 0, 0, 16 },
	{ "0xff", 0, 0, 255 },
	{ "0xFF", 0, 0, 255 },
	{ "0XaBc", 0, 0, 0xabc },
	{ "+0x10", 0, 0, 16 },
	{ "0x10\n", 0, 0, 16 },
	{ "010", 0, 0, 8 },
	{ "0777", 0, 0, 511 },
	{ "00", 0, 0, 0 },
	{ "0\n", 0, 0, 0 },
	{ "000000000000000000000000000001", 0, 0, 1 },
	{ "0x0000000000000000000000001", 0, 0, 1 },
	/* 8 and 9 are not octal digits */
	{ "08", 0, -EINVAL, 0 },
	{ "09", 0, -EINVAL, 0 },
	{ "019", 0, -EINVAL, 0 },
	/* "0x" without a hex digit: octal 0 followed by garbage */
	{ "0x", 0, -EINVAL, 0 },
	{ "0X", 0, -EINVAL, 0 },
	{ "0x\n", 0, -EINVAL, 0 },
	{ "0xg", 0, -EINVAL, 0 },
	{ "0x-1", 0, -EINVAL, 0 },
	{ "0x+1", 0, -EINVAL, 0 },
	{ "0x 1", 0, -EINVAL, 0 },
	{ "0b101", 0, -EINVAL, 0 },
	/* empty input */
	{ "", 0, -EINVAL, 0 },
	{ "\n", 0, -EINVAL, 0 },
	{ "+", 0, -EINVAL, 0 },
	{ "+\n", 0, -EINVAL, 0 },
	/* anything but one '\n' after the digits */
	{ "1\n\n", 0, -EINVAL, 0 },
	{ "1\n2", 0, -EINVAL, 0 },
	{ "1 ", 0, -EINVAL, 0 },
	{ "1\t", 0, -EINVAL, 0 },
	{ "1\r\n", 0, -EINVAL, 0 },
	{ "1 \n", 0, -EINVAL, 0 },
	{ "1 2", 0, -EINVAL, 0 },
	{ "1e3", 0, -EINVAL, 0 },
	{ "1.5", 0, -EINVAL, 0 },
	{ "1k", 0, -EINVAL, 0 },
	{ "0x1p", 0, -EINVAL, 0 },
	{ "abc", 0, -EINVAL, 0 },
	{ "max", 0, -EINVAL, 0 },
	/* leading white space */
	{ " 1", 0, -EINVAL, 0 },
	{ "\t1", 0, -EINVAL, 0 },
	{ "\n1", 0, -EINVAL, 0 },
	{ " +1", 0, -EINVAL, 0 },
	/* signs: only a single '+' */
	{ "-1", 0, -EINVAL, 0 },
	{ "-0", 0, -EINVAL, 0 },
	{ "++1", 0, -EINVAL, 0 },
	{ "+-1", 0, -EINVAL, 0 },
	{ "+ 1", 0, -EINVAL, 0 },
	/* 64-bit limits */
	{ U64_MAX_STR, 0, 0, ULLONG_MAX },
	{ U64_MAX_STR "\n", 0, 0, ULLONG_MAX },
	{ U64_OVER_STR, 0, -ERANGE, 0 },
	{ "99999999999999999999", 0, -ERANGE, 0 },
	{ "0xffffffffffffffff", 0, 0, ULLONG_MAX },
	{ "0x10000000000000000", 0, -ERANGE, 0 },
	{ "01777777777777777777777", 0, 0, ULLONG_MAX },
	{ "02000000000000000000000", 0, -ERANGE, 0 },
	/* overflow is reported before trailing garbage */
	{ U64_OVER_STR "x", 0, -ERANGE, 0 },
	{ U64_OVER_STR "\n\n", 0, -ERANGE, 0 },
	/* explicit base 16: "0x" prefix optional, but needs digits after it */
	{ "10", 16, 0, 16 },
	{ "ff", 16, 0, 255 },
	{ "0x10", 16, 0, 16 },
	{ "0X1F", 16, 0, 31 },
	{ "+0x10", 16, 0, 16 },
	{ "0x10\n", 16, 0, 16 },
	{ "0x", 16, -EINVAL, 0 },
	{ "0x\n", 16, -EINVAL, 0 },
	{ "0xx1", 16, -EINVAL, 0 },
	{ "00x10", 16, -EINVAL, 0 },
	{ "x10", 16, -EINVAL, 0 },
	{ "g", 16, -EINVAL, 0 },
	{ "ffffffffffffffff", 16, 0, ULLONG_MAX },
	{ "10000000000000000", 16, -ERANGE, 0 },
	/* explicit base 10: leading zeros are decimal, no prefix */
	{ "010", 10, 0, 10 },
	{ "08", 10, 0, 8 },
	{ "0x10", 10, -EINVAL, 0 },
	{ "a", 10, -EINVAL, 0 },
	{ U64_MAX_STR, 10, 0, ULLONG_MAX },
	{ U64_OVER_STR, 10, -ERANGE, 0 },
	/* explicit base 8 */
	{ "010", 8, 0, 8 },
	{ "777", 8, 0, 511 },
	{ "8", 8, -EINVAL, 0 },
	{ "0x10", 8, -EINVAL, 0 },
	/* other radixes */
	{ "101", 2, 0, 5 },
	{ "2", 2, -EINVAL, 0 },
};

static void test_kstrtoull(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ull_cases); i++) {
		const struct ull_case *c = &ull_cases[i];
		unsigned long long res = UNTOUCHED;
		unsigned long long want = c->ret ? UNTOUCHED : c->val;
		int ret = kstrtoull(c->in, c->base, &res);

		if (ret != c->ret || res != want)
			fail_msg("kstrtoull(\"%s\", %u): got %d/%llu, want %d/%llu",
				 esc(c->in, buf, sizeof(buf)), c->base,
				 ret, res, c->ret, want);
	}
}

/* ------------------------------------------------------------------ */
/* kstrtoll */

struct ll_case {
	const char *in;
	unsigned int base;
	int ret;
	long long val;
};

static const struct ll_case ll_cases[] = {
	{ "0", 0, 0, 0 },
	{ "-0", 0, 0, 0 },
	{ "+0", 0, 0, 0 },
	{ "5", 0, 0, 5 },
	{ "+5", 0, 0, 5 },
	{ "-1", 0, 0, -1 },
	{ "-1\n", 0, 0, -1 },
	{ "-0x10", 0, 0, -16 },
	{ "-010", 0, 0, -8 },
	{ "010", 0, 0, 8 },
	{ "-ff", 16, 0, -255 },
	{ "-0xff", 16, 0, -255 },
	{ "-010", 10, 0, -10 },
	/* limits */
	{ "9223372036854775807", 0, 0, LLONG_MAX },
	{ "9223372036854775808", 0, -ERANGE, 0 },
	{ "-9223372036854775808", 0, 0, LLONG_MIN },
	{ "-9223372036854775809", 0, -ERANGE, 0 },
	{ "0x7fffffffffffffff", 0, 0, LLONG_MAX },
	{ "0x8000000000000000", 0, -ERANGE, 0 },
	{ "-0x8000000000000000", 0, 0, LLONG_MIN },
	{ "-0x8000000000000001", 0, -ERANGE, 0 },
	{ U64_MAX_STR, 0, -ERANGE, 0 },
	{ "-" U64_MAX_STR, 0, -ERANGE, 0 },
	{ U64_OVER_STR, 0, -ERANGE, 0 },
	{ "-" U64_OVER_STR, 0, -ERANGE, 0 },
	/* malformed */
	{ "", 0, -EINVAL, 0 },
	{ "\n", 0, -EINVAL, 0 },
	{ "-", 0, -EINVAL, 0 },
	{ "-\n", 0, -EINVAL, 0 },
	{ "+", 0, -EINVAL, 0 },
	{ "--1", 0, -EINVAL, 0 },
	{ "-+1", 0, -EINVAL, 0 },
	{ "+-1", 0, -EINVAL, 0 },
	{ "++1", 0, -EINVAL, 0 },
	{ "- 1", 0, -EINVAL, 0 },
	{ " -1", 0, -EINVAL, 0 },
	{ "-1 ", 0, -EINVAL, 0 },
	{ "-1\n\n", 0, -EINVAL, 0 },
	{ "1\n\n", 0, -EINVAL, 0 },
	{ "1 2", 0, -EINVAL, 0 },
	{ "1e3", 0, -EINVAL, 0 },
	{ "-08", 0, -EINVAL, 0 },
	{ "-0x", 0, -EINVAL, 0 },
	{ "max", 0, -EINVAL, 0 },
};

static void test_kstrtoll(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ll_cases); i++) {
		const struct ll_case *c = &ll_cases[i];
		long long res = UNTOUCHED;
		long long want = c->ret ? UNTOUCHED : c->val;
		int ret = kstrtoll(c->in, c->base, &res);

		if (ret != c->ret || res != want)
			fail_msg("kstrtoll(\"%s\", %u): got %d/%lld, want %d/%lld",
				 esc(c->in, buf, sizeof(buf)), c->base,
				 ret, res, c->ret, want);
	}
}

/* ------------------------------------------------------------------ */
/* kstrtouint */

struct uint_case {
	const char *in;
	unsigned int base;
	int ret;
	unsigned int val;
};

static const struct uint_case uint_cases[] = {
	{ "0", 0, 0, 0 },
	{ "+1", 0, 0, 1 },
	{ "1\n", 0, 0, 1 },
	{ "0x10", 0, 0, 16 },
	{ "010", 0, 0, 8 },
	{ "4294967295", 0, 0, UINT_MAX },
	{ "4294967296", 0, -ERANGE, 0 },
	{ "0xffffffff", 0, 0, UINT_MAX },
	{ "0x100000000", 0, -ERANGE, 0 },
	{ U64_MAX_STR, 0, -ERANGE, 0 },
	{ U64_OVER_STR, 0, -ERANGE, 0 },
	{ "-1", 0, -EINVAL, 0 },
	{ "-0", 0, -EINVAL, 0 },
	{ "", 0, -EINVAL, 0 },
	{ "\n", 0, -EINVAL, 0 },
	{ " 1", 0, -EINVAL, 0 },
	{ "1 2", 0, -EINVAL, 0 },
	{ "1\n\n", 0, -EINVAL, 0 },
	{ "08", 0, -EINVAL, 0 },
	{ "ff", 16, 0, 255 },
};

static void test_kstrtouint(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(uint_cases); i++) {
		const struct uint_case *c = &uint_cases[i];
		unsigned int res = UNTOUCHED;
		unsigned int want = c->ret ? UNTOUCHED : c->val;
		int ret = kstrtouint(c->in, c->base, &res);

		if (ret != c->ret || res != want)
			fail_msg("kstrtouint(\"%s\", %u): got %d/%u, want %d/%u",
				 esc(c->in, buf, sizeof(buf)), c->base,
				 ret, res, c->ret, want);
	}
}

/* ------------------------------------------------------------------ */
/* kstrtoint */

struct int_case {
	const char *in;
	unsigned int base;
	int ret;
	int val;
};

static const struct int_case int_cases[] = {
	{ "0", 0, 0, 0 },
	{ "-0", 0, 0, 0 },
	{ "-1", 0, 0, -1 },
	{ "+5", 0, 0, 5 },
	{ "3\n", 0, 0, 3 },
	{ "0x10", 0, 0, 16 },
	{ "010", 0, 0, 8 },
	{ "2147483647", 0, 0, INT_MAX },
	{ "2147483648", 0, -ERANGE, 0 },
	{ "-2147483648", 0, 0, INT_MIN },
	{ "-2147483649", 0, -ERANGE, 0 },
	{ "0x7fffffff", 0, 0, INT_MAX },
	{ "0x80000000", 0, -ERANGE, 0 },
	{ "-0x80000000", 0, 0, INT_MIN },
	{ "4294967295", 0, -ERANGE, 0 },
	{ "9223372036854775808", 0, -ERANGE, 0 },
	{ U64_OVER_STR, 0, -ERANGE, 0 },
	{ "", 0, -EINVAL, 0 },
	{ "\n", 0, -EINVAL, 0 },
	{ " 3", 0, -EINVAL, 0 },
	{ "3 ", 0, -EINVAL, 0 },
	{ "3\n\n", 0, -EINVAL, 0 },
	{ "--1", 0, -EINVAL, 0 },
	{ "09", 0, -EINVAL, 0 },
	{ "max", 0, -EINVAL, 0 },
	{ "-7f", 16, 0, -127 },
	{ "09", 10, 0, 9 },
};

static void test_kstrtoint(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(int_cases); i++) {
		const struct int_case *c = &int_cases[i];
		int res = (int)UNTOUCHED;
		int want = c->ret ? (int)UNTOUCHED : c->val;
		int ret = kstrtoint(c->in, c->base, &res);

		if (ret != c->ret || res != want)
			fail_msg("kstrtoint(\"%s\", %u): got %d/%d, want %d/%d",
				 esc(c->in, buf, sizeof(buf)), c->base,
				 ret, res, c->ret, want);
	}
}

/* ------------------------------------------------------------------ */
/* strstrip */

struct strip_case {
	const char *in;
	const char *out;	/* the string strstrip returns */
	size_t skip;		/* its offset into the buffer */
};

static const struct strip_case strip_cases[] = {
	{ "", "", 0 },
	{ "abc", "abc", 0 },
	{ "1\n", "1", 0 },
	{ "max\n", "max", 0 },
	{ "  abc  ", "abc", 2 },
	{ "a b", "a b", 0 },
	{ " a \t b ", "a \t b", 1 },
	{ "\t\n\v\f\r x \t\n\v\f\r", "x", 6 },
	/* all white space: NUL at the start, returned pointer is the buffer */
	{ "\n", "", 0 },
	{ "   ", "", 0 },
	{ " \t\n", "", 0 },
	/* kernel ctype is Latin-1: 0xA0 (no-break space) is white space */
	{ "\xa0" "5\xa0", "5", 1 },
	/* other control characters are not */
	{ "\x1c" "5\b", "\x1c" "5\b", 0 },
	{ "\x00", "", 0 },
};

static void test_strstrip(void **state)
{
	char in[128], out[128], want[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(strip_cases); i++) {
		const struct strip_case *c = &strip_cases[i];
		char buf[64];
		char *ret;

		snprintf(buf, sizeof(buf), "%s", c->in);
		ret = strstrip(buf);
		if (ret != buf + c->skip || strcmp(ret, c->out) != 0)
			fail_msg("strstrip(\"%s\"): got +%td \"%s\", want +%zu \"%s\"",
				 esc(c->in, in, sizeof(in)), ret - buf,
				 esc(ret, out, sizeof(out)), c->skip,
				 esc(c->out, want, sizeof(want)));
	}
}

/* strstrip only writes the terminating NUL and leaves the rest alone. */
static void test_strstrip_in_place(void **state)
{
	char buf[] = "  12  \n";
	char *ret;

	(void)state;
	ret = strstrip(buf);
	assert_ptr_equal(ret, buf + 2);
	assert_memory_equal(buf, "  12\0 \n", sizeof(buf));
}

/* ------------------------------------------------------------------ */
/* memparse */

struct memparse_case {
	const char *in;
	unsigned long long val;
	size_t used;		/* characters consumed (*retptr - ptr) */
};

static const struct memparse_case memparse_cases[] = {
	{ "", 0, 0 },
	{ "0", 0, 1 },
	{ "1", 1, 1 },
	{ "4096", 4096, 4 },
	/* every suffix, both cases */
	{ "1k", 1ULL << 10, 2 },
	{ "1K", 1ULL << 10, 2 },
	{ "1m", 1ULL << 20, 2 },
	{ "1M", 1ULL << 20, 2 },
	{ "1g", 1ULL << 30, 2 },
	{ "1G", 1ULL << 30, 2 },
	{ "1t", 1ULL << 40, 2 },
	{ "1T", 1ULL << 40, 2 },
	{ "1p", 1ULL << 50, 2 },
	{ "1P", 1ULL << 50, 2 },
	{ "1e", 1ULL << 60, 2 },
	{ "1E", 1ULL << 60, 2 },
	{ "3M", 3ULL << 20, 2 },
	{ "512k", 512ULL << 10, 4 },
	/* base auto-detection as simple_strtoull */
	{ "0x10", 16, 4 },
	{ "0X10", 16, 4 },
	{ "010", 8, 3 },
	{ "010k", 8ULL << 10, 4 },
	{ "0x10k", 16ULL << 10, 5 },
	{ "0x1g", 1ULL << 30, 4 },
	/* in hex, e/E is a digit, not the exa suffix */
	{ "0x1e", 0x1e, 4 },
	{ "0x1E", 0x1e, 4 },
	{ "0x1b", 0x1b, 4 },
	/* lenient: stops at the first non-digit */
	{ "08", 0, 1 },
	{ "09k", 0, 1 },
	{ "0x", 0, 1 },
	{ "0xg", 0, 1 },
	{ "0xk", 0, 1 },
	{ "1 G", 1, 1 },
	{ "1GB", 1ULL << 30, 2 },
	{ "10.5M", 10, 2 },
	{ "1e3", 1ULL << 60, 2 },
	{ "1kk", 1ULL << 10, 2 },
	{ "1\n", 1, 1 },
	{ "1x", 1, 1 },
	{ "1b", 1, 1 },
	/* no digits: 0, nothing consumed - but a bare suffix is consumed */
	{ "x", 0, 0 },
	{ "-5", 0, 0 },
	{ "+5", 0, 0 },
	{ " 1", 0, 0 },
	{ "K", 0, 1 },
	{ "k", 0, 1 },
	{ "E", 0, 1 },
	/* the 'm' of "max" is taken as the mega suffix */
	{ "max", 0, 1 },
	/* silent wrap-around, in the digits and in the shift */
	{ U64_MAX_STR, ULLONG_MAX, 20 },
	{ U64_OVER_STR, 0, 20 },
	{ "18446744073709551617", 1, 20 },
	{ "8E", 1ULL << 63, 2 },
	{ "16E", 0, 3 },
	{ "17E", 1ULL << 60, 3 },
	{ "0xffffffffffffffffk", 0xfffffffffffffc00ULL, 19 },
};

static void test_memparse(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(memparse_cases); i++) {
		const struct memparse_case *c = &memparse_cases[i];
		char *end = NULL;
		unsigned long long val = memparse(c->in, &end);

		if (val != c->val || end != c->in + c->used)
			fail_msg("memparse(\"%s\"): got %llu +%td, want %llu +%zu",
				 esc(c->in, buf, sizeof(buf)), val, end - c->in,
				 c->val, c->used);
	}
}

static void test_memparse_null_retptr(void **state)
{
	(void)state;
	assert_int_equal(memparse("1k", NULL), 1024);
	assert_int_equal(memparse("", NULL), 0);
}

/* ------------------------------------------------------------------ */
/* page_counter_memparse */

struct pcm_case {
	const char *in;
	const char *max;
	int ret;
	unsigned long pages;
};

#define PCM_MAX ((unsigned long)PAGE_COUNTER_MAX)

static const struct pcm_case pcm_cases[] = {
	/* v2 keyword */
	{ "max", "max", 0, PCM_MAX },
	{ "-1", "max", -EINVAL, 0 },
	{ "MAX", "max", -EINVAL, 0 },
	{ "maxx", "max", -EINVAL, 0 },
	{ "max\n", "max", -EINVAL, 0 },
	{ " max", "max", -EINVAL, 0 },
	/* v1 keyword */
	{ "-1", "-1", 0, PCM_MAX },
	{ "max", "-1", -EINVAL, 0 },
	{ "-2", "-1", -EINVAL, 0 },
	{ "4096", "-1", 0, 1 },
	{ "", "-1", 0, 0 },
	/* the empty string is 0 bytes */
	{ "", "max", 0, 0 },
	{ "0", "max", 0, 0 },
	/* floor to whole pages */
	{ "1", "max", 0, 0 },
	{ "4095", "max", 0, 0 },
	{ "4096", "max", 0, 1 },
	{ "4097", "max", 0, 1 },
	{ "8191", "max", 0, 1 },
	{ "8192", "max", 0, 2 },
	{ "0x1000", "max", 0, 1 },
	{ "010000", "max", 0, 1 },
	{ "1k", "max", 0, 0 },
	{ "4k", "max", 0, 1 },
	{ "4K", "max", 0, 1 },
	{ "0x1000k", "max", 0, 1024 },
	/* suffixes */
	{ "1m", "max", 0, 256 },
	{ "1M", "max", 0, 256 },
	{ "1g", "max", 0, 1UL << 18 },
	{ "1G", "max", 0, 1UL << 18 },
	{ "1T", "max", 0, 1UL << 28 },
	{ "1P", "max", 0, 1UL << 38 },
	{ "1E", "max", 0, 1UL << 48 },
	{ "7E", "max", 0, 7UL << 48 },
	/* clamp to PAGE_COUNTER_MAX */
	{ "9223372036854771711", "max", 0, PCM_MAX - 1 },
	{ "9223372036854771712", "max", 0, PCM_MAX },
	{ "9223372036854775807", "max", 0, PCM_MAX },
	{ "8E", "max", 0, PCM_MAX },
	{ U64_MAX_STR, "max", 0, PCM_MAX },
	/* wrap-around happens before the clamp */
	{ U64_OVER_STR, "max", 0, 0 },
	{ "16E", "max", 0, 0 },
	/* a bare suffix is 0 bytes */
	{ "K", "max", 0, 0 },
	{ "m", "max", 0, 0 },
	/* anything left over */
	{ "1GB", "max", -EINVAL, 0 },
	{ "1 G", "max", -EINVAL, 0 },
	{ "10.5M", "max", -EINVAL, 0 },
	{ "-5", "max", -EINVAL, 0 },
	{ "+5", "max", -EINVAL, 0 },
	{ " 1", "max", -EINVAL, 0 },
	{ "1 ", "max", -EINVAL, 0 },
	{ "1\n", "max", -EINVAL, 0 },
	{ "08", "max", -EINVAL, 0 },
	{ "0x", "max", -EINVAL, 0 },
	{ "1e3", "max", -EINVAL, 0 },
	{ "1kk", "max", -EINVAL, 0 },
	{ "inf", "max", -EINVAL, 0 },
};

static void test_page_counter_memparse(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(pcm_cases); i++) {
		const struct pcm_case *c = &pcm_cases[i];
		unsigned long pages = UNTOUCHED;
		unsigned long want = c->ret ? UNTOUCHED : c->pages;
		int ret = page_counter_memparse(c->in, c->max, &pages);

		if (ret != c->ret || pages != want)
			fail_msg("page_counter_memparse(\"%s\", \"%s\"): got %d/%lu, want %d/%lu",
				 esc(c->in, buf, sizeof(buf)), c->max,
				 ret, pages, c->ret, want);
	}
}

/* The unlimited value reads back on v1 as 9223372036854771712 bytes. */
static void test_page_counter_max_value(void **state)
{
	(void)state;
	assert_true(PAGE_COUNTER_MAX == 2251799813685247LL);
	assert_true((unsigned long long)PAGE_COUNTER_MAX * UCG_PAGE_SIZE ==
		    9223372036854771712ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kstrtoull),
		cmocka_unit_test(test_kstrtoll),
		cmocka_unit_test(test_kstrtouint),
		cmocka_unit_test(test_kstrtoint),
		cmocka_unit_test(test_strstrip),
		cmocka_unit_test(test_strstrip_in_place),
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_memparse_null_retptr),
		cmocka_unit_test(test_page_counter_memparse),
		cmocka_unit_test(test_page_counter_max_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
