#!/usr/bin/env bash
# The lint stages: format check, the 70-line function ratchet, clang-tidy naming on changed
# files. Runs all three so one run shows every problem, then fails if any failed.
# Needs a configured build/ for clang-tidy (`make lint` configures first).
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
scripts/stage.sh format-check scripts/check-format.sh || failed+=(format-check)
scripts/stage.sh function-length python3 scripts/function-length.py || failed+=(function-length)
scripts/stage.sh tidy scripts/tidy-changed.sh || failed+=(tidy)
if ((${#failed[@]})); then
  echo "lint: failed: ${failed[*]}" >&2
  exit 1
fi
