"""Render the planned reports and print each finished HTML to an A4 PDF as it arrives.

The notebooks run in workers (:mod:`.jalankan`); every new HTML is printed in THIS process with
ONE headless Chromium (:class:`~kkb_analysis.laporan.ekspor.PdfPrinter`), started on the first
report that needs it. A report whose PDF cannot be printed fails with a message that says what
to do; its HTML and notebook stay. A progress bar shows the ETA.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kkb_analysis import atomik
from kkb_analysis.laporan.dinas import identitas_dinas
from kkb_analysis.laporan.jalankan import jalankan_paralel, jalankan_seri
from kkb_analysis.laporan.keadaan import sekarang
from kkb_analysis.laporan.manifest import Entri
from kkb_analysis.laporan.rencana import berkas_relatif
from kkb_analysis.laporan.render import Tugas, pesan_tulis

if TYPE_CHECKING:  # the exporter (nbconvert, bs4) is imported only when printing
    from kkb_analysis.laporan.ekspor import MetadataPdf

__all__ = ["metadata_pdf", "render_dan_cetak"]

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

    from kkb_analysis.laporan.ekspor import (
        BrowserTidakDitemukan,
        PdfPrinter,
        find_browser,
    )

    n_pekerja = max(1, min(pekerja or os.cpu_count() or 1, len(jalankan)))
    browser: Path | None = None
    if pdf:
        try:
            browser = find_browser()
        except BrowserTidakDitemukan as exc:
            peringatan.append(str(exc))
    tugas = {t.tugas_id: t for t in jalankan}
    dinas = identitas_dinas()
    printer: PdfPrinter | None = None
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
    try:
        for h in hasil_iter:
            t = tugas[h.tugas_id]
            e = entri[h.tugas_id]
            e.status, e.durasi_detik = h.status, round(h.durasi_detik, 2)
            e.sel_gagal, e.sumber_sel, e.pesan = h.sel_gagal, h.sumber_sel, h.pesan
            if h.berhasil and pdf:
                if browser is None:
                    t.pdf.unlink(missing_ok=True)  # an older PDF no longer matches the HTML
                    e.status = "gagal"
                    e.pesan = "HTML dibuat, PDF tidak: " + peringatan[0]
                else:
                    mulai_pdf = time.perf_counter()
                    try:
                        if printer is None:
                            printer = PdfPrinter(browser).__enter__()
                        with atomik.berkas_sementara(t.pdf) as tmp:
                            printer.print_pdf(
                                t.html,
                                tmp,
                                t.judul,
                                metadata=metadata_pdf(t, dinas.instansi, dinas.kota),
                            )
                    except Exception as exc:
                        e.status = "gagal"
                        e.pesan = (
                            "HTML dibuat, PDF tidak: " + pesan_tulis(exc, t.folder)
                            if isinstance(exc, OSError) and exc.errno is not None
                            else (
                                f"HTML dibuat, tetapi PDF gagal dicetak ({type(exc).__name__}: "
                                f"{str(exc)[:200]}). Periksa browser (KKB_CHROMIUM) lalu "
                                "jalankan 'kkb laporan --ulang-gagal'."
                            )
                        )
                        t.pdf.unlink(missing_ok=True)
                        if printer is not None:
                            printer.close()
                            printer = None
                    e.durasi_pdf_detik = round(time.perf_counter() - mulai_pdf, 2)
                    t_pdf += e.durasi_pdf_detik
            elif not h.berhasil:
                t.pdf.unlink(missing_ok=True)
            e.berkas = berkas_relatif(t, folder)
            e.terakhir_dijalankan = sekarang()
            bar.update(1)
            if e.status == "gagal":
                bar.write(f"GAGAL {e.tugas_id}: {e.pesan}")
    finally:
        bar.close()
        if printer is not None:
            printer.close()
    waktu["render_detik"] = time.perf_counter() - t0
    waktu["pdf_detik"] = t_pdf
