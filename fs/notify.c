// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * notify.c - ucgd's worker thread: poll() wake-ups and cache invalidations.
 *
 * The engine reports every change of a notifying file (cgroup.events,
 * pids.events...) through a callback that runs with its locks held, and
 * request handlers must not send cache invalidations themselves (the kernel
 * may hold the directory lock the notification needs until the handler
 * replies).  Both only queue an item here; one worker thread does the work.
 *
 * Wake-ups are rate limited as kernfs's cgroup_file_notify() does: at most one
 * per file every 10 ms, and a change inside the window is delivered when the
 * window ends, so the last change is never lost (spec 3.6).  A delivered
 * change marks every open file of that inode "changed since its last read";
 * poll() reports POLLPRI|POLLERR for such a file, as kernfs_generic_poll().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fs.h"

#define RATE_NS (10ull * 1000 * 1000) /* kernfs: one notification per 10 ms per file */
#define RL_BUCKETS 256

enum nt_type {
	NT_CHANGE,       /* a notifying file changed */
	NT_INVAL_ENTRY,  /* a name in a directory changed */
	NT_DELETE,       /* a directory was removed */
	NT_INVAL_ATTR,   /* attributes of an inode changed */
};

struct nt_item {
	enum nt_type type;
	int hier_id;
	const struct ucgd_mnt *skip;
	uint64_t ino;      /* NT_CHANGE, NT_INVAL_ATTR; the child for NT_DELETE */
	uint64_t parent;   /* NT_INVAL_ENTRY, NT_DELETE */
	struct nt_item *next;
	char name[];
};

/* Rate-limit state of one file; the worker's alone. */
struct rl_entry {
	int hier_id;
	uint64_t ino;
	uint64_t last_ns;  /* last delivery */
	bool due;          /* a change waits for the end of the window */
	struct rl_entry *next;
};

