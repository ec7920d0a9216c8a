"""Regenerate the XLSX files of the bad-input corpus (``tests/data/buruk/``).

The XLSX cases are committed as small binary files; this script is how they were made, so the
corpus stays reproducible. Each workbook is built with openpyxl from the CSV rows of the base
year ``_dasar/`` and then bent in one way (merged title rows, formulas, numeric NIK/KK cells,
a stale ``<dimension>``, hidden or extra sheets, merged data cells, a stray far cell, a part
packed 1,000:1).

Run from the project root::

    python tests/data/buruk/buat_xlsx.py

openpyxl writes a formula without the value Excel would cache next to it; real Excel files
carry both, so :func:`cache_formula_values` adds the cached ``<v>`` values to the sheet XML
afterwards. The output is deterministic (fixed workbook timestamps, fixed zip dates).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

KORPUS = Path(__file__).resolve().parent
DASAR = KORPUS / "_dasar"
FIXED = dt.datetime(2024, 1, 1)


def base_rows(name: str) -> list[list[str]]:
    with (DASAR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def save(wb: Workbook, target: Path, cached: dict[str, str] | None = None) -> None:
    """Save ``wb`` with fixed timestamps; ``cached``: formula text → value Excel would cache."""
    wb.properties.created = wb.properties.modified = FIXED
    buffer = io.BytesIO()
    wb.save(buffer)
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            data = source.read(info.filename)
            if cached and info.filename.startswith("xl/worksheets/"):
                data = cache_formula_values(data.decode("utf-8"), cached).encode("utf-8")
            out.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6]), data)


def cache_formula_values(sheet_xml: str, cached: dict[str, str]) -> str:
    """Give every formula cell its cached value, as Excel stores it after calculating."""

    def fill(match: re.Match) -> str:
        formula = match.group(1)
        value = cached[formula]
        kind = "" if re.fullmatch(r"-?\d+(\.\d+)?", value) else ' t="str"'
        return f"{kind}><f>{formula}</f><v>{value}</v></c>"

    return re.sub(r"><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>", fill, sheet_xml)


def umkm_sheet() -> tuple[Workbook, list[list[str]]]:
    wb = Workbook()
    ws = wb.active
    ws.title = "UMKM"
    rows = base_rows("kkb_umkm.csv")
    return wb, rows


def merged_title() -> None:
    """15: a report-style title row merged across the table, the headers in row 2."""
    wb, rows = umkm_sheet()
    ws = wb.active
    ws.append(["DAFTAR UMKM UNGGULAN KAMPUNG KB KOTA CILEGON 2023"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        ws.append(row)
    save(wb, KORPUS / "15-xlsx-judul-gabung" / "kkb_umkm.xlsx")


def two_level_header() -> None:
    """16: two header levels, the upper one merged over groups of columns."""
    wb = Workbook()
    ws = wb.active
    rows = base_rows("pk_keluarga.csv")
    ws.append(["Identitas keluarga", *[None] * 7, "Rumah", *[None] * 7])
    ws.merge_cells("A1:H1")
    ws.merge_cells("I1:P1")
    for row in rows:
        ws.append(row)
    save(wb, KORPUS / "16-xlsx-judul-dua-tingkat" / "pk_keluarga.xlsx")


def formulas() -> None:
    """17: counts and a flag computed by formulas (with the values Excel caches)."""
    wb, rows = umkm_sheet()
    ws = wb.active
    col = {name: i for i, name in enumerate(rows[0])}
    ws.append(rows[0])
    cached = {}
    for row in rows[1:]:
        row = list(row)
        workers = row[col["jumlah_tenaga_kerja"]]
        formula = f"1+{int(workers) - 1}"
        row[col["jumlah_tenaga_kerja"]] = f"={formula}"
        cached[formula] = workers
        formula = f'IF(1=1,"{row[col["unggulan"]]}","tidak")'
        row[col["unggulan"]] = f"={formula}"
        cached[formula] = "ya"
        ws.append(row)
    save(wb, KORPUS / "17-xlsx-rumus" / "kkb_umkm.xlsx", cached)


def numeric_nik() -> None:
    """19: one NIK typed as a number; dates as real date cells, numbers as numbers."""
    wb = Workbook()
    ws = wb.active
    rows = base_rows("pk_anggota.csv")
    ws.append(rows[0])
    col = {name: i for i, name in enumerate(rows[0])}
    for n, row in enumerate(rows[1:], start=2):
        cells: list[object] = list(row)
        cells[col["tanggal_lahir"]] = dt.datetime.fromisoformat(row[col["tanggal_lahir"]])
        cells[col["no_urut"]] = int(row[col["no_urut"]])
        if n == 3:
            cells[col["nik"]] = int(row[col["nik"]])
        ws.append(cells)
    save(wb, KORPUS / "19-xlsx-nik-angka" / "pk_anggota.xlsx")


def numeric_kk() -> None:
    """20: every no_kk typed as a number (Excel keeps 15 significant digits)."""
    wb = Workbook()
    ws = wb.active
    rows = base_rows("pk_keluarga.csv")
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([float(row[0]), *row[1:]])
    save(wb, KORPUS / "20-xlsx-no-kk-angka" / "pk_keluarga.xlsx")


def plain_copy() -> None:
    """50: a faithful XLSX copy of the base kkb_umkm.csv (next to the CSV it duplicates)."""
    wb, rows = umkm_sheet()
    for row in rows:
        wb.active.append(row)
    save(wb, KORPUS / "50-csv-dan-xlsx" / "kkb_umkm.xlsx")


def edit_parts(target: Path, edit) -> None:
    """Rewrite the XML parts of a saved workbook with ``edit(name, text) -> text``."""
    with zipfile.ZipFile(target) as source:
        parts = [(i.filename, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            if name.endswith(".xml"):
                data = edit(name, data.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)


def stale_dimension() -> None:
    """75: ``<dimension>`` says A1:O2 (one data row) while the sheet holds two."""
    wb, rows = umkm_sheet()
    for row in rows:
        wb.active.append(row)
    target = KORPUS / "75-xlsx-dimensi-usang" / "kkb_umkm.xlsx"
    save(wb, target)
    edit_parts(target, lambda n, t: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:O2"', t))


def hidden_first_sheet() -> None:
    """76: an old copy of the table on a hidden first sheet, the real one on the visible second."""
    wb, rows = umkm_sheet()
    old = wb.active
    old.title = "Lama"
    for row in rows[:2]:
        old.append([*row[:3], "Jasa", *row[4:]])
    old.sheet_state = "hidden"
    current = wb.create_sheet("UMKM")
    for row in rows:
        current.append(row)
    save(wb, KORPUS / "76-xlsx-lembar-tersembunyi" / "kkb_umkm.xlsx")


def data_on_second_sheet() -> None:
    """77: the first sheet has only the header row; the data were pasted on the second."""
    wb, rows = umkm_sheet()
    wb.active.append(rows[0])
    second = wb.create_sheet("Sheet2")
    for row in rows:
        second.append(row)
    save(wb, KORPUS / "77-xlsx-data-di-lembar-2" / "kkb_umkm.xlsx")


def merged_family_cells() -> None:
    """78: No. KK and family number merged over the members of each family."""
    wb = Workbook()
    ws = wb.active
    for row in base_rows("pk_anggota.csv"):
        ws.append(row)
    for cells in ("A2:A4", "B2:B4", "A5:A6"):
        ws.merge_cells(cells)
    save(wb, KORPUS / "78-xlsx-sel-gabung-data" / "pk_anggota.xlsx")


def stray_last_cell() -> None:
    """79: one value typed in the last cell of the sheet (XFD1048576)."""
    wb, rows = umkm_sheet()
    for row in rows:
        wb.active.append(row)
    wb.active["XFD1048576"] = "x"
    save(wb, KORPUS / "79-xlsx-sel-nyasar" / "kkb_umkm.xlsx")


def ratio_bomb() -> None:
    """80: a sheet part of 12 MiB packed about 1,000:1 (a small zip bomb; real sheets ≈ 10:1)."""
    wb, rows = umkm_sheet()
    for row in rows:
        wb.active.append(row)
    target = KORPUS / "80-xlsx-zip-bomb" / "kkb_umkm.xlsx"
    save(wb, target)
    padding = "<!--" + "A" * (12 * 2**20) + "-->"
    edit_parts(target, lambda n, t: t + padding if n == "xl/worksheets/sheet1.xml" else t)


if __name__ == "__main__":
    import sys

    if "--baru" not in sys.argv:  # cases 15-50 (re-saving them changes their bytes, not content)
        merged_title()
        two_level_header()
        formulas()
        numeric_nik()
        numeric_kk()
        plain_copy()
    stale_dimension()
    hidden_first_sheet()
    data_on_second_sheet()
    merged_family_cells()
    stray_last_cell()
    ratio_bomb()
