"""Kampung KB portal classification (indicators.md §2).

Every expected value is taken from the document (truth table §2.6, missing-data rules §2.7,
next-tier rule §2.8, worked example §2.9, anchors §2.10), not from the code.
"""

from __future__ import annotations

import math
from itertools import product
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.indikator import klasifikasi as kl
from kkb_analysis.readers import read_raw_file
from kkb_analysis.sumber import kkb, kkb_intervensi, kkb_kkbpk, kkb_profil
from kkb_analysis.validation import check_headers
from tests.conftest import make_ctx, raw_from_text

DTC = "data tidak cukup"
DATA = Path(__file__).resolve().parent / "data"
KKB_ID = "KKB-3672051004-01"

# §2.6, copied from the document: (in, pr, out) high? → tier
TRUTH_TABLE = {
    (False, False, False): "Dasar",
    (True, False, False): "Dasar",
    (False, True, False): "Dasar",
    (False, False, True): "Dasar",
    (True, True, False): "Berkembang",
    (True, False, True): "Mandiri",
    (False, True, True): "Mandiri",
    (True, True, True): "Berkelanjutan",
}

# ---------------------------------------------------------------------------- §2.9 inputs
PROFILE_29 = {
    "pokja_ada": True,
    "pokja_jumlah": 15,
    "pokja_pelatihan": False,
    "dana_apbn": False,
    "dana_apbd": True,
    "dana_desa": False,
    "dana_hibah": False,
    "dana_csr": True,
    "dana_swadaya": True,
    "poktan_bkb": True,
    "poktan_bkr": True,
    "poktan_bkl": True,
    "poktan_uppka": False,
    "poktan_pikr": True,
    "sekretariat": True,
    "rumah_dataku": False,
    "pkb_plkb_pendamping": True,
    "regulasi_ada": True,
    "data_pk": True,
    "data_rutin_bkkbn": True,
    "data_potensi_desa": False,
    "data_sektoral": False,
    "data_lainnya": False,
    "op_rapat_perencanaan": True,
    "op_rapat_koordinasi": True,
    "op_sosialisasi": True,
    "op_monev": True,
    "op_laporan": False,
}
KKBPK_29 = {
    "bulan": 12,
    "kb_iud": 40,
    "kb_mow": 20,
    "kb_mop": 2,
    "kb_kondom": 30,
    "kb_implan": 60,
    "kb_suntik": 300,
    "kb_pil": 100,
    "tidak_kb_hamil": 70,
    "tidak_kb_ingin_anak_segera": 296,
    "tidak_kb_iat": 42,
    "tidak_kb_tial": 40,
    "peserta_bkb": 90,
    "peserta_bkr": 60,
    "peserta_bkl": 50,
    "peserta_uppka": 20,
    "peserta_pikr": 45,
}
DEN_29 = {
    "keluarga_punya_balita": 300,
    "keluarga_punya_remaja": 400,
    "keluarga_punya_lansia": 250,
    "jumlah_keluarga": 2000,
    "jumlah_remaja": 900,
}
LINTAS_29 = 4  # {19, 20, 30, 5, 26} without 26
SCORES_29 = {
    "input_pokja": 3,
    "input_sumber_dana": 3,
    "input_poktan": 3,
    "input_sarana": 2,
    "input_pkb": 3,
    "proses_penggunaan_data": 3,
    "proses_operasional": 3,
    "proses_lintas_sektor": 3,
    "output_poktan": 2,
    "output_cpr": 4,
    "output_mkjp": 2,
    "output_unmet": 3,
}


def zero_kkbpk(**over: int) -> dict[str, int]:
    """A KKBPK month with every count 0 (PUS = 0) unless overridden."""
    row = dict.fromkeys(KKBPK_29, 0)
    row["bulan"] = 12
    row.update(over)
    return row


def profile(**over) -> dict:
    """All flags tidak, no pokja; then the overrides."""
    row = {k: False for k in PROFILE_29}
    row["pokja_jumlah"] = 0
    row.update(over)
    return row


# ---------------------------------------------------------------------------- §2.6 / §2.10
@pytest.mark.parametrize(
    ("indices", "tier"),
    [
        ((3.00, 3.00, 2.99), "Berkembang"),
        ((3.00, 2.00, 3.00), "Mandiri"),
        ((2.00, 3.00, 3.25), "Mandiri"),
        ((2.00, 2.00, 3.50), "Dasar"),
        ((3.00, 3.00, 3.00), "Berkelanjutan"),
        ((1.00, 1.00, 1.00), "Dasar"),
    ],
)
def test_classify_anchors(indices, tier):
    assert kl.classify(*indices) == tier


@pytest.mark.parametrize(("flags", "tier"), list(TRUTH_TABLE.items()))
def test_classify_truth_table(flags, tier):
    indices = [3.0 if high else 2.99 for high in flags]
    assert kl.classify(*indices) == tier


