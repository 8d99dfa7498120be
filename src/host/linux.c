// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * linux.c - host-linux: the engine's tasks are this machine's real processes.
 *
 * Every process exists from the start, in the root cgroups.  The engine meets
 * a PID (a write to cgroup.procs, /proc/PID/cgroup) and the host adopts it:
 * its thread group is registered, tracked by a pidfd (no PID-reuse mistakes:
 * the pidfd names that process and no other).  A monitor thread then
 *  - forgets a process when its pidfd reports the exit;
 *  - every scan period, registers new threads and forgets gone ones
 *    (/proc/PID/task), and adopts the children of tracked threads
 *    (/proc/PID/task/TID/children) in their parent's cgroups, as a fork would.
 * Each scan also reads every tracked thread's CPU time (/proc/PID/task/TID/
 * stat) and charges the difference to its cgroups (cpu.stat, cpu.max), then
 * stops the processes the cpu controller says are throttled until their next
 * period.  Effects: SIGKILL through the pidfd, other signals with tgkill, the
 * freezer and cpu throttling with SIGSTOP/SIGCONT of the whole process.
 *
 * Deviation: forks and thread creation are seen up to one scan period late
 * (default 100 ms), a fork the pids controller refuses is killed then
 * instead of failing, CPU time is charged and cpu.max enforced once per
 * scan, and the freezer stops whole processes, not single threads
 * (docs/deviations.md).
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/cgroup-internal.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

#define SCAN_PERIOD_MS 100

/* Per task (thread); the leader also owns the process's pidfd. */
struct linux_task {
	struct task_struct *task;
	int pidfd;                 /* leader only, else -1 */
	unsigned long long start;  /* start time (clock ticks), leader only */
	unsigned long long utime, stime; /* CPU time charged so far (clock ticks) */
	bool frozen;               /* leader only: the freezer wants it stopped */
	bool throttled;            /* leader only: cpu.max wants it stopped */
	bool stopped;              /* leader only: SIGSTOP sent */
	struct list_head node;     /* leader only: on linux_host.procs */
};

struct linux_host {
	struct ucg *ucg;
	int epfd;
	int wakefd;                /* eventfd: stop the monitor */
	pthread_t monitor;
	bool monitor_started;
	bool running;              /* cgroup_mutex */
	struct list_head procs;    /* tracked processes, cgroup_mutex */
};

static uint64_t linux_now_ns(void *host)
{
	struct timespec ts;

	(void)host;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static struct linux_task *lt_of(struct task_struct *t)
{
	return t->host_priv;
}

/* Tgid, real and saved uid and PPid from /proc/PID/status. */
static int read_status(pid_t pid, pid_t *tgid, uid_t *uid, uid_t *suid, pid_t *ppid)
{
	char path[64], line[256];
	unsigned int r, e, s, f;
	int found = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	fp = fopen(path, "re");
	if (!fp)
		return -ESRCH;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "Tgid: %d", tgid) == 1)
			found |= 1;
		else if (sscanf(line, "PPid: %d", ppid) == 1)
			found |= 2;
		else if (sscanf(line, "Uid: %u %u %u %u", &r, &e, &s, &f) == 4) {
			*uid = r;
			*suid = s;
			found |= 4;
		}
	}
	fclose(fp);
	return found == 7 ? 0 : -ESRCH;
}

/* Field 22 of /proc/PID/stat (start time), 0 if gone; *@state (field 3). */
static unsigned long long read_stat(pid_t pid, char *state)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	if (!p || !p[1])
		return 0;
	*state = p[2];
	for (i = 2; p && i < 22; i++)
		p = strchr(p + 1, ' ');
	if (p)
		sscanf(p + 1, "%llu", &start);
	return start;
}

/* utime and stime (fields 14, 15, clock ticks) of thread @tid; -1 if gone. */
static int read_thread_times(pid_t tgid, pid_t tid, unsigned long long *ut,
			     unsigned long long *st)
{
	char path[96], buf[1024], *p;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", tgid, tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	for (i = 2; p && i < 14; i++)
		p = strchr(p + 1, ' ');
	return p && sscanf(p + 1, "%llu %llu", ut, st) == 2 ? 0 : -1;
}

static unsigned long long read_start_time(pid_t pid)
{
	char state;

	return read_stat(pid, &state);
}

/* Without pidfds (kernel < 5.3, valgrind): is process @tgid still the one
 * that started at @start? */
static bool proc_alive(pid_t tgid, unsigned long long start)
{
	char state = 'X';

	return read_stat(tgid, &state) == start && state != 'Z' && state != 'X';
}

/* Signal process @tgid that @lt describes: through its pidfd, or by PID
 * after checking it is still the same process. */
