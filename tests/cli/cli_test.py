#!/usr/bin/env python3
# cli_test.py: the `fermata` command-line contract, end to end.
#
# Method: run the built binary as a subprocess in a temporary directory (file
# names relative to it, so messages read "bad.csv:4: ..."), on small catalog
# and journal files written here, and assert exit codes (base/error.cc), exact
# error lines, exact balances, and database row counts read with Python's
# sqlite3 module. Covered: --help everywhere, usage errors (64), a missing
# database (74), FERMATA_DB, import abort/skip/dry-run/repeat/conflict, void
# twice, balance --as-of/--as-known-at, trial-balance, backup/restore, a
# second writer blocked by a held lock (75, takes the 5 s busy timeout), and
# the hledger export checked by hledger itself (skipped if not installed).
# Checks that fail do not stop the script; all failures are listed at the end.
import hashlib
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
import time

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (CATALOG_FILES, Fermata, check, check_eq, import_count,  # noqa: E402
                      main_wrapper, remove_unless_failed, txn_count, write, write_smoke)

SUBCOMMANDS = [["init"], ["verify"], ["backup"], ["restore"], ["import"], ["balance"],
               ["trial-balance"], ["summary"], ["journal"], ["journal", "show"], ["void"],
               ["export"], ["release"], ["release", "show"], ["dsr"], ["dsr", "check"],
               ["import", "status"], ["import", "void"]]

BAD_JOURNAL = """key,effective_date,memo,party,kind,commodity,location,counterparty,amount
good-1,2026-03-01,Good one,D1,cash,USD,,,10
good-1,2026-03-01,,D1,equity,USD,,,-10
bad-date,2026-02-30,Bad date,D1,cash,USD,,,5
bad-date,2026-02-30,,D1,equity,USD,,,-5
unbal-1,2026-03-02,Unbalanced,D1,cash,USD,,,7
unbal-1,2026-03-02,,D1,equity,USD,,,-6.99
good-2,2026-03-03,Good two,L1,trust,USD,,,1.5
good-2,2026-03-03,,D1,cash,USD,,,-1.5
"""
BAD_JOURNAL_REJECTIONS = [
    "rejected: bad.csv:4: field 'effective_date' = '2026-02-30': date: day 30 is not 1..28 for "
    "2026-02 [date_invalid]",
    "rejected: bad.csv:6: field 'key' = 'unbal-1': transaction 'unbal-1' does not balance in USD: "
    "postings sum to 0.01 [transaction_unbalanced]",
]
# The smoke journal's balances (e2e_util.SMOKE_FILES).
SMOKE_BALANCES = {"D1:cash:USD": "750.496528", "D1:equity:USD": "-1000.5",
                  "L1:external:SKU:CD1": "-500", "L1:inventory:SKU:CD1@W1": "500",
                  "L1:trust:USD": "250.003472"}


def bal(f, *args):
    """{account: balance text} from `balance --json`."""
    return {r["account"]: r["balance"] for r in f.json("balance", "--json", *args)}


def stderr_lines(proc):
    return [line for line in proc.stderr.split("\n") if line]


