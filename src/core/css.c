// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * css.c - lifetime of cgroup_subsys_state objects (kernel: css_create,
 * online_css, kill_css, offline_css, css_release_work_fn, css_free_rwork_fn).
 *
 * A css is created online with one base reference.  Killing it takes it
 * offline at once (css_offline) and drops the base reference; it stays
 * "dying" while css_sets or children still reference it, and is released
 * and freed when the last reference goes.  Releases are queued from any
 * context and run under cgroup_mutex (cgroup_unlock), where the kernel runs
 * its release work items.
 *
 * Deviation: offline and release happen synchronously, at the end of the
 * call that killed the css or dropped its last reference, where the kernel
 * waits for RCU grace periods (docs/deviations.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"

void css_get(struct cgroup_subsys_state *css)
{
	if (!(css->flags & CSS_NO_REF))
		atomic_fetch_add(&css->refcnt, 1);
}

bool css_tryget_online(struct cgroup_subsys_state *css)
{
	if (!css_is_online(css))
		return false;
	css_get(css);
	return true;
}

/**
 * css_put - drop a reference; the last one queues the release.
 * @css: css (NULL is fine)
 *
 * Context: any.
 */
void css_put(struct cgroup_subsys_state *css)
{
	struct ucg *ucg;

	if (!css || (css->flags & CSS_NO_REF))
		return;
	if (atomic_fetch_sub(&css->refcnt, 1) != 1)
		return;
	ucg = css_ucg(css);
	pthread_mutex_lock(&ucg->release_lock);
	list_add_tail(&css->release_node, &ucg->release_queue);
	pthread_mutex_unlock(&ucg->release_lock);
}

/**
 * css_init_base - initialise the generic part of a css.
 * @css: css
 * @ss: its subsystem (NULL for a self css)
 * @cgrp: its cgroup
 * @parent_css: the parent's css of the same kind (NULL at a root; referenced)
 */
void css_init_base(struct cgroup_subsys_state *css, const struct cgroup_subsys *ss,
		   struct cgroup *cgrp, struct cgroup_subsys_state *parent_css)
{
	struct ucg *ucg = cgroup_ucg(cgrp);

	css->cgroup = cgrp;
	css->ss = ss;
	atomic_store(&css->refcnt, 1);
	css->serial_nr = ucg->next_css_serial++;
	INIT_LIST_HEAD(&css->sibling);
	INIT_LIST_HEAD(&css->children);
	INIT_LIST_HEAD(&css->release_node);
	css->parent = parent_css;
	if (parent_css)
		css_get(parent_css);
	else
		css->flags |= CSS_NO_REF;
}

/**
 * css_create_locked - allocate and bring online @ss's css in @cgrp.
 * @cgrp: cgroup (its parent already has @ss's css, unless it is a root)
 * @ss: subsystem
 * @owner: who creates it (owns its files); NULL for root
 *
 * Return: the css, or NULL on ENOMEM / a refusing css_online.
 * Context: cgroup_mutex.
 */
struct cgroup_subsys_state *css_create_locked(struct cgroup *cgrp, const struct cgroup_subsys *ss,
					      const struct ucg_cred *owner)
{
	struct cgroup *parent = cgroup_parent(cgrp);
	struct cgroup_subsys_state *parent_css = parent ? parent->subsys[ss->id] : NULL;
	struct cgroup_subsys_state *css;
	struct ucg *ucg = cgroup_ucg(cgrp);

	css = ss->css_alloc(parent_css, cgrp);
	if (!css)
		return NULL;
	memset(css, 0, sizeof(*css));
	css_init_base(css, ss, cgrp, parent_css);
	css->file_uid = owner ? owner->uid : 0;
	css->file_gid = owner ? owner->gid : 0;
	if (parent_css)
		css_get(&cgrp->self);
	atomic_fetch_add(&ucg->nr_css, 1);
	if (css_online_locked(css)) {
		/* never online: undo by hand, nothing references it yet */
		if (parent_css) {
			css_put(parent_css);
			css_put(&cgrp->self);
		}
		atomic_fetch_sub(&ucg->nr_css, 1);
		ss->css_free(css);
		return NULL;
	}
	if (parent_css)
		list_add_tail(&css->sibling, &parent_css->children);
	return css;
}

/**
 * css_online_locked - run css_online and publish @css in its cgroup.
 * @css: a new css
 *
 * Return: 0 or the callback's -errno.
 * Context: cgroup_mutex.
 */
int css_online_locked(struct cgroup_subsys_state *css)
{
	const struct cgroup_subsys *ss = css->ss;
	struct cgroup_subsys_state *p;
	int ret = 0;

	if (ss->css_online)
		ret = ss->css_online(css);
	if (ret)
		return ret;
	css->flags |= CSS_ONLINE;
	css->cgroup->subsys[ss->id] = css;
	for (p = css->parent; p; p = p->parent)
		p->nr_descendants++;
	return 0;
}

/**
 * css_kill_locked - take a controller css offline and drop its base ref.
 * @css: an online css that is not a root css
 *
 * Context: cgroup_mutex.
 */
void css_kill_locked(struct cgroup_subsys_state *css)
{
	const struct cgroup_subsys *ss = css->ss;
	struct cgroup_subsys_state *p;

	css->flags |= CSS_DYING;
	css->flags &= ~CSS_ONLINE;
	if (ss->css_offline)
		ss->css_offline(css);
	if (css->cgroup->subsys[ss->id] == css) {
		css->cgroup->subsys[ss->id] = NULL;
		cgroup_drop_file_attrs(css->cgroup, ss);
	}
	css->cgroup->nr_dying_subsys[ss->id]++;
	for (p = css->parent; p; p = p->parent) {
		p->nr_descendants--;
		p->cgroup->nr_dying_subsys[ss->id]++;
	}
	css_put(css);
}

/**
 * css_free_locked - free a css whose refcount reached zero (or a root css).
 * @css: css of a subsystem
 *
 * Context: cgroup_mutex.
 */
void css_free_locked(struct cgroup_subsys_state *css)
{
	atomic_fetch_sub(&css_ucg(css)->nr_css, 1);
	css->ss->css_free(css);
}

static void css_release_subsys(struct cgroup_subsys_state *css)
{
	const struct cgroup_subsys *ss = css->ss;
	struct cgroup *cgrp = css->cgroup;
	struct cgroup_subsys_state *parent = css->parent;
	struct cgroup *c;

	if (ss->css_released)
		ss->css_released(css);
	for (c = cgrp; c; c = cgroup_parent(c))
		c->nr_dying_subsys[ss->id]--;
	list_del_init(&css->sibling);
	css_free_locked(css);
	css_put(parent);
	css_put(&cgrp->self);
}

/* A dead cgroup's last reference went: it stops being a dying descendant. */
static void cgroup_release(struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct cgroup *parent = cgroup_parent(cgrp);
	struct cgroup *c;

	for (c = parent; c; c = cgroup_parent(c))
		c->nr_dying_descendants--;
	list_del_init(&cgrp->self.sibling);
	htable_del(&ucg->cgroup_ids, hash_u64(cgrp->id), cgrp);
	cgrp->root->nr_cgrps--;
	atomic_fetch_sub(&ucg->nr_dying, 1);
	cgrp->self.flags |= CSS_RELEASED;
	css_put(&parent->self);
	if (!cgrp->nr_open_files)
		cgroup_free(cgrp);
}

/**
 * cgroup_process_releases - release every css whose last reference went.
 * @ucg: engine
 *
 * Context: cgroup_mutex.
 */
void cgroup_process_releases(struct ucg *ucg)
{
	for (;;) {
		struct cgroup_subsys_state *css = NULL;

		pthread_mutex_lock(&ucg->release_lock);
		if (!list_empty(&ucg->release_queue)) {
			css = list_first_entry(&ucg->release_queue, struct cgroup_subsys_state,
					       release_node);
			list_del_init(&css->release_node);
		}
		pthread_mutex_unlock(&ucg->release_lock);
		if (!css)
			return;
		css->flags |= CSS_RELEASED;
		if (css->ss)
			css_release_subsys(css);
		else
			cgroup_release(css->cgroup);
	}
}

/**
 * cgroup_e_css - the css of @ssid that tasks of @cgrp are charged to.
 * @cgrp: cgroup
 * @ssid: subsystem id
 *
 * Return: @cgrp's own css, or on v2 the nearest ancestor's.
 * Context: cgroup_mutex.
 */
struct cgroup_subsys_state *cgroup_e_css(struct cgroup *cgrp, int ssid)
{
	if (!cgroup_on_dfl(cgrp))
		return cgrp->subsys[ssid];
	/* by the masks: during a subtree_control change they lead the css */
	while (!(cgroup_ss_mask(cgrp) & (1u << ssid))) {
		cgrp = cgroup_parent(cgrp);
		if (!cgrp)
			return NULL;
	}
	return cgrp->subsys[ssid];
}

/**
 * css_next_descendant_pre - pre-order walk step over live and dying css.
 * @pos: current position (NULL to start)
 * @root: root of the walk
 *
 * Return: the next css, NULL at the end.
 */
struct cgroup_subsys_state *css_next_descendant_pre(struct cgroup_subsys_state *pos,
						    struct cgroup_subsys_state *root)
{
	if (!pos)
		return root;
	if (!list_empty(&pos->children))
		return list_first_entry(&pos->children, struct cgroup_subsys_state, sibling);
	while (pos != root) {
		if (pos->sibling.next != &pos->parent->children)
			return list_entry(pos->sibling.next, struct cgroup_subsys_state, sibling);
		pos = pos->parent;
	}
	return NULL;
}

static struct cgroup_subsys_state *css_leftmost_descendant(struct cgroup_subsys_state *pos)
{
	while (!list_empty(&pos->children))
		pos = list_first_entry(&pos->children, struct cgroup_subsys_state, sibling);
	return pos;
}

/**
 * css_next_descendant_post - post-order walk step.
 * @pos: current position (NULL to start)
 * @root: root of the walk (visited last)
 *
 * Return: the next css, NULL at the end.
 */
struct cgroup_subsys_state *css_next_descendant_post(struct cgroup_subsys_state *pos,
						     struct cgroup_subsys_state *root)
{
	if (!pos)
		return css_leftmost_descendant(root);
	if (pos == root)
		return NULL;
	if (pos->sibling.next != &pos->parent->children)
		return css_leftmost_descendant(
			list_entry(pos->sibling.next, struct cgroup_subsys_state, sibling));
	return pos->parent;
}
