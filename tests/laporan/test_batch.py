"""``kkb laporan`` end to end on a small built city: outputs, skipping, failures, lock, PDF.

One batch is rendered per module (13 KKB + the city summary, two workers); the later tests
re-run it in ways that must skip, re-render or fail only what they should.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from kkb_analysis import cli
from kkb_analysis.config import NOTEBOOK_LAPORAN, get_paths
from kkb_analysis.laporan import batch, rencana
from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, assert_offline, find_browser
from kkb_analysis.laporan.format import format_angka
from tests.privasi import find_leaks, personal_values

TAHUN = 2023
KKB = "KKB-3672051004-01"
A4_PT = (595.3, 841.9)

try:
    find_browser()
    ADA_BROWSER = True
except BrowserTidakDitemukan:
    ADA_BROWSER = False
perlu_browser = pytest.mark.skipif(not ADA_BROWSER, reason="Chromium tidak terpasang")


@pytest.fixture(scope="module")
def kota(kota_sampel, tmp_path_factory):
    """The shared built city (read-only) with a report folder of this module's own."""
    return get_paths(data_dir=kota_sampel, reports_dir=tmp_path_factory.mktemp("laporan_batch"))


@pytest.fixture(scope="module")
def run(kota):
    return batch.jalankan_laporan(kota, TAHUN, pekerja=2, pdf=ADA_BROWSER, progres=False)


def _status(r: batch.RingkasanRun) -> dict[str, str]:
    return {e.tugas_id: e.status for e in r.entri}


def _mtimes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and p.name != batch.MANIFEST and not p.name.startswith(".")
    }


def test_every_report_is_rendered(run, kota):
    wide = pd.read_parquet(kota.processed_year(TAHUN) / "out_wilayah.parquet")
    aktif = set(wide.loc[wide["jenis_wilayah"].eq("kkb"), "kkb_id"])
    assert set(_status(run)) == aktif | {batch.REKAP_ID}
    assert set(_status(run).values()) == {"berhasil"}, batch.format_ringkasan(run)
    folder = kota.reports_year(TAHUN)
    for k in aktif:
        for nama in ("laporan.html", "laporan.ipynb") + (("laporan.pdf",) if ADA_BROWSER else ()):
            assert (folder / k / nama).is_file(), (k, nama)
    for nama in ("rekap_kota.html", "rekap_kota.ipynb", "index.html", "indikator_kkb.xlsx"):
        assert (folder / nama).is_file(), nama
    assert not [p for p in folder.rglob("*") if ".tmp-" in p.name]


def test_html_has_every_section_real_numbers_and_nothing_external(run, kota):
    html = (kota.reports_year(TAHUN) / KKB / "laporan.html").read_text(encoding="utf-8")
    nb = nbformat.read(NOTEBOOK_LAPORAN, as_version=4)
    judul = [c.source.removeprefix("## ") for c in nb.cells if c.source.startswith("## ")]
    assert len(judul) >= 12  # foreword, summary and the thematic sections (short report)
    for j in judul:
        assert j.replace("&", "&amp;") in html, j
    wide = pd.read_parquet(kota.processed_year(TAHUN) / "out_wilayah.parquet")
    baris = wide.set_index("wilayah_id").loc[f"kkb:{KKB}"]
    for kolom in ("n_penduduk", "n_keluarga"):
        assert format_angka(baris[kolom]) in html, kolom
    assert str(baris["nama_wilayah"]) in html
    assert assert_offline(html) == []
    assert not re.search(r"<script", html, re.I)
    assert "kkb_id = " not in html and "bagian.muat" not in html  # no code, no parameters
    assert "Catatan untuk analis" not in html  # the analyst note is not printed


@perlu_browser
def test_pdf_is_a4_with_page_numbers_and_the_kkb_name(run, kota):
    wide = pd.read_parquet(kota.processed_year(TAHUN) / "out_wilayah.parquet")
    nama = str(wide.set_index("wilayah_id").loc[f"kkb:{KKB}", "nama_wilayah"])
    reader = PdfReader(kota.reports_year(TAHUN) / KKB / "laporan.pdf")
    n = len(reader.pages)
    assert n >= 5
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_PT, abs=1
        )
    teks = [p.extract_text() for p in reader.pages]
    assert f"Halaman 2 dari {n}" in teks[1]
    assert f"Halaman {n} dari {n}" in teks[-1]
    assert nama in teks[0] and nama in teks[-1]  # cover and running header


