"""Conventions of the parameterised report notebooks (notebooks/*.ipynb) and one real run."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill
import pytest

from tests.eksekusi import eksekusi_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LAPORAN = ROOT / "notebooks" / "laporan_kkb.ipynb"
PROFIL = ROOT / "notebooks" / "profil_kkb.ipynb"
LAMPIRAN = ROOT / "notebooks" / "lampiran_kkb.ipynb"
#: The three documents of each KKB (same parameters, same thin shape).
DOKUMEN_KKB = (PROFIL, LAPORAN, LAMPIRAN)
PARAMETER = {"kkb_id", "tahun", "data_dir", "laporan_dir"}
REKAP = ROOT / "notebooks" / "rekap_kota.ipynb"
PARAMETER_REKAP = {"tahun", "data_dir", "laporan_dir"}
TERLARANG = re.compile(r"^\s*(def |class |async def )|import \*", re.MULTILINE)
#: The analyst-only cells: never run by `kkb laporan`, removed from the documents.
ANALIS = "hapus-saat-ekspor"
#: The analyst code cell every report template has, right under the analyst note.
SEL_AUTORELOAD = "%load_ext autoreload\n%autoreload 2"
TEMPLAT = (*DOKUMEN_KKB, REKAP)


def _kode(nb) -> list[str]:
    """The sources of the code cells the batch runs (analyst-only cells left out)."""
    return [
        c.source
        for c in nb.cells
        if c.cell_type == "code" and ANALIS not in c.get("metadata", {}).get("tags", [])
    ]


def test_report_notebook_exists():
    for nb in (*DOKUMEN_KKB, REKAP):
        assert nb in NOTEBOOKS, nb.name


def test_notebook_paths_are_the_configured_ones():
    from kkb_analysis import config

    assert (config.NOTEBOOK_PROFIL, config.NOTEBOOK_LAPORAN, config.NOTEBOOK_LAMPIRAN) == (
        DOKUMEN_KKB
    )


@pytest.mark.parametrize("path", DOKUMEN_KKB, ids=lambda p: p.name)
def test_kkb_document_notebooks_are_thin(path):
    """Markdown, one parameters cell, one import, one load, then one library call per cell;
    the analyst note is tagged so the export drops it."""
    nb = nbformat.read(path, as_version=4)
    assert "hapus-saat-ekspor" in nb.cells[0].get("metadata", {}).get("tags", [])
    code = _kode(nb)
    impor = re.fullmatch(r"from kkb_analysis\.laporan import (\w+)", code[1])
    assert impor, code[1]
    modul = impor.group(1)
    assert code[2] == f"d = {modul}.muat(kkb_id, tahun, data_dir)"
    assert len(code) > 3
    for source in code[3:]:
        assert re.fullmatch(rf"{modul}\.\w+\(d\)", source), source


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return nbformat.read(request.param, as_version=4)


def test_valid_and_python3_kernel(nb):
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_exactly_one_parameters_cell(nb):
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].cell_type == "code"


def test_no_outputs_committed(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_no_definitions_or_star_imports(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not TERLARANG.search(cell.source), cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_parameters(path):
    if path == REKAP:  # the city summary: one year, all KKB
        params = papermill.inspect_notebook(str(path))
        assert set(params) == PARAMETER_REKAP
        assert params["tahun"]["default"] == "2023"
        assert params["data_dir"]["default"] == "None"
        return
    if path not in DOKUMEN_KKB:
        pytest.skip("only the KKB documents and the city summary have a fixed parameter set")
    params = papermill.inspect_notebook(str(path))
    assert set(params) == PARAMETER
    assert params["kkb_id"]["default"] == '"KKB-3672051004-01"'
    assert params["tahun"]["default"] == "2023"


#: Calls that need no heading of their own: the cover and the table of contents.
TANPA_JUDUL = {"bagian.sampul(d)", "bagian.sampul_lampiran(d)", "bagian.daftar_isi(d)"}


@pytest.mark.parametrize("path", [LAPORAN, LAMPIRAN], ids=lambda p: p.name)
def test_report_notebook_is_thin(path):
    """Analyst note (tagged, removed on export), parameters, import, load, then the cover and
    one library call per section, each section under its own markdown ``##`` heading."""
    from kkb_analysis.laporan import bagian

    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown"
    assert "hapus-saat-ekspor" in nb.cells[0].metadata.get("tags", [])
    code = _kode(nb)
    assert code[1] == "from kkb_analysis.laporan import bagian"
    assert code[2] == "d = bagian.muat(kkb_id, tahun, data_dir)"
    assert code[3] in TANPA_JUDUL  # the cover first
    sebelum = None
    for sel in nb.cells[5:]:  # after note, analyst cell, parameters, import, load
        if sel.cell_type == "markdown":
            assert re.fullmatch(r"## [^\n]+", sel.source), sel.source
        else:
            assert re.fullmatch(r"bagian\.\w+\(d\)", sel.source), sel.source
            assert callable(getattr(bagian, sel.source[len("bagian.") : -3]))
            if sel.source not in TANPA_JUDUL:
                assert sebelum is not None and sebelum.cell_type == "markdown", sel.source
            sebelum = None
            continue
        sebelum = sel
    judul = [c.source for c in nb.cells[1:] if c.cell_type == "markdown"]
    panggilan = [c for c in code[3:] if c not in TANPA_JUDUL]
    assert len(judul) == len(panggilan)
    if path == LAPORAN:
        assert judul[:2] == ["## Kata pengantar", "## 1. Ringkasan eksekutif"]
        assert "bagian.identitas(d)" not in code  # the identity table is in the appendix
    else:
        assert "bagian.identitas(d)" in code and "bagian.tabel_per_rw(d)" in code


