#!/usr/bin/env bash
# DSR ingestion benchmark: the same DDEX DSR Basic Audio file and catalog through DuckDB,
# the sqlite3 shell, pandas and (when its importer accepts DSR) Fermata. Prints a Markdown
# table on stdout; progress goes to stderr. See bench/ingest/README.md.
#
# Usage: bench/ingest/compare.sh [--lines N] [--threads T] [--recordings M] [--labels L]
#                                [--seed S] [--repeat R] [--only LIST] [--no-fermata]
#   --lines N       SU01/SU02 sales lines in the DSR (default 10000000)
#   --threads T     also run the tools that can use T threads with T (default 2; 1 = only 1)
#   --repeat R      run every tool R times and keep the fastest (default 1)
#   --only LIST     comma-separated subset of duckdb,sqlite,pandas,fermata
# Env: FERMATA_BENCH_DIR  cache and scratch (default /tmp/fermata-bench-ingest)
#      FERMATA_BIN        fermata binary (default /tmp/build-lead/src/fermata/cli/fermata)
#      FERMATA_SHARED_DIR ../shared with the DDEX samples and XSDs (ERN validation)
#      NICE               niceness of the measured runs (default 10; the machine is shared)
#      FERMATA_DSR_CHECK_MAX_LINES  run `fermata dsr check` only up to this many lines
#                         (default 3000000: it holds the whole report in memory, ~3.2 GiB
#                         per 1M lines; `dsr totals` and `import` stream and always run)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lines=10000000 threads=2 recordings=50000 labels=500 seed=20260101 repeat=1
only="duckdb,sqlite,pandas,fermata"
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) lines="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --recordings) recordings="$2"; shift 2 ;;
    --labels) labels="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-fermata) only="${only//fermata/}"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }
log() { echo "compare.sh: $*" >&2; }

bench_dir="${FERMATA_BENCH_DIR:-/tmp/fermata-bench-ingest}"
fermata_bin="${FERMATA_BIN:-/tmp/build-lead/src/fermata/cli/fermata}"
nice_level="${NICE:-10}"
mkdir -p "$bench_dir/bin" "$bench_dir/run"

# ---------------------------------------------------------------- tools
if [ ! -x /usr/bin/time ]; then
  log "/usr/bin/time (GNU time, for peak RSS) is missing; installing the Debian package 'time'"
  if [ "$(id -u)" = 0 ]; then apt-get install -y time >&2 || { apt-get update >&2 && apt-get install -y time >&2; }
  else sudo apt-get install -y time >&2; fi
fi
missing=()
command -v g++ >/dev/null || missing+=("g++")
wants sqlite && ! command -v sqlite3 >/dev/null && missing+=("sqlite3 (Debian package sqlite3)")
wants pandas && ! /usr/bin/python3 -c 'import pandas' 2>/dev/null && missing+=("pandas (Debian package python3-pandas)")
wants duckdb && ! command -v node >/dev/null && missing+=("node (Debian package nodejs)")
command -v xmllint >/dev/null || missing+=("xmllint (Debian package libxml2-utils)")
if [ ${#missing[@]} -gt 0 ]; then
  log "missing: ${missing[*]} (scripts/install-deps.sh does not install them; apt-get install them)"
  exit 69
fi
if wants duckdb && [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  log "installing @duckdb/node-api from package-lock.json (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi

gen="$bench_dir/bin/generate_dsr"
gen_tag="$(sha256sum "$here/generate_dsr.cc" | cut -c1-10)"
if [ ! -x "$gen-$gen_tag" ]; then
  log "building the generator (g++ -O2)"
  g++ -std=c++20 -O2 -o "$gen-$gen_tag.tmp" "$here/generate_dsr.cc"
  mv "$gen-$gen_tag.tmp" "$gen-$gen_tag"
fi
gen="$gen-$gen_tag"

# ---------------------------------------------------------------- data (cached by parameters)
data="$bench_dir/data-n$lines-m$recordings-l$labels-s$seed-g$gen_tag"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  log "generating $lines sales lines, $recordings recordings, $labels labels into $data"
  start=$(date +%s.%N)
  nice -n "$nice_level" "$gen" --out "$data" --lines "$lines" --recordings "$recordings" --labels "$labels" \
    --seed "$seed" >/dev/null
  log "generated in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s"
  log "validating the ERN 4.3 catalog offline (xmllint --nonet)"
  "$here/validate_ern.sh" "$data/ern" >&2
  touch "$data/.complete"
fi
dsr="$data/$(sed -n 's/^dsr_file=//p' "$data/manifest.txt")"
owners="$data/catalog_isrc_owner.csv"
expected="$data/expected_totals.csv"
physical="$(sed -n 's/^physical_lines=//p' "$data/manifest.txt")"
log "DSR: $dsr ($lines sales lines, $physical physical lines, $(du -h "$dsr" | cut -f1))"

# ---------------------------------------------------------------- measuring
results="$bench_dir/run/results-$$.tsv"
: > "$results"
# measure NAME THREADS OUT_CSV CMD...: fastest of $repeat runs; appends to $results.
# With PRE=function / POST=function set, they run (untimed) before / after every run.
measure() {
  local name="$1" t="$2" out="$3"
  shift 3
  local best_s="" best_kb="" best_cpu="" i
  for ((i = 1; i <= repeat; i++)); do
    local tv="$bench_dir/run/time-$$.txt"
    if [ -n "${PRE:-}" ]; then "$PRE"; fi  # untimed set-up before every run
    log "running $name (threads $t, run $i/$repeat)"
    if ! nice -n "$nice_level" /usr/bin/time -v -o "$tv" "$@" >"$bench_dir/run/$name-$t.log" 2>&1; then
      log "$name FAILED; its output:"
      tail -20 "$bench_dir/run/$name-$t.log" >&2
      echo -e "$name\t$t\tFAILED\t\t\t" >> "$results"
      rm -f "$tv"
      return 1
    fi
    if [ -n "${POST:-}" ]; then "$POST"; fi  # untimed, after every successful run
    local wall kb cpu
    wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tv" |
      awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')"
    kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")"
    cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$tv")"
    rm -f "$tv"
    log "$name: ${wall} s wall, ${cpu} s CPU, $((kb / 1024)) MiB"
    if [ -z "$best_s" ] || awk "BEGIN { exit !($wall < $best_s) }"; then best_s="$wall" best_kb="$kb" best_cpu="$cpu"; fi
  done
  local check="n/a"
  if [ -n "$out" ]; then
    if /usr/bin/python3 "$here/compare_totals.py" "$expected" "$out" >&2; then check="same"; else check="DIFFERENT"; fi
  fi
  echo -e "$name\t$t\t$best_s\t$best_kb\t$check\t$best_cpu" >> "$results"
}

out_dir="$bench_dir/run/out"
mkdir -p "$out_dir"
rm -f "$out_dir"/*.csv
thread_list=(1)
[ "$threads" -gt 1 ] && thread_list+=("$threads")
failed=0
if wants duckdb; then
  for t in "${thread_list[@]}"; do
    measure "duckdb" "$t" "$out_dir/duckdb-$t.csv" node "$here/run_duckdb.mjs" "$dsr" "$owners" "$out_dir/duckdb-$t.csv" "$t" ||
      failed=1
  done
fi
if wants sqlite; then
  measure "sqlite3" 1 "$out_dir/sqlite3.csv" "$here/run_sqlite.sh" "$dsr" "$owners" "$out_dir/sqlite3.csv" || failed=1
fi
if wants pandas; then
  measure "pandas" 1 "$out_dir/pandas.csv" /usr/bin/python3 "$here/run_pandas.py" "$dsr" "$owners" "$out_dir/pandas.csv" ||
    failed=1
fi

# ---------------------------------------------------------------- Fermata
fermata_note=""
if wants fermata; then
  if [ ! -x "$fermata_bin" ]; then
    fermata_note="Fermata skipped: no binary at $fermata_bin (build it, or set FERMATA_BIN)."
  else
    # Run a private copy: the binary may be rebuilt by someone else while we measure.
    fermata_src="$fermata_bin"
    fermata_bin="$bench_dir/bin/fermata-$$"
    cp "$fermata_src" "$fermata_bin"
    fermata_id="$(sha256sum "$fermata_bin" | cut -c1-12), built $(date -u -r "$fermata_src" +%Y-%m-%dT%H:%MZ)"
    trap 'rm -f "$fermata_bin"' EXIT
    log "Fermata: $fermata_src (sha256 $fermata_id)"
    # Probe with a tiny report of the same shape: does `fermata import` accept DSR yet?
    probe="$bench_dir/probe-g$gen_tag"
    [ -f "$probe/.complete" ] || { rm -rf "$probe"; "$gen" --out "$probe" --lines 200 --recordings 500 --labels 10 \
      --no-ern >/dev/null && touch "$probe/.complete"; }
    pdb="$bench_dir/run/probe.db"
    rm -rf "$pdb" "$pdb"-* "$pdb".archive
    "$fermata_bin" --db "$pdb" init >/dev/null
    "$fermata_bin" --db "$pdb" import "$probe"/catalog/*.csv >/dev/null
    if ! probe_out="$("$fermata_bin" --db "$pdb" import "$probe"/DSR_*.tsv 2>&1)"; then
      fermata_note="Fermata import skipped: \`fermata import\` does not accept a DSR file yet ($(echo "$probe_out" |
        head -1 | sed "s#$probe/##"))."
    else
      db="$bench_dir/run/fermata.db"
      # Every run starts from a fresh database: a second import of the same bytes is a no-op.
      # (Fermata keeps a copy of every imported file in DB.archive/ beside the database.)
      fresh_db() { rm -rf "$db" "$db"-* "$db".archive; "$fermata_bin" --db "$db" init >/dev/null; }
      with_catalog() {
        fresh_db
        log "importing the catalog tables (untimed)"
        "$fermata_bin" --db "$db" import "$data"/catalog/*.csv >"$bench_dir/run/fermata-catalog-setup.log"
      }
      PRE=fresh_db measure "fermata-catalog" 1 "" "$fermata_bin" --db "$db" import "$data"/catalog/*.csv || failed=1
      # The same task as the others: `fermata dsr totals` reads the report streamed, checks it,
      # joins it to the catalog and sums per owner and currency; nothing is posted.
      with_catalog
      totals_raw="$out_dir/fermata-totals.raw"
      totals_csv() {  # "(unmatched)" is the competitors' "_unmatched"; byte order as theirs.
        { echo "owner,currency,revenue"; tail -n +2 "$totals_raw" | sed 's/^(unmatched),/_unmatched,/' |
          LC_ALL=C sort; } > "$out_dir/fermata-totals.csv"
      }
      POST=totals_csv measure "fermata-totals" 1 "$out_dir/fermata-totals.csv" \
        sh -c '"$1" --db "$2" dsr totals "$3" > "$4"' sh "$fermata_bin" "$db" "$dsr" "$totals_raw" || failed=1
      # The full import: the same reading plus SHA-256, the zstd archive (on a second thread),
      # the report register and every posting, committed.
      fermata_totals() {
        "$fermata_bin" --db "$db" balance --kind receivable --json |
          /usr/bin/python3 "$here/fermata_totals.py" BENCHDIST > "$out_dir/fermata.csv"
        "$fermata_bin" --db "$db" import status --json > "$bench_dir/run/fermata-import-status.json" || true
      }
      PRE=with_catalog POST=fermata_totals measure "fermata-import" 2 "$out_dir/fermata.csv" \
        "$fermata_bin" --db "$db" import --json "$dsr" || failed=1
      fermata_note="Fermata: \`$fermata_src\` (sha256 $fermata_id). \`fermata-totals\` is \`fermata dsr totals\` \
(read, check, match, sum; prints owner,currency,revenue). \`fermata-import\` is the whole import (1 thread parses, \
libzstd's worker thread compresses the archive copy); its totals are the receivable balances per owner \
(\`fermata balance --kind receivable --json\`; unmatched lines sit with the holder BENCHDIST); its phase \
seconds are in \`run/fermata-import-2.log\` (\`import --json\`, \"seconds\")."
    fi
    # Parse-and-check only (no catalog join, no posting): a lower bound for the importer.
    # `dsr check` keeps every record in memory (about 3.3 KiB per sales line in this file), so
    # it is skipped above FERMATA_DSR_CHECK_MAX_LINES (default 3M) to keep the shared machine
    # out of swap/OOM.
    if [ "$lines" -le "${FERMATA_DSR_CHECK_MAX_LINES:-3000000}" ]; then
      measure "fermata-dsr-check" 1 "" "$fermata_bin" dsr check "$dsr" || failed=1
    else
      fermata_note="$fermata_note \`fermata dsr check\` skipped above ${FERMATA_DSR_CHECK_MAX_LINES:-3000000} lines: \
it holds the whole report in memory (set FERMATA_DSR_CHECK_MAX_LINES to force)."
    fi
  fi
  [ -n "$fermata_note" ] && log "$fermata_note"
fi

# ---------------------------------------------------------------- report
cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
mem="$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
echo "### DSR ingestion: $lines sales lines ($physical physical lines, $(du -h "$dsr" | cut -f1)B), $recordings recordings, $labels labels"
echo
echo "Machine: $(nproc) vCPU \`$cpu\`, $mem RAM, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
  "runs under \`nice -n $nice_level\`, fastest of $repeat. $(date -u +%Y-%m-%dT%H:%MZ)."
extra=""
[ "$recordings" != 50000 ] && extra+=" --recordings $recordings"
[ "$labels" != 500 ] && extra+=" --labels $labels"
[ "$seed" != 20260101 ] && extra+=" --seed $seed"
[ "$only" != "duckdb,sqlite,pandas,fermata" ] && extra+=" --only $only"
echo "Reproduce: \`bench/ingest/compare.sh --lines $lines --threads $threads --repeat $repeat$extra\`"
echo
awk -F'\t' -v lines="$lines" '
  function commas(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
  { name[NR] = $1; thr[NR] = $2; sec[NR] = $3; kb[NR] = $4; chk[NR] = $5; cpu[NR] = $6
    if ($3 != "FAILED" && $1 !~ /^fermata/ && (best == "" || $3 + 0 < best + 0)) best = $3
    if ($3 != "FAILED" && $1 !~ /^fermata/ && (same[$2] == "" || $3 + 0 < same[$2] + 0)) same[$2] = $3 }
  END {
    print "| Tool | Threads | Wall s | CPU s | Sales lines/s (wall) | Peak RSS MiB | Fastest competitor ÷ this | Same threads: fastest ÷ this | Totals |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    for (i = 1; i <= NR; i++) {
      if (sec[i] == "FAILED") { printf "| %s | %s | failed | | | | | | |\n", name[i], thr[i]; continue }
      ratio = (best == "" || name[i] == "fermata-catalog") ? "" : sprintf("%.2f", best / sec[i])
      peer = (same[thr[i]] == "" || name[i] == "fermata-catalog") ? "" : sprintf("%.2f", same[thr[i]] / sec[i])
      rate = (name[i] == "fermata-catalog") ? "(catalog)" : commas(lines / sec[i])
      printf "| %s | %s | %.2f | %.2f | %s | %d | %s | %s | %s |\n", name[i], thr[i], sec[i], cpu[i], rate, kb[i] / 1024, ratio, peer, chk[i]
    }
  }' "$results"
echo
echo "Wall = elapsed time of the whole process (start-up, reading, joining, writing the CSV); CPU = user + system."
echo "Ratios > 1: this row is that many times faster than the fastest competitor (overall, and among competitors run with as many threads)."
echo "Totals: \`same\` = identical to the generator's exact expected_totals.csv (owner, currency, revenue at 6 decimals)."
[ -n "$fermata_note" ] && echo && echo "$fermata_note"
rm -f "$results"
exit "$failed"
