// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ucg-demo - the quick start's main job until ucgd lands: drives the engine
 * through its public API the way a service manager drives cgroupfs, on
 * simulated tasks, and prints what happened as a readable report.
 *
 * Scenario: a v2 tree with pids enabled; a web service with threads; a batch
 * job under pids.max that forks past its limit; the batch cgroup frozen,
 * thawed and killed; a named v1 hierarchy beside it.  Every step prints the
 * files a user would `cat`.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ucg/ucg.h>

static const struct ucg_cred root = UCG_CRED_ROOT;

static void check(int ret, const char *what)
{
	if (ret < 0) {
		fprintf(stderr, "ucg-demo: %s: %s\n", what, strerror(-ret));
		exit(1);
	}
}

/* One line of a file, trimmed, or its error. */
static void file_line(struct ucg_mount *m, const char *dir, const char *file, char *out, size_t len)
{
	char path[256], *s = NULL, *nl;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", file);
	ret = ucg_read_file(m, path, &root, &s);
	if (ret) {
		snprintf(out, len, "-");
		return;
	}
	for (nl = s; (nl = strchr(nl, '\n'));)
		*nl = nl[1] ? ',' : '\0';
	snprintf(out, len, "%s", s[0] ? s : "(empty)");
	free(s);
}

static int count_lines(struct ucg_mount *m, const char *dir, const char *file)
{
	char path[256], *s = NULL, *p;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", file);
	if (ucg_read_file(m, path, &root, &s))
		return -1;
	for (p = s; *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

#define MAX_CHILDREN 16

/* Child directory names, collected first: readdir callbacks must not call
 * back into the engine. */
struct children {
	char name[MAX_CHILDREN][64];
	int n;
};

static int collect_child(void *arg, const char *name, const struct ucg_stat *st)
{
	struct children *c = arg;

	if (st->is_dir && c->n < MAX_CHILDREN)
		snprintf(c->name[c->n++], sizeof(c->name[0]), "%s", name);
	return 0;
}

static void print_cgroup(struct ucg_mount *m, const char *dir, int depth)
{
	char type[32], events[64], cur[32], max[32], pev[64];
	const char *name = strrchr(dir, '/');
	struct children c = { .n = 0 };
	char path[256];
	int i;

	file_line(m, dir, "cgroup.type", type, sizeof(type));
	file_line(m, dir, "cgroup.events", events, sizeof(events));
	file_line(m, dir, "pids.current", cur, sizeof(cur));
	file_line(m, dir, "pids.max", max, sizeof(max));
	file_line(m, dir, "pids.events", pev, sizeof(pev));
	printf("%*s%-*s %-16s procs %-3d threads %-3d %-22s pids %s/%s %s\n", depth * 2, "",
	       28 - depth * 2, depth ? name + 1 : "/", depth ? type : "(root)",
	       count_lines(m, dir, "cgroup.procs"), count_lines(m, dir, "cgroup.threads"),
	       depth ? events : "", cur, max, depth ? pev : "");
	check(ucg_readdir(m, dir, collect_child, &c), "readdir");
	for (i = 0; i < c.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", c.name[i]);
		print_cgroup(m, path, depth + 1);
	}
}

static void heading(const char *s)
{
	printf("\n== %s\n", s);
}

static void move(struct ucg_mount *m, const char *cgroup, pid_t pid)
{
	char path[256], buf[16];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup);
	snprintf(buf, sizeof(buf), "%d", pid);
	check(ucg_write_file(m, path, buf, &root), path);
}

static void show(struct ucg_mount *m, const char *path)
{
	char *s = NULL;

	check(ucg_read_file(m, path, &root, &s), path);
	printf("$ cat %s\n%s", path, s);
	free(s);
}

int main(void)
{
	static const char *const dirs[] = {
		"/system.slice", "/system.slice/web.service", "/user.slice", "/batch",
		"/batch/job-1",
	};
	struct ucg *u = ucg_new_sim();
	struct ucg_mount *m, *m1;
	pid_t web, t, job, p;
	size_t i;
	int forked = 0, refused = 0, ret;
	char *s;

	if (!u)
		return 1;
	heading("mount -t cgroup2; enable pids; build a tree");
	check(ucg_mount(u, "cgroup2", NULL, &root, &m), "mount cgroup2");
	check(ucg_write_file(m, "/cgroup.subtree_control", "+pids", &root), "+pids");
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		check(ucg_mkdir(m, dirs[i], 0755, &root), dirs[i]);
	check(ucg_write_file(m, "/system.slice/cgroup.subtree_control", "+pids", &root), "+pids");
	check(ucg_write_file(m, "/batch/cgroup.subtree_control", "+pids", &root), "+pids");
	check(ucg_write_file(m, "/batch/pids.max", "8", &root), "pids.max");
	show(m, "/cgroup.controllers");

	heading("a web service: one process, four threads");
	check(ucg_sim_fork(u, 0, 0, &web), "fork");
	move(m, "/system.slice/web.service", web);
	for (i = 0; i < 3; i++)
		check(ucg_sim_clone_thread(u, web, &t), "clone");
	show(m, "/system.slice/web.service/cgroup.threads");

	heading("a batch job forks 12 children under /batch pids.max=8");
	check(ucg_sim_fork(u, 0, 1000, &job), "fork");
	move(m, "/batch/job-1", job);
	for (i = 0; i < 12; i++) {
		ret = ucg_sim_fork(u, job, 1000, &p);
		if (ret == -EAGAIN)
			refused++;
		else
			check(ret, "fork"), forked++;
	}
	printf("forked %d, refused with EAGAIN %d\n", forked, refused);
	show(m, "/batch/pids.events");

	heading("freeze /batch, then thaw it");
	check(ucg_write_file(m, "/batch/cgroup.freeze", "1", &root), "freeze");
	show(m, "/batch/job-1/cgroup.events");
	check(ucg_write_file(m, "/batch/cgroup.freeze", "0", &root), "thaw");
	show(m, "/batch/job-1/cgroup.events");

	heading("a named v1 hierarchy beside v2 (mount -t cgroup -o none,name=demo)");
	check(ucg_mount(u, "cgroup", "none,name=demo", &root, &m1), "mount v1");
	check(ucg_mkdir(m1, "/web", 0755, &root), "mkdir v1");
	move(m1, "/web", web);
	check(ucg_proc_pid_cgroup(u, web, &s), "proc pid cgroup");
	printf("$ cat /proc/%d/cgroup\n%s", web, s);
	free(s);

	heading("the tree");
	print_cgroup(m, "/", 0);

	heading("echo 1 > /batch/cgroup.kill; rmdir /batch/job-1");
	check(ucg_write_file(m, "/batch/cgroup.kill", "1", &root), "kill");
	printf("SIGKILL sent to job leader: %d\n", ucg_sim_signals(u, job, SIGKILL));
	ucg_sim_settle(u);
	show(m, "/batch/cgroup.events");
	ret = ucg_rmdir(m, "/batch/job-1", &root);
	printf("rmdir /batch/job-1: %s\n", ret ? strerror(-ret) : "ok");
	show(m, "/batch/cgroup.stat");
	for (p = job; p <= job + forked; p++)
		ucg_sim_reap(u, p);
	show(m, "/batch/cgroup.stat");

	check(ucg_proc_cgroups(u, &s), "proc cgroups");
	printf("$ cat /proc/cgroups\n%s", s);
	free(s);

	ucg_umount(m1);
	ucg_umount(m);
	ucg_destroy(u);
	return 0;
}
