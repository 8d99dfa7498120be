// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fs.c - the cgroupfs operations of ucgd: each FUSE request becomes one
 * engine call with the caller's credentials, and its errno goes back
 * unchanged, as lxcfs maps FUSE onto its cgroup backend.
 *
 * What the kernel's cgroupfs does and how this front keeps it:
 * - every read at offset 0 shows fresh content: files are opened direct_io
 *   (no page cache) and report size 0 as cgroupfs does; readers go to EOF;
 * - one ucg_file per open (fi->fh) renders once per read at offset 0, later
 *   offsets read that rendering (kernfs's seq_file);
 * - permissions are the engine's, judged with the opener's credentials;
 *   the mount has no default_permissions;
 * - names and attributes are cached by the kernel and invalidated explicitly
 *   whenever they change (mkdir, rmdir, rename, chmod/chown, controller files
 *   appearing or vanishing after a subtree_control or cgroup.pressure write).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "fs.h"

#define PATH_LEN 4096

static struct ucgd_mnt *req_mnt(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

static uint64_t eng_ino(const struct ucgd_mnt *mnt, fuse_ino_t ino)
{
	return ino == FUSE_ROOT_ID ? mnt->root_ino : (uint64_t)ino;
}

static fuse_ino_t fuse_ino(const struct ucgd_mnt *mnt, uint64_t ino)
{
	return ino == mnt->root_ino ? FUSE_ROOT_ID : (fuse_ino_t)ino;
}

static void reply_err(fuse_req_t req, int ret)
{
	fuse_reply_err(req, ret < 0 ? -ret : ret);
}

/* ---- credentials ---------------------------------------------------------- */

/**
 * ucgd_cred_get - the credentials of a request's caller.
 * @req: the request
 * @d: daemon
 * @groups: also read the supplementary groups (a /proc read: only for
 *          permission checks of non-root callers)
 * @rc: filled; release with ucgd_cred_put()
 *
 * uid and gid are the caller's fsuid/fsgid, tid the calling thread (what `0`
 * means in cgroup.procs) unless the engine's tasks are simulated.  uid 0 gets
 * every capability: root on the machines ucgd serves has DAC override.
 */
void ucgd_cred_get(fuse_req_t req, const struct ucgd *d, bool groups, struct ucgd_cred *rc)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	int n;

	memset(rc, 0, sizeof(*rc));
	rc->c.uid = ctx->uid;
	rc->c.gid = ctx->gid;
	rc->c.tid = d->sim ? 0 : ctx->pid;
	rc->c.caps = ctx->uid == 0 ? UCG_CAP_ALL : 0;
	if (!groups || ctx->uid == 0)
		return;
	n = fuse_req_getgroups(req, (int)(sizeof(rc->small) / sizeof(rc->small[0])), rc->small);
	if (n > (int)(sizeof(rc->small) / sizeof(rc->small[0]))) {
		rc->big = malloc(sizeof(gid_t) * (size_t)n);
		if (rc->big)
			n = fuse_req_getgroups(req, n, rc->big);
		else
			n = 0;
	}
	if (n > 0) {
		rc->c.groups = rc->big ? rc->big : rc->small;
		rc->c.ngroups = (size_t)n;
	}
}

void ucgd_cred_put(struct ucgd_cred *rc)
{
	free(rc->big);
	rc->big = NULL;
}

/*
 * The VFS's generic_permission() for checks the engine has no call for
 * (access(2), opendir, truncate): mode bits, DAC override for root, which
 * still needs an x bit to execute a file.
 */
static bool may(const struct ucg_cred *c, const struct ucg_stat *st, int mask)
{
	bool in_group = c->gid == st->gid;
	mode_t bits;
	size_t i;

	if (c->caps & UCG_CAP_DAC_OVERRIDE)
		return !(mask & 1) || st->is_dir || (st->mode & 0111);
	for (i = 0; !in_group && i < c->ngroups; i++)
		in_group = c->groups[i] == st->gid;
	if (c->uid == st->uid)
		bits = (st->mode >> 6) & 7;
	else if (in_group)
		bits = (st->mode >> 3) & 7;
	else
		bits = st->mode & 7;
	return ((int)bits & mask) == mask;
}

/* ---- paths and attributes -------------------------------------------------- */

/* The path of inode @ino: its length, or -ENOENT once it is gone. */
static int ino_path(struct ucgd_mnt *mnt, fuse_ino_t ino, char *buf)
{
	return ucg_ino_path(mnt->m, eng_ino(mnt, ino), buf, PATH_LEN);
}

/* @buf = @dir/@name (PATH_LEN bytes).  Its length or -ENAMETOOLONG. */
static int join_path(char *buf, const char *dir, const char *name)
{
	size_t dl = strcmp(dir, "/") ? strlen(dir) : 0, nl = strlen(name);

	if (dl + 1 + nl + 1 > PATH_LEN)
		return -ENAMETOOLONG;
	memmove(buf, dir, dl);
	buf[dl] = '/';
	memcpy(buf + dl + 1, name, nl + 1);
	return (int)(dl + 1 + nl);
}

/* The path of @name in directory @parent. */
static int child_path(struct ucgd_mnt *mnt, fuse_ino_t parent, const char *name, char *buf)
{
	int n = ino_path(mnt, parent, buf);

	return n < 0 ? n : join_path(buf, buf, name);
}

/* Cut @path to its directory ("/a/cgroup.procs" -> "/a", "/x" -> "/"). */
static void path_dirname(char *path)
{
	char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		strcpy(path, "/");
	else
		*slash = '\0';
}

static int count_subdir(void *arg, const char *name, const struct ucg_stat *st)
{
	(void)name;
	if (!st->is_dir)
		return 1; /* child cgroups come first: done */
	(*(nlink_t *)arg)++;
	return 0;
}

/* kernfs: a directory's link count is 2 plus its subdirectories. */
static nlink_t dir_nlink(struct ucgd_mnt *mnt, const char *path)
{
	nlink_t n = 2;

	ucg_readdir(mnt->m, path, count_subdir, &n);
	return n;
}

static void fill_attr(const struct ucgd_mnt *mnt, const struct ucg_stat *st, nlink_t nlink,
		      struct stat *a)
{
	memset(a, 0, sizeof(*a));
	a->st_ino = st->ino;
	a->st_mode = (st->is_dir ? S_IFDIR : S_IFREG) | st->mode;
	a->st_nlink = st->is_dir ? nlink : 1;
	a->st_uid = st->uid;
	a->st_gid = st->gid;
	a->st_size = 0; /* as cgroupfs: readers read to EOF */
	a->st_blksize = 4096;
	a->st_atim = mnt->d->start;
	a->st_mtim = mnt->d->start;
	a->st_ctim = mnt->d->start;
}

/* Attributes of @path, with the link count of a directory. */
static int stat_path(struct ucgd_mnt *mnt, const char *path, struct ucg_stat *st, struct stat *a)
{
	int ret = ucg_stat(mnt->m, path, st);

	if (ret)
		return ret;
	fill_attr(mnt, st, st->is_dir ? dir_nlink(mnt, path) : 1, a);
	return 0;
}

static void entry_param(const struct ucgd_mnt *mnt, const struct ucg_stat *st,
			struct fuse_entry_param *e)
{
	e->ino = fuse_ino(mnt, st->ino);
	e->generation = 0; /* engine inode numbers are never reused */
	e->attr_timeout = mnt->d->timeout;
	e->entry_timeout = mnt->d->timeout;
}

/* Reply to a request that names @path with its entry.  0 or -errno (not replied). */
static int reply_entry(fuse_req_t req, struct ucgd_mnt *mnt, const char *path)
{
	struct fuse_entry_param e;
	struct ucg_stat st;
	int ret;

	memset(&e, 0, sizeof(e));
	ret = stat_path(mnt, path, &st, &e.attr);
	if (ret)
		return ret;
	entry_param(mnt, &st, &e);
	fuse_reply_entry(req, &e);
	return 0;
}

/* ---- names and attributes ---------------------------------------------------- */

static void ucgd_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	/* O_TRUNC comes with OPEN (ignored, as kernfs ignores it), not as a SETATTR */
	if (conn->capable & FUSE_CAP_ATOMIC_O_TRUNC)
		conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
}

