#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run.sh - end-to-end tests of ucgd: mount the real daemon on temporary
# directories and drive it with real syscalls through the shell and
# coreutils (mkdir, rmdir, cat, echo >, ls, stat, mv, dd) and a poll()
# helper.  Every mount is unmounted in a trap, whatever happens.
#
#   tests/e2e/run.sh            (or: make check-e2e)
#   UCGD=... POLLWAIT=...       binaries (default build/bin/ucgd, build/tests/e2e/pollwait)
#   E2E_HOSTS="sim linux"       engine backends to run the suite with (default:
#                               sim, plus linux when this ucgd has it)
#
# As root it also creates the user ucgd-e2e to check what a non-root caller
# gets, and runs a daemon as that user; without root those parts are skipped.
# Exit status: 0 if every check passed.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.."

UCGD=$(realpath "${UCGD:-build/bin/ucgd}")
POLLWAIT=$(realpath "${POLLWAIT:-build/tests/e2e/pollwait}")
TEST_USER=ucgd-e2e

TMP=$(mktemp -d /tmp/ucgd-e2e.XXXXXX)
chmod 755 "$TMP"
MOUNTS=()
PIDS=()
KDIR=

cleanup() {
	local m p
	for m in "${MOUNTS[@]}"; do
		if grep -q " $m fuse" /proc/mounts 2>/dev/null; then
			fusermount3 -u -z "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
		fi
	done
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ -n "$KDIR" ] && [ -d "$KDIR" ]; then
		find "$KDIR" -depth -type d -exec rmdir {} + 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- checks

PASS=0
FAIL=0
SECTION=

section() {
	SECTION=$1
	echo "  -- $1"
}

ok() {
	PASS=$((PASS + 1))
}

bad() {
	FAIL=$((FAIL + 1))
	echo "  FAIL [$SECTION] $*" >&2
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" == "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi
}

# expect_ok WHAT CMD...: the command succeeds
expect_ok() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then ok; else bad "$what: failed: $out"; fi
}

# expect_err WHAT 'strerror text' CMD...: the command fails with that error
expect_err() {
	local what=$1 msg=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		bad "$what: succeeded, expected '$msg'"
	elif [[ $out == *"$msg"* ]]; then
		ok
	else
		bad "$what: expected '$msg', got: $out"
	fi
}

# as_user CMD...: run a shell command line as the unprivileged test user
as_user() {
	setpriv --reuid="$TEST_UID" --regid="$TEST_GID" --clear-groups -- bash -c "$1"
}

