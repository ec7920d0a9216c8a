"""The front matter of the short KKB report: official cover, foreword, table of contents and the
one-page executive summary.

The summary says, in plain language, where the KKB stands (tier, change, rank among the city's
KKB) and gives three to five main points: what improved, what must be fixed (judged against the
city outside every KKB by the comparison rule), stunting in consistent words, the official
targets, and who must act. Every number is formatted by :mod:`kkb_analysis.laporan.format`,
every comparison is :func:`kkb_analysis.laporan.narasi.banding_wilayah` in the words of
:mod:`kkb_analysis.laporan.kata_banding`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kkb_analysis.indikator.banding import Kode, Konteks
from kkb_analysis.indikator.katalog import katalog
from kkb_analysis.indikator.target import StatusTarget
from kkb_analysis.laporan import grafik as grafik_mod
from kkb_analysis.laporan import kata_aksi, narasi
from kkb_analysis.laporan.dasar import (
    DAFTAR_ISI,
    Bagian,
    DataLaporan,
    Sampul,
    f,
    nilai,
    selesai,
    sumber,
    tabel_html,
)
from kkb_analysis.laporan.dinas import Dinas, identitas_dinas
from kkb_analysis.laporan.format import (
    DATA_TIDAK_CUKUP,
    format_angka,
    format_nilai,
    format_selisih,
)
from kkb_analysis.laporan.kata_banding import kata_banding
from kkb_analysis.laporan.opd import SINGKAT
from kkb_analysis.nama import teks_tampil

__all__ = [
    "JUDUL_LAPORAN",
    "MAKS_POKOK",
    "daftar_isi",
    "judul_temuan",
    "kata_pengantar",
    "pokok_pokok",
    "ringkasan_eksekutif",
    "sampul",
]

JUDUL_LAPORAN = "Laporan Evaluasi Kampung Keluarga Berkualitas"

#: At most this many main points in the executive summary.
MAKS_POKOK = 5

#: Page break after a front-matter block (cover, foreword, contents, summary).
_PUTUS = ' style="break-after: page; page-break-after: always"'


def _e(teks: Any) -> str:
    return html.escape(teks_tampil(teks))


# -------------------------------------------------------------------------------------- cover
def _baris_sampul(d: DataLaporan, dinas: Dinas) -> dict[str, str]:
    tingkat = format_nilai(nilai(d.kkb, "tingkat"), "tingkat")
    kota = dinas.kota or ("Kota Cilegon" if d.kota is None else str(d.kota["nama_wilayah"]))
    return {
        "Kampung KB": d.nama,
        "Wilayah": f"Kelurahan {d.nama_kelurahan}, Kecamatan {nilai(d.kecamatan, 'nama_wilayah')}",
        "Kota": kota,
        "Tahun data": f"Tahun data {format_nilai(d.tahun, 'tahun')}",
        "Tingkat klasifikasi": f"Tingkat klasifikasi: {tingkat}",
        "Dinas": dinas.instansi or dinas.instansi_singkat or grafik_mod.PENGOLAH,
        "Bidang": dinas.bidang,
        "Tanggal terbit": f"Diterbitkan {dinas.tanggal_terbit_teks}",
    }


@dataclass
class SampulResmi(Sampul):
    """The official cover: logo (when configured) and agency above the title, then the KKB, its
    place, data year, tier badge and publication date. No identity table."""

    logo: str | None = None
    instansi: str = ""

    @property
    def html(self) -> str:
        atas = []
        if self.logo:
            atas.append(
                f'<img class="sampul-logo" src="{_e(self.logo)}" alt="Logo {_e(self.instansi)}" '
                'style="max-height:28mm;width:auto">'
            )
        if self.instansi:
            atas.append(f'<p class="sampul-instansi">{_e(self.instansi)}</p>')
        badan = super().html.split("\n", 1)[1]  # after '<section class="sampul">'
        return '<section class="sampul">\n' + "\n".join(atas) + "\n" + badan


def sampul(d: DataLaporan) -> Sampul:
    """Cover page: agency (and logo), title, KKB, kelurahan/kecamatan, data year, tier badge,
    publication date."""
    dinas = identitas_dinas(d.pengaturan or None)
    baris = _baris_sampul(d, dinas)
    tingkat = format_nilai(nilai(d.kkb, "tingkat"), "tingkat")
    b = SampulResmi(
        JUDUL_LAPORAN,
        angka={k: v for k, v in baris.items() if v and k not in ("Dinas",)},
        warna_tingkat=grafik_mod.WARNA_TINGKAT.get(tingkat, ""),
        logo=dinas.logo_data_uri,
        instansi=baris["Dinas"],
    )
    return selesai(b)


# ----------------------------------------------------------------------------------- foreword
@dataclass
class KataPengantar(Bagian):
    """The foreword: paragraphs and the signature block (place/date, title, name, NIP)."""

    tanda_tangan: list[str] = field(default_factory=list)

    @property
    def html(self) -> str:
        paragraf = "\n".join(f"<p>{_e(t)}</p>" for t in self.teks)
        ttd = "<br>".join(_e(t) for t in self.tanda_tangan)
        return (
            f'<section class="kata-pengantar"{_PUTUS}>\n{paragraf}\n'
            f'<p class="tanda-tangan" style="margin-left:55%;margin-top:2em">{ttd}</p>\n'
            "</section>"
        )

    def _potongan(self) -> list[tuple[str, Any]]:
        return [("html", self.html)]


def kata_pengantar(d: DataLaporan) -> KataPengantar:
    """A few sentences: purpose, data year, thanks to Pokja KKB and OPD; signed with place and
    date, title, name and NIP of :func:`identitas_dinas` (visible placeholders when unset)."""
    dinas = identitas_dinas(d.pengaturan or None)
    instansi = dinas.instansi or dinas.instansi_singkat or grafik_mod.PENGOLAH
    tahun = format_nilai(d.tahun, "tahun")
    teks = [
        f"Laporan ini menyajikan hasil evaluasi {d.nama}, Kelurahan {d.nama_kelurahan}, untuk "
        f"tahun data {tahun}. Tujuannya memberi gambaran singkat tentang capaian kampung, hal "
        "yang perlu diperbaiki, dan siapa yang perlu bertindak, sebagai bahan perencanaan dan "
        "pembinaan Kampung KB tahun berikutnya.",
        "Angka dalam laporan ini diolah dari Pendataan Keluarga, laporan bulanan Kampung KB, "
        "data penimbangan balita, data kesejahteraan dan data intervensi lintas sektor. Tabel "
        "rinci, metode dan daftar istilah disajikan dalam lampiran terpisah.",
        "Terima kasih kami sampaikan kepada Pokja Kampung KB, kader, PKB/PLKB, serta perangkat "
        "daerah dan mitra yang telah mendata dan melaksanakan kegiatan di kampung ini. Semoga "
        "laporan ini bermanfaat.",
        # the contact lines, or their visible placeholder when unset (review 5)
        f"Pertanyaan dan masukan tentang laporan ini dapat disampaikan kepada "
        f"{dinas.instansi_singkat or instansi}: {'; '.join(dinas.kontak_cetak)}.",
    ]
    tempat = dinas.kota.removeprefix("Kota ").strip() or "Cilegon"
    tanda = [
        f"{tempat}, {dinas.tanggal_terbit_teks}",
        dinas.penandatangan_jabatan or f"Kepala {instansi}",
        "",
        "",
        dinas.penandatangan_nama,
        f"NIP {dinas.penandatangan_nip}",
    ]
    b = KataPengantar("Kata pengantar", teks=teks, tanda_tangan=tanda)
    return selesai(b)


# --------------------------------------------------------------------------- table of contents
def daftar_isi(d: DataLaporan | None = None) -> Bagian:
    """The table of contents: a title and the placeholder the exporter fills from the headings
    (page numbers in the PDF); a page break after it."""

    @dataclass
    class _Isi(Bagian):
        @property
        def html(self) -> str:
            return (
                f'<div class="blok-daftar-isi"{_PUTUS}>\n'
                '<p class="judul-daftar-isi"><strong>Daftar isi</strong></p>\n'
                f"{DAFTAR_ISI}\n</div>"
            )

        def _potongan(self) -> list[tuple[str, Any]]:
            return [("html", self.html)]

    return selesai(_Isi("Daftar isi"))


# ------------------------------------------------------------------------- finding in words
def _selisih_teks(kkb: float, banding: float, kolom: str) -> str:
    """ "2,1 poin persen" / "0,85 poin" — the printed difference (catalogue decimals and unit,
    :func:`format.format_selisih`)."""
    e = katalog().get(kolom)
    return format_selisih(abs(kkb - banding), e.satuan, e.desimal)


def judul_temuan(d: DataLaporan, kolom: str, label: str | None = None) -> str:
    """A chart or table title that states the finding against the city outside every KKB:
    "CPR Kampung KB X 2,1 poin persen di bawah kota di luar KKB", "… setara dengan kota di luar
    KKB"; the label alone when a value is missing."""
    e = katalog().get(kolom)
    label = label or e.judul_pendek(d.pengaturan or None)
    luar = d.kota_luar
    v, w = nilai(d.kkb, kolom), nilai(luar, kolom)
    if pd.isna(v) or pd.isna(w):
        return f"{label} {d.nama}"
    kode = narasi.banding_wilayah(d.kkb, luar, kolom, d.pengaturan or None).kode
    if kode in (Kode.SETARA, Kode.TETAP):
        return f"{label} {d.nama} setara dengan kota di luar KKB"
    arah = "di atas" if float(v) > float(w) else "di bawah"
    return f"{label} {d.nama} {_selisih_teks(float(v), float(w), kolom)} {arah} kota di luar KKB"


