"""Declarative report tables: a table is data (its columns), one renderer prints it.

A :class:`Tabel` names the ``out_*`` table its rows come from and its :class:`Kolom` columns:
header, where the value comes from (a column of the row source or a function of the row), how
it is printed and what a missing value prints. :func:`susun` turns the rows into the display
frame the report shows. Formats follow one rule (:func:`format_kolom`): an explicit formatter,
else the catalogue entry of ``(tabel, kolom)`` (unit and decimals), else the column-name rule
of :func:`kkb_analysis.laporan.format.format_nilai`. Count and percentage columns marked
``samar`` go through the small-cell rule of :func:`~kkb_analysis.laporan.format.
suppress_small_cells` (the one rule for per-RW tables), whose note is returned with the table.

Alignment is decided here too: a column is numeric (right) or text (left) by its printed cells
(:func:`kolom_angka`), and every cell carries that alignment itself (:func:`atribut_sel`: the
class the report stylesheet knows and the same alignment inline), so a viewer with its own
table style shows it unchanged: JupyterLab right-aligns every table cell, the exported HTML and
the PDF left-align by default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from kkb_analysis.indikator.katalog import Entri, katalog
from kkb_analysis.laporan.format import (
    DATA_TIDAK_CUKUP,
    TabelTersamar,
    format_angka,
    format_nilai,
    format_persen,
    suppress_small_cells,
)
from kkb_analysis.nilai import kosong

__all__ = [
    "RATA",
    "Kolom",
    "Tabel",
    "apa_adanya",
    "atribut_sel",
    "format_entri",
    "format_kolom",
    "jenis_kolom",
    "kolom_angka",
    "susun",
]

Format = Callable[[Any], str]


def apa_adanya(v: Any) -> str:
    """A text cell as it is (codes, labels, values from the data)."""
    return str(v)


@dataclass(frozen=True)
class Kolom:
    """One column of a report table.

    ``nilai`` is a column of the row source or a function of the row (a dict of column → value);
    ``format`` prints a present value (default :func:`format_kolom`); ``kosong`` is what a
    missing value prints. ``samar`` puts the column under the small-cell rule: "hitungan" (a
    count, "< 5") or "persen" (hidden when its numerator or denominator is); it needs ``nilai``
    to be a column name.
    """

    judul: str
    nilai: str | Callable[[Mapping[str, Any]], Any]
    format: Format | None = None
    kosong: str = DATA_TIDAK_CUKUP
    samar: Literal["", "hitungan", "persen"] = ""


@dataclass(frozen=True)
class Tabel:
    """A report table: the ``out_*`` table of its rows (for catalogue formats) and its columns."""

    kolom: tuple[Kolom, ...]
    tabel: str = ""


def format_entri(e: Entri) -> Format:
    """How a catalogued column prints: percent with its decimals ("12,5%"), a code as text, a
    duration in years with " tahun", any other unit as a number with its decimals."""
    if e.satuan == "persen":
        return lambda v: format_persen(v, e.desimal)
    if e.satuan == "kode":
        return apa_adanya
    if e.satuan == "tahun":
        return lambda v: format_angka(v, e.desimal) + " tahun"
    return lambda v: format_angka(v, e.desimal)


def format_kolom(tabel: str, kolom: str) -> Format:
    """The format of ``tabel.kolom``: the catalogue entry's, else :func:`format_nilai`'s rule
    (text unchanged, ``n_*`` counts, ``*_pct`` percentages …; other numbers raise)."""
    kat = katalog()
    if (tabel, kolom) in kat:
        return format_entri(kat.get(kolom, tabel))
    return lambda v: format_nilai(v, kolom)


def susun(
    spek: Tabel,
    baris: pd.DataFrame,
    *,
    ambang: int | None = None,
    kelompok: tuple[str, ...] | None = None,
    **isi: str,
) -> TabelTersamar:
    """The display frame of ``baris`` (all cells text, row order kept) and its footnote.

    ``isi`` fills ``{name}`` placeholders of the headers (e.g. the KKB name). Columns marked
    ``samar`` are suppressed with the threshold ``ambang`` (required then); the note says so
    when a cell was hidden, else it is "". ``kelompok`` names the columns whose groups of rows
    add up to a total printed elsewhere (``()``: the whole table), for complementary
    suppression (:func:`~kkb_analysis.laporan.format.pola_tersamar`).
    """
    samar: dict[str, list[str]] = {"hitungan": [], "persen": []}
    for k in spek.kolom:
        if k.samar and not isinstance(k.nilai, str):
            raise TypeError("kolom samar harus nama kolom")
        if k.samar:
            samar[k.samar].append(k.nilai)  # type: ignore[arg-type]
    tersamar = TabelTersamar(baris, "")
    if samar["hitungan"] or samar["persen"]:
        if ambang is None:
            raise ValueError("tabel dengan sel kecil memerlukan ambang")
        tersamar = suppress_small_cells(
            baris, samar["hitungan"], ambang, persen=samar["persen"], kelompok=kelompok
        )
    rekaman = baris.to_dict("records")
    data: dict[str, list[str]] = {}
    for k in spek.kolom:
        judul = k.judul.format_map(isi) if isi else k.judul
        if k.samar:
            data[judul] = [str(v) for v in tersamar.tabel[k.nilai]]
            continue
        ambil = k.nilai if callable(k.nilai) else (lambda r, c=k.nilai: r.get(c, pd.NA))
        fmt = k.format or (
            format_kolom(spek.tabel, k.nilai) if isinstance(k.nilai, str) else apa_adanya
        )
        data[judul] = [(k.kosong if kosong(v) else fmt(v)) for v in map(ambil, rekaman)]
    return TabelTersamar(pd.DataFrame(data, columns=list(data)), tersamar.catatan)


# ------------------------------------------------------------------------------------ alignment
#: The alignment of each kind of column: text left, numbers right.
RATA: dict[str, str] = {"teks": "left", "angka": "right"}

#: A formatted number as format.py prints it: "1.234", "12,5%", "−0,3", "< 5", "22,5 tahun",
#: optionally followed by a remark in parentheses ("104,2% (melebihi 100%, periksa data)").
_ANGKA = re.compile(r"^(?:< )?[−-]?\d[\d.]*(?:,\d+)?(?:%| tahun| poin persen| poin)?(?: \(.*\))?$")
#: Cells that say nothing about a column's kind.
_NETRAL = frozenset({DATA_TIDAK_CUKUP, "-", "—", ""})


def kolom_angka(sel: Sequence[str]) -> bool:
    """A column is numeric (right-aligned) when most of its informative cells are numbers."""
    isi = [v for v in sel if v not in _NETRAL]
    angka = sum(bool(_ANGKA.match(v)) for v in isi)
    return angka > 0 and 2 * angka > len(isi)


def jenis_kolom(df: pd.DataFrame) -> list[str]:
    """The kind of every column of a display frame (all cells text): "angka" or "teks"."""
    return ["angka" if kolom_angka(df.iloc[:, i].tolist()) else "teks" for i in range(df.shape[1])]


def atribut_sel(jenis: str, kelas: str = "") -> str:
    """The HTML attributes of a ``th``/``td`` of a ``jenis`` column ("teks" or "angka"): its
    class (``kelas``, default ``jenis``) and the alignment of ``jenis`` inline, which no
    viewer's table stylesheet overrides (only an ``!important`` rule, e.g. a phone layout)."""
    return f'class="{kelas or jenis}" style="text-align:{RATA[jenis]}"'
