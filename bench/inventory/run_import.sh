#!/usr/bin/env bash
# Stock import benchmark (issue: "1 million movements over 50,000 SKUs and 200 locations: import
# within 1.5x the time the ledger benchmark needs for the same number of postings").
# generate_movements.py writes the catalog and the stock files (cached); each repeat imports the
# catalog into a fresh database (untimed), then times `fermata import` of every stock file in one
# process under /usr/bin/time -v (with FERMATA_LEDGER_PROFILE: the time of the ledger's own
# appends and commits inside it), counts the postings the import wrote, checks the books
# (verify, trial balance, unit totals against the generator's expected.json), and times
# fermata_bench_ledger_postings appending exactly that many postings (the ledger benchmark's
# 2-posting transactions, one unit of work) on the same disk: over the ledger benchmark's 1,000
# accounts (the requirement's yardstick) and, unless --quick, over as many accounts as the
# import created (what the ledger alone costs at that size). Prints a Markdown table on stdout;
# progress on stderr. See bench/inventory/README.md.
#
# Usage: bench/inventory/run_import.sh [--movements N] [--skus S] [--warehouses W] [--stores T]
#                                      [--labels L] [--files F] [--seed X] [--repeat R] [--quick]
#   defaults: 1000000 movements, 50000 SKUs, 40 warehouses + 160 stores (200 locations),
#             500 labels, 20 files, seed 1, 1 repeat
# Env: FERMATA_BIN         fermata (default /tmp/build-invbench-rel/src/fermata/cli/fermata)
#      FERMATA_LEDGER_BIN  fermata_bench_ledger_postings (default: bench/ of FERMATA_BIN's build)
#      FERMATA_BENCH_DIR   data and databases (default /tmp/fermata-bench-stock; ~3 GB at 1M)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
movements=1000000 skus=50000 warehouses=40 stores=160 labels=500 files=20 seed=1 repeat=1 quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --movements) movements="$2"; shift 2 ;;
    --skus) skus="$2"; shift 2 ;;
    --warehouses) warehouses="$2"; shift 2 ;;
    --stores) stores="$2"; shift 2 ;;
    --labels) labels="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "run_import.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done
log() { echo "run_import.sh: $*" >&2; }

bin_src="${FERMATA_BIN:-/tmp/build-invbench-rel/src/fermata/cli/fermata}"
build_dir="$(cd "$(dirname "$bin_src")/../../.." && pwd)"
ledger_src="${FERMATA_LEDGER_BIN:-$build_dir/bench/fermata_bench_ledger_postings}"
root="${FERMATA_BENCH_DIR:-/tmp/fermata-bench-stock}"
for b in "$bin_src" "$ledger_src"; do
  [ -x "$b" ] || { log "missing $b (build it: see bench/inventory/README.md)"; exit 69; }
done
[ -x /usr/bin/time ] || { log "/usr/bin/time (GNU time) is missing"; exit 69; }
# Private copies: someone may rebuild the binaries while we measure.
mkdir -p "$root/bin"
fermata="$root/bin/fermata-$(sha256sum "$bin_src" | cut -c1-12)"
ledger_bench="$root/bin/ledger-$(sha256sum "$ledger_src" | cut -c1-12)"
[ -x "$fermata" ] || cp "$bin_src" "$fermata"
[ -x "$ledger_bench" ] || cp "$ledger_src" "$ledger_bench"

data="$root/data-m$movements-s$skus-w$warehouses-t$stores-l$labels-f$files-x$seed"
if [ ! -f "$data/import_order.txt" ]; then
  log "generating $data"
  rm -rf "$data.tmp"
  python3 "$here/generate_movements.py" "$data.tmp" --movements "$movements" --skus "$skus" \
    --warehouses "$warehouses" --stores "$stores" --labels "$labels" --files "$files" \
    --seed "$seed" >&2
  mv "$data.tmp" "$data"
fi
mapfile -t order < "$data/import_order.txt"
catalog=("${order[@]:0:4}") stock=("${order[@]:4}")
db="$root/books.db"

# Seconds of wall and CPU and the peak RSS from a `time -v` log.
time_field() { awk -F': ' -v k="$2" '$1 ~ k {print $2}' "$1"; }
wall_seconds() {
  time_field "$1" "Elapsed \\(wall clock\\)" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

seconds_of() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$1"; }

echo "| Run | Load before | Import s (wall) | CPU s | Peak RSS MiB | Postings | Accounts | Ledger s, same postings, 1,000 accounts | **Import / ledger** | Import's own appends + commits s | That / ledger | Ledger s, same postings and accounts | Import / that |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for run in $(seq 1 "$repeat"); do
  rm -rf "$db" "$db-wal" "$db-shm" "$db.archive"
  "$fermata" --db "$db" init >/dev/null
  (cd "$data" && "$fermata" --db "$db" import --quiet "${catalog[@]}" >/dev/null)
  sync
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "run $run: importing ${#stock[@]} stock files (load $load)"
  (cd "$data" && FERMATA_LEDGER_PROFILE=1 /usr/bin/time -v -o "$root/import.time" "$fermata" \
    --db "$db" import --quiet "${stock[@]}" >"$root/import.out" 2>&1) ||
    { cat "$root/import.out" >&2; exit 1; }
  # The ledger's share of the import: its appends and commits (ledger_profile.h).
  ledger_work_s="$(awk '/^ledger-profile: / {print $3 + $8}' "$root/import.out")"
  import_s="$(wall_seconds "$root/import.time")"
  cpu_s="$(awk "BEGIN {print $(time_field "$root/import.time" "User time") + $(time_field "$root/import.time" "System time")}")"
  rss_mib="$(awk "BEGIN {printf \"%.0f\", $(time_field "$root/import.time" "Maximum resident") / 1024}")"
  postings="$(sqlite3 "$db" 'SELECT count(*) FROM posting')"
  accounts="$(sqlite3 "$db" 'SELECT count(*) FROM account')"
  log "run $run: import ${import_s}s, $postings postings, $accounts accounts; checking the books"
  "$fermata" --db "$db" verify >/dev/null || { log "verify failed"; exit 1; }
  "$fermata" --db "$db" balance --json >"$root/balances.json"
  python3 "$here/check_import.py" "$data/expected.json" "$root/balances.json" >&2
  log "run $run: ledger, $postings postings over 1,000 accounts"
  ledger_s="$(seconds_of "$("$ledger_bench" --postings "$postings" --db "$root/ledger.db")")"
  ratio="$(awk "BEGIN {printf \"%.2f\", $import_s / $ledger_s}")"
  work_ratio="$(awk "BEGIN {printf \"%.2f\", $ledger_work_s / $ledger_s}")"
  same_s="-" same_ratio="-"
  if [ "$quick" = 0 ]; then
    log "run $run: ledger, $postings postings over $accounts accounts"
    same_s="$(seconds_of "$("$ledger_bench" --postings "$postings" --accounts "$accounts" \
      --db "$root/ledger.db")")"
    same_ratio="$(awk "BEGIN {printf \"%.2f\", $import_s / $same_s}")"
  fi
  rm -f "$root/ledger.db" "$root/ledger.db-wal" "$root/ledger.db-shm"
  echo "| $run | $load | $import_s | $cpu_s | $rss_mib | $postings | $accounts | $ledger_s | **$ratio** | $ledger_work_s | $work_ratio | $same_s | $same_ratio |"
done
log "load after: $(cut -d' ' -f1-3 /proc/loadavg); import output: $root/import.out"
