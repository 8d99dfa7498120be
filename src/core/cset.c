// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cset.c - css_set: the shared, refcounted set of memberships tasks point to
 * (kernel: find_css_set, put_css_set_locked, link_css_set,
 * css_set_move_task, cgroup_update_populated).
 *
 * A css_set holds one css per subsystem and links to one cgroup in every
 * hierarchy.  Tasks with identical memberships share one css_set, found
 * through a hash over the css pointers and the linked cgroups, so a lookup
 * stays O(1) however many cgroups exist (the kernel hashes only css
 * pointers; with no controllers enabled every set would then collide).
 */
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"

static inline struct ucg *cset_ucg(struct css_set *cset)
{
	return cset->dfl_cgrp->root->ucg;
}

/* Hash of one membership: the subsystem css pointers plus the cgroups. */
static uint64_t cset_hash_parts(struct cgroup_subsys_state *const *subsys,
				struct cgroup *const *cgrps, int nr_cgrps)
{
	uint64_t h = 0;
	int i;

	for (i = 0; i < CGROUP_SUBSYS_COUNT; i++)
		h += hash_u64((uintptr_t)subsys[i] ^ ((uint64_t)i << 56));
	for (i = 0; i < nr_cgrps; i++)
		h += hash_u64((uintptr_t)cgrps[i]);
	return h;
}

uint64_t css_set_hash_of(struct css_set *cset)
{
	struct cgrp_cset_link *link;
	uint64_t h = 0;
	int i;

	for (i = 0; i < CGROUP_SUBSYS_COUNT; i++)
		h += hash_u64((uintptr_t)cset->subsys[i] ^ ((uint64_t)i << 56));
	list_for_each_entry(link, &cset->cgrp_links, cgrp_link)
		h += hash_u64((uintptr_t)link->cgrp);
	return h;
}

/**
 * cset_cgroup_from_root - the cgroup of @cset in hierarchy @root.
 * @cset: css_set
 * @root: hierarchy
 *
 * Return: the cgroup (every css_set links one cgroup per hierarchy).
 * Context: css_set_lock or cgroup_mutex.
 */
struct cgroup *cset_cgroup_from_root(struct css_set *cset, const struct cgroup_root *root)
{
	struct cgrp_cset_link *link;

	if (root->hierarchy_id == 0)
		return cset->dfl_cgrp;
	list_for_each_entry(link, &cset->cgrp_links, cgrp_link) {
		if (link->cgrp->root == root)
			return link->cgrp;
	}
	return NULL;
}

/**
 * css_set_init - initialise an empty css_set with one reference.
 * @cset: zeroed css_set
 * @dfl_cgrp: its v2 cgroup
 */
void css_set_init(struct css_set *cset, struct cgroup *dfl_cgrp)
{
	cset->refcount = 1;
	cset->dfl_cgrp = dfl_cgrp;
	INIT_LIST_HEAD(&cset->tasks);
	INIT_LIST_HEAD(&cset->dying_tasks);
	INIT_LIST_HEAD(&cset->mg_tasks);
	INIT_LIST_HEAD(&cset->cgrp_links);
	INIT_LIST_HEAD(&cset->mg_src_node);
	INIT_LIST_HEAD(&cset->mg_dst_node);
	INIT_LIST_HEAD(&cset->mg_node);
}

void get_css_set(struct css_set *cset)
{
	cset->refcount++;
}

/* Pin @cgrp for a link (roots are never refcounted). */
static void link_get_cgroup(struct cgroup *cgrp)
{
	if (cgroup_parent(cgrp))
		css_get(&cgrp->self);
}

static void link_put_cgroup(struct cgroup *cgrp)
{
	if (cgroup_parent(cgrp))
		css_put(&cgrp->self);
}

static void link_css_set(struct cgrp_cset_link *link, struct css_set *cset, struct cgroup *cgrp)
{
	link->cset = cset;
	link->cgrp = cgrp;
	/* the cgroup lists its csets newest last: procs read in creation order */
	list_add_tail(&link->cset_link, &cgrp->cset_links);
	list_add_tail(&link->cgrp_link, &cset->cgrp_links);
	link_get_cgroup(cgrp);
}

/**
 * put_css_set_locked - drop a css_set reference; free it at zero.
 * @cset: css_set
 *
 * Context: css_set_lock.
 */
void put_css_set_locked(struct css_set *cset)
{
	struct ucg *ucg = cset_ucg(cset);
	struct cgrp_cset_link *link, *tmp;
	int ssid;

	if (--cset->refcount > 0)
		return;
	cset->dead = true;
	htable_del(&ucg->css_sets, cset->hash, cset);
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++)
		css_put(cset->subsys[ssid]);
	list_for_each_entry_safe(link, tmp, &cset->cgrp_links, cgrp_link) {
		list_del_init(&link->cset_link);
		list_del_init(&link->cgrp_link);
		link_put_cgroup(link->cgrp);
		cgroup_kfree(ucg, link, sizeof(*link));
	}
	atomic_fetch_sub(&ucg->nr_css_sets, 1);
	cgroup_kfree(ucg, cset, sizeof(*cset));
}

