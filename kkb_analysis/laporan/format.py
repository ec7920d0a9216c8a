"""The one formatting helper of the report layer: every number and date printed in a report.

All functions return text in Bahasa Indonesia. The missing-value rule, the number as written,
its rounding and the words "data tidak cukup" have their one home in :mod:`kkb_analysis.nilai`
(the indicator layer needs them too); this module builds the display on them. Conventions:

- **Separators**: thousands ``.``, decimal ``,`` ("1.234.567", "1.234,5") — PUEBI usage.
- **Rounding**: half-up (away from zero on ties) on the number *as written*: a float is read via
  its shortest ``repr`` (``2.675`` → "2,68", ``0.05`` → "0,1", ``-0.05`` → "−0,1"), not via its
  binary expansion (2.67499…). The portal classification's ties-to-even rule
  (``klasifikasi.pembulatan``) is for binning, not for display, and does not apply here.
- **Minus**: the true minus sign U+2212 "−". In HTML/PDF it does not allow a line break after it
  (a hyphen does), has the width of "+" and of the digits (columns stay aligned), and it is what
  the project docs already print ("HAZ < −2"). A value that rounds to zero is printed unsigned
  ("0,0", never "−0,0").
- **Percent**: no space between number and sign, "12,5%", as in the PUEBI examples ("1%").
  Percentages keep one decimal by default (indicators.md §0).
- **Missing**: ``None``, ``pd.NA``, ``NaN`` and ``NaT`` print as ``"data tidak cukup"``
  (indicators.md §0). Infinite values are a bug upstream and raise ``ValueError``.
- **Small cells**: per-RW counts below ``laporan.sel_kecil`` (5) print as "< 5" with the space, as
  indicators.md §0 writes it. Zero is a count below 5 and is suppressed too by default (the
  document makes no exception); ``tampilkan_nol=True`` shows it if the agency decides zeros are
  not disclosive. The rows of a per-RW table add up to a printed KKB total, so complementary
  suppression (:func:`pelengkap`) hides more cells ("disamarkan") until no small one can be
  worked out by subtraction (docs/metodologi.md §13.2).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from kkb_analysis.indikator.perubahan import BATAS_LAMA, BELUM_KKB, REKONSTRUKSI
from kkb_analysis.nilai import (
    DATA_TIDAK_CUKUP,
    TANDA_MINUS,
    angka,
    bulatkan,
    ke_desimal,
    kosong,
    periksa_desimal,
)

__all__ = [
    "ASAL_TEKS",
    "BASIS_PERSEN_RW",
    "BELUM_KKB_TEKS",
    "BULAN",
    "CATATAN_PELENGKAP",
    "DATA_TIDAK_CUKUP",
    "HITUNGAN_TERSAMAR",
    "PERSEN_TERSAMAR",
    "TANDA_MINUS",
    "TabelTersamar",
    "ambang_sel_kecil",
    "catatan_sel_kecil",
    "format_angka",
    "format_bulan",
    "format_nilai",
    "format_periode",
    "format_persen",
    "format_selisih",
    "format_tanggal",
    "kata_selisih",
    "pelengkap",
    "pola_tersamar",
    "rentang_tersamar",
    "sel_kecil",
    "sel_tersamar",
    "suppress_small_cells",
]

SEL_KECIL_BAKU = 5

#: The last-year tier of a KKB that was not yet a KKB (code ``belum_kkb`` of the data).
BELUM_KKB_TEKS = "belum menjadi KKB"
#: How a last-year value was obtained (``out_perubahan.asal_sebelumnya``), for table notes;
#: ``{tahun}`` is the previous year. Same boundaries and no value need no note.
ASAL_TEKS = {
    REKONSTRUKSI: "dihitung ulang pada batas wilayah tahun ini dari data tahun {tahun}",
    BATAS_LAMA: "nilai tahun {tahun} menurut batas wilayah tahun {tahun} (batas berubah)",
}

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_NOMOR_BULAN = {nama.lower(): i for i, nama in enumerate(BULAN, start=1)}

# Canonical spelling of the source labels (indicators.md §0 "Source and period labels").
_SUMBER = {
    "pk": "PK",
    "kkbpk": "KKBPK",
    "e-ppgbm": "e-PPGBM",
    "eppgbm": "e-PPGBM",
    "dtsen": "DTSEN",
    "dtks": "DTKS",
}
# Sources whose period is written year-month in ISO form ("DTSEN 2025-01").
_SUMBER_BULAN_ISO = {"DTSEN"}

# Decimals of the ratio/index columns (format_nilai); the default for rasio_ is 1.
_DESIMAL_KOLOM = {"rasio_penduduk_per_keluarga": 2}


# --------------------------------------------------------------------------------------- helpers
# The missing-value rule, the number-as-written and the rounding live in kkb_analysis.nilai (one
# home for every layer); the names below keep this module's callers unchanged.
_is_na = kosong
_to_decimal = ke_desimal
_check_desimal = periksa_desimal
_bulatkan = bulatkan


# ---------------------------------------------------------------------------------------- numbers
def format_angka(x: Any, desimal: int = 0) -> str:
    """A number with Indonesian separators, half-up rounded: ``1234.5`` → "1.234,5".

    Missing → "data tidak cukup"; negative with U+2212: ``-3`` → "−3".
    """
    if _is_na(x):
        return DATA_TIDAK_CUKUP
    return angka(x, desimal)


def format_persen(x: Any, desimal: int = 1) -> str:
    """A percentage given on the 0–100 scale: ``12.5`` → "12,5%". Missing → "data tidak cukup"."""
    if _is_na(x):
        return DATA_TIDAK_CUKUP
    return format_angka(x, desimal) + "%"


def kata_selisih(satuan: str | None) -> str:
    """THE unit word of a difference between two values of an indicator: "poin persen" for
    percentages (catalogue unit "persen", or "%"), "poin" for everything else (indices, scores).
    A difference of two percentages is never written "poin" alone nor "%"."""
    return "poin persen" if str(satuan or "").strip() in ("persen", "%") else "poin"


def format_selisih(x: Any, satuan: str | None, desimal: int = 1) -> str:
    """A difference in words: ``2.54, "persen"`` → "2,5 poin persen"; ``0.85, "indeks", 2`` →
    "0,85 poin". Missing → "data tidak cukup"."""
    if _is_na(x):
        return DATA_TIDAK_CUKUP
    return f"{format_angka(x, desimal)} {kata_selisih(satuan)}"


# ------------------------------------------------------------------------------------------ dates
def _nomor_bulan(bulan: Any) -> int:
    if isinstance(bulan, str):
        key = bulan.strip().lower()
        if key in _NOMOR_BULAN:
            return _NOMOR_BULAN[key]
        if key.isdigit():
            bulan = int(key)
        else:
            raise ValueError(f"nama bulan '{bulan}' tidak dikenal")
    if isinstance(bulan, bool) or not isinstance(bulan, numbers.Integral):
        raise TypeError(f"bulan harus 1–12 atau nama bulan, bukan {bulan!r}")
    if not 1 <= int(bulan) <= 12:
        raise ValueError(f"bulan harus 1–12, bukan {bulan}")
    return int(bulan)


def _tahun(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise TypeError(f"tahun harus bilangan bulat, bukan {year!r}")
    return int(year)


def format_tanggal(d: Any) -> str:
    """A date: "15 Juni 2023" (no leading zero). Accepts date, datetime, Timestamp,
    ``numpy.datetime64`` or an ISO string ("2023-06-15"); missing → "data tidak cukup"."""
    if _is_na(d):
        return DATA_TIDAK_CUKUP
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d.strip()[:10])
        except ValueError as exc:
            raise ValueError(f"tanggal '{d}' bukan format ISO (YYYY-MM-DD)") from exc
    elif isinstance(d, np.datetime64):
        d = pd.Timestamp(d)
    if not isinstance(d, dt.date):  # datetime and Timestamp are dates too
        raise TypeError(f"{d!r} ({type(d).__name__}) bukan tanggal")
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def format_bulan(year: Any, month: Any) -> str:
    """A month of a year: ``(2023, 12)`` → "Desember 2023" (month as 1–12 or Indonesian name)."""
    return f"{BULAN[_nomor_bulan(month) - 1]} {_tahun(year)}"


def format_periode(sumber: str, tahun: Any, bulan: Any = None) -> str:
    """Source-and-period label (indicators.md §0): "PK 2023", "KKBPK Desember 2023",
    "e-PPGBM Agustus 2023", "DTSEN 2025-01".

    ``bulan`` is 1–12 or an Indonesian month name; ``None`` or "tahun" (the e-PPGBM calendar-year
    period of ``out_stunting``) gives a year-only label. Known sources are spelled canonically
    (``"eppgbm"`` → "e-PPGBM"); others are printed as given.
    """
    nama = _SUMBER.get(sumber.strip().lower(), sumber.strip())
    if not nama:
        raise ValueError("sumber tidak boleh kosong")
    year = _tahun(tahun)
    if bulan is None or (isinstance(bulan, str) and bulan.strip().lower() == "tahun"):
        return f"{nama} {year}"
    month = _nomor_bulan(bulan)
    if nama in _SUMBER_BULAN_ISO:
        return f"{nama} {year}-{month:02d}"
    return f"{nama} {format_bulan(year, month)}"


# ------------------------------------------------------------------------------------ small cells
def ambang_sel_kecil(settings: dict | None) -> int:
    """The small-cell threshold ``laporan.sel_kecil`` of the settings (default 5)."""
    value = ((settings or {}).get("laporan") or {}).get("sel_kecil", SEL_KECIL_BAKU)
    _check_ambang(value)
    return int(value)


def _check_ambang(ambang: Any) -> None:
    if isinstance(ambang, bool) or not isinstance(ambang, numbers.Integral) or ambang < 1:
        raise ValueError(f"ambang sel kecil harus bilangan bulat ≥ 1, bukan {ambang!r}")


def sel_kecil(n: Any, ambang: int = SEL_KECIL_BAKU, *, tampilkan_nol: bool = False) -> str:
    """A count of a per-RW table with small-cell suppression: below ``ambang`` → "< 5".

    ``4`` → "< 5", ``5`` → "5", ``1234`` → "1.234"; ``0`` → "< 5" (or "0" with
    ``tampilkan_nol=True``); missing → "data tidak cukup". Negative or non-integer counts raise
    ``ValueError``.
    """
    _check_ambang(ambang)
    if _is_na(n):
        return DATA_TIDAK_CUKUP
    value = _to_decimal(n)
    if value < 0 or value != value.to_integral_value():
        raise ValueError(f"{n!r} bukan jumlah (bilangan bulat ≥ 0)")
    if value == 0 and tampilkan_nol:
        return "0"
    if value < ambang:
        return f"< {int(ambang)}"
    return format_angka(value, 0)


def catatan_sel_kecil(ambang: int = SEL_KECIL_BAKU, *, tampilkan_nol: bool = False) -> str:
    """The footnote that explains the suppression."""
    _check_ambang(ambang)
    if tampilkan_nol:
        return (
            f'Angka 1 sampai {int(ambang) - 1} ditampilkan sebagai "< {int(ambang)}" '
            "untuk melindungi kerahasiaan."
        )
    return (
        f'Angka di bawah {int(ambang)} ditampilkan sebagai "< {int(ambang)}" '
        "untuk melindungi kerahasiaan."
    )


#: Percentages of ``out_rw`` and their (numerator, denominator) counts: a percentage is hidden
#: whenever one of them is (the one list for the report tables and the workbook).
BASIS_PERSEN_RW: dict[str, tuple[str, str]] = {
    "krs_pct": ("n_krs", "n_keluarga_sasaran"),
    "stunting_pct": ("n_stunting", "n_balita_diukur"),
}
#: What a hidden percentage prints in a report table.
PERSEN_TERSAMAR = "disamarkan"


def _kecil(n: Any, ambang: int, tampilkan_nol: bool) -> bool:
    """Whether the count ``n`` is suppressed (missing never is; zero unless ``tampilkan_nol``)."""
    if _is_na(n):
        return False
    value = _to_decimal(n)
    return value < ambang and not (tampilkan_nol and value == 0)


#: What a count hidden by complementary suppression prints (it is not small: "< 5" would lie).
HITUNGAN_TERSAMAR = "disamarkan"


def rentang_tersamar(batas: list[tuple[float, float]], sisa: float) -> list[tuple[float, float]]:
    """Feasible range of each hidden cell of one additive group, as a reader can work it out.

    ``batas`` are the (low, high) bounds a reader knows of each hidden cell ("< 5" → (0, 4));
    ``sisa`` is the printed total minus the printed cells, i.e. the sum of the hidden cells.
    With one sum and box bounds the exact range of cell *i* is
    ``[max(lo_i, sisa − Σ_{j≠i} hi_j), min(hi_i, sisa − Σ_{j≠i} lo_j)]``.
    """
    jumlah_lo = sum(lo for lo, _ in batas)
    jumlah_hi = sum(hi for _, hi in batas)
    out = []
    for lo, hi in batas:
        lain_hi = jumlah_hi - hi if math.isfinite(jumlah_hi) else _tanpa(batas, lo, hi)
        out.append((max(lo, sisa - lain_hi), min(hi, sisa - (jumlah_lo - lo))))
    return out


def _tanpa(batas: list[tuple[float, float]], lo: float, hi: float) -> float:
    """Σ of the other cells' upper bounds when some are infinite (inf − inf is undefined)."""
    lain = list(batas)
    lain.remove((lo, hi))
    return sum(h for _, h in lain)