# ------------------------------------------------------------------------ executive summary
def _peringkat(d: DataLaporan) -> tuple[int, int] | None:
    """(rank, number of KKB) by the city summary's league rule (tier, ranking score)."""
    from kkb_analysis.laporan.rekap import urutan_liga

    w = d.wilayah
    kkb = w.loc[w["jenis_wilayah"].astype("string").eq("kkb").fillna(False).to_numpy(bool)]
    if kkb.empty:
        return None
    liga = urutan_liga(kkb, d.pengaturan or None)
    cocok = liga.loc[liga["wilayah_id"].astype("string") == d.wilayah_id, "peringkat"]
    return None if cocok.empty else (int(cocok.iloc[0]), len(liga))


def kalimat_posisi(d: DataLaporan) -> str:
    """Tier, change from last year and rank among the city's KKB in one sentence."""
    tingkat = format_nilai(nilai(d.kkb, "tingkat"), "tingkat")
    lalu = nilai(d.kkb, "tingkat_sebelumnya")
    urut = narasi.URUTAN_TINGKAT
    if isinstance(lalu, str) and lalu == "belum_kkb":
        gerak = "KKB baru tahun ini"
    elif isinstance(lalu, str) and lalu in urut and tingkat in urut:
        if urut[tingkat] > urut[lalu]:
            gerak = f"naik dari {lalu}"
        elif urut[tingkat] < urut[lalu]:
            gerak = f"turun dari {lalu}"
        else:
            gerak = "sama dengan tahun lalu"
    else:
        gerak = "perubahan dari tahun lalu tidak dapat dinilai"
    if tingkat not in urut:
        awal = f"Tingkat klasifikasi {d.nama}: {DATA_TIDAK_CUKUP}"
    else:
        awal = f"{d.nama} berada pada tingkat {tingkat} ({gerak})"
    rank = _peringkat(d)
    kota = "Kota Cilegon" if d.kota is None else str(d.kota["nama_wilayah"])
    if rank is None:
        return f"{awal}."
    return f"{awal}, peringkat {rank[0]} dari {rank[1]} Kampung KB di {kota}."


