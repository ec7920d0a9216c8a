"""Generic frame helpers shared by the validation engine and the source loaders.

Masks, key look-ups and per-distinct-value work on the ~100k–500k-row tables of a city load.
Everything here is plain pandas/NumPy with no knowledge of the data contract; the loaders use
these helpers instead of ``isin``/``reindex``/``merge`` on Arrow-backed strings, which build
Python objects row by row and dominate the load time at city scale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


class Factorised(Protocol):
    """Keys already factorised: per row an index into ``distinct`` (-1 = missing key).

    :class:`kkb_analysis.pseudonim.HashedKey` is one.
    """

    codes: np.ndarray
    distinct: np.ndarray


def bmask(values: pd.Series | np.ndarray) -> np.ndarray:
    """A row mask as a NumPy bool array; missing → False.

    pandas 3 compares ``string`` columns into ``bool[pyarrow]`` with nulls, which cannot be
    combined with ``boolean`` masks; combining masks through this helper avoids that.
    """
    return pd.Series(values).astype("boolean").fillna(False).to_numpy(bool)


def factorize_text(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes and distinct values of a text column, in order of first appearance.

    Like ``pd.factorize`` (code -1 = missing) but through Arrow's dictionary encoding, which
    creates Python strings for the distinct values only.
    """
    text = values.astype("string").array
    arrow = text._pa_array.combine_chunks() if hasattr(text, "_pa_array") else None
    if arrow is None:  # pragma: no cover - a non-Arrow string storage
        codes, uniques = pd.factorize(text.to_numpy(dtype=object, na_value=None))
        return codes, list(uniques)
    encoded = pc.dictionary_encode(arrow, null_encoding="mask")
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    return codes, encoded.dictionary.to_pylist()


def _is_text(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.StringDtype) and hasattr(values.array, "_pa_array")


def _large(values: pd.Series) -> pa.ChunkedArray:
    return values.array._pa_array.cast(pa.large_string())


def _objects(values: pd.Series | np.ndarray) -> np.ndarray:
    """Values as a NumPy object array with ``None`` for missing (what ``factorize`` wants)."""
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype=object, na_value=None)
    return np.asarray(values, dtype=object)


def _combine(parts: list[tuple[np.ndarray, int]], n: int) -> np.ndarray:
    """Combine per-column codes (code array, number of distinct values) into one code per row.

    Equal tuples of codes share a code; -1 in any part gives -1.
    """
    combined: np.ndarray | None = None
    for codes, n_distinct in parts:
        codes = codes.astype(np.int64)
        if combined is None:
            combined = codes
            continue
        pair = np.where((combined >= 0) & (codes >= 0), combined * (n_distinct + 1) + codes, -1)
        # re-factorise so that the next part cannot overflow the int64 range
        renumbered, _ = pd.factorize(pair)
        combined = np.where(pair >= 0, renumbered, -1).astype(np.int64)
    if combined is None:  # no key column at all
        return np.full(n, -1, dtype=np.int64)
    return combined


def row_codes(keys: pd.Series | pd.DataFrame) -> np.ndarray:
    """One integer per row for a key column (or frame of key columns).

    Rows with equal keys share a code; a key with any missing part gets ``-1``. The basis of
    duplicate checks and group counts on integers instead of strings.
    """
    frame = keys.to_frame() if isinstance(keys, pd.Series) else keys
    parts = []
    for i in range(frame.shape[1]):
        codes, uniques = pd.factorize(frame.iloc[:, i], use_na_sentinel=True)
        parts.append((codes, len(uniques)))
    return _combine(parts, len(frame))