static void ucgd_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	int ret = child_path(mnt, parent, name, path);

	/* No negative entries: a name that appears needs no invalidation. */
	if (ret >= 0)
		ret = reply_entry(req, mnt, path);
	if (ret)
		reply_err(req, ret);
}

static void ucgd_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	(void)ino;
	(void)nlookup;
	fuse_reply_none(req); /* nothing is kept per inode */
}

static void ucgd_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	(void)count;
	(void)forgets;
	fuse_reply_none(req);
}

static void ucgd_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucg_stat st;
	struct stat a;
	int ret = ino_path(mnt, ino, path);

	(void)fi;
	if (ret >= 0)
		ret = stat_path(mnt, path, &st, &a);
	if (ret < 0)
		reply_err(req, ret);
	else
		fuse_reply_attr(req, &a, mnt->d->timeout);
}

/* chown, chmod; a size change is accepted and ignored as kernfs does. */
static int do_setattr(struct ucgd_mnt *mnt, const char *path, const struct stat *attr, int to_set,
		      const struct ucg_cred *c, bool opened)
{
	struct ucg_stat st;
	int ret = 0;

	if (to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID))
		ret = ucg_chown(mnt->m, path,
				to_set & FUSE_SET_ATTR_UID ? attr->st_uid : (uid_t)-1,
				to_set & FUSE_SET_ATTR_GID ? attr->st_gid : (gid_t)-1, c);
	if (!ret && (to_set & FUSE_SET_ATTR_MODE))
		ret = ucg_chmod(mnt->m, path, attr->st_mode & 07777, c);
	if (!ret && (to_set & FUSE_SET_ATTR_SIZE) && !opened) {
		/* truncate(2) needs write permission; ftruncate was checked at open */
		ret = ucg_stat(mnt->m, path, &st);
		if (!ret && st.is_dir)
			ret = -EISDIR;
		else if (!ret && !may(c, &st, 2))
			ret = -EACCES;
	}
	return ret;
}

