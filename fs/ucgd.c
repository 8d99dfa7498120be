// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ucgd - mount cgroupfs-compatible trees served by libucg, with FUSE.
 *
 *   ucgd [-f] [--host linux|sim] [--proc DIR] [--timeout SEC] [--spin USEC]
 *        -t cgroup2 [-o OPTS] MOUNTPOINT [-t cgroup -o OPTS MOUNTPOINT]...
 *
 * Each `-t TYPE [-o OPTS] [SOURCE] MOUNTPOINT` is one mount, as mount(8)
 * takes it; all of them share one engine, as every cgroupfs mount of a
 * machine shares the kernel's hierarchies.  Without -f the daemon goes to
 * the background once every mount is live, so a script can use them as soon
 * as ucgd returns.  SIGTERM, SIGINT and SIGHUP unmount everything and stop;
 * `fusermount3 -u` of a mount stops serving it, and the daemon ends with its
 * last mount.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <stdatomic.h>

#include "fs.h"

struct opts {
	bool foreground;
	bool debug;
	bool sim;
	double timeout;
	long spin_us;
	const char *proc_dir;
	struct group {
		const char *fstype;
		char *options;
		const char *pos[2]; /* [SOURCE] MOUNTPOINT */
		int npos;
	} *groups;
	size_t ngroups;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ucgd [-f] [-d] [--host linux|sim] [--proc DIR] [--timeout SEC] [--spin USEC]\n"
		"            -t cgroup2 [-o OPTS] MOUNTPOINT [-t cgroup -o OPTS MOUNTPOINT]...\n"
		"\n"
		"  -t TYPE [-o OPTS] [SOURCE] MOUNTPOINT\n"
		"                   one mount, as mount(8): cgroup2 (-o nsdelegate,...) or\n"
		"                   cgroup (-o pids,memory / none,name=X); repeat for more\n"
		"  -f               stay in the foreground\n"
		"  -d               FUSE debug output (implies -f)\n"
		"  --host linux|sim the engine's tasks: this machine's processes (default)\n"
		"                   or simulated ones\n"
		"  --proc DIR       also mount DIR/cgroups, DIR/PID/cgroup, DIR/self/cgroup\n"
		"  --spin USEC      after each request, workers poll for the next one this\n"
		"                   long before sleeping (default 50; 0: libfuse's loop)\n"
		"  --timeout SEC    kernel cache timeout of names and attributes (default 10;\n"
		"                   changes are invalidated explicitly)\n");
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("ucgd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- command line ---------------------------------------------------------- */

static void group_close(struct opts *o, struct group *g)
{
	struct group *n;

	if (!g->fstype && !g->npos && !g->options)
		return;
	if (!g->fstype)
		die("%s: no -t TYPE for this mount point", g->npos ? g->pos[g->npos - 1] : "-o");
	if (!g->npos)
		die("-t %s: no mount point", g->fstype);
	n = realloc(o->groups, (o->ngroups + 1) * sizeof(*n));
	if (!n)
		die("out of memory");
	o->groups = n;
	o->groups[o->ngroups++] = *g;
	memset(g, 0, sizeof(*g));
}

static void group_add_options(struct group *g, const char *s)
{
	size_t len = (g->options ? strlen(g->options) + 1 : 0) + strlen(s) + 1;
	char *n = malloc(len);

	if (!n)
		die("out of memory");
	snprintf(n, len, "%s%s%s", g->options ? g->options : "", g->options ? "," : "", s);
	free(g->options);
	g->options = n;
}

/* The value of option @argv[*i] ("-t X", "-tX", "--host X", "--host=X"). */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t len = strlen(name);

	if (a[len] == '=' && a[1] == '-')
		return a + len + 1;
	if (a[len] && a[1] != '-')
		return a + len;
	if (*i + 1 >= argc)
		die("%s needs a value", name);
	return argv[++*i];
}

