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
  not disclosive.
"""

from __future__ import annotations

import datetime as dt
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
    "DATA_TIDAK_CUKUP",
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
    "format_perubahan",
    "format_tanggal",
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


def format_perubahan(x: Any, desimal: int = 1, satuan: str = "poin") -> str:
    """A change in words: ``2.3`` → "naik 2,3 poin", ``-0.5`` → "turun 0,5 poin".

    A change that rounds to zero at ``desimal`` places is "tetap"; missing → "data tidak cukup".
    ``satuan="%"`` is attached without a space ("naik 2,3%"); ``satuan=""`` prints no unit.
    """
    if _is_na(x):
        return DATA_TIDAK_CUKUP
    q = _bulatkan(x, desimal)
    if q.is_zero():
        return "tetap"
    kata = "naik" if q > 0 else "turun"
    angka = format_angka(q.copy_abs(), desimal)
    if not satuan:
        return f"{kata} {angka}"
    pemisah = "" if satuan == "%" else " "
    return f"{kata} {angka}{pemisah}{satuan}"


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


def sel_tersamar(
    frame: pd.DataFrame,
    counts: list[str] | tuple[str, ...],
    ambang: int = SEL_KECIL_BAKU,
    *,
    persen: list[str] | tuple[str, ...] = (),
    basis: dict[str, tuple[str, str]] | None = None,
    tampilkan_nol: bool = False,
) -> pd.DataFrame:
    """THE small-cell rule: a boolean frame (index of ``frame``) of the cells to hide.

    A count of ``counts`` is hidden below ``ambang`` (zero too unless ``tampilkan_nol``; a
    missing count is not hidden: it prints "data tidak cukup"). A percentage of ``persen`` is
    hidden when its numerator or denominator (``basis``, default :data:`BASIS_PERSEN_RW`) is a
    small count, and — conservatively — when its basis is unknown and any count of its row is
    hidden.
    """
    _check_ambang(ambang)
    basis = BASIS_PERSEN_RW if basis is None else basis
    missing = [c for c in (*counts, *persen) if c not in frame.columns]
    if missing:
        raise KeyError(f"kolom tidak ada di tabel: {missing}")
    out = pd.DataFrame(index=frame.index)
    for col in counts:
        out[col] = [_kecil(v, ambang, tampilkan_nol) for v in frame[col].tolist()]
    baris = out.any(axis=1) if counts else pd.Series(False, index=frame.index)
    for col in persen:
        if col in basis and all(b in frame.columns for b in basis[col]):
            num, den = basis[col]
            out[col] = [
                _kecil(a, ambang, tampilkan_nol) or _kecil(b, ambang, tampilkan_nol)
                for a, b in zip(frame[num].tolist(), frame[den].tolist(), strict=True)
            ]
        else:
            out[col] = baris
    return out.astype(bool)


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
) -> TabelTersamar:
    """Display copy of ``frame`` whose ``columns`` (counts) are text passed through
    :func:`sel_kecil` and whose ``persen`` columns are :func:`format_persen` text, or
    :data:`PERSEN_TERSAMAR` where :func:`sel_tersamar` hides them; other columns are left
    untouched (format them with :func:`format_nilai`). Used by every per-RW report table.

    The note is :func:`catatan_sel_kecil` when at least one cell was suppressed, plus a sentence
    on hidden percentages when one was, else "". The input frame is not modified.
    """
    samar = sel_tersamar(
        frame, columns, ambang, persen=persen, basis=basis, tampilkan_nol=tampilkan_nol
    )
    out = frame.copy()
    for col in columns:
        texts = [sel_kecil(v, ambang, tampilkan_nol=tampilkan_nol) for v in frame[col].tolist()]
        out[col] = pd.Series(texts, index=frame.index, dtype="string")
    for col in persen:
        texts = [
            PERSEN_TERSAMAR if h else format_persen(v)
            for h, v in zip(samar[col].tolist(), frame[col].tolist(), strict=True)
        ]
        out[col] = pd.Series(texts, index=frame.index, dtype="string")
    ada_persen = bool(samar[list(persen)].to_numpy().any()) if persen else False
    ada = ada_persen or bool(samar[list(columns)].to_numpy().any()) if columns else ada_persen
    catatan = catatan_sel_kecil(ambang, tampilkan_nol=tampilkan_nol) if ada else ""
    if ada_persen:
        catatan += (
            f' Persentase ditulis "{PERSEN_TERSAMAR}" bila pembilang atau penyebutnya disamarkan.'
        )
    return TabelTersamar(out, catatan)


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
