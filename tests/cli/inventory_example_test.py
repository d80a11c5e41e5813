#!/usr/bin/env python3
# Goal: the inventory worked example of docs/INVENTORY.md, end to end and pinned to one
# reading. A label consigns 1,000 CDs (PPD 9.00, SRP 14.00); the distributor ships 600 to two
# stores as firm sales with return right, invoiced at PPD (5,400.00); its fee is 25% of PPD;
# the reserve is 25% of invoiced value, released in equal thirds over the next three quarters;
# 450 sell through; 80 unsold units come back (70 restocked, 10 damaged: the label's loss).
# After each step the test checks every unit account and every money account, and the
# label's statement for each quarter, all figures worked by hand below.
# Method: a fresh database; catalog, agreement, stock files and physical sell-through reports
# written here; `fermata import`, `run --through`, `statements`, `balance --json`.
import os
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import check, check_eq, main_wrapper, remove_unless_failed  # noqa: E402
from sales_test import Scenario  # noqa: E402

CATALOG = {
    "parties.csv": "id,name,kind\nL1,Lark Records,label\nD1,Meridian Distribution,distributor\n"
                   "W1,Meridian Warehouse,warehouse\nS1,Harbour Records,store\n"
                   "S2,Klangraum,store\n",
    "releases.csv": "id,title,icpn\nR1,Songs of the Lark,029000000018\n",
    "products.csv": "sku,kind,format,release_id,catalog_number,upc\n"
                    "CD-R1,physical,CD,R1,LK-001,029000000018\n",
    "relations.csv": "kind,release_id,party_id,valid_from,valid_to\n"
                     "owner,R1,L1,2020-01-01,\ndistributor,R1,D1,2020-01-01,\n",
}

AGREEMENT = """fermata_agreement = 1
id = "AGR-L1-D1"
version = 1
effective_from = 2026-01-01
title = "Distribution, Lark Records"
[parties]
licensor = "L1"
distributor = "D1"
[term]
start = 2026-01-01
[territories]
include = ["Worldwide"]
[scope]
all = true
[[fee]]
clause = "5.1"
rate = "25%"
channels = ["physical"]
[reserve]
clause = "6.1"
rate = "25%"
basis = "before_fee"
on = "invoices"
release_periods = 3
[stock]
clause = "9.1"
title = "consignment"
[payment]
clause = "7"
period = "quarterly"
days_after_period = 45
currency = "USD"
"""

HEADER = "movement,date,document,sku,units,owner,from,to,store,terms,condition,price,currency\n"
RECEIPT = HEADER + "receipt,2026-01-05,DN-001,CD-R1,1000,L1,,W1,,,,,\n"
SHIP_S1 = HEADER + "ship,2026-01-20,INV-001,CD-R1,400,L1,W1,,S1,sale,,9.00,USD\n"
SHIP_S2 = HEADER + "ship,2026-02-03,INV-002,CD-R1,200,L1,W1,,S2,sale,,9.00,USD\n"
SELL = ("store,payer,upc,units_sold,units_returned,ppd,currency,period\n"
        "S1,S1,029000000018,{units},,9.00,USD,{month}\n")
SELL_S2 = SELL.replace("S1,S1", "S2,S2")
RETURN_S1 = (HEADER + "return,2026-05-12,RA-001,CD-R1,45,L1,,W1,S1,sale,restock,9.00,USD\n"
                      "return,2026-05-12,RA-001,CD-R1,5,L1,,W1,S1,sale,damaged,9.00,USD\n")
RETURN_S2 = (HEADER + "return,2026-06-02,RA-002,CD-R1,25,L1,,W1,S2,sale,restock,9.00,USD\n"
                      "return,2026-06-02,RA-002,CD-R1,5,L1,,W1,S2,sale,damaged,9.00,USD\n")
REMIT = "payer,date,amount,currency,pays,bank_reference\n{payer},{date},{amount},USD,,{ref}\n"

SKU = "SKU:CD-R1"


def units(b):
    """The unit accounts of the books, {account: units}."""
    return {k: v for k, v in b.items() if SKU in k}


def money(b):
    return {k: v for k, v in b.items() if SKU not in k}


def d(text):
    return Decimal(text)


def step(s, name, files, want_units, want_money):
    for file_name, text in files:
        proc = s.f.run("import", "--quiet", s.write(file_name, text))
        check_eq(proc.returncode, 0, f"{name}: {file_name} imports", proc)
    b = s.balances()
    check_eq(units(b), want_units, f"{name}: every unit account")
    if want_money is not None:
        check_eq(money(b), want_money, f"{name}: every money account")
    check_eq(sum(v for k, v in b.items() if SKU in k), 0, f"{name}: units are conserved")


def summary(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.split(",") for line in f.read().splitlines()]
    return {r[1]: d(r[3]) for r in rows if r[0] == "summary"}


