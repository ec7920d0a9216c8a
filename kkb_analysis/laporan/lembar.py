"""The stakeholder workbook ``indikator_kkb.xlsx``: the year's indicators for readers first.

:func:`tulis_xlsx` reads ``out_wilayah``, ``out_rw``, ``out_klasifikasi``, ``out_perubahan`` and
``out_target`` of ``data/processed/<tahun>/`` and writes, in this order (:data:`LEMBAR`):

- **Indikator utama** (for readers): one row per active KKB by NAME in the city summary's league
  order (rank, tier), × the catalogue's headline indicators (list ``utama``); headers are the
  catalogue's Indonesian labels with their units, cells are numbers with the catalogue's
  decimals as number format; below the table the comparators (city outside every KKB, city)
  and a legend (direction of each indicator, sources, what an empty cell means);
- **Perubahan** (for readers): ``out_perubahan`` of the KKB for the catalogue's change list, on
  this year's boundaries: last year, this year, change, its raw direction (naik/turun/tetap,
  from the sign) and ONE judgement vocabulary (membaik/setara/memburuk from the comparison
  rule, ``kata_banding``; neutral indicators are not judged), with how last year's value was
  obtained in words; a label two indicators share is followed by its source ("MKJP (PK)",
  "MKJP (KKBPK)");
- **Target**: ``out_target`` of the KKB: value, target, year and level of the target and the
  status in words (``kata_status_target``);
- **Per RW** (``out_rw`` for readers: Indonesian headers from the catalogue, KKB and
  kelurahan by name, the codes in technical columns at the end; small-cell suppression: a
  count below ``laporan.sel_kecil`` (default 5) and the counts hidden so that it cannot be
  worked out are EMPTY cells with a note "Disamarkan: …", like the percentages whose numerator
  or denominator is hidden; never a "< 5" text in a numeric column);
- the full technical sheets, unchanged in content: **Indikator KKB** (every column of
  ``out_wilayah`` for the KKB, the city and the city outside KKB), **Skor klasifikasi** and
  **Perubahan (teknis)**;
- **Keterangan**: what each column of every sheet means, in Indonesian, from the indicator
  catalogue (``indikator/katalog/``), then the notes. Formulas in column names appear only on
  the rows of the technical sheets.

Every sheet has a bold, frozen header row, an autofilter over its table and column widths that
fit the content. Numbers stay numbers (full precision, with a display format); a missing value
is an empty cell (explained on the legend and the Keterangan sheet). Safety: no cell is ever
written as a formula. Text that a spreadsheet could read as one (starting with ``=``, ``+``,
``-``, ``@``, or a tab/CR) is stored as a plain string cell with Excel's *quote prefix* flag,
the file-format equivalent of typing an apostrophe in front: Excel and LibreOffice show the
text literally and keep it text when the cell is edited; the text itself is not altered. The
file is replaced atomically.
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
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkb_analysis import atomik
from kkb_analysis.indikator import klasifikasi as klas
from kkb_analysis.indikator.banding import Kode, Konteks
from kkb_analysis.indikator.katalog import ARAH, SATUAN, Entri, Katalog, katalog
from kkb_analysis.laporan import narasi
from kkb_analysis.laporan.dasar import LaporanError
from kkb_analysis.laporan.format import (
    ASAL_TEKS,
    BASIS_PERSEN_RW,
    PELENGKAP,
    ambang_sel_kecil,
    pola_tersamar,
)
from kkb_analysis.laporan.kata_banding import kata_banding, kata_status_target
from kkb_analysis.laporan.keluaran import LABEL_REKAP
from kkb_analysis.laporan.label import tambah_label_semua
from kkb_analysis.nilai import kosong, mirip_rumus

logger = logging.getLogger(__name__)

__all__ = [
    "LEMBAR",
    "Samar",
    "jenis_kolom",
    "judul_kolom",
    "lembar_perubahan",
    "lembar_rw_pembaca",
    "lembar_target",
    "lembar_utama",
    "netralkan_teks",
    "samarkan_rw",
    "tulis_xlsx",
]

#: Sheet names, in workbook order: the readers' sheets, the technical ones, the descriptions.
LEMBAR = (
    "Indikator utama",
    "Perubahan",
    "Target",
    "Indikator KKB",
    "Per RW",
    "Skor klasifikasi",
    "Perubahan (teknis)",
    "Keterangan",
)
#: Sheets written for readers (labels as headers) and their source table.
_LEMBAR_PEMBACA = {"Indikator utama": "out_wilayah", "Perubahan": "out_perubahan",
                   "Target": "out_target"}  # fmt: skip

_TABEL = ("out_wilayah", "out_rw", "out_klasifikasi", "out_perubahan", "out_target")

#: The note of a suppressed cell ({ambang}: the small-cell threshold).
CATATAN_SAMAR = {
    "kecil": "Disamarkan: kurang dari {ambang} (termasuk nol), untuk melindungi kerahasiaan.",
    "pelengkap": "Disamarkan: agar angka kurang dari {ambang} di baris lain KKB ini tidak dapat "
    "dihitung dari jumlah totalnya.",
    "persen": "Disamarkan: pembilang atau penyebut persentase ini kurang dari {ambang} atau "
    "disamarkan.",
}

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
class Samar:
    """A suppressed cell: written as an EMPTY cell with the note ``catatan`` (never as text in a
    numeric column)."""

    __slots__ = ("alasan", "catatan")

    def __init__(self, alasan: str, ambang: int) -> None:
        self.alasan = alasan  # "kecil" | "pelengkap" | "persen"
        self.catatan = CATATAN_SAMAR[alasan].format(ambang=int(ambang))

    def __eq__(self, lain: object) -> bool:
        return isinstance(lain, Samar) and (lain.alasan, lain.catatan) == (
            self.alasan,
            self.catatan,
        )

    def __hash__(self) -> int:
        return hash((self.alasan, self.catatan))

    def __repr__(self) -> str:
        return f"Samar({self.alasan!r})"


def netralkan_teks(teks: str) -> tuple[str, bool]:
    """Text safe for a cell: characters XML forbids removed, cut to Excel's 32,767 limit.

    Returns the text and whether it must be flagged as literal text (it starts like a formula).
    """
    bersih = ILLEGAL_CHARACTERS_RE.sub("", teks)[:_MAKS_TEKS]
    return bersih, mirip_rumus(bersih)


def _nilai_sel(nilai: Any) -> Any:
    """A pandas value as an openpyxl value: NA → None, bool → "Ya"/"Tidak", numbers native."""
    if isinstance(nilai, Samar):
        return nilai
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


def _tulis_lembar(
    ws: Worksheet,
    frame: pd.DataFrame,
    beku: str = "A2",
    format_kolom: list[Any] | None = None,
) -> None:
    """Header row + data rows; numbers numeric, formula-like text neutralised, a suppressed
    cell (:class:`Samar`) empty with its note; frozen header, autofilter, widths set.

    ``format_kolom``: the number format of each column (default: from the column names); an
    entry may be a list, one format per data row (a long table mixing units).
    """
    kolom = [str(k) for k in frame.columns]
    lebar = [min(max(_panjang_kepala(k) + 2, _LEBAR_MIN), _LEBAR_MAKS) for k in kolom]
    for j, nama in enumerate(kolom, start=1):
        sel = ws.cell(row=1, column=j)
        _isi_sel(sel, nama)
        sel.font = _FONT_KEPALA
        sel.fill = _ISI_KEPALA
        sel.alignment = Alignment(wrap_text=True, vertical="top")
    if format_kolom is None:
        format_kolom = [_format_angka(k) for k in kolom]
    for i, baris in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, nilai in enumerate(baris, start=1):
            sel = ws.cell(row=i, column=j)
            isi = _nilai_sel(nilai)
            if isinstance(isi, Samar):
                sel.value = None
                sel.comment = Comment(isi.catatan, "kkb-analysis", width=260, height=90)
                continue
            isi = _isi_sel(sel, isi)
            fmt = format_kolom[j - 1]
            fmt = fmt[i - 2] if isinstance(fmt, list) else fmt
            if isinstance(isi, int | float) and fmt:
                sel.number_format = fmt
            elif isinstance(isi, dt.date):
                sel.number_format = "yyyy-mm-dd"
            if isi is not None:
                panjang = 12 if isinstance(isi, int | float | dt.date) else len(str(isi)) + 2
                lebar[j - 1] = min(max(lebar[j - 1], panjang), _LEBAR_MAKS)
    for j, w in enumerate(lebar, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = beku
    if kolom:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(kolom))}{max(len(frame) + 1, 2)}"


def _panjang_kepala(kepala: str) -> int:
    """Width a header needs: its longest word-wrapped line (headers wrap at ~24 characters)."""
    return min(len(kepala), max(24, max((len(w) for w in kepala.split()), default=0)))


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
    """Display copy of ``out_rw`` for sharing: suppressed cells as :class:`Samar` markers.

    Every ``n_*`` count below ``ambang`` (zero included) is hidden (reason ``kecil``, the rule
    of the reports: :func:`~kkb_analysis.laporan.format.sel_kecil`); where the KKB total (sheet
    Indikator KKB) would give a small count away, more counts of that KKB are hidden (reason
    ``pelengkap``, complementary suppression); other counts stay numbers. A percentage is
    hidden (reason ``persen``) when its numerator or denominator (:data:`BASIS_PERSEN_RW`) is;
    a percentage without a known basis when any count of its row is. The sheet writes a marker
    as an empty cell with its note. Columns are object dtype so numbers and markers can share
    them.
    """
    out = rw.astype(object).copy()
    hitungan = [k for k in rw.columns if str(k).startswith("n_")]
    persen = [k for k in rw.columns if str(k).endswith("_pct")]
    for k in persen:
        if k not in BASIS_PERSEN_RW:
            logger.warning("Basis persentase %s di out_rw tidak dikenal; disamarkan per baris", k)
    kelompok = ("kkb_id",) if "kkb_id" in rw.columns else ()
    pola = pola_tersamar(rw, hitungan, ambang, persen=persen, kelompok=kelompok)
    kecil, pelengkap, samar_persen = (
        Samar("kecil", ambang),
        Samar("pelengkap", ambang),
        Samar("persen", ambang),
    )
    for k in hitungan:
        out.loc[pola[k].ne("").to_numpy(bool), k] = kecil
        out.loc[pola[k].eq(PELENGKAP).to_numpy(bool), k] = pelengkap
    for k in persen:
        out.loc[pola[k].ne("").to_numpy(bool), k] = samar_persen
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


#: Per RW headers of columns the catalogue has no label for (others: the catalogue's label of
#: the ``out_rw`` column, else of the ``out_wilayah`` column of the same name); the codes last.
_KEPALA_RW = {
    "nama_kkb": "Kampung KB",
    "nama_kelurahan": "Kelurahan",
    "rw": "RW",
    "tahun": "Tahun data",
    "n_stunting": "Balita stunting (orang)",
    "kkb_id": "Kode Kampung KB (teknis)",
    "kode_kelurahan": "Kode kelurahan (teknis)",
}
_DEPAN_RW = ("nama_kkb", "nama_kelurahan", "rw")
_BELAKANG_RW = ("tahun", "kkb_id", "kode_kelurahan")


def lembar_rw_pembaca(
    rw: pd.DataFrame,
    wilayah: pd.DataFrame,
    ambang: int,
    kat: Katalog,
    pengaturan: dict[str, Any] | None = None,
) -> tuple[pd.DataFrame, list[str | None], dict[str, tuple[str, str]]]:
    """The Per RW sheet for readers: :func:`lembar_rw` with names first, Indonesian headers
    (catalogue label and unit), the codes and year in technical columns at the end;
    (frame, number formats, header → (table, column) it shows)."""
    out = lembar_rw(rw, wilayah, ambang)
    depan = [k for k in _DEPAN_RW if k in out.columns]
    belakang = [k for k in _BELAKANG_RW if k in out.columns]
    tengah = [k for k in out.columns if k not in depan and k not in belakang]
    urut = depan + tengah + belakang
    asal: dict[str, tuple[str, str]] = {}
    for k in urut:
        tabel = next((t for t in ("out_rw", "out_wilayah") if (t, k) in kat.entri), None)
        if tabel is not None:
            kepala = judul_kolom(kat.get(k, tabel), pengaturan)
        else:
            kepala = _KEPALA_RW.get(k, k)
            if kepala == k:
                logger.warning("Kolom out_rw.%s tanpa label katalog", k)
        while kepala in asal:  # two columns with one label: keep both, distinguishable
            kepala += " "
        asal[kepala] = ("out_rw" if tabel is None else tabel, k)
    frame = out[urut].set_axis(list(asal), axis=1)
    return frame, [_format_angka(k) for k in urut], asal


# --------------------------------------------------------------------------- readers' sheets
#: Short unit written in a header after the label (others: the catalogue's SATUAN words).
_SATUAN_KEPALA = {"persen": "%", "skor": "skor 1–4"}
#: Level of a target (``out_target.tingkat_target``) in words.
_TINGKAT_TARGET = {"kota": "Kota", "provinsi": "Provinsi", "nasional": "Nasional"}
#: Fixed columns of the readers' sheets → their Indonesian description (Keterangan sheet).
_KOLOM_PEMBACA = {
    "Peringkat": "Urutan Kampung KB tahun ini: tingkat klasifikasi dahulu, lalu skor peringkat "
    f"(sama dengan tabel peringkat {LABEL_REKAP}).",
    "Kampung KB": "Nama Kampung KB.",
    "Kelurahan": "Kelurahan tempat Kampung KB berada.",
    "Kecamatan": "Kecamatan tempat Kampung KB berada.",
    "Tingkat": "Tingkat klasifikasi Kampung KB tahun ini (Dasar, Berkembang, Mandiri, "
    "Berkelanjutan).",
    "Indikator": "Nama indikator menurut katalog indikator.",
    "Satuan": "Satuan nilai indikator.",
    "Perubahan": "Nilai tahun ini dikurangi nilai tahun lalu, pada batas wilayah tahun ini.",
    "Arah perubahan": "Arah angka saja: naik, turun atau tetap (tanpa menilai baik-buruknya).",
    "Penilaian": "Arti perubahan menurut aturan perbandingan dan arah indikator: membaik, "
    "setara (bedanya lebih kecil dari beda bermakna) atau memburuk; indikator netral tidak "
    "dinilai.",
    "Asal nilai tahun lalu": "Bagaimana nilai tahun lalu diperoleh bila bukan dari batas "
    "wilayah yang sama.",
    "Nilai": "Nilai indikator tahun ini.",
    "Target": "Nilai target indikator.",
    "Tahun target": "Tahun berlakunya target.",
    "Tingkat target": "Pemerintah yang menetapkan target (kota, provinsi atau nasional).",
    "Status": "Capaian terhadap target: tercapai, belum tercapai, tidak sebanding (cakupan data "
    "berbeda dari sumber target) atau data tidak cukup.",
}


def judul_kolom(e: Entri, pengaturan: dict[str, Any] | None = None) -> str:
    """The header of an indicator on a readers' sheet: the catalogue label and its unit,
    "CPR (%)", "Indeks iBangga" (no unit repeated when the label already says it)."""
    label = e.judul(pengaturan)
    satuan = _SATUAN_KEPALA.get(e.satuan, SATUAN.get(e.satuan, ""))
    if not satuan or satuan.split()[0].lower() in label.lower().split():
        return label
    return f"{label} ({satuan})"


def _format_desimal(e: Entri) -> str:
    """Number format of an indicator: the catalogue's decimals ("0.0" for 1)."""
    return "#,##0" + ("." + "0" * int(e.desimal) if int(e.desimal) > 0 else "")