struct ucgd_notifier {
	struct ucgd *d;
	pthread_mutex_t lock;   /* protects head, tail, stop */
	pthread_cond_t cond;    /* CLOCK_MONOTONIC */
	struct nt_item *head, **tail;
	bool stop;
	pthread_t thread;
	struct rl_entry *rl[RL_BUCKETS];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- open files by inode ----------------------------------------------- */

static size_t file_bucket(uint64_t ino)
{
	return (size_t)((ino ^ (ino >> 12) ^ (ino >> 24)) % UCGD_FILE_BUCKETS);
}

/**
 * ucgd_files_init - an empty open-file table.
 * @t: table
 */
void ucgd_files_init(struct ucgd_file_table *t)
{
	pthread_mutex_init(&t->lock, NULL);
	memset(t->bucket, 0, sizeof(t->bucket));
}

/**
 * ucgd_files_add - register open file @uf under its inode.
 * @t: its mount's table
 * @uf: the file, not yet replied to the kernel
 *
 * Context: takes @t->lock.
 */
void ucgd_files_add(struct ucgd_file_table *t, struct ucgd_file *uf)
{
	struct ucgd_file **b = &t->bucket[file_bucket(uf->ino)];

	pthread_mutex_lock(&t->lock);
	/* kernfs: a new open file has not seen the node's first event */
	uf->pending = true;
	uf->next = *b;
	*b = uf;
	pthread_mutex_unlock(&t->lock);
}

/**
 * ucgd_files_del - unregister @uf and drop its poll handle.
 * @t: its mount's table
 * @uf: the file being released
 *
 * Context: takes @t->lock.
 */
void ucgd_files_del(struct ucgd_file_table *t, struct ucgd_file *uf)
{
	struct ucgd_file **p;

	pthread_mutex_lock(&t->lock);
	for (p = &t->bucket[file_bucket(uf->ino)]; *p; p = &(*p)->next) {
		if (*p == uf) {
			*p = uf->next;
			break;
		}
	}
	if (uf->ph)
		fuse_pollhandle_destroy(uf->ph);
	uf->ph = NULL;
	pthread_mutex_unlock(&t->lock);
}

/**
 * ucgd_files_seen - @uf is read from offset 0: it has seen every change so far.
 * @t: its mount's table
 * @uf: the file
 */
void ucgd_files_seen(struct ucgd_file_table *t, struct ucgd_file *uf)
{
	pthread_mutex_lock(&t->lock);
	uf->pending = false;
	pthread_mutex_unlock(&t->lock);
}

/**
 * ucgd_files_poll - a poll() of @uf.
 * @t: its mount's table
 * @uf: the file
 * @ph: the kernel's handle to wake on the next change, or NULL; kept by @uf
 *
 * Return: true if the file changed since its last read at offset 0.
 */
bool ucgd_files_poll(struct ucgd_file_table *t, struct ucgd_file *uf, struct fuse_pollhandle *ph)
{
	bool pending;

	pthread_mutex_lock(&t->lock);
	if (ph) {
		if (uf->ph)
			fuse_pollhandle_destroy(uf->ph);
		uf->ph = ph;
	}
	pending = uf->pending;
	pthread_mutex_unlock(&t->lock);
	return pending;
}

/**
 * ucgd_files_close_all - close every file still registered.
 * @t: table of a mount whose session has ended (no handler runs any more)
 */
void ucgd_files_close_all(struct ucgd_file_table *t)
{
	struct ucgd_file *uf;
	size_t i;

	pthread_mutex_lock(&t->lock);
	for (i = 0; i < UCGD_FILE_BUCKETS; i++) {
		while ((uf = t->bucket[i])) {
			t->bucket[i] = uf->next;
			if (uf->ph)
				fuse_pollhandle_destroy(uf->ph);
			ucg_close(uf->f);
			free(uf);
		}
	}
	pthread_mutex_unlock(&t->lock);
}

/* Mark every open file of @ino changed and wake whoever polls it. */
static void files_changed(struct ucgd_file_table *t, uint64_t ino)
{
	struct ucgd_file *uf;

	pthread_mutex_lock(&t->lock);
	for (uf = t->bucket[file_bucket(ino)]; uf; uf = uf->next) {
		if (uf->ino != ino)
			continue;
		uf->pending = true;
		if (uf->ph) {
			fuse_lowlevel_notify_poll(uf->ph);
			fuse_pollhandle_destroy(uf->ph);
			uf->ph = NULL;
		}
	}
	pthread_mutex_unlock(&t->lock);
}

/* ---- queueing ------------------------------------------------------------ */

static void nt_queue(struct ucgd_notifier *nt, enum nt_type type, int hier_id,
		     const struct ucgd_mnt *skip, uint64_t parent, uint64_t ino, const char *name)
{
	size_t len = name ? strlen(name) + 1 : 1;
	struct nt_item *it = malloc(sizeof(*it) + len);

	if (!it) {
		/* Accepted loss: a missed wake-up or a stale cache entry until its timeout. */
		fprintf(stderr, "ucgd: out of memory, a notification is lost\n");
		return;
	}
	it->type = type;
	it->hier_id = hier_id;
	it->skip = skip;
	it->parent = parent;
	it->ino = ino;
	it->next = NULL;
	memcpy(it->name, name ? name : "", len);
	pthread_mutex_lock(&nt->lock);
	*nt->tail = it;
	nt->tail = &it->next;
	pthread_cond_signal(&nt->cond);
	pthread_mutex_unlock(&nt->lock);
}

/* The engine's callback: engine locks are held, so only queue. */
static void on_engine_change(void *arg, int hier_id, uint64_t cgroup_id, uint64_t ino,
			     const char *file)
{
	struct ucgd_notifier *nt = arg;

	(void)cgroup_id;
	(void)file;
	if (ino)
		nt_queue(nt, NT_CHANGE, hier_id, NULL, 0, ino, NULL);
}

/**
 * ucgd_inval_entry - queue: name @name in directory @parent changed.
 * @d: daemon
 * @hier_id: hierarchy whose mounts are told
 * @skip: the mount that made the change (its kernel cache follows), or NULL
 * @parent: engine inode of the directory
 * @name: the name
 */
void ucgd_inval_entry(struct ucgd *d, int hier_id, const struct ucgd_mnt *skip,
		      uint64_t parent, const char *name)
{
	nt_queue(d->nt, NT_INVAL_ENTRY, hier_id, skip, parent, 0, name);
}

/**
 * ucgd_inval_delete - queue: directory @child, @name in @parent, was removed.
 * @d: daemon
 * @hier_id: hierarchy whose mounts are told
 * @skip: the mount that removed it, or NULL
 * @parent: engine inode of the parent
 * @child: engine inode of the removed directory
 * @name: its name
 */
void ucgd_inval_delete(struct ucgd *d, int hier_id, const struct ucgd_mnt *skip,
		       uint64_t parent, uint64_t child, const char *name)
{
	nt_queue(d->nt, NT_DELETE, hier_id, skip, parent, child, name);
}

/**
 * ucgd_inval_attr - queue: the attributes of @ino changed.
 * @d: daemon
 * @hier_id: hierarchy whose mounts are told
 * @skip: the mount that made the change, or NULL
 * @ino: engine inode
 */
void ucgd_inval_attr(struct ucgd *d, int hier_id, const struct ucgd_mnt *skip, uint64_t ino)
{
	nt_queue(d->nt, NT_INVAL_ATTR, hier_id, skip, 0, ino, NULL);
}

/* ---- the worker ------------------------------------------------------------ */

static fuse_ino_t fuse_ino(const struct ucgd_mnt *mnt, uint64_t ino)
{
	return ino == mnt->root_ino ? FUSE_ROOT_ID : (fuse_ino_t)ino;
}

static bool mnt_serves(const struct ucgd_mnt *mnt, int hier_id)
{
	return mnt->kind == UCGD_CGROUP && mnt->hier_id == hier_id && mnt->se &&
	       !atomic_load(&mnt->loop_done);
}

/* Deliver a change of file @ino to every mount of its hierarchy. */
static void deliver(struct ucgd *d, int hier_id, uint64_t ino)
{
	size_t i;

	for (i = 0; i < d->nmnts; i++) {
		if (mnt_serves(&d->mnts[i], hier_id))
			files_changed(&d->mnts[i].files, ino);
	}
}

/* One invalidation on one mount.  ENOENT only means the kernel cached nothing. */
static void inval_one(struct ucgd_mnt *mnt, const struct nt_item *it)
{
	size_t len = strlen(it->name);
	int ret;

	switch (it->type) {
	case NT_INVAL_ENTRY:
		fuse_lowlevel_notify_inval_entry(mnt->se, fuse_ino(mnt, it->parent), it->name, len);
		break;
	case NT_DELETE:
		ret = fuse_lowlevel_notify_delete(mnt->se, fuse_ino(mnt, it->parent),
						  fuse_ino(mnt, it->ino), it->name, len);
		/* still in use (a process's cwd inside): at least drop the name */
		if (ret && ret != -ENOENT)
			fuse_lowlevel_notify_inval_entry(mnt->se, fuse_ino(mnt, it->parent),
							 it->name, len);
		fuse_lowlevel_notify_inval_inode(mnt->se, fuse_ino(mnt, it->parent), -1, 0);
		break;
	case NT_INVAL_ATTR:
		fuse_lowlevel_notify_inval_inode(mnt->se, fuse_ino(mnt, it->ino), -1, 0);
		break;
	case NT_CHANGE:
		break;
	}
}

static struct rl_entry **rl_slot(struct ucgd_notifier *nt, int hier_id, uint64_t ino)
{
	struct rl_entry **p = &nt->rl[(ino ^ (ino >> 12) ^ (uint64_t)hier_id) % RL_BUCKETS];

