#!/usr/bin/env python3
# Goal: `fermata reclaim` shows a label exactly its units held by others and
# gives the warehouse units back in one transaction. Receipts under two
# delivery notes, consignments to two stores, a firm sale to one of them
# (those units are the store's: they must not appear) and damaged returns;
# then: the exact pick list, the exact recall request per store, --json, the
# PDF statement of goods held (its text via pdftotext: units, delivery notes,
# "none recorded"; the same bytes twice), recall letters (the same bytes
# twice), a return dated before later movements refused, --confirm moving
# every warehouse unit in one transaction (balances, `journal show`, the
# transaction count, register rows, verify), a second confirm changing
# nothing, a confirm with nothing left refused, and the trial balance netting
# to zero per SKU throughout.
# Method: a fresh database; catalog, agreement and stock files imported with
# the CLI. No price import exists yet, so the test writes the price rows into
# the stock register's `price` table with sqlite3 (its 16-byte amount
# encoding is storage/sqlite/sqlite_db.cc's).
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (Fermata, check, check_eq, main_wrapper, query,  # noqa: E402
                      remove_unless_failed, txn_count, write)

CD_UPC = "0029000000018"
LP_UPC = "0029000000025"

CATALOG = {
    "parties.csv": "id,name,kind\n"
                   "L1,Lark Records,label\n"
                   "D1,Meridian Distribution,distributor\n"
                   "W1,Meridian Warehouse,warehouse\n"
                   "S1,Harbour Records,store\n"
                   "S2,Klangraum,store\n",
    "releases.csv": f"id,title,icpn\nR1,First Album,{CD_UPC}\nR2,Second Album,{LP_UPC}\n",
    "products.csv": "sku,kind,format,release_id,catalog_number,upc\n"
                    f"CD-R1,physical,CD,R1,LK-001,{CD_UPC}\n"
                    f"LP-R2,physical,LP,R2,LK-002,{LP_UPC}\n",
    "relations.csv": "kind,release_id,party_id,valid_from,valid_to\n"
                     "owner,R1,L1,2020-01-01,\n"
                     "distributor,R1,D1,2020-01-01,\n"
                     "owner,R2,L1,2020-01-01,\n"
                     "distributor,R2,D1,2020-01-01,\n",
}

