// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rdma.c - the RDMA controller (kernel: kernel/cgroup/rdma.c).
 *
 * Limits, per registered RDMA device, how many HCA handles and HCA objects
 * the tasks of a cgroup and its descendants may create.  The host (playing
 * the kernel's RDMA stack) registers devices and charges resources through
 * the calls of include/ucg/controllers.h.  A charge walks from the creating
 * task's cgroup up to and including the root and fails with EAGAIN at the
 * first level whose limit it would exceed, undoing the levels below.  Files
 * (v1 and v2 alike, NOT_ON_ROOT): rdma.max and rdma.current, one line per
 * registered device with a space after every value (spec section 6).
 *
 * Per-(cgroup, device) state lives in a resource pool, created on the first
 * charge or limit and freed again once it holds no usage and only "max"
 * limits, as the kernel does.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/cgroup.h"
#include "lib/parse.h"
#include <ucg/controllers.h>

#define RDMACG_MAX_STR "max"
#define RDMACG_RESOURCE_MAX 2
#define RDMACG_UNLIMITED INT32_MAX

enum rdmacg_file_type {
	RDMACG_RESOURCE_TYPE_MAX,
	RDMACG_RESOURCE_TYPE_STAT,
};

static const char *const rdmacg_resource_names[RDMACG_RESOURCE_MAX] = {
	[UCG_RDMA_HCA_HANDLE] = "hca_handle",
	[UCG_RDMA_HCA_OBJECT] = "hca_object",
};

struct rdmacg_device {
	struct list_head dev_node;       /* on rdmacg_state.devices */
	struct list_head rpools;         /* rdmacg_resource_pool.dev_node */
	char name[UCG_RDMA_DEVICE_NAME_MAX];
};

struct rdmacg_resource {
	int max;
	int usage;
};

/* One cgroup's state for one device. */
struct rdmacg_resource_pool {
	struct rdmacg_device *device;
	struct rdmacg_resource resources[RDMACG_RESOURCE_MAX];
	struct list_head cg_node;        /* on rdma_cgroup.rpools */
	struct list_head dev_node;       /* on rdmacg_device.rpools */
	uint64_t usage_sum;              /* all usages of this pool */
	int num_max_cnt;                 /* resources whose limit is max */
};

struct rdma_cgroup {
	struct cgroup_subsys_state css;  /* must be first */
	struct list_head rpools;         /* rdmacg_mutex */
};

/*
 * What one thread holds on one device and resource, and where it was
 * charged (the kernel keeps this in the RDMA stack's objects).  Holds a
 * reference on @cg so a removed cgroup lives until its charges drain.
 */
struct rdmacg_charge {
	struct list_head node;           /* on rdmacg_state.charges */
	pid_t tid;
	struct rdmacg_device *device;
	int index;
	struct rdma_cgroup *cg;
	int count;
};

/* Per-engine state (kernel: the globals rdmacg_mutex and rdmacg_devices). */
struct rdmacg_state {
	/*
	 * rdmacg_mutex: protects the device list, every pool and the charge
	 * records.  Taken inside cgroup_mutex (file handlers, css_offline);
	 * css_put() is never called with it held.
	 */
	pthread_mutex_t mutex;
	struct list_head devices;        /* registration order */
	struct list_head charges;
};

static struct rdma_cgroup *css_rdmacg(struct cgroup_subsys_state *css)
{
	return css ? container_of(css, struct rdma_cgroup, css) : NULL;
}

static struct rdma_cgroup *parent_rdmacg(struct rdma_cgroup *cg)
{
	return css_rdmacg(cg->css.parent);
}

static struct rdmacg_state *rdmacg_state(struct ucg *ucg)
{
	return cgroup_ss_priv(ucg, rdma_cgrp_id);
}

static struct rdma_cgroup *of_rdmacg(struct ucg_file *of)
{
	return css_rdmacg(of_css(of));
}

/* ---- resource pools ---- */

static void set_resource_limit(struct rdmacg_resource_pool *rpool, int index, int new_max)
{
	if (new_max == RDMACG_UNLIMITED) {
		if (rpool->resources[index].max != RDMACG_UNLIMITED)
			rpool->num_max_cnt++;
	} else {
		if (rpool->resources[index].max == RDMACG_UNLIMITED)
			rpool->num_max_cnt--;
	}
	rpool->resources[index].max = new_max;
}

static void set_all_resource_max_limit(struct rdmacg_resource_pool *rpool)
{
	int i;

	for (i = 0; i < RDMACG_RESOURCE_MAX; i++)
		set_resource_limit(rpool, i, RDMACG_UNLIMITED);
}

static void free_cg_rpool_locked(struct ucg *ucg, struct rdmacg_resource_pool *rpool)
{
	list_del_init(&rpool->cg_node);
	list_del_init(&rpool->dev_node);
	cgroup_kfree(ucg, rpool, sizeof(*rpool));
}

/* Free @rpool if it holds nothing a reader could tell from no pool at all. */
static void rpool_maybe_free_locked(struct ucg *ucg, struct rdmacg_resource_pool *rpool)
{
	if (rpool->usage_sum == 0 && rpool->num_max_cnt == RDMACG_RESOURCE_MAX)
		free_cg_rpool_locked(ucg, rpool);
}

static struct rdmacg_resource_pool *find_cg_rpool_locked(struct rdma_cgroup *cg,
							 struct rdmacg_device *device)
{
	struct rdmacg_resource_pool *rpool;

	list_for_each_entry(rpool, &cg->rpools, cg_node)
		if (rpool->device == device)
			return rpool;
	return NULL;
}

/* Find or create the pool of (@cg, @device); NULL on ENOMEM. */
static struct rdmacg_resource_pool *get_cg_rpool_locked(struct rdma_cgroup *cg,
							struct rdmacg_device *device)
{
	struct rdmacg_resource_pool *rpool = find_cg_rpool_locked(cg, device);

	if (rpool)
		return rpool;
	rpool = cgroup_zalloc(css_ucg(&cg->css), sizeof(*rpool));
	if (!rpool)
		return NULL;
	rpool->device = device;
	set_all_resource_max_limit(rpool);
	list_add_tail(&rpool->cg_node, &cg->rpools);
	list_add_tail(&rpool->dev_node, &device->rpools);
	return rpool;
}

/* ---- charging ---- */

/* Uncharge @n of @index at @cg alone. */
static void uncharge_cg_locked(struct rdma_cgroup *cg, struct rdmacg_device *device,
			       int index, int n)
{
	struct rdmacg_resource_pool *rpool = find_cg_rpool_locked(cg, device);

	/* Cannot happen unless a charge record is wrong: stay alive. */
	if (!rpool)
		return;
	rpool->resources[index].usage -= n;
	rpool->usage_sum -= (uint64_t)n;
	rpool_maybe_free_locked(css_ucg(&cg->css), rpool);
}

/* Uncharge from @cg up to, excluding, @stop_cg (NULL: through the root). */
static void rdmacg_uncharge_hierarchy_locked(struct rdma_cgroup *cg,
					     struct rdmacg_device *device,
					     struct rdma_cgroup *stop_cg, int index, int n)
{
	struct rdma_cgroup *p;

	for (p = cg; p != stop_cg; p = parent_rdmacg(p))
		uncharge_cg_locked(p, device, index, n);
}

/* Charge @n of @index to @cg and every ancestor, root included, respecting
 * each level's limit; nothing stays charged on failure. */
static int rdmacg_try_charge_locked(struct rdma_cgroup *cg, struct rdmacg_device *device,
				    int index, int n)
{
	struct rdmacg_resource_pool *rpool;
	struct rdma_cgroup *p;
	int ret;

	for (p = cg; p; p = parent_rdmacg(p)) {
		int64_t new;

		rpool = get_cg_rpool_locked(p, device);
		if (!rpool) {
			ret = -ENOMEM;
			goto err_uncharge;
		}
		new = (int64_t)rpool->resources[index].usage + n;
		if (new > rpool->resources[index].max) {
			/* a pool made just now for this check holds nothing */
			rpool_maybe_free_locked(css_ucg(&p->css), rpool);
			ret = -EAGAIN;
			goto err_uncharge;
		}
		rpool->resources[index].usage = (int)new;
		rpool->usage_sum += (uint64_t)n;
	}
	return 0;

err_uncharge:
	rdmacg_uncharge_hierarchy_locked(cg, device, p, index, n);
	return ret;
}

/* ---- devices ---- */

static struct rdmacg_device *rdmacg_get_device_locked(struct rdmacg_state *st, const char *name)
{
	struct rdmacg_device *device;

	list_for_each_entry(device, &st->devices, dev_node)
		if (!strcmp(name, device->name))
			return device;
	return NULL;
}

static bool rdmacg_valid_device_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;
	size_t i;

	if (len == 0 || len >= UCG_RDMA_DEVICE_NAME_MAX)
		return false;
	/* rdma.max splits on spaces after strstrip(): keep names writable */
	for (i = 0; i < len; i++)
		if (name[i] == ' ' || (name[i] >= '\t' && name[i] <= '\r'))
			return false;
	return true;
}

