"""The render engine on tiny hand-made notebooks: results, failures, warm-kernel isolation."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kkb_analysis.laporan.render import Hasil, KernelHangat, Tugas, render_tugas


def _notebook(tmp_path: Path, *sources: str, name: str = "nb.ipynb") -> Path:
    cells = [new_markdown_cell("# Uji")]
    param = new_code_cell("nilai = 1")
    param.metadata["tags"] = ["parameters"]
    cells.append(param)
    cells += [new_code_cell(s) for s in sources]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _tugas(tmp_path: Path, notebook: Path, **kw) -> Tugas:
    return Tugas(
        tugas_id=kw.pop("tugas_id", "KKB-UJI"),
        notebook=notebook,
        parameter=kw.pop("parameter", {"nilai": 7}),
        folder=tmp_path / "keluaran",
        nama="laporan",
        judul="Laporan Uji — Tahun 2023",
        **kw,
    )


@pytest.fixture(scope="module")
def kernel():
    k = KernelHangat(pra_impor=())
    yield k
    k.matikan()


def _teks_keluaran(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )


def test_success_writes_notebook_and_offline_html(tmp_path, kernel):
    nb = _notebook(tmp_path, "print(nilai * 6)")
    t = _tugas(tmp_path, nb)
    h = render_tugas(t, kernel=kernel)
    assert isinstance(h, Hasil) and h.berhasil, h.pesan
    assert "42" in _teks_keluaran(t.ipynb)  # the injected parameter (7) was used
    html = t.html.read_text(encoding="utf-8")
    assert "42" in html and "nilai * 6" not in html  # outputs only, no code
    assert not t.ipynb_gagal.exists()
    assert not [p for p in t.folder.iterdir() if ".tmp-" in p.name]


def test_failing_cell_is_reported_and_error_notebook_kept(tmp_path, kernel):
    nb = _notebook(tmp_path, "x = 1", "raise ValueError('data rusak di RW 003')", "print('tidak')")
    t = _tugas(tmp_path, nb)
    t.folder.mkdir(parents=True)
    t.html.write_text("laporan lama", encoding="utf-8")  # an older report must not survive
    h = render_tugas(t, kernel=kernel)
    assert h.status == "gagal"
    # cells as JupyterLab shows the template (papermill's injected cell not counted): the
    # heading (1), parameters (2), x = 1 (3), raise (4)
    assert h.sel_gagal == 4
    assert h.sumber_sel.startswith("raise ValueError")
    assert "ValueError" in h.pesan and "data rusak di RW 003" in h.pesan
    assert t.ipynb_gagal.is_file() and not t.ipynb.exists() and not t.html.exists()


def test_laporan_error_message_is_passed_through(tmp_path, kernel):
    nb = _notebook(
        tmp_path,
        "from kkb_analysis.laporan.dasar import LaporanError\n"
        "raise LaporanError('Tabel olahan tahun 2031 tidak ditemukan.')",
    )
    h = render_tugas(_tugas(tmp_path, nb), kernel=kernel)
    assert h.pesan == "Tabel olahan tahun 2031 tidak ditemukan."


def test_warm_kernel_gives_each_notebook_a_clean_namespace(tmp_path, kernel):
    first = _notebook(
        tmp_path,
        "rahasia = 'dari KKB sebelumnya'\n"
        "import matplotlib\n"
        "matplotlib.rcParams['lines.linewidth'] = 9",
        name="a.ipynb",
    )
    second = _notebook(
        tmp_path,
        "print('rahasia' in dir())\n"
        "import matplotlib\n"
        "print(matplotlib.rcParams['lines.linewidth'])",
        name="b.ipynb",
    )
    assert render_tugas(_tugas(tmp_path, first, tugas_id="A"), kernel=kernel).berhasil
    t = _tugas(tmp_path, second, tugas_id="B")
    assert render_tugas(t, kernel=kernel).berhasil
    out = _teks_keluaran(t.ipynb)
    assert "False" in out and "9" not in out.split()
    counts = [
        c.execution_count
        for c in nbformat.read(t.ipynb, as_version=4).cells
        if c.cell_type == "code"
    ]
    assert counts[0] == 1  # numbering restarts for every notebook


def test_cell_timeout_fails_only_that_notebook(tmp_path, kernel):
    slow = _notebook(tmp_path, "import time\ntime.sleep(60)", name="lambat.ipynb")
    h = render_tugas(_tugas(tmp_path, slow, batas_waktu_sel=2), kernel=kernel)
    assert h.status == "gagal" and "batas waktu" in h.pesan
    assert (h.sel_gagal, h.sumber_sel) == (3, "import time")
    ok = _notebook(tmp_path, "print('pulih')", name="ok.ipynb")
    assert render_tugas(_tugas(tmp_path, ok), kernel=kernel).berhasil


def test_dead_kernel_fails_only_that_notebook(tmp_path, kernel):
    mati = _notebook(tmp_path, "import os\nos._exit(1)", name="mati.ipynb")
    h = render_tugas(_tugas(tmp_path, mati), kernel=kernel)
    assert h.status == "gagal" and "Kernel" in h.pesan
    ok = _notebook(tmp_path, "print('pulih')", name="ok.ipynb")
    assert render_tugas(_tugas(tmp_path, ok), kernel=kernel).berhasil


def test_fresh_kernel_per_notebook_without_a_warm_kernel(tmp_path):
    nb = _notebook(tmp_path, "print(nilai + 1)")
    t = _tugas(tmp_path, nb, kernel_terpisah=True)
    assert render_tugas(t).berhasil
    assert "8" in _teks_keluaran(t.ipynb)


@pytest.mark.parametrize("warm", [True, False])
def test_kernels_keep_no_command_history(tmp_path, kernel, warm):
    """Kernels side by side collided on IPython's shared history database and printed "ERROR!
    Session/line number was not unique in database" into a report; both kernel modes run
    without the history."""
    nb = _notebook(tmp_path, "print('riwayat', get_ipython().history_manager.enabled)")
    t = _tugas(tmp_path, nb, kernel_terpisah=not warm)
    assert render_tugas(t, kernel=kernel if warm else None).berhasil
    assert "riwayat False" in _teks_keluaran(t.ipynb)


# ------------------------------------------------------------------ one working directory
_SEL_RELATIF = (
    "import os\n"
    "from pathlib import Path\n"
    "print('penanda:', Path('penanda.txt').read_text(encoding='utf-8'))\n"
    "print('folder:', Path.cwd().name)\n"
    "os.chdir('/')  # a notebook that moves away must not move the next one"
)


def _render_relatif(tmp_path: Path, kernel: KernelHangat | None, mode: str) -> list[str]:
    """Render the relative-path notebook twice (two KKB) and return the printed lines."""
    folder = tmp_path / mode / "buku"
    folder.mkdir(parents=True)
    (folder / "penanda.txt").write_text(f"dibaca dari {folder.name}", encoding="utf-8")
    nb = _notebook(folder, _SEL_RELATIF, name="relatif.ipynb")
    keluaran = []
    for kkb in ("A", "B"):
        t = Tugas(
            tugas_id=kkb,
            notebook=nb,
            parameter={"nilai": 1},
            folder=tmp_path / mode / "keluaran" / kkb,
            nama="laporan",
            judul="Uji",
            kernel_terpisah=kernel is None,
        )
        h = render_tugas(t, kernel=kernel)
        assert h.berhasil, h.pesan
        keluaran.append(_teks_keluaran(t.ipynb))
    return keluaran


def test_relative_path_means_the_same_in_every_kernel_mode(tmp_path, kernel):
    """A cell reading a file next to its notebook passed with --kernel-terpisah and failed in
    the warm kernel (it ran in the folder the command was started from). Every mode runs a
    notebook in its own folder, also after a notebook that changed the working directory."""
    hangat = _render_relatif(tmp_path, kernel, "hangat")
    terpisah = _render_relatif(tmp_path, None, "terpisah")
    harapan = "penanda: dibaca dari buku\nfolder: buku\n"
    assert hangat == terpisah == [harapan, harapan]


def test_warm_kernel_starts_in_the_notebooks_folder():
    """The warm kernel process starts in notebooks/ (config.NOTEBOOK_DIR), the folder
    JupyterLab starts a report notebook's kernel in."""
    from kkb_analysis.config import NOTEBOOK_DIR

    k = KernelHangat(pra_impor=())
    try:
        k.mulai()
        pid = k._km.provisioner.process.pid
        assert Path(f"/proc/{pid}/cwd").readlink() == NOTEBOOK_DIR.resolve()
    finally:
        k.matikan()