HEADER = "movement,date,document,sku,units,owner,from,to,store,terms,condition,price,currency\n"
STOCK = {
    # Two delivery notes, then consignments to two stores.
    "receipts.csv": HEADER +
    "receipt,2026-01-05,DN-001,CD-R1,600,L1,,W1,,,,,\n"
    "receipt,2026-01-20,DN-002,CD-R1,400,L1,,W1,,,,,\n"
    "receipt,2026-01-20,DN-002,LP-R2,100,L1,,W1,,,,,\n"
    "ship,2026-02-11,DLV-101,CD-R1,200,L1,W1,,S1,consignment,,,\n"
    "ship,2026-02-12,DLV-102,CD-R1,120,L1,W1,,S2,consignment,,,\n"
    "ship,2026-02-12,DLV-102,LP-R2,30,L1,W1,,S2,consignment,,,\n",
    # A firm sale: these 300 units are Harbour Records' own.
    "sale.csv": HEADER + "ship,2026-02-15,INV-001,CD-R1,300,L1,W1,,S1,sale,,9.00,USD\n",
    # Damaged units back from both stores.
    "returns.csv": HEADER +
    "return,2026-03-01,RA-1,CD-R1,10,L1,,W1,S1,consignment,damaged,,\n"
    "return,2026-03-02,RA-2,LP-R2,4,L1,,W1,S2,consignment,damaged,,\n",
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
[payment]
clause = "7"
period = "quarterly"
days_after_period = 90
currency = "USD"
"""

PRICES = [("CD-R1", "ppd", "9.00"), ("CD-R1", "cost", "2.50"),
          ("LP-R2", "ppd", "15.00"), ("LP-R2", "cost", "6.00")]


def amount_blob(text):
    """A Decimal as storage keeps it: 10^-12 units, 16 bytes big-endian, sign bit flipped."""
    raw = int(Decimal(text) * 10**12)
    return ((raw % (1 << 128)) ^ (1 << 127)).to_bytes(16, "big")


def add_prices(db):
    conn = sqlite3.connect(db)
    with conn:
        for sku, kind, text in PRICES:
            conn.execute("INSERT INTO price (sku, kind, currency, valid_from, amount, file, "
                         "recorded_at, actor) VALUES (?, ?, 'USD', '2026-01-01', ?, 'test', "
                         "'2026-01-01T00:00:00Z', 'e2e-test')", (sku, kind, amount_blob(text)))
    conn.close()


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def section(stdout, title):
    """The token rows of the table under the line `title` (header and rule skipped)."""
    lines = stdout.split("\n")
    start = lines.index(title) + 3
    rows = []
    for line in lines[start:]:
        if not line.strip() or line.startswith("value at PPD"):
            break
        rows.append(line.split())
    return rows


def unit_balances(f):
    """{account: units} of the nonzero SKU balances."""
    return {r["account"]: r["balance"] for r in f.json("balance", "--json")
            if r["commodity"].startswith("SKU:")}


def check_skus_net_to_zero(f, when):
    tb = f.json("trial-balance", "--json")
    skus = {c["commodity"]: c["net"] for c in tb["commodities"]
            if c["commodity"].startswith("SKU:")}
    check_eq(skus, {"SKU:CD-R1": "0", "SKU:LP-R2": "0"}, f"{when}: every SKU nets to zero")


def setup(binary, root):
    db = os.path.join(root, "books.db")
    f = Fermata(binary, db=db, cwd=root)
    f.ok("init")
    names = [write(os.path.join(root, n), t) for n, t in CATALOG.items()]
    f.ok("import", "--quiet", *names)
    f.ok("agreement", "add", write(os.path.join(root, "agreement.toml"), AGREEMENT))
    for name, text in STOCK.items():
        f.ok("import", "--quiet", write(os.path.join(root, name), text))
    add_prices(db)
    return f, db


def check_listing(f):
    proc = f.ok("reclaim", "--party", "L1", "--as-of", "2026-03-31")
    out = proc.stdout
    check(out.startswith("Reclaim for Lark Records (L1) as of 2026-03-31; held by "
                         "Meridian Distribution (D1)\n"), "the listing names label, day, holder",
          proc)
    check_eq(section(out, "Pick list: Meridian Warehouse (W1)"),
             [["CD-R1", "LK-001", CD_UPC, "First", "Album", "380", "10", "0"],
              ["LP-R2", "LK-002", LP_UPC, "Second", "Album", "70", "4", "0"],
              ["total", "450", "14", "0"]],
             "W1's pick list: on hand and damaged apart; the 300 sold to S1 are not there", proc)
    check("value at PPD 4620.00 USD; at cost 1419.00 USD\n" in out,
          "W1's units valued at PPD (390 x 9.00 + 74 x 15.00) and cost", proc)
    check_eq(section(out, "Recall request: Harbour Records (S1)"),
             [["CD-R1", "LK-001", CD_UPC, "First", "Album", "190"], ["total", "190"]],
             "S1's recall: 200 consigned less 10 returned, not its 300 bought", proc)
    check_eq(section(out, "Recall request: Klangraum (S2)"),
             [["CD-R1", "LK-001", CD_UPC, "First", "Album", "120"],
              ["LP-R2", "LK-002", LP_UPC, "Second", "Album", "26"], ["total", "146"]],
             "S2's recall", proc)
    for line in ["  CD-R1  receipt  DN-001  2026-01-05  600 unit(s) at W1",
                 "  CD-R1  receipt  DN-002  2026-01-20  400 unit(s) at W1",
                 "  LP-R2  receipt  DN-002  2026-01-20  100 unit(s) at W1",
                 "  AGR-L1-D1 version 1 from 2026-01-01 with Meridian Distribution (D1): "
                 "title clause: not stated in the agreement on file",
                 "Filing references: none recorded"]:
        check(line + "\n" in out, f"the listing shows: {line.strip()}", proc)
    check("INV-001" not in out, "the firm sale's invoice is no title document", proc)


def check_json(f):
    r = f.json("reclaim", "--party", "L1", "--as-of", "2026-03-31", "--json")
    check_eq([(p["location"], [(l["sku"], l["on_hand"], l["damaged"], l["allocated"], l["bin"],
                                l["values"]["ppd"]["amount"], l["values"]["cost"]["amount"])
                               for l in p["lines"]]) for p in r["pick_lists"]],
             [("W1", [("CD-R1", "380", "10", "0", "", "3510", "975"),
                      ("LP-R2", "70", "4", "0", "", "1110", "444")])],
             "--json pick lists with values")
    check_eq([(s["store"], [(l["sku"], l["units"]) for l in s["lines"]],
               [d["document"] for d in s["deliveries"]]) for s in r["recalls"]],
             [("S1", [("CD-R1", "190")], ["DLV-101"]),
              ("S2", [("CD-R1", "120"), ("LP-R2", "26")], ["DLV-102", "DLV-102"])],
             "--json recall requests with their consignment deliveries")
    check_eq([(d["sku"], d["kind"], d["document"], d["units"], d["passes_title"])
              for d in r["documents"]],
             [("CD-R1", "receipt", "DN-001", "600", False),
              ("CD-R1", "receipt", "DN-002", "400", False),
              ("LP-R2", "receipt", "DN-002", "100", False)], "--json title documents")
    check_eq((r["holders"], r["agreements"], r["filings"]),
             (["D1"], [{"id": "AGR-L1-D1", "version": 1, "effective_from": "2026-01-01",
                        "distributor": "D1", "clause": ""}], []),
             "--json holders, agreement and (no) filings")
    only = f.json("reclaim", "--party", "L1", "--as-of", "2026-03-31", "--location", "S2", "--json")
    check_eq(([p["location"] for p in only["pick_lists"]], [s["store"] for s in only["recalls"]]),
             ([], ["S2"]), "--location S2 shows that store alone")


COUNT_HEAD = "count,location,cutoff,sku,owner,units,bin\n"
COUNTS = {
    "count-feb.csv": COUNT_HEAD + "C-FEB,W1,2026-02-01,CD-R1,L1,1000,Z-9\n"
                                  "C-FEB,W1,2026-02-01,LP-R2,L1,100,Z-8\n",
    "count-mar.csv": COUNT_HEAD + "C-MAR,W1,2026-03-15,CD-R1,L1,300,A-1\n"
                                  "C-MAR,W1,2026-03-15,CD-R1,L1,80,A-2\n"
                                  "C-MAR,W1,2026-03-15,LP-R2,L1,74,\n",
    "count-apr.csv": COUNT_HEAD + "C-APR,W1,2026-04-10,CD-R1,L1,380,Q-1\n",
}


def check_bins(f, root):
    """The pick list's bin is the latest count's on or before the day (imported, not approved)."""
    for name, text in COUNTS.items():
        f.ok("count", "import", write(os.path.join(root, name), text))
    r = f.json("reclaim", "--party", "L1", "--as-of", "2026-03-31", "--json")
    check_eq([(l["sku"], l["bin"]) for p in r["pick_lists"] for l in p["lines"]],
             [("CD-R1", "A-1, A-2"), ("LP-R2", "Z-8")],
             "bins: CD-R1 as the March count found it (both bins), LP-R2 as February's "
             "(March's line names no bin), April's count is after the day")
    proc = f.ok("reclaim", "--party", "L1", "--as-of", "2026-03-31")
    check(" A-1, A-2 " in proc.stdout, "the printed pick list shows the bins", proc)
    later = f.json("reclaim", "--party", "L1", "--as-of", "2026-04-30", "--json")
    check_eq([(l["sku"], l["bin"]) for p in later["pick_lists"] for l in p["lines"]],
             [("CD-R1", "Q-1"), ("LP-R2", "Z-8")], "as of April 30, April's count's bin")


def check_documents(f, root):
    pdf, again = os.path.join(root, "held.pdf"), os.path.join(root, "held-again.pdf")
    letters = os.path.join(root, "letters")
    f.ok("reclaim", "--party", "L1", "--as-of", "2026-03-31", "--pdf", pdf, "--recall-dir", letters)
    f.ok("reclaim", "--party", "L1", "--as-of", "2026-03-31", "--pdf", again)
    check(read_bytes(pdf) == read_bytes(again), "the same books and day give the same PDF bytes")
    text = pdf_text(pdf)
    flat = " ".join(text.split())  # Sentences wrap across lines.
    for needle in ["Statement of goods held for the owner", "Lark Records (L1)",
                   "Held at Meridian Warehouse (W1)", "On consignment at Klangraum (S2)",
                   "DN-001", "DN-002",
                   "Delivery note DN-001 of 2026-01-05: 600 unit(s) received at Meridian",
                   "title clause: not stated in the agreement on file", "none recorded",
                   "The units listed above are held for the owner, Lark Records (L1)",
                   "Page 1 of "]:
        check(needle in flat, f"the PDF shows {needle!r}", detail=text)
    rows = [line.split() for line in text.split("\n")]
    for row in [["CD-R1", "LK-001", CD_UPC, "First", "Album", "390", "10", "3510.00", "USD",
                 "975.00", "USD"],
                ["LP-R2", "LK-002", LP_UPC, "Second", "Album", "74", "4", "1110.00", "USD",
                 "444.00", "USD"],
                ["Total", "464", "14", "4620.00", "USD", "1419.00", "USD"],
                ["CD-R1", "LK-001", CD_UPC, "First", "Album", "190", "1710.00", "USD", "475.00",
                 "USD"]]:
        check(row in rows, f"the PDF has the row {' '.join(row)}", detail=text)
    check("INV-001" not in text, "the PDF lists no firm-sold units", detail=text)
    check_eq(sorted(os.listdir(letters)), ["recall_L1_S1.txt", "recall_L1_S2.txt"],
             "one recall letter per store")
    s1 = open(os.path.join(letters, "recall_L1_S1.txt"), encoding="utf-8").read()
    check("To:      Harbour Records (S1)\n" in s1 and "Total: 190 unit(s)\n" in s1 and
          "  DLV-101 of 2026-02-11: 200 unit(s) of CD-R1\n" in s1,
          "S1's letter: its units and the delivery that put them there", detail=s1)
    first = read_bytes(os.path.join(letters, "recall_L1_S2.txt"))
    f.ok("reclaim", "--party", "L1", "--as-of", "2026-03-31", "--recall-dir", letters)
    check(read_bytes(os.path.join(letters, "recall_L1_S2.txt")) == first,
          "a letter written again has the same bytes")


def check_confirm(f, db):
    before = txn_count(db)
    usage = f.run("reclaim", "--party", "L1", "--confirm", "--date", "2026-04-01")
    check_eq(usage.returncode, 64, "--confirm without --document is a usage error", usage)
    early = f.run("reclaim", "--party", "L1", "--confirm", "--document", "RTO-0",
                  "--date", "2026-02-14")
    check_eq(early.returncode, 65, "a return dated before later movements is refused", early)
    check("after later movements" in early.stderr, "and says why", early)
    check_eq(txn_count(db), before, "the refused return wrote nothing")
    proc = f.ok("reclaim", "--party", "L1", "--confirm", "--document", "RTO-1",
                "--date", "2026-04-01", "--json")
    out = json.loads(proc.stdout)
    check_eq(txn_count(db), before + 1, "--confirm appends exactly one transaction")
    check_eq((out["already_confirmed"], out["units"], out["transaction"]),
             (False, "464", before + 1),
             "it returns 464 units (380 + 10 + 70 + 4)", proc)
    shown = f.json("journal", "show", str(before + 1), "--json")
    check_eq(sorted((p["account"], p["amount"]) for p in shown["postings"]),
             sorted([("L1:inventory:SKU:CD-R1@W1", "-380"), ("L1:damaged:SKU:CD-R1@W1", "-10"),
                     ("L1:returned:SKU:CD-R1@L1", "390"), ("L1:inventory:SKU:LP-R2@W1", "-70"),
                     ("L1:damaged:SKU:LP-R2@W1", "-4"), ("L1:returned:SKU:LP-R2@L1", "74")]),
             "journal show: every warehouse unit to returned@L1 in that one transaction")
    check_eq((shown["key"], shown["effective_date"]), ("reclaim:L1:RTO-1", "2026-04-01"),
             "its key comes from the document")
    check_eq(query(db, "SELECT count(*) FROM stock_movement WHERE kind = 'return_to_owner' "
                       "AND document = 'RTO-1' AND txn_seq = ?", before + 1), 4,
             "one register row per SKU, location and condition, pointing at the transaction")
    balances = unit_balances(f)
    check_eq({a: u for a, u in balances.items() if a.startswith("L1:") and "@W1" in a}, {},
             "nothing of L1's is left at W1")
    check_eq(balances.get("S1:inventory:SKU:CD-R1@S1/L1"), "300", "S1's bought units stay S1's")
    again = f.ok("reclaim", "--party", "L1", "--confirm", "--document", "RTO-1",
                 "--date", "2026-04-01")
    check(f"was already confirmed as transaction {before + 1} on 2026-04-01 (464 units); "
          "nothing changed" in again.stdout, "confirming RTO-1 again says so", again)
    check_eq(txn_count(db), before + 1, "and writes nothing")
    empty = f.run("reclaim", "--party", "L1", "--confirm", "--document", "RTO-2",
                  "--date", "2026-04-02")
    check_eq(empty.returncode, 66, "a return with nothing left is refused (stock_insufficient)",
             empty)
    after = f.json("reclaim", "--party", "L1", "--as-of", "2026-04-02", "--json")
    check_eq((after["pick_lists"], [s["store"] for s in after["recalls"]]), ([], ["S1", "S2"]),
             "afterwards: no pick list, the stores' consignments still to recall")
    check_eq(f.run("verify").returncode, 0, "verify passes: the return note is archived")


def run():
    check(shutil.which("pdftotext") is not None,
          "pdftotext is installed (poppler-utils, scripts/install-deps.sh)")
    root = tempfile.mkdtemp(prefix="fermata-reclaim-")
    f, db = setup(sys.argv[1], root)
    check_skus_net_to_zero(f, "before")
    check_listing(f)
    check_json(f)
    check_documents(f, root)
    check_bins(f, root)
    check_confirm(f, db)
    check_skus_net_to_zero(f, "after the return")
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
