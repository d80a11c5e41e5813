#!/usr/bin/env python3
# Goal: a label paid in USD whose sales are in EUR is converted and paid exactly as
# docs/ROYALTIES.md works it by hand: `fermata rates import` records a rates file once
# (idempotent, all or nothing, a different rate for a day on file refused); the run
# converts each period's EUR movement into USD at the period end's rate as its own
# transaction showing both sides; a missing rate stops the run naming the pair and the
# period, and nothing is written; recording the payment settles the conversion at the
# value date's rate and posts the exchange difference to the licensor (the agreement's
# `[exchange] borne_by`), or to the distributor when it bears them; the statements show the
# conversion and the difference, add up, and their closing is what the ledger holds.
# Method: the royalty test's agreement (USD payout), a January physical report of 100 CDs
# at PPD 9.37 EUR, the payment test's payee records, then the CLI as a user runs it.
import os
import sqlite3
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import check, check_eq, main_wrapper, query, remove_unless_failed  # noqa: E402
from payment_test import D1_PAYEE, L1_PAYEE  # noqa: E402
from royalty_test import AGREEMENT as PLAIN_AGREEMENT  # noqa: E402
from sales_test import ICPN, Scenario  # noqa: E402

# The royalty test's agreement with exchange terms: other currencies are converted.
AGREEMENT = PLAIN_AGREEMENT + '[exchange]\nborne_by = "licensor"\n'

RATES = """base,quote,from,to,rate,source
EUR,USD,2026-03-31,,1.0823,ECB reference rate
EUR,USD,2026-06-30,,1.0712,ECB reference rate
EUR,USD,2026-07-01,,1.0950,ECB reference rate
"""


def eur_sales(s):
    return s.write("jan-eur.csv",
                   "store,payer,upc,territory,units_sold,units_returned,ppd,currency,period\n"
                   f"Shop,YT,{ICPN['R1']},DE,100,0,9.37,EUR,2026-01\n")


def rates(s):
    """Rates are imported once, listed, and never changed."""
    path = s.write("rates.csv", RATES)
    check_eq(s.f.ok("rates", "import", path).stdout, f"added 3 rates from {path}\n",
             "three daily rates recorded")
    check_eq(s.f.ok("rates", "import", path).stdout,
             f"unchanged: every rate in {path} is already on file (3 rates)\n",
             "importing the same file again changes nothing and says so")
    bad = s.write("bad.csv", "base,quote,from,to,rate,source\n"
                  "EUR,USD,2026-09-30,,1.1000,ECB reference rate\n"
                  "EUR,USD,2026-03-31,,1.0824,other source\n")
    proc = s.f.run("rates", "import", bad)
    check_eq((proc.returncode, proc.stderr.strip()),
             (67, f"fermata: {bad}:3: field 'from' = '2026-03-31': EUR/USD 2026-03-31 at 1.0824 "
                  "(other source) (line 3) overlaps the rate on file for 2026-03-31 at 1.0823 "
                  "(ECB reference rate); a pair has one rate a day [exists_with_different_content]"),
             "a different rate for a day on file is refused, naming file, line and both rates",
             proc)
    proc = s.f.run("rates", "import", s.write("float.csv", "base,quote,from,to,rate,source\n"
                                              "EUR,USD,2026-10-01,,1.1e0,x\n"))
    check_eq(proc.returncode, 65, "a rate that is not an exact decimal is refused", proc)
    listed = s.f.json("rates", "list", "--pair", "EUR/USD", "--json")
    check_eq([(r["from"], r["rate"]) for r in listed],
             [("2026-03-31", "1.0823"), ("2026-06-30", "1.0712"), ("2026-07-01", "1.095")],
             "all or nothing: the bad file's 2026-09-30 rate was not recorded")


