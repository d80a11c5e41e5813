#!/usr/bin/python3
"""Compare owner,currency,revenue CSV files exactly.

Usage: compare_totals.py EXPECTED.csv OTHER.csv...

Each revenue is read as a Python Decimal and written at a fixed scale of 6 decimals; a value
that would need rounding to fit is an error, not silently rounded. Files agree when their
normalised rows are identical (same owners, currencies, order and amounts). Exit 1 otherwise.
"""
import sys
from decimal import Decimal

SCALE = Decimal("0.000001")


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip()
        if header != "owner,currency,revenue":
            raise SystemExit(f"{path}: header is {header!r}")
        for n, line in enumerate(f, start=2):
            owner, currency, revenue = line.rstrip("\r\n").split(",")
            value = Decimal(revenue)
            fixed = value.quantize(SCALE)
            if fixed != value:
                raise SystemExit(f"{path}:{n}: {revenue} has more than 6 decimals")
            rows.append(f"{owner},{currency},{fixed}")
    return rows


def main():
    expected = load(sys.argv[1])
    ok = True
    for path in sys.argv[2:]:
        got = load(path)
        if got == expected:
            print(f"same totals: {path} ({len(got)} rows)")
            continue
        ok = False
        diff = [(a, b) for a, b in zip(expected, got) if a != b][:5]
        print(f"DIFFERENT: {path}: {len(got)} rows vs {len(expected)}; first differences: {diff}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
