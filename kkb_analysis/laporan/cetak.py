"""Render the planned reports and print each finished HTML to an A4 PDF as it arrives.

The notebooks run in workers (:mod:`.jalankan`); every new HTML is printed in THIS process with
ONE headless Chromium (:class:`~kkb_analysis.laporan.ekspor.PdfPrinter`) on one background
thread, launched and warmed up while the workers start their kernels; each PDF prints while
the next notebooks run. A report whose PDF cannot be printed fails with a message that says what
to do; its HTML and notebook stay. A progress bar shows the ETA.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kkb_analysis import atomik
from kkb_analysis.laporan.dinas import identitas_dinas
from kkb_analysis.laporan.jalankan import jalankan_paralel, jalankan_seri
from kkb_analysis.laporan.keadaan import sekarang
from kkb_analysis.laporan.manifest import Entri
from kkb_analysis.laporan.rencana import berkas_relatif
from kkb_analysis.laporan.render import Tugas, pesan_tulis

if TYPE_CHECKING:  # the exporter (nbconvert, bs4) is imported only when printing
    from kkb_analysis.laporan.ekspor import MetadataPdf, PdfPrinter

__all__ = ["metadata_pdf", "render_dan_cetak"]

#: Chromium printers of a batch at most (one per worker up to this): printing is the last
#: step of every document, and a single printer made a KKB's three PDFs wait for each other.
PENCETAK_MAKS = 2

#: Keywords of every printed document (with the year and the document's title).
KATA_KUNCI = ("Kampung KB", "Kampung Keluarga Berkualitas", "Bangga Kencana")


def metadata_pdf(t: Tugas, penulis: str, kota: str = "") -> MetadataPdf:
    """Title, author, subject and keywords of the PDF of ``t``."""
    from kkb_analysis.laporan.ekspor import MetadataPdf

    tahun = str(t.parameter.get("tahun", "")).strip()
    subjek = "Evaluasi Kampung Keluarga Berkualitas" + (f" tahun {tahun}" if tahun else "")
    return MetadataPdf(
        judul=t.judul,
        penulis=penulis,
        subjek=f"{subjek} oleh {penulis}",
        kata_kunci=(*KATA_KUNCI, kota, tahun, t.judul),
    )


class _Pencetak:
    """The PDF printer of a batch on ONE background thread (playwright's sync API belongs to
    the thread that started it): Chromium is launched and warmed up (:meth:`PdfPrinter.panaskan`)
    while the workers start their kernels, and each PDF prints while the next notebooks run.
    A failed print closes the browser; the next job starts a new one."""

    def __init__(self, browser: Path):
        self._browser = browser
        self._printer: PdfPrinter | None = None
        self._thread = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kkb-pdf")
        self._thread.submit(self._siapkan, True)  # a failure here shows on the first PDF
        self.antre = 0  # PDFs queued and not yet printed

    def _selesai(self, _fut: cf.Future[Any]) -> None:
        self.antre -= 1

    def _siapkan(self, panaskan: bool = False) -> PdfPrinter:
        from kkb_analysis.laporan.ekspor import PdfPrinter

        if self._printer is None:
            self._printer = PdfPrinter(self._browser).__enter__()
            if panaskan:
                self._printer.panaskan()
        return self._printer

    def _cetak(
        self, t: Tugas, meta: MetadataPdf, tebakan: dict[str, str] | None
    ) -> tuple[float, dict[str, str] | None]:
        mulai = time.perf_counter()
        try:
            printer = self._siapkan()
            with atomik.berkas_sementara(t.pdf) as tmp:
                printer.print_pdf(t.html, tmp, t.judul, metadata=meta, tebakan=tebakan)
        except BaseException:
            self._tutup()
            raise
        return time.perf_counter() - mulai, printer.halaman_isi

    def cetak(
        self, t: Tugas, meta: MetadataPdf, tebakan: dict[str, str] | None = None
    ) -> cf.Future[tuple[float, dict[str, str] | None]]:
        """Print ``t``'s HTML to its PDF (``tebakan``: its table of contents' pages last
        time); the future gives (print time, pages of the table of contents) or the error."""
        self.antre += 1
        fut = self._thread.submit(self._cetak, t, meta, tebakan)
        fut.add_done_callback(self._selesai)
        return fut

    def _tutup(self) -> None:
        if self._printer is not None:
            self._printer.close()
            self._printer = None

    def tutup(self) -> None:
        """Wait for the queued PDFs, then close the browser."""
        try:
            self._thread.submit(self._tutup).result()
        finally:
            self._thread.shutdown(wait=True)


def _pesan_pdf(exc: BaseException, t: Tugas) -> str:
    if isinstance(exc, OSError) and exc.errno is not None:
        return "HTML dibuat, PDF tidak: " + pesan_tulis(exc, t.folder)
    return (
        f"HTML dibuat, tetapi PDF gagal dicetak ({type(exc).__name__}: {str(exc)[:200]}). "
        "Periksa browser (KKB_CHROMIUM) lalu jalankan 'kkb laporan --ulang-gagal'."
    )


def _hasil_pdf(fut: cf.Future[tuple[float, dict[str, str] | None]], e: Entri, t: Tugas) -> float:
    """Wait for one PDF; a failed print makes the report ``gagal`` with what to do."""
    try:
        detik, e.halaman_isi = fut.result()
    except Exception as exc:
        e.status, e.pesan = "gagal", _pesan_pdf(exc, t)
        t.pdf.unlink(missing_ok=True)
        return 0.0
    e.durasi_pdf_detik = round(detik, 2)
    return e.durasi_pdf_detik


def render_dan_cetak(
    jalankan: list[Tugas],
    entri: dict[str, Entri],
    folder: Path,
    pekerja: int | None,
    kernel_terpisah: bool,
    pdf: bool,
    progres: bool,
    peringatan: list[str],
    waktu: dict[str, float],
) -> None:
    """Render ``jalankan`` in parallel and print each finished HTML to PDF as it arrives."""
    from tqdm import tqdm

    from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, find_browser

    n_pekerja = max(1, min(pekerja or os.cpu_count() or 1, len(jalankan)))
    browser: Path | None = None
    if pdf:
        try:
            browser = find_browser()
        except BrowserTidakDitemukan as exc:
            peringatan.append(str(exc))
    tugas = {t.tugas_id: t for t in jalankan}
    dinas = identitas_dinas()
    t0 = time.perf_counter()
    t_pdf = 0.0
    hasil_iter = (
        jalankan_seri(jalankan, kernel_terpisah)
        if n_pekerja == 1
        else jalankan_paralel(jalankan, n_pekerja, kernel_terpisah)
    )
    bar = tqdm(
        total=len(jalankan),
        desc=f"Laporan ({n_pekerja} pekerja)",
        unit="laporan",
        disable=not progres,
        file=sys.stderr,
    )

    def selesai(e: Entri, t: Tugas) -> None:
        if e.status == "gagal":
            t.pdf.unlink(missing_ok=True)  # an older PDF no longer matches the HTML
        e.berkas = berkas_relatif(t, folder)
        e.terakhir_dijalankan = sekarang()
        bar.update(1)
        if e.status == "gagal":
            bar.write(f"GAGAL {e.tugas_id}: {e.pesan}")

    # started before the first notebook runs: Chromium starts while the kernels do. Two
    # printers for several KKB on two workers or more; one for a single KKB, whose three PDFs
    # do not pay back a second browser's start (one KKB: 9.2 s with one, 11.2 s with two)
    n_kkb = len({t.parameter.get("kkb_id") or t.tugas_id for t in jalankan})
    n_cetak = 1 if n_kkb <= 1 else min(PENCETAK_MAKS, n_pekerja)
    pencetak = [_Pencetak(browser) for _ in range(n_cetak)] if pdf and browser is not None else []
    antre: list[tuple[cf.Future[Any], Entri, Tugas]] = []
    try:
        for h in hasil_iter:
            t = tugas[h.tugas_id]
            e = entri[h.tugas_id]
            e.status, e.durasi_detik = h.status, round(h.durasi_detik, 2)
            e.sel_gagal, e.sumber_sel, e.pesan = h.sel_gagal, h.sumber_sel, h.pesan
            if h.berhasil and pdf and not pencetak:
                e.status = "gagal"
                e.pesan = "HTML dibuat, PDF tidak: " + peringatan[0]
            if h.berhasil and pencetak:
                meta = metadata_pdf(t, dinas.instansi, dinas.kota)
                bebas = min(pencetak, key=lambda p: p.antre)
                antre.append((bebas.cetak(t, meta, e.halaman_isi), e, t))
            else:
                selesai(e, t)
            # PDFs already printed are reported as they finish
            while antre and antre[0][0].done():
                fut, e_siap, t_siap = antre.pop(0)
                t_pdf += _hasil_pdf(fut, e_siap, t_siap)
                selesai(e_siap, t_siap)
        while antre:
            fut, e_siap, t_siap = antre.pop(0)
            t_pdf += _hasil_pdf(fut, e_siap, t_siap)
            selesai(e_siap, t_siap)
    finally:
        bar.close()
        for p in pencetak:
            p.tutup()
    waktu["render_detik"] = time.perf_counter() - t0
    waktu["pdf_detik"] = t_pdf