/**
 * ucg_rdma_register_device - make an RDMA device known to the rdma controller
 * @ucg: the engine
 * @name: device name, as rdma.max and rdma.current show it
 *
 * Return: 0, -EINVAL bad name, -EEXIST already registered, -ENOMEM.
 * Context: takes rdmacg_mutex.
 */
int ucg_rdma_register_device(struct ucg *ucg, const char *name)
{
	struct rdmacg_state *st = rdmacg_state(ucg);
	struct rdmacg_device *device;
	int ret = 0;

	if (!rdmacg_valid_device_name(name))
		return -EINVAL;
	device = cgroup_zalloc(ucg, sizeof(*device));
	if (!device)
		return -ENOMEM;
	strcpy(device->name, name);
	INIT_LIST_HEAD(&device->rpools);

	pthread_mutex_lock(&st->mutex);
	if (rdmacg_get_device_locked(st, name))
		ret = -EEXIST;
	else
		list_add_tail(&device->dev_node, &st->devices);
	pthread_mutex_unlock(&st->mutex);

	if (ret)
		cgroup_kfree(ucg, device, sizeof(*device));
	return ret;
}

/* Free every charge record in @list, dropping the css references. */
static void rdmacg_free_charges(struct ucg *ucg, struct list_head *list)
{
	struct rdmacg_charge *c, *tmp;

	list_for_each_entry_safe(c, tmp, list, node) {
		list_del_init(&c->node);
		css_put(&c->cg->css);
		cgroup_kfree(ucg, c, sizeof(*c));
	}
}

