#!/usr/bin/env python3
# Goal: `fermata prices`, `fermata insurance` and `fermata inventory` as a label's
# distributor uses them: price and insurance files recorded once (idempotent, all or
# nothing, a changed price refused), then what the label owns where, in which status, at
# PPD, cost and SRP on a day, with the insurance gap where stock is insured at cost.
# Method: a catalog of one CD and one LP, prices (CD: PPD 9.00, cost 2.10, SRP 14.00; the
# LP has a PPD only), a stock file (a receipt of 1,000 CDs and 50 LPs at W1, a firm sale
# of 300 to S1, 200 on consignment to S2, 100 in transit to W2) and a later arrival; W1
# insured at cost with a sum insured of 1,000, W2 at PPD. Every figure below is worked
# out by hand from those numbers; the table is read line by line.
import os
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import Fermata, check, check_eq, main_wrapper, remove_unless_failed, write  # noqa: E402

CATALOG = {
    "parties.csv": "id,name,kind\n"
                   "L1,Lark Records,label\n"
                   "D1,Meridian Distribution,distributor\n"
                   "W1,Meridian Warehouse,warehouse\n"
                   "W2,Northern Warehouse,warehouse\n"
                   "S1,Harbour Records,store\n"
                   "S2,Klangraum,store\n",
    "releases.csv": "id,title,icpn\nR1,First Album,0029000000018\nR2,Second Album,0036000291452\n",
    "products.csv": "sku,kind,format,release_id,catalog_number,upc\n"
                    "CD-R1,physical,CD,R1,LK-001,0029000000018\n"
                    "LP-R2,physical,LP,R2,LK-002,0036000291452\n",
    "relations.csv": "kind,release_id,party_id,valid_from,valid_to\n"
                     "owner,R1,L1,2020-01-01,\ndistributor,R1,D1,2020-01-01,\n"
                     "owner,R2,L1,2020-01-01,\ndistributor,R2,D1,2020-01-01,\n",
}

PRICES = """sku,kind,currency,from,amount
CD-R1,ppd,USD,2026-01-01,9.00
CD-R1,cost,USD,2026-01-01,2.10
CD-R1,srp,USD,2026-01-01,14.00
LP-R2,ppd,USD,2026-01-01,20.00
"""

INSURANCE = """location,basis,currency,from,sum_insured
W1,cost,USD,2026-01-01,1000.00
W2,ppd,USD,2026-01-01,
"""

STOCK_HEADER = "movement,date,document,sku,units,owner,from,to,store,terms,condition,price,currency,reason\n"
STOCK = STOCK_HEADER + """receipt,2026-01-05,DN-001,CD-R1,1000,L1,,W1,,,,,,
receipt,2026-01-05,DN-002,LP-R2,50,L1,,W1,,,,,,
ship,2026-02-10,INV-001,CD-R1,300,L1,W1,,S1,sale,,,,
ship,2026-02-11,DLV-002,CD-R1,200,L1,W1,,S2,consignment,,,,
transfer,2026-02-20,,CD-R1,100,L1,W1,W2,,,,,,
"""
ARRIVAL = STOCK_HEADER + "arrive,2026-03-05,,CD-R1,100,L1,,W2,,,,,,\n"

PPD, COST, SRP, LP_PPD = Decimal("9.00"), Decimal("2.10"), Decimal("14.00"), Decimal("20.00")


def D(text):
    return None if text is None else Decimal(text)


def values(units, has_cost=True, has_srp=True):
    """(PPD, cost, SRP) of `units` CDs, or of LPs (PPD only) when has_cost is False."""
    if not has_cost:
        return (units * LP_PPD, None, None)
    return (units * PPD, units * COST, units * SRP)


def row_key(r):
    return (r["owner"], r["sku"], r["location"], r["status"], Decimal(r["units"]),
            D(r["value"]["ppd"]), D(r["value"]["cost"]), D(r["value"]["srp"]))


