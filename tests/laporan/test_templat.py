"""The template guard (kkb_analysis/laporan/templat.py): `kkb laporan` refuses a report template
with outputs or cells outside its allowed structure, naming the cell as JupyterLab numbers it.

The cases edit a copy of the shipped ``laporan_kkb.ipynb``, whose cells are (1-based, as
JupyterLab shows them): 1 analyst note (markdown), 2 analyst cell (autoreload), 3 parameters,
4 ``from kkb_analysis.laporan import bagian``, 5 ``d = bagian.muat(...)``, 6 ``bagian.sampul(d)``,
7 ``## Kata pengantar``, 8 ``bagian.kata_pengantar(d)``, ... 33 ``bagian.rekomendasi(d)``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kkb_analysis import config
from kkb_analysis.laporan import batch, rencana
from kkb_analysis.laporan.templat import (
    PARAMETER_DOKUMEN,
    PARAMETER_REKAP,
    TemplatError,
    periksa_notebook,
    periksa_templat,
)

ROOT = Path(__file__).resolve().parents[2]
LAPORAN = ROOT / "notebooks" / "laporan_kkb.ipynb"
REKAP = ROOT / "notebooks" / "rekap_kota.ipynb"
ASLI = json.loads(LAPORAN.read_text(encoding="utf-8"))


def _kode(sumber: str, **metadata) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"uji-{abs(hash(sumber)) % 10**8}",
        "metadata": metadata,
        "outputs": [],
        "source": sumber,
    }


def _md(sumber: str) -> dict:
    return {"cell_type": "markdown", "id": "uji-md", "metadata": {}, "source": sumber}


def _salin(tmp_path: Path, ubah: Callable[[list[dict]], None], asli: dict = ASLI) -> Path:
    nb = copy.deepcopy(asli)
    ubah(nb["cells"])
    path = tmp_path / "laporan_kkb.ipynb"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def _sisip(posisi: int, sel: dict) -> Callable[[list[dict]], None]:
    return lambda cells: cells.insert(posisi, sel)


def _ubah_sumber(posisi: int, sumber: str) -> Callable[[list[dict]], None]:
    def ubah(cells: list[dict]) -> None:
        cells[posisi]["source"] = sumber

    return ubah


def _keluaran(cells: list[dict]) -> None:
    cells[5]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x\n"}]
    cells[5]["execution_count"] = 4


def _nomor_saja(cells: list[dict]) -> None:
    cells[7]["execution_count"] = 3


def _dua_parameter(cells: list[dict]) -> None:
    cells.insert(3, _kode("tahun = 2024", tags=["parameters"]))


def _injeksi(cells: list[dict]) -> None:
    cells.insert(3, _kode('kkb_id = "KKB-3672051004-01"', tags=["injected-parameters"]))


def _raw(cells: list[dict]) -> None:
    cells.insert(6, {"cell_type": "raw", "id": "uji-raw", "metadata": {}, "source": "x"})


# (case id, edit, cell number, its first line as shown, a phrase of the remedy)
PELANGGARAN = [
    ("keluaran", _keluaran, 6, "bagian.sampul(d)", "Edit → Clear Outputs of All Cells"),
    ("nomor-eksekusi", _nomor_saja, 8, "bagian.kata_pengantar(d)", "Clear Outputs"),
    ("eksplorasi", _sisip(5, _kode("df.head()")), 6, "df.head()", "notebooks/eksplorasi.ipynb"),
    ("print", _sisip(33, _kode('print(d)\nprint("lagi")')), 34, "print(d)", "notebooks/coba/"),
    ("dua-parameter", _dua_parameter, 4, "tahun = 2024", "yang pertama sel 3"),
    ("impor-pandas", _sisip(4, _kode("import pandas as pd")), 5, "import pandas as pd", "pandas"),
    (
        "impor-dari-pandas",
        _sisip(4, _kode("from pandas import DataFrame")),
        5,
        "from pandas import DataFrame",
        "hanya mengimpor modul kkb_analysis.laporan",
    ),
    ("parameter-lain", _ubah_sumber(2, 'x = 1\nkkb_id = "K"'), 3, "x = 1", "'x = 1' tidak boleh"),
    ("parameter-impor", _ubah_sumber(2, "import os\ntahun = 2023"), 3, "import os", "tidak boleh"),
    (
        "parameter-rumus",
        _ubah_sumber(2, 'kkb_id = "K"\ntahun = 2020 + 3\ndata_dir = None\nlaporan_dir = None'),
        3,
        'kkb_id = "K"',
        "harus tetap",
    ),
    (
        "parameter-kurang",
        _ubah_sumber(2, 'kkb_id = "K"\ntahun = 2023\ndata_dir = None'),
        3,
        'kkb_id = "K"',
        "tidak mengisi laporan_dir",
    ),
    (
        "parameter-ganda",
        _ubah_sumber(
            2, 'kkb_id = "K"\ntahun = 2023\ntahun = 2024\ndata_dir = None\nlaporan_dir = None'
        ),
        3,
        'kkb_id = "K"',
        "tahun diisi dua kali",
    ),
    (
        "analis-berisi-kode",
        _ubah_sumber(1, "%load_ext autoreload\n%autoreload 2\nimport pandas as pd"),
        2,
        "%load_ext autoreload",
        "sel analis",
    ),
    ("injeksi-papermill", _injeksi, 4, 'kkb_id = "KKB-3672051004-01"', "hasil cetak"),
    ("sel-raw", _raw, 7, "x", "hapus sel ini"),
    (
        "modul-tak-ada",
        _sisip(4, _kode("from kkb_analysis.laporan import tidak_ada")),
        5,
        "from kkb_analysis.laporan import tidak_ada",
        "tidak punya modul publik tidak_ada",
    ),
    (
        "modul-internal",
        _sisip(4, _kode("from kkb_analysis.laporan import _kernel")),
        5,
        "from kkb_analysis.laporan import _kernel",
        "_kernel",
    ),
    ("fungsi-internal", _sisip(6, _kode("bagian._x(d)")), 7, "bagian._x(d)", "fungsi internal"),
    ("dua-argumen", _sisip(6, _kode("bagian.sampul(d, 1)")), 7, "bagian.sampul(d, 1)", "eksplor"),
    ("belum-dimuat", _sisip(6, _kode("bagian.sampul(df)")), 7, "bagian.sampul(df)", "'df' belum"),
    ("magic", _sisip(6, _kode("%timeit bagian.sampul(d)")), 7, "%timeit bagian.sampul(d)", "coba"),
    (
        "muat-tanpa-parameter",
        _sisip(5, _kode('d = bagian.muat("KKB-1", 2023, None)')),
        6,
        'd = bagian.muat("KKB-1", 2023, None)',
        "hanya memakai parameter",
    ),
    (
        "sebelum-parameter",
        _sisip(1, _kode("from kkb_analysis.laporan import bagian")),
        2,
        "from kkb_analysis.laporan import bagian",
        "sebelum sel parameter",
    ),
    (
        "dua-panggilan",
        _sisip(6, _kode("bagian.sampul(d)\nbagian.sampul(d)")),
        7,
        "bagian.sampul(d)",
        "coba",
    ),
    ("definisi", _sisip(6, _kode("def f(x):\n    return x")), 7, "def f(x):", "eksplorasi"),
    ("penugasan", _sisip(6, _kode("n = len(d.tabel)")), 7, "n = len(d.tabel)", "eksplorasi"),
]


@pytest.mark.parametrize(
    ("ubah", "sel", "baris", "saran"),
    [p[1:] for p in PELANGGARAN],
    ids=[p[0] for p in PELANGGARAN],
)
def test_each_violation_is_refused_with_its_cell(tmp_path, ubah, sel, baris, saran):
    path = _salin(tmp_path, ubah)
    masalah = periksa_notebook(path, PARAMETER_DOKUMEN)
    assert [(m.sel, m.baris) for m in masalah] == [(sel, baris)], masalah
    assert saran in masalah[0].masalah
    # the batch's refusal: one line naming file, cell and first line, then the rule
    with pytest.raises(TemplatError) as exc:
        periksa_templat({path: PARAMETER_DOKUMEN})
    teks = str(exc.value)
    assert f"laporan_kkb.ipynb, sel {sel} ({baris}): " in teks
    assert "tidak membuat laporan apa pun" in teks and "docs/panduan.md" in teks


def test_missing_parameters_cell_is_named_for_the_notebook(tmp_path):
    def tanpa_tag(cells: list[dict]) -> None:
        cells[2]["metadata"] = {}

    masalah = periksa_notebook(_salin(tmp_path, tanpa_tag), PARAMETER_DOKUMEN)
    # the untagged assignments are an exploration cell now (cell 3); the notebook has no
    # parameters cell at all (no cell number)
    assert [(m.sel, m.baris) for m in masalah] == [
        (3, 'kkb_id = "KKB-3672051004-01"'),
        (None, None),
    ]
    assert "tidak ada sel bertag 'parameters'" in masalah[1].masalah
    assert "git checkout -- " in masalah[1].masalah


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    def tiga(cells: list[dict]) -> None:
        _keluaran(cells)  # cell 6
        cells.insert(9, _kode("print(1)"))  # cell 10
        cells.insert(4, _kode("import pandas as pd"))  # cell 5 (the sampul cell moves to 7)

    masalah = periksa_notebook(_salin(tmp_path, tiga), PARAMETER_DOKUMEN)
    assert [m.sel for m in masalah] == [5, 7, 11]


def test_outputs_and_exploration_in_one_cell_say_both(tmp_path):
    sel = _kode("df.head()")
    sel["outputs"] = [{"output_type": "execute_result", "data": {"text/plain": "x"},
                       "metadata": {}, "execution_count": 1}]  # fmt: skip
    sel["execution_count"] = 1
    masalah = periksa_notebook(_salin(tmp_path, _sisip(5, sel)), PARAMETER_DOKUMEN)
    assert len(masalah) == 1 and masalah[0].sel == 6
    assert "Clear Outputs" in masalah[0].masalah and "eksplorasi.ipynb" in masalah[0].masalah


@pytest.mark.parametrize(
    "ubah",
    [
        _ubah_sumber(
            2, 'kkb_id = "KKB-3672011004-01"\ntahun = 2024\ndata_dir = None\nlaporan_dir = None'
        ),
        _ubah_sumber(
            2,
            '# Parameter\nkkb_id: str = "KKB-1"\ntahun = 2022\ndata_dir = "/data"\n'
            "laporan_dir = None  # diisi kkb laporan",
        ),
        _sisip(6, _md("## Bagian baru\n\nTeks analis.")),
        _sisip(6, _kode("")),
        _sisip(6, _kode("# sampul dulu\nbagian.sampul(d)  # komentar")),
        _sisip(4, _kode("from kkb_analysis.laporan import bagian, grafik")),
        _sisip(0, _kode("%load_ext autoreload", tags=["hapus-saat-ekspor"])),
    ],
    ids=[
        "kkb_id-lain",
        "anotasi-komentar",
        "markdown",
        "sel-kosong",
        "komentar",
        "dua-modul",
        "analis-kedua",
    ],
)
def test_allowed_edits_pass(tmp_path, ubah):
    """A changed default, comments, a new markdown heading or section call are no errors."""
    assert periksa_notebook(_salin(tmp_path, ubah), PARAMETER_DOKUMEN) == []


def test_the_four_shipped_templates_pass():
    templat = rencana.templat_laporan()
    assert set(templat) == {
        config.NOTEBOOK_PROFIL,
        config.NOTEBOOK_LAPORAN,
        config.NOTEBOOK_LAMPIRAN,
        config.NOTEBOOK_REKAP,
    }
    for path, parameter in templat.items():
        assert periksa_notebook(path, parameter) == [], path
    periksa_templat(templat)  # no refusal


def test_guard_can_fail_on_a_shipped_template():
    """The rekap template checked against the KKB documents' parameters is refused."""
    masalah = periksa_notebook(REKAP, PARAMETER_DOKUMEN)
    assert [m.sel for m in masalah] == [3] and "tidak mengisi kkb_id" in masalah[0].masalah


