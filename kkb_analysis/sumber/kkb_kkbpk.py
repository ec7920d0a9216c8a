"""``kkb_kkbpk.csv`` — the monthly KKBPK report of each KKB (data-contract.md §7.3).

One row per ``kkb_id`` × ``tahun`` × ``bulan``: poktan participants, current contraceptive users
by method (7 portal methods) and PUS not using contraception by reason (4 portal reasons).

Derived: ``jumlah_pengguna_kb`` (Σ 7 methods), ``jumlah_mkjp`` (IUD + MOW + MOP + Implan),
``jumlah_tidak_kb`` (Σ 4 reasons) and ``pus_kkbpk`` = users + non-users (the KB partition
identity, indicators.md §3.1). When the month carries ``jumlah_pus`` the identity is checked and a
failing row is quarantined (B5) — the toolkit never repairs it the way BKKBN's cleansing did.

Cross-file checks against Pendataan Keluarga (B8 poktan participants ≤ PK denominators, B9 PUS
within ``validasi.selisih_pus_kkbpk`` of the PK PUS) run in :func:`check_links`; months missing in
the year (B10) are listed by :func:`missing_months` for the load summary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.batas import kutip_seri
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import ID_POLA, Column, FileSpec
from kkb_analysis.validation import LoadContext, LoadResult, Validator

PESERTA = ("peserta_bkb", "peserta_bkr", "peserta_bkl", "peserta_uppka", "peserta_pikr")
KB = ("kb_iud", "kb_mow", "kb_mop", "kb_kondom", "kb_implan", "kb_suntik", "kb_pil")
MKJP = ("kb_iud", "kb_mow", "kb_mop", "kb_implan")
TIDAK_KB = ("tidak_kb_hamil", "tidak_kb_ingin_anak_segera", "tidak_kb_iat", "tidak_kb_tial")
#: optional counts: not scored, but B4 (every count a non-negative integer) rejects a bad value
OPTIONAL_COUNTS = ("pengguna_bpjs", "jumlah_pus")
#: B8: participant column → its PK denominator column (indicators.md §4)
DENOMINATOR = {
    "peserta_bkb": "keluarga_punya_balita",
    "peserta_bkr": "keluarga_punya_remaja",
    "peserta_bkl": "keluarga_punya_lansia",
    "peserta_uppka": "jumlah_keluarga",
    "peserta_pikr": "jumlah_remaja",
}


def _count(name: str) -> Column:
    """A † count: column required, empty → 0 + flag, invalid or negative → reject (B4)."""
    return Column(name, "int", "skor", minimum=0, default=0)


SPEC = FileSpec(
    base="kkb_kkbpk",
    key_out=("kkb_id", "tahun", "bulan"),
    columns=(
        Column("kkb_id", "str", "ya", pattern=ID_POLA),
        Column("tahun", "int", "ya"),
        Column("bulan", "int", "ya", minimum=1, maximum=12),
        *(_count(c) for c in (*PESERTA, *KB, *TIDAK_KB)),
        # `kondisi` = parsed only: this module rejects invalid values (B4) itself
        Column("pengguna_bpjs", "int", "kondisi", minimum=0, presence_optional=True),
        Column("jumlah_pus", "int", "kondisi", minimum=0, presence_optional=True),
    ),
)


def _sum(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    return frame[list(columns)].sum(axis=1, min_count=len(columns)).astype("Int64")


def _num(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("")


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the monthly report (checks B1–B7) and derive the KB partition totals."""
    v = Validator(raw, SPEC, ctx)
    d = v.data
    v.reject_wrong_year()  # B2 (bulan 1–12 is a `ya` range check of the engine)
    v.reject_unknown_kkb()  # B1

    for name in OPTIONAL_COUNTS:  # B4 for the optional counts
        text = v.text[name]
        bad_type = text.notna() & d[name].isna()
        v.reject(
            bad_type,
            name,
            "TIPE_TIDAK_VALID",
            "nilai " + kutip_seri(text) + f" pada kolom {name} bukan bilangan bulat",
        )
        v.reject(
            d[name].lt(0).fillna(False),
            name,
            "DI_LUAR_RENTANG",
            "nilai " + kutip_seri(text) + f" pada kolom {name} negatif",
        )

    d["jumlah_pengguna_kb"] = _sum(d, KB)
    d["jumlah_mkjp"] = _sum(d, MKJP)
    d["jumlah_tidak_kb"] = _sum(d, TIDAK_KB)
    d["pus_kkbpk"] = (d["jumlah_pengguna_kb"] + d["jumlah_tidak_kb"]).astype("Int64")

    pus = d["jumlah_pus"]
    v.reject(  # B5: the KB partition identity
        pus.notna() & d["pus_kkbpk"].notna() & pus.ne(d["pus_kkbpk"]).fillna(False),
        "jumlah_pus",
        "INVARIAN_GAGAL",
        "identitas PUS gagal: pengguna KB 7 metode ("
        + _num(d["jumlah_pengguna_kb"])
        + ") + tidak ber-KB 4 alasan ("
        + _num(d["jumlah_tidak_kb"])
        + ") = "
        + _num(d["pus_kkbpk"])
        + ", tetapi jumlah_pus = "
        + _num(pus)
        + "; baris tidak diperbaiki otomatis, periksa laporan bulan ini",
    )
    v.reject_duplicates(["kkb_id", "tahun", "bulan"])  # B3 (after B1/B2/B4/B5)
    kept = pd.Series(~v.rejected, index=v.index)  # cross-field flags only on kept rows

    v.flag(  # B6 [asumsi]
        kept & d["pengguna_bpjs"].gt(d["jumlah_pengguna_kb"]).fillna(False),
        "pengguna_bpjs",
        "INKONSISTEN",
        "pengguna_bpjs ("
        + _num(d["pengguna_bpjs"])
        + ") lebih besar daripada jumlah pengguna KB ("
        + _num(d["jumlah_pengguna_kb"])
        + ")",
    )
    v.flag(  # B7
        kept & d["pus_kkbpk"].eq(0).fillna(False),
        "pus_kkbpk",
        "INKONSISTEN",
        "PUS bulan ini = 0 (semua hitungan KB nol/kosong); indikator output KB bulan ini "
        "'data tidak cukup'",
    )
    return v.finish()


