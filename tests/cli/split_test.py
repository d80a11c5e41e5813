#!/usr/bin/env python3
# Goal: `fermata run` computes artist splits and recoups one pool shared by two agreements
# (cross-collateralisation: an advance on one release, a recording cost on another), in date
# order whatever dates the runs stop at; the artist's statement adds up and its closing is
# what the ledger says the label owes the artist; running again posts nothing.
# Method: the sales test's catalog (L1 owns R1 and R2) plus an artist A1; L1's distribution
# agreement with D1 (25 % of PPD on physical); two split agreements paying A1 on R1 (18 %
# of net, advance 500.00) and on R2 (15 % of PPD, recording cost 200.00 in May), one pool;
# physical sell-through at PPD 9.00; a step-by-step run against a run in one go.
import os
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import check, check_eq, main_wrapper, remove_unless_failed  # noqa: E402
from sales_test import ICPN, Scenario  # noqa: E402

DISTRIBUTION = """fermata_agreement = 1
id = "AGR-L1-D1"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "L1"
distributor = "D1"
[term]
start = 2026-01-01
[scope]
all = true
[[fee]]
clause = "5.1"
rate = "25%"
base = "ppd"
channels = ["physical"]
[[fee]]
clause = "5.2"
rate = "15%"
[payment]
clause = "7"
period = "quarterly"
days_after_period = 60
currency = "USD"
"""

ARTIST = """fermata_agreement = 1
id = "AGR-A1-{release}"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "L1"
artist = "A1"
[term]
start = 2026-01-01
[scope]
releases = ["{release}"]
[payment]
clause = "9"
period = "quarterly"
days_after_period = 90
currency = "USD"
objection_days = 365
[[split]]
clause = "{clause}"
payee = "A1"
kind = "royalty_rate"
share = "{share}"
base = "{base}"
pool = "P1"
[[recoupable]]
clause = "6.1"
id = "{recoupable}"
payee = "A1"
kind = "{kind}"
amount = "{amount}"
currency = "USD"
date = {date}
pool = "P1"
"""


def setup(s):
    s.load_catalog()
    s.f.ok("import", "--quiet", s.write("artists.csv", "id,name,kind\nA1,Ana Ilves,artist\n"))
    files = [s.write("dist.toml", DISTRIBUTION),
             s.write("r1.toml", ARTIST.format(release="R1", clause="4.1", share="18%", base="net",
                                              recoupable="ADV-1", kind="advance",
                                              amount="500.00", date="2026-01-15")),
             s.write("r2.toml", ARTIST.format(release="R2", clause="4.2", share="15%", base="ppd",
                                              recoupable="COST-1", kind="cost",
                                              amount="200.00", date="2026-05-01"))]
    s.f.ok("agreement", "add", *files)
    lines = [("2026-01", "R1", 100), ("2026-01", "R2", 50), ("2026-05", "R1", 40),
             ("2026-05", "R2", 100), ("2026-08", "R2", 300)]
    for month in sorted({m for m, _, _ in lines}):
        text = "store,payer,upc,territory,units_sold,units_returned,ppd,currency,period\n"
        text += "".join(f"Shop,YT,{ICPN[r]},US,{n},0,9.00,USD,{m}\n" for m, r, n in lines
                        if m == month)
        s.f.ok("import", "--quiet", s.write(f"{month}.csv", text))


def split_lines(runs):
    out = {}
    for run in runs:
        for period in run["periods"]:
            for line in period["lines"]:
                if line["kind"] in ("royalty", "recoupable", "recoupment"):
                    out[(period["agreement"], period["period"], line["kind"])] = \
                        Decimal(line["amount"])
    return out


