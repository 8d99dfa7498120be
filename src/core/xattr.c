// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xattr.c - extended attributes of cgroup directories and interface files,
 * kept as cgroupfs keeps them in kernfs (fs/kernfs/inode.c) behind the VFS's
 * checks (fs/xattr.c) and the capability LSM's (security/commoncap.c):
 *
 *  - user.*, trusted.* and security.* are stored, in memory, per directory
 *    and per file; system.* and unknown namespaces are EOPNOTSUPP, an empty
 *    name after a known prefix EINVAL;
 *  - trusted.* needs CAP_SYS_ADMIN: EPERM to change, ENODATA to read, and
 *    left out of listxattr without it;
 *  - security.* may be read by anyone, changed with CAP_SYS_ADMIN only;
 *    security.capability values are validated and v3 ones with root id 0
 *    stored as v2, as the kernel presents them;
 *  - user.* follows the mode bits (write to change, read to read; the owner
 *    of a sticky directory only), at most 128 per file and 128 KiB of values,
 *    counted the way kernfs counts (a replacement is checked as an addition);
 *  - listxattr lists in kernfs's order (by name, descending) and checks no
 *    permission on the file itself.
 *
 * Every call also needs search permission on the directories of the path,
 * as a path lookup does.  Attributes go with their cgroup (cgroup_free) and
 * with a controller's files (cgroup_drop_file_attrs); a chown of a file drops
 * its security.capability.
 */
#include <linux/limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "cgroup-internal.h"

#define KERNFS_MAX_USER_XATTRS 128
#define KERNFS_USER_XATTR_SIZE_LIMIT (128u << 10)

#define XATTR_NAME_CAPS "security.capability"
#define VFS_CAP_REVISION_MASK 0xff000000u
#define VFS_CAP_REVISION_2 0x02000000u
#define VFS_CAP_REVISION_3 0x03000000u
#define VFS_CAP_FLAGS_EFFECTIVE 0x000001u
#define XATTR_CAPS_SZ_2 20
#define XATTR_CAPS_SZ_3 24

#define MAY_WRITE 2
#define MAY_READ 4

enum xattr_ns {
	XATTR_NS_USER,
	XATTR_NS_TRUSTED,
	XATTR_NS_SECURITY,
	XATTR_NS_SYSTEM,
	XATTR_NS_OTHER,
};

/* The namespaces the VFS knows; kernfs has handlers for the first three. */
static const char *const xattr_prefix[] = {
	[XATTR_NS_USER] = "user.",
	[XATTR_NS_TRUSTED] = "trusted.",
	[XATTR_NS_SECURITY] = "security.",
	[XATTR_NS_SYSTEM] = "system.",
};

static enum xattr_ns xattr_ns_of(const char *name)
{
	int ns;

	for (ns = 0; ns < XATTR_NS_OTHER; ns++) {
		if (!strncmp(name, xattr_prefix[ns], strlen(xattr_prefix[ns])))
			return (enum xattr_ns)ns;
	}
	return XATTR_NS_OTHER;
}

/* The object a path names: a cgroup directory or one of its files. */
struct xattr_target {
	struct cgroup *cgrp;
	const struct cftype *cft;      /* NULL for the directory */
	uid_t uid;
	gid_t gid;
	mode_t mode;
};

/* ---- one inode's attributes ---------------------------------------------- */

static size_t xattr_alloc_size(const struct cgroup_xattr *x)
{
	return sizeof(*x) + strlen(x->data) + 1 + x->size;
}

static void xattr_free(struct ucg *ucg, struct cgroup_xattr *x)
{
	cgroup_kfree(ucg, x, xattr_alloc_size(x));
}

static struct cgroup_xattr *xattr_new(struct ucg *ucg, const char *name, const void *value,
				      size_t size)
{
	size_t nlen = strlen(name) + 1;
	struct cgroup_xattr *x = cgroup_zalloc(ucg, sizeof(*x) + nlen + size);

	if (!x)
		return NULL;
	memcpy(x->data, name, nlen);
	x->value = x->data + nlen;
	x->size = size;
	if (size)
		memcpy(x->value, value, size);
	return x;
}