# ------------------------------------------------------------------ analyst-only cells
_SEL_ANALIS = "%load_ext autoreload\n%autoreload 2\nprint('sel analis berjalan')"
_CEK_AUTORELOAD = (
    "ekstensi = get_ipython().extension_manager.loaded\n"
    "print('autoreload aktif:', any('autoreload' in m for m in ekstensi))"
)


def _notebook_analis(tmp_path: Path, tag: list[str]) -> Path:
    path = _notebook(tmp_path, _CEK_AUTORELOAD, name=f"analis{len(tag)}.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, new_code_cell(_SEL_ANALIS, metadata={"tags": tag}))
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("warm", [True, False], ids=["hangat", "terpisah"])
def test_batch_never_runs_analyst_cells(tmp_path, kernel, warm):
    """A cell tagged hapus-saat-ekspor (the templates' autoreload) is for JupyterLab only: the
    batch does not run it, so no report kernel pays for autoreload's check before each cell.
    The control (same cell untagged) runs it, so the check can fail."""
    for tag, harapan in ((["hapus-saat-ekspor"], False), ([], True)):
        nb = _notebook_analis(tmp_path, tag)
        t = _tugas(tmp_path, nb, kernel_terpisah=not warm, tugas_id=f"A{len(tag)}")
        h = render_tugas(t, kernel=kernel if warm else None)
        assert h.berhasil, h.pesan
        teks = _teks_keluaran(t.ipynb)
        assert f"autoreload aktif: {harapan}" in teks
        assert ("sel analis berjalan" in teks) is harapan
        sel = nbformat.read(t.ipynb, as_version=4).cells[1]
        assert sel.source == _SEL_ANALIS and (sel.execution_count is None) is not harapan
