// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * engine.c - struct ucg: creation, teardown, locks, the counted allocator,
 * change notification.  Everything the engine owns hangs off one struct ucg,
 * so any number of engines can live in one process (no globals), as a test
 * suite needs.
 */
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"

const struct cgroup_subsys *const cgroup_subsys[CGROUP_SUBSYS_COUNT] = {
#define SUBSYS(_x) [_x##_cgrp_id] = &_x##_cgrp_subsys,
#include "cgroup_subsys.h"
#undef SUBSYS
};

/**
 * cgroup_zalloc - allocate zeroed engine memory.
 * @ucg: engine (counts the bytes; may inject failures)
 * @size: bytes
 *
 * Return: the memory or NULL (ENOMEM, real or injected).
 */
void *cgroup_zalloc(struct ucg *ucg, size_t size)
{
	long c = atomic_load(&ucg->fail_alloc_countdown);

	if (c > 0 && atomic_fetch_sub(&ucg->fail_alloc_countdown, 1) == 1)
		return NULL;
	void *p = calloc(1, size);

	if (p)
		atomic_fetch_add(&ucg->bytes_in_use, (long)size);
	return p;
}

/**
 * cgroup_kfree - free memory from cgroup_zalloc().
 * @ucg: engine
 * @p: memory (NULL is fine)
 * @size: the size it was allocated with
 */
void cgroup_kfree(struct ucg *ucg, void *p, size_t size)
{
	if (!p)
		return;
	atomic_fetch_sub(&ucg->bytes_in_use, (long)size);
	free(p);
}

/**
 * cgroup_strdup - duplicate a string with the engine's allocator.
 * @ucg: engine
 * @s: string
 *
 * Return: the copy or NULL on ENOMEM.
 */
