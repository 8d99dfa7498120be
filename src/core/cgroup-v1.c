// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup-v1.c - v1 hierarchies: mount options, choosing or creating the
 * hierarchy for a mount, binding controllers to it (a controller lives in
 * one hierarchy at a time), remount, destruction at the last umount, and
 * notify_on_release (kernel: cgroup1_parse_param, check_cgroupfs_options,
 * cgroup1_root_to_use, rebind_subsystems, cgroup1_reconfigure,
 * cgroup1_check_for_release).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"

struct cgroup_sb_opts {
	ss_mask_t subsys_mask;
	unsigned int flags;
	bool none;
	bool all_ss;
	bool clone_children;
	char *name;          /* points into the option copy */
	char *release_agent;
};

static int parse_name(struct cgroup_sb_opts *o, char *val)
{
	size_t i, n = strlen(val);

	if (o->name || !n || n > MAX_CGROUP_ROOT_NAMELEN - 1)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)val[i]) && val[i] != '_' && val[i] != '.' && val[i] != '-')
			return -EINVAL;
	}
	o->name = val;
	return 0;
}

static int parse_one_option(struct cgroup_sb_opts *o, char *tok, const struct ucg_cred *cred)
{
	const struct cgroup_subsys *ss;
	int ssid;

	if (!strcmp(tok, "none"))
		o->none = true;
	else if (!strcmp(tok, "all"))
		o->all_ss = true;
	else if (!strcmp(tok, "noprefix"))
		o->flags |= CGRP_ROOT_NOPREFIX;
	else if (!strcmp(tok, "clone_children"))
		o->clone_children = true;
	else if (!strcmp(tok, "cpuset_v2_mode"))
		o->flags |= CGRP_ROOT_CPUSET_V2_MODE;
	else if (!strcmp(tok, "xattr"))
		o->flags |= CGRP_ROOT_XATTR;
	else if (!strcmp(tok, "favordynmods"))
		o->flags |= CGRP_ROOT_FAVOR_DYNMODS;
	else if (!strcmp(tok, "nofavordynmods"))
		o->flags &= ~CGRP_ROOT_FAVOR_DYNMODS;
	else if (!strncmp(tok, "name=", 5))
		return parse_name(o, tok + 5);
	else if (!strncmp(tok, "release_agent=", 14)) {
		if (o->release_agent || !(cred->caps & UCG_CAP_SYS_ADMIN))
			return -EINVAL;
		o->release_agent = tok + 14;
	} else {
		for_each_subsys(ss, ssid) {
			if (!strcmp(tok, ss->legacy_name) && ss->legacy_cftypes) {
				o->subsys_mask |= 1u << ssid;
				return 0;
			}
		}
		return -EINVAL;
	}
	return 0;
}

/* Controllers usable on v1 (those with a v1 interface). */
static ss_mask_t v1_enabled_mask(void)
{
	const struct cgroup_subsys *ss;
	ss_mask_t mask = 0;
	int ssid;

	for_each_subsys(ss, ssid) {
		if (ss->legacy_cftypes && !ss->dfl_only)
			mask |= 1u << ssid;
	}
	return mask;
}

/* Parse @options and apply the consistency rules.  The strings in @o point
 * into *@buf, a copy of @options the caller frees (even on error). */
static int cgroup1_parse_options(struct cgroup_sb_opts *o, const char *options, char **buf,
				 const struct ucg_cred *cred)
{
	ss_mask_t enabled = v1_enabled_mask();
	char *tok, *save = NULL;
	int ret;

	memset(o, 0, sizeof(*o));
	*buf = strdup(options ? options : "");
	if (!*buf)
		return -ENOMEM;
	for (tok = strtok_r(*buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		ret = parse_one_option(o, tok, cred);
		if (ret)
			return ret;
	}
	o->subsys_mask &= enabled;
	if (!o->subsys_mask && !o->none && !o->name)
		o->all_ss = true;
	if (o->all_ss) {
		if (o->subsys_mask)
			return -EINVAL;
		o->subsys_mask = enabled;
	}
	if (!o->subsys_mask && !o->name)
		return -EINVAL;
	/* noprefix is only for cpuset, which ucg does not build */
	if ((o->flags & CGRP_ROOT_NOPREFIX) && o->subsys_mask)
		return -EINVAL;
	if (o->subsys_mask && o->none)
		return -EINVAL;
	return 0;
}

/* Move the root css of @ss_mask's controllers to @dst_root. */
static int rebind_subsystems(struct cgroup_root *dst_root, ss_mask_t ss_mask)
{
	struct ucg *ucg = dst_root->ucg;
	int ssid;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		struct cgroup_root *src_root = ucg->ss_root[ssid];

		if (!(ss_mask & (1u << ssid)))
			continue;
		/* any non-root css, live or dying, pins the controller */
		if (!list_empty(&src_root->cgrp.subsys[ssid]->children))
			return -EBUSY;
		if (src_root != &ucg->dfl_root && dst_root != &ucg->dfl_root)
			return -EBUSY;
	}
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		struct cgroup_root *src_root = ucg->ss_root[ssid];
		struct cgroup *scgrp = &src_root->cgrp, *dcgrp = &dst_root->cgrp;
		struct cgroup_subsys_state *css = scgrp->subsys[ssid];
		ss_mask_t bit = 1u << ssid;

		if (!(ss_mask & bit) || src_root == dst_root)
			continue;
		src_root->subsys_mask &= ~bit;
		scgrp->subtree_control &= ~bit;
		scgrp->subtree_ss_mask &= ~bit;
		scgrp->subsys[ssid] = NULL;
		dcgrp->subsys[ssid] = css;
		css->cgroup = dcgrp;
		ucg->ss_root[ssid] = dst_root;
		dst_root->subsys_mask |= bit;
		if (dst_root != &ucg->dfl_root)
			dcgrp->subtree_control |= bit;
	}
	return 0;
}

