"""Tests of the generic report-table renderer (kkb_analysis.laporan.tabel).

Every expected cell is written out by hand from the formatting conventions of format.py:
thousands ".", decimal ",", percent without a space, missing → "data tidak cukup" (or the
column's own missing text), counts below the threshold → "< 5".
"""

from __future__ import annotations

import pandas as pd
import pytest

from kkb_analysis.laporan.format import format_tanggal
from kkb_analysis.laporan.tabel import (
    Kolom,
    Tabel,
    apa_adanya,
    atribut_sel,
    format_kolom,
    jenis_kolom,
    susun,
)
from kkb_analysis.nilai import kosong

M = "\u2212"


def _isi(t: pd.DataFrame) -> list[list[str]]:
    return [list(r) for r in t.itertuples(index=False)]


def test_formats_missing_values_and_headers():
    baris = pd.DataFrame(
        {
            "nama": pd.array(["Melati", None, "RW <b>"], dtype="string"),
            "n_keluarga": pd.array([1234, 7, None], dtype="Int64"),
            "krs_pct": [12.25, float("nan"), -0.04],
            "tanggal": pd.to_datetime(["2023-06-15", None, "2024-01-01"]),
        }
    )
    spek = Tabel(
        (
            Kolom("Nama", "nama", apa_adanya, "-"),
            Kolom("Keluarga ({nama})", "n_keluarga"),
            Kolom("KRS", "krs_pct"),
            Kolom("Tanggal", "tanggal", format_tanggal),
            # a getter of the row; what it returns missing prints the column's missing text
            Kolom("Besar", lambda r: pd.NA if kosong(r["nama"]) else r["nama"].upper(), None, "–"),
        )
    )
    hasil = susun(spek, baris, nama="Kampung Mawar")
    assert hasil.catatan == ""
    assert list(hasil.tabel.columns) == [
        "Nama",
        "Keluarga (Kampung Mawar)",
        "KRS",
        "Tanggal",
        "Besar",
    ]
    assert _isi(hasil.tabel) == [
        ["Melati", "1.234", "12,3%", "15 Juni 2023", "MELATI"],
        ["-", "7", "data tidak cukup", "data tidak cukup", "–"],
        ["RW <b>", "data tidak cukup", "0,0%", "1 Januari 2024", "RW <B>"],
    ]


def test_header_placeholders_only_filled_when_given():
    spek = Tabel((Kolom("{nama}", "x", apa_adanya),))
    assert list(susun(spek, pd.DataFrame({"x": ["a"]})).tabel.columns) == ["{nama}"]


def test_catalogue_decides_unit_and_decimals():
    # out_klasifikasi.skor is a score with 0 decimals, out_kelengkapan.status a code: neither
    # name follows format_nilai's patterns, so only the catalogue can format them.
    skor = Tabel((Kolom("Skor", "skor"), Kolom("Maks", "skor_maks", str)), "out_klasifikasi")
    t = susun(skor, pd.DataFrame({"skor": [3.0, 2.5, None], "skor_maks": [4, 4, 3]})).tabel
    assert _isi(t) == [["3", "4"], ["3", "4"], ["data tidak cukup", "3"]]
    status = Tabel((Kolom("Status", "status"),), "out_kelengkapan")
    t = susun(status, pd.DataFrame({"status": ["lengkap", None]})).tabel
    assert _isi(t) == [["lengkap"], ["data tidak cukup"]]
    assert format_kolom("out_wilayah", "index_input")(2.675) == "2,68"
    assert format_kolom("out_wilayah", "konvergensi_pct")(62.5) == "62,5%"
    assert format_kolom("out_wilayah", "mukp_tahun")(21.04) == "21,0 tahun"
    assert format_kolom("out_wilayah", "n_balita")(-1500) == f"{M}1.500"


def test_uncatalogued_number_without_format_is_an_error():
    spek = Tabel((Kolom("Skor", "skor"),), "out_tidak_ada")
    with pytest.raises(ValueError, match="format manual"):
        susun(spek, pd.DataFrame({"skor": [3]}))


