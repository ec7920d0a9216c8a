"""Structured actions per KKB (``out_aksi``) and the follow-up of last year's actions
(``out_tindak_lanjut``).

The one home of the RULE that decides which problems of a KKB become actions (issue 12, item 2);
the report layer only words the rows (:mod:`kkb_analysis.laporan.kata_aksi`). Texts, owners and
budget instruments of every action live in ``referensi/aksi.yaml``; the settings in ``aksi.*``
(``pengaturan.yaml``). Numbers and codes only. docs/metodologi.md §21.

Which problems become actions (:func:`aksi_kkb`), in this priority order (``urutan`` 1..n):

1. ``tingkat``: each classification index below 3.00 that THE next-tier plan raises
   (``out_rencana_tingkat.rencana_utama``, :func:`.klasifikasi.rencana_utama`);
2. ``lebih_buruk``: each headline indicator (catalogue list ``laporan`` with ``isu``) that is worse
   than the comparator by :func:`~kkb_analysis.indikator.banding.bandingkan` (context "wilayah");
   the comparator is **kota luar KKB** (``luar_kkb:``), or the city when kota luar KKB has no
   value; most severe first (relative gap = worse difference / comparator value; comparator
   ≤ 0 → infinite), ties in catalogue order; one per ``kelompok_isu`` (stunting);
3. ``indeks_rendah``: the other indices below 3.00 (input, proses, output order);
4. ``inpres_kosong``: each Inpres 3/2022 programme area a–h without cross-sector activity
   (only when convergence could be computed);
5. ``data_belum_lengkap``: any of the nine data domains not ``lengkap``.

Two problems answered by the same action (CPR and mCPR → ``kb_akses``) give ONE row: the first.

Measure (``indikator``): the problem's indicator, except (a) an index below 3.00 is measured by
the first step that raises it (:func:`_langkah_kelompok`: THE plan's step, else a one-step
raise; KKBPK CPR/MKJP/unmet need or the score of one classification item), never by the index
itself; (b) an action with ``ukuran`` in ``referensi/aksi.yaml`` (data verification → targeting
of PKH/BPNT/PBI) is measured by the first of them the KKB has a value for.

Target of the measure (``nilai_target``, ``dasar_target``): :func:`target_indikator`, the ONE
precedence rule the profil also prints (comparable official target → next-tier value → kota luar
KKB (city) → the action's fixed target). A measure whose comparable official target is already
met gives no action.

Deadline (``tenggat``, ISO date): the last day of the month ``aksi.tenggat_bulan`` months after
the end of the data year (12: data 2023 → 2024-12-31). Instrument: the first of the action's
instruments (``referensi/aksi.yaml``) that the area type has (setting ``aksi.instrumen.<jenis>``;
kelurahan/desa from digit 7 of the Kemendagri code, :func:`kkb_analysis.wilayah.jenis_desa`); an
unknown type gets only instruments every type has.

Follow-up (:func:`tindak_lanjut`): for each of LAST year's actions of a KKB active this year, this
year's value of the measure (this year's ``out_wilayah``: this year's boundaries) against the
action's target and against the baseline. The baseline is ``out_perubahan.nilai_sebelumnya`` of
the KKB and indicator (last year's value on this year's boundaries, docs/metodologi.md §14.1)
when present, else the value recorded in last year's action. Status: ``tercapai`` (printed value
meets the target in the catalogue's direction), else ``membaik`` / ``tetap`` / ``memburuk`` by
:func:`bandingkan` over time (``out_perubahan.kode_banding`` when present), ``tidak_dapat_dinilai``
when this year's value or the baseline is missing (or the KKB is no longer active). Last year's
actions come from last year's ``out_aksi`` (``sumber_aksi`` ``tersimpan``) or, when that folder
has none (built by an older version), are recomputed by :func:`tabel_aksi` from last year's
tables with today's rule and settings (``hitung_ulang``), see :func:`aksi_tahun_lalu`.
"""

from __future__ import annotations

import calendar
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from kkb_analysis.config import load_reference
from kkb_analysis.indikator import klasifikasi as klas
from kkb_analysis.indikator.banding import Kode, Konteks, Nilai, bandingkan, bandingkan_baris
from kkb_analysis.indikator.katalog import JENIS_BERLAKU, atau_bawaan, katalog
from kkb_analysis.nilai import bulatkan, kosong
from kkb_analysis.wilayah import jenis_desa

