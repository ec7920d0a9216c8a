"""Engine: render ONE report notebook (a KKB report or the city summary) to notebook + HTML.

:func:`render_tugas` is a pure function of its :class:`Tugas` (notebook, parameters, output
folder): it holds no global state, so the batch runner (:mod:`kkb_analysis.laporan.batch`) can
call it from worker processes and a distributed executor could call it elsewhere. It executes
the notebook with papermill (``kernel_name="python3"``), writes the executed notebook and the
offline HTML atomically, and returns a :class:`Hasil` — it never raises for a failing notebook:
the failure (which cell, what error, what to do) is part of the result, and the executed
notebook with the error is kept as ``<nama>.gagal.ipynb``.

Speed: starting a Jupyter kernel and importing pandas/matplotlib costs ~3 s, more than running
a report. A :class:`KernelHangat` ("warm kernel") keeps one kernel per worker with the package
imported, and between two notebooks clears it (``%reset -f``: the user namespace, open figures,
the execution counter; matplotlib settings restored), so each notebook starts from a clean
namespace. ``Tugas.kernel_terpisah`` (``kkb laporan --kernel-terpisah``) starts a fresh kernel
for every notebook instead.

Working directory: one folder in every mode, the notebook's own folder (``notebooks/``,
``config.NOTEBOOK_DIR``), as in JupyterLab, which starts a notebook's kernel in the notebook's
folder. A fresh kernel is started there (papermill ``cwd=``); papermill ignores ``cwd`` for a
kernel it is given, so the warm kernel starts in ``config.NOTEBOOK_DIR`` and is moved into the
notebook's folder before every notebook (a notebook may ``os.chdir``). A relative path in a
cell therefore means the same thing in ``kkb laporan``, ``--kernel-terpisah`` and JupyterLab.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kkb_analysis.errors import pesan_os

logger = logging.getLogger(__name__)

KERNEL = "python3"
#: Modules imported once into a warm kernel (what the report notebooks import; one that does not
#: exist is skipped).
PRA_IMPOR = (
    "kkb_analysis.laporan.bagian",
    "kkb_analysis.laporan.profil",
    "kkb_analysis.laporan.rekap",
)
#: Code run (silently) in a warm kernel before each notebook. Restores what a report could change;
#: ``{folder!r}`` is the notebook's folder (the working directory of the next notebook).
KODE_BERSIHKAN = """\
get_ipython().run_line_magic("reset", "-f")
import kkb_analysis.laporan._kernel as __kkb_kernel
__kkb_kernel.pulihkan({folder!r})
del __kkb_kernel
get_ipython().execution_count = 1
"""


def kode_bersihkan(folder: Path) -> str:
    """:data:`KODE_BERSIHKAN` for a notebook in ``folder``."""
    return KODE_BERSIHKAN.format(folder=str(Path(folder).resolve()))


@dataclass(frozen=True)
class Tugas:
    """One notebook to render: which, with which parameters, where to."""

    tugas_id: str  # "<kkb_id>/<dokumen>" (profil, laporan, lampiran), or "rekap_kota"
    notebook: Path
    parameter: dict[str, Any]
    folder: Path  # output folder of this report
    nama: str  # stem of the outputs: profil, laporan, lampiran, rekap_kota
    judul: str  # HTML <title> and PDF running header
    batas_waktu_sel: int | None = 600  # seconds per cell; None = no limit
    kernel_terpisah: bool = False

    @property
    def html(self) -> Path:
        return self.folder / f"{self.nama}.html"

    @property
    def pdf(self) -> Path:
        return self.folder / f"{self.nama}.pdf"

    @property
    def ipynb(self) -> Path:
        return self.folder / f"{self.nama}.ipynb"

    @property
    def ipynb_gagal(self) -> Path:
        return self.folder / f"{self.nama}.gagal.ipynb"


@dataclass
class Hasil:
    """What happened to one :class:`Tugas`."""

    tugas_id: str
    status: str  # "berhasil" | "gagal"
    durasi_detik: float
    sel_gagal: int | None = None  # cell number as JupyterLab shows it (1-based, all cells)
    sumber_sel: str | None = None  # first line of the failing cell
    pesan: str | None = None  # Indonesian: what went wrong and what to do
    berkas: dict[str, str] = field(default_factory=dict)  # "html"/"ipynb" → path

    @property
    def berhasil(self) -> bool:
        return self.status == "berhasil"


# ---------------------------------------------------------------------------- warm kernel
#: Arguments of every report kernel. IPython's command history is a SQLite file shared by every
#: kernel of the user; kernels running side by side collide on it and IPython then prints "ERROR!
#: Session/line number was not unique in database …" into the notebook, and so into the report.
#: Reports never need the history.
ARGUMEN_KERNEL = ("--HistoryManager.enabled=False",)


class KernelHangat:
    """A reusable ``python3`` kernel with the report package imported (see module docstring).

    ``folder_kerja`` is the working directory it starts in (default ``config.NOTEBOOK_DIR``);
    :meth:`siapkan` moves it into the next notebook's folder.
    """

    def __init__(
        self,
        pra_impor: tuple[str, ...] = PRA_IMPOR,
        startup_timeout: int = 60,
        folder_kerja: Path | None = None,
    ):
        from kkb_analysis.config import NOTEBOOK_DIR

        self._pra_impor = pra_impor
        self._startup_timeout = startup_timeout
        self._folder_kerja = Path(folder_kerja or NOTEBOOK_DIR).resolve()
        self._km: Any = None
        self._kc: Any = None  # our own client, connected once (see _jalankan)
        self._folder_ipc: Path | None = None
        #: the folder the kernel is clean in (right after start or a reset), None once used
        self._bersih: Path | None = None

    def _jalankan(self, kode: str, timeout: float = 60) -> None:
        """Run ``kode`` silently in the kernel and wait for it.

        The client is connected once per kernel and kept: a new client costs ≈ 0.2 s each
        time (``wait_for_ready`` drains the output channel for 0.2 s), paid for the reset
        before every document. It is a *blocking* client (plain ZMQ sockets, no event loop:
        papermill runs its own loop between two resets). Output of the notebooks that
        papermill's client ran in between is skipped by ``execute_interactive`` (other parent
        message)."""
        if self._kc is None:
            from jupyter_client.blocking import BlockingKernelClient

            kc = BlockingKernelClient()
            kc.load_connection_info(self._km.get_connection_info())
            kc.start_channels(hb=False)  # liveness: the manager (siapkan), not heartbeats
            try:
                kc.wait_for_ready(timeout=self._startup_timeout)
            except BaseException:
                kc.stop_channels()
                raise
            self._kc = kc
        try:
            reply = self._kc.execute_interactive(
                kode, silent=True, store_history=False, timeout=timeout, allow_stdin=False
            )
        except BaseException:
            self._tutup_klien()  # a client in an unknown state is never reused
            raise
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def mulai(self) -> None:
        """Start the kernel and import the package into it."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.matikan()
        # IPC sockets in a private folder: no TCP port is opened (and no "running over TCP
        # without encryption" warning); the socket path must be absolute
        self._folder_ipc = Path(tempfile.mkdtemp(prefix="kkb-kernel-"))
        # the async manager is what nbclient itself uses (timeouts rely on its async client)
        self._km = AsyncKernelManager(
            kernel_name=KERNEL, transport="ipc", ip=str(self._folder_ipc / "k")
        )
        # the kernel process starts in the notebooks folder (a folder that does not exist, e.g.
        # an installed package without notebooks/, leaves the current one)
        cwd = {"cwd": str(self._folder_kerja)} if self._folder_kerja.is_dir() else {}
        run_sync(self._km.start_kernel)(extra_arguments=list(ARGUMEN_KERNEL), **cwd)
        kode = (
            "import importlib\n"
            f"for __m in {list(self._pra_impor)!r}:\n"
            "    try:\n"
            "        importlib.import_module(__m)\n"
            "    except ModuleNotFoundError:\n"  # a notebook that needs it will say so
            "        pass\n"
            "import kkb_analysis.laporan._kernel as __k\n"
            "__k.catat()\n"
            "__k.aktifkan_simpanan()\n"
        )
        self._jalankan(kode, timeout=self._startup_timeout)
        self._jalankan(kode_bersihkan(self._folder_kerja))
        self._bersih = self._folder_kerja

    def siapkan(self, folder: Path | None = None) -> Any:
        """A clean, live kernel manager for the next notebook (restarted if it died), its
        working directory ``folder`` (the notebook's folder; default: ``folder_kerja``)."""
        from jupyter_core.utils import run_sync

        folder = Path(folder or self._folder_kerja).resolve()
        if self._km is None or not run_sync(self._km.is_alive)():
            if self._km is not None:
                logger.warning("Kernel mati; memulai kernel baru.")
            self.mulai()
        if self._bersih != folder:
            try:
                self._jalankan(kode_bersihkan(folder))
            except Exception:  # a kernel that cannot be reset is replaced
                logger.warning("Kernel tidak dapat dibersihkan; memulai kernel baru.")
                self.mulai()
                self._jalankan(kode_bersihkan(folder))
        self._bersih = None
        return self._km

    def buang(self) -> None:
        """Forget the kernel after a failure it may not survive (timeout, dead kernel)."""
        self.matikan()

    def _tutup_klien(self) -> None:
        if self._kc is not None:
            with contextlib.suppress(Exception):
                self._kc.stop_channels()
        self._kc = None

    def matikan(self) -> None:
        """Shut the kernel down and remove its socket folder."""
        self._tutup_klien()
        if self._km is not None:
            from jupyter_core.utils import run_sync

            with contextlib.suppress(Exception):
                run_sync(self._km.shutdown_kernel)(now=True)
        if self._folder_ipc is not None:
            shutil.rmtree(self._folder_ipc, ignore_errors=True)
        self._km = self._folder_ipc = self._bersih = None


