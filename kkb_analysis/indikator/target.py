"""Official targets and the status of an indicator against them (issue 11, item 3).

Targets are configuration [asumsi], never code: the package file
``kkb_analysis/referensi/target.yaml`` (seeded from ``shared/domain/targets.md``) and the
agency's optional ``config/target.yaml`` in the same format, whose entries replace or add
entries by key. Every problem of either file stops the run with an Indonesian message naming the
file and the key (:class:`kkb_analysis.config.ConfigError`, exit code 2).

- :func:`muat_target` — both files, validated, checked against the catalogue;
- :func:`target_kolom` — the target series that apply to a catalogued column: the catalogue's
  ``target`` keys plus the series whose ``kolom`` names it, most local level first;
- :func:`nilai_untuk_tahun` — the value of a series for a data year: that year's, else the
  nearest later year's (the next milestone); values marked U (unverified) only when the setting
  ``target.sertakan_belum_terverifikasi`` is true;
- :func:`status_target` — :class:`StatusTarget` of a value against one target value: the source
  of the indicator (catalogue) differs from the target's ``sumber_data`` → "tidak sebanding"
  with the target's caveat; otherwise the printed value (rounded to the catalogue's decimals) is
  held against the target in the target's direction (a minimum for ``naik_baik``, a maximum for
  ``turun_baik``; reaching it exactly is "tercapai");
- :func:`status_baris` — the headline status of every column of an ``out_wilayah`` row that has
  an applicable target;
- :func:`tabel_target` — ``out_target``: :func:`status_baris` for every area of ``out_wilayah``
  (codes and numbers only).

The Indonesian words of the codes live in :mod:`kkb_analysis.laporan.kata_banding`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from kkb_analysis.config import (
    DEFAULT_TARGET_FILE,
    LOCAL_TARGET_FILE,
    ConfigError,
    _read_config_text,
    _refuse_txt_twin,
    baca_yaml,
    letak_yaml,
)
from kkb_analysis.indikator.katalog import JENIS_BERLAKU, Entri, Katalog, atau_bawaan, katalog
from kkb_analysis.nilai import bulatkan, kosong

__all__ = [
    "KEYAKINAN",
    "SUMBER_LAIN",
    "TINGKAT",
    "HasilTarget",
    "NilaiTarget",
    "StatusTarget",
    "Target",
    "baca_target",
    "muat_target",
    "nilai_untuk_tahun",
    "status_baris",
    "status_target",
    "tabel_target",
    "target_kolom",
]

#: Levels, most local first (the order in which targets apply to an area).
TINGKAT = ("kota", "provinsi", "nasional")
#: Confidence marks of targets.md.
KEYAKINAN = {"P": "dokumen primer", "S": "sekunder", "U": "belum terverifikasi"}
#: Target data sources that are not catalogue sources.
SUMBER_LAIN = ("survei", "tidak_diketahui")
_ARAH = ("naik_baik", "turun_baik")
_WAJIB = ("label", "dokumen", "tingkat", "arah", "sumber_data", "catatan", "nilai")
_OPSIONAL = ("kolom",)
_MEDAN_NILAI = ("tahun", "nilai", "keyakinan", "rujukan")
_KUNCI = re.compile(r"^[a-z][a-z0-9_]*$")


class StatusTarget(StrEnum):
    """Status of an indicator value against a target (words in ``laporan/kata_banding.py``)."""

    TERCAPAI = "tercapai"
    BELUM_TERCAPAI = "belum_tercapai"
    TIDAK_SEBANDING = "tidak_sebanding"  # the data source differs from the target's
    TIDAK_CUKUP = "tidak_cukup"  # the indicator value is missing


@dataclass(frozen=True)
class NilaiTarget:
    """One yearly value of a target series."""

    tahun: int
    nilai: float
    keyakinan: str
    rujukan: str

    @property
    def belum_terverifikasi(self) -> bool:
        return self.keyakinan == "U"


@dataclass(frozen=True)
class Target:
    """A target series (one key of the targets file)."""

    kunci: str
    label: str
    dokumen: str
    tingkat: str
    arah: str
    sumber_data: str
    catatan: str
    nilai: tuple[NilaiTarget, ...]
    kolom: tuple[str, ...] = ()
    berkas: str = ""  # the file it was read from (messages)


@dataclass(frozen=True)
class HasilTarget:
    """The status of one indicator value against one target value."""

    kolom: str
    status: StatusTarget
    target: Target
    nilai_target: NilaiTarget
    catatan: str  # the target's caveat (print it with the comparison; "" = none)

    @property
    def belum_terverifikasi(self) -> bool:
        """The target value is marked U: a report must label it."""
        return self.nilai_target.belum_terverifikasi


# ---------------------------------------------------------------------------------- reading
def _angka(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _masalah_entri(kunci: Any, isi: Any, sumber_sah: set[str]) -> list[str]:
    """Every problem of one entry, in Indonesian (empty = valid)."""
    if not isinstance(kunci, str) or not _KUNCI.match(kunci):
        return ["kunci harus huruf kecil, angka dan garis bawah, diawali huruf (mis. cpr_daerah)"]
    if not isinstance(isi, dict):
        return ["harus berupa bagian berisi medan: nilai (label, dokumen, tingkat, …)"]
    masalah = []
    kurang = [m for m in _WAJIB if m not in isi]
    if kurang:
        masalah.append(f"medan wajib tidak ada: {', '.join(kurang)}")
    lebih = sorted(set(isi) - set(_WAJIB) - set(_OPSIONAL))
    if lebih:
        masalah.append(f"medan tidak dikenal: {', '.join(map(str, lebih))} (salah ketik?)")
    for m in ("label", "dokumen"):
        if m in isi and not (isinstance(isi[m], str) and isi[m].strip()):
            masalah.append(f"{m} harus teks yang tidak kosong")
    if "tingkat" in isi and isi["tingkat"] not in TINGKAT:
        masalah.append(f"tingkat '{isi['tingkat']}' tidak dikenal; pilih {', '.join(TINGKAT)}")
    if "arah" in isi and isi["arah"] not in _ARAH:
        masalah.append(
            f"arah '{isi['arah']}' tidak dikenal; pilih naik_baik (target minimum) atau "
            "turun_baik (target maksimum)"
        )
    sumber = isi.get("sumber_data")
    if "sumber_data" in isi and sumber not in sumber_sah | set(SUMBER_LAIN):
        masalah.append(
            f"sumber_data '{sumber}' tidak dikenal; pilih "
            f"{', '.join(sorted(sumber_sah) + list(SUMBER_LAIN))}"
        )
    if "catatan" in isi:
        catatan = isi["catatan"]
        if not isinstance(catatan, str):
            masalah.append('catatan harus teks (boleh "" bila sumber data sama)')
        elif sumber in SUMBER_LAIN and not catatan.strip():
            masalah.append(
                f"catatan wajib diisi bila sumber_data '{sumber}': tuliskan mengapa target "
                "tidak sebanding dengan data Kampung KB"
            )
    kolom = isi.get("kolom", [])
    if not isinstance(kolom, list) or not all(isinstance(k, str) and k for k in kolom):
        masalah.append("kolom harus daftar nama kolom out_wilayah, mis. [cpr_pct]")
    nilai = isi.get("nilai")
    if "nilai" in isi:
        if not isinstance(nilai, list):
            masalah.append("nilai harus daftar baris {tahun, nilai, keyakinan, rujukan} (boleh [])")
        else:
            tahun_dilihat: set[Any] = set()
            for i, baris in enumerate(nilai, start=1):
                masalah += [f"nilai baris ke-{i}: {m}" for m in _masalah_nilai(baris)]
                if isinstance(baris, dict) and "tahun" in baris:
                    if baris["tahun"] in tahun_dilihat:
                        masalah.append(
                            f"nilai baris ke-{i}: tahun {baris['tahun']} ditulis dua kali"
                        )
                    tahun_dilihat.add(baris["tahun"])
    return masalah


def _masalah_nilai(baris: Any) -> list[str]:
    if not isinstance(baris, dict):
        return ["harus berbentuk {tahun: 2024, nilai: 63.41, keyakinan: P, rujukan: T2}"]
    masalah = []
    kurang = [m for m in _MEDAN_NILAI if m not in baris]
    if kurang:
        masalah.append(f"medan wajib tidak ada: {', '.join(kurang)}")
    lebih = sorted(set(baris) - set(_MEDAN_NILAI))
    if lebih:
        masalah.append(f"medan tidak dikenal: {', '.join(map(str, lebih))}")
    t = baris.get("tahun")
    if "tahun" in baris and not (
        isinstance(t, int) and not isinstance(t, bool) and 1990 <= t <= 2100
    ):
        masalah.append(f"tahun harus bilangan bulat 1990–2100; tertulis {t!r}")
    if "nilai" in baris and not _angka(baris["nilai"]):
        masalah.append(
            f"nilai harus angka (titik desimal, mis. 63.41); tertulis {baris['nilai']!r}"
        )
    if "keyakinan" in baris and baris["keyakinan"] not in KEYAKINAN:
        masalah.append(
            f"keyakinan '{baris['keyakinan']}' tidak dikenal; pilih P (dokumen primer), "
            "S (sekunder) atau U (belum terverifikasi)"
        )
    r = baris.get("rujukan")
    if "rujukan" in baris and not (
        isinstance(r, str | int) and not isinstance(r, bool) and str(r).strip()
    ):
        masalah.append("rujukan harus teks yang tidak kosong (mis. T2 atau nama dokumen)")
    return masalah


def _target(kunci: str, isi: dict[str, Any], berkas: str) -> Target:
    return Target(
        kunci=kunci,
        label=" ".join(isi["label"].split()),
        dokumen=" ".join(isi["dokumen"].split()),
        tingkat=isi["tingkat"],
        arah=isi["arah"],
        sumber_data=isi["sumber_data"],
        catatan=" ".join(isi["catatan"].split()),
        nilai=tuple(
            sorted(
                (
                    NilaiTarget(
                        int(b["tahun"]), float(b["nilai"]), b["keyakinan"], str(b["rujukan"])
                    )
                    for b in isi["nilai"]
                ),
                key=lambda n: n.tahun,
            )
        ),
        kolom=tuple(isi.get("kolom") or ()),
        berkas=berkas,
    )


def baca_target(path: Path, kat: Katalog | None = None) -> dict[str, Target]:
    """Read and validate one targets file; every problem raises :class:`ConfigError` at once.

    An empty file (or comments only) gives no targets.
    """
    kat = katalog() if kat is None else kat
    teks = _read_config_text(path, "Berkas target")
    try:
        data = baca_yaml(teks)
    except yaml.MarkedYAMLError as exc:
        where = letak_yaml(exc)
        raise ConfigError(
            f"Berkas target {path} bukan YAML yang sah ({where}: {exc.problem or exc}). Periksa "
            "indentasi (spasi, bukan tab), titik dua setelah setiap kunci dan tanda kurung "
            f"kurawal yang berpasangan; contoh ada di kkb_analysis/referensi/"
            f"{DEFAULT_TARGET_FILE.name}. Lalu jalankan ulang."
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ConfigError(
            f"Berkas target {path} bukan YAML yang sah ({type(exc).__name__}). Bandingkan dengan "
            f"kkb_analysis/referensi/{DEFAULT_TARGET_FILE.name}, lalu jalankan ulang."
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"Berkas target {path} harus berisi daftar target bernama (kunci: bagian), bukan "
            f"{type(data).__name__}. Lihat contoh di kkb_analysis/referensi/"
            f"{DEFAULT_TARGET_FILE.name}."
        )
    sumber_sah = set(kat.sumber)
    masalah = []
    for kunci, isi in data.items():
        masalah += [f"  - target '{kunci}': {m}." for m in _masalah_entri(kunci, isi, sumber_sah)]
    if masalah:
        raise ConfigError(
            "\n".join(
                [
                    f"Berkas target {path} tidak dapat dipakai ({len(masalah)} masalah):",
                    *masalah,
                    "Perbaiki berkas itu lalu jalankan ulang (format: docs/metodologi.md §20 dan "
                    f"kkb_analysis/referensi/{DEFAULT_TARGET_FILE.name}).",
                ]
            )
        )
    return {k: _target(k, v, path.name) for k, v in data.items()}


def muat_target(
    berkas_lokal: Path | None = None,
    berkas_paket: Path = DEFAULT_TARGET_FILE,
    kat: Katalog | None = None,
) -> dict[str, Target]:
    """The targets in force: the package file, then the agency file (optional) by key.

    ``berkas_lokal`` defaults to ``config/target.yaml``. A column named by a target's ``kolom``
    must be a catalogued ``out_wilayah`` column, and every catalogue target key must exist.
    """
    kat = katalog() if kat is None else kat
    hasil = baca_target(berkas_paket, kat)
    lokal = LOCAL_TARGET_FILE if berkas_lokal is None else Path(berkas_lokal)
    if lokal.exists() or lokal.is_symlink():
        hasil.update(baca_target(lokal, kat))
    elif berkas_lokal is not None:
        raise ConfigError(f"Berkas target {lokal} tidak ditemukan. Periksa jalurnya.")
    else:
        _refuse_txt_twin(lokal, "Berkas target")
    for t in hasil.values():
        for k in t.kolom:
            if ("out_wilayah", k) not in kat.entri:
                raise ConfigError(
                    f"Berkas target {t.berkas}, target '{t.kunci}': kolom '{k}' tidak ada di "
                    "katalog indikator out_wilayah. Periksa ejaannya (mis. cpr_pct), lalu "
                    "jalankan ulang."
                )
    for e in kat.entri.values():
        for k in e.target:
            if k not in hasil:
                raise ConfigError(
                    f"Katalog indikator, kolom '{e.kolom}': target '{k}' tidak ada di "
                    f"{DEFAULT_TARGET_FILE.name} maupun config/target.yaml."
                )
    return hasil


# ---------------------------------------------------------------------------------- status
def target_kolom(entri: Entri, targets: Mapping[str, Target]) -> list[Target]:
    """The target series that apply to ``entri``, most local level first (then catalogue order)."""
    kunci = list(entri.target) + [
        k for k, t in targets.items() if entri.kolom in t.kolom and k not in entri.target
    ]
    berlaku = [targets[k] for k in kunci if k in targets]
    return sorted(berlaku, key=lambda t: TINGKAT.index(t.tingkat))


def nilai_untuk_tahun(
    target: Target, tahun: int, pengaturan: Mapping[str, Any] | None = None
) -> NilaiTarget | None:
    """The target value for data year ``tahun``: that year's, else the nearest later year's.

    Values marked U are skipped unless ``target.sertakan_belum_terverifikasi`` is true. ``None``
    when no value applies (only earlier years, or none).
    """
    sertakan_u = bool(atau_bawaan(pengaturan)["target"]["sertakan_belum_terverifikasi"])
    calon = [n for n in target.nilai if n.tahun >= tahun and (sertakan_u or n.keyakinan != "U")]
    return min(calon, key=lambda n: n.tahun) if calon else None


def status_target(
    nilai: Any, entri: Entri, target: Target, nilai_target: NilaiTarget
) -> HasilTarget:
    """The status of the indicator value ``nilai`` of ``entri`` against ``nilai_target``."""
    if kosong(nilai):
        status = StatusTarget.TIDAK_CUKUP
    elif target.sumber_data != entri.sumber.kode:
        status = StatusTarget.TIDAK_SEBANDING
    else:
        dicetak = bulatkan(nilai, entri.desimal)
        batas = bulatkan(nilai_target.nilai, 6)
        capai = dicetak >= batas if target.arah == "naik_baik" else dicetak <= batas
        status = StatusTarget.TERCAPAI if capai else StatusTarget.BELUM_TERCAPAI
    return HasilTarget(entri.kolom, status, target, nilai_target, target.catatan)


def status_baris(
    baris: Mapping[str, Any],
    tahun: int,
    pengaturan: Mapping[str, Any] | None = None,
    targets: Mapping[str, Target] | None = None,
) -> dict[str, HasilTarget]:
    """Headline status of each column of an ``out_wilayah`` row that has an applicable target.

    For each catalogued column present in ``baris``, the first target series of
    :func:`target_kolom` with a value for ``tahun`` (:func:`nilai_untuk_tahun`) is used.
    """
    kat = katalog()
    targets = muat_target() if targets is None else targets
    hasil = {}
    for (tabel, kolom), e in kat.entri.items():
        if tabel != "out_wilayah" or kolom not in baris:
            continue
        for t in target_kolom(e, targets):
            n = nilai_untuk_tahun(t, tahun, pengaturan)
            if n is not None:
                hasil[kolom] = status_target(baris[kolom], e, t, n)
                break
    return hasil


#: Columns of ``out_target``, in order.
KOLOM_TARGET = (
    "tahun",
    "wilayah_id",
    "jenis_wilayah",
    "nama_wilayah",
    "indikator",
    "nilai",
    "kunci_target",
    "nilai_target",
    "tahun_target",
    "tingkat_target",
    "keyakinan_target",
    "is_target_belum_terverifikasi",
    "status_target",
)


def tabel_target(
    wide: pd.DataFrame,
    tahun: int,
    pengaturan: Mapping[str, Any] | None = None,
    targets: Mapping[str, Target] | None = None,
) -> pd.DataFrame:
    """``out_target``: one row per area of ``wide`` (``out_wilayah``) × catalogued column with an
    applicable target for ``tahun`` (:func:`status_baris`), for the area types that carry the
    column (catalogue ``wilayah``). Codes and numbers only; the words are in the report layer."""
    targets = muat_target() if targets is None else targets
    kat = katalog()
    baris = []
    for rec in wide.to_dict("records"):
        jenis = str(rec.get("jenis_wilayah"))
        for kolom, h in status_baris(rec, tahun, pengaturan, targets).items():
            berlaku = JENIS_BERLAKU.get(kat.get(kolom).wilayah)
            if berlaku is not None and jenis not in berlaku:
                continue
            baris.append(
                (
                    tahun,
                    rec.get("wilayah_id"),
                    rec.get("jenis_wilayah"),
                    rec.get("nama_wilayah"),
                    kolom,
                    rec.get(kolom),
                    h.target.kunci,
                    h.nilai_target.nilai,
                    h.nilai_target.tahun,
                    h.target.tingkat,
                    h.nilai_target.keyakinan,
                    h.belum_terverifikasi,
                    str(h.status),
                )
            )
    out = pd.DataFrame(baris, columns=list(KOLOM_TARGET))
    teks = (
        "wilayah_id",
        "jenis_wilayah",
        "nama_wilayah",
        "indikator",
        "kunci_target",
        "tingkat_target",
        "keyakinan_target",
        "status_target",
    )
    for k in teks:
        out[k] = out[k].astype("string")
    out["tahun"] = out["tahun"].astype("int64")
    out["nilai"] = pd.to_numeric(out["nilai"], errors="coerce").astype("Float64")
    out["nilai_target"] = out["nilai_target"].astype("float64")
    out["tahun_target"] = out["tahun_target"].astype("int64")
    out["is_target_belum_terverifikasi"] = out["is_target_belum_terverifikasi"].astype("boolean")
    return out