@pytest.mark.parametrize(
    ("indices", "tier"),
    [
        ((2.40, 2.67, None), "Dasar"),  # §2.10: determined without OUTPUT
        ((3.20, 3.00, None), DTC),  # §2.10: OUTPUT decides
        ((2.00, 2.00, math.nan), "Dasar"),
        ((None, 2.0, 2.0), "Dasar"),  # at most one high whatever INPUT is
        ((None, 3.0, 3.0), DTC),  # Mandiri or Berkelanjutan
        ((None, None, 2.0), DTC),  # Dasar or Berkembang
        ((None, None, None), DTC),
        ((2.0, pd.NA, 2.0), "Dasar"),
        ((DTC, 2.0, 2.0), "Dasar"),
        ((pd.NA, 2.0, DTC), DTC),  # (yes, no, yes) would be Mandiri
    ],
)
def test_classify_with_unknown_indices(indices, tier):
    assert kl.classify(*indices) == tier


def test_classify_rejects_booleans():
    with pytest.raises(TypeError):
        kl.classify(True, 3.0, 3.0)


# ---------------------------------------------------------------------------- rounding
def test_portal_round_modes():
    assert kl.portal_round(12.5) == 12
    assert kl.portal_round(13.5) == 14
    assert kl.portal_round(12.5, "half_up") == 13
    assert kl.portal_round(14.2) == 14
    assert kl.portal_round(22.1, "half_up") == 22
    assert kl.portal_round(0.49999999999999994, "half_up") == 0
    assert kl.portal_round(None) is None
    assert kl.portal_round(math.nan) is None
    with pytest.raises(ValueError, match="pembulatan"):
        kl.portal_round(1.5, "ke_atas")


def test_half_even_pin_iat_tial_25_of_pus_200():
    """§2.10: 12.5 % → half-even 12 → score 2; half-up 13 → score 1."""
    assert kl.portal_percent(25, 200, "half_even") == 12
    assert kl.output_unmet(kl.portal_percent(25, 200, "half_even")) == 2
    assert kl.portal_percent(25, 200, "half_up") == 13
    assert kl.output_unmet(kl.portal_percent(25, 200, "half_up")) == 1
    # through score_kkb and the setting klasifikasi.pembulatan
    kk = zero_kkbpk(kb_suntik=100, tidak_kb_hamil=75, tidak_kb_iat=20, tidak_kb_tial=5)
    even = kl.score_kkb(None, kk, DEN_29, 0, make_ctx().settings)
    up = kl.score_kkb(None, kk, DEN_29, 0, make_ctx(klasifikasi__pembulatan="half_up").settings)
    assert (even["pus"], even["output_unmet_nilai"], even["output_unmet"]) == (200, 12, 2)
    assert (up["output_unmet_nilai"], up["output_unmet"]) == (13, 1)


def test_portal_percent_zero_denominator():
    assert kl.portal_percent(5, 0) is None
    assert kl.portal_percent(None, 10) is None


# ---------------------------------------------------------------------------- score functions
@pytest.mark.parametrize(
    ("fn", "values", "scores"),
    [
        (kl.output_unmet, [6, 7, 9, 10, 12, 13], [4, 3, 3, 2, 2, 1]),
        (kl.output_cpr, [29, 30, 40, 41, 50, 51], [1, 2, 2, 3, 3, 4]),
        (kl.output_mkjp, [19, 20, 22, 23, 24, 25], [1, 2, 2, 3, 3, 4]),
        (kl.output_poktan, [9, 10, 20, 21, 30, 31], [1, 2, 2, 3, 3, 4]),
        (kl.input_sumber_dana, [0, 1, 2, 4, 5, 6], [1, 2, 3, 3, 4, 4]),
        (kl.input_poktan, [0, 1, 2, 3, 4, 5], [1, 2, 2, 3, 3, 4]),
        (kl.input_sarana, [0, 1, 2], [1, 2, 3]),
        (kl.input_pkb, [0, 1, 2], [1, 2, 3]),
        (kl.proses_penggunaan_data, [0, 1, 2, 3, 4, 5], [1, 2, 3, 3, 4, 4]),
        (kl.proses_operasional, [0, 1, 2, 3, 4, 5], [1, 2, 2, 3, 3, 4]),
        (kl.proses_lintas_sektor, [0, 1, 3, 4, 6, 7, 30], [1, 2, 2, 3, 3, 4, 4]),
        (kl.output_unmet, [0, 100], [4, 1]),
        (kl.output_cpr, [0, 100], [1, 4]),
    ],
)
def test_score_bins(fn, values, scores):
    assert [fn(v) for v in values] == scores


@pytest.mark.parametrize(
    ("args", "score"),
    [
        ((False, 10, True), 1),  # §2.10: pokja_ada = tidak, pokja_jumlah = 10, pelatihan = ya
        ((False, 0, False), 1),
        ((True, 0, False), 2),
        ((True, 15, False), 3),  # §2.9
        ((True, 0, True), 3),
        ((True, 5, True), 4),
        ((True, None, None), 2),  # missing counts as tidak / 0
        ((None, 5, True), 1),
    ],
)
def test_input_pokja(args, score):
    assert kl.input_pokja(*args) == score


