"""``kkb laporan`` end to end on a small built city: outputs, skipping, failures, lock, PDF.

One batch is rendered per module (three documents for each of the 13 KKB + the city summary,
two workers); the later tests re-run it in ways that must skip, re-render or fail only what
they should.
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
from bs4 import BeautifulSoup
from pypdf import PdfReader

from kkb_analysis import cli
from kkb_analysis.config import NOTEBOOK_LAPORAN, get_paths
from kkb_analysis.laporan import batch, rencana
from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, assert_offline, find_browser
from kkb_analysis.laporan.format import format_angka
from kkb_analysis.laporan.keluaran import DOKUMEN
from tests.privasi import find_leaks, personal_values
from tests.teks_pembaca import teks_pengembang, teks_tampak_html

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


def _id(kkb_id: str, dokumen: str = "laporan") -> str:
    return f"{kkb_id}/{dokumen}"


def _aktif(kota) -> pd.DataFrame:
    wide = pd.read_parquet(kota.processed_year(TAHUN) / "out_wilayah.parquet")
    return wide.loc[wide["jenis_wilayah"].eq("kkb")]


def _mtimes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and p.name != batch.MANIFEST and not p.name.startswith(".")
    }


def test_every_document_is_rendered(run, kota):
    aktif = set(_aktif(kota)["kkb_id"])
    assert len(aktif) == 13
    dokumen = {f"{k}/{d}" for k in aktif for d in ("profil", "laporan", "lampiran")}
    assert set(_status(run)) == dokumen | {batch.REKAP_ID}
    assert set(_status(run).values()) == {"berhasil"}, batch.format_ringkasan(run)
    folder = kota.reports_year(TAHUN)
    jenis = ("html", "ipynb") + (("pdf",) if ADA_BROWSER else ())
    for k in aktif:
        for d in ("profil", "laporan", "lampiran"):
            for j in jenis:
                assert (folder / k / f"{d}.{j}").is_file(), (k, d, j)
    for nama in ("rekap_kota.html", "rekap_kota.ipynb", "status.html", "indikator_kkb.xlsx"):
        assert (folder / nama).is_file(), nama
    assert (kota.reports / "index.html").is_file()  # the landing page over every year
    assert not [p for p in folder.rglob("*") if ".tmp-" in p.name]


def test_profil_and_lampiran_name_their_kkb(run, kota):
    nama = str(_aktif(kota).set_index("kkb_id").loc[KKB, "nama_wilayah"])
    for d in ("profil", "lampiran"):
        html = (kota.reports_year(TAHUN) / KKB / f"{d}.html").read_text(encoding="utf-8")
        assert nama in html, d
        assert "kkb_id = " not in html and "Catatan untuk analis" not in html, d


#: Tier order of the league table, worked out from the portal rules (best first).
URUT_TINGKAT = {"Berkelanjutan": 0, "Mandiri": 1, "Berkembang": 2, "Dasar": 3}


def test_landing_page_lists_every_kkb_by_name_in_rank_order(run, kota):
    path = kota.reports / "index.html"
    teks = path.read_text(encoding="utf-8")
    sup = BeautifulSoup(teks, "html.parser")
    aktif = _aktif(kota)
    bagian = sup.select_one(f"#tahun-{TAHUN}")
    nama = [td.strong.get_text() for td in bagian.select('td[data-label="Kampung KB"]')]
    assert sorted(nama) == sorted(aktif["nama_wilayah"].astype(str))
    tingkat = [s.get_text() for s in bagian.select('td[data-label="Tingkat"] span')]
    assert tingkat == [str(t) for t in aktif.set_index("nama_wilayah").loc[nama, "tingkat"]]
    urut = [URUT_TINGKAT.get(t, 9) for t in tingkat]
    assert urut == sorted(urut)  # best tier first
    rank = [int(td.get_text()) for td in bagian.select('td[data-label="Peringkat"]')]
    assert rank[0] == 1 and rank == sorted(rank) and len(set(rank)) >= len(set(tingkat))
    for baris in bagian.select("tbody tr"):
        href = [a["href"] for a in baris.select("ul.dok a")]
        assert len(href) == 3 * (2 if ADA_BROWSER else 1)
        assert {h.rsplit("/", 1)[1].split(".")[0] for h in href} == set(DOKUMEN)
        for h in href:
            assert (kota.reports / h).is_file(), h
    kota_href = {a["href"] for a in bagian.select("ul.kota a")}
    assert f"{TAHUN}/rekap_kota.html" in kota_href and f"{TAHUN}/indikator_kkb.xlsx" in kota_href
    tampak = sup.get_text(" ", strip=True)
    assert ".ipynb" not in teks and "durasi" not in tampak.lower()
    assert not re.search(r"KKB-\d{10}", tampak)
    assert "Diterbitkan " in sup.footer.get_text()
    assert assert_offline(teks) == []


def test_status_page_keeps_the_build_log(run, kota):
    sup = BeautifulSoup(
        (kota.reports_year(TAHUN) / "status.html").read_text(encoding="utf-8"), "html.parser"
    )
    baris = sup.select("tbody tr")
    assert len(baris) == 3 * 13
    durasi = [td.get_text() for td in sup.select('td[data-label="Durasi"]')]
    assert all(re.fullmatch(r"\d+(,\d)? detik|\d+ menit( \d+ detik)?", d) for d in durasi)
    assert sup.select('td[data-label="Berkas"] a[href$=".ipynb"]')  # notebooks for analysts
    assert {td.get_text() for td in sup.select('td[data-label="Dokumen"]')} == {
        "Profil", "Laporan", "Lampiran"
    }  # fmt: skip


#: The issue's page limits (A4): profil ≤ 2 pages, laporan ≤ 16 pages after its cover, city
#: summary ≤ 12 pages.
BATAS_HALAMAN = {"profil": 2, "laporan": 1 + 16}
BATAS_REKAP = 12


@perlu_browser
def test_every_document_for_readers_fits_its_page_limit(run, kota):
    folder = kota.reports_year(TAHUN)
    terlalu_panjang = {}
    for k in _aktif(kota)["kkb_id"]:
        for nama, batas in BATAS_HALAMAN.items():
            n = len(PdfReader(folder / k / f"{nama}.pdf").pages)
            if n > batas:
                terlalu_panjang[f"{k}/{nama}"] = n
    n_rekap = len(PdfReader(folder / "rekap_kota.pdf").pages)
    if n_rekap > BATAS_REKAP:
        terlalu_panjang["rekap_kota"] = n_rekap
    assert terlalu_panjang == {}


def test_no_developer_text_in_any_document_for_readers(run, kota):
    """Every profil, laporan and the city summary: no setting key, snake_case name, path,
    [asumsi], KKB code or English word (tests/teks_pembaca.py); the lampiran may name keys."""
    folder = kota.reports_year(TAHUN)
    halaman = [folder / k / f"{n}.html" for k in _aktif(kota)["kkb_id"] for n in BATAS_HALAMAN]
    halaman += [folder / "rekap_kota.html", kota.reports / "index.html"]
    temuan = {}
    for html in halaman:
        teks = teks_pengembang(teks_tampak_html(html.read_text(encoding="utf-8")))
        if teks:
            temuan[str(html.relative_to(kota.reports))] = teks
    assert temuan == {}


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
    for d in DOKUMEN:
        e = m["laporan"][_id(KKB, d)]
        assert e["status"] == "berhasil" and re.fullmatch(r"[0-9a-f]{64}", e["kunci"])
        assert e["durasi_detik"] > 0
    # one content key per document: three notebooks, three keys
    assert len({m["laporan"][_id(KKB, d)]["kunci"] for d in DOKUMEN}) == 3
    assert m["jumlah"]["berhasil"] == len(m["laporan"]) == 3 * 13 + 1
    assert m["waktu_detik"]["total_detik"] > 0
    # the ranked KKB list the landing page reads
    assert [k["peringkat"] for k in m["kkb"]] == sorted(k["peringkat"] for k in m["kkb"])
    assert {k["kkb_id"] for k in m["kkb"]} == set(_aktif(kota)["kkb_id"])


def test_warm_rerun_skips_everything_and_rewrites_nothing(run, kota):
    folder = kota.reports_year(TAHUN)
    sebelum = _mtimes(folder)
    beranda = (kota.reports / "index.html").stat().st_mtime_ns
    r = batch.jalankan_laporan(kota, TAHUN, pdf=ADA_BROWSER, progres=False)
    assert set(_status(r).values()) == {"dilewati"}
    assert _mtimes(folder) == sebelum
    assert (kota.reports / "index.html").stat().st_mtime_ns == beranda


def test_changed_notebook_rerenders(run, kota, tmp_path, monkeypatch):
    salinan = tmp_path / "laporan_kkb.ipynb"
    nb = nbformat.read(NOTEBOOK_LAPORAN, as_version=4)
    nb.cells[-2].source += " (diubah)"
    nbformat.write(nb, salinan)
    monkeypatch.setattr(rencana, "NOTEBOOK_LAPORAN", salinan)
    r = batch.jalankan_laporan(kota, TAHUN, kkb=[KKB], pdf=False, progres=False)
    st = _status(r)
    assert st[_id(KKB)] == "berhasil"
    # --kkb selects the KKB's three documents; the profil and lampiran notebooks did not
    # change, so their own keys say they are up to date
    assert st[_id(KKB, "profil")] == st[_id(KKB, "lampiran")] == "dilewati"
    # the others were not selected: they keep the status of the last run (good, unchanged)
    assert {s for k, s in st.items() if not k.startswith(KKB)} <= {"berhasil", "dilewati"}
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
        assert all(st[_id(KKB, d)] == "berhasil" for d in DOKUMEN)
        assert all((folder / f"{d}.pdf").is_file() for d in DOKUMEN)


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
    assert st[_id(rusak)] == "gagal" and st[_id(KKB)] == "berhasil"
    e = next(e for e in r.entri if e.tugas_id == _id(rusak))
    assert e.sel_gagal is not None and e.sumber_sel.startswith("bagian.")
    assert (paths.reports_year(TAHUN) / rusak / "laporan.gagal.ipynb").is_file()
    assert not (paths.reports_year(TAHUN) / rusak / "laporan.html").exists()
    teks = batch.format_ringkasan(r)
    assert "gagal" in teks and rusak in teks and "--ulang-gagal" in teks
    asli.to_parquet(berkas)
    r2 = batch.jalankan_laporan(paths, TAHUN, ulang_gagal=True, pdf=False, progres=False)
    st2 = _status(r2)
    assert st2[_id(rusak)] == "berhasil" and st2[_id(KKB)] == "berhasil"
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
    files.append(kota.reports / "index.html")
    assert any(p.suffix == ".pdf" for p in files) or not ADA_BROWSER
    assert {p.suffix for p in files} >= {".html", ".ipynb", ".json", ".xlsx", ".parquet", ".csv"}
    assert find_leaks(files, secrets, single_names) == []


# ----------------------------------------------------------------------- units of the batch
def test_old_manifest_entries_read_under_their_laporan_document(tmp_path):
    """A manifest of the one-document layout (task id = kkb_id) is read gracefully: its
    entries describe each KKB's laporan; the city summary keeps its id."""
    (tmp_path / batch.MANIFEST).write_text(
        json.dumps({"laporan": {KKB: {"status": "gagal"}, "rekap_kota": {"status": "berhasil"}}}),
        encoding="utf-8",
    )
    from kkb_analysis.laporan.manifest import manifest_lama

    assert manifest_lama(tmp_path)["laporan"] == {
        _id(KKB): {"status": "gagal"},
        "rekap_kota": {"status": "berhasil"},
    }