# ---------------------------------------------------------------------------------- render
def _sel_gagal(nb: Any) -> tuple[int | None, str | None]:
    """(cell number as JupyterLab shows it — 1-based over all cells of the template, as the
    template guard counts them —, first source line) of the cell with an error output."""
    nomor = 0
    for cell in nb.cells:
        tag = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tag or "papermill-error-cell-tag" in tag:
            continue  # cells papermill added: not in the template the analyst sees
        nomor += 1
        if cell.get("cell_type") != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            baris = next((b for b in cell.source.splitlines() if b.strip()), "")
            return nomor, baris[:120]
    return None, None


def _sel_timeout(exc: BaseException, notebook: Path) -> tuple[int | None, str | None]:
    """The timed-out cell, found from the cell preview in nbclient's message."""
    import nbformat

    bagian = str(exc).split("-------------------")
    if len(bagian) < 2:
        return None, None
    pratinjau = bagian[1].strip()
    nb = nbformat.read(notebook, as_version=4)
    for nomor, cell in enumerate(nb.cells, start=1):  # the template: no injected cell yet
        if cell.get("cell_type") != "code":
            continue
        if pratinjau and cell.source.strip().startswith(pratinjau.splitlines()[0]):
            baris = next((b for b in cell.source.splitlines() if b.strip()), "")
            return nomor, baris[:120]
    return None, pratinjau.splitlines()[0][:120] if pratinjau else None


