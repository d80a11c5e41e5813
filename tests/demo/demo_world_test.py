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

    for message in failures[:40]:
        print("FAIL:", message)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("demo world: imported, verified, and every label's summary matches the model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