def _satuan_teks(e: Entri) -> str:
    return SATUAN.get(e.satuan, e.satuan)


def _urutan_kkb(wilayah: pd.DataFrame, pengaturan: dict[str, Any] | None) -> pd.DataFrame:
    """The KKB rows of ``out_wilayah`` in league order with ``peringkat`` (the city summary's
    rule, :func:`kkb_analysis.laporan.rekap.urutan_liga`)."""
    from kkb_analysis.laporan.rekap import urutan_liga

    jenis = wilayah["jenis_wilayah"].astype("string")
    kkb = wilayah.loc[(jenis == "kkb").fillna(False)].reset_index(drop=True)
    return urutan_liga(kkb, pengaturan or None)


def _teks_atau_kosong(v: Any) -> str | None:
    return None if kosong(v) else str(v)


def lembar_utama(
    wilayah: pd.DataFrame, kat: Katalog, pengaturan: dict[str, Any] | None = None
) -> tuple[pd.DataFrame, list[str | None], pd.DataFrame]:
    """The "Indikator utama" sheet: (KKB rows in rank order, number formats, comparator rows).

    Columns: Peringkat, Kampung KB, Kelurahan, Kecamatan, Tingkat, then one per headline
    indicator of the catalogue (list ``utama``) headed by :func:`judul_kolom`. The comparators
    are the city outside every KKB and the city (same indicator columns).
    """
    entri = kat.daftar("utama")
    liga = _urutan_kkb(wilayah, pengaturan)
    nama_kel, nama_kec = _nama_wilayah(wilayah, "kel:"), _nama_wilayah(wilayah, "kec:")

    def _baris(r: pd.Series, peringkat: Any) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Peringkat": peringkat,
            "Kampung KB": _teks_atau_kosong(r.get("nama_wilayah")),
            "Kelurahan": nama_kel.get(str(r.get("kode_kelurahan"))),
            "Kecamatan": nama_kec.get(str(r.get("kode_kecamatan"))),
            "Tingkat": _teks_atau_kosong(r.get("tingkat")),
        }
        for e in entri:
            out[judul_kolom(e, pengaturan)] = r.get(e.kolom)
        return out

    kolom = ["Peringkat", "Kampung KB", "Kelurahan", "Kecamatan", "Tingkat"]
    kolom += [judul_kolom(e, pengaturan) for e in entri]
    frame = pd.DataFrame(
        [_baris(r, int(r["peringkat"])) for _, r in liga.iterrows()], columns=kolom
    )
    jenis = wilayah["jenis_wilayah"].astype("string")
    pembanding = pd.DataFrame(
        [
            _baris(r, None)
            for j in ("kota_luar_kkb", "kota")
            for _, r in wilayah.loc[(jenis == j).fillna(False)].iterrows()
        ],
        columns=kolom,
    )
    pembanding[["Kelurahan", "Kecamatan", "Tingkat"]] = None
    format_kolom: list[str | None] = ["0", None, None, None, None]
    format_kolom += [_format_desimal(e) for e in entri]
    return frame, format_kolom, pembanding


