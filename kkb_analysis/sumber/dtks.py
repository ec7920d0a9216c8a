"""``dtks.csv`` — welfare registry extract: DTKS / P3KE / DTSEN (data-contract.md §7.10).

Each row is one registry record identified by ``no_kk`` and/or a member's ``nik``. On load the
identifiers become ``id_keluarga`` = HMAC(salt, digits(no_kk) + "#1") — the KK key, equal to
``pk_keluarga.id_kk`` of every PK family on that KK — and ``nik_hash`` (valid NIKs only). After all
files are loaded, :func:`check_links` matches each record to a PK family (D6, D7) and copies the
family's ``kkb_id`` and ``kode_kelurahan``. A KK may hold several PK families (``no_urut_keluarga``
1, 2, …): the record's link columns name the first of them, and the welfare indicators apply a
record matched by KK to every family of the KK (indicators/kesejahteraan.py).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from kkb_analysis.batas import kutip_seri
from kkb_analysis.errors import FileProblem
from kkb_analysis.frames import member_of, positions, take_columns
from kkb_analysis.pseudonim import looks_like_excel_number, normalise_id
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import Column, FileSpec
from kkb_analysis.validation import LoadContext, LoadResult, Validator

logger = logging.getLogger(__name__)

SUMBER_DESIL_1_4 = ("DTKS", "P3KE")  # registries that rank only desil 1–4 (D5) [asumsi]
DESIL_MAKS_DTKS = 4
NO_URUT_KELUARGA = "1"  # the KK key has the form of PK family no. 1 on the KK (pk_keluarga.id_kk)
_PERIODE = r"\d{4}-(?:0[1-9]|1[0-2])"

SPEC = FileSpec(
    base="dtks",
    key_out=("id_keluarga", "nik_hash"),
    columns=(
        Column("no_kk", "id", "kondisi", personal="hash", presence_optional=True),
        Column("nik", "id", "kondisi", personal="hash", presence_optional=True),
        Column("sumber", "code", "ya", codes="sumber_dtks"),
        # 'kondisi': load() rejects an empty or malformed periode (D2) with its own message
        Column("periode", "str", "kondisi", pattern=_PERIODE),
        Column("desil", "int", "tidak", minimum=1, maximum=10),
        Column("status_dtks", "bool"),
        Column("pkh", "bool"),
        Column("bpnt_sembako", "bool"),
        Column("pbi_jk", "bool"),
        Column("blt", "bool"),
        Column("pip", "bool"),
        Column("tanggal_update", "date"),
    ),
)


FLAGS = (
    "flag_no_kk_tidak_valid",
    "flag_nik_tidak_valid",
    "flag_nik_khusus",
    "flag_desil_tidak_valid",  # D4
    "flag_desil_tidak_sesuai_sumber",  # D5
    "flag_kk_nik_beda_keluarga",  # D7 (check_links)
)
LINK_COLUMNS = ("id_keluarga_pk", "kkb_id", "kode_kelurahan", "cocok_pk")
OUTPUT_COLUMNS = (
    "baris_sumber",
    "id_keluarga",
    "nik_hash",
    "nik_status",
    "sumber",
    "periode",
    "desil",
    "status_dtks",
    "pkh",
    "bpnt_sembako",
    "pbi_jk",
    "blt",
    "pip",
    "tanggal_update",
    *LINK_COLUMNS,
    *FLAGS,
)


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate a welfare extract (checks D1–D5, D8); D6 and D7 are in :func:`check_links`."""
    v = Validator(raw, SPEC, ctx)
    d, t = v.data, v.text
    for name in FLAGS:
        d[name] = False
    problems = []
    if "no_kk" not in raw.frame.columns and "nik" not in raw.frame.columns:
        problems.append(
            FileProblem(
                raw.file,
                "KOLOM_WAJIB_HILANG",
                "kolom 'no_kk' dan 'nik' keduanya tidak ada; minimal salah satu harus ada agar "
                "data kesejahteraan dapat ditautkan ke keluarga PK. Tambahkan kolom tersebut "
                "dengan judul persis seperti di docs/data.md (berkas dtks).",
                column="no_kk, nik",
            )
        )

    # identifiers: digits only; keys are hashed, raw digits never leave this function
    kk = normalise_id(t["no_kk"])
    kk_bad = kk.notna() & (
        ~kk.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
        | looks_like_excel_number(t["no_kk"].fillna(""))
        | v.excel_cells("no_kk")
    )
    v.flag(
        kk_bad,
        "no_kk",
        "NO_KK_TIDAK_VALID",
        "no_kk bukan 16 digit (atau rusak oleh Excel); tetap dipakai sebagai kunci",
        mark="flag_no_kk_tidak_valid",
    )
    d["id_keluarga"] = v.hash_family(kk + "#" + NO_URUT_KELUARGA).hashes

    checked, _, _ = v.pseudonymise_nik("nik")  # D8
    status = checked["nik_status"]
    v.flag(
        status.eq("invalid"),
        "nik",
        "NIK_TIDAK_VALID",
        "nik tidak sah (bukan 16 digit, tanggal tidak mungkin, atau rusak oleh Excel)",
        mark="flag_nik_tidak_valid",
    )
    v.flag(
        status.notna() & ~status.isin(["valid", "invalid"]).fillna(False),
        "nik",
        "NIK_KHUSUS",
        lambda m: "nik khusus (" + status[m] + "); tidak dipakai untuk penautan",
        mark="flag_nik_khusus",
    )
    nik = normalise_id(t["nik"])

    v.reject(  # D1
        kk.isna() & nik.isna(),
        "no_kk",
        "NILAI_WAJIB_KOSONG",
        "no_kk dan nik sama-sama kosong; minimal salah satu wajib diisi",
    )
    v.reject(t["periode"].isna(), "periode", "NILAI_WAJIB_KOSONG", "kolom wajib periode kosong")
    bad_period = t["periode"].notna() & ~t["periode"].str.fullmatch(_PERIODE).fillna(False)
    v.reject(  # D2 (sumber: the engine rejects unknown codes of a required code column)
        bad_period,
        "periode",
        "TIPE_TIDAK_VALID",
        "periode " + kutip_seri(t["periode"][bad_period]) + " bukan bentuk YYYY-MM (mis. 2023-03)",
    )
    d["periode"] = d["periode"].where(~bad_period.to_numpy())

    # D3: the same record twice = same sumber, periode, no_kk and nik (exact repeat)
    key = pd.DataFrame(
        {"s": d["sumber"], "p": d["periode"], "kk": kk.fillna(""), "nik": nik.fillna("")}
    )
    candidate = ~v.rejected
    dup = np.zeros(len(v.index), dtype=bool)
    dup[candidate] = key[candidate].duplicated(keep="first").to_numpy()
    v.reject(
        dup,
        "no_kk",
        "DUPLIKAT_KUNCI",
        "kunci (sumber, periode, no_kk/nik) sudah muncul di baris sebelumnya",
    )

    # D4: the engine already flagged (DI_LUAR_RENTANG / TIPE_TIDAK_VALID) and emptied desil
    d["flag_desil_tidak_valid"] = (t["desil"].notna() & d["desil"].isna()).to_numpy(bool)
    v.flag(  # D5 [asumsi]
        d["sumber"].isin(SUMBER_DESIL_1_4) & (d["desil"] > DESIL_MAKS_DTKS),
        "desil",
        "INKONSISTEN",
        lambda m: (
            "desil "
            + d["desil"][m].astype("string")
            + " > 4 padahal sumber "
            + d["sumber"][m]
            + " hanya memeringkat desil 1–4"
        ),
        mark="flag_desil_tidak_sesuai_sumber",
    )
    for name in LINK_COLUMNS:
        d[name] = pd.Series(pd.NA, index=v.index, dtype="string")
    d["cocok_pk"] = False
    result = v.finish()
    result.problems.extend(problems)
    result.table = result.table[list(OUTPUT_COLUMNS)]
    return result


