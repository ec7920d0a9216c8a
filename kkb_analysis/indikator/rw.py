"""Counts and rates per RW inside each active KKB (``out_rw``), for the report's per-RW tables.

Cilegon KKB may cover only some RWs of their kelurahan (kkb-primer.md §1), so the Pokja asks
where inside the KKB the families, toddlers, keluarga berisiko stunting (KRS) and stunted
children are. One row per (``kkb_id``, ``kode_kelurahan``, ``rw``) of the families (PK) and the
measured children (e-PPGBM) assigned to a KKB; an empty RW forms its own row (``rw`` <NA>), so
the rows of a KKB always add up to the KKB's own totals in ``out_wilayah``.

The definitions are those of the KKB level: KRS and keluarga sasaran as indicators.md §6 (via
:func:`kkb_analysis.indikator.krs.keluarga_krs`), stunting as §7.7 (latest measurement of each
child in the calendar year, recomputed HAZ < −2). The table keeps the true counts; the report
suppresses counts below ``laporan.sel_kecil`` (indicators.md §0) when it prints them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.indikator import krs, stunting
from kkb_analysis.indikator._keluarga import ada_baris, tabel
from kkb_analysis.indikator.kependudukan import atribut_anggota
from kkb_analysis.wilayah import in_kkb, safe_rate

KEYS = ["kkb_id", "kode_kelurahan", "rw"]
COLUMNS = [
    "tahun",
    *KEYS,
    "n_keluarga",
    "n_penduduk",
    "n_balita",
    "n_keluarga_sasaran",
    "n_krs",
    "krs_pct",
    "n_balita_diukur",
    "n_stunting",
    "stunting_pct",
]
_KELUARGA = {
    "id_keluarga": "string",
    "kode_kelurahan": "string",
    "kkb_id": "string",
    "rw": "string",
}
_ANGGOTA = {
    "id_keluarga": "string",
    "kode_kelurahan": "string",
    "kkb_id": "string",
    "rw": "string",
    "umur_bulan": "Float64",
    "umur_tahun": "Int64",
    "jenis_kelamin": "string",
}


def _per_rw(frame: pd.DataFrame, counts: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sum row masks per (kkb_id, kode_kelurahan, rw) over the rows inside a KKB."""
    keys = frame[KEYS].astype("string")
    inside = keys["kkb_id"].notna().to_numpy(bool)
    data = keys[inside].assign(
        **{k: np.asarray(v)[inside].astype("int64") for k, v in counts.items()}
    )
    if data.empty:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in KEYS})
    return data.groupby(KEYS, dropna=False, sort=True)[list(counts)].sum().reset_index()


def count_rw(tables: dict[str, pd.DataFrame], year: int, settings: dict) -> pd.DataFrame:
    """``out_rw``: per RW of each KKB, families, persons, balita, KRS and stunting (see module)."""
    keluarga = tabel(tables, "pk_keluarga", _KELUARGA)
    anggota = tabel(tables, "pk_anggota", _ANGGOTA)
    fam = krs.keluarga_krs(tables, settings)
    basis = ada_baris(tables, "pk_anggota") and ada_baris(tables, "pk_kb")
    per_keluarga = _per_rw(
        keluarga,
        {
            "n_keluarga": np.ones(len(keluarga), dtype=bool),
            "n_keluarga_sasaran": fam["sasaran"].to_numpy(bool),
            "n_krs": fam["krs"].to_numpy(bool),
        },
    )
    balita = atribut_anggota(anggota, settings)["balita"]
    per_anggota = _per_rw(
        anggota, {"n_penduduk": np.ones(len(anggota), dtype=bool), "n_balita": balita}
    )
    eppgbm = tables.get("eppgbm")
    if eppgbm is not None and {"zs_tbu_recalc", "rw"} <= set(eppgbm.columns):
        latest = stunting.select_latest_measurements(eppgbm, year, "tahun")
        anak = stunting.count_anthropometry(latest, KEYS)
        anak = anak.loc[in_kkb(anak["kkb_id"]), [*KEYS, "n_balita_diukur", "n_stunting"]]
    else:
        anak = pd.DataFrame({c: pd.Series(dtype="string") for c in KEYS})
    out = per_keluarga
    for part in (per_anggota, anak):
        out = out.merge(part.astype({k: "string" for k in KEYS}), on=KEYS, how="outer")
    for c in (
        "n_keluarga",
        "n_penduduk",
        "n_balita",
        "n_keluarga_sasaran",
        "n_krs",
        "n_balita_diukur",
        "n_stunting",
    ):
        out[c] = out[c].astype("float64").fillna(0.0) if c in out.columns else 0.0
    # without members or the KB block KRS cannot be judged: "data tidak cukup", as at KKB level
    sasaran = out["n_keluarga_sasaran"] if basis else out["n_keluarga_sasaran"] * 0.0
    out["krs_pct"] = safe_rate(out["n_krs"], sasaran)
    out["stunting_pct"] = safe_rate(out["n_stunting"], out["n_balita_diukur"])
    out.insert(0, "tahun", year)
    out = out.sort_values(KEYS, na_position="last", kind="stable").reset_index(drop=True)
    return out[COLUMNS]
