"""Sections of the per-KKB evaluation report, one call per cell of notebooks/laporan_kkb.ipynb.

:func:`muat` reads the ``out_*`` tables of one year once into a :class:`DataLaporan`; every
section function (``identitas`` … ``klasifikasi``) then

- **displays** its content in the notebook (IPython ``Markdown`` for text, the chart as PNG plus a
  caption with its source line, small tables as escaped HTML with Indonesian headers), and
- **returns** a plain :class:`Bagian` (texts, key figures, formatted tables, charts) for tests and
  other renderers.

Rules: every number goes through :mod:`kkb_analysis.laporan.format`; every text taken from the data
(KKB names may contain anything, e.g. ``<script>``) is escaped before display; every chart and
table carries its source and period. Sentences come from :mod:`kkb_analysis.laporan.narasi`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kkb_analysis.config import get_paths
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import narasi
from kkb_analysis.laporan.format import (
    DATA_TIDAK_CUKUP,
    format_angka,
    format_nilai,
    format_periode,
    format_persen,
)
from kkb_analysis.laporan.grafik import Grafik

__all__ = [
    "Bagian",
    "DataLaporan",
    "LaporanError",
    "identitas",
    "kb_dan_poktan",
    "kependudukan",
    "klasifikasi",
    "muat",
    "ringkasan_eksekutif",
    "stunting_dan_krs",
]

#: The out_* tables read by :func:`muat` (file stem → required).
TABEL = (
    "out_wilayah",
    "out_piramida",
    "out_metode_kb",
    "out_poktan",
    "out_zscore",
    "out_stunting",
    "out_klasifikasi",
    "out_rencana_tingkat",
    "out_rekap_krs",
)

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

    @property
    def wilayah(self) -> pd.DataFrame:
        return self.tabel["out_wilayah"]

    @property
    def wilayah_id(self) -> str:
        return f"kkb:{self.kkb_id}"

    @property
    def nama(self) -> str:
        return str(self.kkb["nama_wilayah"])


def _baris(wide: pd.DataFrame, wilayah_id: str) -> pd.Series | None:
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
    wide = tabel["out_wilayah"]
    kkb = _baris(wide, f"kkb:{kkb_id}")
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
        kelurahan=None if pd.isna(kode_kel) else _baris(wide, f"kel:{kode_kel}"),
        kecamatan=None if pd.isna(kode_kec) else _baris(wide, f"kec:{kode_kec}"),
        kota=None if kota.empty else kota.iloc[0],
    )


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
        out: list[tuple[str, Any]] = [("md", _md(t)) for t in self.teks]
        if self.angka:
            out.append(("html", _tabel_html(_tabel_angka(self.angka), "")))
        for judul, df in self.tabel.items():
            out.append(("html", _tabel_html(df, judul, self.sumber_tabel.get(judul, ""))))
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
                teks.append(_keterangan_html(isi))
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
                display(HTML(_keterangan_html(isi)))

    def _ipython_display_(self) -> None:  # already displayed by the section function
        return None


_MD_KHUSUS = re.compile(r"([\\`*_\[\]#|~])")


def _md(text: Any) -> str:
    """Text from the data, safe inside Markdown: HTML-escaped, Markdown specials backslashed."""
    return _MD_KHUSUS.sub(r"\\\1", html.escape(str(text)))


def _tabel_angka(angka: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"Keterangan": list(angka), "Nilai": list(angka.values())})


def _tabel_html(df: pd.DataFrame, judul: str, sumber: str = "") -> str:
    isi = (
        df.astype("string")
        .fillna(DATA_TIDAK_CUKUP)
        .to_html(escape=True, index=False, border=0, classes="tabel-kkb")
    )
    kepala = f"<p><strong>{html.escape(judul)}</strong></p>\n" if judul else ""
    kaki = f"\n<p><em>{html.escape(sumber)}</em></p>" if sumber else ""
    return f"{kepala}{isi}{kaki}"


def _keterangan_html(g: Grafik) -> str:
    return f"<p><strong>{html.escape(g.judul)}</strong><br><em>{html.escape(g.sumber)}</em></p>"


def _selesai(b: Bagian) -> Bagian:
    b.tampilkan()
    return b


def _sumber(label: str) -> str:
    return f"Sumber: {label}, diolah {grafik_mod.PENGOLAH}"


def _nilai(row: pd.Series | None, kolom: str) -> Any:
    if row is None:
        return pd.NA
    return row.get(kolom, pd.NA)


def _f(row: pd.Series | None, kolom: str) -> str:
    nilai = _nilai(row, kolom)
    if kolom.startswith("kkbpk_n_"):  # KKBPK counts (format_nilai knows only the n_ prefix)
        return format_angka(nilai)
    return format_nilai(nilai, kolom)


def _pembanding(d: DataLaporan) -> list[tuple[str, pd.Series | None]]:
    """(column header, row): the KKB, its kelurahan and the city."""
    kel = d.kelurahan
    return [
        (d.nama, d.kkb),
        (f"Kelurahan {kel['nama_wilayah']}" if kel is not None else "Kelurahan", kel),
        (str(d.kota["nama_wilayah"]) if d.kota is not None else "Kota", d.kota),
    ]


def _tabel_banding(d: DataLaporan, baris: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Indicator rows (label, column) × KKB / kelurahan / city, values formatted."""
    kolom = _pembanding(d)
    data = {"Indikator": [label for label, _ in baris]}
    for judul, row in kolom:
        data[judul] = [_f(row, k) for _, k in baris]
    return pd.DataFrame(data)


