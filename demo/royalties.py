#!/usr/bin/env python3
"""The tables of the royalty steps of scripts/demo.sh (standard library only).

  royalties.py report RUN.json DIR PERIOD...
      `fermata run --json` as one row per agreement and currency (the periods it
      posted, earnings, fees, tax on fees, reserves held and released); the artist
      (split) agreements in a table of their own (the label's earnings in scope, the
      artist's royalties, advances entered, recouped, left payable); then one row
      per statement written to DIR for the periods named: number, addressee,
      agreement, period, statement date, closing per currency (from the CSVs).
"""

import csv
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path


def amount(text: str) -> str:
    value = Decimal(text)
    return f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:,}"


def table(header: list[str], rows: list[list[str]], right: set[int]) -> None:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for row in [header] + rows:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())
        if row is header:
            print("-" * (sum(widths) + 2 * (len(widths) - 1)))


def run(run_json: str) -> None:
    report = json.load(open(run_json))
    kinds = ["fee", "fee_tax", "reserve", "reserve_release"]
    sums = defaultdict(lambda: defaultdict(Decimal))
    names = defaultdict(list)
    for period in report["periods"]:
        agreement = period["agreement"]
        names[agreement].append(period["period"])
        for currency, figures in period["currencies"].items():
            sums[(agreement, currency)]["earnings"] += Decimal(figures["earnings"])
        for line in period["lines"]:
            sums[(agreement, line["currency"])][line["kind"]] += Decimal(line["amount"])
    rows, artists = [], []
    for (agreement, currency), s in sorted(sums.items()):
        ran = names[agreement]
        span = ran[0] if len(ran) == 1 else f"{ran[0]}..{ran[-1]} ({len(ran)})"
        if "royalty" in s or "recoupable" in s:
            artists.append([agreement, span, currency, amount(str(s["earnings"]))] +
                           [amount(str(s[k])) for k in ("royalty", "recoupable", "recoupment")] +
                           [amount(str(s["royalty"] - s["recoupment"]))])
            continue
        rows.append([agreement, span, currency, amount(str(s["earnings"]))] +
                    [amount(str(s[k])) for k in kinds])
    table(["agreement", "periods posted", "cur", "earnings", "fees", "tax on fees",
           "reserves held", "released"], rows, {3, 4, 5, 6, 7})
    if artists:
        print()
        table(["artist agreement", "periods posted", "cur", "label's earnings", "royalties",
               "advances", "recouped", "payable"], artists, {3, 4, 5, 6, 7})
    print(f"{len(report['periods'])} periods posted ({report['transactions']} transactions), "
          f"{report['quiet_periods']} with nothing to post, {report['already_run']} already run")


def statements(directory: str, names: list[str]) -> None:
    rows = []
    for name in names:
        for path in sorted(Path(directory).glob(f"*_{name}.csv")):
            fields, closing = {}, []
            for row in csv.DictReader(open(path, newline="", encoding="utf-8")):
                if row["section"] == "statement":
                    fields[row["item"]] = row["detail"]
                elif row["section"] == "summary" and row["item"] == "closing":
                    closing.append(f"{amount(row['amount'])} {row['currency']}")
            rows.append([fields["number"], fields.get("payee", fields["licensor"]),
                         fields["agreement"], name,
                         fields["date"], ", ".join(closing) or "nothing"])
    rows.sort()
    table(["statement", "addressee", "agreement", "period", "date", "closing"], rows, set())


def main() -> int:
    command, args = sys.argv[1], sys.argv[2:]
    if command == "report":
        run(args[0])
        print()
        statements(args[1], args[2:])
    else:
        sys.exit(f"royalties.py: unknown command {command!r} (see the docstring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
