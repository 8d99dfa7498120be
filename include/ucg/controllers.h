/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * controllers.h - public calls that belong to one controller rather than to
 * the engine: what a host (or a test, or the simulator) tells a controller
 * about resources the engine cannot see on its own.  Included at the end of
 * ucg.h; it may also be included alone.
 *
 * rdma: the kernel's RDMA stack registers each RDMA device with the rdma
 * controller and charges every HCA handle and HCA object a task creates to
 * that task's cgroup (kernel: rdmacg_register_device, rdmacg_try_charge,
 * rdmacg_uncharge).  ucg has no RDMA stack, so whoever plays it calls these.
 * Devices are per engine; rdma.max and rdma.current list them in
 * registration order.
 *
 * cpu: the host asks whether a thread's cgroups let it run (cpu.max).
 *
 * io: the host registers its block devices (the kernel's block layer knows
 * them; ucg does not scan /sys/dev/block).  I/O is reported per thread
 * (host-sim: ucg_sim_io() in ucg.h).
 *
 * Every call returns 0 or a negative errno and takes the engine's locks
 * itself (it may block briefly on them).
 */
#ifndef UCG_CONTROLLERS_H
#define UCG_CONTROLLERS_H

#include <stdbool.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ucg;

/* ---- rdma ------------------------------------------------------------ */

/* Resources per device, in the order rdma.max and rdma.current print them. */
enum ucg_rdma_resource {
	UCG_RDMA_HCA_HANDLE = 0,
	UCG_RDMA_HCA_OBJECT = 1,
};

/* Longest device name accepted, terminating NUL included (IB_DEVICE_NAME_MAX). */
#define UCG_RDMA_DEVICE_NAME_MAX 64

/*
 * ucg_rdma_register_device - make device @name known to the rdma controller.
 * Return: 0; -EINVAL for an empty name, one containing whitespace or one of
 * UCG_RDMA_DEVICE_NAME_MAX bytes or more; -EEXIST if registered; -ENOMEM.
 */
int ucg_rdma_register_device(struct ucg *ucg, const char *name);

/*
 * ucg_rdma_unregister_device - forget device @name: its limits in every cgroup
 * and any charges still held on it are dropped (the kernel requires the RDMA
 * stack to have destroyed them first).  Return: 0, -ENODEV unknown device.
 */
int ucg_rdma_unregister_device(struct ucg *ucg, const char *name);

/*
 * ucg_rdma_try_charge - thread @tid creates @n resources @resource
 * (enum ucg_rdma_resource) on @device.  Charged to the cgroup @tid is in now,
 * and to each ancestor up to the root; the charge stays with that cgroup
 * even if @tid later migrates or exits, until ucg_rdma_uncharge().
 * All or nothing.
 * Return: 0; -EAGAIN if some level's rdma.max would be exceeded; -ENODEV
 * unknown device; -ESRCH unknown @tid; -EINVAL bad @resource or @n < 1;
 * -ENOMEM.
 */
int ucg_rdma_try_charge(struct ucg *ucg, pid_t tid, const char *device, int resource, int n);

/*
 * ucg_rdma_uncharge - @n resources that @tid created with ucg_rdma_try_charge()
 * are destroyed: uncharged from the cgroups they were charged to (@tid need
 * not exist any more).  All or nothing.
 * Return: 0; -ENODEV unknown device; -EINVAL bad @resource, @n < 1 or more
 * than @tid holds of that resource on @device.
 */
int ucg_rdma_uncharge(struct ucg *ucg, pid_t tid, const char *device, int resource, int n);

/* ---- cpu ------------------------------------------------------------- */

/*
 * ucg_cpu_throttled - may thread @tid run now?  The cpu controller's answer
 * for the host to enforce cpu.max (v1 cpu.cfs_quota_us): a cgroup whose
 * CPU time (reported by the host, e.g. ucg_sim_run()) reached its quota in
 * the current period is throttled, with its whole subtree, until the period
 * boundary whose refill repays what it used beyond the quota.
 * Return: 1 throttled (stop it), 0 not, -ESRCH unknown @tid.
 */
int ucg_cpu_throttled(struct ucg *ucg, pid_t tid);

/* ---- io -------------------------------------------------------------- */

/*
 * ucg_io_register_device - make block device @major:@minor, named @name,
 * known to the io controller.  A whole disk (@partition false) gets a line in
 * every root's io.stat at once; a partition is known but refused by every
 * io file and by I/O reports (ENODEV), as the kernel refuses partitions.
 * Return: 0; -EINVAL @major above 4095, @minor of 2^20 or more, or a name
 * empty or of 32 bytes or more; -EEXIST if registered; -ENOMEM.
 */
int ucg_io_register_device(struct ucg *ucg, unsigned int major, unsigned int minor,
			   const char *name, bool partition);

/*
 * ucg_io_unregister_device - block device @major:@minor went away: every
 * cgroup's limits, weights and counters for it are dropped.
 * Return: 0, -ENODEV unknown device.
 */
int ucg_io_unregister_device(struct ucg *ucg, unsigned int major, unsigned int minor);

#ifdef __cplusplus
}
#endif
#endif /* UCG_CONTROLLERS_H */
