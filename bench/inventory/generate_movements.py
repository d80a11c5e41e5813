#!/usr/bin/env python3
"""Writes a catalog and stock movement files for the stock import benchmark
(bench/inventory/README.md, "Import"). Standard library only; the same --seed
gives the same bytes.

Usage: generate_movements.py OUT_DIR [--movements 1000000] [--skus 50000]
                             [--warehouses 40] [--stores 160] [--labels 500]
                             [--files 20] [--seed 1]

OUT_DIR receives the catalog tables (parties.csv: the distributor D1, the labels,
the warehouses and stores, which together are the locations; releases.csv with
one physical product each in products.csv; relations.csv), the stock files
movements-NN.csv (FORMATS.md §14), import_order.txt (the order `fermata
import` takes them) and expected.json (what the books must hold afterwards).

Every movement is possible when it is imported: the generator keeps each
account's units as the ledger will and only writes a movement its source can
give. The mix covers every kind that moves units: receipts, pressings, purchases with a price (title passes to D1), store
orders, shipments on firm sale (with a price: a sale) and on consignment (from
the units allocated to the store's order first), returns of both (restocked or
damaged), transfers and arrivals, damage, destruction, promo use, returns to
the owner, signed adjustments, and purchase orders (documents only). A stock
file's firm sales name one store (FORMATS.md §14), so file NN invoices store
number NN; consignments go to any store.
"""
import argparse
import json
import os
import random
from collections import Counter

HEADER = ("movement,date,document,sku,units,owner,from,to,store,buyer,terms,condition,"
          "price,currency,order,reason\n")
DAYS_2026 = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def ean13(body12):
    """EAN-13 from 12 digits: the GS1 check digit appended."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


def date_of(day_index):
    """2026-01-01 plus day_index days (0..364)."""
    month = 1
    while day_index >= DAYS_2026[month]:
        day_index -= DAYS_2026[month]
        month += 1
    return f"2026-{month:02d}-{day_index + 1:02d}"


class Sku:
    """The units of one SKU as the ledger will hold them, by status and place."""
    __slots__ = ("id", "owner", "home", "ppd", "on_hand", "transit", "allocated", "consigned",
                 "firm", "damaged")

    def __init__(self, sku_id, owner, home, ppd):
        self.id, self.owner, self.home, self.ppd = sku_id, owner, home, ppd
        self.on_hand, self.transit, self.allocated = {}, {}, {}
        self.consigned, self.firm, self.damaged = {}, {}, {}


def take(book, key, count):
    left = book[key] - count
    assert left >= 0, (key, book[key], count)
    if left:
        book[key] = left
    else:
        del book[key]


def put(book, key, count):
    book[key] = book.get(key, 0) + count


class World:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.labels = [f"L{i:04d}" for i in range(1, args.labels + 1)]
        self.warehouses = [f"W{i:03d}" for i in range(1, args.warehouses + 1)]
        self.stores = [f"S{i:03d}" for i in range(1, args.stores + 1)]
        self.skus = [Sku(f"CD-{i:05d}", self.labels[(i - 1) % args.labels],
                         self.warehouses[(i - 1) % args.warehouses], 6 + i % 7)
                     for i in range(1, args.skus + 1)]
        self.kinds = Counter()      # Rows written per movement kind (and terms).
        self.unit_postings = 0      # Postings of SKU commodities.
        self.money_postings = 0     # Purchase postings (sales post as a report, not counted).
        self.external = 0           # Units that entered the books less those that left.
        self.returned = 0           # Units given back to their owners.
        self.purchased = 0          # Units D1 bought (now in D1's inventory).
        self.doc = 0

    def document(self, prefix):
        self.doc += 1
        return f"{prefix}-{self.doc:07d}"


def row(kind, date, doc, sku, units, source="", target="", store="", buyer="", terms="",
        condition="", price="", reason=""):
    currency = "USD" if price else ""
    return (f"{kind},{date},{doc},{sku.id},{units},{sku.owner},{source},{target},{store},{buyer},"
            f"{terms},{condition},{price},{currency},,{reason}\n")


def count_up_to(rng, available, most):
    return rng.randint(1, min(available, most))


def receipt(w, s, date, _):
    target = s.home if w.rng.random() < 0.8 else w.rng.choice(w.warehouses)
    units = w.rng.randint(100, 600)
    if w.rng.random() < 0.1:
        w.kinds["press"] += 1
        put(s.on_hand, target, units)
        w.external += units
        return row("press", date, "", s, units, target=target)
    w.kinds["receipt"] += 1
    put(s.on_hand, target, units)
    w.external += units
    return row("receipt", date, w.document("DN"), s, units, target=target)


def ship(w, s, date, firm_store, wh):
    """Firm sale to the file's store or consignment anywhere; allocated units go first."""
    sale = w.rng.random() < 0.6
    store = firm_store if sale else w.rng.choice(w.stores)
    allocated = s.allocated.get((wh, store), 0)
    units = count_up_to(w.rng, s.on_hand.get(wh, 0) + allocated, 40)
    from_allocated = min(allocated, units)
    if from_allocated:
        take(s.allocated, (wh, store), from_allocated)
    if units > from_allocated:
        take(s.on_hand, wh, units - from_allocated)
    w.unit_postings += 1 if from_allocated and units > from_allocated else 0
    put(s.firm if sale else s.consigned, store, units)
    w.kinds["ship " + ("sale" if sale else "consignment")] += 1
    return row("ship", date, w.document("INV" if sale else "DLV"), s, units, source=wh,
               store=store, terms="sale" if sale else "consignment",
               price=f"{s.ppd}.00" if sale else "")


