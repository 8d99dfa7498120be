// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup.c - the tree: hierarchy roots, mkdir, rmdir, path lookup, and the
 * lifetime of cgroups (kernel: cgroup_setup_root, cgroup_mkdir,
 * cgroup_create, cgroup_destroy_locked, cgroup_check_hierarchy_limits).
 *
 * rmdir kills a cgroup at once (its files vanish, its name can be reused)
 * but the object lives on as a dying cgroup while css_sets of zombie tasks
 * or controller state still reference it; cgroup.stat counts it in
 * nr_dying_descendants until then.
 */
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"

static void cgroup_init_fields(struct cgroup *cgrp, struct cgroup_root *root)
{
	struct ucg *ucg = root->ucg;

	cgrp->root = root;
	cgrp->id = ucg->next_cgroup_id++;
	cgrp->max_depth = INT_MAX;
	cgrp->max_descendants = INT_MAX;
	cgrp->dom_cgrp = cgrp;
	INIT_LIST_HEAD(&cgrp->cset_links);
}

/**
 * cgroup_set_name - give @cgrp the name @name (short names live inline).
 * @cgrp: cgroup
 * @name: new name
 *
 * Return: 0 or -ENOMEM (the old name is kept then).
 */
int cgroup_set_name(struct cgroup *cgrp, const char *name)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	size_t n = strlen(name);
	char *p = cgrp->inline_name;

	if (n >= sizeof(cgrp->inline_name) && !(p = cgroup_strdup(ucg, name)))
		return -ENOMEM;
	cgroup_free_name(cgrp);
	if (p == cgrp->inline_name)
		memcpy(p, name, n + 1);
	cgrp->name = p;
	return 0;
}

/**
 * cgroup_free_name - release @cgrp's name storage.
 * @cgrp: cgroup
 */
void cgroup_free_name(struct cgroup *cgrp)
{
	if (cgrp->name && cgrp->name != cgrp->inline_name)
		cgroup_free_str(cgroup_ucg(cgrp), cgrp->name);
	cgrp->name = NULL;
}

/* Bind every subsystem to v2 with its root css, and set up init_css_set. */
static int cgroup_init_dfl_locked(struct ucg *ucg)
{
	struct cgroup_root *root = &ucg->dfl_root;
	struct css_set *cset = &ucg->init_css_set;
	struct cgrp_cset_link *link;
	const struct cgroup_subsys *ss;
	int ssid;

	for_each_subsys(ss, ssid) {
		struct cgroup_subsys_state *css = css_create_locked(&root->cgrp, ss, NULL);

		if (!css)
			return -ENOMEM;
		root->subsys_mask |= 1u << ssid;
		ucg->ss_root[ssid] = root;
	}
	link = cgroup_zalloc(ucg, sizeof(*link));
	if (!link)
		return -ENOMEM;
	/* the engine's reference: init_css_set is never freed by a put */
	css_set_init(cset, &root->cgrp);
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++)
		cset->subsys[ssid] = root->cgrp.subsys[ssid];
	link->cset = cset;
	link->cgrp = &root->cgrp;
	list_add_tail(&link->cset_link, &root->cgrp.cset_links);
	list_add_tail(&link->cgrp_link, &cset->cgrp_links);
	cset->hash = css_set_hash_of(cset);
	if (htable_add(&ucg->css_sets, cset->hash, cset))
		return -ENOMEM;
	atomic_fetch_add(&ucg->nr_css_sets, 1);
	return 0;
}

/**
 * cgroup_init_root - initialise hierarchy @root and its root cgroup.
 * @ucg: engine
 * @root: zeroed root
 * @hierarchy_id: 0 for v2 (which also binds every controller)
 *
 * Return: 0 or -ENOMEM.
 * Context: cgroup_mutex.
 */
int cgroup_init_root(struct ucg *ucg, struct cgroup_root *root, int hierarchy_id)
{
	struct cgroup *cgrp = &root->cgrp;

	root->ucg = ucg;
	root->hierarchy_id = hierarchy_id;
	root->nr_cgrps = 1;
	INIT_LIST_HEAD(&root->root_list);
	cgroup_init_fields(cgrp, root);
	css_init_base(&cgrp->self, NULL, cgrp, NULL);
	cgrp->self.flags |= CSS_ONLINE;
	cgroup_set_name(cgrp, "");
	cgrp->mode = 0755;
	if (htable_add(&ucg->cgroup_ids, hash_u64(cgrp->id), cgrp))
		return -ENOMEM;
	atomic_fetch_add(&ucg->nr_cgroups, 1);
	if (hierarchy_id == 0)
		return cgroup_init_dfl_locked(ucg);
	return 0;
}

/**
 * cgroup_free - free the memory of a released cgroup.
 * @cgrp: a released, non-root cgroup with no open files
 */
