#!/usr/bin/env python3
# Goal: `fermata pay propose|export|record` and `fermata aging` pay a label what
# its statements say it is due, from the money held for it in trust, with tax
# withheld at its treaty rate, and never pay twice: the proposal waits for the
# statement date; the distributor's fee and VAT are settled from trust first;
# the bank file validates against the ISO 20022 pain.001.001.03 schema; a
# confirmation that differs from the batch, or is dated inside a period whose
# statement was issued, is refused naming the line and field; a recorded
# payment shows on the next statement (withheld, paid) and its closing still
# equals the ledger; a balance below the threshold rolls forward; aging puts
# what is unpaid in the right buckets.
# Method: the royalty test's agreement (threshold 150.00), payee records for
# L1 (W-8BEN-E, 10 % treaty rate) and D1 (the account it pays from), a January
# physical report of 900.00 paid by the store, then the CLI as a user runs it.
import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import check, check_eq, main_wrapper, remove_unless_failed  # noqa: E402
from royalty_test import AGREEMENT, physical, summary_of  # noqa: E402
from sales_test import Scenario  # noqa: E402

SHARED = os.environ.get("FERMATA_SHARED_DIR", os.path.join(os.path.dirname(__file__),
                                                          "../../../shared"))
SCHEMA = os.path.join(SHARED, "samples/iso20022/pain.001.001.03.xsd")

L1_PAYEE = """fermata_payee = 1
party = "L1"
legal_name = "Harbor Classics Ltd"
address = ["1 Quay Street", "Galway", "Ireland"]
country = "IE"
[bank]
iban = "IE29 AIBK 9311 5212 3456 78"
bic = "AIBKIE2D"
[tax_form]
kind = "W-8BEN-E"
received = 2026-01-10
treaty_rate = "10%"
"""

D1_PAYEE = """fermata_payee = 1
party = "D1"
legal_name = "Distributor One Inc"
address = ["100 Main St", "Nashville TN 37203"]
country = "US"
[bank]
account = "000123456789"
routing = "021000021"
[tax_form]
kind = "W-9"
received = 2025-01-01
"""


def proposals(s, on):
    return s.f.json("pay", "propose", "--on", on, "--json")["proposals"]


def export_and_validate(s):
    """The proposal on the statement date, exported as pain.001 and validated."""
    check_eq(proposals(s, "2026-06-28"), [], "nothing is due before Q1's statement date")
    aging = s.f.json("aging", "--as-of", "2026-06-30", "--json")["aging"]
    check_eq(aging, [{"agreement": "AGR-L1-D1", "payee": "L1", "currency": "USD",
                      "buckets": {"1-30": "495", "current": "67.5"}, "total": "562.5",
                      "oldest_unpaid": "ST-000001 (2026-Q1, due 2026-06-29)"}],
             "before the payment: Q1's 495.00 is a day past due, Q2's release is not yet due")
    table = s.f.ok("aging", "--as-of", "2026-06-30").stdout
    check("AGR-L1-D1  L1     USD" in table and "ST-000001 (2026-Q1, due 2026-06-29)" in table,
          "aging prints a table for people", table)
    [p] = proposals(s, "2026-06-30")
    check_eq((p["statement"], p["due"], p["held"], p["fee_settled"], p["gross"], p["withheld"],
              p["net"], p["status"]),
             ("2026-Q1", "495", "832.5", "270", "495", "49.5", "445.5", "pay"),
             "Q1 closes at 495.00; trust holds 900 - 135 reserve + 67.50 released; the fee and "
             "VAT (270.00) are settled first; 10 % treaty withholding on 495.00 = 49.50")
    xml = s.path("batch.xml")
    proc = s.f.ok("pay", "export", "--format", "pain001", "--on", "2026-06-30", "--out", xml)
    check("PAY-000001: 1 payments on 2026-06-30" in proc.stdout, "the batch is numbered", proc)
    if shutil.which("xmllint") and os.path.exists(SCHEMA):
        lint = subprocess.run(["xmllint", "--noout", "--schema", SCHEMA, xml],
                              capture_output=True, text=True)
        check_eq(lint.returncode, 0, "the pain.001 file validates against the XSD: " +
                 lint.stderr.strip(), lint)
    with open(xml, encoding="utf-8") as f:
        text = f.read()
    for needle in ('<InstdAmt Ccy="USD">445.50</InstdAmt>', "<NbOfTxs>1</NbOfTxs>",
                   "<IBAN>IE29AIBK93115212345678</IBAN>", "<MmbId>021000021</MmbId>",
                   "<EndToEndId>PAY-000001-1</EndToEndId>", "<Nm>Harbor Classics Ltd</Nm>"):
        check(needle in text, f"the bank file has {needle}")
    [again] = proposals(s, "2026-06-30")
    check_eq(again["status"], "in batch PAY-000001", "an open batch's line is not proposed again")
    second = s.f.run("pay", "export", "--on", "2026-06-30", "--out", s.path("second.csv"))
    check_eq((second.returncode, second.stderr.strip()),
             (65, "fermata: field 'on' = '2026-06-30': nothing is payable on 2026-06-30 "
                  "[field_invalid]"), "so there is nothing to export twice", second)
    return xml[:-4] + ".csv"


