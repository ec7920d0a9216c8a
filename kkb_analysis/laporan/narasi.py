"""Rule-based narrative sentences of the per-KKB evaluation report (Bahasa Indonesia).

Every sentence is produced from the ``out_wilayah`` table (docs/skema.md §5) by the rules
below, never written by hand; every number goes through :mod:`kkb_analysis.laporan.format`.

- :data:`REGISTRI` — the headline indicators, read from the indicator catalogue
  (``indikator/katalog/``, list ``laporan``): column, label, unit, decimals, direction ("lebih
  tinggi lebih baik" / "lebih rendah lebih baik"), source label, comparator area types and the
  dedup group used by :func:`isu_utama`. List order is the tie-break order.
  :func:`registri` renders the labels for other settings.
- :func:`kalimat_perbandingan` — the KKB value against its kelurahan and the city.
- :func:`kalimat_tingkat` — the tier, its three indices and the change from last year.
- :func:`isu_utama` — the ``n`` most pressing issues (rule in its docstring).
- :func:`rekomendasi` — each issue mapped to the responsible OPD / Inpres 3/2022 programme area
  (:data:`REKOMENDASI`, made from the action list ``referensi/aksi.yaml``). The actions of the
  reports themselves (owner, deadline, measure, target, budget) are ``out_aksi``
  (:mod:`kkb_analysis.indikator.aksi`), worded by :mod:`kkb_analysis.laporan.kata_aksi`.
- small value-level rules for the profile sections: :func:`kalimat_proporsi` (n of N, %),
  :func:`kalimat_ibangga`, :func:`kalimat_stunting`, :func:`kalimat_proksi_penghasilan`,
  :func:`kalimat_umkm`, :func:`kalimat_perubahan_nilai`, :func:`daftar_rw`,
  :func:`format_koordinat`.
- the plan to the next tier (``out_rencana_tingkat``, numbers and codes only) in words:
  :func:`kalimat_kekurangan`, :func:`kalimat_langkah`, :func:`kalimat_rencana`.

Areas are found by their ``wilayah_id`` prefix (``kkb:``, ``sisa:``, ``kel:``, ``kec:``,
``kota:``) and named by ``nama_wilayah``. ``<NA>``/``NaN`` and an absent column both mean
"data tidak cukup".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis.indikator import klasifikasi as klas
from kkb_analysis.indikator.aksi import kode_untuk_indikator
from kkb_analysis.indikator.banding import (
    Kode,
    Konteks,
    Nilai,
    Perbandingan,
    bandingkan,
    bandingkan_baris,
)
from kkb_analysis.indikator.katalog import isi_label, katalog
from kkb_analysis.indikator.perubahan import BELUM_KKB
from kkb_analysis.laporan import kata_aksi
from kkb_analysis.laporan.format import (
    BELUM_KKB_TEKS,
    DATA_TIDAK_CUKUP,
    format_angka,
    format_persen,
    kata_selisih,
)
from kkb_analysis.laporan.kata_banding import kata_banding
from kkb_analysis.nilai import bulatkan, kosong

__all__ = [
    "INDIKATOR",
    "LEBIH_RENDAH",
    "LEBIH_TINGGI",
    "REGISTRI",
    "REKOMENDASI",
    "URUTAN_TINGKAT",
    "Indikator",
    "daftar_rw",
    "format_indikator",
    "format_koordinat",
    "isu_utama",
    "kalimat_ibangga",
    "kalimat_kekurangan",
    "kalimat_langkah",
    "kalimat_perbandingan",
    "kalimat_perubahan_nilai",
    "kalimat_proksi_penghasilan",
    "kalimat_proporsi",
    "kalimat_rencana",
    "kalimat_stunting",
    "kalimat_tingkat",
    "kalimat_umkm",
    "keterangan_kelengkapan",
    "keterangan_skor",
    "label_indeks",
    "langkah_rencana",
    "registri",
    "rekomendasi",
]

LEBIH_TINGGI = "lebih tinggi lebih baik"
LEBIH_RENDAH = "lebih rendah lebih baik"

# Comparator area types, by wilayah_id prefix: how the area is introduced in a sentence.
# "luar": the city outside every KKB (``kota_luar_kkb``), the comparator that judges a KKB.
_PREFIKS = {
    "kelurahan": "kel:",
    "sisa": "sisa:",
    "kecamatan": "kec:",
    "kota": "kota:",
    "luar": "luar_kkb:",
}
_SEBUTAN = {
    "kelurahan": "kelurahan ",
    "sisa": "wilayah ",
    "kecamatan": "kecamatan ",
    "kota": "",
    "luar": "",
}

BAKU_PEMBANDING = ("kelurahan", "kota")


@dataclass(frozen=True)
class Indikator:
    """One headline indicator of the report."""

    kolom: str  # column of out_wilayah
    label: str  # Indonesian label, capitalised as at the start of a sentence
    satuan: str  # "%" (percentage 0–100) or "indeks"
    arah: str  # LEBIH_TINGGI or LEBIH_RENDAH
    sumber: str  # source label printed in parentheses after the label ("" = none)
    desimal: int = 1
    pembanding: tuple[str, ...] = BAKU_PEMBANDING  # () = KKB-only indicator
    kelompok: str = ""  # isu_utama keeps one issue per non-empty group
    isu: bool = True  # candidate of isu_utama (needs "kota" in pembanding too)


def registri(pengaturan: Mapping[str, Any] | None = None) -> tuple[Indikator, ...]:
    """The headline indicators: the ``laporan`` list of the indicator catalogue, with labels
    rendered for the settings in force (``pengaturan``; default the package defaults).

    Every member needs a direction (``naik_baik``/``turun_baik``): a neutral one is a
    :class:`KeyError` here and in ``tests/laporan/test_narasi.py``.
    """
    return tuple(
        Indikator(
            kolom=e.kolom,
            label=e.judul(pengaturan),
            satuan="%" if e.satuan == "persen" else "indeks",
            arah={"naik_baik": LEBIH_TINGGI, "turun_baik": LEBIH_RENDAH}[e.arah],
            sumber=e.sumber.label,
            desimal=e.desimal,
            pembanding=e.pembanding,
            kelompok=e.kelompok_isu,
            isu=e.isu,
        )
        for e in katalog().daftar("laporan")
    )


REGISTRI: tuple[Indikator, ...] = registri()
INDIKATOR: dict[str, Indikator] = {i.kolom: i for i in REGISTRI}

#: Indicator → one-line recommendation template ("addressee (area x): action."), made from the
#: action list ``referensi/aksi.yaml`` (the one home of the texts; :mod:`kata_aksi`).
REKOMENDASI: dict[str, str] = {
    kolom: kata_aksi.templat_pihak(kode_untuk_indikator(kolom)) for kolom in INDIKATOR
}

URUTAN_TINGKAT: dict[str, int] = {"Dasar": 1, "Berkembang": 2, "Mandiri": 3, "Berkelanjutan": 4}


# --------------------------------------------------------------------------------------- helpers
_na = kosong  # the one missing-value rule (kkb_analysis.nilai)


def _indikator(
    indikator: str | Indikator, pengaturan: Mapping[str, Any] | None = None
) -> Indikator:
    if isinstance(indikator, Indikator):
        return indikator
    try:
        if pengaturan is not None:
            return {i.kolom: i for i in registri(pengaturan)}[indikator]
        return INDIKATOR[indikator]
    except KeyError:
        raise KeyError(f"indikator '{indikator}' tidak ada di registri narasi") from None


def format_indikator(nilai: Any, indikator: str | Indikator) -> str:
    """The value as printed for the indicator (missing → "data tidak cukup")."""
    ind = _indikator(indikator)
    if ind.satuan == "%":
        return format_persen(nilai, ind.desimal)
    return format_angka(nilai, ind.desimal)


def _kkb_key(kkb_id: str) -> str:
    return kkb_id if kkb_id.startswith("kkb:") else f"kkb:{kkb_id}"


def _posisi(wide: pd.DataFrame, cocok: np.ndarray, label: str) -> pd.Series | None:
    """The one row where ``cocok`` holds (``iloc`` on a position: no copy of the wide table)."""
    pos = np.flatnonzero(cocok)
    if len(pos) == 0:
        return None
    if len(pos) > 1:
        raise ValueError(f"{label} muncul lebih dari sekali")
    return wide.iloc[int(pos[0])]


def _baris(wide: pd.DataFrame, wilayah_id: str) -> pd.Series | None:
    cocok = wide["wilayah_id"].astype("string").eq(wilayah_id).fillna(False).to_numpy(bool)
    return _posisi(wide, cocok, f"wilayah_id '{wilayah_id}'")


def _baris_kkb(wide: pd.DataFrame, kkb_id: str) -> pd.Series:
    row = _baris(wide, _kkb_key(kkb_id))
    if row is None:
        raise KeyError(f"Kampung KB '{kkb_id}' tidak ada di out_wilayah")
    return row


def _nilai(row: pd.Series, kolom: str) -> Any:
    value = row.get(kolom, pd.NA)
    return pd.NA if _na(value) else value


def _baris_pembanding(wide: pd.DataFrame, kkb: pd.Series, jenis: str) -> pd.Series | None:
    if jenis not in _PREFIKS:
        raise ValueError(f"jenis pembanding '{jenis}' tidak dikenal; pilih dari {list(_PREFIKS)}")
    if jenis in ("kota", "luar"):
        awalan = _PREFIKS[jenis]
        cocok = (
            wide["wilayah_id"].astype("string").str.startswith(awalan).fillna(False).to_numpy(bool)
        )
        return _posisi(wide, cocok, f"baris {awalan}")
    if jenis == "sisa":
        kode = str(kkb["wilayah_id"]).removeprefix("kkb:")
    else:
        kode = _nilai(kkb, "kode_kelurahan" if jenis == "kelurahan" else "kode_kecamatan")
        if _na(kode):
            return None
    return _baris(wide, f"{_PREFIKS[jenis]}{kode}")


def _nama(row: pd.Series, jenis: str) -> str:
    return f"{_SEBUTAN[jenis]}{row['nama_wilayah']}"


def _gabung(items: Sequence[str]) -> str:
    """ "a", "a dan b", "a, b, dan c"."""
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def banding_wilayah(
    baris: pd.Series,
    pembanding: pd.Series | None,
    kolom: str,
    pengaturan: Mapping[str, Any] | None = None,
) -> Perbandingan:
    """The comparison of an area with a comparator area on one indicator: the one rule
    :func:`~kkb_analysis.indikator.banding.bandingkan` (context "wilayah"), with the numerator
    and denominator columns of the catalogue read from both rows. Every report comparison
    between areas goes through here; the words come from :mod:`kata_banding`."""
    if pembanding is None:
        pembanding = pd.Series(dtype=object)
    hasil = bandingkan_baris(baris, pembanding, Konteks.WILAYAH, pengaturan, kolom=[kolom])
    if kolom in hasil:
        return hasil[kolom]
    e = katalog().get(kolom)
    return bandingkan(e, Nilai(None), Nilai(None), Konteks.WILAYAH, pengaturan)


def _relasi(p: Perbandingan) -> str:
    """The phrase before a comparator: "lebih buruk daripada" / "setara dengan" …"""
    kata = kata_banding(p.kode, Konteks.WILAYAH)
    return f"{kata} dengan" if kata == "setara" else f"{kata} daripada"


def _subjek(ind: Indikator, nama_kkb: str) -> str:
    sumber = f" ({ind.sumber})" if ind.sumber else ""
    return f"{ind.label}{sumber} di {nama_kkb}"


# ---------------------------------------------------------------------------------- comparison
def kalimat_perbandingan(
    wide: pd.DataFrame,
    kkb_id: str,
    indikator: str | Indikator,
    pembanding: Sequence[str] | None = None,
    pengaturan: Mapping[str, Any] | None = None,
) -> str:
    """One sentence comparing the KKB with its comparator areas on one indicator.

    ``pembanding`` lists comparator area types among ``kelurahan`` (the KKB's whole kelurahan,
    ``kel:<kode_kelurahan>``), ``sisa`` (the kelurahan outside the KKB), ``kecamatan`` and
    ``kota``; default the indicator's :attr:`Indikator.pembanding` (kelurahan and kota for
    area indicators, none for KKB-only ones). A comparator whose row is absent from ``wide`` is
    left out. The relation is the comparison code of :func:`banding_wilayah` in words
    ("lebih baik" / "lebih buruk" / "setara" for a directional indicator; a difference below
    the minimal meaningful difference, or an e-PPGBM interval that contains 0, is "setara").
    Examples::

        CPR (PK) di Kampung KB Cikerai 55,2% — lebih buruk daripada kelurahan Cikerai (60,1%)
        dan Kota Cilegon (59,8%).
        CPR (PK) di Kampung KB Cikerai 59,5% — setara dengan Kota Cilegon (59,8%);
        data kelurahan Cikerai tidak cukup untuk dibandingkan.
        CPR (PK) di Kampung KB Cikerai: data tidak cukup, sehingga belum dapat dibandingkan
        dengan kelurahan Cikerai (60,1%) dan Kota Cilegon (59,8%).

    ``pengaturan``: the settings in force, for labels that quote a setting (default: the
    package defaults).
    """
    ind = _indikator(indikator, pengaturan)
    kkb = _baris_kkb(wide, kkb_id)
    jenis_list = ind.pembanding if pembanding is None else tuple(pembanding)
    subjek = _subjek(ind, kkb["nama_wilayah"])
    nilai_kkb = _nilai(kkb, ind.kolom)

    pembanding_ada: list[tuple[str, Any]] = []  # (name, value) of existing comparator rows
    row_of: dict[str, pd.Series] = {}
    for jenis in jenis_list:
        row = _baris_pembanding(wide, kkb, jenis)
        if row is not None:
            pembanding_ada.append((_nama(row, jenis), _nilai(row, ind.kolom)))
            row_of[_nama(row, jenis)] = row

    if _na(nilai_kkb):
        if not pembanding_ada:
            return f"{subjek}: {DATA_TIDAK_CUKUP}."
        daftar = _gabung([f"{nama} ({format_indikator(v, ind)})" for nama, v in pembanding_ada])
        return f"{subjek}: {DATA_TIDAK_CUKUP}, sehingga belum dapat dibandingkan dengan {daftar}."

    teks_kkb = f"{subjek} {format_indikator(nilai_kkb, ind)}"
    if not pembanding_ada:
        return f"{teks_kkb}."

    # Consecutive comparators with the same relation share one phrase.
    kelompok: list[tuple[str, list[str]]] = []
    kosong: list[str] = []
    for nama, v in pembanding_ada:
        if _na(v):
            kosong.append(nama)
            continue
        rel = _relasi(banding_wilayah(kkb, row_of[nama], ind.kolom, pengaturan))
        item = f"{nama} ({format_indikator(v, ind)})"
        if kelompok and kelompok[-1][0] == rel:
            kelompok[-1][1].append(item)
        else:
            kelompok.append((rel, [item]))
    catatan_kosong = f"data {_gabung(kosong)} tidak cukup untuk dibandingkan" if kosong else ""
    if not kelompok:
        return f"{teks_kkb}; {catatan_kosong}."
    perbandingan = _gabung([f"{rel} {_gabung(items)}" for rel, items in kelompok])
    kalimat = f"{teks_kkb} — {perbandingan}"
    if catatan_kosong:
        kalimat += f"; {catatan_kosong}"
    return kalimat + "."


# ---------------------------------------------------------------------------------------- tier
def kalimat_tingkat(wide: pd.DataFrame, kkb_id: str) -> str:
    """The KKB's tier with its three indices and the change from last year.

    "Kampung KB Cikerai berada pada tingkat Mandiri (indeks input 3,20; indeks proses 3,00;
    indeks output 2,75), naik dari Berkembang menjadi Mandiri." The change is "naik dari A
    menjadi B", "turun dari A menjadi B", "tetap A seperti tahun lalu", or, when
    ``tingkat_sebelumnya`` is ``belum_kkb``, "tahun lalu wilayah ini belum menjadi KKB (KKB
    baru)". Without the column (previous year not built), with ``<NA>`` there or with an
    undecided tier on either side the change is said to be not assessable. Indices print with
    2 decimals.
    """
    kkb = _baris_kkb(wide, kkb_id)
    nama = kkb["nama_wilayah"]
    indeks = "; ".join(
        f"indeks {bagian} {format_angka(_nilai(kkb, f'index_{bagian}'), 2)}"
        for bagian in ("input", "proses", "output")
    )
    sekarang = _nilai(kkb, "tingkat")
    if _na(sekarang) or sekarang == DATA_TIDAK_CUKUP:
        awal = f"Tingkat {nama}: {DATA_TIDAK_CUKUP} ({indeks})"
        sekarang = None
    else:
        _cek_tingkat(sekarang)
        awal = f"{nama} berada pada tingkat {sekarang} ({indeks})"

    if "tingkat_sebelumnya" not in kkb.index:
        return (
            f"{awal}; perubahan dari tahun lalu tidak dapat dinilai (data tahun lalu belum diolah)."
        )
    lalu = _nilai(kkb, "tingkat_sebelumnya")
    if not _na(lalu) and lalu == BELUM_KKB:
        return f"{awal}; tahun lalu wilayah ini {BELUM_KKB_TEKS} (KKB baru)."
    if _na(lalu):
        return (
            f"{awal}; perubahan dari tahun lalu tidak dapat dinilai (tingkat tahun lalu tidak "
            "tersedia)."
        )
    if sekarang is None or lalu == DATA_TIDAK_CUKUP:
        return f"{awal}; perubahan dari tahun lalu tidak dapat dinilai ({DATA_TIDAK_CUKUP})."
    _cek_tingkat(lalu)
    if URUTAN_TINGKAT[sekarang] > URUTAN_TINGKAT[lalu]:
        return f"{awal}, naik dari {lalu} menjadi {sekarang}."
    if URUTAN_TINGKAT[sekarang] < URUTAN_TINGKAT[lalu]:
        return f"{awal}, turun dari {lalu} menjadi {sekarang}."
    return f"{awal}, tetap {sekarang} seperti tahun lalu."


def _cek_tingkat(tingkat: Any) -> None:
    if tingkat not in URUTAN_TINGKAT:
        raise ValueError(f"tingkat '{tingkat}' tidak dikenal; pilih dari {list(URUTAN_TINGKAT)}")


# ---------------------------------------------------------------------------------- main issues
def isu_utama(
    wide: pd.DataFrame,
    kkb_id: str,
    n: int = 3,
    pengaturan: Mapping[str, Any] | None = None,
    kota: str = "kota",
) -> list[dict[str, Any]]:
    """The ``n`` most pressing issues of the KKB, most pressing first.

    ``kota``: the city row that judges the KKB, ``"kota"`` (the city total) or ``"luar"`` (the
    city outside every KKB, ``kota_luar_kkb``; the report's comparator).

    Rule (deterministic):

    1. Candidates are the registry indicators with :attr:`Indikator.isu` that are compared with
       the city (``"kota"`` in :attr:`Indikator.pembanding`) and whose column is in ``wide``
       (not konvergensi: the city value pools all KKB, so no KKB can exceed it). An indicator
       is skipped when the KKB or the city value is missing.
    2. The KKB must be *worse* than the city by the comparison rule (:func:`banding_wilayah`,
       code ``lebih_buruk``); "setara" is no issue.
    3. Severity = relative gap = worse difference / city value, i.e. (kota − kkb) / kota or
       (kkb − kota) / kota on the unrounded values; a city value ≤ 0 gives an infinite gap.
    4. Sort by severity, descending; ties keep registry order. Within a non-empty
       :attr:`Indikator.kelompok` (the stunting prevalences) only the first is kept. Return the
       first ``n``.

    Each item: ``indikator``, ``label``, ``sumber``, ``arah``, ``nilai_kkb``, ``nilai_kota``,
    ``selisih_relatif`` (the gap) and ``kalimat`` (:func:`kalimat_perbandingan`).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n harus bilangan bulat ≥ 0, bukan {n!r}")
    kkb = _baris_kkb(wide, kkb_id)
    jenis_kota = kota
    kota = _baris_pembanding(wide, kkb, jenis_kota)
    if kota is None:
        return []
    kandidat: list[tuple[float, int, Indikator, float, float]] = []
    for urutan, ind in enumerate(REGISTRI if pengaturan is None else registri(pengaturan)):
        if not ind.isu or "kota" not in ind.pembanding or ind.kolom not in wide.columns:
            continue
        v_kkb, v_kota = _nilai(kkb, ind.kolom), _nilai(kota, ind.kolom)
        if _na(v_kkb) or _na(v_kota):
            continue
        if banding_wilayah(kkb, kota, ind.kolom, pengaturan).kode != Kode.LEBIH_BURUK:
            continue
        v_kkb, v_kota = float(v_kkb), float(v_kota)
        selisih = v_kota - v_kkb if ind.arah == LEBIH_TINGGI else v_kkb - v_kota
        gap = selisih / v_kota if v_kota > 0 else math.inf
        kandidat.append((gap, urutan, ind, v_kkb, v_kota))
    kandidat.sort(key=lambda k: (-k[0], k[1]))

    hasil: list[dict[str, Any]] = []
    kelompok_terpakai: set[str] = set()
    for gap, _, ind, v_kkb, v_kota in kandidat:
        if len(hasil) >= n:
            break
        if ind.kelompok:
            if ind.kelompok in kelompok_terpakai:
                continue
            kelompok_terpakai.add(ind.kelompok)
        hasil.append(
            {
                "indikator": ind.kolom,
                "label": ind.label,
                "sumber": ind.sumber,
                "arah": ind.arah,
                "nilai_kkb": v_kkb,
                "nilai_kota": v_kota,
                "selisih_relatif": gap,
                "kalimat": kalimat_perbandingan(
                    wide,
                    kkb_id,
                    ind,
                    pengaturan=pengaturan,
                    pembanding=None if jenis_kota == "kota" else ("kelurahan", jenis_kota),
                ),
            }
        )
    return hasil


# ------------------------------------------------------------------------------ recommendations
def rekomendasi(
    isu: Sequence[Mapping[str, Any] | str], pengaturan: Mapping[str, Any] | None = None
) -> list[str]:
    """Recommendations for the issues, in issue order (items of :func:`isu_utama` or column
    names), from :data:`REKOMENDASI`, with the settings it quotes (``{umur.sekolah.SMA}``) as in
    ``pengaturan`` (default: the package defaults). Identical texts (e.g. CPR and mCPR both →
    area c) are given once. An indicator without a recommendation raises ``KeyError``."""
    hasil: list[str] = []
    for item in isu:
        kolom = item if isinstance(item, str) else item["indikator"]
        try:
            templat = REKOMENDASI[kolom]
        except KeyError:
            raise KeyError(f"belum ada rekomendasi untuk indikator '{kolom}'") from None
        teks = isi_label(templat, pengaturan)
        if teks not in hasil:
            hasil.append(teks)
    return hasil


# ------------------------------------------------------------------ value-level sentence rules
def kalimat_proporsi(subjek: str, n: Any, penyebut: Any, pct: Any, satuan: str) -> str:
    """ "KRS (PK 2023) di Kampung KB X: 1.234 dari 2.345 keluarga sasaran (52,6%)."

    A missing or zero denominator, or a missing rate, gives "<subjek>: data tidak cukup."
    """
    if _na(penyebut) or _na(pct) or _na(n) or float(penyebut) == 0:
        return f"{subjek}: {DATA_TIDAK_CUKUP}."
    return (
        f"{subjek}: {format_angka(n)} dari {format_angka(penyebut)} {satuan} "
        f"({format_persen(pct)})."
    )


def kalimat_ibangga(
    subjek: str, indeks: Any, kategori: Any, rentan: Any, berkembang: Any, tangguh: Any
) -> str:
    """ "Indeks iBangga (PK 2023) di X 60,75, kategori Berkembang; keluarga Rentan 6,2%,
    Berkembang 68,5%, Tangguh 25,3%." Missing index → "<subjek>: data tidak cukup." """
    if _na(indeks):
        return f"{subjek}: {DATA_TIDAK_CUKUP}."
    kat = DATA_TIDAK_CUKUP if _na(kategori) else str(kategori)
    return (
        f"{subjek} {format_angka(indeks, 2)}, kategori {kat}; keluarga Rentan "
        f"{format_persen(rentan)}, Berkembang {format_persen(berkembang)}, Tangguh "
        f"{format_persen(tangguh)}."
    )


def kalimat_stunting(subjek: str, pct: Any, n: Any, kategori: Any) -> str:
    """ "Prevalensi stunting (e-PPGBM 2023) di X 12,3% (n = 456 balita diukur), kategori
    sedang menurut ambang WHO–UNICEF." Missing prevalence → "... : data tidak cukup (n = …)." """
    jumlah = f"n = {format_angka(n)} balita diukur"
    if _na(pct):
        return f"{subjek}: {DATA_TIDAK_CUKUP} ({jumlah})."
    kat = DATA_TIDAK_CUKUP if _na(kategori) else str(kategori)
    return f"{subjek} {format_persen(pct)} ({jumlah}), kategori {kat} menurut ambang WHO–UNICEF."


def kalimat_proksi_penghasilan(subjek: str, pct: Any, pct_tidak_diketahui: Any) -> str:
    """The "keluarga tidak berpenghasilan tetap" share, always introduced as a proxy."""
    awal = (
        f"{subjek} (proksi, bukan definisi resmi: P.04 = Tidak atau pekerjaan kepala keluarga "
        f"tidak tetap)"
    )
    if _na(pct):
        return f"{awal}: {DATA_TIDAK_CUKUP}."
    return (
        f"{awal} {format_persen(pct)} dari seluruh keluarga; "
        f"{format_persen(pct_tidak_diketahui)} keluarga tidak dapat digolongkan."
    )


def kalimat_umkm(nama: str, n_unggulan: Any, label_sumber: str) -> str:
    """How many UMKM unggulan the KKB has, with an honest sentence when it has none."""
    if _na(n_unggulan):
        return f"Data UMKM unggulan {nama} ({label_sumber}): {DATA_TIDAK_CUKUP}."
    if float(n_unggulan) == 0:
        return (
            f"Belum ada UMKM unggulan yang tercatat untuk {nama} dalam {label_sumber}; "
            "bagian ini akan terisi setelah Pokja mendata UMKM unggulan keluarga di KKB."
        )
    return f"{nama} memiliki {format_angka(n_unggulan)} UMKM unggulan menurut {label_sumber}."


def _bertanda(x: Any, desimal: int) -> str:
    """A signed number: "+0,3", "−4,1", "0,0"."""
    teks = format_angka(x, desimal)
    return f"+{teks}" if x > 0 else teks


def kalimat_perubahan_nilai(
    nilai: Any,
    sebelumnya: Any,
    indikator: str | Indikator,
    kode: Any = None,
    perubahan_bawah: Any = None,
    perubahan_atas: Any = None,
    n_kecil: Any = False,
    pengaturan: Mapping[str, Any] | None = None,
) -> str:
    """The change from last year of one indicator in words: the word of the comparison code
    (``out_perubahan.kode_banding``; when absent, decided by the same rule without counts)
    and the difference of the printed values, with the Newcombe interval of e-PPGBM
    percentages and a small-n mark. Percentages change in points. Examples::

        membaik (selisih +2,0 poin)
        setara (selisih +4,1 poin; rentang −3,9 s.d. 12,3)
        data tidak cukup
    """
    ind = _indikator(indikator)
    if _na(nilai) or _na(sebelumnya):
        return DATA_TIDAK_CUKUP
    if kode is None or _na(kode):
        e = katalog().get(ind.kolom)
        kode = bandingkan(e, Nilai(nilai), Nilai(sebelumnya), Konteks.WAKTU, pengaturan).kode
    kata = kata_banding(kode, Konteks.WAKTU)
    if Kode(kode) == Kode.TIDAK_CUKUP:
        return kata
    satuan = f" {kata_selisih(ind.satuan)}" if ind.satuan == "%" else ""
    beda = bulatkan(nilai, ind.desimal) - bulatkan(sebelumnya, ind.desimal)
    rincian = f"selisih {_bertanda(beda, ind.desimal)}{satuan}"
    if not (_na(perubahan_bawah) or _na(perubahan_atas)):
        rincian += (
            f"; rentang {format_angka(perubahan_bawah, ind.desimal)} s.d. "
            f"{format_angka(perubahan_atas, ind.desimal)}"
        )
    if not _na(n_kecil) and bool(n_kecil):
        rincian += "; n kecil"
    return f"{kata} ({rincian})"


def daftar_rw(rw_list: Any) -> str:
    """Coverage from ``core_kkb.rw_list``: "RW 003, 004 dan 005"; missing → "seluruh
    kelurahan"."""
    if _na(rw_list) or not str(rw_list).strip():
        return "seluruh kelurahan"
    rw = [r.strip() for r in str(rw_list).split(";") if r.strip()]
    if len(rw) == 1:
        return f"RW {rw[0]}"
    return "RW " + ", ".join(rw[:-1]) + " dan " + rw[-1]


def format_koordinat(lintang: Any, bujur: Any) -> str:
    """ "6,00040° LS, 106,04600° BT" (5 decimals ≈ 1 m); missing → "data tidak cukup"."""
    if _na(lintang) or _na(bujur):
        return DATA_TIDAK_CUKUP
    lat, lon = float(lintang), float(bujur)
    ns = "LS" if lat < 0 else "LU"
    ew = "BB" if lon < 0 else "BT"
    return f"{format_angka(abs(lat), 5)}° {ns}, {format_angka(abs(lon), 5)}° {ew}"


# ----------------------------------------------------------------------------- kelengkapan data
#: domain code (out_kelengkapan.domain) → (records counted, qualifying / partial wording)
_FRASA_KELENGKAPAN: dict[str, tuple[str, str]] = {
    "kependudukan": ("anggota keluarga", "dengan jenis kelamin dan umur valid"),
    "keluarga_kurang_mampu": (
        "data kesejahteraan tertaut dengan desil atau status DTKS",
        "data tertaut tanpa desil/status",
    ),
    "balita": ("balita tercatat", ""),
    "anak_usia_sekolah": ("anak usia sekolah", "dengan status sekolah terisi"),
    "remaja": ("remaja tercatat", ""),
    "umkm_unggulan": ("UMKM unggulan", "UMKM tercatat bukan unggulan"),
    "stunting": (
        "anak dengan z-skor TB/U valid",
        "anak tercatat di e-PPGBM tanpa z-skor TB/U valid",
    ),
    "dtks": ("data DTKS/DTSEN tertaut dengan status diketahui", "data tertaut tanpa status DTKS"),
    "keluarga_tidak_berpenghasilan_tetap": (
        "keluarga",
        "dapat digolongkan berpenghasilan tetap/tidak tetap",
    ),
}


def keterangan_kelengkapan(domain: str, n_tercatat: Any, n_memenuhi: Any, ambang_pct: Any) -> str:
    """The explanation of one row of ``out_kelengkapan``, made from its numbers.

    Share domains (``ambang_pct`` given): "50 dari 100 anak usia sekolah (50,0%) dengan status
    sekolah terisi; ambang 90,0%", or "tidak ada anak usia sekolah tercatat". Count domains: "12
    balita tercatat", "0 UMKM unggulan; 2 UMKM tercatat bukan unggulan" or "tidak ada remaja
    tercatat". An unknown domain code gives "-".
    """
    if domain not in _FRASA_KELENGKAPAN:
        return "-"
    apa, lain = _FRASA_KELENGKAPAN[domain]

    def angka(x: Any) -> float:
        return 0.0 if x is None or pd.isna(x) else float(x)

    tercatat, memenuhi = angka(n_tercatat), angka(n_memenuhi)
    if ambang_pct is not None and not pd.isna(ambang_pct):
        if tercatat <= 0:
            return f"tidak ada {apa} tercatat"
        return (
            f"{format_angka(memenuhi)} dari {format_angka(tercatat)} {apa} "
            f"({format_persen(100 * (memenuhi / tercatat))}) {lain}; "
            f"ambang {format_persen(float(ambang_pct))}"
        )
    if memenuhi >= 1:
        return f"{format_angka(memenuhi)} {apa}"
    if tercatat >= 1:
        return f"0 {apa}; {format_angka(tercatat)} {lain}"
    return f"tidak ada {apa}"


# --------------------------------------------------------------------- classification scores
_TANPA_PROFIL = "data tidak cukup: tidak ada profil KKB tahun ini"
_TANPA_KKBPK = "data tidak cukup: tidak ada laporan KKBPK tahun ini"
_TANPA_PUS = "data tidak cukup: PUS = 0"
_TANPA_PENYEBUT = "data tidak cukup: penyebut PK wilayah KKB (keluarga, remaja, …) tidak tersedia"


def _persen_bulat(q: Fraction) -> str:
    """A percentage with one decimal, ",0" dropped: 52,8 and 40."""
    teks = format_angka(q, 1)
    return teks[:-2] if teks.endswith(",0") else teks


def _rasio(pembilang: Any, penyebut: Any, pct: Any) -> str:
    """ "76 / 144 = 52,8 % → 53 %": the exact share and the portal's integer %."""
    num, den = int(pembilang), int(penyebut)
    return (
        f"{format_angka(num)} / {format_angka(den)} = "
        f"{_persen_bulat(Fraction(100 * num, den))} % → {int(pct)} %"
    )


def keterangan_skor(baris: Mapping[str, Any] | pd.Series, indikator: str) -> str:
    """The explanation of one classification score, made from the numbers of the KKB's
    ``out_wilayah`` row (or a :func:`~kkb_analysis.indikator.klasifikasi.score_kkb` result).

    Profile indicators: "Pokja ada, 13 anggota, sudah dilatih", "3 dari 6: APBN, APBD, Swadaya";
    lintas sektor: "3 instansi non-KB berbeda (instansi KB tidak dihitung)"; KKBPK
    indicators: "76 / 144 = 52,8 % → 53 %" and the poktan components with their mean. A missing
    source gives "data tidak cukup: …" with the reason.
    """

    def v(kolom: str) -> Any:
        x = baris.get(kolom) if hasattr(baris, "get") else None
        return None if kosong(x) else x

    def ya(kolom: str) -> bool:
        return v(kolom) is not None and bool(v(kolom))

    if indikator in klas.KELOMPOK["INPUT"] or indikator in klas.KOLOM_N:
        if not ya("ada_profil"):
            return _TANPA_PROFIL
        if indikator == "input_pokja":
            if not ya("pokja_ada"):
                return "Pokja belum ada"
            latih = "sudah dilatih" if ya("pokja_pelatihan") else "belum dilatih"
            return f"Pokja ada, {int(v('pokja_jumlah') or 0)} anggota, {latih}"
        butir = klas.BUTIR[indikator]
        ada = [klas.LABEL_BUTIR[c] for c in butir if ya(c)]
        n = int(v(klas.KOLOM_N[indikator]) or 0)
        return f"{n} dari {len(butir)}" + (": " + ", ".join(ada) if ada else "")
    if indikator == "proses_lintas_sektor":
        n = v("n_lintas_sektor")
        if n is None:
            return "data tidak cukup: data intervensi tidak tersedia"
        return f"{int(n)} instansi non-KB berbeda (instansi KB tidak dihitung)"
    if indikator not in klas.KELOMPOK["OUTPUT"]:
        raise KeyError(f"indikator klasifikasi '{indikator}' tidak dikenal")
    if not ya("ada_kkbpk"):
        return _TANPA_KKBPK
    if indikator == "output_poktan":
        bagian = {
            label: v(f"partisipasi_{label.lower().replace('-', '')}_pct")
            for label in klas.LABEL_POKTAN.values()
        }
        if any(x is None for x in bagian.values()):
            return _TANPA_PENYEBUT
        rinci = ", ".join(f"{k} {int(x)} %" for k, x in bagian.items())
        rata = Fraction(sum(int(x) for x in bagian.values()), len(bagian))
        return f"{rinci} → rata-rata {_persen_bulat(rata)} → {int(v('output_poktan_nilai'))} %"
    pus, pengguna = v("pus"), v("pengguna_kb")
    if pus is None or int(pus) == 0:
        return _TANPA_PUS
    nilai = v(f"{indikator}_nilai")
    if indikator == "output_cpr":
        return _rasio(pengguna, pus, nilai)
    if indikator == "output_mkjp":
        if int(pengguna) == 0:
            return "belum ada pengguna KB → MKJP 0 % (seperti portal)"
        return _rasio(v("pengguna_mkjp"), pengguna, nilai)
    return _rasio(v("iat_tial"), pus, nilai)


# ------------------------------------------------------------- plan to the next tier (§2.8)
#: what to do to have a profile item, as a verb phrase
_AKSI_BUTIR: dict[str, str] = {
    **{c: "tambah sumber dana " + klas.LABEL_BUTIR[c] for c in klas.BUTIR["input_sumber_dana"]},
    **{c: "bentuk poktan " + klas.LABEL_BUTIR[c] for c in klas.BUTIR["input_poktan"]},
    "sekretariat": "bentuk Sekretariat KKB",
    "rumah_dataku": "bentuk Rumah DataKu",
    "pkb_plkb_pendamping": "tetapkan PKB/PLKB pendamping",
    "regulasi_ada": "terbitkan regulasi (SK) tentang KKB",
    **{c: "gunakan " + klas.LABEL_BUTIR[c] for c in klas.BUTIR["proses_penggunaan_data"]},
    **{c: "jalankan " + klas.LABEL_BUTIR[c] for c in klas.BUTIR["proses_operasional"]},
}
#: "add ``need`` more of …" phrase per count indicator
_FRASA_SEBAGIAN: dict[str, str] = {
    "input_sumber_dana": "Tambah {need} sumber dana lagi dari {opsi}",
    "input_poktan": "Bentuk {need} poktan lagi dari {opsi}",
    "input_sarana": "Bentuk {need} sarana lagi dari {opsi}",
    "input_pkb": "Penuhi {need} lagi dari {opsi}",
    "proses_penggunaan_data": "Gunakan {need} sumber data lagi dari {opsi}",
    "proses_operasional": "Jalankan {need} mekanisme operasional lagi dari {opsi}",
}
#: The output shares of the tier path are the KKBPK monthly report's (integer %, as the portal
#: scores them): the source is named wherever the number is printed (not the PK share).
_NAMA_PERSEN = {
    "output_poktan": "Partisipasi poktan (KKBPK)",
    "output_cpr": "CPR (KKBPK)",
    "output_mkjp": "MKJP (KKBPK)",
}
_CATAT_ANGGOTA = "catat anggota Pokja (jumlah anggota > 0)"


def _medan(baris: Mapping[str, Any] | pd.Series, kolom: str) -> Any:
    x = baris.get(kolom) if hasattr(baris, "get") else None
    return None if kosong(x) else x


def _kapital(teks: str) -> str:
    return teks[:1].upper() + teks[1:]


def label_indeks(kelompok: str) -> str:
    """The catalogue label of the index of a classification group: "INPUT" → "Indeks input"."""
    return katalog().get(klas.INDEKS[kelompok]).label


def kalimat_kekurangan(baris: Mapping[str, Any] | pd.Series) -> str:
    """A ``kekurangan`` row of ``out_rencana_tingkat`` in words: "Indeks input 2,40 (Σ 12) →
    3,00 (Σ 15): kurang 3 poin", or "Indeks output data tidak cukup: lengkapi datanya dulu"."""
    kelompok = str(_medan(baris, "kelompok"))
    label = label_indeks(kelompok)
    jumlah = _medan(baris, "jumlah_skor")
    if _medan(baris, "keadaan") == "data_tidak_cukup" or jumlah is None:
        return f"{label} {DATA_TIDAK_CUKUP}: lengkapi datanya dulu"
    rata = format_angka(int(jumlah) / len(klas.KELOMPOK[kelompok]), 2)
    return (
        f"{label} {rata} (Σ {format_angka(jumlah)}) → {format_angka(klas.AMBANG_INDEKS, 2)} "
        f"(Σ {format_angka(_medan(baris, 'jumlah_perlu'))}): kurang "
        f"{format_angka(_medan(baris, 'kekurangan_poin'))} poin"
    )


def kalimat_langkah(baris: Mapping[str, Any] | pd.Series) -> str:
    """One step of ``out_rencana_tingkat`` (a ``langkah`` or ``rencana_langkah`` row) in words:
    what to change and the score it gives, e.g. "Bentuk Rumah DataKu → skor Sarana (sekretariat,
    Rumah DataKu) 2 → 3" or "CPR 38 % → ≥ 41 % → skor CPR (7 metode, definisi portal) 2 → 3
    (mis. pengguna KB 76 → 82 dari 200 PUS)"."""
    if _medan(baris, "keadaan") == "tidak_tercapai":
        nama = label_indeks(str(_medan(baris, "kelompok")))
        return f"{nama} tidak dapat mencapai {format_angka(klas.AMBANG_INDEKS, 2)}"
    ind = str(baris["indikator"])
    s, baru = int(_medan(baris, "skor_sekarang")), int(_medan(baris, "skor_baru"))
    ekor = f" → skor {klas.INDIKATOR_BY_NAME[ind].label} {s} → {baru}"
    butir = [c.strip() for c in str(_medan(baris, "butir_kurang") or "").split(",") if c.strip()]
    kini, batas = _medan(baris, "nilai_sekarang"), _medan(baris, "nilai_perlu")
    if ind == "input_pokja":
        aksi = ["bentuk Pokja KKB"] if "pokja_ada" in butir else []
        if baru == 3 and {"pokja_jumlah", "pokja_pelatihan"} <= set(butir):
            aksi.append(f"{_CATAT_ANGGOTA} atau latih Pokja")
        if baru == 4:
            aksi += [_CATAT_ANGGOTA] if "pokja_jumlah" in butir else []
            aksi += ["latih Pokja"] if "pokja_pelatihan" in butir else []
        return _kapital(" dan ".join(aksi)) + ekor
    if ind in klas.BUTIR:
        perlu = int(batas) - int(kini)
        if perlu >= len(butir):
            return _kapital(" dan ".join(_AKSI_BUTIR[c] for c in butir)) + ekor
        opsi = ", ".join(klas.LABEL_BUTIR[c] for c in butir)
        teks = _FRASA_SEBAGIAN[ind].format(need=format_angka(perlu), opsi=opsi)
        return f"{teks} (kini {format_angka(kini)}, perlu ≥ {format_angka(batas)}){ekor}"
    if ind == "proses_lintas_sektor":
        return (
            f"Libatkan {format_angka(int(batas) - int(kini))} instansi non-KB lagi dalam "
            f"intervensi (kini {format_angka(kini)}, perlu ≥ {format_angka(batas)}){ekor}"
        )
    sekarang, perlu, penyebut = (
        _medan(baris, k) for k in ("contoh_sekarang", "contoh_perlu", "contoh_penyebut")
    )
    contoh = sekarang is not None and perlu is not None
    angka = (format_angka(x) for x in (sekarang, perlu, penyebut)) if contoh else ()
    if ind == "output_unmet":
        teks = f"Unmet need (KKBPK) {format_angka(kini)} % → ≤ {format_angka(batas)} %{ekor}"
        return teks + (" (mis. IAT + TIAL {} → {} dari {} PUS)".format(*angka) if contoh else "")
    teks = f"{_NAMA_PERSEN[ind]} {format_angka(kini)} % → ≥ {format_angka(batas)} %{ekor}"
    if ind == "output_cpr" and contoh:
        teks += " (mis. pengguna KB {} → {} dari {} PUS)".format(*angka)
    elif ind == "output_mkjp" and contoh:
        teks += " (mis. pengguna MKJP {} → {} dari {} pengguna KB)".format(*angka)
    elif ind == "output_mkjp" and not penyebut:
        teks += " (belum ada pengguna KB)"
    return teks


def langkah_rencana(rt: pd.DataFrame, baris: Mapping[str, Any] | pd.Series) -> list[str]:
    """The steps of one ``rencana`` row of ``out_rencana_tingkat`` in words: the
    ``rencana_langkah`` rows of the same KKB and ``rencana_ke``, in table order."""
    nomor = _medan(baris, "rencana_ke")
    if nomor is None:
        return []
    cocok = (rt["jenis"].astype("string") == "rencana_langkah") & (rt["rencana_ke"] == nomor)
    if "kkb_id" in rt.columns and _medan(baris, "kkb_id") is not None:
        cocok &= rt["kkb_id"].astype("string") == str(baris["kkb_id"])
    return [kalimat_langkah(r) for _, r in rt.loc[cocok.fillna(False)].iterrows()]


def kalimat_rencana(rt: pd.DataFrame, baris: Mapping[str, Any] | pd.Series) -> str:
    """A ``rencana`` row of ``out_rencana_tingkat`` in words: its steps joined by "; ", or
    "Sudah Berkelanjutan: pertahankan semua skor", or "rencana tidak dapat dihitung: indeks
    output data tidak cukup"."""
    keadaan = _medan(baris, "keadaan")
    if keadaan == "sudah_tertinggi":
        return "Sudah Berkelanjutan: pertahankan semua skor"
    if keadaan == "data_tidak_cukup":
        kelompok = [k for k in str(_medan(baris, "kelompok") or "").split("+") if k]
        indeks = ", ".join(label_indeks(k).lower() for k in kelompok)
        return f"rencana tidak dapat dihitung: {indeks} {DATA_TIDAK_CUKUP}".replace(":  ", ": ")
    return "; ".join(langkah_rencana(rt, baris))
