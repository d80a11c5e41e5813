#!/usr/bin/env python3
# Goal: `fermata count import|show|approve` as FORMATS §14.2 says. A count is compared with
# the books at its cut-off day (a movement dated after it is excluded even though it was
# posted before the count), per owner x SKU at the location, on hand plus allocated and
# not damaged; a shortage, a surplus and a SKU the count does not list (counted 0) are
# discrepancies with exact figures; the same file twice changes nothing and says so;
# approving posts one `adjust` per discrepancy dated the cut-off, against the owner's
# `external`, with the reason in the memo and a stock register row whose document is the
# count; approving twice changes nothing; the balances afterwards, at the cut-off and
# today, are worked out by hand and every SKU still nets to zero. Bad counts are refused
# by message naming file, line and field, and nothing is written.
# Method: a warehouse W1 with a label L1 (three products), a label L2 (one) and the
# distributor D1 (units of L1's CD bought outright), movements imported as a stock file,
# then the CLI as a user runs it.
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (Fermata, check, check_eq, main_wrapper, query,  # noqa: E402
                      remove_unless_failed, txn_count, write)

CATALOG = {
    "parties.csv": "id,name,kind\n"
                   "D1,Meridian Distribution,distributor\n"
                   "W1,Meridian Warehouse,warehouse\n"
                   "L1,Lark Records,label\n"
                   "L2,Finch Records,label\n"
                   "S1,Harbour Records,store\n",
    "releases.csv": "id,title,icpn\n"
                    "R1,First Album,0200000000011\n"
                    "R2,First Album LP,0200000000028\n"
                    "R3,Second Album,0200000000035\n"
                    "R4,Finch Songs,0200000000042\n",
    "products.csv": "sku,kind,format,release_id,catalog_number,upc\n"
                    "CD-1,physical,CD,R1,LK-001,0200000000011\n"
                    "LP-1,physical,LP,R2,LK-002,0200000000028\n"
                    "CD-2,physical,CD,R3,LK-003,0200000000035\n"
                    "CD-9,physical,CD,R4,FR-001,0200000000042\n",
    "relations.csv": "kind,release_id,party_id,valid_from,valid_to\n"
                     "owner,R1,L1,2020-01-01,\nowner,R2,L1,2020-01-01,\n"
                     "owner,R3,L1,2020-01-01,\nowner,R4,L2,2020-01-01,\n"
                     "distributor,R1,D1,2020-01-01,\ndistributor,R2,D1,2020-01-01,\n"
                     "distributor,R3,D1,2020-01-01,\ndistributor,R4,D1,2020-01-01,\n",
}

# At W1 at the end of 2026-03-31: L1 CD-1 675 on hand + 5 allocated (the order is dated the
# cut-off day itself, so it counts) = 680; D1 CD-1 20 (bought from L1); L1 LP-1 48 on hand
# (2 damaged are not counted); L1 CD-2 40; L2 CD-9 30. The two shipments of April move
# units after the cut-off: they must not change what the count is compared with.
STOCK = """movement,date,document,sku,units,owner,from,to,store,buyer,terms,condition,price,currency,reason
receipt,2026-01-05,DN-1,CD-1,1000,L1,,W1,,,,,,,
receipt,2026-01-05,DN-1,LP-1,50,L1,,W1,,,,,,,
receipt,2026-01-05,DN-1,CD-2,40,L1,,W1,,,,,,,
receipt,2026-01-06,DN-2,CD-9,30,L2,,W1,,,,,,,
purchase,2026-01-07,,CD-1,20,L1,W1,W1,,D1,,,,,
ship,2026-02-10,DLV-1,CD-1,300,L1,W1,,S1,,consignment,,,,
damage,2026-03-15,,LP-1,2,L1,W1,,,,,,,,cracked cases
order,2026-03-31,SO-7,CD-1,5,L1,W1,,S1,,,,,,
ship,2026-04-01,DLV-2,CD-1,100,L1,W1,,S1,,consignment,,,,
ship,2026-04-02,DLV-3,CD-2,30,L1,W1,,S1,,consignment,,,,
"""

