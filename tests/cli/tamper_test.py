#!/usr/bin/env python3
# tamper_test.py: the ledger tables refuse edits, and an edit made by someone
# who drops the append-only triggers is caught by `fermata verify`.
#
# Method: import a small catalog and a 3-transaction journal with the CLI and
# keep that database as a `fermata backup`. Then, each case on a fresh copy,
# use the sqlite3 command-line shell (Debian package sqlite3) as an attacker:
#  - UPDATE/DELETE on posting and txn with the triggers in place must fail
#    with "append-only" on stderr, and leave verify passing;
#  - with the triggers dropped (names from storage/sqlite/schema.cc:
#    <table>_no_UPDATE, <table>_no_DELETE): an amount changed in transaction 2
#    (amount blobs are 16 bytes, big-endian two's complement of value * 10^12
#    with the sign bit flipped; encoded here in Python), both amounts of
#    transaction 2 changed so it still balances, its memo changed, the
#    denormalised posting.effective_date / posting.party_id of transaction 3
#    changed (they drive `balance --as-of` and `balance --party`), and
#    transaction 2 deleted from the middle of the chain. For each, verify
#    must exit 70 and print "VERIFY FAILED: first broken link at transaction N"
#    for the first transaction touched.
#  - Deleting the LAST transaction (and its postings) leaves a shorter chain
#    that is still internally consistent: verify alone passes, and
#    verify --expect-tip with the tip recorded before (verify --json) fails.
# Every case runs even if an earlier one fails; failures are listed at the end.
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (CATALOG_FILES, Fermata, check, copy_books, check_eq, indent, main_wrapper,  # noqa: E402
                      query, remove_unless_failed, write_smoke)

SCALE = 10 ** 12  # Decimal::kScale: amounts are stored as integers of 10^-12.
TRIGGERS = [f"{table}_no_{verb}" for table in ("account", "txn", "posting")
            for verb in ("UPDATE", "DELETE")]
APPEND_ONLY = "is append-only: post a reversing entry instead"


def encode_amount(text):
    """The 16-byte blob fermata stores for a decimal string."""
    from decimal import Decimal
    raw = int(Decimal(text) * SCALE)
    assert Decimal(raw) == Decimal(text) * SCALE, "more than 12 decimal places"
    bits = (raw & ((1 << 128) - 1)) ^ (1 << 127)
    return bits.to_bytes(16, "big")


def decode_amount(blob):
    from decimal import Decimal
    bits = int.from_bytes(blob, "big") ^ (1 << 127)
    if bits >= 1 << 127:
        bits -= 1 << 128
    return Decimal(bits) / SCALE


def shell(db, sql):
    """Runs SQL in the sqlite3 command-line shell."""
    return subprocess.run(["sqlite3", db, sql], capture_output=True, text=True)


