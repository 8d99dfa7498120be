#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# demo.sh - the quick start's main job: mount ucgd on a temporary directory,
# put real processes in cgroups under limits, show what the files say, then
# unmount.  Installs missing packages and builds first.
#
# What it shows: a cgroup2 tree with pids and cpu enabled; a "web" process
# moved in with `echo 0 > cgroup.procs`; a "batch" shell under pids.max=4
# forking 8 sleepers (the extra forks are killed, pids.events counts them); a
# busy loop held to 20% of a CPU by cpu.max (cpu.stat shows it); freeze and
# thaw through cgroup.freeze (ps shows the stopped state); /proc views of the
# daemon; cgroup.kill; cleanup.  Only processes this script starts are moved,
# stopped or killed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
make -j2 all >/dev/null

UCGD=$PWD/build/bin/ucgd
M=$(mktemp -d /tmp/ucg-demo.XXXXXX)
P=$(mktemp -d /tmp/ucg-demo-proc.XXXXXX)
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	fusermount3 -u "$M" 2>/dev/null || true
	fusermount3 -u "$P" 2>/dev/null || true
	rmdir "$M" "$P" 2>/dev/null || true
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Commands are shown with $M and $P for the mount points.
shown() { local s=${1//$M/\$M}; printf '%s' "${s//$P/\$P}"; }
show() { local f; for f in "$@"; do printf '$ cat %s\n' "$(shown "$f")"; cat "$f"; done; }
run() { printf '$ %s\n' "$(shown "$*")"; "$@"; }
sh_run() { printf '$ %s\n' "$(shown "$1")"; sh -c "$1"; }

step "mount -t cgroup2 (ucgd, real processes) on M=$M, /proc views on P=$P"
run "$UCGD" --proc "$P" -t cgroup2 "$M"
grep -E " ($M|$P) " /proc/mounts
show "$M/cgroup.controllers"

step "build a tree, enable pids"
sh_run "echo +pids +cpu > $M/cgroup.subtree_control"
run mkdir -p "$M/demo/web" "$M/demo/batch" "$M/demo/hog"
sh_run "echo +pids +cpu > $M/demo/cgroup.subtree_control"
sh_run "echo 4 > $M/demo/batch/pids.max"
ls -l "$M/demo/batch" | sed 's/^/  /'

step "a web process joins with 'echo 0 > cgroup.procs' (0 = the writer)"
sh -c "echo 0 > $M/demo/web/cgroup.procs && exec sleep 600" &
web=$!; pids+=("$web"); disown
sleep 0.2
show "$M/demo/web/cgroup.procs" "$M/demo/web/cgroup.events"
show "$P/$web/cgroup"

step "a batch shell under pids.max=4 forks 8 sleepers"
sh -c "echo 0 > $M/demo/batch/cgroup.procs && for i in 1 2 3 4 5 6 7 8; do sleep 600 & done; wait" &
batch=$!; pids+=("$batch"); disown
sleep 0.6
show "$M/demo/batch/pids.current" "$M/demo/batch/pids.max" "$M/demo/batch/pids.events"
printf 'processes in /demo/batch: %s (the shell and 3 sleepers; the other 5 forks were killed)\n' \
	"$(wc -l < "$M/demo/batch/cgroup.procs")"

step "a busy loop under cpu.max 20000 100000 (20% of one CPU)"
sh_run "echo '20000 100000' > $M/demo/hog/cpu.max"
sh -c "echo 0 > $M/demo/hog/cgroup.procs && exec sh -c 'while :; do :; done'" &
hog=$!; pids+=("$hog"); disown
sleep 2
show "$M/demo/hog/cpu.stat"
printf 'the loop got %s ms of CPU in about 2 s\n' \
	"$(( $(sed -n 's/^usage_usec //p' "$M/demo/hog/cpu.stat") / 1000 ))"

step "freeze /demo: every process in it stops"
sh_run "echo 1 > $M/demo/cgroup.freeze"
sleep 0.2
show "$M/demo/web/cgroup.events"
ps -o pid,stat,cmd -p "$web" | sed 's/^/  /'
sh_run "echo 0 > $M/demo/cgroup.freeze"
sleep 0.2
ps -o pid,stat,cmd -p "$web" | sed 's/^/  /'

step "the tree"
for d in "$M"/demo "$M"/demo/*/; do
	d=${d%/}
	printf '  %-14s procs %-2s pids %s/%s  %s\n' "${d#$M}" \
		"$(wc -l < "$d/cgroup.procs")" "$(cat "$d/pids.current")" "$(cat "$d/pids.max")" \
		"$(tr '\n' ' ' < "$d/cgroup.events")"
done
show "$P/cgroups"

step "echo 1 > /demo/cgroup.kill; rmdir the tree"
sh_run "echo 1 > $M/demo/cgroup.kill"
pids=()
sleep 0.3
show "$M/demo/cgroup.events"
run rmdir "$M/demo/web" "$M/demo/batch" "$M/demo/hog" "$M/demo"
show "$M/cgroup.stat"

step "unmount"
run fusermount3 -u "$M"
run fusermount3 -u "$P"
echo "done"