static int proc_signal_pid(struct linux_task *lt, pid_t tgid, int sig)
{
	if (lt->pidfd >= 0)
		return syscall(SYS_pidfd_send_signal, lt->pidfd, sig, NULL, 0) ? -errno : 0;
	if (!proc_alive(tgid, lt->start))
		return -ESRCH;
	return kill(tgid, sig) ? -errno : 0;
}

/* Signal the whole process @lt leads. */
static int proc_signal(struct linux_task *lt, int sig)
{
	return proc_signal_pid(lt, lt->task->tgid, sig);
}

/* Register thread @tid of tracked process @leader.  Context: cgroup_mutex. */
static int linux_add_thread(struct ucg *ucg, struct task_struct *leader, pid_t tid)
{
	struct linux_task *lt = calloc(1, sizeof(*lt));
	struct task_struct *t;
	int ret;

	if (!lt)
		return -ENOMEM;
	lt->pidfd = -1;
	INIT_LIST_HEAD(&lt->node);
	ret = cgroup_task_fork(ucg, leader, tid, leader->tgid, leader->uid, lt, &t);
	if (ret) {
		free(lt);
		/* Deviation: the clone already happened; the kernel would have
		 * failed it (pids.max).  Only the whole process can be killed. */
		if (ret == -EAGAIN)
			proc_signal(lt_of(leader), SIGKILL);
		return ret;
	}
	t->suid = leader->suid;
	lt->task = t;
	/* time used before ucg met the thread is not this cgroup's */
	read_thread_times(leader->tgid, tid, &lt->utime, &lt->stime);
	return 0;
}

/* Register the threads of @leader's process listed in /proc.  Context: cgroup_mutex. */
static void linux_sync_threads(struct linux_host *h, struct task_struct *leader);

/* Adopt thread group @tgid, child of @parent (NULL: in the root cgroups).
 * Context: cgroup_mutex. */
static int linux_adopt_group(struct linux_host *h, pid_t tgid, struct task_struct *parent)
{
	struct linux_task *lt;
	struct task_struct *t;
	struct epoll_event ev = { .events = EPOLLIN };
	pid_t tg = 0, ppid = 0;
	uid_t uid = 0, suid = 0;
	char state = 'R';
	int ret;

	if (read_status(tgid, &tg, &uid, &suid, &ppid) || tg != tgid)
		return -ESRCH;
	lt = calloc(1, sizeof(*lt));
	if (!lt)
		return -ENOMEM;
	INIT_LIST_HEAD(&lt->node);
	lt->pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	lt->start = read_start_time(tgid);
	/* no pidfds here: fall back to start-time checks in the scans */
	if ((lt->pidfd < 0 && errno != ENOSYS) || !lt->start) {
		ret = -ESRCH;
		goto err_free;
	}
	if (!parent) {
		pthread_mutex_lock(&h->ucg->css_set_lock);
		parent = cgroup_task_find(h->ucg, ppid);
		pthread_mutex_unlock(&h->ucg->css_set_lock);
	}
	ret = cgroup_task_fork(h->ucg, parent, tgid, tgid, uid, lt, &t);
	/* Deviation: a fork over pids.max is killed after the fact */
	if (ret == -EAGAIN)
		proc_signal_pid(lt, tgid, SIGKILL);
	if (ret)
		goto err_free;
	t->suid = suid;
	lt->task = t;
	read_thread_times(tgid, tgid, &lt->utime, &lt->stime);
	ev.data.ptr = lt;
	if (lt->pidfd >= 0)
		epoll_ctl(h->epfd, EPOLL_CTL_ADD, lt->pidfd, &ev);
	list_add_tail(&lt->node, &h->procs);
	/* a leader that already exited (zombie, maybe with live threads) is
	 * adopted as exited: migrations then move only its live threads */
	if (read_stat(tgid, &state) && (state == 'Z' || state == 'X'))
		cgroup_task_exit(h->ucg, t);
	linux_sync_threads(h, t);
	return 0;

err_free:
	if (lt->pidfd >= 0)
		close(lt->pidfd);
	free(lt);
	return ret;
}

static int linux_adopt(void *host, pid_t pid)
{
	struct linux_host *h = host;
	pid_t tgid = 0, ppid = 0;
	uid_t uid, suid;
	struct task_struct *leader;

	if (read_status(pid, &tgid, &uid, &suid, &ppid))
		return -ESRCH;
	pthread_mutex_lock(&h->ucg->css_set_lock);
	leader = cgroup_task_find(h->ucg, tgid);
	pthread_mutex_unlock(&h->ucg->css_set_lock);
	if (leader) {
		/* a thread born since the last scan */
		linux_sync_threads(h, leader);
		return 0;
	}
	return linux_adopt_group(h, tgid, NULL);
}