logger = logging.getLogger(__name__)

__all__ = [
    "DASAR",
    "JENIS_ISU",
    "KOLOM_AKSI",
    "KOLOM_TINDAK_LANJUT",
    "STATUS",
    "AturanAksi",
    "AturanTarget",
    "aksi_kkb",
    "aksi_tahun_lalu",
    "aturan_aksi",
    "instrumen_area",
    "instrumen_untuk",
    "kode_untuk_indikator",
    "tabel_aksi",
    "tenggat",
    "tindak_lanjut",
]

#: Problem kinds (``jenis_isu``), in priority order.
JENIS_ISU = ("tingkat", "lebih_buruk", "indeks_rendah", "inpres_kosong", "data_belum_lengkap")
#: ``dasar_target`` codes besides an official target key.
DASAR = ("tingkat_berikut", "kota_luar_kkb", "kota", "aturan_aksi")
#: Follow-up status codes (``status_tindak_lanjut``).
STATUS = ("tercapai", "membaik", "tetap", "memburuk", "tidak_dapat_dinilai")

KOLOM_AKSI = (
    "tahun",
    "wilayah_id",
    "kkb_id",
    "urutan",
    "kode_aksi",
    "jenis_isu",
    "indikator",
    "nilai_sekarang",
    "wilayah_pembanding",
    "nilai_pembanding",
    "nilai_target",
    "dasar_target",
    "arah_target",
    "opd",
    "opd_pendukung",
    "tenggat",
    "instrumen",
)
KOLOM_TINDAK_LANJUT = (
    "tahun",
    "wilayah_id",
    "kkb_id",
    "tahun_aksi",
    "urutan_aksi",
    "kode_aksi",
    "indikator",
    "nilai_awal",
    "nilai_target",
    "dasar_target",
    "arah_target",
    "tenggat",
    "nilai_sekarang",
    "status_tindak_lanjut",
    "sumber_aksi",
)

#: KKBPK indicators of out_wilayah measured by a classification step (same quantity).
_LANGKAH_KOLOM = {
    "kkbpk_cpr_7_metode_pct": "output_cpr",
    "kkbpk_mkjp_pct": "output_mkjp",
    "kkbpk_unmet_need_pct": "output_unmet",
}
_INDEKS_KELOMPOK = {v: k for k, v in klas.INDEKS.items()}  # index_input → INPUT
_PROGRAM = tuple("abcdefgh")


@dataclass(frozen=True)
class AturanAksi:
    """One action of ``referensi/aksi.yaml``."""

    kode: str
    teks: str
    opd: str
    opd_pendukung: tuple[str, ...]
    area_inpres: str
    instrumen: tuple[str, ...]
    indikator: tuple[str, ...]
    target: float | None
    #: Measures of the action (``ukuran``); empty = the problem's own indicator.
    ukuran: tuple[str, ...] = ()


@cache
def aturan_aksi() -> dict[str, AturanAksi]:
    """Every action of ``referensi/aksi.yaml`` by code (owners checked against ``opd.yaml``,
    instruments against the instrument list: a wrong key is a ``KeyError`` here and in tests)."""
    ref = load_reference("aksi")
    opd = load_reference("opd")["opd"]
    instrumen = ref["instrumen"]
    hasil = {}
    for kode, isi in ref["aksi"].items():
        a = AturanAksi(
            kode=kode,
            teks=str(isi["teks"]),
            opd=str(isi["opd"]),
            opd_pendukung=tuple(isi.get("opd_pendukung") or ()),
            area_inpres=str(isi.get("area_inpres") or ""),
            instrumen=tuple(isi["instrumen"]),
            indikator=tuple(isi["indikator"]),
            target=None if isi.get("target") is None else float(isi["target"]),
            ukuran=tuple(isi.get("ukuran") or ()),
        )
        for k in (a.opd, *a.opd_pendukung):
            if k not in opd:
                raise KeyError(f"aksi '{kode}': OPD '{k}' tidak ada di referensi/opd.yaml")
        for k in a.instrumen:
            if k not in instrumen:
                raise KeyError(f"aksi '{kode}': instrumen '{k}' tidak ada di referensi/aksi.yaml")
        hasil[kode] = a
    return hasil


