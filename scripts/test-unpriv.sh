#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-unpriv.sh - run the unit tests as an unprivileged user: libucg is
# meant for people without root, so nothing in it may need privileges.
# Run as root: creates the system user ucg-test if missing, copies the test
# binaries where that user can read them, runs each as that user.
# Without root it just runs the tests as the current (unprivileged) user.
set -euo pipefail
cd "$(dirname "$0")/.."

user=ucg-test
bins=$(ls build/tests/test_* 2>/dev/null || true)
[ -n "$bins" ] || { echo "test-unpriv: no test binaries (run make first)" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
	for t in $bins; do "$t" >/dev/null || { echo "*** FAILED [unpriv] $t" >&2; exit 1; }; done
	echo "test-unpriv: all tests passed as $(id -un)"
	exit 0
fi

id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
dir=$(mktemp -d /tmp/ucg-unpriv.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cp $bins "$dir"/
chmod 755 "$dir" "$dir"/*
for t in "$dir"/test_*; do
	if ! runuser -u "$user" -- "$t" >"$dir/out" 2>&1; then
		cat "$dir/out" >&2
		echo "*** FAILED [unpriv] $(basename "$t") as $user" >&2
		exit 1
	fi
done
echo "test-unpriv: all $(echo "$bins" | wc -w) test(s) passed as user $user (uid $(id -u "$user"))"