	for (; *p; p = &(*p)->next) {
		if ((*p)->ino == ino && (*p)->hier_id == hier_id)
			break;
	}
	return p;
}

/* A change of (@hier_id, @ino): deliver now, or at the end of its window. */
static void rate_limit(struct ucgd_notifier *nt, int hier_id, uint64_t ino, uint64_t now)
{
	struct rl_entry **p = rl_slot(nt, hier_id, ino), *e = *p;

	if (e && now - e->last_ns < RATE_NS) {
		e->due = true;
		return;
	}
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e) {
			deliver(nt->d, hier_id, ino); /* unthrottled rather than lost */
			return;
		}
		e->hier_id = hier_id;
		e->ino = ino;
		*p = e;
	}
	e->last_ns = now;
	deliver(nt->d, hier_id, ino);
}

/*
 * Deliver the changes whose window has ended; forget files quiet for a whole
 * window.  Return the time of the next window end, or 0 if nothing waits.
 */
static uint64_t rate_limit_timers(struct ucgd_notifier *nt, uint64_t now)
{
	uint64_t next = 0;
	size_t i;

	for (i = 0; i < RL_BUCKETS; i++) {
		struct rl_entry **p = &nt->rl[i], *e;

		while ((e = *p)) {
			uint64_t end = e->last_ns + RATE_NS;

			if (e->due && now >= end) {
				e->due = false;
				e->last_ns = now;
				deliver(nt->d, e->hier_id, e->ino);
			} else if (e->due) {
				next = !next || end < next ? end : next;
			} else if (now >= end) {
				*p = e->next;
				free(e);
				continue;
			}
			p = &e->next;
		}
	}
	return next;
}

static void run_item(struct ucgd_notifier *nt, struct nt_item *it, uint64_t now)
{
	struct ucgd *d = nt->d;
	size_t i;

	if (it->type == NT_CHANGE) {
		rate_limit(nt, it->hier_id, it->ino, now);
		return;
	}
	for (i = 0; i < d->nmnts; i++) {
		struct ucgd_mnt *mnt = &d->mnts[i];

		if (mnt != it->skip && mnt_serves(mnt, it->hier_id))
			inval_one(mnt, it);
	}
}

