// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * api.c - the public tree operations: mount, mkdir, rmdir, rename, stat,
 * chown, chmod, readdir.  Each does what the VFS does before calling into
 * cgroupfs (name lookup, EEXIST, ENOTDIR, permission on the parent
 * directory) and then the cgroup part (cgroup.c, cgroup-v1.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"

int ucg_mount(struct ucg *ucg, const char *fstype, const char *options,
	      const struct ucg_cred *cred, struct ucg_mount **out)
{
	struct cgroup_root *root = NULL;
	struct ucg_mount *m;
	unsigned int flags;
	int ret;

	if (!fstype || (strcmp(fstype, "cgroup2") && strcmp(fstype, "cgroup")))
		return -ENODEV;
	if (!(cred->caps & UCG_CAP_SYS_ADMIN))
		return -EPERM;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	cgroup_lock(ucg);
	if (!strcmp(fstype, "cgroup2")) {
		ret = cgroup2_parse_options(options, &flags);
		if (!ret) {
			root = &ucg->dfl_root;
			root->flags = flags;
			ucg->dfl_mounted = true;
		}
	} else {
		ret = cgroup1_mount_locked(ucg, options, cred, &root);
	}
	if (!ret) {
		root->nr_mounts++;
		m->ucg = ucg;
		m->root = root;
		*out = m;
	}
	cgroup_unlock(ucg);
	if (ret)
		free(m);
	return ret;
}

int ucg_remount(struct ucg_mount *m, const char *options, const struct ucg_cred *cred)
{
	unsigned int flags;
	int ret;

	if (!(cred->caps & UCG_CAP_SYS_ADMIN))
		return -EPERM;
	cgroup_lock(m->ucg);
	if (m->root->hierarchy_id == 0) {
		ret = cgroup2_parse_options(options, &flags);
		if (!ret)
			m->root->flags = flags;
	} else {
		ret = cgroup1_remount_locked(m->root, options, cred);
	}
	cgroup_unlock(m->ucg);
	return ret;
}

void ucg_umount(struct ucg_mount *m)
{
	if (!m)
		return;
	cgroup_lock(m->ucg);
	m->root->nr_mounts--;
	if (m->root->hierarchy_id != 0)
		cgroup1_umount_locked(m->root);
	cgroup_unlock(m->ucg);
	free(m);
}

int ucg_mount_hier_id(const struct ucg_mount *m)
{
	return m->root->hierarchy_id;
}

/* Split @path into its parent directory and last component. */
static int split_path(const char *path, char **dir, char **name)
{
	char *copy = strdup(path ? path : ""), *slash;
	size_t n;

	if (!copy)
		return -ENOMEM;
	n = strlen(copy);
	while (n > 0 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	*dir = copy;
	if (slash) {
		*slash = '\0';
		*name = slash + 1;
	} else {
		*name = copy + n; /* empty: the root itself */
		if (n) {
			memmove(copy + 1, copy, n + 1);
			copy[0] = '\0';
			*name = copy + 1;
		}
	}
	return 0;
}

/* Resolve @dir to a directory.  Context: cgroup_mutex. */
static int resolve_dir(struct cgroup_root *root, const char *dir, struct cgroup **out)
{
	const char *file;
	char *scratch;
	int ret = cgroup_resolve(root, dir, out, &file, &scratch);

	if (!ret && file)
		ret = cgroup_find_file(*out, file, NULL) ? -ENOTDIR : -ENOENT;
	free(scratch);
	return ret;
}

static bool may_search(struct cgroup *cgrp, const struct ucg_cred *cred)
{
	for (; cgrp; cgrp = cgroup_parent(cgrp)) {
		if (!cgroup_permission(cred, cgrp->uid, cgrp->gid, cgrp->mode, 1))
			return false;
	}
	return true;
}

/* May @cred add or remove entries of directory @cgrp? */
static bool may_modify_dir(struct cgroup *cgrp, const struct ucg_cred *cred)
{
	return may_search(cgrp, cred) &&
	       cgroup_permission(cred, cgrp->uid, cgrp->gid, cgrp->mode, 3);
}

int ucg_mkdir(struct ucg_mount *m, const char *path, mode_t mode, const struct ucg_cred *cred)
{
	struct cgroup *parent;
	char *dir, *name;
	int ret = split_path(path, &dir, &name);

	if (ret)
		return ret;
	cgroup_lock(m->ucg);
	ret = resolve_dir(m->root, dir, &parent);
	if (ret)
		goto out;
	ret = -EEXIST;
	if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..") ||
	    cgroup_lookup_child(parent, name) || cgroup_find_file(parent, name, NULL))
		goto out;
	ret = -EACCES;
	if (!may_modify_dir(parent, cred))
		goto out;
	ret = cgroup_mkdir_locked(parent, name, mode, cred);
out:
	cgroup_unlock(m->ucg);
	free(dir);
	return ret;
}

int ucg_rmdir(struct ucg_mount *m, const char *path, const struct ucg_cred *cred)
{
	struct cgroup *parent, *cgrp;
	char *dir, *name;
	int ret = split_path(path, &dir, &name);

	if (ret)
		return ret;
	cgroup_lock(m->ucg);
	ret = -EBUSY; /* the mount point */
	if (!name[0])
		goto out;
	ret = resolve_dir(m->root, dir, &parent);
	if (ret)
		goto out;
	cgrp = cgroup_lookup_child(parent, name);
	if (!cgrp) {
		ret = cgroup_find_file(parent, name, NULL) ? -ENOTDIR : -ENOENT;
		goto out;
	}
	ret = -EACCES;
	if (!may_modify_dir(parent, cred))
		goto out;
	ret = cgroup_rmdir_locked(cgrp);
out:
	cgroup_unlock(m->ucg);
	free(dir);
	return ret;
}

/* v1 only: same-parent rename of a cgroup directory. */
static int cgroup1_rename_locked(struct cgroup_root *root, struct cgroup *cgrp,
				 struct cgroup *new_parent, const char *new_name)
{
	struct ucg *ucg = root->ucg;

	if (strchr(new_name, '\n'))
		return -EINVAL;
	if (cgroup_parent(cgrp) != new_parent)
		return -EIO;
	if (!strcmp(cgrp->name, new_name))
		return 0;
	if (cgroup_lookup_child(new_parent, new_name) || cgroup_find_file(new_parent, new_name, NULL))
		return -EEXIST;
	if (cgroup_set_name(cgrp, new_name))
		return -ENOMEM;
	htable_del(&ucg->cgroup_names, cgrp->name_hash, cgrp);
	cgrp->name_hash = hash_str(new_name, new_parent->id);
	/* cannot grow: one entry out, one in */
	htable_add(&ucg->cgroup_names, cgrp->name_hash, cgrp);
	return 0;
}

int ucg_rename(struct ucg_mount *m, const char *from, const char *to, const struct ucg_cred *cred)
{
	struct cgroup *fparent, *tparent, *cgrp;
	char *fdir, *fname, *tdir = NULL, *tname;
	int ret = split_path(from, &fdir, &fname);

	if (ret)
		return ret;
	ret = split_path(to, &tdir, &tname);
	if (ret)
		goto out_free;
	cgroup_lock(m->ucg);
	ret = resolve_dir(m->root, fdir, &fparent);
	if (!ret)
		ret = resolve_dir(m->root, tdir, &tparent);
	if (ret)
		goto out;
	ret = -EBUSY;
	if (!fname[0] || !tname[0])
		goto out;
	cgrp = cgroup_lookup_child(fparent, fname);
	ret = -ENOENT;
	if (!cgrp && !cgroup_find_file(fparent, fname, NULL))
		goto out;
	ret = -EACCES;
	if (!may_modify_dir(fparent, cred) || !may_modify_dir(tparent, cred))
		goto out;
	ret = -EPERM; /* v2 has no rename at all */
	if (m->root->hierarchy_id == 0)
		goto out;
	ret = -ENOTDIR;
	if (!cgrp)
		goto out;
	ret = cgroup1_rename_locked(m->root, cgrp, tparent, tname);
out:
	cgroup_unlock(m->ucg);
out_free:
	free(fdir);
	free(tdir);
	return ret;
}

/* Attributes of @path.  Context: cgroup_mutex. */
static int stat_locked(struct ucg_mount *m, const char *path, struct ucg_stat *st,
		       struct cgroup **cgrp_out, const struct cftype **cft_out,
		       const struct cgroup_subsys **ss_out)
{
	const struct cgroup_subsys *ss = NULL;
	const struct cftype *cft = NULL;
	struct cgroup *cgrp;
	const char *file;
	char *scratch;
	int ret = cgroup_resolve(m->root, path, &cgrp, &file, &scratch);

	if (ret)
		goto out;
	memset(st, 0, sizeof(*st));
	st->cgroup_id = cgrp->id;
	if (!file) {
		st->is_dir = true;
		st->mode = cgrp->mode;
		st->uid = cgrp->uid;
		st->gid = cgrp->gid;
		st->ino = cgrp->id << 12;
	} else {
		ret = -ENOENT;
		cft = cgroup_find_file(cgrp, file, &ss);
		if (!cft)
			goto out;
		ret = 0;
		cgroup_file_attr(cgrp, cft, ss, &st->uid, &st->gid, &st->mode);
		st->ino = cgroup_file_ino(cgrp, cft);
	}
	*cgrp_out = cgrp;
	*cft_out = cft;
	if (ss_out)
		*ss_out = ss;
out:
	free(scratch);
	return ret;
}

int ucg_stat(struct ucg_mount *m, const char *path, struct ucg_stat *st)
{
	const struct cftype *cft;
	struct cgroup *cgrp;
	int ret;

	cgroup_lock(m->ucg);
	ret = stat_locked(m, path, st, &cgrp, &cft, NULL);
	cgroup_unlock(m->ucg);
	return ret;
}

/* The override record for @cft in @cgrp, created from the current attributes. */
static struct cgroup_file_attr *file_attr_get(struct cgroup *cgrp, const struct cftype *cft,
					      const struct ucg_stat *st)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_file_attr *a;

	for (a = cgrp->file_attrs; a; a = a->next) {
		if (a->cft == cft)
			return a;
	}
	a = cgroup_zalloc(ucg, sizeof(*a));
	if (!a)
		return NULL;
	a->cft = cft;
	a->uid = st->uid;
	a->gid = st->gid;
	a->mode = st->mode;
	a->next = cgrp->file_attrs;
	cgrp->file_attrs = a;
	return a;
}

