"""Change from the previous data year on this year's boundaries (``out_perubahan``, issue 11).

KKB boundaries move between years: a KKB is launched on a kelurahan, another takes one more RW.
Matching areas by ``wilayah_id`` alone then compares different places — a new KKB gets no
baseline, and "kota luar KKB" loses the families that moved into KKB. The baseline of each area
and headline indicator is therefore taken as follows (``asal_sebelumnya`` in ``out_perubahan``):

- :data:`SAMA` — the area had the same boundaries last year (kelurahan, kecamatan and city
  always; a KKB and its "sisa kelurahan" when the KKB covered the same (kelurahan, RW) units;
  "kota luar KKB" when all KKB together covered the same units): last year's published value;
- :data:`REKONSTRUKSI` — boundaries differ and the indicator is cell-additive (it exists for
  every area type, :func:`~kkb_analysis.indikator.hitung.cell_indicators`): last year's core
  tables are placed on this year's KKB master (:func:`pindah_batas`) and the indicator is
  computed again for this year's areas (:func:`rekonstruksi`);
- :data:`BATAS_LAMA` — boundaries differ (or cannot be checked) and no reconstruction is
  available — a KKB-level indicator from the KKB portal (KKBPK, classification, convergence,
  completeness) of a KKB that existed, or any indicator when last year's core tables are
  absent or from an incompatible build: last year's value of the same ``wilayah_id`` as it was;
- :data:`TIDAK_ADA` — no baseline: the previous year was not built, or the area did not exist
  and the indicator cannot be reconstructed (the portal indicators of a new KKB).

``tingkat_sebelumnya`` of a KKB that had no row last year is :data:`BELUM_KKB` ("belum menjadi
KKB"), not missing. Each row also carries the comparison over time decided by
:func:`~kkb_analysis.indikator.banding.bandingkan` (``kode_banding``; for e-PPGBM percentages
the Newcombe interval of the difference ``perubahan_bawah``/``perubahan_atas``; ``ambang_beda``,
the minimal meaningful difference used; ``is_n_kecil``). The numerators and denominators of last
year's value come from the same source as the value (last year's ``out_wilayah`` or the
reconstruction). Codes only: the report layer words them (docs/metodologi.md §13, §20).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis import wilayah
from kkb_analysis.indikator.banding import Konteks, Nilai, bandingkan
from kkb_analysis.indikator.hitung import cell_indicators
from kkb_analysis.indikator.katalog import JENIS_BERLAKU, katalog
from kkb_analysis.sumber.kkb import assign_kkb, cakupan_kkb

logger = logging.getLogger(__name__)

__all__ = [
    "ASAL",
    "BATAS_LAMA",
    "BELUM_KKB",
    "HEADLINE",
    "REKONSTRUKSI",
    "SAMA",
    "TIDAK_ADA",
    "batas_sama",
    "compare_years",
    "pindah_batas",
    "rekonstruksi",
    "tingkat_sebelumnya",
]

#: Headline indicators compared with the previous data year: the catalogue list ``perubahan``.
HEADLINE = katalog().kolom_daftar("perubahan")

SAMA = "sama"
REKONSTRUKSI = "rekonstruksi"
BATAS_LAMA = "batas_lama"
TIDAK_ADA = "tidak_ada"
#: The codes of ``out_perubahan.asal_sebelumnya``, in the order of the module docstring.
ASAL = (SAMA, REKONSTRUKSI, BATAS_LAMA, TIDAK_ADA)
#: ``tingkat_sebelumnya`` of a KKB that was not a KKB in the previous year.
BELUM_KKB = "belum_kkb"

#: Area types whose boundaries never move (fixed by referensi/wilayah.yaml).
TETAP = ("kelurahan", "kecamatan", "kota")
#: Area types that carry an indicator, by the catalogue's ``wilayah`` (None: every type). A
#: row of another type has no value in either year and no baseline (:data:`TIDAK_ADA`).
BERLAKU = JENIS_BERLAKU


def _berlaku(jenis: pd.Series, indikator: pd.Series) -> np.ndarray:
    """Whether each (area type, indicator) row is one the indicator is computed for."""
    kat = katalog()
    jenis_ok = {
        k: BERLAKU.get(kat.get(k).wilayah) if k in kat else None for k in pd.unique(indikator)
    }
    return np.array(
        [jenis_ok[i] is None or j in jenis_ok[i] for j, i in zip(jenis, indikator, strict=True)],
        dtype=bool,
    )


def _units(cakupan: pd.DataFrame) -> dict[str, frozenset[tuple[str, str]]]:
    """``kkb_id`` → its (kelurahan, RW) units."""
    out: dict[str, set[tuple[str, str]]] = {}
    for kel, rw, kkb_id in cakupan[["kode_kelurahan", "rw", "kkb_id"]].itertuples(index=False):
        out.setdefault(str(kkb_id), set()).add((str(kel), str(rw)))
    return {k: frozenset(v) for k, v in out.items()}


def batas_sama(
    areas: pd.DataFrame, kkb_kini: pd.DataFrame | None, kkb_lalu: pd.DataFrame | None
) -> pd.Series:
    """Whether each area of ``areas`` (this year's) had the same boundaries last year.

    Kelurahan, kecamatan and city: always. A KKB and its "sisa kelurahan": when the KKB covered
    the same units in both masters (:func:`~kkb_analysis.sumber.kkb.cakupan_kkb`). "Kota luar
    KKB": when the units covered by any KKB are the same. Without last year's master
    (``kkb_lalu`` None) only the fixed areas are known to be the same. Indexed by
    ``wilayah_id``.
    """
    jenis = areas["jenis_wilayah"].astype("string")
    sama = pd.Series(jenis.isin(TETAP).to_numpy(bool), index=areas["wilayah_id"].astype(str))
    if kkb_lalu is None:
        return sama
    kini, lalu = cakupan_kkb(kkb_kini), cakupan_kkb(kkb_lalu)
    unit_kini, unit_lalu = _units(kini), _units(lalu)
    semua = {frozenset(zip(c["kode_kelurahan"], c["rw"], strict=True)) for c in (kini, lalu)}
    for w, j, k in zip(sama.index, jenis, areas["kkb_id"].astype("string"), strict=True):
        if j in ("kkb", "sisa_kelurahan"):
            sama[w] = k in unit_lalu and unit_lalu[k] == unit_kini.get(k)
        elif j == "kota_luar_kkb":
            sama[w] = len(semua) == 1
    return sama


def pindah_batas(tables: dict[str, pd.DataFrame], kkb: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Last year's tables with every row placed by this year's KKB master ``kkb``.

    A table located by kelurahan and RW (``kode_kelurahan``, ``rw``, ``kkb_id``: PK families,
    members, KB, e-PPGBM children) gets ``kkb_id`` (and ``di_kelurahan_kkb``) again from
    :func:`~kkb_analysis.sumber.kkb.assign_kkb`, the rule of the loaders; a DTKS record takes
    the new ``kkb_id`` of its matched PK family. Portal tables keyed by ``kkb_id`` stay as they
    are. ``kkb`` replaces the master.
    """
    out = dict(tables)
    out["kkb"] = kkb
    for name, table in tables.items():
        if table is None or not {"kode_kelurahan", "rw", "kkb_id"} <= set(table.columns):
            continue
        kkb_id, hosts = assign_kkb(table["kode_kelurahan"], table["rw"], kkb)
        table = table.assign(kkb_id=kkb_id)
        if "di_kelurahan_kkb" in table.columns:
            table["di_kelurahan_kkb"] = hosts
        out[name] = table
    dtks, keluarga = out.get("dtks"), out.get("pk_keluarga")
    if dtks is not None and keluarga is not None and "id_keluarga_pk" in dtks.columns:
        fam = keluarga[["id_keluarga", "kkb_id"]].drop_duplicates("id_keluarga")
        peta = pd.Series(fam["kkb_id"].to_numpy(), index=fam["id_keluarga"].to_numpy())
        kkb_id = dtks["id_keluarga_pk"].astype("string").map(peta).astype("string")
        out["dtks"] = dtks.assign(kkb_id=kkb_id)
    return out


def rekonstruksi(
    tables_lalu: dict[str, pd.DataFrame],
    tahun_lalu: int,
    settings: dict[str, Any],
    kkb_kini: pd.DataFrame,
) -> pd.DataFrame:
    """Last year's cell-additive indicators computed on this year's areas (one row per area of
    this year's master, columns of :func:`~kkb_analysis.indikator.hitung.cell_indicators`)."""
    placed = pindah_batas(tables_lalu, kkb_kini)
    wide, _, _ = cell_indicators(placed, tahun_lalu, settings, wilayah.build_areas(kkb_kini))
    return wide


def _panjang(frame: pd.DataFrame, cols: list[str], nama: str) -> pd.Series:
    """The headline columns of a wide table as one Float64 series keyed by (area, indicator)."""
    cols = [c for c in cols if c in frame.columns]
    long = frame.melt(
        id_vars=["wilayah_id"], value_vars=cols, var_name="indikator", value_name=nama
    )
    long["wilayah_id"] = long["wilayah_id"].astype(str)
    values = pd.to_numeric(long[nama], errors="coerce").astype("Float64")
    return pd.Series(
        values.to_numpy(),
        index=pd.MultiIndex.from_frame(long[["wilayah_id", "indikator"]]),
        dtype="Float64",
    )


def _hitungan(frame: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """``wilayah_id`` → {column: value} of a wide table (empty when absent)."""
    if frame is None or frame.empty:
        return {}
    ids = frame["wilayah_id"].astype(str).to_numpy()
    return {w: rec for w, rec in zip(ids, frame.to_dict("records"), strict=True)}


def _sisi(baris: dict[str, Any] | None, kolom: str, nilai: Any) -> Nilai:
    """One side of a comparison: ``nilai`` with the catalogue's numerator and denominator of
    ``kolom`` read from ``baris`` (None when the row or the column is absent)."""
    e = katalog().get(kolom)
    baris = baris or {}
    return Nilai(
        nilai,
        baris.get(e.pembilang) if e.pembilang else None,
        baris.get(e.penyebut) if e.penyebut else None,
    )


def _banding(
    now: pd.DataFrame,
    asal: np.ndarray,
    current: pd.DataFrame,
    previous: pd.DataFrame | None,
    dasar: pd.DataFrame | None,
    pengaturan: dict[str, Any] | None,
) -> pd.DataFrame:
    """The comparison columns of ``out_perubahan`` (one row per row of ``now``)."""
    kini, lalu, rek = _hitungan(current), _hitungan(previous), _hitungan(dasar)
    hasil: dict[str, list[Any]] = {
        k: []
        for k in ("kode_banding", "perubahan_bawah", "perubahan_atas", "ambang_beda", "is_n_kecil")
    }
    for w, ind, v, v_lalu, a in zip(
        now["wilayah_id"].astype(str),
        now["indikator"].astype(str),
        now["nilai"],
        now["nilai_sebelumnya"],
        asal,
        strict=True,
    ):
        sumber_lalu = rek if a == REKONSTRUKSI else lalu
        b = bandingkan(
            katalog().get(ind),
            _sisi(kini.get(w), ind, v),
            _sisi(sumber_lalu.get(w) if a != TIDAK_ADA else None, ind, v_lalu),
            Konteks.WAKTU,
            pengaturan,
        )
        hasil["kode_banding"].append(str(b.kode))
        hasil["perubahan_bawah"].append(b.ci_bawah)
        hasil["perubahan_atas"].append(b.ci_atas)
        hasil["ambang_beda"].append(b.ambang)
        hasil["is_n_kecil"].append(b.n_kecil)
    return pd.DataFrame(
        {
            "kode_banding": pd.array(hasil["kode_banding"], dtype="string"),
            "perubahan_bawah": pd.array(hasil["perubahan_bawah"], dtype="Float64"),
            "perubahan_atas": pd.array(hasil["perubahan_atas"], dtype="Float64"),
            "ambang_beda": pd.array(hasil["ambang_beda"], dtype="Float64"),
            "is_n_kecil": pd.array(hasil["is_n_kecil"], dtype="boolean"),
        },
        index=now.index,
    )


def compare_years(
    current: pd.DataFrame,
    previous: pd.DataFrame | None,
    dasar: pd.DataFrame | None = None,
    sama: pd.Series | None = None,
    pengaturan: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """``out_perubahan``: headline indicators of both years per area, their difference, how
    the baseline was obtained (``asal_sebelumnya``, the rule of the module docstring) and the
    comparison code over time (``kode_banding`` …, :func:`_banding`).

    ``previous``: last year's ``out_wilayah`` (None: not built). ``dasar``: last year's
    indicators recomputed on this year's areas (:func:`rekonstruksi`; None: not available).
    ``sama``: :func:`batas_sama` by ``wilayah_id`` (None: only the fixed areas are the same).
    ``pengaturan``: the settings in force (thresholds ``banding.*``; None: package defaults).
    """
    cols = [c for c in HEADLINE if c in current.columns]
    now = current.melt(
        id_vars=["wilayah_id", "jenis_wilayah", "nama_wilayah"],
        value_vars=cols,
        var_name="indikator",
        value_name="nilai",
    )
    now["nilai"] = pd.to_numeric(now["nilai"], errors="coerce").astype("Float64")
    year = int(current["tahun"].iloc[0]) if len(current) else None
    kunci = pd.MultiIndex.from_arrays([now["wilayah_id"].astype(str), now["indikator"]])
    kosong = pd.array([pd.NA] * len(now), dtype="Float64")
    lama_ada = np.zeros(len(now), dtype=bool)
    rek_ada = np.zeros(len(now), dtype=bool)
    lama = rek = pd.Series(kosong, index=kunci)
    if previous is not None and not previous.empty:
        p = _panjang(previous, cols, "lalu")
        lama_ada = kunci.isin(p.index)
        lama = p.reindex(kunci)
    if dasar is not None and not dasar.empty:
        r = _panjang(dasar, cols, "rekonstruksi")
        rek_ada = kunci.isin(r.index)
        rek = r.reindex(kunci)
    if sama is None:
        tetap = now["jenis_wilayah"].astype("string").isin(TETAP).to_numpy(bool)
    else:
        tetap = now["wilayah_id"].astype(str).map(sama).fillna(False).to_numpy(bool)
    berlaku = _berlaku(now["jenis_wilayah"].astype(str), now["indikator"].astype(str))
    lama_ada &= berlaku
    rek_ada &= berlaku
    pilihan = [tetap & lama_ada, rek_ada, lama_ada]
    asal = np.select(pilihan, [SAMA, REKONSTRUKSI, BATAS_LAMA], default=TIDAK_ADA)
    nilai_lalu = np.where(pilihan[1] & ~pilihan[0], rek.to_numpy(), lama.to_numpy())
    now["nilai_sebelumnya"] = pd.array(nilai_lalu, dtype="Float64")
    now.loc[asal == TIDAK_ADA, "nilai_sebelumnya"] = pd.NA
    now["perubahan"] = now["nilai"] - now["nilai_sebelumnya"]
    now["asal_sebelumnya"] = pd.array(asal, dtype="string")
    now = pd.concat([now, _banding(now, asal, current, previous, dasar, pengaturan)], axis=1)
    now.insert(0, "tahun", year)
    out = now.reset_index(drop=True)
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].astype("string")
    return out


def tingkat_sebelumnya(current: pd.DataFrame, previous: pd.DataFrame | None) -> pd.Series:
    """Last year's tier of each area of ``current`` (``out_wilayah``): the tier of the same
    ``wilayah_id``, :data:`BELUM_KKB` for a KKB without a row last year, missing when the
    previous year was not built (or its table has no tier)."""
    out = pd.Series(pd.NA, index=current.index, dtype="string")
    if previous is None:
        return out
    ids = previous["wilayah_id"].astype(str)
    if "tingkat" in previous.columns:
        peta = pd.Series(previous["tingkat"].astype("string").to_numpy(), index=ids.to_numpy())
        out = current["wilayah_id"].astype(str).map(peta).astype("string")
        out.index = current.index
    baru = current["jenis_wilayah"].astype("string").eq("kkb").fillna(False).to_numpy(bool)
    baru &= ~current["wilayah_id"].astype(str).isin(set(ids)).to_numpy(bool)
    out[baru] = BELUM_KKB
    return out
