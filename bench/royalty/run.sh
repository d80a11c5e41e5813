#!/usr/bin/env bash
# Royalty run and statements benchmark (issue 4): a real database built through the real CLI,
# then `fermata run` and `fermata statements` timed under /usr/bin/time -v, and the same
# fee/tax/reserve computation as one SQL GROUP BY in sqlite3 and DuckDB. Prints a Markdown
# table on stdout; progress goes to stderr. See bench/royalty/README.md.
#
# Usage: bench/royalty/run.sh [--payees N] [--aggregates M] [--stores S] [--repeat R]
#                             [--only LIST] [--fresh-setup]
#   --payees N      label parties, each with one distribution agreement (default 10000)
#   --aggregates M  sales aggregates = earning rows = DSR sales lines (default 5000000; rounded
#                   up to a multiple of 10 territory-channel summaries x 3 months x S stores)
#   --stores S      stores, each sending one DSR a month for 2026-Q1 (default 2)
#   --repeat R      time `run` and `statements` R times, each on a fresh copy (default 1)
#   --only LIST     comma-separated subset of setup,run,statements,sql (default all;
#                   run needs setup, statements needs run, sql needs setup)
#   --fresh-setup   rebuild the imported database even if one is cached for this binary
# Env: FERMATA_BENCH_DIR  cache and scratch (default /tmp/fermata-bench-royalty)
#      FERMATA_BIN        fermata binary (default /tmp/build-bench/src/fermata/cli/fermata)
#      FERMATA_SETUP_BIN  the binary that builds (imports) the database, cached per binary
#                         (default FERMATA_BIN): set it to compare binaries on one import
#      NICE               niceness of the measured runs (default 0)
#      SQL_THREADS        DuckDB threads (default 2)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
payees=10000 aggregates=5000000 stores=2 repeat=1 only="setup,run,statements,sql" fresh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --payees) payees="$2"; shift 2 ;;
    --aggregates) aggregates="$2"; shift 2 ;;
    --stores) stores="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --fresh-setup) fresh=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }
log() { echo "run.sh: $*" >&2; }
period_end=2026-03-31 period=2026-Q1

bench_dir="${FERMATA_BENCH_DIR:-/tmp/fermata-bench-royalty}"
fermata_src="${FERMATA_BIN:-/tmp/build-bench/src/fermata/cli/fermata}"
nice_level="${NICE:-0}"
sql_threads="${SQL_THREADS:-2}"
mkdir -p "$bench_dir/bin" "$bench_dir/run"

if [ ! -x /usr/bin/time ]; then
  log "/usr/bin/time (GNU time, for peak RSS) is missing: apt-get install time"
  exit 69
fi
[ -x "$fermata_src" ] || { log "no fermata binary at $fermata_src (build it, or set FERMATA_BIN)"; exit 69; }
# Run a private copy: the binary may be rebuilt by someone else while we measure.
fermata_id="$(sha256sum "$fermata_src" | cut -c1-12)"
fermata="$bench_dir/bin/fermata-$fermata_id"
[ -x "$fermata" ] || cp "$fermata_src" "$fermata"
log "fermata: $fermata_src (sha256 $fermata_id, built $(date -u -r "$fermata_src" +%Y-%m-%dT%H:%MZ))"
setup_src="${FERMATA_SETUP_BIN:-$fermata_src}"
setup_id="$(sha256sum "$setup_src" | cut -c1-12)"
setup_bin="$bench_dir/bin/fermata-$setup_id"
[ -x "$setup_bin" ] || cp "$setup_src" "$setup_bin"
[ "$setup_id" = "$fermata_id" ] || log "setup (import) with $setup_src (sha256 $setup_id)"

# ---------------------------------------------------------------- data (cached by parameters)
gen_tag="$(sha256sum "$here/generate_royalty.cc" | cut -c1-10)"
gen="$bench_dir/bin/generate_royalty-$gen_tag"
if [ ! -x "$gen" ]; then
  log "building the generator (g++ -O2)"
  g++ -std=c++20 -O2 -o "$gen.tmp" "$here/generate_royalty.cc"
  mv "$gen.tmp" "$gen"
