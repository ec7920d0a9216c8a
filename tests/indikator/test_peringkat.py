"""The range-normalised ranking score, worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kkb_analysis.indikator.peringkat import rentang_mungkin, skor_peringkat


def _cfg(*kolom: str, beda: float = 0.02) -> dict:
    return {"peringkat": {"indikator": list(kolom), "beda_minimal": beda}}


def test_score_by_hand():
    """
    KKB  index_input (1–4, higher better)  stunting_pct (lower better)  kelengkapan_pct
    P    2.0 → (2−2)/2 = 0                 10 → 1 − (10−4)/6 = 0       88.9
    Q    4.0 → 1                           4  → 1                      88.9
    R    3.0 → 0.5                         7  → 0.5                    88.9
    completeness is identical in all three: not used. Scores 0, 100, 50.
    """
    kkb = pd.DataFrame(
        {
            "index_input": [2.0, 4.0, 3.0],
            "stunting_pct": [10.0, 4.0, 7.0],
            "kelengkapan_pct": [88.9, 88.9, 88.9],
        }
    )
    p = skor_peringkat(kkb, _cfg("index_input", "stunting_pct", "kelengkapan_pct"))
    assert p.skor["skor_peringkat"].tolist() == [0.0, 100.0, 50.0]
    assert p.skor["n_indikator_peringkat"].tolist() == [2, 2, 2]
    # spread shares: index 2 of its range 3; stunting 6 of 100
    assert math.isclose(p.dipakai["index_input"], 2 / 3)
    assert math.isclose(p.dipakai["stunting_pct"], 0.06)
    assert p.tidak_dipakai == {"kelengkapan_pct": 0.0}


def test_near_identical_indicator_is_left_out_by_threshold():
    """CPR 60.0 / 60.5 / 61.0: spread 1 point = 0.01 of 0–100, below 0.02 → not used; with the
    threshold 0.005 it is used (scores 0, 50, 100)."""
    kkb = pd.DataFrame({"cpr_pct": [60.0, 60.5, 61.0], "index_output": [1.0, 1.0, 4.0]})
    p = skor_peringkat(kkb, _cfg("cpr_pct", "index_output"))
    assert list(p.dipakai) == ["index_output"] and math.isclose(p.tidak_dipakai["cpr_pct"], 0.01)
    assert p.skor["skor_peringkat"].tolist() == [0.0, 0.0, 100.0]
    q = skor_peringkat(kkb, _cfg("cpr_pct", beda=0.005))
    assert q.skor["skor_peringkat"].tolist() == [0.0, 50.0, 100.0]


def test_missing_values_average_what_there_is():
    """S lacks unmet need: its score is the mean of its one scaled value; T has nothing."""
    kkb = pd.DataFrame(
        {
            "krs_pct": [10.0, 30.0, 20.0, None],
            "unmet_need_pct": [5.0, 15.0, None, None],
        }
    )
    p = skor_peringkat(kkb, _cfg("krs_pct", "unmet_need_pct"))
    s = p.skor["skor_peringkat"]
    assert s.iloc[0] == 100.0 and s.iloc[1] == 0.0 and s.iloc[2] == 50.0 and pd.isna(s.iloc[3])
    assert p.skor["n_indikator_peringkat"].tolist() == [2, 2, 1, 0]


def test_default_settings_and_ranges():
    assert rentang_mungkin("index_proses") == (1.0, 4.0)
    assert rentang_mungkin("indeks_ibangga") == (0.0, 100.0)
    assert rentang_mungkin("cpr_pct") == (0.0, 100.0)
    with pytest.raises(ValueError):
        rentang_mungkin("n_keluarga")
    with pytest.raises(ValueError):  # a neutral indicator cannot rank
        skor_peringkat(pd.DataFrame({"n_keluarga": [1, 2]}), _cfg("n_keluarga"))
