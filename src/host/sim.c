// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sim.c - host-sim: virtual tasks and a virtual clock, so the whole engine
 * runs deterministically without root or real processes.
 *
 * Tasks fork, clone threads, exit and are reaped on request (ucg_sim_*).
 * Effects the engine asks for are applied the way a real host applies them:
 * a freeze stops a task at once (or, in lazy mode, at the next
 * ucg_sim_settle()); SIGKILL is recorded and the group dies at the next
 * ucg_sim_settle(), since a kill returns before the tasks are gone.  CPU
 * time is what the caller says a thread ran (ucg_sim_run()), charged at the
 * current clock (ucg_sim_advance() moves it), and so is I/O (ucg_sim_io()).
 */
#include <signal.h>
#include <stdlib.h>

#include "controllers/io.h"
#include "core/cgroup-internal.h"

#define SIM_NSIG 65
#define SIM_FIRST_PID 100

struct sim_task {
	struct task_struct *task;
	bool stopped;              /* stopped by the freezer */
	bool want_stopped;         /* pending lazy freeze request */
	bool freeze_pending;
	bool kill_pending;
	int signals[SIM_NSIG];
	struct list_head pending;  /* on sim_host.pending */
};

struct sim_host {
	struct ucg *ucg;
	uint64_t now_ns;
	pid_t next_pid;
	bool lazy_freeze;
	struct list_head pending;  /* tasks with a freeze or kill to apply */
};

static struct sim_host *sim_of(struct ucg *ucg)
{
	return ucg->host;
}

static uint64_t sim_now_ns(void *host)
{
	return ((struct sim_host *)host)->now_ns;
}

static void sim_queue(struct sim_host *h, struct sim_task *st)
{
	if (list_empty(&st->pending))
		list_add_tail(&st->pending, &h->pending);
}

static int sim_signal(void *host, struct task_struct *task, int sig)
{
	struct sim_task *st = task->host_priv;

	if (sig <= 0 || sig >= SIM_NSIG)
		return -EINVAL;
	st->signals[sig]++;
	if (sig == SIGKILL) {
		st->kill_pending = true;
		sim_queue(host, st);
	}
	return 0;
}

static int sim_freeze(void *host, struct task_struct *task, bool freeze)
{
	struct sim_host *h = host;
	struct sim_task *st = task->host_priv;

	if (!h->lazy_freeze) {
		st->stopped = freeze;
		st->freeze_pending = false;
		return 1;
	}
	st->want_stopped = freeze;
	st->freeze_pending = true;
	sim_queue(h, st);
	return 0;
}

static void sim_task_free(void *host, struct task_struct *task)
{
	struct sim_task *st = task->host_priv;

	(void)host;
	list_del_init(&st->pending);
	free(st);
}

static void sim_destroy(void *host)
{
	free(host);
}

static const struct host_ops sim_host_ops = {
	.name = "sim",
	.now_ns = sim_now_ns,
	.signal = sim_signal,
	.freeze = sim_freeze,
	.task_free = sim_task_free,
	.destroy = sim_destroy,
};

struct ucg *ucg_new_sim(void)
{
	struct sim_host *h = calloc(1, sizeof(*h));
	struct ucg *ucg;

	if (!h)
		return NULL;
	h->next_pid = SIM_FIRST_PID;
	h->now_ns = 1000000000ULL;
	INIT_LIST_HEAD(&h->pending);
	ucg = cgroup_engine_new(&sim_host_ops, h);
	if (ucg)
		h->ucg = ucg;
	return ucg;
}

/* Create a task in @parent's css_sets.  Context: cgroup_mutex. */
static int sim_spawn(struct ucg *ucg, struct task_struct *parent, pid_t tgid, uid_t uid,
		     pid_t *out)
{
	struct sim_host *h = sim_of(ucg);
	struct sim_task *st = calloc(1, sizeof(*st));
	struct task_struct *task;
	pid_t pid = h->next_pid++;
	int ret;

	if (!st)
		return -ENOMEM;
	INIT_LIST_HEAD(&st->pending);
	ret = cgroup_task_fork(ucg, parent, pid, tgid ? tgid : pid, uid, st, &task);
	if (ret) {
		free(st);
		return ret;
	}
	st->task = task;
	*out = pid;
	return 0;
}

static struct task_struct *sim_find_live(struct ucg *ucg, pid_t pid)
{
	struct task_struct *t = cgroup_task_find(ucg, pid);

	return t && !t->exiting ? t : NULL;
}

/* A process sent SIGKILL is dying: it cannot fork (the kernel's fork fails
 * with a fatal signal pending).  Deviation: stands in for cgroup.kill's
 * kill_seq race check, see docs/deviations.md. */
static bool sim_dying(struct task_struct *t)
{
	return ((struct sim_task *)t->group_leader->host_priv)->kill_pending;
}

int ucg_sim_fork(struct ucg *ucg, pid_t parent, uid_t uid, pid_t *pid)
{
	struct task_struct *p = NULL;
	int ret = -ESRCH;

	cgroup_lock(ucg);
	if (parent && !(p = sim_find_live(ucg, parent)))
		goto out;
	ret = -EINTR;
	if (p && sim_dying(p))
		goto out;
	ret = sim_spawn(ucg, p, 0, uid, pid);
out:
	cgroup_unlock(ucg);
	return ret;
}

