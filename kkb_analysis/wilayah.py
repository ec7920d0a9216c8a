"""Areas (wilayah) and the additive-count framework every indicator uses.

Every indicator is a ratio of counts that add up over space. Indicator modules therefore count
per *cell* — one (``kode_kelurahan``, ``kkb_id``) pair, ``kkb_id`` empty outside every KKB — and
this module sums the cells into the areas of indicators.md §0:

| ``jenis_wilayah`` | ``wilayah_id`` | cells |
|---|---|---|
| ``kkb`` | ``kkb:<kkb_id>`` | families assigned to the KKB |
| ``sisa_kelurahan`` | ``sisa:<kkb_id>`` | the KKB's kelurahan outside the KKB |
| ``kelurahan`` | ``kel:<kode>`` | all 43 kelurahan |
| ``kecamatan`` | ``kec:<kode>`` | all 8 kecamatan |
| ``kota`` | ``kota:36.72`` | the city |
| ``kota_luar_kkb`` | ``luar_kkb:36.72`` | families outside every KKB |

Rates are computed after summing, so medians and prevalences of an area are exact for that area
(medians from additive histograms). ``<NA>`` in a rate means "data tidak cukup".

Unknown RW (data-contract.md §5, checks F5 and E15): a row outside every KKB whose ``rw`` is empty
or invalid may lie in a KKB's RW or not, so it counts for its kelurahan, kecamatan and the city
only — never for ``sisa_kelurahan`` or ``kota_luar_kkb`` — unless its kelurahan hosts no active
KKB at all (then it is certainly outside every KKB and also counts for ``kota_luar_kkb``). Such
rows form their own cell, ``kkb_id`` = :data:`RW_TIDAK_DIKETAHUI` (:func:`cell_kkb`); a
whole-kelurahan KKB takes them on load, so they never reach this rule.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from kkb_analysis.config import load_reference

logger = logging.getLogger(__name__)

CELL_KEYS = ["kode_kelurahan", "kkb_id"]
NO_KKB = ""  # kkb_id of cells outside every KKB
RW_TIDAK_DIKETAHUI = "?"  # kkb_id of cells outside every KKB whose RW is unknown (module doc)
AREA_COLUMNS = [
    "wilayah_id",
    "jenis_wilayah",
    "nama_wilayah",
    "kkb_id",
    "kode_kelurahan",
    "kode_kecamatan",
]
AREA_ORDER = ["kkb", "sisa_kelurahan", "kelurahan", "kecamatan", "kota", "kota_luar_kkb"]


def build_areas(kkb: pd.DataFrame | None) -> pd.DataFrame:
    """The area table of a data year from the kept rows of ``kkb`` (active KKB only)."""
    wilayah = load_reference("wilayah")
    rows = []
    active = _active(kkb)
    for r in active.itertuples(index=False):
        kec = r.kode_kelurahan[:8]
        rows.append((f"kkb:{r.kkb_id}", "kkb", r.nama_kkb, r.kkb_id, r.kode_kelurahan, kec))
        rows.append(
            (
                f"sisa:{r.kkb_id}",
                "sisa_kelurahan",
                f"{_kelurahan_name(r.kode_kelurahan)} di luar KKB",
                r.kkb_id,
                r.kode_kelurahan,
                kec,
            )
        )
    for k in wilayah["kelurahan"]:
        rows.append((f"kel:{k['kode']}", "kelurahan", k["nama"], pd.NA, k["kode"], k["kode"][:8]))
    for k in wilayah["kecamatan"]:
        rows.append((f"kec:{k['kode']}", "kecamatan", k["nama"], pd.NA, pd.NA, k["kode"]))
    kota = wilayah["kota"]
    rows.append((f"kota:{kota['kode']}", "kota", kota["nama"], pd.NA, pd.NA, pd.NA))
    rows.append(
        (
            f"luar_kkb:{kota['kode']}",
            "kota_luar_kkb",
            f"{kota['nama']} di luar KKB",
            pd.NA,
            pd.NA,
            pd.NA,
        )
    )
    return pd.DataFrame(rows, columns=AREA_COLUMNS).astype("string")


def _active(kkb: pd.DataFrame | None) -> pd.DataFrame:
    if kkb is None or kkb.empty:
        return pd.DataFrame(columns=["kkb_id", "nama_kkb", "kode_kelurahan"])
    mask = kkb["status_aktif"].astype("boolean").fillna(False).to_numpy(bool)
    return kkb.loc[mask, ["kkb_id", "nama_kkb", "kode_kelurahan"]].sort_values("kkb_id")


def _kelurahan_name(code: str) -> str:
    names = {k["kode"]: k["nama"] for k in load_reference("wilayah")["kelurahan"]}
    return names.get(code, code)


def cell_kkb(table: pd.DataFrame) -> pd.Series:
    """The KKB part of each row's cell key: ``kkb_id``; outside every KKB :data:`NO_KKB`, or
    :data:`RW_TIDAK_DIKETAHUI` when the table has an ``rw`` column and the row's RW is empty or
    invalid (<NA> after normalisation on load)."""
    kkb = table["kkb_id"].astype("string")
    out = kkb.fillna(NO_KKB)
    if "rw" in table.columns:
        unknown = kkb.isna().to_numpy(bool) & table["rw"].isna().to_numpy(bool)
        out = out.mask(unknown, RW_TIDAK_DIKETAHUI)
    return out


def in_kkb(kkb_key: pd.Series) -> np.ndarray:
    """Cells whose KKB key is a KKB (neither outside every KKB nor an unknown RW)."""
    return ~kkb_key.isin([NO_KKB, RW_TIDAK_DIKETAHUI]).fillna(True).to_numpy(bool)


def cell_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The cell keys of a processed table: kelurahan code and KKB key (:func:`cell_kkb`)."""
    return pd.DataFrame(
        {"kode_kelurahan": table["kode_kelurahan"].astype("string"), "kkb_id": cell_kkb(table)},
        index=table.index,
    )


