"""Shared base of the report sections: data loading, the :class:`Bagian` result and helpers.

:func:`muat` reads the ``out_*`` tables of one year once into a :class:`DataLaporan`; section
functions (in :mod:`kkb_analysis.laporan.bagian_profil` and
:mod:`kkb_analysis.laporan.bagian_evaluasi`, re-exported by :mod:`kkb_analysis.laporan.bagian`)
build a :class:`Bagian` and pass it to :func:`selesai`, which displays it in the notebook.

Rules: every number goes through :mod:`kkb_analysis.laporan.format`; every text taken from the data
(KKB names may contain anything, e.g. ``<script>``) is escaped before display (:func:`md_aman`,
:func:`tabel_html`); every chart and table carries its source and period.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kkb_analysis.config import get_paths, load_reference, load_settings
from kkb_analysis.indikator.katalog import katalog
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan._kernel import disimpan
from kkb_analysis.laporan.format import (
    BASIS_PERSEN_RW,
    DATA_TIDAK_CUKUP,
    TabelTersamar,
    ambang_sel_kecil,
    format_angka,
    format_nilai,
    format_periode,
    teks_median_umur,
)
from kkb_analysis.laporan.grafik import Grafik
from kkb_analysis.laporan.label import tambah_label_semua
from kkb_analysis.laporan.tabel import Kolom, Tabel, atribut_sel, jenis_kolom, susun
from kkb_analysis.nama import teks_tampil

#: The out_* tables read by :func:`muat`: every table of the declared schema (all are written by
#: ``kkb bangun``, possibly empty), so a section never has to load anything itself.
TABEL = tuple(sorted(load_reference("skema_keluaran")))

#: Core tables read when present (small, non-personal KKB master data: identity, profile).
TABEL_INTI = ("core_kkb", "core_kkb_profil")

#: Headline indicators of the executive summary (column of out_wilayah), in order: the list
#: ``utama`` of the indicator catalogue.
INDIKATOR_RINGKASAN = tuple(katalog().kolom_daftar("utama"))

CATATAN_SSGI = (
    "Catatan: prevalensi stunting e-PPGBM berasal dari penimbangan balita di posyandu "
    "(sensus sasaran), bukan survei rumah tangga seperti SSGI/SKI; angka e-PPGBM umumnya jauh "
    "lebih rendah dan tidak boleh dibandingkan langsung atau digabung dalam satu seri dengan "
    "SSGI/SKI."
)


class LaporanError(ValueError):
    """The report cannot be made (processed folder missing, unknown KKB)."""


# ------------------------------------------------------------------------------------- data
@dataclass
class DataLaporan:
    """Everything a report needs, read once: the ``out_*`` frames and the KKB's area rows."""

    kkb_id: str
    tahun: int
    folder: Path
    tabel: dict[str, pd.DataFrame]
    kkb: pd.Series
    kelurahan: pd.Series | None
    kecamatan: pd.Series | None
    kota: pd.Series | None
    #: ``ringkasan_muat.csv`` of the year (rows read/kept/rejected/flagged per raw file).
    ringkasan_muat: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: ``laporan_validasi.json`` of the year (empty dict when absent).
    validasi: dict[str, Any] = field(default_factory=dict)
    #: The analysis settings in force (``config.load_settings``).
    pengaturan: dict[str, Any] = field(default_factory=dict)
    #: Source-and-period labels of the welfare extracts used, e.g. ["DTKS Juli 2023"].
    periode_kesejahteraan: list[str] = field(default_factory=list)
    #: Results computed once per document by the section functions (e.g. the headline rows
    #: several sections print); never part of what a report shows by itself.
    simpanan: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def wilayah(self) -> pd.DataFrame:
        return self.tabel["out_wilayah"]

    @property
    def wilayah_id(self) -> str:
        return f"kkb:{self.kkb_id}"

    @property
    def nama(self) -> str:
        return str(self.kkb["nama_wilayah"])

    @property
    def sel_kecil(self) -> int:
        """The small-cell threshold of per-RW tables (``laporan.sel_kecil``, default 5)."""
        return ambang_sel_kecil(self.pengaturan)

    @property
    def kota_luar(self) -> pd.Series | None:
        """The row of the city outside every KKB (``kota_luar_kkb``), the comparator that
        judges a KKB (None when absent)."""
        jenis = self.wilayah["jenis_wilayah"].astype("string")
        pos = np.flatnonzero(jenis.eq("kota_luar_kkb").fillna(False).to_numpy(bool))
        return None if len(pos) == 0 else self.wilayah.iloc[int(pos[0])]

    @property
    def nama_kota_luar(self) -> str:
        """ "Kota Cilegon di luar KKB"."""
        kota = "Kota" if self.kota is None else str(self.kota["nama_wilayah"])
        return f"{kota} di luar KKB"

    @property
    def seluruh_kelurahan(self) -> bool:
        """Whether the KKB covers its whole kelurahan, read from the data: the rest of the
        kelurahan (``sisa:<kkb_id>``) holds no family and the kelurahan counts the same families
        and people as the KKB. Its kelurahan column would then repeat the KKB's."""
        kel = self.kelurahan
        if kel is None:
            return False
        sisa = baris_wilayah(self.wilayah, f"sisa:{self.kkb_id}")
        n_sisa = nilai(sisa, "n_keluarga")
        if not (pd.isna(n_sisa) or float(n_sisa) == 0):
            return False
        for kolom in ("n_keluarga", "n_penduduk"):
            a, b = nilai(self.kkb, kolom), nilai(kel, kolom)
            if pd.isna(a) or pd.isna(b) or float(a) != float(b):
                return False
        return True

    @property
    def nama_kelurahan(self) -> str:
        return str(nilai(self.kelurahan, "nama_wilayah"))

    @property
    def ada_dtsen(self) -> bool:
        """Whether the welfare registry of the data year can hold DTSEN: DTSEN exists from
        :data:`TAHUN_DTSEN` (Inpres 4/2025); an earlier year says DTKS/P3KE, never DTSEN."""
        return self.tahun >= TAHUN_DTSEN

    @property
    def label_kesejahteraan(self) -> str:
        """Source-and-period label of the welfare figures ("DTKS Juli 2023, P3KE Juni 2023")."""
        awal = "DTKS/P3KE/DTSEN" if self.ada_dtsen else "DTKS/P3KE"
        return ", ".join(self.periode_kesejahteraan) or f"{awal} {self.tahun}"