static int setattr(struct ucg_mount *m, const char *path, const struct ucg_cred *cred,
		   bool is_chown, uid_t uid, gid_t gid, mode_t mode)
{
	const struct cftype *cft;
	struct cgroup_file_attr *a = NULL;
	struct cgroup *cgrp;
	struct ucg_stat st;
	int ret;

	cgroup_lock(m->ucg);
	ret = stat_locked(m, path, &st, &cgrp, &cft, NULL);
	if (ret)
		goto out;
	ret = -EPERM;
	if (!(cred->caps & UCG_CAP_DAC_OVERRIDE) && (is_chown || cred->uid != st.uid))
		goto out;
	ret = -ENOMEM;
	if (cft && !(a = file_attr_get(cgrp, cft, &st)))
		goto out;
	ret = 0;
	if (is_chown && cft)
		cgroup_file_killpriv(cgrp, cft);
	if (is_chown) {
		uid_t nu = uid == (uid_t)-1 ? st.uid : uid;
		gid_t ng = gid == (gid_t)-1 ? st.gid : gid;

		if (a) {
			a->uid = nu;
			a->gid = ng;
		} else {
			cgrp->uid = nu;
			cgrp->gid = ng;
		}
	} else if (a) {
		a->mode = mode & 07777;
	} else {
		cgrp->mode = mode & 07777;
	}
out:
	cgroup_unlock(m->ucg);
	return ret;
}