def kode_untuk_indikator(kolom: str) -> str:
    """The action code that answers a problem of indicator ``kolom`` (``KeyError`` if none)."""
    for kode, a in aturan_aksi().items():
        if kolom in a.indikator:
            return kode
    raise KeyError(f"belum ada aksi untuk indikator '{kolom}' di referensi/aksi.yaml")


# ------------------------------------------------------------------- deadline and instruments
def tenggat(tahun: int, pengaturan: Mapping[str, Any] | None = None) -> str:
    """The deadline of the actions of data year ``tahun``: ISO date of the last day of the month
    ``aksi.tenggat_bulan`` months after 31 December of ``tahun``."""
    bulan = int(atau_bawaan(pengaturan)["aksi"]["tenggat_bulan"])
    indeks = 12 * int(tahun) + 11 + bulan  # months since year 0, 0-based (December = 11)
    th, bl = divmod(indeks, 12)
    return date(th, bl + 1, calendar.monthrange(th, bl + 1)[1]).isoformat()


def instrumen_area(kode_kelurahan: Any, pengaturan: Mapping[str, Any] | None = None) -> list[str]:
    """The budget instruments the area has (setting ``aksi.instrumen.<kelurahan|desa>``); an area
    of unknown type gets only the instruments every type has."""
    daftar = atau_bawaan(pengaturan)["aksi"]["instrumen"]
    jenis = jenis_desa(kode_kelurahan)
    if jenis in daftar:
        return list(daftar[jenis])
    semua = [set(v) for v in daftar.values()]
    bersama = set.intersection(*semua) if semua else set()
    return [k for k in next(iter(daftar.values()), []) if k in bersama]


def instrumen_untuk(
    kode_aksi: str, kode_kelurahan: Any, pengaturan: Mapping[str, Any] | None = None
) -> str | None:
    """The instrument of an action in an area: the first of the action's instruments that the
    area has (None when it has none of them)."""
    ada = set(instrumen_area(kode_kelurahan, pengaturan))
    return next((k for k in aturan_aksi()[kode_aksi].instrumen if k in ada), None)


# --------------------------------------------------------------------------------- the rule
def _v(row: Mapping[str, Any] | None, kolom: str) -> Any:
    if row is None:
        return None
    x = row.get(kolom)
    return None if kosong(x) else x


def _baris_jenis(wide: pd.DataFrame, jenis: str) -> dict[str, Any] | None:
    r = wide.loc[wide["jenis_wilayah"].astype("string") == jenis]
    return None if r.empty else r.iloc[0].to_dict()


#: Classification step (``out_rencana_tingkat.indikator``) → the measure a reader knows: the
#: KKBPK share for the output shares, the step's own score column otherwise.
UKURAN_LANGKAH = {v: k for k, v in _LANGKAH_KOLOM.items()}


def _langkah_utama(rt: pd.DataFrame, utama: pd.Series | None) -> dict[str, Any]:
    """Measure column → the value the next tier needs: the steps of THE next-tier plan
    (``rencana_langkah``), else the one-step raise (``langkah``) of an index not in the plan.
    A KKBPK share gets ``nilai_perlu``, a score column ``skor_baru``."""
    if rt is None or rt.empty:
        return {}
    baris = _baris_langkah(rt, utama)
    hasil: dict[str, Any] = {}
    for r in baris:
        ind = _v(r, "indikator")
        if ind is None or _v(r, "keadaan") == "tidak_tercapai":
            continue
        kolom = UKURAN_LANGKAH.get(str(ind), str(ind))
        nilai = _v(r, "nilai_perlu") if kolom in _LANGKAH_KOLOM else _v(r, "skor_baru")
        if nilai is not None and kolom not in hasil:
            hasil[kolom] = float(nilai)
    return hasil


def _baris_langkah(rt: pd.DataFrame, utama: pd.Series | None) -> list[dict[str, Any]]:
    """Step rows of ``out_rencana_tingkat``: THE plan's steps first (``rencana_langkah`` of
    ``utama``), then the one-step raises (``langkah``), in table order."""
    jenis = rt["jenis"].astype("string")
    baris: list[dict[str, Any]] = []
    if utama is not None and not kosong(utama.get("rencana_ke")):
        baris += rt.loc[
            (jenis == "rencana_langkah") & (rt["rencana_ke"] == utama["rencana_ke"])
        ].to_dict("records")
    return baris + rt.loc[jenis == "langkah"].to_dict("records")


