"""Comparison statistics (indikator/banding.py): intervals, the minimal difference, the one rule.

Published worked examples:
- Wilson (single proportion): Newcombe RG (1998a), Two-sided confidence intervals for the single
  proportion: comparison of seven methods, Stat Med 17:857–872, worked examples 81/263 and 15/148
  (method 3, the score interval without continuity correction).
- Newcombe hybrid score interval (difference of two independent proportions): Newcombe RG
  (1998b), Interval estimation for the difference between independent proportions: comparison of
  eleven methods, Stat Med 17:873–890, Table II, method 10, examples (a)–(h). The same values are
  the SAS reference values of R DescTools::BinomDiffCI(method = "score") for (a), (b) and (g).
Other expected values are worked by hand in the comments (z = 1.959964, z² = 3.841459).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from kkb_analysis.config import SETTING_RULES, ConfigError
from kkb_analysis.indikator import banding
from kkb_analysis.indikator.banding import Dasar, Kode, Konteks, Nilai, bandingkan
from kkb_analysis.indikator.katalog import atau_bawaan, katalog
from kkb_analysis.laporan import kata_banding

Z2 = 3.841459


def _e(kolom: str):
    return katalog().get(kolom)


def _pengaturan(**banding_kunci):
    """The default settings with some ``banding`` keys replaced (a deep-enough copy)."""
    p = dict(atau_bawaan(None))
    b = dict(p["banding"])
    b["beda_bermakna"] = dict(b["beda_bermakna"])
    for k, v in banding_kunci.items():
        if k in b["beda_bermakna"]:
            b["beda_bermakna"][k] = v
        else:
            b[k] = v
    p["banding"] = b
    return p


# ------------------------------------------------------------------------------- Wilson
@pytest.mark.parametrize(
    "x, n, low, high",
    [
        (81, 263, 0.2553, 0.3662),  # Newcombe 1998a, worked example 1
        (15, 148, 0.0624, 0.1605),  # Newcombe 1998a, worked example 2
    ],
)
def test_wilson_matches_newcombe_1998a(x, n, low, high):
    lo, hi = banding.wilson_interval(x, n)
    assert lo == pytest.approx(low, abs=5e-5)
    assert hi == pytest.approx(high, abs=5e-5)


def test_wilson_by_hand_and_at_the_ends():
    # x = 10, n = 100: centre = (0.1 + z²/200)/(1 + z²/100) = 0.114797,
    # half = z/(1 + z²/100)·√(0.0009 + z²/40000) = 0.059568 → 5.523 % – 17.437 %
    low, high = banding.wilson_interval(10, 100)
    assert low * 100 == pytest.approx(5.523, abs=1e-3)
    assert high * 100 == pytest.approx(17.437, abs=1e-3)
    # 0 of n: lower bound 0, upper z²/(n + z²); n of n: lower n/(n + z²), upper 1
    low, high = banding.wilson_interval(0, 10)
    assert low == 0 and high == pytest.approx(Z2 / (10 + Z2), abs=1e-6)  # 0.277530
    low, high = banding.wilson_interval(10, 10)
    assert low == pytest.approx(10 / (10 + Z2), abs=1e-6) and high == 1  # 0.722470
    low, high = banding.wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)


def test_wilson_is_the_one_used_by_stunting():
    from kkb_analysis.indikator import stunting

    assert stunting.wilson_interval is banding.wilson_interval
    assert not hasattr(stunting, "KONFIDENSI")  # one home for the confidence level too


# ----------------------------------------------------------------------------- Newcombe
NEWCOMBE_TABEL_II = [
    # (x1, n1, x2, n2, low, high): Newcombe 1998b Table II, method 10
    (56, 70, 48, 80, 0.0524, 0.3339),  # (a)
    (9, 10, 3, 10, 0.1705, 0.8090),  # (b)
    (6, 7, 2, 7, 0.0582, 0.8062),  # (c)
    (5, 56, 0, 29, -0.0381, 0.1926),  # (d)
    (0, 10, 0, 20, -0.1611, 0.2775),  # (e)
    (0, 10, 0, 10, -0.2775, 0.2775),  # (f)
    (10, 10, 0, 20, 0.6791, 1.0000),  # (g)
    (10, 10, 0, 10, 0.6075, 1.0000),  # (h)
]


@pytest.mark.parametrize("x1, n1, x2, n2, low, high", NEWCOMBE_TABEL_II)
def test_newcombe_matches_published_table_ii(x1, n1, x2, n2, low, high):
    lo, hi = banding.newcombe_interval(x1, n1, x2, n2)
    assert lo == pytest.approx(low, abs=5e-5)
    assert hi == pytest.approx(high, abs=5e-5)
    # swapping the groups mirrors the interval
    lo2, hi2 = banding.newcombe_interval(x2, n2, x1, n1)
    assert (lo2, hi2) == pytest.approx((-hi, -lo), abs=1e-12)


def test_newcombe_edges_by_hand():
    # (f) 0/10 − 0/10: d = 0, low = −√(0² + u2²) = −z²/(10 + z²) = −0.277530
    lo, hi = banding.newcombe_interval(0, 10, 0, 10)
    assert lo == pytest.approx(-Z2 / (10 + Z2), abs=1e-6)
    assert hi == pytest.approx(Z2 / (10 + Z2), abs=1e-6)
    # (h) 10/10 − 0/10: d = 1, low = 1 − √((1 − l1)² + u2²) = 1 − √2·0.277530 = 0.607513;
    # high = 1 + √(0 + 0) = 1
    lo, hi = banding.newcombe_interval(10, 10, 0, 10)
    assert lo == pytest.approx(1 - math.sqrt(2) * Z2 / (10 + Z2), abs=1e-6)
    assert hi == 1
    # a zero denominator on either side: no interval
    for args in [(0, 0, 3, 10), (3, 10, 0, 0)]:
        lo, hi = banding.newcombe_interval(*args)
        assert np.isnan(lo) and np.isnan(hi)


def test_newcombe_is_vectorised():
    lo, hi = banding.newcombe_interval([56, 9], [70, 10], [48, 3], [80, 10])
    assert lo == pytest.approx([0.0524, 0.1705], abs=5e-5)
    assert hi == pytest.approx([0.3339, 0.8090], abs=5e-5)


# -------------------------------------------------------------------------- small n
def test_n_kecil_threshold_is_a_setting():
    assert banding.n_kecil(29) and not banding.n_kecil(30)  # default 30: "below" flags
    assert banding.n_kecil(0)
    assert not banding.n_kecil(None) and not banding.n_kecil(float("nan"))
    assert not banding.n_kecil(29, _pengaturan(n_kecil=20))


# ------------------------------------------------------------------ measured subsets (e-PPGBM)
def test_stunting_deringo_like_change_is_not_a_change():
    # The issue: 6.1 → 10.2 % with n ≈ 100 per year was printed as a change. 6/98 → 10/98:
    # Wilson 10/98 = 0.056376–0.177728, 6/98 = 0.028359–0.127191; d = 0.040816;
    # low = d − √(0.045665² + 0.065967²) = −0.039414; high = d + √(0.075687² + 0.032865²) = 0.123331
    r = bandingkan(
        _e("stunting_pct"), Nilai(1000 / 98, 10, 98), Nilai(600 / 98, 6, 98), Konteks.WAKTU
    )
    assert r.kode is Kode.SETARA and r.dasar is Dasar.NEWCOMBE
    assert r.ci_bawah == pytest.approx(-3.9414, abs=1e-3)  # percentage points
    assert r.ci_atas == pytest.approx(12.3331, abs=1e-3)
    assert r.selisih == pytest.approx(400 / 98)
    assert not r.n_kecil


def test_stunting_interval_excluding_zero_decides_by_direction():
    # Table II (a): 56/70 − 48/80 → 0.0524 to 0.3339 excludes 0: stunting up = worse
    e = _e("stunting_pct")
    naik = bandingkan(e, Nilai(80.0, 56, 70), Nilai(60.0, 48, 80), Konteks.WAKTU)
    assert naik.kode is Kode.LEBIH_BURUK
    assert (naik.ci_bawah, naik.ci_atas) == pytest.approx((5.24, 33.39), abs=5e-3)
    turun = bandingkan(e, Nilai(60.0, 48, 80), Nilai(80.0, 56, 70), Konteks.WILAYAH)
    assert turun.kode is Kode.LEBIH_BAIK and turun.konteks is Konteks.WILAYAH
    # (b) 9/10 − 3/10 excludes 0 too, and both denominators are small
    kecil = bandingkan(e, Nilai(90.0, 9, 10), Nilai(30.0, 3, 10), Konteks.WAKTU)
    assert kecil.kode is Kode.LEBIH_BURUK and kecil.n_kecil
    # (d) 5/56 − 0/29 = −0.0381 to 0.1926 contains 0: setara although 8.9 % vs 0 %
    nol = bandingkan(e, Nilai(500 / 56, 5, 56), Nilai(0.0, 0, 29), Konteks.WILAYAH)
    assert nol.kode is Kode.SETARA and nol.n_kecil  # 29 < 30


def test_measured_subset_without_counts_or_values():
    e = _e("stunting_pct")
    tanpa = bandingkan(e, Nilai(12.0), Nilai(2.0), Konteks.WAKTU)
    assert tanpa.kode is Kode.SETARA and tanpa.dasar is Dasar.TANPA_N
    kosong = bandingkan(e, Nilai(float("nan"), 0, 0), Nilai(2.0, 2, 100), Konteks.WAKTU)
    assert kosong.kode is Kode.TIDAK_CUKUP and kosong.n_kecil  # n = 0 is small
    # a count of a measured subset is not a proportion: minimal-difference rule (1 % of 200 = 2)
    n = _e("n_balita_diukur")
    assert bandingkan(n, Nilai(202), Nilai(200), Konteks.WAKTU).kode is Kode.NAIK
    assert bandingkan(n, Nilai(201), Nilai(200), Konteks.WAKTU).kode is Kode.TETAP


# -------------------------------------------------------------- full enumeration (PK, portal)
@pytest.mark.parametrize(
    "sekarang, acuan, kode",
    [
        (61.5, 60.5, Kode.LEBIH_BAIK),  # 1.0 point = the default minimal difference
        (61.4, 60.5, Kode.SETARA),  # 0.9 point
        (60.8, 60.5, Kode.SETARA),  # the "CPR gap of 0.3 points"
        (59.5, 60.5, Kode.LEBIH_BURUK),
        (61.45, 60.46, Kode.LEBIH_BAIK),  # printed 61.5 vs 60.5: what the reader sees decides
        (61.44, 60.5, Kode.SETARA),  # printed 61.4 vs 60.5
    ],
)
def test_cpr_minimal_difference_on_printed_values(sekarang, acuan, kode):
    r = bandingkan(_e("cpr_pct"), Nilai(sekarang), Nilai(acuan), Konteks.WAKTU)
    assert r.kode is kode and r.dasar is Dasar.BEDA_BERMAKNA and r.ambang == 1.0


def test_lower_is_better_flips_the_word():
    e = _e("unmet_need_pct")
    assert bandingkan(e, Nilai(9.5), Nilai(11.0), Konteks.WAKTU).kode is Kode.LEBIH_BAIK
    assert bandingkan(e, Nilai(11.0), Nilai(9.5), Konteks.WILAYAH).kode is Kode.LEBIH_BURUK
    assert bandingkan(e, Nilai(11.0), Nilai(float("nan")), Konteks.WAKTU).kode is Kode.TIDAK_CUKUP
    assert bandingkan(e, Nilai(None), Nilai(9.0), Konteks.WAKTU).kode is Kode.TIDAK_CUKUP


def test_neutral_counts_use_a_relative_difference():
    # population: 1 % of last year's 2,000 = 20 people
    e = _e("n_penduduk")
    assert bandingkan(e, Nilai(2020), Nilai(2000), Konteks.WAKTU).kode is Kode.NAIK
    assert bandingkan(e, Nilai(2019), Nilai(2000), Konteks.WAKTU).kode is Kode.TETAP
    assert bandingkan(e, Nilai(1980), Nilai(2000), Konteks.WAKTU).kode is Kode.TURUN
    assert banding.ambang_beda(e, 2000) == pytest.approx(20.0)
    # median age (years, 0.5) is neutral too
    m = _e("median_umur_tahun")
    assert bandingkan(m, Nilai(30.5), Nilai(30.0), Konteks.WILAYAH).kode is Kode.NAIK
    assert bandingkan(m, Nilai(30.4), Nilai(30.0), Konteks.WILAYAH).kode is Kode.TETAP


def test_per_column_threshold_beats_the_unit():
    # classification indices run 1–4: 0.1 (per column) instead of the index unit's 1.0
    e = _e("index_input")
    assert banding.ambang_beda(e) == pytest.approx(0.1)
    assert bandingkan(e, Nilai(2.60), Nilai(2.50), Konteks.WAKTU).kode is Kode.LEBIH_BAIK
    assert bandingkan(e, Nilai(2.55), Nilai(2.50), Konteks.WAKTU).kode is Kode.SETARA
    # iBangga keeps the unit's 1.0 index point
    assert banding.ambang_beda(_e("indeks_ibangga")) == pytest.approx(1.0)
    # an agency list for cpr_pct (and no other column) replaces the default list
    p = _pengaturan(beda_bermakna_kolom=[{"cpr_pct": 2.0}])
    assert banding.ambang_beda(_e("cpr_pct"), pengaturan=p) == 2.0
    assert banding.ambang_beda(e, pengaturan=p) == 1.0
    r = bandingkan(_e("cpr_pct"), Nilai(61.5), Nilai(60.0), Konteks.WAKTU, p)
    assert r.kode is Kode.SETARA


def test_zero_threshold_means_any_printed_difference():
    p = _pengaturan(persen=0.0)
    e = _e("cpr_pct")
    assert bandingkan(e, Nilai(60.6), Nilai(60.5), Konteks.WAKTU, p).kode is Kode.LEBIH_BAIK
    assert bandingkan(e, Nilai(60.54), Nilai(60.5), Konteks.WAKTU, p).kode is Kode.SETARA


def test_codes_are_not_compared_and_unknown_columns_stop():
    with pytest.raises(ValueError):
        banding.ambang_beda(_e("stunting_kategori"))
    p = _pengaturan(beda_bermakna_kolom=[{"cpr_persen": 2.0}])
    with pytest.raises(ConfigError, match=r"cpr_persen.*tidak ada di katalog"):
        banding.ambang_beda(_e("cpr_pct"), pengaturan=p)


@pytest.mark.parametrize(
    "nilai, sah",
    [
        ([{"cpr_pct": 2.0}, {"index_input": 0}], True),
        ([], True),
        ([{"cpr_pct": -1}], False),
        ([{"cpr_pct": "2,0"}], False),
        ([{"cpr_pct": 1, "mkjp_pct": 1}], False),  # one column per line
        ([{"cpr_pct": 1}, {"cpr_pct": 2}], False),  # twice
        ({"cpr_pct": 1}, False),  # a mapping, not a list
    ],
)
def test_setting_rule_of_the_column_list(nilai, sah):
    assert (SETTING_RULES["banding.beda_bermakna_kolom"](nilai) is None) is sah


# ------------------------------------------------------------------------- row pairs
def test_row_pair_gives_one_code_per_catalogued_indicator():
    tahun_ini = {
        "cpr_pct": 62.0,
        "unmet_need_pct": 10.0,
        "stunting_pct": 80.0,
        "n_stunting": 56,
        "n_balita_diukur": 70,
        "n_penduduk": 2000,
        "stunting_kategori": "sangat tinggi",
        "kolom_lain": 1,
    }
    tahun_lalu = {
        "cpr_pct": 60.0,
        "unmet_need_pct": 10.4,
        "stunting_pct": 60.0,
        "n_stunting": 48,
        "n_balita_diukur": 80,
        "n_penduduk": float("nan"),
        "stunting_kategori": "sangat tinggi",
    }
    hasil = banding.bandingkan_baris(tahun_ini, tahun_lalu, "waktu")
    kode = {k: r.kode for k, r in hasil.items()}
    assert kode["cpr_pct"] is Kode.LEBIH_BAIK
    assert kode["unmet_need_pct"] is Kode.SETARA
    assert kode["stunting_pct"] is Kode.LEBIH_BURUK  # Table II (a) through the row columns
    assert hasil["stunting_pct"].ci_bawah == pytest.approx(5.24, abs=5e-3)
    assert kode["n_penduduk"] is Kode.TIDAK_CUKUP
    # counts without catalogue entries as indicators, codes and unknown columns are left out
    assert "stunting_kategori" not in hasil and "kolom_lain" not in hasil
    assert set(hasil) <= {e.kolom for e in katalog().entri.values()}
    sebagian = banding.bandingkan_baris(tahun_ini, tahun_lalu, "wilayah", kolom=["cpr_pct"])
    assert list(sebagian) == ["cpr_pct"] and sebagian["cpr_pct"].konteks is Konteks.WILAYAH


# ------------------------------------------------------------------------- the words
def test_one_word_for_every_code_in_both_contexts():
    assert set(kata_banding.KATA_BANDING) == {(k, c) for k in Konteks for c in Kode}
    assert kata_banding.kata_banding(Kode.LEBIH_BAIK, "waktu") == "membaik"
    assert kata_banding.kata_banding("lebih_buruk", Konteks.WAKTU) == "memburuk"
    assert kata_banding.kata_banding(Kode.LEBIH_BAIK, Konteks.WILAYAH) == "lebih baik"
    assert kata_banding.kata_banding(Kode.NAIK, Konteks.WILAYAH) == "lebih tinggi"
    assert kata_banding.kata_banding(Kode.TETAP, Konteks.WAKTU) == "tetap"
    assert kata_banding.kata_banding(Kode.TIDAK_CUKUP, Konteks.WAKTU) == "data tidak cukup"
