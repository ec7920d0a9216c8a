"""Atomic file writes: a crash (or ``kill -9``) never leaves a half-written output behind.

Every output is first written to a temporary file in the destination folder and then renamed
over the target with :func:`os.replace`, which is atomic on POSIX and Windows within one file
system. A reader therefore sees either the old file or the complete new one; a temporary file
left by a killed run is named ``.<stem>.tmp-<pid>-<random><suffix>`` and is removed by the next run
(:func:`hapus_sisa_sementara`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

PREFIX_SEMENTARA = "."
PENANDA_SEMENTARA = ".tmp-"


def jalur_sementara(target: Path) -> Path:
    """A unique temporary path next to ``target`` (same folder, so the rename is atomic)."""
    acak = f"{os.getpid()}-{secrets.token_hex(4)}"
    # the suffix is kept (tools such as papermill check it): .laporan.tmp-123-ab12cd34.ipynb
    return target.with_name(
        f"{PREFIX_SEMENTARA}{target.stem}{PENANDA_SEMENTARA}{acak}{target.suffix}"
    )


@contextlib.contextmanager
def berkas_sementara(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target``, on error it is deleted.

    >>> with berkas_sementara(out / "laporan.pdf") as tmp:
    ...     printer.print_pdf(html, tmp, "KKB")
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = jalur_sementara(target)
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(f"{tmp} tidak dibuat; {target} tidak diganti")
        tmp.replace(target)
    except OSError as exc:
        # a write that hits a full disk names no file (or the temporary one): name the target
        # for the message (errors.pesan_os); an attribute, so str(exc) stays as it was
        if not getattr(exc, "jalur_keluaran", None):
            exc.jalur_keluaran = str(target)  # type: ignore[attr-defined]
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def tulis_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically (flushed to disk before the rename)."""
    target = Path(target)
    with berkas_sementara(target) as tmp, tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return target


def tulis_teks(target: str | os.PathLike[str], teks: str) -> Path:
    """Write UTF-8 ``teks`` to ``target`` atomically."""
    return tulis_bytes(target, teks.encode("utf-8"))


def hapus_sisa_sementara(folder: str | os.PathLike[str]) -> list[Path]:
    """Delete temporary files left in ``folder`` (recursively) by a killed run; return them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    sisa = [
        p
        for p in folder.rglob(f"{PREFIX_SEMENTARA}*{PENANDA_SEMENTARA}*")
        if p.is_file() and p.name.startswith(PREFIX_SEMENTARA)
    ]
    for p in sisa:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    return sisa
