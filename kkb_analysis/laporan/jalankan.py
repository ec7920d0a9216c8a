"""Running the notebooks of a batch: in this process, or in worker processes with warm kernels.

Each worker process starts one warm kernel (:class:`~kkb_analysis.laporan.render.KernelHangat`)
and renders one :class:`~kkb_analysis.laporan.render.Tugas` after the other with
:func:`~kkb_analysis.laporan.render.render_tugas`. The documents of one KKB (profil, laporan,
lampiran) go to a worker together (:func:`kelompokkan`), so its kernel reads the KKB's tables
once (``_kernel.disimpan``); results come back as each group finishes. A report that kills its
worker process is isolated so that only it fails.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import sys
from collections.abc import Iterator, Sequence

from kkb_analysis.laporan.render import Hasil, KernelHangat, Tugas, render_tugas

logger = logging.getLogger(__name__)

__all__ = ["jalankan_paralel", "jalankan_seri", "kelompokkan"]

_KERNEL: KernelHangat | None = None  # one per worker process (orchestration state only)


def _mulai_pekerja(kernel_terpisah: bool) -> None:
    """Worker initializer: start the warm kernel once per process."""
    global _KERNEL
    logging.basicConfig(level=logging.WARNING)
    # jupyter_client warns on every closed client ("Could not destroy zmq context"): harmless
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    if not kernel_terpisah:
        _KERNEL = KernelHangat()
        import atexit

        atexit.register(_KERNEL.matikan)
        try:
            _KERNEL.mulai()
        except Exception as exc:  # the first task will retry and report a clear error
            logger.warning("Kernel hangat gagal dimulai: %s", exc)


def _kerjakan(kelompok: Sequence[Tugas]) -> list[Hasil]:
    return [render_tugas(t, kernel=_KERNEL) for t in kelompok]


#: Relative render cost of a document kind (the longest first when a KKB's documents are
#: spread over the workers): measured on the 2023 sample, laporan ≈ 2.3 s, lampiran ≈ 1.5 s,
#: profil ≈ 1.2 s of notebook time in a warm kernel.
BOBOT_DOKUMEN = {"rekap_kota": 4, "laporan": 3, "lampiran": 2, "profil": 1}


def kelompokkan(daftar: Sequence[Tugas], pekerja: int = 1) -> list[list[Tugas]]:
    """The tasks grouped by KKB (``parameter["kkb_id"]``; the city summary alone), in the order
    of their first task, the groups without a KKB (the city summary) first: a long single
    report started early does not end the batch alone.

    With fewer groups than ``pekerja`` (one KKB asked for) the documents are spread over the
    workers instead, the longest first: two kernels read the tables, but the wall time is the
    longest document's, not the sum of three."""
    grup: dict[str, list[Tugas]] = {}
    for t in daftar:
        grup.setdefault(str(t.parameter.get("kkb_id") or f"\0{t.tugas_id}"), []).append(t)
    if len(grup) < pekerja:
        satu = sorted(daftar, key=lambda t: -BOBOT_DOKUMEN.get(t.nama, 0))
        return [[t] for t in satu]
    return sorted(grup.values(), key=lambda g: "kkb_id" in g[0].parameter)


def jalankan_seri(daftar: Sequence[Tugas], kernel_terpisah: bool) -> Iterator[Hasil]:
    """Run in this process (one worker): used for a single task or ``--pekerja 1``."""
    kernel = None if kernel_terpisah else KernelHangat()
    try:
        for t in daftar:
            yield render_tugas(t, kernel=kernel)
    finally:
        if kernel is not None:
            kernel.matikan()


def jalankan_paralel(
    daftar: Sequence[Tugas], pekerja: int, kernel_terpisah: bool
) -> Iterator[Hasil]:
    """Run in ``pekerja`` processes, isolating a report that kills its worker process.

    A worker that dies (killed by the system for memory, a crash) breaks the whole pool, and
    every unfinished report of that pool gets ``BrokenProcessPool``. Those are run again in a
    fresh pool as long as each round finishes at least one report; when a round finishes none,
    each remaining report gets a pool of its own, so only the one that kills its worker fails.
    """
    sisa, isolasi = list(daftar), False
    while sisa:
        kelompok = [[t] for t in sisa] if isolasi else [sisa]
        rusak: list[Tugas] = []
        maju = False
        for grup in kelompok:
            for t, hasil in _satu_pool(grup, pekerja, kernel_terpisah, bersama=not isolasi):
                if hasil is not None:
                    maju = True
                    yield hasil
                elif isolasi:
                    yield Hasil(
                        t.tugas_id,
                        "gagal",
                        0.0,
                        pesan=(
                            "Proses pekerja berhenti mendadak saat membuat laporan ini "
                            "(kemungkinan kehabisan memori). Tutup aplikasi lain lalu jalankan "
                            "'kkb laporan --ulang-gagal --pekerja 1'."
                        ),
                    )
                else:
                    rusak.append(t)
        if rusak:
            logger.warning("Pekerja berhenti mendadak; %d laporan diulang.", len(rusak))
        sisa, isolasi = rusak, isolasi or not maju


@contextlib.contextmanager
def _tanpa_program_utama() -> Iterator[None]:
    """Spawned workers do not import the program that started them.

    A "spawn" child imports the parent's ``__main__`` by its file path (the ``kkb`` console
    script, which imports the whole CLI: ≈ 1 s of CPU per worker before its kernel can start)
    unless it is a package's ``__main__``. The workers run functions of this module only, so
    the main module's file and spec are hidden while they are spawned."""
    utama = sys.modules.get("__main__")
    berkas, spec = getattr(utama, "__file__", None), getattr(utama, "__spec__", None)
    if utama is None or (berkas is None and spec is None):
        yield
        return
    try:
        utama.__spec__ = None  # spawn reads it unguarded: set to None, never deleted
        if berkas is not None:
            del utama.__file__
        yield
    finally:
        utama.__spec__ = spec
        if berkas is not None:
            utama.__file__ = berkas


def _satu_pool(
    daftar: Sequence[Tugas], pekerja: int, kernel_terpisah: bool, bersama: bool = True
) -> Iterator[tuple[Tugas, Hasil | None]]:
    """(task, result) as they finish; result None when the pool broke under the task.

    ``bersama``: a KKB's documents go to one worker together (:func:`kelompokkan`)."""
    kelompok = kelompokkan(daftar, pekerja) if bersama else [[t] for t in daftar]
    pool = cf.ProcessPoolExecutor(
        max_workers=min(pekerja, len(kelompok)),
        mp_context=multiprocessing.get_context("spawn"),  # never fork a process running Chromium
        initializer=_mulai_pekerja,
        initargs=(kernel_terpisah,),
    )
    try:
        with _tanpa_program_utama():  # the workers are spawned by these submits
            futures = {pool.submit(_kerjakan, g): g for g in kelompok}
        for fut in cf.as_completed(futures):
            try:
                hasil = fut.result()
            except cf.process.BrokenProcessPool:
                for t in futures[fut]:
                    yield t, None
                continue
            yield from zip(futures[fut], hasil, strict=True)
    finally:
        # every result is in: the workers shut their kernels down (≈ 1 s) while this process
        # prints the last PDFs and writes the pages (they are joined at interpreter exit)
        pool.shutdown(wait=False, cancel_futures=True)
