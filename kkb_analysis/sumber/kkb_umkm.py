"""``kkb_umkm.csv`` — flagship micro-enterprises (UMKM unggulan) of the KKB (data-contract.md §7.5).

The layout is a project design [asumsi]. The owner's KK number ``no_kk_pemilik`` is personal data:
it becomes ``id_keluarga_pemilik`` = HMAC(salt, digits(no_kk) + ``"#1"``), the same form as
``pk_keluarga.id_keluarga`` with ``no_urut_keluarga`` 1, and is then dropped.

A KK number that is not 16 digits is flagged ``NO_KK_TIDAK_VALID`` but still hashed (as
``pk_keluarga`` check F2 keeps such a key, so both files still link). A KK number that arrived as a
numeric Excel cell (or in a form like ``3.67E+15``) is flagged and **not** used: Excel keeps only
15 significant digits, so its hash could point at another family. ``flag_no_kk_pemilik_tidak_valid``
marks both cases. Owner checks against Pendataan Keluarga (U4, U5) run in :func:`check_links`.
"""

from __future__ import annotations

import pandas as pd

from kkb_analysis.frames import positions, take_columns
from kkb_analysis.pseudonim import looks_like_excel_number, normalise_id
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import ID_POLA, Column, FileSpec
from kkb_analysis.validation import LoadContext, LoadResult, Validator

NO_URUT_PEMILIK = "1"  # the owner family is the first PK family on the KK

SPEC = FileSpec(
    base="kkb_umkm",
    key_out=("umkm_id",),
    columns=(
        Column("umkm_id", "str", "ya", pattern=ID_POLA),
        Column("kkb_id", "str", "ya", pattern=ID_POLA),
        Column("nama_usaha", "text", "ya", published_free_text=True),
        Column("jenis_usaha", "code", "ya", codes="jenis_usaha"),
        Column("produk_unggulan", "text", published_free_text=True),
        Column("unggulan", "bool", "ya"),
        Column("no_kk_pemilik", "id", personal="hash"),
        Column("anggota_uppka", "bool"),
        Column("jumlah_tenaga_kerja", "int", minimum=0),
        Column("omzet_bulanan_kelas", "code", codes="omzet_bulanan_kelas"),
        Column("nib", "bool"),
        Column("pirt", "bool"),
        Column("halal", "bool"),
        Column("pembinaan_opd", "text", published_free_text=True),
        Column("bantuan_modal", "bool"),
    ),
)


def _pseudonymise_owner(v: Validator) -> None:
    """Derive ``id_keluarga_pemilik`` and the KK validity flag (values never leave this step)."""
    text = v.text["no_kk_pemilik"]
    present = text.notna()
    excel = present & (looks_like_excel_number(text.fillna("")) | v.excel_cells("no_kk_pemilik"))
    norm = normalise_id(text)
    not16 = present & ~excel & ~norm.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    v.flag(
        excel,
        "no_kk_pemilik",
        "NO_KK_TIDAK_VALID",
        "no_kk_pemilik tersimpan sebagai angka Excel (digit terakhir dapat hilang); tidak dipakai "
        "untuk menautkan keluarga pemilik. Format kolom sebagai Teks lalu ekspor ulang",
    )
    v.flag(
        not16,
        "no_kk_pemilik",
        "NO_KK_TIDAK_VALID",
        "no_kk_pemilik bukan 16 digit; tetap disandikan untuk penautan",
    )
    usable = present & ~excel & norm.notna()
    owner = pd.Series(pd.NA, index=v.index, dtype="string")
    owner[usable] = v.hash_family(norm[usable] + "#" + NO_URUT_PEMILIK).hashes
    v.data["id_keluarga_pemilik"] = owner
    v.data["flag_no_kk_pemilik_tidak_valid"] = (excel | not16).astype("boolean")


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the UMKM list (checks U1–U3) and pseudonymise the owner's KK number."""
    v = Validator(raw, SPEC, ctx)
    v.reject_unknown_kkb()  # U2; U3 (jenis_usaha, omzet_bulanan_kelas) by the engine
    v.reject_duplicates(["umkm_id"])  # U1
    _pseudonymise_owner(v)
    return v.finish(extra_quarantine_columns=("id_keluarga_pemilik",))


def check_links(ctx: LoadContext) -> None:
    """U4/U5: the owner family exists in ``pk_keluarga`` and lies in the same KKB (flags only).

    Adds ``flag_pemilik_tidak_ditemukan`` and ``flag_pemilik_beda_kkb`` to the kept table.
    Skipped (flags left ``<NA>``) when ``pk_keluarga`` is absent.
    """
    result = ctx.results.get(SPEC.base)
    if result is None or result.fmt == "tidak ada":
        return
    table = result.table
    keluarga = ctx.parent_table("pk_keluarga")
    if keluarga is None:
        table["flag_pemilik_tidak_ditemukan"] = pd.array([pd.NA] * len(table), dtype="boolean")
        table["flag_pemilik_beda_kkb"] = pd.array([pd.NA] * len(table), dtype="boolean")
        return
    owner = table["id_keluarga_pemilik"]
    pos = positions(keluarga["id_keluarga"], owner)  # the first family row with that key
    found = pd.Series(pos >= 0, index=table.index)
    missing = owner.notna() & ~found
    owner_kkb = take_columns(keluarga, pos, {"kkb_id": "string"}, table.index)["kkb_id"]
    other = found & owner_kkb.ne(table["kkb_id"]).fillna(True).astype(bool)
    result.add_flags(
        missing,
        "no_kk_pemilik",
        "INKONSISTEN",
        "keluarga pemilik (no_kk_pemilik) tidak ditemukan di pk_keluarga",
    )
    result.add_flags(
        other,
        "no_kk_pemilik",
        "INKONSISTEN",
        "keluarga pemilik tercatat "
        + ("di KKB " + owner_kkb).fillna("di luar KKB mana pun")
        + " menurut pk_keluarga, bukan di "
        + table["kkb_id"].fillna(""),
    )
    table["flag_pemilik_tidak_ditemukan"] = missing.astype("boolean")
    table["flag_pemilik_beda_kkb"] = other.astype("boolean")
