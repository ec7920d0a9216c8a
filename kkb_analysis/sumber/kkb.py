"""``kkb.csv`` — the KKB master list of a data year (data-contract.md §7.1).

Also home of the KKB membership rule (data-contract.md §5, :func:`assign_kkb`) that places PK
families and e-PPGBM children in a KKB.
"""

from __future__ import annotations

import pandas as pd

from kkb_analysis.batas import kutip
from kkb_analysis.config import load_reference
from kkb_analysis.errors import FileProblem
from kkb_analysis.nama import masalah_kkb_id
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import ID_POLA, Column, FileSpec
from kkb_analysis.validation import LoadContext, LoadResult, Validator

SPEC = FileSpec(
    base="kkb",
    key_out=("kkb_id",),
    columns=(
        Column("kkb_id", "str", "ya", pattern=ID_POLA),
        Column("nama_kkb", "text", "ya", published_free_text=True),
        Column("kode_kelurahan", "code", "ya", codes="kelurahan", invalid_code="DI_LUAR_WILAYAH"),
        Column("cakupan_wilayah", "code", "ya", codes="cakupan_wilayah"),
        # 'kondisi': load() rejects a list with a non-numeric RW (K-check) itself
        Column("rw_list", "str", "kondisi", pattern=r"[0-9;\s]+", presence_optional=True),
        Column("tanggal_pencanangan", "date"),
        Column("regulasi_id", "code", codes="regulasi_id"),
        Column("nomor_sk", "str", published_free_text=True),  # a decree number, shown
        Column("kriteria_1_kb_rendah", "bool"),
        Column("kriteria_2_miskin_tinggi", "bool"),
        Column("kriteria_3_wilayah_khusus", "bool"),
        Column("kriteria_4_lainnya", "bool"),
        Column("kriteria_wilayah", "list", codes="kriteria_wilayah"),
        Column("latitude", "float"),
        Column("longitude", "float"),
        Column("status_aktif", "bool", "ya"),
    ),
)


