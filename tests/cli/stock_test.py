#!/usr/bin/env python3
# Goal: stock movements end to end through the CLI (docs/FORMATS.md §14): `fermata stock
# <movement>` is one row of a stock file (idempotent), an over-shipment is refused naming the
# account and both figures and writes nothing, a bad row names file, line and field, purchase
# orders show their status, a movement dated before later ones may not leave any later day
# short, a sell-through beyond what a store holds goes to unit suspense with a
# warning, and the agreement's [stock] terms decide negative stock and whether a receipt is
# allowed.
# Method: a fresh database per scenario with a small catalog written here; exit codes, exact
# messages, `balance --json`, `stock orders --json`, `stock movements --json`.
import os
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (check, check_eq, main_wrapper, query, remove_unless_failed,  # noqa: E402
                      txn_count)
from sales_test import Scenario  # noqa: E402

CATALOG = {
    "parties.csv": "id,name,kind\nL1,Lark Records,label\nL2,Wren Records,label\n"
                   "D1,Meridian Distribution,distributor\nW1,Meridian Warehouse,warehouse\n"
                   "W2,Meridian North,warehouse\nS1,Harbour Records,store\n"
                   "O1,Onestop Wholesale,aggregator\n",
    "releases.csv": "id,title,icpn\nR1,Songs of the Lark,029000000018\n"
                    "R2,Wren Songs,029000000025\n",
    "products.csv": "sku,kind,format,release_id,catalog_number,upc\n"
                    "CD-R1,physical,CD,R1,LK-001,029000000018\n"
                    "CD-R2,physical,CD,R2,WR-001,029000000025\n",
    "relations.csv": "kind,release_id,party_id,valid_from,valid_to\n"
                     "owner,R1,L1,2020-01-01,\ndistributor,R1,D1,2020-01-01,\n"
                     "owner,R2,L2,2020-01-01,\ndistributor,R2,D1,2020-01-01,\n",
}

AGREEMENT = """fermata_agreement = 1
id = "AGR-{label}-D1"
version = 1
effective_from = 2026-01-01
[parties]
licensor = "{label}"
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
[stock]
clause = "9.1"
{stock}
[payment]
clause = "7"
period = "quarterly"
days_after_period = 45
currency = "USD"
"""


def scenario(root, name):
    s = Scenario(sys.argv[1], root, name)
    s.f.ok("import", "--quiet", *[s.write(n, t) for n, t in CATALOG.items()])
    return s


def stock(s, *args):
    return s.f.run("stock", *args)


def check_units_drill(s, seq, fmt, line, units, what):
    """`fermata drill SEQ` names one line of CD-R1 whose units are the units moved."""
    drilled = s.f.json("drill", str(seq), "--json")
    check_eq((drilled["format"], [(l["line"], l["units"]) for l in drilled["lines"]],
              drilled["line_units"], drilled["posted_units"], drilled["agrees"]),
             (fmt, [(line, units)], {"SKU:CD-R1": units}, {"SKU:CD-R1": units}, True), what)
    return drilled


