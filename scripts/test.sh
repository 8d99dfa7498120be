#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test.sh - run every test: install missing packages, build everything with
# -Werror, then `make check` (plain, ASan+UBSan, TSan, valgrind), then the unit
# tests again as an unprivileged user.  The exit code is the result.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
make -j2 WERROR=1 all
make WERROR=1 check
make WERROR=1 check-e2e
scripts/test-unpriv.sh
