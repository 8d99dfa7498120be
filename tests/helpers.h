/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * helpers.h - generic fixtures for the cmocka unit tests: an engine with a
 * mount, mkdir -p, read a file into a string, write a string, and asserts on
 * the errno or content.  Every helper works through the public API only.
 * Include after <cmocka.h>.  Names start with th_ so they never clash with a
 * test file's own static helpers.
 */
#ifndef UCG_TESTS_HELPERS_H
#define UCG_TESTS_HELPERS_H

#include <sys/types.h>

#include <ucg/ucg.h>

/* One engine with one mounted hierarchy, driven as root. */
struct th {
	struct ucg *ucg;
	struct ucg_mount *m;
	struct ucg_cred root;
};

/* A new host-sim engine with @fstype ("cgroup2", "cgroup") mounted with
 * @options (may be NULL).  Fails the test on error. */
struct th *th_new(const char *fstype, const char *options);
/* Unmount, destroy the engine, free @t. */
void th_free(struct th *t);

/* mkdir -p @path (every missing component) as @cred; 0 or -errno. */
int th_mkdir_p(struct ucg_mount *m, const char *path, const struct ucg_cred *cred);

/* Open @path O_WRONLY as @cred, write @s once (strlen bytes), close.
 * Return: the byte count or -errno (of open or write). */
ssize_t th_write(struct ucg_mount *m, const char *path, const char *s, const struct ucg_cred *cred);
/* The same with an explicit length (for 0 bytes, NULs, long buffers). */
ssize_t th_write_n(struct ucg_mount *m, const char *path, const char *buf, size_t len,
		   const struct ucg_cred *cred);

/* Read the whole of @path as @cred.  Return: a malloc'd string (the caller
 * frees it) or NULL with *@err = -errno. */
char *th_read(struct ucg_mount *m, const char *path, const struct ucg_cred *cred, int *err);

/* A new process of init (uid 0) moved into cgroup @cg ("/" or "/a/b"); fails
 * the test on error. */
pid_t th_spawn(struct th *t, const char *cg);

void th_assert_read_at(struct ucg_mount *m, const char *path, const struct ucg_cred *cred,
		       const char *expect, const char *file, int line);
void th_assert_read_err_at(struct ucg_mount *m, const char *path, const struct ucg_cred *cred,
			   int err, const char *file, int line);
void th_assert_write_at(struct ucg_mount *m, const char *path, const char *s,
			const struct ucg_cred *cred, int err, const char *file, int line);

/* Content of @path read as root is exactly @expect. */
#define th_assert_read(t, path, expect) \
	th_assert_read_at((t)->m, (path), &(t)->root, (expect), __FILE__, __LINE__)
/* Reading @path as root fails with @err (a negative errno). */
#define th_assert_read_err(t, path, err) \
	th_assert_read_err_at((t)->m, (path), &(t)->root, (err), __FILE__, __LINE__)
/* Writing @s to @path as root returns strlen(@s) if @err is 0, else @err. */
#define th_assert_write(t, path, s, err) \
	th_assert_write_at((t)->m, (path), (s), &(t)->root, (err), __FILE__, __LINE__)
/* The same as @cred. */
#define th_assert_write_as(t, path, s, cred, err) \
	th_assert_write_at((t)->m, (path), (s), (cred), (err), __FILE__, __LINE__)

#endif /* UCG_TESTS_HELPERS_H */