int ucg_sim_clone_thread(struct ucg *ucg, pid_t pid, pid_t *tid)
{
	struct task_struct *p;
	int ret = -ESRCH;

	cgroup_lock(ucg);
	p = sim_find_live(ucg, pid);
	if (p)
		ret = sim_dying(p) ? -EINTR : sim_spawn(ucg, p, p->tgid, p->uid, tid);
	cgroup_unlock(ucg);
	return ret;
}

/* Thread @t exits; a non-leader is reaped at once.  Context: cgroup_mutex. */
static void sim_exit_locked(struct ucg *ucg, struct task_struct *t)
{
	cgroup_task_exit(ucg, t);
	if (t->group_leader != t)
		cgroup_task_release(ucg, t);
}

int ucg_sim_exit(struct ucg *ucg, pid_t tid)
{
	struct task_struct *t;
	int ret = -ESRCH;

	cgroup_lock(ucg);
	t = sim_find_live(ucg, tid);
	if (t) {
		sim_exit_locked(ucg, t);
		ret = 0;
	}
	cgroup_unlock(ucg);
	return ret;
}

static void sim_exit_group_locked(struct ucg *ucg, struct task_struct *leader)
{
	struct task_struct *t, *n;

	list_for_each_entry_safe(t, n, &leader->threads, thread_node) {
		if (!t->exiting)
			sim_exit_locked(ucg, t);
	}
	if (!leader->exiting)
		sim_exit_locked(ucg, leader);
}

int ucg_sim_exit_group(struct ucg *ucg, pid_t pid)
{
	struct task_struct *t;
	int ret = -ESRCH;

	cgroup_lock(ucg);
	t = cgroup_task_find(ucg, pid);
	if (t && t->group_leader->live > 0) {
		sim_exit_group_locked(ucg, t->group_leader);
		ret = 0;
	}
	cgroup_unlock(ucg);
	return ret;
}

int ucg_sim_reap(struct ucg *ucg, pid_t pid)
{
	struct task_struct *t;
	int ret = -ESRCH;

	cgroup_lock(ucg);
	t = cgroup_task_find(ucg, pid);
	if (t && t->group_leader == t) {
		ret = -EBUSY;
		if (t->exiting && t->live == 0) {
			cgroup_task_release(ucg, t);
			ret = 0;
		}
	}
	cgroup_unlock(ucg);
	return ret;
}

int ucg_sim_state(struct ucg *ucg, pid_t tid)
{
	struct task_struct *t;
	int ret = -ESRCH;

	cgroup_lock(ucg);
	t = cgroup_task_find(ucg, tid);
	if (t) {
		struct sim_task *st = t->host_priv;

		ret = t->exiting ? UCG_SIM_ZOMBIE : st->stopped ? UCG_SIM_FROZEN : UCG_SIM_RUNNING;
	}
	cgroup_unlock(ucg);
	return ret;
}

int ucg_sim_signals(struct ucg *ucg, pid_t tid, int sig)
{
	struct task_struct *t;
	int ret = -ESRCH;

	if (sig <= 0 || sig >= SIM_NSIG)
		return -EINVAL;
	cgroup_lock(ucg);
	t = cgroup_task_find(ucg, tid);
	if (t)
		ret = ((struct sim_task *)t->host_priv)->signals[sig];
	cgroup_unlock(ucg);
	return ret;
}

void ucg_sim_set_lazy_freeze(struct ucg *ucg, bool lazy)
{
	cgroup_lock(ucg);
	sim_of(ucg)->lazy_freeze = lazy;
	cgroup_unlock(ucg);
}

/* Apply one queued effect.  Context: cgroup_mutex. */
static void sim_apply(struct ucg *ucg, struct sim_task *st)
{
	struct task_struct *t = st->task;

	if (st->kill_pending) {
		st->kill_pending = false;
		if (t->group_leader->live > 0)
			sim_exit_group_locked(ucg, t->group_leader);
		return; /* @st may be gone now */
	}
	if (st->freeze_pending) {
		st->freeze_pending = false;
		st->stopped = st->want_stopped;
		pthread_mutex_lock(&ucg->css_set_lock);
		cgroup_task_set_frozen(ucg, t, st->stopped);
		pthread_mutex_unlock(&ucg->css_set_lock);
	}
}

void ucg_sim_settle(struct ucg *ucg)
{
	struct sim_host *h = sim_of(ucg);

	cgroup_lock(ucg);
	while (!list_empty(&h->pending)) {
		struct sim_task *st = list_first_entry(&h->pending, struct sim_task, pending);

		list_del_init(&st->pending);
		sim_apply(ucg, st);
	}
	cgroup_unlock(ucg);
}

void ucg_sim_advance(struct ucg *ucg, uint64_t ns)
{
	cgroup_lock(ucg);
	sim_of(ucg)->now_ns += ns;
	cgroup_unlock(ucg);
}

int ucg_sim_run(struct ucg *ucg, pid_t tid, uint64_t user_ns, uint64_t system_ns)
{
	struct task_struct *t;
	int ret = -ESRCH;

	cgroup_lock(ucg);
	t = sim_find_live(ucg, tid);
	if (t) {
		cgroup_account_cputime(t, user_ns, system_ns);
		ret = 0;
	}
	cgroup_unlock(ucg);
	return ret;
}

int64_t ucg_sim_io(struct ucg *ucg, pid_t tid, unsigned int major, unsigned int minor, int rw,
		   uint64_t bytes)
{
	struct task_struct *t;
	int64_t ret = -ESRCH;

	cgroup_lock(ucg);
	t = sim_find_live(ucg, tid);
	if (t)
		ret = blkcg_account_io(t, major, minor, rw, bytes);
	cgroup_unlock(ucg);
	return ret;
}
