"""The stakeholder workbook ``indikator_kkb.xlsx``: every indicator of the year in one file.

:func:`tulis_xlsx` reads ``out_wilayah``, ``out_rw``, ``out_klasifikasi`` and ``out_perubahan``
of ``data/processed/<tahun>/`` and writes five sheets:

- **Indikator KKB**: one row per active KKB, then the city (``kota``) and the city outside
  every KKB (``kota_luar_kkb``); identifier columns first, then every column of ``out_wilayah``;
- **Keterangan kolom**: what each column of every sheet means, in Indonesian, from the
  indicator catalogue (``indikator/katalog/``: label, unit, source and description of an
  indicator; the one-line description of a technical column), with the labels rendered for the
  settings in force; a column the catalogue does not know (none, by a test) falls back to the
  name rules of docs/skema.md §2.2 (:func:`jenis_kolom`);
- **Per RW**: ``out_rw`` with counts below ``laporan.sel_kecil`` (default 5) replaced by the text
  "< 5" (:func:`kkb_analysis.laporan.format.sel_kecil`, the same rule as the reports) and each
  percentage left empty when its numerator or denominator is hidden (:func:`samarkan_rw`);
- **Skor klasifikasi** (``out_klasifikasi``) and **Perubahan** (``out_perubahan``).

Numbers stay numbers (full precision, with a display format); a missing value is an empty cell
(explained on the Keterangan sheet). Safety: no cell is ever written as a formula. Text that a
spreadsheet could read as one (starting with ``=``, ``+``, ``-``, ``@``, or a tab/CR) is stored
as a plain string cell with Excel's *quote prefix* flag, the file-format equivalent of typing an
apostrophe in front: Excel and LibreOffice show the text literally and keep it text when the
cell is edited; the text itself is not altered. The file is replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import numbers
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkb_analysis import atomik
from kkb_analysis.indikator import klasifikasi as klas
from kkb_analysis.indikator.katalog import SATUAN, Katalog, katalog
from kkb_analysis.laporan import narasi
from kkb_analysis.laporan.dasar import LaporanError
from kkb_analysis.laporan.format import (
    BASIS_PERSEN_RW,
    CATATAN_PELENGKAP,
    HITUNGAN_TERSAMAR,
    PELENGKAP,
    ambang_sel_kecil,
    catatan_sel_kecil,
    pola_tersamar,
)
from kkb_analysis.laporan.label import tambah_label_semua
from kkb_analysis.nilai import kosong, mirip_rumus

logger = logging.getLogger(__name__)

__all__ = [
    "LEMBAR",
    "jenis_kolom",
    "netralkan_teks",
    "samarkan_rw",
    "tulis_xlsx",
]

#: Sheet names, in workbook order.
LEMBAR = ("Indikator KKB", "Keterangan kolom", "Per RW", "Skor klasifikasi", "Perubahan")

_TABEL = ("out_wilayah", "out_rw", "out_klasifikasi", "out_perubahan")

#: Identifier columns of out_wilayah, put first (docs/skema.md §5 "Identification").
_KOLOM_ID = (
    "tahun",
    "wilayah_id",
    "jenis_wilayah",
    "nama_wilayah",
    "kkb_id",
    "kode_kelurahan",
    "nama_kelurahan",
    "kode_kecamatan",
    "nama_kecamatan",
)
#: Added to the Indikator KKB / Per RW sheets (not in the tables): descriptions.
_KOLOM_TAMBAHAN = {
    "nama_kelurahan": "Nama kelurahan (dari baris kelurahan di out_wilayah).",
    "nama_kecamatan": "Nama kecamatan (dari baris kecamatan di out_wilayah).",
    "nama_kkb": "Nama Kampung KB (nama_wilayah baris KKB di out_wilayah).",
    "label": "Nama indikator klasifikasi.",
    "keterangan": "Penjelasan skor klasifikasi dengan angkanya (dari kolom out_wilayah KKB).",
}
#: Area types of the Indikator KKB sheet, in row order.
_JENIS_BARIS = ("kkb", "kota", "kota_luar_kkb")


_MAKS_TEKS = 32_767  # Excel's cell limit
_LEBAR_MIN, _LEBAR_MAKS = 8, 50

_FONT_KEPALA = Font(bold=True)
_ISI_KEPALA = PatternFill("solid", fgColor="EEF1F4")


# ------------------------------------------------------------------------ column descriptions
def jenis_kolom(kolom: str) -> str:
    """Kind/unit of a column from its name (docs/skema.md §2.2), in Indonesian.

    ``"krs_pct"`` → "persentase (0–100)", ``"n_krs"`` → "jumlah", ``"kkbpk_cpr_pct"`` →
    "persentase (0–100), laporan bulanan KKBPK"; "" when no rule applies.
    """
    dasar = kolom.removeprefix("kkbpk_")
    tambahan = []
    if kolom.startswith("kkbpk_"):
        tambahan.append("laporan bulanan KKBPK")
    if dasar.endswith("_portal"):
        tambahan.append("setara portal BKKBN")
        dasar = dasar.removesuffix("_portal")
    for bulan in ("februari", "agustus"):
        if f"_{bulan}" in dasar:
            tambahan.append(f"bulan timbang {bulan.capitalize()}")
    aturan = (
        (dasar.endswith("_ci_low_pct"), "batas bawah selang kepercayaan 95% (persen)"),
        (dasar.endswith("_ci_high_pct"), "batas atas selang kepercayaan 95% (persen)"),
        (dasar.endswith("_pct"), "persentase (0–100)"),
        (dasar.startswith("n_"), "jumlah"),
        (dasar.startswith("rasio_"), "rasio"),
        (dasar.startswith("indeks_"), "indeks iBangga (0–100)"),
        (dasar.startswith("index_"), "indeks klasifikasi portal (1–4)"),
        (dasar.startswith("median_") or dasar.endswith("_tahun"), "median, dalam tahun"),
        (dasar in ("tingkat", "tingkat_sebelumnya"), "tingkat klasifikasi (teks)"),
        (dasar.endswith("_kategori") or dasar.startswith("kategori_"), "kategori (teks)"),
        (dasar.startswith("status_"), "status (teks)"),
        (dasar.startswith("flag_"), "tanda mutu data (Ya/Tidak)"),
        (dasar.startswith(("is_", "ada_", "beda_")), "Ya/Tidak"),
        (dasar.endswith("_nilai"), "nilai yang diberi skor klasifikasi"),
        (dasar.endswith("_keterangan") or dasar == "keterangan", "keterangan (teks)"),
        (dasar.startswith("skor"), "skor klasifikasi"),
        (dasar.startswith("tanggal") or dasar.endswith("_tanggal_awal"), "tanggal"),
        (dasar == "tahun", "tahun data"),
        (dasar.endswith("_id") or dasar.startswith("kode_") or dasar == "rw", "kode"),
        (dasar.startswith("nama") or dasar == "label", "nama (teks)"),
    )
    utama = next((teks for cocok, teks in aturan if cocok), "")
    return ", ".join(t for t in (utama, *tambahan) if t)


# ----------------------------------------------------------------------------------- values
def netralkan_teks(teks: str) -> tuple[str, bool]:
    """Text safe for a cell: characters XML forbids removed, cut to Excel's 32,767 limit.

    Returns the text and whether it must be flagged as literal text (it starts like a formula).
    """
    bersih = ILLEGAL_CHARACTERS_RE.sub("", teks)[:_MAKS_TEKS]
    return bersih, mirip_rumus(bersih)


def _nilai_sel(nilai: Any) -> Any:
    """A pandas value as an openpyxl value: NA → None, bool → "Ya"/"Tidak", numbers native."""
    if kosong(nilai):
        return None
    if isinstance(nilai, bool | np.bool_):
        return "Ya" if nilai else "Tidak"
    if isinstance(nilai, numbers.Integral):
        return int(nilai)
    if isinstance(nilai, numbers.Real):
        nilai = float(nilai)
        if math.isnan(nilai):
            return None
        if math.isinf(nilai):
            raise ValueError("nilai tak hingga di tabel olahan; periksa perhitungan indikator")
        return nilai
    if isinstance(nilai, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(nilai)
        return None if pd.isna(ts) else ts.tz_localize(None).to_pydatetime()
    if isinstance(nilai, dt.date):
        return nilai
    return str(nilai)


def _format_angka(kolom: str) -> str | None:
    """Display format of a numeric column (the stored value keeps full precision)."""
    if kolom in ("tahun", "bulan") or kolom.endswith("_bulan") or kolom.startswith("bulan_"):
        return "0"  # a year or month, never "2,023"
    if kolom.endswith("_pct") or kolom == "persen":
        return "0.0"
    if kolom.startswith(("n_", "kkbpk_n_")) or kolom.startswith("jumlah_"):
        return "#,##0"
    if kolom.startswith(("indeks_", "index_")):
        return "0.00"
    if kolom.startswith("rasio_"):
        return "0.00" if kolom == "rasio_penduduk_per_keluarga" else "0.0"
    return None


def _tulis_lembar(ws: Worksheet, frame: pd.DataFrame, beku: str = "A2") -> None:
    """Header row + data rows; numbers numeric, formula-like text neutralised, widths set."""
    kolom = [str(k) for k in frame.columns]
    lebar = [min(max(len(k) + 2, _LEBAR_MIN), _LEBAR_MAKS) for k in kolom]
    for j, nama in enumerate(kolom, start=1):
        sel = ws.cell(row=1, column=j)
        _isi_sel(sel, nama)
        sel.font = _FONT_KEPALA
        sel.fill = _ISI_KEPALA
    format_kolom = [_format_angka(k) for k in kolom]
    for i, baris in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, nilai in enumerate(baris, start=1):
            sel = ws.cell(row=i, column=j)
            isi = _isi_sel(sel, _nilai_sel(nilai))
            if isinstance(isi, int | float) and format_kolom[j - 1]:
                sel.number_format = format_kolom[j - 1]
            elif isinstance(isi, dt.date):
                sel.number_format = "yyyy-mm-dd"
            if isi is not None:
                panjang = 12 if isinstance(isi, int | float | dt.date) else len(str(isi)) + 2
                lebar[j - 1] = min(max(lebar[j - 1], panjang), _LEBAR_MAKS)
    for j, w in enumerate(lebar, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = beku


def _isi_sel(sel: Any, nilai: Any) -> Any:
    """Put ``nilai`` in ``sel``; text is always a string cell (never a formula)."""
    if isinstance(nilai, str):
        teks, literal = netralkan_teks(nilai)
        if not teks:
            sel.value = None
            return None
        sel.value = teks
        # openpyxl turns any str starting with "=" into a formula: force the string type, and
        # set Excel's quote prefix so the text stays text when someone edits the cell.
        sel.data_type = "s"
        if literal:
            sel.quotePrefix = True
        return teks
    sel.value = nilai
    return nilai


# -------------------------------------------------------------------------------- the sheets
def _baca(folder: Path, tahun: int) -> dict[str, pd.DataFrame]:
    hilang = [t for t in _TABEL if not (folder / f"{t}.parquet").is_file()]
    if hilang:
        raise LaporanError(
            f"Tabel olahan tahun {tahun} tidak lengkap di {folder} (tidak ada: "
            f"{', '.join(hilang)}). Jalankan 'kkb bangun --tahun {tahun}' dulu."
        )
    # labels of code columns are joined here like in the report (laporan/label.py)
    tabel = tambah_label_semua({t: pd.read_parquet(folder / f"{t}.parquet") for t in _TABEL})
    tahun_data = set(pd.unique(tabel["out_wilayah"].get("tahun", pd.Series(dtype="Int64"))))
    if tahun_data and tahun_data != {tahun}:
        raise LaporanError(
            f"out_wilayah di {folder} berisi data tahun {sorted(tahun_data)}, bukan {tahun}. "
            "Periksa folder olahan yang diberikan."
        )
    return tabel


def _folder_tahun(folder_olahan: Path, tahun: int) -> Path:
    """``data/processed/<tahun>/``: accepts the processed root or the year folder itself."""
    folder_olahan = Path(folder_olahan)
    tahunan = folder_olahan / str(tahun)
    return tahunan if (tahunan / "out_wilayah.parquet").is_file() else folder_olahan


def _nama_wilayah(wilayah: pd.DataFrame, awalan: str) -> dict[str, str]:
    ids = wilayah["wilayah_id"].astype("string")
    pilih = wilayah.loc[ids.str.startswith(awalan).fillna(False)]
    return dict(
        zip(
            pilih["wilayah_id"].astype(str).str.removeprefix(awalan),
            pilih["nama_wilayah"].astype("string"),
            strict=True,
        )
    )


def lembar_indikator(wilayah: pd.DataFrame) -> pd.DataFrame:
    """Rows of the Indikator KKB sheet: active KKB, then kota, then kota luar KKB."""
    jenis = wilayah["jenis_wilayah"].astype("string")
    bagian = [wilayah.loc[(jenis == j).fillna(False)] for j in _JENIS_BARIS]
    out = pd.concat(bagian, ignore_index=True)
    if "kode_kelurahan" in out.columns:
        nama_kel = _nama_wilayah(wilayah, "kel:")
        out["nama_kelurahan"] = out["kode_kelurahan"].astype("string").map(nama_kel)
    if "kode_kecamatan" in out.columns:
        nama_kec = _nama_wilayah(wilayah, "kec:")
        out["nama_kecamatan"] = out["kode_kecamatan"].astype("string").map(nama_kec)
    depan = [k for k in _KOLOM_ID if k in out.columns]
    return out[depan + [k for k in out.columns if k not in depan]]


def samarkan_rw(rw: pd.DataFrame, ambang: int) -> pd.DataFrame:
    """Display copy of ``out_rw`` for sharing: small counts as text, dependent rates hidden.

    Every ``n_*`` count below ``ambang`` (zero included) becomes the text "< {ambang}"
    (:func:`~kkb_analysis.laporan.format.sel_kecil`); where the KKB total (sheet Indikator
    KKB) would give a small count away, more counts of that KKB become "disamarkan"
    (complementary suppression, the rule of the reports); other counts stay numbers. A
    percentage is set missing when its numerator or denominator (:data:`BASIS_PERSEN_RW`) is
    hidden; a percentage without a known basis when any count of its row is hidden. Columns are
    object dtype so numbers and text can share them.
    """
    out = rw.astype(object).copy()
    hitungan = [k for k in rw.columns if str(k).startswith("n_")]
    persen = [k for k in rw.columns if str(k).endswith("_pct")]
    for k in persen:
        if k not in BASIS_PERSEN_RW:
            logger.warning("Basis persentase %s di out_rw tidak dikenal; disamarkan per baris", k)
    kelompok = ("kkb_id",) if "kkb_id" in rw.columns else ()
    pola = pola_tersamar(rw, hitungan, ambang, persen=persen, kelompok=kelompok)
    for k in hitungan:
        out.loc[pola[k].ne("").to_numpy(bool), k] = f"< {int(ambang)}"
        out.loc[pola[k].eq(PELENGKAP).to_numpy(bool), k] = HITUNGAN_TERSAMAR
    for k in persen:
        out.loc[pola[k].ne("").to_numpy(bool), k] = None
    return out


def _sisipkan_nama(out: pd.DataFrame, wilayah: pd.DataFrame) -> pd.DataFrame:
    """Insert ``nama_kkb`` after ``kkb_id`` and ``nama_kelurahan`` after ``kode_kelurahan``."""
    out = out.copy()
    for kode, nama, awalan in (
        ("kkb_id", "nama_kkb", "kkb:"),
        ("kode_kelurahan", "nama_kelurahan", "kel:"),
    ):
        if kode in out.columns and nama not in out.columns:
            peta = _nama_wilayah(wilayah, awalan)
            nilai = out[kode].astype("string").map(peta).astype(object)
            out.insert(list(out.columns).index(kode) + 1, nama, nilai)
    return out


def lembar_klasifikasi(kl: pd.DataFrame, wilayah: pd.DataFrame) -> pd.DataFrame:
    """Rows of the Skor klasifikasi sheet: ``out_klasifikasi`` with the KKB name, the indicator
    label and the explanation of each score (made here from the KKB's ``out_wilayah`` row)."""
    out = _sisipkan_nama(kl, wilayah)
    label = {i.nama: i.label for i in klas.INDIKATOR}
    baris = {
        str(k)[len("kkb:") :]: r
        for k, r in wilayah.set_index("wilayah_id", drop=False).iterrows()
        if str(k).startswith("kkb:")
    }
    indikator = out["indikator"].astype(str)
    teks = [
        narasi.keterangan_skor(baris[str(k)], i) if str(k) in baris else None
        for k, i in zip(out["kkb_id"], indikator, strict=True)
    ]
    out.insert(list(out.columns).index("indikator") + 1, "label", indikator.map(label))
    out.insert(list(out.columns).index("nilai_mentah") + 1, "keterangan", teks)
    return out


def lembar_rw(rw: pd.DataFrame, wilayah: pd.DataFrame, ambang: int) -> pd.DataFrame:
    """Rows of the Per RW sheet: the suppressed ``out_rw`` with KKB and kelurahan names."""
    return _sisipkan_nama(samarkan_rw(rw, ambang), wilayah)


def _baris_keterangan(
    lembar: str,
    tabel: str,
    kolom: Iterable[str],
    kat: Katalog,
    pengaturan: dict[str, Any] | None = None,
) -> list[list[str]]:
    baris = []
    for k in kolom:
        jenis = jenis_kolom(k)
        arti = kat.keterangan(tabel, k, pengaturan)
        if (tabel, k) in kat.entri:
            e = kat.get(k, tabel)
            jenis = SATUAN[e.satuan] + (f", {e.sumber.nama}" if e.sumber.nama else "")
            sumber = f"katalog indikator ({e.domain})"
        elif arti is not None:
            sumber = "katalog indikator (kolom teknis)"
        elif k in _KOLOM_TAMBAHAN:
            arti, sumber = _KOLOM_TAMBAHAN[k], "ditambahkan di lembar ini"
        else:
            arti = jenis or "tidak terdokumentasi"
            sumber = "aturan nama kolom (docs/skema.md §2.2)"
            logger.warning("Kolom %s.%s tidak ada di katalog indikator", tabel, k)
        baris.append([lembar, k, jenis, arti, sumber])
    return baris


def _tulis_keterangan(ws: Worksheet, isi: list[list[str]], catatan: list[str], tahun: int) -> None:
    frame = pd.DataFrame(
        isi, columns=["Lembar", "Kolom", "Jenis nilai", "Keterangan", "Sumber keterangan"]
    )
    _tulis_lembar(ws, frame, beku="A2")
    ws.column_dimensions["D"].width = 90
    for (sel,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        sel.alignment = Alignment(wrap_text=True, vertical="top")
    baris = ws.max_row + 2
    for teks in [f"Catatan (data tahun {tahun}):", *catatan]:
        _isi_sel(ws.cell(row=baris, column=1), teks)
        baris += 1


def tulis_xlsx(path: Path, folder_olahan: Path, tahun: int, settings: dict) -> None:
    """Write the stakeholder workbook ``path`` (``indikator_kkb.xlsx``) of data year ``tahun``.

    Args:
        path: the workbook to write (replaced atomically).
        folder_olahan: ``data/processed/<tahun>/`` (the processed root ``data/processed/`` is
            accepted too).
        tahun: the data year; must match the ``tahun`` column of ``out_wilayah``.
        settings: the analysis settings (``laporan.sel_kecil``, default 5).

    Raises:
        LaporanError: a table is missing or belongs to another year (Indonesian message).
    """
    path = Path(path)
    tahun = int(tahun)
    folder = _folder_tahun(folder_olahan, tahun)
    tabel = _baca(folder, tahun)
    ambang = ambang_sel_kecil(settings)
    wilayah = tabel["out_wilayah"]

    lembar = {
        "Indikator KKB": ("out_wilayah", lembar_indikator(wilayah)),
        "Per RW": ("out_rw", lembar_rw(tabel["out_rw"], wilayah, ambang)),
        "Skor klasifikasi": (
            "out_klasifikasi",
            lembar_klasifikasi(tabel["out_klasifikasi"], wilayah),
        ),
        "Perubahan": ("out_perubahan", tabel["out_perubahan"]),
    }
    kat = katalog()
    keterangan: list[list[str]] = []
    for nama, (sumber, frame) in lembar.items():
        keterangan += _baris_keterangan(
            nama, sumber, [str(k) for k in frame.columns], kat, settings or None
        )
    catatan = [
        "Sel kosong berarti data tidak cukup, atau indikator tidak dihitung untuk jenis "
        "wilayah tersebut (mis. klasifikasi hanya untuk Kampung KB).",
        f"Lembar Per RW: {catatan_sel_kecil(ambang)} {CATATAN_PELENGKAP} Persentase "
        "dikosongkan bila pembilang atau penyebutnya disamarkan.",
        "Persentase ditulis pada skala 0–100 dengan presisi penuh; tampilan dibulatkan "
        "satu desimal.",
        "Ya/Tidak menggantikan nilai benar/salah.",
        "Lembar Perubahan: nilai tahun lalu dibandingkan pada batas wilayah tahun ini; kolom "
        "asal_sebelumnya menyebut asalnya (rekonstruksi = dihitung ulang pada batas wilayah "
        "tahun ini dari data tahun lalu, mis. untuk KKB baru). Tingkat tahun lalu belum_kkb = "
        "belum menjadi KKB.",
    ]

    wb = Workbook()
    wb.remove(wb.active)
    for nama in LEMBAR:
        ws = wb.create_sheet(nama)
        if nama == "Keterangan kolom":
            _tulis_keterangan(ws, keterangan, catatan, tahun)
        else:
            frame = lembar[nama][1]
            beku = "A2"
            if nama == "Indikator KKB" and "nama_wilayah" in frame.columns:
                # keep the area name in view while scrolling through ~500 indicator columns
                beku = f"{get_column_letter(list(frame.columns).index('nama_wilayah') + 2)}2"
            _tulis_lembar(ws, frame, beku=beku)
    with atomik.berkas_sementara(path) as tmp:  # temporary file + os.replace
        wb.save(tmp)
    logger.info("Lembar indikator tahun %d ditulis: %s", tahun, path)