def _langkah_kelompok(rt: pd.DataFrame, utama: pd.Series | None, kelompok: str) -> list[str]:
    """The measures (:data:`UKURAN_LANGKAH`) of the steps of one classification group: THE
    plan's steps first, then the one-step raises, in table order."""
    if rt is None or rt.empty:
        return []
    nama = set(klas.KELOMPOK[kelompok]) if kelompok in klas.KELOMPOK else set()
    baris = _baris_langkah(rt, utama)
    hasil = []
    for r in baris:
        ind = _v(r, "indikator")
        if ind is None or str(ind) not in nama or _v(r, "keadaan") == "tidak_tercapai":
            continue
        kolom = UKURAN_LANGKAH.get(str(ind), str(ind))
        if kolom not in hasil:
            hasil.append(kolom)
    return hasil


@dataclass(frozen=True)
class TargetIndikator:
    """THE target of one indicator of one KKB (:func:`target_indikator`)."""

    kolom: str
    nilai: float
    #: official target key | ``tingkat_berikut`` | ``kota_luar_kkb`` | ``kota`` | ``aturan_aksi``
    dasar: str
    #: ``naik_baik`` (a minimum, ≥) or ``turun_baik`` (a maximum, ≤)
    arah: str
    #: ``tercapai`` / ``belum_tercapai`` for a comparable official target, else None (the
    #: status mark then compares with kota luar KKB).
    status_resmi: str | None = None

    @property
    def resmi(self) -> bool:
        return self.status_resmi is not None


def target_indikator(
    kolom: str,
    kkb: Mapping[str, Any],
    wide: pd.DataFrame,
    rt: pd.DataFrame | None = None,
    target: pd.DataFrame | None = None,
    targets: Mapping[str, Any] | None = None,
) -> TargetIndikator | None:
    """THE target of indicator ``kolom`` for the KKB row ``kkb`` of ``out_wilayah`` — the one
    precedence rule every document and ``out_aksi`` use (docs/metodologi.md §21):

    1. a comparable official target (``out_target``: same data source; met or not);
    2. else the value the next tier needs (:func:`_langkah_utama`: KKBPK shares and the
       classification scores raised by THE plan, or one step up for an index outside it);
    3. else the value of kota luar KKB (``kota`` when kota luar KKB has none); never for a
       KKB-only indicator;
    4. else the fixed target of the action that measures it (``referensi/aksi.yaml``).

    Non-comparable (indicative, survey-based) official targets are never THE target.
    ``rt`` is ``out_rencana_tingkat`` (all KKB or this one), ``target`` ``out_target``;
    ``targets`` (default: the targets in force) give an official target's direction.
    For several indicators of one KKB use :class:`AturanTarget` (the inputs filtered once)."""
    return AturanTarget(kkb, wide, rt, target, targets)(kolom)


