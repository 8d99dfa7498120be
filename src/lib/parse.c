// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * parse.c - turn the text written to an interface file into numbers, with the
 * kernel's exact acceptance rules: strstrip (lib/string.c), the strict kstrto*
 * family (lib/kstrtox.c), the lenient memparse (lib/cmdline.c) and
 * page_counter_memparse (mm/page_counter.c).  Spec sections 3.2 and 3.4.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "parse.h"

/*
 * The kernel's isspace(), which is not the C library's: its ctype table is
 * Latin-1 and also classes 0xA0 (no-break space) as white space, independent
 * of any locale.
 */
static bool kernel_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static bool is_hex_digit(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/**
 * strstrip - remove leading and trailing white space
 * @s: NUL-terminated string, modified in place
 *
 * Trailing white space is cut off by writing a NUL over its first byte;
 * leading white space is skipped, not moved.
 *
 * Return: pointer to the first non-space character of @s (the terminating
 * NUL if @s is all white space).
 */
char *strstrip(char *s)
{
	size_t len = strlen(s);

	while (len && kernel_isspace((unsigned char)s[len - 1]))
		len--;
	s[len] = '\0';
	while (kernel_isspace((unsigned char)*s))
		s++;
	return s;
}

/*
 * Resolve @base (0 = auto-detect) for the digits at @s and skip a "0x"
 * prefix where it belongs to the number.  Auto-detection only takes "0x" as
 * hex when a hex digit follows; otherwise a leading '0' means octal and the
 * 'x' is left as trailing garbage.  An explicit base 16 skips "0x" even when
 * nothing follows it.
 */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	bool has_0x = s[0] == '0' && (s[1] | 0x20) == 'x';

	if (*base == 0) {
		if (s[0] != '0')
			*base = 10;
		else if (has_0x && is_hex_digit((unsigned char)s[2]))
			*base = 16;
		else
			*base = 8;
	}
	if (*base == 16 && has_0x)
		s += 2;
	return s;
}

static unsigned int digit_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return UINT_MAX;
}

/*
 * Accumulate the longest run of digits valid in @base starting at @s.  The
 * value wraps modulo 2^64 on overflow (what simple_strtoull returns); the
 * overflow is reported separately through @overflow.
 *
 * Return: the number of digits consumed.
 */
static size_t parse_digits(const char *s, unsigned int base,
			   unsigned long long *res, bool *overflow)
{
	unsigned long long val = 0;
	size_t n = 0;
	unsigned int d;

	*overflow = false;
	while ((d = digit_value((unsigned char)s[n])) < base) {
		if (__builtin_mul_overflow(val, base, &val))
			*overflow = true;
		if (__builtin_add_overflow(val, d, &val))
			*overflow = true;
		n++;
	}
	*res = val;
	return n;
}

/* kstrtoull without the optional '+'; kstrtoll reuses it after a '-'. */
static int kstrtoull_nosign(const char *s, unsigned int base,
			    unsigned long long *res)
{
	unsigned long long val;
	bool overflow;
	size_t n;

	s = fixup_radix(s, &base);
	n = parse_digits(s, base, &val, &overflow);
	/* Overflow wins over trailing garbage, as in the kernel. */
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = val;
	return 0;
}

/**
 * kstrtoull - strictly convert a string to an unsigned long long
 * @s: NUL-terminated string: optional '+', digits, optional single '\n'
 * @base: 0 to auto-detect ("0x" hex, leading "0" octal, else decimal),
 *        or the radix; base 16 also accepts a "0x" prefix
 * @res: where the result goes; untouched on error
 *
 * Return: 0 on success, -EINVAL if @s is not exactly one number (leading
 * white space, no digits, a sign other than a single '+', anything after the
 * digits but one newline), -ERANGE if the value does not fit in 64 bits.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return kstrtoull_nosign(s, base, res);
}

/**
 * kstrtoll - strictly convert a string to a long long
 * @s: NUL-terminated string: optional '-' or '+', then as for kstrtoull()
 * @base: as for kstrtoull()
 * @res: where the result goes; untouched on error
 *
 * Return: 0 on success, -EINVAL on a malformed string, -ERANGE if the value
 * is outside [LLONG_MIN, LLONG_MAX].
 */
