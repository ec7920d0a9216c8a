"""XLSX files as Excel users save them: stale dimensions, several sheets, merged cells, size caps.

Every workbook is built here (openpyxl, then the zip parts edited where openpyxl would not write
what Excel users produce). Expected values are worked out from the rows written.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from kkb_analysis.config import get_paths
from kkb_analysis.errors import DataFileError
from kkb_analysis.pipeline import load_year
from kkb_analysis.readers import XlsxLimits, read_raw_file, read_xlsx_text

ROOT = Path(__file__).resolve().parents[1]
DASAR = ROOT / "tests" / "data" / "buruk" / "_dasar"
HEADER = ["kode", "nama", "jumlah"]


def rows(n: int, start: int = 1) -> list[list[object]]:
    return [[f"K{i:04d}", f"usaha {i}", i] for i in range(start, start + n)]


def save(wb: Workbook, path: Path, edit=None) -> Path:
    """Save ``wb``; ``edit(name, text) -> text`` rewrites XML parts of the zip."""
    buffer = io.BytesIO()
    wb.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if edit and info.filename.endswith(".xml"):
                data = edit(info.filename, data.decode("utf-8")).encode("utf-8")
            out.writestr(info.filename, data)
    return path


def sheet(wb: Workbook, title: str, content: list[list[object]], state: str = "visible"):
    ws = wb.create_sheet(title)
    for row in content:
        ws.append(row)
    ws.sheet_state = state
    return ws


def book(*sheets: tuple[str, list[list[object]], str]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for title, content, state in sheets:
        sheet(wb, title, content, state)
    return wb


# ---------------------------------------------------------------------------- rows and dimension
def test_stale_dimension_does_not_cut_rows(tmp_path):
    """705 data rows, ``<dimension ref="A1:C3"/>`` as a tool that never updated it would write."""
    wb = book(("Sheet1", [HEADER, *rows(705)], "visible"))

    def stale(name, text):
        return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:C3"/>', text)

    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx", stale))
    assert problem is None
    assert len(raw.frame) == 705
    assert list(raw.frame.index[[0, -1]]) == [2, 706]
    assert raw.frame.loc[706, "kode"] == "K0705"


def test_missing_dimension_and_gaps_keep_source_row_numbers(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws["A5"], ws["B5"] = "K5", "lima"  # rows 2-4 absent from the XML
    ws["A9"] = "K9"

    def drop(name, text):
        return re.sub(r"<dimension[^>]*/>", "", text)

    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx", drop))
    assert problem is None
    assert list(raw.frame.index) == [5, 9]
    assert raw.frame.loc[5, "nama"] == "lima" and raw.frame.loc[9, "nama"] == ""


def test_styled_empty_cells_far_away_are_ignored(tmp_path):
    """Excel writes formatted empty cells (a bold whole row): no value, no row, no cap."""
    wb = book(("Sheet1", [HEADER, *rows(3)], "visible"))
    ws = wb.active
    ws["XFD3"].font = Font(bold=True)
    ws["C1048576"].font = Font(bold=True)
    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx"))
    assert problem is None
    assert list(raw.frame.index) == [2, 3, 4]
    assert not raw.frame["__kolom_lebih__"].any()


def test_value_beyond_the_header_is_kept_for_quarantine(tmp_path):
    wb = book(("Sheet1", [HEADER, *rows(2)], "visible"))
    wb.active["Z3"] = "catatan"
    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx"))
    assert problem is None
    assert raw.frame["__kolom_lebih__"].tolist() == [False, True]


@pytest.mark.parametrize(
    ("cell", "limits", "fragments"),
    [
        ("XFD1048576", XlsxLimits(), ["sel XFD1048576", "kolom ke-16.384", "batas 1.000 kolom"]),
        ("E40", XlsxLimits(max_columns=4), ["sel E40", "kolom ke-5", "batas 4 kolom"]),
        ("B40", XlsxLimits(max_rows=30), ["sel B40", "baris ke-40", "batas 30 baris"]),
    ],
)
def test_cap_on_a_stray_cell(tmp_path, cell, limits, fragments):
    wb = book(("Sheet1", [HEADER, *rows(3)], "visible"))
    wb.active[cell] = "x"
    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx"), limits)
    assert raw is None and problem.code == "FILE_TIDAK_TERBACA"
    for fragment in [*fragments, "lembar ke-1 ('Sheet1')", "hapus isi sel itu"]:
        assert fragment in problem.message, (fragment, problem.message)


# A 5 KB workbook with one value in the last cell of the sheet (XFD1048576): the dimension
# A1:XFD1048576 made the reader pad 1,048,576 rows to 16,384 cells (about 20 minutes).
STRAY = textwrap.dedent(
    """
    import sys
    from openpyxl import Workbook
    from pathlib import Path
    raw = Path(sys.argv[1]) / "raw" / "2023"
    wb = Workbook()
    ws = wb.active
    for row in __import__("csv").reader(open(raw / "kkb_umkm.csv", encoding="utf-8")):
        ws.append(row)
    ws["XFD1048576"] = "x"
    wb.save(raw / "kkb_umkm.xlsx")
    (raw / "kkb_umkm.csv").unlink()
    from kkb_analysis.cli import main
    sys.exit(main(["--data-dir", sys.argv[1], "validasi", "--tahun", "2023"]))
    """
)


def test_stray_last_cell_stops_in_seconds(tmp_path):
    shutil.copytree(DASAR, tmp_path / "raw" / "2023")
    proc = subprocess.run(
        [sys.executable, "-c", STRAY, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,  # the old reader took ~20 minutes; this one well under a second
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "KKB_SALT": "uji-xlsx-bukan-rahasia"},
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out[-2000:]
    for fragment in ["kkb_umkm.xlsx", "sel XFD1048576", "kolom ke-16.384", "hapus isi sel itu"]:
        assert fragment in out, (fragment, out[-2000:])
    assert "Traceback" not in out
    assert not (tmp_path / "processed").exists()


# ---------------------------------------------------------------------------- sheets
def test_hidden_first_sheet_is_skipped_and_named_in_the_notes(tmp_path):
    wb = book(
        ("Lama", [HEADER, *rows(4, start=900)], "hidden"),
        ("Data", [HEADER, *rows(5)], "visible"),
    )
    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx"))
    assert problem is None
    assert raw.frame["kode"].tolist() == ["K0001", "K0002", "K0003", "K0004", "K0005"]
    assert raw.notes == [
        "dibaca lembar ke-2 ('Data') (lembar pertama yang tampak; lembar ke-1 tersembunyi)",
        "lembar lain berisi data tetapi TIDAK dibaca: lembar ke-1 ('Lama') (tersembunyi); "
        "pindahkan datanya ke lembar yang dibaca bila termasuk berkas ini",
    ]


def test_extra_sheets_listed_by_position_personal_names_withheld(tmp_path):
    wb = book(
        ("Sheet1", [HEADER, *rows(2)], "visible"),
        ("Budi Santoso", [HEADER, *rows(2)], "visible"),
        ("Rekap 2023", [["total"], [2]], "veryHidden"),
        ("Sheet4", [], "visible"),
        ("Jl. Mawar 5", [["satu baris saja"]], "hidden"),
    )
    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx"))
    assert problem is None
    assert raw.notes == [
        "dibaca lembar ke-1 ('Sheet1') (lembar pertama yang tampak)",
        "lembar lain berisi data tetapi TIDAK dibaca: lembar ke-2 (tampak), lembar ke-3 "
        "('Rekap 2023') (sangat tersembunyi (veryHidden)), lembar ke-5 (tersembunyi); "
        "pindahkan datanya ke lembar yang dibaca bila termasuk berkas ini",
    ]
    assert "Budi" not in " ".join(raw.notes) and "Mawar" not in " ".join(raw.notes)


def test_single_sheet_gives_no_note(tmp_path):
    raw, _ = read_xlsx_text(
        save(book(("Sheet1", [HEADER, *rows(2)], "visible")), tmp_path / "t.xlsx")
    )
    assert raw.notes == []


def test_header_only_sheet_points_to_the_sheet_with_data(tmp_path):
    wb = book(("Sheet1", [HEADER], "visible"), ("Sheet2", [HEADER, *rows(3)], "visible"))
    raw, problem = read_raw_file(save(wb, tmp_path / "t.xlsx"))
    assert raw is None
    assert problem.message.startswith("lembar ke-1 ('Sheet1') hanya berisi judul kolom")
    assert "Data tampaknya ada di lembar ke-2 ('Sheet2') (tampak)" in problem.message


def test_empty_first_sheet_points_to_the_sheet_with_data(tmp_path):
    wb = book(("Sheet1", [], "visible"), ("x y", [HEADER, *rows(3)], "hidden"))
    raw, problem = read_raw_file(save(wb, tmp_path / "t.xlsx"))
    assert raw is None
    assert problem.message.startswith("lembar ke-1 ('Sheet1') (yang dibaca) kosong")
    assert "Data tampaknya ada di lembar ke-2 (tersembunyi)" in problem.message


def test_header_only_without_data_elsewhere_keeps_the_usual_message(tmp_path):
    wb = book(("Sheet1", [HEADER], "visible"), ("Sheet2", [["catatan"]], "visible"))
    raw, problem = read_raw_file(save(wb, tmp_path / "t.xlsx"))
    assert raw is None
    assert "hanya berisi judul kolom, tanpa satu pun baris data" in problem.message
    assert "tampaknya" not in problem.message


def test_no_visible_sheet(tmp_path):
    wb = book(("Sheet1", [HEADER, *rows(2)], "visible"))

    def hide(name, text):
        return (
            re.sub(r' state="\w+"', "", text).replace("<sheet ", '<sheet state="hidden" ')
            if name.endswith("workbook.xml")
            else text
        )

    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx", hide))
    assert raw is None and "tidak punya lembar kerja yang tampak" in problem.message


# ---------------------------------------------------------------------------- merged cells
def test_merged_ranges_are_mapped_to_the_emptied_cells(tmp_path):
    wb = book(("Sheet1", [HEADER, *rows(6)], "visible"))
    ws = wb.active
    ws.merge_cells("A2:A4")  # kode of rows 3 and 4 become empty
    ws.merge_cells("B6:C7")  # nama of row 7, jumlah of rows 6 and 7
    ws.merge_cells("A1:B1")  # header: 'nama' loses its title
    raw, problem = read_xlsx_text(save(wb, tmp_path / "t.xlsx"))
    assert problem is None
    assert raw.header_merges == ["A1:B1"]
    assert raw.headers == ["kode", "", "jumlah"]
    assert raw.merged_cells == {"kode": [(3, 4)], "jumlah": [(6, 7)]}  # '' has no name


def _year_with(tmp_path: Path, name: str, wb: Workbook) -> Path:
    raw = tmp_path / "raw" / "2023"
    shutil.copytree(DASAR, raw)
    (raw / f"{name}.csv").unlink()
    save(wb, raw / f"{name}.xlsx")
    return tmp_path


def _csv_rows(name: str) -> list[list[str]]:
    import csv

    with (DASAR / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_required_value_empty_because_merged_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_SALT", "uji-xlsx-bukan-rahasia")
    content = _csv_rows("pk_anggota")
    wb = book(("Sheet1", content, "visible"))
    wb.active.merge_cells("A2:A4")  # one No. KK over the three members of the first family
    root = _year_with(tmp_path, "pk_anggota", wb)
    load = load_year(get_paths(data_dir=root), 2023)
    issues = load.issues()
    mine = issues[issues["file"].eq("pk_anggota") & issues["kolom"].eq("no_kk")]
    assert sorted(mine["baris_sumber"]) == [3, 4]
    assert set(mine["kode_alasan"]) == {"NILAI_WAJIB_KOSONG"}
    for message in mine["pesan"]:
        assert message.startswith("kolom wajib no_kk kosong (sel ini bagian dari sel gabungan")
        assert "Unmerge Cells" in message and "isi nilai di setiap baris" in message
    other = issues[~issues["baris_sumber"].isin([3, 4]) & issues["pesan"].str.contains("gabungan")]
    assert other.empty


def test_merged_header_cell_is_named_in_the_missing_column_message(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_SALT", "uji-xlsx-bukan-rahasia")
    content = _csv_rows("kkb_umkm")
    content[0][2] = None  # 'nama_usaha' under a header merged from kkb_id
    wb = book(("Sheet1", content, "visible"))
    wb.active.merge_cells("B1:C1")
    root = _year_with(tmp_path, "kkb_umkm", wb)
    with pytest.raises(DataFileError) as info:
        load_year(get_paths(data_dir=root), 2023)
    message = str(info.value)
    assert "kolom wajib tidak ada: 'nama_usaha'" in message
    assert "Baris 1 berisi sel gabungan (merge) B1:C1" in message
    assert "Unmerge Cells" in message


def test_load_summary_carries_the_sheet_note(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_SALT", "uji-xlsx-bukan-rahasia")
    content = _csv_rows("kkb_umkm")
    wb = book(("Sheet1", content, "visible"), ("Sheet2", content, "visible"))
    root = _year_with(tmp_path, "kkb_umkm", wb)
    summary = load_year(get_paths(data_dir=root), 2023).summary().set_index("file")
    assert summary.loc["kkb_umkm", "catatan"] == (
        "dibaca lembar ke-1 ('Sheet1') (lembar pertama yang tampak); lembar lain berisi data "
        "tetapi TIDAK dibaca: lembar ke-2 ('Sheet2') (tampak); pindahkan datanya ke lembar yang "
        "dibaca bila termasuk berkas ini"
    )
    assert summary.loc["kkb_umkm", "baris_dibaca"] == 2


# ---------------------------------------------------------------------------- zip bombs
def _deflate_repeated(chunk: bytes, times: int) -> bytes:
    """A raw deflate stream of ``chunk`` repeated ``times`` times, built without inflating it.

    After a full flush the compressor's history is empty, so the compressed chunk can be
    repeated; a final empty block ends the stream.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * times + b"\x03\x00"


