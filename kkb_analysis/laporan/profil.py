"""The two-page KKB profile (issue 12, item 1): one call per cell of notebooks/profil_kkb.ipynb.

Like a UNICEF/WHO country profile: a header band (name, place, year, publication date, agency,
tier with its change and the rank among the city's KKB, a small locator map), the headline
indicators (catalogue list ``profil``) each with this year, last year on this year's
boundaries (``out_perubahan``), kota luar KKB, the target (``out_target``) and a status mark,
three main points in plain language, three actions with owner, deadline, measure and target,
and a footer with sources, contact and where the full report is.

Rules (numbers and codes come from the indicator layer; this module only chooses and words):

- **Status mark** (:func:`status_indikator`): an indicator with a *comparable* target
  (``out_target.status_target`` ``tercapai``/``belum_tercapai``; the target file decides the
  direction) is marked against the target; otherwise against kota luar KKB by
  :func:`~kkb_analysis.indikator.banding.bandingkan` (context "wilayah": better / equal /
  worse); an indicator that kota luar KKB does not carry (catalogue ``wilayah``) and that has no
  comparable target has no comparator; a missing KKB value is "data tidak cukup". Each mark is
  a symbol AND words (:data:`TANDA`), never colour alone.
- **Main points** (:func:`pilih_pesan`), in this order:

  1. *improved*: the indicator that improved most over time (``out_perubahan.kode_banding``
     ``lebih_baik``; largest relative change |now − last year| / |last year|, ties in list
     order); else, when none improved, the tier when it rose; else "nothing improved";
  2. *weakest*: the indicator furthest behind its reference — the comparable target when it is
     not met, else kota luar KKB when worse (relative gap |value − reference| / |reference|,
     reference 0 → infinite); else "none behind";
  3. *one more*: the indicator that worsened most over time (not the weakest one); else the
     second weakest; else the count of indicators on track or not worse than kota luar KKB.
- **Actions** (:func:`aksi_profil`): the first three rows of the KKB in ``out_aksi``
  (priority order of the recommendations rule, :mod:`kkb_analysis.indikator.aksi`: owner OPD,
  deadline, measure, target value and a budget instrument the area actually has), worded by
  :mod:`kkb_analysis.laporan.kata_aksi`.

Styling: every block is a ``<div class="profil …">``; the profile's own CSS (:data:`CSS_PROFIL`,
print A4 in two columns where it helps, one column at phone width) is emitted once by
:func:`kepala` inside the document. The table caption is plain text (not ``judul-tabel``): a
two-page profile needs no "Tabel N" numbering, and the map is not a numbered ``figure.grafik``.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

from kkb_analysis.indikator.aksi import AturanTarget
from kkb_analysis.indikator.banding import Kode, Konteks
from kkb_analysis.indikator.katalog import JENIS_BERLAKU, Entri, katalog
from kkb_analysis.indikator.perubahan import BATAS_LAMA, BELUM_KKB, REKONSTRUKSI
from kkb_analysis.indikator.target import StatusTarget, Target, muat_target
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import kata_aksi, narasi
from kkb_analysis.laporan.dasar import Bagian, DataLaporan, LaporanError, nilai
from kkb_analysis.laporan.dasar import muat as _muat_laporan
from kkb_analysis.laporan.dinas import Dinas, identitas_dinas
from kkb_analysis.laporan.format import (
    ASAL_TEKS,
    BELUM_KKB_TEKS,
    DATA_TIDAK_CUKUP,
    format_angka,
    format_periode,
    format_persen,
)
from kkb_analysis.laporan.kata_banding import kata_banding, kata_status_target
from kkb_analysis.laporan.tabel import atribut_sel
from kkb_analysis.nama import teks_tampil
from kkb_analysis.nilai import bulatkan, kosong

__all__ = [
    "CSS_PROFIL",
    "INDIKATOR_PROFIL",
    "JUDUL_PROFIL",
    "TANDA",
    "AksiProfil",
    "BagianProfil",
    "BarisIndikator",
    "LaporanError",
    "Pesan",
    "Status",
    "aksi",
    "aksi_profil",
    "baris_indikator",
    "indikator",
    "kaki",
    "kepala",
    "muat",
    "pesan_utama",
    "pilih_pesan",
    "status_indikator",
]

JUDUL_PROFIL = "Profil Kampung Keluarga Berkualitas"

#: Headline indicators of the profile, in print order: the catalogue list ``utama``.
INDIKATOR_PROFIL = tuple(katalog().kolom_daftar("utama"))

#: Number of main points and of actions printed.
JUMLAH_PESAN = 3
JUMLAH_AKSI = 3

_na = kosong


def muat(kkb_id: str, tahun: int, data_dir: str | Path | None = None) -> DataLaporan:
    """Load the processed tables of ``tahun`` for one KKB (the report's loader)."""
    return _muat_laporan(kkb_id, tahun, data_dir)


# ------------------------------------------------------------------------------- status mark
class Status(StrEnum):
    """The status mark of a headline indicator (rule: :func:`status_indikator`)."""

    TERCAPAI = "tercapai"  # comparable target met
    BELUM_TERCAPAI = "belum_tercapai"  # comparable target not met
    LEBIH_BAIK = "lebih_baik"  # no comparable target: better than kota luar KKB
    SETARA = "setara"  # … no meaningful difference from kota luar KKB
    LEBIH_BURUK = "lebih_buruk"  # … worse than kota luar KKB
    TANPA_PEMBANDING = "tanpa_pembanding"  # neither a comparable target nor kota luar KKB
    TIDAK_CUKUP = "tidak_cukup"  # the KKB value is missing


@dataclass(frozen=True)
class Tanda:
    """How a status prints: a symbol, its words and the CSS class of its colour."""

    simbol: str
    kata: str
    kelas: str


#: Symbol, words and colour class of each status: the symbol and the words carry the meaning,
#: the colour only repeats it. Words of the comparisons come from :mod:`kata_banding`.
TANDA: dict[Status, Tanda] = {
    Status.TERCAPAI: Tanda("✔", f"target {kata_status_target(StatusTarget.TERCAPAI)}", "baik"),
    Status.BELUM_TERCAPAI: Tanda(
        "✘", f"target {kata_status_target(StatusTarget.BELUM_TERCAPAI)}", "buruk"
    ),
    Status.LEBIH_BAIK: Tanda("+", kata_banding(Kode.LEBIH_BAIK, Konteks.WILAYAH), "baik"),
    Status.SETARA: Tanda("=", kata_banding(Kode.SETARA, Konteks.WILAYAH), "netral"),
    Status.LEBIH_BURUK: Tanda("−", kata_banding(Kode.LEBIH_BURUK, Konteks.WILAYAH), "buruk"),
    Status.TANPA_PEMBANDING: Tanda("·", "tanpa pembanding", "netral"),
    Status.TIDAK_CUKUP: Tanda("·", DATA_TIDAK_CUKUP, "netral"),
}

_DARI_KODE = {
    Kode.LEBIH_BAIK: Status.LEBIH_BAIK,
    Kode.SETARA: Status.SETARA,
    Kode.LEBIH_BURUK: Status.LEBIH_BURUK,
}


def status_indikator(
    ada_nilai: bool, status_target: StatusTarget | str | None, kode_luar: Kode | str | None
) -> Status:
    """The status mark of one indicator (module rule).

    ``ada_nilai``: the KKB has a value; ``status_target``: the code of ``out_target`` for the
    KKB and indicator (None: no target applies); ``kode_luar``: the comparison with kota luar
    KKB by ``bandingkan`` (None: kota luar KKB does not carry the indicator).
    """
    if not ada_nilai:
        return Status.TIDAK_CUKUP
    if status_target is not None and not _na(status_target):
        st = StatusTarget(status_target)
        if st == StatusTarget.TERCAPAI:
            return Status.TERCAPAI
        if st == StatusTarget.BELUM_TERCAPAI:
            return Status.BELUM_TERCAPAI
    if kode_luar is None or _na(kode_luar):
        return Status.TANPA_PEMBANDING
    return _DARI_KODE.get(Kode(kode_luar), Status.TANPA_PEMBANDING)


# --------------------------------------------------------------------------- indicator rows
@dataclass(frozen=True)
class BarisIndikator:
    """One headline indicator of the profile: the values (numbers) and their printed texts."""

    kolom: str
    label: str
    sumber: str
    arah: str
    desimal: int
    persen: bool
    nilai: float | None
    nilai_lalu: float | None
    #: ``out_perubahan.asal_sebelumnya`` (None when the previous year was not compared).
    asal_lalu: str | None
    #: The comparison over time (``out_perubahan.kode_banding``), None without a row.
    kode_tren: Kode | None
    nilai_luar: float | None
    #: Kota luar KKB carries the indicator (catalogue ``wilayah``).
    luar_berlaku: bool
    kode_luar: Kode | None
    nilai_target: float | None
    tahun_target: int | None
    tingkat_target: str | None
    #: Direction of the target (``naik_baik``: a minimum, ``turun_baik``: a maximum).
    arah_target: str | None
    dokumen_target: str | None
    status_target: str | None
    status: Status
    #: Where THE target comes from (``dasar_target`` of :func:`target_indikator`).
    dasar_target: str | None = None
    #: An official target measured with another data source (survey): reference only, printed
    #: in a footnote as "acuan indikatif", never in the target column.
    acuan_nilai: float | None = None
    acuan_dokumen: str | None = None
    acuan_arah: str | None = None

    def teks(self, v: float | None) -> str:
        """A value of this indicator as printed ("12,5%", "61,14", "data tidak cukup")."""
        if v is None:
            return DATA_TIDAK_CUKUP
        return format_persen(v, self.desimal) if self.persen else format_angka(v, self.desimal)

    @property
    def target_sebanding(self) -> bool:
        return self.status_target in (StatusTarget.TERCAPAI, StatusTarget.BELUM_TERCAPAI)


def _angka(v: Any) -> float | None:
    return None if _na(v) else float(v)


def _perubahan_kkb(d: DataLaporan) -> pd.DataFrame:
    pe = d.tabel.get("out_perubahan", pd.DataFrame())
    if pe.empty or "wilayah_id" not in pe.columns:
        return pd.DataFrame()
    pe = pe.loc[pe["wilayah_id"].astype("string") == d.wilayah_id]
    return pe.set_index(pe["indikator"].astype(str))


def _target_kkb(d: DataLaporan) -> pd.DataFrame:
    tg = d.tabel.get("out_target", pd.DataFrame())
    if tg.empty or "wilayah_id" not in tg.columns:
        return pd.DataFrame()
    tg = tg.loc[tg["wilayah_id"].astype("string") == d.wilayah_id].drop_duplicates("indikator")
    return tg.set_index(tg["indikator"].astype(str))


def baris_luar(d: DataLaporan) -> pd.Series | None:
    """The ``kota_luar_kkb`` row of ``out_wilayah`` (None when absent)."""
    jenis = d.wilayah["jenis_wilayah"].astype("string")
    luar = d.wilayah.loc[jenis.eq("kota_luar_kkb").fillna(False).to_numpy(bool)]
    return None if luar.empty else luar.iloc[0]


def nama_dokumen(dokumen: str) -> str:
    """The short name of a target document: its text before the first parenthesis, semicolon,
    comma or " dan " ("RPJMN 2020–2024 (Perpres 18/2020) dan …" → "RPJMN 2020–2024")."""
    return re.split(r"\s*\(|;|,| dan ", dokumen, maxsplit=1)[0].strip() or dokumen


def baris_indikator(
    d: DataLaporan, targets: Mapping[str, Target] | None = None
) -> list[BarisIndikator]:
    """The headline indicators of the profile for the KKB of ``d`` (catalogue list ``profil``);
    ``targets`` (default: the targets in force) give each target's document and direction.

    Computed once per ``d`` for the default targets (several sections of a document ask)."""
    if targets is None:
        simpan = d.simpanan.get("baris_indikator")
        if simpan is None:
            simpan = d.simpanan["baris_indikator"] = _baris_indikator(d, None)
        return list(simpan)
    return _baris_indikator(d, targets)


def _baris_indikator(d: DataLaporan, targets: Mapping[str, Target] | None) -> list[BarisIndikator]:
    kat = katalog()
    pengaturan = d.pengaturan or None
    pe, tg = _perubahan_kkb(d), _target_kkb(d)
    luar = baris_luar(d)
    semua_target = (muat_target() if targets is None else targets) if not tg.empty else {}
    rt = d.tabel.get("out_rencana_tingkat", pd.DataFrame())
    # THE target rule (shared with out_aksi), its inputs filtered once for this KKB
    aturan = AturanTarget(
        d.kkb, d.wilayah, rt, d.tabel.get("out_target"), semua_target or muat_target()
    )
    hasil = []
    for kolom in INDIKATOR_PROFIL:
        e: Entri = kat.get(kolom)
        v = _angka(nilai(d.kkb, kolom))
        r = pe.loc[kolom] if kolom in pe.index else None
        berlaku = JENIS_BERLAKU.get(e.wilayah)
        luar_berlaku = luar is not None and (berlaku is None or "kota_luar_kkb" in berlaku)
        kode_luar = (
            narasi.banding_wilayah(d.kkb, luar, kolom, pengaturan).kode if luar_berlaku else None
        )
        # THE target: one precedence rule shared with out_aksi (indikator/aksi.py)
        satu = aturan(kolom)
        t = tg.loc[kolom] if kolom in tg.index else None
        st = None if satu is None else satu.status_resmi
        dok = None
        if satu is not None and satu.resmi:
            target = semua_target.get(satu.dasar)
            dok = nama_dokumen(target.dokumen) if target is not None else None
            belum = None if t is None else t.get("is_target_belum_terverifikasi")
            if dok and not _na(belum) and bool(belum):
                dok += " (target belum terverifikasi)"
        elif satu is not None:
            dok = kata_aksi.kapital(kata_aksi.teks_dasar(satu.dasar)) or None
        # an official target of another data source: a footnote reference only
        acuan = None
        if t is not None and str(t["status_target"]) == StatusTarget.TIDAK_SEBANDING:
            tr = semua_target.get(str(t["kunci_target"]))
            acuan = (
                _angka(t["nilai_target"]),
                nama_dokumen(tr.dokumen) if tr is not None else None,
                tr.arah if tr is not None else e.arah,
            )
        hasil.append(
            BarisIndikator(
                kolom=kolom,
                label=e.judul(pengaturan),
                sumber=e.sumber.label,
                arah=e.arah,
                desimal=e.desimal,
                persen=e.satuan == "persen",
                nilai=v,
                nilai_lalu=None if r is None else _angka(r["nilai_sebelumnya"]),
                asal_lalu=None
                if r is None or _na(r["asal_sebelumnya"])
                else str(r["asal_sebelumnya"]),
                kode_tren=None if r is None or _na(r["kode_banding"]) else Kode(r["kode_banding"]),
                nilai_luar=_angka(nilai(luar, kolom)) if luar_berlaku else None,
                luar_berlaku=luar_berlaku,
                kode_luar=kode_luar,
                nilai_target=None if satu is None else satu.nilai,
                tahun_target=None if t is None or not st else int(t["tahun_target"]),
                tingkat_target=None if t is None or not st else str(t["tingkat_target"]),
                arah_target=None if satu is None else satu.arah,
                dokumen_target=dok,
                status_target=st,
                status=status_indikator(v is not None, st, kode_luar),
                dasar_target=None if satu is None else satu.dasar,
                acuan_nilai=None if acuan is None else acuan[0],
                acuan_dokumen=None if acuan is None else acuan[1],
                acuan_arah=None if acuan is None else acuan[2],
            )
        )
    return hasil


# ------------------------------------------------------------------------------ main points
@dataclass(frozen=True)
class Pesan:
    """One main point: its kind (the rule branch that chose it), lead words and sentence."""

    jenis: str
    judul: str
    kalimat: str
    baris: BarisIndikator | None = None


def _relatif(a: float, b: float) -> float:
    """|a − b| / |b| (b = 0 → infinite, a = b = 0 → 0)."""
    if b == 0:
        return 0.0 if a == 0 else math.inf
    return abs(a - b) / abs(b)


def _urut(calon: Sequence[tuple[float, int, BarisIndikator]]) -> list[BarisIndikator]:
    """Largest first; ties keep list order."""
    return [b for _, _, b in sorted(calon, key=lambda c: (-c[0], c[1]))]


def _tren(baris: Sequence[BarisIndikator], kode: Kode) -> list[BarisIndikator]:
    """Indicators whose change over time has ``kode``, largest relative change first."""
    return _urut(
        [
            (_relatif(b.nilai, b.nilai_lalu), i, b)
            for i, b in enumerate(baris)
            if b.kode_tren == kode and b.nilai is not None and b.nilai_lalu is not None
        ]
    )


def _acuan(b: BarisIndikator) -> float | None:
    """The reference an indicator is behind: the unmet comparable target, else kota luar KKB
    when the KKB is worse; None when it is behind neither."""
    if b.status == Status.BELUM_TERCAPAI:
        return b.nilai_target
    if b.status == Status.LEBIH_BURUK:
        return b.nilai_luar
    return None


def _tertinggal(baris: Sequence[BarisIndikator]) -> list[BarisIndikator]:
    """Indicators behind their reference (:func:`_acuan`), largest relative gap first."""
    calon = []
    for i, b in enumerate(baris):
        acuan = _acuan(b)
        if acuan is not None and b.nilai is not None:
            calon.append((_relatif(b.nilai, acuan), i, b))
    return _urut(calon)


def _arah_kata(b: BarisIndikator) -> str:
    """ "naik" / "turun" / "tetap" by the printed values of the two years."""
    beda = bulatkan(b.nilai, b.desimal) - bulatkan(b.nilai_lalu, b.desimal)
    return "naik" if beda > 0 else "turun" if beda < 0 else "tetap"


def _label_sumber(b: BarisIndikator) -> str:
    return f"{b.label} ({b.sumber})" if b.sumber else b.label


def _kalimat_tren(b: BarisIndikator, tahun: int) -> str:
    kata = kata_banding(b.kode_tren, Konteks.WAKTU)
    return (
        f"{_label_sumber(b)} {kata}: {_arah_kata(b)} dari {b.teks(b.nilai_lalu)} pada "
        f"{tahun - 1} menjadi {b.teks(b.nilai)} pada {tahun}."
    )


def _kalimat_tertinggal(b: BarisIndikator) -> str:
    if b.status == Status.BELUM_TERCAPAI:
        batas = "paling sedikit" if b.arah_target == "naik_baik" else "paling tinggi"
        dok = f" ({b.dokumen_target})" if b.dokumen_target else ""
        return (
            f"{_label_sumber(b)} {b.teks(b.nilai)}, {TANDA[b.status].kata}: targetnya {batas} "
            f"{b.teks(b.nilai_target)}{dok}."
        )
    return (
        f"{_label_sumber(b)} {b.teks(b.nilai)}, {TANDA[b.status].kata} daripada kota luar KKB "
        f"({b.teks(b.nilai_luar)})."
    )


def pilih_pesan(
    baris: Sequence[BarisIndikator],
    tahun: int,
    tingkat: Any = None,
    tingkat_lalu: Any = None,
) -> list[Pesan]:
    """The three main points of the profile (rule in the module docstring).

    ``tingkat``/``tingkat_lalu``: this year's and last year's tier (used only when no
    indicator improved)."""
    membaik = _tren(baris, Kode.LEBIH_BAIK)
    tertinggal = _tertinggal(baris)
    ada_tren = any(b.kode_tren not in (None, Kode.TIDAK_CUKUP) for b in baris)
    pesan: list[Pesan] = []

    # 1. what improved
    urutan = narasi.URUTAN_TINGKAT
    if membaik:
        pesan.append(Pesan("membaik", "Membaik", _kalimat_tren(membaik[0], tahun), membaik[0]))
    elif tingkat in urutan and tingkat_lalu in urutan and urutan[tingkat] > urutan[tingkat_lalu]:
        pesan.append(
            Pesan(
                "tingkat_naik",
                "Membaik",
                f"Tingkat klasifikasi naik dari {tingkat_lalu} pada {tahun - 1} menjadi "
                f"{tingkat} pada {tahun}, walaupun belum ada indikator utama yang membaik "
                "secara bermakna.",
            )
        )
    elif ada_tren:
        pesan.append(
            Pesan(
                "tidak_ada_membaik",
                "Kemajuan",
                f"Belum ada indikator utama yang membaik secara bermakna dibanding {tahun - 1}.",
            )
        )
    else:
        pesan.append(
            Pesan(
                "tanpa_tren",
                "Perubahan",
                f"Perubahan dari {tahun - 1} belum dapat dinilai: data tahun itu tidak tersedia.",
            )
        )

    # 2. the weakest
    if tertinggal:
        b = tertinggal[0]
        pesan.append(Pesan("terlemah", "Paling tertinggal", _kalimat_tertinggal(b), b))
    else:
        pesan.append(
            Pesan(
                "tidak_ada_tertinggal",
                "Ketertinggalan",
                "Tidak ada indikator utama yang tertinggal dari target maupun dari kota luar KKB.",
            )
        )

    # 3. one more: the largest deterioration, else the second weakest, else the count on track
    terlemah = pesan[1].baris
    memburuk = [b for b in _tren(baris, Kode.LEBIH_BURUK) if b is not terlemah]
    if memburuk:
        b = memburuk[0]
        pesan.append(Pesan("memburuk", "Perlu diwaspadai", _kalimat_tren(b, tahun), b))
    elif len(tertinggal) > 1:
        b = tertinggal[1]
        pesan.append(Pesan("tertinggal_kedua", "Juga tertinggal", _kalimat_tertinggal(b), b))
    else:
        baik = (Status.TERCAPAI, Status.LEBIH_BAIK, Status.SETARA)
        n_baik = sum(b.status in baik for b in baris)
        dinilai = sum(b.status not in (Status.TIDAK_CUKUP, Status.TANPA_PEMBANDING) for b in baris)
        pesan.append(
            Pesan(
                "selebihnya",
                "Selebihnya",
                f"{format_angka(n_baik)} dari {format_angka(dinilai)} indikator utama yang "
                "dapat dinilai mencapai target atau tidak lebih buruk daripada kota luar KKB.",
            )
        )
    return pesan[:JUMLAH_PESAN]


# ---------------------------------------------------------------------------------- actions
@dataclass(frozen=True)
class AksiProfil:
    """One action as the profile prints it."""

    aksi: str
    opd: str
    tenggat: str
    ukuran: str
    target: str
    #: Budget instrument the area has (short name), "-" when none.
    anggaran: str = "-"


def aksi_profil(d: DataLaporan, n: int = JUMLAH_AKSI) -> list[AksiProfil]:
    """The first ``n`` actions of the KKB in ``out_aksi`` (priority order), in words."""
    tabel = d.tabel.get("out_aksi", pd.DataFrame())
    if tabel.empty or "kkb_id" not in tabel.columns:
        return []
    from kkb_analysis.laporan import kata_aksi

    rows = tabel.loc[tabel["kkb_id"].astype("string") == d.kkb_id]
    if "urutan" in rows.columns:
        rows = rows.sort_values("urutan", kind="stable")
    pengaturan = d.pengaturan or None
    return [
        AksiProfil(
            aksi=kata_aksi.teks_aksi(r, pengaturan),
            opd=kata_aksi.penanggung_jawab(r),
            tenggat=kata_aksi.teks_tenggat(r),
            ukuran=kata_aksi.teks_ukuran(r, pengaturan),
            target=kata_aksi.teks_target(r),
            anggaran=kata_aksi.nama_instrumen(r.get("instrumen"), singkat=True),
        )
        for r in rows.head(n).to_dict("records")
    ]


# ----------------------------------------------------------------------------------- output
def _h(teks: Any) -> str:
    """User text for HTML: bidi/invisible characters neutralised, escaped."""
    return html.escape(teks_tampil(teks), quote=True)


@dataclass
class BagianProfil(Bagian):
    """A profile block: :attr:`isi_html` is the escaped HTML shown as it is; the plain texts
    (:attr:`teks`, :attr:`tabel`, :attr:`angka`) are kept for tests and other renderers."""

    isi_html: str = ""
    baris: list[BarisIndikator] = field(default_factory=list)
    pesan: list[Pesan] = field(default_factory=list)
    aksi: list[AksiProfil] = field(default_factory=list)

    @property
    def html(self) -> str:
        return self.isi_html

    def _potongan(self) -> list[tuple[str, Any]]:
        return [("html", self.isi_html)]


def _tampil(b: BagianProfil) -> BagianProfil:
    b.tampilkan()
    return b


#: The profile's own CSS, emitted once inside the document by :func:`kepala` (the report shell
#: of ``ekspor.py`` stays untouched). Print: A4, small but legible type; phones: one column and
#: the indicator table as one card per indicator (no sideways scrolling).
#: The kind of each cell of the indicator table (its class → "teks"/"angka"), for the alignment
#: every cell carries (:func:`~kkb_analysis.laporan.tabel.atribut_sel`). The phone layout below
#: overrides it with ``!important`` rules (cards: label left, value right).
_JENIS_SEL = {"ind": "teks", "angka": "angka", "tren": "teks", "status": "teks"}

CSS_PROFIL = """
/* Profil KKB dua halaman (kkb_analysis/laporan/profil.py) */
.profil { font-size: 0.9rem; line-height: 1.4; }
.profil p { margin: 0.2em 0; }
.profil-kepala { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 14rem);
  gap: 0.3rem 1rem; align-items: start; padding: 0.6rem 0.8rem; background: #f2f5f8;
  border-top: 0.45rem solid #0072B2; break-inside: avoid; page-break-inside: avoid; }
.profil-dinas { display: flex; align-items: center; gap: 0.5rem; font-weight: bold;
  color: #0b3d66; font-size: 0.82rem; }
.profil-dinas img { height: 2.4rem; width: auto; }
.profil-kepala h1 { font-size: 1.45rem; margin: 0.2em 0 0.1em; color: #0b3d66; }
.profil-tempat { font-size: 1rem; }
.profil-meta { font-size: 0.8rem; color: #333; }
.profil-tingkat { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: center;
  margin-top: 0.45rem !important; }
.profil-lencana { display: inline-block; font-weight: bold; border: 3px solid #999;
  border-radius: 0.4em; padding: 0.05em 0.6em; background: #fff; }
.profil-peta { margin: 0; }
.profil-peta img { display: block; width: 100%; height: auto; }
.profil-peta figcaption { font-size: 0.72rem; color: #444; line-height: 1.3; }
table.tabel-profil { width: 100%; font-size: 0.82rem; margin: 0.2em 0; }
.tabel-profil th, .tabel-profil td { padding: 0.2em 0.35em; }
.tabel-profil td.ind { width: 30%; }
.tabel-profil .ind-sumber { color: #555; font-size: 0.88em; }
.tabel-profil .status, .tabel-profil .tren { white-space: nowrap; }
.profil .simbol { display: inline-block; min-width: 1.1em; text-align: center;
  font-weight: bold; }
.profil .warna-baik { color: #00603f; }
.profil .warna-buruk { color: #a63a00; }
.profil .warna-netral { color: #444; }
.profil-catatan { font-size: 0.74rem; color: #333; line-height: 1.35; }
.profil-pesan { margin: 0.2em 0; padding-left: 1.3em; break-inside: avoid;
  page-break-inside: avoid; }
.profil-pesan li { margin: 0.3em 0; }
.profil-aksi { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.5rem; }
.profil-kartu { border: 1px solid #c9d1d9; border-top: 0.3rem solid #0072B2;
  padding: 0.35rem 0.55rem; background: #fff; break-inside: avoid; page-break-inside: avoid; }
.profil-kartu p.profil-aksi-judul { margin: 0 0 0.3em; color: #0b3d66; }
.profil-kartu dl { margin: 0; font-size: 0.8rem; }
.profil-kartu dt { font-weight: bold; color: #0b3d66; }
.profil-kartu dd { margin: 0 0 0.2em; }
.profil-kaki { border-top: 1px solid #999; margin-top: 0.6rem; padding-top: 0.3rem;
  font-size: 0.74rem; color: #333; break-inside: avoid; page-break-inside: avoid; }
@media (max-width: 600px) {
  .profil-kepala, .profil-aksi { grid-template-columns: minmax(0, 1fr); }
  .profil-peta { max-width: 20rem; }
  .tabel-profil thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  .tabel-profil, .tabel-profil tbody, .tabel-profil tr, .tabel-profil td { display: block;
    width: 100%; }
  .tabel-profil tr { border: 1px solid #c9d1d9; margin: 0 0 0.4rem; padding: 0.2rem 0.4rem; }
  .tabel-profil td { border: 0; display: flex; justify-content: space-between; gap: 0.6rem;
    text-align: right !important; white-space: normal; padding: 0.1em 0; }
  .tabel-profil td::before { content: attr(data-label); font-weight: bold; text-align: left;
    color: #0b3d66; }
  .tabel-profil td.ind { display: block; text-align: left !important; font-weight: bold; }
  .tabel-profil td.status, .tabel-profil td.tren { white-space: normal; }
  .tabel-profil td.ind::before { content: none; }
}
@media print {
  body { font-size: 9pt; }
  h2 { font-size: 11pt; margin: 0.6em 0 0.25em; color: #0b3d66;
    border-bottom: 1px solid #c9d1d9; }
  .profil-kepala h1 { font-size: 16pt; }
  .profil-kepala { grid-template-columns: minmax(0, 1fr) 62mm; }
}
"""


# ------------------------------------------------------------------------------------ header
def _tingkat(v: Any) -> str | None:
    return None if _na(v) or v == DATA_TIDAK_CUKUP else str(v)


def teks_perubahan_tingkat(tingkat: Any, lalu: Any, tahun: int) -> str:
    """The tier's change since last year in words ("naik dari Dasar (2022)", "KKB baru …")."""
    if isinstance(lalu, str) and lalu == BELUM_KKB:
        return f"KKB baru: pada {tahun - 1} wilayah ini {BELUM_KKB_TEKS}"
    sekarang, sebelum = _tingkat(tingkat), _tingkat(lalu)
    urutan = narasi.URUTAN_TINGKAT
    if _na(lalu):
        return f"perubahan dari {tahun - 1} tidak dapat dinilai (data tahun itu tidak tersedia)"
    if sekarang not in urutan or sebelum not in urutan:
        return f"perubahan dari {tahun - 1} tidak dapat dinilai ({DATA_TIDAK_CUKUP})"
    if urutan[sekarang] > urutan[sebelum]:
        return f"naik dari {sebelum} pada {tahun - 1}"
    if urutan[sekarang] < urutan[sebelum]:
        return f"turun dari {sebelum} pada {tahun - 1}"
    return f"tetap seperti {tahun - 1}"


def peringkat(d: DataLaporan) -> tuple[int | None, int]:
    """(rank, number of KKB) of the KKB among the city's KKB of the year, by the league rule of
    the city summary (:func:`kkb_analysis.laporan.rekap.urutan_liga`: tier, then ranking
    score)."""
    from kkb_analysis.laporan.rekap import urutan_liga

    jenis = d.wilayah["jenis_wilayah"].astype("string")
    kkb = d.wilayah.loc[jenis.eq("kkb").fillna(False).to_numpy(bool)]
    liga = urutan_liga(kkb, d.pengaturan or None)
    ini = liga.loc[liga["wilayah_id"].astype("string") == d.wilayah_id, "peringkat"]
    return (None if ini.empty else int(ini.iloc[0])), len(liga)


def _titik_peta(d: DataLaporan) -> pd.DataFrame:
    """Every KKB of the year with its coordinates (``core_kkb``, filled from
    ``core_kkb_profil``), short name and tier."""
    jenis = d.wilayah["jenis_wilayah"].astype("string")
    kkb = d.wilayah.loc[jenis.eq("kkb").fillna(False).to_numpy(bool)]
    titik = pd.DataFrame(
        {
            "kkb_id": kkb["kkb_id"].astype(str).to_numpy(),
            "nama": [
                str(n).removeprefix("Kampung KB ").strip() or str(n) for n in kkb["nama_wilayah"]
            ],
            "tingkat": kkb["tingkat"].to_numpy() if "tingkat" in kkb else pd.NA,
        }
    )
    kolom = ["kkb_id", "latitude", "longitude"]
    master = None
    for nama in ("core_kkb", "core_kkb_profil"):
        df = d.tabel.get(nama, pd.DataFrame())
        if set(kolom) <= set(df.columns):
            df = df[kolom].assign(kkb_id=df["kkb_id"].astype(str)).drop_duplicates("kkb_id")
            df = df.set_index("kkb_id")
            master = df if master is None else master.combine_first(df)
    if master is None:
        return titik.assign(latitude=pd.NA, longitude=pd.NA)
    titik = titik.merge(master.reset_index(), on="kkb_id", how="left")
    for c in ("latitude", "longitude"):
        titik[c] = pd.to_numeric(titik[c], errors="coerce")
    return titik


def _tempat(d: DataLaporan) -> str:
    """ "Kelurahan Cikerai, Kecamatan Cibeber, Kota Cilegon"."""
    bagian = []
    if d.kelurahan is not None:
        bagian.append(f"Kelurahan {d.kelurahan['nama_wilayah']}")
    if d.kecamatan is not None:
        bagian.append(f"Kecamatan {d.kecamatan['nama_wilayah']}")
    if d.kota is not None:
        bagian.append(str(d.kota["nama_wilayah"]))
    return ", ".join(bagian)


def _png(g: grafik_mod.Grafik) -> str:
    return "data:image/png;base64," + base64.b64encode(g.ke_png()).decode("ascii")


def kepala(d: DataLaporan, dinas: Dinas | None = None) -> BagianProfil:
    """The header band: agency, KKB name and place, data year and publication date, the tier
    with its change since last year, the rank among the city's KKB and the locator map.
    Emits the profile's CSS (:data:`CSS_PROFIL`) once."""
    dinas = dinas or identitas_dinas(d.pengaturan or None)
    tingkat = _tingkat(nilai(d.kkb, "tingkat"))
    lalu = nilai(d.kkb, "tingkat_sebelumnya")
    perubahan = teks_perubahan_tingkat(tingkat, lalu, d.tahun)
    rank, n_kkb = peringkat(d)
    kota = str(d.kota["nama_wilayah"]) if d.kota is not None else dinas.kota
    teks_rank = (
        f"Peringkat {format_angka(rank)} dari {format_angka(n_kkb)} Kampung KB di {kota}"
        if rank is not None
        else f"Peringkat di antara Kampung KB {kota}: {DATA_TIDAK_CUKUP}"
    )
    teks_tingkat = tingkat or DATA_TIDAK_CUKUP
    warna = grafik_mod.WARNA_TINGKAT.get(teks_tingkat, grafik_mod.WARNA["abu"])
    peta = grafik_mod.peta_lokasi_kkb(
        _titik_peta(d),
        d.kkb_id,
        nama_kota=kota,
        sumber_label=f"koordinat Kampung KB {d.tahun}",
    )
    logo = (
        f'<img src="{_h(dinas.logo_data_uri)}" alt="Logo {_h(dinas.instansi_singkat)}">'
        if dinas.logo_data_uri
        else ""
    )
    isi = f"""<style>{CSS_PROFIL}</style>
<header class="profil profil-kepala">
<div>
<p class="profil-dinas">{logo}<span>{_h(dinas.instansi)}</span></p>
<p class="profil-meta">{_h(JUDUL_PROFIL)}</p>
<h1>{_h(d.nama)}</h1>
<p class="profil-tempat">{_h(_tempat(d))}</p>
<p class="profil-tingkat"><span class="profil-lencana" style="border-color:{_h(warna)}">Tingkat \
{_h(teks_tingkat)}</span> <span>{_h(perubahan)}</span></p>
<p><strong>{_h(teks_rank)}</strong> <span class="profil-catatan">(urutan menurut tingkat, \
lalu skor peringkat)</span></p>
<p class="profil-meta">Data tahun {d.tahun} · Terbit {_h(dinas.tanggal_terbit_teks)}</p>
</div>
<figure class="profil-peta"><img src="{_png(peta)}" alt="{_h(peta.judul)}">
<figcaption>{_h(peta.judul)} (titik abu-abu: Kampung KB lain). {_h(peta.sumber)}</figcaption>
</figure>
</header>"""
    angka = {
        "Kampung KB": d.nama,
        "Wilayah": _tempat(d),
        "Tahun data": str(d.tahun),
        "Tanggal terbit": dinas.tanggal_terbit_teks,
        "Penerbit": dinas.instansi,
        "Tingkat": teks_tingkat,
        "Perubahan tingkat": perubahan,
        "Peringkat": teks_rank,
    }
    return _tampil(
        BagianProfil(judul=d.nama, angka=angka, grafik=[peta], isi_html=isi, teks=[peta.judul])
    )


# -------------------------------------------------------------------------------- indicators
_PANAH = {"naik": "↑", "turun": "↓", "tetap": "→"}
_WARNA_TREN = {Kode.LEBIH_BAIK: "baik", Kode.LEBIH_BURUK: "buruk"}
#: Marks of a last-year value not taken from last year's table as it was.
TANDA_ASAL = {REKONSTRUKSI: "*", BATAS_LAMA: "†"}
#: Mark of a target measured with another data source (not used for the status).
TANDA_INDIKATIF = "ⁱ"
#: Superscript digits of the target document notes.
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sel_status(b: BarisIndikator) -> str:
    t = TANDA[b.status]
    return (
        f'<span class="warna-{t.kelas}"><span class="simbol" aria-hidden="true">{_h(t.simbol)}'
        f"</span> {_h(t.kata)}</span>"
    )


def teks_tren(b: BarisIndikator) -> tuple[str, str]:
    """(arrow, word) of the change over time: the arrow follows the printed values (↑ ↓ →),
    the word the comparison rule (membaik / memburuk / setara); ("", "") without two years."""
    if b.kode_tren in (None, Kode.TIDAK_CUKUP) or b.nilai is None or b.nilai_lalu is None:
        return "", ""
    return _PANAH[_arah_kata(b)], kata_banding(b.kode_tren, Konteks.WAKTU)


def _teks_target(b: BarisIndikator, catatan: dict[str, int]) -> str:
    if b.nilai_target is None:
        return "–"
    tanda = "≥" if b.arah_target == "naik_baik" else "≤"
    nomor = ""
    if b.dokumen_target:
        nomor = str(catatan.setdefault(b.dokumen_target, len(catatan) + 1)).translate(_SUP)
    return f"{tanda} {b.teks(b.nilai_target)}{nomor}"


def indikator(d: DataLaporan, targets: Mapping[str, Target] | None = None) -> BagianProfil:
    """The headline indicators (catalogue list ``profil``): this year, last year on this year's
    boundaries with its change, kota luar KKB, the target and the status mark, with a legend in
    words."""
    baris = baris_indikator(d, targets)
    lalu, kini = str(d.tahun - 1), str(d.tahun)
    catatan: dict[str, int] = {}
    kepala_kolom = ["Indikator", kini, lalu, "Tren", "Kota luar KKB", "Target", "Status"]
    data, sel_html = [], []
    for b in baris:
        teks_lalu = "–" if b.nilai_lalu is None else b.teks(b.nilai_lalu)
        if b.nilai_lalu is not None and b.asal_lalu in TANDA_ASAL:
            teks_lalu += f" {TANDA_ASAL[b.asal_lalu]}"
        panah, kata = teks_tren(b)
        tren = f"{panah} {kata}" if kata else "–"
        luar = b.teks(b.nilai_luar) if b.luar_berlaku else "–"
        target = _teks_target(b, catatan)
        t = TANDA[b.status]
        data.append(
            [
                _label_sumber(b),
                b.teks(b.nilai),
                teks_lalu,
                tren,
                luar,
                target,
                f"{t.simbol} {t.kata}",
            ]
        )
        warna_tren = _WARNA_TREN.get(b.kode_tren, "netral") if kata else "netral"
        sumber = f' <span class="ind-sumber">({_h(b.sumber)})</span>' if b.sumber else ""
        sel = [
            ("ind", f"{_h(b.label)}{sumber}"),
            ("angka", _h(b.teks(b.nilai))),
            ("angka", _h(teks_lalu)),
            ("tren", f'<span class="warna-{warna_tren}">{_h(tren)}</span>'),
            ("angka", _h(luar)),
            ("angka", _h(target)),
            ("status", _sel_status(b)),
        ]
        sel_html.append(
            "<tr>"
            + "".join(
                f'<td {atribut_sel(_JENIS_SEL[k], k)} data-label="{_h(h)}">{isi}</td>'
                for (k, isi), h in zip(sel, kepala_kolom, strict=True)
            )
            + "</tr>"
        )
    tabel = pd.DataFrame(data, columns=kepala_kolom)
    kelas_th = ["teks", "angka", "angka", "teks", "angka", "angka", "teks"]
    thead = "".join(
        f'<th {atribut_sel(k)} scope="col">{_h(h)}</th>'
        for h, k in zip(kepala_kolom, kelas_th, strict=True)
    )
    legenda = [
        "Status: ✔ target tercapai, ✘ target belum tercapai (bila ada target dengan sumber data "
        "yang sama); bila tidak ada, dibandingkan dengan kota luar KKB: + lebih baik, = setara, "
        "− lebih buruk; · tanpa pembanding atau data tidak cukup. Warna hanya mengulang "
        "tanda dan kata.",
    ]
    if any(teks_tren(b)[1] for b in baris):
        legenda.append(
            f"Tren {lalu}–{kini}: panah menunjukkan arah nilai; kata menunjukkan apakah "
            "perubahan membaik atau memburuk menurut arah baik indikator (setara: selisih tidak "
            "bermakna)."
        )
    asal = {b.asal_lalu for b in baris if b.nilai_lalu is not None}
    for kode, tanda in TANDA_ASAL.items():
        if kode in asal:
            legenda.append(f"{tanda} Nilai {lalu} {ASAL_TEKS[kode].format(tahun=lalu)}.")
    acuan = [b for b in baris if b.acuan_nilai is not None]
    if acuan:
        legenda.append(
            "Acuan indikatif (diukur dengan sumber data lain, mis. survei, sehingga tidak "
            "dipakai sebagai target maupun untuk status): "
            + "; ".join(
                f"{b.label} {'≥' if b.acuan_arah == 'naik_baik' else '≤'} "
                f"{b.teks(b.acuan_nilai)}" + (f" ({b.acuan_dokumen})" if b.acuan_dokumen else "")
                for b in acuan
            )
            + "."
        )
    if catatan:
        legenda.append(
            "Asal target: "
            + "; ".join(f"{str(n).translate(_SUP)} {dok}" for dok, n in catatan.items())
            + "."
        )
    if any(not b.luar_berlaku for b in baris):
        legenda.append("– tidak berlaku atau tidak ada nilai.")
    sumber_teks = _kalimat_sumber(d, baris)
    isi = (
        '<div class="profil profil-indikator">\n'
        f'<table class="tabel-profil">\n<thead><tr>{thead}</tr></thead>\n<tbody>\n'
        + "\n".join(sel_html)
        + "\n</tbody>\n</table>\n"
        + "".join(f'<p class="profil-catatan">{_h(t)}</p>\n' for t in legenda)
        + f'<p class="profil-catatan"><em>{_h(sumber_teks)}</em></p>\n</div>'
    )
    judul = f"Indikator utama {d.nama}, {kini}"
    return _tampil(
        BagianProfil(
            judul=judul,
            tabel={judul: tabel},
            sumber_tabel={judul: sumber_teks},
            teks=legenda,
            isi_html=isi,
            baris=baris,
        )
    )


def _periode_sumber(d: DataLaporan, kode: str) -> str:
    """Source-and-period label of a catalogue source for the year."""
    if kode == "pk":
        return format_periode("PK", d.tahun)
    if kode == "eppgbm":
        return format_periode("e-PPGBM", d.tahun)
    if kode == "dtks":
        return d.label_kesejahteraan
    if kode == "kkbpk":
        bulan = nilai(d.kkb, "kkbpk_bulan")
        return format_periode("KKBPK", d.tahun, None if _na(bulan) else int(bulan))
    sumber = katalog().sumber[kode]
    return f"{sumber.label or sumber.nama} {d.tahun}"


def _kalimat_sumber(d: DataLaporan, baris: Sequence[BarisIndikator]) -> str:
    kat = katalog()
    kode = list(dict.fromkeys(kat.get(b.kolom).sumber.kode for b in baris))
    label = [_periode_sumber(d, k) for k in kode]
    return f"Sumber: {', '.join(label)}; diolah {grafik_mod.PENGOLAH}."


# ------------------------------------------------------------------------------ main points
def pesan_utama(d: DataLaporan, baris: Sequence[BarisIndikator] | None = None) -> BagianProfil:
    """Three main points in plain language, chosen by :func:`pilih_pesan`."""
    baris = baris_indikator(d) if baris is None else baris
    pesan = pilih_pesan(
        baris,
        d.tahun,
        _tingkat(nilai(d.kkb, "tingkat")),
        _tingkat(nilai(d.kkb, "tingkat_sebelumnya")),
    )
    isi = (
        '<div class="profil profil-pesan-utama">\n<ol class="profil-pesan">\n'
        + "\n".join(f"<li><strong>{_h(p.judul)}.</strong> {_h(p.kalimat)}</li>" for p in pesan)
        + "\n</ol>\n</div>"
    )
    return _tampil(
        BagianProfil(
            judul="Tiga pesan utama",
            teks=[f"{p.judul}. {p.kalimat}" for p in pesan],
            isi_html=isi,
            pesan=pesan,
        )
    )


# ---------------------------------------------------------------------------------- actions
def aksi(d: DataLaporan) -> BagianProfil:
    """Three priority actions, each with its owner (OPD), deadline, measure and target."""
    daftar = aksi_profil(d)
    if not daftar:
        isi = (
            '<div class="profil profil-aksi-kosong"><p>Tidak ada aksi prioritas untuk '
            f"{_h(d.nama)} tahun ini: tidak ada masalah yang memerlukan aksi khusus.</p></div>"
        )
        teks = [f"Tidak ada aksi prioritas untuk {d.nama} tahun ini."]
        return _tampil(BagianProfil(judul="Tiga aksi prioritas", teks=teks, isi_html=isi))
    kartu = []
    for i, a in enumerate(daftar, start=1):
        kartu.append(
            '<div class="profil-kartu">'
            f'<p class="profil-aksi-judul"><strong>{i}.</strong> {_h(a.aksi)}</p><dl>'
            f"<dt>Penanggung jawab</dt><dd>{_h(a.opd)}</dd>"
            f"<dt>Tenggat</dt><dd>{_h(a.tenggat)}</dd>"
            f"<dt>Ukuran</dt><dd>{_h(a.ukuran)}</dd>"
            f"<dt>Target</dt><dd>{_h(a.target)}</dd>"
            f"<dt>Sumber anggaran</dt><dd>{_h(a.anggaran)}</dd></dl></div>"
        )
    isi = '<div class="profil profil-aksi">\n' + "\n".join(kartu) + "\n</div>"
    tabel = pd.DataFrame(
        [[a.aksi, a.opd, a.tenggat, a.ukuran, a.target, a.anggaran] for a in daftar],
        columns=["Aksi", "Penanggung jawab", "Tenggat", "Ukuran", "Target", "Sumber anggaran"],
    )
    return _tampil(
        BagianProfil(
            judul="Tiga aksi prioritas",
            tabel={"Tiga aksi prioritas": tabel},
            isi_html=isi,
            aksi=daftar,
        )
    )


# ----------------------------------------------------------------------------------- footer
def kaki(d: DataLaporan, dinas: Dinas | None = None) -> BagianProfil:
    """The footer: sources and periods in one line, the agency's contact, and where the full
    report and its appendix are."""
    dinas = dinas or identitas_dinas(d.pengaturan or None)
    sumber_teks = _kalimat_sumber(d, baris_indikator(d))
    kls = f"klasifikasi Kampung KB {d.tahun} (profil, laporan KKBPK, data intervensi dan PK)"
    sumber_teks = sumber_teks.removesuffix(".").replace("; diolah", f", {kls}; diolah") + "."
    kontak = "; ".join(dinas.kontak_cetak)
    laporan = f"Laporan Evaluasi {d.nama} {d.tahun}"
    isi = (
        '<footer class="profil profil-kaki">\n'
        f"<p>{_h(sumber_teks)}</p>\n"
        f"<p><strong>Kontak {_h(dinas.instansi_singkat or dinas.instansi)}:</strong> "
        f"{_h(kontak)}</p>\n"
        f'<p><strong>Laporan lengkap dan lampiran:</strong> <a href="laporan.html">{_h(laporan)}'
        f'</a> dan <a href="lampiran.html">lampirannya</a> (metode, tabel rinci per RW, '
        "kualitas data), diterbitkan bersama profil ini.</p>\n"
        "</footer>"
    )
    teks = [
        sumber_teks,
        f"Kontak {dinas.instansi_singkat or dinas.instansi}: {kontak}",
        f"Laporan lengkap dan lampiran: {laporan} dan lampirannya.",
    ]
    return _tampil(BagianProfil(judul="Kaki profil", teks=teks, isi_html=isi))
