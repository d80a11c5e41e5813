#!/usr/bin/env python3
# Goal: `fermata statements` writes a PDF next to each statement's CSV and
# XLSX that shows the same figures: its text (poppler's pdftotext) holds the
# CSV's closing amount, exactly as written there, for every currency, and a
# reprint of the issued statement reads the same.
# Method: royalty_test.py's agreement and physical sell-through reports (one
# in USD, one in EUR, so the statement has two currencies) in a fresh
# database, `run --through` the quarter's end, then `statements` twice;
# pdftotext -layout (poppler-utils, in scripts/install-deps.sh) reads the PDF.
import csv
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import check, check_eq, main_wrapper, remove_unless_failed  # noqa: E402
from royalty_test import AGREEMENT, physical  # noqa: E402
from sales_test import Scenario  # noqa: E402

STEM = "L1_AGR-L1-D1_2026-Q1"


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def closings(csv_path):
    """{currency: amount text} of the CSV's summary,closing rows."""
    with open(csv_path, encoding="utf-8", newline="") as f:
        return {r["currency"]: r["amount"] for r in csv.DictReader(f)
                if r["section"] == "summary" and r["item"] == "closing"}


def run():
    check(shutil.which("pdftotext") is not None,
          "pdftotext is installed (poppler-utils, scripts/install-deps.sh)")
    binary = sys.argv[1]
    root = tempfile.mkdtemp(prefix="fermata-statement-pdf-")
    s = Scenario(binary, root, "pdf")
    s.load_catalog()
    s.f.ok("agreement", "add", s.write("agreement.toml", AGREEMENT))
    s.f.ok("import", "--quiet", physical(s, "jan.csv", "2026-01", 100, 0))
    eur = s.write("feb.csv", open(physical(s, "feb-usd.csv", "2026-02", 7, 0),
                                  encoding="utf-8").read().replace(",USD,", ",EUR,"))
    s.f.ok("import", "--quiet", eur)
    s.f.ok("run", "--through", "2026-03-31")

    out = s.path("statements")
    s.f.ok("statements", "--period", "2026-Q1", "--out", out)
    pdf = os.path.join(out, STEM + ".pdf")
    check(os.path.isfile(pdf), "the PDF is written next to the CSV and the XLSX")
    check(os.path.isfile(os.path.join(out, STEM + ".xlsx")), "the XLSX is still written")
    text = pdf_text(pdf)
    closing = closings(os.path.join(out, STEM + ".csv"))
    check_eq(sorted(closing), ["EUR", "USD"], "the statement has two currencies")
    for currency, amount in closing.items():
        check(f"Summary, {currency}" in text, f"the PDF has a summary for {currency}")
        check(amount in text, f"the PDF shows {currency}'s closing exactly as the CSV: {amount}",
              detail=text)
    check("Royalty statement ST-000001" in text, "the PDF is titled with the statement number")
    check("Page 1 of " in text, "its pages are numbered")

    proc = s.f.ok("statements", "--period", "2026-Q1", "--out", out)
    check("reprinted ST-000001 as issued" in proc.stdout, "the second call reprints", proc)
    again = pdf_text(pdf)
    check(again == text, "the reprinted PDF reads the same, line for line",
          detail=f"first:\n{text}\nreprint:\n{again}")
    remove_unless_failed(root)


if __name__ == "__main__":
    main_wrapper(run)
