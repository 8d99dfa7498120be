#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# deps.sh - install the Debian packages ucg needs to build and test, if missing.
#
# Checks each package with dpkg first; only when something is missing does it
# run `apt-get update` once and install the missing ones (through sudo when
# not root).  Silent and quick when everything is already there.
set -euo pipefail

PACKAGES=(
	build-essential	# gcc, make
	pkg-config
	libcmocka-dev	# unit tests
	valgrind	# `make check`
	clang		# sanitizer build
	libfuse3-dev	# ucgd
	fuse3		# ucgd (fusermount3)
	procps		# ps in the quick start, e2e tests
	python3		# e2e comparison with the kernel (tests/e2e/compare.py)
	util-linux	# runuser, setarch, unshare in the tests
	passwd		# useradd for the unprivileged test user
)

if ! command -v dpkg >/dev/null 2>&1; then
	echo "deps.sh: not a Debian system (no dpkg); install these yourself:" \
		"${PACKAGES[*]}" >&2
	exit 0
fi

installed() {
	dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

missing=()
for pkg in "${PACKAGES[@]}"; do
	installed "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=
elif command -v sudo >/dev/null 2>&1; then
	as_root=sudo
else
	echo "deps.sh: missing packages: ${missing[*]}" >&2
	echo "deps.sh: not root and no sudo; install them as root" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}"
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$as_root env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
