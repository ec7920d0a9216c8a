"""The analyst's notebooks in a real JupyterLab, driven by Chromium (issue 13, "Done when").

JupyterLab is started on 127.0.0.1 (free port, random token) on a throw-away copy of
``notebooks/`` with a private copy of the sample city (``KKB_DATA_DIR``), so nothing is written
into the repository. ``eksplorasi.ipynb`` and ``laporan_kkb.ipynb`` are run through the menu
(Run → Run All Cells) until the kernel is idle; the page must show no error output and every
code cell must have run. A notebook with a planted error proves the check sees one. The report
tables must show text columns left and numbers right in JupyterLab too (its own stylesheet
right-aligns every cell), and the kernel must be offered as "Python (kkb-analysis)" when the
environment was set up by ``bash run.sh lab`` / ``bash run.sh setup lab``.

Needs the lab lock (``bash run.sh setup lab``) and Chromium: skipped without them, except on CI
(``CI`` set), where a missing piece fails the run instead of silently skipping it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kkb_analysis.config import NOTEBOOK_DIR
from kkb_analysis.laporan.ekspor import BrowserTidakDitemukan, find_browser
from tests.conftest import salin_kota
from tests.jupyterlab import HasilLab, jalankan_semua, rata_teks, server_lab

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
NAMA_KERNEL = "Python (kkb-analysis)"
#: The marker ``run.sh`` leaves in the venv once the lab lock is installed and the kernel named.
TANDA_LAB = Path(sys.prefix) / ".kkb-lab"
DI_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
#: A notebook with a planted error: a line on stderr naming an error, then an exception; the
#: cell after it never runs.
SEL_GALAT = (
    'import sys\nprint("RuntimeError: pesan di stderr", file=sys.stderr)',
    'raise ValueError("galat sengaja")',
    "x = 1",
)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _yang_kurang() -> str:
    """Why the test cannot run here ("" when it can): no JupyterLab or no Chromium."""
    if importlib.util.find_spec("jupyterlab") is None:
        return "JupyterLab tidak terpasang (lock lab: bash run.sh setup lab)"
    try:
        find_browser()
    except BrowserTidakDitemukan:
        return "Chromium tidak terpasang"
    return ""


KURANG = _yang_kurang()
#: Skipped where a piece is missing, before any fixture is built; on CI the fixture fails instead.
pytestmark = pytest.mark.skipif(
    bool(KURANG) and not DI_CI, reason=f"{KURANG}: uji JupyterLab dilewati"
)


def _jumlah_sel_kode(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(c.cell_type == "code" for c in nb.cells)


@pytest.fixture(scope="module")
def lab(kota_sampel, tmp_path_factory) -> dict[str, Any]:
    """Run the three notebooks in one JupyterLab session; notebook name → :class:`HasilLab`,
    plus the computed alignment of report table cells and the kernelspec's display name."""
    if KURANG:  # only on CI (skipped elsewhere): CI must run this test
        pytest.fail(f"{KURANG}: CI wajib menjalankan uji JupyterLab (bash run.sh setup lab)")
    browser = find_browser()
    from playwright.sync_api import sync_playwright

    kerja = tmp_path_factory.mktemp("jupyterlab")
    kota = salin_kota(kota_sampel, kerja / "kota")
    proyek = kerja / "proyek"
    shutil.copytree(NOTEBOOK_DIR, proyek / "notebooks", ignore=shutil.ignore_patterns("coba"))
    galat = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in SEL_GALAT])
    galat.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(galat, proyek / "notebooks" / "galat_sengaja.ipynb")
    env = {
        "KKB_DATA_DIR": str(kota),
        "KKB_REPORTS_DIR": str(kerja / "reports"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    hasil: dict[str, Any] = {}
    t0 = time.monotonic()
    with server_lab(proyek, kerja, env) as server, sync_playwright() as pw:
        hasil["kernelspec"] = server.api("kernelspecs")["kernelspecs"]["python3"]["spec"]
        chromium = pw.chromium.launch(executable_path=str(browser))
        try:
            page = chromium.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(120_000)  # a loaded machine
            for nama in ("eksplorasi.ipynb", "laporan_kkb.ipynb", "galat_sengaja.ipynb"):
                hasil[nama] = jalankan_semua(page, server, f"notebooks/{nama}")
                logger.info("JupyterLab: %s Run All dalam %.1f s", nama, hasil[nama].detik)
                if nama == "laporan_kkb.ipynb":
                    tabel = f"{PANEL} table.tabel-kkb"
                    hasil["rata"] = {
                        k: rata_teks(page, f"{tabel} {k}")
                        for k in ("th.teks", "td.teks", "th.angka", "td.angka")
                    }
        finally:
            chromium.close()
    logger.info("JupyterLab: server + tiga notebook dalam %.1f s", time.monotonic() - t0)
    return hasil


@pytest.mark.parametrize("nama", ["eksplorasi.ipynb", "laporan_kkb.ipynb"])
def test_notebook_runs_to_the_end_without_error_output(lab, nama):
    h: HasilLab = lab[nama]
    assert h.galat == [], h.galat
    # every code cell ran, in order: "[1]:" … "[n]:"
    n = _jumlah_sel_kode(NOTEBOOK_DIR / nama)
    assert h.prompt == [f"[{i}]:" for i in range(1, n + 1)]


def test_a_planted_error_is_detected(lab):
    h: HasilLab = lab["galat_sengaja.ipynb"]
    teks = "\n".join(h.galat)
    assert "RuntimeError: pesan di stderr" in teks  # a stderr line naming an error
    assert "ValueError" in teks and "galat sengaja" in teks  # the traceback
    assert "sel kode ke-3 tidak dijalankan" in teks  # Run All stopped at the error
    assert h.prompt[:2] == ["[1]:", "[2]:"]


def test_report_tables_align_text_left_and_numbers_right(lab):
    assert lab["rata"] == {
        "th.teks": "left",
        "td.teks": "left",
        "th.angka": "right",
        "td.angka": "right",
    }


@pytest.mark.skipif(
    not TANDA_LAB.exists() and not DI_CI,
    reason=f"{TANDA_LAB} tidak ada: lingkungan ini tidak disiapkan oleh bash run.sh setup lab, "
    "nama kernel tidak diperiksa",
)
def test_kernel_offered_under_the_project_name(lab):
    assert TANDA_LAB.exists(), "CI harus menyiapkan lingkungan dengan bash run.sh setup lab"
    assert lab["kernelspec"]["display_name"] == NAMA_KERNEL
    assert lab["eksplorasi.ipynb"].nama_kernel == NAMA_KERNEL
    assert lab["laporan_kkb.ipynb"].nama_kernel == NAMA_KERNEL
