"""Running the notebooks of a batch: in this process, or in worker processes with warm kernels.

Each worker process starts one warm kernel (:class:`~kkb_analysis.laporan.render.KernelHangat`)
and renders one :class:`~kkb_analysis.laporan.render.Tugas` after the other with
:func:`~kkb_analysis.laporan.render.render_tugas`; results come back as they finish. A report
that kills its worker process is isolated so that only it fails.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
from collections.abc import Iterator, Sequence

from kkb_analysis.laporan.render import Hasil, KernelHangat, Tugas, render_tugas

logger = logging.getLogger(__name__)

__all__ = ["jalankan_paralel", "jalankan_seri"]

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


def _kerjakan(tugas: Tugas) -> Hasil:
    return render_tugas(tugas, kernel=_KERNEL)


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
            for t, hasil in _satu_pool(grup, pekerja, kernel_terpisah):
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


def _satu_pool(
    daftar: Sequence[Tugas], pekerja: int, kernel_terpisah: bool
) -> Iterator[tuple[Tugas, Hasil | None]]:
    """(task, result) as they finish; result None when the pool broke under the task."""
    with cf.ProcessPoolExecutor(
        max_workers=min(pekerja, len(daftar)),
        mp_context=multiprocessing.get_context("spawn"),  # never fork a process running Chromium
        initializer=_mulai_pekerja,
        initargs=(kernel_terpisah,),
    ) as pool:
        futures = {pool.submit(_kerjakan, t): t for t in daftar}
        for fut in cf.as_completed(futures):
            try:
                yield futures[fut], fut.result()
            except cf.process.BrokenProcessPool:
                yield futures[fut], None
