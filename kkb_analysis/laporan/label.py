"""Display labels of code columns, joined when the report layer reads an ``out_*`` table.

The ``out_*`` tables store codes only (issue 10: numbers in data, words in reports); each label
has one home in the indicator layer (a reference list or a module's definitions) and
:data:`LABEL` says, per (table, label column), which code column it names and the lookup that
gives it. :func:`tambah_label` adds the label column right after its code column, so the report
sections read ``kl["nama_domain"]`` as before. A table that already has the column (built by an
older version) is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from kkb_analysis.indikator import kelengkapan

__all__ = ["LABEL", "tambah_label", "tambah_label_semua"]

#: (table, label column) → (code column, code → label)
LABEL: dict[tuple[str, str], tuple[str, Callable[[str], str]]] = {
    ("out_kelengkapan", "nama_domain"): ("domain", kelengkapan.nama_domain),
}


def tambah_label(nama_tabel: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (the table ``nama_tabel``) with its label columns of :data:`LABEL` added."""
    out = frame
    for (tabel, kolom), (kode, cari) in LABEL.items():
        if tabel != nama_tabel or kolom in out.columns or kode not in out.columns:
            continue
        nilai = [pd.NA if pd.isna(k) else cari(str(k)) for k in out[kode]]
        out = out.copy()
        out.insert(out.columns.get_loc(kode) + 1, kolom, pd.array(nilai, dtype="string"))
    return out


def tambah_label_semua(tabel: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table of ``tabel`` (name → frame) with its label columns added."""
    return {nama: tambah_label(nama, frame) for nama, frame in tabel.items()}
