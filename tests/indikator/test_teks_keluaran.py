"""Numbers in data, words in reports: every text column of every ``out_*`` table of a built city
must be declared a code/identifier or a raw data value (issue 10).

The declarations are the catalogue's: an indicator of unit ``kode`` or a ``teknis.yaml`` column
with ``jenis: kode`` / ``jenis: data``. Display labels and sentences belong to the report layer
(labels of code columns: ``kkb_analysis/laporan/label.py``); any not yet moved (``jenis: label`` /
``teks``) would be pinned here by hand so that a new one fails — the list is empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from kkb_analysis.indikator.katalog import katalog

#: Display texts still stored in data, by hand: (table, column) → kind. Shrink this list; never
#: grow it (a new label or sentence is made in kkb_analysis/laporan/).
SISA: dict[tuple[str, str], str] = {}
#: A number written for reading: "27,4", "53 %", "1.234" inside text.
ANGKA_TAMPIL = re.compile(r"\d,\d|\d\s?%|\d\.\d{3}\b")


def _teks(frame: pd.DataFrame) -> list[str]:
    return [
        str(c)
        for c in frame.columns
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype)
    ]


def jenis_teks(tabel: str, kolom: str) -> str:
    """How the catalogue declares a text column: kode, data, label, teks or "" (undeclared)."""
    kat = katalog()
    if (tabel, kolom) in kat.entri:
        return "kode" if kat.get(kolom, tabel).satuan == "kode" else ""
    t = kat.teknis_untuk(tabel, kolom)
    return "" if t is None else t.jenis


@pytest.fixture(scope="module")
def tabel_keluaran(kota_sampel: Path) -> dict[tuple[int, str], pd.DataFrame]:
    hasil = {}
    for folder in sorted((kota_sampel / "processed").iterdir()):
        if folder.name.isdigit():
            for berkas in sorted(folder.glob("out_*.parquet")):
                hasil[(int(folder.name), berkas.stem)] = pd.read_parquet(berkas)
    assert hasil, "the sample city has no out_* table"
    return hasil


def test_every_text_column_is_a_declared_code_or_data_value(tabel_keluaran):
    tidak_sah, sisa = [], {}
    for (tahun, tabel), frame in tabel_keluaran.items():
        for kolom in _teks(frame):
            jenis = jenis_teks(tabel, kolom)
            if jenis in ("kode", "data"):
                continue
            if jenis in ("label", "teks"):
                sisa[(tabel, kolom)] = jenis
            else:
                tidak_sah.append(f"{tahun} {tabel}.{kolom}")
    assert not tidak_sah, (
        "text columns in out_* tables that are not declared codes or raw data values "
        "(make the text in kkb_analysis/laporan/, or declare a code with jenis: kode): "
        + ", ".join(tidak_sah)
    )
    # the remaining display texts are exactly the pinned ones (those present in the city)
    assert sisa == {k: v for k, v in SISA.items() if k in sisa}
    assert set(sisa) <= set(SISA)


def test_pinned_display_texts_are_declared_as_such():
    """A moved column must leave SISA; a pinned one must be declared label/teks."""
    for (tabel, kolom), jenis in SISA.items():
        assert jenis_teks(tabel, kolom) == jenis, (tabel, kolom)


def test_codes_hold_no_formatted_numbers(tabel_keluaran):
    """A code column never carries a number formatted for reading (decimal comma, %)."""
    salah = []
    for (tahun, tabel), frame in tabel_keluaran.items():
        for kolom in _teks(frame):
            if jenis_teks(tabel, kolom) != "kode":
                continue
            nilai = frame[kolom].dropna().astype(str)
            cocok = nilai[nilai.str.contains(ANGKA_TAMPIL)]
            if len(cocok):
                salah.append(f"{tahun} {tabel}.{kolom}: {cocok.iloc[0]!r}")
    assert not salah, salah


def test_moved_texts_are_gone(tabel_keluaran):
    """The display texts of issue 10 item 3 are made by the report, not stored."""
    wilayah = tabel_keluaran[max(k for k in tabel_keluaran if k[1] == "out_wilayah")]
    assert "median_umur_teks" not in wilayah.columns
    assert not [c for c in wilayah.columns if c.endswith("_keterangan")]
    assert str(wilayah["median_umur_75_lebih"].dtype) == "boolean"
    lengkap = tabel_keluaran[max(k for k in tabel_keluaran if k[1] == "out_kelengkapan")]
    assert "nama_domain" not in lengkap.columns and "domain" in lengkap.columns
    pindah = {  # label columns now joined by laporan/label.py → the code column(s) kept
        "out_zscore": ({"label"}, {"z_bawah", "z_atas"}),
        "out_ibangga_variabel": ({"nama"}, {"variabel"}),
        "out_konvergensi": ({"nama_program", "nama_instansi"}, {"inpres_program", "instansi_id"}),
        "out_fungsi_keluarga": ({"kategori", "fungsi_keluarga"}, {"kategori_fungsi"}),
        "out_intervensi": (
            {"kategori", "fungsi_keluarga", "sasaran", "instansi", "nama_program", "nama_kegiatan"},
            {"kategori_fungsi", "sasaran_id", "instansi_id", "inpres_program"}
            | {"inpres_kegiatan_id"},
        ),
    }
    for tabel, (label, kode) in pindah.items():
        frame = tabel_keluaran[max(k for k in tabel_keluaran if k[1] == tabel)]
        assert not label & set(frame.columns), tabel
        assert kode <= set(frame.columns), tabel
    iv = tabel_keluaran[max(k for k in tabel_keluaran if k[1] == "out_intervensi")]
    daftar = iv["instansi_id"].dropna()
    assert len(daftar) and daftar.str.fullmatch(r"\d+(, \d+)*").all()
    kl = tabel_keluaran[max(k for k in tabel_keluaran if k[1] == "out_klasifikasi")]
    assert not {"label", "keterangan"} & set(kl.columns)
    metode = tabel_keluaran[max(k for k in tabel_keluaran if k[1] == "out_metode_kb")]
    if len(metode):
        assert set(metode["sumber"].dropna()) == {"KKBPK"}
        assert metode["bulan"].dropna().between(1, 12).all()


def test_undeclared_text_column_is_caught():
    """The rule can fail: an undeclared text column and a label are not codes."""
    assert jenis_teks("out_wilayah", "kolom_teks_baru") == ""
    assert jenis_teks("out_zscore", "label") == ""  # moved: stored again, it would be caught
    assert jenis_teks("out_wilayah", "kkb_id") == "kode"
    assert jenis_teks("out_wilayah", "tingkat") == "kode"  # catalogue indicator, unit kode
    assert ANGKA_TAMPIL.search("27,4") and ANGKA_TAMPIL.search("53 %")
    assert not ANGKA_TAMPIL.search("36.72.01.1004") and not ANGKA_TAMPIL.search("a, c, g")
