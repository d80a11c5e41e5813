#!/usr/bin/env python3
"""Print the demo's stock tables from Fermata's JSON output (used by scripts/demo.sh).

  show_stock.py movements MOVEMENTS.json IMPORT.json
        per movement kind: rows, units and documents (`fermata stock movements --json`); the
        firm-sale invoices and the sell-through reports (`fermata import --json`), and every
        warning of the import (units a store reported beyond what it held)
  show_stock.py inventory INVENTORY.json PARTIES.csv
        per label: units and value at PPD at Meridian's warehouse and at stores, the top labels
        and the totals; Meridian's own stock, the stores' own, the insurance gap
        (`fermata inventory --json`; party names and kinds from the catalog's parties file)
  show_stock.py reclaim RECLAIM.json
        one label's pick list, recall and title documents in a few lines (`fermata reclaim --json`)

Python 3 standard library only. Amounts are summed exactly (Decimal) and shown to the cent.
"""

import csv
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

KINDS = ["receipt", "purchase_order", "purchase", "cancel_order", "order", "ship", "return", "transfer", "arrive",
         "damage", "promo", "destroy", "adjust", "sell_through"]
WAREHOUSE = "MER-WH"
TOP = 8


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def money(by_currency: dict) -> str:
    return ", ".join(f"{Decimal(v):,.2f} {c}" for c, v in sorted(by_currency.items()) if Decimal(v)) or "0"


def movements(movements_path: str, import_path: str) -> None:
    rows = json.load(open(movements_path))
    by_kind = defaultdict(lambda: [0, 0, set()])
    for m in rows:
        kind = m["movement"]
        if kind in ("ship", "return"):
            kind += f" ({m['terms']}" + (", damaged)" if m["condition"] == "damaged" else ")")
        entry = by_kind[kind]
        entry[0] += 1
        entry[1] += int(m["units"] or 0)
        if m["document"]:
            entry[2].add(m["document"])
    print(f"{'movement':<30} {'rows':>5} {'units':>7}  documents")
    print("-" * 78)
    for kind in sorted(by_kind, key=lambda k: (KINDS.index(k.split(" ")[0]), k)):
        count, units, documents = by_kind[kind]
        if kind == "sell_through":
            continue
        shown = sorted(documents)
        more = f", ... ({len(shown)})" if len(shown) > 3 else ""
        print(f"{kind:<30} {count:>5} {units:>7,}  {', '.join(shown[:3])}{more}")
    sold = [m for m in rows if m["movement"] == "sell_through"]
    split = {k: sum(int(m[k]) for m in sold) for k in ("firm", "consigned", "unexplained")}
    print(f"{'sell_through':<30} {len(sold):>5} {sum(int(m['units']) for m in sold):>7,}  "
          f"{split['firm']:,} of the stores' own (invoiced when shipped), {split['consigned']:,} consigned "
          f"(a sale now), {split['unexplained']:,} unexplained")
    invoiced, reports, warnings = defaultdict(Decimal), defaultdict(Decimal), []
    files = defaultdict(int)
    for report in json.load(open(import_path)):
        name = Path(report["path"]).name
        files[report["format"]] += 1
        target = invoiced if report["format"] == "stock" else reports
        for currency, amount in report["reported"].items():
            target[currency] += Decimal(amount)
        warnings += [f"{name}:{w['line']}: {w['message']}" for w in report["warnings"]]
    print(f"{files['stock']} stock files: Harmony Hall invoiced {money(invoiced)} at PPD (invoices less credit "
          f"notes); {files['physical']} sell-through reports: {money(reports)} of sales")
    for warning in warnings:
        print(f"warning: {warning}")