class AturanTarget:
    """:func:`target_indikator` for one KKB, its inputs filtered once: ``aturan(kolom)`` is
    THE target of ``kolom``. Filtering the wide tables cost ≈ 50 ms per indicator before."""

    def __init__(
        self,
        kkb: Mapping[str, Any],
        wide: pd.DataFrame,
        rt: pd.DataFrame | None = None,
        target: pd.DataFrame | None = None,
        targets: Mapping[str, Any] | None = None,
    ):
        wid = str(kkb["wilayah_id"])
        #: indicator → (value, key, status) of its first comparable official target
        self._resmi: dict[str, tuple[float, str, str]] = {}
        if target is not None and not target.empty:
            t = target.loc[
                (target["wilayah_id"].astype("string") == wid).fillna(False).to_numpy(bool)
            ]
            t = t.loc[t["status_target"].astype("string").isin(["tercapai", "belum_tercapai"])]
            for ind, v, kunci, st in zip(
                t["indikator"], t["nilai_target"], t["kunci_target"], t["status_target"],
                strict=True,
            ):  # fmt: skip
                self._resmi.setdefault(str(ind), (float(v), str(kunci), str(st)))
        self._targets = targets
        rt_k = _rt_kkb(rt, str(kkb.get("kkb_id")))
        self._utama = klas.rencana_utama(rt_k) if not rt_k.empty else None
        self._perlu = _langkah_utama(rt_k, self._utama)
        self._kelompok = _kelompok_utama(self._utama)
        jenis = wide["jenis_wilayah"].astype("string")
        self._kota = {
            j: wide.loc[jenis.eq(j).fillna(False).to_numpy(bool)].head(1)
            for j in ("kota_luar_kkb", "kota")
        }

    def pembanding(self, kolom: str) -> tuple[str | None, Any]:
        """(comparator type, value) of an indicator: kota luar KKB, else the city; (None,
        None) for a KKB-only indicator or when neither has a value."""
        if not _luar_berlaku(kolom):
            return None, None
        for jenis in ("kota_luar_kkb", "kota"):
            baris = self._kota[jenis]
            if baris.empty or kolom not in baris.columns:
                continue
            x = baris[kolom].iloc[0]
            if not kosong(x):
                return jenis, x
        return None, None

    def __call__(self, kolom: str) -> TargetIndikator | None:
        arah = _arah(kolom)
        resmi = self._resmi.get(kolom)
        if resmi is not None:
            if self._targets is None:
                from kkb_analysis.indikator.target import muat_target

                self._targets = muat_target()
            t = self._targets.get(resmi[1])
            arah = getattr(t, "arah", arah)  # the target file decides the direction
            return TargetIndikator(kolom, resmi[0], resmi[1], arah, resmi[2])
        utama = self._utama
        if kolom in _INDEKS_KELOMPOK and utama is not None:
            baru = utama.get(f"{kolom}_baru")
            if not kosong(baru) and _INDEKS_KELOMPOK[kolom] in self._kelompok:
                return TargetIndikator(kolom, float(baru), "tingkat_berikut", arah)
        if kolom in self._perlu:
            return TargetIndikator(kolom, float(self._perlu[kolom]), "tingkat_berikut", arah)
        jenis, v = self.pembanding(kolom)
        if jenis is not None:
            return TargetIndikator(kolom, float(v), jenis, arah)
        for a in aturan_aksi().values():
            if kolom in (*a.ukuran, *a.indikator) and a.target is not None:
                return TargetIndikator(kolom, a.target, "aturan_aksi", arah)
        return None


def _rt_kkb(rt: pd.DataFrame | None, kkb_id: str) -> pd.DataFrame:
    if rt is None or rt.empty:
        return pd.DataFrame()
    if "kkb_id" not in rt.columns:
        return rt
    return rt.loc[rt["kkb_id"].astype("string") == kkb_id]


def _luar_berlaku(kolom: str) -> bool:
    """Kota luar KKB carries the indicator (catalogue ``wilayah``; uncatalogued: no)."""
    try:
        e = katalog().get(kolom)
    except KeyError:
        return False
    berlaku = JENIS_BERLAKU.get(e.wilayah)
    return berlaku is None or "kota_luar_kkb" in berlaku


def _kelompok_utama(utama: pd.Series | None) -> list[str]:
    if utama is None or utama.get("keadaan") != "naik_tingkat":
        return []
    return [k for k in str(utama.get("kelompok") or "").split("+") if k]


def _isu_banding(
    kkb: Mapping[str, Any],
    luar: Mapping[str, Any] | None,
    kota: Mapping[str, Any] | None,
    pengaturan: Mapping[str, Any] | None,
) -> list[tuple[str, str, float, float]]:
    """Rule step 2: (indicator, comparator type, comparator value, gap), most severe first."""
    kandidat = []
    for urut, e in enumerate(katalog().daftar("laporan")):
        if not e.isu or "kota" not in e.pembanding or e.kolom not in kkb:
            continue
        v_kkb = _v(kkb, e.kolom)
        if v_kkb is None:
            continue
        semua = (("kota_luar_kkb", luar), ("kota", kota))
        pilihan = [(j, p) for j, p in semua if _v(p, e.kolom) is not None]
        if not pilihan:
            continue
        jenis, pemb = pilihan[0]
        v_p = _v(pemb, e.kolom)
        b = bandingkan_baris(kkb, pemb, Konteks.WILAYAH, pengaturan, kolom=[e.kolom])
        if e.kolom not in b or b[e.kolom].kode != Kode.LEBIH_BURUK:
            continue
        v_kkb, v_p = float(v_kkb), float(v_p)
        selisih = v_p - v_kkb if e.arah == "naik_baik" else v_kkb - v_p
        gap = selisih / v_p if v_p > 0 else math.inf
        kandidat.append((gap, urut, e.kolom, e.kelompok_isu, jenis, v_p))
    kandidat.sort(key=lambda k: (-k[0], k[1]))
    hasil, kelompok = [], set()
    for gap, _, kolom, grup, jenis, v_p in kandidat:
        if grup:
            if grup in kelompok:
                continue
            kelompok.add(grup)
        hasil.append((kolom, jenis, v_p, gap))
    return hasil