def setup(f, d):
    f.ok("init")
    f.ok("import", *[write(os.path.join(d, name), text) for name, text in CATALOG.items()])
    prices = write(os.path.join(d, "prices.csv"), PRICES)
    check_eq(f.ok("prices", "import", prices).stdout, f"added 4 prices from {prices}\n",
             "four prices recorded")
    check_eq(f.ok("prices", "import", prices).stdout,
             f"unchanged: every price in {prices} is already on file (4 prices)\n",
             "importing the same price file again changes nothing and says so")
    bad = write(os.path.join(d, "bad.csv"), "sku,kind,currency,from,amount\n"
                "CD-R1,ppd,USD,2026-06-01,9.50\nCD-R1,cost,USD,2026-01-01,2.20\n")
    proc = f.run("prices", "import", bad)
    check_eq((proc.returncode, proc.stderr),
             (67, f"fermata: {bad}:3: field 'amount' = '2.20': the cost of CD-R1 in USD from "
                  "2026-01-01 is on file at 2.1; a price on file is never changed (add one from "
                  f"a later day) [exists_with_different_content]\n{bad}: NOT imported, nothing "
                  "written (1 error)\n"),
             "a changed price is refused naming file, line and field", proc)
    listed = f.json("prices", "list", "--sku", "CD-R1", "--json")
    check_eq([(p["kind"], p["from"], Decimal(p["amount"])) for p in listed],
             [("cost", "2026-01-01", COST), ("ppd", "2026-01-01", PPD),
              ("srp", "2026-01-01", SRP)],
             "all or nothing: the bad file's 2026-06-01 PPD was not recorded")
    insurance = write(os.path.join(d, "insurance.csv"), INSURANCE)
    check_eq(f.ok("insurance", "import", insurance).stdout,
             f"added 2 insured bases from {insurance}\n", "two insured bases recorded")
    check_eq(f.ok("insurance", "import", insurance).stdout,
             f"unchanged: every insured basis in {insurance} is already on file (2 insured "
             "bases)\n", "and once only")
    check_eq([(r["location"], r["basis"], r["sum_insured"])
              for r in f.json("insurance", "list", "--json")],
             [("W1", "cost", "1000"), ("W2", "ppd", None)], "insurance list")
    f.ok("import", write(os.path.join(d, "stock1.csv"), STOCK))
    f.ok("import", write(os.path.join(d, "stock2.csv"), ARRIVAL))


def before_and_after(f):
    empty = f.json("inventory", "--party", "L1", "--as-of", "2026-01-04", "--json")
    check_eq((empty["rows"], empty["totals"]["by_owner"], empty["insurance"]),
             ([], [], []), "before the receipt L1 has no stock anywhere")
    check_eq(f.ok("inventory", "--party", "L1", "--as-of", "2026-01-04").stdout,
             "Stock of L1 as of 2026-01-04: units x the price in force that day ('-': no price "
             "on file)\nno units\n", "and the table says so")
    jan = f.json("inventory", "--party", "L1", "--as-of", "2026-01-31", "--json")
    check_eq([row_key(r) for r in jan["rows"]],
             [("L1", "CD-R1", "W1", "on_hand", 1000, *values(1000)),
              ("L1", "LP-R2", "W1", "on_hand", 50, *values(50, has_cost=False))],
             "after the receipt: 1,000 CDs (9,000 / 2,100 / 14,000) and 50 LPs at W1")
    w1 = jan["insurance"][0]
    # Sale value at PPD 9,000 (the LPs have no cost: not compared); at cost 2,100, capped
    # by the sum insured of 1,000: 8,000 uninsured.
    check_eq((Decimal(w1["sale_value"]), Decimal(w1["basis_value"]), Decimal(w1["insured_value"]),
              w1["limited_by"], Decimal(w1["gap"]), Decimal(w1["units_not_valued"])),
             (1000 * PPD, 1000 * COST, Decimal(1000), "sum_insured", 1000 * PPD - 1000,
              Decimal(50)), "W1 in January: insured for the sum insured, far below sale value")


def february(f):
    feb = f.json("inventory", "--party", "L1", "--as-of", "2026-02-28", "--json")
    check_eq([row_key(r) for r in feb["rows"]],
             [("L1", "CD-R1", "S2", "consigned", 200, *values(200)),
              ("L1", "CD-R1", "W1", "on_hand", 1000 - 300 - 200 - 100, *values(400)),
              ("L1", "CD-R1", "W2", "in_transit", 100, *values(100)),
              ("L1", "LP-R2", "W1", "on_hand", 50, *values(50, has_cost=False))],
             "L1 owns 400 at W1, 200 consigned at S2, 100 in transit; the 300 sold firm are S1's")
    total = feb["totals"]["by_owner"]
    check_eq([(t["owner"], t["currency"], Decimal(t["units"]), Decimal(t["ppd"]),
               Decimal(t["cost"]), Decimal(t["srp"]), Decimal(t["units_without"]["cost"]))
              for t in total],
             [("L1", "USD", Decimal(750), 700 * PPD + 50 * LP_PPD, 700 * COST, 700 * SRP,
               Decimal(50))],
             "L1's total: 750 units, 7,300 at PPD; cost and SRP leave out the 50 unpriced LPs")
    check_eq([(m["sku"], m["kind"], Decimal(m["units"])) for m in feb["missing_prices"]],
             [("LP-R2", "cost", Decimal(50)), ("LP-R2", "srp", Decimal(50))],
             "the LP's missing cost and SRP are listed, not taken as zero")
    check_eq([(c["location"], Decimal(c["units"]), Decimal(c["sale_value"]),
               Decimal(c["insured_value"]), c["limited_by"], Decimal(c["gap"]))
              for c in feb["insurance"]],
             [("W1", Decimal(450), 400 * PPD, 400 * COST, "basis", 400 * PPD - 400 * COST)],
             "W1: 3,600 at PPD insured at cost for 840: a gap of 2,760; W2 holds nothing yet")
    check_eq(feb["uninsured_locations"], ["S2"], "the consigned CDs at S2 have no insured basis")
    everyone = f.json("inventory", "--as-of", "2026-02-28", "--json")
    check_eq([row_key(r) for r in everyone["rows"] if r["owner"] == "S1"],
             [("S1", "CD-R1", "S1", "on_hand", 300, *values(300))],
             "without --party the firm sale shows as S1's own stock (title passed)")


