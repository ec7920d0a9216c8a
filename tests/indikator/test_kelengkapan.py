"""Kelengkapan data of the nine domains (indicators.md §12.1; kkb-primer.md §7)."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.config import load_settings
from kkb_analysis.indikator import kelengkapan as kl

SETTINGS = load_settings()  # kelengkapan.ambang 0.90

FULL = {
    "n_anggota": 1000,
    "n_anggota_valid_jk_umur": 1000,
    "n_balita": 80,
    "n_anak_sekolah": 200,
    "n_anak_sekolah_status": 200,
    "n_remaja": 250,
    "n_umkm_unggulan": 3,
    "n_haz_valid": 60,
    "n_dtks_desil_or_status": 40,
    "n_dtks_status_known": 35,
    "n_keluarga": 300,
    "n_keluarga_penghasilan_terklasifikasi": 300,
}


def frame(*rows: dict) -> pd.DataFrame:
    records = [{"kkb_id": f"KKB-{i}", **r} for i, r in enumerate(rows)]
    return pd.DataFrame(records, columns=None if rows else ["kkb_id"]).astype({"kkb_id": "string"})


def statuses(inputs: pd.DataFrame, cfg=SETTINGS) -> dict[str, str]:
    out = kl.kelengkapan(inputs, cfg).iloc[0]
    return {d.kode: out[f"status_{d.kode}"] for d in kl.DOMAINS}


def test_all_complete_scores_100():
    out = kl.kelengkapan(frame(FULL), SETTINGS).iloc[0]
    assert out["n_domain_lengkap"] == 9 and out["kelengkapan_pct"] == 100.0
    assert list(kl.kelengkapan(frame(FULL), SETTINGS).columns) == ["kkb_id", *kl.WIDE_COLUMNS]


def test_threshold_exactly_90_is_lengkap():
    # 900 of 1000 members valid = 90.0 % → lengkap; 899 of 1000 = 89.9 % → sebagian
    at = statuses(frame({**FULL, "n_anggota_valid_jk_umur": 900}))
    below = statuses(frame({**FULL, "n_anggota_valid_jk_umur": 899}))
    assert at["kependudukan"] == "lengkap" and below["kependudukan"] == "sebagian"
    # the same for school status: 27 of 30 = 90 % (a float-rounding trap) vs 26 of 30 = 86.7 %
    at = statuses(frame({**FULL, "n_anak_sekolah": 30, "n_anak_sekolah_status": 27}))
    below = statuses(frame({**FULL, "n_anak_sekolah": 30, "n_anak_sekolah_status": 26}))
    assert at["anak_usia_sekolah"] == "lengkap" and below["anak_usia_sekolah"] == "sebagian"

    # income classifiability has its own threshold 0.60: 6 of 10 families vs 59 of 100
    def d9(n, k, cfg=None):
        inputs = frame({**FULL, "n_keluarga": n, "n_keluarga_penghasilan_terklasifikasi": k})
        return statuses(inputs, cfg or SETTINGS)["keluarga_tidak_berpenghasilan_tetap"]

    assert d9(10, 6) == "lengkap" and d9(100, 59) == "sebagian"
    # 70 of 100 (a complete PK where 30 % work outside both occupation lists) is lengkap: the
    # general 0.90 would make domain 9 partial in every KKB
    assert d9(100, 70) == "lengkap"
    cfg = copy.deepcopy(SETTINGS)
    cfg["kelengkapan"]["ambang_penghasilan"] = 0.90
    assert d9(100, 89, cfg) == "sebagian" and d9(100, 90, cfg) == "lengkap"


def test_threshold_from_settings():
    cfg = copy.deepcopy(SETTINGS)
    cfg["kelengkapan"]["ambang"] = 0.80
    # 850 of 1000 = 85 %: sebagian at 90 %, lengkap at 80 %
    inputs = frame({**FULL, "n_anggota_valid_jk_umur": 850})
    assert statuses(inputs)["kependudukan"] == "sebagian"
    assert statuses(inputs, cfg)["kependudukan"] == "lengkap"


def test_worked_example():
    # KKB-0: PK present but half the school children lack status, no UMKM unggulan although two
    #        UMKM are listed, e-PPGBM children without valid HAZ, DTKS matched without status
    # KKB-1: nothing at all
    kkb0 = {
        **FULL,
        "n_anak_sekolah": 100,
        "n_anak_sekolah_status": 50,
        "n_umkm_unggulan": 0,
        "n_umkm": 2,
        "n_haz_valid": 0,
        "n_eppgbm": 7,
        "n_dtks_desil_or_status": 12,
        "n_dtks_status_known": 0,
        "n_dtks_cocok": 12,
    }
    out = kl.kelengkapan(frame(kkb0, {}), SETTINGS).set_index("kkb_id")
    k0 = out.loc["KKB-0"]
    assert k0["status_kependudukan"] == "lengkap"
    assert k0["status_keluarga_kurang_mampu"] == "lengkap"  # 12 records with a desil/status
    assert k0["status_anak_usia_sekolah"] == "sebagian"  # 50 %
    assert k0["status_umkm_unggulan"] == "sebagian"  # UMKM listed, none unggulan
    assert k0["status_stunting"] == "sebagian"  # measured, no valid HAZ
    assert k0["status_dtks"] == "sebagian"  # matched, status unknown
    # lengkap: kependudukan, kurang mampu, balita, remaja, penghasilan = 5 → 100 × 5 / 9
    assert (k0["n_domain_lengkap"], k0["n_domain_sebagian"], k0["n_domain_tidak_ada"]) == (5, 4, 0)
    assert k0["kelengkapan_pct"] == pytest.approx(500 / 9)
    k1 = out.loc["KKB-1"]
    assert k1["n_domain_tidak_ada"] == 9 and k1["kelengkapan_pct"] == 0.0

    long = kl.long_kelengkapan(frame(kkb0, {}), SETTINGS)
    assert list(long.columns) == ["kkb_id", *kl.LONG_COLUMNS]
    assert len(long) == 18 and long["no"].tolist()[:9] == list(range(1, 10))
    school = long[long["kkb_id"].eq("KKB-0") & long["domain"].eq("anak_usia_sekolah")].iloc[0]
    assert school["status"] == "sebagian"
    # the numbers behind the status, no display text (the report makes the sentence)
    assert (school["n_tercatat"], school["n_memenuhi"], school["ambang_pct"]) == (100, 50, 90.0)
    umkm = long[long["kkb_id"].eq("KKB-0") & long["domain"].eq("umkm_unggulan")].iloc[0]
    assert (umkm["n_tercatat"], umkm["n_memenuhi"]) == (2, 0) and pd.isna(umkm["ambang_pct"])
    balita = long[long["kkb_id"].eq("KKB-0") & long["domain"].eq("balita")].iloc[0]
    assert pd.isna(balita["n_tercatat"]) and pd.isna(balita["ambang_pct"])
    assert str(long["n_memenuhi"].dtype) == "Int64" and str(long["ambang_pct"].dtype) == "Float64"
    # the long statuses agree with the wide frame
    for row in long.itertuples():
        assert out.loc[row.kkb_id, f"status_{row.domain}"] == row.status


def test_zero_and_missing_inputs():
    # members present but none valid → sebagian (population counted, pyramid impossible)
    st0 = statuses(frame({**FULL, "n_anggota_valid_jk_umur": 0}))
    assert st0["kependudukan"] == "sebagian"
    # families present but none classifiable → tidak ada (no income data at all)
    st1 = statuses(frame({**FULL, "n_keluarga_penghasilan_terklasifikasi": 0}))
    assert st1["keluarga_tidak_berpenghasilan_tetap"] == "tidak ada"
    # no balita counted → tidak ada; NA or an absent column counts as 0
    st2 = statuses(frame({**FULL, "n_balita": pd.NA}).drop(columns="n_remaja"))
    assert st2["balita"] == "tidak ada" and st2["remaja"] == "tidak ada"
    # exactly one record is enough for a count domain
    assert statuses(frame({**FULL, "n_haz_valid": 1}))["stunting"] == "lengkap"
    # an empty input frame gives empty outputs
    empty = frame().reindex(columns=["kkb_id", *kl.INPUT_COLUMNS])
    assert kl.kelengkapan(empty, SETTINGS).empty and kl.long_kelengkapan(empty, SETTINGS).empty


def test_works_per_area():
    inputs = pd.DataFrame([{"wilayah_id": "kota:36.72", **FULL}])
    out = kl.kelengkapan(inputs, SETTINGS)
    assert out["wilayah_id"].tolist() == ["kota:36.72"] and out["kelengkapan_pct"].item() == 100


def test_validation_context():
    summary = pd.DataFrame(
        [
            ("pk_keluarga", "csv", 300, 298, 2, 4),
            ("pk_anggota", "xlsx", 1000, 990, 10, 5),
            ("dtks", "tidak ada", 0, 0, 0, 0),
            ("kkb_umkm", "csv", 12, 12, 0, 1),
        ],
        columns=[
            "file",
            "format",
            "baris_dibaca",
            "baris_dimuat",
            "baris_ditolak",
            "baris_ditandai",
        ],
    )
    per_domain = kl.validasi_per_domain(summary)
    assert list(per_domain.columns) == kl.VALIDATION_COLUMNS
    # kependudukan and penghasilan rely on 2 files, the other 7 domains on 1 → 11 rows
    assert len(per_domain) == 11
    pk = per_domain[per_domain["domain"].eq("balita")].iloc[0]
    assert (pk["file"], pk["baris_dibaca"], pk["baris_ditolak"]) == ("pk_anggota", 1000, 10)
    stunting = per_domain[per_domain["domain"].eq("stunting")].iloc[0]
    assert stunting["format"] == "tidak ada"  # eppgbm missing from the summary

    long = kl.tambah_berkas(kl.long_kelengkapan(frame(FULL), SETTINGS))
    berkas = dict(zip(long["domain"], long["berkas"], strict=True))
    assert berkas["umkm_unggulan"] == "kkb_umkm"
    assert berkas["kependudukan"] == "pk_keluarga, pk_anggota"
    assert "validasi" not in long.columns and "keterangan" not in long.columns
    assert kl.validasi_per_domain(None)["format"].eq("tidak ada").all()


_count = st.integers(0, 50)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({c: _count for c in kl.INPUT_COLUMNS + kl.OPTIONAL_COLUMNS}),
        min_size=1,
        max_size=4,
    )
)
def test_invariants(rows):
    out = kl.kelengkapan(frame(*rows), SETTINGS)
    counts = out[["n_domain_lengkap", "n_domain_sebagian", "n_domain_tidak_ada"]].sum(axis=1)
    assert (counts == 9).all()
    assert (out["kelengkapan_pct"] - 100 * out["n_domain_lengkap"] / 9).abs().max() < 1e-9
    assert out["kelengkapan_pct"].between(0, 100).all()
    long = kl.long_kelengkapan(frame(*rows), SETTINGS)
    assert long["status"].isin(kl.STATUS_ORDER).all() and len(long) == 9 * len(rows)