static int alloc_hierarchy_id(struct ucg *ucg)
{
	struct cgroup_root *r;
	int id = ucg->next_hierarchy_id;

	for (;;) {
		bool used = false;

		if (id <= 0)
			id = 1;
		list_for_each_entry(r, &ucg->roots, root_list)
			used |= r->hierarchy_id == id;
		if (!used)
			break;
		id++;
	}
	ucg->next_hierarchy_id = id + 1;
	return id;
}

static int cgroup1_create_root(struct ucg *ucg, const struct cgroup_sb_opts *o,
			       struct cgroup_root **out)
{
	struct cgroup_root *root = cgroup_zalloc(ucg, sizeof(*root));
	int ret;

	if (!root)
		return -ENOMEM;
	ret = cgroup_init_root(ucg, root, alloc_hierarchy_id(ucg));
	if (ret)
		goto err_free;
	ret = rebind_subsystems(root, o->subsys_mask);
	if (ret)
		goto err_destroy;
	pthread_mutex_lock(&ucg->css_set_lock);
	ret = link_root_to_all_csets_locked(root);
	pthread_mutex_unlock(&ucg->css_set_lock);
	if (ret) {
		rebind_subsystems(&ucg->dfl_root, root->subsys_mask);
		goto err_destroy;
	}
	root->flags = o->flags;
	snprintf(root->name, sizeof(root->name), "%s", o->name ? o->name : "");
	if (o->release_agent)
		snprintf(root->release_agent_path, sizeof(root->release_agent_path), "%s",
			 o->release_agent);
	if (o->clone_children)
		root->cgrp.flags |= CGRP_CPUSET_CLONE_CHILDREN;
	list_add(&root->root_list, &ucg->roots); /* newest first, as /proc/PID/cgroup lists */
	*out = root;
	return 0;

err_destroy:
	list_add(&root->root_list, &ucg->roots);
	cgroup_destroy_root_locked(root);
	return ret;
err_free:
	cgroup_free_name(&root->cgrp);
	cgroup_kfree(ucg, root, sizeof(*root));
	return ret;
}

/**
 * cgroup1_mount_locked - find or create the v1 hierarchy for a mount.
 * @ucg: engine
 * @options: the -o string
 * @cred: the mounter
 * @out: the hierarchy
 *
 * Return: 0, -EINVAL (bad options, bare name= of an unknown hierarchy),
 * -EBUSY (name matches but controllers differ, or a controller is bound
 * elsewhere or in use on v2), -ENOMEM.
 * Context: cgroup_mutex.
 */
int cgroup1_mount_locked(struct ucg *ucg, const char *options, const struct ucg_cred *cred,
			 struct cgroup_root **out)
{
	struct cgroup_sb_opts o;
	struct cgroup_root *root;
	char *buf;
	int ret = cgroup1_parse_options(&o, options, &buf, cred);

	if (ret)
		goto out;
	list_for_each_entry(root, &ucg->roots, root_list) {
		bool name_match = false;

		if (o.name) {
			if (strcmp(o.name, root->name))
				continue;
			name_match = true;
		}
		if ((o.subsys_mask || o.none) && o.subsys_mask != root->subsys_mask) {
			if (!name_match)
				continue;
			ret = -EBUSY;
			goto out;
		}
		/* differing flags are ignored on reuse, as the kernel does */
		*out = root;
		goto out;
	}
	ret = -EINVAL;
	if (!o.subsys_mask && !o.none)
		goto out;
	ret = cgroup1_create_root(ucg, &o, out);
out:
	free(buf);
	return ret;
}

