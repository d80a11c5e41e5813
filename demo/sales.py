"""The demo world's sales stream: a year of store reports and the remittances that pay them.

Used by generate_world.py (run that, not this). Writes, under OUTPUT_DIR/sales/:

  dsr/DSR_<Meridian DPID>_<DSP DPID>_<service>_<YYYY-MM>_<territory>_1of1_<created>.tsv
      DDEX DSR Basic Audio 1.2, one per month 2025-07 .. 2026-06 from each of two
      streaming services (Brookstream, US, USD; Nordwind Music, DE, EUR)
  apple/apple_financial_<YYYY-MM>_US.txt
      Apple financial reports (fiscal months, USD): album and track downloads, Apple Music streams
  physical/harmony_<YYYY-MM>.csv, physical/klangraum_<YYYY>-Q<n>.csv
      physical sell-through: Harmony Hall's branches monthly (payer column), Klangraum quarterly
  remittances/<payer>.csv
      the payments: most reports paid in full, one paid short, the latest months unpaid
  sales_expected.json
      what Fermata must say afterwards, computed here in Decimal: receivables per payer x
      period x currency, each label's change in "owed to it" and "held for it", and suspense

Its own random stream (seeded from the world's seed) so the world and journal are unchanged.
The amounts Fermata derives are re-derived here: DSR NetRevenue is split over a summary's line groups
by largest remainder (as Fermata's allocate does), remittances over a report's owners likewise.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import stock  # demo/stock.py: the year of physical distribution and the stores' sell-through

MONTHS = [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 7)]
CENT = Decimal("0.01")
HOLDER = "MERIDIAN"
ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def dpid_check(prefix: str) -> str:
    """ISO 7064 Mod 37,36 check character, as python-stdnum and Fermata compute it."""
    c = 18
    for ch in prefix:
        c = (((c or 36) * 2) % 37 + ALNUM36.index(ch)) % 36
    return ALNUM36[(1 - ((c or 36) * 2) % 37) % 36]


def dpid(body: str) -> str:
    text = "PADPIDA" + body
    return text + dpid_check(text)


MERIDIAN_DPID = dpid("2016060101")
# Streaming services: party id, name, DPID, service, territory, currency, prices.
DSPS = [
    {"id": "DSP-BROOK", "name": "Brookstream", "dpid": dpid("2016060102"), "service": "BrookstreamPremium",
     "territory": "US", "currency": "USD", "sub": Decimal("0.0049"), "ad": Decimal("0.0012"),
     "download": (Decimal("0.99"), Decimal("1.29")), "net": Decimal("0.70"), "releases": 45},
    {"id": "DSP-NORD", "name": "Nordwind Music", "dpid": dpid("2016060103"), "service": "NordwindUnlimited",
     "territory": "DE", "currency": "EUR", "sub": Decimal("0.0041"), "ad": Decimal("0.0009"),
     "download": (Decimal("0.99"), Decimal("1.19")), "net": Decimal("0.68"), "releases": 25},
]
APPLE = {"id": "APPLE", "name": "Apple", "vendor": "80160601"}
HARMONY_BRANCHES = ["Harmony Hall Portland", "Harmony Hall Seattle", "Harmony Hall Boise",
                    "Harmony Hall Eugene"]
# Parties the sales stream needs in the catalog (appended to 01-parties.csv).
PARTIES = [(d["id"], d["name"], "store", d["dpid"]) for d in DSPS] + [(APPLE["id"], APPLE["name"], "store", "")]


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def ym(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def fmt(amount: Decimal) -> str:
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def allocate(total: Decimal, shares: list[Decimal], places: int) -> list[Decimal]:
    """Largest remainder, exactly as fermata's allocate (money/allocate.cc): ties in remainder
    go to the larger share, then to the lower index. total and shares are >= 0."""
    unit = Decimal(1).scaleb(-places)
    total_units = int(total / unit)
    assert Decimal(total_units) * unit == total, (total, places)
    scale = 10 ** 12
    raw = [int(s * scale) for s in shares]
    whole = sum(raw)
    units, slots = [], []
    for i, share in enumerate(raw):
        q, r = divmod(total_units * share, whole)
        units.append(q)
        slots.append((-r, -share, i))
    for _, _, i in sorted(slots)[:total_units - sum(units)]:
        units[i] += 1
    return [Decimal(u) * unit for u in units]


def places_of(value: Decimal) -> int:
    text = fmt(value)
    return len(text.split(".")[1]) if "." in text else 0


def upc_a(ean13: str) -> str:
    return ean13[1:] if ean13.startswith("0") else ean13


def duration(seconds: int) -> str:
    return f"PT{seconds // 3600}H{seconds // 60 % 60}M{seconds % 60}S"


class Report:
    """One sales report as Fermata will see it: its lines' owners and amounts."""

    def __init__(self, kind: str, payer: str, period: str, currency: str, name: str):
        self.kind, self.payer, self.period, self.currency, self.name = kind, payer, period, currency, name
        self.period_end = ""  # The last day it covers: remittances settle reports in that order.
        self.by_owner: dict[str, Decimal] = defaultdict(Decimal)  # owner (HOLDER for suspense) -> amount
        self.unmatched: dict[str, Decimal] = defaultdict(Decimal)  # identifier -> amount
        self.received = Decimal(0)
        self.paid: dict[str, Decimal] = defaultdict(Decimal)  # owner -> settled by remittances

    def add(self, owner: str | None, amount: Decimal, identifier: str = "") -> None:
        self.by_owner[owner or HOLDER] += amount
        if owner is None:
            self.unmatched[identifier] += amount

    @property
    def total(self) -> Decimal:
        return sum(self.by_owner.values(), Decimal(0))


