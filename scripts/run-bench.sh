#!/usr/bin/env bash
# Runs every benchmark executable built under BUILD_DIR/bench and writes one JSON file per
# executable to BUILD_DIR/results/NAME.json (Google Benchmark's --benchmark_out).
#   scripts/run-bench.sh build-bench
#   BENCH_ARGS='--benchmark_filter=Parse' scripts/run-bench.sh build-bench
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build-bench}
results=$build_dir/results
mapfile -t benches < <(find "$build_dir/bench" -type f -perm -u+x -not -path '*/CMakeFiles/*' \
  2>/dev/null | sort)
if ((${#benches[@]} == 0)); then
  echo "bench: no benchmark executables under $build_dir/bench (does bench/CMakeLists.txt add any?)" >&2
  exit 1
fi
mkdir -p "$results"
for b in "${benches[@]}"; do
  name=$(basename "$b")
  echo "bench: $name -> $results/$name.json"
  # shellcheck disable=SC2086  # BENCH_ARGS is a list of flags
  "$b" --benchmark_out="$results/$name.json" --benchmark_out_format=json ${BENCH_ARGS:-}
done
echo "bench: ${#benches[@]} executables, results in $results/"
