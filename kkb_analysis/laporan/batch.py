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
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from kkb_analysis import atomik
from kkb_analysis.config import ConfigError, Paths
from kkb_analysis.laporan.cetak import render_dan_cetak
from kkb_analysis.laporan.format import format_angka
from kkb_analysis.laporan.keadaan import keadaan, teks_terakhir, teks_waktu
from kkb_analysis.laporan.keluaran import (
    DOKUMEN,
    INDEKS,
    LABEL_TAUTAN,
    LEMBAR,
    REKAP_ID,
    STATUS_BERKAS,
)
from kkb_analysis.laporan.manifest import (
    KEADAAN,
    MANIFEST,
    Entri,
    RingkasanRun,
    manifest_lama,
    tulis_manifest,
)
from kkb_analysis.laporan.rencana import (
    InfoKkb,
    LaporanBatchError,
    Rencana,
    baca_kkb,
    berkas_masukan,
    dokumen_usang,
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
    dokumen: Sequence[str] | None = None,
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
            kkb=kkb, dokumen=dokumen, ulang_gagal=ulang_gagal, paksa=paksa, pekerja=pekerja,
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
    dokumen: Sequence[str] | None,
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
        kkb=kkb, dokumen=dokumen, ulang_gagal=ulang_gagal, paksa=paksa, pdf=pdf,
        batas_waktu=batas_waktu, kernel_terpisah=kernel_terpisah,
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
        # the pages again when a document was rendered, a page is missing, or a document
        # became (or stopped being) stale: this year's from the plan, every other year's
        # checked now (hashing only, a few ms per year); the landing page only then, as
        # rendering it imports the chart colours (matplotlib)
        usang = frozenset(k for k, e in entri.items() if e.usang)
        usang_beranda = {str(tahun): sorted(usang)} | _usang_tahun_lain(paths, tahun, rencana)
        halaman = bool(jalankan) or not (folder / STATUS_BERKAS).is_file()
        halaman = halaman or usang != rencana.usang_lama
        beranda = halaman or not (paths.reports / INDEKS).is_file()
        beranda = beranda or usang_beranda != rencana.usang_beranda_lama
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
            "tahun": tahun, "kkb": list(kkb or []), "dokumen": list(dokumen or []),
            "ulang_gagal": ulang_gagal, "paksa": paksa,
            "pekerja": pekerja, "kernel_terpisah": kernel_terpisah,
            "batas_waktu_sel_detik": batas_waktu, "pdf": pdf, "data_dir": str(paths.data),
            "reports_dir": str(paths.reports),
        },
        waktu=waktu,
        kkb=[dataclasses.asdict(k) for k in urutan],
        usang_beranda=usang_beranda,
    )  # fmt: skip
    if beranda or tulis is not None:
        _tulis_beranda(paths, tahun, urutan, peringatan, usang_beranda)
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


def _usang_tahun_lain(paths: Paths, tahun: int, rencana: Rencana) -> dict[str, list[str]]:
    """Year → its stale documents, for every other year with a run manifest (checked now with
    the skip rule's key comparison, :func:`~kkb_analysis.laporan.rencana.dokumen_usang`)."""
    out: dict[str, list[str]] = {}
    for folder in sorted(paths.reports.glob("[0-9][0-9][0-9][0-9]")):
        if folder.name == str(tahun) or not (folder / MANIFEST).is_file():
            continue
        laporan = manifest_lama(folder).get("laporan", {})
        out[folder.name] = sorted(
            dokumen_usang(paths, int(folder.name), laporan, rencana.kode or None)
        )
    return out


def _tulis_beranda(
    paths: Paths,
    tahun: int,
    urutan: list[InfoKkb],
    peringatan: list[str],
    usang: Mapping[str, list[str]],
) -> None:
    """The landing page over every year (this year's list as the fallback of its manifest),
    with each year's stale documents ``usang`` (year → task ids)."""
    from kkb_analysis.laporan.indeks import tulis_beranda

    def periksa(th: int, laporan: Mapping[str, Any]) -> set[str]:
        return set(usang.get(str(th), ()))

    try:
        tulis_beranda(paths.reports, {tahun: urutan}, periksa_usang=periksa)
    except (OSError, ValueError, ConfigError) as exc:  # e.g. a missing logo: say so, go on
        peringatan.append(f"Halaman depan {paths.reports / INDEKS} tidak ditulis: {exc}")


