#!/usr/bin/env python3
"""demo_world_imports: the demo world imports cleanly and Fermata's summary agrees with
the generator's own model of every label.

  demo_world_test.py --fermata PATH --generator PATH

Generates the world twice (the bytes must match: the demo is deterministic),
imports it into a fresh database in a temporary directory, and checks:
  * every file commits with no rejected row, and the transaction count matches;
  * importing a file again changes nothing (already_imported);
  * `verify` exits 0 and `trial-balance` is balanced;
  * `summary --json` lists >= 100 labels, and each label's held, owed and
    reserved money and its units held by others (per location) equal
    expected_summary.json, which the generator computed in Python from the rows
    it wrote; the same for `summary --as-of` at the generator's snapshot date.
Then the stock year and the year of sales reports and remittances (stock/ and
sales/, see demo/stock.py and demo/sales.py):
  * the price list and the insured basis import; the stock files and the physical
    sell-through reports import in the order stock/import-order.txt gives, and the
    only warning is the line the model puts in unit suspense;
  * every DSR file passes `dsr check`; every report and remittance file commits
    with no rejected row, names the payer and reports the totals (and the
    suspense) that sales_expected.json gives for it, Harmony Hall's invoice files
    among them (a stock file without sales reports none);
  * `receivables --json` equals the model row for row (payer x period x
    currency: reported, received, outstanding), and so do the per-payer sums;
  * `unmatched --json` equals the model's suspense per ISRC and currency;
  * each label's `summary --json` is the journal's figures (above) plus the
    model's change from the sales stream: matched sales owed to it until paid,
    then held for it in trust;
  * `verify` passes and the trial balance is balanced.
Last, the stock against stock_expected.json (the generator's own unit books):
  * the year-end count's discrepancies (a shortage, a surplus, a SKU not
    counted); approving two posts the model's adjustments and leaves one open;
  * `inventory --as-of 2026-06-30 --json`: every unit account (owner x SKU x
    location x status) with its units and value at PPD, the totals per owner,
    and the insured value and gap at MER-WH;
  * `stock orders`, the register rows per movement kind, the sell-through split
    (firm, consigned, unexplained), the unit suspense, and a trial balance in
    which every SKU nets to zero.
"""

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

failures: list[str] = []


def check(condition: bool, message: str) -> None:
    if not condition:
        failures.append(message)


