"""Generic frame helpers: masks, key look-ups, per-distinct-value work."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.frames import (
    bmask,
    factorize_text,
    joint_codes,
    member_of,
    per_unique,
    positions,
    row_codes,
    take_columns,
)
from kkb_analysis.pseudonim import hash_key
from tests.conftest import TEST_SALT

_KEYS = st.sampled_from(["a", "b", "c", None])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", None]), max_size=12),
    st.lists(st.sampled_from(["a", "b", "c", "d", None]), max_size=12),
)
def test_positions_first_match(parent, child):
    pos = positions(pd.Series(parent, dtype="string"), pd.Series(child, dtype="string"))
    for p, key in zip(pos, child, strict=True):
        if key is None or key not in parent:
            assert p == -1
        else:
            assert p == parent.index(key)


@settings(max_examples=60, deadline=None)
@given(st.lists(_KEYS, max_size=10), st.lists(_KEYS, max_size=10))
def test_positions_of_hashed_keys_and_object_columns_agree(parent, child):
    parent_s, child_s = pd.Series(parent, dtype="string"), pd.Series(child, dtype="string")
    expected = positions(parent_s, child_s)
    assert (positions(parent_s.astype(object), child_s.astype(object)) == expected).all()
    hashed_parent = hash_key(parent_s, TEST_SALT.value).hashes
    hashed_child = hash_key(child_s, TEST_SALT.value)
    assert (positions(hashed_parent, hashed_child) == expected).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_KEYS, st.sampled_from([1, 2, None])), max_size=10),
    st.lists(st.tuples(_KEYS, st.sampled_from([1, 2, 3, None])), max_size=10),
)
def test_positions_on_several_key_columns(parent, child):
    def frame(rows):
        return pd.DataFrame(
            {
                "k": pd.array([r[0] for r in rows], dtype="string"),
                "n": pd.array([r[1] for r in rows], dtype="Int64"),
            }
        )

    pos = positions(frame(parent), frame(child))
    for p, key in zip(pos, child, strict=True):
        if None in key or key not in parent:
            assert p == -1
        else:
            assert p == parent.index(key)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_KEYS, st.sampled_from([1, 2, None])), max_size=12))
def test_row_codes_equal_keys_share_a_code(rows):
    frame = pd.DataFrame(
        {
            "k": pd.array([r[0] for r in rows], dtype="string"),
            "n": pd.array([r[1] for r in rows], dtype="Int64"),
        }
    )
    codes = row_codes(frame)
    for i, a in enumerate(rows):
        assert (codes[i] == -1) == (None in a)
        for j, b in enumerate(rows):
            if None not in a and None not in b:
                assert (codes[i] == codes[j]) == (a == b)
    parent_codes, child_codes = joint_codes(frame, frame)
    assert ((parent_codes == -1) == (codes == -1)).all()
    assert (parent_codes == child_codes).all()


def test_factorize_text_is_pandas_factorize():
    values = pd.Series(["b", None, "a", "b", "", "a"], dtype="string")
    codes, uniques = factorize_text(values)
    expected_codes, expected_uniques = pd.factorize(values.to_numpy(object, na_value=None))
    assert codes.tolist() == expected_codes.tolist() == [0, -1, 1, 0, 2, 1]
    assert uniques == list(expected_uniques) == ["b", "a", ""]


def test_member_of_never_counts_missing_values():
    values = pd.Series(["a", None, "c", "d"], dtype="string")
    pool = pd.Series(["a", None, "d", "d"], dtype="string")
    assert member_of(values, pool).tolist() == [True, False, False, True]
    assert member_of(values, pd.Index(["c"])).tolist() == [False, False, True, False]


def test_take_columns_fills_missing_where_not_found():
    parent = pd.DataFrame(
        {
            "s": pd.array(["x", None, "z"], dtype="string"),
            "d": pd.to_datetime(["2023-01-01", None, "2023-03-01"]).astype("datetime64[ns]"),
            "b": pd.array([True, False, None], dtype="boolean"),
        }
    )
    index = pd.Index([10, 11, 12, 13])
    dtypes = {"s": "string", "d": "datetime64[ns]", "b": "boolean", "gone": "Int64"}
    out = take_columns(parent, np.array([2, -1, 0, 1]), dtypes, index)
    assert out.index.equals(index) and list(out.dtypes.astype(str)) == [
        "string",
        "datetime64[ns]",
        "boolean",
        "Int64",
    ]
    assert out["s"].tolist() == ["z", pd.NA, "x", pd.NA]
    assert out["d"].tolist()[0] == pd.Timestamp("2023-03-01") and pd.isna(out["d"].iloc[1])
    assert out["b"].tolist() == [pd.NA, pd.NA, True, False]
    assert out["gone"].isna().all()
    assert take_columns(None, np.array([0, -1]), dtypes, pd.Index([1, 2])).isna().all().all()


def test_per_unique_spreads_results_and_keeps_missing():
    values = pd.Series(["a", None, "b", "a"], dtype="string", index=[5, 6, 7, 8])
    calls = []

    def upper(u: pd.Series) -> pd.Series:
        calls.append(len(u))
        return u.str.upper()

    out = per_unique(values, upper)
    assert calls == [2] and out.index.tolist() == [5, 6, 7, 8]
    assert out.tolist() == ["A", pd.NA, "B", "A"]


def test_bmask_handles_every_boolean_dtype():
    s = pd.Series(["a", None], dtype="string")
    assert bmask(s.eq("a")).tolist() == [True, False]
    assert bmask(np.array([False, True])).tolist() == [False, True]
    assert bmask(pd.Series([1, None], dtype="Int64").gt(0)).tolist() == [True, False]