def _tulis_lembar(path: Path, olahan: Path, tahun: int) -> None:
    """indikator_kkb.xlsx (every indicator for stakeholders)."""
    from kkb_analysis.config import load_settings
    from kkb_analysis.laporan.lembar import tulis_xlsx

    tulis_xlsx(path, olahan, tahun, load_settings())


# -------------------------------------------------------------------------------- summary
#: A state in the summary's status column.
_KATA_KEADAAN = {"dilewati": "dilewati (tidak berubah)"}


def _ket_entri(e: Entri, tahun: int) -> str:
    """The explanation column of one row (failure message, last outcome, what to run)."""
    k = keadaan(e)
    gagal = ""
    if e.status == "gagal":
        sel = f"sel {e.sel_gagal} ({e.sumber_sel}): " if e.sel_gagal else ""
        gagal = sel + (e.pesan or "")
    if k == "gagal":
        return gagal
    if k == "tidak dijalankan":
        return teks_terakhir(e) + (f": {gagal}" if gagal else "")
    if k == "usang":
        kkb_id = e.tugas_id.rpartition("/")[0]
        perintah = f"kkb laporan --tahun {tahun}" + (f" --kkb {kkb_id}" if kkb_id else "")
        return f"masukan berubah sejak dibuat ({teks_terakhir(e)}); jalankan '{perintah}'"
    return ""


def _daftar_dokumen(entri: list[Entri], semua: list[Entri]) -> str:
    """ "semuanya" when ``entri`` is all of ``semua``, else "KKB-1, KKB-2 (profil), rekap
    kota": documents grouped by KKB (a KKB alone: all its documents)."""
    if len(entri) == len(semua):
        return "semuanya"
    per: dict[str, list[str]] = {}
    for e in entri:
        kkb_id, _, dok = e.tugas_id.rpartition("/")
        per.setdefault(kkb_id or e.tugas_id, []).append(dok)
    bagian = []
    for kunci, dok in per.items():
        if kunci == REKAP_ID:
            bagian.append("rekap kota")
        elif len(dok) == len(DOKUMEN):
            bagian.append(kunci)
        else:
            bagian.append(f"{kunci} ({', '.join(dok)})")
    return ", ".join(bagian)


def _rentang_waktu(entri: list[Entri]) -> str:
    """ "7 Des 2026 09.40" or "7 Des 2026 09.40 s.d. 8 Des 2026 10.02" (oldest to newest)."""
    waktu = sorted(e.terakhir_dijalankan for e in entri if e.terakhir_dijalankan)
    if not waktu:
        return ""
    awal, akhir = teks_waktu(waktu[0]), teks_waktu(waktu[-1])
    return awal or "" if awal == akhir else f"{awal} s.d. {akhir}"


def _baris_ringkas(
    lain: list[Entri], tahun: int, juga: bool, dipilih: set[str] | None = None
) -> list[str]:
    """The documents this run did not select, in two or three lines instead of one each
    (``juga``: other documents not run are listed above, as rows; ``dipilih``: the KKB with
    documents run now, whose other documents are named: ``--dokumen``)."""
    per: dict[str, list[str]] = {}
    for e in lain:
        kkb_id, _, dok = e.tugas_id.rpartition("/")
        if kkb_id:
            per.setdefault(kkb_id, []).append(dok)
    # a KKB with some documents run now (--dokumen) is named with the others it has
    sebagian = [f"{k} ({', '.join(dok)})" for k, dok in per.items() if k in (dipilih or ())]
    utuh = [k for k in per if k not in (dipilih or ())]
    rekap = any(e.tugas_id == REKAP_ID for e in lain)
    siapa = [f"{len(utuh)} KKB lain"] if utuh else []
    siapa += sebagian
    siapa += ["rekap kota"] if rekap else []
    awal = "Juga tidak dijalankan" if juga else "Tidak dijalankan"
    daftar = ", ".join(siapa[:-1]) + " dan " + siapa[-1] if len(siapa) > 1 else "".join(siapa)
    baris = [f"{awal} kali ini: {daftar} ({len(lain)} dokumen)."]
    usang = [e for e in lain if keadaan(e) == "usang"]
    if usang:
        kkb_usang = sorted({e.tugas_id.rpartition("/")[0] for e in usang} - {""})
        perintah = f"kkb laporan --tahun {tahun}"
        if kkb_usang and len(kkb_usang) <= 3 and all(e.tugas_id != REKAP_ID for e in usang):
            perintah += " --kkb " + " ".join(kkb_usang)
        baris.append(
            f"  {len(usang)} usang (masukan berubah sejak dibuat): {_daftar_dokumen(usang, lain)}. "
            f"Perbarui: '{perintah}' (yang tidak berubah dilewati)."
        )
    sesuai = [e for e in lain if keadaan(e) == "tidak dijalankan" and e.status != "gagal"]
    if sesuai:
        kapan = _rentang_waktu(sesuai)
        baris.append(
            f"  {len(sesuai)} masih sesuai masukan"
            + (f" (terakhir berhasil {kapan})" if kapan else " (terakhir berhasil)")
            + "."
        )
    belum = [e for e in lain if keadaan(e) == "belum dibuat"]
    if belum:
        baris.append(f"  {len(belum)} belum pernah dibuat: {_daftar_dokumen(belum, lain)}.")
    return baris