COUNT = """count,location,cutoff,sku,owner,units,bin
CNT-Q1,W1,2026-03-31T18:00,CD-1,L1,600,A-01
CNT-Q1,W1,2026-03-31T18:00,CD-1,L1,74,A-02
CNT-Q1,W1,2026-03-31T18:00,CD-1,D1,20,A-03
CNT-Q1,W1,2026-03-31T18:00,LP-1,,51,B-01
CNT-Q1,W1,2026-03-31T18:00,CD-9,,30,C-01
"""


def balances(f, *args):
    """{account name: balance} of unit accounts."""
    rows = f.json("balance", "--json", *args)
    return {r["account"]: r["balance"] for r in rows if r["commodity"].startswith("SKU:")}


def count_import_status(f):
    """The count import's entry of `import status --json`: state, transactions, count."""
    rows = [r for r in f.json("import", "status", "--json")["imports"] if r["format"] == "count"]
    check_eq(len(rows), 1, "one count import in the register")
    r = rows[0]
    return (r["state"], r["transactions"], r.get("count_id"), r.get("count_location"),
            r.get("count_cutoff"))


def set_up(f, work):
    f.ok("init")
    for name in ("parties.csv", "releases.csv", "products.csv", "relations.csv"):
        f.ok("import", write(os.path.join(work, name), CATALOG[name]))
    f.ok("import", "--format", "stock", write(os.path.join(work, "stock.csv"), STOCK))
    check_eq(txn_count(f.db), 10, "the stock file posts one transaction per movement")


def check_import(f, work):
    print("count import: the discrepancies at the cut-off")
    path = write(os.path.join(work, "count.csv"), COUNT)
    before = txn_count(f.db)
    proc = f.ok("count", "import", path)
    out = proc.stdout
    check("count CNT-Q1 at W1, cut-off 2026-03-31T18:00 (movements dated on or before "
          "2026-03-31): 5 line(s), 2 owner x SKU agree with the books, 3 differ" in out,
          "the heading says what was compared", proc)
    for row in (["L1", "CD-1", "A-01 A-02", "680", "674", "-6", "open"],
                ["L1", "CD-2", "(not counted)", "40", "0", "-40", "open"],
                ["L1", "LP-1", "B-01", "48", "51", "3", "open"]):
        check(any(line.split() == row[:2] + row[2].split() + row[3:]
                  for line in out.splitlines()), f"row {' '.join(row)}", proc)
    check("3 open: fermata count approve CNT-Q1 --reason TEXT [--sku SKU ...]" in out,
          "how to approve", proc)
    check_eq(txn_count(f.db), before, "recording a count posts nothing")
    check_eq(query(f.db, "SELECT count(*) FROM stock_count_line WHERE count_id = 'CNT-Q1'"), 5,
             "five count lines kept")
    check_eq(query(f.db, "SELECT owner FROM stock_count_line WHERE sku = 'LP-1'"), "L1",
             "LP-1's owner resolved: L1 is the only one holding it at W1")
    check_eq(query(f.db, "SELECT format FROM import ORDER BY id DESC LIMIT 1"), "count",
             "the file is registered as an import of format count")
    check_eq(count_import_status(f), ("recorded", 0, "CNT-Q1", "W1", "2026-03-31T18:00"),
             "import status: the count is recorded, nothing posted from it yet")

    print("count import: the same file twice changes nothing and says so")
    imports = query(f.db, "SELECT count(*) FROM import")
    again = f.ok("count", "import", path)
    check(f"{path}: already imported as count CNT-Q1" in again.stdout
          and "nothing changed" in again.stdout, "says it was imported", again)
    check_eq(query(f.db, "SELECT count(*) FROM import"), imports, "no new import")
    check_eq(query(f.db, "SELECT count(*) FROM stock_count"), 1, "still one count")
    return path


