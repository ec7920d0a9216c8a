"""Faults injected into ``kkb laporan``: a full disk, ``kill -9`` mid-run, two runs at once,
hostile names. Each must leave the other reports intact, never leave a report that looks
complete but is not, say what to do, and be repaired by the next run."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from kkb_analysis import atomik
from kkb_analysis.config import PROJECT_ROOT, get_paths
from kkb_analysis.laporan import batch, rencana
from kkb_analysis.laporan.ekspor import (
    BrowserTidakDitemukan,
    PdfPrinter,
    assert_offline,
    find_browser,
)
from kkb_analysis.pipeline import build_year, load_year

TAHUN = 2023
KKB = "KKB-3672051004-01"
KKB_LAIN = "KKB-3672011004-01"
JAHAT = "<script>alert('x')</script> \"Kampung\" *KB* & [tautan](http://contoh.test)"

try:
    find_browser()
    ADA_BROWSER = True
except BrowserTidakDitemukan:
    ADA_BROWSER = False


@pytest.fixture(scope="module")
def kota(kota_sampel, tmp_path_factory):
    """The 2023 raw files of the shared city with hostile names, built with a real salt."""
    root = tmp_path_factory.mktemp("kota_ketahanan")
    shutil.copytree(kota_sampel / "raw" / str(TAHUN), root / "data" / "raw" / str(TAHUN))
    _namai_jahat(root / "data" / "raw" / str(TAHUN))
    paths = get_paths(data_dir=root / "data", reports_dir=root / "reports")
    with pytest.MonkeyPatch.context() as mp:  # edited sample files: the demo salt is refused
        mp.setenv("KKB_SALT", "salt-uji-ketahanan-tidak-rahasia")
        build_year(load_year(paths, TAHUN), paths)
    return paths


def _namai_jahat(folder: Path) -> None:
    """Give one KKB and one of its interventions a hostile name (as typed by a user)."""
    for nama, kolom_id, kolom_teks in (
        ("kkb.csv", "kkb_id", "nama_kkb"),
        ("kkb_intervensi.csv", "kkb_id", "judul"),
    ):
        path = folder / nama
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert kolom_teks in rows[0], (nama, list(rows[0]))
        baris = next(r for r in rows if r[kolom_id] == KKB)
        baris[kolom_teks] = JAHAT
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


def _copy(kota, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(kota.data, data)
    return get_paths(data_dir=data, reports_dir=tmp_path / "reports")


def _status(r) -> dict[str, str]:
    """Status per KKB of its laporan document (task id ``<kkb_id>/laporan``)."""
    return {
        e.tugas_id.removesuffix("/laporan"): e.status
        for e in r.entri
        if e.tugas_id.endswith("/laporan")
    }


def _entri(r, kkb_id: str):
    return next(e for e in r.entri if e.tugas_id == f"{kkb_id}/laporan")


def _lengkap(folder: Path) -> list[str]:
    """Problems with the report files of ``folder``: an HTML that does not end properly, a PDF
    that cannot be read. Temporary files are not reports and are ignored."""
    masalah = []
    for html in folder.rglob("*.html"):
        if not html.name.startswith(".") and not html.read_text(encoding="utf-8").rstrip().endswith(
            "</html>"
        ):
            masalah.append(f"HTML terpotong: {html}")
    for pdf in folder.rglob("*.pdf"):
        if pdf.name.startswith("."):
            continue
        try:
            assert len(PdfReader(pdf).pages) > 0
        except Exception as exc:  # any parse failure is the finding
            masalah.append(f"PDF rusak: {pdf} ({exc})")
    return masalah


# ----------------------------------------------------------------------------- hostile names
def test_hostile_names_are_shown_literally_in_html_and_pdf(kota, tmp_path):
    paths = _copy(kota, tmp_path)
    r = batch.jalankan_laporan(paths, TAHUN, kkb=[KKB], pekerja=1, pdf=ADA_BROWSER, progres=False)
    assert _status(r)[KKB] == "berhasil", batch.format_ringkasan(r)
    html = (paths.reports_year(TAHUN) / KKB / "laporan.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(" in html
    assert 'href="http://contoh.test' not in html  # a typed URL is text, not a link
    assert assert_offline(html) == []
    for halaman in (paths.reports / "index.html", paths.reports_year(TAHUN) / "status.html"):
        teks_halaman = halaman.read_text(encoding="utf-8")
        assert "<script" not in teks_halaman.lower() and "&lt;script&gt;" in teks_halaman
    if ADA_BROWSER:
        teks = " ".join(
            p.extract_text()
            for p in PdfReader(paths.reports_year(TAHUN) / KKB / "laporan.pdf").pages
        )
        assert "<script>alert('x')</script>" in teks  # printed as text, not run
        assert "*KB*" in teks


# ------------------------------------------------------------------------------- full disk
def _disk_penuh_untuk(kkb_id: str, asli):
    def tulis(target, data):
        if kkb_id in str(target):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return asli(target, data)

    return tulis


def test_full_disk_fails_only_that_report_and_says_what_to_do(kota, tmp_path, monkeypatch):
    paths = _copy(kota, tmp_path)
    monkeypatch.setattr(atomik, "tulis_bytes", _disk_penuh_untuk(KKB, atomik.tulis_bytes))
    r = batch.jalankan_laporan(
        paths, TAHUN, kkb=[KKB, KKB_LAIN], pekerja=1, pdf=False, progres=False
    )
    st = _status(r)
    assert st[KKB] == "gagal" and st[KKB_LAIN] == "berhasil"
    e = _entri(r, KKB)
    assert "penuh" in e.pesan and "--ulang-gagal" in e.pesan
    folder = paths.reports_year(TAHUN)
    assert not (folder / KKB / "laporan.html").exists()
    assert (folder / KKB_LAIN / "laporan.html").is_file()
    assert _lengkap(folder) == []
    # space freed: the next run repairs only what failed
    monkeypatch.undo()
    r2 = batch.jalankan_laporan(paths, TAHUN, ulang_gagal=True, pekerja=1, pdf=False, progres=False)
    assert _status(r2)[KKB] == "berhasil"
    assert (folder / KKB / "laporan.html").is_file()


@pytest.mark.skipif(not ADA_BROWSER, reason="Chromium tidak terpasang")
def test_full_disk_while_printing_a_pdf(kota, tmp_path, monkeypatch):
    paths = _copy(kota, tmp_path)
    asli = PdfPrinter.print_pdf

    def cetak(self, html_path, pdf_path, header_text, footer=True, **kwargs):
        if KKB in str(html_path):
            raise OSError(errno.ENOSPC, "No space left on device", str(pdf_path))
        return asli(self, html_path, pdf_path, header_text, footer, **kwargs)

    monkeypatch.setattr(PdfPrinter, "print_pdf", cetak)
    r = batch.jalankan_laporan(paths, TAHUN, kkb=[KKB, KKB_LAIN], pekerja=1, progres=False)
    st = _status(r)
    assert st[KKB] == "gagal" and st[KKB_LAIN] == "berhasil"
    e = _entri(r, KKB)
    assert e.pesan.startswith("HTML dibuat, PDF tidak") and "penuh" in e.pesan
    folder = paths.reports_year(TAHUN)
    assert not (folder / KKB / "laporan.pdf").exists()
    assert (folder / KKB_LAIN / "laporan.pdf").is_file()
    assert not [p for p in folder.rglob("*") if ".tmp-" in p.name]


# ----------------------------------------------------------------------- processes: kill, lock
def _kkb_cmd(paths, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "kkb_analysis",
        "--data-dir",
        str(paths.data),
        "--laporan-dir",
        str(paths.reports),
        "laporan",
        "--tahun",
        str(TAHUN),
        "--tanpa-progres",
        *extra,
    ]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))


def test_kill_9_mid_run_leaves_no_half_report_and_next_run_repairs(kota, tmp_path):
    paths = _copy(kota, tmp_path)
    folder = paths.reports_year(TAHUN)
    proc = subprocess.Popen(
        _kkb_cmd(paths, "--paksa", "--pekerja", "1") + ([] if ADA_BROWSER else ["--tanpa-pdf"]),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    batas = time.monotonic() + 180
    while time.monotonic() < batas and len(list(folder.glob("KKB-*/laporan.html"))) < 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    selesai = list(folder.glob("KKB-*/laporan.html"))
    assert 2 <= len(selesai) < 14, "the run was not interrupted in the middle"
    assert _lengkap(folder) == []
    assert not (folder / batch.MANIFEST).exists()  # no record claims the run finished
    r = batch.jalankan_laporan(paths, TAHUN, pdf=ADA_BROWSER, progres=False)
    assert {e.status for e in r.entri} == {"berhasil"}, batch.format_ringkasan(r)
    assert _lengkap(folder) == []
    assert not [p for p in folder.rglob("*") if atomik.PENANDA_SEMENTARA in p.name]
    m = json.loads((folder / batch.MANIFEST).read_text(encoding="utf-8"))
    assert m["jumlah"]["berhasil"] == len(r.entri)


def test_two_runs_at_once_one_waits_out_with_a_message(kota, tmp_path):
    paths = _copy(kota, tmp_path)
    cmd = _kkb_cmd(paths, "--kkb", KKB, "--tanpa-pdf", "--paksa")
    a = subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    b = subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_a, err_a = a.communicate(timeout=300)
    out_b, err_b = b.communicate(timeout=300)
    kode = sorted([a.returncode, b.returncode])
    assert kode == [0, 2], (out_a, err_a, out_b, err_b)
    pesan = err_a + err_b
    assert "sedang dipakai" in pesan and "Traceback" not in pesan
    folder = paths.reports_year(TAHUN)
    assert (folder / KKB / "laporan.html").is_file() and _lengkap(folder) == []
    m = json.loads((folder / batch.MANIFEST).read_text(encoding="utf-8"))
    assert m["laporan"][f"{KKB}/laporan"]["status"] == "berhasil"


# ------------------------------------------------------------ kernels and workers that die
def test_dead_kernel_hanging_cell_and_killed_worker_fail_alone(kota, tmp_path, monkeypatch):
    """A notebook copy whose extra cell misbehaves for three KKB: the kernel exits, a cell
    hangs past the per-cell limit, the kernel kills its worker process. The fourth KKB and the
    reports are unaffected; each failure says what to do."""
    import nbformat
    from nbformat.v4 import new_code_cell

    from kkb_analysis.config import NOTEBOOK_LAPORAN

    mati, macet, pembunuh, sehat = (
        "KKB-3672011004-01",
        "KKB-3672011005-01",
        "KKB-3672021001-01",
        KKB,
    )
    nb = nbformat.read(NOTEBOOK_LAPORAN, as_version=4)
    posisi = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(
        posisi + 1,
        new_code_cell(
            "import os, time\n"
            f"if kkb_id == {mati!r}:\n    os._exit(1)\n"
            f"if kkb_id == {macet!r}:\n    time.sleep(600)\n"
            f"if kkb_id == {pembunuh!r}:\n    os.kill(os.getppid(), 9)\n"
        ),
    )
    salinan = tmp_path / "laporan_kkb.ipynb"
    nbformat.write(nb, salinan)
    monkeypatch.setattr(rencana, "NOTEBOOK_LAPORAN", salinan)
    # the fault cell is outside the template rule on purpose: the guard (which would refuse
    # it, tests/laporan/test_templat.py) is switched off to reach the workers
    monkeypatch.setattr(batch, "periksa_templat", lambda templat: None)
    paths = _copy(kota, tmp_path)
    r = batch.jalankan_laporan(
        paths,
        TAHUN,
        kkb=[mati, macet, pembunuh, sehat],
        pekerja=2,
        batas_waktu=5,
        pdf=False,
        progres=False,
    )
    st = _status(r)
    pesan = {e.tugas_id.removesuffix("/laporan"): e.pesan or "" for e in r.entri}
    assert st[sehat] == "berhasil", batch.format_ringkasan(r)
    assert st[mati] == "gagal" and "Kernel Python berhenti" in pesan[mati]
    assert st[macet] == "gagal" and "batas waktu" in pesan[macet]
    assert st[pembunuh] == "gagal" and "Proses pekerja berhenti" in pesan[pembunuh]
    for k in (mati, macet, pembunuh):
        assert "--ulang-gagal" in pesan[k] or "--batas-waktu" in pesan[k]
    folder = paths.reports_year(TAHUN)
    assert (folder / sehat / "laporan.html").is_file()
    for k in (mati, macet, pembunuh):
        assert not (folder / k / "laporan.html").exists()
    assert _lengkap(folder) == []
    teks = batch.format_ringkasan(r)
    assert all(k in teks for k in (mati, macet, pembunuh))
