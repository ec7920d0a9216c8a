"""Keluarga berisiko stunting (indicators.md §6)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kkb_analysis.config import load_settings
from kkb_analysis.indikator.krs import (
    REKAP_COLUMNS,
    count_krs,
    keluarga_krs,
    long_rekap_krs,
    rates_krs,
)
from kkb_analysis.wilayah import aggregate, build_areas

KEL_A = "36.72.05.1004"
KEL_B = "36.72.01.1004"
KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-A"],
        "nama_kkb": ["Kampung KB A"],
        "kode_kelurahan": [KEL_A],
        "status_aktif": [True],
    }
)
SETTINGS = load_settings()
AREAS = build_areas(KKB)


def families(rows: list[tuple]) -> pd.DataFrame:
    """rows: (id, kelurahan, kkb_id, sumber_air_minum_utama, fasilitas_bab)."""
    return pd.DataFrame(
        {
            "id_keluarga": pd.array([r[0] for r in rows], dtype="string"),
            "kode_kelurahan": pd.array([r[1] for r in rows], dtype="string"),
            "kkb_id": pd.array([r[2] for r in rows], dtype="string"),
            "tahun": pd.array([2023] * len(rows), dtype="Int64"),
            "sumber_air_minum_utama": pd.array([r[3] for r in rows], dtype="string"),
            "fasilitas_bab": pd.array([r[4] for r in rows], dtype="string"),
        }
    )


def members(rows: list[tuple]) -> pd.DataFrame:
    """rows: (id_keluarga, umur_bulan)."""
    return pd.DataFrame(
        {
            "id_keluarga": pd.array([r[0] for r in rows], dtype="string"),
            "umur_bulan": pd.array([r[1] for r in rows], dtype="Float64"),
            "umur_tahun": pd.array([int(r[1] // 12) for r in rows], dtype="Int64"),
        }
    )


def kb_rows(rows: list[tuple]) -> pd.DataFrame:
    """rows: (id_keluarga, is_pus, hamil, umur_istri, anak_terakhir_bln, masih_hidup, lahir)."""
    return pd.DataFrame(
        {
            "id_keluarga": pd.array([r[0] for r in rows], dtype="string"),
            "is_pus": pd.array([r[1] for r in rows], dtype="boolean"),
            "sedang_hamil": pd.array([r[2] for r in rows], dtype="boolean"),
            "umur_istri": pd.array([r[3] for r in rows], dtype="Int64"),
            "umur_anak_terakhir_bulan": pd.array([r[4] for r in rows], dtype="Int64"),
            "jumlah_anak_masih_hidup": pd.array([r[5] for r in rows], dtype="Int64"),
            "jumlah_anak_lahir_hidup_l": pd.array([r[6] for r in rows], dtype="Int64"),
            "jumlah_anak_lahir_hidup_p": pd.array(
                [0 if r[6] is not None else None for r in rows], dtype="Int64"
            ),
        }
    )


def dtks(rows: list[tuple]) -> pd.DataFrame:
    """rows: (id_keluarga_pk, sumber, desil, status_dtks)."""
    return pd.DataFrame(
        {
            "id_keluarga_pk": pd.array([r[0] for r in rows], dtype="string"),
            "sumber": pd.array([r[1] for r in rows], dtype="string"),
            "periode": pd.array(["2023-06"] * len(rows), dtype="string"),
            "desil": pd.array([r[2] for r in rows], dtype="Int64"),
            "status_dtks": pd.array([r[3] for r in rows], dtype="boolean"),
        }
    )


FAM = families(
    [
        ("K1", KEL_A, "KKB-A", "1", "1"),
        ("K2", KEL_A, "KKB-A", "5", "1"),  # water code 5: tidak layak
        ("K3", KEL_A, None, "2", "3"),  # jamban bersama: layak by default
        ("K4", KEL_A, None, "1", "1"),
        ("K5", KEL_B, None, "8", "4"),  # bad water and latrine, but not sasaran
        ("K6", KEL_B, None, "1", "1"),
        ("K7", KEL_B, None, None, "1"),  # water unknown
        ("K8", KEL_B, None, "1", "1"),
        ("K9", KEL_B, None, "1", "1"),
    ]
)
ANG = members(
    [
        ("K1", 300.0),
        ("K3", 10.0),  # baduta
        ("K4", 30.0),  # balita 24-59
        ("K5", 800.0),
        ("K6", 500.0),
        ("K7", 70.0),  # 70 months: neither
    ]
)
KB = kb_rows(
    [
        ("K1", True, True, 19, None, 0, 0),  # muda, hamil; no child → spacing not missing
        ("K2", True, False, 36, 30, 2, 2),  # tua
        ("K4", True, False, 28, 30, 4, 4),  # banyak
        ("K5", False, True, 14, 5, 1, 1),  # not PUS: ignored although young and pregnant
        ("K6", True, False, 41, 23, 2, 2),  # 41 not tua; dekat (23 < 24)
        ("K7", True, False, 40, 24, 3, 3),  # tua (40 included); 24 not dekat; 3 not banyak
        ("K8", True, False, 20, None, 1, 1),  # 20 not muda; spacing missing with a child
        ("K9", True, False, 25, None, 0, 0),  # no child: spacing not applicable
    ]
)
DTKS = dtks(
    [
        ("K1", "DTKS", 1, True),
        ("K2", "DTSEN", 7, None),
        ("K6", "P3KE", 4, None),
        ("K7", "DTKS", None, True),
        ("K8", "DTKS", 2, True),
    ]
)
TABLES = {"pk_keluarga": FAM, "pk_anggota": ANG, "pk_kb": KB, "dtks": DTKS}


def test_family_rules():
    f = keluarga_krs(TABLES, SETTINGS).set_index("id_keluarga")
    assert list(f["sasaran"]) == [True, True, True, True, False, True, True, True, True]
    assert list(f["krs"]) == [True, True, False, True, False, True, True, False, False]
    assert f.loc["K1", "pus_hamil"] and not f.loc["K5", "pus_hamil"]
    assert not f.loc["K5", "air_minum_tidak_layak"]  # factors only for keluarga sasaran
    assert list(f["faktor_tidak_lengkap"]) == [False] * 6 + [True, True, False]


def test_recap_city_and_kkb():
    counts = count_krs(TABLES, SETTINGS)
    agg = aggregate(counts, AREAS)
    rekap = long_rekap_krs(agg, tahun=2023)
    assert list(rekap.columns) == REKAP_COLUMNS and len(REKAP_COLUMNS) == 21
    kota = rekap.set_index("kode_wilayah").loc["kota:36.72"]
    expected = {
        "tahun": 2023,
        "jumlah_keluarga": 9,
        "jumlah_keluarga_sasaran": 8,  # all but K5
        "total_krs": 5,  # K1 muda, K2 tua + air, K4 banyak, K6 dekat, K7 tua
        "tidak_berisiko": 3,  # K3, K8, K9
        "kesejahteraan_1": 1,  # K1
        "kesejahteraan_2": 0,  # K8 has desil 2 but is not KRS
        "kesejahteraan_3": 0,
        "kesejahteraan_4": 1,  # K6
        "kesejahteraan_lebih_4": 3,  # K2 desil 7, K4 no record, K7 record without desil
        "baduta": 1,
        "balita": 1,
        "pus": 7,
        "pus_hamil": 1,
        "air_minum_tidak_layak": 1,  # K2 (K5 not sasaran, K7 unknown)
        "jamban_tidak_layak": 0,  # K3 shared latrine is layak
        "terlalu_muda": 1,
        "terlalu_tua": 2,  # K2 36, K7 40
        "terlalu_dekat": 1,  # K6
        "terlalu_banyak": 1,  # K4
    }
    assert {k: kota[k] for k in expected} == expected
    kkb = rekap.set_index("kode_wilayah").loc["kkb:KKB-A"]  # K1, K2
    assert (kkb["jumlah_keluarga"], kkb["total_krs"], kkb["kesejahteraan_1"]) == (2, 2, 1)
    assert kkb["kesejahteraan_lebih_4"] == 1


def test_rates():
    rates = rates_krs(aggregate(count_krs(TABLES, SETTINGS), AREAS)).set_index("wilayah_id")
    kota = rates.loc["kota:36.72"]
    assert kota["keluarga_sasaran_pct"] == pytest.approx(800 / 9)  # 8 / 9
    assert kota["krs_pct"] == 62.5  # 5 / 8
    assert kota["krs_keluarga_pct"] == pytest.approx(500 / 9)  # 5 / 9
    assert kota["terlalu_tua_pct"] == 25.0  # 2 / 8
    assert kota["sasaran_4t_pct"] == 62.5  # K1, K2, K4, K6, K7
    assert kota["faktor_tidak_lengkap_pct"] == 25.0  # K7, K8
    assert kota["n_tidak_berisiko_faktor_tidak_lengkap"] == 1  # K8
    assert kota["krs_kesejahteraan_lebih_4_pct"] == 60.0  # 3 / 5
    sisa = rates.loc["sisa:KKB-A"]  # K3, K4
    assert sisa["krs_pct"] == 50.0
    empty = rates.loc["kel:36.72.08.1001"]
    assert empty["n_keluarga"] == 0 and pd.isna(empty["krs_pct"])
    assert pd.isna(empty["keluarga_sasaran_pct"])
    only_k5 = rates_krs(
        aggregate(count_krs({"pk_keluarga": FAM.iloc[[4]], "pk_anggota": ANG}, SETTINGS), AREAS)
    ).set_index("wilayah_id")
    assert only_k5.loc["kota:36.72", "n_keluarga"] == 1
    assert pd.isna(only_k5.loc["kota:36.72", "krs_pct"])  # no keluarga sasaran


def test_settings():
    custom = load_settings()
    custom["krs"]["jamban_bersama_layak"] = False  # K3's shared latrine becomes a risk
    kota = aggregate(count_krs(TABLES, custom), AREAS).set_index("wilayah_id").loc["kota:36.72"]
    assert (kota["n_krs"], kota["n_tidak_berisiko"], kota["n_sasaran_jamban_tidak_layak"]) == (
        6,
        2,
        1,
    )
    assert kota["n_krs_kesejahteraan_lebih_4"] == 4
    custom = load_settings()
    custom["krs"]["faktor"] = ["air", "jamban"]  # environment only: K2
    kota = aggregate(count_krs(TABLES, custom), AREAS).set_index("wilayah_id").loc["kota:36.72"]
    assert kota["n_krs"] == 1 and kota["n_sasaran_terlalu_tua"] == 2  # recap keeps all factors
    assert kota["n_faktor_tidak_lengkap"] == 1  # K7's water; K8's spacing is not a factor now
    custom["krs"]["aturan"] = "minimal_dua"
    with pytest.raises(ValueError, match=r"krs\.aturan"):
        count_krs(TABLES, custom)
    custom = load_settings()
    custom["krs"]["faktor"] = ["air", "miskin"]
    with pytest.raises(ValueError, match="miskin"):
        count_krs(TABLES, custom)


def test_missing_files():
    counts = count_krs({}, SETTINGS)
    assert counts.empty and "n_krs" in counts.columns
    rekap = long_rekap_krs(aggregate(counts, AREAS))
    assert rekap["total_krs"].eq(0).all() and rekap["tahun"].isna().all()
    only_families = {"pk_keluarga": FAM}
    kota = aggregate(count_krs(only_families, SETTINGS), AREAS).set_index("wilayah_id")
    assert kota.loc["kota:36.72", "n_keluarga"] == 9
    assert kota.loc["kota:36.72", "n_keluarga_sasaran"] == 0
    # without pk_kb the sasaran would miss every PUS: all KRS rates are "data tidak cukup"
    no_kb = {"pk_keluarga": FAM, "pk_anggota": ANG, "dtks": DTKS}
    agg = aggregate(count_krs(no_kb, SETTINGS), AREAS)
    kota = rates_krs(agg).set_index("wilayah_id").loc["kota:36.72"]
    assert kota["n_keluarga_sasaran"] == 2  # K3 baduta, K4 balita: counts still shown
    for column in ("keluarga_sasaran_pct", "krs_pct", "krs_keluarga_pct", "terlalu_tua_pct"):
        assert pd.isna(kota[column]), column
    # without dtks every KRS is in kesejahteraan_lebih_4 (identity kept), shares <NA>
    no_dtks = {"pk_keluarga": FAM, "pk_anggota": ANG, "pk_kb": KB}
    agg = aggregate(count_krs(no_dtks, SETTINGS), AREAS)
    kota = rates_krs(agg).set_index("wilayah_id").loc["kota:36.72"]
    assert kota["n_krs_kesejahteraan_lebih_4"] == kota["n_krs"] == 5
    assert kota["krs_pct"] == 62.5 and pd.isna(kota["krs_kesejahteraan_lebih_4_pct"])


FAMILY = st.tuples(
    st.sampled_from([(KEL_A, "KKB-A"), (KEL_A, None), (KEL_B, None), ("36.72.05.1002", None)]),
    st.sampled_from(["1", "5", None]),
    st.sampled_from(["1", "2", "3", "4", None]),
    st.one_of(st.none(), st.floats(0, 120)),  # a child's age in months
    st.one_of(
        st.none(),
        st.tuples(
            st.booleans(),
            st.booleans(),
            st.integers(15, 49),
            st.one_of(st.none(), st.integers(0, 60)),
            st.one_of(st.none(), st.integers(0, 6)),
        ),
    ),
    st.one_of(st.none(), st.integers(1, 10)),
)


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FAMILY, min_size=1, max_size=12))
def test_recap_identities(rows):
    fam = families([(f"K{i}", r[0][0], r[0][1], r[1], r[2]) for i, r in enumerate(rows)])
    ang = members([(f"K{i}", r[3]) for i, r in enumerate(rows) if r[3] is not None])
    kb = kb_rows(
        [(f"K{i}", *r[4][:4], r[4][4], r[4][4]) for i, r in enumerate(rows) if r[4] is not None]
    )
    welfare = dtks([(f"K{i}", "DTSEN", r[5], None) for i, r in enumerate(rows) if r[5]])
    tables = {"pk_keluarga": fam, "pk_anggota": ang, "pk_kb": kb, "dtks": welfare}
    agg = aggregate(count_krs(tables, SETTINGS), AREAS)
    rekap = long_rekap_krs(agg, 2023)
    # V4: total_krs + tidak_berisiko = jumlah_keluarga_sasaran; Σ kesejahteraan = total_krs
    assert (rekap["total_krs"] + rekap["tidak_berisiko"] == rekap["jumlah_keluarga_sasaran"]).all()
    welfare_cols = [c for c in REKAP_COLUMNS if c.startswith("kesejahteraan_")]
    assert (rekap[welfare_cols].sum(axis=1) == rekap["total_krs"]).all()
    assert (rekap["jumlah_keluarga_sasaran"] <= rekap["jumlah_keluarga"]).all()
    for column in ("baduta", "balita", "pus", "pus_hamil", "air_minum_tidak_layak", "terlalu_tua"):
        assert (rekap[column] <= rekap["jumlah_keluarga_sasaran"]).all()
    assert (rekap["pus_hamil"] <= rekap["pus"]).all()
    kota = rekap.set_index("kode_wilayah").loc["kota:36.72"]
    assert kota["jumlah_keluarga"] == len(rows)
    rates = rates_krs(agg)
    for column in ("krs_pct", "keluarga_sasaran_pct", "terlalu_muda_pct", "sasaran_4t_pct"):
        values = rates[column].dropna()
        assert ((values >= 0) & (values <= 100)).all()
