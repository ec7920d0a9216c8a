"""Report sections (kkb_analysis.laporan.bagian) on a small built sample city."""

from __future__ import annotations

import pandas as pd
import pytest
from IPython import display as ipy_display

from kkb_analysis.config import get_paths
from kkb_analysis.laporan import bagian
from kkb_analysis.laporan.format import format_angka, format_nilai, format_persen
from kkb_analysis.pipeline import build_year, load_year
from kkb_analysis.sampel import generate_sample

KKB = "KKB-3672051004-01"
TAHUN = 2023
JAHAT = "<script>alert('x')</script> & Co"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("kota_laporan")
    generate_sample(root / "raw", scale=0.03)
    paths = get_paths(data_dir=root)
    for tahun in (2022, 2023):
        build_year(load_year(paths, tahun), paths)
    return root


@pytest.fixture
def tampil(monkeypatch):
    """Collect what the sections display instead of printing it."""
    objek: list = []
    monkeypatch.setattr(ipy_display, "display", lambda *o, **_: objek.extend(o))
    return objek


@pytest.fixture
def d(data_dir):
    return bagian.muat(KKB, TAHUN, data_dir)


def _teks_tampil(objek) -> str:
    return "\n".join(
        o.data for o in objek if isinstance(o, (ipy_display.HTML, ipy_display.Markdown))
    )


def test_muat_rows(d):
    assert d.kkb_id == KKB
    assert d.wilayah_id == f"kkb:{KKB}"
    assert d.kelurahan["wilayah_id"] == f"kel:{d.kkb['kode_kelurahan']}"
    assert str(d.kota["wilayah_id"]).startswith("kota:")
    assert {"out_wilayah", "out_piramida", "out_klasifikasi"} <= set(d.tabel)
    # the "kkb:" prefix is accepted too
    assert bagian.muat(f"kkb:{KKB}", TAHUN, d.folder.parent.parent).kkb_id == KKB


def test_muat_unknown_kkb(data_dir):
    with pytest.raises(bagian.LaporanError, match=r"KKB-0000000000-99.*tidak ada di out_wilayah"):
        bagian.muat("KKB-0000000000-99", TAHUN, data_dir)


def test_muat_missing_year(data_dir):
    with pytest.raises(bagian.LaporanError, match=r"kkb bangun --tahun 2019' dulu"):
        bagian.muat(KKB, 2019, data_dir)


def test_identitas(d, tampil):
    b = bagian.identitas(d)
    assert b.angka["Kode KKB"] == KKB
    assert b.angka["Nama Kampung KB"] == d.nama
    assert b.angka["Jumlah penduduk (PK)"] == format_angka(d.kkb["n_penduduk"])
    assert "PK 2023" in b.teks_gabungan
    assert tampil, "the section displays something"


def test_ringkasan_eksekutif(d, tampil):
    b = bagian.ringkasan_eksekutif(d)
    assert b.teks[0].startswith(d.nama)
    assert b.angka["Indeks input"] == format_nilai(d.kkb["index_input"], "index_input")
    assert b.angka["Indeks output"] == format_nilai(d.kkb["index_output"], "index_output")
    perbandingan = [t for t in b.teks if t.startswith("- ")]
    assert 4 <= len(perbandingan) <= 6
    assert format_persen(d.kkb["cpr_pct"]) in b.teks_gabungan
    assert "Isu utama:" in b.teks and "Rekomendasi:" in b.teks


def test_kependudukan(d, tampil):
    b = bagian.kependudukan(d)
    n = format_angka(d.kkb["n_penduduk"])
    assert f"dihuni {n} jiwa" in b.teks[0]
    tabel = b.tabel["Angka kunci kependudukan"]
    assert tabel.loc[tabel["Indikator"] == "Jumlah penduduk", d.nama].item() == n
    kota = format_angka(d.kota["n_penduduk"])
    assert kota in tabel.loc[tabel["Indikator"] == "Jumlah penduduk"].iloc[0].tolist()
    assert len(b.grafik) == 1 and b.grafik[0].sumber.startswith("Sumber: PK 2023")
    assert "Sumber: PK 2023" in b.html
    assert any(isinstance(o, ipy_display.Image) for o in tampil)


