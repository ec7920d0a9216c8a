"""Orchestration of ``kkb laporan``: plan, skip unchanged work, run in parallel, print PDFs.

Layers (as papermill's own): :mod:`kkb_analysis.cli` parses arguments → this module holds the
folder lock and runs a batch → :func:`kkb_analysis.laporan.render.render_tugas` renders one
notebook. Each step has its own module: :mod:`.rencana` (plan, content keys), :mod:`.jalankan`
(serial/parallel workers), :mod:`.cetak` (render and print PDFs), :mod:`.indeks` (index page),
:mod:`.manifest` (the run record); this module keeps the public entry points
(:func:`jalankan_laporan`, :func:`format_ringkasan`) and re-exports the names callers use.

A run for one data year:

0. **Guard** (:mod:`.templat`). The four templates must hold only their allowed cells and no
   outputs; otherwise the run stops with a message naming each cell (nothing is rendered).
1. **Plan** (:mod:`.rencana`). The active KKB come from ``out_wilayah``; each KKB has three
   documents (profil, laporan, lampiran) and the year has the city summary; each gets a content
   key: SHA-256 of the notebook, the package (version and source), the settings in force, its
   parameters and the processed tables it reads. A document whose key equals the one in the
   previous ``manifest.json``, that succeeded and whose files are all there, is skipped
   (``--paksa`` renders anyway; ``--ulang-gagal`` renders only those that failed last time;
   ``--kkb X`` renders the three documents of X).
2. **Render** (:mod:`.jalankan`) in worker processes (default: one per core), each with a warm
   kernel; a KKB's three documents go to the same worker, whose kernel reads its tables once; a
   progress bar shows the ETA. A failing document keeps its error notebook; the others go on.
3. **Print** (:mod:`.cetak`) every new HTML to A4 PDF in the main process with ONE headless
   Chromium.
4. **Export** ``indikator_kkb.xlsx``, the analysts' ``status.html``, ``manifest.json``
   (parameters, git commit, package versions, SHA-256 of every input, timings, validation
   counts, per-document status, the KKB in rank order) and the readers' landing page
   ``reports/index.html`` over every year (:mod:`.indeks`) — all written atomically, under a
   lock so two runs cannot mix their files.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import logging
import os
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from kkb_analysis import atomik
from kkb_analysis.config import ConfigError, Paths
from kkb_analysis.laporan.cetak import render_dan_cetak
from kkb_analysis.laporan.format import format_angka
from kkb_analysis.laporan.keluaran import INDEKS, LABEL_TAUTAN, LEMBAR, REKAP_ID, STATUS_BERKAS
from kkb_analysis.laporan.manifest import MANIFEST, Entri, RingkasanRun, tulis_manifest
from kkb_analysis.laporan.rencana import (
    InfoKkb,
    LaporanBatchError,
    baca_kkb,
    berkas_masukan,
    kunci_tugas,
    periksa_kkb_id,
    rencanakan,
    sidik_kode,
    templat_laporan,
    urutkan_kkb,
)
from kkb_analysis.laporan.templat import periksa_templat

logger = logging.getLogger(__name__)

__all__ = [
    "KUNCI_BERKAS",
    "MANIFEST",
    "REKAP_ID",
    "Entri",
    "InfoKkb",
    "LaporanBatchError",
    "RingkasanRun",
    "baca_kkb",
    "berkas_masukan",
    "format_ringkasan",
    "jalankan_laporan",
    "kunci_folder",
    "kunci_tugas",
    "periksa_kkb_id",
    "sidik_kode",
]

KUNCI_BERKAS = ".kkb-laporan.lock"


# ------------------------------------------------------------------------------------- lock
@contextlib.contextmanager
def kunci_folder(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for the run; a second run stops with a message."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    jalur = folder / KUNCI_BERKAS
    with jalur.open("a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            pemilik = fh.read().strip() or "proses lain"
            raise LaporanBatchError(
                f"Folder {folder} sedang dipakai oleh 'kkb laporan' lain ({pemilik}). Tunggu "
                "sampai selesai, lalu jalankan lagi."
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} sejak {datetime.now().isoformat(timespec='seconds')}\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


# ------------------------------------------------------------------------------------ run
def jalankan_laporan(
    paths: Paths,
    tahun: int,
    *,
    kkb: Sequence[str] | None = None,
    ulang_gagal: bool = False,
    paksa: bool = False,
    pekerja: int | None = None,
    kernel_terpisah: bool = False,
    batas_waktu: int | None = 600,
    pdf: bool = True,
    progres: bool = True,
) -> RingkasanRun:
    """Render the reports of ``tahun`` (see the module docstring); never raises for a failing
    report (its status says why), only for a batch that cannot start."""
    mulai = time.perf_counter()
    olahan = paths.processed_year(tahun)
    if not (olahan / "out_wilayah.parquet").is_file():
        raise LaporanBatchError(
            f"Tabel olahan tahun {tahun} belum ada di {olahan}. Jalankan 'kkb bangun --tahun "
            f"{tahun}' dulu (atau 'kkb utama' untuk semuanya)."
        )
    for k in kkb or ():
        periksa_kkb_id(k)
    # a template with outputs or exploration cells would reach every report: refuse it before
    # anything is locked, planned or rendered (TemplatError, exit code 2)
    periksa_templat(templat_laporan())
    folder = paths.reports_year(tahun)
    with kunci_folder(folder):
        sisa = atomik.hapus_sisa_sementara(folder)
        if sisa:
            logger.info("%d berkas sementara dari run yang terputus dihapus.", len(sisa))
        return _jalankan_terkunci(
            paths, tahun, folder, olahan, mulai,
            kkb=kkb, ulang_gagal=ulang_gagal, paksa=paksa, pekerja=pekerja,
            kernel_terpisah=kernel_terpisah, batas_waktu=batas_waktu, pdf=pdf, progres=progres,
        )  # fmt: skip


def _jalankan_terkunci(
    paths: Paths,
    tahun: int,
    folder: Path,
    olahan: Path,
    mulai: float,
    *,
    kkb: Sequence[str] | None,
    ulang_gagal: bool,
    paksa: bool,
    pekerja: int | None,
    kernel_terpisah: bool,
    batas_waktu: int | None,
    pdf: bool,
    progres: bool,
) -> RingkasanRun:
    rencana = rencanakan(
        paths, tahun, folder, olahan,
        kkb=kkb, ulang_gagal=ulang_gagal, paksa=paksa, pdf=pdf, batas_waktu=batas_waktu,
        kernel_terpisah=kernel_terpisah,
    )  # fmt: skip
    entri, jalankan, kunci_lembar = rencana.entri, rencana.jalankan, rencana.kunci_lembar
    peringatan: list[str] = []
    waktu: dict[str, float] = {"rencana_detik": time.perf_counter() - mulai}
    # the workbook is written in a thread while the reports render
    with cf.ThreadPoolExecutor(max_workers=1) as latar:
        tulis = (
            latar.submit(_tulis_lembar, folder / LEMBAR, olahan, tahun)
            if rencana.perlu_lembar
            else None
        )
        if jalankan:
            render_dan_cetak(jalankan, entri, folder, pekerja, kernel_terpisah, pdf, progres,
                             peringatan, waktu)  # fmt: skip
        t_ekspor = time.perf_counter()
        halaman = bool(jalankan) or not (folder / STATUS_BERKAS).is_file()
        halaman = halaman or not (paths.reports / INDEKS).is_file()
        # the ranking (league order) only when the inputs changed since the last manifest
        urutan = rencana.urutan_lama
        if urutan is None:
            urutan = _urutan(olahan, rencana.kkb, peringatan)
        if tulis is not None:
            try:
                tulis.result()
            except Exception as exc:  # the reports are still good: say so, don't crash
                peringatan.append(f"{LEMBAR} tidak dibuat ({type(exc).__name__}: {exc}).")
                kunci_lembar = ""
    if halaman or tulis is not None:
        from kkb_analysis.laporan.indeks import tulis_status_run

        tulis_status_run(folder, tahun, urutan, entri)
    ringkasan = RingkasanRun(
        tahun, folder, list(entri.values()), time.perf_counter() - mulai, peringatan
    )
    waktu["total_detik"] = ringkasan.durasi_detik
    tulis_manifest(
        folder, olahan, tahun, ringkasan, rencana.data, kunci_lembar,
        parameter={
            "tahun": tahun, "kkb": list(kkb or []), "ulang_gagal": ulang_gagal, "paksa": paksa,
            "pekerja": pekerja, "kernel_terpisah": kernel_terpisah,
            "batas_waktu_sel_detik": batas_waktu, "pdf": pdf, "data_dir": str(paths.data),
            "reports_dir": str(paths.reports),
        },
        waktu=waktu,
        kkb=[dataclasses.asdict(k) for k in urutan],
    )  # fmt: skip
    if halaman or tulis is not None:
        _tulis_beranda(paths, tahun, urutan, peringatan)
    waktu["ekspor_detik"] = time.perf_counter() - t_ekspor
    return ringkasan


def _urutan(olahan: Path, kkb: list[InfoKkb], peringatan: list[str]) -> list[InfoKkb]:
    """The KKB in league order with their rank; by name when the ranking cannot be made."""
    try:
        return urutkan_kkb(olahan, kkb)
    except Exception as exc:  # the documents are still good: list the KKB by name
        peringatan.append(
            f"Peringkat Kampung KB tidak dapat dihitung ({type(exc).__name__}: {exc}); "
            "halaman depan mengurutkan menurut nama."
        )
        return sorted(kkb, key=lambda k: k.nama)


def _tulis_beranda(paths: Paths, tahun: int, urutan: list[InfoKkb], peringatan: list[str]) -> None:
    """The landing page over every year (this year's list as the fallback of its manifest)."""
    from kkb_analysis.laporan.indeks import tulis_beranda

    try:
        tulis_beranda(paths.reports, {tahun: urutan})
    except (OSError, ValueError, ConfigError) as exc:  # e.g. a missing logo: say so, go on
        peringatan.append(f"Halaman depan {paths.reports / INDEKS} tidak ditulis: {exc}")


def _tulis_lembar(path: Path, olahan: Path, tahun: int) -> None:
    """indikator_kkb.xlsx (every indicator for stakeholders)."""
    from kkb_analysis.config import load_settings
    from kkb_analysis.laporan.lembar import tulis_xlsx

    tulis_xlsx(path, olahan, tahun, load_settings())


# -------------------------------------------------------------------------------- summary
def format_ringkasan(r: RingkasanRun) -> str:
    """The run summary printed by ``kkb laporan``: one line per report, then totals."""
    lebar = max([len(e.tugas_id) for e in r.entri] + [10])
    kepala = f"{'Laporan':<{lebar}}  {'Status':<16}{'Durasi':>8}  Keterangan"
    baris = [f"Ringkasan laporan tahun {r.tahun} ({r.folder})", kepala, "-" * len(kepala)]
    for e in r.entri:
        durasi = "-" if e.durasi_detik is None else f"{format_angka(e.durasi_detik, 1)} s"
        ket = ""
        if e.status == "gagal":
            sel = f"sel {e.sel_gagal} ({e.sumber_sel}): " if e.sel_gagal else ""
            ket = sel + (e.pesan or "")
        baris.append(f"{e.tugas_id:<{lebar}}  {e.status:<16}{durasi:>8}  {ket}")
    baris.append("-" * len(kepala))
    detik = format_angka(r.durasi_detik, 1)
    baris.append(
        f"{r.hitung('berhasil')} berhasil, {r.hitung('dilewati')} dilewati (tidak berubah), "
        f"{r.hitung('gagal')} gagal; {detik} detik."
    )
    for p in r.peringatan:
        baris.append(f"Peringatan: {p}")
    if r.ada_gagal:
        baris.append(
            f"{LABEL_TAUTAN['ipynb_gagal']} ada di folder KKB (<dokumen>.gagal.ipynb). Perbaiki, "
            "lalu jalankan 'kkb laporan --ulang-gagal'."
        )
    baris.append(f"Daftar dokumen: {r.folder.parent / INDEKS}")
    baris.append(f"Status pembuatan: {r.folder / STATUS_BERKAS}")
    return "\n".join(baris)