def commands(root):
    s = scenario(root, "commands")
    receipt = ("receipt", "--date", "2026-01-05", "--document", "DN-001", "--sku", "CD-R1",
               "--units", "100", "--owner", "L1", "--to", "W1")
    first = stock(s, *receipt)
    check_eq(first.returncode, 0, "stock receipt exits 0", first)
    check("1 stock movements recorded" in first.stdout, "the receipt is recorded", first)
    again = stock(s, *receipt)
    check_eq(again.returncode, 0, "the same receipt again exits 0", again)
    check("already imported" in again.stdout, "the same receipt again changes nothing", again)
    before = txn_count(s.db)
    over = stock(s, "ship", "--date", "2026-01-20", "--document", "INV-9", "--sku", "CD-R1",
                 "--units", "101", "--owner", "L1", "--from", "W1", "--store", "S1",
                 "--price", "9.00", "--currency", "USD")
    check_eq(over.returncode, 66, "an over-shipment exits 66", over)
    check("ship of 101 unit(s) from L1:inventory:SKU:CD-R1@W1, which holds 100 on 2026-01-20 "
          "[stock_insufficient]" in over.stderr, "the refusal names the account and both figures",
          over)
    check_eq(txn_count(s.db), before, "the over-shipment wrote nothing")
    ok = stock(s, "transfer", "--date", "2026-01-21", "--sku", "CD-R1", "--units", "30",
               "--owner", "L1", "--from", "W1", "--to", "W2")
    check_eq(ok.returncode, 0, "a transfer exits 0", ok)
    arrive = stock(s, "arrive", "--date", "2026-01-24", "--sku", "CD-R1", "--units", "20",
                   "--owner", "L1", "--to", "W2")
    check_eq(arrive.returncode, 0, "an arrival exits 0", arrive)
    check_eq({k: v for k, v in s.balances().items() if "SKU" in k},
             {"L1:external:SKU:CD-R1": Decimal(-100), "L1:inventory:SKU:CD-R1@W1": Decimal(70),
              "L1:in_transit:SKU:CD-R1@W2": Decimal(10), "L1:inventory:SKU:CD-R1@W2": Decimal(20)},
             "units after the transfer and a partial arrival")
    rows = s.f.json("stock", "movements", "--party", "L1", "--json")
    check_eq([(r["movement"], r["document"], r["units"]) for r in rows],
             [("receipt", "DN-001", "100"), ("transfer", "", "30"), ("arrive", "", "20")],
             "stock movements lists each movement with its document")
    drilled = check_units_drill(s, query(s.db, "SELECT max(seq) FROM txn"), "stock", 2, "20",
                                "drill: the arrival back to its one-row document, 20 units "
                                "named and moved")
    check(drilled["lines"][0]["raw"].startswith("arrive,2026-01-24,"), "the row as archived",
          drilled)


def bad_rows(root):
    s = scenario(root, "bad-rows")
    path = s.write("bad.csv",
                   "movement,date,document,sku,units,owner,from,to,store,terms\n"
                   "receipt,2026-01-05,,CD-R1,100,L1,,W1,,\n"
                   "ship,2026-01-06,INV-1,CD-R1,1.5,L1,W1,,S1,gift\n"
                   "receipt,2026-01-07,DN-2,CD-NOPE,5,L1,,W1,,\n")
    proc = s.f.run("import", path)
    check_eq(proc.returncode, 65, "a stock file with bad rows exits 65", proc)
    for text in ["bad.csv:2: field 'document': a receipt needs its delivery note number",
                 "bad.csv:3: field 'units' = '1.5': units must be a whole number",
                 "bad.csv:3: field 'terms' = 'gift': expected sale or consignment"]:
        check(text in proc.stderr, f"names the row: {text}", proc)
    check_eq(txn_count(s.db), 0, "nothing of the file was written")
    path = s.write("unknown.csv", "movement,date,document,sku,units,owner,to\n"
                                  "receipt,2026-01-07,DN-2,CD-NOPE,5,L1,W1\n")
    proc = s.f.run("import", path)
    check("unknown.csv:2: field 'sku' = 'CD-NOPE': no physical product with SKU 'CD-NOPE' in "
          "the catalog" in proc.stderr, "an unknown SKU is named", proc)


