# Shared helpers for the fermata CLI end-to-end tests (crash_test.py,
# tamper_test.py, cli_test.py). Standard library only.
#
# Each test script takes the fermata binary as its first argument, runs it as
# a subprocess against databases in a temporary directory, and calls check()
# for every outcome it asserts; the first failed check prints a clear message
# (with the command's output) and exits 1.
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time


class Fermata:
    """Runs the fermata binary against one database file."""

    def __init__(self, binary, db=None, cwd=None):
        self.binary = binary
        self.db = db
        self.cwd = cwd

    def argv(self, *args, db=True):
        argv = [self.binary]
        if db and self.db is not None:
            argv += ["--db", self.db]
        return argv + [str(a) for a in args]

    def run(self, *args, env=None, db=True, timeout=600):
        full_env = dict(os.environ)
        # A test must not pick up a developer's FERMATA_* settings by accident.
        for key in ("FERMATA_DB", "FERMATA_CRASH_AT", "FERMATA_CRASH_AFTER_TXNS"):
            full_env.pop(key, None)
        full_env.setdefault("FERMATA_ACTOR", "e2e-test")
        if env:
            full_env.update(env)
        return subprocess.run(self.argv(*args, db=db), cwd=self.cwd, env=full_env,
                              capture_output=True, text=True, timeout=timeout)

    def ok(self, *args, **kwargs):
        """Runs a command that must exit 0; returns the CompletedProcess."""
        proc = self.run(*args, **kwargs)
        check(proc.returncode == 0, f"`{describe(proc)}` exits 0", proc)
        return proc

    def json(self, *args, **kwargs):
        return json.loads(self.ok(*args, **kwargs).stdout)


def describe(proc):
    args = proc.args if isinstance(proc.args, list) else [proc.args]
    return " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(args))


_checks = 0
_failures = []


def check(condition, what, proc=None, detail=None, fatal=True):
    """Prints `what`; on failure prints the evidence and exits 1 (or, with
    fatal=False, records the failure so the script fails at its end)."""
    global _checks
    _checks += 1
    if condition:
        print(f"  ok: {what}", flush=True)
        return True
    print(f"FAIL: {what}", flush=True)
    if detail is not None:
        print(f"  detail: {detail}")
    if proc is not None:
        print(f"  command: {describe(proc)}")
        print(f"  exit code: {proc.returncode}")
        print("  stdout:\n" + indent(proc.stdout))
        print("  stderr:\n" + indent(proc.stderr))
    if fatal:
        sys.exit(1)
    _failures.append(what)
    return False


def check_eq(actual, expected, what, proc=None, fatal=True):
    return check(actual == expected, f"{what}: {expected!r}", proc,
                 detail=f"expected {expected!r}, got {actual!r}", fatal=fatal)


def indent(text):
    text = text if isinstance(text, str) else text.decode(errors="replace")
    return "\n".join("    | " + line for line in (text or "").rstrip("\n").split("\n"))


def query(db, sql, *params):
    """One scalar from the database via Python's sqlite3 module."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def txn_count(db):
    return query(db, "SELECT count(*) FROM txn")


def posting_count(db):
    return query(db, "SELECT count(*) FROM posting")


def import_count(db):
    return query(db, "SELECT count(*) FROM import")


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def remove_unless_failed(directory):
    """Deletes a work directory, but keeps it for inspection after a failure."""
    if _failures:
        print(f"keeping {directory} for inspection")
    else:
        shutil.rmtree(directory, ignore_errors=True)


def main_wrapper(fn):
    started = time.monotonic()
    fn()
    elapsed = time.monotonic() - started
    if _failures:
        print(f"FAILED: {len(_failures)} of {_checks} checks failed in {elapsed:.1f} s:")
        for what in _failures:
            print(f"  - {what}")
        sys.exit(1)
    print(f"PASS: {_checks} checks in {elapsed:.1f} s")


# A small catalog and journal that import cleanly (as in the project's smoke
# example): a distributor, a warehouse, a label, one CD, three transactions.
SMOKE_FILES = {
    "parties.csv": "id,name,kind\n"
                   "D1,Northwind Distribution,distributor\n"
                   "W1,Northwind Warehouse,warehouse\n"
                   "L1,Harbor Classics,label\n",
    "releases.csv": "id,title,icpn\nR1,Quiet Harbor,0200000000004\n",
    "products.csv": "sku,kind,format,release_id,catalog_number,upc\n"
                    "CD1,physical,CD,R1,HC-001,0200000000004\n",
    "journal.csv": "key,effective_date,memo,party,kind,commodity,location,counterparty,amount\n"
                   "open-1,2026-01-01,Opening cash,D1,cash,USD,,,1000.50\n"
                   "open-1,2026-01-01,Opening cash,D1,equity,USD,,,-1000.50\n"
                   "cons-1,2026-01-02,Consignment DN-1,L1,inventory,SKU:CD1,W1,,500\n"
                   "cons-1,2026-01-02,,L1,external,SKU:CD1,,,-500\n"
                   "rcpt-1,2026-02-01,Store paid for L1,L1,trust,USD,,,250.003472\n"
                   "rcpt-1,2026-02-01,,D1,cash,USD,,,-250.003472\n",
}
CATALOG_FILES = ("parties.csv", "releases.csv", "products.csv")


def write_smoke(directory):
    """Writes SMOKE_FILES into `directory`; returns {name: path}."""
    return {name: write(os.path.join(directory, name), text) for name, text in SMOKE_FILES.items()}


def copy_books(source_db, target_db):
    """Copies a database file and its source archive (<db>.archive/)."""
    shutil.copyfile(source_db, target_db)
    shutil.rmtree(target_db + ".archive", ignore_errors=True)
    if os.path.isdir(source_db + ".archive"):
        shutil.copytree(source_db + ".archive", target_db + ".archive")