def february_table(f):
    out = f.ok("inventory", "--party", "L1", "--as-of", "2026-02-28").stdout
    lines = [" ".join(line.split()) for line in out.splitlines() if not line.startswith("---")]
    check_eq(lines, [
        "Stock of L1 as of 2026-02-28: units x the price in force that day ('-': no price on "
        "file)",
        "owner sku location status units currency PPD cost SRP",
        "L1 CD-R1 S2 consigned 200 USD 1800.00 420.00 2800.00",
        "L1 CD-R1 W1 on_hand 400 USD 3600.00 840.00 5600.00",
        "L1 CD-R1 W2 in_transit 100 USD 900.00 210.00 1400.00",
        "L1 LP-R2 W1 on_hand 50 USD 1000.00 - -",
        "",
        "Totals by owner (held; returned units apart)",
        "owner currency units PPD cost SRP",
        "L1 USD 750 7300.00 1470.00 (50 unpriced) 9800.00 (50 unpriced)",
        "",
        "Totals by location",
        "location currency units PPD cost SRP",
        "S2 USD 200 1800.00 420.00 2800.00",
        "W1 USD 450 4600.00 840.00 (50 unpriced) 5600.00 (50 unpriced)",
        "W2 USD 100 900.00 210.00 1400.00",
        "",
        "Insurance in force on 2026-02-28 (stock at the location, not in transit)",
        "location basis from sum insured units sale value (PPD) insured value gap",
        "W1 cost 2026-01-01 1000.00 450 3600.00 840.00 2760.00",
        "not compared at W1: 50 units without a PPD or cost price in USD",
        "insurance gap at W1: sale value 3600.00 USD at PPD, insured for 840.00 USD (at cost): "
        "2760.00 USD uninsured",
        "no insured basis on file for S2",
        "",
        "missing price: cost of LP-R2 in USD on 2026-02-28 (50 units)",
        "missing price: srp of LP-R2 in USD on 2026-02-28 (50 units)",
    ], "the table: rows, totals, the insurance gap line and the missing prices")


def march_and_location(f):
    mar = f.json("inventory", "--party", "L1", "--location", "W2", "--as-of", "2026-03-31",
                 "--json")
    check_eq([row_key(r) for r in mar["rows"]],
             [("L1", "CD-R1", "W2", "on_hand", 100, *values(100))],
             "--location W2 after the arrival: 100 on hand")
    check_eq([(c["location"], c["basis"], Decimal(c["sale_value"]), Decimal(c["insured_value"]),
               Decimal(c["gap"])) for c in mar["insurance"]],
             [("W2", "ppd", 100 * PPD, 100 * PPD, Decimal(0))],
             "W2 is insured at PPD without a sum: no gap")
    check("insurance gap" not in f.ok("inventory", "--party", "L1", "--location", "W2",
                                      "--as-of", "2026-03-31").stdout,
          "and the table shows no gap line for it")
    proc = f.run("inventory", "--party", "X9")
    check_eq((proc.returncode, proc.stderr),
             (66, "fermata: field 'party' = 'X9': no party 'X9' in the catalog [party_unknown]\n"),
             "an unknown party is an error, not an empty inventory", proc)
    proc = f.run("inventory", "--as-of", "2026-02-30")
    check_eq((proc.returncode, proc.stderr),
             (65, "fermata: field 'as-of' = '2026-02-30': as-of must be a real YYYY-MM-DD day "
                  "[date_invalid]\n"), "a day that does not exist is refused", proc)


def run():
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-inventory-")
    f = Fermata(binary, os.path.join(root, "books.db"), cwd=root)
    setup(f, root)
    before_and_after(f)
    february(f)
    february_table(f)
    march_and_location(f)
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
