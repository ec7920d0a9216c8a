"""A writable project over the session's built sample city without copying it all."""

from __future__ import annotations

import shutil
from pathlib import Path

from kkb_analysis.config import Paths, get_paths


def salin_tahun(
    kota: Path, root: Path, tahun: int, salin: tuple[str, ...] = ("out_aksi.parquet",)
) -> Paths:
    """Paths of a project under ``root`` whose processed tables of ``tahun`` are links to the
    built city ``kota`` (read-only), except the files ``salin``: real copies a test may change."""
    asal = kota / "processed" / str(tahun)
    tujuan = root / "data" / "processed" / str(tahun)
    tujuan.mkdir(parents=True)
    for p in asal.iterdir():
        if p.name in salin:
            shutil.copy2(p, tujuan / p.name)
        else:
            (tujuan / p.name).symlink_to(p)
    return get_paths(data_dir=root / "data", reports_dir=root / "reports")