def _nilai(values: np.ndarray | pd.Series) -> np.ndarray:
    """Row values as a bool mask or float64 weights (missing → 0)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        return values
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        out = values.astype("float64", copy=False)
        return np.where(np.isnan(out), 0.0, out) if values.dtype.kind == "f" else out
    return pd.Series(values).astype("Float64").fillna(0).to_numpy(dtype="float64")


def count_by_cell(table: pd.DataFrame, counts: dict[str, np.ndarray | pd.Series]) -> pd.DataFrame:
    """Sum per cell (``kode_kelurahan``, ``kkb_id``) of row values (bool masks or weights).

    Integer cell codes and ``np.bincount`` keep this fast (60 columns × 490k members in well
    under a second). Rows without ``kode_kelurahan`` are dropped; the KKB key is
    :func:`cell_kkb` (``""`` outside every KKB, ``"?"`` outside with an unknown RW). Result:
    ``CELL_KEYS`` (string) + one float64 column per count, sorted by the keys.
    """
    kel = table["kode_kelurahan"].astype("string")
    kkb = cell_kkb(table)
    ok = kel.notna().to_numpy(bool)
    kel_codes, kel_uniq = kel.factorize(sort=True)  # missing → -1 (dropped below)
    kkb_codes, kkb_uniq = kkb.factorize(sort=True)
    width = max(len(kkb_uniq), 1)
    combined = kel_codes[ok].astype(np.int64) * width + kkb_codes[ok]
    present = np.bincount(combined, minlength=len(kel_uniq) * width) > 0  # few hundred cells
    cells = np.flatnonzero(present)
    inverse = (np.cumsum(present) - 1)[combined]
    n_cells = len(cells)
    out: dict[str, object] = {
        "kode_kelurahan": pd.array(np.asarray(kel_uniq, dtype=object)[cells // width], "string"),
        "kkb_id": pd.array(np.asarray(kkb_uniq, dtype=object)[cells % width], "string"),
    }
    everything = bool(ok.all())
    for name, values in counts.items():
        arr = _nilai(values)
        if not everything:
            arr = arr[ok]
        if arr.dtype.kind == "b":
            summed = np.bincount(inverse[arr], minlength=n_cells)
        else:
            summed = np.bincount(inverse, weights=arr, minlength=n_cells)
        out[name] = summed.astype("float64")
    return pd.DataFrame(out)


def cell_membership(areas: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Pairs (cell, wilayah_id): which areas each cell belongs to.

    Every cell: its kelurahan, kecamatan and the city. A KKB cell: its KKB and the ``sisa`` of
    every other KKB of its kelurahan. A cell outside every KKB (``""``): ``kota_luar_kkb`` and
    the ``sisa`` of the KKB of its kelurahan. An unknown-RW cell (``"?"``): nothing more, unless
    its kelurahan hosts no KKB — then also ``kota_luar_kkb`` (module docstring).
    """
    cells = cells[CELL_KEYS].drop_duplicates().astype("string")
    kec = cells["kode_kelurahan"].str.slice(0, 8)
    kota = areas.loc[areas["jenis_wilayah"].eq("kota"), "wilayah_id"].iloc[0]
    luar = areas.loc[areas["jenis_wilayah"].eq("kota_luar_kkb"), "wilayah_id"].iloc[0]
    parts = [
        cells.assign(wilayah_id="kel:" + cells["kode_kelurahan"]),
        cells.assign(wilayah_id="kec:" + kec),
        cells.assign(wilayah_id=kota),
    ]
    kkb_areas = areas[areas["jenis_wilayah"].eq("kkb")]
    unknown = cells["kkb_id"].eq(RW_TIDAK_DIKETAHUI)
    no_kkb_here = ~cells["kode_kelurahan"].isin(set(kkb_areas["kode_kelurahan"].dropna()))
    outside = cells[cells["kkb_id"].eq(NO_KKB) | (unknown & no_kkb_here)]
    parts.append(outside.assign(wilayah_id=luar))
    inside = cells[in_kkb(cells["kkb_id"])]
    parts.append(inside.assign(wilayah_id="kkb:" + inside["kkb_id"]))
    known = cells[~unknown]
    # one KKB at a time: a kelurahan may host several RW-level KKB (data-contract.md §5)
    for kel, kkb_id in zip(kkb_areas["kode_kelurahan"], kkb_areas["kkb_id"], strict=True):
        rest = known[known["kode_kelurahan"].eq(kel) & known["kkb_id"].ne(kkb_id)]
        parts.append(rest.assign(wilayah_id=f"sisa:{kkb_id}"))
    out = pd.concat(parts, ignore_index=True)
    return out[out["wilayah_id"].isin(areas["wilayah_id"])]


