#!/usr/bin/env bash
# sqlite3 shell competitor: revenue per owner and currency from a DSR file.
# Usage: run_sqlite.sh DSR.tsv catalog_isrc_owner.csv OUT.csv [int|decimal]
#
# Reading: the file is imported literally, one line per row (.mode ascii with a separator
# byte that never occurs), because `.mode tabs` applies CSV quoting rules and prints one
# warning per record shorter than the table. Cells are then located by STORED generated
# columns p1..p11 (offset of the k-th TAB), each computed once per row from the previous one.
#
# Money: SQLite has no decimal type; numeric text becomes REAL (binary float). Two exact ways:
#   int: prices become INTEGER numbers of 10^-6 units (the run fails if a price has
#        more than 6 decimals; SUM fails with "integer overflow" rather than wrapping);
#   decimal (default): the shell's built-in decimal extension (decimal_mul, decimal_sum;
#        exact arithmetic on decimal text, any scale). It measured faster than the long
#        substr/instr expression of `int`, so it is the default.
set -euo pipefail
dsr="$1" catalog="$2" out="$3" money="${4:-decimal}"
positions="p1 INTEGER AS (instr(l, char(9))) STORED"
for k in $(seq 2 11); do
  positions+=", p$k INTEGER AS (p$((k - 1)) + instr(substr(l, p$((k - 1)) + 1), char(9))) STORED"
done
cell() { echo "substr(l, p$1 + 1, p$(($1 + 1)) - p$1 - 1)"; }  # cell k (0 = record type), k >= 1
if [ "$money" = int ]; then
  micro() {  # exact 10^-6 units of a decimal text
    echo "(CAST(substr($1, 1, instr($1 || '.', '.') - 1) AS INTEGER) * 1000000 + CAST(substr(substr($1, instr($1 || '.', '.') + 1) || '000000', 1, 6) AS INTEGER))"
  }
  revenue="CASE WHEN c0 = 'SU01' THEN $(micro price) * (CAST(c8 AS INTEGER) - CAST(c9 AS INTEGER)) ELSE $(micro price) * CAST(c7 AS INTEGER) END"
  total="printf('%s%d.%06d', CASE WHEN sum(revenue) < 0 THEN '-' ELSE '' END, abs(sum(revenue)) / 1000000, abs(sum(revenue)) % 1000000)"
  # A price with more than 6 decimals would be truncated: print why, then fail (json() of
  # non-JSON text raises an error at run time, and .bail stops the script).
  guard="SELECT 'run_sqlite: a price has more than 6 decimals' AS error, json('stop') FROM su
         WHERE instr(price, '.') > 0 AND length(substr(price, instr(price, '.') + 1)) > 6 LIMIT 1;"
else
  revenue="CASE WHEN c0 = 'SU01' THEN decimal_mul(price, CAST(c8 AS INTEGER) - CAST(c9 AS INTEGER)) ELSE decimal_mul(price, c7) END"
  total="decimal(decimal_sum(revenue))"
  guard=""
fi
sqlite3 :memory: <<SQL
.bail on
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -262144;
CREATE TABLE raw(line TEXT);
.mode ascii
.separator "\001" "\n"
.import '$dsr' raw
CREATE TABLE owner(isrc TEXT PRIMARY KEY, owner TEXT) WITHOUT ROWID;
.mode csv
.import --skip 1 '$catalog' owner
CREATE TABLE rec(l TEXT, $positions);
INSERT INTO rec(l) SELECT line || char(9) FROM raw WHERE substr(line, 1, 3) IN ('SU0', 'AS0', 'SY0');
DROP TABLE raw;
CREATE TABLE sy(sid TEXT PRIMARY KEY, currency TEXT) WITHOUT ROWID;
INSERT OR IGNORE INTO sy SELECT $(cell 1), $(cell 10) FROM rec WHERE substr(l, 1, 8) = 'SY02.02' || char(9);
CREATE TABLE res(block TEXT, ref TEXT, isrc TEXT, PRIMARY KEY (block, ref)) WITHOUT ROWID;
INSERT OR IGNORE INTO res SELECT $(cell 1), $(cell 2), $(cell 4) FROM rec WHERE substr(l, 1, 8) = 'AS01.01' || char(9);
CREATE TABLE su AS
  SELECT substr(l, 1, 4) AS c0, $(cell 1) AS block, $(cell 2) AS sid, $(cell 5) AS ref,
         $(cell 7) AS c7, $(cell 8) AS c8, $(cell 9) AS c9,
         CASE substr(l, 1, 4) WHEN 'SU01' THEN $(cell 10) ELSE $(cell 8) END AS price
  FROM rec WHERE substr(l, 1, 5) IN ('SU01' || char(9), 'SU02' || char(9));
DROP TABLE rec;
$guard
CREATE TABLE line AS
  SELECT coalesce(o.owner, '_unmatched') AS owner, sy.currency AS currency, $revenue AS revenue
  FROM su JOIN sy ON sy.sid = su.sid
  LEFT JOIN res ON res.block = su.block AND res.ref = su.ref
  LEFT JOIN owner o ON o.isrc = res.isrc;
.headers on
.mode list
.separator "," "\n"
.output '$out'
SELECT owner, currency, $total AS revenue FROM line GROUP BY owner, currency ORDER BY owner, currency;
.output stdout
SQL