int ucg_chown(struct ucg_mount *m, const char *path, uid_t uid, gid_t gid, const struct ucg_cred *cred)
{
	return setattr(m, path, cred, true, uid, gid, 0);
}

int ucg_chmod(struct ucg_mount *m, const char *path, mode_t mode, const struct ucg_cred *cred)
{
	return setattr(m, path, cred, false, 0, 0, mode);
}

int ucg_unlink(struct ucg_mount *m, const char *path, const struct ucg_cred *cred)
{
	const struct cftype *cft;
	struct cgroup *cgrp;
	struct ucg_stat st;
	int ret;

	cgroup_lock(m->ucg);
	ret = stat_locked(m, path, &st, &cgrp, &cft, NULL);
	if (ret)
		goto out;
	ret = -EISDIR;
	if (st.is_dir)
		goto out;
	/* the VFS checks the directory (may_delete) before cgroupfs refuses */
	ret = may_modify_dir(cgrp, cred) ? -EPERM : -EACCES;
out:
	cgroup_unlock(m->ucg);
	return ret;
}

int ucg_create(struct ucg_mount *m, const char *path, const struct ucg_cred *cred)
{
	struct ucg_stat st;
	int ret = ucg_stat(m, path, &st);

	(void)cred;
	if (!ret)
		return -EEXIST;
	return ret == -ENOENT ? -EACCES : ret;
}

