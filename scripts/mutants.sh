#!/usr/bin/env bash
# Mutation proof: every tests/mutants/*.patch breaks one guarded behaviour, and
# the tests its header names must catch it.
#
#   bash scripts/mutants.sh [PATCH...]      (or `make mutants`; default: every patch)
#
# For each patch: a scratch copy of the tracked files (working-tree contents, so
# uncommitted edits are included; FERMATA_MUTANTS_REV=HEAD copies a commit
# instead) at one fixed path, the patch applied with `git apply`, the targets
# the named tests need built with Ninja, then `ctest -R '^(names)$'`. Every
# named test must FAIL ("killed"). The same tests first run on the unpatched
# copy and must pass, so a failure is the mutant's doing, not a broken baseline.
#
# Speed: the scratch sources are always /tmp/fermata-mutant/src (build dir
# src/build kept between mutants and runs), copied with their mtimes kept, and
# CCACHE_BASEDIR points at it, so each mutant recompiles only the files its
# patch touches (plus the previous mutant's files, back to pristine: ccache hits)
# and relinks. Flags match `make build`, so `make build` in the clone and this
# script share ccache entries.
#
# Exit status: 0 when every mutant was killed; 1 when any survived (or only
# some of its named tests failed), a patch did not apply or a mutant did not
# compile; 2 when the baseline is broken or usage is wrong.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${FERMATA_MUTANTS_DIR:-/tmp/fermata-mutant}
src=$work/src
build=$src/build
pristine=$work/pristine
dirty_list=$work/dirty-files  # every file any patch has changed, kept across runs
jobs=${JOBS:-2}
rev=${FERMATA_MUTANTS_REV:-}

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/fermata-ccache}
export CCACHE_BASEDIR=$src
export CCACHE_NOHASHDIR=true
# git apply must not find a repository above the scratch copy.
export GIT_CEILING_DIRECTORIES=$work

# Keep in step with the Makefile's CMAKE_CONFIGURE and RELEASE_ASSERTS.
cmake_flags=(-G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
  '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g')

run_start=$SECONDS
stage_start=$SECONDS
stage() { stage_name=$1; stage_start=$SECONDS; echo ">> stage $1"; }
stage_done() { echo "== stage $stage_name: $((SECONDS - stage_start))s ${1:-ok}"; }
die() { echo "mutants: $*" >&2; exit 2; }

# The build targets a ctest test needs. Tests that run a script against a
# built program map to that program; a `# Build:` header line overrides.
targets_for_test() {
  case $1 in
    cli_test | tamper_test | crash_test | sales_test | demo_world_imports | agreement_test | \
      royalty_test | split_test | payee_test | payment_test | statement_pdf_test | dsr_check_test) echo fermata ;;
    stdnum_cross_check) echo identifier_check ;;
    fuzz_*_corpus) local t=${1#fuzz_}; echo "${t%_corpus}_fuzz" ;;
    *) echo "$1" ;;
  esac
}

header_value() {  # header_value FILE KEY: the value of "# KEY: value" before the diff
  sed -n '/^diff --git /q; s/^# *'"$2"': *//p' "$1" | head -n 1
}