char *cgroup_strdup(struct ucg *ucg, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = cgroup_zalloc(ucg, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/**
 * cgroup_free_str - free a string from cgroup_strdup().
 * @ucg: engine
 * @s: string (NULL is fine)
 */
void cgroup_free_str(struct ucg *ucg, char *s)
{
	if (s)
		cgroup_kfree(ucg, s, strlen(s) + 1);
}

void ucg_debug_fail_alloc(struct ucg *ucg, long nth)
{
	atomic_store(&ucg->fail_alloc_countdown, nth > 0 ? nth : 0);
}

int ucg_debug_fail_hook(struct ucg *ucg, const char *controller, const char *hook, int err)
{
	const struct cgroup_subsys *ss;
	int ssid, ret = -EINVAL;

	cgroup_lock(ucg);
	for_each_subsys(ss, ssid) {
		if (strcmp(ss->name, controller))
			continue;
		ret = 0;
		if (!strcmp(hook, "can_attach"))
			ucg->fail_can_attach[ssid] = err;
		else if (!strcmp(hook, "can_fork"))
			ucg->fail_can_fork[ssid] = err;
		else
			ret = -EINVAL;
	}
	cgroup_unlock(ucg);
	return ret;
}

/**
 * cgroup_lock - take cgroup_mutex.
 * @ucg: engine
 */
void cgroup_lock(struct ucg *ucg)
{
	pthread_mutex_lock(&ucg->cgroup_mutex);
}

/**
 * cgroup_unlock - process queued css releases, then drop cgroup_mutex.
 * @ucg: engine
 *
 * Context: cgroup_mutex held.  Releases run here, as the kernel's release
 * work items would run after the operation that dropped the last reference.
 */
void cgroup_unlock(struct ucg *ucg)
{
	cgroup_process_releases(ucg);
	pthread_mutex_unlock(&ucg->cgroup_mutex);
}

struct ucg *css_ucg(const struct cgroup_subsys_state *css)
{
	return css->cgroup->root->ucg;
}

struct ucg *cgroup_ucg(const struct cgroup *cgrp)
{
	return cgrp->root->ucg;
}

void *cgroup_ss_priv(struct ucg *ucg, int ssid)
{
	return ucg->ss_priv[ssid];
}

void cgroup_set_ss_priv(struct ucg *ucg, int ssid, void *priv)
{
	ucg->ss_priv[ssid] = priv;
}

uint64_t cgroup_now_ns(struct ucg *ucg)
{
	return ucg->host_ops->now_ns(ucg->host);
}

void ucg_set_notify(struct ucg *ucg, ucg_notify_fn fn, void *arg)
{
	cgroup_lock(ucg);
	ucg->notify_fn = fn;
	ucg->notify_arg = arg;
	cgroup_unlock(ucg);
}

void ucg_set_release_agent_fn(struct ucg *ucg, ucg_release_fn fn, void *arg)
{
	cgroup_lock(ucg);
	ucg->release_fn = fn;
	ucg->release_arg = arg;
	cgroup_unlock(ucg);
}

/**
 * cgroup_file_notify - report that file @name of @cgrp changed.
 * @cgrp: cgroup
 * @name: full file name ("cgroup.events")
 *
 * Context: any engine lock may be held; the callback must not re-enter.
 * Deviation: no 10 ms rate limit here; that is the frontend's (docs/deviations.md).
 */
void cgroup_file_notify(struct cgroup *cgrp, const char *name)
{
	struct ucg *ucg = cgroup_ucg(cgrp);

	const struct cftype *cft;

	if (!ucg->notify_fn || cgroup_is_dead(cgrp))
		return;
	cft = cgroup_find_file(cgrp, name, NULL);
	ucg->notify_fn(ucg->notify_arg, cgrp->root->hierarchy_id, cgrp->id,
		       cft ? cgroup_file_ino(cgrp, cft) : 0, name);
}

void ucg_get_counters(struct ucg *ucg, struct ucg_counters *out)
{
	struct cgroup_root *root;

	memset(out, 0, sizeof(*out));
	out->nr_cgroups = (uint64_t)atomic_load(&ucg->nr_cgroups);
	out->nr_dying = (uint64_t)atomic_load(&ucg->nr_dying);
	out->nr_css = (uint64_t)atomic_load(&ucg->nr_css);
	out->nr_css_sets = (uint64_t)atomic_load(&ucg->nr_css_sets);
	out->nr_tasks = (uint64_t)atomic_load(&ucg->nr_tasks);
	out->bytes_in_use = (uint64_t)atomic_load(&ucg->bytes_in_use);
	cgroup_lock(ucg);
	list_for_each_entry(root, &ucg->roots, root_list)
		out->nr_hierarchies++;
	cgroup_unlock(ucg);
}

static int ucg_init_tables(struct ucg *ucg)
{
	if (htable_init(&ucg->cgroup_names, 64) || htable_init(&ucg->cgroup_ids, 64) ||
	    htable_init(&ucg->tasks, 64) || htable_init(&ucg->css_sets, 64))
		return -ENOMEM;
	return 0;
}

static void ucg_fini_tables(struct ucg *ucg)
{
	htable_fini(&ucg->cgroup_names);
	htable_fini(&ucg->cgroup_ids);
	htable_fini(&ucg->tasks);
	htable_fini(&ucg->css_sets);
}

/**
 * cgroup_engine_new - create an engine over a host backend.
 * @ops: the host's operations
 * @host: the host's data (destroyed with the engine through ops->destroy)
 *
 * Return: the engine, or NULL on ENOMEM.
 */
struct ucg *cgroup_engine_new(const struct host_ops *ops, void *host)
{
	struct ucg *ucg = calloc(1, sizeof(*ucg));
	int ssid;
	const struct cgroup_subsys *ss;

	if (!ucg)
		return NULL;
	pthread_mutex_init(&ucg->cgroup_mutex, NULL);
	pthread_mutex_init(&ucg->css_set_lock, NULL);
	pthread_mutex_init(&ucg->release_lock, NULL);
	INIT_LIST_HEAD(&ucg->roots);
	INIT_LIST_HEAD(&ucg->release_queue);
	ucg->host_ops = ops;
	ucg->host = host;
	ucg->next_hierarchy_id = 1;
	ucg->next_cgroup_id = 1;
	ucg->next_css_serial = 1;
	if (ucg_init_tables(ucg))
		goto err_free;
	for_each_subsys(ss, ssid) {
		if (ss->engine_init && ss->engine_init(ucg))
			goto err_free;
	}
	cgroup_lock(ucg);
	if (cgroup_init_root(ucg, &ucg->dfl_root, 0)) {
		cgroup_unlock(ucg);
		goto err_free;
	}
	cgroup_unlock(ucg);
	return ucg;

err_free:
	ucg_destroy(ucg);
	return NULL;
}

/**
 * ucg_destroy - tear an engine down with everything it owns.
 * @ucg: engine (NULL is fine)
 */
void ucg_destroy(struct ucg *ucg)
{
	struct cgroup_root *root, *tmp;
	const struct cgroup_subsys *ss;
	int ssid;

	if (!ucg)
		return;
	if (ucg->host_ops && ucg->host_ops->shutdown)
		ucg->host_ops->shutdown(ucg->host);
	cgroup_lock(ucg);
	if (ucg->dfl_root.ucg)
		cgroup_release_all_tasks_locked(ucg);
	/* controllers drop what they hold (charges pin css) while css still exist */
	for_each_subsys(ss, ssid) {
		if (ss->engine_exit && ucg->ss_priv[ssid])
			ss->engine_exit(ucg);
	}
	list_for_each_entry_safe(root, tmp, &ucg->roots, root_list)
		cgroup_destroy_root_locked(root);
	if (ucg->dfl_root.ucg)
		cgroup_destroy_root_locked(&ucg->dfl_root);
	cgroup_unlock(ucg);
	if (ucg->host_ops && ucg->host_ops->destroy)
		ucg->host_ops->destroy(ucg->host);
	ucg_fini_tables(ucg);
	pthread_mutex_destroy(&ucg->cgroup_mutex);
	pthread_mutex_destroy(&ucg->css_set_lock);
	pthread_mutex_destroy(&ucg->release_lock);
	free(ucg);
}
