"""Keyed hashing and the NIK checks of data-contract.md §4."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_analysis.pseudonim import (
    check_nik,
    hash_key,
    hash_values,
    looks_like_excel_number,
    nik_mismatches,
    normalise_id,
    normalise_name,
)
from tests.conftest import TEST_SALT


def test_hash_is_hmac_sha256_hex_and_keeps_missing():
    out = hash_values(pd.Series(["3672", None]), b"k")
    expected = hmac.new(b"k", b"3672", hashlib.sha256).hexdigest()
    assert out.iloc[0] == expected and len(expected) == 64
    assert pd.isna(out.iloc[1])


def test_hash_depends_on_salt():
    a = hash_values(pd.Series(["1"]), b"a").iloc[0]
    b = hash_values(pd.Series(["1"]), b"b").iloc[0]
    assert a != b


def test_normalisation():
    assert normalise_id(pd.Series(["'3672 05.12"])).tolist() == ["36720512"]
    assert normalise_name(pd.Series(["  siti   aminah "])).tolist() == ["SITI AMINAH"]


def test_excel_number_detection():
    s = pd.Series(["3.67205E+15", "3672051204900001.0", "3672051204900001", ""])
    assert looks_like_excel_number(s).tolist() == [True, True, False, False]


def test_nik_status_by_hand():
    # 3672 05 | 12 04 90 | 0001 -> man born 12-04-1990; day 52 = woman born 12th
    niks = pd.Series(
        [
            "3672051204900001",
            "3672055204900002",
            "9999999999999995",
            "9999999999999996",
            "9999999999999999",
            "9999999999999994",
            "367205120490001",  # 15 digits
            "36720512049000011",  # 17 digits
            "3672053204900001",  # day 32: impossible
            "3672051213900001",  # month 13
            "3.67205E+15",
            None,
        ]
    )
    out = check_nik(niks)
    assert out["nik_status"].tolist()[:11] == [
        "valid",
        "valid",
        "belum_punya_<17",
        "belum_punya_≥17",
        "wna",
        "menolak",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
    ]
    assert pd.isna(out["nik_status"].iloc[11])
    assert out["nik_hari"].iloc[1] == 12 and bool(out["nik_perempuan"].iloc[1])


def test_excel_numeric_cell_makes_nik_invalid():
    out = check_nik(pd.Series(["3672051204900001"]), excel_numeric=pd.Series([True]))
    assert out["nik_status"].tolist() == ["invalid"]


def test_nik_mismatches():
    checked = check_nik(pd.Series(["3672051204900001", "3672051204900001", "3672055204900002"]))
    birth = pd.Series(pd.to_datetime(["1990-04-12", "1990-04-13", "1990-04-12"]))
    sex = pd.Series(["L", "L", "L"])
    date_bad, sex_bad = nik_mismatches(checked, birth, sex)
    assert date_bad.tolist() == [False, True, False]
    assert sex_bad.tolist() == [False, False, True]


_TEXT = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8))


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, max_size=30))
def test_hash_key_matches_shared_hash(values):
    series = pd.Series(values, dtype="string")
    hashed = hash_key(series, TEST_SALT.value)
    assert hashed.hashes.equals(hash_values(series, TEST_SALT.value))
    # equal inputs share a code, missing inputs get -1
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            assert (hashed.codes[i] == hashed.codes[j]) == (a == b or (a is None and b is None))
    assert all((c == -1) == (v is None) for c, v in zip(hashed.codes, values, strict=True))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.lists(_TEXT, max_size=5))
def test_hash_is_the_standard_hmac_for_any_salt_length(salt, values):
    out = hash_values(pd.Series(values, dtype="string"), salt)
    for got, value in zip(out, values, strict=True):
        if value is None:
            assert pd.isna(got)
        else:
            assert got == hmac.new(salt, value.encode("utf-8"), hashlib.sha256).hexdigest()


def test_normalise_id_leaves_plain_digits_and_cleans_the_rest():
    values = pd.Series(["3672051204900001", " 3672 05.12'", "", None, "٣٦"], dtype="string")
    assert normalise_id(values).tolist() == ["3672051204900001", "36720512", pd.NA, pd.NA, "٣٦"]


def test_nik_in_other_unicode_digits_is_invalid_not_an_error():
    out = check_nik(pd.Series(["٣٦٧٢٠٥١٢٠٤٩٠٠٠٠١", "3672051204900001"]))
    assert out["nik_status"].tolist() == ["invalid", "valid"]
    assert pd.isna(out["nik_hari"].iloc[0]) and out["nik_hari"].iloc[1] == 12