/* The link to @name in @xs, or to where it would be inserted (descending order). */
static struct cgroup_xattr **xattrs_slot(struct cgroup_xattrs *xs, const char *name)
{
	struct cgroup_xattr **px = &xs->head;

	while (*px && strcmp(name, (*px)->data) < 0)
		px = &(*px)->next;
	return px;
}

static struct cgroup_xattr *xattrs_find(struct cgroup_xattrs *xs, const char *name)
{
	struct cgroup_xattr *x = *xattrs_slot(xs, name);

	return x && !strcmp(x->data, name) ? x : NULL;
}

/*
 * kernfs_vfs_user_xattr_add(): the count and the size are checked as if the
 * attribute were new, before XATTR_CREATE/XATTR_REPLACE are looked at, so a
 * replacement can fail with ENOSPC where its net change would fit.
 */
static int xattrs_user_room(const struct cgroup_xattrs *xs, size_t size)
{
	if (xs->nr_user + 1 > KERNFS_MAX_USER_XATTRS)
		return -ENOSPC;
	if (xs->user_size + size > KERNFS_USER_XATTR_SIZE_LIMIT)
		return -ENOSPC;
	return 0;
}

/* simple_xattr_set() with a value.  Context: cgroup_mutex. */
static int xattrs_set(struct ucg *ucg, struct cgroup_xattrs *xs, const char *name,
		      const void *value, size_t size, int flags)
{
	bool user = xattr_ns_of(name) == XATTR_NS_USER;
	struct cgroup_xattr **px = xattrs_slot(xs, name), *old, *x;
	int ret = user ? xattrs_user_room(xs, size) : 0;

	if (ret)
		return ret;
	old = *px && !strcmp((*px)->data, name) ? *px : NULL;
	if (old && (flags & XATTR_CREATE))
		return -EEXIST;
	if (!old && (flags & XATTR_REPLACE))
		return -ENODATA;
	x = xattr_new(ucg, name, value, size);
	if (!x)
		return -ENOMEM;
	x->next = old ? old->next : *px;
	*px = x;
	if (user) {
		xs->nr_user += old ? 0 : 1;
		xs->user_size += size - (old ? old->size : 0);
	}
	if (old)
		xattr_free(ucg, old);
	return 0;
}

/* simple_xattr_set() without a value.  Context: cgroup_mutex. */
static int xattrs_remove(struct ucg *ucg, struct cgroup_xattrs *xs, const char *name)
{
	struct cgroup_xattr **px = xattrs_slot(xs, name), *x = *px;

	if (!x || strcmp(x->data, name))
		return -ENODATA;
	*px = x->next;
	if (xattr_ns_of(name) == XATTR_NS_USER) {
		xs->nr_user--;
		xs->user_size -= x->size;
	}
	xattr_free(ucg, x);
	return 0;
}

/* simple_xattr_list(): trusted.* only for @trusted callers. */
static ssize_t xattrs_list(const struct cgroup_xattrs *xs, bool trusted, char *list, size_t size)
{
	const struct cgroup_xattr *x;
	size_t need = 0, n;

	for (x = xs ? xs->head : NULL; x; x = x->next) {
		if (!trusted && xattr_ns_of(x->data) == XATTR_NS_TRUSTED)
			continue;
		n = strlen(x->data) + 1;
		if (size && need + n > size)
			return -ERANGE;
		if (size)
			memcpy(list + need, x->data, n);
		need += n;
	}
	return (ssize_t)need;
}

static void xattrs_clear(struct ucg *ucg, struct cgroup_xattrs *xs)
{
	struct cgroup_xattr *x, *next;

	for (x = xs->head; x; x = next) {
		next = x->next;
		xattr_free(ucg, x);
	}
	memset(xs, 0, sizeof(*xs));
}

/* ---- where a directory's or file's attributes live ------------------------ */

/*
 * The attributes of @t; for a file, its record is made when @create (NULL
 * without it, or on ENOMEM).  Context: cgroup_mutex.
 */
static struct cgroup_xattrs *target_xattrs(struct xattr_target *t, bool create)
{
	struct cgroup_file_xattrs *fx;

