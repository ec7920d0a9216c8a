"""``eppgbm.csv`` — child anthropometry, original e-PPGBM export layout (data-contract.md §7.9).

The file keeps the export's own headers (semicolon-separated, decimal commas, ``DD/MM/YYYY``
dates); this module normalises it into one row per child measurement without personal data:

- the child key ``anak_key`` = ``nik_hash`` when the NIK is valid, else a keyed hash of
  ``upper(Nama) # Tgl Lahir (ISO) # JK # upper(Nama Ortu)`` [asumsi];
- kecamatan/kelurahan names → Kemendagri codes (cilegon.md §1.3), then the KKB (§5);
- age in days at the measurement, the ±0.7 cm length/height adjustment (indicators.md §7.3);
- checks E1–E11 and E14–E17;
- a final step (:func:`_anthropometry`, independent of ``check_links``) recomputes the WHO z-scores
  with :mod:`kkb_analysis.anthro` (``zs_*_recalc``), adds the Permenkes 2/2020 categories
  (``status_*``) and applies E12 (exported z vs recomputed) and E13 (implausible z).

Position semantics: ``cara_ukur`` is the position as measured (``terlentang``/``berdiri``), or
the age-appropriate position when ``Cara Ukur`` is empty (E9). ``tinggi_cm_adj`` is always
expressed in the age-appropriate position: a length below 731 days, a height from 731 days.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis import anthro
from kkb_analysis.anthro import HARI_PER_BULAN
from kkb_analysis.batas import kutip_seri
from kkb_analysis.config import load_reference
from kkb_analysis.frames import member_of, per_unique
from kkb_analysis.pseudonim import nik_mismatches, normalise_name
from kkb_analysis.readers import RawTable
from kkb_analysis.schema import Column, FileSpec
from kkb_analysis.sumber.kkb import assign_kkb
from kkb_analysis.validation import LoadContext, LoadResult, Message, Validator

logger = logging.getLogger(__name__)

SPEC = FileSpec(
    base="eppgbm",
    key_out=("anak_key",),
    delimiter=";",
    decimal_comma=True,
    date_formats=("%d/%m/%Y", "%Y-%m-%d"),
    columns=(
        Column("NIK", "id", "tidak", personal="hash"),
        Column("Nama", "str", "tidak", personal="drop"),
        Column("JK", "code", "ya", codes="jenis_kelamin"),
        Column("Tgl Lahir", "date", "ya", personal="drop"),
        Column("BB Lahir", "float"),
        Column("TB Lahir", "float"),
        Column("Nama Ortu", "str", "tidak", personal="drop"),
        Column("Prov", "str"),
        Column("Kab/Kota", "str", "ya"),
        Column("Kec", "str", "ya"),
        Column("Pukesmas", "str", aliases=("Puskesmas",)),
        Column("Desa/Kel", "str", "ya"),
        Column("Posyandu", "str", published_free_text=True),  # stunting per posyandu
        Column("RT", "rw"),
        Column("RW", "rw"),
        Column("Alamat", "text", "tidak", personal="drop"),
        Column("Usia Saat Ukur", "text"),
        Column("Tanggal Pengukuran", "date", "ya"),
        Column("Bulan Pengukuran", "str"),
        Column("Status Bulan", "str"),
        Column("status tahun", "str"),
        Column("Berat", "float", "kondisi"),
        Column("Tinggi", "float", "kondisi"),
        Column("Cara Ukur", "code", codes="cara_ukur"),
        Column("LiLA", "float"),
        Column("BB/U", "str"),
        Column("ZS BB/U", "float"),
        Column("TB/U", "str"),
        Column("ZS TB/U", "float"),
        Column("BB/TB", "str"),
        Column("ZS BB/TB", "float"),
        Column("Naik Berat Badan", "code", codes="naik_bb"),
        Column("PMT Diterima (kg)", "float"),
        Column("Jml Vit A", "int"),
        Column("KPSP", "str"),
        Column("KIA", "str"),
        Column("Detail Status", "str"),
        Column("status desa", "str"),
    ),
)

UMUR_MAKS_HARI = 1856  # last day of the WHO 0–5 tables (indicators.md §1.1) [sumber S29]
BATAS_POSISI_HARI = 731  # lying below, standing from (indicators.md §7.3)
KOREKSI_POSISI_CM = 0.7
HARI_PER_TAHUN = 365.25
BB_LAHIR_GRAM = 100  # a birth weight above this is read as grams [asumsi]
DEFAULT_TINGGI_CM = (38.0, 130.0)  # [asumsi] settings key validasi.tinggi_cm
DEFAULT_BERAT_KG = (0.9, 30.0)  # [asumsi] settings key validasi.berat_kg

# raw header → normalised name, for the columns kept as exported
_RENAME = {
    "JK": "jk",
    "BB Lahir": "bb_lahir_kg",
    "TB Lahir": "tb_lahir_cm",
    "Pukesmas": "puskesmas",
    "Posyandu": "posyandu",
    "RT": "rt",
    "RW": "rw",
    "Tanggal Pengukuran": "tgl_ukur",
    "Berat": "berat_kg",
    "Tinggi": "tinggi_cm",
    "LiLA": "lila_cm",
    "ZS BB/U": "zs_bbu",
    "ZS TB/U": "zs_tbu",
    "ZS BB/TB": "zs_bbtb",
    "BB/U": "status_bbu_ekspor",
    "TB/U": "status_tbu_ekspor",
    "BB/TB": "status_bbtb_ekspor",
    "Naik Berat Badan": "naik_bb",
    "PMT Diterima (kg)": "pmt_diterima_kg",
    "Jml Vit A": "jml_vit_a",
    "KPSP": "kpsp",
    "KIA": "kia",
    "Bulan Pengukuran": "bulan_pengukuran",
    "Status Bulan": "status_bulan",
    "status tahun": "status_tahun",
    "Detail Status": "detail_status",
    "status desa": "status_desa",
}

FLAGS = (
    "flag_nik_tidak_valid",  # E16: invalid NIK → fallback key
    "flag_nik_khusus",  # E16: sentinel NIK → fallback key
    "flag_nik_beda_tgl_lahir",  # §4.3
    "flag_nik_beda_jk",  # §4.3
    "flag_bb_lahir_gram",  # BB Lahir > 100 read as grams [asumsi]
    "flag_berat_implausibel",  # [asumsi] validasi.berat_kg
    "flag_tinggi_implausibel",  # [asumsi] validasi.tinggi_cm
    "flag_umur_di_luar_tabel",  # E8
    "flag_cara_ukur_kosong",  # E9
    "flag_cara_ukur_tidak_sesuai",  # E10
    "flag_usia_tidak_sesuai",  # E11
    "flag_di_luar_periode",  # E14
    "flag_rw_kosong",  # E15
    "flag_nik_beda_kelurahan",  # E17 (set by check_links)
    "flag_zs_beda_ekspor",  # E12: an exported z differs from the recomputed one
    "flag_implausible_bbu",  # E13: WAZ < −6 or > +5
    "flag_implausible_tbu",  # E13: |HAZ| > 6
    "flag_implausible_bbtb",  # E13: |WHZ| > 5
    "flag_implausible_imtu",  # E13: |BAZ| > 5
)

#: the kept columns: typed values and derived fields only. The export's free-text columns
#: (Pukesmas, the exported status labels, KPSP, KIA, Bulan Pengukuran, …) are not used by any
#: indicator and are not published (schema.Column.published); Posyandu is (stunting per posyandu)
OUTPUT_COLUMNS = (
    "baris_sumber",
    "anak_key",
    "nik_hash",
    "nik_status",
    "jk",
    "tahun_bulan_lahir",
    "bb_lahir_kg",
    "tb_lahir_cm",
    "kode_kelurahan",
    "kode_kecamatan",
    "posyandu",
    "rt",
    "rw",
    "kkb_id",
    "tgl_ukur",
    "umur_hari",
    "umur_bulan",
    "usia_saat_ukur_hari",
    "berat_kg",
    "tinggi_cm",
    "tinggi_cm_adj",
    "cara_ukur",
    "lila_cm",
    "zs_bbu",
    "zs_tbu",
    "zs_bbtb",
    "zs_bbu_recalc",
    "zs_tbu_recalc",
    "zs_bbtb_recalc",
    "zs_imtu_recalc",
    "status_bbu",
    "status_tbu",
    "status_bbtb",
    "naik_bb",
    "pmt_diterima_kg",
    "jml_vit_a",
    *FLAGS,
)


# ---------------------------------------------------------------------- location names
def name_key(values: pd.Series) -> pd.Series:
    """cilegon.md §1.3 step 1: lower case, letters only (``"Panggung-Rawi"`` → ``panggungrawi``)."""
    key = values.astype("string").str.lower().str.replace(r"[^a-z]", "", regex=True)
    return key.replace("", pd.NA)


def _letters(name: str) -> str:
    return "".join(ch for ch in str(name).lower() if "a" <= ch <= "z")


_SEP, _NA_MARK = "\x1f", "\x00"  # never part of a place name


@dataclass(frozen=True)
class WilayahIndex:
    """Name keys of the city, its 8 kecamatan and 43 kelurahan (cilegon.md §1.3)."""

    kota: frozenset[str]
    kecamatan: dict[str, tuple[str, ...]]
    kelurahan: dict[str, tuple[str, ...]]
    alias_kecamatan: dict[str, str]
    alias_kelurahan: dict[str, str]

    @classmethod
    def from_reference(cls, wilayah: dict[str, Any] | None = None) -> WilayahIndex:
        wilayah = wilayah or load_reference("wilayah")
        kota_name = _letters(wilayah["kota"]["nama"])  # "kotacilegon"
        kota = {kota_name, kota_name.removeprefix("kota")}
        kec: dict[str, list[str]] = {}
        for row in wilayah["kecamatan"]:
            kec.setdefault(_letters(row["nama"]), []).append(row["kode"])
        kel: dict[str, list[str]] = {}
        for row in wilayah["kelurahan"]:
            for name in [row["nama"], *(row.get("varian") or [])]:
                codes = kel.setdefault(_letters(name), [])
                if row["kode"] not in codes:
                    codes.append(row["kode"])
        return cls(
            kota=frozenset(kota),
            kecamatan={k: tuple(v) for k, v in kec.items()},
            kelurahan={k: tuple(v) for k, v in kel.items()},
            alias_kecamatan={
                _letters(a): _letters(b) for a, b in (wilayah.get("alias_kecamatan") or {}).items()
            },
            alias_kelurahan={
                _letters(a): _letters(b) for a, b in (wilayah.get("alias_kelurahan") or {}).items()
            },
        )

    def is_kota(self, values: pd.Series) -> pd.Series:
        """True where a ``Kab/Kota`` name resolves to Kota Cilegon."""
        return name_key(values).isin(self.kota).fillna(False).astype("boolean")

    def _one(self, kec_key: Any, kel_key: Any) -> tuple[str | None, str | None, str]:
        kec_code = None
        if isinstance(kec_key, str):
            codes = self.kecamatan.get(self.alias_kecamatan.get(kec_key, kec_key), ())
            kec_code = codes[0] if len(codes) == 1 else None
        if not isinstance(kel_key, str):
            return kec_code, None, "kosong"
        candidates = self.kelurahan.get(self.alias_kelurahan.get(kel_key, kel_key), ())
        if kec_code is not None:
            candidates = tuple(c for c in candidates if c.startswith(kec_code + "."))
        if len(candidates) == 1:
            return kec_code, candidates[0], "ok"
        return kec_code, None, "ganda" if candidates else "tidak_ada"

    def resolve(self, kec: pd.Series, kel: pd.Series) -> pd.DataFrame:
        """Resolve name pairs; columns ``kode_kec_nama`` (the Kec name alone), ``kode_kelurahan``,
        ``kode_kecamatan`` (from the kelurahan) and ``status`` (ok / tidak_ada / ganda / kosong).

        Step 3 of cilegon.md §1.3: the kelurahan is looked up within the kecamatan when the
        kecamatan name resolves, else city-wide; anything but exactly one match is unresolved.
        """
        pair = kec.fillna(_NA_MARK) + _SEP + kel.fillna(_NA_MARK)
        codes, uniques = pd.factorize(pair)  # distinct pairs, in order of appearance
        parts = pd.Series(uniques, dtype="string").str.split(_SEP, n=1, expand=True)
        parts = parts.replace(_NA_MARK, pd.NA)
        solved = [
            self._one(a, b) for a, b in zip(name_key(parts[0]), name_key(parts[1]), strict=True)
        ]
        table = pd.DataFrame(solved, columns=["kode_kec_nama", "kode_kelurahan", "status"])
        out = table.iloc[codes].astype("string")
        out.index = kec.index
        out["kode_kecamatan"] = out["kode_kelurahan"].str.slice(0, 8)
        return out


# ---------------------------------------------------------------------- Usia Saat Ukur
_USIA_PARTS = {
    "tahun": (r"(\d+)\s*(?:tahun|thn|th)\b", HARI_PER_TAHUN),
    "bulan": (r"(\d+)\s*(?:bulan|bln|bl)\b", HARI_PER_BULAN),
    "hari": (r"(\d+)\s*(?:hari|hr)\b", 1.0),
}


def _parse_usia_unique(low: pd.Series) -> pd.Series:
    total = np.zeros(len(low))
    found = np.zeros(len(low), dtype=bool)
    for pattern, factor in _USIA_PARTS.values():
        part = pd.to_numeric(low.str.extract(pattern, expand=False), errors="coerce")
        found |= part.notna().to_numpy()
        total += part.fillna(0).to_numpy(float) * factor
    days = np.floor(total + 0.5)
    return pd.Series(days, index=low.index).where(found).astype("Int64")


def parse_usia(text: pd.Series) -> pd.Series:
    """``"2 Tahun - 3 Bulan - 12 Hari"`` → days = years·365.25 + months·30.4375 + days, rounded
    half up; missing parts count as 0; text with none of the three parts → missing."""
    return per_unique(text.astype("string").str.lower(), _parse_usia_unique)


# ---------------------------------------------------------------------- load
def _bool(mask: Any) -> np.ndarray:
    if isinstance(mask, pd.Series):
        return mask.fillna(False).to_numpy(bool)
    return np.asarray(mask, dtype=bool)


class _Checks:
    """The validator plus the module's flag columns (``flag=`` sets one of :data:`FLAGS`).

    A message may be a callable taking the row mask (see :meth:`Validator.reject`): it is built
    only for the flagged rows.
    """

    def __init__(self, v: Validator):
        self.v = v
        self.d = v.data
        self.t = v.text
        for name in FLAGS:
            self.d[name] = False

    def reject(self, mask: Any, column: str, code: str, message: Message) -> None:
        self.v.reject(_bool(mask), column, code, message)

    def flag(
        self,
        mask: Any,
        column: str,
        code: str,
        message: Message,
        flag: str | None = None,
        set_missing: bool = False,
    ) -> None:
        self.v.flag(_bool(mask), column, code, message, set_missing=set_missing, mark=flag)


def _num(values: pd.Series) -> pd.Series:
    return values.astype("Float64").round(2).astype("string").fillna("")


def _location(c: _Checks) -> None:
    """E1, E2: Kab/Kota must be Cilegon; Kec + Desa/Kel → exactly one of the 43 kelurahan."""
    d, t = c.d, c.t
    index = WilayahIndex.from_reference()
    kota, kec, kel = t["Kab/Kota"], t["Kec"], t["Desa/Kel"]
    not_city = kota.notna().to_numpy() & ~per_unique(kota, index.is_kota).fillna(False).to_numpy(
        bool
    )
    c.reject(
        not_city,
        "Kab/Kota",
        "DI_LUAR_WILAYAH",
        lambda m: "Kab/Kota " + kutip_seri(kota[m]) + " bukan Kota Cilegon",
    )
    loc = index.resolve(kec, kel)
    d["kode_kelurahan"] = loc["kode_kelurahan"]
    d["kode_kecamatan"] = loc["kode_kecamatan"]
    named = kec.notna().to_numpy() & kel.notna().to_numpy() & ~not_city
    status = loc["status"].fillna("").to_numpy(str)
    kec_known = loc["kode_kec_nama"].notna().to_numpy()
    c.reject(
        named & (status == "tidak_ada") & kec_known,
        "Desa/Kel",
        "DI_LUAR_WILAYAH",
        lambda m: (
            "kelurahan "
            + kutip_seri(kel[m])
            + " tidak ada di kecamatan "
            + kutip_seri(kec[m])
            + " (Kota Cilegon)"
        ),
    )
    c.reject(
        named & (status == "tidak_ada") & ~kec_known,
        "Desa/Kel",
        "DI_LUAR_WILAYAH",
        lambda m: (
            "kelurahan "
            + kutip_seri(kel[m])
            + " tidak dikenal di Kota Cilegon (kecamatan "
            + kutip_seri(kec[m])
            + " juga tidak dikenal)"
        ),
    )
    c.reject(
        named & (status == "ganda"),
        "Desa/Kel",
        "DI_LUAR_WILAYAH",
        lambda m: (
            "nama kelurahan " + kutip_seri(kel[m]) + " cocok dengan lebih dari satu kelurahan"
        ),
    )
    c.flag(
        named & (status == "ok") & ~kec_known,
        "Kec",
        "KODE_TIDAK_DIKENAL",
        lambda m: (
            "nama kecamatan "
            + kutip_seri(kec[m])
            + " tidak dikenal; kelurahan dicari di seluruh kota"
        ),
    )


def _child_key(c: _Checks, raw: RawTable) -> None:
    """E16 and §4.3: NIK status, nik_hash and the child key (fallback from names)."""
    v, d, t = c.v, c.d, c.t
    checked, valid, _ = v.pseudonymise_nik("NIK")
    status = checked["nik_status"]
    c.flag(
        status.eq("invalid"),
        "NIK",
        "NIK_TIDAK_VALID",
        "NIK anak tidak sah (bukan 16 digit, tanggal tidak mungkin, atau rusak oleh Excel); "
        "kunci anak dibentuk dari nama, tanggal lahir, JK dan nama orang tua",
        flag="flag_nik_tidak_valid",
    )
    c.flag(
        status.notna() & ~status.isin(["valid", "invalid"]).fillna(False),
        "NIK",
        "NIK_KHUSUS",
        lambda m: (
            "NIK khusus ("
            + status[m]
            + "); kunci anak dibentuk dari nama, tanggal lahir, JK dan nama orang tua"
        ),
        flag="flag_nik_khusus",
    )
    date_bad, sex_bad = nik_mismatches(checked, d["Tgl Lahir"], d["JK"])
    c.flag(
        date_bad,
        "NIK",
        "NIK_BEDA_TGL_LAHIR",
        "tanggal lahir pada NIK berbeda dengan Tgl Lahir",
        flag="flag_nik_beda_tgl_lahir",
    )
    c.flag(sex_bad, "NIK", "NIK_BEDA_JK", "NIK tidak sesuai JK", flag="flag_nik_beda_jk")

    # fallback key, built only for the rows without a valid NIK
    has_name = t["Nama"].notna().to_numpy()
    fallback = ~valid & has_name
    key = d["nik_hash"].copy()
    if fallback.any():
        name = normalise_name(t["Nama"][fallback])
        parent = normalise_name(t["Nama Ortu"][fallback]).fillna("")
        born = d["Tgl Lahir"][fallback].dt.strftime("%Y-%m-%d").astype("string")
        composite = name + "#" + born + "#" + d["JK"][fallback] + "#" + parent
        key[fallback] = v.hash(composite)
    d["anak_key"] = key
    c.reject(
        ~valid & ~has_name,
        "Nama",
        "NILAI_WAJIB_KOSONG",
        "anak tidak dapat dikenali: NIK tidak sah/kosong dan Nama kosong",
    )


def _dates(c: _Checks, ctx: LoadContext) -> None:
    """E5, E8, E14 and the age at measurement (indicators.md §7.2)."""
    d = c.d
    born, measured = d["Tgl Lahir"], d["Tanggal Pengukuran"]
    umur = (measured - born).dt.days.astype("Int64")
    d["umur_hari"] = umur
    d["umur_bulan"] = (umur.astype("Float64") / HARI_PER_BULAN).astype("Float64")
    d["tahun_bulan_lahir"] = per_unique(
        born, lambda u: u.dt.strftime("%Y-%m").astype("string")
    ).astype("string")
    c.reject(
        umur < 0,
        "Tanggal Pengukuran",
        "TANGGAL_TIDAK_LOGIS",
        "Tanggal Pengukuran sebelum Tgl Lahir (anak diukur sebelum lahir)",
    )
    c.flag(
        umur > UMUR_MAKS_HARI,
        "Tgl Lahir",
        "DI_LUAR_RENTANG",
        lambda m: (
            "umur "
            + umur[m].astype("string")
            + f" hari melebihi {UMUR_MAKS_HARI} hari (di luar tabel WHO 0–5 tahun); "
            "z-skor tidak dihitung"
        ),
        flag="flag_umur_di_luar_tabel",
    )
    c.flag(
        measured.notna() & measured.dt.year.ne(ctx.year),
        "Tanggal Pengukuran",
        "DI_LUAR_PERIODE",
        f"Tanggal Pengukuran di luar tahun {ctx.year}; tidak dihitung dalam prevalensi tahun ini",
        flag="flag_di_luar_periode",
    )


def _guard(c: _Checks, column: str, unit: str, bounds: tuple[float, float], scale: float) -> None:
    """[asumsi] plausibility guard: outside ``bounds`` → NILAI_IMPLAUSIBEL, value → missing.

    A value that fits the bounds after dividing by ``scale`` (metres for Tinggi, grams for
    Berat) gets a message saying so; it is not converted.
    """
    lo, hi = bounds
    values = c.d[column]
    out = values.notna() & ~values.between(lo, hi).fillna(True)
    other_unit = out & values.between(lo * scale, hi * scale).fillna(False)
    wrong_unit = "meter" if scale < 1 else "gram"
    flag = f"flag_{column.lower()}_implausibel"
    c.flag(
        out & ~other_unit,
        column,
        "NILAI_IMPLAUSIBEL",
        lambda m: (
            f"{column} " + _num(values[m]) + f" {unit} di luar {lo:g}–{hi:g} {unit}; dikosongkan"
        ),
        flag=flag,
        set_missing=True,
    )
    c.flag(
        other_unit,
        column,
        "NILAI_IMPLAUSIBEL",
        lambda m: (
            f"{column} "
            + _num(values[m])
            + f" tampaknya dalam {wrong_unit}, bukan {unit}; tidak dikonversi, dikosongkan"
        ),
        flag=flag,
        set_missing=True,
    )


def _measurements(c: _Checks, ctx: LoadContext) -> None:
    """E6, the implausible-value guard [asumsi], BB Lahir in grams, E9, E10 and ±0.7 cm."""
    d, t = c.d, c.t
    for col in ("Berat", "Tinggi"):  # 'kondisi' columns: the engine leaves bad values to us
        text = t[col]
        c.flag(
            text.notna() & d[col].isna(),
            col,
            "TIPE_TIDAK_VALID",
            lambda m, text=text, col=col: (
                "nilai " + kutip_seri(text[m]) + f" pada kolom {col} bukan angka; dikosongkan"
            ),
        )
    c.reject(
        d["Berat"].isna() & d["Tinggi"].isna(),
        "Berat",
        "NILAI_WAJIB_KOSONG",
        "Berat dan Tinggi sama-sama kosong (atau bukan angka)",
    )
    settings = ctx.settings.get("validasi", {})
    t_bounds = tuple(float(x) for x in settings.get("tinggi_cm", DEFAULT_TINGGI_CM))
    b_bounds = tuple(float(x) for x in settings.get("berat_kg", DEFAULT_BERAT_KG))
    _guard(c, "Tinggi", "cm", t_bounds, scale=0.01)
    _guard(c, "Berat", "kg", b_bounds, scale=1000)

    bb_lahir = d["BB Lahir"]
    grams = (bb_lahir > BB_LAHIR_GRAM).fillna(False)
    c.flag(
        grams,
        "BB Lahir",
        "DI_LUAR_RENTANG",
        lambda m: (
            "BB Lahir "
            + _num(bb_lahir[m])
            + f" > {BB_LAHIR_GRAM} dibaca sebagai gram (dibagi 1.000)"
        ),
        flag="flag_bb_lahir_gram",
    )
    d["BB Lahir"] = bb_lahir.mask(grams, bb_lahir / 1000)

    # E9, E10 and the position adjustment (indicators.md §7.3): only rows with a usable Tinggi.
    umur = d["umur_hari"]
    young = (umur < BATAS_POSISI_HARI).fillna(False).to_numpy(bool)
    old = (umur >= BATAS_POSISI_HARI).fillna(False).to_numpy(bool)
    measured = d["Cara Ukur"].str.lower()
    lying = measured.eq("terlentang").fillna(False).to_numpy(bool)
    standing = measured.eq("berdiri").fillna(False).to_numpy(bool)
    has_height = d["Tinggi"].notna().to_numpy()
    assumed = np.where(young, "terlentang", np.where(old, "berdiri", None))
    c.flag(
        measured.isna().to_numpy() & has_height & (young | old),
        "Cara Ukur",
        "NILAI_WAJIB_KOSONG",
        lambda m: pd.Series(
            np.where(
                young[m],
                f"Cara Ukur kosong; dianggap Terlentang (umur < {BATAS_POSISI_HARI} hari)",
                f"Cara Ukur kosong; dianggap Berdiri (umur ≥ {BATAS_POSISI_HARI} hari)",
            ),
            index=c.v.index[m],
        ),
        flag="flag_cara_ukur_kosong",
    )
    plus = standing & young
    minus = lying & old
    c.flag(
        (plus | minus) & has_height,
        "Cara Ukur",
        "INKONSISTEN",
        lambda m: pd.Series(
            np.where(
                plus[m],
                f"diukur Berdiri pada umur < {BATAS_POSISI_HARI} hari; panjang badan = "
                f"tinggi + {KOREKSI_POSISI_CM} cm",
                f"diukur Terlentang pada umur ≥ {BATAS_POSISI_HARI} hari; tinggi badan = "
                f"panjang − {KOREKSI_POSISI_CM} cm",
            ),
            index=c.v.index[m],
        ),
        flag="flag_cara_ukur_tidak_sesuai",
    )
    d["cara_ukur"] = measured.fillna(pd.Series(assumed, index=c.v.index, dtype="string"))
    shift = np.where(plus, KOREKSI_POSISI_CM, np.where(minus, -KOREKSI_POSISI_CM, 0.0))
    d["tinggi_cm_adj"] = (d["Tinggi"] + shift).round(4).astype("Float64")


def _usia(c: _Checks, ctx: LoadContext) -> None:
    """E11: ``Usia Saat Ukur`` against the age computed from the two dates."""
    d, t = c.d, c.t
    text = t["Usia Saat Ukur"]
    usia = parse_usia(text)
    d["usia_saat_ukur_hari"] = usia
    c.flag(
        text.notna() & usia.isna(),
        "Usia Saat Ukur",
        "TIPE_TIDAK_VALID",
        lambda m: (
            "Usia Saat Ukur "
            + kutip_seri(text[m])
            + " tidak dapat dibaca (bentuk yang diharapkan: 'x Tahun - y Bulan - z Hari')"
        ),
    )
    tolerance = int(ctx.settings["validasi"]["toleransi_usia_hari"])
    diff = (usia - d["umur_hari"]).abs()
    c.flag(
        diff > tolerance,
        "Usia Saat Ukur",
        "INKONSISTEN",
        lambda m: (
            "Usia Saat Ukur ("
            + usia[m].astype("string")
            + " hari) berbeda "
            + diff[m].astype("string")
            + f" hari dari umur menurut Tgl Lahir dan Tanggal Pengukuran (toleransi {tolerance})"
        ),
        flag="flag_usia_tidak_sesuai",
    )


def _kkb(c: _Checks, ctx: LoadContext) -> None:
    """§5 KKB membership and E15 (RW empty)."""
    d, t = c.d, c.t
    d["kkb_id"] = assign_kkb(d["kode_kelurahan"], d["RW"], ctx.parent_table("kkb"))[0]
    c.flag(
        t["RW"].isna(),
        "RW",
        "NILAI_WAJIB_KOSONG",
        "RW kosong; anak hanya dihitung untuk kelurahan/kota kecuali KKB mencakup seluruh "
        "kelurahan",
        flag="flag_rw_kosong",
    )


# ---------------------------------------------------------------------- WHO z-scores (E12, E13)
DEFAULT_TOLERANSI_Z = 0.1  # [asumsi] settings key validasi.toleransi_z (check E12)

# index → (recomputed column, exported z header (E12), measurement header for E13 issues,
#          label, implausibility rule in words)
_INDICES = {
    "bbu": ("zs_bbu_recalc", "ZS BB/U", "Berat", "BB/U", "z < −6 atau z > +5"),
    "tbu": ("zs_tbu_recalc", "ZS TB/U", "Tinggi", "TB/U", "|z| > 6"),
    "bbtb": ("zs_bbtb_recalc", "ZS BB/TB", "Berat", "BB/TB", "|z| > 5"),
    "imtu": ("zs_imtu_recalc", None, "Berat", "IMT/U", "|z| > 5"),
}


def _z_text(values: pd.Series) -> pd.Series:
    """z-scores as text with 2 decimals (``-2.10``), for issue messages."""
    floats = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return pd.Series([f"{x:.2f}" for x in floats], index=values.index, dtype="string")


def _anthropometry(c: _Checks, ctx: LoadContext) -> None:
    """WHO 2006 z-scores (indicators.md §7.4), Permenkes categories (§7.6), E12 and E13.

    Inputs are the measured ``Tinggi`` with the position ``cara_ukur`` (the ±0.7 cm adjustment is
    applied inside :mod:`kkb_analysis.anthro`, giving ``tinggi_cm_adj``), ``Berat``, ``JK`` and
    ``umur_hari``. z-scores exist for 0 ≤ umur_hari ≤ 1826 (age < 60 months, see
    :mod:`kkb_analysis.anthro`); older children (E8 from 1857 days) get none. An implausible z
    (E13) is kept in its column but flagged, and its category is left empty; the prevalence
    functions leave flagged values out. Rows already rejected get no E12/E13 issue.
    """
    d = c.d
    age, sex, pos = d["umur_hari"], d["JK"], d["cara_ukur"]
    weight, height = d["Berat"], d["Tinggi"]
    z = {
        "bbu": anthro.weight_for_age_zscore(weight, age, sex),
        "tbu": anthro.height_for_age_zscore(height, age, sex, pos),
        "bbtb": anthro.weight_for_length_height_zscore(weight, height, age, sex, pos),
        "imtu": anthro.bmi_for_age_zscore(weight, height, age, sex, pos),
    }
    flags = anthro.implausible_flags(z["bbu"], z["tbu"], z["bbtb"], z["imtu"])
    implausible = {"bbu": flags.waz, "tbu": flags.haz, "bbtb": flags.whz, "imtu": flags.baz}
    for key, (column, *_) in _INDICES.items():
        d[column] = pd.array(z[key], dtype="Float64")
    for key, classify in (
        ("bbu", anthro.status_bbu),
        ("tbu", anthro.status_tbu),
        ("bbtb", anthro.status_bbtb),
    ):
        labels = classify(np.where(implausible[key], np.nan, z[key]))
        d[f"status_{key}"] = pd.array(labels, dtype="string")

    kept = ~c.v.rejected
    tolerance = float(ctx.settings.get("validasi", {}).get("toleransi_z", DEFAULT_TOLERANSI_Z))
    for key, (_, exported, _, label, _) in _INDICES.items():
        if exported is None:
            continue
        ours = pd.Series(z[key], index=c.v.index)
        theirs = d[exported].astype("Float64")
        diff = (theirs - ours).abs().round(6)  # 0.1 between two 2-decimal values is 0.1000…01
        c.flag(
            (diff > tolerance).fillna(False).to_numpy(bool) & kept,
            exported,
            "INKONSISTEN",
            lambda m, theirs=theirs, ours=ours, diff=diff, exported=exported, label=label: (
                f"{exported} ekspor "
                + _z_text(theirs[m])
                + f" berbeda lebih dari {tolerance:g} SD dari z-skor {label} hitung ulang WHO ("
                + _z_text(ours[m])
                + "; selisih "
                + _z_text(diff[m])
                + ")"
            ),
            flag="flag_zs_beda_ekspor",
        )
    for key, (_, _, measurement, label, rule) in _INDICES.items():
        values = pd.Series(z[key], index=c.v.index)
        c.flag(
            np.asarray(implausible[key], dtype=bool) & kept,
            measurement,
            "NILAI_IMPLAUSIBEL",
            lambda m, values=values, label=label, rule=rule: (
                f"z-skor {label} hitung ulang "
                + _z_text(values[m])
                + f" tidak masuk akal menurut WHO ({rule}); periksa pengukuran, umur dan jenis "
                "kelamin; tidak dihitung dalam prevalensi"
            ),
            flag=f"flag_implausible_{key}",
        )


def load(raw: RawTable, ctx: LoadContext) -> LoadResult:
    """Validate and normalise an e-PPGBM export (checks E1–E16; E17 in check_links)."""
    v = Validator(raw, SPEC, ctx)
    c = _Checks(v)
    _location(c)
    _child_key(c, raw)
    _dates(c, ctx)
    _measurements(c, ctx)
    _usia(c, ctx)
    _kkb(c, ctx)
    v.reject_duplicates(["anak_key", "Tanggal Pengukuran"], label="anak, Tanggal Pengukuran")
    _anthropometry(c, ctx)  # WHO z-scores, categories, E12, E13
    result = v.finish(extra_quarantine_columns=("nik_hash",))
    result.table = result.table.rename(columns=_RENAME)[list(OUTPUT_COLUMNS)]
    return result


# ---------------------------------------------------------------------- cross-file (E17)
def _member_kelurahan(ctx: LoadContext, wanted: pd.Series) -> pd.DataFrame | None:
    """Distinct (nik_hash, kode_kelurahan) of the PK members whose ``nik_hash`` is in
    ``wanted``; the kelurahan comes from the member row or, failing that, from the member's
    family in ``pk_keluarga``."""
    members = ctx.parent_table("pk_anggota")
    if members is None or "nik_hash" not in members.columns:
        return None
    members = members[member_of(members["nik_hash"], wanted)]
    if "kode_kelurahan" in members.columns:
        out = members[["nik_hash", "kode_kelurahan"]]
    else:
        families = ctx.parent_table("pk_keluarga")
        if (
            families is None
            or "id_keluarga" not in members.columns
            or not {"id_keluarga", "kode_kelurahan"} <= set(families.columns)
        ):
            return None
        kel = families.drop_duplicates("id_keluarga").set_index("id_keluarga")["kode_kelurahan"]
        out = pd.DataFrame(
            {
                "nik_hash": members["nik_hash"].to_numpy(),
                "kode_kelurahan": members["id_keluarga"].map(kel).to_numpy(),
            }
        )
    return out.dropna().drop_duplicates()


def check_links(ctx: LoadContext) -> None:
    """E17: a child NIK registered in PK (``pk_anggota``) in another kelurahan → INKONSISTEN.

    A NIK present in several PK kelurahan is flagged only when none of them is the child's.
    Skipped when ``pk_anggota`` is absent.
    """
    result = ctx.results.get(SPEC.base)
    if result is None or result.table.empty:
        return
    table = result.table
    child = pd.DataFrame(
        {
            "pos": np.arange(len(table)),
            "nik_hash": table["nik_hash"].to_numpy(),
            "kel_anak": table["kode_kelurahan"].to_numpy(),
        }
    ).dropna(subset=["nik_hash"])
    pk = _member_kelurahan(ctx, child["nik_hash"].drop_duplicates())
    if pk is None or pk.empty:
        return
    merged = child.merge(pk, on="nik_hash", how="inner").sort_values(["pos", "kode_kelurahan"])
    if merged.empty:
        return
    merged["sama"] = merged["kode_kelurahan"].eq(merged["kel_anak"]).fillna(False).astype(bool)
    per_row = merged.groupby("pos").agg(
        sama=("sama", "any"), kel_pk=("kode_kelurahan", "first"), n_pk=("kode_kelurahan", "size")
    )
    other = per_row[~per_row["sama"].to_numpy(bool)]
    if other.empty:
        return
    where = other.index.to_numpy()
    mask = np.zeros(len(table), dtype=bool)
    mask[where] = True
    more = other["n_pk"].to_numpy() > 1
    text = other["kel_pk"].astype("string").to_numpy(object)
    text[more] = text[more] + " dan kelurahan lain"
    kel_pk = pd.Series("", index=table.index, dtype="string")
    kel_pk.iloc[where] = text
    result.table = table.assign(
        flag_nik_beda_kelurahan=table["flag_nik_beda_kelurahan"].to_numpy(bool) | mask
    )
    result.add_flags(
        mask,
        "NIK",
        "INKONSISTEN",
        "NIK anak terdaftar di PK pada kelurahan lain (" + kel_pk + ")",
    )