/* Unlink @device and free its pools; its charge records move to @dropped. */
static void rdmacg_remove_device_locked(struct ucg *ucg, struct rdmacg_state *st,
					struct rdmacg_device *device,
					struct list_head *dropped)
{
	struct rdmacg_resource_pool *rpool, *rtmp;
	struct rdmacg_charge *c, *ctmp;

	list_del_init(&device->dev_node);
	list_for_each_entry_safe(rpool, rtmp, &device->rpools, dev_node)
		free_cg_rpool_locked(ucg, rpool);
	list_for_each_entry_safe(c, ctmp, &st->charges, node)
		if (c->device == device)
			list_move_tail(&c->node, dropped);
}

/**
 * ucg_rdma_unregister_device - forget an RDMA device
 * @ucg: the engine
 * @name: a registered device
 *
 * Limits and charges on the device are dropped with it.
 * Return: 0, -ENODEV unknown device.
 * Context: takes rdmacg_mutex; drops css references after releasing it.
 */
int ucg_rdma_unregister_device(struct ucg *ucg, const char *name)
{
	struct rdmacg_state *st = rdmacg_state(ucg);
	struct rdmacg_device *device;
	struct list_head dropped;

	INIT_LIST_HEAD(&dropped);
	pthread_mutex_lock(&st->mutex);
	device = name ? rdmacg_get_device_locked(st, name) : NULL;
	if (device)
		rdmacg_remove_device_locked(ucg, st, device, &dropped);
	pthread_mutex_unlock(&st->mutex);

	if (!device)
		return -ENODEV;
	rdmacg_free_charges(ucg, &dropped);
	cgroup_kfree(ucg, device, sizeof(*device));
	return 0;
}

