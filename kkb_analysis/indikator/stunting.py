"""Child anthropometry and stunting from e-PPGBM (indicators.md §7.7–§7.8).

Works on the processed e-PPGBM table of :mod:`kkb_analysis.sumber.eppgbm` (``anak_key``,
``tgl_ukur``, ``umur_hari``, ``kode_kelurahan``, ``rw``, ``kkb_id``, the recomputed WHO z-scores
``zs_*_recalc`` and the ``flag_implausible_*`` columns):

1. :func:`select_latest_measurements` — one measurement per child and period: the latest with a
   valid height (valid, unflagged HAZ), else the latest;
2. :func:`count_anthropometry` — *additive* counts per cell, so that cells can be summed into any
   area (:func:`kkb_analysis.wilayah.aggregate`) before rates are taken;
3. :func:`rates_from_counts` — prevalences with 95 % Wilson score intervals
   (:func:`kkb_analysis.indikator.banding.wilson_interval`);
4. :func:`severity_class` — the WHO–UNICEF public-health severity of a prevalence;
5. :func:`zscore_distribution` — counts per 0.5 SD bin, for the report's long table.

Population: children aged 0–59 months at the measurement (``umur_bulan`` = ``umur_hari`` /
30.4375 < 60, so 1826 days is in and 1827 days is out) with a valid z-score that is not flagged
as biologically implausible (E13); the number of implausible values left out is counted. The same
population rule applies to every index (HAZ, WAZ, WHZ).

"data tidak cukup" (indicators.md §0) is ``NaN`` in the rate columns: the denominator is 0.
Rates are kept at full precision; the report layer rounds them (one decimal) and shows n next to
every prevalence. e-PPGBM is a census of children weighed at posyandu, not SSGI/SKI: never put the
two in one series (§7.9).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis import anthro
from kkb_analysis.anthro import HARI_PER_BULAN, Z_KURANG, Z_LEBIH, Z_SANGAT_KURANG
from kkb_analysis.indikator.banding import wilson_interval
from kkb_analysis.nilai import DATA_TIDAK_CUKUP
from kkb_analysis.wilayah import cell_kkb

BALITA_BULAN = 60  # prevalence denominators: umur_bulan < 60 [sumber S29]

#: settings ``stunting.periode`` → month number (``None`` = the whole calendar year)
BULAN = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}
PERIODE_TAHUN = "tahun"

#: index → (recomputed z column, implausibility flag column, ImplausibleFlags field)
INDEKS = {
    "tbu": ("zs_tbu_recalc", "flag_implausible_tbu", "haz"),
    "bbu": ("zs_bbu_recalc", "flag_implausible_bbu", "waz"),
    "bbtb": ("zs_bbtb_recalc", "flag_implausible_bbtb", "whz"),
    "imtu": ("zs_imtu_recalc", "flag_implausible_imtu", "baz"),
}

COUNT_COLUMNS = (
    "n_anak",
    "n_balita",
    "n_balita_diukur",
    "n_stunting",
    "n_stunting_berat",
    "n_waz_valid",
    "n_underweight",
    "n_whz_valid",
    "n_wasting",
    "n_overweight",
    "n_implausible_haz",
    "n_implausible_waz",
    "n_implausible_whz",
)

#: prevalence → (numerator, denominator) of :data:`COUNT_COLUMNS` (indicators.md §7.7)
PREVALENSI = {
    "stunting": ("n_stunting", "n_balita_diukur"),
    "stunting_berat": ("n_stunting_berat", "n_balita_diukur"),
    "underweight": ("n_underweight", "n_waz_valid"),
    "wasting": ("n_wasting", "n_whz_valid"),
    "overweight": ("n_overweight", "n_whz_valid"),
}

#: WHO–UNICEF 2018/2019 prevalence thresholds in % (indicators.md §7.8) [sumber S30]; a class
#: runs from its lower threshold (inclusive) to the next one (exclusive).
KELAS_SEVERITAS = ("sangat rendah", "rendah", "sedang", "tinggi", "sangat tinggi")
AMBANG_SEVERITAS = {
    "stunting": (2.5, 10.0, 20.0, 30.0),
    "wasting": (2.5, 5.0, 10.0, 15.0),
    "overweight": (2.5, 5.0, 10.0, 15.0),
}


# ---------------------------------------------------------------------- one measurement per child
def select_latest_measurements(
    eppgbm: pd.DataFrame,
    year: int,
    period: str,
    *,
    require: str | None = None,
    utamakan_haz: bool = True,
) -> pd.DataFrame:
    """One measurement of each ``anak_key`` in ``period`` of ``year`` (indicators.md §7.7): the
    latest measurement **with a valid height** — a recomputed HAZ that is present and not flagged
    implausible (E13) — and, for a child without any such measurement in the period, the latest
    measurement (so the child still counts in ``n_anak``, but in no HAZ denominator).

    Why: a weighing-only visit has no height; taking the latest visit as a whole dropped every
    child whose last visit of the year was a weighing from the stunting denominator although an
    earlier measurement of the same year had a height. All indices (HAZ, WAZ, WHZ) of the child
    come from the selected measurement, so they describe one visit.

    ``period``: ``"Februari"``, ``"Agustus"`` (the bulan timbang) or ``"tahun"`` (the calendar
    year) — settings ``stunting.periode``; any Indonesian month name is accepted,
    case-insensitively. Measurements outside the year (E14) never count. Rows without
    ``anak_key`` or ``tgl_ukur`` are left out. Of two rows of one child on the same date — which
    the loader rejects as duplicates (E7) — the later row in table order is kept.
    ``utamakan_haz=False`` takes the latest measurement as a whole (the rule before issue 11).
    ``require`` (a column name) restricts the candidates to rows with a value in that column.
    Returns the selected rows (all columns, original index, original order).
    """
    month = _month(period)
    tgl = pd.to_datetime(eppgbm["tgl_ukur"], errors="coerce")
    keep = tgl.dt.year.eq(year).fillna(False).to_numpy(bool).copy()
    if month is not None:
        keep &= tgl.dt.month.eq(month).fillna(False).to_numpy(bool)
    keep &= eppgbm["anak_key"].notna().to_numpy(bool)
    if require is not None:
        keep &= eppgbm[require].notna().to_numpy(bool)
    rows = eppgbm[keep]
    if utamakan_haz and len(rows):
        haz, bad = _z(rows, "tbu")
        valid = ~np.isnan(haz) & ~bad
    else:
        valid = np.zeros(len(rows), dtype=bool)
    order = (
        pd.DataFrame(
            {
                "anak_key": rows["anak_key"],
                "haz": valid,
                "tgl": tgl[keep],
                "pos": np.arange(len(rows)),
            }
        )
        .sort_values(["anak_key", "haz", "tgl", "pos"], kind="stable")
        .drop_duplicates("anak_key", keep="last")
    )
    return rows.iloc[np.sort(order["pos"].to_numpy())]


def _month(period: str) -> int | None:
    text = str(period).strip().lower()
    if text == PERIODE_TAHUN:
        return None
    if text in BULAN:
        return BULAN[text]
    raise ValueError(
        f"periode '{period}' tidak dikenal; gunakan 'tahun' atau nama bulan (mis. 'Februari', "
        "'Agustus')"
    )


# ---------------------------------------------------------------------- additive counts
def _z(frame: pd.DataFrame, index: str) -> tuple[np.ndarray, np.ndarray]:
    """(recomputed z as float with NaN, implausibility flag) of one index."""
    z_col, flag_col, field = INDEKS[index]
    if z_col not in frame.columns:
        raise KeyError(
            f"kolom {z_col} tidak ada: jalankan pemuat e-PPGBM yang menghitung ulang z-skor WHO"
        )
    z = pd.to_numeric(frame[z_col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if flag_col in frame.columns:
        flag = frame[flag_col].astype("boolean").fillna(False).to_numpy(bool)
    else:  # a table without the loader's flags: apply the WHO rule here
        fields = dict.fromkeys(("waz", "haz", "whz", "baz"), np.full(len(z), np.nan))
        fields[field] = z
        flag = np.asarray(getattr(anthro.implausible_flags(**fields), field), dtype=bool)
    return z, flag


def _balita(frame: pd.DataFrame) -> np.ndarray:
    """0 ≤ umur_bulan < 60, with umur_bulan = umur_hari / 30.4375 (indicators.md §1.1)."""
    if "umur_hari" in frame.columns:
        days = pd.to_numeric(frame["umur_hari"], errors="coerce")
        months = days.to_numpy(dtype=float, na_value=np.nan) / HARI_PER_BULAN
    else:
        months = pd.to_numeric(frame["umur_bulan"], errors="coerce")
        months = months.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return (months >= 0) & (months < BALITA_BULAN)


def anthropometry_row_counts(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per-row 0/1 indicators behind :func:`count_anthropometry` (name → int64 array)."""
    balita = _balita(frame)
    haz, haz_bad = _z(frame, "tbu")
    waz, waz_bad = _z(frame, "bbu")
    whz, whz_bad = _z(frame, "bbtb")
    present = {name: ~np.isnan(v) for name, v in (("haz", haz), ("waz", waz), ("whz", whz))}
    haz_ok = balita & present["haz"] & ~haz_bad
    waz_ok = balita & present["waz"] & ~waz_bad
    whz_ok = balita & present["whz"] & ~whz_bad
    with np.errstate(invalid="ignore"):
        ind = {
            "n_anak": np.ones(len(frame), dtype=bool),
            "n_balita": balita,
            "n_balita_diukur": haz_ok,
            "n_stunting": haz_ok & (haz < Z_KURANG),
            "n_stunting_berat": haz_ok & (haz < Z_SANGAT_KURANG),
            "n_waz_valid": waz_ok,
            "n_underweight": waz_ok & (waz < Z_KURANG),
            "n_whz_valid": whz_ok,
            "n_wasting": whz_ok & (whz < Z_KURANG),
            "n_overweight": whz_ok & (whz > Z_LEBIH),
            "n_implausible_haz": balita & present["haz"] & haz_bad,
            "n_implausible_waz": balita & present["waz"] & waz_bad,
            "n_implausible_whz": balita & present["whz"] & whz_bad,
        }
    return {k: v.astype("int64") for k, v in ind.items()}


