"""Sections of the technical appendix (``notebooks/lampiran_kkb.ipynb``): the reference material
moved out of the short report.

Cover and contents, the identity table, the change and target tables, every per-RW table, the
area × instansi matrix and the full intervention list, the institution details, data quality
and load statistics, the method, the settings in force (technical key next to its plain meaning
and whether it is an assumption), the glossary and the sources. Method references are official
documents only; news items are never cited as a method reference.
"""

from __future__ import annotations

import re

import pandas as pd

from kkb_analysis.config import pengaturan_bawaan
from kkb_analysis.indikator.katalog import atau_bawaan
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan.bagian_evaluasi import (
    ASUMSI,
    SUMBER,
    ambil_pengaturan,
    format_pengaturan,
    isi_metodologi,
    kelembagaan_dan_proses,
    konvergensi_opd,
)
from kkb_analysis.laporan.bagian_profil import (
    CATATAN_BANDING,
    CATATAN_TARGET,
    KOLOM_RW_KEPENDUDUKAN,
    KOLOM_RW_STUNTING,
    _pk,
    _tabel_per_rw,
    _tambah_rw,
    catatan_perubahan,
    dokumen_target,
    tabel_perubahan,
    tabel_target_kkb,
)
from kkb_analysis.laporan.bagian_ringkas import SampulResmi
from kkb_analysis.laporan.dasar import (
    Bagian,
    DataLaporan,
    Sampul,
    diam,
    nilai,
    selesai,
    sumber,
)
from kkb_analysis.laporan.dinas import identitas_dinas
from kkb_analysis.laporan.format import format_angka, format_nilai, format_periode
from kkb_analysis.laporan.glosarium import tabel_glosarium

__all__ = [
    "JUDUL_LAMPIRAN",
    "SUMBER_RESMI",
    "glosarium",
    "intervensi_lengkap",
    "kelembagaan_rinci",
    "metode",
    "pengaturan_berlaku",
    "perubahan_dan_target",
    "sampul_lampiran",
    "sumber_rujukan",
    "tabel_per_rw",
    "tabel_rinci",
]

JUDUL_LAMPIRAN = "Lampiran Teknis Laporan Evaluasi Kampung Keluarga Berkualitas"

#: The source codes of :data:`SUMBER` that are official method documents (regulations, BKKBN
#: and WHO methods, official metadata, peer-reviewed papers). The others are news items or
#: secondary web pages: never listed as a method reference.
SUMBER_RESMI = frozenset({"S3", "S10", "S11", "S12", "S17", "S28", "S29", "S30", "S40"})


def sampul_lampiran(d: DataLaporan) -> Sampul:
    """A simpler cover: agency, title, KKB and place, data year, publication date."""
    dinas = identitas_dinas(d.pengaturan or None)
    baris = {
        "Kampung KB": d.nama,
        "Wilayah": f"Kelurahan {d.nama_kelurahan}, Kecamatan {nilai(d.kecamatan, 'nama_wilayah')}",
        "Tahun data": f"Tahun data {format_nilai(d.tahun, 'tahun')}",
        "Tanggal terbit": f"Diterbitkan {dinas.tanggal_terbit_teks}",
    }
    b = SampulResmi(
        JUDUL_LAMPIRAN,
        angka=baris,
        logo=dinas.logo_data_uri,
        instansi=dinas.instansi or dinas.instansi_singkat or grafik_mod.PENGOLAH,
    )
    return selesai(b)