def test_score_functions_missing_and_invalid():
    assert kl.output_cpr(None) is None
    assert kl.input_poktan(math.nan) is None
    with pytest.raises(ValueError, match="bilangan bulat"):
        kl.output_cpr(55.2)  # round first (portal_round)
    assert kl.output_cpr(55.0) == 4
    with pytest.raises(ValueError, match="rentang"):
        kl.input_sarana(3)
    with pytest.raises(ValueError, match="rentang"):
        kl.proses_lintas_sektor(-1)


# ---------------------------------------------------------------------------- §2.9 worked example
def test_worked_example_scores_indices_tier():
    r = kl.score_kkb(PROFILE_29, KKBPK_29, DEN_29, LINTAS_29, make_ctx().settings)
    assert {k: r[k] for k in SCORES_29} == SCORES_29
    assert {k: r[k + "_portal"] for k in SCORES_29} == SCORES_29
    # raw values of the table in §2.9
    assert r["input_pokja_nilai"] == 15
    assert (r["n_sumber_dana"], r["n_poktan"], r["n_sarana"], r["n_pkb"]) == (3, 4, 1, 2)
    assert (r["n_penggunaan_data"], r["n_operasional"], r["n_lintas_sektor"]) == (2, 4, 4)
    parts = [r[f"partisipasi_{p}_pct"] for p in ("bkb", "bkr", "bkl", "uppka", "pikr")]
    assert parts == [30, 15, 20, 1, 5]
    assert r["output_poktan_nilai"] == 14  # 14.2 → 14
    assert (r["pus"], r["pengguna_kb"], r["tidak_kb"]) == (1000, 552, 448)
    assert (r["output_cpr_nilai"], r["pengguna_mkjp"], r["output_mkjp_nilai"]) == (55, 122, 22)
    assert (r["iat_tial"], r["output_unmet_nilai"]) == (82, 8)
    assert (r["index_input"], r["index_proses"], r["index_output"]) == (2.80, 3.00, 2.75)
    assert r["tingkat"] == "Dasar"
    assert r["tingkat_portal"] == "Dasar"
    assert not r["beda_skor_portal"] and not r["beda_tingkat_portal"]
    # numbers only: the explanations are made in the report layer (tests/laporan/test_narasi.py)
    assert not [
        k for k, v in r.items() if isinstance(v, str) and k not in ("tingkat", "tingkat_portal")
    ]


def test_worked_example_next_tier_plan():
    r = kl.score_kkb(PROFILE_29, KKBPK_29, DEN_29, LINTAS_29, make_ctx().settings)
    plan = kl.next_tier_plan(r)
    assert set(plan["tingkat_sekarang"]) == {"Dasar"}

    short = plan[plan["jenis"].eq("kekurangan")].set_index("kelompok")
    assert short["kekurangan_poin"].to_dict() == {"INPUT": 1, "OUTPUT": 1}  # PROSES is 3.00

    steps = plan[plan["jenis"].eq("langkah")].set_index("indikator")
    # headroom: every INPUT/OUTPUT indicator below its maximum (input_pkb 3/3, CPR 4/4 excluded)
    assert set(steps.index) == {
        "input_pokja",
        "input_sumber_dana",
        "input_poktan",
        "input_sarana",
        "output_poktan",
        "output_mkjp",
        "output_unmet",
    }
    assert set(steps["keadaan"]) == {"naik_skor"}
    assert (steps["skor_baru"] == steps["skor_sekarang"] + 1).all()
    # numbers and codes only: Sarana has sekretariat (1 of 2), score 3 needs 2 → Rumah DataKu
    sarana = steps.loc["input_sarana"]
    assert (sarana["skor_sekarang"], sarana["skor_baru"]) == (2, 3)
    assert (sarana["nilai_sekarang"], sarana["nilai_perlu"], sarana["upaya"]) == (1, 2, 1)
    assert sarana["butir_kurang"] == "rumah_dataku"
    # poktan: 4 of 5 (UPPKA missing), score 4 needs 5
    assert steps.loc["input_poktan", "butir_kurang"] == "poktan_uppka"
    assert steps.loc["input_poktan", "nilai_perlu"] == 5
    # MKJP 122 / 552 = 22.1 % → 22, score 3 needs ≥ 23 %: 3 percentage points … of users
    mkjp = steps.loc["output_mkjp"]
    assert (mkjp["nilai_sekarang"], mkjp["nilai_perlu"], mkjp["upaya"]) == (22, 23, 1)
    assert (mkjp["contoh_sekarang"], mkjp["contoh_penyebut"]) == (122, 552)
    # unmet: (42 + 40) / 1000 PUS = 8.2 % → 8 (score 3); score 4 needs ≤ 6 %
    unmet = steps.loc["output_unmet"]
    assert (unmet["nilai_sekarang"], unmet["nilai_perlu"], unmet["upaya"]) == (8, 6, 2)
    assert (unmet["contoh_sekarang"], unmet["contoh_penyebut"]) == (82, 1000)
    assert pd.isna(unmet["butir_kurang"])
    text = [c for c in plan.columns if plan[c].dtype == "string"]
    assert set(text) == {
        "kkb_id",
        "tingkat_sekarang",
        "jenis",
        "keadaan",
        "kelompok",
        "indikator",
        "butir_kurang",
        "target_tingkat",
        "tingkat_hasil",
    }

    plans = plan[plan["jenis"].eq("rencana")].set_index("target_tingkat")
    assert plans["jumlah_langkah"].to_dict() == {"Berkembang": 1, "Mandiri": 1, "Berkelanjutan": 2}
    assert plans["terdekat"].to_dict() == {
        "Berkembang": True,
        "Mandiri": True,
        "Berkelanjutan": False,
    }
    assert (plans["tingkat_hasil"] == plans.index).all()
    # each plan is followed by its steps (same rencana_ke)
    nomor = plans["rencana_ke"].to_dict()
    assert sorted(nomor.values()) == [1, 2, 3]

    def langkah(tier: str) -> set[tuple[str, int, int]]:
        rows = plan[plan["jenis"].eq("rencana_langkah") & plan["rencana_ke"].eq(nomor[tier])]
        return set(zip(rows["indikator"], rows["skor_sekarang"], rows["skor_baru"], strict=True))

    # INPUT 1 point short → Rumah DataKu (effort 1 item) → index_input 3.00 → Berkembang
    berkembang = plans.loc["Berkembang"]
    assert langkah("Berkembang") == {("input_sarana", 2, 3)}
    assert (berkembang["index_input_baru"], berkembang["index_output_baru"]) == (3.0, 2.75)
    # OUTPUT 1 point short → MKJP ≥ 23 % (1 point): index_output 3.00, INPUT 2.80 → Mandiri
    mandiri = plans.loc["Mandiri"]
    assert langkah("Mandiri") == {("output_mkjp", 2, 3)}
    assert (mandiri["index_input_baru"], mandiri["index_output_baru"]) == (2.8, 3.0)
    # both → Berkelanjutan
    assert langkah("Berkelanjutan") == {("input_sarana", 2, 3), ("output_mkjp", 2, 3)}
    # the rows of a plan come right after it
    pos = plan.index[plan["jenis"].eq("rencana") & plan["rencana_ke"].eq(1)][0]
    assert plan.loc[pos + 1, "jenis"] == "rencana_langkah" and plan.loc[pos + 1, "rencana_ke"] == 1


