"""Small vectorised helpers of the sample: random streams, day numbers and dates, Arrow text
columns (cheap to build and to write), probability helpers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv  # registers pa.csv

_EPOCH = np.datetime64("1970-01-01", "D")


def phi(z: np.ndarray) -> np.ndarray:
    """Return the standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7)."""
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = (
        (((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
    ) + 0.254829592
    erf = 1.0 - poly * t * np.exp(-x * x)
    return 0.5 * (1.0 + np.sign(z) * erf)


def logistik(x: np.ndarray) -> np.ndarray:
    """Return the logistic function of x."""
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: float) -> float:
    """Return log(p / (1 - p))."""
    return float(np.log(p / (1.0 - p)))


def pilih_baris(u: np.ndarray, peluang: np.ndarray) -> np.ndarray:
    """Pick a category index per row from row-wise probabilities (rows need not sum to 1)."""
    kum = np.cumsum(peluang, axis=1)
    kum = kum / kum[:, -1:]
    return (u[:, None] >= kum[:, :-1]).sum(axis=1)


def sampel_pdf(rng: np.random.Generator, n: int, x: list[float], y: list[float]) -> np.ndarray:
    """Sample n values from the piecewise-linear density through the points (x, y)."""
    grid = np.linspace(x[0], x[-1], 2001)
    pdf = np.interp(grid, x, y)
    cdf = np.concatenate([[0.0], np.cumsum((pdf[1:] + pdf[:-1]) / 2.0)])
    cdf /= cdf[-1]
    return np.interp(rng.random(n), cdf, grid)


def nomor_hari(tanggal: str) -> int:
    """Return an ISO date as days since 1970-01-01."""
    return int((np.datetime64(tanggal, "D") - _EPOCH).astype(int))


def iso(hari: np.ndarray) -> np.ndarray:
    """Format day numbers as ISO dates."""
    return np.datetime_as_string(np.asarray(hari, dtype="int64").astype("datetime64[D]"), unit="D")


def komponen(hari: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split day numbers into (year, month, day) arrays."""
    d = np.asarray(hari, dtype="int64").astype("datetime64[D]")
    bulan = d.astype("datetime64[M]")
    tahun = bulan.astype("datetime64[Y]").astype(int) + 1970
    bln = bulan.astype(int) % 12 + 1
    hr = (d - bulan.astype("datetime64[D]")).astype(int) + 1
    return tahun, bln, hr


