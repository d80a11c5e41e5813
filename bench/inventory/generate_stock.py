#!/usr/bin/env python3
"""Writes a catalog, price and insurance files and a year of stock movements for
the `fermata inventory` benchmark (bench/inventory/README.md). Standard library
only; deterministic for a given --seed.

Usage: generate_stock.py OUT_DIR [--labels 20] [--skus 2000] [--warehouses 10]
                         [--stores 100] [--firm-stores 10] [--movements 200000]
                         [--seed 1]

OUT_DIR receives parties.csv, releases.csv, products.csv, relations.csv,
prices.csv, insurance.csv and one stock file per month (stock-2026-MM.csv), plus
one firm-sale file per month and firm-sale store (sales-2026-MM-<store>.csv: a
stock file's firm sales name one store). import_order.txt lists the files in
the order `fermata import` takes them, after `fermata prices import prices.csv`
(a firm sale without a price is invoiced at the price list's PPD). Every
movement is possible when it is imported: the generator tracks each account's
units as the ledger will.
"""
import argparse
import os
import random

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
HEADER = "movement,date,document,sku,units,owner,from,to,store,terms,condition,price,currency,reason\n"


def ean13(body12):
    """EAN-13 from 12 digits: the GS1 check digit appended."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


class World:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.labels = [f"L{i:03d}" for i in range(1, args.labels + 1)]
        self.warehouses = [f"W{i:03d}" for i in range(1, args.warehouses + 1)]
        self.stores = [f"S{i:03d}" for i in range(1, args.stores + 1)]
        self.firm_stores = self.stores[:args.firm_stores]
        self.skus = [f"CD-{i:05d}" for i in range(1, args.skus + 1)]
        self.owner = {sku: self.labels[i % len(self.labels)] for i, sku in enumerate(self.skus)}
        self.stock = {}  # (status, sku, place) -> units, as the ledger will hold them.
        self.doc = 0

    def units(self, key):
        return self.stock.get(key, 0)

    def move(self, source, target, count):
        if source is not None:
            self.stock[source] = self.units(source) - count
            assert self.stock[source] >= 0, source
        if target is not None:
            self.stock[target] = self.units(target) + count

    def document(self, prefix):
        self.doc += 1
        return f"{prefix}-{self.doc:07d}"


def write_catalog(world, out):
    with open(os.path.join(out, "parties.csv"), "w") as f:
        f.write("id,name,kind\nD001,Bench Distribution,distributor\n")
        for p in world.labels:
            f.write(f"{p},Label {p},label\n")
        for p in world.warehouses:
            f.write(f"{p},Warehouse {p},warehouse\n")
        for p in world.stores:
            f.write(f"{p},Store {p},store\n")
    upc = {sku: ean13(f"2{i:011d}") for i, sku in enumerate(world.skus, 1)}
    with open(os.path.join(out, "releases.csv"), "w") as f:
        f.write("id,title,icpn\n")
        for i, sku in enumerate(world.skus, 1):
            f.write(f"R{i:05d},Album {i},{upc[sku]}\n")
    with open(os.path.join(out, "products.csv"), "w") as f:
        f.write("sku,kind,format,release_id,catalog_number,upc\n")
        for i, sku in enumerate(world.skus, 1):
            f.write(f"{sku},physical,CD,R{i:05d},CAT-{i:05d},{upc[sku]}\n")
    with open(os.path.join(out, "relations.csv"), "w") as f:
        f.write("kind,release_id,party_id,valid_from,valid_to\n")
        for i, sku in enumerate(world.skus, 1):
            f.write(f"owner,R{i:05d},{world.owner[sku]},2020-01-01,\n")
            f.write(f"distributor,R{i:05d},D001,2020-01-01,\n")


def write_prices(world, out):
    """PPD, cost and SRP from January; a new PPD from July for every third SKU."""
    with open(os.path.join(out, "prices.csv"), "w") as f:
        f.write("sku,kind,currency,from,amount\n")
        for i, sku in enumerate(world.skus):
            ppd = 7 + i % 5
            f.write(f"{sku},ppd,USD,2026-01-01,{ppd}.00\n")
            f.write(f"{sku},cost,USD,2026-01-01,2.{10 + i % 40}\n")
            f.write(f"{sku},srp,USD,2026-01-01,{ppd + 5}.99\n")
            if i % 3 == 0:
                f.write(f"{sku},ppd,USD,2026-07-01,{ppd}.50\n")
    with open(os.path.join(out, "insurance.csv"), "w") as f:
        f.write("location,basis,currency,from,sum_insured\n")
        for i, w in enumerate(world.warehouses):
            f.write(f"{w},{'cost' if i % 2 == 0 else 'ppd'},USD,2026-01-01,"
                    f"{'' if i % 3 else 250000}\n")


def row(kind, date, doc, sku, units, owner, source="", target="", store="", terms="", price=""):
    currency = "USD" if price else ""
    return f"{kind},{date},{doc},{sku},{units},{owner},{source},{target},{store},{terms},,{price},{currency},\n"


def one_movement(world, date, sale_rows):
    """A random possible movement of one SKU, as a CSV row (or None)."""
    w = world
    sku = w.rng.choice(w.skus)
    owner = w.owner[sku]
    wh = w.rng.choice(w.warehouses)
    on_hand = w.units(("on_hand", sku, wh))
    pick = w.rng.random()
    if pick < 0.15 or on_hand < 20:
        count = w.rng.randrange(200, 2000)
        w.move(None, ("on_hand", sku, wh), count)
        return row("receipt", date, w.document("DN"), sku, count, owner, target=wh)
    count = w.rng.randrange(1, min(on_hand, 60) + 1)
    if pick < 0.50:
        store = w.rng.choice(w.stores)
        w.move(("on_hand", sku, wh), ("consigned", sku, store), count)
        return row("ship", date, w.document("DLV"), sku, count, owner, wh, store=store,
                   terms="consignment")
    if pick < 0.65:
        store = w.rng.choice(w.firm_stores)
        w.move(("on_hand", sku, wh), ("store", sku, store), count)
        sale_rows.setdefault(store, []).append(
            row("ship", date, w.document("INV"), sku, count, owner, wh, store=store, terms="sale"))
        return None
    if pick < 0.75:
        target = w.rng.choice(w.warehouses)
        if target == wh:
            return None
        w.move(("on_hand", sku, wh), ("in_transit", sku, target), count)
        return row("transfer", date, "", sku, count, owner, wh, target)
    if pick < 0.85:
        store = w.rng.choice(w.stores)
        held = w.units(("consigned", sku, store))
        if held == 0:
            return None
        back = w.rng.randrange(1, held + 1)
        w.move(("consigned", sku, store), ("on_hand", sku, wh), back)
        return row("return", date, w.document("RA"), sku, back, owner, target=wh, store=store,
                   terms="consignment")
    if pick < 0.95:
        going = [k for k in (("in_transit", sku, x) for x in w.warehouses) if w.units(k) > 0]
        if not going:
            return None
        key = w.rng.choice(going)
        arrived = w.units(key)
        w.move(key, ("on_hand", sku, key[2]), arrived)
        return row("arrive", date, "", sku, arrived, owner, target=key[2])
    count = min(count, 3)
    w.move(("on_hand", sku, wh), ("damaged", sku, wh), count)
    return row("damage", date, "", sku, count, owner, wh)[:-1] + "damaged in storage\n"


def write_movements(world, out, movements):
    """Per month: one stock file, then one firm-sale file per store that bought firm."""
    order = ["parties.csv", "releases.csv", "products.csv", "relations.csv"]
    per_month = movements // len(MONTHS)
    written = 0
    for month in MONTHS:
        sale_rows, rows = {}, []
        for i in range(per_month):
            date = f"{month}-{1 + i * 28 // per_month:02d}"
            line = one_movement(world, date, sale_rows)
            if line is not None:
                rows.append(line)
        name = f"stock-{month}.csv"
        with open(os.path.join(out, name), "w") as f:
            f.write(HEADER + "".join(rows))
        order.append(name)
        written += len(rows)
        for store in sorted(sale_rows):
            name = f"sales-{month}-{store}.csv"
            with open(os.path.join(out, name), "w") as f:
                f.write(HEADER + "".join(sale_rows[store]))
            order.append(name)
            written += len(sale_rows[store])
    with open(os.path.join(out, "import_order.txt"), "w") as f:
        f.write("\n".join(order) + "\n")
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--labels", type=int, default=20)
    parser.add_argument("--skus", type=int, default=2000)
    parser.add_argument("--warehouses", type=int, default=10)
    parser.add_argument("--stores", type=int, default=100)
    parser.add_argument("--firm-stores", type=int, default=10)
    parser.add_argument("--movements", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    world = World(args)
    write_catalog(world, args.out)
    write_prices(world, args.out)
    written = write_movements(world, args.out, args.movements)
    print(f"{written} movements, {len(world.skus)} SKUs of {len(world.labels)} labels, "
          f"{len(world.warehouses)} warehouses, {len(world.stores)} stores -> {args.out}")


if __name__ == "__main__":
    main()
