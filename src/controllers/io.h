/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * io.h - the io controller's entry for the host backends (kernel: the bio
 * submission path calling blk_throtl_bio() and blk_cgroup_bio_start()).
 * A backend that sees a thread issue an I/O calls blkcg_account_io(): the
 * I/O is counted in the thread's io cgroup and its ancestors (io.stat, v1
 * blkio.throttle.io_service_*) and throttled by io.max (v1: the
 * blkio.throttle.*_device limits); the answer is how long it must wait.
 */
#ifndef UCG_CONTROLLERS_IO_H
#define UCG_CONTROLLERS_IO_H

#include <stdint.h>

#include "core/cgroup-defs.h"

/* Directions of an I/O (kernel: REQ_OP_READ, REQ_OP_WRITE, REQ_OP_DISCARD). */
enum blkcg_io_dir {
	BLKCG_IO_READ = 0,
	BLKCG_IO_WRITE = 1,
	BLKCG_IO_DISCARD = 2,
};

/*
 * blkcg_account_io - @task issues one I/O of @bytes bytes, direction @rw
 * (enum blkcg_io_dir), to whole disk @major:@minor.
 * Return: nanoseconds it must wait before being issued (0: now); -ENODEV
 * unknown device or a partition; -EINVAL bad @rw; -ENOMEM.
 * Context: cgroup_mutex (the task's css_set is stable); takes blkcg_mutex.
 */
int64_t blkcg_account_io(struct task_struct *task, unsigned int major, unsigned int minor,
			 int rw, uint64_t bytes);

#endif /* UCG_CONTROLLERS_IO_H */
