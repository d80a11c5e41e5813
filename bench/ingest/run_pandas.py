#!/usr/bin/python3
"""pandas competitor: revenue per owner and currency from a DSR file.

Usage: run_pandas.py DSR.tsv catalog_isrc_owner.csv OUT.csv

pandas has no exact decimal dtype: numeric columns become float64, and object columns of
Python Decimal would be exact but run row by row (far too slow at 10M lines). Money is kept
exact as int64 numbers of 10^-6 units instead: the price text is split at '.' and the
fraction padded to 6 digits. The run aborts if a price has more than 6 decimals or a total
could leave int64, so it is exact or it fails; it is never silently rounded.
"""
import csv
import sys

import numpy as np
import pandas as pd

SCALE = 6


def to_micro(text: pd.Series) -> np.ndarray:
    parts = text.str.split(".", n=1, expand=True)
    whole = parts[0].astype(np.int64)
    frac = parts[1].fillna("") if parts.shape[1] > 1 else pd.Series("", index=text.index)
    if (frac.str.len() > SCALE).any():
        sys.exit("run_pandas: a price has more than 6 decimals; int64 micro-units would round it")
    frac_units = frac.str.ljust(SCALE, "0").replace("", "0" * SCALE).astype(np.int64)
    if (whole < 0).any():
        sys.exit("run_pandas: negative price")
    return (whole * 10**SCALE + frac_units).to_numpy()


def main() -> int:
    dsr, catalog, out = sys.argv[1:4]
    names = [f"c{i}" for i in range(22)]
    # All 22 columns (usecols= with rows shorter than names= fails in pandas 1.5), read in chunks
    # so that only the needed cells of the needed records stay in memory.
    reader = pd.read_csv(dsr, sep="\t", header=None, names=names, dtype=str, quoting=csv.QUOTE_NONE,
                         keep_default_na=False, na_filter=False, engine="c", chunksize=1_000_000)
    sy_parts, res_parts, su_parts = [], [], []
    for chunk in reader:
        kind = chunk["c0"]
        sy_parts.append(chunk.loc[kind == "SY02.02", ["c1", "c10"]].rename(columns={"c1": "sid", "c10": "currency"}))
        res_parts.append(chunk.loc[kind == "AS01.01", ["c1", "c2", "c4"]].rename(
            columns={"c1": "block", "c2": "ref", "c4": "isrc"}))
        for code, units_of, price_col in (("SU01", lambda c: c["c8"].astype(np.int64) - c["c9"].astype(np.int64), "c10"),
                                          ("SU02", lambda c: c["c7"].astype(np.int64), "c8")):
            su = chunk.loc[kind == code]
            if su.empty:
                continue
            units = units_of(su).to_numpy()
            price = to_micro(su[price_col])
            if np.abs(price).max() > 2**40 or np.abs(units).max() > 2**20:
                sys.exit("run_pandas: amounts too large for exact int64 sums")
            su_parts.append(pd.DataFrame({"block": su["c1"].to_numpy(), "sid": su["c2"].to_numpy(),
                                          "ref": su["c5"].to_numpy(), "revenue": price * units}))
        del chunk
    sy = pd.concat(sy_parts, ignore_index=True)
    res = pd.concat(res_parts, ignore_index=True)
    lines = pd.concat(su_parts, ignore_index=True)
    owners = pd.read_csv(catalog, dtype=str, keep_default_na=False)
    lines = lines.merge(sy, on="sid", how="inner", validate="many_to_one")
    lines = lines.merge(res, on=["block", "ref"], how="left", validate="many_to_one")
    lines = lines.merge(owners, on="isrc", how="left", validate="many_to_one")
    lines["owner"] = lines["owner"].fillna("_unmatched")
    totals = lines.groupby(["owner", "currency"], sort=True)["revenue"].sum().reset_index()
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("owner,currency,revenue\n")
        for owner, currency, micro in totals.itertuples(index=False):
            micro = int(micro)
            sign = "-" if micro < 0 else ""
            micro = abs(micro)
            f.write(f"{owner},{currency},{sign}{micro // 10**SCALE}.{micro % 10**SCALE:06d}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