def pesan_tulis(exc: OSError, folder: Path) -> str:
    """Indonesian message for an output that could not be written (full disk, permissions)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"Ruang penyimpanan untuk {folder} penuh; laporan ini tidak ditulis (laporan lain "
            "tetap utuh). Kosongkan ruang disk, lalu jalankan 'kkb laporan --ulang-gagal'."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Tidak boleh menulis ke {exc.filename or folder}. Periksa izin folder atau pakai "
            "--laporan-dir lain, lalu jalankan 'kkb laporan --ulang-gagal'."
        )
    return pesan_os(exc, folder) + " Setelah itu jalankan 'kkb laporan --ulang-gagal'."


def _pesan_galat(exc: BaseException, tugas: Tugas | None = None) -> str:
    """An Indonesian message for a failed notebook, saying what to do."""
    nama = type(exc).__name__
    if isinstance(exc, OSError) and exc.errno is not None:
        return pesan_tulis(exc, tugas.folder if tugas is not None else Path())
    if nama == "PapermillExecutionError":
        ename, evalue = getattr(exc, "ename", ""), str(getattr(exc, "evalue", "")).strip()
        if ename == "LaporanError":
            return evalue
        return (
            f"Sel gagal dengan {ename}: {evalue or '(tanpa pesan)'}. Buka notebook galat untuk "
            "melihat sel yang gagal; jika bukan masalah data, laporkan ke tim pengembang."
        )
    if nama in ("CellTimeoutError", "TimeoutError"):
        return (
            "Sebuah sel melebihi batas waktu dan dihentikan. Periksa sel tersebut di notebook "
            "galat, atau naikkan batas dengan 'kkb laporan --batas-waktu DETIK'."
        )
    if nama == "DeadKernelError":
        return (
            "Kernel Python berhenti mendadak (kehabisan memori atau crash). Jalankan ulang dengan "
            "'kkb laporan --ulang-gagal'; jika berulang, periksa memori mesin."
        )
    return f"{nama}: {exc}. Jalankan ulang dengan 'kkb --debug laporan' untuk rinciannya."


def render_tugas(tugas: Tugas, kernel: KernelHangat | None = None) -> Hasil:
    """Execute ``tugas.notebook`` and write ``<nama>.ipynb`` + ``<nama>.html`` (see module).

    Never raises: any failure (a cell, a timeout, a dead kernel, a full disk) becomes a ``gagal``
    :class:`Hasil` with an Indonesian message, and no output of this report is left that looks
    complete (the older PDF is removed at the start, since a new HTML makes it stale).
    """
    mulai = time.perf_counter()
    try:
        return _render(tugas, kernel, mulai)
    except Exception as exc:  # outside the notebook: kernel start, writing the outputs
        if kernel is not None:
            kernel.buang()
        for usang in (tugas.ipynb, tugas.html, tugas.pdf):
            with contextlib.suppress(OSError):
                usang.unlink(missing_ok=True)
        return Hasil(
            tugas.tugas_id, "gagal", time.perf_counter() - mulai, pesan=_pesan_galat(exc, tugas)
        )


@contextlib.contextmanager
def _kernel_baru() -> Iterator[Any]:
    """An unstarted kernel manager for one notebook (``--kernel-terpisah``): papermill starts
    it in the notebook's folder; shut down and its socket folder removed afterwards. IPC
    sockets as for the warm kernel: no TCP port, no "running over TCP without encryption"."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    folder_ipc = Path(tempfile.mkdtemp(prefix="kkb-kernel-"))
    km = AsyncKernelManager(kernel_name=KERNEL, transport="ipc", ip=str(folder_ipc / "k"))
    try:
        yield km
    finally:
        if km.has_kernel:
            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)
        shutil.rmtree(folder_ipc, ignore_errors=True)