/* The membership @old_cset would have after moving to @cgrp. */
struct cset_tmpl {
	struct cgroup_subsys_state *subsys[CGROUP_SUBSYS_COUNT];
	struct cgroup **cgrps;
	int nr_cgrps;
	struct cgroup *dfl_cgrp;
};

static int cset_tmpl_build(struct cset_tmpl *t, struct css_set *old_cset, struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup_root *root = cgrp->root;
	struct cgrp_cset_link *link;
	int ssid, n = 0;

	list_for_each_entry(link, &old_cset->cgrp_links, cgrp_link)
		n++;
	t->cgrps = cgroup_zalloc(ucg, sizeof(*t->cgrps) * (size_t)n);
	if (!t->cgrps)
		return -ENOMEM;
	t->nr_cgrps = 0;
	list_for_each_entry(link, &old_cset->cgrp_links, cgrp_link)
		t->cgrps[t->nr_cgrps++] = link->cgrp->root == root ? cgrp : link->cgrp;
	t->dfl_cgrp = root->hierarchy_id == 0 ? cgrp : old_cset->dfl_cgrp;
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		if (root->subsys_mask & (1u << ssid))
			t->subsys[ssid] = cgroup_e_css(cgrp, ssid);
		else
			t->subsys[ssid] = old_cset->subsys[ssid];
	}
	return 0;
}

static bool cset_matches(struct css_set *cset, const struct cset_tmpl *t)
{
	struct cgrp_cset_link *link;
	int i = 0;

	if (cset->dead || cset->dfl_cgrp != t->dfl_cgrp)
		return false;
	if (memcmp(cset->subsys, t->subsys, sizeof(t->subsys)))
		return false;
	/* links are kept in hierarchy order, the template in the same order */
	list_for_each_entry(link, &cset->cgrp_links, cgrp_link) {
		if (i >= t->nr_cgrps || link->cgrp != t->cgrps[i])
			return false;
		i++;
	}
	return i == t->nr_cgrps;
}

static struct css_set *cset_alloc_from_tmpl(struct ucg *ucg, const struct cset_tmpl *t)
{
	struct cgrp_cset_link **links;
	struct css_set *cset;
	int i, ssid;

	cset = cgroup_zalloc(ucg, sizeof(*cset));
	links = cgroup_zalloc(ucg, sizeof(*links) * (size_t)(t->nr_cgrps + 1));
	if (!cset || !links)
		goto err_free;
	for (i = 0; i < t->nr_cgrps; i++) {
		links[i] = cgroup_zalloc(ucg, sizeof(**links));
		if (!links[i])
			goto err_free;
	}
	css_set_init(cset, t->dfl_cgrp);
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		cset->subsys[ssid] = t->subsys[ssid];
		css_get(cset->subsys[ssid]);
	}
	for (i = 0; i < t->nr_cgrps; i++)
		link_css_set(links[i], cset, t->cgrps[i]);
	cgroup_kfree(ucg, links, sizeof(*links) * (size_t)(t->nr_cgrps + 1));
	atomic_fetch_add(&ucg->nr_css_sets, 1);
	return cset;

err_free:
	if (links)
		for (i = 0; i < t->nr_cgrps; i++)
			cgroup_kfree(ucg, links[i], sizeof(**links));
	cgroup_kfree(ucg, links, sizeof(*links) * (size_t)(t->nr_cgrps + 1));
	cgroup_kfree(ucg, cset, sizeof(*cset));
	return NULL;
}

/**
 * find_css_set_locked - the css_set for @old_cset's tasks moved to @cgrp.
 * @old_cset: the current set
 * @cgrp: destination cgroup (in any hierarchy)
 *
 * Return: the set with a reference held, or NULL on ENOMEM.
 * Context: cgroup_mutex and css_set_lock.
 */
struct css_set *find_css_set_locked(struct css_set *old_cset, struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cset_tmpl t;
	struct css_set *cset = NULL, *pos;
	uint64_t hash;

	if (cset_tmpl_build(&t, old_cset, cgrp))
		return NULL;
	hash = cset_hash_parts(t.subsys, t.cgrps, t.nr_cgrps);
	htable_for_each_possible(&ucg->css_sets, hash, pos) {
		if (cset_matches(pos, &t)) {
			cset = pos;
			get_css_set(cset);
			goto out;
		}
	}
	cset = cset_alloc_from_tmpl(ucg, &t);
	if (cset) {
		cset->hash = hash;
		if (htable_add(&ucg->css_sets, hash, cset)) {
			put_css_set_locked(cset);
			cset = NULL;
		}
	}
out:
	cgroup_kfree(ucg, t.cgrps, sizeof(*t.cgrps) * (size_t)t.nr_cgrps);
	return cset;
}