def orders(root):
    s = scenario(root, "orders")
    path = s.write("orders.csv",
                   "movement,date,document,sku,units,owner,from,to,buyer,price,currency,order\n"
                   "purchase_order,2026-02-01,PO-1,CD-R1,50,L1,,,D1,4.00,USD,\n"
                   "purchase_order,2026-02-01,PO-2,CD-R2,20,L2,,,D1,,,\n"
                   "purchase_order,2026-02-02,PO-3,CD-R1,10,L1,,,D1,,,\n"
                   "purchase,2026-02-10,DN-7,CD-R1,30,L1,,W1,D1,4.00,USD,PO-1\n"
                   "cancel_order,2026-02-11,PO-3,,,,,,,,,\n")
    s.f.ok("import", path)
    got = {(r["order"], r["status"], r["received"]) for r in s.f.json("stock", "orders", "--json")}
    check_eq(got, {("PO-1", "partly received", "30"), ("PO-2", "open", "0"),
                   ("PO-3", "cancelled 2026-02-11", "0")}, "purchase orders and their status")
    b = s.balances()
    check_eq((b["D1:inventory:SKU:CD-R1@W1"], b["L1:receivable:USD/D1"], b["D1:payable:USD/L1"]),
             (Decimal(30), Decimal(120), Decimal(-120)),
             "a purchase passes title and makes the buyer owe the price: 30 x 4.00")
    label_money = {k: v for k, v in b.items() if k.startswith("L1:") and "SKU" not in k}
    own = s.write("own-sale.csv",
                  "movement,date,document,sku,units,owner,from,to,store,terms,condition,price,"
                  "currency\n"
                  "ship,2026-02-20,INV-D1-1,CD-R1,10,D1,W1,,S1,sale,,9.00,USD\n"
                  "return,2026-03-02,RA-D1-1,CD-R1,2,D1,,W1,S1,sale,restock,9.00,USD\n")
    s.f.ok("import", own)
    b = s.balances()
    check_eq((b["D1:receivable:USD/S1"], b["D1:external:USD/S1"], b["S1:expense:USD/D1"],
              b["S1:payable:USD/D1"], b["S1:inventory:SKU:CD-R1@S1/D1"]),
             (Decimal(72), Decimal(-72), Decimal(72), Decimal(-72), Decimal(8)),
             "units the distributor bought are its own firm sale: S1 owes D1 8 x 9.00")
    check_eq({k: v for k, v in b.items() if k.startswith("L1:") and "SKU" not in k}, label_money,
             "and the label's money does not move: it was paid when title passed")
    s.f.ok("import", s.write("one-stop.csv",
                             "movement,date,document,sku,units,owner,from,to,store,buyer,terms,"
                             "condition,price,currency\n"
                             "purchase,2026-03-05,DN-8,CD-R1,10,L1,,W1,,O1,,,4.00,USD\n"
                             "ship,2026-03-06,INV-O1-1,CD-R1,6,O1,W1,,S1,,sale,,8.50,USD\n"))
    b = s.balances()
    check_eq((b.get("O1:receivable:USD/S1"), b.get("S1:payable:USD/O1"),
              b["S1:inventory:SKU:CD-R1@S1/O1"], b["L1:receivable:USD/O1"]),
             (Decimal("51"), Decimal("-51"), Decimal(6), Decimal(40)),
             "a wholesaler that bought the label's units sells them itself: S1 owes O1 6 x 8.50, "
             "the label is owed the 10 x 4.00 purchase")
    check_eq({k: v for k, v in b.items()
              if k.startswith("L1:") and "SKU" not in k and not k.endswith("/O1")}, label_money,
             "and nothing else of the label's money moves: no sale of the label's is reported")


def sell_through(root):
    s = scenario(root, "sell-through")
    s.f.ok("import", s.write("stock.csv",
                             "movement,date,document,sku,units,owner,from,to,store,terms,price,"
                             "currency\n"
                             "receipt,2026-01-05,DN-1,CD-R1,100,L1,,W1,,,,\n"
                             "ship,2026-01-10,DLV-1,CD-R1,20,L1,W1,,S1,consignment,,\n"))
    proc = s.f.run("import", s.write("sell.csv",
                                     "store,upc,units_sold,units_returned,ppd,currency,period\n"
                                     "S1,029000000018,25,,9.00,USD,2026-01\n"))
    check_eq(proc.returncode, 0, "the sell-through imports", proc)
    check("25 unit(s) of CD-R1 sold at S1 but it held 0 firm-sold and 20 on consignment: 5 "
          "posted to unit suspense" in proc.stderr, "the excess is reported", proc)
    b = s.balances()
    check_eq((b.get("L1:consigned:SKU:CD-R1@S1", Decimal(0)), b["D1:suspense:SKU:CD-R1@S1/L1"],
              b["L1:external:SKU:CD-R1/S1"], b["L1:receivable:USD/S1"]),
             (Decimal(0), Decimal(-5), Decimal(25), Decimal(225)),
             "20 consigned units sold, 5 in unit suspense, the store owes for all 25 it reported")
    check_units_drill(s, query(s.db, "SELECT txn_seq FROM stock_movement WHERE kind = "
                                     "'sell_through'"), "physical", 2, "25",
                      "drill: the units the sell-through line moved, 20 consigned and 5 from "
                      "suspense")


