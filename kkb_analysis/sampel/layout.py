"""File layouts of the synthetic sample, taken from the loaders' declarative ``SPEC``.

Every raw file is written with exactly the columns, in exactly the order, of its loader's
:class:`~kkb_analysis.schema.FileSpec` (``kkb_analysis/sumber/<file>.py``), and with its
delimiter (``SPEC.delimiter``: ``;`` for e-PPGBM). Nothing here is a hand-kept column list.

Deviations from the SPEC, stated in this one place:

* columns: none. The e-PPGBM SPEC itself is the original export layout (its own headers,
  ``;``, decimal commas, ``DD/MM/YYYY``), which is what the sample writes; the dirty rows of
  :mod:`kkb_analysis.sampel.kotor` change values and add rows, never columns;
* file format: ``kkb_umkm`` is written as ``.xlsx`` (first sheet, every cell text), the others as
  UTF-8 CSV. The SPEC does not fix a format (data-contract.md: every file may come as
  ``<base>.csv`` or ``<base>.xlsx``); one XLSX file makes every sample run exercise the XLSX
  reader too.
"""

from __future__ import annotations

from kkb_analysis.schema import FileSpec
from kkb_analysis.sumber import (
    dtks,
    eppgbm,
    kkb,
    kkb_intervensi,
    kkb_kkbpk,
    kkb_profil,
    kkb_umkm,
    pk_anggota,
    pk_kb,
    pk_keluarga,
)

#: The SPEC of every raw file the sample writes, by file base name.
SPEC: dict[str, FileSpec] = {
    m.SPEC.base: m.SPEC
    for m in (
        kkb,
        kkb_profil,
        kkb_kkbpk,
        kkb_intervensi,
        kkb_umkm,
        pk_keluarga,
        pk_anggota,
        pk_kb,
        eppgbm,
        dtks,
    )
}

#: Column names of each raw file, in file order (``SPEC.names``).
KOLOM: dict[str, list[str]] = {base: spec.names for base, spec in SPEC.items()}

#: Files written as XLSX (the only deviation from "CSV with the SPEC's delimiter").
FILE_XLSX = frozenset({"kkb_umkm"})


def nama_berkas(base: str) -> str:
    """File name of a raw file in its year folder (``<base>.csv`` or ``<base>.xlsx``)."""
    return f"{base}.xlsx" if base in FILE_XLSX else f"{base}.csv"


def pemisah(base: str) -> str:
    """CSV delimiter of a raw file, from its SPEC."""
    return SPEC[base].delimiter