def _perubahan(d: DataLaporan) -> pd.DataFrame:
    pe = d.tabel.get("out_perubahan", pd.DataFrame())
    if "wilayah_id" not in pe.columns:
        return pe
    return pe.loc[pe["wilayah_id"].astype("string") == d.wilayah_id]


def _label(d: DataLaporan, kolom: str) -> str:
    return katalog().get(kolom).judul_pendek(d.pengaturan or None)


def _fmt(kolom: str, v: Any) -> str:
    return (
        narasi.format_indikator(v, narasi.INDIKATOR[kolom])
        if kolom in narasi.INDIKATOR
        else (format_nilai(v, kolom))
    )


def _daftar(items: list[str]) -> str:
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def pesan_kkb(d: DataLaporan) -> list[str]:
    """What improved, what is furthest behind and what worsened: the SAME selection and the same
    sentences as the profile's main points (:func:`kkb_analysis.laporan.profil.pilih_pesan`,
    the one home of that rule), so profil and laporan never give two answers."""
    from kkb_analysis.laporan import profil

    baris = profil.baris_indikator(d)
    pesan = profil.pilih_pesan(
        baris,
        d.tahun,
        profil._tingkat(nilai(d.kkb, "tingkat")),
        profil._tingkat(nilai(d.kkb, "tingkat_sebelumnya")),
    )
    return [f"{p.judul}: {p.kalimat}" for p in pesan]


