#!/usr/bin/env python3
# Goal: `fermata payee add|list` keeps payee master data: the demo's files are
# accepted and normalised, the same file twice changes nothing and says so, a
# new file for a party replaces its current record (the old one stays on
# file), withholding follows the tax form on the day and flags what is
# missing or expired, and bad files are refused whole naming file, line and
# key, with nothing written.
# Method: a fresh database with the demo's parties, the demo/payees files and
# edited copies of them.
import os
import sys
import tempfile

from e2e_util import Fermata, check_eq, main_wrapper, query, remove_unless_failed, write

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(REPO, "demo", "payees")


def run():
    work = tempfile.mkdtemp(prefix="fermata-payee-")
    db = os.path.join(work, "books.db")
    f = Fermata(sys.argv[1], db)
    f.ok("init")
    f.ok("import", write(os.path.join(work, "parties.csv"),
                         "id,name,kind\nL001,Saltmarsh Music,label\nL002,Tumbleweed Music,label\n"))
    l001, l002 = (os.path.join(DEMO, f"L00{n}.toml") for n in (1, 2))
    proc = f.ok("payee", "add", l001, l002)
    check_eq(proc.stdout, f"added payee L001, Saltmarsh Music Ltd  ({l001})\n"
             f"added payee L002, Tumbleweed Music LLC  ({l002})\n", "both are added", proc)
    again = f.json("payee", "add", "--json", l001)
    check_eq(again[0]["status"], "unchanged", "the same file twice changes nothing and says so")

    rows = {r["party"]: r for r in f.json("payee", "list", "--on", "2026-06-30", "--json")}
    check_eq((rows["L001"]["bank"], rows["L001"]["withholding_rate"], rows["L001"]["flagged"]),
             ("GB82 ...5432 NWBKGB2L", "0", False),
             "L001: IBAN normalised and masked, treaty rate 0% from its W-8BEN-E")
    check_eq((rows["L002"]["withholding_rate"], rows["L002"]["withholding_reason"],
              rows["L002"]["flagged"]),
             ("0.24", "no tax form on file: backup withholding 24%", True),
             "L002: a US payee without a W-9 is flagged with backup withholding")
    later = {r["party"]: r for r in f.json("payee", "list", "--on", "2029-01-01", "--json")}
    check_eq(later["L001"]["withholding_reason"], "W-8BEN-E expired on 2028-12-31: default 30%",
             "a W-8 expires at the end of the third year after it was received")

    with open(l002, encoding="utf-8") as src:
        text = src.read()
    w9 = write(os.path.join(work, "L002-w9.toml"), text + '\n[tax_form]\nkind = "W-9"\n'
               'received = 2026-07-15\n')
    f.ok("payee", "add", w9)
    rows = {r["party"]: r for r in f.json("payee", "list", "--on", "2026-08-01", "--json")}
    check_eq((rows["L002"]["withholding_rate"], rows["L002"]["flagged"]), ("0", False),
             "the W-9 received replaces the record: no withholding from then on")
    check_eq(query(db, "SELECT count(*) FROM payee WHERE party = 'L002'"), 2,
             "the earlier record stays on file")

    bad = write(os.path.join(work, "bad.toml"), text.replace("021000021", "021000022"))
    proc = f.run("payee", "add", l001, bad)
    check_eq(proc.returncode, 65, "a bad routing number is refused (exit 65)", proc)
    check_eq(proc.stderr.strip(),
             f"fermata: {bad}:14: field 'bank.routing' = '021000022': routing number: checksum "
             "fails (weights 3-7-1) [identifier_invalid]", "naming file, line and key", proc)
    stranger = write(os.path.join(work, "stranger.toml"), text.replace('"L002"', '"L999"'))
    proc = f.run("payee", "add", stranger)
    check_eq(proc.stderr.strip(),
             f"fermata: {stranger}: field 'party' = 'L999': names party 'L999', which the catalog "
             "does not have [party_unknown]", "an unknown party is refused", proc)
    check_eq(query(db, "SELECT count(*) FROM payee"), 3, "nothing of a refused call is written")
    remove_unless_failed(work)


if __name__ == "__main__":
    main_wrapper(run)