def rows(db, sql, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def conversions(run):
    return {(p["period"], a["base_currency"]): (Decimal(a["base"]), Decimal(a["rate"]),
                                                Decimal(a["amount"]))
            for p in run["periods"] for a in p["lines"] if a["kind"] == "conversion"}


def run_q1_q2(s):
    """Q1: 937.00 EUR earned; fee, VAT, reserve in EUR; the rest converted at 1.0823."""
    run = s.f.json("run", "--through", "2026-06-30", "--json")
    check_eq(conversions(run),
             {("2026-Q1", "EUR"): (Decimal("515.35"), Decimal("1.0823"), Decimal("557.76")),
              ("2026-Q2", "EUR"): (Decimal("70.28"), Decimal("1.0712"), Decimal("75.28"))},
             "Q1: 937.00 - 234.25 fee - 46.85 VAT - 140.55 reserve = 515.35 EUR x 1.0823 = "
             "557.763305 -> 557.76 USD; Q2: the release 70.28 EUR x 1.0712 = 75.283936 -> 75.28")
    txn = query(s.db, "SELECT seq FROM txn WHERE idempotency_key = ?",
                "royalty:AGR-L1-D1:2026-Q1:convert:EUR:USD")
    postings = rows(s.db, "SELECT a.party_id, a.kind, a.commodity, a.counterparty, p.amount "
                     "FROM posting p JOIN account a ON a.id = p.account_id WHERE p.txn_seq = ? "
                     "ORDER BY p.posting_index", txn)
    check_eq([row[:4] for row in postings],
             [("L1", 4, "EUR", ""), ("L1", 15, "EUR", "D1"), ("L1", 15, "USD", "D1"),
              ("L1", 4, "USD", "")],
             "the conversion is its own transaction with both sides: L1:trust:EUR, "
             "L1:exchange:EUR/D1, L1:exchange:USD/D1, L1:trust:USD")
    b = s.balances()
    check_eq({a: b.get(a) for a in ("L1:trust:EUR", "L1:exchange:EUR/D1", "L1:exchange:USD/D1",
                                    "L1:trust:USD", "L1:payable:EUR/D1", "L1:reserve:EUR/D1")},
             {"L1:trust:EUR": Decimal("-655.90"), "L1:exchange:EUR/D1": Decimal("585.63"),
              "L1:exchange:USD/D1": Decimal("-633.04"), "L1:trust:USD": Decimal("633.04"),
              "L1:payable:EUR/D1": Decimal("-281.10"), "L1:reserve:EUR/D1": Decimal("70.27")},
             "trust EUR -140.55 reserve + 70.28 released - 515.35 - 70.28 converted; trust USD "
             "557.76 + 75.28 (the store's 937.00 EUR is still a receivable)")
    out = s.path("statements")
    s.f.ok("statements", "--period", "2026-Q1", "--out", out)
    s.f.ok("statements", "--period", "2026-Q2", "--out", out)
    with open(os.path.join(out, "L1_AGR-L1-D1_2026-Q1.csv"), encoding="utf-8") as f:
        q1 = f.read()
    for row in ("summary,converted,EUR,-515.35,into (+) or out of (-) this currency at the "
                "period end's rate",
                "summary,closing,EUR,0.00,", "summary,converted,USD,557.76,",
                "summary,closing,USD,557.76,",
                'conversion,v1 §7 EUR/USD,USD,557.76,"EUR 515.35 at 1.0823 (ECB reference rate, '
                '2026-03-31); txn '):
        check(row in q1, f"the Q1 statement has {row!r}", detail=q1)


def pay_q1(s):
    """The Q1 statement's 557.76 USD is paid; the payer converts at 1.0950 on 1 July."""
    [p] = [p for p in s.f.json("pay", "propose", "--on", "2026-06-30", "--json")["proposals"]
           if p["currency"] == "USD"]
    check_eq((p["due"], p["held"], p["gross"], p["withheld"], p["net"], p["status"]),
             ("557.76", "633.04", "557.76", "55.78", "501.98", "pay"),
             "Q1's USD closing is due; 10 % treaty withholding 55.776 -> 55.78")
    batch = s.path("batch.csv")
    s.f.ok("pay", "export", "--format", "csv", "--on", "2026-06-30", "--out", batch)
    with open(batch, encoding="utf-8") as f:
        header, line = f.read().splitlines()
    fields = line.split(",")
    fields[-2], fields[-1] = "2026-07-02", "REF-1"
    missing = s.write("confirmed-missing.csv", header + "\n" + ",".join(fields) + "\n")
    proc = s.f.run("pay", "record", missing)
    check_eq((proc.returncode, proc.stderr.strip()),
             (65, f"fermata: {missing}:2: field 'value_date' = '2026-07-02': no EUR/USD rate for "
                  "2026-07-02 (value date of payment PAY-000001/1): add one with `fermata rates "
                  "import` (1 EUR = rate USD) [rate_missing]"),
             "no rate on the value date: nothing is recorded", proc)
    fields[-2] = "2026-07-01"
    good = s.write("confirmed.csv", header + "\n" + ",".join(fields) + "\n")
    out = s.f.ok("pay", "record", good).stdout
    check("PAY-000001/1 exchange difference 6.55 USD borne by L1: EUR 515.35 at 1.0823 = "
          "557.76, at 1.095 on 2026-07-01 = 564.31" in out,
          "515.35 EUR x 1.0950 = 564.30825 -> 564.31; 564.31 - 557.76 = 6.55 gain", detail=out)
    b = s.balances()
    check_eq({a: b.get(a) for a in ("L1:trust:USD", "L1:exchange_gain_loss:USD/D1",
                                    "L1:cash:USD")},
             {"L1:trust:USD": Decimal("81.83"), "L1:exchange_gain_loss:USD/D1": Decimal("-6.55"),
              "L1:cash:USD": Decimal("501.98")},
             "the licensor bears the difference: 633.04 - 557.76 paid + 6.55 gain in trust")


def q3(s):
    """A missing period-end rate stops the run; with it, Q3 adds up to the ledger."""
    before = query(s.db, "SELECT count(*) FROM txn")
    proc = s.f.run("run", "--through", "2026-09-30")
    check_eq((proc.returncode, proc.stderr.strip()),
             (65, "fermata: field 'rate' = 'EUR/USD': no EUR/USD rate for 2026-09-30 (period "
                  "2026-Q3 of agreement AGR-L1-D1): add one with `fermata rates import` (1 EUR = "
                  "rate USD) [rate_missing]"), "the missing rate names the pair and the period",
             proc)
    check_eq(query(s.db, "SELECT count(*) FROM txn"), before, "and nothing is written")
    s.f.ok("rates", "import", s.write("q3.csv", "base,quote,from,to,rate,source\n"
                                      "EUR,USD,2026-07-02,2026-09-30,1.1000,Q3 contract rate\n"))
    run = s.f.json("run", "--through", "2026-09-30", "--json")
    check_eq(conversions(run),
             {("2026-Q3", "EUR"): (Decimal("70.27"), Decimal("1.1"), Decimal("77.30"))},
             "Q3: the second release 70.27 EUR x 1.1000 (a period rate) = 77.297 -> 77.30 USD")
    out = s.path("statements")
    s.f.ok("statements", "--period", "2026-Q3", "--out", out)
    path = os.path.join(out, "L1_AGR-L1-D1_2026-Q3.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = [line.split(",", 4) for line in text.splitlines()]
    usd = {r[1]: Decimal(r[3]) for r in lines if r[0] == "summary" and r[2] == "USD"}
    check_eq((usd["opening"], usd["converted"], usd["exchange_differences"], usd["withheld"],
              usd["paid"], usd["closing"]),
             (Decimal("633.04"), Decimal("77.30"), Decimal("6.55"), Decimal("-55.78"),
              Decimal("-501.98"), Decimal("159.13")),
             "Q3 USD: 633.04 + 77.30 converted + 6.55 exchange difference - 55.78 - 501.98")
    check(any(r[0] == "exchange_difference" and r[1] == "PAY-000001/1" and r[3] == "6.55"
              for r in lines), "the exchange difference has its own row", detail=text)
    check_eq(s.balances().get("L1:trust:USD"), usd["closing"],
             "the closing is what L1 holds in trust in USD")
    eur = {r[1]: Decimal(r[3]) for r in lines if r[0] == "summary" and r[2] == "EUR"}
    check_eq((eur["reserves_released"], eur["converted"], eur["closing"]),
             (Decimal("70.27"), Decimal("-70.27"), Decimal("0")), "nothing stays due in EUR")


def distributor_bears(binary, root):
    """With `[exchange] borne_by = "distributor"` the same difference is D1's: L1 is paid what
    was recognised and its statement shows no exchange difference."""
    s = Scenario(binary, root, "fx-distributor")
    s.load_catalog()
    s.f.ok("agreement", "add", s.write("agreement.toml", AGREEMENT.replace(
        'borne_by = "licensor"', 'borne_by = "distributor"')))
    s.f.ok("payee", "add", s.write("l1.toml", L1_PAYEE))
    s.f.ok("payee", "add", s.write("d1.toml", D1_PAYEE))
    s.f.ok("import", "--quiet", eur_sales(s))
    s.f.ok("rates", "import", s.write("rates.csv", RATES + "EUR,USD,2026-07-02,2026-09-30,"
                                      "1.1000,Q3 contract rate\n"))
    s.f.ok("run", "--through", "2026-06-30")
    out = s.path("statements")
    for period in ("2026-Q1", "2026-Q2"):
        s.f.ok("statements", "--period", period, "--out", out)
    batch = s.path("batch.csv")
    s.f.ok("pay", "export", "--format", "csv", "--on", "2026-06-30", "--out", batch)
    with open(batch, encoding="utf-8") as f:
        header, line = f.read().splitlines()
    fields = line.split(",")
    fields[-2], fields[-1] = "2026-07-01", "REF-1"
    out_text = s.f.ok("pay", "record", s.write("confirmed.csv", header + "\n" +
                                              ",".join(fields) + "\n")).stdout
    check("exchange difference 6.55 USD borne by D1" in out_text, "D1 bears the difference",
          detail=out_text)
    b = s.balances()
    check_eq({a: b.get(a) for a in ("L1:trust:USD", "D1:exchange_gain_loss:USD/L1",
                                    "L1:exchange_gain_loss:USD/D1")},
             {"L1:trust:USD": Decimal("75.28"), "D1:exchange_gain_loss:USD/L1": Decimal("-6.55"),
              "L1:exchange_gain_loss:USD/D1": None},
             "D1's gain: L1's trust keeps only Q2's 75.28 after the 557.76 paid")
    s.f.ok("run", "--through", "2026-09-30")
    s.f.ok("statements", "--period", "2026-Q3", "--out", out)
    q3 = {}
    with open(os.path.join(out, "L1_AGR-L1-D1_2026-Q3.csv"), encoding="utf-8") as f:
        for r in (line.split(",", 4) for line in f.read().splitlines()):
            if r[0] == "summary" and r[2] == "USD":
                q3[r[1]] = Decimal(r[3])
    check_eq((q3["exchange_differences"], q3["closing"]), (Decimal("0"), Decimal("152.58")),
             "Q3 USD: 633.04 + 77.30 - 55.78 - 501.98 = 152.58, no exchange difference for L1")
    check_eq(s.balances().get("L1:trust:USD"), q3["closing"], "the closing is L1's trust in USD")
    s.verify()


def run():
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-fx-")
    s = Scenario(binary, root, "fx")
    s.load_catalog()
    s.f.ok("agreement", "add", s.write("agreement.toml", AGREEMENT))
    s.f.ok("payee", "add", s.write("l1.toml", L1_PAYEE))
    s.f.ok("payee", "add", s.write("d1.toml", D1_PAYEE))
    s.f.ok("import", "--quiet", eur_sales(s))   # 100 x 9.37 = 937.00 EUR
    proc = s.f.run("run", "--through", "2026-03-31")
    check_eq((proc.returncode, proc.stderr.strip()),
             (65, "fermata: field 'rate' = 'EUR/USD': no EUR/USD rate for 2026-03-31 (period "
                  "2026-Q1 of agreement AGR-L1-D1): add one with `fermata rates import` (1 EUR = "
                  "rate USD) [rate_missing]"), "without rates, EUR earnings cannot be converted",
             proc)
    rates(s)
    run_q1_q2(s)
    pay_q1(s)
    q3(s)
    s.verify()
    distributor_bears(binary, root)
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
