"""``pk_keluarga.csv`` — Pendataan Keluarga, family level, city-wide (data-contract.md §7.6).

Besides the loader this module holds the pieces shared by the three PK loaders (``pk_anggota``
and ``pk_kb`` import them): the family key ``id_keluarga``, the rule for ``no_urut_keluarga``, the
parent rule and the PK reference date. Generic key/mask helpers live in :mod:`kkb_analysis.frames`,
the keyed hash in :mod:`kkb_analysis.pseudonim` and the KKB membership rule (data-contract.md §5)
in :mod:`kkb_analysis.sumber.kkb`.

Design choices on open points (see the loader report):

- ``no_urut_keluarga`` is part of the family key: empty → 1 (contract default); a value that is
  not an integer ≥ 1 rejects the row (an invalid key cannot be linked safely, §3.1).
- ``tanggal_referensi`` = ``tanggal_pendataan`` when present (also when it is flagged F10), else
  ``umur.tanggal_referensi_pk`` of the data year (indicators.md §1.1).
- ``rumah_layak_huni`` (indicators.md §9.5) divides the floor area by the declared
  ``jumlah_anggota``; where that is missing, :func:`check_links` uses the number of member rows
  (``jumlah_anggota_terdata``) once ``pk_anggota`` is loaded. Any missing input → unknown.
- Without a KKB master (``kkb`` absent) ``kkb_id`` stays empty and ``di_kelurahan_kkb`` is unknown.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kkb_analysis.batas import kutip_seri
from kkb_analysis.config import load_reference
from kkb_analysis.frames import bmask, positions
from kkb_analysis.pseudonim import HashedKey, looks_like_excel_number, normalise_id
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import ID_POLA, Column, FileSpec
from kkb_analysis.sumber.kkb import assign_kkb
from kkb_analysis.validation import LoadContext, LoadResult, Validator

BASE = "pk_keluarga"
AIR_LAYAK = ("1", "2", "3", "4")  # A.22 [sumber S21]
LUAS_PER_ORANG_MIN = 7.2  # m² per person, indicators.md §9.5 [sumber S47]
#: realistic maxima of the integer keys: a NIK or No. KK typed there is out of range
NO_URUT_KELUARGA_MAKS = 20  # PK families on one KK
NO_URUT_MAKS = 99  # members of one family (jumlah_anggota is at most 20)
NO_URUT_KELUARGA = Column(
    "no_urut_keluarga",
    "int",
    "kondisi",
    minimum=1,
    maximum=NO_URUT_KELUARGA_MAKS,
    presence_optional=True,
)

SPEC = FileSpec(
    base=BASE,
    key_out=("id_keluarga",),
    columns=(
        Column("no_kk", "id", "ya", personal="hash"),
        NO_URUT_KELUARGA,
        Column("kode_kelurahan", "code", "kondisi", codes="kelurahan"),
        Column("rw", "rw", "kondisi"),
        Column("rt", "rw"),
        Column("tipe_keluarga", "code", codes="tipe_keluarga"),
        Column("jumlah_anggota", "int", minimum=1, maximum=20),
        Column("tanggal_pendataan", "date"),
        Column("p01_ibadah", "code", codes="jawaban_pk"),
        Column("p02_buku_nikah", "code", codes="jawaban_pk_tb"),
        Column("p03a_tanpa_tegur_sapa", "code", codes="jawaban_pk"),
        Column("p03b_pisah_ranjang", "code", codes="jawaban_pk_tb"),
        Column("p03c_pergi_dari_rumah", "code", codes="jawaban_pk"),
        Column("p03d_kdrt", "code", codes="jawaban_pk"),
        Column("p04_sumber_penghasilan", "code", codes="jawaban_pk"),
        Column("p05_makanan_beragam", "code", codes="jawaban_pk"),
        Column("punya_tabungan", "code", codes="jawaban_pk"),
        Column("berobat_faskes", "code", codes="jawaban_pk"),
        Column("akses_media_online", "code", codes="jawaban_pk"),
        Column("makan_bersama", "code", codes="jawaban_pk"),
        Column("komunikasi_keluarga", "code", codes="jawaban_pk"),
        Column("rekreasi", "code", codes="jawaban_pk"),
        Column("kegiatan_sosial", "code", codes="jawaban_pk"),
        Column("sumber_air_minum_utama", "code", codes="sumber_air_minum_utama"),
        Column("fasilitas_bab", "code", codes="fasilitas_bab"),
        Column("luas_lantai_m2", "float"),
        Column("jenis_lantai", "code", codes="jenis_lantai"),
        Column("jenis_dinding", "code", codes="jenis_dinding"),
        Column("jenis_atap", "code", codes="jenis_atap"),
        Column("sumber_penerangan", "code", codes="sumber_penerangan"),
        Column("kepemilikan_rumah", "code", codes="kepemilikan_rumah"),
        Column("umkm_id", "str", pattern=ID_POLA),
    ),
)


# ---------------------------------------------------------------------------- shared PK helpers
def apply_no_urut_keluarga(v: Validator) -> None:
    """``no_urut_keluarga``: empty → 1; not an integer in 1 … :data:`NO_URUT_KELUARGA_MAKS` →
    reject (it is part of the key; the value is then never used nor shown)."""
    text = v.text["no_urut_keluarga"]
    value = v.data["no_urut_keluarga"]
    invalid = text.notna().to_numpy(bool) & value.isna().to_numpy(bool)
    v.reject(
        invalid,
        "no_urut_keluarga",
        "TIPE_TIDAK_VALID",
        lambda m: (
            "nilai "
            + kutip_seri(text[m])
            + " pada kolom no_urut_keluarga bukan bilangan bulat (bagian dari kunci keluarga)"
        ),
    )
    out = bmask(value.lt(1) | value.gt(NO_URUT_KELUARGA_MAKS))
    v.reject(
        out,
        "no_urut_keluarga",
        "DI_LUAR_RENTANG",
        f"no_urut_keluarga harus bilangan bulat 1–{NO_URUT_KELUARGA_MAKS} (bagian dari kunci "
        "keluarga)",
    )
    value = value.mask(out)
    v.data["no_urut_keluarga"] = value.where(text.notna(), 1).astype("Int64")


def family_key(v: Validator, digits: pd.Series | None = None) -> HashedKey:
    """``id_keluarga = HMAC(salt, digits(no_kk) + "#" + no_urut_keluarga)`` (§4.2).

    Needs :func:`apply_no_urut_keluarga` first. Rows whose key parts are missing or invalid get
    a missing key (they are rejected anyway). ``digits``: :func:`normalise_id` of ``no_kk`` if
    the caller has it already.
    """
    if digits is None:
        digits = normalise_id(v.text["no_kk"])
    urut = v.data["no_urut_keluarga"]
    usable = urut.where(bmask(urut.ge(1))).astype("string")
    return v.hash_family(digits + "#" + usable)


def reject_without_parent(
    v: Validator,
    found: np.ndarray | None,
    key: str,
    parent_base: str,
    what: str,
) -> None:
    """The parent rule of §3.4: a child of a missing or rejected parent row is rejected.

    ``found`` marks the rows whose parent key exists among the kept parent rows; ``None`` means
    the parent file was not supplied, which rejects every row with an explanation.
    """
    if found is None:
        v.reject(
            np.ones(len(v.index), dtype=bool),
            key,
            "REFERENSI_TIDAK_ADA",
            f"berkas {parent_base} tidak ada untuk tahun {v.ctx.year}, sehingga {what} tidak "
            f"dapat ditautkan; sertakan {parent_base}.csv lalu jalankan ulang",
        )
        return
    v.reject(
        v.data[key].notna().to_numpy(bool) & ~found,
        key,
        "REFERENSI_TIDAK_ADA",
        f"{what} tidak ada (atau ditolak) di berkas {parent_base}",
    )


def reference_dates(tanggal_pendataan: pd.Series, ctx: LoadContext) -> pd.Series:
    """The PK reference date: ``tanggal_pendataan``, else MM-DD ``umur.tanggal_referensi_pk``."""
    month, day = (int(p) for p in str(ctx.settings["umur"]["tanggal_referensi_pk"]).split("-"))
    default = pd.Timestamp(date(ctx.year, month, day))
    return tanggal_pendataan.fillna(default).astype("datetime64[ns]")


# ---------------------------------------------------------------------------- derived fields
def _in(series: pd.Series, codes: list[str] | tuple[str, ...]) -> pd.Series:
    """``series ∈ codes`` as a nullable boolean (missing stays missing)."""
    out = series.isin(list(codes)).astype("boolean")
    return out.mask(series.isna())


def jamban_layak(fasilitas_bab: pd.Series, settings: dict) -> pd.Series:
    """A.23: 1 layak; 2 and 4 not; 3 (jamban bersama) per ``krs.jamban_bersama_layak``."""
    layak = ["1", "3"] if settings["krs"]["jamban_bersama_layak"] else ["1"]
    return _in(fasilitas_bab, layak)


def rumah_layak_huni(table: pd.DataFrame, persons: pd.Series) -> pd.Series:
    """indicators.md §9.5: durable materials, ≥ 7.2 m² per person, water and latrine layak.

    Unknown (<NA>) when any input is missing, as the indicator definition states.
    """
    kode = load_reference("kode")
    durable = (
        _in(table["jenis_lantai"], kode["jenis_lantai"]["tahan_lama"])
        & _in(table["jenis_dinding"], kode["jenis_dinding"]["tahan_lama"])
        & _in(table["jenis_atap"], kode["jenis_atap"]["tahan_lama"])
    )
    persons = persons.astype("Float64").where(persons.gt(0).fillna(False))
    space = (table["luas_lantai_m2"].astype("Float64") / persons).ge(LUAS_PER_ORANG_MIN)
    inputs = [
        table[c]
        for c in ("jenis_lantai", "jenis_dinding", "jenis_atap", "luas_lantai_m2", "fasilitas_bab")
    ]
    inputs += [persons, table["sumber_air_minum_utama"]]
    any_missing = pd.concat([s.isna() for s in inputs], axis=1).any(axis=1)
    out = (durable & space & table["air_minum_layak"] & table["jamban_layak"]).astype("boolean")
    return out.mask(any_missing)


# ---------------------------------------------------------------------------- loader
def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate the PK family file (checks F1–F7, F10, F11) and derive the family fields."""
    v = Validator(raw, SPEC, ctx)
    d = v.data

    # F1 (engine: no_kk required) and F2: not 16 digits or an Excel-mangled number → flag, keep.
    no_kk = v.text["no_kk"]
    excel = (looks_like_excel_number(no_kk.fillna("")) | v.excel_cells("no_kk")).to_numpy(bool)
    digits = normalise_id(no_kk)
    not_16 = ~digits.str.fullmatch(r"\d{16}").fillna(False).astype(bool).to_numpy()
    bad_kk = no_kk.notna().to_numpy() & (excel | not_16)
    v.flag(
        bad_kk,
        "no_kk",
        "NO_KK_TIDAK_VALID",
        pd.Series(
            np.where(
                excel,
                "no_kk tampak sudah diubah Excel menjadi angka (digit terakhir bisa hilang); "
                "tetap dipakai sebagai kunci",
                "no_kk bukan 16 digit; tetap dipakai sebagai kunci",
            ),
            index=v.index,
        ),
    )
    d["flag_no_kk_tidak_valid"] = pd.array(bad_kk, dtype="boolean")

    apply_no_urut_keluarga(v)
    family = family_key(v, digits)
    d["id_keluarga"] = family.hashes
    # the KK's key in the form welfare records carry (dtks.py): the same for every family on
    # one KK, so a DTKS/P3KE/DTSEN record of the KK reaches all of them (indicators.md §9.2)
    d["id_kk"] = v.hash_family(digits + "#1").hashes

    # F4: missing or unknown kelurahan → tolak DI_LUAR_WILAYAH.
    kel_text = v.text["kode_kelurahan"]
    v.reject(
        kel_text.isna(),
        "kode_kelurahan",
        "DI_LUAR_WILAYAH",
        "kode_kelurahan kosong; keluarga tidak dapat ditempatkan di salah satu dari 43 kelurahan",
    )
    unknown = kel_text.notna().to_numpy(bool) & d["kode_kelurahan"].isna().to_numpy(bool)
    v.reject(
        unknown,
        "kode_kelurahan",
        "DI_LUAR_WILAYAH",
        "nilai "
        + kutip_seri(kel_text[unknown])
        + " pada kolom kode_kelurahan bukan salah satu dari 43 "
        "kode kelurahan Kota Cilegon (bentuk 36.72.CC.1DDD)",
    )

    # F3 after the other rejections: the first row in file order that is not rejected keeps the
    # key, so an invalid first occurrence does not also remove a valid repeat.
    v.reject_duplicates(["id_keluarga"], "no_kk, no_urut_keluarga", codes=family.codes)

    # F5: empty or non-numeric rw → flag; only a whole-kelurahan KKB can take the family.
    rw_text = v.text["rw"]
    rw_bad = rw_text.notna().to_numpy(bool) & d["rw"].isna().to_numpy(bool)
    v.flag(
        rw_text.isna(),
        "rw",
        "NILAI_WAJIB_KOSONG",
        "rw kosong; keluarga hanya masuk KKB yang mencakup seluruh kelurahan",
    )
    v.flag(
        rw_bad,
        "rw",
        "TIPE_TIDAK_VALID",
        "nilai "
        + kutip_seri(rw_text[rw_bad])
        + " pada kolom rw bukan angka; dikosongkan, keluarga "
        "hanya masuk KKB yang mencakup seluruh kelurahan",
    )
    d["flag_rw_tidak_valid"] = d["rw"].isna().astype("boolean")

    # F6, F7: the engine flags (value → missing) invalid rt and coded items.
    # F10: tanggal_pendataan outside the folder year.
    tgl = d["tanggal_pendataan"]
    outside = tgl.notna().to_numpy(bool) & ~tgl.between(ctx.year_start, ctx.year_end).to_numpy(bool)
    v.flag(
        outside,
        "tanggal_pendataan",
        "DI_LUAR_PERIODE",
        "tanggal_pendataan "
        + kutip_seri(v.text["tanggal_pendataan"][outside])
        + f" di luar tahun {ctx.year}",
    )
    # F11: luas_lantai_m2 outside (0, maks].
    maks = ctx.settings["validasi"]["luas_lantai_maks_m2"]
    luas = d["luas_lantai_m2"]
    bad_luas = luas.notna().to_numpy(bool) & ~bmask(luas.gt(0) & luas.le(maks))
    v.flag(
        bad_luas,
        "luas_lantai_m2",
        "DI_LUAR_RENTANG",
        "nilai "
        + kutip_seri(v.text["luas_lantai_m2"][bad_luas])
        + " pada kolom luas_lantai_m2 di luar "
        f"rentang (0, {maks}] m²; dikosongkan",
        set_missing=True,
    )

    result = v.finish()
    _derive(result.table, ctx)
    return result