void cgroup_free(struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_file_attr *a = cgrp->file_attrs, *next;

	for (; a; a = next) {
		next = a->next;
		cgroup_kfree(ucg, a, sizeof(*a));
	}
	cgroup_free_xattrs(cgrp);
	cgroup_free_name(cgrp);
	atomic_fetch_sub(&ucg->nr_cgroups, 1);
	cgroup_kfree(ucg, cgrp, sizeof(*cgrp));
}

/**
 * cgroup_is_populated - a live task in @cgrp or below?
 * @cgrp: cgroup
 *
 * Context: css_set_lock or cgroup_mutex.
 */
bool cgroup_is_populated(const struct cgroup *cgrp)
{
	return cgrp->nr_populated_csets + cgrp->nr_populated_domain_children +
	       cgrp->nr_populated_threaded_children;
}

/* A live task directly in @cgrp? */
bool cgroup_has_tasks(const struct cgroup *cgrp)
{
	return cgrp->nr_populated_csets;
}

/**
 * cgroup_permission - may @cred access an object with these attributes?
 * @cred: caller
 * @uid: owner
 * @gid: group
 * @mode: permission bits
 * @mask: 4 read, 2 write, 1 exec/search
 *
 * Return: true if allowed (CAP_DAC_OVERRIDE allows everything).
 */
bool cgroup_permission(const struct ucg_cred *cred, uid_t uid, gid_t gid, mode_t mode, int mask)
{
	mode_t bits;
	size_t i;
	bool in_group = cred->gid == gid;

	if (cred->caps & UCG_CAP_DAC_OVERRIDE)
		return true;
	for (i = 0; !in_group && cred->groups && i < cred->ngroups; i++)
		in_group = cred->groups[i] == gid;
	if (cred->uid == uid)
		bits = (mode >> 6) & 7;
	else if (in_group)
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	return ((int)bits & mask) == mask;
}

/**
 * cgroup_lookup_child - the live child of @parent named @name.
 * @parent: cgroup
 * @name: child name
 *
 * Return: the child or NULL.
 * Context: cgroup_mutex.
 */
struct cgroup *cgroup_lookup_child(struct cgroup *parent, const char *name)
{
	struct ucg *ucg = cgroup_ucg(parent);
	uint64_t h = hash_str(name, parent->id);
	struct cgroup *c;

	htable_for_each_possible(&ucg->cgroup_names, h, c) {
		if (cgroup_parent(c) == parent && !strcmp(c->name, name))
			return c;
	}
	return NULL;
}

/**
 * cgroup_find_by_id - the cgroup with id @id (dead ones included until freed).
 * @ucg: engine
 * @id: cgroup id
 *
 * Context: cgroup_mutex.
 */
struct cgroup *cgroup_find_by_id(struct ucg *ucg, uint64_t id)
{
	struct cgroup *c;

	htable_for_each_possible(&ucg->cgroup_ids, hash_u64(id), c) {
		if (c->id == id)
			return c;
	}
	return NULL;
}

/**
 * cgroup_resolve - resolve a path to a cgroup and, optionally, a file name.
 * @root: hierarchy
 * @path: "/a/b" or "/a/b/cgroup.procs" (leading '/' optional)
 * @cgrp: the cgroup reached
 * @file_out: the last component when it is not a child cgroup, else NULL
 * @to_free: scratch copy of the path to free() after use of *@file_out
 *
 * Return: 0, -ENOENT (missing component), -ENOTDIR (a file used as a directory),
 * -ENOMEM.
 * Context: cgroup_mutex.
 */
int cgroup_resolve(struct cgroup_root *root, const char *path, struct cgroup **cgrp,
		   const char **file_out, char **to_free)
{
	struct cgroup *cur = &root->cgrp;
	char *copy = strdup(path ? path : "");
	char *save = NULL, *tok, *next;

	*to_free = copy;
	*file_out = NULL;
	if (!copy)
		return -ENOMEM;
	tok = strtok_r(copy, "/", &save);
	while (tok) {
		struct cgroup *child;

		next = strtok_r(NULL, "/", &save);
		if (!strcmp(tok, ".")) {
			tok = next;
			continue;
		}
		child = cgroup_lookup_child(cur, tok);
		if (!child) {
			if (next)
				return cgroup_find_file(cur, tok, NULL) ? -ENOTDIR : -ENOENT;
			*file_out = tok;
			break;
		}
		cur = child;
		tok = next;
	}
	*cgrp = cur;
	return 0;
}

/**
 * cgroup_path - the path of @cgrp from its hierarchy's root ("/" for the root).
 * @cgrp: cgroup
 * @buf: output
 * @len: size of @buf
 *
 * Return: the length, or -ENAMETOOLONG.
 */