def order(w, s, date, firm_store, wh):
    store = firm_store if w.rng.random() < 0.6 else w.rng.choice(w.stores)
    units = count_up_to(w.rng, s.on_hand[wh], 30)
    take(s.on_hand, wh, units)
    put(s.allocated, (wh, store), units)
    w.kinds["order"] += 1
    return row("order", date, w.document("SO"), s, units, source=wh, store=store)


def transfer(w, s, date, _, wh):
    target = w.rng.choice(w.warehouses)
    if target == wh:
        return None
    units = count_up_to(w.rng, s.on_hand[wh], 80)
    take(s.on_hand, wh, units)
    put(s.transit, target, units)
    w.kinds["transfer"] += 1
    return row("transfer", date, "", s, units, source=wh, target=target)


def purchase(w, s, date, _, wh):
    """D1 buys units on hand: they leave the label's title (D1's stock is not moved again)."""
    units = count_up_to(w.rng, s.on_hand[wh], 50)
    take(s.on_hand, wh, units)
    w.purchased += units
    w.money_postings += 4
    w.kinds["purchase"] += 1
    return row("purchase", date, "", s, units, source=wh, target=wh, buyer="D1",
               price=f"{s.ppd - 3}.50")


def leaving(w, s, date, _, wh):
    """Damage, promo, destruction, return to owner or a count adjustment at wh."""
    pick = w.rng.random()
    units = count_up_to(w.rng, s.on_hand[wh], 3)
    take(s.on_hand, wh, units)
    if pick < 0.35:
        put(s.damaged, wh, units)
        w.kinds["damage"] += 1
        return row("damage", date, "", s, units, source=wh, reason="crushed in storage")
    w.external -= units
    if pick < 0.6:
        w.kinds["promo"] += 1
        return row("promo", date, w.document("INSTR"), s, units, source=wh, reason="radio promo")
    if pick < 0.7:
        w.kinds["destroy"] += 1
        return row("destroy", date, w.document("INSTR"), s, units, source=wh, reason="recalled")
    if pick < 0.8:
        w.external += units  # Returned to the owner stays in the books.
        w.returned += units
        w.kinds["return_to_owner"] += 1
        return row("return_to_owner", date, "", s, units, source=wh)
    w.kinds["adjust -"] += 1
    return row("adjust", date, "", s, -units, source=wh, reason="count")


