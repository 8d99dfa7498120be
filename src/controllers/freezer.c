// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * freezer.c - the v1 freezer controller (kernel: kernel/cgroup/legacy_freezer.c,
 * Documentation/admin-guide/cgroup-v1/freezer-subsystem.rst).
 *
 * Writing FROZEN to freezer.state asks every task of the cgroup and of its
 * descendants to stop; THAWED withdraws the cgroup's own request.  A cgroup
 * is FREEZING while it (freezer.self_freezing) or an ancestor
 * (freezer.parent_freezing) asks, and FROZEN once every task in it is
 * stopped and every live child is FROZEN; that last step is evaluated
 * lazily, bottom-up, when freezer.state is read, and stays until the cgroup
 * thaws or a task moves in.  Legacy only: inhibited on v2, the root is never
 * freezable (spec section 8.3).
 *
 * The stopping itself is the core's, shared with the v2 cgroup.freeze: this
 * file only says which tasks it wants stopped (->freezing) and asks the core
 * to re-evaluate them (cgroup_task_update_freeze()); the core ORs that with
 * the v2 freeze and re-evaluates by itself whenever a task changes css_set
 * (fork, migration), which is how a task moved into a FREEZING cgroup stops
 * and one moved out resumes (kernel: freezer_attach, freezer_fork).
 *
 * freezer->state is protected by cgroup_mutex (the kernel's freezer_mutex).
 */
#include <errno.h>
#include <string.h>

#include "core/cgroup.h"
#include "lib/parse.h"

enum freezer_state_flags {
	CGROUP_FREEZING_SELF = (1 << 0),   /* FROZEN was written here */
	CGROUP_FREEZING_PARENT = (1 << 1), /* an ancestor is freezing */
	CGROUP_FROZEN = (1 << 2),          /* this and every descendant frozen */

	CGROUP_FREEZING = CGROUP_FREEZING_SELF | CGROUP_FREEZING_PARENT,
};

struct freezer {
	struct cgroup_subsys_state css; /* must be first */
	unsigned int state;             /* CGROUP_FREEZING_*, CGROUP_FROZEN; cgroup_mutex */
};

static struct freezer *css_freezer(struct cgroup_subsys_state *css)
{
	return css ? container_of(css, struct freezer, css) : NULL;
}

static struct freezer *parent_freezer(struct freezer *freezer)
{
	return css_freezer(freezer->css.parent);
}

static const char *freezer_state_str(unsigned int state)
{
	if (state & CGROUP_FROZEN)
		return "FROZEN";
	if (state & CGROUP_FREEZING)
		return "FREEZING";
	return "THAWED";
}

static struct cgroup_subsys_state *freezer_css_alloc(struct cgroup_subsys_state *parent_css,
						     struct cgroup *cgrp)
{
	struct freezer *freezer = cgroup_zalloc(cgroup_ucg(cgrp), sizeof(*freezer));

	return freezer ? &freezer->css : NULL;
}

/* A child of a freezing cgroup starts freezing, and frozen: it is empty. */
static int freezer_css_online(struct cgroup_subsys_state *css)
{
	struct freezer *freezer = css_freezer(css);
	struct freezer *parent = parent_freezer(freezer);

	if (parent && (parent->state & CGROUP_FREEZING))
		freezer->state |= CGROUP_FREEZING_PARENT | CGROUP_FROZEN;
	return 0;
}

/* Only an empty cgroup goes offline: no task to thaw. */
static void freezer_css_offline(struct cgroup_subsys_state *css)
{
	css_freezer(css)->state = 0;
}

static void freezer_css_free(struct cgroup_subsys_state *css)
{
	cgroup_kfree(css_ucg(css), css_freezer(css), sizeof(struct freezer));
}

/* ->freezing: the tasks of a FREEZING (or FROZEN) cgroup are to be stopped. */
static bool freezer_freezing(struct task_struct *task)
{
	struct freezer *freezer = css_freezer(task->cgroups->subsys[freezer_cgrp_id]);

	return freezer && (freezer->state & CGROUP_FREEZING);
}

/* A task that is not (yet) stopped joined @freezer: FROZEN no longer holds
 * here nor above; the next read re-evaluates. */
static void freezer_clear_frozen_upwards(struct freezer *freezer)
{
	while (freezer && (freezer->state & CGROUP_FROZEN)) {
		freezer->state &= ~CGROUP_FROZEN;
		freezer = parent_freezer(freezer);
	}
}

/*
 * The core has already stopped or resumed each task as its new cgroup wants
 * (it re-evaluates on every css_set switch); what is left is the state.  As
 * the kernel, any task moving into a freezing cgroup drops it to FREEZING,
 * even one already stopped: the next read finds it FROZEN again.
 */
static void freezer_attach(struct cgroup_taskset *tset)
{
	struct cgroup_subsys_state *dst_css, *src_css;
	struct task_struct *task;

	cgroup_taskset_for_each(task, dst_css, src_css, tset) {
		struct freezer *freezer = css_freezer(dst_css);

		if (freezer->state & CGROUP_FREEZING)
			freezer_clear_frozen_upwards(freezer);
	}
}

/*
 * A task forked into a freezing cgroup was asked to stop by the core.  The
 * kernel need not touch FROZEN here (a frozen cgroup's tasks cannot fork),
 * but our hosts report forks after the fact and may stop the child later
 * (lazy simulation): until it is stopped the cgroup is only FREEZING.
 */
static void freezer_fork(struct task_struct *task)
{
	struct freezer *freezer = css_freezer(task->cgroups->subsys[freezer_cgrp_id]);

	if (freezer && (freezer->state & CGROUP_FREEZING) && !task->frozen)
		freezer_clear_frozen_upwards(freezer);
}

static void freezer_task_not_frozen(struct task_struct *task, void *arg)
{
	if (!task->frozen)
		*(bool *)arg = false;
}

/* FREEZING -> FROZEN when every live child is FROZEN and every task of this
 * cgroup is stopped.  Children first: the caller walks post-order. */
static void freezer_update_if_frozen(struct freezer *freezer)
{
	struct cgroup_subsys_state *pos;
	bool all_frozen = true;

	if (!(freezer->state & CGROUP_FREEZING) || (freezer->state & CGROUP_FROZEN))
		return;
	list_for_each_entry(pos, &freezer->css.children, sibling) {
		if (css_is_online(pos) && !(css_freezer(pos)->state & CGROUP_FROZEN))
			return;
	}
	css_for_each_task(&freezer->css, freezer_task_not_frozen, &all_frozen);
	if (all_frozen)
		freezer->state |= CGROUP_FROZEN;
}

static int freezer_state_show(struct ucg_file *of, struct sbuf *sb)
{
	struct cgroup_subsys_state *css = of_css(of), *pos;

	css_for_each_descendant_post(pos, css) {
		if (css_is_online(pos))
			freezer_update_if_frozen(css_freezer(pos));
	}
	sbuf_printf(sb, "%s\n", freezer_state_str(css_freezer(css)->state));
	return 0;
}

/* css_for_each_task() callback: stop or resume @task as its freezer now wants. */
static void freezer_update_task(struct task_struct *task, void *arg)
{
	cgroup_task_update_freeze(task);
}

/* Set or clear @flag on @freezer; stop or resume its tasks when FREEZING
 * starts or ends. */
static void freezer_apply_state(struct freezer *freezer, bool freeze, unsigned int flag)
{
	unsigned int was_freezing = freezer->state & CGROUP_FREEZING;

	if (freeze) {
		freezer->state |= flag;
	} else {
		freezer->state &= ~flag;
		if (!(freezer->state & CGROUP_FREEZING))
			freezer->state &= ~CGROUP_FROZEN;
	}
	if (!was_freezing != !(freezer->state & CGROUP_FREEZING))
		css_for_each_task(&freezer->css, freezer_update_task, NULL);
}

/* Set @freezer's own request and let every descendant inherit, pre-order. */
static void freezer_change_state(struct freezer *freezer, bool freeze)
{
	struct cgroup_subsys_state *pos;

	css_for_each_descendant_pre(pos, &freezer->css) {
		struct freezer *pos_f = css_freezer(pos);

		if (!css_is_online(pos))
			continue;
		if (pos_f == freezer)
			freezer_apply_state(pos_f, freeze, CGROUP_FREEZING_SELF);
		else
			freezer_apply_state(pos_f, parent_freezer(pos_f)->state & CGROUP_FREEZING,
					    CGROUP_FREEZING_PARENT);
	}
}

/* freezer.state: "THAWED" or "FROZEN" after strstrip; anything else EINVAL. */
static ssize_t freezer_state_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	bool freeze;

	buf = strstrip(buf);
	if (!strcmp(buf, freezer_state_str(0)))
		freeze = false;
	else if (!strcmp(buf, freezer_state_str(CGROUP_FROZEN)))
		freeze = true;
	else
		return -EINVAL;
	freezer_change_state(css_freezer(of_css(of)), freeze);
	return (ssize_t)nbytes;
}

/* freezer.self_freezing (.private CGROUP_FREEZING_SELF) and
 * freezer.parent_freezing (.private CGROUP_FREEZING_PARENT). */
static uint64_t freezer_flag_read(struct cgroup_subsys_state *css, const struct cftype *cft)
{
	return !!(css_freezer(css)->state & cft->private);
}

static const struct cftype freezer_files[] = {
	{
		.name = "state",
		.seq_show = freezer_state_show,
		.write = freezer_state_write,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "self_freezing",
		.read_u64 = freezer_flag_read,
		.private = CGROUP_FREEZING_SELF,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "parent_freezing",
		.read_u64 = freezer_flag_read,
		.private = CGROUP_FREEZING_PARENT,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{ } /* terminate */
};

const struct cgroup_subsys freezer_cgrp_subsys = {
	.css_alloc = freezer_css_alloc,
	.css_online = freezer_css_online,
	.css_offline = freezer_css_offline,
	.css_free = freezer_css_free,
	.attach = freezer_attach,
	.fork = freezer_fork,
	.freezing = freezer_freezing,
	.legacy_only = true,
	.id = freezer_cgrp_id,
	.name = "freezer",
	.legacy_name = "freezer",
	.legacy_cftypes = freezer_files,
};