# --------------------------------------------------------------------------------- sections
def identitas(d: DataLaporan) -> Bagian:
    """Section 1: name, code, kelurahan/kecamatan, data year, tier and sources."""
    k = d.kkb
    angka = {
        "Nama Kampung KB": d.nama,
        "Kode KKB": d.kkb_id,
        "Kelurahan": str(_nilai(d.kelurahan, "nama_wilayah")),
        "Kecamatan": str(_nilai(d.kecamatan, "nama_wilayah")),
        "Tahun data": format_nilai(d.tahun, "tahun"),
        "Tingkat klasifikasi": format_nilai(k.get("tingkat", pd.NA), "tingkat"),
        "Jumlah keluarga (PK)": _f(k, "n_keluarga"),
        "Jumlah penduduk (PK)": _f(k, "n_penduduk"),
    }
    bulan = k.get("kkbpk_bulan", pd.NA)
    sumber = [
        format_periode("PK", d.tahun),
        format_periode("KKBPK", d.tahun, None if pd.isna(bulan) else int(bulan)),
        format_periode("e-PPGBM", d.tahun),
        f"Profil KKB {d.tahun}",
    ]
    teks = [
        f"Laporan evaluasi {d.nama} (kode {d.kkb_id}) untuk tahun data "
        f"{format_nilai(d.tahun, 'tahun')}. Sumber data: {', '.join(sumber)}; diolah "
        f"{grafik_mod.PENGOLAH}."
    ]
    return _selesai(Bagian("Identitas KKB", teks=teks, angka=angka))


def ringkasan_eksekutif(d: DataLaporan) -> Bagian:
    """Section 2: tier sentence, the three indices, headline comparisons, top-3 issues and
    recommendations."""
    wide = d.wilayah
    teks = [narasi.kalimat_tingkat(wide, d.kkb_id)]
    angka = {
        "Indeks input": _f(d.kkb, "index_input"),
        "Indeks proses": _f(d.kkb, "index_proses"),
        "Indeks output": _f(d.kkb, "index_output"),
    }
    teks.append("Perbandingan indikator utama:")
    for kolom in INDIKATOR_RINGKASAN:
        if kolom in wide.columns:
            teks.append("- " + narasi.kalimat_perbandingan(wide, d.kkb_id, kolom))
    isu = narasi.isu_utama(wide, d.kkb_id, n=3)
    if isu:
        teks.append("Isu utama:")
        teks += [f"{i}. {item['kalimat']}" for i, item in enumerate(isu, start=1)]
        teks.append("Rekomendasi:")
        teks += [f"{i}. {r}" for i, r in enumerate(narasi.rekomendasi(isu), start=1)]
    else:
        teks.append(
            "Tidak ada indikator utama yang lebih buruk daripada kota (atau data tidak cukup)."
        )
    b = Bagian("Ringkasan eksekutif", teks=teks, angka=angka)
    b.angka["Jumlah isu utama"] = format_angka(len(isu))
    return _selesai(b)


