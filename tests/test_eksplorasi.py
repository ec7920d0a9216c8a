"""The exploration API (kkb_analysis.eksplorasi) on the session's sample city, its docstring
examples, and the exploration notebook's place (never a report, no widget in the main lock)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from kkb_analysis import config
from kkb_analysis import eksplorasi as ek
from kkb_analysis.indikator.katalog import katalog

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "eksplorasi.ipynb"


@pytest.fixture(scope="module")
def kota(kota_sampel):
    return kota_sampel


def _wilayah(kota: Path, tahun: int = 2023) -> pd.DataFrame:
    """out_wilayah read directly (the expectation side)."""
    return pd.read_parquet(kota / "processed" / str(tahun) / "out_wilayah.parquet")


# ------------------------------------------------------------------------- muat_indikator
def test_one_row_per_active_kkb_with_catalogue_labels(kota):
    w = _wilayah(kota)
    kkb = w.loc[w["jenis_wilayah"] == "kkb"]
    df = ek.muat_indikator(2023, data_dir=kota)
    assert len(df) == len(kkb) == 13  # 13 active KKB in the 2023 sample (docs/skema.md §2.3)
    assert df.columns.is_unique
    assert list(df.columns[:7]) == [
        "Tahun",
        "Nama wilayah",
        "ID wilayah",
        "ID KKB",
        "Kode kelurahan",
        "Kode kecamatan",
        katalog().get("tingkat").judul(),
    ]
    label_keluarga = katalog().get("n_keluarga").judul()
    label_stunting = katalog().get("stunting_pct").judul()
    assert label_keluarga in df.columns and label_stunting in df.columns
    baris = df.set_index("ID KKB")
    asli = kkb.set_index("kkb_id")
    for kkb_id in asli.index:
        assert baris.at[kkb_id, label_keluarga] == asli.at[kkb_id, "n_keluarga"]
        assert baris.at[kkb_id, "Nama wilayah"] == asli.at[kkb_id, "nama_wilayah"]
    assert ek.satuan(df)[label_keluarga] == "keluarga"
    assert ek.satuan(df)[label_stunting] == "persen"
    assert df.attrs["kolom"][label_stunting] == "stunting_pct"


def test_colliding_labels_get_their_source(kota):
    """Two catalogue entries share the label "MKJP" (PK and KKBPK): each column says which."""
    kat = katalog()
    pk, kkbpk = kat.get("mkjp_pct"), kat.get("kkbpk_mkjp_pct")
    assert pk.judul() == kkbpk.judul()  # the premise of the test
    df = ek.muat_indikator(2023, data_dir=kota)
    assert f"{pk.judul()} ({pk.sumber.label})" in df.columns
    assert f"{kkbpk.judul()} ({kkbpk.sumber.label})" in df.columns
    assert ek.label("mkjp_pct") == f"{pk.judul()} ({pk.sumber.label})"


def test_column_names_without_labels_and_kkb_only_columns_left_out(kota):
    w = _wilayah(kota)
    kel = ek.muat_indikator(2023, jenis="kelurahan", label=False, data_dir=kota)
    assert len(kel) == (w["jenis_wilayah"] == "kelurahan").sum() == 43
    assert {"nama_wilayah", "n_keluarga", "stunting_pct"} <= set(kel.columns)
    assert "tingkat" not in kel.columns  # the portal tier is a KKB-only indicator
    kkb = ek.muat_indikator(2023, label=False, data_dir=kota)
    assert "tingkat" in kkb.columns and set(kel.columns) < set(kkb.columns)
    assert ek.satuan(kel)["stunting_pct"] == "persen"
    assert ek.satuan(kel[["nama_wilayah", "stunting_pct"]]) == {"stunting_pct": "persen"}


def test_several_years_give_one_row_per_area_and_year(kota):
    dua = ek.muat_indikator([2022, 2023], jenis="kota", label=False, data_dir=kota)
    assert dua["tahun"].tolist() == [2022, 2023]
    assert dua["wilayah_id"].nunique() == 1
    kkb = ek.muat_indikator([2022, 2023], data_dir=kota)
    assert len(kkb) == (_wilayah(kota, 2022)["jenis_wilayah"] == "kkb").sum() + 13


def test_unknown_area_type_lists_the_valid_ones(kota):
    with pytest.raises(ek.EksplorasiError) as e:
        ek.muat_indikator(2023, jenis="desa", data_dir=kota)
    pesan = str(e.value)
    assert "'desa' tidak dikenal" in pesan
    for jenis in set(_wilayah(kota)["jenis_wilayah"]):
        assert f"- {jenis}:" in pesan


def test_missing_year_says_what_to_run(kota):
    with pytest.raises(ek.EksplorasiError) as e:
        ek.muat_indikator(2031, data_dir=kota)
    pesan = str(e.value)
    assert "2031" in pesan and "kkb bangun --tahun 2031" in pesan and "bash run.sh" in pesan
    assert "2022, 2023" in pesan  # the years that are there
    with pytest.raises(ek.EksplorasiError, match="Belum ada tahun"):
        ek.daftar_kkb(2023, data_dir=kota / "tidak_ada")


def test_kamus_describes_every_indicator_column(kota):
    df = ek.muat_indikator(2023, data_dir=kota)
    k = ek.kamus(df).set_index("kolom")
    e = katalog().get("stunting_pct")
    assert k.at["stunting_pct", "label"] == e.judul()
    assert k.at["stunting_pct", "satuan"] == e.satuan
    assert k.at["stunting_pct", "desimal"] == e.desimal
    assert "wilayah_id" not in k.index  # identity columns are not indicators
    assert len(k) == len(df.columns) - 6


# -------------------------------------------------------------------- tables and KKB list
def test_any_table_by_name_with_or_without_prefix(kota):
    asli = pd.read_parquet(kota / "processed" / "2023" / "out_rw.parquet")
    for nama in ("rw", "out_rw", " RW "):
        rw = ek.muat_tabel(nama, 2023, data_dir=kota)
        pd.testing.assert_frame_equal(rw, asli)  # out_rw has its own tahun column
    stacked = ek.muat_tabel("piramida", [2022, 2023], data_dir=kota)
    assert sorted(stacked["tahun"].unique().tolist()) == [2022, 2023]


def test_unknown_table_lists_every_table_with_its_title(kota):
    with pytest.raises(ek.EksplorasiError) as e:
        ek.muat_tabel("penduduk", 2023, data_dir=kota)
    pesan = str(e.value)
    for tabel, judul in ek.JUDUL_TABEL.items():
        assert f"- {tabel.removeprefix('out_')}: {judul}" in pesan


def test_every_declared_table_has_a_title():
    assert set(ek.JUDUL_TABEL) == set(config.load_reference("skema_keluaran"))
    assert len(set(ek.JUDUL_TABEL.values())) == len(ek.JUDUL_TABEL)


def test_daftar_kkb(kota):
    kkb = ek.daftar_kkb(2023, data_dir=kota)
    assert kkb.columns.tolist() == ["kkb_id", "nama_kkb", "kelurahan", "kecamatan", "tingkat"]
    assert kkb["kkb_id"].tolist() == sorted(kkb["kkb_id"]) and len(kkb) == 13
    # 36.72.01.1004 is kelurahan Cikerai in kecamatan Cibeber (Kemendagri code list)
    baris = kkb.set_index("kkb_id").loc["KKB-3672011004-01"]
    assert (baris["nama_kkb"], baris["kelurahan"], baris["kecamatan"]) == (
        "Kampung KB Cikerai",
        "Cikerai",
        "Cibeber",
    )
    w = _wilayah(kota).set_index("wilayah_id")
    assert baris["tingkat"] == w.at["kkb:KKB-3672011004-01", "tingkat"]


def test_works_from_the_notebooks_folder(kota, monkeypatch):
    """The kernel of a notebook runs in notebooks/: paths come from config, not the cwd."""
    monkeypatch.chdir(config.NOTEBOOK_DIR)
    monkeypatch.setenv("KKB_DATA_DIR", str(kota))
    assert ek.tahun_tersedia() == [2022, 2023]
    assert len(ek.daftar_kkb(2023)) == 13


# ------------------------------------------------------------------------------- charts
def _teks_sumbu(ax, sumbu: str = "y") -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in getattr(ax, f"get_{sumbu}ticklabels")()]


def test_percent_axis_reads_the_indonesian_way():
    fig, ax = plt.subplots()
    try:
        ax.bar(["A", "B"], [12.5, 20.0])
        ax.set_yticks([0, 12.5, 25])
        ek.sumbu_persen(ax)
        assert _teks_sumbu(ax) == ["0,0%", "12,5%", "25,0%"]
        ek.sumbu_persen(ax, desimal=None)
        assert _teks_sumbu(ax) == ["0%", "12,5%", "25%"]
    finally:
        plt.close(fig)


def test_gaya_indonesia_numbers_years_and_categories():
    fig, (garis, batang) = plt.subplots(1, 2)
    try:
        garis.plot([2022, 2023], [1500, 2500])
        garis.set_yticks([1500, 2000, 2500])
        garis.set_xticks([2022, 2023])
        batang.barh(["Cikerai", "Kepuh"], [0.25, 1.5])
        batang.set_xticks([0, 0.25, 1.5])
        ek.gaya_indonesia(fig)
        assert _teks_sumbu(garis) == ["1.500", "2.000", "2.500"]
        assert _teks_sumbu(garis, "x") == ["2022", "2023"]  # years: no thousands separator
        assert _teks_sumbu(batang, "x") == ["0", "0,25", "1,5"]
        assert _teks_sumbu(batang) == ["Cikerai", "Kepuh"]  # categories untouched
    finally:
        plt.close(fig)


# ------------------------------------------------------------------- docstring examples
def test_docstring_examples_run(kota, monkeypatch):
    monkeypatch.setenv("KKB_DATA_DIR", str(kota))
    hasil = doctest.testmod(ek, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert hasil.attempted >= 30 and hasil.failed == 0
    tanpa_contoh = [
        nama
        for nama in ek.__all__
        if callable(getattr(ek, nama))
        and not isinstance(getattr(ek, nama), type)
        and ">>>" not in (getattr(ek, nama).__doc__ or "")
    ]
    assert tanpa_contoh == []


# ------------------------------------------------------------- the exploration notebook
def test_exploration_notebook_is_never_a_report():
    """`kkb laporan` renders only the report templates named in config."""
    assert NOTEBOOK.is_file()
    assert NOTEBOOK not in (config.NOTEBOOK_LAPORAN, config.NOTEBOOK_REKAP)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    kode = [c.source for c in nb.cells if c.cell_type == "code"]
    assert kode[0] == "%load_ext autoreload\n%autoreload 2"
    assert any("ipywidgets" in k and "except ImportError" in k for k in kode)


def test_widgets_stay_out_of_the_reports_and_the_main_lock():
    """ipywidgets is for the exploration notebook only (lab lock); the reports never need it."""
    assert not re.search(r"^ipywidgets==", (ROOT / "requirements.lock").read_text(), re.M)
    assert re.search(r"^ipywidgets==", (ROOT / "requirements-lab.lock").read_text(), re.M)
    for path in (config.NOTEBOOK_LAPORAN, config.NOTEBOOK_REKAP):
        assert "ipywidgets" not in path.read_text(encoding="utf-8")
    for path in (ROOT / "kkb_analysis").rglob("*.py"):
        assert "ipywidgets" not in path.read_text(encoding="utf-8"), path


def test_year_axis_has_whole_years_only():
    fig, ax = plt.subplots()
    try:
        ax.plot([2022, 2023], [1.0, 2.0])
        ek.sumbu_tahun(ax)
        lo, hi = ax.get_xlim()
        ax.figure.canvas.draw()
        terlihat = [t.get_text() for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi]
        assert terlihat == ["2022", "2023"]
    finally:
        plt.close(fig)


def test_guide_lists_every_table_with_its_title():
    """docs/panduan.md "Tabel yang tersedia" lists the tables of ek.daftar_tabel() with the same
    titles."""
    panduan = (ROOT / "docs" / "panduan.md").read_text(encoding="utf-8")
    bagian = re.split(r"^### [\d.]+ Tabel yang tersedia$", panduan, flags=re.M)[1]
    bagian = re.split(r"^#{2,3} ", bagian, maxsplit=1, flags=re.M)[0]
    baris = dict(re.findall(r"^\| `(\w+)` \| (.+?) \|$", bagian, re.M))
    assert baris == dict(ek.daftar_tabel().itertuples(index=False))


def test_units_survive_a_frame_without_attrs(kota):
    """Some pandas operations drop ``attrs``: units and descriptions come back through the
    labels."""
    df = ek.muat_indikator(2023, data_dir=kota)
    polos = pd.DataFrame(df.to_dict("list"))  # the same columns, no attrs
    assert polos.attrs == {}
    e = katalog().get("stunting_pct")
    assert ek.satuan(polos)[e.judul()] == e.satuan
    assert ek.kamus(polos).set_index("label").at[e.judul(), "kolom"] == "stunting_pct"


def test_a_numpy_year_is_a_year(kota):
    import numpy as np

    assert len(ek.muat_indikator(np.int64(2023), data_dir=kota)) == 13
