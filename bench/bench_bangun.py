"""Time of ``kkb bangun`` for both data years of the full synthetic city, with calibration.

    python bench/bench_bangun.py                        # the working tree only
    python bench/bench_bangun.py --baseline-ref HEAD~3  # side by side with another commit
    python bench/bench_bangun.py --data /tmp/kota --repeat 3

The full-scale sample (``kkb sampel``, ~470k people, 2022 and 2023) is generated once into
``--data`` and reused. Each measurement runs ``kkb bangun`` (validate, pseudonymise, build core
and indicator tables for 2022 then 2023) in a fresh interpreter of the tree being measured, so
imports count as a user would see them. The best of ``--repeat`` runs is reported, with the
ratio to the target (60 s on this 2-core machine) and, with ``--baseline-ref``, to the baseline.
Afterwards the city-level headline figures are printed next to the calibration ranges of
../shared/domain/cilegon.md §6.1. Timings are informative only: no test asserts on them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0
CALIBRATION = [  # (column of out_wilayah, label, low, high) from cilegon.md §6.1
    ("rasio_penduduk_per_keluarga", "jiwa per keluarga", 3.5, 4.0),
    ("rasio_jenis_kelamin", "rasio jenis kelamin", 102, 103),
    ("mcpr_pct", "mCPR (PK, metode modern) %", 50, 60),
    ("mkjp_pct", "MKJP % pengguna", 20, 30),
    ("unmet_need_pct", "unmet need %", 6, 12),
    ("indeks_ibangga", "iBangga", 55, 65),
    ("stunting_agustus_pct", "stunting e-PPGBM Agustus %", 4, 10),
    ("kurang_mampu_pct", "desil 1-4 (kurang mampu) %", 20, 40),
    ("krs_pct", "KRS % keluarga sasaran", 5, 15),
    ("keluarga_sasaran_pct", "keluarga sasaran %", 55, 60),
]


def _run_bangun(tree: Path, data: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(tree), KKB_SALT="")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kkb_analysis", "--data-dir", str(data), "bangun"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _ensure_sample(data: Path, scale: float) -> float:
    if (data / "raw" / "2023").is_dir():
        return 0.0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kkb_analysis",
            "--data-dir",
            str(data),
            "sampel",
            "--skala",
            str(scale),
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _best(tree: Path, data: Path, repeat: int) -> float:
    return min(_run_bangun(tree, data) for _ in range(repeat))


def _calibration(data: Path) -> list[str]:
    import pandas as pd

    wide = pd.read_parquet(data / "processed" / "2023" / "out_wilayah.parquet")
    kota = wide[wide["jenis_wilayah"].eq("kota")].iloc[0]
    lines = [f"{'indikator (kota, 2023)':<32}{'nilai':>9}  rentang kalibrasi"]
    for column, label, low, high in CALIBRATION:
        value = kota.get(column)
        mark = "ya" if value is not None and low <= float(value) <= high else "TIDAK"
        lines.append(f"{label:<32}{float(value):>9.2f}  {low}–{high} ({mark})")
    return lines


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kkb-bench-kota")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--baseline-ref", help="git ref to measure side by side (worktree)")
    args = parser.parse_args()
    generated = _ensure_sample(args.data, args.scale)
    if generated:
        print(f"sampel skala {args.scale} dibuat dalam {generated:.1f} s")
    current = _best(ROOT, args.data, args.repeat)
    rows = [("kerja (working tree)", current)]
    if args.baseline_ref:
        worktree = Path(tempfile.mkdtemp(prefix="kkb-baseline-"))
        try:
            subprocess.run(
                [
                    "git",
                    "-C",
                    str(ROOT),
                    "worktree",
                    "add",
                    "--detach",
                    str(worktree),
                    args.baseline_ref,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            rows.insert(
                0, (f"baseline {args.baseline_ref}", _best(worktree, args.data, args.repeat))
            )
            _best(ROOT, args.data, 1)  # leave the working tree's outputs for the calibration
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=False,
            )
            shutil.rmtree(worktree, ignore_errors=True)
    print(f"kkb bangun, 2 tahun, skala {args.scale} (terbaik dari {args.repeat}):")
    for name, seconds in rows:
        print(f"  {name:<28}{seconds:>8.1f} s   {seconds / TARGET_SECONDS:>5.2f} × target 60 s")
    if len(rows) == 2:
        print(f"  rasio baseline / kerja: {rows[0][1] / rows[1][1]:.2f}×")
    print()
    print("\n".join(_calibration(args.data)))


if __name__ == "__main__":
    main()