def kependudukan(d: DataLaporan) -> Bagian:
    """Section 3: population pyramid (KKB vs city) and key population figures."""
    k = d.kkb
    periode = format_periode("PK", d.tahun)
    teks = [
        f"Menurut {periode}, {d.nama} dihuni {_f(k, 'n_penduduk')} jiwa "
        f"({_f(k, 'n_penduduk_l')} laki-laki dan {_f(k, 'n_penduduk_p')} perempuan) dalam "
        f"{_f(k, 'n_keluarga')} keluarga; rata-rata {_f(k, 'rasio_penduduk_per_keluarga')} "
        f"jiwa per keluarga. Rasio jenis kelamin {_f(k, 'rasio_jenis_kelamin')} laki-laki per "
        f"100 perempuan, rasio ketergantungan {_f(k, 'rasio_ketergantungan')} per 100 penduduk "
        f"usia 15–64 tahun, median umur {_f(k, 'median_umur_teks')} tahun."
    ]
    baris = [
        ("Jumlah keluarga", "n_keluarga"),
        ("Jumlah penduduk", "n_penduduk"),
        ("Laki-laki", "n_penduduk_l"),
        ("Perempuan", "n_penduduk_p"),
        ("Balita (0–59 bulan)", "n_balita"),
        ("Remaja (10–24 tahun)", "n_remaja"),
        ("Lansia (≥ 60 tahun)", "n_lansia"),
        ("Jiwa per keluarga", "rasio_penduduk_per_keluarga"),
        ("Rasio jenis kelamin (L per 100 P)", "rasio_jenis_kelamin"),
        ("Rasio ketergantungan (per 100)", "rasio_ketergantungan"),
        ("Median umur (tahun)", "median_umur_teks"),
    ]
    tabel = {"Angka kunci kependudukan": _tabel_banding(d, baris)}
    kota_id = None if d.kota is None else str(d.kota["wilayah_id"])
    g = grafik_mod.piramida_penduduk(
        d.tabel["out_piramida"],
        d.wilayah_id,
        d.tahun,
        pembanding=kota_id,
        nama_wilayah=d.nama,
        nama_pembanding=None if d.kota is None else str(d.kota["nama_wilayah"]),
    )
    angka = {"Jumlah penduduk": _f(k, "n_penduduk"), "Jumlah keluarga": _f(k, "n_keluarga")}
    return _selesai(
        Bagian(
            "Kependudukan",
            teks=teks,
            angka=angka,
            tabel=tabel,
            sumber_tabel={"Angka kunci kependudukan": _sumber(periode)},
            grafik=[g],
        )
    )


def kb_dan_poktan(d: DataLaporan) -> Bagian:
    """Section 4: KB figures from PK and from KKBPK (labelled, never mixed), the KKBPK method mix
    chart and the poktan participation table."""
    k = d.kkb
    pk = format_periode("PK", d.tahun)
    bulan = k.get("kkbpk_bulan", pd.NA)
    kkbpk = (
        f"KKBPK {d.tahun} (bulan tidak diketahui)"
        if pd.isna(bulan)
        else format_periode("KKBPK", d.tahun, int(bulan))
    )
    baris = [
        ("CPR", pk, "cpr_pct"),
        ("mCPR", pk, "mcpr_pct"),
        ("MKJP", pk, "mkjp_pct"),
        ("Unmet need", pk, "unmet_need_pct"),
        ("PUS", kkbpk, "kkbpk_n_pus"),
        ("Peserta KB aktif", kkbpk, "kkbpk_n_pengguna_kb"),
        ("CPR 7 metode (definisi portal)", kkbpk, "kkbpk_cpr_7_metode_pct"),
        ("MKJP", kkbpk, "kkbpk_mkjp_pct"),
        ("Unmet need", kkbpk, "kkbpk_unmet_need_pct"),
    ]
    tabel_kb = pd.DataFrame(
        {
            "Indikator": [b[0] for b in baris],
            "Sumber": [b[1] for b in baris],
            d.nama: [_f(k, b[2]) for b in baris],
        }
    )
    teks = [
        f"Angka KB dari Pendataan Keluarga ({pk}) dan dari laporan bulanan KKBPK ({kkbpk}) "
        f"memakai definisi dan penyebut berbeda, sehingga disajikan terpisah: CPR {pk} "
        f"{_f(k, 'cpr_pct')}, CPR 7 metode {kkbpk} {_f(k, 'kkbpk_cpr_7_metode_pct')}."
    ]
    pok = d.tabel["out_poktan"]
    pok = pok.loc[pok["kkb_id"].astype("string") == d.kkb_id]
    label_penyebut = {
        "keluarga_punya_balita": "Keluarga dengan balita",
        "keluarga_punya_remaja": "Keluarga dengan remaja",
        "keluarga_punya_lansia": "Keluarga dengan lansia",
        "jumlah_keluarga": "Jumlah keluarga",
        "jumlah_remaja": "Jumlah remaja",
    }
    tabel_pok = pd.DataFrame(
        {
            "Poktan": pok["poktan"].astype(str).tolist(),
            "Peserta": [format_angka(v) for v in pok["peserta"]],
            "Penyebut (PK)": [label_penyebut.get(str(v), str(v)) for v in pok["penyebut"]],
            "Jumlah penyebut": [format_angka(v) for v in pok["nilai_penyebut"]],
            "Partisipasi": [
                format_persen(v) + (" (melebihi 100%, periksa data)" if bool(m) else "")
                for v, m in zip(pok["partisipasi_pct"], pok["melebihi_100"], strict=True)
            ],
        }
    )
    g = grafik_mod.bauran_metode(d.tabel["out_metode_kb"], d.wilayah_id, kkbpk, nama_wilayah=d.nama)
    return _selesai(
        Bagian(
            "KB dan poktan",
            teks=teks,
            angka={
                "CPR (PK)": _f(k, "cpr_pct"),
                "CPR 7 metode (KKBPK)": _f(k, "kkbpk_cpr_7_metode_pct"),
            },
            tabel={"Indikator KB menurut sumber": tabel_kb, "Partisipasi poktan": tabel_pok},
            sumber_tabel={
                "Indikator KB menurut sumber": _sumber(f"{pk}; {kkbpk}"),
                "Partisipasi poktan": _sumber(f"{kkbpk} (peserta); {pk} (penyebut)"),
            },
            grafik=[g],
        )
    )