/* ---- charge records (the public charge API) ---- */

static struct rdmacg_charge *rdmacg_find_charge_locked(struct rdmacg_state *st, pid_t tid,
						       struct rdmacg_device *device, int index,
						       struct rdma_cgroup *cg)
{
	struct rdmacg_charge *c;

	list_for_each_entry(c, &st->charges, node)
		if (c->tid == tid && c->device == device && c->index == index &&
		    (!cg || c->cg == cg))
			return c;
	return NULL;
}

/*
 * Charge and record @n of @index for @tid in @cg.  On success *@ref_used
 * tells whether the new record took over the caller's css reference.
 */
static int rdmacg_charge_record_locked(struct ucg *ucg, struct rdmacg_state *st,
				       struct rdma_cgroup *cg, pid_t tid,
				       struct rdmacg_device *device, int index, int n,
				       bool *ref_used)
{
	struct rdmacg_charge *c = rdmacg_find_charge_locked(st, tid, device, index, cg);
	bool new_record = !c;
	int ret;

	if (new_record) {
		c = cgroup_zalloc(ucg, sizeof(*c));
		if (!c)
			return -ENOMEM;
	}
	ret = rdmacg_try_charge_locked(cg, device, index, n);
	if (ret) {
		if (new_record)
			cgroup_kfree(ucg, c, sizeof(*c));
		return ret;
	}
	if (new_record) {
		*c = (struct rdmacg_charge){ .tid = tid, .device = device, .index = index, .cg = cg };
		list_add_tail(&c->node, &st->charges);
	}
	c->count += n;
	*ref_used = new_record;
	return 0;
}

/**
 * ucg_rdma_try_charge - charge resources a thread creates on an RDMA device
 * @ucg: the engine
 * @tid: the creating thread
 * @device: a registered device
 * @resource: enum ucg_rdma_resource
 * @n: how many, at least 1
 *
 * Return: 0, -EAGAIN over a limit at some level, -ENODEV unknown device,
 * -ESRCH unknown thread, -EINVAL bad @resource or @n, -ENOMEM.
 * Context: takes rdmacg_mutex after the core's lookup of @tid.
 */
int ucg_rdma_try_charge(struct ucg *ucg, pid_t tid, const char *device, int resource, int n)
{
	struct rdmacg_state *st = rdmacg_state(ucg);
	struct cgroup_subsys_state *css;
	struct rdmacg_device *dev;
	bool ref_used = false;
	int ret = 0;

	if (resource < 0 || resource >= RDMACG_RESOURCE_MAX || n < 1 || !device)
		return -EINVAL;
	/* Held until uncharge: the cgroup may be removed meanwhile. */
	css = task_css_by_pid(ucg, tid, rdma_cgrp_id, &ret);
	if (!css)
		return ret ? ret : -ESRCH;

	pthread_mutex_lock(&st->mutex);
	dev = rdmacg_get_device_locked(st, device);
	if (!dev)
		ret = -ENODEV;
	else
		ret = rdmacg_charge_record_locked(ucg, st, css_rdmacg(css), tid, dev,
						  resource, n, &ref_used);
	pthread_mutex_unlock(&st->mutex);

	if (!ref_used)
		css_put(css);
	return ret;
}

/* Uncharge @n of @tid's records for (@device, @index), newest first; records
 * that drain move to @drained.  The caller checked that @tid holds @n. */
static void rdmacg_uncharge_records_locked(struct rdmacg_state *st, pid_t tid,
					   struct rdmacg_device *device, int index, int n,
					   struct list_head *drained)
{
	struct rdmacg_charge *c;

	while (n > 0 && (c = rdmacg_find_charge_locked(st, tid, device, index, NULL))) {
		int take = c->count < n ? c->count : n;

		rdmacg_uncharge_hierarchy_locked(c->cg, device, NULL, index, take);
		c->count -= take;
		n -= take;
		if (c->count == 0)
			list_move_tail(&c->node, drained);
	}
}