def test_mkjp_step_count_follows_rounding_mode():
    """122 → 125 of 552 users reaches 23 % (124/552 = 22.46 % → 22)."""
    r = kl.score_kkb(PROFILE_29, KKBPK_29, DEN_29, LINTAS_29)
    steps = kl.next_tier_plan(r)
    mkjp = steps.loc[steps["jenis"].eq("langkah")].set_index("indikator").loc["output_mkjp"]
    assert (mkjp["contoh_sekarang"], mkjp["contoh_perlu"], mkjp["contoh_penyebut"]) == (
        122,
        125,
        552,
    )


def test_plan_for_other_tiers():
    # Berkelanjutan: nothing to do
    top = {**{k: 4 for k in SCORES_29}, "input_sarana": 3, "input_pkb": 3}
    top["tingkat"] = kl.classify(3.6, 4.0, 4.0)
    plan = kl.next_tier_plan(top)
    assert plan["jenis"].tolist() == ["rencana"]
    assert plan["keadaan"].tolist() == ["sudah_tertinggi"]
    assert plan["jumlah_langkah"].tolist() == [0]
    # Berkembang → Berkelanjutan needs OUTPUT only
    r = kl.score_kkb(
        {**PROFILE_29, "rumah_dataku": True}, KKBPK_29, DEN_29, LINTAS_29, make_ctx().settings
    )
    assert r["tingkat"] == "Berkembang"
    plan = kl.next_tier_plan(r)
    rencana = plan[plan["jenis"].eq("rencana")]
    assert rencana["target_tingkat"].tolist() == ["Berkelanjutan"]
    assert rencana["jumlah_langkah"].tolist() == [1]


def test_plan_two_equal_ways_to_the_same_tier():
    """OUTPUT high, INPUT and PROSES each 1 point short → Mandiri via either, both listed."""
    row = {
        "input_pokja": 3,
        "input_sumber_dana": 3,
        "input_poktan": 3,
        "input_sarana": 2,
        "input_pkb": 3,
        "proses_penggunaan_data": 3,
        "proses_operasional": 3,
        "proses_lintas_sektor": 2,
        "output_poktan": 3,
        "output_cpr": 3,
        "output_mkjp": 3,
        "output_unmet": 3,
        "n_lintas_sektor": 2,
        **{f"n_{k}": 0 for k in ("sumber_dana", "poktan", "sarana", "pkb")},
    }
    row.update(n_sumber_dana=3, n_poktan=4, n_sarana=1, n_pkb=2, n_penggunaan_data=2)
    row.update(n_operasional=4, pokja_ada=True, pokja_jumlah=3, pokja_pelatihan=False)
    row.update(
        output_poktan_nilai=25, output_cpr_nilai=45, output_mkjp_nilai=23, output_unmet_nilai=8
    )
    plan = kl.next_tier_plan(row)
    rencana = plan[plan["jenis"].eq("rencana")]
    mandiri = rencana[rencana["target_tingkat"].eq("Mandiri")]
    assert sorted(mandiri["kelompok"]) == ["INPUT", "PROSES"]
    assert mandiri["terdekat"].all() and (mandiri["jumlah_langkah"] == 1).all()
    assert rencana.loc[
        rencana["target_tingkat"].eq("Berkelanjutan"), "jumlah_langkah"
    ].tolist() == [2]


