"""Coarse WHO growth reference of the synthetic e-PPGBM measurements.

The sample draws heights and weights from z-scores and writes "exported" z-scores, as the e-PPGBM
application would. It needs no exact z-scores (the pipeline recomputes them with
:mod:`kkb_analysis.anthro`), so it interpolates L, M and S linearly between a few knots. The
knot VALUES are rows of WHO's published tables, read through
:func:`kkb_analysis.anthro.lms_published_rows` (no table is copied here); this module only
chooses which rows serve as knots and states the few values that differ (:data:`BEDA_RUJUKAN`).
"""

from __future__ import annotations

import functools

import numpy as np

from kkb_analysis.anthro import (
    BATAS_POSISI_HARI,
    HARI_PER_BULAN,
    KOREKSI_POSISI_CM,
    RENTANG_WFH_CM,
    RENTANG_WFL_CM,
    lms_published_rows,
)

# Knots: length-for-age 0–24 months (recumbent), height-for-age 24–60 months (standing),
# weight-for-age 0–60 months, weight-for-length every 2.5 cm (used below 731 days) and
# weight-for-height every 5 cm (from 731 days).
BULAN_PANJANG = np.array([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 21, 24], dtype=float)
BULAN_TINGGI = np.array([24, 27, 30, 36, 42, 48, 54, 60], dtype=float)
BULAN_BERAT = np.array([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 21, 24, 30, 36, 42, 48, 54, 60.0])
CM_WFL = np.arange(RENTANG_WFL_CM[0], RENTANG_WFL_CM[1] + 0.1, 2.5)
CM_WFH = np.arange(RENTANG_WFH_CM[0], RENTANG_WFH_CM[1] + 0.1, 5.0)

# The one place where the sample's S (sigma) knots deviate from the published rows:
# (length "panjang" | height "tinggi", sex 0 = L / 1 = P, month) -> S.
# - Height at 24 months: WHO's 2–5-year height-for-age table opens with its own row at 24
#   months, which the published month table (it holds the LENGTH row at 24) does not carry. Its
#   M is the length M − 0.7 cm (derived in `_knot_umur`); its S is stated here.
# - Boys' length S at 18, 21 and 24 months: the first generator typed 0.03275/0.03360/0.03446
#   where WHO has 0.03279/0.03376/0.03479. Kept on purpose: the sample must stay byte-identical
#   (issue 10); correcting them moves the synthetic heights of boys of 15–24 months.
BEDA_RUJUKAN: dict[tuple[str, int, float], float] = {
    ("tinggi", 0, 24.0): 0.03507,
    ("tinggi", 1, 24.0): 0.03764,
    ("panjang", 0, 18.0): 0.03275,
    ("panjang", 0, 21.0): 0.03360,
    ("panjang", 0, 24.0): 0.03446,
}

_JK = {0: "L", 1: "P"}


@functools.cache
def _knot_umur(sex: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(length M, length S, height M, height S) at the knots of one sex (0 = L, 1 = P)."""
    _, m_panjang, s_panjang = lms_published_rows("lhfa", _JK[sex], BULAN_PANJANG)
    _, m_tinggi, s_tinggi = lms_published_rows("lhfa", _JK[sex], BULAN_TINGGI)
    m_tinggi[BULAN_TINGGI == 24] -= KOREKSI_POSISI_CM
    for (jenis, jk, bulan), nilai in BEDA_RUJUKAN.items():
        if jk == sex:
            bulan_knot = BULAN_PANJANG if jenis == "panjang" else BULAN_TINGGI
            s = s_panjang if jenis == "panjang" else s_tinggi
            s[bulan_knot == bulan] = nilai
    return m_panjang, s_panjang, m_tinggi, s_tinggi


def lms_umur(jk: np.ndarray, umur_hari: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WHO length/height-for-age M and S (length below 731 days, height from 731 days)."""
    bulan = umur_hari / HARI_PER_BULAN
    m = np.empty(len(jk))
    s = np.empty(len(jk))
    for sex in (0, 1):
        mp, sp, mt, st = _knot_umur(sex)
        a = (jk == sex) & (umur_hari < BATAS_POSISI_HARI)
        b = (jk == sex) & (umur_hari >= BATAS_POSISI_HARI)
        m[a] = np.interp(bulan[a], BULAN_PANJANG, mp)
        s[a] = np.interp(bulan[a], BULAN_PANJANG, sp)
        m[b] = np.interp(bulan[b], BULAN_TINGGI, mt)
        s[b] = np.interp(bulan[b], BULAN_TINGGI, st)
    return m, s


def lms_berat(jk: np.ndarray, umur_hari: np.ndarray) -> tuple[np.ndarray, ...]:
    """WHO weight-for-age L, M, S."""
    bulan = umur_hari / HARI_PER_BULAN
    hasil = [np.empty(len(jk)) for _ in range(3)]
    for sex in (0, 1):
        a = jk == sex
        tabel = lms_published_rows("wfa", _JK[sex], BULAN_BERAT)
        for h, t in zip(hasil, tabel, strict=True):
            h[a] = np.interp(bulan[a], BULAN_BERAT, t)
    return tuple(hasil)


def lms_bbtb(
    jk: np.ndarray, nilai: np.ndarray, umur_hari: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weight-for-length (below 731 days) or weight-for-height L, M, S at the length/height in
    table space, and whether the value lies inside the table (else no exported z-score)."""
    el = np.empty(len(jk))
    m = np.empty(len(jk))
    s = np.empty(len(jk))
    tinggi = umur_hari >= BATAS_POSISI_HARI
    for sex in (0, 1):
        for nama, cm, pakai in (("wfl", CM_WFL, ~tinggi), ("wfh", CM_WFH, tinggi)):
            a = (jk == sex) & pakai
            lam, mt, st = lms_published_rows(nama, _JK[sex], cm)
            el[a] = lam[0]  # L is constant over the weight-for-length/height tables
            m[a] = np.interp(nilai[a], cm, mt)
            s[a] = np.interp(nilai[a], cm, st)
    dalam = np.where(
        tinggi,
        (nilai >= RENTANG_WFH_CM[0]) & (nilai <= RENTANG_WFH_CM[1]),
        (nilai >= RENTANG_WFL_CM[0]) & (nilai <= RENTANG_WFL_CM[1]),
    )
    return el, m, s, dalam


def dari_z(z: np.ndarray, el: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Inverse of the LMS z-score (the value at z; L ≠ 0 everywhere here)."""
    return m * (1 + el * s * z) ** (1 / el)