def _keys(frame: pd.DataFrame, cell_keys: str | Sequence[str] | None) -> pd.DataFrame:
    """Cell keys as strings; a missing ``kkb_id`` → ``""`` (outside every KKB), as in
    :func:`kkb_analysis.wilayah.cell_frame` (``"?"`` outside every KKB with an unknown RW);
    ``None`` → one total cell ``sel = "semua"``."""
    if cell_keys is None:
        return pd.DataFrame({"sel": "semua"}, index=frame.index, dtype="string")
    names = [cell_keys] if isinstance(cell_keys, str) else list(cell_keys)
    keys = frame[names].astype("string")
    if "kkb_id" in keys.columns:
        keys["kkb_id"] = cell_kkb(frame)
    return keys


def count_anthropometry(
    latest: pd.DataFrame, cell_keys: str | Sequence[str] | None = ("kode_kelurahan", "kkb_id")
) -> pd.DataFrame:
    """Additive anthropometry counts per cell (indicators.md §7.7), from
    :func:`select_latest_measurements`.

    ``cell_keys``: the grouping columns (e.g. ``["kode_kelurahan", "rw", "kkb_id"]``; default the
    area framework's cell, so the result feeds :func:`kkb_analysis.wilayah.aggregate`), or
    ``None`` for one total row. A missing ``kkb_id`` becomes ``""``; other missing keys form
    their own cell, so cells always add up to the total.

    Result: the key columns + int64 counts, sorted by the keys:

    - ``n_anak`` (children = rows), ``n_balita`` (0–59 months);
    - ``n_balita_diukur``: balita with a valid, unflagged HAZ — the stunting denominator;
      ``n_stunting`` (HAZ < −2), ``n_stunting_berat`` (HAZ < −3);
    - ``n_waz_valid``, ``n_underweight`` (WAZ < −2);
    - ``n_whz_valid``, ``n_wasting`` (WHZ < −2), ``n_overweight`` (WHZ > +2);
    - ``n_implausible_haz``/``_waz``/``_whz``: balita whose z was flagged (E13) and left out.

    The z-scores are the recomputed, 2-decimal ones: HAZ −2.00 is not stunting.
    """
    keys = _keys(latest, cell_keys)
    counts = anthropometry_row_counts(latest)
    data = pd.concat([keys, pd.DataFrame(counts, index=latest.index)], axis=1)
    names = list(keys.columns)
    if data.empty:
        empty = {k: pd.Series(dtype="string") for k in names}
        return pd.DataFrame(empty | {c: pd.Series(dtype="int64") for c in COUNT_COLUMNS})
    out = data.groupby(names, dropna=False, sort=True)[list(COUNT_COLUMNS)].sum()
    return out.astype("int64").reset_index()


