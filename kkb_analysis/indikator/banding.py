"""Comparison statistics: is a difference between two years or two areas meaningful?

The one home of every comparison decision (issue 11, item 2). Numbers and codes live here; the
Indonesian words ("membaik", "lebih buruk" …) live in :mod:`kkb_analysis.laporan.kata_banding`.

- :func:`wilson_interval` — Wilson score interval of one proportion (Wilson 1927; method 3 of
  Newcombe 1998a), used for the prevalences of :mod:`kkb_analysis.indikator.stunting` too.
- :func:`newcombe_interval` — Newcombe's hybrid score interval for the difference of two
  independent proportions (Newcombe 1998b, method 10): the two Wilson intervals combined
  "square-and-add".
- :func:`n_kecil` — the small-n flag (setting ``banding.n_kecil``).
- :func:`ambang_beda` — the minimal meaningful difference of a catalogued indicator (settings
  ``banding.beda_bermakna`` by unit, ``banding.beda_bermakna_kolom`` by column) [asumsi].
- :func:`bandingkan` — THE comparison rule: a :class:`Kode` from the catalogue's direction
  (``arah``) and the kind of source:

  * a proportion of a measured subset (``cakupan: subset_terukur``, e-PPGBM; unit ``persen``):
    "setara" unless the 95 % Newcombe interval of the difference of the two proportions
    excludes 0;
  * everything else — full enumeration or administrative sources (PK, portal), and counts of a
    measured subset: "setara" unless the difference of the printed values (rounded to the
    catalogue's decimals) is at least the minimal meaningful difference.

  Direction: ``naik_baik`` → higher is :attr:`Kode.LEBIH_BAIK`; ``turun_baik`` → higher is
  :attr:`Kode.LEBIH_BURUK`; ``netral`` → :attr:`Kode.NAIK` / :attr:`Kode.TURUN` /
  :attr:`Kode.TETAP`. A missing value on either side → :attr:`Kode.TIDAK_CUKUP`.
- :func:`bandingkan_baris` — every catalogued numeric ``out_wilayah`` indicator of two rows.

References: Wilson EB (1927) JASA 22:209–212. Newcombe RG (1998a) Two-sided confidence intervals
for the single proportion: comparison of seven methods. Stat Med 17:857–872. Newcombe RG (1998b)
Interval estimation for the difference between independent proportions: comparison of eleven
methods. Stat Med 17:873–890.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from kkb_analysis.config import ConfigError
from kkb_analysis.indikator.katalog import Entri, Katalog, atau_bawaan, katalog
from kkb_analysis.nilai import bulatkan, kosong

__all__ = [
    "KONFIDENSI",
    "SATUAN_CACAH",
    "Dasar",
    "Kode",
    "Konteks",
    "Nilai",
    "Perbandingan",
    "ambang_beda",
    "bandingkan",
    "bandingkan_baris",
    "n_kecil",
    "newcombe_interval",
    "wilson_interval",
]

#: Confidence level of every interval of the package (prevalences and differences).
KONFIDENSI = 0.95

#: Units that are counts: their minimal meaningful difference is relative (% of the reference).
SATUAN_CACAH = ("orang", "keluarga", "umkm", "jumlah", "intervensi")

#: Units that are not compared (codes, texts).
_TIDAK_DIBANDINGKAN = ("kode",)


class Kode(StrEnum):
    """Outcome of one comparison (the words are in ``laporan/kata_banding.py``)."""

    LEBIH_BAIK = "lebih_baik"  # directional indicator, better (over time: membaik)
    LEBIH_BURUK = "lebih_buruk"  # directional indicator, worse (over time: memburuk)
    SETARA = "setara"  # directional indicator, no meaningful difference
    NAIK = "naik"  # neutral indicator, higher (between areas: lebih tinggi)
    TURUN = "turun"  # neutral indicator, lower (between areas: lebih rendah)
    TETAP = "tetap"  # neutral indicator, no meaningful difference
    TIDAK_CUKUP = "tidak_cukup"  # a value is missing on either side: data tidak cukup


class Konteks(StrEnum):
    """What is compared: the same area over time, or two areas in the same year."""

    WAKTU = "waktu"
    WILAYAH = "wilayah"


class Dasar(StrEnum):
    """Which rule decided a comparison."""

    NEWCOMBE = "newcombe"  # measured subset, Newcombe interval of the difference
    TANPA_N = "tanpa_n"  # measured subset without counts: no interval, so "setara"
    BEDA_BERMAKNA = "beda_bermakna"  # full enumeration/administrative: minimal difference
    TIDAK_ADA = "tidak_ada"  # no decision (data tidak cukup)


@dataclass(frozen=True)
class Nilai:
    """One side of a comparison: the indicator value and, for proportions, its counts."""

    nilai: Any
    pembilang: Any = None
    penyebut: Any = None


@dataclass(frozen=True)
class Perbandingan:
    """A comparison of ``sekarang`` against ``acuan`` (this year vs last year, area vs comparator).

    ``selisih`` = sekarang − acuan in the indicator's unit (percentage points for percentages);
    ``ci_bawah``/``ci_atas``: the Newcombe interval of that difference in the same unit (NaN
    unless decided by :attr:`Dasar.NEWCOMBE`); ``ambang``: the minimal meaningful difference
    used (NaN unless decided by :attr:`Dasar.BEDA_BERMAKNA`); ``n_kecil``: a known denominator on
    either side is below the setting ``banding.n_kecil``.
    """

    kolom: str
    kode: Kode
    konteks: Konteks
    dasar: Dasar
    selisih: float
    ci_bawah: float = float("nan")
    ci_atas: float = float("nan")
    ambang: float = float("nan")
    n_kecil: bool = False


# ------------------------------------------------------------------------------- intervals
def _z(confidence: float) -> float:
    return statistics.NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(
    successes: Any, trials: Any, confidence: float = KONFIDENSI
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a binomial proportion, as proportions (0–1).

    ``p̂ = x/n``, ``z`` = the two-sided normal quantile (1.96 for 95 %):
    centre ``(p̂ + z²/2n) / (1 + z²/n)``, half-width
    ``z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)``. NaN where ``n = 0``. Array-like in, arrays out
    (0-d for scalars).
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_ok = np.where(n > 0, n, np.nan)
        p = x / n_ok
        denom = 1.0 + z**2 / n_ok
        centre = (p + z**2 / (2 * n_ok)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n_ok + z**2 / (4 * n_ok**2))
        # exact at the ends (x = 0 → low 0, x = n → high 1) and around p̂ despite rounding
        low = np.where(x <= 0, 0.0, np.clip(np.minimum(centre - half, p), 0.0, 1.0))
        high = np.where(x >= n, 1.0, np.clip(np.maximum(centre + half, p), 0.0, 1.0))
        low = np.where(np.isnan(p), np.nan, low)
        high = np.where(np.isnan(p), np.nan, high)
    return low, high


def newcombe_interval(
    x1: Any, n1: Any, x2: Any, n2: Any, confidence: float = KONFIDENSI
) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's hybrid score interval for ``p1 − p2`` of two independent proportions (0–1 scale).

    With ``(l1, u1)`` and ``(l2, u2)`` the Wilson intervals of ``p1 = x1/n1`` and ``p2 = x2/n2``
    and ``d = p1 − p2`` (Newcombe 1998b, method 10):
    ``low = d − √((p1 − l1)² + (u2 − p2)²)``, ``high = d + √((u1 − p1)² + (p2 − l2)²)``.
    NaN where either denominator is 0. Array-like in, arrays out.
    """
    x1a, n1a = np.asarray(x1, dtype=float), np.asarray(n1, dtype=float)
    x2a, n2a = np.asarray(x2, dtype=float), np.asarray(n2, dtype=float)
    l1, u1 = wilson_interval(x1a, n1a, confidence)
    l2, u2 = wilson_interval(x2a, n2a, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = x1a / np.where(n1a > 0, n1a, np.nan)
        p2 = x2a / np.where(n2a > 0, n2a, np.nan)
        d = p1 - p2
        low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return np.clip(low, -1.0, 1.0), np.clip(high, -1.0, 1.0)


def n_kecil(n: Any, pengaturan: Mapping[str, Any] | None = None) -> bool:
    """Whether a denominator is small: below ``banding.n_kecil`` (a missing ``n`` is not flagged).

    A denominator of 0 is small too (the value itself is then "data tidak cukup").
    """
    if kosong(n):
        return False
    return float(n) < atau_bawaan(pengaturan)["banding"]["n_kecil"]


# ------------------------------------------------------------------------ minimal difference
def _per_kolom(pengaturan: Mapping[str, Any], kat: Katalog) -> dict[str, float]:
    """``banding.beda_bermakna_kolom`` as {column: value}; an uncatalogued column stops the run."""
    hasil: dict[str, float] = {}
    for butir in pengaturan["banding"].get("beda_bermakna_kolom") or []:
        for kolom, nilai in butir.items():
            if ("out_wilayah", kolom) not in kat.entri:
                raise ConfigError(
                    f"Pengaturan 'banding.beda_bermakna_kolom': kolom '{kolom}' tidak ada di "
                    "katalog indikator out_wilayah (kkb_analysis/indikator/katalog/). Periksa "
                    "ejaannya (nama kolom seperti di buku kerja, mis. cpr_pct) di "
                    "config/pengaturan.yaml, lalu jalankan ulang."
                )
            hasil[kolom] = float(nilai)
    return hasil


def ambang_beda(
    entri: Entri, acuan: Any = None, pengaturan: Mapping[str, Any] | None = None
) -> float:
    """The minimal meaningful difference of ``entri`` in its own unit [asumsi].

    A column listed in ``banding.beda_bermakna_kolom`` uses that value; otherwise the unit's
    value of ``banding.beda_bermakna``. For counts (:data:`SATUAN_CACAH`) the setting
    ``cacah_relatif_pct`` is a share of the reference value ``acuan``: 1 % of 2,000 people is 20
    (NaN when ``acuan`` is missing). Codes raise ``ValueError`` (not comparable).
    """
    p = atau_bawaan(pengaturan)
    if entri.satuan in _TIDAK_DIBANDINGKAN:
        raise ValueError(f"kolom {entri.kolom} (satuan {entri.satuan}) tidak dapat dibandingkan")
    per_kolom = _per_kolom(p, katalog())
    if entri.kolom in per_kolom:
        return per_kolom[entri.kolom]
    beda = p["banding"]["beda_bermakna"]
    if entri.satuan in SATUAN_CACAH:
        if kosong(acuan):
            return float("nan")
        return abs(float(acuan)) * float(beda["cacah_relatif_pct"]) / 100.0
    return float(beda[entri.satuan])


# ---------------------------------------------------------------------------- the one rule
def _arah_kode(entri: Entri, tanda: int) -> Kode:
    """The code of a meaningful difference of sign ``tanda`` (+1 higher, −1 lower, 0 none)."""
    if entri.arah == "netral":
        return {1: Kode.NAIK, -1: Kode.TURUN, 0: Kode.TETAP}[tanda]
    if tanda == 0:
        return Kode.SETARA
    lebih_tinggi_baik = entri.arah == "naik_baik"
    return Kode.LEBIH_BAIK if (tanda > 0) == lebih_tinggi_baik else Kode.LEBIH_BURUK


def _angka(x: Any) -> float:
    return float("nan") if kosong(x) else float(x)


def bandingkan(
    entri: Entri,
    sekarang: Nilai,
    acuan: Nilai,
    konteks: Konteks | str,
    pengaturan: Mapping[str, Any] | None = None,
) -> Perbandingan:
    """Compare ``sekarang`` with ``acuan`` for the catalogued indicator ``entri``.

    Over time (:attr:`Konteks.WAKTU`) ``sekarang`` is this year and ``acuan`` last year; between
    areas (:attr:`Konteks.WILAYAH`) ``sekarang`` is the area and ``acuan`` the comparator. The
    rule is in the module docstring. Measured subsets use the counts of :class:`Nilai`
    (``pembilang``/``penyebut``): without them no interval can be formed and the answer is
    "setara" (:attr:`Dasar.TANPA_N`). Percentages' intervals are returned in percentage points.
    """
    konteks = Konteks(konteks)
    p = atau_bawaan(pengaturan)
    a, b = _angka(sekarang.nilai), _angka(acuan.nilai)
    kecil = any(n_kecil(s.penyebut, p) for s in (sekarang, acuan))
    if np.isnan(a) or np.isnan(b):
        return Perbandingan(
            entri.kolom, Kode.TIDAK_CUKUP, konteks, Dasar.TIDAK_ADA, float("nan"), n_kecil=kecil
        )
    selisih = a - b
    if entri.sumber.cakupan == "subset_terukur" and entri.satuan == "persen":
        counts = (sekarang.pembilang, sekarang.penyebut, acuan.pembilang, acuan.penyebut)
        if any(kosong(c) for c in counts):
            return Perbandingan(
                entri.kolom, _arah_kode(entri, 0), konteks, Dasar.TANPA_N, selisih, n_kecil=kecil
            )
        x1, n1, x2, n2 = (float(c) for c in counts)
        if n1 <= 0 or n2 <= 0:
            return Perbandingan(
                entri.kolom, Kode.TIDAK_CUKUP, konteks, Dasar.TIDAK_ADA, selisih, n_kecil=kecil
            )
        low, high = (float(v) for v in newcombe_interval(x1, n1, x2, n2))
        tanda = 1 if low > 0 else -1 if high < 0 else 0
        skala = 100.0 if entri.satuan == "persen" else 1.0
        return Perbandingan(
            entri.kolom,
            _arah_kode(entri, tanda),
            konteks,
            Dasar.NEWCOMBE,
            selisih,
            ci_bawah=low * skala,
            ci_atas=high * skala,
            n_kecil=kecil,
        )
    ambang = ambang_beda(entri, b, p)
    # the difference of the printed values: what the reader sees decides, not the binary tail
    beda = bulatkan(a, entri.desimal) - bulatkan(b, entri.desimal)
    bermakna = beda != 0 and abs(beda) >= bulatkan(ambang, 6)
    tanda = (1 if beda > 0 else -1) if bermakna else 0
    return Perbandingan(
        entri.kolom,
        _arah_kode(entri, tanda),
        konteks,
        Dasar.BEDA_BERMAKNA,
        selisih,
        ambang=ambang,
        n_kecil=kecil,
    )


def bandingkan_baris(
    sekarang: Mapping[str, Any],
    acuan: Mapping[str, Any],
    konteks: Konteks | str,
    pengaturan: Mapping[str, Any] | None = None,
    kolom: list[str] | None = None,
) -> dict[str, Perbandingan]:
    """Compare two ``out_wilayah`` rows (mappings or ``pd.Series``), one result per indicator.

    ``kolom`` limits the indicators (default: every catalogued numeric ``out_wilayah`` column
    present in both rows). Numerator and denominator columns come from the catalogue.
    """
    kat = katalog()
    if kolom is None:
        kolom = [
            e.kolom
            for (tabel, _), e in kat.entri.items()
            if tabel == "out_wilayah" and e.satuan not in _TIDAK_DIBANDINGKAN
        ]

    def sisi(baris: Mapping[str, Any], e: Entri) -> Nilai:
        return Nilai(
            baris.get(e.kolom),
            baris.get(e.pembilang) if e.pembilang else None,
            baris.get(e.penyebut) if e.penyebut else None,
        )

    hasil = {}
    for k in kolom:
        e = kat.get(k)
        if k not in sekarang or k not in acuan:
            continue
        hasil[k] = bandingkan(e, sisi(sekarang, e), sisi(acuan, e), konteks, pengaturan)
    return hasil
