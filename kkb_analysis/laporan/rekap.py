"""City summary ("Ringkasan Kota") for the Wali Kota's office: one call per cell of
notebooks/rekap_kota.ipynb.

:func:`muat_kota` reads the processed tables of one year once (and ``out_wilayah`` of the previous
year when it was built); one function per section then displays it and returns a
:class:`~kkb_analysis.laporan.dasar.Bagian` for tests and other renderers. The document: an
official cover (:func:`sampul`), the table of contents (:func:`daftar_isi`), one page of main
points (:func:`pokok`), the ranking (:func:`tabel_peringkat`), who must act where (the OPD × KKB
matrix, :func:`matriks_aksi`, right after the ranking whose order its columns follow), the
indicator heat map in rank order (:func:`peta_panas`), what each OPD must do
(:func:`daftar_aksi_opd`), the city's recommendations (:func:`rekomendasi_kota`), the locator
map (:func:`peta`), a short method note (:func:`catatan_metode`) and the agency's contact
(:func:`kontak`). No forced page breaks: blocks that must stay whole (ranking table, matrix,
charts) are kept whole by the stylesheet, so the document does not leave half-empty pages.
Method details, settings and data-quality tables belong to the per-KKB appendix (lampiran),
not here.

Rules decided here:

- **Rank order** (:func:`urutan_liga`): tier first (Berkelanjutan, Mandiri, Berkembang, Dasar,
  then "data tidak cukup"), then the ranking score of :mod:`kkb_analysis.indikator.peringkat`
  (higher first, missing last), then the name. Equal tier and equal printed score share a rank
  ("1, 2, 2, 4"). Every KKB list of the summary (ranking, heat map rows, matrix columns) uses it.
- **Movement** (:func:`pergerakan`): ``tingkat`` against ``tingkat_sebelumnya`` of
  ``out_wilayah`` — naik / tetap / turun; "baru" when the KKB has no row in the previous year;
  "tidak dapat dinilai" when either tier is "data tidak cukup" or the previous year was not built.
- **Heat map colour** (:func:`kode_peta_panas`): the comparison CODE of
  :func:`~kkb_analysis.indikator.banding.bandingkan` (context "wilayah") of the KKB against
  kota luar KKB — lebih baik / setara / lebih buruk in the indicator's own direction — never a
  signed difference; each cell prints the KKB's value in its own unit, so no colour scale mixes
  percentage points with index points.
- **Action matrix** (:func:`hitung_matriks`): ``out_aksi`` rows counted per owner OPD
  (``opd``) × KKB; rows in the order of ``referensi/opd.yaml``, columns in rank order.
- **City recommendations** (:func:`rekomendasi`): an action of ``out_aksi`` needed in at least
  :data:`MIN_KKB_KOTA` KKB becomes a city programme; ordered by the number of KKB (more first),
  then by its best priority in a KKB, then by code; at most :data:`MAKS_REKOMENDASI`. The
  first three are the city's priorities.
- **Data-quality status** (:func:`status_kualitas`): Baik = all 9 domains ``lengkap``; Cukup = at
  least :data:`AMBANG_CUKUP` domains ``lengkap`` and none ``tidak ada``; Kurang = otherwise.

Every number goes through :mod:`kkb_analysis.laporan.format`; every text from the data is escaped
(:func:`~kkb_analysis.laporan.dasar.md_aman`, :func:`~kkb_analysis.laporan.dasar.tabel_html`) and
``$`` is escaped in chart labels.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kkb_analysis.config import get_paths, load_reference, load_settings
from kkb_analysis.indikator.banding import Kode, Konteks
from kkb_analysis.indikator.katalog import Entri, katalog
from kkb_analysis.indikator.peringkat import skor_peringkat
from kkb_analysis.indikator.perubahan import BELUM_KKB
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import narasi, opd
from kkb_analysis.laporan.dasar import (
    CATATAN_SSGI,
    Bagian,
    LaporanError,
    Sampul,
    grafik_html,
    md_aman,
    selesai,
    sumber,
    tabel_html,
)
from kkb_analysis.laporan.dinas import identitas_dinas
from kkb_analysis.laporan.format import (
    BELUM_KKB_TEKS,
    DATA_TIDAK_CUKUP,
    format_angka,
    format_nilai,
    format_periode,
    format_persen,
)
from kkb_analysis.laporan.glosarium import GLOSARIUM
from kkb_analysis.laporan.kata_banding import kata_banding
from kkb_analysis.laporan.keluaran import LABEL_REKAP
from kkb_analysis.laporan.label import tambah_label_semua
from kkb_analysis.laporan.tabel import atribut_sel
from kkb_analysis.nama import teks_tampil
from kkb_analysis.nilai import kosong

__all__ = [
    "AMBANG_CUKUP",
    "MIN_KKB_KOTA",
    "DataKota",
    "LaporanError",
    "Rekomendasi",
    "UkuranTarget",
    "aturan_tingkat",
    "catatan_metode",
    "daftar_aksi_opd",
    "daftar_isi",
    "hitung_matriks",
    "kode_peta_panas",
    "kontak",
    "matriks_aksi",
    "muat_kota",
    "pergerakan",
    "peta",
    "peta_panas",
    "pokok",
    "rekomendasi",
    "rekomendasi_kota",
    "sampul",
    "status_kualitas",
    "tabel_peringkat",
    "urutan_liga",
]

#: Tables of the year that the city summary needs (``kkb bangun`` writes all of them).
TABEL_KOTA = ("out_wilayah", "out_kelengkapan")
#: Tables read when present (an older build may lack them; the sections then say so).
TABEL_PILIHAN = ("out_target", "out_aksi")

#: Data-quality status: Cukup needs at least this many of the 9 domains ``lengkap`` [asumsi].
AMBANG_CUKUP = 7
JUMLAH_DOMAIN = 9

#: An action needed in at least this many KKB becomes a city programme (:func:`rekomendasi`).
MIN_KKB_KOTA = 2
#: At most this many city recommendations (the most widespread actions).
MAKS_REKOMENDASI = 6
#: The number of city priorities of the overview.
JUMLAH_PRIORITAS = 3

#: Tier order for sorting (higher = better); "data tidak cukup" and unknown tiers are 0.
URUTAN_TINGKAT = narasi.URUTAN_TINGKAT

#: Styles of the summary's own blocks (the page shell is the exporter's).
GAYA = """
.halaman-baru { break-before: page; page-break-before: always; }
.rekap-pokok li { margin: 0.25em 0; }
.rekap-satu-halaman, .rekap-satu-halaman .blok-tabel, .rekap-satu-halaman table {
  break-inside: avoid !important; page-break-inside: avoid !important; }
.rekap-peringkat table { font-size: 0.8rem; }
.rekap-peringkat td { white-space: nowrap; padding-top: 0.15em; padding-bottom: 0.15em; }
.rekap-catatan p, .rekap-catatan li { font-size: 0.8rem; line-height: 1.35; margin: 0.1em 0; }
.rekap-aturan { margin: 0.1em 0 0.3em 0; }
table.rekap-matriks { font-size: 0.78rem; }
table.rekap-matriks th.kkb { writing-mode: vertical-rl; transform: rotate(180deg);
  white-space: nowrap; text-align: left; vertical-align: bottom; padding: 0.3em 0.15em; }
