#!/usr/bin/env bash
# Runs clang-tidy (the naming rules in .clang-tidy) on the C++ sources that changed.
#
# Changed means: differs from a base commit, or is uncommitted (modified or new). The base
# is $FERMATA_TIDY_BASE if set; else the merge-base with origin/main, unless that is HEAD
# itself (CI builds main in a fresh clone), then HEAD~1; else every file. A changed header
# brings in its sibling .cc, since headers are checked through the files that include them.
#
#   FERMATA_TIDY_BASE=origin/release scripts/tidy-changed.sh
#   FERMATA_TIDY_ALL=1 scripts/tidy-changed.sh     # every file
#   FERMATA_BUILD_DIR=/tmp/b scripts/tidy-changed.sh  # compile_commands.json location
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${FERMATA_BUILD_DIR:-build}
jobs=${JOBS:-2}

if [[ ! -f $build_dir/compile_commands.json ]]; then
  echo "tidy: $build_dir/compile_commands.json is missing; configure first (make tidy does)" >&2
  exit 1
fi

has_commit() { git rev-parse --verify -q "$1^{commit}" >/dev/null; }

base=""
if [[ -n ${FERMATA_TIDY_ALL:-} ]]; then
  base=""
elif [[ -n ${FERMATA_TIDY_BASE:-} ]]; then
  has_commit "$FERMATA_TIDY_BASE" || { echo "tidy: no such commit: $FERMATA_TIDY_BASE" >&2; exit 1; }
  base=$FERMATA_TIDY_BASE
elif has_commit origin/main && base=$(git merge-base HEAD origin/main 2>/dev/null) &&
  [[ $base != "$(git rev-parse HEAD)" ]]; then
  :
elif has_commit HEAD~1; then
  base=HEAD~1
else
  base=""
fi

in_scope() { [[ $1 == src/* || $1 == tests/* || $1 == bench/* || $1 == fuzz/* ]]; }

declare -A seen=()
candidates=()
if [[ -n $base ]]; then
  echo "tidy: files changed since $(git rev-parse --short "$base") ($base), plus uncommitted"
  mapfile -t candidates < <(
    git diff --name-only --diff-filter=ACMR "$base" -- '*.cc' '*.h'
    git ls-files --others --exclude-standard -- '*.cc' '*.h')
else
  echo "tidy: no base commit; checking every file"
  mapfile -t candidates < <(scripts/cxx-files.sh)
fi
files=()
for f in "${candidates[@]}"; do
  [[ $f == *.h ]] && f=${f%.h}.cc
  if in_scope "$f" && [[ -f $f && -z ${seen[$f]:-} ]]; then
    seen[$f]=1
    files+=("$f")
  fi
done

if ((${#files[@]} == 0)); then
  echo "tidy: no changed C++ sources; skipping"
  exit 0
fi
echo "tidy: checking ${#files[@]} files with $(clang-tidy --version | grep -o 'version [0-9.]*')," \
  "$jobs at a time"

# One clang-tidy per file; each file's output is printed in one piece. -w: compiler
# warnings are the compiler's business (and clang's differ from g++'s); naming is ours.
# A file clang cannot compile (g++ is the reference compiler) is reported, not failed.
printf '%s\0' "${files[@]}" | xargs -0 -n1 -P"$jobs" bash -c '
  out=$(clang-tidy -p "$0" --quiet --extra-arg=-w "$1" 2>&1) && exit 0
  printf "%s\n" "$out" | grep -vE "^[0-9]+ (warning|error)s?( and [0-9]+ errors?)? generated\.$|^Error while processing"
  if grep -q "\[readability-identifier-naming" <<<"$out"; then
    echo "tidy: FAILED $1"
    exit 1
  fi
  echo "tidy: note: clang could not fully compile $1 (see above); naming was checked where it parsed"
' "$build_dir" && status=0 || status=$?
if ((status != 0)); then
  echo "tidy: naming violations above (STYLE.md 6; rules in .clang-tidy)" >&2
  exit 1
fi
echo "tidy: ${#files[@]} files ok"