def test_rekap_parameters_are_its_own(tmp_path):
    asli = json.loads(REKAP.read_text(encoding="utf-8"))
    path = _salin(tmp_path, _ubah_sumber(2, 'tahun = 2023\ndata_dir = None\nlaporan_dir = None\n'
                                            'kkb_id = "KKB-1"'), asli)  # fmt: skip
    masalah = periksa_notebook(path, PARAMETER_REKAP)
    assert [m.sel for m in masalah] == [3] and "'kkb_id = 'KKB-1'' tidak boleh" in masalah[
        0
    ].masalah


def test_declared_parameters_are_what_the_batch_passes(tmp_path):
    kkb = [rencana.InfoKkb("KKB-3672051004-01", "Uji", "Kel", "Kec", None)]
    tugas = rencana.daftar_tugas(config.get_paths(tmp_path), 2023, tmp_path, kkb, 60, False)
    templat = rencana.templat_laporan()
    for t in tugas:
        assert tuple(t.parameter) == templat[t.notebook], t.tugas_id


def test_long_digit_runs_are_masked_in_the_message(tmp_path):
    """An identity number typed while exploring is not echoed to the terminal."""
    path = _salin(tmp_path, _sisip(5, _kode('cari(nik="3672012345678901")')))
    (m,) = periksa_notebook(path, PARAMETER_DOKUMEN)
    assert "3672012345678901" not in m.teks() and m.baris == 'cari(nik="…")'