def _html(teks: object, quote: bool = True) -> str:
    """User text for HTML: bidi/invisible characters neutralised (:func:`teks_tampil`),
    escaped."""
    return html.escape(teks_tampil(teks), quote=quote)


def baris_wilayah(wide: pd.DataFrame, wilayah_id: str) -> pd.Series | None:
    """The first row of ``wilayah_id`` (positional: no copy of the 500-column table)."""
    pos = np.flatnonzero(
        wide["wilayah_id"].astype("string").eq(wilayah_id).fillna(False).to_numpy(bool)
    )
    return None if len(pos) == 0 else wide.iloc[int(pos[0])]


@disimpan()  # a warm report kernel reads a KKB's tables once for its three documents
def muat(kkb_id: str, tahun: int, data_dir: str | Path | None = None) -> DataLaporan:
    """Load the ``out_*`` tables of ``tahun`` from ``data/processed/<tahun>/`` for one KKB.

    Raises :class:`LaporanError` (Indonesian message) when the processed folder or a table is
    missing, or when the KKB is not in ``out_wilayah`` of that year.
    """
    kkb_id = str(kkb_id).strip().removeprefix("kkb:")
    tahun = int(tahun)
    folder = get_paths(data_dir=data_dir).processed_year(tahun)
    hilang = [t for t in TABEL if not (folder / f"{t}.parquet").is_file()]
    if not folder.is_dir() or hilang:
        detail = "" if not folder.is_dir() else f" (tidak ada: {', '.join(hilang)})"
        raise LaporanError(
            f"Tabel olahan tahun {tahun} tidak ditemukan di {folder}{detail}. "
            f"Jalankan 'kkb bangun --tahun {tahun}' dulu."
        )
    tabel = tambah_label_semua({t: pd.read_parquet(folder / f"{t}.parquet") for t in TABEL})
    for t in TABEL_INTI:
        berkas = folder / f"{t}.parquet"
        tabel[t] = pd.read_parquet(berkas) if berkas.is_file() else pd.DataFrame()
    wide = tabel["out_wilayah"]
    kkb = baris_wilayah(wide, f"kkb:{kkb_id}")
    if kkb is None:
        ada = sorted(
            wide.loc[wide["jenis_wilayah"].astype("string") == "kkb", "kkb_id"].astype(str)
        )
        raise LaporanError(
            f"Kampung KB '{kkb_id}' tidak ada di out_wilayah tahun {tahun} (KKB tidak aktif atau "
            f"kode salah). KKB yang tersedia: {', '.join(ada) or '-'}."
        )
    kode_kel, kode_kec = kkb.get("kode_kelurahan"), kkb.get("kode_kecamatan")
    kota = wide.loc[wide["wilayah_id"].astype("string").str.startswith("kota:")]
    pengaturan = load_settings()
    # welfare extracts count up to the reference month (laporan.tanggal_referensi, "MM-DD")
    bulan_ref = str(pengaturan["laporan"]["tanggal_referensi"])[:2]
    batas = f"{tahun}-{bulan_ref}"
    return DataLaporan(
        kkb_id=kkb_id,
        tahun=tahun,
        folder=folder,
        tabel=tabel,
        kkb=kkb,
        kelurahan=None if pd.isna(kode_kel) else baris_wilayah(wide, f"kel:{kode_kel}"),
        kecamatan=None if pd.isna(kode_kec) else baris_wilayah(wide, f"kec:{kode_kec}"),
        kota=None if kota.empty else kota.iloc[0],
        ringkasan_muat=_baca_ringkasan(folder / "ringkasan_muat.csv"),
        validasi=_baca_validasi(folder / "laporan_validasi.json"),
        pengaturan=pengaturan,
        periode_kesejahteraan=_periode_kesejahteraan(folder / "core_dtks.parquet", batas),
    )


