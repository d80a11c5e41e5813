#!/usr/bin/env python3
# Goal: `fermata run --through DATE` posts, for every distribution agreement,
# each accounting period that has ended: the distributor's fee on PPD, the
# VAT on it, a reserve against returns and its release in halves, exactly as
# worked by hand in docs/ROYALTIES.md; the run is idempotent; a report
# imported after its period was run lands in the next open period; the
# ledger still verifies and every fee, tax and reserve shows in the balances.
# Method: a fresh database with the sales test's catalog (sales_test.py),
# an agreement written here, physical sell-through reports for L1's release
# R1 (UPC), `run --json`, `balance --json` and the register tables.
import os
import re
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import check, check_eq, main_wrapper, query, remove_unless_failed  # noqa: E402
from sales_test import ICPN, Scenario  # noqa: E402

AGREEMENT = """fermata_agreement = 1
id = "AGR-L1-D1"
version = 1
effective_from = 2026-01-01
title = "Distribution, Harbor Classics"
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
base = "ppd"
channels = ["physical"]
[[fee]]
clause = "5.2"
rate = "15%"
[fee_tax]
clause = "5.3"
name = "VAT"
rate = "20%"
[reserve]
clause = "6.1"
rate = "20%"
basis = "after_fee"
release = ["50%", "50%"]
[payment]
clause = "7"
period = "quarterly"
days_after_period = 90
currency = "USD"
objection_days = 730
"""


def physical(s, name, period, sold, returned):
    return s.write(name, "store,payer,upc,territory,units_sold,units_returned,ppd,currency,period\n"
                   f"Shop,YT,{ICPN['R1']},US,{sold},{returned},9.00,USD,{period}\n")


def lines_by_kind(run):
    out = {}
    for period in run["periods"]:
        for line in period["lines"]:
            out[(period["period"], line["kind"], line["clause"])] = Decimal(line["amount"])
    return out


Q1_CSV = """section,item,currency,amount,detail
statement,agreement,,,AGR-L1-D1
statement,period,,,2026-Q1 2026-01-01..2026-03-31
statement,licensor,,,L1
statement,accounting_party,,,D1
statement,number,,,ST-000001
statement,date,,,2026-06-29
statement,objection_deadline,,,2028-06-28
summary,opening,USD,0.00,previous statement's closing
summary,earnings,USD,900.00,
summary,prior_period_adjustments,USD,0.00,
summary,fees,USD,-225.00,
summary,tax_on_fees,USD,-45.00,self-billed
summary,reserves_held,USD,-135.00,
summary,reserves_released,USD,0.00,
summary,withheld,USD,0.00,tax withheld from payments
summary,paid,USD,0.00,
summary,closing,USD,495.00,opening + earnings + adjustments - fees - tax - reserves held + released - withheld - paid
earnings_history,2026-Q1,USD,900.00,
earnings_by_channel,physical,USD,900.00,
earnings_by_release,R1,USD,900.00,
earnings_by_store,Shop,USD,900.00,
earnings_by_territory,US,USD,900.00,
fee,v1 §5.1,USD,-225.00,25% of 900.00 (ppd); txn N
fee_tax,v1 §5.3,USD,-45.00,20% of 225.00 (VAT); txn N
reserve,v1 §6.1,USD,-135.00,20% of 675.00 (after_fee); txn N
"""


def summary_of(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.split(",") for line in f.read().splitlines()]
    return {r[1]: Decimal(r[3]) for r in rows if r[0] == "summary"}


def xlsx_matches_csv(csv_path):
    """openpyxl (Debian python3-openpyxl) reads the XLSX: every row equals the CSV's, the
    exact text column equals the CSV amount, the number is that amount at 2 decimals."""
    import openpyxl
    sheet = openpyxl.load_workbook(csv_path[:-4] + ".xlsx").active
    with open(csv_path, encoding="utf-8") as f:
        csv_rows = [line.split(",", 4) for line in f.read().splitlines()[1:]]
    xlsx_rows = [[c if c is not None else "" for c in row]
                 for row in sheet.iter_rows(min_row=2, values_only=True)]
    check_eq(len(xlsx_rows), len(csv_rows), "the XLSX has the CSV's rows")
    same = all(x[0] == c[0] and x[1] == c[1] and x[2] == c[2] and x[4] == c[3] and
               (c[3] == "" or Decimal(str(x[3])) == Decimal(c[3]).quantize(Decimal("0.01")))
               for x, c in zip(xlsx_rows, csv_rows))
    check(same, "each XLSX row: the CSV's section, item, currency, exact amount as text, and "
          "the number at the currency's minor unit")


