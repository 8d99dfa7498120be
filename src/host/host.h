/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host.h - struct host_ops, the seam between the engine and the world.
 *
 * The engine never touches the OS: it asks its host for effects (signals,
 * freezing, the time) through these ops, and the host reports what happened
 * (forks, exits, a task now stopped) through the cgroup_task_* calls in
 * core/cgroup-internal.h.  host-sim implements them for virtual tasks;
 * host-linux (later) for real processes.
 */
#ifndef UCG_HOST_HOST_H
#define UCG_HOST_HOST_H

#include <stdbool.h>
#include <stdint.h>

struct task_struct;

struct host_ops {
	const char *name;
	/* monotonic time in ns (the engine's clock) */
	uint64_t (*now_ns)(void *host);
	/* deliver @sig to thread @task; 0 or -errno */
	int (*signal)(void *host, struct task_struct *task, int sig);
	/*
	 * stop (@freeze) or resume a task for the freezer.  Return 1 when the
	 * task is already in the requested state, 0 when the host will report it
	 * later through cgroup_task_set_frozen(), -errno on failure.
	 * Called with css_set_lock held: must not call back into the engine.
	 */
	int (*freeze)(void *host, struct task_struct *task, bool freeze);
	/* the engine forgets @task (released): drop host data */
	void (*task_free)(void *host, struct task_struct *task);
	/*
	 * the engine meets PID @pid it does not know: register it (and its
	 * thread group) through cgroup_task_fork() if it exists.  Optional.
	 * Return 0 or -ESRCH.  Called with cgroup_mutex held.
	 */
	int (*adopt)(void *host, pid_t pid);
	/* stop the host's own threads; called first by ucg_destroy(), unlocked */
	void (*shutdown)(void *host);
	void (*destroy)(void *host);
};

#endif /* UCG_HOST_HOST_H */