static int64_t rdmacg_charged_locked(struct rdmacg_state *st, pid_t tid,
				     struct rdmacg_device *device, int index)
{
	struct rdmacg_charge *c;
	int64_t sum = 0;

	list_for_each_entry(c, &st->charges, node)
		if (c->tid == tid && c->device == device && c->index == index)
			sum += c->count;
	return sum;
}

/**
 * ucg_rdma_uncharge - uncharge resources a thread created on an RDMA device
 * @ucg: the engine
 * @tid: the thread that created them (it may have exited)
 * @device: a registered device
 * @resource: enum ucg_rdma_resource
 * @n: how many, at least 1 and at most what @tid holds
 *
 * Uncharged from the cgroups the charges went to, whatever @tid's cgroup is now.
 * Return: 0, -ENODEV unknown device, -EINVAL bad @resource or @n.
 * Context: takes rdmacg_mutex; drops css references after releasing it.
 */
int ucg_rdma_uncharge(struct ucg *ucg, pid_t tid, const char *device, int resource, int n)
{
	struct rdmacg_state *st = rdmacg_state(ucg);
	struct rdmacg_device *dev;
	struct list_head drained;
	int ret = 0;

	if (resource < 0 || resource >= RDMACG_RESOURCE_MAX || n < 1 || !device)
		return -EINVAL;
	INIT_LIST_HEAD(&drained);

	pthread_mutex_lock(&st->mutex);
	dev = rdmacg_get_device_locked(st, device);
	if (!dev)
		ret = -ENODEV;
	else if (rdmacg_charged_locked(st, tid, dev, resource) < n)
		ret = -EINVAL;
	else
		rdmacg_uncharge_records_locked(st, tid, dev, resource, n, &drained);
	pthread_mutex_unlock(&st->mutex);

	rdmacg_free_charges(ucg, &drained);
	return ret;
}

/* ---- interface files ---- */

/*
 * match_int() of lib/parser.c: simple_strtol() in base 0 (no '+', trailing
 * text ignored, overflow wraps), at most 23 characters, result in int range.
 * Return 0, -EINVAL (no digits), -ERANGE.
 */
