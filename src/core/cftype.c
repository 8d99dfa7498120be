// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cftype.c - interface files: which files a cgroup shows, their names,
 * modes and owners, and the generic open/read/write path (kernel:
 * cgroup_addrm_files, cgroup_file_mode, cgroup_file_write,
 * cgroup_seqfile_show, kernfs_fop_read_iter/write_iter).
 *
 * A read at offset 0 renders the file afresh into the open file's buffer;
 * reads at other offsets serve that rendering (as seq_file does).  A write
 * is parsed as a whole by the cftype's handler: 0 bytes do nothing, more
 * than the file's limit (PAGE_SIZE) is E2BIG, a removed cgroup is ENODEV, a
 * file without a handler for the operation is EINVAL.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"
#include "lib/parse.h"

#define CFT_INDEX_STRIDE 64 /* file slots per subsystem in inode numbers */

static const struct cftype *base_files(const struct cgroup *cgrp)
{
	return cgroup_on_dfl(cgrp) ? cgroup_base_files : cgroup1_base_files;
}

static const struct cftype *ss_files(const struct cgroup *cgrp, const struct cgroup_subsys *ss)
{
	return cgroup_on_dfl(cgrp) ? ss->dfl_cftypes : ss->legacy_cftypes;
}

/**
 * cftype_mode - permission bits of a file: readable 0444, writable +0200.
 * @cft: file
 */
mode_t cftype_mode(const struct cftype *cft)
{
	mode_t mode = 0;

	if (cft->read_u64 || cft->read_s64 || cft->seq_show)
		mode |= 0444;
	if (cft->write_u64 || cft->write_s64 || cft->write)
		mode |= (cft->flags & CFTYPE_WORLD_WRITABLE) ? 0222 : 0200;
	return mode;
}

/**
 * cftype_visible - does @cft exist in @cgrp (root-only / not-on-root rules)?
 * @cgrp: cgroup
 * @cft: file
 */
bool cftype_visible(const struct cgroup *cgrp, const struct cftype *cft)
{
	bool root = !cgroup_parent(cgrp);

	if ((cft->flags & CFTYPE_NOT_ON_ROOT) && root)
		return false;
	if ((cft->flags & CFTYPE_ONLY_ON_ROOT) && !root)
		return false;
	return true;
}

/* Are @ss's files shown in @cgrp? */
static bool css_files_visible(const struct cgroup *cgrp, const struct cgroup_subsys *ss)
{
	if (!cgrp->subsys[ss->id] || !ss_files(cgrp, ss))
		return false;
	if (!cgroup_on_dfl(cgrp))
		return true;
	return cgroup_control(cgrp) & (1u << ss->id);
}

/**
 * cftype_full_name - the file name as listed: core names as they are,
 * controller files prefixed with "<controller>." (v1: legacy name, unless
 * the hierarchy has noprefix).
 * @cgrp: cgroup
 * @ss: the file's subsystem or NULL
 * @cft: file
 * @buf: output
 * @len: size of @buf
 */
void cftype_full_name(const struct cgroup *cgrp, const struct cgroup_subsys *ss,
		      const struct cftype *cft, char *buf, size_t len)
{
	if (!ss || (cft->flags & CFTYPE_NO_PREFIX) ||
	    (!cgroup_on_dfl(cgrp) && (cgrp->root->flags & CGRP_ROOT_NOPREFIX)))
		snprintf(buf, len, "%s", cft->name);
	else
		snprintf(buf, len, "%s.%s", cgroup_on_dfl(cgrp) ? ss->name : ss->legacy_name,
			 cft->name);
}

/**
 * cgroup_for_each_file - call @fn for every file @cgrp shows, core files first.
 * @cgrp: cgroup
 * @fn: callback; a non-zero return stops the walk and is returned
 * @arg: its argument
 */
int cgroup_for_each_file(struct cgroup *cgrp,
			 int (*fn)(void *arg, const char *name, const struct cftype *cft,
				   const struct cgroup_subsys *ss),
			 void *arg)
{
	const struct cgroup_subsys *ss;
	const struct cftype *cft;
	char name[MAX_CFTYPE_NAME + 32];
	int ssid, ret;

	for (cft = base_files(cgrp); cft->name[0]; cft++) {
		if (!cftype_visible(cgrp, cft))
			continue;
		ret = fn(arg, cft->name, cft, NULL);
		if (ret)
			return ret;
	}
	for_each_subsys(ss, ssid) {
		if (!css_files_visible(cgrp, ss))
			continue;
		for (cft = ss_files(cgrp, ss); cft->name[0]; cft++) {
			if (!cftype_visible(cgrp, cft))
				continue;
			cftype_full_name(cgrp, ss, cft, name, sizeof(name));
			ret = fn(arg, name, cft, ss);
			if (ret)
				return ret;
		}
	}
	return 0;
}

