// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * proc.c - the --proc DIR mount: the engine's views of /proc, in the
 * kernel's formats, for tools that read them.
 *
 *   DIR/cgroups        /proc/cgroups (ucg_proc_cgroups)
 *   DIR/PID/cgroup     /proc/PID/cgroup (ucg_proc_pid_cgroup); PID directories
 *                      are found by name and not listed
 *   DIR/self/cgroup    the cgroups of the process that opens it
 *
 * Each file renders at a read at offset 0 and serves later offsets from
 * that rendering, as the kernel's seq_file does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"

enum {
	INO_ROOT = FUSE_ROOT_ID,
	INO_CGROUPS,
	INO_SELF,
	INO_SELF_CGROUP,
};

/* DIR/PID is PID_BASE + 2 * PID, DIR/PID/cgroup the next number. */
#define PID_BASE (1ull << 32)

static bool is_pid_ino(fuse_ino_t ino)
{
	return ino >= PID_BASE;
}

static pid_t ino_pid(fuse_ino_t ino)
{
	return (pid_t)((ino - PID_BASE) >> 1);
}

static bool ino_is_dir(fuse_ino_t ino)
{
	return ino == INO_ROOT || ino == INO_SELF || (is_pid_ino(ino) && !(ino & 1));
}

static struct ucgd *req_d(fuse_req_t req)
{
	return ((struct ucgd_mnt *)fuse_req_userdata(req))->d;
}

static void proc_attr(const struct ucgd *d, fuse_ino_t ino, struct stat *a)
{
	memset(a, 0, sizeof(*a));
	a->st_ino = ino;
	a->st_mode = ino_is_dir(ino) ? S_IFDIR | 0555 : S_IFREG | 0444;
	a->st_nlink = ino_is_dir(ino) ? 2 : 1;
	a->st_blksize = 4096;
	a->st_atim = d->start;
	a->st_mtim = d->start;
	a->st_ctim = d->start;
}

/* A PID directory name: decimal, no sign, no leading zero. */
static pid_t parse_pid(const char *name)
{
	char *end;
	long v;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	errno = 0;
	v = strtol(name, &end, 10);
	if (*end || errno || v > INT_MAX / 2)
		return 0;
	return (pid_t)v;
}

/* Does the engine know task @pid (host-linux adopts it on first use)? */
static bool pid_exists(struct ucgd *d, pid_t pid)
{
	char *s = NULL;
	int ret = ucg_proc_pid_cgroup(d->ucg, pid, &s);

	free(s);
	return ret == 0;
}

static fuse_ino_t proc_child(struct ucgd *d, fuse_ino_t parent, const char *name)
{
	pid_t pid;

	if (parent == INO_ROOT) {
		if (!strcmp(name, "cgroups"))
			return INO_CGROUPS;
		if (!strcmp(name, "self"))
			return INO_SELF;
		pid = parse_pid(name);
		if (pid && pid_exists(d, pid))
			return PID_BASE + 2 * (fuse_ino_t)pid;
		return 0;
	}
	if (!strcmp(name, "cgroup")) {
		if (parent == INO_SELF)
			return INO_SELF_CGROUP;
		if (is_pid_ino(parent) && ino_is_dir(parent))
			return parent + 1;
	}
	return 0;
}

static void proc_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct ucgd *d = req_d(req);
	fuse_ino_t ino = proc_child(d, parent, name);
	struct fuse_entry_param e;

	if (!ino) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.ino = ino;
	/* processes come and go: their entries are never cached */
	e.entry_timeout = is_pid_ino(ino) ? 0 : d->timeout;
	e.attr_timeout = e.entry_timeout;
	proc_attr(d, ino, &e.attr);
	fuse_reply_entry(req, &e);
}

static void proc_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct ucgd *d = req_d(req);
	struct stat a;

	(void)fi;
	proc_attr(d, ino, &a);
	fuse_reply_attr(req, &a, is_pid_ino(ino) ? 0 : d->timeout);
}

static void proc_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	(void)ino;
	(void)nlookup;
	fuse_reply_none(req);
}

