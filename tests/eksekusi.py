"""Execute a report notebook with papermill in a test and collect what it displayed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import papermill
import pytest

ROOT = Path(__file__).resolve().parents[1]


def eksekusi_notebook(
    notebook: Path, out: Path, parameters: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Any], str]:
    """Run ``notebook`` into ``out`` (kernel ``python3``, the project on its path) and return
    its outputs and their HTML + Markdown text; fails the test if any cell raised."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel inherits os.environ
    monkeypatch.setenv("MPLBACKEND", "Agg")
    papermill.execute_notebook(
        str(notebook),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(out.parent),
    )
    hasil = nbformat.read(out, as_version=4)
    keluaran = [o for c in hasil.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in keluaran if o.output_type == "error"]
    teks = "\n".join(
        str(o.get("data", {}).get("text/html", ""))
        + str(o.get("data", {}).get("text/markdown", ""))
        for o in keluaran
    )
    return keluaran, teks
