#!/usr/bin/env python3
"""demo_script: `scripts/demo.sh` runs end to end and leaves what its royalty steps promise.

  demo_script_test.py --fermata PATH --repo PATH

Runs the demo script exactly as `make demo` does, but with FERMATA_DEMO_DIR pointing at a
temporary directory (the repository's demo/ is only read), then checks, independently of
the script's own helpers:
  * it exits 0 and prints its fifteen steps in order, the last table of the royalty steps
    being the aging table (its header, and a row for every label with a distribution
    agreement);
  * every label with a distribution agreement in demo/agreements/ has a statement for each
    of its run periods of the demo year (2025-07 .. 2026-06, quarterly or half-yearly as
    its agreement says) as CSV, XLSX (a zip) and PDF; each CSV's closing is the sum of the
    summary rows above it, per currency, and each opening is the previous closing; so does
    each artist (split agreement) for its half-years, addressed to the artist, its royalties
    recouped against its advance (nothing payable while the pool is unrecouped in that
    currency), and its last closing what the ledger says the label owes it;
  * the pain.001 bank file validates against the ISO 20022 schema with xmllint (when both
    are present; the schema is kept outside the repository), and its transaction count
    and control sum are the batch CSV's lines and net amounts;
  * the batch pays at least four labels, withholds 24 % from the label without a tax form,
    leaves out the label without a bank account, and each paid line shows on that
    agreement's next statement as `paid` (and `withheld`);
  * Eastgate's EUR income is converted into its USD payout currency every quarter (closing its
    EUR at zero) and the payment brings exchange differences into the next statement;
  * the stock year (demo/stock.py's model, stock_expected.json in the demo's out/): Chorale
    Editions' reserve is held on what Meridian invoiced Harmony Hall each quarter (20 % after
    the 25 % fee) and its returns of invoiced units are charged to the reserves held before;
    each agreement label's last statement lists, in its inventory section, the units the model
    says it holds per SKU and place; the year-end step prints the labels' units and their value
    at PPD at the warehouse and at stores, and the insurance gap, as the model computes them,
    and a reclaim for Chorale Editions;
  * recording the bank's confirmation again changes nothing, and `verify` passes.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

failures: list[str] = []
PAIN = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}"
QUARTERS = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
HALVES = ["2025-H2", "2026-H1"]


def check(condition: bool, message: str) -> None:
    if not condition:
        failures.append(message)


def artist_agreements(repo: Path) -> dict:
    """Split agreement id -> (payee, label, period names of the demo year)."""
    out = {}
    for path in sorted((repo / "demo" / "agreements").glob("*.toml")):
        terms = tomllib.loads(path.read_text(encoding="utf-8"))
        if terms.get("split"):
            out[terms["id"]] = (terms["split"][0]["payee"], terms["parties"]["licensor"], HALVES)
    return out


def distribution_agreements(repo: Path) -> dict:
    """Agreement id -> (licensor, period names of the demo year), from the TOML files."""
    out = {}
    for path in sorted((repo / "demo" / "agreements").glob("*.toml")):
        terms = tomllib.loads(path.read_text(encoding="utf-8"))
        parties = terms["parties"]
        if "distributor" not in parties and "aggregator" not in parties:
            continue  # An artist agreement: artist_agreements().
        if not parties["licensor"].startswith("L"):
            continue  # Meridian's own agreement with its aggregator: not a label's.
        period = terms["payment"].get("period", "quarterly")
        names = {"quarterly": QUARTERS, "semiannual": HALVES}[period]
        out[terms["id"]] = (parties["licensor"], names)
    return out


def read_statement(path: Path) -> tuple[dict, dict]:
    """The statement rows (item -> detail) and the summary (currency -> item -> amount)."""
    header, summary = {}, defaultdict(dict)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["section"] == "statement":
                header[row["item"]] = row["detail"]
            elif row["section"] == "summary":
                summary[row["currency"]][row["item"]] = Decimal(row["amount"])
    return header, summary


def check_statements(work: Path, agreements: dict, artists: dict) -> dict:
    """Every label's and artist's statements exist, add up and chain. Returns (agreement,
    period) -> summary."""
    statements = work / "statements"
    by_period = {}
    addressed = [(a, lic, lic, periods) for a, (lic, periods) in agreements.items()]
    addressed += [(a, payee, label, periods) for a, (payee, label, periods) in artists.items()]
    for agreement, addressee, licensor, periods in sorted(addressed):
        previous: dict = {}
        for period in periods:
            stem = statements / f"{addressee}_{agreement}_{period}"
            present = [Path(str(stem) + ext).is_file() for ext in (".csv", ".xlsx", ".pdf")]
            check(all(present), f"statement {stem.name}: .csv, .xlsx, .pdf present: {present}")
            if not all(present):
                continue
            check(zipfile.is_zipfile(str(stem) + ".xlsx"), f"{stem.name}.xlsx is not an XLSX (zip)")
            with open(str(stem) + ".pdf", "rb") as f:
                check(f.read(5) == b"%PDF-", f"{stem.name}.pdf is not a PDF")
            header, summary = read_statement(Path(str(stem) + ".csv"))
            check(header.get("agreement") == agreement and header.get("licensor") == licensor and
                  header.get("payee", licensor) == addressee and
                  header.get("period", "").startswith(period + " "),
                  f"{stem.name}.csv: statement header {header}")
            check(re.fullmatch(r"ST-\d{6}", header.get("number", "")) is not None,
                  f"{stem.name}.csv: statement number {header.get('number')!r}")
            for currency, items in summary.items():
                closing = items.pop("closing", None)
                check(closing is not None and sum(items.values(), Decimal(0)) == closing,
                      f"{stem.name}.csv {currency}: the rows {items} do not add up to {closing}")
                check(items.get("opening", Decimal(0)) == previous.get(currency, Decimal(0)),
                      f"{stem.name}.csv {currency}: opening {items.get('opening')} is not the "
                      f"previous closing {previous.get(currency)}")
                items["closing"] = closing
            previous = {c: items["closing"] for c, items in summary.items()}
            by_period[(agreement, period)] = summary
    written = {p.name for p in statements.glob("*.csv")}
    expected = {f"{to}_{agr}_{p}.csv" for agr, to, _, periods in addressed for p in periods}
    check(written == expected, f"statements other than the demo-year ones: "
          f"extra {sorted(written - expected)[:5]}, missing {sorted(expected - written)[:5]}")
    return by_period


def check_artists(fermata: list, artists: dict, summaries: dict) -> None:
    """Each artist's royalties go to recoup its USD advance (the pools are far from recouped,
    so nothing is payable in USD), and its last closing is what the ledger says the label
    owes it: the artist's receivable from the label."""
    rows = json_out(fermata + ["balance", "--json"])
    balance = {r["account"]: Decimal(r["balance"]) for r in rows}
    for agreement, (payee, label, periods) in sorted(artists.items()):
        last = summaries.get((agreement, periods[-1]), {})
        usd = last.get("USD", {})
        check(usd.get("royalties", Decimal(0)) > 0 and
              usd.get("recouped") == -usd.get("royalties", Decimal(0)) and
              usd.get("closing") == 0,
              f"{agreement} {periods[-1]} USD: royalties all recouped, nothing payable: {usd}")
        for currency, items in last.items():
            owed = balance.get(f"{payee}:receivable:{currency}/{label}", Decimal(0))
            check(items["closing"] == owed, f"{agreement} {currency}: closing {items['closing']} "
                  f"is not the ledger's {payee}:receivable:{currency}/{label} {owed}")