def isu_kkb(d: DataLaporan, n: int = 3) -> list[dict[str, Any]]:
    """The KKB's main issues against the city outside every KKB (:func:`narasi.isu_utama`)."""
    return narasi.isu_utama(d.wilayah, d.kkb_id, n=n, pengaturan=d.pengaturan or None, kota="luar")


def _pokok_perbaiki(d: DataLaporan, isu: list[dict[str, Any]]) -> str:
    isi = [
        f"{_label(d, i['indikator'])} {_fmt(i['indikator'], i['nilai_kkb'])} "
        f"(kota di luar KKB {_fmt(i['indikator'], i['nilai_kota'])})"
        for i in isu
        if i["indikator"] != "stunting_pct"
    ]
    if not isi:
        return (
            "Tidak ada indikator utama yang lebih buruk bermakna daripada kota di luar KKB; "
            "yang perlu dijaga adalah capaian yang sudah ada."
        )
    return f"Perlu diperbaiki karena lebih buruk daripada kota di luar KKB: {_daftar(isi)}."


def kalimat_stunting_ringkas(d: DataLaporan) -> str:
    """Stunting in consistent words: the WHO–UNICEF category of the prevalence AND its
    comparison with the city outside every KKB; a low category that is still meaningfully
    higher than the city says both, so it is not presented as a contradiction."""
    k = d.kkb
    v = nilai(k, "stunting_pct")
    n = f(k, "n_balita_diukur")
    if pd.isna(v):
        return f"Prevalensi stunting balita: {DATA_TIDAK_CUKUP} (n = {n} balita diukur)."
    kat = format_nilai(nilai(k, "stunting_kategori"), "stunting_kategori")
    luar = d.kota_luar
    kode = narasi.banding_wilayah(k, luar, "stunting_pct", d.pengaturan or None).kode
    teks_luar = f(luar, "stunting_pct")
    awal = (
        f"Prevalensi stunting balita {f(k, 'stunting_pct')} dari {n} balita yang diukur, "
        f"kategori {kat} menurut ambang WHO–UNICEF"
    )
    if kode == Kode.LEBIH_BURUK and kat in ("rendah", "sangat rendah"):
        return (
            f"{awal}, tetapi lebih tinggi bermakna daripada kota di luar KKB ({teks_luar}); "
            f"karena itu stunting tetap perlu ditangani meski kategorinya {kat}."
        )
    if kode == Kode.LEBIH_BURUK:  # "meski" only contrasts with a low category
        return (
            f"{awal} dan lebih tinggi bermakna daripada kota di luar KKB ({teks_luar}); "
            "stunting perlu ditangani."
        )
    if kode == Kode.LEBIH_BAIK:
        return f"{awal}, lebih rendah daripada kota di luar KKB ({teks_luar})."
    return f"{awal}, setara dengan kota di luar KKB ({teks_luar})."