def _derive(table: pd.DataFrame, ctx: LoadContext) -> None:
    table["tahun"] = pd.array([ctx.year] * len(table), dtype="Int64")
    table["kode_kecamatan"] = table["kode_kelurahan"].astype("string").str.slice(0, 8)
    table["tanggal_referensi"] = reference_dates(table["tanggal_pendataan"], ctx)
    kkb_id, hosts = assign_kkb(table["kode_kelurahan"], table["rw"], ctx.table("kkb"))
    table["kkb_id"] = kkb_id
    table["di_kelurahan_kkb"] = hosts
    table["air_minum_layak"] = _in(table["sumber_air_minum_utama"], AIR_LAYAK)
    table["jamban_layak"] = jamban_layak(table["fasilitas_bab"], ctx.settings)
    table["rumah_layak_huni"] = rumah_layak_huni(table, table["jumlah_anggota"])
    table["jumlah_anggota_terdata"] = pd.array([pd.NA] * len(table), dtype="Int64")


# ---------------------------------------------------------------------------- cross-file checks
def check_links(ctx: LoadContext) -> None:
    """F8, F9, F12 and ``jumlah_anggota_terdata`` once ``pk_anggota`` is loaded."""
    result = ctx.results.get(BASE)
    members = ctx.parent_table("pk_anggota", keep_empty=True)
    if result is None or result.fmt == "tidak ada" or members is None or result.table.empty:
        return
    table = result.table
    pos = positions(table["id_keluarga"], members["id_keluarga"])
    n = pd.Series(
        np.bincount(pos[pos >= 0], minlength=len(table)), index=table.index, dtype="Int64"
    )
    table["jumlah_anggota_terdata"] = n
    declared = table["jumlah_anggota"]
    differs = bmask(declared.ne(n)) & bmask(n.gt(0))
    result.add_flags(
        differs,
        "jumlah_anggota",
        "INKONSISTEN",
        pd.Series(
            "jumlah_anggota "
            + declared[differs].astype("string")
            + " berbeda dengan jumlah baris anggota di pk_anggota ("
            + n[differs].astype("string")
            + ")",
            index=table.index,
        ),
    )
    result.add_flags(
        bmask(n.eq(0)),
        "id_keluarga",
        "INKONSISTEN",
        "keluarga tanpa baris anggota di pk_anggota; tidak dipakai untuk indikator berbasis "
        "anggota",
    )
    spouse = members["hubungan_kk"].isin(["2"]).to_numpy(bool) & (pos >= 0)
    has_couple = np.zeros(len(table), dtype=bool)
    has_couple[pos[spouse]] = True
    for column in ("p02_buku_nikah", "p03b_pisah_ranjang"):
        result.add_flags(
            has_couple & table[column].isin(["Tidak berlaku"]).to_numpy(bool),
            column,
            "INKONSISTEN",
            f"{column} = 'Tidak berlaku' padahal keluarga punya pasangan (anggota dengan "
            "hubungan_kk = 2)",
        )
    # rumah_layak_huni: fall back on the member count where jumlah_anggota is missing.
    fallback = declared.isna().to_numpy(bool) & bmask(n.gt(0))
    if fallback.any():
        persons = declared.astype("Int64").where(~fallback, n)
        table["rumah_layak_huni"] = rumah_layak_huni(table, persons)
    umkm = ctx.parent_table("kkb_umkm", keep_empty=True)
    if "umkm_id" in table and umkm is not None:
        known = set(umkm["umkm_id"]) if "umkm_id" in umkm else set()
        result.add_flags(
            table["umkm_id"].notna().to_numpy(bool) & ~table["umkm_id"].isin(known).to_numpy(bool),
            "umkm_id",
            "INKONSISTEN",
            "umkm_id " + table["umkm_id"].fillna("") + " tidak ada di kkb_umkm",
        )
