"""A KKB without rows in an optional file still gets its report, with "data tidak cukup".

The report notebook is executed (papermill, as ``kkb laporan`` does) for a KKB that has no
``kkb_kkbpk`` row — a new KKB, or a year without the KKBPK file, which docs/data.md §1.3
allows. The other optional files (a KKB with no rows in each of them, and each file absent)
were checked the same way when this test was written (see docs/keandalan.md); this test keeps
the case that used to fail.
"""

from __future__ import annotations

import shutil

import pandas as pd

from kkb_analysis.config import NOTEBOOK_LAPORAN, get_paths
from kkb_analysis.pipeline import build_year, load_year
from tests.eksekusi import eksekusi_notebook

KKB = "KKB-3672051004-01"


def test_report_of_a_kkb_without_kkbpk_rows(data_dir, tmp_path, monkeypatch):
    # the sample is edited below, so it is no longer the untouched sample the demo salt is for
    monkeypatch.setenv("KKB_SALT", "salt-uji-data-kosong-tidak-rahasia")
    root = tmp_path / "data"
    shutil.copytree(data_dir / "raw" / "2023", root / "raw" / "2023")
    kkbpk = root / "raw" / "2023" / "kkb_kkbpk.csv"
    rows = pd.read_csv(kkbpk, dtype=str, keep_default_na=False)
    assert rows["kkb_id"].eq(KKB).any()
    rows[rows["kkb_id"].ne(KKB)].to_csv(kkbpk, index=False)
    paths = get_paths(data_dir=root)
    folder = build_year(load_year(paths, 2023), paths)
    metode = pd.read_parquet(folder / "out_metode_kb.parquet")
    assert not metode["wilayah_id"].eq(f"kkb:{KKB}").any()  # the case that used to fail

    _, teks = eksekusi_notebook(
        NOTEBOOK_LAPORAN,
        tmp_path / "laporan.ipynb",
        {"kkb_id": KKB, "tahun": 2023, "data_dir": str(root), "laporan_dir": str(tmp_path)},
        monkeypatch,
    )
    assert "Kampung KB Panggung Rawi" in teks
    assert "data tidak cukup" in teks