def _baca_ringkasan(berkas: Path) -> pd.DataFrame:
    if not berkas.is_file():
        return pd.DataFrame()
    return pd.read_csv(berkas, dtype={"file": "string", "format": "string"})


def _baca_validasi(berkas: Path) -> dict[str, Any]:
    if not berkas.is_file():
        return {}
    return json.loads(berkas.read_text(encoding="utf-8"))


def _periode_kesejahteraan(berkas: Path, batas: str) -> list[str]:
    """Labels of the latest extract of each welfare registry up to the month ``batas``
    ("YYYY-MM"); only the ``sumber`` and ``periode`` columns are read (nothing personal)."""
    if not berkas.is_file():
        return []
    ekstrak = pd.read_parquet(berkas, columns=["sumber", "periode"]).dropna().astype(str)
    ekstrak = ekstrak.loc[ekstrak["periode"].str.match(r"^\d{4}-\d{2}$")]
    ekstrak = ekstrak.loc[ekstrak["periode"] <= batas]
    terakhir = ekstrak.groupby("sumber")["periode"].max().sort_index()
    return [
        format_periode(sumber, int(periode[:4]), int(periode[5:]))
        for sumber, periode in terakhir.items()
    ]


# ---------------------------------------------------------------------------------- section
#: Chart width of the per-KKB documents: the charts' own width (12 cm), so they print unshrunk
#: (text ≥ 8 pt) and a phone shrinks them least; two charts never fill a page alone.
LEBAR_GRAFIK_LAPORAN = f"{grafik_mod.UKURAN_CM[0]:g}cm"
#: First data year of DTSEN (Data Tunggal Sosial Ekonomi Nasional, Inpres 4/2025).
TAHUN_DTSEN = 2025
#: Registry names in catalogue source labels as they read before DTSEN existed.
_REGISTRI_SEBELUM_DTSEN = (("DTKS/P3KE/DTSEN", "DTKS/P3KE"), ("DTKS/DTSEN", "DTKS/P3KE"))


def nama_registri(teks: str, tahun: int) -> str:
    """A sentence with the welfare registries named as they existed in data year ``tahun``:
    before :data:`TAHUN_DTSEN` the catalogue's "DTKS/DTSEN" reads "DTKS/P3KE"."""
    if tahun >= TAHUN_DTSEN:
        return teks
    for lama, baru in _REGISTRI_SEBELUM_DTSEN:
        teks = teks.replace(lama, baru)
    return teks


#: Tables longer than this may break across pages (between rows, header repeated).
BARIS_TABEL_PANJANG = 20
#: The same for the per-KKB report and appendix (:class:`BagianKkb`): a table of 9+ rows kept
#: whole pushed itself and everything after it to the next page, leaving half-empty pages.
BARIS_TABEL_PANJANG_KKB = 8