def from_warehouse(w, s, date, firm_store):
    places = list(s.on_hand)
    if not places:
        return None
    wh = w.rng.choice(places)
    pick = w.rng.random()
    move = (ship if pick < 0.45 else order if pick < 0.57 else transfer if pick < 0.72
            else purchase if pick < 0.78 else leaving)
    return move(w, s, date, firm_store, wh)


def ship_allocated(w, s, date, firm_store):
    """A shipment that takes allocated units only (the store ordered first)."""
    (wh, store) = w.rng.choice(list(s.allocated))
    if s.on_hand.get(wh, 0) and w.rng.random() < 0.5:
        return None
    sale = store == firm_store
    units = count_up_to(w.rng, s.allocated[(wh, store)], 40)
    take(s.allocated, (wh, store), units)
    put(s.firm if sale else s.consigned, store, units)
    w.kinds["ship " + ("sale" if sale else "consignment")] += 1
    return row("ship", date, w.document("INV" if sale else "DLV"), s, units, source=wh,
               store=store, terms="sale" if sale else "consignment",
               price=f"{s.ppd}.00" if sale else "")


def arrive(w, s, date, _):
    wh = w.rng.choice(list(s.transit))
    units = s.transit[wh] if w.rng.random() < 0.8 else count_up_to(w.rng, s.transit[wh], 1000)
    take(s.transit, wh, units)
    put(s.on_hand, wh, units)
    w.kinds["arrive"] += 1
    return row("arrive", date, "", s, units, target=wh)


def store_return(w, s, date, firm_store):
    """A return of firm-sold units (to this file's store only) or of consigned units."""
    sale = s.firm.get(firm_store, 0) > 0 and (not s.consigned or w.rng.random() < 0.5)
    store = firm_store if sale else w.rng.choice(list(s.consigned))
    book = s.firm if sale else s.consigned
    units = count_up_to(w.rng, book[store], 20)
    take(book, store, units)
    damaged = w.rng.random() < 0.15
    put(s.damaged if damaged else s.on_hand, s.home, units)
    w.kinds["return " + ("sale" if sale else "consignment")] += 1
    return row("return", date, w.document("RA"), s, units, target=s.home, store=store,
               terms="sale" if sale else "consignment",
               condition="damaged" if damaged else "restock", price=f"{s.ppd}.00" if sale else "")


def damaged_out(w, s, date, _):
    wh = w.rng.choice(list(s.damaged))
    units = count_up_to(w.rng, s.damaged[wh], 10)
    take(s.damaged, wh, units)
    if w.rng.random() < 0.7:
        w.external -= units
        w.kinds["destroy damaged"] += 1
        return row("destroy", date, w.document("INSTR"), s, units, source=wh,
                   condition="damaged", reason="unsaleable")
    w.returned += units
    w.kinds["return_to_owner damaged"] += 1
    return row("return_to_owner", date, "", s, units, source=wh, condition="damaged")


def paperwork(w, s, date, _):
    """A purchase order or an adjustment that finds units: no source needed."""
    if w.rng.random() < 0.5:
        w.kinds["purchase_order"] += 1
        w.unit_postings -= 2  # Documents only.
        return row("purchase_order", date, w.document("PO"), s, w.rng.randint(10, 100),
                   buyer="D1", price=f"{s.ppd - 3}.50")
    units = w.rng.randint(1, 5)
    put(s.on_hand, s.home, units)
    w.external += units
    w.kinds["adjust +"] += 1
    return row("adjust", date, "", s, units, source=s.home, reason="count found more")


def one_movement(w, date, firm_store):
    """A random possible movement of a random SKU, as a CSV row (None: try again)."""
    s = w.rng.choice(w.skus)
    held = sum(s.on_hand.values())
    choices = [(3.0 if held < 30 else 0.5, receipt), (6.0 if held else 0, from_warehouse),
               (1.0 if s.allocated else 0, ship_allocated), (1.5 if s.transit else 0, arrive),
               (1.2 if s.consigned or s.firm.get(firm_store) else 0, store_return),
               (0.4 if s.damaged else 0, damaged_out), (0.15, paperwork)]
    pick = w.rng.random() * sum(weight for weight, _ in choices)
    for weight, move in choices:
        if pick < weight:
            return move(w, s, date, firm_store)
        pick -= weight
    return None