def _pokok_target(d: DataLaporan) -> str:
    """How many official targets apply, how many can be judged (same data source) and how many
    of those are met / not met; the others are indicative references only."""
    tg = d.tabel.get("out_target", pd.DataFrame())
    if "wilayah_id" not in tg.columns:
        return ""
    tg = tg.loc[tg["wilayah_id"].astype("string") == d.wilayah_id].drop_duplicates("indikator")
    if tg.empty:
        return ""
    status = tg["status_target"].astype("string")
    capai = tg.loc[status == StatusTarget.TERCAPAI.value]
    belum = tg.loc[status == StatusTarget.BELUM_TERCAPAI.value]
    nilai_ = len(capai) + len(belum)
    n = len(tg)

    def daftar(rows: pd.DataFrame, dengan_target: bool) -> str:
        isi = []
        for r in rows.to_dict("records"):
            k = str(r["indikator"])
            teks = _label_penuh(d, k)
            if dengan_target:
                teks += f" {_fmt(k, r['nilai'])} (target {_fmt(k, r['nilai_target'])})"
            isi.append(teks)
        return _daftar(isi)

    kalimat = f"Target resmi: {format_angka(n)} target berlaku"
    if nilai_ == 0:
        kalimat += ", tetapi tidak ada yang dapat dinilai karena sumber datanya berbeda"
    else:
        kalimat += f", {format_angka(nilai_)} dapat dinilai dengan sumber data yang sama"
        bagian = []
        if len(capai):
            bagian.append(f"{format_angka(len(capai))} tercapai ({daftar(capai, False)})")
        if len(belum):
            bagian.append(f"{format_angka(len(belum))} belum tercapai ({daftar(belum, True)})")
        kalimat += ": " + "; ".join(bagian)
        lain = n - nilai_
        if lain:
            kalimat += (
                f"; {format_angka(lain)} lainnya hanya acuan indikatif karena sumber datanya "
                "berbeda"
            )
    return kalimat + "."


def _label_penuh(d: DataLaporan, kolom: str) -> str:
    e = katalog().get(kolom)
    return e.judul(d.pengaturan or None)


def _aksi(d: DataLaporan) -> pd.DataFrame:
    """The KKB's actions of ``out_aksi`` in priority order (empty when none)."""
    aksi = d.tabel.get("out_aksi", pd.DataFrame())
    if aksi.empty or "kkb_id" not in aksi.columns:
        return pd.DataFrame()
    aksi = aksi.loc[aksi["kkb_id"].astype("string") == d.kkb_id]
    return aksi.sort_values("urutan", kind="stable")


def _pokok_pelaku(d: DataLaporan) -> str:
    """Who must act: the owners of the first three actions (``out_aksi``) and the deadline."""
    aksi = _aksi(d).head(3)
    if aksi.empty:
        return ""
    pelaku = list(dict.fromkeys(SINGKAT[str(o)] for o in aksi["opd"]))
    tenggat = kata_aksi.teks_tenggat(aksi.iloc[0].to_dict())
    return (
        f"Yang perlu bertindak lebih dulu: {_daftar(pelaku)}, bersama Pokja Kampung KB, paling "
        f"lambat {tenggat}; langkah dan targetnya ada di bagian Rekomendasi."
    )


#: Follow-up status → words of the count sentence, in print order.
KATA_HITUNG_STATUS = {
    "tercapai": "tercapai",
    "membaik": "membaik",
    "tetap": "tidak berubah",
    "memburuk": "memburuk",
    "tidak_dapat_dinilai": "belum dapat dinilai",
}


def kalimat_tindak_lanjut_ringkas(tahun_lalu: int, status: list[str]) -> str:
    """ "Dari 5 rekomendasi tahun 2022: 3 tercapai, 1 tidak berubah dan 1 memburuk." — every
    status counted, zero counts left out."""
    hitung = [
        f"{format_angka(status.count(k))} {kata}"
        for k, kata in KATA_HITUNG_STATUS.items()
        if status.count(k)
    ]
    return (
        f"Dari {format_angka(len(status))} rekomendasi tahun {tahun_lalu}: {_daftar_dan(hitung)}."
    )


def _daftar_dan(items: list[str]) -> str:
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def _pokok_tindak_lanjut(d: DataLaporan) -> str:
    """Last year's actions (``out_tindak_lanjut``): how many of each status."""
    tl = d.tabel.get("out_tindak_lanjut", pd.DataFrame())
    if tl.empty or "kkb_id" not in tl.columns:
        return ""
    tl = tl.loc[tl["kkb_id"].astype("string") == d.kkb_id]
    if tl.empty:
        return ""
    status = [str(x) for x in tl["status_tindak_lanjut"].astype("string")]
    return kalimat_tindak_lanjut_ringkas(d.tahun - 1, status)