def perubahan_dan_target(d: DataLaporan) -> Bagian:
    """The headline indicators this year and last year (with the change rule), and the official
    targets with their documents."""
    judul = "Perubahan dari tahun lalu"
    n_kecil = atau_bawaan(d.pengaturan or None)["banding"]["n_kecil"]
    catatan = " ".join(
        t for t in (catatan_perubahan(d), CATATAN_BANDING.format(n=format_angka(n_kecil))) if t
    )
    b = Bagian(
        "Perubahan dan target",
        tabel={judul: tabel_perubahan(d)},
        catatan_tabel={judul: catatan},
        sumber_tabel={
            judul: sumber(
                f"{_pk(d)}, e-PPGBM, KKBPK, Profil KKB, {d.label_kesejahteraan} "
                f"(tahun {d.tahun} dan {d.tahun - 1})"
            )
        },
    )
    target = tabel_target_kkb(d)
    if not target.empty:
        judul_t = f"Capaian terhadap target resmi, {d.tahun}"
        b.tabel[judul_t] = target
        b.catatan_tabel[judul_t] = CATATAN_TARGET
        dokumen = "; ".join(dokumen_target(d)) or "dokumen target resmi"
        b.sumber_tabel[judul_t] = sumber(f"{_pk(d)}, e-PPGBM; target: {dokumen}")
    return selesai(b)


def tabel_per_rw(d: DataLaporan) -> Bagian:
    """Every per-RW table of the KKB (small counts suppressed)."""
    pk = _pk(d)
    ep = format_periode("e-PPGBM", d.tahun)
    b = Bagian("Tabel per RW")
    rw, catatan = _tabel_per_rw(d, KOLOM_RW_KEPENDUDUKAN)
    _tambah_rw(b, "Sebaran per RW: keluarga, penduduk dan balita", rw, catatan, pk)
    rw, catatan = _tabel_per_rw(d, KOLOM_RW_STUNTING)
    judul = "Sebaran per RW: keluarga berisiko stunting dan stunting"
    _tambah_rw(b, judul, rw, catatan, f"{pk} (KRS); {ep} (stunting)")
    return selesai(b)


def tabel_rinci(d: DataLaporan) -> Bagian:
    """The detail tables the report sections moved out (:attr:`Bagian.lampiran`), in report
    order, with their sources and notes."""
    from kkb_analysis.laporan import bagian_evaluasi as ev
    from kkb_analysis.laporan import bagian_profil as pr

    b = Bagian("Tabel rinci")
    with diam():
        for fungsi in (
            pr.stunting_dan_krs,
            pr.kesejahteraan,
            pr.pendidikan_dan_remaja,
            pr.umkm_unggulan,
            ev.rekomendasi,
        ):
            asal = fungsi(d)
            for judul, df in asal.lampiran.items():
                b.tabel[judul] = df
                if judul in asal.sumber_tabel:
                    b.sumber_tabel[judul] = asal.sumber_tabel[judul]
                if judul in asal.catatan_tabel:
                    b.catatan_tabel[judul] = asal.catatan_tabel[judul]
    return selesai(b)


def intervensi_lengkap(d: DataLaporan) -> Bagian:
    """The area × instansi matrix, interventions by family function and the full list."""
    return konvergensi_opd(d, rinci=True)


def kelembagaan_rinci(d: DataLaporan) -> Bagian:
    """The full institution table and the operations with their frequency."""
    return kelembagaan_dan_proses(d, rinci=True)


def _resmi(kode: str) -> str:
    """The official references among the codes of a "Rujukan" cell ("" when none)."""
    ids = [i for i in re.findall(r"S\d+[a-z]?", kode) if i in SUMBER_RESMI]
    return ", ".join(ids)


def metode(d: DataLaporan) -> Bagian:
    """Formulas and classification rules (from :func:`lampiran_metodologi`), with official
    references only; the settings, glossary and sources are their own sections."""
    asal = isi_metodologi(d)
    tabel = {}
    for judul, df in asal.tabel.items():
        if judul in ("Asumsi yang berlaku", "Glosarium", "Sumber"):
            continue
        if "Rujukan" in df.columns:
            df = df.assign(Rujukan=[_resmi(str(v)) or "belum ada" for v in df["Rujukan"]])
        tabel[judul] = df
    teks = [_pembulatan(t) for t in asal.teks if "[asumsi]" not in t]
    teks.append(
        'Kode rujukan (S…) merujuk ke daftar Sumber di akhir lampiran; "belum ada" berarti '
        "aturannya belum memiliki dokumen resmi yang dapat dikutip, sehingga dicatat sebagai "
        "asumsi pada tabel pengaturan."
    )
    b = Bagian(
        "Metode",
        teks=teks,
        tabel=tabel,
        sumber_tabel={j: asal.sumber_tabel.get(j, "") for j in tabel},
    )
    return selesai(b)