int cgroup_path(const struct cgroup *cgrp, char *buf, size_t len)
{
	size_t pos = len;
	const struct cgroup *c;

	if (len < 2)
		return -ENAMETOOLONG;
	buf[--pos] = '\0';
	for (c = cgrp; cgroup_parent(c); c = cgroup_parent(c)) {
		size_t n = strlen(c->name);

		if (pos < n + 1)
			return -ENAMETOOLONG;
		pos -= n;
		memcpy(buf + pos, c->name, n);
		buf[--pos] = '/';
	}
	if (pos == len - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, len - pos);
	return (int)(len - pos - 1);
}

/* EAGAIN check of cgroup.max.descendants / cgroup.max.depth for a new child. */
static bool cgroup_check_hierarchy_limits(struct cgroup *parent)
{
	struct cgroup *c;
	int level = 0;

	for (c = parent; c; c = cgroup_parent(c), level++) {
		if (c->nr_descendants >= c->max_descendants)
			return false;
		if (level >= c->max_depth)
			return false;
	}
	return true;
}

/* Create the controller css a new cgroup gets from its parent (v2) or its
 * hierarchy (v1). */
static int cgroup_create_css(struct cgroup *cgrp, const struct ucg_cred *cred)
{
	ss_mask_t mask = cgroup_on_dfl(cgrp) ? cgroup_ss_mask(cgrp) : cgrp->root->subsys_mask;
	const struct cgroup_subsys *ss;
	int ssid;

	for_each_subsys(ss, ssid) {
		if (!(mask & (1u << ssid)))
			continue;
		if (!css_create_locked(cgrp, ss, cred))
			return -ENOMEM;
	}
	return 0;
}

static struct cgroup *cgroup_create(struct cgroup *parent, const char *name, mode_t mode,
				    const struct ucg_cred *cred)
{
	struct ucg *ucg = cgroup_ucg(parent);
	struct cgroup *cgrp = cgroup_zalloc(ucg, sizeof(*cgrp));
	struct cgroup *c;

	if (!cgrp)
		return NULL;
	cgroup_init_fields(cgrp, parent->root);
	if (cgroup_set_name(cgrp, name))
		goto err_free;
	cgrp->name_hash = hash_str(name, parent->id);
	if (htable_add(&ucg->cgroup_ids, hash_u64(cgrp->id), cgrp))
		goto err_free_name;
	if (htable_add(&ucg->cgroup_names, cgrp->name_hash, cgrp))
		goto err_del_id;
	css_init_base(&cgrp->self, NULL, cgrp, &parent->self);
	cgrp->self.flags |= CSS_ONLINE;
	cgrp->level = parent->level + 1;
	cgrp->mode = mode & 07777;
	cgrp->uid = cgrp->file_uid = cred->uid;
	cgrp->gid = cgrp->file_gid = cred->gid;
	cgrp->flags = parent->flags & (CGRP_NOTIFY_ON_RELEASE | CGRP_CPUSET_CLONE_CHILDREN);
	if (!cgroup_on_dfl(cgrp))
		cgrp->subtree_control = cgroup_control(cgrp);
	list_add_tail(&cgrp->self.sibling, &parent->self.children);
	parent->root->nr_cgrps++;
	atomic_fetch_add(&ucg->nr_cgroups, 1);
	for (c = parent; c; c = cgroup_parent(c))
		c->nr_descendants++;
	cgroup_freezer_mkdir(parent, cgrp);
	return cgrp;

err_del_id:
	htable_del(&ucg->cgroup_ids, hash_u64(cgrp->id), cgrp);
err_free_name:
	cgroup_free_name(cgrp);
err_free:
	cgroup_kfree(ucg, cgrp, sizeof(*cgrp));
	return NULL;
}

/* Kill a cgroup: dead at once, released when its references go. */
static void cgroup_destroy_locked(struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup *parent = cgroup_parent(cgrp);
	struct cgroup *c;
	int ssid;

	cgroup_freezer_rmdir(cgrp);
	cgrp->flags |= CGRP_DEAD;
	cgrp->self.flags &= ~CSS_ONLINE;
	cgrp->self.flags |= CSS_DYING;
	htable_del(&ucg->cgroup_names, cgrp->name_hash, cgrp);
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		if (cgrp->subsys[ssid])
			css_kill_locked(cgrp->subsys[ssid]);
	}
	if (cgrp->dom_cgrp != cgrp)
		parent->nr_threaded_children--;
	for (c = parent; c; c = cgroup_parent(c)) {
		c->nr_descendants--;
		c->nr_dying_descendants++;
	}
	atomic_fetch_add(&ucg->nr_dying, 1);
	if (cgroup_on_dfl(cgrp)) {
		/* the parent may have been waiting only for this child to freeze */
		pthread_mutex_lock(&ucg->css_set_lock);
		cgroup_freezer_update_frozen(parent);
		pthread_mutex_unlock(&ucg->css_set_lock);
	}
	cgroup1_check_for_release(parent);
	css_put(&cgrp->self);
}

