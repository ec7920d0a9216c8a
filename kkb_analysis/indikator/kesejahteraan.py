"""Welfare (DTKS / P3KE / DTSEN), RTLH and "tidak berpenghasilan tetap" (indicators.md §9, §10).

:func:`keluarga_kesejahteraan` gives the welfare attributes of every PK family (§9.2); the KRS
module uses it for the welfare breakdown of the recap (§6.4). :func:`count_kesejahteraan` sums
family indicators per cell and :func:`rates_kesejahteraan` turns the area sums into indicators.

§9.2 family attributes [asumsi], settings ``kesejahteraan.*`` and ``laporan.tanggal_referensi``:

1. only ``dtks`` records matched to a PK family whose ``periode`` (month of the extract,
   ``YYYY-MM``) is not after the reference date (default 31 December of the data year, so every
   month up to ``<tahun>-12``) are used. A record matched by No. KK (its ``id_keluarga`` equals
   the families' ``id_kk``) belongs to **every** PK family on that KK; a record matched only by
   a member's NIK belongs to that member's family (``id_keluarga_pk``);
2. the source with the highest priority in ``kesejahteraan.prioritas_sumber`` among the family's
   records (a source not listed there is ignored);
3. within that source the latest ``periode``;
4. among the remaining records desil = the lowest; ``status_dtks`` and each bansos flag = true if
   any record is true, false if none is true but one is false, <NA> if all are missing;
5. a family without a record: "tidak terdata".

Decisions on open points (report):

- A family with records but no desil in them ("terdata tanpa desil") is its own column of the
  desil distribution (``n_desil_tidak_ada``), next to ``n_tidak_terdata`` (no record), so that the
  seven columns add up to ``n_keluarga``. For the KRS breakdown both count as
  ``kesejahteraan_lebih_4`` (§6.4).
- ``status_dtks`` (registered in DTKS) does not depend on the priority of step 2: it is taken
  from the latest ``periode`` of **each** source among the family's usable records (any source,
  listed in the priority or not) — true if any of these records is true, false if none is true
  but one is false, <NA> if all are missing — so a P3KE or DTSEN record chosen by priority never
  hides a DTKS registration. It feeds ``kurang_mampu`` (§9.3) as well.
- Registration (§9.3): ``status_dtks`` true **or** the family has any DTSEN record up to the
  reference date (whatever the priority).
- Targeting (§9.3) [asumsi, DTSEN rules S39]: PKH among desil 1–4; Sembako/BPNT and PBI-JK among
  desil 1–5 (``kesejahteraan.desil_sasaran_pkh`` / ``desil_sasaran_sembako_pbi`` when present in
  the settings, else these defaults). Recipients outside are split into a known desil above the
  range (``n_<bansos>_luar_sasaran``) and no desil (``n_<bansos>_tanpa_desil``).
- RTLH (§9.3/§9.5): % over families whose ``rumah_layak_huni`` is known; unknown counted.
- Data year: ``tahun`` of ``pk_keluarga`` (else the year of its latest ``tanggal_referensi``);
  without either, no period filter is applied.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kkb_analysis.indikator._keluarga import (
    ada_baris,
    bool_np,
    isin_np,
    kepala_keluarga,
    posisi,
    tabel,
)
from kkb_analysis.sumber.pk_anggota import penghasilan_tetap as peta_penghasilan
from kkb_analysis.wilayah import count_by_cell, safe_rate

BANSOS = ("pkh", "bpnt_sembako", "pbi_jk", "blt", "pip")
DESIL_SASARAN_PKH = (1, 4)  # DTSEN rule [sumber S39]
DESIL_SASARAN_SEMBAKO_PBI = (1, 5)  # DTSEN rule [sumber S39]
KATEGORI_PENGHASILAN = ("tidak berpenghasilan tetap", "berpenghasilan tetap", "tidak diketahui")

KELUARGA_COLUMNS = {
    "id_keluarga": "string",
    "id_kk": "string",
    "kode_kelurahan": "string",
    "kkb_id": "string",
    "tahun": "Int64",
    "tanggal_referensi": "datetime64[ns]",
    "rumah_layak_huni": "boolean",
    "p04_sumber_penghasilan": "string",
}
DTKS_COLUMNS = {
    "id_keluarga": "string",
    "id_keluarga_pk": "string",
    "sumber": "string",
    "periode": "string",
    "desil": "Int64",
    "status_dtks": "boolean",
    **{b: "boolean" for b in BANSOS},
}
ANGGOTA_COLUMNS = {
    "id_keluarga": "string",
    "no_urut": "Int64",
    "hubungan_kk": "string",
    "pekerjaan": "string",
    "penghasilan_tetap": "boolean",
}


def tahun_data(keluarga: pd.DataFrame) -> int | None:
    """The data year of the PK tables (``tahun``, else the latest reference date's year)."""
    if "tahun" in keluarga and keluarga["tahun"].notna().any():
        return int(keluarga["tahun"].max())
    if "tanggal_referensi" in keluarga and keluarga["tanggal_referensi"].notna().any():
        return int(pd.Timestamp(keluarga["tanggal_referensi"].max()).year)
    return None


def batas_periode(tahun: int | None, settings: dict) -> int | None:
    """Latest usable ``periode`` as YYYYMM: the month of ``laporan.tanggal_referensi``."""
    if tahun is None:
        return None
    bulan = int(str(settings["laporan"]["tanggal_referensi"]).split("-")[0])
    return tahun * 100 + bulan


def _yyyymm(periode: pd.Series) -> np.ndarray:
    """``YYYY-MM`` → YYYYMM as float (NaN when missing or malformed)."""
    ok = periode.str.fullmatch(r"\d{4}-\d{2}").astype("boolean").fillna(False).to_numpy(bool)
    out = np.full(len(periode), np.nan)
    if ok.any():
        p = periode[ok].astype(str)
        out[ok] = (
            p.str.slice(0, 4).astype(int).to_numpy() * 100
            + p.str.slice(5, 7).astype(int).to_numpy()
        )
    return out


def _bendera(n: int, pos: np.ndarray, values: pd.Series) -> pd.Series:
    """Any-true per family: True if any record true, False if one false, else <NA>."""
    true = bool_np(values.eq(True))
    known = values.notna().to_numpy(bool)
    any_true = np.bincount(pos[true], minlength=n) > 0
    any_known = np.bincount(pos[known], minlength=n) > 0
    out = pd.array(any_true, dtype="boolean")
    out[~any_known] = pd.NA
    return pd.Series(out)


def pasangan_keluarga(keluarga: pd.DataFrame, dtks: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(record row, family row) pairs of the welfare records and the PK families they describe.

    A record whose KK key (``dtks.id_keluarga``) is the ``id_kk`` of PK families pairs with every
    one of them; otherwise a record linked through a member's NIK (``id_keluarga_pk``) pairs with
    that family; an unmatched record pairs with none. Pairs are sorted by record row.
    """
    rec_kk = np.zeros(0, np.int64)
    fam_kk = np.zeros(0, np.int64)
    by_kk = np.zeros(len(dtks), dtype=bool)
    if len(dtks) and keluarga["id_kk"].notna().any():
        kk = pd.DataFrame(
            {"kunci": keluarga["id_kk"].astype("string"), "fam": np.arange(len(keluarga))}
        )
        rec = pd.DataFrame(
            {"kunci": dtks["id_keluarga"].astype("string"), "rec": np.arange(len(dtks))}
        )
        pairs = rec.dropna(subset="kunci").merge(kk.dropna(subset="kunci"), on="kunci")
        rec_kk = pairs["rec"].to_numpy(np.int64)
        fam_kk = pairs["fam"].to_numpy(np.int64)
        by_kk[rec_kk] = True
    pos = posisi(keluarga, dtks["id_keluarga_pk"]) if len(dtks) else np.zeros(0, np.int64)
    rest = np.flatnonzero(~by_kk & (pos >= 0))
    rec = np.concatenate([rec_kk, rest])
    fam = np.concatenate([fam_kk, pos[rest]])
    order = np.lexsort((fam, rec))
    return rec[order], fam[order]


def keluarga_kesejahteraan(
    tables: dict[str, pd.DataFrame], settings: dict, tahun: int | None = None
) -> pd.DataFrame:
    """Welfare attributes of every ``pk_keluarga`` row (§9.2, §9.3), same index and order.

    Columns: ``id_keluarga``, ``terdata`` (bool: ≥ 1 usable record), ``sumber_kesejahteraan``,
    ``periode_kesejahteraan``, ``desil`` (Int64), ``status_dtks``, the five bansos flags
    (boolean), ``ada_dtsen`` (bool: any DTSEN record up to the reference date),
    ``kurang_mampu`` (bool, §9.3) and ``kelompok_desil`` ("1" … "4", "5+", "tanpa desil",
    "tidak terdata").
    """
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    dtks = tabel(tables, "dtks", DTKS_COLUMNS)
    conf = settings["kesejahteraan"]
    n = len(keluarga)
    if tahun is None:
        tahun = tahun_data(keluarga)
    batas = batas_periode(tahun, settings)

    prioritas = [str(s) for s in conf["prioritas_sumber"]]
    rec, pos = pasangan_keluarga(keluarga, dtks)
    dtks = dtks.iloc[rec].reset_index(drop=True)  # one row per (record, family) pair
    rank = (
        dtks["sumber"]
        .map({s: i for i, s in enumerate(prioritas)})
        .astype("Float64")
        .to_numpy(dtype="float64", na_value=np.nan)
    )
    periode = _yyyymm(dtks["periode"])
    usable = (pos >= 0) & ~np.isnan(periode)
    if batas is not None:
        usable &= periode <= batas
    ada_dtsen = np.zeros(n, dtype=bool)
    ada_dtsen[pos[usable & isin_np(dtks["sumber"], ["DTSEN"])]] = True
    status_dtks = _status_dtks(n, pos, dtks, periode, usable)

    usable &= ~np.isnan(rank)
    rows = np.flatnonzero(usable)
    # step 2: best source per family; step 3: latest period within it
    best_rank = np.full(n, np.inf)
    np.minimum.at(best_rank, pos[rows], rank[rows])
    rows = rows[rank[rows] == best_rank[pos[rows]]]
    best_periode = np.full(n, -np.inf)
    np.maximum.at(best_periode, pos[rows], periode[rows])
    rows = rows[periode[rows] == best_periode[pos[rows]]]
    chosen = dtks.iloc[rows]
    fam = pos[rows]

    terdata = np.zeros(n, dtype=bool)
    terdata[fam] = True
    desil_rows = chosen["desil"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    desil = np.full(n, np.inf)
    has = ~np.isnan(desil_rows)
    np.minimum.at(desil, fam[has], desil_rows[has])
    desil = pd.array(np.where(np.isinf(desil), np.nan, desil), dtype="Float64").astype("Int64")

    out = pd.DataFrame(index=keluarga.index)
    out["id_keluarga"] = keluarga["id_keluarga"].astype("string")
    out["terdata"] = terdata
    sumber = np.full(n, None, dtype=object)
    sumber[terdata] = np.asarray(prioritas, dtype=object)[best_rank[terdata].astype(int)]
    out["sumber_kesejahteraan"] = pd.array(sumber, dtype="string")
    per = pd.Series(pd.NA, index=keluarga.index, dtype="string")
    if terdata.any():
        val = best_periode[terdata].astype(int)
        per[terdata] = [f"{v // 100:04d}-{v % 100:02d}" for v in val]
    out["periode_kesejahteraan"] = per
    out["desil"] = pd.Series(desil, index=keluarga.index)
    out["status_dtks"] = status_dtks.set_axis(keluarga.index)
    for column in BANSOS:
        out[column] = _bendera(n, fam, chosen[column]).set_axis(keluarga.index)
    out["ada_dtsen"] = ada_dtsen

    lo, hi = (int(x) for x in conf["desil_kurang_mampu"])
    kurang = bool_np(out["desil"].between(lo, hi))
    if conf["termasuk_status_dtks"]:
        kurang |= bool_np(out["status_dtks"].eq(True))
    out["kurang_mampu"] = kurang
    out["kelompok_desil"] = _kelompok_desil(out["desil"], terdata)
    return out


def _status_dtks(
    n: int, pos: np.ndarray, dtks: pd.DataFrame, periode: np.ndarray, usable: np.ndarray
) -> pd.Series:
    """Registered in DTKS, whatever the source priority: any-true over the records of the latest
    ``periode`` of each source of the family (module docstring)."""
    rows = np.flatnonzero(usable)
    if not len(rows):
        return _bendera(n, pos[rows], dtks["status_dtks"].iloc[rows].reset_index(drop=True))
    sumber = dtks["sumber"].iloc[rows].astype("string").fillna("").to_numpy(dtype=object)
    key = pd.DataFrame({"fam": pos[rows], "sumber": sumber, "periode": periode[rows]})
    latest = key.groupby(["fam", "sumber"])["periode"].transform("max").to_numpy()
    rows = rows[periode[rows] == latest]
    return _bendera(n, pos[rows], dtks["status_dtks"].iloc[rows].reset_index(drop=True))


def _kelompok_desil(desil: pd.Series, terdata: np.ndarray) -> pd.Series:
    d = desil.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    label = np.where(d >= 5, "5+", np.where(np.isnan(d), "tanpa desil", ""))
    small = (d >= 1) & (d <= 4)
    label = label.astype(object)
    label[small] = d[small].astype(int).astype(str)
    label[~terdata] = "tidak terdata"
    return pd.Series(label, index=desil.index, dtype="string")


def _rentang(settings: dict, key: str, default: tuple[int, int]) -> tuple[int, int]:
    lo, hi = settings["kesejahteraan"].get(key, default)
    return int(lo), int(hi)


def status_penghasilan(tables: dict[str, pd.DataFrame], settings: dict) -> pd.Series:
    """§10 proxy per ``pk_keluarga`` row: the three outcomes of ``penghasilan.aturan``.

    (a) ``p04_sumber_penghasilan`` = Tidak (when ``penghasilan.gunakan_p04``); (b) the head's
    ``pekerjaan`` maps to ``penghasilan_tetap`` = false (``penghasilan.pekerjaan_tidak_tetap``).
    "tidak berpenghasilan tetap" if (a) or (b); "berpenghasilan tetap" if neither holds and the
    head's ``penghasilan_tetap`` is true; otherwise "tidak diketahui".
    """
    conf = settings["penghasilan"]
    if conf["aturan"] != "a_atau_b":
        raise ValueError(
            f"penghasilan.aturan '{conf['aturan']}' tidak dikenal; yang tersedia: a_atau_b"
        )
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    anggota = tabel(tables, "pk_anggota", ANGGOTA_COLUMNS)
    n = len(keluarga)
    pos = posisi(keluarga, anggota["id_keluarga"])
    kepala = kepala_keluarga(n, pos, anggota)
    if anggota["pekerjaan"].notna().any():
        tetap_anggota = peta_penghasilan(anggota["pekerjaan"], settings)
    else:
        tetap_anggota = anggota["penghasilan_tetap"].astype("boolean")
    tetap = pd.Series(pd.NA, index=keluarga.index, dtype="boolean")
    ada = kepala >= 0
    if ada.any():
        tetap[ada] = tetap_anggota.to_numpy()[kepala[ada]]
    a = np.zeros(n, dtype=bool)
    if conf["gunakan_p04"]:
        a = isin_np(keluarga["p04_sumber_penghasilan"], ["Tidak"])
    b = bool_np(tetap.eq(False))
    label = np.full(n, KATEGORI_PENGHASILAN[2], dtype=object)
    label[~a & ~b & bool_np(tetap.eq(True))] = KATEGORI_PENGHASILAN[1]
    label[a | b] = KATEGORI_PENGHASILAN[0]
    return pd.Series(label, index=keluarga.index, dtype="string")


def count_kesejahteraan(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    """Additive family counts per cell for §9 and §10 (see :func:`rates_kesejahteraan`)."""
    keluarga = tabel(tables, "pk_keluarga", KELUARGA_COLUMNS)
    w = keluarga_kesejahteraan(tables, settings)
    n = len(keluarga)
    desil = w["desil"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    kelompok = w["kelompok_desil"]
    m: dict[str, np.ndarray] = {
        "n_keluarga": np.ones(n, dtype=bool),
        # families whose welfare status can be judged: all of them when a welfare extract with
        # at least one row was supplied, none otherwise (→ registry rates "data tidak cukup")
        "n_keluarga_basis_dtks": np.full(n, ada_baris(tables, "dtks")),
        "n_kurang_mampu": w["kurang_mampu"].to_numpy(bool),
    }
    for d in ("1", "2", "3", "4"):
        m[f"n_desil_{d}"] = isin_np(kelompok, [d])
    m["n_desil_5_lebih"] = isin_np(kelompok, ["5+"])
    m["n_desil_tidak_ada"] = isin_np(kelompok, ["tanpa desil"])
    m["n_tidak_terdata"] = isin_np(kelompok, ["tidak terdata"])
    m["n_terdata"] = w["terdata"].to_numpy(bool)
    m["n_status_dtks"] = bool_np(w["status_dtks"].eq(True))
    m["n_terdata_dtsen"] = w["ada_dtsen"].to_numpy(bool)
    m["n_terdaftar_dtks_dtsen"] = m["n_status_dtks"] | m["n_terdata_dtsen"]
    terima = {b: bool_np(w[b].eq(True)) for b in BANSOS}
    for b in BANSOS:
        m[f"n_{b}"] = terima[b]
    sasaran = {
        "pkh": _rentang(settings, "desil_sasaran_pkh", DESIL_SASARAN_PKH),
        "bpnt_sembako": _rentang(settings, "desil_sasaran_sembako_pbi", DESIL_SASARAN_SEMBAKO_PBI),
        "pbi_jk": _rentang(settings, "desil_sasaran_sembako_pbi", DESIL_SASARAN_SEMBAKO_PBI),
    }
    for b, (lo, hi) in sasaran.items():
        eligible = (desil >= lo) & (desil <= hi)
        m[f"n_sasaran_{b}"] = eligible
        m[f"n_{b}_sasaran"] = eligible & terima[b]
        m[f"n_{b}_luar_sasaran"] = terima[b] & ((desil > hi) | (desil < lo))
        m[f"n_{b}_tanpa_desil"] = terima[b] & np.isnan(desil)
    rumah = keluarga["rumah_layak_huni"]
    m["n_rtlh"] = bool_np(rumah.eq(False))
    m["n_rumah_layak_huni"] = bool_np(rumah.eq(True))
    m["n_rumah_tidak_diketahui"] = rumah.isna().to_numpy(bool)
    status = status_penghasilan(tables, settings)
    m["n_tidak_berpenghasilan_tetap"] = isin_np(status, [KATEGORI_PENGHASILAN[0]])
    m["n_berpenghasilan_tetap"] = isin_np(status, [KATEGORI_PENGHASILAN[1]])
    m["n_penghasilan_tidak_diketahui"] = isin_np(status, [KATEGORI_PENGHASILAN[2]])
    return count_by_cell(keluarga, m)


def rates_kesejahteraan(agg: pd.DataFrame) -> pd.DataFrame:
    """Indicators per area (percentages; <NA> = "data tidak cukup").

    Of all families, when a welfare extract was supplied (``n_keluarga_basis_dtks``; <NA>
    without ``dtks``): ``kurang_mampu_pct``, desil distribution (``desil_1_pct`` …
    ``desil_5_lebih_pct``, ``desil_tidak_ada_pct``, ``tidak_terdata_pct``), ``status_dtks_pct``,
    ``terdata_dtsen_pct``, ``terdaftar_dtks_dtsen_pct``, coverage ``<bansos>_pct``. Of all
    families (``n_keluarga``): ``tidak_berpenghasilan_tetap_pct``, ``berpenghasilan_tetap_pct``,
    ``penghasilan_tidak_diketahui_pct``. Targeting ``<bansos>_sasaran_pct`` = eligible recipients /
    eligible families (PKH, BPNT/Sembako, PBI-JK). ``rtlh_pct`` = RTLH / families with a known
    ``rumah_layak_huni``. Counts are passed through.
    """
    out: dict[str, object] = {"wilayah_id": agg["wilayah_id"]}
    for c in agg.columns:
        if c.startswith("n_"):
            out[c] = agg[c].astype("float64")
    base = agg["n_keluarga_basis_dtks"]
    for name in (
        "kurang_mampu",
        "desil_1",
        "desil_2",
        "desil_3",
        "desil_4",
        "desil_5_lebih",
        "desil_tidak_ada",
        "tidak_terdata",
        "status_dtks",
        "terdata_dtsen",
        "terdaftar_dtks_dtsen",
        *BANSOS,
    ):
        out[f"{name}_pct"] = safe_rate(agg[f"n_{name}"], base)
    for name in (
        "tidak_berpenghasilan_tetap",
        "berpenghasilan_tetap",
        "penghasilan_tidak_diketahui",
    ):
        out[f"{name}_pct"] = safe_rate(agg[f"n_{name}"], agg["n_keluarga"])
    for b in ("pkh", "bpnt_sembako", "pbi_jk"):
        out[f"{b}_sasaran_pct"] = safe_rate(agg[f"n_{b}_sasaran"], agg[f"n_sasaran_{b}"])
    known = agg["n_rtlh"] + agg["n_rumah_layak_huni"]
    out["rtlh_pct"] = safe_rate(agg["n_rtlh"], known)
    return pd.DataFrame(out).reset_index(drop=True)
