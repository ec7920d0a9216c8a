"""The comparison columns of ``out_perubahan`` and the ``out_target`` table (issue 11 items 2, 3).

Tiny hand-made ``out_wilayah`` frames; every expected code, interval and status is worked out by
hand from docs/metodologi.md §20 (default thresholds: 1 point for percentages, 1 % of last
year's value for counts; Newcombe 95 % interval for e-PPGBM percentages).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kkb_analysis.indikator import target as tg
from kkb_analysis.indikator.katalog import atau_bawaan
from kkb_analysis.indikator.perubahan import REKONSTRUKSI, SAMA, TIDAK_ADA, compare_years


def _wide(rows: list[dict], tahun: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.insert(0, "tahun", tahun)
    frame["nama_wilayah"] = frame["wilayah_id"]
    return frame


def _st(x: int, n: int) -> dict:
    return {"stunting_pct": 100 * x / n, "n_stunting": x, "n_balita_diukur": n}


KINI = _wide(
    [
        {"wilayah_id": "kel:A", "jenis_wilayah": "kelurahan", "cpr_pct": 60.3, **_st(10, 98)},
        {"wilayah_id": "kel:B", "jenis_wilayah": "kelurahan", "cpr_pct": 62.0, **_st(40, 100)},
        {"wilayah_id": "kel:C", "jenis_wilayah": "kelurahan", "cpr_pct": 50.0, **_st(1, 20)},
        {"wilayah_id": "kel:D", "jenis_wilayah": "kelurahan", "cpr_pct": 50.0, **_st(2, 20)},
        {"wilayah_id": "kkb:X", "jenis_wilayah": "kkb", "cpr_pct": 60.0, **_st(10, 98)},
    ],
    2023,
)
for _k, _v in (("n_penduduk", [1000, 1000, 1000, 1000, 500]),):
    KINI[_k] = _v

LALU = _wide(
    [
        {"wilayah_id": "kel:A", "jenis_wilayah": "kelurahan", "cpr_pct": 60.0, **_st(6, 98)},
        {"wilayah_id": "kel:B", "jenis_wilayah": "kelurahan", "cpr_pct": 60.0, **_st(10, 100)},
        {"wilayah_id": "kel:D", "jenis_wilayah": "kelurahan", "cpr_pct": 60.0, **_st(1, 20)},
        # the KKB on last year's (other) boundaries: not used when a reconstruction exists
        {"wilayah_id": "kkb:X", "jenis_wilayah": "kkb", "cpr_pct": 40.0, **_st(50, 100)},
    ],
    2022,
)
LALU["n_penduduk"] = [1005, 1030, 1000, 900]
# last year's records on this year's KKB boundaries
DASAR = _wide(
    [{"wilayah_id": "kkb:X", "jenis_wilayah": "kkb", "cpr_pct": 59.5, **_st(6, 98)}], 2022
)
DASAR["n_penduduk"] = [480]


@pytest.fixture(scope="module")
def hasil() -> pd.DataFrame:
    sama = pd.Series({"kel:A": True, "kel:B": True, "kel:C": True, "kel:D": True, "kkb:X": False})
    out = compare_years(KINI, LALU, DASAR, sama)
    return out.set_index(["wilayah_id", "indikator"])


def test_percentages_of_full_enumeration_use_the_minimal_difference(hasil):
    a, b = hasil.loc[("kel:A", "cpr_pct")], hasil.loc[("kel:B", "cpr_pct")]
    # 60.0 → 60.3: 0.3 points < 1 point → setara; 60.0 → 62.0: 2 points, higher is better
    assert (a["kode_banding"], a["ambang_beda"]) == ("setara", 1.0)
    assert (b["kode_banding"], b["ambang_beda"]) == ("lebih_baik", 1.0)
    assert pd.isna(a["perubahan_bawah"]) and pd.isna(a["perubahan_atas"])
    # 60.0 → 50.0 is a fall of 10 points: memburuk
    assert hasil.loc[("kel:D", "cpr_pct"), "kode_banding"] == "lebih_buruk"


def test_e_ppgbm_percentages_use_the_newcombe_interval(hasil):
    a = hasil.loc[("kel:A", "stunting_pct")]
    # 6/98 = 6.1 % → 10/98 = 10.2 %: interval −3.9 to +12.3 points (metodologi §20.2) → setara
    assert a["kode_banding"] == "setara"
    assert a["perubahan_bawah"] == pytest.approx(-3.9, abs=0.05)
    assert a["perubahan_atas"] == pytest.approx(12.3, abs=0.05)
    assert pd.isna(a["ambang_beda"])
    assert not a["is_n_kecil"]
    # 10/100 → 40/100: +30 points, the interval lies far above 0; lower is better → memburuk
    b = hasil.loc[("kel:B", "stunting_pct")]
    assert b["kode_banding"] == "lebih_buruk" and b["perubahan_bawah"] > 0
    # 1/20 → 2/20: denominators below banding.n_kecil (30) are flagged
    d = hasil.loc[("kel:D", "stunting_pct")]
    assert d["kode_banding"] == "setara" and bool(d["is_n_kecil"])


def test_counts_and_neutral_indicators(hasil):
    # 1,005 → 1,000 people: 5 < 1 % of 1,005 (10.05) → tetap; 1,030 → 1,000: 30 ≥ 10.3 → turun
    a, b = hasil.loc[("kel:A", "n_penduduk")], hasil.loc[("kel:B", "n_penduduk")]
    assert a["kode_banding"] == "tetap" and a["ambang_beda"] == pytest.approx(10.05)
    assert b["kode_banding"] == "turun" and b["ambang_beda"] == pytest.approx(10.3)


def test_no_baseline_is_tidak_cukup(hasil):
    c = hasil.loc[("kel:C", "stunting_pct")]
    assert c["asal_sebelumnya"] == TIDAK_ADA
    assert c["kode_banding"] == "tidak_cukup"
    assert pd.isna(c["perubahan_bawah"]) and pd.isna(c["ambang_beda"])


def test_a_reconstructed_baseline_brings_its_own_counts(hasil):
    x = hasil.loc[("kkb:X", "stunting_pct")]
    assert x["asal_sebelumnya"] == REKONSTRUKSI
    assert x["nilai_sebelumnya"] == pytest.approx(100 * 6 / 98)
    # the interval of 10/98 − 6/98 (the reconstruction), not of 10/98 − 50/100 (old boundaries)
    assert x["perubahan_bawah"] == pytest.approx(-3.9, abs=0.05)
    assert x["perubahan_atas"] == pytest.approx(12.3, abs=0.05)
    assert x["kode_banding"] == "setara"
    # 59.5 → 60.0: 0.5 points → setara (against the old boundaries' 40.0 it would be membaik)
    assert hasil.loc[("kkb:X", "cpr_pct"), "kode_banding"] == "setara"
    assert hasil.loc[("kel:A", "cpr_pct"), "asal_sebelumnya"] == SAMA


def test_the_threshold_is_a_setting():
    p = dict(atau_bawaan(None))
    p["banding"] = {**p["banding"], "beda_bermakna_kolom": [{"cpr_pct": 0.2}]}
    out = compare_years(KINI, LALU, DASAR, None, p).set_index(["wilayah_id", "indikator"])
    a = out.loc[("kel:A", "cpr_pct")]
    assert (a["kode_banding"], a["ambang_beda"]) == ("lebih_baik", 0.2)


def test_first_year_every_code_is_tidak_cukup():
    out = compare_years(KINI, None)
    assert set(out["kode_banding"]) == {"tidak_cukup"}
    assert out["is_n_kecil"].dtype == "boolean"


# ----------------------------------------------------------------------------------- targets
TARGETS = """
cpr_daerah:
  label: CPR, target RPJMD
  dokumen: RPJMD
  tingkat: kota
  arah: naik_baik
  sumber_data: pk
  catatan: ""
  nilai:
    - {tahun: 2023, nilai: 65.0, keyakinan: P, rujukan: RPJMD}