# ---------------------------------------------------------------------- cross-file (B8, B9)
def _pk_denominators(ctx: LoadContext) -> pd.DataFrame | None:
    """PK denominators per ``kkb_id`` (indicators.md §4), or ``None`` without ``pk_keluarga``.

    Columns present only when their source table is loaded: ``jumlah_keluarga`` (pk_keluarga),
    ``keluarga_punya_balita``/``_remaja``/``_lansia`` and ``jumlah_remaja`` (pk_anggota), and
    ``pus_pk`` (pk_kb rows with ``is_pus``).
    """
    keluarga = ctx.parent_table("pk_keluarga")
    if keluarga is None:
        return None
    fam = keluarga[["id_keluarga", "kkb_id"]].dropna().drop_duplicates("id_keluarga")
    fam_kkb = fam.set_index("id_keluarga")["kkb_id"]
    out = pd.DataFrame({"jumlah_keluarga": fam.groupby("kkb_id").size()})

    anggota = ctx.parent_table("pk_anggota")
    if anggota is not None:
        umur = ctx.settings["umur"]
        m = pd.DataFrame(
            {
                "id_keluarga": anggota["id_keluarga"].to_numpy(),
                "kkb_id": anggota["id_keluarga"].map(fam_kkb).to_numpy(),
                "bulan": np.floor(
                    anggota["umur_bulan"].astype("Float64").to_numpy("float64", na_value=np.nan)
                ),
                "tahun": anggota["umur_tahun"]
                .astype("Float64")
                .to_numpy("float64", na_value=np.nan),
            }
        ).dropna(subset=["kkb_id"])
        lo, hi = umur["balita_bulan"]
        r_lo, r_hi = umur["remaja"]
        groups = {
            "keluarga_punya_balita": m["bulan"].between(lo, hi),
            "keluarga_punya_remaja": m["tahun"].between(r_lo, r_hi),
            "keluarga_punya_lansia": m["tahun"].ge(umur["lansia_min"]),
        }
        for name, mask in groups.items():
            out[name] = m[mask].groupby("kkb_id")["id_keluarga"].nunique()
        out["jumlah_remaja"] = m[groups["keluarga_punya_remaja"]].groupby("kkb_id").size()

    kb = ctx.parent_table("pk_kb")
    if kb is not None:
        pus = kb.loc[kb["is_pus"].fillna(False).astype(bool), "id_keluarga"].map(fam_kkb)
        out["pus_pk"] = pus.dropna().value_counts()
    return out.fillna(0).astype("int64")


