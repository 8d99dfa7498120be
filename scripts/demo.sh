#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# demo.sh - the main job: install missing packages, build, run ucg-demo.
# Arguments are passed to ucg-demo.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
make -j2 all
exec build/bin/ucg-demo "$@"
