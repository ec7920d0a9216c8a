"""The words of the actions: an ``out_aksi`` / ``out_tindak_lanjut`` row in Indonesian.

The rule (which actions, targets, deadline, instrument) is :mod:`kkb_analysis.indikator.aksi`;
the texts, owners and instruments are ``referensi/aksi.yaml``; agency names
``referensi/opd.yaml`` (:mod:`kkb_analysis.laporan.opd`); numbers through
:mod:`kkb_analysis.laporan.format` with the catalogue's unit and decimals.

- :func:`teks_aksi` — "Perluas akses pelayanan KB-KR …" (settings and Inpres programme quoted);
- :func:`penanggung_jawab` — "DP3AP2KB (didukung Puskesmas)" (short or full names);
- :func:`teks_tenggat` — "Desember 2024";
- :func:`teks_ukuran` — "CPR (PK), kini 57,8%";
- :func:`teks_target` — "≥ 62,4% (setara Kota Cilegon di luar KKB)";
- :func:`nama_instrumen` — "BOKB (DAK nonfisik Bantuan Operasional Keluarga Berencana)";
- :func:`kalimat_aksi` — the whole action in one sentence;
- :func:`tabel_aksi` — the report table (Aksi, Penanggung jawab (OPD), Tenggat, Ukuran, Target,
  Sumber anggaran); :func:`tabel_tindak_lanjut` and :data:`KATA_STATUS` for the follow-up;
- :func:`pihak_aksi` — the old "addressee (area x): action" line of :mod:`narasi`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import pandas as pd

from kkb_analysis.config import load_reference
from kkb_analysis.indikator.aksi import aturan_aksi
from kkb_analysis.indikator.katalog import isi_label, katalog
from kkb_analysis.laporan.format import BULAN, DATA_TIDAK_CUKUP, format_angka, format_persen
from kkb_analysis.laporan.opd import LENGKAP, SINGKAT
from kkb_analysis.nilai import kosong

__all__ = [
    "KATA_STATUS",
    "KOLOM_TABEL",
    "KOLOM_TABEL_TINDAK_LANJUT",
    "kalimat_aksi",
    "kapital",
    "nama_instrumen",
    "penanggung_jawab",
    "pihak_aksi",
    "tabel_aksi",
    "tabel_tindak_lanjut",
    "teks_aksi",
    "teks_dasar",
    "teks_target",
    "teks_tenggat",
    "teks_ukuran",
    "templat_pihak",
]

#: Follow-up status code → words.
KATA_STATUS = {
    "tercapai": "tercapai",
    "membaik": "membaik, belum mencapai target",
    "tetap": "tidak berubah bermakna",
    "memburuk": "memburuk",
    "tidak_dapat_dinilai": "belum dapat dinilai (data tidak cukup)",
}
KOLOM_TABEL = ("Aksi", "Penanggung jawab (OPD)", "Tenggat", "Ukuran", "Target", "Sumber anggaran")
KOLOM_TABEL_TINDAK_LANJUT = ("Aksi tahun lalu", "Ukuran", "Awal", "Target", "Sekarang", "Status")


def _v(baris: Mapping[str, Any], kolom: str) -> Any:
    x = baris.get(kolom) if hasattr(baris, "get") else None
    return None if kosong(x) else x


@cache
def _ref() -> dict[str, Any]:
    return load_reference("aksi")


@cache
def _program() -> dict[str, str]:
    return dict(load_reference("kode")["inpres_program"]["kode"])


def kapital(teks: str) -> str:
    """``teks`` with its first letter upper-case and the rest untouched (names keep their
    capitals, unlike ``str.capitalize``)."""
    return teks[:1].upper() + teks[1:]


def teks_aksi(baris: Mapping[str, Any] | str, pengaturan: Mapping[str, Any] | None = None) -> str:
    """The action of a row (or an action code), capitalised, settings and the Inpres programme
    name filled in."""
    kode = baris if isinstance(baris, str) else str(baris["kode_aksi"])
    a = aturan_aksi()[kode]
    teks = isi_label(a.teks.replace("{program}", "\x00"), pengaturan)
    return kapital(teks.replace("\x00", _program().get(a.area_inpres, "")))


def penanggung_jawab(baris: Mapping[str, Any] | str, lengkap: bool = False) -> str:
    """Owner and supporting agencies: "DP3AP2KB (didukung Puskesmas)"; full names with
    ``lengkap``."""
    nama = LENGKAP if lengkap else SINGKAT
    if isinstance(baris, str):
        a = aturan_aksi()[baris]
        opd, dukung = a.opd, list(a.opd_pendukung)
    else:
        opd = str(baris["opd"])
        dukung = [k for k in str(_v(baris, "opd_pendukung") or "").split(";") if k]
    forum = load_reference("opd").get("forum") or {}

    def sebut(k: str) -> str:  # a forum key of an older stored action prints as the forum
        return nama.get(k) or str(forum.get(k, k))

    teks = sebut(opd)
    if dukung:
        teks += f" (didukung {_gabung([sebut(k) for k in dukung])})"
    return teks


def _gabung(items: list[str]) -> str:
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def teks_tenggat(baris: Mapping[str, Any] | str) -> str:
    """ "Desember 2024" from the ISO deadline."""
    iso = baris if isinstance(baris, str) else _v(baris, "tenggat")
    if iso is None:
        return DATA_TIDAK_CUKUP
    d = date.fromisoformat(str(iso))
    return f"{BULAN[d.month - 1]} {d.year}"


def _format(nilai: Any, kolom: str) -> str:
    """A value of the measure in the catalogue's unit and decimals (technical counts: integer)."""
    if kosong(nilai):
        return DATA_TIDAK_CUKUP
    try:
        e = katalog().get(kolom)
    except KeyError:
        return format_angka(nilai, 0)
    if e.satuan == "persen":
        return format_persen(nilai, e.desimal)
    return format_angka(nilai, e.desimal)