def quarter(s, period, through, want):
    s.f.ok("run", "--through", through)
    out = s.path("statements")
    s.f.ok("statements", "--period", period, "--out", out)
    got = summary(os.path.join(out, f"L1_AGR-L1-D1_{period}.csv"))
    check_eq({k: v for k, v in got.items() if v != 0}, want, f"the label's {period} statement")


def example(s):
    s.f.ok("agreement", "add", s.write("agreement.toml", AGREEMENT))
    step(s, "1. consignment receipt (DN-001)", [("receipt.csv", RECEIPT)],
         {"L1:external:SKU:CD-R1": d(-1000), "L1:inventory:SKU:CD-R1@W1": d(1000)}, {})
    # 2. Firm sales with return right: title passes to the stores, which owe PPD x units.
    step(s, "2. firm sales to two stores (INV-001, INV-002)",
         [("ship-s1.csv", SHIP_S1), ("ship-s2.csv", SHIP_S2)],
         {"L1:external:SKU:CD-R1": d(-1000), "L1:inventory:SKU:CD-R1@W1": d(400),
          "S1:inventory:SKU:CD-R1@S1/L1": d(400), "S2:inventory:SKU:CD-R1@S2/L1": d(200)},
         {"L1:external:USD/S1": d("-3600"), "L1:receivable:USD/S1": d("3600"),
          "L1:external:USD/S2": d("-1800"), "L1:receivable:USD/S2": d("1800")})
    # Q1: earnings 5,400.00; fee 25% = 1,350.00; reserve 25% of invoiced 5,400.00 = 1,350.00.
    quarter(s, "2026-Q1", "2026-03-31",
            {"earnings": d("5400"), "fees": d("-1350"), "reserves_held": d("-1350"),
             "closing": d("2700")})
    # 3. S1 pays its invoice: the label's receivable becomes money held in trust for it.
    step(s, "3. S1 remits 3,600.00",
         [("remit-s1.csv", REMIT.format(payer="S1", date="2026-04-10", amount="3600.00",
                                        ref="BANK-1"))],
         {"L1:external:SKU:CD-R1": d(-1000), "L1:inventory:SKU:CD-R1@W1": d(400),
          "S1:inventory:SKU:CD-R1@S1/L1": d(400), "S2:inventory:SKU:CD-R1@S2/L1": d(200)},
         None)
    # 4. 450 sell through (300 at S1, 150 at S2): units only, the money was invoiced.
    step(s, "4. sell-through of 450",
         [("sell-s1.csv", SELL.format(units=300, month="2026-04")),
          ("sell-s2.csv", SELL_S2.format(units=150, month="2026-05"))],
         {"L1:external:SKU:CD-R1": d(-1000), "L1:external:SKU:CD-R1/S1": d(300),
          "L1:external:SKU:CD-R1/S2": d(150), "L1:inventory:SKU:CD-R1@W1": d(400),
          "S1:inventory:SKU:CD-R1@S1/L1": d(100), "S2:inventory:SKU:CD-R1@S2/L1": d(50)},
         None)
    # 5. 80 come back: S1 45 + 5 damaged (RA-001), S2 25 + 5 damaged (RA-002).
    step(s, "5. returns of 80 (70 restocked, 10 damaged)",
         [("return-s1.csv", RETURN_S1), ("return-s2.csv", RETURN_S2)],
         {"L1:external:SKU:CD-R1": d(-1000), "L1:external:SKU:CD-R1/S1": d(300),
          "L1:external:SKU:CD-R1/S2": d(150), "L1:inventory:SKU:CD-R1@W1": d(470),
          "L1:damaged:SKU:CD-R1@W1": d(10),
          "S1:inventory:SKU:CD-R1@S1/L1": d(50), "S2:inventory:SKU:CD-R1@S2/L1": d(20)},
         None)
    # Q2: the returns reverse 720.00 of sales and 180.00 of fees; the label's loss of 540.00 is
    # charged to the reserve held in Q1, which takes the whole first release (450.00).
    quarter(s, "2026-Q2", "2026-06-30",
            {"opening": d("2700"), "earnings": d("-720"), "fees": d("180"),
             "returns_charged_to_reserves": d("540"), "closing": d("2700")})
    # Q3: 2/3 of 1,350.00 due, less 540.00 applied: 360.00. Q4: the last 450.00.
    quarter(s, "2026-Q3", "2026-09-30",
            {"opening": d("2700"), "reserves_released": d("360"), "closing": d("3060")})
    quarter(s, "2026-Q4", "2026-12-31",
            {"opening": d("3060"), "reserves_released": d("450"), "closing": d("3510")})


def main():
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-inventory-example-")
    s = Scenario(binary, root, "example")
    names = [s.write(name, text) for name, text in CATALOG.items()]
    s.f.ok("import", "--quiet", *names)
    example(s)
    s.verify()
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(main)