def _bomb(path: Path, declared: int | None, times: int, parts: int = 1) -> Path:
    """A valid small workbook whose sheet part (and ``parts - 1`` extra parts) inflates to
    ``times`` MiB of XML; ``declared``: the size stated in the zip (``None`` = the true one)."""
    buffer = io.BytesIO()
    book(("Sheet1", [HEADER, *rows(2)], "visible")).save(buffer)
    chunk = b"<!-- " + b"A" * (2**20 - 9) + b" -->"
    packed = _deflate_repeated(chunk, times)
    true_size = len(chunk) * times
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w") as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
        targets = ["xl/worksheets/sheet1.xml"] + [f"xl/media/x{i}.xml" for i in range(parts - 1)]
        for name in targets:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            size = true_size if declared is None else declared
            # write the raw stream through a stored entry, then patch the header fields
            info.CRC, info.compress_size, info.file_size = 0, len(packed), size
            _write_raw(out, info, packed)
    return path


def _write_raw(archive: zipfile.ZipFile, info: zipfile.ZipInfo, packed: bytes) -> None:
    """Append an already-deflated part to ``archive`` (zipfile has no public API for this)."""
    info.header_offset = archive.fp.tell()
    archive._writecheck(info)  # test-only forging of a hostile file
    archive.fp.write(info.FileHeader(zip64=False))
    archive.fp.write(packed)
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info
    archive.start_dir = archive.fp.tell()