# --- inputs ---------------------------------------------------------------
if (($# > 0)); then
  patches=()
  for p in "$@"; do patches+=("$(realpath -e "$p" 2>/dev/null || echo "$p")"); done
else
  shopt -s nullglob
  patches=("$repo"/tests/mutants/*.patch)
  shopt -u nullglob
fi
((${#patches[@]} > 0)) || die "no patches in tests/mutants/"

declare -A expect build_targets
all_tests=()
all_targets=()
for patch in "${patches[@]}"; do
  [[ -f $patch ]] || die "no such patch: $patch"
  names=$(header_value "$patch" Expect-Fail | tr -d ' ')
  [[ $names =~ ^[A-Za-z0-9_]+(\|[A-Za-z0-9_]+)*$ ]] ||
    die "$patch: needs a header line '# Expect-Fail: test[|test...]' (ctest names)"
  expect[$patch]=$names
  targets=$(header_value "$patch" Build)
  if [[ -z $targets ]]; then
    targets=$(for t in ${names//|/ }; do targets_for_test "$t"; done | sort -u | tr '\n' ' ')
  fi
  build_targets[$patch]=$targets
  read -ra split <<<"${names//|/ }"
  all_tests+=("${split[@]}")
  read -ra split <<<"$targets"
  all_targets+=("${split[@]}")
done
mapfile -t all_tests < <(printf '%s\n' "${all_tests[@]}" | sort -u)
mapfile -t all_targets < <(printf '%s\n' "${all_targets[@]}" | sort -u)

# --- scratch copy -----------------------------------------------------------
stage snapshot
mkdir -p "$work" || die "cannot create $work"
rm -rf "$pristine"
mkdir -p "$pristine" || die "cannot create $pristine"
if [[ -n $rev ]]; then
  git -C "$repo" archive "$rev" | tar -x -C "$pristine" || die "git archive $rev failed"
else
  # Tracked files as they are in the working tree, mtimes kept so unchanged
  # files stay up to date in the build dir. Deleted-but-tracked files are skipped.
  (cd "$repo" && git ls-files -z | while IFS= read -r -d '' f; do
    [[ -e $f ]] && printf '%s\0' "$f"
  done | xargs -0 cp -p --parents -t "$pristine") || die "copying the tracked files failed"
fi
echo "snapshot of ${rev:-the working tree} in $pristine ($(find "$pristine" -type f | wc -l) files)"
stage_done

# Resets $src to the pristine copy, leaving $src/build alone. Every file a
# patch has ever changed gets a fresh mtime: its object in the build dir may
# still be a mutant's (a later mutant need not rebuild that target), and the
# pristine copy's older mtime would not tell Ninja. ccache makes these cheap.
reset_scratch() {
  mkdir -p "$src"
  find "$src" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
  cp -a "$pristine/." "$src/" || return 1
  if [[ -s $dirty_list ]]; then
    while IFS= read -r f; do
      if [[ -e $src/$f ]]; then touch "$src/$f"; fi
    done <"$dirty_list"
  fi
}

configure_and_build() {  # configure_and_build LOG TARGET...
  local log=$1
  shift
  {
    cmake -S "$src" -B "$build" "${cmake_flags[@]}" >/dev/null &&
      cmake --build "$build" -j "$jobs" -- "$@"
  } >"$log" 2>&1
}

ctest_regex() { echo "^($1)\$"; }

failed_tests() {  # names of failed tests in a ctest log, one per line
  sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (.*/\1/p' "$1" | sort -u
}

# --- baseline ---------------------------------------------------------------
stage baseline-build
reset_scratch || die "cannot reset $src"
log=$work/baseline-build.log
if ! configure_and_build "$log" "${all_targets[@]}"; then
  tail -n 40 "$log"
  die "the unpatched copy does not build (log: $log)"
fi
stage_done

stage baseline-test
joined=$(IFS='|'; echo "${all_tests[*]}")
listed=$(ctest --test-dir "$build" -N -R "$(ctest_regex "$joined")" | sed -n 's/^Total Tests: //p')
[[ $listed == "${#all_tests[@]}" ]] ||
  die "ctest knows $listed of the ${#all_tests[@]} named tests (${all_tests[*]}); check Expect-Fail names"
log=$work/baseline-test.log
if ! ctest --test-dir "$build" -R "$(ctest_regex "$joined")" --output-on-failure --no-tests=error \
  -j "$jobs" >"$log" 2>&1; then
  cat "$log"
  die "the named tests fail without any mutant (log: $log): fix the baseline first"
fi
if grep -q '\*\*\*Skipped\|Not Run' "$log"; then
  cat "$log"
  die "a named test was skipped on the baseline, so it cannot kill a mutant (log: $log)"
fi
grep -E '^ *[0-9]+/[0-9]+ Test' "$log"
stage_done

# --- mutants ------------------------------------------------------------------
rows=()
bad=0
for patch in "${patches[@]}"; do
  name=$(basename "$patch" .patch)
  stage "mutant-$name"
  start=$SECONDS
  names=${expect[$patch]}
  result=""
  reset_scratch || die "cannot reset $src"
  # Record the files first: if this run dies mid-mutant, the next one still
  # rebuilds them from pristine sources.
  (cd "$src" && git apply --numstat "$patch" | cut -f3) >>"$dirty_list"
  sort -u -o "$dirty_list" "$dirty_list"
  if ! (cd "$src" && git apply --check "$patch" 2>"$work/$name.apply.log"); then
    cat "$work/$name.apply.log" >&2
    echo "DOES NOT APPLY: $patch" >&2
    result="does-not-apply"
  else
    (cd "$src" && git apply "$patch")
    log=$work/$name.build.log
    read -ra targets <<<"${build_targets[$patch]}"
    if ! configure_and_build "$log" "${targets[@]}"; then
      tail -n 30 "$log" >&2
      echo "DOES NOT COMPILE: $patch (log: $log)" >&2
      result="does-not-compile"
    else
      log=$work/$name.test.log
      if ctest --test-dir "$build" -R "$(ctest_regex "$names")" --output-on-failure \
        --no-tests=error -j "$jobs" >"$log" 2>&1; then
        echo "SURVIVED: $patch (every test in '$names' passed; log: $log)" >&2
        result="survived"
      else
        mapfile -t failed < <(failed_tests "$log")
        missing=()
        read -ra split <<<"${names//|/ }"
        for t in "${split[@]}"; do
          [[ " ${failed[*]} " == *" $t "* ]] || missing+=("$t")
        done
        if ((${#missing[@]} == 0)); then
          result="killed"
        else
          echo "SURVIVED: $patch in ${missing[*]} (failed: ${failed[*]:-none}; log: $log)" >&2
          result="partly-survived(${missing[*]})"
        fi
        grep -E '^ *[0-9]+/[0-9]+ Test' "$log"
      fi
    fi
  fi
  [[ $result == killed ]] || bad=1
  rows+=("$name"$'\t'"$names"$'\t'"$result"$'\t'"$((SECONDS - start))")
  stage_done "$result"
done
reset_scratch >/dev/null 2>&1 || true

# --- report ---------------------------------------------------------------------
echo
{
  printf 'patch\texpected failing test(s)\tresult\tseconds\n'
  printf '%s\n' "${rows[@]}"
} | column -t -s $'\t'
killed=$(printf '%s\n' "${rows[@]}" | cut -f3 | grep -c '^killed$')
echo "$killed of ${#rows[@]} mutants killed in $((SECONDS - run_start))s"
exit "$bad"