# ---------------------------------------------------------------------------- §2.7 missing data
def test_pus_zero():
    """§2.10: CPR/unmet/MKJP "data tidak cukup"; portal-equivalent CPR 1, unmet 4 (MKJP 1)."""
    r = kl.score_kkb(PROFILE_29, zero_kkbpk(peserta_bkb=90), DEN_29, LINTAS_29)
    for ind in ("output_cpr", "output_mkjp", "output_unmet"):
        assert r[ind] is None
        assert r[ind + "_nilai"] is None
    assert (r["output_cpr_portal"], r["output_unmet_portal"], r["output_mkjp_portal"]) == (1, 4, 1)
    assert r["output_poktan"] == kl.output_poktan(6)  # (30 + 0 + 0 + 0 + 0) / 5 = 6 %
    assert r["index_output"] is None
    assert r["beda_skor_portal"]


def test_pus_zero_tier_determined_without_output():
    """§2.10: PUS = 0, INPUT 2.40, PROSES 2.67 → Dasar."""
    prof = profile(
        pokja_ada=True,
        pokja_jumlah=5,  # 3
        dana_apbd=True,
        dana_csr=True,  # n 2 → 3
        poktan_bkb=True,
        poktan_bkr=True,  # n 2 → 2
        sekretariat=True,  # 2
        regulasi_ada=True,  # 2
        data_pk=True,  # n 1 → 2
        op_monev=True,
        op_laporan=True,
        op_sosialisasi=True,  # n 3 → 3
    )
    r = kl.score_kkb(prof, zero_kkbpk(), DEN_29, 4)  # lintas 4 → 3
    assert (r["index_input"], r["index_proses"], r["index_output"]) == (2.40, 2.67, None)
    assert r["tingkat"] == "Dasar"


def test_pus_zero_tier_unknown_when_output_decides():
    """§2.10: PUS = 0, INPUT 3.20, PROSES 3.00 → "data tidak cukup" (portal: Berkembang)."""
    prof = profile(
        pokja_ada=True,
        pokja_jumlah=5,
        pokja_pelatihan=True,  # 4
        dana_apbn=True,
        dana_apbd=True,
        dana_desa=True,
        dana_hibah=True,
        dana_csr=True,  # n 5 → 4
        poktan_bkb=True,
        poktan_bkr=True,
        poktan_bkl=True,  # n 3 → 3
        sekretariat=True,
        rumah_dataku=True,  # 3
        regulasi_ada=True,  # 2
        data_pk=True,
        data_sektoral=True,  # n 2 → 3
        op_monev=True,
        op_laporan=True,
        op_sosialisasi=True,  # n 3 → 3
    )
    r = kl.score_kkb(prof, zero_kkbpk(), DEN_29, 5)  # lintas 5 → 3
    assert (r["index_input"], r["index_proses"]) == (3.20, 3.00)
    assert r["tingkat"] == DTC
    # portal: OUTPUT = (poktan 1 + CPR 1 + MKJP 1 + unmet 4) / 4 = 1.75 → Berkembang
    assert r["index_output_portal"] == 1.75
    assert r["tingkat_portal"] == "Berkembang"
    assert r["beda_tingkat_portal"]
    plan = kl.next_tier_plan(r)
    last = plan[plan["jenis"].eq("rencana")]
    assert len(last) == 1 and last["keadaan"].iloc[0] == "data_tidak_cukup"
    assert last["kelompok"].iloc[0] == "OUTPUT"  # the unknown index
    assert not plan["jenis"].eq("rencana_langkah").any()


def test_users_zero_with_pus_scores_mkjp_1():
    r = kl.score_kkb(PROFILE_29, zero_kkbpk(tidak_kb_hamil=10), DEN_29, LINTAS_29)
    assert (r["output_mkjp_nilai"], r["output_mkjp"], r["output_mkjp_portal"]) == (0, 1, 1)
    assert (r["output_cpr"], r["output_unmet"]) == (1, 4)


def test_kkb_without_profile():
    r = kl.score_kkb(None, KKBPK_29, DEN_29, LINTAS_29)
    for ind in (*kl.KELOMPOK["INPUT"], "proses_penggunaan_data", "proses_operasional"):
        assert r[ind] is None, ind
        assert r[ind + "_portal"] == 1
        assert r[ind + "_nilai"] is None
    assert r["proses_lintas_sektor"] == 3
    assert r["index_input"] is None and r["index_proses"] is None
    assert r["index_output"] == 2.75
    # INPUT and PROSES unknown, OUTPUT low → Dasar or Berkembang
    assert r["tingkat"] == DTC
    # portal: INPUT 1.00, PROSES (1 + 1 + 3) / 3 = 1.67 → Dasar
    assert (r["index_input_portal"], r["index_proses_portal"]) == (1.0, 1.67)
    assert r["tingkat_portal"] == "Dasar"