struct find_file_ctx {
	const char *name;
	const struct cftype *cft;
	const struct cgroup_subsys *ss;
};

static int find_file_fn(void *arg, const char *name, const struct cftype *cft,
			const struct cgroup_subsys *ss)
{
	struct find_file_ctx *ctx = arg;

	if (strcmp(name, ctx->name))
		return 0;
	ctx->cft = cft;
	ctx->ss = ss;
	return 1;
}

/**
 * cgroup_find_file - the file named @name in @cgrp.
 * @cgrp: cgroup
 * @name: full file name
 * @ss_out: its subsystem (NULL for core files); may be NULL
 *
 * Return: the cftype or NULL.
 */
const struct cftype *cgroup_find_file(struct cgroup *cgrp, const char *name,
				      const struct cgroup_subsys **ss_out)
{
	struct find_file_ctx ctx = { .name = name };

	if (!cgroup_for_each_file(cgrp, find_file_fn, &ctx))
		return NULL;
	if (ss_out)
		*ss_out = ctx.ss;
	return ctx.cft;
}

/**
 * cgroup_file_ino - a stable inode number for a file of @cgrp.
 * @cgrp: cgroup
 * @cft: one of its files
 */
uint64_t cgroup_file_ino(struct cgroup *cgrp, const struct cftype *cft)
{
	const struct cgroup_subsys *ss;
	const struct cftype *t;
	int ssid;

	for (t = base_files(cgrp); t->name[0]; t++) {
		if (t == cft)
			return (cgrp->id << 12) | (uint64_t)(t - base_files(cgrp) + 1);
	}
	for_each_subsys(ss, ssid) {
		for (t = ss_files(cgrp, ss); t && t->name[0]; t++) {
			if (t == cft)
				return (cgrp->id << 12) |
				       (uint64_t)((ssid + 1) * CFT_INDEX_STRIDE + (t - ss_files(cgrp, ss)) + 1);
		}
	}
	return cgrp->id << 12;
}

/**
 * cgroup_file_attr - owner and mode of a file of @cgrp.
 * @cgrp: cgroup
 * @cft: file
 * @ss: its subsystem or NULL
 * @uid: owner
 * @gid: group
 * @mode: permission bits
 *
 * Files made at mkdir belong to the creator, controller files made later to
 * whoever enabled the controller; chown/chmod override both.
 */
void cgroup_file_attr(struct cgroup *cgrp, const struct cftype *cft,
		      const struct cgroup_subsys *ss, uid_t *uid, gid_t *gid, mode_t *mode)
{
	struct cgroup_file_attr *a;

	if (ss && cgrp->subsys[ss->id]) {
		*uid = cgrp->subsys[ss->id]->file_uid;
		*gid = cgrp->subsys[ss->id]->file_gid;
	} else {
		*uid = cgrp->file_uid;
		*gid = cgrp->file_gid;
	}
	*mode = cftype_mode(cft);
	for (a = cgrp->file_attrs; a; a = a->next) {
		if (a->cft == cft) {
			*uid = a->uid;
			*gid = a->gid;
			*mode = a->mode;
		}
	}
}

/**
 * cgroup_drop_file_attrs - forget chown/chmod overrides and xattrs of @ss's
 * files in @cgrp: its css is going away, and a later css gets new files owned by
 * their creator with default modes (the kernel removes and re-creates them).
 * @cgrp: cgroup
 * @ss: subsystem whose files go
 *
 * Context: cgroup_mutex.
 */
void cgroup_drop_file_attrs(struct cgroup *cgrp, const struct cgroup_subsys *ss)
{
	const struct cftype *files = ss_files(cgrp, ss), *t;
	struct cgroup_file_attr **pa = &cgrp->file_attrs;

	while (files && *pa) {
		struct cgroup_file_attr *a = *pa;

		for (t = files; t->name[0] && t != a->cft; t++)
			;
		if (t != a->cft) {
			pa = &a->next;
			continue;
		}
		*pa = a->next;
		cgroup_kfree(cgroup_ucg(cgrp), a, sizeof(*a));
	}
	if (files)
		cgroup_drop_file_xattrs(cgrp, files);
}

struct cgroup_subsys_state *of_css(struct ucg_file *of)
{
	return of->ss ? of->cgrp->subsys[of->ss->id] : &of->cgrp->self;
}