# ---------------------------------------------------------------------- rates
def rates_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Prevalences (%) with 95 % confidence intervals from :func:`count_anthropometry` counts —
    per cell, or after summing cells into areas.

    Keeps the id columns (every column not starting with ``n_``) and the counts, and adds for
    ``stunting``, ``stunting_berat``, ``underweight``, ``wasting`` and ``overweight``:
    ``<name>_pct``, ``<name>_ci_low_pct`` and ``<name>_ci_high_pct`` (float64, not rounded).
    NaN = "data tidak cukup" (denominator 0).

    Interval: the **Wilson score** interval (:func:`.banding.wilson_interval`). Per-KKB and
    per-RW cells hold tens to a few hundred children and prevalences of a few per cent; there
    the usual Wald
    interval ``p̂ ± 1.96·√(p̂(1 − p̂)/n)`` undercovers, collapses to zero width at 0 cases and
    can fall below 0 %, whereas Wilson keeps close to the nominal 95 % for small n and extreme
    p, always stays within 0–100 % and is less conservative than Clopper–Pearson (Brown, Cai &
    DasGupta 2001). e-PPGBM is a census of the children weighed, so the interval expresses the
    binomial uncertainty of the rate (as for a sample of children over time), not sampling error
    of a survey.
    """
    ids = [c for c in counts.columns if not str(c).startswith("n_")]
    out = counts.copy()
    for name, (num_col, den_col) in PREVALENSI.items():
        num = pd.to_numeric(counts[num_col], errors="coerce").to_numpy(float, na_value=np.nan)
        den = pd.to_numeric(counts[den_col], errors="coerce").to_numpy(float, na_value=np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = np.where(den > 0, num / np.where(den > 0, den, 1.0) * 100.0, np.nan)
        low, high = wilson_interval(num, den)
        out[f"{name}_pct"] = pct
        out[f"{name}_ci_low_pct"] = low * 100.0
        out[f"{name}_ci_high_pct"] = high * 100.0
    return out[[*ids, *[c for c in out.columns if c not in ids]]]


def severity_class(prevalence_pct: Any, kind: str = "stunting") -> Any:
    """WHO–UNICEF public-health severity of a prevalence (indicators.md §7.8), in Indonesian.

    ``kind="stunting"``: < 2.5 % sangat rendah, 2.5–< 10 rendah, 10–< 20 sedang, 20–< 30 tinggi,
    ≥ 30 sangat tinggi. ``kind="wasting"`` or ``"overweight"``: thresholds 2.5 / 5 / 10 / 15 %.
    A threshold belongs to the higher class (10 % stunting is sedang). The prevalence is used
    unrounded (9.99 % is rendah). NaN → ``"data tidak cukup"``. Scalar in → str; array-like in →
    object array.
    """
    if kind not in AMBANG_SEVERITAS:
        raise ValueError(f"kind '{kind}' tidak dikenal; gunakan {sorted(AMBANG_SEVERITAS)}")
    scalar = np.ndim(prevalence_pct) == 0
    values = np.atleast_1d(
        pd.to_numeric(pd.Series(np.atleast_1d(prevalence_pct).ravel()), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
    )
    position = np.searchsorted(np.asarray(AMBANG_SEVERITAS[kind]), values, side="right")
    labels = np.asarray(KELAS_SEVERITAS, dtype=object)[np.minimum(position, 4)]
    labels = np.where(np.isnan(values), DATA_TIDAK_CUKUP, labels).astype(object)
    return labels[0] if scalar else labels


# ---------------------------------------------------------------------- z-score distribution
BIN_DEFAULT = tuple(np.round(np.arange(-6.0, 6.0 + 0.25, 0.5), 1))


def zscore_distribution(
    latest: pd.DataFrame,
    cell_keys: str | Sequence[str] | None = ("kode_kelurahan", "kkb_id"),
    index: str = "tbu",
    bins: Sequence[float] = BIN_DEFAULT,
) -> pd.DataFrame:
    """Counts of valid, unflagged z-scores of balita per bin, per cell — a long table.

    ``index``: ``"tbu"`` (HAZ), ``"bbu"`` (WAZ), ``"bbtb"`` (WHZ) or ``"imtu"`` (BAZ). ``bins``:
    increasing edges (default −6.0, −5.5, …, +6.0: 0.5 SD bins). Bins are closed on the left,
    ``[lower, upper)``, so z = −2.00 falls in [−2.0, −1.5) like its "Normal" class; two open tail
    bins ``z < first edge`` and ``z ≥ last edge`` are always added, so the n of a cell sum to its
    number of valid z-scores (for HAZ: ``n_balita_diukur``). Every cell present in ``latest``
    gets every bin (zeros included).

    Result columns: the cell keys, ``indeks``, ``bin_ke`` (0, 1, …), ``z_bawah``, ``z_atas``
    (−inf/+inf for the tails) and ``n`` (int64); the bin's label (e.g. ``"-2.0 ≤ z < -1.5"``) is
    made from the bounds by :func:`label_selang` when the report reads the table.
    """
    if index not in INDEKS:
        raise ValueError(f"indeks '{index}' tidak dikenal; gunakan {sorted(INDEKS)}")
    edges = np.asarray(bins, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bins harus berupa batas yang naik tegas, minimal dua")
    full = np.concatenate([[-np.inf], edges, [np.inf]])
    lower, upper = full[:-1], full[1:]
    keys = _keys(latest, cell_keys)
    names = list(keys.columns)
    z, flag = _z(latest, index)
    valid = _balita(latest) & ~np.isnan(z) & ~flag
    bin_no = np.searchsorted(full, np.where(valid, z, 0.0), side="right") - 1

    grid = pd.DataFrame(
        {
            "indeks": index,
            "bin_ke": np.arange(len(lower), dtype="int64"),
            "z_bawah": lower,
            "z_atas": upper,
        }
    )
    cells = keys.drop_duplicates().sort_values(names).reset_index(drop=True)
    observed = pd.concat(
        [keys[valid].reset_index(drop=True), pd.DataFrame({"bin_ke": bin_no[valid]})], axis=1
    )
    n = observed.groupby([*names, "bin_ke"], dropna=False).size().rename("n").reset_index()
    out = cells.merge(grid, how="cross").merge(n, on=[*names, "bin_ke"], how="left")
    out["n"] = out["n"].fillna(0).astype("int64")
    return out.sort_values([*names, "bin_ke"], kind="stable").reset_index(drop=True)


def label_selang(lower: float, upper: float) -> str:
    """Label of a z-score bin ``[lower, upper)``: ``"-2.0 ≤ z < -1.5"``, ``"z < -6.0"`` for the
    lower tail (``lower`` = −inf), ``"z ≥ 6.0"`` for the upper one."""
    if np.isinf(lower):
        return f"z < {upper:.1f}"
    if np.isinf(upper):
        return f"z ≥ {lower:.1f}"
    return f"{lower:.1f} ≤ z < {upper:.1f}"
