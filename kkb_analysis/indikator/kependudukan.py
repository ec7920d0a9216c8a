"""Population, families, children, teenagers and school participation (indicators.md §1, §5, §11).

Counts per cell (:func:`count_kependudukan`) from ``pk_keluarga`` (families) and ``pk_anggota``
(members, ages at the family's PK reference date); indicators per area
(:func:`rates_kependudukan`) after the cells are summed into areas. Also the long age pyramid
(:func:`long_piramida`) and the poktan denominators of the portal classification
(:func:`pk_denominators`, §2.4 and §4).

Age rules (§1.2, settings ``umur.*``): balita/baduta by completed months
(``floor(umur_bulan)``, ``umur_bulan`` = days / 30.4375); remaja, lansia, school ages and the
pyramid by completed years (``umur_tahun``). Members with an unknown age or sex are counted in
``n_penduduk`` and in ``n_umur_tidak_diketahui`` / ``n_jk_tidak_diketahui`` but in no age or sex
group, so Σ pyramid = ``n_penduduk`` − unknowns (validation V3).

Design decisions (report):

- Median age (§5): grouped interpolation over the 16 pyramid groups of both sexes; exact lower
  age L = 5 × group index (completed years), width 5, median class = first group whose
  cumulative count reaches N/2. When N/2 falls in 75+ the numeric ``median_umur_tahun`` is
  <NA> and the flag ``median_umur_75_lebih`` is True (the report prints "≥ 75"); both <NA> when
  the area has no member with a known age. The text is made in the report layer only.
- APS (§11): members of the group with ``status_sekolah`` = 2 / members of the group with a
  non-missing ``status_sekolah``; the missing answers are counted in
  ``n_usia_<jenjang>_status_kosong``. "Anak tidak sekolah" (codes 1, 3) and "putus sekolah"
  (code 3) are shown as counts and as % of the 7–18 year-olds with an answer.
- Remaja age bands: five-year bands from ``umur.remaja`` (default 10–14, 15–19, 20–24; the last
  band is cut at the upper limit).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.indikator._keluarga import (
    ada_per_keluarga,
    isin_np,
    posisi,
    tabel,
)
from kkb_analysis.wilayah import count_by_cell, safe_rate

KELOMPOK = [f"{a}-{a + 4}" for a in range(0, 75, 5)] + ["75+"]  # §1.2 pyramid, 16 groups
JENIS_KELAMIN = ("L", "P")
MASIH_SEKOLAH = "2"  # A.33
TIDAK_SEKOLAH = ("1", "3")  # A.33: tidak/belum pernah sekolah, tidak sekolah lagi
PUTUS_SEKOLAH = "3"

KELUARGA_COLUMNS = {"id_keluarga": "string", "kode_kelurahan": "string", "kkb_id": "string"}
ANGGOTA_COLUMNS = {
    "id_keluarga": "string",
    "kode_kelurahan": "string",
    "kkb_id": "string",
    "jenis_kelamin": "string",
    "umur_bulan": "Float64",
    "umur_tahun": "Int64",
    "status_sekolah": "string",
}


def _label(kelompok: str) -> str:
    return kelompok.replace("-", "_").replace("+", "_lebih")


def kolom_piramida(jk: str, kelompok: str) -> str:
    """Count column of one pyramid cell, e.g. ``n_penduduk_l_0_4``, ``n_penduduk_p_75_lebih``."""
    return f"n_penduduk_{jk.lower()}_{_label(kelompok)}"


PIRAMIDA = [kolom_piramida(jk, k) for jk in JENIS_KELAMIN for k in KELOMPOK]


def pita_remaja(settings: dict) -> list[tuple[int, int]]:
    """Five-year bands within ``umur.remaja`` (default (10, 14), (15, 19), (20, 24))."""
    lo, hi = (int(x) for x in settings["umur"]["remaja"])
    return [(a, min(a + 4, hi)) for a in range(lo, hi + 1, 5)]


def jenjang_sekolah(settings: dict) -> dict[str, tuple[int, int]]:
    """School-age groups of ``umur.sekolah`` keyed by lower-case name (sd, smp, sma)."""
    return {k.lower(): (int(v[0]), int(v[1])) for k, v in settings["umur"]["sekolah"].items()}


def _antara(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """``lo ≤ values ≤ hi`` on a float array with NaN for missing (→ False)."""
    return (values >= lo) & (values <= hi)


def atribut_anggota(anggota: pd.DataFrame, settings: dict) -> dict[str, np.ndarray]:
    """Member-level age/sex masks shared with the other modules (NumPy bool arrays)."""
    umur = settings["umur"]
    tahun = anggota["umur_tahun"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    bulan = np.floor(
        anggota["umur_bulan"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    )
    remaja_lo, remaja_hi = umur["remaja"]
    return {
        "tahun": tahun,
        "bulan": bulan,
        "l": isin_np(anggota["jenis_kelamin"], ["L"]),
        "p": isin_np(anggota["jenis_kelamin"], ["P"]),
        "balita": _antara(bulan, *umur["balita_bulan"]),
        "baduta": _antara(bulan, *umur["baduta_bulan"]),
        "balita_krs": _antara(bulan, *umur["balita_krs_bulan"]),
        "remaja": _antara(tahun, remaja_lo, remaja_hi),
        "lansia": tahun >= umur["lansia_min"],
    }


def count_kependudukan(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """Additive counts per cell for §1, §5 and §11 (see the module docstring)."""
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    anggota = tabel(tables, "pk_anggota", ANGGOTA_COLUMNS)
    a = atribut_anggota(anggota, settings)
    tahun, laki, perempuan = a["tahun"], a["l"], a["p"]
    n = len(anggota)

    m: dict[str, np.ndarray] = {
        "n_penduduk": np.ones(n),
        "n_penduduk_l": laki,
        "n_penduduk_p": perempuan,
        "n_jk_tidak_diketahui": ~(laki | perempuan),
        "n_umur_tidak_diketahui": np.isnan(tahun),
    }
    grup = np.where(np.isnan(tahun) | (tahun < 0), -1, np.minimum(np.nan_to_num(tahun) // 5, 15))
    for jk, mask in (("L", laki), ("P", perempuan)):
        for i, k in enumerate(KELOMPOK):
            m[kolom_piramida(jk, k)] = mask & (grup == i)
    for nama in ("balita", "baduta", "remaja", "lansia"):
        m[f"n_{nama}"] = a[nama]
        m[f"n_{nama}_l"] = a[nama] & laki
        m[f"n_{nama}_p"] = a[nama] & perempuan
    for lo, hi in pita_remaja(settings):
        m[f"n_remaja_{lo}_{hi}"] = _antara(tahun, lo, hi)

    status = anggota["status_sekolah"]
    terisi = status.notna().to_numpy(bool)
    masih = isin_np(status, [MASIH_SEKOLAH])
    jenjang = jenjang_sekolah(settings)
    for g, (lo, hi) in jenjang.items():
        usia = _antara(tahun, lo, hi)
        m[f"n_usia_{g}"] = usia
        m[f"n_usia_{g}_l"] = usia & laki
        m[f"n_usia_{g}_p"] = usia & perempuan
        m[f"n_usia_{g}_status_terisi"] = usia & terisi
        m[f"n_usia_{g}_status_kosong"] = usia & ~terisi
        m[f"n_usia_{g}_masih_sekolah"] = usia & masih
    lo_all = min(lo for lo, _ in jenjang.values())
    hi_all = max(hi for _, hi in jenjang.values())
    usia_sekolah = _antara(tahun, lo_all, hi_all)
    m["n_anak_usia_sekolah"] = usia_sekolah
    m["n_anak_usia_sekolah_status_terisi"] = usia_sekolah & terisi
    m["n_anak_tidak_sekolah"] = usia_sekolah & isin_np(status, TIDAK_SEKOLAH)
    m["n_anak_putus_sekolah"] = usia_sekolah & isin_np(status, [PUTUS_SEKOLAH])
    per_anggota = count_by_cell(anggota, m)

    # family counts (§4, §11): families with ≥ 1 balita / baduta / remaja / lansia
    pos = posisi(keluarga, anggota["id_keluarga"])
    nk = len(keluarga)
    k = {"n_keluarga": np.ones(nk)}
    for nama in ("balita", "baduta", "remaja", "lansia"):
        k[f"n_keluarga_punya_{nama}"] = ada_per_keluarga(nk, pos, a[nama])
    per_keluarga = count_by_cell(keluarga, k)
    return _gabung(per_keluarga, per_anggota)


def _gabung(*frames: pd.DataFrame) -> pd.DataFrame:
    """Outer join of cell count frames; absent cells → 0."""
    keys = ["kode_kelurahan", "kkb_id"]
    out = frames[0]
    for frame in frames[1:]:
        out = out.merge(frame, on=keys, how="outer")
    values = [c for c in out.columns if c not in keys]
    out[values] = out[values].fillna(0.0).astype("float64")
    return out.sort_values(keys, ignore_index=True)


def median_umur(agg: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Median age by grouped interpolation over the 16 groups of both sexes (§5).

    Returns (median in years, "median falls in the open 75+ group" flag):
    median = L + ((N/2 − F) / f) × 5 in the first group whose cumulative count reaches N/2;
    75+ → (<NA>, True); no member → (<NA>, <NA>).
    """
    counts = np.zeros((len(agg), len(KELOMPOK)))
    for jk in JENIS_KELAMIN:
        counts += agg[[kolom_piramida(jk, k) for k in KELOMPOK]].to_numpy(dtype="float64")
    total = counts.sum(axis=1)
    cum = counts.cumsum(axis=1)
    half = total / 2
    idx = np.argmax(cum >= half[:, None], axis=1)
    rows = np.arange(len(agg))
    f = counts[rows, idx]
    below = cum[rows, idx] - f
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 5.0 * idx + (half - below) / f * 5.0
    ada = total > 0
    terbuka = ada & (idx == len(KELOMPOK) - 1)
    numeric = pd.Series(np.where(ada & ~terbuka, value, np.nan), index=agg.index).astype("Float64")
    flag = pd.Series(pd.array(np.where(ada, terbuka, pd.NA), dtype="boolean"), index=agg.index)
    return numeric, flag


