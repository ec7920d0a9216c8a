"""Facts about a single value, shared by every layer (the one home of each).

- :func:`kosong` — whether a value is missing. Decided once: ``None``, ``pd.NA``, ``pd.NaT``,
  a float NaN (Python or NumPy), a NumPy ``datetime64``/``timedelta64`` NaT and a ``Decimal``
  NaN are missing. Everything else is a value: ``0``, ``False``, ``""`` and the text
  "data tidak cukup" too (a caller that also treats that text as missing says so itself), and
  so is a container (list, array, Series): the test is for one cell, never element-wise.
- :data:`DATA_TIDAK_CUKUP` — what a missing indicator is called (indicators.md §0). It is a data
  value too (the tier of ``out_klasifikasi``, the severity class of ``out_stunting``), so it lives
  below both the indicator and the report layer.
- :func:`angka` — a number written the Indonesian way ("1.234,5", "−3"). Rounding is half-up
  (away from zero on ties) on the number *as written*: a float is read via its shortest ``repr``,
  so ``12.25`` → "12,3" and ``2.675`` → "2,68" (not via the binary expansion 2.67499…). Thousands
  ``.``, decimals ``,``, the true minus U+2212, and a value that rounds to zero is unsigned
  ("0,0", never "−0,0"). :func:`persen` adds the percent sign without a space ("12,5%", as in
  the PUEBI examples). :mod:`kkb_analysis.laporan.format` builds the report formatters
  (percent, dates, small cells, "data tidak cukup") on it; the indicator layer stores numbers
  only and does not write number text.
- :func:`mirip_rumus` / :data:`AWAL_RUMUS` — text that a spreadsheet would run as a formula
  (OWASP "CSV injection"): the strict rule, used by the CSV writer of :mod:`kkb_analysis.pipeline`
  and by the workbook of :mod:`kkb_analysis.laporan.lembar`. Any text starting with ``=``,
  ``+``, ``-``, ``@``, tab, CR or LF counts, a plain negative number ("-5") included: a
  spreadsheet reads "-5" as a number anyway, and a rule with exceptions is a rule to get wrong.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "AWAL_RUMUS",
    "DATA_TIDAK_CUKUP",
    "TANDA_MINUS",
    "angka",
    "kosong",
    "mirip_rumus",
    "persen",
]

DATA_TIDAK_CUKUP = "data tidak cukup"
TANDA_MINUS = "\u2212"
AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r", "\n")


# ------------------------------------------------------------------------------------- missing
def kosong(x: Any) -> bool:
    """Whether the single value ``x`` is missing (see the module docstring for the rule)."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, float | np.floating):
        return math.isnan(x)
    if isinstance(x, np.datetime64 | np.timedelta64):
        return bool(np.isnat(x))
    if isinstance(x, Decimal):
        return x.is_nan()
    return False


# ------------------------------------------------------------------------------------- numbers
def ke_desimal(x: Any) -> Decimal:
    """The number as written: ints exactly, floats via their shortest repr.

    Booleans and non-numbers raise ``TypeError``; infinities ``ValueError`` (a bug upstream).
    """
    if isinstance(x, bool | np.bool_):
        raise TypeError(f"nilai boolean {x!r} bukan angka")
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, numbers.Integral):
        value = Decimal(int(x))
    elif isinstance(x, numbers.Real):
        value = Decimal(repr(float(x)))
    else:
        raise TypeError(f"{x!r} ({type(x).__name__}) bukan angka")
    if not value.is_finite():
        raise ValueError(f"nilai tak hingga/tak valid {x!r} tidak dapat dicetak")
    return value


def periksa_desimal(desimal: int) -> None:
    """``desimal`` must be an int ≥ 0 (``ValueError`` otherwise)."""
    if isinstance(desimal, bool) or not isinstance(desimal, int) or desimal < 0:
        raise ValueError(f"desimal harus bilangan bulat ≥ 0, bukan {desimal!r}")


def bulatkan(x: Any, desimal: int) -> Decimal:
    """Half-up rounding of the number as written to ``desimal`` places; −0 becomes 0."""
    periksa_desimal(desimal)
    value = ke_desimal(x)
    with localcontext() as ctx:  # enough digits for any magnitude (default precision is 28)
        ctx.prec = max(28, value.adjusted() + desimal + 2)
        q = value.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def angka(x: Any, desimal: int = 0) -> str:
    """``x`` with Indonesian separators, half-up rounded: ``-1234.5`` → "−1.234,5".

    A missing ``x`` raises ``ValueError``: decide what to print for it first (the report
    formatters print :data:`DATA_TIDAK_CUKUP`).
    """
    if kosong(x):
        raise ValueError("nilai kosong tidak dapat ditulis sebagai angka")
    q = bulatkan(x, desimal)
    text = format(q.copy_abs(), f",.{desimal}f")  # "1,234.5" (en style, no exponent)
    text = text.translate(str.maketrans({",": ".", ".": ","}))
    return (TANDA_MINUS + text) if q < 0 else text


def persen(x: Any, desimal: int = 1) -> str:
    """A percentage given on the 0–100 scale, no space before the sign: ``12.5`` → "12,5%".

    A missing ``x`` raises ``ValueError``, as :func:`angka` does.
    """
    return angka(x, desimal) + "%"


# ------------------------------------------------------------------------------------ formulas
def mirip_rumus(teks: str) -> bool:
    """Whether a spreadsheet could run ``teks`` as a formula (it starts with :data:`AWAL_RUMUS`)."""
    return teks.startswith(AWAL_RUMUS)
