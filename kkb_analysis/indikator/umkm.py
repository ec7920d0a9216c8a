"""UMKM unggulan per KKB (data domain 6; data-contract.md §7.5; kkb-primer.md §7 and §9 item 9).

The whole ``kkb_umkm`` layout is a project design [asumsi]. UMKM carry ``kkb_id`` explicitly (they
are not assigned through a family's RW, data-contract.md §5), so every KKB forms one cell
(``kode_kelurahan`` of the KKB from ``kkb``, ``kkb_id``): :func:`count_umkm` returns additive counts
per cell for :func:`kkb_analysis.wilayah.aggregate`, :func:`rates_umkm` derives the indicators from
summed counts, :func:`umkm_per_kkb` is the per-KKB wide frame of the report (counts, indicators and
the flagship-product text) and :func:`long_umkm` the printable list of the UMKM unggulan.

Base of the indicators: **every UMKM listed** for the KKB (``unggulan`` = ya or tidak);
``n_umkm_unggulan`` counts the designated ones. The shares of the optional yes/no items (NIB,
PIRT, halal, UPPKA, capital support) and of the turnover bands are taken over the UMKM whose item
is filled in (``n_umkm_<item>_terisi``): an empty cell is "not known", not "no" (indicators.md §0).
No personal data leaves this module: the owner's family pseudonym ``id_keluarga_pemilik`` and the
owner-check flags are never part of an output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis import wilayah
from kkb_analysis.config import load_reference

#: ``jenis_usaha`` code (A.20) → column slug
JENIS_USAHA = {
    "Kuliner": "kuliner",
    "Kerajinan": "kerajinan",
    "Fashion": "fashion",
    "Jasa": "jasa",
    "Perdagangan": "perdagangan",
    "Pertanian/Perikanan": "pertanian_perikanan",
    "Lainnya": "lainnya",
}
#: ``omzet_bulanan_kelas`` code (A.20, Rp per month) → column slug, in band order
OMZET = {"<1jt": "kurang_1jt", "1-5jt": "1_5jt", "5-15jt": "5_15jt", ">15jt": "lebih_15jt"}
#: optional yes/no items → column slug
STATUS = {
    "nib": "nib",
    "pirt": "pirt",
    "halal": "halal",
    "anggota_uppka": "uppka",
    "bantuan_modal": "bantuan_modal",
}
ID_COLUMNS = ("wilayah_id", "kkb_id")

COUNT_COLUMNS = [
    "n_umkm",
    "n_umkm_unggulan",
    *(f"n_umkm_jenis_{s}" for s in JENIS_USAHA.values()),
    *(c for s in STATUS.values() for c in (f"n_umkm_{s}", f"n_umkm_{s}_terisi")),
    *(f"n_umkm_omzet_{s}" for s in OMZET.values()),
    "n_tenaga_kerja",
    "n_umkm_tenaga_kerja_terisi",
]
RATE_COLUMNS = [
    "umkm_unggulan_pct",
    *(f"{s}_pct" for s in STATUS.values()),
    *(f"omzet_{s}_pct" for s in OMZET.values()),
    "rasio_tenaga_kerja_per_umkm",
]
LONG_COLUMNS = [
    "kkb_id",
    "umkm_id",
    "nama_usaha",
    "jenis_usaha",
    "produk_unggulan",
    "legalitas",
    "nib",
    "pirt",
    "halal",
    "anggota_uppka",
    "omzet_bulanan_kelas",
    "jumlah_tenaga_kerja",
    "bantuan_modal",
    "pembinaan_opd",
]
_UMKM_COLUMNS = [
    "umkm_id",
    "kkb_id",
    "nama_usaha",
    "jenis_usaha",
    "produk_unggulan",
    "unggulan",
    "anggota_uppka",
    "jumlah_tenaga_kerja",
    "omzet_bulanan_kelas",
    "nib",
    "pirt",
    "halal",
    "pembinaan_opd",
    "bantuan_modal",
]


def _table(tables: dict[str, pd.DataFrame], base: str, columns: list[str]) -> pd.DataFrame:
    """The processed table ``base`` with at least ``columns`` (absent file → empty frame)."""
    table = tables.get(base)
    if table is None:
        table = pd.DataFrame(columns=columns)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        table = table.assign(**{c: pd.NA for c in missing})
    return table


def _bool(values: pd.Series) -> pd.Series:
    """A yes/no column as nullable booleans (accepts booleans or the loader's text forms)."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    text = values.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[text.isin(["ya", "true", "1", "y"]).fillna(False).to_numpy(bool)] = True
    out[text.isin(["tidak", "false", "0", "t"]).fillna(False).to_numpy(bool)] = False
    return out


def _is(values: pd.Series, code: str) -> np.ndarray:
    return values.astype("string").eq(code).fillna(False).to_numpy(bool)


def _row_counts(umkm: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per UMKM row, the value it adds to each count column (aligned with ``umkm``)."""
    n = len(umkm)
    counts: dict[str, np.ndarray] = {
        "n_umkm": np.ones(n),
        "n_umkm_unggulan": _bool(umkm["unggulan"]).fillna(False).to_numpy(bool),
    }
    for code, slug in JENIS_USAHA.items():
        counts[f"n_umkm_jenis_{slug}"] = _is(umkm["jenis_usaha"], code)
    for column, slug in STATUS.items():
        values = _bool(umkm[column])
        counts[f"n_umkm_{slug}"] = values.fillna(False).to_numpy(bool)
        counts[f"n_umkm_{slug}_terisi"] = values.notna().to_numpy(bool)
    for code, slug in OMZET.items():
        counts[f"n_umkm_omzet_{slug}"] = _is(umkm["omzet_bulanan_kelas"], code)
    workers = pd.to_numeric(umkm["jumlah_tenaga_kerja"], errors="coerce").astype("Float64")
    counts["n_tenaga_kerja"] = workers.fillna(0).to_numpy(dtype="float64")
    counts["n_umkm_tenaga_kerja_terisi"] = workers.notna().to_numpy(bool)
    return counts


def _kkb_kelurahan(tables: dict[str, pd.DataFrame]) -> pd.Series:
    kkb = _table(tables, "kkb", ["kkb_id", "kode_kelurahan"])
    kkb = kkb.dropna(subset=["kkb_id"]).drop_duplicates("kkb_id")
    return pd.Series(
        kkb["kode_kelurahan"].astype("string").to_numpy(),
        index=kkb["kkb_id"].astype("string").to_numpy(),
        dtype="string",
    )


def count_umkm(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """Additive UMKM counts per cell (one cell per KKB: the KKB's kelurahan and ``kkb_id``).

    Columns :data:`wilayah.CELL_KEYS` + :data:`COUNT_COLUMNS`. A UMKM whose KKB is not in
    ``kkb`` (no kelurahan known) cannot be placed and is left out. ``settings`` is unused (no
    [asumsi] rule applies) and kept for the common signature.
    """
    del settings
    umkm = _table(tables, "kkb_umkm", _UMKM_COLUMNS)
    kkb_id = umkm["kkb_id"].astype("string")
    cells = pd.DataFrame(
        {
            "kode_kelurahan": kkb_id.map(_kkb_kelurahan(tables)).astype("string"),
            "kkb_id": kkb_id,
        },
        index=umkm.index,
    )
    cells = cells[cells["kkb_id"].notna()]
    out = wilayah.count_by_cell(cells, {k: v[cells.index] for k, v in _row_counts(umkm).items()})
    return out[[*wilayah.CELL_KEYS, *COUNT_COLUMNS]]


def rates_umkm(agg: pd.DataFrame) -> pd.DataFrame:
    """UMKM indicators from counts summed per area (or per KKB).

    Keeps the id columns present (``wilayah_id`` and/or ``kkb_id``) and adds:

    - ``umkm_unggulan_pct``: % of listed UMKM designated unggulan (base ``n_umkm``);
    - ``nib_pct``, ``pirt_pct``, ``halal_pct``: % holding the permit/certificate, among the UMKM
      whose item is filled in (``n_umkm_<item>_terisi``);
    - ``uppka_pct``: % whose owner is in the UPPKA poktan (same base rule);
    - ``bantuan_modal_pct``: % that received capital support (same base rule);
    - ``omzet_<band>_pct``: turnover-band distribution among UMKM with a known band (sums to 100);
    - ``rasio_tenaga_kerja_per_umkm``: workers per UMKM among those with a worker count.

    ``<NA>`` = "data tidak cukup" (zero base).
    """
    ids = [c for c in ID_COLUMNS if c in agg.columns]
    out = agg[ids].copy()
    out["umkm_unggulan_pct"] = wilayah.safe_rate(agg["n_umkm_unggulan"], agg["n_umkm"])
    for slug in STATUS.values():
        out[f"{slug}_pct"] = wilayah.safe_rate(agg[f"n_umkm_{slug}"], agg[f"n_umkm_{slug}_terisi"])
    known = sum(agg[f"n_umkm_omzet_{s}"] for s in OMZET.values())
    for slug in OMZET.values():
        out[f"omzet_{slug}_pct"] = wilayah.safe_rate(agg[f"n_umkm_omzet_{slug}"], known)
    out["rasio_tenaga_kerja_per_umkm"] = wilayah.safe_rate(
        agg["n_tenaga_kerja"], agg["n_umkm_tenaga_kerja_terisi"], scale=1.0
    )
    return out


def _kkb_ids(tables: dict[str, pd.DataFrame], *present: pd.Series) -> list[str]:
    """Active KKB of the year plus any KKB that occurs in the data, sorted."""
    kkb = _table(tables, "kkb", ["kkb_id", "status_aktif"])
    active = _bool(kkb["status_aktif"]).fillna(False).to_numpy(bool)
    ids = set(kkb.loc[active, "kkb_id"].dropna().astype(str))
    for values in present:
        ids |= set(values.dropna().astype(str))
    return sorted(ids)


def umkm_per_kkb(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """The per-KKB wide frame: ``kkb_id`` + counts + indicators + ``daftar_produk_unggulan``.

    One row per active KKB (and per other KKB that has UMKM rows); a KKB without UMKM has counts 0
    and indicators ``<NA>``. ``daftar_produk_unggulan`` lists the distinct ``produk_unggulan`` of
    its UMKM unggulan (``"; "``-joined, in order of business name), ``<NA>`` when none is given.
    """
    del settings
    umkm = _table(tables, "kkb_umkm", _UMKM_COLUMNS)
    kkb_id = umkm["kkb_id"].astype("string")
    frame = pd.DataFrame(_row_counts(umkm), index=umkm.index, dtype="float64")
    frame["kkb_id"] = kkb_id
    frame = frame[kkb_id.notna().to_numpy(bool)]
    ids = _kkb_ids(tables, kkb_id)
    counts = (
        frame.groupby("kkb_id")[COUNT_COLUMNS].sum().reindex(ids).fillna(0.0).rename_axis("kkb_id")
    )
    counts = counts.reset_index().astype({"kkb_id": "string"})
    out = pd.concat([counts, rates_umkm(counts).drop(columns="kkb_id")], axis=1)
    products = _products(umkm)
    out["daftar_produk_unggulan"] = out["kkb_id"].map(products).astype("string")
    return out


def _products(umkm: pd.DataFrame) -> pd.Series:
    flagship = umkm[_bool(umkm["unggulan"]).fillna(False).to_numpy(bool)]
    flagship = flagship.assign(
        produk=flagship["produk_unggulan"].astype("string").str.strip().replace("", pd.NA),
        nama=flagship["nama_usaha"].astype("string"),
    ).dropna(subset=["produk", "kkb_id"])
    flagship = flagship.sort_values(["kkb_id", "nama", "produk"], kind="stable")
    return flagship.groupby("kkb_id", sort=True)["produk"].agg(
        lambda s: "; ".join(dict.fromkeys(s.astype(str)))
    )


def long_umkm(
    tables: dict[str, pd.DataFrame], settings: dict, hanya_unggulan: bool = True
) -> pd.DataFrame:
    """Printable list of the UMKM unggulan (all UMKM with ``hanya_unggulan=False``).

    Columns :data:`LONG_COLUMNS`: business name, type, flagship product, ``legalitas`` (text
    "NIB, PIRT, Halal" of the permits held; "belum ada" when all three are ``tidak``; ``<NA>`` when
    none is known), the yes/no items, turnover band, workers, capital support and OPD support.
    Sorted by KKB and business name. Never the owner's family pseudonym.
    """
    del settings
    umkm = _table(tables, "kkb_umkm", _UMKM_COLUMNS)
    if hanya_unggulan:
        umkm = umkm[_bool(umkm["unggulan"]).fillna(False).to_numpy(bool)]
    out = pd.DataFrame(index=umkm.index)
    for column in LONG_COLUMNS:
        if column in STATUS or column == "legalitas":
            continue
        out[column] = umkm[column].astype("string")
    for column in STATUS:
        out[column] = _bool(umkm[column])
    out["jumlah_tenaga_kerja"] = pd.to_numeric(umkm["jumlah_tenaga_kerja"], errors="coerce").astype(
        "Int64"
    )
    out["legalitas"] = _legalitas(out)
    out = out[LONG_COLUMNS].sort_values(["kkb_id", "nama_usaha", "umkm_id"], kind="stable")
    return out.reset_index(drop=True)


def _legalitas(frame: pd.DataFrame) -> pd.Series:
    labels = {"nib": "NIB", "pirt": "PIRT", "halal": "Halal"}
    held = pd.Series("", index=frame.index, dtype="string")
    for column, label in labels.items():
        has = frame[column].fillna(False).to_numpy(bool)
        held[has] = (held[has] + ", " + label).str.lstrip(", ")
    known = np.column_stack([frame[c].notna().to_numpy(bool) for c in labels]).any(axis=1)
    out = held.where(held.ne("").fillna(False), "belum ada")
    return out.where(pd.Series(known, index=frame.index), pd.NA).astype("string")


def jenis_usaha_labels() -> dict[str, str]:
    """``jenis_usaha`` codes of ``kode.yaml`` (to check :data:`JENIS_USAHA` stays in sync)."""
    return dict(load_reference("kode")["jenis_usaha"]["kode"])