@dataclass
class Bagian:
    """What a section showed: its title, sentences, key figures, formatted tables and charts.

    ``teks`` and the table cells are plain (unescaped) text; :attr:`html` is the escaped
    rendering. The section functions already displayed it, so showing the returned object in a
    notebook does nothing (``tampilkan()`` shows it again).
    """

    judul: str
    teks: list[str] = field(default_factory=list)
    angka: dict[str, str] = field(default_factory=dict)
    tabel: dict[str, pd.DataFrame] = field(default_factory=dict)
    sumber_tabel: dict[str, str] = field(default_factory=dict)
    grafik: list[Grafik] = field(default_factory=list)
    #: Notes printed under a table (e.g. the small-cell suppression note), by table title.
    catatan_tabel: dict[str, str] = field(default_factory=dict)
    #: Source line printed under the key-figure table (:attr:`angka`).
    sumber_angka: str = ""
    #: Print :attr:`angka` as a "Keterangan | Nilai" table (False: the figures are kept for
    #: tests and other renderers only, e.g. when the sentences already say them).
    cetak_angka: bool = True
    #: Reference tables moved to the technical appendix (not shown in the report; their
    #: sources and notes stay in :attr:`sumber_tabel` / :attr:`catatan_tabel`).
    lampiran: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: Maximum width of the section's charts (CSS length; "" = the stylesheet's). The short
    #: report prints its charts at :data:`LEBAR_GRAFIK_LAPORAN`.
    lebar_grafik: str = ""
    #: Tables longer than this may break across pages (:func:`tabel_html`).
    baris_panjang: int = BARIS_TABEL_PANJANG

    @property
    def teks_gabungan(self) -> str:
        """All plain texts (sentences, key figures, table cells) in one string."""
        bagian = list(self.teks) + [f"{k}: {v}" for k, v in self.angka.items()]
        for df in self.tabel.values():
            bagian += [" | ".join(map(str, df.columns))]
            bagian += [" | ".join(map(str, row)) for row in df.itertuples(index=False)]
        bagian += list(self.catatan_tabel.values())
        bagian += [f"{g.judul}. {g.sumber}" for g in self.grafik]
        return "\n".join(bagian)

    def _potongan(self) -> list[tuple[str, Any]]:
        """The display pieces in order: ("md", text) / ("html", html) / ("grafik", Grafik)."""
        out: list[tuple[str, Any]] = [("md", md_aman(t)) for t in self.teks]
        if self.angka and self.cetak_angka:
            blok = tabel_html(
                tabel_angka(self.angka), "", self.sumber_angka, panjang=self.baris_panjang
            )
            out.append(("html", blok))
        for judul, df in self.tabel.items():
            kaki = (self.sumber_tabel.get(judul, ""), self.catatan_tabel.get(judul, ""))
            out.append(("html", tabel_html(df, judul, *kaki, panjang=self.baris_panjang)))
        for g in self.grafik:
            out.append(("grafik", g))
        return out

    @property
    def html(self) -> str:
        """The escaped HTML rendering (charts as their caption only)."""
        teks = [f"<h3>{_html(self.judul)}</h3>"]
        for jenis, isi in self._potongan():
            if jenis == "md":
                teks.append(f"<p>{isi}</p>")
            elif jenis == "html":
                teks.append(isi)
            else:
                teks.append(f'<figure class="grafik">{keterangan_html(isi)}</figure>')
        return "\n".join(teks)

    def tampilkan(self) -> None:
        """Display the section in the notebook."""
        from IPython.display import HTML, Markdown, display

        for jenis, isi in self._potongan():
            if jenis == "md":
                display(Markdown(isi))
            elif jenis == "html":
                display(HTML(isi))
            else:
                display(HTML(grafik_html(isi, self.lebar_grafik)))

    def _ipython_display_(self) -> None:  # already displayed by the section function
        return None


@dataclass
class BagianKkb(Bagian):
    """A section of the per-KKB documents: charts at :data:`LEBAR_GRAFIK_LAPORAN`; tables of
    more than :data:`BARIS_TABEL_PANJANG_KKB` rows may continue on the next page (header
    repeated) instead of leaving the rest of a page empty."""

    lebar_grafik: str = LEBAR_GRAFIK_LAPORAN
    baris_panjang: int = BARIS_TABEL_PANJANG_KKB


@dataclass
class Sampul(Bagian):
    """The cover page: :attr:`judul` is the report title, :attr:`angka` the cover lines
    (label → text; the labels are not printed). Printed as its own first page (CSS
    ``.sampul { break-after: page }``); it carries no timestamp."""

    #: Portal tier colour of the badge ("" = no badge colour).
    warna_tingkat: str = ""

    @property
    def html(self) -> str:
        """The escaped cover block."""
        baris = []
        for label, teks in self.angka.items():
            kelas = "sampul-" + re.sub(r"[^a-z]+", "-", label.lower()).strip("-")
            gaya = ""
            if label == "Tingkat klasifikasi" and self.warna_tingkat:
                gaya = f' style="border-color:{_html(self.warna_tingkat, quote=True)}"'
            baris.append(f'<p class="{kelas}"{gaya}>{_html(teks)}</p>')
        return (
            '<section class="sampul">\n'
            f'<h1 class="sampul-judul">{_html(self.judul)}</h1>\n'
            + "\n".join(baris)
            + "\n</section>"
        )

    def _potongan(self) -> list[tuple[str, Any]]:
        return [("html", self.html)]


