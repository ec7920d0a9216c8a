"""Runs inside a warm report kernel (:class:`kkb_analysis.laporan.render.KernelHangat`).

:func:`catat` records matplotlib's settings right after the kernel has started; :func:`pulihkan`
puts them back and closes every open figure before the next notebook, so nothing a notebook
changed (``plt.rcParams[...]``, an open ``plt.figure()``) reaches the next KKB's report.
"""

from __future__ import annotations

from typing import Any

_RC_AWAL: dict[str, Any] = {}


def catat() -> None:
    """Remember matplotlib's current settings as the clean state."""
    import matplotlib

    _RC_AWAL.clear()
    _RC_AWAL.update(matplotlib.rcParams.copy())


def pulihkan() -> None:
    """Close all pyplot figures and restore the settings recorded by :func:`catat`."""
    import sys
    import warnings

    import matplotlib

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if _RC_AWAL:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_RC_AWAL)
