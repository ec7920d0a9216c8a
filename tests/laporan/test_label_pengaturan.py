"""Labels that quote a setting follow the settings in force (issue 10, indicator catalogue).

The report reads ``config/pengaturan.yaml`` (or the file named by ``KKB_PENGATURAN``) through
``load_settings``; here the override file is pointed to by ``KKB_PENGATURAN``.
"""

from __future__ import annotations

from kkb_analysis.laporan import bagian, bagian_profil

KKB = "KKB-3672051004-01"
TAHUN = 2023


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
    assert "16–18 tahun (SMA)" in sekolah
    assert "APS usia 16–18 tahun (PK)" in sekolah


def test_overriding_settings_changes_the_labels(data_dir, monkeypatch, tmp_path):
    """umur.remaja 10–19 (BPS) and SMA 15–17 appear in the rendered sections; the old ranges
    do not."""
    override = tmp_path / "pengaturan.yaml"
    override.write_text(
        "umur:\n  remaja: [10, 19]\n  sekolah: {SD: [7, 12], SMP: [13, 14], SMA: [15, 17]}\n"
        "kesejahteraan:\n  desil_kurang_mampu: [1, 3]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KKB_PENGATURAN", str(override))
    d = bagian.muat(KKB, TAHUN, data_dir)
    assert d.pengaturan["umur"]["remaja"] == [10, 19]

    kependudukan = _semua_teks(bagian_profil.kependudukan(d))
    assert "Remaja (10–19 tahun)" in kependudukan
    assert "10–24" not in kependudukan

    sekolah = _semua_teks(bagian_profil.pendidikan_dan_remaja(d))
    assert "15–17 tahun (SMA)" in sekolah
    assert "APS 15–17 tahun" in sekolah
    assert "Anak 7–17 tahun tidak sekolah" in sekolah
    assert "Remaja 10–19 tahun" in sekolah
    assert "APS usia 15–17 tahun (PK)" in sekolah  # the comparison sentence (narasi registry)
    assert "16–18" not in sekolah

    kesejahteraan = _semua_teks(bagian_profil.kesejahteraan(d))
    assert "desil 1–3 atau terdaftar DTKS" in kesejahteraan
    assert "desil 1–4" in kesejahteraan  # PKH targeting keeps its own setting (1–4)
