"""The warm kernel's loader cache (kkb_analysis/laporan/_kernel.py: disimpan)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from kkb_analysis.laporan import _kernel


@pytest.fixture
def aktif():
    _kernel.aktifkan_simpanan()
    yield
    _kernel.aktifkan_simpanan(False)


def _pemuat(folder):
    panggilan = []

    @_kernel.disimpan(lambda kkb_id, tahun: folder)
    def muat(kkb_id, tahun):
        panggilan.append(kkb_id)
        return {"tabel": pd.read_parquet(folder / "t.parquet"), "kkb": kkb_id}

    return muat, panggilan


def _tabel(folder, nilai):
    folder.mkdir(exist_ok=True)
    pd.DataFrame({"x": [nilai]}).to_parquet(folder / "t.parquet")


def test_three_documents_of_a_kkb_load_once_each_gets_its_own_copy(tmp_path, aktif):
    _tabel(tmp_path, 1)
    muat, panggilan = _pemuat(tmp_path)
    a, b, c = muat("K1", 2023), muat("K1", 2023), muat("K1", 2023)
    assert panggilan == ["K1"]
    a["tabel"].loc[0, "x"] = 99  # a document changing its data …
    assert b["tabel"].loc[0, "x"] == 1 and c["tabel"].loc[0, "x"] == 1  # … changes no other
    assert muat("K1", 2023)["tabel"].loc[0, "x"] == 1


def test_another_kkb_or_a_changed_file_is_read_again(tmp_path, aktif):
    _tabel(tmp_path, 1)
    muat, panggilan = _pemuat(tmp_path)
    muat("K1", 2023)
    muat("K2", 2023)
    assert panggilan == ["K1", "K2"]
    _tabel(tmp_path, 2)  # rebuilt table: new size/mtime
    st = (tmp_path / "t.parquet").stat()
    os.utime(tmp_path / "t.parquet", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert muat("K2", 2023)["tabel"].loc[0, "x"] == 2
    assert panggilan == ["K1", "K2", "K2"]


def test_edited_settings_file_invalidates(tmp_path, aktif, monkeypatch):
    _tabel(tmp_path / "d", 1)
    lokal = tmp_path / "p.yaml"
    lokal.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setenv("KKB_PENGATURAN", str(lokal))
    muat, panggilan = _pemuat(tmp_path / "d")
    muat("K1", 2023)
    lokal.write_text("a: 22\n", encoding="utf-8")
    muat("K1", 2023)
    assert panggilan == ["K1", "K1"]


def test_off_outside_a_warm_kernel(tmp_path):
    _tabel(tmp_path, 1)
    muat, panggilan = _pemuat(tmp_path)
    muat("K1", 2023)
    muat("K1", 2023)
    assert panggilan == ["K1", "K1"]


def test_dasar_muat_is_cached_in_a_warm_kernel(kota_sampel, aktif):
    from kkb_analysis.laporan import dasar

    d1 = dasar.muat("KKB-3672051004-01", 2023, kota_sampel)
    d2 = dasar.muat("KKB-3672051004-01", 2023, kota_sampel)
    assert d1 is not d2 and d1.tabel["out_wilayah"] is not d2.tabel["out_wilayah"]
    assert d1.nama == d2.nama
    pd.testing.assert_frame_equal(d1.tabel["out_rw"], d2.tabel["out_rw"])