# Worked by hand (docs/ROYALTIES.md, "Splits and recoupment"). Q1: R1 900.00 less the 25 %
# fee = 675.00 x 18 % = 121.50; R2 450.00 x 15 % = 67.50; the pool holds the advance 500.00
# (the cost is dated May): R1 recoups 121.50 (378.50 left), then R2 67.50 (311.00 left).
# Q2: R1 360.00 -> 270.00 x 18 % = 48.60; R2 900.00 -> 135.00; the cost joins: 511.00;
# both recouped (327.40 left). Q3: R2 2,700.00 -> 405.00: 327.40 recouped, 77.60 payable.
EXPECTED = {
    ("AGR-A1-R1", "2026-Q1", "recoupable"): Decimal("500.00"),
    ("AGR-A1-R1", "2026-Q1", "royalty"): Decimal("121.50"),
    ("AGR-A1-R1", "2026-Q1", "recoupment"): Decimal("121.50"),
    ("AGR-A1-R2", "2026-Q1", "royalty"): Decimal("67.50"),
    ("AGR-A1-R2", "2026-Q1", "recoupment"): Decimal("67.50"),
    ("AGR-A1-R1", "2026-Q2", "royalty"): Decimal("48.60"),
    ("AGR-A1-R1", "2026-Q2", "recoupment"): Decimal("48.60"),
    ("AGR-A1-R2", "2026-Q2", "recoupable"): Decimal("200.00"),
    ("AGR-A1-R2", "2026-Q2", "royalty"): Decimal("135.00"),
    ("AGR-A1-R2", "2026-Q2", "recoupment"): Decimal("135.00"),
    ("AGR-A1-R2", "2026-Q3", "royalty"): Decimal("405.00"),
    ("AGR-A1-R2", "2026-Q3", "recoupment"): Decimal("327.40"),
}


def statement(s, out):
    s.f.ok("statements", "--period", "2026-Q3", "--party", "A1", "--out", out)
    path = os.path.join(out, "A1_AGR-A1-R2_2026-Q3.csv")
    with open(path, encoding="utf-8") as f:
        rows = [line.split(",", 4) for line in f.read().splitlines()]
    summary = {r[1]: Decimal(r[3]) for r in rows if r[0] == "summary"}
    check_eq(summary, {"opening": Decimal("0.00"), "royalties": Decimal("405.00"),
                       "recouped": Decimal("-327.40"), "withheld": Decimal("0.00"),
                       "paid": Decimal("0.00"), "closing": Decimal("77.60")},
             "A1's Q3 statement: 405.00 royalties less the pool's last 327.40 = 77.60")
    header = {r[1]: r[4] for r in rows if r[0] == "statement"}
    check_eq((header["licensor"], header["payee"]), ("L1", "A1"),
             "the statement is addressed to the artist, from the label")
    recoupment = [r[4].split("; txn")[0] for r in rows if r[0] == "recoupment"]
    check_eq(recoupment, ["pool P1; outstanding after 0.00 (outstanding before 327.40)"],
             "the recoupment line names the pool and its balance before and after")
    b = s.balances()
    check_eq(b.get("A1:receivable:USD/L1"), summary["closing"],
             "the closing is what the ledger says the label owes the artist")
    check_eq(b.get("L1:recoupable:USD/A1"), None, "the pool is recouped: nothing outstanding")
    check_eq(b.get("A1:royalty_income:USD/L1"), Decimal("-777.60"),
             "the artist earned 121.50 + 67.50 + 48.60 + 135.00 + 405.00")
    s.f.ok("statements", "--period", "2026-Q3", "--party", "L1", "--out", out)
    check(os.path.isfile(os.path.join(out, "L1_AGR-L1-D1_2026-Q3.csv")) and
          os.path.isfile(os.path.join(out, "A1_AGR-A1-R1_2026-Q3.csv")),
          "--party L1 gives the label's statement and those of the artists it accounts to")


def run():
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-split-")
    steps = Scenario(binary, root, "steps")
    setup(steps)
    runs = [steps.f.json("run", "--through", day, "--json")
            for day in ("2026-03-31", "2026-06-30", "2026-09-30")]
    check_eq(split_lines(runs), EXPECTED, "every split amount, quarter by quarter, as worked "
             "by hand")
    once = Scenario(binary, root, "once")
    setup(once)
    check_eq(split_lines([once.f.json("run", "--through", "2026-09-30", "--json")]), EXPECTED,
             "one run through Q3 recoups the shared pool in the same order (by period, then "
             "agreement)")
    again = steps.f.json("run", "--through", "2026-09-30", "--json")
    check_eq((again["periods"], again["transactions"]), ([], 0), "running again posts nothing")
    statement(steps, steps.path("statements"))
    closed = steps.f.ok("close", "--through", "2026-09-30")
    check("AGR-A1-R2" in closed.stdout, "close makes the split agreements' periods final too",
          closed)
    steps.verify()
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
