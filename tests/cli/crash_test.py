#!/usr/bin/env python3
# crash_test.py: an import killed at any moment leaves the books wholly
# before or wholly after the import, never in between, and always verifiable.
#
# Method: generate a catalog (20 label parties) and a journal CSV of 50,000
# balanced two-posting transactions (100,000 postings). Build a pre-import
# database (catalog plus a 2-transaction seed journal) and keep it with
# `fermata backup`. Each case starts from a fresh copy of that file.
#  1. One full import, timed; its P03 balance must equal the figure computed
#     here in Python from the generated rows (exact decimal arithmetic).
#  2. Deterministic crash points (FERMATA_CRASH_AT, see
#     src/fermata/base/crash_point.h): before_commit, mid_commit (after 25,000
#     transactions) and after_commit. The process must die by SIGKILL; then
#     `fermata verify` exits 0 and the import is wholly absent (txn and import
#     register counts unchanged) or, for after_commit, wholly present (50,000
#     more transactions, and a re-import says "already imported").
#  3. Seeded random kills (seed printed; set FERMATA_CRASH_SEED to replay,
#     FERMATA_CRASH_KILLS to change the count, default 20): SIGKILL the import
#     after a random delay in [0, full import duration] (every other kill in
#     the last quarter of it, where the commit is); then verify exits 0,
#     the txn count is the before or the after count, the import register
#     agrees, and P03's balances equal the before or the after figures exactly.
#  4. A large DDEX DSR sales report (DSR_BLOCKS blocks of Basic Audio sales,
#     matched to the catalog, aggregated, archived): crash points
#     before_commit / after_commit and seeded random kills; each time verify
#     (ledger and source archive) exits 0 and the report is wholly posted with
#     its register entry and exact balances, or wholly absent and importable.
import datetime
import decimal
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (Fermata, check, check_eq, copy_books, import_count, main_wrapper,  # noqa: E402
                      posting_count, txn_count, write)
import sales_test  # noqa: E402  (its catalog and Basic Audio report writer)

TXNS = 50_000
DSR_BLOCKS = 30_000
PARTIES = 20
WATCHED = "P03"


def amount(i):
    return f"{(i % 997) + 1}.{(i * 37) % 1000:03d}"


