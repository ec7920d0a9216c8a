"""Regression examples for the bugs found by tests/test_fuzz_loaders.py (minimal inputs).

Each test is the smallest input hypothesis found, turned into a plain example.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from kkb_analysis.readers import read_raw_file


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'"', "tidak ditutup sampai akhir berkas"),  # found: csv says "unexpected end of data"
        (b'a,b\n"1"x,2\n', "sesudah tanda kutip penutup"),  # csv: "',' expected after '\"'"
    ],
)
def test_csv_rusak_dijelaskan_dalam_bahasa_indonesia(tmp_path, data, reason):
    """The csv module's English error text is not passed on to the analyst."""
    raw, problem = read_raw_file(_write(tmp_path, "kkb.csv", data))
    assert raw is None
    assert problem.code == "FILE_TIDAK_TERBACA" and problem.file == "kkb.csv"
    assert problem.message.startswith("struktur CSV rusak (")
    assert reason in problem.message and "baris" in problem.message
    assert "expected" not in problem.message


def _xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["kkb_id", "nama_kkb"])
    wb.active.append(["KKB-A", "Kampung KB"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == member else src.read(info))
    return buf.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        # found: a mangled attribute in [Content_Types].xml → TypeError inside openpyxl
        lambda d: _replace_member(
            d,
            "[Content_Types].xml",
            zipfile.ZipFile(io.BytesIO(d))
            .read("[Content_Types].xml")
            .replace(b"ContentType=", b"ontentType=", 1),
        ),
        # a damaged sheet part → xml ParseError while the rows are streamed
        lambda d: _replace_member(d, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"),
        # a damaged workbook part → ParseError while opening
        lambda d: _replace_member(d, "xl/workbook.xml", b"\x00not xml"),
    ],
)
def test_xlsx_rusak_adalah_masalah_berkas_bukan_galat(tmp_path, damage):
    """Any damaged workbook is a file-level FILE_TIDAK_TERBACA, never a raw exception, and the
    message names no Python exception class."""
    raw, problem = read_raw_file(_write(tmp_path, "kkb.xlsx", damage(_xlsx())))
    assert raw is None
    assert problem.code == "FILE_TIDAK_TERBACA" and problem.file == "kkb.xlsx"
    assert "XLSX" in problem.message and "Error" not in problem.message


def test_bukan_zip_tanpa_nama_kelas_python(tmp_path):
    raw, problem = read_raw_file(_write(tmp_path, "kkb.xlsx", b"bukan xlsx"))
    assert raw is None and problem.code == "FILE_TIDAK_TERBACA"
    assert "BadZipFile" not in problem.message


@pytest.mark.parametrize("tanggal", ["2948-11-18", "9999-12-31", "2262-04-12", "1600-01-01"])
def test_tanggal_di_luar_rentang_pandas_tidak_sah(tmp_path, tanggal):
    """Found: eppgbm ``Tgl Lahir`` 18/11/2948 crashed every loader with a date column
    (``OutOfBoundsDatetime``). Such a date is now an invalid date (flag, value → missing)."""
    from kkb_analysis.sumber import kkb
    from tests.conftest import make_ctx, raw_from_text

    text = (
        "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,tanggal_pencanangan,status_aktif\n"
        f"KKB-A,Kampung KB,36.72.05.1004,Desa,{tanggal},ya\n"
    )
    result = kkb.load(raw_from_text(tmp_path, text, "kkb.csv"), make_ctx(2023))
    assert result.rows_kept == 1 and result.problems == []
    assert result.table["tanggal_pencanangan"].isna().all()
    issue = result.issues.set_index("kolom").loc["tanggal_pencanangan"]
    assert issue["kode_alasan"] == "TIPE_TIDAK_VALID" and issue["tingkat"] == "tandai"
