"""Keluarga Berisiko Stunting — KRS (indicators.md §6), rule "KRS (aturan toolkit)".

Per family of ``pk_keluarga``:

- **keluarga sasaran** (§6.1): a ``pk_kb`` row with ``is_pus``; a PUS row with
  ``sedang_hamil``; a member aged ``umur.baduta_bulan`` (0–23 completed months); a member aged
  ``umur.balita_krs_bulan`` (24–59);
- the six risk factors (§6.2), evaluated for keluarga sasaran only: drinking water not in codes
  1–4; latrine codes 2 or 4 (code 3 per ``krs.jamban_bersama_layak``); a PUS row with
  ``umur_istri`` < 20 (terlalu muda), 35 ≤ ``umur_istri`` ≤ 40 (terlalu tua),
  ``umur_anak_terakhir_bulan`` < 24 (terlalu dekat), ``jumlah_anak_masih_hidup`` > 3 (terlalu
  banyak);
- **KRS** (§6.3): ``krs.aturan = "minimal_satu"`` — keluarga sasaran with ≥ 1 of the factors
  listed in ``krs.faktor``;
- welfare (§6.4): desil of :func:`kkb_analysis.indikator.kesejahteraan.keluarga_kesejahteraan`;
  ``kesejahteraan_lebih_4`` = desil ≥ 5 or no desil, so the five columns add up to total_krs.

Missing inputs (§6.3) [asumsi]: a factor whose input is missing is absent; the keluarga sasaran
is counted in ``n_faktor_tidak_lengkap`` (any configured factor with a missing input) and, if it
is not KRS, also in ``n_tidak_berisiko_faktor_tidak_lengkap`` (its status could change).
``umur_anak_terakhir_bulan`` missing is not counted as missing for a PUS without children (no
child born alive by ``jumlah_anak_lahir_hidup_l`` + ``_p``, or — where those are unknown —
``jumlah_anak_masih_hidup`` = 0).

The recap columns of the six factors always show all six factors (official layout); only the KRS
rule is restricted to ``krs.faktor``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.indikator._keluarga import (
    ada_baris,
    ada_per_keluarga,
    bool_np,
    posisi,
    tabel,
)
from kkb_analysis.indikator.kependudukan import atribut_anggota
from kkb_analysis.indikator.kesejahteraan import keluarga_kesejahteraan
from kkb_analysis.sumber.pk_keluarga import AIR_LAYAK, jamban_layak
from kkb_analysis.wilayah import count_by_cell, safe_rate

FAKTOR = {  # krs.faktor name → recap column (§6.2)
    "air": "air_minum_tidak_layak",
    "jamban": "jamban_tidak_layak",
    "muda": "terlalu_muda",
    "tua": "terlalu_tua",
    "dekat": "terlalu_dekat",
    "banyak": "terlalu_banyak",
}
UMUR_MUDA = 20  # < 20 [sumber S21]
UMUR_TUA = (35, 40)  # 35–40 [sumber S21]
JARAK_BULAN = 24  # < 24 months [asumsi: proxy]
ANAK_BANYAK = 3  # > 3 [sumber S21]
KOMPONEN = ("baduta", "balita", "pus", "pus_hamil")
REKAP_COLUMNS = [  # §6.4 official layout [sumber S26]
    "kode_wilayah",
    "tahun",
    "jumlah_keluarga",
    "jumlah_keluarga_sasaran",
    "kesejahteraan_1",
    "kesejahteraan_2",
    "kesejahteraan_3",
    "kesejahteraan_4",
    "kesejahteraan_lebih_4",
    "total_krs",
    "tidak_berisiko",
    "baduta",
    "balita",
    "pus",
    "pus_hamil",
    *FAKTOR.values(),
]

KELUARGA_COLUMNS = {
    "id_keluarga": "string",
    "kode_kelurahan": "string",
    "kkb_id": "string",
    "sumber_air_minum_utama": "string",
    "fasilitas_bab": "string",
    "air_minum_layak": "boolean",
    "jamban_layak": "boolean",
}
ANGGOTA_COLUMNS = {
    "id_keluarga": "string",
    "jenis_kelamin": "string",
    "umur_bulan": "Float64",
    "umur_tahun": "Int64",
}
KB_COLUMNS = {
    "id_keluarga": "string",
    "is_pus": "boolean",
    "sedang_hamil": "boolean",
    "umur_istri": "Int64",
    "umur_anak_terakhir_bulan": "Int64",
    "jumlah_anak_masih_hidup": "Int64",
    "jumlah_anak_lahir_hidup_l": "Int64",
    "jumlah_anak_lahir_hidup_p": "Int64",
}


def _faktor_aktif(settings: dict) -> list[str]:
    conf = settings["krs"]
    if conf["aturan"] != "minimal_satu":
        raise ValueError(
            f"krs.aturan '{conf['aturan']}' tidak dikenal; yang tersedia: minimal_satu"
        )
    unknown = [f for f in conf["faktor"] if f not in FAKTOR]
    if unknown:
        raise ValueError(
            f"krs.faktor berisi nama yang tidak dikenal: {', '.join(map(str, unknown))}; "
            f"yang sah: {', '.join(FAKTOR)}"
        )
    return [FAKTOR[f] for f in conf["faktor"]]


def _float(values: pd.Series) -> np.ndarray:
    return values.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)


def keluarga_krs(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """KRS attributes of every ``pk_keluarga`` row (same index): bool columns ``sasaran``,
    ``baduta``, ``balita``, ``pus``, ``pus_hamil``, the six factor columns (already restricted to
    keluarga sasaran), ``krs``, ``faktor_tidak_lengkap``; ``desil`` (Int64) from §9.2."""
    aktif = _faktor_aktif(settings)
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    anggota = tabel(tables, "pk_anggota", ANGGOTA_COLUMNS)
    kb = tabel(tables, "pk_kb", KB_COLUMNS)
    n = len(keluarga)

    # §6.1 components
    a = atribut_anggota(anggota, settings)
    pos_a = posisi(keluarga, anggota["id_keluarga"])
    pos_kb = posisi(keluarga, kb["id_keluarga"])
    pus_row = bool_np(kb["is_pus"].eq(True))
    comp = {
        "baduta": ada_per_keluarga(n, pos_a, a["baduta"]),
        "balita": ada_per_keluarga(n, pos_a, a["balita_krs"]),
        "pus": ada_per_keluarga(n, pos_kb, pus_row),
        "pus_hamil": ada_per_keluarga(n, pos_kb, pus_row & bool_np(kb["sedang_hamil"].eq(True))),
    }
    sasaran = comp["baduta"] | comp["balita"] | comp["pus"] | comp["pus_hamil"]

    # §6.2 factors and their missing inputs (True = tidak layak / risk present)
    air_layak = (
        keluarga["sumber_air_minum_utama"]
        .isin(list(AIR_LAYAK))
        .astype("boolean")
        .mask(keluarga["sumber_air_minum_utama"].isna())
        .fillna(keluarga["air_minum_layak"].astype("boolean"))
    )
    jamban = jamban_layak(keluarga["fasilitas_bab"], settings).fillna(
        keluarga["jamban_layak"].astype("boolean")
    )
    umur = _float(kb["umur_istri"])
    terakhir = _float(kb["umur_anak_terakhir_bulan"])
    hidup = _float(kb["jumlah_anak_masih_hidup"])
    lahir = _float(kb["jumlah_anak_lahir_hidup_l"]) + _float(kb["jumlah_anak_lahir_hidup_p"])
    tanpa_anak = np.where(np.isnan(lahir), hidup == 0, lahir == 0)
    faktor = {
        "air_minum_tidak_layak": bool_np(air_layak.eq(False)),
        "jamban_tidak_layak": bool_np(jamban.eq(False)),
        "terlalu_muda": ada_per_keluarga(n, pos_kb, pus_row & (umur < UMUR_MUDA)),
        "terlalu_tua": ada_per_keluarga(
            n, pos_kb, pus_row & (umur >= UMUR_TUA[0]) & (umur <= UMUR_TUA[1])
        ),
        "terlalu_dekat": ada_per_keluarga(n, pos_kb, pus_row & (terakhir < JARAK_BULAN)),
        "terlalu_banyak": ada_per_keluarga(n, pos_kb, pus_row & (hidup > ANAK_BANYAK)),
    }
    kosong = {
        "air_minum_tidak_layak": air_layak.isna().to_numpy(bool),
        "jamban_tidak_layak": jamban.isna().to_numpy(bool),
        "terlalu_muda": ada_per_keluarga(n, pos_kb, pus_row & np.isnan(umur)),
        "terlalu_tua": ada_per_keluarga(n, pos_kb, pus_row & np.isnan(umur)),
        "terlalu_dekat": ada_per_keluarga(n, pos_kb, pus_row & np.isnan(terakhir) & ~tanpa_anak),
        "terlalu_banyak": ada_per_keluarga(n, pos_kb, pus_row & np.isnan(hidup)),
    }

    out = pd.DataFrame(index=keluarga.index)
    out["id_keluarga"] = keluarga["id_keluarga"].astype("string")
    out["sasaran"] = sasaran
    for name, values in comp.items():
        out[name] = values
    krs = np.zeros(n, dtype=bool)
    tidak_lengkap = np.zeros(n, dtype=bool)
    for name in FAKTOR.values():
        out[name] = faktor[name] & sasaran
        if name in aktif:
            krs |= out[name].to_numpy(bool)
            tidak_lengkap |= kosong[name] & sasaran
    out["krs"] = krs
    out["faktor_tidak_lengkap"] = tidak_lengkap
    out["desil"] = keluarga_kesejahteraan(tables, settings)["desil"].to_numpy()
    return out


def count_krs(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """Additive counts per cell for §6 (recap columns as ``n_…`` counts)."""
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    f = keluarga_krs(tables, settings)
    krs = f["krs"].to_numpy(bool)
    sasaran = f["sasaran"].to_numpy(bool)
    desil = _float(f["desil"])
    m: dict[str, np.ndarray] = {
        "n_keluarga": np.ones(len(f), dtype=bool),
        # families whose KRS status can be judged: all of them when members and the KB block
        # were supplied, none otherwise (→ KRS rates "data tidak cukup", counts still shown)
        "n_keluarga_basis_krs": np.full(
            len(f), ada_baris(tables, "pk_anggota") and ada_baris(tables, "pk_kb")
        ),
        "n_keluarga_sasaran": sasaran,
        "n_krs": krs,
        "n_tidak_berisiko": sasaran & ~krs,
    }
    for d in (1, 2, 3, 4):
        m[f"n_krs_kesejahteraan_{d}"] = krs & (desil == d)
    m["n_krs_kesejahteraan_lebih_4"] = krs & ~((desil >= 1) & (desil <= 4))
    m["n_krs_basis_kesejahteraan"] = krs & ada_baris(tables, "dtks")  # 0 without a welfare file
    for name in (*KOMPONEN, *FAKTOR.values()):
        m[f"n_sasaran_{name}"] = f[name].to_numpy(bool) & sasaran
    m["n_sasaran_4t"] = (
        f[["terlalu_muda", "terlalu_tua", "terlalu_dekat", "terlalu_banyak"]]
        .any(axis=1)
        .to_numpy(bool)
    )
    m["n_faktor_tidak_lengkap"] = f["faktor_tidak_lengkap"].to_numpy(bool)
    m["n_tidak_berisiko_faktor_tidak_lengkap"] = m["n_faktor_tidak_lengkap"] & ~krs
    return count_by_cell(keluarga, m)


def rates_krs(agg: pd.DataFrame) -> pd.DataFrame:
    """§6.5 indicators per area: ``keluarga_sasaran_pct`` (of all families), ``krs_pct`` (of
    sasaran), ``krs_keluarga_pct`` (of all families), ``<faktor>_pct`` and ``sasaran_4t_pct``
    (any of the 4T; of sasaran; overlapping), ``faktor_tidak_lengkap_pct`` (of sasaran),
    ``krs_kesejahteraan_<k>_pct`` (of KRS). Counts are passed through.

    Without ``pk_anggota`` or ``pk_kb`` (``n_keluarga_basis_krs`` = 0) every rate is <NA>; without
    ``dtks`` the welfare shares are <NA> (the recap still puts every KRS in
    ``kesejahteraan_lebih_4``)."""
    out: dict[str, object] = {"wilayah_id": agg["wilayah_id"]}
    for c in agg.columns:
        if c.startswith("n_"):
            out[c] = agg[c].astype("float64")
    keluarga = agg["n_keluarga_basis_krs"]  # 0 without pk_anggota/pk_kb → every rate <NA>
    usable = (keluarga > 0).to_numpy(bool)
    sasaran = agg["n_keluarga_sasaran"].where(usable, 0.0)
    krs = agg["n_krs"].where(usable, 0.0)
    out["keluarga_sasaran_pct"] = safe_rate(sasaran, keluarga)
    out["krs_pct"] = safe_rate(krs, sasaran)
    out["krs_keluarga_pct"] = safe_rate(krs, keluarga)
    for name in FAKTOR.values():
        out[f"{name}_pct"] = safe_rate(agg[f"n_sasaran_{name}"], sasaran)
    out["sasaran_4t_pct"] = safe_rate(agg["n_sasaran_4t"], sasaran)
    out["faktor_tidak_lengkap_pct"] = safe_rate(agg["n_faktor_tidak_lengkap"], sasaran)
    for k in ("1", "2", "3", "4", "lebih_4"):
        out[f"krs_kesejahteraan_{k}_pct"] = safe_rate(
            agg[f"n_krs_kesejahteraan_{k}"], agg["n_krs_basis_kesejahteraan"].where(usable, 0.0)
        )
    return pd.DataFrame(out).reset_index(drop=True)


def long_rekap_krs(agg: pd.DataFrame, tahun: int | None = None) -> pd.DataFrame:
    """The official recap "Rekapitulasi Keluarga Berisiko Stunting Berdasarkan Wilayah" (§6.4).

    One row per area of ``agg`` with the 21 columns of :data:`REKAP_COLUMNS`; ``kode_wilayah`` is
    the toolkit's ``wilayah_id`` (e.g. ``kel:36.72.01.1001``), ``tahun`` the data year (<NA> if
    not given). Counts are integers (Int64).
    """
    sumber = {
        "jumlah_keluarga": "n_keluarga",
        "jumlah_keluarga_sasaran": "n_keluarga_sasaran",
        **{f"kesejahteraan_{k}": f"n_krs_kesejahteraan_{k}" for k in ("1", "2", "3", "4")},
        "kesejahteraan_lebih_4": "n_krs_kesejahteraan_lebih_4",
        "total_krs": "n_krs",
        "tidak_berisiko": "n_tidak_berisiko",
        **{name: f"n_sasaran_{name}" for name in (*KOMPONEN, *FAKTOR.values())},
    }
    out = pd.DataFrame(
        {
            "kode_wilayah": agg["wilayah_id"].astype("string").to_numpy(),
            "tahun": pd.array([tahun] * len(agg), dtype="Int64"),
        }
    )
    for column, count in sumber.items():
        out[column] = pd.array(np.rint(agg[count].to_numpy(dtype="float64")), dtype="Int64")
    return out[REKAP_COLUMNS]