static void ucgd_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
			 struct fuse_file_info *fi)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	struct ucg_stat st;
	struct stat a;
	int ret = ino_path(mnt, ino, path);

	if (ret < 0) {
		reply_err(req, ret);
		return;
	}
	ucgd_cred_get(req, mnt->d, true, &rc);
	ret = do_setattr(mnt, path, attr, to_set, &rc.c, fi != NULL);
	ucgd_cred_put(&rc);
	if (!ret)
		ret = stat_path(mnt, path, &st, &a);
	if (ret) {
		reply_err(req, ret);
		return;
	}
	fuse_reply_attr(req, &a, mnt->d->timeout);
	if (to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID | FUSE_SET_ATTR_MODE))
		ucgd_inval_attr(mnt->d, mnt->hier_id, mnt, st.ino);
}

static void ucgd_access(fuse_req_t req, fuse_ino_t ino, int mask)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	struct ucg_stat st;
	int ret = ino_path(mnt, ino, path);

	if (ret >= 0)
		ret = ucg_stat(mnt->m, path, &st);
	if (!ret && mask != F_OK) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		if (!may(&rc.c, &st, mask & 7))
			ret = -EACCES;
		ucgd_cred_put(&rc);
	}
	reply_err(req, ret < 0 ? ret : 0);
}

static void ucgd_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct statvfs sv;

	(void)ino;
	memset(&sv, 0, sizeof(sv));
	sv.f_bsize = 4096;
	sv.f_frsize = 4096;
	sv.f_namemax = 255;
	fuse_reply_statfs(req, &sv);
}

/* ---- directories ------------------------------------------------------------- */

struct dent {
	char *name;
	struct ucg_stat st;
	nlink_t nlink;
};

/* An open directory: a listing taken at the read of offset 0 (fi->fh). */
struct ucgd_dir {
	struct dent *e;
	size_t n, cap;
	bool filled;
};