def _label(kolom: str, pengaturan: Mapping[str, Any] | None = None) -> str:
    if kolom.startswith("n_intervensi_non_kb_program_"):
        x = kolom.rsplit("_", 1)[-1]
        return f'Kegiatan lintas sektor "{_program().get(x, x)}" (Inpres 3/2022)'
    e = katalog().get(kolom)
    sumber = f" ({e.sumber.label})" if e.sumber.label else ""
    return f"{e.judul(pengaturan)}{sumber}"


def teks_ukuran(baris: Mapping[str, Any], pengaturan: Mapping[str, Any] | None = None) -> str:
    """The measure and its value now: "CPR (PK), kini 57,8%"."""
    kolom = str(baris["indikator"])
    return f"{_label(kolom, pengaturan)}, kini {_format(_v(baris, 'nilai_sekarang'), kolom)}"


@cache
def _dokumen_target() -> dict[str, str]:
    from kkb_analysis.indikator.target import muat_target

    return {k: t.dokumen for k, t in muat_target().items()}


def teks_dasar(dasar: Any, singkat: bool = False) -> str:
    """Where a target comes from, in words (``dasar_target`` of :func:`~kkb_analysis.indikator.
    aksi.target_indikator`): "setara Kota Cilegon di luar KKB", "syarat naik ke tingkat
    berikutnya", "target RPJMN 2020–2024 …" (``singkat``: the document's short name)."""
    kota = load_reference("wilayah")["kota"]["nama"]
    if dasar is None:
        return ""
    teks = {
        "tingkat_berikut": "syarat naik ke tingkat berikutnya",
        "kota_luar_kkb": f"setara {kota} di luar KKB",
        "kota": f"setara {kota}",
        "aturan_aksi": "",
    }.get(str(dasar))
    if teks is not None:
        return teks
    dok = _dokumen_target().get(str(dasar), "resmi")
    if singkat:
        dok = re.split(r"\s*\(|;|,| dan ", dok, maxsplit=1)[0].strip() or dok
    return f"target {dok}"


_dasar = teks_dasar