class Sales:
    def __init__(self, world, seed: int):
        self.w = world
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 5)
        self.tracks: dict[str, list[dict]] = defaultdict(list)
        recordings = {r["isrc"]: r for r in world.recordings}
        for t in world.tracks:
            self.tracks[t["release_id"]].append(recordings[t["isrc"]])
        self.reports: list[Report] = []
        self.remittances: dict[str, list[list[str]]] = defaultdict(list)  # file stem -> rows
        self.held: dict[tuple[str, str], Decimal] = defaultdict(Decimal)  # (label, cur) -> trust
        self.owed: dict[tuple[str, str], Decimal] = defaultdict(Decimal)  # (label, cur) -> receivable

    def available(self, day: dt.date) -> list[dict]:
        """Releases on sale (released by `day`), in catalog order."""
        return [r for r in self.w.releases if r["released"] <= day]

    def owner(self, release: dict, day: dt.date) -> str:
        return self.w.owner(release, day)

    # -- DSR ---------------------------------------------------------------------------------

    DSR_SUMMARIES = [  # SummaryRecordId, CommercialModel, UseType
        ("1", "SubscriptionModel", "OnDemandStream"),
        ("2", "AdvertisementSupportedModel", "OnDemandStream"),
        ("3", "PayAsYouGoModel", "PermanentDownload"),
    ]

    def dsr_blocks(self, dsp: dict, first: dt.date) -> list[tuple]:
        """A month's blocks: (release or None, [(isrc, title, artist, seconds)],
        [(resource index, summary id, usages, returns, price)])."""
        rng = self.rng
        releases = rng.sample(self.available(first), dsp["releases"])
        releases.sort(key=lambda r: r["id"])
        blocks = []
        unknown = [f"USX9Z25{n:05d}" for n in (1, 2, 3)]
        for release in releases + [None, None]:
            if release is None:  # Not in the catalog: registrant X9Z is no demo label's.
                isrc = unknown[rng.randrange(len(unknown))]
                resources = [(isrc, f"Unlisted Track {isrc[-1]}", "Unknown Artist", 200)]
            else:
                recs = self.tracks[release["id"]]
                picked = sorted(rng.sample(range(len(recs)), rng.randint(1, len(recs))))
                resources = [(recs[i]["isrc"], recs[i]["title"], recs[i]["artist"], recs[i]["duration_seconds"])
                             for i in picked]
            lines = []
            for k in range(len(resources)):
                lines.append((k, "1", rng.randint(40, 4000), 0, dsp["sub"]))
                if rng.random() < 0.6:
                    lines.append((k, "2", rng.randint(20, 2500), 0, dsp["ad"]))
                if rng.random() < 0.25:
                    usages = rng.randint(1, 4)
                    returns = 1 if usages > 1 and rng.random() < 0.1 else 0
                    lines.append((k, "3", usages, returns, rng.choice(dsp["download"])))
            blocks.append((release, resources, lines))
        return blocks

    def dsr(self, out: Path, dsp: dict, year: int, month: int) -> None:
        first, last = dt.date(year, month, 1), month_end(year, month)
        cur, terr = dsp["currency"], dsp["territory"]
        period = ym(year, month)
        blocks = self.dsr_blocks(dsp, first)
        # Summaries: gross per line, NetRevenue = net share of gross in cents, split back by
        # largest remainder over the summary's line groups (lines of one summary naming the
        # same ISRC, DspResourceId, ICPN and catalog number) in order of first appearance.
        by_summary: dict[str, list[tuple[int, int]]] = defaultdict(list)  # sid -> [(block, line)]
        group_gross: dict[tuple, Decimal] = {}  # (sid, isrc, icpn, catalog number) -> gross
        group_of: dict[tuple[int, int], tuple] = {}
        for b, (release, resources, lines) in enumerate(blocks):
            icpn = release["icpn"] if release else ""
            catalog = release["products"][0]["catalog_number"] if release else ""
            for n, (k, sid, usages, returns, price) in enumerate(lines):
                by_summary[sid].append((b, n))
                key = (sid, resources[k][0], icpn, catalog)
                group_gross[key] = group_gross.get(key, Decimal(0)) + price * (usages - returns)
                group_of[(b, n)] = key
        net_revenue, amount_of_group = {}, {}
        for sid in by_summary:
            keys = [key for key in group_gross if key[0] == sid]
            gross = sum((group_gross[key] for key in keys), Decimal(0))
            net_revenue[sid] = cents(gross * dsp["net"])
            places = max(places_of(net_revenue[sid]), 2)
            for key, part in zip(keys, allocate(net_revenue[sid], [group_gross[key] for key in keys], places)):
                amount_of_group[key] = part
        created = f"{last + dt.timedelta(days=12):%Y%m%d}T060000"
        name = f"DSR_{MERIDIAN_DPID}_{dsp['dpid']}_{dsp['service']}_{period}_{terr}_1of1_{created}.tsv"
        report = Report("dsr", dsp["id"], period, cur, name)
        rows = [["HEAD", "dsrf/30", "BasicAudioProfile", "1.2", f"{dsp['service']}-{period}-{terr}",
                 f"{last + dt.timedelta(days=12)}T06:00:00Z", "1", "1", str(first), str(last), dsp["dpid"],
                 dsp["name"], dsp["service"], MERIDIAN_DPID, "Meridian Independent Distribution"]]
        for sid, model, use in self.DSR_SUMMARIES:
            if sid not in by_summary:
                continue
            usages = sum(blocks[b][2][n][2] for b, n in by_summary[sid])
            rows.append(["SY02.02", sid, "", "", model, use, terr, dsp["service"], str(usages), "", cur,
                         fmt(net_revenue[sid]), "", "", "", "", "", "", "Music"])
        txn = 0
        for b, (release, resources, lines) in enumerate(blocks):
            block = str(b + 1)
            if release is None:
                rows.append(["RE01", block, "RL1", f"BR{period}-{b}", "", "", "", "Unknown Artist", "",
                             "Unlisted Release", "", "Single", ""])
                day_owner = None
            else:
                label_name = self.w.label_by_id[release["label"]]["name"]
                rows.append(["RE01", block, "RL1", f"BR{release['id']}", "", release["products"][0]["catalog_number"],
                             release["icpn"], release["artist"], "", release["title"], "", "Album", label_name])
                day_owner = self.owner(release, last)
            for k, (isrc, title, artist, seconds) in enumerate(resources):
                rows.append(["AS01.01", block, f"RES{k + 1}", f"T{isrc}", isrc, title, "", artist, "",
                             duration(seconds), "SoundRecording"])
                rows.append(["MW01.01", block, f"W{block}-{k + 1}", "", title])
            for n, (k, sid, usages, returns, price) in enumerate(lines):
                txn += 1
                if sid == "3":
                    rows.append(["SU01", block, sid, f"S{txn}", "", f"RES{k + 1}", "true", "false", str(usages),
                                 str(returns), fmt(price)])
                else:
                    rows.append(["SU02", block, sid, f"S{txn}", "", f"RES{k + 1}", "true", str(usages), fmt(price)])
                key = group_of[(b, n)]
                if key in amount_of_group:  # Once per group, at its first line.
                    report.add(day_owner, amount_of_group.pop(key), resources[k][0])
        total_lines = len(rows) + 1
        rows.append(["FOOT", str(total_lines), str(total_lines), str(len(by_summary)), str(len(blocks)),
                     str(len(blocks))])
        for row in rows:
            for cell in row:
                assert not any(c in cell for c in "\t|\\#\n"), cell
        (out / name).write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
        self.reports.append(report)

    # -- Apple -------------------------------------------------------------------------------

    APPLE_FISCAL = {  # apple_calendar.cc: fiscal month -> (first, last) day
        "2025-07": ("2025-06-29", "2025-08-02"), "2025-08": ("2025-08-03", "2025-08-30"),
        "2025-09": ("2025-08-31", "2025-09-27"), "2025-10": ("2025-09-28", "2025-11-01"),
        "2025-11": ("2025-11-02", "2025-11-29"), "2025-12": ("2025-11-30", "2025-12-27"),
        "2026-01": ("2025-12-28", "2026-01-31"), "2026-02": ("2026-02-01", "2026-02-28"),
        "2026-03": ("2026-03-01", "2026-03-28"), "2026-04": ("2026-03-29", "2026-05-02"),
        "2026-05": ("2026-05-03", "2026-05-30"), "2026-06": ("2026-05-31", "2026-06-27"),
    }
    APPLE_COLUMNS = ["Start Date", "End Date", "UPC", "ISRC/ISBN", "Vendor Identifier", "Quantity", "Partner Share",
                     "Extended Partner Share", "Partner Share Currency", "Sales or Return", "Apple Identifier",
                     "Artist/Show/Developer/Author", "Title", "Label/Studio/Network/Developer/Publisher", "Grid",
                     "Product Type Identifier", "ISAN/Other Identifier", "Country Of Sale", "Pre-order Flag",
                     "Promo Code", "Customer Price", "Customer Currency"]

    def apple(self, out: Path, year: int, month: int) -> None:
        rng = self.rng
        period = ym(year, month)
        start, end = (dt.date.fromisoformat(d) for d in self.APPLE_FISCAL[period])
        us = lambda d: f"{d:%m/%d/%Y}"  # noqa: E731
        releases = sorted(rng.sample(self.available(start), 30), key=lambda r: r["id"])
        rows = []  # (fields dict, owner)
        for release in releases:
            label_name = self.w.label_by_id[release["label"]]["name"]
            digital = next(p for p in self.w.products if p["sku"] == f"DL-{release['id']}")
            owner = self.owner(release, end)
            base = {"Start Date": us(start), "End Date": us(end), "UPC": upc_a(release["icpn"]),
                    "Partner Share Currency": "USD", "Label/Studio/Network/Developer/Publisher": label_name,
                    "Customer Currency": "USD"}
            country = rng.choice(["US", "US", "US", "CA"])
            if rng.random() < 0.4:  # Album downloads.
                qty = rng.randint(1, 6)
                rows.append(({**base, "ISRC/ISBN": "", "Vendor Identifier": digital["catalog_number"],
                              "Quantity": qty, "Partner Share": Decimal("6.99"), "Sales or Return": "S",
                              "Apple Identifier": f"17{release['id'][1:]}000", "Artist/Show/Developer/Author":
                              release["artist"], "Title": release["title"], "Product Type Identifier": "H1",
                              "Country Of Sale": country, "Customer Price": "9.99"}, owner))
            for seq, rec in enumerate(self.tracks[release["id"]], 1):
                common = {**base, "ISRC/ISBN": rec["isrc"], "Vendor Identifier": f"{digital['catalog_number']}-{seq:02d}",
                          "Apple Identifier": f"17{release['id'][1:]}{seq:03d}",
                          "Artist/Show/Developer/Author": rec["artist"], "Title": rec["title"],
                          "Country Of Sale": country}
                if rng.random() < 0.5:
                    qty = rng.randint(1, 8)
                    rows.append(({**common, "Quantity": qty, "Partner Share": Decimal("0.70"), "Sales or Return": "S",
                                  "Product Type Identifier": "H3", "Customer Price": "0.99"}, owner))
                    if rng.random() < 0.08:
                        rows.append(({**common, "Quantity": -1, "Partner Share": Decimal("0.70"),
                                      "Sales or Return": "R", "Product Type Identifier": "H3",
                                      "Customer Price": "0.99"}, owner))
                rows.append(({**common, "Quantity": rng.randint(30, 3000), "Partner Share": Decimal("0.0055"),
                              "Sales or Return": "S", "Product Type Identifier": "AMS", "Customer Price": ""}, owner))
        # Apple pays whole cents: nudge the last stream row until the report total is.
        def total() -> Decimal:
            return sum((r["Quantity"] * r["Partner Share"] for r, _ in rows), Decimal(0))
        last_stream = max(i for i, (r, _) in enumerate(rows) if r["Product Type Identifier"] == "AMS")
        while cents(total()) != total():
            rows[last_stream][0]["Quantity"] += 1
        name = f"apple_financial_{period}_US.txt"
        report = Report("apple", APPLE["id"], period, "USD", name)
        lines = ["iTunes Store - Financial Report", "Provider: Meridian Independent Distribution",
                 f"Vendor ID: {APPLE['vendor']}", f"Fiscal Period: {start:%B %Y} ({us(start)} - {us(end)})",
                 "Region: Americas", "Report Currency: USD", "", "\t".join(self.APPLE_COLUMNS)]
        by_country: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
        for r, owner in rows:
            extended = r["Quantity"] * r["Partner Share"]
            r["Extended Partner Share"] = fmt(extended)
            report.add(owner, extended)
            by_country[r["Country Of Sale"]][0] += r["Quantity"]
            by_country[r["Country Of Sale"]][1] += extended
            lines.append("\t".join(fmt(r[c]) if isinstance(r.get(c), Decimal) else str(r.get(c, ""))
                                   for c in self.APPLE_COLUMNS))
        lines += ["", "Country Of Sale\tPartner Share Currency\tQuantity\tExtended Partner Share"]
        for country, (qty, amount) in sorted(by_country.items()):
            lines.append(f"{country}\tUSD\t{qty}\t{fmt(amount)}")
        lines += ["", f"Total_Rows\t{len(rows)}", f"Total_Amount\t{fmt(total())}",
                  f"Total_Units\t{sum(r['Quantity'] for r, _ in rows)}"]
        (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.reports.append(report)

    # -- Physical sell-through ---------------------------------------------------------------

    def physical_products(self, day: dt.date) -> list[dict]:
        return [p for p in self.w.products if p["kind"] == "physical" and p["release"]["released"] <= day]

    def skip_old_sell_through(self, months: list[tuple[int, int]], per_month: int, stores: int) -> None:
        """The physical sell-through reports now come from the stock stream (demo/stock.py):
        stores sell what they were shipped. They used to be drawn here, between each month's
        DSR and Apple reports, so the draws they made are made and dropped, and every DSR and
        Apple report stays byte-identical."""
        rng = self.rng
        for year, month in months:
            for _ in rng.sample(self.physical_products(dt.date(year, month, 1)), per_month):
                sold = rng.randint(1, 14)
                if rng.random() < 0.1:
                    rng.randint(1, sold)
                rng.choice(range(stores))

    # -- Remittances -------------------------------------------------------------------------

    def settle(self, report: Report, amount: Decimal) -> None:
        """Fermata's remittance posting: up to the outstanding, split over the owners' outstanding
        shares (owners in id order) by largest remainder at 10^-12."""
        owners = sorted(o for o, a in report.by_owner.items() if a > 0)
        outstanding = report.total - report.received
        take = min(amount, outstanding)
        for owner, part in zip(owners, allocate(take, [report.by_owner[o] - report.paid[o] for o in owners], 12)):
            report.paid[owner] += part
        report.received += take

    def pay(self, file: str, payer_name: str, reports: list[Report], day: dt.date, pays: str, reference: str,
            fraction: Decimal = Decimal(1)) -> None:
        """One remittance line paying the reports its `pays` names: Fermata settles them in the
        order `receivables` lists them (by the last day of their period, then as imported), each
        up to what it still owes."""
        total = sum((r.total for r in reports), Decimal(0))
        amount = total if fraction == 1 else cents(total * fraction)
        assert amount > 0, (file, pays)
        self.remittances[file].append([payer_name, str(day), fmt(amount), reports[0].currency, pays, reference])
        left = amount
        for report in sorted(reports, key=lambda r: r.period_end):
            take = min(left, report.total - report.received)
            self.settle(report, take)
            left -= take

    # -- The year ----------------------------------------------------------------------------

    def generate(self, out: Path) -> dict:
        root = out / "sales"
        dirs = {k: root / k for k in ("dsr", "apple", "physical", "remittances")}
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
            for old in d.iterdir():
                old.unlink()
        for year, month in MONTHS:
            for dsp in DSPS:
                self.dsr(dirs["dsr"], dsp, year, month)
            self.apple(dirs["apple"], year, month)
            self.skip_old_sell_through([(year, month)], 18, len(HARMONY_BRANCHES))
            if month % 3 == 0:
                self.skip_old_sell_through([add_months(year, month, -2), add_months(year, month, -1), (year, month)],
                                           6, 1)
        # The year of physical distribution: stock files, and the sell-through reports of what the
        # stores were shipped (demo/stock.py). Its invoices and reports are receivables too.
        self.stock = stock.Stock(self.w, self.seed)
        self.stock.generate(out)
        for r in self.stock.reports:
            report = Report(r["kind"], r["payer"], r["period"], r["currency"], r["name"])
            report.period_end = r["period_end"]
            for owner, amount in sorted(r["by_owner"].items()):
                report.add(owner, amount)
            self.reports.append(report)
        self.purchases = self.stock.purchases
        end = dt.date(2026, 6, 30)
        for report in self.reports:
            if report.kind not in ("dsr", "apple"):
                continue
            year, month = int(report.period[:4]), int(report.period[5:])
            if report.kind == "dsr":
                dsp = next(d for d in DSPS if d["id"] == report.payer)
                day = month_end(*add_months(year, month, 2))
                payer, file, pays = dsp["name"], dsp["id"].lower(), report.period
                ref = f"{dsp['service'].upper()} {report.period}"
            else:
                day = dt.date.fromisoformat(self.APPLE_FISCAL[report.period][1]) + dt.timedelta(days=33)
                payer, file, ref = "Apple", "apple", f"APPLE {report.period}"
                pays = f"apple|{APPLE['vendor']}|{report.period}|USD"
            if day <= end:  # Else not paid yet: still owed at the end of the demo.
                self.pay(file, payer, [report], day, pays, ref)
        # Harmony pays a month's invoices, credit notes and sell-through 90 days after the month
        # (January 2026 short: 80 %); Klangraum a quarter's sell-through 30 days after it.
        for year, month in MONTHS:
            reports = [r for r in self.reports if r.payer == "S-HARMONY" and r.period == ym(year, month)]
            day, pays = month_end(*add_months(year, month, 3)), ym(year, month)
            short = pays == "2026-01"
            if day <= end:
                self.pay("harmony", "Harmony Hall Music (chain)", reports, day, pays,
                         f"HARMONY ACH {pays}" + (" (short: disputed returns)" if short else ""),
                         Decimal("0.8") if short else Decimal(1))
            if month % 3 == 0:
                reports = [r for r in self.reports if r.payer == "S-KLANG" and r.period.endswith(ym(year, month))]
                day, pays = month_end(year, month) + dt.timedelta(days=30), f"{year}-Q{month // 3}"
                if day <= end:
                    self.pay("klangraum", "Klangraum Berlin", reports, day, pays, f"SEPA KLANGRAUM {pays}")
        columns = ["payer", "date", "amount", "currency", "pays", "bank_reference"]
        for file, rows in sorted(self.remittances.items()):
            rows.sort(key=lambda r: r[1])
            with open(dirs["remittances"] / f"{file}.csv", "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(columns)
                writer.writerows(rows)
        return self.expected()

    def expected(self) -> dict:
        receivables = defaultdict(lambda: [Decimal(0), Decimal(0)])
        labels: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(
            lambda: {"owed": defaultdict(Decimal), "held": defaultdict(Decimal)})
        unmatched: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        payers = defaultdict(lambda: defaultdict(lambda: [Decimal(0), Decimal(0)]))
        for r in self.reports:
            key = (r.payer, r.period, r.currency)
            receivables[key][0] += r.total
            receivables[key][1] += r.received
            payers[r.payer][r.currency][0] += r.total
            payers[r.payer][r.currency][1] += r.received
            for owner, amount in r.by_owner.items():
                if owner == HOLDER:
                    continue
                labels[owner]["owed"][r.currency] += amount - r.paid[owner]
                labels[owner]["held"][r.currency] += r.paid[owner]
            for ident, amount in r.unmatched.items():
                unmatched[ident][r.currency] += amount
        purchases: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for lid, currency, value in self.purchases:
            purchases[lid][currency] += value
        clean = lambda d: {c: fmt(v) for c, v in sorted(d.items()) if v != 0}  # noqa: E731
        counts = defaultdict(int)
        for r in self.reports:
            counts[r.kind] += 1
        return {
            "files": {**counts, "remittance": len(self.remittances),
                      "remittance_lines": sum(len(v) for v in self.remittances.values())},
            "reports": {r.name: {"format": r.kind, "payer": r.payer, "reported": {r.currency: fmt(r.total)},
                                 "unmatched": clean({r.currency: sum(r.unmatched.values(), Decimal(0))})}
                        for r in self.reports},
            "receivables": [{"payer": p, "period": per, "currency": c, "reported": fmt(v[0]), "received": fmt(v[1]),
                             "outstanding": fmt(v[0] - v[1])} for (p, per, c), v in sorted(receivables.items())],
            "payers": {p: {c: {"reported": fmt(v[0]), "received": fmt(v[1]), "outstanding": fmt(v[0] - v[1])}
                           for c, v in sorted(by_cur.items())} for p, by_cur in sorted(payers.items())},
            "labels": {lid: {"owed": clean(v["owed"]), "held": clean(v["held"])} for lid, v in sorted(labels.items())},
            "unmatched": {ident: clean(v) for ident, v in sorted(unmatched.items())},
            # Stock Meridian bought with a price (demo/stock.py): not a sale to a store, but owed
            # to the label: its receivable from Meridian (and Meridian's payable to it).
            "purchases": {lid: clean(v) for lid, v in sorted(purchases.items())},
        }
