#!/bin/sh
# shellcheck disable=SC2317  # functions run from the trap
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# compare.sh - run tests/e2e/compare.py on a child of this machine's kernel
# cgroup2 (/sys/fs/cgroup/unified) and on a ucgd mount, and fail on any
# difference in output or errno.
#
#   tests/e2e/compare.sh [-q]        (from the repository root, as root)
#
# Environment: UCGD (default build/bin/ucgd), UCGD_HOST (default linux: the
# table moves a real `sleep` it starts), CGROUP2 (default /sys/fs/cgroup/unified),
# COMPARE_SKIP (a regex of operation names to skip, e.g. to get past a crash),
# KEEP_UCGD_LOG=1 (keep the daemon's stderr log).
#
# Exit status: 0 all equal; 1 a difference or an error; 77 skipped (not root,
# no writable cgroup2 at $CGROUP2, or ucgd not built: then the kernel half
# still runs, so the table is known to be right, and the ucgd half is skipped).
#
# Touches only what it creates: $CGROUP2/ucg-cmp-$$ (removed in a trap, after
# moving any process of ours back to the cgroup it came from), a temporary
# mount point (unmounted in a trap) and the ucgd it started (killed by pid).

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
UCGD=${UCGD:-$top/build/bin/ucgd}
UCGD_HOST=${UCGD_HOST:-linux}
CGROUP2=${CGROUP2:-/sys/fs/cgroup/unified}
PY=${PYTHON:-python3}