/**
 * ucgd_inval_entry_now - drop name @name of @parent from every mount's cache, now.
 * @d: daemon
 * @hier_id: hierarchy
 * @parent: engine inode of the directory
 * @name: the name
 *
 * Context: only from a handler whose operation holds no directory lock in
 * the kernel (a file write); blocks until the kernel has dropped the name.
 */
void ucgd_inval_entry_now(struct ucgd *d, int hier_id, uint64_t parent, const char *name)
{
	size_t i;

	for (i = 0; i < d->nmnts; i++) {
		struct ucgd_mnt *mnt = &d->mnts[i];

		if (mnt_serves(mnt, hier_id))
			fuse_lowlevel_notify_inval_entry(mnt->se, fuse_ino(mnt, parent), name,
							 strlen(name));
	}
}

static void deadline_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ull);
	ts->tv_nsec = (long)(ns % 1000000000ull);
}

static void *notifier_main(void *arg)
{
	struct ucgd_notifier *nt = arg;
	uint64_t next = 0;

	pthread_mutex_lock(&nt->lock);
	while (!nt->stop) {
		struct nt_item *list = nt->head, *it;
		uint64_t now;

		nt->head = NULL;
		nt->tail = &nt->head;
		pthread_mutex_unlock(&nt->lock);
		now = now_ns();
		while ((it = list)) {
			list = it->next;
			run_item(nt, it, now);
			free(it);
		}
		/* run the timers whenever entries exist, so quiet ones get pruned */
		next = rate_limit_timers(nt, now_ns());
		pthread_mutex_lock(&nt->lock);
		if (nt->head || nt->stop)
			continue;
		if (next) {
			struct timespec ts;

			deadline_ts(next, &ts);
			pthread_cond_timedwait(&nt->cond, &nt->lock, &ts);
		} else {
			pthread_cond_wait(&nt->cond, &nt->lock);
		}
	}
	pthread_mutex_unlock(&nt->lock);
	return NULL;
}

/**
 * ucgd_notifier_start - start the worker and take the engine's notifications.
 * @d: daemon, with its engine
 *
 * Return: 0, -ENOMEM, or the errno of pthread_create.
 */
int ucgd_notifier_start(struct ucgd *d)
{
	struct ucgd_notifier *nt = calloc(1, sizeof(*nt));
	pthread_condattr_t ca;
	int ret;

	if (!nt)
		return -ENOMEM;
	nt->d = d;
	nt->tail = &nt->head;
	pthread_mutex_init(&nt->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&nt->cond, &ca);
	pthread_condattr_destroy(&ca);
	ret = pthread_create(&nt->thread, NULL, notifier_main, nt);
	if (ret) {
		pthread_cond_destroy(&nt->cond);
		pthread_mutex_destroy(&nt->lock);
		free(nt);
		return -ret;
	}
	d->nt = nt;
	ucg_set_notify(d->ucg, on_engine_change, nt);
	return 0;
}

/**
 * ucgd_notifier_stop - stop notifications and the worker.
 * @d: daemon; its session loops have ended
 *
 * Return: true when stopped and freed; false if the worker did not stop
 * within 2 s (left running: the caller should exit).
 */
bool ucgd_notifier_stop(struct ucgd *d)
{
	struct ucgd_notifier *nt = d->nt;
	struct timespec ts;
	struct nt_item *it;
	size_t i;

	if (!nt)
		return true;
	ucg_set_notify(d->ucg, NULL, NULL);
	pthread_mutex_lock(&nt->lock);
	nt->stop = true;
	pthread_cond_signal(&nt->cond);
	pthread_mutex_unlock(&nt->lock);
	/*
	 * An invalidation can wait in the kernel for a directory lock held by a
	 * request that no session loop will answer any more: give up then.
	 */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 2;
	if (pthread_timedjoin_np(nt->thread, NULL, &ts))
		return false;
	while ((it = nt->head)) {
		nt->head = it->next;
		free(it);
	}
	for (i = 0; i < RL_BUCKETS; i++) {
		struct rl_entry *e;

		while ((e = nt->rl[i])) {
			nt->rl[i] = e->next;
			free(e);
		}
	}
	pthread_cond_destroy(&nt->cond);
	pthread_mutex_destroy(&nt->lock);
	free(nt);
	d->nt = NULL;
	return true;
}