def confirmation(s, batch_csv, value_date, reference, gross=None):
    with open(batch_csv, encoding="utf-8") as f:
        header, line = f.read().splitlines()
    fields = line.split(",")
    fields[-2], fields[-1] = value_date, reference
    if gross:
        fields[8] = gross
    return s.write(f"confirmed-{value_date}-{gross}.csv", header + "\n" + ",".join(fields) + "\n")


def close(s, early):
    """`fermata close` makes run periods final; a period not run cannot be closed."""
    proc = s.f.run("close", "--through", "2026-09-30")
    check_eq((proc.returncode, proc.stderr.strip()),
             (65, "fermata: field '--through' = '2026-09-30': agreement AGR-L1-D1 period 2026-Q3 "
                  "has not been run: `fermata run --through 2026-09-30` before closing it "
                  "[field_invalid]"), "only run periods close; nothing is closed", proc)
    check_eq(s.f.ok("close", "--through", "2026-06-30").stdout,
             "closed AGR-L1-D1 period ending 2026-03-31\nclosed AGR-L1-D1 period ending "
             "2026-06-30\n2 periods closed, 0 already closed\n", "Q1 and Q2 close")
    check_eq(s.f.ok("close", "--through", "2026-06-30").stdout.splitlines()[-1],
             "0 periods closed, 2 already closed", "closing again changes nothing")
    proc = s.f.run("pay", "record", early)
    check_eq((proc.returncode, proc.stderr.strip()),
             (65, f"fermata: {early}:2: field 'value_date' = '2026-06-30': value_date falls in a "
                  "closed period (ending 2026-06-30); date the payment in an open period "
                  "[field_invalid]"), "a payment may not be dated in a closed period", proc)


