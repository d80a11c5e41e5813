#!/usr/bin/env bash
# Checks every C++ file against .clang-format and lists the ones clang-format would change.
#   scripts/check-format.sh        check (exit 1 if any file is off)
#   scripts/check-format.sh --fix  rewrite the files in place (what `make format` runs)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(scripts/cxx-files.sh)
if ((${#files[@]} == 0)); then
  echo "check-format: no C++ files"
  exit 0
fi
if [[ ${1:-} == --fix ]]; then
  clang-format -i -- "${files[@]}"
  echo "format: formatted ${#files[@]} files with $(clang-format --version)"
  exit 0
fi
offenders=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror -- "$f" >/dev/null 2>&1 || offenders+=("$f")
done
if ((${#offenders[@]})); then
  echo "check-format: ${#offenders[@]} of ${#files[@]} files are not clang-formatted:" >&2
  printf '  %s\n' "${offenders[@]}" >&2
  echo "check-format: run 'make format' (or clang-format -i FILE) and review the diff" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files ok"
