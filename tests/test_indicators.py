"""The indicator orchestration: stable schema whatever files a year supplies."""

from __future__ import annotations

import pandas as pd
import pytest

from kkb_analysis.config import load_settings
from kkb_analysis.indikator.hitung import compute_indicators
from kkb_analysis.pipeline import SOURCES
from kkb_analysis.validation import LoadResult

KKB = pd.DataFrame(
    {
        "kkb_id": ["KKB-3672051004-01"],
        "nama_kkb": ["Kampung KB Panggung Rawi"],
        "kode_kelurahan": ["36.72.05.1004"],
        "status_aktif": [True],
    }
)


def _absent_tables() -> dict[str, pd.DataFrame]:
    tables = {}
    for module in SOURCES:
        columns = getattr(module, "OUTPUT_COLUMNS", module.SPEC.names)
        tables[module.SPEC.base] = LoadResult.absent(module.SPEC.base, list(columns)).table
    tables["kkb"] = KKB
    return tables


@pytest.fixture(scope="module")
def full(kota_sampel):
    from kkb_analysis.config import get_paths
    from kkb_analysis.pipeline import load_year

    load = load_year(get_paths(data_dir=kota_sampel), 2023)
    tables = {b: r.table for b, r in load.results.items()}
    return compute_indicators(tables, 2023, load_settings())


def test_only_the_kkb_list_gives_the_same_schema_with_data_tidak_cukup(full):
    out = compute_indicators(_absent_tables(), 2023, load_settings())
    assert set(out) == set(full)
    for name, frame in full.items():
        assert list(out[name].columns) == list(frame.columns), name
    kkb = out["out_wilayah"].set_index("wilayah_id").loc["kkb:KKB-3672051004-01"]
    # no PK, no KKBPK, no e-PPGBM: rates are <NA> ("data tidak cukup"), never 0
    for column in (
        "cpr_pct",
        "krs_pct",
        "indeks_ibangga",
        "stunting_pct",
        "kkbpk_cpr_7_metode_pct",
    ):
        assert pd.isna(kkb[column]), column
    assert kkb["tingkat"] == "data tidak cukup"


def test_full_year_has_every_area_and_kkb_columns(full):
    wide = full["out_wilayah"]
    assert wide["wilayah_id"].is_unique
    kkb = wide[wide["jenis_wilayah"].eq("kkb")]
    assert len(kkb) == 13 and kkb["tingkat"].notna().all()
    # e-PPGBM and PK child counts keep separate names
    assert {"n_balita", "n_balita_eppgbm", "n_balita_eppgbm_agustus"} <= set(wide.columns)
    kota = wide[wide["jenis_wilayah"].eq("kota")].iloc[0]
    assert kota["n_intervensi_konvergensi"] > 0


def test_rw_rows_add_up_to_their_kkb(full):
    """out_rw splits each KKB without losing or inventing a family, person or child."""
    counts = [
        "n_keluarga",
        "n_penduduk",
        "n_balita",
        "n_keluarga_sasaran",
        "n_krs",
        "n_balita_diukur",
        "n_stunting",
    ]
    per_rw = full["out_rw"].groupby("kkb_id")[counts].sum()
    wide = full["out_wilayah"]
    kkb = wide[wide["jenis_wilayah"].eq("kkb")].set_index("kkb_id")[counts]
    assert len(per_rw) == 13
    pd.testing.assert_frame_equal(
        per_rw.sort_index(), kkb.loc[per_rw.index].sort_index(), check_dtype=False
    )
