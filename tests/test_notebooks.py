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
    code = [c.source for c in nb.cells if c.cell_type == "code"]
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
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[1] == "from kkb_analysis.laporan import bagian"
    assert code[2] == "d = bagian.muat(kkb_id, tahun, data_dir)"
    assert code[3] in TANPA_JUDUL  # the cover first
    sebelum = None
    for sel in nb.cells[4:]:
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
    code = [c.source for c in nb.cells if c.cell_type == "code"]
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