static bool is_opt(const char *a, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(a, name, len))
		return false;
	return !a[len] || (name[1] == '-' ? a[len] == '=' : true);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	struct group cur = { 0 };
	bool dashdash = false;
	int i;

	memset(o, 0, sizeof(*o));
	o->timeout = 10.0;
	o->spin_us = 50;
	o->sim = false;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1]) {
			if (cur.npos == 2)
				die("%s: too many arguments for one mount (-t TYPE [SOURCE] MOUNTPOINT)", a);
			cur.pos[cur.npos++] = a;
		} else if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (!strcmp(a, "-f")) {
			o->foreground = true;
		} else if (!strcmp(a, "-d") || !strcmp(a, "--debug")) {
			o->debug = o->foreground = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (is_opt(a, "--host")) {
			const char *v = opt_value(argc, argv, &i, "--host");

			if (strcmp(v, "linux") && strcmp(v, "sim"))
				die("--host %s: must be linux or sim", v);
			o->sim = !strcmp(v, "sim");
		} else if (is_opt(a, "--proc")) {
			o->proc_dir = opt_value(argc, argv, &i, "--proc");
		} else if (is_opt(a, "--timeout")) {
			const char *v = opt_value(argc, argv, &i, "--timeout");
			char *end;

			o->timeout = strtod(v, &end);
			if (*end || end == v || o->timeout < 0 || o->timeout > 86400)
				die("--timeout %s: seconds from 0 to 86400", v);
		} else if (is_opt(a, "--spin")) {
			const char *v = opt_value(argc, argv, &i, "--spin");
			char *end;

			o->spin_us = strtol(v, &end, 10);
			if (*end || end == v || o->spin_us < 0 || o->spin_us > 100000)
				die("--spin %s: microseconds from 0 to 100000", v);
		} else if (is_opt(a, "-t")) {
			group_close(o, &cur);
			cur.fstype = opt_value(argc, argv, &i, "-t");
		} else if (is_opt(a, "-o")) {
			group_add_options(&cur, opt_value(argc, argv, &i, "-o"));
		} else {
			fprintf(stderr, "ucgd: unknown option %s\n", a);
			usage(stderr);
			exit(2);
		}
	}
	group_close(o, &cur);
	if (!o->ngroups && !o->proc_dir) {
		usage(stderr);
		exit(2);
	}
}

/* ---- checks before anything is mounted ---------------------------------------- */

/* /proc/self/mountinfo escapes blanks and backslashes as \ooo. */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* Is ucgd already mounted on @dir? */
static bool ucgd_mounted_on(const char *dir)
{
	char *line = NULL;
	size_t cap = 0;
	bool found = false;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0) {
		char mp[PATH_MAX], *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mp) != 1)
			continue;
		unescape(mp);
		found = !strcmp(mp, dir) && !strncmp(sep + 3, "fuse.ucgd ", 10);
	}
	free(line);
	fclose(f);
	return found;
}

/* A usable mount point, made absolute (the daemon changes to /). */
static char *check_mountpoint(const char *dir)
{
	struct stat st;
	char *abs;

	if (stat(dir, &st)) {
		if (errno == ENOTCONN)
			die("%s: %s (a dead FUSE mount: run fusermount3 -u %s)", dir, strerror(errno), dir);
		die("%s: %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		die("%s: %s", dir, strerror(ENOTDIR));
	abs = realpath(dir, NULL);
	if (!abs)
		die("%s: %s", dir, strerror(errno));
	if (ucgd_mounted_on(abs))
		die("%s: %s (ucgd is already mounted there)", dir, strerror(EBUSY));
	return abs;
}

static void check_dev_fuse(void)
{
	if (access("/dev/fuse", F_OK))
		die("/dev/fuse: %s (load the fuse module, or give the container the device)",
		    strerror(errno));
	/* fusermount3 opens /dev/fuse as the user: its mode says who may use FUSE */
	if (geteuid() != 0 && access("/dev/fuse", R_OK | W_OK))
		die("/dev/fuse: %s (unprivileged FUSE mounts need read-write access to it)",
		    strerror(errno));
}

/* May an unprivileged user mount with allow_other (/etc/fuse.conf)? */
static bool user_allow_other(void)
{
	char line[256];
	bool ok = false;
	FILE *f = fopen("/etc/fuse.conf", "re");

	if (!f)
		return false;
	while (!ok && fgets(line, sizeof(line), f)) {
		char *s = line, *e;

		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		ok = !strcmp(s, "user_allow_other");
	}
	fclose(f);
	return ok;
}

/* ---- daemon ------------------------------------------------------------------ */

/*
 * Fork before anything starts a thread (the engine's monitor, the session
 * loops): the parent waits for the child's word that every mount is live
 * and exits with its status.  Returns the pipe the child reports on.
 */
static int daemon_fork(void)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid > 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 ? c : 1);
	}
	close(p[0]);
	setsid();
	return p[1];
}