def parties(path: str) -> dict:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def inventory(inventory_path: str, parties_path: str) -> None:
    inv = json.load(open(inventory_path))
    known = parties(parties_path)
    stores = {p for p, row in known.items() if row["kind"] == "store"}
    labels = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0)]))
    others = defaultdict(lambda: [0, Decimal(0)])
    currencies = set()
    for row in inv["rows"]:
        owner, location, status = row["owner"], row["location"], row["status"]
        units, ppd = int(row["units"]), Decimal(row["value"]["ppd"] or 0)
        currencies.add(row["currency"])
        if status == "returned":
            continue
        if known.get(owner, {}).get("kind") == "label":
            where = (status if location == WAREHOUSE and status in ("damaged", "allocated") else
                     "warehouse" if location == WAREHOUSE else "stores" if location in stores else "elsewhere")
            for key in {where, "warehouse" if where in ("damaged", "allocated") else where}:
                labels[owner][key][0] += units
                labels[owner][key][1] += ppd
        else:
            key = f"{owner} at {location}"
            others[key][0] += units
            others[key][1] += ppd
    currency = "/".join(sorted(currencies))

    def value(lid: str) -> Decimal:
        return labels[lid]["warehouse"][1] + labels[lid]["stores"][1]
    print(f"{'label':<6} {'name':<28} {'at ' + WAREHOUSE:>9} {'PPD value':>12} {'damaged':>7} {'allocated':>9} "
          f"{'at stores':>9} {'PPD value':>10} {'elsewhere':>9}")
    print("-" * 110)
    for lid in sorted(labels, key=lambda l: (-value(l), l))[:TOP]:
        at = labels[lid]
        print(f"{lid:<6} {known[lid]['name'][:28]:<28} {at['warehouse'][0]:>9,} {at['warehouse'][1]:>12,.2f} "
              f"{at['damaged'][0]:>7,} {at['allocated'][0]:>9,} {at['stores'][0]:>9,} {at['stores'][1]:>10,.2f} "
              f"{at['elsewhere'][0]:>9,}")
    total = defaultdict(lambda: [0, Decimal(0)])
    for at in labels.values():
        for key, (units, ppd) in at.items():
            total[key][0] += units
            total[key][1] += ppd
    print(f"... {len(labels)} labels hold stock ('fermata --db DB inventory --party L' shows one)")
    print(f"TOTAL labels' units at {WAREHOUSE}: {total['warehouse'][0]:,} ({total['warehouse'][1]:,.2f} {currency} "
          f"at PPD; {total['damaged'][0]:,} damaged, {total['allocated'][0]:,} allocated to store orders); "
          f"at stores: {total['stores'][0]:,} ({total['stores'][1]:,.2f} {currency}); "
          f"elsewhere: {total['elsewhere'][0]:,}")
    for key, (units, ppd) in sorted(others.items()):
        owner = key.split(" ")[0]
        whose = "bought outright" if owner == "MERIDIAN" else "bought firm, no longer the labels'"
        print(f"{known.get(owner, {}).get('name', owner)} owns {units:,} units at {key.split(' at ')[1]} "
              f"({ppd:,.2f} {currency} at PPD; {whose})")
    for c in inv["insurance"]:
        print(f"insurance gap at {c['location']}: sale value {Decimal(c['sale_value']):,.2f} {c['currency']} at PPD, "
              f"insured for {Decimal(c['insured_value']):,.2f} {c['currency']} (at {c['basis']}): "
              f"{Decimal(c['gap']):,.2f} {c['currency']} uninsured")
    if inv["uninsured_locations"]:
        print(f"no insured basis on file for {', '.join(inv['uninsured_locations'])}")


def reclaim(path: str) -> None:
    r = json.load(open(path))

    def ppd(lines: list) -> str:
        sums = defaultdict(Decimal)
        for line in lines:
            value = line["values"]["ppd"]
            if value:
                sums[value["currency"]] += Decimal(value["amount"])
        return money(sums)
    print(f"reclaim {r['label']}: {r['name']}, as of {r['as_of']}, held by {', '.join(r['holders'])}")
    for pick in r["pick_lists"]:
        lines = pick["lines"]
        on_hand = sum(int(l["on_hand"]) for l in lines)
        print(f"  pick list at {pick['name']}: {plural(len(lines), 'product')}, {on_hand:,} units "
              f"on hand, {sum(int(l['damaged']) for l in lines):,} damaged, "
              f"{sum(int(l['allocated']) for l in lines):,} allocated; {ppd(lines)} at PPD")
    for recall in r["recalls"]:
        lines = recall["lines"]
        deliveries = sorted({d["document"] for d in recall["deliveries"]})
        print(f"  recall from {recall['name']}: {plural(len(lines), 'product')}, "
              f"{sum(int(l['units']) for l in lines):,} units on consignment, {ppd(lines)} at PPD "
              f"(deliveries {', '.join(deliveries)})")
    notes = sorted({d["document"] for d in r["documents"] if not d["passes_title"]})
    more = ", ..." if len(notes) > 3 else ""
    print(f"  title documents: {plural(len(notes), 'delivery note')} ({', '.join(notes[:3])}{more})")
    for a in r["agreements"]:
        print(f"  agreement {a['id']} v{a['version']} (from {a['effective_from']}): title stays with the label, "
              f"§{a['clause']}" if a["clause"] else f"  agreement {a['id']} v{a['version']}: no title clause on file")
    print(f"  filings: {', '.join(r['filings']) or 'none recorded'}; warnings: {len(r['warnings'])}")


def main(argv: list[str]) -> int:
    commands = {"movements": (movements, 2), "inventory": (inventory, 2), "reclaim": (reclaim, 1)}
    if not argv or argv[0] not in commands or len(argv) != commands[argv[0]][1] + 1:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[0]][0](*argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