def rates_kependudukan(agg: pd.DataFrame) -> pd.DataFrame:
    """Indicators per area from the summed counts (one row per ``wilayah_id``).

    Counts passed through: ``n_keluarga``, ``n_penduduk`` (+ ``_l``/``_p``), balita, baduta,
    remaja (by sex and band), lansia, families with balita/baduta/remaja/lansia, school-age
    children, anak tidak/putus sekolah. Derived: ``rasio_penduduk_per_keluarga``,
    ``rasio_jenis_kelamin`` (L/P × 100), ``n_penduduk_0_14`` / ``_15_64`` / ``_65_lebih``,
    ``rasio_ketergantungan`` (+ ``_muda``, ``_tua``; × 100), ``median_umur_tahun`` /
    ``median_umur_75_lebih``, ``n_wus`` (women 15–49), ``rasio_anak_wanita`` (CWR per 1,000),
    ``remaja_pct``, ``lansia_pct``, ``aps_<jenjang>_pct``, ``anak_tidak_sekolah_pct``,
    ``anak_putus_sekolah_pct``.
    """
    out: dict[str, object] = {"wilayah_id": agg["wilayah_id"]}
    prefixes = ("n_keluarga", "n_penduduk", "n_balita", "n_baduta", "n_remaja", "n_lansia")
    for c in agg.columns:
        if c.startswith((*prefixes, "n_usia_", "n_anak_")) and c not in PIRAMIDA:
            out[c] = agg[c].astype("float64")
    out["rasio_penduduk_per_keluarga"] = safe_rate(agg["n_penduduk"], agg["n_keluarga"], 1.0)
    out["rasio_jenis_kelamin"] = safe_rate(agg["n_penduduk_l"], agg["n_penduduk_p"])

    piramida = agg[PIRAMIDA].to_numpy(dtype="float64").reshape(len(agg), 2, len(KELOMPOK))

    def grup(lo_idx: int, hi_idx: int, sexes: tuple[int, ...] = (0, 1)) -> pd.Series:
        total = piramida[:, list(sexes), lo_idx:hi_idx].sum(axis=(1, 2))
        return pd.Series(total, index=agg.index)

    muda, produktif, tua = grup(0, 3), grup(3, 13), grup(13, 16)  # 0–14, 15–64, 65+
    out["n_penduduk_0_14"] = muda
    out["n_penduduk_15_64"] = produktif
    out["n_penduduk_65_lebih"] = tua
    out["rasio_ketergantungan"] = safe_rate(muda + tua, produktif)
    out["rasio_ketergantungan_muda"] = safe_rate(muda, produktif)
    out["rasio_ketergantungan_tua"] = safe_rate(tua, produktif)
    out["median_umur_tahun"], out["median_umur_75_lebih"] = median_umur(agg)
    wus = grup(3, 10, sexes=(1,))  # women 15–49
    out["n_wus"] = wus
    out["rasio_anak_wanita"] = safe_rate(grup(0, 1), wus, 1000.0)  # CWR per 1,000
    out["remaja_pct"] = safe_rate(agg["n_remaja"], agg["n_penduduk"])
    out["lansia_pct"] = safe_rate(agg["n_lansia"], agg["n_penduduk"])
    for c in agg.columns:
        if c.startswith("n_usia_") and c.endswith("_masih_sekolah"):
            g = c[len("n_usia_") : -len("_masih_sekolah")]
            out[f"aps_{g}_pct"] = safe_rate(agg[c], agg[f"n_usia_{g}_status_terisi"])
    terisi = agg["n_anak_usia_sekolah_status_terisi"]
    out["anak_tidak_sekolah_pct"] = safe_rate(agg["n_anak_tidak_sekolah"], terisi)
    out["anak_putus_sekolah_pct"] = safe_rate(agg["n_anak_putus_sekolah"], terisi)
    return pd.DataFrame(out).reset_index(drop=True)