/**
 * cgroup_mkdir_locked - create child @name of @parent (the cgroup part of
 * mkdir(2); the VFS checks are the caller's).
 * @parent: parent cgroup
 * @name: child name
 * @mode: directory mode
 * @cred: creator (owns the directory and its files)
 *
 * Return: 0, -EINVAL (newline in @name), -ENODEV (parent removed), -EAGAIN
 * (cgroup.max.depth / cgroup.max.descendants), -ENOMEM.
 * Context: cgroup_mutex.
 */
int cgroup_mkdir_locked(struct cgroup *parent, const char *name, mode_t mode,
			const struct ucg_cred *cred)
{
	struct cgroup *cgrp;
	int ret;

	if (strchr(name, '\n'))
		return -EINVAL;
	if (cgroup_is_dead(parent))
		return -ENODEV;
	if (!cgroup_check_hierarchy_limits(parent))
		return -EAGAIN;
	cgrp = cgroup_create(parent, name, mode, cred);
	if (!cgrp)
		return -ENOMEM;
	ret = cgroup_create_css(cgrp, cred);
	if (ret) {
		cgroup_destroy_locked(cgrp);
		return ret;
	}
	return 0;
}

/**
 * cgroup_rmdir_locked - remove @cgrp (the cgroup part of rmdir(2)).
 * @cgrp: a non-root cgroup
 *
 * Return: 0, or -EBUSY while a live task is in it or below or it has a live child.
 * Context: cgroup_mutex.
 */
int cgroup_rmdir_locked(struct cgroup *cgrp)
{
	int ret = 0;

	pthread_mutex_lock(&cgroup_ucg(cgrp)->css_set_lock);
	if (cgroup_is_populated(cgrp))
		ret = -EBUSY;
	pthread_mutex_unlock(&cgroup_ucg(cgrp)->css_set_lock);
	if (ret)
		return ret;
	if (cgrp->nr_descendants)
		return -EBUSY;
	cgroup_destroy_locked(cgrp);
	return 0;
}

/* Engine teardown: remove every cgroup below @cgrp regardless of tasks. */
static void cgroup_force_destroy_subtree(struct cgroup *cgrp)
{
	struct cgroup_subsys_state *pos, *next;

	for (pos = css_next_descendant_post(NULL, &cgrp->self); pos && pos != &cgrp->self;
	     pos = next) {
		next = css_next_descendant_post(pos, &cgrp->self);
		if (!cgroup_is_dead(pos->cgroup))
			cgroup_destroy_locked(pos->cgroup);
	}
}

/**
 * cgroup_destroy_root_locked - free a hierarchy and all its cgroups.
 * @root: a v1 root without tasks outside its root cgroup, or any root at
 * engine teardown (tasks already released)
 *
 * Context: cgroup_mutex.
 */
void cgroup_destroy_root_locked(struct cgroup_root *root)
{
	struct ucg *ucg = root->ucg;
	struct cgrp_cset_link *link, *tmp;
	int ssid;

	cgroup_force_destroy_subtree(&root->cgrp);
	cgroup_process_releases(ucg);
	pthread_mutex_lock(&ucg->css_set_lock);
	list_for_each_entry_safe(link, tmp, &root->cgrp.cset_links, cset_link) {
		list_del_init(&link->cset_link);
		list_del_init(&link->cgrp_link);
		cgroup_kfree(ucg, link, sizeof(*link));
	}
	pthread_mutex_unlock(&ucg->css_set_lock);
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		struct cgroup_subsys_state *css = root->cgrp.subsys[ssid];

		if (!css)
			continue;
		root->cgrp.subsys[ssid] = NULL;
		css_free_locked(css);
	}
	/* chown/chmod of the root's files left override records (cgroup_free
	 * frees them for other cgroups; roots never go through it) */
	while (root->cgrp.file_attrs) {
		struct cgroup_file_attr *a = root->cgrp.file_attrs;

		root->cgrp.file_attrs = a->next;
		cgroup_kfree(ucg, a, sizeof(*a));
	}
	cgroup_free_xattrs(&root->cgrp);
	htable_del(&ucg->cgroup_ids, hash_u64(root->cgrp.id), &root->cgrp);
	cgroup_free_name(&root->cgrp);
	atomic_fetch_sub(&ucg->nr_cgroups, 1);
	if (root->hierarchy_id == 0) {
		htable_del(&ucg->css_sets, ucg->init_css_set.hash, &ucg->init_css_set);
		atomic_fetch_sub(&ucg->nr_css_sets, 1);
		root->ucg = NULL;
		return;
	}
	list_del_init(&root->root_list);
	cgroup_kfree(ucg, root, sizeof(*root));
}
