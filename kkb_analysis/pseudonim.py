"""Pseudonymisation of personal identifiers and the NIK checks of data-contract.md §4.

Keyed hash = HMAC-SHA-256 with the deployment's secret salt, 64 lower-case hex characters
(data-contract.md §4.2). Identifiers are normalised before hashing (digits only for NIK and
No. KK; upper case and single spaces for names) so that the same person hashes the same way in
every file and every year.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from kkb_analysis.frames import factorize_text

NIK_LENGTH = 16
SENTINEL_PREFIX = "9" * 15
SENTINEL_STATUS = {
    "5": "belum_punya_<17",
    "6": "belum_punya_≥17",
    "9": "wna",
    "4": "menolak",
}
_STATUS = ["invalid", "valid", *SENTINEL_STATUS.values()]  # the values of nik_status
_NON_DIGIT = re.compile(r"[\s.'’`-]")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")


@dataclass(frozen=True)
class HashedKey:
    """Keyed hashes of one identifier column plus their factorisation.

    ``hashes``: the digests aligned with the rows (<NA> where the input is missing); ``codes``:
    per row the index into ``distinct`` (-1 = missing), so that equal inputs share a code and
    joins/group counts can run on integers (see :func:`kkb_analysis.frames.positions`).
    """

    hashes: pd.Series
    codes: np.ndarray
    distinct: np.ndarray


def _hmac_sha256_hex(salt: bytes) -> Callable[[str], str]:
    """``value → HMAC-SHA-256(salt, utf-8(value)).hexdigest()``, RFC 2104 on precomputed pads.

    Same digests as ``hmac.new(salt, value, hashlib.sha256).hexdigest()`` (tested for salts
    shorter and longer than the 64-byte block); copying two SHA-256 states per value is ~40%
    faster than copying an ``hmac`` object, which matters for ~600k identifiers a load.
    """
    block = hashlib.sha256().block_size
    key = hashlib.sha256(salt).digest() if len(salt) > block else salt
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key)).copy
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key)).copy

    def digest(value: str) -> str:
        h = inner()
        h.update(value.encode("utf-8"))
        o = outer()
        o.update(h.digest())
        return o.hexdigest()

    return digest


def hash_key(values: pd.Series, salt: bytes, memo: dict[str, str] | None = None) -> HashedKey:
    """HMAC-SHA-256 hex of every non-missing string, each distinct value hashed once.

    ``memo`` (value → digest, same salt) is read and extended: identifiers that several files
    share (the family key) are then hashed once per load.
    """
    codes, uniques = factorize_text(values)
    digest = _hmac_sha256_hex(salt)
    if memo is None:
        distinct = list(map(digest, uniques))
    else:
        distinct = []
        for value in uniques:
            known = memo.get(value)
            if known is None:
                known = memo[value] = digest(value)
            distinct.append(known)
    rows = pa.array(codes, mask=codes < 0)  # code -1 (missing) → null
    hashes = pa.array(distinct, type=pa.large_string()).take(rows)
    series = pd.Series(pd.arrays.ArrowStringArray(hashes), index=values.index)
    return HashedKey(series, codes, np.array(distinct, dtype=object))


def hash_values(values: pd.Series, salt: bytes) -> pd.Series:
    """HMAC-SHA-256 of every non-missing string; missing stays missing.

    The digests of :func:`hash_key` (each distinct value is hashed once).
    """
    return hash_key(values, salt).hashes


def normalise_id(values: pd.Series) -> pd.Series:
    """Digits-only form of NIK / No. KK text (spaces, dots and apostrophes removed).

    Values that are already plain digits are left alone: the clean-up regex runs in Python per
    element (~0.4 s per 500k rows), so it only sees the values that need it.
    """
    text = values.astype("string")
    plain = text.str.fullmatch(r"\d+").fillna(False).to_numpy(bool)
    if plain.all():
        return text
    out = text.copy()
    out[~plain] = text[~plain].str.replace(_NON_DIGIT, "", regex=True).replace("", pd.NA)
    return out


def normalise_name(values: pd.Series) -> pd.Series:
    """Upper case, single spaces, trimmed (for the e-PPGBM fallback child key)."""
    s = values.astype("string").str.upper().str.replace(r"\s+", " ", regex=True).str.strip()
    return s.replace("", pd.NA)


def looks_like_excel_number(values: pd.Series) -> pd.Series:
    """True where an identifier was turned into a number by Excel (``3.67205E+15``, ``…0.0``)."""
    s = values.astype("string").str.strip()
    out = np.zeros(len(s), dtype=bool)
    # only a value with an exponent or a decimal separator can match: test those alone
    candidate = s.str.contains(r"[eE.,]", regex=True).fillna(False).to_numpy(bool)
    if candidate.any():
        c = s[candidate]
        sci = c.str.match(_SCIENTIFIC).fillna(False)
        dotted_zero = c.str.match(r"^\d{10,}[.,]0+$").fillna(False)
        out[candidate] = (sci | dotted_zero).astype(bool).to_numpy()
    return pd.Series(out, index=values.index)


def check_nik(nik: pd.Series, excel_numeric: pd.Series | None = None) -> pd.DataFrame:
    """Classify NIKs (data-contract.md §4.3 and A.36).

    Returns ``nik_status`` (valid / sentinel statuses / invalid / missing as <NA>), the normalised
    digits ``nik_norm`` and the date part: ``nik_hari`` (1–31, women already minus 40),
    ``nik_bulan``, ``nik_tahun2`` (two digits) and ``nik_perempuan``.
    """
    raw = nik.astype("string").str.strip().replace("", pd.NA)
    excel = looks_like_excel_number(raw.fillna("")).to_numpy(bool)
    if excel_numeric is not None:
        excel = excel | excel_numeric.reindex(raw.index, fill_value=False).astype(bool).to_numpy()
    norm = normalise_id(raw)
    is_digits = norm.str.fullmatch(r"\d{16}").fillna(False).to_numpy(bool)
    status = np.where(raw.notna().to_numpy(bool), _STATUS.index("invalid"), -1)
    sentinel = is_digits & norm.str.startswith(SENTINEL_PREFIX).fillna(False).to_numpy(bool)
    if sentinel.any():
        last = norm[sentinel].str.slice(NIK_LENGTH - 1).to_numpy(object, na_value=None)
        status[sentinel] = [_STATUS.index(SENTINEL_STATUS.get(c, "invalid")) for c in last]
    ordinary = is_digits & ~sentinel & ~excel
    # The date part DDMMYY as one integer; only plain ASCII digits can make a valid NIK (a
    # 16-digit NIK in other Unicode digits has no date and stays invalid).
    ascii_digits = is_digits & norm.str.isascii().fillna(False).to_numpy(bool)
    ddmmyy = norm.where(ascii_digits).str.slice(6, 12).astype("Int64")
    day_raw, month, year2 = ddmmyy // 10000, ddmmyy // 100 % 100, ddmmyy % 100
    female = day_raw > 40
    day = day_raw.where(~female, day_raw - 40)
    date_ok = ((day_raw.between(1, 31)) | (day_raw.between(41, 71))) & month.between(1, 12)
    valid = ordinary & date_ok.fillna(False).to_numpy(bool)
    status[valid] = _STATUS.index("valid")
    labels = pa.DictionaryArray.from_arrays(
        pa.array(status, mask=status < 0, type=pa.int8()), pa.array(_STATUS, pa.large_string())
    )
    return pd.DataFrame(
        {
            "nik_status": pd.Series(
                pd.arrays.ArrowStringArray(labels.cast(pa.large_string())), index=raw.index
            ),
            "nik_norm": norm.where(valid | sentinel, pd.NA),
            "nik_hari": day.where(valid).astype("Int64"),
            "nik_bulan": month.where(valid).astype("Int64"),
            "nik_tahun2": year2.where(valid).astype("Int64"),
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
