// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sbuf.c - growable output buffer for interface-file renderings.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

void sbuf_init(struct sbuf *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	sb->err = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sbuf_fini(struct sbuf *sb)
{
	free(sb->buf);
	sbuf_init(sb);
}

static int sbuf_reserve(struct sbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	size_t cap = sb->cap ? sb->cap : 256;
	char *nb;

	if (sb->err)
		return sb->err;
	if (need <= sb->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	nb = realloc(sb->buf, cap);
	if (!nb) {
		sb->err = -ENOMEM;
		return sb->err;
	}
	sb->buf = nb;
	sb->cap = cap;
	return 0;
}

void sbuf_write(struct sbuf *sb, const void *p, size_t n)
{
	if (sbuf_reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_puts(struct sbuf *sb, const char *s)
{
	sbuf_write(sb, s, strlen(s));
}

void sbuf_putc(struct sbuf *sb, char c)
{
	sbuf_write(sb, &c, 1);
}

void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sbuf_reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}