def check_conversion(summaries: dict) -> None:
    """Eastgate (AGR-L009-MERIDIAN, [exchange]) is paid in USD: each quarter's EUR movement is
    converted at the quarter's last day, so its EUR closes at zero and its USD shows what came
    in; the payment of Q1 (value date 2026-06-30) gives Q2 its exchange differences."""
    for period in QUARTERS:
        summary = summaries.get(("AGR-L009-MERIDIAN", period), {})
        eur, usd = summary.get("EUR", {}), summary.get("USD", {})
        check(eur.get("closing") == 0 and eur.get("converted", Decimal(0)) == -(
              sum(v for k, v in eur.items() if k not in ("closing", "converted", "opening"))),
              f"AGR-L009-MERIDIAN {period} EUR: the movement is converted, closing 0: {eur}")
        if eur.get("converted", Decimal(0)) != 0:
            check(usd.get("converted", Decimal(0)) > 0,
                  f"AGR-L009-MERIDIAN {period} USD: what the EUR converted into: {usd}")
    check(any(summaries.get(("AGR-L009-MERIDIAN", p), {}).get("EUR", {}).get("converted")
              for p in QUARTERS), "AGR-L009-MERIDIAN: some quarter converted EUR")
    q2 = summaries.get(("AGR-L009-MERIDIAN", "2026-Q2"), {}).get("USD", {})
    check(q2.get("exchange_differences", Decimal(0)) != 0,
          f"AGR-L009-MERIDIAN 2026-Q2 USD: the exchange differences of the Q1 payment: {q2}")


