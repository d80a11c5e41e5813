#!/usr/bin/env python3
"""Helpers of bench/royalty/run.sh (python3 stdlib only).

  royalty_sql.py export FERMATA.db OUT.csv      the earning register as CSV, amounts as
                                                integers of 10^-6 units (untimed input of the
                                                sqlite3 and DuckDB runs)
  royalty_sql.py fermata-lines FERMATA.db OUT.csv   the run's register lines in fees.sql's layout
  royalty_sql.py compare A.csv B.csv             exact comparison of two such files
  royalty_sql.py run-summary RUN.txt             one line about `fermata run`'s output

Amounts in a Fermata database are 128-bit integers of 10^-12 units stored as 16-byte blobs,
big-endian two's complement with the sign bit flipped (docs/FORMATS.md §4).
"""
import csv
import json
import re
import sqlite3
import sys


def amount(blob):
    v = int.from_bytes(blob, "big") ^ (1 << 127)
    return v - (1 << 128) if v >= 1 << 127 else v


def export(db, out):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cols = ("id, import_id, owner, release_id, isrc, store, channel, territory, sale_start, "
            "sale_end, reported_on, currency, units, amount")
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols.replace("amount", "amount_micro").split(", "))
        n = 0
        for row in con.execute(f"SELECT {cols} FROM earning ORDER BY id"):
            units, money = amount(row[12]), amount(row[13])
            if units % 10**12 or money % 10**6:
                sys.exit(f"earning {row[0]}: units or amount beyond 10^-6, cannot export exactly")
            w.writerow(row[:12] + (units // 10**12, money // 10**6))
            n += 1
    print(f"exported {n} earning rows", file=sys.stderr)


def fermata_lines(db, out):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = []
    for party, kind, clause, currency, blob in con.execute(
            "SELECT party, kind, clause, currency, amount FROM royalty_line"):
        value = amount(blob)
        if value % 100:
            sys.exit(f"{party} {kind}: amount below 10^-10")
        if value:
            rows.append((party, kind, clause, currency, value // 100))
    rows.sort()
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["owner", "kind", "clause", "currency", "amount_e10"])
        w.writerows(rows)


def read_lines(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        return {(o, k, c, cur): int(a) for o, k, c, cur, a in r}


def compare(a, b):
    x, y = read_lines(a), read_lines(b)
    if x == y:
        print(f"{b}: {len(y)} lines, all equal to {a}", file=sys.stderr)
        return 0
    diff = sorted(set(x.items()) ^ set(y.items()))
    print(f"{b}: {len(diff)} differences from {a}, first: {diff[:5]}", file=sys.stderr)
    return 1


def run_summary(path):
    """`fermata run` output, as text (default) or --json."""
    with open(path) as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        run = json.loads(text)
        periods = len(run["periods"])
        rows = sum(c["earning_rows"] for p in run["periods"] for c in p["currencies"].values())
        lines = sum(len(p["lines"]) for p in run["periods"])
        transactions = run["transactions"]
    else:
        periods = rows = lines = 0
        for line in text.splitlines():
            m = re.match(r"  earnings \S+ \S+ \((\d+) rows", line)
            if m:
                rows += int(m.group(1))
            elif re.match(r"  (fee|fee_tax|reserve|reserve_release) ", line):
                lines += 1
            elif re.match(r"\S+ \S+ \(\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d\)$", line):
                periods += 1
        m = re.search(r"(\d+) periods posted \((\d+) transactions\)", text)
        transactions = int(m.group(2))
        if int(m.group(1)) != periods:
            sys.exit(f"{path}: {m.group(1)} periods posted, {periods} listed")
    print(f"{periods} periods posted, {rows} earnings taken, {lines} register lines, "
          f"{transactions} transactions")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "export":
        export(*args)
    elif cmd == "fermata-lines":
        fermata_lines(*args)
    elif cmd == "compare":
        sys.exit(compare(*args))
    elif cmd == "run-summary":
        run_summary(*args)
    else:
        sys.exit(__doc__)