table.rekap-matriks td.sel { text-align: center; min-width: 1.6em; }
table.rekap-matriks td.ada { background: #cfe6f5; font-weight: bold; }
table.rekap-matriks td.nol { color: #999; }
.rekap-aksi table { font-size: 0.8rem; }
.rekap-aksi .judul-tabel { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.rekap-aksi .judul-tabel + * { break-before: avoid; page-break-before: avoid; }
.rekap-aksi .blok-tabel, .rekap-aksi .blok-tabel table {
  break-inside: auto !important; page-break-inside: auto !important; }
.rekap-aksi-opd table { table-layout: fixed; width: 100%; }
.rekap-aksi-opd th:nth-child(1) { width: 15%; }
.rekap-aksi-opd th:nth-child(2) { width: 37%; }
.rekap-aksi-opd th:nth-child(3) { width: 26%; }
.rekap-aksi-opd th:nth-child(4) { width: 22%; }
.rekap-rek th:nth-child(2) { width: 36%; }
.rekap-kontak { margin-top: 1.2em; border-top: 1px solid #ccc; padding-top: 0.4em; }
.sampul-logo { max-height: 28mm; max-width: 60mm; margin-bottom: 1em; }
.sampul-instansi { font-size: 1.15rem; font-weight: bold; }
.sampul-terbit { margin-top: 2.5em !important; }
"""


def _daftar_label(
    nama: str, pengaturan: dict[str, Any] | None = None
) -> tuple[tuple[str, str], ...]:
    """(column, short label) of a catalogue list, labels with ``pengaturan``."""
    return tuple((e.kolom, e.judul_pendek(pengaturan)) for e in katalog().daftar(nama))


#: Heat map columns: column of out_wilayah, short label (the one headline list ``utama``).
INDIKATOR_HEATMAP = _daftar_label("utama")


# ------------------------------------------------------------------------------------- data
@dataclass
class DataKota:
    """Everything the city summary needs, read once by :func:`muat_kota`."""

    tahun: int
    folder: Path
    tabel: dict[str, pd.DataFrame]
    #: ``core_kkb`` (+ coordinates from ``core_kkb_profil`` when it carries them); may be empty.
    kkb_master: pd.DataFrame
    #: ``out_wilayah`` of ``tahun - 1``, ``None`` when that year was not built.
    wilayah_sebelumnya: pd.DataFrame | None = None
    #: K6 coordinate box ``{"lintang": (min, max), "bujur": (min, max)}`` of the settings.
    kotak: dict[str, tuple[float, float]] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    #: Plain text of the sections displayed so far (the glossary of :func:`catatan_metode`).
    teks_tampil: list[str] = field(default_factory=list)

    @property
    def wilayah(self) -> pd.DataFrame:
        return self.tabel["out_wilayah"]

    @property
    def kkb(self) -> pd.DataFrame:
        """The KKB rows of out_wilayah (one per active KKB), in file order."""
        w = self.wilayah
        return w.loc[w["jenis_wilayah"].astype("string") == "kkb"].reset_index(drop=True)

    def baris(self, jenis: str) -> pd.Series | None:
        w = self.wilayah
        rows = w.loc[w["jenis_wilayah"].astype("string") == jenis]
        return None if rows.empty else rows.iloc[0]

    @property
    def kota(self) -> pd.Series | None:
        return self.baris("kota")

    @property
    def luar(self) -> pd.Series | None:
        """The ``kota_luar_kkb`` row: every family of the city outside all KKB."""
        return self.baris("kota_luar_kkb")

    @property
    def nama_kota(self) -> str:
        return "Kota Cilegon" if self.kota is None else str(self.kota["nama_wilayah"])

    @property
    def aksi(self) -> pd.DataFrame:
        """``out_aksi`` of the year (empty when the build has none)."""
        return self.tabel.get("out_aksi", pd.DataFrame())

    @property
    def bulan_kkbpk(self) -> int | None:
        if "kkbpk_bulan" not in self.wilayah.columns:
            return None
        b = pd.to_numeric(self.kkb["kkbpk_bulan"], errors="coerce").dropna()
        return None if b.empty else int(b.max())

    # source-and-period labels
    @property
    def pk(self) -> str:
        return format_periode("PK", self.tahun)

    @property
    def eppgbm(self) -> str:
        return format_periode("e-PPGBM", self.tahun)

    @property
    def kkbpk(self) -> str:
        b = self.bulan_kkbpk
        return format_periode("KKBPK", self.tahun, b) if b else f"KKBPK {self.tahun}"

    @property
    def label_klasifikasi(self) -> str:
        return f"Profil KKB {self.tahun}, {self.kkbpk}, {self.pk}"


def muat_kota(tahun: int, data_dir: str | Path | None = None) -> DataKota:
    """Read the processed tables of ``tahun`` for the city summary.

    Reads :data:`TABEL_KOTA` (and :data:`TABEL_PILIHAN` when present), ``core_kkb``
    (coordinates) and, when that year was built, ``out_wilayah`` of ``tahun - 1``. Raises
    :class:`LaporanError` with an Indonesian message saying what to run when the year is missing.
    """
    tahun = int(tahun)
    paths = get_paths(data_dir=data_dir)
    folder = paths.processed_year(tahun)
    perlu = [f"{t}.parquet" for t in TABEL_KOTA]
    hilang = [b for b in perlu if not (folder / b).is_file()]
    if not folder.is_dir() or hilang:
        detail = "" if not folder.is_dir() else f" (tidak ada: {', '.join(hilang)})"
        raise LaporanError(
            f"Tabel olahan tahun {tahun} untuk ringkasan kota tidak ditemukan di {folder}{detail}. "
            f"Jalankan 'kkb bangun --tahun {tahun}' dulu (atau 'kkb bangun' untuk semua tahun)."
        )
    baca = {t: pd.read_parquet(folder / f"{t}.parquet") for t in TABEL_KOTA}
    for t in TABEL_PILIHAN:
        berkas = folder / f"{t}.parquet"
        baca[t] = pd.read_parquet(berkas) if berkas.is_file() else pd.DataFrame()
    tabel = tambah_label_semua(baca)
    lalu_berkas = paths.processed_year(tahun - 1) / "out_wilayah.parquet"
    settings = load_settings()
    box = (settings.get("validasi") or {}).get("kotak_koordinat")
    kotak = (
        {"lintang": tuple(box["lintang"]), "bujur": tuple(box["bujur"])}
        if box and "lintang" in box and "bujur" in box
        else None
    )
    return DataKota(
        tahun=tahun,
        folder=folder,
        tabel=tabel,
        kkb_master=_baca_master(folder),
        wilayah_sebelumnya=pd.read_parquet(lalu_berkas) if lalu_berkas.is_file() else None,
        kotak=kotak,
        settings=settings,
    )


def _baca_master(folder: Path) -> pd.DataFrame:
    """``core_kkb`` with its coordinates; ``core_kkb_profil`` fills them if it carries any."""
    kolom = ["kkb_id", "latitude", "longitude"]
    frames = []
    for nama in ("core_kkb", "core_kkb_profil"):
        berkas = folder / f"{nama}.parquet"
        if berkas.is_file():
            df = pd.read_parquet(berkas)
            if set(kolom) <= set(df.columns):
                frames.append(df[kolom].drop_duplicates("kkb_id"))
    if not frames:
        return pd.DataFrame({k: pd.Series(dtype="object") for k in kolom})
    out = frames[0].set_index("kkb_id")
    for extra in frames[1:]:
        out = out.combine_first(extra.set_index("kkb_id"))
    return out.reset_index()


# ---------------------------------------------------------------------------------- helpers
_na = kosong  # the one missing-value rule (kkb_analysis.nilai)


def _v(row: pd.Series | dict | None, kolom: str) -> Any:
    if row is None:
        return pd.NA
    return row.get(kolom, pd.NA)


def _f(row: pd.Series | None, kolom: str) -> str:
    return format_nilai(_v(row, kolom), kolom)


def _tingkat(row: pd.Series) -> str:
    t = _v(row, "tingkat")
    return DATA_TIDAK_CUKUP if _na(t) else str(t)


def _nama_pendek(nama: Any) -> str:
    """KKB name without the "Kampung KB " prefix (tables and map labels are narrow)."""
    return str(nama).removeprefix("Kampung KB ").strip() or str(nama)


def _gabung(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def _h(teks: Any) -> str:
    """Text from the data for HTML: invisible characters neutralised, escaped."""
    return html.escape(teks_tampil(teks), quote=True)


def _nilai_teks(nilai: Any, e: Entri) -> str:
    """A value in the catalogue's unit and decimals ("58,5%", "63,30")."""
    if _na(nilai):
        return DATA_TIDAK_CUKUP
    if e.satuan == "persen":
        return format_persen(nilai, e.desimal)
    return format_angka(nilai, e.desimal)


def _label_sumber(e: Entri, pengaturan: dict[str, Any] | None = None) -> str:
    """ "Unmet need (PK)": the label with its source."""
    return f"{e.judul(pengaturan)} ({e.sumber.label})" if e.sumber.label else e.judul(pengaturan)


def _kecamatan(r: DataKota) -> dict[str, str]:
    """Kecamatan code → name (``referensi/wilayah.yaml``)."""
    return {k["kode"]: k["nama"] for k in load_reference("wilayah")["kecamatan"]}


@dataclass
class BagianRekap(Bagian):
    """A section with its own HTML blocks (:attr:`blok`, already escaped) shown after the
    sentences; tables, key figures and charts follow as in :class:`Bagian`."""

    blok: list[str] = field(default_factory=list)
    #: Plain text of the blocks (for :attr:`teks_gabungan`, tests and the glossary check).
    teks_blok: list[str] = field(default_factory=list)
    #: Sentences shown after everything else (e.g. the reading guide under a chart).
    penutup: list[str] = field(default_factory=list)
    #: Wrapper class of the whole section ("" = none).
    kelas: str = ""

    @property
    def teks_gabungan(self) -> str:
        return "\n".join([super().teks_gabungan, *self.teks_blok, *self.penutup])

    def _potongan(self) -> list[tuple[str, Any]]:
        bagian = super()._potongan()
        n_teks = len(self.teks)
        out = bagian[:n_teks] + [("html", b) for b in self.blok] + bagian[n_teks:]
        out += [("md", md_aman(t)) for t in self.penutup]
        if self.kelas:
            out = (
                [("html", f'<div class="{self.kelas}">' + _satu_html(out) + "</div>")]
                if out
                else out
            )
        return out


def _satu_html(potongan: list[tuple[str, Any]]) -> str:
    """Display pieces merged into one HTML string (markdown sentences as paragraphs)."""
    teks = []
    for jenis, isi in potongan:
        if jenis == "md":
            teks.append(f"<p>{_md_ke_html(isi)}</p>")
        elif jenis == "html":
            teks.append(isi)
        else:
            teks.append(grafik_html(isi))
    return "\n".join(teks)


def _md_ke_html(md: str) -> str:
    """A :func:`md_aman` sentence back to plain escaped HTML (drop the Markdown backslashes)."""
    import re

    return re.sub(r"\\([\\`*_\[\]#|~:])", r"\1", md)


# ------------------------------------------------------------------------------------ rules
def urutan_liga(kkb: pd.DataFrame, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """The KKB rows sorted by the rank rule (module docstring) with ``peringkat`` and the
    ranking score columns of :func:`kkb_analysis.indikator.peringkat.skor_peringkat`."""
    if kkb.empty:
        return kkb.assign(
            peringkat=pd.Series(dtype="int64"), skor_peringkat=pd.Series(dtype="Float64")
        )
    kkb = kkb.reset_index(drop=True)
    kkb = pd.concat([kkb, skor_peringkat(kkb, settings).skor.reset_index(drop=True)], axis=1)
    rows = [row for _, row in kkb.iterrows()]

    def kunci(row: pd.Series) -> tuple:
        skor = _v(row, "skor_peringkat")
        return (
            -URUTAN_TINGKAT.get(_tingkat(row), 0),
            _na(skor),
            -(0.0 if _na(skor) else float(skor)),
            str(row["nama_wilayah"]),
        )

    rows.sort(key=kunci)
    peringkat: list[int] = []
    sebelumnya: tuple | None = None
    for i, row in enumerate(rows, start=1):
        skor = _v(row, "skor_peringkat")
        tanda = (_tingkat(row), None if _na(skor) else format_angka(skor, 1))
        peringkat.append(peringkat[-1] if tanda == sebelumnya else i)
        sebelumnya = tanda
    out = pd.DataFrame(rows).reset_index(drop=True)
    out["peringkat"] = peringkat
    return out


def pergerakan(r: DataKota) -> pd.DataFrame:
    """Per KKB: ``kkb_id``, ``nama``, ``tingkat_lalu``, ``tingkat``, ``perubahan`` (naik / tetap /
    turun / baru / tidak dapat dinilai), by the movement rule of the module docstring."""
    kkb = r.kkb
    ada_kolom = "tingkat_sebelumnya" in kkb.columns
    lalu_ids: set[str] = set()
    if r.wilayah_sebelumnya is not None:
        lalu_ids = set(r.wilayah_sebelumnya["wilayah_id"].astype(str))
    baris = []
    for _, row in kkb.iterrows():
        sekarang = _tingkat(row)
        lalu = _v(row, "tingkat_sebelumnya") if ada_kolom else pd.NA
        if not ada_kolom or r.wilayah_sebelumnya is None:
            perubahan, lalu_teks = "tidak dapat dinilai", "tahun lalu belum diolah"
        elif not _na(lalu) and lalu == BELUM_KKB:
            perubahan, lalu_teks = "baru", BELUM_KKB_TEKS
        elif _na(lalu) and str(row["wilayah_id"]) not in lalu_ids:
            perubahan, lalu_teks = "baru", "belum ada (KKB baru)"
        elif _na(lalu) or str(lalu) not in URUTAN_TINGKAT or sekarang not in URUTAN_TINGKAT:
            perubahan = "tidak dapat dinilai"
            lalu_teks = DATA_TIDAK_CUKUP if _na(lalu) else str(lalu)
        else:
            a, b = URUTAN_TINGKAT[str(lalu)], URUTAN_TINGKAT[sekarang]
            perubahan = "naik" if b > a else "turun" if b < a else "tetap"
            lalu_teks = str(lalu)
        baris.append(
            {
                "kkb_id": str(row["kkb_id"]),
                "nama": str(row["nama_wilayah"]),
                "tingkat_lalu": lalu_teks,
                "tingkat": sekarang,
                "perubahan": perubahan,
            }
        )
    return pd.DataFrame(baris, columns=["kkb_id", "nama", "tingkat_lalu", "tingkat", "perubahan"])


def status_kualitas(kelengkapan: pd.DataFrame) -> pd.DataFrame:
    """Per KKB from ``out_kelengkapan``: counts of domains ``lengkap``/``sebagian``/``tidak ada``,
    the names of the domains not complete, and ``status`` Baik / Cukup / Kurang (module
    docstring). A KKB with fewer than 9 domain rows counts the absent ones as ``tidak ada``."""
    baris = []
    for kkb_id, grup in kelengkapan.groupby("kkb_id", sort=False):
        status = grup["status"].astype(str)
        lengkap = int((status == "lengkap").sum())
        sebagian = int((status == "sebagian").sum())
        tidak_ada = JUMLAH_DOMAIN - lengkap - sebagian
        if lengkap == JUMLAH_DOMAIN:
            label = "Baik"
        elif lengkap >= AMBANG_CUKUP and tidak_ada == 0:
            label = "Cukup"
        else:
            label = "Kurang"
        kurang = grup.loc[status != "lengkap"].sort_values("no")
        baris.append(
            {
                "kkb_id": str(kkb_id),
                "lengkap": lengkap,
                "sebagian": sebagian,
                "tidak_ada": tidak_ada,
                "domain_belum_lengkap": "; ".join(
                    f"{n} ({s})"
                    for n, s in zip(
                        kurang["nama_domain"].astype(str), kurang["status"].astype(str), strict=True
                    )
                ),
                "status": label,
            }
        )
    return pd.DataFrame(
        baris,
        columns=["kkb_id", "lengkap", "sebagian", "tidak_ada", "domain_belum_lengkap", "status"],
    )


def kode_peta_panas(
    kkb: pd.DataFrame,
    pembanding: pd.Series | None,
    kolom: Sequence[str],
    pengaturan: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """The heat map's colour codes: one row per row of ``kkb`` (same order and index), one column
    per indicator of ``kolom``, each the :class:`~kkb_analysis.indikator.banding.Kode` value of
    the comparison of the KKB with ``pembanding`` (kota luar KKB) in the indicator's direction
    (:func:`narasi.banding_wilayah`): a KKB with a HIGHER value of a lower-is-better indicator
    is ``lebih_buruk``."""
    data = {
        k: [
            str(narasi.banding_wilayah(row, pembanding, k, pengaturan).kode)
            for _, row in kkb.iterrows()
        ]
        for k in kolom
    }
    return pd.DataFrame(data, index=kkb.index, columns=list(kolom))


def hitung_matriks(
    aksi: pd.DataFrame, urutan_kkb: Sequence[str], daftar_opd: Sequence[str] | None = None
) -> pd.DataFrame:
    """OPD × KKB count of the actions each OPD OWNS (``out_aksi.opd``) in each KKB.

    Rows: the OPD keys of ``daftar_opd`` (default: ``referensi/opd.yaml`` order) that own at
    least one action; columns: ``urutan_kkb`` (kkb_id, rank order); integer counts (0 = none).
    An owner that is not in the list is kept as its own row at the end (never dropped).
    """
    daftar = list(opd.SINGKAT if daftar_opd is None else daftar_opd)
    kolom = [str(k) for k in urutan_kkb]
    if aksi.empty or not {"kkb_id", "opd"} <= set(aksi.columns):
        return pd.DataFrame(0, index=pd.Index([], name="opd"), columns=kolom, dtype="int64")
    a = aksi.assign(kkb_id=aksi["kkb_id"].astype(str), opd=aksi["opd"].astype(str))
    a = a.loc[a["kkb_id"].isin(kolom)]
    hitung = pd.crosstab(a["opd"], a["kkb_id"]).reindex(columns=kolom, fill_value=0)
    baris = [k for k in daftar if k in hitung.index] + sorted(
        k for k in hitung.index if k not in daftar
    )
    out = hitung.reindex(baris).fillna(0).astype("int64")
    out.index.name = "opd"
    out.columns.name = None
    return out


@dataclass(frozen=True)
class UkuranTarget:
    """One measure of an action and its target: the indicator (with its source), the target of
    THAT indicator only, and the KKB (names, rank order) measured by it."""

    ukuran: str
    target: str
    kkb: tuple[str, ...]


@dataclass(frozen=True)
class Rekomendasi:
    """A recommendation for the city: what, who, by when, measured how, to what target."""

    kode_aksi: str
    aksi: str
    pemilik: str  # owner OPD (short name) and supporting OPD
    tenggat: str
    #: one entry per measure indicator (an action can be measured by CPR in one KKB and by
    #: mCPR in another); a target is never shared between two indicators
    ukuran_target: tuple[UkuranTarget, ...]
    kkb: tuple[str, ...]  # KKB names (rank order) where the action is needed
    alasan: str = ""


#: Printed when the KKB of one indicator have different targets and no single range is right.
TARGET_PER_KKB = "berbeda per KKB (lihat profil tiap KKB)"


def _target_kelompok(rows: pd.DataFrame) -> str:
    """One target text for the rows of one action AND one measure indicator: the row's text when
    all KKB share it, else the range of that indicator's targets, labelled as differing per KKB
    ("≥ 58,0% s.d. 63,4%, berbeda per KKB …"). Rows of several indicators are refused: a range
    across indicators would pair one indicator with another's target."""
    from kkb_analysis.laporan import kata_aksi

    if len(set(rows["indikator"].astype(str))) > 1:
        raise ValueError("target satu kelompok aksi harus dari satu indikator ukuran")
    teks = [kata_aksi.teks_target(row) for row in rows.to_dict("records")]
    if len(set(teks)) == 1:
        return teks[0]
    nilai = pd.to_numeric(rows["nilai_target"], errors="coerce").dropna()
    if nilai.empty:
        return TARGET_PER_KKB
    awal = rows.iloc[0].to_dict()
    lo = kata_aksi.teks_target({**awal, "nilai_target": nilai.min(), "dasar_target": None})
    hi = kata_aksi.teks_target({**awal, "nilai_target": nilai.max(), "dasar_target": None})
    if lo == hi:
        return lo
    return f"{lo} s.d. {hi.split(' ', 1)[-1]}, {TARGET_PER_KKB}"


def _per_ukuran(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The rows of one action split by measure indicator, the indicator measured in more KKB
    first (then the order of the rows, i.e. rank order)."""
    kelompok = [(str(k), g) for k, g in rows.groupby(rows["indikator"].astype(str), sort=False)]
    return sorted(kelompok, key=lambda t: -t[1]["kkb_id"].nunique())


def _ukuran(kolom: str, pengaturan: dict[str, Any] | None = None) -> str:
    """The measure of an action: the indicator label with its source."""
    from kkb_analysis.laporan import kata_aksi

    if kolom in katalog():
        return _label_sumber(katalog().get(kolom), pengaturan)
    return kata_aksi.teks_ukuran({"indikator": kolom, "nilai_sekarang": None}).split(", kini")[0]


def rekomendasi(r: DataKota) -> list[Rekomendasi]:
    """The city's recommendations from ``out_aksi`` by the rule of the module docstring (an
    action needed in at least :data:`MIN_KKB_KOTA` KKB), each with owner, deadline, measure and
    target; for an indicator of the heat map the reason says in how many KKB it is worse than
    kota luar KKB."""
    aksi = r.aksi
    if aksi.empty or "kode_aksi" not in aksi.columns:
        return []
    from kkb_analysis.laporan import kata_aksi

    liga = urutan_liga(r.kkb, r.settings or None)
    urut = {str(k): i for i, k in enumerate(liga["kkb_id"])}
    nama = dict(zip(liga["kkb_id"].astype(str), liga["nama_wilayah"].astype(str), strict=True))
    aksi = aksi.assign(kkb_id=aksi["kkb_id"].astype(str))
    aksi = aksi.loc[aksi["kkb_id"].isin(urut)]
    kelompok = []
    for kode, rows in aksi.groupby("kode_aksi", sort=False):
        n = rows["kkb_id"].nunique()
        if n < MIN_KKB_KOTA:
            continue
        kelompok.append((-n, int(pd.to_numeric(rows["urutan"]).min()), str(kode), rows))
    kelompok.sort(key=lambda t: t[:3])
    kelompok = kelompok[:MAKS_REKOMENDASI]
    luar = r.luar
    kat = katalog()
    out = []
    for _, _, kode, rows in kelompok:
        rows = rows.assign(_u=rows["kkb_id"].map(urut)).sort_values("_u", kind="stable")
        pertama = rows.iloc[0].to_dict()
        kolom = _per_ukuran(rows)[0][0]  # the measure of most KKB gives the reason
        ids = list(dict.fromkeys(rows["kkb_id"]))
        alasan = ""
        if kolom in kat and kolom in r.kkb.columns and luar is not None:
            kode_banding = kode_peta_panas(r.kkb, luar, [kolom], r.settings or None)[kolom]
            buruk = int((kode_banding == str(Kode.LEBIH_BURUK)).sum())
            if buruk:
                alasan = (
                    f"{_label_sumber(kat.get(kolom), r.settings or None)} "
                    f"{kata_banding(Kode.LEBIH_BURUK, Konteks.WILAYAH)} daripada kota di luar "
                    f"KKB di {format_angka(buruk)} dari {format_angka(len(r.kkb))} KKB"
                )
        ukuran = tuple(
            UkuranTarget(
                ukuran=_ukuran(k, r.settings or None),
                target=_target_kelompok(g),
                kkb=tuple(_nama_pendek(nama[x]) for x in dict.fromkeys(g["kkb_id"])),
            )
            for k, g in _per_ukuran(rows)
        )
        out.append(
            Rekomendasi(
                kode_aksi=kode,
                aksi=kata_aksi.teks_aksi(kode, r.settings or None),
                pemilik=kata_aksi.penanggung_jawab(pertama),
                tenggat=kata_aksi.teks_tenggat(str(rows["tenggat"].max())),
                ukuran_target=ukuran,
                kkb=tuple(_nama_pendek(nama[k]) for k in ids),
                alasan=alasan,
            )
        )
    return out


# --------------------------------------------------------------------------------- sections
def _selesai(r: DataKota | None, b: Bagian) -> Bagian:
    """Display ``b`` and remember its text (and table titles) for the glossary."""
    if r is not None:
        r.teks_tampil.append("\n".join([b.teks_gabungan, *b.tabel]))
    return selesai(b)


@dataclass
class SampulRekap(Sampul):
    """The official cover: logo (when configured), agency, title, city, year, publication date."""

    logo: str | None = None

    @property
    def html(self) -> str:
        logo = f'<img class="sampul-logo" src="{_h(self.logo)}" alt="Logo">\n' if self.logo else ""
        inti = super().html
        pembuka = '<section class="sampul">\n'
        return f"<style>{GAYA}</style>\n" + pembuka + logo + inti[len(pembuka) :]


def sampul(r: DataKota) -> Sampul:
    """Cover page: agency (with logo when configured), title, city, data year, number of active
    KKB and publication date (:func:`~kkb_analysis.laporan.dinas.identitas_dinas`)."""
    dinas = identitas_dinas(r.settings or None)
    judul = f"{LABEL_REKAP}: Evaluasi Kampung KB {r.nama_kota}"
    angka = {
        "Instansi": dinas.instansi,
        "Tahun data": f"Tahun data {format_nilai(r.tahun, 'tahun')}",
        "Cakupan": f"{format_angka(len(r.kkb))} Kampung KB aktif",
        "Kota": dinas.kota or r.nama_kota,
        "Terbit": f"Diterbitkan {dinas.tanggal_terbit_teks}",
        "Bidang": dinas.bidang,
    }
    return _selesai(
        r, SampulRekap(judul, angka={k: v for k, v in angka.items() if v}, logo=dinas.logo_data_uri)
    )


def daftar_isi(r: DataKota | None = None) -> Bagian:
    """The table of contents: an empty ``nav.daftar-isi`` that the exporter fills with the
    headings (and their PDF pages)."""
    return _selesai(r, BagianRekap("Daftar isi", blok=['<nav class="daftar-isi"></nav>']))


def _jumlah_tingkat(tingkat: Sequence[str]) -> dict[str, int]:
    s = pd.Series(list(tingkat), dtype="object")
    return {t: int((s == t).sum()) for t in (*URUTAN_TINGKAT, DATA_TIDAK_CUKUP)}


def pokok(r: DataKota) -> Bagian:
    """One page of main points in plain words: tiers and their change, the best and the weakest
    KKB, the three city priorities and who must act; then the tier counts of both years."""
    kkb = r.kkb
    n = len(kkb)
    if n == 0:
        return _selesai(
            r,
            BagianRekap("Pokok-pokok", teks=[f"Tidak ada Kampung KB aktif pada tahun {r.tahun}."]),
        )
    liga = urutan_liga(kkb, r.settings or None)
    gerak = pergerakan(r)
    sekarang = _jumlah_tingkat([_tingkat(row) for _, row in kkb.iterrows()])
    butir: list[str] = []
    urut_tinggi = list(reversed(URUTAN_TINGKAT))
    bagian_t = [f"{format_angka(sekarang[t])} {t}" for t in urut_tinggi if sekarang[t]]
    if sekarang[DATA_TIDAK_CUKUP]:
        bagian_t.append(f"{format_angka(sekarang[DATA_TIDAK_CUKUP])} belum dapat dinilai")
    kalimat = f"Dari {format_angka(n)} Kampung KB aktif: {_gabung(bagian_t)}."
    hitung = gerak["perubahan"].value_counts()
    if (gerak["perubahan"] != "tidak dapat dinilai").any():
        ubah = [
            f"{format_angka(int(hitung.get(k, 0)))} {kata}"
            for k, kata in (("naik", "naik tingkat"), ("tetap", "tetap"), ("turun", "turun"))
        ]
        if hitung.get("baru", 0):
            ubah.append(f"{format_angka(int(hitung['baru']))} baru dibentuk")
        kalimat += f" Dibanding {r.tahun - 1}: {_gabung(ubah)}"
        turun = [_nama_pendek(x) for x in gerak.loc[gerak["perubahan"] == "turun", "nama"]]
        kalimat += f" ({_gabung(turun)})." if turun else "."
    else:
        kalimat += f" Perubahan sejak {r.tahun - 1} belum dapat dinilai."
    butir.append(kalimat)

    atas = liga.head(min(3, n))
    bawah = liga.iloc[::-1].head(min(3, max(n - len(atas), 0)))
    teks_atas = _gabung([f"{_nama_pendek(x['nama_wilayah'])} ({_tingkat(x)})" for _, x in
                         atas.iterrows()])  # fmt: skip
    kalimat = f"Terbaik: {teks_atas}."
    if not bawah.empty:
        teks_bawah = _gabung([f"{_nama_pendek(x['nama_wilayah'])} ({_tingkat(x)})" for _, x in
                              bawah.iterrows()])  # fmt: skip
        kalimat += f" Paling perlu dibantu: {teks_bawah}."
    butir.append(kalimat + " Urutan lengkap ada pada tabel peringkat.")

    rek = rekomendasi(r)
    if rek:
        prioritas = [
            f"({i}) {x.aksi.rstrip('.')} — {x.pemilik}, di {format_angka(len(x.kkb))} KKB, "
            f"tenggat {x.tenggat}"
            for i, x in enumerate(rek[:JUMLAH_PRIORITAS], start=1)
        ]
        butir.append(f"Tiga prioritas kota tahun {r.tahun + 1}: " + "; ".join(prioritas) + ".")
    siapa = _siapa_bertindak(r)
    if siapa:
        butir.append(siapa)
    kual = status_kualitas(r.tabel["out_kelengkapan"])
    if not kual.empty:
        nama_id = dict(zip(kkb["kkb_id"].astype(str), kkb["nama_wilayah"].astype(str),
                           strict=True))  # fmt: skip
        kurang = [_nama_pendek(nama_id.get(k, k)) for k in
                  kual.loc[kual["status"] != "Baik", "kkb_id"]]  # fmt: skip
        if kurang:
            butir.append(
                f"Data {format_angka(len(kurang))} KKB belum lengkap ({_gabung(kurang)}): "
                "lengkapi sebelum evaluasi berikutnya agar penilaiannya utuh."
            )
        else:
            butir.append("Data kesembilan bidang sudah lengkap di semua KKB.")
    blok = "<ul class=\"rekap-pokok\">\n" + "\n".join(
        f"<li>{_h(b)}</li>" for b in butir
    ) + "\n</ul>"  # fmt: skip
    lalu = None
    if r.wilayah_sebelumnya is not None:
        w0 = r.wilayah_sebelumnya
        w0 = w0.loc[w0["jenis_wilayah"].astype("string") == "kkb"]
        lalu = _jumlah_tingkat([_tingkat(row) for _, row in w0.iterrows()])
    baris_t = [t for t in urut_tinggi if True] + (
        [DATA_TIDAK_CUKUP] if sekarang[DATA_TIDAK_CUKUP] or (lalu or {}).get(DATA_TIDAK_CUKUP)
        else []
    )  # fmt: skip
    data = {"Tingkat": baris_t}
    if lalu is not None:
        data[str(r.tahun - 1)] = [format_angka(lalu[t]) for t in baris_t]
    data[str(r.tahun)] = [format_angka(sekarang[t]) for t in baris_t]
    tabel = pd.DataFrame(data)
    tabel.loc[len(tabel)] = [
        "Jumlah",
        *([format_angka(sum(lalu.values()))] if lalu is not None else []),
        format_angka(n),
    ]
    judul = f"Jumlah Kampung KB menurut tingkat klasifikasi, {r.tahun - 1} dan {r.tahun}"
    if lalu is None:
        judul = f"Jumlah Kampung KB menurut tingkat klasifikasi, {r.tahun}"
    return _selesai(
        r,
        BagianRekap(
            "Pokok-pokok",
            blok=[blok],
            teks_blok=butir,
            tabel={judul: tabel},
            sumber_tabel={judul: sumber(r.label_klasifikasi)},
        ),
    )


def _siapa_bertindak(r: DataKota) -> str:
    """ "Yang harus bertindak: DP3AP2KB (18 aksi di 12 KKB), TPPS (…)…" from ``out_aksi``."""
    aksi = r.aksi
    if aksi.empty or "opd" not in aksi.columns:
        return ""
    ids = set(r.kkb["kkb_id"].astype(str))
    aksi = aksi.loc[aksi["kkb_id"].astype(str).isin(ids)]
    if aksi.empty:
        return ""
    m = hitung_matriks(aksi, sorted(ids))
    urut = sorted(m.index, key=lambda k: (-int(m.loc[k].sum()), list(m.index).index(k)))
    bagian = [
        f"{opd.SINGKAT.get(k, k)} ({format_angka(int(m.loc[k].sum()))} aksi di "
        f"{format_angka(int((m.loc[k] > 0).sum()))} KKB)"
        for k in urut
    ]
    return (
        f"Yang harus bertindak ({format_angka(len(aksi))} aksi): {_gabung(bagian)}. "
        "Rinciannya ada pada matriks OPD dan daftar aksi."
    )


#: The three indices in the key order of ``klasifikasi.TABEL_TINGKAT`` (input, proses, output).
NAMA_INDEKS = ("input", "proses", "output")
_KATA_BILANGAN = {1: "satu", 2: "dua", 3: "tiga"}


def _bilangan(n: int) -> str:
    return _KATA_BILANGAN.get(n, format_angka(n))


def _atau(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " atau " + items[-1]


def _syarat_tingkat(kombinasi: Sequence[tuple[bool, ...]], ambang: str) -> str:
    """The words for a set of (input, proses, output) "index ≥ threshold" combinations: the
    indices high in all of them, the ones low in all of them, and a count rule ("tepat satu dari",
    "paling banyak satu") for the rest when the set is exactly all combinations with those counts;
    otherwise each combination is listed."""
    n = len(NAMA_INDEKS)
    tinggi = [NAMA_INDEKS[i] for i in range(n) if all(c[i] for c in kombinasi)]
    rendah = [NAMA_INDEKS[i] for i in range(n) if not any(c[i] for c in kombinasi)]
    sisa = [i for i in range(n) if NAMA_INDEKS[i] not in tinggi + rendah]
    pola = {tuple(c[i] for i in sisa) for c in kombinasi}
    jumlah = {sum(p) for p in pola}
    from itertools import product

    semua = {p for p in product((False, True), repeat=len(sisa)) if sum(p) in jumlah}
    nama_sisa = [NAMA_INDEKS[i] for i in sisa]
    if pola != semua:
        return "; atau ".join(_syarat_tingkat([c], ambang) for c in sorted(kombinasi, reverse=True))
    bagian = []
    if len(tinggi) == n:
        bagian.append(f"ketiga indeks mencapai {ambang}")
    else:
        subjek = [f"indeks {_gabung(tinggi)}"] if tinggi else []
        if sisa:
            k_min, k_maks = min(jumlah), max(jumlah)
            semua_sisa = "indeks" if len(sisa) == n else f"dari indeks {_atau(nama_sisa)}"
            if k_min == k_maks and k_maks > 0:
                subjek.append(f"tepat {_bilangan(k_maks)} {semua_sisa}")
            elif k_min == 0 and jumlah == set(range(k_maks + 1)) and k_maks > 0:
                subjek.append(f"paling banyak {_bilangan(k_maks)} {semua_sisa}")
            elif jumlah == {0}:
                rendah = [*rendah, *nama_sisa]
            else:
                return "; atau ".join(
                    _syarat_tingkat([c], ambang) for c in sorted(kombinasi, reverse=True)
                )
        if subjek:
            bagian.append(f"{' dan '.join(subjek)} mencapai {ambang}")
        if rendah:
            bagian.append(f"indeks {_gabung(rendah)} di bawah {ambang}")
    return ", ".join(bagian)


def aturan_tingkat() -> list[tuple[str, str]]:
    """(tier, condition) for each tier from Dasar up, in words, derived from the classification
    rule's one home (``klasifikasi.TABEL_TINGKAT`` and ``AMBANG_INDEKS``), never typed here."""
    from kkb_analysis.indikator import klasifikasi as klas

    ambang = format_angka(klas.AMBANG_INDEKS, 2)
    out = []
    for tingkat in klas.TINGKAT:
        kombinasi = [k for k, t in klas.TABEL_TINGKAT.items() if t == tingkat]
        if kombinasi:
            out.append((tingkat, _syarat_tingkat(kombinasi, ambang)))
    return out


def tabel_peringkat(r: DataKota) -> Bagian:
    """The ranking: one table of every KKB in rank order (tier, change, score, the three
    indices, data quality), printed as ONE block that never splits across pages. A column with
    one value for every KKB (data quality all "Baik"; last year's tier when last year was not
    built) is left out and said once in the note; the note states the tier rule per tier."""
    liga = urutan_liga(r.kkb, r.settings or None)
    gerak = pergerakan(r).set_index("kkb_id")
    kec = _kecamatan(r)
    kual = status_kualitas(r.tabel["out_kelengkapan"]).set_index("kkb_id")
    lalu = str(r.tahun - 1)
    isi = []
    for _, row in liga.iterrows():
        kid = str(row["kkb_id"])
        g = gerak.loc[kid] if kid in gerak.index else None
        skor = row["skor_peringkat"]
        isi.append(
            [
                format_angka(row["peringkat"]),
                _nama_pendek(row["nama_wilayah"]),
                kec.get(str(_v(row, "kode_kecamatan")), "–"),
                "–" if g is None else str(g["tingkat_lalu"]),
                _tingkat(row),
                "–" if g is None else str(g["perubahan"]),
                DATA_TIDAK_CUKUP if _na(skor) else format_angka(skor, 1),
                _f(row, "index_input"),
                _f(row, "index_proses"),
                _f(row, "index_output"),
                str(kual.loc[kid, "status"]) if kid in kual.index else DATA_TIDAK_CUKUP,
            ]
        )
    kolom = [
        "Peringkat",
        "Kampung KB",
        "Kecamatan",
        f"Tingkat {lalu}",
        f"Tingkat {r.tahun}",
        "Perubahan",
        "Skor (0–100)",
        "Indeks input",
        "Indeks proses",
        "Indeks output",
        "Kelengkapan data",
    ]
    tabel = pd.DataFrame(isi, columns=kolom)
    catatan = [
        "Urutan: tingkat klasifikasi lebih dulu, lalu skor peringkat. Skor 0–100 merangkum "
        "indikator keluarga tiap KKB dibanding KKB lain tahun ini (100 = terbaik di setiap "
        "indikator)."
    ]
    if (
        len(tabel)
        and (tabel["Perubahan"] == "tidak dapat dinilai").all()
        and (len(set(tabel[f"Tingkat {lalu}"])) == 1)
    ):
        alasan = str(tabel[f"Tingkat {lalu}"].iloc[0])
        if alasan == "tahun lalu belum diolah":
            alasan = f"data tahun {lalu} belum diolah"
        catatan.append(
            f"Perubahan tingkat sejak {lalu} tidak dapat dinilai untuk semua KKB: {alasan}."
        )
        tabel = tabel.drop(columns=[f"Tingkat {lalu}", "Perubahan"])
    aturan_kual = (
        "Baik = sembilan bidang data lengkap; Cukup = sekurangnya "
        f"{format_angka(AMBANG_CUKUP)} lengkap dan tidak ada yang kosong; Kurang = selebihnya"
    )
    if len(tabel) and len(set(tabel["Kelengkapan data"])) == 1:
        status = str(tabel["Kelengkapan data"].iloc[0])
        catatan.append(f"Kelengkapan data semua KKB: {status} ({aturan_kual}).")
        tabel = tabel.drop(columns=["Kelengkapan data"])
    else:
        catatan.append(f"Kelengkapan data: {aturan_kual}.")
    aturan = aturan_tingkat()
    pengantar = (
        "Indeks input, proses dan output berskala 1–4. Tingkat ditentukan oleh indeks yang "
        "mencapai ambang:"
    )
    judul = f"Peringkat {format_angka(len(liga))} Kampung KB, {r.tahun}"
    label_sumber = sumber(f"{r.label_klasifikasi}; {r.eppgbm}")
    blok = tabel_html(tabel, judul, label_sumber).replace(
        '<div class="blok-tabel panjang">', '<div class="blok-tabel">'
    )
    baris_aturan = [f"{t}: {syarat}." for t, syarat in aturan]
    uraian = (
        '<div class="rekap-catatan">\n'
        + f"<p>{_h(' '.join([*catatan, pengantar]))}</p>"
        + '\n<ul class="rekap-aturan">\n'
        + "\n".join(f"<li><strong>{_h(t)}</strong>: {_h(syarat)}.</li>" for t, syarat in aturan)
        + "\n</ul>\n</div>"
    )
    return _selesai(
        r,
        BagianRekap(
            "Peringkat Kampung KB",
            blok=[f'<div class="rekap-satu-halaman rekap-peringkat">{blok}</div>', uraian],
            teks_blok=[" | ".join(tabel.columns)]
            + [" | ".join(b) for b in tabel.itertuples(index=False)]
            + [*catatan, pengantar, *baris_aturan],
        ),
    )


def _target_kolom(r: DataKota, kolom: str) -> tuple[str, bool] | None:
    """The official target of ``kolom`` as printed in the heat map header ("≤ 9,0%") and
    whether it is measured by another source (indicative only); None without a target."""
    tg = r.tabel.get("out_target", pd.DataFrame())
    if tg.empty or "indikator" not in tg.columns:
        return None
    rows = tg.loc[
        (tg["indikator"].astype("string") == kolom)
        & (tg["jenis_wilayah"].astype("string") == "kkb")
    ]
    if rows.empty:
        return None
    row = rows.iloc[0]
    e = katalog().get(kolom)
    tanda = "≤" if e.arah == "turun_baik" else "≥"
    lain = (rows["status_target"].astype("string") == "tidak_sebanding").all()
    return f"{tanda} {_nilai_teks(row['nilai_target'], e)}", bool(lain)


def peta_panas(r: DataKota) -> Bagian:
    """The heat map: KKB in rank order × headline indicators; each cell prints the KKB's value
    and is coloured by its comparison with kota luar KKB (better / equal / worse in the
    indicator's own direction), with a text mark for readers who cannot tell the colours."""
    liga = urutan_liga(r.kkb, r.settings or None)
    luar = r.luar
    pengaturan = r.settings or None
    kat = katalog()
    kolom = [k for k, _ in _daftar_label("utama", pengaturan) if k in liga.columns]
    kode = kode_peta_panas(liga, luar, kolom, pengaturan)
    nilai = pd.DataFrame(
        {k: [_nilai_teks(v, kat.get(k)) for v in liga[k]] for k in kolom}, index=liga.index
    )
    catatan_lain = False
    judul_kolom = []
    for k in kolom:
        e = kat.get(k)
        baris = [e.judul_pendek(pengaturan), f"luar KKB: {_nilai_teks(_v(luar, k), e)}"]
        tgt = _target_kolom(r, k)
        if tgt is not None:
            baris.append(f"target: {tgt[0]}{'*' if tgt[1] else ''}")
            catatan_lain = catatan_lain or tgt[1]
        judul_kolom.append("\n".join(baris))
    label_baris = [
        f"{format_angka(p)}. {_nama_pendek(n)} ({t})"
        for p, n, t in zip(
            liga["peringkat"],
            liga["nama_wilayah"],
            [_tingkat(x) for _, x in liga.iterrows()],
            strict=True,
        )
    ]
    kode.index = nilai.index = pd.Index(label_baris)
    kode.columns = nilai.columns = judul_kolom
    label = f"{r.pk}; {r.eppgbm} (stunting); DTKS/DTSEN {r.tahun} (kurang mampu)"
    buruk = (kode == str(Kode.LEBIH_BURUK)).sum()
    terburuk = [
        (int(buruk.iloc[i]), kat.get(k).judul_pendek(pengaturan)) for i, k in enumerate(kolom)
    ]
    terburuk.sort(key=lambda t: -t[0])
    judul_g = f"Indikator utama tiap Kampung KB dibanding {r.nama_kota} di luar KKB, {r.tahun}"
    if terburuk and terburuk[0][0]:
        judul_g = (
            f"{terburuk[0][1]} paling sering tertinggal: lebih buruk daripada kota di luar KKB "
            f"di {format_angka(terburuk[0][0])} dari {format_angka(len(liga))} Kampung KB, "
            f"{r.tahun}"
        )
    g = grafik_mod.heatmap_selisih(nilai, kode=kode, sumber_label=label, judul=judul_g)
    rendah = [kat.get(k).judul_pendek(pengaturan) for k in kolom if kat.get(k).arah == "turun_baik"]
    teks = [
        "Baris: Kampung KB menurut peringkat. Setiap sel memuat nilai KKB itu. Warna dan tanda "
        f"membandingkannya dengan keluarga {r.nama_kota} di luar semua KKB: biru dengan tanda (+) "
        "berarti lebih baik, jingga dengan tanda (−) berarti lebih buruk, abu-abu muda dengan "
        "tanda (=) berarti setara (selisihnya terlalu kecil untuk disebut berbeda). Tanda itu "
        "penilaian, bukan tanda bilangan: nilainya selalu nilai KKB itu sendiri. Arah baik sudah "
        "diperhitungkan: "
        f"untuk {_gabung(rendah) or 'indikator yang lebih rendah lebih baik'} nilai yang lebih "
        "rendah berarti lebih baik.",
    ]
    if catatan_lain:
        teks.append(
            "* Target diukur dengan sumber lain (misalnya survei SSGI/SKI), sehingga hanya "
            "sebagai gambaran."
        )
    teks.append(CATATAN_SSGI)
    return _selesai(r, BagianRekap("Indikator utama", grafik=[g], penutup=teks))


def matriks_aksi(r: DataKota) -> Bagian:
    """Who must act where: the OPD × KKB matrix of the actions each OPD owns (columns = KKB in
    rank order, by name), with the row and column totals."""
    liga = urutan_liga(r.kkb, r.settings or None)
    ids = liga["kkb_id"].astype(str).tolist()
    m = hitung_matriks(r.aksi, ids)
    teks: list[str] = []
    if m.empty:
        return _selesai(
            r,
            BagianRekap(
                "Matriks aksi",
                teks=[
                    f"Belum ada aksi yang dihitung untuk tahun {r.tahun}: tabel aksi belum "
                    "dibangun. Jalankan pembangunan data ulang untuk tahun ini."
                ],
            ),
        )
    nama = [_nama_pendek(x) for x in liga["nama_wilayah"]]
    kepala = "".join(
        f'<th class="kkb" scope="col">{_h(f"{p}. {n}")}</th>'
        for p, n in zip(liga["peringkat"], nama, strict=True)
    )
    baris = []
    polos = []
    for k in m.index:
        sel = []
        for kid in ids:
            v = int(m.loc[k, kid])
            sel.append(
                f'<td class="sel ada">{format_angka(v)}</td>' if v else '<td class="sel nol">·</td>'
            )
        total = int(m.loc[k].sum())
        nama_opd = opd.SINGKAT.get(k, k)
        baris.append(
            f'<tr><th {atribut_sel("teks")} scope="row">{_h(nama_opd)}</th>{"".join(sel)}'
            f'<td class="sel"><strong>{format_angka(total)}</strong></td></tr>'
        )
        polos.append(f"{nama_opd}: " + ", ".join(
            f"{n} {int(m.loc[k, kid])}" for n, kid in zip(nama, ids, strict=True)
            if int(m.loc[k, kid])
        ))  # fmt: skip
    jumlah = "".join(f'<td class="sel"><strong>{format_angka(int(m[kid].sum()))}</strong></td>'
                     for kid in ids)  # fmt: skip
    baris.append(
        f'<tr><th {atribut_sel("teks")} scope="row">Jumlah aksi</th>{jumlah}'
        f'<td class="sel"><strong>{format_angka(int(m.to_numpy().sum()))}</strong></td></tr>'
    )
    judul = f"Jumlah aksi menurut OPD penanggung jawab dan Kampung KB, {r.tahun}"
    kaki = sumber(f"aksi Kampung KB {r.tahun}; {r.label_klasifikasi}")
    tabel = (
        '<div class="blok-tabel rekap-satu-halaman">\n'
        f'<p class="judul-tabel"><strong>{_h(judul)}</strong></p>\n'
        '<table class="tabel-kkb rekap-matriks">\n'
        f'<thead><tr><th {atribut_sel("teks")} scope="col">OPD</th>{kepala}'
        '<th class="kkb" scope="col">Jumlah</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(baris) + "\n</tbody>\n</table>\n"
        f'<p class="kaki-tabel"><em>{_h(kaki)}</em></p>\n</div>'
    )
    tanpa = [opd.SINGKAT[k] for k in opd.SINGKAT if k not in m.index]
    teks.append(
        "Setiap angka = jumlah aksi yang menjadi tanggung jawab OPD itu di Kampung KB tersebut "
        "(kolom diurutkan menurut peringkat; titik = tidak ada aksi). Aksi berasal dari masalah "
        "tiap KKB: indeks klasifikasi di bawah 3,00, indikator yang lebih buruk daripada kota "
        "di luar KKB, bidang program tanpa kegiatan lintas sektor, dan data yang belum lengkap."
    )
    if tanpa:
        teks.append(f"Tidak menjadi penanggung jawab aksi tahun ini: {_gabung(tanpa)}.")
    return _selesai(
        r,
        BagianRekap(
            "Matriks aksi",
            blok=[tabel],
            penutup=teks,
            teks_blok=[judul, *polos],
        ),
    )


def daftar_aksi_opd(r: DataKota) -> Bagian:
    """What each OPD must do: per owner OPD (matrix order) each action with the KKB where it is
    needed, the measure and target, and the deadline."""
    aksi = r.aksi
    liga = urutan_liga(r.kkb, r.settings or None)
    urut = {str(k): i for i, k in enumerate(liga["kkb_id"])}
    nama = dict(zip(liga["kkb_id"].astype(str), liga["nama_wilayah"].astype(str), strict=True))
    if aksi.empty or "kode_aksi" not in aksi.columns:
        return _selesai(r, BagianRekap("Daftar aksi per OPD", teks=["Belum ada aksi."]))
    from kkb_analysis.laporan import kata_aksi

    aksi = aksi.assign(kkb_id=aksi["kkb_id"].astype(str), opd=aksi["opd"].astype(str))
    aksi = aksi.loc[aksi["kkb_id"].isin(urut)]
    m = hitung_matriks(aksi, list(urut))
    isi = []
    for k in m.index:
        rows_opd = aksi.loc[aksi["opd"] == k]
        kelompok = []
        # one row per (action, measure indicator): a target never spans two indicators
        for (kode, kolom), rows in rows_opd.groupby(
            [rows_opd["kode_aksi"].astype(str), rows_opd["indikator"].astype(str)], sort=False
        ):
            rows = rows.assign(_u=rows["kkb_id"].map(urut)).sort_values("_u", kind="stable")
            kelompok.append((-len(rows), int(pd.to_numeric(rows["urutan"]).min()), kode, kolom,
                             rows))  # fmt: skip
        kelompok.sort(key=lambda t: t[:4])
        for i, (_, _, kode, kolom, rows) in enumerate(kelompok):
            pertama = rows.iloc[0].to_dict()
            isi.append(
                [
                    kata_aksi.penanggung_jawab(pertama) if i == 0 else "",
                    kata_aksi.teks_aksi(kode, r.settings or None),
                    _gabung([_nama_pendek(nama[x]) for x in dict.fromkeys(rows["kkb_id"])]),
                    f"{_ukuran(kolom, r.settings or None)}: {_target_kelompok(rows)}",
                    kata_aksi.teks_tenggat(str(rows["tenggat"].max())),
                ]
            )
    tabel = pd.DataFrame(isi, columns=["OPD", "Aksi", "Kampung KB", "Ukuran dan target", "Tenggat"])
    judul = f"Apa yang dikerjakan setiap OPD, {r.tahun + 1}"
    tabel, judul = _tenggat_sekali(tabel, judul)
    teks = [
        "Satu baris per aksi dan ukurannya; Kampung KB diurutkan menurut peringkat. Target "
        "sebuah KKB diambil "
        "dari target resmi bila ada, dari syarat naik ke tingkat berikutnya, atau dari nilai "
        "kota di luar KKB. Rincian per KKB (nilai sekarang dan sumber anggaran) ada pada laporan "
        "setiap Kampung KB."
    ]
    return _selesai(
        r,
        BagianRekap(
            "Daftar aksi per OPD",
            penutup=teks,
            tabel={judul: tabel},
            sumber_tabel={judul: sumber(f"aksi Kampung KB {r.tahun}")},
            kelas="rekap-aksi rekap-aksi-opd",
        ),
    )


def _tenggat_sekali(tabel: pd.DataFrame, judul: str) -> tuple[pd.DataFrame, str]:
    """A "Tenggat" column with one deadline for every row is said once in the title instead."""
    tenggat = {t for t in tabel.get("Tenggat", pd.Series(dtype="object")) if t}
    if len(tenggat) != 1:
        return tabel, judul
    return tabel.drop(columns=["Tenggat"]), f"{judul}, tenggat semua aksi {tenggat.pop()}"


def rekomendasi_kota(r: DataKota) -> Bagian:
    """The city's recommendations (:func:`rekomendasi`), each with owner, deadline, measure and
    target, and why it is a city matter."""
    rek = rekomendasi(r)
    if not rek:
        return _selesai(
            r,
            BagianRekap(
                "Rekomendasi untuk kota",
                teks=[
                    "Tidak ada aksi yang dibutuhkan di dua KKB atau lebih; tindak lanjut cukup "
                    "per Kampung KB (lihat daftar aksi per OPD)."
                ],
            ),
        )
    isi = []
    for i, x in enumerate(rek, start=1):
        for j, u in enumerate(x.ukuran_target):
            awal = [format_angka(i), x.aksi, x.pemilik, x.tenggat] if j == 0 else [""] * 4
            isi.append(
                [
                    *awal,
                    u.ukuran,
                    u.target,
                    f"{format_angka(len(u.kkb))} dari {format_angka(len(r.kkb))}",
                ]
            )
    tabel = pd.DataFrame(
        isi,
        columns=["No.", "Rekomendasi", "Penanggung jawab", "Tenggat", "Ukuran", "Target",
                 "Jumlah KKB"],
    )  # fmt: skip
    judul = f"Rekomendasi untuk {r.nama_kota}, tindak lanjut {r.tahun + 1}"
    tabel, judul = _tenggat_sekali(tabel, judul)
    teks = [
        f"Aksi yang dibutuhkan di {format_angka(MIN_KKB_KOTA)} Kampung KB atau lebih lebih "
        "efisien dijalankan sebagai program kota oleh OPD penanggung jawabnya, bukan satu per "
        "satu. Urutan: aksi yang dibutuhkan di lebih banyak KKB lebih dulu; tiga teratas adalah "
        "prioritas kota pada halaman pokok-pokok. Aksi yang diukur dengan indikator berbeda di "
        "KKB yang berbeda mendapat satu baris per indikator; jumlah KKB dihitung per baris. "
        "Nama Kampung KB-nya ada pada daftar aksi per OPD.",
        *[f"{i}. {x.alasan}." for i, x in enumerate(rek, start=1) if x.alasan],
    ]
    return _selesai(
        r,
        BagianRekap(
            "Rekomendasi untuk kota",
            penutup=teks,
            tabel={judul: tabel},
            sumber_tabel={judul: sumber(f"aksi Kampung KB {r.tahun}; {r.label_klasifikasi}")},
            kelas="rekap-aksi rekap-rek",
        ),
    )


def _konteks_peta() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Kelurahan centre points and kecamatan label points (mean of their kelurahan points)
    from ``referensi/titik_kelurahan.yaml`` and the names of ``referensi/wilayah.yaml``."""
    titik = (load_reference("titik_kelurahan") or {}).get("titik") or {}
    wil = load_reference("wilayah")
    kel = pd.DataFrame(
        [
            {"kode": k["kode"], "nama": k["nama"], "lat": titik[k["kode"]][0],
             "lon": titik[k["kode"]][1]}
            for k in wil["kelurahan"]
            if k["kode"] in titik
        ],
        columns=["kode", "nama", "lat", "lon"],
    )  # fmt: skip
    nama_kec = {k["kode"]: k["nama"] for k in wil["kecamatan"]}
    if kel.empty:
        return kel, pd.DataFrame(columns=["nama", "lat", "lon"])
    kec = (
        kel.assign(kec=kel["kode"].str[:8])
        .groupby("kec", sort=True)[["lat", "lon"]]
        .mean()
        .reset_index()
    )
    kec["nama"] = [nama_kec.get(k, k) for k in kec["kec"]]
    return kel, kec[["nama", "lat", "lon"]]


def peta(r: DataKota) -> Bagian:
    """Locator map: KKB points coloured by tier and labelled by name, kecamatan names at their
    centre, kelurahan centre points for context, scale bar and north arrow. No boundary lines:
    no openly licensed kelurahan or kecamatan boundaries are available offline."""
    kkb = r.kkb[["kkb_id", "nama_wilayah", "tingkat"]].copy()
    kkb["kkb_id"] = kkb["kkb_id"].astype(str)
    master = r.kkb_master.assign(kkb_id=r.kkb_master["kkb_id"].astype(str))
    titik = kkb.merge(master, on="kkb_id", how="left").rename(columns={"nama_wilayah": "nama"})
    titik["nama"] = [_nama_pendek(n) for n in titik["nama"]]
    titik["tingkat"] = [_tingkat(row) for _, row in titik.iterrows()]
    for c in ("latitude", "longitude"):
        titik[c] = pd.to_numeric(titik.get(c), errors="coerce")
    ada = titik["latitude"].notna() & titik["longitude"].notna()
    tanpa = titik.loc[~ada, "nama"].tolist()
    kel, kec = _konteks_peta()
    g = grafik_mod.peta_kkb(
        titik,
        sumber_label=f"Data KKB {r.tahun} (koordinat); {r.label_klasifikasi}",
        kotak=None,
        kelurahan=kel,
        kecamatan=kec,
        judul=f"Lokasi {format_angka(int(ada.sum()))} Kampung KB menurut tingkat, {r.tahun}",
    )
    teks = [
        "Titik berwarna = Kampung KB (warna menurut tingkat, nama di sampingnya); nama kecamatan "
        "(huruf kapital abu-abu) dicetak di dekat pusat kelurahan-kelurahannya, di tempat yang "
        "tidak menutupi titik atau nama lain; titik abu-abu kecil = pusat kelurahan. Peta "
        "ini penunjuk lokasi, bukan peta batas wilayah: batas kelurahan dan kecamatan dengan "
        "lisensi terbuka belum tersedia."
    ]
    if tanpa:
        teks.append(
            f"{format_angka(len(tanpa))} KKB belum memiliki koordinat dan tidak digambar: "
            f"{_gabung(tanpa)}."
        )
    return _selesai(r, BagianRekap("Peta lokasi", grafik=[g], penutup=teks))


def _glosarium_terpakai(teks: str) -> pd.DataFrame:
    """The glossary rows whose term appears in ``teks`` (word match), in glossary order."""
    import re

    from kkb_analysis.laporan.glosarium import singkatan

    baris = []
    for istilah, arti in GLOSARIUM.items():
        kata = singkatan(istilah) or [istilah]
        if any(re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", teks) for k in kata):
            baris.append((istilah, arti))
    return pd.DataFrame(baris, columns=["Istilah", "Arti"])


def catatan_metode(r: DataKota, teks_dokumen: str = "") -> Bagian:
    """A short method note in plain words, the pointer to the appendix of every KKB, and the
    glossary of the terms this summary uses."""
    teks = [
        f"Angka berasal dari Pendataan Keluarga ({r.pk}), penimbangan balita di posyandu "
        f"({r.eppgbm}), laporan bulanan Kampung KB ({r.kkbpk}), Profil KKB {r.tahun}, data "
        "kegiatan lintas sektor, dan data keluarga kurang mampu. Ringkasan ini tidak menghitung "
        "ulang apa pun: angkanya sama dengan laporan setiap Kampung KB.",
        f"Setiap Kampung KB dibandingkan dengan keluarga {r.nama_kota} yang tinggal di luar semua "
        "Kampung KB, agar KKB tidak dibandingkan dengan angka yang memuat dirinya sendiri. "
        '"Lebih baik" atau "lebih buruk" hanya dipakai bila selisihnya cukup besar untuk '
        'bermakna; selisih kecil disebut "setara". "Data tidak cukup" berarti datanya tidak '
        "tersedia, tidak pernah berarti nol.",
        "Definisi indikator, aturan klasifikasi, aturan aksi, pengaturan yang berlaku dan "
        "kualitas data setiap Kampung KB dijelaskan dalam dokumen lampiran masing-masing KKB.",
    ]
    if not teks_dokumen:
        teks_dokumen = "\n".join(r.teks_tampil) or _teks_dokumen(r)
    glos = _glosarium_terpakai("\n".join([teks_dokumen, *teks]))
    return _selesai(
        r,
        BagianRekap(
            "Catatan metode",
            teks=teks,
            tabel={"Istilah yang dipakai": glos} if not glos.empty else {},
        ),
    )


def kontak(r: DataKota | None = None) -> Bagian:
    """The agency's contact at the end of the summary (``dokumen.kontak`` of the settings), or
    the visible placeholder when none is set (``Dinas.kontak_cetak``, one home)."""
    dinas = identitas_dinas((r.settings if r is not None else None) or None)
    isi = "; ".join(dinas.kontak_cetak)
    nama = dinas.instansi or dinas.instansi_singkat
    teks = f"Kontak {nama}: {isi}"
    blok = f'<p class="rekap-kontak"><strong>Kontak {_h(nama)}:</strong> {_h(isi)}</p>'
    return _selesai(r, BagianRekap("Kontak", blok=[blok], teks_blok=[teks]))


def _teks_dokumen(r: DataKota) -> str:
    """The plain text of the summary's sections (for the glossary of the terms used), built
    without displaying anything."""
    from IPython import display as ipy_display

    asli = ipy_display.display
    ipy_display.display = lambda *a, **k: None  # type: ignore[assignment]
    simpan = list(r.teks_tampil)
    try:
        bagian = [
            f(r)
            for f in (pokok, tabel_peringkat, peta_panas, matriks_aksi, daftar_aksi_opd,
                      rekomendasi_kota)
        ]  # fmt: skip
    finally:
        ipy_display.display = asli  # type: ignore[assignment]
        r.teks_tampil[:] = simpan
    teks = []
    for b in bagian:
        teks.append(b.teks_gabungan)
        teks += list(b.tabel)
    return "\n".join(teks)