def _ukuran(kode: str, kolom: str, kkb: Mapping[str, Any]) -> str:
    """The measure of action ``kode`` for a problem of ``kolom``: the first of the action's
    ``ukuran`` (``referensi/aksi.yaml``) the KKB has a value for, else ``kolom`` itself."""
    for u in aturan_aksi()[kode].ukuran:
        if _v(kkb, u) is not None:
            return u
    return kolom


def aksi_kkb(
    kkb: Mapping[str, Any],
    wide: pd.DataFrame,
    tahun: int,
    rt: pd.DataFrame | None = None,
    target: pd.DataFrame | None = None,
    kelengkapan: pd.DataFrame | None = None,
    pengaturan: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The actions of one KKB (its ``out_wilayah`` row ``kkb``), in priority order (module
    docstring): one dict per row of ``out_aksi``."""
    kkb = dict(kkb)
    kkb_id = str(kkb["kkb_id"])
    wid = str(kkb["wilayah_id"])
    rt_k = _rt_kkb(rt, kkb_id)
    utama = klas.rencana_utama(rt_k) if not rt_k.empty else None
    naik = _kelompok_utama(utama)
    aturan = aturan_aksi()

    isu: list[tuple[str, str, str, Any, Any]] = []  # (jenis_isu, kode, kolom, pemb., nilai_p)

    def isu_indeks(jenis_isu: str, kelompok: str) -> None:
        # an index is measured by the steps that raise it (CPR, MKJP, unmet need of the
        # KKBPK report, or the score of one classification item), never by the index itself
        for kolom in _langkah_kelompok(rt_k, utama, kelompok)[:1]:
            isu.append((jenis_isu, kode_untuk_indikator(kolom), kolom, None, None))

    indeks_rendah = [
        k
        for k in klas.INDEKS
        if _v(kkb, klas.INDEKS[k]) is not None and float(kkb[klas.INDEKS[k]]) < klas.AMBANG_INDEKS
    ]
    for k in indeks_rendah:
        if k in naik:
            isu_indeks("tingkat", k)
    for kolom, jenis, v_p, _ in _isu_banding(
        kkb, _baris_jenis(wide, "kota_luar_kkb"), _baris_jenis(wide, "kota"), pengaturan
    ):
        isu.append(("lebih_buruk", kode_untuk_indikator(kolom), kolom, jenis, v_p))
    for k in indeks_rendah:
        if k not in naik:
            isu_indeks("indeks_rendah", k)
    if _v(kkb, "konvergensi_pct") is not None:
        for x in _PROGRAM:
            kolom = f"n_intervensi_non_kb_program_{x}"
            v = _v(kkb, kolom)
            if v is not None and float(v) == 0:
                isu.append(("inpres_kosong", kode_untuk_indikator(kolom), kolom, None, None))
    if kelengkapan is not None and not kelengkapan.empty:
        kl = kelengkapan.loc[kelengkapan["kkb_id"].astype("string") == kkb_id]
        if (kl["status"].astype("string") != "lengkap").any():
            kolom = "kelengkapan_pct"
            isu.append(("data_belum_lengkap", kode_untuk_indikator(kolom), kolom, None, None))

    tenggat_iso = tenggat(tahun, pengaturan)
    aturan_target = AturanTarget(kkb, wide, rt_k, target)
    baris, terpakai = [], set()
    for jenis_isu, kode, kolom, pemb, v_p in isu:
        if kode in terpakai:
            continue
        ukuran = _ukuran(kode, kolom, kkb)
        t = aturan_target(ukuran)
        arah = _arah(ukuran) if t is None else t.arah
        if t is not None and t.status_resmi == "tercapai":
            continue  # the measure's official target is met: no action on it
        terpakai.add(kode)
        a = aturan[kode]
        if ukuran != kolom or pemb is None:
            pemb, v_p = aturan_target.pembanding(ukuran)
        baris.append(
            {
                "tahun": int(tahun),
                "wilayah_id": wid,
                "kkb_id": kkb_id,
                "urutan": len(baris) + 1,
                "kode_aksi": kode,
                "jenis_isu": jenis_isu,
                "indikator": ukuran,
                "nilai_sekarang": _v(kkb, ukuran),
                "wilayah_pembanding": pemb,
                "nilai_pembanding": v_p,
                "nilai_target": None if t is None else t.nilai,
                "dasar_target": None if t is None else t.dasar,
                "arah_target": arah,
                "opd": a.opd,
                "opd_pendukung": ";".join(a.opd_pendukung) or None,
                "tenggat": tenggat_iso,
                "instrumen": instrumen_untuk(kode, kkb.get("kode_kelurahan"), pengaturan),
            }
        )
    return baris


def _arah(kolom: str) -> str:
    """``naik_baik`` (the target is a minimum) or ``turun_baik`` (a maximum)."""
    try:
        arah = katalog().get(kolom).arah
    except KeyError:
        arah = "naik_baik"  # technical counts (activities per Inpres area): more is better
    return arah if arah in ("naik_baik", "turun_baik") else "naik_baik"


def tabel_aksi(
    wide: pd.DataFrame,
    tahun: int,
    rt: pd.DataFrame | None = None,
    target: pd.DataFrame | None = None,
    kelengkapan: pd.DataFrame | None = None,
    pengaturan: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """``out_aksi``: the actions of every KKB of ``wide`` (``out_wilayah``), KKB in id order."""
    kkb = wide.loc[wide["jenis_wilayah"].astype("string") == "kkb"]
    kkb = kkb.sort_values("kkb_id", kind="stable")
    baris = []
    for rec in kkb.to_dict("records"):
        baris += aksi_kkb(rec, wide, tahun, rt, target, kelengkapan, pengaturan)
    return _bingkai(baris, KOLOM_AKSI, ("urutan", "tahun"), ("nilai_sekarang",))


_TEKS_AKSI = (
    "wilayah_id",
    "kkb_id",
    "kode_aksi",
    "jenis_isu",
    "indikator",
    "wilayah_pembanding",
    "dasar_target",
    "arah_target",
    "opd",
    "opd_pendukung",
    "tenggat",
    "instrumen",
    "status_tindak_lanjut",
    "sumber_aksi",
)


def _bingkai(
    baris: list[dict[str, Any]], kolom: tuple[str, ...], bulat: tuple[str, ...], _: tuple = ()
) -> pd.DataFrame:
    out = pd.DataFrame.from_records(baris, columns=list(kolom))
    for k in out.columns:
        if k in _TEKS_AKSI:
            out[k] = out[k].astype("string")
        elif k in bulat or k in ("tahun_aksi", "urutan_aksi"):
            out[k] = out[k].astype("int64") if len(out) else out[k].astype("Int64")
        else:
            out[k] = pd.to_numeric(out[k], errors="coerce").astype("Float64")
    return out


# ------------------------------------------------------------------------------- follow-up
def aksi_tahun_lalu(folder: Path, tahun_lalu: int, pengaturan: Mapping[str, Any] | None = None):
    """Last year's actions and how they were obtained: (table, ``tersimpan`` | ``hitung_ulang``),
    or (None, "") when last year was not built. ``folder`` is last year's processed folder."""

    def baca(nama: str) -> pd.DataFrame | None:
        path = folder / f"{nama}.parquet"
        if not path.is_file():
            return None
        try:
            return pd.read_parquet(path)
        except (pa.ArrowException, ValueError, OSError):
            return None

    lalu = baca("out_aksi")
    if lalu is not None and set(KOLOM_AKSI) <= set(lalu.columns):
        return lalu, "tersimpan"
    wide = baca("out_wilayah")
    if wide is None or not {"wilayah_id", "jenis_wilayah", "kkb_id"} <= set(wide.columns):
        return None, ""
    try:
        hitung = tabel_aksi(
            wide,
            tahun_lalu,
            baca("out_rencana_tingkat"),
            baca("out_target"),
            baca("out_kelengkapan"),
            pengaturan,
        )
    except (KeyError, ValueError, TypeError, AttributeError):
        logger.warning(
            "Aksi tahun %d tidak dapat dihitung ulang dari tabel tahun itu; tindak lanjut "
            "rekomendasi tahun lalu dikosongkan.",
            tahun_lalu,
        )
        return None, ""
    return hitung, "hitung_ulang"


def _tercapai(nilai: Any, target: Any, arah: str, kolom: str) -> bool | None:
    if kosong(nilai) or kosong(target):
        return None
    try:
        desimal = katalog().get(kolom).desimal
    except KeyError:
        desimal = 0
    v, t = bulatkan(nilai, desimal), bulatkan(target, 6)
    return v >= t if arah != "turun_baik" else v <= t


def status_tindak_lanjut(
    kolom: str,
    sekarang: Any,
    awal: Any,
    nilai_target: Any,
    arah: str,
    kode_banding: Any = None,
    pengaturan: Mapping[str, Any] | None = None,
) -> str:
    """The follow-up status of one action (module docstring)."""
    if kosong(sekarang):
        return "tidak_dapat_dinilai"
    if _tercapai(sekarang, nilai_target, arah, kolom):
        return "tercapai"
    if kosong(awal):
        return "tidak_dapat_dinilai"
    if kosong(kode_banding):
        try:
            e = katalog().get(kolom)
        except KeyError:  # technical count (activities): any change counts
            beda = float(sekarang) - float(awal)
            return "membaik" if beda > 0 else "memburuk" if beda < 0 else "tetap"
        kode_banding = bandingkan(e, Nilai(sekarang), Nilai(awal), Konteks.WAKTU, pengaturan).kode
    return {
        Kode.LEBIH_BAIK: "membaik",
        Kode.LEBIH_BURUK: "memburuk",
        Kode.SETARA: "tetap",
    }.get(Kode(kode_banding), "tidak_dapat_dinilai")


def tindak_lanjut(
    lalu: pd.DataFrame | None,
    wide: pd.DataFrame,
    tahun: int,
    perubahan: pd.DataFrame | None = None,
    sumber_aksi: str = "tersimpan",
    pengaturan: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """``out_tindak_lanjut``: last year's actions (``lalu``, an ``out_aksi`` table) of the KKB
    active this year, each with this year's value and a status (module docstring)."""
    if lalu is None or lalu.empty:
        return _bingkai([], KOLOM_TINDAK_LANJUT, ("tahun",))
    kini = {
        str(r["wilayah_id"]): r
        for r in wide.loc[wide["jenis_wilayah"].astype("string") == "kkb"].to_dict("records")
    }
    dasar: dict[tuple[str, str], dict[str, Any]] = {}
    if perubahan is not None and not perubahan.empty:
        for r in perubahan.to_dict("records"):
            dasar[(str(r["wilayah_id"]), str(r["indikator"]))] = r
    baris = []
    for a in lalu.sort_values(["kkb_id", "urutan"], kind="stable").to_dict("records"):
        wid, kolom = str(a["wilayah_id"]), str(a["indikator"])
        if wid not in kini:
            continue  # KKB no longer active: no report to carry the follow-up
        sekarang = _v(kini[wid], kolom)
        p = dasar.get((wid, kolom))
        awal = _v(p, "nilai_sebelumnya") if p is not None else None
        kode = _v(p, "kode_banding") if p is not None else None
        if awal is None:
            awal, kode = _v(a, "nilai_sekarang"), None
        arah = str(a.get("arah_target") or _arah(kolom))
        baris.append(
            {
                "tahun": int(tahun),
                "wilayah_id": wid,
                "kkb_id": a["kkb_id"],
                "tahun_aksi": int(a["tahun"]),
                "urutan_aksi": int(a["urutan"]),
                "kode_aksi": a["kode_aksi"],
                "indikator": kolom,
                "nilai_awal": awal,
                "nilai_target": _v(a, "nilai_target"),
                "dasar_target": _v(a, "dasar_target"),
                "arah_target": arah,
                "tenggat": _v(a, "tenggat"),
                "nilai_sekarang": sekarang,
                "status_tindak_lanjut": status_tindak_lanjut(
                    kolom, sekarang, awal, _v(a, "nilai_target"), arah, kode, pengaturan
                ),
                "sumber_aksi": sumber_aksi,
            }
        )
    return _bingkai(baris, KOLOM_TINDAK_LANJUT, ("tahun",))
