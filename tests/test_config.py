"""Paths, settings overrides and the salt rules."""

from __future__ import annotations

import pytest

from kkb_analysis import config


def test_env_overrides_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("KKB_DATA_DIR", str(tmp_path / "d"))
    paths = config.get_paths()
    assert paths.raw_year(2023) == tmp_path / "d" / "raw" / "2023"
    assert paths.quarantine_year(2023) == tmp_path / "d" / "processed" / "2023" / "karantina"


def test_settings_override_and_unknown_key(tmp_path):
    good = tmp_path / "p.yaml"
    good.write_text("pus:\n  umur_istri: [15, 44]\n")
    assert config.load_settings(good)["pus"]["umur_istri"] == [15, 44]
    assert config.load_settings()["pus"]["umur_istri"] == [15, 49]  # defaults untouched
    bad = tmp_path / "q.yaml"
    bad.write_text("pus:\n  umur_isteri: [15, 44]\n")
    with pytest.raises(config.ConfigError, match=r"pus\.umur_isteri"):
        config.load_settings(bad)


def test_reference_tables_complete():
    wilayah = config.load_reference("wilayah")
    assert len(wilayah["kecamatan"]) == 8
    assert len(wilayah["kelurahan"]) == 43
    assert sum(k["penduduk"] for k in wilayah["kecamatan"]) == 483_015
    assert len(wilayah["kkb"]) == 13
    kel = {k["kode"] for k in wilayah["kelurahan"]}
    assert all(k["kode_kelurahan"] in kel for k in wilayah["kkb"])