static int rdmacg_match_int(const char *s, int *result)
{
	const char *cp = s;
	unsigned long long val = 0;
	unsigned int base = 0;
	bool neg = false;
	long v;

	if (strlen(s) >= 24)
		return -ERANGE;
	if (*cp == '-') {
		neg = true;
		cp++;
	}
	if (cp[0] == '0') {
		bool hex = (cp[1] == 'x' || cp[1] == 'X') && cp[2] &&
			   strchr("0123456789abcdefABCDEF", cp[2]);

		base = hex ? 16 : 8;
		if (hex)
			cp += 2;
	} else {
		base = 10;
	}
	for (;; cp++) {
		unsigned int d;

		if (*cp >= '0' && *cp <= '9')
			d = (unsigned int)(*cp - '0');
		else if ((*cp | 0x20) >= 'a' && (*cp | 0x20) <= 'f')
			d = (unsigned int)((*cp | 0x20) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		val = val * base + d;
	}
	if (cp == s)
		return -EINVAL;
	v = (long)(neg ? -val : val);
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*result = (int)v;
	return 0;
}

/* One "name=value" token; returns the resource index or -EINVAL. */
static int parse_resource(char *c, int *intval)
{
	char *name, *value = c;
	size_t len;
	int i;

	name = strsep(&value, "=");
	if (!name || !value)
		return -EINVAL;

	for (i = 0; i < RDMACG_RESOURCE_MAX; i++)
		if (!strcmp(name, rdmacg_resource_names[i]))
			break;
	if (i == RDMACG_RESOURCE_MAX)
		return -EINVAL;

	len = strlen(value);
	if (rdmacg_match_int(value, intval) == 0)
		return *intval < 0 ? -EINVAL : i;
	/* any prefix of "max", the empty one included */
	if (strncmp(value, RDMACG_MAX_STR, len) == 0) {
		*intval = RDMACG_UNLIMITED;
		return i;
	}
	return -EINVAL;
}

static int rdmacg_parse_limits(char *options, int *new_limits, unsigned int *enables)
{
	char *c;

	while ((c = strsep(&options, " ")) != NULL) {
		int index, intval;

		index = parse_resource(c, &intval);
		if (index < 0)
			return index;
		new_limits[index] = intval;
		*enables |= 1u << index;
	}
	return 0;
}

/* rdma.max write: "DEVICE [hca_handle=N|max] [hca_object=N|max]". */
static ssize_t rdmacg_resource_set_max(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct rdma_cgroup *cg = of_rdmacg(of);
	struct rdmacg_state *st = rdmacg_state(of->ucg);
	struct rdmacg_resource_pool *rpool;
	struct rdmacg_device *device;
	char *options = strstrip(buf);
	int new_limits[RDMACG_RESOURCE_MAX] = { 0 };
	unsigned int enables = 0;
	const char *dev_name;
	int i, ret;

	dev_name = strsep(&options, " ");
	ret = rdmacg_parse_limits(options, new_limits, &enables);
	if (ret)
		return ret;

	pthread_mutex_lock(&st->mutex);
	device = rdmacg_get_device_locked(st, dev_name);
	if (!device) {
		ret = -ENODEV;
		goto out_unlock;
	}
	rpool = get_cg_rpool_locked(cg, device);
	if (!rpool) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	for (i = 0; i < RDMACG_RESOURCE_MAX; i++)
		if (enables & (1u << i))
			set_resource_limit(rpool, i, new_limits[i]);
	rpool_maybe_free_locked(of->ucg, rpool);
out_unlock:
	pthread_mutex_unlock(&st->mutex);
	return ret ? ret : (ssize_t)nbytes;
}

static void print_rpool_values(struct sbuf *sb, enum rdmacg_file_type type,
			       const struct rdmacg_resource_pool *rpool)
{
	int i;

	for (i = 0; i < RDMACG_RESOURCE_MAX; i++) {
		int value;

		if (type == RDMACG_RESOURCE_TYPE_MAX)
			value = rpool ? rpool->resources[i].max : RDMACG_UNLIMITED;
		else
			value = rpool ? rpool->resources[i].usage : 0;

		sbuf_puts(sb, rdmacg_resource_names[i]);
		sbuf_putc(sb, '=');
		if (value == RDMACG_UNLIMITED)
			sbuf_puts(sb, RDMACG_MAX_STR);
		else
			sbuf_printf(sb, "%d", value);
		sbuf_putc(sb, ' ');
	}
}

/* rdma.max and rdma.current (cft->private): every registered device. */
static int rdmacg_resource_read(struct ucg_file *of, struct sbuf *sb)
{
	struct rdma_cgroup *cg = of_rdmacg(of);
	struct rdmacg_state *st = rdmacg_state(of->ucg);
	struct rdmacg_device *device;

	pthread_mutex_lock(&st->mutex);
	list_for_each_entry(device, &st->devices, dev_node) {
		sbuf_printf(sb, "%s ", device->name);
		print_rpool_values(sb, (enum rdmacg_file_type)of->cft->private,
				   find_cg_rpool_locked(cg, device));
		sbuf_putc(sb, '\n');
	}
	pthread_mutex_unlock(&st->mutex);
	return 0;
}

static const struct cftype rdmacg_files[] = {
	{
		.name = "max",
		.write = rdmacg_resource_set_max,
		.seq_show = rdmacg_resource_read,
		.private = RDMACG_RESOURCE_TYPE_MAX,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "current",
		.seq_show = rdmacg_resource_read,
		.private = RDMACG_RESOURCE_TYPE_STAT,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{ } /* terminate */
};

/* ---- css and engine lifetime ---- */

static struct cgroup_subsys_state *rdmacg_css_alloc(struct cgroup_subsys_state *parent_css,
						    struct cgroup *cgrp)
{
	struct rdma_cgroup *cg;

	cg = cgroup_zalloc(cgroup_ucg(cgrp), sizeof(*cg));
	if (!cg)
		return NULL;
	INIT_LIST_HEAD(&cg->rpools);
	return &cg->css;
}

/*
 * Limits of a removed cgroup go back to max so that its pools are freed as
 * their usage drains; pools already empty are freed now (the kernel fix for
 * pools left linked to a freed cgroup).
 */
static void rdmacg_css_offline(struct cgroup_subsys_state *css)
{
	struct rdma_cgroup *cg = css_rdmacg(css);
	struct rdmacg_state *st = rdmacg_state(css_ucg(css));
	struct rdmacg_resource_pool *rpool, *tmp;

	if (!st)
		return;    /* engine teardown: rdmacg_engine_exit() freed the pools */
	pthread_mutex_lock(&st->mutex);
	list_for_each_entry_safe(rpool, tmp, &cg->rpools, cg_node) {
		set_all_resource_max_limit(rpool);
		rpool_maybe_free_locked(css_ucg(css), rpool);
	}
	pthread_mutex_unlock(&st->mutex);
}

static void rdmacg_css_free(struct cgroup_subsys_state *css)
{
	struct ucg *ucg = css_ucg(css);
	struct rdma_cgroup *cg = css_rdmacg(css);
	struct rdmacg_state *st = rdmacg_state(ucg);
	struct rdmacg_resource_pool *rpool, *tmp;

	/* Normally empty (offline freed the idle pools, charges hold refs);
	 * a css freed without going offline may still hold limits. */
	if (st && !list_empty(&cg->rpools)) {
		pthread_mutex_lock(&st->mutex);
		list_for_each_entry_safe(rpool, tmp, &cg->rpools, cg_node)
			free_cg_rpool_locked(ucg, rpool);
		pthread_mutex_unlock(&st->mutex);
	}
	cgroup_kfree(ucg, cg, sizeof(*cg));
}

static int rdmacg_engine_init(struct ucg *ucg)
{
	struct rdmacg_state *st = cgroup_zalloc(ucg, sizeof(*st));

	if (!st)
		return -ENOMEM;
	if (pthread_mutex_init(&st->mutex, NULL)) {
		cgroup_kfree(ucg, st, sizeof(*st));
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&st->devices);
	INIT_LIST_HEAD(&st->charges);
	cgroup_set_ss_priv(ucg, rdma_cgrp_id, st);
	return 0;
}

/*
 * Drop every device, pool and charge record, and the css references the
 * records hold.  Those references keep removed cgroups alive, so this must
 * run before the engine destroys its hierarchies; css_offline and css_free
 * coming afterwards find no state and have nothing left to do.
 */
static void rdmacg_engine_exit(struct ucg *ucg)
{
	struct rdmacg_state *st = rdmacg_state(ucg);
	struct rdmacg_device *device, *tmp;
	struct list_head dropped;

	if (!st)
		return;
	INIT_LIST_HEAD(&dropped);
	pthread_mutex_lock(&st->mutex);
	list_for_each_entry_safe(device, tmp, &st->devices, dev_node) {
		rdmacg_remove_device_locked(ucg, st, device, &dropped);
		cgroup_kfree(ucg, device, sizeof(*device));
	}
	pthread_mutex_unlock(&st->mutex);
	rdmacg_free_charges(ucg, &dropped);

	cgroup_set_ss_priv(ucg, rdma_cgrp_id, NULL);
	pthread_mutex_destroy(&st->mutex);
	cgroup_kfree(ucg, st, sizeof(*st));
}

const struct cgroup_subsys rdma_cgrp_subsys = {
	.css_alloc = rdmacg_css_alloc,
	.css_offline = rdmacg_css_offline,
	.css_free = rdmacg_css_free,
	.engine_init = rdmacg_engine_init,
	.engine_exit = rdmacg_engine_exit,
	.threaded = false,
	.id = rdma_cgrp_id,
	.name = "rdma",
	.legacy_name = "rdma",
	.dfl_cftypes = rdmacg_files,
	.legacy_cftypes = rdmacg_files,
};