fi
data="$bench_dir/data-p$payees-a$aggregates-s$stores-g$gen_tag"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  log "generating $payees payees, $aggregates aggregates, $stores stores into $data"
  start=$(date +%s.%N)
  "$gen" --out "$data" --payees "$payees" --aggregates "$aggregates" --stores "$stores" >&2
  log "generated in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s"
  touch "$data/.complete"
fi
lines="$(sed -n 's/^sales_lines=//p' "$data/manifest.txt")"
mapfile -t dsr_files < <(sed -n 's/^dsr_file=//p' "$data/manifest.txt")

# ---------------------------------------------------------------- measuring
results="$bench_dir/run/results-$$.tsv"
: > "$results"
# measure NAME NOTE CMD...: fastest of $repeat runs (PRE=function runs untimed before each);
# appends name, wall s, CPU s (user + sys), peak RSS KiB, note to $results.
measure() {
  local name="$1" note="$2" times="${TIMES:-$repeat}"
  shift 2
  local best_s="" best_kb="" best_cpu="" i
  for ((i = 1; i <= times; i++)); do
    local tv="$bench_dir/run/time-$$.txt"
    if [ -n "${PRE:-}" ]; then "$PRE"; fi
    log "running $name ($i/$times), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    if ! nice -n "$nice_level" /usr/bin/time -v -o "$tv" "$@" >"$bench_dir/run/$name.log" 2>&1; then
      log "$name FAILED; its output:"
      tail -20 "$bench_dir/run/$name.log" >&2
      echo -e "$name\tFAILED\t\t\t$note" >> "$results"
      return 1
    fi
    local wall kb cpu
    wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tv" |
      awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')"
    kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")"
    cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$tv")"
    log "$name: ${wall} s wall, ${cpu} s CPU, $((kb / 1024)) MiB peak RSS"
    if [ -z "$best_s" ] || awk "BEGIN { exit !($wall < $best_s) }"; then best_s="$wall" best_kb="$kb" best_cpu="$cpu"; fi
  done
  rm -f "$tv"
  echo -e "$name\t$best_s\t$best_cpu\t$best_kb\t$note" >> "$results"
}
sum_into() {  # sum_into NAME NOTE ROWS...: one row summing earlier rows (wall, CPU; max RSS)
  local name="$1" note="$2"
  shift 2
  awk -F'\t' -v name="$name" -v note="$note" -v want=" $* " '
    index(want, " " $1 " ") { w += $2; c += $3; if ($4 > k) k = $4 }
    END { printf "%s\t%.2f\t%.2f\t%d\t%s\n", name, w, c, k, note }' "$results" >> "$results"
}

