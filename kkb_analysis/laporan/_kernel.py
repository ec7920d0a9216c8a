"""Runs inside a warm report kernel (:class:`kkb_analysis.laporan.render.KernelHangat`).

:func:`catat` records matplotlib's settings right after the kernel has started; :func:`pulihkan`
puts them back, closes every open figure and moves into the next notebook's folder before the
next notebook, so nothing a notebook changed (``plt.rcParams[...]``, an open ``plt.figure()``,
``os.chdir``) reaches the next KKB's report.

:func:`disimpan` keeps the last result of a loader (``dasar.muat``) while the warm kernel lives,
so the three documents of one KKB (profil, laporan, lampiran), rendered one after the other on
the same worker, read the processed tables once. It is switched on only in a warm kernel
(:func:`aktifkan_simpanan`); anywhere else the loader runs every time. The key is the call's
arguments, the processed folder and a fingerprint (name, size, modification time) of every file
in it and of the settings and target files, so a rebuilt table or an edited setting is read
again. Every call gets a deep copy: a document that changes its data cannot change the next
one's.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

_RC_AWAL: dict[str, Any] = {}
_SIMPAN_AKTIF = False
#: loader name → (key, result): one entry per loader (the last KKB), so memory stays bounded.
_SIMPANAN: dict[str, tuple[Any, Any]] = {}

F = TypeVar("F", bound=Callable[..., Any])


def catat() -> None:
    """Remember matplotlib's current settings as the clean state."""
    import matplotlib

    _RC_AWAL.clear()
    _RC_AWAL.update(matplotlib.rcParams.copy())


def pulihkan(folder: str | None = None) -> None:
    """Close all pyplot figures, restore the settings recorded by :func:`catat` and make
    ``folder`` (the next notebook's folder) the working directory."""
    import os
    import sys
    import warnings

    import matplotlib

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if _RC_AWAL:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_RC_AWAL)
    if folder is not None:
        os.chdir(folder)


# ------------------------------------------------------------------------------ data cache
def aktifkan_simpanan(aktif: bool = True) -> None:
    """Switch the loader cache of :func:`disimpan` on (warm kernel) or off (and empty it)."""
    global _SIMPAN_AKTIF
    _SIMPAN_AKTIF = aktif
    if not aktif:
        _SIMPANAN.clear()


def _sidik_berkas(*jalur: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime_ns) of every file in the folders/files ``jalur`` (missing: skipped)."""
    out = []
    for j in jalur:
        daftar = sorted(j.iterdir()) if j.is_dir() else [j]
        for p in daftar:
            try:
                st = p.stat()
            except OSError:
                continue
            if p.is_file():
                out.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _sidik_pengaturan() -> tuple[Any, ...]:
    from kkb_analysis import config

    kandidat = [
        config.DEFAULT_SETTINGS_FILE,
        config.LOCAL_SETTINGS_FILE,
        config.DEFAULT_TARGET_FILE,
        config.LOCAL_TARGET_FILE,
    ]
    lokal = os.environ.get("KKB_PENGATURAN")
    if lokal:
        kandidat.append(Path(lokal))
    return (lokal, _sidik_berkas(*[p for p in kandidat if p.exists()]))


def salin_dalam(nilai: Any) -> Any:
    """A deep copy of a loader's result (pandas objects copied with ``copy(deep=True)``)."""
    import copy

    return copy.deepcopy(nilai)


def folder_olahan(kkb_id: Any = None, tahun: Any = None, data_dir: Any = None) -> Path:
    """The processed folder a ``muat(kkb_id, tahun, data_dir)`` call reads."""
    from kkb_analysis.config import get_paths

    return get_paths(data_dir=data_dir).processed_year(int(tahun))


def disimpan(folder: Callable[..., Path] = folder_olahan) -> Callable[[F], F]:
    """Decorator: cache the loader's last result in a warm kernel (module docstring).

    ``folder(*args, **kwargs)`` gives the processed folder the call reads (for the fingerprint).
    """

    def hias(fungsi: F) -> F:
        nama = f"{fungsi.__module__}.{fungsi.__qualname__}"

        @functools.wraps(fungsi)
        def bungkus(*args: Any, **kwargs: Any) -> Any:
            if not _SIMPAN_AKTIF:
                return fungsi(*args, **kwargs)
            try:
                f = Path(folder(*args, **kwargs)).resolve()
                kunci = (repr(args), repr(sorted(kwargs.items())), str(f),
                         _sidik_berkas(f), _sidik_pengaturan())  # fmt: skip
            except Exception:  # an unusable argument: let the loader say why
                return fungsi(*args, **kwargs)
            ada = _SIMPANAN.get(nama)
            if ada is None or ada[0] != kunci:
                _SIMPANAN.pop(nama, None)  # free the previous KKB's tables first
                _SIMPANAN[nama] = (kunci, fungsi(*args, **kwargs))
            return salin_dalam(_SIMPANAN[nama][1])

        return bungkus  # type: ignore[return-value]

    return hias
