// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dfl.c - the v2 (unified hierarchy) rules: domain and threaded cgroups, the
 * no-internal-process constraint, and applying a cgroup.subtree_control
 * change to the subtree (kernel: cgroup_is_valid_domain,
 * cgroup_can_be_thread_root, cgroup_migrate_vet_dst, cgroup_save_control,
 * cgroup_propagate_control, cgroup_apply_control, cgroup_finalize_control).
 */
#include "cgroup-internal.h"

/* Threaded controllers (cpu, cpuset, perf_event, pids among the built ones). */
ss_mask_t have_threaded_mask(void)
{
	const struct cgroup_subsys *ss;
	ss_mask_t mask = 0;
	int ssid;

	for_each_subsys(ss, ssid) {
		if (ss->threaded)
			mask |= 1u << ssid;
	}
	return mask;
}

/* Controllers without a v2 interface (cpuacct, devices, freezer...). */
static ss_mask_t dfl_inhibit_mask(void)
{
	const struct cgroup_subsys *ss;
	ss_mask_t mask = 0;
	int ssid;

	for_each_subsys(ss, ssid) {
		if (!ss->dfl_cftypes || ss->legacy_only)
			mask |= 1u << ssid;
	}
	return mask;
}

bool cgroup_is_threaded(const struct cgroup *cgrp)
{
	return cgrp->dom_cgrp != cgrp;
}

/* The root may host both domains and threads. */
bool cgroup_is_mixable(const struct cgroup *cgrp)
{
	return !cgroup_parent(cgrp);
}

/* Can @cgrp become a thread root?  Only threaded controllers enabled, no
 * populated domain children. */
bool cgroup_can_be_thread_root(const struct cgroup *cgrp)
{
	if (cgroup_is_mixable(cgrp))
		return true;
	if (cgroup_is_threaded(cgrp))
		return false;
	if (cgrp->nr_populated_domain_children)
		return false;
	if (cgrp->subtree_control & ~have_threaded_mask())
		return false;
	return true;
}

/* Is @cgrp the domain of a threaded subtree? */
bool cgroup_is_thread_root(const struct cgroup *cgrp)
{
	if (cgroup_is_threaded(cgrp))
		return false;
	if (cgrp->nr_threaded_children)
		return true;
	if (cgroup_has_tasks(cgrp) && (cgrp->subtree_control & have_threaded_mask()))
		return true;
	return false;
}

/* A domain that can host resources: not under a thread root or threaded cgroup. */
bool cgroup_is_valid_domain(const struct cgroup *cgrp)
{
	if (cgroup_is_threaded(cgrp))
		return false;
	while ((cgrp = cgroup_parent(cgrp))) {
		if (!cgroup_is_mixable(cgrp) && cgroup_is_thread_root(cgrp))
			return false;
		if (cgroup_is_threaded(cgrp))
			return false;
	}
	return true;
}

/**
 * cgroup_control - the controllers @cgrp may enable (cgroup.controllers).
 * @cgrp: cgroup
 *
 * Return: the parent's subtree_control (threaded ones only in a threaded
 * cgroup); at a root, every controller bound there minus inhibited ones.
 */
ss_mask_t cgroup_control(const struct cgroup *cgrp)
{
	struct cgroup *parent = cgroup_parent(cgrp);
	ss_mask_t mask;

	if (parent) {
		mask = parent->subtree_control;
		if (cgroup_is_threaded(cgrp))
			mask &= have_threaded_mask();
		return mask;
	}
	mask = cgrp->root->subsys_mask;
	if (cgroup_on_dfl(cgrp))
		mask &= ~dfl_inhibit_mask();
	return mask;
}

/**
 * cgroup_ss_mask - the controllers that have a css in @cgrp (control plus
 * dependencies).
 * @cgrp: cgroup
 */
ss_mask_t cgroup_ss_mask(const struct cgroup *cgrp)
{
	struct cgroup *parent = cgroup_parent(cgrp);
	ss_mask_t mask;

	if (parent) {
		mask = parent->subtree_ss_mask;
		if (cgroup_is_threaded(cgrp))
			mask &= have_threaded_mask();
		return mask;
	}
	return cgrp->root->subsys_mask;
}

/**
 * cgroup_calc_subtree_ss_mask - close @subtree_control over dependencies.
 * @subtree_control: enabled controllers
 * @this_ss_mask: controllers available in the cgroup
 */
ss_mask_t cgroup_calc_subtree_ss_mask(ss_mask_t subtree_control, ss_mask_t this_ss_mask)
{
	ss_mask_t cur = subtree_control, prev;
	const struct cgroup_subsys *ss;
	int ssid;

	do {
		ss_mask_t add = 0;

		prev = cur;
		for_each_subsys(ss, ssid) {
			if (cur & (1u << ssid))
				add |= ss->depends_on;
		}
		cur |= add & this_ss_mask;
	} while (cur != prev);
	return cur;
}

/**
 * cgroup_migrate_vet_dst - may tasks be migrated into @dst_cgrp?
 * @dst_cgrp: destination
 *
 * Return: 0, -EOPNOTSUPP (not a valid domain), -EBUSY (no internal processes).
 */
