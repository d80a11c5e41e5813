#!/usr/bin/env bash
# The Fermata demo: a distributor with 120 labels' stock and money, in one database.
#
#   make demo                      builds, then runs this script from the repo root
#   FERMATA_BIN=path scripts/demo.sh   uses another fermata binary
#   FERMATA_DEMO_DIR=dir scripts/demo.sh   writes everything it makes under dir/
#                                  instead of demo/ (the test does, in a temporary directory)
#
# Generates the demo world (demo/generate_world.py) into demo/out/, creates
# demo/fermata.db afresh, imports the catalog and then the journal, and shows
# what the books say: verify, the trial balance, and every label's position.
# Then a year of physical distribution (demo/out/stock/): the price list and the
# warehouse's insured basis, every stock movement at Meridian's warehouse (receipts,
# purchase orders, store orders, invoices, consignments, returns) month by month, each
# month followed by the stores' sell-through reports of what they were shipped. Then
# the digital store reports (DDEX DSR, Apple) and the remittances that paid every report
# (demo/out/sales/), with totals per store and per label, what the stores still owe,
# the suspense, and verify; and the year-end stock count at the warehouse, approved.
# Then the royalties: the agreements and payee records on file (demo/agreements/,
# demo/payees/), the royalty run through 2026-03-31 and every label's statements
# (demo/statements/), the payments those statements make due on 2026-06-30 as an
# ISO 20022 bank file (demo/payments/), the bank's confirmation recorded, the run
# through 2026-06-30 with its statements, and what is still owed, by age. Last, the
# stock at the year end: each label's units and their value at the warehouse and at
# stores, the insurance gap, and what one label would take back (`fermata reclaim`).
# Any failing step stops the demo with a non-zero exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
FERMATA_BIN=${FERMATA_BIN:-build/src/fermata/cli/fermata}
# What the demo makes; its inputs (generator, agreements, payees) are always read from demo/.
WORK=${FERMATA_DEMO_DIR:-demo}
OUT=$WORK/out
DB=$WORK/fermata.db
STATEMENTS=$WORK/statements
PAYMENTS=$WORK/payments
# The ISO 20022 schema, kept outside the repository (docs/FORMATS.md §12); checked if present.
PAIN_XSD=${FERMATA_SHARED_DIR:-../shared}/samples/iso20022/pain.001.001.03.xsd
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

step "1/15 Generate the world (deterministic, seed 20160601)"
python3 demo/generate_world.py "$OUT"

step "2/15 Fresh database $DB"
rm -f "$DB" "$DB-wal" "$DB-shm"
fermata init