skip() { echo "SKIP: compare.sh: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "needs root (creates a child in $CGROUP2)"
[ "$(stat -f -c %T "$CGROUP2" 2>/dev/null)" = cgroup2fs ] ||
	skip "$CGROUP2 is not a cgroup2 mount"
command -v "$PY" >/dev/null 2>&1 || skip "no $PY"

K=$CGROUP2/ucg-cmp-$$
keep_log=${KEEP_UCGD_LOG:-0}
MNT=
UCGD_PID=
# Marks the processes compare.py starts (they inherit the environment), so
# the trap can recognise them even if compare.py itself was killed.
UCG_CMP_TOKEN=ucg-cmp-$$-$(date +%s%N)
export UCG_CMP_TOKEN

# the cgroup2 path this shell is in: where our processes go back to
origin=$CGROUP2$(sed -n 's/^0:://p' /proc/self/cgroup)
[ -w "$origin/cgroup.procs" ] || origin=$CGROUP2

ours() {	# is pid $1 one of the processes this run started?
	tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | grep -qx "UCG_CMP_TOKEN=$UCG_CMP_TOKEN"
}

cleanup_kernel() {
	[ -d "$K" ] || return 0
	# move our own processes back out (never anything else), then kill them
	find "$K" -name cgroup.procs 2>/dev/null | while read -r f; do
		for pid in $(cat "$f" 2>/dev/null); do
			if ours "$pid"; then
				echo "$pid" >"$origin/cgroup.procs" 2>/dev/null
				kill -KILL "$pid" 2>/dev/null
			fi
		done
	done
	# remove the tree, deepest first (a killed process may take a moment)
	i=0
	while [ -d "$K" ] && [ "$i" -lt 50 ]; do
		find "$K" -depth -type d -exec rmdir {} \; 2>/dev/null
		[ -d "$K" ] && sleep 0.1
		i=$((i + 1))
	done
	[ -d "$K" ] && echo "warning: could not remove $K" >&2
	return 0
}

cleanup_ucgd() {
	if [ -n "$MNT" ]; then
		if grep -q " $MNT fuse" /proc/self/mounts 2>/dev/null; then
			fusermount3 -u "$MNT" 2>/dev/null || fusermount3 -u -z "$MNT" 2>/dev/null
		fi
	fi
	if [ -n "$UCGD_PID" ]; then
		i=0
		while kill -0 "$UCGD_PID" 2>/dev/null && [ "$i" -lt 30 ]; do
			sleep 0.1; i=$((i + 1))
		done
		if kill -0 "$UCGD_PID" 2>/dev/null; then
			echo "warning: ucgd $UCGD_PID did not exit after unmount; killing it" >&2
			kill -TERM "$UCGD_PID" 2>/dev/null; sleep 0.5
			kill -KILL "$UCGD_PID" 2>/dev/null
		fi
		wait "$UCGD_PID" 2>/dev/null
		UCGD_PID=
	fi
	[ -n "$MNT" ] && rmdir "$MNT" 2>/dev/null
	[ -n "${UCGD_LOG:-}" ] && [ "$keep_log" = 0 ] && rm -f "$UCGD_LOG"
	MNT=
	return 0
}

cleanup() { cleanup_ucgd; cleanup_kernel; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir "$K" 2>/dev/null || skip "cannot create $K (read-only cgroup2?)"

Q=
[ "${1:-}" = -q ] && Q=-q

# 1. the table on the kernel alone: proves the table runs cleanly here
echo "== compare.py on the kernel alone ($K)"
"$PY" "$here/compare.py" -q --kernel "$K" >"${TMPDIR:-/tmp}/ucg-cmp-$$.kernel.txt" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	cat "${TMPDIR:-/tmp}/ucg-cmp-$$.kernel.txt"
	rm -f "${TMPDIR:-/tmp}/ucg-cmp-$$.kernel.txt"
	[ $rc -eq 77 ] && exit 77
	echo "FAIL: compare.py on the kernel alone exited $rc"; exit 1
fi
tail -n 1 "${TMPDIR:-/tmp}/ucg-cmp-$$.kernel.txt"
rm -f "${TMPDIR:-/tmp}/ucg-cmp-$$.kernel.txt"

# 2. kernel vs ucgd
if [ ! -x "$UCGD" ]; then
	echo "SKIP: compare.sh: ucgd half: $UCGD is not built yet (make; or set UCGD=)"
	exit 77
fi
command -v fusermount3 >/dev/null 2>&1 || skip "ucgd half: no fusermount3"
[ -c /dev/fuse ] || skip "ucgd half: no /dev/fuse"

MNT=$(mktemp -d "${TMPDIR:-/tmp}/ucg-cmp-mnt.XXXXXX") || { echo "FAIL: mktemp"; exit 1; }
# -f: stay in the foreground so that we know its pid and can always stop it
UCGD_LOG=${TMPDIR:-/tmp}/ucg-cmp-$$.ucgd.log
"$UCGD" -f --host "$UCGD_HOST" -t cgroup2 "$MNT" </dev/null >"$UCGD_LOG" 2>&1 &
UCGD_PID=$!
i=0
until grep -q " $MNT fuse" /proc/self/mounts; do
	if ! kill -0 "$UCGD_PID" 2>/dev/null; then
		wait "$UCGD_PID"; echo "FAIL: ucgd exited ($?) before the mount was live"
		UCGD_PID=; exit 1
	fi
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "FAIL: ucgd mount not live after 10 s"; exit 1; }
	sleep 0.1
done

echo "== compare.py: kernel ($K) vs ucgd ($MNT, --host $UCGD_HOST)"
"$PY" "$here/compare.py" $Q ${COMPARE_SKIP:+--skip "$COMPARE_SKIP"} --kernel "$K" --ucg "$MNT"
rc=$?
if ! kill -0 "$UCGD_PID" 2>/dev/null; then
	wait "$UCGD_PID"; st=$?
	UCGD_PID=
	if [ $st -gt 128 ]; then
		echo "FAIL: ucgd died during the run: killed by signal $((st - 128))"
	else
		echo "FAIL: ucgd exited during the run with status $st"
	fi
	rc=1
fi
if [ -s "$UCGD_LOG" ]; then
	echo "== ucgd output (last 20 lines of $UCGD_LOG)"
	tail -n 20 "$UCGD_LOG"
fi
exit $rc
