"""out_rw: counts per RW inside each KKB, on a hand-made city of five families."""

from __future__ import annotations

import pandas as pd
import pytest

from kkb_analysis.config import load_settings
from kkb_analysis.indikator.rw import COLUMNS, count_rw

KEL = "36.72.01.1004"
KKB = "KKB-A"


def _tables() -> dict[str, pd.DataFrame]:
    # Families: k1, k2 in RW 001 of KKB-A; k3 in RW 002; k4 with an empty RW inside the KKB;
    # k5 outside every KKB (must not appear).
    keluarga = pd.DataFrame(
        {
            "id_keluarga": ["k1", "k2", "k3", "k4", "k5"],
            "kode_kelurahan": [KEL] * 5,
            "kkb_id": [KKB, KKB, KKB, KKB, None],
            "rw": ["001", "001", "002", None, "009"],
            # k1 drinks unsafe water (code 9), the others safe water (code 1)
            "sumber_air_minum_utama": ["9", "1", "1", "1", "9"],
            "fasilitas_bab": [None] * 5,
            "air_minum_layak": [None] * 5,
            "jamban_layak": [True] * 5,
        }
    ).astype({"air_minum_layak": "boolean", "jamban_layak": "boolean"})
    fam_of = ["k1", "k1", "k1", "k2", "k2", "k3", "k4", "k5", "k5"]
    bulan = [400.0, 380.0, 10.0, 300.0, 30.0, 500.0, 600.0, 12.0, 400.0]
    anggota = pd.DataFrame(
        {
            "id_keluarga": fam_of,
            "kode_kelurahan": [KEL] * 9,
            "kkb_id": [keluarga.set_index("id_keluarga").kkb_id[f] for f in fam_of],
            "rw": [keluarga.set_index("id_keluarga").rw[f] for f in fam_of],
            "jenis_kelamin": ["L", "P", "P", "L", "P", "L", "P", "L", "P"],
            "umur_bulan": bulan,
            "umur_tahun": [int(b // 12) for b in bulan],
            "status_sekolah": [None] * 9,
        }
    ).astype({"umur_bulan": "Float64", "umur_tahun": "Int64"})
    kb = pd.DataFrame(
        {
            "id_keluarga": ["k1", "k2", "k3", "k4", "k5"],
            "is_pus": [False] * 5,
            "sedang_hamil": [False] * 5,
        }
    ).astype({"is_pus": "boolean", "sedang_hamil": "boolean"})
    # children measured in 2023: two in RW 001 (one stunted: HAZ −2.50; −2.00 is not stunting),
    # one in RW 002 measured twice (the latest, August, is normal), one outside the KKB.
    eppgbm = pd.DataFrame(
        {
            "anak_key": ["a1", "a2", "a3", "a3", "a5"],
            "tgl_ukur": pd.to_datetime(
                ["2023-08-10", "2023-08-10", "2023-02-10", "2023-08-11", "2023-08-10"]
            ),
            "kode_kelurahan": [KEL] * 5,
            "kkb_id": [KKB, KKB, KKB, KKB, None],
            "rw": ["001", "001", "002", "002", "009"],
            "umur_hari": [300, 900, 1000, 1180, 400],
            "zs_tbu_recalc": [-2.5, -2.0, -3.1, -0.5, -2.6],
            "zs_bbu_recalc": [0.0] * 5,
            "zs_bbtb_recalc": [0.0] * 5,
            "flag_haz_implausible": [False] * 5,
            "flag_waz_implausible": [False] * 5,
            "flag_whz_implausible": [False] * 5,
        }
    )
    return {"pk_keluarga": keluarga, "pk_anggota": anggota, "pk_kb": kb, "eppgbm": eppgbm}


@pytest.fixture(scope="module")
def out() -> pd.DataFrame:
    return count_rw(_tables(), 2023, load_settings())


def _row(out: pd.DataFrame, rw: str | None) -> pd.Series:
    mask = out["rw"].isna() if rw is None else out["rw"].eq(rw)
    rows = out.loc[mask.fillna(False)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_columns_and_rows_only_inside_kkb(out):
    assert list(out.columns) == COLUMNS
    assert set(out["kkb_id"]) == {KKB}
    assert "009" not in set(out["rw"].dropna())
    assert len(out) == 3  # RW 001, RW 002 and the empty RW


def test_family_and_person_counts(out):
    r1 = _row(out, "001")
    assert (r1.n_keluarga, r1.n_penduduk) == (2, 5)
    # balita 0–59 months: the 10- and 30-month-old
    assert r1.n_balita == 2
    r0 = _row(out, None)
    assert (r0.n_keluarga, r0.n_penduduk, r0.n_balita) == (1, 1, 0)


def test_krs_per_rw(out):
    # k1 has a baduta (10 months) → sasaran, and unsafe water → KRS; k2 has a 30-month balita
    # (24–59 months → sasaran) with safe water and toilet → not KRS. 1 of 2 = 50 %.
    r1 = _row(out, "001")
    assert (r1.n_keluarga_sasaran, r1.n_krs) == (2, 1)
    assert r1.krs_pct == pytest.approx(50.0)
    # RW 002: no child, no PUS → no keluarga sasaran → rate "data tidak cukup"
    r2 = _row(out, "002")
    assert r2.n_keluarga_sasaran == 0 and pd.isna(r2.krs_pct)


def test_stunting_per_rw_uses_latest_measurement(out):
    r1 = _row(out, "001")
    assert (r1.n_balita_diukur, r1.n_stunting) == (2, 1)
    assert r1.stunting_pct == pytest.approx(50.0)
    r2 = _row(out, "002")
    assert (r2.n_balita_diukur, r2.n_stunting) == (1, 0)  # August −0.5 replaces February −3.1
    assert r2.stunting_pct == pytest.approx(0.0)


def test_without_pk_kb_krs_rate_is_not_enough_data():
    tables = _tables()
    del tables["pk_kb"]
    out = count_rw(tables, 2023, load_settings())
    assert out["krs_pct"].isna().all()


def test_without_eppgbm_counts_are_zero():
    tables = _tables()
    del tables["eppgbm"]
    out = count_rw(tables, 2023, load_settings())
    assert out["n_balita_diukur"].eq(0).all() and out["stunting_pct"].isna().all()