def test_long_first_line_is_shortened(tmp_path):
    path = _salin(tmp_path, _sisip(5, _kode("x" * 200)))
    (m,) = periksa_notebook(path, PARAMETER_DOKUMEN)
    assert m.baris == "x" * 59 + "…"


@pytest.mark.parametrize(
    ("isi", "frasa"),
    [(None, "templat tidak ada"), ("{bukan json", "JSON rusak"), ('{"cells": 3}', "JSON rusak")],
)
def test_unreadable_template_is_refused_without_traceback(tmp_path, isi, frasa):
    path = tmp_path / "laporan_kkb.ipynb"
    if isi is not None:
        path.write_text(isi, encoding="utf-8")
    (m,) = periksa_notebook(path, PARAMETER_DOKUMEN)
    assert m.sel is None and frasa in m.masalah and "git checkout" in m.masalah


# ------------------------------------------------------------------------------ in the batch
def _kota_palsu(tmp_path: Path) -> config.Paths:
    """Paths whose processed year exists (the guard runs before the tables are read)."""
    paths = config.get_paths(tmp_path / "data", tmp_path / "reports")
    olahan = paths.processed_year(2023)
    olahan.mkdir(parents=True)
    (olahan / "out_wilayah.parquet").write_bytes(b"")
    return paths