def umur_tahun(lahir: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Completed years of age at the reference day (birthday reached or not)."""
    y1, m1, d1 = komponen(lahir)
    y2, m2, d2 = komponen(ref)
    return y2 - y1 - ((m2 < m1) | ((m2 == m1) & (d2 < d1)))


def tanggal_teks(hari: np.ndarray, pola: str | None = None) -> pa.Array:
    """Day numbers as ISO dates (or another strftime pattern) in an Arrow text array."""
    tgl = pa.array(np.asarray(hari, dtype=np.int32), pa.int32()).cast(pa.date32())
    if pola is None:
        return pc.cast(tgl, pa.large_string())
    return pc.cast(pc.strftime(tgl.cast(pa.timestamp("s")), format=pola), pa.large_string())


def dmy(hari: np.ndarray) -> pa.Array:
    """Format day numbers as DD/MM/YYYY (e-PPGBM export)."""
    return tanggal_teks(hari, "%d/%m/%Y")


def label_dari(indeks: np.ndarray, label: list[str | None]) -> pa.Array:
    """Arrow text array label[indeks] (None labels become empty cells)."""
    return pc.take(pa.array(label, pa.large_string()), pa.array(np.asarray(indeks, dtype=np.int64)))


def pilih_teks(kondisi: np.ndarray, ya: str | None, tidak: str | None) -> pa.Array:
    """Arrow text array: `ya` where the condition holds, else `tidak`."""
    return label_dari(np.asarray(kondisi, dtype=bool).astype(np.int64), [tidak, ya])


def ya_tidak(b: np.ndarray) -> pa.Array:
    """Format booleans as ya/tidak."""
    return pilih_teks(b, "ya", "tidak")


def ya_tidak_satu(b: bool) -> str:
    """Format one boolean as ya/tidak."""
    return "ya" if b else "tidak"


def gabung_teks(*bagian: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of Arrow text arrays and literal strings."""
    args = [pa.scalar(b, pa.large_string()) if isinstance(b, str) else b for b in bagian]
    return pc.binary_join_element_wise(*args, pa.scalar("", pa.large_string()))


def teks_angka(x: np.ndarray) -> pa.Array:
    """Integers as an Arrow text array."""
    return pc.cast(pa.array(np.asarray(x, dtype=np.int64)), pa.large_string())


def angka_koma(x: np.ndarray, desimal: int = 1) -> pa.Array:
    """Format numbers with a fixed number of decimals and a decimal comma (e-PPGBM); NaN
    becomes an empty cell."""
    x = np.asarray(x, dtype=float)
    ada = ~np.isnan(x)
    skala = 10**desimal
    n = np.round(np.where(ada, x, 0.0) * skala).astype(np.int64)
    a = np.abs(n)
    bulat = teks_angka(a // skala)
    pecahan = pc.utf8_lpad(teks_angka(a % skala), desimal, "0")
    tanda = pilih_teks(n < 0, "-", "")
    teks = gabung_teks(tanda, bulat, ",", pecahan)
    return pc.if_else(
        pa.array(ada), pc.cast(teks, pa.large_string()), pa.scalar("", pa.large_string())
    )


def nol(x: np.ndarray, lebar: int = 3) -> pa.Array:
    """Zero-pad integers to a fixed width (Arrow text array)."""
    return pc.utf8_lpad(teks_angka(x), lebar, "0")


def seri_teks(arr: pa.Array) -> pd.Series:
    """Arrow-backed text column (no Python string objects are created)."""
    if not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.large_string())
    return pd.Series(pd.arrays.ArrowExtensionArray(arr))


def bingkai(kolom: dict[str, object]) -> pd.DataFrame:
    """DataFrame whose text columns are Arrow arrays (cheap to build, to insert into and to
    write); numbers keep their numpy/pandas dtype."""
    n = max(len(v) for v in kolom.values() if not np.isscalar(v) and v is not None)
    data = {}
    for nama, v in kolom.items():
        if np.isscalar(v) or v is None:
            v = pa.array(np.full(n, v, dtype=object), pa.large_string())
        if isinstance(v, np.ndarray) and v.dtype.kind in "OU":
            v = pa.array(v, pa.large_string(), from_pandas=True)
        if isinstance(v, pa.Array):
            v = seri_teks(v)
        data[nama] = v
    return pd.DataFrame(data)


def int_kosong(x: np.ndarray, ada: np.ndarray) -> pd.Series:
    """Integer column with empty cells where `ada` is false."""
    return pd.Series(np.asarray(x, dtype="int64")).astype("Int64").where(ada)


def digit(rng: np.random.Generator, *bagian: tuple[int, int, int]) -> str:
    """Concatenate zero-padded random integers, one per (low, high exclusive, width)."""
    return "".join(f"{int(rng.integers(lo, hi)):0{lebar}d}" for lo, hi, lebar in bagian)


def sub_rng(seed: int, *kunci: int) -> np.random.Generator:
    """An independent generator for one component (stable whatever the other components do)."""
    return np.random.default_rng([seed, *kunci])


def kolom_arrow(kolom: pd.Series) -> pa.Array:
    """One column as an Arrow array (text as large_string; mixed text/number object columns,
    e.g. text in a number column of a dirty row, become text)."""
    try:
        arr = pa.array(kolom, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array([None if v is None or v != v else str(v) for v in kolom], pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_string(arr.type) or pa.types.is_null(arr.type):
        arr = pc.cast(arr, pa.large_string())
    return arr