def _urutan_nama(wilayah: pd.DataFrame, pengaturan: dict[str, Any] | None) -> dict[str, int]:
    """``wilayah_id`` of each KKB → its position in league order."""
    liga = _urutan_kkb(wilayah, pengaturan)
    return {str(w): i for i, w in enumerate(liga["wilayah_id"].astype(str))}


def lembar_perubahan(
    perubahan: pd.DataFrame,
    wilayah: pd.DataFrame,
    tahun: int,
    kat: Katalog,
    pengaturan: dict[str, Any] | None = None,
) -> tuple[pd.DataFrame, list[Any]]:
    """The readers' "Perubahan" sheet: per KKB (rank order) and indicator (catalogue order of
    the change list) last year, this year, the change and its word, on this year's
    boundaries; (frame, number formats — per row for the value columns)."""
    urut = _urutan_nama(wilayah, pengaturan)
    jenis = perubahan["jenis_wilayah"].astype("string")
    kkb = perubahan.loc[(jenis == "kkb").fillna(False)]
    posisi = {k: i for i, k in enumerate(kat.kolom_daftar("perubahan"))}
    label = _label_bersumber(kat.daftar("perubahan"), pengaturan)
    baris, fmt = [], []
    lalu, ini = f"Tahun {tahun - 1}", f"Tahun {tahun}"
    for _, r in kkb.iterrows():
        ind = str(r["indikator"])
        if ("out_wilayah", ind) not in kat.entri:
            logger.warning("Indikator %s di out_perubahan tidak ada di katalog", ind)
            continue
        e = kat.get(ind)
        asal = _teks_atau_kosong(r.get("asal_sebelumnya"))
        kode = _teks_atau_kosong(r.get("kode_banding"))
        baris.append(
            (
                urut.get(str(r["wilayah_id"]), len(urut)),
                posisi.get(ind, len(posisi)),
                {
                    "Kampung KB": _teks_atau_kosong(r.get("nama_wilayah")),
                    "Indikator": label.get(ind, e.judul(pengaturan)),
                    "Satuan": _satuan_teks(e),
                    lalu: r.get("nilai_sebelumnya"),
                    ini: r.get("nilai"),
                    "Perubahan": r.get("perubahan"),
                    "Arah perubahan": _arah_angka(r.get("perubahan")),
                    "Penilaian": _penilaian(kode),
                    "Asal nilai tahun lalu": (
                        ASAL_TEKS[asal].format(tahun=tahun - 1) if asal in ASAL_TEKS else None
                    ),
                },
                _format_desimal(e),
            )
        )
    baris.sort(key=lambda b: (b[0], b[1]))
    kolom = ["Kampung KB", "Indikator", "Satuan", lalu, ini, "Perubahan", "Arah perubahan",
             "Penilaian", "Asal nilai tahun lalu"]  # fmt: skip
    frame = pd.DataFrame([b[2] for b in baris], columns=kolom)
    per_baris = [b[3] for b in baris]
    fmt = [None, None, None, per_baris, per_baris, per_baris, None, None, None]
    return frame, fmt


