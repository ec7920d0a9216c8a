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

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kkb_analysis.config import get_paths, load_reference
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan.format import (
    DATA_TIDAK_CUKUP,
    format_angka,
    format_nilai,
)
from kkb_analysis.laporan.grafik import Grafik

#: The out_* tables read by :func:`muat`: every table of the declared schema (all are written by
#: ``kkb bangun``, possibly empty), so a section never has to load anything itself.
TABEL = tuple(sorted(load_reference("skema_keluaran")))

#: Core tables read when present (small, non-personal KKB master data: identity, profile).
TABEL_INTI = ("core_kkb", "core_kkb_profil")

#: Headline indicators of the executive summary (column of out_wilayah), in order.
INDIKATOR_RINGKASAN = (
    "cpr_pct",
    "mkjp_pct",
    "unmet_need_pct",
    "krs_pct",
    "stunting_pct",
    "indeks_ibangga",
)

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

    @property
    def wilayah(self) -> pd.DataFrame:
        return self.tabel["out_wilayah"]

    @property
    def wilayah_id(self) -> str:
        return f"kkb:{self.kkb_id}"

    @property
    def nama(self) -> str:
        return str(self.kkb["nama_wilayah"])


def baris_wilayah(wide: pd.DataFrame, wilayah_id: str) -> pd.Series | None:
    rows = wide.loc[wide["wilayah_id"].astype("string") == wilayah_id]
    return None if rows.empty else rows.iloc[0]


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
    tabel = {t: pd.read_parquet(folder / f"{t}.parquet") for t in TABEL}
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
    )


def _baca_ringkasan(berkas: Path) -> pd.DataFrame:
    if not berkas.is_file():
        return pd.DataFrame()
    return pd.read_csv(berkas, dtype={"file": "string", "format": "string"})


def _baca_validasi(berkas: Path) -> dict[str, Any]:
    if not berkas.is_file():
        return {}
    return json.loads(berkas.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------- section
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

    @property
    def teks_gabungan(self) -> str:
        """All plain texts (sentences, key figures, table cells) in one string."""
        bagian = list(self.teks) + [f"{k}: {v}" for k, v in self.angka.items()]
        for df in self.tabel.values():
            bagian += [" | ".join(map(str, df.columns))]
            bagian += [" | ".join(map(str, row)) for row in df.itertuples(index=False)]
        bagian += [f"{g.judul}. {g.sumber}" for g in self.grafik]
        return "\n".join(bagian)

    def _potongan(self) -> list[tuple[str, Any]]:
        """The display pieces in order: ("md", text) / ("html", html) / ("png", Grafik)."""
        out: list[tuple[str, Any]] = [("md", md_aman(t)) for t in self.teks]
        if self.angka:
            out.append(("html", tabel_html(tabel_angka(self.angka), "")))
        for judul, df in self.tabel.items():
            out.append(("html", tabel_html(df, judul, self.sumber_tabel.get(judul, ""))))
        for g in self.grafik:
            out.append(("png", g))
        return out

    @property
    def html(self) -> str:
        """The escaped HTML rendering (charts as their caption only)."""
        teks = [f"<h3>{html.escape(self.judul)}</h3>"]
        for jenis, isi in self._potongan():
            if jenis == "md":
                teks.append(f"<p>{isi}</p>")
            elif jenis == "html":
                teks.append(isi)
            else:
                teks.append(keterangan_html(isi))
        return "\n".join(teks)

    def tampilkan(self) -> None:
        """Display the section in the notebook."""
        from IPython.display import HTML, Image, Markdown, display

        for jenis, isi in self._potongan():
            if jenis == "md":
                display(Markdown(isi))
            elif jenis == "html":
                display(HTML(isi))
            else:
                display(Image(data=isi.ke_png()))
                display(HTML(keterangan_html(isi)))

    def _ipython_display_(self) -> None:  # already displayed by the section function
        return None


_MD_KHUSUS = re.compile(r"([\\`*_\[\]#|~])")


def md_aman(text: Any) -> str:
    """Text from the data, safe inside Markdown: HTML-escaped, Markdown specials backslashed."""
    return _MD_KHUSUS.sub(r"\\\1", html.escape(str(text)))


def tabel_angka(angka: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"Keterangan": list(angka), "Nilai": list(angka.values())})


def tabel_html(df: pd.DataFrame, judul: str, sumber: str = "") -> str:
    isi = (
        df.astype("string")
        .fillna(DATA_TIDAK_CUKUP)
        .to_html(escape=True, index=False, border=0, classes="tabel-kkb")
    )
    kepala = f"<p><strong>{html.escape(judul)}</strong></p>\n" if judul else ""
    kaki = f"\n<p><em>{html.escape(sumber)}</em></p>" if sumber else ""
    return f"{kepala}{isi}{kaki}"


def keterangan_html(g: Grafik) -> str:
    return f"<p><strong>{html.escape(g.judul)}</strong><br><em>{html.escape(g.sumber)}</em></p>"


def selesai(b: Bagian) -> Bagian:
    b.tampilkan()
    return b


def sumber(label: str) -> str:
    return f"Sumber: {label}, diolah {grafik_mod.PENGOLAH}"


def nilai(row: pd.Series | None, kolom: str) -> Any:
    if row is None:
        return pd.NA
    return row.get(kolom, pd.NA)


def f(row: pd.Series | None, kolom: str) -> str:
    v = nilai(row, kolom)
    if kolom.startswith("kkbpk_n_"):  # KKBPK counts (format_nilai knows only the n_ prefix)
        return format_angka(v)
    return format_nilai(v, kolom)


def pembanding(d: DataLaporan) -> list[tuple[str, pd.Series | None]]:
    """(column header, row): the KKB, its kelurahan and the city."""
    kel = d.kelurahan
    return [
        (d.nama, d.kkb),
        (f"Kelurahan {kel['nama_wilayah']}" if kel is not None else "Kelurahan", kel),
        (str(d.kota["nama_wilayah"]) if d.kota is not None else "Kota", d.kota),
    ]


def tabel_banding(d: DataLaporan, baris: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Indicator rows (label, column) × KKB / kelurahan / city, values formatted."""
    kolom = pembanding(d)
    data = {"Indikator": [label for label, _ in baris]}
    for judul, row in kolom:
        data[judul] = [f(row, k) for _, k in baris]
    return pd.DataFrame(data)