def test_a_kkbs_documents_go_to_one_worker_together(tmp_path):
    from kkb_analysis.laporan.jalankan import kelompokkan

    paths = get_paths(data_dir=tmp_path, reports_dir=tmp_path / "r")
    kkb = [rencana.InfoKkb(k, k, "", "", None) for k in ("KKB-1", "KKB-2")]
    tugas = rencana.daftar_tugas(paths, TAHUN, tmp_path / "r", kkb, None, False)
    assert [t.tugas_id for t in tugas] == [
        "KKB-1/profil", "KKB-1/laporan", "KKB-1/lampiran",
        "KKB-2/profil", "KKB-2/laporan", "KKB-2/lampiran", "rekap_kota",
    ]  # fmt: skip
    grup = [[t.tugas_id for t in g] for g in kelompokkan(list(reversed(tugas)))]
    assert grup == [
        ["rekap_kota"],  # a single long report is started first
        ["KKB-2/lampiran", "KKB-2/laporan", "KKB-2/profil"],
        ["KKB-1/lampiran", "KKB-1/laporan", "KKB-1/profil"],
    ]
    assert {t.folder.name for t in tugas[:3]} == {"KKB-1"}
    assert [t.html.name for t in tugas[:3]] == ["profil.html", "laporan.html", "lampiran.html"]