def statements(s):
    """Statements per period: Q1 byte for byte; each opening is the previous closing."""
    out = s.path("statements")
    proc = s.f.ok("statements", "--period", "2026-Q1", "--out", out)
    q1 = os.path.join(out, "L1_AGR-L1-D1_2026-Q1.csv")
    check_eq(proc.stdout.splitlines()[0], f"{q1}  issued ST-000001",
             "the statement's path and its number are printed", proc)
    with open(q1, encoding="utf-8") as f:
        first = f.read()
    check_eq(re.sub(r"txn \d+", "txn N", first), Q1_CSV, "the Q1 statement, byte for byte")
    with open(q1[:-4] + ".xlsx", "rb") as f:
        first_xlsx = f.read()
    s.f.ok("statements", "--period", "2026-Q1", "--party", "L1", "--out", out)
    with open(q1, encoding="utf-8") as f:
        check_eq(f.read(), first, "the same data gives the same bytes")
    with open(q1[:-4] + ".xlsx", "rb") as f:
        check(f.read() == first_xlsx, "the XLSX too (its creation time is the period's end)")
    xlsx_matches_csv(q1)
    s.f.ok("statements", "--period", "2026-Q2", "--out", out)
    s.f.ok("statements", "--period", "2026-Q3", "--out", out)
    q2 = summary_of(os.path.join(out, "L1_AGR-L1-D1_2026-Q2.csv"))
    q3 = summary_of(os.path.join(out, "L1_AGR-L1-D1_2026-Q3.csv"))
    check_eq((q2["opening"], q2["earnings"], q2["fees"], q2["tax_on_fees"],
              q2["reserves_released"], q2["closing"]),
             (Decimal("495.00"), Decimal("-180.00"), Decimal("45.00"), Decimal("9.00"),
              Decimal("67.50"), Decimal("436.50")),
             "Q2 opens at Q1's closing; returns give fee and tax back; half the reserve returns")
    check_eq((q3["opening"], q3["closing"]), (Decimal("436.50"), Decimal("603.00")),
             "Q3 opens at Q2's closing: 436.50 + 180 - 45 - 9 - 27 + 67.50 = 603.00")
    with open(os.path.join(out, "L1_AGR-L1-D1_2026-Q3.csv"), encoding="utf-8") as f:
        history = [line.split(",")[1:4] for line in f.read().splitlines()
                   if line.startswith("earnings_history,")]
    check_eq(history, [["2026-Q1", "USD", "900.00"], ["2026-Q2", "USD", "-180.00"],
                       ["2026-Q3", "USD", "180.00"]],
             "the chart's rows: each run period's earnings as its own statement shows them")
    b = s.balances()
    due = sum(b.get(a, Decimal(0)) for a in ("L1:trust:USD", "L1:receivable:USD/YT",
                                             "L1:payable:USD/D1"))
    check_eq(due, q3["closing"], "the last statement's closing equals the ledger: what L1 holds "
             "in trust, plus what the store owes it, less what it owes its distributor")
    return out, first


def reprint(s, out, first):
    """An issued statement is reprinted exactly as issued, even after the books change."""
    jan = query(s.db, "SELECT id FROM import WHERE path LIKE '%jan.csv'")
    s.f.ok("import", "void", str(jan), "--reason", "test: the January report was wrong")
    proc = s.f.ok("statements", "--period", "2026-Q1", "--out", out)
    check("reprinted ST-000001 as issued" in proc.stdout, "the second call reprints", proc)
    with open(os.path.join(out, "L1_AGR-L1-D1_2026-Q1.csv"), encoding="utf-8") as f:
        check_eq(f.read(), first, "the reprint is the issued text, byte for byte")
    check_eq(query(s.db, "SELECT count(*) FROM statement"), 3, "each statement issued once")
    missing = s.f.run("statements", "--period", "2027-Q1", "--out", out)
    check_eq((missing.returncode, missing.stderr.strip()),
             (65, "fermata: field '--period' = '2027-Q1': no statement for period 2027-Q1: run "
                  "`fermata run --through` the period's last day first [field_invalid]"),
             "a period not run has no statement", missing)


