#!/usr/bin/env python3
"""Print the demo's sales-stream tables from Fermata's JSON output (used by scripts/demo.sh).

  show_sales.py imports STATUS.json            one line per file type (`fermata import status --json`):
                                               the stock year's files and the store reports
  show_sales.py stores RECEIVABLES.json        per payer: reported, received, still owed
  show_sales.py labels BEFORE.json AFTER.json SALES_EXPECTED.json
                                               per label: what the sales added (owed, paid into trust)

Python 3 standard library only. Amounts are summed exactly (Decimal) and shown to the cent.
"""

import json
import sys
from collections import defaultdict
from decimal import Decimal

FORMATS = [("stock", "stock movement files"), ("physical", "physical sell-through"),
           ("dsr", "DDEX DSR reports"), ("apple", "Apple financial reports"),
           ("remittance", "remittance advices")]


def money(by_currency: dict) -> str:
    return ", ".join(f"{Decimal(v):,.2f} {c}" for c, v in sorted(by_currency.items()) if Decimal(v)) or "0"


def imports(status_path: str) -> None:
    files, rows, txns = defaultdict(int), defaultdict(int), defaultdict(int)
    for i in json.load(open(status_path))["imports"]:
        if ("/sales/" in i["path"] or "/stock/" in i["path"]) and i["state"] == "posted":
            files[i["format"]] += 1
            rows[i["format"]] += i["rows"]
            txns[i["format"]] += i["transactions"]
    for fmt, name in FORMATS:
        print(f"{name:<24} {files[fmt]:>3} files {rows[fmt]:>6,} rows -> {txns[fmt]:>6,} transactions")


def stores(receivables_path: str) -> None:
    totals = defaultdict(lambda: [Decimal(0)] * 3)
    unpaid = defaultdict(list)
    for r in json.load(open(receivables_path)):
        key = (r["payer"], r["currency"])
        for i, field in enumerate(("reported", "received", "outstanding")):
            totals[key][i] += Decimal(r[field])
        if Decimal(r["outstanding"]) != 0:
            part = Decimal(r["received"]) != 0
            unpaid[key].append(r["period"] + (f" (short by {Decimal(r['outstanding']):,.2f})" if part else ""))
    print(f"{'payer':<10} {'cur':<4} {'reported':>10} {'received':>10} {'still owed':>10}  unpaid periods")
    print("-" * 86)
    for (payer, cur), (reported, received, owed) in sorted(totals.items()):
        print(f"{payer:<10} {cur:<4} {reported:>10,.2f} {received:>10,.2f} {owed:>10,.2f}  "
              f"{', '.join(unpaid[(payer, cur)])}")


def labels(before_path: str, after_path: str, expected_path: str) -> None:
    before = {entry["party"]: entry for entry in json.load(open(before_path))}
    after = {entry["party"]: entry for entry in json.load(open(after_path))}
    sales = json.load(open(expected_path))["labels"]
    owed, paid = defaultdict(Decimal), defaultdict(Decimal)
    for entry in sales.values():
        for c, v in entry["owed"].items():
            owed[c] += Decimal(v)
        for c, v in entry["held"].items():
            paid[c] += Decimal(v)

    def weight(item):
        return -sum(Decimal(v) for d in item[1].values() for v in d.values())

    print(f"{'label':<6} {'name':<28} {'sales paid into trust':<26} {'sales still owed':<26} held for it now")
    print("-" * 114)
    for lid, entry in sorted(sales.items(), key=weight)[:8]:
        print(f"{lid:<6} {after[lid]['name']:<28} {money(entry['held']):<26} {money(entry['owed']):<26} "
              f"{money(after[lid]['held'])} (was {money(before[lid]['held'])})")
    print(f"... {len(sales)} labels had sales. All labels: {money(paid)} paid into trust, "
          f"{money(owed)} still owed by stores")


def main(argv: list[str]) -> int:
    commands = {"imports": (imports, 1), "stores": (stores, 1), "labels": (labels, 3)}
    if not argv or argv[0] not in commands or len(argv) != commands[argv[0]][1] + 1:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[0]][0](*argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