static void proc_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			 struct fuse_file_info *fi)
{
	static const char *const root_names[] = { ".", "..", "cgroups", "self" };
	static const char *const dir_names[] = { ".", "..", "cgroup" };
	const char *const *names = ino == INO_ROOT ? root_names : dir_names;
	size_t n = ino == INO_ROOT ? 4 : 3, pos = 0, i;
	struct ucgd *d = req_d(req);
	char *buf = malloc(size ? size : 1);

	(void)fi;
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	for (i = off > 0 ? (size_t)off : 0; i < n; i++) {
		fuse_ino_t child = i < 2 ? ino : proc_child(d, ino, names[i]);
		struct stat a;
		size_t need;

		proc_attr(d, child ? child : ino, &a);
		need = fuse_add_direntry(req, buf + pos, size - pos, names[i], &a, (off_t)i + 1);
		if (need > size - pos)
			break;
		pos += need;
	}
	fuse_reply_buf(req, buf, pos);
	free(buf);
}

static void proc_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	if (!ino_is_dir(ino))
		fuse_reply_err(req, ENOTDIR);
	else
		fuse_reply_open(req, fi);
}

/* An open proc file (fi->fh). */
struct proc_file {
	pthread_mutex_t lock; /* protects buf, len */
	pid_t pid;            /* 0: the cgroups file */
	char *buf;
	size_t len;
};

/* The thread group of thread @tid, as /proc/self names it. */
static pid_t tgid_of(pid_t tid)
{
	char path[64], line[256];
	pid_t tgid = tid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return tid;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	}
	fclose(f);
	return tgid;
}

static void proc_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct ucgd *d = req_d(req);
	struct proc_file *pf;

	if ((fi->flags & O_ACCMODE) != O_RDONLY) {
		fuse_reply_err(req, EACCES);
		return;
	}
	pf = calloc(1, sizeof(*pf));
	if (!pf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	pthread_mutex_init(&pf->lock, NULL);
	if (ino == INO_SELF_CGROUP)
		pf->pid = d->sim ? fuse_req_ctx(req)->pid : tgid_of(fuse_req_ctx(req)->pid);
	else if (is_pid_ino(ino))
		pf->pid = ino_pid(ino);
	fi->fh = (uintptr_t)pf;
	fi->direct_io = 1;
	fi->noflush = 1;
	if (fuse_reply_open(req, fi) == -ENOENT) {
		pthread_mutex_destroy(&pf->lock);
		free(pf);
	}
}

static void proc_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	struct proc_file *pf = (struct proc_file *)(uintptr_t)fi->fh;
	struct ucgd *d = req_d(req);
	char *out = NULL;
	size_t n = 0;
	int ret = 0;

	(void)ino;
	pthread_mutex_lock(&pf->lock);
	if (off == 0 || !pf->buf) {
		char *s = NULL;

		ret = pf->pid ? ucg_proc_pid_cgroup(d->ucg, pf->pid, &s) : ucg_proc_cgroups(d->ucg, &s);
		if (!ret) {
			free(pf->buf);
			pf->buf = s;
			pf->len = strlen(s);
		}
	}
	if (!ret && off >= 0 && (size_t)off < pf->len) {
		n = pf->len - (size_t)off < size ? pf->len - (size_t)off : size;
		out = malloc(n);
		if (out)
			memcpy(out, pf->buf + off, n);
		else
			ret = -ENOMEM;
	}
	pthread_mutex_unlock(&pf->lock);
	/*
	 * Reply only now, from a copy: once the reader has its data it may
	 * close the file, and RELEASE (another thread) frees @pf.
	 */
	if (ret)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_buf(req, out, n);
	free(out);
}

static void proc_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct proc_file *pf = (struct proc_file *)(uintptr_t)fi->fh;

	(void)ino;
	pthread_mutex_destroy(&pf->lock);
	free(pf->buf);
	free(pf);
	fuse_reply_err(req, 0);
}

const struct fuse_lowlevel_ops ucgd_proc_ops = {
	.lookup = proc_lookup,
	.forget = proc_forget,
	.getattr = proc_getattr,
	.opendir = proc_opendir,
	.readdir = proc_readdir,
	.open = proc_open,
	.read = proc_read,
	.release = proc_release,
};