def pelengkap(
    nilai: list[Any],
    primer: list[bool],
    ambang: int = SEL_KECIL_BAKU,
    *,
    tampilkan_nol: bool = False,
) -> list[bool]:
    """Complementary suppression of one additive group: which printed cells to hide as well.

    ``nilai`` are the true counts of a group of cells whose sum is printed elsewhere (the RWs of
    a KKB → the KKB total), ``primer`` the cells hidden as small. While some hidden cell can be
    pinned to one value from the printed total (:func:`rentang_tersamar`; e.g. exactly one cell
    hidden), the smallest still-printed cell (≥ ``ambang``) is hidden too (first in order on
    ties). A reader is assumed to know this rule: a small cell lies in [0 (1 with
    ``tampilkan_nol``), ambang − 1], a complementary one in [ambang, smallest candidate still
    printed]. A group with a missing count is left as it is (the total pins nothing). When no
    candidate is left the group total itself fixes the hidden cells (a one-RW KKB, a KKB
    total of 0): nothing more can be done in this table. Returns the complementary mask
    (``primer`` cells are not in it).
    """
    _check_ambang(ambang)
    if len(nilai) != len(primer):
        raise ValueError("nilai dan primer harus sama panjang")
    tambah = [False] * len(nilai)
    if any(_is_na(v) for v in nilai):  # an unknown cell: the printed total pins nothing
        return tambah
    angka_ = [float(_to_decimal(v)) for v in nilai]
    bawah = 1.0 if tampilkan_nol else 0.0
    while True:
        if not any(primer):
            return tambah
        # candidates: printed cells ≥ ambang (a shown zero hidden as "disamarkan" would lie)
        tampil = [
            i for i in range(len(nilai)) if not (primer[i] or tambah[i]) and angka_[i] >= ambang
        ]
        if not tampil:
            return tambah
        maks = min(angka_[i] for i in tampil)
        batas = [
            (bawah, float(ambang - 1)) if primer[i] else (float(ambang), maks)
            for i in range(len(nilai))
            if primer[i] or tambah[i]
        ]
        jumlah = sum(angka_[i] for i in range(len(nilai)) if primer[i] or tambah[i])
        if all(hi > lo for lo, hi in rentang_tersamar(batas, jumlah)):
            return tambah
        tambah[min(tampil, key=lambda i: (angka_[i], i))] = True