def backdated(root):
    """A movement dated before later ones may not leave the account short on any later day."""
    s = scenario(root, "backdated")
    w1 = "L1:inventory:SKU:CD-R1@W1"

    def move(*args):
        return stock(s, *args, "--sku", "CD-R1", "--owner", "L1")

    check_eq(move("receipt", "--date", "2026-03-01", "--document", "DN-1", "--units", "100",
                  "--to", "W1").returncode, 0, "a receipt on March 1")
    before = txn_count(s.db)
    early = move("ship", "--date", "2026-02-01", "--document", "INV-1", "--units", "100",
                 "--from", "W1", "--store", "S1", "--terms", "consignment")
    check_eq(early.returncode, 66, "a shipment dated before the receipt exits 66", early)
    check(f"ship of 100 unit(s) from {w1}, which holds 0 on 2026-02-01 [stock_insufficient]"
          in early.stderr, "W1 held nothing on February 1, though it holds 100 now", early)
    check_eq(txn_count(s.db), before, "the early shipment wrote nothing")
    check_eq(move("ship", "--date", "2026-03-10", "--document", "INV-2", "--units", "30",
                  "--from", "W1", "--store", "S1", "--terms", "consignment").returncode, 0,
             "30 shipped on March 10")
    short = move("transfer", "--date", "2026-03-05", "--units", "80", "--from", "W1", "--to",
                 "W2")
    check_eq(short.returncode, 66, "a transfer dated before that shipment exits 66", short)
    check(f"transfer of 80 unit(s) from {w1} dated 2026-03-05, which holds 70 on 2026-03-10 "
          "after movements dated later [stock_insufficient]" in short.stderr,
          "W1 holds 100 on March 5 but would be 10 short on March 10", short)
    check_eq(move("transfer", "--date", "2026-03-05", "--units", "70", "--from", "W1", "--to",
                  "W2").returncode, 0, "70 on March 5 leaves March 10 at zero")
    path = s.write("late-damage.csv",
                   "movement,date,document,sku,units,owner,from,to,reason\n"
                   "receipt,2026-05-01,DN-2,CD-R1,50,L1,,W1,\n"
                   "damage,2026-04-15,,CD-R1,10,L1,W1,,water\n")
    before = txn_count(s.db)
    proc = s.f.run("import", path)
    check_eq(proc.returncode, 66, "a file whose row is dated before its own receipt exits 66", proc)
    check(f"late-damage.csv:3: field 'units' = '10': damage of 10 unit(s) from {w1}, which holds "
          "0 on 2026-04-15" in proc.stderr, "the row names the day W1 was empty", proc)
    check_eq(txn_count(s.db), before, "nothing of the file was written")
    b = s.balances()
    check_eq((b.get(w1, Decimal(0)), b["L1:in_transit:SKU:CD-R1@W2"],
              b["L1:consigned:SKU:CD-R1@S1"]), (Decimal(0), Decimal(70), Decimal(30)),
             "W1 is empty, 70 are on their way to W2 and 30 at S1")


def terms(root):
    s = scenario(root, "terms")
    s.f.ok("agreement", "add", s.write("l1.toml", AGREEMENT.format(
        label="L1", stock='title = "consignment"\nnegative_stock = true')))
    s.f.ok("agreement", "add", s.write("l2.toml", AGREEMENT.format(
        label="L2", stock='title = "purchase"')))
    ship = stock(s, "ship", "--date", "2026-01-20", "--document", "DLV-1", "--sku", "CD-R1",
                 "--units", "5", "--owner", "L1", "--from", "W1", "--store", "S1", "--terms",
                 "consignment")
    check_eq(ship.returncode, 0, "negative stock is allowed where the agreement says so", ship)
    check_eq(s.balances()["L1:inventory:SKU:CD-R1@W1"], Decimal(-5), "the warehouse shows -5")
    receipt = stock(s, "receipt", "--date", "2026-01-05", "--document", "DN-1", "--sku", "CD-R2",
                    "--units", "10", "--owner", "L2", "--to", "W1")
    check_eq(receipt.returncode, 65, "a receipt under a purchase agreement exits 65", receipt)
    check("the agreement between L2 and D1 (§9.1) says the distributor buys this stock: record a "
          "purchase, not a receipt" in receipt.stderr, "and says why", receipt)


def main():
    root = tempfile.mkdtemp(prefix="fermata-stock-")
    commands(root)
    bad_rows(root)
    orders(root)
    sell_through(root)
    backdated(root)
    terms(root)
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(main)
