#!/usr/bin/env bash
# Runs every libFuzzer target for a while, each on a scratch copy of its seed
# corpus (fuzz/corpus/<name>/ is never written to). A crash leaves the input
# in $FUZZ_DIR/crashes/ and fails the run.
#
#   scripts/fuzz.sh build-fuzz 60        # 60 s per target
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build-fuzz}
seconds=${2:-60}
crashes=$build_dir/crashes
mkdir -p "$crashes"
failed=()
for source in fuzz/*_fuzz.cc; do
  name=$(basename "$source" _fuzz.cc)
  binary=$build_dir/fuzz/${name}_fuzz
  corpus=$build_dir/corpus/$name
  rm -rf "$corpus"
  mkdir -p "$corpus"
  cp -r "fuzz/corpus/$name/." "$corpus/"
  echo "fuzz: $name for ${seconds}s"
  if ! "$binary" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$crashes/$name-" \
    "$corpus" >"$build_dir/$name.log" 2>&1; then
    failed+=("$name")
    tail -n 30 "$build_dir/$name.log" >&2
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added" "$build_dir/$name.log" | \
    sed "s/^/fuzz: $name: /" || true
done
if ((${#failed[@]})); then
  echo "fuzz: crashes in: ${failed[*]} (inputs in $crashes/)" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a crash"