#: Judgement of a change (``out_perubahan.kode_banding``) for a neutral indicator.
TIDAK_DINILAI = "tidak dinilai (indikator netral)"


def _penilaian(kode: str | None) -> str | None:
    """ONE vocabulary for the judgement of a change: membaik / setara / memburuk (or data
    tidak cukup) from the comparison rule; a neutral indicator's naik/turun/tetap is not a
    judgement (:data:`TIDAK_DINILAI`; its direction is in "Arah perubahan")."""
    if not kode:
        return None
    if Kode(kode) in (Kode.NAIK, Kode.TURUN, Kode.TETAP):
        return TIDAK_DINILAI
    return kata_banding(kode, Konteks.WAKTU)


def _arah_angka(perubahan: Any) -> str | None:
    """The raw direction of a change from its sign (the words of kata_banding)."""
    if kosong(perubahan):
        return None
    v = float(perubahan)
    kode = Kode.NAIK if v > 0 else Kode.TURUN if v < 0 else Kode.TETAP
    return kata_banding(kode, Konteks.WAKTU)


def _label_bersumber(entri: Iterable[Entri], pengaturan: dict[str, Any] | None) -> dict[str, str]:
    """Column → printed label; a label that several entries share is followed by the source
    ("MKJP (PK)", "MKJP (KKBPK)") so no two rows of a KKB read alike."""
    entri = list(entri)
    hitung: dict[str, int] = {}
    for e in entri:
        hitung[e.judul(pengaturan)] = hitung.get(e.judul(pengaturan), 0) + 1
    return {
        e.kolom: (
            f"{e.judul(pengaturan)} ({e.sumber.label or e.sumber.nama})"
            if hitung[e.judul(pengaturan)] > 1
            else e.judul(pengaturan)
        )
        for e in entri
    }