def teks_target(baris: Mapping[str, Any]) -> str:
    """The target with its direction and basis: "≥ 62,4% (setara Kota Cilegon di luar KKB)"."""
    kolom, nilai = str(baris["indikator"]), _v(baris, "nilai_target")
    if nilai is None:
        return DATA_TIDAK_CUKUP
    tanda = "≤" if _v(baris, "arah_target") == "turun_baik" else "≥"
    if kolom.startswith(("index_", "indeks_")) and kolom != "indeks_ibangga":
        angka = format_angka(nilai, 2)
    else:
        angka = _format(nilai, kolom)
    if kolom.startswith("n_intervensi_non_kb_program_"):
        angka += " kegiatan"
    dasar = _dasar(_v(baris, "dasar_target"))
    return f"{tanda} {angka}" + (f" ({dasar})" if dasar else "")


def nama_instrumen(kode: Any, singkat: bool = False) -> str:
    """The name of a budget instrument code ("-" when none)."""
    if kosong(kode):
        return "-"
    isi = _ref()["instrumen"][str(kode)]
    return str(isi["singkat" if singkat else "nama"])


def kalimat_aksi(baris: Mapping[str, Any], pengaturan: Mapping[str, Any] | None = None) -> str:
    """One action in one sentence: who, what, measure and target, deadline, budget."""
    return (
        f"{penanggung_jawab(baris)}: {teks_aksi(baris, pengaturan)[:1].lower()}"
        f"{teks_aksi(baris, pengaturan)[1:]}. Ukuran: {teks_ukuran(baris, pengaturan)}; target "
        f"{teks_target(baris)} paling lambat {teks_tenggat(baris)}; sumber anggaran "
        f"{nama_instrumen(_v(baris, 'instrumen'), singkat=True)}."
    )


def tabel_aksi(aksi: pd.DataFrame, pengaturan: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The report table of the actions of one KKB (rows in ``urutan`` order)."""
    rows = aksi.sort_values("urutan", kind="stable").to_dict("records") if len(aksi) else []
    return pd.DataFrame(
        [
            (
                teks_aksi(r, pengaturan),
                penanggung_jawab(r),
                teks_tenggat(r),
                teks_ukuran(r, pengaturan),
                teks_target(r),
                nama_instrumen(r.get("instrumen")),
            )
            for r in rows
        ],
        columns=list(KOLOM_TABEL),
    )


def tabel_tindak_lanjut(
    tl: pd.DataFrame, pengaturan: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The follow-up table of last year's actions of one KKB."""
    rows = tl.sort_values("urutan_aksi", kind="stable").to_dict("records") if len(tl) else []
    return pd.DataFrame(
        [
            (
                teks_aksi(r, pengaturan),
                _label(str(r["indikator"]), pengaturan),
                _format(_v(r, "nilai_awal"), str(r["indikator"])),
                teks_target(r),
                _format(_v(r, "nilai_sekarang"), str(r["indikator"])),
                kapital(KATA_STATUS[str(r["status_tindak_lanjut"])]),
            )
            for r in rows
        ],
        columns=list(KOLOM_TABEL_TINDAK_LANJUT),
    )


def templat_pihak(kode: str) -> str:
    """The one-line recommendation of an action code before settings are filled in:
    "DP3AP2KB dan Puskesmas ("Akses & pelayanan …"): perluas …." (``{section.key}`` left for
    :func:`~kkb_analysis.indikator.katalog.isi_label``)."""
    a = aturan_aksi()[kode]
    pihak = _gabung([SINGKAT[k] for k in (a.opd, *a.opd_pendukung)])
    area = f' ("{_program()[a.area_inpres]}")' if a.area_inpres else ""
    teks = a.teks.replace("{program}", _program().get(a.area_inpres, ""))
    return f"{pihak}{area}: {teks}."


def pihak_aksi(kode: str, pengaturan: Mapping[str, Any] | None = None) -> str:
    """ "DP3AP2KB dan Puskesmas (area c): perluas …." — :func:`templat_pihak` with the settings
    in force."""
    return isi_label(templat_pihak(kode), pengaturan)
