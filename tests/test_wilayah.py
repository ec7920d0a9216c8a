"""Areas and additive aggregation (indicators.md §0 areas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kkb_analysis.wilayah import (
    aggregate,
    build_areas,
    count_by_cell,
    median_from_histogram,
    safe_rate,
)

KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-A", "KKB-B"],
        "nama_kkb": ["Kampung KB A", "Kampung KB B"],
        "kode_kelurahan": ["36.72.05.1004", "36.72.01.1004"],
        "status_aktif": [True, False],
    }
)


def test_areas_of_a_year():
    areas = build_areas(KKB)
    kinds = areas["jenis_wilayah"].value_counts().to_dict()
    # one active KKB (B is inactive): its kkb and sisa areas, 43 kelurahan, 8 kecamatan, 2 city
    assert kinds == {
        "kelurahan": 43,
        "kecamatan": 8,
        "kkb": 1,
        "sisa_kelurahan": 1,
        "kota": 1,
        "kota_luar_kkb": 1,
    }
    assert areas.set_index("wilayah_id").loc["sisa:KKB-A", "nama_wilayah"] == (
        "Panggung Rawi di luar KKB"
    )


def test_aggregation_by_hand():
    #  family | kelurahan        | kkb    | persons
    #  1      | Panggung Rawi    | KKB-A  | 3
    #  2      | Panggung Rawi    | -      | 2
    #  3      | Jombang Wetan    | -      | 4   (same kecamatan 36.72.05)
    #  4      | Cikerai          | -      | 5   (other kecamatan)
    fam = pd.DataFrame(
        {
            "kode_kelurahan": ["36.72.05.1004", "36.72.05.1004", "36.72.05.1002", "36.72.01.1004"],
            "kkb_id": ["KKB-A", None, None, None],
            "persons": [3, 2, 4, 5],
        }
    )
    counts = count_by_cell(fam, {"n_keluarga": [1, 1, 1, 1], "n_penduduk": fam["persons"]})
    out = aggregate(counts, build_areas(KKB)).set_index("wilayah_id")
    assert out.loc["kkb:KKB-A", "n_penduduk"] == 3
    assert out.loc["sisa:KKB-A", "n_penduduk"] == 2
    assert out.loc["kel:36.72.05.1004", "n_penduduk"] == 5
    assert out.loc["kec:36.72.05", "n_penduduk"] == 9
    assert out.loc["kota:36.72", "n_penduduk"] == 14
    assert out.loc["luar_kkb:36.72", "n_penduduk"] == 11
    assert out.loc["kel:36.72.08.1001", "n_keluarga"] == 0  # a kelurahan without families


def test_two_rw_level_kkb_in_one_kelurahan():
    # KKB-A and KKB-C share Panggung Rawi (different RWs); families: A 3, C 4, neither 2
    kkb = pd.DataFrame(
        {
            "kkb_id": ["KKB-A", "KKB-C"],
            "nama_kkb": ["A", "C"],
            "kode_kelurahan": ["36.72.05.1004", "36.72.05.1004"],
            "status_aktif": [True, True],
        }
    )
    fam = pd.DataFrame(
        {
            "kode_kelurahan": ["36.72.05.1004"] * 3,
            "kkb_id": ["KKB-A", "KKB-C", None],
            "persons": [3, 4, 2],
        }
    )
    counts = count_by_cell(fam, {"n_penduduk": fam["persons"]})
    out = aggregate(counts, build_areas(kkb)).set_index("wilayah_id")["n_penduduk"]
    # the rest of the kelurahan outside each KKB: 4 + 2 for A, 3 + 2 for C
    assert (out["sisa:KKB-A"], out["sisa:KKB-C"]) == (6, 5)
    assert out["kel:36.72.05.1004"] == 9


def test_safe_rate_zero_denominator_is_not_zero():
    out = safe_rate(pd.Series([1, 0]), pd.Series([4, 0]))
    assert out.iloc[0] == 25.0 and pd.isna(out.iloc[1])


def test_median_from_histogram():
    # whole numbers 20, 21, 22 as classes [20, 21), [21, 22), [22, 23); L + (n/2 − CF) / f × 1
    hist = pd.DataFrame({"20": [1, 2, 0], "21": [1, 0, 0], "22": [1, 2, 0]})
    med = median_from_histogram(hist, [20, 21, 22])
    # [20, 21, 22]: n/2 = 1.5, class 21 (CF 1, f 1) → 21 + 0.5 / 1 = 21.5
    # [20, 20, 22, 22]: n/2 = 2, class 20 reaches it (CF 0, f 2) → 20 + 2 / 2 = 21.0
    assert med.iloc[0] == 21.5 and med.iloc[1] == 21.0 and pd.isna(med.iloc[2])
    # five-year classes: 0-4: 3, 5-9: 1 → n/2 = 2 in [0, 5): 0 + 2 / 3 × 5 = 3.333…
    five = median_from_histogram(pd.DataFrame({"0": [3], "5": [1]}), [0, 5], width=5)
    assert five.iloc[0] == pytest.approx(10 / 3)


KEL_A, KEL_B = "36.72.05.1004", "36.72.01.1004"

CELL_ROW = st.tuples(
    st.sampled_from([KEL_A, KEL_B, None]),
    st.sampled_from(["KKB-A", "KKB-B", None]),
    st.booleans(),
    st.one_of(st.none(), st.floats(0, 5)),
)


@hsettings(max_examples=40, deadline=None)
@given(st.lists(CELL_ROW, max_size=30))
def test_count_by_cell_matches_a_plain_groupby(rows):
    table = pd.DataFrame(
        {
            "kode_kelurahan": pd.array([r[0] for r in rows], dtype="string"),
            "kkb_id": pd.array([r[1] for r in rows], dtype="string"),
        }
    )
    flags = np.array([r[2] for r in rows], dtype=bool)
    weights = pd.array([r[3] for r in rows], dtype="Float64")
    ours = count_by_cell(table, {"a": flags, "b": weights})
    # oracle: a plain pandas groupby over the rows that have a kelurahan
    plain = table.assign(a=flags.astype(float), b=weights.fillna(0).astype(float))
    plain["kkb_id"] = plain["kkb_id"].fillna("")
    plain = plain[plain["kode_kelurahan"].notna()]
    reference = plain.groupby(["kode_kelurahan", "kkb_id"], sort=True).sum().reset_index()
    pd.testing.assert_frame_equal(
        ours.reset_index(drop=True), reference.reset_index(drop=True), check_dtype=False
    )
