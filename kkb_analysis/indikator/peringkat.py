"""Range-normalised ranking score of the KKB of one year (the city summary's league table).

Rule (docs/metodologi.md "Ranking score" [asumsi]):

1. The indicators are ``peringkat.indikator`` of the settings (columns of ``out_wilayah``); each
   must have a direction in the catalogue (``naik_baik`` or ``turun_baik``).
2. An indicator is **not used** when it does not tell the KKB apart: its spread across the KKB
   with a value (max − min) is below ``peringkat.beda_minimal`` × its possible range (percent
   0–100, iBangga ``indeks_*`` 0–100, classification ``index_*`` 1–4), or fewer than two KKB have
   a value. (Data completeness at 88.9 % in all 13 KKB ranks nothing.)
3. Each used indicator is min–max scaled across the KKB: (v − min) / (max − min), turned round
   (1 − …) when lower is better, so 1 is the best KKB and 0 the worst of the year.
4. ``skor_peringkat`` = 100 × the mean of the scaled values the KKB has (0–100);
   ``n_indikator_peringkat`` says how many went in; no value → ``<NA>``.

Numbers and codes only; the words are made in the report layer.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from kkb_analysis.config import INDIKATOR_PERINGKAT
from kkb_analysis.indikator.katalog import katalog

__all__ = ["Peringkat", "rentang_mungkin", "skor_peringkat"]

#: Default indicators and threshold (the settings override them).
INDIKATOR_BAKU = INDIKATOR_PERINGKAT
BEDA_MINIMAL_BAKU = 0.02


class Peringkat(NamedTuple):
    """The score per KKB and which indicators were used (with their spread share)."""

    #: ``skor_peringkat`` (0–100) and ``n_indikator_peringkat``, index of the input frame.
    skor: pd.DataFrame
    #: Used indicators → spread across the KKB as a share of the possible range.
    dipakai: dict[str, float]
    #: Indicators left out → spread share (NaN when fewer than two KKB have a value).
    tidak_dipakai: dict[str, float]


def rentang_mungkin(kolom: str) -> tuple[float, float]:
    """The possible range of an indicator column: ``index_*`` 1–4 (portal classification),
    ``indeks_*`` and percentages 0–100; other columns raise ``ValueError``."""
    if kolom.startswith("index_"):
        return 1.0, 4.0
    if kolom.startswith("indeks_") or kolom.endswith("_pct"):
        return 0.0, 100.0
    raise ValueError(f"rentang nilai kolom '{kolom}' tidak diketahui untuk skor peringkat")


def _pengaturan(settings: dict[str, Any] | None) -> tuple[tuple[str, ...], float]:
    p = (settings or {}).get("peringkat") or {}
    return tuple(p.get("indikator", INDIKATOR_BAKU)), float(
        p.get("beda_minimal", BEDA_MINIMAL_BAKU)
    )


def skor_peringkat(kkb: pd.DataFrame, settings: dict[str, Any] | None = None) -> Peringkat:
    """The ranking score of the KKB rows ``kkb`` of ``out_wilayah`` (module rule)."""
    indikator, beda_minimal = _pengaturan(settings)
    kat = katalog()
    skala: dict[str, np.ndarray] = {}
    dipakai: dict[str, float] = {}
    tidak: dict[str, float] = {}
    for kolom in indikator:
        arah = kat.get(kolom, "out_wilayah").arah
        if arah not in ("naik_baik", "turun_baik"):
            raise ValueError(f"indikator peringkat '{kolom}' tidak punya arah baik di katalog")
        if kolom not in kkb.columns:
            tidak[kolom] = float("nan")
            continue
        v = pd.to_numeric(kkb[kolom], errors="coerce").astype("float64").to_numpy()
        ada = v[~np.isnan(v)]
        if len(ada) < 2:
            tidak[kolom] = float("nan")
            continue
        lo, hi = rentang_mungkin(kolom)
        sebaran = float(ada.max() - ada.min())
        bagian = sebaran / (hi - lo)
        if bagian < beda_minimal or sebaran == 0:
            tidak[kolom] = bagian
            continue
        s = (v - ada.min()) / sebaran
        skala[kolom] = 1.0 - s if arah == "turun_baik" else s
        dipakai[kolom] = bagian
    if skala:
        m = np.column_stack(list(skala.values()))
        n = (~np.isnan(m)).sum(axis=1)
        with np.errstate(invalid="ignore"):
            skor = np.where(n > 0, 100.0 * np.nansum(m, axis=1) / np.maximum(n, 1), np.nan)
    else:
        n, skor = np.zeros(len(kkb), dtype="int64"), np.full(len(kkb), np.nan)
    out = pd.DataFrame(
        {
            "skor_peringkat": pd.array(skor, dtype="Float64"),
            "n_indikator_peringkat": pd.array(n, dtype="Int64"),
        },
        index=kkb.index,
    )
    out.loc[out["n_indikator_peringkat"] == 0, "skor_peringkat"] = pd.NA
    return Peringkat(out, dipakai, tidak)
