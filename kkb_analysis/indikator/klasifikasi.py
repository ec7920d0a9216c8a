"""The official Kampung KB portal classification (indicators.md §2).

Twelve indicators, each scored 1–4 (``input_sarana`` and ``input_pkb`` 1–3), are averaged into the
INPUT, PROSES and OUTPUT indices; an index is *high* when it is ≥ 3.00 and the tier follows the
truth table of §2.6 (:func:`classify`).

Stable public API:

* :func:`classify` — tier from three indices; ``None``/``NaN`` = "data tidak cukup" (§2.7).
* :func:`portal_round` — the portal's rounding to an integer (``half_even`` default, ``half_up``).
* the 12 score functions (:func:`input_pokja` … :func:`output_unmet`) on raw values; the OUTPUT
  ones take the integer portal percentage (see :func:`portal_percent`, :func:`portal_poktan`).
* :func:`score_kkb` — one KKB: 12 scores with raw values, indices and tier, plus the
  portal-equivalent result (``*_portal``) next to it.
* :func:`classify_all` — every active KKB of a year: wide table and long detail table.
* :func:`next_tier_plan` — "what is needed for the next tier" (§2.8).

Toolkit vs portal (§2.7) — the toolkit result is "data tidak cukup" where the portal silently
scores a default; the ``*_portal`` columns reproduce the portal:

================================  ============================  ==============================
situation                         toolkit                       portal-equivalent
================================  ============================  ==============================
no profile row in the year        INPUT + first two PROSES      all profile scores 1
                                  "data tidak cukup"
no KKBPK row for the year         4 OUTPUT "data tidak cukup"   poktan 0 % → 1; CPR/MKJP/unmet
                                                                null → 1
PUS = 0                           CPR, MKJP, unmet "data        CPR 1, MKJP 1, unmet 4
                                  tidak cukup"
Σ users = 0, PUS > 0              MKJP 0 % → 1                  same
a poktan denominator = 0          that component 0 %            same
no PK denominators for the KKB    output_poktan "data tidak     every component 0 % → 1
  [asumsi]                        cukup"
no interventions file [asumsi]    proses_lintas_sektor "data    n = 0 → 1
                                  tidak cukup"
================================  ============================  ==============================

Lintas sektor (§2.3): the toolkit counts distinct instansi ids over the KKB's interventions
**excluding 26 and 34** (the KB agencies) — the intended rule. Portal quirk: the portal SQL filters
``intervensi_id not in (26, 34)``, i.e. on *intervention* ids, so in practice the dashboard also
counts instansi 26 and 34. :func:`classify_all` reproduces that in the portal-equivalent score by
default (``portal_lintas_sektor_termasuk_kb=True``) [asumsi].

Percentages are computed with exact rational arithmetic before rounding, so a true tie (e.g.
25 / 200 = 12.5 %) is a tie: ``half_even`` → 12 (PostgreSQL ``ROUND`` on double precision),
``half_up`` → 13 (``klasifikasi.pembulatan``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations, product
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis.indikator.kb import denominators_by_kkb, reference_date, select_kkbpk_month
from kkb_analysis.nilai import DATA_TIDAK_CUKUP, kosong
from kkb_analysis.sumber.kkb_intervensi import INSTANSI_KB
from kkb_analysis.sumber.kkb_kkbpk import DENOMINATOR, KB, MKJP, PESERTA, TIDAK_KB
from kkb_analysis.sumber.kkb_profil import COUNTS, DANA, DATA, OPERASIONAL, PKB, POKTAN, SARANA
from kkb_analysis.wilayah import jenis_desa

TINGKAT = ("Dasar", "Berkembang", "Mandiri", "Berkelanjutan")
PEMBULATAN = ("half_even", "half_up")
AMBANG_INDEKS = 3.0

#: §2.6, transcribed from the portal's CASE expression: (in, pr, out) high? → tier
TABEL_TINGKAT: dict[tuple[bool, bool, bool], str] = {
    (False, False, False): "Dasar",
    (True, False, False): "Dasar",
    (False, True, False): "Dasar",
    (False, False, True): "Dasar",
    (True, True, False): "Berkembang",
    (True, False, True): "Mandiri",
    (False, True, True): "Mandiri",
    (True, True, True): "Berkelanjutan",
}
#: position on the path Dasar → Berkembang/Mandiri → Berkelanjutan
_PERINGKAT = {"Dasar": 0, "Berkembang": 1, "Mandiri": 1, "Berkelanjutan": 2}


@dataclass(frozen=True)
class Indikator:
    nama: str
    kelompok: str
    skor_maks: int
    label: str


INDIKATOR: tuple[Indikator, ...] = (
    Indikator("input_pokja", "INPUT", 4, "Pokja KKB"),
    Indikator("input_sumber_dana", "INPUT", 4, "Sumber dana"),
    Indikator("input_poktan", "INPUT", 4, "Kelompok kegiatan (poktan)"),
    Indikator("input_sarana", "INPUT", 3, "Sarana (sekretariat, Rumah DataKu)"),
    Indikator("input_pkb", "INPUT", 3, "PKB/PLKB pendamping dan regulasi"),
    Indikator("proses_penggunaan_data", "PROSES", 4, "Penggunaan data"),
    Indikator("proses_operasional", "PROSES", 4, "Mekanisme operasional"),
    Indikator("proses_lintas_sektor", "PROSES", 4, "Keterlibatan lintas sektor"),
    Indikator("output_poktan", "OUTPUT", 4, "Partisipasi poktan"),
    Indikator("output_cpr", "OUTPUT", 4, "CPR (7 metode, definisi portal)"),
    Indikator("output_mkjp", "OUTPUT", 4, "Proporsi MKJP"),
    Indikator("output_unmet", "OUTPUT", 4, "Unmet need"),
)
INDIKATOR_BY_NAME = {i.nama: i for i in INDIKATOR}
KELOMPOK: dict[str, tuple[str, ...]] = {
    g: tuple(i.nama for i in INDIKATOR if i.kelompok == g) for g in ("INPUT", "PROSES", "OUTPUT")
}
INDEKS = {"INPUT": "index_input", "PROSES": "index_proses", "OUTPUT": "index_output"}
#: Σ scores needed for an index ≥ 3.00 (§2.5)
AMBANG_JUMLAH = {g: 3 * len(names) for g, names in KELOMPOK.items()}

# Score bins. Ascending indicators: minimum raw value of score 1, 2, 3(, 4).
_BATAS_BAWAH: dict[str, tuple[int, ...]] = {
    "input_sumber_dana": (0, 1, 2, 5),
    "input_poktan": (0, 1, 3, 5),
    "input_sarana": (0, 1, 2),
    "input_pkb": (0, 1, 2),
    "proses_penggunaan_data": (0, 1, 2, 4),
    "proses_operasional": (0, 1, 3, 5),
    "proses_lintas_sektor": (0, 1, 4, 7),
    "output_poktan": (0, 10, 21, 31),
    "output_cpr": (0, 30, 41, 51),
    "output_mkjp": (0, 20, 23, 25),
}
#: unmet need is descending: maximum raw value of score 2, 3, 4 (score 1: ≥ 13)
_BATAS_ATAS_UNMET = (12, 9, 6)
#: count indicators with a fixed list of items: the profile flags they count
BUTIR: dict[str, tuple[str, ...]] = {
    "input_sumber_dana": DANA,
    "input_poktan": POKTAN,
    "input_sarana": SARANA,
    "input_pkb": PKB,
    "proses_penggunaan_data": DATA,
    "proses_operasional": OPERASIONAL,
}
#: indicator → derived count column of kkb_profil
KOLOM_N = {
    "input_sumber_dana": "n_sumber_dana",
    "input_poktan": "n_poktan",
    "input_sarana": "n_sarana",
    "input_pkb": "n_pkb",
    "proses_penggunaan_data": "n_penggunaan_data",
    "proses_operasional": "n_operasional",
}
LABEL_BUTIR = {
    "dana_apbn": "APBN",
    "dana_apbd": "APBD",
    "dana_desa": "Dana Desa",
    "dana_hibah": "Hibah",
    "dana_csr": "CSR",
    "dana_swadaya": "Swadaya",
    "poktan_bkb": "BKB",
    "poktan_bkr": "BKR",
    "poktan_bkl": "BKL",
    "poktan_uppka": "UPPKA",
    "poktan_pikr": "PIK-R",
    "sekretariat": "Sekretariat KKB",
    "rumah_dataku": "Rumah DataKu",
    "pkb_plkb_pendamping": "PKB/PLKB pendamping",
    "regulasi_ada": "regulasi (SK) tentang KKB",
    "data_pk": "Data PK",
    "data_rutin_bkkbn": "Data Rutin BKKBN",
    "data_potensi_desa": "Data Potensi Desa",
    "data_sektoral": "Data Sektoral",
    "data_lainnya": "data lainnya",
    "op_rapat_perencanaan": "rapat perencanaan",
    "op_rapat_koordinasi": "rapat koordinasi",
    "op_sosialisasi": "sosialisasi",
    "op_monev": "monev",
    "op_laporan": "laporan",
}
_PROFIL_BOOL = ("pokja_ada", "pokja_pelatihan", *DANA, *POKTAN, *SARANA, *PKB, *DATA, *OPERASIONAL)
LABEL_POKTAN = dict(zip(PESERTA, ("BKB", "BKR", "BKL", "UPPKA", "PIK-R"), strict=True))


# ---------------------------------------------------------------------------- basics
def _is_missing(value: Any) -> bool:
    """None, pandas NA, NaN or the text "data tidak cukup"."""
    if isinstance(value, str):
        return value.strip().lower() == DATA_TIDAK_CUKUP
    return kosong(value)


def _flag_high(index: Any) -> bool | None:
    if _is_missing(index):
        return None
    if isinstance(index, bool | np.bool_):
        raise TypeError(f"indeks harus berupa angka, bukan {index!r}")
    return float(index) >= AMBANG_INDEKS


def classify(index_input: Any, index_proses: Any, index_output: Any) -> str:
    """Tier of §2.6 from the three indices; an index ≥ 3.00 is "high".

    An index that is ``None``/``NaN``/``pd.NA`` (or the text "data tidak cukup") is unknown: the
    tier is the value the rule gives for every possible high/low of the unknown flags, else
    "data tidak cukup" (§2.7). E.g. INPUT and PROSES both < 3 → Dasar whatever OUTPUT is.
    """
    flags = [_flag_high(x) for x in (index_input, index_proses, index_output)]
    options = [(f,) if f is not None else (False, True) for f in flags]
    tiers = {TABEL_TINGKAT[combo] for combo in product(*options)}
    return tiers.pop() if len(tiers) == 1 else DATA_TIDAK_CUKUP


def _to_fraction(x: Any) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool | np.bool_):
        raise TypeError(f"nilai harus berupa angka, bukan {x!r}")
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, Decimal):
        return Fraction(x)
    return Fraction(float(x))  # the exact binary value of the double


def portal_round(x: Any, mode: str = "half_even") -> int | None:
    """Round to an integer like the portal (§0); ``None`` for a missing value.

    ``half_even`` (default): ties to even, like PostgreSQL ``ROUND`` on double precision
    (12.5 → 12, 13.5 → 14). ``half_up``: ties away from zero (12.5 → 13). A float is rounded on
    its exact binary value; pass a :class:`fractions.Fraction` for exact rational input.
    """
    if mode not in PEMBULATAN:
        raise ValueError(
            f"klasifikasi.pembulatan harus salah satu dari {PEMBULATAN}, bukan {mode!r}"
        )
    if _is_missing(x):
        return None
    q = _to_fraction(x)
    if mode == "half_even":
        return round(q)
    sign = -1 if q < 0 else 1
    return sign * math.floor(abs(q) + Fraction(1, 2))


def portal_percent(num: Any, den: Any, mode: str = "half_even") -> int | None:
    """R(100 × num / den) with exact arithmetic; ``None`` when ``den`` is 0 or either is missing."""
    if _is_missing(num) or _is_missing(den):
        return None
    d = _to_fraction(den)
    if d <= 0:
        return None
    return portal_round(100 * _to_fraction(num) / d, mode)


def portal_poktan(
    kkbpk_row: Mapping[str, Any] | None,
    denominators: Mapping[str, Any] | None,
    mode: str = "half_even",
) -> tuple[dict[str, int], int, Fraction]:
    """Poktan participation as the portal scores it (§2.4).

    Returns (components ``{"BKB": p_BKB, …}``, overall integer %, unrounded mean Σp / 5). A
    component whose denominator is 0 (or unknown) counts as 0 %, as in the portal; a missing
    participant count counts as 0.
    """
    row = {} if kkbpk_row is None else kkbpk_row
    den = {} if denominators is None else denominators
    parts = {}
    for peserta, penyebut in DENOMINATOR.items():
        n = _int_or_none(row.get(peserta)) or 0
        p = portal_percent(n, den.get(penyebut), mode)
        parts[LABEL_POKTAN[peserta]] = 0 if p is None else p
    mean = Fraction(sum(parts.values()), len(parts))
    return parts, portal_round(mean, mode), mean


# ---------------------------------------------------------------------------- score functions
def _int_or_none(value: Any) -> int | None:
    if _is_missing(value):
        return None
    return int(value)


def _whole(value: Any, name: str, maximum: int | None = None) -> int | None:
    """A non-negative integer-valued raw value (``None`` if missing), else ValueError."""
    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{name}: nilai harus bilangan bulat, bukan {value!r}")
    q = _to_fraction(value)
    if q.denominator != 1:
        raise ValueError(
            f"{name}: nilai {value!r} bukan bilangan bulat; bulatkan dulu dengan portal_round"
        )
    n = int(q)
    if n < 0 or (maximum is not None and n > maximum):
        top = "" if maximum is None else f"–{maximum}"
        raise ValueError(f"{name}: nilai {n} di luar rentang 0{top}")
    return n


def _ascending(name: str, value: Any, maximum: int | None = None) -> int | None:
    n = _whole(value, name, maximum)
    if n is None:
        return None
    return sum(1 for bound in _BATAS_BAWAH[name] if n >= bound)


def _truthy(value: Any) -> bool:
    """A profile flag: missing counts as ``tidak`` (as in the portal, §2.2)."""
    return False if _is_missing(value) else bool(value)


def input_pokja(pokja_ada: Any, pokja_jumlah: Any = 0, pokja_pelatihan: Any = False) -> int:
    """No pokja → 1; pokja only → 2; + (members > 0 or trained) → 3; + members > 0 and trained → 4.

    Missing values count as ``tidak`` / 0 (portal). Members and training without ``pokja_ada``
    score 1: the score follows ``pokja_ada`` (§2.10).
    """
    if not _truthy(pokja_ada):
        return 1
    anggota = not _is_missing(pokja_jumlah) and float(pokja_jumlah) > 0
    latih = _truthy(pokja_pelatihan)
    return 2 + int(anggota or latih) + int(anggota and latih)


def input_sumber_dana(n: Any) -> int | None:
    """n funding sources (0–6): 0 → 1; 1 → 2; 2–4 → 3; 5–6 → 4."""
    return _ascending("input_sumber_dana", n, len(DANA))


def input_poktan(n: Any) -> int | None:
    """n poktan (0–5): 0 → 1; 1–2 → 2; 3–4 → 3; 5 → 4."""
    return _ascending("input_poktan", n, len(POKTAN))


def input_sarana(n: Any) -> int | None:
    """n of sekretariat, Rumah DataKu (0–2): 0 → 1; 1 → 2; 2 → 3 (max 3)."""
    return _ascending("input_sarana", n, len(SARANA))


def input_pkb(n: Any) -> int | None:
    """n of PKB/PLKB pendamping, regulasi (0–2): 0 → 1; 1 → 2; 2 → 3 (max 3)."""
    return _ascending("input_pkb", n, len(PKB))


def proses_penggunaan_data(n: Any) -> int | None:
    """n data sources used (0–5): 0 → 1; 1 → 2; 2–3 → 3; 4–5 → 4."""
    return _ascending("proses_penggunaan_data", n, len(DATA))


def proses_operasional(n: Any) -> int | None:
    """n operational mechanisms (0–5): 0 → 1; 1–2 → 2; 3–4 → 3; 5 → 4."""
    return _ascending("proses_operasional", n, len(OPERASIONAL))


def proses_lintas_sektor(n: Any) -> int | None:
    """n distinct non-KB instansi: 0 → 1; 1–3 → 2; 4–6 → 3; ≥ 7 → 4."""
    return _ascending("proses_lintas_sektor", n)


def output_poktan(persen: Any) -> int | None:
    """Integer poktan %: ≤ 9 → 1; 10–20 → 2; 21–30 → 3; ≥ 31 → 4."""
    return _ascending("output_poktan", persen)


def output_cpr(persen: Any) -> int | None:
    """Integer CPR %: ≤ 29 → 1; 30–40 → 2; 41–50 → 3; ≥ 51 → 4."""
    return _ascending("output_cpr", persen)


def output_mkjp(persen: Any) -> int | None:
    """Integer MKJP %: ≤ 19 → 1; 20–22 → 2; 23–24 → 3; ≥ 25 → 4."""
    return _ascending("output_mkjp", persen)


def output_unmet(persen: Any) -> int | None:
    """Integer unmet need %: ≥ 13 → 1; 10–12 → 2; 7–9 → 3; ≤ 6 → 4 (portal "> 12.1 … < 6.1")."""
    n = _whole(persen, "output_unmet")
    if n is None:
        return None
    return 1 + sum(1 for bound in _BATAS_ATAS_UNMET if n <= bound)


SKOR = {
    "input_pokja": input_pokja,
    "input_sumber_dana": input_sumber_dana,
    "input_poktan": input_poktan,
    "input_sarana": input_sarana,
    "input_pkb": input_pkb,
    "proses_penggunaan_data": proses_penggunaan_data,
    "proses_operasional": proses_operasional,
    "proses_lintas_sektor": proses_lintas_sektor,
    "output_poktan": output_poktan,
    "output_cpr": output_cpr,
    "output_mkjp": output_mkjp,
    "output_unmet": output_unmet,
}


# ---------------------------------------------------------------------------- one KKB
def _mode(settings: Mapping[str, Any] | None) -> str:
    if not settings:
        return "half_even"
    return str(settings.get("klasifikasi", {}).get("pembulatan") or "half_even")


def _mapping(row: Any) -> Mapping[str, Any] | None:
    if row is None:
        return None
    if isinstance(row, pd.DataFrame):
        if row.empty:
            return None
        row = row.iloc[0]
    if isinstance(row, pd.Series):
        return row.to_dict()
    return row


def _index(scores: list[int | None]) -> float | None:
    if any(s is None for s in scores):
        return None
    return round(sum(scores) / len(scores), 2)


def score_kkb(
    profile: Mapping[str, Any] | pd.Series | None,
    kkbpk: Mapping[str, Any] | pd.Series | None,
    pk_denominators: Mapping[str, Any] | pd.Series | None,
    lintas_sektor_n: int | None,
    settings: Mapping[str, Any] | None = None,
    *,
    lintas_sektor_n_portal: int | None = None,
) -> dict[str, Any]:
    """Score one KKB: 12 scores with raw values, the three indices and the tier (§2.2–2.7).

    ``profile``: the ``kkb_profil`` row of the year (flags, ``pokja_jumlah``; the ``n_*`` counts
    are used when present, else counted from the flags) or ``None``. ``kkbpk``: the KKBPK row of
    the month used (``kb_*``, ``tidak_kb_*``, ``peserta_*``) or ``None``. ``pk_denominators``:
    ``keluarga_punya_balita``, ``keluarga_punya_remaja``, ``keluarga_punya_lansia``,
    ``jumlah_keluarga``, ``jumlah_remaja`` of the KKB area, or ``None``. ``lintas_sektor_n``:
    distinct non-KB instansi, or ``None`` when intervention data are absent.
    ``lintas_sektor_n_portal``: the count the portal would use (default: the same).

    Returns a flat dict: for each indicator ``<ind>`` (toolkit score, ``None`` = "data tidak
    cukup"), ``<ind>_portal`` and ``<ind>_nilai`` (the raw value that is binned: count, integer
    %; ``pokja_jumlah`` for ``input_pokja``); the raw inputs (profile flags, counts, PUS, users,
    the poktan components ``partisipasi_bkb_pct`` …
    ``partisipasi_pikr_pct`` as the portal's integer %); ``index_input``, ``index_proses``,
    ``index_output`` (mean of the integer scores rounded to 2 decimals, ``None`` when a score is
    missing), ``tingkat``; the same ``*_portal``; ``beda_skor_portal`` and
    ``beda_tingkat_portal``. No text: the explanation of each score is made from these fields in
    the report layer (:func:`kkb_analysis.laporan.narasi.keterangan_skor`).
    """
    mode = _mode(settings)
    prof = _mapping(profile)
    kk = _mapping(kkbpk)
    den = _mapping(pk_denominators)
    r: dict[str, Any] = {"ada_profil": prof is not None, "ada_kkbpk": kk is not None}

    # ------------------------------------------------------------------ INPUT + PROSES (profile)
    for flag in _PROFIL_BOOL:
        r[flag] = None if prof is None else _truthy(prof.get(flag))
    r["pokja_jumlah"] = None if prof is None else (_int_or_none(prof.get("pokja_jumlah")) or 0)
    for col in KOLOM_N.values():
        if prof is None:
            r[col] = None
        elif col in prof and not _is_missing(prof[col]):
            r[col] = int(prof[col])
        else:
            r[col] = sum(_truthy(prof.get(c)) for c in COUNTS[col])
    if prof is None:
        for ind in (*KELOMPOK["INPUT"], "proses_penggunaan_data", "proses_operasional"):
            r[ind], r[ind + "_portal"], r[ind + "_nilai"] = None, 1, None
    else:
        score = input_pokja(r["pokja_ada"], r["pokja_jumlah"], r["pokja_pelatihan"])
        r["input_pokja"] = r["input_pokja_portal"] = score
        r["input_pokja_nilai"] = r["pokja_jumlah"]
        for ind, col in KOLOM_N.items():
            n = r[col]
            r[ind] = r[ind + "_portal"] = SKOR[ind](n)
            r[ind + "_nilai"] = n

    # ------------------------------------------------------------------ lintas sektor
    n_ls = None if _is_missing(lintas_sektor_n) else int(lintas_sektor_n)
    n_ls_portal = n_ls if _is_missing(lintas_sektor_n_portal) else int(lintas_sektor_n_portal)
    r["n_lintas_sektor"] = n_ls
    r["n_lintas_sektor_portal"] = n_ls_portal
    r["proses_lintas_sektor"] = proses_lintas_sektor(n_ls)
    r["proses_lintas_sektor_portal"] = proses_lintas_sektor(n_ls_portal or 0)
    r["proses_lintas_sektor_nilai"] = n_ls

    # ------------------------------------------------------------------ OUTPUT (KKBPK)
    def total(columns: Iterable[str]) -> int | None:
        return None if kk is None else sum(_int_or_none(kk.get(c)) or 0 for c in columns)

    users, non_users, mkjp = total(KB), total(TIDAK_KB), total(MKJP)
    pus = None if kk is None else users + non_users
    unmet = total(("tidak_kb_iat", "tidak_kb_tial"))
    r.update(pus=pus, pengguna_kb=users, tidak_kb=non_users, pengguna_mkjp=mkjp, iat_tial=unmet)
    for peserta in PESERTA:
        r[peserta] = None if kk is None else (_int_or_none(kk.get(peserta)) or 0)
    for name in DENOMINATOR.values():
        r[name] = None if den is None else _int_or_none(den.get(name))
    # poktan
    # (portal_poktan already behaves like the portal without KKBPK row or denominators: 0 %)
    parts, poktan_pct, _ = portal_poktan(kk, den, mode)
    for label, value in parts.items():
        known = kk is not None and den is not None
        # partisipasi_<poktan>_pct, not <poktan>_pct: out_wilayah already has uppka_pct (UMKM)
        r[f"partisipasi_{label.lower().replace('-', '')}_pct"] = value if known else None
    r["output_poktan_portal"] = output_poktan(poktan_pct)
    if kk is None or den is None:
        r["output_poktan"] = r["output_poktan_nilai"] = None
    else:
        r["output_poktan"] = output_poktan(poktan_pct)
        r["output_poktan_nilai"] = poktan_pct

    # CPR, MKJP, unmet
    if kk is None:
        for ind in ("output_cpr", "output_mkjp", "output_unmet"):
            r[ind], r[ind + "_nilai"] = None, None
            r[ind + "_portal"] = 1  # null → 1
    elif pus == 0:
        for ind in ("output_cpr", "output_mkjp", "output_unmet"):
            r[ind], r[ind + "_nilai"] = None, None
        r["output_cpr_portal"] = output_cpr(0)
        r["output_mkjp_portal"] = output_mkjp(0)
        r["output_unmet_portal"] = output_unmet(0)
    else:
        cpr = portal_percent(users, pus, mode)
        r["output_cpr"] = r["output_cpr_portal"] = output_cpr(cpr)
        r["output_cpr_nilai"] = cpr
        if users == 0:
            r["output_mkjp_nilai"] = 0  # no KB user → MKJP 0 %, as the portal
        else:
            r["output_mkjp_nilai"] = portal_percent(mkjp, users, mode)
        r["output_mkjp"] = r["output_mkjp_portal"] = output_mkjp(r["output_mkjp_nilai"])
        pct = portal_percent(unmet, pus, mode)
        r["output_unmet"] = r["output_unmet_portal"] = output_unmet(pct)
        r["output_unmet_nilai"] = pct

    # ------------------------------------------------------------------ indices and tiers
    for group, names in KELOMPOK.items():
        r[INDEKS[group]] = _index([r[n] for n in names])
        r[INDEKS[group] + "_portal"] = _index([r[n + "_portal"] for n in names])
    r["tingkat"] = classify(r["index_input"], r["index_proses"], r["index_output"])
    r["tingkat_portal"] = classify(
        r["index_input_portal"], r["index_proses_portal"], r["index_output_portal"]
    )
    r["beda_skor_portal"] = any(r[i.nama] != r[i.nama + "_portal"] for i in INDIKATOR)
    r["beda_tingkat_portal"] = r["tingkat"] != r["tingkat_portal"]
    return r


# ---------------------------------------------------------------------------- all KKB
def _ids(cell: Any) -> set[str]:
    if _is_missing(cell):
        return set()
    return {i.strip() for i in str(cell).split(";") if i.strip()}


def _instansi_sets(rows: pd.DataFrame) -> tuple[set[str], set[str]]:
    """(distinct non-KB instansi ids, distinct instansi ids incl. 26 and 34) over ``rows``."""
    every: set[str] = set()
    for column in ("instansi_ids", "instansi"):
        if column in rows.columns:
            for cell in rows[column]:
                every |= _ids(cell)
            break
    non_kb: set[str] = set()
    if "instansi_non_kb" in rows.columns:
        for cell in rows["instansi_non_kb"]:
            non_kb |= _ids(cell)
    else:
        non_kb = every - INSTANSI_KB
    return non_kb, every | non_kb


def _filter_interventions(
    kkb_intervensi: pd.DataFrame, year: int, settings: Mapping[str, Any]
) -> pd.DataFrame:
    """Interventions dated up to the reference date (and within the optional window)."""
    ref = reference_date(year, settings)
    tanggal = pd.to_datetime(kkb_intervensi["tanggal"], errors="coerce")
    keep = tanggal.notna() & (tanggal <= ref)
    window = settings.get("klasifikasi", {}).get("jendela_lintas_sektor_bulan")
    if not _is_missing(window):
        start = ref - pd.DateOffset(months=int(window))
        keep &= tanggal > start
    return kkb_intervensi[keep.to_numpy(bool)]


WIDE_FIRST = ["kkb_id", "nama_kkb", "tahun", "bulan_kkbpk", "tanggal_referensi", "n_intervensi"]
DETAIL_COLUMNS = [
    "kkb_id",
    "kelompok",
    "indikator",
    "nilai_mentah",
    "skor",
    "skor_maks",
    "skor_portal",
    "beda_portal",
]


def classify_all(
    kkb: pd.DataFrame,
    kkb_profil: pd.DataFrame | None,
    kkb_kkbpk: pd.DataFrame | None,
    kkb_intervensi: pd.DataFrame | None,
    pk_denominators: pd.DataFrame | None,
    year: int,
    settings: Mapping[str, Any],
    *,
    portal_lintas_sektor_termasuk_kb: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Classify every active KKB of ``kkb`` for ``year`` (§2.1).

    * profile: the ``kkb_profil`` row with ``tahun == year``;
    * KKBPK: the month chosen by ``klasifikasi.bulan_kkbpk`` (:func:`select_kkbpk_month`);
    * lintas sektor: interventions of the KKB dated up to the reference date
      (``laporan.tanggal_referensi``, default 31 December of ``year``; no period filter, as in the
      portal), optionally only the last ``klasifikasi.jendela_lintas_sektor_bulan`` months;
      distinct instansi ids excluding 26 and 34. The portal-equivalent score counts 26 and 34
      too (the portal quirk) unless ``portal_lintas_sektor_termasuk_kb=False``;
    * ``pk_denominators``: indexed by ``kkb_id`` (or with a ``kkb_id`` column).

    ``None`` for an absent table. Returns (wide: one row per KKB with every :func:`score_kkb`
    field; detail: one row per KKB × indicator with :data:`DETAIL_COLUMNS`).
    """
    master = kkb
    if "status_aktif" in master.columns:
        master = master[master["status_aktif"].astype("boolean").fillna(False).to_numpy(bool)]
    master = master.drop_duplicates("kkb_id").sort_values("kkb_id")

    profiles: dict[str, pd.Series] = {}
    if kkb_profil is not None and not kkb_profil.empty:
        rows = kkb_profil[kkb_profil["tahun"].eq(year).fillna(False).astype(bool)]
        for _, row in rows.drop_duplicates("kkb_id").iterrows():
            profiles[row["kkb_id"]] = row
    months = {
        row["kkb_id"]: row for _, row in select_kkbpk_month(kkb_kkbpk, year, settings).iterrows()
    }
    denominators = None if pk_denominators is None else denominators_by_kkb(pk_denominators)
    interventions = None
    if kkb_intervensi is not None:
        interventions = _filter_interventions(kkb_intervensi, year, settings)
    ref = reference_date(year, settings)

    records = []
    for _, k in master.iterrows():
        kkb_id = k["kkb_id"]
        kk = months.get(kkb_id)
        den = None
        if denominators is not None and kkb_id in denominators.index:
            den = denominators.loc[kkb_id]
        n_ls = n_ls_portal = None
        n_rows = 0
        if interventions is not None:
            mine = interventions[interventions["kkb_id"].eq(kkb_id).fillna(False).to_numpy(bool)]
            non_kb, every = _instansi_sets(mine)
            n_ls, n_rows = len(non_kb), len(mine)
            n_ls_portal = len(every) if portal_lintas_sektor_termasuk_kb else n_ls
        scores = score_kkb(
            profiles.get(kkb_id),
            kk,
            den,
            n_ls,
            settings,
            lintas_sektor_n_portal=n_ls_portal,
        )
        records.append(
            {
                "kkb_id": kkb_id,
                "nama_kkb": k.get("nama_kkb"),
                "tahun": year,
                "bulan_kkbpk": None if kk is None else _int_or_none(kk.get("bulan")),
                "tanggal_referensi": ref,
                "n_intervensi": n_rows if interventions is not None else None,
                **scores,
            }
        )
    if records:
        wide = pd.DataFrame.from_records(records)
    else:
        template = score_kkb(None, None, None, None, settings)
        wide = pd.DataFrame(columns=[*WIDE_FIRST, *template])
    wide = _wide_dtypes(wide)
    return wide, _detail(wide)


def _wide_dtypes(wide: pd.DataFrame) -> pd.DataFrame:
    out = wide.copy()
    for column in out.columns:
        if column in ("kkb_id", "nama_kkb", "tingkat", "tingkat_portal"):
            out[column] = out[column].astype("string")
        elif column == "tanggal_referensi":
            out[column] = pd.to_datetime(out[column])
        elif column.startswith("index_"):
            out[column] = pd.array(
                [np.nan if _is_missing(v) else float(v) for v in out[column]], dtype="Float64"
            )
        elif column in _PROFIL_BOOL or column in (
            "ada_profil",
            "ada_kkbpk",
            "beda_skor_portal",
            "beda_tingkat_portal",
        ):
            out[column] = pd.array(
                [pd.NA if _is_missing(v) else bool(v) for v in out[column]], dtype="boolean"
            )
        else:
            out[column] = pd.array(
                [pd.NA if _is_missing(v) else int(v) for v in out[column]], dtype="Int64"
            )
    return out


def _detail(wide: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, w in wide.iterrows():
        for ind in INDIKATOR:
            skor, portal = w[ind.nama], w[ind.nama + "_portal"]
            nilai = w[ind.nama + "_nilai"]
            rows.append(
                {
                    "kkb_id": w["kkb_id"],
                    "kelompok": ind.kelompok,
                    "indikator": ind.nama,
                    "nilai_mentah": np.nan if _is_missing(nilai) else float(nilai),
                    "skor": skor,
                    "skor_maks": ind.skor_maks,
                    "skor_portal": portal,
                    "beda_portal": _is_missing(skor) or int(skor) != int(portal),
                }
            )
    out = pd.DataFrame.from_records(rows, columns=DETAIL_COLUMNS)
    return out.astype(
        {
            "kkb_id": "string",
            "kelompok": "string",
            "indikator": "string",
            "nilai_mentah": "Float64",
            "skor": "Int64",
            "skor_maks": "int64",
            "skor_portal": "Int64",
            "beda_portal": "boolean",
        }
    )


# ---------------------------------------------------------------------------- §2.8 next tier
def _min_count(lower_pct: int, den: int, mode: str) -> int | None:
    """Smallest m ≤ den with R(100 m / den) ≥ ``lower_pct``."""
    if den <= 0:
        return None
    m = max(0, math.floor((lower_pct - 1) * den / 100))
    while m <= den:
        if portal_percent(m, den, mode) >= lower_pct:
            return m
        m += 1
    return None


def _max_count(upper_pct: int, den: int, mode: str) -> int | None:
    """Largest m ≥ 0 with R(100 m / den) ≤ ``upper_pct``."""
    if den <= 0:
        return None
    m = min(den, math.ceil((upper_pct + 1) * den / 100))
    while m >= 0:
        if portal_percent(m, den, mode) <= upper_pct:
            return m
        m -= 1
    return None


def _v(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    return None if _is_missing(value) else value


#: Profile items an area type cannot have: a kelurahan receives no Dana Desa (UU 6/2014 on
#: desa; kelurahan are funded through the city budget, PP 17/2018), so no plan tells it to add it.
BUTIR_TIDAK_DIMILIKI: dict[str, frozenset[str]] = {"kelurahan": frozenset({"dana_desa"})}


def _butir_tidak_dimiliki(row: Mapping[str, Any]) -> frozenset[str]:
    """The profile items the KKB's area cannot have (:data:`BUTIR_TIDAK_DIMILIKI`), by the type
    of its kelurahan/desa: ``kode_kelurahan`` of the row, else the code inside ``kkb_id``
    ("KKB-3672041001-01")."""
    kode = _v(row, "kode_kelurahan")
    if kode is None:
        bagian = str(_v(row, "kkb_id") or "").split("-")
        kode = bagian[1] if len(bagian) >= 2 else None
    return BUTIR_TIDAK_DIMILIKI.get(jenis_desa(kode) or "", frozenset())


def _raise(ind: str, row: Mapping[str, Any], k: int, mode: str) -> tuple[int, dict[str, Any]]:
    """(effort, facts) of raising ``ind`` by ``k`` score steps.

    Effort is in raw units homogeneous within an index: items to add (INPUT, PROSES) or
    percentage points (OUTPUT). Used to pick the easiest steps; ties prefer the weaker indicator.
    The facts are the plan columns of one step (:data:`KOLOM_LANGKAH`): the scores, the raw value
    now and the bound to reach (``nilai_sekarang``, ``nilai_perlu``: a count, or an integer % —
    an upper bound for ``output_unmet``), the profile items still missing (``butir_kurang``,
    codes) and for OUTPUT an example in counts (``contoh_sekarang`` → ``contoh_perlu`` of
    ``contoh_penyebut``). The sentence is made by the report
    (:func:`kkb_analysis.laporan.narasi.kalimat_langkah`).
    """
    s = int(row[ind])
    target = s + k
    facts: dict[str, Any] = {"indikator": ind, "skor_sekarang": s, "skor_baru": target}
    if ind == "input_pokja":
        ada = bool(_v(row, "pokja_ada"))
        anggota = (_v(row, "pokja_jumlah") or 0) > 0
        latih = bool(_v(row, "pokja_pelatihan"))
        missing = [] if ada else ["pokja_ada"]
        if target == 3 and not (anggota or latih):
            missing += ["pokja_jumlah", "pokja_pelatihan"]  # either one
        if target == 4:
            pairs = (("pokja_jumlah", anggota), ("pokja_pelatihan", latih))
            missing += [c for c, has in pairs if not has]
        effort = len(missing) - int(target == 3 and not (anggota or latih))
        return effort, {**facts, "butir_kurang": ", ".join(missing)}
    if ind in BUTIR:
        n = int(row[KOLOM_N[ind]])
        lower = _BATAS_BAWAH[ind][target - 1]
        tidak_ada = _butir_tidak_dimiliki(row)
        missing = [c for c in BUTIR[ind] if not _v(row, c) and c not in tidak_ada]
        facts |= {"nilai_sekarang": n, "nilai_perlu": lower, "butir_kurang": ", ".join(missing)}
        return lower - n, facts
    if ind == "proses_lintas_sektor":
        n = int(row["n_lintas_sektor"])
        lower = _BATAS_BAWAH[ind][target - 1]
        return lower - n, {**facts, "nilai_sekarang": n, "nilai_perlu": lower}
    current = int(row[ind + "_nilai"])
    facts["nilai_sekarang"] = current
    if ind == "output_unmet":
        upper = _BATAS_ATAS_UNMET[target - 2]
        pus = _v(row, "pus")
        m = None if pus is None else _max_count(upper, int(pus), mode)
        facts |= {"nilai_perlu": upper, "contoh_sekarang": _v(row, "iat_tial")}
        facts |= {"contoh_perlu": m, "contoh_penyebut": pus}
        return current - upper, facts
    lower = _BATAS_BAWAH[ind][target - 1]
    facts["nilai_perlu"] = lower
    if ind == "output_cpr":
        pus = _v(row, "pus")
        m = None if pus is None else _min_count(lower, int(pus), mode)
        facts |= {"contoh_sekarang": _v(row, "pengguna_kb"), "contoh_perlu": m}
        facts["contoh_penyebut"] = pus
    elif ind == "output_mkjp":
        users = _v(row, "pengguna_kb")
        m = None if not users else _min_count(lower, int(users), mode)
        facts |= {"contoh_sekarang": _v(row, "pengguna_mkjp"), "contoh_perlu": m}
        facts["contoh_penyebut"] = users
    return lower - current, facts


def _cheapest(
    names: tuple[str, ...], row: Mapping[str, Any], need: int, mode: str
) -> list[tuple[str, int]] | None:
    """Per-indicator step counts (ind, k) with Σ k = ``need`` and least total effort."""
    room = [INDIKATOR_BY_NAME[n].skor_maks - int(row[n]) for n in names]
    best, best_key = None, None
    for ks in product(*(range(r + 1) for r in room)):
        if sum(ks) != need:
            continue
        effort = sum(_raise(n, row, k, mode)[0] for n, k in zip(names, ks, strict=True) if k)
        weakness = sum(k * int(row[n]) for n, k in zip(names, ks, strict=True))
        key = (effort, weakness, tuple(-k for k in ks))
        if best_key is None or key < best_key:
            best, best_key = ks, key
    if best is None:
        return None
    return [(n, k) for n, k in zip(names, best, strict=True) if k]


#: Columns of one step (a ``langkah`` or ``rencana_langkah`` row) besides the row identifiers.
KOLOM_LANGKAH = (
    "indikator",
    "skor_sekarang",
    "skor_baru",
    "nilai_sekarang",
    "nilai_perlu",
    "butir_kurang",
    "contoh_sekarang",
    "contoh_perlu",
    "contoh_penyebut",
)
#: ``keadaan`` of a row: which fact the row states (the report words it).
KEADAAN = (
    "data_tidak_cukup",  # kekurangan / rencana: an index is unknown (``kelompok``: which)
    "di_bawah_ambang",  # kekurangan: Σ scores below the threshold
    "naik_skor",  # langkah / rencana_langkah: raise ``indikator`` to ``skor_baru``
    "tidak_tercapai",  # rencana_langkah: the index cannot reach 3.00 (not with portal maxima)
    "naik_tingkat",  # rencana: a plan to ``target_tingkat``
    "sudah_tertinggi",  # rencana: already Berkelanjutan
)
PLAN_COLUMNS = [
    "kkb_id",
    "tingkat_sekarang",
    "jenis",
    "keadaan",
    "rencana_ke",
    "kelompok",
    "indikator",
    "skor_sekarang",
    "skor_baru",
    "jumlah_skor",
    "jumlah_perlu",
    "kekurangan_poin",
    "upaya",
    "nilai_sekarang",
    "nilai_perlu",
    "butir_kurang",
    "contoh_sekarang",
    "contoh_perlu",
    "contoh_penyebut",
    "target_tingkat",
    "jumlah_langkah",
    "terdekat",
    "rencana_utama",
    "index_input_baru",
    "index_proses_baru",
    "index_output_baru",
    "tingkat_hasil",
]


def next_tier_plan(
    scores: Mapping[str, Any] | pd.Series | pd.DataFrame, settings=None
) -> pd.DataFrame:
    """What is needed for the next tier (§2.8), from :func:`score_kkb` output or a wide row.

    ``scores``: one KKB (dict/Series from :func:`score_kkb` or a row of the wide table of
    :func:`classify_all`) or the whole wide table (rows of every KKB, with ``kkb_id``).
    Numbers and codes only (:data:`PLAN_COLUMNS`); the report words each row
    (:mod:`kkb_analysis.laporan.narasi`, ``kalimat_kekurangan`` / ``kalimat_langkah`` /
    ``kalimat_rencana``). Rows, by ``jenis`` (``keadaan`` says which fact a row states):

    * ``kekurangan`` — each index below 3.00: Σ scores, ``kekurangan_poin`` = 15 − Σ INPUT,
      9 − Σ PROSES or 12 − Σ OUTPUT (``keadaan`` ``data_tidak_cukup`` when the index is unknown);
    * ``langkah`` — each indicator with headroom in those indices and the raw change that raises
      it one step (:data:`KOLOM_LANGKAH`: e.g. ``input_sarana`` 2 → 3, ``nilai_sekarang`` 1 of
      ``nilai_perlu`` 2 items, ``butir_kurang`` ``rumah_dataku``); ``upaya`` = raw units needed
      (items, or percentage points for OUTPUT);
    * ``rencana`` — for every higher tier on the path Dasar → Berkembang/Mandiri → Berkelanjutan,
      the smallest set of one-step changes (fewest steps = Σ shortfalls of the indices to raise;
      within an index the least effort, ties → the weaker indicator) with the new indices and the
      resulting tier. ``terdekat`` marks the nearest target(s); two equally near targets (or two
      equally short ways to one tier) are both listed. Plans are numbered ``rencana_ke`` (1, 2,
      … per KKB); each is followed by its ``rencana_langkah`` rows (same number): one per
      indicator raised, by ``skor_baru`` − ``skor_sekarang`` steps.

    Uses the toolkit scores; when the tier is "data tidak cukup" (or an index is unknown) no
    plan is computed and one ``rencana`` row (``keadaan`` ``data_tidak_cukup``) names the unknown
    indices in ``kelompok``; a KKB already Berkelanjutan gets one row ``sudah_tertinggi``.
    """
    if isinstance(scores, pd.DataFrame):
        frames = []
        for label, row in scores.iterrows():
            mapping = row.to_dict()
            mapping.setdefault("kkb_id", label)
            frames.append(next_tier_plan(mapping, settings))
        if not frames:
            return _plan_frame([])
        return pd.concat(frames, ignore_index=True)
    row = _mapping(scores) or {}
    mode = _mode(settings)
    kkb_id = row.get("kkb_id")
    sums: dict[str, int | None] = {}
    for group, names in KELOMPOK.items():
        known = all(not _is_missing(row.get(n)) for n in names)
        sums[group] = sum(int(row[n]) for n in names) if known else None
    tier = classify(
        *(None if sums[g] is None else round(sums[g] / len(KELOMPOK[g]), 2) for g in KELOMPOK)
    )
    base = {"kkb_id": kkb_id, "tingkat_sekarang": tier}
    out: list[dict[str, Any]] = []
    low = []
    for group, names in KELOMPOK.items():
        total = sums[group]
        if total is None:
            out.append(
                {**base, "jenis": "kekurangan", "keadaan": "data_tidak_cukup", "kelompok": group}
            )
            continue
        if total >= AMBANG_JUMLAH[group]:
            continue
        low.append(group)
        out.append(
            {
                **base,
                "jenis": "kekurangan",
                "keadaan": "di_bawah_ambang",
                "kelompok": group,
                "jumlah_skor": total,
                "jumlah_perlu": AMBANG_JUMLAH[group],
                "kekurangan_poin": AMBANG_JUMLAH[group] - total,
            }
        )
        for name in names:
            s = int(row[name])
            if s >= INDIKATOR_BY_NAME[name].skor_maks:
                continue
            effort, facts = _raise(name, row, 1, mode)
            out.append(
                {
                    **base,
                    "jenis": "langkah",
                    "keadaan": "naik_skor",
                    "kelompok": group,
                    "upaya": effort,
                    **facts,
                }
            )

    if any(v is None for v in sums.values()) or tier not in TINGKAT:
        missing = [g for g, v in sums.items() if v is None]
        out.append(
            {
                **base,
                "jenis": "rencana",
                "keadaan": "data_tidak_cukup",
                "kelompok": "+".join(missing) or None,
            }
        )
    elif tier == "Berkelanjutan":
        out.append(
            {
                **base,
                "jenis": "rencana",
                "keadaan": "sudah_tertinggi",
                "jumlah_langkah": 0,
                "tingkat_hasil": tier,
            }
        )
    else:
        out.extend(_plans(row, tier, sums, low, base, mode))
    _tandai_utama(out)
    return _plan_frame(out)


def _tandai_utama(rows: list[dict[str, Any]]) -> None:
    """Mark THE next-tier answer of one KKB (``rencana_utama``): of the nearest plans (fewest
    steps), the one reaching the highest tier, then the lowest ``rencana_ke``; a KKB without a
    plan (already Berkelanjutan, data tidak cukup) has its one ``rencana`` row marked."""
    plans = [r for r in rows if r.get("jenis") == "rencana"]
    for r in plans:
        r["rencana_utama"] = False
    if not plans:
        return
    naik = [r for r in plans if r.get("terdekat")]
    if naik:
        pilih = min(naik, key=lambda r: (-TINGKAT.index(r["target_tingkat"]), r["rencana_ke"]))
    else:
        pilih = plans[0]
    pilih["rencana_utama"] = True


def rencana_utama(rt: pd.DataFrame, kkb_id: str | None = None) -> pd.Series | None:
    """THE next-tier answer of a KKB: its ``rencana`` row of ``out_rencana_tingkat`` marked
    ``rencana_utama`` (None when the KKB has no plan rows). Every text about the next tier uses
    this row and only this row."""
    if rt.empty or "rencana_utama" not in rt.columns:
        return None
    cocok = (rt["jenis"].astype("string") == "rencana") & rt["rencana_utama"].fillna(False)
    if kkb_id is not None:
        cocok &= rt["kkb_id"].astype("string") == str(kkb_id)
    pilih = rt.loc[cocok.fillna(False).astype(bool)]
    return None if pilih.empty else pilih.iloc[0]


def _plan_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The plan rows as a frame of :data:`PLAN_COLUMNS` with their dtypes."""
    teks = (
        "kkb_id",
        "tingkat_sekarang",
        "jenis",
        "keadaan",
        "kelompok",
        "indikator",
        "butir_kurang",
        "target_tingkat",
        "tingkat_hasil",
    )
    desimal = ("index_input_baru", "index_proses_baru", "index_output_baru")
    return pd.DataFrame.from_records(records, columns=PLAN_COLUMNS).astype(
        {
            **{
                c: "Int64"
                for c in PLAN_COLUMNS
                if c not in (*teks, *desimal, "terdekat", "rencana_utama")
            },
            "terdekat": "boolean",
            "rencana_utama": "boolean",
            **{c: "Float64" for c in desimal},
            **{c: "string" for c in teks},
        }
    )


def _plans(
    row: Mapping[str, Any],
    tier: str,
    sums: dict[str, int | None],
    low: list[str],
    base: dict[str, Any],
    mode: str,
) -> list[dict[str, Any]]:
    groups = list(KELOMPOK)
    candidates = []
    for size in range(1, len(low) + 1):
        for raise_set in combinations(low, size):
            flags = tuple(g in raise_set or g not in low for g in groups)
            result = TABEL_TINGKAT[flags]
            if _PERINGKAT[result] <= _PERINGKAT[tier]:
                continue
            steps = sum(AMBANG_JUMLAH[g] - sums[g] for g in raise_set)
            candidates.append((result, steps, raise_set))
    best_per_tier = {}
    for result, steps, _ in candidates:
        best_per_tier[result] = min(steps, best_per_tier.get(result, steps))
    nearest = min(best_per_tier.values()) if best_per_tier else None
    rows = []
    order = {t: i for i, t in enumerate(TINGKAT)}
    number = 0
    for result, steps, raise_set in sorted(candidates, key=lambda c: (c[1], order[c[0]])):
        if steps != best_per_tier[result]:
            continue
        number += 1
        plan = {**base, "jenis": "rencana_langkah", "rencana_ke": number}
        chosen: list[dict[str, Any]] = []
        new_sums = dict(sums)
        for group in raise_set:
            need = AMBANG_JUMLAH[group] - sums[group]
            picks = _cheapest(KELOMPOK[group], row, need, mode)
            if picks is None:  # cannot happen with the portal maxima; kept for safety
                chosen.append({**plan, "keadaan": "tidak_tercapai", "kelompok": group})
                continue
            for n, k in picks:
                effort, facts = _raise(n, row, k, mode)
                chosen.append(
                    {**plan, "keadaan": "naik_skor", "kelompok": group, "upaya": effort, **facts}
                )
            new_sums[group] = AMBANG_JUMLAH[group]
        new_index = {g: round(new_sums[g] / len(KELOMPOK[g]), 2) for g in groups}
        reached = classify(*(new_index[g] for g in groups))
        rows.append(
            {
                **base,
                "jenis": "rencana",
                "keadaan": "naik_tingkat",
                "rencana_ke": number,
                "kelompok": "+".join(raise_set),
                "target_tingkat": result,
                "jumlah_langkah": steps,
                "terdekat": steps == nearest,
                "index_input_baru": new_index["INPUT"],
                "index_proses_baru": new_index["PROSES"],
                "index_output_baru": new_index["OUTPUT"],
                "tingkat_hasil": reached,
            }
        )
        rows.extend(chosen)
    return rows
