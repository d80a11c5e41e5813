#!/usr/bin/env python3
# Goal: fee rules by product format end to end (issue 4, docs/ROYALTIES.md): a physical
# sell-through report naming a CD and an LP of one release by UPC takes the CD rule
# (25 %) and the LP rule (30 %); a line naming the release only (its ICPN) names no
# product and takes the rule without formats (15 %); a voided import's reversal and an
# entry rematched out of suspense keep the format of the product they sold.
# Method: the sales test's catalog (sales_test.py) plus products.csv (a CD and an LP of
# R1), an agreement written here, `run --json`, and the earning table's format column.
import datetime
import os
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import check_eq, main_wrapper, query, remove_unless_failed  # noqa: E402
from royalty_test import lines_by_kind  # noqa: E402
from sales_test import ICPN, Scenario, ean13  # noqa: E402

CD_UPC, LP_UPC, LP2_UPC = ean13("590123412345"), ean13("590123412346"), ean13("590123412347")
PRODUCTS = ("sku,kind,format,release_id,catalog_number,upc\n"
            f"R1-CD,physical,CD,R1,HC-001,{CD_UPC}\n"
            f"R1-LP,physical,LP,R1,HC-001LP,{LP_UPC}\n")

AGREEMENT = """fermata_agreement = 1
id = "AGR-FMT"
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
formats = ["CD"]
[[fee]]
clause = "5.4"
rate = "30%"
base = "ppd"
formats = ["LP"]
[[fee]]
clause = "5.2"
rate = "15%"
[payment]
clause = "7"
period = "quarterly"
days_after_period = 90
currency = "USD"
"""

HEADER = "store,payer,upc,territory,units_sold,units_returned,ppd,currency,period\n"


def quarter_end(day):
    month = (day.month - 1) // 3 * 3 + 3
    last = {3: 31, 6: 30, 9: 30, 12: 31}[month]
    return f"{day.year}-{month:02d}-{last}", f"{day.year}-Q{month // 3}"


def formats(s):
    return query(s.db, "SELECT group_concat(format, '|') FROM "
                 "(SELECT format FROM earning ORDER BY id)")


def run():
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-fee-format-")
    s = Scenario(binary, root, "fee-format")
    s.load_catalog()
    s.f.ok("import", "--quiet", s.write("products.csv", PRODUCTS))
    s.f.ok("agreement", "add", s.write("agreement.toml", AGREEMENT))
    # January: 100 CDs sold and 10 returned at 9.00 (810.00), 50 LPs at 14.99 (749.50),
    # 3 units under the release's ICPN at 5.00 (15.00), and 20 of an LP pressing the
    # catalog does not know yet at 12.00 (240.00, to suspense).
    s.f.ok("import", "--quiet", s.write("jan.csv", HEADER +
                                        f"Shop,YT,{CD_UPC},US,100,10,9.00,USD,2026-01\n"
                                        f"Shop,YT,{LP_UPC},US,50,0,14.99,USD,2026-01\n"
                                        f"Shop,YT,{ICPN['R1']},US,3,0,5.00,USD,2026-01\n"
                                        f"Shop,YT,{LP2_UPC},US,20,0,12.00,USD,2026-01\n"))
    s.f.ok("import", "--quiet", s.write("feb.csv", HEADER +
                                        f"Shop,YT,{CD_UPC},US,10,0,9.00,USD,2026-02\n"))
    check_eq(formats(s), "|CD|LP|CD",
             "each earning carries the format of the product its UPC names ('' for the ICPN)")
    q1 = s.f.json("run", "--through", "2026-03-31", "--json")
    # 5.1: 25 % of the CDs' 810.00 + 90.00 = 225.00; 5.4: 30 % of 749.50 = 224.85;
    # 5.2: 15 % of 15.00 = 2.25.
    check_eq(lines_by_kind(q1), {("2026-Q1", "fee", "5.1"): Decimal("225.00"),
                                 ("2026-Q1", "fee", "5.4"): Decimal("224.85"),
                                 ("2026-Q1", "fee", "5.2"): Decimal("2.25")},
             "CDs at 25 %, LPs at 30 %, the rest at 15 %")

    feb = query(s.db, "SELECT id FROM import WHERE path LIKE '%feb.csv'")
    s.f.ok("import", "void", str(feb), "--reason", "test: sent twice")
    s.f.ok("import", "--quiet", s.write("products2.csv", PRODUCTS.splitlines()[0] + "\n" +
                                        f"R1-LP2,physical,LP,R1,HC-001LP2,{LP2_UPC}\n"))
    s.f.ok("rematch")
    check_eq(formats(s), "|CD|LP|CD|CD|LP",
             "the void's reversal keeps the CD format; the rematched pressing is an LP")
    end, name = quarter_end(datetime.datetime.now(datetime.timezone.utc).date())
    later = s.f.json("run", "--through", end, "--json")
    expected = {("2026-Q2", "fee", "5.1"): Decimal("-22.50")}
    expected[(name, "fee", "5.4")] = Decimal("72.00")
    check_eq(lines_by_kind(later), expected,
             "February's reversal gives back 25 % of 90.00; the rematched LPs pay 30 % of "
             "240.00 in the period of the rematch")
    s.verify()
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