	if (!t->cft)
		return &t->cgrp->xattrs;
	for (fx = t->cgrp->file_xattrs; fx; fx = fx->next) {
		if (fx->cft == t->cft)
			return &fx->xattrs;
	}
	if (!create)
		return NULL;
	fx = cgroup_zalloc(cgroup_ucg(t->cgrp), sizeof(*fx));
	if (!fx)
		return NULL;
	fx->cft = t->cft;
	fx->next = t->cgrp->file_xattrs;
	t->cgrp->file_xattrs = fx;
	return &fx->xattrs;
}

/* Free a file's record once it holds nothing.  Context: cgroup_mutex. */
static void target_xattrs_trim(struct xattr_target *t)
{
	struct cgroup_file_xattrs **pfx, *fx;

	for (pfx = &t->cgrp->file_xattrs; (fx = *pfx); pfx = &fx->next) {
		if (fx->cft != t->cft)
			continue;
		if (!fx->xattrs.head) {
			*pfx = fx->next;
			cgroup_kfree(cgroup_ucg(t->cgrp), fx, sizeof(*fx));
		}
		return;
	}
}

/**
 * cgroup_drop_file_xattrs - free the attributes of the files of @files in
 * @cgrp: they are removed (the kernel removes their kernfs nodes).
 * @cgrp: cgroup
 * @files: a cftype table ending in an empty entry
 *
 * Context: cgroup_mutex.
 */
void cgroup_drop_file_xattrs(struct cgroup *cgrp, const struct cftype *files)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_file_xattrs **pfx = &cgrp->file_xattrs, *fx;
	const struct cftype *t;

	while ((fx = *pfx)) {
		for (t = files; t->name[0] && t != fx->cft; t++)
			;
		if (t != fx->cft) {
			pfx = &fx->next;
			continue;
		}
		*pfx = fx->next;
		xattrs_clear(ucg, &fx->xattrs);
		cgroup_kfree(ucg, fx, sizeof(*fx));
	}
}

/**
 * cgroup_file_killpriv - drop the security.capability of file @cft of @cgrp,
 * as a chown of a file does (ATTR_KILL_PRIV, cap_inode_killpriv()); a
 * directory's stays.
 * @cgrp: cgroup
 * @cft: the file
 *
 * Context: cgroup_mutex.
 */
void cgroup_file_killpriv(struct cgroup *cgrp, const struct cftype *cft)
{
	struct xattr_target t = { .cgrp = cgrp, .cft = cft };
	struct cgroup_xattrs *xs = target_xattrs(&t, false);

	if (xs && !xattrs_remove(cgroup_ucg(cgrp), xs, XATTR_NAME_CAPS))
		target_xattrs_trim(&t);
}

/**
 * cgroup_free_xattrs - free every attribute of @cgrp's directory and files.
 * @cgrp: a cgroup being freed
 *
 * Context: cgroup_mutex, or no other user of @cgrp.
 */
void cgroup_free_xattrs(struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_file_xattrs *fx;

	xattrs_clear(ucg, &cgrp->xattrs);
	while ((fx = cgrp->file_xattrs)) {
		cgrp->file_xattrs = fx->next;
		xattrs_clear(ucg, &fx->xattrs);
		cgroup_kfree(ucg, fx, sizeof(*fx));
	}
}

/* ---- the VFS's and the capability LSM's checks ---------------------------- */

/* Resolve @path and check search permission on its directories (path lookup). */
static int target_resolve(struct ucg_mount *m, const char *path, const struct ucg_cred *cred,
			  struct xattr_target *t)
{
	const struct cgroup_subsys *ss;
	struct cgroup *dir;
	const char *file;
	char *scratch;
	int ret = cgroup_resolve(m->root, path, &t->cgrp, &file, &scratch);

	if (ret)
		goto out;
	t->cft = NULL;
	dir = cgroup_parent(t->cgrp);
	if (file) {
		ret = -ENOENT;
		t->cft = cgroup_find_file(t->cgrp, file, &ss);
		if (!t->cft)
			goto out;
		cgroup_file_attr(t->cgrp, t->cft, ss, &t->uid, &t->gid, &t->mode);
		dir = t->cgrp;
	} else {
		t->uid = t->cgrp->uid;
		t->gid = t->cgrp->gid;
		t->mode = t->cgrp->mode;
	}
	for (ret = 0; dir && !ret; dir = cgroup_parent(dir)) {
		if (!cgroup_permission(cred, dir->uid, dir->gid, dir->mode, 1))
			ret = -EACCES;
	}
out:
	free(scratch);
	return ret;
}