# Wait until @1 is a ucgd mount (or the process @2 died).
wait_mounted() {
	local i
	for i in $(seq 100); do
		grep -q " $1 fuse.ucgd " /proc/mounts && return 0
		[ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null && return 1
		sleep 0.05
	done
	return 1
}

wait_unmounted() {
	local i
	for i in $(seq 100); do
		grep -q " $1 fuse" /proc/mounts || return 0
		sleep 0.05
	done
	return 1
}

# start_fg NAME ARGS...: run `ucgd -f ARGS` in the background; the mount
# points are the last argument of each group, created under $TMP/NAME-*.
# Sets UCGD_PID.  Fails the suite if a mount does not come up.
start_fg() {
	local mp
	"$UCGD" -f "$@" 2>"$TMP/ucgd.err" &
	UCGD_PID=$!
	PIDS+=("$UCGD_PID")
	for mp in "${NEW_MOUNTS[@]}"; do
		if ! wait_mounted "$mp" "$UCGD_PID"; then
			bad "ucgd $* did not mount $mp: $(cat "$TMP/ucgd.err")"
			return 1
		fi
	done
}

# new_mp NAME: a fresh mount point in $MP, registered for the trap
new_mp() {
	MP="$TMP/$1"
	mkdir -p "$MP"
	chmod 755 "$MP"
	MOUNTS+=("$MP")
	NEW_MOUNTS+=("$MP")
}

# stop PID MOUNT...: SIGTERM, then the daemon is gone and so are its mounts
stop_daemon() {
	local pid=$1 rc m
	shift
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	expect_eq "ucgd exit status after SIGTERM" 0 "$rc"
	for m in "$@"; do
		if wait_unmounted "$m"; then ok; else bad "$m still mounted after SIGTERM"; fi
	done
}

# ---------------------------------------------------------------- the suite

# The v2 tree: files, modes, controllers, errors, freshness, poll.
test_v2() {
	local host=$1 M P out pw
	NEW_MOUNTS=()
	new_mp "v2-$host"; M=$MP
	new_mp "proc-$host"; P=$MP
	start_fg --host "$host" --proc "$P" -t cgroup2 "$M" || return

	section "$host: layout and modes"
	for f in cgroup.procs cgroup.threads cgroup.controllers cgroup.subtree_control \
		cgroup.max.depth cgroup.max.descendants cgroup.stat; do
		if [ -f "$M/$f" ]; then ok; else bad "root lacks $f"; fi
	done
	for f in cgroup.events cgroup.type cgroup.freeze cgroup.kill; do
		if [ -e "$M/$f" ]; then bad "root has NOT_ON_ROOT file $f"; else ok; fi
	done
	expect_ok "mkdir a child" mkdir "$M/a"
	for f in cgroup.events cgroup.type cgroup.freeze cgroup.kill cgroup.procs; do
		if [ -f "$M/a/$f" ]; then ok; else bad "child lacks $f"; fi
	done
	expect_eq "modes" "drwxr-xr-x -rw-r--r-- -r--r--r-- --w------- -r--r--r-- -rw-r--r--" \
		"$(stat -c %A "$M/a" "$M/a/cgroup.procs" "$M/a/cgroup.events" "$M/a/cgroup.kill" \
			"$M/a/cgroup.controllers" "$M/a/cgroup.subtree_control" | tr '\n' ' ' | sed 's/ $//')"
	expect_eq "size of an interface file" 0 "$(stat -c %s "$M/a/cgroup.procs")"
	expect_eq "ls lists what stat finds" "$(ls "$M/a" | wc -l)" \
		"$(for f in "$M"/a/*; do stat -c %n "$f"; done | wc -l)"
	expect_eq "link count of a directory with one subdirectory" 3 "$(stat -c %h "$M")"
	expect_eq "cat cgroup.type" domain "$(cat "$M/a/cgroup.type")"

	section "$host: controllers and subtree_control"
	out=$(cat "$M/cgroup.controllers")
	if [[ " $out " == *" pids "* ]]; then ok; else bad "root cgroup.controllers lacks pids: '$out'"; fi
	expect_eq "empty cgroup.controllers is 0 bytes" 0 "$(wc -c < "$M/a/cgroup.controllers")"
	if [ -e "$M/a/pids.max" ]; then bad "pids.max before +pids"; else ok; fi
	expect_ok "+pids" bash -c "echo +pids > '$M/cgroup.subtree_control'"
	expect_eq "subtree_control reads back" pids "$(cat "$M/cgroup.subtree_control")"
	expect_eq "child's cgroup.controllers" pids "$(cat "$M/a/cgroup.controllers")"
	expect_eq "pids.max appears in the child" max "$(cat "$M/a/pids.max")"
	expect_ok "ls shows pids.max" bash -c "ls '$M/a' | grep -qx pids.max"
	expect_eq "pids.max mode" -rw-r--r-- "$(stat -c %A "$M/a/pids.max")"
	expect_ok "stat caches pids.max" stat "$M/a/pids.current"
	expect_ok "-pids" bash -c "echo -pids > '$M/cgroup.subtree_control'"
	expect_err "pids.max gone after -pids (cat)" "No such file or directory" cat "$M/a/pids.max"
	expect_err "pids.current gone after -pids (stat of a cached name)" "No such file or directory" \
		stat "$M/a/pids.current"
	expect_err "+bogus" "Invalid argument" bash -c "echo +bogus > '$M/cgroup.subtree_control'"
	expect_err "enable a controller the parent does not give" "No such file or directory" \
		bash -c "echo +pids > '$M/a/cgroup.subtree_control'"

	section "$host: writes and errno"
	expect_eq "cgroup.max.depth default" max "$(cat "$M/a/cgroup.max.depth")"
	expect_ok "write max.depth" bash -c "echo 1 > '$M/a/cgroup.max.depth'"
	expect_eq "cat is fresh after a write" 1 "$(cat "$M/a/cgroup.max.depth")"
	expect_ok "mkdir under depth 1" mkdir "$M/a/b"
	expect_err "mkdir beyond max.depth" "Resource temporarily unavailable" mkdir "$M/a/b/c"
	expect_ok "max.depth back to max" bash -c "echo max > '$M/a/cgroup.max.depth'"
	expect_eq "cat is fresh again" max "$(cat "$M/a/cgroup.max.depth")"
	expect_err "negative max.depth" "Numerical result out of range" \
		bash -c "echo -1 > '$M/a/cgroup.max.depth'"
	expect_err "bad cgroup.freeze value" "Numerical result out of range" \
		bash -c "echo 2 > '$M/a/cgroup.freeze'"
	expect_err "write of 4097 bytes" "Argument list too long" \
		dd if="$TMP/big" of="$M/a/cgroup.max.depth" bs=4097 count=1 status=none
	expect_err "read cgroup.kill as root" "Invalid argument" cat "$M/a/cgroup.kill"
	expect_err "write a read-only file as root" "Invalid argument" \
		bash -c "echo 1 > '$M/a/cgroup.events'"
	expect_ok "zero-byte write succeeds" bash -c ": > '$M/a/cgroup.events'"

	section "$host: VFS operations"
	expect_err "rmdir of a file" "Not a directory" rmdir "$M/a/cgroup.procs"
	expect_err "rmdir with a child" "Device or resource busy" rmdir "$M/a"
	expect_err "rename on v2" "Operation not permitted" mv "$M/a/b" "$M/a/c"
	expect_err "create a file" "Permission denied" touch "$M/a/newfile"
	expect_err "create by redirection" "Permission denied" bash -c "echo 1 > '$M/a/newfile'"
	expect_err "unlink an interface file" "Operation not permitted" rm -f "$M/a/cgroup.procs"
	expect_err "symlink" "Operation not permitted" ln -s x "$M/a/link"
	expect_err "mkdir of an existing name" "File exists" mkdir "$M/a/cgroup.procs"
	expect_ok "chmod a file" chmod 0664 "$M/a/cgroup.procs"
	expect_eq "mode after chmod" -rw-rw-r-- "$(stat -c %A "$M/a/cgroup.procs")"
	expect_ok "touch an existing file" touch "$M/a/cgroup.procs"
	expect_ok "rmdir the grandchild" rmdir "$M/a/b"
	expect_err "the removed directory is gone" "No such file or directory" stat "$M/a/b"
	expect_ok "mkdir the same name again" mkdir "$M/a/b"
	exec 3<"$M/a/b/cgroup.events"
	expect_ok "rmdir with an open file" rmdir "$M/a/b"
	out=$(cat <&3 2>&1)
	if [[ $out == *"No such device"* ]]; then ok; else bad "read through a file opened before rmdir: '$out'"; fi
	exec 3<&-

	section "$host: poll"
	expect_ok "mkdir for poll" mkdir "$M/p"
	out=$("$POLLWAIT" -n "$M/p/cgroup.events" 1000)
	expect_eq "a fresh open polls as changed (kernfs)" "ready 0xa" "$(echo $out | cut -d' ' -f1,2)"
	out=$("$POLLWAIT" "$M/p/cgroup.events" 200)
	expect_eq "no change: poll times out" "ready timeout" "$(echo $out)"
	"$POLLWAIT" "$M/p/cgroup.events" 5000 > "$TMP/poll.out" &
	pw=$!
	for _ in $(seq 100); do grep -q ready "$TMP/poll.out" && break; sleep 0.02; done
	echo 1 > "$M/p/cgroup.freeze"
	if wait "$pw"; then ok; else bad "poll on cgroup.events did not wake after a freeze"; fi
	expect_eq "woken with POLLPRI|POLLERR, content fresh" "ready 0xa populated 0 frozen 1" \
		"$(echo $(cat "$TMP/poll.out"))"
	# a burst of changes: the first wakes at once, the last comes after the 10 ms window
	"$POLLWAIT" -c 2 "$M/p/cgroup.events" 500 > "$TMP/poll.out" &
	pw=$!
	for _ in $(seq 100); do grep -q ready "$TMP/poll.out" && break; sleep 0.02; done
	for v in 0 1 0 1 0; do echo $v > "$M/p/cgroup.freeze"; done
	wait "$pw"
	# how many wake-ups depends on when the poller reads; the last read is always current
	expect_eq "a burst ends with the last state signalled" "frozen 0" \
		"$(grep frozen "$TMP/poll.out" | tail -1)"

	section "$host: --proc"
	expect_eq "cgroups header" "#subsys_name	hierarchy	num_cgroups	enabled" "$(head -1 "$P/cgroups")"
	if grep -q "^pids	0	" "$P/cgroups"; then ok; else bad "no pids line in $P/cgroups"; fi
	if [ "$host" = linux ]; then
		sleep 100 &
		local sp=$!
		expect_ok "move a process" bash -c "echo $sp > '$M/p/cgroup.procs'"
		expect_eq "cgroup.procs lists it" "$sp" "$(cat "$M/p/cgroup.procs")"
		expect_eq "PID/cgroup" "0::/p" "$(cat "$P/$sp/cgroup")"
		expect_ok "echo 0 moves the writer" bash -c "echo 0 > '$M/a/cgroup.procs'; cat '$P/self/cgroup' > '$TMP/self'"
		expect_eq "self/cgroup of the writer" "0::/a" "$(cat "$TMP/self")"
		kill "$sp"
		wait "$sp" 2>/dev/null
	else
		expect_err "self/cgroup of a caller that is no simulated task" "No such process" \
			cat "$P/self/cgroup"
	fi

	if [ -n "${TEST_UID:-}" ]; then
		section "$host: a non-root caller"
		expect_ok "reads" as_user "cat '$M/a/cgroup.procs' '$M/cgroup.controllers' >/dev/null"
		expect_err "write without permission" "Permission denied" \
			as_user "echo 1 > '$M/a/cgroup.max.depth'"
		expect_err "mkdir without permission" "Permission denied" as_user "mkdir '$M/a/u'"
		expect_err "open cgroup.kill for reading" "Permission denied" as_user "cat '$M/a/cgroup.kill'"
		expect_eq "access(W_OK) refused" no \
			"$(as_user "test -w '$M/a/cgroup.max.depth' && echo yes || echo no")"
		expect_eq "access(R_OK) granted" yes \
			"$(as_user "test -r '$M/a/cgroup.max.depth' && echo yes || echo no")"
		expect_ok "delegate a (chown dir, procs, subtree_control)" \
			chown "$TEST_USER" "$M/a" "$M/a/cgroup.procs" "$M/a/cgroup.subtree_control" "$M/a/cgroup.threads"
		expect_eq "owner after chown" "$TEST_USER" "$(stat -c %U "$M/a")"
		expect_ok "mkdir in the delegated cgroup" as_user "mkdir '$M/a/u'"
		expect_eq "the new cgroup belongs to its creator" "$TEST_USER $TEST_USER" \
			"$(stat -c %U "$M/a/u" "$M/a/u/cgroup.procs" | tr '\n' ' ' | sed 's/ $//')"
		expect_ok "write in the user's own cgroup" as_user "echo 3 > '$M/a/u/cgroup.max.depth'"
		expect_eq "read back" 3 "$(cat "$M/a/u/cgroup.max.depth")"
		expect_ok "rmdir the user's cgroup" as_user "rmdir '$M/a/u'"
	fi

	section "$host: stop on SIGTERM"
	stop_daemon "$UCGD_PID" "$M" "$P"
}

# v1: named and controller hierarchies, rename, two mounts of one hierarchy.
test_v1() {
	local host=$1 A B C
	NEW_MOUNTS=()
	new_mp "v1a-$host"; A=$MP
	new_mp "v1b-$host"; B=$MP
	new_mp "v1c-$host"; C=$MP
	start_fg --host "$host" -t cgroup -o pids "$A" -t cgroup -o pids "$B" \
		-t cgroup -o none,name=e2e "$C" || return

	section "$host: v1"
	for f in tasks cgroup.procs notify_on_release release_agent cgroup.clone_children; do
		if [ -f "$A/$f" ]; then ok; else bad "v1 root lacks $f"; fi
	done
	expect_ok "mkdir" mkdir "$A/x"
	expect_eq "pids.max in a v1 child" max "$(cat "$A/x/pids.max")"
	expect_ok "rename on v1" mv "$A/x" "$A/y"
	expect_err "the old name is gone" "No such file or directory" stat "$A/x"
	expect_eq "the new name serves its files" max "$(cat "$A/y/pids.max")"
	expect_eq "the other mount of the hierarchy sees it" y "$(ls "$B" | grep -x y)"
	stat "$B/y" >/dev/null
	expect_ok "rmdir in one mount" rmdir "$A/y"
	local gone=no
	for _ in $(seq 20); do
		stat "$B/y" >/dev/null 2>&1 || { gone=yes; break; }
		sleep 0.05
	done
	expect_eq "the other mount's cache is invalidated" yes "$gone"
	expect_ok "named hierarchy" test -f "$C/tasks"
	stop_daemon "$UCGD_PID" "$A" "$B" "$C"
}

# Daemon mode, fusermount3 -u, and the error messages.
test_daemon() {
	local host=$1 M out rc
	NEW_MOUNTS=()
	new_mp "daemon-$host"; M=$MP

	section "$host: daemon mode"
	"$UCGD" --host "$host" -t cgroup2 "$M"
	expect_eq "ucgd returns 0 once mounted" 0 $?
	expect_ok "usable as soon as ucgd returns" cat "$M/cgroup.procs"
	out=$("$UCGD" --host "$host" -t cgroup2 "$M" 2>&1)
	rc=$?
	expect_eq "mount on a busy mount point: status" 1 "$rc"
	expect_eq "mount on a busy mount point: message" \
		"ucgd: $M: Device or resource busy (ucgd is already mounted there)" "$out"
	expect_ok "fusermount3 -u" fusermount3 -u "$M"
	local gone=no
	for _ in $(seq 40); do
		pgrep -f -- "ucgd --host $host -t cgroup2 $M\$" >/dev/null || { gone=yes; break; }
		sleep 0.05
	done
	expect_eq "the daemon ends with its last mount" yes "$gone"

	section "$host: error messages"
	out=$("$UCGD" --host "$host" -t cgroup2 "$TMP/missing" 2>&1)
	expect_eq "missing mount point" "ucgd: $TMP/missing: No such file or directory" "$out"
	out=$("$UCGD" --host "$host" -t cgroup -o bogus "$M" 2>&1)
	expect_eq "bad -o" "ucgd: mount -t cgroup -o bogus: Invalid argument" "$out"
	out=$("$UCGD" --host "$host" -t ext4 "$M" 2>&1)
	expect_eq "bad -t" "ucgd: mount -t ext4: No such device" "$out"
	out=$("$UCGD" --host "$host" -t cgroup2 -o bogus "$M" 2>&1)
	expect_eq "bad cgroup2 option" "ucgd: mount -t cgroup2 -o bogus: Invalid argument" "$out"
	out=$("$UCGD" --host "$host" "$M" 2>&1)
	expect_eq "no -t" "ucgd: $M: no -t TYPE for this mount point" "$out"
	if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
		out=$(unshare -m bash -c "mount -t tmpfs none /dev && '$UCGD' --host $host -t cgroup2 '$M'" 2>&1)
		expect_eq "missing /dev/fuse" \
			"ucgd: /dev/fuse: No such file or directory (load the fuse module, or give the container the device)" "$out"
	fi
	if grep -q " $M fuse" /proc/mounts; then bad "a failed ucgd left a mount"; else ok; fi
}

# A daemon run by an unprivileged user, for that user (libfuse mounts with
# fusermount3).  fusermount3 opens /dev/fuse as the user; where its mode
# shuts users out (0600 in containers), the test runs in a private mount
# namespace with a node of the same device open to everyone.
test_unprivileged() {
	local host=$1 M="$TMP/user-$host" wrap=() out
	mkdir -p "$M"
	chown "$TEST_USER" "$M"
	MOUNTS+=("$M")

	section "$host: unprivileged daemon"
	if ! as_user "test -r /dev/fuse -a -w /dev/fuse"; then
		out=$(as_user "'$UCGD' --host $host -t cgroup2 '$M'" 2>&1)
		expect_eq "refused without access to /dev/fuse" \
			"ucgd: /dev/fuse: Permission denied (unprivileged FUSE mounts need read-write access to it)" "$out"
		[ -e "$TMP/fuse" ] || mknod -m 666 "$TMP/fuse" c 10 229
		wrap=(unshare -m --propagation private bash -c 'mount --bind "$0" /dev/fuse && exec "$@"' "$TMP/fuse")
	fi
	out=$("${wrap[@]}" setpriv --reuid="$TEST_UID" --regid="$TEST_GID" --clear-groups -- bash -c "
		export LC_ALL=C
		trap \"fusermount3 -u -z '$M' 2>/dev/null\" EXIT
		'$UCGD' --host $host -t cgroup2 '$M' || exit 1
		stat -c %U '$M' '$M/cgroup.procs'
		mkdir '$M/job' && echo 2 > '$M/job/cgroup.max.depth' && cat '$M/job/cgroup.max.depth'
		stat -c %U '$M/job'
		echo 1 > '$M/cgroup.max.depth' || echo refused
		fusermount3 -u '$M' && echo unmounted
	" 2>&1)
	expect_eq "mount, the tree is the user's, mkdir, write, read, unmount" \
		"$TEST_USER $TEST_USER 2 $TEST_USER unmounted" "$(echo $out)"
}

# The same operations on a child of this machine's kernel cgroup2 and on a
# child in ucgd, where both have the file: output and errno must match byte
# for byte (messages name the directory as @).
KERNEL_CG2=/sys/fs/cgroup/unified
VS_KERNEL=(
	"cat @/cgroup.type @/cgroup.events @/cgroup.max.depth @/cgroup.max.descendants @/cgroup.freeze"
	"cat @/cgroup.procs @/cgroup.threads @/cgroup.subtree_control"
	"cat @/cgroup.kill"
	"echo 5 > @/cgroup.max.depth; cat @/cgroup.max.depth"
	"echo 0x10 > @/cgroup.max.depth; cat @/cgroup.max.depth"
	"echo ' 7 ' > @/cgroup.max.depth; cat @/cgroup.max.depth"
	"echo 2147483647 > @/cgroup.max.depth; cat @/cgroup.max.depth"
	"echo -1 > @/cgroup.max.depth"
	"echo abc > @/cgroup.max.depth"
	"echo MAX > @/cgroup.max.depth"
	"echo 2147483648 > @/cgroup.max.descendants"
	"echo > @/cgroup.max.depth"
	"echo max > @/cgroup.max.depth; cat @/cgroup.max.depth"
	"echo 2 > @/cgroup.freeze"
	"echo 0 > @/cgroup.kill"
	"echo 01x > @/cgroup.kill"
	"echo domain > @/cgroup.type"
	"echo +bogus > @/cgroup.subtree_control"
	"echo 1 > @/cgroup.events"
	": > @/cgroup.events"
	"echo abc > @/cgroup.procs"
	"dd if=$TMP/big of=@/cgroup.max.depth bs=4097 count=1 status=none"
	"mkdir @/cgroup.procs"
	"rmdir @/cgroup.procs"
	"touch @/newfile"
	"rm -f @/cgroup.procs"
	"ln -s x @/link"
	"mkdir @/s && mv @/s @/t; rmdir @/s"
	"echo 1 > @/cgroup.max.depth && mkdir @/d && mkdir @/d/e; rmdir @/d; echo max > @/cgroup.max.depth"
	"mkdir @/z && exec 3<@/z/cgroup.events && rmdir @/z && cat <&3"
	"mkdir @/y && rmdir @; rmdir @/y"
	"chmod 600 @/cgroup.max.depth && stat -c %A @/cgroup.max.depth && chmod 644 @/cgroup.max.depth"
)

vs_run() {
	local c=${1//@/$2}
	bash -c "$c" 2>&1 | sed "s|$2|@|g"
	echo "status ${PIPESTATUS[0]}"
}

test_vs_kernel() {
	local host=$1 M U f cmd k u missing=
	if [ "$(id -u)" != 0 ] || ! [ -w "$KERNEL_CG2/cgroup.procs" ]; then
		echo "  (no writable kernel cgroup2 at $KERNEL_CG2: the comparison is skipped)"
		return
	fi
	KDIR="$KERNEL_CG2/ucgd-e2e.$$"
	mkdir "$KDIR" || return
	NEW_MOUNTS=()
	new_mp "vs-$host"; M=$MP
	start_fg --host "$host" -t cgroup2 "$M" || return
	U="$M/child"
	mkdir "$U"

	section "$host: same as the kernel's cgroup2"
	for f in $(ls "$KDIR"); do
		if [ ! -e "$U/$f" ]; then
			missing+=" $f"
			continue
		fi
		expect_eq "mode and size of $f" "$(stat -c '%A %s' "$KDIR/$f")" "$(stat -c '%A %s' "$U/$f")"
	done
	[ -z "$missing" ] || echo "  (the kernel has, ucg not yet:$missing)"
	for cmd in "${VS_KERNEL[@]}"; do
		k=$(vs_run "$cmd" "$KDIR")
		u=$(vs_run "$cmd" "$U")
		expect_eq "$cmd" "$k" "$u"
	done
	stop_daemon "$UCGD_PID" "$M"
	find "$KDIR" -depth -type d -exec rmdir {} +
	KDIR=
}

# ---------------------------------------------------------------- main

if [ ! -x "$UCGD" ] || [ ! -x "$POLLWAIT" ]; then
	echo "run.sh: build first (make ucgd build/tests/e2e/pollwait)" >&2
	exit 2
fi
if [ ! -e /dev/fuse ]; then
	echo "run.sh: SKIP: no /dev/fuse on this machine" >&2
	exit 0
fi
if [ "$(id -u)" != 0 ] && ! [ -r /dev/fuse -a -w /dev/fuse ]; then
	echo "run.sh: SKIP: /dev/fuse is closed to this user (FUSE needs root here)" >&2
	exit 0
fi

HOSTS=${E2E_HOSTS:-sim}
if [ -z "${E2E_HOSTS:-}" ] && ! "$UCGD" --host linux -t cgroup2 /nonexistent-ucgd 2>&1 |
		grep -q "not available in this build"; then
	HOSTS="sim linux"
fi

head -c 4096 /dev/zero | tr '\0' ' ' > "$TMP/big"
printf x >> "$TMP/big"

TEST_UID=
if [ "$(id -u)" = 0 ]; then
	id "$TEST_USER" >/dev/null 2>&1 ||
		useradd --system --no-create-home --shell /usr/sbin/nologin "$TEST_USER" >/dev/null 2>&1
	if id "$TEST_USER" >/dev/null 2>&1; then
		TEST_UID=$(id -u "$TEST_USER")
		TEST_GID=$(id -g "$TEST_USER")
	fi
fi
[ -n "$TEST_UID" ] || echo "  (not root: the non-root caller and unprivileged daemon parts are skipped)"

for host in $HOSTS; do
	echo "  == host $host"
	test_v2 "$host"
	test_v1 "$host"
	test_daemon "$host"
	test_vs_kernel "$host"
	[ -n "$TEST_UID" ] && test_unprivileged "$host"
done

echo "e2e: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