def test_batch_refuses_before_planning_or_starting_a_worker(tmp_path, monkeypatch):
    kotor = _salin(tmp_path, _sisip(5, _kode("df.head()")))
    monkeypatch.setattr(rencana, "NOTEBOOK_LAPORAN", kotor)

    def tidak_boleh(*a, **k):
        raise AssertionError("the batch went on past a dirty template")

    monkeypatch.setattr(batch, "rencanakan", tidak_boleh)
    monkeypatch.setattr(batch, "render_dan_cetak", tidak_boleh)
    paths = _kota_palsu(tmp_path)
    with pytest.raises(TemplatError, match=r"laporan_kkb\.ipynb, sel 6 \(df\.head\(\)\)"):
        batch.jalankan_laporan(paths, 2023, pdf=False, progres=False)
    assert not paths.reports.exists()  # nothing written, not even the lock file


def test_the_guide_section_named_in_the_refusal_exists():
    """The refusal sends the analyst to docs/panduan.md, 'Templat laporan', which shows every
    allowed kind of cell."""
    panduan = (ROOT / "docs" / "panduan.md").read_text(encoding="utf-8")
    bagian = " ".join(panduan.split("### Templat laporan\n", 1)[1].split("\n## ", 1)[0].split())
    for contoh in ("hapus-saat-ekspor", "parameters", "from kkb_analysis.laporan import bagian",
                   "d = bagian.muat(kkb_id, tahun, data_dir)", "Clear Outputs of All Cells",
                   "notebooks/coba/"):  # fmt: skip
        assert contoh in bagian, contoh
