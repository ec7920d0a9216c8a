"""Display labels of code columns, joined when the report layer reads an ``out_*`` table.

The ``out_*`` tables store codes only (issue 10: numbers in data, words in reports); each label
has one home in the indicator layer (a reference list or a module's definitions) and
:data:`LABEL` says, per (table, label column), which code column(s) it names and the lookup that
gives it. :func:`tambah_label` adds the label column right after its code column (after the
labels already added for the same code), so the report sections read ``kl["nama_domain"]`` as
before. A table that already has the column (built by an older version) is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import NamedTuple

import pandas as pd

from kkb_analysis.indikator import ibangga, kelengkapan, konvergensi, stunting

__all__ = ["LABEL", "Label", "tambah_label", "tambah_label_semua"]


class Label(NamedTuple):
    """How a label column is made: ``cari(*codes)`` over the ``kode`` columns of a row (a
    missing code gives ``kosong``; ``cari`` returning ``None`` gives ``<NA>``)."""

    kode: tuple[str, ...]
    cari: Callable[..., str | None]
    kosong: str | None = None


def _satu(kode: str, cari: Callable[..., str | None], kosong: str | None = None) -> Label:
    return Label((kode,), cari, kosong)


#: (table, label column) → how it is made from the table's code column(s)
LABEL: dict[tuple[str, str], Label] = {
    ("out_kelengkapan", "nama_domain"): _satu("domain", kelengkapan.nama_domain),
    ("out_zscore", "label"): Label(("z_bawah", "z_atas"), stunting.label_selang),
    ("out_ibangga_variabel", "nama"): _satu("variabel", ibangga.nama_variabel),
    ("out_konvergensi", "nama_program"): _satu(
        "inpres_program", konvergensi.nama_program, konvergensi.TANPA_PROGRAM
    ),
    ("out_konvergensi", "nama_instansi"): _satu("instansi_id", konvergensi.nama_instansi),
    ("out_fungsi_keluarga", "kategori"): _satu("kategori_fungsi", konvergensi.label_kategori),
    ("out_fungsi_keluarga", "fungsi_keluarga"): _satu("kategori_fungsi", konvergensi.nama_fungsi),
    ("out_intervensi", "kategori"): _satu("kategori_fungsi", konvergensi.label_kategori),
    ("out_intervensi", "fungsi_keluarga"): _satu("kategori_fungsi", konvergensi.nama_fungsi),
    ("out_intervensi", "sasaran"): _satu(
        "sasaran_id", partial(konvergensi.nama_daftar, nama=konvergensi.nama_sasaran)
    ),
    ("out_intervensi", "instansi"): _satu(
        "instansi_id", partial(konvergensi.nama_daftar, nama=konvergensi.nama_instansi)
    ),
    ("out_intervensi", "nama_program"): _satu("inpres_program", konvergensi.nama_program),
    ("out_intervensi", "nama_kegiatan"): _satu("inpres_kegiatan_id", konvergensi.nama_kegiatan),
}


def _nilai(label: Label, baris: tuple) -> object:
    if any(pd.isna(k) for k in baris):
        return pd.NA if label.kosong is None else label.kosong
    hasil = label.cari(*baris)
    return pd.NA if hasil is None else hasil


def tambah_label(nama_tabel: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (the table ``nama_tabel``) with its label columns of :data:`LABEL` added."""
    out = frame
    ditambah: dict[str, list[str]] = {}  # last code column → labels added after it
    for (tabel, kolom), label in LABEL.items():
        if tabel != nama_tabel or kolom in out.columns:
            continue
        if not all(k in out.columns for k in label.kode):
            continue
        baris = list(zip(*(out[k].tolist() for k in label.kode), strict=True))
        sekali = {b: _nilai(label, b) for b in dict.fromkeys(baris)}  # one lookup per code
        nilai = [sekali[b] for b in baris]
        akhir = label.kode[-1]
        sebelum = ditambah.setdefault(akhir, [])
        posisi = out.columns.get_loc(sebelum[-1] if sebelum else akhir) + 1
        out = out.copy()
        out.insert(posisi, kolom, pd.array(nilai, dtype="string"))
        sebelum.append(kolom)
    return out


def tambah_label_semua(tabel: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table of ``tabel`` (name → frame) with its label columns added."""
    return {nama: tambah_label(nama, frame) for nama, frame in tabel.items()}
