// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pollwait - poll() a cgroup file the way event watchers do, for the e2e tests.
 *
 *   pollwait [-n] [-c COUNT] FILE TIMEOUT_MS
 *
 * Opens FILE, reads it to EOF (unless -n: then the first poll sees the fresh
 * open's pending event, as on kernfs), prints "ready" and polls for
 * POLLPRI up to TIMEOUT_MS.  On each wake-up prints the revents in hex
 * ("0xa") and the content, read again from offset 0 (which also clears the
 * event); with -c, waits for up to COUNT wake-ups, each within TIMEOUT_MS.
 * Exit: 0 woken at least once, 1 timed out before any, 2 error.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_all(int fd, char *buf, size_t len)
{
	size_t pos = 0;
	ssize_t n;

	while (pos + 1 < len && (n = pread(fd, buf + pos, len - 1 - pos, (off_t)pos)) > 0)
		pos += (size_t)n;
	buf[pos] = '\0';
	return n < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	struct pollfd pfd;
	char buf[4096];
	int noread = 0, count = 1, woken = 0, fd, ret;

	for (;;) {
		if (argc > 1 && !strcmp(argv[1], "-n")) {
			noread = 1;
			argv++;
			argc--;
		} else if (argc > 2 && !strcmp(argv[1], "-c")) {
			count = atoi(argv[2]);
			argv += 2;
			argc -= 2;
		} else {
			break;
		}
	}
	if (argc != 3) {
		fprintf(stderr, "usage: pollwait [-n] [-c COUNT] FILE TIMEOUT_MS\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	if (!noread && read_all(fd, buf, sizeof(buf))) {
		perror("read");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	for (; woken < count; woken++) {
		pfd.fd = fd;
		pfd.events = POLLPRI;
		ret = poll(&pfd, 1, atoi(argv[2]));
		if (ret < 0) {
			perror("poll");
			return 2;
		}
		if (ret == 0) {
			printf("timeout\n");
			break;
		}
		printf("0x%x\n", (unsigned int)pfd.revents);
		if (read_all(fd, buf, sizeof(buf)) == 0)
			fputs(buf, stdout);
		fflush(stdout);
	}
	return woken ? 0 : 1;
}