def test_kkb_without_kkbpk_row():
    r = kl.score_kkb(PROFILE_29, None, DEN_29, LINTAS_29)
    for ind in kl.KELOMPOK["OUTPUT"]:
        assert r[ind] is None and r[ind + "_portal"] == 1
    assert r["index_output"] is None and r["index_output_portal"] == 1.0
    # (no, yes, ?) → Dasar (no, yes, no) or Mandiri (no, yes, yes) → OUTPUT decides
    assert r["tingkat"] == DTC
    assert r["tingkat_portal"] == "Dasar"  # OUTPUT portal 1.00


def test_without_denominators_and_interventions():
    r = kl.score_kkb(PROFILE_29, KKBPK_29, None, None)
    assert r["output_poktan"] is None and r["output_poktan_portal"] == 1
    assert r["proses_lintas_sektor"] is None and r["proses_lintas_sektor_portal"] == 1
    assert r["output_cpr"] == 4


def test_poktan_zero_denominator_component_counts_as_zero():
    den = {**DEN_29, "keluarga_punya_balita": 0}
    parts, pct, _ = kl.portal_poktan(KKBPK_29, den)
    assert parts == {"BKB": 0, "BKR": 15, "BKL": 20, "UPPKA": 1, "PIK-R": 5}
    assert pct == 8  # 41 / 5 = 8.2


# ---------------------------------------------------------------------------- classify_all
KKB_MASTER = (
    "kkb_id,nama_kkb,kode_kelurahan,cakupan_wilayah,tanggal_pencanangan,regulasi_id,nomor_sk,"
    "status_aktif\n"
    f"{KKB_ID},Kampung KB Panggung Rawi,36.72.05.1004,Desa,2017-05-02,3,SK-1,ya\n"
    "KKB-3672011001-01,Kampung KB Sukmajaya,36.72.01.1001,Desa,2017-05-02,,,ya\n"
)


def load_fixture(tmp_path):
    ctx = make_ctx(2023)
    ctx.results["kkb"] = kkb.load(raw_from_text(tmp_path, KKB_MASTER, "kkb.csv"), ctx)
    assert ctx.results["kkb"].rows_kept == 2
    for module in (kkb_profil, kkb_kkbpk, kkb_intervensi):
        raw, problem = read_raw_file(DATA / module.SPEC.base / "contoh_indikator_2_9.csv")
        assert problem is None and check_headers(raw, module.SPEC) == ([], [])
        result = module.load(raw, ctx)
        assert result.rows_rejected == 0
        ctx.results[module.SPEC.base] = result
    return ctx


def test_classify_all_worked_example_end_to_end(tmp_path):
    """tests/data/*/contoh_indikator_2_9.csv through the real loaders (§2.9)."""
    ctx = load_fixture(tmp_path)
    den = pd.DataFrame([DEN_29], index=pd.Index([KKB_ID], name="kkb_id"))
    wide, detail = kl.classify_all(
        ctx.table("kkb"),
        ctx.table("kkb_profil"),
        ctx.table("kkb_kkbpk"),
        ctx.table("kkb_intervensi"),
        den,
        2023,
        ctx.settings,
    )
    assert wide["kkb_id"].tolist() == ["KKB-3672011001-01", KKB_ID]
    w = wide.set_index("kkb_id").loc[KKB_ID]
    assert {k: int(w[k]) for k in SCORES_29} == SCORES_29
    assert (w["index_input"], w["index_proses"], w["index_output"]) == (2.80, 3.00, 2.75)
    assert w["tingkat"] == "Dasar" and w["tingkat_portal"] == "Dasar"
    assert (w["bulan_kkbpk"], w["n_intervensi"], w["n_lintas_sektor"]) == (12, 3, 4)
    assert w["n_lintas_sektor_portal"] == 5  # portal quirk: instansi 26 is counted
    assert w["tanggal_referensi"] == pd.Timestamp("2023-12-31")

    d = detail[detail["kkb_id"].eq(KKB_ID)].set_index("indikator")
    assert list(d.index) == list(SCORES_29)
    assert d["skor"].astype(int).to_dict() == SCORES_29
    assert d["skor_maks"].to_dict() == {
        **dict.fromkeys(SCORES_29, 4),
        "input_sarana": 3,
        "input_pkb": 3,
    }
    assert d.loc["output_mkjp", "nilai_mentah"] == 22
    assert d.loc["output_poktan", "nilai_mentah"] == 14
    assert set(d["kelompok"]) == {"INPUT", "PROSES", "OUTPUT"}
    assert not d["beda_portal"].any()

    # the second KKB has no profile, no KKBPK month, no denominators and no intervention
    other = wide.set_index("kkb_id").loc["KKB-3672011001-01"]
    assert not other["ada_profil"] and not other["ada_kkbpk"]
    assert other["tingkat"] == DTC and other["tingkat_portal"] == "Dasar"
    assert other["n_lintas_sektor"] == 0 and other["proses_lintas_sektor"] == 1
    od = detail[detail["kkb_id"].eq("KKB-3672011001-01")]
    assert od["skor"].isna().sum() == 11 and od["beda_portal"].sum() == 11

    plan = kl.next_tier_plan(wide)
    mine = plan[plan["kkb_id"].eq(KKB_ID) & plan["jenis"].eq("rencana")]
    assert sorted(mine["target_tingkat"]) == ["Berkelanjutan", "Berkembang", "Mandiri"]


