"""The state of each document after a ``kkb laporan`` run, as the summary and both pages show it.

A run does not touch every document: ``--kkb X`` renders X's three documents, ``--ulang-gagal``
only the failed ones. The record of a document (:class:`~kkb_analysis.laporan.manifest.Entri`)
keeps its **last real outcome** (``status``: berhasil, gagal, dilewati, belum dijalankan — what
``--ulang-gagal`` and the skip rule read) and says whether THIS run selected it (``dipilih``),
when it was last rendered (``terakhir_dijalankan``) and whether its content key changed since
(``usang``, decided in :func:`kkb_analysis.laporan.rencana.rencanakan` with the same key
comparison that decides skipping). :func:`keadaan` turns that into one of :data:`KEADAAN`:

- ``berhasil`` / ``gagal``: rendered in this run;
- ``dilewati``: selected, but its key is unchanged and its files are there (not rendered);
- ``tidak dijalankan``: not selected in this run; its last outcome and time are shown;
- ``usang``: not selected, last made successfully, but its inputs (processed tables, settings,
  notebook, program) changed since: the document on disk no longer matches the data;
- ``belum dibuat``: never rendered.
"""

from __future__ import annotations

from datetime import datetime

from kkb_analysis.laporan.manifest import KEADAAN, STATUS_BAIK, Entri, keadaan

__all__ = [
    "BULAN_SINGKAT",
    "KEADAAN",
    "STATUS_BAIK",
    "keadaan",
    "sekarang",
    "status_terakhir",
    "teks_terakhir",
    "teks_waktu",
]

BULAN_SINGKAT = (
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"
)  # fmt: skip


def sekarang() -> str:
    """The current local time as ISO 8601 with its UTC offset (what the manifest records)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def status_terakhir(status: str) -> str:
    """The last outcome in words: a skipped document was last made successfully."""
    return "berhasil" if status in STATUS_BAIK else status


def teks_waktu(iso: str | None, jam: bool = True) -> str | None:
    """``"2026-12-07T09:40:12+07:00"`` → "7 Des 2026 09.40" (local time, Indonesian style);
    ``jam=False`` → "7 Des 2026"; None when absent or unreadable."""
    if not iso:
        return None
    try:
        w = datetime.fromisoformat(str(iso))
    except ValueError:
        return None
    if w.tzinfo is not None:
        w = w.astimezone()
    teks = f"{w.day} {BULAN_SINGKAT[w.month - 1]} {w.year}"
    return f"{teks} {w.hour:02d}.{w.minute:02d}" if jam else teks


def teks_terakhir(e: Entri) -> str:
    """ "terakhir berhasil 7 Des 2026 09.40" (or "terakhir gagal …"; without a time when the
    record has none)."""
    waktu = teks_waktu(e.terakhir_dijalankan)
    return f"terakhir {status_terakhir(e.status)}" + (f" {waktu}" if waktu else "")