def long_piramida(agg: pd.DataFrame) -> pd.DataFrame:
    """The age pyramid as a long table: ``wilayah_id, kelompok_umur, jenis_kelamin, n``.

    Rows per area in pyramid order (0-4 … 75+), L before P.
    """
    n_area, n_grup, n_jk = len(agg), len(KELOMPOK), len(JENIS_KELAMIN)
    # PIRAMIDA is ordered (sex, group); the long table wants (area, group, sex)
    values = agg[PIRAMIDA].to_numpy(dtype="float64").reshape(n_area, n_jk, n_grup)
    return pd.DataFrame(
        {
            "wilayah_id": pd.array(
                np.repeat(agg["wilayah_id"].astype(str).to_numpy(), n_grup * n_jk), "string"
            ),
            "kelompok_umur": pd.Categorical(
                np.tile(np.repeat(KELOMPOK, n_jk), n_area), categories=KELOMPOK, ordered=True
            ),
            "jenis_kelamin": pd.array(np.tile(JENIS_KELAMIN, n_area * n_grup), "string"),
            "n": values.transpose(0, 2, 1).reshape(-1),
        }
    )


def pk_denominators(agg: pd.DataFrame) -> pd.DataFrame:
    """Poktan denominators of §2.4/§4 per area (consumed by the classification module).

    ``keluarga_punya_balita`` (families with a member 0–59 months), ``keluarga_punya_remaja``,
    ``keluarga_punya_lansia``, ``jumlah_keluarga``, ``jumlah_remaja`` (members in
    ``umur.remaja``).
    """
    return pd.DataFrame(
        {
            "wilayah_id": agg["wilayah_id"],
            "keluarga_punya_balita": agg["n_keluarga_punya_balita"].astype("float64"),
            "keluarga_punya_remaja": agg["n_keluarga_punya_remaja"].astype("float64"),
            "keluarga_punya_lansia": agg["n_keluarga_punya_lansia"].astype("float64"),
            "jumlah_keluarga": agg["n_keluarga"].astype("float64"),
            "jumlah_remaja": agg["n_remaja"].astype("float64"),
        }
    )