def intervensi(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(kkb_id, tanggal, instansi) rows with the loader's derived columns."""
    frame = pd.DataFrame(rows, columns=["kkb_id", "tanggal", "instansi"])
    frame["tanggal"] = pd.to_datetime(frame["tanggal"])
    ids = frame["instansi"].str.split(";")
    frame["instansi_ids"] = ids.map(lambda x: ";".join(sorted(set(x), key=int)))
    frame["instansi_non_kb"] = ids.map(
        lambda x: ";".join(sorted(set(x) - {"26", "34"}, key=int)) or None
    )
    return frame


def master(*ids: str) -> pd.DataFrame:
    return pd.DataFrame({"kkb_id": list(ids), "nama_kkb": list(ids), "status_aktif": True})


def test_lintas_sektor_kb_agencies_only_and_seven():
    ivs = intervensi(
        ("A", "2023-03-01", "26;34"),
        ("A", "2023-04-01", "26"),
        ("B", "2023-03-01", "1;2;3;26"),
        ("B", "2023-05-01", "4;5;6;7;34"),
    )
    wide, _ = kl.classify_all(master("A", "B"), None, None, ivs, None, 2023, make_ctx().settings)
    w = wide.set_index("kkb_id")
    # {26, 34} only → n = 0 → score 1 (§2.10); the portal would count them (quirk) → 2
    assert (w.loc["A", "n_lintas_sektor"], w.loc["A", "proses_lintas_sektor"]) == (0, 1)
    assert (w.loc["A", "n_lintas_sektor_portal"], w.loc["A", "proses_lintas_sektor_portal"]) == (
        2,
        2,
    )
    # 7 distinct non-KB ids → score 4
    assert (w.loc["B", "n_lintas_sektor"], w.loc["B", "proses_lintas_sektor"]) == (7, 4)
    wide, _ = kl.classify_all(
        master("A"),
        None,
        None,
        ivs,
        None,
        2023,
        make_ctx().settings,
        portal_lintas_sektor_termasuk_kb=False,
    )
    assert wide["proses_lintas_sektor_portal"].tolist() == [1]


def test_interventions_up_to_reference_date_and_window():
    ivs = intervensi(
        ("A", "2021-01-10", "1"),  # old: counted without a window (no period filter)
        ("A", "2023-03-01", "2"),
        ("A", "2023-09-01", "3"),  # after a 06-30 reference date
        ("A", "2024-01-02", "4"),  # after 31 December
    )
    base = make_ctx().settings
    wide, _ = kl.classify_all(master("A"), None, None, ivs, None, 2023, base)
    assert wide["n_lintas_sektor"].tolist() == [3]
    s = make_ctx(laporan__tanggal_referensi="06-30").settings
    wide, _ = kl.classify_all(master("A"), None, None, ivs, None, 2023, s)
    assert wide["n_lintas_sektor"].tolist() == [2]
    s = make_ctx(klasifikasi__jendela_lintas_sektor_bulan=12).settings
    wide, _ = kl.classify_all(master("A"), None, None, ivs, None, 2023, s)
    assert wide["n_lintas_sektor"].tolist() == [2]  # 2023-03-01 and 2023-09-01


def test_kkbpk_month_choice_and_inactive_kkb():
    rows = [
        {"kkb_id": "A", "tahun": 2023, "bulan": 6, **zero_kkbpk(kb_pil=10, tidak_kb_iat=90)},
        {"kkb_id": "A", "tahun": 2023, "bulan": 11, **zero_kkbpk(kb_pil=60, tidak_kb_iat=40)},
        {"kkb_id": "A", "tahun": 2022, "bulan": 12, **zero_kkbpk(kb_pil=90, tidak_kb_iat=10)},
    ]
    for r, month in zip(rows, (6, 11, 12), strict=True):
        r["bulan"] = month
    table = pd.DataFrame(rows)
    kkbs = pd.DataFrame(
        {"kkb_id": ["A", "Z"], "nama_kkb": ["A", "Z"], "status_aktif": [True, False]}
    )
    wide, _ = kl.classify_all(kkbs, None, table, None, None, 2023, make_ctx().settings)
    assert wide["kkb_id"].tolist() == ["A"]  # inactive KKB Z is not classified
    assert (wide["bulan_kkbpk"].iloc[0], wide["output_cpr_nilai"].iloc[0]) == (11, 60)
    s = make_ctx(klasifikasi__bulan_kkbpk=6).settings
    wide, _ = kl.classify_all(kkbs, None, table, None, None, 2023, s)
    assert (wide["bulan_kkbpk"].iloc[0], wide["output_cpr_nilai"].iloc[0]) == (6, 10)
    s = make_ctx(klasifikasi__bulan_kkbpk=12).settings
    wide, _ = kl.classify_all(kkbs, None, table, None, None, 2023, s)
    assert pd.isna(wide["bulan_kkbpk"].iloc[0]) and not wide["ada_kkbpk"].iloc[0]


def test_denominators_from_area_table():
    """The area table of kependudukan.pk_denominators (wilayah_id "kkb:<id>") is accepted."""
    den = pd.DataFrame(
        [{"wilayah_id": f"kkb:{KKB_ID}", **DEN_29}, {"wilayah_id": "kel:x", **DEN_29}]
    )
    kk = pd.DataFrame([{"kkb_id": KKB_ID, "tahun": 2023, **KKBPK_29}])
    wide, _ = kl.classify_all(master(KKB_ID), None, kk, None, den, 2023, make_ctx().settings)
    assert wide["output_poktan_nilai"].tolist() == [14]


def test_classify_all_empty_master():
    wide, detail = kl.classify_all(master(), None, None, None, None, 2023, make_ctx().settings)
    assert wide.empty and detail.empty
    assert {"kkb_id", "tingkat", "index_input"} <= set(wide.columns)
    assert list(detail.columns) == kl.DETAIL_COLUMNS


# ---------------------------------------------------------------------------- properties
index_value = st.floats(min_value=1.0, max_value=4.0, allow_nan=False)


@given(index_value, index_value, index_value)
def test_classify_total_and_agrees_with_truth_table(i, p, o):
    tier = kl.classify(i, p, o)
    assert tier in kl.TINGKAT
    assert tier == TRUTH_TABLE[(i >= 3, p >= 3, o >= 3)]


@given(st.tuples(*[st.one_of(st.none(), index_value)] * 3))
def test_classify_unknown_is_consistent(indices):
    tier = kl.classify(*indices)
    options = [(v,) if v is not None else (1.0, 3.0) for v in indices]
    possible = {kl.classify(*combo) for combo in product(*options)}
    assert tier == (possible.pop() if len(possible) == 1 else DTC)


flag = st.one_of(st.booleans(), st.none())
count = st.integers(min_value=0, max_value=5000)


@st.composite
def kkb_inputs(draw):
    prof = None
    if draw(st.booleans()):
        prof = {k: draw(flag) for k in PROFILE_29 if k != "pokja_jumlah"}
        prof["pokja_jumlah"] = draw(st.one_of(st.none(), st.integers(0, 50)))
    kk = None
    if draw(st.booleans()):
        kk = {k: draw(st.one_of(count, st.just(0))) for k in KKBPK_29 if k != "bulan"}
    den = draw(st.one_of(st.none(), st.fixed_dictionaries({k: count for k in DEN_29})))
    lintas = draw(st.one_of(st.none(), st.integers(0, 37)))
    return prof, kk, den, lintas


@settings(max_examples=200, deadline=None)
@given(kkb_inputs(), st.sampled_from(kl.PEMBULATAN))
def test_score_kkb_ranges(inputs, mode):
    r = kl.score_kkb(*inputs, {"klasifikasi": {"pembulatan": mode}})
    bounds = {"index_input": 3.6, "index_proses": 4.0, "index_output": 4.0}
    for name, top in bounds.items():
        for key in (name, name + "_portal"):
            value = r[key]
            assert value is None or 1.0 <= value <= top
        assert r[name + "_portal"] is not None
    for ind in kl.INDIKATOR:
        assert r[ind.nama] is None or 1 <= r[ind.nama] <= ind.skor_maks
        assert 1 <= r[ind.nama + "_portal"] <= ind.skor_maks
        if r[ind.nama] is not None:
            assert r[ind.nama] == r[ind.nama + "_portal"] or ind.nama == "proses_lintas_sektor"
    assert r["tingkat"] in (*kl.TINGKAT, DTC)
    assert r["tingkat_portal"] in kl.TINGKAT
    for key in ("output_cpr_nilai", "output_mkjp_nilai", "output_unmet_nilai"):
        assert r[key] is None or 0 <= r[key] <= 100
    plan = kl.next_tier_plan(r)
    assert set(plan["tingkat_sekarang"]) == {r["tingkat"]}
    known = all(r[k] is not None for k in ("index_input", "index_proses", "index_output"))
    if known and r["tingkat"] != "Berkelanjutan":
        rencana = plan[plan["jenis"].eq("rencana")]
        assert (rencana["tingkat_hasil"] == rencana["target_tingkat"]).all()
        assert rencana["terdekat"].any()


def test_public_api_paths_stay_importable():
    """The documented paths users' scripts import keep working after the move to indikator/."""
    import importlib

    public = importlib.import_module("kkb_analysis.klasifikasi")
    assert public.classify is kl.classify
    assert public.classify_all is kl.classify_all
    assert public.score_kkb is kl.score_kkb
    # index 3,00 is "high" (≥ AMBANG_INDEKS), 2,99 is not: (high, low, high) → Mandiri (§2.6)
    assert public.classify(3.0, 2.99, 3.0) == TRUTH_TABLE[(True, False, True)] == "Mandiri"
    assert set(public.__all__) <= set(dir(public))
    anthro = importlib.import_module("kkb_analysis.anthro")
    assert callable(anthro.height_for_age_zscore)