def _normalise_rw_list(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``3;04;005`` → ``003;004;005``; returns the normalised list and a mask of bad lists."""
    parts = text.fillna("").str.split(";")
    bad = parts.map(lambda items: any(i.strip() and not i.strip().isdigit() for i in items))
    norm = parts.map(
        lambda items: ";".join(sorted({i.strip().zfill(3) for i in items if i.strip()}))
    )
    norm = norm.where(~bad & norm.ne(""), pd.NA).astype("string")
    return norm, bad.astype(bool) & text.notna()


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the KKB master (checks K1–K10) and derive the location fields."""
    v = Validator(raw, SPEC, ctx)
    d = v.data
    v.reject_duplicates(["kkb_id"])
    # kkb_id names the report folder: refuse ids that are unsafe or collide with output names,
    # and ids that differ only by letter case from an earlier one (one folder on Windows/macOS)
    ids = v.text["kkb_id"]
    why = ids.map(lambda k: masalah_kkb_id(k, kutip(k)) if isinstance(k, str) else None)
    v.reject(why.notna(), "kkb_id", "TIPE_TIDAK_VALID", lambda m: why[m].astype("string"))
    lower = ids.str.lower().where(~v.rejected)
    same_case = lower.duplicated(keep="first") & lower.notna() & ~ids.duplicated(keep="first")
    v.reject(
        same_case,
        "kkb_id",
        "DUPLIKAT_KUNCI",
        "kkb_id hanya berbeda huruf besar/kecil dari kkb_id di baris sebelumnya; kode KKB harus "
        "berbeda lebih dari huruf besar/kecil",
    )
    norm, bad = _normalise_rw_list(v.text["rw_list"])
    v.reject(bad, "rw_list", "TIPE_TIDAK_VALID", "rw_list berisi nomor RW yang bukan angka")
    d["rw_list"] = norm

    # K4: no (kelurahan, RW) pair in two active KKB; a whole-kelurahan KKB stands alone.
    claimed: dict[str, set[str] | None] = {}
    overlap = pd.Series(False, index=v.index)
    active = d["status_aktif"].fillna(False).astype(bool) & ~v.rejected
    for idx in d.index[active]:
        kel = d.at[idx, "kode_kelurahan"]
        if pd.isna(kel):
            continue
        rws = None if pd.isna(d.at[idx, "rw_list"]) else set(d.at[idx, "rw_list"].split(";"))
        if kel in claimed:
            prev = claimed[kel]
            if prev is None or rws is None or prev & rws:
                overlap[idx] = True
                continue
            claimed[kel] = prev | rws
        else:
            claimed[kel] = rws
    v.reject(
        overlap,
        "kode_kelurahan",
        "KKB_TUMPANG_TINDIH",
        "wilayah (kelurahan/RW) sudah diklaim KKB aktif lain di baris sebelumnya",
    )

    is_rw = d["cakupan_wilayah"].eq("RW")
    has_rw = d["rw_list"].notna()
    v.flag(
        (is_rw & ~has_rw) | (d["cakupan_wilayah"].isin(["Desa", "Dusun"]) & has_rw),
        "cakupan_wilayah",
        "INKONSISTEN",
        "cakupan_wilayah tidak cocok dengan rw_list (RW ⇔ rw_list terisi)",
    )
    box = ctx.settings["validasi"]["kotak_koordinat"]
    outside = (d["latitude"].notna() & ~d["latitude"].between(*box["lintang"])) | (
        d["longitude"].notna() & ~d["longitude"].between(*box["bujur"])
    )
    v.flag(outside, "latitude", "DI_LUAR_RENTANG", "koordinat di luar Kota Cilegon; dikosongkan")
    d.loc[outside.to_numpy(bool), ["latitude", "longitude"]] = pd.NA
    v.flag(
        d["kriteria_3_wilayah_khusus"].eq(True) & d["kriteria_wilayah"].isna(),
        "kriteria_wilayah",
        "INKONSISTEN",
        "kriteria_3_wilayah_khusus = ya tetapi kriteria_wilayah kosong",
    )
    v.flag(
        d["regulasi_id"].isna() != d["nomor_sk"].isna(),
        "nomor_sk",
        "INKONSISTEN",
        "regulasi_id dan nomor_sk harus sama-sama terisi atau sama-sama kosong",
    )
    v.flag(
        d["tanggal_pencanangan"] > ctx.year_end,
        "tanggal_pencanangan",
        "DI_LUAR_PERIODE",
        f"tanggal_pencanangan sesudah akhir tahun {ctx.year}",
    )
    result = v.finish()
    _derive_location(result.table)
    if not result.table["status_aktif"].fillna(False).any():
        result.problems.append(
            FileProblem(
                raw.file,
                "FILE_TIDAK_TERBACA",
                "tidak ada satu pun KKB aktif yang sah (status_aktif = ya). Periksa kolom "
                "status_aktif dan baris yang dikarantina.",
                "status_aktif",
            )
        )
    return result


def assign_kkb(
    kode_kelurahan: pd.Series, rw: pd.Series, kkb: pd.DataFrame | None
) -> tuple[pd.Series, pd.Series]:
    """KKB membership of data-contract.md §5: ``kkb_id`` and ``di_kelurahan_kkb``.

    Only active KKB count. A whole-kelurahan KKB (empty ``rw_list``) takes every family of its
    kelurahan, also those with an empty/invalid ``rw``; an RW-level KKB takes the families whose
    normalised ``rw`` is in its list. ``di_kelurahan_kkb`` tells whether the family's kelurahan
    hosts an active KKB (for the "sisa kelurahan" comparison area); it is unknown (<NA>) when no
    KKB master was loaded. Used for PK families (``pk_keluarga``) and e-PPGBM children.
    """
    index = kode_kelurahan.index
    kkb_id = pd.Series(pd.NA, index=index, dtype="string")
    if kkb is None:
        return kkb_id, pd.Series(pd.NA, index=index, dtype="boolean")
    active, whole, pairs = _coverage(kkb)
    pair_ids = pd.Series(
        pairs["kkb_id"].to_numpy(), index=(pairs["kode_kelurahan"] + "|" + pairs["rw"]).to_numpy()
    )
    kel = kode_kelurahan.astype("string")
    from_rw = (kel + "|" + rw.astype("string")).map(pair_ids)
    from_whole = kel.map(pd.Series(whole["kkb_id"].to_numpy(), index=whole["kode_kelurahan"]))
    kkb_id = from_whole.astype("string").fillna(from_rw.astype("string"))
    hosts = kel.isin(set(active["kode_kelurahan"])).to_numpy(bool) & kel.notna().to_numpy(bool)
    return kkb_id, pd.Series(hosts, index=index, dtype="boolean")


def _coverage(kkb: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Active KKB, whole-kelurahan KKB (first per kelurahan) and (kelurahan, RW) pairs of
    RW-level KKB (first per pair, ``rw`` normalised to 3 digits), as :func:`assign_kkb` uses."""
    active = kkb[kkb["status_aktif"].fillna(False).astype(bool) & kkb["kode_kelurahan"].notna()]
    active = active[["kkb_id", "kode_kelurahan", "rw_list"]].astype("string")
    whole = active[active["rw_list"].isna()].drop_duplicates("kode_kelurahan")
    by_rw = active[active["rw_list"].notna()]
    pairs = by_rw.assign(rw=by_rw["rw_list"].str.split(";")).explode("rw")
    pairs["rw"] = pairs["rw"].astype("string").str.strip().str.zfill(3)
    pairs = pairs.drop_duplicates(["kode_kelurahan", "rw"])
    return active, whole, pairs


#: ``rw`` of a whole-kelurahan KKB in :func:`cakupan_kkb` (every RW, an unknown RW too).
SELURUH_KELURAHAN = "*"


def cakupan_kkb(kkb: pd.DataFrame | None) -> pd.DataFrame:
    """Where the active KKB of a master actually lie: one row per (``kode_kelurahan``, ``rw``)
    unit with the ``kkb_id`` that :func:`assign_kkb` gives to rows there.

    A whole-kelurahan KKB is one unit with ``rw`` = :data:`SELURUH_KELURAHAN`; an RW of an
    RW-level KKB in a kelurahan that a whole-kelurahan KKB already takes is left out (it never
    receives a row), and so is an RW claimed twice after the first. Two masters with equal
    coverage place every row alike: comparing the units of a KKB, or all of them, tells whether
    an area kept its boundaries (:mod:`kkb_analysis.indikator.perubahan`). Sorted by the keys.
    """
    columns = ["kode_kelurahan", "rw", "kkb_id"]
    if kkb is None or kkb.empty:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns})
    _, whole, pairs = _coverage(kkb)
    pairs = pairs[~pairs["kode_kelurahan"].isin(set(whole["kode_kelurahan"]))]
    units = pd.concat([whole.assign(rw=SELURUH_KELURAHAN), pairs], ignore_index=True)[columns]
    return units.astype("string").sort_values(columns[:2]).reset_index(drop=True)


def _derive_location(table: pd.DataFrame) -> None:
    wilayah = load_reference("wilayah")
    kel = {k["kode"]: k for k in wilayah["kelurahan"]}
    kec = {k["kode"]: k["nama"] for k in wilayah["kecamatan"]}
    table["kode_kecamatan"] = table["kode_kelurahan"].str.slice(0, 8)
    table["nama_kelurahan"] = table["kode_kelurahan"].map(lambda c: kel[c]["nama"])
    table["nama_kecamatan"] = table["kode_kecamatan"].map(kec)
    table["kode_kelurahan_bps"] = table["kode_kelurahan"].map(lambda c: kel[c]["kode_bps"])
    table["tahun_pembentukan"] = table["tanggal_pencanangan"].dt.year.astype("Int64")