def record(s, batch_csv):
    """The bank's confirmation: checked against the batch, then posted."""
    bad = confirmation(s, batch_csv, "2026-07-01", "B1", gross="500.00")
    proc = s.f.run("pay", "record", bad)
    check_eq((proc.returncode, proc.stderr.strip()),
             (65, f"fermata: {bad}:2: field 'gross' = '500.00': gross differs from batch "
                  "PAY-000001 line 1 as exported ('495.00') [field_invalid]"),
             "a confirmation that differs from the batch is refused, naming line and field", proc)
    early = confirmation(s, batch_csv, "2026-06-30", "B1")
    proc = s.f.run("pay", "record", early)
    check_eq((proc.returncode, proc.stderr.strip()),
             (65, f"fermata: {early}:2: field 'value_date' = '2026-06-30': value_date falls in "
                  "2026-Q2, whose statement ST-000002 is issued; date the payment after "
                  "2026-06-30 [field_invalid]"),
             "a payment may not change an issued statement", proc)
    close(s, early)
    good = confirmation(s, batch_csv, "2026-07-01", "BANK-REF-7")
    proc = s.f.ok("pay", "record", good)
    check(proc.stdout.endswith("batch PAY-000001 recorded, 1 payments\n"), "recorded", proc)
    b = s.balances()
    check_eq({a: b.get(a) for a in ("L1:trust:USD", "L1:cash:USD", "L1:expense:USD/WHT",
                                    "D1:payable:USD/WHT", "D1:cash:USD", "L1:payable:USD/D1",
                                    "D1:receivable:USD/L1")},
             {"L1:trust:USD": Decimal("67.50"), "L1:cash:USD": Decimal("445.50"),
              "L1:expense:USD/WHT": Decimal("49.50"), "D1:payable:USD/WHT": Decimal("-49.50"),
              "D1:cash:USD": Decimal("319.50"), "L1:payable:USD/D1": None,
              "D1:receivable:USD/L1": None},
             "trust paid out: 270.00 fees to D1, 49.50 withheld (owed to the tax authority), "
             "445.50 to L1's bank; 67.50 (the reserve released in Q2) stays in trust")
    after = s.f.json("aging", "--as-of", "2026-07-02", "--json")["aging"]
    check_eq([(a["total"], a["oldest_unpaid"]) for a in after],
             [("67.5", "below threshold 150.00, rolls forward")],
             "a payment dated after the last run period settles what aging shows")
    proc = s.f.ok("pay", "record", good)
    check_eq(proc.stdout, f"{good}: batch PAY-000001 already recorded; nothing changed\n",
             "recording the same confirmation again changes nothing", proc)


def after_payment(s):
    """Q3 shows the payment; its closing equals the ledger; the rest is below threshold."""
    s.f.ok("run", "--through", "2026-12-31")
    out = s.path("statements")
    s.f.ok("statements", "--period", "2026-Q3", "--out", out)
    q3 = summary_of(os.path.join(out, "L1_AGR-L1-D1_2026-Q3.csv"))
    check_eq((q3["opening"], q3["reserves_released"], q3["withheld"], q3["paid"], q3["closing"]),
             (Decimal("562.50"), Decimal("67.50"), Decimal("-49.50"), Decimal("-445.50"),
              Decimal("135.00")),
             "Q3: 562.50 + 67.50 released - 49.50 withheld - 445.50 paid = 135.00")
    b = s.balances()
    check_eq(b.get("L1:trust:USD"), q3["closing"], "the closing is what L1 holds in trust")
    [p] = proposals(s, "2026-12-29")
    check_eq((p["statement"], p["due"], p["gross"], p["status"]),
             ("2026-Q3", "135", "135", "below threshold 150.00, rolls forward"),
             "135.00 is below the 150.00 threshold: it stays in trust")
    aging = s.f.json("aging", "--as-of", "2027-01-15", "--json")["aging"]
    check_eq(aging, [{"agreement": "AGR-L1-D1", "payee": "L1", "currency": "USD",
                      "buckets": {"current": "135"}, "total": "135",
                      "oldest_unpaid": "below threshold 150.00, rolls forward"}],
             "135.00 is owed but below the threshold: not overdue, it rolls forward")


def run():
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-payment-")
    s = Scenario(binary, root, "payment")
    s.load_catalog()
    s.f.ok("agreement", "add", s.write("agreement.toml", AGREEMENT.replace(
        'currency = "USD"\n', 'currency = "USD"\nthreshold = "150.00"\n')))
    s.f.ok("payee", "add", s.write("l1.toml", L1_PAYEE))
    s.f.ok("payee", "add", s.write("d1.toml", D1_PAYEE))
    s.f.ok("import", "--quiet", physical(s, "jan.csv", "2026-01", 100, 0))   # 900.00
    s.f.ok("import", "--quiet", s.write(
        "remit.csv", "payer,date,amount,currency,pays,bank_reference\n"
        "YT,2026-04-15,900.00,USD,2026-01,R-1\n"))
    s.f.ok("run", "--through", "2026-06-30")
    out = s.path("statements")
    s.f.ok("statements", "--period", "2026-Q1", "--out", out)
    s.f.ok("statements", "--period", "2026-Q2", "--out", out)
    batch_csv = export_and_validate(s)
    record(s, batch_csv)
    after_payment(s)
    s.verify()
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