/* The import of a name from userspace: empty or too long is ERANGE. */
static int xattr_name_check(const char *name)
{
	if (!name || !name[0] || strlen(name) > XATTR_NAME_MAX)
		return -ERANGE;
	return 0;
}

/*
 * xattr_permission(): security.* and system.* are left to the LSM, trusted.*
 * needs CAP_SYS_ADMIN, user.* in a sticky directory the owner (or
 * CAP_FOWNER, which ucg folds into UCG_CAP_DAC_OVERRIDE as chmod does), and
 * everything else the mode bits (@mask MAY_READ or MAY_WRITE).
 */
static int xattr_permission(const struct xattr_target *t, const char *name,
			    const struct ucg_cred *cred, int mask)
{
	switch (xattr_ns_of(name)) {
	case XATTR_NS_SECURITY:
	case XATTR_NS_SYSTEM:
		return 0;
	case XATTR_NS_TRUSTED:
		if (cred->caps & UCG_CAP_SYS_ADMIN)
			return 0;
		return mask & MAY_WRITE ? -EPERM : -ENODATA;
	case XATTR_NS_USER:
		if (!t->cft && (t->mode & S_ISVTX) && (mask & MAY_WRITE) &&
		    cred->uid != t->uid && !(cred->caps & UCG_CAP_DAC_OVERRIDE))
			return -EPERM;
		break;
	case XATTR_NS_OTHER:
		break;
	}
	return cgroup_permission(cred, t->uid, t->gid, t->mode, mask) ? 0 : -EACCES;
}

/*
 * cap_inode_setxattr(), cap_inode_removexattr(): changing security.* needs
 * CAP_SYS_ADMIN; security.capability needs CAP_SETFCAP (ucg has no such
 * capability: UCG_CAP_SYS_ADMIN stands for it), checked on set when the value
 * is converted.
 */
static int xattr_security_check(const char *name, const struct ucg_cred *cred, bool removing)
{
	if (xattr_ns_of(name) != XATTR_NS_SECURITY)
		return 0;
	if (!removing && !strcmp(name, XATTR_NAME_CAPS))
		return 0;
	return cred->caps & UCG_CAP_SYS_ADMIN ? 0 : -EPERM;
}

/* xattr_resolve_name() against kernfs's handlers (trusted, security, user). */
static int xattr_handler_check(const char *name)
{
	enum xattr_ns ns = xattr_ns_of(name);

	if (ns == XATTR_NS_SYSTEM || ns == XATTR_NS_OTHER)
		return -EOPNOTSUPP;
	return name[strlen(xattr_prefix[ns])] ? 0 : -EINVAL;
}

static uint32_t get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/*
 * cap_convert_nscap() and the v2 presentation of cap_inode_getsecurity(): a
 * security.capability value must be a v2 (20 bytes) or v3 (24 bytes) header;
 * a v3 one whose root id is 0 is kept as the v2 the kernel shows for it.
 * @out (XATTR_CAPS_SZ_3 bytes) receives the value to store, *@size its length.
 */
static int xattr_convert_caps(const void *value, size_t *size, const struct ucg_cred *cred,
			      unsigned char *out)
{
	const unsigned char *v = value;
	uint32_t rev = *size >= 4 ? get_le32(v) & VFS_CAP_REVISION_MASK : 0;

	if (!(*size == XATTR_CAPS_SZ_2 && rev == VFS_CAP_REVISION_2) &&
	    !(*size == XATTR_CAPS_SZ_3 && rev == VFS_CAP_REVISION_3))
		return -EINVAL;
	if (!(cred->caps & UCG_CAP_SYS_ADMIN))
		return -EPERM;
	memcpy(out, v, *size);
	if (rev == VFS_CAP_REVISION_2)
		return 0;
	if (get_le32(v + 20) == (uint32_t)-1)
		return -EINVAL; /* no valid kuid */
	rev = get_le32(v) & VFS_CAP_FLAGS_EFFECTIVE;
	if (get_le32(v + 20)) {
		put_le32(out, VFS_CAP_REVISION_3 | rev);
		return 0;
	}
	put_le32(out, VFS_CAP_REVISION_2 | rev);
	*size = XATTR_CAPS_SZ_2;
	return 0;
}

