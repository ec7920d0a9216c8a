"""``pk_anggota.csv`` — Pendataan Keluarga, members (data-contract.md §7.7).

Personal data: ``nik`` is checked (§4.3) and hashed to ``nik_hash`` (valid NIKs only; sentinel
and invalid NIKs keep their ``nik_status`` but no hash); ``nama`` is dropped without any use;
``tanggal_lahir`` is dropped after deriving the ages at the family's reference date
(``tanggal_referensi`` of ``pk_keluarga``) and the birth year-month ``tahun_bulan_lahir``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.anthro import HARI_PER_BULAN
from kkb_analysis.frames import bmask, positions, take_columns
from kkb_analysis.pseudonim import nik_mismatches
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import Column, FileSpec
from kkb_analysis.sumber.pk_keluarga import (
    NO_URUT_KELUARGA,
    NO_URUT_MAKS,
    apply_no_urut_keluarga,
    family_key,
    reference_dates,
    reject_without_parent,
)
from kkb_analysis.validation import LoadContext, LoadResult, Validator

BASE = "pk_anggota"
KELOMPOK_UMUR = np.array([f"{a}-{a + 4}" for a in range(0, 75, 5)] + ["75+"], dtype=object)
INHERITED = {  # family fields copied to every member (name → dtype)
    "kkb_id": "string",
    "di_kelurahan_kkb": "boolean",
    "kode_kelurahan": "string",
    "kode_kecamatan": "string",
    "rw": "string",
}
UMUR_IBU_MIN = 10  # A10

SPEC = FileSpec(
    base=BASE,
    key_out=("id_anggota",),
    columns=(
        Column("no_kk", "id", "ya", personal="hash"),
        NO_URUT_KELUARGA,
        Column("no_urut", "int", "ya", minimum=1, maximum=NO_URUT_MAKS),
        Column("nik", "id", personal="hash"),
        Column("nama", "text", personal="drop"),
        Column("jenis_kelamin", "code", "ya", codes="jenis_kelamin"),
        Column("tanggal_lahir", "date", "ya", personal="drop"),
        Column("hubungan_kk", "code", codes="hubungan_kk"),
        Column("status_kawin", "code", codes="status_kawin"),
        Column("akta_lahir", "code", codes="akta_lahir"),
        Column("jaminan_kesehatan", "code", codes="jaminan_kesehatan"),
        Column("agama", "code", codes="agama"),
        Column("pendidikan_tertinggi", "code", codes="pendidikan_tertinggi"),
        Column("status_sekolah", "code", codes="status_sekolah"),
        Column("pekerjaan", "code", codes="pekerjaan"),
        Column("disabilitas", "bool"),
        Column("no_urut_ibu", "int", minimum=1, maximum=NO_URUT_MAKS),
    ),
)


def ages(birth: pd.Series, reference: pd.Series) -> pd.DataFrame:
    """``umur_hari``, ``umur_bulan`` (= days / 30.4375) and ``umur_tahun`` (completed years)."""
    days = (reference - birth).dt.days.astype("Int64")
    before_birthday = (reference.dt.month * 100 + reference.dt.day) < (
        birth.dt.month * 100 + birth.dt.day
    )
    years = (reference.dt.year - birth.dt.year - before_birthday.astype("Int64")).astype("Int64")
    return pd.DataFrame(
        {
            "umur_hari": days,
            "umur_bulan": days.astype("Float64") / HARI_PER_BULAN,
            "umur_tahun": years,
        },
        index=birth.index,
    )


def age_group(years: pd.Series) -> pd.Series:
    """16 five-year groups ``0-4`` … ``70-74``, ``75+`` (negative or missing → <NA>)."""
    ok = years.notna() & years.ge(0).fillna(False)
    pos = np.minimum(years.where(ok, 0).to_numpy(dtype=np.int64) // 5, len(KELOMPOK_UMUR) - 1)
    out = pd.Series(KELOMPOK_UMUR[pos], index=years.index, dtype="string")
    return out.where(ok.to_numpy(bool), pd.NA)


def birth_month(birth: pd.Series) -> pd.Series:
    """``YYYY-MM`` of a date (missing stays missing)."""
    out = (
        birth.dt.year.astype("Int64").astype("string")
        + "-"
        + birth.dt.month.astype("Int64").astype("string").str.zfill(2)
    )
    return out.astype("string")


def penghasilan_tetap(pekerjaan: pd.Series, settings: dict) -> pd.Series:
    """A.34 via ``penghasilan.pekerjaan_tidak_tetap`` / ``pekerjaan_tetap``; others → <NA>."""
    conf = settings["penghasilan"]
    out = pd.Series(pd.NA, index=pekerjaan.index, dtype="boolean")
    out[pekerjaan.isin([str(c) for c in conf["pekerjaan_tidak_tetap"]]).fillna(False)] = False
    out[pekerjaan.isin([str(c) for c in conf["pekerjaan_tetap"]]).fillna(False)] = True
    return out


def _same_family_keys(family_codes: np.ndarray, *numbers: pd.Series) -> tuple[np.ndarray, ...]:
    """Integer keys (family, number) for each number column; -1 where a part is missing.

    The numbers of all columns share one factorisation so that keys are comparable across
    columns (``no_urut`` vs ``no_urut_ibu``).
    """
    arrays = [n.to_numpy(dtype="float64", na_value=np.nan) for n in numbers]
    codes, uniques = pd.factorize(np.concatenate(arrays), use_na_sentinel=True)
    width = max(len(uniques), 1)
    out = []
    for i in range(len(arrays)):
        part = codes[i * len(family_codes) : (i + 1) * len(family_codes)]
        ok = (part >= 0) & (family_codes >= 0)
        out.append(np.where(ok, family_codes.astype(np.int64) * width + part, -1))
    return tuple(out)


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the PK member file (checks A1–A11) and derive ages, NIK fields and links."""
    v = Validator(raw, SPEC, ctx)
    d = v.data
    apply_no_urut_keluarga(v)
    family = family_key(v)
    d["id_keluarga"] = family.hashes
    d["id_anggota"] = (d["id_keluarga"] + ":" + d["no_urut"].astype("string")).astype("string")
    member_key, mother_key = _same_family_keys(family.codes, d["no_urut"], d["no_urut_ibu"])

    # A9 / §4.3: NIK checks (flags only), then the hash of valid NIKs.
    nik, valid, nik_hash = v.pseudonymise_nik("nik")
    status = nik["nik_status"]
    outside_banten = ~nik["nik_norm"].str.startswith("36").astype("boolean").fillna(True)
    d["nik_luar_banten"] = pd.Series(valid & outside_banten.to_numpy(bool), index=v.index)
    d["nik_luar_banten"] = d["nik_luar_banten"].astype("boolean").mask(~valid)
    v.flag(
        status.isin(["invalid"]).to_numpy(bool),
        "nik",
        "NIK_TIDAK_VALID",
        "NIK bukan 16 digit, bagian tanggalnya mustahil, atau sudah diubah Excel menjadi angka",
    )
    special = status.notna().to_numpy(bool) & ~status.isin(["valid", "invalid"]).to_numpy(bool)
    v.flag(
        special,
        "nik",
        "NIK_KHUSUS",
        "NIK kode khusus (999…): nik_status = " + status[special],
    )
    date_bad, sex_bad = nik_mismatches(nik, d["tanggal_lahir"], d["jenis_kelamin"])
    v.flag(
        date_bad,
        "nik",
        "NIK_BEDA_TGL_LAHIR",
        "tanggal lahir pada NIK berbeda dengan tanggal_lahir (tanggal_lahir tidak diubah)",
    )
    v.flag(
        sex_bad,
        "nik",
        "NIK_BEDA_JK",
        "jenis kelamin pada NIK (tanggal + 40 = perempuan) berbeda dengan jenis_kelamin "
        "(jenis_kelamin tidak diubah)",
    )

    # A1: the family exists and was kept; inherit its reference date and location.
    families = ctx.parent_table("pk_keluarga", keep_empty=True)
    pos = positions(families["id_keluarga"], family) if families is not None else None
    reject_without_parent(
        v,
        None if pos is None else pos >= 0,
        "id_keluarga",
        "pk_keluarga",
        "keluarga (no_kk, no_urut_keluarga)",
    )
    fam = take_columns(
        families,
        np.full(len(v.index), -1) if pos is None else pos,
        {"tanggal_referensi": "datetime64[ns]", **INHERITED},
        v.index,
    )
    fallback = reference_dates(pd.Series(pd.NaT, index=v.index), ctx)
    reference = fam["tanggal_referensi"].fillna(fallback)
    for column in INHERITED:
        d[column] = fam[column]

    # Ages at the family's reference date; A5 birth after that date, A6 older than the maximum.
    birth = d["tanggal_lahir"]
    umur = ages(birth, reference)
    for column in umur:
        d[column] = umur[column]
    future = (birth.notna() & (birth > reference)).to_numpy(bool)
    v.reject(
        future,
        "tanggal_lahir",
        "TANGGAL_TIDAK_LOGIS",
        "tanggal_lahir sesudah tanggal referensi pendataan keluarga ("
        + reference[future].dt.strftime("%Y-%m-%d")
        + ")",
    )
    maks = ctx.settings["umur"]["maksimum_tahun"]
    v.flag(
        bmask(d["umur_tahun"].gt(maks)),
        "tanggal_lahir",
        "DI_LUAR_RENTANG",
        f"umur lebih dari {maks} tahun; periksa tanggal_lahir",
    )

    # A2 after the other rejections: the first row that is not rejected keeps the key.
    v.reject_duplicates(["id_anggota"], "no_kk, no_urut_keluarga, no_urut", codes=member_key)
    kept = ~v.rejected
    in_family = kept & (family.codes >= 0)
    n_families = len(family.distinct) + 1  # last slot: rows without a family key

    # A8: exactly one head (hubungan_kk = 1) among the kept members of each family.
    is_head = in_family & d["hubungan_kk"].isin(["1"]).to_numpy(bool)
    heads = np.bincount(family.codes[is_head], minlength=n_families)
    n_heads = heads[family.codes]
    not_one = in_family & (n_heads != 1)
    v.flag(
        not_one,
        "hubungan_kk",
        "INKONSISTEN",
        "keluarga ini punya "
        + pd.Series(n_heads, index=v.index)[not_one].astype("string")
        + " kepala keluarga (hubungan_kk = 1); seharusnya tepat 1",
    )
    # A10: no_urut_ibu must be a kept female member aged ≥ 10 of the same family.
    eligible = kept & d["jenis_kelamin"].isin(["P"]).to_numpy(bool)
    eligible &= bmask(d["umur_tahun"].ge(UMUR_IBU_MIN))
    has_ibu = kept & d["no_urut_ibu"].notna().to_numpy(bool)
    bad_ibu = has_ibu & (
        ~np.isin(mother_key, member_key[eligible]) | (mother_key < 0) | (mother_key == member_key)
    )
    v.flag(
        bad_ibu,
        "no_urut_ibu",
        "INKONSISTEN",
        "no_urut_ibu "
        + d["no_urut_ibu"][bad_ibu].astype("string")
        + f" bukan anggota perempuan berumur ≥ {UMUR_IBU_MIN} tahun dari keluarga yang sama; "
        "dikosongkan",
        set_missing=True,
    )
    # A11: status_sekolah is asked for members aged 5+ only.
    v.flag(
        kept & d["status_sekolah"].notna().to_numpy(bool) & bmask(d["umur_tahun"].lt(5)),
        "status_sekolah",
        "INKONSISTEN",
        "status_sekolah terisi untuk anak berumur di bawah 5 tahun",
    )
    # §4.3: the same valid NIK on two or more kept member rows.
    counted = kept & valid & (nik_hash.codes >= 0)
    per_nik = np.bincount(nik_hash.codes[counted], minlength=len(nik_hash.distinct) + 1)
    v.flag(
        counted & (per_nik[nik_hash.codes] > 1),
        "nik",
        "NIK_GANDA",
        "NIK yang sama tercatat pada lebih dari satu anggota",
    )

    d["kelompok_umur"] = age_group(d["umur_tahun"])
    d["tahun_bulan_lahir"] = birth_month(birth)
    d["penghasilan_tetap"] = penghasilan_tetap(d["pekerjaan"], ctx.settings)
    return v.finish(extra_quarantine_columns=("id_keluarga", "nik_status", "nik_hash"))
