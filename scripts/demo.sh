#!/usr/bin/env bash
# The Fermata demo: a distributor with 120 labels' stock and money, in one database.
#
#   make demo                      builds, then runs this script from the repo root
#   FERMATA_BIN=path scripts/demo.sh   uses another fermata binary
#
# Generates the demo world (demo/generate_world.py) into demo/out/, creates
# demo/fermata.db afresh, imports the catalog and then the journal, and shows
# what the books say: verify, the trial balance, and every label's position.
# Then imports a year of store reports (DDEX DSR, Apple, physical sell-through)
# and the remittances that paid them (demo/out/sales/), and shows totals per
# store and per label, what the stores still owe, the suspense, and verify; last, the
# royalty run for the labels with an agreement on record (demo/agreements/).
# Any failing step stops the demo with a non-zero exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
FERMATA_BIN=${FERMATA_BIN:-build/src/fermata/cli/fermata}
OUT=demo/out
DB=demo/fermata.db
START=$(date +%s.%N)

if [[ ! -x $FERMATA_BIN ]]; then
  echo "demo: no fermata binary at $FERMATA_BIN (run 'make build' or set FERMATA_BIN)" >&2
  exit 1
fi
if ! command -v python3 >/dev/null; then
  echo "demo: python3 is needed to generate the demo world" >&2
  exit 1
fi

fermata() { "$FERMATA_BIN" --db "$DB" "$@"; }
step() { printf '\n== %s\n' "$*"; }

step "1/10 Generate the world (deterministic, seed 20160601)"
python3 demo/generate_world.py "$OUT"

step "2/10 Fresh database $DB"
rm -f "$DB" "$DB-wal" "$DB-shm"
fermata init

step "3/10 Import the catalog, then the journal (each file commits whole or not at all)"
fermata import "$OUT"/catalog/*.csv
fermata import "$OUT"/journal/*.csv
# Agreements as data (docs/FORMATS.md §9): versions, each with its clauses.
fermata agreement add demo/agreements/*.toml
fermata agreement show AGR-L001-MERIDIAN --on 2026-09-30
fermata payee add demo/payees/*.toml
fermata payee list --on 2026-06-30

step "4/10 Verify: recompute every hash, balance and checkpoint"
fermata verify

step "5/10 Trial balance: every commodity nets to zero"
tb=$(fermata trial-balance)
# One row per currency; the many SKU rows (units) are counted, not listed.
awk 'NR <= 2 || ($1 !~ /^SKU:/ && $1 !~ /^balanced/ && $1 != "NOT") { print }
     $1 ~ /^SKU:/ { skus++; if ($NF != "0") bad++ }
     END { printf "%-24s %s products, every one nets to zero units\n", "SKU:*", skus;
           if (bad) exit 1 }' <<<"$tb"
tail -n 1 <<<"$tb"

step "6/10 Summary: what each label has at stake with others (as of 2026-06-30)"
summary=$(fermata summary)
fermata summary --json >"$OUT/summary.json"
head -n 14 <<<"$summary"
# Two header lines: the column names and the rule under them.
labels=$(($(wc -l <<<"$summary") - 2))
echo "... $labels labels in all ('fermata --db $DB summary' prints every one)"
python3 - "$OUT/summary.json" <<'EOF'
import json, sys
from collections import defaultdict
from decimal import Decimal

labels = json.load(open(sys.argv[1]))
totals = {field: defaultdict(Decimal) for field in ("held", "owed", "reserved")}
units = 0
for label in labels:
    for field, by_currency in totals.items():
        for currency, amount in label[field].items():
            by_currency[currency] += Decimal(amount)
    units += label["units_held_by_others"]
def show(by_currency):
    return ", ".join(f"{v:,.2f} {c}" for c, v in sorted(by_currency.items()) if v) or "0"
print(f"TOTAL held in trust: {show(totals['held'])}")
print(f"TOTAL owed to labels: {show(totals['owed'])}; reserves withheld: {show(totals['reserved'])}")
print(f"TOTAL label units at others' locations: {units:,}")
top = sorted(labels, key=lambda l: -Decimal(l["held"].get("USD", "0")))[:3]
print("Most USD held for one label: " +
      "; ".join(f"{l['party']} {l['name']} {Decimal(l['held']['USD']):,.2f}" for l in top))
EOF
step "7/10 Import a year of store reports (2025-07 .. 2026-06), then the remittances"
# DSR files name Meridian by its DDEX party id. Apple and physical reports name no recipient
# Fermata can place (the catalog has two distributors), so they are imported as Meridian's.
fermata import --quiet "$OUT"/sales/dsr/*.tsv
fermata import --quiet --recipient MERIDIAN "$OUT"/sales/apple/*.txt "$OUT"/sales/physical/*.csv
fermata import --quiet "$OUT"/sales/remittances/*.csv
fermata import status --json >"$OUT/import-status.json"
python3 demo/show_sales.py imports "$OUT/import-status.json"

step "8/10 Per store: reported, received and still owed (from 'fermata receivables')"
fermata receivables --json >"$OUT/receivables.json"
python3 demo/show_sales.py stores "$OUT/receivables.json"
echo "('fermata --db $DB receivables' lists every payer x period)"

step "9/10 Per label after the sales; the suspense; verify"
fermata summary --json >"$OUT/summary-after-sales.json"
python3 demo/show_sales.py labels "$OUT/summary.json" "$OUT/summary-after-sales.json" "$OUT/sales_expected.json"
echo
fermata unmatched
echo
fermata verify | head -n 1

step "10/10 Royalty run through 2026-06-30 and the statements it gives (docs/ROYALTIES.md)"
# Only the labels with an agreement on record (demo/agreements/) are run: Saltmarsh Music (L001).
fermata run --through 2026-06-30
rm -rf demo/statements
for period in 2025-Q3 2025-Q4 2026-Q1 2026-Q2; do
  fermata statements --period "$period" --out demo/statements
done
fermata verify | head -n 1

IFS=' ' read -r unpaid stuck seller buyer sale < <(python3 -c '
import json, sys
w = json.load(open(sys.argv[1]))
# Sales transactions follow the journal; this is the second one of the first DSR report.
print(w["unpaid_all_2026"][0], w["departed_stock_kept"], *w["catalogue_sales"][0], w["transactions"] + 2)' "$OUT/world.json")

elapsed=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
cat <<EOF

== Demo done in ${elapsed}s. Explore further (the world's files are in $OUT/, see demo/README.md):
  F="$FERMATA_BIN --db $DB"
  \$F balance --party $unpaid                  every account of $unpaid, which Meridian has not paid in 2026
  \$F balance --party $stuck --kind inventory  $stuck left Meridian on 2026-04-01; its CDs are still in MER-WH
  \$F balance --party MERIDIAN --kind payable what Meridian owes labels (LPs it bought) and its bank
  \$F summary --as-of 2026-02-28              before $seller sold its catalogue and stock to $buyer
  \$F journal show 1                          one transaction with its hash-chain links
  \$F receivables; \$F unmatched              what each store still owes; sales money nobody could place
  \$F balance --party $unpaid --kind receivable   what stores and services owe $unpaid, per payer
  \$F journal show $sale; \$F drill $sale         a DSR sale, re-derived from its archived report lines
  \$F export --format hledger -o $OUT/fermata.journal   then: hledger -f $OUT/fermata.journal bal
  \$F verify; \$F backup --to /tmp/fermata-demo-backup.db   re-check everything; verified online backup
EOF