def stunting_dan_krs(d: DataLaporan) -> Bagian:
    """Section 5: stunting prevalence (95% CI, n, severity), the e-PPGBM vs SSGI caveat, the HAZ
    distribution chart and the KRS recap."""
    k = d.kkb
    ep = format_periode("e-PPGBM", d.tahun)
    pk = format_periode("PK", d.tahun)
    teks = [
        f"Prevalensi stunting balita di {d.nama} ({ep}, pengukuran terakhir tiap balita) "
        f"{_f(k, 'stunting_pct')} (IK 95%: {_f(k, 'stunting_ci_low_pct')}–"
        f"{_f(k, 'stunting_ci_high_pct')}; n = {_f(k, 'n_balita_diukur')} balita diukur), "
        f"kategori {format_nilai(k.get('stunting_kategori', pd.NA), 'stunting_kategori')} "
        f"menurut ambang WHO–UNICEF.",
        CATATAN_SSGI,
    ]
    rekap = d.tabel["out_rekap_krs"]
    r = _baris(rekap.rename(columns={"kode_wilayah": "wilayah_id"}), d.wilayah_id)
    baris = [
        ("Jumlah keluarga", "jumlah_keluarga"),
        ("Keluarga sasaran", "jumlah_keluarga_sasaran"),
        ("Keluarga berisiko stunting (KRS)", "total_krs"),
        ("Tidak berisiko", "tidak_berisiko"),
        ("Dengan baduta", "baduta"),
        ("Dengan balita", "balita"),
        ("Dengan PUS hamil", "pus_hamil"),
        ("Air minum tidak layak", "air_minum_tidak_layak"),
        ("Jamban tidak layak", "jamban_tidak_layak"),
        ("PUS terlalu muda (< 20 tahun)", "terlalu_muda"),
        ("PUS terlalu tua (35–40 tahun)", "terlalu_tua"),
        ("Jarak kelahiran terlalu dekat", "terlalu_dekat"),
        ("Anak terlalu banyak (> 3)", "terlalu_banyak"),
    ]
    tabel_krs = pd.DataFrame(
        {
            "Komponen": [b[0] for b in baris],
            "Jumlah keluarga": [format_angka(_nilai(r, b[1])) for b in baris],
        }
    )
    teks.append(
        f"Menurut {pk}, {_f(k, 'n_krs')} dari {format_angka(_nilai(r, 'jumlah_keluarga_sasaran'))}"
        f" keluarga sasaran termasuk keluarga berisiko stunting ({_f(k, 'krs_pct')})."
    )
    g = grafik_mod.distribusi_zskor(d.tabel["out_zscore"], d.wilayah_id, ep, nama_wilayah=d.nama)
    tabel_st = _tabel_banding(
        d,
        [
            ("Prevalensi stunting", "stunting_pct"),
            ("Batas bawah IK 95%", "stunting_ci_low_pct"),
            ("Batas atas IK 95%", "stunting_ci_high_pct"),
            ("Balita diukur (n)", "n_balita_diukur"),
            ("Kategori", "stunting_kategori"),
            ("Keluarga berisiko stunting", "krs_pct"),
        ],
    )
    return _selesai(
        Bagian(
            "Stunting dan keluarga berisiko stunting",
            teks=teks,
            angka={
                "Prevalensi stunting": _f(k, "stunting_pct"),
                "Balita diukur": _f(k, "n_balita_diukur"),
                "Kategori": format_nilai(k.get("stunting_kategori", pd.NA), "stunting_kategori"),
            },
            tabel={"Stunting dan KRS": tabel_st, "Rekap keluarga berisiko stunting": tabel_krs},
            sumber_tabel={
                "Stunting dan KRS": _sumber(f"{ep} (stunting); {pk} (KRS)"),
                "Rekap keluarga berisiko stunting": _sumber(pk),
            },
            grafik=[g],
        )
    )