def cents_down(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def check_invoice_reserve(stock: dict, summaries: dict) -> None:
    """AGR-L117-MERIDIAN v2 holds its reserve on invoiced shipments (on = "invoices"): 20 % of
    what Meridian invoiced Harmony Hall in the quarter after the 25 % fee, rounded down; the
    sell-through of consigned units holds none. A return of invoiced units costs the label the
    return less the fee, charged to the reserves held in earlier quarters (none before the
    first)."""
    label = stock["invoice_reserve_label"]
    agreement = f"AGR-{label}-MERIDIAN"
    charged_any = False
    for i, period in enumerate(QUARTERS):
        usd = summaries.get((agreement, period), {}).get("USD", {})
        invoiced = stock["invoiced"].get(label, {}).get(period, {"shipped": "0", "returned": "0"})
        held = cents_down(Decimal(invoiced["shipped"]) * Decimal("0.75") * Decimal("0.20"))
        check(usd.get("reserves_held") == -held,
              f"{agreement} {period}: reserves_held {usd.get('reserves_held')}, 20% of 75% of "
              f"{invoiced['shipped']} invoiced is {held}")
        loss = cents_down(Decimal(invoiced["returned"]) * Decimal("0.75"))
        charged = usd.get("returns_charged_to_reserves", Decimal(0))
        check(charged == (loss if i else 0),
              f"{agreement} {period}: returns_charged_to_reserves {charged}, the returns of invoiced "
              f"units cost {loss}" + ("" if i else " and no reserve was held before"))
        charged_any = charged_any or charged > 0
    check(charged_any, f"{agreement}: no return was charged to a reserve")


def check_statement_inventory(work: Path, agreements: dict, stock: dict) -> None:
    """Each agreement label's last statement of the year lists the units the stock files left it
    on 2026-06-30, per SKU and place (the model's books of the stock files alone)."""
    for agreement, (licensor, periods) in sorted(agreements.items()):
        path = work / "statements" / f"{licensor}_{agreement}_{periods[-1]}.csv"
        if not path.is_file():
            continue
        with open(path, newline="", encoding="utf-8") as f:
            rows = {r["item"]: Decimal(r["amount"]) for r in csv.DictReader(f) if r["section"] == "inventory"}
        listed = {item: int(units) for item, units in rows.items() if units}
        want = stock["statement_inventory"].get(licensor, {})
        check(listed == want, f"{path.name}: inventory section {listed} != model {want}")
        check(bool(want) == (licensor in stock["labels"]),
              f"{path.name}: {licensor} is in the stock year: {licensor in stock['labels']}")


def check_year_end(text: str, stock: dict) -> None:
    """The last step's totals: the labels' units and their value at PPD at MER-WH and at stores,
    and the insurance gap, as the model computes them; and the reclaim of the model's label."""
    parties = {}
    for r in stock["inventory"]:
        parties.setdefault(r["owner"], r["owner"][:1] == "L" and r["owner"][1:].isdigit())
    at = {"warehouse": [0, Decimal(0)], "stores": [0, Decimal(0)]}
    for r in stock["inventory"]:
        if not parties[r["owner"]] or r["status"] == "returned":
            continue
        where = "warehouse" if r["location"] == "MER-WH" else "stores" if r["location"].startswith("S-") else None
        if where:
            at[where][0] += r["units"]
            at[where][1] += Decimal(r["ppd"])
    want = (f"TOTAL labels' units at MER-WH: {at['warehouse'][0]:,} ({at['warehouse'][1]:,.2f} USD at PPD;",
            f"at stores: {at['stores'][0]:,} ({at['stores'][1]:,.2f} USD)")
    check(all(w in text for w in want), f"the year-end totals are not the model's {want}: {text[:1500]}")
    gap = stock["insurance"]["MER-WH"]
    line = (f"insurance gap at MER-WH: sale value {Decimal(gap['sale_value']):,.2f} USD at PPD, insured for "
            f"{Decimal(gap['insured_value']):,.2f} USD (at cost): {Decimal(gap['gap']):,.2f} USD uninsured")
    check(line in text, f"the insurance gap line is not the model's: {line}")
    reclaim = text[text.find(f"reclaim {stock['reclaim_label']}: "):]
    check(re.search(r"pick list at .*\(MER-WH\): \d+ products", reclaim) is not None and
          re.search(r"recall from .*\(S-KLANG\): \d+ products?, \d+ units on consignment", reclaim) is not None
          and f"agreement AGR-{stock['reclaim_label']}-MERIDIAN v2" in reclaim,
          f"the year-end step does not show the reclaim pick list, recall and agreement: {reclaim[:600]}")


def json_out(command: list):
    proc = subprocess.run(command, capture_output=True, text=True)
    check(proc.returncode == 0, f"{command[-2:]} exited {proc.returncode}: {proc.stderr}")
    return json.loads(proc.stdout or "[]")


def check_payments(work: Path, shared: Path, agreements: dict, summaries: dict) -> list[dict]:
    """Every batch the demo exported (one pain.001 per payer) and their lines together."""
    batches = sorted((work / "payments").glob("batch-[0-9].xml"))
    check(len(batches) == 2, f"one pain.001 batch per payer (MERIDIAN, AGG-TRIB): {batches}")
    lines = []
    for xml in batches:
        lines += check_batch(xml, shared)
    paid = {line["payee"] for line in lines}
    check(len(paid) >= 4, f"the batches pay only {sorted(paid)}")
    check("L080" in paid, "L080 is paid by its aggregator's batch")
    check("L028" not in paid, "L028 has no bank account on file, yet a batch pays it")
    for line in lines:
        check_line(line, agreements, summaries)
    return lines


def check_batch(xml: Path, shared: Path) -> list[dict]:
    batch, confirmed = xml.with_suffix(".csv"), xml.with_name(xml.stem + "-confirmed.csv")
    missing = [path.name for path in (xml, batch, confirmed) if not path.is_file()]
    check(not missing, f"not in {xml.parent}: {missing}")
    if missing:
        return []
    schema = shared / "samples" / "iso20022" / "pain.001.001.03.xsd"
    if shutil.which("xmllint") and schema.is_file():
        lint = subprocess.run(["xmllint", "--noout", "--schema", str(schema), str(xml)],
                              capture_output=True, text=True)
        check(lint.returncode == 0, f"{xml.name} does not validate against {schema}: {lint.stderr}")
    else:
        print(f"note: xmllint or {schema} absent; the pain.001 schema check is skipped")
    with open(batch, newline="", encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    group = ET.parse(xml).getroot().find(f"{PAIN}CstmrCdtTrfInitn/{PAIN}GrpHdr")
    check(group is not None and group.findtext(f"{PAIN}NbOfTxs") == str(len(lines)),
          f"pain.001 NbOfTxs is not the batch's {len(lines)} lines")
    net = sum((Decimal(line["net"]) for line in lines), Decimal(0))
    check(group is not None and Decimal(group.findtext(f"{PAIN}CtrlSum") or "-1") == net,
          f"pain.001 CtrlSum is not the batch's net total {net}")
    payers = {line["payer"] for line in lines}
    check(len(payers) == 1, f"{xml.name} pays from one payer's account: {payers}")
    with open(confirmed, newline="", encoding="utf-8") as f:
        back = list(csv.DictReader(f))
    check(len(back) == len(lines) and all(b["value_date"] and b["bank_reference"] for b in back),
          "the bank's confirmation does not fill every line's value date and reference")
    return lines


def check_line(line: dict, agreements: dict, summaries: dict) -> None:
    gross, withheld = Decimal(line["gross"]), Decimal(line["withheld"])
    check(gross > 0 and Decimal(line["net"]) == gross - withheld, f"batch line {line}")
    rate = Decimal("0.24") if line["payee"] == "L002" else Decimal(0)
    check(Decimal(line["withholding_rate"]) == rate,
          f"{line['payee']}: withholding rate {line['withholding_rate']}, expected {rate}")
    check(withheld == (gross * rate).quantize(Decimal("0.01")),
          f"{line['payee']}: withheld {withheld} of {gross}")
    # Paid on 2026-06-30: the period taking it is the one after the statement paid.
    licensor, periods = agreements[line["agreement"]]
    following = periods[periods.index(line["statement"]) + 1]
    summary = summaries.get((line["agreement"], following), {}).get(line["currency"], {})
    check(summary.get("paid") == -Decimal(line["net"]) and
          summary.get("withheld") == -withheld,
          f"{licensor} {following} {line['currency']}: paid/withheld {summary.get('paid')}/"
          f"{summary.get('withheld')}, the batch paid {line['net']} and withheld {withheld}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fermata", required=True)
    parser.add_argument("--repo", required=True)
    args = parser.parse_args()
    repo = Path(args.repo).resolve()
    shared = Path(os.environ.get("FERMATA_SHARED_DIR", repo.parent / "shared")).resolve()
    agreements = distribution_agreements(repo)
    check(len(agreements) >= 4, f"only {len(agreements)} labels have an agreement")

    with tempfile.TemporaryDirectory(prefix="fermata-demo-script-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("FERMATA_")}
        env.update(FERMATA_BIN=str(Path(args.fermata).resolve()), FERMATA_DEMO_DIR=str(work),
                   FERMATA_SHARED_DIR=str(shared))
        demo = subprocess.run(["bash", str(repo / "scripts" / "demo.sh")], env=env,
                              capture_output=True, text=True)
        if demo.returncode != 0:
            print(demo.stdout[-4000:], demo.stderr[-4000:])
            return f"FAILED: scripts/demo.sh exited {demo.returncode}"
        out = demo.stdout
        steps = re.findall(r"^== (\d+)/15 ", out, re.M)
        check(steps == [str(i) for i in range(1, 16)], f"the demo's steps: {steps}")
        tail = out[out.rfind("== 14/15"):out.rfind("== 15/15")]
        aging = tail[tail.rfind("\nagreement "):].strip().splitlines()
        check(bool(aging) and re.match(r"agreement +payee +cur +current +1-30 +31-60 +61-90 +"
                                       r"91-180 +181-365 +365\+ +total +oldest unpaid$", aging[0]),
              f"the last table of step 12 is not the aging table: {aging[:2]}")
        aged = {row.split()[0] for row in aging[2:]}
        check(aged == set(agreements), f"aging rows for {sorted(aged)}, agreements {sorted(agreements)}")

        artists = artist_agreements(repo)
        summaries = check_statements(work, agreements, artists)
        check_payments(work, shared, agreements, summaries)

        fermata = [args.fermata, "--db", str(work / "fermata.db")]
        again = subprocess.run(fermata + ["pay", "record", str(work / "payments" / "batch-1-confirmed.csv")],
                               capture_output=True, text=True)
        check(again.returncode == 0 and "already recorded" in again.stdout + again.stderr,
              f"recording the confirmation again: exit {again.returncode}: {again.stdout} {again.stderr}")
        check_artists(fermata, artists, summaries)
        check_conversion(summaries)
        stock = json.loads((work / "out" / "stock_expected.json").read_text())
        check_invoice_reserve(stock, summaries)
        check_statement_inventory(work, agreements, stock)
        check_year_end(out[out.rfind("== 15/15"):out.rfind("== Demo done")], stock)
        verify = subprocess.run(fermata + ["verify"], capture_output=True, text=True)
        check(verify.returncode == 0, f"verify after the demo exited {verify.returncode}: {verify.stdout}")

    for message in failures[:40]:
        print("FAIL:", message)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print(f"demo script: {len(agreements)} labels' statements, a valid pain.001 batch recorded, "
          "and the aging table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