/* ---- the public calls ------------------------------------------------------ */

/* Checks of setxattr(2) before the path lookup (setxattr_copy()). */
static int setxattr_args_check(const char *name, const void *value, size_t size, int flags)
{
	int ret;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	ret = xattr_name_check(name);
	if (ret)
		return ret;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	return size && !value ? -EFAULT : 0;
}

/* vfs_setxattr() on a resolved target.  Context: cgroup_mutex. */
static int setxattr_locked(struct xattr_target *t, const char *name, const void *value,
			   size_t size, int flags, const struct ucg_cred *cred)
{
	unsigned char caps[XATTR_CAPS_SZ_3];
	struct cgroup_xattrs *xs;
	int ret = 0;

	if (size && !strcmp(name, XATTR_NAME_CAPS)) {
		ret = xattr_convert_caps(value, &size, cred, caps);
		value = caps;
	}
	if (!ret)
		ret = xattr_permission(t, name, cred, MAY_WRITE);
	if (!ret)
		ret = xattr_security_check(name, cred, false);
	if (!ret)
		ret = xattr_handler_check(name);
	if (ret)
		return ret;
	xs = target_xattrs(t, true);
	if (!xs)
		return -ENOMEM;
	ret = xattrs_set(cgroup_ucg(t->cgrp), xs, name, value, size, flags);
	if (ret && t->cft)
		target_xattrs_trim(t);
	return ret;
}

/**
 * ucg_setxattr - set an extended attribute of a directory or file.
 * @m: mount
 * @path: the directory or file
 * @name: full name ("user.x")
 * @value: @size bytes (may be NULL when @size is 0: an empty value)
 * @size: at most 65536
 * @flags: 0, XATTR_CREATE or XATTR_REPLACE
 * @cred: caller
 *
 * Return: 0; -EINVAL bad @flags or empty name after the prefix or a bad
 * security.capability; -ERANGE empty or over-long @name; -E2BIG @size;
 * -ENOENT, -EACCES (path or user.* permission); -EPERM trusted.* or
 * security.* without UCG_CAP_SYS_ADMIN, user.* in another's sticky
 * directory; -EOPNOTSUPP other namespaces; -EEXIST, -ENODATA for the flags;
 * -ENOSPC over the user.* limits; -ENOMEM.
 * Context: takes cgroup_mutex.
 */
int ucg_setxattr(struct ucg_mount *m, const char *path, const char *name, const void *value,
		 size_t size, int flags, const struct ucg_cred *cred)
{
	struct xattr_target t;
	int ret = setxattr_args_check(name, value, size, flags);

	if (ret)
		return ret;
	cgroup_lock(m->ucg);
	ret = target_resolve(m, path, cred, &t);
	if (!ret)
		ret = setxattr_locked(&t, name, value, size, flags, cred);
	cgroup_unlock(m->ucg);
	return ret;
}

/* vfs_getxattr() on a resolved target.  Context: cgroup_mutex. */
static ssize_t getxattr_locked(struct xattr_target *t, const char *name, void *value,
			       size_t size, const struct ucg_cred *cred)
{
	struct cgroup_xattrs *xs;
	struct cgroup_xattr *x;
	int ret = xattr_permission(t, name, cred, MAY_READ);

	if (!ret)
		ret = xattr_handler_check(name);
	if (ret)
		return ret;
	xs = target_xattrs(t, false);
	x = xs ? xattrs_find(xs, name) : NULL;
	if (!x)
		return -ENODATA;
	if (!x->size && !strcmp(name, XATTR_NAME_CAPS))
		return -EINVAL; /* cap_inode_getsecurity(): not a capability header */
	if (size && size < x->size)
		return -ERANGE;
	if (size)
		memcpy(value, x->value, x->size);
	return (ssize_t)x->size;
}

