#!/usr/bin/env python3
"""Writes the SYNTHETIC mapped-import example twice, as the same statement:

  klangvertrieb_2026-01.csv   ';'-separated, decimal comma, '.' thousands
  klangvertrieb_2026-01.xlsx  one sheet "Abrechnung" (plus an empty "Notizen")

The xlsx is built with the standard library only (zipfile, no openpyxl):
shared strings for text, inline strings for ISRCs, numbers as <v> text (one
in exponent form), dates as 1900-system serial numbers. Entries carry a fixed
timestamp so the output is byte-for-byte reproducible.

Run from this folder: python3 make_xlsx.py
"""
import datetime
import zipfile
from xml.sax.saxutils import escape

PREAMBLE = [["Klangvertrieb GmbH – Verkaufsabrechnung Januar 2026"], ["Label", "Nordlicht Records"]]
HEADER = ["Shop", "Land", "EAN", "ISRC", "Katalognr.", "Künstler", "Titel", "Datum", "Menge",
          "Retouren", "Betrag", "Währung"]
# (shop, land, ean, isrc, catalog, artist, title, date, units, returns, amount, currency)
# Numbers as decimal text with '.'; the CSV writes them German-style.
ROWS = [
    ("Amazon Music", "DE", "198765000011", "DEXY72600001", "NLR-001", "Polarkreis", "Aurora",
     datetime.date(2026, 1, 3), "1204", "0", "3.61", "EUR"),
    ("Amazon Music", "AT", "198765000011", "DEXY72600002", "NLR-001", "Polarkreis", "Ice Shelf",
     datetime.date(2026, 1, 3), "310", "0", "0.93", "EUR"),
    ("Deezer", "DE", "198765000011", "", "NLR-001", "Polarkreis", "Polar Night",
     datetime.date(2026, 1, 15), "12", "3", "72.45", "EUR"),
    ("Qobuz", "FR", "198765000028", "DEXY72600003", "NLR-002", "Fjordlys", "Fjord Lines",
     datetime.date(2026, 1, 31), "2", "1", "0.001234", "EUR"),
    ("Spotify", "SE", "198765000028", "DEXY72600003", "NLR-002", "Fjordlys", "Fjord Lines",
     datetime.date(2026, 1, 31), "412345", "0", "1234.56", "EUR"),
    ("Tidal", "GB", "198765000011", "", "NLR-001", "Polarkreis", "Polar Night; Deluxe",
     datetime.date(2026, 1, 20), "0", "1", "-8.99", "GBP"),
]
FOOTER = ["Summe", "", "", "", "", "", "", "", "", "", "1311.551234", "EUR"]


def german(number):
    """'1234.56' -> '1.234,56' (thousands '.', decimal ',')."""
    sign = "-" if number.startswith("-") else ""
    whole, _, fraction = number.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def csv_field(text):
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ';"\n') else text


def write_csv(path):
    lines = [";".join(csv_field(c) for c in row) for row in PREAMBLE + [HEADER]]
    for r in ROWS:
        cells = list(r[:7]) + [r[7].strftime("%d.%m.%Y")] + [german(x) for x in r[8:11]] + [r[11]]
        lines.append(";".join(csv_field(c) for c in cells))
    footer = FOOTER[:10] + [german(FOOTER[10]), FOOTER[11]]
    lines.append(";".join(footer))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


def serial(date):
    """1900 date system: days since 1899-12-30 (valid from 1900-03-01 on)."""
    return str((date - datetime.date(1899, 12, 30)).days)


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class Sheet:
    def __init__(self, shared):
        self.shared = shared
        self.rows = []

    def add(self, cells):
        """cells: list of (kind, value) with kind in s (shared), i (inline), n (number), or None."""
        number = len(self.rows) + 1
        xml = []
        for col, cell in enumerate(cells):
            if cell is None or cell[1] == "":
                continue  # Empty cells are omitted, as Excel does.
            kind, value = cell
            ref = f"{column_letter(col)}{number}"
            if kind == "s":
                if value not in self.shared:
                    self.shared.append(value)
                xml.append(f'<c r="{ref}" t="s"><v>{self.shared.index(value)}</v></c>')
            elif kind == "i":
                xml.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
            else:
                xml.append(f'<c r="{ref}"><v>{value}</v></c>')
        self.rows.append(f'<row r="{number}">{"".join(xml)}</row>')

    def xml(self):
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<sheetData>{"".join(self.rows)}</sheetData></worksheet>')


def write_xlsx(path):
    shared = []
    sheet = Sheet(shared)
    for row in PREAMBLE + [HEADER]:
        sheet.add([("s", c) for c in row])
    for r in ROWS:
        amount = "1.234E-3" if r[10] == "0.001234" else r[10]  # Exercise exponent notation.
        sheet.add([("s", r[0]), ("s", r[1]), ("s", r[2]), ("i", r[3]), ("s", r[4]), ("s", r[5]),
                   ("s", r[6]), ("n", serial(r[7])), ("n", r[8]), ("n", r[9]), ("n", amount),
                   ("s", r[11])])
    sheet.add([("s", FOOTER[0])] + [None] * 9 + [("n", FOOTER[10]), ("s", FOOTER[11])])
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        # The data sheet is listed second and stored as sheet2.xml, so the
        # reader must follow the relationships rather than guess.
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><workbookPr/><sheets>'
            '<sheet name="Notizen" sheetId="1" r:id="rId1"/>'
            '<sheet name="Abrechnung" sheetId="2" r:id="rId2"/>'
            '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>',
        "xl/worksheets/sheet1.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{ns}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            'Keine Notizen</t></is></c></row></sheetData></worksheet>',
        "xl/worksheets/sheet2.xml": sheet.xml(),
    }
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{ns}" count="{len(shared)}" uniqueCount="{len(shared)}">' +
        "".join(f"<si><t>{escape(s)}</t></si>" for s in shared) + "</sst>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))


if __name__ == "__main__":
    write_csv("klangvertrieb_2026-01.csv")
    write_xlsx("klangvertrieb_2026-01.xlsx")