def klasifikasi(d: DataLaporan) -> Bagian:
    """Section 6: radar of the three indices, the 12 scores and the plan for the next tier."""
    k = d.kkb
    bulan = k.get("kkbpk_bulan", pd.NA)
    label = (
        f"Profil KKB {d.tahun}, "
        + (
            format_periode("KKBPK", d.tahun, int(bulan))
            if not pd.isna(bulan)
            else f"KKBPK {d.tahun}"
        )
        + f", {format_periode('PK', d.tahun)}"
    )
    g = grafik_mod.radar_indeks(
        _nilai(k, "index_input"),
        _nilai(k, "index_proses"),
        _nilai(k, "index_output"),
        _nilai(k, "tingkat"),
        sumber_label=label,
        nama_wilayah=d.nama,
    )
    kl = d.tabel["out_klasifikasi"]
    kl = kl.loc[kl["kkb_id"].astype("string") == d.kkb_id]
    tabel_skor = pd.DataFrame(
        {
            "Kelompok": kl["kelompok"].astype(str).tolist(),
            "Indikator": kl["label"].astype(str).tolist(),
            "Keterangan": kl["keterangan"].astype("string").fillna(DATA_TIDAK_CUKUP).tolist(),
            "Skor": [format_angka(v) for v in kl["skor"]],
            "Skor maksimum": [format_angka(v) for v in kl["skor_maks"]],
            "Skor setara portal": [format_angka(v) for v in kl["skor_portal"]],
        }
    )
    rt = d.tabel["out_rencana_tingkat"]
    rt = rt.loc[rt["kkb_id"].astype("string") == d.kkb_id]
    rencana = rt.loc[rt["jenis"].astype("string") == "rencana"]
    tabel_rencana = pd.DataFrame(
        {
            "Target tingkat": rencana["target_tingkat"].astype("string").fillna("-").tolist(),
            "Jumlah langkah": [format_angka(v) for v in rencana["jumlah_langkah"]],
            "Perubahan": rencana["perubahan"].astype("string").fillna("-").tolist(),
            "Terdekat": [
                "-" if pd.isna(v) else ("ya" if bool(v) else "tidak")
                for v in rencana["terdekat"].tolist()
            ],
        }
    )
    teks = [narasi.kalimat_tingkat(d.wilayah, d.kkb_id)]
    return _selesai(
        Bagian(
            "Klasifikasi Kampung KB",
            teks=teks,
            angka={
                "Tingkat": format_nilai(_nilai(k, "tingkat"), "tingkat"),
                "Indeks input": _f(k, "index_input"),
                "Indeks proses": _f(k, "index_proses"),
                "Indeks output": _f(k, "index_output"),
            },
            tabel={"Skor 12 indikator": tabel_skor, "Rencana ke tingkat berikutnya": tabel_rencana},
            sumber_tabel={
                "Skor 12 indikator": _sumber(label),
                "Rencana ke tingkat berikutnya": _sumber(label),
            },
            grafik=[g],
        )
    )