static void dir_clear(struct ucgd_dir *dh)
{
	size_t i;

	for (i = 0; i < dh->n; i++)
		free(dh->e[i].name);
	dh->n = 0;
	dh->filled = false;
}

static int dir_add(struct ucgd_dir *dh, const char *name, const struct ucg_stat *st)
{
	struct dent *e;

	if (dh->n == dh->cap) {
		size_t cap = dh->cap ? dh->cap * 2 : 64;

		e = realloc(dh->e, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		dh->e = e;
		dh->cap = cap;
	}
	e = &dh->e[dh->n];
	e->name = strdup(name);
	if (!e->name)
		return -ENOMEM;
	e->st = *st;
	e->nlink = 1;
	dh->n++;
	return 0;
}

/* ucg_readdir callback: the engine is locked, so only collect. */
static int dir_collect(void *arg, const char *name, const struct ucg_stat *st)
{
	return dir_add(arg, name, st);
}

/* List directory @ino: ".", "..", child cgroups, then files (as the engine orders them). */
static int dir_fill(struct ucgd_mnt *mnt, fuse_ino_t ino, struct ucgd_dir *dh)
{
	char path[PATH_LEN], sub[PATH_LEN];
	struct ucg_stat self, parent;
	size_t i, nsub = 0;
	int ret;

	dir_clear(dh);
	ret = ino_path(mnt, ino, path);
	if (ret >= 0)
		ret = ucg_stat(mnt->m, path, &self);
	if (ret < 0)
		return ret;
	parent = self;
	if (strcmp(path, "/")) {
		strcpy(sub, path);
		path_dirname(sub);
		if (ucg_stat(mnt->m, sub, &parent))
			parent = self;
	}
	ret = dir_add(dh, ".", &self);
	if (!ret)
		ret = dir_add(dh, "..", &parent);
	if (!ret)
		ret = ucg_readdir(mnt->m, path, dir_collect, dh);
	if (ret < 0)
		return ret;
	for (i = 2; i < dh->n && dh->e[i].st.is_dir; i++, nsub++) {
		if (join_path(sub, path, dh->e[i].name) > 0)
			dh->e[i].nlink = dir_nlink(mnt, sub);
	}
	dh->e[0].nlink = 2 + nsub;
	dh->e[1].nlink = dh->e[1].st.ino == self.ino ? 2 + nsub : 3; /* ".." of a child: approximate */
	dh->filled = true;
	return 0;
}

static void ucgd_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	struct ucgd_dir *dh;
	char path[PATH_LEN];
	struct ucgd_cred rc;
	struct ucg_stat st;
	int ret = ino_path(mnt, ino, path);

	if (ret >= 0)
		ret = ucg_stat(mnt->m, path, &st);
	if (!ret && !st.is_dir)
		ret = -ENOTDIR;
	if (!ret) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		if (!may(&rc.c, &st, 4))
			ret = -EACCES;
		ucgd_cred_put(&rc);
	}
	dh = ret ? NULL : calloc(1, sizeof(*dh));
	if (!ret && !dh)
		ret = -ENOMEM;
	if (ret) {
		reply_err(req, ret);
		return;
	}
	fi->fh = (uintptr_t)dh;
	if (fuse_reply_open(req, fi) == -ENOENT) {
		free(dh); /* interrupted: no releasedir will come */
	}
}