def lembar_target(
    target: pd.DataFrame,
    wilayah: pd.DataFrame,
    kat: Katalog,
    pengaturan: dict[str, Any] | None = None,
) -> tuple[pd.DataFrame, list[Any]]:
    """The "Target" sheet: per KKB (rank order) and target, the value, the target, its year
    and level, and the status in words; (frame, number formats — per row for the values)."""
    urut = _urutan_nama(wilayah, pengaturan)
    jenis = target["jenis_wilayah"].astype("string")
    kkb = target.loc[(jenis == "kkb").fillna(False)]
    baris = []
    for _, r in kkb.iterrows():
        ind = str(r["indikator"])
        if ("out_wilayah", ind) not in kat.entri:
            logger.warning("Indikator %s di out_target tidak ada di katalog", ind)
            continue
        e = kat.get(ind)
        status = _teks_atau_kosong(r.get("status_target"))
        tingkat = _teks_atau_kosong(r.get("tingkat_target"))
        baris.append(
            (
                urut.get(str(r["wilayah_id"]), len(urut)),
                {
                    "Kampung KB": _teks_atau_kosong(r.get("nama_wilayah")),
                    "Indikator": e.judul(pengaturan),
                    "Satuan": _satuan_teks(e),
                    "Nilai": r.get("nilai"),
                    "Target": r.get("nilai_target"),
                    "Tahun target": r.get("tahun_target"),
                    "Tingkat target": _TINGKAT_TARGET.get(tingkat or "", tingkat),
                    "Status": kata_status_target(status) if status else None,
                },
                _format_desimal(e),
            )
        )
    baris.sort(key=lambda b: b[0])  # stable: the table's own order within a KKB
    kolom = ["Kampung KB", "Indikator", "Satuan", "Nilai", "Target", "Tahun target",
             "Tingkat target", "Status"]  # fmt: skip
    frame = pd.DataFrame([b[1] for b in baris], columns=kolom)
    per_baris = [b[2] for b in baris]
    return frame, [None, None, None, per_baris, per_baris, "0", None, None]