struct readdir_ctx {
	struct cgroup *cgrp;
	ucg_dirent_fn fn;
	void *arg;
};

static int readdir_file(void *arg, const char *name, const struct cftype *cft,
			const struct cgroup_subsys *ss)
{
	struct readdir_ctx *ctx = arg;
	struct ucg_stat st = { .cgroup_id = ctx->cgrp->id };

	cgroup_file_attr(ctx->cgrp, cft, ss, &st.uid, &st.gid, &st.mode);
	st.ino = cgroup_file_ino(ctx->cgrp, cft);
	return ctx->fn(ctx->arg, name, &st);
}

int ucg_readdir(struct ucg_mount *m, const char *path, ucg_dirent_fn fn, void *arg)
{
	struct cgroup_subsys_state *child;
	struct readdir_ctx ctx = { .fn = fn, .arg = arg };
	int ret;

	cgroup_lock(m->ucg);
	ret = resolve_dir(m->root, path, &ctx.cgrp);
	if (ret)
		goto out;
	list_for_each_entry(child, &ctx.cgrp->self.children, sibling) {
		struct cgroup *c = child->cgroup;
		struct ucg_stat st = { .is_dir = true, .mode = c->mode, .uid = c->uid,
				       .gid = c->gid, .ino = c->id << 12, .cgroup_id = c->id };

		if (cgroup_is_dead(c))
			continue;
		ret = fn(arg, c->name, &st);
		if (ret)
			goto out;
	}
	ret = cgroup_for_each_file(ctx.cgrp, readdir_file, &ctx);
out:
	cgroup_unlock(m->ucg);
	return ret;
}

uint64_t ucg_root_ino(const struct ucg_mount *m)
{
	return m->root->cgrp.id << 12;
}

struct ino_ctx {
	struct cgroup *cgrp;
	uint64_t ino;
	char *buf;
	size_t len;
	int ret;
};

/* Append the name of the file whose inode is ctx->ino to the path. */
static int ino_file_fn(void *arg, const char *name, const struct cftype *cft,
		       const struct cgroup_subsys *ss)
{
	struct ino_ctx *ctx = arg;
	size_t n = strlen(ctx->buf);
	int w;

	if (cgroup_file_ino(ctx->cgrp, cft) != ctx->ino)
		return 0;
	w = snprintf(ctx->buf + n, ctx->len - n, "%s%s", n > 1 ? "/" : "", name);
	ctx->ret = (w < 0 || (size_t)w >= ctx->len - n) ? -ENAMETOOLONG : (int)n + w;
	return 1;
}

int ucg_ino_path(struct ucg_mount *m, uint64_t ino, char *buf, size_t len)
{
	struct ino_ctx ctx = { .ino = ino, .buf = buf, .len = len, .ret = -ENOENT };
	int ret;

	cgroup_lock(m->ucg);
	ctx.cgrp = cgroup_find_by_id(m->ucg, ino >> 12);
	if (!ctx.cgrp || cgroup_is_dead(ctx.cgrp) || ctx.cgrp->root != m->root) {
		ret = -ENOENT;
		goto out;
	}
	ret = cgroup_path(ctx.cgrp, buf, len);
	if (ret < 0 || !(ino & 0xfff))
		goto out;
	cgroup_for_each_file(ctx.cgrp, ino_file_fn, &ctx);
	ret = ctx.ret;
out:
	cgroup_unlock(m->ucg);
	return ret;
}