# ---------------------------------------------------------------------- cross-file (D6, D7)
def check_links(ctx: LoadContext) -> None:
    """Match records to PK families: by ``id_keluarga`` (no_kk), else by ``nik_hash`` through
    ``pk_anggota``. D6: unmatched records are kept with ``cocok_pk`` = false (counted, not
    flagged). D7: no_kk → family A but nik → family B: flagged, no_kk wins.

    A NIK found in more than one PK family is not used for matching (ambiguous). Without
    ``pk_keluarga`` nothing is matched.
    """
    result = ctx.results.get(SPEC.base)
    if result is None or result.table.empty:
        return
    table = result.table
    families = ctx.parent_table("pk_keluarga")
    if families is None or "id_keluarga" not in families.columns:
        logger.info("dtks: pk_keluarga tidak ada; data kesejahteraan tidak ditautkan ke PK")
        return
    known = families["id_keluarga"]
    # by KK: PK family no. 1 of the KK, else the first family on the KK (pk_keluarga.id_kk)
    by_kk = table["id_keluarga"].where(member_of(table["id_keluarga"], known)).astype("string")
    if "id_kk" in families.columns:
        on_kk = positions(families["id_kk"], table["id_keluarga"])
        first = take_columns(families, on_kk, {"id_keluarga": "string"}, table.index)
        by_kk = by_kk.fillna(first["id_keluarga"])

    by_nik = pd.Series(pd.NA, index=table.index, dtype="string")
    members = ctx.parent_table("pk_anggota")
    if members is not None and {"nik_hash", "id_keluarga"} <= set(members.columns):
        wanted = table["nik_hash"].dropna().drop_duplicates()
        members = members.loc[
            member_of(members["nik_hash"], wanted),
            ["nik_hash", "id_keluarga"],
        ]
        pairs = members[member_of(members["id_keluarga"], known)]
        pairs = pairs.drop_duplicates()
        unique = pairs[~pairs["nik_hash"].duplicated(keep=False)]
        by_nik = table["nik_hash"].map(unique.set_index("nik_hash")["id_keluarga"])
        by_nik = by_nik.astype("string")

    by_kk = by_kk.astype("string")
    conflict = (by_kk.notna() & by_nik.notna() & by_kk.ne(by_nik)).fillna(False).astype(bool)
    matched = by_kk.fillna(by_nik)
    family = positions(known, matched)  # the first family row with the matched key

    def family_value(column: str) -> pd.Series:
        return take_columns(families, family, {column: "string"}, table.index)[column]

    result.table = table.assign(
        id_keluarga_pk=matched,
        kkb_id=family_value("kkb_id"),
        kode_kelurahan=family_value("kode_kelurahan"),
        cocok_pk=matched.notna().to_numpy(bool),
        flag_kk_nik_beda_keluarga=table["flag_kk_nik_beda_keluarga"].to_numpy(bool)
        | conflict.to_numpy(bool),
    )
    result.add_flags(
        conflict,
        "nik",
        "INKONSISTEN",
        "no_kk dan nik menunjuk ke keluarga PK yang berbeda; dipakai keluarga menurut no_kk",
    )
    n_unmatched = int((~result.table["cocok_pk"]).sum())
    if n_unmatched:
        logger.info("dtks: %d catatan tidak cocok dengan keluarga PK", n_unmatched)
