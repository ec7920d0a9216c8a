"""notebooks/eksplorasi.ipynb runs to the end in the notebooks folder (as in JupyterLab) on the
sample city: no error, its charts drawn, the KKB selector without ipywidgets falls back."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import papermill

from kkb_analysis.config import NOTEBOOK_DIR

ROOT = Path(__file__).resolve().parents[1]


def test_exploration_notebook_runs_in_the_notebooks_folder(kota_sampel, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel inherits os.environ
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the inline backend, as in JupyterLab
    monkeypatch.delenv("KKB_DATA_DIR", raising=False)
    out = tmp_path / "eksplorasi.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK_DIR / "eksplorasi.ipynb"),
        str(out),
        parameters={"tahun": 2023, "data_dir": str(kota_sampel)},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOK_DIR),
    )
    nb = nbformat.read(out, as_version=4)
    keluaran = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert [o for o in keluaran if o.output_type == "error"] == []
    gambar = [o for o in keluaran if "image/png" in o.get("data", {})]
    assert len(gambar) == 3  # across KKB, across years, the city's headline indicators
    teks = "\n".join(str(o.get("data", {}).get("text/plain", "")) for o in keluaran)
    assert "Kampung KB Cikerai" in teks
    if importlib.util.find_spec("ipywidgets") is None:
        catatan = "\n".join(str(o.get("data", {}).get("text/markdown", "")) for o in keluaran)
        assert "ipywidgets belum terpasang" in catatan