def _total(r: RingkasanRun) -> str:
    """ "3 berhasil, 0 gagal; 37 tidak dijalankan, di antaranya 12 usang; 4,2 detik." """
    n = {k: r.hitung(k) for k in KEADAAN}
    teks = f"{n['berhasil']} berhasil, {n['gagal']} gagal"
    if n["dilewati"]:
        teks += f", {n['dilewati']} dilewati (tidak berubah)"
    tidak = n["tidak dijalankan"] + n["usang"]
    if tidak:
        teks += f"; {tidak} tidak dijalankan"
        if n["usang"]:
            teks += f", di antaranya {n['usang']} usang"
    if n["belum dibuat"]:
        teks += f"; {n['belum dibuat']} belum dibuat"
    return f"{teks}; {format_angka(r.durasi_detik, 1)} detik."


def format_ringkasan(r: RingkasanRun, lengkap: bool = False) -> str:
    """The run summary printed by ``kkb laporan``: one row per document this run rendered or
    skipped (and per older failure), the documents it did not select in two or three lines
    (how many, which are stale, when the rest were made), then the totals. ``lengkap``: one
    row per document, none collapsed."""
    baris_penuh = [
        e
        for e in r.entri
        if lengkap or e.dipilih or (keadaan(e) == "tidak dijalankan" and e.status == "gagal")
    ]
    lain = [e for e in r.entri if e not in baris_penuh]
    kata = [_KATA_KEADAAN.get(keadaan(e), keadaan(e)) for e in baris_penuh]
    lebar = max([len(e.tugas_id) for e in baris_penuh] + [10])
    lebar_status = max([len(k) for k in kata] + [14]) + 2
    kepala = f"{'Laporan':<{lebar}}  {'Status':<{lebar_status}}{'Durasi':>8}  Keterangan"
    baris = [f"Ringkasan laporan tahun {r.tahun} ({r.folder})", kepala, "-" * len(kepala)]
    for e, k in zip(baris_penuh, kata, strict=True):
        durasi = "-"
        if e.dipilih and e.durasi_detik is not None and keadaan(e) != "dilewati":
            durasi = f"{format_angka(e.durasi_detik, 1)} s"
        ket = _ket_entri(e, r.tahun)
        baris.append(f"{e.tugas_id:<{lebar}}  {k:<{lebar_status}}{durasi:>8}  {ket}".rstrip())
    baris.append("-" * len(kepala))
    if lain:
        dipilih = {e.tugas_id.rpartition("/")[0] for e in r.entri if e.dipilih} - {""}
        baris += _baris_ringkas(lain, r.tahun, any(not e.dipilih for e in baris_penuh), dipilih)
    baris.append(_total(r))
    for p in r.peringatan:
        baris.append(f"Peringatan: {p}")
    if any(e.status == "gagal" for e in r.entri):
        baris.append(
            f"{LABEL_TAUTAN['ipynb_gagal']} ada di folder KKB (<dokumen>.gagal.ipynb). Perbaiki, "
            f"lalu jalankan 'kkb laporan --tahun {r.tahun} --ulang-gagal'."
        )
    baris.append(f"Daftar dokumen: {r.folder.parent / INDEKS}")
    baris.append(f"Status pembuatan: {r.folder / STATUS_BERKAS}")
    return "\n".join(baris)
