"""Pseudonymisation of personal identifiers and the NIK checks of data-contract.md §4.

Keyed hash = HMAC-SHA-256 with the deployment's secret salt, 64 lower-case hex characters
(data-contract.md §4.2). Identifiers are normalised before hashing (digits only for NIK and
No. KK; upper case and single spaces for names) so that the same person hashes the same way in
every file and every year.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import numpy as np
import pandas as pd

NIK_LENGTH = 16
SENTINEL_PREFIX = "9" * 15
SENTINEL_STATUS = {
    "5": "belum_punya_<17",
    "6": "belum_punya_≥17",
    "9": "wna",
    "4": "menolak",
}
_NON_DIGIT = re.compile(r"[\s.'’`-]")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")


def hash_values(values: pd.Series, salt: bytes) -> pd.Series:
    """HMAC-SHA-256 of every non-missing string; missing stays missing."""
    base = hmac.new(salt, digestmod=hashlib.sha256)
    cache: dict[str, str] = {}

    def _one(value: str) -> str:
        out = cache.get(value)
        if out is None:
            h = base.copy()
            h.update(value.encode("utf-8"))
            out = cache[value] = h.hexdigest()
        return out

    result = pd.Series(pd.NA, index=values.index, dtype="object")
    present = values.notna()
    result[present] = [_one(v) for v in values[present]]
    return result.astype("string")


def normalise_id(values: pd.Series) -> pd.Series:
    """Digits-only form of NIK / No. KK text (spaces, dots and apostrophes removed)."""
    return values.astype("string").str.replace(_NON_DIGIT, "", regex=True).replace("", pd.NA)


def normalise_name(values: pd.Series) -> pd.Series:
    """Upper case, single spaces, trimmed (for the e-PPGBM fallback child key)."""
    s = values.astype("string").str.upper().str.replace(r"\s+", " ", regex=True).str.strip()
    return s.replace("", pd.NA)


def looks_like_excel_number(values: pd.Series) -> pd.Series:
    """True where an identifier was turned into a number by Excel (``3.67205E+15``, ``…0.0``)."""
    s = values.astype("string").str.strip()
    sci = s.str.match(_SCIENTIFIC).fillna(False)
    dotted_zero = s.str.match(r"^\d{10,}[.,]0+$").fillna(False)
    return (sci | dotted_zero).astype(bool)


def check_nik(nik: pd.Series, excel_numeric: pd.Series | None = None) -> pd.DataFrame:
    """Classify NIKs (data-contract.md §4.3 and A.36).

    Returns ``nik_status`` (valid / sentinel statuses / invalid / missing as <NA>), the normalised
    digits ``nik_norm`` and the date part: ``nik_hari`` (1–31, women already minus 40),
    ``nik_bulan``, ``nik_tahun2`` (two digits) and ``nik_perempuan``.
    """
    raw = nik.astype("string").str.strip().replace("", pd.NA)
    excel = looks_like_excel_number(raw.fillna(""))
    if excel_numeric is not None:
        excel = excel | excel_numeric.reindex(raw.index, fill_value=False).astype(bool)
    norm = normalise_id(raw)
    is_digits = norm.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    status = pd.Series(pd.NA, index=raw.index, dtype="string")
    status[raw.notna()] = "invalid"
    sentinel = is_digits & norm.str.startswith(SENTINEL_PREFIX).fillna(False).astype(bool)
    for last, label in SENTINEL_STATUS.items():
        status[sentinel & norm.str.endswith(last).fillna(False).astype(bool)] = label
    ordinary = is_digits & ~sentinel & ~excel
    day_raw = pd.to_numeric(norm.str.slice(6, 8), errors="coerce")
    month = pd.to_numeric(norm.str.slice(8, 10), errors="coerce")
    female = day_raw > 40
    day = day_raw.where(~female, day_raw - 40)
    date_ok = ((day_raw.between(1, 31)) | (day_raw.between(41, 71))) & month.between(1, 12)
    status[ordinary & date_ok.fillna(False).astype(bool)] = "valid"
    valid = status.eq("valid").fillna(False).astype(bool)
    return pd.DataFrame(
        {
            "nik_status": status,
            "nik_norm": norm.where(valid | sentinel, pd.NA),
            "nik_hari": day.where(valid).astype("Int64"),
            "nik_bulan": month.where(valid).astype("Int64"),
            "nik_tahun2": pd.to_numeric(norm.str.slice(10, 12), errors="coerce")
            .where(valid)
            .astype("Int64"),
            "nik_perempuan": female.where(valid).astype("boolean"),
        },
        index=raw.index,
    )


def nik_mismatches(
    checked: pd.DataFrame, birth_date: pd.Series, sex: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """Masks of valid NIKs whose date part differs from the birth date / whose sex part differs.

    ``sex`` holds ``L``/``P``. Rows with missing inputs are never flagged.
    """
    valid = checked["nik_status"].eq("valid").fillna(False).to_numpy(bool)
    bd = pd.to_datetime(birth_date, errors="coerce")
    same_date = (
        checked["nik_hari"].eq(bd.dt.day)
        & checked["nik_bulan"].eq(bd.dt.month)
        & checked["nik_tahun2"].eq(bd.dt.year % 100)
    )
    date_bad = valid & bd.notna().to_numpy() & ~same_date.fillna(True).to_numpy(bool)
    expected_female = sex.eq("P")
    sex_bad = (
        valid
        & sex.notna().to_numpy()
        & checked["nik_perempuan"].ne(expected_female).fillna(False).to_numpy(bool)
    )
    return date_bad, sex_bad