_MD_KHUSUS = re.compile(r"([\\`*_\[\]#|~:])")  # ":" too: no autolink of a typed URL


def md_aman(text: Any) -> str:
    """Text from the data, safe inside Markdown: ``& < >`` HTML-escaped, Markdown specials
    backslashed (``:`` included, so a URL typed into the data never becomes a link). Quotes stay
    as they are (harmless in Markdown text; escaping them to ``&#x27;``
    would put a ``#`` that the Markdown step then shows literally, e.g. "Ma&#x27;mur")."""
    return _MD_KHUSUS.sub(r"\\\1", _html(str(text), quote=False))


def tabel_angka(angka: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"Keterangan": list(angka), "Nilai": list(angka.values())})


def tabel_html(
    df: pd.DataFrame,
    judul: str,
    sumber: str = "",
    catatan: str = "",
    *,
    panjang: int = BARIS_TABEL_PANJANG,
) -> str:
    """An escaped table block: title, table (text columns left, numeric columns right),
    source and note; kept on one page unless longer than ``panjang`` rows."""
    teks = df.astype("string").fillna(DATA_TIDAK_CUKUP)
    sel = [atribut_sel(k) for k in jenis_kolom(teks)]  # alignment carried by every cell
    kepala = "".join(
        f"<th {a}>{_html(str(c))}</th>" for c, a in zip(teks.columns, sel, strict=True)
    )
    badan = "\n".join(
        "<tr>"
        + "".join(f"<td {a}>{_html(str(v))}</td>" for v, a in zip(row, sel, strict=True))
        + "</tr>"
        for row in teks.itertuples(index=False)
    )
    blok = "blok-tabel panjang" if len(teks) > panjang else "blok-tabel"
    bagian = [f'<div class="{blok}">']
    if judul:
        bagian.append(f'<p class="judul-tabel"><strong>{_html(judul)}</strong></p>')
    bagian.append(
        f'<table class="tabel-kkb">\n<thead><tr>{kepala}</tr></thead>\n<tbody>\n{badan}\n'
        "</tbody>\n</table>"
    )
    for kaki in (sumber, catatan):
        if kaki:
            bagian.append(f'<p class="kaki-tabel"><em>{_html(kaki)}</em></p>')
    bagian.append("</div>")
    return "\n".join(bagian)


def keterangan_html(g: Grafik) -> str:
    """The chart caption: title and source as text (they are not drawn in the figure)."""
    return (
        f"<figcaption><strong>{_html(g.judul)}</strong><br><em>{_html(g.sumber)}</em></figcaption>"
    )


def grafik_html(g: Grafik, lebar: str = "") -> str:
    """The chart as one block: the PNG (data URI) with its caption, never split across pages;
    ``lebar`` caps the image width (CSS length, e.g. "30rem"; "" = the stylesheet's)."""
    data = base64.b64encode(g.ke_png()).decode("ascii")
    gaya = f' style="max-width:{_html(lebar)}"' if lebar else ""
    return (
        f'<figure class="grafik"><img src="data:image/png;base64,{data}" '
        f'alt="{_html(g.judul, quote=True)}"{gaya}>\n{keterangan_html(g)}</figure>'
    )


_DIAM: list[bool] = []


@contextmanager
def diam() -> Iterator[None]:
    """Section functions called inside build their :class:`Bagian` without displaying it (the
    appendix re-uses the tables a report section moved out)."""
    _DIAM.append(True)
    try:
        yield
    finally:
        _DIAM.pop()


def selesai(b: Bagian) -> Bagian:
    if not _DIAM:
        b.tampilkan()
    return b


def pindah_ke_lampiran(b: Bagian, *judul: str) -> Bagian:
    """Move the tables ``judul`` (when present) from the report section to :attr:`Bagian.
    lampiran`."""
    for j in judul:
        if j in b.tabel:
            b.lampiran[j] = b.tabel.pop(j)
    return b