def check_links(ctx: LoadContext) -> None:
    """B8 and B9: compare the kept monthly rows with denominators counted from PK (flags only).

    Skipped when ``kkb_kkbpk`` or ``pk_keluarga`` is absent; the member-based denominators need
    ``pk_anggota`` and B9 needs ``pk_kb`` (each part is skipped when its table is absent). A KKB
    with no PK family counts as denominator 0.
    """
    result = ctx.results.get(SPEC.base)
    if result is None or result.table.empty:
        return
    denom = _pk_denominators(ctx)
    if denom is None:
        return
    table = result.table
    for peserta, name in DENOMINATOR.items():  # B8
        if name not in denom.columns:
            continue
        d = table["kkb_id"].map(denom[name]).fillna(0).astype("int64")
        over = table[peserta].gt(d).fillna(False)
        result.add_flags(
            over,
            peserta,
            "INKONSISTEN",
            f"{peserta} ("
            + _num(table[peserta])
            + f") melebihi {name.replace('_', ' ')} menurut PK ("
            + d.astype("string")
            + ")",
        )
    if "pus_pk" in denom.columns:  # B9 [asumsi threshold]
        limit = float(ctx.settings["validasi"]["selisih_pus_kkbpk"])
        pus_pk = table["kkb_id"].map(denom["pus_pk"]).fillna(0).astype("int64")
        diff = (table["pus_kkbpk"].astype("Float64") - pus_pk).abs()
        far = (diff > limit * pus_pk).fillna(False)
        result.add_flags(
            far,
            "pus_kkbpk",
            "INKONSISTEN",
            "PUS KKBPK ("
            + _num(table["pus_kkbpk"])
            + ") berbeda lebih dari "
            + f"{limit:.0%}"
            + " dari PUS menurut PK ("
            + pus_pk.astype("string")
            + ")",
        )


# ---------------------------------------------------------------------- B10
def missing_months(table: pd.DataFrame, year: int, kkb: pd.DataFrame | None = None) -> pd.DataFrame:
    """B10: months 1–12 of ``year`` without a kept row, one row per (``kkb_id``, ``bulan_hilang``).

    Covers every KKB that has at least one kept row; with ``kkb`` (the kept KKB master) also the
    active KKB without any row (all 12 months listed). Sorted by ``kkb_id`` and month.
    """
    rows = table.loc[table["tahun"].eq(year).fillna(False).astype(bool), ["kkb_id", "bulan"]]
    ids = pd.Index(rows["kkb_id"].dropna().unique())
    if kkb is not None and not kkb.empty:
        active = kkb.loc[kkb["status_aktif"].fillna(False).astype(bool), "kkb_id"]
        ids = ids.union(pd.Index(active.dropna().unique()))
    full = pd.MultiIndex.from_product([ids.sort_values(), range(1, 13)], names=["kkb_id", "bulan"])
    have = pd.MultiIndex.from_frame(rows.dropna().astype({"bulan": "int64"}))
    gaps = full[~full.isin(have)]
    return pd.DataFrame(
        {
            "kkb_id": pd.array(gaps.get_level_values(0), dtype="string"),
            "bulan_hilang": gaps.get_level_values(1).astype("int64"),
        }
    )