int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long mag;
	int ret;

	if (s[0] == '-') {
		ret = kstrtoull_nosign(s + 1, base, &mag);
		if (ret)
			return ret;
		if (mag > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		/* 0 - mag in unsigned arithmetic: LLONG_MIN needs no special case */
		*res = (long long)(0ULL - mag);
		return 0;
	}
	ret = kstrtoull(s, base, &mag);
	if (ret)
		return ret;
	if (mag > (unsigned long long)LLONG_MAX)
		return -ERANGE;
	*res = (long long)mag;
	return 0;
}

/**
 * kstrtouint - strictly convert a string to an unsigned int
 * @s: as for kstrtoull()
 * @base: as for kstrtoull()
 * @res: where the result goes; untouched on error
 *
 * Return: 0 on success, -EINVAL on a malformed string, -ERANGE if the value
 * exceeds UINT_MAX.
 */
int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long val;
	int ret;

	ret = kstrtoull(s, base, &val);
	if (ret)
		return ret;
	if (val > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)val;
	return 0;
}

/**
 * kstrtoint - strictly convert a string to an int
 * @s: as for kstrtoll()
 * @base: as for kstrtoull()
 * @res: where the result goes; untouched on error
 *
 * Return: 0 on success, -EINVAL on a malformed string, -ERANGE if the value
 * is outside [INT_MIN, INT_MAX].
 */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long val;
	int ret;

	ret = kstrtoll(s, base, &val);
	if (ret)
		return ret;
	if (val < INT_MIN || val > INT_MAX)
		return -ERANGE;
	*res = (int)val;
	return 0;
}

/* Binary exponent (multiple of 10) for a memparse suffix letter, 0 if none. */
static unsigned int suffix_shift(char c)
{
	switch (c | 0x20) {
	case 'k':
		return 10;
	case 'm':
		return 20;
	case 'g':
		return 30;
	case 't':
		return 40;
	case 'p':
		return 50;
	case 'e':
		return 60;
	default:
		return 0;
	}
}

/**
 * memparse - parse a byte count with an optional binary suffix
 * @ptr: string to parse; no sign and no leading white space are accepted
 * @retptr: if not NULL, set to the first character not consumed
 *
 * Parses leniently as simple_strtoull(@ptr, 0) does: auto-detected base,
 * stopping at the first character that is not a digit; with no digits the
 * number is 0 and nothing is consumed.  Then one letter K, M, G, T, P or E
 * (either case) multiplies by 1024^1..1024^6 and is consumed, even when no
 * digits preceded it.  Overflow in the digits or the shift wraps modulo 2^64
 * without any error, as in the kernel.
 *
 * Return: the parsed value.
 */
unsigned long long memparse(const char *ptr, char **retptr)
{
	unsigned int base = 0;
	unsigned long long val;
	unsigned int shift;
	bool overflow;
	const char *s;

	s = fixup_radix(ptr, &base);
	s += parse_digits(s, base, &val, &overflow);
	shift = suffix_shift(*s);
	if (shift) {
		val <<= shift;
		s++;
	}
	if (retptr)
		*retptr = (char *)s;
	return val;
}

/**
 * page_counter_memparse - parse a memory limit written to a control file
 * @buf: the written text, already stripped of white space
 * @max: the keyword meaning "unlimited": "max" for v2, "-1" for v1 files
 * @nr_pages: where the limit in pages goes; untouched on error
 *
 * @buf equal to @max gives PAGE_COUNTER_MAX.  Otherwise the whole of @buf
 * must be one memparse() number; the byte count is floored to whole pages
 * and clamped to PAGE_COUNTER_MAX.  The empty string parses as 0.
 *
 * Return: 0 on success, -EINVAL if anything follows the number.
 */
int page_counter_memparse(const char *buf, const char *max,
			  unsigned long *nr_pages)
{
	unsigned long long bytes, pages;
	char *end;

	if (strcmp(buf, max) == 0) {
		*nr_pages = PAGE_COUNTER_MAX;
		return 0;
	}
	bytes = memparse(buf, &end);
	if (*end != '\0')
		return -EINVAL;
	pages = bytes / UCG_PAGE_SIZE;
	if (pages > (unsigned long long)PAGE_COUNTER_MAX)
		pages = PAGE_COUNTER_MAX;
	*nr_pages = (unsigned long)pages;
	return 0;
}
