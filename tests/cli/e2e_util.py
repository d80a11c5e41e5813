# Shared helpers for the fermata CLI end-to-end tests (crash_test.py,
# tamper_test.py, cli_test.py). Standard library only.
#
# Each test script takes the fermata binary as its first argument, runs it as
# a subprocess against databases in a temporary directory, and calls check()
# for every outcome it asserts; the first failed check prints a clear message
# (with the command's output) and exits 1.
import json
import os
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


def check(condition, what, proc=None, detail=None):
    """Prints `what`; on failure prints the evidence and exits 1."""
    global _checks
    _checks += 1
    if condition:
        print(f"  ok: {what}", flush=True)
        return
    print(f"FAIL: {what}", flush=True)
    if detail is not None:
        print(f"  detail: {detail}")
    if proc is not None:
        print(f"  command: {describe(proc)}")
        print(f"  exit code: {proc.returncode}")
        print("  stdout:\n" + indent(proc.stdout))
        print("  stderr:\n" + indent(proc.stderr))
    sys.exit(1)


def check_eq(actual, expected, what, proc=None):
    check(actual == expected, f"{what}: {expected!r}", proc,
          detail=f"expected {expected!r}, got {actual!r}")


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


def main_wrapper(fn):
    started = time.monotonic()
    fn()
    print(f"PASS: {_checks} checks in {time.monotonic() - started:.1f} s")
