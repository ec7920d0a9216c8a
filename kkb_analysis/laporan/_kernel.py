"""Runs inside a warm report kernel (:class:`kkb_analysis.laporan.render.KernelHangat`).

:func:`catat` records matplotlib's settings right after the kernel has started; :func:`pulihkan`
puts them back, closes every open figure and moves into the next notebook's folder before the
next notebook, so nothing a notebook changed (``plt.rcParams[...]``, an open ``plt.figure()``,
``os.chdir``) reaches the next KKB's report.
"""

from __future__ import annotations

from typing import Any

_RC_AWAL: dict[str, Any] = {}


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