def aggregate(counts: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Sum cell counts into every area; areas without any cell get zeros.

    ``counts`` has the :data:`CELL_KEYS` and numeric count columns; the result has one row per
    area (in the order of ``areas``) with ``wilayah_id`` and the summed counts.
    """
    value_cols = [c for c in counts.columns if c not in CELL_KEYS]
    membership = cell_membership(areas, counts)
    keyed = counts.astype({k: "string" for k in CELL_KEYS})
    merged = membership.merge(keyed, on=CELL_KEYS, how="left")
    summed = merged.groupby("wilayah_id", sort=False)[value_cols].sum()
    out = summed.reindex(areas["wilayah_id"]).fillna(0.0)
    out.index.name = "wilayah_id"
    return out.reset_index()


def safe_rate(numerator: pd.Series, denominator: pd.Series, scale: float = 100.0) -> pd.Series:
    """``numerator / denominator × scale``; ``<NA>`` ("data tidak cukup") when the base is 0."""
    num = pd.to_numeric(numerator, errors="coerce").astype("Float64")
    den = pd.to_numeric(denominator, errors="coerce").astype("Float64")
    out = (num / den.where(den > 0)) * scale
    return out.astype("Float64")


def median_from_histogram(hist: pd.DataFrame, values: list[float], width: float = 1.0) -> pd.Series:
    """Interpolated (grouped-data) median per row of a histogram of whole numbers.

    Column ``j`` counts the observations recorded as ``values[j]``, read as the class
    ``[values[j], values[j] + width)`` — an age in completed years ``a`` is somewhere in
    ``[a, a + 1)``. With n the row total, the median class is the first whose cumulative count
    reaches n/2, and median = L + (n/2 − CF) / f × w (L its lower limit, CF the count below it,
    f its count, w = ``width``). A plain median of whole numbers can only take whole or half
    values and hides differences between areas (every area read 21.0 for MUKP). ``<NA>`` where
    the row has no observation.
    """
    counts = hist.to_numpy(dtype="float64")
    vals = np.asarray(values, dtype="float64")
    out = np.full(len(hist), np.nan)
    if counts.size:
        totals = counts.sum(axis=1)
        cum = counts.cumsum(axis=1)
        half = totals / 2
        idx = np.argmax(cum >= half[:, None] - 1e-9, axis=1)
        rows = np.arange(len(hist))
        f = counts[rows, idx]
        below = cum[rows, idx] - f
        ok = totals > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            value = vals[idx] + (half - below) / f * width
        out = np.where(ok, value, np.nan)
    return pd.Series(out, index=hist.index, dtype="Float64")


#: Digit 7 of the 10-digit Kemendagri code of a kelurahan/desa (Permendagri 72/2019 numbering):
#: 1 = kelurahan, 2 = desa.
_JENIS_DESA = {"1": "kelurahan", "2": "desa"}


def jenis_desa(kode_kelurahan: object) -> str | None:
    """``"kelurahan"`` or ``"desa"`` from the Kemendagri code ("36.72.05.1004" or "3672051004"):
    digit 7 is 1 for a kelurahan and 2 for a desa; None when the code is not a 10-digit code."""
    if kode_kelurahan is None or pd.isna(kode_kelurahan):
        return None
    angka = str(kode_kelurahan).replace(".", "").strip()
    if len(angka) != 10 or not angka.isdigit():
        return None
    return _JENIS_DESA.get(angka[6])