step "3/15 Import the catalog, then the journal (each file commits whole or not at all)"
fermata import "$OUT"/catalog/*.csv
fermata import "$OUT"/journal/*.csv

step "4/15 Verify: recompute every hash, balance and checkpoint"
fermata verify

step "5/15 Trial balance: every commodity nets to zero"
tb=$(fermata trial-balance)
# One row per currency; the many SKU rows (units) are counted, not listed.
awk 'NR <= 2 || ($1 !~ /^SKU:/ && $1 !~ /^balanced/ && $1 != "NOT") { print }
     $1 ~ /^SKU:/ { skus++; if ($NF != "0") bad++ }
     END { printf "%-24s %s products, every one nets to zero units\n", "SKU:*", skus;
           if (bad) exit 1 }' <<<"$tb"
tail -n 1 <<<"$tb"

step "6/15 Summary: what each label has at stake with others (as of 2026-06-30)"
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
step "7/15 A year of physical distribution (2025-07 .. 2026-06): stock movements, then what the stores sold"
# What the stock is worth (PPD, the label's cost, SRP) and how the warehouse insures it
# (FORMATS.md §14.1): a firm sale without a price of its own is invoiced at the PPD in force.
fermata prices import "$OUT/stock/prices.csv"
fermata insurance import "$OUT/stock/insurance.csv"
# Month by month: the movements at MER-WH (consignment receipts with their delivery notes,
# Meridian's purchase orders, Klangraum's consignments and returns, damage, promo use and
# destruction on a label's instruction, a transfer to Cascade's warehouse), then Harmony Hall's
# orders, invoices and credit notes (a firm sale with a right of return; a stock file invoices
# one store), then the month's sell-through reports: a store sells what it bought firm (invoiced
# already: no money) or holds on consignment (a sale now). One line reports more than the store
# was ever shipped: those units go to unit suspense, with a warning (FORMATS.md §14).
mapfile -t stock_files < <(sed "s|^|$OUT/|" "$OUT/stock/import-order.txt")
fermata import --json --recipient MERIDIAN "${stock_files[@]}" >"$OUT/stock-import.json"
fermata stock movements --json >"$OUT/stock-movements.json"
python3 demo/show_stock.py movements "$OUT/stock-movements.json" "$OUT/stock-import.json"
echo
# Meridian's purchase orders and what arrived against them.
fermata stock orders

step "8/15 Import a year of digital store reports (2025-07 .. 2026-06), then the remittances"
# DSR files name Meridian by its DDEX party id. Apple reports name no recipient Fermata can
# place (the catalog has two distributors), so they are imported as Meridian's. The
# remittances pay every report: the digital ones, Harmony Hall's invoices and sell-through,
# Klangraum's sell-through.
fermata import --quiet "$OUT"/sales/dsr/*.tsv
fermata import --quiet --recipient MERIDIAN "$OUT"/sales/apple/*.txt
fermata import --quiet "$OUT"/sales/remittances/*.csv
fermata import status --json >"$OUT/import-status.json"
python3 demo/show_sales.py imports "$OUT/import-status.json"

step "9/15 Per store: reported, received and still owed (from 'fermata receivables')"
fermata receivables --json >"$OUT/receivables.json"
python3 demo/show_sales.py stores "$OUT/receivables.json"
echo "('fermata --db $DB receivables' lists every payer x period)"

step "10/15 Per label after the sales; the suspense; verify"
fermata summary --json >"$OUT/summary-after-sales.json"
python3 demo/show_sales.py labels "$OUT/summary.json" "$OUT/summary-after-sales.json" "$OUT/sales_expected.json"
echo
fermata unmatched
echo
fermata verify | head -n 1

step "11/15 Year-end stock count at MER-WH (cut-off 2026-06-27): discrepancies, approval"
# Every product on the shelves, counted per owner and bin (FORMATS.md §14.2). The books at the
# cut-off disagree in three places: a shortage, a surplus, and a product nobody counted. The
# shortage and the surplus are approved (an adjust dated the cut-off each); the product nobody
# counted stays open, to be counted again.
IFS=' ' read -r count_id approve < <(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["count"]
print(c["id"], " ".join("--sku " + a["sku"] for a in c["approve"]))' "$OUT/world.json")
fermata count import "$OUT/stock/count-MER-WH-2026-06.csv" | head -n 1
# shellcheck disable=SC2086 # $approve is a list of --sku SKU options
fermata count approve "$count_id" $approve \
  --reason "year-end count 2026-06-27: recounted twice; shortage written off, surplus taken in"
fermata count show "$count_id"

step "12/15 Agreements and payees on record (docs/FORMATS.md §9, §10)"
# One TOML file per agreement version: Meridian's fee by channel (physical on PPD, digital
# on gross), Tributary's as aggregator with VAT on its fee, reserves on physical with their
# release schedules, thresholds and days to pay; from 2025-07-01 a second version adds stock
# terms (title stays with the label) to every Meridian agreement but Saltmarsh's, and Chorale
# Editions' takes its reserve on invoiced shipments. The two artist agreements pay an artist a
# share of the label's income on one release, recouping advances and costs through a pool
# (docs/ROYALTIES.md, "Splits and recoupment"). The two artists are catalog parties
# (demo/catalog/).
fermata import demo/catalog/*.csv
fermata agreement add demo/agreements/*.toml
# EUR/USD at each quarter's end (FORMATS.md §13): Eastgate (L009) is paid in USD, so its EUR
# income is converted by the run; the other labels are paid in each currency as held.
fermata rates import demo/rates/eur-usd.csv
fermata agreement list
fermata agreement show AGR-L080-TRIB --on 2026-06-30
# Who is paid where, and the US tax form on file (withholding on the day).
fermata payee add demo/payees/*.toml
fermata payee list --on 2026-06-30

step "13/15 Royalty run through 2026-03-31, the statements, and paying what they make due"
fermata run --through 2026-03-31 --json >"$OUT/run-2026-03-31.json"
# Each label's statements for every run period of the demo year so far (its agreement says
# quarterly or half-yearly), and each artist's, as CSV, XLSX and PDF. Meridian's own monthly agreement with
# its aggregator has no sales of its own and gets none.
rm -rf "$STATEMENTS"
for period in 2025-Q3 2025-H2 2025-Q4 2026-Q1; do
  fermata statements --period "$period" --out "$STATEMENTS" >/dev/null
done
python3 demo/royalties.py report "$OUT/run-2026-03-31.json" "$STATEMENTS" 2025-Q3 2025-H2 2025-Q4 2026-Q1
echo "($(find "$STATEMENTS" -name '*.pdf' | wc -l) statements in $STATEMENTS/, each as .csv, .xlsx and .pdf)"
echo
# 2026-06-30: the day after the last Q1 statement date (90 days after the quarter).
fermata pay propose --on 2026-06-30
mkdir -p "$PAYMENTS"
rm -f "$PAYMENTS"/batch-*
# One pain.001 file per payer (it names the account paid from): Meridian's, then Tributary's.
batch=0
for payer in MERIDIAN AGG-TRIB; do
  batch=$((batch + 1))
  fermata pay export --format pain001 --payer "$payer" --on 2026-06-30 \
    --out "$PAYMENTS/batch-$batch.xml"
  if command -v xmllint >/dev/null && [[ -f $PAIN_XSD ]]; then
    xmllint --noout --schema "$PAIN_XSD" "$PAYMENTS/batch-$batch.xml"
  fi
  # The bank pays every line on 2026-06-30 and sends the batch CSV back with value dates and
  # its references: the last two columns (value_date, bank_reference; no commas in either).
  awk -v day=2026-06-30 -v ref="RCB20260630-$batch-" 'NR == 1 { print; next }
    { split($0, f, ","); sub(/,[^,]*,[^,]*$/, ""); printf "%s,%s,%s%05d\n", $0, day, ref, f[2] }' \
    "$PAYMENTS/batch-$batch.csv" >"$PAYMENTS/batch-$batch-confirmed.csv"
  fermata pay record "$PAYMENTS/batch-$batch-confirmed.csv"
done

step "14/15 Royalty run through 2026-06-30 (with the payments), the statements, and what is owed by age"
fermata run --through 2026-06-30 --json >"$OUT/run-2026-06-30.json"
for period in 2026-Q2 2026-H1; do
  fermata statements --period "$period" --out "$STATEMENTS" >/dev/null
done
python3 demo/royalties.py report "$OUT/run-2026-06-30.json" "$STATEMENTS" 2026-Q2 2026-H1
fermata verify | head -n 1
echo
# What the statements make due and is not paid yet, by days past each statement's date:
# on 2026-09-15 the Q2 statements dated 2026-09-28 are not due yet ("current").
fermata aging --as-of 2026-09-15

step "15/15 Stock at the year end: each label's units and their value at Meridian and at stores"
# Every unit account on 2026-06-30 valued at the price list (FORMATS.md §14.1): the labels' units
# at the warehouse (on hand, damaged, allocated to store orders) and on consignment at stores;
# what Meridian bought outright and what stores bought firm are theirs, not the labels'. The
# warehouse is insured at cost: the gap is the sale value it does not cover.
fermata inventory --as-of 2026-06-30 --json >"$OUT/inventory.json"
python3 demo/show_stock.py inventory "$OUT/inventory.json" "$OUT/catalog/01-parties.csv"
echo
# If Meridian failed today: what Chorale Editions (L117) would take back (docs/RECLAIM.md).
reclaim=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reclaim_label"])' "$OUT/world.json")
fermata reclaim --party "$reclaim" --as-of 2026-06-30 --json >"$OUT/reclaim-$reclaim.json"
python3 demo/show_stock.py reclaim "$OUT/reclaim-$reclaim.json"

IFS=' ' read -r unpaid stuck seller buyer sale < <(python3 -c '
import json, sys
w = json.load(open(sys.argv[1]))
stock = sum(r["transactions_appended"] for r in json.load(open(sys.argv[2])))
# The DSR reports follow the journal and the stock year; this is the second sale of the first.
print(w["unpaid_all_2026"][0], w["departed_stock_kept"], *w["catalogue_sales"][0], w["transactions"] + stock + 2)' \
  "$OUT/world.json" "$OUT/stock-import.json")

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
  \$F pay propose --on 2026-09-30             the next payments: the Q2 and H1 statements are due by then
  \$F statements --period 2026-Q2 --party L080 --out /tmp/st   reprint a statement exactly as issued
  \$F inventory --party $reclaim --as-of 2026-06-30   one label's units and their value, row by row
  \$F reclaim --party $reclaim --as-of 2026-06-30 --pdf /tmp/goods-held.pdf   the statement of goods held for it
  \$F stock movements --party $reclaim          every movement of its stock, with its documents
  \$F verify; \$F backup --to /tmp/fermata-demo-backup.db   re-check everything; verified online backup
EOF