/* Forget every thread of the process led by @lt.  Context: cgroup_mutex. */
static void linux_forget_process(struct linux_host *h, struct linux_task *lt)
{
	struct task_struct *leader = lt->task, *t, *n;

	if (lt->pidfd >= 0)
		epoll_ctl(h->epfd, EPOLL_CTL_DEL, lt->pidfd, NULL);
	list_del_init(&lt->node);
	list_for_each_entry_safe(t, n, &leader->threads, thread_node) {
		cgroup_task_exit(h->ucg, t);
		cgroup_task_release(h->ucg, t);
	}
	cgroup_task_exit(h->ucg, leader);
	cgroup_task_release(h->ucg, leader); /* frees lt through task_free */
}

static bool tid_listed(const pid_t *tids, size_t n, pid_t tid)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (tids[i] == tid)
			return true;
	}
	return false;
}

/* The thread ids in /proc/TGID/task, malloc'd. */
static pid_t *list_tids(pid_t tgid, size_t *n)
{
	char path[64];
	struct dirent *de;
	pid_t *tids = NULL, *nt;
	size_t cap = 0;
	DIR *d;

	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	d = opendir(path);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		pid_t tid = (pid_t)atoi(de->d_name);

		if (tid <= 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			nt = realloc(tids, cap * sizeof(*tids));
			if (!nt)
				break;
			tids = nt;
		}
		tids[(*n)++] = tid;
	}
	closedir(d);
	return tids;
}

static void linux_sync_threads(struct linux_host *h, struct task_struct *leader)
{
	struct task_struct *t, *n;
	size_t nr, i;
	pid_t *tids = list_tids(leader->tgid, &nr);

	if (!tids)
		return;
	list_for_each_entry_safe(t, n, &leader->threads, thread_node) {
		if (!t->exiting && !tid_listed(tids, nr, t->pid)) {
			cgroup_task_exit(h->ucg, t);
			cgroup_task_release(h->ucg, t);
		}
	}
	for (i = 0; i < nr; i++) {
		pthread_mutex_lock(&h->ucg->css_set_lock);
		t = cgroup_task_find(h->ucg, tids[i]);
		pthread_mutex_unlock(&h->ucg->css_set_lock);
		if (!t)
			linux_add_thread(h->ucg, leader, tids[i]);
	}
	free(tids);
}

/* Adopt unknown children of thread @t, in @t's cgroups.  Context: cgroup_mutex. */
static void linux_adopt_children(struct linux_host *h, struct task_struct *t)
{
	char path[96], buf[4096], *p, *end;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", t->tgid, t->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (p = buf;; p = end) {
		long child = strtol(p, &end, 10);
		struct task_struct *known;

		if (end == p)
			break;
		pthread_mutex_lock(&h->ucg->css_set_lock);
		known = cgroup_task_find(h->ucg, (pid_t)child);
		pthread_mutex_unlock(&h->ucg->css_set_lock);
		if (!known)
			linux_adopt_group(h, (pid_t)child, t);
	}
}

static int linux_apply_stop(struct linux_task *lt);

static uint64_t tick_ns(void)
{
	static uint64_t ns;

	if (!ns) {
		long hz = sysconf(_SC_CLK_TCK);

		ns = 1000000000ULL / (uint64_t)(hz > 0 ? hz : 100);
	}
	return ns;
}

/* Charge the CPU time thread @t used since the last scan.  Context: cgroup_mutex. */
static void linux_charge_thread(struct task_struct *t)
{
	struct linux_task *lt = lt_of(t);
	unsigned long long ut, st;

	if (t->exiting || read_thread_times(t->tgid, t->pid, &ut, &st))
		return;
	if (ut < lt->utime || st < lt->stime)
		return; /* not the thread we knew: pid reuse caught by the next sync */
	if (ut != lt->utime || st != lt->stime)
		cgroup_account_cputime(t, (ut - lt->utime) * tick_ns(), (st - lt->stime) * tick_ns());
	lt->utime = ut;
	lt->stime = st;
}

/* Charge a process's threads, then stop it while cpu.max throttles one of
 * them.  Context: cgroup_mutex. */
static void linux_account_process(struct linux_host *h, struct linux_task *lt)
{
	struct task_struct *leader = lt->task, *t;
	bool throttled;

	linux_charge_thread(leader);
	list_for_each_entry(t, &leader->threads, thread_node)
		linux_charge_thread(t);
	throttled = !leader->exiting && ucg_cpu_throttled(h->ucg, leader->pid) == 1;
	list_for_each_entry(t, &leader->threads, thread_node)
		throttled |= !t->exiting && ucg_cpu_throttled(h->ucg, t->pid) == 1;
	if (throttled != lt->throttled) {
		lt->throttled = throttled;
		linux_apply_stop(lt);
	}
}