/**
 * ucg_getxattr - read an extended attribute of a directory or file.
 * @m: mount
 * @path: the directory or file
 * @name: full name
 * @value: receives the value if @size > 0
 * @size: room in @value; 0 asks for the length only
 * @cred: caller
 *
 * Return: the value's length; -ENODATA not set (or trusted.* without
 * UCG_CAP_SYS_ADMIN); -ERANGE @size too small or bad @name; -EINVAL empty
 * name after the prefix; -ENOENT, -EACCES; -EOPNOTSUPP other namespaces.
 * Context: takes cgroup_mutex.
 */
ssize_t ucg_getxattr(struct ucg_mount *m, const char *path, const char *name, void *value,
		     size_t size, const struct ucg_cred *cred)
{
	struct xattr_target t;
	ssize_t ret = xattr_name_check(name);

	if (ret)
		return ret;
	if (size > XATTR_SIZE_MAX)
		size = XATTR_SIZE_MAX;
	cgroup_lock(m->ucg);
	ret = target_resolve(m, path, cred, &t);
	if (!ret)
		ret = getxattr_locked(&t, name, value, size, cred);
	cgroup_unlock(m->ucg);
	return ret;
}

/**
 * ucg_listxattr - the names of a directory's or file's extended attributes.
 * @m: mount
 * @path: the directory or file
 * @list: receives the names, each NUL-terminated, if @size > 0
 * @size: room in @list; 0 asks for the length only
 * @cred: caller (trusted.* names are listed with UCG_CAP_SYS_ADMIN only)
 *
 * Return: the length of the names; -ERANGE @size too small (-E2BIG if
 * @size is already the 64 KiB a list may have); -ENOENT, -EACCES (path).
 * Context: takes cgroup_mutex.
 */
ssize_t ucg_listxattr(struct ucg_mount *m, const char *path, char *list, size_t size,
		      const struct ucg_cred *cred)
{
	struct xattr_target t;
	ssize_t ret;

	if (size > XATTR_LIST_MAX)
		size = XATTR_LIST_MAX;
	cgroup_lock(m->ucg);
	ret = target_resolve(m, path, cred, &t);
	if (!ret)
		ret = xattrs_list(target_xattrs(&t, false), cred->caps & UCG_CAP_SYS_ADMIN, list,
				  size);
	cgroup_unlock(m->ucg);
	if (ret == -ERANGE && size >= XATTR_LIST_MAX)
		ret = -E2BIG;
	return ret;
}

/* vfs_removexattr() on a resolved target.  Context: cgroup_mutex. */
static int removexattr_locked(struct xattr_target *t, const char *name,
			      const struct ucg_cred *cred)
{
	struct cgroup_xattrs *xs;
	int ret = xattr_permission(t, name, cred, MAY_WRITE);

	if (!ret)
		ret = xattr_security_check(name, cred, true);
	if (!ret)
		ret = xattr_handler_check(name);
	if (ret)
		return ret;
	xs = target_xattrs(t, false);
	ret = xs ? xattrs_remove(cgroup_ucg(t->cgrp), xs, name) : -ENODATA;
	if (!ret && t->cft)
		target_xattrs_trim(t);
	return ret;
}

/**
 * ucg_removexattr - remove an extended attribute of a directory or file.
 * @m: mount
 * @path: the directory or file
 * @name: full name
 * @cred: caller
 *
 * Return: 0; -ENODATA not set; the permission and namespace errors of
 * ucg_setxattr (-EACCES, -EPERM, -EOPNOTSUPP, -EINVAL, -ERANGE); -ENOENT.
 * Context: takes cgroup_mutex.
 */
int ucg_removexattr(struct ucg_mount *m, const char *path, const char *name,
		    const struct ucg_cred *cred)
{
	struct xattr_target t;
	int ret = xattr_name_check(name);

	if (ret)
		return ret;
	cgroup_lock(m->ucg);
	ret = target_resolve(m, path, cred, &t);
	if (!ret)
		ret = removexattr_locked(&t, name, cred);
	cgroup_unlock(m->ucg);
	return ret;
}
