"""The developer-text scanner itself: hand-written strings that must be flagged or must pass."""

from __future__ import annotations

import pytest

from tests.teks_pembaca import teks_pengembang, teks_tampak_html


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        (
            "Aturan klasifikasi.pembulatan = half_even berlaku.",
            ["klasifikasi.pembulatan", "half_even"],
        ),
        ("Nilai ibangga.v6_belum_kawin tidak ada.", ["ibangga.v6_belum_kawin"]),
        ("Kolom n_penduduk dihitung ulang.", ["n_penduduk"]),
        ("Syarat minimal_satu dipakai.", ["minimal_satu"]),
        ("Lihat docs/metodologi.md untuk rinciannya.", ["docs/metodologi.md"]),
        ("Tabel olahan di data/processed/2023/ dipakai.", ["data/processed/2023/"]),
        ("Daftar masalah ada di masalah_data.csv.", ["masalah_data.csv"]),
        ("Berkas laporan.pdf dan indikator_kkb.xlsx", ["laporan.pdf", "indikator_kkb.xlsx"]),
        ("Disimpan di /home/analis/laporan/ kemarin.", ["/home/analis/laporan/"]),
        ("Disimpan di C:\\Users\\analis\\kkb kemarin.", ["C:\\Users\\analis\\kkb kemarin."]),
        ("Terdapat 41 aturan bertanda [asumsi].", ["[asumsi]"]),
        ("Kampung KB KKB-3672051004-01 berada di Jombang.", ["KKB-3672051004-01"]),
        ("Batas wilayah null = semua.", ["null"]),
        ("Nilai NaN, None, True dan False.", ["NaN", "None", "True", "False"]),
        ("Cakupan <NA> dan NA di tabel.", ["<NA>", "NA"]),
        ("Nilai n/a untuk kelurahan.", ["n/a"]),
        ("Rasio of the anak and ibu.", ["of", "the", "and"]),
        ("Terjadi error: file missing di folder laporan.", ["error", "file", "missing", "folder"]),
        ("Warning: default settings dipakai.", ["Warning", "default", "settings"]),
        ("Lihat report, column dan table berikut.", ["report", "column", "table"]),
    ],
)
def test_teks_pengembang_ditandai(teks, harapan):
    assert teks_pengembang(teks) == harapan


@pytest.mark.parametrize(
    "teks",
    [
        "Kampung KB Panggung Rawi berada pada tingkat Berkelanjutan (indeks input 3,40; "
        "indeks proses 3,67; indeks output 3,50).",
        "Prevalensi stunting balita (e-PPGBM 2023) 8,2% (n = 770 balita diukur), di bawah "
        "target nasional 14%.",
        "Data total penduduk 10.649 jiwa; status data: lengkap; median umur 29 tahun.",
        "Regulasi: SK Kecamatan tentang Kampung KB Nomor 400/388/SK-Camat.Jbg/2017.",
        "Perbandingan BB/U, TB/U dan BB/TB per kecamatan; KB/KR dan/atau PUS/WUS.",
        "Sumber: PK 2023 (Pendataan Keluarga), diolah DP3AP2KB Kota Cilegon; lihat "
        "kampungkb.bkkbn.go.id.",
        "Tanggal terbit 7 Desember 2026; dicetak 7/12/2026; s.d. Desember; dll.",
        "No. 12 Tahun 2022, ibu hamil, pasangan usia subur (PUS) dan remaja.",
        "Program Bangga Kencana, level tingkat klasifikasi, target 2024, peringkat 3 dari 13.",
        "Tabel 3. Jumlah keluarga menurut kesejahteraan; Gambar 2. Piramida penduduk.",
    ],
)
def test_teks_pembaca_lolos(teks):
    assert teks_pengembang(teks) == []


def test_teks_tampak_html_memuat_alt_dan_label_tanpa_css():
    html = (
        "<html><head><title>Laporan Melati</title><style>.x_y { color: red }</style></head>"
        '<body><img alt="Grafik file_lama" src="data:,"><div aria-label="Tabel report">'
        "<p>Isi laporan</p></div><script>var a_b = 1;</script></body></html>"
    )
    teks = teks_tampak_html(html)
    assert "Laporan Melati" in teks and "Isi laporan" in teks
    assert "x_y" not in teks and "a_b" not in teks  # CSS and scripts are not read
    assert teks_pengembang(teks) == ["file_lama", "report"]