def void_after_run(s, out):
    """The January import, voided after Q1 was run and issued, comes back in the next open
    period (Q4) as a prior-period adjustment: its earnings reversed, and the fee and VAT on
    them given back under the terms Q1 applied; Q4's closing still equals the ledger."""
    q4 = s.f.json("run", "--through", "2026-12-31", "--json")["periods"]
    check_eq([(p["period"], p["currencies"]["USD"]["earnings"], p["currencies"]["USD"]["late"])
              for p in q4], [("2026-Q4", "-900", 1)],
             "Q4 takes the reversal of January's 900.00 as a late item")
    check_eq(lines_by_kind({"periods": q4}),
             {("2026-Q4", "fee", "5.1"): Decimal("-225.00"),
              ("2026-Q4", "fee_tax", "5.3"): Decimal("-45.00"),
              ("2026-Q4", "reserve_release", "6.1"): Decimal("13.50")},
             "the fee and VAT on the voided sales are given back (no reserve on a reversal); "
             "half of Q3's reserve is released")
    s.f.ok("statements", "--period", "2026-Q4", "--out", out)
    path = os.path.join(out, "L1_AGR-L1-D1_2026-Q4.csv")
    q4s = summary_of(path)
    check_eq((q4s["opening"], q4s["earnings"], q4s["prior_period_adjustments"], q4s["fees"],
              q4s["tax_on_fees"], q4s["reserves_released"], q4s["closing"]),
             (Decimal("603.00"), Decimal("0.00"), Decimal("-900.00"), Decimal("225.00"),
              Decimal("45.00"), Decimal("13.50"), Decimal("-13.50")),
             "Q4 opens at Q3's issued closing: 603.00 - 900.00 + 225.00 + 45.00 + 13.50 = -13.50")
    with open(path, encoding="utf-8") as f:
        rows = [line for line in f.read().splitlines() if line.startswith("prior_period_adj")]
    jan = query(s.db, "SELECT id FROM import WHERE path LIKE '%jan.csv'")
    check_eq(rows, [f"prior_period_adjustment,import {jan} voided,USD,-900.00,earnings of sales "
                    "2026-01-01..2026-01-31 reversed; taken in 2026-Q1"],
             "the adjustment names the voided import and the sales it reverses")
    b = s.balances()
    due = sum(b.get(a, Decimal(0)) for a in ("L1:trust:USD", "L1:receivable:USD/YT",
                                             "L1:payable:USD/D1"))
    check_eq(due, q4s["closing"], "Q4's closing equals the ledger after the void")
    check_eq(query(s.db, "SELECT count(*) FROM earning WHERE reverses != 0"), 1,
             "the void recorded one reversing earning")


def void_before_run(binary, root):
    """An import voided before its period is run never reaches the period: its earnings and
    their reversal cancel, and no reserve is held on the voided sales."""
    s = Scenario(binary, root, "void-before")
    s.load_catalog()
    s.f.ok("agreement", "add", s.write("agreement.toml", AGREEMENT))
    s.f.ok("import", "--quiet", physical(s, "jan.csv", "2026-01", 100, 0))   # 900.00
    s.f.ok("import", "--quiet", physical(s, "feb.csv", "2026-02", 50, 0))    # 450.00
    feb = query(s.db, "SELECT id FROM import WHERE path LIKE '%feb.csv'")
    s.f.ok("import", "void", str(feb), "--reason", "test: duplicate delivery")
    run = s.f.json("run", "--through", "2026-03-31", "--json")
    [q1] = run["periods"]
    check_eq((q1["currencies"]["USD"]["earnings"], q1["currencies"]["USD"]["earning_rows"]),
             ("900", 1), "only January's earning is taken; February's and its reversal cancel")
    check_eq(lines_by_kind(run), {("2026-Q1", "fee", "5.1"): Decimal("225.00"),
                                  ("2026-Q1", "fee_tax", "5.3"): Decimal("45.00"),
                                  ("2026-Q1", "reserve", "6.1"): Decimal("135.00")},
             "fee, VAT and reserve on January's 900.00 alone")


