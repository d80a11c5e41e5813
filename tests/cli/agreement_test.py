#!/usr/bin/env python3
# Goal: `fermata agreement add|list|show` records agreement versions as data:
# the demo's files are accepted, the same file twice changes nothing and says
# so, an amendment is a new version in force from its day, and bad files are
# refused whole, naming file, line and key, with nothing written.
# Method: a fresh database with the SMOKE catalog plus the demo's parties,
# the demo/agreements files and edited copies of them.
import os
import sys
import tempfile

from e2e_util import Fermata, check, check_eq, main_wrapper, query, remove_unless_failed, write

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(REPO, "demo", "agreements")


def demo_file(name):
    with open(os.path.join(DEMO, name), encoding="utf-8") as f:
        return f.read()


def run():
    work = tempfile.mkdtemp(prefix="fermata-agreement-")
    db = os.path.join(work, "books.db")
    f = Fermata(sys.argv[1], db)
    f.ok("init")
    parties = write(os.path.join(work, "parties.csv"),
                    "id,name,kind\nMERIDIAN,Meridian,distributor\nAGG-TRIB,Tributary,aggregator\n"
                    "L001,Saltmarsh Music,label\n")
    f.ok("import", parties)

    v1, v2 = (os.path.join(DEMO, f"L001-MERIDIAN-v{n}.toml") for n in (1, 2))
    agg = os.path.join(DEMO, "AGG-TRIB-MERIDIAN-v1.toml")
    proc = f.ok("agreement", "add", v1, agg)
    check_eq(proc.stdout.splitlines()[0],
             f"added AGR-L001-MERIDIAN version 1, in force from 2024-01-01  ({v1})",
             "version 1 is added", proc)
    again = f.json("agreement", "add", "--json", v1)
    check_eq(again[0]["status"], "unchanged", "the same file twice changes nothing and says so")
    check_eq(query(db, "SELECT count(*) FROM agreement"), 2, "two versions stored")

    # A version out of sequence, or not later than the one it follows, is refused.
    skip = write(os.path.join(work, "v3.toml"), demo_file("L001-MERIDIAN-v2.toml").replace(
        "version = 2", "version = 3"))
    proc = f.run("agreement", "add", skip)
    check_eq(proc.returncode, 65, "a gap in version numbers is refused (exit 65)", proc)
    check_eq(proc.stderr.strip(),
             f"fermata: {skip}:5: field 'version' = '3': must be 2: versions of AGR-L001-MERIDIAN "
             "are numbered 1, 2, 3... without gaps [field_invalid]", "the refusal says which", proc)
    early = write(os.path.join(work, "early.toml"), demo_file("L001-MERIDIAN-v2.toml").replace(
        "effective_from = 2026-07-01", "effective_from = 2024-01-01"))
    proc = f.run("agreement", "add", early)
    check("must be after version 1's (2024-01-01)" in proc.stderr,
          "an amendment takes effect after the version it follows", proc)

    # A bad file among good ones: nothing of the call is written.
    bad = write(os.path.join(work, "bad.toml"),
                demo_file("L001-MERIDIAN-v2.toml").replace('rate = "22%"', "rate = 0.22"))
    proc = f.run("agreement", "add", v2, bad)
    check_eq(proc.stderr.strip(),
             f"fermata: {bad}:27: field 'fee[1].rate': write it as text (\"25%\"): a TOML "
             "number with a fraction is binary floating point, not exact [field_invalid]",
             "a float rate is refused with its file, line and key", proc)
    check_eq(query(db, "SELECT count(*) FROM agreement"), 2, "the good file of that call is not kept")

    stranger = write(os.path.join(work, "stranger.toml"), demo_file("L001-MERIDIAN-v1.toml")
                     .replace('id = "AGR-L001-MERIDIAN"', 'id = "AGR-L999"')
                     .replace('licensor = "L001"', 'licensor = "L999"'))
    proc = f.run("agreement", "add", stranger)
    check("names party 'L999', which the catalog does not have" in proc.stderr,
          "parties must exist in the catalog", proc)

    f.ok("agreement", "add", v2)
    listed = f.json("agreement", "list", "--json")
    check_eq([(a["id"], a["version"], a["effective_from"]) for a in listed],
             [("AGR-AGG-TRIB-MERIDIAN", 1, "2024-01-01"), ("AGR-L001-MERIDIAN", 1, "2024-01-01"),
              ("AGR-L001-MERIDIAN", 2, "2026-07-01")], "list: every version, by id and version")
    before = f.json("agreement", "show", "AGR-L001-MERIDIAN", "--on", "2026-06-30", "--json")
    after = f.json("agreement", "show", "AGR-L001-MERIDIAN", "--on", "2026-07-01", "--json")
    check_eq((before["version"], before["fees"][0]["rate"], before["payment"]["days_after_period"]),
             (1, "25%", 90), "on 2026-06-30 version 1 is in force")
    check_eq((after["version"], after["fees"][0]["rate"], after["payment"]["days_after_period"]),
             (2, "22%", 60), "from 2026-07-01 the amendment is")
    check_eq(after["reserve"], {"clause": "6.1", "rate": "20%", "basis": "after_fee",
                                "channels": ["physical"], "release": ["50%", "50%"]},
             "the reserve, with its clause")
    proc = f.run("agreement", "show", "AGR-L001-MERIDIAN", "--on", "2023-12-31")
    check("is not in force on 2023-12-31" in proc.stderr, "no version before the first", proc)
    remove_unless_failed(work)


if __name__ == "__main__":
    main_wrapper(run)