static void do_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi, bool plus)
{
	struct ucgd_dir *dh = (struct ucgd_dir *)(uintptr_t)fi->fh;
	struct ucgd_mnt *mnt = req_mnt(req);
	size_t pos = 0, i;
	char *buf;
	int ret;

	if (off == 0 || !dh->filled) {
		ret = dir_fill(mnt, ino, dh);
		if (ret) {
			reply_err(req, ret);
			return;
		}
	}
	buf = malloc(size ? size : 1);
	if (!buf) {
		reply_err(req, -ENOMEM);
		return;
	}
	for (i = off > 0 ? (size_t)off : 0; i < dh->n; i++) {
		const struct dent *de = &dh->e[i];
		struct fuse_entry_param e;
		size_t need;

		memset(&e, 0, sizeof(e));
		fill_attr(mnt, &de->st, de->nlink, &e.attr);
		if (plus) {
			/* "." and "..": attributes only, the kernel links neither */
			if (i >= 2)
				entry_param(mnt, &de->st, &e);
			need = fuse_add_direntry_plus(req, buf + pos, size - pos, de->name, &e,
						      (off_t)i + 1);
		} else {
			need = fuse_add_direntry(req, buf + pos, size - pos, de->name, &e.attr,
						 (off_t)i + 1);
		}
		if (need > size - pos)
			break;
		pos += need;
	}
	fuse_reply_buf(req, buf, pos);
	free(buf);
}

static void ucgd_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			 struct fuse_file_info *fi)
{
	do_readdir(req, ino, size, off, fi, false);
}

static void ucgd_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			     struct fuse_file_info *fi)
{
	do_readdir(req, ino, size, off, fi, true);
}

static void ucgd_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct ucgd_dir *dh = (struct ucgd_dir *)(uintptr_t)fi->fh;

	(void)ino;
	dir_clear(dh);
	free(dh->e);
	free(dh);
	fuse_reply_err(req, 0);
}

static void ucgd_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	int ret = child_path(mnt, parent, name, path);

	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_mkdir(mnt->m, path, mode, &rc.c);
		ucgd_cred_put(&rc);
	}
	if (!ret)
		ret = reply_entry(req, mnt, path);
	if (ret) {
		reply_err(req, ret);
		return;
	}
	/* this mount's kernel cache follows by itself; the others' must be told */
	ucgd_inval_entry(mnt->d, mnt->hier_id, mnt, eng_ino(mnt, parent), name);
	ucgd_inval_attr(mnt->d, mnt->hier_id, mnt, eng_ino(mnt, parent));
}

static void ucgd_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	struct ucg_stat st = { 0 };
	int ret = child_path(mnt, parent, name, path);

	if (ret >= 0)
		ret = ucg_stat(mnt->m, path, &st);
	if (!ret) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_rmdir(mnt->m, path, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_err(req, ret < 0 ? ret : 0);
	if (!ret)
		ucgd_inval_delete(mnt->d, mnt->hier_id, mnt, eng_ino(mnt, parent), st.ino, name);
}

static void ucgd_rename(fuse_req_t req, fuse_ino_t parent, const char *name,
			fuse_ino_t newparent, const char *newname, unsigned int flags)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char from[PATH_LEN], to[PATH_LEN];
	struct ucgd_cred rc;
	int ret = -EINVAL; /* kernfs: no RENAME_NOREPLACE, _EXCHANGE, _WHITEOUT */

	if (!flags) {
		ret = child_path(mnt, parent, name, from);
		if (ret >= 0)
			ret = child_path(mnt, newparent, newname, to);
	}
	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_rename(mnt->m, from, to, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_err(req, ret < 0 ? ret : 0);
	if (!ret) {
		ucgd_inval_entry(mnt->d, mnt->hier_id, mnt, eng_ino(mnt, parent), name);
		ucgd_inval_entry(mnt->d, mnt->hier_id, mnt, eng_ino(mnt, newparent), newname);
	}
}

static void ucgd_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	int ret = child_path(mnt, parent, name, path);

	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, false, &rc);
		ret = ucg_unlink(mnt->m, path, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_err(req, ret < 0 ? ret : 0);
}

/* open(O_CREAT) of a name that does not exist: the engine's errno (EACCES). */
static void ucgd_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
			struct fuse_file_info *fi)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	int ret = child_path(mnt, parent, name, path);

	(void)mode;
	(void)fi;
	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, false, &rc);
		ret = ucg_create(mnt->m, path, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_err(req, ret < 0 ? ret : -EACCES);
}

/* kernfs has no mknod, symlink or link: the VFS answers EPERM. */
static void ucgd_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev)
{
	(void)parent;
	(void)name;
	(void)mode;
	(void)rdev;
	fuse_reply_err(req, EPERM);
}