def run() -> None:
    if shutil.which("sqlite3") is None:
        print("SKIP: the sqlite3 command-line shell is not installed")
        sys.exit(77)  # ctest SKIP_RETURN_CODE
    work = tempfile.mkdtemp(prefix="fermata-tamper-")
    print(f"work directory {work}")
    files = write_smoke(work)
    base = Fermata(BINARY, os.path.join(work, "build.db"))
    base.ok("init")
    base.ok("import", *[files[name] for name in CATALOG_FILES])
    base.ok("import", files["journal.csv"])
    base.ok("verify")
    base_db = os.path.join(work, "base.db")
    base.ok("backup", "--to", base_db)

    counter = [0]

    def fresh(case, drop_triggers):
        counter[0] += 1
        db = os.path.join(work, f"case{counter[0]}-{case}.db")
        copy_books(base_db, db)
        if drop_triggers:
            dropped = shell(db, "; ".join(f"DROP TRIGGER {t}" for t in TRIGGERS))
            check_eq(dropped.returncode, 0, f"{case}: triggers dropped", dropped)
        return Fermata(BINARY, db)

    def tamper(f, case, sql):
        proc = shell(f.db, sql)
        check_eq(proc.returncode, 0, f"{case}: sqlite3 accepts `{sql}`", proc)

    def expect_broken(f, case, seq, problem=None):
        proc = f.run("verify")
        ok = check_eq(proc.returncode, 70, f"{case}: verify exits 70 (integrity_broken)", proc,
                      fatal=False)
        first = proc.stdout.split("\n")[0]
        ok &= check_eq(first, f"VERIFY FAILED: first broken link at transaction {seq}",
                       f"{case}: verify's first line", proc, fatal=False)
        if problem is not None:
            ok &= check(f"  transaction {seq}: {problem}\n" in proc.stdout,
                        f"{case}: verify lists 'transaction {seq}: {problem}'", proc, fatal=False)
        if ok:
            js = f.run("verify", "--json")
            report = json.loads(js.stdout) if js.stdout.startswith("{") else {}
            check(js.returncode == 70 and report.get("ok") is False
                  and report.get("first_broken_transaction") == seq,
                  f"{case}: verify --json says ok=false, first_broken_transaction={seq}", js,
                  fatal=False)

    # 1. With the triggers in place, the shell cannot change the ledger.
    print("append-only triggers refuse UPDATE and DELETE")
    f = fresh("triggers", drop_triggers=False)
    before_blob = query(f.db, "SELECT amount FROM posting WHERE txn_seq=2 AND posting_index=0")
    check_eq(decode_amount(before_blob), 500, "decoded amount of transaction 2, posting 0")
    check_eq(encode_amount("500").hex(), before_blob.hex(), "encode_amount('500') equals the stored blob")
    for table, sql in (
            ("posting", f"UPDATE posting SET amount=X'{encode_amount('501').hex()}' "
                        "WHERE txn_seq=2 AND posting_index=0"),
            ("txn", "UPDATE txn SET memo='forged' WHERE seq=2"),
            ("posting", "DELETE FROM posting WHERE txn_seq=3"),
            ("txn", "DELETE FROM txn WHERE seq=3")):
        proc = shell(f.db, sql)
        check(proc.returncode != 0 and f"ledger table {table} {APPEND_ONLY}" in proc.stderr,
              f"`{sql}` refused: 'ledger table {table} {APPEND_ONLY}'", proc)
    check_eq(query(f.db, "SELECT amount FROM posting WHERE txn_seq=2 AND posting_index=0"),
             before_blob, "amount unchanged (blob compared)")
    proc = f.ok("verify")
    check("verified: 3 transactions, 6 postings" in proc.stdout, "verify still passes", proc)

    # 2. Triggers dropped: every edit is caught.
    print("triggers dropped: one amount in transaction 2 changed (500 -> 501)")
    f = fresh("amount", drop_triggers=True)
    blob = encode_amount("501")
    check_eq(blob.hex().upper(), "80000000000000000001C7A827085000", "blob for 501")
    tamper(f, "amount", f"UPDATE posting SET amount=X'{blob.hex()}' "
                        "WHERE txn_seq=2 AND posting_index=0")
    check_eq(decode_amount(query(f.db, "SELECT amount FROM posting WHERE txn_seq=2 AND "
                                       "posting_index=0")), 501, "stored amount is now 501")
    expect_broken(f, "amount", 2, "content does not match its hash")

    print("triggers dropped: both amounts of transaction 2 changed, still balanced")
    f = fresh("balanced-amounts", drop_triggers=True)
    tamper(f, "balanced-amounts",
           f"UPDATE posting SET amount=X'{encode_amount('499').hex()}' "
           "WHERE txn_seq=2 AND posting_index=0; "
           f"UPDATE posting SET amount=X'{encode_amount('-499').hex()}' "
           "WHERE txn_seq=2 AND posting_index=1")
    check_eq(f.json("trial-balance", "--json")["balanced"], True,
             "balanced-amounts: trial balance still nets to zero (the forgery is consistent)")
    expect_broken(f, "balanced-amounts", 2, "content does not match its hash")

    print("triggers dropped: memo of transaction 2 changed")
    f = fresh("memo", drop_triggers=True)
    tamper(f, "memo", "UPDATE txn SET memo='Consignment DN-2' WHERE seq=2")
    expect_broken(f, "memo", 2, "content does not match its hash")

    print("triggers dropped: posting.effective_date of transaction 3 moved to 2027")
    f = fresh("posting-date", drop_triggers=True)
    as_of = ["balance", "--party", "L1", "--kind", "trust", "--as-of", "2026-06-30", "--json"]
    check_eq([r["balance"] for r in f.json(*as_of)], ["250.003472"],
             "posting-date: L1 trust as of 2026-06-30 before the edit")
    tamper(f, "posting-date", "UPDATE posting SET effective_date='2027-01-01' WHERE txn_seq=3")
    print(f"  (balance as of 2026-06-30 now reads {[r['balance'] for r in f.json(*as_of)]})")
    expect_broken(f, "posting-date", 3)

    print("triggers dropped: posting.party_id of transaction 3 moved from L1 to W1")
    f = fresh("posting-party", drop_triggers=True)
    tamper(f, "posting-party",
           "UPDATE posting SET party_id='W1' WHERE txn_seq=3 AND posting_index=0")
    w1 = [r["account"] + "=" + r["balance"] for r in f.json("balance", "--party", "W1", "--json")]
    print(f"  (balance --party W1 now reads {w1})")
    expect_broken(f, "posting-party", 3)

    print("triggers dropped: transaction 2 deleted from the middle of the chain")
    f = fresh("delete-middle", drop_triggers=True)
    tamper(f, "delete-middle", "DELETE FROM posting WHERE txn_seq=2; DELETE FROM txn WHERE seq=2")
    expect_broken(f, "delete-middle", 2)

    # 3. Truncating the tail: the chain alone stays consistent, so verify
    #    passes on its own; against a tip anchor recorded before (verify
    #    --json prints it), verify --expect-tip catches it.
    print("triggers dropped: last transaction (3) deleted; caught only against a recorded tip")
    f = fresh("delete-last", drop_triggers=True)
    anchor = json.loads(f.run("verify", "--json").stdout)["tip"]
    check_eq(anchor["seq"], 3, "delete-last: the tip recorded before tampering is transaction 3")
    tamper(f, "delete-last", "DELETE FROM posting WHERE txn_seq=3; DELETE FROM txn WHERE seq=3")
    proc = f.run("verify")
    # The chain itself is consistent; what verify still sees is the dropped
    # append-only triggers.
    check_eq(proc.returncode, 70, "delete-last: verify flags the dropped triggers", proc,
             fatal=False)
    check_eq(proc.stdout.splitlines()[0] if proc.stdout else "",
             "VERIFY FAILED: the storage's safeguards are damaged",
             "delete-last: no broken link in the shortened chain itself", proc, fatal=False)
    proc = f.run("verify", "--expect-tip", f"{anchor['seq']}:{anchor['sha256']}")
    check_eq(proc.returncode, 70, "delete-last: verify --expect-tip exits 70", proc, fatal=False)
    check_eq(proc.stdout.splitlines()[0] if proc.stdout else "",
             "VERIFY FAILED: first broken link at transaction 3",
             "delete-last: verify --expect-tip names transaction 3", proc, fatal=False)
    remove_unless_failed(work)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tamper_test.py PATH/TO/fermata")
    BINARY = os.path.abspath(sys.argv[1])
    main_wrapper(run)
