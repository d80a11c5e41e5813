#!/usr/bin/env bash
# `fermata inventory` latency (issue: < 50 ms for one label as of any date): a database built
# through the real CLI from generate_stock.py's catalog, prices, insured bases and a year of
# stock movements, then `fermata inventory --party P --as-of D` run R times per day, wall
# time of the whole process (start, open, ledger balances, prices, valuation, table) reported
# as min / median / max ms, and its CPU time; process start and opening the database alone are
# measured too, since they are a fixed part of every command. See bench/inventory/README.md.
#
# Usage: bench/inventory/run.sh [--movements N] [--labels L] [--skus S] [--repeat R]
#                               [--party P] [--fresh-setup] [--db PATH]
#   --movements N  stock movements over 2026 (default 200000)
#   --labels L     labels owning the SKUs round robin (default 20)
#   --skus S       physical products (default 2000)
#   --repeat R     runs per measured command (default 20)
#   --party P      the label measured (default L001)
#   --fresh-setup  rebuild the database even if one is cached for these arguments
#   --db PATH      measure an existing database instead (e.g. the 1M-movement books
#                  run_import.sh leaves at its FERMATA_BENCH_DIR/books.db): one label at five
#                  days from before the first checkpoint to after the last; no every-owner row
# Env: FERMATA_BENCH_DIR  cache and scratch (default /tmp/fermata-bench-inventory)
#      FERMATA_BIN        fermata binary (default /tmp/build-bench/src/fermata/cli/fermata)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
movements=200000 labels=20 skus=2000 repeat=20 party=L001 fresh=0 given_db=""
while [ $# -gt 0 ]; do
  case "$1" in
    --movements) movements="$2"; shift 2 ;;
    --labels) labels="$2"; shift 2 ;;
    --skus) skus="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --party) party="$2"; shift 2 ;;
    --fresh-setup) fresh=1; shift ;;
    --db) given_db="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done
bin=${FERMATA_BIN:-/tmp/build-bench/src/fermata/cli/fermata}
root=${FERMATA_BENCH_DIR:-/tmp/fermata-bench-inventory}
data="$root/m$movements-l$labels-s$skus"
db="${given_db:-$data/books.db}"
log() { echo "run.sh: $*" >&2; }

if [[ -n $given_db && ! -f $given_db ]]; then
  log "no database at $given_db"; exit 66
fi
if [[ -z $given_db && ( $fresh == 1 || ! -f $db ) ]]; then
  rm -rf "$data" && mkdir -p "$data"
  python3 "$here/generate_stock.py" "$data" --movements "$movements" --labels "$labels" \
    --skus "$skus" >&2
  started=$(date +%s.%N)
  "$bin" --db "$db" init >/dev/null
  mapfile -t files < "$data/import_order.txt"
  (cd "$data" && "$bin" --db "$db" import --quiet "${files[@]:0:4}" >/dev/null)
  "$bin" --db "$db" prices import "$data/prices.csv" >&2
  "$bin" --db "$db" insurance import "$data/insurance.csv" >&2
  (cd "$data" && "$bin" --db "$db" import --quiet "${files[@]:4}" >/dev/null)
  log "setup: $(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')") s"
fi
log "database: $(du -h "$db" | cut -f1), $(sqlite3 "$db" 'SELECT count(*) FROM posting') postings, \
$(sqlite3 "$db" 'SELECT count(*) FROM stock_movement') movements, \
$(sqlite3 "$db" 'SELECT count(*) FROM checkpoint') checkpoints"

# Wall ms (min / median / max) and CPU ms (user + system, median) of R runs of a command.
measure() {
  python3 - "$repeat" "$@" <<'EOF'
import resource, statistics, subprocess, sys, time
repeat, argv = int(sys.argv[1]), sys.argv[2:]
subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)  # Warm the page cache.
wall, cpu = [], []
for _ in range(repeat):
    before, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall.append((time.perf_counter() - t) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
print(f"{min(wall):.1f} | {statistics.median(wall):.1f} | {max(wall):.1f} | "
      f"{statistics.median(cpu):.0f}")
EOF
}

echo "| command | wall min ms | wall median ms | wall max ms | CPU median ms |"
echo "|---|---|---|---|---|"
row() { echo "| $1 | $(shift; measure "$@") |"; }
row "fermata --help (process start, no database)" "$bin" --help
row "insurance list (start + open the database)" "$bin" --db "$db" insurance list
days=(2026-01-31 2026-06-30 2026-12-31)
[[ -n $given_db ]] && days=(2026-01-10 2026-03-31 2026-06-30 2026-09-30 2026-12-31)
for day in "${days[@]}"; do
  rows=$("$bin" --db "$db" inventory --party "$party" --as-of "$day" | grep -c "^$party " || true)
  row "inventory --party $party --as-of $day ($rows rows)" "$bin" --db "$db" inventory --party "$party" --as-of "$day"
done
if [[ -n $given_db ]]; then
  row "balance --party $party --as-of 2026-06-30 (reference)" "$bin" --db "$db" balance --party "$party" --as-of 2026-06-30
  exit 0
fi
row "inventory --party $party --as-of 2026-06-30 --json" "$bin" --db "$db" inventory --party "$party" --as-of 2026-06-30 --json
row "inventory --as-of 2026-06-30 (every owner)" "$bin" --db "$db" inventory --as-of 2026-06-30
row "balance --party $party --as-of 2026-06-30 (reference)" "$bin" --db "$db" balance --party "$party" --as-of 2026-06-30
