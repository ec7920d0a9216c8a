"""KB indicators (indicators.md §3) and poktan participation (§4).

Two sources that must never be mixed in one series (§3.3):

* the monthly KKBPK report (``kkb_kkbpk``), one month per KKB — :func:`kkbpk_indicators`;
* Pendataan Keluarga (``pk_kb``), counted per area cell — :func:`count_pk_kb` gives *additive*
  counts (cells can be summed to kelurahan/kecamatan/kota) and :func:`rates_pk_kb` turns any such
  counts into rates.

"data tidak cukup" (§0) is ``<NA>`` here (nullable ``Float64``, as
:func:`kkb_analysis.wilayah.safe_rate` gives): a rate whose denominator is 0 or missing. Rates
are kept at full precision; the report layer rounds them (one decimal).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis.config import load_reference
from kkb_analysis.sumber.kkb_kkbpk import DENOMINATOR, KB, MKJP, TIDAK_KB
from kkb_analysis.wilayah import CELL_KEYS, cell_kkb, median_from_histogram

#: KKBPK method column → label (the 7 portal methods)
METODE_KKBPK = {
    "kb_iud": "IUD",
    "kb_mow": "MOW",
    "kb_mop": "MOP",
    "kb_kondom": "Kondom",
    "kb_implan": "Implan",
    "kb_suntik": "Suntik",
    "kb_pil": "Pil",
}
#: poktan participant column → poktan label (§4)
POKTAN = {
    "peserta_bkb": "BKB",
    "peserta_bkr": "BKR",
    "peserta_bkl": "BKL",
    "peserta_uppka": "UPPKA",
    "peserta_pikr": "PIK-R",
}
#: usia_kawin_pertama histogram range (pk_kb check KB10 keeps 10 … umur_istri ≤ 49)
UKP_MIN, UKP_MAX = 10, 49


# ---------------------------------------------------------------------------- shared helpers
def reference_date(year: int, settings: Mapping[str, Any]) -> pd.Timestamp:
    """``laporan.tanggal_referensi`` (MM-DD) of ``year``; default 31 December (29 Feb → 28 Feb)."""
    text = str((settings.get("laporan") or {}).get("tanggal_referensi") or "12-31")
    month, day = (int(p) for p in text.split("-"))
    day = min(day, calendar.monthrange(year, month)[1])
    return pd.Timestamp(year=year, month=month, day=day)


def select_kkbpk_month(
    kkb_kkbpk: pd.DataFrame | None, year: int, settings: Mapping[str, Any]
) -> pd.DataFrame:
    """The KKBPK row used for ``year``, one per ``kkb_id`` (indicators.md §2.1).

    ``klasifikasi.bulan_kkbpk``: ``"terakhir"`` = the latest reported month of the year that is
    not after the reference date (``laporan.tanggal_referensi``; with the default 31 December
    this is simply the latest month), or a month number 1–12 (that month only; a KKB without it
    has no row). Returns the selected rows (original columns), sorted by ``kkb_id``.
    """
    if kkb_kkbpk is None or kkb_kkbpk.empty:
        columns = [] if kkb_kkbpk is None else list(kkb_kkbpk.columns)
        return pd.DataFrame(columns=columns or ["kkb_id", "tahun", "bulan"])
    rows = kkb_kkbpk[kkb_kkbpk["tahun"].eq(year).fillna(False).astype(bool)]
    rows = rows[rows["kkb_id"].notna() & rows["bulan"].notna()]
    choice = settings.get("klasifikasi", {}).get("bulan_kkbpk", "terakhir")
    if str(choice).strip().lower() == "terakhir":
        last = reference_date(year, settings).month
        rows = rows[rows["bulan"].astype("int64").le(last)]
        rows = rows.sort_values(["kkb_id", "bulan"]).drop_duplicates("kkb_id", keep="last")
    else:
        month = int(choice)
        if not 1 <= month <= 12:
            raise ValueError(
                f"klasifikasi.bulan_kkbpk harus 'terakhir' atau 1–12, bukan {choice!r}"
            )
        rows = rows[rows["bulan"].astype("int64").eq(month)].drop_duplicates("kkb_id")
    return rows.sort_values("kkb_id").reset_index(drop=True)


def _num(frame: pd.DataFrame, column: str) -> pd.Series:
    """A numeric column as float64 (missing → NaN); an absent column is all NaN."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def _rate(num: pd.Series, den: pd.Series) -> pd.Series:
    """100 × num / den; ``<NA>`` ("data tidak cukup") when den is 0 or missing.

    Same result as :func:`kkb_analysis.wilayah.safe_rate`, computed on NumPy arrays (this module
    computes some 30 rates per call).
    """
    n = pd.to_numeric(num, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    d = pd.to_numeric(den, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    ok = (d > 0) & ~np.isnan(n)
    values = np.divide(100.0 * n, d, out=np.zeros_like(n), where=ok)
    return pd.Series(pd.arrays.FloatingArray(values, ~ok), index=num.index)


def _mix(method: str) -> str:
    """Share-of-users column of a KKBPK method column: ``kb_pil`` → ``mix_pil_pct``."""
    return f"mix_{method.removeprefix('kb_')}_pct"


# ---------------------------------------------------------------------------- §3.2 KKBPK
def kkbpk_indicators(
    kkb_kkbpk: pd.DataFrame | None, year: int, settings: Mapping[str, Any]
) -> pd.DataFrame:
    """KB indicators of the monthly KKBPK report per KKB, for the month used (§3.2).

    Columns: ``kkb_id``, ``tahun``, ``bulan`` (the month used), ``n_pus`` (Σ users + Σ
    non-users, §3.1), ``n_pengguna_kb``, ``n_tidak_kb``, the 7 method counts ``n_kb_*`` and their
    shares of users ``mix_*_pct``, ``cpr_7_metode_pct``, ``n_mkjp`` and
    ``mkjp_pct`` (% of users), ``n_unmet_need`` (IAT + TIAL) and ``unmet_need_pct``, ``n_hamil`` /
    ``hamil_pct`` and ``n_ias`` / ``ias_pct`` (% of PUS), ``n_pengguna_bpjs`` and ``bpjs_pct``
    (% of users). Counts start with ``n_``, percentages end in ``_pct``. PUS-based rates are
    ``<NA>`` when PUS = 0, user-based shares when there is no user ("data tidak cukup"). Labels
    are in the indicator catalogue (``katalog/kkbpk.yaml``), not on the frame.
    """
    rows = select_kkbpk_month(kkb_kkbpk, year, settings)
    out = pd.DataFrame(
        {
            "kkb_id": rows["kkb_id"].astype("string") if "kkb_id" in rows else [],
            "tahun": pd.array(_num(rows, "tahun"), dtype="Int64"),
            "bulan": pd.array(_num(rows, "bulan"), dtype="Int64"),
        },
        index=rows.index,
    )
    counts = {c: _num(rows, c).fillna(0.0) for c in (*KB, *TIDAK_KB)}
    users = sum((counts[c] for c in KB), pd.Series(0.0, index=rows.index))
    non_users = sum((counts[c] for c in TIDAK_KB), pd.Series(0.0, index=rows.index))
    pus = users + non_users
    mkjp = sum((counts[c] for c in MKJP), pd.Series(0.0, index=rows.index))
    unmet = counts["tidak_kb_iat"] + counts["tidak_kb_tial"]
    bpjs = _num(rows, "pengguna_bpjs")

    def as_int(s: pd.Series) -> pd.arrays.IntegerArray:
        return pd.array(s.round(), dtype="Int64")

    out["n_pus"] = as_int(pus)
    out["n_pengguna_kb"] = as_int(users)
    out["n_tidak_kb"] = as_int(non_users)
    for c in KB:
        out["n_" + c] = as_int(counts[c])
    for c in KB:
        out[_mix(c)] = _rate(counts[c], users)
    out["cpr_7_metode_pct"] = _rate(users, pus)
    out["n_mkjp"] = as_int(mkjp)
    out["mkjp_pct"] = _rate(mkjp, users)
    out["n_unmet_need"] = as_int(unmet)
    out["unmet_need_pct"] = _rate(unmet, pus)
    out["n_hamil"] = as_int(counts["tidak_kb_hamil"])
    out["hamil_pct"] = _rate(counts["tidak_kb_hamil"], pus)
    out["n_ias"] = as_int(counts["tidak_kb_ingin_anak_segera"])
    out["ias_pct"] = _rate(counts["tidak_kb_ingin_anak_segera"], pus)
    out["n_pengguna_bpjs"] = as_int(bpjs)
    out["bpjs_pct"] = _rate(bpjs, users)
    out = out.reset_index(drop=True)
    return out


# ---------------------------------------------------------------------------- §4 poktan
def poktan_participation(
    kkbpk_row: Mapping[str, Any] | pd.Series | pd.DataFrame | None,
    denominators: Mapping[str, Any] | pd.Series | pd.DataFrame | None,
) -> pd.DataFrame:
    """Poktan participation rates (§4): participants / PK denominator × 100, full precision.

    One KKB (``kkbpk_row`` a mapping/Series, ``denominators`` a mapping/Series with
    ``keluarga_punya_balita``, ``keluarga_punya_remaja``, ``keluarga_punya_lansia``,
    ``jumlah_keluarga``, ``jumlah_remaja``): 5 rows ``poktan``, ``peserta``, ``penyebut`` (name),
    ``nilai_penyebut``, ``partisipasi_pct``, ``melebihi_100``. Several KKB: ``kkbpk_row`` a
    DataFrame with a ``kkb_id`` column and ``denominators`` a DataFrame (see
    :func:`denominators_by_kkb`) → the same rows per KKB with a ``kkb_id`` column first.

    ``partisipasi_pct`` is ``<NA>`` ("data tidak cukup") when the denominator is 0 or unknown —
    unlike the portal score, which counts such a component as 0 % (§2.4). ``melebihi_100`` flags a
    rate above 100 % (participants > denominator, validation V2); the report prints it with a
    warning.
    """
    if isinstance(kkbpk_row, pd.DataFrame):
        frames = []
        den_frame = (
            denominators_by_kkb(denominators) if isinstance(denominators, pd.DataFrame) else None
        )
        for _, row in kkbpk_row.iterrows():
            kkb_id = row.get("kkb_id")
            den = None
            if den_frame is not None and kkb_id in den_frame.index:
                den = den_frame.loc[kkb_id]
            part = poktan_participation(row, den)
            part.insert(0, "kkb_id", kkb_id)
            frames.append(part)
        columns = ["kkb_id", "poktan", "peserta", "penyebut", "nilai_penyebut", "partisipasi_pct"]
        if not frames:
            return pd.DataFrame(columns=[*columns, "melebihi_100"])
        return pd.concat(frames, ignore_index=True)
    row = {} if kkbpk_row is None else kkbpk_row
    den = {} if denominators is None else denominators
    records = []
    for peserta, penyebut in DENOMINATOR.items():
        n = _scalar(row.get(peserta))
        d = _scalar(den.get(penyebut))
        persen = 100.0 * n / d if n is not None and d is not None and d > 0 else None
        records.append(
            {
                "poktan": POKTAN[peserta],
                "peserta": n,
                "penyebut": penyebut,
                "nilai_penyebut": d,
                "partisipasi_pct": persen,
                "melebihi_100": persen is not None and persen > 100,
            }
        )
    out = pd.DataFrame(records)
    out["poktan"] = out["poktan"].astype("string")
    out["penyebut"] = out["penyebut"].astype("string")
    out["peserta"] = pd.array([pd.NA if v is None else round(v) for v in out["peserta"]], "Int64")
    out["nilai_penyebut"] = pd.array(
        [pd.NA if v is None or np.isnan(v) else round(v) for v in out["nilai_penyebut"]], "Int64"
    )
    out["partisipasi_pct"] = pd.array(
        [pd.NA if r["partisipasi_pct"] is None else r["partisipasi_pct"] for r in records],
        "Float64",
    )
    out["melebihi_100"] = out["melebihi_100"].astype(bool)
    return out


def denominators_by_kkb(frame: pd.DataFrame) -> pd.DataFrame:
    """PK denominators indexed by ``kkb_id``.

    Accepts a frame indexed by ``kkb_id``, one with a ``kkb_id`` column, or the area table of
    :func:`kkb_analysis.indikator.kependudukan.pk_denominators` (``wilayah_id`` ``kkb:<kkb_id>``;
    the other areas are dropped).
    """
    if "kkb_id" in frame.columns:
        return frame.set_index("kkb_id")
    if "wilayah_id" in frame.columns:
        ids = frame["wilayah_id"].astype("string")
        mine = frame[ids.str.startswith("kkb:").fillna(False).to_numpy(bool)]
        out = mine.drop(columns="wilayah_id")
        out.index = pd.Index(ids[mine.index].str.removeprefix("kkb:"), name="kkb_id")
        return out
    return frame


def _scalar(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(x) else x


# ---------------------------------------------------------------------------- §3.3 PK
def _codes(name: str) -> list[str]:
    return [str(k) for k in load_reference("kode")[name]["kode"]]


def _slug(code: str) -> str:
    return str(code).lower().replace("-", "_").replace(" ", "_")


def _bool(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame[column].astype("boolean").fillna(False).to_numpy(bool)


def count_pk_kb(
    pk_kb: pd.DataFrame,
    cell_keys: str | Sequence[str] | pd.Series | pd.DataFrame | None = tuple(CELL_KEYS),
    *,
    mukp_hanya_pus: bool = False,
) -> pd.DataFrame:
    """Additive KB counts from Pendataan Keluarga per cell (§3.3).

    ``cell_keys``: column name(s) of ``pk_kb`` (default :data:`kkb_analysis.wilayah.CELL_KEYS`,
    i.e. (``kode_kelurahan``, ``kkb_id``) — the result then feeds
    :func:`kkb_analysis.wilayah.aggregate`), a Series/DataFrame of keys aligned with ``pk_kb``'s
    index, or ``None`` for one total row. As in the area framework, a missing ``kkb_id`` becomes
    ``""`` (outside every KKB), or ``"?"`` when ``pk_kb`` has an empty ``rw``
    (:func:`kkb_analysis.wilayah.cell_kkb`), and rows without ``kode_kelurahan`` are left out;
    other missing keys form their own cell, so the cells add up to the total.

    Result: the key columns + counts (int64), sorted by the keys: ``n_pus`` (rows with
    ``is_pus``), ``n_peserta_aktif`` (PUS with ``ber_kb``), ``n_tidak_kb``, ``n_modern``,
    ``n_mkjp``, ``n_unmet`` (IAT + TIAL), ``n_iat``, ``n_tial``, ``n_hamil`` (PUS with
    ``sedang_hamil``), ``n_metode_<code>`` for every PK method (A.13), ``n_tempat_<code>`` (place
    of service of the PUS users, A.35), ``n_ukp`` and the histogram ``ukp_10`` … ``ukp_49`` of
    ``usia_kawin_pertama`` (integer ages) for the MUKP median. The MUKP population is every woman
    of ``pk_kb`` with an age at first marriage ("the women in pk_kb", §3.3);
    ``mukp_hanya_pus=True`` restricts it to PUS.
    """
    frame = pk_kb
    if cell_keys is None:
        keys = pd.DataFrame({"sel": "semua"}, index=frame.index)
    elif isinstance(cell_keys, pd.Series | pd.DataFrame):
        keys = cell_keys.to_frame() if isinstance(cell_keys, pd.Series) else cell_keys
        keys = keys.reindex(frame.index)
    else:
        names = [cell_keys] if isinstance(cell_keys, str) else list(cell_keys)
        keys = frame[names]
    keys = keys.astype("string")
    if "kkb_id" in keys.columns:
        rw = frame["rw"] if "rw" in frame.columns else pd.Series(pd.NA, index=frame.index)
        keys["kkb_id"] = cell_kkb(pd.DataFrame({"kkb_id": keys["kkb_id"], "rw": rw}))
    keep = (
        keys["kode_kelurahan"].notna().to_numpy(bool)
        if "kode_kelurahan" in keys.columns
        else np.ones(len(frame), dtype=bool)
    )

    counts = pk_kb_row_counts(frame, mukp_hanya_pus=mukp_hanya_pus)
    data = pd.DataFrame(counts, index=frame.index)
    data = pd.concat([keys, data], axis=1)[keep]
    key_names = list(keys.columns)
    out = data.groupby(key_names, dropna=False, sort=True)[list(counts)].sum()
    out = out.reindex(columns=list(counts), fill_value=0).astype("int64").reset_index()
    return out


def pk_kb_row_counts(frame: pd.DataFrame, *, mukp_hanya_pus: bool = False) -> dict[str, np.ndarray]:
    """Per-row 0/1 indicators behind :func:`count_pk_kb` (name → int64 array)."""
    none = np.zeros(len(frame), dtype=bool)

    def code_is(column: str, code: str) -> np.ndarray:
        if column not in frame.columns:
            return none
        return frame[column].astype("string").eq(code).fillna(False).to_numpy(bool)

    pus = _bool(frame, "is_pus")
    ber_kb = _bool(frame, "ber_kb")
    user, non_user = pus & ber_kb, pus & ~ber_kb
    ind: dict[str, np.ndarray] = {
        "n_pus": pus,
        "n_peserta_aktif": user,
        "n_tidak_kb": non_user,
        "n_modern": user & _bool(frame, "is_modern"),
        "n_mkjp": user & _bool(frame, "is_mkjp"),
        "n_unmet": pus & _bool(frame, "unmet_need"),
        "n_iat": non_user & code_is("alasan_tidak_kb", "IAT"),
        "n_tial": non_user & code_is("alasan_tidak_kb", "TIAL"),
        "n_hamil": pus & _bool(frame, "sedang_hamil"),
    }
    for code in _codes("metode_kb"):
        ind["n_metode_" + _slug(code)] = user & code_is("metode_kb", code)
    for code in _codes("tempat_pelayanan_kb"):
        ind["n_tempat_" + _slug(code)] = user & code_is("tempat_pelayanan_kb", code)
    population = pus if mukp_hanya_pus else np.ones(len(frame), dtype=bool)
    if "usia_kawin_pertama" in frame.columns:
        ukp = pd.to_numeric(frame["usia_kawin_pertama"], errors="coerce")
        ukp = ukp.astype("float64").to_numpy(na_value=np.nan)
    else:
        ukp = np.full(len(frame), np.nan)
    valid = population & ~np.isnan(ukp)
    ind["n_ukp"] = valid & (ukp >= UKP_MIN) & (ukp <= UKP_MAX)
    for age in range(UKP_MIN, UKP_MAX + 1):
        ind[f"ukp_{age}"] = valid & (ukp == age)
    return {k: v.astype("int64") for k, v in ind.items()}


def _ukp_columns(counts: pd.DataFrame) -> list[str]:
    return [c for c in counts.columns if c.startswith("ukp_") and c[4:].isdigit()]


def mukp(counts: pd.DataFrame) -> pd.Series:
    """Median age at first marriage (MUKP) from the ``ukp_<age>`` histogram: the interpolated
    median of grouped data with whole-year classes [a, a + 1)
    (:func:`kkb_analysis.wilayah.median_from_histogram`); ``<NA>`` when the histogram is empty."""
    columns = _ukp_columns(counts)
    ages = [float(c.removeprefix("ukp_")) for c in columns]
    return median_from_histogram(counts[columns], ages).rename("mukp_tahun")


def rates_pk_kb(counts: pd.DataFrame) -> pd.DataFrame:
    """Rates from :func:`count_pk_kb` counts — per cell, or summed into areas (§3.3).

    Keeps the id columns (every column that is not a count: ``wilayah_id``, cell keys) and adds
    ``n_pus``, ``n_peserta_aktif``, ``cpr_pct`` (all methods, incl. traditional, % of PUS),
    ``mcpr_pct`` (modern methods), ``mkjp_pct`` (% of peserta aktif), ``unmet_need_pct`` (% of
    PUS), ``hamil_pct`` (% of PUS), ``mukp_tahun`` (median age at first marriage, years),
    ``mix_<method>_pct`` and ``tempat_<code>_pct`` (% of peserta aktif). ``<NA>`` = "data tidak
    cukup" (zero base). (The input count ``n_unmet`` comes from the boolean ``unmet_need`` column
    of ``pk_kb``; the output rate is ``unmet_need_pct``.)
    """
    hist = set(_ukp_columns(counts))
    ids = [c for c in counts.columns if not (c.startswith("n_") or c in hist)]
    pus, pa = counts["n_pus"], counts["n_peserta_aktif"]
    cols: dict[str, pd.Series] = {
        "n_pus": pus.astype("int64"),
        "n_peserta_aktif": pa.astype("int64"),
        "cpr_pct": _rate(pa, pus),
        "mcpr_pct": _rate(counts["n_modern"], pus),
        "mkjp_pct": _rate(counts["n_mkjp"], pa),
        "unmet_need_pct": _rate(counts["n_unmet"], pus),
        "hamil_pct": _rate(counts["n_hamil"], pus),
        "mukp_tahun": pd.Series(mukp(counts).to_numpy(), index=counts.index, dtype="Float64"),
    }
    for col in counts.columns:
        if col.startswith("n_metode_"):
            cols[f"mix_{col.removeprefix('n_metode_')}_pct"] = _rate(counts[col], pa)
        elif col.startswith("n_tempat_"):
            cols[f"tempat_{col.removeprefix('n_tempat_')}_pct"] = _rate(counts[col], pa)
    out = pd.concat([counts[ids], pd.DataFrame(cols, index=counts.index)], axis=1)
    return out