def sel_tersamar(
    frame: pd.DataFrame,
    counts: list[str] | tuple[str, ...],
    ambang: int = SEL_KECIL_BAKU,
    *,
    persen: list[str] | tuple[str, ...] = (),
    basis: dict[str, tuple[str, str]] | None = None,
    tampilkan_nol: bool = False,
    kelompok: list[str] | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """THE small-cell rule: a boolean frame (index of ``frame``) of the cells to hide.

    A count of ``counts`` is hidden below ``ambang`` (zero too unless ``tampilkan_nol``; a
    missing count is not hidden: it prints "data tidak cukup"). ``kelompok`` switches on
    complementary suppression: the rows of each group (the columns named; ``()`` = the whole
    frame) add up to a total printed elsewhere, so per count column :func:`pelengkap` hides
    more cells until no hidden one can be worked out by subtraction. A percentage of
    ``persen`` is hidden when its numerator or denominator (``basis``, default
    :data:`BASIS_PERSEN_RW`) is hidden (small or complementary), and — conservatively — when its
    basis is unknown and any count of its row is hidden.
    """
    return pola_tersamar(
        frame,
        counts,
        ambang,
        persen=persen,
        basis=basis,
        tampilkan_nol=tampilkan_nol,
        kelompok=kelompok,
    ).ne("")


#: Codes of :func:`pola_tersamar`: small cell ("< 5"), complementary cell, hidden percentage.
KECIL, PELENGKAP, PERSEN = "kecil", "pelengkap", "persen"


def pola_tersamar(
    frame: pd.DataFrame,
    counts: list[str] | tuple[str, ...],
    ambang: int = SEL_KECIL_BAKU,
    *,
    persen: list[str] | tuple[str, ...] = (),
    basis: dict[str, tuple[str, str]] | None = None,
    tampilkan_nol: bool = False,
    kelompok: list[str] | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Why each cell is hidden: "" (printed), :data:`KECIL`, :data:`PELENGKAP` or
    :data:`PERSEN` (see :func:`sel_tersamar`, which is this frame ``!= ""``)."""
    _check_ambang(ambang)
    basis = BASIS_PERSEN_RW if basis is None else basis
    missing = [c for c in (*counts, *persen) if c not in frame.columns]
    if kelompok:
        missing += [c for c in kelompok if c not in frame.columns]
    if missing:
        raise KeyError(f"kolom tidak ada di tabel: {missing}")
    dasar = [
        b for p in persen if p in basis for b in basis[p] if b in frame.columns and b not in counts
    ]
    hitung = list(dict.fromkeys([*counts, *dasar]))
    pola = pd.DataFrame(index=frame.index)
    posisi = np.arange(len(frame))
    if not kelompok:
        grup = [posisi]
    else:
        kunci = frame[list(kelompok)].astype("string").fillna("\x00")
        grup = [np.asarray(ix) for ix in kunci.groupby(list(kelompok), sort=False).indices.values()]
    for col in hitung:
        nilai = frame[col].tolist()
        kecil = [_kecil(v, ambang, tampilkan_nol) for v in nilai]
        kode = [KECIL if k else "" for k in kecil]
        if kelompok is not None:
            for ix in grup:
                tambah = pelengkap(
                    [nilai[i] for i in ix],
                    [kecil[i] for i in ix],
                    ambang,
                    tampilkan_nol=tampilkan_nol,
                )
                for i, t in zip(ix, tambah, strict=True):
                    if t:
                        kode[i] = PELENGKAP
        pola[col] = kode
    tersembunyi = (
        pola[list(counts)].ne("").any(axis=1) if counts else pd.Series(False, index=frame.index)
    )
    for col in persen:
        if col in basis and all(b in frame.columns for b in basis[col]):
            num, den = basis[col]
            hid = pola[num].ne("") | pola[den].ne("")
        else:
            hid = tersembunyi
        pola[col] = np.where(hid.to_numpy(bool), PERSEN, "")
    return pola[[*counts, *persen]].astype(object)


class TabelTersamar(NamedTuple):
    """A display copy of a table with suppressed cells and its footnote ("" if none hidden)."""

    tabel: pd.DataFrame
    catatan: str


def suppress_small_cells(
    frame: pd.DataFrame,
    columns: list[str] | tuple[str, ...],
    ambang: int = SEL_KECIL_BAKU,
    *,
    persen: list[str] | tuple[str, ...] = (),
    basis: dict[str, tuple[str, str]] | None = None,
    tampilkan_nol: bool = False,
    kelompok: list[str] | tuple[str, ...] | None = None,
) -> TabelTersamar:
    """Display copy of ``frame`` whose ``columns`` (counts) are text passed through
    :func:`sel_kecil` (or :data:`HITUNGAN_TERSAMAR` for a complementary cell) and whose
    ``persen`` columns are :func:`format_persen` text, or :data:`PERSEN_TERSAMAR` where
    :func:`pola_tersamar` hides them; other columns are left untouched (format them with
    :func:`format_nilai`). ``kelompok`` as in :func:`sel_tersamar`. Used by every per-RW
    report table.

    The note is :func:`catatan_sel_kecil` when at least one cell was suppressed, plus a sentence
    on complementary cells and on hidden percentages when there are any, else "". The input
    frame is not modified.
    """
    pola = pola_tersamar(
        frame,
        columns,
        ambang,
        persen=persen,
        basis=basis,
        tampilkan_nol=tampilkan_nol,
        kelompok=kelompok,
    )
    out = frame.copy()
    for col in columns:
        texts = [
            HITUNGAN_TERSAMAR
            if k == PELENGKAP
            else sel_kecil(v, ambang, tampilkan_nol=tampilkan_nol)
            for k, v in zip(pola[col].tolist(), frame[col].tolist(), strict=True)
        ]
        out[col] = pd.Series(texts, index=frame.index, dtype="string")
    for col in persen:
        texts = [
            PERSEN_TERSAMAR if k else format_persen(v)
            for k, v in zip(pola[col].tolist(), frame[col].tolist(), strict=True)
        ]
        out[col] = pd.Series(texts, index=frame.index, dtype="string")
    isi = pola.to_numpy(object).ravel().tolist()
    catatan = catatan_sel_kecil(ambang, tampilkan_nol=tampilkan_nol) if any(isi) else ""
    if PELENGKAP in isi:
        catatan += " " + CATATAN_PELENGKAP
    if PERSEN in isi:
        catatan += (
            f' Persentase ditulis "{PERSEN_TERSAMAR}" bila pembilang atau penyebutnya disamarkan.'
        )
    return TabelTersamar(out, catatan)


#: The footnote sentence on complementary suppression (reports and workbook).
CATATAN_PELENGKAP = (
    f'Angka lain ditulis "{HITUNGAN_TERSAMAR}" agar angka kecil tidak dapat dihitung dari '
    "jumlah total."
)


# --------------------------------------------------------------------------------------- dispatch
def teks_median_umur(median: Any, terbuka: Any) -> str:
    """Median age as printed: "27,4"; "≥ 75" when the median falls in the open 75+ group
    (``median_umur_75_lebih``); "data tidak cukup" without members of known age."""
    if not _is_na(terbuka) and bool(terbuka):
        return "≥ 75"
    return DATA_TIDAK_CUKUP if _is_na(median) else format_angka(median, 1)


def format_nilai(value: Any, kolom: str) -> str:
    """Format a value of a processed-table column by its name (docs/skema.md §2.2):

    - ``*_pct`` → :func:`format_persen`, 1 decimal ("12,5%");
    - ``n_*`` → count, no decimals ("1.234");
    - ``rasio_*`` → 1 decimal (2 for the per-family ``rasio_penduduk_per_keluarga``);
    - ``indeks_*``/``index_*`` → 2 decimals (the portal rounds indices to 2 decimals);
    - ``*_tahun`` → 1 decimal + " tahun" ("22,5 tahun");
    - ``tahun`` → the year without separator ("2023").

    Missing → "data tidak cukup"; text values (labels such as a tier) are returned unchanged,
    except the tier code ``belum_kkb`` → "belum menjadi KKB".
    A number in any other column raises ``ValueError``: choose a formatter explicitly rather than
    print a year as "2.023".
    """
    if _is_na(value):
        return DATA_TIDAK_CUKUP
    if isinstance(value, str):
        return BELUM_KKB_TEKS if kolom.startswith("tingkat") and value == BELUM_KKB else value
    if kolom.endswith("_pct"):
        return format_persen(value, 1)
    if kolom.startswith("n_"):
        return format_angka(value, 0)
    if kolom.startswith("rasio_"):
        return format_angka(value, _DESIMAL_KOLOM.get(kolom, 1))
    if kolom.startswith(("indeks_", "index_")):
        return format_angka(value, 2)
    if kolom.endswith("_tahun"):
        return format_angka(value, 1) + " tahun"
    if kolom == "tahun":
        return str(_tahun(value))
    raise ValueError(f"kolom '{kolom}' tidak mengikuti pola nama yang dikenal; format manual")
