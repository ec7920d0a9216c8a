"""Tests of the report formatting helper (kkb_analysis.laporan.format)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkb_analysis.config import load_settings
from kkb_analysis.laporan.format import (
    BULAN,
    DATA_TIDAK_CUKUP,
    ambang_sel_kecil,
    catatan_sel_kecil,
    format_angka,
    format_bulan,
    format_nilai,
    format_periode,
    format_persen,
    format_tanggal,
    sel_kecil,
    sel_tersamar,
    suppress_small_cells,
)

M = "\u2212"  # the minus sign used in reports
NA_VALUES = [None, pd.NA, float("nan"), np.nan, np.float64("nan"), pd.NaT]


# ---------------------------------------------------------------------------------- format_angka
@pytest.mark.parametrize(
    ("x", "desimal", "expected"),
    [
        (0, 0, "0"),
        (0, 1, "0,0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (1234.5, 1, "1.234,5"),
        (1234.5, 0, "1.235"),  # half-up, not ties-to-even (would be 1.234)
        (1234567, 0, "1.234.567"),
        (1234567.891, 2, "1.234.567,89"),
        (-1234567, 0, f"{M}1.234.567"),
        (-3, 0, f"{M}3"),
        (-1234.5, 1, f"{M}1.234,5"),
        (-1234.5, 0, f"{M}1.235"),  # half away from zero
        (0.05, 1, "0,1"),
        (0.15, 1, "0,2"),
        (0.25, 1, "0,3"),  # ties-to-even would give 0,2
        (2.675, 2, "2,68"),  # binary 2.67499…; rounded as written
        (1.005, 2, "1,01"),
        (-0.05, 1, f"{M}0,1"),
        (-0.04, 1, "0,0"),  # no negative zero
        (-0.0, 0, "0"),
        (0.5, 0, "1"),
        (2.5, 0, "3"),
        (999.95, 1, "1.000,0"),
        (999.949, 1, "999,9"),
        (12, 2, "12,00"),
        (10**15, 0, "1.000.000.000.000.000"),
        (1e30, 2, "1.000.000.000.000.000.000.000.000.000.000,00"),
        (1e-20, 0, "0"),
        (Decimal("1234.55"), 1, "1.234,6"),
        (np.int64(4321), 0, "4.321"),
        (np.float64(0.125), 2, "0,13"),
    ],
)
def test_format_angka(x, desimal, expected):
    assert format_angka(x, desimal) == expected


@pytest.mark.parametrize("na", NA_VALUES)
def test_format_angka_na(na):
    assert format_angka(na) == "data tidak cukup"
    assert format_angka(na, 2) == DATA_TIDAK_CUKUP


def test_format_angka_rejects_bad_input():
    with pytest.raises(ValueError):
        format_angka(math.inf)
    with pytest.raises(ValueError):
        format_angka(1.0, -1)
    with pytest.raises(TypeError):
        format_angka(True)
    with pytest.raises(TypeError):
        format_angka("12")


def _parse(text: str) -> Decimal:
    return Decimal(text.replace(M, "-").replace(".", "").replace(",", "."))


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
)
def test_format_angka_round_trips_floats(x, desimal):
    text = format_angka(x, desimal)
    with localcontext() as ctx:
        ctx.prec = 400  # floats reach 1.8e308
        step = Decimal(1).scaleb(-desimal)
        expected = Decimal(repr(x)).quantize(step, rounding=ROUND_HALF_UP)
    assert _parse(text) == expected
    # shape: exactly `desimal` decimals, groups of three digits, no ASCII minus
    body = text.removeprefix(M)
    integer, _, frac = body.partition(",")
    assert len(frac) == desimal
    assert "-" not in text
    groups = integer.split(".")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])
    assert text.startswith(M) == (expected < 0)


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_format_angka_round_trips_integers(n):
    assert _parse(format_angka(n)) == n
    assert int(_parse(format_angka(n))) == n


# --------------------------------------------------------------------------------- format_persen
@pytest.mark.parametrize(
    ("x", "desimal", "expected"),
    [
        (12.5, 1, "12,5%"),
        (0, 1, "0,0%"),
        (100, 1, "100,0%"),
        (12.25, 1, "12,3%"),
        (12.35, 1, "12,4%"),
        (33.333, 0, "33%"),
        (99.95, 1, "100,0%"),
        (-2.5, 1, f"{M}2,5%"),
        (1234.5, 1, "1.234,5%"),
    ],
)
def test_format_persen(x, desimal, expected):
    assert format_persen(x, desimal) == expected


def test_format_persen_default_one_decimal_and_na():
    assert format_persen(7) == "7,0%"
    for na in NA_VALUES:
        assert format_persen(na) == "data tidak cukup"


# ----------------------------------------------------------------------------------------- dates
def test_all_month_names():
    expected = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    assert list(BULAN) == expected
    for month, name in enumerate(expected, start=1):
        assert format_bulan(2023, month) == f"{name} 2023"
        assert format_tanggal(dt.date(2023, month, 1)) == f"1 {name} 2023"
        assert format_bulan(2023, name.upper()) == f"{name} 2023"


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2023, 6, 15),
        dt.datetime(2023, 6, 15, 23, 59),
        pd.Timestamp("2023-06-15 08:00"),
        np.datetime64("2023-06-15"),
        "2023-06-15",
        "2023-06-15T10:30:00",
    ],
)
def test_format_tanggal_inputs(value):
    assert format_tanggal(value) == "15 Juni 2023"


def test_format_tanggal_no_leading_zero_and_na():
    assert format_tanggal("2024-02-05") == "5 Februari 2024"
    assert format_tanggal(dt.date(2023, 12, 31)) == "31 Desember 2023"
    for na in [None, pd.NA, pd.NaT, np.datetime64("NaT"), float("nan")]:
        assert format_tanggal(na) == "data tidak cukup"
    with pytest.raises(ValueError):
        format_tanggal("15/06/2023")
    with pytest.raises(TypeError):
        format_tanggal(20230615)


def test_format_bulan_errors():
    assert format_bulan(2023, 12) == "Desember 2023"
    with pytest.raises(ValueError):
        format_bulan(2023, 13)
    with pytest.raises(ValueError):
        format_bulan(2023, "Agt")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("KKBPK", 2023, 12), "KKBPK Desember 2023"),
        (("e-PPGBM", 2023, "Agustus"), "e-PPGBM Agustus 2023"),
        (("eppgbm", 2023, "februari"), "e-PPGBM Februari 2023"),
        (("e-PPGBM", 2023, "tahun"), "e-PPGBM 2023"),
        (("PK", 2023), "PK 2023"),
        (("pk", 2023, None), "PK 2023"),
        (("DTSEN", 2025, 1), "DTSEN 2025-01"),
        (("Profil KKB", 2023), "Profil KKB 2023"),
    ],
)
def test_format_periode(args, expected):
    assert format_periode(*args) == expected


# ------------------------------------------------------------------------------------ small cells
@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "< 5"),
        (1, "< 5"),
        (4, "< 5"),
        (5, "5"),
        (6, "6"),
        (999, "999"),
        (1234, "1.234"),
        (4.0, "< 5"),
        (5.0, "5"),
        (np.int64(4), "< 5"),
    ],
)
def test_sel_kecil_boundary(n, expected):
    assert sel_kecil(n) == expected


def test_sel_kecil_options_and_errors():
    assert sel_kecil(0, tampilkan_nol=True) == "0"
    assert sel_kecil(4, tampilkan_nol=True) == "< 5"
    assert sel_kecil(9, ambang=10) == "< 10"
    assert sel_kecil(10, ambang=10) == "10"
    for na in NA_VALUES:
        assert sel_kecil(na) == "data tidak cukup"
    with pytest.raises(ValueError):
        sel_kecil(-1)
    with pytest.raises(ValueError):
        sel_kecil(2.5)
    with pytest.raises(ValueError):
        sel_kecil(3, ambang=0)


def test_ambang_from_settings():
    assert ambang_sel_kecil(load_settings()) == 5
    assert ambang_sel_kecil({"laporan": {"sel_kecil": 10}}) == 10
    assert ambang_sel_kecil({}) == 5


def test_suppress_small_cells():
    frame = pd.DataFrame(
        {
            "rw": ["001", "002", "003", "004"],
            "n_keluarga": [120.0, 4.0, 5.0, 0.0],
            "n_krs": pd.array([3, 1500, pd.NA, 7], dtype="Int64"),
            "krs_pct": [2.5, 50.0, np.nan, 12.25],
        }
    )
    before = frame.copy()
    tabel, catatan = suppress_small_cells(frame, ["n_keluarga", "n_krs"], 5)
    assert tabel["n_keluarga"].tolist() == ["120", "< 5", "5", "< 5"]
    assert tabel["n_krs"].tolist() == ["< 5", "1.500", "data tidak cukup", "7"]
    assert tabel["krs_pct"].tolist()[:2] == [2.5, 50.0]  # untouched
    assert catatan == 'Angka di bawah 5 ditampilkan sebagai "< 5" untuk melindungi kerahasiaan.'
    pd.testing.assert_frame_equal(frame, before)


def test_suppress_small_cells_nothing_hidden_and_errors():
    frame = pd.DataFrame({"n_anggota": [5, 12]})
    result = suppress_small_cells(frame, ["n_anggota"])
    assert result.tabel["n_anggota"].tolist() == ["5", "12"]
    assert result.catatan == ""
    zero = suppress_small_cells(pd.DataFrame({"n": [0, 3]}), ["n"], tampilkan_nol=True)
    assert zero.tabel["n"].tolist() == ["0", "< 5"]
    assert zero.catatan == catatan_sel_kecil(tampilkan_nol=True)
    assert zero.catatan == (
        'Angka 1 sampai 4 ditampilkan sebagai "< 5" untuk melindungi kerahasiaan.'
    )
    with pytest.raises(KeyError):
        suppress_small_cells(frame, ["n_tidak_ada"])


# ----------------------------------------------------------------------------------- format_nilai
@pytest.mark.parametrize(
    ("value", "kolom", "expected"),
    [
        (12.25, "cpr_pct", "12,3%"),
        (3.04999, "stunting_agustus_ci_low_pct", "3,0%"),
        (1234.0, "n_keluarga", "1.234"),
        (np.int64(7), "n_stunting_agustus", "7"),
        (101.25, "rasio_jenis_kelamin", "101,3"),
        (3.456, "rasio_penduduk_per_keluarga", "3,46"),
        (61.435, "indeks_ibangga", "61,44"),
        (3.2, "index_input", "3,20"),
        (22.45, "mukp_tahun", "22,5 tahun"),
        (31.0, "median_umur_tahun", "31,0 tahun"),
        (2023, "tahun", "2023"),
        ("Mandiri", "tingkat", "Mandiri"),
        (pd.NA, "cpr_pct", "data tidak cukup"),
        (np.nan, "n_keluarga", "data tidak cukup"),
        (None, "tingkat", "data tidak cukup"),
    ],
)
def test_format_nilai(value, kolom, expected):
    assert format_nilai(value, kolom) == expected


def test_format_nilai_unknown_numeric_column():
    with pytest.raises(ValueError):
        format_nilai(2023, "tahun_data")


# ------------------------------------------------------------------------- the one small-cell rule
def test_sel_tersamar_counts_and_percentages():
    """Counts below 5 (zero too) are hidden, missing counts are not; a percentage is hidden when
    its numerator or denominator is, an unknown-basis percentage when any count of its row is."""
    frame = pd.DataFrame(
        {
            "n_krs": [4, 5, 0, None, 9],
            "n_keluarga_sasaran": [10, 3, 10, 10, 9],
            "krs_pct": [40.0, 100.0, 0.0, None, 100.0],
            "baru_pct": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    mask = sel_tersamar(frame, ["n_krs", "n_keluarga_sasaran"], 5, persen=["krs_pct", "baru_pct"])
    assert mask["n_krs"].tolist() == [True, False, True, False, False]
    assert mask["n_keluarga_sasaran"].tolist() == [False, True, False, False, False]
    assert mask["krs_pct"].tolist() == [True, True, True, False, False]
    assert mask["baru_pct"].tolist() == [True, True, True, False, False]
    nol = sel_tersamar(frame, ["n_krs"], 5, tampilkan_nol=True)
    assert nol["n_krs"].tolist() == [True, False, False, False, False]


def test_suppress_small_cells_hides_percentages_with_their_basis():
    frame = pd.DataFrame(
        {"n_stunting": [4, 6], "n_balita_diukur": [40, 60], "stunting_pct": [10.0, 10.0]}
    )
    tabel, catatan = suppress_small_cells(
        frame, ["n_stunting", "n_balita_diukur"], 5, persen=["stunting_pct"]
    )
    assert tabel["n_stunting"].tolist() == ["< 5", "6"]
    assert tabel["stunting_pct"].tolist() == ["disamarkan", "10,0%"]
    assert catatan == (
        'Angka di bawah 5 ditampilkan sebagai "< 5" untuk melindungi kerahasiaan. '
        'Persentase ditulis "disamarkan" bila pembilang atau penyebutnya disamarkan.'
    )


@pytest.mark.parametrize(
    ("median", "terbuka", "teks"),
    [
        (27.35, False, "27,4"),  # one decimal, half up, decimal comma
        (75.0, False, "75,0"),
        (pd.NA, True, "≥ 75"),  # the median falls in the open 75+ group
        (pd.NA, pd.NA, "data tidak cukup"),  # no member with a known age
        (None, None, "data tidak cukup"),
    ],
)
def test_teks_median_umur(median, terbuka, teks):
    from kkb_analysis.laporan.format import teks_median_umur

    assert teks_median_umur(median, terbuka) == teks


def test_format_selisih_says_poin_persen_for_percentages():
    from kkb_analysis.laporan.format import format_selisih, kata_selisih

    assert format_selisih(2.54, "persen") == "2,5 poin persen"
    assert format_selisih(2.5, "%", 1) == "2,5 poin persen"
    assert format_selisih(0.854, "indeks", 2) == "0,85 poin"
    assert kata_selisih(None) == "poin"
    assert format_selisih(float("nan"), "persen") == "data tidak cukup"
