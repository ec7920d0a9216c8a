"""The one home of the single-value facts (kkb_analysis.nilai): missing, numbers, formulas.

Expected values are worked out by hand from the rules in the module docstring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from kkb_analysis import nilai
from kkb_analysis.nilai import DATA_TIDAK_CUKUP, angka, kosong, mirip_rumus

MINUS = "\u2212"


@pytest.mark.parametrize(
    "value",
    [
        None,
        pd.NA,
        pd.NaT,
        float("nan"),
        np.nan,
        np.float32("nan"),
        np.datetime64("NaT"),
        np.timedelta64("NaT"),
        Decimal("NaN"),
        pd.Series([np.nan], dtype="Float64").iloc[0],  # <NA> from a nullable column
        pd.Series([None], dtype="datetime64[ns]").iloc[0],  # NaT from a datetime column
    ],
)
def test_missing_values(value):
    assert kosong(value) is True


@pytest.mark.parametrize(
    "value",
    [
        0,
        0.0,
        -0.0,
        False,
        "",
        " ",
        DATA_TIDAK_CUKUP,  # a word, not a missing value: callers that read it as missing say so
        float("inf"),
        np.int64(0),
        dt.date(2023, 1, 1),
        pd.Timestamp("2023-01-01"),
        np.datetime64("2023-01-01"),
        Decimal("0"),
        [np.nan],  # a container is never a missing *value*
        np.array([np.nan]),
        pd.Series([np.nan]),
    ],
)
def test_present_values(value):
    assert kosong(value) is False


@pytest.mark.parametrize(
    ("x", "desimal", "expected"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (1234567, 0, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (-1234.5, 1, f"{MINUS}1.234,5"),
        (-3, 0, f"{MINUS}3"),
        # half-up on the number as written: ties go away from zero
        (12.25, 1, "12,3"),
        (12.35, 1, "12,4"),
        (-12.25, 1, f"{MINUS}12,3"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # not banker's rounding (which would give 2)
        (2.675, 2, "2,68"),  # binary 2.67499… but written 2.675
        (1.005, 2, "1,01"),
        # a value that rounds to zero has no sign
        (-0.04, 1, "0,0"),
        (-0.0, 0, "0"),
        (12, 2, "12,00"),
        (np.int64(5000), 0, "5.000"),
        (np.float64(0.05), 1, "0,1"),
        (Fraction(49, 4), 1, "12,3"),  # 12.25 exactly
        (Decimal("1234.45"), 1, "1.234,5"),
    ],
)
def test_angka(x, desimal, expected):
    assert angka(x, desimal) == expected


@pytest.mark.parametrize("x", [None, pd.NA, np.nan, pd.NaT])
def test_angka_refuses_missing(x):
    with pytest.raises(ValueError):
        angka(x)


@pytest.mark.parametrize(
    ("x", "error"), [(True, TypeError), ("12", TypeError), (np.inf, ValueError)]
)
def test_angka_refuses_non_numbers(x, error):
    with pytest.raises(error):
        angka(x)


@pytest.mark.parametrize("desimal", [-1, 1.5, True])
def test_angka_checks_decimals(desimal):
    with pytest.raises(ValueError):
        angka(1, desimal)


@pytest.mark.parametrize(
    ("teks", "expected"),
    [
        ("=1+1", True),
        ("+62 812", True),
        ("-5", True),  # the strict rule: no exception for plain negative numbers
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        ("\n=1", True),
        ("Kampung KB", False),
        ("a=b", False),
        (" =1", False),  # a leading space is not run
        (f"{MINUS}5", False),  # the true minus sign is text
        ("", False),
    ],
)
def test_mirip_rumus(teks, expected):
    assert mirip_rumus(teks) is expected


def test_report_layer_uses_the_same_rules():
    """laporan.format and the workbook build on nilai instead of keeping their own copies."""
    from kkb_analysis.laporan import format as fmt
    from kkb_analysis.laporan.lembar import netralkan_teks

    assert fmt.DATA_TIDAK_CUKUP is nilai.DATA_TIDAK_CUKUP
    assert fmt.format_angka(12.25, 1) == "12,3"
    assert fmt.format_angka(np.datetime64("NaT")) == DATA_TIDAK_CUKUP
    assert netralkan_teks("-5") == ("-5", True)
