// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * io.c - the IO controller, "io" on v2 and "blkio" on v1 (kernel:
 * block/blk-cgroup.c, block/blk-throttle.c, block/blk-iocost.c for io.weight;
 * spec section 7).
 *
 * Block devices are registered per engine (ucg_io_register_device()); the
 * host reports each I/O a thread issues (blkcg_account_io(), from host-sim
 * ucg_sim_io()).  A cgroup has state for a disk (a "blkg") once it or a
 * descendant did I/O on it or a limit was written for it; the root has
 * state for every whole disk.  Files:
 *  - v2: io.max (bps/iops limits, NOT_ON_ROOT), io.stat (hierarchical
 *    counters, root too), io.weight (default and per-disk weights, stored
 *    only: ucg schedules no I/O).
 *  - v1: blkio.throttle.{read,write}_{bps,iops}_device,
 *    blkio.throttle.io_service_bytes/io_serviced (+_recursive),
 *    blkio.reset_stats; on every cgroup, root included.
 *
 * Throttling is a token bucket per limit, on the engine's clock: a bucket
 * refills at the limit's rate and holds at most THROTL_BURST_NS worth of it
 * (the kernel's 100 ms throttle slice: that much may pass at once), and an
 * I/O takes its cost at once, going into debt; it must wait until the debt
 * is repaid.  On v2 an I/O passes its cgroup's limits, then its parent's
 * from the time it left the child, and so on up; v1 throttling is flat.
 *
 * Deviations (docs/deviations.md): devices are registered by API only (no
 * scan of /sys/dev/block); I/O is counted when submitted, not when
 * dispatched after throttling; I/O to a partition is refused (the host
 * reports it against the whole disk); throttle state exists on every disk
 * from the start (as before 6.9, where it waits for the first limit);
 * io.weight accepts per-disk weights although iocost (io.cost.qos) is not
 * implemented; v1 counts reads as Sync and writes and discards as Async.
 *
 * Locking: blkcg_mutex (per engine) protects the disk list and every blkg;
 * taken inside cgroup_mutex by file handlers, css callbacks and charges,
 * alone by device registration.  A blkcg's default weight: cgroup_mutex.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "controllers/io.h"
#include "core/cgroup.h"
#include <ucg/controllers.h>

#define NSEC_PER_SEC 1000000000ULL
#define THROTL_BURST_NS 100000000LL      /* DFL_THROTL_SLICE_HD: 100 ms */
#define THROTL_NEVER_NS (INT64_MAX / 4)  /* a wait that never ends */
#define CGROUP_WEIGHT_MIN 1U
#define CGROUP_WEIGHT_DFL 100U
#define CGROUP_WEIGHT_MAX 10000U
#define MINORBITS 20
#define MINORMASK ((1U << MINORBITS) - 1)
#define MAX_MAJOR 4095U
#define DISK_NAME_LEN 32

enum { BLKG_READ, BLKG_WRITE, BLKG_DISCARD, BLKG_NR_DIRS };

struct blkcg_disk {
	struct list_head node;        /* on blkcg_state.disks, registration order */
	struct list_head blkgs;       /* blkcg_gq.disk_node */
	unsigned int major, minor;
	bool partition;
	char name[DISK_NAME_LEN];
};

/* A token bucket: tokens at time t are (t - zero_ns) * rate, at most a burst. */
struct throtl_bucket {
	int64_t zero_ns;
};

struct blkg_iostat {
	uint64_t bytes[BLKG_NR_DIRS];
	uint64_t ios[BLKG_NR_DIRS];
};

/* One cgroup's state for one disk (kernel: blkcg_gq with its throtl_grp). */
struct blkcg_gq {
	struct list_head blkcg_node;  /* on blkcg.blkg_list, newest first */
	struct list_head disk_node;   /* on blkcg_disk.blkgs */
	struct blkcg_disk *disk;
	uint64_t bps[2];              /* UINT64_MAX: no limit */
	unsigned int iops[2];         /* UINT_MAX: no limit */
	struct throtl_bucket bps_tb[2];
	struct throtl_bucket iops_tb[2];
	struct blkg_iostat stat;      /* this cgroup and its descendants (io.stat) */
	struct blkg_iostat local;     /* this cgroup's own I/O (v1) */
	unsigned int weight;          /* io.weight override, 0: none */
};

struct blkcg {
	struct cgroup_subsys_state css;  /* must be first */
	struct list_head blkg_list;      /* blkcg_mutex */
	struct list_head root_node;      /* roots only: on blkcg_state.roots */
	unsigned int dfl_weight;         /* cgroup_mutex */
};

/* Per-engine state (kernel: the disks of the block layer). */
struct blkcg_state {
	pthread_mutex_t mutex;           /* blkcg_mutex, see the file header */
	struct list_head disks;
	struct list_head roots;          /* root blkcgs, each with every whole disk */
};

static struct blkcg *css_to_blkcg(struct cgroup_subsys_state *css)
{
	return css ? container_of(css, struct blkcg, css) : NULL;
}

static struct blkcg *blkcg_parent(struct blkcg *blkcg)
{
	return css_to_blkcg(blkcg->css.parent);
}

static struct blkcg *of_blkcg(struct ucg_file *of)
{
	return css_to_blkcg(of_css(of));
}

static struct blkcg_state *blkcg_state(struct ucg *ucg)
{
	return cgroup_ss_priv(ucg, io_cgrp_id);
}

/* ---- blkgs ---- */

static struct blkcg_gq *blkg_lookup_locked(struct blkcg *blkcg, struct blkcg_disk *disk)
{
	struct blkcg_gq *blkg;

	list_for_each_entry(blkg, &blkcg->blkg_list, blkcg_node)
		if (blkg->disk == disk)
			return blkg;
	return NULL;
}

static struct blkcg_gq *blkg_alloc_locked(struct blkcg *blkcg, struct blkcg_disk *disk)
{
	struct blkcg_gq *blkg = cgroup_zalloc(css_ucg(&blkcg->css), sizeof(*blkg));
	int rw;

	if (!blkg)
		return NULL;
	blkg->disk = disk;
	for (rw = 0; rw < 2; rw++) {
		blkg->bps[rw] = UINT64_MAX;
		blkg->iops[rw] = UINT_MAX;
	}
	list_add(&blkg->blkcg_node, &blkcg->blkg_list);
	list_add_tail(&blkg->disk_node, &disk->blkgs);
	return blkg;
}

static void blkg_free_locked(struct ucg *ucg, struct blkcg_gq *blkg)
{
	list_del_init(&blkg->blkcg_node);
	list_del_init(&blkg->disk_node);
	cgroup_kfree(ucg, blkg, sizeof(*blkg));
}

/*
 * The blkg of (@blkcg, @disk), created with those of its ancestors when
 * missing (kernel: blkg_lookup_create).  NULL on ENOMEM, or when @blkcg is
 * going away (an offline blkcg gets no new state).
 */
static struct blkcg_gq *blkg_lookup_create_locked(struct blkcg *blkcg, struct blkcg_disk *disk)
{
	struct blkcg_gq *blkg = blkg_lookup_locked(blkcg, disk);
	struct blkcg *parent = blkcg_parent(blkcg);

	if (blkg)
		return blkg;
	if (!css_is_online(&blkcg->css))
		return NULL;
	if (parent && !blkg_lookup_create_locked(parent, disk))
		return NULL;
	return blkg_alloc_locked(blkcg, disk);
}

static void blkcg_free_blkgs_locked(struct blkcg *blkcg)
{
	struct blkcg_gq *blkg, *tmp;

	list_for_each_entry_safe(blkg, tmp, &blkcg->blkg_list, blkcg_node)
		blkg_free_locked(css_ucg(&blkcg->css), blkg);
}

/* ---- disks ---- */

static struct blkcg_disk *blkcg_find_disk_locked(struct blkcg_state *st, unsigned int major,
						 unsigned int minor)
{
	struct blkcg_disk *disk;

	list_for_each_entry(disk, &st->disks, node)
		if (disk->major == major && disk->minor == minor)
			return disk;
	return NULL;
}

/* Give root @blkcg state for every whole disk, newest first (as the kernel's
 * root blkgs, made when each disk appears). */
static int blkcg_root_add_disks_locked(struct blkcg_state *st, struct blkcg *blkcg)
{
	struct blkcg_disk *disk;

	list_for_each_entry(disk, &st->disks, node)
		if (!disk->partition && !blkg_alloc_locked(blkcg, disk))
			return -ENOMEM;
	return 0;
}

static void blkcg_remove_disk_locked(struct ucg *ucg, struct blkcg_disk *disk)
{
	struct blkcg_gq *blkg, *tmp;

	list_del_init(&disk->node);
	list_for_each_entry_safe(blkg, tmp, &disk->blkgs, disk_node)
		blkg_free_locked(ucg, blkg);
	cgroup_kfree(ucg, disk, sizeof(*disk));
}

static bool blkcg_valid_disk(unsigned int major, unsigned int minor, const char *name)
{
	size_t len = name ? strlen(name) : 0;

	return major <= MAX_MAJOR && minor <= MINORMASK && len > 0 && len < DISK_NAME_LEN;
}

/**
 * ucg_io_register_device - make a block device known to the io controller
 * @ucg: the engine
 * @major: device major number (at most 4095)
 * @minor: device minor number (below 2^20)
 * @name: its name (e.g. "sda"), shorter than 32 bytes
 * @partition: true for a partition, which no io file accepts
 *
 * Every root cgroup gets state for a new whole disk at once.
 * Return: 0, -EINVAL bad numbers or name, -EEXIST already registered, -ENOMEM.
 * Context: takes blkcg_mutex.
 */
int ucg_io_register_device(struct ucg *ucg, unsigned int major, unsigned int minor,
			   const char *name, bool partition)
{
	struct blkcg_state *st = blkcg_state(ucg);
	struct blkcg_disk *disk;
	struct blkcg *root;
	int ret = 0;

	if (!blkcg_valid_disk(major, minor, name))
		return -EINVAL;
	disk = cgroup_zalloc(ucg, sizeof(*disk));
	if (!disk)
		return -ENOMEM;
	*disk = (struct blkcg_disk){ .major = major, .minor = minor, .partition = partition };
	strcpy(disk->name, name);
	INIT_LIST_HEAD(&disk->blkgs);

	pthread_mutex_lock(&st->mutex);
	if (blkcg_find_disk_locked(st, major, minor)) {
		cgroup_kfree(ucg, disk, sizeof(*disk));
		ret = -EEXIST;
		goto out_unlock;
	}
	list_add_tail(&disk->node, &st->disks);
	if (partition)
		goto out_unlock;
	list_for_each_entry(root, &st->roots, root_node) {
		if (!blkg_alloc_locked(root, disk)) {
			blkcg_remove_disk_locked(ucg, disk);
			ret = -ENOMEM;
			goto out_unlock;
		}
	}
out_unlock:
	pthread_mutex_unlock(&st->mutex);
	return ret;
}

/**
 * ucg_io_unregister_device - a block device went away
 * @ucg: the engine
 * @major: its major number
 * @minor: its minor number
 *
 * Every cgroup's limits, weights and counters for it are dropped.
 * Return: 0, -ENODEV unknown device.
 * Context: takes blkcg_mutex.
 */
int ucg_io_unregister_device(struct ucg *ucg, unsigned int major, unsigned int minor)
{
	struct blkcg_state *st = blkcg_state(ucg);
	struct blkcg_disk *disk;

	pthread_mutex_lock(&st->mutex);
	disk = blkcg_find_disk_locked(st, major, minor);
	if (disk)
		blkcg_remove_disk_locked(ucg, disk);
	pthread_mutex_unlock(&st->mutex);
	return disk ? 0 : -ENODEV;
}

/* ---- throttling ---- */

/* Nanoseconds that @units take at @rate units per second (saturating). */
static int64_t throtl_cost_ns(uint64_t units, uint64_t rate)
{
	unsigned __int128 ns;

	if (!rate)
		return THROTL_NEVER_NS;
	ns = ((unsigned __int128)units * NSEC_PER_SEC + rate - 1) / rate;
	return ns > (unsigned __int128)THROTL_NEVER_NS ? THROTL_NEVER_NS : (int64_t)ns;
}

/* A bucket that holds a full burst at @now. */
static void throtl_bucket_fill(struct throtl_bucket *tb, int64_t now)
{
	tb->zero_ns = now - THROTL_BURST_NS;
}

/* Take @cost_ns worth of tokens at time @t; return when they are repaid
 * (@t itself if the bucket held enough). */
static int64_t throtl_bucket_charge(struct throtl_bucket *tb, int64_t t, int64_t cost_ns)
{
	int64_t base = tb->zero_ns > t - THROTL_BURST_NS ? tb->zero_ns : t - THROTL_BURST_NS;

	tb->zero_ns = base > THROTL_NEVER_NS - cost_ns ? THROTL_NEVER_NS : base + cost_ns;
	return tb->zero_ns > t ? tb->zero_ns : t;
}

/* When an I/O reaching @blkg's limits at @t in direction @dir may leave. */
static int64_t throtl_dispatch_time(struct blkcg_gq *blkg, int dir, uint64_t bytes, int64_t t)
{
	int64_t d = t, e;

	if (blkg->bps[dir] != UINT64_MAX) {
		e = throtl_bucket_charge(&blkg->bps_tb[dir], t, throtl_cost_ns(bytes, blkg->bps[dir]));
		d = e > d ? e : d;
	}
	if (blkg->iops[dir] != UINT_MAX) {
		e = throtl_bucket_charge(&blkg->iops_tb[dir], t, throtl_cost_ns(1, blkg->iops[dir]));
		d = e > d ? e : d;
	}
	return d;
}

/* Limits changed: start from full buckets (kernel: a new slice). */
static void throtl_conf_updated(struct blkcg_gq *blkg, int64_t now)
{
	int rw;

	for (rw = 0; rw < 2; rw++) {
		throtl_bucket_fill(&blkg->bps_tb[rw], now);
		throtl_bucket_fill(&blkg->iops_tb[rw], now);
	}
}

static void blkg_iostat_add(struct blkg_iostat *s, int rw, uint64_t bytes)
{
	s->bytes[rw] += bytes;
	s->ios[rw]++;
}

/*
 * Count and throttle one I/O of @blkcg on @disk.  Return the wait in ns.
 * Levels whose state cannot be made (ENOMEM) are skipped: the I/O happens
 * anyway, as in the kernel, where it then goes to the root's blkg.
 */
static int64_t blkcg_issue_io_locked(struct blkcg *blkcg, struct blkcg_disk *disk, int rw,
				     uint64_t bytes)
{
	int64_t now = (int64_t)cgroup_now_ns(css_ucg(&blkcg->css));
	int dir = rw == BLKG_READ ? 0 : 1;   /* a discard is a write (bio_data_dir) */
	bool dfl = cgroup_on_dfl(blkcg->css.cgroup);
	struct blkcg_gq *blkg;
	struct blkcg *pos;
	int64_t t = now;

	while (!css_is_online(&blkcg->css) && blkcg_parent(blkcg))
		blkcg = blkcg_parent(blkcg);
	blkg = blkg_lookup_create_locked(blkcg, disk);
	if (blkg)
		blkg_iostat_add(&blkg->local, rw, bytes);

	for (pos = blkcg; pos; pos = blkcg_parent(pos)) {
		blkg = blkg_lookup_locked(pos, disk);
		if (!blkg)
			continue;
		blkg_iostat_add(&blkg->stat, rw, bytes);
		if (pos == blkcg || dfl)
			t = throtl_dispatch_time(blkg, dir, bytes, t);
	}
	return t - now;
}

/**
 * blkcg_account_io - a thread issues one I/O
 * @task: the issuing thread
 * @major: the whole disk's major number
 * @minor: its minor number
 * @rw: enum blkcg_io_dir
 * @bytes: its size
 *
 * Counted in @task's io cgroup and its ancestors, and throttled by their
 * limits (v2) or its cgroup's own (v1).
 * Return: the wait in ns before it may be issued (0: now), -ENODEV unknown
 * disk or a partition, -EINVAL bad @rw.
 * Context: cgroup_mutex; takes blkcg_mutex.
 */
int64_t blkcg_account_io(struct task_struct *task, unsigned int major, unsigned int minor,
			 int rw, uint64_t bytes)
{
	struct blkcg *blkcg = css_to_blkcg(task->cgroups->subsys[io_cgrp_id]);
	struct blkcg_state *st = blkcg_state(css_ucg(&blkcg->css));
	struct blkcg_disk *disk;
	int64_t ret;

	if (rw < BLKG_READ || rw > BLKG_DISCARD)
		return -EINVAL;
	pthread_mutex_lock(&st->mutex);
	disk = blkcg_find_disk_locked(st, major, minor);
	if (!disk || disk->partition)
		ret = -ENODEV;
	else
		ret = blkcg_issue_io_locked(blkcg, disk, rw, bytes);
	pthread_mutex_unlock(&st->mutex);
	return ret;
}

/* ---- parsing (the kernel's vsscanf, as blk-cgroup uses it) ---- */

/* isspace() of the kernel's ctype, which includes NBSP (0xa0). */
static bool kisspace(char c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

static char *kskip_spaces(char *s)
{
	while (kisspace(*s))
		s++;
	return s;
}

/* sscanf "%llu": skip spaces, at least one decimal digit, overflow wraps.
 * Return the end of the number, or NULL if there is none. */
static char *kscan_ull(char *s, unsigned long long *val)
{
	unsigned long long v = 0;

	s = kskip_spaces(s);
	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long long)(*s++ - '0');
	*val = v;
	return s;
}

/*
 * The "MAJ:MIN " prefix of every per-device file (kernel:
 * blkg_conf_open_bdev): sscanf "%u:%u%n", then whitespace, which is skipped;
 * *@body is what follows.  The numbers form a dev_t as MKDEV() does.
 * Return: the whole disk, or -EINVAL bad syntax, -ENODEV unknown or a
 * partition.
 */
static int blkg_conf_open_disk_locked(struct blkcg_state *st, char *input,
				      struct blkcg_disk **diskp, char **body)
{
	unsigned long long ma, mi;
	unsigned int dev;
	struct blkcg_disk *disk;
	char *p = kscan_ull(input, &ma);

	if (!p || *p != ':')
		return -EINVAL;
	p = kscan_ull(p + 1, &mi);
	if (!p || !kisspace(*p))
		return -EINVAL;
	dev = ((unsigned int)ma << MINORBITS) | (unsigned int)mi;
	disk = blkcg_find_disk_locked(st, dev >> MINORBITS, dev & MINORMASK);
	if (!disk || disk->partition)
		return -ENODEV;
	*diskp = disk;
	*body = kskip_spaces(p);
	return 0;
}

/* ---- io.max ---- */

/* sscanf "%26s%n": the next token of at most 26 characters, or false. */
static bool tg_next_token(char **body, char tok[27])
{
	char *s = kskip_spaces(*body);
	int n = 0;

	while (*s && !kisspace(*s) && n < 26)
		tok[n++] = *s++;
	tok[n] = '\0';
	*body = s;
	return n > 0;
}

/* One "key=value" token into @v (rbps, wbps, riops, wiops). */
static int tg_parse_token(char *tok, uint64_t v[4])
{
	static const char *const keys[4] = { "rbps", "wbps", "riops", "wiops" };
	unsigned long long val = UINT64_MAX;
	char *value = strchr(tok, '=');
	int i;

	if (!value)
		return -EINVAL;
	*value++ = '\0';
	if (!kscan_ull(value, &val) && strcmp(value, "max"))
		return -EINVAL;
	if (!val)
		return -ERANGE;
	for (i = 0; i < 4; i++) {
		if (strcmp(tok, keys[i]))
			continue;
		v[i] = i < 2 ? val : (val < UINT_MAX ? val : UINT_MAX);
		return 0;
	}
	return -EINVAL;
}

/* io.max write: "MAJ:MIN [rbps=N|max] [wbps=..] [riops=..] [wiops=..]". */
static ssize_t tg_set_limit(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct blkcg_state *st = blkcg_state(of->ucg);
	struct blkcg_gq *blkg;
	struct blkcg_disk *disk;
	char *body, tok[27];
	uint64_t v[4];
	int ret;

	pthread_mutex_lock(&st->mutex);
	ret = blkg_conf_open_disk_locked(st, buf, &disk, &body);
	if (ret)
		goto out_unlock;
	blkg = blkg_lookup_create_locked(of_blkcg(of), disk);
	ret = -ENOMEM;
	if (!blkg)
		goto out_unlock;
	v[0] = blkg->bps[0];
	v[1] = blkg->bps[1];
	v[2] = blkg->iops[0];
	v[3] = blkg->iops[1];
	ret = 0;
	while (!ret && tg_next_token(&body, tok))
		ret = tg_parse_token(tok, v);
	if (ret)
		goto out_unlock;
	blkg->bps[0] = v[0];
	blkg->bps[1] = v[1];
	blkg->iops[0] = (unsigned int)v[2];
	blkg->iops[1] = (unsigned int)v[3];
	throtl_conf_updated(blkg, (int64_t)cgroup_now_ns(of->ucg));
out_unlock:
	pthread_mutex_unlock(&st->mutex);
	return ret ? ret : (ssize_t)nbytes;
}

static void tg_print_value(struct sbuf *sb, const char *key, uint64_t v, uint64_t max)
{
	if (v == max)
		sbuf_printf(sb, " %s=max", key);
	else
		sbuf_printf(sb, " %s=%llu", key, (unsigned long long)v);
}

static int tg_print_limit(struct ucg_file *of, struct sbuf *sb)
{
	struct blkcg_state *st = blkcg_state(of->ucg);
	struct blkcg_gq *blkg;

	pthread_mutex_lock(&st->mutex);
	list_for_each_entry(blkg, &of_blkcg(of)->blkg_list, blkcg_node) {
		if (blkg->bps[0] == UINT64_MAX && blkg->bps[1] == UINT64_MAX &&
		    blkg->iops[0] == UINT_MAX && blkg->iops[1] == UINT_MAX)
			continue;
		sbuf_printf(sb, "%u:%u", blkg->disk->major, blkg->disk->minor);
		tg_print_value(sb, "rbps", blkg->bps[0], UINT64_MAX);
		tg_print_value(sb, "wbps", blkg->bps[1], UINT64_MAX);
		tg_print_value(sb, "riops", blkg->iops[0], UINT_MAX);
		tg_print_value(sb, "wiops", blkg->iops[1], UINT_MAX);
		sbuf_putc(sb, '\n');
	}
	pthread_mutex_unlock(&st->mutex);
	return 0;
}

/* ---- io.stat ---- */

static int blkcg_print_stat(struct ucg_file *of, struct sbuf *sb)
{
	struct blkcg_state *st = blkcg_state(of->ucg);
	struct blkcg_gq *blkg;

	pthread_mutex_lock(&st->mutex);
	list_for_each_entry(blkg, &of_blkcg(of)->blkg_list, blkcg_node) {
		const struct blkg_iostat *s = &blkg->stat;

		sbuf_printf(sb, "%u:%u ", blkg->disk->major, blkg->disk->minor);
		if (s->bytes[BLKG_READ] || s->bytes[BLKG_WRITE] || s->ios[BLKG_READ] ||
		    s->ios[BLKG_WRITE])
			sbuf_printf(sb, "rbytes=%llu wbytes=%llu rios=%llu wios=%llu "
				    "dbytes=%llu dios=%llu",
				    (unsigned long long)s->bytes[BLKG_READ],
				    (unsigned long long)s->bytes[BLKG_WRITE],
				    (unsigned long long)s->ios[BLKG_READ],
				    (unsigned long long)s->ios[BLKG_WRITE],
				    (unsigned long long)s->bytes[BLKG_DISCARD],
				    (unsigned long long)s->ios[BLKG_DISCARD]);
		sbuf_putc(sb, '\n');
	}
	pthread_mutex_unlock(&st->mutex);
	return 0;
}

/* ---- io.weight ---- */

/* sscanf "%u" (the kernel stores the wrapped value in an unsigned int). */
static bool kscan_uint(char *s, unsigned int *v)
{
	unsigned long long val;

	if (!kscan_ull(s, &val))
		return false;
	*v = (unsigned int)val;
	return true;
}

/* sscanf "default %u": the literal first, then any whitespace, a number. */
static bool kscan_default_uint(char *s, unsigned int *v)
{
	if (strncmp(s, "default", 7))
		return false;
	return kscan_uint(s + 7, v);
}

static bool cgroup_weight_valid(unsigned int v)
{
	return v >= CGROUP_WEIGHT_MIN && v <= CGROUP_WEIGHT_MAX;
}

/* "MAJ:MIN N" sets a disk's weight, "MAJ:MIN default" removes it. */
static int ioc_weight_write_disk(struct blkcg_state *st, struct blkcg *blkcg, char *buf)
{
	struct blkcg_disk *disk;
	struct blkcg_gq *blkg;
	unsigned int v = 0;
	char *body;
	int ret;

	pthread_mutex_lock(&st->mutex);
	ret = blkg_conf_open_disk_locked(st, buf, &disk, &body);
	if (ret)
		goto out_unlock;
	/* state is made before the value is parsed, as the kernel's blkg_conf_prep */
	ret = -ENOMEM;
	blkg = blkg_lookup_create_locked(blkcg, disk);
	if (!blkg)
		goto out_unlock;
	ret = -EINVAL;
	if (strncmp(body, "default", 7) &&
	    (!kscan_uint(body, &v) || !cgroup_weight_valid(v)))
		goto out_unlock;
	blkg->weight = v;
	ret = 0;
out_unlock:
	pthread_mutex_unlock(&st->mutex);
	return ret;
}

/*
 * io.weight write (kernel: ioc_weight_write).  Deviation: the kernel refuses
 * per-disk weights with EOPNOTSUPP until io.cost.qos enables iocost on the
 * disk; ucg has no iocost and accepts them, as the spec describes the file.
 */
static ssize_t ioc_weight_write(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct blkcg *blkcg = of_blkcg(of);
	unsigned int v;
	int ret;

	if (strchr(buf, ':')) {
		ret = ioc_weight_write_disk(blkcg_state(of->ucg), blkcg, buf);
		return ret ? ret : (ssize_t)nbytes;
	}
	if (!kscan_default_uint(buf, &v) && !kscan_uint(buf, &v))
		return -EINVAL;
	if (!cgroup_weight_valid(v))
		return -EINVAL;
	blkcg->dfl_weight = v;
	return (ssize_t)nbytes;
}

static int ioc_weight_show(struct ucg_file *of, struct sbuf *sb)
{
	struct blkcg *blkcg = of_blkcg(of);
	struct blkcg_state *st = blkcg_state(of->ucg);
	struct blkcg_gq *blkg;

	sbuf_printf(sb, "default %u\n", blkcg->dfl_weight);
	pthread_mutex_lock(&st->mutex);
	list_for_each_entry(blkg, &blkcg->blkg_list, blkcg_node)
		if (blkg->weight)
			sbuf_printf(sb, "%u:%u %u\n", blkg->disk->major, blkg->disk->minor,
				    blkg->weight);
	pthread_mutex_unlock(&st->mutex);
	return 0;
}

/* ---- v1 throttle files ---- */

/* cft->private of the v1 limit files */
enum { TG_CONF_RBPS, TG_CONF_WBPS, TG_CONF_RIOPS, TG_CONF_WIOPS };

/* blkio.throttle.*_device write: "MAJ:MIN N", 0 removing the limit. */
static ssize_t tg_set_conf(struct ucg_file *of, char *buf, size_t nbytes)
{
	struct blkcg_state *st = blkcg_state(of->ucg);
	unsigned long long v;
	struct blkcg_disk *disk;
	struct blkcg_gq *blkg;
	unsigned long conf = of->cft->private;
	char *body;
	int ret;

	pthread_mutex_lock(&st->mutex);
	ret = blkg_conf_open_disk_locked(st, buf, &disk, &body);
	if (ret)
		goto out_unlock;
	ret = -ENOMEM;
	blkg = blkg_lookup_create_locked(of_blkcg(of), disk);
	if (!blkg)
		goto out_unlock;
	ret = -EINVAL;
	if (!kscan_ull(body, &v))
		goto out_unlock;
	if (!v)
		v = UINT64_MAX;
	if (conf == TG_CONF_RBPS || conf == TG_CONF_WBPS)
		blkg->bps[conf - TG_CONF_RBPS] = v;
	else
		blkg->iops[conf - TG_CONF_RIOPS] = (unsigned int)v;   /* truncated, as the kernel */
	throtl_conf_updated(blkg, (int64_t)cgroup_now_ns(of->ucg));
	ret = 0;
out_unlock:
	pthread_mutex_unlock(&st->mutex);
	return ret ? ret : (ssize_t)nbytes;
}

static int tg_print_conf(struct ucg_file *of, struct sbuf *sb)
{
	struct blkcg_state *st = blkcg_state(of->ucg);
	unsigned long conf = of->cft->private;
	struct blkcg_gq *blkg;

	pthread_mutex_lock(&st->mutex);
	list_for_each_entry(blkg, &of_blkcg(of)->blkg_list, blkcg_node) {
		uint64_t v;

		if (conf == TG_CONF_RBPS || conf == TG_CONF_WBPS) {
			v = blkg->bps[conf - TG_CONF_RBPS];
			if (v == UINT64_MAX)
				continue;
		} else {
			v = blkg->iops[conf - TG_CONF_RIOPS];
			if (v == UINT_MAX)
				continue;
		}
		sbuf_printf(sb, "%u:%u %llu\n", blkg->disk->major, blkg->disk->minor,
			    (unsigned long long)v);
	}
	pthread_mutex_unlock(&st->mutex);
	return 0;
}

/* cft->private of the v1 statistics files */
enum {
	TG_STAT_RECURSIVE = 1 << 0,
	TG_STAT_IOS = 1 << 1,         /* io_serviced; else io_service_bytes */
};

/* Add @blkg's own counters of the kind @flags selects to @sum. */
static void tg_rwstat_add(uint64_t sum[BLKG_NR_DIRS], const struct blkcg_gq *blkg,
			  unsigned long flags)
{
	const uint64_t *src = flags & TG_STAT_IOS ? blkg->local.ios : blkg->local.bytes;
	int i;

	for (i = 0; i < BLKG_NR_DIRS; i++)
		sum[i] += src[i];
}

/* @blkg's counters, with those of @blkcg's online descendants on the same
 * disk if recursive (kernel: blkg_rwstat_recursive_sum).  cgroup_mutex. */
static void tg_rwstat_sum_locked(struct blkcg *blkcg, struct blkcg_gq *blkg,
				 unsigned long flags, uint64_t sum[BLKG_NR_DIRS])
{
	struct cgroup_subsys_state *pos;

	if (!(flags & TG_STAT_RECURSIVE)) {
		tg_rwstat_add(sum, blkg, flags);
		return;
	}
	css_for_each_descendant_pre(pos, &blkcg->css) {
		struct blkcg_gq *d = blkg_lookup_locked(css_to_blkcg(pos), blkg->disk);

		if (d && css_is_online(pos))
			tg_rwstat_add(sum, d, flags);
	}
}

/* blkio.throttle.io_service_bytes / io_serviced (+_recursive). */
static int tg_print_rwstat(struct ucg_file *of, struct sbuf *sb)
{
	static const char *const rwstr[] = { "Read", "Write", "Sync", "Async", "Discard" };
	struct blkcg_state *st = blkcg_state(of->ucg);
	struct blkcg *blkcg = of_blkcg(of);
	unsigned long long total = 0;
	struct blkcg_gq *blkg;

	pthread_mutex_lock(&st->mutex);
	list_for_each_entry(blkg, &blkcg->blkg_list, blkcg_node) {
		uint64_t s[BLKG_NR_DIRS] = { 0 };
		/* reads are synchronous, writes and discards not (op_is_sync) */
		uint64_t v[5];
		unsigned long long dev_total;
		int i;

		tg_rwstat_sum_locked(blkcg, blkg, of->cft->private, s);
		v[0] = s[BLKG_READ];
		v[1] = s[BLKG_WRITE];
		v[2] = s[BLKG_READ];
		v[3] = s[BLKG_WRITE] + s[BLKG_DISCARD];
		v[4] = s[BLKG_DISCARD];
		for (i = 0; i < 5; i++)
			sbuf_printf(sb, "%u:%u %s %llu\n", blkg->disk->major, blkg->disk->minor,
				    rwstr[i], (unsigned long long)v[i]);
		dev_total = s[BLKG_READ] + s[BLKG_WRITE] + s[BLKG_DISCARD];
		sbuf_printf(sb, "%u:%u Total %llu\n", blkg->disk->major, blkg->disk->minor,
			    dev_total);
		total += dev_total;
	}
	pthread_mutex_unlock(&st->mutex);
	sbuf_printf(sb, "Total %llu\n", total);
	return 0;
}

/* blkio.reset_stats: zero the counters of this cgroup's own state. */
static int blkcg_reset_stats(struct cgroup_subsys_state *css, const struct cftype *cft,
			     uint64_t val)
{
	struct blkcg_state *st = blkcg_state(css_ucg(css));
	struct blkcg_gq *blkg;

	pthread_mutex_lock(&st->mutex);
	list_for_each_entry(blkg, &css_to_blkcg(css)->blkg_list, blkcg_node) {
		memset(&blkg->stat, 0, sizeof(blkg->stat));
		memset(&blkg->local, 0, sizeof(blkg->local));
	}
	pthread_mutex_unlock(&st->mutex);
	return 0;
}

static const struct cftype blkcg_files[] = {
	{
		.name = "stat",
		.seq_show = blkcg_print_stat,
	},
	{
		.name = "max",
		.write = tg_set_limit,
		.seq_show = tg_print_limit,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{
		.name = "weight",
		.write = ioc_weight_write,
		.seq_show = ioc_weight_show,
		.flags = CFTYPE_NOT_ON_ROOT,
	},
	{ } /* terminate */
};

static const struct cftype blkcg_legacy_files[] = {
	{
		.name = "reset_stats",
		.write_u64 = blkcg_reset_stats,
	},
	{
		.name = "throttle.read_bps_device",
		.private = TG_CONF_RBPS,
		.write = tg_set_conf,
		.seq_show = tg_print_conf,
	},
	{
		.name = "throttle.write_bps_device",
		.private = TG_CONF_WBPS,
		.write = tg_set_conf,
		.seq_show = tg_print_conf,
	},
	{
		.name = "throttle.read_iops_device",
		.private = TG_CONF_RIOPS,
		.write = tg_set_conf,
		.seq_show = tg_print_conf,
	},
	{
		.name = "throttle.write_iops_device",
		.private = TG_CONF_WIOPS,
		.write = tg_set_conf,
		.seq_show = tg_print_conf,
	},
	{
		.name = "throttle.io_service_bytes",
		.private = 0,
		.seq_show = tg_print_rwstat,
	},
	{
		.name = "throttle.io_service_bytes_recursive",
		.private = TG_STAT_RECURSIVE,
		.seq_show = tg_print_rwstat,
	},
	{
		.name = "throttle.io_serviced",
		.private = TG_STAT_IOS,
		.seq_show = tg_print_rwstat,
	},
	{
		.name = "throttle.io_serviced_recursive",
		.private = TG_STAT_IOS | TG_STAT_RECURSIVE,
		.seq_show = tg_print_rwstat,
	},
	{ } /* terminate */
};

/* ---- css and engine lifetime ---- */

static struct cgroup_subsys_state *blkcg_css_alloc(struct cgroup_subsys_state *parent_css,
						   struct cgroup *cgrp)
{
	struct ucg *ucg = cgroup_ucg(cgrp);
	struct blkcg_state *st = blkcg_state(ucg);
	struct blkcg *blkcg = cgroup_zalloc(ucg, sizeof(*blkcg));
	int ret = 0;

	if (!blkcg)
		return NULL;
	INIT_LIST_HEAD(&blkcg->blkg_list);
	INIT_LIST_HEAD(&blkcg->root_node);
	blkcg->dfl_weight = CGROUP_WEIGHT_DFL;
	if (parent_css)
		return &blkcg->css;

	pthread_mutex_lock(&st->mutex);
	ret = blkcg_root_add_disks_locked(st, blkcg);
	if (ret)
		blkcg_free_blkgs_locked(blkcg);
	else
		list_add_tail(&blkcg->root_node, &st->roots);
	pthread_mutex_unlock(&st->mutex);
	if (ret) {
		cgroup_kfree(ucg, blkcg, sizeof(*blkcg));
		return NULL;
	}
	return &blkcg->css;
}

/* A removed cgroup's state goes at once (kernel: blkcg_destroy_blkgs);
 * what it counted stays in its ancestors' io.stat. */
static void blkcg_css_offline(struct cgroup_subsys_state *css)
{
	struct blkcg_state *st = blkcg_state(css_ucg(css));

	if (!st)
		return;    /* engine teardown: blkcg_engine_exit() freed every blkg */
	pthread_mutex_lock(&st->mutex);
	blkcg_free_blkgs_locked(css_to_blkcg(css));
	pthread_mutex_unlock(&st->mutex);
}

static void blkcg_css_free(struct cgroup_subsys_state *css)
{
	struct ucg *ucg = css_ucg(css);
	struct blkcg *blkcg = css_to_blkcg(css);
	struct blkcg_state *st = blkcg_state(ucg);

	/* a root css or one freed without going offline may still hold state */
	if (st) {
		pthread_mutex_lock(&st->mutex);
		blkcg_free_blkgs_locked(blkcg);
		list_del_init(&blkcg->root_node);
		pthread_mutex_unlock(&st->mutex);
	}
	cgroup_kfree(ucg, blkcg, sizeof(*blkcg));
}

static int blkcg_engine_init(struct ucg *ucg)
{
	struct blkcg_state *st = cgroup_zalloc(ucg, sizeof(*st));

	if (!st)
		return -ENOMEM;
	if (pthread_mutex_init(&st->mutex, NULL)) {
		cgroup_kfree(ucg, st, sizeof(*st));
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&st->disks);
	INIT_LIST_HEAD(&st->roots);
	cgroup_set_ss_priv(ucg, io_cgrp_id, st);
	return 0;
}

/* Drop every disk with all state on it; css callbacks coming afterwards
 * find no engine state and only free their blkcg. */
static void blkcg_engine_exit(struct ucg *ucg)
{
	struct blkcg_state *st = blkcg_state(ucg);
	struct blkcg_disk *disk, *tmp;
	struct blkcg *root, *rtmp;

	if (!st)
		return;
	pthread_mutex_lock(&st->mutex);
	list_for_each_entry_safe(disk, tmp, &st->disks, node)
		blkcg_remove_disk_locked(ucg, disk);
	list_for_each_entry_safe(root, rtmp, &st->roots, root_node)
		list_del_init(&root->root_node);
	pthread_mutex_unlock(&st->mutex);

	cgroup_set_ss_priv(ucg, io_cgrp_id, NULL);
	pthread_mutex_destroy(&st->mutex);
	cgroup_kfree(ucg, st, sizeof(*st));
}

/*
 * The kernel sets .depends_on = 1 << memory_cgrp_id (so that +io brings
 * memory along on v2, for writeback ownership); memory is not built yet, so
 * the dependency is added with it.
 */
const struct cgroup_subsys io_cgrp_subsys = {
	.css_alloc = blkcg_css_alloc,
	.css_offline = blkcg_css_offline,
	.css_free = blkcg_css_free,
	.engine_init = blkcg_engine_init,
	.engine_exit = blkcg_engine_exit,
	.threaded = false,
	.id = io_cgrp_id,
	.name = "io",
	.legacy_name = "blkio",
	.dfl_cftypes = blkcg_files,
	.legacy_cftypes = blkcg_legacy_files,
};
