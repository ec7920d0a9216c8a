"""The record of a ``kkb laporan`` run: one :class:`Entri` per report and ``manifest.json``.

:func:`tulis_manifest` writes ``reports/<tahun>/manifest.json`` (parameters, git commit, package
versions, SHA-256 of every input, timings, validation counts, per-report status) atomically;
:func:`manifest_lama` reads the previous one back for the plan (:mod:`.rencana`).
"""

from __future__ import annotations

import csv
import json
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kkb_analysis import __version__, atomik
from kkb_analysis.config import PROJECT_ROOT
from kkb_analysis.laporan.keluaran import REKAP_ID, tugas_dokumen

#: The states of a document after a run, in the order the totals name them (see
#: :mod:`kkb_analysis.laporan.keadaan`).
KEADAAN = ("berhasil", "gagal", "dilewati", "tidak dijalankan", "usang", "belum dibuat")

MANIFEST = "manifest.json"
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
    #: Page of every table-of-contents heading in the last PDF (heading id → page): the guess
    #: the next print starts from, so a document whose pages did not move prints once.
    halaman_isi: dict[str, str] | None = None
    #: Selected by this run (rendered, or skipped as unchanged); False: left as it was.
    dipilih: bool = False
    #: Not selected, last made successfully, and its content key changed since (stale).
    usang: bool = False
    #: When the document was last rendered (ISO 8601, local time with offset); None: unknown.
    terakhir_dijalankan: str | None = None


#: Recorded outcomes whose files are a good document (a skipped document was good before).
STATUS_BAIK = ("berhasil", "dilewati")


def keadaan(e: Entri) -> str:
    """The state of ``e`` after this run (one of :data:`KEADAAN`; the states are explained in
    :mod:`kkb_analysis.laporan.keadaan`)."""
    if e.dipilih:
        return e.status if e.status in ("berhasil", "gagal", "dilewati") else "belum dibuat"
    if e.status not in ("berhasil", "gagal", "dilewati"):
        return "belum dibuat"
    if e.usang and e.status in STATUS_BAIK:
        return "usang"
    return "tidak dijalankan"


@dataclass
class RingkasanRun:
    """The outcome of ``kkb laporan`` for one year."""

    tahun: int
    folder: Path
    entri: list[Entri]
    durasi_detik: float
    peringatan: list[str] = field(default_factory=list)

    def hitung(self, nama: str) -> int:
        """How many documents are in the state ``nama`` after this run (:func:`keadaan`)."""
        return sum(keadaan(e) == nama for e in self.entri)

    @property
    def ada_gagal(self) -> bool:
        """A document rendered in THIS run failed (an older failure not re-run does not
        count: the summary lists it as not run, with its last outcome)."""
        return self.hitung("gagal") > 0


def manifest_lama(folder: Path) -> dict[str, Any]:
    """The previous run's manifest; {} when absent or unusable (damaged, edited, a folder),
    so every report is then rendered again.

    A manifest of the one-document layout (before issue 12: task id = the ``kkb_id``) is read
    with those entries under ``<kkb_id>/laporan``, the document they described.
    """
    try:
        isi = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, a folder, not UTF-8, not JSON
        return {}
    if not isinstance(isi, dict):
        return {}
    laporan = isi.get("laporan")
    if not isinstance(laporan, dict) or not all(isinstance(v, dict) for v in laporan.values()):
        isi["laporan"] = {}
    else:
        isi["laporan"] = {
            (k if "/" in k or k == REKAP_ID else tugas_dokumen(k, "laporan")): v
            for k, v in laporan.items()
        }
    return isi


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


def tulis_manifest(
    folder: Path,
    olahan: Path,
    tahun: int,
    ringkasan: RingkasanRun,
    data: dict[str, str],
    kunci_lembar: str,
    parameter: dict[str, Any],
    waktu: dict[str, float],
    kkb: list[dict[str, Any]] | None = None,
    usang_beranda: dict[str, list[str]] | None = None,
) -> None:
    """Write ``manifest.json`` of the run into ``folder`` (atomically). ``kkb``: the active
    KKB in rank order (name, area, tier, rank) for the landing page; ``usang_beranda``: year →
    the stale documents the landing page shows after this run."""
    manifest = {
        "tahun": tahun,
        "waktu_run": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameter": parameter,
        "git_commit": _git_commit(),
        "versi": _versi_paket(),
        "berkas_masukan_sha256": data,
        "validasi": _validasi(olahan),
        "waktu_detik": {k: round(v, 2) for k, v in waktu.items()},
        "jumlah": {s: ringkasan.hitung(s) for s in KEADAAN},
        "peringatan": ringkasan.peringatan,
        "laporan": {e.tugas_id: asdict(e) for e in ringkasan.entri},
        "kunci_lembar": kunci_lembar,
        "kkb": kkb or [],
        "usang_beranda": usang_beranda or {},
    }
    atomik.tulis_teks(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