/**
 * cgroup1_remount_locked - remount a v1 hierarchy with new options.
 * @root: hierarchy
 * @options: the -o string
 * @cred: the caller
 *
 * Return: 0, -EINVAL (root flags or name changed, bad options), -EBUSY
 * (children exist, or a controller cannot be bound).
 * Context: cgroup_mutex.
 */
int cgroup1_remount_locked(struct cgroup_root *root, const char *options,
			   const struct ucg_cred *cred)
{
	struct ucg *ucg = root->ucg;
	struct cgroup_sb_opts o;
	ss_mask_t added, removed;
	char *buf;
	int ret = cgroup1_parse_options(&o, options, &buf, cred);

	if (ret)
		goto out;
	added = o.subsys_mask & ~root->subsys_mask;
	removed = root->subsys_mask & ~o.subsys_mask;
	ret = -EINVAL;
	if ((o.flags ^ root->flags) || (o.name && strcmp(o.name, root->name)))
		goto out;
	ret = -EBUSY;
	if (!list_empty(&root->cgrp.self.children))
		goto out;
	ret = rebind_subsystems(root, added);
	if (ret)
		goto out;
	rebind_subsystems(&ucg->dfl_root, removed);
	root->cgrp.subtree_control = root->subsys_mask;
	if (o.release_agent)
		snprintf(root->release_agent_path, sizeof(root->release_agent_path), "%s",
			 o.release_agent);
out:
	free(buf);
	return ret;
}

/**
 * cgroup1_umount_locked - the last mount of @root went: destroy it unless it
 * still has children (live or dying); its controllers go back to v2.
 * @root: a v1 hierarchy
 *
 * Context: cgroup_mutex.
 */
void cgroup1_umount_locked(struct cgroup_root *root)
{
	struct ucg *ucg = root->ucg;

	/* an open file of the root pins it, as an fd pins the superblock of a
	 * lazily unmounted cgroupfs; the last ucg_close() comes back here */
	if (root->nr_mounts || !list_empty(&root->cgrp.self.children) ||
	    root->cgrp.nr_open_files)
		return;
	rebind_subsystems(&ucg->dfl_root, root->subsys_mask);
	pthread_mutex_lock(&ucg->css_set_lock);
	unlink_root_from_all_csets_locked(root);
	pthread_mutex_unlock(&ucg->css_set_lock);
	cgroup_destroy_root_locked(root);
}

/**
 * cgroup2_parse_options - the v2 mount options, as flags.
 * @options: comma-separated flags, may be NULL
 * @flags: result (replaces, not ORs, the hierarchy's flags)
 *
 * Return: 0 or -EINVAL for an unknown option.
 */
int cgroup2_parse_options(const char *options, unsigned int *flags)
{
	static const struct {
		const char *name;
		unsigned int flag;
	} opts[] = {
		{ "nsdelegate", CGRP_ROOT_NS_DELEGATE },
		{ "favordynmods", CGRP_ROOT_FAVOR_DYNMODS },
		{ "memory_localevents", CGRP_ROOT_MEMORY_LOCAL_EVENTS },
		{ "memory_recursiveprot", CGRP_ROOT_MEMORY_RECURSIVE_PROT },
		{ "memory_hugetlb_accounting", CGRP_ROOT_MEMORY_HUGETLB_ACCOUNTING },
		{ "pids_localevents", CGRP_ROOT_PIDS_LOCAL_EVENTS },
	};
	char *buf = strdup(options ? options : ""), *tok, *save = NULL;
	size_t i;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	*flags = 0;
	for (tok = strtok_r(buf, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
			if (!strcmp(tok, opts[i].name))
				break;
		}
		if (i == sizeof(opts) / sizeof(opts[0]))
			ret = -EINVAL;
		else
			*flags |= opts[i].flag;
	}
	free(buf);
	return ret;
}

/**
 * cgroup1_check_for_release - run the release agent if @cgrp just became
 * released (notify_on_release set, no live task in it or below, no live child).
 * @cgrp: cgroup (NULL and v2 cgroups are ignored)
 *
 * Context: cgroup_mutex or css_set_lock.
 */
void cgroup1_check_for_release(struct cgroup *cgrp)
{
	struct ucg *ucg;
	char path[4096];

	if (!cgrp || cgroup_on_dfl(cgrp) || !(cgrp->flags & CGRP_NOTIFY_ON_RELEASE))
		return;
	if (cgroup_is_populated(cgrp) || cgrp->nr_descendants || cgroup_is_dead(cgrp))
		return;
	ucg = cgroup_ucg(cgrp);
	if (!cgrp->root->release_agent_path[0] || !ucg->release_fn)
		return;
	if (cgroup_path(cgrp, path, sizeof(path)) < 0)
		return;
	ucg->release_fn(ucg->release_arg, cgrp->root->release_agent_path, path);
}