def test_manifest_records_the_run(run, kota):
    m = json.loads((kota.reports_year(TAHUN) / batch.MANIFEST).read_text(encoding="utf-8"))
    assert m["tahun"] == TAHUN
    assert m["versi"]["pandas"] == pd.__version__
    assert set(m["berkas_masukan_sha256"]) >= {"out_wilayah.parquet", "out_rw.parquet"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", v) for v in m["berkas_masukan_sha256"].values())
    assert "pk_anggota" in m["validasi"]["mentah_sha256"]
    dibaca = sum(b["baris_dibaca"] for b in m["validasi"]["berkas"])
    dimuat = sum(b["baris_dimuat"] for b in m["validasi"]["berkas"])
    ditolak = sum(b["baris_ditolak"] for b in m["validasi"]["berkas"])
    assert dibaca == dimuat + ditolak
    e = m["laporan"][KKB]
    assert e["status"] == "berhasil" and re.fullmatch(r"[0-9a-f]{64}", e["kunci"])
    assert e["durasi_detik"] > 0
    assert m["jumlah"]["berhasil"] == len(m["laporan"])
    assert m["waktu_detik"]["total_detik"] > 0


def test_warm_rerun_skips_everything_and_rewrites_nothing(run, kota):
    folder = kota.reports_year(TAHUN)
    sebelum = _mtimes(folder)
    r = batch.jalankan_laporan(kota, TAHUN, pdf=ADA_BROWSER, progres=False)
    assert set(_status(r).values()) == {"dilewati"}
    assert _mtimes(folder) == sebelum


def test_changed_notebook_rerenders(run, kota, tmp_path, monkeypatch):
    salinan = tmp_path / "laporan_kkb.ipynb"
    nb = nbformat.read(NOTEBOOK_LAPORAN, as_version=4)
    nb.cells[-2].source += " (diubah)"
    nbformat.write(nb, salinan)
    monkeypatch.setattr(rencana, "NOTEBOOK_LAPORAN", salinan)
    r = batch.jalankan_laporan(kota, TAHUN, kkb=[KKB], pdf=False, progres=False)
    st = _status(r)
    assert st[KKB] == "berhasil"
    # the others were not selected: they keep the status of the last run (good, unchanged)
    assert {s for k, s in st.items() if k != KKB} <= {"berhasil", "dilewati"}
    html = (kota.reports_year(TAHUN) / KKB / "laporan.html").read_text(encoding="utf-8")
    assert "(diubah)" in html


def test_content_key_ignores_locations_but_not_content(tmp_path):
    nb = tmp_path / "a.ipynb"
    nb.write_text("{}", encoding="utf-8")
    dasar = batch.kunci_tugas(nb, {"kkb_id": "X", "data_dir": "/a"}, {"f": "1"}, "k")
    assert batch.kunci_tugas(nb, {"kkb_id": "X", "data_dir": "/b"}, {"f": "1"}, "k") == dasar
    assert batch.kunci_tugas(nb, {"kkb_id": "Y", "data_dir": "/a"}, {"f": "1"}, "k") != dasar
    assert batch.kunci_tugas(nb, {"kkb_id": "X", "data_dir": "/a"}, {"f": "2"}, "k") != dasar
    assert batch.kunci_tugas(nb, {"kkb_id": "X", "data_dir": "/a"}, {"f": "1"}, "k2") != dasar
    nb.write_text('{"x": 1}', encoding="utf-8")
    assert batch.kunci_tugas(nb, {"kkb_id": "X", "data_dir": "/a"}, {"f": "1"}, "k") != dasar


@pytest.mark.parametrize(
    "kkb_id", ["../../etc", "KKB 01", "a/b", "", "..", "KKB-01/../x", "-rf", "x" * 65]
)
def test_unsafe_kkb_id_is_refused_before_any_path(kkb_id):
    with pytest.raises(batch.LaporanBatchError, match="tidak sah"):
        batch.periksa_kkb_id(kkb_id)


def test_unknown_kkb_is_refused_with_the_list(kota):
    with pytest.raises(batch.LaporanBatchError, match=KKB):
        batch.jalankan_laporan(kota, TAHUN, kkb=["KKB-9999999999-01"], progres=False)


def test_second_run_on_the_same_folder_is_refused(run, kota):
    with (
        batch.kunci_folder(kota.reports_year(TAHUN)),
        pytest.raises(batch.LaporanBatchError, match="sedang dipakai"),
    ):
        batch.jalankan_laporan(kota, TAHUN, progres=False)


def test_missing_processed_year_says_what_to_run(kota):
    with pytest.raises(batch.LaporanBatchError, match="kkb bangun --tahun 2031"):
        batch.jalankan_laporan(kota, 2031, progres=False)


def test_missing_browser_keeps_html_and_says_what_to_do(run, kota, monkeypatch, capsys):
    monkeypatch.setenv("KKB_CHROMIUM", "/tidak/ada/chromium")
    kode = cli.main(
        [
            "--data-dir",
            str(kota.data),
            "--laporan-dir",
            str(kota.reports),
            "laporan",
            "--tahun",
            str(TAHUN),
            "--kkb",
            KKB,
            "--paksa",
            "--tanpa-progres",
        ]
    )
    out = capsys.readouterr().out
    assert kode == cli.EXIT_LAPORAN_GAGAL
    assert "KKB_CHROMIUM" in out and KKB in out
    folder = kota.reports_year(TAHUN) / KKB
    assert (folder / "laporan.html").is_file() and not (folder / "laporan.pdf").exists()
    # the next run with a browser repairs it: --ulang-gagal renders only that KKB
    monkeypatch.delenv("KKB_CHROMIUM")
    if ADA_BROWSER:
        r = batch.jalankan_laporan(kota, TAHUN, ulang_gagal=True, progres=False)
        st = _status(r)
        assert st[KKB] == "berhasil" and (folder / "laporan.pdf").is_file()


def test_interrupted_run_leftovers_are_removed(run, kota):
    folder = kota.reports_year(TAHUN)
    sisa = folder / KKB / ".laporan.tmp-1-deadbeef.pdf"
    sisa.write_bytes(b"%PDF-1.7 setengah")
    batch.jalankan_laporan(kota, TAHUN, pdf=ADA_BROWSER, progres=False)
    assert not sisa.exists()


def test_failing_kkb_does_not_stop_the_others(kota, tmp_path):
    """A KKB whose processed data breaks a cell fails alone, keeps its error notebook, and is
    the only one re-run by --ulang-gagal once the data is repaired."""
    data = tmp_path / "data"
    shutil.copytree(kota.data, data)
    paths = get_paths(data_dir=data, reports_dir=tmp_path / "reports")
    rusak = "KKB-3672011004-01"
    berkas = paths.processed_year(TAHUN) / "out_aksi.parquet"
    asli = pd.read_parquet(berkas)
    _rusakkan(asli, rusak).to_parquet(berkas)
    r = batch.jalankan_laporan(paths, TAHUN, kkb=[rusak, KKB], pekerja=2, pdf=False, progres=False)
    st = _status(r)
    assert st[rusak] == "gagal" and st[KKB] == "berhasil"
    e = next(e for e in r.entri if e.tugas_id == rusak)
    assert e.sel_gagal is not None and e.sumber_sel.startswith("bagian.")
    assert (paths.reports_year(TAHUN) / rusak / "laporan.gagal.ipynb").is_file()
    assert not (paths.reports_year(TAHUN) / rusak / "laporan.html").exists()
    teks = batch.format_ringkasan(r)
    assert "gagal" in teks and rusak in teks and "--ulang-gagal" in teks
    asli.to_parquet(berkas)
    r2 = batch.jalankan_laporan(paths, TAHUN, ulang_gagal=True, pdf=False, progres=False)
    st2 = _status(r2)
    assert st2[rusak] == "berhasil" and st2[KKB] == "berhasil"
    assert not (paths.reports_year(TAHUN) / rusak / "laporan.gagal.ipynb").exists()
    m = json.loads((paths.reports_year(TAHUN) / batch.MANIFEST).read_text(encoding="utf-8"))
    assert m["parameter"]["ulang_gagal"] is True


def _rusakkan(aksi: pd.DataFrame, kkb_id: str) -> pd.DataFrame:
    """The actions of one KKB with an action code no report knows (a broken upstream table)."""
    out = aksi.copy()
    out["kode_aksi"] = out["kode_aksi"].astype("string")
    out.loc[out["kkb_id"].astype("string").eq(kkb_id), "kode_aksi"] = "aksi_tak_dikenal"
    return out


def test_cli_utama_help_mentions_laporan():
    assert "laporan" in cli.build_parser().format_help()
    assert os.cpu_count()


def test_no_personal_data_in_any_output_file(run, kota):
    """The privacy proof: after building and rendering everything, no NIK, No. KK, name or
    address of the raw sample is in any file under data/processed/ or reports/ — tables,
    quarantine, validation report, HTML, PDF, notebooks (their metadata too), the workbook, the
    index and the manifest."""
    secrets, single_names = personal_values(kota.raw_year(TAHUN))
    assert len(secrets) > 100
    files = sorted(
        p
        for folder in (kota.processed_year(TAHUN), kota.reports_year(TAHUN))
        for p in folder.rglob("*")
        if p.is_file()
    )
    assert any(p.suffix == ".pdf" for p in files) or not ADA_BROWSER
    assert {p.suffix for p in files} >= {".html", ".ipynb", ".json", ".xlsx", ".parquet", ".csv"}
    assert find_leaks(files, secrets, single_names) == []
