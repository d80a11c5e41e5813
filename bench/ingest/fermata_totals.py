#!/usr/bin/python3
"""Turn `fermata balance --kind receivable --json` into owner,currency,revenue rows.

Usage: fermata balance --kind receivable --json | fermata_totals.py HOLDER > OUT.csv

The DSR importer posts a matched sale as owner:receivable:<cur>/<payer> and an unmatched one
as <holder>:receivable:<cur>/<payer> (sales_posting.h), so on a fresh database holding one
report the receivable balances are the revenue per owner and currency; the holder's are the
lines the catalog could not match, written as owner `_unmatched` like the competitors do.
"""
import json
import sys
from decimal import Decimal


def main():
    holder = sys.argv[1]
    totals = {}
    for row in json.load(sys.stdin):
        owner = "_unmatched" if row["party"] == holder else row["party"]
        key = (owner, row["commodity"])
        totals[key] = totals.get(key, Decimal(0)) + Decimal(row["balance"])
    print("owner,currency,revenue")
    for (owner, currency), value in sorted(totals.items()):
        print(f"{owner},{currency},{value}")


if __name__ == "__main__":
    main()
