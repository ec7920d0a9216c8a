"""Tests of the table comparison behind ``bench/banding_keluaran.py`` (hand-made frames, fast).

The script compares the ``out_*`` tables two commits build; a refactor passes when it reports
everything ``sama``. These tests make sure every kind of difference is caught and that equal
data (NaN included) is not reported as different.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "banding_keluaran.py"


@pytest.fixture(scope="module")
def bk():
    """The script imported as a module."""
    spec = importlib.util.spec_from_file_location("banding_keluaran", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["banding_keluaran"] = module
    spec.loader.exec_module(module)
    return module


def _wide() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wilayah_id": ["kota", "kec-01", "kkb-01"],
            "nama_wilayah": ["Cilegon", "Ciwandan", "KKB Melati"],
            "jumlah_keluarga": [100, 40, 12],
            "mcpr_pct": [55.5, np.nan, 60.25],
        }
    )


def _long() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wilayah_id": ["kota", "kota", "kkb-01", "kkb-01"],
            "kelompok_umur": ["0-4", "5-9", "0-4", "5-9"],
            "jumlah": [10, 12, 3, 4],
            "keterangan": ["a", "b", "c", "d"],
        }
    )


def test_identical_tables_are_sama(bk):
    result = bk.compare_tables(_wide(), _wide(), "out_wilayah")
    assert result.status == "sama"
    assert [c.status for c in result.columns] == ["sama"] * 4
    assert result.key == ["wilayah_id"]
    assert not bk.is_different(result)


def test_identical_after_row_shuffle_is_sama_only_when_order_is_ignored(bk):
    after = _wide().iloc[[2, 0, 1]].reset_index(drop=True)
    result = bk.compare_tables(_wide(), after, "out_wilayah")
    assert result.row_order_changed
    assert result.differing_columns == []
    assert result.rows_only_a == result.rows_only_b == 0
    assert bk.is_different(result)
    assert not bk.is_different(result, ignore_order=True)


def test_one_changed_cell_is_found_with_its_key_and_both_values(bk):
    after = _wide()
    after.loc[after["wilayah_id"] == "kec-01", "jumlah_keluarga"] = 41
    result = bk.compare_tables(_wide(), after, "out_wilayah")
    assert result.status == "BEDA"
    [column] = result.differing_columns
    assert column.name == "jumlah_keluarga"
    assert (column.differing, column.compared) == (1, 3)
    assert column.examples == [{"kunci": {"wilayah_id": "kec-01"}, "a": 40, "b": 41}]


def test_missing_values_equal_each_other_but_not_a_number(bk):
    before = pd.DataFrame(
        {
            "wilayah_id": ["a", "b", "c"],
            "x": pd.array([1.5, None, None], dtype="Float64"),
            "y": [np.nan, np.nan, 2.0],
            "t": pd.array([None, "q", None], dtype="string"),
        }
    )
    after = before.copy()
    assert bk.compare_tables(before, after).status == "sama"
    after.loc[2, "y"] = np.nan  # 2.0 -> NaN
    after.loc[1, "x"] = 0.0  # <NA> -> 0.0
    result = bk.compare_tables(before, after)
    assert {c.name: c.differing for c in result.differing_columns} == {"x": 1, "y": 1}


def test_added_and_removed_columns_are_listed(bk):
    after = _wide().drop(columns=["nama_wilayah"]).assign(umur_kelompok=["x", "y", "z"])
    result = bk.compare_tables(_wide(), after, "out_wilayah")
    assert result.columns_only_a == ["nama_wilayah"]
    assert result.columns_only_b == ["umur_kelompok"]
    assert result.differing_columns == []
    assert bk.is_different(result)
    diffs = bk.difference_list([result])
    assert set(diffs) == {"out_wilayah.nama_wilayah", "out_wilayah.umur_kelompok"}


def test_missing_row_is_counted_and_the_rest_still_compared(bk):
    after = _long().drop(index=1)  # (kota, 5-9) gone
    after.loc[3, "jumlah"] = 5  # (kkb-01, 5-9): 4 -> 5
    result = bk.compare_tables(_long(), after, "out_piramida")
    assert result.key == ["wilayah_id", "kelompok_umur"]
    assert (result.rows_a, result.rows_b) == (4, 3)
    assert (result.rows_only_a, result.rows_only_b) == (1, 0)
    assert result.rows_only_a_examples == [{"wilayah_id": "kota", "kelompok_umur": "5-9"}]
    [column] = result.differing_columns
    assert (column.name, column.differing, column.compared) == ("jumlah", 1, 3)


def test_derived_key_stops_before_free_text(bk):
    assert bk.derive_key(_long(), _long()) == ["wilayah_id", "kelompok_umur"]
    changed = _long().assign(keterangan="")  # emptied text: a cell change, not new rows
    result = bk.compare_tables(_long(), changed)
    assert result.rows_only_a == result.rows_only_b == 0
    assert [(c.name, c.differing) for c in result.differing_columns] == [("keterangan", 4)]


def test_numbers_are_exact_unless_a_tolerance_is_given(bk):
    before = pd.DataFrame({"wilayah_id": ["a", "b"], "v": [0.1 + 0.2, 1.0]})
    after = pd.DataFrame({"wilayah_id": ["a", "b"], "v": [0.3, 1.0]})
    assert bk.compare_tables(before, after).differing_columns[0].differing == 1
    assert bk.compare_tables(before, after, tolerance=1e-12).status == "sama"
    big = pd.DataFrame({"wilayah_id": ["a"], "n": np.array([2**53 + 1], dtype="int64")})
    bigger = pd.DataFrame({"wilayah_id": ["a"], "n": np.array([2**53], dtype="int64")})
    assert bk.compare_tables(big, bigger).status == "BEDA"  # equal as float64, not as integers


def test_dtype_change_is_reported_even_when_values_match(bk):
    after = _wide().astype({"jumlah_keluarga": "float64"})
    result = bk.compare_tables(_wide(), after, "out_wilayah")
    assert result.dtype_changes == {"jumlah_keluarga": ["int64", "float64"]}
    assert result.differing_columns == []
    assert bk.is_different(result)


def test_folders_tables_only_on_one_side_and_report_text(bk, tmp_path):
    for side in ("a", "b"):
        (tmp_path / side / "2023").mkdir(parents=True)
        _wide().to_parquet(tmp_path / side / "2023" / "out_wilayah.parquet", index=False)
    _long().to_parquet(tmp_path / "a" / "2023" / "out_piramida.parquet", index=False)
    _long().to_parquet(tmp_path / "a" / "2023" / "core_x.parquet", index=False)
    results = bk.compare_folders(tmp_path / "a", tmp_path / "b")
    assert [(r.year, r.table, r.status) for r in results] == [
        ("2023", "out_piramida", "hanya_a"),
        ("2023", "out_wilayah", "sama"),
    ]
    text = bk.format_report(results, ["judul"], ignore_order=False, verbose=False)
    assert "BEDA  out_piramida" in text
    assert "sama  out_wilayah" in text
    assert "1 sama, 1 BEDA" in text
