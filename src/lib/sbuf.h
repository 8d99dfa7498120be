/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sbuf.h - a growable output buffer, the engine's seq_file: seq_show
 * handlers print into it.  An allocation failure is remembered (sb->err)
 * and later prints become no-ops, so handlers need not check each call.
 */
#ifndef UCG_LIB_SBUF_H
#define UCG_LIB_SBUF_H

#include <stddef.h>

struct sbuf {
	char *buf;  /* NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	int err;    /* 0 or -ENOMEM */
};

void sbuf_init(struct sbuf *sb);
void sbuf_reset(struct sbuf *sb);   /* empty it, keep the memory */
void sbuf_fini(struct sbuf *sb);
void sbuf_printf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_puts(struct sbuf *sb, const char *s);
void sbuf_putc(struct sbuf *sb, char c);
void sbuf_write(struct sbuf *sb, const void *p, size_t n);

#endif /* UCG_LIB_SBUF_H */