def test_rekap_notebook_is_thin():
    nb = nbformat.read(REKAP, as_version=4)
    code = _kode(nb)
    assert code[1] == "from kkb_analysis.laporan import rekap"
    assert code[2] == "r = rekap.muat_kota(tahun, data_dir)"
    assert code[3] == "rekap.sampul(r)"
    assert code[4] == "rekap.daftar_isi(r)"
    for source in code[5:]:
        assert re.fullmatch(r"rekap\.\w+\(r\)", source), source
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"][1:]
    assert headings[0] == "## Pokok-pokok"
    # one heading per section (a heading may be preceded by a page break block)
    assert all(h.splitlines()[-1].startswith("## ") for h in headings)
    assert len(headings) == len(code) - 5


@pytest.fixture(scope="module")
def kota(kota_sampel):
    """The shared built city (read-only; the notebooks write only into ``tmp_path``)."""
    return kota_sampel


def test_execute_report_notebook(kota, tmp_path, monkeypatch):
    _, teks = eksekusi_notebook(
        LAPORAN,
        tmp_path / "laporan.ipynb",
        {
            "kkb_id": "KKB-3672051004-01",
            "tahun": 2023,
            "data_dir": str(kota),
            "laporan_dir": str(tmp_path),
        },
        monkeypatch,
    )
    assert "Kampung KB Panggung Rawi" in teks
    # charts are shown as <figure> blocks (PNG embedded as a data URI, caption under it)
    assert "data:image/png;base64," in teks and "<figcaption" in teks


# --------------------------------------------------------------------- analyst cell, autoreload
@pytest.mark.parametrize("path", TEMPLAT, ids=lambda p: p.name)
def test_analyst_cell_turns_on_autoreload(path):
    """Right under the analyst note: one code cell tagged for removal (never run by the batch,
    never printed) with the two autoreload lines; the note says an edit in
    kkb_analysis/laporan/ shows on re-running a cell (the rule, not the wording)."""
    nb = nbformat.read(path, as_version=4)
    catatan, sel = nb.cells[0], nb.cells[1]
    assert sel.cell_type == "code" and sel.metadata.get("tags") == [ANALIS]
    assert sel.source == SEL_AUTORELOAD
    analis = [c for c in nb.cells if c.cell_type == "code" and ANALIS in c.metadata.get("tags", [])]
    assert analis == [sel]
    assert "autoreload" in catatan.source and "kkb_analysis/laporan/" in catatan.source
    assert "restart" in catatan.source.lower()


def _kernel_di(folder: Path, pythonpath: Path):
    """A python3 kernel (IPC sockets) started in ``folder`` with ``pythonpath`` first."""
    import os

    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "k"))
    env = dict(os.environ, PYTHONPATH=str(pythonpath), MPLBACKEND="Agg")
    km.start_kernel(cwd=str(folder), env=env, extra_arguments=["--HistoryManager.enabled=False"])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


def _jalankan(kc, kode: str) -> str:
    """Run ``kode`` like a notebook cell; its result (text/plain) or an ``ERR`` line."""
    hasil: list[str] = []

    def tangkap(msg) -> None:
        isi = msg["content"]
        if msg["msg_type"] == "execute_result":
            hasil.append(isi["data"]["text/plain"])
        elif msg["msg_type"] == "error":
            hasil.append(f"ERR {isi['ename']}: {isi['evalue']}")

    kc.execute_interactive(kode, output_hook=tangkap, timeout=60)
    return "\n".join(hasil)


@pytest.mark.parametrize("dengan_sel_analis", [True, False], ids=["autoreload", "tanpa"])
def test_edit_in_package_shows_on_rerun_thanks_to_the_analyst_cell(tmp_path, dengan_sel_analis):
    """In a real kernel, as in JupyterLab: run the template's analyst cell, call a report
    function, edit its module file (a copy of the package, first on the path), re-run the call.
    With the analyst cell the edit shows; without it (the control) the old code still runs."""
    import os
    import shutil

    salinan = tmp_path / "paket"
    shutil.copytree(
        ROOT / "kkb_analysis",
        salinan / "kkb_analysis",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    modul = salinan / "kkb_analysis" / "laporan" / "format.py"
    sel_analis = nbformat.read(LAPORAN, as_version=4).cells[1].source
    km, kc = _kernel_di(tmp_path, salinan)
    try:
        if dengan_sel_analis:
            assert _jalankan(kc, sel_analis) == ""
        asal = _jalankan(kc, "import kkb_analysis\nkkb_analysis.__file__")
        assert str(salinan) in asal  # the copy is the package the kernel uses
        # a module attribute and a name imported from it, as the report modules do
        panggil = (
            "from kkb_analysis.laporan import format as fmt\n"
            "from kkb_analysis.laporan.format import format_angka\n"
            "(fmt.format_angka(1234.5, 1), format_angka(1234.5, 1))"
        )
        assert _jalankan(kc, panggil) == "('1.234,5', '1.234,5')"
        teks = modul.read_text(encoding="utf-8")
        kepala = re.search(r"^def format_angka\(.*\) -> str:\n", teks, re.MULTILINE)
        assert kepala
        modul.write_text(
            teks[: kepala.end()] + '    return "DIUBAH"\n' + teks[kepala.end() :], encoding="utf-8"
        )
        st = modul.stat()  # a later modification time, whatever the file system's resolution
        os.utime(modul, (st.st_atime + 5, st.st_mtime + 5))
        baru = _jalankan(kc, "(fmt.format_angka(1234.5, 1), format_angka(1234.5, 1))")
        if dengan_sel_analis:
            assert baru == "('DIUBAH', 'DIUBAH')"
        else:
            assert baru == "('1.234,5', '1.234,5')"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