def check_show(f):
    print("count show --json: exact figures per owner x SKU")
    shown = f.json("count", "show", "CNT-Q1", "--json")
    check_eq((shown["count"], shown["location"], shown["cutoff"], shown["as_of"]),
             ("CNT-Q1", "W1", "2026-03-31T18:00", "2026-03-31"), "the count's heading")
    rows = {(r["owner"], r["sku"]): r for r in shown["rows"]}
    check_eq(sorted(rows), [("D1", "CD-1"), ("L1", "CD-1"), ("L1", "CD-2"), ("L1", "LP-1"),
                            ("L2", "CD-9")], "one row per owner x SKU listed or held")
    figures = {k: (r["expected"], r["counted"], r["difference"], r["listed"], r["status"])
               for k, r in rows.items()}
    check_eq(figures, {("D1", "CD-1"): ("20", "20", "0", True, "ok"),
                       ("L1", "CD-1"): ("680", "674", "-6", True, "open"),
                       ("L1", "CD-2"): ("40", "0", "-40", False, "open"),
                       ("L1", "LP-1"): ("48", "51", "3", True, "open"),
                       ("L2", "CD-9"): ("30", "30", "0", True, "ok")},
             "expected, counted, difference, listed, status")
    check_eq(rows[("L1", "CD-1")]["lines"], [2, 3], "CD-1 counted on lines 2 and 3")


def check_approve(f, count_path):
    print("count approve --sku LP-1: one adjustment")
    before = txn_count(f.db)
    proc = f.ok("count", "approve", "CNT-Q1", "--sku", "LP-1", "--reason", "found behind a pallet")
    check("count CNT-Q1: 1 adjustment(s) posted, dated 2026-03-31" in proc.stdout, "posted", proc)
    check_eq(txn_count(f.db), before + 1, "one transaction")
    seq = query(f.db, "SELECT max(seq) FROM txn")
    sha = query(f.db, "SELECT sha256 FROM stock_count WHERE id = 'CNT-Q1'")
    check_eq(query(f.db, "SELECT effective_date || '|' || idempotency_key || '|' || source_sha256"
                         " || '|' || source_lines FROM txn WHERE seq = ?", seq),
             f"2026-03-31|count:{sha}:L1:LP-1|{sha}|5", "dated the cut-off, linked to line 5")
    check_eq(query(f.db, "SELECT memo FROM txn WHERE seq = ?", seq),
             "adjust 3 LP-1 from W1 doc CNT-Q1 (count at the 2026-03-31 cut-off: books 48, "
             "counted 51): found behind a pallet", "the memo keeps the figures and the reason")
    check_eq(query(f.db, "SELECT kind || '|' || document || '|' || effective_date || '|' || owner"
                         " || '|' || from_location || '|' || reason || '|' || line FROM "
                         "stock_movement WHERE txn_seq = ?", seq),
             "adjust|CNT-Q1|2026-03-31|L1|W1|found behind a pallet|5",
             "a stock register row of kind adjust, document = the count")

    print("drill: the adjustment back to its count line")
    drilled = f.json("drill", str(seq), "--json")
    check_eq((drilled["format"], [l["line"] for l in drilled["lines"]], drilled["line_units"],
              drilled["books_units"], drilled["posted_units"], drilled["agrees"]),
             ("count", [5], {"SKU:LP-1": "51"}, {"SKU:LP-1": "48"}, {"SKU:LP-1": "3"}, True),
             "line 5 counted 51, the books said 48: +3 posted")
    text = f.ok("drill", str(seq)).stdout
    check('counted {"SKU:LP-1":"51"} less the books at the cut-off {"SKU:LP-1":"48"}; '
          'adjustment posted {"SKU:LP-1":"3"}: agree' in text, "said in words", text)

    print("count approve: the rest, in one unit of work")
    proc = f.ok("count", "approve", "CNT-Q1", "--reason", "Q1 count shrinkage")
    check("already approved: L1 LP-1 (approved #" in proc.stdout, "LP-1 left alone", proc)
    check("count CNT-Q1: 2 adjustment(s) posted" in proc.stdout, "two posted", proc)
    check("warning: L1:inventory:SKU:CD-2@W1 holds -30 today: movements dated after the "
          "2026-03-31 cut-off took units the count did not find" in proc.stderr,
          "the April shipment of CD-2 the count contradicts is pointed out", proc)
    check_eq(txn_count(f.db), before + 3, "three adjustments in all")
    check_eq(query(f.db, "SELECT count(*) FROM stock_count_approval"), 3, "three approvals")
    check_eq(query(f.db, "SELECT source_lines FROM txn WHERE idempotency_key LIKE '%:L1:CD-2'"),
             "2-6", "the SKU missing from the count links to every line of it")
    missing = f.json("drill", str(query(f.db, "SELECT seq FROM txn WHERE idempotency_key LIKE "
                                              "'%:L1:CD-2'")), "--json")
    check_eq((missing["lines"], missing["line_units"], missing["books_units"],
              missing["posted_units"], missing["agrees"]),
             ([], {"SKU:CD-2": "0"}, {"SKU:CD-2": "40"}, {"SKU:CD-2": "-40"}, True),
             "drill: CD-2 counted nowhere, 40 on the books, -40 posted")

    print("count approve again: nothing changes")
    again = f.ok("count", "approve", "CNT-Q1", "--reason", "Q1 count shrinkage")
    check("nothing changed: count CNT-Q1 has no other open discrepancy" in again.stdout,
          "says so", again)
    check_eq(txn_count(f.db), before + 3, "no new transaction")
    check_eq(count_import_status(f)[:2], ("adjusted", 3),
             "import status: adjusted, by the three approval transactions")
    table = f.ok("import", "status").stdout
    check(any(line.split()[4:6] == ["adjusted", "5"] and line.endswith(
              "count CNT-Q1 at W1, cut-off 2026-03-31T18:00") for line in table.splitlines()),
          "the table names the count: state, rows and what it was", table)
    refused = f.run("count", "approve", "CNT-Q1", "--sku", "CD-9", "--reason", "x")
    check_eq(refused.returncode, 64, "an --sku the count found right is a usage error", refused)
    check("count CNT-Q1 found no discrepancy for SKU 'CD-9'" in refused.stderr, "says so",
          refused)


