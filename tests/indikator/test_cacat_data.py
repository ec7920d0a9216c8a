"""Data-layer defects of issue 11 item 4, each on a small hand-made fixture with values worked out
by hand from indicators.md and data-contract.md (never from the code's output)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.config import load_settings
from kkb_analysis.indikator.hitung import compute_indicators
from kkb_analysis.pipeline import SOURCES
from kkb_analysis.validation import LoadResult
from tests.indikator.test_stunting import processed

SETTINGS = load_settings()
NAN = np.nan

# three whole-kelurahan KKB (empty rw_list) in three kelurahan of the reference list
KEL_1, KEL_2, KEL_3 = "36.72.05.1004", "36.72.01.1005", "36.72.06.1003"
KKB_3 = pd.DataFrame(
    {
        "kkb_id": ["KKB-1", "KKB-2", "KKB-3"],
        "nama_kkb": ["Satu", "Dua", "Tiga"],
        "kode_kelurahan": [KEL_1, KEL_2, KEL_3],
        "rw_list": pd.array([pd.NA, pd.NA, pd.NA], dtype="string"),
        "status_aktif": [True, True, True],
    }
)


def absent_tables(kkb: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every source absent (empty, right columns) except the KKB list."""
    tables = {}
    for module in SOURCES:
        columns = getattr(module, "OUTPUT_COLUMNS", module.SPEC.names)
        tables[module.SPEC.base] = LoadResult.absent(module.SPEC.base, list(columns)).table
    tables["kkb"] = kkb
    return tables


def wide_row(out: dict[str, pd.DataFrame], wilayah_id: str) -> pd.Series:
    return out["out_wilayah"].set_index("wilayah_id").loc[wilayah_id]


# ---------------------------------------------------------------------- 1. completeness domain 7
def test_completeness_domain_7_has_all_three_states():
    """§12.1 domain 7: "lengkap" with ≥ 1 child with a valid HAZ in the year; "sebagian" with
    e-PPGBM children but none with a valid HAZ; "tidak ada" without any child.

    KKB-1: one child, HAZ −1.0 → lengkap (1 valid of 1). KKB-2: one child weighed twice, never
    a height (HAZ missing) → sebagian (1 child, 0 valid). KKB-3: no e-PPGBM row → tidak ada.
    """
    tables = absent_tables(KKB_3)
    tables["eppgbm"] = processed(
        [
            {"anak_key": "a1", "kode_kelurahan": KEL_1, "kkb_id": "KKB-1", "zs_tbu_recalc": -1.0},
            {
                "anak_key": "b1",
                "kode_kelurahan": KEL_2,
                "kkb_id": "KKB-2",
                "tgl_ukur": "2023-03-01",
                "zs_tbu_recalc": NAN,
                "zs_bbtb_recalc": NAN,
            },
            {
                "anak_key": "b1",
                "kode_kelurahan": KEL_2,
                "kkb_id": "KKB-2",
                "tgl_ukur": "2023-09-01",
                "zs_tbu_recalc": NAN,
                "zs_bbtb_recalc": NAN,
            },
        ]
    )
    out = compute_indicators(tables, 2023, SETTINGS)
    status = {k: wide_row(out, f"kkb:{k}")["status_stunting"] for k in ("KKB-1", "KKB-2", "KKB-3")}
    assert status == {"KKB-1": "lengkap", "KKB-2": "sebagian", "KKB-3": "tidak ada"}
    long = out["out_kelengkapan"]
    d7 = long[long["domain"].eq("stunting")].set_index("kkb_id")
    # n_tercatat = e-PPGBM children of the year, n_memenuhi = those with a valid HAZ
    assert d7.loc["KKB-2", "n_tercatat"] == 1 and d7.loc["KKB-2", "n_memenuhi"] == 0
    assert d7.loc["KKB-1", "n_tercatat"] == 1 and d7.loc["KKB-1", "n_memenuhi"] == 1
    assert d7.loc["KKB-3", "n_tercatat"] == 0