static void ucgd_symlink(fuse_req_t req, const char *link, fuse_ino_t parent, const char *name)
{
	(void)link;
	(void)parent;
	(void)name;
	fuse_reply_err(req, EPERM);
}

static void ucgd_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname)
{
	(void)ino;
	(void)newparent;
	(void)newname;
	fuse_reply_err(req, EPERM);
}

/* ---- interface files ------------------------------------------------------------- */

/* Writes that change which files exist, and where. */
static enum ucgd_scope write_scope(const char *path)
{
	const char *name = strrchr(path, '/');

	name = name ? name + 1 : path;
	if (!strcmp(name, "cgroup.subtree_control"))
		return UCGD_SCOPE_CHILDREN;
	if (!strcmp(name, "cgroup.pressure"))
		return UCGD_SCOPE_SELF;
	return UCGD_SCOPE_NONE;
}

static void ucgd_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	struct ucgd_file *uf = NULL;
	struct ucg_file *f = NULL;
	char path[PATH_LEN];
	struct ucgd_cred rc;
	struct ucg_stat st;
	int ret = ino_path(mnt, ino, path);

	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_open(mnt->m, path, fi->flags & O_ACCMODE, &rc.c, &f);
		ucgd_cred_put(&rc);
	}
	if (!ret) {
		uf = calloc(1, sizeof(*uf));
		if (!uf)
			ret = -ENOMEM;
	}
	if (ret) {
		ucg_close(f);
		reply_err(req, ret);
		return;
	}
	uf->f = f;
	uf->mnt = mnt;
	uf->ino = eng_ino(mnt, ino);
	if ((fi->flags & O_ACCMODE) != O_RDONLY)
		uf->scope = write_scope(path);
	if (uf->scope != UCGD_SCOPE_NONE) {
		path_dirname(path);
		if (ucg_stat(mnt->m, path, &st))
			uf->scope = UCGD_SCOPE_NONE;
		else
			uf->dir_ino = st.ino;
	}
	ucgd_files_add(&mnt->files, uf);
	fi->fh = (uintptr_t)uf;
	fi->direct_io = 1; /* every read reaches the engine: always fresh */
	fi->noflush = 1;   /* nothing to flush: spare the FLUSH request at close */
	if (fuse_reply_open(req, fi) == -ENOENT) {
		/* interrupted: no release will come */
		ucgd_files_del(&mnt->files, uf);
		ucg_close(f);
		free(uf);
	}
}

static void ucgd_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	struct ucgd_file *uf = (struct ucgd_file *)(uintptr_t)fi->fh;
	char *buf = malloc(size ? size : 1);
	ssize_t n;

	(void)ino;
	if (!buf) {
		reply_err(req, -ENOMEM);
		return;
	}
	if (off == 0)
		ucgd_files_seen(&uf->mnt->files, uf); /* before rendering: no change is lost */
	n = ucg_read(uf->f, buf, size, off);
	if (n < 0)
		reply_err(req, (int)n);
	else
		fuse_reply_buf(req, buf, (size_t)n);
	free(buf);
}

/* The files of a directory, or of each child directory: which names exist. */
struct snap_dir {
	uint64_t ino;
	char *path;
	char **names;
	size_t n, cap;
};

struct snap {
	struct snap_dir *dirs;
	size_t n, cap;
};