/**
 * cgroup_update_populated - a css_set of @cgrp gained its first or lost its
 * last live task; propagate `populated` up while it flips.
 * @cgrp: cgroup
 * @populated: new state of that css_set
 *
 * Context: css_set_lock.
 */
void cgroup_update_populated(struct cgroup *cgrp, bool populated)
{
	struct cgroup *child = NULL;
	int adj = populated ? 1 : -1;

	do {
		bool was_populated = cgroup_is_populated(cgrp);

		if (!child)
			cgrp->nr_populated_csets += adj;
		else if (child->dom_cgrp != child)
			cgrp->nr_populated_threaded_children += adj;
		else
			cgrp->nr_populated_domain_children += adj;
		if (was_populated == cgroup_is_populated(cgrp))
			break;
		cgroup1_check_for_release(cgrp);
		if (cgroup_on_dfl(cgrp))
			cgroup_file_notify(cgrp, "cgroup.events");
		child = cgrp;
		cgrp = cgroup_parent(cgrp);
	} while (cgrp);
}

static void css_set_update_populated(struct css_set *cset, bool populated)
{
	struct cgrp_cset_link *link;

	list_for_each_entry(link, &cset->cgrp_links, cgrp_link)
		cgroup_update_populated(link->cgrp, populated);
}

/**
 * css_set_move_task - move @task from css_set @from to @to (either NULL).
 * @task: a live task
 * @from: its current set, or NULL for a new task
 * @to: the new set, or NULL when it exits
 * @use_mg_tasks: queue it on @to's mg_tasks (during migration) instead of tasks
 *
 * Reference counts of the sets are the caller's; populated counts, the
 * freezer's counts and @task->cgroups are updated here.
 * Context: css_set_lock.
 */
void css_set_move_task(struct task_struct *task, struct css_set *from, struct css_set *to,
		       bool use_mg_tasks)
{
	if (from) {
		list_del_init(&task->cg_list);
		if (!--from->nr_tasks)
			css_set_update_populated(from, false);
	}
	if (to) {
		if (!to->nr_tasks++)
			css_set_update_populated(to, true);
		task->cgroups = to;
		list_add_tail(&task->cg_list, use_mg_tasks ? &to->mg_tasks : &to->tasks);
		cgroup_freezer_migrate_task(task, from, to);
	}
}

/* Re-key every css_set linked to @root's cgroup after its links changed
 * (the count stays the same: the table never grows here). */
static void rehash_csets_of(struct cgroup_root *root)
{
	struct ucg *ucg = root->ucg;
	struct cgrp_cset_link *link;

	list_for_each_entry(link, &root->cgrp.cset_links, cset_link) {
		struct css_set *cset = link->cset;

		htable_del(&ucg->css_sets, cset->hash, cset);
		cset->hash = css_set_hash_of(cset);
		htable_add(&ucg->css_sets, cset->hash, cset);
	}
}

/**
 * link_root_to_all_csets_locked - link every css_set to @root's cgroup (a new
 * hierarchy holds every task in its root).
 * @root: the new hierarchy
 *
 * Return: 0 or -ENOMEM (nothing linked then).
 * Context: cgroup_mutex and css_set_lock.
 */
int link_root_to_all_csets_locked(struct cgroup_root *root)
{
	struct ucg *ucg = root->ucg;
	size_t n = ucg->css_sets.nr_items, i, k = 0;
	struct cgrp_cset_link **links = calloc(n + 1, sizeof(*links));
	struct css_set *cset;

	if (!links)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		links[i] = cgroup_zalloc(ucg, sizeof(**links));
		if (!links[i]) {
			while (i--)
				cgroup_kfree(ucg, links[i], sizeof(**links));
			free(links);
			return -ENOMEM;
		}
	}
	for (i = 0; i <= ucg->css_sets.mask; i++) {
		cset = ucg->css_sets.slots[i].obj;
		if (!cset)
			continue;
		link_css_set(links[k++], cset, &root->cgrp);
		if (cset->nr_tasks)
			root->cgrp.nr_populated_csets++;
	}
	free(links);
	rehash_csets_of(root);
	return 0;
}

/**
 * unlink_root_from_all_csets_locked - undo link_root_to_all_csets_locked()
 * for a hierarchy being destroyed.
 * @root: hierarchy (only its root cgroup is left)
 *
 * Context: cgroup_mutex and css_set_lock.
 */
void unlink_root_from_all_csets_locked(struct cgroup_root *root)
{
	struct ucg *ucg = root->ucg;
	struct cgrp_cset_link *link, *tmp;

	list_for_each_entry_safe(link, tmp, &root->cgrp.cset_links, cset_link) {
		struct css_set *cset = link->cset;

		htable_del(&ucg->css_sets, cset->hash, cset);
		list_del_init(&link->cset_link);
		list_del_init(&link->cgrp_link);
		cgroup_kfree(ucg, link, sizeof(*link));
		cset->hash = css_set_hash_of(cset);
		htable_add(&ucg->css_sets, cset->hash, cset);
	}
	root->cgrp.nr_populated_csets = 0;
}
