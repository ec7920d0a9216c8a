"""Population, pyramid, children, teenagers and school indicators (indicators.md §1, §5, §11)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kkb_analysis.config import load_settings
from kkb_analysis.indikator.kependudukan import (
    KELOMPOK,
    PIRAMIDA,
    count_kependudukan,
    kolom_piramida,
    long_piramida,
    median_umur,
    pk_denominators,
    rates_kependudukan,
)
from kkb_analysis.wilayah import aggregate, build_areas

KEL_A = "36.72.05.1004"  # Panggung Rawi, hosts KKB-A
KEL_B = "36.72.01.1004"  # Cikerai, other kecamatan
KOSONG = "kel:36.72.08.1001"  # a kelurahan without any family
KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-A"],
        "nama_kkb": ["Kampung KB A"],
        "kode_kelurahan": [KEL_A],
        "status_aktif": [True],
    }
)
SETTINGS = load_settings()


def keluarga(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_keluarga": pd.array([r[0] for r in rows], dtype="string"),
            "kode_kelurahan": pd.array([r[1] for r in rows], dtype="string"),
            "kkb_id": pd.array([r[2] for r in rows], dtype="string"),
        }
    )


def anggota(fam: pd.DataFrame, rows: list[tuple]) -> pd.DataFrame:
    """rows: (id_keluarga, jenis_kelamin, umur_tahun, umur_bulan, status_sekolah)."""
    cells = fam.set_index("id_keluarga")
    ids = [r[0] for r in rows]
    return pd.DataFrame(
        {
            "id_keluarga": pd.array(ids, dtype="string"),
            "kode_kelurahan": pd.array(cells.loc[ids, "kode_kelurahan"].tolist(), dtype="string"),
            "kkb_id": pd.array(cells.loc[ids, "kkb_id"].tolist(), dtype="string"),
            "jenis_kelamin": pd.array([r[1] for r in rows], dtype="string"),
            "umur_tahun": pd.array([r[2] for r in rows], dtype="Int64"),
            "umur_bulan": pd.array(
                [r[3] if r[3] is not None or r[2] is None else r[2] * 12 + 0.5 for r in rows],
                dtype="Float64",
            ),
            "status_sekolah": pd.array([r[4] for r in rows], dtype="string"),
        }
    )


FAM = keluarga([("F1", KEL_A, "KKB-A"), ("F2", KEL_A, None), ("F3", KEL_B, None)])
ANG = anggota(
    FAM,
    [
        ("F1", "L", 30, None, None),  # m1 30-34
        ("F1", "P", 27, None, None),  # m2 25-29, WUS
        ("F1", "L", 0, 23.9, None),  # m3 baduta (23 completed months) and balita
        ("F1", "P", 4, 59.99, None),  # m4 balita (59 months), not baduta
        ("F2", "P", 75, None, None),  # m5 75+, lansia
        ("F2", "L", 60, None, None),  # m6 60-64, lansia (boundary 60)
        ("F2", "P", 12, None, "2"),  # m7 SD age, masih sekolah; remaja 10-14
        ("F3", "L", 13, None, "3"),  # m8 SMP age, putus sekolah; remaja 10-14
        ("F3", "P", 16, None, None),  # m9 SMA age, status missing; remaja 15-19; WUS
        ("F3", "L", 24, None, None),  # m10 remaja 20-24 (boundary 24)
        ("F3", "P", 5, 60.02, None),  # m11 60 completed months: not balita; 5-9
    ],
)
TABLES = {"pk_keluarga": FAM, "pk_anggota": ANG}


@pytest.fixture(scope="module")
def hasil() -> pd.DataFrame:
    counts = count_kependudukan(TABLES, SETTINGS)
    agg = aggregate(counts, build_areas(KKB))
    return rates_kependudukan(agg).set_index("wilayah_id")


def test_city_counts_and_ratios(hasil):
    kota = hasil.loc["kota:36.72"]
    assert kota["n_keluarga"] == 3
    assert kota["n_penduduk"] == 11
    assert (kota["n_penduduk_l"], kota["n_penduduk_p"]) == (5, 6)
    # 11 persons / 3 families
    assert kota["rasio_penduduk_per_keluarga"] == pytest.approx(11 / 3)
    # L/P × 100 = 5/6 × 100
    assert kota["rasio_jenis_kelamin"] == pytest.approx(83.3333, abs=1e-4)
    # 0-14: m3 m4 m7 m8 m11 = 5; 15-64: m1 m2 m6 m9 m10 = 5; 65+: m5 = 1
    assert (kota["n_penduduk_0_14"], kota["n_penduduk_15_64"], kota["n_penduduk_65_lebih"]) == (
        5,
        5,
        1,
    )
    assert kota["rasio_ketergantungan"] == pytest.approx(120.0)  # (5 + 1) / 5 × 100
    assert kota["rasio_ketergantungan_muda"] == pytest.approx(100.0)
    assert kota["rasio_ketergantungan_tua"] == pytest.approx(20.0)
    # N = 11, N/2 = 5.5; cumulative 0-4: 2, 5-9: 3, 10-14: 5, 15-19: 6 → L = 15, F = 5, f = 1
    # median = 15 + (5.5 − 5) / 1 × 5 = 17.5
    assert kota["median_umur_tahun"] == pytest.approx(17.5)
    assert not pd.isna(kota["median_umur_75_lebih"]) and not kota["median_umur_75_lebih"]
    # CWR: children 0-4 = 2 (m3, m4) / women 15-49 = 2 (m2, m9) × 1000
    assert kota["n_wus"] == 2
    assert kota["rasio_anak_wanita"] == pytest.approx(1000.0)


def test_children_teenagers_elderly(hasil):
    kota = hasil.loc["kota:36.72"]
    # balita by completed months: m3 (23), m4 (59); m11 has 60 → out
    assert (kota["n_balita"], kota["n_balita_l"], kota["n_balita_p"]) == (2, 1, 1)
    assert (kota["n_baduta"], kota["n_baduta_l"], kota["n_baduta_p"]) == (1, 1, 0)
    # remaja 10-24: m7 12, m8 13, m9 16, m10 24
    assert (kota["n_remaja"], kota["n_remaja_l"], kota["n_remaja_p"]) == (4, 2, 2)
    assert (kota["n_remaja_10_14"], kota["n_remaja_15_19"], kota["n_remaja_20_24"]) == (2, 1, 1)
    assert kota["remaja_pct"] == pytest.approx(400 / 11)
    assert (kota["n_lansia"], kota["n_lansia_l"], kota["n_lansia_p"]) == (2, 1, 1)
    # families with ≥ 1: balita F1; remaja F2, F3; lansia F2
    assert kota["n_keluarga_punya_balita"] == 1
    assert kota["n_keluarga_punya_remaja"] == 2
    assert kota["n_keluarga_punya_lansia"] == 1


def test_school_participation(hasil):
    kota = hasil.loc["kota:36.72"]
    # SD 7-12: m7 (2) → APS 1/1; SMP 13-15: m8 (3) → 0/1; SMA 16-18: m9 missing → 0 answers
    assert kota["aps_sd_pct"] == 100.0
    assert kota["aps_smp_pct"] == 0.0
    assert pd.isna(kota["aps_sma_pct"])  # data tidak cukup, not 0
    assert (kota["n_usia_sma"], kota["n_usia_sma_status_kosong"]) == (1, 1)
    assert (kota["n_usia_smp_l"], kota["n_usia_smp_p"]) == (1, 0)
    # 7-18: 3 children, 2 with an answer; tidak sekolah (1, 3): m8; putus (3): m8
    assert kota["n_anak_usia_sekolah"] == 3
    assert kota["n_anak_tidak_sekolah"] == 1 and kota["n_anak_putus_sekolah"] == 1
    assert kota["anak_tidak_sekolah_pct"] == 50.0
    assert kota["anak_putus_sekolah_pct"] == 50.0


def test_areas(hasil):
    kkb = hasil.loc["kkb:KKB-A"]  # F1 only
    assert kkb["n_penduduk"] == 4 and kkb["rasio_jenis_kelamin"] == 100.0
    # N = 4, N/2 = 2 reached at the end of 0-4 (m3, m4): 0 + (2 − 0) / 2 × 5 = 5.0
    assert kkb["median_umur_tahun"] == pytest.approx(5.0)
    sisa = hasil.loc["sisa:KKB-A"]  # F2: ages 75, 60, 12
    # N/2 = 1.5; 10-14 cum 1, 60-64 cum 2 → 60 + (1.5 − 1) / 1 × 5 = 62.5
    assert sisa["median_umur_tahun"] == pytest.approx(62.5)
    assert hasil.loc["kec:36.72.05", "n_penduduk"] == 7
    kosong = hasil.loc[KOSONG]
    assert kosong["n_penduduk"] == 0
    for column in (
        "rasio_jenis_kelamin",
        "rasio_ketergantungan",
        "median_umur_tahun",
        "aps_sd_pct",
    ):
        assert pd.isna(kosong[column]), column
    assert pd.isna(kosong["median_umur_75_lebih"])  # no member: neither a value nor 75+


def test_median_open_group_and_edges():
    def agg_from(groups_l: dict[str, int]) -> pd.DataFrame:
        row = {c: 0.0 for c in PIRAMIDA}
        for k, v in groups_l.items():
            row[kolom_piramida("L", k)] = float(v)
        return pd.DataFrame([row])

    num, terbuka = median_umur(agg_from({"75+": 3, "0-4": 1}))  # N/2 = 2 falls in 75+
    assert pd.isna(num.iloc[0]) and bool(terbuka.iloc[0])
    num, terbuka = median_umur(agg_from({}))
    assert pd.isna(num.iloc[0]) and pd.isna(terbuka.iloc[0])
    # 70-74: 1, 75+: 1 → N/2 = 1 reached at the end of 70-74: 70 + (1 − 0)/1 × 5 = 75.0
    num, terbuka = median_umur(agg_from({"70-74": 1, "75+": 1}))
    assert num.iloc[0] == 75.0 and not pd.isna(terbuka.iloc[0]) and not terbuka.iloc[0]
    assert str(terbuka.dtype) == "boolean"  # a flag, not text: the report writes "≥ 75"
    # 20-24: 3 → N/2 = 1.5: 20 + 1.5/3 × 5 = 22.5
    num, _ = median_umur(agg_from({"20-24": 3}))
    assert num.iloc[0] == pytest.approx(22.5)


def test_long_pyramid_and_denominators():
    agg = aggregate(count_kependudukan(TABLES, SETTINGS), build_areas(KKB))
    long = long_piramida(agg)
    assert list(long.columns) == ["wilayah_id", "kelompok_umur", "jenis_kelamin", "n"]
    assert len(long) == len(agg) * 32
    kota = long[long["wilayah_id"].eq("kota:36.72")]
    assert list(kota["kelompok_umur"].astype(str))[:4] == ["0-4", "0-4", "5-9", "5-9"]
    assert kota["n"].sum() == 11
    assert (
        kota.loc[kota["kelompok_umur"].eq("75+") & kota["jenis_kelamin"].eq("P"), "n"].item() == 1
    )
    den = pk_denominators(agg).set_index("wilayah_id").loc["kota:36.72"]
    assert den.to_dict() == {
        "keluarga_punya_balita": 1.0,
        "keluarga_punya_remaja": 2.0,
        "keluarga_punya_lansia": 1.0,
        "jumlah_keluarga": 3.0,
        "jumlah_remaja": 4.0,
    }


def test_missing_tables_give_data_tidak_cukup():
    for tables in ({}, {"pk_keluarga": FAM.iloc[:0], "pk_anggota": ANG.iloc[:0]}):
        counts = count_kependudukan(tables, SETTINGS)
        assert counts.empty and "n_penduduk" in counts.columns
        rates = rates_kependudukan(aggregate(counts, build_areas(KKB)))
        kota = rates.set_index("wilayah_id").loc["kota:36.72"]
        assert kota["n_penduduk"] == 0
        assert pd.isna(kota["rasio_jenis_kelamin"]) and pd.isna(kota["median_umur_tahun"])


def test_settings_change_remaja_range():
    custom = load_settings()
    custom["umur"]["remaja"] = [10, 19]  # BPS definition
    agg = aggregate(count_kependudukan(TABLES, custom), build_areas(KKB))
    kota = agg.set_index("wilayah_id").loc["kota:36.72"]
    assert kota["n_remaja"] == 3  # m10 (24) leaves
    assert "n_remaja_20_24" not in agg.columns


MEMBER = st.tuples(
    st.integers(0, 5),  # family
    st.sampled_from(["L", "P", None]),
    st.one_of(st.none(), st.integers(0, 100)),
    st.sampled_from(["1", "2", "3", None]),
)


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MEMBER, max_size=40))
def test_invariants(members):
    fam = keluarga(
        [
            ("K0", KEL_A, "KKB-A"),
            ("K1", KEL_A, None),
            ("K2", KEL_B, None),
            ("K3", "36.72.05.1002", None),
            ("K4", KEL_A, "KKB-A"),
            ("K5", KEL_B, None),
        ]
    )
    rows = [
        (f"K{f}", jk, age, None if age is None else age * 12 + 1.0, s) for f, jk, age, s in members
    ]
    ang = anggota(fam, rows) if rows else anggota(fam, [("K0", "L", 1, None, None)]).iloc[:0]
    agg = aggregate(
        count_kependudukan({"pk_keluarga": fam, "pk_anggota": ang}, SETTINGS), build_areas(KKB)
    )
    rates = rates_kependudukan(agg).set_index("wilayah_id")
    a = agg.set_index("wilayah_id")
    known = sum(1 for _, jk, age, _ in members if jk is not None and age is not None)
    assert a.loc["kota:36.72", PIRAMIDA].sum() == known  # Σ pyramid = persons with sex and age
    assert a.loc["kota:36.72", "n_penduduk"] == len(members)
    # additivity: the city is the sum of its kecamatan, and of KKB + outside KKB
    kec = a[a.index.str.startswith("kec:")]
    assert (kec.sum() == a.loc["kota:36.72"]).all()
    assert a.loc["kota:36.72", "n_penduduk"] == (
        a.loc["kkb:KKB-A", "n_penduduk"] + a.loc["luar_kkb:36.72", "n_penduduk"]
    )
    for column in (
        "aps_sd_pct",
        "aps_smp_pct",
        "aps_sma_pct",
        "remaja_pct",
        "anak_tidak_sekolah_pct",
    ):
        values = rates[column].dropna()
        assert ((values >= 0) & (values <= 100)).all(), column
    assert (a["n_keluarga_punya_balita"] <= a["n_keluarga"]).all()
    assert (a["n_baduta"] <= a["n_balita"]).all()
    med = rates["median_umur_tahun"].dropna()
    assert ((med >= 0) & (med <= 75)).all()
    long = long_piramida(agg)
    assert np.isclose(long["n"].sum(), agg[PIRAMIDA].to_numpy().sum())
    assert set(long["kelompok_umur"].astype(str)) <= set(KELOMPOK)