/* Is the file still there?  -ENODEV once its cgroup or css is gone. */
static int of_check_alive(struct ucg_file *of)
{
	struct cgroup_subsys_state *css;

	if (cgroup_is_dead(of->cgrp))
		return -ENODEV;
	if (!of->ss)
		return 0;
	css = of->cgrp->subsys[of->ss->id];
	if (!css || css->serial_nr != of->css_serial || !css_files_visible(of->cgrp, of->ss))
		return -ENODEV;
	return 0;
}

/* Search permission on every directory from the root down to @cgrp. */
static int cgroup_path_search_ok(struct cgroup *cgrp, const struct ucg_cred *cred)
{
	for (; cgrp; cgrp = cgroup_parent(cgrp)) {
		if (!cgroup_permission(cred, cgrp->uid, cgrp->gid, cgrp->mode, 1))
			return -EACCES;
	}
	return 0;
}

static int of_copy_cred(struct ucg *ucg, struct ucg_file *of, const struct ucg_cred *cred)
{
	of->cred = *cred;
	of->cred.groups = NULL;
	if (cred->ngroups && cred->groups) {
		of->cred_groups = cgroup_zalloc(ucg, sizeof(gid_t) * cred->ngroups);
		if (!of->cred_groups)
			return -ENOMEM;
		memcpy(of->cred_groups, cred->groups, sizeof(gid_t) * cred->ngroups);
		of->cred.groups = of->cred_groups;
	} else {
		of->cred.ngroups = 0;
	}
	return 0;
}

static void of_free(struct ucg *ucg, struct ucg_file *of)
{
	sbuf_fini(&of->render);
	cgroup_kfree(ucg, of->cred_groups, sizeof(gid_t) * of->cred.ngroups);
	cgroup_kfree(ucg, of, sizeof(*of));
}

static int ucg_open_locked(struct ucg_mount *m, const char *path, int flags,
			   const struct ucg_cred *cred, struct ucg_file **out)
{
	struct ucg *ucg = m->ucg;
	const struct cgroup_subsys *ss = NULL;
	const struct cftype *cft;
	struct cgroup *cgrp;
	struct ucg_file *of;
	const char *name;
	char *scratch;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	int acc = flags & O_ACCMODE, mask, ret;

	ret = cgroup_resolve(m->root, path, &cgrp, &name, &scratch);
	if (ret)
		goto out;
	ret = -EISDIR;
	if (!name)
		goto out;
	ret = -ENOENT;
	cft = cgroup_find_file(cgrp, name, &ss);
	if (!cft)
		goto out;
	ret = cgroup_path_search_ok(cgrp, cred);
	if (ret)
		goto out;
	mask = acc == O_RDONLY ? 4 : acc == O_WRONLY ? 2 : 6;
	cgroup_file_attr(cgrp, cft, ss, &uid, &gid, &mode);
	ret = -EACCES;
	if (!cgroup_permission(cred, uid, gid, mode, mask))
		goto out;
	ret = -ENOMEM;
	of = cgroup_zalloc(ucg, sizeof(*of));
	if (!of)
		goto out;
	of->ucg = ucg;
	of->cgrp = cgrp;
	of->cft = cft;
	of->ss = ss;
	of->flags = flags;
	of->css_serial = ss ? cgrp->subsys[ss->id]->serial_nr : cgrp->self.serial_nr;
	sbuf_init(&of->render);
	ret = of_copy_cred(ucg, of, cred);
	if (!ret && cft->open)
		ret = cft->open(of);
	if (ret) {
		of_free(ucg, of);
		goto out;
	}
	cgrp->nr_open_files++;
	*out = of;
out:
	free(scratch);
	return ret;
}

int ucg_open(struct ucg_mount *m, const char *path, int flags, const struct ucg_cred *cred,
	     struct ucg_file **out)
{
	int ret;

	cgroup_lock(m->ucg);
	ret = ucg_open_locked(m, path, flags, cred, out);
	cgroup_unlock(m->ucg);
	return ret;
}

void ucg_close(struct ucg_file *of)
{
	struct ucg *ucg;
	struct cgroup *cgrp;

	if (!of)
		return;
	ucg = of->ucg;
	cgrp = of->cgrp;
	cgroup_lock(ucg);
	if (of->cft->release)
		of->cft->release(of);
	if (!--cgrp->nr_open_files && (cgrp->self.flags & CSS_RELEASED) && cgroup_parent(cgrp))
		cgroup_free(cgrp);
	else if (!cgroup_parent(cgrp) && cgrp->root->hierarchy_id && !cgrp->nr_open_files &&
		 !cgrp->root->nr_mounts)
		cgroup1_umount_locked(cgrp->root); /* unmounted while this file was open */
	of_free(ucg, of);
	cgroup_unlock(ucg);
}