def pokok_pokok(d: DataLaporan) -> list[str]:
    """The main points of the executive summary, in reading order: the profile's three main
    points (:func:`pesan_kkb`), stunting, targets and last year's follow-up, who must act."""
    target = " ".join(t for t in (_pokok_target(d), _pokok_tindak_lanjut(d)) if t)
    # one page: the profile's three main points word for word, targets and follow-up, who
    # must act; the stunting sentence only when a point is free (stunting is in Tabel 1 and
    # has its own section)
    pokok = [p for p in (*pesan_kkb(d), target, _pokok_pelaku(d)) if p]
    stunting = kalimat_stunting_ringkas(d)
    if stunting and len(pokok) < MAKS_POKOK:
        pokok.insert(len(pokok) - 2 if len(pokok) >= 2 else len(pokok), stunting)
    return pokok[:MAKS_POKOK]


def tabel_ringkas(d: DataLaporan) -> pd.DataFrame:
    """The headline indicators: this year, last year, the city outside every KKB and the
    comparison in words."""
    pe = _perubahan(d)
    pe = pe.set_index(pe["indikator"].astype(str)) if "indikator" in pe.columns else pe
    luar = d.kota_luar
    baris = []
    for kolom in katalog().kolom_daftar("utama"):
        if kolom not in d.wilayah.columns:
            continue
        r = pe.loc[kolom] if kolom in pe.index else pd.Series(dtype=object)
        kode = narasi.banding_wilayah(d.kkb, luar, kolom, d.pengaturan or None).kode
        baris.append(
            {
                "Indikator": _label(d, kolom),
                str(d.tahun): _fmt(kolom, nilai(d.kkb, kolom)),
                str(d.tahun - 1): _fmt(kolom, r.get("nilai_sebelumnya", pd.NA)),
                "Kota di luar KKB": _fmt(kolom, nilai(luar, kolom)),
                "Dibanding kota di luar KKB": kata_banding(kode, Konteks.WILAYAH),
            }
        )
    return pd.DataFrame(baris)


@dataclass
class Ringkasan(Bagian):
    """The one-page executive summary: position sentence, main points as a numbered list, one
    table; one block with a page break after it."""

    @property
    def html(self) -> str:
        posisi, *pokok = self.teks
        butir = "\n".join(f"<li>{_e(p)}</li>" for p in pokok)
        tabel = [
            tabel_html(
                df, judul, self.sumber_tabel.get(judul, ""), self.catatan_tabel.get(judul, "")
            )
            for judul, df in self.tabel.items()
        ]
        return (
            f'<div class="ringkasan-eksekutif"{_PUTUS}>\n'
            f'<p class="posisi"><strong>{_e(posisi)}</strong></p>\n'
            "<p><strong>Pokok-pokok</strong></p>\n"
            f'<ol class="pokok">\n{butir}\n</ol>\n' + "\n".join(tabel) + "\n</div>"
        )

    def _potongan(self) -> list[tuple[str, Any]]:
        return [("html", self.html)]


def ringkasan_eksekutif(d: DataLaporan) -> Bagian:
    """One page: tier with change and rank, 3–5 main points, the headline indicator table."""
    teks = [kalimat_posisi(d), *pokok_pokok(d)]
    judul = "Indikator utama dibanding tahun lalu dan kota di luar KKB"
    b = Ringkasan(
        "Ringkasan eksekutif",
        teks=teks,
        tabel={judul: tabel_ringkas(d)},
        sumber_tabel={
            judul: sumber(
                f"PK {d.tahun} dan {d.tahun - 1}, e-PPGBM, laporan bulanan Kampung KB, "
                f"{d.label_kesejahteraan}"
            )
        },
        catatan_tabel={
            judul: "Setara: selisihnya terlalu kecil untuk disebut berbeda menurut aturan "
            "perbandingan (lihat lampiran)."
        },
    )
    return selesai(b)
