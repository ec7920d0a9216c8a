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


# ---------------------------------------------------------------------- 2. unknown RW
KEL_4 = "36.72.08.1002"  # a kelurahan without any KKB
KKB_RW = pd.DataFrame(
    {
        "kkb_id": ["KKB-1"],
        "nama_kkb": ["Satu"],
        "kode_kelurahan": [KEL_1],
        "rw_list": pd.array(["001"], dtype="string"),  # an RW-level KKB: only RW 001
        "status_aktif": [True],
    }
)
# (kelurahan, rw, kkb_id as assigned on load by data-contract.md §5)
PLACES = [
    (KEL_1, "001", "KKB-1"),  # inside the KKB
    (KEL_1, "002", None),  # rest of the KKB's kelurahan
    (KEL_1, None, None),  # RW unknown in the KKB's kelurahan: kelurahan and city only
    (KEL_4, "003", None),  # another kelurahan, no KKB
    (KEL_4, None, None),  # RW unknown where no KKB exists: certainly outside every KKB
]
# expected count per area, by hand from the five places above
EXPECTED_RW = {
    "kkb:KKB-1": 1,
    "sisa:KKB-1": 1,  # only RW 002; not the unknown-RW row
    f"kel:{KEL_1}": 3,
    f"kec:{KEL_1[:8]}": 3,
    f"kel:{KEL_4}": 2,
    "kota:36.72": 5,
    "luar_kkb:36.72": 3,  # RW 002, KEL_4 RW 003 and KEL_4 without RW; not KEL_1 without RW
}


def _strings(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.astype({c: "string" for c in columns})


def test_unknown_rw_counts_for_kelurahan_and_city_only_in_every_source():
    """data-contract.md §5: a family (and its members and KB row) or an e-PPGBM child with an
    empty RW, in a kelurahan whose KKB covers only some RWs, counts for the kelurahan and the
    city only — not for "sisa kelurahan" and not for "kota di luar KKB"."""
    tables = absent_tables(KKB_RW)
    fam_ids = [f"k{i}" for i in range(len(PLACES))]
    place = pd.DataFrame(PLACES, columns=["kode_kelurahan", "rw", "kkb_id"])
    tables["pk_keluarga"] = _strings(
        place.assign(id_keluarga=fam_ids), ["kode_kelurahan", "rw", "kkb_id", "id_keluarga"]
    )
    tables["pk_anggota"] = _strings(
        place.assign(
            id_keluarga=fam_ids,
            id_anggota=[f"{k}:1" for k in fam_ids],
            jenis_kelamin="2",
            umur_tahun=30,
            umur_bulan=360.0,
        ),
        ["kode_kelurahan", "rw", "kkb_id", "id_keluarga", "id_anggota", "jenis_kelamin"],
    )
    tables["pk_kb"] = _strings(
        place.assign(id_keluarga=fam_ids, is_pus=True, ber_kb=True),
        ["kode_kelurahan", "rw", "kkb_id", "id_keluarga"],
    )
    tables["eppgbm"] = processed(
        [
            {"anak_key": f"c{i}", "kode_kelurahan": kel, "rw": rw, "kkb_id": kkb}
            for i, (kel, rw, kkb) in enumerate(PLACES)
        ]
    )
    out = compute_indicators(tables, 2023, SETTINGS)
    wide = out["out_wilayah"].set_index("wilayah_id")
    for column in ("n_keluarga", "n_penduduk", "n_pus", "n_balita_diukur"):
        got = {w: int(wide.loc[w, column]) for w in EXPECTED_RW}
        assert got == EXPECTED_RW, column
    # the HAZ distribution (a long table summed over the same cells) follows the same rule
    z = out["out_zscore"]
    z = z[z["indeks"].eq("tbu")].groupby("wilayah_id")["n"].sum()
    assert {w: int(z.get(w, 0)) for w in EXPECTED_RW} == EXPECTED_RW
    # the per-RW table of the KKB holds only its own RW
    rw = out["out_rw"]
    assert rw["kkb_id"].tolist() == ["KKB-1"] and rw["rw"].tolist() == ["001"]