stunting_survei:
  label: Stunting, target survei
  dokumen: RAN-PASTI
  tingkat: nasional
  arah: turun_baik
  sumber_data: survei
  catatan: Target berbasis survei.
  kolom: [stunting_pct]
  nilai:
    - {tahun: 2024, nilai: 14.0, keyakinan: S, rujukan: T9}
mcpr_u:
  label: mCPR, belum pasti
  dokumen: X
  tingkat: kota
  arah: naik_baik
  sumber_data: pk
  catatan: ""
  kolom: [mcpr_pct]
  nilai:
    - {tahun: 2023, nilai: 50.0, keyakinan: U, rujukan: T1}
portal_unmet:
  label: Unmet need KKBPK
  dokumen: Renstra
  tingkat: kota
  arah: turun_baik
  sumber_data: kkbpk
  catatan: ""
  kolom: [kkbpk_unmet_need_pct]
  nilai:
    - {tahun: 2023, nilai: 7.5, keyakinan: P, rujukan: R}
"""

WIDE_T = pd.DataFrame(
    {
        "tahun": 2023,
        "wilayah_id": ["kkb:X", "kel:A", "kota:36.72"],
        "jenis_wilayah": ["kkb", "kelurahan", "kota"],
        "nama_wilayah": ["X", "A", "Kota"],
        "cpr_pct": [66.0, 64.94, float("nan")],
        "stunting_pct": [9.0, 20.0, 10.0],
        "mcpr_pct": [55.0, 45.0, 50.0],
        "kkbpk_unmet_need_pct": [8.0, 1.0, 1.0],
    }
)


def _targets(tmp_path):
    path = tmp_path / "target.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    return tg.baca_target(path)


def test_out_target_by_hand(tmp_path):
    out = tg.tabel_target(WIDE_T, 2023, targets=_targets(tmp_path))
    assert list(out.columns) == list(tg.KOLOM_TARGET)
    t = out.set_index(["wilayah_id", "indikator"])
    # CPR against a PK minimum of 65.0: 66.0 reaches it, 64.94 (printed 64.9) does not, NaN
    assert t.loc[("kkb:X", "cpr_pct"), "status_target"] == "tercapai"
    assert t.loc[("kel:A", "cpr_pct"), "status_target"] == "belum_tercapai"
    assert t.loc[("kota:36.72", "cpr_pct"), "status_target"] == "tidak_cukup"
    # e-PPGBM stunting against a survey target: tidak sebanding, with the 2024 milestone
    s = t.loc[("kkb:X", "stunting_pct")]
    assert (s["status_target"], s["tahun_target"], s["nilai_target"]) == (
        "tidak_sebanding",
        2024,
        14.0,
    )
    assert (s["kunci_target"], s["tingkat_target"], s["keyakinan_target"]) == (
        "stunting_survei",
        "nasional",
        "S",
    )
    # the unverified (U) mCPR target is left out by default
    assert "mcpr_pct" not in set(out["indikator"])
    # a KKB-only column: only the KKB row; 8.0 > 7.5 (a maximum) → belum tercapai
    portal = out.loc[out["indikator"] == "kkbpk_unmet_need_pct"]
    assert list(portal["wilayah_id"]) == ["kkb:X"]
    assert portal["status_target"].iloc[0] == "belum_tercapai"
    assert len(out) == 3 + 3 + 1
    assert not out["is_target_belum_terverifikasi"].any()


def test_out_target_with_unverified_targets_flags_them(tmp_path):
    p = dict(atau_bawaan(None))
    p["target"] = {"sertakan_belum_terverifikasi": True}
    out = tg.tabel_target(WIDE_T, 2023, p, targets=_targets(tmp_path))
    m = out.loc[out["indikator"] == "mcpr_pct"].set_index("wilayah_id")
    assert m["is_target_belum_terverifikasi"].all()
    assert list(m["status_target"]) == ["tercapai", "belum_tercapai", "tercapai"]
    assert not math.isnan(m.loc["kel:A", "nilai_target"])