def check_books(f):
    print("the books afterwards: at the cut-off, today, and every SKU nets to zero")
    at_cutoff = balances(f, "--as-of", "2026-03-31", "--party", "L1")
    check_eq({k: v for k, v in at_cutoff.items() if k.endswith("@W1") or "@W1/" in k},
             {"L1:inventory:SKU:CD-1@W1": "669", "L1:allocated:SKU:CD-1@W1/S1": "5",
              "L1:inventory:SKU:LP-1@W1": "51", "L1:damaged:SKU:LP-1@W1": "2"},
             "L1 at W1 on the cut-off day is what was counted (CD-2 now 0)")
    today = balances(f, "--party", "L1")
    # DLV-2 took the 5 set aside for S1's order first, then 95 on hand.
    check_eq((today["L1:inventory:SKU:CD-1@W1"], today.get("L1:allocated:SKU:CD-1@W1/S1"),
              today["L1:inventory:SKU:CD-2@W1"], today["L1:consigned:SKU:CD-1@S1"]),
             ("574", None, "-30", "400"), "today: the April shipments on top of the count")
    check_eq(today["L1:external:SKU:CD-1"], "-994", "CD-1: 1000 received, 6 written off")
    check_eq(today.get("L1:external:SKU:CD-2"), None, "CD-2: 40 received, 40 written off")
    check_eq(today["L1:external:SKU:LP-1"], "-53", "LP-1: 50 received, 3 found")
    tb = f.json("trial-balance", "--json")
    check(tb["balanced"], "the trial balance is balanced")
    check_eq({c["commodity"]: c["net"] for c in tb["commodities"]},
             {"SKU:CD-1": "0", "SKU:CD-2": "0", "SKU:CD-9": "0", "SKU:LP-1": "0"},
             "every SKU nets to zero")
    f.ok("verify")
    text = f.ok("count", "show", "CNT-Q1")
    check("5 line(s), 2 owner x SKU agree with the books, 3 differ (3 approved)" in text.stdout,
          "the heading counts the approvals", text)
    shown = f.json("count", "show", "CNT-Q1", "--json")
    rows = {(r["owner"], r["sku"]): r for r in shown["rows"]}
    check_eq((rows[("L1", "CD-1")]["expected"], rows[("L1", "CD-1")]["adjusted"],
              rows[("L1", "CD-1")]["outstanding"]), ("680", "-6", "0"),
             "show still reads the figures as counted, with the adjustment")
    check(rows[("L1", "CD-2")]["status"].startswith("approved #"), "CD-2 approved")