def _eksekusi(tugas: Tugas, tmp_nb: Path, folder_nb: Path, km: Any) -> Any:
    """Run the notebook with papermill in ``km`` (warm), or in a fresh kernel when None."""
    import papermill as pm

    from kkb_analysis.laporan.templat import TAG_ANALIS

    with contextlib.ExitStack() as tumpukan:
        if km is None:
            km = tumpukan.enter_context(_kernel_baru())
        return pm.execute_notebook(
            str(tugas.notebook),
            str(tmp_nb),
            parameters=dict(tugas.parameter),
            kernel_name=KERNEL,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=tugas.batas_waktu_sel,
            km=km,
            extra_arguments=list(ARGUMEN_KERNEL),  # used when papermill starts the kernel
            cwd=str(folder_nb),  # used when papermill starts the kernel (a fresh one)
            # analyst-only cells (autoreload) are never run by the batch (nbclient's skip tag)
            skip_cells_with_tag=TAG_ANALIS,
        )


def _render(tugas: Tugas, kernel: KernelHangat | None, mulai: float) -> Hasil:
    import nbformat

    from kkb_analysis import atomik
    from kkb_analysis.laporan.ekspor import notebook_to_html, tautan_beranda

    tugas.folder.mkdir(parents=True, exist_ok=True)
    tugas.pdf.unlink(missing_ok=True)  # printed again from the new HTML by the caller
    folder_nb = tugas.notebook.resolve().parent  # the working directory in every mode
    km = kernel.siapkan(folder_nb) if kernel is not None and not tugas.kernel_terpisah else None
    tmp_nb = atomik.jalur_sementara(tugas.ipynb)
    try:
        try:
            nb = _eksekusi(tugas, tmp_nb, folder_nb, km)
        except Exception as exc:  # the notebook failed: keep its error notebook, report why
            nama = type(exc).__name__
            if kernel is not None and nama != "PapermillExecutionError":
                kernel.buang()  # after a timeout or a dead kernel, never reuse it
            berkas: dict[str, str] = {}
            for usang in (tugas.ipynb, tugas.html):  # outputs of an older input
                usang.unlink(missing_ok=True)
            sel = sumber = None
            if nama == "CellTimeoutError":
                sel, sumber = _sel_timeout(exc, tugas.notebook)
            if nama == "PapermillExecutionError" and tmp_nb.exists():
                gagal_nb = nbformat.read(tmp_nb, as_version=4)
                sel, sumber = _sel_gagal(gagal_nb)
                tmp_nb.replace(tugas.ipynb_gagal)
                berkas["ipynb"] = str(tugas.ipynb_gagal)
            return Hasil(
                tugas.tugas_id,
                "gagal",
                time.perf_counter() - mulai,
                sel_gagal=sel,
                sumber_sel=sumber,
                pesan=_pesan_galat(exc, tugas),
                berkas=berkas,
            )
        folder_tahun = tugas.parameter.get("laporan_dir")
        beranda = tautan_beranda(tugas.folder, Path(folder_tahun)) if folder_tahun else None
        html = notebook_to_html(nb, tugas.judul, beranda=beranda)
        tmp_nb.replace(tugas.ipynb)
        tugas.ipynb_gagal.unlink(missing_ok=True)
        atomik.tulis_teks(tugas.html, html)
    finally:
        tmp_nb.unlink(missing_ok=True)
    return Hasil(
        tugas.tugas_id,
        "berhasil",
        time.perf_counter() - mulai,
        berkas={"ipynb": str(tugas.ipynb), "html": str(tugas.html)},
    )