/* One scan of every tracked process.  Context: cgroup_mutex. */
static void linux_scan(struct linux_host *h)
{
	struct linux_task *lt, *n;
	struct task_struct *t;

	list_for_each_entry_safe(lt, n, &h->procs, node) {
		if (lt->pidfd < 0 && !proc_alive(lt->task->tgid, lt->start)) {
			linux_forget_process(h, lt);
			continue;
		}
		linux_sync_threads(h, lt->task);
		linux_account_process(h, lt);
	}
	/* children adopted here are appended to the list and scanned next time */
	list_for_each_entry_safe(lt, n, &h->procs, node) {
		linux_adopt_children(h, lt->task);
		list_for_each_entry(t, &lt->task->threads, thread_node)
			linux_adopt_children(h, t);
	}
}

static void *linux_monitor(void *arg)
{
	struct linux_host *h = arg;
	struct epoll_event evs[32];
	int i, n;

	for (;;) {
		n = epoll_wait(h->epfd, evs, 32, SCAN_PERIOD_MS);
		cgroup_lock(h->ucg);
		if (!h->running) {
			cgroup_unlock(h->ucg);
			return NULL;
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr)
				linux_forget_process(h, evs[i].data.ptr);
		}
		linux_scan(h);
		cgroup_unlock(h->ucg);
	}
}

static int linux_signal(void *host, struct task_struct *task, int sig)
{
	struct linux_task *lt = lt_of(task->group_leader);

	(void)host;
	if (sig == SIGKILL && task->group_leader == task)
		return proc_signal(lt, sig);
	return syscall(SYS_tgkill, task->tgid, task->pid, sig) ? -errno : 0;
}

/* Stop the process @lt leads while the freezer or cpu.max wants it stopped,
 * resume it when neither does (job control stops every thread). */
static int linux_apply_stop(struct linux_task *lt)
{
	bool want = lt->frozen || lt->throttled;
	int ret;

	if (lt->stopped != want && (ret = proc_signal(lt, want ? SIGSTOP : SIGCONT)))
		return ret;
	lt->stopped = want;
	return 0;
}

static int linux_freeze(void *host, struct task_struct *task, bool freeze)
{
	struct linux_task *lt = lt_of(task->group_leader);
	int ret;

	(void)host;
	lt->frozen = freeze;
	ret = linux_apply_stop(lt);
	return ret ? ret : 1;
}

static void linux_task_free(void *host, struct task_struct *task)
{
	struct linux_task *lt = task->host_priv;

	(void)host;
	if (lt->stopped) /* never leave a process stopped */
		proc_signal(lt, SIGCONT);
	if (lt->pidfd >= 0)
		close(lt->pidfd);
	list_del_init(&lt->node);
	free(lt);
}

static void linux_shutdown(void *host)
{
	struct linux_host *h = host;
	uint64_t one = 1;

	if (!h->monitor_started)
		return;
	cgroup_lock(h->ucg);
	h->running = false;
	cgroup_unlock(h->ucg);
	if (write(h->wakefd, &one, sizeof(one)) < 0)
		return;
	pthread_join(h->monitor, NULL);
}

static void linux_destroy(void *host)
{
	struct linux_host *h = host;

	close(h->epfd);
	close(h->wakefd);
	free(h);
}

static const struct host_ops linux_host_ops = {
	.name = "linux",
	.now_ns = linux_now_ns,
	.signal = linux_signal,
	.freeze = linux_freeze,
	.task_free = linux_task_free,
	.adopt = linux_adopt,
	.shutdown = linux_shutdown,
	.destroy = linux_destroy,
};

struct ucg *ucg_new_linux(void)
{
	struct linux_host *h = calloc(1, sizeof(*h));
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct ucg *ucg;

	if (!h)
		return NULL;
	INIT_LIST_HEAD(&h->procs);
	h->epfd = epoll_create1(EPOLL_CLOEXEC);
	h->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (h->epfd < 0 || h->wakefd < 0 || epoll_ctl(h->epfd, EPOLL_CTL_ADD, h->wakefd, &ev))
		goto err_free;
	ucg = cgroup_engine_new(&linux_host_ops, h);
	if (!ucg)
		return NULL; /* the engine destroyed @h */
	h->ucg = ucg;
	h->running = true;
	if (pthread_create(&h->monitor, NULL, linux_monitor, h)) {
		ucg_destroy(ucg);
		return NULL;
	}
	h->monitor_started = true;
	return ucg;

err_free:
	if (h->epfd >= 0)
		close(h->epfd);
	if (h->wakefd >= 0)
		close(h->wakefd);
	free(h);
	return NULL;
}