def generate(work):
    parties = ["id,name,kind"] + [f"P{p:02d},Crash Party {p},label" for p in range(PARTIES)]
    write(os.path.join(work, "parties.csv"), "\n".join(parties) + "\n")
    write(os.path.join(work, "seed.csv"),
          "key,effective_date,memo,party,kind,commodity,amount\n"
          f"seed-1,2023-12-01,Seed,{WATCHED},cash,USD,100.25\n"
          f"seed-1,2023-12-01,,P00,payable,USD,-100.25\n"
          f"seed-2,2023-12-02,Seed,P00,cash,EUR,7.5\n"
          f"seed-2,2023-12-02,,{WATCHED},payable,EUR,-7.5\n")
    # Expected P03 balances after seed and after the big journal, per account.
    seed = {f"{WATCHED}:cash:USD": decimal.Decimal("100.25"),
            f"{WATCHED}:payable:EUR": decimal.Decimal("-7.5")}
    after = dict(seed)
    lines = ["key,effective_date,memo,party,kind,commodity,location,counterparty,amount"]
    day0 = datetime.date(2024, 1, 1)
    for i in range(TXNS):
        day = day0 + datetime.timedelta(days=i // 100)
        a = amount(i)
        debit, credit = f"P{i % PARTIES:02d}", f"P{(i + 7) % PARTIES:02d}"
        lines.append(f"crash-{i},{day},Crash test {i},{debit},cash,USD,,,{a}")
        lines.append(f"crash-{i},{day},,{credit},payable,USD,,,-{a}")
        if debit == WATCHED:
            after[f"{WATCHED}:cash:USD"] = after.get(f"{WATCHED}:cash:USD", 0) + decimal.Decimal(a)
        if credit == WATCHED:
            key = f"{WATCHED}:payable:USD"
            after[key] = after.get(key, 0) - decimal.Decimal(a)
    write(os.path.join(work, "journal.csv"), "\n".join(lines) + "\n")
    return seed, after


def balances(fermata):
    """{account: Decimal} for the watched party, plus the raw strings."""
    rows = fermata.json("balance", "--party", WATCHED, "--json")
    return {r["account"]: decimal.Decimal(r["balance"]) for r in rows}, \
        {r["account"]: r["balance"] for r in rows}


def fresh_copy(pre_db, work, name):
    db = os.path.join(work, name + ".db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    copy_books(pre_db, db)
    return Fermata(BINARY, db)


def run() -> None:
    work = tempfile.mkdtemp(prefix="fermata-crash-")
    print(f"work directory {work}")
    t0 = time.monotonic()
    seed_expected, after_expected = generate(work)
    journal = os.path.join(work, "journal.csv")
    print(f"generated {TXNS} transactions / {2 * TXNS} postings in {time.monotonic() - t0:.1f} s")

    print("pre-import state: init, catalog, seed journal, backup")
    build = Fermata(BINARY, os.path.join(work, "build.db"))
    build.ok("init")
    build.ok("import", os.path.join(work, "parties.csv"))
    build.ok("import", os.path.join(work, "seed.csv"))
    pre_db = os.path.join(work, "pre.db")
    build.ok("backup", "--to", pre_db)
    before_txns, before_postings = txn_count(pre_db), posting_count(pre_db)
    before_imports = import_count(pre_db)
    check_eq((before_txns, before_postings, before_imports), (2, 4, 2),
             "pre-import txns, postings, import register rows")

    # 1. A full import, timed.
    print("full import (timed)")
    full = fresh_copy(pre_db, work, "full")
    before_bal, before_raw = balances(full)
    check_eq(before_bal, seed_expected, f"{WATCHED} balances before the import")
    t0 = time.monotonic()
    full.ok("import", journal)
    duration = time.monotonic() - t0
    print(f"  full import of {2 * TXNS} postings took {duration:.2f} s")
    check_eq(txn_count(full.db), before_txns + TXNS, "txn count after a full import")
    check_eq(posting_count(full.db), before_postings + 2 * TXNS, "posting count after a full import")
    after_bal, after_raw = balances(full)
    check_eq(after_bal, after_expected, f"{WATCHED} balances after the import (computed in Python)")
    t0 = time.monotonic()
    full.ok("verify")
    print(f"  verify of {before_txns + TXNS} transactions took {time.monotonic() - t0:.2f} s")

    def assert_absent(f, label):
        check_eq(txn_count(f.db), before_txns, f"{label}: txn count unchanged")
        check_eq(posting_count(f.db), before_postings, f"{label}: posting count unchanged")
        check_eq(import_count(f.db), before_imports, f"{label}: no import register entry")
        check_eq(balances(f)[1], before_raw, f"{label}: {WATCHED} balances are the before figures")

    def assert_present(f, label):
        check_eq(txn_count(f.db), before_txns + TXNS, f"{label}: all {TXNS} transactions present")
        check_eq(posting_count(f.db), before_postings + 2 * TXNS, f"{label}: all postings present")
        check_eq(import_count(f.db), before_imports + 1, f"{label}: one import register entry")
        check_eq(balances(f)[1], after_raw, f"{label}: {WATCHED} balances are the after figures")

    # 2. Deterministic crash points.
    for point, extra in (("before_commit", {}),
                         ("mid_commit", {"FERMATA_CRASH_AFTER_TXNS": "25000"}),
                         ("after_commit", {})):
        print(f"deterministic crash at {point} {extra or ''}")
        f = fresh_copy(pre_db, work, point)
        t0 = time.monotonic()
        proc = f.run("import", journal, env={"FERMATA_CRASH_AT": point, **extra})
        check_eq(proc.returncode, -signal.SIGKILL, f"{point}: import dies by SIGKILL", proc)
        print(f"  killed after {time.monotonic() - t0:.2f} s")
        f.ok("verify")
        if point == "after_commit":
            assert_present(f, point)
            again = f.ok("import", journal)
            check("already imported" in again.stdout, f"{point}: re-import says 'already imported'",
                  again)
            assert_present(f, point + " after re-import")
        else:
            assert_absent(f, point)
            # The interrupted import left nothing behind that blocks a retry.
            f.ok("import", journal)
            assert_present(f, point + " then a clean retry")

    # 3. Seeded random kills.
    seed = int(os.environ.get("FERMATA_CRASH_SEED", int(time.time() * 1000) % 1_000_000_007))
    kills = int(os.environ.get("FERMATA_CRASH_KILLS", "20"))
    print(f"random kills: {kills}, seed {seed} (replay with FERMATA_CRASH_SEED={seed}), "
          f"delays in [0, {duration:.2f}] s")
    rng = random.Random(seed)
    outcomes = {"before": 0, "after": 0}
    env = dict(os.environ)
    for key in ("FERMATA_DB", "FERMATA_CRASH_AT", "FERMATA_CRASH_AFTER_TXNS"):
        env.pop(key, None)
    t_random = time.monotonic()
    for k in range(kills):
        # Every delay lies in [0, duration]; odd-numbered kills aim at the
        # last quarter, where the commit (WAL write, fsync) happens.
        delay = rng.uniform(0, duration) if k % 2 == 0 else rng.uniform(0.75 * duration, duration)
        f = fresh_copy(pre_db, work, "random")
        proc = subprocess.Popen(f.argv("import", journal), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        check(rc in (0, -signal.SIGKILL), f"kill {k}: delay {delay:.3f} s, exit {rc} (0 or -9)")
        f.ok("verify")
        n = txn_count(f.db)
        check(n in (before_txns, before_txns + TXNS),
              f"kill {k}: txn count {n} is {before_txns} or {before_txns + TXNS}",
              detail=f"partial import: {n - before_txns} of {TXNS} transactions")
        if n == before_txns:
            assert_absent(f, f"kill {k}")
            outcomes["before"] += 1
        else:
            assert_present(f, f"kill {k}")
            outcomes["after"] += 1
    print(f"random kills done in {time.monotonic() - t_random:.1f} s: {outcomes['before']} "
          f"left the before state, {outcomes['after']} the after state (seed {seed})")
    dsr_crashes(work, rng, env)
    shutil.rmtree(work, ignore_errors=True)


def dsr_report(work):
    """A Basic Audio report over sales_test's catalog; returns (path, expected balances)."""
    blocks, gross = [], {"S1": decimal.Decimal(0), "S2": decimal.Decimal(0)}
    for i in range(DSR_BLOCKS):
        isrc, title, artist = sales_test.TRACKS[i % 3][:3]
        sales = [("SU02", "S2", f"T{i}", i % 50 + 1, "0.004")]
        gross["S2"] += (i % 50 + 1) * decimal.Decimal("0.004")
        if i % 10 == 0:
            sales.append(("SU01", "S1", f"D{i}", 1, "0.99"))
            gross["S1"] += decimal.Decimal("0.99")
        blocks.append(sales_test.block(str(i + 1), isrc, title, artist, *sales))
    summaries = [("S1", "PayAsYouGoModel", "PermanentDownload", "DE", 10, "EUR", str(gross["S1"])),
                 ("S2", "SubscriptionModel", "OnDemandStream", "DE", 1500, "EUR",
                  str(gross["S2"]))]
    path = write(os.path.join(work, sales_test.ba_name()),
                 sales_test.ba_report(blocks, summaries, "CRASH-1", "2016-02-01T12:00:00Z"))
    return path, gross["S1"] + gross["S2"]


def dsr_crashes(work, rng, env):
    print(f"DSR sales report of {DSR_BLOCKS} blocks: crash points and random kills")
    build = Fermata(BINARY, os.path.join(work, "dsr-build.db"), cwd=work)
    build.ok("init")
    tables = sales_test.catalog_tables(sales_test.TRACKS,
                                       sales_test.default_owners(sales_test.TRACKS))
    build.ok("import", "--quiet", *[write(os.path.join(work, n), t) for n, t in tables.items()])
    pre_db = os.path.join(work, "dsr-pre.db")
    build.ok("backup", "--to", pre_db)
    report, total = dsr_report(work)
    before = (txn_count(pre_db), import_count(pre_db))

    def state(f, label):
        f.ok("verify")
        rows = f.json("balance", "--kind", "receivable", "--json")
        owed = sum((decimal.Decimal(r["balance"]) for r in rows), decimal.Decimal(0))
        now = (txn_count(f.db), import_count(f.db))
        if now == before:
            check_eq(owed, 0, f"{label}: nothing posted, no receivable")
            return "before"
        check_eq(now[1], before[1] + 1, f"{label}: one import register entry")
        check_eq(owed, total, f"{label}: receivables equal the report's total {total}")
        return "after"

    full = fresh_copy(pre_db, work, "dsr-full")
    t0 = time.monotonic()
    full.ok("import", "--quiet", report)
    duration = time.monotonic() - t0
    print(f"  full import took {duration:.2f} s")
    check_eq(state(full, "full import"), "after", "full import posts the report")
    for point in ("before_commit", "after_commit"):
        f = fresh_copy(pre_db, work, "dsr-" + point)
        proc = f.run("import", "--quiet", report, env={"FERMATA_CRASH_AT": point})
        check_eq(proc.returncode, -signal.SIGKILL, f"DSR {point}: import dies by SIGKILL", proc)
        expected = "after" if point == "after_commit" else "before"
        check_eq(state(f, "DSR " + point), expected, f"DSR {point}: books {expected} the import")
        f.ok("import", "--quiet", report)
        check_eq(state(f, f"DSR {point} then import again"), "after", f"DSR {point}: retry posts")
    outcomes = {"before": 0, "after": 0}
    for k in range(int(os.environ.get("FERMATA_CRASH_DSR_KILLS", "8"))):
        # Odd-numbered kills aim at the end, where the archive write and commit are.
        delay = rng.uniform(0, duration) if k % 2 == 0 else rng.uniform(0.9 * duration, 1.1 * duration)
        f = fresh_copy(pre_db, work, "dsr-random")
        proc = subprocess.Popen(f.argv("import", "--quiet", report), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        check(proc.wait() in (0, -signal.SIGKILL), f"DSR kill {k}: delay {delay:.3f} s")
        outcomes[state(f, f"DSR kill {k}")] += 1
    print(f"  DSR random kills: {outcomes['before']} before, {outcomes['after']} after")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: crash_test.py PATH/TO/fermata")
    BINARY = os.path.abspath(sys.argv[1])
    main_wrapper(run)