def run() -> None:
    work = tempfile.mkdtemp(prefix="fermata-cli-")
    print(f"work directory {work}")
    files = write_smoke(work)
    catalog = [os.path.basename(files[n]) for n in CATALOG_FILES]
    nodb = Fermata(BINARY, None, cwd=work)

    print("--help on the program and every subcommand exits 0, touching no database")
    for sub in [[]] + SUBCOMMANDS:
        proc = nodb.run(*sub, "--help")
        check(proc.returncode == 0 and "Usage:" in proc.stdout,
              f"`fermata {' '.join(sub + ['--help'])}` exits 0 with a usage text", proc, fatal=False)
    check(not os.path.exists(os.path.join(work, "fermata.db")), "no ./fermata.db was created")

    print("usage errors exit 64 (EX_USAGE)")
    for argv in (["frobnicate"], [], ["import"], ["balance", "--no-such-flag"],
                 ["export", "--format", "ledger", "-o", "x"], ["journal", "show", "abc"]):
        proc = nodb.run(*argv)
        check_eq(proc.returncode, 64, f"`fermata {' '.join(argv)}` exit code", proc, fatal=False)

    print("a missing database: exit 74, 'no database at', nothing created")
    proc = nodb.run("--db", "missing.db", "balance")
    check_eq(proc.returncode, 74, "balance --db missing.db exit code", proc, fatal=False)
    check_eq(stderr_lines(proc), ["fermata: no database at 'missing.db' (run `fermata init` "
                                  "first, or pass --db) [io_error]"], "its stderr", proc, fatal=False)
    check(not os.path.exists(os.path.join(work, "missing.db")), "missing.db was not created")

    print("FERMATA_DB selects the database; --db overrides it")
    env_db = os.path.join(work, "env.db")
    env = {"FERMATA_DB": env_db}
    proc = nodb.ok("init", env=env)
    check_eq(proc.stdout, f"initialised {env_db} (schema version 11)\n", "init via FERMATA_DB")
    check(os.path.exists(env_db), "the FERMATA_DB file exists")
    nodb.ok("import", *catalog, env=env)
    nodb.ok("import", "journal.csv", env=env)
    check_eq({r["account"]: r["balance"] for r in nodb.json("balance", "--json", env=env)},
             SMOKE_BALANCES, "balances via FERMATA_DB")
    check_eq(txn_count(env_db), 3, "3 transactions in the FERMATA_DB file")
    proc = nodb.run("--db", env_db, "verify", env={"FERMATA_DB": os.path.join(work, "nowhere.db")})
    check_eq(proc.returncode, 0, "--db wins over FERMATA_DB", proc)
    proc = nodb.run("init", env=env)
    check_eq(stderr_lines(proc), [f"fermata: database '{env_db}' already exists [target_exists]"],
             f"init on an existing database refuses (exit {proc.returncode})", proc)
    check_eq(txn_count(env_db), 3, "the existing database is untouched")

    # The main database for the rest.
    db = os.path.join(work, "main.db")
    f = Fermata(BINARY, db, cwd=work)
    f.ok("init")
    f.ok("import", *catalog)
    proc = f.ok("import", "journal.csv")
    check_eq(proc.stdout, "journal.csv: imported as journal: 6 rows, 0 records new, 0 unchanged, "
             "3 transactions appended, 0 already present, 0 rejected\n", "journal import report")
    check_eq(bal(f), SMOKE_BALANCES, "balances after the smoke journal")
    check_eq(bal(f, "--party", "L1", "--kind", "trust"), {"L1:trust:USD": "250.003472"},
             "balance --party L1 --kind trust")
    base_txns, base_imports = txn_count(db), import_count(db)
    check_eq((base_txns, base_imports), (3, 4), "txns and import register rows")

    print("a journal with an invalid date and an unbalanced transaction, --on-error=abort")
    write(os.path.join(work, "bad.csv"), BAD_JOURNAL)
    proc = f.run("import", "bad.csv")
    check_eq(proc.returncode, 65, "exit code (first rejection: date_invalid)", proc, fatal=False)
    check_eq(stderr_lines(proc), BAD_JOURNAL_REJECTIONS, "stderr: one exact line per bad row", proc,
             fatal=False)
    check(proc.stdout.startswith("bad.csv: NOT imported, nothing written (8 rows read, 2 rejected"), "stdout says NOT imported",
          proc, fatal=False)
    check_eq((txn_count(db), import_count(db)), (base_txns, base_imports),
             "nothing imported: txn and import register counts unchanged")
    js = f.run("import", "--json", "bad.csv")
    report = json.loads(js.stdout)[0]
    check_eq([(r["code"], r["file"], r["line"], r["field"], r["value"]) for r in report["rejected"]],
             [("date_invalid", "bad.csv", 4, "effective_date", "2026-02-30"),
              ("transaction_unbalanced", "bad.csv", 6, "key", "unbal-1")],
             "--json rejections: code, file, line, field, value", js, fatal=False)
    check_eq(report["committed"], False, "--json: committed false", js, fatal=False)
    check_eq(report["rows"], 8, "--json: rows counts every data row read (8)", js, fatal=False)

    print("--dry-run writes nothing")
    write(os.path.join(work, "good.csv"),
          "key,effective_date,memo,party,kind,commodity,amount\n"
          "pay-1,2026-03-05,Paid L1,L1,trust,USD,-50\n"
          "pay-1,2026-03-05,,D1,cash,USD,50\n")
    proc = f.ok("import", "--dry-run", "good.csv")
    check_eq(proc.stdout, "good.csv: dry run, nothing written; would import as journal: 2 rows, 0 records new, 0 unchanged, "
             "1 transactions appended, 0 already present, 0 rejected\n", "dry-run report", proc)
    proc = f.run("import", "--dry-run", "--on-error=quarantine", "bad.csv")
    check_eq(proc.returncode, 0, "dry run with skip exits 0", proc, fatal=False)
    check_eq(stderr_lines(proc), BAD_JOURNAL_REJECTIONS, "dry run lists the rejections", proc,
             fatal=False)
    check_eq((txn_count(db), import_count(db)), (base_txns, base_imports),
             "after dry runs: txn and import register counts unchanged")
    check_eq(bal(f), SMOKE_BALANCES, "balances unchanged by dry runs")

    print("--on-error=quarantine imports the valid transactions and lists the rest")
    proc = f.run("import", "--on-error=quarantine", "bad.csv")
    check_eq(proc.returncode, 0, "exit code", proc, fatal=False)
    check_eq(stderr_lines(proc), BAD_JOURNAL_REJECTIONS, "each skipped row listed", proc,
             fatal=False)
    check(proc.stdout.startswith("bad.csv: imported as journal: ")
          and "2 transactions appended" in proc.stdout, "stdout: imported, 2 appended", proc,
          fatal=False)
    keys = [k for (k,) in sqlite3.connect(db).execute("SELECT idempotency_key FROM txn ORDER BY seq")]
    check_eq(keys, ["open-1", "cons-1", "rcpt-1", "good-1", "good-2"], "keys in the ledger")
    expected = dict(SMOKE_BALANCES)
    expected.update({"D1:cash:USD": "758.996528", "D1:equity:USD": "-1010.5",
                     "L1:trust:USD": "251.503472"})
    check_eq(bal(f), expected, "balances after the skip import")
    after_skip = expected

    print("the same file twice: 'already imported', nothing changes, exit 0")
    with open(files["journal.csv"], "rb") as journal_bytes:
        sha = hashlib.sha256(journal_bytes.read()).hexdigest()
    before = (txn_count(db), import_count(db))
    proc = f.ok("import", "journal.csv")
    check_eq(proc.stdout, f"journal.csv: already imported (import 4, same SHA-256 {sha[:12]}); "
             "nothing changed\n", "repeat import report", proc)
    proc = f.ok("import", "bad.csv")
    check("already imported" in proc.stdout, "re-importing the skip-imported file: already imported",
          proc)
    check_eq((txn_count(db), import_count(db)), before, "counts unchanged")
    check_eq(bal(f), after_skip, "balances unchanged")

    print("delivered compressed: a gzipped and a zipped copy of the same journal are the same report")
    with open(files["journal.csv"], "rb") as journal_bytes:
        journal = journal_bytes.read()
    with gzip.open(os.path.join(work, "journal.csv.gz"), "wb") as gz:
        gz.write(journal)
    with zipfile.ZipFile(os.path.join(work, "delivery.zip"), "w") as archive:
        archive.writestr("march/journal.csv", journal)
    proc = f.ok("import", "journal.csv.gz", "delivery.zip")
    check_eq(proc.stdout,
             f"journal.csv.gz: already imported (import 4, same SHA-256 {sha[:12]}); nothing changed\n"
             f"delivery.zip!march/journal.csv: already imported (import 4, same SHA-256 {sha[:12]}); "
             "nothing changed\n", "compressed copies report the original import", proc)
    check_eq((txn_count(db), import_count(db)), before, "counts unchanged")
    write(os.path.join(work, "latin1.csv"), "")
    with open(os.path.join(work, "latin1.csv"), "wb") as latin:
        latin.write("id,name,kind\nL9,Caf\u00e9 Records,label\n".encode("latin-1"))
    proc = f.run("import", "latin1.csv")
    check_eq((proc.returncode, stderr_lines(proc)),
             (65, ["fermata: latin1.csv:2: byte 20 is not valid UTF-8; if the file is Latin-1, pass "
                   "--encoding latin-1 [parse_error]"]), "undeclared Latin-1 is refused", proc,
             fatal=False)
    proc = f.ok("import", "--encoding", "latin-1", "--json", "latin1.csv")
    check_eq(json.loads(proc.stdout)[0]["encoding"], "latin-1", "declared Latin-1 imports", proc)
    before = (txn_count(db), import_count(db))

    print("a key reused with different content in a new file: exit 67")
    write(os.path.join(work, "conflict.csv"),
          "key,effective_date,memo,party,kind,commodity,amount\n"
          "open-1,2026-01-01,Opening cash,D1,cash,USD,1000.51\n"
          "open-1,2026-01-01,Opening cash,D1,equity,USD,-1000.51\n")
    proc = f.run("import", "conflict.csv")
    check_eq(proc.returncode, 67, "exit code", proc, fatal=False)
    check_eq(stderr_lines(proc), ["rejected: conflict.csv:2: field 'key' = 'open-1': transaction "
                                  "key 'open-1' already holds transaction 1 with different content "
                                  "[exists_with_different_content]"], "stderr", proc, fatal=False)
    check_eq((txn_count(db), import_count(db)), before, "counts unchanged")

    print("void twice")
    proc = f.ok("void", "3", "--reason", "wrong store")
    check_eq(proc.stdout, "voided transaction 3 with reversing transaction 6\n", "first void")
    shown = f.json("journal", "show", "6", "--json")
    check_eq((shown["voids"], shown["key"], shown["memo"], shown["effective_date"],
              [(p["account"], p["amount"]) for p in shown["postings"]]),
             (3, "void:3", "Void of transaction 3: wrong store", "2026-02-01",
              [("L1:trust:USD", "-250.003472"), ("D1:cash:USD", "250.003472")]),
             "the reversing transaction 6")
    check_eq(bal(f, "--party", "L1", "--kind", "trust"), {"L1:trust:USD": "1.5"},
             "L1 trust after the void")
    proc = f.ok("void", "3", "--reason", "wrong store")
    check_eq(proc.stdout, "transaction 3 was already voided by transaction 6; nothing changed\n",
             "the same void again is a no-op")
    proc = f.run("void", "3", "--reason", "other")
    check_eq(proc.returncode, 66, "void with another reason: exit code", proc, fatal=False)
    check_eq(stderr_lines(proc), ["fermata: transaction 3 was already voided [already_voided]"],
             "its stderr", proc, fatal=False)
    proc = f.run("void", "99", "--reason", "x")
    check_eq((proc.returncode, stderr_lines(proc)),
             (66, ["fermata: no transaction 99 in this ledger [transaction_not_found]"]),
             "void of a missing transaction", proc, fatal=False)
    check_eq(txn_count(db), 6, "6 transactions")

    print("trial-balance --json")
    tb = f.json("trial-balance", "--json")
    check_eq(tb, {"balanced": True, "commodities": [
        {"commodity": "SKU:CD1", "credits": "500", "debits": "500", "net": "0"},
        {"commodity": "USD", "credits": "1010.5", "debits": "1010.5", "net": "0"}]},
        "trial balance")

    print("balance --as-of and --as-known-at on a fresh database")
    h = Fermata(BINARY, os.path.join(work, "history.db"), cwd=work)
    h.ok("init")
    h.ok("import", *catalog)
    write(os.path.join(work, "t1.csv"), "key,effective_date,memo,party,kind,commodity,amount\n"
          "t1,2026-05-10,First,D1,cash,USD,100\nt1,2026-05-10,,D1,equity,USD,-100\n")
    write(os.path.join(work, "t2.csv"), "key,effective_date,memo,party,kind,commodity,amount\n"
          "t2a,2026-04-01,Backdated,D1,cash,USD,7\nt2a,2026-04-01,,D1,equity,USD,-7\n"
          "t2b,2026-06-01,Later,D1,cash,USD,11\nt2b,2026-06-01,,D1,equity,USD,-11\n")
    h.ok("import", "t1.csv")
    first = h.json("journal", "show", "1", "--json")
    time.sleep(0.05)
    h.ok("import", "t2.csv")
    second = h.json("journal", "show", "2", "--json")
    third = h.json("journal", "show", "3", "--json")
    check(second["recorded_at"] > first["recorded_at"],
          f"recorded_at advances: {first['recorded_at']} < {second['recorded_at']}")
    known = first["recorded_at"]
    cash = ["--party", "D1", "--kind", "cash"]
    for args, want in (([], "118"), (["--as-of", "2026-04-30"], "7"),
                       (["--as-of", "2026-05-31"], "107"), (["--as-of", "2026-03-31"], None),
                       (["--as-known-at", known], "100"),
                       (["--as-known-at", known, "--as-of", "2026-04-30"], None),
                       (["--as-known-at", known, "--as-of", "2026-05-31"], "100"),
                       (["--as-known-at", third["recorded_at"]], "118"),
                       (["--as-known-at", "2000-01-01"], None),
                       (["--as-known-at", known[:4]], "118")):
        check_eq(bal(h, *cash, *args), {"D1:cash:USD": want} if want else {},
                 f"D1 cash with {' '.join(args) or 'no bounds'}")
    # One import is one commit with one recorded time: no reader ever saw t2a
    # without t2b, so the books "as known at" t2a's recorded time hold both
    # (118), never the 107 of a half-applied file.
    check_eq(second["recorded_at"], third["recorded_at"],
             "both transactions of one import share one recorded time")
    mid = bal(h, *cash, "--as-known-at", second["recorded_at"])
    check_eq(mid, {"D1:cash:USD": "118"},
             f"D1 cash --as-known-at {second['recorded_at']} (the import t2.csv) is the whole "
             "import", fatal=False)
    tb = h.json("trial-balance", "--json", "--as-known-at", known)
    check_eq(tb["commodities"], [{"commodity": "USD", "credits": "100", "debits": "100", "net": "0"}],
             "trial-balance --as-known-at the first import")
    proc = h.run("balance", "--as-of", "2026-13-01")
    check_eq((proc.returncode, stderr_lines(proc)),
             (65, ["fermata: field 'as-of' = '2026-13-01': as-of must be a real YYYY-MM-DD "
                   "day [date_invalid]"]), "an invalid --as-of", proc, fatal=False)

    print("backup --to, then restore --from --force into another database")
    backup = os.path.join(work, "main.backup.db")
    proc = f.ok("backup", "--to", backup)
    check(proc.stdout.startswith(f"backed up {db} (and its source archive) to {backup}; "
                                 "verifying the copy\nverified: 6 "
                                 "transactions, 12 postings"), "backup report", proc)
    proc = f.run("backup", "--to", backup)
    check_eq((proc.returncode, stderr_lines(proc)),
             (73, [f"fermata: backup target '{backup}' already exists [target_exists]"]),
             "backup onto an existing file is refused", proc, fatal=False)
    other = Fermata(BINARY, os.path.join(work, "other.db"), cwd=work)
    other.ok("init")
    other.ok("import", *catalog)
    proc = other.run("restore", "--from", backup)
    check(proc.returncode != 0 and "pass --force to replace it [target_exists]" in proc.stderr,
          f"restore onto an existing database without --force is refused with a non-zero exit "
          f"(got {proc.returncode})", proc, fatal=False)
    check_eq(txn_count(other.db), 0, "the refused restore left other.db alone")
    proc = other.ok("restore", "--from", backup, "--force")
    check(proc.stdout.endswith(f"restored {other.db} from {backup}\n"), "restore report", proc)
    other.ok("verify")
    check_eq(bal(other), bal(f), "restored balances equal the original's")
    check_eq(other.json("trial-balance", "--json"), f.json("trial-balance", "--json"),
             "restored trial balance equals the original's")
    check_eq(other.json("journal", "show", "6", "--json"), f.json("journal", "show", "6", "--json"),
             "restored transaction 6 (all hashes) equals the original's")
    fresh = Fermata(BINARY, os.path.join(work, "fresh.db"), cwd=work)
    fresh.ok("restore", "--from", backup)
    check_eq(bal(fresh), bal(f), "restore into a new path: balances equal")

    print("import status lists the register; import void reverses one import, once")
    iv = Fermata(BINARY, os.path.join(work, "import-void.db"), cwd=work)
    iv.ok("init")
    iv.ok("import", *catalog, "journal.csv")
    register = iv.json("import", "status", "--json")["imports"]
    check_eq([(r["id"], r["path"], r["format"], r["transactions"]) for r in register],
             [(i + 1, name, "catalog", 0) for i, name in enumerate(catalog)] +
             [(len(catalog) + 1, "journal.csv", "journal", 3)], "import status --json")
    journal_id = str(len(catalog) + 1)
    proc = iv.ok("import", "void", journal_id, "--reason", "wrong period")
    check_eq(proc.stdout, f"import {journal_id}: 3 transactions reversed, "
             "0 already reversed\n", "import void report", proc)
    check_eq(bal(iv), {}, "every balance of the voided import is back to zero")
    proc = iv.ok("import", "void", journal_id, "--reason", "wrong period")
    check_eq(proc.stdout, f"import {journal_id}: 0 transactions reversed, "
             "3 already reversed\n", "voiding the import again changes nothing", proc)
    proc = iv.run("import", "void", "99", "--reason", "x")
    check_eq((proc.returncode, stderr_lines(proc)),
             (66, ["fermata: field 'import' = '99': no import 99 [transaction_not_found]"]),
             "an unknown import id", proc, fatal=False)
    iv.ok("verify")

    print("a second writer while another holds the write lock: exit 75 after the busy timeout")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        before = (txn_count(db), import_count(db))
        t0 = time.monotonic()
        proc = f.run("import", "good.csv")
        waited = time.monotonic() - t0
        check_eq(proc.returncode, 75, f"import under a held lock exit code (after {waited:.1f} s)",
                 proc, fatal=False)
        check("locked" in proc.stderr and "[storage_busy]" in proc.stderr,
              "stderr says 'locked' [storage_busy]", proc, fatal=False)
        check(waited >= 4.5, f"it waited for the 5 s busy timeout ({waited:.1f} s)")
        proc = f.run("balance", "--json")
        check_eq(proc.returncode, 0, "a reader is not blocked by the writer", proc, fatal=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    check_eq((txn_count(db), import_count(db)), before, "the blocked import wrote nothing")
    proc = f.ok("import", "good.csv")
    check("1 transactions appended" in proc.stdout, "after the lock is released it imports", proc)
    # after_skip, then the void of transaction 3 (L1 trust -250.003472, D1 cash
    # +250.003472), then good.csv (L1 trust -50, D1 cash +50).
    final = {**after_skip, "L1:trust:USD": "-48.5", "D1:cash:USD": "1059"}
    check_eq(bal(f), final, "balances after good.csv")

    print("export --format hledger, checked by hledger")
    if shutil.which("hledger") is None:
        print("SKIP: hledger not installed")
    else:
        out = os.path.join(work, "out.journal")
        proc = f.ok("export", "--format", "hledger", "-o", out)
        check_eq(proc.stdout, f"exported hledger to {out}\n", "export report")
        check(not os.path.exists(out + ".partial"), "no .partial file left behind")
        for args in (["check"], ["check", "--strict"]):
            hl = subprocess.run(["hledger", "-f", out, *args], capture_output=True, text=True)
            check_eq(hl.returncode, 0, f"hledger -f out.journal {' '.join(args)}", hl, fatal=False)
        hl = subprocess.run(["hledger", "-f", out, "bal", "-N", "--flat", "parties:L1:trust",
                             "-O", "csv"], capture_output=True, text=True)
        check('"parties:L1:trust","-48.500000 USD"' in hl.stdout,
              "hledger's L1 trust balance is -48.5 USD", hl, fatal=False)
    proc = f.ok("export", "--format", "csv", "-o", "gl.csv")
    check(os.path.getsize(os.path.join(work, "gl.csv")) > 0, "GL CSV export written")
    f.ok("verify")
    remove_unless_failed(work)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: cli_test.py PATH/TO/fermata")
    BINARY = os.path.abspath(sys.argv[1])
    main_wrapper(run)