BOMB = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from kkb_analysis.readers import read_xlsx_text
    def peak_kib():  # VmHWM: ru_maxrss of a child keeps the parent's peak across exec
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    start = time.perf_counter()
    raw, problem = read_xlsx_text(Path(sys.argv[1]))
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "peak_mib": peak_kib() / 1024,
                      "message": problem.message if problem else None}))
    """
)


@pytest.mark.parametrize(
    ("declared", "times", "parts", "fragment"),
    [
        # 3 GiB sheet packed ≈ 1,000:1 — the ratio cap stops it before anything is inflated
        (None, 3 * 1024, 1, "kali lebih besar daripada ukuran termampatnya"),
        # two 2.5 GiB parts, honest sizes: 5 GiB in all, over the 4 GiB unpacked cap
        (None, 2560, 2, "melebihi batas 4.096 MiB"),
        # the sheet declares 2 KiB but inflates to 3 GiB: cut at 2 KiB, the checksum fails
        (2048, 3 * 1024, 1, "tidak dapat dibuka sebagai XLSX"),
    ],
    ids=["rasio", "total", "ukuran-bohong"],
)
def test_zip_bomb_stops_fast_with_little_memory(tmp_path, declared, times, parts, fragment):
    path = _bomb(tmp_path / "bom.xlsx", declared, times, parts)
    assert path.stat().st_size < 8 * 2**20  # a few MB on disk, gigabytes once inflated
    proc = subprocess.run(
        [sys.executable, "-c", BOMB, str(path)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    import json

    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert fragment in (figures["message"] or ""), figures
    assert figures["peak_mib"] < 300, figures


def test_compression_method_other_than_excel_s(tmp_path):
    path = save(book(("Sheet1", [HEADER, *rows(2)], "visible")), tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as source:
        parts = [(i.filename, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as out:
        for name, data in parts:
            out.writestr(name, data)
    raw, problem = read_xlsx_text(path)
    assert raw is None and "metode kompresi yang tidak dipakai Excel" in problem.message


def test_limits_come_from_the_settings():
    limits = XlsxLimits.from_settings(
        {"validasi": {"xlsx_maks_kolom": 7, "xlsx_maks_mib_terurai": 9}}
    )
    assert limits == XlsxLimits(
        max_rows=1_048_576, max_columns=7, max_unpacked_mib=9, max_ratio=100
    )
    from kkb_analysis.config import load_settings

    assert XlsxLimits.from_settings(load_settings()) == XlsxLimits()