def test_missing_column_prints_missing_text():
    spek = Tabel((Kolom("A", "tidak_ada", apa_adanya, "-"), Kolom("B", "n_x")))
    assert _isi(susun(spek, pd.DataFrame({"y": [1]})).tabel) == [["-", "data tidak cukup"]]


def test_empty_rows_keep_the_headers():
    spek = Tabel((Kolom("A", "a", apa_adanya), Kolom("B", "n_b")))
    t = susun(spek, pd.DataFrame({"a": [], "n_b": []})).tabel
    assert list(t.columns) == ["A", "B"] and t.empty


def test_small_cells_suppressed_with_note():
    rw = pd.DataFrame(
        {
            "rw": ["001", "002", "003"],
            "n_keluarga_sasaran": [40, 4, 12],
            "n_krs": [3, 2, 6],
            "krs_pct": [7.5, 50.0, 50.0],
        }
    )
    spek = Tabel(
        (
            Kolom("RW", "rw", lambda v: f"RW {v}"),
            Kolom("Sasaran", "n_keluarga_sasaran", samar="hitungan"),
            Kolom("KRS", "n_krs", samar="hitungan"),
            Kolom("KRS (%)", "krs_pct", samar="persen"),
        ),
        "out_rw",
    )
    hasil = susun(spek, rw, ambang=5)
    assert _isi(hasil.tabel) == [
        ["RW 001", "40", "< 5", "disamarkan"],
        ["RW 002", "< 5", "< 5", "disamarkan"],
        ["RW 003", "12", "6", "50,0%"],
    ]
    assert hasil.catatan == (
        'Angka di bawah 5 ditampilkan sebagai "< 5" untuk melindungi kerahasiaan. '
        'Persentase ditulis "disamarkan" bila pembilang atau penyebutnya disamarkan.'
    )
    # a higher threshold hides more; a lower one hides nothing and gives no note
    assert susun(spek, rw, ambang=10).tabel["KRS (%)"].tolist() == ["disamarkan"] * 3
    assert susun(spek, rw, ambang=2).catatan == ""
    assert susun(spek, rw, ambang=2).tabel["KRS"].tolist() == ["3", "2", "6"]


def test_small_cells_need_a_threshold_and_a_column_name():
    spek = Tabel((Kolom("N", "n_krs", samar="hitungan"),))
    with pytest.raises(ValueError, match="ambang"):
        susun(spek, pd.DataFrame({"n_krs": [1]}))
    spek = Tabel((Kolom("N", lambda r: r["n_krs"], samar="hitungan"),))
    with pytest.raises(TypeError, match="nama kolom"):
        susun(spek, pd.DataFrame({"n_krs": [1]}), ambang=5)


def test_column_kind_follows_most_informative_cells():
    df = pd.DataFrame(
        {
            "RW": ["RW 01", "RW 02", "RW 03"],
            "Keluarga": ["1.234", "< 5", "data tidak cukup"],  # "< 5" is a number, "data…" neutral
            "KRS": ["12,5%", "−0,3", "104,2% (melebihi 100%, periksa data)"],
            "Campur": ["sedang", "tinggi", "3"],  # one number of three: text
            "Kosong": ["-", "—", ""],  # nothing informative: text
            "Umur": ["22,5 tahun", "1,2 poin persen", "sedang"],  # two of three: numbers
        }
    )
    assert jenis_kolom(df) == ["teks", "angka", "angka", "teks", "teks", "angka"]


def test_cell_carries_its_alignment_inline():
    # a viewer with its own table stylesheet (JupyterLab: every cell right) keeps it
    assert atribut_sel("teks") == 'class="teks" style="text-align:left"'
    assert atribut_sel("angka") == 'class="angka" style="text-align:right"'
    with pytest.raises(KeyError):
        atribut_sel("tengah")