def _tulis_bawah(ws: Worksheet, baris_awal: int, frame: pd.DataFrame, fmt: list[Any]) -> int:
    """Write ``frame`` (no header) from row ``baris_awal``; returns the next free row."""
    for i, r in enumerate(frame.itertuples(index=False, name=None), start=baris_awal):
        for j, nilai in enumerate(r, start=1):
            isi = _isi_sel(ws.cell(row=i, column=j), _nilai_sel(nilai))
            if isinstance(isi, int | float) and fmt[j - 1]:
                ws.cell(row=i, column=j).number_format = fmt[j - 1]
    return baris_awal + len(frame)


def _tulis_catatan(ws: Worksheet, baris: int, catatan: Iterable[str]) -> None:
    for teks in catatan:
        _isi_sel(ws.cell(row=baris, column=1), teks)
        baris += 1


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
            sumber = "katalog indikator"
        elif arti is not None:
            sumber = "katalog indikator (kolom teknis)"
        elif k in _KOLOM_TAMBAHAN:
            arti, sumber = _KOLOM_TAMBAHAN[k], "ditambahkan di lembar ini"
        else:
            arti = jenis or "tidak terdokumentasi"
            sumber = "aturan nama kolom"
            logger.warning("Kolom %s.%s tidak ada di katalog indikator", tabel, k)
        baris.append([lembar, k, jenis, arti, sumber])
    return baris