static void daemon_ready(int fd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (chdir("/"))
		(void)0; /* the mount points are absolute: the cwd does not matter */
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		close(null);
	}
	if (write(fd, "", 1) != 1)
		(void)0; /* the parent is gone: nobody waits */
	close(fd);
}

static pthread_t main_thread;

static void wake_handler(int sig)
{
	(void)sig; /* only interrupts the session loop's sem_wait() */
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

#define SPIN_WORKERS 2

/*
 * A worker of the spinning loop.  A request usually comes in a burst (OPEN,
 * READ, RELEASE; LOOKUP, MKDIR...): after serving one, the worker keeps
 * polling the non-blocking /dev/fuse fd for --spin microseconds, so the next
 * request is taken without the cross-CPU wake-up that costs most of a FUSE
 * round trip on this kind of machine (MEASURED.md); then it sleeps in
 * poll().  An idle daemon uses no CPU.
 */
static void *spin_worker(void *arg)
{
	struct ucgd_mnt *mnt = arg;
	struct fuse_session *se = mnt->se;
	uint64_t spin_ns = (uint64_t)mnt->d->spin_us * 1000, last = mono_ns();
	struct pollfd p = { .fd = fuse_session_fd(se), .events = POLLIN };
	struct fuse_buf fbuf = { .mem = NULL };

	while (!fuse_session_exited(se)) {
		int res = fuse_session_receive_buf(se, &fbuf);

		if (res == -EAGAIN) {
			if (mono_ns() - last < spin_ns)
				continue;
			poll(&p, 1, 100); /* 100 ms: notice fuse_session_exit() */
			last = mono_ns();
			continue;
		}
		if (res == -EINTR)
			continue;
		if (res <= 0) {
			fuse_session_exit(se);
			break;
		}
		fuse_session_process_buf(se, &fbuf);
		last = mono_ns();
	}
	free(fbuf.mem);
	return NULL;
}

static void spin_loop(struct ucgd_mnt *mnt)
{
	int fd = fuse_session_fd(mnt->se), i, n = 0;
	pthread_t t[SPIN_WORKERS];

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	for (i = 0; i < SPIN_WORKERS; i++)
		n += !pthread_create(&t[n], NULL, spin_worker, mnt);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static void *loop_main(void *arg)
{
	struct ucgd_mnt *mnt = arg;
	struct fuse_loop_config *cfg = fuse_loop_cfg_create();
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	if (mnt->d->spin_us > 0)
		spin_loop(mnt);
	else if (cfg)
		fuse_session_loop_mt(mnt->se, cfg);
	if (cfg)
		fuse_loop_cfg_destroy(cfg);
	atomic_store(&mnt->loop_done, true);
	pthread_kill(main_thread, SIGUSR2);
	return NULL;
}

/*
 * Stop one session loop.  fuse_session_loop_mt() waits in sem_wait() until a
 * worker ends or a signal interrupts it; libfuse's own signal handlers stop
 * only one session, so the main thread takes the signals and interrupts
 * each loop with SIGUSR1, again until it has returned (the signal may land
 * just before the loop starts waiting).
 */
static void loop_stop(struct ucgd_mnt *mnt)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	if (!mnt->loop_started)
		return;
	while (!atomic_load(&mnt->loop_done)) {
		fuse_session_exit(mnt->se);
		pthread_kill(mnt->loop, SIGUSR1);
		nanosleep(&tick, NULL);
	}
	pthread_join(mnt->loop, NULL);
	mnt->loop_started = false;
}

static void setup_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wake_handler; /* no SA_RESTART: sem_wait() must return */
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* every thread started from now on inherits this mask */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	main_thread = pthread_self();
}