def write_catalog(w, out):
    with open(os.path.join(out, "parties.csv"), "w") as f:
        f.write("id,name,kind\nD1,Bench Distribution,distributor\n")
        f.writelines(f"{p},Label {p},label\n" for p in w.labels)
        f.writelines(f"{p},Warehouse {p},warehouse\n" for p in w.warehouses)
        f.writelines(f"{p},Store {p},store\n" for p in w.stores)
    upcs = [ean13(f"2{i:011d}") for i in range(1, len(w.skus) + 1)]
    with open(os.path.join(out, "releases.csv"), "w") as f:
        f.write("id,title,icpn\n")
        f.writelines(f"R{i:05d},Album {i},{upc}\n" for i, upc in enumerate(upcs, 1))
    with open(os.path.join(out, "products.csv"), "w") as f:
        f.write("sku,kind,format,release_id,catalog_number,upc\n")
        f.writelines(f"{s.id},physical,CD,R{i:05d},CAT-{i:05d},{upc}\n"
                     for i, (s, upc) in enumerate(zip(w.skus, upcs), 1))
    with open(os.path.join(out, "relations.csv"), "w") as f:
        f.write("kind,release_id,party_id,valid_from,valid_to\n")
        for i, s in enumerate(w.skus, 1):
            f.write(f"owner,R{i:05d},{s.owner},2020-01-01,\n")
            f.write(f"distributor,R{i:05d},D1,2020-01-01,\n")


def write_movements(w, out, movements, files):
    """File k covers its share of 2026 and invoices store k (mod the stores)."""
    names = []
    for k in range(files):
        count = movements // files + (1 if k < movements % files else 0)
        firm_store = w.stores[k % len(w.stores)]
        first_day, days = 365 * k // files, 365 * (k + 1) // files - 365 * k // files
        rows = []
        while len(rows) < count:
            line = one_movement(w, date_of(first_day + len(rows) * days // count), firm_store)
            if line is not None:
                rows.append(line)
        names.append(f"movements-{k + 1:02d}.csv")
        with open(os.path.join(out, names[-1]), "w") as f:
            f.write(HEADER)
            f.writelines(rows)
    w.unit_postings += 2 * movements
    return names


def expected(w, movements):
    """Units per status at the end, summed over every SKU (and what was written)."""
    def total(attr):
        return sum(sum(getattr(s, attr).values()) for s in w.skus)
    return {"movements": movements, "kinds": dict(sorted(w.kinds.items())),
            "unit_postings": w.unit_postings, "purchase_money_postings": w.money_postings,
            "units": {"inventory (labels)": total("on_hand"), "in_transit": total("transit"),
                      "allocated": total("allocated"), "consigned": total("consigned"),
                      "inventory (stores, firm-sold)": total("firm"),
                      "damaged": total("damaged"), "returned": w.returned,
                      "inventory (D1, purchased)": w.purchased,
                      "external (net in)": w.external}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--skus", type=int, default=50_000)
    parser.add_argument("--warehouses", type=int, default=40)
    parser.add_argument("--stores", type=int, default=160)
    parser.add_argument("--labels", type=int, default=500)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    w = World(args)
    write_catalog(w, args.out)
    names = write_movements(w, args.out, args.movements, args.files)
    with open(os.path.join(args.out, "import_order.txt"), "w") as f:
        f.write("\n".join(["parties.csv", "releases.csv", "products.csv", "relations.csv"] +
                          names) + "\n")
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected(w, args.movements), f, indent=2)
        f.write("\n")
    print(f"{args.movements} movements in {args.files} files, {len(w.skus)} SKUs of "
          f"{len(w.labels)} labels, {len(w.warehouses)} warehouses + {len(w.stores)} stores "
          f"-> {args.out}")


if __name__ == "__main__":
    main()