def _keterangan_pembaca(
    lembar: str,
    kolom: Iterable[str],
    indikator: dict[str, Entri],
    kat: Katalog,
    pengaturan: dict[str, Any] | None,
) -> list[list[str]]:
    """Description rows of a readers' sheet: an indicator header from the catalogue, a fixed
    column from :data:`_KOLOM_PEMBACA`, a year column ("Tahun 2022") in words."""
    baris = []
    for k in kolom:
        e = indikator.get(k)
        if e is not None:
            arti = kat.keterangan("out_wilayah", e.kolom, pengaturan, rumus=False) or ""
            jenis = SATUAN[e.satuan] + (f", {e.sumber.nama}" if e.sumber.nama else "")
            baris.append([lembar, k, jenis, arti, "katalog indikator"])
        elif k.startswith("Tahun ") and k[6:].isdigit():
            baris.append([lembar, k, "angka", f"Nilai indikator tahun {k[6:]}.", "lembar ini"])
        else:
            baris.append([lembar, k, "", _KOLOM_PEMBACA.get(k, ""), "lembar ini"])
    return baris


def _keterangan_rw(
    asal: dict[str, tuple[str, str]], kat: Katalog, pengaturan: dict[str, Any] | None
) -> list[list[str]]:
    """Description rows of the Per RW sheet: per header, the catalogue's words for the column it
    shows (label and description, no formula in column names), else its technical line."""
    baris = []
    for kepala, (tabel, k) in asal.items():
        if (tabel, k) in kat.entri:
            e = kat.get(k, tabel)
            arti = kat.keterangan(tabel, k, pengaturan, rumus=False) or ""
            if tabel != "out_rw":
                arti += " Dihitung untuk setiap RW."
            jenis = SATUAN[e.satuan] + (f", {e.sumber.nama}" if e.sumber.nama else "")
            sumber = "katalog indikator"
        elif k in _DEPAN_RW[:2]:
            arti = _KOLOM_PEMBACA[_KEPALA_RW[k]]
            jenis, sumber = "nama (teks)", "lembar ini"
        else:
            arti = kat.keterangan("out_rw", k, pengaturan, rumus=False) or jenis_kolom(k)
            jenis, sumber = jenis_kolom(k), "katalog indikator (kolom teknis)"
        baris.append(["Per RW", kepala, jenis, arti, sumber])
    return baris


