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
Then the year of sales reports and remittances (sales/, see demo/sales.py):
  * every DSR file passes `dsr check`; every report and remittance file commits
    with no rejected row, names the payer and reports the totals (and the
    suspense) that sales_expected.json gives for it;
  * `receivables --json` equals the model row for row (payer x period x
    currency: reported, received, outstanding), and so do the per-payer sums;
  * `unmatched --json` equals the model's suspense per ISRC and currency;
  * each label's `summary --json` is the journal's figures (above) plus the
    model's change from the sales stream: matched sales owed to it until paid,
    then held for it in trust;
  * `verify` passes and the trial balance is balanced.
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


def check_sales(fermata: list[str], world: Path, journal_summary: list) -> None:
    """Imports the sales stream and checks every figure against sales_expected.json."""
    want = json.loads((world / "sales_expected.json").read_text())
    sales = world / "sales"
    dsr = sorted(str(p) for p in (sales / "dsr").glob("*.tsv"))
    stores = sorted(str(p) for p in (sales / "apple").glob("*.txt")) + \
        sorted(str(p) for p in (sales / "physical").glob("*.csv"))
    remittances = sorted(str(p) for p in (sales / "remittances").glob("*.csv"))
    files = want["files"]
    check(len(dsr) == files["dsr"] and len(stores) == files["apple"] + files["physical"] and
          len(remittances) == files["remittance"], f"unexpected sales files: {files}")
    checked = run([fermata[0], "dsr", "check"] + dsr, expect_ok=False)
    check(checked.returncode == 0, f"dsr check exited {checked.returncode}: {checked.stdout[-2000:]}")

    # DSR files name Meridian by its DDEX party id; the Apple and physical reports do not
    # name a recipient Fermata knows (two distributors), so the demo passes --recipient.
    reports = json.loads(run(fermata + ["import", "--json"] + dsr).stdout)
    reports += json.loads(run(fermata + ["import", "--json", "--recipient", "MERIDIAN"] + stores).stdout)
    for report in reports:
        name = Path(report["path"]).name
        model = want["reports"].get(name)
        check(report["committed"] and not report["rejected"] and not report["pending"],
              f"{name}: committed={report['committed']} rejected={report['rejected'][:3]}")
        if model is None:
            check(False, f"{name}: not in sales_expected.json")
            continue
        check(report["format"] == model["format"] and report["payer"] == model["payer"]
              and report["holder"] == "MERIDIAN",
              f"{name}: format/payer/holder {report['format']} {report['payer']} {report['holder']}")
        check(money(report["reported"]) == money(model["reported"]),
              f"{name}: reported {report['reported']} != model {model['reported']}")
        check(money(report["unmatched"]) == money(model["unmatched"]),
              f"{name}: unmatched {report['unmatched']} != model {model['unmatched']}")
    check(len(reports) == len(want["reports"]), f"{len(reports)} reports imported, model has {len(want['reports'])}")
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
        for field in ("owed", "held"):
            check(money(after[lid][field]) == add(entry[field], delta[field]),
                  f"summary after sales {lid}: {field} {after[lid][field]} != journal {entry[field]} + "
                  f"sales {delta[field]}")
        check(money(after[lid]["reserved"]) == money(entry["reserved"]), f"{lid}: reserves changed")
    check(changed >= 100, f"only {changed} labels have sales")

    verify = run(fermata + ["verify", "--json"], expect_ok=False)
    check(verify.returncode == 0 and json.loads(verify.stdout)["ok"],
          f"verify after sales exited {verify.returncode}: {verify.stdout[-500:]} {verify.stderr[-500:]}")
    check(json.loads(run(fermata + ["trial-balance", "--json"]).stdout)["balanced"],
          "trial balance after sales is not balanced")


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

    for message in failures[:40]:
        print("FAIL:", message)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("demo world: imported, verified, and every label's summary matches the model, "
          "before and after a year of sales reports and remittances")
    return 0


if __name__ == "__main__":
    sys.exit(main())