# ---------------------------------------------------------------- setup (cached per binary)
setup="$bench_dir/setup-p$payees-a$aggregates-s$stores-g$gen_tag-f$setup_id"
snap="$setup/fermata.db"
setup_times="$setup/times.tsv"
if wants setup && { [ "$fresh" = 1 ] || [ ! -f "$setup/.complete" ]; }; then
  rm -rf "$setup"
  mkdir -p "$setup"
  db="$snap"
  "$setup_bin" --db "$db" init >/dev/null
  TIMES=1 measure "setup-catalog" "import 6 catalog tables" \
    "$setup_bin" --db "$db" import "$data"/catalog/*.csv
  # `agreement add FILE...` records all its files in one unit of work; xargs batches stay
  # under the argument limit.
  TIMES=1 measure "setup-agreements" "$payees agreement files" \
    sh -c 'cd "$1/agreements" && ls | LC_ALL=C sort | xargs -n 5000 "$2" --db "$3" agreement add >/dev/null' \
    sh "$data" "$setup_bin" "$db"
  n=0
  for f in "${dsr_files[@]}"; do
    n=$((n + 1))
    TIMES=1 measure "setup-dsr-$n" "$f" "$setup_bin" --db "$db" import --json "$data/$f"
  done
  sum_into "setup-dsr" "${#dsr_files[@]} DSR files, $lines sales lines" $(seq -f 'setup-dsr-%g' 1 "$n")
  sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  cp "$results" "$setup_times"
  touch "$setup/.complete"
elif [ -f "$setup/.complete" ]; then
  log "using the imported database cached in $setup (--fresh-setup rebuilds it)"
  grep -v '^setup-dsr-[0-9]' "$setup_times" | sed 's/\t\([^\t]*\)$/\t\1 (cached setup)/' >> "$results"
fi
if ! [ -f "$setup/.complete" ]; then
  log "no imported database for this binary and data: run with setup in --only"
  exit 1
fi
earnings="$(sqlite3 "$snap" 'SELECT count(*) FROM earning')"
db_size="$(du -sh "$snap" | cut -f1)"
log "earning register: $earnings rows; database $db_size"

# ---------------------------------------------------------------- run and statements
work="$bench_dir/run/work"
db="$work/fermata.db"
fresh_copy() {  # the imported database, before any run (its archive hard-linked: never written)
  rm -rf "$work"
  mkdir -p "$work"
  cp "$snap" "$db"
  [ -d "$snap.archive" ] && cp -al "$snap.archive" "$db.archive"
  cat "$db" > /dev/null  # in the page cache, as after the import
}
after_run=""
if wants run; then
  PRE=fresh_copy measure "run" "fermata run --through $period_end" \
    "$fermata" --db "$db" run --through "$period_end"
  after_run="$(python3 "$here/royalty_sql.py" run-summary "$bench_dir/run/run.log")"
  log "run: $after_run"
  cp "$db" "$work/after-run.db"
fi
if wants statements; then
  [ -f "$work/after-run.db" ] || { log "statements needs a run first (--only run,statements)"; exit 1; }
  stmt_out="$work/statements"
  after_run_copy() { rm -rf "$stmt_out"; cp "$work/after-run.db" "$db"; }
  PRE=after_run_copy measure "statements" "fermata statements --period $period (CSV+XLSX+PDF each)" \
    "$fermata" --db "$db" statements --period "$period" --out "$stmt_out"
  n_csv=$(find "$stmt_out" -name '*.csv' | wc -l)
  n_xlsx=$(find "$stmt_out" -name '*.xlsx' | wc -l)
  n_pdf=$(find "$stmt_out" -name '*.pdf' | wc -l)
  pages=""
  if command -v pdfinfo >/dev/null; then
    pages="$(find "$stmt_out" -name '*.pdf' | LC_ALL=C sort | awk 'NR % 100 == 1' |
      xargs -n1 pdfinfo | awk '/^Pages:/ { n++; s += $2; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
        END { printf "%d-%d pages (mean %.1f of %d sampled)", min, max, s / n, n }')"
  fi
  log "statements: $n_csv CSV, $n_xlsx XLSX, $n_pdf PDF; $pages; $(du -sh "$stmt_out" | cut -f1)"
  stmt_note="$n_csv CSV + $n_xlsx XLSX + $n_pdf PDF${pages:+; $pages}"
fi

# ---------------------------------------------------------------- the same computation in SQL
sql_note=""
if wants sql; then
  sqldir="$bench_dir/sql-p$payees-a$aggregates-s$stores-g$gen_tag"
  mkdir -p "$sqldir"
  if [ ! -f "$sqldir/.complete" ]; then
    log "exporting the earning register to CSV (amounts as integers of 10^-6; untimed)"
    python3 "$here/royalty_sql.py" export "$snap" "$sqldir/earning.csv"
    log "loading it into sqlite3 (untimed)"
    rm -f "$sqldir/earning.sqlite"
    sqlite3 "$sqldir/earning.sqlite" <<EOF
CREATE TABLE earning (id INTEGER PRIMARY KEY, import_id INTEGER, owner TEXT, release_id TEXT,
  isrc TEXT, store TEXT, channel TEXT, territory TEXT, sale_start TEXT, sale_end TEXT,
  reported_on TEXT, currency TEXT, units INTEGER, amount_micro INTEGER);
.mode csv
.import --skip 1 $sqldir/earning.csv earning
EOF
    touch "$sqldir/.complete"
  fi
  sql_out="$bench_dir/run/sql"
  mkdir -p "$sql_out"
  TIMES="$repeat" measure "sqlite3" "one GROUP BY over the earning table (preloaded)" \
    sh -c 'sqlite3 -csv -header "$1" < "$2" > "$3"' sh "$sqldir/earning.sqlite" "$here/fees.sql" \
    "$sql_out/sqlite3.csv"
  if node -e "require('$here/../ingest/node_modules/@duckdb/node-api')" 2>/dev/null ||
     (log "installing @duckdb/node-api in bench/ingest (npm ci)" &&
      cd "$here/../ingest" && npm ci --no-audit --no-fund >&2); then
    if [ ! -f "$sqldir/earning.duckdb.complete" ]; then
      log "loading the CSV into DuckDB (untimed)"
      rm -f "$sqldir/earning.duckdb"
      node "$here/run_duckdb.mjs" load "$sqldir/earning.duckdb" "$sqldir/earning.csv" "$sql_threads"
      touch "$sqldir/earning.duckdb.complete"
    fi
    TIMES="$repeat" measure "duckdb" "the same query, $sql_threads threads (preloaded)" \
      node "$here/run_duckdb.mjs" query "$sqldir/earning.duckdb" "$here/fees.sql" \
      "$sql_out/duckdb.csv" "$sql_threads"
  else
    sql_note="DuckDB skipped: @duckdb/node-api could not be installed."
  fi
  if [ -f "$work/after-run.db" ]; then
    python3 "$here/royalty_sql.py" fermata-lines "$work/after-run.db" "$sql_out/fermata.csv"
    for t in sqlite3 duckdb; do
      [ -f "$sql_out/$t.csv" ] || continue
      if python3 "$here/royalty_sql.py" compare "$sql_out/fermata.csv" "$sql_out/$t.csv" >&2; then
        sql_note+=" $t: every fee, tax and reserve equal to the run's register lines."
      else
        sql_note+=" $t: DIFFERENT from the run's register lines (see above)."
      fi
    done
  fi
fi

# ---------------------------------------------------------------- report
cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
mem="$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
echo "### Royalty run and statements: $payees payees, $earnings earning rows ($lines DSR sales lines, one per aggregate)"
echo
echo "Machine: $(nproc) vCPU \`$cpu\`, $mem RAM, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
  "nice $nice_level, fastest of $repeat. Database $db_size. fermata sha256 $fermata_id. $(date -u +%Y-%m-%dT%H:%MZ)."
echo "Reproduce: \`bench/royalty/run.sh --payees $payees --aggregates $aggregates --stores $stores --repeat $repeat\`"
echo
echo "| Step | Wall s | CPU s | Peak RSS MiB | What |"
echo "|---|---:|---:|---:|---|"
awk -F'\t' -v stmt="${stmt_note:-}" -v run="$after_run" '
  $1 ~ /^setup-dsr-[0-9]/ { next }
  { note = $5
    if ($1 == "statements" && stmt != "") note = note "; " stmt
    if ($1 == "run" && run != "") note = note "; " run
    if ($2 == "FAILED") printf "| %s | failed | | | %s |\n", $1, note
    else printf "| %s | %.2f | %.2f | %d | %s |\n", $1, $2, $3, $4 / 1024, note }' "$results"
[ -n "$sql_note" ] && echo && echo "SQL:$sql_note"
rm -f "$results"
