/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup_subsys.h - the one list of built controllers, in the kernel's
 * subsystem id order (cpuset, cpu, cpuacct, io, memory, devices, freezer,
 * net_cls, perf_event, net_prio, hugetlb, pids, rdma, misc, dmem, debug).
 * Ids fix every output order.  Adding a controller is one line here (in its
 * kernel position) plus its file in src/controllers/.
 *
 * No include guard: included several times with different SUBSYS().
 */
SUBSYS(cpu)
SUBSYS(cpuacct)
SUBSYS(io)
SUBSYS(freezer)
SUBSYS(pids)
SUBSYS(rdma)
