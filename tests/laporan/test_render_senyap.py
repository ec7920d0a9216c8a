"""Quiet by default: a render through the CLI's logging set-up prints no papermill banner, no
"Could not destroy zmq context" and no kernel transport warning; ``--debug`` shows the banner."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Lines a normal run printed on every report before (issue 13, "Noise").
BISING = (
    "Input Notebook",
    "Output Notebook",
    "Working directory",
    "Executing notebook",
    "Could not destroy zmq context",
    "without encryption",
)

_SKRIP = textwrap.dedent(
    """
    import gc, sys
    from pathlib import Path
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    from kkb_analysis import cli
    from kkb_analysis.laporan.jalankan import jalankan_seri
    from kkb_analysis.laporan.render import Tugas

    folder, terpisah, debug = Path(sys.argv[1]), sys.argv[2] == "1", sys.argv[3] == "1"
    cli._configure_logging(verbose=False, debug=debug)  # as `kkb [--debug] laporan`
    param = new_code_cell("nilai = 1", metadata={"tags": ["parameters"]})
    nb = new_notebook(cells=[param, new_code_cell("print(nilai * 2)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "P", "language": "python"}
    nbformat.write(nb, folder / "kecil.ipynb")
    tugas = [
        Tugas(k, folder / "kecil.ipynb", {"nilai": 21}, folder / k, "laporan", "Uji",
              kernel_terpisah=terpisah)
        for k in ("A", "B")
    ]
    for h in jalankan_seri(tugas, kernel_terpisah=terpisah):  # = kkb laporan --pekerja 1
        assert h.berhasil, h.pesan
    gc.collect()  # the dropped notebook clients warn when they are collected
    print("selesai")
    """
)


def _stderr(tmp_path: Path, terpisah: bool, debug: bool) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    proses = subprocess.run(
        [sys.executable, "-c", _SKRIP, str(tmp_path), str(int(terpisah)), str(int(debug))],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proses.returncode == 0 and "selesai" in proses.stdout, proses.stderr
    return proses.stderr


@pytest.mark.parametrize("terpisah", [False, True], ids=["hangat", "kernel_terpisah"])
def test_normal_run_prints_no_library_noise(tmp_path, terpisah):
    stderr = _stderr(tmp_path, terpisah, debug=False)
    assert [b for b in stderr.splitlines() if any(k in b for k in BISING)] == []


def test_debug_shows_the_papermill_banner(tmp_path):
    stderr = _stderr(tmp_path, terpisah=False, debug=True)
    assert "Input Notebook" in stderr and "Executing notebook" in stderr
