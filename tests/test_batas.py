"""The raw-layer boundary (kkb_analysis/batas.py): what raw text may be quoted, published or
written, for each class of issue 9: shifted rows, NIKs in key columns, personal headers and
day-level ages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kkb_analysis import batas
from kkb_analysis.pipeline import SOURCES, coarsen_for_writing
from kkb_analysis.readers import read_csv_text
from kkb_analysis.schema import Column, FileSpec
from kkb_analysis.validation import Validator, check_headers
from tests.conftest import make_ctx, raw_from_text


# ---------------------------------------------------------------------------- quoting by shape
@pytest.mark.parametrize(
    "value",
    ["3", "-1", "12,5", "2023-13-45", "31/02/2019", "36.72.05.1004", "a.01", "X", "Terlentang"],
)
def test_safe_shapes_are_quoted(value):
    assert batas.kutip(value) == f"'{value}'"


@pytest.mark.parametrize(
    ("value", "description"),
    [
        ("Siti Aminah", "teks 11 karakter berisi huruf dan spasi"),
        ("Siti", "teks 4 karakter berisi huruf"),  # one word can be a first name
        ("3672051506850001", "teks 16 karakter berisi deretan angka mirip NIK/No. KK"),
        ("3672 0515 0685 0001", "teks 19 karakter berisi deretan angka mirip NIK/No. KK"),
        ("367205150685", "teks 12 karakter berisi deretan angka mirip NIK/No. KK"),
        ("Jl. Kenanga No. 12", "teks 18 karakter berisi huruf, angka, spasi dan tanda baca"),
        ("0812-3456-7890", "teks 14 karakter berisi angka dan tanda baca"),  # a phone number
        ("Emping melinjo enak sekali dan gurih", "teks 36 karakter berisi huruf dan spasi"),
    ],
)
def test_unsafe_values_are_described(value, description):
    assert batas.kutip(value) == description
    assert value not in batas.kutip_seri(pd.Series([value, None])).iloc[0]


def test_vocabulary_words_are_quoted_but_not_other_words():
    assert batas.kutip("Kota Cilegon") == "'Kota Cilegon'"  # place names are vocabulary
    assert batas.kutip("2 Tahun - 3 Bulan") == "'2 Tahun - 3 Bulan'"
    assert batas.kutip("Budi 2") == "teks 6 karakter berisi huruf, angka dan spasi"


def test_headers_are_shown_only_when_made_of_vocabulary():
    assert batas.judul_aman("Nama Ibu", 3) == "Nama Ibu"
    assert batas.judul_aman("catatan_petugas", 4) == "catatan_petugas"
    assert batas.judul_aman("Siti Aminah", 7) == (
        "kolom ke-7 (judul disembunyikan, teks 11 karakter berisi huruf dan spasi)"
    )
    hidden = batas.judul_aman("nama 3672051506850001", 2)
    assert hidden.startswith("kolom ke-2 (") and "3672" not in hidden


# ---------------------------------------------------------------------------- publication
def test_publication_is_declared_for_every_text_column():
    """Every str/text column is either unpublished, an identifier shape or declared free text;
    personal columns never publish, whatever else they declare."""
    published_text = set()
    for module in SOURCES:
        for col in module.SPEC.columns:
            if col.personal:
                assert not col.published, col.name
            if col.kind in ("str", "text") and col.published:
                published_text.add(col.name)
                assert col.published_free_text or col.pattern, col.name
    assert {"nama_kkb", "nama_usaha", "judul", "Posyandu"} <= published_text
    assert not {"Nama", "Nama Ortu", "Alamat", "pokja_pelatihan_ket", "KPSP"} & published_text
    assert Column("x", "text", published_free_text=True, personal="drop").published is False


SPEC = FileSpec(
    base="uji",
    key_out=("kode",),
    columns=(
        Column("kode", "str", "ya", pattern=r"[A-Z]-\d+"),
        Column("urut", "int", "ya", minimum=1, maximum=99),
        Column("nama_tempat", "text", published_free_text=True),
        Column("catatan", "text"),  # neither declared nor a pattern: not published
        Column("nama", "text", personal="drop"),
    ),
)
HEADER = "kode,urut,nama_tempat,catatan,nama\n"


def _finish(tmp_path, text):
    raw = raw_from_text(tmp_path, text, "uji.csv")
    check_headers(raw, SPEC)
    return Validator(raw, SPEC, make_ctx()).finish()


def test_only_published_validated_values_leave(tmp_path):
    result = _finish(
        tmp_path,
        HEADER
        + "A-1,1,Balai RW 03,rahasia kecil,Siti Aminah\n"  # 2: kept
        + "A-2,1,Toko 3672051506850001,,\n"  # 3: NIK inside free text -> flagged, emptied
        + "Siti Aminah,2,Aula,,\n"  # 4: a name in the identifier -> rejected
        + "A-4,3672051506850001,Aula,,\n",  # 5: a NIK in the integer key -> rejected
    )
    table = result.table.set_index("baris_sumber")
    assert list(table.columns) == ["kode", "urut", "nama_tempat"]
    assert table.loc[2, "nama_tempat"] == "Balai RW 03" and pd.isna(table.loc[3, "nama_tempat"])
    assert result.quarantine["baris_sumber"].tolist() == [4, 5]
    q = result.quarantine.set_index("baris_sumber")
    assert pd.isna(q.loc[4, "kode"]) and q.loc[4, "urut"] == "2"  # key not valid: not shown
    assert q.loc[5, "kode"] == "A-4" and q.loc[5, "urut"] == batas.DISEMBUNYIKAN
    assert "catatan" not in q.columns and "nama" not in q.columns
    everything = pd.concat([result.quarantine, result.issues, result.table]).astype(str)
    text = everything.to_string()
    for secret in ("Siti", "Aminah", "3672051506850001", "rahasia"):
        assert secret not in text, secret
    assert result.issues["pesan"].str.contains("mirip NIK/No. KK").sum() == 2


def test_out_of_range_key_is_never_used(tmp_path):
    result = _finish(tmp_path, HEADER + "A-1,100,,,\n")
    q = result.quarantine.iloc[0]
    assert q["kode_alasan"] == "DI_LUAR_RENTANG" and q["urut"] == batas.DISEMBUNYIKAN
    assert "'100'" in q["alasan"]  # a short number is a safe shape: quoted for the analyst


# ---------------------------------------------------------------------------- shifted rows
def test_short_row_in_the_middle_is_quarantined_without_its_text(tmp_path):
    text = HEADER + "A-1,1,Aula,,\n" + "A-2,Siti Aminah,Aula\n" + "A-3,3,Aula,,\n"
    result = _finish(tmp_path, text)
    assert result.table["baris_sumber"].tolist() == [2, 4]
    q = result.quarantine.iloc[0]
    assert q["baris_sumber"] == 3 and q["kode_alasan"] == "TIPE_TIDAK_VALID"
    assert "lebih sedikit kolom" in q["alasan"] and "bilangan" not in q["alasan"]
    assert pd.isna(q["kode"]) and q["nama_tempat"] == batas.DISEMBUNYIKAN
    mine = result.issues[result.issues["baris_sumber"].eq(3)]
    assert len(mine) == 1 and mine["kunci"].iloc[0] == ""
    assert "Siti" not in pd.concat([result.quarantine, result.issues]).astype(str).to_string()


def test_stray_cr_inside_a_cell_keeps_the_record_whole_and_quarantines_it(tmp_path):
    path = tmp_path / "uji.csv"
    path.write_bytes(
        (HEADER + "A-1,1,Aula,,\n" + "A-2,2,Aula,,Siti\rAminah\n" + "A-3,3,Aula,,\n").encode()
    )
    raw, problem = read_csv_text(path)
    assert problem is None and raw.frame.index.tolist() == [2, 3, 4]
    assert raw.frame["__cr__"].tolist() == [False, True, False]
    check_headers(raw, SPEC)
    result = Validator(raw, SPEC, make_ctx()).finish()
    assert result.quarantine["baris_sumber"].tolist() == [3]
    assert "karakter CR" in result.quarantine["alasan"].iloc[0]


def test_cr_line_ends_alone_are_no_stray_cr(tmp_path):
    path = tmp_path / "uji.csv"
    path.write_bytes((HEADER + "A-1,1,Aula,,\n" + "A-3,3,Aula,,\n").replace("\n", "\r").encode())
    raw, problem = read_csv_text(path)
    assert problem is None and "__cr__" not in raw.frame and len(raw.frame) == 2


def test_duplicate_personal_header_is_reported_by_position(tmp_path):
    path = tmp_path / "uji.csv"
    path.write_text("kode,Siti Aminah,urut,Siti Aminah,bulan,bulan\nA-1,,1,,,\n")
    raw, problem = read_csv_text(path)
    assert raw is None and "Siti" not in problem.render()
    assert "kolom ke-2 dan ke-4 (judul disembunyikan)" in problem.message
    assert "'bulan'" in problem.message  # a vocabulary header is named as it is


# ---------------------------------------------------------------------------- day-level ages
def test_day_level_ages_and_measurement_dates_are_coarsened_for_writing():
    table = pd.DataFrame(
        {
            "anak_key": ["a", "b"],
            "tgl_ukur": pd.to_datetime(["2023-08-10", "2023-02-14"]),
            "umur_hari": pd.array([878, 59], dtype="Int64"),
            "umur_bulan": pd.array([878 / 30.4375, 59 / 30.4375], dtype="Float64"),
            "usia_saat_ukur_hari": pd.array([878, pd.NA], dtype="Int64"),
        }
    )
    out = coarsen_for_writing(table)
    assert list(out.columns) == ["anak_key", "bulan_ukur", "umur_bulan"]
    assert out["bulan_ukur"].tolist() == ["2023-08", "2023-02"]
    assert out["umur_bulan"].tolist() == [28, 1]  # 878 days = 28.85 months, 59 days = 1.94
    assert "umur_hari" in table.columns  # the in-memory table (indicators) is untouched
    assert np.isclose(table["umur_bulan"].iloc[0], 28.8460, atol=1e-4)


def test_generated_column_vocabulary_is_fresh():
    """``referensi/kosakata_kolom.yaml`` lists exactly the column names and aliases of the source
    layouts (batas reads it because it may not import the sources, which sit above it)."""
    import importlib.util

    from kkb_analysis.pipeline import SOURCES

    path = Path(__file__).resolve().parents[1] / "tools" / "kosakata_kolom.py"
    spec = importlib.util.spec_from_file_location("kosakata_kolom", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    expected = {c.name.lower() for m in SOURCES for c in m.SPEC.columns}
    expected |= {a.lower() for m in SOURCES for c in m.SPEC.columns for a in c.aliases}
    assert tool.column_names() == sorted(expected)
    assert tool.TARGET.read_text(encoding="utf-8") == tool.render(), (
        "kosakata_kolom.yaml is stale: run python tools/kosakata_kolom.py"
    )