def run(cmd: list[str], expect_ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if expect_ok and result.returncode != 0:
        sys.exit(f"FAILED ({result.returncode}): {' '.join(cmd)}\n{result.stdout}\n{result.stderr}")
    return result


def money(by_currency: dict) -> dict:
    """Currency -> Decimal without zero entries, so '0' and absent compare equal."""
    return {c: Decimal(v) for c, v in by_currency.items() if Decimal(v) != 0}


def units(by_location: dict) -> dict:
    return {k: int(v) for k, v in by_location.items() if int(v) != 0}


def compare(actual: list, expected: list, what: str) -> None:
    actual_by_id = {entry["party"]: entry for entry in actual}
    expected_by_id = {entry["party"]: entry for entry in expected}
    check(sorted(actual_by_id) == sorted(expected_by_id),
          f"{what}: label ids differ: only in fermata {sorted(set(actual_by_id) - set(expected_by_id))[:5]}, "
          f"only in the model {sorted(set(expected_by_id) - set(actual_by_id))[:5]}")
    for lid, want in sorted(expected_by_id.items()):
        got = actual_by_id.get(lid)
        if got is None:
            continue
        check(got["name"] == want["name"], f"{what} {lid}: name {got['name']!r} != {want['name']!r}")
        for field in ("held", "owed", "reserved"):
            check(money(got[field]) == money(want[field]),
                  f"{what} {lid}: {field} {got[field]} != model {want[field]}")
        check(units(got["units_by_location"]) == units(want["units_by_location"]),
              f"{what} {lid}: units_by_location {got['units_by_location']} != model {want['units_by_location']}")
        check(got["units_held_by_others"] == want["units_held_by_others"],
              f"{what} {lid}: units_held_by_others {got['units_held_by_others']} != "
              f"model {want['units_held_by_others']}")


def add(a: dict, b: dict) -> dict:
    out = dict(money(a))
    for currency, amount in money(b).items():
        out[currency] = out.get(currency, Decimal(0)) + amount
    return {c: v for c, v in out.items() if v != 0}


def check_report(report: dict, model: dict | None, name: str) -> None:
    """One imported file against sales_expected.json: a sales report (or a stock file that
    invoices a store) names its payer and reports the model's totals; a stock file without
    sales reports none."""
    check(report["committed"] and not report["rejected"] and not report["pending"],
          f"{name}: committed={report['committed']} rejected={report['rejected'][:3]}")
    if model is None:
        check(report["format"] == "stock" and not money(report["reported"]),
              f"{name}: not in sales_expected.json, yet reports {report['format']} {report['reported']}")
        return
    check(report["format"] == model["format"] and report["payer"] == model["payer"]
          and report["holder"] == "MERIDIAN",
          f"{name}: format/payer/holder {report['format']} {report['payer']} {report['holder']}")
    check(money(report["reported"]) == money(model["reported"]),
          f"{name}: reported {report['reported']} != model {model['reported']}")
    check(money(report["unmatched"]) == money(model["unmatched"]),
          f"{name}: unmatched {report['unmatched']} != model {model['unmatched']}")


def import_stock_year(fermata: list[str], world: Path, want: dict, stock: dict) -> list:
    """The price list and the insured basis, then the stock files and the physical sell-through
    reports in the order the generator gives (each month's movements before the sell-through
    that sells them). Only the line the model puts in unit suspense warns."""
    run(fermata + ["prices", "import", str(world / "stock" / "prices.csv")])
    run(fermata + ["insurance", "import", str(world / "stock" / "insurance.csv")])
    order = (world / "stock" / "import-order.txt").read_text().split()
    check(order == stock["import_order"], "import-order.txt is not the model's import order")
    stock_files = sorted(p.name for p in (world / "stock").glob("20*.csv"))
    physical = sorted(p.name for p in (world / "sales" / "physical").glob("*.csv"))
    check(sorted(Path(p).name for p in order) == sorted(stock_files + physical),
          f"the import order does not list every stock file and sell-through report: {order[:4]}")
    reports = json.loads(run(fermata + ["import", "--json", "--recipient", "MERIDIAN"] +
                             [str(world / p) for p in order]).stdout)
    warned = []
    for report in reports:
        name = Path(report["path"]).name
        check_report(report, want["reports"].get(name), name)
        warned += [(name, w["code"]) for w in report["warnings"]]
    lines = stock["suspense_lines"]
    check(len(lines) == 1 and warned == [(f"harmony_{lines[0]['period']}.csv", "stock_insufficient")],
          f"warnings {warned}, the model puts {lines} in unit suspense")
    return reports


def check_sales(fermata: list[str], world: Path, journal_summary: list) -> None:
    """Imports the stock year and the sales stream and checks every figure against
    sales_expected.json."""
    want = json.loads((world / "sales_expected.json").read_text())
    stock = json.loads((world / "stock_expected.json").read_text())
    reports = import_stock_year(fermata, world, want, stock)
    sales = world / "sales"
    dsr = sorted(str(p) for p in (sales / "dsr").glob("*.tsv"))
    apple = sorted(str(p) for p in (sales / "apple").glob("*.txt"))
    remittances = sorted(str(p) for p in (sales / "remittances").glob("*.csv"))
    files = want["files"]
    check(len(dsr) == files["dsr"] and len(apple) == files["apple"] and
          len(remittances) == files["remittance"], f"unexpected sales files: {files}")
    checked = run([fermata[0], "dsr", "check"] + dsr, expect_ok=False)
    check(checked.returncode == 0, f"dsr check exited {checked.returncode}: {checked.stdout[-2000:]}")

    # DSR files name Meridian by its DDEX party id; the Apple reports do not name a recipient
    # Fermata knows (two distributors), so the demo passes --recipient.
    digital = json.loads(run(fermata + ["import", "--json"] + dsr).stdout)
    digital += json.loads(run(fermata + ["import", "--json", "--recipient", "MERIDIAN"] + apple).stdout)
    for report in digital:
        name = Path(report["path"]).name
        check(name in want["reports"], f"{name}: not in sales_expected.json")
        check_report(report, want["reports"].get(name), name)
    with_sales = [r for r in reports + digital if money(r["reported"]) or r["format"] != "stock"]
    check(len(with_sales) == len(want["reports"]),
          f"{len(with_sales)} reports imported, model has {len(want['reports'])}")
    paid = json.loads(run(fermata + ["import", "--json"] + remittances).stdout)
    lines = 0
    for report in paid:
        check(report["committed"] and report["format"] == "remittance" and not report["rejected"],
              f"{report['path']}: committed={report['committed']} rejected={report['rejected'][:3]}")
        lines += report["transactions_appended"]
    check(lines == files["remittance_lines"], f"{lines} remittance lines posted, model {files['remittance_lines']}")

    def row(r: dict) -> tuple:
        return (r["payer"], r["period"], r["currency"], Decimal(r["reported"]), Decimal(r["received"]),
                Decimal(r["outstanding"]))
    got = sorted(row(r) for r in json.loads(run(fermata + ["receivables", "--json"]).stdout))
    expected = sorted(row(r) for r in want["receivables"])
    check(got == expected, "receivables differ from the model: only in fermata "
          f"{sorted(set(got) - set(expected))[:4]}, only in the model {sorted(set(expected) - set(got))[:4]}")
    per_payer: dict = {}
    for payer, _, currency, reported, received, outstanding in got:
        sums = per_payer.setdefault((payer, currency), [Decimal(0)] * 3)
        for i, v in enumerate((reported, received, outstanding)):
            sums[i] += v
    for payer, by_currency in want["payers"].items():
        for currency, m in by_currency.items():
            check(per_payer.get((payer, currency)) ==
                  [Decimal(m["reported"]), Decimal(m["received"]), Decimal(m["outstanding"])],
                  f"payer {payer} {currency}: {per_payer.get((payer, currency))} != model {m}")
    owing = {p for (p, _), v in per_payer.items() if v[2] > 0}
    check(owing == set(want["payers"]), f"payers still owing: {sorted(owing)}")
    check(any(r[4] not in (0, r[3]) for r in got), "no report is paid in part")

    unmatched = {(u["identifier"], u["currency"]): Decimal(u["amount"])
                 for u in json.loads(run(fermata + ["unmatched", "--json"]).stdout)}
    model = {(i, c): Decimal(v) for i, by_currency in want["unmatched"].items() for c, v in by_currency.items()}
    check(unmatched == model and unmatched, f"unmatched {unmatched} != model {model}")

    after = {e["party"]: e for e in json.loads(run(fermata + ["summary", "--json"]).stdout)}
    changed = 0
    for entry in journal_summary:
        lid = entry["party"]
        delta = want["labels"].get(lid, {"owed": {}, "held": {}})
        changed += bool(delta["owed"] or delta["held"])
        # What Meridian bought with a price is owed to the label too. `purchase` posts both the
        # label's receivable from Meridian and Meridian's payable to it (FORMATS §14): one debt,
        # which `summary` counts once.
        bought = want["purchases"].get(lid, {})
        owed = add(delta["owed"], bought)
        for field, change in (("owed", owed), ("held", delta["held"])):
            check(money(after[lid][field]) == add(entry[field], change),
                  f"summary after sales {lid}: {field} {after[lid][field]} != journal {entry[field]} + "
                  f"sales and purchases {change}")
        check(money(after[lid]["reserved"]) == money(entry["reserved"]), f"{lid}: reserves changed")
    check(changed >= 100, f"only {changed} labels have sales")

    verify = run(fermata + ["verify", "--json"], expect_ok=False)
    check(verify.returncode == 0 and json.loads(verify.stdout)["ok"],
          f"verify after sales exited {verify.returncode}: {verify.stdout[-500:]} {verify.stderr[-500:]}")
    check(json.loads(run(fermata + ["trial-balance", "--json"]).stdout)["balanced"],
          "trial balance after sales is not balanced")


def check_count(fermata: list[str], world: Path, count: dict) -> None:
    """The year-end count: its discrepancies with the books at the cut-off are the model's;
    approving the shortage and the surplus posts the model's adjustments and leaves the
    product nobody counted open."""
    def discrepancies(state: dict) -> list:
        return sorted((r["owner"], r["sku"], int(r["expected"]), int(r["counted"]), int(r["difference"]),
                       r["listed"]) for r in state["rows"] if int(r["difference"]) != 0)
    model = sorted((d["owner"], d["sku"], d["expected"], d["counted"], d["difference"], d["listed"])
                   for d in count["discrepancies"])
    state = json.loads(run(fermata + ["count", "import", "--json", str(world / count["file"])]).stdout)
    check(state["count"] == count["id"] and state["location"] == count["location"] and
          state["as_of"] == count["as_of"], f"count {state['count']} at {state['location']} {state['as_of']}")
    check(discrepancies(state) == model, f"count discrepancies {discrepancies(state)} != model {model}")
    check(len(model) == 3 and {d[5] for d in model} == {True, False} and
          {d[4] > 0 for d in model} == {True, False}, f"a shortage, a surplus and a SKU not counted: {model}")
    skus = [a for sku in count["approve"] for a in ("--sku", sku["sku"])]
    run(fermata + ["count", "approve", count["id"], "--reason", count["reason"]] + skus)
    state = json.loads(run(fermata + ["count", "show", "--json", count["id"]]).stdout)
    approved = sorted((a["owner"], a["sku"], int(a["units"])) for a in state["approvals"])
    want = sorted((a["owner"], a["sku"], a["units"]) for a in count["approved"])
    check(approved == want and len(want) == 2, f"count approvals {approved} != model {want}")
    open_rows = [(r["owner"], r["sku"]) for r in state["rows"] if int(r["difference"]) and r["status"] == "open"]
    check(open_rows == [(d[0], d[1]) for d in model if not d[5]], f"still open after approval: {open_rows}")


def check_stock(fermata: list[str], world: Path) -> None:
    """The stock year against stock_expected.json, the generator's own unit books (journal and
    stock files, posting by posting): the count; every unit account after the year as `fermata
    inventory` values it at PPD, with per-owner totals and the insurance gap; purchase orders;
    movements per kind and the sell-through split; the unit suspense; and a trial balance in
    which every SKU nets to zero."""
    stock = json.loads((world / "stock_expected.json").read_text())
    check_count(fermata, world, stock["count"])

    inv = json.loads(run(fermata + ["inventory", "--as-of", stock["as_of"], "--json"]).stdout)
    def key(r: dict) -> tuple:
        return (r["owner"], r["sku"], r["location"], r["status"], r["counterparty"])
    got = {key(r): (int(r["units"]), Decimal(r["value"]["ppd"])) for r in inv["rows"]}
    want = {key(r): (r["units"], Decimal(r["ppd"])) for r in stock["inventory"]}
    differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    check(not differ, f"inventory rows differ from the model ({len(differ)}): " +
          "; ".join(f"{k}: fermata {got.get(k)}, model {want.get(k)}" for k in differ[:4]))
    statuses = {k[3] for k in want}
    check({"on_hand", "allocated", "damaged", "consigned"} <= statuses,
          f"the year leaves units on hand, allocated, damaged and consigned: {sorted(statuses)}")
    totals = {}
    for (owner, *_rest), (units, ppd) in want.items():
        if _rest[2] != "returned":
            t = totals.setdefault(owner, [0, Decimal(0)])
            t[0], t[1] = t[0] + units, t[1] + ppd
    by_owner = {t["owner"]: [int(t["units"]), Decimal(t["ppd"])] for t in inv["totals"]["by_owner"]}
    check(by_owner == totals, "inventory totals per owner differ from the model: " +
          str(sorted((o, by_owner.get(o), totals.get(o)) for o in set(by_owner) | set(totals)
                     if by_owner.get(o) != totals.get(o))[:3]))
    model = stock["insurance"]["MER-WH"]
    at = [c for c in inv["insurance"] if c["location"] == "MER-WH"]
    check(len(at) == 1 and at[0]["basis"] == model["basis"] and
          all(Decimal(at[0][f]) == Decimal(model[f]) for f in ("sale_value", "basis_value", "insured_value", "gap"))
          and Decimal(model["gap"]) > 0, f"insurance at MER-WH {at} != model {model}")

    orders = sorted((o["order"], o["sku"], int(o["ordered"]), int(o["received"]), o["status"])
                    for o in json.loads(run(fermata + ["stock", "orders", "--json"]).stdout))
    model_orders = sorted((o["order"], o["sku"], o["ordered"], o["received"], o["status"]) for o in stock["orders"])
    check(orders == model_orders, f"purchase orders {orders} != model {model_orders}")
    check({o[4].split(" ")[0] for o in orders} == {"received", "partly", "cancelled", "open"},
          f"a received, a partly received, a cancelled and an open order: {orders}")
    movements = json.loads(run(fermata + ["stock", "movements", "--json"]).stdout)
    kinds: dict = {}
    for m in movements:
        kinds[m["movement"]] = kinds.get(m["movement"], 0) + 1
    model_kinds = dict(stock["movements"], adjust=len(stock["count"]["approved"]))
    sold = [m for m in movements if m["movement"] == "sell_through"]
    check({k: v for k, v in kinds.items() if k != "sell_through"} == model_kinds,
          f"stock register rows per kind {kinds} != model {model_kinds}")
    split = {k: sum(int(m[k]) for m in sold) for k in ("firm", "consigned", "unexplained")}
    check(split == stock["sell_through"], f"sell-through split {split} != model {stock['sell_through']}")

    balances = {r["account"]: Decimal(r["balance"]) for r in json.loads(run(fermata + ["balance", "--json"]).stdout)}
    suspense = {a: int(v) for a, v in balances.items() if ":suspense:SKU:" in a and v}
    check(suspense == stock["suspense"] and suspense, f"unit suspense {suspense} != model {stock['suspense']}")
    trial = json.loads(run(fermata + ["trial-balance", "--json"]).stdout)
    skus = [c for c in trial["commodities"] if c["commodity"].startswith("SKU:")]
    check(trial["balanced"] and len(skus) == stock["skus"] and all(Decimal(c["net"]) == 0 for c in skus),
          f"trial balance: balanced={trial['balanced']}, {len(skus)} SKUs (model {stock['skus']}), "
          f"not zero: {[c['commodity'] for c in skus if Decimal(c['net']) != 0][:5]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fermata", required=True)
    parser.add_argument("--generator", required=True)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fermata-demo-test-") as tmp:
        tmp = Path(tmp)
        world, again = tmp / "world", tmp / "again"
        run([sys.executable, args.generator, str(world)])
        run([sys.executable, args.generator, str(again)])
        compared = filecmp.dircmp(world, again)
        files = [p.relative_to(world) for p in sorted(world.rglob("*")) if p.is_file()]
        same = all(filecmp.cmp(world / f, again / f, shallow=False) for f in files)
        check(same and not compared.left_only and not compared.right_only,
              "the generator is not deterministic: two runs wrote different files")

        db = str(tmp / "demo.db")
        fermata = [args.fermata, "--db", db]
        run(fermata + ["init"])
        catalog = sorted(str(p) for p in (world / "catalog").glob("*.csv"))
        journal = sorted(str(p) for p in (world / "journal").glob("*.csv"))
        check(len(catalog) == 6 and len(journal) >= 7, f"unexpected files: {catalog} {journal}")
        appended = 0
        for files_ in (catalog, journal):
            reports = json.loads(run(fermata + ["import", "--json"] + files_).stdout)
            for report in reports:
                check(report["committed"] and not report["rejected"],
                      f"{report['path']}: committed={report['committed']} rejected={report['rejected'][:3]}")
                appended += report["transactions_appended"]
        facts = json.loads((world / "world.json").read_text())
        check(appended == facts["transactions"],
              f"{appended} transactions appended, the generator wrote {facts['transactions']}")

        again_report = json.loads(run(fermata + ["import", "--json", journal[-1]]).stdout)[0]
        check(again_report["already_imported"] and again_report["transactions_appended"] == 0,
              f"re-importing {journal[-1]} was not a no-op: {again_report}")

        verify = run(fermata + ["verify", "--json"], expect_ok=False)
        check(verify.returncode == 0, f"verify exited {verify.returncode}: {verify.stdout} {verify.stderr}")
        if verify.returncode == 0:
            report = json.loads(verify.stdout)
            check(report["ok"] and report["transactions"] == facts["transactions"],
                  f"verify report: {report}")
        trial = json.loads(run(fermata + ["trial-balance", "--json"]).stdout)
        check(trial["balanced"], "trial balance is not balanced")

        expected = json.loads((world / "expected_summary.json").read_text())
        summary = json.loads(run(fermata + ["summary", "--json"]).stdout)
        check(len(summary) >= 100, f"summary lists {len(summary)} labels, expected >= 100")
        compare(summary, expected["labels"], "summary")
        check(any(e["units_held_by_others"] > 0 for e in summary), "no label has units at the warehouse")
        check(sum(len(e["owed"]) > 0 for e in summary) >= 100, "fewer than 100 labels are owed money")
        for as_of, snapshot in sorted(expected["snapshots"].items()):
            at = json.loads(run(fermata + ["summary", "--json", "--as-of", as_of]).stdout)
            compare(at, snapshot, f"summary --as-of {as_of}")

        check_sales(fermata, world, expected["labels"])
        check_stock(fermata, world)

    for message in failures[:40]:
        print("FAIL:", message)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("demo world: imported, verified, and every label's summary matches the model, "
          "before and after a year of sales reports and remittances; the stock year, the count "
          "and every unit account at PPD match the stock model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
