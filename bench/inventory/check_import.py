#!/usr/bin/env python3
"""Checks the books after the stock import benchmark against what the generator
expected (bench/inventory/README.md, "Import").

Usage: check_import.py EXPECTED_JSON BALANCES_JSON

BALANCES_JSON is `fermata balance --json`. Checks that every SKU nets to zero
over all accounts, that no status account and no store's account is negative,
and that the units per status (summed over every SKU) are the generator's.
Exits 1 with the differences otherwise.
"""
import json
import sys
from collections import Counter
from decimal import Decimal

STATUS = {"inventory", "in_transit", "consigned", "allocated", "damaged", "returned"}


def totals(balances):
    """Units per status as the generator counts them, net per SKU, and the negatives."""
    by_status, per_sku, negative = Counter(), Counter(), []
    for b in balances:
        if not b["commodity"].startswith("SKU:"):
            continue
        units = Decimal(b["balance"])
        per_sku[b["commodity"]] += units
        kind, party = b["kind"], b["party"]
        if (kind in STATUS or party.startswith("S")) and units < 0:
            negative.append(b["account"])
        if kind == "inventory":
            kind = ("inventory (stores, firm-sold)" if party.startswith("S") else
                    "inventory (D1, purchased)" if party == "D1" else "inventory (labels)")
        elif kind == "external":
            kind, units = "external (net in)", -units
        by_status[kind] += units
    return by_status, per_sku, negative


def main():
    with open(sys.argv[1]) as f:
        expected = json.load(f)["units"]
    with open(sys.argv[2]) as f:
        by_status, per_sku, negative = totals(json.load(f))
    problems = [f"{sku} nets to {units}" for sku, units in per_sku.items() if units != 0]
    problems += [f"negative: {account}" for account in negative[:10]]
    for kind, units in expected.items():
        if by_status.get(kind, 0) != units:
            problems.append(f"{kind}: books {by_status.get(kind, 0)}, expected {units}")
    if problems:
        print("check_import.py: " + "\n  ".join(problems))
        sys.exit(1)
    print(f"check_import.py: books agree: {len(per_sku)} SKUs net to zero, units per status "
          f"as generated, nothing negative")


if __name__ == "__main__":
    main()
