#!/usr/bin/env python3
"""Generate Fermata's demo world: one distributor, its warehouse, 120 labels.

Usage: generate_world.py OUTPUT_DIR [--seed N]

Writes, into OUTPUT_DIR:
  catalog/01-parties.csv ... catalog/06-relations.csv   (import in this order)
  journal/2025-12-opening.csv, journal/2026-01.csv ... journal/2026-06.csv
  expected_summary.json   what `fermata summary --json` must print, computed
                          here from the journal rows (an independent model)
  world.json              counts, for the demo's narration
  sales/dsr, sales/apple, sales/physical, sales/remittances
                          a year (2025-07 .. 2026-06) of store reports and the
                          payments for them (demo/sales.py, its own random stream)
  sales_expected.json     what Fermata must report after importing them

Python 3 standard library only. The output depends only on the seed: the same
seed gives byte-identical files (no clock, no hash-order iteration).

The business simulated (see demo/README.md for the sign conventions):
  * 2025-12-31 opening balances: every CD/LP consigned by its label to the
    Meridian warehouse, money Meridian already held for each label (trust),
    and store invoices from Nov/Dec 2025 still unpaid.
  * 2026-01 .. 2026-06: store invoices (units leave the warehouse, the label
    is owed the wholesale price), returns, store payments (distribution fee
    and a returns reserve withheld), aggregator streaming and download
    statements with sub-cent per-stream rates, new-release pressings,
    quarterly payouts to labels (with some labels left in arrears), Meridian
    buying LPs outright (a payable to the label), a catalogue sale between
    labels, and labels leaving Meridian (one got its stock back, one did not).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import heapq
import json
import os
import random
import sys
from collections import defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from pathlib import Path

import sales  # demo/sales.py: the year of store reports and remittances

# --- Fixed facts of the world ---------------------------------------------------------------

DISTRIBUTOR = "MERIDIAN"
WAREHOUSE = "MER-WH"
OLD_DISTRIBUTOR = "CASCADE"
OLD_WAREHOUSE = "CAS-WH"
AGGREGATOR = "AGG-TRIB"
DIGITAL_STORE = "S-CADENZA"
LENDER = "BANK-RIVER"
MANUFACTURER = "MFR-CASCADIA"

OPENING = dt.date(2025, 12, 31)
END = dt.date(2026, 6, 30)
SNAPSHOT = "2026-03-31"  # A second summary the test checks (--as-of).

N_LABELS = 120
N_RELEASES = 1200

FEE_PHYSICAL = Decimal("0.25")  # Of money collected from stores.
FEE_DIGITAL = Decimal("0.15")  # Of money collected from digital services.
RESERVE = Decimal("0.20")  # Of the collection after the fee.
PAYOUT_MINIMUM = Decimal("50")  # Smaller balances roll forward.
FX = {"USD": Decimal("1"), "EUR": Decimal("0.92"), "GBP": Decimal("0.79")}
CENT = Decimal("0.01")

# Physical stores: id, name, currency, payment terms in days, units per line.
STORES = [
    ("S-HARMONY", "Harmony Hall Music (chain)", "USD", 90, (12, 48)),
    ("S-LANTERN", "Vinyl Lantern Records", "USD", 45, (2, 12)),
    ("S-SECSPIN", "Second Spin Classics", "USD", 60, (2, 10)),
    ("S-HARBOUR", "Harbour Records London", "GBP", 60, (2, 10)),
    ("S-KLANG", "Klangraum Berlin", "EUR", 30, (2, 10)),
]
# Digital payers: id, memo noun, {currency: net rate per unit}, units per release-month.
DIGITAL = [
    (AGGREGATOR, "streams", {"USD": Decimal("0.003472"), "EUR": Decimal("0.003105")}, (150, 2600)),
    (DIGITAL_STORE, "downloads", {"USD": Decimal("0.693")}, (0, 6)),
]

GENRES = ["classical", "new_age", "childrens"]
GENRE_WEIGHTS = [50, 30, 20]
PPD_USD = {"classical": (Decimal("10.50"), Decimal("12.50")), "new_age": (Decimal("8.50"), Decimal("9.75")),
           "childrens": (Decimal("6.50"), Decimal("7.75"))}
LP_PPD_USD = (Decimal("15.50"), Decimal("19.00"))

LABEL_WORDS = {
    "classical": (["Aurelian", "Cantilena", "Ostinato", "Harbour", "Vesper", "Linden", "Meridiana",
                   "Sostenuto", "Quill", "Larkspur", "Chorale", "Marlowe", "Tessitura", "Brightwater",
                   "Calloway", "Fenwick", "Halcyon", "Corvina", "Eastgate", "Alder", "Partita",
                   "Saltmarsh", "Ravello", "Thornbury"],
                  ["Classics", "Editions", "Recordings", "Records", "Music", "Consort Records",
                   "Archive", "Chamber Records"]),
    "new_age": (["Still Water", "Lumen Drift", "Cedar Breath", "Moonglade", "Soft Horizon", "Tidepool",
                 "Willow Light", "Quiet Summit", "Sandalwood", "Aurora Field", "Kestrel Sky",
                 "Bluefern", "Deep Meadow", "Slow River", "Opaline", "Mistral"],
                ["Music", "Sound", "Records", "Recordings", "Audio Works"]),
    "childrens": (["Puddle Jump", "Little Lantern", "Tumbleweed", "Button Nose", "Jellybean",
                   "Treehouse", "Bumblebee", "Sleepy Owl", "Giggle Garden", "Paper Boat",
                   "Hopscotch", "Marble Run"],
                  ["Tunes", "Music", "Songs", "Records", "Family Music"]),
}
FIRST = ["Anna", "Ben", "Clara", "David", "Elena", "Felix", "Grace", "Henrik", "Ines", "Jonas", "Karin",
         "Luca", "Maria", "Nils", "Olivia", "Pavel", "Rosa", "Samuel", "Teresa", "Viktor", "Wren",
         "Yusuf", "Zoe", "Ingrid", "Matteo", "Hannah", "Oskar", "Leah", "Tomas", "Miriam"]
LAST = ["Aldana", "Brandt", "Castell", "Duval", "Ekberg", "Fairley", "Grunewald", "Halloran",
        "Ivers", "Jansen", "Kowal", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quint",
        "Rasmussen", "Sorensen", "Tavares", "Ueda", "Vance", "Whitcombe", "Yilmaz", "Zeller"]
ENSEMBLES = ["Quartet", "Consort", "Trio", "Ensemble", "Chamber Choir", "Sinfonietta", "Players"]
COMPOSERS = {
    "Bach": ["Cello Suites", "Goldberg Variations", "Partitas", "Art of Fugue", "Cantatas"],
    "Haydn": ["String Quartets Op. 76", "Piano Sonatas", "Symphonies 93-95"],
    "Schubert": ["Winterreise", "Piano Trios", "Impromptus", "String Quintet"],
    "Brahms": ["Clarinet Sonatas", "Piano Pieces Op. 118", "Violin Sonatas"],
    "Purcell": ["Fantazias", "Odes", "Songs and Airs"],
    "Hildegard": ["Ordo Virtutum", "Antiphons"],
    "Byrd": ["Masses", "Keyboard Music", "Consort Songs"],
    "Faure": ["Requiem", "Nocturnes", "Melodies"],
    "Janacek": ["String Quartets", "On an Overgrown Path"],
    "Telemann": ["Fantasias", "Paris Quartets", "Recorder Concertos"],
}
NEW_AGE_A = ["Tidal", "Silver", "Distant", "Quiet", "Amber", "Floating", "Northern", "Hidden", "Gentle",
             "Luminous", "Drifting", "Ancient"]
NEW_AGE_B = ["Meditations", "Horizons", "Gardens", "Currents", "Lullabies", "Light", "Breathing",
             "Forest", "Canyons", "Tides", "Stillness", "Echoes"]
KIDS_A = ["Songs for", "Lullabies for", "Dance Along with", "Bedtime with", "Rhymes for",
          "Singalong with"]
KIDS_B = ["Little Ones", "the Whole Family", "Rainy Days", "Road Trips", "the Garden Gang",
          "Sleepy Bears", "Busy Builders"]

# --- Small helpers ------------------------------------------------------------------------------


def iso(day: dt.date) -> str:
    return day.isoformat()


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def fmt(amount) -> str:
    """Canonical decimal text: no exponent, no trailing fractional zeros."""
    if isinstance(amount, (int, str)):
        return str(amount)
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def gs1_check(digits: str) -> str:
    total, weight = 0, 3
    for ch in reversed(digits):
        total += weight * int(ch)
        weight = 4 - weight
    return str((10 - total % 10) % 10)


def restricted_upc(label_index: int, serial: int) -> str:
    """A UPC-A in the GS1 restricted-circulation range (first digit 2), written as
    EAN-13 ("02..."), which is the form Fermata stores: 2 90 LLL SSSSS C."""
    body = f"290{label_index:03d}{serial:05d}"
    assert len(body) == 11
    return "0" + body + gs1_check(body)


def base36(n: int, width: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(width):
        n, r = divmod(n, 36)
        out = alphabet[r] + out
    return out


# --- The world ----------------------------------------------------------------------------------


class World:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.parties: list[dict] = []
        self.labels: list[dict] = []
        self.releases: list[dict] = []
        self.recordings: list[dict] = []
        self.tracks: list[dict] = []
        self.products: list[dict] = []
        self.relations: list[dict] = []
        self.txns: list[dict] = []  # {key, date, memo, rows: [(party, kind, commodity, loc, cp, amount)]}
        self.keys: set[str] = set()
        # Business state, kept independently of the journal rows.
        self.stock: dict[tuple[str, str, str], int] = defaultdict(int)  # (owner, sku, location)
        self.open_items: dict[str, tuple[str, str, Decimal]] = {}  # ref -> (label, currency, amount)
        self.payables_to_label: dict[str, tuple[str, str, Decimal]] = {}
        self.trust_history: dict[tuple[str, str], list[tuple[dt.date, Decimal]]] = defaultdict(list)
        self.reserve_history: dict[tuple[str, str], list[tuple[dt.date, Decimal]]] = defaultdict(list)
        self.events: list = []
        self.event_seq = 0
        self.invoice_seq = 0

    # -- catalog --

    def party(self, pid: str, name: str, kind: str, ddex_party_id: str = "") -> None:
        self.parties.append({"id": pid, "name": name, "kind": kind, "ddex_party_id": ddex_party_id})

    def build_parties(self) -> None:
        # Meridian's DDEX party id: the recipient of the DSR sales reports (demo/sales.py).
        self.party(DISTRIBUTOR, "Meridian Independent Distribution", "distributor", sales.MERIDIAN_DPID)
        self.party(WAREHOUSE, "Meridian Warehouse, Portland OR", "warehouse")
        self.party(OLD_DISTRIBUTOR, "Cascade Music Distribution", "distributor")
        self.party(OLD_WAREHOUSE, "Cascade Warehouse, Tacoma WA", "warehouse")
        self.party(AGGREGATOR, "Tributary Digital Aggregation", "aggregator")
        self.party(LENDER, "Riverbend Commercial Bank", "lender")
        self.party(MANUFACTURER, "Cascadia Disc Pressing", "manufacturer")
        for sid, name, *_ in STORES:
            self.party(sid, name, "store")
        self.party(DIGITAL_STORE, "Cadenza Downloads", "store")
        used = set()
        rng = self.rng
        for i in range(1, N_LABELS + 1):
            genre = rng.choices(GENRES, GENRE_WEIGHTS)[0]
            heads, tails = LABEL_WORDS[genre]
            while True:
                name = f"{rng.choice(heads)} {rng.choice(tails)}"
                if name not in used and len(name) <= 32:
                    break
            used.add(name)
            country, currency = rng.choices([("US", "USD"), ("GB", "GBP"), ("DE", "EUR")], [75, 10, 15])[0]
            label = {"id": f"L{i:03d}", "index": i, "name": name, "genre": genre, "country": country,
                     "currency": currency, "founded": rng.randint(1992, 2018), "releases": []}
            # About a fifth came to Meridian from Cascade; the rest started with Meridian.
            label["joined"] = (dt.date(rng.randint(max(label["founded"] + 2, 2010), 2023), rng.randint(1, 12), 1)
                               if rng.random() < 0.2 else None)
            self.labels.append(label)
            self.party(label["id"], name, "label")
        # The sales stream's payers that the journal does not know: two streaming services
        # (with DDEX party ids) and Apple. The physical payers are S-HARMONY and S-KLANG.
        for pid, name, kind, ddex_party_id in sales.PARTIES:
            self.party(pid, name, kind, ddex_party_id)

    def release_title(self, genre: str) -> tuple[str, str]:
        rng = self.rng
        if genre == "classical":
            composer = rng.choice(sorted(COMPOSERS))
            work = rng.choice(COMPOSERS[composer])
            if rng.random() < 0.5:
                artist = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            else:
                artist = f"The {rng.choice(LAST)} {rng.choice(ENSEMBLES)}"
            return f"{composer}: {work}", artist
        if genre == "new_age":
            return f"{rng.choice(NEW_AGE_A)} {rng.choice(NEW_AGE_B)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return f"{rng.choice(KIDS_A)} {rng.choice(KIDS_B)}", f"{rng.choice(FIRST)} & the {rng.choice(LAST)}s"

    def build_catalog(self) -> None:
        rng = self.rng
        counts = [rng.randint(5, 15) for _ in self.labels]
        while sum(counts) < N_RELEASES:
            counts[rng.randrange(len(counts))] += 1
        while sum(counts) > N_RELEASES:
            j = rng.randrange(len(counts))
            if counts[j] > 3:
                counts[j] -= 1
        rel_no = 0
        for label, count in zip(self.labels, counts):
            prefix = "".join(w[0] for w in label["name"].split()).upper()[:3] + f"{label['index']:03d}"
            isrc_serial: dict[int, int] = defaultdict(int)
            for k in range(1, count + 1):
                rel_no += 1
                new_release = rng.random() < 0.05
                if new_release:
                    released = dt.date(2026, rng.randint(1, 5), rng.randint(1, 28))
                else:
                    released = dt.date(rng.randint(label["founded"], 2025), rng.randint(1, 12), rng.randint(1, 28))
                title, artist = self.release_title(label["genre"])
                rid = f"R{rel_no:04d}"
                upc = restricted_upc(label["index"], k * 10)
                low, high = PPD_USD[label["genre"]]
                ppd = low + (high - low) * Decimal(rng.randint(0, 5)) / 5
                release = {"id": rid, "title": title, "icpn": upc, "label": label["id"], "released": released,
                           "new": new_release, "artist": artist, "products": []}
                self.releases.append(release)
                label["releases"].append(release)
                # Recordings: a few tracks each, ISRCs under the label's own (fictional) registrant.
                n_tracks = rng.randint(2, 4)
                for seq in range(1, n_tracks + 1):
                    yy = released.year % 100
                    isrc_serial[yy] += 1
                    isrc = f"{label['country']}X{base36(label['index'], 2)}{yy:02d}{isrc_serial[yy]:05d}"
                    lo, hi = {"classical": (240, 1500), "new_age": (240, 720), "childrens": (90, 200)}[label["genre"]]
                    self.recordings.append({"isrc": isrc, "title": f"{title} - Part {seq}", "artist": artist,
                                            "duration_seconds": rng.randint(lo, hi)})
                    self.tracks.append({"release_id": rid, "sequence": seq, "isrc": isrc})
                cd = {"sku": f"CD-{rid}", "kind": "physical", "format": "CD", "release_id": rid,
                      "catalog_number": f"{prefix}-{k:03d}", "upc": upc, "ppd_usd": ppd, "release": release}
                self.products.append(cd)
                release["products"].append(cd)
                if rng.random() < 0.12:
                    lp_low, lp_high = LP_PPD_USD
                    lp = {"sku": f"LP-{rid}", "kind": "physical", "format": "LP", "release_id": rid,
                          "catalog_number": f"{prefix}-{k:03d}LP", "upc": restricted_upc(label["index"], k * 10 + 1),
                          "ppd_usd": lp_low + (lp_high - lp_low) * Decimal(rng.randint(0, 7)) / 7, "release": release}
                    self.products.append(lp)
                    release["products"].append(lp)
                self.products.append({"sku": f"DL-{rid}", "kind": "digital", "format": "digital_release",
                                      "release_id": rid, "catalog_number": f"{prefix}-{k:03d}D", "upc": "",
                                      "release": release})
        assert len(self.releases) >= 1000 and len({r["icpn"] for r in self.releases}) == len(self.releases)

    def plan_story(self) -> None:
        """Pick the labels with a story: catalogue sales, departures, arrears, LP buys."""
        rng = self.rng
        ids = [label["id"] for label in self.labels]
        picks = rng.sample(ids, 2 * 2 + 2 + 3 + 8)
        self.sales = [(picks[0], picks[1]), (picks[2], picks[3])]  # (seller, buyer) on 2026-03-01
        self.departed_with_stock = picks[4]  # Left 2026-04-01, stock shipped to Cascade.
        self.departed_stuck = picks[5]  # Left 2026-04-01, Meridian kept the stock.
        self.unpaid_all = set(picks[6:9])  # No payout in 2026 at all.
        self.unpaid_since_feb = set(picks[9:17])  # Paid in February, not in May.
        self.transfer_day = dt.date(2026, 3, 1)
        self.departure_day = dt.date(2026, 4, 1)
        self.label_by_id = {label["id"]: label for label in self.labels}
        self.owner_change = {}  # release id -> buyer
        for seller, buyer in self.sales:
            for release in self.label_by_id[seller]["releases"]:
                if release["released"] < self.transfer_day:
                    self.owner_change[release["id"]] = buyer

    def build_relations(self) -> None:
        for release in self.releases:
            label = self.label_by_id[release["label"]]
            start = iso(release["released"])
            buyer = self.owner_change.get(release["id"])
            if buyer:
                self.relation("owner", release["id"], label["id"], start, iso(self.transfer_day))
                self.relation("owner", release["id"], buyer, iso(self.transfer_day), "")
            else:
                self.relation("owner", release["id"], label["id"], start, "")
            # Distribution: Cascade before the label joined Meridian, Meridian after.
            leaves = label["id"] in (self.departed_with_stock, self.departed_stuck)
            joined = label["joined"]
            meridian_from = start
            if joined and release["released"] < joined:
                self.relation("distributor", release["id"], OLD_DISTRIBUTOR, start, iso(joined))
                meridian_from = iso(joined)
            if leaves:
                if meridian_from < iso(self.departure_day):
                    self.relation("distributor", release["id"], DISTRIBUTOR, meridian_from, iso(self.departure_day))
                self.relation("distributor", release["id"], OLD_DISTRIBUTOR,
                              max(iso(self.departure_day), meridian_from), "")
            else:
                self.relation("distributor", release["id"], DISTRIBUTOR, meridian_from, "")

    def relation(self, kind, release_id, party_id, valid_from, valid_to) -> None:
        self.relations.append({"kind": kind, "release_id": release_id, "party_id": party_id,
                               "valid_from": valid_from, "valid_to": valid_to})

    def owner(self, release: dict, day: dt.date) -> str:
        buyer = self.owner_change.get(release["id"])
        return buyer if buyer and day >= self.transfer_day else release["label"]

    def carried(self, release: dict, day: dt.date) -> bool:
        """Whether Meridian may sell the release on `day`."""
        if release["released"] > day:
            return False
        leaves = release["label"] in (self.departed_with_stock, self.departed_stuck)
        return not (leaves and day >= self.departure_day)

    # -- journal --

    def post(self, key: str, day: dt.date, memo: str, rows: list[tuple]) -> None:
        assert key not in self.keys, key
        self.keys.add(key)
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for party, kind, commodity, location, counterparty, amount in rows:
            sums[commodity] += Decimal(amount)
            if kind == "trust":
                self.trust_history[(party, commodity)].append((day, Decimal(amount)))
            if kind == "reserve":
                self.reserve_history[(party, commodity)].append((day, Decimal(amount)))
            if kind == "inventory":
                self.stock[(party, commodity[4:], location)] += int(amount)
                assert self.stock[(party, commodity[4:], location)] >= 0, (key, party, commodity)
        assert all(v == 0 for v in sums.values()), (key, dict(sums))
        self.txns.append({"key": key, "date": day, "memo": memo, "rows": rows})

    def schedule(self, day: dt.date, handler, *args) -> None:
        if day <= END:
            heapq.heappush(self.events, (day, self.event_seq, handler, args))
            self.event_seq += 1

    def run(self) -> None:
        while self.events:
            day, _, handler, args = heapq.heappop(self.events)
            handler(day, *args)

    def price(self, product: dict, currency: str) -> Decimal:
        return cents(product["ppd_usd"] * FX[currency])

    def opening(self) -> None:
        rng = self.rng
        self.post("open:meridian:capital", OPENING, "Opening balance: Meridian operating cash",
                  [(DISTRIBUTOR, "cash", "USD", "", "", "185000"),
                   (DISTRIBUTOR, "equity", "USD", "", "", "-185000")])
        self.post("open:meridian:credit-line", OPENING, "Riverbend revolving credit line, drawn",
                  [(DISTRIBUTOR, "cash", "USD", "", "", "250000"),
                   (DISTRIBUTOR, "payable", "USD", "", LENDER, "-250000")])
        for product in self.products:
            release = product["release"]
            if product["kind"] != "physical":
                continue
            units = rng.randint(40, 900) if product["format"] == "CD" else rng.randint(30, 250)
            label = release["label"]
            sku = product["sku"]
            if release["new"]:
                # Pressed and delivered a week before release.
                self.schedule(release["released"] - dt.timedelta(days=7), self.pressing, product, units)
                continue
            self.post(f"open:consign:{sku}", OPENING,
                      f"Opening balance: {label} stock of {product['catalog_number']} at {WAREHOUSE}",
                      [(label, "inventory", f"SKU:{sku}", WAREHOUSE, "", units),
                       (label, "external", f"SKU:{sku}", "", "", -units)])
        for label in self.labels:
            lid, cur = label["id"], label["currency"]
            held = cents(Decimal(rng.randint(300, 9000)) * FX[cur] + Decimal(rng.randint(0, 99)) / 100)
            if lid in self.unpaid_all:
                held += Decimal(rng.randint(12000, 16000))  # Unpaid for a year, like Cappella Romana.
            self.post(f"open:trust:{lid}:{cur}", OPENING,
                      f"Opening balance: money Meridian holds for {lid} (Q4 2025 collections)",
                      [(lid, "trust", cur, "", "", fmt(held)), (lid, "equity", cur, "", "", fmt(-held))])
            for n in range(rng.randint(0, 2)):
                store = self.pick_store(label)
                sid, _, scur, terms, _ = store
                day = dt.date(2025, rng.choice([11, 12]), rng.randint(1, 28))
                amount = cents(Decimal(rng.randint(80, 1400)) * FX[scur])
                ref = f"INV-{day.year}-{day.month:02d}-{lid}-{n + 1}"
                self.post(f"open:recv:{ref}", OPENING, f"Opening balance: {ref} to {sid} unpaid",
                          [(lid, "receivable", scur, "", sid, fmt(amount)),
                           (lid, "equity", scur, "", "", fmt(-amount))])
                self.open_items[ref] = (lid, scur, amount)
                # Still unpaid at the opening, so paid in 2026 at the earliest.
                paid = max(day + dt.timedelta(days=terms + rng.randint(0, 20)),
                           OPENING + dt.timedelta(days=rng.randint(2, 30)))
                self.schedule(paid, self.collect_store, ref, sid, lid, scur)

    def pressing(self, day: dt.date, product: dict, units: int) -> None:
        label = product["release"]["label"]
        cur = self.label_by_id[label]["currency"]
        cost = cents(Decimal(units) * Decimal("1.45") * FX[cur])
        left = label in (self.departed_with_stock, self.departed_stuck) and day >= self.departure_day
        where = OLD_WAREHOUSE if left else WAREHOUSE
        self.post(f"press:{product['sku']}", day,
                  f"Pressing of {product['catalog_number']} delivered to {where} by {MANUFACTURER}",
                  [(label, "inventory", f"SKU:{product['sku']}", where, "", units),
                   (label, "external", f"SKU:{product['sku']}", "", "", -units),
                   (label, "expense", cur, "", "", fmt(cost)),
                   (label, "payable", cur, "", MANUFACTURER, fmt(-cost))])

    def pick_store(self, label: dict):
        weights = {"USD": [40, 20, 20, 5, 5], "GBP": [20, 10, 10, 40, 10], "EUR": [20, 10, 10, 10, 40]}
        return self.rng.choices(STORES, weights[label["currency"]])[0]

    def plan_months(self) -> None:
        rng = self.rng
        for month in range(1, 7):
            for label in self.labels:
                for _ in range(rng.choices([0, 1, 2, 3], [15, 40, 30, 15])[0]):
                    day = dt.date(2026, month, rng.randint(1, 28))
                    self.schedule(day, self.invoice, label, self.pick_store(label))
        # Digital: usage months 2025-11 .. 2026-05, reported at the end of the next month.
        for payer, noun, rates, per_release in DIGITAL:
            for label in self.labels:
                if payer == DIGITAL_STORE and label["index"] % 2:
                    continue  # Only half the labels sell downloads through Cadenza.
                currencies = ["USD"] + (["EUR"] if "EUR" in rates and label["currency"] != "USD" else [])
                for usage in [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 6)]:
                    report = month_end(*add_months(*usage, 1))
                    for cur in currencies:
                        if report == OPENING:
                            self.digital_statement(report, payer, noun, rates[cur], per_release, label, usage, cur)
                        else:
                            self.schedule(report, self.digital_statement, payer, noun, rates[cur], per_release,
                                          label, usage, cur)
        for label in self.labels:
            self.schedule(dt.date(2026, 2, 15), self.payout, label, OPENING, "Q4 2025")
            self.schedule(dt.date(2026, 5, 15), self.payout, label, dt.date(2026, 3, 31), "Q1 2026")
            self.schedule(dt.date(2026, 6, 15), self.release_reserve, label)
        self.schedule(self.transfer_day, self.catalogue_sales)
        self.schedule(dt.date(2026, 3, 10), self.lp_purchases)
        self.schedule(dt.date(2026, 4, 20), self.return_stock_to_departed)
        self.schedule(dt.date(2026, 4, 6), self.display_consignments)
        self.schedule(dt.date(2026, 4, 30), self.statement_corrections)

    def invoice(self, day: dt.date, label: dict, store) -> None:
        rng = self.rng
        sid, sname, cur, terms, (qlo, qhi) = store
        lid = label["id"]
        # What this label owns, Meridian carries, and the warehouse has in stock today.
        candidates = []
        for release in self.releases_owned(lid, day):
            if not self.carried(release, day):
                continue
            for product in release["products"]:
                if product["kind"] == "physical" and self.stock[(lid, product["sku"], WAREHOUSE)] > 0:
                    candidates.append(product)
        if not candidates:
            return
        lines = rng.sample(candidates, min(len(candidates), rng.randint(1, 4)))
        self.invoice_seq += 1
        ref = f"INV-{day.year}-{day.month:02d}-{self.invoice_seq:05d}"
        rows, total, units_total = [], Decimal(0), 0
        for product in lines:
            qty = min(rng.randint(qlo, qhi), self.stock[(lid, product["sku"], WAREHOUSE)])
            commodity = f"SKU:{product['sku']}"
            rows.append((lid, "inventory", commodity, WAREHOUSE, "", -qty))
            rows.append((lid, "external", commodity, "", "", qty))
            total += qty * self.price(product, cur)
            units_total += qty
        rows.append((lid, "receivable", cur, "", sid, fmt(total)))
        rows.append((lid, "external", cur, "", "", fmt(-total)))
        self.post(f"inv:{ref}", day, f"{ref} {sname}: {len(lines)} title(s), {units_total} units at PPD", rows)
        self.open_items[ref] = (lid, cur, total)
        due = day + dt.timedelta(days=terms + rng.randint(0, 20))
        if rng.random() < 0.15:
            product = lines[0]
            qty = max(1, -rows[0][5] // 4)
            self.schedule(day + dt.timedelta(days=rng.randint(14, 28)), self.store_return, ref, sid, lid, cur,
                          product, qty)
        self.schedule(due, self.collect_store, ref, sid, lid, cur)

    def releases_owned(self, lid: str, day: dt.date):
        label = self.label_by_id[lid]
        own = [r for r in label["releases"] if self.owner(r, day) == lid]
        for seller, buyer in self.sales:
            if buyer == lid and day >= self.transfer_day:
                own += [r for r in self.label_by_id[seller]["releases"] if self.owner(r, day) == lid]
        return own

    def store_return(self, day, ref, sid, lid, cur, product, qty) -> None:
        owner = self.owner(product["release"], day)
        if owner != lid:
            return  # The catalogue changed hands; the buyer's problem, not modelled.
        value = qty * self.price(product, cur)
        commodity = f"SKU:{product['sku']}"
        self.post(f"ret:{ref}", day, f"Return against {ref} from {sid}: {qty} x {product['catalog_number']}",
                  [(lid, "inventory", commodity, WAREHOUSE, "", qty),
                   (lid, "external", commodity, "", "", -qty),
                   (lid, "receivable", cur, "", sid, fmt(-value)),
                   (lid, "external", cur, "", "", fmt(value))])
        label, c, amount = self.open_items[ref]
        self.open_items[ref] = (label, c, amount - value)

    def collect_store(self, day, ref, sid, lid, cur) -> None:
        _, _, amount = self.open_items.pop(ref)
        fee = cents(amount * FEE_PHYSICAL)
        reserve = cents((amount - fee) * RESERVE)
        self.post(f"pay:{ref}", day,
                  f"{sid} paid {ref}; Meridian fee 25%, returns reserve 20% of the remainder",
                  [(lid, "receivable", cur, "", sid, fmt(-amount)),
                   (lid, "trust", cur, "", "", fmt(amount - fee - reserve)),
                   (lid, "reserve", cur, "", "", fmt(reserve)),
                   (lid, "expense", cur, "", "", fmt(fee)),
                   (DISTRIBUTOR, "cash", cur, "", "", fmt(fee)),
                   (DISTRIBUTOR, "fee_income", cur, "", "", fmt(-fee))])

    def digital_statement(self, day, payer, noun, rate, per_release, label, usage, cur) -> None:
        rng = self.rng
        lid = label["id"]
        usage_end = month_end(*usage)
        catalogue = [r for r in self.releases_owned(lid, usage_end) if r["released"] <= usage_end]
        units = sum(rng.randint(*per_release) for _ in catalogue)
        if cur != "USD":
            units //= 3
        if units == 0:
            return
        amount = rate * units
        period = f"{usage[0]}-{usage[1]:02d}"
        ref = f"{payer}:{period}:{lid}:{cur}"
        self.post(f"dig:{ref}", day,
                  f"{payer} statement for {period} usage: {units} {noun} x {fmt(rate)} {cur}",
                  [(lid, "receivable", cur, "", payer, fmt(amount)),
                   (lid, "external", cur, "", "", fmt(-amount))])
        self.open_items[ref] = (lid, cur, amount)
        self.schedule(month_end(*add_months(*usage, 2)), self.collect_digital, ref, payer, lid, cur, period)

    def collect_digital(self, day, ref, payer, lid, cur, period) -> None:
        _, _, amount = self.open_items.pop(ref)
        fee = amount * FEE_DIGITAL  # Exact: sub-cent amounts stay sub-cent until payout.
        self.post(f"digpay:{ref}", day, f"{payer} paid Meridian for {period} usage; Meridian digital fee 15%",
                  [(lid, "receivable", cur, "", payer, fmt(-amount)),
                   (lid, "trust", cur, "", "", fmt(amount - fee)),
                   (lid, "expense", cur, "", "", fmt(fee)),
                   (DISTRIBUTOR, "cash", cur, "", "", fmt(fee)),
                   (DISTRIBUTOR, "fee_income", cur, "", "", fmt(-fee))])

    def payout(self, day, label, cutoff, period) -> None:
        lid = label["id"]
        if lid in self.unpaid_all or (lid in self.unpaid_since_feb and day.month > 2):
            return
        for (party, cur), history in sorted(self.trust_history.items()):
            if party != lid:
                continue
            due = sum((a for d, a in history if d <= cutoff), Decimal(0)).quantize(CENT, rounding=ROUND_DOWN)
            if due < PAYOUT_MINIMUM:
                continue  # Rolls forward to the next statement.
            self.post(f"payout:{period}:{lid}:{cur}", day,
                      f"Meridian statement payout to {lid}, {period} (collections to {iso(cutoff)})",
                      [(lid, "trust", cur, "", "", fmt(-due)), (lid, "cash", cur, "", "", fmt(due))])

    def release_reserve(self, day, label) -> None:
        lid = label["id"]
        for (party, cur), history in sorted(self.reserve_history.items()):
            if party != lid:
                continue
            early = sum((a for d, a in history if d < dt.date(2026, 3, 1)), Decimal(0))
            amount = cents(early / 2)
            if amount > 0:
                self.post(f"reserve-release:2026-06:{lid}:{cur}", day,
                          "Half of the reserves withheld in Jan-Feb 2026 released",
                          [(lid, "reserve", cur, "", "", fmt(-amount)), (lid, "trust", cur, "", "", fmt(amount))])

    def catalogue_sales(self, day) -> None:
        for seller, buyer in self.sales:
            for release in self.label_by_id[seller]["releases"]:
                if release["id"] not in self.owner_change:
                    continue
                for product in release["products"]:
                    units = self.stock[(seller, product["sku"], WAREHOUSE)]
                    if product["kind"] != "physical" or units == 0:
                        continue
                    commodity = f"SKU:{product['sku']}"
                    self.post(f"catalogue-sale:{seller}:{buyer}:{product['sku']}", day,
                              f"Catalogue sale {seller} to {buyer}: stock of {product['catalog_number']} changes owner",
                              [(seller, "inventory", commodity, WAREHOUSE, "", -units),
                               (buyer, "inventory", commodity, WAREHOUSE, "", units)])

    def lp_purchases(self, day) -> None:
        """Meridian buys LPs outright at 90% of PPD: the units become Meridian's, and
        Meridian owes the label (a payable whose counterparty is the label)."""
        rng = self.rng
        lps = [p for p in self.products if p["format"] == "LP"
               and self.carried(p["release"], day) and self.stock[(self.owner(p["release"], day), p["sku"], WAREHOUSE)] >= 20]
        for n, product in enumerate(rng.sample(lps, min(12, len(lps)))):
            lid = self.owner(product["release"], day)
            qty = min(rng.randint(20, 60), self.stock[(lid, product["sku"], WAREHOUSE)])
            value = cents(qty * product["ppd_usd"] * Decimal("0.9"))
            ref = f"PO-2026-03-{n + 1:03d}"
            commodity = f"SKU:{product['sku']}"
            self.post(f"po:{ref}", day, f"{ref}: Meridian buys {qty} x {product['catalog_number']} outright from {lid}",
                      [(lid, "inventory", commodity, WAREHOUSE, "", -qty),
                       (DISTRIBUTOR, "inventory", commodity, WAREHOUSE, "", qty),
                       (DISTRIBUTOR, "expense", "USD", "", "", fmt(value)),
                       (DISTRIBUTOR, "payable", "USD", "", lid, fmt(-value))])
            self.payables_to_label[ref] = (lid, "USD", value)
            if n % 2 == 0:
                self.schedule(day + dt.timedelta(days=60), self.pay_po, ref)

    def pay_po(self, day, ref) -> None:
        lid, cur, value = self.payables_to_label.pop(ref)
        self.post(f"popay:{ref}", day, f"Meridian pays {lid} for {ref}",
                  [(DISTRIBUTOR, "payable", cur, "", lid, fmt(value)),
                   (DISTRIBUTOR, "cash", cur, "", "", fmt(-value)),
                   (lid, "cash", cur, "", "", fmt(value)),
                   (lid, "external", cur, "", "", fmt(-value))])

    def statement_corrections(self, day) -> None:
        rng = self.rng
        for n, label in enumerate(rng.sample(self.labels, 5)):
            lid = label["id"]
            value = cents(Decimal(rng.randint(4000, 60000)) / 100)
            ref = f"ADJ-2026-04-{n + 1:03d}"
            self.post(f"adj:{ref}", day, f"{ref}: Q4 2025 statement to {lid} omitted Cadenza downloads",
                      [(DISTRIBUTOR, "expense", "USD", "", "", fmt(value)),
                       (DISTRIBUTOR, "payable", "USD", "", lid, fmt(-value))])
            self.payables_to_label[ref] = (lid, "USD", value)

    def display_consignments(self, day) -> None:
        """Sale-or-return display stock at Vinyl Lantern: still the label's units."""
        rng = self.rng
        for label in rng.sample(self.labels, 10):
            lid = label["id"]
            for release in self.releases_owned(lid, day)[:2]:
                product = release["products"][0]
                have = self.stock[(lid, product["sku"], WAREHOUSE)]
                if not self.carried(release, day) or have < 5:
                    continue
                qty = min(have, rng.randint(5, 15))
                commodity = f"SKU:{product['sku']}"
                self.post(f"consign:S-LANTERN:{product['sku']}:2026-04", day,
                          f"Sale-or-return display stock of {product['catalog_number']} to Vinyl Lantern",
                          [(lid, "inventory", commodity, WAREHOUSE, "", -qty),
                           (lid, "inventory", commodity, "S-LANTERN", "", qty)])

    def return_stock_to_departed(self, day) -> None:
        lid = self.departed_with_stock
        for (owner, sku, location), units in sorted(self.stock.items()):
            if owner != lid or location != WAREHOUSE or units == 0:
                continue
            commodity = f"SKU:{sku}"
            self.post(f"restock:{lid}:{sku}", day, f"{lid} left Meridian: stock shipped to {OLD_WAREHOUSE}",
                      [(lid, "inventory", commodity, WAREHOUSE, "", -units),
                       (lid, "inventory", commodity, OLD_WAREHOUSE, "", units)])

    # -- output --

    def expected_summary(self, as_of: str | None) -> list[dict]:
        """What `fermata summary` computes, re-derived from the journal rows."""
        labels = {label["id"]: label for label in self.labels}
        out = {lid: {"party": lid, "name": label["name"], "held": defaultdict(Decimal),
                     "owed": defaultdict(Decimal), "reserved": defaultdict(Decimal),
                     "units_by_location": defaultdict(int)} for lid, label in labels.items()}
        for txn in self.txns:
            if as_of and iso(txn["date"]) > as_of:
                continue
            for party, kind, commodity, location, counterparty, amount in txn["rows"]:
                amount = Decimal(amount)
                if party in out:
                    pos = out[party]
                    if kind == "trust":
                        pos["held"][commodity] += amount
                    elif kind == "receivable":
                        pos["owed"][commodity] += amount
                    elif kind == "reserve":
                        pos["reserved"][commodity] += amount
                    elif kind == "inventory" and location != party:
                        pos["units_by_location"][location] += int(amount)
                if kind == "payable" and counterparty in out:
                    out[counterparty]["owed"][commodity] -= amount
        result = []
        for lid in sorted(out):
            pos = out[lid]
            entry = {"party": lid, "name": pos["name"]}
            for field in ("held", "owed", "reserved"):
                entry[field] = {c: fmt(v) for c, v in sorted(pos[field].items()) if v != 0}
            entry["units_by_location"] = {k: v for k, v in sorted(pos["units_by_location"].items()) if v != 0}
            entry["units_held_by_others"] = sum(entry["units_by_location"].values())
            result.append(entry)
        return result

    def cross_check(self, expected: list[dict]) -> None:
        """The business state must agree with the figures derived from the rows."""
        units = defaultdict(int)
        for (owner, _sku, location), n in self.stock.items():
            if owner.startswith("L") and location != owner:
                units[owner] += n
        owed = defaultdict(Decimal)
        for lid, cur, amount in list(self.open_items.values()) + list(self.payables_to_label.values()):
            owed[(lid, cur)] += amount
        for entry in expected:
            assert entry["units_held_by_others"] == units[entry["party"]], entry["party"]
            for cur in ("USD", "EUR", "GBP"):
                assert Decimal(entry["owed"].get(cur, "0")) == owed[(entry["party"], cur)], (entry["party"], cur)

    def write(self, out: Path) -> None:
        (out / "catalog").mkdir(parents=True, exist_ok=True)
        (out / "journal").mkdir(parents=True, exist_ok=True)
        for old in list((out / "catalog").glob("*.csv")) + list((out / "journal").glob("*.csv")):
            old.unlink()
        tables = [
            ("01-parties.csv", ["id", "name", "kind", "ddex_party_id"], self.parties),
            ("02-releases.csv", ["id", "title", "icpn"], self.releases),
            ("03-recordings.csv", ["isrc", "title", "artist", "duration_seconds"], self.recordings),
            ("04-release_tracks.csv", ["release_id", "sequence", "isrc"], self.tracks),
            ("05-products.csv", ["sku", "kind", "format", "release_id", "catalog_number", "upc"], self.products),
            ("06-relations.csv", ["kind", "release_id", "party_id", "valid_from", "valid_to"], self.relations),
        ]
        for name, columns, rows in tables:
            with open(out / "catalog" / name, "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(columns)
                for row in rows:
                    writer.writerow([row[c] for c in columns])
        by_file: dict[str, list[dict]] = defaultdict(list)
        for txn in self.txns:
            name = "2025-12-opening.csv" if txn["date"] <= OPENING else f"{txn['date']:%Y-%m}.csv"
            by_file[name].append(txn)
        columns = ["key", "effective_date", "memo", "party", "kind", "commodity", "location", "counterparty",
                   "amount"]
        n_rows = 0
        for name, txns in sorted(by_file.items()):
            txns.sort(key=lambda t: t["date"])  # Stable: same-day transactions in the order they happened.
            with open(out / "journal" / name, "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(columns)
                for txn in txns:
                    for i, (party, kind, commodity, location, counterparty, amount) in enumerate(txn["rows"]):
                        writer.writerow([txn["key"], iso(txn["date"]), txn["memo"] if i == 0 else "", party,
                                         kind, commodity, location, counterparty, fmt(amount)])
                        n_rows += 1
        expected = self.expected_summary(None)
        self.cross_check(expected)
        with open(out / "expected_summary.json", "w", encoding="utf-8") as f:
            json.dump({"as_of": None, "labels": expected,
                       "snapshots": {SNAPSHOT: self.expected_summary(SNAPSHOT)}}, f, indent=1, sort_keys=True)
            f.write("\n")
        world = {
            "labels": len(self.labels), "parties": len(self.parties), "releases": len(self.releases),
            "recordings": len(self.recordings), "products": len(self.products),
            "relations": len(self.relations), "transactions": len(self.txns), "journal_rows": n_rows,
            "catalogue_sales": [list(s) for s in self.sales],
            "departed_with_stock": self.departed_with_stock, "departed_stock_kept": self.departed_stuck,
            "unpaid_all_2026": sorted(self.unpaid_all), "unpaid_since_feb": sorted(self.unpaid_since_feb),
        }
        # The sales stream: its own random numbers, so everything above is unchanged by it.
        stream = sales.Sales(self, self.seed)
        expected_sales = stream.generate(out)
        with open(out / "sales_expected.json", "w", encoding="utf-8") as f:
            json.dump(expected_sales, f, indent=1, sort_keys=True)
            f.write("\n")
        world["sales_files"] = expected_sales["files"]
        # The year of physical distribution (demo/stock.py, run by the sales stream).
        expected_stock = stream.stock.expected()
        with open(out / "stock_expected.json", "w", encoding="utf-8") as f:
            json.dump(expected_stock, f, indent=1, sort_keys=True)
            f.write("\n")
        world["stock_labels"] = expected_stock["labels"]
        world["reclaim_label"] = expected_stock["reclaim_label"]
        world["count"] = {k: expected_stock["count"][k] for k in ("id", "file", "approve")}
        with open(out / "world.json", "w", encoding="utf-8") as f:
            json.dump(world, f, indent=1, sort_keys=True)
            f.write("\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="output directory (created if missing)")
    parser.add_argument("--seed", type=int, default=20160601, help="random seed (default: 20160601)")
    args = parser.parse_args(argv)
    world = World(args.seed)
    world.build_parties()
    world.build_catalog()
    world.plan_story()
    world.build_relations()
    world.opening()
    world.plan_months()
    world.run()
    world.write(Path(args.out))
    print(f"demo world: {len(world.labels)} labels, {len(world.releases)} releases, "
          f"{len(world.products)} products, {len(world.txns)} transactions -> {os.fspath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