def joint_codes(
    parent: pd.Series | pd.DataFrame, child: pd.Series | pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of two key columns (or frames of key columns) from one factorisation.

    Equal keys get equal codes on both sides; a key with any missing part gets ``-1``. With
    frames, the columns are matched by position.
    """
    if isinstance(parent, pd.Series):
        parent = parent.to_frame()
    if isinstance(child, pd.Series):
        child = child.to_frame()
    n_parent = len(parent)
    parts = []
    for i in range(parent.shape[1]):
        a, b = parent.iloc[:, i], child.iloc[:, i]
        if _is_text(a) and _is_text(b):  # both Arrow strings: one dictionary encoding
            both = pd.Series(
                pd.arrays.ArrowStringArray(
                    pa.chunked_array([*_large(a).chunks, *_large(b).chunks], type=pa.large_string())
                )
            )
            codes, uniques = factorize_text(both)
        else:
            codes, uniques = pd.factorize(
                np.concatenate([_objects(a), _objects(b)]), use_na_sentinel=True
            )
        parts.append((codes, len(uniques)))
    combined = _combine(parts, n_parent + len(child))
    return combined[:n_parent], combined[n_parent:]


def positions(
    parent_keys: pd.Series | pd.DataFrame, keys: pd.Series | pd.DataFrame | Factorised
) -> np.ndarray:
    """Row position of each key in ``parent_keys`` (first match), ``-1`` when absent or missing.

    Keys are one column (Series) or several (DataFrame, matched by position). One
    factorisation of both sides: much faster than ``isin``/``reindex``/``MultiIndex.isin`` on
    Arrow-backed strings for ~500k rows. With :class:`Factorised` keys (e.g. a
    :class:`~kkb_analysis.pseudonim.HashedKey`) only the distinct values are looked up.
    """
    if not isinstance(keys, pd.Series | pd.DataFrame):
        distinct = positions(parent_keys, pd.Series(keys.distinct, dtype="string"))
        return np.append(distinct, -1)[keys.codes]  # code -1 reads the appended -1
    parent_codes, child_codes = joint_codes(parent_keys, keys)
    n_codes = int(max(parent_codes.max(initial=-1), child_codes.max(initial=-1))) + 1
    first = np.full(n_codes + 1, -1, dtype=np.int64)
    present = np.flatnonzero(parent_codes >= 0)[::-1]  # reversed: the first occurrence wins
    first[parent_codes[present]] = present
    return first[child_codes]  # code -1 (missing key) reads the last slot, which stays -1


def member_of(values: pd.Series, pool: pd.Series | pd.Index) -> np.ndarray:
    """``values.isin(pool)`` as a NumPy bool array; missing values are never members.

    Through :func:`positions` (pandas' ``isin`` on Arrow strings builds a Python list of the
    pool: ~1 s for 130k keys).
    """
    return positions(pd.Series(pool), values) >= 0


def take_columns(
    parent: pd.DataFrame | None, pos: np.ndarray, columns: dict[str, str], index: pd.Index
) -> pd.DataFrame:
    """Parent columns (name → dtype) for every child row; <NA> where ``pos`` is -1.

    ``pos`` comes from :func:`positions`. A missing ``parent`` (or column) gives all <NA>.
    """
    rows = np.where(pos >= 0, pos, -1)
    out = pd.DataFrame(index=index)
    for column, dtype in columns.items():
        if parent is not None and column in parent and len(parent):
            values = parent[column].astype(dtype).array.take(rows, allow_fill=True)
            out[column] = pd.Series(values, index=index, dtype=dtype)
        else:
            out[column] = pd.Series(pd.NA, index=index, dtype=dtype)
    return out


def per_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised ``func`` to the distinct values only and spread the result back.

    Raw exports repeat a few thousand distinct codes, ages, dates and place names over ~100k
    rows. ``func`` gets a Series of the distinct non-missing values (same dtype as ``values``)
    and returns one value per input; missing inputs give missing outputs (the result has a
    nullable dtype).
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    out = func(pd.Series(uniques, dtype=values.dtype)).reset_index(drop=True)
    if not isinstance(out.dtype, pd.api.extensions.ExtensionDtype):
        out = out.convert_dtypes()  # a nullable dtype, so that missing inputs stay missing
    return pd.Series(out.array.take(codes, allow_fill=True), index=values.index)