/* Render the whole file into of->render.  Context: cgroup_mutex. */
static int of_render_locked(struct ucg_file *of)
{
	const struct cftype *cft = of->cft;
	int ret = of_check_alive(of);

	if (ret)
		return ret;
	if (!cft->seq_show && !cft->read_u64 && !cft->read_s64)
		return -EINVAL;
	sbuf_reset(&of->render);
	if (cft->seq_show)
		ret = cft->seq_show(of, &of->render);
	else if (cft->read_u64)
		sbuf_printf(&of->render, "%llu\n",
			    (unsigned long long)cft->read_u64(of_css(of), cft));
	else
		sbuf_printf(&of->render, "%lld\n", (long long)cft->read_s64(of_css(of), cft));
	if (!ret)
		ret = of->render.err;
	of->rendered = !ret;
	return ret;
}

ssize_t ucg_read(struct ucg_file *of, char *buf, size_t size, off_t off)
{
	ssize_t ret = 0;

	if ((of->flags & O_ACCMODE) == O_WRONLY || off < 0)
		return (of->flags & O_ACCMODE) == O_WRONLY ? -EBADF : -EINVAL;
	cgroup_lock(of->ucg);
	if (off == 0 || !of->rendered)
		ret = of_render_locked(of);
	else
		ret = of_check_alive(of);
	if (!ret) {
		size_t len = of->render.len;

		if ((size_t)off >= len) {
			ret = 0;
		} else {
			ret = (ssize_t)(len - (size_t)off < size ? len - (size_t)off : size);
			memcpy(buf, of->render.buf + off, (size_t)ret);
		}
	}
	cgroup_unlock(of->ucg);
	return ret;
}

const char *ucg_file_content(struct ucg_file *of, int *err)
{
	int ret;

	cgroup_lock(of->ucg);
	ret = of_render_locked(of);
	cgroup_unlock(of->ucg);
	if (err)
		*err = ret;
	if (ret)
		return NULL;
	return of->render.buf ? of->render.buf : "";
}

/* Dispatch one write to the cftype's handler.  Context: cgroup_mutex. */
static ssize_t cgroup_file_write_locked(struct ucg_file *of, char *buf, size_t nbytes)
{
	const struct cftype *cft = of->cft;
	int ret;

	if (cft->write)
		return cft->write(of, buf, nbytes);
	if (cft->write_u64) {
		unsigned long long v;

		ret = kstrtoull(buf, 0, &v);
		if (!ret)
			ret = cft->write_u64(of_css(of), cft, v);
	} else if (cft->write_s64) {
		long long v;

		ret = kstrtoll(buf, 0, &v);
		if (!ret)
			ret = cft->write_s64(of_css(of), cft, v);
	} else {
		ret = -EINVAL;
	}
	return ret ? ret : (ssize_t)nbytes;
}

ssize_t ucg_write(struct ucg_file *of, const char *buf, size_t size, const struct ucg_cred *writer)
{
	size_t max = of->cft->max_write_len ? of->cft->max_write_len : UCG_PAGE_SIZE;
	ssize_t ret;
	char *copy;

	if ((of->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!size)
		return 0;
	if (size > max)
		return -E2BIG;
	copy = malloc(size + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, size);
	copy[size] = '\0';
	cgroup_lock(of->ucg);
	ret = of_check_alive(of);
	if (!ret) {
		of->writer = writer ? writer : &of->cred;
		ret = cgroup_file_write_locked(of, copy, size);
		of->writer = NULL;
	}
	cgroup_unlock(of->ucg);
	free(copy);
	return ret;
}

int ucg_read_file(struct ucg_mount *m, const char *path, const struct ucg_cred *cred, char **out)
{
	struct ucg_file *of;
	const char *s;
	int ret = ucg_open(m, path, O_RDONLY, cred, &of);

	if (ret)
		return ret;
	s = ucg_file_content(of, &ret);
	if (s) {
		*out = strdup(s);
		if (!*out)
			ret = -ENOMEM;
	}
	ucg_close(of);
	return ret;
}

int ucg_write_file(struct ucg_mount *m, const char *path, const char *s, const struct ucg_cred *cred)
{
	struct ucg_file *of;
	ssize_t n;
	int ret = ucg_open(m, path, O_WRONLY, cred, &of);

	if (ret)
		return ret;
	n = ucg_write(of, s, strlen(s), cred);
	ucg_close(of);
	return n < 0 ? (int)n : 0;
}