static int strv_add(char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		char **nv = realloc(*v, c * sizeof(**v));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = c;
	}
	(*v)[*n] = strdup(s);
	if (!(*v)[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

static struct snap_dir *snap_add_dir(struct snap *s, const char *path, uint64_t ino)
{
	struct snap_dir *sd;

	if (s->n == s->cap) {
		size_t c = s->cap ? s->cap * 2 : 8;

		sd = realloc(s->dirs, c * sizeof(*sd));
		if (!sd)
			return NULL;
		s->dirs = sd;
		s->cap = c;
	}
	sd = &s->dirs[s->n];
	memset(sd, 0, sizeof(*sd));
	sd->ino = ino;
	sd->path = strdup(path);
	if (!sd->path)
		return NULL;
	s->n++;
	return sd;
}

struct snap_ctx {
	struct snap *s;
	const char *base;     /* collecting child directories of this path */
	struct snap_dir *dir; /* collecting file names into this */
	int err;
};

static int snap_collect(void *arg, const char *name, const struct ucg_stat *st)
{
	struct snap_ctx *ctx = arg;
	char path[PATH_LEN];

	if (ctx->dir) {
		if (!st->is_dir)
			ctx->err = strv_add(&ctx->dir->names, &ctx->dir->n, &ctx->dir->cap, name);
		return ctx->err;
	}
	if (!st->is_dir)
		return 1;
	ctx->err = join_path(path, ctx->base, name);
	if (ctx->err > 0)
		ctx->err = snap_add_dir(ctx->s, path, st->ino) ? 0 : -ENOMEM;
	return ctx->err;
}

static void snap_free(struct snap *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->dirs[i].n; j++)
			free(s->dirs[i].names[j]);
		free(s->dirs[i].names);
		free(s->dirs[i].path);
	}
	free(s->dirs);
	memset(s, 0, sizeof(*s));
}

/* Which files exist in the directories that a write to @uf may change. */
static int snapshot(struct ucgd_file *uf, struct snap *s)
{
	struct snap_ctx ctx = { .s = s };
	char path[PATH_LEN];
	size_t i;
	int ret = ucg_ino_path(uf->mnt->m, uf->dir_ino, path, sizeof(path));

	memset(s, 0, sizeof(*s));
	if (ret < 0)
		return ret;
	if (uf->scope == UCGD_SCOPE_SELF) {
		if (!snap_add_dir(s, path, uf->dir_ino))
			return -ENOMEM;
	} else {
		ctx.base = path;
		ucg_readdir(uf->mnt->m, path, snap_collect, &ctx);
		if (ctx.err)
			return ctx.err;
	}
	for (i = 0; i < s->n; i++) {
		ctx.dir = &s->dirs[i];
		ucg_readdir(uf->mnt->m, s->dirs[i].path, snap_collect, &ctx);
		if (ctx.err)
			return ctx.err;
	}
	return 0;
}

static bool strv_has(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(v[i], s))
			return true;
	}
	return false;
}

/* Drop the cached names of files that existed before and are gone after. */
static void inval_vanished(struct ucgd_mnt *mnt, const struct snap *before, const struct snap *after)
{
	size_t i, j, k;

	for (i = 0; i < before->n; i++) {
		const struct snap_dir *b = &before->dirs[i];

		for (j = 0; j < after->n && after->dirs[j].ino != b->ino; j++)
			;
		if (j == after->n)
			continue; /* the directory itself is gone: rmdir saw to it */
		for (k = 0; k < b->n; k++) {
			if (!strv_has(after->dirs[j].names, after->dirs[j].n, b->names[k]))
				ucgd_inval_entry_now(mnt->d, mnt->hier_id, b->ino, b->names[k]);
		}
	}
}

static void ucgd_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct ucgd_file *uf = (struct ucgd_file *)(uintptr_t)fi->fh;
	struct snap before = { 0 }, after = { 0 };
	struct ucgd_cred rc;
	bool track = uf->scope != UCGD_SCOPE_NONE && size > 0;
	ssize_t n;

	(void)ino;
	(void)off; /* every write is parsed on its own, wherever it is (spec 3.1) */
	if (track && snapshot(uf, &before)) {
		snap_free(&before);
		track = false; /* cannot compare: cached names expire with the timeout */
	}
	ucgd_cred_get(req, uf->mnt->d, false, &rc);
	n = ucg_write(uf->f, buf, size, &rc.c);
	ucgd_cred_put(&rc);
	if (track && n > 0 && !snapshot(uf, &after))
		inval_vanished(uf->mnt, &before, &after);
	if (track) {
		snap_free(&before);
		snap_free(&after);
	}
	if (n < 0)
		reply_err(req, (int)n);
	else
		fuse_reply_write(req, (size_t)n);
}

