#!/usr/bin/env python3
# Goal: `fermata dsr check` reads the real DDEX DSR samples (plain and
# gzipped), accepts the good one with the figures samples/README.md states,
# and rejects the damaged ones naming file, line, cell and both counts.
# Method: run the built binary on ../shared/samples/ddex-dsr (FERMATA_SHARED_DIR
# overrides); exit 77 (skipped) when the samples are not there.
import json
import os
import subprocess
import sys


def main() -> int:
    binary = os.path.abspath(sys.argv[1])
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shared = os.environ.get("FERMATA_SHARED_DIR", os.path.join(repo, "..", "shared"))
    samples = os.path.join(shared, "samples", "ddex-dsr")
    good = os.path.join(samples, "DSR_TEST_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv")
    bad = os.path.join(samples, "DSR_TEST2_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv")
    gz = os.path.join(samples, "test_file_parser.tsv.gz")
    if not all(os.path.exists(p) for p in (good, bad, gz)):
        print(f"SKIP: DSR samples not found under {samples}")
        return 77
    failures = []

    def check(condition, what, detail=""):
        print(("  ok: " if condition else "FAIL: ") + what)
        if not condition:
            failures.append(f"{what} {detail}")

    proc = subprocess.run([binary, "dsr", "check", "--json", good], capture_output=True, text=True)
    check(proc.returncode == 0, "the YouTube UGC sample is accepted (exit 0)", proc.stderr)
    report = json.loads(proc.stdout)[0]
    check((report["profile"], report["sender"], report["recipient"], report["period"]) ==
          ("UGCProfile 1.0", "PADPIDA2013020802I", "PADPIDA20070627029", "2015-10-01..2015-12-31"),
          "HEAD: profile, parties and period", str(report))
    check((report["records"], report["blocks"], report["summaries"]) == (27, 3, 4),
          "27 records in 3 blocks with 4 summaries", str(report))
    check(report["reconciliation"] == [{"currency": "USD", "summary_net_revenue": "15763.58",
                                        "body_amount": "7", "difference": "15756.58"}],
          "summary NetRevenue 15763.58 USD against a body of 7: difference reported, not rejected",
          str(report["reconciliation"]))

    proc = subprocess.run([binary, "dsr", "check", bad, gz], capture_output=True, text=True)
    check(proc.returncode == 70, "damaged files are rejected with integrity_broken (exit 70)",
          str(proc.returncode))
    expected = (f"rejected: {bad}:34: field 'NumberOfLinesInFile' = '35': FOOT NumberOfLinesInFile "
                "says 35 but the file has 34 lines (line 34) [integrity_broken]")
    check(expected in proc.stderr.splitlines(), "TEST2: the FOOT count and the real count, on line 34",
          proc.stderr)
    check(f"{gz}:7: field 'NumberOfLines' = '123'" in proc.stderr,
          "the gzipped parser fixture is read and its FOOT mismatch named", proc.stderr)

    print(f"{'FAILED' if failures else 'passed'}: {len(failures)} failed checks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