/* Wait for a stop signal, or for every session to end (fusermount3 -u). */
static void wait_for_stop(struct ucgd *d)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR2);
	for (;;) {
		int sig = sigwaitinfo(&set, NULL);
		bool live = false;

		if (sig < 0)
			continue;
		if (sig != SIGUSR2)
			return;
		for (i = 0; i < d->nmnts; i++)
			live |= d->mnts[i].loop_started && !atomic_load(&d->mnts[i].loop_done);
		if (!live)
			return;
	}
}

/* ---- mounts ------------------------------------------------------------------- */

static struct ucg *engine_new(bool sim)
{
	struct ucg *ucg;

	if (sim) {
		ucg = ucg_new_sim();
		if (!ucg)
			die("cannot create the engine: %s", strerror(ENOMEM));
		return ucg;
	}
	ucg = ucg_new_linux();
	if (!ucg)
		die("--host linux: %s", strerror(errno));
	return ucg;
}

struct names {
	char **v;
	size_t n;
};

static int collect_file(void *arg, const char *name, const struct ucg_stat *st)
{
	struct names *nm = arg;
	char **v;

	if (st->is_dir)
		return 0;
	v = realloc(nm->v, (nm->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	nm->v = v;
	v[nm->n] = strdup(name);
	if (!v[nm->n])
		return -ENOMEM;
	nm->n++;
	return 0;
}

/*
 * An unprivileged daemon serves a tree for its own user: the root directory
 * and its files belong to that user, as a delegated subtree does on the
 * kernel's cgroup2 (chown of the directory and its files).
 */
static void delegate_root(struct ucgd_mnt *mnt)
{
	const struct ucg_cred root = UCG_CRED_ROOT;
	struct names nm = { 0 };
	char path[PATH_MAX];
	size_t i;

	ucg_chown(mnt->m, "/", getuid(), getgid(), &root);
	ucg_readdir(mnt->m, "/", collect_file, &nm);
	for (i = 0; i < nm.n; i++) {
		snprintf(path, sizeof(path), "/%s", nm.v[i]);
		ucg_chown(mnt->m, path, getuid(), getgid(), &root);
		free(nm.v[i]);
	}
	free(nm.v);
}

static void engine_mount(struct ucgd *d, struct ucgd_mnt *mnt)
{
	const struct ucg_cred root = UCG_CRED_ROOT;
	int ret = ucg_mount(d->ucg, mnt->fstype, mnt->options, &root, &mnt->m);

	if (ret)
		die("mount -t %s%s%s: %s", mnt->fstype, mnt->options ? " -o " : "",
		    mnt->options ? mnt->options : "", strerror(-ret));
	mnt->hier_id = ucg_mount_hier_id(mnt->m);
	mnt->root_ino = ucg_root_ino(mnt->m);
	if (geteuid() != 0)
		delegate_root(mnt);
}

static int fuse_mount_one(struct ucgd *d, struct ucgd_mnt *mnt, const struct opts *o)
{
	const struct fuse_lowlevel_ops *ops = mnt->kind == UCGD_PROC ? &ucgd_proc_ops : &ucgd_cgroup_ops;
	bool other = geteuid() == 0 || user_allow_other();
	char mopts[256];
	char *argv[5];
	int argc = 0;
	struct fuse_args args;

	snprintf(mopts, sizeof(mopts), "fsname=%s,subtype=ucgd%s",
		 mnt->kind == UCGD_PROC ? "ucgproc" : mnt->fstype, other ? ",allow_other" : "");
	argv[argc++] = (char *)"ucgd";
	argv[argc++] = (char *)"-o";
	argv[argc++] = mopts;
	if (o->debug)
		argv[argc++] = (char *)"-d";
	argv[argc] = NULL;
	args = (struct fuse_args)FUSE_ARGS_INIT(argc, argv);
	mnt->se = fuse_session_new(&args, ops, sizeof(*ops), mnt);
	fuse_opt_free_args(&args);
	if (!mnt->se) {
		fprintf(stderr, "ucgd: %s: cannot create the FUSE session\n", mnt->mountpoint);
		return -1;
	}
	if (fuse_session_mount(mnt->se, mnt->mountpoint)) {
		fprintf(stderr, "ucgd: %s: cannot mount (see the message above)\n", mnt->mountpoint);
		fuse_session_destroy(mnt->se);
		mnt->se = NULL;
		return -1;
	}
	(void)d;
	return 0;
}

static void teardown(struct ucgd *d)
{
	size_t i;

	for (i = 0; i < d->nmnts; i++)
		loop_stop(&d->mnts[i]);
	if (!ucgd_notifier_stop(d)) {
		/* stuck in the kernel: unmounting aborts what it waits for; exit then */
		fprintf(stderr, "ucgd: the notifier thread does not stop; exiting without cleanup\n");
		for (i = 0; i < d->nmnts; i++) {
			if (d->mnts[i].se)
				fuse_session_unmount(d->mnts[i].se);
		}
		_exit(0);
	}
	for (i = 0; i < d->nmnts; i++) {
		struct ucgd_mnt *mnt = &d->mnts[i];

		if (mnt->se) {
			fuse_session_unmount(mnt->se);
			fuse_session_destroy(mnt->se);
		}
		/* RELEASE is sent asynchronously: some may never have arrived */
		ucgd_files_close_all(&mnt->files);
		if (mnt->m)
			ucg_umount(mnt->m);
		free(mnt->mountpoint);
	}
	ucg_destroy(d->ucg);
	free(d->mnts);
}

static void setup_mounts(struct ucgd *d, const struct opts *o)
{
	size_t i, j;

	d->nmnts = o->ngroups + (o->proc_dir ? 1 : 0);
	d->mnts = calloc(d->nmnts, sizeof(*d->mnts));
	if (!d->mnts)
		die("out of memory");
	for (i = 0; i < d->nmnts; i++) {
		struct ucgd_mnt *mnt = &d->mnts[i];

		mnt->d = d;
		ucgd_files_init(&mnt->files);
		if (i < o->ngroups) {
			const struct group *g = &o->groups[i];

			mnt->kind = UCGD_CGROUP;
			mnt->fstype = g->fstype;
			mnt->options = g->options;
			mnt->mountpoint = check_mountpoint(g->pos[g->npos - 1]);
		} else {
			mnt->kind = UCGD_PROC;
			mnt->mountpoint = check_mountpoint(o->proc_dir);
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(d->mnts[j].mountpoint, mnt->mountpoint))
				die("%s: %s (given twice)", mnt->mountpoint, strerror(EBUSY));
		}
	}
}

int main(int argc, char **argv)
{
	struct ucgd d = { 0 };
	struct opts o;
	int ready_fd = -1, ret = 0;
	size_t i;

	parse_args(argc, argv, &o);
	check_dev_fuse();
	d.sim = o.sim;
	d.timeout = o.timeout;
	d.spin_us = o.spin_us;
	clock_gettime(CLOCK_REALTIME, &d.start);
	setup_mounts(&d, &o);
	if (!o.foreground)
		ready_fd = daemon_fork();
	setup_signals();
	d.ucg = engine_new(o.sim);
	for (i = 0; i < d.nmnts; i++) {
		if (d.mnts[i].kind == UCGD_CGROUP)
			engine_mount(&d, &d.mnts[i]);
	}
	if (ucgd_notifier_start(&d))
		die("cannot start the notifier thread");
	for (i = 0; i < d.nmnts && !ret; i++)
		ret = fuse_mount_one(&d, &d.mnts[i], &o);
	for (i = 0; i < d.nmnts && !ret; i++) {
		struct ucgd_mnt *mnt = &d.mnts[i];

		if (pthread_create(&mnt->loop, NULL, loop_main, mnt)) {
			fprintf(stderr, "ucgd: cannot start a session thread\n");
			ret = -1;
		} else {
			mnt->loop_started = true;
		}
	}
	if (ret) {
		teardown(&d);
		return 1;
	}
	if (ready_fd >= 0)
		daemon_ready(ready_fd);
	wait_for_stop(&d);
	teardown(&d);
	for (i = 0; i < o.ngroups; i++)
		free(o.groups[i].options);
	free(o.groups);
	return 0;
}