def test_kb_dan_poktan(d, tampil):
    b = bagian.kb_dan_poktan(d)
    kb = b.tabel["Indikator KB menurut sumber"]
    assert set(kb["Sumber"]) == {"PK 2023", "KKBPK Desember 2023"}
    cpr = kb.loc[(kb["Indikator"] == "CPR") & (kb["Sumber"] == "PK 2023"), d.nama].item()
    assert cpr == format_persen(d.kkb["cpr_pct"])
    pok = b.tabel["Partisipasi poktan"]
    asli = d.tabel["out_poktan"].query("kkb_id == @KKB")
    assert len(pok) == len(asli) == 5
    assert pok["Partisipasi"].iloc[0].startswith(format_persen(asli["partisipasi_pct"].iloc[0]))
    assert "KKBPK Desember 2023" in b.grafik[0].sumber


def test_stunting_dan_krs(d, tampil):
    b = bagian.stunting_dan_krs(d)
    k = d.kkb
    kalimat = b.teks[0]
    for kolom in ("stunting_pct", "stunting_ci_low_pct", "stunting_ci_high_pct"):
        assert format_persen(k[kolom]) in kalimat
    assert f"n = {format_angka(k['n_balita_diukur'])}" in kalimat
    assert str(k["stunting_kategori"]) in kalimat
    assert any("SSGI" in t for t in b.teks)
    rekap = b.tabel["Rekap keluarga berisiko stunting"]
    krs = d.tabel["out_rekap_krs"].set_index("kode_wilayah").loc[d.wilayah_id, "total_krs"]
    assert rekap.loc[
        rekap["Komponen"].str.startswith("Keluarga berisiko"), "Jumlah keluarga"
    ].item() == format_angka(krs)
    assert b.grafik[0].sumber.startswith("Sumber: e-PPGBM 2023")


def test_klasifikasi(d, tampil):
    b = bagian.klasifikasi(d)
    skor = b.tabel["Skor 12 indikator"]
    assert len(skor) == 12
    assert b.angka["Tingkat"] == d.kkb["tingkat"]
    assert len(b.tabel["Rencana ke tingkat berikutnya"]) >= 1
    assert "Profil KKB 2023" in b.grafik[0].sumber


def test_bagian_returned_value_does_not_redisplay(d, tampil):
    b = bagian.identitas(d)
    n = len(tampil)
    b._ipython_display_()
    assert len(tampil) == n


def test_escaping(d, tampil):
    wide = d.wilayah.copy()
    wide["nama_wilayah"] = wide["nama_wilayah"].astype("string")
    wide.loc[wide["wilayah_id"] == d.wilayah_id, "nama_wilayah"] = JAHAT
    d.tabel["out_wilayah"] = wide
    d.kkb = wide.loc[wide["wilayah_id"] == d.wilayah_id].iloc[0]
    kl = d.tabel["out_klasifikasi"].copy()
    kl["keterangan"] = kl["keterangan"].astype("string")
    kl.loc[kl["kkb_id"] == KKB, "keterangan"] = JAHAT
    d.tabel["out_klasifikasi"] = kl
    fungsi = (
        bagian.identitas,
        bagian.ringkasan_eksekutif,
        bagian.kependudukan,
        bagian.kb_dan_poktan,
        bagian.stunting_dan_krs,
        bagian.klasifikasi,
    )
    for f in fungsi:
        b = f(d)
        assert JAHAT in b.teks_gabungan  # the plain return keeps the text
        assert "<script>" not in b.html
        assert "&lt;script&gt;" in b.html
    shown = _teks_tampil(tampil)
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown
    assert isinstance(d.kkb, pd.Series)