#: Plain meaning of the rounding rules of the settings (``klasifikasi.pembulatan``).
ARTI_PEMBULATAN = {
    "half_even": "angka tepat setengah dibulatkan ke bilangan genap terdekat",
    "half_up": "angka tepat setengah dibulatkan ke atas",
}


def _pembulatan(teks: str) -> str:
    """ "aturan half_even" → the rule in words with its technical name in parentheses."""
    for nama, arti in ARTI_PEMBULATAN.items():
        teks = teks.replace(f"aturan {nama}", f"aturan: {arti} ({nama})")
    return teks


def _dasar(teks: str) -> str:
    """ "[asumsi]" → "ya"; "[sumber S40]" → "tidak (S40)"; a rule whose only source is not an
    official document is an assumption too ("ya")."""
    if "asumsi" in teks:
        return "ya"
    resmi = _resmi(teks)
    return f"tidak ({resmi})" if resmi else "ya"


def pengaturan_berlaku(d: DataLaporan) -> Bagian:
    """The settings in force: technical key, its plain meaning, the value used, whether it was
    changed from the default and whether it is an assumption."""
    settings = d.pengaturan or {}
    baku = pengaturan_bawaan()
    baris = []
    for kunci, arti, dasar in ASUMSI:
        try:
            v = ambil_pengaturan(settings, kunci)
        except KeyError:
            v = ambil_pengaturan(baku, kunci)
        b = ambil_pengaturan(baku, kunci)
        diubah = "tidak" if v == b else f"ya (baku: {format_pengaturan(b)})"
        baris.append((arti, kunci, format_pengaturan(v), diubah, _dasar(dasar)))
    df = pd.DataFrame(
        baris,
        columns=["Yang diatur", "Nama teknis", "Nilai dipakai", "Diubah", "Asumsi"],
    )
    n_asumsi = int(df["Asumsi"].str.startswith("ya").sum())
    teks = [
        f"Tabel ini memuat {format_angka(len(df))} aturan pengolahan yang dapat diatur Dinas. "
        f"{format_angka(n_asumsi)} di antaranya adalah asumsi: pilihan yang masuk akal tetapi "
        "belum ditetapkan dalam dokumen resmi, sehingga menunggu konfirmasi Dinas atau BKKBN. "
        "Nama teknis adalah nama aturan di berkas pengaturan, untuk analis yang ingin "
        'mengubahnya. Kolom Asumsi: "ya" berarti menunggu konfirmasi; "tidak (S…)" '
        "berarti ditetapkan oleh dokumen resmi pada daftar Sumber."
    ]
    judul = "Pengaturan yang berlaku"
    return selesai(
        Bagian(
            judul,
            teks=teks,
            tabel={judul: df},
            sumber_tabel={judul: sumber(f"pengaturan analisis yang berlaku (data {d.tahun})")},
        )
    )


def glosarium(d: DataLaporan) -> Bagian:
    """The glossary (``referensi/glosarium.yaml``)."""
    return selesai(Bagian("Glosarium", tabel={"Glosarium": tabel_glosarium()}))


def sumber_rujukan(d: DataLaporan) -> Bagian:
    """The official method references; targets keep their own documents (target register)."""
    resmi = sorted(SUMBER_RESMI & set(SUMBER), key=lambda s: int(re.sub(r"\D", "", s)))
    df = pd.DataFrame([(i, SUMBER[i]) for i in resmi], columns=["Kode", "Sumber"])
    teks = [
        "Rujukan metode di bawah adalah dokumen resmi: peraturan, metode dan metadata BKKBN, "
        "standar WHO dan terbitan ilmiah. Target resmi disertai dokumen penetapnya pada tabel "
        "target."
    ]
    dokumen = dokumen_target(d)
    if dokumen:
        teks.append(f"Dokumen target yang dipakai: {'; '.join(dokumen)}.")
    return selesai(Bagian("Sumber", teks=teks, tabel={"Rujukan metode": df}))
