"""Orchestration of ``kkb laporan``: plan, skip unchanged work, run in parallel, print PDFs.

Layers (as papermill's own): :mod:`kkb_analysis.cli` parses arguments → this module plans and
runs a batch → :func:`kkb_analysis.laporan.render.render_tugas` renders one notebook.

A run for one data year:

1. **Plan.** The active KKB come from ``out_wilayah``; each report (13 KKB + the city summary)
   gets a content key: SHA-256 of the notebook, the package (version and source), the settings
   in force, its parameters and the processed tables it reads. A report whose key equals the one
   in the previous ``manifest.json``, that succeeded and whose files are all there, is skipped
   (``--paksa`` renders anyway; ``--ulang-gagal`` renders only those that failed last time).
2. **Render** in worker processes (default: one per core), each with a warm kernel; a progress
   bar shows the ETA. A failing report keeps its error notebook; the others go on.
3. **Print** every new HTML to A4 PDF in the main process with ONE headless Chromium.
4. **Export** ``index.html``, ``indikator_kkb.xlsx`` and ``manifest.json`` (parameters, git
   commit, package versions, SHA-256 of every input, timings, validation counts, per-report
   status) — all written atomically, under a lock so two runs cannot mix their files.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import hashlib
import json
import logging
import multiprocessing
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kkb_analysis import __version__, atomik
from kkb_analysis.config import (
    LOCAL_SETTINGS_FILE,
    NOTEBOOK_LAPORAN,
    NOTEBOOK_REKAP,
    PROJECT_ROOT,
    ConfigError,
    Paths,
)
from kkb_analysis.laporan.render import Hasil, KernelHangat, Tugas, pesan_tulis, render_tugas
from kkb_analysis.nama import masalah_kkb_id

logger = logging.getLogger(__name__)

REKAP_ID = "rekap_kota"
MANIFEST = "manifest.json"
KUNCI_BERKAS = ".kkb-laporan.lock"
# kkb_id as the portal writes them (nama.POLA_KKB_ID); anything else (spaces,
# "/", "..", the report's own file names) is refused before a path is built from it.
#: Packages whose versions go into the manifest.
PAKET = (
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "playwright",
    "openpyxl",
)


class LaporanBatchError(ConfigError):
    """The batch cannot start (no processed data, unknown KKB, output folder locked)."""


# ------------------------------------------------------------------------------------ checks
def periksa_kkb_id(kkb_id: str) -> str:
    """``kkb_id`` if it is safe to use in a path, else :class:`LaporanBatchError`."""
    masalah = masalah_kkb_id(kkb_id)
    if masalah:
        raise LaporanBatchError(f"Kode KKB tidak dapat dipakai: {masalah}.")
    return kkb_id


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


# -------------------------------------------------------------------------------- hashing
def _sha256_berkas(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for blok in iter(lambda: fh.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def berkas_masukan(folder_olahan: Path) -> dict[str, str]:
    """SHA-256 of every processed file a report reads (``out_*``, KKB master, load summary)."""
    nama = sorted(folder_olahan.glob("out_*.parquet")) + [
        folder_olahan / n
        for n in (
            "core_kkb.parquet",
            "core_kkb_profil.parquet",
            "ringkasan_muat.csv",
            "laporan_validasi.json",
        )
    ]
    return {p.name: _sha256_berkas(p) for p in nama if p.is_file()}


def sidik_kode() -> str:
    """SHA-256 over the package version and its source (``.py``, ``.yaml``): changes with code."""
    h = hashlib.sha256(__version__.encode())
    paket = Path(__file__).resolve().parents[1]
    for p in sorted(paket.rglob("*")):
        if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(paket)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _berkas_pengaturan() -> Path | None:
    kandidat = os.environ.get("KKB_PENGATURAN")
    path = Path(kandidat) if kandidat else LOCAL_SETTINGS_FILE
    return path if path.is_file() else None


def kunci_tugas(notebook: Path, parameter: dict[str, Any], data: dict[str, str], kode: str) -> str:
    """The content key of one report (see the module docstring)."""
    h = hashlib.sha256()
    h.update(notebook.read_bytes())
    h.update(kode.encode())
    pengaturan = _berkas_pengaturan()
    h.update(pengaturan.read_bytes() if pengaturan else b"-")
    tetap = {k: v for k, v in parameter.items() if k not in ("data_dir", "laporan_dir")}
    h.update(json.dumps(tetap, sort_keys=True).encode())
    h.update(json.dumps(data, sort_keys=True).encode())
    return h.hexdigest()


# ----------------------------------------------------------------------------------- plan
@dataclass
class InfoKkb:
    """An active KKB as the index and the PDF header need it."""

    kkb_id: str
    nama: str
    kelurahan: str
    kecamatan: str
    tingkat: str | None


def baca_kkb(folder_olahan: Path) -> list[InfoKkb]:
    """The active KKB of a year from ``out_wilayah`` (only the few columns needed)."""
    import pyarrow.parquet as pq

    kolom = ["wilayah_id", "jenis_wilayah", "nama_wilayah", "kkb_id", "kode_kelurahan"]
    kolom_kecamatan = "kode_kecamatan"
    tabel = pq.read_table(folder_olahan / "out_wilayah.parquet")
    ada = set(tabel.column_names)
    pilih = kolom + [k for k in (kolom_kecamatan, "tingkat") if k in ada]
    baris = tabel.select(pilih).to_pylist()
    nama = {b["wilayah_id"]: b["nama_wilayah"] for b in baris}
    out = []
    for b in baris:
        if b["jenis_wilayah"] != "kkb":
            continue
        out.append(
            InfoKkb(
                kkb_id=b["kkb_id"],
                nama=b["nama_wilayah"] or b["kkb_id"],
                kelurahan=nama.get(f"kel:{b['kode_kelurahan']}", "") or "",
                kecamatan=nama.get(f"kec:{b.get(kolom_kecamatan)}", "") or "",
                tingkat=b.get("tingkat"),
            )
        )
    return sorted(out, key=lambda k: k.kkb_id)


@dataclass
class Entri:
    """One report of the run: its task, key and outcome (what the manifest records)."""

    tugas_id: str
    judul: str
    kunci: str
    status: str = "belum dijalankan"  # berhasil | gagal | dilewati | belum dijalankan
    durasi_detik: float | None = None
    durasi_pdf_detik: float | None = None
    sel_gagal: int | None = None
    sumber_sel: str | None = None
    pesan: str | None = None
    berkas: dict[str, str] = field(default_factory=dict)


@dataclass
class RingkasanRun:
    """The outcome of ``kkb laporan`` for one year."""

    tahun: int
    folder: Path
    entri: list[Entri]
    durasi_detik: float
    peringatan: list[str] = field(default_factory=list)

    def hitung(self, status: str) -> int:
        return sum(e.status == status for e in self.entri)

    @property
    def ada_gagal(self) -> bool:
        return self.hitung("gagal") > 0


def _manifest_lama(folder: Path) -> dict[str, Any]:
    """The previous run's manifest; {} when absent or unusable (damaged, edited, a folder),
    so every report is then rendered again."""
    try:
        isi = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, a folder, not UTF-8, not JSON
        return {}
    if not isinstance(isi, dict):
        return {}
    laporan = isi.get("laporan")
    if not isinstance(laporan, dict) or not all(isinstance(v, dict) for v in laporan.values()):
        isi["laporan"] = {}
    return isi


def _berkas_lengkap(tugas: Tugas, pdf: bool) -> bool:
    perlu = [tugas.ipynb, tugas.html] + ([tugas.pdf] if pdf else [])
    return all(p.is_file() for p in perlu)


def _berkas_relatif(tugas: Tugas, folder: Path) -> dict[str, str]:
    pasangan = {
        "html": tugas.html,
        "pdf": tugas.pdf,
        "ipynb": tugas.ipynb,
        "ipynb_gagal": tugas.ipynb_gagal,
    }
    return {k: str(p.relative_to(folder)) for k, p in pasangan.items() if p.is_file()}


# ------------------------------------------------------------------------------- workers
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


def _jalankan_seri(daftar: Sequence[Tugas], kernel_terpisah: bool) -> Iterator[Hasil]:
    """Run in this process (one worker): used for a single task or ``--pekerja 1``."""
    kernel = None if kernel_terpisah else KernelHangat()
    try:
        for t in daftar:
            yield render_tugas(t, kernel=kernel)
    finally:
        if kernel is not None:
            kernel.matikan()


def _jalankan_paralel(
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


# ------------------------------------------------------------------------------------ run
def _tugas(
    paths: Paths,
    tahun: int,
    folder: Path,
    kkb: Sequence[InfoKkb],
    batas_waktu: int | None,
    kernel_terpisah: bool,
) -> list[Tugas]:
    data_dir = str(paths.data)
    out = [
        Tugas(
            tugas_id=k.kkb_id,
            notebook=NOTEBOOK_LAPORAN,
            parameter={
                "kkb_id": k.kkb_id,
                "tahun": tahun,
                "data_dir": data_dir,
                "laporan_dir": str(folder),
            },
            folder=folder / periksa_kkb_id(k.kkb_id),
            nama="laporan",
            judul=f"Laporan Evaluasi {k.nama} — Tahun {tahun}",
            batas_waktu_sel=batas_waktu,
            kernel_terpisah=kernel_terpisah,
        )
        for k in kkb
    ]
    out.append(
        Tugas(
            tugas_id=REKAP_ID,
            notebook=NOTEBOOK_REKAP,
            parameter={"tahun": tahun, "data_dir": data_dir, "laporan_dir": str(folder)},
            folder=folder,
            nama="rekap_kota",
            judul=f"Ringkasan Kota Kampung KB Kota Cilegon — Tahun {tahun}",
            batas_waktu_sel=batas_waktu,
            kernel_terpisah=kernel_terpisah,
        )
    )
    return out


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
    try:
        semua_kkb = baca_kkb(olahan)
    except (ValueError, KeyError, TypeError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise LaporanBatchError(
            f"Tabel olahan {olahan / 'out_wilayah.parquet'} rusak atau dari versi lama. Jalankan "
            f"'kkb bangun --tahun {tahun}' lagi, lalu 'kkb laporan'."
        ) from exc
    ada = {k.kkb_id for k in semua_kkb}
    tidak_ada = [k for k in kkb or () if k not in ada]
    if tidak_ada:
        raise LaporanBatchError(
            f"KKB {', '.join(tidak_ada)} tidak aktif pada tahun {tahun}. KKB yang ada: "
            f"{', '.join(sorted(ada))}."
        )
    data = berkas_masukan(olahan)
    kode = sidik_kode()
    semua = _tugas(paths, tahun, folder, semua_kkb, batas_waktu, kernel_terpisah)
    lama = _manifest_lama(folder).get("laporan", {})
    entri: dict[str, Entri] = {}
    jalankan: list[Tugas] = []
    for t in semua:
        e = Entri(t.tugas_id, t.judul, kunci_tugas(t.notebook, t.parameter, data, kode))
        entri[t.tugas_id] = e
        sebelumnya = lama.get(t.tugas_id, {})
        dipilih = (not kkb or t.tugas_id in kkb) and (
            not ulang_gagal or sebelumnya.get("status") == "gagal"
        )
        sama = (
            sebelumnya.get("kunci") == e.kunci
            and sebelumnya.get("status") in ("berhasil", "dilewati")
            and _berkas_lengkap(t, pdf)
        )
        if dipilih and (paksa or not sama):
            jalankan.append(t)
        elif dipilih:
            e.status, e.berkas = "dilewati", _berkas_relatif(t, folder)
        else:  # not selected this time: keep what the previous run recorded
            for k in ("status", "durasi_detik", "sel_gagal", "sumber_sel", "pesan"):
                if k in sebelumnya:
                    setattr(e, k, sebelumnya[k])
            e.kunci = sebelumnya.get("kunci", e.kunci)
            e.berkas = _berkas_relatif(t, folder)
    peringatan: list[str] = []
    waktu: dict[str, float] = {"rencana_detik": time.perf_counter() - mulai}
    # the workbook depends on the data, code and settings only: its own key, written in a
    # thread while the reports render
    kunci_lembar = kunci_tugas(NOTEBOOK_LAPORAN, {"lembar": tahun}, data, kode)
    lembar = folder / "indikator_kkb.xlsx"
    perlu_lembar = (
        paksa
        or not lembar.is_file()
        or (_manifest_lama(folder).get("kunci_lembar") != kunci_lembar)
    )
    with cf.ThreadPoolExecutor(max_workers=1) as latar:
        tulis = latar.submit(_tulis_lembar, lembar, olahan, tahun) if perlu_lembar else None
        if jalankan:
            _render_dan_cetak(jalankan, entri, folder, pekerja, kernel_terpisah, pdf, progres,
                              peringatan, waktu)  # fmt: skip
        t_ekspor = time.perf_counter()
        if jalankan or not (folder / "index.html").is_file():
            _tulis_index(folder, tahun, semua_kkb, entri)
        if tulis is not None:
            try:
                tulis.result()
            except Exception as exc:  # the reports are still good: say so, don't crash
                peringatan.append(f"indikator_kkb.xlsx tidak dibuat ({type(exc).__name__}: {exc}).")
                kunci_lembar = ""
    waktu["ekspor_detik"] = time.perf_counter() - t_ekspor
    ringkasan = RingkasanRun(
        tahun, folder, list(entri.values()), time.perf_counter() - mulai, peringatan
    )
    waktu["total_detik"] = ringkasan.durasi_detik
    _tulis_manifest(
        folder, olahan, tahun, ringkasan, data, kunci_lembar,
        parameter={
            "tahun": tahun, "kkb": list(kkb or []), "ulang_gagal": ulang_gagal, "paksa": paksa,
            "pekerja": pekerja, "kernel_terpisah": kernel_terpisah,
            "batas_waktu_sel_detik": batas_waktu, "pdf": pdf, "data_dir": str(paths.data),
            "reports_dir": str(paths.reports),
        },
        waktu=waktu,
    )  # fmt: skip
    return ringkasan


def _render_dan_cetak(
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

    from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, PdfPrinter, find_browser

    n_pekerja = max(1, min(pekerja or os.cpu_count() or 1, len(jalankan)))
    browser: Path | None = None
    if pdf:
        try:
            browser = find_browser()
        except BrowserTidakDitemukan as exc:
            peringatan.append(str(exc))
    tugas = {t.tugas_id: t for t in jalankan}
    printer: PdfPrinter | None = None
    t0 = time.perf_counter()
    t_pdf = 0.0
    hasil_iter = (
        _jalankan_seri(jalankan, kernel_terpisah)
        if n_pekerja == 1
        else _jalankan_paralel(jalankan, n_pekerja, kernel_terpisah)
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
                            printer.print_pdf(t.html, tmp, t.judul)
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
            e.berkas = _berkas_relatif(t, folder)
            bar.update(1)
            if e.status == "gagal":
                bar.write(f"GAGAL {e.tugas_id}: {e.pesan}")
    finally:
        bar.close()
        if printer is not None:
            printer.close()
    waktu["render_detik"] = time.perf_counter() - t0
    waktu["pdf_detik"] = t_pdf


# -------------------------------------------------------------------------------- exports
def _tulis_lembar(path: Path, olahan: Path, tahun: int) -> None:
    """indikator_kkb.xlsx (every indicator for stakeholders)."""
    from kkb_analysis.config import load_settings
    from kkb_analysis.laporan.lembar import tulis_xlsx

    tulis_xlsx(path, olahan, tahun, load_settings())


def _tulis_index(folder: Path, tahun: int, kkb: Sequence[InfoKkb], entri: dict[str, Entri]) -> None:
    """index.html: every KKB with its tier, status and links."""
    from kkb_analysis.laporan.indeks import EntriIndeks, tulis_index

    label = {"html": "HTML", "pdf": "PDF", "ipynb": "Notebook", "ipynb_gagal": "Notebook galat"}

    def _indeks(e: Entri, nama: str, kel: str, kec: str, tingkat: str | None) -> EntriIndeks:
        return EntriIndeks(
            kkb_id=e.tugas_id,
            nama=nama,
            kelurahan=kel,
            kecamatan=kec,
            tingkat=tingkat,
            status=e.status,
            durasi_detik=e.durasi_detik,
            pesan=e.pesan,
            berkas={label[k]: v for k, v in e.berkas.items()},
        )

    daftar = [_indeks(entri[k.kkb_id], k.nama, k.kelurahan, k.kecamatan, k.tingkat) for k in kkb]
    rekap = _indeks(entri[REKAP_ID], "Ringkasan Kota", "", "", None)
    tulis_index(folder / "index.html", tahun, daftar, rekap)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        bersih = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "status", "--porcelain", "--", "kkb_analysis",
             "notebooks"],
            capture_output=True, text=True, timeout=10, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() + ("+perubahan-lokal" if bersih.stdout.strip() else "")


def _versi_paket() -> dict[str, str | None]:
    from importlib import metadata

    versi: dict[str, str | None] = {
        "kkb-analysis": __version__,
        "python": platform.python_version(),
    }
    for p in PAKET:
        try:
            versi[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            versi[p] = None
    return versi


def _validasi(olahan: Path) -> dict[str, Any]:
    """Rows read/kept/rejected/flagged per raw file (``ringkasan_muat.csv``) and the raw inputs'
    SHA-256 (``laporan_validasi.json``)."""
    out: dict[str, Any] = {"berkas": [], "mentah_sha256": {}}
    ringkas = olahan / "ringkasan_muat.csv"
    if ringkas.is_file():
        try:
            with ringkas.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    out["berkas"].append(
                        {
                            k: (int(v) if str(k).startswith("baris_") and v else v)
                            for k, v in r.items()
                        }
                    )
        except (OSError, ValueError, csv.Error):
            out["berkas"] = []  # damaged by hand: the manifest leaves the counts out
    try:
        v = json.loads((olahan / "laporan_validasi.json").read_text(encoding="utf-8"))
        out["mentah_sha256"] = {b["file"]: b.get("sha256") for b in v.get("berkas", [])}
        out["total"] = v.get("total")
        out["rekonsiliasi_ok"] = v.get("rekonsiliasi_ok")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # a damaged validation report only leaves these fields out of the manifest
    return out


def _tulis_manifest(
    folder: Path,
    olahan: Path,
    tahun: int,
    ringkasan: RingkasanRun,
    data: dict[str, str],
    kunci_lembar: str,
    parameter: dict[str, Any],
    waktu: dict[str, float],
) -> None:
    manifest = {
        "tahun": tahun,
        "waktu_run": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameter": parameter,
        "git_commit": _git_commit(),
        "versi": _versi_paket(),
        "berkas_masukan_sha256": data,
        "validasi": _validasi(olahan),
        "waktu_detik": {k: round(v, 2) for k, v in waktu.items()},
        "jumlah": {
            s: ringkasan.hitung(s) for s in ("berhasil", "dilewati", "gagal", "belum dijalankan")
        },
        "peringatan": ringkasan.peringatan,
        "laporan": {e.tugas_id: asdict(e) for e in ringkasan.entri},
        "kunci_lembar": kunci_lembar,
    }
    atomik.tulis_teks(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


# -------------------------------------------------------------------------------- summary
def format_ringkasan(r: RingkasanRun) -> str:
    """The run summary printed by ``kkb laporan``: one line per report, then totals."""
    lebar = max([len(e.tugas_id) for e in r.entri] + [10])
    kepala = f"{'Laporan':<{lebar}}  {'Status':<16}{'Durasi':>8}  Keterangan"
    baris = [f"Ringkasan laporan tahun {r.tahun} ({r.folder})", kepala, "-" * len(kepala)]
    for e in r.entri:
        durasi = "-" if e.durasi_detik is None else f"{e.durasi_detik:.1f} s".replace(".", ",")
        ket = ""
        if e.status == "gagal":
            sel = f"sel {e.sel_gagal} ({e.sumber_sel}): " if e.sel_gagal else ""
            ket = sel + (e.pesan or "")
        baris.append(f"{e.tugas_id:<{lebar}}  {e.status:<16}{durasi:>8}  {ket}")
    baris.append("-" * len(kepala))
    detik = f"{r.durasi_detik:.1f}".replace(".", ",")
    baris.append(
        f"{r.hitung('berhasil')} berhasil, {r.hitung('dilewati')} dilewati (tidak berubah), "
        f"{r.hitung('gagal')} gagal; {detik} detik."
    )
    for p in r.peringatan:
        baris.append(f"Peringatan: {p}")
    if r.ada_gagal:
        baris.append(
            "Notebook galat ada di folder KKB (laporan.gagal.ipynb). Perbaiki, lalu jalankan "
            "'kkb laporan --ulang-gagal'."
        )
    baris.append(f"Daftar laporan: {r.folder / 'index.html'}")
    return "\n".join(baris)
