"""Tests of the rule-based report sentences (kkb_analysis.laporan.narasi).

The sentences are prose analysts may reword (docs/panduan.md "Mengubah kalimat laporan"): the
sentence tests check the numbers, the rule (which comparison, which branch) and the fixed terms
with :mod:`tests.kalimat`, never the wording. Each of them runs twice, on the module and on a
copy with reworded sentences (:data:`UBAHAN`), which proves it.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.laporan import narasi as narasi_asli
from kkb_analysis.laporan.narasi import (
    INDIKATOR,
    LEBIH_RENDAH,
    LEBIH_TINGGI,
    REGISTRI,
    REKOMENDASI,
    daftar_rw,
    format_koordinat,
    isu_utama,
    kalimat_perubahan_nilai,
    rekomendasi,
)
from tests.kalimat import cek_kalimat, normal, salinan_diubah, terdekat

KKB = "KKB-3672011004-01"
NA = pd.NA

#: An analyst's rewording of narasi.py (same placeholders, other words and order).
UBAHAN = [
    ('f"{ind.label}{sumber} di {nama_kkb}"', 'f"{ind.label}{sumber} untuk {nama_kkb}"'),
    (
        'return f"{kata} dengan" if kata == "setara" else f"{kata} daripada"',
        'return f"{kata} dibanding"',
    ),
    (", sehingga belum dapat dibandingkan dengan {daftar}.", "; pembandingnya {daftar}."),
    (
        'f"data {_gabung(kosong)} tidak cukup untuk dibandingkan"',
        'f"{_gabung(kosong)} belum punya angka pembanding"',
    ),
    ('f"{teks_kkb} — {perbandingan}"', 'f"Dibanding wilayah lain, {teks_kkb} {perbandingan}"'),
    (
        "{nama} berada pada tingkat {sekarang} ({indeks})",
        "Tingkat {nama} kini {sekarang} ({indeks})",
    ),
    ("perubahan dari tahun lalu tidak dapat dinilai", "perubahannya belum bisa dinilai"),
    (
        "tahun lalu wilayah ini {BELUM_KKB_TEKS} (KKB baru).",
        "KKB baru, tahun lalu {BELUM_KKB_TEKS}.",
    ),
    ("naik dari {lalu} menjadi {sekarang}.", "tingkatnya naik dari {lalu} ke {sekarang}."),
    ("turun dari {lalu} menjadi {sekarang}.", "tingkatnya turun dari {lalu} ke {sekarang}."),
    (
        "tetap {sekarang} seperti tahun lalu.",
        "tingkatnya tetap {sekarang}, sama dengan tahun lalu.",
    ),
    (
        "{format_angka(n)} dari {format_angka(penyebut)} {satuan} ",
        "sebanyak {format_angka(n)} di antara {format_angka(penyebut)} {satuan} ",
    ),
    (
        "{format_angka(indeks, 2)}, kategori {kat}; keluarga",
        "bernilai {format_angka(indeks, 2)} (kategori {kat}); keluarga",
    ),
    (
        "), kategori {kat} menurut ambang WHO–UNICEF.",
        "); menurut ambang WHO–UNICEF termasuk kategori {kat}.",
    ),
    (
        'f"{nama} memiliki {format_angka(n_unggulan)} UMKM unggulan menurut {label_sumber}."',
        'f"Menurut {label_sumber}, {nama} punya {format_angka(n_unggulan)} UMKM unggulan."',
    ),
    (
        "bagian ini akan terisi setelah Pokja mendata UMKM unggulan keluarga di KKB.",
        "Pokja diminta mendatanya.",
    ),
    ("{format_persen(pct)} dari seluruh keluarga; ", ": {format_persen(pct)} keluarga; "),
]


@pytest.fixture(params=["asli", "diubah"])
def narasi(request):
    """The narasi module, and the same module with its sentences reworded (:data:`UBAHAN`)."""
    return narasi_asli if request.param == "asli" else salinan_diubah(narasi_asli, UBAHAN)


def wide(kkb: dict, kel: dict | None = None, kota: dict | None = None, sisa: dict | None = None):
    """A tiny out_wilayah: the KKB, (its sisa), its kelurahan and the city."""
    rows = [
        {
            "wilayah_id": f"kkb:{KKB}",
            "nama_wilayah": "Kampung KB Cikerai",
            "kode_kelurahan": "36.72.01.1004",
            **kkb,
        }
    ]
    if sisa is not None:
        rows.append(
            {
                "wilayah_id": f"sisa:{KKB}",
                "nama_wilayah": "Cikerai di luar KKB",
                "kode_kelurahan": "36.72.01.1004",
                **sisa,
            }
        )
    if kel is not None:
        rows.append(
            {
                "wilayah_id": "kel:36.72.01.1004",
                "nama_wilayah": "Cikerai",
                "kode_kelurahan": "36.72.01.1004",
                **kel,
            }
        )
    if kota is not None:
        rows.append({"wilayah_id": "kota:36.72", "nama_wilayah": "Kota Cilegon", **kota})
    frame = pd.DataFrame(rows)
    for col in frame.columns:
        if col.endswith("_pct") or col.startswith(("index_", "indeks_")):
            frame[col] = frame[col].astype("Float64")
        elif col.startswith("tingkat") or col in ("wilayah_id", "nama_wilayah"):
            frame[col] = frame[col].astype("string")
    return frame


# ---------------------------------------------------------------------------------- registry
def test_registry_directions_and_recommendations():
    for kolom in ("cpr_pct", "mcpr_pct", "mkjp_pct", "indeks_ibangga", "aps_sma_pct"):
        assert INDIKATOR[kolom].arah == LEBIH_TINGGI
    for kolom in ("konvergensi_pct", "kelengkapan_pct", "index_output"):
        assert INDIKATOR[kolom].arah == LEBIH_TINGGI
    for kolom in ("unmet_need_pct", "krs_pct", "stunting_pct"):
        assert INDIKATOR[kolom].arah == LEBIH_RENDAH
    # one headline stunting figure (issue 11): the bulan-timbang prevalence is not a headline
    assert "stunting_agustus_pct" not in INDIKATOR and "stunting_februari_pct" not in INDIKATOR
    assert INDIKATOR["kurang_mampu_pct"].arah == LEBIH_RENDAH
    assert len(INDIKATOR) == len(REGISTRI)  # no duplicate columns
    assert {i.arah for i in REGISTRI} == {LEBIH_TINGGI, LEBIH_RENDAH}
    assert set(REKOMENDASI) == set(INDIKATOR)  # every indicator has a recommendation


# -------------------------------------------------------------------------------- comparison
# The relation words ("lebih baik", "lebih buruk", "setara") are kata_banding's fixed terms; the
# number next to each comparator's name is its value; the relation nearest a name is its rule.
def test_kalimat_lower_than_both(narasi):
    w = wide({"cpr_pct": 55.2}, kel={"cpr_pct": 60.1}, kota={"cpr_pct": 59.8})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct"),
        angka=["55,2%", "60,1%", "59,8%"],
        semua_angka=True,
        kata=["CPR (PK)", "Kampung KB Cikerai", "kelurahan Cikerai", "Kota Cilegon"],
        bukan=["lebih baik", "setara"],
        dekat={"kelurahan Cikerai": "60,1%", "Kota Cilegon": "59,8%"},
        relasi={"kelurahan Cikerai": "lebih buruk", "Kota Cilegon": "lebih buruk"},
    )


def test_kalimat_accepts_prefixed_id_and_mixed_directions(narasi):
    w = wide({"cpr_pct": 58.0}, kel={"cpr_pct": 60.1}, kota={"cpr_pct": 54.04})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, f"kkb:{KKB}", "cpr_pct"),
        angka=["58,0%", "60,1%", "54,0%"],  # 54.04 printed with one decimal
        semua_angka=True,
        kata=["Kampung KB Cikerai"],
        dekat={"kelurahan Cikerai": "60,1%", "Kota Cilegon": "54,0%"},
        relasi={"kelurahan Cikerai": "lebih buruk", "Kota Cilegon": "lebih baik"},
    )


def _st(x: int, n: int) -> dict:
    return {"stunting_pct": 100 * x / n, "n_stunting": x, "n_balita_diukur": n}


def test_kalimat_measured_subset_uses_the_newcombe_interval(narasi):
    # 37/300 = 12.3 % against 10/100 = 10.0 % and 199/2000 = 9.95 %: the 95 % intervals of the
    # differences (about ±7 and ±4 points around +2.3 and +2.4) contain 0 → setara.
    w = wide(_st(37, 300), kel=_st(10, 100), kota=_st(199, 2000))
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "stunting_pct"),
        angka=["12,3%", "10,0%", "10,0%"],
        semua_angka=True,
        kata=["Prevalensi stunting (e-PPGBM)", "setara"],
        bukan=["lebih buruk", "lebih baik"],
        dekat={"kelurahan Cikerai": "10,0%", "Kota Cilegon": "10,0%"},
    )
    # 60/200 = 30 % against 100/1000 = 10 %: lower bound about 0.30 − 0.06 − 0.02 > 0 → worse
    w = wide(_st(60, 200), kota=_st(100, 1000))
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "stunting_pct"),
        angka=["30,0%", "10,0%"],
        semua_angka=True,
        relasi={"Kota Cilegon": "lebih buruk"},
        bukan=["setara"],
    )
    # without counts no interval can be formed: setara, never "lebih buruk"
    w = wide({"stunting_pct": 30.0}, kota={"stunting_pct": 10.0})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "stunting_pct"),
        relasi={"Kota Cilegon": "setara"},
        bukan=["lebih buruk"],
    )


def test_kalimat_small_gap_is_setara_not_lebih_tinggi(narasi):
    # CPR 60.3 vs 60.0: 0.3 points is below the default minimal difference of 1 point
    w = wide({"cpr_pct": 60.3}, kota={"cpr_pct": 60.0})
    setara = dict(angka=["60,3%", "60,0%"], semua_angka=True)
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct"),
        **setara,
        relasi={"Kota Cilegon": "setara"},
        bukan=["lebih tinggi", "lebih baik", "lebih buruk"],
    )
    # exactly 1 point (61.0 vs 60.0) is meaningful
    w = wide({"cpr_pct": 61.0}, kota={"cpr_pct": 60.0})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct"),
        angka=["61,0%", "60,0%"],
        relasi={"Kota Cilegon": "lebih baik"},
        bukan=["setara"],
    )
    # a threshold set by the agency decides: 0.2 points makes 0.3 meaningful
    from kkb_analysis.indikator.katalog import atau_bawaan

    p = dict(atau_bawaan(None))
    p["banding"] = {**p["banding"], "beda_bermakna_kolom": [{"cpr_pct": 0.2}]}
    w = wide({"cpr_pct": 60.3}, kota={"cpr_pct": 60.0})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct", pengaturan=p),
        **setara,
        relasi={"Kota Cilegon": "lebih baik"},
        bukan=["setara"],
    )


def test_kalimat_equal_on_rounded_display(narasi):
    # 55.04 and 54.96 both print "55,0%": equal, although the raw values differ.
    w = wide({"cpr_pct": 55.04}, kel={"cpr_pct": 54.96}, kota={"cpr_pct": 55.05})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct"),
        angka=["55,0%", "55,0%", "55,1%"],  # 55.05 rounds half up to 55,1
        semua_angka=True,
        dekat={"Kota Cilegon": "55,1%"},
        relasi={"kelurahan Cikerai": "setara", "Kota Cilegon": "setara"},
        bukan=["lebih baik", "lebih buruk"],
    )


def test_kalimat_index_two_decimals(narasi):
    w = wide(
        {"indeks_ibangga": 61.144}, kel={"indeks_ibangga": 61.14}, kota={"indeks_ibangga": 62.7}
    )
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "indeks_ibangga"),
        angka=["61,14", "61,14", "62,70"],  # an index: two decimals, no %
        semua_angka=True,
        kata=["Indeks iBangga (PK)"],
        dekat={"Kota Cilegon": "62,70"},
        relasi={"kelurahan Cikerai": "setara", "Kota Cilegon": "lebih buruk"},
    )


def test_kalimat_kkb_value_missing(narasi):
    w = wide({"cpr_pct": NA}, kel={"cpr_pct": 60.1}, kota={"cpr_pct": 59.8})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct"),
        angka=["60,1%", "59,8%"],
        semua_angka=True,
        kata=["CPR (PK)", "data tidak cukup"],
        bukan=["lebih baik", "lebih buruk", "setara"],
        dekat={"kelurahan Cikerai": "60,1%", "Kota Cilegon": "59,8%"},
    )


def test_kalimat_comparator_missing(narasi):
    w = wide({"cpr_pct": 55.2}, kel={"cpr_pct": NA}, kota={"cpr_pct": 59.8})
    kalimat = narasi.kalimat_perbandingan(w, KKB, "cpr_pct")
    cek_kalimat(
        kalimat,
        angka=["55,2%", "59,8%"],
        semua_angka=True,
        kata=["kelurahan Cikerai"],  # named as lacking data, with no number and no relation
        bukan=["setara", "lebih baik"],
        relasi={"Kota Cilegon": "lebih buruk"},
    )
    assert kalimat.count("lebih buruk") == 1


def test_kalimat_all_comparators_missing_and_nan(narasi):
    w = wide({"cpr_pct": 55.2}, kel={"cpr_pct": NA}, kota={"cpr_pct": float("nan")})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct"),
        angka=["55,2%"],
        semua_angka=True,
        kata=["kelurahan Cikerai", "Kota Cilegon"],
        bukan=["setara", "lebih baik", "lebih buruk", "NaN"],
    )


def test_kalimat_absent_column_is_data_tidak_cukup(narasi):
    w = wide({"cpr_pct": 55.2}, kel={"cpr_pct": 60.1}, kota={"cpr_pct": 59.8})
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "kelengkapan_pct"),
        semua_angka=True,  # no number at all
        kata=["Kelengkapan data", "Kampung KB Cikerai", "data tidak cukup"],
    )


def test_kalimat_kkb_only_indicator_and_explicit_comparators(narasi):
    w = wide(
        {"kelengkapan_pct": 7 / 9 * 100, "cpr_pct": 55.2},
        kel={"cpr_pct": 60.1},
        kota={"cpr_pct": 59.8},
        sisa={"cpr_pct": 55.24},
    )
    cek_kalimat(  # a KKB-only indicator: no comparator
        narasi.kalimat_perbandingan(w, KKB, "kelengkapan_pct"),
        angka=["77,8%"],
        semua_angka=True,
        kata=["Kelengkapan data"],
        bukan=["Kota Cilegon", "kelurahan", "setara", "lebih"],
    )
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct", pembanding=["sisa"]),
        angka=["55,2%", "55,2%"],
        semua_angka=True,
        kata=["Cikerai di luar KKB"],
        bukan=["Kota Cilegon"],
        relasi={"Cikerai di luar KKB": "setara"},
    )


def test_kalimat_errors(narasi):
    w = wide({"cpr_pct": 55.2}, kota={"cpr_pct": 59.8})
    with pytest.raises(KeyError):
        narasi.kalimat_perbandingan(w, "KKB-TIDAK-ADA", "cpr_pct")
    with pytest.raises(KeyError):
        narasi.kalimat_perbandingan(w, KKB, "n_penduduk")
    with pytest.raises(ValueError):
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct", pembanding=["provinsi"])
    # an absent comparator row (no kel: row) is left out
    cek_kalimat(
        narasi.kalimat_perbandingan(w, KKB, "cpr_pct"),
        angka=["55,2%", "59,8%"],
        semua_angka=True,
        bukan=["kelurahan"],
        relasi={"Kota Cilegon": "lebih buruk"},
    )


# -------------------------------------------------------------------------------------- tier
_ABSENT = object()


def _tier(tingkat, sebelumnya=_ABSENT, indices=(3.2, 3.0, 2.75)):
    kkb = {"tingkat": tingkat, "index_input": indices[0], "index_proses": indices[1]}
    kkb["index_output"] = indices[2]
    if sebelumnya is not _ABSENT:
        kkb["tingkat_sebelumnya"] = sebelumnya
    return wide(kkb, kota={})


#: The three indices, two decimals each, next to their names.
IDX = {"indeks input": "3,20", "indeks proses": "3,00", "indeks output": "2,75"}
#: The change words: the branch of the tier-change rule (fixed terms).
ARAH = ("naik", "turun", "tetap")


@pytest.mark.parametrize(
    ("tingkat", "sebelumnya", "arah"),
    [("Mandiri", "Berkembang", "naik"), ("Dasar", "Mandiri", "turun"), ("Dasar", "Dasar", "tetap")],
)
def test_kalimat_tingkat_transitions(narasi, tingkat, sebelumnya, arah):
    kalimat = narasi.kalimat_tingkat(_tier(tingkat, sebelumnya), KKB)
    cek_kalimat(
        kalimat,
        angka=IDX.values(),
        semua_angka=True,
        kata=["Kampung KB Cikerai", tingkat, sebelumnya, arah],
        bukan=[a for a in ARAH if a != arah],
        dekat=IDX,
    )
    if arah != "tetap":  # from the old tier to the new one: the old is named first
        assert normal(kalimat).rindex(sebelumnya) < normal(kalimat).rindex(tingkat)


def _tingkat_tanpa_perubahan(narasi) -> dict[str, str]:
    """The sentences of the four branches where no change can be told."""
    return {
        "baru": narasi.kalimat_tingkat(_tier("Dasar", "belum_kkb"), KKB),
        "lalu_kosong": narasi.kalimat_tingkat(_tier("Dasar", NA), KKB),
        "belum_diolah": narasi.kalimat_tingkat(_tier("Mandiri"), KKB),
        "tidak_cukup": narasi.kalimat_tingkat(
            _tier("data tidak cukup", "Dasar", indices=(3.2, NA, 2.75)), KKB
        ),
    }


def test_kalimat_tingkat_new_kkb_and_unknown_last_year(narasi):
    k = _tingkat_tanpa_perubahan(narasi)
    # a KKB new this year: the code belum_kkb of the data, in words (format.BELUM_KKB_TEKS)
    cek_kalimat(
        k["baru"],
        angka=IDX.values(),
        semua_angka=True,
        kata=["Dasar", "belum menjadi KKB", "KKB baru"],
        bukan=ARAH,
    )
    # the column exists but holds nothing: not "new", just unknown
    cek_kalimat(
        k["lalu_kosong"],
        angka=IDX.values(),
        semua_angka=True,
        kata=["Dasar"],
        bukan=[*ARAH, "KKB baru", "belum menjadi KKB"],
    )


def test_kalimat_tingkat_not_assessable(narasi):
    k = _tingkat_tanpa_perubahan(narasi)
    cek_kalimat(
        k["belum_diolah"],
        angka=IDX.values(),
        semua_angka=True,
        kata=["Mandiri"],
        bukan=[*ARAH, "KKB baru"],
    )
    cek_kalimat(
        k["tidak_cukup"],
        angka=["3,20", "2,75"],  # the missing index is "data tidak cukup", not a number
        semua_angka=True,
        kata=["data tidak cukup"],
        bukan=[*ARAH, "Dasar", "KKB baru"],
        dekat={"indeks input": "3,20", "indeks output": "2,75"},
    )
    # the missing index is said missing where it is named
    pilihan = ["data tidak cukup", "3,20", "2,75"]
    assert terdekat(k["tidak_cukup"], "indeks proses", pilihan) == "data tidak cukup"
    # each branch says something of its own: the reasons differ
    assert len(set(k.values())) == len(k)
    with pytest.raises(ValueError):
        narasi.kalimat_tingkat(_tier("Maju", "Dasar"), KKB)


# ------------------------------------------------------------------------------- main issues
KOTA = {
    "cpr_pct": 60.0,
    "mkjp_pct": 25.0,
    "unmet_need_pct": 10.0,
    "krs_pct": 40.0,
    "stunting_pct": 10.0,
    "n_stunting": 1000,
    "n_balita_diukur": 10000,
    "stunting_agustus_pct": 10.0,
    "kurang_mampu_pct": 30.0,
    "aps_sma_pct": 70.0,
    "konvergensi_pct": 100.0,
}


def test_isu_utama_top3_with_tie_and_rule():
    kkb = {
        "cpr_pct": 66.0,  # better → never an issue
        "mkjp_pct": 20.0,  # (25-20)/25 = 0.20
        "unmet_need_pct": 12.0,  # (12-10)/10 = 0.20 — tie with MKJP, MKJP first in registry
        "krs_pct": 50.0,  # (50-40)/40 = 0.25
        "stunting_pct": 13.0,  # 0.30; 130/1000 vs 1000/10000: interval about 0.8 to 5.2 pp
        "n_stunting": 130,
        "n_balita_diukur": 1000,
        "stunting_agustus_pct": 15.0,  # 0.50 but not a headline indicator (issue 11)
        "kurang_mampu_pct": 30.04,  # prints equal to the city → no issue
        "aps_sma_pct": NA,  # missing → skipped
        "konvergensi_pct": 12.5,  # not a candidate
    }
    w = wide(kkb, kel={k: v for k, v in KOTA.items()}, kota=KOTA)
    isu = isu_utama(w, KKB, n=4)
    assert [i["indikator"] for i in isu] == [
        "stunting_pct",
        "krs_pct",
        "mkjp_pct",
        "unmet_need_pct",
    ]
    assert [i["selisih_relatif"] for i in isu] == pytest.approx([0.3, 0.25, 0.2, 0.2])
    top = isu_utama(w, KKB)
    assert [i["indikator"] for i in top] == ["stunting_pct", "krs_pct", "mkjp_pct"]
    assert top[2] == {
        "indikator": "mkjp_pct",
        "label": "MKJP",
        "sumber": "PK",
        "arah": LEBIH_TINGGI,
        "nilai_kkb": 20.0,
        "nilai_kota": 25.0,
        "selisih_relatif": pytest.approx(0.2),
        "kalimat": top[2]["kalimat"],  # checked below, wording left free
    }
    cek_kalimat(
        top[2]["kalimat"],
        angka=["20,0%", "25,0%", "25,0%"],
        semua_angka=True,
        kata=["MKJP (PK)"],
        relasi={"kelurahan Cikerai": "lebih buruk", "Kota Cilegon": "lebih buruk"},
    )
    assert isu_utama(w, KKB, n=0) == []
    # the order does not depend on the row order of the table
    assert isu_utama(w.iloc[::-1].reset_index(drop=True), KKB) == top


def test_isu_utama_zero_city_value_and_no_city():
    w = wide(
        {"unmet_need_pct": 1.0, "krs_pct": 80.0}, kota={"unmet_need_pct": 0.0, "krs_pct": 40.0}
    )
    assert [i["indikator"] for i in isu_utama(w, KKB)] == ["unmet_need_pct", "krs_pct"]
    assert math.isinf(isu_utama(w, KKB)[0]["selisih_relatif"])
    assert isu_utama(wide({"krs_pct": 80.0}, kel={"krs_pct": 1.0}), KKB) == []
    with pytest.raises(ValueError):
        isu_utama(w, KKB, n=-1)


def _rumah(kode: str) -> tuple[list[str], str, str]:
    """Owners (short names, opd.yaml), programme area name (kode.yaml) and action text
    (aksi.yaml) of an action, read from the reference files themselves."""
    from kkb_analysis.config import load_reference

    aksi = load_reference("aksi")["aksi"][kode]
    opd = load_reference("opd")["opd"]
    program = load_reference("kode")["inpres_program"]["kode"]
    pihak = [opd[k]["singkat"] for k in (aksi["opd"], *(aksi.get("opd_pendukung") or ()))]
    area = program[aksi["area_inpres"]] if aksi.get("area_inpres") else ""
    return pihak, area, str(aksi["teks"])


def _cek_rekomendasi(teks: str, kode: str) -> None:
    """A recommendation names its owners, its programme area by name (never "area c") and the
    action text of aksi.yaml (no setting quoted in those checked here)."""
    pihak, area, aksi = _rumah(kode)
    assert normal(teks).startswith(pihak[0])  # the owner first
    cek_kalimat(teks, kata=[*pihak, area, aksi] if area else [*pihak, aksi], bukan=["area c"])


def test_rekomendasi_maps_and_dedups():
    teks = rekomendasi(["unmet_need_pct", "mkjp_pct", "krs_pct", "stunting_pct"])
    assert len(teks) == 3  # KRS and stunting share one recommendation
    for t, kode in zip(teks, ["unmet_need", "mkjp", "stunting"], strict=True):
        _cek_rekomendasi(t, kode)
    _cek_rekomendasi(rekomendasi([{"indikator": "kurang_mampu_pct"}])[0], "kurang_mampu")
    assert rekomendasi(["air_minum_tidak_layak_pct", "jamban_tidak_layak_pct"]) == [
        REKOMENDASI["air_minum_tidak_layak_pct"]
    ]
    _cek_rekomendasi(REKOMENDASI["jamban_tidak_layak_pct"], "air_sanitasi")
    # the school action quotes a setting: the age range of the settings in force
    cek_kalimat(rekomendasi(["aps_sma_pct"])[0], angka=["16", "18"], kata=["Dinas Pendidikan"])
    assert rekomendasi([]) == []
    with pytest.raises(KeyError):
        rekomendasi(["n_penduduk"])


# -------------------------------------------------------------------------------- properties
_KANDIDAT = [i.kolom for i in REGISTRI if i.isu and "kota" in i.pembanding]
_nilai = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries({k: _nilai for k in _KANDIDAT}),
    st.fixed_dictionaries({k: _nilai for k in _KANDIDAT}),
    st.integers(0, 6),
)
def test_isu_utama_never_reports_a_better_kkb(kkb, kota, n):
    to_na = lambda d: {k: (NA if v is None else v) for k, v in d.items()}  # noqa: E731
    w = wide(to_na(kkb), kota=to_na(kota))
    isu = isu_utama(w, KKB, n=n)
    assert len(isu) <= n
    for item in isu:
        k, c = kkb[item["indikator"]], kota[item["indikator"]]
        assert k is not None and c is not None
        if INDIKATOR[item["indikator"]].arah == LEBIH_TINGGI:
            assert k < c
        else:
            assert k > c
        cek_kalimat(item["kalimat"], relasi={"Kota Cilegon": "lebih buruk"})
    gaps = [i["selisih_relatif"] for i in isu]
    assert gaps == sorted(gaps, reverse=True)
    assert len({i["indikator"] for i in isu}) == len(isu)
    assert isu_utama(w, KKB, n=n) == isu  # deterministic


# ------------------------------------------------------------------ value-level sentence rules
def test_kalimat_proporsi(narasi):
    cek_kalimat(
        narasi.kalimat_proporsi("KRS (PK 2023) di X", 1234, 2345, 52.62, "keluarga sasaran"),
        angka=["2023", "1.234", "2.345", "52,6%"],
        semua_angka=True,
        kata=["KRS (PK 2023) di X", "keluarga sasaran"],
        dekat={"keluarga sasaran": "2.345"},
    )
    for kosong in (
        narasi.kalimat_proporsi("KRS di X", 0, 0, NA, "keluarga"),  # zero denominator
        narasi.kalimat_proporsi("KRS di X", 3, NA, 10.0, "keluarga"),  # missing denominator
    ):
        cek_kalimat(kosong, semua_angka=True, kata=["KRS di X", "data tidak cukup"])


def test_kalimat_ibangga(narasi):
    kalimat = narasi.kalimat_ibangga(
        "Indeks iBangga di X", 60.745, "Berkembang", 6.15, 68.52, 25.33
    )
    cek_kalimat(
        kalimat,
        angka=["60,75", "6,2%", "68,5%", "25,3%"],  # index: 2 decimals; shares: 1 decimal
        semua_angka=True,
        kata=["Indeks iBangga di X", "Rentan", "Tangguh"],
        dekat={"Rentan": "6,2%", "Tangguh": "25,3%", "Indeks iBangga di X": "60,75"},
    )
    # the category and the middle class share the word "Berkembang": both are said
    assert normal(kalimat).count("Berkembang") == 2
    cek_kalimat(
        narasi.kalimat_ibangga("Indeks iBangga di X", NA, NA, NA, NA, NA),
        semua_angka=True,
        kata=["Indeks iBangga di X", "data tidak cukup"],
        bukan=["Rentan", "Tangguh"],
    )


def test_kalimat_stunting(narasi):
    cek_kalimat(
        narasi.kalimat_stunting("Stunting di X", 7.84, 575, "rendah"),
        angka=["7,8%", "575"],
        semua_angka=True,
        kata=["Stunting di X", "balita", "rendah", "WHO–UNICEF"],  # the category and its source
        dekat={"balita": "575"},
    )
    cek_kalimat(
        narasi.kalimat_stunting("Stunting di X", float("nan"), 0, "data tidak cukup"),
        angka=["0"],  # how many were measured is still said
        semua_angka=True,
        kata=["data tidak cukup", "balita"],
        bukan=["WHO–UNICEF", "NaN"],
    )


def test_kalimat_proksi_penghasilan_says_proxy(narasi):
    kalimat = narasi.kalimat_proksi_penghasilan(
        "Keluarga tidak berpenghasilan tetap di X", 51.44, 27.09
    )
    cek_kalimat(
        kalimat,
        angka=["51,4%", "27,1%"],
        semua_angka=True,
        # "P.04": the PK question the proxy is made of (a code, not a number)
        kata=["proksi, bukan definisi resmi", "P.04", "tidak dapat digolongkan"],
        dekat={"tidak dapat digolongkan": "27,1%"},
    )
    cek_kalimat(
        narasi.kalimat_proksi_penghasilan("S", NA, NA),
        kata=["proksi, bukan definisi resmi", "data tidak cukup"],
        bukan=["tidak dapat digolongkan"],
    )


def test_kalimat_umkm(narasi):
    cek_kalimat(
        narasi.kalimat_umkm("KKB X", 3, "Data UMKM KKB 2023"),
        angka=["3", "2023"],
        semua_angka=True,
        kata=["KKB X", "UMKM unggulan", "Data UMKM KKB 2023"],
        bukan=["Belum ada", "data tidak cukup"],
    )
    nol = narasi.kalimat_umkm("KKB X", 0, "Data UMKM KKB 2023")
    cek_kalimat(nol, angka=["2023"], semua_angka=True, kata=["KKB X", "Belum ada UMKM unggulan"])
    kosong = narasi.kalimat_umkm("KKB X", NA, "Data UMKM KKB 2023")
    cek_kalimat(kosong, kata=["KKB X", "data tidak cukup"], bukan=["Belum ada"])


@pytest.mark.parametrize(
    ("nilai", "lalu", "kolom", "hasil"),
    [
        (48.3, 47.6, "krs_pct", "setara (selisih +0,7 poin persen)"),  # below 1 point
        (7.84, 7.92, "stunting_pct", "setara (selisih −0,1 poin persen)"),  # no counts: no interval
        (3.67, 2.33, "index_proses", "membaik (selisih +1,34)"),  # threshold 0.1
        (3.4, 3.4, "index_input", "setara (selisih 0,00)"),
        (62.0, 60.0, "cpr_pct", "membaik (selisih +2,0 poin persen)"),
        (60.3, 60.0, "cpr_pct", "setara (selisih +0,3 poin persen)"),
        (12.0, 10.0, "unmet_need_pct", "memburuk (selisih +2,0 poin persen)"),
        (60.0, NA, "indeks_ibangga", "data tidak cukup"),
    ],
)
def test_kalimat_perubahan_nilai(nilai, lalu, kolom, hasil):
    assert kalimat_perubahan_nilai(nilai, lalu, kolom) == hasil


def test_kalimat_perubahan_nilai_prints_the_stored_code_and_interval():
    # out_perubahan of 6/98 → 10/98: code setara, interval −3.9 to 12.3 points (Newcombe)
    assert (
        kalimat_perubahan_nilai(
            100 * 10 / 98, 100 * 6 / 98, "stunting_pct", "setara", -3.9, 12.3, False
        )
        == "setara (selisih +4,1 poin persen; rentang −3,9 s.d. 12,3)"
    )
    assert (
        kalimat_perubahan_nilai(8.0, 12.0, "stunting_pct", "lebih_baik", -7.5, -0.6, True)
        == "membaik (selisih −4,0 poin persen; rentang −7,5 s.d. −0,6; n kecil)"
    )
    assert kalimat_perubahan_nilai(8.0, 12.0, "stunting_pct", "tidak_cukup") == ("data tidak cukup")


def test_daftar_rw_and_koordinat():
    assert daftar_rw(NA) == "seluruh kelurahan"
    assert daftar_rw("003") == "RW 003"
    assert daftar_rw("003;004;005") == "RW 003, 004 dan 005"
    assert format_koordinat(-6.000403, 106.045996) == "6,00040° LS, 106,04600° BT"
    assert format_koordinat(NA, 106.0) == "data tidak cukup"


@pytest.mark.parametrize(
    ("baris", "kalimat"),
    [
        # share domain: 50 of 100 = 50,0 %, threshold 0.90 → 90,0 %
        (
            ("anak_usia_sekolah", 100, 50, 90.0),
            "50 dari 100 anak usia sekolah (50,0%) dengan status sekolah terisi; ambang 90,0%",
        ),
        # 1.234 members of 1.300: 94,92... % → one decimal with a comma
        (
            ("kependudukan", 1300, 1234, 90.0),
            "1.234 dari 1.300 anggota keluarga (94,9%) dengan jenis kelamin dan umur valid; "
            "ambang 90,0%",
        ),
        (("keluarga_tidak_berpenghasilan_tetap", 0, 0, 90.0), "tidak ada keluarga tercatat"),
        # count domains
        (("balita", pd.NA, 12, pd.NA), "12 balita tercatat"),
        (("remaja", pd.NA, 0, pd.NA), "tidak ada remaja tercatat"),
        (("umkm_unggulan", 2, 0, pd.NA), "0 UMKM unggulan; 2 UMKM tercatat bukan unggulan"),
        (("stunting", 0, 0, None), "tidak ada anak dengan z-skor TB/U valid"),
        (("dtks", 5, 3, pd.NA), "3 data DTKS/DTSEN tertaut dengan status diketahui"),
        (("domain_tak_dikenal", 1, 1, pd.NA), "-"),
    ],
)
def test_keterangan_kelengkapan(baris, kalimat):
    from kkb_analysis.laporan.narasi import keterangan_kelengkapan

    assert keterangan_kelengkapan(*baris) == kalimat


# ------------------------------------------------------------- classification score explanations
#: A KKB's out_wilayah fields behind the 12 scores, written by hand (the §2.9 worked example:
#: PUS 1.000, 552 users, 122 MKJP users, 82 IAT + TIAL; poktan 30, 15, 20, 1, 5 %).
BARIS_SKOR = {
    "ada_profil": True,
    "ada_kkbpk": True,
    "pokja_ada": True,
    "pokja_jumlah": 15,
    "pokja_pelatihan": False,
    "n_sumber_dana": 3,
    "dana_apbn": True,
    "dana_apbd": True,
    "dana_desa": False,
    "dana_hibah": False,
    "dana_csr": pd.NA,
    "dana_swadaya": True,
    "n_sarana": 0,
    "sekretariat": False,
    "rumah_dataku": False,
    "n_lintas_sektor": 4,
    "pus": 1000,
    "pengguna_kb": 552,
    "pengguna_mkjp": 122,
    "iat_tial": 82,
    "partisipasi_bkb_pct": 30,
    "partisipasi_bkr_pct": 15,
    "partisipasi_bkl_pct": 20,
    "partisipasi_uppka_pct": 1,
    "partisipasi_pikr_pct": 5,
    "output_poktan_nilai": 14,
    "output_cpr_nilai": 55,
    "output_mkjp_nilai": 22,
    "output_unmet_nilai": 8,
}


@pytest.mark.parametrize(
    ("ubah", "indikator", "kalimat"),
    [
        ({}, "input_pokja", "Pokja ada, 15 anggota, belum dilatih"),
        ({"pokja_pelatihan": True}, "input_pokja", "Pokja ada, 15 anggota, sudah dilatih"),
        ({"pokja_ada": False}, "input_pokja", "Pokja belum ada"),
        ({}, "input_sumber_dana", "3 dari 6: APBN, APBD, Swadaya"),
        ({}, "input_sarana", "0 dari 2"),
        ({"ada_profil": False}, "input_sarana", "data tidak cukup: tidak ada profil KKB tahun ini"),
        (
            {"ada_profil": False},
            "proses_operasional",
            "data tidak cukup: tidak ada profil KKB tahun ini",
        ),
        (
            {},
            "proses_lintas_sektor",
            "4 instansi non-KB berbeda (instansi KB tidak dihitung)",
        ),
        (
            {"n_lintas_sektor": pd.NA},
            "proses_lintas_sektor",
            "data tidak cukup: data intervensi tidak tersedia",
        ),
        # (30 + 15 + 20 + 1 + 5) / 5 = 14,2 → 14
        (
            {},
            "output_poktan",
            "BKB 30 %, BKR 15 %, BKL 20 %, UPPKA 1 %, PIK-R 5 % → rata-rata 14,2 → 14 %",
        ),
        # (30 + 10 + 0 + 0 + 0) / 5 = 8: no ",0"
        (
            {
                "partisipasi_bkr_pct": 10,
                "partisipasi_bkl_pct": 0,
                "partisipasi_uppka_pct": 0,
                "partisipasi_pikr_pct": 0,
                "output_poktan_nilai": 8,
            },
            "output_poktan",
            "BKB 30 %, BKR 10 %, BKL 0 %, UPPKA 0 %, PIK-R 0 % → rata-rata 8 → 8 %",
        ),
        (
            {"partisipasi_bkl_pct": None},
            "output_poktan",
            "data tidak cukup: penyebut PK wilayah KKB (keluarga, remaja, …) tidak tersedia",
        ),
        ({}, "output_cpr", "552 / 1.000 = 55,2 % → 55 %"),
        ({}, "output_mkjp", "122 / 552 = 22,1 % → 22 %"),  # 22,10…
        ({}, "output_unmet", "82 / 1.000 = 8,2 % → 8 %"),
        (
            {"pus": 1000, "pengguna_kb": 500, "output_cpr_nilai": 50},
            "output_cpr",
            "500 / 1.000 = 50 % → 50 %",
        ),
        ({"pus": 0}, "output_unmet", "data tidak cukup: PUS = 0"),
        ({"pus": 0}, "output_cpr", "data tidak cukup: PUS = 0"),
        (
            {"pengguna_kb": 0, "output_mkjp_nilai": 0},
            "output_mkjp",
            "belum ada pengguna KB → MKJP 0 % (seperti portal)",
        ),
        (
            {"ada_kkbpk": False},
            "output_poktan",
            "data tidak cukup: tidak ada laporan KKBPK tahun ini",
        ),
        ({"ada_kkbpk": False}, "output_cpr", "data tidak cukup: tidak ada laporan KKBPK tahun ini"),
    ],
)
def test_keterangan_skor(ubah, indikator, kalimat):
    from kkb_analysis.laporan.narasi import keterangan_skor

    baris = {**BARIS_SKOR, **ubah}
    assert keterangan_skor(baris, indikator) == kalimat
    # the same from a row as read from Parquet (nullable dtypes, NA for absent values)
    seri = pd.Series(baris, dtype=object).astype(object)
    assert keterangan_skor(seri, indikator) == kalimat


def test_keterangan_skor_from_score_kkb():
    """The explanation reads the fields the indicator layer stores (no text in the scores)."""
    from kkb_analysis.indikator import klasifikasi as kl
    from kkb_analysis.laporan.narasi import keterangan_skor

    kkbpk = {"bulan": 12, "kb_suntik": 30, "kb_iud": 10, "tidak_kb_iat": 5, "tidak_kb_hamil": 5}
    r = kl.score_kkb(None, kkbpk, None, 0)
    # PUS = 40 users + 10 non-users = 50; IUD is MKJP: 10 / 40 = 25 %
    assert keterangan_skor(r, "output_cpr") == "40 / 50 = 80 % → 80 %"
    assert keterangan_skor(r, "output_mkjp") == "10 / 40 = 25 % → 25 %"
    assert keterangan_skor(r, "output_unmet") == "5 / 50 = 10 % → 10 %"
    assert keterangan_skor(r, "input_pokja").endswith("tidak ada profil KKB tahun ini")
    assert keterangan_skor(r, "output_poktan").startswith("data tidak cukup: penyebut PK")
    assert keterangan_skor(r, "proses_lintas_sektor").startswith("0 instansi non-KB")
    with pytest.raises(KeyError):
        keterangan_skor(r, "output_tak_dikenal")


# ------------------------------------------------------------- plan to the next tier (§2.8)
def _langkah(indikator: str, lama: int, baru: int, **fakta) -> dict:
    return {
        "jenis": "langkah",
        "keadaan": "naik_skor",
        "indikator": indikator,
        "skor_sekarang": lama,
        "skor_baru": baru,
        **fakta,
    }


@pytest.mark.parametrize(
    ("baris", "kalimat"),
    [
        (
            _langkah(
                "input_sarana", 2, 3, nilai_sekarang=1, nilai_perlu=2, butir_kurang="rumah_dataku"
            ),
            "Bentuk Rumah DataKu → skor Sarana (sekretariat, Rumah DataKu) 2 → 3",
        ),
        (  # need 1 of 2 missing: the options, with the count now and the bound
            _langkah(
                "input_sumber_dana",
                2,
                3,
                nilai_sekarang=1,
                nilai_perlu=2,
                butir_kurang="dana_apbn, dana_desa",
            ),
            "Tambah 1 sumber dana lagi dari APBN, Dana Desa (kini 1, perlu ≥ 2) → skor Sumber "
            "dana 2 → 3",
        ),
        (  # two steps at once: every missing item
            _langkah(
                "input_sarana",
                1,
                3,
                nilai_sekarang=0,
                nilai_perlu=2,
                butir_kurang="sekretariat, rumah_dataku",
            ),
            "Bentuk Sekretariat KKB dan bentuk Rumah DataKu → skor Sarana (sekretariat, Rumah "
            "DataKu) 1 → 3",
        ),
        (  # score 3 needs members OR training (either is enough); no developer names
            _langkah("input_pokja", 2, 3, butir_kurang="pokja_jumlah, pokja_pelatihan"),
            "Catat anggota Pokja (jumlah anggota > 0) atau latih Pokja → skor Pokja KKB 2 → 3",
        ),
        (
            _langkah("input_pokja", 1, 4, butir_kurang="pokja_ada, pokja_pelatihan"),
            "Bentuk Pokja KKB dan latih Pokja → skor Pokja KKB 1 → 4",
        ),
        (
            _langkah("proses_lintas_sektor", 2, 3, nilai_sekarang=2, nilai_perlu=4),
            "Libatkan 2 instansi non-KB lagi dalam intervensi (kini 2, perlu ≥ 4) → skor "
            "Keterlibatan lintas sektor 2 → 3",
        ),
        (  # 1.200 PUS: thousands separator in the example
            _langkah(
                "output_cpr",
                2,
                3,
                nilai_sekarang=38,
                nilai_perlu=41,
                contoh_sekarang=456,
                contoh_perlu=492,
                contoh_penyebut=1200,
            ),
            "CPR (KKBPK) 38 % → ≥ 41 % → skor CPR (7 metode, definisi portal) 2 → 3 "
            "(mis. pengguna KB 456 → 492 dari 1.200 PUS)",
        ),
        (  # no example when the denominator is unknown
            _langkah("output_cpr", 2, 3, nilai_sekarang=38, nilai_perlu=41, contoh_sekarang=NA),
            "CPR (KKBPK) 38 % → ≥ 41 % → skor CPR (7 metode, definisi portal) 2 → 3",
        ),
        (
            _langkah(
                "output_unmet",
                3,
                4,
                nilai_sekarang=8,
                nilai_perlu=6,
                contoh_sekarang=82,
                contoh_perlu=65,
                contoh_penyebut=1000,
            ),
            "Unmet need (KKBPK) 8 % → ≤ 6 % → skor Unmet need 3 → 4 (mis. IAT + TIAL 82 → 65 dari "
            "1.000 PUS)",
        ),
        (
            _langkah(
                "output_mkjp",
                1,
                2,
                nilai_sekarang=0,
                nilai_perlu=20,
                contoh_sekarang=0,
                contoh_penyebut=0,
            ),
            "MKJP (KKBPK) 0 % → ≥ 20 % → skor Proporsi MKJP 1 → 2 (belum ada pengguna KB)",
        ),
        (
            _langkah("output_poktan", 2, 3, nilai_sekarang=15, nilai_perlu=21),
            "Partisipasi poktan (KKBPK) 15 % → ≥ 21 % → skor Partisipasi poktan 2 → 3",
        ),
        (
            {"jenis": "rencana_langkah", "keadaan": "tidak_tercapai", "kelompok": "PROSES"},
            "Indeks proses tidak dapat mencapai 3,00",
        ),
    ],
)
def test_kalimat_langkah(baris, kalimat):
    from kkb_analysis.laporan.narasi import kalimat_langkah

    assert kalimat_langkah(baris) == kalimat
    assert kalimat_langkah(pd.Series(baris, dtype=object)) == kalimat


def test_kalimat_kekurangan():
    from kkb_analysis.laporan.narasi import kalimat_kekurangan

    baris = {"keadaan": "di_bawah_ambang", "kelompok": "INPUT", "jumlah_skor": 14}
    baris |= {"jumlah_perlu": 15, "kekurangan_poin": 1}
    # 14 / 5 indicators = 2,80
    assert kalimat_kekurangan(baris) == "Indeks input 2,80 (Σ 14) → 3,00 (Σ 15): kurang 1 poin"
    kosong = {"keadaan": "data_tidak_cukup", "kelompok": "OUTPUT", "jumlah_skor": NA}
    assert kalimat_kekurangan(kosong) == "Indeks output data tidak cukup: lengkapi datanya dulu"


def test_kalimat_rencana_reads_its_own_steps():
    from kkb_analysis.laporan.narasi import kalimat_rencana

    rt = pd.DataFrame(
        [
            {"kkb_id": "A", "jenis": "rencana", "keadaan": "naik_tingkat", "rencana_ke": 1},
            {
                **_langkah("input_sarana", 2, 3, nilai_sekarang=1, nilai_perlu=2),
                "butir_kurang": "rumah_dataku",
                "jenis": "rencana_langkah",
                "rencana_ke": 1,
                "kkb_id": "A",
            },
            {
                **_langkah("output_poktan", 2, 3, nilai_sekarang=15, nilai_perlu=21),
                "jenis": "rencana_langkah",
                "rencana_ke": 1,
                "kkb_id": "A",
            },
            {  # another plan, another KKB: not part of plan 1 of A
                **_langkah("output_poktan", 1, 2, nilai_sekarang=5, nilai_perlu=10),
                "jenis": "rencana_langkah",
                "rencana_ke": 2,
                "kkb_id": "A",
            },
            {
                **_langkah("output_poktan", 1, 2, nilai_sekarang=5, nilai_perlu=10),
                "jenis": "rencana_langkah",
                "rencana_ke": 1,
                "kkb_id": "B",
            },
        ]
    )
    assert kalimat_rencana(rt, rt.iloc[0]) == (
        "Bentuk Rumah DataKu → skor Sarana (sekretariat, Rumah DataKu) 2 → 3; "
        "Partisipasi poktan (KKBPK) 15 % → ≥ 21 % → skor Partisipasi poktan 2 → 3"
    )
    atas = {"jenis": "rencana", "keadaan": "sudah_tertinggi"}
    assert kalimat_rencana(rt, atas) == "Sudah Berkelanjutan: pertahankan semua skor"
    kurang = {"jenis": "rencana", "keadaan": "data_tidak_cukup", "kelompok": "INPUT+OUTPUT"}
    assert kalimat_rencana(rt, kurang) == (
        "rencana tidak dapat dihitung: indeks input, indeks output data tidak cukup"
    )


def test_plan_sentences_of_a_worked_example():
    """The indicator layer's facts, worded: tests/test_klasifikasi.py worked example (§2.9)."""
    from kkb_analysis.indikator import klasifikasi as kl
    from kkb_analysis.laporan.narasi import kalimat_kekurangan, kalimat_langkah
    from tests.test_klasifikasi import DEN_29, KKBPK_29, LINTAS_29, PROFILE_29

    plan = kl.next_tier_plan(kl.score_kkb(PROFILE_29, KKBPK_29, DEN_29, LINTAS_29))
    lk = {r["indikator"]: r for _, r in plan[plan["jenis"].eq("langkah")].iterrows()}
    assert kalimat_langkah(lk["input_poktan"]) == (
        "Bentuk poktan UPPKA → skor Kelompok kegiatan (poktan) 3 → 4"
    )
    # MKJP 122 / 552 = 22,1 % → 22; 125 / 552 = 22,6 % → 23 (124 / 552 = 22,46 % → 22)
    assert kalimat_langkah(lk["output_mkjp"]) == (
        "MKJP (KKBPK) 22 % → ≥ 23 % → skor Proporsi MKJP 2 → 3 (mis. pengguna MKJP 122 → 125 "
        "dari 552 pengguna KB)"
    )
    kurang = {r["kelompok"]: r for _, r in plan[plan["jenis"].eq("kekurangan")].iterrows()}
    # INPUT: 3 + 3 + 3 + 2 + 3 = 14 of 15
    assert kalimat_kekurangan(kurang["INPUT"]) == (
        "Indeks input 2,80 (Σ 14) → 3,00 (Σ 15): kurang 1 poin"
    )
