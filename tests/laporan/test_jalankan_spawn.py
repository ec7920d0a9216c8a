"""Spawned report workers do not import the program that started them (the ``kkb`` console
script imports the whole CLI: ≈ 1 s of CPU per worker before its kernel can start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """\
import concurrent.futures as cf
import contextlib
import multiprocessing
import pathlib
import sys

TANDA = pathlib.Path(sys.argv[1])
if __name__ != "__main__":  # imported by a spawned child as __mp_main__
    TANDA.write_text("diimpor", encoding="utf-8")

from kkb_analysis.laporan import jalankan

if __name__ == "__main__":
    sembunyi = sys.argv[2] == "ya"
    pool = cf.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    with jalankan._tanpa_program_utama() if sembunyi else contextlib.nullcontext():
        fut = pool.submit(len, [1, 2, 3])
    assert fut.result() == 3
    pool.shutdown()
"""


def _jalankan(tmp_path: Path, sembunyi: bool) -> bool:
    program = tmp_path / "program_utama.py"
    program.write_text(PROGRAM, encoding="utf-8")
    tanda = tmp_path / f"tanda-{sembunyi}.txt"
    proses = subprocess.run(
        [sys.executable, str(program), str(tanda), "ya" if sembunyi else "tidak"],
        cwd=str(tmp_path),
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proses.returncode == 0, proses.stderr
    return tanda.exists()


def test_spawned_worker_does_not_import_the_main_program(tmp_path):
    assert not _jalankan(tmp_path, sembunyi=True)
    # control: without hiding it, the child imports the parent's script (the test can fail)
    assert _jalankan(tmp_path, sembunyi=False)


def test_main_module_is_restored_after_spawning():
    from kkb_analysis.laporan.jalankan import _tanpa_program_utama

    utama = sys.modules["__main__"]
    sebelum = (getattr(utama, "__file__", None), getattr(utama, "__spec__", None))
    with _tanpa_program_utama():
        assert getattr(utama, "__spec__", None) is None
        assert getattr(utama, "__file__", None) is None
    assert (getattr(utama, "__file__", None), getattr(utama, "__spec__", None)) == sebelum
