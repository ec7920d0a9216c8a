"""``pk_kb.csv`` — Pendataan Keluarga, KB block of married women 10–49 (data-contract.md §7.8).

Each row belongs to the wife's member row in ``pk_anggota`` (``id_anggota``); rows whose member is
missing, rejected or male are rejected. The KB partition (users with a method + non-users with a
reason = PUS) is enforced row by row (KB6), so PK-based KB indicators add up exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.batas import kutip_seri
from kkb_analysis.config import load_reference
from kkb_analysis.frames import bmask, positions, take_columns
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import Column, FileSpec
from kkb_analysis.sumber.pk_anggota import INHERITED
from kkb_analysis.sumber.pk_keluarga import (
    NO_URUT_KELUARGA,
    NO_URUT_MAKS,
    apply_no_urut_keluarga,
    family_key,
    reject_without_parent,
)
from kkb_analysis.validation import LoadContext, LoadResult, Validator

BASE = "pk_kb"
UNMET_NEED = ("IAT", "TIAL")  # A.14
TOLERANSI_UMUR_TAHUN = 1  # KB8: more than one year apart

SPEC = FileSpec(
    base=BASE,
    key_out=("id_anggota",),
    columns=(
        Column("no_kk", "id", "ya", personal="hash"),
        NO_URUT_KELUARGA,
        Column("no_urut_istri", "int", "ya", minimum=1, maximum=NO_URUT_MAKS),
        Column("umur_istri", "int", "ya", minimum=10, maximum=49),
        Column("usia_kawin_pertama", "int"),
        Column("jumlah_anak_lahir_hidup_l", "int", minimum=0),
        Column("jumlah_anak_lahir_hidup_p", "int", minimum=0),
        Column("jumlah_anak_masih_hidup", "int", minimum=0),
        Column("umur_anak_terakhir_bulan", "int", minimum=0),
        Column("sedang_hamil", "bool", "ya"),
        Column("ber_kb", "bool", "ya"),
        Column("metode_kb", "code", "kondisi", codes="metode_kb"),
        Column("tempat_pelayanan_kb", "code", codes="tempat_pelayanan_kb"),
        Column("alasan_tidak_kb", "code", "kondisi", codes="alasan_tidak_kb"),
    ),
)


WIFE_FIELDS = {  # from the wife's member row (name → dtype)
    "jenis_kelamin": "string",
    "status_kawin": "string",
    "umur_tahun": "Int64",
    **INHERITED,
}


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the PK KB block (checks KB1–KB12) and derive the PUS/KB fields."""
    v = Validator(raw, SPEC, ctx)
    d, t = v.data, v.text
    apply_no_urut_keluarga(v)
    d["id_keluarga"] = family_key(v).hashes
    d["id_anggota"] = (d["id_keluarga"] + ":" + d["no_urut_istri"].astype("string")).astype(
        "string"
    )

    # KB1: the wife's member row exists and was kept; KB2: she is female.
    members = ctx.parent_table("pk_anggota", keep_empty=True)
    pos = positions(members["id_anggota"], d["id_anggota"]) if members is not None else None
    reject_without_parent(
        v,
        None if pos is None else pos >= 0,
        "id_anggota",
        "pk_anggota",
        "anggota (no_kk, no_urut_keluarga, no_urut_istri)",
    )
    wife = take_columns(
        members, np.full(len(v.index), -1) if pos is None else pos, WIFE_FIELDS, v.index
    )
    v.reject(
        wife["jenis_kelamin"].notna().to_numpy(bool)
        & ~wife["jenis_kelamin"].isin(["P"]).to_numpy(bool),
        "no_urut_istri",
        "INKONSISTEN",
        "anggota yang ditunjuk no_urut_istri bukan perempuan di pk_anggota",
    )
    # KB4, KB5: the engine (umur_istri 10–49, ber_kb and sedang_hamil required).
    user = bmask(d["ber_kb"].eq(True))
    non_user = bmask(d["ber_kb"].eq(False))
    # KB6: the KB partition — users need a valid method, non-users a valid reason.
    for column, needed, what in (
        ("metode_kb", user, "ber_kb = ya"),
        ("alasan_tidak_kb", non_user, "ber_kb = tidak"),
    ):
        filled = t[column].notna().to_numpy(bool)
        v.reject(needed & ~filled, column, "INVARIAN_GAGAL", f"{what} tetapi {column} kosong")
        invalid = needed & filled & d[column].isna().to_numpy(bool)
        v.reject(
            invalid,
            column,
            "INVARIAN_GAGAL",
            f"{what} tetapi {column} "
            + kutip_seri(t[column][invalid])
            + " tidak dikenal (lampiran A)",
        )
    # KB7: a filled field that contradicts ber_kb is set to missing.
    v.flag(
        user & t["alasan_tidak_kb"].notna().to_numpy(bool),
        "alasan_tidak_kb",
        "INKONSISTEN",
        "alasan_tidak_kb terisi padahal ber_kb = ya; dikosongkan",
        set_missing=True,
    )
    v.flag(
        non_user & t["metode_kb"].notna().to_numpy(bool),
        "metode_kb",
        "INKONSISTEN",
        "metode_kb terisi padahal ber_kb = tidak; dikosongkan",
        set_missing=True,
    )
    # KB3 after the other rejections: the first row that is not rejected keeps the key.
    v.reject_duplicates(["id_anggota"], label="no_kk, no_urut_keluarga, no_urut_istri")
    kept = ~v.rejected

    # KB8: umur_istri vs the age from the member's tanggal_lahir.
    umur = d["umur_istri"]
    far = kept & bmask((umur - wife["umur_tahun"]).abs().gt(TOLERANSI_UMUR_TAHUN))
    v.flag(
        far,
        "umur_istri",
        "INKONSISTEN",
        "umur_istri "
        + umur[far].astype("string")
        + " berbeda lebih dari 1 tahun dari umur menurut tanggal_lahir di pk_anggota ("
        + wife["umur_tahun"][far].astype("string")
        + ")",
    )
    # KB9: pregnancy vs KB use and vs the reason "Hamil".
    hamil = bmask(d["sedang_hamil"].eq(True))
    not_hamil = bmask(d["sedang_hamil"].eq(False))
    alasan = d["alasan_tidak_kb"]
    reason_hamil = alasan.isin(["Hamil"]).to_numpy(bool)
    other_reason = alasan.notna().to_numpy(bool) & ~reason_hamil
    v.flag(
        kept & hamil & user,
        "sedang_hamil",
        "INKONSISTEN",
        "sedang_hamil = ya padahal ber_kb = ya",
    )
    v.flag(
        kept & ((reason_hamil & not_hamil) | (hamil & non_user & other_reason)),
        "alasan_tidak_kb",
        "INKONSISTEN",
        "alasan_tidak_kb tidak sesuai dengan sedang_hamil (alasan 'Hamil' ⇔ sedang_hamil = ya)",
    )
    # KB10: usia_kawin_pertama within 10 … umur_istri.
    ukp = d["usia_kawin_pertama"]
    v.flag(
        bmask(ukp.lt(10) | ukp.gt(umur)),
        "usia_kawin_pertama",
        "DI_LUAR_RENTANG",
        "usia_kawin_pertama di luar rentang 10 … umur_istri; dikosongkan",
        set_missing=True,
    )
    # KB11: living children ≤ children born alive.
    lahir = d["jumlah_anak_lahir_hidup_l"] + d["jumlah_anak_lahir_hidup_p"]
    v.flag(
        bmask(d["jumlah_anak_masih_hidup"].gt(lahir)),
        "jumlah_anak_masih_hidup",
        "INKONSISTEN",
        "jumlah_anak_masih_hidup lebih besar dari jumlah anak lahir hidup (L + P)",
    )
    # KB12: the wife's marital status in pk_anggota is Kawin.
    status_kawin = wife["status_kawin"]
    v.flag(
        kept & status_kawin.notna().to_numpy(bool) & ~status_kawin.isin(["2"]).to_numpy(bool),
        "no_urut_istri",
        "INKONSISTEN",
        "status_kawin anggota di pk_anggota bukan 2 (Kawin)",
    )

    metode = load_reference("kode")["metode_kb"]
    low, high = ctx.settings["pus"]["umur_istri"]
    d["is_pus"] = umur.between(low, high).astype("boolean")
    d["is_mkjp"] = d["metode_kb"].isin(metode["mkjp"]).astype("boolean")
    d["is_modern"] = d["metode_kb"].isin(metode["modern"]).astype("boolean")
    d["unmet_need"] = pd.array(non_user & alasan.isin(UNMET_NEED).to_numpy(bool), dtype="boolean")
    for column in INHERITED:
        d[column] = wife[column]
    return v.finish(extra_quarantine_columns=("id_keluarga",))