def check_void(f):
    print("import void of the count: its adjustments reversed, show reads the books again")
    import_id = query(f.db, "SELECT import_id FROM stock_count WHERE id = 'CNT-Q1'")
    proc = f.ok("import", "void", import_id, "--reason", "count done on the wrong day")
    check(f"import {import_id}: 3 transactions reversed" in proc.stdout, "three reversed", proc)
    check_eq(count_import_status(f)[:2], ("voided", 3), "import status: the count voided")
    shown = f.json("count", "show", "CNT-Q1", "--json")
    rows = {(r["owner"], r["sku"]): r for r in shown["rows"]}
    cd1 = rows[("L1", "CD-1")]
    check_eq((cd1["expected"], cd1["counted"], cd1["adjusted"], cd1["outstanding"]),
             ("680", "674", "0", "-6"), "CD-1 differs again by 6 at the cut-off")
    seq = query(f.db, "SELECT txn_seq FROM stock_count_approval WHERE sku = 'CD-1'")
    void_seq = query(f.db, "SELECT seq FROM txn WHERE voids_seq = ?", seq)
    check_eq(cd1["status"], f"approved #{seq}, voided by #{void_seq}", "the status says so")
    at_cutoff = balances(f, "--as-of", "2026-03-31", "--party", "L1")
    check_eq(at_cutoff["L1:inventory:SKU:CD-2@W1"], "40", "CD-2 back to 40 at the cut-off")


def refused(f, work, name, text, code, message):
    before = (txn_count(f.db), query(f.db, "SELECT count(*) FROM import"),
              query(f.db, "SELECT count(*) FROM stock_count"))
    proc = f.run("count", "import", write(os.path.join(work, name), text))
    check_eq(proc.returncode, code, f"{name} is refused with exit {code}", proc)
    check(message in proc.stderr, f"{name}: {message}", proc)
    check("NOT recorded, nothing written" in proc.stderr, f"{name}: nothing written", proc)
    after = (txn_count(f.db), query(f.db, "SELECT count(*) FROM import"),
             query(f.db, "SELECT count(*) FROM stock_count"))
    check_eq(after, before, f"{name}: no transaction, import or count recorded")


def check_refusals(f, work):
    print("refusals, each naming file, line and field")
    head = "count,location,cutoff,sku,owner,units,bin\n"
    refused(f, work, "sku.csv", head + "C2,W1,2026-03-31,CD-1,L1,1,\nC2,W1,2026-03-31,CD-404,L1,1,\n",
            65, "sku.csv:3: field 'sku' = 'CD-404': no physical product with SKU 'CD-404' in the "
            "catalog [field_invalid]")
    refused(f, work, "cutoff.csv", head + "C3,W1,2026-03-32,CD-1,L1,1,\n", 65,
            "cutoff.csv:2: field 'cutoff' = '2026-03-32': a cut-off is YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM (a real day, 24-hour time) [date_invalid]")
    refused(f, work, "owner.csv", head + "C4,W1,2026-03-31,LP-1,,1,\nC4,W1,2026-03-31,CD-1,,5,\n",
            65, "owner.csv:3: field 'owner': no owner given and CD-1 is held for D1 and L1 at W1 "
            "at the 2026-03-31 cut-off: say whose units these are [field_missing]")
    refused(f, work, "again.csv", head + "CNT-Q1,W1,2026-03-31,CD-1,L1,1,\n", 67,
            "again.csv:2: field 'count' = 'CNT-Q1': count 'CNT-Q1' is on file from another file")
    missing = f.run("count", "show", "NOPE")
    check_eq(missing.returncode, 64, "show of an unknown count is a usage error", missing)
    check("no count 'NOPE' on file" in missing.stderr, "says so", missing)


def main():
    work = tempfile.mkdtemp(prefix="fermata-count-")
    f = Fermata(sys.argv[1], db=os.path.join(work, "books.db"))
    set_up(f, work)
    count_path = check_import(f, work)
    check_show(f)
    check_refusals(f, work)
    check_approve(f, count_path)
    check_books(f)
    check_void(f)
    remove_unless_failed(work)


if __name__ == "__main__":
    main_wrapper(main)