static void ucgd_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct ucgd_file *uf = (struct ucgd_file *)(uintptr_t)fi->fh;

	(void)ino;
	ucgd_files_del(&uf->mnt->files, uf);
	ucg_close(uf->f);
	free(uf);
	fuse_reply_err(req, 0);
}

/* kernfs_generic_poll(): always readable and writable; POLLERR|POLLPRI after a change. */
static void ucgd_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
		      struct fuse_pollhandle *ph)
{
	struct ucgd_file *uf = (struct ucgd_file *)(uintptr_t)fi->fh;
	unsigned int revents = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

	(void)ino;
	if (ucgd_files_poll(&uf->mnt->files, uf, ph))
		revents |= POLLERR | POLLPRI;
	fuse_reply_poll(req, revents);
}

/* ---- extended attributes ------------------------------------------------------ */

static void ucgd_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value,
			  size_t size, int flags)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	int ret = ino_path(mnt, ino, path);

	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_setxattr(mnt->m, path, name, value, size, flags, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_err(req, ret < 0 ? ret : 0);
}

/* Reply to getxattr/listxattr: the length when @size is 0, else the bytes. */
static void reply_xattr(fuse_req_t req, ssize_t ret, const char *buf, size_t size)
{
	if (ret < 0)
		reply_err(req, (int)ret);
	else if (!size)
		fuse_reply_xattr(req, (size_t)ret);
	else
		fuse_reply_buf(req, buf, (size_t)ret);
}

static void ucgd_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN], *buf = NULL;
	struct ucgd_cred rc;
	ssize_t ret = ino_path(mnt, ino, path);

	if (ret >= 0 && size && !(buf = malloc(size)))
		ret = -ENOMEM;
	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_getxattr(mnt->m, path, name, buf, size, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_xattr(req, ret, buf, size);
	free(buf);
}

/* Deviation: a length over 64 KiB asked with size 0 comes back as 64 KiB
 * (the FUSE layer caps it, see docs/deviations.md). */
static void ucgd_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN], *buf = NULL;
	struct ucgd_cred rc;
	ssize_t ret = ino_path(mnt, ino, path);

	if (ret >= 0 && size && !(buf = malloc(size)))
		ret = -ENOMEM;
	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_listxattr(mnt->m, path, buf, size, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_xattr(req, ret, buf, size);
	free(buf);
}

static void ucgd_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	struct ucgd_mnt *mnt = req_mnt(req);
	char path[PATH_LEN];
	struct ucgd_cred rc;
	int ret = ino_path(mnt, ino, path);

	if (ret >= 0) {
		ucgd_cred_get(req, mnt->d, true, &rc);
		ret = ucg_removexattr(mnt->m, path, name, &rc.c);
		ucgd_cred_put(&rc);
	}
	reply_err(req, ret < 0 ? ret : 0);
}

const struct fuse_lowlevel_ops ucgd_cgroup_ops = {
	.init = ucgd_init,
	.lookup = ucgd_lookup,
	.forget = ucgd_forget,
	.forget_multi = ucgd_forget_multi,
	.getattr = ucgd_getattr,
	.setattr = ucgd_setattr,
	.access = ucgd_access,
	.statfs = ucgd_statfs,
	.opendir = ucgd_opendir,
	.readdir = ucgd_readdir,
	.readdirplus = ucgd_readdirplus,
	.releasedir = ucgd_releasedir,
	.mkdir = ucgd_mkdir,
	.rmdir = ucgd_rmdir,
	.rename = ucgd_rename,
	.unlink = ucgd_unlink,
	.create = ucgd_create,
	.mknod = ucgd_mknod,
	.symlink = ucgd_symlink,
	.link = ucgd_link,
	.open = ucgd_open,
	.read = ucgd_read,
	.write = ucgd_write,
	.release = ucgd_release,
	.poll = ucgd_poll,
	.setxattr = ucgd_setxattr,
	.getxattr = ucgd_getxattr,
	.listxattr = ucgd_listxattr,
	.removexattr = ucgd_removexattr,
};