def _tulis_keterangan(ws: Worksheet, isi: list[list[str]], catatan: list[str], tahun: int) -> None:
    frame = pd.DataFrame(
        isi, columns=["Lembar", "Kolom", "Jenis nilai", "Keterangan", "Sumber keterangan"]
    )
    _tulis_lembar(ws, frame, beku="C2")
    ws.column_dimensions["D"].width = 90
    for (sel,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        sel.alignment = Alignment(wrap_text=True, vertical="top")
    _tulis_catatan(ws, ws.max_row + 2, [f"Catatan (data tahun {tahun}):", *catatan])


def _legenda_utama(
    kat: Katalog, pengaturan: dict[str, Any] | None, ambang: int, tahun: int
) -> list[str]:
    """The legend printed under the "Indikator utama" table."""
    baris = [
        "Keterangan:",
        f"Data tahun {tahun}. Kampung KB diurutkan menurut tingkat klasifikasi, lalu skor "
        f"peringkat (sama dengan {LABEL_REKAP}).",
    ]
    for e in kat.daftar("utama"):
        sumber = f"; sumber: {e.sumber.nama}" if e.sumber.nama else ""
        baris.append(f"{judul_kolom(e, pengaturan)}: {ARAH[e.arah]}{sumber}.")
    baris += [
        "Sel kosong: data tidak cukup untuk menghitung indikator.",
        f"Sel kosong bercatatan: angka disamarkan karena kurang dari {ambang} (kerahasiaan); "
        "arahkan kursor ke sel untuk membaca catatannya.",
        "Penjelasan setiap kolom ada di lembar Keterangan.",
    ]
    return baris


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
    pengaturan = settings or None
    wilayah = tabel["out_wilayah"]
    kat = katalog()

    utama, fmt_utama, pembanding = lembar_utama(wilayah, kat, pengaturan)
    perubahan, fmt_perubahan = lembar_perubahan(
        tabel["out_perubahan"], wilayah, tahun, kat, pengaturan
    )
    target, fmt_target = lembar_target(tabel["out_target"], wilayah, kat, pengaturan)
    indikator = {judul_kolom(e, pengaturan): e for e in kat.daftar("utama")}
    per_rw, fmt_rw, asal_rw = lembar_rw_pembaca(tabel["out_rw"], wilayah, ambang, kat, pengaturan)
    teknis = {
        "Indikator KKB": ("out_wilayah", lembar_indikator(wilayah)),
        "Skor klasifikasi": (
            "out_klasifikasi",
            lembar_klasifikasi(tabel["out_klasifikasi"], wilayah),
        ),
        "Perubahan (teknis)": ("out_perubahan", tabel["out_perubahan"]),
    }
    keterangan: list[list[str]] = []
    for nama, frame in (("Indikator utama", utama), ("Perubahan", perubahan),
                        ("Target", target)):  # fmt: skip
        keterangan += _keterangan_pembaca(nama, frame.columns, indikator, kat, pengaturan)
    keterangan += _keterangan_rw(asal_rw, kat, pengaturan)
    for nama, (sumber, frame) in teknis.items():
        keterangan += _baris_keterangan(
            nama, sumber, [str(k) for k in frame.columns], kat, pengaturan
        )
    catatan = [
        "Sel kosong berarti data tidak cukup, atau indikator tidak dihitung untuk jenis "
        "wilayah tersebut (mis. klasifikasi hanya untuk Kampung KB).",
        "Lembar Per RW: kode Kampung KB dan kode kelurahan ada di kolom teknis paling kanan. "
        f"Jumlah kurang dari {ambang} (termasuk nol) ditulis sebagai sel kosong "
        'dengan catatan "Disamarkan", untuk melindungi kerahasiaan; jumlah lain KKB yang sama '
        "ikut disamarkan bila angka kecil itu dapat dihitung dari jumlah totalnya; persentase "
        "disamarkan bila pembilang atau penyebutnya disamarkan.",
        "Persentase ditulis pada skala 0–100 dengan presisi penuh; tampilan dibulatkan "
        "satu desimal, indeks dua desimal.",
        "Ya/Tidak menggantikan nilai benar/salah.",
        "Lembar Perubahan: nilai tahun lalu dibandingkan pada batas wilayah tahun ini; bila "
        "tidak dari batas yang sama, kolom terakhir menyebut asal nilainya. Tingkat tahun lalu "
        "belum_kkb (lembar teknis) = belum menjadi KKB.",
    ]

    wb = Workbook()
    wb.remove(wb.active)
    for nama in LEMBAR:
        ws = wb.create_sheet(nama)
        if nama == "Keterangan":
            _tulis_keterangan(ws, keterangan, catatan, tahun)
        elif nama == "Indikator utama":
            _tulis_lembar(ws, utama, beku="C2", format_kolom=fmt_utama)
            ws.row_dimensions[1].height = 45
            baris = ws.max_row + 2
            if not pembanding.empty:
                _isi_sel(ws.cell(row=baris, column=2), "Pembanding")
                ws.cell(row=baris, column=2).font = _FONT_KEPALA
                baris = _tulis_bawah(ws, baris + 1, pembanding, fmt_utama) + 1
            _tulis_catatan(ws, baris, _legenda_utama(kat, pengaturan, ambang, tahun))
        elif nama == "Perubahan":
            _tulis_lembar(ws, perubahan, beku="C2", format_kolom=fmt_perubahan)
        elif nama == "Target":
            _tulis_lembar(ws, target, beku="C2", format_kolom=fmt_target)
        elif nama == "Per RW":
            _tulis_lembar(ws, per_rw, beku="D2", format_kolom=fmt_rw)
            ws.row_dimensions[1].height = 45
        else:
            frame = teknis[nama][1]
            beku = "A2"
            if nama == "Indikator KKB" and "nama_wilayah" in frame.columns:
                # keep the area name in view while scrolling through ~500 indicator columns
                beku = f"{get_column_letter(list(frame.columns).index('nama_wilayah') + 2)}2"
            _tulis_lembar(ws, frame, beku=beku)
    with atomik.berkas_sementara(path) as tmp:  # temporary file + os.replace
        wb.save(tmp)
    logger.info("Lembar indikator tahun %d ditulis: %s", tahun, path)