def sumber(label: str) -> str:
    return f"Sumber: {label}, diolah {grafik_mod.PENGOLAH}"


def nilai(row: pd.Series | None, kolom: str) -> Any:
    if row is None:
        return pd.NA
    return row.get(kolom, pd.NA)


#: Display values built from several stored columns: name → text of a row. The data hold only
#: the numbers and codes; these names exist only in the report layer.
TEKS_TURUNAN = {
    "median_umur": lambda row: teks_median_umur(
        nilai(row, "median_umur_tahun"), nilai(row, "median_umur_75_lebih")
    ),
}


def f(row: pd.Series | None, kolom: str) -> str:
    """A column of ``row`` as printed (or a derived display value of :data:`TEKS_TURUNAN`)."""
    if kolom in TEKS_TURUNAN:
        return TEKS_TURUNAN[kolom](row)
    v = nilai(row, kolom)
    if kolom.startswith("kkbpk_n_"):  # KKBPK counts (format_nilai knows only the n_ prefix)
        return format_angka(v)
    return format_nilai(v, kolom)


def pembanding(d: DataLaporan) -> list[tuple[str, pd.Series | None]]:
    """(column header, row): the KKB, its kelurahan (left out when the KKB covers the whole
    kelurahan: the column would repeat the KKB's, :func:`catatan_wilayah` says so) and the city
    outside every KKB."""
    kel = d.kelurahan
    kolom: list[tuple[str, pd.Series | None]] = [(d.nama, d.kkb)]
    if not d.seluruh_kelurahan:
        kolom.append((f"Kelurahan {kel['nama_wilayah']}" if kel is not None else "Kelurahan", kel))
    kolom.append((d.nama_kota_luar, d.kota_luar))
    return kolom


def jenis_pembanding(d: DataLaporan) -> list[str]:
    """Comparator types of the report sentences (:func:`narasi.kalimat_perbandingan`): the city
    outside every KKB, and the kelurahan unless the KKB covers it whole."""
    return ["luar"] if d.seluruh_kelurahan else ["kelurahan", "luar"]


def catatan_wilayah(d: DataLaporan) -> str:
    """The note under a comparison table of a whole-kelurahan KKB ("" otherwise)."""
    if not d.seluruh_kelurahan:
        return ""
    return (
        f"{d.nama} meliputi seluruh Kelurahan {d.nama_kelurahan}, sehingga angka kelurahan sama "
        "dengan angka KKB dan tidak ditulis dua kali."
    )


def daftar_isi() -> None:
    """Display the table-of-contents placeholder that the exporter fills from the headings."""
    from IPython.display import HTML, display

    display(HTML(DAFTAR_ISI))


#: The table-of-contents element of the export contract (filled by ``laporan/ekspor.py``).
DAFTAR_ISI = '<nav class="daftar-isi"></nav>'


def tabel_banding(d: DataLaporan, baris: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Indicator rows (label, column) × KKB / kelurahan / city outside every KKB, values
    formatted (:func:`pembanding`)."""
    kolom = pembanding(d)
    data = {"Indikator": [label for label, _ in baris]}
    for judul, row in kolom:
        data[judul] = [f(row, k) for _, k in baris]
    return pd.DataFrame(data)


# ------------------------------------------------------------------------------ per-RW tables
#: Percentages of ``out_rw`` and their (numerator, denominator) counts (one list, in format.py).
PEMBILANG_PENYEBUT = BASIS_PERSEN_RW


def label_rw(rw: Any) -> str:
    """ "RW 003"; a family without an RW → "RW tidak tercatat"."""
    return "RW tidak tercatat" if pd.isna(rw) else f"RW {rw}"


def tabel_rw(rw: pd.DataFrame, kolom: Sequence[tuple[str, str]], ambang: int) -> TabelTersamar:
    """Per-RW display table of ``out_rw`` rows: counts below ``ambang`` print as "< 5", more
    cells "disamarkan" where the KKB total would give a small one away (complementary
    suppression over the rows of each KKB), and a percentage is hidden whenever its numerator
    or denominator is; the note explains all three."""
    rw = rw.assign(_tanpa_rw=rw["rw"].isna()).sort_values(["_tanpa_rw", "rw"], kind="stable")
    angka = (
        Kolom(label, k, samar="persen" if k in PEMBILANG_PENYEBUT else "hitungan")
        for label, k in kolom
    )
    spek = Tabel((Kolom("RW", lambda r: label_rw(r["rw"])), *angka))
    return susun(spek, rw, ambang=ambang, kelompok=("kkb_id",))