def run():
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-royalty-")
    s = Scenario(binary, root, "royalty")
    s.load_catalog()
    agreement = s.write("agreement.toml", AGREEMENT)
    s.f.ok("agreement", "add", agreement)
    s.f.ok("import", "--quiet", physical(s, "jan.csv", "2026-01", 100, 0))   # 900.00
    s.f.ok("import", "--quiet", physical(s, "may.csv", "2026-05", 10, 30))   # -180.00

    first = s.f.json("run", "--through", "2026-06-30", "--json")
    lines = lines_by_kind(first)
    # Q1: fee 25 % of 900.00 = 225.00; VAT 20 % = 45.00; reserve 20 % of (900 - 225) = 135.00.
    # Q2: fee 25 % of -180.00 = -45.00 (returns give the fee back), VAT -9.00, no reserve on
    # returns, half of Q1's reserve released: 67.50.
    check_eq(lines, {("2026-Q1", "fee", "5.1"): Decimal("225.00"),
                     ("2026-Q1", "fee_tax", "5.3"): Decimal("45.00"),
                     ("2026-Q1", "reserve", "6.1"): Decimal("135.00"),
                     ("2026-Q2", "fee", "5.1"): Decimal("-45.00"),
                     ("2026-Q2", "fee_tax", "5.3"): Decimal("-9.00"),
                     ("2026-Q2", "reserve_release", "6.1"): Decimal("67.50")},
             "every amount of the two quarters, as worked by hand")
    check_eq(first["transactions"], 6, "one transaction per amount")
    b = s.balances()
    check_eq(b.get("L1:reserve:USD/D1"), Decimal("67.50"), "half the reserve is still held")
    check_eq(b.get("D1:fee_income:USD/L1"), Decimal("-180.00"), "the distributor earned 180.00")
    check_eq(b.get("L1:payable:USD/D1"), Decimal("-216.00"),
             "the label owes the distributor fee and VAT: 180.00 + 36.00")
    check_eq(b.get("D1:payable:USD/VAT"), Decimal("-36.00"), "the VAT is owed to the authority")
    check_eq(b.get("L1:trust:USD"), Decimal("-67.50"),
             "the reserve still held comes out of the label's trust balance")

    again = s.f.json("run", "--through", "2026-06-30", "--json")
    check_eq((again["periods"], again["transactions"], again["already_run"]), ([], 0, 2),
             "running again over the same input posts nothing and says the periods are run")

    # A March report imported after Q1 was run: it lands in Q3 as a prior-period item.
    s.f.ok("import", "--quiet", physical(s, "mar.csv", "2026-03", 20, 0))   # 180.00
    late = s.f.json("run", "--through", "2026-09-30", "--json")
    q3 = late["periods"][0]
    check_eq((q3["period"], q3["currencies"]["USD"]["late"], q3["currencies"]["USD"]["earnings"]),
             ("2026-Q3", 1, "180"), "the late report is accounted for in the next open period")
    check_eq(lines_by_kind(late), {("2026-Q3", "fee", "5.1"): Decimal("45.00"),
                                   ("2026-Q3", "fee_tax", "5.3"): Decimal("9.00"),
                                   ("2026-Q3", "reserve", "6.1"): Decimal("27.00"),
                                   ("2026-Q3", "reserve_release", "6.1"): Decimal("67.50")},
             "Q3: the late report's fee, VAT and reserve, and the second half of Q1's reserve")
    check_eq(query(s.db, "SELECT count(*) FROM royalty_period"), 3, "three periods recorded")
    check_eq(query(s.db, "SELECT count(*) FROM royalty_line"), 10, "one register line per amount")
    memo = query(s.db, "SELECT memo FROM txn WHERE idempotency_key = "
                 "'royalty:AGR-L1-D1:2026-Q1:fee:5.1:v1:USD'")
    check_eq(memo, "AGR-L1-D1 v1 §5.1 2026-Q1: fee 25% of ppd 900.00 USD",
             "each posting names agreement, version and clause")
    out, first = statements(s)
    dry = s.f.run("run", "--through", "2026-12-31", "--dry-run")
    check(dry.stdout.endswith("dry run, nothing written: 1 periods posted (1 transactions), "
                              "0 with nothing to post, 3 already run\n"), "a dry run says so", dry)
    check_eq(query(s.db, "SELECT count(*) FROM royalty_period"), 3, "and writes nothing")
    bad = s.f.run("run", "--through", "2026-13-01")
    check_eq(bad.returncode, 65, "a bad date is refused", bad)
    reprint(s, out, first)
    void_after_run(s, out)
    s.verify()
    void_before_run(binary, root)
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
