"""Labels that quote a setting follow the settings in force (issue 10, indicator catalogue).

The report reads ``config/pengaturan.yaml`` (or the file named by ``KKB_PENGATURAN``) through
``load_settings``; here the override file is pointed to by ``KKB_PENGATURAN``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kkb_analysis import config
from kkb_analysis.laporan import bagian, bagian_profil, narasi
from tests.eksekusi import eksekusi_notebook

KKB = "KKB-3672051004-01"
TAHUN = 2023
OVERRIDE = (
    "umur:\n  remaja: [10, 19]\n  sekolah: {SD: [7, 12], SMP: [13, 14], SMA: [15, 17]}\n"
    "kesejahteraan:\n  desil_kurang_mampu: [1, 3]\n"
)


@pytest.fixture
def pengaturan_lokal(monkeypatch, tmp_path) -> Path:
    """The project's ``config/pengaturan.yaml`` (the file an analyst edits) with the override,
    and no ``KKB_PENGATURAN``."""
    lokal = tmp_path / "config" / "pengaturan.yaml"
    lokal.parent.mkdir()
    lokal.write_text(OVERRIDE, encoding="utf-8")
    monkeypatch.delenv("KKB_PENGATURAN", raising=False)
    monkeypatch.setattr(config, "LOCAL_SETTINGS_FILE", lokal)
    return lokal


def _semua_teks(b) -> str:
    """Every text, row label and table cell of a section, joined."""
    bagian_teks = [*b.teks, *b.angka, *b.catatan_tabel.values()]
    for tabel in b.tabel.values():
        bagian_teks += [str(v) for v in tabel.to_numpy().ravel()]
        bagian_teks += [str(c) for c in tabel.columns]
    return "\n".join(bagian_teks)


def test_default_labels(data_dir, monkeypatch, tmp_path):
    kosong = tmp_path / "pengaturan.yaml"
    kosong.write_text("{}\n", encoding="utf-8")
    monkeypatch.setenv("KKB_PENGATURAN", str(kosong))
    d = bagian.muat(KKB, TAHUN, data_dir)
    teks = _semua_teks(bagian_profil.kependudukan(d))
    assert "Remaja (10–24 tahun)" in teks
    sekolah = _semua_teks(bagian_profil.pendidikan_dan_remaja(d))
    assert "APS 16–18 tahun" in sekolah
    assert "APS usia 16–18 tahun (PK)" in sekolah


def test_overriding_settings_changes_the_labels(data_dir, monkeypatch, tmp_path):
    """umur.remaja 10–19 (BPS) and SMA 15–17 appear in the rendered sections; the old ranges
    do not."""
    override = tmp_path / "pengaturan.yaml"
    override.write_text(OVERRIDE, encoding="utf-8")
    monkeypatch.setenv("KKB_PENGATURAN", str(override))
    d = bagian.muat(KKB, TAHUN, data_dir)
    assert d.pengaturan["umur"]["remaja"] == [10, 19]

    kependudukan = _semua_teks(bagian_profil.kependudukan(d))
    assert "Remaja (10–19 tahun)" in kependudukan
    assert "10–24" not in kependudukan

    sekolah = _semua_teks(bagian_profil.pendidikan_dan_remaja(d))
    assert "APS 15–17 tahun" in sekolah
    assert "Anak 7–17 tahun tidak sekolah" in sekolah
    assert "Remaja 10–19 tahun" in sekolah
    assert "APS usia 15–17 tahun (PK)" in sekolah  # the comparison sentence (narasi registry)
    assert "16–18" not in sekolah

    kesejahteraan = _semua_teks(bagian_profil.kesejahteraan(d))
    assert "desil 1–3 atau terdaftar DTKS" in kesejahteraan
    assert "desil 1–4" in kesejahteraan  # PKH targeting keeps its own setting (1–4)


def test_config_pengaturan_changes_what_the_notebook_cell_displays(
    data_dir, pengaturan_lokal, tampil
):
    """The report notebook's own calls (``bagian.muat``, ``bagian.kependudukan``) with
    config/pengaturan.yaml overridden: the HTML the cell displays carries the new range."""
    d = bagian.muat(KKB, TAHUN, data_dir)
    b = bagian.kependudukan(d)
    tampil_html = "\n".join(str(getattr(o, "data", "")) for o in tampil)
    assert "Remaja (10–19 tahun)" in tampil_html
    assert "Remaja (10–19 tahun)" in b.html
    assert "10–24" not in tampil_html + b.html

    tampil.clear()
    bagian.pendidikan_dan_remaja(d)
    tampil_html = "\n".join(str(getattr(o, "data", "")) for o in tampil)
    assert "APS 15–17 tahun" in tampil_html
    assert "16–18" not in tampil_html


def test_recommendation_quotes_the_school_age_setting():
    """The recommendation for a low APS SMA names the SMA age range of the settings."""
    assert "anak usia 16–18 tahun" in narasi.rekomendasi(["aps_sma_pct"])[0]
    lain = narasi.rekomendasi(["aps_sma_pct"], {"umur": {"sekolah": {"SMA": [15, 17]}}})[0]
    assert "anak usia 15–17 tahun" in lain
    for kolom in narasi.REKOMENDASI:  # every template renders: no unknown setting, no brace
        teks = narasi.rekomendasi([kolom])[0]
        assert "{" not in teks and "}" not in teks, kolom


def test_rendered_report_notebook_follows_the_settings(data_dir, tmp_path, monkeypatch):
    """The whole report notebook executed in its own kernel (as kkb laporan does), settings
    from an override file: the rendered output shows the overridden ranges only."""
    override = tmp_path / "pengaturan.yaml"
    override.write_text(OVERRIDE, encoding="utf-8")
    monkeypatch.setenv("KKB_PENGATURAN", str(override))  # the kernel inherits the environment
    _, teks = eksekusi_notebook(
        config.PROJECT_ROOT / "notebooks" / "laporan_kkb.ipynb",
        tmp_path / "laporan.ipynb",
        {"kkb_id": KKB, "tahun": TAHUN, "data_dir": str(data_dir), "laporan_dir": str(tmp_path)},
        monkeypatch,
    )
    assert "Remaja (10–19 tahun)" in teks
    assert "APS 15–17 tahun" in teks
    assert "10–24" not in teks and "16–18" not in teks
    # the technical appendix lists the defaults next to the overridden values: "(baku: …)"
    _, teks = eksekusi_notebook(
        config.PROJECT_ROOT / "notebooks" / "lampiran_kkb.ipynb",
        tmp_path / "lampiran.ipynb",
        {"kkb_id": KKB, "tahun": TAHUN, "data_dir": str(data_dir), "laporan_dir": str(tmp_path)},
        monkeypatch,
    )
    assert "15–17 tahun (SMA)" in teks
    assert "ya (baku: 10–24)" in teks
    tanpa_baku = re.sub(r"\(baku: [^)]*\)", "", teks)
    assert "10–24" not in tanpa_baku
    assert "16–18" not in tanpa_baku