int cgroup_migrate_vet_dst(struct cgroup *dst_cgrp)
{
	if (!cgroup_on_dfl(dst_cgrp))
		return 0;
	if (!cgroup_is_valid_domain(dst_cgrp->dom_cgrp))
		return -EOPNOTSUPP;
	if (cgroup_is_mixable(dst_cgrp))
		return 0;
	if (cgroup_can_be_thread_root(dst_cgrp) || cgroup_is_threaded(dst_cgrp))
		return 0;
	if (dst_cgrp->subtree_control)
		return -EBUSY;
	return 0;
}

#define cgroup_for_each_live_descendant_pre(dsct, pos, cgrp)                          \
	css_for_each_descendant_pre(pos, &(cgrp)->self)                                \
		if (((dsct) = (pos)->cgroup), cgroup_is_dead(dsct)) {                   \
		} else

#define cgroup_for_each_live_descendant_post(dsct, pos, cgrp)                         \
	css_for_each_descendant_post(pos, &(cgrp)->self)                               \
		if (((dsct) = (pos)->cgroup), cgroup_is_dead(dsct)) {                   \
		} else

/**
 * cgroup_save_control - remember the control masks of @cgrp's subtree.
 * @cgrp: cgroup about to change
 */
void cgroup_save_control(struct cgroup *cgrp)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *dsct;

	cgroup_for_each_live_descendant_pre(dsct, pos, cgrp) {
		dsct->old_subtree_control = dsct->subtree_control;
		dsct->old_subtree_ss_mask = dsct->subtree_ss_mask;
		dsct->old_dom_cgrp = dsct->dom_cgrp;
	}
}

static void cgroup_restore_control(struct cgroup *cgrp)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *dsct;

	cgroup_for_each_live_descendant_post(dsct, pos, cgrp) {
		dsct->subtree_control = dsct->old_subtree_control;
		dsct->subtree_ss_mask = dsct->old_subtree_ss_mask;
		dsct->dom_cgrp = dsct->old_dom_cgrp;
	}
}

/* Recompute every subtree_ss_mask below @cgrp (a child can only keep what
 * its cgroup.controllers still offers). */
static void cgroup_propagate_control(struct cgroup *cgrp)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *dsct;

	cgroup_for_each_live_descendant_pre(dsct, pos, cgrp) {
		dsct->subtree_control &= cgroup_control(dsct);
		dsct->subtree_ss_mask =
			cgroup_calc_subtree_ss_mask(dsct->subtree_control, cgroup_ss_mask(dsct));
	}
}

/* Create the css that the new masks call for. */
static int cgroup_apply_control_enable(struct cgroup *cgrp, const struct ucg_cred *cred)
{
	struct cgroup_subsys_state *pos;
	const struct cgroup_subsys *ss;
	struct cgroup *dsct;
	int ssid;

	cgroup_for_each_live_descendant_pre(dsct, pos, cgrp) {
		for_each_subsys(ss, ssid) {
			if (!(cgroup_ss_mask(dsct) & (1u << ssid)) || dsct->subsys[ssid])
				continue;
			if (!css_create_locked(dsct, ss, cred))
				return -ENOMEM;
		}
	}
	return 0;
}

/* Kill the css the masks no longer call for; reset hidden ones. */
static void cgroup_apply_control_disable(struct cgroup *cgrp)
{
	struct cgroup_subsys_state *pos;
	const struct cgroup_subsys *ss;
	struct cgroup *dsct;
	int ssid;

	cgroup_for_each_live_descendant_post(dsct, pos, cgrp) {
		for_each_subsys(ss, ssid) {
			struct cgroup_subsys_state *css = dsct->subsys[ssid];

			if (!css || !css->parent)
				continue;
			if (!(cgroup_ss_mask(dsct) & (1u << ssid)))
				css_kill_locked(css);
			else if (!(cgroup_control(dsct) & (1u << ssid)) && ss->css_reset)
				ss->css_reset(css);
		}
	}
}

/**
 * cgroup_apply_control_locked - make @cgrp's subtree match the new masks:
 * create css, then move tasks onto css_sets using them.
 * @cgrp: cgroup whose control changed
 * @cred: the writer (owns files of new css)
 *
 * Return: 0 or -errno; on failure call cgroup_finalize_control_locked() with
 * it to roll back.
 * Context: cgroup_mutex.
 */
int cgroup_apply_control_locked(struct cgroup *cgrp, const struct ucg_cred *cred)
{
	int ret;

	cgroup_propagate_control(cgrp);
	ret = cgroup_apply_control_enable(cgrp, cred);
	if (ret)
		return ret;
	return cgroup_update_dfl_csses_locked(cgrp);
}

/**
 * cgroup_finalize_control_locked - finish (or roll back, @ret != 0) a change.
 * @cgrp: cgroup whose control changed
 * @ret: result of cgroup_apply_control_locked()
 *
 * Context: cgroup_mutex.
 */
void cgroup_finalize_control_locked(struct cgroup *cgrp, int ret)
{
	if (ret) {
		cgroup_restore_control(cgrp);
		cgroup_propagate_control(cgrp);
	}
	cgroup_apply_control_disable(cgrp);
}
